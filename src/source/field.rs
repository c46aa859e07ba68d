//! Reading typed values out of text fields, once, at the edge.

use jiff::civil::{Date, DateTime, Time};
use rust_decimal::Decimal;

use crate::error::{ErrorKind, shorten};
use crate::name::normalize;

/// What a time looks like, for error messages: the forms read, so that the message says the
/// fix.
const TIME_FORMS: &str = "a date (the forms read: 2018-11-05, 2018/11/5, either followed by 09:30 or 09:30:15, and 2018-11-05T09:30:15; as offices write them, 2018年11月5日 and 2018.11.5, either followed by 09:30 or 9时30分)";

/// Reads a decimal field exactly: trimmed and NFKC-folded (full-width digits are digits), empty
/// is `None`. Exponents, NaN and infinities are not decimals; a number with more digits than a
/// decimal holds is an error, never rounded.
///
/// The error is the kind only: the caller knows the field's location.
pub(crate) fn decimal(text: &str) -> Result<Option<Decimal>, ErrorKind> {
    let text = normalize(text);
    if text.is_empty() {
        return Ok(None);
    }
    // rust_decimal also reads forms no export means as a number (`8_6` as 86, skipping
    // underscores): only the form the guide documents is read, checked first in one pass over
    // the bytes.
    if !has_decimal_form(&text) {
        return Err(ErrorKind::BadValue {
            value: shorten(&text),
            expected: "a decimal".to_owned(),
        });
    }
    match Decimal::from_str_exact(&text) {
        // A negative zero reads as zero, so that it never prints as "-0".
        Ok(value) if value.is_zero() => Ok(Some(Decimal::ZERO)),
        Ok(value) => Ok(Some(value)),
        // A number too large or with too many digits for a decimal: rust_decimal says so with
        // these variants, or, for too many digits, with a message only; so a failure on text
        // that has a decimal's form is taken as one too (never by the message's words).
        Err(
            rust_decimal::Error::Underflow
            | rust_decimal::Error::ExceedsMaximumPossibleValue
            | rust_decimal::Error::LessThanMinimumPossibleValue
            | rust_decimal::Error::ScaleExceedsMaximumPrecision(_),
        ) => Err(ErrorKind::TooPrecise {
            value: shorten(&text),
        }),
        // The text has a decimal's form: any other failure is too many digits.
        Err(_) => Err(ErrorKind::TooPrecise {
            value: shorten(&text),
        }),
    }
}

/// Whether `text` is written as a decimal: an optional sign, digits with at most one point
/// among them, at least one digit.
fn has_decimal_form(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !(whole.is_empty() && fraction.is_empty())
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
}

/// Reads a time: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD[ HH:MM[:SS]]` or
/// `YYYY-MM-DDTHH:MM:SS`, as local civil time. Month, day and hour may have one digit, as
/// Excel writes them (`2018/11/5 9:03`); seconds may have a fraction. Impossible dates
/// (`2018-02-30`) are errors. `None` for an empty field.
pub(crate) fn time(text: &str) -> Result<Option<DateTime>, ErrorKind> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || ErrorKind::BadValue {
        value: shorten(text),
        expected: TIME_FORMS.to_owned(),
    };
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        at: 0,
    };
    let Some(year) = cursor.number(4, 4) else {
        return office_time(text).ok_or_else(bad);
    };
    let Some(separator) = cursor.next().filter(|b| *b == b'-' || *b == b'/') else {
        return office_time(text).ok_or_else(bad);
    };
    let month = cursor.number(1, 2).ok_or_else(bad)?;
    cursor.expect(separator).ok_or_else(bad)?;
    let day = cursor.number(1, 2).ok_or_else(bad)?;
    let (mut hour, mut minute, mut second, mut nanosecond) = (0, 0, 0, 0);
    if !cursor.done() {
        match cursor.next() {
            Some(b'T') if separator == b'-' => {}
            Some(b' ') => cursor.skip_spaces(),
            _ => return Err(bad()),
        }
        hour = cursor.number(1, 2).ok_or_else(bad)?;
        cursor.expect(b':').ok_or_else(bad)?;
        minute = cursor.number(2, 2).ok_or_else(bad)?;
        if cursor.peek() == Some(b':') {
            cursor.next();
            second = cursor.number(2, 2).ok_or_else(bad)?;
            if cursor.peek() == Some(b'.') {
                cursor.next();
                nanosecond = cursor.fraction().ok_or_else(bad)?;
            }
        }
        if !cursor.done() {
            return Err(bad());
        }
    }
    let small = |n: u32| i8::try_from(n).map_err(|_| bad());
    DateTime::new(
        i16::try_from(year).map_err(|_| bad())?,
        small(month)?,
        small(day)?,
        small(hour)?,
        small(minute)?,
        small(second)?,
        i32::try_from(nanosecond).map_err(|_| bad())?,
    )
    .map(Some)
    .map_err(|_| bad())
}

