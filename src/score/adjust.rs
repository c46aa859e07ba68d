//! Adjustments (加分/扣分): points added or taken after aggregation, per record of a filtered
//! count or per unit of an indicator's value, capped.

use rust_decimal::Decimal;

use super::{AdjustmentKind, StreakRule};
use crate::exact::{self, Exact};

/// One `[[boards.adjustments]]`, checked.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Adjustment {
    pub(crate) id: String,
    pub(crate) kind: AdjustmentKind,
    /// Points per unit.
    pub(crate) points: Decimal,
    /// The most points it gives or takes in all.
    pub(crate) cap: Option<Decimal>,
    pub(crate) units: Units,
}

/// What an adjustment counts, as rows of the board's values.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Units {
    /// Records passing the filter (row `count`); those whose multiplied column holds a value
    /// of `multiplied` (row, factor) count `factor` times.
    Records {
        count: usize,
        multiplied: Vec<(usize, Decimal)>,
    },
    /// The raw value of an indicator (its row); a missing value counts 0 units.
    Indicator(usize),
    /// A streak (`streak`): 1 unit when the place is on it (its row holds 1), else 0. The
    /// row follows the counts; the run fills it from the earlier periods' boards.
    Streak { row: usize, rule: StreakRule },
}

impl Adjustment {
    /// The streak that drives the adjustment, if one does.
    pub(crate) fn streak(&self) -> Option<StreakRule> {
        match self.units {
            Units::Streak { rule, .. } => Some(rule),
            _ => None,
        }
    }

    /// The units counted for `place` and the points they add (negative for a deduction).
    pub(crate) fn points(&self, values: &[Vec<Option<Exact>>], place: usize) -> (Exact, Exact) {
        let value = |row: usize| {
            values
                .get(row)
                .and_then(|row| row.get(place).cloned().flatten())
                .unwrap_or(Exact::ZERO)
        };
        let units = match &self.units {
            Units::Indicator(row) | Units::Streak { row, .. } => value(*row),
            Units::Records { count, multiplied } => {
                // Each multiplied record is already counted once among all.
                multiplied
                    .iter()
                    .fold(value(*count), |units, (row, factor)| {
                        let extra =
                            exact::sub(&exact::from_decimal(*factor), &exact::from_integer(1));
                        exact::add(&units, &exact::mul(&value(*row), &extra))
                    })
            }
        };
        let mut points = exact::mul(&units, &exact::from_decimal(self.points));
        if let Some(cap) = self.cap {
            points = points.min(exact::from_decimal(cap));
        }
        let points = match self.kind {
            AdjustmentKind::Bonus => points,
            AdjustmentKind::Deduct => -&points,
        };
        (units, points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_cases_count_double_and_the_cap_holds() {
        // 7 reworked cases, 2 of them exposed in the media: 9 units × 0.2 = 1.8 points taken.
        let values = vec![
            vec![Some(exact::from_integer(7))],
            vec![Some(exact::from_integer(2))],
        ];
        let mut rework = Adjustment {
            id: "rework".to_owned(),
            kind: AdjustmentKind::Deduct,
            points: Decimal::new(2, 1),
            cap: None,
            units: Units::Records {
                count: 0,
                multiplied: vec![(1, Decimal::from(2))],
            },
        };
        let (units, points) = rework.points(&values, 0);
        assert_eq!(units, exact::from_integer(9));
        assert_eq!(points, exact::from_decimal(Decimal::new(-18, 1)));
        rework.cap = Some(Decimal::ONE);
        assert_eq!(rework.points(&values, 0).1, exact::from_integer(-1));
        // A place without records, or a period without a value, takes nothing.
        assert_eq!(rework.points(&[vec![None], vec![None]], 0).1, Exact::ZERO);
    }
}
