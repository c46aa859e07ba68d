//! Rows of `table` sources: one value per (period, place, indicator).

use rust_decimal::Decimal;

use super::state::{Origin, Outcome, Reading, SourceReader};
use super::trace::{Counted, Target};
use crate::error::{Error, ErrorKind, Result, shorten};
use crate::exact::{self, Exact};
use crate::measure::Delta;
use crate::name::normalize;
use crate::period::{Period, PeriodRole};
use crate::places::PlaceKind;
use crate::quality::{RejectedRow, Uncounted};
use crate::source::TableRow;

/// What identifies a `table` row: period, indicator and place (the places it resolves to,
/// by their positions among the places of each kind, or its text when it resolves to none).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct TableKey {
    period: Period,
    indicator: String,
    place: Result<[Option<usize>; PlaceKind::CAPACITY], String>,
}

/// The first row of a (period, place, indicator), to undo it if it turns out repeated.
pub(crate) struct FirstRow {
    origin: Origin,
    outcome: Outcome,
    /// The period whose value it set, if it set one.
    period: Option<PeriodRole>,
    /// The place and indicator as the row writes them, for messages.
    place: String,
    indicator: String,
    /// Under `--lenient`: the first later row that repeated it (then neither counts).
    repeated_by: Option<Origin>,
}

impl SourceReader<'_, '_> {
    pub(crate) fn table_row(&mut self, row: TableRow, origin: Origin) -> Result<()> {
        let gazetteer = self.shared.gazetteer;
        let indicator = normalize(&row.indicator).into_owned();
        let found = positions_per_kind(gazetteer, &row.place);
        let key = TableKey {
            period: row.period,
            indicator,
            place: if found.iter().any(Option::is_some) {
                Ok(found)
            } else {
                Err(normalize(&row.place).into_owned())
            },
        };
        if let Some(first) = self.state.table().and_then(|table| table.seen.get(&key)) {
            let error = Error::new(
                ErrorKind::RepeatedTableRow {
                    relation: format!("repeats {}", first.origin),
                    period: row.period.to_string(),
                    place: shorten(&row.place),
                    indicator: shorten(&row.indicator),
                },
                self.location(origin, None),
            );
            self.reject(error)?;
            if let Some(first) = self
                .state
                .table_mut()
                .and_then(|table| table.seen.get_mut(&key))
            {
                first.repeated_by.get_or_insert(origin);
            }
            return Ok(());
        }
        self.state.quality.read += 1;
        let role = self.period_of(|period| *period == row.period);
        if let Some(table) = self.state.table_mut()
            && !table.routes.contains_key(&key.indicator)
        {
            table.unused_indicators.add(&key.indicator);
        }
        let value = match value_of(row.value, row.denominator) {
            Ok(value) => value,
            Err(kind) => return self.reject(Error::new(kind, self.location(origin, None))),
        };
        let placed = match role {
            Some(role) => self.set_value(&key, role, value, (origin, &row.place), Delta::Add),
            None => false,
        };
        if role == Some(PeriodRole::Current) {
            self.count_table_coverage(&key, origin, &row.place, Delta::Add, false);
        }
        let outcome = match role {
            Some(PeriodRole::Current) if placed => Outcome::Used,
            Some(PeriodRole::Current) => Outcome::Unplaced,
            Some(PeriodRole::Previous) => Outcome::OutOfPeriod { previous: placed },
            Some(other @ (PeriodRole::YearAgo | PeriodRole::Earlier(_))) => {
                if let Some(count) = self.state.placed_in_mut(other) {
                    *count += u64::from(placed);
                }
                Outcome::OutOfPeriod { previous: false }
            }
            None => Outcome::OutOfPeriod { previous: false },
        };
        self.tally(outcome, Some(&row.place), Delta::Add);
        let Some(table) = self.state.table_mut() else {
            return Ok(());
        };
        table.seen.insert(
            key,
            FirstRow {
                origin,
                outcome,
                period: role.filter(|_| placed),
                place: row.place,
                indicator: row.indicator,
                repeated_by: None,
            },
        );
        Ok(())
    }

    /// Sets the value of the row `key` for every indicator it feeds; `true` if the place is one
    /// of a kind they rank (or, for a row no board uses, any known place).
    fn set_value(
        &mut self,
        key: &TableKey,
        role: PeriodRole,
        value: Option<Exact>,
        (origin, place): (Origin, &str),
        delta: Delta,
    ) -> bool {
        let Ok(found) = &key.place else {
            return false;
        };
        let Reading::Table(table) = &self.state.reading else {
            return true;
        };
        let Some(feeds) = table.routes.get(&key.indicator) else {
            return true;
        };
        let mut placed = false;
        let mut traced = Vec::new();
        for &feed in feeds {
            let (board, _) = self.state.feeds[feed];
            let kind = self.shared.spec.boards[self.shared.boards[board]].kind;
            if let Some(position) = found[kind.index()] {
                self.state.totals[feed]
                    .get_mut(role)
                    .set(position, value.clone());
                let target = Target { kind, position };
                if self.shared.trace == Some(target) {
                    traced.push((feed, target));
                }
                placed = true;
            }
        }
        for (feed, target) in traced {
            let shown = value.as_ref().and_then(exact::to_nearest_decimal);
            self.note(
                feed,
                role,
                target,
                origin,
                ("", None, place),
                Counted::Value(shown),
                delta,
            );
        }
        placed
    }

