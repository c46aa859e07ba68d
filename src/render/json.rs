//! JSON: the whole [`Rankings`], pretty-printed, with a final newline. Its field names are
//! stable and English whatever the rankings' language (which JSON leaves out).

use std::io::{self, Write};

use crate::board::Rankings;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, rankings)?;
    writeln!(out)
}
