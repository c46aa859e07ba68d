//! Records of raw sources (grid, hotline, police, sanitation): typed once, deduplicated by id,
//! kept by period, resolved to places, measured. Nothing here allocates per record: rows are
//! read into one reused buffer, validated as UTF-8 once, and parsed into reused values.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Shared;
use super::coverage::{Groups, Lost};
use super::state::{Origin, Outcome, Reading, RecordsState, SourceReader};
use super::trace::{Counted, Target};
use crate::calendar::Deadline;
use crate::dedup::{ByHash, Id, Seen, Settled, Settler};
use crate::error::{Error, ErrorKind, Location, Result, SourceUse, shorten};
use crate::measure::{Delta, Matches};
use crate::period::PeriodRole;
use crate::places::PlaceKind;
use crate::plan::{Judge, MeanInput, Parsed, Plan};
use crate::quality::{Uncounted, Verdict};
use crate::read::csv::CsvInput;
use crate::read::decode::{self, RowBuffers};
use crate::read::header::Header;
use crate::read::row::{Binding, Row};
use crate::resolve::Resolution;
use crate::source::Record;
use jiff::civil::DateTime;
use rust_decimal::Decimal;

/// The buffers a file's rows pass through, kept from row to row: the row's bytes and text, and
/// its typed fields.
#[derive(Default)]
struct Buffers {
    row: RowBuffers,
    parsed: Parsed,
}

/// A raw source's CSV being read, with what reading its rows needs.
pub(crate) struct RecordInput<R: Read> {
    pub(crate) csv: CsvInput<R>,
    plan: Arc<Plan>,
    binding: Binding,
    /// Each plan column's name as the file writes it, for messages.
    names: Vec<String>,
    buffers: Buffers,
}

/// What [`SourceReader::apply`] does with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Counts a record read for the first time, noting the values its filtered columns hold.
    Count,
    /// Counts a record met again on the second reading of a file, its values noted already.
    CountAgain,
    /// Takes a record back.
    TakeBack,
}

impl Step {
    fn delta(self) -> Delta {
        match self {
            Step::Count | Step::CountAgain => Delta::Add,
            Step::TakeBack => Delta::Remove,
        }
    }
}

/// A record being counted (or taken back), with the period it belongs to.
#[derive(Clone, Copy)]
struct Applied<'a, 'r> {
    plan: &'a Plan,
    row: &'a Row<'r>,
    parsed: &'a Parsed,
    origin: Origin,
    step: Step,
    role: PeriodRole,
}

/// One feed that selects a record: which, the place it counts for, and whether the record is
/// also in the part of a share.
#[derive(Clone, Copy)]
struct Fed {
    feed: usize,
    target: Target,
    in_part: bool,
}

/// Where [`SourceReader::read_rows`] is to stop, besides the end of the input.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Until<'a> {
    /// Only there.
    End,
    /// At the row starting at this byte, or past it if the byte is inside a row (rows are
    /// read whole).
    Byte(u64),
    /// Before the next row once the flag is set.
    Asked(&'a AtomicBool),
}

/// Where [`SourceReader::read_rows`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// At the end of the input.
    End,
    /// Where it was asked to, at a row start.
    Asked,
    /// Exactly at the byte asked for, where a row starts on `line`.
    At { line: u64 },
    /// Past it: the byte asked for is inside a row.
    Past,
}

impl SourceReader<'_, '_> {
    /// Reads every row of a raw source's CSV.
    pub(crate) fn read_records<R: Read>(&mut self, csv: CsvInput<R>) -> Result<()> {
        let mut input = self.record_input(csv)?;
        self.read_rows(&mut input, Until::End).map(drop)
    }

    /// Finds the plan's columns in `csv`'s header.
    pub(crate) fn record_input<R: Read>(&self, csv: CsvInput<R>) -> Result<RecordInput<R>> {
        let plan = self.plan()?;
        let binding = plan
            .bind(csv.header())
            .map_err(|kind| csv.header_error(kind))?;
        let names = column_names(&plan, &binding, csv.header());
        let buffers = Buffers {
            row: RowBuffers::default(),
            parsed: Parsed::for_plan(&plan),
        };
        Ok(RecordInput {
            csv,
            plan,
            binding,
            names,
            buffers,
        })
    }

    /// Reads rows to the end of the input or to where `until` says.
    pub(crate) fn read_rows<R: Read>(
        &mut self,
        input: &mut RecordInput<R>,
        until: Until<'_>,
    ) -> Result<Stop> {
        let RecordInput {
            csv,
            plan,
            binding,
            names,
            buffers,
        } = input;
        self.note_place_columns(plan, binding);
        let mut rows: u32 = 0;
        loop {
            rows = rows.wrapping_add(1);
            if rows.is_multiple_of(PROGRESS_ROWS)
                && let Some(progress) = &self.state.progress
            {
                progress.advance_to(csv.position().0);
            }
            match until {
                Until::End => {}
                Until::Byte(until) => {
                    let (byte, line) = csv.position();
                    if byte >= until {
                        return Ok(if byte == until {
                            Stop::At { line }
                        } else {
                            Stop::Past
                        });
                    }
                }
                Until::Asked(asked) => {
                    if asked.load(Ordering::Relaxed) {
                        return Ok(Stop::Asked);
                    }
                }
            }
            let id_column = binding.get(plan.id).copied().flatten();
            match csv.read(&mut buffers.row.bytes) {
                Ok(true) => {}
                Ok(false) => return Ok(Stop::End),
                // A footer typed on a line of its own (`制表人：张三`, one field) is a
                // footer, not a row of the wrong length.
                Err(error)
                    if !(matches!(error.kind(), ErrorKind::MalformedRow { .. })
                        && is_total_row(csv, &buffers.row.bytes, id_column)) =>
                {
                    self.reject(error)?;
                    continue;
                }
                Err(_) => {}
            }
            if is_total_row(csv, &buffers.row.bytes, id_column) {
                let quality = &mut self.state.quality;
                quality.read += 1;
                quality.total_rows += 1;
                continue;
            }
            let origin = Origin::Line(self.state.line_base() + csv.line());
            let line = line_hash(&buffers.row.bytes);
            self.csv_row(csv, binding, buffers, |reader, row, parsed| {
                reader.record(plan, row, names, parsed, (origin, line))
            })?;
        }
    }

