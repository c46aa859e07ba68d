//! Scoring: normalized indicator values, weighted, as an exact rational, rounded once.
//!
//! Score = Σ wᵢ·nᵢ ÷ Σ wᵢ over the indicators that count for the place (see [`Missing`]).
//! Everything up to the rounding is exact, so the published score is the exact value of the
//! formula rounded to the board's decimals: no 28-digit intermediate can tip it across a
//! rounding boundary.

mod normalize;
mod rules;

pub use rules::{Better, Missing, Normalize, Rounding};

use rust_decimal::Decimal;

use crate::exact::{self, Exact};
use crate::parallel::Threads;

/// What the scoring of one indicator needs from the spec.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rule {
    pub(crate) better: Better,
    pub(crate) normalize: Normalize,
    pub(crate) weight: Decimal,
}

/// How a board's scores are formed and rounded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scoring {
    pub(crate) missing: Missing,
    pub(crate) decimals: u32,
    pub(crate) rounding: Rounding,
}

/// One place's score with its explanation.
#[derive(Clone, Debug)]
pub(crate) struct Scored {
    /// Per indicator: the normalized value, `None` where the value is missing.
    pub(crate) normalized: Vec<Option<Exact>>,
    /// Per indicator: the weight's share of the weights that count (wᵢ ÷ Σ w), `None` for an
    /// indicator that does not count for this place.
    pub(crate) shares: Vec<Option<Exact>>,
    /// Per indicator: share × normalized value; these sum to the exact score.
    pub(crate) contributions: Vec<Option<Exact>>,
    /// The score, or why there is none.
    pub(crate) outcome: Outcome,
}

/// A place's score, or why it has none.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    /// The score rounded to the board's decimals (the exact score is the sum of the
    /// contributions).
    Scored { rounded: Decimal },
    /// No value for any indicator.
    NoData,
    /// `missing = "exclude"`: the first indicator of positive weight without a value.
    Missing(usize),
    /// Values only for indicators of weight zero (`missing = "reweight"`).
    NoWeightedValue,
    /// The rounded score does not fit a decimal.
    Overflow,
}

/// Scores every place: `values[i][p]` is indicator `i`'s value for place `p`.
pub(crate) fn score(
    rules: &[Rule],
    values: &[Vec<Option<Exact>>],
    scoring: Scoring,
    threads: Threads,
) -> Vec<Scored> {
    let places: Vec<usize> = (0..values.first().map_or(0, Vec::len)).collect();
    // Indicators, then places, over the cores: each is independent of the others.
    let normalized: Vec<Vec<Option<Exact>>> = threads.map(
        &rules.iter().zip(values).collect::<Vec<_>>(),
        |(rule, values)| normalize::normalize(values, rule.better, rule.normalize),
    );
    let weights: Vec<Exact> = rules
        .iter()
        .map(|rule| exact::from_decimal(rule.weight))
        .collect();
    threads.map(&places, |&place| {
        let normalized: Vec<Option<Exact>> = normalized
            .iter()
            .map(|column| column[place].clone())
            .collect();
        score_place(&weights, normalized, scoring)
    })
}

