//! Checks of the keys of deadlines and service rates: the calendar file, `work_hours`,
//! `as_of`, a source's `deadline` and `deadline_by`, and a share's credits and exclusions.
//! All before any record is read.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::DateTime;
use rust_decimal::Decimal;

use super::Checker;
use crate::calendar::{Calendar, Deadline, WorkHours};
use crate::error::{Conflict, ErrorKind, Result, shorten};
use crate::measure::Filter;
use crate::spec::raw::{OfPart, RawSource};
use crate::spec::{Credits, Deadlines};

/// The column a deadline is chosen by when the spec does not say.
const DEFAULT_DEADLINE_COLUMN: &str = "category";

impl Checker<'_> {
    /// China's calendar, with the years of the spec's `calendar` file (read now: a malformed
    /// file is an error naming its line before any record is read).
    pub(super) fn calendar(&self, raw: Option<&str>, folder: &Path) -> Result<Calendar> {
        let china = Calendar::china();
        match raw {
            None => Ok(china.clone()),
            Some(file) => Ok(china
                .clone()
                .with_years_of(&Calendar::from_path(folder.join(file))?)),
        }
    }

    /// `work_hours`, or the default working day.
    pub(super) fn work_hours(&self, raw: Option<&[String]>) -> Result<WorkHours> {
        match raw {
            None => Ok(WorkHours::default()),
            Some(windows) => WorkHours::parse(windows)
                .map_err(|(index, kind)| self.error(format!("work_hours[{index}]"), kind)),
        }
    }

    /// `as_of`: a time, or a date (its end).
    pub(super) fn as_of(&self, raw: Option<&str>) -> Result<Option<DateTime>> {
        let Some(text) = raw else { return Ok(None) };
        let time = crate::source::field::time(text)
            .ok()
            .flatten()
            .ok_or_else(|| {
                self.error(
                    "as_of",
                    ErrorKind::SpecValue {
                        found: format!("\"{}\"", shorten(text)),
                        expected:
                            "a date or a time, such as \"2024-11-05\" or \"2024-11-05 18:00\""
                                .to_owned(),
                    },
                )
            })?;
        // A date alone stands for the whole day.
        let date_only = !text.trim().contains([' ', 'T', ':']);
        Ok(Some(if date_only {
            time.date().at(23, 59, 59, 999_999_999)
        } else {
            time
        }))
    }

    /// A source's `deadline` table (by the value of `deadline_by`), each deadline read now.
    pub(super) fn deadlines(&self, key: &str, raw: &RawSource) -> Result<Option<Deadlines>> {
        let Some(table) = &raw.deadline else {
            if raw.deadline_by.is_some() {
                return Err(self.error(
                    format!("{key}.deadline_by"),
                    ErrorKind::UnusedKey {
                        key: "deadline_by".to_owned(),
                        context: "without `deadline`".to_owned(),
                    },
                ));
            }
            return Ok(None);
        };
        if table.is_empty() {
            return Err(self.error(
                format!("{key}.deadline"),
                ErrorKind::SpecValue {
                    found: "an empty table".to_owned(),
                    expected: "deadlines such as { default = \"5 working days\", \"咨询\" = \"2 working days\" }".to_owned(),
                },
            ));
        }
        let mut default = None;
        let mut values = Vec::new();
        for (value, text) in table {
            let deadline: Deadline = text.parse().map_err(|error: crate::error::Error| {
                self.error(format!("{key}.deadline.{value}"), error.kind().clone())
            })?;
            if value == "default" {
                default = Some(deadline);
            } else {
                values.push((crate::name::normalize(value).into_owned(), deadline));
            }
        }
        let column = raw
            .deadline_by
            .clone()
            .unwrap_or_else(|| DEFAULT_DEADLINE_COLUMN.to_owned());
        if column.trim().is_empty() {
            return Err(self.error(
                format!("{key}.deadline_by"),
                ErrorKind::SpecValue {
                    found: "an empty column name".to_owned(),
                    expected: "the column whose value picks the deadline".to_owned(),
                },
            ));
        }
        Ok(Some(Deadlines {
            column,
            values,
            default,
        }))
    }

    /// A share's `of`: the filter of the part, and the credits of the one column whose values
    /// it gives as a table (`{ "满意" = 1, "基本满意" = 0.9 }`).
    pub(super) fn share_part(
        &self,
        key: &str,
        raw: &BTreeMap<String, OfPart>,
    ) -> Result<(Filter, Option<Credits>)> {
        let mut plain = BTreeMap::new();
        let mut credits: Option<Credits> = None;
        let mut filter = Filter::default();
        for (column, value) in raw {
            let table = match value {
                OfPart::Credits(table) => table,
                OfPart::Plain(value) => {
                    plain.insert(column.clone(), value.clone());
                    continue;
                }
            };
            let column_key = format!("{key}.{column}");
            if let Some(first) = &credits {
                return Err(self.conflict(
                    column_key,
                    Conflict::CreditsTwice {
                        column: shorten(&first.column),
                    },
                ));
            }
            let mut values = Vec::with_capacity(table.len());
            for (name, credit) in table {
                let credit_key = format!("{column_key}.{name}");
                // Read from the digits as written, as weights are: no binary float, no
                // exponent, and a number too long for a decimal is an error, not rounded.
                let credit = self.decimal(&credit_key, credit)?;
                if credit < Decimal::ZERO || credit > Decimal::ONE {
                    return Err(self.error(
                        &credit_key,
                        ErrorKind::SpecValue {
                            found: shorten(&credit.to_string()),
                            expected: "a credit from 0 to 1".to_owned(),
                        },
                    ));
                }
                values.push((crate::name::normalize(name).into_owned(), credit));
            }
            if values.is_empty() {
                return Err(self.error(
                    &column_key,
                    ErrorKind::SpecValue {
                        found: "an empty table".to_owned(),
                        expected: "values with their credits, such as { \"满意\" = 1, \"基本满意\" = 0.9 }".to_owned(),
                    },
                ));
            }
            // The part holds the values credited, a credit of 0 too: the credit decides.
            filter.require(
                column,
                values.iter().map(|(value, _)| value.clone()).collect(),
            );
            credits = Some(Credits {
                column: column.clone(),
                values,
            });
        }
        let plain = self.filter(key, &plain)?;
        for condition in plain.conditions() {
            filter.require(&condition.column, condition.values.clone());
        }
        Ok((filter, credits))
    }
}
