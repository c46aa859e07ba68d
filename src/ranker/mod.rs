//! The pipeline's driver: records go in source by source, from files or from memory; a
//! [`Rankings`] comes out.
//!
//! Records are measured as they arrive into running totals per board, indicator and place,
//! for the period and the previous one, so memory grows with places × indicators (and, to
//! spot repeated ids, 16 bytes per distinct id), not with the records themselves.

mod plan;
mod records;
mod repeats;
mod table;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::board::{self, Rankings, Values};
use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::measure::{Delta, Totals};
use crate::name::normalize;
use crate::period::Period;
use crate::places::{Gazetteer, Place, PlaceIndex};
use crate::quality::{NameCounter, QualityReport, RejectedRow, SourceQuality};
use crate::resolve::Resolver;
use crate::source::csv::CsvInput;
use crate::source::{Record, SourceKind, TableReader, TableRow};
use crate::spec::{MeasureSpec, Spec};

use plan::Plan;
use repeats::Repeats;
use table::{FirstRow, TableKey};

/// Choices for a run that the spec leaves open.
///
/// ```
/// use livability::Options;
///
/// let options = Options::new().period("2018-11".parse()?).board("beautiful-roads").lenient(true);
/// assert!(options.lenient);
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// The period to rank; the spec's `period` when `None`.
    pub period: Option<Period>,
    /// The boards to make, by id; every board of the spec when empty.
    pub boards: Vec<String>,
    /// Skip malformed rows and report them, instead of stopping at the first.
    pub lenient: bool,
}

impl Options {
    /// The defaults: the spec's period, every board, strict.
    pub fn new() -> Options {
        Options::default()
    }

    /// Ranks `period` instead of the spec's.
    pub fn period(mut self, period: Period) -> Options {
        self.period = Some(period);
        self
    }

    /// Makes board `id` (call once per board; without any call, every board is made).
    pub fn board(mut self, id: impl Into<String>) -> Options {
        self.boards.push(id.into());
        self
    }

    /// Skips malformed rows and reports them instead of stopping at the first.
    pub fn lenient(mut self, lenient: bool) -> Options {
        self.lenient = lenient;
        self
    }
}

/// Feeds records through the pipeline and makes the boards.
///
/// Use it to pass records from your own store: [`Record`]s of raw sources with
/// [`add_record`](Ranker::add_record), [`TableRow`]s of `table` sources with
/// [`add_table_row`](Ranker::add_table_row), or CSV from any reader with
/// [`read_source`](Ranker::read_source). [`crate::rank`] does the same for the files a spec
/// names. Feed each source either from its file or from memory, not both.
///
/// ```
/// use livability::{Gazetteer, Options, Place, PlaceKind, Ranker, Record, Spec};
///
/// let spec = Spec::from_toml_str(r#"
///     period = "2018-11"
///     [sources.hotline]
///     [[boards]]
///     id = "quiet"
///     kind = "neighborhood"
///     [[boards.indicators]]
///     id = "complaints"
///     source = "hotline"
///     measure = "count"
///     where = { type = "投诉" }
///     better = "lower"
/// "#, "spec.toml")?;
/// let places = Gazetteer::new([
///     Place::new("N1", PlaceKind::Neighborhood, "天山二村"),
///     Place::new("N2", PlaceKind::Neighborhood, "新光小区"),
/// ])?;
/// let mut ranker = Ranker::new(&spec, &places, &Options::new())?;
/// for (id, address, kind) in [("1", "天山二村5号", "投诉"), ("2", "新光小区", "咨询"), ("3", "天山二村", "投诉")] {
///     let ticket = Record::new()
///         .with("工单编号", id)
///         .with("受理时间", "2018-11-20 10:00")
///         .with("address", address)
///         .with("诉求类型", kind);
///     ranker.add_record("hotline", &ticket)?;
/// }
/// let rankings = ranker.finish()?;
/// let first = &rankings.boards[0].entries[0];
/// assert_eq!((first.place.as_str(), first.rank.to_string()), ("新光小区", "1".to_owned()));
/// # Ok::<(), livability::Error>(())
/// ```
pub struct Ranker<'a> {
    spec: &'a Spec,
    gazetteer: &'a Gazetteer,
    resolver: Resolver,
    period: Period,
    previous: Option<Period>,
    lenient: bool,
    boards: Vec<BoardState>,
    sources: Vec<SourceState>,
    /// Per source: the plan of a raw source; `None` for `table` sources.
    plans: Vec<Option<Arc<Plan>>>,
}

