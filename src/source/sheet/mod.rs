//! Places and sources from workbooks: `.xlsx` (and `.xlsm`) sheets streamed cell by cell,
//! `.xls` and `.ods` sheets loaded whole within stated limits. A sheet is turned into the
//! text its CSV export would hold ([`text`]), cell by cell as Excel shows it ([`cell`]), and
//! read by the same CSV reader, header matching and record typing as an export, so that a
//! workbook and its CSV export give the same boards; errors name the sheet's cell
//! ([`map`]): `grid.xlsx!Sheet1!B7`.

pub(crate) mod cell;
mod layout;
mod map;
mod ods_layout;
mod text;
mod xls_layout;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, ErrorKind, Location, Result};
use crate::progress::FileProgress;
use crate::read::csv::CsvInput;
use crate::read::encoding::Encoding;
use crate::read::header::HeaderSearch;

pub(crate) use map::SheetMap;
pub(crate) use text::SheetText;

/// A workbook's format, by its name's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Office Open XML (`.xlsx`, `.xlsm`): streamed.
    Xlsx,
    /// Excel 97–2003 (`.xls`): loaded whole.
    Xls,
    /// OpenDocument (`.ods`): loaded whole.
    Ods,
}

impl Format {
    /// The format a file's name says, if it names a workbook.
    pub(crate) fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => ".xlsx",
            Format::Xls => ".xls",
            Format::Ods => ".ods",
        }
    }
}

/// How large a workbook of a format that is loaded whole may be.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// The largest `.xls` or `.ods` file.
    pub(crate) loaded_bytes: u64,
    /// The most cells (rows × columns) of an `.xls` or `.ods` sheet.
    pub(crate) loaded_cells: u64,
}

impl Limits {
    /// 64 MiB and 10 million cells: a sheet of a few hundred MiB in memory at most.
    pub(crate) const DEFAULT: Limits = Limits {
        loaded_bytes: 64 << 20,
        loaded_cells: 10_000_000,
    };
}

/// Where a workbook's bytes are.
#[derive(Clone, Debug)]
pub(crate) enum Data {
    File(PathBuf),
    Bytes(Arc<[u8]>),
}

/// A sheet to read: the workbook, its format, the sheet (by default the first).
#[derive(Clone, Debug)]
pub(crate) struct Source {
    /// The workbook's name in messages.
    pub(crate) path: PathBuf,
    pub(crate) data: Data,
    pub(crate) format: Format,
    pub(crate) sheet: Option<String>,
    /// How the header row is found.
    pub(crate) header: HeaderSearch,
}

impl Source {
    /// The file at `path`, if its name says it is a workbook.
    pub(crate) fn file(path: &Path, sheet: Option<&str>) -> Option<Source> {
        Some(Source {
            path: path.to_path_buf(),
            data: Data::File(path.to_path_buf()),
            format: Format::of(path)?,
            sheet: sheet.map(str::to_owned),
            header: HeaderSearch::first_row(),
        })
    }

    /// The same sheet, its header found as `header` says.
    pub(crate) fn with_header(self, header: HeaderSearch) -> Source {
        Source { header, ..self }
    }

    /// A workbook in memory; `name` names it in messages and says its format.
    pub(crate) fn bytes(bytes: Arc<[u8]>, name: &Path, sheet: Option<&str>) -> Result<Source> {
        let format = Format::of(name).ok_or_else(|| {
            Error::new(
                ErrorKind::Workbook {
                    message:
                        "its name ends in none of .xlsx, .xlsm, .xls, .ods, which say its format"
                            .to_owned(),
                },
                Location::at_file(name),
            )
        })?;
        Ok(Source {
            path: name.to_path_buf(),
            data: Data::Bytes(bytes),
            format,
            sheet: sheet.map(str::to_owned),
            header: HeaderSearch::first_row(),
        })
    }

    /// Starts reading the sheet; returns once its header is read.
    pub(crate) fn open(&self, progress: Option<FileProgress>) -> Result<SheetInput> {
        let (text, map, failure) = SheetText::start(self, Limits::DEFAULT, progress)?;
        let input = SheetInput {
            map,
            failure,
            csv: None,
        };
        let csv = CsvInput::from_reader(text, &self.path, Encoding::Utf8)
            .map_err(|error| input.error(error))?;
        Ok(SheetInput {
            csv: Some(csv),
            ..input
        })
    }
}

/// A sheet being read as CSV text.
pub(crate) struct SheetInput {
    csv: Option<CsvInput<SheetText>>,
    pub(crate) map: Arc<SheetMap>,
    failure: Arc<Mutex<Option<Error>>>,
}

impl SheetInput {
    /// The sheet's text, to read as CSV; `None` once taken.
    pub(crate) fn take_csv(&mut self) -> Option<CsvInput<SheetText>> {
        self.csv.take()
    }

    /// An error met while reading the sheet, as it is to be reported: what stopped the sheet's
    /// text (an error cell, a corrupt part of the workbook) rather than the I/O error the CSV
    /// reader saw, and located in the sheet.
    pub(crate) fn error(&self, error: Error) -> Error {
        let stopped = match self.failure.lock() {
            Ok(mut failure) => failure.take(),
            Err(_) => None,
        };
        match stopped {
            Some(stopped) => stopped,
            None => self.map.locate_error(error),
        }
    }
}
