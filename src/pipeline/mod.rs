//! The pipeline's driver: records go in source by source, from files or from memory; a
//! [`Rankings`] comes out.
//!
//! Records are measured as they arrive into running totals per board, indicator and place,
//! for the period and the previous one, so memory grows with places × indicators (and, to
//! spot repeated ids, a few bytes per distinct id), not with the records of a file. Records
//! fed from memory or from a reader, which cannot be read twice, also keep the fields of the
//! copy of each id that counts, to take it back when a later copy comes (see
//! [`dedup`](crate::dedup)): about 280 bytes a record.

mod coverage;
mod gazetteer;
mod groups;
pub(crate) mod lanes;
#[cfg(test)]
mod lengths;
pub(crate) mod records;
mod report;
#[cfg(feature = "spreadsheet")]
mod sheet;
pub(crate) mod split;
pub(crate) mod state;
mod streaks;
mod table;
pub(crate) mod trace;
mod warnings;

pub(crate) use gazetteer::read_places;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::explain::{self, CountedRecord, Explanation};
use crate::analysis::robust::{self, BoardRobustness, Robustness, RobustnessOptions};
use crate::board::{self, Rankings, Values};
use crate::error::{
    AnalysisOption, Error, ErrorKind, Location, MOST_HISTORY, Result, SourceUse, shorten,
};
use crate::measure::Totals;
use crate::name::normalize;
use crate::parallel::Threads;
use crate::period::{Period, PeriodRole, Periods};
use crate::places::{Gazetteer, Place, PlaceIndex, PlaceKind};
use crate::quality::{QualityReport, SourceCoverage, Uncounted, UncountedRecord};
use crate::rank::{self, Compare, RankBy, TieOrder};
use crate::read::csv::CsvInput;
use crate::read::files::Files;
use crate::resolve::Resolver;
use crate::source::{Record, SourceKind, TableReader, TableRow};
use crate::spec::{BoardSpec, GroupBy, MeasureSpec, Spec};
use jiff::civil::DateTime;
use lanes::{Done, Job};

use crate::plan::Plan;
use crate::progress::{Progress, ProgressSink};
use split::CutPolicy;
use state::{Origin, Reading, RecordsState, SourceReader, SourceState, TableState};

/// Choices for a run that the spec leaves open, set with builder methods.
///
/// ```
/// use livability::Options;
///
/// let options = Options::new().period("2018-11".parse()?).board("beautiful-roads").lenient(true);
/// assert!(options.is_lenient());
/// assert_eq!(options.boards(), ["beautiful-roads"]);
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Options {
    period: Option<Period>,
    boards: Vec<String>,
    lenient: bool,
    threads: Option<usize>,
    every_place: bool,
    extra_fields: bool,
    progress: Option<ProgressSink>,
    files: Option<Arc<dyn Files>>,
    history: Option<usize>,
    rolling: Option<u8>,
}

impl Options {
    /// The defaults: the spec's period, every board, strict, one thread per core.
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

    /// Uses at most `threads` threads (at least one) in every parallel step of a run: reading
    /// files, building the address matchers, scoring and making boards. By default, one per
    /// core. The outcome is the same for any number.
    pub fn threads(mut self, threads: usize) -> Options {
        self.threads = Some(threads.max(1));
        self
    }

    /// Lists every ranked place on every board, not only those within its `top`:
    /// `--all`.
    pub fn every_place(mut self, every_place: bool) -> Options {
        self.every_place = every_place;
        self
    }

    /// Keeps fields of records fed from memory that are no column of their source's kind and
    /// that no board reads, instead of rejecting such a record as a likely typo (the default).
    pub fn extra_fields(mut self, keep: bool) -> Options {
        self.extra_fields = keep;
        self
    }

    /// Reports the progress of the run to `report`: while reading source files, from the
    /// threads that read them, bytes read of the bytes of every file being read; then boards
    /// made of the boards to make (see [`Progress`]). Without it, nothing is reported; the
    /// library never draws anything itself.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use livability::input::Stage;
    ///
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let into = Arc::clone(&seen);
    /// let options = livability::Options::new()
    ///     .progress(move |progress| into.lock().unwrap().push(progress));
    /// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
    /// livability::rank(&spec, &options)?;
    /// let seen = seen.lock().unwrap();
    /// let read = seen.iter().filter(|p| p.stage == Stage::Reading).last().unwrap();
    /// assert!(read.total > 0 && read.done == read.total);
    /// let last = seen.last().unwrap();
    /// assert_eq!((last.stage, last.done, last.total), (Stage::Ranking, 3, 3));
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn progress(mut self, report: impl Fn(Progress) + Send + Sync + 'static) -> Options {
        self.progress = Some(ProgressSink::new(report));
        self
    }

    /// Reads the run's files (the spec's places, exports and calendar) from `files` instead
    /// of the native file system: how the offline page reads the files an analyst dropped,
    /// slice by slice from the browser, through the same code as a folder on disk.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use livability::input::files::MemoryFiles;
    ///
    /// let mut files = MemoryFiles::new();
    /// for name in ["spec.toml", "places.csv", "grid.csv", "hotline.csv", "police.csv", "sanitation.csv"] {
    ///     files.insert(format!("dropped/{name}"), std::fs::read(format!("fixtures/tianshan/{name}")).unwrap());
    /// }
    /// let files = Arc::new(files);
    /// let spec = livability::Spec::from_path_in("dropped/spec.toml", files.clone())?;
    /// let rankings = livability::rank(&spec, &livability::Options::new().files(files))?;
    /// assert_eq!(rankings.boards[0].entries[0].place, "芙蓉江路");
    /// // Without the provider, the disk, where there is no folder `dropped`.
    /// assert!(livability::rank(&spec, &livability::Options::new()).is_err());
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn files(mut self, files: Arc<dyn Files>) -> Options {
        self.files = Some(files);
        self
    }

    /// Also ranks the `periods - 1` periods before the one ranked, in the same single pass
    /// over the records, and gives each chosen board's [`History`](crate::board::History):
    /// its places' ranks and scores over the `periods` periods (`--history 12`). Each period
    /// of a history is ranked as a run of that period alone would rank it.
    ///
    /// ```
    /// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
    /// let options = livability::Options::new().history(2);
    /// let rankings = livability::rank(&spec, &options)?;
    /// let history = &rankings.histories[0];
    /// assert_eq!(history.periods, ["2018-10".parse()?, "2018-11".parse()?]);
    /// assert_eq!(history.places[0].place, rankings.boards[0].entries[0].place);
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn history(mut self, periods: usize) -> Options {
        self.history = Some(periods);
        self
    }

    /// Ranks the `months` months (1 to 12) that end with the period (`--rolling 3`: the last
    /// three months), instead of the spec's `rolling`, if it sets one.
    ///
    /// ```
    /// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
    /// let rankings = livability::rank(&spec, &livability::Options::new().rolling(2))?;
    /// assert_eq!(rankings.period.to_string(), "2018-10..2018-11");
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn rolling(mut self, months: u8) -> Options {
        self.rolling = Some(months);
        self
    }

    /// The number of periods of the history asked for, if any.
    pub fn history_periods(&self) -> Option<usize> {
        self.history
    }

