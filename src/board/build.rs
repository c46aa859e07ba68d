//! Making a board: values normalized, weighted and scored exactly, scores rounded once, places
//! ranked with their ties, each score explained, rank changes against the previous period.

use std::path::Path;

use rust_decimal::Decimal;

use super::{Board, Change, Entry, Indicator, IndicatorScore, Unranked, UnrankedReason};
use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::exact::{self, Exact};
use crate::measure::Measure;
use crate::parallel::Threads;
use crate::period::Period;
use crate::places::Place;
use crate::rank::{self, Contender, Rank};
use crate::score::{self, Outcome, Rule, Scored, Scoring};
use crate::spec::{BoardSpec, MeasureSpec};

/// The values of a board's indicators: `values[i][p]` for indicator `i` and place `p` of the
/// board's kind, in gazetteer order.
pub(crate) type Values = Vec<Vec<Option<Exact>>>;

/// What a board is made from.
#[derive(Clone, Copy)]
pub(crate) struct BoardInput<'a> {
    /// The spec file, for messages.
    pub(crate) at: &'a Path,
    pub(crate) spec: &'a BoardSpec,
    /// The spec's sources' ids, by position.
    pub(crate) source_ids: &'a [String],
    /// The places of the board's kind, in gazetteer order.
    pub(crate) places: &'a [&'a Place],
    /// Each place's position in the board's tie order.
    pub(crate) listing: &'a [usize],
    /// The period ranked and its values.
    pub(crate) current: (Period, &'a Values),
    /// The previous period and its values, for rank changes.
    pub(crate) previous: Option<(Period, &'a Values)>,
    pub(crate) threads: Threads,
    /// List every ranked place, whatever the board's `top`.
    pub(crate) every_place: bool,
}

/// Builds a board from the values of its period and, for rank changes, of the previous one.
pub(crate) fn build(input: BoardInput<'_>) -> Result<Board> {
    let BoardInput {
        at,
        spec,
        source_ids,
        places,
        current: (period, current),
        previous,
        threads,
        every_place,
        ..
    } = input;
    // The two periods are ranked side by side.
    let (now, before) = threads.join(
        || rank_places(input, current),
        || {
            previous
                .map(|(period, values)| {
                    rank_places(input, values).map(|(ranked, _)| (period, ranked))
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
    let entries = threads
        .map(&ranked, |(place, ranked, score)| {
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
                listed: every_place || spec.top.is_none_or(|top| ranked.rank.within(top)),
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
fn rank_places(input: BoardInput<'_>, values: &Values) -> Result<(Vec<RankedPlace>, Vec<Scored>)> {
    let BoardInput {
        at,
        spec,
        places,
        listing,
        threads,
        ..
    } = input;
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
    let scored = score::score(&rules, values, scoring, threads);
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
