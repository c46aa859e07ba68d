//! Deadlines as rules write them: `5 working days`, `4 working hours`, `15 days`, `2 hours`
//! (or `5个工作日`, `4个工作小时`, `15天`, `2小时`), and when a record received at a time is
//! due under one.
//!
//! How they count, decided from the rules that govern them:
//! - Working days: the day of receipt is not counted (受理当日不计入); the deadline is the end
//!   of the n-th working day after it. So a ticket received on Friday 27 September 2024 with
//!   3 working days is due by the end of Tuesday 8 October (Sunday the 29th and Monday the
//!   30th are worked, 1–7 October is the National Day holiday).
//! - Days: as the Civil Code counts a period in days (arts. 201 and 203): the day of receipt
//!   not counted, and a last day that is not a working day moves to the next working day.
//! - Working hours: the working time of the calendar's working days within `work_hours`,
//!   from the moment of receipt (a record received outside them starts at the next working
//!   hour); the deadline is the moment the hours are used up.
//! - Hours: clock hours from the moment of receipt.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{DateTime, Time};
use rust_decimal::Decimal;

use super::{Calendar, WorkHours};
use crate::error::{Error, ErrorKind, Location, Result};

/// A deadline rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Deadline {
    /// By the end of the n-th working day after the day of receipt.
    WorkingDays(u32),
    /// After this many working hours (exactly, in whole nanoseconds).
    WorkingHours(Decimal),
    /// By the end of the n-th day after the day of receipt, moved to the next working day.
    Days(u32),
    /// After this many clock hours.
    Hours(Decimal),
}

/// What a deadline may be written as, for messages.
const DEADLINE_FORMS: &str =
    "a deadline such as \"5 working days\", \"4 working hours\", \"15 days\" or \"2 hours\"";

impl FromStr for Deadline {
    type Err = Error;

    fn from_str(text: &str) -> Result<Deadline> {
        let bad = || {
            Error::new(
                ErrorKind::BadValue {
                    value: crate::error::shorten(text),
                    expected: DEADLINE_FORMS.to_owned(),
                },
                Location::Unknown,
            )
        };
        let normalized = crate::name::normalize(text).to_lowercase();
        let digits = normalized
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(normalized.len());
        let (number, unit) = normalized.split_at(digits);
        let unit = unit.trim();
        let number = Decimal::from_str_exact(number).map_err(|_| bad())?;
        if number.is_sign_negative() {
            return Err(bad());
        }
        let whole = || {
            (number.fract().is_zero())
                .then(|| u32::try_from(number.mantissa() / 10i128.pow(number.scale())).ok())
                .flatten()
                .filter(|&n| n <= 3_000)
                .ok_or_else(bad)
        };
        let hours = || {
            // Whole nanoseconds, and at most a year of hours.
            let nanoseconds = number.checked_mul(Decimal::from(3_600_000_000_000i64));
            (nanoseconds.is_some_and(|n| n.fract().is_zero()) && number <= Decimal::from(8_784))
                .then_some(number)
                .ok_or_else(bad)
        };
        match unit {
            "working day" | "working days" | "个工作日" | "工作日" => {
                Ok(Deadline::WorkingDays(whole()?))
            }
            "working hour" | "working hours" | "个工作小时" | "工作小时" => {
                Ok(Deadline::WorkingHours(hours()?))
            }
            "day" | "days" | "天" | "日" | "个自然日" | "自然日" => {
                Ok(Deadline::Days(whole()?))
            }
            "hour" | "hours" | "小时" | "个小时" => Ok(Deadline::Hours(hours()?)),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deadline::WorkingDays(n) => write!(f, "{n} working days"),
            Deadline::WorkingHours(h) => write!(f, "{h} working hours"),
            Deadline::Days(n) => write!(f, "{n} days"),
            Deadline::Hours(h) => write!(f, "{h} hours"),
        }
    }
}

/// The last moment of a day.
const END_OF_DAY: Time = Time::constant(23, 59, 59, 999_999_999);

