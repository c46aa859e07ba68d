//! A CSV row as it was split, before any of it is read as text: its fields' bytes and where
//! the row started in the file. Reused from row to row, so that reading a row allocates
//! nothing once the buffers have grown to the longest row.

use std::ops::Range;

/// The byte that stands between two fields in [`RawRow::as_slice`]: a row split from a line
/// without quotes keeps the line's own commas there, so that the line is copied whole; a row
/// csv-core unquoted gets one put there. Either way it is ASCII, so that the row's bytes are
/// valid UTF-8 exactly when every field's are.
const SEPARATOR: u8 = b',';

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
    /// The row is a line without quotes split at its commas: every comma of its bytes ends a
    /// field, so that a text decoded from them whole splits into the same fields.
    split_line: bool,
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
        self.split_line = false;
    }

    /// The row is the line `line` (without its `\n`) split at each comma, started at
    /// `position`: the line holds no quote, so that a comma always ends a field. A `\r`
    /// ending the line (a `\r\n` line end) is taken off the last field.
    pub(crate) fn set_split(&mut self, line: &[u8], position: (u64, u64)) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        self.bytes.clear();
        self.bytes.extend_from_slice(line);
        self.ends.clear();
        self.ends.extend(memchr::memchr_iter(SEPARATOR, line));
        self.ends.push(line.len());
        self.position = position;
        self.split_line = true;
    }

    /// Whether the row is a line without quotes split at its commas: every comma of
    /// [`RawRow::as_slice`] separates two fields.
    pub(crate) fn is_split_line(&self) -> bool {
        self.split_line
    }

    /// Appends a field.
    pub(crate) fn push_field(&mut self, field: &[u8]) {
        self.split_line = false;
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
        split.set_split(b"a,,b c,\r", (7, 2));
        let mut pushed = RawRow::new();
        for field in [&b"a"[..], b"", b"b c", b""] {
            pushed.push_field(field);
        }
        pushed.set_position((7, 2));
        assert_eq!(fields(&split), [&b"a"[..], b"", b"b c", b""]);
        assert!(split.is_split_line() && !pushed.is_split_line());
        assert_eq!(split.as_slice(), pushed.as_slice());
        assert_eq!(split.range(3), pushed.range(3));
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
}
