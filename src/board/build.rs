//! Making a board: values normalized, weighted and scored exactly, scores rounded once, places
//! ranked with their ties, each score explained, rank changes against the previous period.

use std::path::Path;

use rust_decimal::Decimal;

use super::{
    AdjustmentScore, Board, Change, Dimension, DimensionScore, Entry, Improvement, Indicator,
    IndicatorScore, StreakRun, Unranked, UnrankedReason, VetoHit,
};
use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::exact::{self, Exact};
use crate::measure::Measure;
use crate::parallel::Threads;
use crate::period::Period;
use crate::places::Place;
use crate::rank::{self, Contender, Rank, RankBy};
use crate::score::{self, Detail, Outcome, Rule, Scheme, Scored, Scoring, VetoEffect};
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
    /// On an improvement board: the period compared with (`compare`) and its values.
    pub(crate) compared: Option<(Period, &'a Values)>,
    pub(crate) threads: Threads,
    /// List every ranked place, whatever the board's `top`.
    pub(crate) every_place: bool,
}

/// Builds a board from the values of its period and, for rank changes, of the previous one.
pub(crate) fn build(input: BoardInput<'_>) -> Result<Board> {
    let BoardInput {
        spec,
        current: (period, _),
        compared,
        threads,
        ..
    } = input;
    let (mut now, before) = rank_both_periods(input)?;
    let grades = grades_of(spec, &now.ranked);
    let worst = worst_list(spec, &now.ranked);
    let reasons = std::mem::take(&mut now.unranked);
    let listing = Listing {
        input,
        now: &now,
        before: before.as_ref().map(|(_, ranks)| ranks.as_slice()),
        grades: &grades,
        worst: &worst,
    };
    let listed: Vec<(usize, &RankedPlace)> = now.ranked.iter().enumerate().collect();
    let entries = threads
        .map(&listed, |&(position, ranked)| {
            listing.entry(position, ranked)
        })
        .into_iter()
        .collect::<Result<Vec<Entry>>>()?;
    let unranked = listing.unranked(reasons)?;
    let improvement = spec.rank_by == RankBy::Change;
    let compared_period = compared
        .filter(|_| {
            improvement
                && now
                    .earlier
                    .as_ref()
                    .is_some_and(|s| s.iter().any(Option::is_some))
        })
        .map(|(period, _)| period);
    Ok(Board {
        compared_with: before.map(|(period, _)| period),
        compared_period,
        entries,
        unranked,
        ..board_of(spec, input.source_ids, period)
    })
}

/// Each place's rank and rounded score in an earlier period, by its slot, with the period.
type EarlierRanks = (Period, Vec<Option<(Rank, Decimal)>>);

/// The period ranked, scored and ranked, and, on a board of scores, each place's rank in the
/// previous period (none when that period ranked no place).
fn rank_both_periods(input: BoardInput<'_>) -> Result<(Ranking, Option<EarlierRanks>)> {
    let BoardInput {
        spec,
        places,
        current: (_, current),
        previous,
        compared,
        threads,
        ..
    } = input;
    let improvement = spec.rank_by == RankBy::Change;
    // An improvement board ranks the change since the period compared with; a board of
    // scores shows rank changes since the previous period. Both periods are ranked side by
    // side.
    let earlier = if improvement { compared } else { previous };
    let (now, before) = threads.join(
        || -> Result<Ranking> {
            let earlier_scores = match (improvement, compared) {
                (true, Some((_, values))) => Some(period_scores(input, values)?),
                (true, None) => Some(vec![None; places.len()]),
                (false, _) => None,
            };
            rank_places(input, current, earlier_scores.as_deref(), Detail::Explained)
        },
        || {
            earlier
                .filter(|_| !improvement)
                .map(|(period, values)| {
                    // Only its ranks and scores are shown: no entry of it is explained.
                    rank_places(input, values, None, Detail::Outcome)
                        .map(|ranking| (period, ranking.ranked))
                })
                .transpose()
        },
    );
    let now = now?;
    let before = before?.and_then(|(period, ranked)| {
        (!ranked.is_empty()).then(|| {
            // Each place's rank then, by its slot.
            let mut ranks: Vec<Option<(Rank, Decimal)>> = vec![None; places.len()];
            for ranked in &ranked {
                ranks[ranked.place] = Some((ranked.ranked.rank, ranked.score));
            }
            (period, ranks)
        })
    });
    Ok((now, before))
}

