//! `livability init`: a starter spec for the exports in a folder. Each CSV file or workbook
//! is recognized by its header ([`recognize`]); the spec names the sources found and the
//! three boards of the seed over them ([`starter`]), with the latest month of their records
//! (of a quarter of the busiest month's records at least) as the period.

mod recognize;
mod starter;

use std::collections::BTreeMap;
use std::io::Read;
#[cfg(not(feature = "spreadsheet"))]
use std::ops::Not as _;
use std::path::Path;

pub use recognize::Role;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::period::Period;
use crate::read::csv::CsvInput;
use crate::read::encoding::Encoding;
use crate::read::header::Header;
use crate::source::SourceKind;

/// What [`init`] found in a folder, and the starter spec it wrote over it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Starter {
    /// The spec's text, to save as `spec.toml` in the folder (paths in it are the files'
    /// names, relative to the folder).
    pub spec: String,
    /// The files recognized, in name order.
    pub recognized: Vec<Recognized>,
    /// The files that could not be placed, and why.
    pub unrecognized: Vec<Unrecognized>,
    /// The seed's boards left out (as comments in the spec), each with what it needs.
    pub left_out: Vec<String>,
}

/// A file [`init`] recognized.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recognized {
    /// The file's name.
    pub file: String,
    /// What it is.
    pub role: Role,
    /// For a source, its id in the spec: the kind's name (`grid`), or for a second export of
    /// a kind `grid_2`, and so on.
    pub source: Option<String>,
}

/// A file [`init`] could not place.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unrecognized {
    /// The file's name.
    pub file: String,
    /// Why.
    pub why: String,
}

/// The extensions of the files looked at: CSV, and the workbooks the `spreadsheet` feature
/// reads.
const EXTENSIONS: [&str; 5] = ["csv", "xlsx", "xlsm", "xls", "ods"];

/// Looks at every CSV file and workbook in folder `dir` (not in its subfolders), recognizes
/// each by its header (the places: id, kind and name columns; a `table` source: period,
/// place, indicator and value; a raw source: a time column, and the columns, headers or file
/// name that tell its kind), and writes a starter spec with the three boards of the seed over
/// what it found. Files it cannot place are named, with why. It writes nothing: the binary
/// saves the spec, never over an existing one.
///
/// ```
/// let starter = livability::init("fixtures/tianshan")?;
/// assert_eq!(starter.recognized.len(), 5);
/// assert!(starter.left_out.is_empty());
/// let spec = livability::Spec::from_toml_str(&starter.spec, "fixtures/tianshan/spec.toml")?;
/// assert_eq!(spec.board_ids().count(), 3);
/// # Ok::<(), livability::Error>(())
/// ```
pub fn init(dir: impl AsRef<Path>) -> Result<Starter> {
    let dir = dir.as_ref();
    let entries = std::fs::read_dir(dir)
        .map_err(|error| Error::new(ErrorKind::io(&error), Location::at_file(dir)))?;
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_file())
        .filter(|path| {
            path.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| {
                    EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
                })
        })
        .collect();
    files.sort();
    let mut recognized: Vec<Recognized> = Vec::new();
    let mut unrecognized = Vec::new();
    let mut attributes = Vec::new();
    let mut months = BTreeMap::new();
    for path in &files {
        let file = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unplaced = |why: String| Unrecognized {
            file: file.clone(),
            why,
        };
        let header = match read_header(path) {
            Ok(header) => header,
            Err(error) => {
                unrecognized.push(unplaced(error.kind().to_string()));
                continue;
            }
        };
        let role = match recognize::recognize(&header, &stem) {
            Ok(role) => role,
            Err(why) => {
                unrecognized.push(unplaced(why));
                continue;
            }
        };
        let source = match role {
            Role::Places => {
                if recognized.iter().any(|found| found.role == Role::Places) {
                    unrecognized.push(unplaced(
                        "a second places file: a spec reads one, the first by name".to_owned(),
                    ));
                    continue;
                }
                attributes = (0..header.len())
                    .map(|index| crate::name::normalize(header.cell(index)).into_owned())
                    .collect();
                None
            }
            Role::Source(kind) => {
                let same = recognized
                    .iter()
                    .filter(|found| found.role == Role::Source(kind))
                    .count();
                // A file that read once reads again; if not, it has no months to count.
                if kind != SourceKind::Table {
                    let _ = count_months(path, &mut months);
                }
                Some(match same {
                    0 => kind.as_str().to_owned(),
                    n => format!("{}_{}", kind.as_str(), n + 1),
                })
            }
        };
        recognized.push(Recognized { file, role, source });
    }
    let period = month_to_rank(&months);
    let (spec, left_out) = starter::starter(&recognized, &attributes, period);
    Ok(Starter {
        spec,
        recognized,
        unrecognized,
        left_out,
    })
}

