//! The second reading of a file: for the ids whose copies differ, or whose repeats came too
//! long after their first copy to compare them, which copy to take back, which to count, how
//! many copies differ from the one that counts, and where the copies of the first ids listed
//! are.
//!
//! The reading itself (rows, places, totals) is the pipeline's; this is what it decides, row
//! by row, from the id, version and line of each copy, in file order.

use std::collections::HashMap;

use super::{ByHash, Id, Repeats, Settle, Version};
use crate::quality::{DIFFERING_IDS_LISTED, DifferingId};

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
    /// Per id to settle: what the first reading found, then, once its first copy is met, how
    /// its copies are settled (one table for both: it can hold many ids).
    ids: HashMap<Id, Copies, ByHash>,
    /// Copies that differ from the canonical one, met on this reading.
    differing: u64,
    /// The first ids met whose copies differ, with where their copies are.
    listed: Vec<DifferingId>,
}

/// The copies of an id to settle.
#[derive(Debug)]
enum Copies {
    /// None met yet: what the first reading found.
    Unmet(Settle),
    /// The first met: the rest are settled so.
    Met(Met),
}

/// How the copies of one id met on the second reading are settled.
#[derive(Debug)]
struct Met {
    /// The version that counts: the latest.
    canonical: Version,
    /// A copy of that version counts: the first, or one counted on this reading.
    counted: bool,
    /// The id's place in [`Settler::listed`], if listed.
    listed: Option<u32>,
}

impl Settler {
    /// The second reading `repeats` needs, if any (what it takes is then final).
    pub(crate) fn new(repeats: &mut Repeats) -> Option<Settler> {
        let ids: HashMap<Id, Copies, ByHash> = repeats
            .take_unsettled()
            .into_iter()
            .map(|(id, settle)| (id, Copies::Unmet(settle)))
            .collect();
        (!ids.is_empty()).then(|| Settler {
            ids,
            differing: 0,
            listed: Vec::new(),
        })
    }

    /// Whether copies of `id` are to be looked at: the others are passed over unread.
    pub(crate) fn wants(&self, id: Id) -> bool {
        self.ids.contains_key(&id)
    }

    /// The copy of `id` (`text`: the id as the report lists it) of version `version`, on line
    /// `line`, the next in the file.
    pub(crate) fn copy(
        &mut self,
        id: Id,
        version: Version,
        line: u64,
        text: &str,
    ) -> Option<Settled> {
        let copies = self.ids.get_mut(&id)?;
        let met = match copies {
            Copies::Met(met) => met,
            Copies::Unmet(rule) => {
                // The first copy in the file: the one the first reading counted.
                let canonical = match *rule {
                    Settle::Known { canonical } => canonical,
                    Settle::Compare { later } => {
                        if later.alike && later.latest == version {
                            // Every copy alike: nothing to settle, nothing to list.
                            self.ids.remove(&id);
                            return None;
                        }
                        later.latest.max(version)
                    }
                };
                let listed = (self.listed.len() < DIFFERING_IDS_LISTED).then(|| {
                    self.listed.push(DifferingId {
                        id: text.to_owned(),
                        copies: vec![line],
                        counted: line,
                        copy_files: Vec::new(),
                        counted_file: None,
                    });
                    self.listed.len() as u32 - 1
                });
                self.differing += u64::from(version != canonical);
                *copies = Copies::Met(Met {
                    canonical,
                    counted: version == canonical,
                    listed,
                });
                return (version != canonical).then_some(Settled::TakeBack);
            }
        };
        // A later copy.
        self.differing += u64::from(version != met.canonical);
        let counts = version == met.canonical && !met.counted;
        met.counted |= counts;
        let listed = met
            .listed
            .and_then(|index| self.listed.get_mut(index as usize));
        if let Some(listed) = listed {
            listed.copies.push(line);
            if counts {
                listed.counted = line;
            }
        }
        counts.then_some(Settled::Count)
    }

