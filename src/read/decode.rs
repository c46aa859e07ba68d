//! A CSV row's fields as text, without copying where the file is UTF-8: the one step between
//! a row's bytes and a [`Row`] of the columns a reader wants. A GB18030 file's repeated
//! non-ASCII fields (place names, categories) are decoded once and looked up after.

use std::io::Read;

use crate::read::raw_row::{RawRow, field_range};

use super::csv::CsvInput;
use super::row::{Binding, Row};
use crate::error::Error;

/// Plans reading up to this many columns validate a row's fields into an array on the stack;
/// longer ones into a vector per row.
const MAX_COLUMNS_ON_STACK: usize = 16;

/// Sets each column's field to the text `field` finds at the column's index in the row (a
/// column the file lacks is empty); `false` as soon as one is not text.
fn fill<'a>(
    columns: &mut [&'a str],
    binding: &[Option<usize>],
    field: impl Fn(usize) -> Option<&'a str>,
) -> bool {
    columns
        .iter_mut()
        .zip(binding)
        .all(|(column, found)| match found.map_or(Some(""), &field) {
            Some(text) => {
                *column = text;
                true
            }
            None => false,
        })
}

/// The buffers a file's rows pass through, kept from row to row, so that reading a row
/// allocates nothing.
#[derive(Debug, Default)]
pub(crate) struct RowBuffers {
    /// The row's bytes, as the CSV reader splits them.
    pub(crate) bytes: RawRow,
    /// Per column wanted, the texts of its non-ASCII fields: sized once per file (a file's
    /// columns wanted never change), not once per row.
    texts: Vec<ColumnTexts>,
    /// A decoded row's bytes with every byte above ASCII masked into ASCII: its ASCII
    /// fields' text, validated once for the row.
    masked: MaskedRow,
}

/// How many bytes a masked row is validated in at a time: simdutf8's block. A text of whole
/// blocks is validated by its vector loop alone, where the last partial block of a row went
/// through a copy into a block of its own and a second pass (issue 27: about 120
/// instructions a row of 70 bytes, against some 55 for the same row padded to 128).
const MASK_BLOCK: usize = 64;

/// A GB18030 row's bytes with every byte above ASCII masked into ASCII (its high bit
/// cleared), padded with ASCII to whole [`MASK_BLOCK`]s: ASCII throughout, so that it is
/// text, and an ASCII field of the row reads the same in it, where it stands in the row.
#[derive(Debug, Default)]
struct MaskedRow {
    /// The masked bytes: the row's, then padding; every byte is ASCII at all times (the
    /// padding is what earlier rows left or zeros), so that the padding needs no writing.
    bytes: Vec<u8>,
}

impl MaskedRow {
    /// Masks `row`, and its text: never empty for a row that is not (every byte is ASCII,
    /// so validating it never fails; an empty text if it did, not a panic).
    #[inline(always)]
    fn mask(&mut self, row: &[u8]) -> &str {
        let padded = row.len().div_ceil(MASK_BLOCK).max(1) * MASK_BLOCK;
        self.bytes.resize(padded, 0);
        mask_into(&mut self.bytes, row);
        simdutf8::basic::from_utf8(&self.bytes).unwrap_or_default()
    }
}

/// Writes each byte of `row`, its high bit cleared, at the same place in `out` (at least as
/// long): in blocks of the widest width the row's length allows, the last block ending at
/// the row's end and overlapping the one before it (rewriting the same bytes), so that no
/// byte is written one at a time but in the few bytes of a row shorter than 16.
#[inline(always)]
fn mask_into(out: &mut [u8], row: &[u8]) {
    if row.len() >= MASK_BLOCK {
        mask_in_blocks::<MASK_BLOCK>(out, row);
    } else if row.len() >= 16 {
        mask_in_blocks::<16>(out, row);
    } else {
        for (out, byte) in out.iter_mut().zip(row) {
            *out = byte & 0x7F;
        }
    }
}

/// [`mask_into`] in blocks of `WIDTH` bytes, for a row of at least `WIDTH` bytes.
#[inline(always)]
fn mask_in_blocks<const WIDTH: usize>(out: &mut [u8], row: &[u8]) {
    let (blocks, _) = row.as_chunks::<WIDTH>();
    let (outs, _) = out.as_chunks_mut::<WIDTH>();
    for (out, block) in outs.iter_mut().zip(blocks) {
        mask_block(out, block);
    }
    let last = row.len().saturating_sub(WIDTH);
    if let (Some(out), Some(block)) = (
        out.get_mut(last..)
            .and_then(<[u8]>::first_chunk_mut::<WIDTH>),
        row.last_chunk::<WIDTH>(),
    ) {
        mask_block(out, block);
    }
}

