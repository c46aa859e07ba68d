//! Convex polygons in exact rationals: where two places' scores can be at once.
//!
//! Under a linear score, the map from a weight vector to the pair of two places' scores sends
//! the box of weights onto a convex polygon (a projection for `sum`; for `mean`, a projective
//! map whose denominator, the sum of the weights, is positive on the box), the hull of the
//! images of the box's vertices. Whether the two rounded scores can tie, or stand a rounding
//! unit apart, is then a question about that polygon and the cells of the rounding lattice,
//! answered exactly here.
//!
//! The answer is computed in any exact [`Number`]: the bounds compute in [`Homogeneous`]
//! numbers, big-integer fractions never reduced (a z-score's 40-digit values made the greatest
//! common divisors of reduced rationals most of the bounds' time), and the tests check that
//! reduced rationals ([`Exact`]) give the same answers.

use std::cmp::Ordering;
use std::fmt::Debug;

use num_bigint::{BigInt, Sign};
use rust_decimal::Decimal;

use crate::exact::{self, Exact};
use crate::score::Rounding;

/// A point: one place's score, another's.
pub(super) type Point<N> = (N, N);

/// An exact number the polygon's tests compute in: every operation exact, so that any two
/// kinds give the same answers.
pub(super) trait Number: Clone + Ord + Debug {
    /// The value of an exact rational.
    fn from_exact(value: &Exact) -> Self;
    /// The value as an exact rational, in lowest terms.
    fn to_exact(&self) -> Exact;
    /// Whether it is below zero.
    fn is_negative(&self) -> bool;
    /// Whether it is zero.
    fn is_zero(&self) -> bool;
    /// `self + other`.
    fn plus(&self, other: &Self) -> Self;
    /// `self − other`.
    fn minus(&self, other: &Self) -> Self;
    /// `self × other`.
    fn times(&self, other: &Self) -> Self;
    /// `self ÷ other`, `other` not zero.
    fn over(&self, other: &Self) -> Self;

    /// The sign of (b − a) × (c − a): positive when `a, b, c` turn counter-clockwise.
    fn turn(a: &Point<Self>, b: &Point<Self>, c: &Point<Self>) -> Ordering {
        let left = b.0.minus(&a.0).times(&c.1.minus(&a.1));
        let right = b.1.minus(&a.1).times(&c.0.minus(&a.0));
        left.cmp(&right)
    }
}

#[cfg(test)]
impl Number for Exact {
    fn from_exact(value: &Exact) -> Exact {
        value.clone()
    }
    fn to_exact(&self) -> Exact {
        self.clone()
    }
    fn is_negative(&self) -> bool {
        Exact::is_negative(self)
    }
    fn is_zero(&self) -> bool {
        Exact::is_zero(self)
    }
    fn plus(&self, other: &Exact) -> Exact {
        exact::add(self, other)
    }
    fn minus(&self, other: &Exact) -> Exact {
        exact::sub(self, other)
    }
    fn times(&self, other: &Exact) -> Exact {
        exact::mul(self, other)
    }
    fn over(&self, other: &Exact) -> Exact {
        exact::div(self, other)
    }
}

/// `n / d` with `d` positive, never reduced: each operation a few big-integer products, no
/// greatest common divisor. Values over one denominator (a place's scores at the corners of
/// the box share one) add, subtract and compare as their numerators.
#[derive(Clone, Debug)]
pub(super) struct Homogeneous {
    n: BigInt,
    d: BigInt,
}

impl Homogeneous {
    /// `n / d`; `d` must be positive.
    pub(super) fn new(n: BigInt, d: BigInt) -> Homogeneous {
        debug_assert!(d.sign() == Sign::Plus, "a positive denominator");
        Homogeneous { n, d }
    }

