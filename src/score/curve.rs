//! Fixed scoring curves (`goalposts`, `curve`, `bands`): a place's points from its own value
//! alone, so that its score does not move when other places' values do, and scores compare
//! across months. Exact: a segment's slope is a ratio of the points as written.

use super::Better;
use crate::exact::{self, Exact};

/// A fixed curve, its points checked when the spec is read: goalposts with
/// `lo < hi`, curve points with increasing x, bands in `better` order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Curve {
    /// 100 × (x − lo) ÷ (hi − lo), clamped to 0..100; mirrored for `lower`.
    Goalposts { lo: Exact, hi: Exact },
    /// Piecewise linear through the points (x increasing), flat beyond the ends.
    Piecewise(Vec<(Exact, Exact)>),
    /// The points of the first row whose threshold x reaches (x ≥ t for `higher`, x ≤ t
    /// for `lower`), `otherwise` below them all.
    Bands {
        rows: Vec<(Exact, Exact)>,
        otherwise: Exact,
    },
}

impl Curve {
    /// The points of value `x`.
    pub(crate) fn points(&self, x: &Exact, better: Better) -> Exact {
        match self {
            Curve::Goalposts { lo, hi } => {
                let hundred = exact::from_integer(100);
                let clamped = x.clone().clamp(lo.clone(), hi.clone());
                let part = match better {
                    Better::Higher => exact::sub(&clamped, lo),
                    Better::Lower => exact::sub(hi, &clamped),
                };
                exact::div(&exact::mul(&hundred, &part), &exact::sub(hi, lo))
            }
            Curve::Piecewise(points) => {
                let (Some(first), Some(last)) = (points.first(), points.last()) else {
                    return Exact::ZERO;
                };
                if *x <= first.0 {
                    return first.1.clone();
                }
                if *x >= last.0 {
                    return last.1.clone();
                }
                // The segment x falls in: the first point beyond x and the one before it.
                let end = points.partition_point(|(at, _)| at <= x);
                let ((x0, p0), (x1, p1)) = (&points[end - 1], &points[end]);
                let slope = exact::div(&exact::sub(p1, p0), &exact::sub(x1, x0));
                exact::add(p0, &exact::mul(&slope, &exact::sub(x, x0)))
            }
            Curve::Bands { rows, otherwise } => rows
                .iter()
                .find(|(threshold, _)| match better {
                    Better::Higher => x >= threshold,
                    Better::Lower => x <= threshold,
                })
                .map_or_else(|| otherwise.clone(), |(_, points)| points.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(value: i64) -> Exact {
        exact::from_integer(value)
    }

    fn pairs(rows: &[(i64, i64)]) -> Vec<(Exact, Exact)> {
        rows.iter().map(|&(x, p)| (n(x), n(p))).collect()
    }

    #[test]
    fn goalposts_clamp_and_mirror() {
        let curve = Curve::Goalposts {
            lo: n(20),
            hi: n(70),
        };
        let points = |x, better| curve.points(&n(x), better);
        assert_eq!(points(45, Better::Higher), n(50));
        assert_eq!(points(10, Better::Higher), n(0));
        assert_eq!(points(90, Better::Higher), n(100));
        assert_eq!(points(30, Better::Lower), n(80));
        assert_eq!(points(90, Better::Lower), n(0));
    }

    #[test]
    fn jinhua_on_time_rate() {
        // ≥ 70 % earns 50 points, −1 point per percentage point below.
        let curve = Curve::Piecewise(pairs(&[(20, 0), (70, 50)]));
        assert_eq!(curve.points(&n(70), Better::Higher), n(50));
        assert_eq!(curve.points(&n(95), Better::Higher), n(50));
        assert_eq!(curve.points(&n(63), Better::Higher), n(43));
        assert_eq!(curve.points(&n(5), Better::Higher), n(0));
        let third = exact::div(&n(190), &n(3));
        assert_eq!(
            curve.points(&third, Better::Higher),
            exact::div(&n(130), &n(3))
        );
    }

    #[test]
    fn bands_take_the_first_row_reached() {
        let higher = Curve::Bands {
            rows: pairs(&[(90, 100), (80, 85), (60, 70)]),
            otherwise: n(0),
        };
        let points: Vec<Exact> = [95, 90, 89, 60, 59]
            .iter()
            .map(|&x| higher.points(&n(x), Better::Higher))
            .collect();
        assert_eq!(points, [n(100), n(100), n(85), n(70), n(0)]);
        let lower = Curve::Bands {
            rows: pairs(&[(2, 100), (5, 60)]),
            otherwise: n(10),
        };
        assert_eq!(lower.points(&n(2), Better::Lower), n(100));
        assert_eq!(lower.points(&n(4), Better::Lower), n(60));
        assert_eq!(lower.points(&n(6), Better::Lower), n(10));
    }
}
