//! The result: boards of ranked places, each score explained indicator by indicator, the
//! places left unranked and why, and the data-quality report.

mod build;
mod history;

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::lang::{ChangeColors, Language};
use crate::measure::Measure;
use crate::period::Period;
use crate::places::PlaceKind;
use crate::quality::{QualityReport, SourceCoverage};
use crate::rank::{Rank, RankBy, RankMethod, TieOrder};
use crate::score::{AdjustmentKind, Aggregate, Better, Missing, Normalize, Rounding, VetoEffect};

pub(crate) use history::HistoryGathering;
pub use history::{History, HistoryCell, PlaceHistory, Streak, StreakList, StreakRun};

pub(crate) use build::{
    BoardInput, Eligible, Values, build, eligibility, rules_of, scheme_of, score_period,
    tie_breakers,
};

/// The month's rankings: every board asked for, and what became of the records.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Rankings {
    /// The headline (the spec's `title`).
    pub title: String,
    /// The period ranked.
    pub period: Period,
    /// The boards, in spec order.
    pub boards: Vec<Board>,
    /// With a history asked for (`--history`), each board's over the periods up to the one
    /// ranked, in the order of `boards`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub histories: Vec<History>,
    /// What became of every record read.
    pub quality: QualityReport,
    /// The language of the formats people read (the spec's `lang`; a caller may set another,
    /// as `--lang` does). CSV and JSON do not depend on it.
    #[serde(skip)]
    pub language: Language,
    /// The colour of a rise in rank (the spec's `rise`); `None` follows the language's
    /// convention ([`Rankings::change_colors`]).
    #[serde(skip)]
    pub rise: Option<ChangeColors>,
}

impl Rankings {
    /// The colours rises and falls take: [`Rankings::rise`] when chosen, else the language's
    /// convention (red rises in Chinese, green in English).
    pub fn change_colors(&self) -> ChangeColors {
        self.rise.unwrap_or_else(|| self.language.change_colors())
    }
}

/// One board: places of one kind, ranked.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Board {
    /// The board's id in the spec.
    pub id: String,
    /// The board's title, such as 靓丽道路排行榜.
    pub title: String,
    /// What the ranking is based on, such as 根据网格中心数据汇总分析.
    pub basis: Option<String>,
    /// The kind of places ranked.
    pub kind: PlaceKind,
    /// On a board ranked inside groups (`group_by`): the group this board ranks, such as a
    /// street (its name), each followed the overall board; `None` on the overall board and on
    /// a board without groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The period ranked.
    pub period: Period,
    /// The period rank changes are measured against, when it had ranked places.
    pub compared_with: Option<Period>,
    /// How ranks are numbered.
    pub rank_method: RankMethod,
    /// How equals are listed.
    pub tie_order: TieOrder,
    /// The places the score is rounded to.
    pub decimals: u32,
    /// How the score is rounded.
    pub rounding: Rounding,
    /// What a missing value does.
    pub missing: Missing,
    /// Places with rank <= `top` are listed; `None` lists all.
    pub top: Option<u32>,
    /// The worst list: the worst `bottom` places (equals at the cut kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bottom: Option<u32>,
    /// The worst list: every ranked place whose rounded score is below this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below: Option<Decimal>,
    /// `streak = N`: the places on the list, or on the worst list, in each of the last N
    /// periods, up to the one ranked, are flagged (连续N期上榜, 连续N期末位).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub streak: Option<u8>,
    /// Whether the board shows each place's score change since the previous period in points
    /// (`points_change = true`).
    #[serde(skip_serializing_if = "is_false")]
    pub points_change: bool,
    /// The places the board's `streak` flags, in the order of the board's entries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub streaks: Vec<Streak>,
    /// How indicators add up: a weighted mean or a sum of points.
    #[serde(skip_serializing_if = "is_mean")]
    pub aggregate: Aggregate,
    /// What places are ranked by: their score, or its change (an improvement board).
    #[serde(skip_serializing_if = "is_score")]
    pub rank_by: RankBy,
    /// The period an improvement board compares with, when it had scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared_period: Option<Period>,
    /// The grades' names, best first (empty without grades).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<String>,
    /// The board's dimensions with their weights, parents before children.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    /// The board's indicators.
    pub indicators: Vec<Indicator>,
    /// Every ranked place, by rank and then tie order.
    pub entries: Vec<Entry>,
    /// The places of the board's kind without a score, in gazetteer order.
    pub unranked: Vec<Unranked>,
    /// The coverage below which the board warns, in percent (the spec's `min_coverage`).
    pub min_coverage: Decimal,
    /// Per source the board reads (raw or `table`), in the spec's order of sources: the
    /// records of the period its filters select, how many it counted on its ranked places,
    /// and why the others were not (see the guide, "Coverage").
    pub coverage: Vec<SourceCoverage>,
}

