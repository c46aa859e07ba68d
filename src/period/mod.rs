//! Periods: months, quarters and years.

mod periods;

pub(crate) use periods::{PeriodRole, Periods};

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

use crate::error::{Error, ErrorKind, Location};

/// A month (`2018-11`), a quarter (`2018-Q4`) or a year (`2018`), the span a board ranks.
///
/// A record belongs to a period by its time. The [previous](Period::previous) period is the
/// one of the same length just before, against which rank changes are shown.
///
/// ```
/// use livability::Period;
///
/// let november: Period = "2018-11".parse()?;
/// assert_eq!(november.previous(), Some("2018-10".parse()?));
/// assert_eq!("2019-Q1".parse::<Period>()?.previous(), Some("2018-Q4".parse()?));
/// assert_eq!(november.to_string(), "2018-11");
/// assert_eq!(november.chinese(), "2018年11月");
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    year: i16,
    span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Span {
    Month(u8),
    Quarter(u8),
    Year,
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
pub(crate) const PERIOD_FORMS: &str = "a period (YYYY-MM, YYYY-Qn or YYYY)";

impl Period {
    /// The month `month` (1–12) of `year` (1–9999), or `None` if either is out of range.
    pub fn month(year: i16, month: u8) -> Option<Period> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Period {
            year,
            span: Span::Month(month),
        })
    }

    /// The quarter `quarter` (1–4) of `year` (1–9999), or `None` if either is out of range.
    pub fn quarter(year: i16, quarter: u8) -> Option<Period> {
        ((1..=9999).contains(&year) && (1..=4).contains(&quarter)).then_some(Period {
            year,
            span: Span::Quarter(quarter),
        })
    }

    /// The year `year` (1–9999), or `None` if it is out of range.
    pub fn year(year: i16) -> Option<Period> {
        (1..=9999).contains(&year).then_some(Period {
            year,
            span: Span::Year,
        })
    }

    /// Reads `YYYY-MM`, `YYYY-Qn` (or `YYYY-qn`) or `YYYY`; `None` for anything else.
    pub(crate) fn parse(text: &str) -> Option<Period> {
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
        match bytes.len() {
            4 => Period::year(year),
            7 if bytes[4] == b'-' && bytes[5].eq_ignore_ascii_case(&b'q') => {
                Period::quarter(year, u8::try_from(digits(6..7)?).ok()?)
            }
            7 if bytes[4] == b'-' => Period::month(year, u8::try_from(digits(5..7)?).ok()?),
            _ => None,
        }
    }

    /// Whether `date` falls within the period.
    pub fn contains(&self, date: Date) -> bool {
        if date.year() != self.year {
            return false;
        }
        let month = date.month().unsigned_abs();
        match self.span {
            Span::Month(m) => month == m,
            Span::Quarter(q) => (month - 1) / 3 + 1 == q,
            Span::Year => true,
        }
    }

    /// The period of the same length just before, or `None` before year 1.
    pub fn previous(&self) -> Option<Period> {
        let year = self.year;
        match self.span {
            Span::Month(1) => Period::month(year - 1, 12),
            Span::Month(m) => Period::month(year, m - 1),
            Span::Quarter(1) => Period::quarter(year - 1, 4),
            Span::Quarter(q) => Period::quarter(year, q - 1),
            Span::Year => Period::year(year - 1),
        }
    }

    /// The period's last day.
    pub(crate) fn last_day(&self) -> Date {
        let (year, month) = match self.span {
            Span::Month(m) => (self.year, m),
            Span::Quarter(q) => (self.year, q * 3),
            Span::Year => (self.year, 12),
        };
        // A valid period's month is 1–12, so its first day exists.
        Date::new(year, month as i8, 1).map_or(Date::MIN, |first| first.last_of_month())
    }

    /// The same period a year earlier (November 2017 for November 2018), or `None` before
    /// year 1.
    pub fn year_ago(&self) -> Option<Period> {
        let year = self.year.checked_sub(1)?;
        (year >= 1).then_some(Period {
            year,
            span: self.span,
        })
    }

    /// The period as a Chinese newsletter writes it: `2018年11月`, `2018年第4季度`, `2018年`.
    pub fn chinese(&self) -> String {
        match self.span {
            Span::Month(m) => format!("{}年{m}月", self.year),
            Span::Quarter(q) => format!("{}年第{q}季度", self.year),
            Span::Year => format!("{}年", self.year),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Span::Month(m) => write!(f, "{:04}-{m:02}", self.year),
            Span::Quarter(q) => write!(f, "{:04}-Q{q}", self.year),
            Span::Year => write!(f, "{:04}", self.year),
        }
    }
}

impl FromStr for Period {
    type Err = Error;

    /// Reads `YYYY-MM`, `YYYY-Qn` or `YYYY`, after trimming spaces.
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

    #[test]
    fn chinese_labels() {
        assert_eq!(period("2018-11").chinese(), "2018年11月");
        assert_eq!(period("2018-Q4").chinese(), "2018年第4季度");
        assert_eq!(period("2018").chinese(), "2018年");
    }
}
