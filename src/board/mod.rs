//! The result: boards of ranked places, each score explained indicator by indicator, the
//! places left unranked and why, and the data-quality report.

mod build;

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::measure::Measure;
use crate::period::Period;
use crate::places::PlaceKind;
use crate::quality::QualityReport;
use crate::rank::{Rank, RankMethod, TieOrder};
use crate::score::{Better, Missing, Normalize, Rounding};

pub(crate) use build::{BoardInput, Values, build};

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
    /// What became of every record read.
    pub quality: QualityReport,
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
    /// The board's indicators.
    pub indicators: Vec<Indicator>,
    /// Every ranked place, by rank and then tie order.
    pub entries: Vec<Entry>,
    /// The places of the board's kind without a score, in gazetteer order.
    pub unranked: Vec<Unranked>,
}

impl Board {
    /// The entries within the cut-off (`top`), which rendered boards show.
    pub fn listed(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|entry| entry.listed)
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
    /// Its weight as the spec writes it.
    pub weight: Decimal,
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
    /// The score, rounded to the board's decimals: what is published, and what is compared.
    pub score: Decimal,
    /// The rank in the previous period, if the place was ranked then.
    pub previous_rank: Option<Rank>,
    /// The change since the previous period; `None` when that period has no ranked places.
    pub change: Option<Change>,
    /// Each indicator's part in the score, in the board's indicator order.
    pub indicators: Vec<IndicatorScore>,
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
}

impl fmt::Display for UnrankedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnrankedReason::NoData => f.write_str("no data"),
            UnrankedReason::MissingIndicator(id) => write!(f, "no value for '{id}'"),
            UnrankedReason::NoWeightedValue => {
                f.write_str("values only for indicators of weight 0")
            }
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
