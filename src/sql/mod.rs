//! `livability sql`: the spec's record indicators as queries for the engine that holds the
//! records (Spark, DuckDB, PostgreSQL, SQLite), whose rows are a `table` source the crate
//! scores and ranks ([`Spec::sql_results`]).
//!
//! Per record source a board reads, one query over the table named like the source (its
//! columns those of the source's export: the spec's `columns`, else the headers of the
//! source's file when it exists, else the canonical names), joined against the places table
//! ([`PLACES_TABLE`], written by the command). The guide's "The warehouse: `livability sql`"
//! says what the queries do and where they differ from the files.

mod dialect;
mod filter;
mod fold;
mod layers;
mod number;
mod places;
mod query;
mod refuse;
mod results;
mod time;

use std::path::Path;

pub use dialect::Dialect;
pub use places::{Lookup, PLACES_TABLE, PlaceKey};

use crate::error::{Error, ErrorKind, Location, Result};
use crate::period::Period;
use crate::plan::Plan;
use crate::rank::{Compare, RankBy};
use crate::read::csv::CsvInput;
use crate::read::header::{self, Header};
use crate::source::SourceKind;
use crate::spec::Spec;
use query::{PeriodMonths, SourceInput};

/// The queries of a spec's record sources in one dialect, and the places table they join.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SqlPlan {
    /// The dialect the queries are written in.
    pub dialect: Dialect,
    /// The period ranked.
    pub period: Period,
    /// One query per record source a board reads, in the order of the sources' ids.
    pub queries: Vec<SourceQuery>,
    /// The rows of the places table.
    pub places: Vec<PlaceKey>,
}

/// The query of one source.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SourceQuery {
    /// The source's id, which is also the name of the table the query reads.
    pub source: String,
    /// The query, ending in `;` and a newline.
    pub sql: String,
}

impl SqlPlan {
    /// The places table as CSV, with its header (`kind,lookup,place_key,place_id,key_length`).
    pub fn places_csv(&self) -> String {
        places::places_csv(&self.places)
    }

    /// The places table as SQL in the plan's dialect: `CREATE TABLE` and one `INSERT` of every
    /// row (for an engine the CSV is not easy to load into); in SQLite, an index of the keys.
    pub fn places_sql(&self) -> String {
        let d = self.dialect;
        let text = match d {
            Dialect::Spark => "STRING",
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres | Dialect::Sqlite => "TEXT",
        };
        let mut sql = format!(
            "CREATE TABLE {PLACES_TABLE} (kind {text}, lookup {text}, place_key {text}, place_id {text}, key_length BIGINT);\n"
        );
        if !self.places.is_empty() {
            let rows: Vec<String> = self
                .places
                .iter()
                .map(|key| {
                    format!(
                        "  ({}, {}, {}, {}, {})",
                        d.string(key.kind.as_str()),
                        d.string(key.lookup.as_str()),
                        d.string(&key.key),
                        d.string(&key.place_id),
                        key.length
                    )
                })
                .collect();
            sql.push_str(&format!(
                "INSERT INTO {PLACES_TABLE} VALUES\n{};\n",
                rows.join(",\n")
            ));
        }
        // SQLite finds a record's own place by scanning the table once a record without it:
        // an index makes that a lookup (the other engines hash the join).
        if d == Dialect::Sqlite {
            sql.push_str(&format!(
                "CREATE INDEX {PLACES_TABLE}_key ON {PLACES_TABLE} (kind, lookup, place_key);\n"
            ));
        }
        sql
    }
}

/// Writes, for every record source the spec's boards read, the query that returns its
/// indicators' values as `table` rows (`period, place, indicator, value`, shares and means as
/// exact `n/d`) in `dialect`, for `period` (else the spec's) and the periods it is compared
/// with; and the places table the queries join. Reads the places file and the header of each
/// source's file, if it exists (its columns are the table's).
///
/// Fails, before anything is written, naming every indicator no query can express (deadlines
/// and working hours: see the guide).
///
/// ```
/// use livability::sql::Dialect;
///
/// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
/// let plan = livability::sql::sql(&spec, Dialect::DuckDb, None)?;
/// let sources: Vec<&str> = plan.queries.iter().map(|query| query.source.as_str()).collect();
/// assert_eq!(sources, ["grid", "hotline", "police", "sanitation"]);
/// assert!(plan.queries[0].sql.contains("'beautiful-roads.cases_per_km' AS indicator"));
/// assert!(plan.places_csv().starts_with("kind,lookup,place_key,place_id,key_length\n"));
/// # Ok::<(), livability::Error>(())
/// ```
pub fn sql(spec: &Spec, dialect: Dialect, period: Option<Period>) -> Result<SqlPlan> {
    refuse::refuse_unexpressible(spec)?;
    let period = spec.ranked_period(period, None)?.ok_or_else(|| {
        spec.error_at(
            "period",
            ErrorKind::MissingKey {
                key: "period".to_owned(),
                why: ": the queries select a period (or give --period)".to_owned(),
            },
        )
    })?;
    let gazetteer = crate::pipeline::read_places(spec)?;
    let mut periods = vec![months(period)?];
    let mut earlier = vec![period.previous()];
    if spec
        .boards
        .iter()
        .any(|board| board.rank_by == RankBy::Change && board.compare == Compare::YearAgo)
    {
        earlier.push(period.year_ago());
    }
    for other in earlier.into_iter().flatten() {
        if !periods.iter().any(|known| known.label == other.to_string()) {
            periods.push(months(other)?);
        }
    }
    let boards: Vec<(usize, &crate::spec::BoardSpec)> = spec.boards.iter().enumerate().collect();
    let places = places::place_keys(&gazetteer);
    let foldings = fold::foldings(&alphabet(spec, &places));
    let mut queries = Vec::new();
    for (index, source) in spec.sources.iter().enumerate() {
        let used = spec
            .boards
            .iter()
            .any(|board| board.indicators.iter().any(|i| i.source == index));
        if source.kind == SourceKind::Table || !used {
            continue;
        }
        let plan = Plan::new(index, source, &boards, &spec.kinds);
        let (header, file) = table_header(&plan, source)?;
        let binding = plan.bind(&header).map_err(|kind| {
            let kind = header::for_source(kind, &source.id);
            match &file {
                Some(file) => Error::new(kind, Location::at_file(file)),
                None => spec.error_at(format!("sources.{}", source.id), kind),
            }
        })?;
        let input = SourceInput {
            dialect,
            spec,
            source: index,
            table: &source.id,
            plan: &plan,
            binding: &binding,
            header: &header,
            periods: &periods,
            foldings: &foldings,
        };
        let mut sql = heading(dialect, &source.id, &periods);
        sql.push_str(&input.query()?);
        queries.push(SourceQuery {
            source: source.id.clone(),
            sql,
        });
    }
    Ok(SqlPlan {
        dialect,
        period,
        queries,
        places,
    })
}

