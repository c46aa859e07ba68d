//! A record fed from memory: named text fields, exactly as a CSV row would give them.

/// A record of a `grid`, `hotline`, `police` or `sanitation` source, fed from memory with
/// `Ranker::add_record`.
///
/// Fields are named as CSV headers are: by canonical name (`id`, `time`, `road`,
/// `neighborhood`, `address`, `category`, kind-specific names such as `status` or `score`), by a
/// Chinese header the kind accepts (`工单编号`, `受理时间`, …), by the header the spec maps a
/// column to, or, for filters, by any other name. Values are text, read exactly as CSV fields
/// are (times in any accepted format, decimals exactly), so that a record means the same
/// whether it comes from a file or from a database.
///
/// ```
/// use livability::Record;
///
/// let ticket = Record::new()
///     .with("id", "12345-0001")
///     .with("time", "2018-11-03 09:12")
///     .with("address", "天山路 天山二村12号")
///     .with("诉求类型", "投诉");
/// assert_eq!(ticket.get("time"), Some("2018-11-03 09:12"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    fields: Vec<(String, String)>,
}

impl Record {
    /// A record without fields.
    pub fn new() -> Record {
        Record::default()
    }

    /// The record with field `column` set to `value` (replacing an earlier value).
    pub fn with(mut self, column: impl Into<String>, value: impl Into<String>) -> Record {
        let (column, value) = (column.into(), value.into());
        match self.fields.iter_mut().find(|(name, _)| *name == column) {
            Some(field) => field.1 = value,
            None => self.fields.push((column, value)),
        }
        self
    }

    /// The record with field `column` set to the time `time` (replacing an earlier value), as
    /// a database driver gives it: written `2018-11-03T09:12:00`, which is read back exactly.
    ///
    /// ```
    /// use livability::{DateTime, Record};
    ///
    /// let received = DateTime::constant(2018, 11, 3, 9, 12, 0, 0);
    /// let ticket = Record::new().with_time("time", received);
    /// assert_eq!(ticket.get("time"), Some("2018-11-03T09:12:00"));
    /// ```
    pub fn with_time(self, column: impl Into<String>, time: jiff::civil::DateTime) -> Record {
        self.with(column, time.to_string())
    }

    /// The record with field `column` set to the date `date` (replacing an earlier value).
    pub fn with_date(self, column: impl Into<String>, date: jiff::civil::Date) -> Record {
        self.with(column, date.to_string())
    }

    /// The value of field `column`, named exactly as it was set.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| name == column)
            .map(|(_, value)| value.as_str())
    }

    /// The fields' names, in the order they were set.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(name, _)| name.as_str())
    }

    /// The value of the field at `index`, in the order they were set.
    pub(crate) fn value(&self, index: usize) -> &str {
        self.fields
            .get(index)
            .map_or("", |(_, value)| value.as_str())
    }
}

impl crate::read::row::Fielded for Record {
    fn value(&self, index: usize) -> &str {
        Record::value(self, index)
    }
}
