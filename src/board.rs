//! The result: boards of ranked places, each score explained indicator by indicator, the
//! places left unranked and why, and the data-quality report.

use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::exact::{self, Exact};
use crate::measure::Measure;
use crate::period::Period;
use crate::places::{Place, PlaceKind};
use crate::quality::QualityReport;
use crate::rank::{self, Contender, Rank, RankMethod, TieOrder};
use crate::score::{self, Better, Missing, Normalize, Outcome, Rounding, Rule, Scored, Scoring};
use crate::spec::{BoardSpec, MeasureSpec};

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

/// The values of a board's indicators: `values[i][p]` for indicator `i` and place `p` of the
/// board's kind, in gazetteer order.
pub(crate) type Values = Vec<Vec<Option<Exact>>>;

/// Builds a board from the values of its period and, for rank changes, of the previous one;
/// `listing` is each place's position in the board's tie order.
pub(crate) fn build(
    at: &Path,
    spec: &BoardSpec,
    source_ids: &[String],
    places: &[&Place],
    listing: &[usize],
    (period, current): (Period, &Values),
    previous: Option<(Period, &Values)>,
) -> Result<Board> {
    // The two periods are ranked side by side.
    let (now, before) = crate::parallel::join(
        || rank_places(at, spec, places, listing, current),
        || {
            previous
                .map(|(period, values)| {
                    rank_places(at, spec, places, listing, values)
                        .map(|(ranked, _)| (period, ranked))
                })
                .transpose()
        },
    );
    let now = now?;
    let before = before?.and_then(|(period, ranked)| {
        (!ranked.is_empty()).then(|| {
            // Each place's rank then, by its slot.
            let mut ranks: Vec<Option<Rank>> = vec![None; places.len()];
            for (place, ranked, _) in &ranked {
                ranks[*place] = Some(ranked.rank);
            }
            (period, ranks)
        })
    });
    let (ranked, scored) = now;
    let entries = crate::parallel::map(&ranked, |(place, ranked, score)| {
        let previous_rank = before
            .as_ref()
            .and_then(|(_, ranks)| ranks.get(*place).copied().flatten());
        let change = before.as_ref().map(|_| match previous_rank {
            None => Change::New,
            Some(previous) => {
                let rise = ranked.rank.rise_since(previous);
                match rise.cmp(&Decimal::ZERO) {
                    std::cmp::Ordering::Greater => Change::Up(rise),
                    std::cmp::Ordering::Less => Change::Down(-rise),
                    std::cmp::Ordering::Equal => Change::Same,
                }
            }
        });
        Ok(Entry {
            place_id: places[*place].id().to_owned(),
            place: places[*place].name().to_owned(),
            rank: ranked.rank,
            tied: ranked.tied,
            listed: spec.top.is_none_or(|top| ranked.rank.within(top)),
            score: *score,
            previous_rank,
            change,
            indicators: explain(at, spec, &scored[*place], current, *place, places)?,
        })
    })
    .into_iter()
    .collect::<Result<Vec<Entry>>>()?;
    let unranked = scored
        .iter()
        .enumerate()
        .filter_map(|(place, scored)| {
            let reason = match &scored.outcome {
                Outcome::Scored { .. } | Outcome::Overflow => return None,
                Outcome::NoData => UnrankedReason::NoData,
                Outcome::Missing(index) => {
                    UnrankedReason::MissingIndicator(spec.indicators[*index].id.clone())
                }
                Outcome::NoWeightedValue => UnrankedReason::NoWeightedValue,
            };
            Some(
                explain(at, spec, scored, current, place, places).map(|indicators| Unranked {
                    place_id: places[place].id().to_owned(),
                    place: places[place].name().to_owned(),
                    reason,
                    indicators,
                }),
            )
        })
        .collect::<Result<Vec<Unranked>>>()?;
    Ok(Board {
        id: spec.id.clone(),
        title: spec.title.clone(),
        basis: spec.basis.clone(),
        kind: spec.kind,
        period,
        compared_with: before.map(|(period, _)| period),
        rank_method: spec.method,
        tie_order: spec.tie_order,
        decimals: spec.decimals,
        rounding: spec.rounding,
        missing: spec.missing,
        top: spec.top,
        indicators: spec
            .indicators
            .iter()
            .map(|indicator| Indicator {
                id: indicator.id.clone(),
                source: source_ids[indicator.source].clone(),
                measure: match indicator.measure {
                    MeasureSpec::Count => Measure::Count,
                    MeasureSpec::Rate { .. } => Measure::Rate,
                    MeasureSpec::Share { .. } => Measure::Share,
                    MeasureSpec::Mean { .. } => Measure::Mean,
                    MeasureSpec::Value { .. } => Measure::Value,
                },
                better: indicator.better,
                normalize: indicator.normalize,
                weight: indicator.weight,
            })
            .collect(),
        entries,
        unranked,
    })
}

