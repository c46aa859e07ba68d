//! The robustness invariants on small random boards, against a brute-force oracle: every
//! rank over a fine grid of the weight box.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::linear::{self, Linear};
use super::model::Model;
use super::monte_carlo;
use super::polygon::Lattice;
use crate::exact::{self, Exact};
use crate::parallel::Threads;
use crate::score::{Aggregate, Rounding};

/// A small board: up to 6 places, up to 3 indicators.
#[derive(Clone, Debug)]
struct Board {
    /// `values[place][indicator]` in tenths, 0 to 100.
    values: Vec<Vec<i64>>,
    points: Vec<i64>,
    weights: Vec<i64>,
    sums: bool,
    decimals: u32,
    half_even: bool,
    last: Vec<bool>,
}

fn boards() -> impl Strategy<Value = Board> {
    (1usize..=3, 2usize..=6).prop_flat_map(|(k, n)| {
        (
            proptest::collection::vec(proptest::collection::vec(0i64..=1000, k), n),
            proptest::collection::vec(prop_oneof![3 => Just(0i64), 1 => -30i64..30], n),
            proptest::collection::vec(1i64..=10, k),
            any::<bool>(),
            0u32..=1,
            any::<bool>(),
            proptest::collection::vec(prop_oneof![5 => Just(false), 1 => Just(true)], n),
        )
            .prop_map(
                |(values, points, weights, sums, decimals, half_even, last)| Board {
                    values,
                    points,
                    weights,
                    sums,
                    decimals,
                    half_even,
                    last,
                },
            )
    })
}

impl Board {
    fn model(&self, weight_factor: i64) -> Model {
        let tenths = |v: i64| exact::from_decimal(Decimal::new(v, 1));
        Model::from_parts(
            self.values
                .iter()
                .map(|row| row.iter().map(|&v| Some(tenths(v))).collect())
                .collect(),
            self.points.iter().map(|&p| tenths(p)).collect(),
            &self
                .weights
                .iter()
                .map(|&w| Decimal::from(w * weight_factor))
                .collect::<Vec<_>>(),
            if self.sums {
                Aggregate::Sum
            } else {
                Aggregate::Mean
            },
            Lattice {
                decimals: self.decimals,
                rounding: if self.half_even {
                    Rounding::HalfEven
                } else {
                    Rounding::HalfUp
                },
            },
            self.last.clone(),
        )
    }
}

fn share(percent: i64) -> Exact {
    exact::div(&exact::from_integer(percent), &exact::from_integer(100))
}

/// Every weight vector of a grid of `steps + 1` points per weight over the box, corners
/// included.
fn grid(model: &Model, share: &Exact, steps: i64) -> Vec<Vec<Exact>> {
    let nominal = model.scorer.weights();
    let one = exact::from_integer(1);
    let mut grid: Vec<Vec<Exact>> = vec![Vec::new()];
    for weight in &nominal {
        let mut next = Vec::new();
        for partial in &grid {
            for step in 0..=steps {
                // 1 − share + 2·share·step/steps
                let offset = exact::div(
                    &exact::from_integer(2 * step - steps),
                    &exact::from_integer(steps),
                );
                let factor = exact::add(&one, &exact::mul(share, &offset));
                let mut weights = partial.clone();
                weights.push(exact::mul(weight, &factor));
                next.push(weights);
            }
        }
        grid = next;
    }
    grid
}