    /// Runs `work` reading the files this run's provider gives, if one is set.
    pub(crate) fn reading<R>(&self, work: impl FnOnce() -> R) -> R {
        crate::read::files::within(self.files.clone(), work)
    }

    /// Whether every ranked place is listed.
    pub fn lists_every_place(&self) -> bool {
        self.every_place
    }

    /// The period asked for, if any (else the spec's).
    pub fn chosen_period(&self) -> Option<Period> {
        self.period
    }

    /// The boards asked for, by id; empty for every board.
    pub fn boards(&self) -> &[String] {
        &self.boards
    }

    /// Whether malformed rows are skipped and reported.
    pub fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// The threads a run uses at most.
    pub fn thread_count(&self) -> usize {
        self.threads.unwrap_or_else(|| Threads::available().count())
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
/// use livability::places::{Gazetteer, Place, PlaceKind};
/// use livability::{Options, Ranker, Record, Spec};
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
    pub(crate) shared: Shared<'a>,
    /// The chosen boards, in spec order.
    boards: Vec<BoardState>,
    /// One per source of the spec, in order.
    pub(crate) sources: Vec<SourceState>,
    /// The chosen board whose traced place is explained.
    explained: Option<usize>,
    /// Where the spec's files are read from (`None`: the native file system).
    files: Option<Arc<dyn Files>>,
}

/// What a run made: the boards and the analyses asked for.
struct Finished {
    rankings: Rankings,
    robustness: Vec<BoardRobustness>,
    explanation: Option<Explanation>,
}

/// The boards made so far, with what was asked of them.
#[derive(Default)]
struct Made {
    boards: Vec<board::Board>,
    /// Per board of `boards`: its groups' boards, when it ranks inside groups (`group_by`).
    groups: Vec<Vec<board::Board>>,
    robustness: Vec<BoardRobustness>,
    explanation: Option<Explanation>,
}

/// The robustness of a board made from `input`.
fn analyse(
    input: board::BoardInput<'_>,
    made: &board::Board,
    options: &RobustnessOptions,
) -> Result<BoardRobustness> {
    let model = match input.spec.rank_by {
        RankBy::Score => Some(robust::Model::new(input)?),
        RankBy::Change => None,
    };
    robust::analyze(model.as_ref(), made, options, input.threads)
}

/// One chosen board, made, with what was asked of it.
struct MadeBoard {
    board: board::Board,
    /// Its groups' boards, when it ranks inside groups (`group_by`).
    groups: Vec<board::Board>,
    robustness: Option<BoardRobustness>,
    explanation: Option<Explanation>,
}

/// One chosen board, to make: its position among the chosen, its state, its listing of
/// equals, and the spec's source ids (for messages).
#[derive(Clone, Copy)]
struct Chosen<'r> {
    position: usize,
    state: &'r BoardState,
    listing: &'r [usize],
    source_ids: &'r [String],
    /// The basis of its streak rules (empty without any).
    streaks: &'r streaks::StreakBasis,
}

/// What an analysis asked for that does not exist.
enum Unknown {
    Board,
    Place(PlaceKind),
}

/// An unknown board or place asked for by an analysis, with the closest known ones.
fn unknown(what: Unknown, name: &str, closest: &[&str]) -> Error {
    let closest = closest.iter().map(|&name| name.to_owned()).collect();
    let option = match what {
        Unknown::Board => AnalysisOption::UnknownBoard {
            board: shorten(name),
            closest,
        },
        Unknown::Place(kind) => AnalysisOption::UnknownPlace {
            kind: kind.to_string(),
            place: shorten(name),
            closest,
        },
    };
    Error::new(ErrorKind::Option(option), Location::Unknown)
}

/// The moment each period's records are judged against their deadlines: the end of
/// that period (its last day, 23:59:59.999999999), moved by as long as the spec's
/// `as_of` lies after (or before) the end of the period ranked. The period ranked is judged at
/// `as_of` itself; the periods it is compared with are judged as long after their own end, as
/// they were when published on the same schedule (a board of October published on 5 November
/// compares with September as of 5 October). Without `as_of`, and with `as_of` written as the
/// period's end, every period is judged at its own end.
fn judged_at(
    as_of: Option<DateTime>,
    period: Period,
    periods: Periods<Option<Period>>,
) -> Periods<DateTime> {
    let end = |period: Period| period.last_day().at(23, 59, 59, 999_999_999);
    let lag = as_of.map(|as_of| as_of.duration_since(end(period)));
    periods.map(|_, compared| {
        let own = end(compared.unwrap_or(period));
        match lag {
            Some(lag) => own.saturating_add(lag),
            None => own,
        }
    })
}

/// The periods a run measures: the period ranked, the previous one, and the same period a
/// year earlier when an improvement board compares with it and it is not the previous period
/// (it is for a year); with a history, every period of `history` and the periods each is
/// compared with, the ones that are none of those three as `earlier`.
fn periods_measured(
    period: Period,
    chosen: &[(usize, &crate::spec::BoardSpec)],
    history: &[Period],
) -> Periods<Option<Period>> {
    let year_ago_compared = chosen
        .iter()
        .any(|(_, board)| board.rank_by == RankBy::Change && board.compare == Compare::YearAgo);
    let previous = period.previous();
    let year_ago = period
        .year_ago()
        .filter(|year_ago| Some(*year_ago) != previous && year_ago_compared);
    let mut earlier: Vec<Option<Period>> = Vec::new();
    for &shown in history {
        let compared = [
            Some(shown),
            shown.previous(),
            shown.year_ago().filter(|_| year_ago_compared),
        ];
        for other in compared.into_iter().flatten() {
            let known = [Some(period), previous, year_ago].contains(&Some(other))
                || earlier.contains(&Some(other));
            if !known {
                earlier.push(Some(other));
            }
        }
    }
    Periods {
        current: Some(period),
        previous,
        year_ago,
        earlier,
    }
}

/// The periods measured ([`periods_measured`]) and those a streak rule looks back over (the
/// streak window), the window's periods not measured already added as earlier periods.
fn periods_with_streaks(
    period: Period,
    chosen: &[(usize, &crate::spec::BoardSpec)],
    history: &[Period],
) -> (Periods<Option<Period>>, Vec<Period>) {
    let longest_rule = chosen
        .iter()
        .flat_map(|(_, board)| &board.streak_rules)
        .map(|rule| usize::from(rule.periods))
        .max()
        .unwrap_or(0);
    let streak_window = streaks::window(period, history, longest_rule);
    let mut periods = periods_measured(period, chosen, history);
    for &needed in &streak_window {
        if !periods
            .iter()
            .any(|(_, measured)| *measured == Some(needed))
        {
            periods.earlier.push(Some(needed));
        }
    }
    (periods, streak_window)
}

/// The periods of the history a run measures, oldest first: as many as asked for (`shown`),
/// or as a chosen board's `streak` counts, if more; none for neither.
fn history_measured(
    period: Period,
    chosen: &[(usize, &crate::spec::BoardSpec)],
    shown: Option<usize>,
) -> Result<Vec<Period>> {
    if let Some(length) = shown
        && !(1..=MOST_HISTORY).contains(&length)
    {
        return Err(Error::new(
            ErrorKind::Option(AnalysisOption::HistoryLength { periods: length }),
            Location::Unknown,
        ));
    }
    // A board's `streak` needs as many periods as it counts, measured in the same pass.
    let streak = chosen
        .iter()
        .filter_map(|(_, board)| board.streak)
        .max()
        .map_or(0, usize::from);
    Ok(match shown.unwrap_or(0).max(streak) {
        0 => Vec::new(),
        length => history_periods(period, length),
    })
}

