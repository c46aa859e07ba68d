//! `where` and `of` filters: which records an indicator counts.
//!
//! A source's filters are compiled together ([`Conditions`]): each column any condition
//! reads is normalized and matched once per record, against every value any condition
//! accepts in it, however many indicators filter on it; and each distinct filter is tested once
//! per record, however many feeds, boards and coverage counts ask for it: all of them at once,
//! as bits, from a table per column of the tests each of its values lets pass.

use std::borrow::Cow;

use super::MatchMemo;
use super::match_memo::NOT_FOUND;
use crate::name::normalize;

/// All conditions must hold; a condition holds when the record's column, after trim + NFKC,
/// equals one of the listed values (also compared after trim + NFKC). The empty filter passes
/// every record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    conditions: Vec<Condition>,
}

/// One column and the values it may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Condition {
    /// The column as the spec names it: a canonical name or a header.
    pub(crate) column: String,
    /// The accepted values, normalized.
    pub(crate) values: Vec<String>,
}

impl Filter {
    /// Adds the condition that `column` takes one of `values`.
    pub(crate) fn require(&mut self, column: &str, values: Vec<String>) {
        let values = values
            .iter()
            .map(|value| normalize(value).into_owned())
            .collect();
        self.conditions.push(Condition {
            column: column.to_owned(),
            values,
        });
    }

    /// The conditions, in the order of their columns.
    pub(crate) fn conditions(&self) -> &[Condition] {
        &self.conditions
    }
}

/// The columns a source's filters read, with the values they accept.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    /// Per filtered column: the column (as the caller numbers it) and the distinct values,
    /// normalized, that some condition accepts in it.
    columns: Vec<(usize, Vec<String>)>,
    /// The distinct tests compiled, by their conditions: a filter written again (the same
    /// `where` on several indicators of a board) is the same test, tested once per record.
    tests: Vec<Vec<(usize, Vec<u32>)>>,
    /// Per filtered column, per accepted value and then for none of them: as bits, the
    /// tests (the first [`TESTS_REMEMBERED`] by id) that a record holding it there may pass,
    /// those without a condition on the column included. A record passes the tests in all
    /// of its columns' sets: a few `and`s for every test at once.
    accepting: Vec<Vec<u64>>,
}

/// A filter compiled into [`Conditions`]: every condition must hold.
#[derive(Debug)]
pub(crate) struct Test {
    /// Per condition: its filtered column and the indexes of the values it accepts there.
    conditions: Vec<(usize, Vec<u32>)>,
    /// Which of its [`Conditions`]' distinct tests it is: the same for the same conditions.
    id: usize,
}

/// What one record's filtered columns hold, each matched when first asked for.
pub(crate) struct Matches<'c, F> {
    conditions: &'c Conditions,
    field: F,
    /// Per filtered column (the first [`REMEMBERED`]): [`NOT_YET`], [`NO_VALUE`] or the
    /// index of the value the field matched.
    matched: [u32; REMEMBERED],
    /// The tests (by id, the first [`TESTS_REMEMBERED`]) the record passes, once any of them
    /// is asked for.
    passed: Option<u64>,
    /// What the texts met lately in the filtered columns matched, when the record's reader
    /// keeps them.
    memo: Option<&'c MatchMemo>,
}

/// How many distinct tests' results a record remembers; further ones (a source filtered in
/// more than 64 different ways) are tested each time they are asked for.
const TESTS_REMEMBERED: usize = 64;

/// How many filtered columns' matches a record remembers; further ones (a spec would need
/// that many filtered columns in one source) are matched each time they are asked for.
const REMEMBERED: usize = 8;
const NOT_YET: u32 = u32::MAX;
/// The field is none of the values accepted in its column.
const NO_VALUE: u32 = u32::MAX - 1;

