//! The pipeline's driver: records go in source by source, from files or from memory; a
//! [`Rankings`] comes out.
//!
//! Records are measured as they arrive into running totals per board, indicator and place,
//! for the period and the previous one, so memory grows with places × indicators and not
//! with records.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::board::{self, Rankings, Values};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::measure::Totals;
use crate::name::normalize;
use crate::period::Period;
use crate::places::{Gazetteer, Place, PlaceIndex, PlaceKind};
use crate::quality::{NameCounter, QualityReport, RejectedRow, SourceQuality};
use crate::source::csv::CsvInput;
use crate::source::{SourceKind, TableReader, TableRow};
use crate::spec::{MeasureSpec, Spec};

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
/// Use it to pass records from your own store; [`crate::rank`] does the same for the files
/// a spec names.
///
/// ```
/// use livability::{Gazetteer, Options, Place, PlaceKind, Ranker, Spec, TableRow};
/// use rust_decimal::Decimal;
///
/// let spec = Spec::from_toml_str(r#"
///     period = "2018-11"
///     [sources.warehouse]
///     kind = "table"
///     [[boards]]
///     id = "clean"
///     kind = "neighborhood"
///     [[boards.indicators]]
///     id = "sanitation"
///     source = "warehouse"
///     measure = "value"
///     better = "higher"
///     normalize = "none"
/// "#, "spec.toml")?;
/// let places = Gazetteer::new([
///     Place::new("N1", PlaceKind::Neighborhood, "天山二村"),
///     Place::new("N2", PlaceKind::Neighborhood, "新光小区"),
/// ])?;
/// let mut ranker = Ranker::new(&spec, &places, &Options::new())?;
/// let november = "2018-11".parse()?;
/// ranker.add_table_row("warehouse", TableRow::new(november, "天山二村", "sanitation", Decimal::new(925, 1)))?;
/// ranker.add_table_row("warehouse", TableRow::new(november, "N2", "sanitation", Decimal::new(925, 1)))?;
/// let rankings = ranker.finish()?;
/// let board = &rankings.boards[0];
/// assert!(board.entries.iter().all(|entry| entry.tied && entry.rank.to_string() == "1"));
/// # Ok::<(), livability::Error>(())
/// ```
pub struct Ranker<'a> {
    spec: &'a Spec,
    gazetteer: &'a Gazetteer,
    period: Period,
    previous: Option<Period>,
    lenient: bool,
    boards: Vec<BoardState>,
    sources: Vec<SourceState>,
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

/// What identifies a `table` row: period, indicator and place (the places it resolves to,
/// or its text when it resolves to none).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct TableKey {
    period: Period,
    indicator: String,
    place: Result<[Option<PlaceIndex>; 2], String>,
}

/// The first row of a (period, place, indicator), to undo it if it turns out repeated.
struct FirstRow {
    origin: Origin,
    outcome: RowOutcome,
    /// Under `--lenient`: a later row repeated it, so neither counts.
    repeated: bool,
}

