//! Scoring: normalized indicator values, weighted level by level of the board's dimensions,
//! adjusted, bounded, as an exact rational, rounded once.
//!
//! Under `aggregate = "mean"` a dimension's score is Σ wᵢ·sᵢ ÷ Σ wᵢ over its children that
//! count (indicators and sub-dimensions; see [`Missing`]), and the board's score is the root's;
//! under `"sum"` it is Σ wᵢ·sᵢ, points that add up. Adjustments then add or take points, and
//! `floor`/`ceiling` bound the total. Everything up to the rounding is exact, so the published
//! score is the exact value of the formula rounded to the board's decimals: no 28-digit
//! intermediate can tip it across a rounding boundary.

mod adjust;
mod curve;
mod grade;
mod normalize;
mod rules;
mod veto;

pub use crate::exact::Rounding;
pub(crate) use adjust::{Adjustment, Units};
pub(crate) use curve::Curve;
pub(crate) use grade::{GradeRule, Grades};
pub(crate) use normalize::normalize;
pub(crate) use rules::StreakRule;
pub use rules::{AdjustmentKind, Aggregate, Better, Missing, Normalize, StreakList, VetoEffect};
pub(crate) use veto::{Veto, VetoTest};

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::exact::{self, Exact};
use crate::parallel::Threads;

/// What the scoring of one indicator needs from the spec.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub(crate) better: Better,
    pub(crate) normalize: Normalize,
    /// The fixed curve of `goalposts`, `curve` or `bands`.
    pub(crate) curve: Option<Curve>,
    pub(crate) weight: Decimal,
    /// The dimension it belongs to: 0 for the board itself, else `dimensions[d − 1]`.
    pub(crate) dimension: usize,
}

/// How a board's scores are formed and rounded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scoring {
    pub(crate) missing: Missing,
    pub(crate) decimals: u32,
    pub(crate) rounding: Rounding,
}

/// A dimension of a board: its dotted path, its weight within its parent and the parent
/// (0 for the board itself, else `dimensions[parent − 1]`, which comes before it).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DimensionRule {
    pub(crate) path: String,
    pub(crate) weight: Decimal,
    pub(crate) parent: usize,
}

/// A board's whole scheme of scoring, beyond its indicators' rules.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scheme<'a> {
    pub(crate) scoring: Scoring,
    pub(crate) aggregate: Aggregate,
    /// Parents before children.
    pub(crate) dimensions: &'a [DimensionRule],
    pub(crate) adjustments: &'a [Adjustment],
    pub(crate) floor: Option<Decimal>,
    pub(crate) ceiling: Option<Decimal>,
}

impl Scheme<'_> {
    /// A flat weighted mean without adjustments or bounds.
    #[cfg(test)]
    pub(crate) fn flat(scoring: Scoring) -> Scheme<'static> {
        Scheme {
            scoring,
            aggregate: Aggregate::Mean,
            dimensions: &[],
            adjustments: &[],
            floor: None,
            ceiling: None,
        }
    }
}

/// A dimension's part in a place's score.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Part {
    /// The dimension's own score (a weighted mean or sum of its children's).
    pub(crate) score: Exact,
    /// Its effective weight: the product of the shares (or weights, under `sum`) down the
    /// tree.
    pub(crate) share: Exact,
    /// share × score.
    pub(crate) contribution: Exact,
}

/// One place's score with its explanation.
#[derive(Clone, Debug)]
pub(crate) struct Scored {
    /// Per indicator: the normalized value, `None` where the value is missing.
    pub(crate) normalized: Vec<Option<Exact>>,
    /// Per indicator: its effective weight (the product of its weight's shares of the
    /// weights that count, level by level; of the weights themselves under `sum`), `None`
    /// for an indicator that does not count for this place. Shared by the places of one
    /// pattern of present values, whose shares are the same.
    pub(crate) shares: Arc<[Option<Exact>]>,
    /// Per indicator: share × normalized value; these sum to the aggregate.
    pub(crate) contributions: Vec<Option<Exact>>,
    /// Per dimension: its part, `None` where it does not count.
    pub(crate) dimensions: Vec<Option<Part>>,
    /// The aggregate before adjustments.
    pub(crate) aggregate: Option<Exact>,
    /// Per adjustment: the units counted and the points it adds (negative: takes).
    pub(crate) adjustments: Vec<(Exact, Exact)>,
    /// The score, or why there is none.
    pub(crate) outcome: Outcome,
}

