//! The one error type of the crate, and where an error happened.
//!
//! Every error carries a [`Location`]: a file with its line and column, a key of the spec, or
//! a record fed from memory. Its message reads well after `error: `, the way the binary prints
//! it: `hotline.csv:1042: column 'time': cannot read "2018-13-45" as a date`.

use std::fmt;
use std::path::{Path, PathBuf};

mod causes;
mod template;

pub use causes::{AnalysisOption, BadKey, Conflict, MOST_HISTORY, MalformedRow, SourceUse};
pub use template::TemplateProblem;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error of `livability`: what went wrong ([`Error::kind`]) and where ([`Error::location`]).
///
/// The type is opaque and small (one pointer), so that `Result<T>` stays cheap to pass around.
/// Its `Display` gives the location first, then the message, on one line.
///
/// ```
/// let spec = livability::Spec::from_toml_str("titel = \"x\"", "spec.toml");
/// let error = spec.unwrap_err();
/// assert_eq!(error.location().spec_key(), Some("titel"));
/// assert!(error.to_string().starts_with("spec.toml: titel: "));
/// ```
#[derive(Clone)]
pub struct Error(Box<Inner>);

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    location: Location,
}

impl Error {
    /// An error of `kind` at `location`.
    pub(crate) fn new(kind: ErrorKind, location: Location) -> Error {
        Error(Box::new(Inner { kind, location }))
    }

    /// The error with its line moved `lines` further: for a part of a file read from one of
    /// its lines, counted from there.
    pub(crate) fn lines_after(mut self, lines: u64) -> Error {
        if let Location::File {
            line: Some(line), ..
        } = &mut self.0.location
        {
            *line += lines;
        }
        self
    }

    /// The error with its location changed by `locate`: for a file's text made from a
    /// sheet, its line turned into the sheet's row and cell.
    #[cfg_attr(
        not(feature = "spreadsheet"),
        allow(dead_code, reason = "only sheets relocate their errors")
    )]
    pub(crate) fn relocated(mut self, locate: impl FnOnce(Location) -> Location) -> Error {
        let location = std::mem::replace(&mut self.0.location, Location::Unknown);
        self.0.location = locate(location);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where it went wrong.
    pub fn location(&self) -> &Location {
        &self.0.location
    }

    /// Whether the error concerns a single row of data, so that `--lenient` may skip the row
    /// and report it instead of stopping.
    pub fn is_row_error(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::MalformedRow { .. }
                | ErrorKind::BadValue { .. }
                | ErrorKind::TooPrecise { .. }
                | ErrorKind::MissingValue
                | ErrorKind::Encoding { .. }
                | ErrorKind::RepeatedTableRow { .. }
                | ErrorKind::DamagedId { .. }
        )
    }
}