    /// Reads up to `rows` rows for their ids only, counting nothing: the ids of the rows that
    /// a reading of the whole file would count or compare (malformed rows have none).
    pub(crate) fn ids_of_rows<R: Read>(
        &mut self,
        input: &mut RecordInput<R>,
        rows: usize,
    ) -> HashSet<Id, ByHash> {
        let mut ids = HashSet::default();
        let RecordInput {
            csv,
            plan,
            binding,
            buffers,
            ..
        } = input;
        for _ in 0..rows {
            match csv.read(&mut buffers.row.bytes) {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => continue,
            }
            // A row error leaves the row without an id, as it would be on any reading.
            let _ = self.csv_row(csv, binding, buffers, |_, row, parsed| {
                if plan.parse(row, parsed).is_ok()
                    && let Some(id) = parsed.id
                {
                    ids.insert(id);
                }
                Ok(())
            });
        }
        ids
    }

    /// Hands the CSV row in `buffers` to `then` as a [`Row`] of the plan's columns (see
    /// [`decode::with_row`]); a column read whose bytes are not text is a row error.
    fn csv_row<R: Read>(
        &mut self,
        csv: &mut CsvInput<R>,
        binding: &Binding,
        buffers: &mut Buffers,
        then: impl FnOnce(&mut Self, &Row<'_>, &mut Parsed) -> Result<()>,
    ) -> Result<()> {
        let Buffers { row, parsed } = buffers;
        decode::with_row(csv, binding, row, |row| match row {
            Ok(row) => then(self, row, parsed),
            Err(error) => self.reject(error),
        })
    }

    /// Feeds one record from memory.
    pub(crate) fn memory_record(&mut self, record: &Record) -> Result<()> {
        let plan = self.plan()?;
        self.state.fed += 1;
        let origin = Origin::Record(self.state.fed);
        let header = Header::new(record.names());
        let binding = plan.bind_loosely(&header);
        if !self.shared.extra_fields {
            self.check_fields(&header, &binding, origin)?;
        }
        self.note_place_columns(&plan, &binding);
        let names = column_names(&plan, &binding, &header);
        let mut parsed = Parsed::default();
        // Where every version is kept (records fed from memory), no row's hash is looked at.
        self.record(
            &plan,
            &Row::memory(record, &binding),
            &names,
            &mut parsed,
            (origin, 0),
        )
    }

    /// A field of a record from memory that no board reads must be a column of the source's
    /// kind (a status no board filters on, say), or it is taken for a typo.
    fn check_fields(&self, header: &Header, binding: &Binding, origin: Origin) -> Result<()> {
        let mut unbound = (0..header.len())
            .filter(|index| !binding.contains(&Some(*index)))
            .peekable();
        if unbound.peek().is_none() {
            return Ok(());
        }
        let source = &self.shared.spec.sources[self.state.index];
        let columns = source.kind.columns();
        for index in unbound {
            let field = crate::name::normalize(header.cell(index));
            let known = columns
                .iter()
                .any(|column| column.name == field || column.headers.contains(&field.as_ref()))
                || source
                    .columns
                    .values()
                    .any(|mapped| crate::name::normalize(mapped) == field);
            if !known {
                let names: Vec<&str> = columns.iter().map(|column| column.name).collect();
                return Err(Error::new(
                    ErrorKind::UnknownField {
                        field: shorten(header.cell(index)),
                        kind: source.kind.as_str().to_owned(),
                        known: names.join(", "),
                    },
                    self.location_of(origin, None, None),
                ));
            }
        }
        Ok(())
    }

    /// One record: typed, checked for a repeated id, then counted.
    /// Counts a record (`origin`: where it is, and the [hash of its row](line_hash) when read
    /// from a file), unless it is malformed or a repeat.
    fn record(
        &mut self,
        plan: &Plan,
        row: &Row<'_>,
        names: &[String],
        parsed: &mut Parsed,
        (origin, line): (Origin, u32),
    ) -> Result<()> {
        if let Err((column, kind)) = plan.parse(row, parsed) {
            let id = crate::name::normalize(row.get(plan.id));
            let id = (!id.is_empty()).then_some(id.as_ref());
            let error = Error::new(kind, self.location_of(origin, Some(&names[column]), id));
            let message = error.to_string();
            self.reject_only(error)?;
            // The boards it would have counted for lose it: none when its time is readable
            // and outside the period, else those whose filters select it.
            let outside = crate::source::field::time(row.get(plan.time))
                .ok()
                .flatten()
                .is_some_and(|time| !self.shared.period.contains(time.date()));
            if !outside {
                let mut matches = plan.conditions.matches(|column| row.get(column));
                self.count_lost(
                    plan,
                    row,
                    &mut matches,
                    origin,
                    Uncounted::Malformed,
                    Some(message),
                );
            }
            return Ok(());
        }
        // The version is made only when needed: most records are the first copy of their id.
        let written = (parsed.written(line), plan.reads_every_time());
        let version = || plan.version(row, parsed);
        let state = &mut *self.state;
        let Reading::Records(records) = &mut state.reading else {
            return Err(self.not_records());
        };
        if let (Some(id), Some(deferred)) = (parsed.id, &mut records.deferred)
            && deferred.defers(id, || (written, version()))
        {
            self.observe(plan, row, parsed, origin);
            return Ok(());
        }
        state.quality.read += 1;
        match parsed.id {
            // Records that cannot be read again keep their fields while they count, to be
            // taken back if a later copy comes.
            Some(id) => {
                match records
                    .repeats
                    .copy_of(id, written, version, origin.position(), || {
                        kept_fields(plan, row)
                    }) {
                    Seen::First => {}
                    Seen::Repeat => {
                        state.quality.repeated += 1;
                        self.observe(plan, row, parsed, origin);
                        return Ok(());
                    }
                    Seen::Later { counted, kept } => {
                        state.quality.repeated += 1;
                        self.take_back(plan, kept, names, origin.at(counted))?;
                    }
                }
            }
            // No repeat of it can be found: counted, and reported.
            None if row.has(plan.id) => state.quality.without_id += 1,
            None => {}
        }
        self.apply(plan, row, parsed, origin, Step::Count)
    }

    /// Notes the values the filtered columns of a record read but not counted (a repeat)
    /// hold, if it is of the period: the filters' values that occur are looked for among every
    /// record of the period read, repeats included, so that which copy of an id counts changes
    /// nothing there, and neither does the order of the records nor how they arrive.
    ///
    /// Such a record is a repeated copy: the boards that select it lose it under that reason.
    fn observe(&mut self, plan: &Plan, row: &Row<'_>, parsed: &Parsed, origin: Origin) {
        let date = parsed.time.date();
        if self.period_of(|period| period.contains(date)) == Some(PeriodRole::Current) {
            let mut matches = plan
                .conditions
                .matches_remembered(|column| row.get(column), &parsed.filtered);
            if let Some(records) = self.state.records_mut() {
                matches.observe(&mut records.occurrences);
            }
            self.count_lost(plan, row, &mut matches, origin, Uncounted::Repeated, None);
        }
    }

    /// Takes back a copy counted until now (at `origin`), from its fields kept at `kept`: a
    /// later copy of its id came, from memory or from a reader.
    fn take_back(
        &mut self,
        plan: &Plan,
        kept: usize,
        names: &[String],
        origin: Origin,
    ) -> Result<()> {
        // Owned, as taking the copy back changes the state that keeps them.
        let kept = self
            .state
            .records()
            .and_then(|records| records.repeats.kept_fields(kept));
        let Some(fields): Option<Vec<Option<String>>> = kept.map(|fields| {
            fields
                .into_iter()
                .map(|field| field.map(str::to_owned))
                .collect()
        }) else {
            return Ok(());
        };
        let binding: Binding = fields
            .iter()
            .enumerate()
            .map(|(column, field)| field.as_ref().map(|_| column))
            .collect();
        let texts: Vec<&str> = fields
            .iter()
            .map(|field| field.as_deref().unwrap_or(""))
            .collect();
        let row = Row::columns(&texts, &binding);
        let mut parsed = Parsed::default();
        // The copy was read once, so it reads again, the same.
        if let Err((column, kind)) = plan.parse(&row, &mut parsed) {
            let column = names.get(column).map(String::as_str);
            return Err(Error::new(kind, self.location(origin, column)));
        }
        self.apply(plan, &row, &parsed, origin, Step::TakeBack)
    }

    /// Counts a record (or takes it back): its period, its places, its indicators.
    fn apply(
        &mut self,
        plan: &Plan,
        row: &Row<'_>,
        parsed: &Parsed,
        origin: Origin,
        step: Step,
    ) -> Result<()> {
        let delta = step.delta();
        let date = parsed.time.date();
        let Some(role) = self.period_of(|period| period.contains(date)) else {
            self.tally(Outcome::OutOfPeriod { previous: false }, None, delta);
            return Ok(());
        };
        let record = Applied {
            plan,
            row,
            parsed,
            origin,
            step,
            role,
        };
        // Filled in place, not returned: at 16 kinds' room the array is 256 bytes, and moving it
        // out of the call cost a `memcpy` a record (3.6 % of a plain city's instructions).
        let mut resolutions = [Resolution::Unmatched; PlaceKind::CAPACITY];
        self.place_record(record, &mut resolutions);
        let mut matches = plan
            .conditions
            .matches_remembered(|column| row.get(column), &parsed.filtered);
        self.count_matched(record, &resolutions, &mut matches)
    }

    /// Counts a record placed (`resolutions`) for the feeds and coverage groups whose
    /// filters select it (`matches`), or takes it back.
    fn count_matched<'r, F: Fn(usize) -> &'r str>(
        &mut self,
        record: Applied<'_, '_>,
        resolutions: &[Resolution; PlaceKind::CAPACITY],
        matches: &mut Matches<'_, F>,
    ) -> Result<()> {
        let Applied {
            plan,
            row,
            origin,
            step,
            role,
            ..
        } = record;
        let delta = step.delta();
        if role == PeriodRole::Current && matches!(step, Step::Count) {
            matches.observe(&mut self.records()?.occurrences);
        }
        if role == PeriodRole::Current {
            self.count_coverage(plan, row, resolutions, matches, origin, step);
        }
        let verdict = self.judge(record)?;
        let mut excluded = false;
        // The unlisted values this record holds, counted once each however many shares read
        // them, as `excluded` counts the record once (empty, so free, on most records).
        let mut unlisted: Vec<Cow<'_, str>> = Vec::new();
        for (feed, plan_feed) in plan.feeds.iter().enumerate() {
            let Some(position) = resolutions[plan_feed.kind.index()].place() else {
                continue;
            };
            if !matches.pass(&plan_feed.filter) {
                continue;
            }
            if plan_feed
                .exclude
                .as_ref()
                .is_some_and(|exclude| matches.pass(exclude))
            {
                excluded = true;
                continue;
            }
            let in_part = plan_feed.of.as_ref().is_some_and(|of| matches.pass(of));
            let fed = Fed {
                feed,
                target: Target {
                    kind: plan_feed.kind,
                    position,
                },
                in_part,
            };
            self.count_feed(record, fed, verdict, &mut unlisted)?;
        }
        if excluded && role == PeriodRole::Current {
            delta.step(&mut self.state.quality.excluded);
        }
        Ok(())
    }

    /// Resolves a record to its places and counts what became of it (or takes it back):
    /// used, out of the period, ambiguous or unplaced; writes its place per kind into
    /// `resolutions` (all `Unmatched` when called).
    fn place_record(
        &mut self,
        record: Applied<'_, '_>,
        resolutions: &mut [Resolution; PlaceKind::CAPACITY],
    ) {
        let Applied {
            plan, row, role, ..
        } = record;
        let delta = record.step.delta();
        let shared = self.shared;
        let gazetteer = shared.gazetteer;
        let column = |kind: PlaceKind| plan.place[kind.index()].map(|column| row.get(column));
        let address = row.get(plan.address);
        let resolve = |kind: PlaceKind| {
            shared
                .resolver
                .resolve(gazetteer, kind, column(kind), Some(address))
        };
        if gazetteer.has_hierarchy() {
            *resolutions =
                crate::resolve::resolve_through_hierarchy(gazetteer, &plan.kinds, resolve);
        } else {
            for &kind in &plan.kinds {
                resolutions[kind.index()] = resolve(kind);
            }
        }
        let resolutions = &*resolutions;
        if role == PeriodRole::Current {
            self.count_kinds(plan, row, resolutions, delta);
        }
        // The run's kinds' slots, not the room for 16: only those are ever resolved.
        let run_kinds = resolutions
            .get(..gazetteer.kinds().all().len())
            .unwrap_or(resolutions);
        let placed = run_kinds
            .iter()
            .any(|resolution| resolution.place().is_some());
        if placed && let Some(count) = self.state.placed_in_mut(role) {
            delta.step(count);
        }
        let outcome = match role {
            PeriodRole::Previous => Outcome::OutOfPeriod { previous: placed },
            PeriodRole::YearAgo | PeriodRole::Earlier(_) => {
                Outcome::OutOfPeriod { previous: false }
            }
            _ if placed => Outcome::Used,
            // A record no chosen board can use still counts as used if it names a place of the
            // other kind: only a record that resolves to no place of any kind is unplaced.
            _ if gazetteer
                .kinds()
                .all()
                .iter()
                .filter(|kind| !plan.kinds.contains(kind))
                .any(|&kind| resolve(kind).place().is_some()) =>
            {
                Outcome::Used
            }
            _ if run_kinds.contains(&Resolution::Ambiguous) => Outcome::Ambiguous,
            _ => Outcome::Unplaced,
        };
        if outcome == Outcome::Used && role == PeriodRole::Current && gazetteer.has_hierarchy() {
            self.count_reached(plan, resolutions, resolve, delta);
        }
        if outcome == Outcome::Unplaced {
            let named = gazetteer
                .kinds()
                .all()
                .iter()
                .filter_map(|&kind| column(kind))
                .find(|text| !text.trim().is_empty());
            let unmatched = named.map_or_else(|| street(address), Cow::Borrowed);
            self.tally(outcome, Some(&unmatched), delta);
        } else {
            self.tally(outcome, None, delta);
        }
    }

    /// How a record stands against its deadline, when its plan has deadlines; a record of the
    /// period counts in the report's deadline counts (or is taken back from them).
    fn judge(&mut self, record: Applied<'_, '_>) -> Result<Option<Verdict>> {
        let Applied {
            plan,
            row,
            parsed,
            origin,
            role,
            ..
        } = record;
        let delta = record.step.delta();
        let Some(deadlines) = &plan.deadline else {
            return Ok(None);
        };
        let value = crate::name::normalize(row.get(deadlines.column));
        if role == PeriodRole::Current {
            self.records()?.deadline_values.step(&value, delta);
        }
        let verdict = self
            .verdict(deadlines.deadline(&value), parsed, role)
            .map_err(|error| self.at_record(error, plan, row, origin))?;
        if role == PeriodRole::Current {
            self.state
                .quality
                .deadlines
                .get_or_insert_with(Default::default)
                .step(verdict, delta);
        }
        Ok(Some(verdict))
    }

    /// Counts a record (or takes it back) for one feed that selects it: as on time or
    /// overdue, with its credit, as a record, or by its value for a mean.
    fn count_feed<'r>(
        &mut self,
        record: Applied<'_, 'r>,
        fed: Fed,
        verdict: Option<Verdict>,
        unlisted: &mut Vec<Cow<'r, str>>,
    ) -> Result<()> {
        let Applied {
            plan,
            row,
            parsed,
            origin,
            role,
            ..
        } = record;
        let delta = record.step.delta();
        let Fed {
            feed,
            target,
            in_part,
        } = fed;
        let plan_feed = &plan.feeds[feed];
        // What placed the record, for `explain` alone: looked at only for the place traced.
        let placed_by = if self.shared.trace == Some(target) {
            plan.place[target.kind.index()]
                .map(|column| row.get(column))
                .filter(|text| !crate::name::trim(text).is_empty())
                .unwrap_or(row.get(plan.address))
        } else {
            ""
        };
        let noted = (row.get(plan.id), Some(parsed.time), placed_by);
        if let Some(judge) = plan_feed.judge {
            let counted = match (judge, verdict) {
                (Judge::OnTime, Some(Verdict::OnTime)) => Some(true),
                (Judge::OnTime | Judge::Overdue, Some(Verdict::Overdue)) => Some(false),
                _ => None,
            };
            if let Some(on_time) = counted {
                let totals = self.state.totals[feed].get_mut(role);
                totals.count(target.position, on_time, delta);
                let counted = Counted::Deadline { on_time };
                self.note(feed, role, target, origin, noted, counted, delta);
            }
            return Ok(());
        }
        if let Some((column, credits)) = &plan_feed.credits {
            let value = crate::name::normalize(row.get(*column));
            let credit = credits
                .iter()
                .find(|(known, _)| *known == value)
                .map(|(_, credit)| *credit);
            if credit.is_none() && role == PeriodRole::Current && !unlisted.contains(&value) {
                self.records()?.unlisted.step(&value, delta);
                unlisted.push(value.clone());
            }
            let credit = credit.filter(|_| in_part);
            let totals = self.state.totals[feed].get_mut(role);
            totals.credit(target.position, credit, delta);
            let counted = Counted::Credit(credit);
            self.note(feed, role, target, origin, noted, counted, delta);
            return Ok(());
        }
        self.count_value(record, fed, noted)
    }

