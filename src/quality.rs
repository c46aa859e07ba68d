//! The data-quality report: what became of every record of every source.
//!
//! Every record read is counted under exactly one outcome, so the counts reconcile:
//! `read = used + out_of_period + unplaced + ambiguous + repeated + rejected + total_rows`.

use std::path::PathBuf;

use serde::Serialize;

use rust_decimal::Decimal;

use crate::error::Error;
use crate::period::Period;
use crate::places::PlaceKind;
use crate::source::SourceKind;

mod coverage;

pub use crate::measure::NameCount;
pub(crate) use crate::measure::NameCounter;
pub use coverage::{
    DEFAULT_MIN_COVERAGE, GroupCoverage, SourceCoverage, UNCOUNTED_LISTED, Uncounted,
    UncountedCounts, UncountedRecord,
};

/// How many ids whose copies differ the report lists per source: those whose first copy comes
/// first (in the file, or among the records fed).
pub const DIFFERING_IDS_LISTED: usize = 20;

/// What became of the records of every source read.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct QualityReport {
    /// The period ranked.
    pub period: Period,
    /// The period compared with for rank changes, if any.
    pub previous_period: Option<Period>,
    /// One entry per source read, in the order of their ids.
    pub sources: Vec<SourceQuality>,
    /// What may make a board wrong although no row is malformed, in the order found.
    pub warnings: Vec<Warning>,
    /// What is worth knowing of a board that may well be right: most of its listed places
    /// tied ([`Warning::CrowdedList`]). Printed as `note: …`; `--strict` ignores them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Warning>,
    /// Per group of each board ranked inside groups (`group_by`), in the boards' order then
    /// the groups': the places records reached and the records placed on them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupCoverage>,
}

impl QualityReport {
    /// Whether any source had rows rejected (which, without `--lenient`, would have been
    /// errors).
    pub fn has_errors(&self) -> bool {
        self.sources.iter().any(|source| source.rejected > 0)
    }
}