/// One block of [`mask_into`]: a few vector instructions.
#[inline(always)]
fn mask_block<const WIDTH: usize>(out: &mut [u8; WIDTH], block: &[u8; WIDTH]) {
    for (out, byte) in out.iter_mut().zip(block) {
        *out = byte & 0x7F;
    }
}

/// A GB18030 column's texts: the distinct non-ASCII fields decoded so far, and the last field
/// decoded and not kept.
#[derive(Debug, Default)]
struct ColumnTexts {
    known: DecodedTexts,
    decoded: String,
}

/// A non-ASCII field as a column's texts look it up: where it is (column `index` of the row
/// `record`, for the decoder's error), its bytes and their key.
#[derive(Clone, Copy)]
struct NonAscii<'r> {
    record: &'r RawRow,
    index: usize,
    bytes: &'r [u8],
    key: Key,
}

impl ColumnTexts {
    /// The text of the non-ASCII field `field`: kept if the same bytes were decoded before
    /// (and texts are kept: `keep`), else decoded now by `csv`.
    #[inline]
    fn text<R: Read>(
        &mut self,
        csv: &mut CsvInput<R>,
        field: NonAscii<'_>,
        keep: bool,
    ) -> Result<&str, Error> {
        if keep && let Some(slot) = self.known.find(field.bytes, field.key) {
            return Ok(self.known.text(slot));
        }
        self.decode(csv, field, keep)
    }

    /// [`Self::text`] for a field not kept: decoded into [`Self::decoded`], and kept too if the
    /// column still keeps texts. Out of line: the look-up that finds most fields stays small.
    #[cold]
    #[inline(never)]
    fn decode<R: Read>(
        &mut self,
        csv: &mut CsvInput<R>,
        field: NonAscii<'_>,
        keep: bool,
    ) -> Result<&str, Error> {
        self.decoded.clear();
        csv.text_into(field.record, field.index, &mut self.decoded)?;
        if keep {
            self.known.keep(field.bytes, field.key, &self.decoded);
        }
        Ok(&self.decoded)
    }
}

/// The texts of a GB18030 column's distinct non-ASCII fields, by their bytes: the place
/// names and categories of an export repeat on most rows, and looking one up costs a mix of
/// a few bytes and one comparison where decoding it cost encoding_rs's decoder made anew and
/// its loop over every character (a quarter of a GB18030 city's instructions, issue 27).
/// Decoding depends on the bytes alone, so a text looked up is the text decoded.
///
/// Direct-mapped: a field's bytes have one slot (from their [`Key`]), the slot's key (and,
/// past 16 bytes, its bytes) is compared with the field's, and a field decoded that is not
/// there replaces what the slot held. A hash table's hash of every byte and its probe cost
/// more than the texts saved (issue 27: about 170 instructions a field); two frequent fields
/// sharing a slot only cost a decoding now and then.
///
/// Bounded, so that a column of texts that seldom repeat (addresses, descriptions) costs
/// little: fields longer than [`LONGEST_KNOWN`] bytes are never kept; once a column has kept
/// [`TRIAL`] texts, it is looked up (and keeps more) only while its look-ups have found at
/// least half as many texts as it has kept; it holds at most its slots' number of texts.
#[derive(Debug)]
struct DecodedTexts {
    /// The slots, made on the first text kept; `None` an empty one.
    slots: Vec<Option<KeptText>>,
    /// How far a key's mix is shifted right to leave a slot's number: 64 less the bits of the
    /// slot count (a power of two), so that the mix's top bits, the best mixed, choose.
    shift: u32,
    /// How many texts were kept (a replaced one included).
    kept: usize,
    /// How many look-ups found their text.
    found: usize,
    /// Whether texts of the column are still looked up: [`Self::fruitful`] when a text was
    /// last kept. Only keeping a text can make a column fruitless (finding one only makes it
    /// more fruitful), and a fruitless column neither finds nor keeps texts any more, so the
    /// flag is always what [`Self::fruitful`] says, without its sums on every look-up.
    open: bool,
}

