//! The rows of an export as `init` looks at them: every row as text, nothing assumed about
//! which is the header, for a CSV file its one table, for a workbook each of its sheets.
//!
//! A CSV file is streamed: its first [`ROWS_KEPT`] rows are kept as text (the header is
//! among them), and of the rows below only what `init` counts, the months of each column's
//! times, so that a city's 200 MB export never sits in memory whole (the offline page reads it
//! slice by slice from the browser). A workbook's sheets are read whole (workbooks are
//! smaller, and their reader holds them anyway); ranking reads every file streaming.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::period::Period;

/// How many rows of a CSV file are kept as text: far more than the header is looked for in.
pub(crate) const ROWS_KEPT: usize = 1000;

/// One table of rows: a CSV file, or a sheet of a workbook.
pub(crate) struct Table {
    /// The sheet's name, for a workbook.
    pub(crate) sheet: Option<String>,
    /// The rows, each cell as text (a date cell as `2024-05-18 12:36:00`).
    pub(crate) rows: Vec<Vec<String>>,
    /// Each row's number as reading names it (from 1): a CSV file's physical line (blank
    /// lines are not rows, and a quoted cell may hold several lines), a sheet's Excel row.
    pub(crate) numbers: Vec<u64>,
    /// Of the rows below the kept ones (a CSV file's beyond [`ROWS_KEPT`]), by column: how
    /// many cells hold a time of each month.
    pub(crate) tail_months: Vec<BTreeMap<Period, u64>>,
}

/// The tables of the file at `path`.
pub(crate) fn tables(path: &Path) -> Result<Vec<Table>> {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if extension == "csv" {
        return csv_table(path).map(|table| vec![table]);
    }
    sheets(path)
}

