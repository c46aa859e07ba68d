//! One source being read: its state, which owns the running totals of the indicators it
//! feeds, and the reader that works on it.
//!
//! Every indicator is fed by exactly one source, so the totals live with their source: sources
//! can be read on separate threads, each with its own state, and nothing needs merging.

use std::collections::HashMap;
use std::sync::Arc;

use super::Shared;
use super::split::{Deferred, Magnitude};
use super::table::{FirstRow, TableKey};
use crate::dedup::{ByHash, Repeats};
use crate::error::{Error, Location, Result};
use crate::measure::{Delta, Occurrences, Totals};
use crate::name::normalize;
use crate::period::{Period, PeriodRole, Periods};
use crate::places::PlaceKind;
use crate::plan::Plan;
use crate::quality::{KindQuality, NameCounter, RejectedRow, SourceQuality, Uncounted};

/// A deadline in days worked out: (day of receipt, deadline) and when it is due.
pub(crate) type DueEntry = (
    (jiff::civil::Date, crate::calendar::Deadline),
    jiff::civil::DateTime,
);

/// What a source is, with what only that kind of source keeps while it is read.
pub(crate) enum Reading {
    /// Records (a grid, hotline, police or sanitation source): which columns to read and how
    /// each indicator counts a record, with what reading records keeps.
    Records(Box<RecordsState>),
    /// A `table` source: a value per period, place and indicator.
    Table(TableState),
}

impl Default for Reading {
    fn default() -> Reading {
        Reading::Table(TableState::default())
    }
}

/// What a `table` source keeps while it is read.
#[derive(Default)]
pub(crate) struct TableState {
    /// Indicator name → the feeds it sets.
    pub(crate) routes: HashMap<String, Vec<usize>, ByHash>,
    /// The first row of each (period, place, indicator).
    pub(crate) seen: HashMap<TableKey, FirstRow, ByHash>,
    /// The indicators its rows name that no chosen board reads.
    pub(crate) unused_indicators: NameCounter,
}

/// A source being read.
#[derive(Default)]
pub(crate) struct SourceState {
    /// The source's position in the spec.
    pub(crate) index: usize,
    /// What the source is: records read by a plan, or a table of values.
    pub(crate) reading: Reading,
    pub(crate) quality: SourceQuality,
    /// The names of the places the source's records (or rows) of the period name that are no
    /// place.
    pub(crate) unmatched: NameCounter,
    /// Records (or rows) fed from memory so far, to number them.
    pub(crate) fed: u64,
    /// What each of `totals` stands for: (board slot, indicator position).
    pub(crate) feeds: Vec<(usize, usize)>,
    /// Per feed: the running totals for the period, the previous period and, when an
    /// improvement board compares with it, the same period a year earlier (else none, for no
    /// place).
    pub(crate) totals: Vec<Periods<Totals>>,
    /// Records (or rows) of the year-ago period placed (when an improvement board compares
    /// with it).
    pub(crate) year_ago_placed: u64,
    /// Per earlier period of a history: its records (or rows) placed.
    pub(crate) earlier_placed: Vec<u64>,
    /// The progress of the file being read whole, when the caller asked for progress.
    pub(crate) progress: Option<crate::progress::FileProgress>,
    /// The sheet the source was read from, to turn its lines into the sheet's rows.
    #[cfg(feature = "spreadsheet")]
    pub(crate) sheet: Option<Arc<crate::source::sheet::SheetMap>>,
    /// The traced place's records, as they were counted and taken back (`explain`).
    pub(crate) noted: Vec<super::trace::Noted>,
    /// Each chosen board's coverage from the source, as it is counted.
    pub(crate) coverage: super::coverage::Coverage,
    /// A source of several files: the files read so far, in order (empty for one file). The
    /// lines of the `n`th are numbered from `n * FILE_LINES`, so that an origin names its file.
    pub(crate) files: Vec<ReadFile>,
}