impl ErrorKind {
    /// The kind of an I/O error: its `io::ErrorKind` and its message.
    pub(crate) fn io(error: &std::io::Error) -> ErrorKind {
        ErrorKind::Io {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("location", &self.0.location)
            .finish()
    }
}

impl fmt::Display for Error {
    /// One line, whatever the data holds: control characters from the input (a newline in a
    /// field, a terminal escape) are written escaped, as `\n` or `\u{1b}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match &self.0.location {
            Location::Unknown => self.0.kind.to_string(),
            location => format!("{location}: {}", self.0.kind),
        };
        for character in message.chars() {
            if character.is_control() {
                write!(f, "{}", character.escape_debug())?;
            } else {
                f.write_fmt(format_args!("{character}"))?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Where an error happened.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// Not tied to any input, such as a period missing from both the spec and the options.
    Unknown,
    /// A file, and where known the line (1-based) and the column, named by its header.
    File {
        /// The path as the user gave it (joined to the spec's folder for paths in the spec).
        path: PathBuf,
        /// The 1-based line where the row starts.
        line: Option<u64>,
        /// The column, named as its header is written in the file.
        column: Option<String>,
    },
    /// A key of the spec, as a path such as `boards[0].indicators[1].weight`.
    SpecKey {
        /// The spec file, or the name given to a spec read from a string.
        spec: PathBuf,
        /// The key path.
        key: String,
    },
    /// A line and column in the spec's text, for TOML syntax errors.
    SpecText {
        /// The spec file, or the name given to a spec read from a string.
        spec: PathBuf,
        /// The 1-based line.
        line: u64,
        /// The 1-based column, in characters.
        column: u64,
    },
    /// A record fed from memory: the source's id in the spec, the record's 1-based number in
    /// the order it was fed, and where known the field.
    Record {
        /// The source id.
        source: String,
        /// The 1-based number of the record.
        number: u64,
        /// The record's id, when it has one: what the caller's own store knows it by.
        id: Option<String>,
        /// The field, named as it was set.
        column: Option<String>,
    },
    /// A sheet of a workbook, and where known the row (1-based, as Excel numbers it) and the
    /// cell: displayed `grid.xlsx!Sheet1!B7` as Excel writes a reference to another workbook's
    /// cell, `grid.xlsx!Sheet1!7:7` for a whole row.
    Sheet {
        /// The workbook's path, as given (joined to the spec's folder for paths in the spec).
        path: PathBuf,
        /// The sheet's name.
        sheet: String,
        /// The 1-based row.
        row: Option<u64>,
        /// The cell's reference, such as `B7`, when the error concerns one cell.
        cell: Option<String>,
        /// The column, named as its header is written in the sheet.
        column: Option<String>,
    },
}

impl Location {
    /// A whole file.
    pub(crate) fn at_file(path: &Path) -> Location {
        Location::File {
            path: path.to_path_buf(),
            line: None,
            column: None,
        }
    }

    /// A line of a file, optionally a column in it.
    pub(crate) fn at_line(path: &Path, line: u64, column: Option<&str>) -> Location {
        Location::File {
            path: path.to_path_buf(),
            line: Some(line),
            column: column.map(str::to_owned),
        }
    }

    /// A key of a spec.
    pub(crate) fn at_key(spec: &Path, key: impl Into<String>) -> Location {
        Location::SpecKey {
            spec: spec.to_path_buf(),
            key: shorten(&key.into()),
        }
    }

    /// The key path, when the location is a spec key.
    pub fn spec_key(&self) -> Option<&str> {
        match self {
            Location::SpecKey { key, .. } => Some(key),
            _ => None,
        }
    }

    /// The line, when the location is a line of a file or of the spec.
    pub fn line(&self) -> Option<u64> {
        match self {
            Location::File { line, .. } => *line,
            Location::Sheet { row, .. } => *row,
            Location::SpecText { line, .. } => Some(*line),
            _ => None,
        }
    }

    /// The column's header (or a record's field name), when the location names one.
    pub fn column(&self) -> Option<&str> {
        match self {
            Location::File { column, .. }
            | Location::Record { column, .. }
            | Location::Sheet { column, .. } => column.as_deref(),
            _ => None,
        }
    }

    /// The file, when the location is in a file or in a spec read from a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Location::File { path, .. } | Location::Sheet { path, .. } => Some(path),
            Location::SpecKey { spec, .. } | Location::SpecText { spec, .. } => Some(spec),
            _ => None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Unknown => Ok(()),
            Location::File { path, line, column } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                if let Some(column) = column {
                    write!(f, ": column '{column}'")?;
                }
                Ok(())
            }
            Location::Sheet {
                path,
                sheet,
                row,
                cell,
                column,
            } => {
                write!(f, "{}!{sheet}", path.display())?;
                match (cell, row) {
                    (Some(cell), _) => write!(f, "!{cell}")?,
                    (None, Some(row)) => write!(f, "!{row}:{row}")?,
                    (None, None) => {}
                }
                if let Some(column) = column {
                    write!(f, ": column '{column}'")?;
                }
                Ok(())
            }
            Location::SpecKey { spec, key } => write!(f, "{}: {key}", spec.display()),
            Location::SpecText { spec, line, column } => {
                write!(f, "{}:{line}:{column}", spec.display())
            }
            Location::Record {
                source,
                number,
                id,
                column,
            } => {
                write!(f, "source '{source}': record {number}")?;
                if let Some(id) = id {
                    write!(f, " (id '{id}')")?;
                }
                if let Some(column) = column {
                    write!(f, ": column '{column}'")?;
                }
                Ok(())
            }
        }
    }
}

