//! The matches of the texts a file's filtered columns held lately: a filtered column holds a
//! few distinct values (a category, a type), each met again and again, so that a record's
//! field is looked up among the texts met before instead of being compared with every
//! accepted value and normalized (issue 27: about 160 instructions a filtered column and
//! record, most of them `memcmp` calls and the normalization of values no filter accepts).
//!
//! A text's match depends on the text alone (the values accepted in its column never change
//! while a file is read), so remembering it changes nothing a record counts: a text met again
//! matches as it did the first time. A text of at most 24 bytes (eight Chinese characters) is
//! kept inline, packed into words as the place names' table packs names, and compared as
//! words; a longer one is matched each time, as before.

use std::cell::Cell;

use crate::places::{mixed_short_text, packed_short_text};

/// Entries per filtered column: a direct-mapped table, the newest text of a slot kept.
const ENTRIES: usize = 64;

/// The length of a free entry's text: longer than any text kept.
const FREE: u64 = 0xFF;

/// A text kept: its bytes zero-padded into words, its length in the low byte of `tail` and its
/// match above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    words: [u64; 3],
    tail: u64,
}

const EMPTY: Entry = Entry {
    words: [0; 3],
    tail: FREE,
};

/// Per filtered column (by its slot among a source's
/// [`Conditions`](super::Conditions)), the texts met lately and what each matched. Kept with a
/// file's reusable buffers, for one plan's conditions; looked at and filled through a shared
/// reference, as a record's matches are taken while the rest of the record is read.
#[derive(Debug, Default)]
pub(crate) struct MatchMemo {
    columns: Vec<Box<[Cell<Entry>]>>,
}

/// Where a text not found is to be remembered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Vacancy {
    slot: usize,
    at: usize,
    entry: Entry,
}

impl MatchMemo {
    /// A memo for `columns` filtered columns.
    pub(crate) fn for_columns(columns: usize) -> MatchMemo {
        MatchMemo {
            columns: (0..columns)
                .map(|_| (0..ENTRIES).map(|_| Cell::new(EMPTY)).collect())
                .collect(),
        }
    }

    /// What `text` matched in filtered column `slot` when last met (`Ok`), or where to
    /// remember its match (`Err(Some)`); `Err(None)` for a text or a column not kept.
    #[inline]
    pub(crate) fn find(&self, slot: usize, text: &str) -> Result<u32, Option<Vacancy>> {
        let Some(entries) = self.columns.get(slot) else {
            return Err(None);
        };
        let Some((words, length)) = packed_short_text(text) else {
            return Err(None);
        };
        let at = mixed_short_text(words, length) as usize & (ENTRIES - 1);
        let Some(kept) = entries.get(at).map(Cell::get) else {
            return Err(None);
        };
        let [a, b, c] = kept.words;
        let [x, y, z] = words;
        if (a ^ x) | (b ^ y) | (c ^ z) | ((kept.tail ^ length) & 0xFF) == 0 {
            return Ok((kept.tail >> 8) as u32);
        }
        Err(Some(Vacancy {
            slot,
            at,
            entry: Entry {
                words,
                tail: length,
            },
        }))
    }

    /// Remembers that the text found missing at `vacancy` matched `matched`.
    pub(crate) fn remember(&self, vacancy: Vacancy, matched: u32) {
        let Vacancy { slot, at, entry } = vacancy;
        if let Some(cell) = self.columns.get(slot).and_then(|entries| entries.get(at)) {
            cell.set(Entry {
                tail: entry.tail | u64::from(matched) << 8,
                ..entry
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_found_with_its_match_once_remembered_and_only_it() {
        let memo = MatchMemo::for_columns(2);
        let texts = ["市容环境", "", "a", "nul\0", "exactly-24-bytes-long-xx"];
        for (matched, text) in texts.iter().enumerate() {
            let vacancy = memo.find(1, text).unwrap_err().unwrap();
            memo.remember(vacancy, u32::MAX - 8 + matched as u32);
        }
        for (matched, text) in texts.iter().enumerate() {
            assert_eq!(
                memo.find(1, text),
                Ok(u32::MAX - 8 + matched as u32),
                "{text}"
            );
            assert!(memo.find(0, text).is_err(), "{text}");
        }
        for absent in ["市容环", "nul", "nul\0\0", "b"] {
            assert!(memo.find(1, absent).is_err(), "{absent}");
        }
        // Longer texts and columns past the memo's are not kept.
        assert!(matches!(
            memo.find(1, "exactly-25-bytes-long-xxx"),
            Err(None)
        ));
        assert!(matches!(memo.find(2, "a"), Err(None)));
        assert!(matches!(MatchMemo::default().find(0, "a"), Err(None)));
    }
}
