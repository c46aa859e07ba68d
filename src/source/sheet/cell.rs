//! A cell's value as the text Excel shows for it, which is also what its CSV export writes:
//! numbers in at most 15 significant digits (Excel's precision, so a binary float's tail such
//! as `7.0000000000000009` reads `7`), dates as `YYYY-MM-DD[ HH:MM:SS]` in the workbook's date
//! system, `TRUE`/`FALSE`, text as written. An error value, or a date no calendar has, is no
//! text: it is refused, naming the cell.

#![allow(
    clippy::disallowed_types,
    reason = "a workbook stores numbers and dates as binary floats: this is where they become the text Excel shows, before any decimal is read from it"
)]

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};
use jiff::civil::Date;

use crate::error::ErrorKind;

/// A cell's value, from a streamed `.xlsx` sheet or a loaded range alike.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Value<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(ExcelDateTime),
    /// An OpenDocument date or time, written in ISO 8601.
    IsoDate(&'a str),
    /// An OpenDocument duration, written in ISO 8601 (`PT12H30M`).
    IsoDuration(&'a str),
    Error(&'a CellErrorType),
}

impl<'a> From<&'a DataRef<'_>> for Value<'a> {
    fn from(data: &'a DataRef<'_>) -> Value<'a> {
        match data {
            DataRef::Empty => Value::Empty,
            DataRef::String(text) => Value::Text(text),
            DataRef::SharedString(text) => Value::Text(text),
            DataRef::Int(n) => Value::Int(*n),
            DataRef::Float(x) => Value::Float(*x),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(d) => Value::Date(*d),
            DataRef::DateTimeIso(text) => Value::IsoDate(text),
            DataRef::DurationIso(text) => Value::IsoDuration(text),
            DataRef::Error(error) => Value::Error(error),
        }
    }
}

impl<'a> From<&'a Data> for Value<'a> {
    fn from(data: &'a Data) -> Value<'a> {
        match data {
            Data::Empty => Value::Empty,
            Data::String(text) => Value::Text(text),
            Data::Int(n) => Value::Int(*n),
            Data::Float(x) => Value::Float(*x),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(d) => Value::Date(*d),
            Data::DateTimeIso(text) => Value::IsoDate(text),
            Data::DurationIso(text) => Value::IsoDuration(text),
            Data::Error(error) => Value::Error(error),
        }
    }
}

impl Value<'_> {
    /// Appends the value's text to `out`; an error value or an impossible date is refused.
    pub(crate) fn write(self, out: &mut String) -> Result<(), ErrorKind> {
        use std::fmt::Write as _;
        match self {
            Value::Empty => {}
            Value::Text(text) | Value::IsoDuration(text) => out.push_str(text),
            Value::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Float(x) => write_number(x, out)?,
            Value::Bool(true) => out.push_str("TRUE"),
            Value::Bool(false) => out.push_str("FALSE"),
            Value::Date(date) => write_date(date, out)?,
            Value::IsoDate(text) => write_iso_date(text, out)?,
            Value::Error(error) => {
                return Err(ErrorKind::ErrorCell {
                    error: error.to_string(),
                });
            }
        }
        Ok(())
    }

    /// Whether the cell shows nothing: empty, or text of white space alone.
    pub(crate) fn is_blank(self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// Excel's precision: 15 significant digits.
const SIGNIFICANT: usize = 15;

/// A number as Excel shows it in the General format and writes it to CSV: rounded to 15
/// significant digits, without trailing zeros; in plain digits while a decimal holds them
/// (the CSV reader reads no exponent), else in Excel's scientific form.
pub(crate) fn write_number(x: f64, out: &mut String) -> Result<(), ErrorKind> {
    if !x.is_finite() {
        return Err(ErrorKind::ErrorCell {
            error: "#NUM!".to_owned(),
        });
    }
    if x == 0.0 {
        out.push('0');
        return Ok(());
    }
    // `{:.14e}` rounds to 15 significant digits, correctly, from the float's exact value.
    let scientific = format!("{:.*e}", SIGNIFICANT - 1, x);
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    // The value is 0.d1d2d3… × 10^(exponent + 1).
    let point = exponent + 1;
    let scale = digits.len() as i32 - point;
    if !(-(28 - SIGNIFICANT as i32)..=28).contains(&exponent) || scale > 28 {
        let (first, rest) = digits.split_at(1);
        if negative {
            out.push('-');
        }
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push_str(&format!(
            "E{}{:02}",
            if exponent < 0 { '-' } else { '+' },
            exponent.abs()
        ));
        return Ok(());
    }
    if negative {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..-point {
            out.push('0');
        }
        out.push_str(digits);
    } else if point as usize >= digits.len() {
        out.push_str(digits);
        for _ in 0..(point as usize - digits.len()) {
            out.push('0');
        }
    } else {
        let (whole, fraction) = digits.split_at(point as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    }
    Ok(())
}

/// A number as Excel shows it, as a decimal: what [`write_number`] writes, read back.
#[cfg(test)]
fn shown(x: f64) -> String {
    let mut out = String::new();
    write_number(x, &mut out).unwrap();
    if !out.contains('E') {
        assert!(rust_decimal::Decimal::from_str_exact(&out).is_ok(), "{out}");
    }
    out
}

/// Milliseconds in a day.
const DAY_MS: f64 = 86_400_000.0;

/// A date cell as `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when it has a time of day, in the
/// workbook's date system (calamine's conversion, 1900 or 1904); a time without a date (a
/// serial below 1 in the 1900 system, shown `1900-01-00` with a date format) as `HH:MM:SS`, a
/// duration as `[h]:mm:ss`. The time is rounded to the second, as Excel shows it.
fn write_date(value: ExcelDateTime, out: &mut String) -> Result<(), ErrorKind> {
    use std::fmt::Write as _;
    let serial = value.as_f64();
    if !serial.is_finite() || serial.abs() >= 2_958_466.0 {
        return Err(bad_date(serial, "beyond any date Excel shows"));
    }
    if value.is_duration() {
        if serial < 0.0 {
            return Err(bad_date(serial, "a negative duration"));
        }
        let seconds = (serial * DAY_MS / 1000.0).round() as i64;
        let _ = write!(
            out,
            "{}:{:02}:{:02}",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
        return Ok(());
    }
    if serial < 0.0 {
        return Err(bad_date(
            serial,
            "before the first day the workbook's date system holds",
        ));
    }
    let (year, month, day, hour, minute, second, milli) = value.to_ymd_hms_milli();
    let (year, month, day) = if (year, month, day) == (1899, 12, 31) {
        (1900, 1, 0)
    } else {
        (year, month, day)
    };
    let time = jiff::civil::time(hour as i8, minute as i8, second as i8, 0);
    let day = match Date::new(year as i16, month as i8, day as i8) {
        Ok(day) => day,
        // What calamine makes of a serial below 1 in the 1900 system: a time of day alone.
        Err(_) if (year, month, day) == (1900, 1, 0) => {
            let seconds = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
            let seconds = (seconds + i64::from(milli >= 500)).min(86_399);
            let _ = write!(
                out,
                "{:02}:{:02}:{:02}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            );
            return Ok(());
        }
        Err(_) if (year, month, day) == (1900, 2, 29) => {
            return Err(bad_date(serial, "Excel's 1900-02-29, a day that never was"));
        }
        Err(_) => return Err(bad_date(serial, "beyond any date Excel shows")),
    };
    let mut moment = day.to_datetime(time);
    if milli >= 500 {
        moment = moment
            .checked_add(jiff::Span::new().seconds(1))
            .map_err(|_| bad_date(serial, "beyond any date Excel shows"))?;
    }
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        moment.year(),
        moment.month(),
        moment.day()
    );
    let time = moment.time();
    if time != jiff::civil::Time::midnight() {
        let _ = write!(
            out,
            " {:02}:{:02}:{:02}",
            time.hour(),
            time.minute(),
            time.second()
        );
    }
    Ok(())
}

/// An OpenDocument date (`2018-11-06`, `2018-11-06T09:30:00`, with fractions of seconds or
/// not) as the CSV reader reads dates; a date before 1900 is refused as in an Excel sheet.
fn write_iso_date(text: &str, out: &mut String) -> Result<(), ErrorKind> {
    let text = text.trim();
    let year: Option<i32> = text.get(..4).and_then(|year| year.parse().ok());
    if year.is_some_and(|year| year < 1900) {
        return Err(bad_date_text(
            text,
            "before 1900-01-01, the first day Excel holds",
        ));
    }
    // Whole seconds, as Excel shows them.
    let text = match text.find('.') {
        Some(dot) if text[..dot].contains(':') => &text[..dot],
        _ => text,
    };
    match text.split_once('T') {
        Some((day, "00:00:00")) => out.push_str(day),
        Some((day, time)) => {
            out.push_str(day);
            out.push(' ');
            out.push_str(time);
        }
        None => out.push_str(text),
    }
    Ok(())
}

fn bad_date(serial: f64, why: &str) -> ErrorKind {
    let mut value = String::new();
    let _ = write_number(serial, &mut value);
    bad_date_text(&value, why)
}

fn bad_date_text(value: &str, why: &str) -> ErrorKind {
    ErrorKind::BadDateCell {
        value: crate::error::shorten(value),
        why: why.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(shown(7.000_000_000_000_001), "7");
        assert_eq!(shown(0.1 + 0.2), "0.3");
        assert_eq!(shown(2.10), "2.1");
        assert_eq!(shown(-1.5), "-1.5");
        assert_eq!(shown(97.0), "97");
        assert_eq!(shown(201_811_000_448.0), "201811000448");
        assert_eq!(shown(123_456_789_012_345_678.0), "123456789012346000");
        assert_eq!(shown(0.000_123), "0.000123");
        assert_eq!(shown(1.0 / 3.0), "0.333333333333333");
        assert_eq!(shown(1e30), "1E+30");
        assert_eq!(shown(1.5e-20), "1.5E-20");
        assert_eq!(shown(0.0), "0");
    }

    #[test]
    fn every_number_has_at_most_fifteen_significant_digits() {
        for x in [
            std::f64::consts::PI,
            1e15 / 7.0,
            12_345.678_901_234_567,
            0.1 * 3.0,
        ] {
            let text = shown(x);
            let digits = text
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>();
            assert!(
                digits.trim_start_matches('0').len() <= SIGNIFICANT,
                "{text}"
            );
            let back: f64 = text.parse().unwrap();
            assert!((back - x).abs() <= x.abs() * 1e-14, "{x} read {text}");
        }
    }

    fn date_text(serial: f64, is_1904: bool) -> Result<String, ErrorKind> {
        let mut out = String::new();
        write_date(
            ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, is_1904),
            &mut out,
        )?;
        Ok(out)
    }

    #[test]
    fn dates_in_both_date_systems() {
        assert_eq!(date_text(43405.0, false).unwrap(), "2018-11-01");
        assert_eq!(date_text(43405.5, false).unwrap(), "2018-11-01 12:00:00");
        // 1462 days separate the two systems' epochs.
        assert_eq!(date_text(43405.0 - 1462.0, true).unwrap(), "2018-11-01");
        assert_eq!(date_text(1.0, false).unwrap(), "1900-01-01");
        assert_eq!(date_text(59.0, false).unwrap(), "1900-02-28");
        assert_eq!(date_text(61.0, false).unwrap(), "1900-03-01");
        assert_eq!(date_text(0.0, true).unwrap(), "1904-01-01");
        // Rounded to the second: 23:59:59.6 is the next day.
        assert_eq!(
            date_text(43405.0 + (86_399.6 / 86_400.0), false).unwrap(),
            "2018-11-02"
        );
        assert_eq!(date_text(0.75, false).unwrap(), "18:00:00");
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(matches!(
            date_text(-3.0, false),
            Err(ErrorKind::BadDateCell { .. })
        ));
        assert!(matches!(
            date_text(60.0, false),
            Err(ErrorKind::BadDateCell { .. })
        ));
        let mut out = String::new();
        assert!(write_iso_date("1899-12-31", &mut out).is_err());
        write_iso_date("2018-11-06T09:30:00.250", &mut out).unwrap();
        assert_eq!(out, "2018-11-06 09:30:00");
    }
}
