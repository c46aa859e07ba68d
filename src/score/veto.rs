//! Vetoes (一票否决): a condition that strikes a place whatever its score.

use rust_decimal::Decimal;

use super::{StreakRule, VetoEffect};
use crate::exact::{self, Exact};

/// One `[[boards.vetoes]]`, checked.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Veto {
    pub(crate) id: String,
    /// What the board shows: the spec's `reason`, else the id.
    pub(crate) reason: String,
    pub(crate) effect: VetoEffect,
    pub(crate) test: VetoTest,
}

/// When a veto strikes, on rows of the board's values. A missing value never strikes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum VetoTest {
    /// At least this many (row's) records.
    AtLeast(usize, Decimal),
    /// The row's value at most this.
    AtMost(usize, Decimal),
    /// A streak (`streak`): strikes when the place is on it (its row holds 1). The row
    /// follows the counts; the run fills it from the earlier periods' boards.
    Streak { row: usize, rule: StreakRule },
}

impl Veto {
    /// The streak that drives the veto, if one does.
    pub(crate) fn streak(&self) -> Option<StreakRule> {
        match self.test {
            VetoTest::Streak { rule, .. } => Some(rule),
            _ => None,
        }
    }

    /// Whether the veto strikes `place`.
    pub(crate) fn strikes(&self, values: &[Vec<Option<Exact>>], place: usize) -> bool {
        let value = |row: usize| {
            values
                .get(row)
                .and_then(|row| row.get(place).cloned().flatten())
        };
        match self.test {
            VetoTest::AtLeast(row, bound) => {
                value(row).is_some_and(|value| value >= exact::from_decimal(bound))
            }
            VetoTest::AtMost(row, bound) => {
                value(row).is_some_and(|value| value <= exact::from_decimal(bound))
            }
            VetoTest::Streak { row, .. } => {
                value(row).is_some_and(|value| value >= exact::from_integer(1))
            }
        }
    }
}
