//! The spec file (`spec.toml`): what to read, which boards to make and how to score them.
//!
//! Loading is strict: an unknown key, a value of the wrong type or an unknown option is an
//! error naming the key's path (`boards[0].indicators[1].wieght`), and every check that needs
//! no data runs before any data is read.

mod raw;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use jiff::civil::DateTime;

use crate::calendar::{Calendar, Deadline, WorkHours};
use crate::error::{BadKey, Error, ErrorKind, Location, Result, shorten};
use crate::measure::Filter;
pub(crate) use crate::measure::{Credits, MeasureSpec};
use crate::period::Period;
use crate::places::PlaceKind;
use crate::rank::{Compare, RankBy, RankMethod, TieOrder};
use crate::score::{
    Adjustment, Aggregate, Better, Curve, DimensionRule, Grades, Missing, Normalize, Rounding,
    StreakRule, Veto,
};
use crate::source::{Encoding, SourceKind};

/// A checked spec: boards, their indicators and the sources they read.
///
/// ```
/// use livability::Spec;
///
/// let spec = Spec::from_toml_str(r#"
///     period = "2018-11"
///     [sources.scores]
///     kind = "table"
///     [[boards]]
///     id = "clean"
///     title = "美丽小区排行榜"
///     kind = "neighborhood"
///     [[boards.indicators]]
///     id = "sanitation"
///     source = "scores"
///     measure = "value"
///     better = "higher"
/// "#, "spec.toml")?;
/// assert_eq!(spec.board_ids().collect::<Vec<_>>(), ["clean"]);
///
/// let typo = Spec::from_toml_str("[[boards]]\nid = 'a'\nkind = 'road'\ntop = 3\nrnak = 'dense'", "spec.toml");
/// assert_eq!(typo.unwrap_err().location().spec_key(), Some("boards[0].rnak"));
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Spec {
    /// The spec's file, or the name given to a spec read from a string, for messages.
    pub(crate) name: PathBuf,
    pub(crate) title: String,
    pub(crate) period: Option<Period>,
    /// The months a board of a month adds up, ending with it (`rolling = 3`: the last three
    /// months); `None` ranks the period alone.
    pub(crate) rolling: Option<u8>,
    /// The places files (`places`), in order.
    pub(crate) places: Vec<crate::places::PlacesFile>,
    /// The sheet of a places workbook (`places_sheet`); by default its first.
    pub(crate) places_sheet: Option<String>,
    /// The row of the places file's header (`places_header_row`); by default it is found.
    pub(crate) places_header_row: Option<u64>,
    /// Suffixes that make a name administrative besides the built-in ones (`administrative`).
    pub(crate) administrative: Vec<String>,
    /// Sources in the order of their ids.
    pub(crate) sources: Vec<SourceSpec>,
    pub(crate) boards: Vec<BoardSpec>,
    /// The working-day calendar: China's, with the years of the spec's `calendar` file.
    pub(crate) calendar: Calendar,
    pub(crate) work_hours: WorkHours,
    /// Deadlines of the period ranked are judged as of this moment (by default the end of the
    /// period); the periods compared with it, as long after their own end.
    pub(crate) as_of: Option<DateTime>,
    /// The language of the outputs people read (`lang`).
    pub(crate) language: crate::lang::Language,
    /// The colour of a rise (`rise`); by default the language's convention.
    pub(crate) rise: Option<crate::lang::ChangeColors>,
    /// The kinds of place: the built-in ones and those of `[kinds]`.
    pub(crate) kinds: crate::places::Kinds,
}

/// A source of records.
#[derive(Clone, Debug)]
pub(crate) struct SourceSpec {
    pub(crate) id: String,
    pub(crate) kind: SourceKind,
    /// The files (`file`: a path, a glob pattern or a list of them), joined to the spec's
    /// folder; empty when the spec names none.
    pub(crate) files: Vec<crate::source::files::FileEntry>,
    pub(crate) encoding: Encoding,
    /// The sheet of a workbook (`sheet`); by default its first.
    #[cfg_attr(
        not(feature = "spreadsheet"),
        allow(
            dead_code,
            reason = "workbooks are read with the `spreadsheet` feature"
        )
    )]
    pub(crate) sheet: Option<String>,
    /// The row of the header (`header_row`, 1-based: a CSV file's line, a sheet's row); by
    /// default it is found among the first rows.
    pub(crate) header_row: Option<u64>,
    /// Column name (canonical or a header used by filters) → the header this export uses.
    pub(crate) columns: BTreeMap<String, String>,
    /// When its records are due, if it sets deadlines.
    pub(crate) deadlines: Option<Deadlines>,
}

