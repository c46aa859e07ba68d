//! Names counted as records pass, for the report's most frequent ones: unmatched places,
//! the other values of a filtered column. Counting is measuring's; the report shows the result.

use std::collections::HashMap;

use serde::Serialize;

/// How many names the report lists among the most frequent unmatched ones.
const UNMATCHED_SHOWN: usize = 10;

/// A name and how often it was seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NameCount {
    /// The name, trimmed and in NFKC.
    pub name: String,
    /// How many records.
    pub count: u64,
}

/// Counts names, to report the most frequent.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameCounter {
    counts: HashMap<String, u64>,
}

impl NameCounter {
    pub(crate) fn add(&mut self, name: &str) {
        match self.counts.get_mut(name) {
            Some(count) => *count += 1,
            None => {
                self.counts.insert(name.to_owned(), 1);
            }
        }
    }

    /// How many times `name` was counted.
    pub(crate) fn count(&self, name: &str) -> u64 {
        self.counts.get(name).copied().unwrap_or(0)
    }

    /// Adds the counts of `other`.
    pub(crate) fn absorb(&mut self, other: NameCounter) {
        for (name, count) in other.counts {
            *self.counts.entry(name).or_default() += count;
        }
    }

    /// Counts `name` once more, or once fewer.
    pub(crate) fn step(&mut self, name: &str, delta: super::Delta) {
        match delta {
            super::Delta::Add => self.add(name),
            super::Delta::Remove => self.remove(name),
        }
    }

    pub(crate) fn remove(&mut self, name: &str) {
        if let Some(count) = self.counts.get_mut(name) {
            *count -= 1;
            if *count == 0 {
                self.counts.remove(name);
            }
        }
    }

    /// The `limit` most frequent names (all with `None`), most frequent first, then by name.
    pub(crate) fn most_frequent(&self, limit: Option<usize>) -> Vec<NameCount> {
        let mut names: Vec<NameCount> = self
            .counts
            .iter()
            .map(|(name, &count)| NameCount {
                name: name.clone(),
                count,
            })
            .collect();
        names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        names.truncate(limit.unwrap_or(usize::MAX));
        names
    }

    /// The most frequent names as the report shows them.
    pub(crate) fn shown(&self) -> Vec<NameCount> {
        self.most_frequent(Some(UNMATCHED_SHOWN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_frequent_names_first_then_by_name() {
        let mut counter = NameCounter::default();
        for name in ["b", "a", "c", "c", "b", "c"] {
            counter.add(name);
        }
        let names: Vec<(String, u64)> = counter
            .most_frequent(Some(2))
            .into_iter()
            .map(|n| (n.name, n.count))
            .collect();
        assert_eq!(names, [("c".to_owned(), 3), ("b".to_owned(), 2)]);
    }
}