/// A place's score, or why it has none.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    /// The score rounded to the board's decimals.
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

/// Scores every place: `values[i][p]` is value row `i` for place `p`; the first
/// `rules.len()` rows are the indicators', the others what adjustments count.
#[cfg(test)]
pub(crate) fn score(
    rules: &[Rule],
    values: &[Vec<Option<Exact>>],
    scheme: &Scheme<'_>,
    threads: Threads,
) -> Vec<Scored> {
    score_as(rules, values, scheme, threads, Detail::Explained)
}

/// How much of a place's score to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything an entry explains: shares, contributions, dimensions' parts.
    Explained,
    /// The outcome (and the normalized values) alone, for a period whose ranks and scores
    /// are all that is shown: the shares, contributions and parts are left empty.
    Outcome,
}

/// [`score`], keeping `detail` of each place's score; the outcome is the same either way.
pub(crate) fn score_as(
    rules: &[Rule],
    values: &[Vec<Option<Exact>>],
    scheme: &Scheme<'_>,
    threads: Threads,
    detail: Detail,
) -> Vec<Scored> {
    let places: Vec<usize> = (0..values.first().map_or(0, Vec::len)).collect();
    // Indicators, then places, over the cores: each is independent of the others.
    let normalized: Vec<Vec<Option<Exact>>> = threads.map(
        &rules.iter().zip(values).collect::<Vec<_>>(),
        |(rule, values)| {
            normalize::normalize(values, rule.better, rule.normalize, rule.curve.as_ref())
        },
    );
    let tree = Tree::new(rules, scheme);
    // The weights that count at each node, and so every share, depend only on which values
    // a place has: worked out once per pattern of present values, not once per place.
    let layouts = Layouts::of(&tree, &normalized, places.len());
    threads.map(&places, |&place| {
        let normalized: Vec<Option<Exact>> = normalized
            .iter()
            .map(|column| column[place].clone())
            .collect();
        let mut scored = match layouts.of_place(place) {
            Some(layout) => tree.score_laid_out(normalized, layout, detail),
            None => tree.score_place(normalized),
        };
        if let Some(aggregate) = scored.aggregate.clone() {
            adjust_and_bound(&mut scored, aggregate, scheme, values, place);
        }
        scored
    })
}

/// The [`Layout`]s of a board's places: one per pattern of present values.
struct Layouts {
    /// Per place: its pattern's layout, by position in `layouts` (none for a board of more
    /// than 64 indicators, whose places are scored without one).
    of_place: Vec<Option<usize>>,
    layouts: Vec<Layout>,
}

impl Layouts {
    fn of(tree: &Tree, normalized: &[Vec<Option<Exact>>], places: usize) -> Layouts {
        let mut layouts = Layouts {
            of_place: vec![None; places],
            layouts: Vec::new(),
        };
        if normalized.len() > 64 {
            return layouts;
        }
        let mut patterns: Vec<u64> = Vec::new();
        for place in 0..places {
            let pattern = normalized
                .iter()
                .enumerate()
                .filter(|(_, column)| column[place].is_some())
                .fold(0u64, |pattern, (index, _)| pattern | 1 << index);
            let known = patterns.iter().position(|&known| known == pattern);
            let index = known.unwrap_or_else(|| {
                patterns.push(pattern);
                let present: Vec<bool> = (0..normalized.len())
                    .map(|index| pattern & 1 << index != 0)
                    .collect();
                layouts.layouts.push(tree.layout(&present));
                patterns.len() - 1
            });
            layouts.of_place[place] = Some(index);
        }
        layouts
    }

    fn of_place(&self, place: usize) -> Option<&Layout> {
        self.of_place
            .get(place)
            .copied()
            .flatten()
            .and_then(|index| self.layouts.get(index))
    }
}

/// What a board's tree makes of one pattern of present values, whatever the values: the
/// total of the weights that count at each node, which nodes have a score, and the
/// effective weights (shares) of nodes and indicators.
struct Layout {
    /// Per node: the total of the weights that count there.
    totals: Vec<Exact>,
    /// Per node: whether it has a score.
    scored: Vec<bool>,
    /// Per node: its effective weight, `None` where it does not count.
    node_shares: Vec<Option<Exact>>,
    /// Per indicator: its effective weight, `None` where it does not count.
    shares: Arc<[Option<Exact>]>,
}