    /// The numerators of `values` over one common denominator (the least common multiple of
    /// theirs), so that the values compare and subtract as integers.
    pub(super) fn over_common(values: &[Exact]) -> Vec<Homogeneous> {
        use num_integer::Integer;
        let parts: Vec<(BigInt, BigInt)> = values.iter().map(Exact::big_parts).collect();
        let common = parts
            .iter()
            .fold(BigInt::from(1), |common, (_, d)| common.lcm(d));
        parts
            .into_iter()
            .map(|(n, d)| Homogeneous::new(n * (&common / d), common.clone()))
            .collect()
    }
}

impl PartialEq for Homogeneous {
    fn eq(&self, other: &Homogeneous) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Homogeneous {}

impl PartialOrd for Homogeneous {
    fn partial_cmp(&self, other: &Homogeneous) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Homogeneous {
    fn cmp(&self, other: &Homogeneous) -> Ordering {
        if self.d == other.d {
            return self.n.cmp(&other.n);
        }
        // The signs decide before any product.
        match self.n.sign().cmp(&other.n.sign()) {
            Ordering::Equal => (&self.n * &other.d).cmp(&(&other.n * &self.d)),
            unequal => unequal,
        }
    }
}

impl Number for Homogeneous {
    fn from_exact(value: &Exact) -> Homogeneous {
        let (n, d) = value.big_parts();
        Homogeneous { n, d }
    }
    fn to_exact(&self) -> Exact {
        exact::from_big_parts(self.n.clone(), self.d.clone())
    }
    fn is_negative(&self) -> bool {
        self.n.sign() == Sign::Minus
    }
    fn is_zero(&self) -> bool {
        self.n.sign() == Sign::NoSign
    }
    fn plus(&self, other: &Homogeneous) -> Homogeneous {
        if self.d == other.d {
            return Homogeneous::new(&self.n + &other.n, self.d.clone());
        }
        Homogeneous::new(&self.n * &other.d + &other.n * &self.d, &self.d * &other.d)
    }
    fn minus(&self, other: &Homogeneous) -> Homogeneous {
        if self.d == other.d {
            return Homogeneous::new(&self.n - &other.n, self.d.clone());
        }
        Homogeneous::new(&self.n * &other.d - &other.n * &self.d, &self.d * &other.d)
    }
    fn times(&self, other: &Homogeneous) -> Homogeneous {
        Homogeneous::new(&self.n * &other.n, &self.d * &other.d)
    }
    fn over(&self, other: &Homogeneous) -> Homogeneous {
        let (n, d) = (&self.n * &other.d, &self.d * &other.n);
        match d.sign() {
            Sign::Minus => Homogeneous::new(-n, -d),
            Sign::Plus => Homogeneous::new(n, d),
            // Division by zero has no caller; zero rather than a panic, as `exact::div`.
            Sign::NoSign => Homogeneous::new(BigInt::from(0), BigInt::from(1)),
        }
    }

