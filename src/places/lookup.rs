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

/// A text of at most [`INLINE`] bytes as three words and its length, one-to-one for texts of
/// one length: a few whole loads, with no loop and no shift by the length. From 8 bytes on,
/// the first eight bytes, the next eight (past 16 bytes only) and the last eight, overlapping
/// where the text is shorter than the words; from 4 to 7, the first four and the last four in
/// one word; below 4, the bytes in one word. Every byte is in some word, so texts of one
/// length that differ differ in some word. `None` for a longer text. (Also the key of the
/// filters' memo of the texts a column held, which wants a lookup without `memcmp` too.)
#[inline]
pub(crate) fn packed(text: &str) -> Option<([u64; INLINE / 8], u64)> {
    let bytes = text.as_bytes();
    let length = bytes.len();
    let load = |chunk: &[u8; 8]| u64::from_le_bytes(*chunk);
    let words = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        _ if length > INLINE => return None,
        (Some(first), Some(last)) => {
            let middle = match bytes.get(8..).and_then(<[u8]>::first_chunk::<8>) {
                Some(middle) if length > 16 => load(middle),
                _ => 0,
            };
            [load(first), middle, load(last)]
        }
        _ => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            (Some(first), Some(last)) => [
                u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32,
                0,
                0,
            ],
            _ => [
                bytes
                    .iter()
                    .fold(0, |word, &byte| word << 8 | u64::from(byte)),
                0,
                0,
            ],
        },
    };
    Some((words, length as u64))
}

/// A hash of a [`packed`] text: its words mixed by multiplications (a name is a few bytes of
/// UTF-8; no seed is needed).
#[inline]
fn mixed(words: [u64; INLINE / 8], length: u64) -> u64 {
    let [a, b, c] = words;
    let mut hash = a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ c.wrapping_mul(0x1656_67B1_9E37_79F9)
        ^ length;
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    hash ^ (hash >> 32)
}

impl Slot {
    /// A slot for `name` (its place still 0); `None` when `name` is longer than [`INLINE`]
    /// bytes.
    fn new(name: &str) -> Option<Slot> {
        let (words, length) = packed(name)?;
        Some(Slot {
            words,
            tail: length,
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
        mixed(self.words, self.tail & 0xFF) as usize & mask
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
        /// Texts of one length pack alike exactly when they are alike: a text and the same
        /// text with one byte changed, anywhere, at any length up to the inline room.
        #[test]
        fn texts_of_one_length_pack_alike_only_when_alike(
            text in "\\PC{0,8}|[a-z0-9\0]{0,24}",
            at in 0..24usize,
            byte in proptest::prelude::any::<u8>(),
        ) {
            let packed_text = packed(&text);
            proptest::prop_assert_eq!(packed_text.is_some(), text.len() <= INLINE);
            proptest::prop_assert_eq!(packed_text, packed(&text.clone()));
            let mut changed = text.clone().into_bytes();
            if let Some(changed_byte) = changed.get_mut(at % text.len().max(1)) {
                *changed_byte = byte;
            }
            if let Ok(changed) = String::from_utf8(changed)
                && changed != text
            {
                proptest::prop_assert_ne!(packed(&changed), packed_text);
            }
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