impl Board {
    /// The entries within the cut-off (`top`), which rendered boards show.
    pub fn listed(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|entry| entry.listed)
    }

    /// The worst list (`bottom` or `below`), worst first: groups of equals from the last,
    /// each in tie order. Empty when the board has no worst list.
    pub fn worst(&self) -> Vec<&Entry> {
        let mut worst: Vec<&Entry> = Vec::new();
        let mut end = self.entries.len();
        while end > 0 {
            let rank = self.entries[end - 1].rank;
            let start = self.entries[..end]
                .iter()
                .rposition(|entry| entry.rank != rank)
                .map_or(0, |before| before + 1);
            worst.extend(self.entries[start..end].iter().filter(|entry| entry.worst));
            end = start;
        }
        worst
    }

    /// The places flagged on `list` by the board's `streak`, in Chinese: `连续3期末位：天山路、
    /// 天和路`, or `None` when there is none. (The rendered formats say it in their language.)
    pub fn streak_line(&self, list: StreakList) -> Option<String> {
        let periods = self.streak?;
        let names: Vec<String> = self
            .streaks
            .iter()
            .filter(|streak| streak.list == list)
            .map(|streak| streak.place.clone())
            .collect();
        let what = match list {
            StreakList::Listed => "上榜",
            StreakList::Worst => "末位",
        };
        (!names.is_empty()).then(|| format!("连续{periods}期{what}：{}", names.join("、")))
    }

    /// The heading of the worst list: `安全小区排行榜(后3名)`, `…(低于60分)`.
    pub fn worst_title(&self) -> Option<String> {
        match (self.bottom, self.below) {
            (Some(bottom), _) => Some(format!("{}(后{bottom}名)", self.title)),
            (None, Some(below)) => Some(format!("{}(低于{below}分)", self.title)),
            (None, None) => None,
        }
    }
}

/// JSON leaves out what a flat board of scores does not use.
fn is_mean(aggregate: &Aggregate) -> bool {
    *aggregate == Aggregate::Mean
}

fn is_score(rank_by: &RankBy) -> bool {
    *rank_by == RankBy::Score
}

fn is_false(value: &bool) -> bool {
    !value
}

/// A dimension of a board (一级/二级指标).
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Dimension {
    /// Its dotted path, such as `环境.卫生`.
    pub path: String,
    /// Its weight within its parent, as the spec writes it.
    pub weight: Decimal,
    /// Its display name (the board's `dimension_labels`), which the formats people read
    /// show instead of the path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Dimension {
    /// What a reader sees: the display name, else the path.
    pub fn shown_name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.path)
    }
}

/// An indicator of a board, as the spec defines it.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Indicator {
    /// The indicator's id.
    pub id: String,
    /// The source it is measured from.
    pub source: String,
    /// What it measures.
    pub measure: Measure,
    /// Which direction is better.
    pub better: Better,
    /// How it is normalized.
    pub normalize: Normalize,
    /// Its weight as the spec writes it (within its dimension).
    pub weight: Decimal,
    /// Its dimension's path; `None` at the board's top level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// Its display name (the spec's `label`), which the formats people read show instead of
    /// the id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Indicator {
    /// What a reader sees: the display name, else the id.
    pub fn shown_name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

/// A ranked place.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Entry {
    /// The place's id.
    pub place_id: String,
    /// The place's name.
    pub place: String,
    /// Its rank.
    pub rank: Rank,
    /// Whether another place on the board has the same rank.
    pub tied: bool,
    /// Whether the rank is within the board's cut-off (`top`).
    pub listed: bool,
    /// Whether the place is on the board's worst list (`bottom` or `below`).
    #[serde(skip_serializing_if = "is_false")]
    pub worst: bool,
    /// The score, rounded to the board's decimals: what is published, and what is compared
    /// (on an improvement board, the change is compared).
    pub score: Decimal,
    /// On a board with adjustments or bounds: the aggregate of the indicators before them
    /// (the contributions' sum), to up to 28 significant digits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<Decimal>,
    /// The place's grade, after any demotion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// On an improvement board: the rounded score then, and the change since.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub improvement: Option<Improvement>,
    /// Each dimension's part in the score, in the board's dimension order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<DimensionScore>,
    /// Each adjustment's points.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<AdjustmentScore>,
    /// The vetoes that struck the place (effects `last` and `demote`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<VetoHit>,
    /// The rank in the previous period, if the place was ranked then.
    pub previous_rank: Option<Rank>,
    /// The change since the previous period; `None` when that period has no ranked places.
    pub change: Option<Change>,
    /// On a board with `points_change = true`: the rounded score now minus the rounded score
    /// in the previous period, in points (percentage points of a 0–100 score); `None` when the
    /// place was not ranked then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points_change: Option<Decimal>,
    /// Each indicator's part in the score, in the board's indicator order.
    pub indicators: Vec<IndicatorScore>,
}