    /// Over common denominators (a pair polygon's corners: the xs share one, the ys another)
    /// the sign of the numerators' determinant, without the denominators' products.
    fn turn(a: &Point<Self>, b: &Point<Self>, c: &Point<Self>) -> Ordering {
        let shared = |p: &Homogeneous, q: &Homogeneous, r: &Homogeneous| p.d == q.d && q.d == r.d;
        if shared(&a.0, &b.0, &c.0) && shared(&a.1, &b.1, &c.1) {
            let left = (&b.0.n - &a.0.n) * (&c.1.n - &a.1.n);
            let right = (&b.1.n - &a.1.n) * (&c.0.n - &a.0.n);
            return left.cmp(&right);
        }
        let left = b.0.minus(&a.0).times(&c.1.minus(&a.1));
        let right = b.1.minus(&a.1).times(&c.0.minus(&a.0));
        left.cmp(&right)
    }
}

/// The convex hull of `points`, counter-clockwise (Andrew's monotone chain) from the least
/// point; a point or a segment when the points are so degenerate.
pub(super) fn hull<N: Number>(mut points: Vec<Point<N>>) -> Vec<Point<N>> {
    points.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    // Indices into `points`.
    let mut chain: Vec<usize> = Vec::with_capacity(points.len() * 2);
    // The lower chain left to right, then the upper one right to left.
    for pass in [
        (0..points.len()).collect::<Vec<_>>(),
        (0..points.len()).rev().collect(),
    ] {
        let start = chain.len();
        for point in pass {
            while chain.len() >= start + 2
                && N::turn(
                    &points[chain[chain.len() - 2]],
                    &points[chain[chain.len() - 1]],
                    &points[point],
                ) != Ordering::Greater
            {
                chain.pop();
            }
            chain.push(point);
        }
        // The last point of a chain is the first of the next.
        chain.pop();
    }
    chain
        .into_iter()
        .map(|index| points[index].clone())
        .collect()
}

/// The part of the convex polygon where `side(point) ≥ 0`, for an affine `side`
/// (Sutherland–Hodgman against one half-plane).
fn clip<N: Number>(polygon: &[Point<N>], side: impl Fn(&Point<N>) -> N) -> Vec<Point<N>> {
    let mut kept = Vec::with_capacity(polygon.len() + 1);
    for (index, p) in polygon.iter().enumerate() {
        let q = &polygon[(index + 1) % polygon.len()];
        let (sp, sq) = (side(p), side(q));
        let (p_in, q_in) = (!sp.is_negative(), !sq.is_negative());
        if p_in {
            kept.push(p.clone());
        }
        if p_in != q_in && !sp.is_zero() && !sq.is_zero() {
            // p + (q − p) · sp ÷ (sp − sq)
            let t = sp.over(&sp.minus(&sq));
            let along = |a: &N, b: &N| a.plus(&b.minus(a).times(&t));
            kept.push((along(&p.0, &q.0), along(&p.1, &q.1)));
        }
    }
    kept
}

/// Whether the polygon has a point with `x ≥ a` (`x > a` when `x_strict`) and `y ≤ b`
/// (`y < b` when `y_strict`).
fn meets_quadrant<N: Number>(
    polygon: &[Point<N>],
    a: &N,
    x_strict: bool,
    b: &N,
    y_strict: bool,
) -> bool {
    let part = clip(polygon, |p| p.0.minus(a));
    let part = clip(&part, |p| b.minus(&p.1));
    if part.is_empty() {
        return false;
    }
    // The part is convex: a point beyond x = a and a point below y = b give, between them,
    // points beyond and below both.
    let x_ok = !x_strict || part.iter().any(|p| p.0 > *a);
    let y_ok = !y_strict || part.iter().any(|p| p.1 < *b);
    x_ok && y_ok
}

/// [`lowest_beyond`] for a hull of three points or more at `a`, one of its vertices' x: the
/// lowest point's y left of the lowest point (the rightmost if several), the lower chain's
/// height at `a` right of it (the lower chain rises there). The hull starts with its lower
/// chain, left to right, up to its greatest point. A handful of operations where a clip takes
/// a pass over the polygon, with the same value.
fn lowest_beyond_vertex<N: Number>(hull: &[Point<N>], a: &N) -> Option<N> {
    let lowest = hull
        .iter()
        .min_by(|p, q| p.1.cmp(&q.1).then_with(|| q.0.cmp(&p.0)))?;
    if *a <= lowest.0 {
        return Some(lowest.1.clone());
    }
    let end = hull
        .iter()
        .enumerate()
        .max_by(|(_, p), (_, q)| p.0.cmp(&q.0).then_with(|| p.1.cmp(&q.1)))?
        .0;
    let lower = &hull[..=end];
    if let Some(point) = lower.iter().find(|p| p.0 == *a) {
        return Some(point.1.clone());
    }
    let edge = lower
        .windows(2)
        .find(|edge| edge[0].0 < *a && *a < edge[1].0)?;
    let (p, q) = (&edge[0], &edge[1]);
    // p.y + (q.y − p.y)·(a − p.x) ÷ (q.x − p.x)
    let t = a.minus(&p.0).over(&q.0.minus(&p.0));
    Some(p.1.plus(&q.1.minus(&p.1).times(&t)))
}

/// The lowest `y` of the polygon's points with `x ≥ a`, if any.
fn lowest_beyond<N: Number>(polygon: &[Point<N>], a: &N) -> Option<N> {
    clip(polygon, |p| p.0.minus(a))
        .into_iter()
        .map(|p| p.1)
        .min()
}

/// How a board rounds: to `decimals` places with `rounding`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Lattice {
    pub(super) decimals: u32,
    pub(super) rounding: Rounding,
}

impl Lattice {
    /// The rounding unit, 10^−decimals.
    pub(super) fn unit(self) -> Exact {
        exact::from_decimal(Decimal::new(1, self.decimals))
    }