impl Conditions {
    /// Compiles `filter`, whose conditions read columns `columns` (in the order of its
    /// conditions).
    pub(crate) fn compile(&mut self, filter: &Filter, columns: &[usize]) -> Test {
        let conditions: Vec<(usize, Vec<u32>)> = filter
            .conditions
            .iter()
            .zip(columns)
            .map(|(condition, &column)| {
                let slot = self
                    .columns
                    .iter()
                    .position(|(known, _)| *known == column)
                    .unwrap_or_else(|| {
                        self.columns.push((column, Vec::new()));
                        self.columns.len() - 1
                    });
                let values = &mut self.columns[slot].1;
                let accepted = condition
                    .values
                    .iter()
                    .map(|value| {
                        let index = values.iter().position(|known| known == value);
                        index.unwrap_or_else(|| {
                            values.push(value.clone());
                            values.len() - 1
                        }) as u32
                    })
                    .collect();
                (slot, accepted)
            })
            .collect();
        let id = match self.tests.iter().position(|known| *known == conditions) {
            Some(id) => id,
            None => {
                self.tests.push(conditions.clone());
                self.tests.len() - 1
            }
        };
        self.index();
        Test { conditions, id }
    }

    /// Makes the table a record's tests are decided by ([`Conditions::accepting`]) anew: a
    /// source compiles a few filters, once.
    fn index(&mut self) {
        self.accepting = self
            .columns
            .iter()
            .enumerate()
            .map(|(slot, (_, values))| {
                // The values' indexes, then `values.len()` for none of them.
                (0..=values.len() as u32)
                    .map(|value| {
                        let held = if value as usize == values.len() {
                            NO_VALUE
                        } else {
                            value
                        };
                        let mut bits = u64::MAX;
                        for (id, test) in self.tests.iter().enumerate().take(TESTS_REMEMBERED) {
                            let refuses = test.iter().any(|(column, accepted)| {
                                *column == slot && !accepted.contains(&held)
                            });
                            if refuses {
                                bits &= !(1 << id);
                            }
                        }
                        bits
                    })
                    .collect()
            })
            .collect();
    }

    /// The matches of a record whose column `c` holds `field(c)`.
    pub(crate) fn matches<'r, F: Fn(usize) -> &'r str>(&self, field: F) -> Matches<'_, F> {
        Matches {
            conditions: self,
            field,
            matched: [NOT_YET; REMEMBERED],
            passed: None,
            memo: None,
        }
    }

    /// [`matches`](Conditions::matches), looking the fields up in `memo` (made for these
    /// conditions, see [`filtered_columns`](Conditions::filtered_columns)) first, and
    /// remembering there what they match.
    pub(crate) fn matches_remembered<'c, 'r, F: Fn(usize) -> &'r str>(
        &'c self,
        field: F,
        memo: &'c MatchMemo,
    ) -> Matches<'c, F> {
        Matches {
            memo: Some(memo),
            ..self.matches(field)
        }
    }

    /// How many columns the filters read: the columns of a [`MatchMemo`] for them.
    pub(crate) fn filtered_columns(&self) -> usize {
        self.columns.len()
    }
}