/// What went wrong. Each variant's message is lowercase, without a final period, and leaves
/// the location to [`Location`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    // ----- the spec -----
    /// The spec is not valid TOML.
    #[error("invalid TOML: {message}")]
    SpecSyntax {
        /// The TOML parser's message.
        message: String,
    },
    /// A key the spec does not know, a value of the wrong type or an unknown option.
    #[error("{0}")]
    SpecKey(BadKey),
    /// A value the key does not accept.
    #[error("{found} is not {expected}")]
    SpecValue {
        /// The value as written.
        found: String,
        /// What the key accepts.
        expected: String,
    },
    /// A required key is absent.
    #[error("missing key `{key}`{why}")]
    MissingKey {
        /// The missing key's name.
        key: String,
        /// Why it is needed here, starting with a separator such as ": ", or empty.
        why: String,
    },
    /// A key that has no meaning next to the others, such as `per` on a `count` indicator.
    #[error("`{key}` is not used {context}")]
    UnusedKey {
        /// The key's name.
        key: String,
        /// Where it would be used, such as `with measure = "count"`.
        context: String,
    },
    /// An indicator names a source the spec does not define.
    #[error("unknown source '{source_id}' (the spec defines: {known})")]
    UnknownSource {
        /// The source named.
        source_id: String,
        /// The sources the spec defines, comma-separated.
        known: String,
    },
    /// A tie-breaker names an indicator the board does not have.
    #[error("unknown indicator '{indicator}' (the board has: {known})")]
    UnknownIndicator {
        /// The indicator named.
        indicator: String,
        /// The board's indicators, comma-separated.
        known: String,
    },
    /// A `per` attribute that the places file has no column for.
    #[error("places have no attribute '{attribute}' (they have: {known})")]
    UnknownAttribute {
        /// The attribute named.
        attribute: String,
        /// The attributes the places have, comma-separated.
        known: String,
    },
    /// A board or indicator id that repeats.
    #[error("id '{id}' repeats {first}")]
    RepeatedId {
        /// The repeated id.
        id: String,
        /// Where it was first defined, as a key path.
        first: String,
    },
    /// A negative weight.
    #[error("weight {weight} is negative: weights must be >= 0")]
    NegativeWeight {
        /// The weight as written.
        weight: String,
    },
    /// The weights of a board sum to zero.
    #[error("the weights of the board's indicators sum to zero")]
    ZeroWeights,
    /// The weights of one dimension's indicators and sub-dimensions sum to zero.
    #[error("the weights inside dimension '{dimension}' sum to zero")]
    ZeroDimensionWeights {
        /// The dimension's path.
        dimension: String,
    },
    /// An indicator names a dimension (or a dimension's parent) that `dimensions` gives no
    /// weight.
    #[error(
        "dimension '{dimension}' has no weight: add `\"{dimension}\" = 1` (or its weight) to {key}"
    )]
    UnknownDimension {
        /// The dimension's path.
        dimension: String,
        /// The key that lists the weights, `boards[0].dimensions`.
        key: String,
    },
    /// A dimension with a weight that no indicator uses.
    #[error(
        "dimension '{dimension}' has a weight but no indicator names it or a dimension inside it (the indicators name: {used})"
    )]
    UnusedDimension {
        /// The dimension's path.
        dimension: String,
        /// The dimensions the indicators name.
        used: String,
    },
    /// An indicator id that is also a dimension's path, on its board or another: the CSV's
    /// `<id>.weight` and `<id>.contribution` columns would name both.
    #[error(
        "indicator id '{id}' is also the path of the dimension {dimension}: the csv columns '{id}.weight' and '{id}.contribution' would name both; give the indicator another id"
    )]
    IdIsDimension {
        /// The indicator's id.
        id: String,
        /// The dimension's key, such as `boards[0].dimensions.安全`.
        dimension: String,
    },
    /// Rows of a curve, bands or grades not in the order their meaning needs.
    #[error("{what} are out of order: {rule}")]
    OutOfOrder {
        /// What is out of order ("the curve's points").
        what: String,
        /// The order required.
        rule: String,
    },
    /// Grade shares that add up to more than all the places.
    #[error("the grades' shares sum to {total}, more than 1")]
    SharesAboveOne {
        /// Their sum.
        total: String,
    },
    /// Settings that contradict each other.
    #[error("{0}")]
    Conflict(Conflict),
    /// A measure that the source's kind cannot produce.
    #[error("measure \"{measure}\" cannot be computed from a source of kind \"{kind}\"{hint}")]
    MeasureSource {
        /// The measure.
        measure: String,
        /// The source's kind.
        kind: String,
        /// A hint at what would work, starting with "; " or empty.
        hint: String,
    },
    /// No period: neither the spec nor the options give one.
    #[error("no period: set `period` in the spec or pass --period")]
    NoPeriod,
    /// A board asked for that the spec does not define.
    #[error("no board '{id}' in the spec (it defines: {known})")]
    UnknownBoard {
        /// The board asked for.
        id: String,
        /// The boards the spec defines, comma-separated.
        known: String,
    },
    /// `livability sql`: a dialect it does not write.
    #[error("unknown SQL dialect \"{dialect}\": expected spark, duckdb, postgres or sqlite")]
    UnknownDialect {
        /// The dialect asked for.
        dialect: String,
    },
    /// `livability sql`: indicators that no query can express exactly (they judge working
    /// days or deadlines, which need the crate's calendar), named with their keys.
    #[error("no SQL query can express {features}")]
    SqlUnexpressible {
        /// Each feature with its spec key, semicolon-separated.
        features: String,
    },
    /// A source fed from memory that the spec does not define, or fed records of the wrong shape.
    #[error("{0}")]
    SourceUse(SourceUse),

    // ----- files and rows -----
    /// A file that cannot be opened or read.
    #[error("cannot read: {message}")]
    Io {
        /// What the operating system said, as a kind to match on (`NotFound`,
        /// `PermissionDenied`, …).
        kind: std::io::ErrorKind,
        /// The operating system's message.
        message: String,
    },
    /// A source's `file` glob pattern (`exports/*/12345*.csv`) that matches no file: a
    /// month's export not there yet, or a pattern mistyped, which would otherwise rank on
    /// fewer records than the analyst meant.
    #[error("no file matches the pattern '{pattern}'")]
    NoFileMatches {
        /// The pattern, joined to the spec's folder.
        pattern: String,
    },
    /// A source's `file` glob pattern that cannot be read as one (`[` left open, `***`).
    #[error("'{pattern}' is not a file pattern: {why}")]
    BadFilePattern {
        /// The pattern as written.
        pattern: String,
        /// What is wrong with it.
        why: String,
    },
    /// A file without a header row.
    #[error("empty file: a header row is required")]
    EmptyFile,
    /// A places file or a source export with a header and no rows: a broken export, most
    /// likely, which would otherwise rank every place on no data.
    #[error("no rows: the file has a header only")]
    NoRows,
    /// A header without a required column.
    #[error("no column for '{column}' in the header (looked for {looked_for}){fix}")]
    MissingColumn {
        /// The canonical column name.
        column: String,
        /// The headers that would have matched, comma-separated.
        looked_for: String,
        /// The file's headers and the spec line that maps one, starting with "; ", or empty.
        fix: String,
    },
    /// A field of a record fed from memory that is no column of the source's kind and that
    /// the spec does not read: a typo, most likely, which would otherwise drop the field.
    #[error(
        "field '{field}' is no column of a {kind} source and no board reads it (the kind's columns: {known}); to keep such fields, set Options::extra_fields(true)"
    )]
    UnknownField {
        /// The field, as named.
        field: String,
        /// The source's kind.
        kind: String,
        /// The kind's columns, comma-separated.
        known: String,
    },
    /// A file that is no CSV at all, such as an Excel workbook.
    #[error("this is {what}, not a CSV file: {fix}")]
    NotCsv {
        /// What the file is.
        what: String,
        /// What to do.
        fix: String,
    },
    /// Two header cells that match the same column.
    #[error("columns '{first}' and '{second}' both read as '{column}'{remedy}")]
    AmbiguousColumn {
        /// The canonical column name.
        column: String,
        /// The first matching header.
        first: String,
        /// The second matching header.
        second: String,
        /// What to do, starting with ": ", or empty.
        remedy: String,
    },
    /// A `header_row` that names no row of the file.
    #[error("header_row = {row}: {why}")]
    HeaderRowNotFound {
        /// The row named (1-based).
        row: u64,
        /// Why it is no header.
        why: String,
    },
    /// An id column holding a number in scientific notation (`1.23452E+15`): the export went
    /// through Excel, which turned long ids into numbers and kept 6 significant digits, so
    /// that thousands of different ids read as a few.
    #[error(
        "the id \"{value}\" is a number in scientific notation: the export went through Excel, which turned the long ids into numbers and kept only their first digits, so different records now share one id; export again from the source system, or in Excel format the column as text (or import the CSV with the column as text) before saving"
    )]
    DamagedId {
        /// The id as written.
        value: String,
    },
    /// A row that is not well-formed CSV, such as one with the wrong number of fields.
    #[error("{0}")]
    MalformedRow(MalformedRow),
    /// Bytes that are not valid text in the file's encoding.
    #[error("bytes that are not valid {encoding}{hint}")]
    Encoding {
        /// The encoding the file was read as.
        encoding: String,
        /// What to try, starting with ": ", or empty.
        hint: String,
    },
    /// A required field that is empty.
    #[error("missing value")]
    MissingValue,
    /// A field that cannot be read as what its column holds.
    #[error("cannot read \"{value}\" as {expected}")]
    BadValue {
        /// The field, as written (shortened if very long).
        value: String,
        /// What the column holds, such as "a date" or "a decimal".
        expected: String,
    },
    /// A number with more digits than a decimal holds exactly.
    #[error(
        "\"{value}\" has more digits than a decimal holds exactly (28 significant digits at most)"
    )]
    TooPrecise {
        /// The number as written (shortened if very long).
        value: String,
    },
    /// A date in a year the working-day calendar does not cover.
    #[error(
        "the working-day calendar has no year {year} (it covers {covered}): add that year's State Council notice to a calendar file, `calendar = \"calendar.csv\"` (see data/calendar/README.md)"
    )]
    UncoveredYear {
        /// The year.
        year: i16,
        /// The years it covers.
        covered: String,
    },
    /// A place id, or a name within its kind, that repeats in the places file.
    #[error("{what} '{value}' repeats {first}")]
    RepeatedPlace {
        /// "id", "name" or "name, alias or id".
        what: String,
        /// The repeated value.
        value: String,
        /// Where it first appears: "line 2", or "record 1" for places fed from memory.
        first: String,
    },
    /// A place's parent that no place's id or name is.
    #[error("parent '{parent}' is no place's id or name")]
    UnknownParent {
        /// The parent as written.
        parent: String,
    },
    /// A place's parent whose kind is not above the place's own (a community's parent must
    /// be a street, not a neighborhood).
    #[error("parent '{parent}' is a {parent_kind}, not a kind above {kind}")]
    ParentNotAbove {
        /// The parent as written.
        parent: String,
        /// The parent's kind.
        parent_kind: String,
        /// The place's own kind.
        kind: String,
    },
    /// A place that is its own parent: a chain of parents that closes on itself.
    #[error("parent '{parent}' is the place itself: a chain of parents must climb")]
    ParentCycle {
        /// The parent as written.
        parent: String,
    },
    /// A parent written as a name that places of two kinds above both have.
    #[error("parent '{parent}' names places of two kinds ({kinds}): write its id")]
    AmbiguousParent {
        /// The parent as written.
        parent: String,
        /// The kinds whose places have the name.
        kinds: String,
    },
    /// A kind of place named in the spec (a board's `kind`, a places file's `kind`, a
    /// declared kind's `above` or `below`) that is neither built in nor declared.
    #[error("unknown kind of place '{kind}', expected one of {known}{hint}")]
    UnknownKind {
        /// The kind as written.
        kind: String,
        /// The kinds of the spec, as "`road`, `neighborhood`, …".
        known: String,
        /// The nearest kind, as " (did you mean `area`?)", or empty.
        hint: String,
    },
    /// A declared kind whose id or Chinese name another kind already has.
    #[error("kind '{kind}': '{name}' is already the id or name of kind '{with}'")]
    KindClash {
        /// The declared kind's id.
        kind: String,
        /// The id or name that clashes.
        name: String,
        /// The kind that has it.
        with: String,
    },
    /// Declared kinds each above or below the next, around to the first: no order of levels.
    #[error("declared kinds sit above or below each other in a cycle: {cycle}")]
    KindCycle {
        /// The kinds around the cycle, as "a → b → a".
        cycle: String,
    },
    /// More declared kinds than a run may have.
    #[error("{count} kinds declared, at most {most} may be")]
    TooManyKinds {
        /// The kinds declared.
        count: usize,
        /// The most that may be.
        most: usize,
    },
    /// Two rows of a `table` source with the same (period, place, indicator).
    #[error("{relation}: a second value for ({period}, {place}, {indicator})")]
    RepeatedTableRow {
        /// How this row relates to the other: "repeats line 2" (for the later row) or
        /// "repeated by line 3" (for the earlier, under `--lenient`, where both are rejected).
        relation: String,
        /// The period.
        period: String,
        /// The place, as this row writes it.
        place: String,
        /// The indicator.
        indicator: String,
    },

    // ----- analyses -----
    /// An analysis was asked for with settings it cannot take (a weight range outside 0 to
    /// below 100 %, no runs), or for a board or place that does not exist.
    #[error("{0}")]
    Option(AnalysisOption),
    // ----- workbooks -----
    /// A workbook that cannot be opened: corrupt, truncated, or of another format than its
    /// name says.
    #[error("cannot read the workbook: {message}")]
    Workbook {
        /// What the workbook reader found.
        message: String,
    },
    /// A workbook protected by a password, whose cells are encrypted.
    #[error(
        "the workbook is protected by a password: save a copy without one (File > Info > Protect Workbook in Excel) and name that file"
    )]
    ProtectedWorkbook,
    /// A sheet the spec names that the workbook does not have.
    #[error("no sheet '{sheet}' in the workbook (it has: {known})")]
    UnknownSheet {
        /// The sheet named.
        sheet: String,
        /// The workbook's sheets, comma-separated.
        known: String,
    },
    /// A workbook too large to read whole, of a format that cannot be read as a stream.
    #[error(
        "{what} is over the limit of {limit}: save the sheet as .xlsx, which is read as a stream, or as CSV"
    )]
    SheetTooLarge {
        /// What is too large ("the .xls file, 80 MiB,").
        what: String,
        /// The limit.
        limit: String,
    },
    /// A sheet without a header row: no row holds two named cells or more.
    #[error("no header row: no row of the sheet holds two named cells or more")]
    NoHeaderRow,
    /// A header row with an empty cell between named ones: a merged header cell, or a header
    /// of two rows.
    #[error(
        "the header cell is empty between named ones (a merged cell, or a header of two rows?): give every column its own header, in one row"
    )]
    EmptyHeaderCell,
    /// A cell holding an error value, such as a formula's `#DIV/0!`.
    #[error(
        "the cell holds the error {error}: fix the formula, or delete the column if no board reads it"
    )]
    ErrorCell {
        /// The error as Excel shows it.
        error: String,
    },
    /// A date cell before the first day a workbook can hold (1900-01-01, or 1904-01-01 in a
    /// workbook of the 1904 date system), or Excel's 1900-02-29, which never was.
    #[error("the date cell holds {value}, {why}: type the date again, or format the cell as text")]
    BadDateCell {
        /// The cell's serial number, or its date as written.
        value: String,
        /// What is wrong with it.
        why: String,
    },

    // ----- the 通报 -----
    /// A bulletin template (`livability bulletin --template`) the bulletin cannot follow.
    #[error("template: {0}")]
    Template(TemplateProblem),

    // ----- pictures -----
    /// No font of the family the pictures are set in was found: the message names the
    /// package that installs it.
    #[error(
        "no font of the family '{family}' in {searched}: install the package {package} (apt install {package}), or copy the font into one of these folders"
    )]
    NoFont {
        /// The family searched for.
        family: String,
        /// The Debian package that installs it.
        package: String,
        /// The folders searched, comma-separated.
        searched: String,
    },
    /// A picture that could not be drawn (too large for memory, say).
    #[error("cannot draw the picture: {message}")]
    Picture {
        /// What the renderer said.
        message: String,
    },

    // ----- arithmetic -----
    /// A result beyond what a decimal holds, such as a sum near 7.9 × 10²⁸.
    #[error("{what} does not fit a decimal")]
    Overflow {
        /// What overflowed.
        what: String,
    },
}

