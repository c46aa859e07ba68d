//! Why a place stands where it does: its score tree, the change since the previous period
//! split indicator by indicator (its own values against the re-scaling of the normalization
//! by the other places), the places it overtook or that overtook it, and every record behind
//! each value.
//!
//! The split of a change is exact. For an indicator whose value and weight count in both
//! periods, with sₜ its effective weight then, nₜ its normalized value then and n′ the value
//! it would have had then with today's raw value (the previous period's other places kept),
//! the change of its contribution s·n is
//! `own = sₜ·(n′ − nₜ)`, `rescaling = sₜ·(n − n′)` and `weighting = (s − sₜ)·n` (the weight's
//! share moving, when missing values re-weight). An indicator that counts in one period only
//! puts its whole change under `own`. Adjustments and the floor or ceiling take the rest, so
//! the parts add up to the change of the unrounded score exactly.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::board::{Board, BoardInput, Entry, Unranked, rules_of, scheme_of, score_period};
use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::exact::{self, Exact};
use crate::lang::Language;
use crate::period::Period;
use crate::rank::Rank;
use crate::score::{self, Scored, Scorer};

/// Why a place stands where it does on a board.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Explanation {
    /// The board's id.
    pub board: String,
    /// Its title.
    pub title: String,
    /// The period ranked.
    pub period: Period,
    /// The place's id.
    pub place_id: String,
    /// Its name.
    pub place: String,
    /// Its line on the board when ranked: rank, score, and the tree of indicators (value,
    /// normalized value, weight, contribution), dimensions, adjustments and vetoes.
    pub entry: Option<Entry>,
    /// Why it is unranked, when it is, with the values it has.
    pub unranked: Option<Unranked>,
    /// The change since the previous period, when it had a score then and now.
    pub change: Option<ScoreChange>,
    /// Places ranked below it then and above it now.
    pub overtaken_by: Vec<Mover>,
    /// Places ranked above it then and below it now.
    pub overtook: Vec<Mover>,
    /// Every record counted for it by each indicator in the period, by indicator and then
    /// position in its file.
    pub records: Vec<CountedRecord>,
    /// The language of its text (the spec's `lang`; a caller may set another, as `--lang`
    /// does). CSV and JSON do not depend on it.
    #[serde(skip)]
    pub language: Language,
    /// The display names of the board's indicators and dimensions that have one (the
    /// indicator's `label`, the board's `dimension_labels`), by id or path: the text shows
    /// them instead of the ids. JSON and CSV keep the ids.
    #[serde(skip)]
    pub display_names: std::collections::BTreeMap<String, String>,
}

/// A place's score then and now, and the change split by indicator.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct ScoreChange {
    /// The period compared with.
    pub previous_period: Period,
    /// The rounded score then.
    pub previous_score: Decimal,
    /// The rank then, if ranked.
    pub previous_rank: Option<Rank>,
    /// The change of the unrounded score: the sum of every part below.
    pub total: Decimal,
    /// Per scored indicator.
    pub indicators: Vec<IndicatorChange>,
    /// What the adjustments' points changed.
    pub adjustments: Decimal,
    /// What the floor or ceiling changed.
    pub bounds: Decimal,
}

/// One indicator's part in a change of score.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct IndicatorChange {
    /// The indicator's id.
    pub indicator: String,
    /// Its value then.
    pub value_then: Option<Decimal>,
    /// Its value now.
    pub value_now: Option<Decimal>,
    /// Its normalized value then.
    pub normalized_then: Option<Decimal>,
    /// Its normalized value now.
    pub normalized_now: Option<Decimal>,
    /// The place's own values: today's value scored on the previous period's scale, less the
    /// previous value so scored, times the weight then.
    pub own: Decimal,
    /// The other places moving the scale: today's normalized value less today's value on the
    /// previous scale, times the weight then.
    pub rescaling: Decimal,
    /// The weight's share moving (missing values re-weighted), times today's normalized value.
    pub weighting: Decimal,
}

