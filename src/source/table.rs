//! The `table` source: indicators computed elsewhere (a city-wide warehouse, DataFusion,
//! Spark), in long format `period,place,indicator,value`, for scoring and ranking only.

use std::collections::BTreeMap;
use std::io::Read;

use crate::read::raw_row::RawRow;
use rust_decimal::Decimal;

use super::field;
use crate::error::{ErrorKind, MalformedRow, Result, shorten};
use crate::period::{PERIOD_FORMS, Period};
use crate::read::csv::{Column, CsvInput};

/// One row of a `table` source: the value of an indicator for a place in a period.
///
/// The place is named by id, name or alias; the indicator by the id of a board's indicator or
/// by its `name`. A `None` value is a missing value. A value may be an exact ratio
/// (`value ÷ denominator`, written `n/d` in a file), divided once, exactly, in the crate: the
/// form in which `livability sql` hands over means and shares, so that no engine's decimal
/// division rounds them.
///
/// ```
/// use livability::input::TableRow;
/// use livability::Decimal;
///
/// let row = TableRow::new("2018-11".parse()?, "天山二村", "sanitation", Decimal::new(925, 1));
/// assert_eq!(row.value, Some(Decimal::new(925, 1)));
/// let mean = TableRow::ratio("2018-11".parse()?, "天山二村", "sanitation", Decimal::from(277), Decimal::from(3));
/// assert_eq!(mean.denominator, Some(Decimal::from(3)));
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableRow {
    /// The period the value is for.
    pub period: Period,
    /// The place, by id, name or alias.
    pub place: String,
    /// The indicator, by id or `name`.
    pub indicator: String,
    /// The value (the numerator of a ratio); `None` when missing.
    pub value: Option<Decimal>,
    /// The denominator of a ratio: the value is `value ÷ denominator`; `None` for a plain
    /// value. A zero denominator is refused when the row is added.
    pub denominator: Option<Decimal>,
}

impl TableRow {
    /// A row; `value` may be a `Decimal` or an `Option<Decimal>`.
    pub fn new(
        period: Period,
        place: impl Into<String>,
        indicator: impl Into<String>,
        value: impl Into<Option<Decimal>>,
    ) -> TableRow {
        TableRow {
            period,
            place: place.into(),
            indicator: indicator.into(),
            value: value.into(),
            denominator: None,
        }
    }

    /// A row whose value is the exact ratio `numerator ÷ denominator`.
    pub fn ratio(
        period: Period,
        place: impl Into<String>,
        indicator: impl Into<String>,
        numerator: Decimal,
        denominator: Decimal,
    ) -> TableRow {
        TableRow {
            denominator: Some(denominator),
            ..TableRow::new(period, place, indicator, numerator)
        }
    }
}

/// What the row a `livability sql` query adds for its source's malformed rows says after the
/// source's id: `source grid: 3 malformed rows; the first id: G7 (…)`.
pub(crate) const SQL_MALFORMED_ROWS: &str = " malformed rows; the first id: ";

/// The longest report of malformed rows shown whole: its fixed words and an id of a few
/// hundred characters (a longer id, the only part that varies, is cut).
const SQL_REPORT_LIMIT: usize = 400;

/// The report in a period field written by a `livability sql` query for its source's malformed
/// rows, shown whole (its first id is what the analyst looks for), or `None` for any other text.
fn sql_malformed_report(text: &str) -> Option<String> {
    let rest = text.strip_prefix("source ")?;
    let (_, after) = rest.split_once(':')?;
    let (count, _) = after.trim_start().split_once(SQL_MALFORMED_ROWS)?;
    if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if text.chars().count() <= SQL_REPORT_LIMIT {
        return Some(text.to_owned());
    }
    let head: String = text.chars().take(SQL_REPORT_LIMIT).collect();
    Some(format!("{head}… ({} bytes)", text.len()))
}

/// What a table value looks like, for error messages.
const VALUE_FORMS: &str = "a decimal, or a ratio n/d of decimals with d not zero";

