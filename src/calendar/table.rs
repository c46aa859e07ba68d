//! Reading a calendar file: `date,day` (and optionally `holiday,notice`, or any other column,
//! which are kept by no one), one row per date that departs from Monday to Friday.

use std::collections::BTreeMap;
use std::io::Read;

use crate::read::raw_row::RawRow;
use jiff::civil::{Date, Weekday};

#[cfg(test)]
use super::Calendar;
use super::Day;
use crate::error::{ErrorKind, Result, shorten};
use crate::read::csv::{Column, CsvInput};

const DATE: Column = Column {
    name: "date",
    headers: &["日期"],
};
const DAY: Column = Column {
    name: "day",
    headers: &["类型"],
};

/// Reads every row of a calendar file. Errors name the file, line and column.
pub(super) fn read<R: Read>(mut csv: CsvInput<R>) -> Result<BTreeMap<i16, BTreeMap<Date, Day>>> {
    let require = |csv: &CsvInput<R>, column: &Column| -> Result<usize> {
        csv.header()
            .find(column, None)
            .map_err(|kind| csv.header_error(kind))?
            .ok_or_else(|| {
                let looked_for = crate::read::header::looked_for(column, None);
                csv.header_error(crate::read::header::missing(column.name, looked_for))
            })
    };
    let date_column = require(&csv, &DATE)?;
    let day_column = require(&csv, &DAY)?;
    let mut years: BTreeMap<i16, BTreeMap<Date, Day>> = BTreeMap::new();
    let mut lines: BTreeMap<Date, u64> = BTreeMap::new();
    let mut record = RawRow::new();
    while csv.read(&mut record)? {
        let text = csv.text(&record, date_column)?.trim().to_owned();
        let date = read_date(&text).ok_or_else(|| {
            csv.error_at(
                ErrorKind::BadValue {
                    value: shorten(&text),
                    expected: "a date (YYYY-MM-DD)".to_owned(),
                },
                date_column,
            )
        })?;
        let text = csv.text(&record, day_column)?.trim().to_owned();
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        let day = match text.to_ascii_lowercase().as_str() {
            "off" | "休" => Day::Off,
            "work" | "班" => Day::Work,
            _ => {
                return Err(csv.error_at(
                    ErrorKind::BadValue {
                        value: shorten(&text),
                        expected: "off (a weekday off, 休) or work (a weekend day worked, 班)"
                            .to_owned(),
                    },
                    day_column,
                ));
            }
        };
        // A row says how a date departs from Monday to Friday; one that does not is a slip
        // (a date off by one), not a rule.
        if (day == Day::Off) == weekend {
            let (what, weekday) = match day {
                Day::Off => ("off", "a Saturday or Sunday, off anyway"),
                Day::Work => ("work", "a Monday to Friday, worked anyway"),
            };
            return Err(csv.error_at(
                ErrorKind::BadValue {
                    value: format!("{date} {what}"),
                    expected: format!(
                        "a date that departs from Monday to Friday ({date} is {weekday})"
                    ),
                },
                date_column,
            ));
        }
        let line = csv.line();
        if let Some(first) = lines.insert(date, line) {
            return Err(csv.error_at(
                ErrorKind::RepeatedPlace {
                    what: "date".to_owned(),
                    value: date.to_string(),
                    first: format!("line {first}"),
                },
                date_column,
            ));
        }
        years.entry(date.year()).or_default().insert(date, day);
    }
    Ok(years)
}

/// `YYYY-MM-DD` (or `YYYY/MM/DD`), a real date of years 1–9999.
fn read_date(text: &str) -> Option<Date> {
    let mut parts = text.split(['-', '/']);
    let year: i16 = parts.next()?.parse().ok()?;
    let month: i8 = parts.next()?.parse().ok()?;
    let day: i8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=9999).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        Calendar::from_reader(text.as_bytes(), "calendar.csv")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn malformed_rows_name_the_line_and_column() {
        assert_eq!(
            error("date,day\n2024-02-30,off\n"),
            "calendar.csv:2: column 'date': cannot read \"2024-02-30\" as a date (YYYY-MM-DD)"
        );
        assert_eq!(
            error("date,day\n2024-02-12,holiday\n"),
            "calendar.csv:2: column 'day': cannot read \"holiday\" as off (a weekday off, 休) or work (a weekend day worked, 班)"
        );
        assert!(error("date,day\n2024-02-10,off\n").contains("is a Saturday or Sunday"));
        assert!(error("date,day\n2024-02-12,work\n").contains("is a Monday to Friday"));
        assert!(error("date,day\n2024-02-12,off\n2024-02-12,off\n").contains("repeats line 2"));
        assert!(error("day\noff\n").contains("no column for 'date'"));
    }

    #[test]
    fn chinese_headers_and_marks_are_read() {
        let calendar =
            Calendar::from_reader("日期,类型\n2024/2/4,班\n".as_bytes(), "calendar.csv").unwrap();
        assert_eq!(
            calendar.day(jiff::civil::date(2024, 2, 4)).unwrap(),
            Some(Day::Work)
        );
    }
}
