//! `livability` computes monthly livability rankings (宜居指数排行榜) of a district's roads and
//! residential neighborhoods from its municipal data, and renders the boards a subdistrict
//! publishes:
//!
//! ```text
//! 2018年11月 宜居指数排行榜
//!
//! 美丽小区排行榜(根据环境卫生、12345市民热线数据综合评定)
//!
//! - 1.纺大小区(并列)
//! - 1.天山三村(并列)
//! ```
//!
//! It resolves every record to a place, turns records into indicators, normalizes and
//! weights them in exact arithmetic, rounds each score once, ranks places with careful tie
//! handling (并列) and explains every number it publishes.
//!
//! # The pipeline and its types
//!
//! ```text
//! places.csv ─┐
//! sources ────┼─ read ─ resolve ─ keep period ─ measure ─ normalize ─ weight ─ round ─ rank ─ board ─ render
//! spec.toml ──┘
//! ```
//!
//! - [`Spec`]: the spec file, checked before any data is read: what to read, the boards,
//!   their indicators and weights, how to round and rank.
//! - [`places`]: the roads and neighborhoods ([`Gazetteer`](places::Gazetteer) of
//!   [`Place`](places::Place)s), their aliases and attributes.
//! - [`Ranker`]: feeds records through the pipeline, from files or from memory (a grid case,
//!   hotline ticket, police incident or inspection as a [`Record`], a pre-aggregated value as a
//!   [`TableRow`](input::TableRow); what else a run takes is in [`input`]), and makes the
//!   boards. [`rank`] does it all for the files a spec names; [`check`] reports what became of
//!   every record.
//! - [`Rankings`]: every [`Board`] with its ranked [`Entry`](schemes::Entry)s, each score
//!   explained indicator by indicator, the places left unranked, and the [`quality`] report.
//! - [`Format`]: table, newsletter, CSV, JSON or Markdown, via [`Rankings::render`]; an
//!   Excel workbook and a report page with the `xlsx` and `html` features ([`render`]).
//! - [`schemes`]: assessment schemes as districts publish them: dimensions
//!   ([`DimensionScore`](schemes::DimensionScore)), fixed curves
//!   ([`Normalize::Goalposts`](schemes::Normalize::Goalposts),
//!   [`Normalize::Curve`](schemes::Normalize::Curve),
//!   [`Normalize::Bands`](schemes::Normalize::Bands)), points
//!   ([`Aggregate::Sum`](schemes::Aggregate::Sum), [`AdjustmentScore`](schemes::AdjustmentScore)),
//!   vetoes ([`VetoHit`](schemes::VetoHit)), grades, worst lists and improvement boards
//!   ([`RankBy::Change`](schemes::RankBy::Change)); see the guide.
//! - [`analysis`]: how sure each rank is ([`robustness`]) and one place explained
//!   ([`explain`]).
//! - [`sql`] and [`Spec::sql_results`]: the spec's record indicators as queries for the
//!   engine of a warehouse ([`Dialect`](sql::Dialect): Spark, DuckDB, PostgreSQL, SQLite), and
//!   the ranking of the rows they return, with the same boards as from the files.
//! - Workbooks (`.xlsx`, `.xls`, `.ods`, with the `spreadsheet` feature) read as their CSV
//!   export would be, and [`init`], a starter spec for a folder of exports; see the guide.
//! - [`calendar`]: China's official working days (调休 included), in which deadlines and work
//!   hours count, for the measures `on-time` and `overdue`.
//!
//! # What the root holds
//!
//! The root holds the everyday path, from a spec and files to rendered boards ([`rank`],
//! [`Spec`], [`Options`], [`Ranker`], [`Record`], [`Period`], [`Rankings`], [`Board`],
//! [`Format`], [`Error`], and the [`Decimal`], [`Date`] and [`DateTime`] the API takes, so that
//! an example needs no other crate), and every other name lives in the public module of its
//! subject, as jiff's do: 29 items (12 modules, 11 structs, an enum, a type alias, 4
//! functions). A name reaches the root only when a newcomer ranking from files or from memory
//! would otherwise have to look for it, so the places are under [`places`], what else a run is
//! handed (a source's kind and encoding, table rows, progress, files in memory) under
//! [`input`], an error's kind and location under [`error`], and a board's entries beside the
//! rest of a board's parts under [`schemes`].
//!
//! # Example
//!
//! Scores computed elsewhere, ranked here: two neighborhoods tie at the published precision.
//!
//! ```
//! use livability::input::TableRow;
//! use livability::places::{Gazetteer, Place, PlaceKind};
//! use livability::{Decimal, Format, Options, Ranker, Spec};
//!
//! let spec = Spec::from_toml_str(r#"
//!     title = "宜居指数排行榜"
//!     period = "2018-11"
//!
//!     [sources.warehouse]
//!     kind = "table"
//!
//!     [[boards]]
//!     id = "beautiful-neighborhoods"
//!     title = "美丽小区排行榜"
//!     basis = "根据环境卫生、12345市民热线数据综合评定"
//!     kind = "neighborhood"
//!     top = 3
//!     decimals = 1
//!     tie_order = "pinyin"
//!
//!     [[boards.indicators]]
//!     id = "sanitation"
//!     source = "warehouse"
//!     measure = "value"
//!     better = "higher"
//!     normalize = "none"
//!     weight = 60
//!
//!     [[boards.indicators]]
//!     id = "complaints"
//!     source = "warehouse"
//!     measure = "value"
//!     better = "lower"
//!     normalize = "min-max"
//!     weight = 40
//! "#, "spec.toml")?;
//!
//! let places = Gazetteer::new([
//!     Place::new("N1", PlaceKind::Neighborhood, "友谊小区"),
//!     Place::new("N2", PlaceKind::Neighborhood, "天山三村"),
//!     Place::new("N3", PlaceKind::Neighborhood, "新光小区"),
//! ])?;
//!
//! let mut ranker = Ranker::new(&spec, &places, &Options::new())?;
//! let november = "2018-11".parse()?;
//! for (place, sanitation, complaints) in [("友谊小区", 95, 2), ("天山三村", 95, 2), ("新光小区", 90, 7)] {
//!     ranker.add_table_row("warehouse", TableRow::new(november, place, "sanitation", Decimal::from(sanitation)))?;
//!     ranker.add_table_row("warehouse", TableRow::new(november, place, "complaints", Decimal::from(complaints)))?;
//! }
//! let rankings = ranker.finish()?;
//!
//! assert_eq!(rankings.to_string_as(Format::Newsletter), "\
//! 2018年11月 宜居指数排行榜
//!
//! 美丽小区排行榜(根据环境卫生、12345市民热线数据综合评定)
//!
//! - 1.天山三村(并列)
//! - 1.友谊小区(并列)
//! - 3.新光小区
//! ");
//! // Every score is explained: 60% × 95 + 40% × 100 = 97.
//! let first = &rankings.boards[0].entries[0];
//! assert_eq!(first.score.to_string(), "97.0");
//! assert_eq!(first.indicators[1].contribution, Some(Decimal::from(40)));
//! # Ok::<(), livability::Error>(())
//! ```
//!
//! # Architecture
//!
//! The modules stand on floors, and a module uses only what lies on its own floor or below,
//! never what stands on it: so a folder says what it may call, and a change to a floor can
//! break only the floors above. A test reads the floors from this list (top floor first, the
//! modules, then two spaces and what they hold) and fails on any `crate::` path, in code or in
//! a doc link, that climbs; test code is exempt, as dev-dependencies are.
//!
//! ```text
//! render sql init generate guide   what goes out: formats, warehouse queries, a starter spec
//! pipeline                         the driver: Ranker, Options, reading lanes, periods
//! analysis                         robustness, explanations, a board's diagnostics
//! board                            the result: ranked entries, each score explained
//! plan                             one source's column plan: what to read, how each counts
//! spec                             the spec file, checked
//! rank quality dedup               ranks and ties; the data-quality report; repeated ids
//! measure score resolve            records -> values -> scores; a record's place
//! places calendar                  the gazetteer and name suggestions; working days
//! source                           rows -> records: kinds, fields, workbooks, layouts
//! read                             bytes -> rows: CSV, encodings, quotes, the header
//! error name period exact progress parallel lang   words, numbers, threads, the reader's language
//! ```
//!
//! # More
//!
//! - [`guide`]: the spec key by key, the semantics of measures, normalizations, missing values,
//!   rounding and ranks, and the decisions taken where the contract was silent.

