//! Measuring: records of a period, resolved to places, become one value per place and
//! indicator. Running totals grow with places × indicators, never with records.

mod filter;
mod match_memo;
mod measure_spec;
mod name_count;

pub(crate) use filter::{Conditions, Filter, Matches, Occurrences, Test};
pub(crate) use match_memo::MatchMemo;
pub(crate) use measure_spec::{Credits, MeasureSpec};
pub use name_count::NameCount;
pub(crate) use name_count::NameCounter;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact::{self, Exact};
use crate::places::Place;
use crate::source::kinds::{HOURS_TO_CLOSE, WORKING_HOURS_TO_CLOSE};

/// What an indicator measures of the records resolved to a place (`measure`).
///
/// | measure | value | with no records |
/// |---|---|---|
/// | `count` | how many | 0 |
/// | `rate` | count ÷ attribute `per` × `scale` | missing (also when the attribute is unknown, zero or negative) |
/// | `share` | 100 × (those also passing `of`) ÷ all | missing |
/// | `mean` | mean of column `field` (`hours_to_close`: closing time − time, in hours) | missing |
/// | `value` | a `table` source's value for (period, place, indicator) | missing |
/// | `on-time` | 100 × records closed by their deadline ÷ records due (the source's `deadline`) | missing |
/// | `overdue` | records due and not closed by their deadline | 0 |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Measure {
    /// How many records.
    Count,
    /// count ÷ a place attribute × scale.
    Rate,
    /// Percentage of the records that also pass `of`.
    Share,
    /// Mean of a numeric column.
    Mean,
    /// A pre-aggregated value from a `table` source.
    Value,
    /// Percentage of the records due that were closed by their deadline (按期结案率).
    OnTime,
    /// Records due and not closed by their deadline.
    Overdue,
}

impl Measure {
    /// The measure's name in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Count => "count",
            Measure::Rate => "rate",
            Measure::Share => "share",
            Measure::Mean => "mean",
            Measure::Value => "value",
            Measure::OnTime => "on-time",
            Measure::Overdue => "overdue",
        }
    }
}

/// Whether a record is counted, or taken back (when a repeated id turns out to stand for
/// another copy of the record).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delta {
    /// Count the record.
    Add,
    /// Take the record back.
    Remove,
}

impl Delta {
    /// Counts one more in `count`, or one fewer (never below zero).
    pub(crate) fn step(self, count: &mut u64) {
        match self {
            Delta::Add => *count += 1,
            Delta::Remove => *count = count.saturating_sub(1),
        }
    }
}

/// The running totals of one indicator in one period, one slot per place of the board's kind
/// (in gazetteer order).
#[derive(Clone, Debug)]
pub(crate) enum Totals {
    /// `count` and `rate`: how many records.
    Counts(Vec<u64>),
    /// `share` and `on-time`: (records also passing `of`, or closed by their deadline,
    /// records).
    Shares(Vec<(u64, u64)>),
    /// `share` with credits: (Σ credits of the records passing `of`, records).
    Credited(Vec<(Decimal, u64)>),
    /// `mean`: (sum, number of values).
    Means(Vec<(Decimal, u64)>),
    /// `value`: the table's value (a decimal or an exact ratio), if any.
    Values(Vec<Option<Exact>>),
}

impl Totals {
    /// Empty totals for `places` places.
    pub(crate) fn new(measure: &MeasureSpec, places: usize) -> Totals {
        match measure {
            MeasureSpec::Count | MeasureSpec::Rate { .. } | MeasureSpec::Overdue => {
                Totals::Counts(vec![0; places])
            }
            MeasureSpec::Share {
                credits: Some(_), ..
            } => Totals::Credited(vec![(Decimal::ZERO, 0); places]),
            MeasureSpec::Share { .. } | MeasureSpec::OnTime => Totals::Shares(vec![(0, 0); places]),
            MeasureSpec::Mean { .. } => Totals::Means(vec![(Decimal::ZERO, 0); places]),
            MeasureSpec::Value { .. } => Totals::Values(vec![None; places]),
        }
    }

    /// Counts one record for the place in slot `place` (or takes it back); `in_part` says
    /// whether it also passes a share's `of` filter.
    pub(crate) fn count(&mut self, place: usize, in_part: bool, delta: Delta) {
        let step = |n: &mut u64| delta.step(n);
        match self {
            Totals::Counts(counts) => step(&mut counts[place]),
            Totals::Shares(shares) => {
                let (part, whole) = &mut shares[place];
                step(whole);
                if in_part {
                    step(part);
                }
            }
            Totals::Means(_) | Totals::Values(_) | Totals::Credited(_) => {}
        }
    }

