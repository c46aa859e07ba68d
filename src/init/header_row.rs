//! Which row of an export is its header: offices put a merged title row (`2024年5月网格案件
//! 明细`) and a metadata row (`制表单位：天山路街道`, `导出日期：2024-06-01`) above it. The
//! header is the row, among the first [`ROWS_LOOKED_AT`], whose cells match the most known
//! headers: every source kind's columns, the places' and a `table` source's. A title or
//! metadata row matches none; a record row matches none either (its cells are values).
//!
//! One function over rows of text, with no reading of its own, so that the readers can share
//! it: `init` uses it today to pick the header row and the detail sheet of a workbook.

use crate::read::csv::Column;
use crate::read::header::Header;
use crate::source::SourceKind;

/// How many rows from the top are looked at for the header.
pub(crate) const ROWS_LOOKED_AT: usize = 30;

/// The fewest known headers a header row holds: one matching cell may be a title that
/// happens to be a header's word (`时间`).
pub(crate) const MIN_KNOWN: usize = 2;

/// Headers of the office lists of places (小区名录, 道路一览) besides the places file's own.
pub(crate) const PLACE_LIST_HEADERS: [&str; 10] = [
    "小区名称",
    "道路名称",
    "别名",
    "户数",
    "长度",
    "长度（米）",
    "长度(米)",
    "居委会",
    "所属居委会",
    "序号",
];

/// The position of the header among `rows` (of the first [`ROWS_LOOKED_AT`]), with how many
/// known headers it holds: the row holding the most, the first of equals; `None` when no row
/// holds [`MIN_KNOWN`].
pub(crate) fn header_row<S: AsRef<str>>(rows: &[Vec<S>]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (position, row) in rows.iter().take(ROWS_LOOKED_AT).enumerate() {
        let known = known_headers(row);
        if known >= MIN_KNOWN && best.is_none_or(|(_, most)| known > most) {
            best = Some((position, known));
        }
    }
    best
}

/// How many cells of `row` are known headers (each cell counted once).
pub(crate) fn known_headers<S: AsRef<str>>(row: &[S]) -> usize {
    let columns = known_columns();
    row.iter()
        .filter(|cell| {
            let header = Header::new([cell.as_ref()]);
            let cell = crate::name::normalize(cell.as_ref().trim()).into_owned();
            PLACE_LIST_HEADERS.contains(&cell.as_str())
                || columns
                    .iter()
                    .any(|column| matches!(header.find(column, None), Ok(Some(_))))
        })
        .count()
}

/// Every column a header may name.
fn known_columns() -> Vec<Column> {
    let mut columns: Vec<Column> = [
        SourceKind::Grid,
        SourceKind::Hotline,
        SourceKind::Police,
        SourceKind::Sanitation,
    ]
    .into_iter()
    .flat_map(SourceKind::columns)
    .collect();
    columns.extend([
        crate::places::ID,
        crate::places::KIND,
        crate::places::NAME,
        crate::source::table::PERIOD,
        crate::source::table::PLACE,
        crate::source::table::INDICATOR,
        crate::source::table::VALUE,
    ]);
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[&str]) -> Vec<Vec<String>> {
        text.iter()
            .map(|row| row.split(',').map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn title_and_metadata_rows_above_the_header_are_passed_over() {
        let export = rows(&[
            "2024年5月网格案件明细表,,,",
            "制表单位：天山路街道,,导出日期：2024-06-01,",
            ",,,",
            "序号,案件号,上报时间,大类,小区名称,事发地点",
            "1,WG001,2024-05-01 08:00,市容环境,天山三村,天山路1号",
            "合计,,,,,",
        ]);
        assert_eq!(header_row(&export), Some((3, 6)));
    }

    #[test]
    fn a_header_on_the_first_row_is_found_there() {
        let export = rows(&[
            "工单编号,来电时间,诉求分类,小区",
            "1,2024-05-01,噪声,天山三村",
        ]);
        assert_eq!(header_row(&export), Some((0, 4)));
    }

    #[test]
    fn a_sheet_without_a_header_has_none() {
        assert_eq!(header_row(&rows(&["汇总,", "时间,12"])), None);
        assert_eq!(header_row::<String>(&[]), None);
    }

    #[test]
    fn a_header_below_the_rows_looked_at_is_not_found() {
        let mut export = rows(&["标题"; ROWS_LOOKED_AT]);
        export.extend(rows(&["编号,时间,小区"]));
        assert_eq!(header_row(&export), None);
    }

    #[test]
    fn place_lists_have_known_headers() {
        let list = rows(&["天山路街道小区名录", "序号,小区名称,居委会,户数"]);
        assert_eq!(header_row(&list), Some((1, 4)));
    }
}
