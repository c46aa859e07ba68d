//! The query of one record source: from its table, the `table` rows (`period, place,
//! indicator, value`) of every indicator the spec's boards read from it, for every place of
//! the indicator's kind, in the periods a board compares.
//!
//! The query follows the crate's pipeline step by step, each a `WITH` table:
//! 1. `record`: the columns the boards read, as the crate reads fields (text, trimmed);
//! 2. `step1`…: times and decimals taken apart and checked ([`super::time`], [`super::number`]);
//!    then whether the row is malformed, and its period; the steps carry only the fields they
//!    read, and `parsed` joins what they computed to the record again (but in SQLite);
//! 3. `kept`: of the copies of a repeated id, the latest (see the guide, "Repeated ids": the
//!    one rule SQL cannot follow is the last tie-break, a hash of the fields, which is here the
//!    greatest of the fields in code-point order);
//! 4. `resolved`: each record's place of each kind, by its own column, else by the longest
//!    name or alias within that column, or in its address when the column is empty (two
//!    places equally long: ambiguous, not counted), compared without spaces and passing over
//!    a name followed by an administrative suffix (`天山路街道`);
//! 5. `periods`: the period ranked, and each earlier one in which the source placed a record
//!    (an earlier period without one gives no values, as from files);
//! 6. totals per period and place, and one row per indicator, period and place: counts as
//!    integers, shares and means as `n/d`, never divided by the engine.
//!
//! Malformed rows (a time, closing time or number the crate cannot read) make one more row
//! whose period says how many there are and the first id: ranking the results fails on it,
//! as ranking the files fails on the first malformed row (with `--lenient` it is reported).

use rust_decimal::Decimal;

use super::dialect::Dialect;
use super::filter::condition;
use super::fold::fold_tables;
use super::layers::Layers;
use super::number::{DECIMALS, parse_decimal};
use super::places::PLACES_TABLE;
use super::results::indicator_name;
use super::time::{STEPS, parse_time};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::name::normalize;
use crate::places::PlaceKind;
use crate::plan::{Closing, MeanInput, Plan};
use crate::read::header::Header;
use crate::source::kinds::SCORE;
use crate::source::table::SQL_MALFORMED_ROWS;
use crate::spec::{MeasureSpec, Spec};

/// A period a query covers, as months numbered `year × 12 + month − 1`.
#[derive(Clone, Debug)]
pub(crate) struct PeriodMonths {
    /// The period as the `table` source reads it.
    pub(crate) label: String,
    pub(crate) first: i64,
    pub(crate) last: i64,
}

/// What the query of one source is made from.
pub(crate) struct SourceInput<'a> {
    pub(crate) dialect: Dialect,
    pub(crate) spec: &'a Spec,
    pub(crate) source: usize,
    pub(crate) table: &'a str,
    pub(crate) plan: &'a Plan,
    /// Per plan column: its position in `header`, `None` when the table lacks it.
    pub(crate) binding: &'a [Option<usize>],
    pub(crate) header: &'a Header,
    /// The period ranked first, then the earlier ones compared with.
    pub(crate) periods: &'a [PeriodMonths],
    /// The characters folded to NFKC by `replace` (see `fold`).
    pub(crate) foldings: &'a [(char, String)],
}

/// The expressions an indicator's totals are made of, and how its value is written.
struct Totals {
    /// `SUM(…)` expressions, the numerator first.
    sums: Vec<String>,
    value: Value,
}

/// How a value is written from its totals `t.{name}0`, `t.{name}1`.
enum Value {
    /// The count.
    Count,
    /// `100 × part ÷ whole`, the whole multiplied by `scale` (credits' decimals).
    Share { scale: u32 },
    /// `sum ÷ (count × unit)`.
    Mean { unit: u64 },
}