/// The weights of a board's tree, exactly: node 0 is the board, node d the dimension
/// `dimensions[d − 1]`.
#[derive(Clone)]
struct Tree {
    aggregate: Aggregate,
    missing: Missing,
    /// Per indicator: its weight and node.
    indicators: Vec<(Exact, usize)>,
    /// Per node but the board: its weight and parent.
    nodes: Vec<(Exact, usize)>,
}

impl Tree {
    fn new(rules: &[Rule], scheme: &Scheme<'_>) -> Tree {
        Tree {
            aggregate: scheme.aggregate,
            missing: scheme.scoring.missing,
            indicators: rules
                .iter()
                .map(|rule| (exact::from_decimal(rule.weight), rule.dimension))
                .collect(),
            nodes: scheme
                .dimensions
                .iter()
                .map(|dimension| (exact::from_decimal(dimension.weight), dimension.parent))
                .collect(),
        }
    }

    /// Whether a child with `value` counts at its parent: under `reweight` only with a value;
    /// under `zero` and `exclude` always (a missing value is 0), and under `sum` a missing
    /// value adds nothing either way.
    fn counts(&self, value: &Option<Exact>) -> bool {
        match self.missing {
            Missing::Reweight => value.is_some(),
            Missing::Zero | Missing::Exclude => true,
        }
    }

    /// Bottom up (children come after their parents): each node's score, `None` where it
    /// does not count, and the total of the weights that count there.
    fn node_scores(&self, normalized: &[Option<Exact>]) -> (Vec<Option<Exact>>, Vec<Exact>) {
        let count = self.nodes.len() + 1;
        let mut levels = vec![Level::default(); count];
        for (value, (weight, node)) in normalized.iter().zip(&self.indicators) {
            levels[*node].add(weight, value, self.counts(value), self.aggregate);
        }
        let mut scores: Vec<Option<Exact>> = vec![None; count];
        for node in (0..count).rev() {
            let level = &levels[node];
            scores[node] = match self.aggregate {
                _ if !level.present => None,
                Aggregate::Mean => {
                    (!level.total.is_zero()).then(|| exact::div(&level.sum, &level.total))
                }
                Aggregate::Sum => Some(level.sum.clone()),
            };
            if node > 0 {
                let (weight, parent) = &self.nodes[node - 1];
                let value = &scores[node];
                levels[*parent].add(weight, value, self.counts(value), self.aggregate);
            }
        }
        (
            scores,
            levels.into_iter().map(|level| level.total).collect(),
        )
    }

    /// The layout of a place whose values are present as `present` says (per indicator).
    /// The totals and which nodes count depend only on that, not on the values: they are
    /// worked out with zeros in the values' place.
    fn layout(&self, present: &[bool]) -> Layout {
        let zeros: Vec<Option<Exact>> = present
            .iter()
            .map(|&present| present.then_some(Exact::ZERO))
            .collect();
        let (scores, totals) = self.node_scores(&zeros);
        // A pattern with no score at the root leaves its places unscored: no share of theirs
        // is asked for (and the weights that count there may total zero).
        let (node_shares, shares) = match scores[0] {
            Some(_) => self.shares(&zeros, &scores, &totals),
            None => (Vec::new(), Vec::new()),
        };
        Layout {
            scored: scores.iter().map(Option::is_some).collect(),
            totals,
            node_shares,
            shares: shares.into(),
        }
    }

    /// Top down: each node's effective weight, then its indicators', as [`Tree::score_place`]
    /// works them out.
    fn shares(
        &self,
        normalized: &[Option<Exact>],
        scores: &[Option<Exact>],
        totals: &[Exact],
    ) -> (Vec<Option<Exact>>, Vec<Option<Exact>>) {
        let count = self.nodes.len() + 1;
        let share_in = |node: usize, weight: &Exact, shares: &[Option<Exact>]| {
            let parent = shares[node].as_ref()?;
            Some(match self.aggregate {
                Aggregate::Mean => exact::mul(parent, &exact::div(weight, &totals[node])),
                Aggregate::Sum => exact::mul(parent, weight),
            })
        };
        let mut node_shares: Vec<Option<Exact>> = vec![None; count];
        node_shares[0] = Some(exact::from_integer(1));
        for node in 1..count {
            let (weight, parent) = &self.nodes[node - 1];
            if self.counts(&scores[node]) {
                node_shares[node] = share_in(*parent, weight, &node_shares);
            }
        }
        let shares: Vec<Option<Exact>> = normalized
            .iter()
            .zip(&self.indicators)
            .map(|(value, (weight, node))| {
                self.counts(value)
                    .then(|| share_in(*node, weight, &node_shares))
                    .flatten()
            })
            .collect();
        (node_shares, shares)
    }

