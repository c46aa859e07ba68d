//! Where a line of a sheet's text is in the sheet: its row, and a column's cell reference, so
//! that an error the CSV reader or the records' typing raises names `grid.xlsx!Sheet1!B7`.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Location};

/// A sheet's header and the few places where its text's lines and its rows part.
#[derive(Debug)]
pub(crate) struct SheetMap {
    path: PathBuf,
    sheet: String,
    /// The header's row (1-based): line 1 of the text.
    header_row: u64,
    /// The header's cells: (column, as written, trimmed).
    names: Vec<(u32, String)>,
    /// (line, row) from which line `line + k` is row `row + k`: where the header's row, a run
    /// of blank rows left out or a cell of several lines parts lines from rows. Empty for most
    /// sheets, where line *n* is row *n*.
    shifts: Mutex<Vec<(u64, u64)>>,
    /// Cells filled from their merged region's first cell, once the sheet is read.
    filled: AtomicU64,
    /// The rows below the header that the sheet hides, once it is read.
    hidden: Mutex<Vec<u64>>,
}

impl SheetMap {
    pub(crate) fn new(
        path: PathBuf,
        sheet: String,
        header_row: u64,
        names: Vec<(u32, String)>,
    ) -> SheetMap {
        SheetMap {
            path,
            sheet,
            header_row,
            names,
            shifts: Mutex::new(Vec::new()),
            filled: AtomicU64::new(0),
            hidden: Mutex::new(Vec::new()),
        }
    }

    /// The header's row (1-based, as Excel numbers it).
    pub(crate) fn header_row(&self) -> u64 {
        self.header_row
    }

    /// Notes that `cells` cells were filled from their merged region's first cell.
    pub(crate) fn note_filled(&self, cells: u64) {
        self.filled.store(cells, Ordering::Relaxed);
    }

    /// Notes the rows (1-based) below the header that the sheet hides.
    pub(crate) fn note_hidden(&self, rows: Vec<u64>) {
        if let Ok(mut hidden) = self.hidden.lock() {
            *hidden = rows;
        }
    }

    /// The rows (1-based) below the header that the sheet hides, once it is read.
    pub(crate) fn hidden(&self) -> Vec<u64> {
        self.hidden
            .lock()
            .map(|hidden| hidden.clone())
            .unwrap_or_default()
    }

    /// The sheet's name.
    pub(crate) fn sheet(&self) -> &str {
        &self.sheet
    }

    /// The cells filled from their merged region's first cell (all of them once the sheet
    /// is read).
    pub(crate) fn filled(&self) -> u64 {
        self.filled.load(Ordering::Relaxed)
    }

    /// Notes that line `line` and those below are row `row` and those below.
    pub(crate) fn shift(&self, line: u64, row: u64) {
        if let Ok(mut shifts) = self.shifts.lock() {
            shifts.push((line, row));
        }
    }

    /// The header cell of `column` (0-based), as written.
    pub(crate) fn header_of(&self, column: u32) -> Option<&str> {
        self.names
            .iter()
            .find(|(at, _)| *at == column)
            .map(|(_, name)| name.as_str())
    }

    /// The row of line `line` of the text.
    pub(crate) fn row_of(&self, line: u64) -> u64 {
        if line <= 1 {
            return self.header_row;
        }
        let shifts = match self.shifts.lock() {
            Ok(shifts) => shifts,
            Err(poisoned) => poisoned.into_inner(),
        };
        let at = shifts.partition_point(|(start, _)| *start <= line);
        match at.checked_sub(1).map(|at| shifts[at]) {
            Some((start, row)) => row + (line - start),
            None => line,
        }
    }

    /// `location` in the sheet, when it is in the sheet's text: its row, and its cell when
    /// it names a column.
    pub(crate) fn locate(&self, location: Location) -> Location {
        match location {
            Location::File { path, line, column } if path == self.path => {
                let row = line.map(|line| self.row_of(line));
                let cell = match (&column, row) {
                    (Some(name), Some(row)) => self
                        .names
                        .iter()
                        .find(|(_, header)| header == name.trim())
                        .map(|(at, _)| format!("{}{row}", column_letters(*at))),
                    _ => None,
                };
                Location::Sheet {
                    path,
                    sheet: self.sheet.clone(),
                    row,
                    cell,
                    column,
                }
            }
            other => other,
        }
    }

    /// `error`, located in the sheet.
    pub(crate) fn locate_error(&self, error: Error) -> Error {
        error.relocated(|location| self.locate(location))
    }
}

/// A column's letters as Excel writes them: 0 is `A`, 25 `Z`, 26 `AA`.
pub(crate) fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let digit = ((n - 1) % 26) as u8;
        letters.push(b'A' + digit);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn lines_are_rows_but_where_a_cell_of_several_lines_shifted_them() {
        let map = SheetMap::new(
            PathBuf::from("g.xlsx"),
            "Sheet1".to_owned(),
            3,
            vec![(0, "id".to_owned()), (1, "time".to_owned())],
        );
        assert_eq!(map.row_of(1), 3);
        assert_eq!(map.row_of(7), 7);
        // Row 8 held a cell of two lines: line 10 is row 9.
        map.shift(10, 9);
        assert_eq!(map.row_of(9), 9);
        assert_eq!(map.row_of(10), 9);
        assert_eq!(map.row_of(12), 11);
        let location = map.locate(Location::at_line(
            std::path::Path::new("g.xlsx"),
            12,
            Some("time"),
        ));
        assert_eq!(location.to_string(), "g.xlsx!Sheet1!B11: column 'time'");
        let row = map.locate(Location::at_line(std::path::Path::new("g.xlsx"), 5, None));
        assert_eq!(row.to_string(), "g.xlsx!Sheet1!5:5");
    }
}