    /// Counts a record (or takes it back) for a feed that counts records, or sums its value
    /// for a mean.
    fn count_value(
        &mut self,
        record: Applied<'_, '_>,
        fed: Fed,
        noted: (&str, Option<DateTime>, &str),
    ) -> Result<()> {
        let Applied {
            plan,
            row,
            parsed,
            origin,
            role,
            ..
        } = record;
        let delta = record.step.delta();
        let Fed {
            feed,
            target,
            in_part,
        } = fed;
        let plan_feed = &plan.feeds[feed];
        let value = match plan_feed.mean {
            None => {
                let totals = self.state.totals[feed].get_mut(role);
                totals.count(target.position, in_part, delta);
                let counted = Counted::Record { in_part };
                self.note(feed, role, target, origin, noted, counted, delta);
                return Ok(());
            }
            Some(MeanInput::Column(column)) => parsed.numbers[column],
            Some(MeanInput::HoursToClose) => parsed.seconds_to_close,
            Some(MeanInput::WorkingHoursToClose) => self
                .working_seconds(parsed)
                .map_err(|error| self.at_record(error, plan, row, origin))?,
        };
        if let (Some(value), Some(magnitude)) = (value, &mut self.records()?.magnitude) {
            magnitude.add(value);
        }
        // What the record counted as is shown by `explain` alone: worked out only for the
        // place traced, not for every record (a division by 3600 and a normalization, some
        // 35 instructions a record of a city, issue 27).
        if self.shared.trace == Some(target) {
            // Times to close are summed in seconds and shown in hours, as the mean is.
            let shown = match plan_feed.mean {
                Some(MeanInput::Column(_)) | None => value,
                Some(_) => value.and_then(|seconds| seconds.checked_div(Decimal::from(3600))),
            };
            let counted = Counted::Value(shown.map(|value| value.normalize()));
            self.note(feed, role, target, origin, noted, counted, delta);
        }
        let totals = self.state.totals[feed].get_mut(role);
        if let Some(value) = value
            && !totals.add(target.position, value, delta)
        {
            let shared = self.shared;
            let (board, indicator) = self.state.feeds[feed];
            let board = &shared.spec.boards[shared.boards[board]];
            let place = shared.gazetteer.place_of_kind(target.kind, target.position);
            return Err(Error::new(
                ErrorKind::Overflow {
                    what: format!(
                        "the sum of '{}' for '{}'",
                        board.indicators[indicator].id,
                        shorten(place.name())
                    ),
                },
                self.location(origin, None),
            ));
        }
        Ok(())
    }