    /// Why a place of these normalized values gets no score before any is computed: no value
    /// at all, or (under `missing = "exclude"`) a value of positive weight missing.
    fn unscorable(&self, normalized: &[Option<Exact>]) -> Option<Outcome> {
        if normalized.iter().all(Option::is_none) {
            return Some(Outcome::NoData);
        }
        if self.missing == Missing::Exclude {
            return normalized
                .iter()
                .zip(&self.indicators)
                .position(|(value, (weight, _))| value.is_none() && !weight.is_zero())
                .map(Outcome::Missing);
        }
        None
    }

    /// A place left without a score for `outcome`: its values, and nothing worked out.
    fn unscored(&self, normalized: Vec<Option<Exact>>, outcome: Outcome) -> Scored {
        Scored {
            shares: vec![None; normalized.len()].into(),
            contributions: vec![None; normalized.len()],
            normalized,
            dimensions: vec![None; self.nodes.len()],
            aggregate: None,
            adjustments: Vec::new(),
            outcome,
        }
    }

    /// [`Tree::score_place`] with the place's layout worked out already: only the weighted
    /// sums, the nodes' scores and (for `Detail::Explained`) the contributions are the
    /// place's own.
    fn score_laid_out(
        &self,
        normalized: Vec<Option<Exact>>,
        layout: &Layout,
        detail: Detail,
    ) -> Scored {
        let dimensions = self.nodes.len();
        if let Some(outcome) = self.unscorable(&normalized) {
            return self.unscored(normalized, outcome);
        }
        if dimensions == 0 {
            return self.score_flat(normalized, layout, detail);
        }
        // Bottom up, as `node_scores`: a present value always counts, a missing one adds
        // nothing to a sum; the totals are the layout's.
        let count = dimensions + 1;
        let mut sums = vec![Exact::ZERO; count];
        for (value, (weight, node)) in normalized.iter().zip(&self.indicators) {
            if let Some(value) = value {
                sums[*node] = exact::add(&sums[*node], &exact::mul(weight, value));
            }
        }
        let mut scores: Vec<Option<Exact>> = vec![None; count];
        for node in (0..count).rev() {
            if layout.scored[node] {
                scores[node] = Some(match self.aggregate {
                    Aggregate::Mean => exact::div(&sums[node], &layout.totals[node]),
                    Aggregate::Sum => sums[node].clone(),
                });
            }
            if node > 0
                && let Some(score) = &scores[node]
            {
                let (weight, parent) = &self.nodes[node - 1];
                sums[*parent] = exact::add(&sums[*parent], &exact::mul(weight, score));
            }
        }
        let Some(aggregate) = scores[0].clone() else {
            return self.unscored(normalized, Outcome::NoWeightedValue);
        };
        laid_out_result(normalized, layout, &scores, aggregate, detail)
    }

    /// [`Tree::score_laid_out`] for a board without dimensions (the common case), whose one
    /// node is the board: the weighted sum in one value, no vectors of node sums and scores.
    fn score_flat(
        &self,
        normalized: Vec<Option<Exact>>,
        layout: &Layout,
        detail: Detail,
    ) -> Scored {
        let mut sum = Exact::ZERO;
        for (value, (weight, _)) in normalized.iter().zip(&self.indicators) {
            if let Some(value) = value {
                sum = exact::add(&sum, &exact::mul(weight, value));
            }
        }
        let (Some(true), Some(total)) = (layout.scored.first(), layout.totals.first()) else {
            return self.unscored(normalized, Outcome::NoWeightedValue);
        };
        let aggregate = match self.aggregate {
            Aggregate::Mean => exact::div(&sum, total),
            Aggregate::Sum => sum,
        };
        laid_out_result(normalized, layout, &[], aggregate, detail)
    }

