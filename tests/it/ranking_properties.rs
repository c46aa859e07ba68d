//! Property tests of scoring and ranking over random boards with many ties.

use crate::common;

use std::collections::HashMap;

use common::{BoardCase, METHODS, board_case};
use livability::schemes::Entry;
use livability::{Board, Format, schemes::Rank};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use proptest::prelude::*;
use rust_decimal::Decimal;

const ALL: &[&str] = &["min-max", "z-score", "rank", "none"];
const EXACT: &[&str] = &["min-max", "rank", "none"];
const SCALE_FREE: &[&str] = &["min-max", "rank"];

/// The entries by place name.
fn by_place(board: &Board) -> HashMap<&str, &Entry> {
    board
        .entries
        .iter()
        .map(|entry| (entry.place.as_str(), entry))
        .collect()
}

/// Whether `a` is strictly better than `b`: a higher published score, or an equal one and a
/// better value of the first tie-breaker that differs (a missing value being worst).
fn strictly_better(case: &BoardCase, a: &Entry, b: &Entry) -> bool {
    if a.score != b.score {
        return a.score > b.score;
    }
    for &index in &case.tie_breakers {
        let (x, y) = (a.indicators[index].value, b.indicators[index].value);
        if x != y {
            return match (x, y) {
                (Some(x), Some(y)) => (x > y) == (case.indicators[index].better == "higher"),
                (Some(_), None) => true,
                _ => false,
            };
        }
    }
    false
}

fn equal(case: &BoardCase, a: &Entry, b: &Entry) -> bool {
    !strictly_better(case, a, b) && !strictly_better(case, b, a)
}