/// One kept text and the bytes it was decoded from.
#[derive(Debug)]
struct KeptText {
    /// The bytes' key: equal keys are equal bytes when the bytes are 16 or fewer.
    key: Key,
    bytes: Box<[u8]>,
    text: Box<str>,
}

/// A field's length and its first and last bytes, as much of them as two overlapping loads
/// of a width the length allows read (eight, four, two or one bytes, zero-extended): of a
/// field of up to 16 bytes, all of its bytes, so that comparing keys compares the bytes
/// without a call to memcmp, and the two words tell whether the field is ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    len: usize,
    first: u64,
    last: u64,
}

/// The high bit of each byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of two words.
const HIGH_BITS_WIDE: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;

impl Key {
    /// The key of `bytes`: two loads of the widest width the length allows, the first at the
    /// start and the last ending at the end, which overlap or meet when the length is at most
    /// twice the width, so that they hold every byte (a byte at a time cost a GB18030 city's
    /// short fields, its categories and statuses, some thirty instructions each).
    #[inline(always)]
    fn of(bytes: &[u8]) -> Self {
        let (first, last) = if let (Some(first), Some(last)) =
            (bytes.first_chunk::<8>(), bytes.last_chunk::<8>())
        {
            (u64::from_le_bytes(*first), u64::from_le_bytes(*last))
        } else if let (Some(first), Some(last)) =
            (bytes.first_chunk::<4>(), bytes.last_chunk::<4>())
        {
            (
                u64::from(u32::from_le_bytes(*first)),
                u64::from(u32::from_le_bytes(*last)),
            )
        } else if let (Some(first), Some(last)) =
            (bytes.first_chunk::<2>(), bytes.last_chunk::<2>())
        {
            (
                u64::from(u16::from_le_bytes(*first)),
                u64::from(u16::from_le_bytes(*last)),
            )
        } else {
            let byte = u64::from(bytes.first().copied().unwrap_or(0));
            (byte, byte)
        };
        Self {
            len: bytes.len(),
            first,
            last,
        }
    }

    /// Whether `bytes`, the bytes this key is of, are ASCII: from the key's words alone when
    /// they hold every byte.
    #[inline(always)]
    fn is_ascii(&self, bytes: &[u8]) -> bool {
        if self.len <= 16 {
            return (self.first | self.last) & HIGH_BITS == 0;
        }
        // Times and dates (16 to 19 bytes) and long ids: two overlapping loads of 16 bytes
        // hold every byte of up to 32, where `is_ascii` cost some thirty instructions.
        match (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
            (Some(first), Some(last)) if self.len <= 32 => {
                (u128::from_le_bytes(*first) | u128::from_le_bytes(*last)) & HIGH_BITS_WIDE == 0
            }
            _ => bytes.is_ascii(),
        }
    }
}

/// The longest field, in bytes, whose text is kept (24 Chinese characters).
const LONGEST_KNOWN: usize = 48;

/// How many texts a column keeps before its texts must have been found again to keep more.
const TRIAL: usize = 1024;

/// How many slots a column has: at most this many texts kept (about 2.5 MiB of texts and
/// 896 KiB of slots; a district's neighborhoods, the most numerous place names, are some
/// thousands, so that few of them share a slot).
const MOST_KNOWN: usize = 16 * 1024;

impl Default for DecodedTexts {
    fn default() -> Self {
        Self::with_slots(MOST_KNOWN)
    }
}

impl DecodedTexts {
    /// A column of `slot_count` slots, rounded up to a power of two.
    fn with_slots(slot_count: usize) -> Self {
        Self {
            slots: Vec::new(),
            shift: 64 - slot_count.max(1).next_power_of_two().trailing_zeros(),
            kept: 0,
            found: 0,
            open: true,
        }
    }

    /// How many slots the column has (a power of two).
    fn slot_count(&self) -> usize {
        1usize.checked_shl(64 - self.shift).unwrap_or(usize::MAX)
    }

    /// Whether texts of the column are still looked up: they are found again often enough.
    fn fruitful(&self) -> bool {
        self.kept < TRIAL || self.found >= self.kept / 2
    }

