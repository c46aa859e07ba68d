//! What records are: the source kinds and their columns, records from memory, table rows, and
//! the fields a spec uses, typed once at the edge. The bytes of files are [`crate::read`]'s.

pub(crate) mod field;
pub(crate) mod files;
pub(crate) mod kinds;
pub(crate) mod layout;
mod record;
#[cfg(feature = "spreadsheet")]
pub(crate) mod sheet;
pub(crate) mod table;

pub use crate::read::encoding::Encoding;
pub use record::Record;
pub(crate) use table::TableReader;
pub use table::TableRow;

use serde::{Deserialize, Serialize};

/// What a source holds, which sets its default columns (`kind` of a source in the spec; it
/// defaults to the source's id when that is a kind's name).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SourceKind {
    /// Urban grid-management center cases (网格中心案件).
    Grid,
    /// 12345 citizen-hotline tickets (12345工单).
    Hotline,
    /// Police-station incidents (派出所警情).
    Police,
    /// Sanitation inspections (环境卫生检查), with a decimal `score`.
    Sanitation,
    /// Pre-aggregated indicators in long format: `period,place,indicator,value`.
    Table,
}

impl SourceKind {
    /// The kinds' names, as the spec writes them.
    pub(crate) const NAMES: [&'static str; 5] =
        ["grid", "hotline", "police", "sanitation", "table"];

    /// The kind's name in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Grid => "grid",
            SourceKind::Hotline => "hotline",
            SourceKind::Police => "police",
            SourceKind::Sanitation => "sanitation",
            SourceKind::Table => "table",
        }
    }

    /// The kind a source id names, if it names one.
    pub(crate) fn from_id(id: &str) -> Option<SourceKind> {
        match id {
            "grid" => Some(SourceKind::Grid),
            "hotline" => Some(SourceKind::Hotline),
            "police" => Some(SourceKind::Police),
            "sanitation" => Some(SourceKind::Sanitation),
            "table" => Some(SourceKind::Table),
            _ => None,
        }
    }
}