/// The characters of the texts the queries compare fields with: the places' keys, the
/// filters' values, and those of decimals.
fn alphabet(spec: &Spec, places: &[PlaceKey]) -> std::collections::BTreeSet<char> {
    use crate::spec::MeasureSpec;
    let mut alphabet: std::collections::BTreeSet<char> = "0123456789.+-".chars().collect();
    alphabet.extend(places.iter().flat_map(|key| key.key.chars()));
    let add = |alphabet: &mut std::collections::BTreeSet<char>, filter: &crate::measure::Filter| {
        for condition in filter.conditions() {
            alphabet.extend(condition.values.iter().flat_map(|value| value.chars()));
        }
    };
    for indicator in spec.boards.iter().flat_map(|board| &board.indicators) {
        add(&mut alphabet, &indicator.filter);
        if let MeasureSpec::Share {
            of,
            credits,
            exclude,
        } = &indicator.measure
        {
            add(&mut alphabet, of);
            if let Some(exclude) = exclude {
                add(&mut alphabet, exclude);
            }
            if let Some(credits) = credits {
                alphabet.extend(credits.values.iter().flat_map(|(value, _)| value.chars()));
            }
        }
    }
    alphabet
}

/// The columns of a source's table: the header of its (first) file when it exists, else the
/// names the spec maps its columns to or their canonical names. With the file's path, if read.
/// (A source of several files has one table: its files are one export, split by month.)
fn table_header(
    plan: &Plan,
    source: &crate::spec::SourceSpec,
) -> Result<(Header, Option<std::path::PathBuf>)> {
    let files = crate::source::files::expand(&source.files).unwrap_or_default();
    if let Some(file) = files
        .first()
        .filter(|file| crate::read::files::is_file(Path::new(file)))
    {
        let csv = CsvInput::open_found(file, source.encoding, &source.header_search())?;
        return Ok((csv.header().clone(), Some(file.to_path_buf())));
    }
    let names = plan
        .columns
        .iter()
        .map(|column| column.mapped.clone().unwrap_or_else(|| column.name.clone()));
    Ok((Header::new(names), None))
}

/// The months of `period`, counted from year 0: the queries select whole months, so a week
/// is refused (its days are no run of months).
fn months(period: Period) -> Result<PeriodMonths> {
    let (first, last) = (period.first_day(), period.last_day());
    let number = |day: jiff::civil::Date| i64::from(day.year()) * 12 + i64::from(day.month()) - 1;
    if first.day() != 1 || last.tomorrow().is_ok_and(|next| next.day() != 1) {
        return Err(Error::new(
            ErrorKind::SqlUnexpressible {
                features: format!(
                    "the period {period}, which is no run of whole months (period or --period)"
                ),
            },
            Location::Unknown,
        ));
    }
    Ok(PeriodMonths {
        label: period.to_string(),
        first: number(first),
        last: number(last),
    })
}

/// The comment that opens a query: what it reads and returns.
fn heading(dialect: Dialect, source: &str, periods: &[PeriodMonths]) -> String {
    let labels: Vec<&str> = periods.iter().map(|p| p.label.as_str()).collect();
    let mut text = format!(
        "-- livability sql ({dialect}): source '{source}', from table {source} joined with {PLACES_TABLE}\n-- periods: {} (the first is ranked, the others compared with)\n-- returns period, place, indicator, value (a count, or n/d: divided by the crate);\n-- rank them with `livability rank SPEC --sql-results DIR`, this query's rows in DIR/{source}.csv\n",
        labels.join(", ")
    );
    if dialect != Dialect::Postgres {
        text.push_str(
            "-- fields are trimmed and folded to NFKC as the crate folds them, but only for the characters\n-- that fold into the places' keys, the filters' values and decimals, and full-width ASCII (ids);\n-- PostgreSQL folds every character (see the guide)\n",
        );
    }
    text
}