    /// How a record stands against its deadline as of the end of its period (or `as_of`).
    fn verdict(
        &mut self,
        deadline: Option<Deadline>,
        parsed: &Parsed,
        role: PeriodRole,
    ) -> Result<Verdict> {
        let Some(deadline) = deadline else {
            return Ok(Verdict::WithoutDeadline);
        };
        let spec = self.shared.spec;
        // A deadline in days depends on the day of receipt alone: a month's tickets share a
        // few dozen, kept in a small table by day and deadline.
        let due = match deadline {
            Deadline::WorkingDays(n) | Deadline::Days(n) => {
                let key = (parsed.time.date(), deadline);
                let entry =
                    (key.0.day_of_year() as usize).wrapping_add((n as usize) << 5) % DUE_CACHE;
                let cache = &mut self.records()?.due_cache;
                if cache.is_empty() {
                    cache.resize(DUE_CACHE, None);
                }
                match cache[entry] {
                    Some((known, due)) if known == key => due,
                    _ => {
                        let due = deadline.due(parsed.time, &spec.calendar, &spec.work_hours)?;
                        cache[entry] = Some((key, due));
                        due
                    }
                }
            }
            _ => deadline.due(parsed.time, &spec.calendar, &spec.work_hours)?,
        };
        let as_of = *self.shared.judged_at.get(role);
        Ok(Verdict::of(parsed.closed, due, as_of))
    }

