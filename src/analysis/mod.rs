//! What can be said of a board beyond its ranks: how sure each rank is ([`Robustness`], from
//! [`robustness`](crate::robustness)), one place explained ([`Explanation`], from
//! [`explain`](crate::explain)), diagnostics that warn when a board cannot be trusted although no
//! row is malformed, and names that nearly match a place.

mod diagnostics;
pub(crate) mod explain;
mod names;
pub(crate) mod robust;

pub use explain::{CountedRecord, Explanation, IndicatorChange, Mover, ScoreChange};
pub use robust::{BoardRobustness, PlaceRobustness, Robustness, RobustnessOptions};

pub(crate) use diagnostics::{board_notes, board_warnings};
pub(crate) use names::{Spellings, close_place_among, closest};