    /// Counts a row of the period for the coverage of each board one of whose indicators it
    /// sets (or takes it back): on its place, or under an unknown name; `malformed`: as
    /// rejected (a row repeated under `--lenient`).
    fn count_table_coverage(
        &mut self,
        key: &TableKey,
        origin: Origin,
        place: &str,
        delta: Delta,
        malformed: bool,
    ) {
        let Reading::Table(table) = &self.state.reading else {
            return;
        };
        let Some(feeds) = table.routes.get(&key.indicator) else {
            return;
        };
        let coverage = &mut self.state.coverage;
        let mut lost: Vec<(Uncounted, Option<PlaceKind>, usize)> = Vec::new();
        for (index, group) in coverage.groups.iter().enumerate() {
            if !group.feeds.iter().any(|feed| feeds.contains(feed)) {
                continue;
            }
            let counts = &mut coverage.counts[index];
            let found = key
                .place
                .as_ref()
                .ok()
                .and_then(|found| found[group.kind.index()]);
            match (malformed, found) {
                (false, Some(position)) => {
                    if let Some(placed) = counts.placed.get_mut(position) {
                        delta.step(placed);
                    }
                }
                (false, None) => {
                    counts.uncounted.step(Uncounted::UnknownName, delta);
                    lost.push((Uncounted::UnknownName, Some(group.kind), index));
                }
                (true, _) => {
                    counts.uncounted.step(Uncounted::Malformed, delta);
                    lost.push((Uncounted::Malformed, None, index));
                }
            }
        }
        for kind in [Some(PlaceKind::Road), Some(PlaceKind::Neighborhood), None] {
            let mut groups = super::coverage::Groups::default();
            for &(_, of, group) in &lost {
                if of == kind {
                    groups.insert(group);
                }
            }
            if let Some(&(reason, _, _)) = lost.iter().find(|(_, of, _)| *of == kind) {
                let text = place.trim().to_owned();
                coverage.record(origin.position(), reason, groups, delta, || {
                    (String::new(), kind, text)
                });
            }
        }
    }

    /// Under `--lenient`, a (period, place, indicator) given twice keeps neither value, so
    /// that the result does not depend on row order: the first row is undone and rejected.
    pub(crate) fn undo_repeated_table_rows(&mut self) {
        let seen = match self.state.table_mut() {
            Some(table) => std::mem::take(&mut table.seen),
            None => return,
        };
        for (key, first) in &seen {
            let Some(later) = first.repeated_by else {
                continue;
            };
            if let Some(role) = first.period {
                let place = first.place.clone();
                self.set_value(key, role, None, (first.origin, &place), Delta::Remove);
                if let Some(count) = self.state.placed_in_mut(role) {
                    *count = count.saturating_sub(1);
                }
            }
            let error = Error::new(
                ErrorKind::RepeatedTableRow {
                    relation: format!("repeated by {later}"),
                    period: key.period.to_string(),
                    place: shorten(&first.place),
                    indicator: shorten(&first.indicator),
                },
                self.location(first.origin, None),
            );
            // The row is taken back from its outcome and counted as rejected instead.
            self.tally(first.outcome, Some(&first.place), Delta::Remove);
            if matches!(first.outcome, Outcome::Used | Outcome::Unplaced) {
                let (origin, place) = (first.origin, &first.place);
                self.count_table_coverage(key, origin, place, Delta::Remove, false);
                self.count_table_coverage(key, origin, place, Delta::Add, true);
            }
            let quality = &mut self.state.quality;
            quality.rejected += 1;
            quality.rejected_rows.push(RejectedRow::new(error));
        }
    }
}

/// The value a table row gives: a decimal, a ratio of decimals, or none; a ratio without a
/// numerator or with a zero denominator is no value.
fn value_of(
    value: Option<Decimal>,
    denominator: Option<Decimal>,
) -> Result<Option<Exact>, ErrorKind> {
    match (value, denominator) {
        (Some(value), None) => Ok(Some(exact::from_decimal(value))),
        (Some(numerator), Some(denominator)) if !denominator.is_zero() => Ok(Some(exact::div(
            &exact::from_decimal(numerator),
            &exact::from_decimal(denominator),
        ))),
        (None, None) => Ok(None),
        (value, denominator) => {
            let written = |part: Option<Decimal>| part.map_or(String::new(), |d| d.to_string());
            Err(ErrorKind::BadValue {
                value: format!("{}/{}", written(value), written(denominator)),
                expected: "a decimal, or a ratio n/d of decimals with d not zero".to_owned(),
            })
        }
    }
}

/// The position of the place named `place` among the places of each kind (by the kind's
/// index), for every kind that has one so named.
fn positions_per_kind(
    gazetteer: &crate::places::Gazetteer,
    place: &str,
) -> [Option<usize>; PlaceKind::CAPACITY] {
    let mut found = [None; PlaceKind::CAPACITY];
    for &kind in gazetteer.kinds().all() {
        found[kind.index()] = gazetteer.find_position(kind, place);
    }
    found
}
