//! A CSV row as it was split, before any of it is read as text: its fields' bytes and where
//! the row started in the file. Reused from row to row, so that reading a row allocates
//! nothing once the buffers have grown to the longest row.
//!
//! A line without quotes is split here, 32 bytes at a time: on x86_64 in SSE2 registers
//! (SSE2 is part of every x86_64 target, so there is nothing to detect at run time),
//! elsewhere in eight-byte words (SWAR), the tests checking that both find the same bytes.
//! SSE2 more than halved the cost of reading a city's row (issue 27: SWAR took some 500
//! instructions a row for the split alone).

use std::ops::Range;

/// The byte that stands between two fields in [`RawRow::as_slice`]: a row split from a line
/// without quotes keeps the line's own commas there, so that the line is copied whole; a row
/// csv-core unquoted gets one put there. Either way it is ASCII, so that the row's bytes are
/// valid UTF-8 exactly when every field's are.
const SEPARATOR: u8 = b',';

/// How many bytes of a text [`scan`] looks at a time: two SSE2 registers' worth. A row is
/// some 70 bytes: a third of the steps that eight bytes at a time took, each looking at
/// four times as many bytes in fewer instructions, with few bytes looked at past its end.
const BLOCK: usize = 32;

/// Where the commas, quotes and line ends of a block of [`BLOCK`] bytes are: bit `i` of
/// each mask stands for byte `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marks {
    commas: u32,
    quotes: u32,
    newlines: u32,
}

/// The [`Marks`] of a block, from those of its two halves.
#[inline(always)]
fn marks(block: &[u8; BLOCK]) -> Marks {
    let (low, high) = block.split_at(BLOCK / 2);
    let half = |half: &[u8]| match <&[u8; 16]>::try_from(half) {
        Ok(half) => half_marks(half),
        Err(_) => [0; 3],
    };
    let [commas, quotes, newlines] = half(low);
    let [high_commas, high_quotes, high_newlines] = half(high);
    let joined = |low: u16, high: u16| u32::from(low) | u32::from(high) << 16;
    Marks {
        commas: joined(commas, high_commas),
        quotes: joined(quotes, high_quotes),
        newlines: joined(newlines, high_newlines),
    }
}

/// The bytes of `half` that are commas, quotes and line ends (bit `i` for byte `i`), its
/// sixteen bytes compared at once in an SSE2 register: one load, three compares, three moves
/// of the bytes' top bits into a mask. Through safe_arch, whose wrappers are compiled only
/// where the target has SSE2: std's intrinsics are `unsafe` to call from a function without
/// `#[target_feature]`, whatever the target has, and the crate forbids `unsafe`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn half_marks(half: &[u8; 16]) -> [u16; 3] {
    use safe_arch::{
        cmp_eq_mask_i8_m128i, load_unaligned_m128i, move_mask_i8_m128i, set_splat_i8_m128i,
    };
    let bytes = load_unaligned_m128i(half);
    // `cmp_eq` sets a byte to all ones where equal, and `move_mask` gathers the bytes' top
    // bits: sixteen bits.
    let equal = |byte: u8| {
        move_mask_i8_m128i(cmp_eq_mask_i8_m128i(bytes, set_splat_i8_m128i(byte as i8))) as u16
    };
    [equal(SEPARATOR), equal(b'"'), equal(b'\n')]
}

/// [`half_marks`] where SSE2 is not to be had: see [`half_marks_by_words`].
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn half_marks(half: &[u8; 16]) -> [u16; 3] {
    half_marks_by_words(half)
}

/// [`half_marks`] from two eight-byte words (SWAR), on any target: each byte equal to the
/// one looked for marked by its top bit, the eight top bits then gathered into a byte by one
/// multiplication. The fallback off x86_64, checked against SSE2 on every target by the
/// tests.
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
#[inline(always)]
fn half_marks_by_words(half: &[u8; 16]) -> [u16; 3] {
    let (low, high) = half.split_at(8);
    let word = |half: &[u8]| u64::from_le_bytes(<[u8; 8]>::try_from(half).unwrap_or_default());
    let (low, high) = (word(low), word(high));
    let equal =
        |byte: u8| gathered(bytes_equal(low, byte)) | gathered(bytes_equal(high, byte)) << 8;
    [equal(SEPARATOR), equal(b'"'), equal(b'\n')]
}

