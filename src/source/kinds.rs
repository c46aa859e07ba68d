//! The columns each source kind understands, by their canonical names and the Chinese headers
//! that exports use for them.

use super::SourceKind;
use crate::read::csv::Column;

/// The record's id; a repeated id counts once.
pub(crate) const ID: Column = Column {
    name: "id",
    headers: &["编号", "案件编号", "工单编号", "警情编号", "检查编号"],
};
/// When it happened.
pub(crate) const TIME: Column = Column {
    name: "time",
    headers: &["时间", "上报时间", "受理时间", "发生时间", "检查时间"],
};
/// The road, by name, alias or id.
pub(crate) const ROAD: Column = Column {
    name: "road",
    headers: &["道路", "路名"],
};
/// The neighborhood, by name, alias or id.
pub(crate) const NEIGHBORHOOD: Column = Column {
    name: "neighborhood",
    headers: &["小区", "居民区"],
};
/// Free text, searched for place names when the kind's own column is absent or empty.
pub(crate) const ADDRESS: Column = Column {
    name: "address",
    headers: &["地址", "事发地址"],
};
/// What the record is about.
pub(crate) const CATEGORY: Column = Column {
    name: "category",
    headers: &["类别", "大类", "诉求分类", "警情类别"],
};
pub(crate) const SUBCATEGORY: Column = Column {
    name: "subcategory",
    headers: &["小类"],
};
pub(crate) const STATUS: Column = Column {
    name: "status",
    headers: &["状态"],
};
/// When a grid case was closed.
pub(crate) const GRID_CLOSED: Column = Column {
    name: "closed_time",
    headers: &["结案时间"],
};
/// When a hotline ticket was closed.
pub(crate) const HOTLINE_CLOSED: Column = Column {
    name: "closed_time",
    headers: &["办结时间"],
};
pub(crate) const TYPE: Column = Column {
    name: "type",
    headers: &["诉求类型"],
};
pub(crate) const RESOLVED: Column = Column {
    name: "resolved",
    headers: &["是否解决"],
};
pub(crate) const SATISFIED: Column = Column {
    name: "satisfied",
    headers: &["是否满意"],
};
/// A sanitation inspection's score.
pub(crate) const SCORE: Column = Column {
    name: "score",
    headers: &["得分"],
};

/// The canonical name of the closing time, for `hours_to_close`.
pub(crate) const CLOSED_TIME: &str = "closed_time";
/// The derived field: the working hours (of the calendar's working days, within
/// `work_hours`) from time to closing time.
pub(crate) const WORKING_HOURS_TO_CLOSE: &str = "working_hours_to_close";
/// The derived field: closing time − time, in hours.
pub(crate) const HOURS_TO_CLOSE: &str = "hours_to_close";

const COMMON: [Column; 6] = [ID, TIME, ROAD, NEIGHBORHOOD, ADDRESS, CATEGORY];

impl SourceKind {
    /// The columns a record of this kind understands by canonical name.
    pub(crate) fn columns(self) -> Vec<Column> {
        let specific: &[Column] = match self {
            SourceKind::Grid => &[SUBCATEGORY, STATUS, GRID_CLOSED],
            SourceKind::Hotline => &[TYPE, RESOLVED, SATISFIED, HOTLINE_CLOSED],
            SourceKind::Police => &[],
            SourceKind::Sanitation => &[SCORE],
            SourceKind::Table => return Vec::new(),
        };
        COMMON.iter().chain(specific).copied().collect()
    }

    /// The column of canonical name `name`, if the kind has one.
    pub(crate) fn column(self, name: &str) -> Option<Column> {
        self.columns()
            .into_iter()
            .find(|column| column.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_their_own_columns() {
        assert!(SourceKind::Grid.column("subcategory").is_some());
        assert!(SourceKind::Hotline.column("subcategory").is_none());
        assert_eq!(
            SourceKind::Hotline.column("closed_time").unwrap().headers,
            ["办结时间"]
        );
        assert_eq!(
            SourceKind::Grid.column("closed_time").unwrap().headers,
            ["结案时间"]
        );
        assert!(SourceKind::Sanitation.column("score").is_some());
        assert!(SourceKind::Police.column("category").is_some());
    }
}