impl<'r, F: Fn(usize) -> &'r str> Matches<'_, F> {
    /// Whether the record passes `test` (one of its [`Conditions`]'): the first time any test
    /// is asked for, every column is matched and every test decided at once.
    #[inline]
    pub(crate) fn pass(&mut self, test: &Test) -> bool {
        if test.id >= TESTS_REMEMBERED {
            return self.test(test);
        }
        let passed = match self.passed {
            Some(passed) => passed,
            None => {
                let passed = self.pass_all();
                self.passed = Some(passed);
                passed
            }
        };
        passed & (1 << test.id) != 0
    }

    /// The tests (the first [`TESTS_REMEMBERED`], as bits by id) the record passes: those
    /// that every one of its filtered columns lets pass.
    fn pass_all(&mut self) -> u64 {
        let mut passed = u64::MAX;
        // One table per filtered column (see `index`): by the tables, with no bounds check.
        let conditions = self.conditions;
        for (slot, accepting) in conditions.accepting.iter().enumerate() {
            let matched = self.matched(slot);
            let row = match matched {
                NO_VALUE => accepting.len().saturating_sub(1),
                index => index as usize,
            };
            passed &= accepting.get(row).copied().unwrap_or_default();
        }
        passed
    }

    /// Whether the record passes `test`, tested now.
    fn test(&mut self, test: &Test) -> bool {
        test.conditions
            .iter()
            .all(|(slot, accepted)| accepted.contains(&self.matched(*slot)))
    }

    /// The index of the value filtered column `slot` holds, or [`NO_VALUE`]. Always inlined: it
    /// runs for every filtered column of every record, most often to find the text
    /// remembered; only that is inlined, the rest ([`match_now`](Matches::match_now)) is a
    /// call (issue 27: the call, its saved registers and its spills cost some 25 instructions a
    /// filtered column and record when the whole was one function, and a mere `#[inline]` is
    /// not taken once the memo looks at two entries).
    #[inline(always)]
    fn matched(&mut self, slot: usize) -> u32 {
        if let Some(&known) = self.matched.get(slot)
            && known != NOT_YET
        {
            return known;
        }
        if let (Some(memo), Some((column, _))) = (self.memo, self.conditions.columns.get(slot)) {
            let remembered = memo.find(slot, (self.field)(*column));
            if remembered != NOT_FOUND {
                if let Some(known) = self.matched.get_mut(slot) {
                    *known = remembered;
                }
                return remembered;
            }
        }
        self.match_now(slot)
    }

    /// [`matched`](Matches::matched) for a text not remembered: compared with the accepted
    /// values, normalized if need be, and remembered.
    #[cold]
    #[inline(never)]
    fn match_now(&mut self, slot: usize) -> u32 {
        let (column, values) = &self.conditions.columns[slot];
        let raw = (self.field)(*column);
        // A field written exactly as an accepted value (normalized, so its own normalization)
        // is that value without normalizing it: most fields a filter accepts are.
        let found = match values.iter().position(|value| value == raw) {
            Some(index) => index as u32,
            None => match normalize(raw) {
                // Normalized as it is: compared already.
                Cow::Borrowed(field) if field.len() == raw.len() => NO_VALUE,
                field => values
                    .iter()
                    .position(|value| *value == field)
                    .map_or(NO_VALUE, |index| index as u32),
            },
        };
        if let Some(memo) = self.matched.get_mut(slot) {
            *memo = found;
        }
        if let Some(memo) = self.memo {
            memo.remember(slot, raw, found);
        }
        found
    }
}

/// Which of the values the filters accept occurred in the records of the period, and, while
/// some value of a column has not, which other values that column held: so that a value no
/// record holds (a typo, a traditional character, a code the export renamed) can be reported
/// with the values that do occur. Once every accepted value of a column has occurred, its other
/// values are no longer counted: nothing will be reported of it, whatever comes later.
#[derive(Clone, Debug, Default)]
pub(crate) struct Occurrences {
    /// Per filtered column: how many records held each accepted value, and the other values
    /// held while some accepted value has not occurred.
    columns: Vec<(Vec<u64>, Option<super::NameCounter>)>,
    /// Every accepted value of every column has occurred: nothing is counted any more (the
    /// counts say "at least").
    complete: bool,
}

impl Occurrences {
    /// Adds the occurrences of `other`, another part of the same source.
    pub(crate) fn absorb(&mut self, other: Occurrences) {
        self.complete |= other.complete;
        if self.columns.len() < other.columns.len() {
            self.columns.resize(other.columns.len(), (Vec::new(), None));
        }
        for ((counts, others), (more, more_others)) in self.columns.iter_mut().zip(other.columns) {
            if counts.len() < more.len() {
                counts.resize(more.len(), 0);
            }
            for (count, more) in counts.iter_mut().zip(more) {
                *count += more;
            }
            *others = match (others.take(), more_others) {
                _ if all_held(counts) => None,
                (Some(mut mine), Some(theirs)) => {
                    mine.absorb(theirs);
                    Some(mine)
                }
                // A part that stopped counting saw every value: so does the whole.
                _ => None,
            };
        }
    }

