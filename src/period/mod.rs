//! Periods: weeks, months, quarters, years, a year to date and a run of months.

mod periods;

pub(crate) use periods::{PeriodRole, Periods};

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, ISOWeekDate, Weekday};

use crate::error::{Error, ErrorKind, Location};

/// A week (`2024-W07`), a month (`2018-11`), a quarter (`2018-Q4`), a year (`2018`), a year
/// to date (`2024-YTD-05`, 1–5月累计) or a run of months (`2024-03..2024-05`, a rolling
/// three months): the span a board ranks.
///
/// A record belongs to a period by its time. The [previous](Period::previous) period is the
/// one just before, against which rank changes are shown: of the same length for every
/// period but a year to date, whose previous period is the same months a year earlier (a
/// cumulative bulletin compares with last year's, 累计同比), since the months before it are
/// no year to date at all.
///
/// Weeks are ISO weeks, Monday to Sunday, which are also the weeks an office counts: a week
/// that crosses New Year belongs to the year of its Thursday (2025-W01 runs from Monday
/// 30 December 2024 to Sunday 5 January 2025), and some years have a week 53.
///
/// ```
/// use livability::Period;
///
/// let november: Period = "2018-11".parse()?;
/// assert_eq!(november.previous(), Some("2018-10".parse()?));
/// assert_eq!("2019-Q1".parse::<Period>()?.previous(), Some("2018-Q4".parse()?));
/// assert_eq!(november.to_string(), "2018-11");
/// assert_eq!(november.chinese(), "2018年11月");
/// assert_eq!("2025-W01".parse::<Period>()?.previous(), Some("2024-W52".parse()?));
/// assert_eq!("2024-YTD-05".parse::<Period>()?.chinese(), "2024年1–5月累计");
/// let rolling: Period = "2024-01..2024-03".parse()?;
/// assert_eq!(rolling.previous(), Some("2023-10..2023-12".parse()?));
/// assert_eq!(Period::rolling(november, 3), Some("2018-09..2018-11".parse()?));
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The calendar year; for a week, the ISO week-numbering year (that of its Thursday).
    year: i16,
    span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Span {
    /// An ISO week, 1–53.
    Week(u8),
    Month(u8),
    Quarter(u8),
    Year,
    /// January to this month (1–12) of the year.
    ToDate(u8),
    /// `count` months (2–12) ending with month `last` (1–12) of the year.
    Months {
        last: u8,
        count: u8,
    },
}

impl Period {
    /// November 2018, the month of the published board.
    #[cfg(feature = "generate")]
    pub(crate) const NOVEMBER_2018: Period = Period {
        year: 2018,
        span: Span::Month(11),
    };
}

/// What a period looks like, for error messages.
pub(crate) const PERIOD_FORMS: &str =
    "a period (YYYY-MM, YYYY-Wnn, YYYY-Qn, YYYY, YYYY-YTD-MM or YYYY-MM..YYYY-MM)";

/// The most months a run of months may span: a year, so that it and the same months a year
/// earlier never overlap.
pub(crate) const MOST_MONTHS: u8 = 12;

/// The years a period may lie in.
const YEARS: std::ops::RangeInclusive<i16> = 1..=9999;

/// A month counted from year 0 (`year * 12 + month - 1`), for arithmetic on runs of months.
fn month_number(year: i16, month: u8) -> i32 {
    i32::from(year) * 12 + i32::from(month) - 1
}

/// The year and month (1–12) of a month counted from year 0.
fn from_month_number(number: i32) -> Option<(i16, u8)> {
    let year = i16::try_from(number.div_euclid(12)).ok()?;
    let month = u8::try_from(number.rem_euclid(12) + 1).ok()?;
    Some((year, month))
}

/// The number of ISO weeks (52 or 53) of ISO year `year`: the week of 28 December is always
/// the year's last.
fn weeks_in(year: i16) -> u8 {
    Date::new(year, 12, 28).map_or(52, |date| date.iso_week_date().week().unsigned_abs())
}