    /// Counts one record of a share with credits for the place in slot `place` (or takes it
    /// back): `credit` is what it earns the part (`None`: not in the part).
    pub(crate) fn credit(&mut self, place: usize, credit: Option<Decimal>, delta: Delta) {
        if let Totals::Credited(shares) = self {
            let (part, whole) = &mut shares[place];
            delta.step(whole);
            if let Some(credit) = credit {
                // Σ credits ≤ records < 2⁶⁴, far inside a decimal.
                *part = match delta {
                    Delta::Add => part.saturating_add(credit),
                    Delta::Remove => part.saturating_sub(credit).max(Decimal::ZERO),
                };
            }
        }
    }

    /// Adds `value` to a mean's sum (or takes it back); `false` if the sum would overflow a
    /// decimal.
    pub(crate) fn add(&mut self, place: usize, value: Decimal, delta: Delta) -> bool {
        if let Totals::Means(means) = self {
            let (sum, n) = &mut means[place];
            let total = match delta {
                Delta::Add => sum.checked_add(value),
                Delta::Remove => sum.checked_sub(value),
            };
            match total {
                Some(total) => {
                    *sum = total;
                    delta.step(n);
                }
                None => return false,
            }
        }
        true
    }

    /// Adds the totals `other` kept of other records of the same places. `false` if a sum would
    /// overflow a decimal (whoever merges makes sure it cannot).
    pub(crate) fn absorb(&mut self, other: &Totals) -> bool {
        match (self, other) {
            (Totals::Counts(counts), Totals::Counts(more)) => {
                counts.iter_mut().zip(more).for_each(|(n, more)| *n += more);
            }
            (Totals::Shares(shares), Totals::Shares(more)) => {
                for ((part, whole), (more_part, more_whole)) in shares.iter_mut().zip(more) {
                    *part += more_part;
                    *whole += more_whole;
                }
            }
            (Totals::Credited(shares), Totals::Credited(more)) => {
                for ((part, whole), (more_part, more_whole)) in shares.iter_mut().zip(more) {
                    *part = part.saturating_add(*more_part);
                    *whole += more_whole;
                }
            }
            (Totals::Means(means), Totals::Means(more)) => {
                for ((sum, n), (more_sum, more_n)) in means.iter_mut().zip(more) {
                    match sum.checked_add(*more_sum) {
                        Some(total) => *sum = total,
                        None => return false,
                    }
                    *n += more_n;
                }
            }
            // Table values are never read in parts.
            _ => {}
        }
        true
    }

    /// Sets a table value.
    pub(crate) fn set(&mut self, place: usize, value: Option<Exact>) {
        if let Totals::Values(values) = self {
            values[place] = value;
        }
    }