/// Something that may make a board wrong although no row is malformed: `rank` and `check`
/// print each on stderr (`warning: …`), the report lists them, and `--strict` makes any of
/// them exit 1, for pipelines that publish boards without a person looking.
///
/// In JSON: `{"warning": "filter-matched-nothing", "message": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A source with no record of the period: its indicators give every place zero (counts)
    /// or nothing (rates of nothing, means), and the boards rank on what is left.
    EmptySource {
        /// The source's id.
        source: String,
        /// The period.
        period: Period,
    },
    /// A source whose records collapse into few ids: more than half of them repeat an id
    /// before them (with at least [`FEW_IDS_MIN_RECORDS`] records). Real exports repeat a few
    /// rows; this many repeats means the ids were damaged (Excel rounding long ids to 15
    /// digits, a column of ids taken from the wrong column), and the records merged.
    FewIds {
        /// The source's id.
        source: String,
        /// Records read (rows that are records).
        records: u64,
        /// Of those, the repeats of an earlier id.
        repeated: u64,
    },
    /// Rows hidden in a workbook (by a filter, or by hand): read and counted like the others,
    /// since a filter is a view, not a deletion; the analyst should look whether they belong.
    HiddenRows {
        /// The source's id.
        source: String,
        /// The sheet, as `file.xlsx!Sheet1`.
        sheet: String,
        /// How many rows it hides below its header.
        rows: u64,
        /// The first of them.
        first: Vec<u64>,
    },
    /// A value a filter accepts that no record of the period holds: a typo, a traditional
    /// character for a simplified one, a code the export renamed.
    FilterMatchedNothing {
        /// The filter's spec key, such as `boards[1].indicators[0].where`.
        key: String,
        /// The column filtered.
        column: String,
        /// The value no record holds.
        value: String,
        /// The values the column does hold most, most frequent first (the filter's other
        /// values apart).
        frequent: Vec<NameCount>,
    },
    /// A source without the own column of a kind its boards rank (a header the export
    /// renamed: `小区名称` for `小区`), which then places fewer than half of its records of the
    /// period by their address.
    KindColumnMissing {
        /// The source's id.
        source: String,
        /// The kind of place.
        kind: PlaceKind,
        /// The headers the column is looked for under.
        looked_for: String,
        /// Records of the period placed (by address).
        placed: u64,
        /// Records of the period.
        records: u64,
    },
    /// A name that matches no place of a kind but nearly matches one (a slip of a character
    /// or two): its records are lost to the boards unless the name becomes an alias.
    CloseName {
        /// The source's id.
        source: String,
        /// The kind of place.
        kind: PlaceKind,
        /// The name, as the report lists it.
        name: String,
        /// How many records of the period name it.
        records: u64,
        /// The place it nearly names: its id.
        place_id: String,
        /// The place's name.
        place: String,
        /// The spelling (name or alias) it is close to.
        spelling: String,
    },
    /// A board on which every ranked place ties: the board says nothing.
    AllTied {
        /// The board's id.
        board: String,
        /// How many places tie.
        places: usize,
        /// Their score.
        score: Decimal,
    },
    /// An indicator with one value for every place that has one: it cannot tell places
    /// apart (under min-max every place gets 100 for it).
    OneValue {
        /// The board's id.
        board: String,
        /// The indicator's id.
        indicator: String,
        /// The value.
        value: Decimal,
        /// How many places have it.
        places: usize,
    },
    /// A board most of whose listed places tie (such as four places at 100 at the top): its
    /// list hardly tells them apart.
    CrowdedList {
        /// The board's id.
        board: String,
        /// How many places are listed.
        listed: usize,
        /// How many of them share their rank.
        tied: usize,
        /// How many sit at the board's highest score.
        at_top: usize,
        /// That score.
        top: Decimal,
    },
    /// An indicator that almost no place of the board has a value for (90 % or more of them
    /// lack one): check its source and filters.
    MostlyMissing {
        /// The board's id.
        board: String,
        /// The indicator's id.
        indicator: String,
        /// How many places lack a value.
        missing: usize,
        /// How many places the board has.
        places: usize,
    },
    /// A board that counts less of a source's selected records on its ranked places than
    /// its `min_coverage` (95 % by default): its ranking rests on a part of the records.
    LowCoverage {
        /// The board's id.
        board: String,
        /// The source's id.
        source: String,
        /// The coverage, cut to one decimal.
        coverage: Decimal,
        /// The board's minimum.
        min: Decimal,
        /// Records selected.
        selected: u64,
        /// Of those, counted.
        counted: u64,
        /// The reason that left most of the others uncounted, and how many.
        reason: Uncounted,
        /// How many it left uncounted.
        lost: u64,
    },
    /// A streak rule (`streak` of an adjustment or veto) whose streak, ending with the period
    /// ranked, runs through periods that ranked nobody (no record of the board's sources,
    /// or before the data begins): no place is on that streak this period.
    StreakWithoutRecords {
        /// The board's id.
        board: String,
        /// The adjustment's or veto's id.
        rule: String,
        /// The periods the streak counts.
        periods: u8,
        /// Its periods that ranked nobody, oldest first.
        missing: Vec<Period>,
    },
}

