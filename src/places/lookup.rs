//! Normalized names → places, laid out for millions of lookups a second.
//!
//! Every record looks its place up by name, and with thousands of places the table does not
//! stay in the core's cache while a file streams through it: each memory access a lookup makes
//! is a likely miss. So a lookup makes one. A name of up to [`INLINE`] bytes (eight Chinese
//! characters: nearly every place name, alias and id) is kept zero-padded inside its slot of
//! an open-addressing table, together with its place, in 32 bytes; it is compared as three
//! machine words, with no pointer to follow and no call to `memcmp`. Longer names go to an
//! ordinary map of strings.

use std::collections::HashMap;

/// Names up to this many bytes are kept inline.
const INLINE: usize = 24;

/// The hasher of long names: fast, with a fixed seed, so that runs are alike.
type Hasher = foldhash::fast::FixedState;

/// A map from names (already normalized) to places, each given by a number (the gazetteer
/// numbers a place by its position among the places of its kind).
#[derive(Clone, Debug, Default)]
pub(crate) struct NameLookup {
    /// Linear probing; a power of two in length, at most three quarters full (empty when no
    /// name has been added).
    slots: Vec<Slot>,
    /// How many slots are taken.
    taken: usize,
    long: HashMap<Box<str>, usize, Hasher>,
}

/// A slot, 32 bytes, two to a cache line: a name of at most [`INLINE`] bytes, zero-padded
/// into words, then its length (so that a name ending in NUL bytes is not another name) in the
/// low byte of `tail` and its place above; [`EMPTY`] as the length marks a free slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slot {
    words: [u64; INLINE / 8],
    tail: u64,
}

/// The length of a free slot's name: longer than any name kept inline.
const EMPTY: u64 = 0xFF;

const FREE: Slot = Slot {
    words: [0; INLINE / 8],
    tail: EMPTY,
};

/// The bytes of `bytes` from `from` (up to eight of them) as a little-endian word, zero-padded:
/// one load for a whole word; for the last, partial one, the name's last eight bytes shifted
/// down (or two overlapping four-byte loads in a name shorter than a word), not a byte at a
/// time.
fn word(bytes: &[u8], from: usize) -> u64 {
    let rest = bytes.get(from..).unwrap_or_default();
    if let Some(whole) = rest.first_chunk::<8>() {
        return u64::from_le_bytes(*whole);
    }
    let length = rest.len();
    if length == 0 {
        return 0;
    }
    if let Some(last) = bytes.last_chunk::<8>() {
        // The rest is the end of the last eight bytes: shifted down, the bytes before it go.
        return u64::from_le_bytes(*last) >> (8 * (8 - length));
    }
    if let (Some(low), Some(high)) = (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
        // Four to seven bytes: the first four and the last four, overlapping alike.
        let low = u64::from(u32::from_le_bytes(*low));
        let high = u64::from(u32::from_le_bytes(*high));
        return low | high << (8 * (length - 4));
    }
    rest.iter()
        .enumerate()
        .fold(0, |word, (at, &byte)| word | u64::from(byte) << (at * 8))
}

impl Slot {
    /// A slot for `name` (its place still 0); `None` when `name` is longer than [`INLINE`]
    /// bytes.
    fn new(name: &str) -> Option<Slot> {
        let bytes = name.as_bytes();
        if bytes.len() > INLINE {
            return None;
        }
        Some(Slot {
            words: [word(bytes, 0), word(bytes, 8), word(bytes, 16)],
            tail: bytes.len() as u64,
        })
    }

    fn is_free(&self) -> bool {
        self.tail & 0xFF == EMPTY
    }

    /// Whether the slot holds the name of `other` (whatever their places). Word by word:
    /// a name just packed is in registers, and loading it as one wider value would wait on
    /// its separate stores.
    fn same_name(&self, other: &Slot) -> bool {
        let [a, b, c] = self.words;
        let [x, y, z] = other.words;
        (a ^ x) | (b ^ y) | (c ^ z) | ((self.tail ^ other.tail) & 0xFF) == 0
    }