/// The periods of a history of `length` periods that ends with `period`, oldest first; fewer
/// when the calendar begins before.
fn history_periods(period: Period, length: usize) -> Vec<Period> {
    let mut periods: Vec<Period> = std::iter::successors(Some(period), Period::previous)
        .take(length)
        .collect();
    periods.reverse();
    periods
}

/// The state of source `index`, ready to read: the feeds it serves (by indicator name for a
/// `table` source, by its plan for a raw one), their totals per period measured, and its
/// coverage; each chosen board's indicators learn which of its feeds they read.
fn source_state(
    index: usize,
    source: &crate::spec::SourceSpec,
    chosen: &[(usize, &crate::spec::BoardSpec)],
    boards: &mut [BoardState],
    periods: &Periods<Option<Period>>,
    kinds: &crate::places::Kinds,
) -> SourceState {
    let mut state = SourceState {
        index,
        ..SourceState::default()
    };
    state.quality.source = source.id.clone();
    state.quality.kind = Some(source.kind);
    if source.kind == SourceKind::Table {
        let mut table = TableState::default();
        for &(board_position, board) in chosen {
            for (position, indicator) in board.indicators.iter().enumerate() {
                if let (true, MeasureSpec::Value { name, .. }) =
                    (indicator.source == index, &indicator.measure)
                {
                    let feed = state.feeds.len();
                    state.feeds.push((board_position, position));
                    table
                        .routes
                        .entry(normalize(name).into_owned())
                        .or_default()
                        .push(feed);
                }
            }
        }
        state.reading = Reading::Table(table);
    } else {
        let plan = Plan::new(index, source, chosen, kinds);
        state.feeds = plan
            .feeds
            .iter()
            .map(|feed| (feed.board, feed.indicator))
            .collect();
        state.reading = Reading::Records(Box::new(RecordsState::new(Arc::new(plan))));
    }
    state.totals = state
        .feeds
        .iter()
        .map(|&(board, position)| {
            let measure = &chosen[board].1.indicators[position].measure;
            let totals = Totals::new(measure, boards[board].places.len());
            // No totals for a period not measured: none counts in it.
            periods.clone().map(|_, measured| match measured {
                Some(_) => totals.clone(),
                None => Totals::new(measure, 0),
            })
        })
        .collect();
    for (feed, &(board, position)) in state.feeds.iter().enumerate() {
        boards[board].feeds[position] = (index, feed);
    }
    let kinds: Vec<(PlaceKind, usize)> = chosen
        .iter()
        .map(|&(board_position, board)| (board.kind, boards[board_position].places.len()))
        .collect();
    state.coverage = coverage::Coverage::new(&state.feeds, &kinds);
    state.earlier_placed = vec![0; periods.earlier.len()];
    state
}

/// The records (or rows) `source` placed in the period `role`, for a period compared with;
/// `None` for the period ranked, which is never left blank.
fn placed_in(source: &SourceState, role: PeriodRole) -> Option<u64> {
    match role {
        PeriodRole::Current => None,
        PeriodRole::Previous => Some(source.quality.previous_period),
        PeriodRole::YearAgo => Some(source.year_ago_placed),
        PeriodRole::Earlier(position) => source.earlier_placed.get(usize::from(position)).copied(),
    }
}

/// What every source's reader needs to see, and nobody changes while reading.
pub(crate) struct Shared<'a> {
    pub(crate) spec: &'a Spec,
    pub(crate) gazetteer: &'a Gazetteer,
    pub(crate) resolver: Resolver,
    /// The period ranked.
    pub(crate) period: Period,
    /// The periods measured: the period ranked (`current` is `Some(period)`), the previous
    /// one, and the same period a year earlier when an improvement board compares with it and
    /// it is not the previous one.
    pub(crate) periods: Periods<Option<Period>>,
    /// Per period: the moment its records are judged against their deadlines (see
    /// [`judged_at`]).
    pub(crate) judged_at: Periods<DateTime>,
    /// The periods of the history asked for, oldest first (the period ranked last); empty
    /// without a history.
    pub(crate) history: Vec<Period>,
    /// The periods of the history asked for (`--history`), which the history measured may
    /// exceed for a board's `streak`; `None` when none was asked for.
    pub(crate) history_shown: Option<usize>,
    /// The periods the streak rules of the chosen boards look at (see [`streaks`]), oldest
    /// first; empty without any.
    pub(crate) streak_window: Vec<Period>,
    pub(crate) lenient: bool,
    /// How many threads every parallel step uses at most.
    pub(crate) threads: Threads,
    /// Per chosen board: its position in the spec.
    pub(crate) boards: Vec<usize>,
    /// Where the biggest file is cut when it is read in two parts.
    pub(crate) cut: CutPolicy,
    /// Every ranked place is listed.
    pub(crate) every_place: bool,
    /// Fields of records from memory that are no column are kept, not refused.
    pub(crate) extra_fields: bool,
    /// The place whose records are noted as they count (`explain`); files are then read
    /// whole, never in two parts.
    pub(crate) trace: Option<trace::Target>,
    /// Where progress is reported, if the caller asked for it.
    pub(crate) progress: Option<crate::progress::ProgressSink>,
}

/// A board being measured.
struct BoardState {
    /// Index into the spec's boards.
    spec: usize,
    /// The places of the board's kind, in gazetteer order: slot → place.
    places: Vec<PlaceIndex>,
    /// Per indicator: the (source, feed) whose totals it reads.
    feeds: Vec<(usize, usize)>,
}

