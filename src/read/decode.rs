//! A CSV row's fields as text, without copying where the file is UTF-8: the one step between
//! a row's bytes and a [`Row`] of the columns a reader wants.

use std::io::Read;

use csv::ByteRecord;

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
    pub(crate) bytes: ByteRecord,
    /// Fields decoded from GB18030, one per column wanted.
    decoded: Vec<String>,
}

/// Hands the CSV row in `buffers.bytes` to `then` as a [`Row`] of the columns `binding` finds:
/// their fields validated as UTF-8 where they stand when the file is UTF-8 (the others are
/// never looked at), decoded field by field into `buffers` when it is GB18030. Bytes that are
/// not valid text in a column wanted are the error `then` gets instead.
pub(crate) fn with_row<R: Read, T>(
    csv: &mut CsvInput<R>,
    binding: &Binding,
    buffers: &mut RowBuffers,
    then: impl FnOnce(Result<&Row<'_>, Error>) -> T,
) -> T {
    if csv.reads_utf8(&buffers.bytes) {
        let mut fields = [""; MAX_COLUMNS_ON_STACK];
        let mut more = Vec::new();
        let columns: &mut [&str] = if binding.len() <= MAX_COLUMNS_ON_STACK {
            &mut fields[..binding.len()]
        } else {
            more.resize(binding.len(), "");
            &mut more
        };
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
    buffers.decoded.resize(binding.len(), String::new());
    for (column, found) in binding.iter().enumerate() {
        let decoded = &mut buffers.decoded[column];
        decoded.clear();
        if let Some(index) = found
            && let Err(error) = csv.text_into(&buffers.bytes, *index, decoded)
        {
            return then(Err(error));
        }
    }
    then(Ok(&Row::decoded(&buffers.decoded, binding)))
}