    /// The working time from a record's time to its closing time, in seconds.
    fn working_seconds(&self, parsed: &Parsed) -> Result<Option<Decimal>> {
        let Some(closed) = parsed.closed else {
            return Ok(None);
        };
        let spec = self.shared.spec;
        let nanoseconds = spec
            .work_hours
            .between(parsed.time, closed, &spec.calendar)?;
        Ok(Decimal::try_from_i128_with_scale(nanoseconds, 9).ok())
    }

    /// `error` (of the calendar, which knows no record) at the record: its line or feed
    /// position, its id, and its time's column.
    fn at_record(&self, error: Error, plan: &Plan, row: &Row<'_>, origin: Origin) -> Error {
        let id = crate::name::normalize(row.get(plan.id));
        let id = (!id.is_empty()).then_some(id.as_ref());
        let column = plan.columns[plan.time].name.as_str();
        Error::new(
            error.kind().clone(),
            self.location_of(origin, Some(column), id),
        )
    }

    /// Notes which kinds' own columns the input has (`binding`: the file's header, or a
    /// record's fields): once per input, not per record.
    fn note_place_columns(&mut self, plan: &Plan, binding: &Binding) {
        let Some(records) = self.state.records_mut() else {
            return;
        };
        for &kind in &plan.kinds {
            let own = plan.place[kind.index()];
            records.kinds[kind.index()].column |=
                own.is_some_and(|column| binding.get(column).is_some_and(Option::is_some));
        }
    }