/// A source's deadlines: by the value of one column, with a default for the others.
#[derive(Clone, Debug)]
pub(crate) struct Deadlines {
    /// The column whose value picks the deadline (`deadline_by`, default `category`).
    pub(crate) column: String,
    /// Per value (normalized), its deadline.
    pub(crate) values: Vec<(String, Deadline)>,
    /// The deadline of the other values; without one, their records have no deadline.
    pub(crate) default: Option<Deadline>,
}

/// A board: which places it ranks and how.
#[derive(Clone, Debug)]
pub(crate) struct BoardSpec {
    /// The board's position in the spec, for key paths in messages.
    pub(crate) position: usize,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) basis: Option<String>,
    pub(crate) kind: PlaceKind,
    pub(crate) top: Option<u32>,
    pub(crate) method: RankMethod,
    pub(crate) decimals: u32,
    pub(crate) rounding: Rounding,
    pub(crate) tie_order: TieOrder,
    /// Indexes into `indicators`.
    pub(crate) tie_breakers: Vec<usize>,
    pub(crate) missing: Missing,
    /// The indicators scored, then (from `scored` on) the counts adjustments and vetoes read.
    pub(crate) indicators: Vec<IndicatorSpec>,
    /// How many of `indicators` are the board's own.
    pub(crate) scored: usize,
    pub(crate) aggregate: Aggregate,
    /// Parents before children.
    pub(crate) dimensions: Vec<DimensionRule>,
    /// Display names of dimensions, by path (`dimension_labels`).
    pub(crate) dimension_labels: BTreeMap<String, String>,
    pub(crate) adjustments: Vec<Adjustment>,
    pub(crate) floor: Option<Decimal>,
    pub(crate) ceiling: Option<Decimal>,
    pub(crate) vetoes: Vec<Veto>,
    pub(crate) grades: Option<Grades>,
    /// The worst list: the worst `bottom` places.
    pub(crate) bottom: Option<u32>,
    /// The worst list: every place whose rounded score is below this.
    pub(crate) below: Option<Decimal>,
    /// `streak = N`: flag the places on the board's list, or on its worst list, in each of
    /// the last N periods (连续N期上榜, 连续N期末位).
    pub(crate) streak: Option<u8>,
    /// The streaks its adjustments and vetoes are driven by, in that order: rule `k` reads
    /// value row `indicators.len() + k`, which the run fills (1 on the streak, else 0).
    pub(crate) streak_rules: Vec<StreakRule>,
    /// `points_change = true`: a column of each place's score change since the previous
    /// period, in points.
    pub(crate) points_change: bool,
    pub(crate) rank_by: RankBy,
    pub(crate) compare: Compare,
    /// Below this share of a source's selected records counted on its ranked places, in
    /// percent, the board warns (`min_coverage`, default 95).
    pub(crate) min_coverage: Decimal,
    /// Rank inside groups (`group_by`); `None` ranks every place together.
    pub(crate) group_by: Option<GroupBy>,
    /// With `group_by`: the overall list's cut-offs (`overall_top`, `overall_bottom`).
    pub(crate) overall_top: Option<u32>,
    pub(crate) overall_bottom: Option<u32>,
}

/// What a board's groups are (`group_by`): each place's parent, its place of a kind above,
/// or the value of one of its attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GroupBy {
    /// `"parent"`: each place's parent.
    Parent,
    /// A kind above the board's (`"street"`): the place of that kind up the chain.
    Kind(PlaceKind),
    /// Any other word: a place attribute (text or number), as written.
    Attribute(String),
}

impl GroupBy {
    /// Reads `group_by`: `parent`, the name of one of `kinds`, else an attribute's.
    pub(crate) fn parse(text: &str, kinds: &crate::places::Kinds) -> GroupBy {
        let text = crate::name::normalize(text);
        if text.trim().eq_ignore_ascii_case("parent") || text.trim() == "上级" {
            GroupBy::Parent
        } else if let Some(kind) = kinds.find(&text) {
            GroupBy::Kind(kind)
        } else {
            GroupBy::Attribute(text.trim().to_owned())
        }
    }
}

impl BoardSpec {
    /// The board's own indicators, those it scores.
    pub(crate) fn scored_indicators(&self) -> &[IndicatorSpec] {
        &self.indicators[..self.scored]
    }
}