/// What became of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowOutcome {
    Used,
    /// Outside the period; `Some(1)` when in the previous period and measured for it.
    OutOfPeriod(Option<usize>),
    Unplaced,
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
        let selected = select_boards(spec, &options.boards)?;
        let boards: Vec<BoardState> = selected
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
        let sources = spec
            .sources
            .iter()
            .enumerate()
            .map(|(index, source)| {
                let mut state = SourceState::default();
                state.quality.source = source.id.clone();
                state.quality.kind = Some(source.kind);
                for (slot, board) in boards.iter().enumerate() {
                    for (position, indicator) in
                        spec.boards[board.spec].indicators.iter().enumerate()
                    {
                        if let (true, MeasureSpec::Value { name }) =
                            (indicator.source == index, &indicator.measure)
                        {
                            state
                                .routes
                                .entry(normalize(name).into_owned())
                                .or_default()
                                .push((slot, position));
                        }
                    }
                }
                state
            })
            .collect();
        Ok(Ranker {
            spec,
            gazetteer,
            period,
            previous: period.previous(),
            lenient: options.lenient,
            boards,
            sources,
        })
    }

    /// The period being ranked.
    pub fn period(&self) -> Period {
        self.period
    }

    /// The ids of the sources the boards asked for read, in order.
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

    /// Feeds one row of the `table` source `source`.
    pub fn add_table_row(&mut self, source: &str, row: TableRow) -> Result<()> {
        let index = self.source(source, SourceKind::Table)?;
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
        self.read_csv(index, csv)
    }

    /// Reads source `source` as CSV from `input`; `name` names the input in messages.
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
        match source.kind {
            SourceKind::Table => {
                let mut reader = TableReader::new(csv, &source.columns)?;
                loop {
                    match reader.next_row() {
                        Ok(Some((line, row))) => self.table_row(index, row, Origin::Line(line))?,
                        Ok(None) => return Ok(()),
                        Err(error) => self.reject(index, error)?,
                    }
                }
            }
            kind => Err(Error::new(
                ErrorKind::SourceUse {
                    message: format!(
                        "sources of kind \"{}\" cannot be read yet: only `table` sources are",
                        kind.as_str()
                    ),
                },
                Location::at_file(reader_path(&self.sources[index].quality.file)),
            )),
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

    fn table_row(&mut self, index: usize, row: TableRow, origin: Origin) -> Result<()> {
        let gazetteer = self.gazetteer;
        let indicator = normalize(&row.indicator).into_owned();
        let found = PlaceKind::ALL.map(|kind| gazetteer.find_index(kind, &row.place));
        let key = TableKey {
            period: row.period,
            indicator: indicator.clone(),
            place: if found.iter().any(Option::is_some) {
                Ok(found)
            } else {
                Err(normalize(&row.place).into_owned())
            },
        };
        if let Some(first) = self.sources[index].seen.get(&key) {
            let error = Error::new(
                ErrorKind::RepeatedTableRow {
                    first: first.origin.to_string(),
                    period: row.period.to_string(),
                    place: row.place.clone(),
                    indicator: row.indicator.clone(),
                },
                self.location(index, origin),
            );
            self.reject(index, error)?;
            if let Some(first) = self.sources[index].seen.get_mut(&key) {
                first.repeated = true;
            }
            return Ok(());
        }
        let slot = if row.period == self.period {
            Some(0)
        } else if Some(row.period) == self.previous {
            Some(1)
        } else {
            None
        };
        let state = &mut self.sources[index];
        state.quality.read += 1;
        let routes = state.routes.get(&indicator);
        if routes.is_none() {
            state.unused_indicators.add(&indicator);
        }
        let mut placed = false;
        if let Some(slot) = slot {
            for &(board, position) in routes.into_iter().flatten() {
                let place_kind = self.spec.boards[self.boards[board].spec].kind;
                if let Some(place) = found[place_kind.index()] {
                    let board = &mut self.boards[board];
                    board.totals[position][slot].set(gazetteer.position_in_kind(place), row.value);
                    placed = true;
                }
            }
            // A row no board uses counts as placed if it names any place.
            placed |= routes.is_none() && key.place.is_ok();
        }
        let outcome = match slot {
            Some(0) if placed => RowOutcome::Used,
            Some(0) => RowOutcome::Unplaced,
            Some(_) => RowOutcome::OutOfPeriod(placed.then_some(1)),
            None => RowOutcome::OutOfPeriod(None),
        };
        match outcome {
            RowOutcome::Used => state.quality.used += 1,
            RowOutcome::Unplaced => {
                state.quality.unplaced += 1;
                state.unmatched.add(&normalize(&row.place));
            }
            RowOutcome::OutOfPeriod(previous) => {
                state.quality.out_of_period += 1;
                state.quality.previous_period += u64::from(previous.is_some());
            }
        }
        state.seen.insert(
            key,
            FirstRow {
                origin,
                outcome,
                repeated: false,
            },
        );
        Ok(())
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

    /// Under `--lenient`, a (period, place, indicator) given twice keeps neither value, so
    /// that the result does not depend on row order: the first row is undone and rejected.
    fn undo_repeated_table_rows(&mut self) {
        for index in 0..self.sources.len() {
            let seen = std::mem::take(&mut self.sources[index].seen);
            for (key, first) in seen.iter().filter(|(_, first)| first.repeated) {
                let slot = match first.outcome {
                    RowOutcome::Used => Some(0),
                    RowOutcome::OutOfPeriod(previous) => previous,
                    RowOutcome::Unplaced => None,
                };
                let routes = self.sources[index].routes.get(&key.indicator).cloned();
                if let (Some(slot), Ok(found)) = (slot, &key.place) {
                    for (board, position) in routes.into_iter().flatten() {
                        let kind = self.spec.boards[self.boards[board].spec].kind;
                        if let Some(place) = found[kind.index()] {
                            let slot_index = self.gazetteer.position_in_kind(place);
                            self.boards[board].totals[position][slot].set(slot_index, None);
                        }
                    }
                }
                let error = Error::new(
                    ErrorKind::RepeatedTableRow {
                        first: "a later row".to_owned(),
                        period: key.period.to_string(),
                        place: match &key.place {
                            Err(text) => text.clone(),
                            Ok(found) => found
                                .iter()
                                .flatten()
                                .map(|&place| self.gazetteer.place(place).id().to_owned())
                                .collect::<Vec<_>>()
                                .join("/"),
                        },
                        indicator: key.indicator.clone(),
                    },
                    self.location(index, first.origin),
                );
                let quality = &mut self.sources[index].quality;
                match first.outcome {
                    RowOutcome::Used => quality.used -= 1,
                    RowOutcome::Unplaced => quality.unplaced -= 1,
                    RowOutcome::OutOfPeriod(previous) => {
                        quality.out_of_period -= 1;
                        quality.previous_period -= u64::from(previous.is_some());
                    }
                }
                quality.rejected += 1;
                quality.rejected_rows.push(RejectedRow::new(&error));
            }
        }
    }

    fn source_index(&self, source: &str) -> Result<usize> {
        self.spec.source_index(source).ok_or_else(|| {
            Error::new(
                ErrorKind::SourceUse {
                    message: format!(
                        "no source '{source}' in the spec (it defines: {})",
                        self.spec.source_ids().collect::<Vec<_>>().join(", ")
                    ),
                },
                Location::Unknown,
            )
        })
    }

    /// The index of source `source`, which must be of `kind`.
    fn source(&self, source: &str, kind: SourceKind) -> Result<usize> {
        let index = self.source_index(source)?;
        let actual = self.spec.sources[index].kind;
        if actual != kind {
            return Err(Error::new(
                ErrorKind::SourceUse {
                    message: format!(
                        "source '{source}' is of kind \"{}\", not \"{}\"",
                        actual.as_str(),
                        kind.as_str()
                    ),
                },
                Location::Unknown,
            ));
        }
        Ok(index)
    }

    fn location(&self, index: usize, origin: Origin) -> Location {
        match (origin, &self.sources[index].quality.file) {
            (Origin::Line(line), Some(path)) => Location::at_line(path, line, None),
            (Origin::Line(number) | Origin::Record(number), _) => Location::Record {
                source: self.spec.sources[index].id.clone(),
                number,
            },
        }
    }
}

fn reader_path(file: &Option<PathBuf>) -> &Path {
    file.as_deref().unwrap_or(Path::new(""))
}

/// The indexes of the boards `ids` names (all when empty), in spec order.
fn select_boards(spec: &Spec, ids: &[String]) -> Result<Vec<usize>> {
    for id in ids {
        if !spec.boards.iter().any(|board| board.id == *id) {
            return Err(Error::new(
                ErrorKind::UnknownBoard {
                    id: id.clone(),
                    known: spec.board_ids().collect::<Vec<_>>().join(", "),
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
                            attribute: per.into_owned(),
                            known: if gazetteer.attributes().is_empty() {
                                "none".to_owned()
                            } else {
                                gazetteer.attributes().join(", ")
                            },
                        },
                    ));
                }
            }
        }
    }
    Ok(())
}