/// A board being measured.
struct BoardState {
    /// Index into the spec's boards.
    spec: usize,
    /// The places of the board's kind, in gazetteer order: slot → place.
    places: Vec<PlaceIndex>,
    /// Per indicator: totals for the period and for the previous period.
    totals: Vec<[Totals; 2]>,
}

/// A source being read.
#[derive(Default)]
struct SourceState {
    quality: SourceQuality,
    unmatched: NameCounter,
    unused_indicators: NameCounter,
    /// Records fed from memory so far, to number them.
    fed: u64,
    /// Raw sources: the ids seen.
    repeats: Repeats,
    /// `table` sources: indicator name → the (board, indicator) it feeds.
    routes: HashMap<String, Vec<(usize, usize)>>,
    /// `table` sources: the first row of each (period, place, indicator).
    seen: HashMap<TableKey, FirstRow>,
}

/// Where a record came from.
#[derive(Clone, Copy, Debug)]
enum Origin {
    Line(u64),
    Record(u64),
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
enum Outcome {
    Used,
    /// `previous`: in the previous period, and placed, so it counts for rank changes.
    OutOfPeriod {
        previous: bool,
    },
    Unplaced,
    Ambiguous,
}

impl<'a> Ranker<'a> {
    /// Prepares the boards `options` asks for. Checks what needs the places: every `per`
    /// attribute of the spec must be one the places have.
    pub fn new(spec: &'a Spec, gazetteer: &'a Gazetteer, options: &Options) -> Result<Ranker<'a>> {
        check_attributes(spec, gazetteer)?;
        let period = options
            .period
            .or(spec.period)
            .ok_or_else(|| Error::new(ErrorKind::NoPeriod, Location::Unknown))?;
        let boards: Vec<BoardState> = select_boards(spec, &options.boards)?
            .into_iter()
            .map(|index| {
                let board = &spec.boards[index];
                let places = gazetteer.indexes_of_kind(board.kind).to_vec();
                let totals = board
                    .indicators
                    .iter()
                    .map(|indicator| {
                        let totals = Totals::new(&indicator.measure, places.len());
                        [totals.clone(), totals]
                    })
                    .collect();
                BoardState {
                    spec: index,
                    places,
                    totals,
                }
            })
            .collect();
        let chosen: Vec<(usize, &crate::spec::BoardSpec)> = boards
            .iter()
            .enumerate()
            .map(|(slot, board)| (slot, &spec.boards[board.spec]))
            .collect();
        let mut sources = Vec::with_capacity(spec.sources.len());
        let mut plans = Vec::with_capacity(spec.sources.len());
        for (index, source) in spec.sources.iter().enumerate() {
            let mut state = SourceState::default();
            state.quality.source = source.id.clone();
            state.quality.kind = Some(source.kind);
            if source.kind == SourceKind::Table {
                for &(slot, board) in &chosen {
                    for (position, indicator) in board.indicators.iter().enumerate() {
                        if let (true, MeasureSpec::Value { name }) =
                            (indicator.source == index, &indicator.measure)
                        {
                            let routes = state.routes.entry(normalize(name).into_owned());
                            routes.or_default().push((slot, position));
                        }
                    }
                }
                plans.push(None);
            } else {
                plans.push(Some(Arc::new(Plan::new(index, source, &chosen))));
            }
            sources.push(state);
        }
        Ok(Ranker {
            spec,
            gazetteer,
            resolver: Resolver::new(gazetteer),
            period,
            previous: period.previous(),
            lenient: options.lenient,
            boards,
            sources,
            plans,
        })
    }