/// What a source of records (grid, hotline, police, sanitation) keeps while it is read, beside
/// what every source keeps.
pub(crate) struct RecordsState {
    /// Which columns to read and how each indicator counts a record.
    pub(crate) plan: Arc<Plan>,
    /// Values of a credited column that a share neither credits nor excludes.
    pub(crate) unlisted: NameCounter,
    /// The values of the column that picks deadlines, in the records of the period.
    pub(crate) deadline_values: NameCounter,
    /// Deadlines in days worked out: ((day of receipt, deadline), when it is due), by slot.
    pub(crate) due_cache: Vec<Option<DueEntry>>,
    /// The ids seen (and, for records read from memory or from a reader, the fields of each
    /// id's counted copy, to take it back when a later copy comes).
    pub(crate) repeats: Repeats,
    /// The second part of a file read in two: rows repeating an id of its head.
    pub(crate) deferred: Option<Deferred>,
    /// The second part of a file read in two: its rejected rows, numbered from the cut.
    pub(crate) part_errors: Option<Vec<Error>>,
    /// A part of a file read in two: how large the values summed into means are.
    pub(crate) magnitude: Option<Magnitude>,
    /// The file was read in two parts, merged.
    pub(crate) read_in_parts: bool,
    /// The values the filters accept that records of the period held.
    pub(crate) occurrences: Occurrences,
    /// Per kind of place (by index), what became of the records of the
    /// period.
    pub(crate) kinds: [KindCounts; PlaceKind::CAPACITY],
    /// Per kind (by index): the records of the period used whose most
    /// specific place is of that kind, when places have parents.
    pub(crate) reached: [u64; PlaceKind::CAPACITY],
}

impl RecordsState {
    /// The state of a source of records read by `plan`, nothing read yet.
    pub(crate) fn new(plan: Arc<Plan>) -> RecordsState {
        RecordsState {
            plan,
            unlisted: NameCounter::default(),
            deadline_values: NameCounter::default(),
            due_cache: Vec::new(),
            repeats: Repeats::default(),
            deferred: None,
            part_errors: None,
            magnitude: None,
            read_in_parts: false,
            occurrences: Occurrences::default(),
            kinds: Default::default(),
            reached: [0; PlaceKind::CAPACITY],
        }
    }
}

/// How many lines each file of a source of several files is given: the lines of its `n`th file
/// are numbered from `n * FILE_LINES` (2⁴⁰, a trillion lines; a file has fewer), so that a
/// record's origin, a plain number, names its file, and the repeats and traces that keep
/// origins need no change.
pub(crate) const FILE_LINES: u64 = 1 << 40;

/// One file of a source of several files.
#[derive(Debug)]
pub(crate) struct ReadFile {
    pub(crate) path: std::path::PathBuf,
    /// The sheet read from it, to turn its lines into the sheet's rows.
    #[cfg(feature = "spreadsheet")]
    pub(crate) sheet: Option<Arc<crate::source::sheet::SheetMap>>,
}

impl SourceState {
    /// The plan of a source of records; `None` for a `table` source.
    pub(crate) fn plan(&self) -> Option<&Arc<Plan>> {
        self.records().map(|records| &records.plan)
    }

    /// What a source of records keeps; `None` for a `table` source.
    pub(crate) fn records(&self) -> Option<&RecordsState> {
        match &self.reading {
            Reading::Records(records) => Some(records),
            Reading::Table(_) => None,
        }
    }

    /// What a source of records keeps, to change; `None` for a `table` source.
    pub(crate) fn records_mut(&mut self) -> Option<&mut RecordsState> {
        match &mut self.reading {
            Reading::Records(records) => Some(records),
            Reading::Table(_) => None,
        }
    }

    /// What a `table` source keeps; `None` for a source of records.
    pub(crate) fn table(&self) -> Option<&TableState> {
        match &self.reading {
            Reading::Table(table) => Some(table),
            Reading::Records(_) => None,
        }
    }

    /// What a `table` source keeps, to change; `None` for a source of records.
    pub(crate) fn table_mut(&mut self) -> Option<&mut TableState> {
        match &mut self.reading {
            Reading::Table(table) => Some(table),
            Reading::Records(_) => None,
        }
    }

