//! How an exact score becomes a decimal of a board's places: the rounding rule a spec names.

use serde::Deserialize;

/// How the exact score is rounded to the board's `decimals` (`rounding`).
///
/// ```text
///             2.25  2.35  -2.25   (decimals = 1)
/// half-up      2.3   2.4   -2.3
/// half-even    2.2   2.4   -2.2
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Rounding {
    /// 四舍五入: a half rounds away from zero, as Excel's ROUND does. The default.
    #[default]
    HalfUp,
    /// A half rounds to the even neighbour (banker's rounding).
    HalfEven,
}
