//! A starter spec for the exports in a folder ([`init`], as `livability init` writes it). Each
//! CSV file or workbook is recognized by its header; the spec names the sources found and the
//! three boards of the seed over them, with the latest month of their records
//! (of a quarter of the busiest month's records at least) as the period.

pub(crate) mod header_row;
mod recognize;
mod starter;
mod tables;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub use recognize::Role;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::period::Period;
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
    /// a kind `grid_2`, and so on. Files of one kind with the same header share the id: the
    /// months of one export, read as one source of several files.
    pub source: Option<String>,
    /// For a workbook whose records are not on its first sheet (a summary sheet first): the
    /// sheet they are on, the one whose header names the most known columns.
    pub sheet: Option<String>,
    /// The header's row (from 1): below a title and metadata rows, the row among the first
    /// 30 that holds the most known headers.
    pub header_row: u32,
    /// Whether the spec must name the header's row (`header_row`, or `places_header_row`):
    /// reading finds the header by itself (the row naming the most of the columns it reads),
    /// and takes another row of this file than the one `init` found.
    pub header_row_needed: bool,
    /// For a source: the columns the spec maps (canonical name → the header as written),
    /// where the export holds two headers of one column (a hotline's 来电时间 and 派单时间):
    /// the first by the kind's order of headers.
    pub columns: Vec<(String, String)>,
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

/// [`init`] on folder `dir` of the files `files` provides (the offline page's dropped files)
/// instead of the native file system's.
///
/// ```
/// use std::sync::Arc;
/// use livability::input::files::MemoryFiles;
///
/// let mut files = MemoryFiles::new();
/// for name in ["places.csv", "grid.csv", "hotline.csv", "police.csv", "sanitation.csv"] {
///     files.insert(format!("dropped/{name}"), std::fs::read(format!("fixtures/tianshan/{name}")).unwrap());
/// }
/// let starter = livability::init::init_in("dropped", Arc::new(files))?;
/// assert_eq!(starter.recognized.len(), 5);
/// # Ok::<(), livability::Error>(())
/// ```
pub fn init_in(
    dir: impl AsRef<Path>,
    files: Arc<dyn crate::read::files::Files>,
) -> Result<Starter> {
    crate::read::files::within(Some(files), || init(dir))
}

/// The extensions of the files looked at: CSV, and the workbooks the `spreadsheet` feature
/// reads.
const EXTENSIONS: [&str; 5] = ["csv", "xlsx", "xlsm", "xls", "ods"];

/// Looks at every CSV file and workbook in folder `dir` (not in its subfolders), recognizes
/// each by its header (the places: id, kind and name columns, or an office's 名录/一览 list
/// of one kind, every one of them written into `places = [..]`; a `table` source: period,
/// place, indicator and value; a raw source: a time column, and the columns, headers or file
/// name that tell its kind), and writes a starter spec with the three boards of the seed over
/// what it found. Files it cannot place are named, with why. It writes nothing: the binary
/// saves the spec, never over an existing one.
///
/// ```
/// let starter = livability::init::init("fixtures/tianshan")?;
/// assert_eq!(starter.recognized.len(), 5);
/// assert!(starter.left_out.is_empty());
/// let spec = livability::Spec::from_toml_str(&starter.spec, "fixtures/tianshan/spec.toml")?;
/// assert_eq!(spec.board_ids().count(), 3);
/// # Ok::<(), livability::Error>(())
/// ```
pub fn init(dir: impl AsRef<Path>) -> Result<Starter> {
    let dir = dir.as_ref();
    let listed = crate::read::files::files_in(dir)
        .map_err(|error| Error::new(ErrorKind::io(&error), Location::at_file(dir)))?;
    let mut files: Vec<std::path::PathBuf> = listed
        .into_iter()
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
    let mut shapes: Vec<(String, Shape)> = Vec::new();
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
        let tables = match tables::tables(path) {
            Ok(tables) => tables,
            Err(error) => {
                unrecognized.push(unplaced(error.kind().to_string()));
                continue;
            }
        };
        let Some(found) = detail_table(&tables) else {
            unrecognized.push(unplaced("empty: no row to read a header from".to_owned()));
            continue;
        };
        let table = &tables[found.table];
        let header = Header::new(table.rows[found.row].iter());
        let role = match recognize::recognize(&header, &stem) {
            Ok(role) => role,
            Err(why) => {
                unrecognized.push(unplaced(why));
                continue;
            }
        };
        let mut columns = Vec::new();
        let search;
        let source = match role {
            Role::Places | Role::PlaceList(_) => {
                // Every places file is read (`places = [..]`): the boards may divide by an
                // attribute of any of them.
                for index in 0..header.len() {
                    let attribute = crate::name::normalize(header.cell(index)).into_owned();
                    if !attributes.contains(&attribute) {
                        attributes.push(attribute);
                    }
                }
                search = crate::places::header_search(None);
                None
            }
            Role::Source(kind) => {
                columns = recognize::mappings(&header, kind);
                search = crate::read::header::HeaderSearch::for_columns(
                    &kind.columns(),
                    columns.iter().map(|(_, header)| header.as_str()),
                    None,
                );
                if kind != SourceKind::Table {
                    count_months(&header, &columns, table, found.row, &mut months);
                }
                // Files of one kind with one header (its cells, the sheet read, the columns
                // mapped) are the months of one export: one source of several files.
                let shape = Shape {
                    kind,
                    cells: (0..header.len())
                        .map(|index| crate::name::normalize(header.cell(index)).into_owned())
                        .collect(),
                    sheet: sheet_of(table, &found),
                    columns: columns.clone(),
                };
                let id = match shapes.iter().find(|(_, known)| *known == shape) {
                    Some((id, _)) => id.clone(),
                    None => {
                        let same = shapes
                            .iter()
                            .filter(|(_, known)| known.kind == kind)
                            .count();
                        let id = match same {
                            0 => kind.as_str().to_owned(),
                            n => format!("{}_{}", kind.as_str(), n + 1),
                        };
                        shapes.push((id.clone(), shape));
                        id
                    }
                };
                Some(id)
            }
        };
        let sheet = sheet_of(table, &found);
        let number = table
            .numbers
            .get(found.row)
            .copied()
            .unwrap_or(found.row as u64 + 1);
        recognized.push(Recognized {
            file,
            role,
            source,
            sheet,
            header_row: u32::try_from(number).unwrap_or(u32::MAX),
            header_row_needed: reading_finds(table, &search) != Some(found.row),
            columns,
        });
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

/// The position in `table` of the row reading takes for the header, searching as `search`
/// says: among the first rows holding anything, as the CSV and sheet readers look.
fn reading_finds(
    table: &tables::Table,
    search: &crate::read::header::HeaderSearch,
) -> Option<usize> {
    let (positions, rows): (Vec<usize>, Vec<(u64, Vec<&str>)>) = table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.iter().any(|cell| !cell.trim().is_empty()))
        .take(crate::read::header::HEADER_SCAN_ROWS)
        .map(|(position, row)| {
            let number = table
                .numbers
                .get(position)
                .copied()
                .unwrap_or(position as u64 + 1);
            (position, (number, row.iter().map(String::as_str).collect()))
        })
        .unzip();
    let chosen = search.choose(&rows)?;
    positions.get(chosen).copied()
}

