//! The second reading of a file: for the ids whose copies differ and whose counted copy is not
//! the canonical one, or whose repeats came too long after their first copy to compare them,
//! which copy to take back and which to count.
//!
//! The reading itself (rows, places, totals) is the pipeline's; this is what it decides, row
//! by row, from the id and fingerprint of each copy, in file order.

use std::collections::{HashMap, HashSet};

use super::{Id, Repeats, Settle};

/// What to do with one copy on the second reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Settled {
    /// It was counted on the first reading and is not the canonical copy: take it back.
    TakeBack,
    /// It is the canonical copy and was not counted: count it.
    Count,
}

/// The decisions of a second reading.
#[derive(Debug)]
pub(crate) struct Settler {
    settle: HashMap<Id, Settle>,
    /// Per id met: the fingerprint of its first copy (counted on the first reading) and of the
    /// canonical one.
    settled: HashMap<Id, (u32, u32)>,
    /// Ids whose canonical copy was counted on this reading.
    counted: HashSet<Id>,
    /// Later copies that differ from the first, compared on this reading.
    differing: u64,
}

impl Settler {
    /// The second reading `repeats` needs, if any (what it takes is then final).
    pub(crate) fn new(repeats: &mut Repeats) -> Option<Settler> {
        let settle = repeats.take_unsettled();
        (!settle.is_empty()).then(|| Settler {
            settle,
            settled: HashMap::new(),
            counted: HashSet::new(),
            differing: 0,
        })
    }

    /// The copy of `id` with `fingerprint`, the next in the file.
    pub(crate) fn copy(&mut self, id: Id, fingerprint: u32) -> Option<Settled> {
        let rule = *self.settle.get(&id)?;
        let Some(&(first, canonical)) = self.settled.get(&id) else {
            // The first copy in the file: the one the first reading counted.
            let canonical = match rule {
                Settle::Swap { canonical, .. } => canonical,
                Settle::Compare { lowest } => lowest.min(fingerprint),
            };
            self.settled.insert(id, (fingerprint, canonical));
            return (canonical != fingerprint).then_some(Settled::TakeBack);
        };
        // A later copy: compared here when the first reading could not.
        if matches!(rule, Settle::Compare { .. }) && fingerprint != first {
            self.differing += 1;
        }
        (fingerprint == canonical && canonical != first && self.counted.insert(id))
            .then_some(Settled::Count)
    }

    /// Tells `repeats` what this reading found.
    pub(crate) fn finish(self, repeats: &mut Repeats) {
        repeats.add_differing(self.differing);
        for (id, (_, canonical)) in self.settled {
            repeats.swapped(id, canonical);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lowest_copy_counts_and_the_first_is_taken_back() {
        let mut repeats = Repeats::default();
        repeats.forget_old_fingerprints();
        for fingerprint in [30, 20, 20, 40] {
            repeats.first(Id::new("G7"), fingerprint);
        }
        let mut settler = Settler::new(&mut repeats).unwrap();
        let decisions: Vec<Option<Settled>> = [30, 20, 20, 40]
            .into_iter()
            .map(|fingerprint| settler.copy(Id::new("G7"), fingerprint))
            .collect();
        assert_eq!(
            decisions,
            [Some(Settled::TakeBack), Some(Settled::Count), None, None]
        );
        assert_eq!(settler.copy(Id::new("G8"), 1), None);
        settler.finish(&mut repeats);
        assert!(Settler::new(&mut repeats).is_none());
    }
}