/// An indicator of a board.
#[derive(Clone, Debug)]
pub(crate) struct IndicatorSpec {
    pub(crate) id: String,
    /// Index into the spec's sources.
    pub(crate) source: usize,
    pub(crate) measure: MeasureSpec,
    /// `where`: which of the source's records count.
    pub(crate) filter: Filter,
    pub(crate) better: Better,
    pub(crate) normalize: Normalize,
    /// The fixed curve of `goalposts`, `curve` or `bands`.
    pub(crate) curve: Option<Curve>,
    pub(crate) weight: Decimal,
    /// Its display name (`label`), shown instead of its id by the formats people read.
    pub(crate) label: Option<String>,
    /// Its dimension: 0 for the board itself, else the board's `dimensions[d − 1]`.
    pub(crate) dimension: usize,
    /// Its key path, for messages: `boards[0].indicators[1]`, or `boards[0].adjustments[0]`
    /// for a count an adjustment or veto reads.
    pub(crate) key: String,
}

/// The spec reader's refusal of the value at `key`, as the failure it is, in plain words: a
/// single table where a list is expected, serde's types ("u32") as a user says them ("a whole
/// number, 0 or more"), TOML's words (list, table) for serde's (sequence, map).
fn bad_key(message: &str, key: &str) -> BadKey {
    if message.starts_with("invalid type: map, expected a sequence") {
        // `boards[0].indicators` is written `[[boards.indicators]]`.
        let mut table = String::new();
        let mut in_index = false;
        for c in key.chars() {
            match c {
                '[' => in_index = true,
                ']' => in_index = false,
                _ if !in_index => table.push(c),
                _ => {}
            }
        }
        return BadKey::TableForList { table };
    }
    let text = in_plain_words(message);
    // serde's messages, as its `de::Error` writes them: "unknown field `x`, expected …".
    let quoted = |prefix: &str| -> Option<(String, String)> {
        let rest = text.strip_prefix(prefix)?.strip_prefix('`')?;
        let (name, rest) = rest.split_once("`, ")?;
        Some((name.to_owned(), rest.to_owned()))
    };
    let found_expected = |prefix: &str| -> Option<(String, String)> {
        let (found, expected) = text.strip_prefix(prefix)?.split_once(", expected ")?;
        Some((found.to_owned(), expected.to_owned()))
    };
    if let Some((key, expected)) = quoted("unknown field ") {
        BadKey::UnknownKey { key, expected }
    } else if let Some((value, expected)) = quoted("unknown variant ") {
        BadKey::UnknownOption { value, expected }
    } else if let Some((found, expected)) = found_expected("invalid type: ") {
        BadKey::WrongType { found, expected }
    } else if let Some((found, expected)) = found_expected("invalid value: ") {
        BadKey::WrongValue { found, expected }
    } else if let Some((length, expected)) = found_expected("invalid length ") {
        BadKey::WrongLength { length, expected }
    } else if let Some(key) = text
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        BadKey::MissingKey {
            key: key.to_owned(),
        }
    } else {
        BadKey::Other { message: text }
    }
}

/// serde's words for types and shapes replaced by a user's.
fn in_plain_words(message: &str) -> String {
    let mut text = message.to_owned();
    let words: [(&[&str], &str); 3] = [
        (
            &["u8", "u16", "u32", "u64", "u128", "usize"],
            "a whole number, 0 or more",
        ),
        (
            &["i8", "i16", "i32", "i64", "i128", "isize"],
            "a whole number",
        ),
        (&["f32", "f64"], "a number"),
    ];
    for (types, plain) in words {
        for rust in types {
            text = text.replace(&format!("expected {rust}"), &format!("expected {plain}"));
        }
    }
    for (rust, plain) in [
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected a table"),
        ("invalid type: sequence", "invalid type: list"),
        ("invalid type: map", "invalid type: table"),
    ] {
        text = text.replace(rust, plain);
    }
    text
}

