//! A certified fast path for boards whose values do not fit machine integers exactly, as the
//! 40-digit rationals of a z-score (its standard deviation is a square root taken to 40
//! digits) do not: each value v is kept as ⌊v·S⌋ in machine integers, S = 10^decimals·2^shift
//! (one rounding unit is 2^shift of them), with whether v·S is that integer and a class that
//! equal values share. A weighted sum of such values is then known to within the weights of
//! its inexact terms. Where that interval decides a sign or a rounded score, the answer is the
//! exact one; where it does not (a form within 2^−shift of a rounding edge or of zero), the
//! caller computes in rationals. The results are therefore those of the exact path, bit for
//! bit, at machine-integer speed for nearly every test and draw.

use std::cmp::Ordering;
use std::collections::HashMap;

use rust_decimal::Decimal;

use super::joint::Pick;
use super::linear::picked;
use super::polygon::Lattice;
use crate::exact::{self, Exact};

/// The bits a bracketed value may take: room for its products with weights and their sums in
/// `i128` (every operation is checked all the same).
const VALUE_BITS: u32 = 62;

/// The fewest bits kept below a rounding unit: with fewer, too few tests would decide.
const MIN_SHIFT: u32 = 16;

/// One value: ⌊v·S⌋, whether v·S is that integer, and its class among the values of its
/// column (equal values share one, so that their difference is known to be 0).
#[derive(Clone, Copy, Debug)]
struct Bracket {
    floor: i64,
    exact: bool,
    class: u32,
}

impl Bracket {
    /// (a − b)·S: its least and greatest.
    fn minus(self, other: Bracket) -> (i128, i128) {
        if self.class == other.class {
            return (0, 0);
        }
        let d = i128::from(self.floor) - i128::from(other.floor);
        (d - i128::from(!other.exact), d + i128::from(!self.exact))
    }
}

/// A linear board's values, points and weights, bracketed in machine integers.
pub(super) struct Fixed {
    /// Per place, per indicator.
    values: Vec<Vec<Bracket>>,
    points: Vec<Bracket>,
    /// One rounding unit times S: 2^shift.
    unit: i128,
    /// S.
    scale: i128,
    /// The box's weights times their common denominator.
    low: Vec<i64>,
    high: Vec<i64>,
    weight_scale: i64,
}

impl Fixed {
    /// The brackets of `values` (per place, per indicator) and `points`; `None` when the values
    /// are too large to keep `MIN_SHIFT` bits below a rounding unit, or the weights do not fit.
    pub(super) fn new(
        values: &[Vec<Exact>],
        points: &[Exact],
        low: &[Exact],
        high: &[Exact],
        lattice: Lattice,
    ) -> Option<Fixed> {
        let mut top: i128 = 1;
        for value in values.iter().flatten().chain(points) {
            let magnitude = if value.is_negative() {
                -value
            } else {
                value.clone()
            };
            top = top.max(exact::floor(&magnitude)?.0.checked_add(1)?);
        }
        let decimal_scale = 10i128.checked_pow(lattice.decimals)?;
        let bits = 128 - top.checked_mul(decimal_scale)?.leading_zeros();
        let shift = VALUE_BITS.checked_sub(bits)?;
        if shift < MIN_SHIFT {
            return None;
        }
        let unit = 1i128 << shift;
        let scale = decimal_scale.checked_mul(unit)?;
        let times = exact::from_integer(scale);
        let bracket = |value: &Exact, classes: &mut HashMap<Exact, u32>| -> Option<Bracket> {
            let (floor, exact) = exact::floor(&exact::mul(value, &times))?;
            let next = u32::try_from(classes.len()).ok()?;
            let class = *classes.entry(value.clone()).or_insert(next);
            Some(Bracket {
                floor: i64::try_from(floor).ok()?,
                exact,
                class,
            })
        };
        let columns = low.len();
        let mut classes: Vec<HashMap<Exact, u32>> = vec![HashMap::new(); columns];
        let values = values
            .iter()
            .map(|row| {
                row.iter()
                    .zip(classes.iter_mut())
                    .map(|(value, classes)| bracket(value, classes))
                    .collect::<Option<Vec<Bracket>>>()
            })
            .collect::<Option<Vec<_>>>()?;
        let mut point_classes = HashMap::new();
        let points = points
            .iter()
            .map(|value| bracket(value, &mut point_classes))
            .collect::<Option<Vec<Bracket>>>()?;
        let (weight_scale, weights) = exact::common_scale(low.iter().chain(high))?;
        let (low, high) = weights.split_at(columns);
        Some(Fixed {
            values,
            points,
            unit,
            scale,
            low: low.to_vec(),
            high: high.to_vec(),
            weight_scale,
        })
    }