impl Warning {
    /// The warning's name, as the JSON report writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Warning::EmptySource { .. } => "empty-source",
            Warning::FewIds { .. } => "few-ids",
            Warning::HiddenRows { .. } => "hidden-rows",
            Warning::FilterMatchedNothing { .. } => "filter-matched-nothing",
            Warning::KindColumnMissing { .. } => "kind-column-missing",
            Warning::CloseName { .. } => "close-name",
            Warning::AllTied { .. } => "all-tied",
            Warning::OneValue { .. } => "one-value",
            Warning::CrowdedList { .. } => "crowded-list",
            Warning::MostlyMissing { .. } => "mostly-missing",
            Warning::LowCoverage { .. } => "low-coverage",
            Warning::StreakWithoutRecords { .. } => "streak-without-records",
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::EmptySource { source, period } => write!(
                f,
                "source '{source}' has no record of {period}: check the file and the period"
            ),
            Warning::FewIds {
                source,
                records,
                repeated,
            } => write!(
                f,
                "source '{source}': {repeated} of its {records} records repeat an earlier id, so they count once: were the ids damaged (Excel shows ids of more than 15 digits rounded, 123456789012345678 as 123456789012346000)? export the id column as text"
            ),
            Warning::HiddenRows {
                source,
                sheet,
                rows,
                first,
            } => {
                let listed: Vec<String> = first.iter().map(u64::to_string).collect();
                let more = if *rows > first.len() as u64 {
                    ", …"
                } else {
                    ""
                };
                write!(
                    f,
                    "source '{source}': {sheet} hides {rows} rows (rows {}{more}), by a filter or by hand: they are read and counted like the others; clear the filter in Excel to see them, and delete the rows from the export if they should not count",
                    listed.join(", ")
                )
            }
            Warning::FilterMatchedNothing {
                key,
                column,
                value,
                frequent,
            } => {
                write!(
                    f,
                    "{key}: no record of the period has {column} = \"{value}\""
                )?;
                if !frequent.is_empty() {
                    let shown: Vec<String> = frequent
                        .iter()
                        .map(|name| format!("\"{}\" ({})", name.name, name.count))
                        .collect();
                    write!(f, "; the column holds {}", shown.join(", "))?;
                }
                Ok(())
            }
            Warning::KindColumnMissing {
                source,
                kind,
                looked_for,
                placed,
                records,
            } => write!(
                f,
                "source '{source}' has no {kind} column ({looked_for}) and places {placed} of its {records} records of the period by address: if the export names the {kind} under another header, add it under [sources.{source}.columns], as {kind} = \"…\"",
                kind = kind.as_str()
            ),
            Warning::CloseName {
                source,
                kind,
                name,
                records,
                place_id,
                place,
                spelling,
            } => write!(
                f,
                "source '{source}': {records} records of the period name the {kind} \"{name}\", which is no place; did you mean \"{spelling}\" ({place_id})? If it is another spelling of {place}, add \"{name}\" to the aliases of {place_id} in the places file",
                kind = kind.as_str()
            ),
            Warning::AllTied {
                board,
                places,
                score,
            } => write!(
                f,
                "board '{board}': all {places} ranked places tie at {score}: check its filters and sources"
            ),
            Warning::OneValue {
                board,
                indicator,
                value,
                places,
            } => write!(
                f,
                "board '{board}': indicator '{indicator}' is {value} for all {places} places: it tells none apart"
            ),
            Warning::CrowdedList {
                board,
                listed,
                tied,
                at_top,
                top,
            } => write!(
                f,
                "board '{board}': {tied} of its {listed} listed places tie ({at_top} at the top score {top}): the list hardly tells them apart"
            ),
            Warning::MostlyMissing {
                board,
                indicator,
                missing,
                places,
            } => write!(
                f,
                "board '{board}': indicator '{indicator}' has no value for {missing} of its {places} places: check its source and filters"
            ),
            Warning::LowCoverage {
                board,
                source,
                coverage,
                min,
                selected,
                counted,
                reason,
                lost,
            } => write!(
                f,
                "board '{board}': counts {counted} of the {selected} records it selects from source '{source}' ({coverage} %, below its min_coverage of {min} %); mostly {reason}: {lost} (the workbook's \"uncounted records\" sheet lists them)"
            ),
            Warning::StreakWithoutRecords {
                board,
                rule,
                periods,
                missing,
            } => {
                let missing: Vec<String> = missing.iter().map(Period::to_string).collect();
                write!(
                    f,
                    "board '{board}': '{rule}' looks for a streak of {periods} periods, and {} ranked nobody (no record of the board's sources): no place is on that streak this period",
                    missing.join(", ")
                )
            }
        }
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut warning = serializer.serialize_struct("Warning", 2)?;
        warning.serialize_field("warning", self.name())?;
        warning.serialize_field("message", &self.to_string())?;
        warning.end()
    }
}

/// Rows a sheet hides below its header (`.xlsx`): read and counted, and named in a warning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HiddenRows {
    /// The sheet, as `file.xlsx!Sheet1`.
    pub sheet: String,
    /// How many rows it hides.
    pub rows: u64,
    /// The first of them (Excel's row numbers), at most [`HIDDEN_ROWS_LISTED`].
    pub first: Vec<u64>,
}

/// How many hidden rows of a sheet the report lists.
pub const HIDDEN_ROWS_LISTED: usize = 10;

