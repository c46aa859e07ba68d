//! What an office's export holds besides its records, recognized where the records are
//! typed: total and footer rows below the records (合计, 制表人 …), and ids Excel damaged by
//! turning them into numbers (`1.23452E+15`).

/// The texts that open a total or footer row: its first cell (blanks removed) starts with
/// one of them. Summaries (合计, 总计, 小计, 平均, 平均分) and the sign-off and source lines
/// offices add below a table (制表人, 审核人, 填表人, 负责人, 制表日期, 制表单位, 备注, 说明,
/// 数据来源, the dates it was printed, exported or counted).
const MARKERS: [&str; 21] = [
    "合计",
    "总计",
    "小计",
    "平均",
    "平均分",
    "制表人",
    "审核人",
    "填表人",
    "负责人",
    "制表日期",
    "制表单位",
    "备注",
    "说明",
    "注：",
    "数据来源",
    "打印时间",
    "打印日期",
    "导出时间",
    "导出日期",
    "统计时间",
    "统计日期",
];

/// Whether a row is a total or footer row, from the text of its first non-empty cell
/// (`first`) and whether that cell is the row's id or the row has no id (`id_empty_or_first`).
/// The rule: the first cell, blanks removed, starts with a marker ([`MARKERS`]), and the row
/// has no id of its own elsewhere. So a record whose category is 备注 (its id in its own
/// column) stays a record, and `合计` in the id column, or a `制表人：张三` line, is no record.
pub(crate) fn is_total_row(first: &str, id_empty_or_first: bool) -> bool {
    if !id_empty_or_first {
        return false;
    }
    let first = first.trim_start();
    // Markers are Chinese: a first cell in ASCII (an id, most often) is none, at once.
    if first.as_bytes().first().is_none_or(u8::is_ascii) {
        return false;
    }
    let compact: String = first
        .chars()
        .filter(|character| !character.is_whitespace())
        .take(6)
        .collect();
    MARKERS.iter().any(|marker| compact.starts_with(marker))
}

/// The markers of a summary row (合计, 总计, 小计, 平均 and 平均分): [`MARKERS`]' first five.
const SUMMARIES: usize = 5;

/// Whether a row whose first non-empty cell (`first`) lies left of its id cell, which holds
/// something, is a summary row: `first` starts with 合计, 总计, 小计 or 平均. Offices write the
/// label in the row-number column (序号) and the count beside it, in the id column (`合计 |
/// 41件`); no record is a category named 合计 before its id, while a record whose category is
/// 备注 or 说明 may be (so the sign-off markers need the id empty, see [`is_total_row`]).
pub(crate) fn is_summary_before_id(first: &str) -> bool {
    let compact: String = first
        .chars()
        .filter(|character| !character.is_whitespace())
        .take(6)
        .collect();
    MARKERS[..SUMMARIES]
        .iter()
        .any(|marker| compact.starts_with(marker))
}

/// Whether an id is a number in Excel's scientific notation (`1.23452E+15`, `1E+17`): what
/// Excel shows, and saves to CSV, for an id of more than 11 digits it took for a number.
pub(crate) fn is_excel_scientific(id: &str) -> bool {
    let bytes = id.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let Some(e) = bytes.iter().position(|byte| matches!(byte, b'E' | b'e')) else {
        return false;
    };
    let (mantissa, exponent) = (&bytes[..e], &bytes[e + 1..]);
    let mantissa_ok = match mantissa.iter().position(|byte| *byte == b'.') {
        Some(dot) => {
            dot == 1
                && mantissa[..dot].iter().all(u8::is_ascii_digit)
                && mantissa.len() > dot + 1
                && mantissa[dot + 1..].iter().all(u8::is_ascii_digit)
        }
        None => mantissa.len() == 1,
    };
    let exponent = exponent.strip_prefix(b"+").unwrap_or(exponent);
    mantissa_ok && !exponent.is_empty() && exponent.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_and_footer_rows_are_told_from_records() {
        for first in [
            "合计",
            "合　计",
            "总计：169",
            "小计(东片)",
            "平均分",
            "制表人：张三",
            "审核人 李四",
            "备注：数据来源于网格系统",
            "数据来源：12345热线系统",
            "打印日期：2024-06-01",
        ] {
            assert!(is_total_row(first, true), "{first}");
        }
        // A record with an id of its own is a record, whatever its first cell says.
        assert!(!is_total_row("备注", false));
        assert!(!is_total_row("合计", false));
        // Ids and place names are no markers.
        for first in ["WG20240501", "天山一村", "12345", "", "平安小区"] {
            assert!(!is_total_row(first, true), "{first}");
        }
    }

    #[test]
    fn a_summary_label_left_of_a_count_in_the_id_column_is_a_summary() {
        for first in ["合计", "合 计", "总计：", "小计", "平均分"] {
            assert!(is_summary_before_id(first), "{first}");
        }
        for first in ["备注", "制表人：王芳", "说明", "天山一村", "12"] {
            assert!(!is_summary_before_id(first), "{first}");
        }
    }

    #[test]
    fn ids_in_excel_scientific_notation_are_recognized() {
        for id in ["1.23452E+15", "1E+17", "9.99999e+11", "1.2E15"] {
            assert!(is_excel_scientific(id), "{id}");
        }
        for id in [
            "1234567890123456",
            "WG1E+5",
            "1.2E",
            "E+15",
            "12.3E+15",
            "1.E+15",
            "2024-05",
        ] {
            assert!(!is_excel_scientific(id), "{id}");
        }
    }
}