impl Spec {
    /// Reads and checks the spec file at `path`. Relative paths in it start from its folder.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Spec> {
        let path = path.as_ref();
        let text = crate::read::files::read_to_string(path)
            .map_err(|error| Error::new(ErrorKind::io(&error), Location::at_file(path)))?;
        Spec::from_toml_str(&text, path)
    }

    /// Reads and checks a spec from `text`; `name` names it in messages, and relative paths
    /// in it start from `name`'s folder.
    pub fn from_toml_str(text: &str, name: impl AsRef<Path>) -> Result<Spec> {
        let name = name.as_ref();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let deserializer =
            toml::Deserializer::parse(text).map_err(|error| syntax_error(&error, text, name))?;
        let raw: raw::RawSpec =
            serde_path_to_error::deserialize(deserializer).map_err(|error| {
                let key = error.path().to_string();
                let inner = error.into_inner();
                if key == "." {
                    syntax_error(&inner, text, name)
                } else {
                    Error::new(
                        ErrorKind::SpecKey(bad_key(inner.message(), &key)),
                        Location::at_key(name, key),
                    )
                }
            })?;
        validate::validate(raw, text, name)
    }

    /// [`Spec::from_path`], the spec and the files it reads while checked (a `deadlines`
    /// calendar, its patterns' matches) being those `files` provides (the offline page's)
    /// instead of the native file system's.
    pub fn from_path_in(
        path: impl AsRef<Path>,
        files: std::sync::Arc<dyn crate::read::files::Files>,
    ) -> Result<Spec> {
        crate::read::files::within(Some(files), || Spec::from_path(path))
    }

    /// [`Spec::from_toml_str`], the files it reads while checked (a `deadlines` calendar, its
    /// patterns' matches) being those `files` provides instead of the native file system's.
    pub fn from_toml_str_in(
        text: &str,
        name: impl AsRef<Path>,
        files: std::sync::Arc<dyn crate::read::files::Files>,
    ) -> Result<Spec> {
        crate::read::files::within(Some(files), || Spec::from_toml_str(text, name))
    }

    /// The headline of rendered output.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The default period, if the spec sets one.
    pub fn period(&self) -> Option<Period> {
        self.period
    }

    /// The period a run ranks: `chosen` (else the spec's `period`), made the run of
    /// `rolling` months (else the spec's `rolling`) that ends with it when one is set; `None`
    /// without a period. An error when a rolling window is asked of what is no month.
    ///
    /// ```
    /// let spec = livability::Spec::from_toml_str("period = \"2024-05\"\nrolling = 3", "spec.toml")?;
    /// assert_eq!(spec.ranked_period(None, None)?, Some("2024-03..2024-05".parse()?));
    /// assert_eq!(spec.ranked_period(Some("2024-01".parse()?), Some(2))?, Some("2023-12..2024-01".parse()?));
    /// assert!(spec.ranked_period(Some("2024-Q1".parse()?), None).is_err());
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn ranked_period(
        &self,
        chosen: Option<Period>,
        rolling: Option<u8>,
    ) -> Result<Option<Period>, crate::error::Error> {
        let Some(period) = chosen.or(self.period) else {
            return Ok(None);
        };
        match rolling.or(self.rolling) {
            None => Ok(Some(period)),
            Some(months) => Period::rolling(period, months).map(Some).ok_or_else(|| {
                crate::error::Error::new(
                    ErrorKind::Option(crate::error::AnalysisOption::Rolling {
                        months,
                        period: period.to_string(),
                    }),
                    crate::error::Location::Unknown,
                )
            }),
        }
    }

    /// The ids of the boards, in spec order.
    pub fn board_ids(&self) -> impl Iterator<Item = &str> {
        self.boards.iter().map(|board| board.id.as_str())
    }

    /// The ids of the sources, in order.
    pub fn source_ids(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|source| source.id.as_str())
    }

    /// The files the spec names for source `source` (its `file`: a path, a glob pattern or a
    /// list of them), joined to the spec's folder, patterns expanded, sorted, each once: the
    /// files `Ranker::read_source_file` reads, in the order
    /// it reads them. A pattern matching no file is an error naming it; empty when the spec
    /// names no file for the source, or defines no source `source`.
    pub fn source_files(&self, source: &str) -> Result<Vec<PathBuf>> {
        match self.sources.iter().find(|spec| spec.id == source) {
            Some(spec) => self.files_of(spec),
            None => Ok(Vec::new()),
        }
    }

    /// The files of `source`, as [`Spec::source_files`] gives them.
    pub(crate) fn files_of(&self, source: &SourceSpec) -> Result<Vec<PathBuf>> {
        crate::source::files::expand(&source.files).map_err(|(position, kind)| {
            let key = if source.files.len() > 1 {
                format!("sources.{}.file[{position}]", shorten(&source.id))
            } else {
                format!("sources.{}.file", shorten(&source.id))
            };
            self.error_at(key, kind)
        })
    }

    /// The (first) places file, joined to the spec's folder, if the spec names one.
    pub fn places_path(&self) -> Option<&Path> {
        self.places.first().map(|file| file.path.as_path())
    }

    /// The kinds of place of the spec: the six built in, then those `[kinds]` declares.
    pub fn kinds(&self) -> &crate::places::Kinds {
        &self.kinds
    }

    /// Every places file the spec names, in order.
    pub fn places_files(&self) -> &[crate::places::PlacesFile] {
        &self.places
    }

    /// The suffixes the spec adds to those that make a name administrative
    /// (`administrative`).
    pub fn administrative(&self) -> &[String] {
        &self.administrative
    }

    /// The sheet of the places workbook the spec names (`places_sheet`), if it names one;
    /// without it, a workbook's first sheet is read.
    pub fn places_sheet(&self) -> Option<&str> {
        self.places_sheet.as_deref()
    }

    /// The row of the places file's header the spec names (`places_header_row`), if it
    /// names one; without it, the header is found.
    pub fn places_header_row(&self) -> Option<u64> {
        self.places_header_row
    }

    /// The key path of an indicator's key, for messages: `boards[0].indicators[1].per`.
    pub(crate) fn indicator_key(board: &BoardSpec, indicator: usize, key: &str) -> String {
        match board.indicators.get(indicator) {
            Some(indicator) => format!("{}.{key}", indicator.key),
            None => format!("boards[{}].indicators[{indicator}].{key}", board.position),
        }
    }

    /// An error at a key of this spec.
    pub(crate) fn error_at(&self, key: impl Into<String>, kind: ErrorKind) -> Error {
        Error::new(kind, Location::at_key(&self.name, key))
    }

    /// The index of the source `id`.
    pub(crate) fn source_index(&self, id: &str) -> Option<usize> {
        self.sources.iter().position(|source| source.id == id)
    }
}

