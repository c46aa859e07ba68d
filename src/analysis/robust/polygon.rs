//! Convex polygons in exact rationals: where two places' scores can be at once.
//!
//! Under a linear score, the map from a weight vector to the pair of two places' scores sends
//! the box of weights onto a convex polygon (a projection for `sum`; for `mean`, a projective
//! map whose denominator, the sum of the weights, is positive on the box), the hull of the
//! images of the box's vertices. Whether the two rounded scores can tie, or stand a rounding
//! unit apart, is then a question about that polygon and the cells of the rounding lattice,
//! answered exactly here.

use num_bigint::{BigInt, Sign};
use rust_decimal::Decimal;

use crate::exact::{self, Exact};
use crate::score::Rounding;

/// A point: one place's score, another's.
pub(super) type Point = (Exact, Exact);

/// A point in homogeneous integer coordinates (X, Y, Z), Z positive: (X/Z, Y/Z).
type Homogeneous = [BigInt; 3];

fn homogeneous(point: &Point) -> Homogeneous {
    let (xn, xd) = point.0.big_parts();
    let (yn, yd) = point.1.big_parts();
    [&xn * &yd, &yn * &xd, xd * yd]
}

/// Whether `a, b, c` turn counter-clockwise: the sign of the determinant of their
/// homogeneous coordinates (that of (b − a) × (c − a), the Zs being positive), in big
/// integers without reducing any intermediate (a z-score's 40-digit values made the reduced
/// rationals' greatest common divisors most of the bounds' time).
fn turns_left(a: &Homogeneous, b: &Homogeneous, c: &Homogeneous) -> bool {
    let [x1, y1, z1] = a;
    let [x2, y2, z2] = b;
    let [x3, y3, z3] = c;
    let determinant =
        x1 * (y2 * z3 - y3 * z2) - y1 * (x2 * z3 - x3 * z2) + z1 * (x2 * y3 - x3 * y2);
    determinant.sign() == Sign::Plus
}

/// The convex hull of `points`, counter-clockwise (Andrew's monotone chain); a point or a
/// segment when the points are so degenerate.
pub(super) fn hull(mut points: Vec<Point>) -> Vec<Point> {
    points.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    let coordinates: Vec<Homogeneous> = points.iter().map(homogeneous).collect();
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
                && !turns_left(
                    &coordinates[chain[chain.len() - 2]],
                    &coordinates[chain[chain.len() - 1]],
                    &coordinates[point],
                )
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
fn clip(polygon: &[Point], side: impl Fn(&Point) -> Exact) -> Vec<Point> {
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
            let t = exact::div(&sp, &exact::sub(&sp, &sq));
            let along = |a: &Exact, b: &Exact| exact::add(a, &exact::mul(&exact::sub(b, a), &t));
            kept.push((along(&p.0, &q.0), along(&p.1, &q.1)));
        }
    }
    kept
}

/// Whether the polygon has a point with `x ≥ a` (`x > a` when `x_strict`) and `y ≤ b`
/// (`y < b` when `y_strict`).
fn meets_quadrant(polygon: &[Point], a: &Exact, x_strict: bool, b: &Exact, y_strict: bool) -> bool {
    let part = clip(polygon, |p| exact::sub(&p.0, a));
    let part = clip(&part, |p| exact::sub(b, &p.1));
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
fn lowest_beyond_vertex(hull: &[Point], a: &Exact) -> Option<Exact> {
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
    let t = exact::div(&exact::sub(a, &p.0), &exact::sub(&q.0, &p.0));
    Some(exact::add(&p.1, &exact::mul(&exact::sub(&q.1, &p.1), &t)))
}

/// The lowest `y` of the polygon's points with `x ≥ a`, if any.
fn lowest_beyond(polygon: &[Point], a: &Exact) -> Option<Exact> {
    clip(polygon, |p| exact::sub(&p.0, a))
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
    pub(super) fn gap_at_least(self, polygon: &[Point], steps: i64) -> Option<bool> {
        if polygon.is_empty() {
            return Some(false);
        }
        let unit = self.unit();
        let half = exact::div(&unit, &exact::from_integer(2));
        let shift = exact::mul(&unit, &exact::from_integer(steps));
        // k's corner is at x = k + shift − half, y = k + half: the dip at a vertex's x.
        let dip = |x: &Exact| -> Option<Exact> {
            let k = exact::add(&exact::sub(x, &shift), &half);
            let lowest = if polygon.len() >= 3 {
                lowest_beyond_vertex(polygon, x)?
            } else {
                lowest_beyond(polygon, x)?
            };
            Some(exact::sub(&lowest, &exact::add(&k, &half)))
        };
        let best = polygon
            .iter()
            .filter_map(|p| dip(&p.0).map(|depth| (depth, p.0.clone())))
            .min_by(|a, b| a.0.cmp(&b.0))?;
        let centre = exact::add(&exact::sub(&best.1, &shift), &half);
        let nearest = exact::from_decimal(self.round(&centre)?);
        for offset in -2..=2 {
            let k = exact::add(&nearest, &exact::mul(&unit, &exact::from_integer(offset)));
            let m = exact::add(&k, &shift);
            let low_edge = exact::sub(&m, &half);
            let high_edge = exact::add(&k, &half);
            let x_strict = self.round(&low_edge)? != self.round(&m)?;
            let y_strict = self.round(&high_edge)? != self.round(&k)?;
            if meets_quadrant(polygon, &low_edge, x_strict, &high_edge, y_strict) {
                return Some(true);
            }
        }
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut points: Vec<Point>) -> Vec<Point> {
        points.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        points
    }

    fn p(x: i64, y: i64) -> Point {
        (exact::from_integer(x), exact::from_integer(y))
    }

    fn tenths(x: i64, y: i64) -> Point {
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
        let random: Vec<Vec<Point>> = (0..300)
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
}