    /// Tells `repeats` what this reading found.
    pub(crate) fn finish(self, repeats: &mut Repeats) {
        repeats.settled(
            self.differing,
            self.listed,
            self.ids
                .into_iter()
                .filter_map(|(id, copies)| match copies {
                    Copies::Met(met) => Some((id, met.canonical)),
                    Copies::Unmet(_) => None,
                }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::Seen;

    fn version(time: i8, fingerprint: u32) -> Version {
        Version {
            closed: None,
            time: jiff::civil::date(2018, 11, 1).at(time, 0, 0, 0),
            fingerprint,
        }
    }

    /// Feeds `versions` as the copies of one id, lines 2, 3, …, to a table keeping a window
    /// of `window` ids after `filler` other ids, then reads them again; the decisions, and
    /// the table's listing.
    fn two_readings(
        versions: &[Version],
        window: usize,
        filler: usize,
    ) -> (Vec<Option<Settled>>, Repeats) {
        let mut repeats = Repeats {
            window,
            ..Repeats::default()
        };
        repeats.forget_old_versions();
        let g7 = Id::new("G7");
        let mut line = 1;
        for (index, &copy) in versions.iter().enumerate() {
            line += 1;
            assert_eq!(
                repeats.first(g7, copy, line, std::iter::empty) == Seen::First,
                index == 0
            );
            if index == 0 {
                for n in 0..filler {
                    repeats.first(
                        Id::new(&format!("F{n}")),
                        version(1, 1),
                        0,
                        std::iter::empty,
                    );
                }
                line += filler as u64;
            }
        }
        let Some(mut settler) = Settler::new(&mut repeats) else {
            return (vec![None; versions.len()], repeats);
        };
        let mut line = 1;
        let decisions = versions
            .iter()
            .enumerate()
            .map(|(index, &copy)| {
                line += if index == 1 { 1 + filler as u64 } else { 1 };
                settler.copy(g7, copy, line, "G7")
            })
            .collect();
        assert_eq!(settler.copy(Id::new("G8"), version(1, 1), 99, "G8"), None);
        settler.finish(&mut repeats);
        assert!(Settler::new(&mut repeats).is_none());
        (decisions, repeats)
    }

    #[test]
    fn the_latest_copy_counts_and_the_first_is_taken_back() {
        let copies = [
            version(9, 30),
            version(10, 20),
            version(10, 20),
            version(8, 40),
        ];
        // In the window, and past it (the first copy's version forgotten).
        for (window, filler) in [(1024, 0), (4, 10)] {
            let (decisions, repeats) = two_readings(&copies, window, filler);
            assert_eq!(
                decisions,
                [Some(Settled::TakeBack), Some(Settled::Count), None, None],
                "{window}"
            );
            // The first and the last differ from the two that count.
            assert_eq!(repeats.differing(), 2);
            let listed = repeats.differing_ids(0);
            let lines = [2, 3 + filler as u64, 4 + filler as u64, 5 + filler as u64];
            assert_eq!(
                listed,
                [DifferingId {
                    id: "G7".to_owned(),
                    copies: lines.to_vec(),
                    counted: lines[1],
                    copy_files: Vec::new(),
                    counted_file: None,
                }]
            );
        }
    }

    #[test]
    fn copies_that_differ_with_the_first_the_latest_are_listed_and_nothing_moves() {
        let copies = [version(12, 5), version(10, 20), version(12, 5)];
        for (window, filler) in [(1024, 0), (4, 10)] {
            let (decisions, repeats) = two_readings(&copies, window, filler);
            assert_eq!(decisions, [None, None, None]);
            assert_eq!(repeats.differing(), 1);
            let listed = repeats.differing_ids(0);
            assert_eq!(listed.len(), 1);
            assert_eq!(listed[0].counted, 2);
        }
    }

    #[test]
    fn alike_copies_past_the_window_are_neither_settled_nor_listed() {
        let copies = [version(12, 5), version(12, 5), version(12, 5)];
        let (decisions, repeats) = two_readings(&copies, 4, 10);
        assert_eq!(decisions, [None, None, None]);
        assert_eq!(repeats.differing(), 0);
        assert!(repeats.differing_ids(0).is_empty());
        // Later copies alike each other but not the first: both differ from it, it counts.
        let copies = [version(12, 5), version(11, 7), version(11, 7)];
        let (decisions, repeats) = two_readings(&copies, 4, 10);
        assert_eq!(decisions, [None, None, None]);
        assert_eq!(repeats.differing(), 2);
    }
}
