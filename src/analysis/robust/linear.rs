//! Exact bounds on each place's rank over every weight vector in the box: the best rank is
//! 1 + the places above it under every such weight, the worst 1 + those above it under some.
//!
//! For a linear score (a flat board, every ranked place counting every weighted indicator,
//! no floor or ceiling reached), "j above i" is decided pair by pair: the difference of two
//! scores is Σ wₖ·dₖ ÷ Σ wₖ (`mean`: the sum of the weights is common and cancels from its
//! sign) or Σ wₖ·dₖ (`sum`), whose extremes over a box are Σ (dₖ ≥ 0 ? lowₖ : highₖ)·dₖ and
//! the reverse. Ranks are judged on rounded scores, as the board is: where the difference can
//! come within one rounding unit, whether the two rounded scores can tie is answered exactly
//! on the polygon of the pair's scores ([`super::polygon`]).

use std::cmp::Ordering;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use super::fixed::Fixed;
use super::joint::{self, Extremes, Pick};
use super::model::Model;
use super::polygon::{self, Homogeneous, Point};
use crate::exact::{self, Exact};
use crate::parallel::Threads;
use crate::rank::{self, Contender, RankMethod};
use crate::score::{Missing, Rounding};

/// The most weights that vary for the exact bounds: the pair polygons have 2ⁿ vertices.
pub(super) const MAX_VARYING: usize = 16;

/// The box and each place's linear score.
pub(super) struct Linear {
    /// Per ranked place, per indicator: the normalized value (0 where missing and counted as
    /// 0).
    pub(super) values: Vec<Vec<Exact>>,
    pub(super) points: Vec<Exact>,
    pub(super) low: Vec<Exact>,
    pub(super) high: Vec<Exact>,
    pub(super) sums: bool,
    /// Per place: its rounded score's least and greatest over the box, in rounding units.
    pub(super) rounded: Vec<(i128, i128)>,
    /// Per place: its position among the tie-breakers (equals share one).
    pub(super) tie: Vec<usize>,
    last: Vec<bool>,
    pub(super) lattice: polygon::Lattice,
    unit: Exact,
    /// The same in machine integers, when they fit: the sign tests of most pairs.
    scaled: Option<Scaled>,
    /// When they do not (a z-score's values), each value bracketed between machine integers:
    /// the sign tests and draws these decide, the rest in rationals.
    fixed: Option<Fixed>,
    /// Per place, its scores at the corners of the box over one denominator, computed once
    /// when a pair polygon first needs them (a place meets many pairs); empty when too many
    /// weights vary.
    corners: Vec<OnceLock<Vec<Homogeneous>>>,
}

/// The most weights that vary for each place's corner scores to be kept.
const MAX_KEPT_CORNER_BITS: usize = 8;

/// Values, points and the unit times one common denominator, weights times another: signs
/// of the pair forms in `i128`, exactly.
struct Scaled {
    /// The values' common denominator.
    scale: i64,
    values: Vec<Vec<i64>>,
    points: Vec<i64>,
    unit: i64,
    low: Vec<i64>,
    high: Vec<i64>,
    /// The weights' common denominator (for `sum`, the constant term is scaled by it).
    weight_scale: i64,
}

impl Scaled {
    fn new(linear: &Linear) -> Option<Scaled> {
        let k = linear.low.len();
        let (scale, numbers) = exact::common_scale(
            linear
                .values
                .iter()
                .flatten()
                .chain(&linear.points)
                .chain(std::iter::once(&linear.unit)),
        )?;
        let mut numbers = numbers.into_iter();
        let values = (0..linear.values.len())
            .map(|_| numbers.by_ref().take(k).collect())
            .collect();
        let points = numbers.by_ref().take(linear.points.len()).collect();
        let unit = numbers.next()?;
        let (weight_scale, weights) = exact::common_scale(linear.low.iter().chain(&linear.high))?;
        let (low, high) = weights.split_at(k);
        Some(Scaled {
            scale,
            values,
            points,
            unit,
            low: low.to_vec(),
            high: high.to_vec(),
            weight_scale,
        })
    }

    /// Each place's rounded score under the integer weights `omega` (proportional to the
    /// weights; `per_weight` of them make one unit of weight, which only `sum` needs), in
    /// machine integers; `None` on overflow.
    fn scores(
        &self,
        omega: &[i128],
        per_weight: i128,
        sums: bool,
        lattice: polygon::Lattice,
    ) -> Option<Vec<Decimal>> {
        let every: Vec<usize> = (0..self.values.len()).collect();
        self.scores_of(&every, omega, per_weight, sums, lattice)
    }