#![forbid(unsafe_code)]
// On docs.rs, each item that needs a feature says which (`xlsx`, `html`, `spreadsheet`,
// `generate`).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
mod board;
pub mod calendar;
mod dedup;
#[cfg(test)]
mod doc_examples;
pub mod error;
mod exact;
#[cfg(test)]
mod floors;
#[cfg(feature = "generate")]
pub mod generate;
pub mod guide;
pub mod init;
mod lang;
mod measure;
mod name;
mod parallel;
mod period;
mod pipeline;
pub mod places;
mod plan;
mod progress;
pub mod quality;
mod rank;
mod read;
pub mod render;
mod resolve;
mod score;
mod source;
mod spec;
pub mod sql;

pub use board::{Board, History, Rankings};
pub use error::{Error, Result};
/// The civil date and time types [`Record::with_time`], [`Record::with_date`] and the
/// [`calendar`] take, re-exported so that callers use the version this crate reads.
pub use jiff::civil::{Date, DateTime};
pub use period::Period;
pub use pipeline::{Options, Ranker};
pub use render::Format;
/// The exact decimal every value, weight and score is, re-exported so that callers use the
/// version this crate computes with.
pub use rust_decimal::Decimal;
pub use source::Record;
pub use spec::Spec;

/// What a caller hands a run besides a spec and its files: a source's kind and encoding, a
/// pre-aggregated value as a [`TableRow`](input::TableRow), the [`Progress`](input::Progress)
/// its callback receives, and where the files come from ([`files`](input::files)). A record
/// itself is the root's [`Record`].
pub mod input {
    pub use crate::progress::{Progress, Stage};
    pub use crate::source::{Encoding, SourceKind, TableRow};