    /// Counts a record used (or takes it back) by the level it reached: its most specific
    /// place (the deepest level, then roads before neighborhoods), among the kinds resolved,
    /// else the other kinds.
    fn count_reached(
        &mut self,
        plan: &Plan,
        resolutions: &[Resolution; PlaceKind::CAPACITY],
        resolve: impl Fn(PlaceKind) -> Resolution,
        delta: Delta,
    ) {
        // The level the record reached: its most specific place (the deepest level, then
        // roads before neighborhoods), among the kinds resolved, else the other kinds. A
        // handling unit says who handled the record, not where: it counts only for a
        // record placed nowhere else.
        let kinds = self.shared.gazetteer.kinds().all();
        let reached = |resolutions: &[Resolution; PlaceKind::CAPACITY]| {
            kinds
                .iter()
                .copied()
                .filter(|kind| resolutions[kind.index()].place().is_some())
                .max_by_key(|&kind| {
                    let located = kind != PlaceKind::Handler;
                    (located, kind.level(), std::cmp::Reverse(kind.index()))
                })
        };
        let kind = reached(resolutions).or_else(|| {
            let mut others = [Resolution::Unmatched; PlaceKind::CAPACITY];
            for &kind in kinds.iter().filter(|kind| !plan.kinds.contains(kind)) {
                others[kind.index()] = resolve(kind);
            }
            reached(&others)
        });
        if let (Some(kind), Some(records)) = (kind, self.state.records_mut()) {
            delta.step(&mut records.reached[kind.index()]);
        }
    }

    /// Counts what became of a record of the period for each kind its boards rank (or takes
    /// it back).
    fn count_kinds(
        &mut self,
        plan: &Plan,
        row: &Row<'_>,
        resolutions: &[Resolution; PlaceKind::CAPACITY],
        delta: Delta,
    ) {
        let step = |count: &mut u64| delta.step(count);
        let Some(records) = self.state.records_mut() else {
            return;
        };
        for &kind in &plan.kinds {
            let own = plan.place[kind.index()];
            let counts = &mut records.kinds[kind.index()];
            let named = own
                .map(|column| row.get(column))
                .filter(|text| !crate::name::trim(text).is_empty());
            match resolutions[kind.index()] {
                Resolution::Below(_) => {
                    step(&mut counts.placed);
                    step(&mut counts.through_below);
                }
                Resolution::Place(_) => {
                    step(&mut counts.placed);
                    if named.is_none() {
                        step(&mut counts.by_address);
                    }
                }
                Resolution::Within(_) => {
                    step(&mut counts.placed);
                    step(&mut counts.within_column);
                }
                Resolution::Ambiguous => step(&mut counts.ambiguous),
                resolution @ (Resolution::Unmatched | Resolution::Administrative) => {
                    step(&mut counts.unplaced);
                    if resolution == Resolution::Administrative {
                        step(&mut counts.administrative);
                    }
                    // Records naming nothing at all (a road case for a neighborhood board)
                    // are counted without a name, and without hashing one.
                    let address = row.get(plan.address);
                    let name = match named {
                        Some(text) => crate::name::normalize(text),
                        None if crate::name::trim(address).is_empty() => continue,
                        None => street(address),
                    };
                    counts.unmatched.step(&name, delta);
                }
            }
        }
    }

    /// Counts a record of the period for the coverage of each board whose filters select it
    /// (or takes it back): placed on a place of the board's kind, or uncounted, why. A copy
    /// taken back is a repeat from then on; a repeat counted again no longer is.
    fn count_coverage<'r, F: Fn(usize) -> &'r str>(
        &mut self,
        plan: &Plan,
        row: &Row<'_>,
        resolutions: &[Resolution; PlaceKind::CAPACITY],
        matches: &mut Matches<'_, F>,
        origin: Origin,
        step: Step,
    ) {
        let delta = step.delta();
        let position = origin.position();
        let coverage = &mut self.state.coverage;
        // Whether some group loses the record: its groups by kind are gathered only then
        // (rarely), not on every record.
        let mut lost = false;
        let mut repeat = Groups::default();
        for (index, group) in coverage.groups.iter().enumerate() {
            if !group
                .feeds
                .iter()
                .any(|&feed| matches.pass(&plan.feeds[feed].filter))
            {
                continue;
            }
            let counts = &mut coverage.counts[index];
            let resolution = resolutions[group.kind.index()];
            if let Some(place) = resolution.place()
                && let Some(placed) = counts.placed.get_mut(place)
            {
                delta.step(placed);
            }
            if let Some(reason) = uncounted(plan, row, group.kind, resolution) {
                counts.uncounted.step(reason, delta);
                lost = true;
            }
            match step {
                Step::Count => {}
                Step::TakeBack => {
                    counts.uncounted.step(Uncounted::Repeated, Delta::Add);
                    repeat.insert(index);
                }
                Step::CountAgain => {
                    counts.uncounted.step(Uncounted::Repeated, Delta::Remove);
                    repeat.insert(index);
                }
            }
        }
        if !lost && repeat.is_empty() {
            return;
        }
        let mut by_kind = Lost::default();
        if lost {
            for (index, group) in coverage.groups.iter().enumerate() {
                if group
                    .feeds
                    .iter()
                    .any(|&feed| matches.pass(&plan.feeds[feed].filter))
                    && let Some(reason) =
                        uncounted(plan, row, group.kind, resolutions[group.kind.index()])
                {
                    by_kind.add(group.kind, reason, index);
                }
            }
        }
        // By reference: at 16 kinds' room the table is a few hundred bytes, a `memcpy` a record
        // when moved.
        list_lost(coverage, (plan, row, position), &by_kind, repeat, step);
    }