    /// [`Scaled::scores`] of the places `places`.
    fn scores_of(
        &self,
        places: &[usize],
        omega: &[i128],
        per_weight: i128,
        sums: bool,
        lattice: polygon::Lattice,
    ) -> Option<Vec<Decimal>> {
        let total = omega
            .iter()
            .try_fold(0i128, |total, &w| total.checked_add(w))?;
        let (times_points, denominator) = if sums {
            (per_weight, i128::from(self.scale).checked_mul(per_weight)?)
        } else {
            (total, i128::from(self.scale).checked_mul(total)?)
        };
        places
            .iter()
            .map(|&place| (&self.values[place], self.points[place]))
            .map(|(values, points)| {
                let weighted = values.iter().zip(omega).try_fold(0i128, |sum, (&a, &w)| {
                    sum.checked_add(i128::from(a).checked_mul(w)?)
                })?;
                let numerator =
                    weighted.checked_add(i128::from(points).checked_mul(times_points)?)?;
                exact::round_ratio(numerator, denominator, lattice.decimals, lattice.rounding)
            })
            .collect()
    }

    /// [`Linear::sign`] in machine integers; `None` on overflow. The weights are not
    /// negative, so the extreme of each term is at its low or its high weight by its sign.
    fn sign(&self, a: usize, b: usize, unit: bool, max: bool, sums: bool) -> Option<Ordering> {
        let t = if unit { i128::from(self.unit) } else { 0 };
        let offset = i128::from(self.points[a]) - i128::from(self.points[b]) - t;
        let mut total: i128 = if sums {
            offset.checked_mul(i128::from(self.weight_scale))?
        } else {
            0
        };
        let (values_a, values_b) = (&self.values[a], &self.values[b]);
        for k in 0..self.low.len() {
            let mut d = i128::from(values_a[k]) - i128::from(values_b[k]);
            if !sums {
                d = d.checked_add(offset)?;
            }
            let weight = if (d >= 0) == max {
                self.high[k]
            } else {
                self.low[k]
            };
            total = total.checked_add(d.checked_mul(i128::from(weight))?)?;
        }
        Some(total.cmp(&0))
    }

    /// round(s_a) − round(s_b), in rounding units, at the corner of the box that makes
    /// s_a − s_b greatest under `sum` (its sign-deciding form greatest under `mean`).
    fn corner_gap(
        &self,
        a: usize,
        b: usize,
        sums: bool,
        lattice: polygon::Lattice,
    ) -> Option<i128> {
        let offset = i128::from(self.points[a]) - i128::from(self.points[b]);
        let corner: Vec<i128> = (0..self.low.len())
            .map(|k| {
                let mut d = i128::from(self.values[a][k]) - i128::from(self.values[b][k]);
                if !sums {
                    d += offset;
                }
                i128::from(if d >= 0 { self.high[k] } else { self.low[k] })
            })
            .collect();
        let scores = self.scores_of(
            &[a, b],
            &corner,
            i128::from(self.weight_scale),
            sums,
            lattice,
        )?;
        let unit = |mut score: Decimal| {
            score.rescale(lattice.decimals);
            score.mantissa()
        };
        Some(unit(scores[0]) - unit(scores[1]))
    }
}

/// Each ranked place's extremes over every weight in the box (see [`joint`]); `None` when a
/// value does not fit a decimal.
///
/// Pairs whose rounded ranges do not overlap are decided by the ranges alone (counted from
/// the places sorted by their least rounded score); only the others are tested pair by pair,
/// and those that may or may not be above a place are its contested ones.
pub(super) fn bounds(linear: &Linear, threads: Threads) -> Option<Vec<Extremes>> {
    let n = linear.values.len();
    // Per group of the `last` veto, its places by least rounded score.
    let group = |last: bool| -> Vec<usize> {
        let mut members: Vec<usize> = (0..n).filter(|&j| linear.last[j] == last).collect();
        members.sort_by_key(|&j| linear.rounded[j].0);
        members
    };
    let groups = [group(false), group(true)];
    let places: Vec<usize> = (0..n).collect();
    let candidates = joint::candidates(linear);
    let at: Vec<Vec<i128>> = threads
        .map(&candidates, |picks| linear.units_at(&places, picks))
        .into_iter()
        .collect::<Option<_>>()?;
    let counted = threads.map(&places, |&i| -> Option<Extremes> {
        let (least, most) = linear.rounded[i];
        let members = &groups[usize::from(linear.last[i])];
        // Every place not vetoed is above a vetoed one.
        let before = if linear.last[i] { groups[0].len() } else { 0 };
        let overlapping = members.partition_point(|&j| linear.rounded[j].0 <= most);
        let mut surely = before + members.len() - overlapping;
        let mut contested = Vec::new();
        for &j in &members[..overlapping] {
            if j == i || linear.rounded[j].1 < least {
                continue;
            }
            match linear.above(j, i, &at)? {
                (true, _) => surely += 1,
                (false, true) => contested.push(j),
                (false, false) => {}
            }
        }
        joint::extremes(linear, i, surely, &contested, &candidates, &at)
    });
    counted.into_iter().collect()
}