    /// The period being ranked.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The ids of the sources the chosen boards read, in order.
    pub fn sources_needed(&self) -> Vec<&'a str> {
        let spec = self.spec;
        spec.sources
            .iter()
            .enumerate()
            .filter(|(index, _)| {
                self.boards.iter().any(|board| {
                    spec.boards[board.spec]
                        .indicators
                        .iter()
                        .any(|indicator| indicator.source == *index)
                })
            })
            .map(|(_, source)| source.id.as_str())
            .collect()
    }

    /// Feeds one record of the raw source `source` (grid, hotline, police, sanitation).
    pub fn add_record(&mut self, source: &str, record: &Record) -> Result<()> {
        let index = self.source_index(source)?;
        self.memory_record(index, record)
    }

    /// Feeds one row of the `table` source `source`.
    pub fn add_table_row(&mut self, source: &str, row: TableRow) -> Result<()> {
        let index = self.source_index(source)?;
        if self.spec.sources[index].kind != SourceKind::Table {
            return Err(Error::new(
                ErrorKind::SourceUse {
                    message: format!(
                        "source '{source}' is of kind \"{}\": feed it records, not table rows",
                        self.spec.sources[index].kind.as_str()
                    ),
                },
                Location::Unknown,
            ));
        }
        let state = &mut self.sources[index];
        state.fed += 1;
        let origin = Origin::Record(state.fed);
        self.table_row(index, row, origin)
    }

    /// Reads the file the spec names for source `source`.
    pub fn read_source_file(&mut self, source: &str) -> Result<()> {
        let index = self.source_index(source)?;
        let spec = &self.spec.sources[index];
        let path = spec.file.clone().ok_or_else(|| {
            self.spec.error_at(
                format!("sources.{source}"),
                ErrorKind::MissingKey {
                    key: "file".to_owned(),
                    why: ": the source is read from a file".to_owned(),
                },
            )
        })?;
        let csv = CsvInput::open(&path, spec.encoding)?;
        self.read_csv(index, csv)?;
        if self.plans[index].is_some() {
            self.settle_repeats(index, &path)?;
        }
        Ok(())
    }

    /// Reads source `source` as CSV from `input`; `name` names the input in messages. (Copies
    /// of a repeated id that differ cannot be settled by reading `input` twice: the first
    /// counts, as for records fed from memory.)
    pub fn read_source(
        &mut self,
        source: &str,
        input: impl Read,
        name: impl AsRef<Path>,
    ) -> Result<()> {
        let index = self.source_index(source)?;
        let encoding = self.spec.sources[index].encoding;
        let csv = CsvInput::from_reader(input, name.as_ref(), encoding)?;
        self.read_csv(index, csv)
    }

    fn read_csv<R: Read>(&mut self, index: usize, csv: CsvInput<R>) -> Result<()> {
        let source = &self.spec.sources[index];
        self.sources[index].quality.file = Some(csv.path().to_path_buf());
        if source.kind != SourceKind::Table {
            return self.read_records(index, csv);
        }
        let mut reader = TableReader::new(csv, &source.id, &source.columns)?;
        loop {
            match reader.next_row() {
                Ok(Some((line, row))) => self.table_row(index, row, Origin::Line(line))?,
                Ok(None) => return Ok(()),
                Err(error) => self.reject(index, error)?,
            }
        }
    }

    /// Under `--lenient`, counts and lists a malformed row; otherwise returns its error.
    fn reject(&mut self, index: usize, error: Error) -> Result<()> {
        if !self.lenient || !error.is_row_error() {
            return Err(error);
        }
        let quality = &mut self.sources[index].quality;
        quality.read += 1;
        quality.rejected += 1;
        quality.rejected_rows.push(RejectedRow::new(&error));
        Ok(())
    }

    /// The period slot of a record: 0 for the period, 1 for the previous one.
    fn slot(&self, contains: impl Fn(&Period) -> bool) -> Option<usize> {
        if contains(&self.period) {
            Some(0)
        } else if self.previous.as_ref().is_some_and(contains) {
            Some(1)
        } else {
            None
        }
    }

    /// Counts what became of a record (or takes it back); `unmatched` is the name to report
    /// for an unplaced record.
    fn tally(&mut self, index: usize, outcome: Outcome, unmatched: Option<&str>, delta: Delta) {
        let state = &mut self.sources[index];
        let quality = &mut state.quality;
        let step = |count: &mut u64| match delta {
            Delta::Add => *count += 1,
            Delta::Remove => *count = count.saturating_sub(1),
        };
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
                let name = normalize(unmatched.unwrap_or(""));
                match delta {
                    Delta::Add => state.unmatched.add(&name),
                    Delta::Remove => state.unmatched.remove(&name),
                }
            }
        }
    }

    /// Makes the boards.
    pub fn finish(mut self) -> Result<Rankings> {
        self.undo_repeated_table_rows();
        let spec = self.spec;
        let source_ids: Vec<String> = spec
            .sources
            .iter()
            .map(|source| source.id.clone())
            .collect();
        let mut boards = Vec::with_capacity(self.boards.len());
        for state in &self.boards {
            let board = &spec.boards[state.spec];
            let places: Vec<&Place> = state
                .places
                .iter()
                .map(|&index| self.gazetteer.place(index))
                .collect();
            let values = |slot: usize| -> Values {
                board
                    .indicators
                    .iter()
                    .zip(&state.totals)
                    .map(|(indicator, totals)| totals[slot].values(&indicator.measure, &places))
                    .collect()
            };
            let previous = self.previous.map(|period| (period, values(1)));
            boards.push(board::build(
                &spec.name,
                board,
                &source_ids,
                &places,
                self.period,
                &values(0),
                previous.as_ref().map(|(period, values)| (*period, values)),
            )?);
        }
        let needed = self.sources_needed();
        let sources = self
            .sources
            .into_iter()
            .filter(|state| {
                state.quality.read > 0 || needed.contains(&state.quality.source.as_str())
            })
            .map(|mut state| {
                state.quality.unmatched = state.unmatched.shown();
                state.quality.unused_indicators = state.unused_indicators.most_frequent(None);
                state.quality.differing_repeats = state.repeats.differing();
                state.quality.rejected_rows.sort_by(|a, b| {
                    a.line
                        .cmp(&b.line)
                        .then_with(|| a.location.cmp(&b.location))
                });
                state.quality
            })
            .collect();
        Ok(Rankings {
            title: spec.title.clone(),
            period: self.period,
            boards,
            quality: QualityReport {
                period: self.period,
                previous_period: self.previous,
                sources,
            },
        })
    }

    fn source_index(&self, source: &str) -> Result<usize> {
        self.spec.source_index(source).ok_or_else(|| {
            Error::new(
                ErrorKind::SourceUse {
                    message: format!(
                        "no source '{}' in the spec (it defines: {})",
                        shorten(source),
                        self.spec.source_ids().collect::<Vec<_>>().join(", ")
                    ),
                },
                Location::Unknown,
            )
        })
    }

    /// Where a record is, optionally naming a column.
    fn location(&self, index: usize, origin: Origin, column: Option<&str>) -> Location {
        match (origin, &self.sources[index].quality.file) {
            (Origin::Line(line), Some(path)) => Location::at_line(path, line, column),
            (Origin::Line(number) | Origin::Record(number), _) => Location::Record {
                source: self.spec.sources[index].id.clone(),
                number,
                column: column.map(str::to_owned),
            },
        }
    }
}