impl<'a> Ranker<'a> {
    /// Prepares the boards `options` asks for. Checks what needs the places: every `per`
    /// attribute of the spec must be one the places have.
    pub fn new(spec: &'a Spec, gazetteer: &'a Gazetteer, options: &Options) -> Result<Ranker<'a>> {
        check_attributes(spec, gazetteer)?;
        let period = spec
            .ranked_period(options.chosen_period(), options.rolling)?
            .ok_or_else(|| Error::new(ErrorKind::NoPeriod, Location::Unknown))?;
        let chosen = select_boards(spec, &options.boards)?;
        let mut boards: Vec<BoardState> = chosen
            .iter()
            .map(|&index| BoardState {
                spec: index,
                places: gazetteer.indexes_of_kind(spec.boards[index].kind).to_vec(),
                feeds: vec![(0, 0); spec.boards[index].indicators.len()],
            })
            .collect();
        let chosen_specs: Vec<(usize, &crate::spec::BoardSpec)> = chosen
            .iter()
            .enumerate()
            .map(|(position, &index)| (position, &spec.boards[index]))
            .collect();
        let history = history_measured(period, &chosen_specs, options.history_periods())?;
        let shown = options.history_periods();
        let (periods, streak_window) = periods_with_streaks(period, &chosen_specs, &history);
        let sources = spec
            .sources
            .iter()
            .enumerate()
            .map(|(index, source)| {
                source_state(
                    index,
                    source,
                    &chosen_specs,
                    &mut boards,
                    &periods,
                    spec.kinds(),
                )
            })
            .collect();
        let threads = Threads::new(options.thread_count());
        Ok(Ranker {
            shared: Shared {
                spec,
                gazetteer,
                // Only raw sources' records are placed by their address.
                resolver: Resolver::new(
                    gazetteer,
                    spec.sources
                        .iter()
                        .any(|source| source.kind != SourceKind::Table),
                    &spec.administrative,
                ),
                period,
                judged_at: judged_at(spec.as_of, period, periods.clone()),
                periods,
                history,
                history_shown: shown,
                streak_window,
                lenient: options.lenient,
                threads,
                boards: chosen,
                cut: CutPolicy::WhereItsThreadStands,
                every_place: options.every_place,
                extra_fields: options.extra_fields,
                trace: None,
                progress: options.progress.as_ref().map(ProgressSink::fresh),
            },
            boards,
            sources,
            explained: None,
            files: options.files.clone(),
        })
    }

    /// The period being ranked.
    pub fn period(&self) -> Period {
        self.shared.period
    }

    /// The ids of the sources the chosen boards read, in order.
    pub fn sources_needed(&self) -> Vec<&'a str> {
        let spec = self.shared.spec;
        let mut needed: Vec<usize> = self
            .boards
            .iter()
            .flat_map(|board| board.feeds.iter().map(|&(source, _)| source))
            .collect();
        needed.sort_unstable();
        needed.dedup();
        needed
            .into_iter()
            .map(|index| spec.sources[index].id.as_str())
            .collect()
    }

    /// Feeds one record of the raw source `source` (grid, hotline, police, sanitation).
    ///
    /// Of the records sharing an id, the latest counts, as from a file: the one closed last,
    /// then the one with the latest time, then the one with the higher fingerprint (see the
    /// guide, "Repeated ids"), whatever the order they are fed in. As they cannot be read again,
    /// the fields of the copy of each id that counts are kept, so memory grows with the records
    /// fed: about 280 bytes a record.
    pub fn add_record(&mut self, source: &str, record: &Record) -> Result<()> {
        let index = self.source_index(source)?;
        self.reader(index).memory_record(record)
    }

    /// Feeds one row of the `table` source `source`.
    pub fn add_table_row(&mut self, source: &str, row: TableRow) -> Result<()> {
        let index = self.source_index(source)?;
        let kind = self.shared.spec.sources[index].kind;
        if kind != SourceKind::Table {
            return Err(Error::new(
                ErrorKind::SourceUse(SourceUse::TableRowsForRecords {
                    source_id: shorten(source),
                    kind: kind.as_str().to_owned(),
                }),
                Location::Unknown,
            ));
        }
        let mut reader = self.reader(index);
        reader.state.fed += 1;
        let origin = Origin::Record(reader.state.fed);
        reader.table_row(row, origin)
    }

    /// Reads the files the spec names for source `source` (its `file`: a path, a glob pattern
    /// or a list of them; see [`Spec::source_files`]), in sorted order. Of the records of
    /// several files sharing an id, the latest counts, as within one file.
    pub fn read_source_file(&mut self, source: &str) -> Result<()> {
        self.read_source_files(&[source])
    }

    /// Reads the files the spec names for `sources`, several at once on the machine's cores.
    /// Each thread reads the biggest file left, one whole file at a time, except that the
    /// thread of the biggest file (at least 1 MiB), when another runs out of files, cuts what
    /// it has not read yet in two at a row boundary and hands the second half over; the parts
    /// are then merged. When the merge could differ from one reading (an id repeated from far
    /// before the cut, a cut inside a quoted field, decimal sums near the limits), the first
    /// part simply reads on. So the result is the same as reading the files one by one, on any
    /// number of threads; the error returned, if any, is that of the first source in `sources`
    /// that failed.
    pub fn read_source_files(&mut self, sources: &[&str]) -> Result<()> {
        let files = self.files.clone();
        crate::read::files::within(files, || self.read_files_of(sources))
    }

    /// [`read_source_files`](Ranker::read_source_files), within the run's provider of files.
    fn read_files_of(&mut self, sources: &[&str]) -> Result<()> {
        let mut jobs = Vec::with_capacity(sources.len());
        for source in sources {
            let index = self.source_index(source)?;
            let spec = self.shared.spec;
            let paths = spec.files_of(&spec.sources[index])?;
            if paths.is_empty() {
                return Err(spec.error_at(
                    format!("sources.{}", shorten(source)),
                    ErrorKind::MissingKey {
                        key: "file".to_owned(),
                        why: ": the source is read from a file".to_owned(),
                    },
                ));
            }
            let size = paths
                .iter()
                .map(|path| crate::read::files::size(path))
                .sum();
            jobs.push(Job {
                order: jobs.len(),
                index,
                paths,
                size,
            });
        }
        if let Some(sink) = &self.shared.progress {
            sink.add_total(jobs.iter().map(|job| job.size).sum());
        }
        let done = lanes::read_files(&self.shared, &mut self.sources, jobs);
        let mut results = Vec::new();
        let (mut first, mut second) = (None, None);
        for done in done {
            match done {
                Done::Whole(order, result) => results.push((order, result)),
                Done::First(order, index, result) => first = Some((order, index, result)),
                Done::Second(result) => second = Some(result.map(|state| *state)),
            }
        }
        if let Some((order, index, first)) = first {
            let result = first.and_then(|first| self.reader(index).join_parts(*first, second));
            results.push((order, result));
        }
        results.sort_by_key(|(order, _)| *order);
        // Each file counts whole once read, however its reading reported along the way.
        if let Some(sink) = &self.shared.progress {
            sink.finish_all();
        }
        results.into_iter().try_for_each(|(_, result)| result)
    }

    /// Reads source `source` as CSV from `input`; `name` names the input in messages. `input`
    /// cannot be read twice, so, as for records fed from memory, the fields of the copy of
    /// each id that counts are kept (about 280 bytes a record) to take it back when a later
    /// copy comes: the latest copy counts, as from a file.
    pub fn read_source(
        &mut self,
        source: &str,
        input: impl Read,
        name: impl AsRef<Path>,
    ) -> Result<()> {
        let index = self.source_index(source)?;
        let spec = &self.shared.spec.sources[index];
        let csv = CsvInput::from_reader_found(
            input,
            name.as_ref(),
            spec.encoding,
            &spec.header_search(),
        )?;
        self.reader(index).read_csv(csv)
    }

    /// Reads source `source` from a workbook in memory (`.xlsx`, `.xlsm`, `.xls` or `.ods`,
    /// as `name` says; the sheet the spec names for the source, by default the first), as
    /// [`read_source_file`](Ranker::read_source_file) reads a workbook file. Needs the
    /// `spreadsheet` feature.
    #[cfg(feature = "spreadsheet")]
    pub fn read_source_workbook(
        &mut self,
        source: &str,
        workbook: impl Into<Arc<[u8]>>,
        name: impl AsRef<Path>,
    ) -> Result<()> {
        let index = self.source_index(source)?;
        let spec = &self.shared.spec.sources[index];
        let sheet = crate::source::sheet::Source::bytes(
            workbook.into(),
            name.as_ref(),
            spec.sheet.as_deref(),
        )?
        .with_header(spec.header_search());
        self.reader(index).read_sheet(&sheet)
    }

    fn reader(&mut self, index: usize) -> SourceReader<'_, 'a> {
        SourceReader {
            shared: &self.shared,
            state: &mut self.sources[index],
        }
    }

    /// Makes the boards.
    pub fn finish(self) -> Result<Rankings> {
        self.finish_with(None).map(|finished| finished.rankings)
    }

    /// Asks for the explanation of the place named `place` (name, alias or id) on the board
    /// `board`: its records are noted as they are read, so call this before feeding any.
    /// Files are then read whole, each on one thread. [`Ranker::finish_with_explanation`]
    /// gives it.
    ///
    /// A board the spec does not define is [`ErrorKind::UnknownBoard`], as for
    /// [`Options::board`]; an unknown place is an error naming the closest ones.
    pub fn explain_place(&mut self, board: &str, place: &str) -> Result<()> {
        let spec = self.shared.spec;
        let chosen = |state: &BoardState| spec.boards[state.spec].id == board;
        let Some(state) = self.boards.iter().position(chosen) else {
            // A board the spec does not define fails as it does for `rank`, with the same
            // message, whichever command asked.
            if !spec.boards.iter().any(|known| known.id == board) {
                return Err(unknown_board(spec, board));
            }
            let ids = self
                .boards
                .iter()
                .map(|state| spec.boards[state.spec].id.as_str());
            let closest = crate::places::closest(board, ids, 3);
            return Err(unknown(Unknown::Board, board, &closest));
        };
        let kind = spec.boards[self.boards[state].spec].kind;
        let gazetteer = self.shared.gazetteer;
        let Some(position) = gazetteer.find_position(kind, place) else {
            let names = gazetteer
                .indexes_of_kind(kind)
                .iter()
                .map(|&index| gazetteer.place(index).name());
            let closest = crate::places::closest(place, names, 3);
            return Err(unknown(Unknown::Place(kind), place, &closest));
        };
        self.shared.trace = Some(trace::Target { kind, position });
        self.explained = Some(state);
        Ok(())
    }

    /// Makes the boards and explains the place asked for with [`Ranker::explain_place`].
    pub fn finish_with_explanation(self) -> Result<(Rankings, Explanation)> {
        let asked = self.explained.is_some();
        let finished = self.finish_with(None)?;
        match finished.explanation {
            Some(mut explanation) => {
                explanation.language = finished.rankings.language;
                Ok((finished.rankings, explanation))
            }
            None => Err(Error::new(
                ErrorKind::Option(if asked {
                    AnalysisOption::PlaceOnNoBoard
                } else {
                    AnalysisOption::NoPlaceToExplain
                }),
                Location::Unknown,
            )),
        }
    }

    /// Makes the boards and says how sure each is ([`Robustness`]): the analysis runs on the
    /// boards' normalized values in memory, without reading any record again.
    pub fn finish_with_robustness(
        self,
        options: &RobustnessOptions,
    ) -> Result<(Rankings, Robustness)> {
        options.check()?;
        let finished = self.finish_with(Some(options))?;
        let robustness = Robustness {
            period: finished.rankings.period,
            options: options.clone(),
            generator: robust::GENERATOR,
            factors: 2 * robust::STEPS + 1,
            boards: finished.robustness,
            language: finished.rankings.language,
        };
        Ok((finished.rankings, robustness))
    }

    /// Makes the boards and, when asked, analyses each one's robustness, and explains the
    /// place asked for.
    fn finish_with(mut self, robustness: Option<&RobustnessOptions>) -> Result<Finished> {
        for index in 0..self.sources.len() {
            self.reader(index).undo_repeated_table_rows();
        }
        let shared = &self.shared;
        let source_ids = self.source_ids();
        let (order_of_board, listings) = self.listings();
        // The basis of each board's streak rules, before any board that reads it.
        let bases = self.streak_bases(&order_of_board, &listings, &source_ids)?;
        let needed = self.sources_needed();
        let chosen = self.chosen(&order_of_board, &listings, &source_ids, &bases);
        let (made, source_warnings) = self.make_boards(&chosen, robustness, &needed)?;
        let Made {
            mut boards,
            groups,
            robustness: analysed,
            explanation,
        } = made;
        let histories =
            self.histories(&order_of_board, &listings, &source_ids, &bases, &mut boards)?;
        let mut on_unranked = self.board_coverage(&mut boards);
        let group_coverage = self.group_coverage();
        let warnings = self.warnings(source_warnings, &boards, &bases);
        let notes = boards
            .iter()
            .flat_map(crate::analysis::board_notes)
            .collect();
        let boards = groups::followed_by_groups(boards, groups);
        let sources = self
            .sources
            .into_iter()
            .filter(|state| {
                state.quality.read > 0 || needed.contains(&state.quality.source.as_str())
            })
            .map(|state| {
                let on_unranked = std::mem::take(&mut on_unranked[state.index]);
                report::source_quality(shared, state, on_unranked)
            })
            .collect();
        let rankings = Rankings {
            title: shared.spec.title.clone(),
            period: shared.period,
            boards,
            histories,
            quality: QualityReport {
                period: shared.period,
                previous_period: shared.periods.previous,
                sources,
                warnings,
                notes,
                groups: group_coverage,
            },
            language: shared.spec.language,
            rise: shared.spec.rise,
        };
        Ok(Finished {
            rankings,
            robustness: analysed,
            explanation,
        })
    }

    /// The chosen boards, to make: each with its listing of equals and its streaks' basis.
    fn chosen<'r>(
        &'r self,
        order_of_board: &[usize],
        listings: &'r [Vec<usize>],
        source_ids: &'r [String],
        bases: &'r [streaks::StreakBasis],
    ) -> Vec<Chosen<'r>> {
        (self.boards.iter().zip(order_of_board).enumerate())
            .map(|(position, (state, &order))| Chosen {
                position,
                state,
                listing: &listings[order],
                source_ids,
                streaks: &bases[position],
            })
            .collect()
    }

    /// Makes the chosen boards side by side (each board's own steps split further), and
    /// beside them the warnings about the sources the boards use (`needed`), which no board
    /// changes. Results come in the boards' order, so the first error is the first board's
    /// that fails, on any number of threads; progress counts the boards as they are done.
    fn make_boards(
        &self,
        chosen: &[Chosen<'_>],
        robustness: Option<&RobustnessOptions>,
        needed: &[&str],
    ) -> Result<(Made, Vec<crate::quality::Warning>)> {
        let shared = &self.shared;
        let done = std::sync::Mutex::new(0);
        let progress = |done: usize| {
            if let Some(sink) = &shared.progress {
                sink.boards_made(done, self.boards.len());
            }
        };
        progress(0);
        // A board's own steps share the cores only when there are fewer boards than cores:
        // boards made side by side each on one thread keep the cores busy as well, and fewer
        // threads alive at once hold fewer allocator arenas (the boards were a run's peak of
        // memory, issue 27).
        let inner = if chosen.len() >= shared.threads.count() {
            Threads::new(1)
        } else {
            shared.threads
        };
        let (each, source_warnings) = shared.threads.join(
            || {
                shared.threads.map(chosen, |&chosen| {
                    let made = self.make_board(chosen, robustness, inner);
                    let mut done = done.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    *done += 1;
                    progress(*done);
                    made
                })
            },
            || warnings::source_warnings(shared, &self.sources, needed),
        );
        let mut made = Made::default();
        for board in each {
            let MadeBoard {
                board,
                groups,
                robustness,
                explanation,
            } = board?;
            made.boards.push(board);
            made.groups.push(groups);
            made.robustness.extend(robustness);
            if explanation.is_some() {
                made.explanation = explanation;
            }
        }
        Ok((made, source_warnings))
    }

    /// What the report warns of: the sources' warnings (`warnings`), then the boards' (their values, their
    /// coverage), then the streaks that run through periods without records.
    fn warnings(
        &self,
        mut warnings: Vec<crate::quality::Warning>,
        boards: &[board::Board],
        bases: &[streaks::StreakBasis],
    ) -> Vec<crate::quality::Warning> {
        for board in boards {
            warnings.extend(crate::analysis::board_warnings(board));
        }
        warnings.extend(boards.iter().flat_map(coverage::warnings));
        for (state, basis) in self.boards.iter().zip(bases) {
            warnings.extend(self.streak_warnings(state, basis));
        }
        warnings
    }

    /// The places of `indexes`.
    fn places_of(&self, indexes: &[PlaceIndex]) -> Vec<&'a Place> {
        let gazetteer = self.shared.gazetteer;
        indexes
            .iter()
            .map(|&index| gazetteer.place(index))
            .collect()
    }

    /// The order equals are listed in, once per kind and tie order (boards of a kind often
    /// share it; a pinyin order reads every name), made side by side: per chosen board, which
    /// listing is its own, and the listings.
    fn listings(&self) -> (Vec<usize>, Vec<Vec<usize>>) {
        let shared = &self.shared;
        let mut orders: Vec<(PlaceKind, TieOrder)> = Vec::new();
        let order_of_board: Vec<usize> = self
            .boards
            .iter()
            .map(|state| {
                let board = &shared.spec.boards[state.spec];
                let order = (board.kind, board.tie_order);
                let known = orders.iter().position(|known| *known == order);
                known.unwrap_or_else(|| {
                    orders.push(order);
                    orders.len() - 1
                })
            })
            .collect();
        let listings = shared.threads.map(&orders, |&(kind, order)| {
            let places = self.places_of(shared.gazetteer.indexes_of_kind(kind));
            rank::listing_positions(order, &places)
        });
        (order_of_board, listings)
    }

    /// The values of a board's indicators in the period `role`, per indicator and place.
    fn board_values(&self, state: &BoardState, places: &[&Place], role: PeriodRole) -> Values {
        self.values_in(state, places, role, role == PeriodRole::Current)
    }

    /// The values of a board's indicators in the period `role`, ranked (`ranked`: never
    /// blank, as a run of that period alone gives them) or compared with.
    fn values_in(
        &self,
        state: &BoardState,
        places: &[&Place],
        role: PeriodRole,
        ranked: bool,
    ) -> Values {
        let board = &self.shared.spec.boards[state.spec];
        board
            .indicators
            .iter()
            .zip(&state.feeds)
            .map(|(indicator, &(source, feed))| {
                let source = &self.sources[source];
                // A previous period in which a raw source placed no record (the first month
                // of data) gives its indicators no value, not zeros: no rank change is
                // invented from them.
                let placed_then = if ranked {
                    None
                } else {
                    placed_in(source, role)
                };
                if source.plan().is_some() && placed_then == Some(0) {
                    return vec![None; places.len()];
                }
                source.totals[feed]
                    .get(role)
                    .values(&indicator.measure, places)
            })
            .collect()
    }

    /// The role of `period` among the periods measured, if it is one.
    fn role_of(&self, period: Period) -> Option<PeriodRole> {
        self.shared
            .periods
            .iter()
            .find(|(_, measured)| **measured == Some(period))
            .map(|(role, _)| role)
    }

    /// The board of one chosen board for `period`, a period of the history, made as a run of
    /// that period alone would make it (its coverage aside, which is the period ranked's).
    fn history_board(&self, chosen: Chosen<'_>, period: Period) -> Result<board::Board> {
        let shared = &self.shared;
        let spec = shared.spec;
        let board = &spec.boards[chosen.state.spec];
        let places = self.places_of(&chosen.state.places);
        let values_of = |period: Option<Period>, ranked: bool| {
            let period = period?;
            let role = self.role_of(period)?;
            let values = self.values_in(chosen.state, &places, role, ranked);
            Some((period, self.with_streaks(chosen, period, values)))
        };
        // A period in which none of the board's raw sources placed a record (before the data
        // begins) ranks nobody: every place would tie at the top, and a streak would be
        // invented from nothing.
        let empty = self.role_of(period).is_some_and(|role| {
            chosen.state.feeds.iter().all(|&(source, _)| {
                let source = &self.sources[source];
                source.plan().is_some() && placed_in(source, role) == Some(0)
            })
        });
        let current = values_of(Some(period), true).map(|(_, values)| values);
        let current = current.unwrap_or_else(|| {
            let values = vec![vec![None; places.len()]; board.indicators.len()];
            self.with_streaks(chosen, period, values)
        });
        let previous = values_of(period.previous(), false);
        let year_ago = (board.rank_by == RankBy::Change && board.compare == Compare::YearAgo)
            .then(|| {
                period
                    .year_ago()
                    .filter(|year_ago| Some(*year_ago) != period.previous())
            })
            .flatten()
            .and_then(|year_ago| values_of(Some(year_ago), false));
        let compared = match board.rank_by {
            RankBy::Change => year_ago.as_ref().or(previous.as_ref()),
            _ => None,
        };
        let mut made = board::build(board::BoardInput {
            at: &spec.name,
            spec: board,
            source_ids: chosen.source_ids,
            places: &places,
            listing: chosen.listing,
            current: (period, &current),
            previous: previous.as_ref().map(|(period, values)| (*period, values)),
            compared: compared.map(|(period, values)| (*period, values)),
            threads: shared.threads,
            every_place: shared.every_place,
        })?;
        if empty {
            made.entries.clear();
        }
        Ok(made)
    }

    /// Each chosen board's history, made once `boards` are: each board's `streak` flags
    /// from it, then each history cut to the periods asked for (none when none was asked).
    fn histories(
        &self,
        order_of_board: &[usize],
        listings: &[Vec<usize>],
        source_ids: &[String],
        bases: &[streaks::StreakBasis],
        boards: &mut [board::Board],
    ) -> Result<Vec<board::History>> {
        let shared = &self.shared;
        if shared.history.is_empty() {
            return Ok(Vec::new());
        }
        let chosen = self.chosen(order_of_board, listings, source_ids, bases);
        // The boards' histories side by side, in the boards' order (the first error is the
        // first board's); each one period's board at a time, reduced to the history's cells
        // before the next.
        let histories = shared
            .threads
            .map(&chosen, |&chosen| {
                let mut gathering = board::HistoryGathering::default();
                for &period in &shared.history {
                    gathering.add(&self.history_board(chosen, period)?);
                }
                Ok(gathering.finish())
            })
            .into_iter()
            .collect::<Result<Vec<board::History>>>()?;
        for (board, history) in boards.iter_mut().zip(&histories) {
            if let Some(periods) = board.streak {
                board.streaks = history.streaks(usize::from(periods));
            }
        }
        Ok(match shared.history_shown {
            Some(shown) => histories
                .into_iter()
                .map(|history| history.last(shown))
                .collect(),
            None => Vec::new(),
        })
    }

    /// Makes one chosen board, with its robustness when asked and the explanation when it is
    /// the board of the place explained.
    fn make_board(
        &self,
        chosen: Chosen<'_>,
        robustness: Option<&RobustnessOptions>,
        threads: Threads,
    ) -> Result<MadeBoard> {
        let shared = &self.shared;
        let spec = shared.spec;
        let spec_board = &spec.boards[chosen.state.spec];
        let overall = groups::overall(spec_board);
        let board = overall.as_ref().unwrap_or(spec_board);
        let places = self.places_of(&chosen.state.places);
        let values = |role| self.streaked_values(chosen, &places, role);
        // Both periods' values side by side (a rate or mean per place).
        let (current, previous) = threads.join(
            || values(PeriodRole::Current),
            || {
                let previous = shared.periods.previous;
                previous.map(|period| (period, values(PeriodRole::Previous)))
            },
        );
        // An improvement board's period compared with: the previous one, or a year ago
        // (for a year, the previous one).
        let year_ago = (board.rank_by == RankBy::Change && board.compare == Compare::YearAgo)
            .then_some(shared.periods.year_ago)
            .flatten()
            .map(|period| (period, values(PeriodRole::YearAgo)));
        let compared = match board.rank_by {
            RankBy::Change => year_ago.as_ref().or(previous.as_ref()),
            _ => None,
        };
        let input = board::BoardInput {
            at: &spec.name,
            spec: board,
            source_ids: chosen.source_ids,
            places: &places,
            listing: chosen.listing,
            current: (shared.period, &current),
            previous: previous.as_ref().map(|(period, values)| (*period, values)),
            compared: compared.map(|(period, values)| (*period, values)),
            threads,
            every_place: shared.every_place,
        };
        let board_made = board::build(input)?;
        let mut explanation = None;
        if self.explained == Some(chosen.position)
            && let Some(target) = shared.trace
        {
            let records = self.counted_records(chosen.position, &board_made);
            explanation = Some(explain::explain(
                input,
                &board_made,
                target.position,
                records,
            )?);
        }
        let analysed = robustness
            .map(|options| analyse(input, &board_made, options))
            .transpose()?;
        let input = board::BoardInput {
            spec: spec_board,
            ..input
        };
        let groups = groups::group_boards(shared.gazetteer, &chosen.state.places, input)?;
        Ok(MadeBoard {
            board: board_made,
            groups,
            robustness: analysed,
            explanation,
        })
    }

    /// The ids of the spec's sources, by position.
    fn source_ids(&self) -> Vec<String> {
        let sources = &self.shared.spec.sources;
        sources.iter().map(|source| source.id.clone()).collect()
    }

    /// The coverage per group of every chosen board ranked inside groups, in the boards'
    /// order.
    fn group_coverage(&self) -> Vec<crate::quality::GroupCoverage> {
        let shared = &self.shared;
        (self.boards.iter().enumerate())
            .flat_map(|(slot, state)| {
                let board = &shared.spec.boards[state.spec];
                coverage::group_coverage(shared, slot, board, &state.places, &self.sources)
            })
            .collect()
    }

    /// Fills in each board's coverage from the counts of its sources, now that it is known
    /// which places it ranks; returns, per source, the records on places a board leaves
    /// unranked, one entry per board and place.
    fn board_coverage(&self, boards: &mut [board::Board]) -> Vec<Vec<UncountedRecord>> {
        let gazetteer = self.shared.gazetteer;
        let spec = self.shared.spec;
        let mut on_unranked = vec![Vec::new(); self.sources.len()];
        for (position, (state, board)) in self.boards.iter().zip(boards).enumerate() {
            // A place a veto leaves unranked used its records: the veto is what the board
            // shows of it.
            let vetoed = board
                .unranked
                .iter()
                .filter(|unranked| matches!(unranked.reason, board::UnrankedReason::Vetoed(_)));
            let ranked: std::collections::HashSet<&str> = board
                .entries
                .iter()
                .map(|entry| entry.place_id.as_str())
                .chain(vetoed.map(|unranked| unranked.place_id.as_str()))
                .collect();
            // Each unranked place's reason, looked up by id rather than searched for.
            let reasons: std::collections::HashMap<&str, &board::UnrankedReason> = board
                .unranked
                .iter()
                .rev()
                .map(|unranked| (unranked.place_id.as_str(), &unranked.reason))
                .collect();
            for source in &self.sources {
                let coverage = &source.coverage;
                let Some(group) = coverage.groups.iter().position(|g| g.board == position) else {
                    continue;
                };
                let counts = &coverage.counts[group];
                let mut uncounted = counts.uncounted;
                let mut counted = 0;
                for (&index, &records) in state.places.iter().zip(&counts.placed) {
                    let place = gazetteer.place(index);
                    if records == 0 {
                        continue;
                    }
                    if ranked.contains(place.id()) {
                        counted += records;
                        continue;
                    }
                    uncounted.add(Uncounted::UnrankedPlace, records);
                    let why = reasons
                        .get(place.id())
                        .map_or_else(String::new, |reason| format!(" ({reason})"));
                    on_unranked[source.index].push(UncountedRecord {
                        file: None,
                        line: None,
                        id: String::new(),
                        kind: Some(board.kind),
                        text: place.name().to_owned(),
                        reason: Uncounted::UnrankedPlace,
                        boards: vec![board.id.clone()],
                        records,
                        fix: format!(
                            "board '{}' leaves {} unranked{why}: see its unranked list",
                            board.id,
                            place.name()
                        ),
                    });
                }
                let id = spec.sources[source.index].id.clone();
                board
                    .coverage
                    .push(SourceCoverage::new(id, counted, uncounted));
            }
        }
        on_unranked
    }

    /// The records noted for the explained place that count for the board in `position`
    /// among the chosen ones, in the period ranked.
    fn counted_records(&self, position: usize, board: &board::Board) -> Vec<CountedRecord> {
        let spec = self.shared.spec;
        let mut records = Vec::new();
        for source in &self.sources {
            let source_id = &spec.sources[source.index].id;
            for note in trace::net(&source.noted) {
                let (board_slot, indicator) = source.feeds[note.feed];
                if board_slot != position || note.period != PeriodRole::Current {
                    continue;
                }
                let indicator = &spec.boards[self.boards[board_slot].spec].indicators[indicator];
                let at = match note.origin {
                    Origin::Line(line) => match source.file_line(line) {
                        (Some(file), line) => format!("{}:{line}", file.display()),
                        (None, line) => format!("record {line}"),
                    },
                    origin => format!("record {}", origin.position()),
                };
                records.push(CountedRecord {
                    indicator: indicator.id.clone(),
                    source: source_id.clone(),
                    at,
                    id: note.id,
                    time: note
                        .time
                        .map(|time| time.strftime("%Y-%m-%d %H:%M:%S").to_string()),
                    placed_by: note.placed_by,
                    counted: note.counted.to_string(),
                });
            }
        }
        let order = |id: &str| board.indicators.iter().position(|i| i.id == id);
        records.sort_by_key(|record| order(&record.indicator).unwrap_or(usize::MAX));
        records
    }

    fn source_index(&self, source: &str) -> Result<usize> {
        self.shared.spec.source_index(source).ok_or_else(|| {
            Error::new(
                ErrorKind::SourceUse(SourceUse::Unknown {
                    source_id: shorten(source),
                    known: self.shared.spec.source_ids().collect::<Vec<_>>().join(", "),
                }),
                Location::Unknown,
            )
        })
    }
}