impl Linear {
    /// The linear model of a board, or why its score is not linear in the weights.
    pub(super) fn new(model: &Model, share: &Exact) -> Result<Linear, String> {
        let scorer = &model.scorer;
        if scorer.has_dimensions() {
            return Err(
                "the score is a weighted mean of dimensions' weighted means, not linear in \
                        the weights: only the Monte Carlo varies them"
                    .to_owned(),
            );
        }
        let weights = scorer.weights();
        let varying = weights.iter().filter(|weight| !weight.is_zero()).count();
        if varying > MAX_VARYING {
            return Err(format!(
                "{varying} weights vary, more than the {MAX_VARYING} the exact bounds take"
            ));
        }
        let one = exact::from_integer(1);
        let low: Vec<Exact> = weights
            .iter()
            .map(|weight| exact::mul(weight, &exact::sub(&one, share)))
            .collect();
        let high: Vec<Exact> = weights
            .iter()
            .map(|weight| exact::mul(weight, &exact::add(&one, share)))
            .collect();
        let sums = scorer.sums();
        let reweighted = model
            .normalized
            .iter()
            .filter(|values| {
                values
                    .iter()
                    .zip(&weights)
                    .any(|(value, weight)| value.is_none() && !weight.is_zero())
            })
            .count();
        if reweighted > 0 && scorer.missing() == Missing::Reweight && !sums {
            return Err(format!(
                "{reweighted} ranked places lack a value their weights are re-weighted over: \
                 their scores are not linear in the weights"
            ));
        }
        let values: Vec<Vec<Exact>> = model
            .normalized
            .iter()
            .map(|values| {
                values
                    .iter()
                    .map(|value| value.clone().unwrap_or(Exact::ZERO))
                    .collect()
            })
            .collect();
        let lattice = model.lattice;
        let mut linear = Linear {
            values,
            points: model.points.clone(),
            low,
            high,
            sums,
            rounded: Vec::new(),
            tie: tie_positions(&model.contenders),
            last: model.contenders.iter().map(|c| c.last).collect(),
            lattice,
            unit: lattice.unit(),
            scaled: None,
            fixed: None,
            corners: Vec::new(),
        };
        linear.scaled = Scaled::new(&linear);
        if linear.varying().len() <= MAX_KEPT_CORNER_BITS {
            linear.corners = (0..linear.values.len()).map(|_| OnceLock::new()).collect();
        }
        if linear.scaled.is_none() {
            linear.fixed = Fixed::new(
                &linear.values,
                &linear.points,
                &linear.low,
                &linear.high,
                lattice,
            );
        }
        let (floor, ceiling) = scorer.bounds();
        let mut rounded = Vec::with_capacity(linear.values.len());
        for place in 0..linear.values.len() {
            let (least, most) = linear.range(place);
            let reached = floor.is_some_and(|floor| least < exact::from_decimal(floor))
                || ceiling.is_some_and(|ceiling| most > exact::from_decimal(ceiling));
            if reached {
                return Err(
                    "some score reaches the board's floor or ceiling within the box: \
                            bounded scores are not linear in the weights"
                        .to_owned(),
                );
            }
            let round = |value: &Exact| {
                exact::round(value, lattice.decimals, lattice.rounding)
                    .map(|mut rounded| {
                        rounded.rescale(lattice.decimals);
                        rounded.mantissa()
                    })
                    .ok_or_else(|| "a score does not fit a decimal".to_owned())
            };
            rounded.push((round(&least)?, round(&most)?));
        }
        linear.rounded = rounded;
        Ok(linear)
    }

