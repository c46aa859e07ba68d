//! What can be said of a board beyond its ranks: diagnostics that warn when a board cannot be
//! trusted although no row is malformed.

mod diagnostics;

pub(crate) use diagnostics::board_warnings;
