//! What can be said of a board beyond its ranks: diagnostics that warn when a board cannot be
//! trusted although no row is malformed, explanations and robustness.

mod diagnostics;
pub(crate) mod explain;
pub(crate) mod robust;

pub(crate) use diagnostics::{board_notes, board_warnings};
