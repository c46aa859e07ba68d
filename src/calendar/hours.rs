//! Working hours: the windows of a working day (`work_hours`), and working time counted in
//! them on the calendar's working days.

use jiff::civil::{Date, DateTime, Time};

use super::Calendar;
use crate::error::{Error, ErrorKind, Location, Result};

/// The longest span working hours are counted over, in days: far beyond any deadline, and a
/// bound on the work a wrong input can cause.
const MAX_DAYS: i32 = 3_660;

/// The working hours of a working day: windows in order, not overlapping.
///
/// The default, 09:00–12:00 and 13:30–17:30 (seven hours), is the working day most
/// government service centres (政务服务中心) and 12345 hotline offices publish; a spec sets
/// its own with `work_hours = ["08:30-12:00", "14:00-17:30"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkHours {
    windows: Vec<(Time, Time)>,
}

impl Default for WorkHours {
    fn default() -> WorkHours {
        WorkHours {
            windows: vec![
                (Time::constant(9, 0, 0, 0), Time::constant(12, 0, 0, 0)),
                (Time::constant(13, 30, 0, 0), Time::constant(17, 30, 0, 0)),
            ],
        }
    }
}

impl WorkHours {
    /// Windows written `"HH:MM-HH:MM"`, in order and not overlapping; the error says which
    /// is wrong and why.
    pub fn parse(
        windows: &[impl AsRef<str>],
    ) -> std::result::Result<WorkHours, (usize, ErrorKind)> {
        let mut parsed: Vec<(Time, Time)> = Vec::with_capacity(windows.len());
        for (index, window) in windows.iter().enumerate() {
            let window = window.as_ref();
            let bad = |expected: &str| {
                (
                    index,
                    ErrorKind::SpecValue {
                        found: format!("\"{}\"", crate::error::shorten(window)),
                        expected: expected.to_owned(),
                    },
                )
            };
            let (start, end) = window
                .split_once('-')
                .and_then(|(start, end)| Some((clock(start)?, clock(end)?)))
                .ok_or_else(|| bad("working hours written \"09:00-12:00\""))?;
            if start >= end {
                return Err(bad("a window that ends after it starts"));
            }
            if parsed.last().is_some_and(|&(_, before)| start < before) {
                return Err(bad("a window after the one before, not overlapping it"));
            }
            parsed.push((start, end));
        }
        if parsed.is_empty() {
            return Err((
                0,
                ErrorKind::SpecValue {
                    found: "no window".to_owned(),
                    expected: "at least one window of working hours, such as \"09:00-17:00\""
                        .to_owned(),
                },
            ));
        }
        Ok(WorkHours { windows: parsed })
    }

    /// The moment `nanoseconds` of working time after `from` are used up, on the working
    /// days of `calendar`.
    pub fn add(&self, from: DateTime, nanoseconds: i128, calendar: &Calendar) -> Result<DateTime> {
        let mut left = nanoseconds;
        let mut day = from.date();
        for _ in 0..MAX_DAYS {
            if calendar.is_working_day(day)? {
                for &(start, end) in &self.windows {
                    let start = day.to_datetime(start).max(from);
                    let end = day.to_datetime(end);
                    if start >= end {
                        continue;
                    }
                    let length = span(start, end);
                    if left <= length {
                        let left = jiff::SignedDuration::try_from_nanos_i128(left)
                            .ok_or_else(|| too_far(from))?;
                        return start.checked_add(left).map_err(|_| too_far(from));
                    }
                    left -= length;
                }
            }
            day = day.tomorrow().map_err(|_| too_far(from))?;
        }
        Err(too_far(from))
    }

    /// The working time from `from` to `to` on the working days of `calendar`, in
    /// nanoseconds (0 when `to` is not after `from`).
    pub fn between(&self, from: DateTime, to: DateTime, calendar: &Calendar) -> Result<i128> {
        let mut total = 0;
        let mut day: Date = from.date();
        let mut steps = 0;
        while day <= to.date() {
            steps += 1;
            if steps > MAX_DAYS {
                return Err(too_far(from));
            }
            if calendar.is_working_day(day)? {
                for &(start, end) in &self.windows {
                    let start = day.to_datetime(start).max(from);
                    let end = day.to_datetime(end).min(to);
                    if start < end {
                        total += span(start, end);
                    }
                }
            }
            day = day.tomorrow().map_err(|_| too_far(from))?;
        }
        Ok(total)
    }
}

/// `HH:MM` (or `HH:MM:SS`), 00:00 to 24:00.
fn clock(text: &str) -> Option<Time> {
    let text = text.trim();
    if text == "24:00" {
        return Some(Time::constant(23, 59, 59, 999_999_999));
    }
    let mut parts = text.split(':');
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = parts.next()?.parse().ok()?;
    let second: i8 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    Time::new(hour, minute, second, 0).ok()
}

/// `to − from` in nanoseconds (`to` after `from`).
fn span(from: DateTime, to: DateTime) -> i128 {
    from.duration_until(to).as_nanos()
}

fn too_far(from: DateTime) -> Error {
    Error::new(
        ErrorKind::Overflow {
            what: format!("working time counted from {from}"),
        },
        Location::Unknown,
    )
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn working_time_skips_nights_lunches_and_holidays() {
        let china = Calendar::china();
        let hours = WorkHours::default();
        let hour = 3_600_000_000_000i128;
        // Friday 27 September 2024 16:00 to Sunday 29th (worked) 10:00: 1.5 + 1 hours.
        let from = date(2024, 9, 27).at(16, 0, 0, 0);
        let to = date(2024, 9, 29).at(10, 0, 0, 0);
        assert_eq!(hours.between(from, to, china).unwrap(), hour * 5 / 2);
        assert_eq!(hours.add(from, hour * 5 / 2, china).unwrap(), to);
        // Received at night: counting starts the next working morning.
        let night = date(2024, 9, 30).at(22, 0, 0, 0);
        assert_eq!(
            hours.add(night, hour, china).unwrap(),
            date(2024, 10, 8).at(10, 0, 0, 0)
        );
    }

    #[test]
    fn windows_must_be_in_order() {
        assert!(WorkHours::parse(&["09:00-12:00", "13:30-17:30"]).is_ok());
        assert_eq!(WorkHours::parse(&["12:00-09:00"]).unwrap_err().0, 0);
        assert_eq!(
            WorkHours::parse(&["09:00-12:00", "11:00-13:00"])
                .unwrap_err()
                .0,
            1
        );
        assert!(WorkHours::parse(&["9h-12h"]).is_err());
        let none: [&str; 0] = [];
        assert!(WorkHours::parse(&none).is_err());
    }
}
