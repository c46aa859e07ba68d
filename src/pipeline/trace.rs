//! One place's records, noted as they are counted: what `explain` lists behind each value.
//!
//! A run that explains a place notes, for every record (or table row) counted for that place
//! by an indicator, where it is, its id and time, and how it counted; a copy taken back when a
//! later copy of its id comes is noted as taken back, and [`net`] keeps what stands. Nothing
//! is noted for other places, so a city's run keeps a handful of entries.

use jiff::civil::DateTime;
use rust_decimal::Decimal;

use super::state::{Origin, SourceReader};
use crate::measure::Delta;
use crate::period::PeriodRole;
use crate::places::PlaceKind;

/// The place whose records are noted: its kind and its position among places of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) kind: PlaceKind,
    pub(crate) position: usize,
}

/// How a noted record counted.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Counted {
    /// Once (a count; for a rate or share, in the part counted when `in_part`).
    Record {
        /// For a share: whether the record is in the part (the numerator).
        in_part: bool,
    },
    /// With a value, summed into a mean (`None`: no value, not in the mean).
    Value(Option<Decimal>),
    /// For a share with credits: the credit it earned (`None`: none listed, 0).
    Credit(Option<Decimal>),
    /// Judged against its deadline: on time or not.
    Deadline {
        /// Closed by its deadline.
        on_time: bool,
    },
}

impl std::fmt::Display for Counted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Counted::Record { in_part: true } => f.write_str("in part"),
            Counted::Record { in_part: false } => f.write_str("counted"),
            Counted::Value(Some(value)) => write!(f, "value {value}"),
            Counted::Value(None) => f.write_str("no value"),
            Counted::Credit(Some(credit)) => write!(f, "credit {credit}"),
            Counted::Credit(None) => f.write_str("credit 0"),
            Counted::Deadline { on_time: true } => f.write_str("on time"),
            Counted::Deadline { on_time: false } => f.write_str("overdue"),
        }
    }
}

/// A record counted (or taken back) for the traced place by one feed.
#[derive(Clone, Debug)]
pub(crate) struct Noted {
    pub(crate) feed: usize,
    /// The period it counted in.
    pub(crate) period: PeriodRole,
    pub(crate) origin: Origin,
    /// The record's id as written, empty without one.
    pub(crate) id: String,
    /// The record's time (for a table row, `None`).
    pub(crate) time: Option<DateTime>,
    /// The text that placed it, as written: its column of the place's kind, else its address
    /// (for a table row, its place).
    pub(crate) placed_by: String,
    pub(crate) counted: Counted,
    pub(crate) delta: Delta,
}

impl SourceReader<'_, '_> {
    /// Notes a record counted for `position` of `kind` by `feed`, if that is the traced place.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn note(
        &mut self,
        feed: usize,
        period: PeriodRole,
        target: Target,
        origin: Origin,
        record: (&str, Option<DateTime>, &str),
        counted: Counted,
        delta: Delta,
    ) {
        if self.shared.trace != Some(target) {
            return;
        }
        let (id, time, placed_by) = record;
        self.state.noted.push(Noted {
            feed,
            period,
            origin,
            id: id.trim().to_owned(),
            time,
            placed_by: placed_by.trim().to_owned(),
            counted,
            delta,
        });
    }
}

/// What stands of the notes: each record taken back cancels its counting, in the order they
/// came; the rest by position.
pub(crate) fn net(notes: &[Noted]) -> Vec<Noted> {
    let mut standing: Vec<Noted> = Vec::with_capacity(notes.len());
    for note in notes {
        match note.delta {
            Delta::Add => standing.push(note.clone()),
            Delta::Remove => {
                if let Some(at) = standing.iter().rposition(|kept| {
                    kept.feed == note.feed
                        && kept.period == note.period
                        && kept.origin.position() == note.origin.position()
                }) {
                    standing.remove(at);
                }
            }
        }
    }
    standing.sort_by_key(|note| (note.feed, note.period, note.origin.position()));
    standing
}
