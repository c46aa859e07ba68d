//! Repeated ids: a record whose id came before counts once, whatever the row order.
//!
//! The first copy of an id is counted as it is read. Copies that are identical in every field
//! read change nothing. When copies differ (a case exported twice, before and after it was
//! closed), the one that counts must not depend on which came first: it is the copy with the
//! lowest fingerprint (a hash of its fields), an arbitrary but fixed choice. When that is not
//! the first copy, the source's file is read a second time for those ids only, taking the first
//! copy back and counting the right one. Records fed from memory cannot be read twice: for them
//! the first copy counts, and the report says how many repeats differed.
//!
//! Ids are kept as 64-bit hashes (with their fingerprints), so memory grows by 16 bytes per
//! distinct id; two different ids sharing a hash (odds about n² / 2⁶⁵, 3 × 10⁻⁷ for 3.3 million
//! ids) would count as one.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The ids of one source seen so far.
#[derive(Debug, Default)]
pub(super) struct Repeats {
    /// id → the fingerprint of the copy counted.
    counted: HashMap<u64, u64>,
    /// id → the lowest fingerprint of its copies, for ids whose copies differ.
    lowest: HashMap<u64, u64>,
    /// How many repeats differed from the copy counted first.
    differing: u64,
}

/// An id whose counted copy must be swapped for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Swap {
    /// The fingerprint of the copy counted.
    pub(super) counted: u64,
    /// The fingerprint of the copy that should count.
    pub(super) canonical: u64,
}

impl Repeats {
    /// Records a copy of `id`; `true` if it is the first, which is counted.
    pub(super) fn first(&mut self, id: u64, fingerprint: u64) -> bool {
        match self.counted.entry(id) {
            Entry::Vacant(slot) => {
                slot.insert(fingerprint);
                true
            }
            Entry::Occupied(counted) => {
                let counted = *counted.get();
                if counted != fingerprint {
                    self.differing += 1;
                    let lowest = self.lowest.entry(id).or_insert(counted);
                    *lowest = (*lowest).min(fingerprint);
                }
                false
            }
        }
    }

    /// How many repeats differed from the copy counted first.
    pub(super) fn differing(&self) -> u64 {
        self.differing
    }

    /// The ids whose counted copy is not the one that should count.
    pub(super) fn swaps(&self) -> HashMap<u64, Swap> {
        self.lowest
            .iter()
            .filter_map(|(id, &canonical)| {
                let counted = self.counted.get(id).copied()?;
                (counted != canonical).then_some((*id, Swap { counted, canonical }))
            })
            .collect()
    }

    /// Notes that `id` now counts its copy `fingerprint`.
    pub(super) fn swapped(&mut self, id: u64, fingerprint: u64) {
        self.counted.insert(id, fingerprint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_copies_are_repeats_that_change_nothing() {
        let mut repeats = Repeats::default();
        assert!(repeats.first(1, 10));
        assert!(!repeats.first(1, 10));
        assert_eq!(repeats.differing(), 0);
        assert!(repeats.swaps().is_empty());
    }

    #[test]
    fn the_lowest_fingerprint_should_count_whatever_the_order() {
        for order in [[30, 20, 40], [20, 30, 40], [40, 30, 20]] {
            let mut repeats = Repeats::default();
            for fingerprint in order {
                repeats.first(7, fingerprint);
            }
            let swaps = repeats.swaps();
            if order[0] == 20 {
                assert!(swaps.is_empty());
            } else {
                assert_eq!(
                    swaps[&7],
                    Swap {
                        counted: order[0],
                        canonical: 20
                    }
                );
            }
            assert_eq!(repeats.differing(), 2);
        }
    }
}
