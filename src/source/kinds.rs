//! The columns each source kind understands, by their canonical names and the Chinese headers
//! that exports use for them.

use super::SourceKind;
use crate::read::csv::Column;

/// The record's id; a repeated id counts once.
pub(crate) const ID: Column = Column {
    name: "id",
    // `序号` is no id: it numbers the rows of one export, so two months' exports share it.
    headers: &[
        "编号",
        "案件编号",
        "工单编号",
        "警情编号",
        "检查编号",
        "工单号",
        "案件号",
        "警情号",
    ],
};
/// When it happened: any of the headers the kinds' exports use (see each kind's own list in
/// [`SourceKind::columns`]), to tell an export with a time column.
pub(crate) const TIME: Column = Column {
    name: "time",
    headers: &[
        "时间",
        "上报时间",
        "受理时间",
        "发生时间",
        "检查时间",
        "来电时间",
        "登记时间",
        "派单时间",
        "立案时间",
        "接报时间",
        "报警时间",
        "发案时间",
        "检查日期",
    ],
};
// Each kind's time headers, the one that dates its record first: an export with two of them
// (a hotline's 来电时间 and 派单时间) has them in one column only once the spec maps one, which
// `init` writes, by this order. The first five are every kind's, as before.
const GRID_TIME: Column = Column {
    name: "time",
    headers: &[
        "时间",
        "上报时间",
        "受理时间",
        "发生时间",
        "检查时间",
        "立案时间",
        "登记时间",
        "派单时间",
    ],
};
const HOTLINE_TIME: Column = Column {
    name: "time",
    headers: &[
        "时间",
        "上报时间",
        "受理时间",
        "发生时间",
        "检查时间",
        "来电时间",
        "登记时间",
        "派单时间",
    ],
};
const POLICE_TIME: Column = Column {
    name: "time",
    headers: &[
        "时间",
        "上报时间",
        "受理时间",
        "发生时间",
        "检查时间",
        "接报时间",
        "报警时间",
        "发案时间",
    ],
};
const SANITATION_TIME: Column = Column {
    name: "time",
    headers: &[
        "时间",
        "上报时间",
        "受理时间",
        "发生时间",
        "检查时间",
        "检查日期",
    ],
};
/// The road, by name, alias or id.
pub(crate) const ROAD: Column = Column {
    name: "road",
    headers: &["道路", "路名", "道路名称", "所属道路"],
};
/// The neighborhood, by name, alias or id.
pub(crate) const NEIGHBORHOOD: Column = Column {
    name: "neighborhood",
    headers: &["小区", "居民区", "小区名称", "所属小区"],
};
/// The street or town (街道/镇), by name, alias or id.
const STREET: Column = Column {
    name: "street",
    headers: &["街道", "所属街道", "街镇", "镇街", "街道(镇)"],
};
/// The community or residents' committee (社区/居委会), by name, alias or id.
const COMMUNITY: Column = Column {
    name: "community",
    headers: &["社区", "所属社区", "居委会", "居委", "社区(居委会)"],
};
/// The grid cell (网格), by name, alias or id.
const GRID_CELL: Column = Column {
    name: "grid",
    headers: &["网格", "所属网格", "网格名称", "网格编号"],
};
/// The unit that handled the ticket (承办单位), by name, alias or id.
const HANDLER: Column = Column {
    name: "handler",
    headers: &["承办单位", "处置单位", "责任单位", "承办部门"],
};

/// The column of the place kind named `name` (`street`, `community`, `grid`, `handler`) that
/// no source kind lists among its own: read only by boards of those kinds.
pub(crate) fn place_column(name: &str) -> Option<Column> {
    [STREET, COMMUNITY, GRID_CELL, HANDLER]
        .into_iter()
        .find(|column| column.name == name)
}

/// Free text, searched for place names when the kind's own column is absent or empty.
pub(crate) const ADDRESS: Column = Column {
    name: "address",
    headers: &[
        "地址",
        "事发地址",
        "事发地点",
        "详细地址",
        "发生地点",
        "案发地点",
    ],
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
    headers: &["得分", "检查得分", "考核得分"],
};

/// The canonical name of the closing time, for `hours_to_close`.
pub(crate) const CLOSED_TIME: &str = "closed_time";
/// The derived field: the working hours (of the calendar's working days, within
/// `work_hours`) from time to closing time.
pub(crate) const WORKING_HOURS_TO_CLOSE: &str = "working_hours_to_close";
/// The derived field: closing time − time, in hours.
pub(crate) const HOURS_TO_CLOSE: &str = "hours_to_close";

const COMMON: [Column; 5] = [ID, ROAD, NEIGHBORHOOD, ADDRESS, CATEGORY];

impl SourceKind {
    /// The columns a record of this kind understands by canonical name.
    pub(crate) fn columns(self) -> Vec<Column> {
        let (time, specific): (Column, &[Column]) = match self {
            SourceKind::Grid => (GRID_TIME, &[SUBCATEGORY, STATUS, GRID_CLOSED]),
            SourceKind::Hotline => (HOTLINE_TIME, &[TYPE, RESOLVED, SATISFIED, HOTLINE_CLOSED]),
            SourceKind::Police => (POLICE_TIME, &[]),
            SourceKind::Sanitation => (SANITATION_TIME, &[SCORE]),
            SourceKind::Table => return Vec::new(),
        };
        let [id, rest @ ..] = COMMON;
        [id, time]
            .into_iter()
            .chain(rest)
            .chain(specific.iter().copied())
            .collect()
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

    /// Each kind's time headers are among those that tell an export with a time column.
    #[test]
    fn every_kinds_time_header_is_a_known_time_header() {
        for kind in [
            SourceKind::Grid,
            SourceKind::Hotline,
            SourceKind::Police,
            SourceKind::Sanitation,
        ] {
            let time = kind.column("time").unwrap();
            for header in time.headers {
                assert!(TIME.headers.contains(header), "{kind:?}: {header}");
            }
        }
        for header in TIME.headers {
            assert!(
                [GRID_TIME, HOTLINE_TIME, POLICE_TIME, SANITATION_TIME]
                    .iter()
                    .any(|time| time.headers.contains(header)),
                "{header} is no kind's"
            );
        }
    }

    /// A header names one column of a kind: two columns accepting one header would make
    /// every export holding it ambiguous, whatever the spec maps.
    #[test]
    fn no_header_means_two_columns_of_a_kind() {
        for kind in [
            SourceKind::Grid,
            SourceKind::Hotline,
            SourceKind::Police,
            SourceKind::Sanitation,
        ] {
            let columns = kind.columns();
            for (index, column) in columns.iter().enumerate() {
                for other in &columns[index + 1..] {
                    for header in column.headers {
                        assert!(
                            !other.headers.contains(header),
                            "{kind:?}: {header} is both {} and {}",
                            column.name,
                            other.name
                        );
                    }
                }
            }
            // 序号 numbers rows: it is no id.
            assert!(
                !columns
                    .iter()
                    .any(|column| column.headers.contains(&"序号"))
            );
        }
    }
}