    /// The sign of the extreme over the box of the pair form of [`super::linear`]'s `sign`,
    /// when the brackets decide it. Each term, `c·high` for c ≥ 0 and `c·low` below (the
    /// reverse for the least), grows with its coefficient c, so the ends of c's bracket bound
    /// the term.
    pub(super) fn sign(
        &self,
        a: usize,
        b: usize,
        unit: bool,
        max: bool,
        sums: bool,
    ) -> Option<Ordering> {
        let t = if unit { self.unit } else { 0 };
        let (points_low, points_high) = self.points[a].minus(self.points[b]);
        let (offset_low, offset_high) = (points_low - t, points_high - t);
        let (mut least, mut most) = if sums {
            let scale = i128::from(self.weight_scale);
            (
                offset_low.checked_mul(scale)?,
                offset_high.checked_mul(scale)?,
            )
        } else {
            (0, 0)
        };
        let (values_a, values_b) = (&self.values[a], &self.values[b]);
        for k in 0..self.low.len() {
            let (mut c_low, mut c_high) = values_a[k].minus(values_b[k]);
            if !sums {
                c_low = c_low.checked_add(offset_low)?;
                c_high = c_high.checked_add(offset_high)?;
            }
            let term = |c: i128| -> Option<i128> {
                let weight = if (c >= 0) == max {
                    self.high[k]
                } else {
                    self.low[k]
                };
                c.checked_mul(i128::from(weight))
            };
            least = least.checked_add(term(c_low)?)?;
            most = most.checked_add(term(c_high)?)?;
        }
        if least > 0 {
            Some(Ordering::Greater)
        } else if most < 0 {
            Some(Ordering::Less)
        } else if least == 0 && most == 0 {
            Some(Ordering::Equal)
        } else {
            None
        }
    }

    /// The rounded scores of `places` under the integer weights `omega` (not negative,
    /// proportional to the weights; `per_weight` of them make one unit of weight, which only
    /// `sum` needs): each one the brackets decide, `None` for the others. `None` on overflow.
    pub(super) fn scores_of(
        &self,
        places: &[usize],
        omega: &[i128],
        per_weight: i128,
        sums: bool,
        lattice: Lattice,
    ) -> Option<Vec<Option<Decimal>>> {
        if omega.iter().any(|&w| w < 0) || per_weight <= 0 {
            return None;
        }
        let total = omega
            .iter()
            .try_fold(0i128, |total, &w| total.checked_add(w))?;
        let times_points = if sums { per_weight } else { total };
        let denominator = self.scale.checked_mul(times_points)?;
        places
            .iter()
            .map(|&place| {
                let (mut least, mut slack) = (0i128, 0i128);
                for (value, &w) in self.values[place].iter().zip(omega) {
                    least = least.checked_add(i128::from(value.floor).checked_mul(w)?)?;
                    if !value.exact {
                        slack = slack.checked_add(w)?;
                    }
                }
                let points = self.points[place];
                least = least.checked_add(i128::from(points.floor).checked_mul(times_points)?)?;
                if !points.exact {
                    slack = slack.checked_add(times_points)?;
                }
                let most = least.checked_add(slack)?;
                let round = |n: i128| {
                    exact::round_ratio(n, denominator, lattice.decimals, lattice.rounding)
                };
                let low = round(least);
                Some(if low.is_some() && low == round(most) {
                    low
                } else {
                    None
                })
            })
            .collect()
    }