    /// The lines of the file being read start from this number.
    pub(crate) fn line_base(&self) -> u64 {
        (self.files.len().saturating_sub(1) as u64).saturating_mul(FILE_LINES)
    }

    /// The file and the line in it of `line`, a line as the origins number them: for a
    /// source of several files, the file it falls in; else the file read, if any.
    pub(crate) fn file_line(&self, line: u64) -> (Option<&std::path::Path>, u64) {
        if self.files.is_empty() {
            return (self.quality.file.as_deref(), line);
        }
        let index = usize::try_from(line / FILE_LINES).unwrap_or(usize::MAX);
        let path = self.files.get(index).map(|file| file.path.as_path());
        (path, line % FILE_LINES)
    }

    /// Where `line` (as the origins number them) is as the report names it: the sheet's row
    /// for a workbook, else the file's line; with the position of its file among several.
    pub(crate) fn report_line(&self, line: u64) -> (Option<usize>, u64) {
        if self.files.is_empty() {
            #[cfg(feature = "spreadsheet")]
            if let Some(sheet) = &self.sheet {
                return (None, sheet.row_of(line));
            }
            return (None, line);
        }
        let index = usize::try_from(line / FILE_LINES).unwrap_or(usize::MAX);
        let local = line % FILE_LINES;
        #[cfg(feature = "spreadsheet")]
        if let Some(sheet) = self.files.get(index).and_then(|file| file.sheet.as_ref()) {
            return (Some(index), sheet.row_of(local));
        }
        (Some(index), local)
    }
}

impl SourceState {
    /// The count of the records (or rows) placed in `role`, for a period only a year-ago
    /// comparison or a history measures (the previous period's is the report's
    /// `previous_period`); `None` for the others.
    pub(crate) fn placed_in_mut(&mut self, role: PeriodRole) -> Option<&mut u64> {
        match role {
            PeriodRole::YearAgo => Some(&mut self.year_ago_placed),
            PeriodRole::Earlier(position) => self.earlier_placed.get_mut(usize::from(position)),
            PeriodRole::Current | PeriodRole::Previous => None,
        }
    }
}

/// What became of a source's records of the period for one kind of place, as they are read.
#[derive(Debug, Default)]
pub(crate) struct KindCounts {
    pub(crate) column: bool,
    pub(crate) placed: u64,
    pub(crate) by_address: u64,
    pub(crate) within_column: u64,
    pub(crate) unplaced: u64,
    pub(crate) ambiguous: u64,
    pub(crate) administrative: u64,
    pub(crate) through_below: u64,
    pub(crate) unmatched: NameCounter,
}

impl KindCounts {
    /// Adds the counts of `other`, another part of the same file.
    pub(crate) fn absorb(&mut self, other: KindCounts) {
        self.column |= other.column;
        self.placed += other.placed;
        self.by_address += other.by_address;
        self.within_column += other.within_column;
        self.unplaced += other.unplaced;
        self.ambiguous += other.ambiguous;
        self.administrative += other.administrative;
        self.through_below += other.through_below;
        self.unmatched.absorb(other.unmatched);
    }

    /// The report of kind `kind`.
    pub(crate) fn report(&self, kind: PlaceKind) -> KindQuality {
        KindQuality {
            kind,
            column: self.column,
            placed: self.placed,
            by_address: self.by_address,
            within_column: self.within_column,
            unplaced: self.unplaced,
            ambiguous: self.ambiguous,
            administrative: self.administrative,
            through_below: self.through_below,
            unmatched: self.unmatched.shown(),
        }
    }
}

/// Where a record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    Line(u64),
    Record(u64),
}

impl Origin {
    /// The line, or the position among the records fed.
    pub(crate) fn position(self) -> u64 {
        match self {
            Origin::Line(n) | Origin::Record(n) => n,
        }
    }

    /// The origin of the same kind at `position`.
    pub(crate) fn at(self, position: u64) -> Origin {
        match self {
            Origin::Line(_) => Origin::Line(position),
            Origin::Record(_) => Origin::Record(position),
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Line(line) => write!(f, "line {line}"),
            Origin::Record(number) => write!(f, "record {number}"),
        }
    }
}