impl SourceReader<'_, '_> {
    /// Reads the source's files, in the order given.
    ///
    /// One file is read as [`read_file`](Self::read_file) says. Several are read one after
    /// the other into the one state, as records from a reader are: the fields of each id's
    /// counted copy are kept (about 280 bytes a record) so that a copy in a later file takes
    /// back the one an earlier file counted, and no file is read a second time. Their lines
    /// are numbered by file (see [`FILE_LINES`](state::FILE_LINES)).
    pub(crate) fn read_files(&mut self, paths: &[PathBuf]) -> Result<()> {
        let [first, second, rest @ ..] = paths else {
            return match paths.first() {
                Some(path) => self.read_file(path),
                None => Ok(()),
            };
        };
        for path in [first, second].into_iter().chain(rest) {
            self.state.files.push(state::ReadFile {
                path: path.clone(),
                #[cfg(feature = "spreadsheet")]
                sheet: None,
            });
            self.read_file(path)?;
        }
        Ok(())
    }

    /// Reads the source's file: its rows, then, for a raw source, the repeats to settle.
    pub(crate) fn read_file(&mut self, path: &Path) -> Result<()> {
        let source = &self.shared.spec.sources[self.state.index];
        #[cfg(feature = "spreadsheet")]
        if let Some(sheet) = crate::source::sheet::Source::file(path, source.sheet.as_deref()) {
            return self.read_sheet(&sheet.with_header(source.header_search()));
        }
        let csv = CsvInput::open_found(path, source.encoding, &source.header_search())?;
        self.state.progress = self
            .shared
            .progress
            .as_ref()
            .map(|sink| sink.file(crate::read::files::size(path)));
        // The file can be read again to compare repeats with their first copy; the files
        // of a source of several are not (their repeats are settled as they come).
        let several = !self.state.files.is_empty();
        if let (false, Some(records)) = (several, self.state.records_mut()) {
            records.repeats.forget_old_versions();
        }
        self.read_csv(csv)?;
        if let Some(progress) = self.state.progress.take() {
            progress.finish();
        }
        if self.state.plan().is_some() && !several {
            self.settle_repeats(path)?;
        }
        Ok(())
    }

