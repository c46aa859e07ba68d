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
