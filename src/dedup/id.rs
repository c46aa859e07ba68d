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
        Id::with_prefixes(text, None, prefix_hash)
    }

    /// The id `text`, its prefix and width hashed by `prefix_hash` (which must give
    /// [`prefix_hash`]'s value: [`IdReader`] remembers the last one); `known`: where its last
    /// run of digits starts and the run's value (wrapped past 19 digits), when a pass over the
    /// text found them already.
    fn with_prefixes(
        text: &str,
        known: Option<(usize, u64)>,
        prefix_hash: impl FnOnce(&str, u8) -> u64,
    ) -> Id {
        let digits = match known {
            Some((start, _)) => start,
            None => text.len() - text.bytes().rev().take_while(u8::is_ascii_digit).count(),
        };
        let Some((prefix, number)) = text.split_at_checked(digits) else {
            return Id {
                hash: IDS.hash_one(text),
                numbered: None,
            };
        };
        // Up to 19 digits always fit a u64. A number written without a leading zero is its
        // value; one with leading zeros is its value and its width (width 0 standing for "no
        // leading zero"): either way (prefix, width, value) gives back the id's text, and `G1`,
        // `G01` and `G001` are three ids. Numbers that grow (`H9`, `H10`, … `H100000`) keep
        // one prefix, so one bitmap.
        let numbered = (1..=19).contains(&number.len()).then(|| {
            let value = known.map_or_else(
                || {
                    number
                        .bytes()
                        .fold(0, |value: u64, digit| value * 10 + u64::from(digit - b'0'))
                },
                |(_, value)| value,
            );
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

/// What one pass over an id of printable ASCII finds (see [`IdReader::read_printable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Printable {
    /// The id: the text is its own normal form.
    pub(crate) id: Id,
    /// The text may be a number in Excel's scientific notation: it starts with a digit and is
    /// not all digits (`1.23E+15`), to be looked at closer. Most ids (`H000042`, `2018110100042`)
    /// are told apart by this alone.
    pub(crate) maybe_scientific: bool,
}

impl IdReader {
    /// The id `text` (already trimmed and normalized): [`Id::new`]`(text)`.
    pub(crate) fn id(&mut self, text: &str) -> Id {
        self.id_with_number(text, None)
    }

    /// The id of `text` when it is not empty and all printable ASCII (`0x21..0x7F`: what ids
    /// nearly always are, and then their own normal form), found in one pass over its bytes
    /// that also finds its last run of digits and their value; `None` for other text, which
    /// is to be normalized first. What [`IdReader::id`] gives for the text.
    pub(crate) fn read_printable(&mut self, text: &str) -> Option<Printable> {
        let bytes = text.as_bytes();
        let first = *bytes.first()?;
        // Past the loop: where the last run of digits starts, and its value (wrapped when the
        // run is longer than 19 digits, when it is not used).
        let mut run_start = 0;
        let mut value: u64 = 0;
        let mut printable = true;
        for (index, &byte) in bytes.iter().enumerate() {
            printable &= byte.wrapping_sub(0x21) < 0x7F - 0x21;
            let digit = byte.wrapping_sub(b'0');
            if digit < 10 {
                value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
            } else {
                value = 0;
                run_start = index + 1;
            }
        }
        if !printable {
            return None;
        }
        let id = self.id_with_number(text, Some((run_start, value)));
        Some(Printable {
            id,
            maybe_scientific: first.is_ascii_digit() && run_start > 0,
        })
    }

    /// [`IdReader::id`], the start and value of the last run of digits given when known.
    fn id_with_number(&mut self, text: &str, number: Option<(usize, u64)>) -> Id {
        let last = &mut self.last;
        Id::with_prefixes(text, number, |prefix, width| {
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
