//! A record as the rest of the pipeline sees it: the text of each column it reads, without
//! copying. The fields of a UTF-8 row are validated where they stand, one per column read; a
//! GB18030 row's fields of ASCII are read from one copy of the row, validated once, and its
//! others decoded into buffers kept from row to row; a record from memory is read where it
//! stands.

/// A record held in memory, its fields by position: implemented by the source's `Record`,
/// which lies above reading and so cannot be named here.
pub(crate) trait Fielded {
    /// The text of field `index`; empty when there is no such field.
    fn value(&self, index: usize) -> &str;
}

/// Where each column the reader wants is in a row (`None`: the row has no such column).
pub(crate) type Binding = Vec<Option<usize>>;

/// The columns of one record, by the reader's column number.
pub(crate) struct Row<'r> {
    fields: Fields<'r>,
    binding: &'r [Option<usize>],
}

enum Fields<'r> {
    /// Fields of a row, valid or decoded text, by the reader's column number.
    Columns(&'r [&'r str]),
    /// A record fed from memory, by field position.
    Memory(&'r dyn Fielded),
}

impl<'r> Row<'r> {
    /// Fields already valid text, one per column the reader wants, found where `binding`
    /// says.
    pub(crate) fn columns(fields: &'r [&'r str], binding: &'r [Option<usize>]) -> Row<'r> {
        Row {
            fields: Fields::Columns(fields),
            binding,
        }
    }

    /// Whether the row's file (or record) has column `column` at all: an empty field of a
    /// column it has is not a column it lacks.
    pub(crate) fn has(&self, column: usize) -> bool {
        self.binding.get(column).is_some_and(Option::is_some)
    }

    /// A record fed from memory.
    pub(crate) fn memory(record: &'r dyn Fielded, binding: &'r [Option<usize>]) -> Row<'r> {
        Row {
            fields: Fields::Memory(record),
            binding,
        }
    }

    /// The text of column `column`; empty when the row has no such column.
    pub(crate) fn get(&self, column: usize) -> &'r str {
        match self.fields {
            Fields::Columns(fields) => fields.get(column).copied().unwrap_or(""),
            Fields::Memory(record) => self
                .binding
                .get(column)
                .copied()
                .flatten()
                .map_or("", |index| record.value(index)),
        }
    }
}