    /// Counts a record of the period not counted at all (a repeat, a malformed row) as lost
    /// for `reason` to each board whose filters select it; `text` is what failed, if known.
    fn count_lost<'r, F: Fn(usize) -> &'r str>(
        &mut self,
        plan: &Plan,
        row: &Row<'_>,
        matches: &mut Matches<'_, F>,
        origin: Origin,
        reason: Uncounted,
        text: Option<String>,
    ) {
        let coverage = &mut self.state.coverage;
        let mut groups = Groups::default();
        let mut lost = false;
        for (index, group) in coverage.groups.iter().enumerate() {
            if group
                .feeds
                .iter()
                .any(|&feed| matches.pass(&plan.feeds[feed].filter))
            {
                coverage.counts[index].uncounted.step(reason, Delta::Add);
                groups.insert(index);
                lost = true;
            }
        }
        if lost {
            coverage.record(origin.position(), reason, groups, Delta::Add, || {
                (
                    crate::name::trim(row.get(plan.id)).to_owned(),
                    None,
                    text.unwrap_or_default(),
                )
            });
        }
    }

    /// After a file is read: where copies of an id differ, or where a repeat came too long
    /// after its first copy to compare them, reads the file again to settle those ids: takes
    /// the counted copy (the first) back and counts the latest where they differ, counts the
    /// copies that differ from the latest, and lists the first ids with their lines.
    pub(crate) fn settle_repeats(&mut self, path: &Path) -> Result<()> {
        let source = &self.shared.spec.sources[self.state.index];
        let (encoding, search) = (source.encoding, source.header_search());
        self.settle_repeats_with(|| CsvInput::open_found(path, encoding, &search).map(Some))
    }

    /// [`settle_repeats`](Self::settle_repeats) on the input `open` opens again (`None`: no
    /// input, nothing to settle).
    pub(crate) fn settle_repeats_with<R: Read>(
        &mut self,
        open: impl FnOnce() -> Result<Option<CsvInput<R>>>,
    ) -> Result<()> {
        let settler = self
            .state
            .records_mut()
            .and_then(|records| Settler::new(&mut records.repeats));
        let Some(mut settler) = settler else {
            self.file_settled();
            return Ok(());
        };
        let plan = self.plan()?;
        let Some(mut csv) = open()? else {
            self.file_settled();
            return Ok(());
        };
        let binding = plan
            .bind(csv.header())
            .map_err(|kind| csv.header_error(kind))?;
        // A file without ids has no repeats to settle.
        let Some(id_index) = binding.get(plan.id).copied().flatten() else {
            self.file_settled();
            return Ok(());
        };
        let mut buffers = Buffers::default();
        loop {
            match csv.read(&mut buffers.row.bytes) {
                Ok(true) => {}
                Ok(false) => break,
                // Reported on the first reading.
                Err(_) => continue,
            }
            // Most rows are of no id to settle: their id is all that is read of them. (The
            // encoding is decided by the whole row, as on the first reading.)
            csv.reads_utf8(&buffers.row.bytes);
            let wanted = csv.text(&buffers.row.bytes, id_index).is_ok_and(|text| {
                let text = crate::name::normalize(&text);
                !text.is_empty() && settler.wants(Id::new(&text))
            });
            if !wanted {
                continue;
            }
            let line = self.state.line_base() + csv.line();
            let origin = Origin::Line(line);
            let outcome = self.csv_row(&mut csv, &binding, &mut buffers, |reader, row, parsed| {
                // Rows malformed on the first reading were reported then.
                if plan.parse(row, parsed).is_err() {
                    return Ok(());
                }
                let (text, Some(id)) = plan.id_of(row) else {
                    return Ok(());
                };
                match settler.copy(id, plan.version(row, parsed), line, &text) {
                    Some(Settled::TakeBack) => {
                        reader.apply(&plan, row, parsed, origin, Step::TakeBack)
                    }
                    // Its values were noted on the first reading, as a repeat.
                    Some(Settled::Count) => {
                        reader.apply(&plan, row, parsed, origin, Step::CountAgain)
                    }
                    None => Ok(()),
                }
            });
            // Decoding errors were reported on the first reading too.
            if let Err(error) = outcome
                && !error.is_row_error()
            {
                return Err(error);
            }
        }
        settler.finish(&mut self.records()?.repeats);
        self.file_settled();
        Ok(())
    }

    /// Frees the table of repeats' window once the file is read and settled.
    fn file_settled(&mut self) {
        if let Some(records) = self.state.records_mut() {
            records.repeats.file_settled();
        }
    }

    /// The plan of the source of records being read.
    fn plan(&self) -> Result<Arc<Plan>> {
        self.state.plan().cloned().ok_or_else(|| self.not_records())
    }

    /// What the source of records being read keeps.
    pub(crate) fn records(&mut self) -> Result<&mut RecordsState> {
        let (shared, index) = (self.shared, self.state.index);
        self.state
            .records_mut()
            .ok_or_else(|| records_for_table(shared, index))
    }

    /// Records given to a `table` source.
    fn not_records(&self) -> Error {
        records_for_table(self.shared, self.state.index)
    }
}