    /// Where a run's files come from: the native file system by default, or a
    /// [`Files`](crate::input::files::Files) provider set with [`Options::files`](crate::Options::files) (how the offline page,
    /// `page/`, streams the files an analyst dropped into the library, so that its boards are
    /// the command line's).
    pub mod files {
        pub use crate::read::files::{Files, MemoryFiles, ReadSeek};
    }
}

/// The vocabulary of a board's scheme: how an indicator is measured, normalized, aggregated,
/// weighted, rounded and ranked (the spec's keys as types), and the parts of a board beyond its
/// ranked places (dimensions, adjustments, vetoes, changes, the places left unranked).
pub mod schemes {
    pub use crate::board::{
        AdjustmentScore, Change, Dimension, DimensionScore, Entry, HistoryCell, Improvement,
        Indicator, IndicatorScore, PlaceHistory, Streak, StreakList, StreakRun, Unranked,
        UnrankedReason, VetoHit,
    };
    pub use crate::measure::Measure;
    pub use crate::rank::{Compare, Rank, RankBy, RankMethod, TieOrder};
    pub use crate::score::{
        AdjustmentKind, Aggregate, Better, Missing, Normalize, Rounding, VetoEffect,
    };
}

/// Reads the places and every source the chosen boards use from the files the spec names, and
/// makes the boards.
///
/// ```
/// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
/// let rankings = livability::rank(&spec, &livability::Options::new())?;
/// assert_eq!(rankings.boards.len(), 3);
/// assert_eq!(rankings.boards[0].entries[0].place, "芙蓉江路");
/// # Ok::<(), livability::Error>(())
/// ```
pub fn rank(spec: &Spec, options: &Options) -> Result<Rankings> {
    let gazetteer = options.reading(|| pipeline::read_places(spec))?;
    let mut ranker = Ranker::new(spec, &gazetteer, options)?;
    let sources = ranker.sources_needed();
    ranker.read_source_files(&sources)?;
    ranker.finish()
}