    /// The accepted values of filtered column `slot` that no record held, and the most
    /// frequent other values it held.
    pub(crate) fn never_held<'c>(
        &self,
        conditions: &'c Conditions,
        slot: usize,
    ) -> (Vec<&'c str>, Vec<super::NameCount>) {
        let values = &conditions.columns[slot].1;
        let (counts, others) = match self.columns.get(slot) {
            Some((counts, others)) => (counts.as_slice(), others.as_ref()),
            None => (&[][..], None),
        };
        let never: Vec<&str> = values
            .iter()
            .enumerate()
            .filter(|(index, _)| counts.get(*index).is_none_or(|&count| count == 0))
            .map(|(_, value)| value.as_str())
            .collect();
        let frequent = match others {
            Some(others) if !never.is_empty() => others.most_frequent(Some(5)),
            _ => Vec::new(),
        };
        (never, frequent)
    }
}

/// Whether every accepted value of a column (a count each) has occurred.
fn all_held(counts: &[u64]) -> bool {
    !counts.is_empty() && counts.iter().all(|&count| count > 0)
}

impl Test {
    /// The filtered columns (their slots among the source's [`Conditions`]) and, for each,
    /// the indexes of the values the test accepts there.
    pub(crate) fn conditions(&self) -> &[(usize, Vec<u32>)] {
        &self.conditions
    }
}

impl Conditions {
    /// The column (as the caller numbers it) and the accepted values of filtered column `slot`.
    pub(crate) fn column(&self, slot: usize) -> (usize, &[String]) {
        let (column, values) = &self.columns[slot];
        (*column, values)
    }
}