/// The grade of each ranked place, in rank order, before any veto demotes it.
fn grades_of(spec: &BoardSpec, ranked: &[RankedPlace]) -> Vec<Option<usize>> {
    match &spec.grades {
        Some(grades) => {
            let ranked: Vec<(Decimal, usize)> = ranked
                .iter()
                .map(|ranked| (ranked.value, ranked.ranked.group))
                .collect();
            grades.assign(&ranked)
        }
        None => vec![None; ranked.len()],
    }
}

/// What the entries of a board are listed from: the period ranked, the ranks before, and the
/// grades and worst list of the ranked places, in rank order.
struct Listing<'l> {
    input: BoardInput<'l>,
    now: &'l Ranking,
    /// Each place's rank and rounded score in the period compared with, by its slot.
    before: Option<&'l [Option<(Rank, Decimal)>]>,
    grades: &'l [Option<usize>],
    worst: &'l [bool],
}

impl Listing<'_> {
    /// The entry of the place ranked `position`th.
    fn entry(&self, position: usize, ranked_place: &RankedPlace) -> Result<Entry> {
        let BoardInput {
            at,
            spec,
            places,
            current: (_, current),
            every_place,
            ..
        } = self.input;
        let RankedPlace {
            place,
            ranked,
            value,
            score,
        } = *ranked_place;
        let previous = self
            .before
            .and_then(|ranks| ranks.get(place).copied().flatten());
        let previous_rank = previous.map(|(rank, _)| rank);
        // The change of the rounded score in points (percentage points of a 0–100 score),
        // where the board asks for it; a sum too large to subtract has none.
        let points_change = previous
            .filter(|_| spec.points_change)
            .and_then(|(_, then)| score.checked_sub(then));
        let change = self.before.map(|_| match previous_rank {
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
        let struck = &self.now.struck[place];
        let mut grade = self.grades[position];
        if let Some(rules) = &spec.grades {
            for &veto in struck {
                if spec.vetoes[veto].effect == VetoEffect::Demote {
                    grade = rules.demote(grade);
                }
            }
        }
        let explained = explain(
            at,
            spec,
            &self.now.scored[place],
            (self.input.current.0, current),
            place,
            places,
        )?;
        Ok(Entry {
            place_id: places[place].id().to_owned(),
            place: places[place].name().to_owned(),
            rank: ranked.rank,
            tied: ranked.tied,
            listed: every_place || spec.top.is_none_or(|top| ranked.rank.within(top)),
            worst: self.worst[position],
            score,
            aggregate: explained.aggregate.filter(|_| {
                !spec.adjustments.is_empty() || spec.floor.is_some() || spec.ceiling.is_some()
            }),
            grade: grade.and_then(|grade| {
                spec.grades
                    .as_ref()
                    .map(|grades| grades.rows[grade].name.clone())
            }),
            improvement: self
                .now
                .earlier
                .as_ref()
                .and_then(|scores| scores[place])
                .map(|earlier| Improvement {
                    earlier,
                    change: value,
                }),
            previous_rank,
            change,
            points_change,
            indicators: explained.indicators,
            dimensions: explained.dimensions,
            adjustments: explained.adjustments,
            vetoes: hits(spec, struck, self.input.current.0),
        })
    }

    /// The places left unranked, each with its reason (`reasons`, per place).
    fn unranked(&self, reasons: Vec<Option<UnrankedReason>>) -> Result<Vec<Unranked>> {
        let BoardInput {
            at,
            spec,
            places,
            current: (_, current),
            ..
        } = self.input;
        let Ranking { scored, struck, .. } = self.now;
        reasons
            .into_iter()
            .enumerate()
            .filter_map(|(place, reason)| {
                let reason = reason?;
                Some(
                    explain(
                        at,
                        spec,
                        &scored[place],
                        (self.input.current.0, current),
                        place,
                        places,
                    )
                    .map(|explained| Unranked {
                        place_id: places[place].id().to_owned(),
                        place: places[place].name().to_owned(),
                        reason,
                        indicators: explained.indicators,
                        vetoes: hits(spec, &struck[place], self.input.current.0),
                    }),
                )
            })
            .collect()
    }
}

/// The board of `spec` for `period`, as the spec describes it, with no entry yet.
fn board_of(spec: &BoardSpec, source_ids: &[String], period: Period) -> Board {
    Board {
        id: spec.id.clone(),
        title: spec.title.clone(),
        basis: spec.basis.clone(),
        kind: spec.kind,
        group: None,
        period,
        compared_with: None,
        rank_method: spec.method,
        tie_order: spec.tie_order,
        decimals: spec.decimals,
        rounding: spec.rounding,
        missing: spec.missing,
        top: spec.top,
        bottom: spec.bottom,
        below: spec.below,
        streak: spec.streak,
        points_change: spec.points_change,
        // Filled in by the pipeline from the periods before.
        streaks: Vec::new(),
        aggregate: spec.aggregate,
        rank_by: spec.rank_by,
        min_coverage: spec.min_coverage,
        // Filled in by the pipeline, which counted the records.
        coverage: Vec::new(),
        compared_period: None,
        grades: spec
            .grades
            .iter()
            .flat_map(|grades| grades.rows.iter().map(|row| row.name.clone()))
            .collect(),
        dimensions: spec
            .dimensions
            .iter()
            .map(|dimension| Dimension {
                path: dimension.path.clone(),
                weight: dimension.weight,
                label: spec.dimension_labels.get(&dimension.path).cloned(),
            })
            .collect(),
        indicators: indicators_of(spec, source_ids),
        entries: Vec::new(),
        unranked: Vec::new(),
    }
}

/// A board's scored indicators, as the board describes them.
fn indicators_of(spec: &BoardSpec, source_ids: &[String]) -> Vec<Indicator> {
    let dimension_path = |node: usize| {
        node.checked_sub(1)
            .and_then(|index| spec.dimensions.get(index))
            .map(|dimension| dimension.path.clone())
    };
    spec.scored_indicators()
        .iter()
        .map(|indicator| Indicator {
            id: indicator.id.clone(),
            source: source_ids[indicator.source].clone(),
            measure: match indicator.measure {
                MeasureSpec::Count => Measure::Count,
                MeasureSpec::Rate { .. } => Measure::Rate,
                MeasureSpec::Share { .. } => Measure::Share,
                MeasureSpec::Mean { .. } => Measure::Mean,
                MeasureSpec::Value { stands_for, .. } => stands_for,
                MeasureSpec::OnTime => Measure::OnTime,
                MeasureSpec::Overdue => Measure::Overdue,
            },
            better: indicator.better,
            normalize: indicator.normalize,
            weight: indicator.weight,
            dimension: dimension_path(indicator.dimension),
            label: indicator.label.clone(),
        })
        .collect()
}

/// A ranked place.
#[derive(Clone, Copy, Debug)]
struct RankedPlace {
    /// Its slot among the board's places.
    place: usize,
    ranked: rank::Ranked,
    /// The rounded value it is ranked by: its score, or on an improvement board the change
    /// of its score.
    value: Decimal,
    /// Its rounded score.
    score: Decimal,
}

/// One period of a board, scored and ranked.
struct Ranking {
    ranked: Vec<RankedPlace>,
    /// Per place.
    scored: Vec<Scored>,
    /// Per place: the vetoes that struck it.
    struck: Vec<Vec<usize>>,
    /// Per place: why it is unranked, if it is.
    unranked: Vec<Option<UnrankedReason>>,
    /// On an improvement board, per place: the rounded score in the period compared with.
    earlier: Option<Vec<Option<Decimal>>>,
}

/// The scoring rule of each of a board's scored indicators.
pub(crate) fn rules_of(spec: &BoardSpec) -> Vec<Rule> {
    spec.scored_indicators()
        .iter()
        .map(|indicator| Rule {
            better: indicator.better,
            normalize: indicator.normalize,
            curve: indicator.curve.clone(),
            weight: indicator.weight,
            dimension: indicator.dimension,
        })
        .collect()
}

/// A board's scheme of scoring beyond its indicators.
pub(crate) fn scheme_of(spec: &BoardSpec) -> Scheme<'_> {
    Scheme {
        scoring: Scoring {
            missing: spec.missing,
            decimals: spec.decimals,
            rounding: spec.rounding,
        },
        aggregate: spec.aggregate,
        dimensions: &spec.dimensions,
        adjustments: &spec.adjustments,
        floor: spec.floor,
        ceiling: spec.ceiling,
    }
}