/// What became of a record that was read and not rejected or repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Used,
    /// `previous`: in the previous period, and placed, so it counts for rank changes.
    OutOfPeriod {
        previous: bool,
    },
    Unplaced,
    Ambiguous,
}

/// Reads records into one source's state.
pub(crate) struct SourceReader<'s, 'a> {
    pub(crate) shared: &'s Shared<'a>,
    pub(crate) state: &'s mut SourceState,
}

impl SourceReader<'_, '_> {
    /// Under `--lenient`, counts and lists a malformed row; otherwise returns its error. Its
    /// fields unknown, it counts against the coverage of every board reading the source.
    pub(crate) fn reject(&mut self, error: Error) -> Result<()> {
        let line = error.location().line();
        let message = error.to_string();
        self.reject_only(error)?;
        let coverage = &mut self.state.coverage;
        if coverage.groups.is_empty() {
            return Ok(());
        }
        let groups = super::coverage::Groups::first(coverage.groups.len());
        for counts in &mut coverage.counts {
            counts.uncounted.step(Uncounted::Malformed, Delta::Add);
        }
        coverage.record(
            line.unwrap_or(0),
            Uncounted::Malformed,
            groups,
            Delta::Add,
            || (String::new(), None, message),
        );
        Ok(())
    }

    /// [`reject`](Self::reject), leaving the coverage to the caller, who knows the row.
    pub(crate) fn reject_only(&mut self, error: Error) -> Result<()> {
        if !self.shared.lenient || !error.is_row_error() {
            return Err(error);
        }
        let state = &mut *self.state;
        let quality = &mut state.quality;
        quality.read += 1;
        quality.rejected += 1;
        // The second part of a file read in two numbers its rows once the cut's line is known.
        let part_errors = match &mut state.reading {
            Reading::Records(records) => records.part_errors.as_mut(),
            Reading::Table(_) => None,
        };
        match part_errors {
            Some(errors) => errors.push(error),
            None => quality.rejected_rows.push(RejectedRow::new(error)),
        }
        Ok(())
    }

    /// The period a record belongs to: the period ranked, else the previous one, else the
    /// same period a year earlier (when a board needs it); `None` for none of them.
    pub(crate) fn period_of(&self, contains: impl Fn(&Period) -> bool) -> Option<PeriodRole> {
        self.shared.periods.find(contains)
    }

    /// Counts what became of a record (or takes it back); `unmatched` is the name to report
    /// for an unplaced record.
    pub(crate) fn tally(&mut self, outcome: Outcome, unmatched: Option<&str>, delta: Delta) {
        let state = &mut *self.state;
        let quality = &mut state.quality;
        let step = |count: &mut u64| delta.step(count);
        match outcome {
            Outcome::Used => step(&mut quality.used),
            Outcome::OutOfPeriod { previous } => {
                step(&mut quality.out_of_period);
                if previous {
                    step(&mut quality.previous_period);
                }
            }
            Outcome::Ambiguous => step(&mut quality.ambiguous),
            Outcome::Unplaced => {
                step(&mut quality.unplaced);
                state
                    .unmatched
                    .step(&normalize(unmatched.unwrap_or("")), delta);
            }
        }
    }

    /// Where a record is, optionally naming a column.
    pub(crate) fn location(&self, origin: Origin, column: Option<&str>) -> Location {
        self.location_of(origin, column, None)
    }

    /// Where a record is, naming the record's id (for a record fed from memory) and
    /// optionally a column.
    pub(crate) fn location_of(
        &self,
        origin: Origin,
        column: Option<&str>,
        id: Option<&str>,
    ) -> Location {
        let file = match origin {
            Origin::Line(line) => self.state.file_line(line),
            Origin::Record(_) => (None, 0),
        };
        match (origin, file) {
            (Origin::Line(_), (Some(path), line)) => Location::at_line(path, line, column),
            (Origin::Line(number) | Origin::Record(number), _) => Location::Record {
                source: self.shared.spec.sources[self.state.index].id.clone(),
                number,
                id: id.map(crate::error::shorten),
                column: column.map(str::to_owned),
            },
        }
    }
}