    /// Each place's rounded score under the weights `nominal × (1 + share × offset)` where
    /// `offset = (r − steps) ÷ steps` for each weight's `r`, in machine integers: the Monte
    /// Carlo's draws of a linear board. `None` when a part does not fit them, and `None` for
    /// a place whose bracketed score (see [`Fixed`]) straddles a rounding edge: the caller then
    /// scores those exactly in rationals.
    pub(super) fn draw_scores(
        &self,
        nominal: &[Exact],
        share: &Exact,
        draws: &[u64],
        steps: u64,
    ) -> Option<Vec<Option<Decimal>>> {
        if self.scaled.is_none() && self.fixed.is_none() {
            return None;
        }
        let (weight_scale, weights) = exact::common_scale(nominal)?;
        let (share_n, share_d) = share.small()?;
        let steps = i128::from(steps);
        // weight × (steps·d + n·(r − steps)) ÷ (steps·d): the numerators, with one unit of
        // weight being steps·d·weight_scale of them.
        let omega = weights
            .iter()
            .zip(draws)
            .map(|(&weight, &r)| {
                let offset = i128::from(r).checked_sub(steps)?.checked_mul(share_n)?;
                let factor = steps.checked_mul(share_d)?.checked_add(offset)?;
                i128::from(weight).checked_mul(factor)
            })
            .collect::<Option<Vec<i128>>>()?;
        let per_weight = steps
            .checked_mul(share_d)?
            .checked_mul(i128::from(weight_scale))?;
        if let Some(scaled) = &self.scaled {
            let scores = scaled.scores(&omega, per_weight, self.sums, self.lattice)?;
            return Some(scores.into_iter().map(Some).collect());
        }
        let every: Vec<usize> = (0..self.values.len()).collect();
        self.fixed
            .as_ref()?
            .scores_of(&every, &omega, per_weight, self.sums, self.lattice)
    }

    /// Each of `places`' rounded score, in rounding units, at the weights `picks` (each at
    /// its low, middle or high): in machine integers where they decide it, exactly otherwise.
    pub(super) fn units_at(&self, places: &[usize], picks: &[Pick]) -> Option<Vec<i128>> {
        let fast: Option<Vec<Option<Decimal>>> = match (&self.scaled, &self.fixed) {
            (Some(scaled), _) => {
                let omega = picked(&scaled.low, &scaled.high, picks);
                scaled
                    .scores_of(
                        places,
                        &omega,
                        2 * i128::from(scaled.weight_scale),
                        self.sums,
                        self.lattice,
                    )
                    .map(|scores| scores.into_iter().map(Some).collect())
            }
            (None, Some(fixed)) => fixed.at_picks(places, picks, self.sums, self.lattice),
            (None, None) => None,
        };
        let weights = self.weights_at(picks);
        let w: Vec<&Exact> = weights.iter().collect();
        places
            .iter()
            .enumerate()
            .map(|(index, &place)| {
                let mut score = match fast.as_ref().and_then(|scores| scores[index]) {
                    Some(score) => score,
                    None => exact::round(
                        &self.score(place, &w),
                        self.lattice.decimals,
                        self.lattice.rounding,
                    )?,
                };
                score.rescale(self.lattice.decimals);
                Some(score.mantissa())
            })
            .collect()
    }

    /// The weights at `picks`.
    pub(super) fn weights_at(&self, picks: &[Pick]) -> Vec<Exact> {
        let two = exact::from_integer(2);
        picks
            .iter()
            .enumerate()
            .map(|(k, pick)| match pick {
                Pick::Low => self.low[k].clone(),
                Pick::High => self.high[k].clone(),
                Pick::Middle => exact::div(&exact::add(&self.low[k], &self.high[k]), &two),
            })
            .collect()
    }

    /// The place's score under weights `w`.
    pub(super) fn score(&self, place: usize, w: &[&Exact]) -> Exact {
        let weighted: Exact = self.values[place]
            .iter()
            .zip(w)
            .map(|(value, weight)| exact::mul(value, weight))
            .sum();
        let aggregate = if self.sums {
            weighted
        } else {
            let total: Exact = w.iter().copied().cloned().sum();
            exact::div(&weighted, &total)
        };
        exact::add(&aggregate, &self.points[place])
    }

