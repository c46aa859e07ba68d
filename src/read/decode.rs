//! A CSV row's fields as text, without copying where the file is UTF-8: the one step between
//! a row's bytes and a [`Row`] of the columns a reader wants. A GB18030 file's repeated
//! non-ASCII fields (place names, categories) are decoded once and looked up after.

use std::io::Read;

use crate::read::raw_row::RawRow;

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
    /// Fields decoded from GB18030 and not kept, one per column wanted.
    decoded: Vec<String>,
    /// Per column wanted, the text of the distinct non-ASCII fields decoded so far.
    known: Vec<DecodedTexts>,
    /// A decoded row's bytes with every byte above ASCII masked into ASCII: its ASCII
    /// fields' text, validated once for the row.
    masked: Vec<u8>,
    /// Per column wanted, where the row's field's text is.
    found_in: Vec<FoundIn>,
}

/// Where a GB18030 row's field's text is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FoundIn {
    /// The field is ASCII (or the file lacks the column): its text is in the masked row.
    Ascii,
    /// Decoded into the column's buffer in [`RowBuffers::decoded`].
    Decoded,
    /// Kept in this slot of the column's [`DecodedTexts`], read from there without a copy.
    Kept(usize),
}

/// The texts of a GB18030 column's distinct non-ASCII fields, by their bytes: the place
/// names and categories of an export repeat on most rows, and looking one up costs a mix of
/// a few bytes and one comparison where decoding it cost encoding_rs's decoder made anew and
/// its loop over every character (a quarter of a GB18030 city's instructions, issue 27).
/// Decoding depends on the bytes alone, so a text looked up is the text decoded.
///
/// Direct-mapped: a field's bytes have one slot (from their length and their first and last
/// eight bytes), the slot's bytes are compared with the field's, and a field decoded that is
/// not there replaces what the slot held. A hash table's hash of every byte and its probe
/// cost more than the texts saved (issue 27: about 170 instructions a field); two frequent
/// fields sharing a slot only cost a decoding now and then.
///
/// Bounded, so that a column of texts that seldom repeat (addresses, descriptions) costs
/// little: fields longer than [`LONGEST_KNOWN`] bytes are never kept; once a column has kept
/// [`TRIAL`] texts, it is looked up (and keeps more) only while its look-ups have found at
/// least half as many texts as it has kept; it holds at most its slots' number of texts.
#[derive(Debug)]
struct DecodedTexts {
    /// The slots, made on the first text kept; `None` an empty one.
    slots: Vec<Option<KeptText>>,
    /// How many slots the column has (a power of two).
    slot_count: usize,
    /// How many texts were kept (a replaced one included).
    kept: usize,
    /// How many look-ups found their text.
    found: usize,
}

/// One kept text and the bytes it was decoded from.
#[derive(Debug)]
struct KeptText {
    /// The bytes' key: equal keys are equal bytes when the bytes are 16 or fewer.
    key: Key,
    bytes: Box<[u8]>,
    text: Box<str>,
}

/// A field's length and its first and last eight bytes (each zero-padded if shorter): of a
/// field of up to 16 bytes, all of its bytes, so that comparing keys compares the bytes
/// without a call to memcmp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    len: usize,
    first: u64,
    last: u64,
}

impl Key {
    fn of(bytes: &[u8]) -> Self {
        let (first, last) = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
            (Some(first), Some(last)) => (u64::from_le_bytes(*first), u64::from_le_bytes(*last)),
            // Shorter than a word: its bytes in one, the same word first and last.
            _ => {
                let word = bytes
                    .iter()
                    .fold(0u64, |word, byte| word << 8 | u64::from(*byte));
                (word, word)
            }
        };
        Self {
            len: bytes.len(),
            first,
            last,
        }
    }
}

/// The longest field, in bytes, whose text is kept (24 Chinese characters).
const LONGEST_KNOWN: usize = 48;

/// How many texts a column keeps before its texts must have been found again to keep more.
const TRIAL: usize = 1024;