/// The scores of one period, with the vetoes that strike each place.
pub(crate) fn score_period(
    input: BoardInput<'_>,
    values: &Values,
) -> (Vec<Scored>, Vec<Vec<usize>>) {
    score_period_as(input, values, Detail::Explained)
}

/// [`score_period`], keeping `detail` of each place's score.
fn score_period_as(
    input: BoardInput<'_>,
    values: &Values,
    detail: Detail,
) -> (Vec<Scored>, Vec<Vec<usize>>) {
    let BoardInput { spec, threads, .. } = input;
    let scored = score::score_as(&rules_of(spec), values, &scheme_of(spec), threads, detail);
    let struck = (0..scored.len())
        .map(|place| {
            (0..spec.vetoes.len())
                .filter(|&veto| spec.vetoes[veto].strikes(values, place))
                .collect()
        })
        .collect();
    (scored, struck)
}

/// The rounded score of every place one period's values rank (`None`: unranked then).
fn period_scores(input: BoardInput<'_>, values: &Values) -> Result<Vec<Option<Decimal>>> {
    let (scored, struck) = score_period_as(input, values, Detail::Outcome);
    scored
        .iter()
        .zip(&struck)
        .enumerate()
        .map(|(place, (scored, struck))| {
            Ok(match eligibility(input, scored, struck, place)? {
                Eligible::Ranked { score, .. } => Some(score),
                Eligible::Unranked(_) => None,
            })
        })
        .collect()
}

