//! The plan of one raw source: the columns the chosen boards need from its records (and only
//! those are read), and how each indicator counts a record.

use jiff::civil::DateTime;
use rust_decimal::Decimal;

use crate::calendar::Deadline;
use crate::dedup::{Id, IdReader, Version, Written, fingerprint};
use crate::error::ErrorKind;
use crate::measure::{Conditions, Filter, MatchMemo, Test};
use crate::name::normalize;
use crate::places::PlaceKind;
use crate::read::csv::Column;
use crate::read::header::{self, Header};
use crate::read::row::{Binding, Row};
use crate::source::SourceKind;
use crate::source::field::{self, TimeReader};
use crate::source::kinds::{
    ADDRESS, CLOSED_TIME, HOURS_TO_CLOSE, ID, SCORE, TIME, WORKING_HOURS_TO_CLOSE,
};
use crate::source::layout::is_excel_scientific;
use crate::spec::{BoardSpec, MeasureSpec, SourceSpec};

/// What a source's records must give the chosen boards.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The source's id, for messages.
    pub(crate) source: String,
    /// The columns read, in order: a row's fields are these columns' texts.
    pub(crate) columns: Vec<PlanColumn>,
    pub(crate) id: usize,
    pub(crate) time: usize,
    /// Per kind (by its index): the kind's own column, if the kind is needed.
    pub(crate) place: [Option<usize>; PlaceKind::CAPACITY],
    pub(crate) address: usize,
    /// The closing time, for a source whose kind has the column (grid, hotline).
    pub(crate) closed: Option<Closing>,
    /// How records are judged against their deadline, when an indicator needs it.
    pub(crate) deadline: Option<DeadlinePlan>,
    /// Per indicator fed by the source.
    pub(crate) feeds: Vec<Feed>,
    /// The columns the feeds' filters read, and the values they accept.
    pub(crate) conditions: Conditions,
    /// The kinds of place the source's indicators rank.
    pub(crate) kinds: Vec<PlaceKind>,
    /// Per kind (by its index): whether the spec has kinds below it, through whose places a
    /// record may reach one of its own.
    pub(crate) has_levels_below: [bool; PlaceKind::CAPACITY],
    /// What a record's parse reads, decided once for the plan's columns (see
    /// [`Plan::compile`]).
    parsing: Parsing,
}

/// The columns a record's parse goes through, found once for the plan instead of for every
/// record.
#[derive(Debug, Default)]
struct Parsing {
    /// The numeric columns, each with whether an empty field of it is a malformed row (a
    /// sanitation inspection's score).
    numeric: Vec<(usize, bool)>,
    /// The columns the fingerprint covers: every column but the id, in order.
    fingerprinted: Vec<usize>,
}

/// A column of the plan.
#[derive(Debug)]
pub(crate) struct PlanColumn {
    /// The name the spec or the kind knows it by: a canonical name or a header.
    pub(crate) name: String,
    /// The canonical column, when the kind has one by this name.
    pub(crate) column: Option<Column>,
    /// The header the spec maps it to.
    pub(crate) mapped: Option<String>,
    /// A file without it is an error.
    pub(crate) required: bool,
    /// Its fields are decimals, parsed for every record.
    pub(crate) numeric: bool,
    /// Why it is read, for messages: "time", "boards[0].indicators[1].where", …
    pub(crate) used_by: String,
}

/// The closing time column of a source, and why it is read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Closing {
    pub(crate) column: usize,
    /// An indicator averages `hours_to_close` or `working_hours_to_close`, or judges
    /// deadlines: the column is required, and a closing time
    /// that cannot be read, or that comes before the record's time, makes a malformed row.
    /// Otherwise it is read only to tell which copy of a repeated id is the latest: the column
    /// may be absent, and a closing time that cannot be read is taken as none.
    pub(crate) measured: bool,
}