impl Board {
    /// What a reader sees for an indicator id or a dimension path of this board: its display
    /// name, else the id or path itself.
    pub fn shown_name_of<'a>(&'a self, id_or_path: &'a str) -> &'a str {
        self.indicators
            .iter()
            .find(|indicator| indicator.id == id_or_path)
            .map(Indicator::shown_name)
            .or_else(|| {
                self.dimensions
                    .iter()
                    .find(|dimension| dimension.path == id_or_path)
                    .map(Dimension::shown_name)
            })
            .unwrap_or(id_or_path)
    }
}

/// A place of the board's kind left without a score.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Unranked {
    /// The place's id.
    pub place_id: String,
    /// The place's name.
    pub place: String,
    /// Why it has no score.
    pub reason: UnrankedReason,
    /// The values it does have.
    pub indicators: Vec<IndicatorScore>,
    /// The vetoes that struck it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vetoes: Vec<VetoHit>,
}

/// A score and its change on an improvement board.
#[derive(Clone, Copy, Debug, Serialize)]
#[non_exhaustive]
pub struct Improvement {
    /// The rounded score in the period compared with.
    pub earlier: Decimal,
    /// The rounded score now − `earlier`: what is ranked.
    pub change: Decimal,
}

/// One dimension's part in a place's score.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct DimensionScore {
    /// The dimension's path.
    pub dimension: String,
    /// Its score (a weighted mean, or sum, of its children's); `None` when it does not count.
    pub score: Option<Decimal>,
    /// Its effective weight: the product of its shares down the tree (of its weights, under
    /// `aggregate = "sum"`).
    pub weight: Option<Decimal>,
    /// weight × score.
    pub contribution: Option<Decimal>,
}

/// One adjustment's part in a place's score.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct AdjustmentScore {
    /// The adjustment's id.
    pub adjustment: String,
    /// Bonus or deduction.
    pub kind: AdjustmentKind,
    /// The units counted: records (multiplied ones as many times), or the indicator's value.
    pub units: Decimal,
    /// The points added (negative: taken), after the cap.
    pub points: Decimal,
    /// On an adjustment driven by a streak that the place is on: the list and the periods
    /// that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub streak: Option<StreakRun>,
}

/// A veto that struck a place.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct VetoHit {
    /// The veto's id.
    pub veto: String,
    /// Its reason, as the spec writes it.
    pub reason: String,
    /// What it does.
    pub effect: VetoEffect,
    /// On a veto driven by a streak: the list and the periods that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub streak: Option<StreakRun>,
}

/// Why a place has no score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "reason", content = "indicator")]
#[non_exhaustive]
pub enum UnrankedReason {
    /// No value for any indicator.
    NoData,
    /// `missing = "exclude"` and no value for this indicator.
    MissingIndicator(String),
    /// Values only for indicators of weight zero.
    NoWeightedValue,
    /// A veto with `effect = "unranked"` struck it: its reason.
    Vetoed(String),
    /// An improvement board: no score in the period compared with.
    NoEarlierScore,
}

impl fmt::Display for UnrankedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnrankedReason::NoData => f.write_str("no data"),
            UnrankedReason::MissingIndicator(id) => write!(f, "no value for '{id}'"),
            UnrankedReason::NoWeightedValue => {
                f.write_str("values only for indicators of weight 0")
            }
            UnrankedReason::Vetoed(reason) => write!(f, "vetoed: {reason}"),
            UnrankedReason::NoEarlierScore => f.write_str("new: no score to compare with"),
        }
    }
}

/// One indicator's part in a place's score. Decimals show exact values with up to 28
/// significant digits (a rate of 1/3 shows as 0.3333333333333333333333333333); the score
/// itself is computed from the exact values.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct IndicatorScore {
    /// The indicator's id.
    pub indicator: String,
    /// The measured value; `None` when missing.
    pub value: Option<Decimal>,
    /// The normalized value; `None` when missing.
    pub normalized: Option<Decimal>,
    /// The indicator's share of the weights that count for this place (wᵢ ÷ Σ w); `None`
    /// when it does not count.
    pub weight: Option<Decimal>,
    /// weight × normalized value; the contributions sum to the score before rounding.
    pub contribution: Option<Decimal>,
}

/// How a place's rank moved since the previous period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// Not ranked in the previous period.
    New,
    /// The same rank.
    Same,
    /// Up by this many places.
    Up(Decimal),
    /// Down by this many places.
    Down(Decimal),
}

impl fmt::Display for Change {
    /// `↑2`, `↓1`, `-` (the same rank), `new`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::New => f.write_str("new"),
            Change::Same => f.write_str("-"),
            Change::Up(places) => write!(f, "↑{places}"),
            Change::Down(places) => write!(f, "↓{places}"),
        }
    }
}

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