/// Lists a record of the period (`plan`'s `row` at `position`) among the uncounted records of
/// the groups that lose it (`lost`, by kind of place), or takes it back; and, taken back or
/// counted again on the second reading of its file, among the repeats of the groups in
/// `repeat`, or takes it back from them.
fn list_lost(
    coverage: &mut super::coverage::Coverage,
    (plan, row, position): (&Plan, &Row<'_>, u64),
    lost: &Lost,
    repeat: Groups,
    step: Step,
) {
    let delta = step.delta();
    let id = || crate::name::trim(row.get(plan.id)).to_owned();
    // Every kind the record is lost to, declared kinds' too, in the kinds' order.
    for &(kind, reason, groups) in lost.by_kind.iter().flatten() {
        let text = || {
            plan.place[kind.index()]
                .map(|column| row.get(column))
                .filter(|text| !crate::name::trim(text).is_empty())
                .unwrap_or_else(|| row.get(plan.address))
                .trim()
                .to_owned()
        };
        coverage.record(position, reason, groups, delta, || {
            (id(), Some(kind), text())
        });
    }
    if !repeat.is_empty() {
        // Taken back: now a repeat; counted again: a repeat no longer.
        let delta = match step {
            Step::CountAgain => Delta::Remove,
            _ => Delta::Add,
        };
        coverage.record(position, Uncounted::Repeated, repeat, delta, || {
            (id(), None, String::new())
        });
    }
}

/// Why a board of `kind` cannot count a record it selects, resolved there to `resolution`
/// (`plan`'s `row`); `None` when it is placed.
fn uncounted(
    plan: &Plan,
    row: &Row<'_>,
    kind: PlaceKind,
    resolution: Resolution,
) -> Option<Uncounted> {
    match resolution {
        Resolution::Place(_) | Resolution::Within(_) | Resolution::Below(_) => None,
        Resolution::Ambiguous => Some(Uncounted::Ambiguous),
        // A name only as part of an administrative area's (天山路街道) places nothing:
        // for the board, the record is unplaced (the report counts these apart).
        Resolution::Administrative => Some(Uncounted::Unplaced),
        Resolution::Unmatched => {
            let named = plan.place[kind.index()]
                .is_some_and(|column| !crate::name::trim(row.get(column)).is_empty());
            Some(if named {
                Uncounted::UnknownName
            } else {
                Uncounted::Unplaced
            })
        }
    }
}

/// Records given to source `index`, a `table` source.
fn records_for_table(shared: &Shared<'_>, index: usize) -> Error {
    Error::new(
        ErrorKind::SourceUse(SourceUse::RecordsForTable {
            source_id: shared.spec.sources[index].id.clone(),
        }),
        Location::Unknown,
    )
}

/// How many rows are read between two reports of progress.
const PROGRESS_ROWS: u32 = 4096;

/// Entries of the table of deadlines in days worked out (see `verdict`).
const DUE_CACHE: usize = 1024;

/// An address as the report lists it among unmatched names: as written (trimmed, in NFKC)
/// up to its last house number (digits then 号), so that `长宁路352号` and `长宁路868号3楼`
/// count as one name, `长宁路`, while `遵义路397弄天山1村66号` keeps its lane and
/// neighborhood: `遵义路397弄天山1村`. (Up to the first digit, as once, cut that to `遵义路`
/// and hid the neighborhood the analyst needed to see.) An address with no house number is
/// listed whole.
fn street(address: &str) -> Cow<'_, str> {
    let address = crate::name::normalize(address);
    let Some(number) = address.rfind('号') else {
        return address;
    };
    let before = address.get(..number).unwrap_or_default();
    let start = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if start == before.len() || start == 0 {
        return address;
    }
    Cow::Owned(
        address
            .get(..start)
            .unwrap_or_default()
            .trim_end()
            .to_owned(),
    )
}

/// A hash of a row as read, for telling a repeat alike its first copy without making either's
/// fingerprint (see [`Written`](crate::dedup::Written)): of its bytes and of where each field
/// ends (a quoted field may hold the separator), cut to 32 bits. Rows that hash alike are
/// taken for the same row: two that differ do so with odds of 2⁻³², as two copies' fingerprints.
fn line_hash(row: &crate::read::raw_row::RawRow) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    // The ends folded into one word by a multiplication each, the seed of the bytes' hash (so
    // that neither the bytes' length nor another word is written: a row costs one hash call).
    let ends = (row.ends().iter()).fold(LINES_SEED, |folded, &end| {
        (folded ^ end as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    });
    let mut hasher = foldhash::fast::FixedState::with_seed(ends).build_hasher();
    hasher.write(row.as_slice());
    hasher.finish() as u32
}

/// The seed of rows' hashes: fixed, so that they are the same in every run.
const LINES_SEED: u64 = 0x11E5;

/// The fields of `row` for the plan's columns, as the table of repeats keeps them: `None` for
/// a column the row lacks.
fn kept_fields<'r>(
    plan: &Plan,
    row: &'r Row<'r>,
) -> impl ExactSizeIterator<Item = Option<&'r str>> + use<'r> {
    (0..plan.columns.len()).map(move |column| row.has(column).then(|| row.get(column)))
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

/// Whether the CSV row `record` is a total or footer row (see
/// [`crate::source::layout::is_total_row`]): judged on its first non-empty field, and on its
/// id field (`id_column`, when the file has one). A row whose first field is ASCII, as an id
/// is, is judged at once, without a call.
#[inline]
fn is_total_row<R: Read>(
    csv: &mut CsvInput<R>,
    record: &crate::read::raw_row::RawRow,
    id_column: Option<usize>,
) -> bool {
    // Nearly every row: an id first, in ASCII, which no marker is (decided as below, sooner).
    if record
        .get(0)
        .and_then(<[u8]>::first)
        .is_some_and(|byte| byte.is_ascii() && !byte.is_ascii_whitespace())
    {
        return false;
    }
    is_total_row_past_ascii(csv, record, id_column)
}

/// [`is_total_row`] of a row whose first field does not start with ASCII.
#[inline(never)]
fn is_total_row_past_ascii<R: Read>(
    csv: &mut CsvInput<R>,
    record: &crate::read::raw_row::RawRow,
    id_column: Option<usize>,
) -> bool {
    let blank = |field: &[u8]| field.iter().all(u8::is_ascii_whitespace);
    let Some(first) = record.iter().position(|field| !blank(field)) else {
        return false;
    };
    let starts_ascii = record
        .get(first)
        .and_then(|field| field.iter().find(|byte| !byte.is_ascii_whitespace()))
        .is_some_and(u8::is_ascii);
    if starts_ascii {
        return false;
    }
    let id_empty_or_first =
        id_column.is_none_or(|id| id == first || record.get(id).is_none_or(blank));
    // The label in a column left of the id, the count in the id column: `合计 | 41件`.
    let id_after_first = id_column.is_some_and(|id| id > first);
    match csv.text(record, first) {
        Ok(text) => {
            crate::source::layout::is_total_row(&text, id_empty_or_first)
                || (id_after_first && crate::source::layout::is_summary_before_id(&text))
        }
        Err(_) => false,
    }
}