/// Reads the places and sources as [`rank`] does, makes the boards, and says how sure each
/// is: every place's exact best and worst rank over the weights within ±p % of the spec's,
/// its ranks under a seeded Monte Carlo over the same box, and its rank with each indicator
/// or dimension left out (see the guide, "How sure is a board").
///
/// ```
/// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
/// let options = livability::analysis::RobustnessOptions::new().runs(100);
/// let (rankings, robustness) =
///     livability::robustness(&spec, &livability::Options::new(), &options)?;
/// let first = &robustness.boards[0].places[0];
/// assert_eq!(first.place, rankings.boards[0].entries[0].place);
/// assert!(first.best.is_some_and(|best| best <= first.rank));
/// # Ok::<(), livability::Error>(())
/// ```
pub fn robustness(
    spec: &Spec,
    options: &Options,
    robustness: &analysis::RobustnessOptions,
) -> Result<(Rankings, analysis::Robustness)> {
    robustness.check()?;
    let gazetteer = options.reading(|| pipeline::read_places(spec))?;
    let mut ranker = Ranker::new(spec, &gazetteer, options)?;
    let sources = ranker.sources_needed();
    ranker.read_source_files(&sources)?;
    ranker.finish_with_robustness(robustness)
}

/// Reads the places and sources as [`rank`] does and explains one place on one board: its
/// score tree, its change since the previous period split by indicator, the places it passed
/// or that passed it, and every record counted for it (see
/// [`Explanation`](analysis::Explanation)). `place` is a name, an alias or an id; an unknown
/// board is [`ErrorKind::UnknownBoard`](error::ErrorKind::UnknownBoard), as for [`rank`], and
/// an unknown place an error naming the closest ones.
///
/// ```
/// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
/// let (_, explanation) = livability::explain(
///     &spec,
///     &livability::Options::new(),
///     "beautiful-roads",
///     "芙蓉江路",
/// )?;
/// assert_eq!(explanation.entry.map(|entry| entry.rank.to_string()), Some("1".to_owned()));
/// assert!(!explanation.records.is_empty());
/// # Ok::<(), livability::Error>(())
/// ```
pub fn explain(
    spec: &Spec,
    options: &Options,
    board: &str,
    place: &str,
) -> Result<(Rankings, analysis::Explanation)> {
    let gazetteer = options.reading(|| pipeline::read_places(spec))?;
    let mut ranker = Ranker::new(spec, &gazetteer, options)?;
    ranker.explain_place(board, place)?;
    let sources = ranker.sources_needed();
    ranker.read_source_files(&sources)?;
    ranker.finish_with_explanation()
}

/// Reads every source the spec names, leniently, and reports what became of each record:
/// the data-quality report alone, as `livability check` prints it.
///
/// Malformed rows do not stop the check: they are counted as rejected and listed, and
/// [`QualityReport::has_errors`](quality::QualityReport::has_errors) tells whether there were any.
///
/// ```
/// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
/// let report = livability::check(&spec, &livability::Options::new())?;
/// assert!(!report.has_errors());
/// assert!(report.sources.iter().all(|source| source.reconciles()));
/// # Ok::<(), livability::Error>(())
/// ```
pub fn check(spec: &Spec, options: &Options) -> Result<quality::QualityReport> {
    let gazetteer = options.reading(|| pipeline::read_places(spec))?;
    let options = options.clone().lenient(true);
    let mut ranker = Ranker::new(spec, &gazetteer, &options)?;
    let sources: Vec<&str> = spec.source_ids().collect();
    ranker.read_source_files(&sources)?;
    Ok(ranker.finish()?.quality)
}