    /// The least and greatest score of `place` over the box. Under `mean` the least puts the
    /// high weights on the lowest values up to some point and the low ones on the rest (the
    /// optimum of a ratio of two linear forms over a box); every split is tried.
    fn range(&self, place: usize) -> (Exact, Exact) {
        let values = &self.values[place];
        if self.sums {
            let extreme = |max: bool| -> Exact {
                let total: Exact = values
                    .iter()
                    .enumerate()
                    .map(|(k, value)| {
                        let (a, b) = (
                            exact::mul(value, &self.low[k]),
                            exact::mul(value, &self.high[k]),
                        );
                        if max { a.max(b) } else { a.min(b) }
                    })
                    .sum();
                exact::add(&total, &self.points[place])
            };
            return (extreme(false), extreme(true));
        }
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[a].cmp(&values[b]));
        let split_score = |high_first: usize, ascending: bool| -> Exact {
            let w: Vec<&Exact> = (0..values.len())
                .map(|k| {
                    let position = order.iter().position(|&o| o == k).unwrap_or(0);
                    let position = if ascending {
                        position
                    } else {
                        values.len() - 1 - position
                    };
                    if position < high_first {
                        &self.high[k]
                    } else {
                        &self.low[k]
                    }
                })
                .collect();
            self.score(place, &w)
        };
        let least = (0..=values.len())
            .map(|split| split_score(split, true))
            .min()
            .unwrap_or(Exact::ZERO);
        let most = (0..=values.len())
            .map(|split| split_score(split, false))
            .max()
            .unwrap_or(Exact::ZERO);
        (least, most)
    }

    /// The sign of the extreme over the box (its greatest when `max`, else its least) of the
    /// form whose sign is that of s_a − s_b − t at the same weights, t being 0 or (`unit`)
    /// one rounding unit: Σ wₖ·(dₖ + cₐ − c_b − t) under `mean`, Σ wₖ·dₖ + cₐ − c_b − t under
    /// `sum`.
    fn sign(&self, a: usize, b: usize, unit: bool, max: bool) -> Ordering {
        if let Some(sign) = self
            .scaled
            .as_ref()
            .and_then(|scaled| scaled.sign(a, b, unit, max, self.sums))
            .or_else(|| {
                self.fixed
                    .as_ref()
                    .and_then(|fixed| fixed.sign(a, b, unit, max, self.sums))
            })
        {
            return sign;
        }
        let t = if unit { self.unit.clone() } else { Exact::ZERO };
        let offset = exact::sub(&exact::sub(&self.points[a], &self.points[b]), &t);
        let mut total = if self.sums {
            offset.clone()
        } else {
            Exact::ZERO
        };
        for k in 0..self.low.len() {
            let mut d = exact::sub(&self.values[a][k], &self.values[b][k]);
            if !self.sums {
                d = exact::add(&d, &offset);
            }
            let (x, y) = (exact::mul(&d, &self.low[k]), exact::mul(&d, &self.high[k]));
            total = exact::add(&total, &if max { x.max(y) } else { x.min(y) });
        }
        total.cmp(&Exact::ZERO)
    }

    /// Whether some weight puts round(s_a) − round(s_b) at `steps` (0 or 1) units or more;
    /// `None` when a value does not fit a decimal. `at` holds every place's rounded score at
    /// weights tried for every place (see [`joint::candidates`]): witnesses, looked up before
    /// the polygon is built.
    fn gap(&self, a: usize, b: usize, steps: i64, at: &[Vec<i128>]) -> Option<bool> {
        let need = i128::from(steps);
        let (least_a, most_a) = self.rounded[a];
        let (least_b, most_b) = self.rounded[b];
        if least_a - most_b >= need {
            return Some(true);
        }
        if most_a - least_b < need {
            return Some(false);
        }
        // A difference of a whole unit or more separates rounded scores; at a half-even
        // half it may not.
        let beyond = |sign: Ordering| match self.lattice.rounding {
            Rounding::HalfUp => sign != Ordering::Less,
            Rounding::HalfEven => sign == Ordering::Greater,
        };
        if steps == 0 {
            if self.sign(a, b, false, true) != Ordering::Less {
                return Some(true);
            }
            if beyond(self.sign(b, a, true, false)) {
                return Some(false);
            }
        } else {
            if beyond(self.sign(a, b, true, true)) {
                return Some(true);
            }
            if self.sign(a, b, false, true) != Ordering::Greater {
                return Some(false);
            }
        }
        // A corner of the box is often a witness, and cheap to try.
        if at.iter().any(|units| units[a] - units[b] >= need) {
            return Some(true);
        }
        let corner = match (&self.scaled, &self.fixed) {
            (Some(scaled), _) => scaled.corner_gap(a, b, self.sums, self.lattice),
            (None, Some(fixed)) => fixed.corner_gap(a, b, self.sums, self.lattice),
            (None, None) => None,
        };
        if corner >= Some(need) {
            return Some(true);
        }
        self.lattice.gap_at_least(&self.polygon(a, b), steps)
    }

    /// The weights that vary.
    fn varying(&self) -> Vec<usize> {
        (0..self.low.len())
            .filter(|&k| self.low[k] != self.high[k])
            .collect()
    }

    /// The place's scores at each corner of the box, in the order of the corners' bits.
    fn corner_scores(&self, place: usize) -> Vec<Exact> {
        let varying = self.varying();
        (0u32..1 << varying.len())
            .map(|corner| {
                let w: Vec<&Exact> = (0..self.low.len())
                    .map(|k| match varying.iter().position(|&v| v == k) {
                        Some(bit) if corner >> bit & 1 == 1 => &self.high[k],
                        _ => &self.low[k],
                    })
                    .collect();
                self.score(place, &w)
            })
            .collect()
    }

    /// The polygon of (s_a, s_b) over the box: the hull of the images of its vertices, in
    /// homogeneous numbers (each place's corner scores over one denominator).
    fn polygon(&self, a: usize, b: usize) -> Vec<Point<Homogeneous>> {
        let corners = |place: usize| Homogeneous::over_common(&self.corner_scores(place));
        let points = match (self.corners.get(a), self.corners.get(b)) {
            (Some(kept_a), Some(kept_b)) => {
                let scores_a = kept_a.get_or_init(|| corners(a));
                let scores_b = kept_b.get_or_init(|| corners(b));
                scores_a
                    .iter()
                    .cloned()
                    .zip(scores_b.iter().cloned())
                    .collect()
            }
            _ => corners(a).into_iter().zip(corners(b)).collect(),
        };
        polygon::hull(points)
    }

    /// Whether j is above i under every weight of the box, and under some.
    fn above(&self, j: usize, i: usize, at: &[Vec<i128>]) -> Option<(bool, bool)> {
        if self.last[j] != self.last[i] {
            let above = self.last[i];
            return Some((above, above));
        }
        if self.tie[j] < self.tie[i] {
            // Equal rounded scores put j first: j is above unless i's rounded score is higher.
            Some((!self.gap(i, j, 1, at)?, self.gap(j, i, 0, at)?))
        } else {
            Some((!self.gap(i, j, 0, at)?, self.gap(j, i, 1, at)?))
        }
    }
}