impl Deadline {
    /// The last moment a record received at `received` is on time: closed at or before it.
    pub fn due(
        &self,
        received: DateTime,
        calendar: &Calendar,
        hours: &WorkHours,
    ) -> Result<DateTime> {
        match *self {
            Deadline::WorkingDays(n) => Ok(calendar
                .add_working_days(received.date(), n)?
                .to_datetime(END_OF_DAY)),
            Deadline::Days(n) => {
                let span = jiff::Span::new()
                    .try_days(i64::from(n))
                    .map_err(|_| overflow(received))?;
                let last = received
                    .date()
                    .checked_add(span)
                    .map_err(|_| overflow(received))?;
                Ok(calendar.working_day_from(last)?.to_datetime(END_OF_DAY))
            }
            Deadline::WorkingHours(h) => hours.add(received, nanoseconds(h), calendar),
            Deadline::Hours(h) => {
                let span = jiff::SignedDuration::try_from_nanos_i128(nanoseconds(h))
                    .ok_or_else(|| overflow(received))?;
                received.checked_add(span).map_err(|_| overflow(received))
            }
        }
    }
}

/// Hours as whole nanoseconds (checked when the deadline was read).
fn nanoseconds(hours: Decimal) -> i128 {
    let nanoseconds = hours.saturating_mul(Decimal::from(3_600_000_000_000i64));
    nanoseconds.mantissa() / 10i128.pow(nanoseconds.scale())
}

fn overflow(received: DateTime) -> Error {
    Error::new(
        ErrorKind::Overflow {
            what: format!("a deadline counted from {received}"),
        },
        Location::Unknown,
    )
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn deadlines_read_as_written() {
        let read = |text: &str| text.parse::<Deadline>().map(|d| d.to_string());
        assert_eq!(read("5 working days").unwrap(), "5 working days");
        assert_eq!(read("5个工作日").unwrap(), "5 working days");
        assert_eq!(read("4 Working Hours").unwrap(), "4 working hours");
        assert_eq!(read("1.5 hours").unwrap(), "1.5 hours");
        assert_eq!(read("15天").unwrap(), "15 days");
        for bad in [
            "5 working dayz",
            "working days",
            "-1 days",
            "1.5 working days",
            "",
            "9999999 days",
        ] {
            let error = read(bad).unwrap_err();
            assert!(
                error.to_string().contains("such as \"5 working days\""),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn deadlines_built_by_hand_beyond_any_span_are_errors() {
        let china = Calendar::china();
        let hours = WorkHours::default();
        let received = date(2024, 9, 27).at(16, 0, 0, 0);
        for deadline in [
            Deadline::Hours(Decimal::MAX),
            Deadline::WorkingHours(Decimal::MAX),
            Deadline::WorkingDays(u32::MAX),
            Deadline::Days(u32::MAX),
        ] {
            assert!(deadline.due(received, china, &hours).is_err(), "{deadline}");
        }
        // Negative spans, which the parser refuses, are due before they are received.
        let early = Deadline::Hours(Decimal::from(-2)).due(received, china, &hours);
        assert_eq!(early.unwrap(), date(2024, 9, 27).at(14, 0, 0, 0));
    }

    #[test]
    fn deadlines_count_as_the_rules_do() {
        let china = Calendar::china();
        let hours = WorkHours::default();
        let received = date(2024, 9, 27).at(16, 0, 0, 0);
        let due = |deadline: Deadline| deadline.due(received, china, &hours).unwrap();
        assert_eq!(
            due(Deadline::WorkingDays(3)),
            date(2024, 10, 8).to_datetime(END_OF_DAY)
        );
        // 5 days: 2 October, a holiday, moves to Tuesday 8 October.
        assert_eq!(
            due(Deadline::Days(5)),
            date(2024, 10, 8).to_datetime(END_OF_DAY)
        );
        assert_eq!(
            due(Deadline::Days(2)),
            date(2024, 9, 29).to_datetime(END_OF_DAY)
        );
        assert_eq!(
            due(Deadline::Hours(Decimal::from(2))),
            date(2024, 9, 27).at(18, 0, 0, 0)
        );
        // 4 working hours from 16:00 on Friday: 1.5 that day (to 17:30), Saturday off, then
        // Sunday the 29th (worked) from 09:00: 2.5 more hours end at 11:30; 5 hours cross the
        // lunch break and end at 14:00.
        assert_eq!(
            due(Deadline::WorkingHours(Decimal::from(4))),
            date(2024, 9, 29).at(11, 30, 0, 0)
        );
        assert_eq!(
            due(Deadline::WorkingHours(Decimal::from(5))),
            date(2024, 9, 29).at(14, 0, 0, 0)
        );
    }
}