impl SourceInput<'_> {
    /// The column expression of plan column `index` in the record table.
    fn column(&self, index: usize) -> String {
        format!("c{index}")
    }

    /// The plan column of a column the spec names.
    fn named(&self, name: &str) -> String {
        let name = normalize(name);
        match self
            .plan
            .columns
            .iter()
            .position(|column| column.name == name)
        {
            Some(index) => self.column(index),
            // The plan adds every column a filter names; an absent one reads as empty.
            None => "''".to_owned(),
        }
    }

    /// The query.
    pub(crate) fn query(&self) -> Result<String> {
        let d = self.dialect;
        let mut with: Vec<(String, String)> = Vec::new();
        let record = self.fields_read(&mut with);
        let last = self.parsed(&mut with, &record);
        self.one_copy(&mut with, &last);
        self.places(&mut with);
        self.periods_with_values(&mut with);
        let mut selects = self.rows(&mut with)?;
        selects.push(self.malformed_rows(&last));
        let with: Vec<String> = with
            .into_iter()
            .map(|(name, body)| d.common_table(&name, &body))
            .collect();
        // SQLite folds in a recursive table (see `fold`), which only `WITH RECURSIVE` names.
        let recursive =
            if d == Dialect::Sqlite && with.iter().any(|table| table.starts_with("fold_walk ")) {
                " RECURSIVE"
            } else {
                ""
            };
        Ok(format!(
            "WITH{recursive}\n{}\n{};\n",
            with.join(",\n"),
            selects.join("\nUNION ALL\n")
        ))
    }

    /// Step 1: the fields read, as the table `record`, then folded to NFKC where the engine
    /// lacks it; returns the name of the table of folded fields.
    fn fields_read(&self, with: &mut Vec<(String, String)>) -> String {
        let d = self.dialect;
        let plan = self.plan;
        let mut fields = vec![format!("    {} AS rid", d.row_number())];
        for (index, bound) in self.binding.iter().enumerate() {
            let expression = match bound {
                Some(position) => d.field(&d.name(self.header.cell(*position))),
                None => "''".to_owned(),
            };
            fields.push(format!("    {expression} AS {}", self.column(index)));
        }
        with.push((
            "record".to_owned(),
            format!(
                "  SELECT\n{}\n  FROM {}",
                fields.join(",\n"),
                d.name(self.table)
            ),
        ));

        // NFKC, where the engine lacks it: every column but the times.
        let names: Vec<String> = std::iter::once("rid".to_owned())
            .chain((0..plan.columns.len()).map(|index| self.column(index)))
            .collect();
        let closed_column = plan.closed.map(|closing| closing.column);
        let folded: Vec<bool> = std::iter::once(false)
            .chain((0..plan.columns.len()).map(|index| {
                self.binding[index].is_some() && index != plan.time && Some(index) != closed_column
            }))
            .collect();
        let (folds, record) = fold_tables(d, &names, &folded, self.foldings, "record");
        with.extend(folds);
        record
    }

    /// The closing time column, when the table has it.
    fn closed(&self) -> Option<Closing> {
        self.plan
            .closed
            .filter(|closing| self.binding[closing.column].is_some())
    }

    /// The plan columns read as decimals that the table has.
    fn numeric(&self) -> Vec<usize> {
        let plan = self.plan;
        (0..plan.columns.len())
            .filter(|&index| plan.columns[index].numeric && self.binding[index].is_some())
            .collect()
    }

    /// Step 2: times and numbers taken apart and checked, from the table `record`: the
    /// steps' tables; returns the name of the last, which has every field and what the steps
    /// found.
    fn parsed(&self, with: &mut Vec<(String, String)>, record: &str) -> String {
        let d = self.dialect;
        let plan = self.plan;
        let closed = self.closed();
        let layers = self.parse_steps();
        // The steps carry only the row's number and the fields they read; their columns join
        // the record's again after the last: copying every field (an address is long) through
        // a dozen tables cost more than the parsing itself (DuckDB), and gives a planner
        // (Spark's) a dozen wide projections to reason over. Not in SQLite, which would join
        // the two tables of materialized rows by a nested loop, with no index to find a row by.
        if d == Dialect::Sqlite {
            let (steps, last) = layers.tables_carrying("step", record, None);
            with.extend(steps);
            return last;
        }
        let mut carried = vec!["rid".to_owned(), self.column(plan.time)];
        if let Some(closing) = closed {
            carried.push(self.column(closing.column));
        }
        carried.extend(self.numeric().iter().map(|&index| self.column(index)));
        let (steps, parsed) = layers.tables_carrying("step", record, Some(&carried));
        with.extend(steps);
        let added: Vec<String> = layers.added().map(|column| format!("s.{column}")).collect();
        with.push((
            "parsed".to_owned(),
            format!(
                "  SELECT r.*, {}\n  FROM {record} r\n  JOIN {parsed} s ON s.rid = r.rid",
                added.join(", ")
            ),
        ));
        "parsed".to_owned()
    }

    /// The steps of [`parsed`](Self::parsed): the times and decimals taken apart, whether the
    /// row is malformed (`bad`), its period, and its closing time in seconds.
    fn parse_steps(&self) -> Layers {
        let d = self.dialect;
        let plan = self.plan;
        let closed = self.closed();
        let mut layers = Layers::default();
        parse_time(&mut layers, d, "t", &self.column(plan.time));
        if let Some(closing) = closed {
            parse_time(&mut layers, d, "k", &self.column(closing.column));
        }
        for index in self.numeric() {
            parse_decimal(&mut layers, d, &format!("n{index}"), &self.column(index));
        }
        layers.add(
            STEPS,
            "bad",
            format!("CASE WHEN {} THEN 1 ELSE 0 END", self.malformed()),
        );
        let mut period = String::from("CASE");
        for months in self.periods {
            period.push_str(&format!(
                " WHEN t_month BETWEEN {} AND {} THEN {}",
                months.first,
                months.last,
                d.string(&months.label)
            ));
        }
        period.push_str(" END");
        layers.add(STEPS, "period", period);
        // The latest closing time for a closed copy, else none (see the guide).
        let closing_seconds = if closed.is_some() {
            "CASE WHEN k_ok = 1 THEN k_sec END"
        } else {
            "CAST(NULL AS BIGINT)"
        };
        layers.add(STEPS, "closed_sec", closing_seconds.to_owned());
        layers
    }

    /// The test of a malformed row, on the steps' columns: a time, closing time or number
    /// that cannot be read, a closing time before the time, an empty score.
    fn malformed(&self) -> String {
        let plan = self.plan;
        let numeric = self.numeric();
        let mut malformed = vec!["t_ok = 0".to_owned()];
        if let Some(closing) = self.closed().filter(|closing| closing.measured) {
            let text = self.column(closing.column);
            malformed.push(format!("({text} <> '' AND k_ok = 0)"));
            malformed.push("(k_ok = 1 AND k_sec < t_sec)".to_owned());
        }
        malformed.extend(numeric.iter().map(|index| format!("n{index}_bad = 1")));
        // A sanitation inspection's score is required: an empty one is a malformed row, as
        // from files (the guide, "Columns").
        malformed.extend(
            numeric
                .iter()
                .filter(|&&index| {
                    plan.columns[index].required && plan.columns[index].name == SCORE.name
                })
                .map(|index| format!("{} = ''", self.column(*index))),
        );
        malformed.join(" OR ")
    }

    /// Step 3: one copy of each id, from the table `last`: `kept`, each row numbered among
    /// the copies of its id, and `live`, the rows that count, with their names' keys.
    fn one_copy(&self, with: &mut Vec<(String, String)>, last: &str) {
        let d = self.dialect;
        let plan = self.plan;
        let id = self.column(plan.id);
        let copy = if self.binding[plan.id].is_some() {
            let mut order = vec![
                "CASE WHEN closed_sec IS NULL THEN 0 ELSE 1 END DESC".to_owned(),
                "closed_sec DESC".to_owned(),
                "t_sec DESC".to_owned(),
            ];
            order.extend(
                (0..plan.columns.len())
                    .filter(|&index| self.binding[index].is_some())
                    .map(|index| format!("{} DESC", d.binary(&self.column(index)))),
            );
            format!(
                "ROW_NUMBER() OVER (PARTITION BY {id} ORDER BY {})",
                order.join(", ")
            )
        } else {
            "1".to_owned()
        };
        with.push((
            "kept".to_owned(),
            format!("  SELECT *, {copy} AS copy\n  FROM {last}\n  WHERE bad = 0"),
        ));
        // Names are compared without spaces (`天山 三村`), as the crate folds them.
        let spaces = super::places::spaces();
        let mut keys = Vec::new();
        if self.has_address() {
            keys.push(format!(
                ",\n    {} AS key_address",
                super::places::unspaced(d, &self.column(plan.address), spaces)
            ));
        }
        for &kind in &plan.kinds {
            if let Some(own) = self.own_column(kind) {
                keys.push(format!(
                    ",\n    {} AS key_{}",
                    super::places::unspaced(d, &own, spaces),
                    kind.as_str()
                ));
            }
        }
        with.push((
            "live".to_owned(),
            format!(
                "  SELECT *{}\n  FROM kept\n  WHERE (copy = 1 OR {id} = '') AND period IS NOT NULL",
                keys.concat()
            ),
        ));
    }

    /// Whether the table has the address column.
    fn has_address(&self) -> bool {
        self.binding[self.plan.address].is_some()
    }

    /// The column of places of `kind`, when the plan reads one and the table has it.
    fn own_column(&self, kind: PlaceKind) -> Option<String> {
        match self.plan.place[kind.index()] {
            Some(index) if self.binding[index].is_some() => Some(self.column(index)),
            _ => None,
        }
    }

    /// Step 4: places: `resolved`, the rows of `live` with their place of each kind.
    fn places(&self, with: &mut Vec<(String, String)>) {
        let suffixes: Vec<String> = crate::resolve::ADMINISTRATIVE_SUFFIXES
            .iter()
            .copied()
            .chain(self.spec.administrative().iter().map(String::as_str))
            .map(|suffix| crate::name::fold(suffix).into_owned())
            .filter(|suffix| !suffix.is_empty())
            .collect::<std::collections::BTreeSet<String>>()
            .into_iter()
            .collect();
        let mut joins = Vec::new();
        let mut placed = Vec::new();
        for &kind in &self.plan.kinds {
            placed.push(self.place_of_kind(with, &mut joins, kind, &suffixes));
        }
        with.push((
            "resolved".to_owned(),
            format!(
                "  SELECT l.*,\n{}\n  FROM live l\n{}",
                placed.join(",\n"),
                joins.join("\n")
            ),
        ));
    }

    /// The place of `kind` of the rows of `live`: by its own column, else by the longest name
    /// found in the column or the address (the tables `hits_…` and `found_…` when a name is
    /// searched for). Adds the joins `resolved` needs to `joins`; returns the column of
    /// `resolved` that holds the place.
    fn place_of_kind(
        &self,
        with: &mut Vec<(String, String)>,
        joins: &mut Vec<String>,
        kind: PlaceKind,
        suffixes: &[String],
    ) -> String {
        let d = self.dialect;
        let name = kind.as_str();
        let own = self
            .own_column(kind)
            .map_or("''".to_owned(), |_| format!("key_{name}"));
        let kind_text = d.string(name);
        // The text searched for names: the column when it names no place exactly (a
        // name and more: `天山三村（东块）`), else the address when the column is empty.
        let (searched, column_only) = if self.has_address() {
            (
                format!(
                    "CASE WHEN {} = '' THEN l.key_address ELSE {} END",
                    qualified(&own),
                    qualified(&own)
                ),
                false,
            )
        } else {
            (qualified(&own), true)
        };
        if !column_only || own != "''" {
            let length = d.integer("p.key_length");
            with.push((
                format!("hits_{name}"),
                format!(
                    "  SELECT l.rid, p.place_id, {length} AS key_length, MAX({length}) OVER (PARTITION BY l.rid) AS longest\n  FROM live l\n  JOIN {PLACES_TABLE} p ON p.kind = {kind_text} AND p.lookup = 'address' AND {} > 0\n  WHERE {searched} <> '' AND NOT EXISTS (SELECT 1 FROM {PLACES_TABLE} q WHERE q.kind = {kind_text} AND q.lookup = 'column' AND q.place_key = {})",
                    d.position(
                        &super::places::without_administrative(d, &searched, "p.place_key", suffixes),
                        "p.place_key"
                    ),
                    qualified(&own),
                ),
            ));
            with.push((
                format!("found_{name}"),
                format!(
                    "  SELECT rid, CASE WHEN COUNT(DISTINCT place_id) = 1 THEN MIN(place_id) END AS place_id\n  FROM hits_{name}\n  WHERE key_length = longest\n  GROUP BY rid"
                ),
            ));
            joins.push(format!(
                "  LEFT JOIN found_{name} ON found_{name}.rid = l.rid"
            ));
        }
        joins.push(format!(
            "  LEFT JOIN {PLACES_TABLE} own_{name} ON own_{name}.kind = {kind_text} AND own_{name}.lookup = 'column' AND own_{name}.place_key = {}",
            qualified(&own)
        ));
        let found = if !column_only || own != "''" {
            format!("found_{name}.place_id")
        } else {
            d.text("NULL")
        };
        format!(
            "    CASE WHEN {} <> '' THEN COALESCE(own_{name}.place_id, {found}) ELSE {found} END AS {name}_place",
            qualified(&own)
        )
    }

    /// Step 5: `periods`, the period ranked and each earlier one in which a record was
    /// placed.
    fn periods_with_values(&self, with: &mut Vec<(String, String)>) {
        let d = self.dialect;
        let current = self
            .periods
            .first()
            .map_or(String::new(), |p| d.string(&p.label));
        let any_placed: Vec<String> = self
            .plan
            .kinds
            .iter()
            .map(|kind| format!("{}_place IS NOT NULL", kind.as_str()))
            .collect();
        with.push((
            "periods".to_owned(),
            format!(
                "  SELECT {current} AS period\n  UNION ALL\n  SELECT period FROM resolved WHERE period <> {current} AND ({})\n  GROUP BY period",
                any_placed.join(" OR ")
            ),
        ));
    }

    /// Step 6: totals and rows: per kind of place, `totals_…` and `grid_…`; returns the
    /// `SELECT`s of the rows, one per indicator.
    fn rows(&self, with: &mut Vec<(String, String)>) -> Result<Vec<String>> {
        let mut selects = Vec::new();
        for &kind in self.spec.kinds().all() {
            if self.plan.kinds.contains(&kind) {
                selects.extend(self.rows_of_kind(with, kind)?);
            }
        }
        Ok(selects)
    }

    /// The totals of the indicators of places of `kind` (`totals_…`), every period and place
    /// (`grid_…`), and the `SELECT` of each indicator's rows.
    fn rows_of_kind(
        &self,
        with: &mut Vec<(String, String)>,
        kind: PlaceKind,
    ) -> Result<Vec<String>> {
        let d = self.dialect;
        let name = kind.as_str();
        let mut sums = Vec::new();
        let mut rows = Vec::new();
        for (number, feed) in self.plan.feeds.iter().enumerate() {
            if feed.kind != kind {
                continue;
            }
            let board = &self.spec.boards[feed.board];
            let indicator = &board.indicators[feed.indicator];
            let totals = self.totals(feed, &indicator.measure, &indicator.filter)?;
            for (part, sum) in totals.sums.iter().enumerate() {
                sums.push(format!("    {sum} AS i{number}_{part}"));
            }
            rows.push(format!(
                "SELECT g.period, g.place_id AS place, {} AS indicator, {} AS value\nFROM grid_{name} g\nLEFT JOIN totals_{name} t ON t.period = g.period AND t.place = g.place_id",
                d.string(&indicator_name(board, feed.indicator)),
                self.value(number, &totals.value),
            ));
        }
        with.push((
            format!("totals_{name}"),
            format!(
                "  SELECT period, {name}_place AS place,\n{}\n  FROM resolved\n  WHERE {name}_place IS NOT NULL\n  GROUP BY period, {name}_place",
                sums.join(",\n")
            ),
        ));
        with.push((
            format!("grid_{name}"),
            format!(
                "  SELECT pe.period, pl.place_id\n  FROM periods pe\n  CROSS JOIN (SELECT DISTINCT place_id FROM {PLACES_TABLE} WHERE kind = {}) pl",
                d.string(name)
            ),
        ));
        Ok(rows)
    }

    /// The value of feed `number` as written from its totals `t.i{number}_0`, `t.i{number}_1`.
    fn value(&self, number: usize, value: &Value) -> String {
        let d = self.dialect;
        let total = |part: usize| format!("COALESCE(t.i{number}_{part}, 0)");
        let (first, second) = (total(0), total(1));
        match *value {
            Value::Count => d.text(&first),
            Value::Share { scale } => format!(
                "CASE WHEN {second} > 0 THEN {} || '/' || {} END",
                d.text(&format!("100 * {first}")),
                d.text(&format!("{second} * {}", pow10(scale))),
            ),
            Value::Mean { unit } => format!(
                "CASE WHEN {second} > 0 THEN {} || '/' || {} END",
                d.text(&first),
                d.text(&format!("{second} * {unit}")),
            ),
        }
    }

    /// The row that says how many rows of `last` are malformed, with the first id (none when
    /// none is).
    fn malformed_rows(&self, last: &str) -> String {
        let d = self.dialect;
        let id = self.column(self.plan.id);
        format!(
            "SELECT {} || {} || {} || {} || {} AS period, '' AS place, '' AS indicator, '' AS value\nFROM (SELECT COUNT(*) AS n, MIN({id}) AS example FROM {last} WHERE bad = 1) m\nWHERE m.n > 0",
            d.string(&format!("source {}: ", self.spec.sources[self.source].id)),
            d.text("m.n"),
            d.string(SQL_MALFORMED_ROWS),
            d.text("m.example"),
            d.string(" (a time, closing time or number the crate cannot read, an empty score, or a closing time before the time)"),
        )
    }

    /// The totals of one indicator.
    fn totals(
        &self,
        feed: &crate::plan::Feed,
        measure: &MeasureSpec,
        filter: &crate::measure::Filter,
    ) -> Result<Totals> {
        let d = self.dialect;
        let named = |name: &str| self.named(name);
        let filtered = condition(d, filter, &named);
        let sum_if =
            |test: &str, what: &str| format!("SUM(CASE WHEN {test} THEN {what} ELSE 0 END)");
        Ok(match measure {
            MeasureSpec::Count | MeasureSpec::Rate { .. } => Totals {
                sums: vec![sum_if(&filtered, "1")],
                value: Value::Count,
            },
            MeasureSpec::Share {
                of,
                credits,
                exclude,
            } => {
                let kept = match exclude {
                    Some(exclude) => {
                        format!("{filtered} AND NOT ({})", condition(d, exclude, &named))
                    }
                    None => filtered.clone(),
                };
                let part = format!("{kept} AND {}", condition(d, of, &named));
                match credits {
                    None => Totals {
                        sums: vec![sum_if(&part, "1"), sum_if(&kept, "1")],
                        value: Value::Share { scale: 0 },
                    },
                    Some(credits) => {
                        let scale = credits
                            .values
                            .iter()
                            .map(|(_, credit)| credit.scale())
                            .max()
                            .unwrap_or(0);
                        let mut credit = format!("CASE {}", named(&credits.column));
                        for (value, amount) in &credits.values {
                            credit.push_str(&format!(
                                " WHEN {} THEN {}",
                                d.string(value),
                                scaled(*amount, scale)?
                            ));
                        }
                        credit.push_str(" ELSE 0 END");
                        Totals {
                            sums: vec![sum_if(&part, &credit), sum_if(&kept, "1")],
                            value: Value::Share { scale },
                        }
                    }
                }
            }
            MeasureSpec::Mean { .. } => match feed.mean {
                Some(MeanInput::Column(index)) if self.binding[index].is_some() => {
                    let value = format!("n{index}_value");
                    let test = format!("{filtered} AND {value} IS NOT NULL");
                    Totals {
                        sums: vec![sum_if(&test, &value), sum_if(&test, "1")],
                        value: Value::Mean {
                            unit: pow10(DECIMALS as u32),
                        },
                    }
                }
                Some(MeanInput::HoursToClose) => {
                    let test = format!("{filtered} AND closed_sec IS NOT NULL");
                    Totals {
                        sums: vec![sum_if(&test, "closed_sec - t_sec"), sum_if(&test, "1")],
                        value: Value::Mean { unit: 3600 },
                    }
                }
                // A column the table lacks: no value, as a record without the field has none.
                Some(MeanInput::Column(_)) => Totals {
                    sums: vec!["SUM(0)".to_owned(), "SUM(0)".to_owned()],
                    value: Value::Mean { unit: 1 },
                },
                _ => return Err(unexpressible(self.spec, feed)),
            },
            _ => return Err(unexpressible(self.spec, feed)),
        })
    }
}

/// A column of `live` (`l`) by its name, or a literal as it is.
fn qualified(column: &str) -> String {
    if column.starts_with('\'') {
        column.to_owned()
    } else {
        format!("l.{column}")
    }
}

/// 10^`n`.
fn pow10(n: u32) -> u64 {
    10u64.saturating_pow(n)
}

/// `value` × 10^`scale` as an integer literal (exact: `scale` is at least the value's own).
fn scaled(value: Decimal, scale: u32) -> Result<String> {
    let mut value = value;
    value.rescale(scale);
    Ok(value.mantissa().to_string())
}

/// The error of an indicator no query expresses (the refusal caught it before; kept so that no
/// measure is ever written wrong).
fn unexpressible(spec: &Spec, feed: &crate::plan::Feed) -> Error {
    let board = &spec.boards[feed.board];
    let key = format!("{}.measure", board.indicators[feed.indicator].key);
    Error::new(
        ErrorKind::SqlUnexpressible {
            features: key.clone(),
        },
        Location::at_key(&spec.name, key),
    )
}