/// Whether a scored place is ranked.
pub(crate) enum Eligible {
    Ranked { score: Decimal, last: bool },
    Unranked(UnrankedReason),
}

/// Whether `scored` is ranked, and how: a veto may leave it unranked or put it last.
pub(crate) fn eligibility(
    input: BoardInput<'_>,
    scored: &Scored,
    struck: &[usize],
    place: usize,
) -> Result<Eligible> {
    let BoardInput {
        at, spec, places, ..
    } = input;
    let score = match &scored.outcome {
        Outcome::Scored { rounded, .. } => *rounded,
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
        Outcome::NoData => return Ok(Eligible::Unranked(UnrankedReason::NoData)),
        Outcome::Missing(index) => {
            return Ok(Eligible::Unranked(UnrankedReason::MissingIndicator(
                spec.indicators[*index].id.clone(),
            )));
        }
        Outcome::NoWeightedValue => return Ok(Eligible::Unranked(UnrankedReason::NoWeightedValue)),
    };
    if let Some(&veto) = struck
        .iter()
        .find(|&&veto| spec.vetoes[veto].effect == VetoEffect::Unranked)
    {
        return Ok(Eligible::Unranked(UnrankedReason::Vetoed(
            spec.vetoes[veto].reason.clone(),
        )));
    }
    let last = struck
        .iter()
        .any(|&veto| spec.vetoes[veto].effect == VetoEffect::Last);
    Ok(Eligible::Ranked { score, last })
}

/// Scores and ranks the places for one period's values, keeping `detail` of their scores;
/// an improvement board ranks the change since `earlier`'s scores.
fn rank_places(
    input: BoardInput<'_>,
    values: &Values,
    earlier: Option<&[Option<Decimal>]>,
    detail: Detail,
) -> Result<Ranking> {
    let BoardInput { spec, listing, .. } = input;
    let (scored, struck) = score_period_as(input, values, detail);
    let mut slots = Vec::new();
    let mut contenders = Vec::new();
    let mut unranked = vec![None; scored.len()];
    for (place, (scored, struck)) in scored.iter().zip(&struck).enumerate() {
        let (score, last) = match eligibility(input, scored, struck, place)? {
            Eligible::Ranked { score, last } => (score, last),
            Eligible::Unranked(reason) => {
                unranked[place] = Some(reason);
                continue;
            }
        };
        let value = match earlier {
            None => score,
            Some(earlier) => match earlier[place].and_then(|then| score.checked_sub(then)) {
                Some(change) => change,
                None => {
                    unranked[place] = Some(UnrankedReason::NoEarlierScore);
                    continue;
                }
            },
        };
        slots.push((place, score));
        contenders.push(Contender {
            score: value,
            tie_breakers: tie_breakers(spec, values, place),
            listing: listing[place],
            last,
        });
    }
    let ranked = rank::rank(&contenders, spec.method)
        .into_iter()
        .map(|ranked| {
            let (place, score) = slots[ranked.contender];
            RankedPlace {
                place,
                ranked,
                value: contenders[ranked.contender].score,
                score,
            }
        })
        .collect();
    Ok(Ranking {
        ranked,
        scored,
        struck,
        unranked,
        earlier: earlier.map(<[Option<Decimal>]>::to_vec),
    })
}