fn score_place(weights: &[Exact], normalized: Vec<Option<Exact>>, scoring: Scoring) -> Scored {
    let unscored = |normalized: Vec<Option<Exact>>, outcome| Scored {
        shares: vec![None; normalized.len()],
        contributions: vec![None; normalized.len()],
        normalized,
        outcome,
    };
    if normalized.iter().all(Option::is_none) {
        return unscored(normalized, Outcome::NoData);
    }
    let missing_weighted = normalized
        .iter()
        .zip(weights)
        .position(|(value, weight)| value.is_none() && !weight.is_zero());
    // Which indicators count: under `reweight` those with a value, otherwise all (a missing
    // value then counts as 0).
    let counts = |index: usize| match scoring.missing {
        Missing::Reweight => normalized[index].is_some(),
        Missing::Zero | Missing::Exclude => true,
    };
    if let (Missing::Exclude, Some(index)) = (scoring.missing, missing_weighted) {
        return unscored(normalized, Outcome::Missing(index));
    }
    let total: Exact = (0..weights.len())
        .filter(|&index| counts(index))
        .fold(Exact::ZERO, |total, index| {
            exact::add(&total, &weights[index])
        });
    if total.is_zero() {
        return unscored(normalized, Outcome::NoWeightedValue);
    }
    let shares: Vec<Option<Exact>> = (0..weights.len())
        .map(|index| counts(index).then(|| exact::div(&weights[index], &total)))
        .collect();
    let contributions: Vec<Option<Exact>> = shares
        .iter()
        .zip(&normalized)
        .map(|(share, value)| {
            let share = share.as_ref()?;
            Some(match value {
                Some(value) => exact::mul(share, value),
                None => Exact::ZERO,
            })
        })
        .collect();
    let exact_score: Exact = contributions
        .iter()
        .flatten()
        .fold(Exact::ZERO, |sum, contribution| {
            exact::add(&sum, contribution)
        });
    let outcome = match exact::round(&exact_score, scoring.decimals, scoring.rounding) {
        Some(rounded) => Outcome::Scored { rounded },
        None => Outcome::Overflow,
    };
    Scored {
        normalized,
        shares,
        contributions,
        outcome,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(weight: i64) -> Rule {
        Rule {
            better: Better::Higher,
            normalize: Normalize::None,
            weight: Decimal::from(weight),
        }
    }

    fn scoring(missing: Missing) -> Scoring {
        Scoring {
            missing,
            decimals: 1,
            rounding: Rounding::HalfUp,
        }
    }

    fn value(n: i64) -> Option<Exact> {
        Some(exact::from_integer(n))
    }

    fn rounded(scored: &Scored) -> String {
        match &scored.outcome {
            Outcome::Scored { rounded, .. } => rounded.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn missing_policies_as_documented() {
        // One place scored 80 on the first of two equal indicators, nothing on the second.
        let values = vec![vec![value(80)], vec![None]];
        let rules = [rule(1), rule(1)];
        assert_eq!(
            rounded(
                &score(
                    &rules,
                    &values,
                    scoring(Missing::Reweight),
                    Threads::available()
                )[0]
            ),
            "80.0"
        );
        assert_eq!(
            rounded(
                &score(
                    &rules,
                    &values,
                    scoring(Missing::Zero),
                    Threads::available()
                )[0]
            ),
            "40.0"
        );
        assert!(matches!(
            score(
                &rules,
                &values,
                scoring(Missing::Exclude),
                Threads::available()
            )[0]
            .outcome,
            Outcome::Missing(1)
        ));
    }

    #[test]
    fn places_without_values_or_weighted_values_are_unscored() {
        let values = vec![vec![None, value(3)], vec![None, None]];
        let scored = score(
            &[rule(0), rule(1)],
            &values,
            scoring(Missing::Reweight),
            Threads::available(),
        );
        assert!(matches!(scored[0].outcome, Outcome::NoData));
        assert!(matches!(scored[1].outcome, Outcome::NoWeightedValue));
        // Under `zero` the zero-weight value does not save the place from a score of 0.
        let scored = score(
            &[rule(0), rule(1)],
            &values,
            scoring(Missing::Zero),
            Threads::available(),
        );
        assert_eq!(rounded(&scored[1]), "0.0");
    }

    #[test]
    fn contributions_sum_to_the_exact_score() {
        let values = vec![vec![value(70), value(10)], vec![value(20), value(90)]];
        let scored = score(
            &[rule(60), rule(40)],
            &values,
            scoring(Missing::Reweight),
            Threads::available(),
        );
        // `values[indicator][place]`, `none` normalization: 0.6 × 70 + 0.4 × 20 = 50 and
        // 0.6 × 10 + 0.4 × 90 = 42.
        for (place, expected) in scored.iter().zip([50, 42]) {
            let sum: Exact = place.contributions.iter().flatten().sum();
            assert_eq!(sum, exact::from_integer(expected));
        }
        assert_eq!(rounded(&scored[0]), "50.0");
        assert_eq!(rounded(&scored[1]), "42.0");
    }

    #[test]
    fn thirds_round_as_exact_values_do() {
        // (1/3)·x + (2/3)·y with x = 0.5, y = 0.5 is exactly 0.5: half-up gives 1 at 0 places.
        let values = vec![
            vec![Some(exact::from_decimal(Decimal::new(5, 1)))],
            vec![Some(exact::from_decimal(Decimal::new(5, 1)))],
        ];
        let mut board = scoring(Missing::Reweight);
        board.decimals = 0;
        assert_eq!(
            rounded(&score(&[rule(1), rule(2)], &values, board, Threads::available())[0]),
            "1"
        );
    }
}
