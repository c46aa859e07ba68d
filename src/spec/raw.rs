//! The spec file as written: serde types that mirror `spec.toml` key for key. Unknown keys are
//! errors (`deny_unknown_fields`); what serde cannot check is checked in [`super::validate`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::measure::Measure;
use crate::rank::{Compare, RankBy, RankMethod, TieOrder};
use crate::score::{
    AdjustmentKind, Aggregate, Better, Missing, Normalize, Rounding, StreakList, VetoEffect,
};
use crate::source::{Encoding, SourceKind};

/// A number that must be read exactly: the span lets validation re-read the digits as written,
/// since TOML floats reach serde as binary floats (`0.1` would not be 0.1).
pub(crate) type Number = Spanned<toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpec {
    pub(crate) title: Option<String>,
    pub(crate) period: Option<String>,
    pub(crate) places: Option<RawPlaces>,
    pub(crate) places_sheet: Option<String>,
    pub(crate) places_header_row: Option<u64>,
    pub(crate) administrative: Option<Vec<String>>,
    pub(crate) calendar: Option<String>,
    pub(crate) work_hours: Option<Vec<String>>,
    pub(crate) as_of: Option<String>,
    /// The language of the outputs people read: `zh` (default) or `en`.
    pub(crate) lang: Option<String>,
    /// The colour of a rise in rank: `red` or `green`; by default the language's convention.
    pub(crate) rise: Option<String>,
    #[serde(default)]
    pub(crate) sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    pub(crate) boards: Vec<RawBoard>,
    /// Months a board of a month adds up (`rolling = 3`).
    pub(crate) rolling: Option<i64>,
    /// Kinds of place beyond the built-in ones (`[kinds.area]`), by id.
    #[serde(default)]
    pub(crate) kinds: BTreeMap<String, RawKind>,
}

/// A declared kind of place: `[kinds.area]` with `name = "片区"` and `above = "community"`
/// or `below = "street"`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawKind {
    /// Its Chinese name (片区).
    pub(crate) name: String,
    /// The kind it sits right above.
    pub(crate) above: Option<String>,
    /// The kind it sits right below.
    pub(crate) below: Option<String>,
}

/// `places = "places.csv"`, or a list of files, each a path or
/// `{ file = "道路一览.xlsx", kind = "road", sheet = "…" }`.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum RawPlaces {
    One(String),
    Many(Vec<RawPlacesFile>),
}

/// One file of a list of places files.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum RawPlacesFile {
    Path(String),
    File(RawPlacesEntry),
}

/// A places file with its kind or sheet.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlacesEntry {
    pub(crate) file: String,
    /// A kind's id or Chinese name, built in or declared.
    pub(crate) kind: Option<String>,
    pub(crate) sheet: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub(crate) kind: Option<SourceKind>,
    pub(crate) file: Option<RawFiles>,
    #[serde(default)]
    pub(crate) encoding: Encoding,
    pub(crate) sheet: Option<String>,
    pub(crate) header_row: Option<u64>,
    #[serde(default)]
    pub(crate) columns: BTreeMap<String, String>,
    pub(crate) deadline: Option<BTreeMap<String, String>>,
    pub(crate) deadline_by: Option<String>,
}

/// A source's `file`: one path or pattern, or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum RawFiles {
    One(String),
    Several(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBoard {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) basis: Option<String>,
    /// The kind of places ranked; `unit` says the same, in the words of bulletins.
    #[serde(alias = "unit")]
    pub(crate) kind: String,
    pub(crate) top: Option<u32>,
    #[serde(default)]
    pub(crate) rank: RankMethod,
    pub(crate) decimals: Option<u32>,
    #[serde(default)]
    pub(crate) rounding: Rounding,
    #[serde(default)]
    pub(crate) tie_order: TieOrder,
    #[serde(default)]
    pub(crate) tie_breakers: Vec<String>,
    #[serde(default)]
    pub(crate) missing: Missing,
    #[serde(default)]
    pub(crate) indicators: Vec<RawIndicator>,
    #[serde(default)]
    pub(crate) aggregate: Aggregate,
    pub(crate) dimensions: Option<BTreeMap<String, Number>>,
    pub(crate) floor: Option<Number>,
    pub(crate) ceiling: Option<Number>,
    #[serde(default)]
    pub(crate) adjustments: Vec<RawAdjustment>,
    #[serde(default)]
    pub(crate) vetoes: Vec<RawVeto>,
    pub(crate) grades: Option<Vec<RawGrade>>,
    pub(crate) bottom: Option<u32>,
    pub(crate) below: Option<Number>,
    #[serde(default)]
    pub(crate) rank_by: RankBy,
    pub(crate) compare: Option<Compare>,
    /// The coverage below which the board warns, in percent (default 95).
    pub(crate) min_coverage: Option<Number>,
    /// Rank inside groups: `"parent"`, a kind above the board's, or a place attribute.
    pub(crate) group_by: Option<String>,
    /// With `group_by`: the cut-off of the overall list (`top` and `bottom` cut each group's).
    pub(crate) overall_top: Option<u32>,
    /// With `group_by`: the worst list of all places (Yulin's black list).
    pub(crate) overall_bottom: Option<u32>,
    /// Periods in a row that flag a place on a list (`streak = 3`).
    pub(crate) streak: Option<i64>,
    /// Shows the score's change since the previous period in points.
    #[serde(default)]
    pub(crate) points_change: bool,
    /// Display names of dimensions, by path: `{ "环境" = "环境优美度" }`.
    pub(crate) dimension_labels: Option<BTreeMap<String, String>>,
}