impl<'r, F: Fn(usize) -> &'r str> Matches<'_, F> {
    /// Notes, in `occurrences`, the value each filtered column of the record holds.
    pub(crate) fn observe(&mut self, occurrences: &mut Occurrences) {
        if occurrences.complete {
            return;
        }
        let columns = self.conditions.columns.len();
        if occurrences.columns.len() < columns {
            occurrences.columns.resize(columns, (Vec::new(), None));
        }
        // No filter, nothing to watch.
        occurrences.complete = columns == 0;
        for slot in 0..columns {
            let matched = self.matched(slot);
            let (counts, others) = &mut occurrences.columns[slot];
            let values = self.conditions.columns[slot].1.len();
            if counts.len() < values {
                counts.resize(values, 0);
                *others = Some(super::NameCounter::default());
            }
            // A field holding none of the accepted values matched `NO_VALUE`, past the counts.
            if let Some(count) = counts.get_mut(matched as usize) {
                *count += 1;
                if *count == 1 && all_held(counts) {
                    *others = None;
                    occurrences.complete = occurrences
                        .columns
                        .iter()
                        .all(|(counts, _)| all_held(counts));
                }
            } else if let Some(others) = others {
                let column = self.conditions.columns[slot].0;
                let value = normalize((self.field)(column));
                if !value.is_empty() {
                    others.add(&value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a record of `fields` passes each of `filters`, whose conditions read columns
    /// 0, 1, … in order, compiled together.
    fn passes(filters: &[&Filter], fields: &[&str]) -> Vec<bool> {
        let mut conditions = Conditions::default();
        let tests: Vec<Test> = filters
            .iter()
            .map(|filter| {
                let columns: Vec<usize> = (0..filter.conditions().len()).collect();
                conditions.compile(filter, &columns)
            })
            .collect();
        let mut matches = conditions.matches(|column| fields[column]);
        tests.iter().map(|test| matches.pass(test)).collect()
    }

    /// Compiles filters written as (column, accepted values) pairs, each value named by
    /// `value`, into `conditions`: the tests of the proptests below.
    fn compile_all(
        conditions: &mut Conditions,
        filters: &[Vec<(usize, Vec<u8>)>],
        value: impl Fn(u8) -> String,
    ) -> Vec<Test> {
        filters
            .iter()
            .map(|written| {
                let mut filter = Filter::default();
                let mut columns = Vec::new();
                for (column, accepted) in written {
                    filter.require(
                        &format!("c{column}"),
                        accepted.iter().map(|&v| value(v)).collect(),
                    );
                    columns.push(*column);
                }
                conditions.compile(&filter, &columns)
            })
            .collect()
    }

    proptest::proptest! {
        /// Each test's result remembered per record is the one it gives tested afresh,
        /// whatever tests (repeated, the same written twice, more than are remembered) are
        /// asked for in whatever order.
        #[test]
        fn a_remembered_result_is_the_result_tested_afresh(
            filters in proptest::collection::vec(
                proptest::collection::vec((0..3usize, proptest::collection::vec(0..4u8, 1..3)), 0..3),
                1..80,
            ),
            fields in proptest::collection::vec(0..5u8, 3),
            asked in proptest::collection::vec(0..200usize, 0..200),
        ) {
            let value = |value: u8| format!("v{value}");
            let mut conditions = Conditions::default();
            let tests = compile_all(&mut conditions, &filters, value);
            let fields: Vec<String> = fields.iter().map(|&v| value(v)).collect();
            let mut remembered = conditions.matches(|column| fields[column].as_str());
            for index in asked.iter().map(|asked| asked % tests.len()) {
                let mut afresh = conditions.matches(|column| fields[column].as_str());
                let test = &tests[index];
                proptest::prop_assert_eq!(remembered.pass(test), afresh.test(test));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The tests decided together, as bits from a table per column, are what comparing
        /// each condition's values with the normalized field decides, for fields written as
        /// an accepted value, padded, full-width or none of them, and for filters over the
        /// same columns, repeated or not, record after record.
        #[test]
        fn tests_decided_together_are_each_decided_alone(
            filters in proptest::collection::vec(
                proptest::collection::vec((0..3usize, proptest::collection::vec(0..4u8, 1..4)), 0..4),
                1..12,
            ),
            records in proptest::collection::vec(
                proptest::collection::vec((0..6u8, 0..4u8), 3),
                1..8,
            ),
        ) {
            let values = ["投诉", "A1", "噪声扰民", "a-value-longer-than-24-bytes"];
            let mut conditions = Conditions::default();
            let tests = compile_all(&mut conditions, &filters, |v| values[usize::from(v)].to_owned());
            // Kept from record to record, as a file's reader keeps it.
            let memo = MatchMemo::for_columns(conditions.filtered_columns());
            for fields in &records {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|&(value, writing)| {
                        let value = values.get(usize::from(value)).copied().unwrap_or("其他");
                        match writing {
                            0 => value.to_owned(),
                            1 => format!(" {value}\u{3000}"),
                            // Full width: `Ａ１` is `A1`.
                            2 => value.chars().map(|c| match c {
                                '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                                c => c,
                            }).collect(),
                            _ => format!("{value}x"),
                        }
                    })
                    .collect();
                let field = |column: usize| fields[column].as_str();
                let mut matches = conditions.matches(field);
                let mut remembered = conditions.matches_remembered(field, &memo);
                for (test, written) in tests.iter().zip(&filters) {
                    let alone = written.iter().all(|(column, accepted)| {
                        let field = normalize(&fields[*column]);
                        accepted.iter().any(|&v| normalize(values[usize::from(v)]) == field)
                    });
                    proptest::prop_assert_eq!(matches.pass(test), alone);
                    proptest::prop_assert_eq!(remembered.pass(test), alone);
                }
            }
        }
    }

    #[test]
    fn all_conditions_must_hold_after_normalization() {
        let mut filter = Filter::default();
        filter.require("category", vec!["市容环境".into(), "街面秩序".into()]);
        filter.require("type", vec!["投诉".into()]);
        assert_eq!(passes(&[&filter], &[" 街面秩序 ", "投诉"]), [true]);
        assert_eq!(passes(&[&filter], &["街面秩序", "咨询"]), [false]);
        assert_eq!(passes(&[&filter], &["", "投诉"]), [false]);
        assert_eq!(passes(&[&Filter::default()], &[]), [true]);
    }

    #[test]
    fn full_width_values_match() {
        let mut filter = Filter::default();
        filter.require("grade", vec!["A1".into()]);
        assert_eq!(passes(&[&filter], &["Ａ１"]), [true]);
    }

    #[test]
    fn filters_on_one_column_share_its_match() {
        let (mut beauty, mut hazards, mut both) =
            (Filter::default(), Filter::default(), Filter::default());
        beauty.require("category", vec!["市容环境".into(), "街面秩序".into()]);
        hazards.require("category", vec!["安全隐患".into()]);
        both.require("category", vec!["安全隐患".into(), "市容环境".into()]);
        let filters = [&beauty, &hazards, &both];
        assert_eq!(passes(&filters, &["街面秩序"]), [true, false, false]);
        assert_eq!(passes(&filters, &["安全隐患"]), [false, true, true]);
        assert_eq!(passes(&filters, &["市容环境"]), [true, false, true]);
        assert_eq!(passes(&filters, &["噪声扰民"]), [false, false, false]);
        // More filtered columns than a record remembers: still matched, each time.
        let mut wide = Filter::default();
        for column in 0..REMEMBERED + 3 {
            wide.require(&format!("c{column}"), vec![format!("v{column}")]);
        }
        let fields: Vec<String> = (0..REMEMBERED + 3).map(|c| format!("v{c}")).collect();
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        assert_eq!(passes(&[&wide, &wide], &fields), [true, true]);
        let mut last_differs = fields.clone();
        last_differs[REMEMBERED + 2] = "x";
        assert_eq!(passes(&[&wide], &last_differs), [false]);
    }

    #[test]
    fn values_never_held_are_found_across_columns_and_parts() {
        let mut kind = Filter::default();
        kind.require("type", vec!["投诉".into()]);
        let mut category = Filter::default();
        category.require("category", vec!["噪声".into(), "绿化".into()]);
        let mut conditions = Conditions::default();
        conditions.compile(&kind, &[0]);
        conditions.compile(&category, &[1]);
        let observe = |occurrences: &mut Occurrences, fields: [&str; 2]| {
            conditions
                .matches(|column| fields[column])
                .observe(occurrences);
        };
        let mut one = Occurrences::default();
        // Column 0's one value at once: column 1 is still counted.
        observe(&mut one, ["投诉", "其他"]);
        observe(&mut one, ["咨询", "噪声"]);
        observe(&mut one, ["咨询", "其他"]);
        assert!(!one.complete);
        let (never, frequent) = one.never_held(&conditions, 1);
        assert_eq!(never, ["绿化"]);
        let frequent: Vec<(String, u64)> =
            frequent.into_iter().map(|n| (n.name, n.count)).collect();
        assert_eq!(frequent, [("其他".to_owned(), 2)]);
        assert!(one.never_held(&conditions, 0).0.is_empty());
        // Another part saw the missing value: together, nothing is missing.
        let mut two = Occurrences::default();
        observe(&mut two, ["咨询", "绿化"]);
        one.absorb(two);
        assert!(one.never_held(&conditions, 1).0.is_empty());
        // Once every value has occurred, nothing more is counted.
        let mut all = Occurrences::default();
        observe(&mut all, ["投诉", "噪声"]);
        observe(&mut all, ["投诉", "绿化"]);
        assert!(all.complete);
        observe(&mut all, ["咨询", "其他"]);
        assert!(all.never_held(&conditions, 1).0.is_empty());
    }
}