    /// Reads a CSV of the source, raw records or table rows.
    pub(crate) fn read_csv<R: Read>(&mut self, csv: CsvInput<R>) -> Result<()> {
        self.state.quality.file = Some(csv.path().to_path_buf());
        self.state.quality.header_row = (csv.header_line() != 1).then_some(csv.header_line());
        let source = &self.shared.spec.sources[self.state.index];
        if source.kind != SourceKind::Table {
            return self.read_records(csv);
        }
        let mut reader = TableReader::new(csv, &source.id, &source.columns)?;
        loop {
            match reader.next_row() {
                Ok(Some((line, row))) => {
                    let origin = Origin::Line(self.state.line_base() + line);
                    self.table_row(row, origin)?;
                }
                Ok(None) => return Ok(()),
                Err(error) => self.reject(error)?,
            }
        }
    }
}

/// A board `id` the spec does not define, with the boards it does.
fn unknown_board(spec: &Spec, id: &str) -> Error {
    Error::new(
        ErrorKind::UnknownBoard {
            id: shorten(id),
            known: spec.board_ids().map(shorten).collect::<Vec<_>>().join(", "),
        },
        Location::Unknown,
    )
}

/// The indexes of the boards `ids` names (all when empty), in spec order.
fn select_boards(spec: &Spec, ids: &[String]) -> Result<Vec<usize>> {
    for id in ids {
        if !spec.boards.iter().any(|board| board.id == *id) {
            return Err(unknown_board(spec, id));
        }
    }
    Ok((0..spec.boards.len())
        .filter(|&index| ids.is_empty() || ids.contains(&spec.boards[index].id))
        .collect())
}