/// How one indicator counts a record.
#[derive(Debug)]
pub(crate) struct Feed {
    /// The board's slot among the chosen boards.
    pub(crate) board: usize,
    /// The indicator's position in its board.
    pub(crate) indicator: usize,
    pub(crate) kind: PlaceKind,
    /// `where`.
    pub(crate) filter: Test,
    /// `of`, for a share.
    pub(crate) of: Option<Test>,
    /// The value a mean averages.
    pub(crate) mean: Option<MeanInput>,
    /// `on-time` and `overdue`: how the record's deadline counts.
    pub(crate) judge: Option<Judge>,
    /// A share's credits: the column whose value earns the credit, and each value's.
    pub(crate) credits: Option<(usize, Vec<(String, Decimal)>)>,
    /// A share's `exclude`: records left out of both parts.
    pub(crate) exclude: Option<Test>,
}

/// Which of a deadline's verdicts an indicator counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Judge {
    /// 100 × on time ÷ due.
    OnTime,
    /// How many are overdue.
    Overdue,
}

/// A source's deadlines, bound to its plan's columns.
#[derive(Debug)]
pub(crate) struct DeadlinePlan {
    /// The plan column whose value picks the deadline.
    pub(crate) column: usize,
    pub(crate) deadlines: crate::spec::Deadlines,
}

impl DeadlinePlan {
    /// The deadline of a record whose deciding column holds `value` (normalized).
    pub(crate) fn deadline(&self, value: &str) -> Option<Deadline> {
        self.deadlines
            .values
            .iter()
            .find(|(known, _)| *known == value)
            .map(|(_, deadline)| *deadline)
            .or(self.deadlines.default)
    }
}

/// What a mean averages.
#[derive(Clone, Copy, Debug)]
pub(crate) enum MeanInput {
    /// A numeric column.
    Column(usize),
    /// Closing time − time, in seconds (divided by 3600 when the mean is taken).
    HoursToClose,
    /// The working time from time to closing time, in seconds.
    WorkingHoursToClose,
}

/// A record's fields, typed: what every indicator needs, parsed once. Kept from record to
/// record, so that parsing allocates nothing.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) time: DateTime,
    /// When the record was closed: when an indicator reads the closing time (see
    /// [`Closing::measured`]) and the field is a time. (Read for its version alone, a closing
    /// time is read by [`Plan::version`].)
    pub(crate) closed: Option<DateTime>,
    /// The normalized id, `None` without an id.
    pub(crate) id: Option<Id>,
    /// Per plan column: the decimal, for numeric columns with a value.
    pub(crate) numbers: Vec<Option<Decimal>>,
    /// Closing time − time, in seconds, when needed and known.
    pub(crate) seconds_to_close: Option<Decimal>,
    /// Readers of the time and closing time columns, remembering the last date of each.
    times: [TimeReader; 2],
    /// The reader of ids, remembering the last prefix's hash.
    ids: IdReader,
    /// What the texts met lately in the plan's filtered columns matched (empty, so unused,
    /// but for a file's reader: see [`Parsed::for_plan`]).
    pub(crate) filtered: MatchMemo,
}

impl Default for Parsed {
    fn default() -> Parsed {
        Parsed {
            time: DateTime::ZERO,
            closed: None,
            id: None,
            numbers: Vec::new(),
            seconds_to_close: None,
            times: Default::default(),
            ids: IdReader::default(),
            filtered: MatchMemo::default(),
        }
    }
}

impl Parsed {
    /// Values kept from record to record of a file read by `plan`, with a memo of what its
    /// filtered columns' texts match (a few kilobytes: worth it for a file, not for a record
    /// fed from memory).
    pub(crate) fn for_plan(plan: &Plan) -> Parsed {
        Parsed {
            filtered: MatchMemo::for_columns(plan.conditions.filtered_columns()),
            ..Parsed::default()
        }
    }
}