/// Reads a time as offices write it, when it is none of the forms [`time`] reads first (so that
/// those, which exports write, stay as fast as they were): `2024年5月18日`, `2024.5.18`, either
/// followed by a time as `12:36[:05]` or `12时36分[05秒]` (`点` for `时` too), with or without
/// a space between; full-width digits, colons and spaces as their ASCII forms. `None` when the
/// text is none of these, or no possible time.
fn office_time(original: &str) -> Option<Option<DateTime>> {
    let text = normalize(original);
    // Full-width digits in a form read first (`２０２４-０５-１８`): read folded, once (the
    // folded text folds to itself, so this recurses no further).
    if text != original && text.is_ascii() && text.contains(['-', '/']) {
        return time(&text).ok();
    }
    let mut chars = text.trim().chars().peekable();
    let number = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, most: usize| {
        let mut value: u32 = 0;
        let mut digits = 0;
        while let Some(digit) = chars.peek().and_then(|c| c.to_digit(10)) {
            if digits == most {
                return None;
            }
            value = value * 10 + digit;
            digits += 1;
            chars.next();
        }
        (digits > 0).then_some(value)
    };
    let year = number(&mut chars, 4)?;
    let (month_end, day_end) = match chars.next()? {
        '年' => ('月', Some('日')),
        '.' => ('.', None),
        _ => return None,
    };
    let month = number(&mut chars, 2)?;
    (chars.next()? == month_end).then_some(())?;
    let day = number(&mut chars, 2)?;
    if let Some(day_end) = day_end {
        (chars.next()? == day_end).then_some(())?;
    }
    while chars.peek() == Some(&' ') {
        chars.next();
    }
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    if chars.peek().is_some() {
        hour = number(&mut chars, 2)?;
        match chars.next()? {
            ':' => {
                minute = number(&mut chars, 2)?;
                if chars.peek() == Some(&':') {
                    chars.next();
                    second = number(&mut chars, 2)?;
                }
            }
            '时' | '点' => {
                if chars.peek().is_some() {
                    minute = number(&mut chars, 2)?;
                    (chars.next()? == '分').then_some(())?;
                    if chars.peek().is_some() {
                        second = number(&mut chars, 2)?;
                        (chars.next()? == '秒').then_some(())?;
                    }
                }
            }
            _ => return None,
        }
        if chars.next().is_some() {
            return None;
        }
    }
    let small = |n: u32| i8::try_from(n).ok();
    DateTime::new(
        i16::try_from(year).ok()?,
        small(month)?,
        small(day)?,
        small(hour)?,
        small(minute)?,
        small(second)?,
        0,
    )
    .ok()
    .map(Some)
}

/// Reads times as [`time`] does, faster for a column of them: the form exports write,
/// `YYYY-MM-DD[ HH:MM[:SS]]`, is read by position, and the dates read are remembered, a slot
/// per day of two months, so that the records of one day check their date once whatever the
/// order of the rows (an export's rows are in the order of their ids, their days all over a
/// month). Every other form, and every error, goes through [`time`]: the two never differ.
#[derive(Debug)]
pub(crate) struct TimeReader {
    /// Per slot (see [`TimeReader::slot`]): the text of the last date read there by position,
    /// and the date. Every slot starts with a true pair, so that a text equal to a slot's is
    /// that slot's date, filled or not.
    days: [([u8; 10], Date); TimeReader::DAYS],
}

impl Default for TimeReader {
    fn default() -> TimeReader {
        TimeReader {
            days: [(*b"2000-01-01", jiff::civil::date(2000, 1, 1)); TimeReader::DAYS],
        }
    }
}

impl TimeReader {
    /// Slots of remembered dates: the days of two months in a row take one each.
    const DAYS: usize = 64;