    fn round(self, value: &Exact) -> Option<Decimal> {
        exact::round(value, self.decimals, self.rounding)
    }

    /// Whether the polygon holds a point `(x, y)` with round(x) − round(y) ≥ `steps` units.
    ///
    /// round(x) ≥ m exactly when x reaches the lower edge of m's cell (m − ½ unit, closed or
    /// open as the rounding puts the half), and round(y) ≤ k when y stays below the upper edge
    /// of k's cell. So the question is whether the polygon meets one of the quadrants
    /// {x ≥ k + steps − ½, y ≤ k + ½} for a lattice point k. How far the polygon dips below
    /// a quadrant's corner is a convex function of k (the lowest y beyond an x is convex in
    /// x), least at a vertex's x: the lattice points next to that least one are the only
    /// candidates, and each is tested exactly. `None` when a value does not fit a decimal.
    pub(super) fn gap_at_least<N: Number>(self, polygon: &[Point<N>], steps: i64) -> Option<bool> {
        if polygon.is_empty() {
            return Some(false);
        }
        let unit = self.unit();
        let half = exact::div(&unit, &exact::from_integer(2));
        let shift = exact::mul(&unit, &exact::from_integer(steps));
        let (half_n, shift_n) = (N::from_exact(&half), N::from_exact(&shift));
        // k's corner is at x = k + shift − half, y = k + half: the dip at a vertex's x.
        let dip = |x: &N| -> Option<N> {
            let k = x.minus(&shift_n).plus(&half_n);
            let lowest = if polygon.len() >= 3 {
                lowest_beyond_vertex(polygon, x)?
            } else {
                lowest_beyond(polygon, x)?
            };
            Some(lowest.minus(&k.plus(&half_n)))
        };
        let best = polygon
            .iter()
            .filter_map(|p| dip(&p.0).map(|depth| (depth, p.0.clone())))
            .min_by(|a, b| a.0.cmp(&b.0))?;
        let centre = best.1.minus(&shift_n).plus(&half_n);
        let nearest = exact::from_decimal(self.round(&centre.to_exact())?);
        for offset in -2..=2 {
            let k = exact::add(&nearest, &exact::mul(&unit, &exact::from_integer(offset)));
            let m = exact::add(&k, &shift);
            let low_edge = exact::sub(&m, &half);
            let high_edge = exact::add(&k, &half);
            let x_strict = self.round(&low_edge)? != self.round(&m)?;
            let y_strict = self.round(&high_edge)? != self.round(&k)?;
            if meets_quadrant(
                polygon,
                &N::from_exact(&low_edge),
                x_strict,
                &N::from_exact(&high_edge),
                y_strict,
            ) {
                return Some(true);
            }
        }
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn sorted(mut points: Vec<Point<Exact>>) -> Vec<Point<Exact>> {
        points.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        points
    }

    fn p(x: i64, y: i64) -> Point<Exact> {
        (exact::from_integer(x), exact::from_integer(y))
    }

    fn tenths(x: i64, y: i64) -> Point<Exact> {
        (
            exact::from_decimal(Decimal::new(x, 1)),
            exact::from_decimal(Decimal::new(y, 1)),
        )
    }

    #[test]
    fn the_lowest_point_beyond_a_vertex_is_that_of_the_clip() {
        let hulls = [
            hull(vec![p(0, 3), p(2, 0), p(5, 1), p(6, 6), p(1, 7)]),
            hull(vec![p(0, 0), p(4, 0), p(4, 5), p(0, 5)]),
            hull(vec![p(0, 5), p(3, 0), p(6, 2), p(6, 4), p(2, 9)]),
            hull(vec![
                tenths(3, 7),
                tenths(11, 2),
                tenths(19, 13),
                tenths(7, 19),
                tenths(2, 11),
            ]),
        ];
        // And many random ones.
        let mut state = 7u64;
        let mut next = |range: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % range) as i64
        };
        let random: Vec<Vec<Point<Exact>>> = (0..300)
            .map(|_| {
                let n = 3 + next(8) as usize;
                hull((0..n).map(|_| p(next(12), next(12))).collect())
            })
            .filter(|hull| hull.len() >= 3)
            .collect();
        for hull in hulls.iter().chain(&random) {
            for vertex in hull {
                assert_eq!(
                    lowest_beyond_vertex(hull, &vertex.0),
                    lowest_beyond(hull, &vertex.0),
                    "{hull:?} at {:?}",
                    vertex.0
                );
            }
        }
    }