impl Plan {
    /// The plan of source `source` for the chosen `boards` (with their slots); `spec_kinds`:
    /// the spec's kinds of place, built in and declared.
    pub(crate) fn new(
        source: usize,
        spec: &SourceSpec,
        boards: &[(usize, &BoardSpec)],
        spec_kinds: &crate::places::Kinds,
    ) -> Plan {
        let kind = spec.kind;
        let mut plan = Plan {
            source: spec.id.clone(),
            columns: Vec::new(),
            id: 0,
            time: 0,
            place: [None; PlaceKind::CAPACITY],
            address: 0,
            closed: None,
            deadline: None,
            feeds: Vec::new(),
            conditions: Conditions::default(),
            kinds: Vec::new(),
            has_levels_below: [false; PlaceKind::CAPACITY],
            parsing: Parsing::default(),
        };
        for &kind in spec_kinds.all() {
            plan.has_levels_below[kind.index()] =
                (spec_kinds.all().iter()).any(|other| other.level() > kind.level());
        }
        plan.id = plan.column(spec, ID.name, false, false, "repeated ids");
        plan.time = plan.column(spec, TIME.name, true, false, "the period of every record");
        plan.address = plan.column(spec, ADDRESS.name, false, false, "finding places");
        if kind == SourceKind::Sanitation {
            plan.column(spec, SCORE.name, true, true, "every inspection's score");
        }
        for &(slot, board) in boards {
            for (position, indicator) in board.indicators.iter().enumerate() {
                if indicator.source != source {
                    continue;
                }
                let key = |name: &str| crate::spec::Spec::indicator_key(board, position, name);
                if !plan.kinds.contains(&board.kind) {
                    plan.kinds.push(board.kind);
                    plan.place[board.kind.index()] = Some(plan.place_column(spec, board.kind));
                }
                let filter = plan.filter(spec, &indicator.filter, &key("where"));
                let mut judge = None;
                let mut credits = None;
                let mut exclude = None;
                let (of, mean) = match &indicator.measure {
                    MeasureSpec::Share {
                        of,
                        credits: credited,
                        exclude: excluded,
                    } => {
                        credits = credited.as_ref().map(|credits| {
                            let column =
                                plan.column(spec, &credits.column, true, false, &key("of"));
                            (column, credits.values.clone())
                        });
                        exclude = excluded
                            .as_ref()
                            .map(|excluded| plan.filter(spec, excluded, &key("exclude")));
                        (Some(plan.filter(spec, of, &key("of"))), None)
                    }
                    MeasureSpec::OnTime | MeasureSpec::Overdue => {
                        plan.closed = Some(Closing {
                            column: plan.column(spec, CLOSED_TIME, true, false, &key("measure")),
                            measured: true,
                        });
                        if let Some(deadlines) = &spec.deadlines
                            && plan.deadline.is_none()
                        {
                            let used_by = format!("sources.{}.deadline_by", spec.id);
                            plan.deadline = Some(DeadlinePlan {
                                column: plan.column(spec, &deadlines.column, true, false, &used_by),
                                deadlines: deadlines.clone(),
                            });
                        }
                        judge = Some(if matches!(indicator.measure, MeasureSpec::OnTime) {
                            Judge::OnTime
                        } else {
                            Judge::Overdue
                        });
                        (None, None)
                    }
                    MeasureSpec::Mean { field } if normalize(field) == HOURS_TO_CLOSE => {
                        plan.closed = Some(Closing {
                            column: plan.column(spec, CLOSED_TIME, true, false, &key("field")),
                            measured: true,
                        });
                        (None, Some(MeanInput::HoursToClose))
                    }
                    MeasureSpec::Mean { field } if normalize(field) == WORKING_HOURS_TO_CLOSE => {
                        plan.closed = Some(Closing {
                            column: plan.column(spec, CLOSED_TIME, true, false, &key("field")),
                            measured: true,
                        });
                        (None, Some(MeanInput::WorkingHoursToClose))
                    }
                    MeasureSpec::Mean { field } => (
                        None,
                        Some(MeanInput::Column(plan.column(
                            spec,
                            field,
                            true,
                            true,
                            &key("field"),
                        ))),
                    ),
                    _ => (None, None),
                };
                plan.feeds.push(Feed {
                    board: slot,
                    indicator: position,
                    kind: board.kind,
                    filter,
                    of,
                    mean,
                    judge,
                    credits,
                    exclude,
                });
            }
        }
        // Both kinds' own columns are read when present: a record that no chosen board can
        // place may still name a place of the other kind, and is then not unplaced.
        // A board of a kind with levels below it (a street, a community) reaches its places
        // through theirs: every level's column is read then.
        let hierarchical = plan
            .kinds
            .iter()
            .any(|kind| plan.has_levels_below[kind.index()]);
        for &kind in spec_kinds.all() {
            let always = matches!(kind, PlaceKind::Road | PlaceKind::Neighborhood);
            if plan.place[kind.index()].is_none() && (always || hierarchical) {
                plan.place[kind.index()] = Some(plan.place_column(spec, kind));
            }
        }
        // The closing time tells which copy of a repeated id is the latest, when the kind has
        // it, even if no indicator reads it.
        if plan.closed.is_none() && kind.column(CLOSED_TIME).is_some() {
            plan.closed = Some(Closing {
                column: plan.column(spec, CLOSED_TIME, false, false, "repeated ids"),
                measured: false,
            });
        }
        plan.compile();
        plan
    }

