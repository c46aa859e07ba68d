//! The `table` source: indicators computed elsewhere (a city-wide warehouse, DataFusion,
//! Spark), in long format `period,place,indicator,value`, for scoring and ranking only.

use std::collections::BTreeMap;
use std::io::Read;

use csv::ByteRecord;
use rust_decimal::Decimal;

use super::field;
use crate::error::{ErrorKind, Result, shorten};
use crate::period::{PERIOD_FORMS, Period};
use crate::read::csv::{Column, CsvInput};

/// One row of a `table` source: the value of an indicator for a place in a period.
///
/// The place is named by id, name or alias; the indicator by the id of a board's indicator or
/// by its `name`. A `None` value is a missing value.
///
/// ```
/// use livability::TableRow;
/// use rust_decimal::Decimal;
///
/// let row = TableRow::new("2018-11".parse()?, "天山二村", "sanitation", Decimal::new(925, 1));
/// assert_eq!(row.value, Some(Decimal::new(925, 1)));
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
    /// The value; `None` when missing.
    pub value: Option<Decimal>,
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
        }
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
    record: ByteRecord,
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
            record: ByteRecord::new(),
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
            self.csv.error_at(
                ErrorKind::BadValue {
                    value: shorten(&period_text),
                    expected: PERIOD_FORMS.to_owned(),
                },
                period,
            )
        })?;
        let place = self.required(place)?;
        let indicator = self.required(indicator)?;
        let value_text = self.csv.text(&self.record, value)?;
        let value = field::decimal(&value_text).map_err(|kind| self.csv.error_at(kind, value))?;
        Ok(Some((
            self.csv.line(),
            TableRow {
                period,
                place,
                indicator,
                value,
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
                    "{line}: {} {} {} {:?}",
                    row.period, row.place, row.indicator, row.value
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
                "t.csv:2: column '期间': cannot read \"2018-13\" as a period (YYYY-MM, YYYY-Qn or YYYY)",
                "t.csv:3: column '地点': missing value",
                "t.csv:4: column '值': cannot read \"NaN\" as a decimal",
                "5: 2018-11 a x Some(1)",
            ]
        );
    }
}