/// The fewest records a source has before [`Warning::FewIds`] judges that its ids collapsed:
/// a handful of rows repeating is an export's overlap, not damage.
pub const FEW_IDS_MIN_RECORDS: u64 = 20;

/// What became of one source's records.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct SourceQuality {
    /// The source's id in the spec.
    pub source: String,
    /// The source's kind.
    pub kind: Option<SourceKind>,
    /// The file read, if the records came from one.
    pub file: Option<PathBuf>,
    /// The files read, in the order read, when the source has several (its `file` a list or
    /// a glob pattern matching more than one); `file` is then empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<PathBuf>,
    /// Records read.
    pub read: u64,
    /// Records of the period resolved to a place.
    pub used: u64,
    /// Records outside the period.
    pub out_of_period: u64,
    /// Of those outside the period, the records of the previous period, which rank changes
    /// are computed from.
    pub previous_period: u64,
    /// Records of the period that resolve to no place of a kind their indicators rank.
    pub unplaced: u64,
    /// Records of the period whose address names two places equally well.
    pub ambiguous: u64,
    /// Records whose id, or `table` rows whose (period, place, indicator), came before.
    pub repeated: u64,
    /// Malformed records skipped under `--lenient`.
    pub rejected: u64,
    /// Records with an empty id in a source whose records have ids (an id column in the
    /// file, an id field in the record): counted like any other, but no repeat of them can be
    /// found. Not an outcome of its own: these records are among the others.
    pub without_id: u64,
    /// Of the repeated records, those whose fields differ from the copy that counts: the
    /// exact total. Of an id's copies, the latest counts: the one closed last (a copy with a
    /// closing time is later than one without), then the one with the latest time, then the
    /// one with the higher fingerprint (a fixed hash of its fields as written), the same
    /// whatever the order and whether the records come from a file or from memory (see the
    /// guide, "Repeated ids").
    pub differing_repeats: u64,
    /// The ids whose copies differ, with where each copy is: at most
    /// [`DIFFERING_IDS_LISTED`], those whose first copy comes first.
    pub differing_ids: Vec<DifferingId>,
    /// Total and footer rows below the records (合计, 小计, 平均, 制表人, 审核人, 备注 …,
    /// and rows without an id after the last record): read, and skipped under this reason
    /// rather than counted as records or rejected (see the guide, "Exports as they come").
    #[serde(skip_serializing_if = "is_zero")]
    pub total_rows: u64,
    /// The line (CSV) or row (sheet) of the last file's header, when it is not the first:
    /// found below a title, metadata or blank rows, or named by `header_row`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u64>,
    /// Cells of a workbook filled from their merged region's first cell (a 小区名称 merged
    /// down over a place's inspections gives each inspection its place).
    #[serde(skip_serializing_if = "is_zero")]
    pub merged_cells_filled: u64,
    /// Rows of a workbook hidden (by a filter, or by hand): read and counted like the others,
    /// since hiding a row is a view, not a deletion; a warning names them.
    #[serde(skip_serializing_if = "is_zero")]
    pub hidden_rows: u64,
    /// Per sheet with hidden rows below its header: where, how many, the first of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hidden: Vec<HiddenRows>,
    /// The most frequent names that matched no place, most frequent first.
    pub unmatched: Vec<NameCount>,
    /// `table` rows naming an indicator that no board uses, by indicator.
    pub unused_indicators: Vec<NameCount>,
    /// Every record rejected under `--lenient`, with its error.
    pub rejected_rows: Vec<RejectedRow>,
    /// Raw sources: per kind of place the source's boards rank (roads, then neighborhoods),
    /// what became of the records of the period: a record can find its road and miss its
    /// neighborhood, which the counts above, per record, do not show.
    pub kinds: Vec<KindQuality>,
    /// When places have parents: the records used, by the level they reached (the kind of
    /// their most specific place), the deepest level first (handling units last), kinds
    /// reached by none left out.
    /// They add up to `used`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reached: Vec<LevelCount>,
    /// Records of the period judged against their deadline, when a board measures `on-time`
    /// or `overdue` from the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadlines: Option<DeadlineCounts>,
    /// Records of the period a share's `exclude` left out (未回访, 无法联系).
    #[serde(skip_serializing_if = "is_zero")]
    pub excluded: u64,
    /// Values of a share's credited column that the spec neither credits nor excludes, most
    /// frequent first: usually a new code in the export. Each counts the records of the
    /// period holding it, a record once however many shares read it (as `excluded` does).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unlisted_values: Vec<NameCount>,
    /// Records of the period some board selects but counts on none of its ranked places, with
    /// their details: the first [`UNCOUNTED_LISTED`] read, then, for each place some board
    /// leaves unranked, one entry for the records on it. Not in the JSON, which is the same
    /// for the same records in any order: their lines are not.
    #[serde(skip)]
    pub uncounted_records: Vec<UncountedRecord>,
    /// Uncounted records beyond the first [`UNCOUNTED_LISTED`]: counted, not listed.
    #[serde(skip)]
    pub uncounted_more: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// How a record stands against its deadline, as of the end of its period (or `as_of`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Closed by its deadline.
    OnTime,
    /// Due, and not closed by its deadline.
    Overdue,
    /// Not due yet, and closed only after the moment judged.
    NotYetDue,
    /// Not due yet, and not closed.
    OpenNotDue,
    /// No deadline: its value of the deciding column has none, and there is no default.
    WithoutDeadline,
}