    /// [`Fixed::scores_of`] at the weights `picks`.
    pub(super) fn at_picks(
        &self,
        places: &[usize],
        picks: &[Pick],
        sums: bool,
        lattice: Lattice,
    ) -> Option<Vec<Option<Decimal>>> {
        let omega = picked(&self.low, &self.high, picks);
        self.scores_of(
            places,
            &omega,
            2 * i128::from(self.weight_scale),
            sums,
            lattice,
        )
    }

    /// round(s_a) − round(s_b), in rounding units, at a corner of the box that makes
    /// s_a − s_b large (as the brackets tell), when both scores are decided there: a cheap
    /// witness of a gap.
    pub(super) fn corner_gap(
        &self,
        a: usize,
        b: usize,
        sums: bool,
        lattice: Lattice,
    ) -> Option<i128> {
        let (offset, _) = self.points[a].minus(self.points[b]);
        let corner: Vec<i128> = (0..self.low.len())
            .map(|k| {
                let (mut d, _) = self.values[a][k].minus(self.values[b][k]);
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
        let unit = |score: Option<Decimal>| {
            let mut score = score?;
            score.rescale(lattice.decimals);
            Some(score.mantissa())
        };
        Some(unit(scores[0])? - unit(scores[1])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Rounding;

    #[test]
    fn equal_values_differ_by_nothing_and_others_by_a_bracket() {
        let third = exact::div(&exact::from_integer(1), &exact::from_integer(3));
        let values = vec![
            vec![third.clone()],
            vec![third.clone()],
            vec![exact::from_integer(1)],
        ];
        let points = vec![Exact::ZERO; 3];
        let one = vec![exact::from_integer(1)];
        let lattice = Lattice {
            decimals: 0,
            rounding: Rounding::HalfUp,
        };
        let fixed = Fixed::new(&values, &points, &one, &one, lattice).expect("fits");
        assert_eq!(fixed.values[0][0].minus(fixed.values[1][0]), (0, 0));
        let (least, most) = fixed.values[2][0].minus(fixed.values[0][0]);
        assert_eq!(most - least, 1);
        assert_eq!(fixed.sign(0, 1, false, true, false), Some(Ordering::Equal));
        assert_eq!(
            fixed.sign(2, 0, false, false, true),
            Some(Ordering::Greater)
        );
        // 1/3 rounds to 0 and 1 to 1, decided; a score on a rounding edge is not.
        assert_eq!(
            fixed.scores_of(&[0, 2], &[1], 1, false, lattice),
            Some(vec![Some(Decimal::ZERO), Some(Decimal::ONE)])
        );
        let half = vec![vec![exact::div(
            &exact::from_integer(1),
            &exact::from_integer(2),
        )]];
        let fixed = Fixed::new(&half, &[Exact::ZERO], &one, &one, lattice).expect("fits");
        assert_eq!(
            fixed.scores_of(&[0], &[1], 1, false, lattice),
            Some(vec![Some(Decimal::ONE)])
        );
        let near = vec![vec![exact::sub(
            &exact::div(&exact::from_integer(1), &exact::from_integer(2)),
            &exact::div(
                &exact::from_integer(1),
                &(&exact::from_integer(3) * &exact::from_integer(1i128 << 100)),
            ),
        )]];
        let fixed = Fixed::new(&near, &[Exact::ZERO], &one, &one, lattice).expect("fits");
        assert_eq!(
            fixed.scores_of(&[0], &[1], 1, false, lattice),
            Some(vec![None])
        );
    }
}
