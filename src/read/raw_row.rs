//! A CSV row as it was split, before any of it is read as text: its fields' bytes and where
//! the row started in the file. Reused from row to row, so that reading a row allocates
//! nothing once the buffers have grown to the longest row.

use std::ops::Range;

/// The byte that stands between two fields in [`RawRow::as_slice`]: a row split from a line
/// without quotes keeps the line's own commas there, so that the line is copied whole; a row
/// csv-core unquoted gets one put there. Either way it is ASCII, so that the row's bytes are
/// valid UTF-8 exactly when every field's are.
const SEPARATOR: u8 = b',';

/// Each byte of `word` that equals `byte` marked by its high bit, the others zero: exact, with
/// no carry from one byte into the next (each byte's low seven bits plus 0x7F stay within
/// the byte).
#[inline(always)]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let differences = word ^ (ONES * u64::from(byte));
    !(((differences & LOW_SEVEN) + LOW_SEVEN) | differences | LOW_SEVEN)
}

/// Whether any byte of `word` equals `byte` (the classic test: exact as a yes or no, though
/// not as to which bytes).
#[inline(always)]
fn has_byte(word: u64, byte: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let differences = word ^ (ONES * u64::from(byte));
    differences.wrapping_sub(ONES) & !differences & HIGH != 0
}

/// What [`RawRow::split`] found at the start of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Split {
    /// A line without quotes, `length` bytes, then a `\n` (`newline`) or the end of the file:
    /// the row is its fields.
    Line { length: usize, newline: bool },
    /// The line holds a quote: csv-core reads the row.
    Quoted,
    /// The text ends before the line does: more of the file is needed.
    Unended,
}

/// A row's fields as bytes, with the position where the row starts (what csv's `ByteRecord`
/// is to the csv crate, without its record count and UTF-8 variants).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RawRow {
    /// The fields, one [`SEPARATOR`] between each two.
    bytes: Vec<u8>,
    /// Where each field ends in `bytes`; the next starts one byte later.
    ends: Vec<usize>,
    /// The byte offset (in the text, after any byte order mark) and the line where reading
    /// the row started: before any empty lines skipped in front of it, as csv counts them.
    position: (u64, u64),
}

impl RawRow {
    /// An empty row (no fields), at the start of the text.
    pub(crate) fn new() -> RawRow {
        RawRow::default()
    }

    /// Takes every field off, keeping the room they took.
    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// Makes the row the first line of `text` (which starts where the row starts), split at
    /// each comma, if the line holds no quote (a comma then always ends a field); a `\r`
    /// ending the line (a `\r\n` line end) is taken off its last field. `text_ends_file`
    /// says that the text is all there is, so that a line without a `\n` ends there.
    ///
    /// The text is looked at eight bytes at a time, for line ends, quotes and commas at once
    /// (SWAR): a row's ten or so commas cost a few instructions each, where a memchr call for
    /// each cost some forty, and a memchr call for its line end two hundred (issue 27).
    pub(crate) fn split(
        &mut self,
        text: &[u8],
        text_ends_file: bool,
        position: (u64, u64),
    ) -> Split {
        self.ends.clear();
        let mut chunks = text.chunks_exact(8);
        let mut base = 0;
        let mut line_end = None;
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
            if has_byte(word, b'\n') | has_byte(word, b'"') {
                // The line's last word (or a quote): what lies past its `\n` is not the row's.
                let newlines = bytes_equal(word, b'\n');
                let before_newline = (newlines & newlines.wrapping_neg()).wrapping_sub(1);
                if bytes_equal(word, b'"') & before_newline != 0 {
                    self.ends.clear();
                    return Split::Quoted;
                }
                self.push_ends(base, bytes_equal(word, SEPARATOR) & before_newline);
                if newlines != 0 {
                    line_end = Some(base + (newlines.trailing_zeros() / 8) as usize);
                    break;
                }
            } else {
                self.push_ends(base, bytes_equal(word, SEPARATOR));
            }
            base += 8;
        }
        if line_end.is_none() {
            for (at, byte) in chunks.remainder().iter().enumerate() {
                match byte {
                    b'\n' => {
                        line_end = Some(base + at);
                        break;
                    }
                    b'"' => {
                        self.ends.clear();
                        return Split::Quoted;
                    }
                    &SEPARATOR => self.ends.push(base + at),
                    _ => {}
                }
            }
        }
        let (length, newline) = match line_end {
            Some(length) => (length, true),
            None if text_ends_file => (text.len(), false),
            None => {
                self.ends.clear();
                return Split::Unended;
            }
        };
        let line = text.get(..length).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        self.ends.push(line.len());
        self.bytes.clear();
        self.bytes.extend_from_slice(line);
        self.position = position;
        Split::Line { length, newline }
    }

    /// Ends a field at each byte of the word starting at `base` that `found` marks.
    #[inline(always)]
    fn push_ends(&mut self, base: usize, mut found: u64) {
        while found != 0 {
            self.ends.push(base + (found.trailing_zeros() / 8) as usize);
            found &= found - 1;
        }
    }

    /// Appends a field.
    pub(crate) fn push_field(&mut self, field: &[u8]) {
        if !self.ends.is_empty() {
            self.bytes.push(SEPARATOR);
        }
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
    }

    /// Takes a `\r` off the end of the last field, if it ends in one (a `\r\n` line end).
    pub(crate) fn strip_carriage_return(&mut self) {
        let start = self
            .range(self.len().wrapping_sub(1))
            .map(|range| range.start);
        if let (Some(start), Some(end)) = (start, self.ends.last_mut())
            && *end > start
            && self.bytes.last() == Some(&b'\r')
        {
            *end -= 1;
            self.bytes.pop();
        }
    }

    /// Where reading the row started: its byte offset in the text and its line.
    pub(crate) fn position(&self) -> (u64, u64) {
        self.position
    }

    /// Sets where reading the row started.
    pub(crate) fn set_position(&mut self, position: (u64, u64)) {
        self.position = position;
    }

    /// The line where reading the row started.
    pub(crate) fn line(&self) -> u64 {
        self.position.1
    }

    /// How many fields the row has.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where field `index` lies in [`RawRow::as_slice`]; `None` past the row's end.
    #[inline]
    pub(crate) fn range(&self, index: usize) -> Option<Range<usize>> {
        let end = *self.ends.get(index)?;
        let start = match index.checked_sub(1) {
            Some(before) => self.ends.get(before).map_or(0, |end| end + 1),
            None => 0,
        };
        Some(start..end)
    }

    /// The bytes of field `index`; `None` past the row's end.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<&[u8]> {
        self.bytes.get(self.range(index)?)
    }

    /// The row's bytes: its fields, one separating byte (ASCII) between each two.
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    /// Where each field ends in [`RawRow::as_slice`] (the next starting one byte later): with
    /// the bytes, what tells two rows apart (a quoted field may hold the separator).
    pub(crate) fn ends(&self) -> &[usize] {
        &self.ends
    }

    /// The fields in order.
    pub(crate) fn iter(&self) -> Fields<'_> {
        Fields { row: self, next: 0 }
    }
}