impl Period {
    /// The month `month` (1–12) of `year` (1–9999), or `None` if either is out of range.
    pub fn month(year: i16, month: u8) -> Option<Period> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Period {
            year,
            span: Span::Month(month),
        })
    }

    /// The quarter `quarter` (1–4) of `year` (1–9999), or `None` if either is out of range.
    pub fn quarter(year: i16, quarter: u8) -> Option<Period> {
        (YEARS.contains(&year) && (1..=4).contains(&quarter)).then_some(Period {
            year,
            span: Span::Quarter(quarter),
        })
    }

    /// The year `year` (1–9999), or `None` if it is out of range.
    pub fn year(year: i16) -> Option<Period> {
        YEARS.contains(&year).then_some(Period {
            year,
            span: Span::Year,
        })
    }

    /// The ISO week `week` of ISO year `year` (1–9999), or `None` if the year has no such week
    /// (week 53 exists only in long years, such as 2020 and 2026).
    pub fn week(year: i16, week: u8) -> Option<Period> {
        (YEARS.contains(&year) && (1..=weeks_in(year)).contains(&week)).then_some(Period {
            year,
            span: Span::Week(week),
        })
    }

    /// The ISO week that holds `date`, or `None` outside years 1–9999.
    pub fn week_of(date: Date) -> Option<Period> {
        let week = date.iso_week_date();
        Period::week(week.year(), week.week().unsigned_abs())
    }

    /// January to month `month` (1–12) of `year`, the year to date (`2024-YTD-05`, 1–5月累计),
    /// or `None` if either is out of range.
    pub fn year_to_date(year: i16, month: u8) -> Option<Period> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Period {
            year,
            span: Span::ToDate(month),
        })
    }

    /// The `count` months ending with `period`, a month: a rolling window such as the last
    /// three months (`2024-03..2024-05` for May 2024 and 3). One month is the month itself;
    /// `None` for no month, more than twelve, a `period` that is no month, or a window that
    /// would begin before year 1.
    pub fn rolling(period: Period, count: u8) -> Option<Period> {
        let Span::Month(last) = period.span else {
            return None;
        };
        match count {
            1 => Some(period),
            2..=MOST_MONTHS => {
                let first = month_number(period.year, last) - i32::from(count) + 1;
                from_month_number(first)
                    .filter(|(year, _)| YEARS.contains(year))
                    .map(|_| Period {
                        year: period.year,
                        span: Span::Months { last, count },
                    })
            }
            _ => None,
        }
    }

    /// Reads any of the forms of `PERIOD_FORMS`; `None` for anything else.
    pub(crate) fn parse(text: &str) -> Option<Period> {
        if let Some((first, last)) = text.split_once("..") {
            let (first, last) = (Period::parse(first)?, Period::parse(last)?);
            let (Span::Month(first_month), Span::Month(_)) = (first.span, last.span) else {
                return None;
            };
            let count = month_number(last.year, last.month_number_of_last()?)
                - month_number(first.year, first_month)
                + 1;
            return Period::rolling(last, u8::try_from(count).ok()?);
        }
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = bytes.get(range)?;
            if part.iter().all(u8::is_ascii_digit) {
                Some(part.iter().fold(0, |n, b| n * 10 + u16::from(b - b'0')))
            } else {
                None
            }
        };
        let year = i16::try_from(digits(0..4)?).ok()?;
        let small = |range| digits(range).and_then(|n| u8::try_from(n).ok());
        match bytes.len() {
            4 => Period::year(year),
            7 if bytes[4] == b'-' && bytes[5].eq_ignore_ascii_case(&b'q') => {
                Period::quarter(year, small(6..7)?)
            }
            7 if bytes[4] == b'-' => Period::month(year, small(5..7)?),
            8 if bytes[4] == b'-' && bytes[5].eq_ignore_ascii_case(&b'w') => {
                Period::week(year, small(6..8)?)
            }
            11 if bytes[4] == b'-'
                && bytes[5..8].eq_ignore_ascii_case(b"ytd")
                && bytes[8] == b'-' =>
            {
                Period::year_to_date(year, small(9..11)?)
            }
            _ => None,
        }
    }

    /// The month of a month period, for reading a run of months.
    fn month_number_of_last(&self) -> Option<u8> {
        match self.span {
            Span::Month(month) => Some(month),
            _ => None,
        }
    }

    /// Whether `date` falls within the period.
    pub fn contains(&self, date: Date) -> bool {
        let month = date.month().unsigned_abs();
        let same_year = date.year() == self.year;
        match self.span {
            Span::Week(week) => {
                let iso = date.iso_week_date();
                iso.year() == self.year && iso.week().unsigned_abs() == week
            }
            Span::Month(m) => same_year && month == m,
            Span::Quarter(q) => same_year && (month - 1) / 3 + 1 == q,
            Span::Year => same_year,
            Span::ToDate(m) => same_year && month <= m,
            Span::Months { last, count } => {
                let end = month_number(self.year, last);
                let number = month_number(date.year(), month);
                number <= end && number > end - i32::from(count)
            }
        }
    }

    /// The period just before: of the same length, except for a year to date, whose previous
    /// period is the same months a year earlier; `None` before year 1.
    pub fn previous(&self) -> Option<Period> {
        let year = self.year;
        match self.span {
            Span::Week(1) => Period::week(year.checked_sub(1)?, weeks_in(year.checked_sub(1)?)),
            Span::Week(w) => Period::week(year, w - 1),
            Span::Month(1) => Period::month(year - 1, 12),
            Span::Month(m) => Period::month(year, m - 1),
            Span::Quarter(1) => Period::quarter(year - 1, 4),
            Span::Quarter(q) => Period::quarter(year, q - 1),
            Span::Year => Period::year(year - 1),
            Span::ToDate(_) => self.year_ago(),
            Span::Months { last, count } => {
                let (year, month) = from_month_number(month_number(year, last) - i32::from(count))?;
                Period::rolling(Period::month(year, month)?, count)
            }
        }
    }

    /// The period's first day.
    pub(crate) fn first_day(&self) -> Date {
        let (year, month) = match self.span {
            Span::Week(week) => {
                return ISOWeekDate::new(self.year, week as i8, Weekday::Monday)
                    .map_or(Date::MIN, ISOWeekDate::date);
            }
            Span::Month(m) => (self.year, m),
            Span::Quarter(q) => (self.year, q * 3 - 2),
            Span::Year | Span::ToDate(_) => (self.year, 1),
            Span::Months { last, count } => {
                from_month_number(month_number(self.year, last) - i32::from(count) + 1)
                    .unwrap_or((self.year, last))
            }
        };
        Date::new(year, month as i8, 1).unwrap_or(Date::MIN)
    }

    /// The period's last day.
    pub(crate) fn last_day(&self) -> Date {
        let (year, month) = match self.span {
            Span::Week(week) => {
                return ISOWeekDate::new(self.year, week as i8, Weekday::Sunday)
                    .map_or(Date::MIN, ISOWeekDate::date);
            }
            Span::Month(m) | Span::ToDate(m) | Span::Months { last: m, .. } => (self.year, m),
            Span::Quarter(q) => (self.year, q * 3),
            Span::Year => (self.year, 12),
        };
        // A valid period's month is 1–12, so its first day exists.
        Date::new(year, month as i8, 1).map_or(Date::MIN, |first| first.last_of_month())
    }

    /// The same period a year earlier (November 2017 for November 2018; for week 53 of a long
    /// year, week 52 of the year before when that year has no week 53), or `None` before
    /// year 1.
    pub fn year_ago(&self) -> Option<Period> {
        let year = self.year.checked_sub(1)?;
        if !YEARS.contains(&year) {
            return None;
        }
        match self.span {
            Span::Week(week) => Period::week(year, week.min(weeks_in(year))),
            Span::Months { last, count } => Period::rolling(Period::month(year, last)?, count),
            span => Some(Period { year, span }),
        }
    }

    /// The period as a Chinese newsletter writes it: `2018年11月`, `2018年第4季度`, `2018年`,
    /// `2024年第7周（2月12日—2月18日）`, `2024年1–5月累计`, `2024年3–5月`.
    pub fn chinese(&self) -> String {
        let year = self.year;
        match self.span {
            Span::Week(week) => {
                let (first, last) = (self.first_day(), self.last_day());
                let day = |date: Date| {
                    let prefix = if date.year() == year {
                        String::new()
                    } else {
                        format!("{}年", date.year())
                    };
                    format!("{prefix}{}月{}日", date.month(), date.day())
                };
                format!("{year}年第{week}周（{}—{}）", day(first), day(last))
            }
            Span::Month(m) => format!("{year}年{m}月"),
            Span::Quarter(q) => format!("{year}年第{q}季度"),
            Span::Year => format!("{year}年"),
            Span::ToDate(1) => format!("{year}年1月累计"),
            Span::ToDate(m) => format!("{year}年1–{m}月累计"),
            Span::Months { last, .. } => {
                let first = self.first_day();
                let first_month = first.month();
                if first.year() == year {
                    format!("{year}年{first_month}–{last}月")
                } else {
                    format!("{}年{first_month}月–{year}年{last}月", first.year())
                }
            }
        }
    }

    /// The months of the period that a year to date or a run of months adds up, in order;
    /// a week, a month, a quarter or a year gives none (it is no sum of months a board ranks).
    pub fn months(&self) -> Vec<Period> {
        let (last, count) = match self.span {
            Span::ToDate(m) => (m, m),
            Span::Months { last, count } => (last, count),
            _ => return Vec::new(),
        };
        let end = month_number(self.year, last);
        (end - i32::from(count) + 1..=end)
            .filter_map(from_month_number)
            .filter_map(|(year, month)| Period::month(year, month))
            .collect()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = self.year;
        match self.span {
            Span::Week(w) => write!(f, "{year:04}-W{w:02}"),
            Span::Month(m) => write!(f, "{year:04}-{m:02}"),
            Span::Quarter(q) => write!(f, "{year:04}-Q{q}"),
            Span::Year => write!(f, "{year:04}"),
            Span::ToDate(m) => write!(f, "{year:04}-YTD-{m:02}"),
            Span::Months { last, .. } => {
                let first = self.first_day();
                write!(
                    f,
                    "{:04}-{:02}..{year:04}-{last:02}",
                    first.year(),
                    first.month()
                )
            }
        }
    }
}

