//! A record as the rest of the pipeline sees it: the text of each column it reads, without
//! copying. A UTF-8 row is validated once, as a whole (`csv::StringRecord`); a GB18030 row is
//! decoded field by field into buffers kept from row to row; a record from memory is read
//! where it stands.

use csv::StringRecord;

use super::Record;

/// Where each column the reader wants is in a row (`None`: the row has no such column).
pub(crate) type Binding = Vec<Option<usize>>;

/// The columns of one record, by the reader's column number.
pub(crate) struct Row<'r> {
    fields: Fields<'r>,
    binding: &'r [Option<usize>],
}

enum Fields<'r> {
    /// A CSV row valid as UTF-8, by header position.
    Text(&'r StringRecord),
    /// Fields decoded into buffers, by the reader's column number.
    Decoded(&'r [String]),
    /// A record fed from memory, by field position.
    Memory(&'r Record),
}

impl<'r> Row<'r> {
    /// A CSV row valid as UTF-8.
    pub(crate) fn text(record: &'r StringRecord, binding: &'r [Option<usize>]) -> Row<'r> {
        Row {
            fields: Fields::Text(record),
            binding,
        }
    }

    /// Fields already decoded, one per column the reader wants.
    pub(crate) fn decoded(fields: &'r [String]) -> Row<'r> {
        Row {
            fields: Fields::Decoded(fields),
            binding: &[],
        }
    }

    /// A record fed from memory.
    pub(crate) fn memory(record: &'r Record, binding: &'r [Option<usize>]) -> Row<'r> {
        Row {
            fields: Fields::Memory(record),
            binding,
        }
    }

    /// The text of column `column`; empty when the row has no such column.
    pub(crate) fn get(&self, column: usize) -> &'r str {
        match self.fields {
            Fields::Text(record) => self
                .binding
                .get(column)
                .copied()
                .flatten()
                .and_then(|index| record.get(index))
                .unwrap_or(""),
            Fields::Decoded(fields) => fields.get(column).map_or("", String::as_str),
            Fields::Memory(record) => self
                .binding
                .get(column)
                .copied()
                .flatten()
                .map_or("", |index| record.value(index)),
        }
    }
}