#[cfg(test)]
impl Linear {
    /// The same model without its machine-integer paths: every test and draw in rationals.
    pub(super) fn in_rationals_for_tests(mut self) -> Linear {
        self.scaled = None;
        self.fixed = None;
        self
    }

    /// Whether the bracketed path is in use.
    pub(super) fn is_bracketed_for_tests(&self) -> bool {
        self.scaled.is_none() && self.fixed.is_some()
    }

    /// [`Linear::above`] for the tests.
    pub(super) fn above_for_tests(&self, j: usize, i: usize) -> (bool, bool) {
        self.above(j, i, &[]).expect("fits")
    }
}

/// Integer weights at `picks` from the scaled low and high weights: twice the low or the
/// high, or their sum for the middle (so that one unit of weight is twice the scale).
pub(super) fn picked(low: &[i64], high: &[i64], picks: &[Pick]) -> Vec<i128> {
    picks
        .iter()
        .zip(low.iter().zip(high))
        .map(|(pick, (&low, &high))| match pick {
            Pick::Low => 2 * i128::from(low),
            Pick::High => 2 * i128::from(high),
            Pick::Middle => i128::from(low) + i128::from(high),
        })
        .collect()
}

/// Each contender's position in the order its tie-breakers alone give (equals share one).
fn tie_positions(contenders: &[Contender]) -> Vec<usize> {
    let level: Vec<Contender> = contenders
        .iter()
        .map(|contender| Contender {
            score: Decimal::ZERO,
            last: false,
            ..contender.clone()
        })
        .collect();
    let mut positions = vec![0; contenders.len()];
    for ranked in rank::rank(&level, RankMethod::Competition) {
        positions[ranked.contender] = ranked.group;
    }
    positions
}