    /// Finds what a record's parse reads, once the columns are all known.
    fn compile(&mut self) {
        let columns = self.columns.iter().enumerate();
        self.parsing = Parsing {
            numeric: (columns.clone())
                .filter(|(_, column)| column.numeric)
                .map(|(position, column)| (position, column.name == SCORE.name && column.required))
                .collect(),
            fingerprinted: (0..self.columns.len())
                .filter(|&column| column != self.id)
                .collect(),
        };
    }

    /// The position of the column naming a place of `kind`, added if new: a built-in kind's
    /// column has the headers sources use; a declared kind's, its Chinese name (`片区`,
    /// `所属片区`), unless the source's `columns` maps it.
    fn place_column(&mut self, spec: &SourceSpec, kind: PlaceKind) -> usize {
        let name = kind.as_str();
        let position = self.column(spec, name, false, false, name);
        if kind.is_declared()
            && let Some(column) = self.columns.get_mut(position)
            && column.column.is_none()
        {
            column.column = Some(crate::read::csv::Column {
                name,
                headers: kind.declared_headers(),
            });
        }
        position
    }

    /// The position of column `name`, added if new.
    fn column(
        &mut self,
        spec: &SourceSpec,
        name: &str,
        required: bool,
        numeric: bool,
        used_by: &str,
    ) -> usize {
        let name = normalize(name).into_owned();
        if let Some(position) = self.columns.iter().position(|column| column.name == name) {
            let column = &mut self.columns[position];
            column.required |= required;
            column.numeric |= numeric;
            return position;
        }
        self.columns.push(PlanColumn {
            column: spec
                .kind
                .column(&name)
                .or_else(|| crate::source::kinds::place_column(&name)),
            mapped: spec.columns.get(&name).cloned(),
            name,
            required,
            numeric,
            used_by: used_by.to_owned(),
        });
        self.columns.len() - 1
    }

    /// Compiles `filter`, adding the columns it reads.
    fn filter(&mut self, spec: &SourceSpec, filter: &Filter, used_by: &str) -> Test {
        let columns: Vec<usize> = filter
            .conditions()
            .iter()
            .map(|condition| self.column(spec, &condition.column, true, false, used_by))
            .collect();
        self.conditions.compile(filter, &columns)
    }

    /// Finds the plan's columns in a file's header. A required column that is missing, or a
    /// kind of place with neither its own column nor an address, is an error.
    pub(crate) fn bind(&self, header: &Header) -> Result<Binding, ErrorKind> {
        let mut binding = Vec::with_capacity(self.columns.len());
        for column in &self.columns {
            let found = self
                .find(column, header)
                .map_err(|kind| header::for_source(kind, &self.source))?;
            if found.is_none() && column.required {
                let looked_for = match &column.column {
                    Some(canonical) => header::looked_for(canonical, column.mapped.as_deref()),
                    None => format!("'{}'", column.mapped.as_deref().unwrap_or(&column.name)),
                };
                return Err(header::missing_in_source(
                    &column.name,
                    format!("{looked_for}; needed for {}", column.used_by),
                    header,
                    &self.source,
                ));
            }
            binding.push(found);
        }
        // A kind with levels below it is found through their columns as well.
        let any_place_column = self
            .place
            .iter()
            .flatten()
            .any(|&column| binding[column].is_some());
        for kind in &self.kinds {
            let own = self.place[kind.index()];
            let through_below = self.has_levels_below[kind.index()] && any_place_column;
            if own.is_none_or(|own| binding[own].is_none())
                && binding[self.address].is_none()
                && !through_below
            {
                let own_column = own.map(|own| &self.columns[own]);
                let own_headers = match own_column.and_then(|column| column.column.as_ref()) {
                    Some(canonical) => {
                        header::looked_for(canonical, own_column.and_then(|c| c.mapped.as_deref()))
                    }
                    None => format!("'{}'", kind.as_str()),
                };
                return Err(header::missing_in_source(
                    kind.as_str(),
                    format!(
                        "{own_headers}, or an address: {}; needed for finding the {} of each record",
                        header::looked_for(&ADDRESS, self.columns[self.address].mapped.as_deref()),
                        kind.as_str()
                    ),
                    header,
                    &self.source,
                ));
            }
        }
        Ok(binding)
    }