/// A CSV file's rows: UTF-8 (with or without a byte order mark) when it is valid UTF-8, else
/// GB18030 (what Chinese systems export); rows of any length, as a title row is shorter. The
/// first [`ROWS_KEPT`] rows are kept; of the others, the months of their times.
fn csv_table(path: &Path) -> Result<Table> {
    let io = |error: std::io::Error| Error::new(ErrorKind::io(&error), Location::at_file(path));
    let utf8 = is_utf8(crate::read::files::File::open(path).map_err(io)?).map_err(io)?;
    let text = Decoded::new(
        std::io::BufReader::with_capacity(
            1 << 16,
            crate::read::files::File::open(path).map_err(io)?,
        ),
        utf8,
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut rows = Vec::new();
    let mut numbers = Vec::new();
    let mut tail_months: Vec<BTreeMap<Period, u64>> = Vec::new();
    // The physical line a row starts on: the line ends before its first byte, plus one (the
    // CSV reader's own line count passes over blank lines).
    let (mut counted, mut line) = (0_usize, 1_u64);
    let mut record = csv::StringRecord::new();
    // A row the CSV reader cannot read ends what init looks at; ranking names it.
    while let Ok(true) = reader.read_record(&mut record) {
        if rows.len() >= ROWS_KEPT {
            for (column, field) in record.iter().enumerate() {
                if let Some(month) = month_of(field) {
                    if tail_months.len() <= column {
                        tail_months.resize_with(column + 1, BTreeMap::new);
                    }
                    *tail_months[column].entry(month).or_default() += 1;
                }
            }
            continue;
        }
        let kept = reader.get_ref().kept();
        // The reader's position may lie on the line end before the row (the `\n` of a
        // `\r\n`, or blank lines): no row starts with a line end, so they are passed over.
        let mut start = record
            .position()
            .map_or(counted, |position| position.byte() as usize);
        while kept
            .get(start)
            .is_some_and(|byte| matches!(byte, b'\r' | b'\n'))
        {
            start += 1;
        }
        if let Some(between) = kept.get(counted..start) {
            line += between.iter().filter(|byte| **byte == b'\n').count() as u64;
            counted = start;
        }
        numbers.push(line);
        rows.push(record.iter().map(str::to_owned).collect());
        if rows.len() == ROWS_KEPT {
            reader.get_mut().stop_keeping();
        }
    }
    Ok(Table {
        sheet: None,
        rows,
        numbers,
        tail_months,
    })
}

/// The month of the time `field` holds, if it holds one.
pub(crate) fn month_of(field: &str) -> Option<Period> {
    let time = crate::source::field::time(field).ok()??;
    Period::month(time.year(), time.month() as u8)
}

/// Whether all of `input` is UTF-8 (a byte order mark included), read in slices.
fn is_utf8(mut input: impl Read) -> std::io::Result<bool> {
    let mut buffer = vec![0; 1 << 16];
    // The bytes of a character cut by the end of the last slice.
    let mut carried = 0;
    loop {
        let read = input.read(&mut buffer[carried..])?;
        if read == 0 {
            return Ok(carried == 0);
        }
        let filled = carried + read;
        match std::str::from_utf8(&buffer[..filled]) {
            Ok(_) => carried = 0,
            Err(error) if error.error_len().is_none() => {
                let valid = error.valid_up_to();
                buffer.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// A file's text as UTF-8 bytes, decoded as it is read: UTF-8 without its byte order mark, or
/// GB18030. The bytes of the first rows are kept, to count their lines by.
struct Decoded<R> {
    input: R,
    /// `None`: UTF-8, passed through.
    decoder: Option<encoding_rs::Decoder>,
    /// Whether the start (a byte order mark) is still to be looked at.
    at_start: bool,
    /// Read but not yet decoded (GB18030), and decoded but not yet handed on.
    undecoded: Vec<u8>,
    decoded: Vec<u8>,
    handed: usize,
    ended: bool,
    /// The text handed on so far, while kept.
    kept: Vec<u8>,
    keeping: bool,
}

impl<R: Read> Decoded<R> {
    fn new(input: R, utf8: bool) -> Decoded<R> {
        Decoded {
            input,
            decoder: (!utf8).then(|| encoding_rs::GB18030.new_decoder_without_bom_handling()),
            at_start: true,
            undecoded: Vec::new(),
            decoded: Vec::new(),
            handed: 0,
            ended: false,
            kept: Vec::new(),
            keeping: true,
        }
    }

    /// The text handed on so far (while kept).
    fn kept(&self) -> &[u8] {
        &self.kept
    }

    /// Keeps no more text: the rows looked at are read.
    fn stop_keeping(&mut self) {
        self.keeping = false;
        self.kept = Vec::new();
    }

    /// Decodes the next slice of the input; `false` at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.ended {
            return Ok(false);
        }
        let mut slice = vec![0; 1 << 16];
        let read = self.input.read(&mut slice)?;
        slice.truncate(read);
        let last = read == 0;
        if self.at_start {
            // A byte order mark may be cut by the slice's end: wait for three bytes. It is
            // no text, whichever the encoding (as reading drops it).
            self.undecoded.extend_from_slice(&slice);
            if self.undecoded.len() < 3 && !last {
                return Ok(true);
            }
            self.at_start = false;
            let bytes = std::mem::take(&mut self.undecoded);
            slice = bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(&bytes)
                .to_vec();
        }
        if let Some(decoder) = &mut self.decoder {
            self.undecoded.extend_from_slice(&slice);
            let room = decoder
                .max_utf8_buffer_length(self.undecoded.len())
                .unwrap_or(self.undecoded.len() * 3 + 16);
            self.decoded = vec![0; room];
            let (_, consumed, written, _) =
                decoder.decode_to_utf8(&self.undecoded, &mut self.decoded, last);
            self.decoded.truncate(written);
            self.undecoded.drain(..consumed);
        } else {
            self.decoded = slice;
        }
        self.handed = 0;
        self.ended = last;
        Ok(true)
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.handed >= self.decoded.len() {
            if !self.fill()? {
                return Ok(0);
            }
        }
        let available = &self.decoded[self.handed..];
        let count = available.len().min(buffer.len());
        buffer[..count].copy_from_slice(&available[..count]);
        if self.keeping {
            self.kept.extend_from_slice(&available[..count]);
        }
        self.handed += count;
        Ok(count)
    }
}

/// Each sheet's rows, in the workbook's order.
#[cfg(feature = "spreadsheet")]
fn sheets(path: &Path) -> Result<Vec<Table>> {
    use calamine::Reader as _;
    let workbook_error =
        |message: String| Error::new(ErrorKind::Workbook { message }, Location::at_file(path));
    let mut workbook =
        calamine::open_workbook_auto(path).map_err(|error| workbook_error(error.to_string()))?;
    let mut tables = Vec::new();
    for name in workbook.sheet_names() {
        let Ok(range) = workbook.worksheet_range(&name) else {
            continue;
        };
        let mut rows = Vec::new();
        // Rows above the range's first are blank: kept, so positions are the sheet's rows.
        let (top, _) = range.start().unwrap_or((0, 0));
        rows.extend((0..top).map(|_| Vec::new()));
        for row in range.rows() {
            let cells = row
                .iter()
                .map(|cell| {
                    let mut text = String::new();
                    // A cell that cannot be written as text (an error cell) reads as empty.
                    match crate::source::sheet::cell::Value::from(cell).write(&mut text) {
                        Ok(()) => text,
                        Err(_) => String::new(),
                    }
                })
                .collect();
            rows.push(cells);
        }
        let numbers = (1..=rows.len() as u64).collect();
        tables.push(Table {
            sheet: Some(name),
            rows,
            numbers,
            tail_months: Vec::new(),
        });
    }
    Ok(tables)
}

/// Without the `spreadsheet` feature, a workbook is named as unread.
#[cfg(not(feature = "spreadsheet"))]
fn sheets(path: &Path) -> Result<Vec<Table>> {
    Err(Error::new(
        ErrorKind::Workbook {
            message: "workbooks are read by the `spreadsheet` feature, which this build lacks"
                .to_owned(),
        },
        Location::at_file(path),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands on one byte a read: every slice boundary falls inside a character somewhere.
    struct ByteByByte<'a>(&'a [u8]);

    impl Read for ByteByByte<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buffer.first_mut()) {
                (Some((first, rest)), Some(into)) => {
                    *into = *first;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn decoded(bytes: &[u8], utf8: bool) -> String {
        let mut text = String::new();
        Decoded::new(ByteByByte(bytes), utf8)
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn text_decodes_the_same_in_slices_as_whole() {
        let text = "编号,时间,小区\n1,2024-05-18 12:36,天山新村\n";
        let (gb18030, _, _) = encoding_rs::GB18030.encode(text);
        assert!(!is_utf8(ByteByByte(&gb18030)).unwrap());
        assert_eq!(decoded(&gb18030, false), text);
        let with_mark = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert!(is_utf8(ByteByByte(&with_mark)).unwrap());
        assert_eq!(decoded(&with_mark, true), text);
        // Two bytes of a mark and no more: no mark, and no text either (not UTF-8).
        assert!(!is_utf8(ByteByByte(b"\xEF\xBB")).unwrap());
    }

    #[test]
    fn rows_below_the_kept_ones_count_their_months() {
        let folder =
            std::env::temp_dir().join(format!("livability-init-tables-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join("hotline.csv");
        let mut text = "编号,时间\n".to_owned();
        for row in 0..ROWS_KEPT + 10 {
            let month = if row < ROWS_KEPT { 4 } else { 5 };
            text.push_str(&format!("{row},2024-0{month}-18 12:36\n"));
        }
        std::fs::write(&path, &text).unwrap();
        let table = csv_table(&path).unwrap();
        std::fs::remove_dir_all(&folder).unwrap();
        assert_eq!(table.rows.len(), ROWS_KEPT);
        assert_eq!(table.numbers.last(), Some(&(ROWS_KEPT as u64)));
        let may = Period::month(2024, 5).unwrap();
        assert_eq!(
            table.tail_months.get(1).and_then(|months| months.get(&may)),
            Some(&10)
        );
        // The row kept last is April's; May's rows are below.
        assert_eq!(
            table.rows.last().map(|row| row[1].as_str()),
            Some("2024-04-18 12:36")
        );
    }
}