    /// The value of each place, exact, `None` where missing; `places` are the places the
    /// slots stand for (for `rate` attributes).
    pub(crate) fn values(&self, measure: &MeasureSpec, places: &[&Place]) -> Vec<Option<Exact>> {
        match (self, measure) {
            (Totals::Counts(counts), MeasureSpec::Rate { per, scale }) => {
                // The scale once, not per place.
                let scale = exact::from_decimal(*scale);
                counts
                    .iter()
                    .zip(places)
                    .map(|(&count, place)| {
                        let attribute = place.attribute(per).filter(|a| *a > Decimal::ZERO)?;
                        Some(exact::div(
                            &exact::mul(&exact::from_integer(count), &scale),
                            &exact::from_decimal(attribute),
                        ))
                    })
                    .collect()
            }
            (Totals::Counts(counts), _) => counts
                .iter()
                .map(|&count| Some(exact::from_integer(count)))
                .collect(),
            (Totals::Shares(shares), _) => shares
                .iter()
                .map(|&(part, whole)| {
                    (whole > 0).then(|| {
                        exact::div(
                            &exact::from_integer(u128::from(part) * 100),
                            &exact::from_integer(whole),
                        )
                    })
                })
                .collect(),
            (Totals::Credited(shares), _) => shares
                .iter()
                .map(|&(part, whole)| {
                    (whole > 0).then(|| {
                        exact::div(
                            &exact::mul(&exact::from_decimal(part), &exact::from_integer(100)),
                            &exact::from_integer(whole),
                        )
                    })
                })
                .collect(),
            (Totals::Means(means), measure) => {
                // `hours_to_close` sums seconds, exactly: hours are seconds ÷ 3600.
                let unit: u32 = match measure {
                    MeasureSpec::Mean { field }
                        if matches!(
                            crate::name::normalize(field).as_ref(),
                            HOURS_TO_CLOSE | WORKING_HOURS_TO_CLOSE
                        ) =>
                    {
                        3600
                    }
                    _ => 1,
                };
                means
                    .iter()
                    .map(|&(sum, n)| {
                        (n > 0).then(|| {
                            exact::div(
                                &exact::from_decimal(sum),
                                &exact::from_integer(u128::from(unit) * u128::from(n)),
                            )
                        })
                    })
                    .collect()
            }
            // A table's value per attribute (how `livability sql` hands over a rate: the count,
            // divided here as a record source's rate is).
            (
                Totals::Values(values),
                MeasureSpec::Value {
                    per: Some((per, scale)),
                    ..
                },
            ) => values
                .iter()
                .zip(places)
                .map(|(value, place)| {
                    let attribute = place.attribute(per).filter(|a| *a > Decimal::ZERO)?;
                    Some(exact::div(
                        &exact::mul(value.as_ref()?, &exact::from_decimal(*scale)),
                        &exact::from_decimal(attribute),
                    ))
                })
                .collect(),
            (Totals::Values(values), _) => values.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::PlaceKind;

    fn show(values: Vec<Option<Exact>>) -> Vec<Option<String>> {
        values
            .into_iter()
            .map(|value| value.map(|v| exact::to_nearest_decimal(&v).unwrap().to_string()))
            .collect()
    }

    #[test]
    fn rates_divide_by_the_attribute_and_miss_without_one() {
        let places = [
            Place::new("a", PlaceKind::Road, "a").with_attribute("km", Decimal::new(15, 1)),
            Place::new("b", PlaceKind::Road, "b"),
            Place::new("c", PlaceKind::Road, "c").with_attribute("km", Decimal::ZERO),
            Place::new("d", PlaceKind::Road, "d").with_attribute("km", Decimal::from(3)),
        ];
        let places: Vec<&Place> = places.iter().collect();
        let measure = MeasureSpec::Rate {
            per: "km".into(),
            scale: Decimal::from(10),
        };
        let mut totals = Totals::new(&measure, 4);
        for place in [0, 0, 0, 1, 3] {
            totals.count(place, false, Delta::Add);
        }
        assert_eq!(
            show(totals.values(&measure, &places)),
            [
                Some("20".into()),
                None,
                None,
                Some("3.3333333333333333333333333333".into())
            ]
        );
    }

    #[test]
    fn shares_and_means_miss_without_records_and_counts_do_not() {
        let share = MeasureSpec::Share {
            credits: None,
            exclude: None,
            of: Filter::default(),
        };
        let mut shares = Totals::new(&share, 2);
        shares.count(0, true, Delta::Add);
        shares.count(0, false, Delta::Add);
        shares.count(0, false, Delta::Add);
        shares.count(1, true, Delta::Add);
        shares.count(1, true, Delta::Remove);
        assert_eq!(
            show(shares.values(&share, &[])),
            [Some("33.333333333333333333333333333".into()), None]
        );
        let mean = MeasureSpec::Mean {
            field: "score".into(),
        };
        let mut means = Totals::new(&mean, 2);
        assert!(means.add(1, Decimal::new(905, 1), Delta::Add));
        assert!(means.add(1, Decimal::from(80), Delta::Add));
        assert!(means.add(1, Decimal::from(70), Delta::Add));
        assert!(means.add(1, Decimal::from(70), Delta::Remove));
        assert_eq!(show(means.values(&mean, &[])), [None, Some("85.25".into())]);
        let count = MeasureSpec::Count;
        assert_eq!(
            show(Totals::new(&count, 1).values(&count, &[])),
            [Some("0".into())]
        );
    }

    #[test]
    fn a_sum_past_the_decimal_range_is_refused() {
        let mean = MeasureSpec::Mean {
            field: "score".into(),
        };
        let mut means = Totals::new(&mean, 1);
        assert!(means.add(0, Decimal::MAX, Delta::Add));
        assert!(!means.add(0, Decimal::ONE, Delta::Add));
    }
}