impl Verdict {
    /// The verdict of a record closed at `closed` (if ever), due by `due`, as of `as_of`.
    pub(crate) fn of(
        closed: Option<jiff::civil::DateTime>,
        due: jiff::civil::DateTime,
        as_of: jiff::civil::DateTime,
    ) -> Verdict {
        match closed {
            Some(closed) if closed <= as_of => {
                if closed <= due {
                    Verdict::OnTime
                } else {
                    Verdict::Overdue
                }
            }
            _ if due <= as_of => Verdict::Overdue,
            Some(_) => Verdict::NotYetDue,
            None => Verdict::OpenNotDue,
        }
    }
}

/// A source's records of the period by their verdict against their deadline: they add up
/// to the records of the period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DeadlineCounts {
    /// Closed by their deadline.
    pub on_time: u64,
    /// Due and not closed by their deadline (closed late, or not at all).
    pub overdue: u64,
    /// Not due at the end of the period (or `as_of`), closed after it: left out of the rates.
    pub not_yet_due: u64,
    /// Not due at the end of the period (or `as_of`), not closed: left out of the rates.
    pub open_not_due: u64,
    /// Without a deadline (no deadline for their value, and no default): left out.
    pub without_deadline: u64,
}

impl DeadlineCounts {
    pub(crate) fn step(&mut self, verdict: Verdict, delta: crate::measure::Delta) {
        let count = match verdict {
            Verdict::OnTime => &mut self.on_time,
            Verdict::Overdue => &mut self.overdue,
            Verdict::NotYetDue => &mut self.not_yet_due,
            Verdict::OpenNotDue => &mut self.open_not_due,
            Verdict::WithoutDeadline => &mut self.without_deadline,
        };
        delta.step(count);
    }

    /// All of them: the records of the period judged.
    pub fn total(&self) -> u64 {
        self.on_time + self.overdue + self.not_yet_due + self.open_not_due + self.without_deadline
    }
}

/// What became of one source's records of the period for one kind of place.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct KindQuality {
    /// The kind of place.
    pub kind: PlaceKind,
    /// Whether the source's file (or a record fed from memory) has the kind's own column.
    pub column: bool,
    /// Records resolved to a place of the kind.
    pub placed: u64,
    /// Of those, the ones placed by their address (the kind's column absent or empty).
    pub by_address: u64,
    /// Of those placed, the ones placed by a name within the kind's column: the column holds
    /// a known name among other text (`天山三村（东块）`), found as in an address.
    #[serde(skip_serializing_if = "is_zero")]
    pub within_column: u64,
    /// Records resolved to no place of the kind (its column naming none, or an address
    /// containing none, or neither).
    pub unplaced: u64,
    /// Records whose address names two places of the kind equally well.
    pub ambiguous: u64,
    /// Of the unplaced, the records whose column or address named places of the kind only
    /// within administrative names (`天山路街道`: a subdistrict named after a road).
    #[serde(skip_serializing_if = "is_zero")]
    pub administrative: u64,
    /// Of those placed, the ones placed through a level below (a street reached from the
    /// neighborhood or community a record names).
    #[serde(skip_serializing_if = "is_zero")]
    pub through_below: u64,
    /// The most frequent names that matched no place of the kind: the column's text, or the
    /// address as written up to its last house number.
    pub unmatched: Vec<NameCount>,
}