    /// Finds the plan's columns among an in-memory record's field names; absent fields read as
    /// empty, so nothing is an error here.
    pub(crate) fn bind_loosely(&self, header: &Header) -> Binding {
        self.columns
            .iter()
            .map(|column| self.find(column, header).ok().flatten())
            .collect()
    }

    fn find(&self, column: &PlanColumn, header: &Header) -> Result<Option<usize>, ErrorKind> {
        match (&column.column, &column.mapped) {
            (Some(canonical), mapped) => header.find(canonical, mapped.as_deref()),
            (None, Some(mapped)) => Ok(header.find_name(mapped)),
            (None, None) => Ok(header.find_name(&column.name)),
        }
    }

    /// Types a record's fields into `parsed`. The error names the plan column at fault.
    pub(crate) fn parse(
        &self,
        row: &Row<'_>,
        parsed: &mut Parsed,
    ) -> Result<(), (usize, ErrorKind)> {
        let [times, closing_times] = &mut parsed.times;
        parsed.time = times
            .read(row.get(self.time))
            .map_err(|kind| (self.time, kind))?
            .ok_or((self.time, ErrorKind::MissingValue))?;
        // Only numeric columns are written: the others stay `None` from one record to the next.
        parsed.numbers.resize(self.columns.len(), None);
        for &(position, required) in &self.parsing.numeric {
            let value = field::decimal(row.get(position)).map_err(|kind| (position, kind))?;
            if value.is_none() && required {
                return Err((position, ErrorKind::MissingValue));
            }
            parsed.numbers[position] = value;
        }
        parsed.closed = None;
        parsed.seconds_to_close = None;
        // A closing time read for the version alone is read when the version is made (see
        // [`Plan::version`]): most records never need theirs.
        if let Some(Closing {
            column,
            measured: true,
        }) = self.closed
        {
            let closed_time = closing_times.read(row.get(column));
            if let Some(closed_time) = closed_time.map_err(|kind| (column, kind))? {
                parsed.closed = Some(closed_time);
                parsed.seconds_to_close =
                    Some(seconds_between(parsed.time, closed_time).ok_or_else(|| {
                        (
                            column,
                            ErrorKind::BadValue {
                                value: crate::error::shorten(row.get(column).trim()),
                                expected: format!(
                                    "a time not before the record's time ({})",
                                    parsed.time
                                ),
                            },
                        )
                    })?);
            }
        }
        // As `id_of`, the prefix's hash remembered from the record before.
        let raw_id = row.get(self.id);
        let Some(id) = read_id(&mut parsed.ids, raw_id) else {
            let text = normalize(raw_id);
            return Err((
                self.id,
                ErrorKind::DamagedId {
                    value: crate::error::shorten(&text),
                },
            ));
        };
        parsed.id = id;
        Ok(())
    }

    /// The version of a record parsed into `parsed` from `row`: its times and its fingerprint,
    /// made here (only for the copies that need one: see [`Repeats::copy_of`]).
    ///
    /// [`Repeats::copy_of`]: crate::dedup::Repeats::copy_of
    pub(crate) fn version(&self, row: &Row<'_>, parsed: &Parsed) -> Version {
        // The fields as written: copies that differ only in spaces or character widths count
        // as differing, an arbitrary but fixed one of them counting, with the same effect.
        let fingerprint = fingerprint(
            self.parsing
                .fingerprinted
                .iter()
                .map(|&column| row.get(column)),
        );
        let closed = match self.closed {
            // Read for the version alone: a closing time that cannot be read is none.
            Some(Closing {
                column,
                measured: false,
            }) => field::time(row.get(column)).ok().flatten(),
            _ => parsed.closed,
        };
        Version {
            closed,
            time: parsed.time,
            fingerprint,
        }
    }