/// How many slots a column has: at most this many texts kept (about 2.5 MiB of texts and
/// 512 KiB of slots; a district's neighborhoods, the most numerous place names, are some
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
            slot_count: slot_count.max(1).next_power_of_two(),
            kept: 0,
            found: 0,
        }
    }

    /// Whether texts of the column are still looked up: they are found again often enough.
    fn fruitful(&self) -> bool {
        self.kept < TRIAL || self.found >= self.kept / 2
    }

    /// The slot of a field's `bytes` and its key: a multiplicative mix of their length and
    /// their first and last eight bytes (the whole field, for the place names of up to eight
    /// characters that most fields are).
    fn slot_of(&self, bytes: &[u8]) -> (usize, Key) {
        let key = Key::of(bytes);
        let mixed = (key.first ^ key.last.rotate_left(31) ^ bytes.len() as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // The top bits, the best mixed; the slot count is a power of two at most 2^63.
        let bits = self.slot_count.trailing_zeros();
        let slot = if bits == 0 {
            0
        } else {
            (mixed >> (64 - bits)) as usize
        };
        (slot, key)
    }

    /// Where the text of the non-ASCII field `bytes` (column `index` of the row in `record`)
    /// is: the slot keeping it if the same bytes were decoded before, else decoded now by
    /// `csv` into `text` and kept (if the column still keeps texts).
    fn find<R: Read>(
        &mut self,
        csv: &mut CsvInput<R>,
        record: &RawRow,
        index: usize,
        text: &mut String,
    ) -> Result<FoundIn, Error> {
        let bytes = record.get(index).unwrap_or_default();
        if bytes.len() > LONGEST_KNOWN || !self.fruitful() {
            csv.text_into(record, index, text)?;
            return Ok(FoundIn::Decoded);
        }
        let (slot, key) = self.slot_of(bytes);
        if let Some(Some(kept)) = self.slots.get(slot)
            && kept.key == key
            && (bytes.len() <= 16 || *kept.bytes == *bytes)
        {
            self.found += 1;
            return Ok(FoundIn::Kept(slot));
        }
        csv.text_into(record, index, text)?;
        if self.slots.is_empty() {
            self.slots.resize_with(self.slot_count, || None);
        }
        let Some(place) = self.slots.get_mut(slot) else {
            return Ok(FoundIn::Decoded);
        };
        *place = Some(KeptText {
            key,
            bytes: bytes.into(),
            text: text.as_str().into(),
        });
        self.kept += 1;
        Ok(FoundIn::Kept(slot))
    }

    /// The text kept in `slot` (empty if none: never so for a slot [`Self::find`] gave).
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
    let bytes = &buffers.bytes;
    let (decoded, known) = (&mut buffers.decoded, &mut buffers.known);
    let (masked, found_in) = (&mut buffers.masked, &mut buffers.found_in);
    decoded.resize(binding.len(), String::new());
    found_in.clear();
    found_in.resize(binding.len(), FoundIn::Ascii);
    // Texts are kept only once the file reads as GB18030 (its decoding never changes after),
    // not for a UTF-8 row with bad bytes.
    let keep = csv.reads_gb18030();
    if keep {
        known.resize_with(binding.len(), DecodedTexts::default);
    }
    // Fields of ASCII (ids, times, numbers) read the same in every encoding: they are read
    // from the masked copy below; the others are found kept or decoded first.
    for (((column, found), text), found_in) in binding
        .iter()
        .enumerate()
        .zip(decoded.iter_mut())
        .zip(found_in.iter_mut())
    {
        let Some(index) = found else {
            continue;
        };
        if bytes.get(*index).is_none_or(<[u8]>::is_ascii) {
            continue;
        }
        text.clear();
        let read = match known.get_mut(column).filter(|_| keep) {
            Some(known) => known.find(csv, bytes, *index, text),
            None => csv
                .text_into(bytes, *index, text)
                .map(|()| FoundIn::Decoded),
        };
        match read {
            Ok(found) => *found_in = found,
            Err(error) => return then(Err(error)),
        }
    }
    // The row's ASCII fields validated once for the row, not once per field: a copy of the
    // row with every byte above ASCII masked into it is ASCII throughout, so it is text, and
    // an ASCII field's text in it is the field's own (issue 27: a per-field validation cost
    // about 60 instructions a field).
    masked.clear();
    masked.extend(bytes.as_slice().iter().map(|byte| byte & 0x7F));
    // Never an error (every byte is ASCII); an empty text if it were, not a panic.
    let ascii = simdutf8::basic::from_utf8(masked).unwrap_or_default();
    for ((((field, found), decoded), found_in), column) in columns
        .iter_mut()
        .zip(binding)
        .zip(&*decoded)
        .zip(&*found_in)
        .zip(0..)
    {
        *field = match (found, found_in) {
            (None, _) => "",
            (Some(_), FoundIn::Decoded) => decoded,
            (Some(_), FoundIn::Kept(slot)) => known
                .get(column)
                .map_or("", |known: &DecodedTexts| known.text(*slot)),
            (Some(index), FoundIn::Ascii) => bytes
                .range(*index)
                .and_then(|range| ascii.get(range))
                .unwrap_or(""),
        };
    }
    then(Ok(&Row::columns(columns, binding)))
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
            known: vec![
                DecodedTexts::with_slots(slots),
                DecodedTexts::with_slots(slots),
            ],
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

    /// Reads `field` as column 0 of a row through `known`, and checks its text.
    fn find_text(known: &mut DecodedTexts, field: &str) -> FoundIn {
        thread_local! {
            static CSV: std::cell::RefCell<CsvInput<&'static [u8]>> = std::cell::RefCell::new(
                CsvInput::from_reader(&b"a\n"[..], Path::new("k.csv"), Encoding::Gb18030)
                    .unwrap(),
            );
        }
        let mut record = RawRow::new();
        record.push_field(&gbk(field));
        let mut text = String::new();
        let found = CSV
            .with_borrow_mut(|csv| known.find(csv, &record, 0, &mut text))
            .unwrap();
        match found {
            FoundIn::Kept(slot) => assert_eq!(known.text(slot), field),
            FoundIn::Decoded => assert_eq!(text, field),
            FoundIn::Ascii => panic!("a non-ASCII field found as ASCII"),
        }
        found
    }

    #[test]
    fn a_column_of_texts_that_seldom_repeat_stops_keeping_them() {
        // Addresses, each once: the column keeps its trial's texts, then no more.
        let mut addresses = DecodedTexts::default();
        for n in 0..TRIAL + 10 {
            find_text(&mut addresses, &format!("路{n}号"));
        }
        assert_eq!(addresses.kept, TRIAL);
        assert!(!addresses.fruitful());
        assert_eq!(find_text(&mut addresses, "路1号"), FoundIn::Decoded);
        // Place names met again and again: kept past the trial, never more than the slots.
        let mut places = DecodedTexts::default();
        for n in 0..MOST_KNOWN + 10 {
            find_text(&mut places, &format!("小区{n}"));
            find_text(&mut places, &format!("小区{n}"));
        }
        assert!(
            places.kept > TRIAL && places.found >= MOST_KNOWN,
            "{}",
            places.kept
        );
        assert!(places.fruitful());
        assert_eq!(places.slots.len(), MOST_KNOWN);
        assert!(places.slots.iter().flatten().count() <= MOST_KNOWN);
    }

    #[test]
    fn fields_sharing_a_slot_replace_each_other_and_read_right() {
        let mut known = DecodedTexts::with_slots(64);
        // Two names of the same slot, found by trying names in turn.
        let names: Vec<String> = (0..200).map(|n| format!("天山{n}村")).collect();
        let shared = known.slot_of(&gbk(&names[0])).0;
        let first = &names[0];
        let second = names[1..]
            .iter()
            .find(|name| known.slot_of(&gbk(name)).0 == shared)
            .expect("two of 200 names share one of 64 slots");
        assert_eq!(find_text(&mut known, first), FoundIn::Kept(shared));
        assert_eq!(find_text(&mut known, first), FoundIn::Kept(shared));
        assert_eq!(known.found, 1);
        // The second replaces the first, which is then decoded again, never misread.
        assert_eq!(find_text(&mut known, second), FoundIn::Kept(shared));
        assert_eq!(known.found, 1);
        assert_eq!(find_text(&mut known, first), FoundIn::Kept(shared));
        assert_eq!((known.kept, known.found), (3, 1));
        // Texts longer than kept ones are decoded every time.
        let long = "长".repeat(LONGEST_KNOWN);
        assert_eq!(find_text(&mut known, &long), FoundIn::Decoded);
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

        /// Two fields of up to 16 bytes have the same key exactly when they are the same
        /// bytes (a hit compares keys alone for them).
        #[test]
        fn short_fields_keys_equal_exactly_when_bytes_do(
            a in proptest::collection::vec(prop_oneof![Just(0u8), Just(1), Just(0xB0)], 0..=16),
            b in proptest::collection::vec(prop_oneof![Just(0u8), Just(1), Just(0xB0)], 0..=16),
        ) {
            prop_assert_eq!(Key::of(&a) == Key::of(&b), a == b);
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
}
