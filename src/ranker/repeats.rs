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
//! The table is a city month's biggest structure, so it is compact: 64-bit hashes of ids with
//! 32-bit fingerprints, open addressing at 7/8 load, 12 bytes per distinct id (presized from
//! the file's size where known). Two different ids sharing a hash (odds about n² / 2⁶⁵,
//! 3 × 10⁻⁷ for 3.3 million ids) would count as one; two differing copies sharing a fingerprint
//! (odds 2⁻³² per pair) would count as identical.

use std::collections::HashMap;

/// The ids of one source seen so far.
#[derive(Debug, Default)]
pub(super) struct Repeats {
    /// Id hashes, 0 marking an empty slot (an id hashing to 0 is stored as 1).
    ids: Vec<u64>,
    /// The fingerprint of the copy counted, beside its id.
    fingerprints: Vec<u32>,
    len: usize,
    /// id → the lowest fingerprint of its copies, for ids whose copies differ.
    lowest: HashMap<u64, u32>,
    /// How many repeats differed from the copy counted first.
    differing: u64,
}

/// An id whose counted copy must be swapped for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Swap {
    /// The fingerprint of the copy counted.
    pub(super) counted: u32,
    /// The fingerprint of the copy that should count.
    pub(super) canonical: u32,
}

impl Repeats {
    /// Makes room for about `ids` distinct ids without growing.
    pub(super) fn reserve(&mut self, ids: usize) {
        let slots = ids.saturating_mul(8) / 7 + 16;
        if slots > self.ids.len() {
            self.resize(slots);
        }
    }

    /// Records a copy of `id`; `true` if it is the first, which is counted.
    pub(super) fn first(&mut self, id: u64, fingerprint: u32) -> bool {
        if (self.len + 1) * 8 > self.ids.len() * 7 {
            self.resize((self.ids.len() * 3 / 2).max(64));
        }
        let id = id.max(1);
        let slot = self.slot(id);
        if self.ids[slot] == 0 {
            self.ids[slot] = id;
            self.fingerprints[slot] = fingerprint;
            self.len += 1;
            return true;
        }
        let counted = self.fingerprints[slot];
        if counted != fingerprint {
            self.differing += 1;
            let lowest = self.lowest.entry(id).or_insert(counted);
            *lowest = (*lowest).min(fingerprint);
        }
        false
    }

    /// How many repeats differed from the copy counted first.
    pub(super) fn differing(&self) -> u64 {
        self.differing
    }

    /// The ids whose counted copy is not the one that should count.
    pub(super) fn swaps(&self) -> HashMap<u64, Swap> {
        self.lowest
            .iter()
            .filter_map(|(&id, &canonical)| {
                let slot = self.slot(id);
                let counted = (self.ids[slot] == id).then(|| self.fingerprints[slot])?;
                (counted != canonical).then_some((id, Swap { counted, canonical }))
            })
            .collect()
    }

    /// Notes that `id` now counts its copy `fingerprint`.
    pub(super) fn swapped(&mut self, id: u64, fingerprint: u32) {
        let id = id.max(1);
        let slot = self.slot(id);
        if self.ids[slot] == id {
            self.fingerprints[slot] = fingerprint;
        }
    }

    /// The slot holding `id`, or the empty slot where it would go.
    fn slot(&self, id: u64) -> usize {
        let size = self.ids.len();
        // Multiply-shift maps the hash onto the table without a power-of-two size.
        let mut slot = ((u128::from(id) * size as u128) >> 64) as usize;
        while self.ids[slot] != 0 && self.ids[slot] != id {
            slot += 1;
            if slot == size {
                slot = 0;
            }
        }
        slot
    }

    fn resize(&mut self, slots: usize) {
        let ids = std::mem::replace(&mut self.ids, vec![0; slots]);
        let fingerprints = std::mem::replace(&mut self.fingerprints, vec![0; slots]);
        for (id, fingerprint) in ids.into_iter().zip(fingerprints) {
            if id != 0 {
                let slot = self.slot(id);
                self.ids[slot] = id;
                self.fingerprints[slot] = fingerprint;
            }
        }
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

    #[test]
    fn many_ids_grow_the_table_and_stay_found() {
        let mut repeats = Repeats::default();
        let hash = |n: u64| n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for n in 0..10_000 {
            assert!(repeats.first(hash(n), 1));
        }
        for n in 0..10_000 {
            assert!(!repeats.first(hash(n), 1));
        }
        assert!(repeats.ids.len() * 7 >= repeats.len * 8);
        // 0 is a valid hash too.
        let mut repeats = Repeats::default();
        assert!(repeats.first(0, 1));
        assert!(!repeats.first(0, 1));
    }

    #[test]
    fn a_reserved_table_does_not_grow() {
        let mut repeats = Repeats::default();
        repeats.reserve(1000);
        let size = repeats.ids.len();
        for n in 0..1000u64 {
            repeats.first(n.wrapping_mul(0x9E37_79B9_7F4A_7C15), 0);
        }
        assert_eq!(repeats.ids.len(), size);
    }
}