    #[test]
    fn hull_drops_inner_and_collinear_points() {
        let hull = hull(vec![p(0, 0), p(2, 0), p(1, 1), p(2, 2), p(0, 2), p(1, 0)]);
        assert_eq!(sorted(hull), vec![p(0, 0), p(0, 2), p(2, 0), p(2, 2)]);
    }

    #[test]
    fn a_polygon_meets_a_quadrant_at_its_closed_corner_only_when_closed() {
        let square = hull(vec![p(0, 0), p(1, 0), p(0, 1), p(1, 1)]);
        // The corner (1, 0) of the quadrant x ≥ 1, y ≤ 0 is the square's vertex.
        assert!(meets_quadrant(
            &square,
            &exact::from_integer(1),
            false,
            &Exact::ZERO,
            false
        ));
        assert!(!meets_quadrant(
            &square,
            &exact::from_integer(1),
            true,
            &Exact::ZERO,
            false
        ));
        assert!(!meets_quadrant(
            &square,
            &exact::from_integer(1),
            false,
            &Exact::ZERO,
            true
        ));
    }

    #[test]
    fn rounded_gaps_on_a_segment() {
        // x from 1.04 to 1.06 while y stays 1.0 (in hundredths: a segment).
        let segment = vec![
            (
                exact::from_decimal(Decimal::new(104, 2)),
                exact::from_integer(1),
            ),
            (
                exact::from_decimal(Decimal::new(106, 2)),
                exact::from_integer(1),
            ),
        ];
        let lattice = Lattice {
            decimals: 1,
            rounding: Rounding::HalfUp,
        };
        // round(x) is 1.0 or 1.1 (from 1.05 up), round(y) is 1.0: they can tie, and can be one
        // unit apart, never two.
        assert_eq!(lattice.gap_at_least(&segment, 0), Some(true));
        assert_eq!(lattice.gap_at_least(&segment, 1), Some(true));
        assert_eq!(lattice.gap_at_least(&segment, 2), Some(false));
        // Half-even puts 1.05 at 1.0: the gap of one unit needs x above 1.05, which the
        // segment has.
        let even = Lattice {
            rounding: Rounding::HalfEven,
            ..lattice
        };
        assert_eq!(even.gap_at_least(&segment, 1), Some(true));
        let to_half = vec![
            tenths(10, 10),
            (
                exact::from_decimal(Decimal::new(105, 2)),
                exact::from_integer(1),
            ),
        ];
        assert_eq!(even.gap_at_least(&to_half, 1), Some(false));
        assert_eq!(lattice.gap_at_least(&to_half, 1), Some(true));
    }