impl FromStr for Period {
    type Err = Error;

    /// Reads `YYYY-MM`, `YYYY-Wnn`, `YYYY-Qn`, `YYYY`, `YYYY-YTD-MM` or `YYYY-MM..YYYY-MM`,
    /// after trimming spaces.
    fn from_str(text: &str) -> Result<Period, Error> {
        Period::parse(text.trim()).ok_or_else(|| {
            Error::new(
                ErrorKind::BadValue {
                    value: crate::error::shorten(text),
                    expected: PERIOD_FORMS.to_owned(),
                },
                Location::Unknown,
            )
        })
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        text.parse().unwrap()
    }

    #[test]
    fn reads_and_writes_each_form() {
        for text in ["2018-11", "2018-01", "2018-Q4", "2018", "0001-Q1"] {
            assert_eq!(period(text).to_string(), text);
        }
        assert_eq!(period("2018-q2").to_string(), "2018-Q2");
    }

    #[test]
    fn rejects_what_is_not_a_period() {
        for text in [
            "",
            "2018-13",
            "2018-00",
            "2018-Q5",
            "2018-Q0",
            "18-11",
            "2018-1",
            "2018/11",
            "2018-11-01",
            "0000",
            "２０１８",
            "2018-1a",
            "201x",
        ] {
            assert!(text.parse::<Period>().is_err(), "{text:?} read as a period");
        }
    }