/// `[[boards.adjustments]]`: points added or taken after aggregation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAdjustment {
    pub(crate) id: String,
    pub(crate) kind: AdjustmentKind,
    pub(crate) source: Option<String>,
    #[serde(rename = "where")]
    pub(crate) filter: Option<BTreeMap<String, toml::Value>>,
    pub(crate) indicator: Option<String>,
    pub(crate) points: Number,
    pub(crate) cap: Option<Number>,
    pub(crate) multiply: Option<RawMultiply>,
    /// Driven by a streak instead of a count: `{ list = "worst", periods = 3 }`.
    pub(crate) streak: Option<RawStreak>,
}

/// `streak = { list = "worst", periods = 3 }` of an adjustment or a veto: 连续3期末位.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStreak {
    pub(crate) list: StreakList,
    pub(crate) periods: i64,
}

/// `multiply = { column = "来源", by = { "媒体曝光" = 2 } }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMultiply {
    pub(crate) column: String,
    pub(crate) by: BTreeMap<String, Number>,
}

/// `[[boards.vetoes]]`: a condition that vetoes a place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVeto {
    pub(crate) id: String,
    pub(crate) reason: Option<String>,
    pub(crate) source: Option<String>,
    #[serde(rename = "where")]
    pub(crate) filter: Option<BTreeMap<String, toml::Value>>,
    pub(crate) indicator: Option<String>,
    pub(crate) at_least: Option<Number>,
    pub(crate) at_most: Option<Number>,
    pub(crate) effect: VetoEffect,
    /// Driven by a streak instead of a count: `{ list = "worst", periods = 3 }`.
    pub(crate) streak: Option<RawStreak>,
}

/// One row of `grades`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGrade {
    pub(crate) name: String,
    pub(crate) min: Option<Number>,
    pub(crate) share: Option<Number>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIndicator {
    pub(crate) id: String,
    pub(crate) source: String,
    pub(crate) measure: Measure,
    pub(crate) per: Option<String>,
    pub(crate) scale: Option<Number>,
    #[serde(rename = "where")]
    pub(crate) filter: Option<BTreeMap<String, toml::Value>>,
    pub(crate) of: Option<BTreeMap<String, OfPart>>,
    pub(crate) exclude: Option<BTreeMap<String, toml::Value>>,
    pub(crate) field: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) better: Better,
    pub(crate) normalize: Option<Normalize>,
    pub(crate) weight: Option<Number>,
    pub(crate) dimension: Option<String>,
    /// The indicator's display name, shown instead of its id by the formats people read.
    pub(crate) label: Option<String>,
    pub(crate) goalposts: Option<Vec<Number>>,
    pub(crate) curve: Option<Vec<Vec<Number>>>,
    pub(crate) bands: Option<Vec<Vec<Number>>>,
    #[serde(rename = "else")]
    pub(crate) otherwise: Option<Number>,
}

/// One column of a share's `of`: a table of values with their credits, whose numbers keep
/// their spans (to be read as written, as weights are), or a filter's string or list.
pub(crate) enum OfPart {
    /// `{ "满意" = 1, "基本满意" = 0.9 }`.
    Credits(BTreeMap<String, Number>),
    /// Anything else, checked as a filter's value.
    Plain(toml::Value),
}

impl<'de> Deserialize<'de> for OfPart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<OfPart, D::Error> {
        deserializer.deserialize_any(OfPartVisitor)
    }
}

/// Sees whether a column of `of` is a table before reading it: only then are its numbers
/// read with their spans (an untagged enum would buffer them and lose the spans). A float
/// where a filter's value belongs is refused here, at its key, never held as a binary float.
struct OfPartVisitor;

/// The key under which TOML's deserializer hands over a date or time as a map.
const DATETIME_KEY: &str = "$__toml_private_datetime";

impl<'de> serde::de::Visitor<'de> for OfPartVisitor {
    type Value = OfPart;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a string, a list of strings, or values with their credits")
    }

    fn visit_bool<E>(self, value: bool) -> Result<OfPart, E> {
        Ok(OfPart::Plain(toml::Value::Boolean(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<OfPart, E> {
        Ok(OfPart::Plain(toml::Value::Integer(value)))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<OfPart, E> {
        i64::try_from(value)
            .map(|value| OfPart::Plain(toml::Value::Integer(value)))
            .map_err(E::custom)
    }

    fn visit_str<E>(self, value: &str) -> Result<OfPart, E> {
        Ok(OfPart::Plain(toml::Value::String(value.to_owned())))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<OfPart, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<toml::Value>()? {
            items.push(item);
        }
        Ok(OfPart::Plain(toml::Value::Array(items)))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<OfPart, A::Error> {
        let mut credits = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == DATETIME_KEY {
                // A date is no table of credits: the filter's check refuses it by name.
                let written: String = map.next_value()?;
                return Ok(OfPart::Plain(
                    written
                        .parse()
                        .map(toml::Value::Datetime)
                        .unwrap_or(toml::Value::String(written)),
                ));
            }
            credits.insert(key, map.next_value::<Number>()?);
        }
        Ok(OfPart::Credits(credits))
    }
}
