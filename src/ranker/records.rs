//! Records of raw sources (grid, hotline, police, sanitation): typed once, deduplicated by id,
//! kept by period, resolved to places, measured.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use csv::ByteRecord;

use super::plan::{Binding, MeanInput, Parsed, Plan};
use super::{Origin, Outcome, Ranker};
use crate::error::{Error, ErrorKind, Result};
use crate::measure::Delta;
use crate::places::PlaceKind;
use crate::resolve::Resolution;
use crate::source::Record;
use crate::source::csv::CsvInput;
use crate::source::header::Header;

impl Ranker<'_> {
    /// Reads every row of a raw source's CSV.
    pub(super) fn read_records<R: Read>(
        &mut self,
        index: usize,
        mut csv: CsvInput<R>,
    ) -> Result<()> {
        let plan = self.plan(index)?;
        let binding = plan
            .bind(csv.header())
            .map_err(|kind| csv.header_error(kind))?;
        let names = column_names(&plan, &binding, csv.header());
        let mut row = ByteRecord::new();
        loop {
            match csv.read(&mut row) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(error) => {
                    self.reject(index, error)?;
                    continue;
                }
            }
            let origin = Origin::Line(csv.line());
            match decode(&mut csv, &row, &binding) {
                Ok(fields) => self.record(index, &plan, &fields, &names, origin)?,
                Err(error) => self.reject(index, error)?,
            }
        }
    }

    /// Feeds one record from memory.
    pub(super) fn memory_record(&mut self, index: usize, record: &Record) -> Result<()> {
        let plan = self.plan(index)?;
        let state = &mut self.sources[index];
        state.fed += 1;
        let origin = Origin::Record(state.fed);
        let header = Header::new(record.names());
        let binding = plan.bind_loosely(&header);
        let fields: Vec<Cow<'_, str>> = binding
            .iter()
            .map(|found| Cow::Borrowed(found.map_or("", |column| record.value(column))))
            .collect();
        let names = column_names(&plan, &binding, &header);
        self.record(index, &plan, &fields, &names, origin)
    }

    /// One record: typed, checked for a repeated id, then counted.
    fn record(
        &mut self,
        index: usize,
        plan: &Plan,
        fields: &[Cow<'_, str>],
        names: &[String],
        origin: Origin,
    ) -> Result<()> {
        let parsed = match plan.parse(fields) {
            Ok(parsed) => parsed,
            Err((column, kind)) => {
                let error = Error::new(kind, self.location(index, origin, Some(&names[column])));
                return self.reject(index, error);
            }
        };
        let state = &mut self.sources[index];
        state.quality.read += 1;
        if let Some(id) = parsed.id
            && !state.repeats.first(id, parsed.fingerprint)
        {
            state.quality.repeated += 1;
            return Ok(());
        }
        self.apply(index, plan, fields, &parsed, origin, Delta::Add)
    }

    /// Counts a record (or takes it back): its period, its places, its indicators.
    fn apply(
        &mut self,
        index: usize,
        plan: &Plan,
        fields: &[Cow<'_, str>],
        parsed: &Parsed,
        origin: Origin,
        delta: Delta,
    ) -> Result<()> {
        let gazetteer = self.gazetteer;
        let slot = self.slot(|period| period.contains(parsed.time.date()));
        let Some(slot) = slot else {
            self.tally(index, Outcome::OutOfPeriod { previous: false }, None, delta);
            return Ok(());
        };
        let field = |column: Option<usize>| column.map(|column| fields[column].as_ref());
        let resolve = |kind: PlaceKind| {
            self.resolver.resolve(
                gazetteer,
                kind,
                field(plan.place[kind.index()]),
                field(Some(plan.address)),
            )
        };
        let mut resolutions = [Resolution::Unmatched; 2];
        for &kind in &plan.kinds {
            resolutions[kind.index()] = resolve(kind);
        }
        let placed = |resolutions: &[Resolution; 2]| {
            resolutions
                .iter()
                .any(|resolution| matches!(resolution, Resolution::Place(_)))
        };
        // A record no chosen board can use still counts as used if it names a place of the
        // other kind: only a record that resolves to no place of any kind is unplaced.
        let mut elsewhere = false;
        if !placed(&resolutions) {
            elsewhere = PlaceKind::ALL
                .iter()
                .filter(|kind| !plan.kinds.contains(kind))
                .any(|&kind| matches!(resolve(kind), Resolution::Place(_)));
        }
        let outcome = match slot {
            1 => Outcome::OutOfPeriod {
                previous: placed(&resolutions),
            },
            _ if placed(&resolutions) || elsewhere => Outcome::Used,
            _ if resolutions.contains(&Resolution::Ambiguous) => Outcome::Ambiguous,
            _ => Outcome::Unplaced,
        };
        let column = PlaceKind::ALL
            .iter()
            .filter_map(|kind| field(plan.place[kind.index()]))
            .find(|text| !text.trim().is_empty());
        let unmatched = column
            .map(Cow::Borrowed)
            .or_else(|| Some(street(&fields[plan.address])));
        self.tally(index, outcome, unmatched.as_deref(), delta);
        for feed in &plan.feeds {
            let Resolution::Place(place) = resolutions[feed.kind.index()] else {
                continue;
            };
            let (filter, columns) = &feed.filter;
            if !filter.passes(columns.iter().map(|&column| fields[column].as_ref())) {
                continue;
            }
            let in_part = feed.of.as_ref().is_some_and(|(of, columns)| {
                of.passes(columns.iter().map(|&column| fields[column].as_ref()))
            });
            let position = gazetteer.position_in_kind(place);
            let totals = &mut self.boards[feed.board].totals[feed.indicator][slot];
            let value = match feed.mean {
                None => {
                    totals.count(position, in_part, delta);
                    continue;
                }
                Some(MeanInput::Column(column)) => parsed.numbers[column],
                Some(MeanInput::HoursToClose) => parsed.seconds_to_close,
            };
            if let Some(value) = value
                && !totals.add(position, value, delta)
            {
                let board = &self.spec.boards[self.boards[feed.board].spec];
                return Err(Error::new(
                    ErrorKind::Overflow {
                        what: format!(
                            "the sum of '{}' for '{}'",
                            board.indicators[feed.indicator].id,
                            crate::error::shorten(gazetteer.place(place).name())
                        ),
                    },
                    self.location(index, origin, None),
                ));
            }
        }
        Ok(())
    }

    /// After a file is read: where copies of an id differ and the copy counted is not the
    /// canonical one, reads the file again to take it back and count the canonical copy.
    pub(super) fn settle_repeats(&mut self, index: usize, path: &Path) -> Result<()> {
        let swaps = self.sources[index].repeats.swaps();
        if swaps.is_empty() {
            return Ok(());
        }
        let plan = self.plan(index)?;
        let mut csv = CsvInput::open(path, self.spec.sources[index].encoding)?;
        let binding = plan
            .bind(csv.header())
            .map_err(|kind| csv.header_error(kind))?;
        let (mut taken_back, mut counted) = (HashSet::new(), HashSet::new());
        let mut row = ByteRecord::new();
        loop {
            match csv.read(&mut row) {
                Ok(true) => {}
                Ok(false) => break,
                // Reported on the first reading.
                Err(_) => continue,
            }
            let origin = Origin::Line(csv.line());
            let Ok(fields) = decode(&mut csv, &row, &binding) else {
                continue;
            };
            let Ok(parsed) = plan.parse(&fields) else {
                continue;
            };
            let Some(swap) = parsed
                .id
                .and_then(|id| swaps.get(&id).map(|swap| (id, *swap)))
            else {
                continue;
            };
            let (id, swap) = swap;
            if parsed.fingerprint == swap.counted && taken_back.insert(id) {
                self.apply(index, &plan, &fields, &parsed, origin, Delta::Remove)?;
            }
            if parsed.fingerprint == swap.canonical && counted.insert(id) {
                self.apply(index, &plan, &fields, &parsed, origin, Delta::Add)?;
            }
        }
        for (id, swap) in swaps {
            self.sources[index].repeats.swapped(id, swap.canonical);
        }
        Ok(())
    }

    fn plan(&self, index: usize) -> Result<Arc<Plan>> {
        self.plans[index].clone().ok_or_else(|| {
            Error::new(
                ErrorKind::SourceUse {
                    message: format!(
                        "source '{}' is of kind \"table\": feed it table rows",
                        self.spec.sources[index].id
                    ),
                },
                crate::error::Location::Unknown,
            )
        })
    }
}

/// An address as the report lists it among unmatched names: up to its first digit, where the
/// house number starts, so that `长宁路352号` and `长宁路868号` count as one name, `长宁路`.
fn street(address: &str) -> Cow<'_, str> {
    let address = crate::name::normalize(address);
    match address.find(|c: char| c.is_ascii_digit()) {
        Some(0) | None => address,
        Some(end) => Cow::Owned(address[..end].trim_end().to_owned()),
    }
}

/// The plan's fields of a CSV row, decoded; absent columns read as empty.
fn decode<'r, R: Read>(
    csv: &mut CsvInput<R>,
    row: &'r ByteRecord,
    binding: &Binding,
) -> Result<Vec<Cow<'r, str>>> {
    binding
        .iter()
        .map(|found| match found {
            Some(column) => csv.text(row, *column),
            None => Ok(Cow::Borrowed("")),
        })
        .collect()
}

/// The name of each plan column as the input writes it, for messages.
fn column_names(plan: &Plan, binding: &Binding, header: &Header) -> Vec<String> {
    plan.columns
        .iter()
        .zip(binding)
        .map(|(column, found)| match found {
            Some(index) => header.cell(*index).to_owned(),
            None => column.name.clone(),
        })
        .collect()
}
