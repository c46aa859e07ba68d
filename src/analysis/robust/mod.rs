//! How sure a board is: each place's rank over every weight within a box around the spec's
//! weights (exact bounds), under weights drawn from that box (a seeded Monte Carlo), and with
//! each indicator or dimension left out.
//!
//! Everything is computed from the board's normalized values, kept in memory: no record is
//! read again, and a draw is one exact scoring of each ranked place and one ranking. Ranks
//! here are competition ranks (1 + the places ranked before), judged on rounded scores with
//! the board's tie-breakers and vetoes, whatever rank method the board prints.

mod fixed;
mod joint;
mod leave_out;
mod linear;
mod model;
mod monte_carlo;
mod polygon;

use rust_decimal::Decimal;
use serde::Serialize;

pub(crate) use model::Model;
pub(crate) use monte_carlo::{GENERATOR, STEPS};

use crate::board::Board;
use crate::error::{AnalysisOption, Error, ErrorKind, Location, Result};
use crate::exact::{self, Exact};
use crate::parallel::Threads;
use crate::period::Period;
use crate::score::Normalize;

/// What a robustness analysis varies and how often: weights within ±`weights` % of the
/// spec's (default 25 %), `runs` Monte Carlo draws (default 1,000) from `seed` (default 1),
/// and, when asked, the normalization of relative indicators as well.
///
/// ```
/// let options = livability::analysis::RobustnessOptions::new().weights_percent(10.into()).runs(200).seed(7);
/// assert_eq!(options.runs_count(), 200);
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct RobustnessOptions {
    weights: Decimal,
    runs: u32,
    seed: u64,
    normalizations: bool,
}

impl Default for RobustnessOptions {
    fn default() -> RobustnessOptions {
        RobustnessOptions {
            weights: Decimal::from(25),
            runs: 1000,
            seed: 1,
            normalizations: false,
        }
    }
}

impl RobustnessOptions {
    /// ±25 % of each weight, 1,000 runs, seed 1, normalizations as the spec has them.
    pub fn new() -> RobustnessOptions {
        RobustnessOptions::default()
    }

    /// How far each weight may move, in percent of itself: from 0 up to (not including) 100.
    pub fn weights_percent(mut self, percent: Decimal) -> RobustnessOptions {
        self.weights = percent;
        self
    }

    /// How many Monte Carlo draws (at least 1).
    pub fn runs(mut self, runs: u32) -> RobustnessOptions {
        self.runs = runs;
        self
    }

    /// The generator's seed: the same seed gives the same draws on every machine.
    pub fn seed(mut self, seed: u64) -> RobustnessOptions {
        self.seed = seed;
        self
    }

    /// Whether each draw also picks one of min-max, z-score and rank for the board's relative
    /// indicators (fixed curves and `none` stay). Ranks then may leave the exact bounds, which
    /// vary weights only.
    pub fn normalizations(mut self, vary: bool) -> RobustnessOptions {
        self.normalizations = vary;
        self
    }

    /// The percentage.
    pub fn percent(&self) -> Decimal {
        self.weights
    }

    /// The number of runs.
    pub fn runs_count(&self) -> u32 {
        self.runs
    }

    /// The seed.
    pub fn seed_value(&self) -> u64 {
        self.seed
    }

    /// Whether normalizations vary.
    pub fn varies_normalizations(&self) -> bool {
        self.normalizations
    }

    /// Checks the settings: a percentage from 0 to below 100, at least one run.
    pub fn check(&self) -> Result<()> {
        let bad = |option| Err(Error::new(ErrorKind::Option(option), Location::Unknown));
        if self.weights.is_sign_negative() || self.weights >= Decimal::ONE_HUNDRED {
            return bad(AnalysisOption::WeightRange {
                percent: self.weights.normalize(),
            });
        }
        if self.runs == 0 {
            return bad(AnalysisOption::NoRuns);
        }
        Ok(())
    }

    fn share(&self) -> Exact {
        exact::div(
            &exact::from_decimal(self.weights),
            &exact::from_integer(100),
        )
    }
}

/// How sure the boards are.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Robustness {
    /// The period ranked.
    pub period: Period,
    /// What was varied.
    pub options: RobustnessOptions,
    /// The Monte Carlo's generator.
    pub generator: &'static str,
    /// Each weight's factor is drawn from this many evenly spaced values over the box.
    pub factors: u64,
    /// Per board, in spec order.
    pub boards: Vec<BoardRobustness>,
    /// The language of its table (the spec's `lang`; a caller may set another, as `--lang`
    /// does). CSV and JSON do not depend on it.
    #[serde(skip)]
    pub language: crate::lang::Language,
}

/// How sure one board is.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct BoardRobustness {
    /// The board's id.
    pub board: String,
    /// Its title.
    pub title: String,
    /// Places with rank ≤ `top` are listed.
    pub top: Option<u32>,
    /// Why the exact bounds are not given (the score is not linear in the weights); `None`
    /// when they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds_note: Option<String>,
    /// Why the board is not analysed at all (an improvement board); its places are empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// The normalizations drawn from, when they vary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub normalizations: Vec<Normalize>,
    /// What each `without` rank leaves out: the indicators, then the dimensions.
    pub left_out: Vec<String>,
    /// What a reader sees for each of `left_out`: its display name (the indicator's
    /// `label`, the dimension's `dimension_labels`), else its id or path.
    #[serde(skip)]
    pub left_out_names: Vec<String>,
    /// Each ranked place, in the board's order.
    pub places: Vec<PlaceRobustness>,
}