/// The fields of a [`RawRow`], in order.
pub(crate) struct Fields<'r> {
    row: &'r RawRow,
    next: usize,
}

impl<'r> Iterator for Fields<'r> {
    type Item = &'r [u8];

    fn next(&mut self) -> Option<&'r [u8]> {
        let field = self.row.get(self.next)?;
        self.next += 1;
        Some(field)
    }
}

impl<'r> IntoIterator for &'r RawRow {
    type Item = &'r [u8];
    type IntoIter = Fields<'r>;

    fn into_iter(self) -> Fields<'r> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(row: &RawRow) -> Vec<&[u8]> {
        row.iter().collect()
    }

    #[test]
    fn a_split_line_and_pushed_fields_read_alike() {
        let mut split = RawRow::new();
        assert_eq!(
            split.split(b"a,,b c,\r\nnext", false, (7, 2)),
            Split::Line {
                length: 8,
                newline: true
            }
        );
        let mut pushed = RawRow::new();
        for field in [&b"a"[..], b"", b"b c", b""] {
            pushed.push_field(field);
        }
        pushed.set_position((7, 2));
        assert_eq!(fields(&split), [&b"a"[..], b"", b"b c", b""]);
        assert_eq!(split, pushed);
        assert_eq!(split.get(4), None);
        assert_eq!(split.range(2), Some(3..6));
        assert_eq!(split.line(), 2);
    }

    #[test]
    fn only_the_last_fields_carriage_return_is_taken_off() {
        let mut row = RawRow::new();
        row.push_field(b"x\r");
        row.push_field(b"");
        row.strip_carriage_return();
        assert_eq!(fields(&row), [&b"x\r"[..], b""]);
        let mut row = RawRow::new();
        row.push_field(b"\r");
        row.strip_carriage_return();
        assert_eq!(fields(&row), [&b""[..]]);
        row.clear();
        row.strip_carriage_return();
        assert_eq!(row.len(), 0);
    }

    proptest::proptest! {
        /// A text's first line without quotes splits at exactly its commas, whatever its
        /// length and bytes (so line ends, commas and quotes are found in any of a word's
        /// eight places, and in the tail); a line with a quote is left to csv-core, and a
        /// text without a line end needs more unless it ends the file.
        #[test]
        fn lines_split_at_exactly_their_commas(
            text in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(b','),
                    proptest::strategy::Just(b'"'),
                    proptest::strategy::Just(b'\n'),
                    proptest::strategy::Just(b'\r'),
                    proptest::num::u8::ANY,
                ],
                0..40,
            ),
            ends_file in proptest::bool::ANY,
        ) {
            let mut row = RawRow::new();
            let split = row.split(&text, ends_file, (0, 1));
            let newline = text.iter().position(|byte| *byte == b'\n');
            let line = &text[..newline.unwrap_or(text.len())];
            let expected = if line.contains(&b'"') {
                Split::Quoted
            } else if newline.is_none() && !ends_file {
                Split::Unended
            } else {
                Split::Line { length: line.len(), newline: newline.is_some() }
            };
            proptest::prop_assert_eq!(split, expected);
            if let Split::Line { .. } = split {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let expected: Vec<&[u8]> = line.split(|byte| *byte == b',').collect();
                proptest::prop_assert_eq!(fields(&row), expected);
            }
        }
    }
}
