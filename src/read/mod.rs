//! Reading files: CSV in UTF-8 or GB18030 (detected), the header, a quote a file never closes,
//! and the fields of each row as text without copying. What the text means is
//! the sources' (one floor up).

pub(crate) mod csv;
pub(crate) mod decode;
pub(crate) mod encoding;
pub(crate) mod files;
pub(crate) mod header;
mod quotes;
pub(crate) mod raw_row;
pub(crate) mod row;
mod rows;