    #[test]
    fn previous_has_the_same_length() {
        assert_eq!(period("2018-01").previous(), Some(period("2017-12")));
        assert_eq!(period("2018-11").previous(), Some(period("2018-10")));
        assert_eq!(period("2018-Q1").previous(), Some(period("2017-Q4")));
        assert_eq!(period("2018").previous(), Some(period("2017")));
        assert_eq!(period("0001-01").previous(), None);
    }

    #[test]
    fn contains_dates_by_month_quarter_and_year() {
        let date = Date::new(2018, 11, 30).unwrap();
        assert!(period("2018-11").contains(date));
        assert!(!period("2018-10").contains(date));
        assert!(period("2018-Q4").contains(date));
        assert!(!period("2018-Q3").contains(date));
        assert!(period("2018").contains(date));
        assert!(!period("2019").contains(date));
        assert!(period("2018-Q1").contains(Date::new(2018, 3, 31).unwrap()));
        assert!(!period("2018-Q1").contains(Date::new(2018, 4, 1).unwrap()));
    }

    fn day(year: i16, month: i8, day: i8) -> Date {
        Date::new(year, month, day).unwrap()
    }

    #[test]
    fn reads_and_writes_the_longer_and_shorter_forms() {
        for text in [
            "2024-W07",
            "2020-W53",
            "2024-YTD-05",
            "2024-YTD-12",
            "2024-03..2024-05",
            "2023-12..2024-02",
            "2023-06..2024-05",
        ] {
            assert_eq!(period(text).to_string(), text);
        }
        assert_eq!(period("2024-w07"), period("2024-W07"));
        assert_eq!(period("2024-ytd-05"), period("2024-YTD-05"));
        assert_eq!(
            period("2024-05..2024-05"),
            period("2024-05"),
            "one month is a month"
        );
        for text in [
            "2024-W00",
            "2024-W54",
            "2021-W53",
            "2024-W7",
            "2024-YTD-13",
            "2024-YTD-00",
            "2024-YTD5",
            "2024-05..2024-03",
            "2023-05..2024-05",
            "2024-Q1..2024-Q2",
            "2024-01..",
            "..2024-01",
            "2024-01..2024-02..2024-03",
        ] {
            assert!(text.parse::<Period>().is_err(), "{text:?} read as a period");
        }
    }