/// A place that passed, or was passed by, the explained one.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Mover {
    /// Its id.
    pub place_id: String,
    /// Its name.
    pub place: String,
    /// Its rank now.
    pub rank: Rank,
    /// Its rank then.
    pub previous_rank: Rank,
}

/// A record counted for the explained place.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CountedRecord {
    /// The indicator that counted it.
    pub indicator: String,
    /// The source it is from.
    pub source: String,
    /// Where it is: `file:line`, or `record N` for records fed from memory.
    pub at: String,
    /// Its id as written (empty without one).
    pub id: String,
    /// Its time, as read.
    pub time: Option<String>,
    /// The text that placed it, as written: its column of the place's kind (`道路`, `小区`),
    /// else its address; for a `table` row, its place.
    pub placed_by: String,
    /// How it counted: `counted`, `in part`, `not in part`, `value 3.5`, `credit 0.9`,
    /// `on time`, `overdue`.
    pub counted: String,
}

/// The exact parts of a change, before they become decimals.
pub(crate) struct Parts {
    /// Per indicator: own, rescaling, weighting.
    pub(crate) indicators: Vec<[Exact; 3]>,
    pub(crate) adjustments: Exact,
    pub(crate) bounds: Exact,
    pub(crate) total: Exact,
}

/// The change of `slot`'s unrounded score from `then` to `now`, split exactly; `None` when
/// it has no aggregate in one of them.
pub(crate) fn split_change(
    input: BoardInput<'_>,
    (then_values, then): (&[Vec<Option<Exact>>], &Scored),
    now: &Scored,
    slot: usize,
) -> Option<Parts> {
    let spec = input.spec;
    let now_values = input.current.1;
    let scorer = Scorer::new(&rules_of(spec), &scheme_of(spec));
    let points = |scored: &Scored| -> Exact {
        scored
            .adjustments
            .iter()
            .fold(Exact::ZERO, |total, (_, points)| exact::add(&total, points))
    };
    let total_now = scorer.total(&now.normalized, &points(now))?;
    let total_then = scorer.total(&then.normalized, &points(then))?;
    let (aggregate_now, aggregate_then) = (now.aggregate.clone()?, then.aggregate.clone()?);
    let zero_if_none = |value: &Option<Exact>| value.clone().unwrap_or(Exact::ZERO);
    let indicators = spec
        .scored_indicators()
        .iter()
        .enumerate()
        .map(|(index, indicator)| {
            let whole = exact::sub(
                &zero_if_none(&now.contributions[index]),
                &zero_if_none(&then.contributions[index]),
            );
            let parts = (
                &now.normalized[index],
                &then.normalized[index],
                &now.shares[index],
                &then.shares[index],
                &now_values[index][slot],
            );
            let (Some(n_now), Some(n_then), Some(s_now), Some(s_then), Some(x_now)) = parts else {
                return [whole, Exact::ZERO, Exact::ZERO];
            };
            // Today's value among the previous period's others.
            let mut column = then_values[index].clone();
            column[slot] = Some(x_now.clone());
            let rescored = score::normalize(
                &column,
                indicator.better,
                indicator.normalize,
                indicator.curve.as_ref(),
            );
            let Some(n_moved) = rescored[slot].clone() else {
                return [whole, Exact::ZERO, Exact::ZERO];
            };
            [
                exact::mul(s_then, &exact::sub(&n_moved, n_then)),
                exact::mul(s_then, &exact::sub(n_now, &n_moved)),
                exact::mul(&exact::sub(s_now, s_then), n_now),
            ]
        })
        .collect();
    let adjustments = exact::sub(&points(now), &points(then));
    let total = exact::sub(&total_now, &total_then);
    let aggregate = exact::sub(&aggregate_now, &aggregate_then);
    let bounds = exact::sub(&exact::sub(&total, &aggregate), &adjustments);
    Some(Parts {
        indicators,
        adjustments,
        bounds,
        total,
    })
}