    /// Whether a record's parse reads every time its version compares (see
    /// [`Parsed::written`]): not when the closing time is read for the version alone.
    pub(crate) fn reads_every_time(&self) -> bool {
        !matches!(
            self.closed,
            Some(Closing {
                measured: false,
                ..
            })
        )
    }

    /// The id of a row, normalized (empty without one), and as the table of repeats keeps it:
    /// what a second reading looks at before anything else.
    pub(crate) fn id_of<'r>(&self, row: &Row<'r>) -> (std::borrow::Cow<'r, str>, Option<Id>) {
        let text = normalize(row.get(self.id));
        let id = (!text.is_empty()).then(|| Id::new(&text));
        (text, id)
    }
}

impl Parsed {
    /// The record as a window of first copies keeps it, `line` the hash of its row (see
    /// [`Written`]): without its closing time when the parse does not read it (see
    /// [`Plan::reads_every_time`]).
    pub(crate) fn written(&self, line: u32) -> Written {
        Written {
            closed: self.closed,
            time: self.time,
            line,
        }
    }
}

/// The id of a record whose id column holds `raw`, as [`Plan::id_of`] reads it (`None` inside
/// when empty); `None` for a number Excel wrote in scientific notation, a damaged id. An id of
/// printable ASCII (nearly every id: `H000000042`, `WG-201811-0042`) is its own normal form and
/// is read in one pass over its bytes, which also tells most ids from such numbers; other text
/// is normalized first.
fn read_id(ids: &mut IdReader, raw: &str) -> Option<Option<Id>> {
    let (id, maybe_scientific) = match ids.read_printable(raw) {
        Some(printable) => (Some(printable.id), printable.maybe_scientific),
        None => {
            let text = normalize(raw);
            let id = (!text.is_empty()).then(|| ids.id(&text));
            (id, is_excel_scientific(&text))
        }
    };
    (!(maybe_scientific && is_excel_scientific(&normalize(raw)))).then_some(id)
}

/// `to − from` in seconds, exactly; `None` when `to` is before `from`.
fn seconds_between(from: DateTime, to: DateTime) -> Option<Decimal> {
    let span = from.duration_until(to);
    if span.is_negative() {
        return None;
    }
    let nanoseconds = i128::from(span.as_secs()) * 1_000_000_000 + i128::from(span.subsec_nanos());
    Decimal::try_from_i128_with_scale(nanoseconds, 9).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// An id reads as `normalize` reads it, whatever its text (ASCII, spaced, full-width,
        /// controls, CJK, Excel's scientific numbers and near misses), one after another
        /// through one reader: as [`Id::new`] of the normalized text, and damaged exactly when
        /// that text is a number in scientific notation.
        #[test]
        fn ids_read_as_normalize_reads_them(
            texts in proptest::collection::vec(proptest::prop_oneof![
                "[\\x00-\\x7F]{0,12}",
                "[ \\t]?[A-Za-z0-9/-]{0,12}[ \\t\u{3000}]?",
                "\\PC{0,8}",
                "[Ａ-Ｚ０-９]{0,4}[A-Z0-9]{0,4}",
                "[0-9]{0,3}[.]?[0-9]{0,3}[eE]?[+]?[0-9]{0,3}",
                "H0{0,3}[0-9]{1,22}",
            ], 1..8),
        ) {
            let mut ids = IdReader::default();
            for text in &texts {
                let normalized = normalize(text);
                let expected = (!crate::source::layout::is_excel_scientific(&normalized))
                    .then(|| (!normalized.is_empty()).then(|| Id::new(&normalized)));
                proptest::prop_assert_eq!(read_id(&mut ids, text), expected, "{:?}", text);
            }
        }
    }

    #[test]
    fn durations_are_exact_seconds() {
        let from = field::time("2018-11-05 09:00").unwrap().unwrap();
        let to = field::time("2018-11-06 10:30:00.5").unwrap().unwrap();
        assert_eq!(
            seconds_between(from, to).unwrap().normalize().to_string(),
            "91800.5"
        );
        assert_eq!(seconds_between(to, from), None);
    }
}