    fn score_place(&self, normalized: Vec<Option<Exact>>) -> Scored {
        if let Some(outcome) = self.unscorable(&normalized) {
            return self.unscored(normalized, outcome);
        }
        let (scores, totals) = self.node_scores(&normalized);
        let Some(aggregate) = scores[0].clone() else {
            return self.unscored(normalized, Outcome::NoWeightedValue);
        };
        let (node_shares, shares) = self.shares(&normalized, &scores, &totals);
        explained(normalized, shares.into(), &node_shares, &scores, aggregate)
    }
}

/// The result of a place scored on a [`Layout`]: its outcome alone (`detail` says so), or
/// explained with the layout's shares and the nodes' `scores` (none for a board without
/// dimensions).
fn laid_out_result(
    normalized: Vec<Option<Exact>>,
    layout: &Layout,
    scores: &[Option<Exact>],
    aggregate: Exact,
    detail: Detail,
) -> Scored {
    if detail == Detail::Outcome {
        return outcome_only(normalized, aggregate);
    }
    explained(
        normalized,
        layout.shares.clone(),
        &layout.node_shares,
        scores,
        aggregate,
    )
}

/// A scored place whose shares, contributions and parts are not kept ([`Detail::Outcome`]).
fn outcome_only(normalized: Vec<Option<Exact>>, aggregate: Exact) -> Scored {
    Scored {
        normalized,
        shares: Arc::new([]),
        contributions: Vec::new(),
        dimensions: Vec::new(),
        aggregate: Some(aggregate),
        adjustments: Vec::new(),
        outcome: Outcome::NoData,
    }
}

/// A scored place with its explanation: each indicator's contribution (its share times its
/// normalized value) and each dimension's (its share times its score), from the shares and
/// node scores worked out for it.
fn explained(
    normalized: Vec<Option<Exact>>,
    shares: Arc<[Option<Exact>]>,
    node_shares: &[Option<Exact>],
    scores: &[Option<Exact>],
    aggregate: Exact,
) -> Scored {
    let contributions = shares
        .iter()
        .zip(&normalized)
        .map(|(share, value)| {
            let share = share.as_ref()?;
            Some(
                value
                    .as_ref()
                    .map_or(Exact::ZERO, |value| exact::mul(share, value)),
            )
        })
        .collect();
    let parts = (1..scores.len())
        .map(|node| {
            let share = node_shares.get(node)?.clone()?;
            let score = scores[node].clone().unwrap_or(Exact::ZERO);
            Some(Part {
                contribution: exact::mul(&share, &score),
                score,
                share,
            })
        })
        .collect();
    Scored {
        normalized,
        shares,
        contributions,
        dimensions: parts,
        aggregate: Some(aggregate),
        adjustments: Vec::new(),
        outcome: Outcome::NoData,
    }
}

/// The children of one node seen so far: Σ w·s and Σ w over those that count, and whether
/// one has a value (of positive weight, under `sum`).
#[derive(Clone)]
struct Level {
    sum: Exact,
    total: Exact,
    present: bool,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            sum: Exact::ZERO,
            total: Exact::ZERO,
            present: false,
        }
    }
}

impl Level {
    fn add(&mut self, weight: &Exact, value: &Option<Exact>, counts: bool, aggregate: Aggregate) {
        if counts {
            self.total = exact::add(&self.total, weight);
            if let Some(value) = value {
                self.sum = exact::add(&self.sum, &exact::mul(weight, value));
            }
        }
        self.present |= value.is_some() && (aggregate == Aggregate::Mean || !weight.is_zero());
    }
}

/// Adds the adjustments to `aggregate`, bounds the total by `floor` and `ceiling` and rounds
/// it once.
fn adjust_and_bound(
    scored: &mut Scored,
    aggregate: Exact,
    scheme: &Scheme<'_>,
    values: &[Vec<Option<Exact>>],
    place: usize,
) {
    scored.adjustments = scheme
        .adjustments
        .iter()
        .map(|adjustment| adjustment.points(values, place))
        .collect();
    let total = scored
        .adjustments
        .iter()
        .fold(aggregate, |total, (_, points)| exact::add(&total, points));
    let total = bound(total, scheme.floor, scheme.ceiling);
    let scoring = scheme.scoring;
    scored.outcome = match exact::round(&total, scoring.decimals, scoring.rounding) {
        Some(rounded) => Outcome::Scored { rounded },
        None => Outcome::Overflow,
    };
}