fn ranks_under(model: &Model, weights: &[Exact]) -> Vec<Option<u32>> {
    let scorer = model.scorer.with_weights(weights);
    model.ranks(
        &model
            .scores(&scorer, &model.normalized)
            .expect("scores fit"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The nominal rank, every Monte Carlo rank and every rank over a fine grid of the box
    /// lie within the exact bounds; a place necessarily above another is above it at every
    /// grid point and in every run.
    #[test]
    fn ranks_lie_within_the_exact_bounds(board in boards(), percent in prop_oneof![Just(10i64), Just(25), Just(60)]) {
        let model = board.model(1);
        let share = share(percent);
        let linear = Linear::new(&model, &share).expect("a flat board is linear");
        let bounds = linear::bounds(&linear, Threads::new(1)).expect("fits");
        let nominal = ranks_under(&model, &model.scorer.weights());
        let runs = monte_carlo::run(&model, Some(&linear), &share, 40, 9, false, Threads::new(2)).expect("runs");
        let points = grid(&model, &share, 6);
        let grid_ranks: Vec<Vec<Option<u32>>> = points.iter().map(|w| ranks_under(&model, w)).collect();
        for place in 0..model.len() {
            let extremes = &bounds[place];
            // The witnesses give the ranks claimed, by the board's own exact scorer.
            prop_assert_eq!(ranks_under(&model, &extremes.best_at)[place], Some(extremes.best));
            prop_assert_eq!(ranks_under(&model, &extremes.worst_at)[place], Some(extremes.worst));
            prop_assert!(extremes.best_bound <= extremes.best && extremes.worst <= extremes.worst_bound);
            let (best, worst) = (extremes.best_bound, extremes.worst_bound);
            let within = |rank: Option<u32>| rank.is_some_and(|rank| best <= rank && rank <= worst);
            prop_assert!(within(nominal[place]), "nominal {:?} outside {best}..{worst}", nominal[place]);
            for run in &runs[place] {
                prop_assert!(within(*run), "run {run:?} outside {best}..{worst}");
            }
            for ranks in &grid_ranks {
                prop_assert!(within(ranks[place]), "grid {:?} outside {best}..{worst}", ranks[place]);
            }
        }
        for i in 0..model.len() {
            for j in (0..model.len()).filter(|&j| j != i) {
                let (surely, _) = linear.above_for_tests(j, i);
                if surely {
                    for ranks in grid_ranks.iter().chain(std::iter::once(&nominal)) {
                        prop_assert!(ranks[j] < ranks[i]);
                    }
                    for (above, below) in runs[j].iter().zip(&runs[i]) {
                        prop_assert!(above < below);
                    }
                }
            }
        }
    }

    /// With no room to move, the bounds are the nominal rank; doubling every weight of a
    /// weighted mean changes neither the bounds nor a single Monte Carlo rank.
    #[test]
    fn no_room_gives_the_nominal_rank_and_scale_changes_nothing(mut board in boards()) {
        board.sums = false;
        let model = board.model(1);
        let nominal = ranks_under(&model, &model.scorer.weights());
        let still = Linear::new(&model, &share(0)).expect("linear");
        let bounds = linear::bounds(&still, Threads::new(1)).expect("fits");
        for place in 0..model.len() {
            prop_assert_eq!(Some(bounds[place].best), nominal[place]);
            prop_assert_eq!(Some(bounds[place].best_bound), nominal[place]);
            prop_assert_eq!(Some(bounds[place].worst), nominal[place]);
            prop_assert_eq!(Some(bounds[place].worst_bound), nominal[place]);
        }
        let doubled = board.model(2);
        let share = share(25);
        let once = Linear::new(&model, &share).expect("linear");
        let twice = Linear::new(&doubled, &share).expect("linear");
        let ranks = |linear: &Linear| -> Vec<(u32, u32, u32, u32)> {
            linear::bounds(linear, Threads::new(1))
                .expect("fits")
                .iter()
                .map(|e| (e.best, e.best_bound, e.worst, e.worst_bound))
                .collect()
        };
        prop_assert_eq!(ranks(&once), ranks(&twice));
        prop_assert_eq!(
            monte_carlo::run(&model, Some(&once), &share, 30, 3, false, Threads::new(1)).expect("runs"),
            monte_carlo::run(&doubled, Some(&twice), &share, 30, 3, false, Threads::new(1)).expect("runs")
        );
    }

    /// Values that do not fit machine integers (each scaled by a 40-digit square root, as a
    /// z-score's are) give, through their brackets, the bounds and the Monte Carlo ranks of the
    /// computation in rationals, and every score the brackets decide is the exact score.
    #[test]
    fn bracketed_values_give_the_exact_results(board in boards(), draws in proptest::collection::vec(0u64..=2 * monte_carlo::STEPS, 3)) {
        let plain = board.model(1);
        let root = exact::sqrt(&exact::from_integer(2));
        let scaled = |values: &[Vec<Option<Exact>>]| -> Vec<Vec<Option<Exact>>> {
            values.iter().map(|row| row.iter().map(|v| v.as_ref().map(|v| exact::mul(v, &root))).collect()).collect()
        };
        let model = Model::from_parts(
            scaled(&plain.normalized),
            plain.points.clone(),
            &board.weights.iter().map(|&w| Decimal::from(w)).collect::<Vec<_>>(),
            if board.sums { Aggregate::Sum } else { Aggregate::Mean },
            plain.lattice,
            board.last.clone(),
        );
        let share = share(25);
        let fast = Linear::new(&model, &share).expect("linear");
        prop_assert!(fast.is_bracketed_for_tests());
        let slow = Linear::new(&model, &share).expect("linear").in_rationals_for_tests();
        let ranks = |linear: &Linear| -> Vec<(u32, u32, u32, u32)> {
            linear::bounds(linear, Threads::new(1))
                .expect("fits")
                .iter()
                .map(|e| (e.best, e.best_bound, e.worst, e.worst_bound))
                .collect()
        };
        prop_assert_eq!(ranks(&fast), ranks(&slow));
        prop_assert_eq!(
            monte_carlo::run(&model, Some(&fast), &share, 30, 5, false, Threads::new(1)).expect("runs"),
            monte_carlo::run(&model, Some(&slow), &share, 30, 5, false, Threads::new(1)).expect("runs")
        );
        let nominal = model.scorer.weights();
        let draws = &draws[..nominal.len()];
        let bracketed = fast.draw_scores(&nominal, &share, draws, monte_carlo::STEPS).expect("fits");
        let weights = monte_carlo::weights_of(&nominal, &share, draws);
        let scorer = model.scorer.with_weights(&weights);
        let exact_scores = model.scores(&scorer, &model.normalized).expect("fits");
        for (decided, exact_score) in bracketed.iter().zip(&exact_scores) {
            if decided.is_some() {
                prop_assert_eq!(decided, exact_score);
            }
        }
    }

    /// The Monte Carlo's machine-integer scores of a linear board are the exact scores.
    #[test]
    fn integer_draws_score_as_the_exact_scorer(board in boards(), draws in proptest::collection::vec(0u64..=2 * monte_carlo::STEPS, 3)) {
        let model = board.model(1);
        let share = share(25);
        let linear = Linear::new(&model, &share).expect("linear");
        let nominal = model.scorer.weights();
        let draws = &draws[..nominal.len()];
        let fast: Vec<Decimal> = linear.draw_scores(&nominal, &share, draws, monte_carlo::STEPS).expect("fits").into_iter().map(|score| score.expect("decided")).collect();
        let weights = monte_carlo::weights_of(&nominal, &share, draws);
        let scorer = model.scorer.with_weights(&weights);
        let slow: Vec<Decimal> = model.scores(&scorer, &model.normalized).expect("fits").into_iter().flatten().collect();
        prop_assert_eq!(fast, slow);
    }
}

/// The example: I = (50, 50), J = (60, 41), K = (41, 60), weights 1/1 (±25 %),
/// no decimals. J and K each fall below I somewhere, but never together (J + K = 101: one of
/// them is at 50.5 or more and rounds to 51), so I's best rank is 2, not the pairwise 1.
#[test]
fn a_best_rank_needs_every_pair_at_once() {
    let board = Board {
        values: vec![vec![500, 500], vec![600, 410], vec![410, 600]],
        points: vec![0; 3],
        weights: vec![1, 1],
        sums: false,
        decimals: 0,
        half_even: false,
        last: vec![false; 3],
    };
    let model = board.model(1);
    let share = share(25);
    let linear = Linear::new(&model, &share).expect("linear");
    let extremes = linear::bounds(&linear, Threads::new(1)).expect("fits");
    let i = &extremes[0];
    assert_eq!((i.best, i.best_bound, i.worst, i.worst_bound), (2, 2, 3, 3));
    assert_eq!(ranks_under(&model, &i.best_at)[0], Some(2));
    // Each of J and K is first somewhere and third somewhere.
    for place in [1, 2] {
        let j = &extremes[place];
        assert_eq!((j.best, j.best_bound, j.worst, j.worst_bound), (1, 1, 3, 3));
    }
    // Over a fine grid, I is never first.
    assert!(
        grid(&model, &share, 40)
            .iter()
            .all(|w| ranks_under(&model, w)[0] >= Some(2))
    );
}

/// Against brute force: on small random boards the joint extremes are decided (witness and
/// bound agree), no point of a fine grid of the box goes beyond them, and the grid reaches
/// them (the rare misses are witnesses in slivers between grid points).
#[test]
fn joint_extremes_are_the_grid_extremes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[11; 32]),
    );
    let (mut extremes_seen, mut reached, mut pairwise_short) = (0u32, 0u32, 0u32);
    for _ in 0..150 {
        let board = boards().new_tree(&mut runner).expect("a board").current();
        let model = board.model(1);
        let share = share(25);
        let linear = Linear::new(&model, &share).expect("linear");
        let extremes = linear::bounds(&linear, Threads::new(1)).expect("fits");
        let ranks: Vec<Vec<Option<u32>>> = grid(&model, &share, 12)
            .iter()
            .map(|w| ranks_under(&model, w))
            .collect();
        for (place, extremes) in extremes.iter().enumerate() {
            assert_eq!(extremes.best, extremes.best_bound, "{board:?}: {place}");
            assert_eq!(extremes.worst, extremes.worst_bound, "{board:?}: {place}");
            let low = ranks.iter().filter_map(|r| r[place]).min().expect("ranked");
            let high = ranks.iter().filter_map(|r| r[place]).max().expect("ranked");
            assert!(
                extremes.best <= low && high <= extremes.worst,
                "{board:?}: {place}"
            );
            extremes_seen += 2;
            reached += u32::from(low == extremes.best) + u32::from(high == extremes.worst);
            // How often the pairwise count alone would have been wrong.
            let (surely, possibly) = (0..model.len())
                .filter(|&j| j != place)
                .map(|j| linear.above_for_tests(j, place))
                .fold((0, 0), |(s, p), (a, b)| {
                    (s + u32::from(a), p + u32::from(b))
                });
            pairwise_short +=
                u32::from(1 + surely != extremes.best) + u32::from(1 + possibly != extremes.worst);
        }
    }
    assert!(
        reached * 100 >= extremes_seen * 98,
        "{reached} of {extremes_seen} extremes reached on the grid ({pairwise_short} pairwise bounds not attained)"
    );
}

