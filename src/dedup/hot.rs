//! The hot block: the 2¹⁶ numbers of one prefix that ids fell in last, as plain bits, where
//! the ids of an export, mostly in order, are looked up and set without searching a bitmap.

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
    /// Numbers in a row not of this block.
    pub(super) misses: u32,
}

impl Default for Hot {
    fn default() -> Hot {
        Hot {
            prefix: 0,
            block: 0,
            bits: Box::new([0; Hot::WORDS]),
            touched: 0..0,
            fresh: true,
            misses: 0,
        }
    }
}

impl Hot {
    /// The low bits of a number, its place in its block.
    pub(super) const BITS: u32 = 16;
    pub(super) const MASK: u64 = (1 << Hot::BITS) - 1;
    const WORDS: usize = 1 << (Hot::BITS - 6);
    /// How many numbers in a row elsewhere make another block the hot one.
    pub(super) const PATIENCE: u32 = 64;

    /// The word and bit of `number` (of this block).
    fn at(number: u64) -> (usize, u64) {
        let low = number & Hot::MASK;
        ((low >> 6) as usize, 1 << (low & 63))
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

    /// The numbers set, in order.
    pub(super) fn numbers(&self) -> impl Iterator<Item = u64> + '_ {
        let base = self.block << Hot::BITS;
        let start = self.touched.start;
        self.bits[self.touched.clone()]
            .iter()
            .enumerate()
            .flat_map(move |(index, &word)| {
                let index = start + index;
                let mut word = word;
                std::iter::from_fn(move || {
                    (word != 0).then(|| {
                        let bit = u64::from(word.trailing_zeros());
                        word &= word - 1;
                        base | (index as u64) << 6 | bit
                    })
                })
            })
    }

    pub(super) fn clear(&mut self) {
        self.bits[self.touched.clone()].fill(0);
        self.touched = 0..0;
    }
}
