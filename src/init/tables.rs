//! The rows of an export as `init` looks at them: every row as text, nothing assumed about
//! which is the header, for a CSV file its one table, for a workbook each of its sheets.
//!
//! `init` runs once on a folder, so a file is read whole into memory here (a month's exports
//! are megabytes); ranking reads them streaming, as the spec then says.

use std::path::Path;

use crate::error::{Error, ErrorKind, Location, Result};

/// One table of rows: a CSV file, or a sheet of a workbook.
pub(crate) struct Table {
    /// The sheet's name, for a workbook.
    pub(crate) sheet: Option<String>,
    /// The rows, each cell as text (a date cell as `2024-05-18 12:36:00`).
    pub(crate) rows: Vec<Vec<String>>,
    /// Each row's number as reading names it (from 1): a CSV file's physical line (blank
    /// lines are not rows, and a quoted cell may hold several lines), a sheet's Excel row.
    pub(crate) numbers: Vec<u64>,
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
/// GB18030 (what Chinese systems export); rows of any length, as a title row is shorter.
fn csv_table(path: &Path) -> Result<Table> {
    let bytes = crate::read::files::read(path)
        .map_err(|error| Error::new(ErrorKind::io(&error), Location::at_file(path)))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut numbers = Vec::new();
    // The physical line a row starts on: the line ends before its first byte, plus one (the
    // CSV reader's own line count passes over blank lines).
    let (mut counted, mut line) = (0_usize, 1_u64);
    for record in reader.records() {
        // A row the CSV reader cannot read ends what init looks at; ranking names it.
        let Ok(record) = record else { break };
        // The reader's position may lie on the line end before the row (the `\n` of a
        // `\r\n`, or blank lines): no row starts with a line end, so they are passed over.
        let mut start = record
            .position()
            .map_or(counted, |position| position.byte() as usize);
        while text
            .as_bytes()
            .get(start)
            .is_some_and(|byte| matches!(byte, b'\r' | b'\n'))
        {
            start += 1;
        }
        if let Some(between) = text.as_bytes().get(counted..start) {
            line += between.iter().filter(|byte| **byte == b'\n').count() as u64;
            counted = start;
        }
        numbers.push(line);
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(Table {
        sheet: None,
        rows,
        numbers,
    })
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