/// Reads a table value: a decimal, or `n/d` (both decimals, `d` not zero); empty is missing.
fn ratio(text: &str) -> std::result::Result<(Option<Decimal>, Option<Decimal>), ErrorKind> {
    let Some((numerator, denominator)) = text.split_once('/') else {
        return Ok((field::decimal(text)?, None));
    };
    let bad = || ErrorKind::BadValue {
        value: shorten(text.trim()),
        expected: VALUE_FORMS.to_owned(),
    };
    match (field::decimal(numerator)?, field::decimal(denominator)?) {
        (Some(numerator), Some(denominator)) if !denominator.is_zero() => {
            Ok((Some(numerator), Some(denominator)))
        }
        _ => Err(bad()),
    }
}

pub(crate) const PERIOD: Column = Column {
    name: "period",
    headers: &["期间", "周期"],
};
pub(crate) const PLACE: Column = Column {
    name: "place",
    headers: &["地点"],
};
pub(crate) const INDICATOR: Column = Column {
    name: "indicator",
    headers: &["指标"],
};
pub(crate) const VALUE: Column = Column {
    name: "value",
    headers: &["值", "数值"],
};

/// Reads the rows of a `table` CSV.
pub(crate) struct TableReader<R: Read> {
    csv: CsvInput<R>,
    /// The indexes of period, place, indicator and value.
    columns: [usize; 4],
    record: RawRow,
}

impl<R: Read> TableReader<R> {
    /// Finds the four columns of source `source`, under the headers `columns` maps them to,
    /// if any.
    pub(crate) fn new(
        csv: CsvInput<R>,
        source: &str,
        columns: &BTreeMap<String, String>,
    ) -> Result<Self> {
        let find = |column: &Column| {
            let mapped = columns.get(column.name).map(String::as_str);
            csv.header()
                .require(column, mapped)
                .map_err(|kind| csv.header_error(crate::read::header::for_source(kind, source)))
        };
        let columns = [
            find(&PERIOD)?,
            find(&PLACE)?,
            find(&INDICATOR)?,
            find(&VALUE)?,
        ];
        Ok(TableReader {
            csv,
            columns,
            record: RawRow::new(),
        })
    }

    /// The next row and its line; `None` at the end. A malformed row is an error naming its
    /// line and column; reading may go on after it.
    pub(crate) fn next_row(&mut self) -> Result<Option<(u64, TableRow)>> {
        if !self.csv.read(&mut self.record)? {
            return Ok(None);
        }
        let [period, place, indicator, value] = self.columns;
        let period_text = self.required(period)?;
        let period = Period::parse(&period_text).ok_or_else(|| {
            let kind = match sql_malformed_report(&period_text) {
                Some(report) => ErrorKind::MalformedRow(MalformedRow::WarehouseReport { report }),
                None => ErrorKind::BadValue {
                    value: shorten(&period_text),
                    expected: PERIOD_FORMS.to_owned(),
                },
            };
            self.csv.error_at(kind, period)
        })?;
        let place = self.required(place)?;
        let indicator = self.required(indicator)?;
        let value_text = self.csv.text(&self.record, value)?;
        let (value, denominator) =
            ratio(&value_text).map_err(|kind| self.csv.error_at(kind, value))?;
        Ok(Some((
            self.csv.line(),
            TableRow {
                period,
                place,
                indicator,
                value,
                denominator,
            },
        )))
    }

