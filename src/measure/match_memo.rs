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

use crate::places::packed_short_text;

/// Entries per filtered column: a direct-mapped table, the newest text of a slot kept (or of
/// its pair of slots, see [`MatchMemo::remember`]).
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

/// What [`MatchMemo::find`] gives when the text is not remembered.
pub(crate) const NOT_FOUND: u32 = u32::MAX;

impl MatchMemo {
    /// A memo for `columns` filtered columns.
    pub(crate) fn for_columns(columns: usize) -> MatchMemo {
        MatchMemo {
            columns: (0..columns)
                .map(|_| (0..ENTRIES).map(|_| Cell::new(EMPTY)).collect())
                .collect(),
        }
    }

    /// What `text` matched in filtered column `slot` when last met, or [`NOT_FOUND`] (also for
    /// a text or a column not kept). Small and by value, as it runs for every filtered
    /// column of every record; a text not found is packed again to be remembered.
    #[inline]
    pub(crate) fn find(&self, slot: usize, text: &str) -> u32 {
        let Some((entries, (words, length))) = self.columns.get(slot).zip(packed_short_text(text))
        else {
            return NOT_FOUND;
        };
        let entry = entry_of(words, length);
        // The text's entry, else its neighbour (see `remember`): written out, not a loop over
        // the two, which cost some 10 instructions a field.
        let found = |at: usize| {
            entries
                .get(at)
                .map(Cell::get)
                .filter(|kept| kept.holds(words, length))
                .map(|kept| (kept.tail >> 8) as u32)
        };
        found(entry)
            .or_else(|| found(entry ^ 1))
            .unwrap_or(NOT_FOUND)
    }

    /// Remembers that `text` matched `matched` in filtered column `slot` (nothing for a text or
    /// a column not kept).
    pub(crate) fn remember(&self, slot: usize, text: &str, matched: u32) {
        let Some((entries, (words, length))) = self.columns.get(slot).zip(packed_short_text(text))
        else {
            return;
        };
        // Two texts of a column met in turn that share an entry would take it from each other
        // on every record (with 64 entries, one column in five of six values has such a
        // pair: some 4 % of a city's filtered fields missed the memo, issue 27): the newer
        // one goes to the entry's neighbour when that is free, or the entry is free itself.
        let entry = entry_of(words, length);
        let free = |at: usize| entries.get(at).is_some_and(|cell| cell.get().is_free());
        let at = if !free(entry) && free(entry ^ 1) {
            entry ^ 1
        } else {
            entry
        };
        if let Some(cell) = entries.get(at) {
            cell.set(Entry {
                words,
                tail: length | u64::from(matched) << 8,
            });
        }
    }
}

impl Entry {
    /// Whether the entry keeps the text packed as `words` and `length`.
    #[inline]
    fn holds(&self, words: [u64; 3], length: u64) -> bool {
        let [a, b, c] = self.words;
        let [x, y, z] = words;
        (a ^ x) | (b ^ y) | (c ^ z) | ((self.tail ^ length) & 0xFF) == 0
    }

    /// Whether no text is kept.
    fn is_free(&self) -> bool {
        self.tail & 0xFF == FREE
    }
}

/// The entry of a packed text: its words folded by one multiplication, whose high bits depend
/// on every bit of them (a direct-mapped table needs a spread, not a strong hash).
#[inline]
fn entry_of(words: [u64; 3], length: u64) -> usize {
    let [a, b, c] = words;
    let folded = a ^ b.rotate_left(21) ^ c.rotate_left(42) ^ length;
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - ENTRIES.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_found_with_its_match_once_remembered_and_only_it() {
        let texts = ["市容环境", "", "a", "nul\0", "exactly-24-bytes-long-xx"];
        for (matched, text) in texts.iter().enumerate() {
            // A memo each: two texts may share an entry, the newer one kept.
            let memo = MatchMemo::for_columns(2);
            let matched = u32::MAX - 8 + matched as u32;
            assert_eq!(memo.find(1, text), NOT_FOUND, "{text}");
            memo.remember(1, text, matched);
            assert_eq!(memo.find(1, text), matched, "{text}");
            assert_eq!(memo.find(0, text), NOT_FOUND, "{text}");
            for absent in ["市容环", "nul", "nul\0\0", "b"] {
                assert_eq!(memo.find(1, absent), NOT_FOUND, "{absent}");
            }
        }
        let memo = MatchMemo::for_columns(2);
        // Longer texts and columns past the memo's are not kept.
        let long = "exactly-25-bytes-long-xxx";
        memo.remember(1, long, 3);
        memo.remember(2, "a", 3);
        assert_eq!(memo.find(1, long), NOT_FOUND);
        assert_eq!(memo.find(2, "a"), NOT_FOUND);
        assert_eq!(MatchMemo::default().find(0, "a"), NOT_FOUND);
    }

    #[test]
    fn two_texts_of_one_entry_met_in_turn_are_both_kept() {
        let entry =
            |text: &str| packed_short_text(text).map(|(words, length)| entry_of(words, length));
        let texts: Vec<String> = (0..200).map(|n| format!("类别{n}")).collect();
        let first = &texts[0];
        let Some(second) = texts[1..].iter().find(|text| entry(text) == entry(first)) else {
            panic!("no two of 200 texts share one of 64 entries");
        };
        let memo = MatchMemo::for_columns(1);
        memo.remember(0, first, 1);
        memo.remember(0, second, 2);
        assert_eq!((memo.find(0, first), memo.find(0, second)), (1, 2));
        // A third text of the entry takes the entry itself: found, and the second still is.
        let Some(third) = texts[1..]
            .iter()
            .find(|text| *text != second && entry(text) == entry(first))
        else {
            panic!("no three of 200 texts share one of 64 entries");
        };
        memo.remember(0, third, 3);
        assert_eq!(memo.find(0, third), 3);
        assert_eq!(memo.find(0, second), 2);
        assert_eq!(memo.find(0, first), NOT_FOUND);
    }
}
