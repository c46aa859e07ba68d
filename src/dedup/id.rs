//! A record's id as the table of repeats keeps it: a hash of its text and, when it ends in a
//! number, its prefix and width (hashed together) and the number's value.

use std::hash::BuildHasher;

/// A record's id, as the table keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Id {
    /// A hash of the whole (normalized) id: of its text, or, when it ends in a number, of its
    /// `numbered` pair, which gives the text back.
    pub(super) hash: u64,
    /// When it ends in a number of at most 19 digits: a hash of its prefix and the number's
    /// width, and the number.
    pub(super) numbered: Option<(u64, u64)>,
}

impl Id {
    /// The id `text` (already trimmed and normalized).
    pub(crate) fn new(text: &str) -> Id {
        Id::with_prefixes(text, prefix_hash)
    }

    /// The id `text`, its prefix and width hashed by `prefix_hash` (which must give
    /// [`prefix_hash`]'s value: [`IdReader`] remembers the last one).
    fn with_prefixes(text: &str, prefix_hash: impl FnOnce(&str, u8) -> u64) -> Id {
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
            (prefix_hash(prefix, width), value)
        });
        // An id that ends in a number is its (prefix, width, number): hashed as those two
        // words, not as its text again (a hash of two words costs half one of ten bytes).
        let hash = match numbered {
            Some((prefix, number)) => Id::numbered_key(prefix, number),
            None => IDS.hash_one(text),
        };
        Id { hash, numbered }
    }

    /// The key of number `number` of prefix `prefix` among hashes of ids kept one by one.
    pub(super) fn numbered_key(prefix: u64, number: u64) -> u64 {
        IDS.hash_one((prefix, number))
    }
}

/// The hash of an id's prefix and the width of its number (0: no leading zero).
fn prefix_hash(prefix: &str, width: u8) -> u64 {
    IDS.hash_one((prefix, width))
}

/// Reads the ids of one file's records, remembering the hash of the last prefix and width met:
/// an export's ids share a prefix or a few (`H`, `WG-201811-`), so that each id is hashed
/// once instead of twice. [`IdReader::id`] is [`Id::new`], faster.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdReader {
    last: Option<LastPrefix>,
}

/// A prefix of at most [`LastPrefix::LONGEST`] bytes, zero-padded, with its length, width and
/// hash.
#[derive(Clone, Copy, Debug)]
struct LastPrefix {
    bytes: [u8; LastPrefix::LONGEST],
    length: u8,
    width: u8,
    hash: u64,
}

impl LastPrefix {
    /// Longer prefixes are hashed each time (UUIDs, free text: no prefix repeats there).
    const LONGEST: usize = 24;
}

impl IdReader {
    /// The id `text` (already trimmed and normalized): [`Id::new`]`(text)`.
    pub(crate) fn id(&mut self, text: &str) -> Id {
        let last = &mut self.last;
        Id::with_prefixes(text, |prefix, width| {
            let bytes = prefix.as_bytes();
            if let Some(known) = last
                && usize::from(known.length) == bytes.len()
                && known.width == width
                && known.bytes.get(..bytes.len()) == Some(bytes)
            {
                return known.hash;
            }
            let hash = prefix_hash(prefix, width);
            let mut padded = [0; LastPrefix::LONGEST];
            if let Some(start) = padded.get_mut(..bytes.len())
                && let Ok(length) = u8::try_from(bytes.len())
            {
                start.copy_from_slice(bytes);
                *last = Some(LastPrefix {
                    bytes: padded,
                    length,
                    width,
                    hash,
                });
            }
            hash
        })
    }
}

/// Hashes of ids: a fixed seed, so that they are the same in every run; foldhash's quality
/// variant, as their collisions would merge records.
const IDS: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0x1D5);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The reader's remembered prefix hashes give every id exactly as [`Id::new`] does,
        /// whatever ids come in turn: shared prefixes, other widths, long prefixes, no number.
        #[test]
        fn the_reader_reads_every_id_as_id_new(
            ids in proptest::collection::vec(
                prop_oneof![
                    "H0{0,3}[0-9]{1,6}",
                    "(WG|JD)-2018(0|1)[0-9]-[0-9]{1,4}",
                    "[a-f0-9-]{20,40}",
                    "[a-zA-Z天山]{0,30}[0-9]{0,21}",
                ],
                0..40,
            ),
        ) {
            let mut reader = IdReader::default();
            for text in &ids {
                prop_assert_eq!(reader.id(text), Id::new(text), "{}", text);
            }
        }
    }
}