/// Every `per` attribute must be an attribute of the places, and a board's worst list no
/// longer than its places.
/// A board's `group_by` attribute must be the places file's.
fn check_group_by(spec: &Spec, board: &BoardSpec, gazetteer: &Gazetteer) -> Result<()> {
    if let Some(GroupBy::Attribute(attribute)) = &board.group_by
        && !gazetteer
            .attributes()
            .iter()
            .chain(gazetteer.text_attributes())
            .any(|known| known == attribute)
    {
        let known: Vec<String> = gazetteer
            .attributes()
            .iter()
            .chain(gazetteer.text_attributes())
            .map(|known| shorten(known))
            .collect();
        return Err(spec.error_at(
            format!("boards[{}].group_by", board.position),
            ErrorKind::UnknownAttribute {
                attribute: shorten(attribute),
                known: if known.is_empty() {
                    "none (or \"parent\", or a kind above the board's)".to_owned()
                } else {
                    format!(
                        "{} (or \"parent\", or a kind above the board's)",
                        known.join(", ")
                    )
                },
            },
        ));
    }
    Ok(())
}

fn check_attributes(spec: &Spec, gazetteer: &Gazetteer) -> Result<()> {
    for board in &spec.boards {
        check_group_by(spec, board, gazetteer)?;
        let places = gazetteer.indexes_of_kind(board.kind).len();
        if let Some(bottom) = board.bottom
            && bottom as usize > places
        {
            return Err(spec.error_at(
                format!("boards[{}].bottom", board.position),
                ErrorKind::SpecValue {
                    found: bottom.to_string(),
                    expected: format!(
                        "a number of places up to the {places} of kind {} the places file lists",
                        board.kind
                    ),
                },
            ));
        }
        for (index, indicator) in board.indicators.iter().enumerate() {
            if let MeasureSpec::Rate { per, .. }
            | MeasureSpec::Value {
                per: Some((per, _)),
                ..
            } = &indicator.measure
            {
                let per = normalize(per);
                // Divided by, an attribute holding text is the data's error: the first value
                // that is not a number, where it is.
                if gazetteer.text_attributes().iter().any(|text| *text == per) {
                    if let Some(error) = gazetteer.not_a_number(&per) {
                        return Err(error.clone());
                    }
                    let value = gazetteer
                        .places()
                        .iter()
                        .find_map(|place| place.text(&per))
                        .unwrap_or_default();
                    return Err(spec.error_at(
                        Spec::indicator_key(board, index, "per"),
                        ErrorKind::BadValue {
                            value: shorten(value),
                            expected: format!(
                                "a number (attribute '{}' holds text)",
                                shorten(&per)
                            ),
                        },
                    ));
                }
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