/// Explains the place in `slot` of the board made from `input` (`board`); `records` are the
/// records counted for it.
pub(crate) fn explain(
    input: BoardInput<'_>,
    board: &Board,
    slot: usize,
    records: Vec<CountedRecord>,
) -> Result<Explanation> {
    let place = input.places[slot];
    let entry = board
        .entries
        .iter()
        .find(|entry| entry.place_id == place.id())
        .cloned();
    let unranked = board
        .unranked
        .iter()
        .find(|unranked| unranked.place_id == place.id())
        .cloned();
    let decimal = |value: &Exact, what: &str| {
        exact::to_nearest_decimal(value).ok_or_else(|| {
            Error::new(
                ErrorKind::Overflow {
                    what: format!("the {what} of '{}'", shorten(place.name())),
                },
                Location::at_key(input.at, format!("boards[{}]", input.spec.position)),
            )
        })
    };
    let change = match (&entry, input.previous) {
        (Some(entry), Some((previous_period, then_values))) => {
            let (now_scored, _) = score_period(input, input.current.1);
            let (then_scored, _) = score_period(input, then_values);
            let parts = split_change(
                input,
                (then_values, &then_scored[slot]),
                &now_scored[slot],
                slot,
            );
            let previous_score = match &then_scored[slot].outcome {
                score::Outcome::Scored { rounded } => Some(*rounded),
                _ => None,
            };
            match (parts, previous_score) {
                (Some(parts), Some(previous_score)) => {
                    let shown = |value: &Option<Exact>| -> Result<Option<Decimal>> {
                        value.as_ref().map(|v| decimal(v, "value")).transpose()
                    };
                    let indicators = input
                        .spec
                        .scored_indicators()
                        .iter()
                        .zip(&parts.indicators)
                        .enumerate()
                        .map(|(index, (indicator, [own, rescaling, weighting]))| {
                            Ok(IndicatorChange {
                                indicator: indicator.id.clone(),
                                value_then: shown(&then_values[index][slot])?,
                                value_now: shown(&input.current.1[index][slot])?,
                                normalized_then: shown(&then_scored[slot].normalized[index])?,
                                normalized_now: shown(&now_scored[slot].normalized[index])?,
                                own: decimal(own, "change")?,
                                rescaling: decimal(rescaling, "change")?,
                                weighting: decimal(weighting, "change")?,
                            })
                        })
                        .collect::<Result<Vec<_>>>()?;
                    Some(ScoreChange {
                        previous_period,
                        previous_score,
                        previous_rank: entry.previous_rank,
                        total: decimal(&parts.total, "change")?,
                        indicators,
                        adjustments: decimal(&parts.adjustments, "change")?,
                        bounds: decimal(&parts.bounds, "change")?,
                    })
                }
                _ => None,
            }
        }
        _ => None,
    };
    let (mut overtaken_by, mut overtook) = (Vec::new(), Vec::new());
    if let Some((me, then)) = entry
        .as_ref()
        .and_then(|entry| Some((entry, entry.previous_rank?)))
    {
        for other in board
            .entries
            .iter()
            .filter(|other| other.place_id != me.place_id)
        {
            let Some(other_then) = other.previous_rank else {
                continue;
            };
            let mover = || Mover {
                place_id: other.place_id.clone(),
                place: other.place.clone(),
                rank: other.rank,
                previous_rank: other_then,
            };
            if other_then > then && other.rank < me.rank {
                overtaken_by.push(mover());
            } else if other_then < then && other.rank > me.rank {
                overtook.push(mover());
            }
        }
    }
    Ok(Explanation {
        board: board.id.clone(),
        title: board.title.clone(),
        period: board.period,
        place_id: place.id().to_owned(),
        place: place.name().to_owned(),
        entry,
        unranked,
        change,
        overtaken_by,
        overtook,
        records,
        // The pipeline sets the spec's language on the explanation it returns.
        language: Language::default(),
        display_names: board
            .indicators
            .iter()
            .filter_map(|indicator| Some((indicator.id.clone(), indicator.label.clone()?)))
            .chain(
                board.dimensions.iter().filter_map(|dimension| {
                    Some((dimension.path.clone(), dimension.label.clone()?))
                }),
            )
            .collect(),
    })
}