/// How sure one place's rank is.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PlaceRobustness {
    /// The place's id.
    pub place_id: String,
    /// Its name.
    pub place: String,
    /// Its competition rank under the spec's weights.
    pub rank: u32,
    /// The best rank that some weight vector in the box gives (a witness, scored exactly),
    /// when the bounds are given. Exact when it equals `best_bound`.
    pub best: Option<u32>,
    /// The worst rank that some weight vector in the box gives, as `best`.
    pub worst: Option<u32>,
    /// No weight vector in the box gives a better rank than this (proved); `best` when the
    /// search decided every rank between.
    pub best_bound: Option<u32>,
    /// No weight vector in the box gives a worse rank than this, as `best_bound`.
    pub worst_bound: Option<u32>,
    /// The median rank over the runs in which it had a score (halves possible).
    pub median: Option<Decimal>,
    /// The 5th percentile of its ranks (nearest rank: the ⌈5 % · runs⌉-th best).
    pub p5: Option<u32>,
    /// The 95th percentile of its ranks (the ⌈95 % · runs⌉-th best).
    pub p95: Option<u32>,
    /// In how many runs it was listed (rank ≤ the board's `top`; every run without a `top`).
    pub listed_runs: u32,
    /// `listed_runs ÷ runs`, rounded half-up to 4 places.
    pub listed: Decimal,
    /// Its rank with each of `left_out` left out (weight 0); `None` where it then has no
    /// score.
    pub without: Vec<Option<u32>>,
}

/// Analyses one board from its model; `board` is the made board, for its order and names.
pub(crate) fn analyze(
    model: Option<&Model>,
    board: &Board,
    options: &RobustnessOptions,
    threads: Threads,
) -> Result<BoardRobustness> {
    let mut result = BoardRobustness {
        board: board.id.clone(),
        title: board.title.clone(),
        top: board.top,
        bounds_note: None,
        skipped: None,
        normalizations: Vec::new(),
        left_out: Vec::new(),
        left_out_names: Vec::new(),
        places: Vec::new(),
    };
    let Some(model) = model else {
        result.skipped = Some(
            "an improvement board ranks changes of scores, whose weights move both periods: \
             not analysed"
                .to_owned(),
        );
        return Ok(result);
    };
    let share = options.share();
    let nominal = model.ranks(&model.scores(&model.scorer, &model.normalized)?);
    let linear = linear::Linear::new(model, &share);
    let bounds = match &linear {
        Ok(linear) => {
            let bounds = linear::bounds(linear, threads);
            if bounds.is_none() {
                result.bounds_note = Some("a score does not fit a decimal".to_owned());
            }
            bounds
        }
        Err(note) => {
            result.bounds_note = Some(note.clone());
            None
        }
    };
    let runs = monte_carlo::run(
        model,
        linear.as_ref().ok(),
        &share,
        options.runs,
        options.seed,
        options.normalizations,
        threads,
    )?;
    if options.normalizations {
        result.normalizations = model
            .alternatives
            .iter()
            .map(|(method, _)| *method)
            .collect();
    }
    let without = leave_out::without(model)?;
    result.left_out = model.labels.clone();
    result.left_out_names = model
        .labels
        .iter()
        .map(|label| board.shown_name_of(label).to_owned())
        .collect();
    let slot_of_place: std::collections::HashMap<&str, usize> = model
        .ids
        .iter()
        .enumerate()
        .map(|(slot, id)| (id.as_str(), slot))
        .collect();
    for entry in &board.entries {
        let Some(&slot) = slot_of_place.get(entry.place_id.as_str()) else {
            continue;
        };
        let mut ranks: Vec<u32> = runs[slot].iter().flatten().copied().collect();
        ranks.sort_unstable();
        let listed_runs = ranks
            .iter()
            .filter(|&&rank| board.top.is_none_or(|top| rank <= top))
            .count() as u32;
        result.places.push(PlaceRobustness {
            place_id: entry.place_id.clone(),
            place: entry.place.clone(),
            rank: nominal[slot].unwrap_or_default(),
            best: bounds.as_ref().map(|bounds| bounds[slot].best),
            worst: bounds.as_ref().map(|bounds| bounds[slot].worst),
            best_bound: bounds.as_ref().map(|bounds| bounds[slot].best_bound),
            worst_bound: bounds.as_ref().map(|bounds| bounds[slot].worst_bound),
            median: median(&ranks),
            p5: percentile(&ranks, 5),
            p95: percentile(&ranks, 95),
            listed_runs,
            listed: (Decimal::from(listed_runs) / Decimal::from(options.runs))
                .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
            without: without.iter().map(|ranks| ranks[slot]).collect(),
        });
    }
    Ok(result)
}

/// The median of sorted ranks: the middle one, or the mean of the two middle ones.
fn median(sorted: &[u32]) -> Option<Decimal> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        Decimal::from(sorted[n / 2])
    } else {
        ((Decimal::from(sorted[n / 2 - 1]) + Decimal::from(sorted[n / 2])) / Decimal::TWO)
            .normalize()
    })
}

/// The nearest-rank percentile of sorted ranks: the ⌈p % · n⌉-th.
fn percentile(sorted: &[u32], percent: usize) -> Option<u32> {
    let n = sorted.len();
    let position = (percent * n).div_ceil(100).max(1);
    sorted.get(position - 1).copied()
}

#[cfg(test)]
mod tests;