/// The top bits of `marked`'s eight bytes (its only bits set) as the eight bits of a byte,
/// byte `i`'s as bit `i`: shifted down to bit `8i`, each is carried to bit `56 + i` by the
/// multiplication's term `2^(56 - 7i)`, and no two products of a bit and a term fall on the
/// same bit, so that nothing carries.
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
#[inline(always)]
fn gathered(marked: u64) -> u16 {
    const GATHER: u64 = 0x0102_0408_1020_4080;
    ((marked >> 7).wrapping_mul(GATHER) >> 56) as u16
}

/// Each byte of `word` that equals `byte` marked by its high bit, the others zero: exact, with
/// no carry from one byte into the next (each byte's low seven bits plus 0x7F stay within
/// the byte).
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
#[inline(always)]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let differences = word ^ (ONES * u64::from(byte));
    !(((differences & LOW_SEVEN) + LOW_SEVEN) | differences | LOW_SEVEN)
}

/// What [`scan`] found at the start of a text.
enum Scanned {
    /// A line without quotes, `length` bytes then a `\n` (`newline`) or the end of the file,
    /// its fields (`row_length` bytes, the line less any `\r` ending it) put in the room.
    Line {
        length: usize,
        newline: bool,
        row_length: usize,
        fields: usize,
    },
    /// The line holds a quote.
    Quoted,
    /// The text ends before the line does.
    Unended,
}

/// Looks at the first line of `text` as [`RawRow::split`] says, its bytes copied into
/// `bytes` and its fields' ends put in `ends`; `None` when the line does not fit them. Into
/// slices (not the row's vectors), so that their lengths and addresses stay in registers
/// throughout.
#[inline(always)]
fn scan(
    text: &[u8],
    text_ends_file: bool,
    bytes: &mut [u8],
    ends: &mut [usize],
) -> Option<Scanned> {
    let (blocks, tail) = text.as_chunks::<BLOCK>();
    let (room, _) = bytes.as_chunks_mut::<BLOCK>();
    let mut base = 0;
    let mut fields = 0;
    let mut last = None;
    // Each block copied into the room beside it: one count for both, checked once a step.
    for (block, copy) in blocks.iter().zip(room.iter_mut()) {
        let found = marks(block);
        *copy = *block;
        if found.quotes | found.newlines != 0 {
            last = Some(found);
            break;
        }
        fields = put_ends(ends, fields, base, found.commas)?;
        base += BLOCK;
    }
    let found = match last {
        Some(found) => found,
        // The room ended before the blocks did.
        None if base < text.len() - tail.len() => return None,
        None => {
            // The text's last bytes, padded with zeros (which are none of the bytes looked
            // for) to a block.
            let mut padded = [0; BLOCK];
            padded
                .get_mut(..tail.len())
                .unwrap_or_default()
                .copy_from_slice(tail);
            *room.get_mut(base / BLOCK)? = padded;
            marks(&padded)
        }
    };
    // Every bit below the first newline's (all of them without one): what lies past the
    // `\n` is not the row's.
    let before_newline = (found.newlines & found.newlines.wrapping_neg()).wrapping_sub(1);
    if found.quotes & before_newline != 0 {
        return Some(Scanned::Quoted);
    }
    fields = put_ends(ends, fields, base, found.commas & before_newline)?;
    let (length, newline) = if found.newlines != 0 {
        (base + found.newlines.trailing_zeros() as usize, true)
    } else if text_ends_file {
        (text.len(), false)
    } else {
        return Some(Scanned::Unended);
    };
    let carriage_return = length
        .checked_sub(1)
        .and_then(|last| text.get(last))
        .is_some_and(|byte| *byte == b'\r');
    let row_length = length - usize::from(carriage_return);
    *ends.get_mut(fields)? = row_length;
    Some(Scanned::Line {
        length,
        newline,
        row_length,
        fields: fields + 1,
    })
}