/// The indexes of the boards `ids` names (all when empty), in spec order.
fn select_boards(spec: &Spec, ids: &[String]) -> Result<Vec<usize>> {
    for id in ids {
        if !spec.boards.iter().any(|board| board.id == *id) {
            return Err(Error::new(
                ErrorKind::UnknownBoard {
                    id: shorten(id),
                    known: spec.board_ids().map(shorten).collect::<Vec<_>>().join(", "),
                },
                Location::Unknown,
            ));
        }
    }
    Ok((0..spec.boards.len())
        .filter(|&index| ids.is_empty() || ids.contains(&spec.boards[index].id))
        .collect())
}

/// Every `per` attribute must be an attribute of the places.
fn check_attributes(spec: &Spec, gazetteer: &Gazetteer) -> Result<()> {
    for board in &spec.boards {
        for (index, indicator) in board.indicators.iter().enumerate() {
            if let MeasureSpec::Rate { per, .. } = &indicator.measure {
                let per = normalize(per);
                if !gazetteer
                    .attributes()
                    .iter()
                    .any(|attribute| *attribute == per)
                {
                    return Err(spec.error_at(
                        Spec::indicator_key(board, index, "per"),
                        ErrorKind::UnknownAttribute {
                            attribute: shorten(&per),
                            known: if gazetteer.attributes().is_empty() {
                                "none".to_owned()
                            } else {
                                let known: Vec<String> =
                                    gazetteer.attributes().iter().map(|a| shorten(a)).collect();
                                known.join(", ")
                            },
                        },
                    ));
                }
            }
        }
    }
    Ok(())
}
