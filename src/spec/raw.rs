//! The spec file as written: serde types that mirror `spec.toml` key for key. Unknown keys are
//! errors (`deny_unknown_fields`); what serde cannot check is checked in [`super::validate`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::measure::Measure;
use crate::places::PlaceKind;
use crate::rank::{RankMethod, TieOrder};
use crate::score::{Better, Missing, Normalize, Rounding};
use crate::source::{Encoding, SourceKind};

/// A number that must be read exactly: the span lets validation re-read the digits as written,
/// since TOML floats reach serde as binary floats (`0.1` would not be 0.1).
pub(crate) type Number = Spanned<toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSpec {
    pub(crate) title: Option<String>,
    pub(crate) period: Option<String>,
    pub(crate) places: Option<String>,
    #[serde(default)]
    pub(crate) sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    pub(crate) boards: Vec<RawBoard>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub(crate) kind: Option<SourceKind>,
    pub(crate) file: Option<String>,
    #[serde(default)]
    pub(crate) encoding: Encoding,
    #[serde(default)]
    pub(crate) columns: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBoard {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) basis: Option<String>,
    pub(crate) kind: PlaceKind,
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
    pub(crate) of: Option<BTreeMap<String, toml::Value>>,
    pub(crate) field: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) better: Better,
    #[serde(default)]
    pub(crate) normalize: Normalize,
    pub(crate) weight: Option<Number>,
}
