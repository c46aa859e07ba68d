//! A header: the column names of a CSV file or of an in-memory record, and how a column a
//! reader asks for is found among them.

use crate::error::{ErrorKind, shorten};
use crate::name::normalize;

use super::csv::Column;

/// Column names as written, and as matched (trimmed, NFKC).
#[derive(Clone, Debug, Default)]
pub(crate) struct Header {
    cells: Vec<String>,
    keys: Vec<String>,
}

impl Header {
    /// A header of `cells`, as written.
    pub(crate) fn new<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Header {
        let mut header = Header::default();
        for cell in cells {
            let cell = cell.as_ref().trim();
            header.keys.push(normalize(cell).into_owned());
            header.cells.push(cell.to_owned());
        }
        header
    }

    /// The number of columns.
    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    /// The cell of column `index` as written, for messages.
    pub(crate) fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("?", String::as_str)
    }

    /// The index of `column`: the header `mapped` if the spec maps the column to one, else the
    /// column's own name (ignoring ASCII case) or one of its other headers. Two matching cells
    /// are an error; none is `None`.
    pub(crate) fn find(
        &self,
        column: &Column,
        mapped: Option<&str>,
    ) -> Result<Option<usize>, ErrorKind> {
        let mapped = mapped.map(normalize);
        let matches = |key: &str| match &mapped {
            Some(mapped) => key == mapped.as_ref(),
            None => key.eq_ignore_ascii_case(column.name) || column.headers.contains(&key),
        };
        let mut found: Option<usize> = None;
        for (index, key) in self.keys.iter().enumerate() {
            if matches(key) {
                if let Some(first) = found {
                    return Err(ErrorKind::AmbiguousColumn {
                        column: column.name.to_owned(),
                        first: shorten(&self.cells[first]),
                        second: shorten(&self.cells[index]),
                        remedy: String::new(),
                    });
                }
                found = Some(index);
            }
        }
        Ok(found)
    }

    /// Like [`find`](Self::find), but a missing column is an error.
    pub(crate) fn require(
        &self,
        column: &Column,
        mapped: Option<&str>,
    ) -> Result<usize, ErrorKind> {
        self.find(column, mapped)?
            .ok_or_else(|| missing(column.name, looked_for(column, mapped)))
    }

    /// The index of the cell named `name` (compared after trim + NFKC), for columns that the
    /// spec names by their header.
    pub(crate) fn find_name(&self, name: &str) -> Option<usize> {
        let name = normalize(name);
        self.keys.iter().position(|key| *key == name)
    }
}

/// `kind` with the remedy of a source's ambiguous column: mapping one in the spec.
pub(crate) fn for_source(mut kind: ErrorKind, source: &str) -> ErrorKind {
    if let ErrorKind::AmbiguousColumn { remedy, .. } = &mut kind {
        *remedy = format!(": map one with [sources.{}.columns]", shorten(source));
    }
    kind
}