/// What makes files of one kind one source.
#[derive(PartialEq, Eq)]
struct Shape {
    kind: SourceKind,
    cells: Vec<String>,
    sheet: Option<String>,
    columns: Vec<(String, String)>,
}

/// A workbook's sheet, named when it is not the first (which is read by default).
fn sheet_of(table: &tables::Table, found: &Found) -> Option<String> {
    table.sheet.clone().filter(|_| found.table > 0)
}

/// Where the records of a file are: the table (a CSV file's one, or a workbook's sheet) and
/// the header's position in it.
struct Found {
    table: usize,
    row: usize,
}

/// The detail table of a file: of its tables, the one whose header row holds the most known
/// headers (see [`header_row`]), the first of equals. A workbook that opens on a summary sheet (汇总: a few
/// counts per category) keeps its records on a later sheet, whose header names more of the
/// columns a source reads.
fn detail_table(tables: &[tables::Table]) -> Option<Found> {
    let mut best: Option<(Found, usize)> = None;
    for (index, table) in tables.iter().enumerate() {
        if let Some((row, known)) = header_row::header_row(&table.rows)
            && best.as_ref().is_none_or(|(_, most)| known > *most)
        {
            best = Some((Found { table: index, row }, known));
        }
    }
    // Without a row of known headers, the first sheet's first row that holds anything is
    // taken for the header, for `recognize` to say what it lacks.
    best.map(|(found, _)| found).or_else(|| {
        let table = tables.first()?;
        let row = table
            .rows
            .iter()
            .position(|row| row.iter().any(|cell| !cell.trim().is_empty()))?;
        Some(Found { table: 0, row })
    })
}

/// Counts the records of `table` below its header (at `header_row`) in each month, by the
/// time column.
fn count_months(
    header: &Header,
    columns: &[(String, String)],
    table: &tables::Table,
    header_row: usize,
    months: &mut BTreeMap<Period, u64>,
) {
    let mapped = columns
        .iter()
        .find(|(column, _)| column == "time")
        .map(|(_, header)| header.as_str());
    let index = match mapped {
        Some(mapped) => header.find_name(mapped),
        None => header
            .find(&crate::source::kinds::TIME, None)
            .ok()
            .flatten(),
    };
    let Some(index) = index else {
        return;
    };
    for row in table.rows.iter().skip(header_row + 1) {
        if let Some(month) = row.get(index).and_then(|field| tables::month_of(field)) {
            *months.entry(month).or_default() += 1;
        }
    }
    for (month, count) in table.tail_months.get(index).into_iter().flatten() {
        *months.entry(*month).or_default() += count;
    }
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