    #[test]
    fn weeks_cross_new_year_by_their_thursday() {
        // 2024-12-30 is a Monday: its week holds 2 January 2025, the week's Thursday.
        let week = period("2025-W01");
        assert_eq!(week.first_day(), day(2024, 12, 30));
        assert_eq!(week.last_day(), day(2025, 1, 5));
        assert!(week.contains(day(2024, 12, 31)));
        assert!(!period("2024-W52").contains(day(2024, 12, 31)));
        assert_eq!(Period::week_of(day(2024, 12, 31)), Some(week));
        assert_eq!(week.previous(), Some(period("2024-W52")));
        // 2020 has 53 weeks; 2021-01-03 (a Sunday) still lies in its week 53.
        assert!(period("2020-W53").contains(day(2021, 1, 3)));
        assert_eq!(period("2021-W01").previous(), Some(period("2020-W53")));
        assert_eq!(period("2020-W53").year_ago(), Some(period("2019-W52")));
        assert_eq!(period("2021-W10").year_ago(), Some(period("2020-W10")));
        assert_eq!(week.chinese(), "2025年第1周（2024年12月30日—1月5日）");
        assert_eq!(
            period("2024-W07").chinese(),
            "2024年第7周（2月12日—2月18日）"
        );
    }

    #[test]
    fn a_year_to_date_compares_with_the_same_months_a_year_earlier() {
        let to_date = period("2024-YTD-05");
        assert_eq!(to_date.previous(), Some(period("2023-YTD-05")));
        assert_eq!(to_date.year_ago(), Some(period("2023-YTD-05")));
        assert!(to_date.contains(day(2024, 1, 1)));
        assert!(to_date.contains(day(2024, 5, 31)));
        assert!(!to_date.contains(day(2024, 6, 1)));
        assert!(!to_date.contains(day(2023, 5, 1)));
        assert_eq!(to_date.last_day(), day(2024, 5, 31));
        assert_eq!(to_date.months().len(), 5);
        assert_eq!(to_date.chinese(), "2024年1–5月累计");
        assert_eq!(period("2024-YTD-01").chinese(), "2024年1月累计");
    }