fn rank_number(rank: Rank) -> Decimal {
    rank.to_decimal()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn competition_rank_is_one_plus_the_places_strictly_better(case in board_case(ALL)) {
        let case = case.with_method("competition");
        let board = case.board();
        for entry in &board.entries {
            let better = board.entries.iter().filter(|other| strictly_better(&case, other, entry)).count();
            prop_assert_eq!(entry.rank, Rank::whole(better as u64 + 1));
        }
    }

    #[test]
    fn the_five_methods_agree_with_each_other(case in board_case(ALL)) {
        let boards: HashMap<&str, Board> = METHODS.iter().map(|m| (*m, case.with_method(m).board())).collect();
        let competition = by_place(&boards["competition"]);
        let n = competition.len();
        // Dense ranks are contiguous from 1.
        let mut dense: Vec<Decimal> = boards["dense"].entries.iter().map(|e| rank_number(e.rank)).collect();
        dense.dedup();
        let expected: Vec<Decimal> = (1..=dense.len()).map(Decimal::from).collect();
        prop_assert_eq!(dense, expected);
        // Ordinal ranks are a permutation of 1..n.
        let mut ordinal: Vec<Decimal> = boards["ordinal"].entries.iter().map(|e| rank_number(e.rank)).collect();
        ordinal.sort();
        prop_assert_eq!(ordinal, (1..=n).map(Decimal::from).collect::<Vec<_>>());
        let mut fractional_sum = Decimal::ZERO;
        for entry in &boards["modified"].entries {
            let competition_rank = rank_number(competition[entry.place.as_str()].rank);
            let group = boards["competition"].entries.iter().filter(|e| equal(&case, e, entry)).count();
            // Modified = competition + group size - 1.
            prop_assert_eq!(rank_number(entry.rank), competition_rank + Decimal::from(group) - Decimal::ONE);
            // Fractional = (competition + modified) / 2.
            let fractional = by_place(&boards["fractional"])[entry.place.as_str()].rank;
            prop_assert_eq!(rank_number(fractional) * Decimal::TWO, competition_rank + rank_number(entry.rank));
            fractional_sum += rank_number(fractional);
        }
        prop_assert_eq!(fractional_sum * Decimal::TWO, Decimal::from(n * (n + 1)));
    }

    #[test]
    fn tied_exactly_when_a_rank_is_shared(case in board_case(ALL)) {
        let board = case.board();
        for entry in &board.entries {
            let shared = board.entries.iter().filter(|other| other.rank == entry.rank).count() > 1;
            prop_assert_eq!(entry.tied, shared);
        }
    }

    #[test]
    fn ties_are_equality_of_what_is_published_so_they_chain(case in board_case(ALL)) {
        // Same published score and tie-breakers: same tie group (same competition rank), for
        // every pair; so a~b and b~c give a~c, which no tolerance would.
        let case = case.with_method("competition");
        let board = case.board();
        for a in &board.entries {
            for b in &board.entries {
                prop_assert_eq!(equal(&case, a, b), a.rank == b.rank);
                for c in &board.entries {
                    if a.rank == b.rank && b.rank == c.rank {
                        prop_assert!(equal(&case, a, c));
                    }
                }
            }
        }
    }

    #[test]
    fn top_keeps_every_place_within_the_cut_and_no_other(case in board_case(ALL)) {
        let board = case.board();
        for entry in &board.entries {
            let within = case.top.is_none_or(|top| rank_number(entry.rank) <= Decimal::from(top));
            prop_assert_eq!(entry.listed, within);
        }
    }

    #[test]
    fn output_does_not_depend_on_row_order(case in board_case(ALL), seed in any::<u64>()) {
        let mut rows = case.rows();
        let mut state = seed;
        for index in (1..rows.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            rows.swap(index, (state >> 33) as usize % (index + 1));
        }
        let ordered = case.rank_rows(case.rows());
        let shuffled = case.rank_rows(rows);
        for format in Format::ALL {
            prop_assert_eq!(ordered.to_string_as(format), shuffled.to_string_as(format));
        }
    }

    #[test]
    fn improving_a_value_never_worsens_the_rank(
        case in board_case(EXACT),
        place in any::<prop::sample::Index>(),
        indicator in any::<prop::sample::Index>(),
        step in 1i64..=30,
    ) {
        let case = case.with_method("competition");
        let place = place.index(case.places);
        let indicator = indicator.index(case.indicators.len());
        let Some(value) = case.indicators[indicator].values[place] else { return Ok(()) };
        let mut improved = case.clone();
        let step = Decimal::new(step, 1);
        improved.indicators[indicator].values[place] =
            Some(if case.indicators[indicator].better == "higher" { value + step } else { value - step });
        let name = format!("P{place}");
        let before = case.board();
        let after = improved.board();
        if let Some(before) = by_place(&before).get(name.as_str()) {
            let after = by_place(&after)[name.as_str()].rank;
            prop_assert!(after <= before.rank, "{} fell from {} to {}", name, before.rank, after);
        }
    }

    #[test]
    fn scaling_a_min_max_or_rank_indicator_changes_nothing(
        case in board_case(SCALE_FREE),
        indicator in any::<prop::sample::Index>(),
        factor in prop::sample::select(vec![Decimal::TWO, Decimal::TEN, Decimal::new(5, 1), Decimal::new(25, 0)]),
    ) {
        let indicator = indicator.index(case.indicators.len());
        let mut scaled = case.clone();
        for value in scaled.indicators[indicator].values.iter_mut().flatten() {
            *value *= factor;
        }
        let outcome = |board: &Board| -> Vec<(String, Rank, Decimal, bool, bool)> {
            board.entries.iter().map(|e| (e.place.clone(), e.rank, e.score, e.tied, e.listed)).collect()
        };
        prop_assert_eq!(outcome(&case.board()), outcome(&scaled.board()));
    }

    #[test]
    fn scores_agree_with_an_exact_rational_oracle(case in board_case(EXACT)) {
        let board = case.board();
        let scores = by_place(&board);
        for (place, expected) in oracle(&case).into_iter().enumerate() {
            let name = format!("P{place}");
            match expected {
                Some(expected) => prop_assert_eq!(scores.get(name.as_str()).map(|e| e.score), Some(expected)),
                None => prop_assert!(board.unranked.iter().any(|u| u.place == name)),
            }
        }
    }
}