/// `total` within `floor` and `ceiling`.
fn bound(total: Exact, floor: Option<Decimal>, ceiling: Option<Decimal>) -> Exact {
    let total = match floor {
        Some(floor) => total.max(exact::from_decimal(floor)),
        None => total,
    };
    match ceiling {
        Some(ceiling) => total.min(exact::from_decimal(ceiling)),
        None => total,
    }
}

/// A board's scoring with its weights apart from its values, for analyses that score the
/// same normalized values under other weights (robustness): the same tree, the same
/// missing-value rule, the same bounds and rounding as [`score`].
#[derive(Clone)]
pub(crate) struct Scorer {
    tree: Tree,
    scoring: Scoring,
    floor: Option<Decimal>,
    ceiling: Option<Decimal>,
}

impl Scorer {
    /// The board's scoring with the spec's weights.
    pub(crate) fn new(rules: &[Rule], scheme: &Scheme<'_>) -> Scorer {
        Scorer {
            tree: Tree::new(rules, scheme),
            scoring: scheme.scoring,
            floor: scheme.floor,
            ceiling: scheme.ceiling,
        }
    }

    /// The indicators' weights, then the dimensions', as exact values.
    pub(crate) fn weights(&self) -> Vec<Exact> {
        self.tree
            .indicators
            .iter()
            .chain(&self.tree.nodes)
            .map(|(weight, _)| weight.clone())
            .collect()
    }

    /// How many indicators the weights begin with.
    pub(crate) fn indicator_count(&self) -> usize {
        self.tree.indicators.len()
    }

    /// The same scoring under other weights: the indicators', then the dimensions', in the
    /// order of [`Scorer::weights`].
    pub(crate) fn with_weights(&self, weights: &[Exact]) -> Scorer {
        let mut scorer = self.clone();
        let (indicators, dimensions) = weights.split_at(weights.len().min(self.indicator_count()));
        for ((weight, _), new) in scorer.tree.indicators.iter_mut().zip(indicators) {
            *weight = new.clone();
        }
        for ((weight, _), new) in scorer.tree.nodes.iter_mut().zip(dimensions) {
            *weight = new.clone();
        }
        scorer
    }

    /// The exact score before rounding of a place with these normalized values and these
    /// adjustment points, bounded; `None` when the place has no score (nothing counts, or
    /// under `exclude` a weighted value is missing).
    pub(crate) fn total(&self, normalized: &[Option<Exact>], points: &Exact) -> Option<Exact> {
        if self.tree.missing == Missing::Exclude
            && normalized
                .iter()
                .zip(&self.tree.indicators)
                .any(|(value, (weight, _))| value.is_none() && !weight.is_zero())
        {
            return None;
        }
        let (scores, _) = self.tree.node_scores(normalized);
        let aggregate = scores.into_iter().next().flatten()?;
        Some(bound(
            exact::add(&aggregate, points),
            self.floor,
            self.ceiling,
        ))
    }

    /// `total` rounded as the board rounds; `None` on overflow.
    pub(crate) fn round(&self, total: &Exact) -> Option<Decimal> {
        exact::round(total, self.scoring.decimals, self.scoring.rounding)
    }

    /// The board's rounding unit and mode: `decimals` places.
    pub(crate) fn scoring(&self) -> Scoring {
        self.scoring
    }

    /// Whether the board adds its indicators as points (`sum`) rather than averaging them.
    pub(crate) fn sums(&self) -> bool {
        self.tree.aggregate == Aggregate::Sum
    }

    /// Whether the board has dimensions.
    pub(crate) fn has_dimensions(&self) -> bool {
        !self.tree.nodes.is_empty()
    }

    /// Whether scores may be bounded by a floor or a ceiling.
    pub(crate) fn bounds(&self) -> (Option<Decimal>, Option<Decimal>) {
        (self.floor, self.ceiling)
    }