    /// The slot of a field of key `key`: a multiplicative mix of its length and its first and
    /// last bytes (the whole field, for the place names of up to eight characters that most
    /// fields are).
    #[inline(always)]
    fn slot_of(&self, key: Key) -> usize {
        let mixed = (key.first ^ key.last.rotate_left(31) ^ key.len as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // One slot: no bits to take (a shift by 64 is none).
        mixed.checked_shr(self.shift).unwrap_or(0) as usize
    }

    /// The slot keeping the text of the non-ASCII field `field` (of key `key`), if the same
    /// bytes were decoded and kept before and the column is still looked up.
    #[inline(always)]
    fn find(&mut self, field: &[u8], key: Key) -> Option<usize> {
        // A field longer than those kept is never found: no kept text has its length.
        if !self.open {
            return None;
        }
        let slot = self.slot_of(key);
        let kept = self.slots.get(slot)?.as_ref()?;
        if kept.key == key && (key.len <= 16 || *kept.bytes == *field) {
            self.found += 1;
            return Some(slot);
        }
        None
    }

    /// Keeps `text`, decoded from `field` (of key `key`), in the field's slot, if the column
    /// still keeps texts and the field is not too long to keep.
    fn keep(&mut self, field: &[u8], key: Key, text: &str) {
        if field.len() > LONGEST_KNOWN || !self.open {
            return;
        }
        if self.slots.is_empty() {
            self.slots.resize_with(self.slot_count(), || None);
        }
        let slot = self.slot_of(key);
        if let Some(place) = self.slots.get_mut(slot) {
            *place = Some(KeptText {
                key,
                bytes: field.into(),
                text: text.into(),
            });
            self.kept += 1;
            self.open = self.fruitful();
        }
    }

    /// The text kept in `slot` (empty if none: never so for a slot [`Self::find`] gave).
    #[inline(always)]
    fn text(&self, slot: usize) -> &str {
        self.slots
            .get(slot)
            .and_then(Option::as_ref)
            .map_or("", |kept| &kept.text)
    }
}

/// Hands the CSV row in `buffers.bytes` to `then` as a [`Row`] of the columns `binding` finds:
/// their fields validated as UTF-8 where they stand when the file is UTF-8 (the others are
/// never looked at); when it is GB18030, its fields of ASCII read from one copy of the row,
/// validated once for the row, and the others found in `buffers` (decoded before) or decoded
/// into them. Bytes that are not valid text in a column wanted are the error `then` gets
/// instead.
pub(crate) fn with_row<R: Read, T>(
    csv: &mut CsvInput<R>,
    binding: &Binding,
    buffers: &mut RowBuffers,
    then: impl FnOnce(Result<&Row<'_>, Error>) -> T,
) -> T {
    let mut fields = [""; MAX_COLUMNS_ON_STACK];
    let mut more = Vec::new();
    let columns: &mut [&str] = if binding.len() <= MAX_COLUMNS_ON_STACK {
        &mut fields[..binding.len()]
    } else {
        more.resize(binding.len(), "");
        &mut more
    };
    if csv.reads_utf8(&buffers.bytes) {
        let bytes = &buffers.bytes;
        // The whole row validated at once: a field of valid text is then text where both its
        // ends are character boundaries. A row with bad bytes somewhere is validated field by
        // field, so that bad bytes in a column never read are no error.
        let valid = match simdutf8::basic::from_utf8(bytes.as_slice()) {
            Ok(whole) => fill(columns, binding, |index| match bytes.range(index) {
                Some(range) => whole.get(range),
                None => Some(""),
            }),
            Err(_) => fill(columns, binding, |index| {
                simdutf8::basic::from_utf8(bytes.get(index).unwrap_or_default()).ok()
            }),
        };
        if valid {
            return then(Ok(&Row::columns(columns, binding)));
        }
        // Invalid bytes in a column read: decoding it below names it.
    }
    let buffers = (&buffers.bytes, &mut buffers.texts, &mut buffers.masked);
    match decoded_fields(csv, binding, buffers, columns) {
        Ok(()) => then(Ok(&Row::columns(columns, binding))),
        Err(error) => then(Err(error)),
    }
}

/// Sets `columns` to the fields of the row `bytes` that is not all valid UTF-8 (a GB18030
/// row, or a UTF-8 one with bad bytes): its fields of ASCII read from one masked copy of the
/// row (`masked`), validated once for the row, and the others found in `texts` (decoded
/// before) or decoded into them; the error of the first column wanted whose bytes are not
/// text. Out of line: inlined, it made the UTF-8 rows' loop a few instructions a row dearer.
#[inline(never)]
fn decoded_fields<'b, R: Read>(
    csv: &mut CsvInput<R>,
    binding: &Binding,
    (bytes, texts, masked): (&'b RawRow, &'b mut Vec<ColumnTexts>, &'b mut MaskedRow),
    columns: &mut [&'b str],
) -> Result<(), Error> {
    if texts.len() != binding.len() {
        texts.resize_with(binding.len(), ColumnTexts::default);
    }
    // Texts are kept only once the file reads as GB18030 (its decoding never changes after),
    // not for a UTF-8 row with bad bytes.
    let keep = csv.reads_gb18030();
    let row = bytes.as_slice();
    let ends = bytes.ends();
    // The row's ASCII fields validated once for the row, not once per field (issue 27: a
    // per-field validation cost about 60 instructions a field).
    let ascii = masked.mask(row);
    // One pass over the columns wanted, each field's bytes read once for its key, which
    // tells whether it is ASCII too: fields of ASCII (ids, times, numbers) read the same in
    // every encoding and are read from the masked copy; the others are found kept or decoded.
    for ((column, found), texts) in columns.iter_mut().zip(binding).zip(texts.iter_mut()) {
        // A column the file lacks stays empty.
        let Some(index) = *found else {
            continue;
        };
        let Some(range) = field_range(ends, index) else {
            continue;
        };
        let Some(field) = row.get(range.clone()) else {
            continue;
        };
        let key = Key::of(field);
        *column = if key.is_ascii(field) {
            ascii.get(range).unwrap_or_default()
        } else {
            let field = NonAscii {
                record: bytes,
                index,
                bytes: field,
                key,
            };
            texts.text(csv, field, keep)?
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::read::encoding::Encoding;

    /// Every row of a GB18030 file of `rows`, as the texts of its two columns or the error's
    /// message: read with one set of buffers throughout (texts kept from row to row) when
    /// `kept`, else with new buffers for each row (every field decoded afresh).
    fn read(rows: &[(Vec<u8>, Vec<u8>)], kept: bool) -> Vec<Result<Vec<String>, String>> {
        read_with_slots(rows, kept, MOST_KNOWN)
    }

    /// [`read`], the kept texts of each column in `slots` slots (few: fields sharing them).
    fn read_with_slots(
        rows: &[(Vec<u8>, Vec<u8>)],
        kept: bool,
        slots: usize,
    ) -> Vec<Result<Vec<String>, String>> {
        let mut file = b"a,b\n".to_vec();
        for (a, b) in rows {
            file.extend_from_slice(a);
            file.push(b',');
            file.extend_from_slice(b);
            file.push(b'\n');
        }
        let mut csv =
            CsvInput::from_reader(file.as_slice(), Path::new("k.csv"), Encoding::Gb18030).unwrap();
        let binding: Binding = vec![Some(1), Some(0)];
        let mut buffers = RowBuffers {
            texts: vec![column(slots), column(slots)],
            ..RowBuffers::default()
        };
        let mut read = Vec::new();
        loop {
            if !kept {
                buffers = RowBuffers::default();
            }
            if !csv.read(&mut buffers.bytes).unwrap() {
                return read;
            }
            read.push(with_row(
                &mut csv,
                &binding,
                &mut buffers,
                |row| match row {
                    Ok(row) => Ok(vec![row.get(0).to_owned(), row.get(1).to_owned()]),
                    Err(error) => Err(error.to_string()),
                },
            ));
        }
    }

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn repeated_fields_read_as_decoded_and_bad_bytes_stay_errors() {
        let rows = [
            (gbk("天山二村"), gbk("市容环境")),
            (gbk("天山二村"), b"R1".to_vec()),
            (vec![0xB0, 0xA1, 0xFF], gbk("市容环境")),
            (vec![0xB0, 0xA1, 0xFF], gbk("天山二村")),
            (gbk(&"长".repeat(30)), gbk(&"长".repeat(30))),
        ];
        let kept = read(&rows, true);
        assert_eq!(kept, read(&rows, false));
        assert_eq!(kept[1], Ok(vec!["R1".to_owned(), "天山二村".to_owned()]));
        assert!(kept[2].is_err() && kept[3].is_err(), "{kept:?}");
    }

    /// How a field's text was had.
    #[derive(Debug, PartialEq, Eq)]
    enum Had {
        /// Found kept.
        Found,
        /// Decoded, and kept.
        Kept,
        /// Decoded, not kept.
        Decoded,
    }

    /// Reads `field` as column 0 of a row through `texts`, checks its text, and tells how
    /// it was had.
    fn find_text(texts: &mut ColumnTexts, field: &str) -> Had {
        thread_local! {
            static CSV: std::cell::RefCell<CsvInput<&'static [u8]>> = std::cell::RefCell::new(
                CsvInput::from_reader(&b"a\n"[..], Path::new("k.csv"), Encoding::Gb18030)
                    .unwrap(),
            );
        }
        let mut record = RawRow::new();
        let bytes = gbk(field);
        record.push_field(&bytes);
        let before = (texts.known.found, texts.known.kept);
        let text = CSV
            .with_borrow_mut(|csv| {
                texts
                    .text(
                        csv,
                        NonAscii {
                            record: &record,
                            index: 0,
                            bytes: &bytes,
                            key: Key::of(&bytes),
                        },
                        true,
                    )
                    .map(str::to_owned)
            })
            .unwrap();
        assert_eq!(text, field);
        match (texts.known.found - before.0, texts.known.kept - before.1) {
            (1, 0) => Had::Found,
            (0, 1) => Had::Kept,
            (0, 0) => Had::Decoded,
            counts => panic!("one read counted {counts:?}"),
        }
    }

    /// A column's texts of `slots` slots.
    fn column(slots: usize) -> ColumnTexts {
        ColumnTexts {
            known: DecodedTexts::with_slots(slots),
            decoded: String::new(),
        }
    }

    #[test]
    fn a_column_of_texts_that_seldom_repeat_stops_keeping_them() {
        // Addresses, each once: the column keeps its trial's texts, then no more.
        let mut addresses = column(MOST_KNOWN);
        for n in 0..TRIAL + 10 {
            find_text(&mut addresses, &format!("路{n}号"));
        }
        assert_eq!(addresses.known.kept, TRIAL);
        assert!(!addresses.known.fruitful() && !addresses.known.open);
        assert_eq!(find_text(&mut addresses, "路1号"), Had::Decoded);
        // Place names met again and again: kept past the trial, never more than the slots.
        let mut places = column(MOST_KNOWN);
        for n in 0..MOST_KNOWN + 10 {
            find_text(&mut places, &format!("小区{n}"));
            find_text(&mut places, &format!("小区{n}"));
        }
        let known = &places.known;
        assert!(
            known.kept > TRIAL && known.found >= MOST_KNOWN,
            "{}",
            known.kept
        );
        assert!(known.fruitful() && known.open);
        assert_eq!(known.slots.len(), MOST_KNOWN);
        assert!(known.slots.iter().flatten().count() <= MOST_KNOWN);
    }

    #[test]
    fn fields_sharing_a_slot_replace_each_other_and_read_right() {
        let mut texts = column(64);
        // Two names of the same slot, found by trying names in turn.
        let slot = |name: &str| texts.known.slot_of(Key::of(&gbk(name)));
        let names: Vec<String> = (0..200).map(|n| format!("天山{n}村")).collect();
        let shared = slot(&names[0]);
        let first = &names[0];
        let second = names[1..]
            .iter()
            .find(|name| slot(name) == shared)
            .expect("two of 200 names share one of 64 slots")
            .clone();
        assert_eq!(find_text(&mut texts, first), Had::Kept);
        assert_eq!(find_text(&mut texts, first), Had::Found);
        // The second replaces the first, which is then decoded again, never misread.
        assert_eq!(find_text(&mut texts, &second), Had::Kept);
        assert_eq!(find_text(&mut texts, first), Had::Kept);
        assert_eq!((texts.known.kept, texts.known.found), (3, 1));
        // Texts longer than kept ones are decoded every time.
        let long = "长".repeat(LONGEST_KNOWN);
        assert_eq!(find_text(&mut texts, &long), Had::Decoded);
        assert_eq!(find_text(&mut texts, &long), Had::Decoded);
    }

    #[test]
    fn a_one_slot_column_reads_like_any() {
        let rows = [
            (gbk("天山二村"), gbk("市容环境")),
            (gbk("天山三村"), gbk("市容环境")),
            (gbk("天山二村"), gbk("噪音")),
            (vec![0xB0, 0xA1, 0xFF], gbk("噪音")),
            (gbk("天山三村"), gbk("市容环境")),
        ];
        assert_eq!(read_with_slots(&rows, true, 1), read(&rows, false));
    }

    /// A field of the pool: GBK text, ASCII, a four-byte character, bytes that are not
    /// GB18030, or text too long to keep; never a comma, quote or line break.
    fn field() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(gbk("天山二村")),
            Just(gbk("市容环境")),
            Just(gbk("新华路12号")),
            Just(b"G7".to_vec()),
            Just(gbk("\u{80}€")),
            Just(gbk(&"遵".repeat(25))),
            Just(Vec::new()),
            proptest::collection::vec(0x80u8..=0xFF, 1..5),
        ]
    }

    /// Every row of a GB18030 file of `rows` (each row's first `width` fields, after an id),
    /// as the texts of the columns `binding` finds or the error's message, read with one set
    /// of buffers throughout.
    fn read_wide(
        rows: &[Vec<Vec<u8>>],
        width: usize,
        binding: &Binding,
    ) -> Vec<Result<Vec<String>, String>> {
        let mut file = b"c0".to_vec();
        for index in 1..=width {
            file.extend_from_slice(format!(",c{index}").as_bytes());
        }
        for (number, row) in rows.iter().enumerate() {
            file.extend_from_slice(format!("\nr{number}").as_bytes());
            for field in row.iter().take(width) {
                file.push(b',');
                file.extend_from_slice(field);
            }
        }
        file.push(b'\n');
        let mut csv =
            CsvInput::from_reader(file.as_slice(), Path::new("k.csv"), Encoding::Gb18030).unwrap();
        // Few slots: fields share them, and making them costs little.
        let mut buffers = RowBuffers {
            texts: binding.iter().map(|_| column(8)).collect(),
            ..RowBuffers::default()
        };
        let mut read = Vec::new();
        while csv.read(&mut buffers.bytes).unwrap() {
            read.push(with_row(&mut csv, binding, &mut buffers, |row| match row {
                Ok(row) => Ok((0..binding.len()).map(|n| row.get(n).to_owned()).collect()),
                Err(error) => Err(error.to_string()),
            }));
        }
        read
    }

    /// A field of a wide row: ASCII of any length (ids, times, numbers), GBK text, text
    /// with four-byte characters, bytes that are not GB18030, a mix of them, or nothing;
    /// never a comma, quote or line break.
    fn wide_field() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            3 => proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b'7'), Just(b':'), Just(0x7F)],
                0..30,
            ),
            2 => Just(gbk("天山二村")),
            1 => Just(gbk("市容环境")),
            // Characters encoded once (GB18030 has no state: the bytes of a text are its
            // characters' bytes one after the other).
            2 => proptest::collection::vec(
                prop_oneof![
                    Just(gbk("天")),
                    Just(b"a".to_vec()),
                    Just(gbk("\u{80}")),
                    Just(gbk("😀")),
                    Just(gbk("€")),
                ],
                0..14,
            )
            .prop_map(|parts| parts.concat()),
            1 => proptest::collection::vec(0x80u8..=0xFF, 1..5),
            1 => proptest::collection::vec(
                prop_oneof![Just(b'x'), 0x80u8..=0xFF, 0x30u8..=0x39],
                1..12,
            ),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// A row read with the texts kept from earlier rows reads exactly as with every field
        /// decoded afresh: the same texts, the same errors, for any mix of repeated, new, long
        /// and malformed fields.
        #[test]
        fn kept_texts_equal_fresh_decoding(
            rows in proptest::collection::vec((field(), field()), 1..24),
        ) {
            prop_assert_eq!(read(&rows, true), read(&rows, false));
        }

        /// A masked row is the row's bytes with their high bits cleared, then ASCII padding
        /// to whole blocks, at every length (the widths of its blocks change at 16 and 64
        /// bytes, and its last block overlaps the one before).
        #[test]
        fn a_masked_row_is_its_bytes_made_ascii(
            row in proptest::collection::vec(any::<u8>(), 0..300),
            earlier in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let mut masked = MaskedRow::default();
            // What an earlier, longer or shorter, row left is only ever padding.
            masked.mask(&earlier);
            let text = masked.mask(&row);
            prop_assert!(text.len() >= row.len().max(1) && text.len() % MASK_BLOCK == 0);
            let expected: Vec<u8> = row.iter().map(|byte| byte & 0x7F).collect();
            prop_assert_eq!(&text.as_bytes()[..row.len()], expected.as_slice());
            prop_assert!(text.is_ascii());
        }

        /// Two fields of up to 16 bytes have the same key exactly when they are the same
        /// bytes (a hit compares keys alone for them).
        #[test]
        fn short_fields_keys_equal_exactly_when_bytes_do(
            a in proptest::collection::vec(prop_oneof![Just(0u8), Just(1), Just(0xB0)], 0..=16),
            b in proptest::collection::vec(prop_oneof![Just(0u8), Just(1), Just(0xB0)], 0..=16),
        ) {
            prop_assert_eq!(Key::of(&a) == Key::of(&b), a == b);
        }

        /// A key tells whether its field is ASCII exactly when the field's bytes do, at every
        /// length (the widths of its loads change at 2, 4, 8, 16 and 32 bytes).
        #[test]
        fn keys_tell_ascii_fields(
            bytes in proptest::collection::vec(
                prop_oneof![24 => Just(b'a'), 2 => Just(0x7F), 1 => Just(0x80), 1 => Just(0xB0)],
                0..=40,
            ),
        ) {
            prop_assert_eq!(Key::of(&bytes).is_ascii(&bytes), bytes.is_ascii());
        }

        /// The same with so few slots that fields share them and replace each other.
        #[test]
        fn texts_kept_in_shared_slots_equal_fresh_decoding(
            rows in proptest::collection::vec((field(), field()), 1..24),
            slots in 1usize..4,
        ) {
            prop_assert_eq!(read_with_slots(&rows, true, slots), read(&rows, false));
        }

        /// Each field reads as encoding_rs decodes it alone, the ASCII ones read in place
        /// from the row validated once included; a row with a field that is not GB18030 is
        /// an error.
        #[test]
        fn fields_read_as_decoded_alone(
            rows in proptest::collection::vec((field(), field()), 1..24),
        ) {
            let alone = |bytes: &[u8]| {
                encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .map(|text| text.into_owned())
            };
            for (read, (a, b)) in read(&rows, true).into_iter().zip(&rows) {
                match (alone(b), alone(a)) {
                    (Some(b), Some(a)) => prop_assert_eq!(read, Ok(vec![b, a])),
                    _ => prop_assert!(read.is_err()),
                }
            }
        }
    }

    proptest! {
        // Each case draws some fifty fields: a few cases cover the shapes.
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Rows of any width, short and longer than several masked blocks, read with any
        /// columns wanted (some the file lacks, some twice, in any order): each field as
        /// encoding_rs decodes it alone, a column the file lacks empty, and a row whose
        /// column read holds bytes that are not GB18030 the error naming the first such
        /// column, its line and no other; bad bytes in a column not read are no error.
        #[test]
        fn wide_rows_read_as_decoded_alone(
            rows in proptest::collection::vec(
                proptest::collection::vec(wide_field(), 6),
                1..8,
            ),
            width in 1usize..=6,
            wanted in proptest::collection::vec(proptest::option::of(0usize..=6), 1..9),
        ) {
            let binding: Binding = wanted
                .iter()
                .map(|index| index.map(|index| index % (width + 1)))
                .collect();
            let alone = |bytes: &[u8]| {
                encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .map(|text| text.into_owned())
            };
            let read = read_wide(&rows, width, &binding);
            prop_assert_eq!(read.len(), rows.len());
            for (number, (read, row)) in read.into_iter().zip(&rows).enumerate() {
                let id = format!("r{number}").into_bytes();
                let field = |index: usize| match index {
                    0 => &id,
                    index => &row[index - 1],
                };
                let mut expected = Ok(Vec::new());
                for found in &binding {
                    let text = match found {
                        None => Some(String::new()),
                        Some(index) => alone(field(*index)),
                    };
                    match (text, &mut expected) {
                        (Some(text), Ok(texts)) => texts.push(text),
                        (None, Ok(_)) => expected = Err(found.unwrap_or_default()),
                        (_, Err(_)) => {}
                    }
                }
                match (read, expected) {
                    (Ok(texts), Ok(expected)) => prop_assert_eq!(texts, expected),
                    (Err(message), Err(index)) => prop_assert!(
                        message.contains(&format!("k.csv:{}: column 'c{index}'", number + 2)),
                        "{message}"
                    ),
                    (read, expected) => prop_assert!(false, "{read:?} against {expected:?}"),
                }
            }
        }
    }
}