/// A ranked place: its slot, its rank and its rounded score.
type RankedPlace = (usize, rank::Ranked, Decimal);

/// Scores and ranks the places for one period's values.
fn rank_places(
    at: &Path,
    spec: &BoardSpec,
    places: &[&Place],
    listing: &[usize],
    values: &Values,
) -> Result<(Vec<RankedPlace>, Vec<Scored>)> {
    let rules: Vec<Rule> = spec
        .indicators
        .iter()
        .map(|indicator| Rule {
            better: indicator.better,
            normalize: indicator.normalize,
            weight: indicator.weight,
        })
        .collect();
    let scoring = Scoring {
        missing: spec.missing,
        decimals: spec.decimals,
        rounding: spec.rounding,
    };
    let scored = score::score(&rules, values, scoring);
    let mut slots = Vec::new();
    let mut contenders = Vec::new();
    for (place, scored) in scored.iter().enumerate() {
        match &scored.outcome {
            Outcome::Scored { rounded, .. } => {
                slots.push(place);
                contenders.push(Contender {
                    score: *rounded,
                    tie_breakers: spec
                        .tie_breakers
                        .iter()
                        .map(|&index| (values[index][place].clone(), spec.indicators[index].better))
                        .collect(),
                    listing: listing[place],
                });
            }
            Outcome::Overflow => {
                let places_word = if spec.decimals == 1 {
                    "place"
                } else {
                    "places"
                };
                return Err(overflow(
                    at,
                    format!("boards[{}]", spec.position),
                    format!(
                        "the score of '{}', rounded to {} decimal {places_word},",
                        shorten(places[place].name()),
                        spec.decimals
                    ),
                ));
            }
            _ => {}
        }
    }
    let ranked = rank::rank(&contenders, spec.method)
        .into_iter()
        .map(|ranked| {
            let score = contenders[ranked.contender].score;
            (slots[ranked.contender], ranked, score)
        })
        .collect();
    Ok((ranked, scored))
}

/// Each indicator's value, normalized value, weight share and contribution for one place.
fn explain(
    at: &Path,
    spec: &BoardSpec,
    scored: &Scored,
    values: &Values,
    place: usize,
    places: &[&Place],
) -> Result<Vec<IndicatorScore>> {
    let decimal = |value: &Option<Exact>, what: &str, index: usize| -> Result<Option<Decimal>> {
        match value {
            None => Ok(None),
            Some(value) => exact::to_nearest_decimal(value).map(Some).ok_or_else(|| {
                overflow(
                    at,
                    format!("boards[{}].indicators[{index}]", spec.position),
                    format!("the {what} for '{}'", shorten(places[place].name())),
                )
            }),
        }
    };
    spec.indicators
        .iter()
        .enumerate()
        .map(|(index, indicator)| {
            Ok(IndicatorScore {
                indicator: indicator.id.clone(),
                value: decimal(&values[index][place], "value", index)?,
                normalized: decimal(&scored.normalized[index], "normalized value", index)?,
                weight: decimal(&scored.shares[index], "weight", index)?,
                contribution: decimal(&scored.contributions[index], "contribution", index)?,
            })
        })
        .collect()
}

/// A result too large for a decimal, located at the spec key of its board or indicator.
fn overflow(spec: &Path, key: String, what: String) -> Error {
    Error::new(ErrorKind::Overflow { what }, Location::at_key(spec, key))
}