/// Puts in `ends`, after its first `fields`, the end of a field at each byte of the block
/// starting at `base` that `found` marks; how many fields end then, `None` without room for
/// a block's worth.
#[inline(always)]
fn put_ends(ends: &mut [usize], fields: usize, base: usize, mut found: u32) -> Option<usize> {
    if found == 0 {
        return Some(fields);
    }
    let room = ends.get_mut(fields..)?.first_chunk_mut::<BLOCK>()?;
    let mut put = 0;
    while found != 0 {
        // Never past the room: `found` has a bit for each byte of a block.
        room[put % BLOCK] = base + found.trailing_zeros() as usize;
        put += 1;
        found &= found - 1;
    }
    Some(fields + put)
}

/// Where field `index` lies in a row whose fields end at `ends` (as [`RawRow::ends`] gives
/// them): at its end, from one byte past the end of the field before it (the first from the
/// row's start); `None` past the row's end. For readers that take a row's ends once and find
/// many of its fields.
#[inline]
pub(crate) fn field_range(ends: &[usize], index: usize) -> Option<Range<usize>> {
    let end = *ends.get(index)?;
    let start = match index.checked_sub(1) {
        Some(before) => ends.get(before).map_or(0, |end| end + 1),
        None => 0,
    };
    Some(start..end)
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
///
/// Its two buffers are longer than the row: [`RawRow::split`] copies a block of [`BLOCK`]
/// bytes and puts up to as many field ends at a time into room checked once a block, where
/// a push checked a vector's capacity for each comma (issue 27).
#[derive(Clone, Default)]
pub(crate) struct RawRow {
    /// The row's bytes, `bytes[..length]`: the fields, one [`SEPARATOR`] between each two.
    bytes: Vec<u8>,
    length: usize,
    /// Where each field ends in the row's bytes, `ends[..fields]`; the next starts one byte
    /// later.
    ends: Vec<usize>,
    fields: usize,
    /// The byte offset (in the text, after any byte order mark) and the line where reading
    /// the row started: before any empty lines skipped in front of it, as csv counts them.
    position: (u64, u64),
}

impl PartialEq for RawRow {
    /// Rows are equal when their fields and positions are (whatever lies in their room).
    fn eq(&self, other: &RawRow) -> bool {
        self.as_slice() == other.as_slice()
            && self.field_ends() == other.field_ends()
            && self.position == other.position
    }
}

impl Eq for RawRow {}

impl std::fmt::Debug for RawRow {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: Vec<_> = self.iter().map(String::from_utf8_lossy).collect();
        formatter
            .debug_struct("RawRow")
            .field("fields", &fields)
            .field("position", &self.position)
            .finish()
    }
}

impl RawRow {
    /// An empty row (no fields), at the start of the text.
    pub(crate) fn new() -> RawRow {
        RawRow::default()
    }

    /// Takes every field off, keeping the room they took.
    pub(crate) fn clear(&mut self) {
        self.length = 0;
        self.fields = 0;
    }

    /// Makes the row the first line of `text` (which starts where the row starts), split at
    /// each comma, if the line holds no quote (a comma then always ends a field); a `\r`
    /// ending the line (a `\r\n` line end) is taken off its last field. `text_ends_file`
    /// says that the text is all there is, so that a line without a `\n` ends there.
    ///
    /// The text is looked at [`BLOCK`] bytes at a time, for line ends, quotes and commas at
    /// once (see [`marks`]), each block copied into the row as it is looked at: a row's ten
    /// or so commas cost a few instructions each, where a memchr call for each cost some
    /// forty, and a memchr call for its line end two hundred (issue 27). Inlined into the
    /// line splitter's loop, its one caller that reads a file.
    #[inline(always)]
    pub(crate) fn split(
        &mut self,
        text: &[u8],
        text_ends_file: bool,
        position: (u64, u64),
    ) -> Split {
        self.clear();
        loop {
            match scan(text, text_ends_file, &mut self.bytes, &mut self.ends) {
                Some(Scanned::Line {
                    length,
                    newline,
                    row_length,
                    fields,
                }) => {
                    self.length = row_length;
                    self.fields = fields;
                    self.position = position;
                    return Split::Line { length, newline };
                }
                Some(Scanned::Quoted) => return Split::Quoted,
                Some(Scanned::Unended) => return Split::Unended,
                // A line longer than the room: room for twice as much, and the line looked
                // at again (each row at most a few times, until the room fits the longest).
                None => self.grow(),
            }
        }
    }

