//! The rules a spec sets for turning indicator values into a score: which direction is
//! better, how values are normalized and what a missing value does (how the score rounds is
//! `exact::Rounding`, beside the arithmetic that rounds).

use serde::Deserialize;

/// Which direction of an indicator's value is better (`better` in the spec).
///
/// ```
/// use livability::schemes::Better;
/// assert_eq!(Better::default(), Better::Higher);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Better {
    /// More is better: household satisfaction, sanitation scores. This is the default.
    #[default]
    Higher,
    /// Less is better: complaints, incidents, cases per km.
    Lower,
}

/// How an indicator's values are put on a common scale before weighting (`normalize`).
///
/// Normalization runs over the board's places that have a value. Worked example for values
/// 2, 4, 10 with `better = "higher"`:
///
/// | method | 2 | 4 | 10 |
/// |---|---|---|---|
/// | `min-max` (default) | 0 | 25 | 100 |
/// | `z-score` | −0.98 | −0.39 | 1.37 |
/// | `rank` | 0 | 50 | 100 |
/// | `none` | 2 | 4 | 10 |
///
/// The fixed curves (`goalposts`, `curve`, `bands`) score a place from its own value alone,
/// so their scores compare across months; the spec gives their points with the key of the
/// same name, which is enough to choose them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Normalize {
    /// 100 × (x − min) ÷ (max − min), mirrored for `better = "lower"`; all equal → 100.
    /// This is the default.
    #[default]
    MinMax,
    /// (x − mean) ÷ population standard deviation, sign flipped for lower; sd = 0 → 0.
    ZScore,
    /// 100 × (number of places strictly worse) ÷ (n − 1); a single place → 100.
    Rank,
    /// The value itself, for indicators that are already scores; negated for
    /// `better = "lower"`, so that a higher normalized value is always better.
    None,
    /// `goalposts = [lo, hi]`: 100 × (x − lo) ÷ (hi − lo), clamped to 0..100, mirrored for
    /// `better = "lower"`.
    Goalposts,
    /// `curve = [[x₁, p₁], [x₂, p₂], …]`: piecewise linear through the points, flat beyond
    /// the ends.
    Curve,
    /// `bands = [[t₁, p₁], [t₂, p₂], …]`: the points of the first row whose threshold the
    /// value reaches in the `better` direction, `else` below them all.
    Bands,
}

impl Normalize {
    /// The name the spec writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Normalize::MinMax => "min-max",
            Normalize::ZScore => "z-score",
            Normalize::Rank => "rank",
            Normalize::None => "none",
            Normalize::Goalposts => "goalposts",
            Normalize::Curve => "curve",
            Normalize::Bands => "bands",
        }
    }
}

/// How a board combines its indicators' normalized values (`aggregate`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Aggregate {
    /// Σ wᵢ·nᵢ ÷ Σ wᵢ, level by level of the dimensions: a weighted mean. The default.
    #[default]
    Mean,
    /// Σ wᵢ·nᵢ, weights multiplied down the dimensions: points that add up, as in
    /// 100-point schemes. A missing value adds nothing.
    Sum,
}

/// Whether an adjustment adds points or takes them (`kind` of `[[boards.adjustments]]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AdjustmentKind {
    /// 加分: points added.
    Bonus,
    /// 扣分: points taken.
    Deduct,
}

/// What a veto (一票否决) does to the place it strikes (`effect` of `[[boards.vetoes]]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum VetoEffect {
    /// The place is left unranked, with the veto's reason.
    Unranked,
    /// The place is ranked after every place no veto strikes.
    Last,
    /// The place is ranked as usual and graded one grade lower.
    Demote,
}

/// What a missing indicator value does to a place's score (`missing`).
///
/// A place with no value for any indicator is unranked whatever the policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Missing {
    /// Weights are divided by the sum of the weights of the indicators the place has:
    /// a place scored 80 on one of two equally weighted indicators scores 80. The default.
    #[default]
    Reweight,
    /// A missing normalized value counts as 0: the same place scores 40.
    Zero,
    /// The place is unranked if it misses any indicator of positive weight.
    Exclude,
}

/// Which list a streak stays on (`list` of a `streak` rule; the board's flags say both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StreakList {
    /// The board's list (`top`): 连续N期上榜. The spec may write `上榜`.
    #[serde(alias = "上榜")]
    Listed,
    /// The board's worst list (`bottom` or `below`): 连续N期末位. The spec may write `末位`.
    #[serde(alias = "末位")]
    Worst,
}

impl StreakList {
    /// The name the spec writes.
    pub fn as_str(self) -> &'static str {
        match self {
            StreakList::Listed => "listed",
            StreakList::Worst => "worst",
        }
    }
}

/// A streak an adjustment or a veto is driven by (`streak = { list = "worst", periods = 3 }`):
/// the place was on `list` in each of the last `periods` periods, up to the one ranked, as the
/// boards of those periods stand before any streak rule (连续3个月排名末位).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StreakRule {
    pub(crate) list: StreakList,
    pub(crate) periods: u8,
}