    #[test]
    fn a_run_of_months_rolls_back_by_its_length() {
        let window = period("2023-12..2024-02");
        assert_eq!(Period::rolling(period("2024-02"), 3), Some(window));
        assert_eq!(window.previous(), Some(period("2023-09..2023-11")));
        assert_eq!(window.year_ago(), Some(period("2022-12..2023-02")));
        assert_eq!(window.first_day(), day(2023, 12, 1));
        // 2024 is a leap year: the window ends on 29 February.
        assert_eq!(window.last_day(), day(2024, 2, 29));
        assert!(window.contains(day(2023, 12, 1)));
        assert!(window.contains(day(2024, 2, 29)));
        assert!(!window.contains(day(2023, 11, 30)));
        assert!(!window.contains(day(2024, 3, 1)));
        assert_eq!(window.chinese(), "2023年12月–2024年2月");
        assert_eq!(period("2024-03..2024-05").chinese(), "2024年3–5月");
        assert_eq!(Period::rolling(period("2024-02"), 13), None);
        assert_eq!(Period::rolling(period("2024-02"), 0), None);
        assert_eq!(Period::rolling(period("0001-02"), 3), None);
        assert_eq!(Period::rolling(period("2024-Q1"), 3), None);
        assert_eq!(
            window.months(),
            vec![period("2023-12"), period("2024-01"), period("2024-02")]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Every day lies in exactly one ISO week, which reads back from its text, and the
        /// week before ends the day before it begins.
        #[test]
        fn every_day_lies_in_one_week(days in 0i32..3_000_000) {
            let date = day(1, 1, 1).checked_add(jiff::Span::new().days(days % 3_650_000)).unwrap();
            if let Some(week) = Period::week_of(date) {
                proptest::prop_assert!(week.contains(date));
                proptest::prop_assert!(week.first_day() <= date && date <= week.last_day());
                proptest::prop_assert_eq!(week.to_string().parse::<Period>().unwrap(), week);
                if let Some(previous) = week.previous() {
                    proptest::prop_assert_eq!(previous.last_day().tomorrow().unwrap(), week.first_day());
                    proptest::prop_assert!(!previous.contains(date));
                }
                proptest::prop_assert_eq!(week.first_day().weekday(), Weekday::Monday);
            }
        }

        /// A run of months holds exactly its months' days, its previous run ends the month
        /// before it begins, and its text reads back.
        #[test]
        fn a_run_of_months_is_its_months(year in 2i16..9999, month in 1u8..=12, count in 1u8..=12, probe in 0i32..800) {
            let window = Period::rolling(Period::month(year, month).unwrap(), count).unwrap();
            proptest::prop_assert_eq!(window.to_string().parse::<Period>().unwrap(), window);
            let date = window.last_day().checked_sub(jiff::Span::new().days(probe)).unwrap();
            let inside = window.first_day() <= date;
            proptest::prop_assert_eq!(window.contains(date), inside);
            if count > 1 {
                proptest::prop_assert_eq!(window.months().len(), usize::from(count));
                proptest::prop_assert_eq!(
                    window.months().iter().filter(|month| month.contains(date)).count(),
                    usize::from(inside)
                );
            }
            if let Some(previous) = window.previous() {
                proptest::prop_assert_eq!(previous.last_day().tomorrow().unwrap(), window.first_day());
            }
        }
    }

    #[test]
    fn chinese_labels() {
        assert_eq!(period("2018-11").chinese(), "2018年11月");
        assert_eq!(period("2018-Q4").chinese(), "2018年第4季度");
        assert_eq!(period("2018").chinese(), "2018年");
    }
}