    /// The board's rule for missing values.
    pub(crate) fn missing(&self) -> Missing {
        self.tree.missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(weight: i64) -> Rule {
        Rule {
            better: Better::Higher,
            normalize: Normalize::None,
            curve: None,
            weight: Decimal::from(weight),
            dimension: 0,
        }
    }

    fn scoring(missing: Missing) -> Scheme<'static> {
        Scheme::flat(Scoring {
            missing,
            decimals: 1,
            rounding: Rounding::HalfUp,
        })
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
                    &scoring(Missing::Reweight),
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
                    &scoring(Missing::Zero),
                    Threads::available()
                )[0]
            ),
            "40.0"
        );
        assert!(matches!(
            score(
                &rules,
                &values,
                &scoring(Missing::Exclude),
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
            &scoring(Missing::Reweight),
            Threads::available(),
        );
        assert!(matches!(scored[0].outcome, Outcome::NoData));
        assert!(matches!(scored[1].outcome, Outcome::NoWeightedValue));
        // Under `zero` the zero-weight value does not save the place from a score of 0.
        let scored = score(
            &[rule(0), rule(1)],
            &values,
            &scoring(Missing::Zero),
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
            &scoring(Missing::Reweight),
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
        board.scoring.decimals = 0;
        assert_eq!(
            rounded(&score(&[rule(1), rule(2)], &values, &board, Threads::available())[0]),
            "1"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn scheme(dimensions: &[DimensionRule], aggregate: Aggregate) -> Scheme<'_> {
        Scheme {
            dimensions,
            aggregate,
            ..Scheme::flat(Scoring {
                missing: Missing::Reweight,
                decimals: 1,
                rounding: Rounding::HalfUp,
            })
        }
    }

    /// A tree of up to four dimensions (each under the board or an earlier one) and up to six
    /// indicators spread over them, every node holding an indicator of positive weight.
    fn trees() -> impl Strategy<Value = (Vec<DimensionRule>, Vec<Rule>)> {
        (0usize..4).prop_flat_map(|dimensions| {
            let parents: Vec<BoxedStrategy<usize>> =
                (0..dimensions).map(|index| (0..=index).boxed()).collect();
            (
                parents,
                proptest::collection::vec(1i64..50, dimensions),
                proptest::collection::vec((0..=dimensions, 1i64..50), 1..6),
            )
                .prop_map(move |(parents, weights, indicators)| {
                    let dimensions: Vec<DimensionRule> = parents
                        .iter()
                        .zip(&weights)
                        .enumerate()
                        .map(|(index, (&parent, &weight))| DimensionRule {
                            path: format!("d{index}"),
                            weight: Decimal::from(weight),
                            parent,
                        })
                        .collect();
                    let mut rules: Vec<Rule> = indicators
                        .iter()
                        .map(|&(dimension, weight)| Rule {
                            better: Better::Higher,
                            normalize: Normalize::None,
                            curve: None,
                            weight: Decimal::from(weight),
                            dimension,
                        })
                        .collect();
                    // Every dimension holds an indicator, as the spec requires.
                    for node in 1..=dimensions.len() {
                        if !rules.iter().any(|rule| rule.dimension == node) {
                            rules.push(Rule {
                                dimension: node,
                                ..rules[0].clone()
                            });
                        }
                    }
                    (dimensions, rules)
                })
        })
    }

    /// An exact value: small, negative, fractional, or beyond machine integers.
    fn values() -> impl Strategy<Value = Option<Exact>> {
        prop_oneof![
            1 => Just(None),
            3 => (-1000i64..1000, 1i64..60).prop_map(|(n, d)| Some(exact::from_integer(n) / &exact::from_integer(d))),
            1 => (1i64..1000, 1u32..40).prop_map(|(n, shift)| {
                let huge = exact::from_integer(i128::MAX) * &exact::from_integer(1i64 << shift);
                Some(huge / &exact::from_integer(n))
            }),
        ]
    }

    fn missing_rules() -> impl Strategy<Value = Missing> {
        prop_oneof![
            Just(Missing::Reweight),
            Just(Missing::Zero),
            Just(Missing::Exclude)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A place scored with its pattern's layout worked out once gets exactly what the
        /// plain formula gives it: the same outcome, aggregate, shares, contributions and
        /// parts, in every representation (machine or big integers), under every rule for
        /// missing values, both aggregates, with zero weights and dimensions.
        #[test]
        fn a_layout_scores_as_the_plain_formula(
            (dimensions, mut rules) in trees(),
            places in proptest::collection::vec(proptest::collection::vec(values(), 6), 8),
            zero_weight in proptest::option::of(0usize..6),
            missing in missing_rules(),
            sums in any::<bool>(),
        ) {
            // A weight of zero beside a positive one in its dimension (a dimension of zero
            // weights only has no shares to give).
            if let Some(index) = zero_weight.filter(|&index| index < rules.len()) {
                let dimension = rules[index].dimension;
                if rules.iter().filter(|rule| rule.dimension == dimension).count() > 1 {
                    rules[index].weight = Decimal::ZERO;
                }
            }
            let aggregate = if sums { Aggregate::Sum } else { Aggregate::Mean };
            let mut scheme = scheme(&dimensions, aggregate);
            scheme.scoring.missing = missing;
            let tree = Tree::new(&rules, &scheme);
            for place in &places {
                let normalized: Vec<Option<Exact>> =
                    (0..rules.len()).map(|index| place[index % 6].clone()).collect();
                let present: Vec<bool> = normalized.iter().map(Option::is_some).collect();
                let layout = tree.layout(&present);
                let plain = tree.score_place(normalized.clone());
                let laid_out = tree.score_laid_out(normalized.clone(), &layout, Detail::Explained);
                prop_assert_eq!(format!("{plain:?}"), format!("{laid_out:?}"));
                let outcome = tree.score_laid_out(normalized, &layout, Detail::Outcome);
                prop_assert_eq!(&plain.aggregate, &outcome.aggregate);
                prop_assert_eq!(format!("{:?}", plain.outcome), format!("{:?}", outcome.outcome));
            }
        }

        /// Under `mean`, the effective weights of a place with every value multiply out to 1,
        /// and the contributions sum to the aggregate.
        #[test]
        fn effective_weights_multiply_out((dimensions, rules) in trees(), seed in 0i64..1000) {
            let values: Vec<Vec<Option<Exact>>> = (0..rules.len())
                .map(|index| vec![Some(exact::from_integer((seed * 7 + index as i64 * 13) % 101))])
                .collect();
            let scored = score(&rules, &values, &scheme(&dimensions, Aggregate::Mean), Threads::available());
            let shares: Exact = scored[0].shares.iter().flatten().sum();
            prop_assert_eq!(shares, exact::from_integer(1));
            let contributions: Exact = scored[0].contributions.iter().flatten().sum();
            prop_assert_eq!(Some(contributions), scored[0].aggregate.clone());
        }

        /// A fixed curve scores a place from its own value: other places' values do not move it.
        #[test]
        fn a_fixed_curve_ignores_other_places(mine in 0i64..200, others in proptest::collection::vec(0i64..200, 1..6)) {
            let rule = Rule {
                better: Better::Higher,
                normalize: Normalize::Curve,
                curve: Some(Curve::Piecewise(vec![
                    (exact::from_integer(20), exact::from_integer(0)),
                    (exact::from_integer(70), exact::from_integer(50)),
                ])),
                weight: Decimal::ONE,
                dimension: 0,
            };
            let alone = vec![vec![Some(exact::from_integer(mine))]];
            let mut together = vec![Some(exact::from_integer(mine))];
            together.extend(others.iter().map(|&value| Some(exact::from_integer(value))));
            let flat = scheme(&[], Aggregate::Sum);
            let a = score(std::slice::from_ref(&rule), &alone, &flat, Threads::available());
            let b = score(&[rule], &[together], &flat, Threads::available());
            prop_assert_eq!(a[0].aggregate.clone(), b[0].aggregate.clone());
        }

        /// Grades by score are monotone: a higher score never gets a lower grade.
        #[test]
        fn grades_are_monotone_in_score(mut scores in proptest::collection::vec(0i64..1000, 1..20)) {
            let grades = Grades {
                rows: [("A", Some(900)), ("B", Some(600)), ("C", Some(300)), ("D", None)]
                    .iter()
                    .map(|&(name, min)| GradeRule {
                        name: name.to_owned(),
                        min: min.map(|min| Decimal::new(min, 1)),
                        share: None,
                    })
                    .collect(),
                by_share: false,
            };
            scores.sort_unstable_by(|a, b| b.cmp(a));
            let ranked: Vec<(Decimal, usize)> =
                scores.iter().enumerate().map(|(group, &score)| (Decimal::new(score, 1), group)).collect();
            let assigned = grades.assign(&ranked);
            prop_assert!(assigned.windows(2).all(|pair| pair[0] <= pair[1]));
        }
    }
}
