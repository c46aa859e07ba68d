//! The hot block: the 2¹⁶ numbers of one prefix that ids fell in last, as plain bits, where
//! the ids of an export, mostly in order, are looked up and set without searching a bitmap.

use roaring::{RoaringBitmap, RoaringTreemap};

/// One block of 2¹⁶ consecutive numbers of one prefix, as bits: where the ids of an export,
/// mostly in order, are looked up and set without searching the bitmaps.
#[derive(Debug)]
pub(super) struct Hot {
    pub(super) prefix: u64,
    /// The numbers' high bits.
    pub(super) block: u64,
    bits: Box<[u64; Hot::WORDS]>,
    /// The words that may have bits set: a block that saw few numbers (ids of many blocks or
    /// prefixes) is emptied and read without going through all its words.
    touched: std::ops::Range<usize>,
    /// The bitmaps held no number of the block when it became hot.
    pub(super) fresh: bool,
    /// How many numbers the table had noted when the last of this block came (see
    /// [`Hot::misses`]).
    pub(super) last_noted: u64,
}

impl Default for Hot {
    fn default() -> Hot {
        Hot {
            prefix: 0,
            block: 0,
            bits: Box::new([0; Hot::WORDS]),
            touched: 0..0,
            fresh: true,
            last_noted: 0,
        }
    }
}

impl Hot {
    /// The low bits of a number, its place in its block.
    pub(super) const BITS: u32 = 16;
    pub(super) const MASK: u64 = (1 << Hot::BITS) - 1;
    const WORDS: usize = 1 << (Hot::BITS - 6);
    /// How many numbers in a row elsewhere make another block the hot one.
    pub(super) const PATIENCE: u64 = 64;

    /// The word and bit of `number` (of this block).
    fn at(number: u64) -> (usize, u64) {
        let low = number & Hot::MASK;
        ((low >> 6) as usize, 1 << (low & 63))
    }

    /// How many numbers in a row were not of this block, the table having noted `noted`.
    pub(super) fn misses(&self, noted: u64) -> u64 {
        noted.saturating_sub(self.last_noted)
    }

    /// Whether `number` (of this block) is set.
    pub(super) fn contains(&self, number: u64) -> bool {
        number >> Hot::BITS == self.block && {
            let (word, bit) = Hot::at(number);
            self.bits[word] & bit != 0
        }
    }

    pub(super) fn set(&mut self, number: u64) {
        let (word, bit) = Hot::at(number);
        self.bits[word] |= bit;
        self.touched = if self.touched.is_empty() {
            word..word + 1
        } else {
            self.touched.start.min(word)..self.touched.end.max(word + 1)
        };
    }

    pub(super) fn is_empty(&self) -> bool {
        self.touched.is_empty()
    }

    /// The numbers set, as a bitmap: the block's bits are one container of a roaring bitmap
    /// (2¹⁶ numbers that share their high bits), made from the words touched in one go
    /// rather than a number at a time.
    pub(super) fn bitmap(&self) -> RoaringTreemap {
        let bytes: Vec<u8> = self.bits[self.touched.clone()]
            .iter()
            .flat_map(|word| word.to_le_bytes())
            .collect();
        // A treemap keeps the numbers by their high 32 bits, a bitmap of the low 32 each; the
        // block's low 16 bits are its container's, the words before the first touched ones
        // its start.
        let high = (self.block >> (32 - Hot::BITS)) as u32;
        let start = (self.block << Hot::BITS) as u32 | (self.touched.start as u32) << 6;
        RoaringTreemap::from_bitmaps([(high, RoaringBitmap::from_lsb0_bytes(start, &bytes))])
    }

    pub(super) fn clear(&mut self) {
        self.bits[self.touched.clone()].fill(0);
        self.touched = 0..0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The bitmap holds exactly the numbers set, in any block: the first, one whose high
        /// bits reach past 32 bits, the last.
        #[test]
        fn the_bitmap_holds_the_numbers_set(
            block in prop_oneof![Just(0u64), 0..1u64 << 20, Just((1u64 << 48) - 1)],
            lows in proptest::collection::btree_set(0..1u64 << Hot::BITS, 0..300),
        ) {
            let mut hot = Hot { block, ..Hot::default() };
            let numbers: Vec<u64> = lows.iter().map(|low| block << Hot::BITS | low).collect();
            for &number in &numbers {
                hot.set(number);
            }
            let bitmap = hot.bitmap();
            prop_assert_eq!(bitmap.iter().collect::<Vec<u64>>(), numbers);
        }
    }

    #[test]
    fn a_full_block_is_one_full_container() {
        let mut hot = Hot {
            block: 7,
            ..Hot::default()
        };
        for low in 0..=Hot::MASK {
            hot.set(7 << Hot::BITS | low);
        }
        let bitmap = hot.bitmap();
        assert_eq!(bitmap.len(), 1 << Hot::BITS);
        assert_eq!(bitmap.min(), Some(7 << Hot::BITS));
        assert_eq!(bitmap.max(), Some(7 << Hot::BITS | Hot::MASK));
    }
}