/// Shortens a field for a message, so that a multi-megabyte field makes a readable error.
pub(crate) fn shorten(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        let head: String = text.chars().take(LIMIT).collect();
        format!("{head}… ({} bytes)", text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_line_column_message() {
        let error = Error::new(
            ErrorKind::BadValue {
                value: "2018-13-45".into(),
                expected: "a date".into(),
            },
            Location::at_line(Path::new("hotline.csv"), 1042, Some("time")),
        );
        assert_eq!(
            error.to_string(),
            "hotline.csv:1042: column 'time': cannot read \"2018-13-45\" as a date"
        );
        assert!(error.is_row_error());
    }

    #[test]
    fn messages_are_one_line_whatever_the_data() {
        let error = Error::new(
            ErrorKind::BadValue {
                value: "2018-11-03\n09:00\u{1b}[31m\0".into(),
                expected: "a date".into(),
            },
            Location::at_line(Path::new("grid.csv"), 2, Some("ti\rme")),
        );
        assert_eq!(
            error.to_string(),
            "grid.csv:2: column 'ti\\rme': cannot read \"2018-11-03\\n09:00\\u{1b}[31m\\0\" as a date"
        );
    }

    #[test]
    fn long_fields_are_shortened() {
        let long = "x".repeat(5_000_000);
        let short = shorten(&long);
        assert!(short.len() < 100);
        assert!(short.ends_with("(5000000 bytes)"));
    }

    #[test]
    fn error_is_one_pointer() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