    /// Reads a time (see [`time`]). Inlined: it runs for every time of every record.
    #[inline]
    pub(crate) fn read(&mut self, text: &str) -> Result<Option<DateTime>, ErrorKind> {
        match self.by_position(text.as_bytes()) {
            Some(time) => Ok(Some(time)),
            None => time(text),
        }
    }

    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`, a possible time; else `None`.
    fn by_position(&mut self, bytes: &[u8]) -> Option<DateTime> {
        // On fixed positions, without an iterator or a cursor: this runs for every time of
        // every record, twice for a record with a closing time.
        let (day, rest) = bytes.split_first_chunk::<10>()?;
        let time = match *rest {
            [] => Time::midnight(),
            [b' ', h1, h0, b':', m1, m0] => time_of_day((h1, h0), (m1, m0), (b'0', b'0'))?,
            [b' ', h1, h0, b':', m1, m0, b':', s1, s0] => {
                time_of_day((h1, h0), (m1, m0), (s1, s0))?
            }
            _ => return None,
        };
        let (text, date) = &mut self.days[TimeReader::slot(day)];
        if text != day {
            *date = date_by_position(day)?;
            *text = *day;
        }
        Some(date.to_datetime(time))
    }

    /// The slot of a date's text: its day of the month, in the upper half for odd months. Any
    /// text has a slot (one whose date it is not when it is no date).
    fn slot(day: &[u8; 10]) -> usize {
        let digit = |byte: u8| usize::from(byte & 0x0F);
        (digit(day[8]) * 10 + digit(day[9]) + (digit(day[6]) & 1) * 32) % TimeReader::DAYS
    }
}

/// `YYYY-MM-DD`, a possible date; else `None`.
fn date_by_position(day: &[u8; 10]) -> Option<Date> {
    let [y3, y2, y1, y0, b'-', m1, m0, b'-', d1, d0] = *day else {
        return None;
    };
    let year = i16::from(digits(y3, y2)?) * 100 + i16::from(digits(y1, y0)?);
    Date::new(year, digits(m1, m0)?, digits(d1, d0)?).ok()
}

/// Hours, minutes and seconds as two ASCII digits each, a possible time of day; else `None`.
#[inline(always)]
fn time_of_day(hours: (u8, u8), minutes: (u8, u8), seconds: (u8, u8)) -> Option<Time> {
    let hour = digits(hours.0, hours.1)?;
    let minute = digits(minutes.0, minutes.1)?;
    let second = digits(seconds.0, seconds.1)?;
    Time::new(hour, minute, second, 0).ok()
}

/// The number two ASCII digits write; `None` unless both are digits.
#[inline(always)]
fn digits(tens: u8, units: u8) -> Option<i8> {
    let (tens, units) = (tens.wrapping_sub(b'0'), units.wrapping_sub(b'0'));
    // At most 99: an i8.
    (tens < 10 && units < 10).then(|| (tens * 10 + units) as i8)
}

/// Reads bytes left to right without allocating.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    /// A number of `min` to `max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.at;
        let mut value = 0u32;
        while self.at - start < max {
            match self.peek() {
                Some(digit @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(digit - b'0');
                    self.at += 1;
                }
                _ => break,
            }
        }
        (self.at - start >= min && !matches!(self.peek(), Some(b'0'..=b'9'))).then_some(value)
    }

    /// A fraction of a second, 1 to 9 digits, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.at;
        let digits = self.number(1, 9)?;
        let length = (self.at - start) as u32;
        Some(digits * 10u32.pow(9 - length))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_time_format() {
        let cases = [
            ("2018-11-05", "2018-11-05T00:00:00"),
            ("2018-11-05 09:03", "2018-11-05T09:03:00"),
            ("2018-11-05 09:03:27", "2018-11-05T09:03:27"),
            ("2018/11/05", "2018-11-05T00:00:00"),
            ("2018/11/05 09:03", "2018-11-05T09:03:00"),
            ("2018/11/05 09:03:27", "2018-11-05T09:03:27"),
            ("2018-11-05T09:03:27", "2018-11-05T09:03:27"),
            ("2018/11/5 9:03", "2018-11-05T09:03:00"),
            (" 2018-11-05  09:03:27.5 ", "2018-11-05T09:03:27.5"),
        ];
        for (text, expected) in cases {
            assert_eq!(time(text).unwrap().unwrap().to_string(), expected, "{text}");
        }
        assert_eq!(time("  "), Ok(None));
    }

    #[test]
    fn rejects_impossible_and_foreign_times() {
        for text in [
            "2018-13-45",
            "2018-02-30",
            "2018-11-05 24:00",
            "2018-11-05 09:60",
            "2018-11",
            "18-11-05",
            "2018-11/05",
            "2018/11/05T09:03:00",
            "2018-11-05T09:03:00Z",
            "2018-11-05 09:03:00+08:00",
            "2018-11-05 9",
            "20181105",
            "2018-011-05",
            "Nov 5, 2018",
        ] {
            assert!(
                matches!(time(text), Err(ErrorKind::BadValue { .. })),
                "{text:?} was read"
            );
        }
        assert_eq!(
            time("2018-13-45").unwrap_err().to_string(),
            "cannot read \"2018-13-45\" as a date (the forms read: 2018-11-05, 2018/11/5, either followed by 09:30 or 09:30:15, and 2018-11-05T09:30:15; as offices write them, 2018年11月5日 and 2018.11.5, either followed by 09:30 or 9时30分)"
        );
    }

    #[test]
    fn a_time_reader_remembers_dates_not_errors() {
        let mut reader = TimeReader::default();
        for (text, expected) in [
            ("2018-11-05 09:03:27", Some("2018-11-05T09:03:27")),
            ("2018-11-05 23:59", Some("2018-11-05T23:59:00")),
            ("2018-11-05 24:00", None),
            ("2018-11-05", Some("2018-11-05T00:00:00")),
            ("2018-02-29 10:00:00", None),
            ("2018-11-05 09:03:60", None),
            ("2018-11-06 00:00:00", Some("2018-11-06T00:00:00")),
        ] {
            let read = reader
                .read(text)
                .map(|time| time.map(|time| time.to_string()));
            assert_eq!(read, time(text).map(|t| t.map(|t| t.to_string())), "{text}");
            assert_eq!(read.ok().flatten().as_deref(), expected, "{text}");
        }
    }

    proptest::proptest! {
        /// The reader, its remembered date included, reads every text as `time` does.
        #[test]
        fn a_time_reader_reads_as_time_does(
            days in proptest::collection::vec("(19|20|00|99)[0-9]{2}[-/]?[01][0-9]-[0-3][0-9]", 1..4),
            rows in proptest::collection::vec(
                (0..4usize, "([ T][0-2][0-9]:[0-6][0-9](:[0-6][0-9](\\.[0-9])?)?)? ?"),
                1..40,
            ),
        ) {
            // Rows of a few days, so that remembered dates are read again.
            let mut reader = TimeReader::default();
            for (day, rest) in rows {
                let text = format!("{}{rest}", days[day % days.len()]);
                proptest::prop_assert_eq!(reader.read(&text), time(&text), "{}", text);
            }
        }

        /// Text of the lengths read by position but any bytes where digits go (a letter, a
        /// sign, a byte past `9`): read as `time` does.
        #[test]
        fn a_time_reader_reads_near_misses_as_time_does(
            texts in proptest::collection::vec(
                "[0-9:;/ +-]{4}-[0-9:/a ]{2}-[0-9:/ ]{2}( [0-9:;/]{2}:[0-9:/ ]{2}(:[0-9;/]{2})?)?",
                1..20,
            ),
        ) {
            let mut reader = TimeReader::default();
            for text in texts {
                proptest::prop_assert_eq!(reader.read(&text), time(&text), "{}", text);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Dates of many days, months and years, so that slots are shared and taken over (and
        /// impossible dates and a slot's first date among them): read as `time` does.
        #[test]
        fn a_time_reader_reads_dates_sharing_slots_as_time_does(
            texts in proptest::collection::vec(
                "(2000|2018|2019|0000|9999)-(0[0-9]|1[0-3])-(0[0-9]|[1-3][0-9])( [0-2][0-9]:[0-6][0-9](:[0-6][0-9])?)?",
                1..40,
            ),
        ) {
            let mut reader = TimeReader::default();
            for text in texts {
                proptest::prop_assert_eq!(reader.read(&text), time(&text), "{}", text);
            }
        }

        /// Any text at all, of any length and of the lengths read by position, after the date
        /// a slot starts with: read as `time` does.
        #[test]
        fn a_time_reader_reads_any_text_as_time_does(
            texts in proptest::collection::vec(
                proptest::prop_oneof![
                    "\\PC{0,24}",
                    "[\\x00-\\x7F]{10}",
                    "2000-01-01[\\x00-\\x7F]{0,9}",
                    "[0-9]{4}.[0-9]{2}.[0-9]{2}.[0-9]{2}.[0-9]{2}(.[0-9]{2})?",
                ],
                1..20,
            ),
        ) {
            let mut reader = TimeReader::default();
            for text in texts {
                proptest::prop_assert_eq!(reader.read(&text), time(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn a_time_reader_tells_dates_of_one_slot_apart() {
        // 2018-11-05, 2019-11-05, 2018-01-05 and 2018-03-05 share a slot.
        let mut reader = TimeReader::default();
        for text in [
            "2018-11-05 09:00",
            "2019-11-05 09:00",
            "2018-01-05 09:00:01",
            "2018-03-05",
            "2018-11-05 09:00",
            "2018-02-30 09:00",
            "2000-01-01",
            "2000-01-01 23:59:59",
            "0000-01-01",
        ] {
            assert_eq!(reader.read(text), time(text), "{text}");
        }
    }

    #[test]
    fn reads_decimals_exactly() {
        assert_eq!(decimal(" 12.50 "), Ok(Some(Decimal::new(1250, 2))));
        assert_eq!(decimal("１２.５"), Ok(Some(Decimal::new(125, 1))));
        assert_eq!(decimal("-3"), Ok(Some(Decimal::from(-3))));
        assert_eq!(decimal(""), Ok(None));
        assert_eq!(decimal("   "), Ok(None));
        let precise = decimal("1.0000000000000000000000000001").unwrap().unwrap();
        assert_eq!(precise.to_string(), "1.0000000000000000000000000001");
    }

    #[test]
    fn negative_zero_reads_as_zero() {
        let zero = decimal("-0.0").unwrap().unwrap();
        assert!(zero.is_zero() && !zero.is_sign_negative());
    }

    #[test]
    fn rejects_what_is_not_an_exact_decimal() {
        for text in [
            "NaN", "inf", "-inf", "1e5", "1,5", "abc", "1.2.3", "0x10", ".", "-", "+.", "1-",
            // rust_decimal skips underscores (`8_6` would read 86) and reads radix prefixes.
            "8_6", "1_000.5", "_1", "1_", "0b101", "0o17", "+-1", "1.5_0",
        ] {
            assert!(
                matches!(decimal(text), Err(ErrorKind::BadValue { .. })),
                "{text:?} was read"
            );
        }
        for text in [
            "0.00000000000000000000000000001",
            "1000000000000000000000000000000",
            "79228162514264337593543950336",
            "-79228162514264337593543950336",
            "+1000000000000000000000000000000.5",
        ] {
            assert!(
                matches!(decimal(text), Err(ErrorKind::TooPrecise { .. })),
                "{text:?} was read"
            );
        }
    }

    #[test]
    fn times_as_offices_write_them() {
        let at = |text: &str| time(text).unwrap().unwrap().to_string();
        assert_eq!(at("2024年5月18日 12:36"), "2024-05-18T12:36:00");
        assert_eq!(at("2024年5月18日12时36分"), "2024-05-18T12:36:00");
        assert_eq!(at("2024年5月18日12时36分5秒"), "2024-05-18T12:36:05");
        assert_eq!(at("2024年05月18日 9点5分"), "2024-05-18T09:05:00");
        assert_eq!(at("2024年5月18日"), "2024-05-18T00:00:00");
        assert_eq!(at("2024.5.18"), "2024-05-18T00:00:00");
        assert_eq!(at("2024.5.18 12:36:05"), "2024-05-18T12:36:05");
        assert_eq!(
            at("２０２４年５月１８日　１２：３６"),
            "2024-05-18T12:36:00"
        );
        assert_eq!(at("２０２４-０５-１８ １２:３６"), "2024-05-18T12:36:00");
        assert_eq!(
            TimeReader::default().read("2024年5月18日 12:36").unwrap(),
            time("2024年5月18日 12:36").unwrap()
        );
        for bad in [
            "2024年5月18",
            "2024年13月1日",
            "2024年2月30日",
            "2024.5",
            "2024.5.18.1",
            "2024年5月18日 25:00",
            "2024年5月18日12时36",
            "2024-5月18日",
            "abcd-",
            "２０２４",
            "2024年5月18日 12:36 下午",
        ] {
            assert!(time(bad).is_err(), "{bad}");
        }
    }
}