    fn place(&self) -> usize {
        (self.tail >> 8) as usize
    }

    /// Where the search for the slot's name starts in a table of `mask + 1` slots: the words
    /// mixed by multiplications (a name is a few bytes of UTF-8; no seed is needed).
    fn home(&self, mask: usize) -> usize {
        let [a, b, c] = self.words;
        let mut hash = a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ c.wrapping_mul(0x1656_67B1_9E37_79F9)
            ^ (self.tail & 0xFF);
        hash ^= hash >> 29;
        hash = hash.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        hash ^= hash >> 32;
        hash as usize & mask
    }
}

impl NameLookup {
    /// The place of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<usize> {
        let Some(wanted) = Slot::new(name) else {
            return self.long.get(name).copied();
        };
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = wanted.home(mask);
        // The table always has a free slot, which ends every search.
        loop {
            let slot = &self.slots[at];
            if slot.same_name(&wanted) {
                return Some(slot.place());
            }
            if slot.is_free() {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// Sets the place of `name`. (A gazetteer holds far fewer than 2⁵⁶ places.)
    pub(crate) fn insert(&mut self, name: &str, place: usize) {
        let Some(mut new) = Slot::new(name) else {
            self.long.insert(name.into(), place);
            return;
        };
        new.tail |= (place as u64) << 8;
        if (self.taken + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = new.home(mask);
        while !self.slots[at].is_free() && !self.slots[at].same_name(&new) {
            at = (at + 1) & mask;
        }
        if self.slots[at].is_free() {
            self.taken += 1;
        }
        self.slots[at] = new;
    }

    /// Doubles the table (makes one of 16 slots at first) and puts every name back.
    fn grow(&mut self) {
        let length = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![FREE; length]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|slot| !slot.is_free()) {
            let mut at = slot.home(mask);
            while !self.slots[at].is_free() {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// A word read by its loads is the bytes zero-padded, one at a time.
        #[test]
        fn a_word_is_its_bytes_zero_padded(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..30),
            from in 0..32usize,
        ) {
            let padded = (0..8).fold(0u64, |word, at| {
                word | u64::from(bytes.get(from + at).copied().unwrap_or(0)) << (at * 8)
            });
            let expected = if from < bytes.len() { padded } else { 0 };
            proptest::prop_assert_eq!(word(&bytes, from), expected);
        }
    }

    #[test]
    fn short_and_long_names_are_found_and_only_they() {
        let mut lookup = NameLookup::default();
        let names = [
            "",
            "a",
            "天山二村",
            "十二个汉字的一个很长的小区名称",
            "exactly-24-bytes-long-xx",
            "exactly-25-bytes-long-xxx",
            "nul\0",
        ];
        for (value, name) in names.iter().enumerate() {
            lookup.insert(name, value);
        }
        for (value, name) in names.iter().enumerate() {
            assert_eq!(lookup.get(name), Some(value), "{name}");
        }
        for absent in ["nul", "nul\0\0", "天山二", "exactly-24-bytes-long-x", "b"] {
            assert_eq!(lookup.get(absent), None, "{absent}");
        }
        assert_eq!(lookup.taken, 5);
        assert_eq!(lookup.long.len(), 2);
        // Growing keeps every name, and setting a name again replaces its place.
        for n in 0..1000 {
            lookup.insert(&format!("N{n}"), n);
        }
        lookup.insert("a", 7);
        assert!(lookup.slots.len().is_power_of_two() && lookup.taken * 4 <= lookup.slots.len() * 3);
        assert!((0..1000).all(|n| lookup.get(&format!("N{n}")) == Some(n)));
        assert_eq!(lookup.get("a"), Some(7));
        assert_eq!(lookup.get("N1000"), None);
        assert_eq!(NameLookup::default().get("a"), None);
    }
}