    /// Doubles the room for bytes and field ends.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let bytes = (self.bytes.len() * 2).max(256);
        self.bytes.resize(bytes, 0);
        let ends = (self.ends.len() * 2).max(64);
        self.ends.resize(ends, 0);
    }

    /// Appends a field.
    pub(crate) fn push_field(&mut self, field: &[u8]) {
        self.bytes.truncate(self.length);
        self.ends.truncate(self.fields);
        if self.fields > 0 {
            self.bytes.push(SEPARATOR);
        }
        self.bytes.extend_from_slice(field);
        self.ends.push(self.bytes.len());
        self.length = self.bytes.len();
        self.fields = self.ends.len();
    }

    /// Takes a `\r` off the end of the last field, if it ends in one (a `\r\n` line end).
    pub(crate) fn strip_carriage_return(&mut self) {
        let Some(last) = self.fields.checked_sub(1) else {
            return;
        };
        let ends_in_carriage_return = self
            .range(last)
            .is_some_and(|range| !range.is_empty() && self.as_slice().last() == Some(&b'\r'));
        if ends_in_carriage_return && let Some(end) = self.ends.get_mut(last) {
            *end -= 1;
            self.length -= 1;
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

    /// Whether the row is an empty line: one empty field (what a `\r\n` alone leaves once
    /// its `\r` is taken off).
    #[inline]
    pub(crate) fn is_blank_line(&self) -> bool {
        self.fields == 1 && self.length == 0
    }

    /// How many fields the row has.
    pub(crate) fn len(&self) -> usize {
        self.fields
    }

    /// Where each field ends in [`RawRow::as_slice`].
    fn field_ends(&self) -> &[usize] {
        self.ends.get(..self.fields).unwrap_or_default()
    }

    /// Where field `index` lies in [`RawRow::as_slice`]; `None` past the row's end.
    #[inline]
    pub(crate) fn range(&self, index: usize) -> Option<Range<usize>> {
        field_range(self.field_ends(), index)
    }

    /// The bytes of field `index`; `None` past the row's end.
    #[inline]
    pub(crate) fn get(&self, index: usize) -> Option<&[u8]> {
        self.bytes.get(self.range(index)?)
    }

    /// The row's bytes: its fields, one separating byte (ASCII) between each two.
    pub(crate) fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.length).unwrap_or_default()
    }

    /// Where each field ends in [`RawRow::as_slice`], in order (the next starting one byte
    /// later, the first at 0): for readers that find many fields of one row, and, with the
    /// bytes, what tells two rows apart (a quoted field may hold the separator).
    #[inline]
    pub(crate) fn ends(&self) -> &[usize] {
        self.field_ends()
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

    /// What [`RawRow::split`] should find at the start of `text`, byte by byte: the split,
    /// and the fields of a line.
    fn expected(text: &[u8], ends_file: bool) -> (Split, Vec<&[u8]>) {
        let newline = text.iter().position(|byte| *byte == b'\n');
        let line = &text[..newline.unwrap_or(text.len())];
        let split = if line.contains(&b'"') {
            Split::Quoted
        } else if newline.is_none() && !ends_file {
            Split::Unended
        } else {
            Split::Line {
                length: line.len(),
                newline: newline.is_some(),
            }
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        (split, line.split(|byte| *byte == b',').collect())
    }

    /// A byte of a CSV text: mostly the ones a split looks for.
    fn csv_byte() -> impl proptest::strategy::Strategy<Value = u8> {
        proptest::prop_oneof![
            proptest::strategy::Just(b','),
            proptest::strategy::Just(b'"'),
            proptest::strategy::Just(b'\n'),
            proptest::strategy::Just(b'\r'),
            proptest::num::u8::ANY,
        ]
    }

    #[test]
    fn a_line_longer_than_the_room_is_split_once_the_room_has_grown() {
        let mut row = RawRow::new();
        for count in [1, 63, 64, 65, 300, 3] {
            let line: Vec<String> = (0..count).map(|field| format!("f{field}")).collect();
            let text = format!("{}\nnext,row", line.join(","));
            let split = row.split(text.as_bytes(), false, (0, 1));
            assert_eq!(
                split,
                Split::Line {
                    length: text.len() - "\nnext,row".len(),
                    newline: true
                }
            );
            let read: Vec<&[u8]> = line.iter().map(String::as_bytes).collect();
            assert_eq!(fields(&row), read);
        }
    }

    /// Every byte the split looks for, in every place of a block, found by SSE2 (on x86_64)
    /// and by the eight-byte words of other targets alike.
    #[test]
    fn every_byte_looked_for_is_found_in_every_place() {
        for byte in [
            b',',
            b'"',
            b'\n',
            b'\r',
            0,
            0x80,
            0xFF,
            b',' + 1,
            b',' | 0x80,
        ] {
            for place in 0..16 {
                let mut half = [b'a'; 16];
                half[place] = byte;
                let found = half_marks(&half);
                assert_eq!(found, half_marks_by_words(&half), "{byte:#x} at {place}");
                let at = 1 << place;
                assert_eq!(found[0], if byte == b',' { at } else { 0 });
                assert_eq!(found[1], if byte == b'"' { at } else { 0 });
                assert_eq!(found[2], if byte == b'\n' { at } else { 0 });
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The SSE2 compares and the fallback's eight-byte words find the same bytes, the
        /// ones a byte-by-byte look finds, in any sixteen bytes.
        #[test]
        fn both_ways_of_looking_at_a_block_find_the_same_bytes(
            half in proptest::array::uniform16(csv_byte()),
        ) {
            let mask = |looked_for: u8| {
                half.iter()
                    .enumerate()
                    .filter(|(_, byte)| **byte == looked_for)
                    .fold(0u16, |mask, (at, _)| mask | 1 << at)
            };
            let expected = [mask(b','), mask(b'"'), mask(b'\n')];
            proptest::prop_assert_eq!(half_marks(&half), expected);
            proptest::prop_assert_eq!(half_marks_by_words(&half), expected);
        }

        /// A text's first line without quotes splits at exactly its commas, whatever its
        /// length and bytes (so line ends, commas, quotes and `\r` are found in any of a
        /// block's places, and in the tail, lines of every length against the block's); a line
        /// with a quote is left to csv-core, and a text without a line end needs more unless
        /// it ends the file. One row splits text after text, long ones and short ones, so
        /// that what a longer line left in its room is never read as a shorter one's.
        #[test]
        fn lines_split_at_exactly_their_commas(
            texts in proptest::collection::vec(
                (proptest::collection::vec(csv_byte(), 0..100), proptest::bool::ANY),
                1..6,
            ),
        ) {
            let mut row = RawRow::new();
            for (text, ends_file) in &texts {
                let split = row.split(text, *ends_file, (3, 4));
                let (expected, expected_fields) = expected(text, *ends_file);
                proptest::prop_assert_eq!(split, expected);
                if let Split::Line { .. } = split {
                    proptest::prop_assert_eq!(&fields(&row), &expected_fields);
                    let mut pushed = RawRow::new();
                    for field in &expected_fields {
                        pushed.push_field(field);
                    }
                    pushed.set_position((3, 4));
                    proptest::prop_assert_eq!(&row, &pushed);
                }
            }
        }
    }
}
