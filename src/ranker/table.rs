//! Rows of `table` sources: one value per (period, place, indicator).

use super::{Origin, Outcome, Ranker};
use crate::error::{Error, ErrorKind, Result, shorten};
use crate::measure::Delta;
use crate::name::normalize;
use crate::period::Period;
use crate::places::{PlaceIndex, PlaceKind};
use crate::quality::RejectedRow;
use crate::source::TableRow;

/// What identifies a `table` row: period, indicator and place (the places it resolves to,
/// or its text when it resolves to none).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct TableKey {
    period: Period,
    indicator: String,
    place: Result<[Option<PlaceIndex>; 2], String>,
}

/// The first row of a (period, place, indicator), to undo it if it turns out repeated.
pub(super) struct FirstRow {
    origin: Origin,
    outcome: Outcome,
    /// The place and indicator as the row writes them, for messages.
    place: String,
    indicator: String,
    /// Under `--lenient`: the first later row that repeated it (then neither counts).
    repeated_by: Option<Origin>,
}

impl Ranker<'_> {
    pub(super) fn table_row(&mut self, index: usize, row: TableRow, origin: Origin) -> Result<()> {
        let gazetteer = self.gazetteer;
        let indicator = normalize(&row.indicator).into_owned();
        let found = PlaceKind::ALL.map(|kind| gazetteer.find_index(kind, &row.place));
        let key = TableKey {
            period: row.period,
            indicator,
            place: if found.iter().any(Option::is_some) {
                Ok(found)
            } else {
                Err(normalize(&row.place).into_owned())
            },
        };
        if let Some(first) = self.sources[index].seen.get(&key) {
            let error = Error::new(
                ErrorKind::RepeatedTableRow {
                    relation: format!("repeats {}", first.origin),
                    period: row.period.to_string(),
                    place: shorten(&row.place),
                    indicator: shorten(&row.indicator),
                },
                self.location(index, origin, None),
            );
            self.reject(index, error)?;
            if let Some(first) = self.sources[index].seen.get_mut(&key) {
                first.repeated_by.get_or_insert(origin);
            }
            return Ok(());
        }
        self.sources[index].quality.read += 1;
        let slot = self.slot(|period| *period == row.period);
        let routes = self.sources[index].routes.get(&key.indicator).cloned();
        if routes.is_none() {
            self.sources[index].unused_indicators.add(&key.indicator);
        }
        let placed = match slot {
            Some(slot) => self.set_value(&key, routes.as_deref(), slot, row.value),
            None => false,
        };
        let outcome = match slot {
            Some(0) if placed => Outcome::Used,
            Some(0) => Outcome::Unplaced,
            Some(_) => Outcome::OutOfPeriod { previous: placed },
            None => Outcome::OutOfPeriod { previous: false },
        };
        self.tally(index, outcome, Some(&row.place), Delta::Add);
        self.sources[index].seen.insert(
            key,
            FirstRow {
                origin,
                outcome,
                place: row.place,
                indicator: row.indicator,
                repeated_by: None,
            },
        );
        Ok(())
    }

    /// Sets the value of the row `key` for every (board, indicator) it feeds; `true` if the
    /// place is one of a kind they rank (or, for a row no board uses, any known place).
    fn set_value(
        &mut self,
        key: &TableKey,
        routes: Option<&[(usize, usize)]>,
        slot: usize,
        value: Option<rust_decimal::Decimal>,
    ) -> bool {
        let Ok(found) = &key.place else {
            return false;
        };
        let Some(routes) = routes else {
            return true;
        };
        let mut placed = false;
        for &(board, position) in routes {
            let kind = self.spec.boards[self.boards[board].spec].kind;
            if let Some(place) = found[kind.index()] {
                let place = self.gazetteer.position_in_kind(place);
                self.boards[board].totals[position][slot].set(place, value);
                placed = true;
            }
        }
        placed
    }

    /// Under `--lenient`, a (period, place, indicator) given twice keeps neither value, so
    /// that the result does not depend on row order: the first row is undone and rejected.
    pub(super) fn undo_repeated_table_rows(&mut self) {
        for index in 0..self.sources.len() {
            let seen = std::mem::take(&mut self.sources[index].seen);
            for (key, first) in &seen {
                let Some(later) = first.repeated_by else {
                    continue;
                };
                let slot = match first.outcome {
                    Outcome::Used => Some(0),
                    Outcome::OutOfPeriod { previous: true } => Some(1),
                    _ => None,
                };
                if let Some(slot) = slot {
                    let routes = self.sources[index].routes.get(&key.indicator).cloned();
                    self.set_value(key, routes.as_deref(), slot, None);
                }
                let error = Error::new(
                    ErrorKind::RepeatedTableRow {
                        relation: format!("repeated by {later}"),
                        period: key.period.to_string(),
                        place: shorten(&first.place),
                        indicator: shorten(&first.indicator),
                    },
                    self.location(index, first.origin, None),
                );
                // The row is taken back from its outcome and counted as rejected instead.
                self.tally(index, first.outcome, Some(&first.place), Delta::Remove);
                let quality = &mut self.sources[index].quality;
                quality.rejected += 1;
                quality.rejected_rows.push(RejectedRow::new(&error));
            }
        }
    }
}