    /// The trimmed, NFKC-folded field `index`; empty is an error.
    fn required(&mut self, index: usize) -> Result<String> {
        let text = self.csv.text(&self.record, index)?;
        let text = crate::name::normalize(&text).into_owned();
        if text.is_empty() {
            return Err(self.csv.error_at(ErrorKind::MissingValue, index));
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;
    use std::path::Path;

    fn rows(text: &str) -> Vec<Result<String>> {
        let csv =
            CsvInput::from_reader(text.as_bytes(), Path::new("t.csv"), Encoding::Auto).unwrap();
        let mut reader = TableReader::new(csv, "t", &BTreeMap::new()).unwrap();
        let mut out = Vec::new();
        loop {
            match reader.next_row() {
                Ok(Some((line, row))) => out.push(Ok(format!(
                    "{line}: {} {} {} {:?}{}",
                    row.period,
                    row.place,
                    row.indicator,
                    row.value,
                    row.denominator.map_or(String::new(), |d| format!(" / {d}"))
                ))),
                Ok(None) => return out,
                Err(error) => out.push(Err(error)),
            }
        }
    }

    #[test]
    fn reads_rows_with_their_lines() {
        let read =
            rows("period,place,indicator,value\n2018-11,天山二村,clean,92.5\n2018-Q4, R1 ,x,\n");
        let read: Vec<String> = read.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            read,
            [
                "2: 2018-11 天山二村 clean Some(92.5)",
                "3: 2018-Q4 R1 x None"
            ]
        );
    }

    #[test]
    fn reads_ratios_and_refuses_a_zero_or_missing_part() {
        let read = rows(
            "period,place,indicator,value\n2018-11,a,x,277/3\n2018-11,b,x,1/0\n2018-11,c,x,/3\n2018-11,d,x, 1.5 / 2 \n",
        );
        let messages: Vec<String> = read
            .into_iter()
            .map(|row| row.unwrap_or_else(|error| error.to_string()))
            .collect();
        assert_eq!(
            messages,
            [
                "2: 2018-11 a x Some(277) / 3",
                "t.csv:3: column 'value': cannot read \"1/0\" as a decimal, or a ratio n/d of decimals with d not zero",
                "t.csv:4: column 'value': cannot read \"/3\" as a decimal, or a ratio n/d of decimals with d not zero",
                "5: 2018-11 d x Some(1.5) / 2",
            ]
        );
    }

    #[test]
    fn a_query_s_report_of_malformed_rows_is_shown_whole() {
        let report = format!(
            "source sanitation: 2{SQL_MALFORMED_ROWS}S-2018-11-0001-{} (a time, closing time or number the crate cannot read, an empty score, or a closing time before the time)",
            "x".repeat(40)
        );
        let read = rows(&format!(
            "period,place,indicator,value\n\"{report}\",,,\nsource x: many malformed rows; the first id: y,,,\n"
        ));
        let messages: Vec<String> = read
            .into_iter()
            .map(|row| row.unwrap_or_else(|error| error.to_string()))
            .collect();
        assert_eq!(messages[0], format!("t.csv:2: column 'period': {report}"));
        assert!(messages[0].contains("the first id: S-2018-11-0001-xxx"));
        // Not a count: an ordinary period error.
        assert!(messages[1].contains("cannot read"), "{}", messages[1]);
        let long = format!("source x: 1{SQL_MALFORMED_ROWS}{}", "y".repeat(1000));
        let shown = sql_malformed_report(&long).unwrap();
        assert!(
            shown.ends_with(&format!("… ({} bytes)", long.len())),
            "{shown}"
        );
    }

    #[test]
    fn malformed_rows_are_errors_and_reading_goes_on() {
        let read = rows(
            "期间,地点,指标,值\n2018-13,a,x,1\n2018-11,,x,1\n2018-11,a,x,NaN\n2018-11,a,x,1\n",
        );
        let messages: Vec<String> = read
            .into_iter()
            .map(|row| match row {
                Ok(row) => row,
                Err(error) => error.to_string(),
            })
            .collect();
        assert_eq!(
            messages,
            [
                "t.csv:2: column '期间': cannot read \"2018-13\" as a period (YYYY-MM, YYYY-Wnn, YYYY-Qn, YYYY, YYYY-YTD-MM or YYYY-MM..YYYY-MM)",
                "t.csv:3: column '地点': missing value",
                "t.csv:4: column '值': cannot read \"NaN\" as a decimal",
                "5: 2018-11 a x Some(1)",
            ]
        );
    }
}
