//! A CSV row's fields as text, without copying where the file is UTF-8: the one step between
//! a row's bytes and a [`Row`] of the columns a reader wants. A GB18030 file's repeated
//! non-ASCII fields (place names, categories) are decoded once and looked up after.

use std::collections::HashMap;
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
    /// Fields decoded from GB18030, one per column wanted.
    decoded: Vec<String>,
    /// Per column wanted, the text of the distinct non-ASCII fields decoded so far.
    known: Vec<DecodedTexts>,
    /// A decoded row's bytes with every byte above ASCII masked into ASCII: its ASCII
    /// fields' text, validated once for the row.
    masked: Vec<u8>,
    /// Per column wanted, whether the row's field was decoded (it is not ASCII).
    is_decoded: Vec<bool>,
}

/// The texts of a GB18030 column's distinct non-ASCII fields, by their bytes: the place
/// names and categories of an export repeat on most rows, and looking one up costs a hash of
/// a few bytes where decoding it cost encoding_rs's decoder made anew and its loop over every
/// character (a quarter of a GB18030 city's instructions, issue 27). Decoding depends on the
/// bytes alone, so a text looked up is the text decoded.
///
/// Bounded, so that a column of texts that seldom repeat (addresses, descriptions) costs
/// little: fields longer than [`LONGEST_KNOWN`] bytes are never kept; once a column keeps
/// [`TRIAL`] texts, it is looked up (and keeps more) only while its look-ups have found at
/// least half as many texts as it keeps, and it never keeps more than [`MOST_KNOWN`].
#[derive(Debug, Default)]
struct DecodedTexts {
    texts: HashMap<Box<[u8]>, Box<str>, foldhash::fast::FixedState>,
    /// How many look-ups found their text.
    found: usize,
}

/// The longest field, in bytes, whose text is kept (24 Chinese characters).
const LONGEST_KNOWN: usize = 48;

/// How many texts a column keeps before its texts must have been found again to keep more.
const TRIAL: usize = 1024;

/// How many distinct texts a column keeps at most (about 2.5 MiB; a district's neighborhoods,
/// the most numerous place names, are some thousands).
const MOST_KNOWN: usize = 16 * 1024;

impl DecodedTexts {
    /// Whether texts of the column are still looked up: they are found again often enough.
    fn fruitful(&self) -> bool {
        self.texts.len() < TRIAL || self.found >= self.texts.len() / 2
    }

    /// Appends the text of the field `bytes` (column `index` of the row in `record`) to
    /// `text`: the one kept if the same bytes were decoded before, else decoded now by `csv`
    /// (and kept, if there is room).
    fn text_into<R: Read>(
        &mut self,
        csv: &mut CsvInput<R>,
        record: &RawRow,
        index: usize,
        text: &mut String,
    ) -> Result<(), Error> {
        let bytes = record.get(index).unwrap_or_default();
        if bytes.len() > LONGEST_KNOWN || bytes.is_ascii() || !self.fruitful() {
            return csv.text_into(record, index, text);
        }
        if let Some(known) = self.texts.get(bytes) {
            self.found += 1;
            text.push_str(known);
            return Ok(());
        }
        csv.text_into(record, index, text)?;
        if self.texts.len() < MOST_KNOWN {
            self.texts.insert(bytes.into(), text.as_str().into());
        }
        Ok(())
    }
}

/// Hands the CSV row in `buffers.bytes` to `then` as a [`Row`] of the columns `binding` finds:
/// their fields validated as UTF-8 where they stand when the file is UTF-8 (the others are
/// never looked at); when it is GB18030, its fields of ASCII read from one copy of the row,
/// validated once for the row, and the others decoded into `buffers` (or found there, decoded
/// before). Bytes that are not valid text in a column wanted are the error `then` gets
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
    let (masked, is_decoded) = (&mut buffers.masked, &mut buffers.is_decoded);
    decoded.resize(binding.len(), String::new());
    is_decoded.clear();
    is_decoded.resize(binding.len(), false);
    // Texts are kept only once the file reads as GB18030 (its decoding never changes after),
    // not for a UTF-8 row with bad bytes.
    let keep = csv.reads_gb18030();
    if keep {
        known.resize_with(binding.len(), DecodedTexts::default);
    }
    // Fields of ASCII (ids, times, numbers) read the same in every encoding: they are read
    // from the masked copy below; the others are decoded into the buffers first.
    for (column, found) in binding.iter().enumerate() {
        let Some(index) = found else {
            continue;
        };
        if bytes.get(*index).is_none_or(<[u8]>::is_ascii) {
            continue;
        }
        is_decoded[column] = true;
        let text = &mut decoded[column];
        text.clear();
        let read = match known.get_mut(column).filter(|_| keep) {
            Some(known) => known.text_into(csv, bytes, *index, text),
            None => csv.text_into(bytes, *index, text),
        };
        if let Err(error) = read {
            return then(Err(error));
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
    for (((field, found), decoded), is_decoded) in columns
        .iter_mut()
        .zip(binding)
        .zip(&*decoded)
        .zip(&*is_decoded)
    {
        *field = match found {
            Some(_) if *is_decoded => decoded,
            Some(index) => bytes
                .range(*index)
                .and_then(|range| ascii.get(range))
                .unwrap_or(""),
            None => "",
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
        let mut buffers = RowBuffers::default();
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

    #[test]
    fn a_column_of_texts_that_seldom_repeat_stops_keeping_them() {
        let mut csv =
            CsvInput::from_reader(&b"a\n"[..], Path::new("k.csv"), Encoding::Gb18030).unwrap();
        let mut record = RawRow::new();
        let mut read = |known: &mut DecodedTexts, field: &str| {
            record.clear();
            record.push_field(&gbk(field));
            let mut text = String::new();
            known.text_into(&mut csv, &record, 0, &mut text).unwrap();
            assert_eq!(text, field);
        };
        // Addresses, each once: the column keeps its trial's texts, then no more.
        let mut addresses = DecodedTexts::default();
        for n in 0..TRIAL + 10 {
            read(&mut addresses, &format!("路{n}号"));
        }
        assert_eq!(addresses.texts.len(), TRIAL);
        assert!(!addresses.fruitful());
        // Place names met again and again: kept past the trial, up to the bound.
        let mut places = DecodedTexts::default();
        for n in 0..MOST_KNOWN + 10 {
            read(&mut places, &format!("小区{n}"));
            read(&mut places, &format!("小区{n}"));
        }
        assert_eq!(places.texts.len(), MOST_KNOWN);
        assert!(places.fruitful());
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