/// The values of `place` that break ties of its score, with the direction of each.
pub(crate) fn tie_breakers(
    spec: &BoardSpec,
    values: &Values,
    place: usize,
) -> Vec<(Option<Exact>, crate::score::Better)> {
    spec.tie_breakers
        .iter()
        .map(|&index| (values[index][place].clone(), spec.indicators[index].better))
        .collect()
}

/// Per ranked place (in listing order): whether it is on the worst list. `bottom = N`: its
/// group of equals has fewer than N places ranked after it; `below = X`: its value is
/// under X.
fn worst_list(spec: &BoardSpec, ranked: &[RankedPlace]) -> Vec<bool> {
    match (spec.bottom, spec.below) {
        (Some(bottom), _) => {
            let mut worst = vec![false; ranked.len()];
            let mut end = ranked.len();
            while end > 0 {
                let group = ranked[end - 1].ranked.group;
                let start = ranked[..end]
                    .iter()
                    .rposition(|other| other.ranked.group != group)
                    .map_or(0, |before| before + 1);
                if (ranked.len() - end) as u64 >= u64::from(bottom) {
                    break;
                }
                worst[start..end].fill(true);
                end = start;
            }
            worst
        }
        (None, Some(below)) => ranked.iter().map(|ranked| ranked.value < below).collect(),
        (None, None) => vec![false; ranked.len()],
    }
}

/// The vetoes `struck` names, as the board shows them.
fn hits(spec: &BoardSpec, struck: &[usize], period: Period) -> Vec<VetoHit> {
    struck
        .iter()
        .map(|&veto| {
            let veto = &spec.vetoes[veto];
            VetoHit {
                veto: veto.id.clone(),
                reason: veto.reason.clone(),
                effect: veto.effect,
                streak: veto
                    .streak()
                    .and_then(|rule| StreakRun::ending(rule.list, rule.periods, period)),
            }
        })
        .collect()
}

/// A place's score explained: indicators, dimensions, adjustments, the aggregate.
struct Explained {
    indicators: Vec<IndicatorScore>,
    dimensions: Vec<DimensionScore>,
    adjustments: Vec<AdjustmentScore>,
    /// The aggregate before adjustments, on a board that shows it (one with adjustments or
    /// bounds).
    aggregate: Option<Decimal>,
}

