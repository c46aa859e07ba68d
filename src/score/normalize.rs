//! Normalization: one indicator's values over a board's places, onto a common scale on which
//! higher is better.

use super::{Better, Curve, Normalize};
use crate::exact::{self, Exact};

/// The normalized values of `values` (one per place, `None` where missing; missing stays
/// missing). Normalization runs over the places that have a value.
pub(crate) fn normalize(
    values: &[Option<Exact>],
    better: Better,
    method: Normalize,
    curve: Option<&Curve>,
) -> Vec<Option<Exact>> {
    // A fixed curve scores each value alone.
    if let Some(curve) = curve {
        return map(values, |x| curve.points(x, better));
    }
    let present: Vec<&Exact> = values.iter().flatten().collect();
    let hundred = exact::from_integer(100);
    let lower = better == Better::Lower;
    match method {
        Normalize::MinMax => {
            let (Some(min), Some(max)) = (present.iter().min(), present.iter().max()) else {
                return vec![None; values.len()];
            };
            let range = exact::sub(max, min);
            if range.is_zero() {
                return map(values, |_| hundred.clone());
            }
            // 100 ÷ range once; each value is then one difference and one product.
            let factor = exact::div(&hundred, &range);
            map(values, |x| {
                if lower {
                    exact::mul(&exact::sub(max, x), &factor)
                } else {
                    exact::mul(&exact::sub(x, min), &factor)
                }
            })
        }
        Normalize::ZScore => {
            let n = exact::from_integer(present.len());
            if present.is_empty() {
                return vec![None; values.len()];
            }
            let mean = present.iter().copied().sum::<Exact>() / &n;
            let variance = present
                .iter()
                .map(|x| {
                    let deviation = *x - &mean;
                    &deviation * &deviation
                })
                .sum::<Exact>()
                / &n;
            let sd = exact::sqrt(&variance);
            map(values, |x| {
                if sd.is_zero() {
                    Exact::ZERO
                } else if lower {
                    (&mean - x) / &sd
                } else {
                    (x - &mean) / &sd
                }
            })
        }
        Normalize::Rank => {
            let mut sorted = present.clone();
            sorted.sort();
            let others = exact::from_integer(sorted.len().saturating_sub(1));
            map(values, |x| {
                if others.is_zero() {
                    return hundred.clone();
                }
                let worse = if lower {
                    sorted.len() - sorted.partition_point(|y| *y <= x)
                } else {
                    sorted.partition_point(|y| *y < x)
                };
                &hundred * &exact::from_integer(worse) / &others
            })
        }
        Normalize::None => map(values, |x| if lower { -x } else { x.clone() }),
        // The spec gives these their curve: without one there is nothing to score by.
        Normalize::Goalposts | Normalize::Curve | Normalize::Bands => vec![None; values.len()],
    }
}

fn map(values: &[Option<Exact>], f: impl Fn(&Exact) -> Exact) -> Vec<Option<Exact>> {
    values.iter().map(|value| value.as_ref().map(&f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn values(numbers: &[Option<i64>]) -> Vec<Option<Exact>> {
        numbers.iter().map(|n| n.map(exact::from_integer)).collect()
    }

    fn shown(values: Vec<Option<Exact>>, decimals: u32) -> Vec<String> {
        values
            .iter()
            .map(|value| match value {
                Some(value) => exact::round(value, decimals, exact::Rounding::HalfUp)
                    .unwrap()
                    .to_string(),
                None => "-".to_owned(),
            })
            .collect()
    }

    #[test]
    fn the_documented_example() {
        let input = values(&[Some(2), Some(4), Some(10)]);
        let cases = [
            (Normalize::MinMax, ["0.00", "25.00", "100.00"]),
            (Normalize::ZScore, ["-0.98", "-0.39", "1.37"]),
            (Normalize::Rank, ["0.00", "50.00", "100.00"]),
            (Normalize::None, ["2.00", "4.00", "10.00"]),
        ];
        for (method, expected) in cases {
            assert_eq!(
                shown(normalize(&input, Better::Higher, method, None), 2),
                expected,
                "{method:?}"
            );
        }
    }

    #[test]
    fn lower_is_better_mirrors() {
        let input = values(&[Some(2), Some(4), Some(10)]);
        assert_eq!(
            shown(normalize(&input, Better::Lower, Normalize::MinMax, None), 0),
            ["100", "75", "0"]
        );
        assert_eq!(
            shown(normalize(&input, Better::Lower, Normalize::Rank, None), 0),
            ["100", "50", "0"]
        );
        assert_eq!(
            shown(normalize(&input, Better::Lower, Normalize::ZScore, None), 2),
            ["0.98", "0.39", "-1.37"]
        );
        assert_eq!(
            shown(normalize(&input, Better::Lower, Normalize::None, None), 0),
            ["-2", "-4", "-10"]
        );
    }

    #[test]
    fn degenerate_cases() {
        let equal = values(&[Some(5), None, Some(5)]);
        assert_eq!(
            shown(
                normalize(&equal, Better::Higher, Normalize::MinMax, None),
                0
            ),
            ["100", "-", "100"]
        );
        assert_eq!(
            shown(
                normalize(&equal, Better::Higher, Normalize::ZScore, None),
                0
            ),
            ["0", "-", "0"]
        );
        assert_eq!(
            shown(normalize(&equal, Better::Higher, Normalize::Rank, None), 0),
            ["0", "-", "0"]
        );
        let single = values(&[None, Some(7)]);
        assert_eq!(
            shown(normalize(&single, Better::Higher, Normalize::Rank, None), 0),
            ["-", "100"]
        );
        let none = values(&[None, None]);
        for method in [
            Normalize::MinMax,
            Normalize::ZScore,
            Normalize::Rank,
            Normalize::None,
        ] {
            assert_eq!(
                shown(normalize(&none, Better::Higher, method, None), 0),
                ["-", "-"]
            );
        }
    }

    #[test]
    fn ties_in_rank_normalization_count_only_strictly_worse() {
        let input = values(&[Some(1), Some(3), Some(3), Some(9)]);
        assert_eq!(
            shown(normalize(&input, Better::Higher, Normalize::Rank, None), 4),
            ["0.0000", "33.3333", "33.3333", "100.0000"]
        );
    }

    #[test]
    fn z_scores_are_exact_when_the_sd_is_rational() {
        // Values 0 and 2: mean 1, sd 1, z = -1 and 1 exactly.
        let input = values(&[Some(0), Some(2)]);
        let z = normalize(&input, Better::Higher, Normalize::ZScore, None);
        assert_eq!(z[0], Some(exact::from_decimal(Decimal::from(-1))));
        assert_eq!(z[1], Some(exact::from_integer(1)));
    }
}