/// The records of a source that reached one level of the hierarchy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LevelCount {
    /// The kind of their most specific place.
    pub kind: PlaceKind,
    /// How many records.
    pub records: u64,
}

impl SourceQuality {
    /// Whether the counts add up: every record read is counted under exactly one outcome.
    pub fn reconciles(&self) -> bool {
        let outcomes = [
            self.used,
            self.out_of_period,
            self.unplaced,
            self.ambiguous,
            self.repeated,
            self.rejected,
            self.total_rows,
        ];
        outcomes.iter().try_fold(0u64, |sum, n| sum.checked_add(*n)) == Some(self.read)
            && self.previous_period <= self.out_of_period
            && (self.reached.is_empty()
                || self.reached.iter().map(|level| level.records).sum::<u64>() == self.used)
    }

    /// Adds the counts of `other`, the report of another part of the same source (its
    /// rejected rows and names are merged by whoever owns them).
    pub(crate) fn add_counts(&mut self, other: &SourceQuality) {
        self.read += other.read;
        self.used += other.used;
        self.out_of_period += other.out_of_period;
        self.previous_period += other.previous_period;
        self.unplaced += other.unplaced;
        self.ambiguous += other.ambiguous;
        self.repeated += other.repeated;
        self.rejected += other.rejected;
        self.total_rows += other.total_rows;
        self.without_id += other.without_id;
        self.excluded += other.excluded;
        if let Some(more) = &other.deadlines {
            let mine = self.deadlines.get_or_insert_with(DeadlineCounts::default);
            mine.on_time += more.on_time;
            mine.overdue += more.overdue;
            mine.not_yet_due += more.not_yet_due;
            mine.open_not_due += more.open_not_due;
            mine.without_deadline += more.without_deadline;
        }
    }
}

/// An id whose copies differ, as the report lists it.
///
/// In JSON: `{"id": "WG20181100381", "copies": [411, 573], "counted": 411}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DifferingId {
    /// The id, trimmed and in NFKC.
    pub id: String,
    /// Where each copy is, in the order read: its line in the file, or, for records fed from
    /// memory, its position among the source's records (from 1). Rows rejected as malformed
    /// are no copies.
    pub copies: Vec<u64>,
    /// Of those, the copy that counts: the latest.
    pub counted: u64,
    /// For a source of several files: per copy, the position of its file among the source's
    /// [`files`](SourceQuality::files) (a line is then a line of that file).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copy_files: Vec<usize>,
    /// For a source of several files: the position of the file of the copy that counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted_file: Option<usize>,
}

/// A record skipped under `--lenient`, with the error that rejected it.
///
/// In JSON: `{"location": "hotline.csv:1042", "line": 1042, "error": "hotline.csv:1042: …"}`.
#[derive(Clone, Debug)]
pub struct RejectedRow {
    error: Error,
}

impl RejectedRow {
    pub(crate) fn new(error: Error) -> RejectedRow {
        RejectedRow { error }
    }

    /// What was wrong, and where: match on its [`kind`](Error::kind), read its
    /// [`location`](Error::location).
    pub fn error(&self) -> &Error {
        &self.error
    }

    /// The line, when the record came from a file.
    pub fn line(&self) -> Option<u64> {
        self.error.location().line()
    }
}

impl Serialize for RejectedRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut row = serializer.serialize_struct("RejectedRow", 3)?;
        row.serialize_field("location", &self.error.location().to_string())?;
        row.serialize_field("line", &self.line())?;
        row.serialize_field("error", &self.error.to_string())?;
        row.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconciliation_is_exact() {
        let mut quality = SourceQuality {
            read: 10,
            used: 4,
            out_of_period: 3,
            previous_period: 2,
            unplaced: 1,
            ambiguous: 1,
            repeated: 1,
            ..SourceQuality::default()
        };
        assert!(quality.reconciles());
        quality.rejected = 1;
        assert!(!quality.reconciles());
    }
}
