//! What can be said of a board beyond its ranks: how sure each rank is ([`Robustness`]), one
//! place explained ([`Explanation`]), and diagnostics that warn when a board cannot be trusted
//! although no row is malformed.

mod diagnostics;
pub(crate) mod explain;
pub(crate) mod robust;

pub use explain::{CountedRecord, Explanation, IndicatorChange, Mover, ScoreChange};
pub use robust::{BoardRobustness, PlaceRobustness, Robustness, RobustnessOptions};

pub(crate) use diagnostics::{board_notes, board_warnings};
