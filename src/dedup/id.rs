//! A record's id as the table of repeats keeps it: a hash of its text and, when it ends in a
//! number, its prefix and width (hashed together) and the number's value.

use std::hash::BuildHasher;

/// A record's id, as the table keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Id {
    /// A hash of the whole (normalized) id.
    pub(super) hash: u64,
    /// When it ends in a number of at most 19 digits: a hash of its prefix and the number's
    /// width, and the number.
    pub(super) numbered: Option<(u64, u64)>,
}

impl Id {
    /// The id `text` (already trimmed and normalized).
    pub(crate) fn new(text: &str) -> Id {
        let digits = text.len() - text.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (prefix, number) = text.split_at(digits);
        // Up to 19 digits always fit a u64. A number written without a leading zero is its
        // value; one with leading zeros is its value and its width (width 0 standing for "no
        // leading zero"): either way (prefix, width, value) gives back the id's text, and `G1`,
        // `G01` and `G001` are three ids. Numbers that grow (`H9`, `H10`, … `H100000`) keep
        // one prefix, so one bitmap.
        let numbered = (1..=19).contains(&number.len()).then(|| {
            let value = number
                .bytes()
                .fold(0, |value: u64, digit| value * 10 + u64::from(digit - b'0'));
            let width = if number.len() > 1 && number.starts_with('0') {
                number.len() as u8
            } else {
                0
            };
            (IDS.hash_one((prefix, width)), value)
        });
        Id {
            hash: IDS.hash_one(text),
            numbered,
        }
    }

    /// The key of number `number` of prefix `prefix` among hashes of ids kept one by one.
    pub(super) fn numbered_key(prefix: u64, number: u64) -> u64 {
        IDS.hash_one((prefix, number))
    }
}

/// Hashes of ids: a fixed seed, so that they are the same in every run; foldhash's quality
/// variant, as their collisions would merge records.
const IDS: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0x1D5);