/// Each indicator's value, normalized value, weight share and contribution for one place;
/// each dimension's and adjustment's part.
fn explain(
    at: &Path,
    spec: &BoardSpec,
    scored: &Scored,
    (period, values): (Period, &Values),
    place: usize,
    places: &[&Place],
) -> Result<Explained> {
    // Keys are formatted only for an error: a board explains every place.
    let decimal = |value: Option<&Exact>, what: &str, key: &dyn Fn() -> String| match value {
        None => Ok(None),
        Some(value) => exact::to_nearest_decimal(value).map(Some).ok_or_else(|| {
            overflow(
                at,
                key(),
                format!("the {what} for '{}'", shorten(places[place].name())),
            )
        }),
    };
    let board = || format!("boards[{}]", spec.position);
    let indicators = spec
        .scored_indicators()
        .iter()
        .enumerate()
        .map(|(index, indicator)| {
            let key = || format!("{}.indicators[{index}]", board());
            Ok(IndicatorScore {
                indicator: indicator.id.clone(),
                value: decimal(values[index][place].as_ref(), "value", &key)?,
                normalized: decimal(scored.normalized[index].as_ref(), "normalized value", &key)?,
                weight: decimal(scored.shares[index].as_ref(), "weight", &key)?,
                contribution: decimal(scored.contributions[index].as_ref(), "contribution", &key)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let dimensions = spec
        .dimensions
        .iter()
        .zip(&scored.dimensions)
        .map(|(dimension, part)| {
            let key = || format!("{}.dimensions.{}", board(), dimension.path);
            Ok(DimensionScore {
                dimension: dimension.path.clone(),
                score: decimal(
                    part.as_ref().map(|part| &part.score),
                    "dimension score",
                    &key,
                )?,
                weight: decimal(
                    part.as_ref().map(|part| &part.share),
                    "dimension weight",
                    &key,
                )?,
                contribution: decimal(
                    part.as_ref().map(|part| &part.contribution),
                    "dimension contribution",
                    &key,
                )?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let adjustments = spec
        .adjustments
        .iter()
        .zip(&scored.adjustments)
        .enumerate()
        .map(|(index, (adjustment, (units, points)))| {
            let key = || format!("{}.adjustments[{index}]", board());
            Ok(AdjustmentScore {
                adjustment: adjustment.id.clone(),
                kind: adjustment.kind,
                units: decimal(Some(units), "units", &key)?.unwrap_or_default(),
                points: decimal(Some(points), "points", &key)?.unwrap_or_default(),
                // A streak's unit is the place being on it.
                streak: adjustment
                    .streak()
                    .filter(|_| !units.is_zero())
                    .and_then(|rule| StreakRun::ending(rule.list, rule.periods, period)),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // The aggregate is shown only beside adjustments or bounds; otherwise it is only checked
    // to have a decimal, as one shown would be.
    let shown = !spec.adjustments.is_empty() || spec.floor.is_some() || spec.ceiling.is_some();
    let aggregate = match scored.aggregate.as_ref() {
        Some(aggregate) if !shown && exact::has_nearest_decimal(aggregate) => None,
        aggregate => decimal(aggregate, "aggregate", &board)?,
    };
    Ok(Explained {
        indicators,
        dimensions,
        adjustments,
        aggregate,
    })
}

/// A result too large for a decimal, located at the spec key of its board or indicator.
fn overflow(spec: &Path, key: String, what: String) -> Error {
    Error::new(ErrorKind::Overflow { what }, Location::at_key(spec, key))
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Competition ranks for `scores` (best first), as `rank_places` makes them.
    fn ranked(scores: &[i64]) -> Vec<RankedPlace> {
        let mut scores = scores.to_vec();
        scores.sort_unstable_by(|a, b| b.cmp(a));
        let contenders = rank::contenders(&scores);
        rank::rank(&contenders, rank::RankMethod::Competition)
            .into_iter()
            .map(|ranked| RankedPlace {
                place: ranked.contender,
                ranked,
                value: contenders[ranked.contender].score,
                score: contenders[ranked.contender].score,
            })
            .collect()
    }

    proptest! {
        /// `bottom` keeps every equal at its cut, holds at least `bottom` places (when the
        /// board has them), and is disjoint from `top` unless the board is short.
        #[test]
        fn bottom_and_top_keep_equals_and_part(
            scores in proptest::collection::vec(0i64..8, 1..25),
            top in 1u32..6,
            bottom in 1u32..6,
        ) {
            let ranked = ranked(&scores);
            let worst = worst_with(bottom, &ranked);
            let listed: Vec<bool> = ranked.iter().map(|r| r.ranked.rank.within(top)).collect();
            for (index, place) in ranked.iter().enumerate() {
                for (other, equal) in ranked.iter().enumerate() {
                    if place.ranked.group == equal.ranked.group {
                        prop_assert_eq!(worst[index], worst[other]);
                        prop_assert_eq!(listed[index], listed[other]);
                    }
                }
            }
            let on_worst = worst.iter().filter(|&&w| w).count();
            prop_assert!(on_worst >= (bottom as usize).min(ranked.len()));
            let on_top = listed.iter().filter(|&&l| l).count();
            if on_top + on_worst <= ranked.len() {
                prop_assert!(!worst.iter().zip(&listed).any(|(w, l)| *w && *l));
            }
        }
    }

    fn worst_with(bottom: u32, ranked: &[RankedPlace]) -> Vec<bool> {
        let text = format!(
            "[sources.t]\nkind = 'table'\n[[boards]]\nid = 'b'\nkind = 'road'\nbottom = {bottom}\n\
             [[boards.indicators]]\nid = 'a'\nsource = 't'\nmeasure = 'value'\nbetter = 'higher'\n"
        );
        let spec = crate::Spec::from_toml_str(&text, "spec.toml").expect("a valid spec");
        worst_list(&spec.boards[0], ranked)
    }
}