// ----- the oracle: DESIGN.md's formulas, over num-rational, written independently -----

fn rational(value: Decimal) -> BigRational {
    BigRational::new(
        BigInt::from(value.mantissa()),
        BigInt::from(10).pow(value.scale()),
    )
}

fn normalized(case: &BoardCase, indicator: usize) -> Vec<Option<BigRational>> {
    let spec = &case.indicators[indicator];
    let values: Vec<Option<BigRational>> = spec.values.iter().map(|v| v.map(rational)).collect();
    let present: Vec<&BigRational> = values.iter().flatten().collect();
    let hundred = BigRational::from_integer(100.into());
    let higher = spec.better == "higher";
    values
        .iter()
        .map(|value| {
            let x = value.as_ref()?;
            Some(match spec.normalize {
                "min-max" => {
                    let min = present.iter().min().unwrap();
                    let max = present.iter().max().unwrap();
                    if min == max {
                        hundred.clone()
                    } else if higher {
                        &hundred * (x - *min) / (*max - *min)
                    } else {
                        &hundred * (*max - x) / (*max - *min)
                    }
                }
                "rank" => {
                    let worse = present
                        .iter()
                        .filter(|y| if higher { **y < x } else { **y > x })
                        .count();
                    if present.len() == 1 {
                        hundred.clone()
                    } else {
                        &hundred * BigRational::from_integer(worse.into())
                            / BigRational::from_integer((present.len() - 1).into())
                    }
                }
                "none" => {
                    if higher {
                        x.clone()
                    } else {
                        -x.clone()
                    }
                }
                other => unreachable!("{other}"),
            })
        })
        .collect()
}

/// Each place's published score, `None` when unranked.
fn oracle(case: &BoardCase) -> Vec<Option<Decimal>> {
    let columns: Vec<Vec<Option<BigRational>>> = (0..case.indicators.len())
        .map(|i| normalized(case, i))
        .collect();
    (0..case.places)
        .map(|place| {
            let values: Vec<Option<&BigRational>> = columns
                .iter()
                .map(|column| column[place].as_ref())
                .collect();
            if values.iter().all(Option::is_none) {
                return None;
            }
            let weight = |i: usize| BigRational::from_integer(case.indicators[i].weight.into());
            let counted: Vec<usize> = (0..values.len())
                .filter(|&i| case.missing != "reweight" || values[i].is_some())
                .collect();
            if case.missing == "exclude"
                && (0..values.len()).any(|i| values[i].is_none() && case.indicators[i].weight > 0)
            {
                return None;
            }
            let total: BigRational = counted.iter().map(|&i| weight(i)).sum();
            if total.is_zero() {
                return None;
            }
            let sum: BigRational = counted
                .iter()
                .map(|&i| weight(i) * values[i].cloned().unwrap_or_else(BigRational::zero))
                .sum();
            Some(round(&(sum / total), case.decimals, case.rounding))
        })
        .collect()
}

fn round(value: &BigRational, decimals: u32, rounding: &str) -> Decimal {
    let scaled = value.abs() * BigRational::from_integer(BigInt::from(10).pow(decimals));
    let floor = scaled.floor();
    let fraction = &scaled - &floor;
    let half = BigRational::new(1.into(), 2.into());
    let mut magnitude = floor.to_integer();
    let odd = (&magnitude % BigInt::from(2)) != BigInt::zero();
    if fraction > half || (fraction == half && (rounding == "half-up" || odd)) {
        magnitude += 1;
    }
    let signed = if value.is_negative() {
        -magnitude
    } else {
        magnitude
    };
    Decimal::from_i128_with_scale(signed.to_i128().unwrap(), decimals)
}
