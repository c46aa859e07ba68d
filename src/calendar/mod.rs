//! Working days in China: the official calendar (statutory holidays and the make-up working
//! days, 调休, from the State Council's notices) and deadlines counted in it.
//!
//! A date is a working day when the calendar lists it as worked (`work`: a Saturday or Sunday
//! worked), or lists nothing for it and it is Monday to Friday; a weekday it lists as `off` is
//! a day off. The calendar knows the years it covers, and a date of any other year is an error,
//! never a guess: weekdays alone get every holiday month wrong.
//!
//! The crate ships the calendar of 2010 to 2026 (`data/calendar/china.csv`, one row per date
//! that departs from Monday to Friday, with the notice that fixed it); a spec's
//! `calendar = "file.csv"` of the same columns adds years or replaces them whole.
//!
//! ```
//! use livability::Date;
//! use livability::calendar::Calendar;
//!
//! let china = Calendar::china();
//! // 2024: Sunday 4 February was worked, the Spring Festival ran from 10 to 17 February.
//! assert!(china.is_working_day(Date::constant(2024, 2, 4))?);
//! assert!(!china.is_working_day(Date::constant(2024, 2, 12))?);
//! // Five working days after Thursday 8 February 2024: the 9th, then the 18th (a Sunday
//! // worked), 19th, 20th and 21st.
//! assert_eq!(china.add_working_days(Date::constant(2024, 2, 8), 5)?, Date::constant(2024, 2, 21));
//! assert!(china.is_working_day(Date::constant(2031, 1, 6)).is_err());
//! # Ok::<(), livability::Error>(())
//! ```

mod deadline;
mod hours;
mod table;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::{Date, Weekday};

pub use deadline::Deadline;
pub use hours::WorkHours;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::source::Encoding;

/// The calendar the crate ships, as CSV.
const CHINA: &str = include_str!("../../data/calendar/china.csv");

/// What a calendar says of a date that departs from Monday to Friday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Day {
    /// A Monday to Friday that is a day off (a statutory holiday, or a weekday moved to
    /// bridge one: 调休).
    Off,
    /// A Saturday or Sunday that is a working day (调休上班).
    Work,
}

/// A working-day calendar: the years it covers and, in each, the dates that depart from
/// Monday to Friday.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i16, Year>,
}

/// One covered year: its rows, and each of its days as working or not with the running count
/// of working days, so that a deadline is a lookup, not a walk.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Year {
    rows: BTreeMap<Date, Day>,
    /// By day of the year (0 = 1 January): working or not.
    working: Vec<bool>,
    /// By day of the year: the working days from 1 January to that day, included.
    count: Vec<u32>,
}

impl Year {
    fn new(year: i16, rows: BTreeMap<Date, Day>) -> Year {
        let mut working = Vec::with_capacity(366);
        let mut count = Vec::with_capacity(366);
        let mut total = 0;
        let mut day = Date::new(year, 1, 1).ok();
        while let Some(date) = day.filter(|date| date.year() == year) {
            let works = match rows.get(&date) {
                Some(Day::Work) => true,
                Some(Day::Off) => false,
                None => !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday),
            };
            total += u32::from(works);
            working.push(works);
            count.push(total);
            day = date.tomorrow().ok();
        }
        Year {
            rows,
            working,
            count,
        }
    }

    /// Working days among this year's days after `after` (a day index; `None`: from
    /// 1 January).
    fn after(&self, after: Option<usize>) -> u32 {
        let total = self.count.last().copied().unwrap_or(0);
        total - after.map_or(0, |index| self.count[index])
    }
}