    /// A coordinate: `numerator / denominator`, optionally moved by a 40-digit sliver (as a
    /// z-score's values are), so that values land on, just beside and well off rounding halves.
    fn coordinate(numerator: i64, denominator: u8, sliver: i8) -> Exact {
        let denominators = [1i64, 2, 3, 7, 20, 200, 2000];
        let base = exact::div(
            &exact::from_integer(numerator),
            &exact::from_integer(denominators[usize::from(denominator) % denominators.len()]),
        );
        let tiny = exact::from_big_parts(
            BigInt::from(sliver),
            BigInt::from(10).pow(40) + BigInt::from(7),
        );
        exact::add(&base, &tiny)
    }

    fn points_strategy() -> impl Strategy<Value = Vec<Point<Exact>>> {
        proptest::collection::vec(
            (
                (-40i64..40, 0u8..7, -1i8..=1),
                (-40i64..40, 0u8..7, -1i8..=1),
            ),
            1..9,
        )
        .prop_map(|points| {
            points
                .into_iter()
                .map(|((xn, xd, xs), (yn, yd, ys))| {
                    (coordinate(xn, xd, xs), coordinate(yn, yd, ys))
                })
                .collect()
        })
    }

    /// The points in homogeneous numbers as the bounds build them: the xs over one common
    /// denominator, the ys over another.
    fn homogeneous_points(points: &[Point<Exact>]) -> Vec<Point<Homogeneous>> {
        let xs: Vec<Exact> = points.iter().map(|p| p.0.clone()).collect();
        let ys: Vec<Exact> = points.iter().map(|p| p.1.clone()).collect();
        Homogeneous::over_common(&xs)
            .into_iter()
            .zip(Homogeneous::over_common(&ys))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The homogeneous path the bounds take gives the hull and the rounded gaps of the
        /// reduced rationals, on every lattice, at and beside rounding halves.
        #[test]
        fn homogeneous_numbers_agree_with_reduced_rationals(
            points in points_strategy(),
            decimals in 0u32..3,
            even in any::<bool>(),
        ) {
            let lattice = Lattice {
                decimals,
                rounding: if even { Rounding::HalfEven } else { Rounding::HalfUp },
            };
            let reduced = hull(points.clone());
            let fast = hull(homogeneous_points(&points));
            let fast_as_exact: Vec<Point<Exact>> =
                fast.iter().map(|p| (p.0.to_exact(), p.1.to_exact())).collect();
            prop_assert_eq!(&fast_as_exact, &reduced);
            // And each value read alone (no shared denominator), as the lattice's are.
            let alone: Vec<Point<Homogeneous>> = points
                .iter()
                .map(|p| (Homogeneous::from_exact(&p.0), Homogeneous::from_exact(&p.1)))
                .collect();
            let alone = hull(alone);
            for steps in [0, 1, 2] {
                let expected = lattice.gap_at_least(&reduced, steps);
                prop_assert_eq!(lattice.gap_at_least(&fast, steps), expected, "steps {}", steps);
                prop_assert_eq!(lattice.gap_at_least(&alone, steps), expected, "steps {}", steps);
            }
        }

        /// Homogeneous arithmetic is exact: each operation's value is the reduced one's.
        #[test]
        fn homogeneous_operations_are_exact(
            a in (-40i64..40, 0u8..7, -1i8..=1),
            b in (-40i64..40, 0u8..7, -1i8..=1),
        ) {
            let (x, y) = (coordinate(a.0, a.1, a.2), coordinate(b.0, b.1, b.2));
            let (hx, hy) = (Homogeneous::from_exact(&x), Homogeneous::from_exact(&y));
            prop_assert_eq!(hx.plus(&hy).to_exact(), exact::add(&x, &y));
            prop_assert_eq!(hx.minus(&hy).to_exact(), exact::sub(&x, &y));
            prop_assert_eq!(hx.times(&hy).to_exact(), exact::mul(&x, &y));
            if !y.is_zero() {
                prop_assert_eq!(hx.over(&hy).to_exact(), exact::div(&x, &y));
            }
            prop_assert_eq!(hx.cmp(&hy), x.cmp(&y));
        }
    }
}