/// A TOML syntax error, located by line and column in the spec's text.
fn syntax_error(error: &toml::de::Error, text: &str, name: &Path) -> Error {
    let offset = error.span().map_or(0, |span| span.start).min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
    Error::new(
        ErrorKind::SpecSyntax {
            message: error.message().to_owned(),
        },
        Location::SpecText {
            spec: name.to_path_buf(),
            line,
            column,
        },
    )
}

impl SourceSpec {
    /// How the header of the source's files is found: the row `header_row` names, else the
    /// row matching most of its kind's headers and the headers its `columns` map.
    pub(crate) fn header_search(&self) -> crate::read::header::HeaderSearch {
        crate::read::header::HeaderSearch::for_columns(
            &self.kind.columns(),
            self.columns.values().map(String::as_str),
            self.header_row,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOARD: &str = r#"
        title = "t"
        period = "2018-11"
        [sources.grid]
        kind = "grid"
        file = "grid.csv"
        [[boards]]
        id = "roads"
        title = "roads"
        kind = "road"
        [[boards.indicators]]
        id = "cases"
        source = "grid"
        measure = "count"
        better = "lower"
    "#;

    fn refusal(text: &str) -> (BadKey, String) {
        let error = Spec::from_toml_str(text, "spec.toml").unwrap_err();
        let key = error.location().spec_key().unwrap_or_default().to_owned();
        match error.kind() {
            ErrorKind::SpecKey(bad) => (bad.clone(), key),
            other => panic!("not a refused key: {other:?}"),
        }
    }

    /// Each refusal of the spec's reader is its own variant, with the key or value it names.
    #[test]
    fn a_refused_key_says_what_was_refused() {
        let (bad, key) = refusal(&BOARD.replace("better = \"lower\"", "wieght = 3"));
        assert!(
            matches!(&bad, BadKey::UnknownKey { key, expected } if key == "wieght" && expected.starts_with("expected one of `id`")),
            "{bad:?}"
        );
        assert_eq!(key, "boards[0].indicators[0].wieght");

        let (bad, _) = refusal(&BOARD.replace("\"lower\"", "\"smaller\""));
        assert_eq!(
            bad,
            BadKey::UnknownOption {
                value: "smaller".into(),
                expected: "expected `higher` or `lower`".into()
            }
        );

        let (bad, _) = refusal(&BOARD.replace("\"2018-11\"", "201811"));
        assert_eq!(
            bad,
            BadKey::WrongType {
                found: "integer `201811`".into(),
                expected: "a string".into()
            }
        );

        let (bad, _) = refusal(&BOARD.replace("[[boards.indicators]]", "[boards.indicators]"));
        assert_eq!(
            bad,
            BadKey::TableForList {
                table: "boards.indicators".into()
            }
        );
    }
}