/// The header of a CSV file or workbook.
fn read_header(path: &Path) -> Result<Header> {
    with_rows(path, |csv| Ok(csv.header().clone()))
}

/// Runs `then` on the file read as CSV: a CSV file, or a workbook's first sheet.
fn with_rows<T>(path: &Path, then: impl FnOnce(&mut dyn Rows) -> Result<T>) -> Result<T> {
    #[cfg(feature = "spreadsheet")]
    if let Some(source) = crate::source::sheet::Source::file(path, None) {
        let mut input = source.open(None)?;
        let Some(mut csv) = input.take_csv() else {
            return Err(Error::new(ErrorKind::NoHeaderRow, Location::at_file(path)));
        };
        return then(&mut csv).map_err(|error| input.error(error));
    }
    #[cfg(not(feature = "spreadsheet"))]
    if path
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv").not())
    {
        return Err(Error::new(
            ErrorKind::Workbook {
                message: "workbooks are read by the `spreadsheet` feature, which this build lacks"
                    .to_owned(),
            },
            Location::at_file(path),
        ));
    }
    let mut csv = CsvInput::open(path, Encoding::Auto)?;
    then(&mut csv)
}

/// A CSV input of any reader, as [`with_rows`] hands it over.
trait Rows {
    fn header(&self) -> &Header;
    /// The next row's field `index` as text, `None` at the end; a row that cannot be read
    /// is skipped.
    fn next_field(&mut self, index: usize, field: &mut String) -> Option<()>;
}

impl<R: Read> Rows for CsvInput<R> {
    fn header(&self) -> &Header {
        CsvInput::header(self)
    }

    fn next_field(&mut self, index: usize, field: &mut String) -> Option<()> {
        let mut record = csv::ByteRecord::new();
        loop {
            match self.read(&mut record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(error) if error.is_row_error() => continue,
                Err(_) => return None,
            }
            field.clear();
            if self.text_into(&record, index, field).is_ok() {
                return Some(());
            }
        }
    }
}

/// How many records of the raw source at `path` fall in each month, by its time column.
fn count_months(path: &Path, months: &mut BTreeMap<Period, u64>) -> Result<()> {
    with_rows(path, |rows| {
        let Ok(Some(index)) = rows.header().find(&crate::source::kinds::TIME, None) else {
            return Ok(());
        };
        let mut field = String::new();
        while rows.next_field(index, &mut field).is_some() {
            if let Ok(Some(time)) = crate::source::field::time(&field)
                && let Some(month) = Period::month(time.year(), time.month() as u8)
            {
                *months.entry(month).or_default() += 1;
            }
        }
        Ok(())
    })
}

/// The month to rank: the latest holding at least a quarter as many records as the busiest,
/// so that a few records of the next month in an export (entered late, or early) do not make
/// it the month of the data.
fn month_to_rank(months: &BTreeMap<Period, u64>) -> Option<Period> {
    let busiest = months.values().copied().max()?;
    months
        .iter()
        .rev()
        .find(|(_, count)| **count * 4 >= busiest)
        .map(|(month, _)| *month)
}
