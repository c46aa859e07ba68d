//! A set of 64-bit hashes in little more than 8 bytes each, for the ids that no bitmap can
//! hold (UUIDs, free text, ids of too many prefixes).
//!
//! A hashed table (std's, hashbrown's) keeps a byte of control per slot, at most 7/8 full, and
//! grows by doubling: 10 to 20 bytes an id, and both tables at once while it grows. Here the
//! hashes, already uniform, are kept sorted in runs, one per bucket of their top bits; a run
//! grows by an eighth of its length at a time, and the buckets double once runs average
//! [`Hashes::LONGEST_MEAN_RUN`] (each run splits in two where its next bit turns to one, in
//! place of a rehash). So an id costs 8 bytes, about one more of slack, and a lookup is a
//! guess from the hash's next bits and a few steps, in a run of at most a few hundred hashes.

/// A set of 64-bit hashes.
#[derive(Clone, Debug, Default)]
pub(super) struct Hashes {
    /// Runs of hashes, sorted, by their top `bits` bits.
    runs: Vec<Vec<u64>>,
    bits: u32,
    len: usize,
}

impl Hashes {
    /// The mean run length at which the buckets double.
    const LONGEST_MEAN_RUN: usize = 128;

    /// How many hashes are in the set.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    fn run_of(&self, hash: u64) -> usize {
        // `bits` is below 64: the runs would not fit memory long before.
        hash.checked_shr(64 - self.bits).unwrap_or(0) as usize
    }

    /// Adds `hash`; `true` if it was not in the set.
    pub(super) fn insert(&mut self, hash: u64) -> bool {
        if self.runs.is_empty() {
            self.runs.push(Vec::new());
        }
        let index = self.run_of(hash);
        let bits = self.bits;
        let run = &mut self.runs[index];
        let Err(at) = position(run, hash, bits) else {
            return false;
        };
        if run.len() == run.capacity() {
            run.reserve_exact((run.len() / 8).max(4));
        }
        run.insert(at, hash);
        self.len += 1;
        if self.len > self.runs.len() * Hashes::LONGEST_MEAN_RUN {
            self.split_runs();
        }
        true
    }

    /// Whether `hash` is in the set.
    pub(super) fn contains(&self, hash: u64) -> bool {
        self.runs
            .get(self.run_of(hash))
            .is_some_and(|run| position(run, hash, self.bits).is_ok())
    }

    /// The hashes, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.runs.iter().flatten().copied()
    }

    /// Adds every hash of `other`.
    pub(super) fn absorb(&mut self, other: Hashes) {
        if self.len < other.len {
            let smaller = std::mem::replace(self, other);
            self.absorb(smaller);
            return;
        }
        for hash in other.iter() {
            self.insert(hash);
        }
    }

    /// Doubles the buckets: each run splits where the next bit of its hashes turns to one.
    fn split_runs(&mut self) {
        let next = 63 - self.bits;
        let mut runs = Vec::with_capacity(self.runs.len() * 2);
        for mut run in std::mem::take(&mut self.runs) {
            let at = run.partition_point(|hash| hash >> next & 1 == 0);
            let mut upper = run.split_off(at);
            run.shrink_to(run.len() + run.len() / 8);
            upper.shrink_to(upper.len() + upper.len() / 8);
            runs.push(run);
            runs.push(upper);
        }
        self.runs = runs;
        self.bits += 1;
    }

    /// The bytes the set holds on the heap, for tests of its size.
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        self.runs.capacity() * std::mem::size_of::<Vec<u64>>()
            + self
                .runs
                .iter()
                .map(|run| run.capacity() * 8)
                .sum::<usize>()
    }
}

/// Where `hash` is in `run` (`Ok`), or would go (`Err`), as `binary_search` says. The hashes
/// of a run are uniform below its `bits` top bits, so the next bits of `hash` say about where
/// it stands: a guess, then a step at a time, a cache line or two instead of a binary search's
/// half dozen.
fn position(run: &[u64], hash: u64, bits: u32) -> Result<usize, usize> {
    let fraction = hash.checked_shl(bits).unwrap_or(0) >> 32;
    let mut at = ((fraction * run.len() as u64) >> 32) as usize;
    if run.get(at).is_some_and(|&there| there < hash) {
        while run.get(at).is_some_and(|&there| there < hash) {
            at += 1;
        }
    } else {
        while at > 0 && run[at - 1] >= hash {
            at -= 1;
        }
    }
    if run.get(at) == Some(&hash) {
        Ok(at)
    } else {
        Err(at)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Uniform hashes from a counter (SplitMix64's finalizer).
    fn hash(n: u64) -> u64 {
        let mut z = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn a_million_hashes_take_about_nine_bytes_each() {
        let mut hashes = Hashes::default();
        for n in 0..1_000_000 {
            assert!(hashes.insert(hash(n)));
        }
        for n in 0..1_000_000 {
            assert!(!hashes.insert(hash(n)));
            assert!(hashes.contains(hash(n)));
        }
        assert!(!hashes.contains(hash(1_000_000)));
        assert_eq!(hashes.len(), 1_000_000);
        let bytes = hashes.heap_bytes();
        assert!(bytes < 10_000_000, "{bytes} bytes");
        let sorted: Vec<u64> = hashes.iter().collect();
        assert!(sorted.windows(2).all(|pair| pair[0] < pair[1]));
    }

    proptest::proptest! {
        /// The guessed position is the binary search's, for any sorted run and any bits.
        #[test]
        fn a_guessed_position_is_the_binary_search(
            mut run in proptest::collection::vec(proptest::num::u64::ANY, 0..300),
            probes in proptest::collection::vec(proptest::num::u64::ANY, 1..50),
            bits in 0..64u32,
        ) {
            run.sort_unstable();
            run.dedup();
            for hash in probes.into_iter().chain(run.iter().copied()) {
                proptest::prop_assert_eq!(position(&run, hash, bits), run.binary_search(&hash));
            }
        }

        /// The set agrees with std's, across splits of the runs and the absorbing of another.
        #[test]
        fn the_set_is_a_set(
            values in proptest::collection::vec(0..3_000u64, 0..2_000),
            more in proptest::collection::vec(0..3_000u64, 0..600),
            skewed in proptest::bool::ANY,
        ) {
            // Skewed hashes land in few runs; uniform ones in all.
            let of = |n: u64| if skewed { n } else { hash(n) };
            let (mut hashes, mut set) = (Hashes::default(), HashSet::new());
            for &n in &values {
                proptest::prop_assert_eq!(hashes.insert(of(n)), set.insert(of(n)));
            }
            let mut other = Hashes::default();
            for &n in &more {
                other.insert(of(n));
                set.insert(of(n));
            }
            hashes.absorb(other);
            proptest::prop_assert_eq!(hashes.len(), set.len());
            for n in 0..3_000 {
                proptest::prop_assert_eq!(hashes.contains(of(n)), set.contains(&of(n)));
            }
        }
    }
}