impl Calendar {
    /// China's official calendar of 2010 to 2026, from the State Council's notices.
    pub fn china() -> &'static Calendar {
        static CHINA_CALENDAR: OnceLock<Calendar> = OnceLock::new();
        CHINA_CALENDAR.get_or_init(|| {
            // The shipped table is checked by the tests; an error here would be the crate's.
            Calendar::from_reader(CHINA.as_bytes(), "data/calendar/china.csv").unwrap_or_default()
        })
    }

    /// A calendar of the years `rows` covers.
    fn of_rows(rows: BTreeMap<i16, BTreeMap<Date, Day>>) -> Calendar {
        Calendar {
            years: rows
                .into_iter()
                .map(|(year, rows)| (year, Year::new(year, rows)))
                .collect(),
        }
    }

    /// Reads a calendar file (`date,day` and optionally `holiday,notice`; see the module
    /// documentation); `name` names it in messages. It covers the years of its dates.
    pub fn from_reader(input: impl Read, name: impl AsRef<Path>) -> Result<Calendar> {
        table::read(crate::read::csv::CsvInput::from_reader(
            input,
            name.as_ref(),
            Encoding::Auto,
        )?)
        .map(Calendar::of_rows)
    }

    /// Reads the calendar file at `path`.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Calendar> {
        table::read(crate::read::csv::CsvInput::open(
            path.as_ref(),
            Encoding::Auto,
        )?)
        .map(Calendar::of_rows)
    }

    /// This calendar with the years of `other` added, each replacing this calendar's year
    /// whole when it has it.
    pub fn with_years_of(mut self, other: &Calendar) -> Calendar {
        for (year, days) in &other.years {
            self.years.insert(*year, days.clone());
        }
        self
    }

    /// The years the calendar covers, in order.
    pub fn years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.keys().copied()
    }

    /// What the calendar lists for `date`, if it covers its year.
    pub fn day(&self, date: Date) -> Result<Option<Day>> {
        Ok(self.year(date.year())?.rows.get(&date).copied())
    }

    /// Whether `date` is a working day; an error for a year the calendar does not cover.
    pub fn is_working_day(&self, date: Date) -> Result<bool> {
        Ok(self.year(date.year())?.working[index(date)])
    }

    /// The `n`-th working day after `date`, `date` itself not counted (受理当日不计入); `date`
    /// itself for `n = 0`.
    pub fn add_working_days(&self, date: Date, n: u32) -> Result<Date> {
        if n == 0 {
            self.year(date.year())?;
            return Ok(date);
        }
        let (mut year, mut after, mut left) = (date.year(), Some(index(date)), n);
        loop {
            let days = self.year(year)?;
            let there = days.after(after);
            if left <= there {
                // The first day whose running count reaches the one wanted.
                let wanted = after.map_or(0, |index| days.count[index]) + left;
                let found = days.count.partition_point(|&count| count < wanted);
                return day_of(year, found);
            }
            left -= there;
            year = year
                .checked_add(1)
                .ok_or_else(|| uncovered(self, i16::MAX))?;
            after = None;
        }
    }

    /// `date` if it is a working day, else the first working day after it.
    pub fn working_day_from(&self, date: Date) -> Result<Date> {
        if self.is_working_day(date)? {
            Ok(date)
        } else {
            self.add_working_days(date, 1)
        }
    }

    /// How many working days lie after `from` up to `to` included (0 when `to` is not after
    /// `from`): the inverse of [`add_working_days`](Calendar::add_working_days).
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32> {
        if to <= from {
            return Ok(0);
        }
        let mut total = 0;
        let mut after = Some(index(from));
        for year in from.year()..=to.year() {
            let days = self.year(year)?;
            let upto = if year == to.year() {
                days.count[index(to)]
            } else {
                days.count.last().copied().unwrap_or(0)
            };
            total += upto - after.map_or(0, |index| days.count[index]);
            after = None;
        }
        Ok(total)
    }

    /// The days of `year`, or the error of a year the calendar does not cover.
    fn year(&self, year: i16) -> Result<&Year> {
        self.years.get(&year).ok_or_else(|| uncovered(self, year))
    }
}