/// The headers that would have matched `column`, for messages.
pub(crate) fn looked_for(column: &Column, mapped: Option<&str>) -> String {
    match mapped {
        Some(mapped) => format!("'{}', as the spec maps it", shorten(mapped)),
        None => std::iter::once(&column.name)
            .chain(column.headers)
            .map(|header| format!("'{header}'"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A missing column.
pub(crate) fn missing(column: &str, looked_for: String) -> ErrorKind {
    ErrorKind::MissingColumn {
        column: shorten(column),
        looked_for,
        fix: String::new(),
    }
}

/// A missing column of source `source`, with the file's headers and the spec line that would
/// map one of them to the column.
pub(crate) fn missing_in_source(
    column: &str,
    looked_for: String,
    header: &Header,
    source: &str,
) -> ErrorKind {
    const SHOWN: usize = 12;
    let mut headers: Vec<String> = (0..header.len().min(SHOWN))
        .map(|index| format!("'{}'", shorten(header.cell(index))))
        .collect();
    if header.len() > SHOWN {
        headers.push(format!("and {} more", header.len() - SHOWN));
    }
    ErrorKind::MissingColumn {
        column: shorten(column),
        looked_for,
        fix: format!(
            "; the file's headers are {}: if one of them holds it, map it under [sources.{}.columns] as {} = \"<that header>\"",
            headers.join(", "),
            shorten(source),
            shorten(column)
        ),
    }
}

/// How many rows holding anything a reader looks through for its header: a title, a
/// metadata row or two and blank rows fit many times over, and a file whose header is
/// further down names it with `header_row`.
pub(crate) const HEADER_SCAN_ROWS: usize = 30;

/// How a reader finds its header row among the first rows of an export, which offices often
/// open with a title, a metadata row (制表单位, 导出日期) and blank rows. One rule for CSV
/// files and sheets alike ([`HeaderSearch::choose`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct HeaderSearch {
    /// The row (1-based: a CSV file's physical line, a sheet's Excel row) the spec says holds
    /// the header (`header_row`).
    forced: Option<u64>,
    /// The headers that mean a column the reader knows: trimmed, NFKC, ASCII lowercased.
    /// Empty: the first row holding anything is the header (tables, calendars).
    known: Vec<String>,
}

impl HeaderSearch {
    /// The first row holding anything is the header, as in files the crate's own tools write.
    pub(crate) fn first_row() -> HeaderSearch {
        HeaderSearch::default()
    }

    /// Looks for the row matching most of `columns` (by any of their headers) or of the
    /// headers in `mapped` (the spec's column mappings); `forced` names the row instead.
    pub(crate) fn for_columns<'a>(
        columns: &[Column],
        mapped: impl IntoIterator<Item = &'a str>,
        forced: Option<u64>,
    ) -> HeaderSearch {
        let mut known: Vec<String> = columns
            .iter()
            .flat_map(|column| std::iter::once(column.name).chain(column.headers.iter().copied()))
            .chain(mapped)
            .map(|header| normalize(header.trim()).to_ascii_lowercase())
            .collect();
        known.sort_unstable();
        known.dedup();
        HeaderSearch { forced, known }
    }

    /// The row the spec forces, if it does.
    pub(crate) fn forced(&self) -> Option<u64> {
        self.forced
    }

    /// Whether the header is looked for (or forced) rather than taken from the first row.
    pub(crate) fn searches(&self) -> bool {
        self.forced.is_some() || !self.known.is_empty()
    }

    /// How many of `cells` are headers the reader knows (each counted once).
    fn score<S: AsRef<str>>(&self, cells: &[S]) -> usize {
        let mut seen: Vec<&str> = Vec::new();
        for cell in cells {
            let key = normalize(cell.as_ref().trim()).to_ascii_lowercase();
            if let Ok(at) = self.known.binary_search(&key) {
                let known = self.known[at].as_str();
                if !seen.contains(&known) {
                    seen.push(known);
                }
            }
        }
        seen.len()
    }

    /// Which of `rows` (the first rows holding anything, in order, each as its row number
    /// and cells) is the header: the row `header_row` names; else the row with the most cells
    /// the reader knows (the first such); else, when no row holds a known header (or the
    /// reader knows none), the first row of two cells or more (a title above the table is one
    /// cell), else the first.
    /// `None` when `header_row` names a row not among them or `rows` is empty.
    pub(crate) fn choose<S: AsRef<str>>(&self, rows: &[(u64, Vec<S>)]) -> Option<usize> {
        if let Some(forced) = self.forced {
            return rows.iter().position(|(row, _)| *row == forced);
        }
        if rows.is_empty() {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for (index, (_, cells)) in rows.iter().enumerate() {
            let score = self.score(cells);
            if score > 0 && best.is_none_or(|(_, most)| score > most) {
                best = Some((index, score));
            }
        }
        if let Some((index, _)) = best {
            return Some(index);
        }
        let filled = |cells: &[S]| {
            cells
                .iter()
                .filter(|cell| !cell.as_ref().trim().is_empty())
                .count()
        };
        Some(
            rows.iter()
                .position(|(_, cells)| filled(cells) >= 2)
                .unwrap_or(0),
        )
    }
}

/// The error of a `header_row` that names no row the reader met: past the end, blank, or
/// inside a cell of several lines.
pub(crate) fn forced_row_missing(row: u64) -> ErrorKind {
    ErrorKind::HeaderRowNotFound {
        row,
        why: "the file has no row starting there (it is blank, past the end, or inside a quoted cell of several lines)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: Column = Column {
        name: "id",
        headers: &["编号", "检查编号"],
    };
    const TIME: Column = Column {
        name: "time",
        headers: &["时间", "检查时间"],
    };

    fn rows(rows: &[&[&str]]) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .enumerate()
            .map(|(index, cells)| {
                (
                    index as u64 + 1,
                    cells.iter().map(|cell| (*cell).to_owned()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn the_header_is_the_row_matching_most_known_headers() {
        let search = HeaderSearch::for_columns(&[ID, TIME], ["得分"], None);
        let sheet = rows(&[
            &["天山路街道环境卫生检查情况表", "", ""],
            &["制表单位：天山路街道", "导出日期：2024-06-01", ""],
            &["检查编号", " 检查时间 ", "得分"],
            &["HW01", "2024-05-06", "97"],
        ]);
        assert_eq!(search.choose(&sheet), Some(2));
        // A mapped header counts like a known one; case and width do not matter.
        let search = HeaderSearch::for_columns(&[ID], ["来电时间"], None);
        assert_eq!(
            search.choose(&rows(&[&["标题", ""], &["ID", "来电时间"]])),
            Some(1)
        );
        // Ties go to the first.
        let search = HeaderSearch::for_columns(&[ID, TIME], [], None);
        assert_eq!(
            search.choose(&rows(&[&["编号", "x"], &["编号", "y"]])),
            Some(0)
        );
    }

    #[test]
    fn without_known_headers_the_first_row_of_two_cells_is_the_header() {
        let search = HeaderSearch::for_columns(&[ID], [], None);
        assert_eq!(
            search.choose(&rows(&[&["标题"], &["a", "b"], &["1", "2"]])),
            Some(1)
        );
        assert_eq!(search.choose(&rows(&[&["标题"]])), Some(0));
        assert_eq!(search.choose::<String>(&[]), None);
        assert!(!HeaderSearch::first_row().searches());
    }

    #[test]
    fn header_row_forces_the_row_or_names_none() {
        let search = HeaderSearch::for_columns(&[ID], [], Some(2));
        let sheet = rows(&[&["编号", "x"], &["a", "b"]]);
        assert_eq!(search.choose(&sheet), Some(1));
        let search = HeaderSearch::for_columns(&[ID], [], Some(5));
        assert_eq!(search.choose(&sheet), None);
    }
}