/// Tightness: over many seeded random boards, what the exact test says a pair can do, a
/// fine grid of the box finds it doing (the rare misses are witnesses in slivers between
/// grid points), and what it says a pair cannot do, no grid point does.
#[test]
fn pair_verdicts_are_attained_on_a_fine_grid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let (mut verdicts, mut attained) = (0u32, 0u32);
    for _ in 0..150 {
        let board = boards().new_tree(&mut runner).expect("a board").current();
        let model = board.model(1);
        let share = share(25);
        let linear = Linear::new(&model, &share).expect("linear");
        let ranks: Vec<Vec<Option<u32>>> = grid(&model, &share, 12)
            .iter()
            .map(|w| ranks_under(&model, w))
            .collect();
        for i in 0..model.len() {
            for j in (0..model.len()).filter(|&j| j != i) {
                let (surely, possibly) = linear.above_for_tests(j, i);
                let everywhere = ranks.iter().all(|r| r[j] < r[i]);
                let somewhere = ranks.iter().any(|r| r[j] < r[i]);
                // Soundness: no grid point contradicts a verdict.
                assert!(!surely || everywhere, "{board:?}: {j} surely above {i}");
                assert!(possibly || !somewhere, "{board:?}: {j} never above {i}");
                verdicts += 2;
                attained += u32::from(surely == everywhere) + u32::from(possibly == somewhere);
            }
        }
    }
    assert!(
        attained * 100 >= verdicts * 98,
        "{attained} of {verdicts} verdicts attained on the grid"
    );
}