/// A date's index in its year: 0 for 1 January.
fn index(date: Date) -> usize {
    usize::try_from(date.day_of_year() - 1).unwrap_or(0)
}

/// The date of day `index` (0 = 1 January) of `year`.
fn day_of(year: i16, index: usize) -> Result<Date> {
    let day = i16::try_from(index + 1).map_err(|_| uncovered_year(year, "a valid year"))?;
    Date::new(year, 1, 1)
        .and_then(|first| first.with().day_of_year(day).build())
        .map_err(|_| uncovered_year(year, "a valid year"))
}

fn uncovered(calendar: &Calendar, year: i16) -> Error {
    uncovered_year(year, &covered(calendar))
}

fn uncovered_year(year: i16, covered: &str) -> Error {
    Error::new(
        ErrorKind::UncoveredYear {
            year,
            covered: covered.to_owned(),
        },
        Location::Unknown,
    )
}

/// The years a calendar covers, as ranges: `2010–2026`, `2010–2020, 2024`.
fn covered(calendar: &Calendar) -> String {
    let years: Vec<i16> = calendar.years().collect();
    if years.is_empty() {
        return "no year".to_owned();
    }
    let mut ranges: Vec<String> = Vec::new();
    let mut start = years[0];
    for pair in years
        .windows(2)
        .chain(std::iter::once(&[years[years.len() - 1], i16::MAX][..]))
    {
        if pair[1] != pair[0] + 1 {
            ranges.push(if start == pair[0] {
                start.to_string()
            } else {
                format!("{start}–{}", pair[0])
            });
            start = pair[1];
        }
    }
    ranges.join(", ")
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn working(calendar: &Calendar, dates: &[(i16, i8, i8)]) -> Vec<bool> {
        dates
            .iter()
            .map(|&(y, m, d)| calendar.is_working_day(date(y, m, d)).unwrap())
            .collect()
    }

    #[test]
    fn the_shipped_calendar_covers_2010_to_2026() {
        let years: Vec<i16> = Calendar::china().years().collect();
        assert_eq!(years, (2010..=2026).collect::<Vec<_>>());
        assert_eq!(covered(Calendar::china()), "2010–2026");
    }

    #[test]
    fn every_2024_rule() {
        let china = Calendar::china();
        // 元旦: Monday 1 January off.
        assert_eq!(working(china, &[(2024, 1, 1), (2024, 1, 2)]), [false, true]);
        // 春节: Sunday 4 February and Sunday 18 February worked, 10–17 February off
        // (Friday 9th, 除夕, an ordinary working day).
        assert_eq!(
            working(
                china,
                &[
                    (2024, 2, 4),
                    (2024, 2, 9),
                    (2024, 2, 10),
                    (2024, 2, 12),
                    (2024, 2, 16),
                    (2024, 2, 17),
                    (2024, 2, 18)
                ]
            ),
            [true, true, false, false, false, false, true]
        );
        // 清明节: 4–6 April off, Sunday 7 April worked.
        assert_eq!(
            working(china, &[(2024, 4, 4), (2024, 4, 5), (2024, 4, 7)]),
            [false, false, true]
        );
        // 劳动节: Sunday 28 April worked, 1–5 May off, Saturday 11 May worked.
        assert_eq!(
            working(
                china,
                &[(2024, 4, 28), (2024, 5, 1), (2024, 5, 3), (2024, 5, 11)]
            ),
            [true, false, false, true]
        );
        // 端午节: Monday 10 June off.
        assert_eq!(working(china, &[(2024, 6, 10)]), [false]);
        // 中秋节: Saturday 14 September worked, 15–17 September off.
        assert_eq!(
            working(china, &[(2024, 9, 14), (2024, 9, 16), (2024, 9, 17)]),
            [true, false, false]
        );
        // 国庆节: Sunday 29 September and Saturday 12 October worked, 1–7 October off.
        assert_eq!(
            working(
                china,
                &[
                    (2024, 9, 29),
                    (2024, 10, 1),
                    (2024, 10, 7),
                    (2024, 10, 8),
                    (2024, 10, 12)
                ]
            ),
            [true, false, false, true, true]
        );
    }

    #[test]
    fn every_2025_rule() {
        let china = Calendar::china();
        // From 2025 the Spring Festival and Labour Day are a day longer (国务院令第795号).
        // 春节: Sunday 26 January and Saturday 8 February worked, 28 January–4 February off.
        assert_eq!(
            working(
                china,
                &[
                    (2025, 1, 26),
                    (2025, 1, 27),
                    (2025, 1, 28),
                    (2025, 2, 4),
                    (2025, 2, 5),
                    (2025, 2, 8)
                ]
            ),
            [true, true, false, false, true, true]
        );
        // 清明节: Friday 4 April off. 劳动节: Sunday 27 April worked, 1–5 May off.
        assert_eq!(
            working(
                china,
                &[(2025, 4, 4), (2025, 4, 27), (2025, 5, 1), (2025, 5, 5)]
            ),
            [false, true, false, false]
        );
        // 端午节: Monday 2 June off. 国庆节、中秋节: Sunday 28 September and Saturday 11
        // October worked, 1–8 October off.
        assert_eq!(
            working(
                china,
                &[
                    (2025, 6, 2),
                    (2025, 9, 28),
                    (2025, 10, 1),
                    (2025, 10, 8),
                    (2025, 10, 9),
                    (2025, 10, 11)
                ]
            ),
            [false, true, false, false, true, true]
        );
    }

    #[test]
    fn working_days_count_from_the_day_after() {
        let china = Calendar::china();
        // Received on Friday 27 September 2024: Sunday the 29th is worked, the 30th too, then
        // the holiday; the third working day is Tuesday 8 October.
        assert_eq!(
            china.add_working_days(date(2024, 9, 27), 1).unwrap(),
            date(2024, 9, 29)
        );
        assert_eq!(
            china.add_working_days(date(2024, 9, 27), 3).unwrap(),
            date(2024, 10, 8)
        );
        assert_eq!(
            china.add_working_days(date(2024, 9, 27), 0).unwrap(),
            date(2024, 9, 27)
        );
        assert_eq!(
            china.working_day_from(date(2024, 10, 3)).unwrap(),
            date(2024, 10, 8)
        );
        assert_eq!(
            china
                .working_days_between(date(2024, 9, 27), date(2024, 10, 8))
                .unwrap(),
            3
        );
    }

    #[test]
    fn a_year_the_calendar_does_not_cover_is_an_error() {
        let error = Calendar::china()
            .is_working_day(date(2031, 3, 3))
            .unwrap_err();
        assert!(matches!(
            error.kind(),
            ErrorKind::UncoveredYear { year: 2031, .. }
        ));
        assert!(error.to_string().contains("2010–2026"), "{error}");
        // Counting across into an uncovered year fails too, rather than guessing.
        assert!(
            Calendar::china()
                .add_working_days(date(2026, 12, 30), 5)
                .is_err()
        );
    }

    #[test]
    fn a_year_added_replaces_the_shipped_one_whole() {
        let mine = Calendar::from_reader(
            "date,day\n2027-02-05,off\n2024-02-09,off\n".as_bytes(),
            "calendar.csv",
        )
        .unwrap();
        let calendar = Calendar::china().clone().with_years_of(&mine);
        assert!(!calendar.is_working_day(date(2027, 2, 5)).unwrap());
        assert!(!calendar.is_working_day(date(2024, 2, 9)).unwrap());
        // The shipped 2024 rows are gone: the Sunday worked is a Sunday again.
        assert!(!calendar.is_working_day(date(2024, 2, 4)).unwrap());
        assert_eq!(covered(&calendar), "2010–2027");
    }
}
