//! Excel: a workbook with a sheet per board, then a data-quality sheet.
//!
//! A board's sheet opens with its title line (`靓丽道路排行榜(根据网格中心数据汇总分析)`) and a
//! line naming the period and what changes are measured against; the third row is the header,
//! frozen with the rank and place columns, and filterable. Then one row per listed place:
//! `rank`, `place`, `score`, `tied` (`并列` on equals), `change` (`↑2`, `↓1`, `-`, `new`),
//! `previous_rank`; then the board's scheme columns as every format shows them (`columns`:
//! `then` and `gain` on an improvement board, each dimension's score, the adjustments' points,
//! the grade, the vetoes, where the board has them); then three columns per
//! indicator, `<id>.value`, `<id>.normalized` and `<id>.contribution`. The worst list and the
//! unranked places follow under their own headings.
//!
//! Ranks, scores and every indicator's numbers are numbers, not text, so that Excel sorts and
//! sums them: the score, dimension scores, normalized values and contributions are shown with
//! the board's decimals, measured values and points as Excel's General shows them. A cell
//! holds the value to 15 significant digits, all that Excel keeps of a number.
//!
//! Column widths are computed from what each column shows, counting a Chinese character as two
//! columns (unicode-width), as the writer's autofit would not: it counts every character as
//! one Latin letter, and Chinese names come out cut. The workbook is deterministic: its
//! creation date is the period's last day, not the moment it was written.

use std::collections::HashMap;
use std::io::{self, Write};

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format as CellFormat, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::columns::{self, Cell, Column, Medium, Shown, indicator_columns, scheme_columns};
use super::labels::Labels;
use crate::board::{Board, Entry, Rankings};
use crate::lang::Language;
use crate::quality::QualityReport;

/// Excel's longest sheet name, in UTF-16 units.
const SHEET_NAME_UNITS: usize = 31;

/// No column is made wider than this, however long its text (a list of unmatched names).
const WIDEST: usize = 60;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    let bytes = workbook(rankings).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(rankings: &Rankings) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let last = rankings.period.last_day();
    // A year Excel cannot hold (before 1900) falls back to Excel's first day: the date only
    // keeps the file the same from run to run.
    let created = u16::try_from(last.year())
        .ok()
        .and_then(|year| {
            ExcelDateTime::from_ymd(year, last.month().unsigned_abs(), last.day().unsigned_abs())
                .ok()
        })
        .map_or_else(|| ExcelDateTime::from_ymd(1900, 1, 1), Ok)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(super::headline(rankings))
            .set_creation_datetime(&created),
    );
    let labels = Labels::of(rankings.language);
    // A reader of Chinese finds a board's sheet by its title (a group's board's title names its
    // group: `天山街道·小区投诉排行榜`); English keeps the ids, short and what a script that opens
    // the workbook by sheet name has always used, a group's board's with its group
    // (`streets·天山街道`). A history's sheet of ranks by period follows the boards', named
    // after its board.
    let english = labels.language == Language::English;
    let names: Vec<String> = rankings
        .boards
        .iter()
        .map(|board| match (&board.group, english) {
            (Some(group), true) => format!("{}·{group}", board.id),
            (None, true) => board.id.clone(),
            (_, false) => board.title.clone(),
        })
        .chain(rankings.histories.iter().map(|history| {
            if english {
                format!("{} ranks", history.board)
            } else {
                format!("{}·历期名次", history.title)
            }
        }))
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut names = sheet_names(&names, labels).into_iter();
    for (board, name) in rankings.boards.iter().zip(names.by_ref()) {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(name)?;
        board_sheet(board, labels, worksheet)?;
    }
    for (history, name) in rankings.histories.iter().zip(names) {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(name)?;
        ranks_sheet(history, labels, worksheet)?;
    }
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(labels.data_quality)?;
    quality_sheet(&rankings.quality, &rankings.boards, labels, worksheet)?;
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(labels.uncounted_records)?;
    uncounted_sheet(&rankings.quality, labels, worksheet)?;
    workbook.save_to_buffer()
}

/// Sheet names for board titles (Chinese) or ids (English): Excel's forbidden characters
/// (`[]:*?/\`, and control characters) become `_`, a name is cut to 31 UTF-16 units and
/// loses apostrophes at its ends, and a name already taken (Excel compares them ignoring
/// case), the data-quality sheets' or Excel's reserved `History`, gets `~2`, `~3`, … within
/// the 31.
fn sheet_names(ids: &[&str], labels: &Labels) -> Vec<String> {
    let mut taken: Vec<String> = vec![
        labels.data_quality.to_lowercase(),
        labels.uncounted_records.to_lowercase(),
        "history".to_owned(),
    ];
    let mut names = Vec::with_capacity(ids.len());
    for id in ids {
        let clean: String = id
            .chars()
            .map(|c| {
                if "[]:*?/\\".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let mut name = cut(&clean, SHEET_NAME_UNITS);
        let mut copy = 1;
        while taken.contains(&name.to_lowercase()) {
            copy += 1;
            let suffix = format!("~{copy}");
            name = cut(&clean, SHEET_NAME_UNITS - suffix.len()) + &suffix;
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

/// `text` in at most `units` UTF-16 units, without apostrophes at its ends (Excel refuses
/// them), or `board` when nothing is left.
fn cut(text: &str, units: usize) -> String {
    let mut used = 0;
    let kept: String = text
        .trim_matches('\'')
        .chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= units
        })
        .collect();
    let kept = kept.trim_matches('\'');
    if kept.is_empty() {
        "board".to_owned()
    } else {
        kept.to_owned()
    }
}

/// Excel's longest text in a cell, in UTF-16 units; longer text is cut, ending in `…`.
const CELL_UNITS: usize = 32_767;

/// `text` as a cell can hold it.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= CELL_UNITS || text.encode_utf16().count() <= CELL_UNITS {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut used = 0;
    let kept: String = text
        .chars()
        .take_while(|c| {
            used += c.len_utf16();
            used < CELL_UNITS
        })
        .collect();
    std::borrow::Cow::Owned(kept + "…")
}

/// A worksheet being filled: cells are written through it so that each column's width can
/// be set from the widest text it shows.
struct Sheet<'w> {
    worksheet: &'w mut Worksheet,
    /// The widest text shown per column, in display columns.
    widths: Vec<usize>,
    /// One cell format per number format, made once.
    formats: HashMap<String, CellFormat>,
    bold: CellFormat,
}

/// How a workbook shows a number.
#[derive(Clone, Copy)]
enum Excel {
    /// With this many decimals.
    Decimals(u32),
    /// As Excel's General format shows it (up to 11 characters in a cell).
    General,
}

impl<'w> Sheet<'w> {
    fn new(worksheet: &'w mut Worksheet) -> Sheet<'w> {
        Sheet {
            worksheet,
            widths: Vec::new(),
            formats: HashMap::new(),
            bold: CellFormat::new().set_bold(),
        }
    }

    fn widen(&mut self, column: u16, text: &str) {
        let column = usize::from(column);
        if self.widths.len() <= column {
            self.widths.resize(column + 1, 0);
        }
        self.widths[column] = self.widths[column].max(text.width());
    }

    /// Text that sets its column's width.
    fn text(&mut self, row: u32, column: u16, text: &str) -> Result<(), XlsxError> {
        if text.is_empty() {
            return Ok(());
        }
        self.widen(column, text);
        self.worksheet.write_string(row, column, fit(text))?;
        Ok(())
    }

    /// Bold text that sets its column's width: a header.
    fn header(&mut self, row: u32, column: u16, text: &str) -> Result<(), XlsxError> {
        self.widen(column, text);
        self.worksheet
            .write_string_with_format(row, column, fit(text), &self.bold)?;
        Ok(())
    }

    /// A heading that may run over the empty cells to its right: it sets no width.
    fn heading(&mut self, row: u32, text: &str, bold: bool) -> Result<(), XlsxError> {
        if bold {
            self.worksheet
                .write_string_with_format(row, 0, fit(text), &self.bold)?;
        } else {
            self.worksheet.write_string(row, 0, fit(text))?;
        }
        Ok(())
    }

    /// A number, or nothing for a missing one.
    fn number(
        &mut self,
        row: u32,
        column: u16,
        value: Option<Decimal>,
        shown: Excel,
    ) -> Result<(), XlsxError> {
        let Some(value) = value else {
            return Ok(());
        };
        let Some(number) = excel_number(value) else {
            return self.text(row, column, &value.to_string());
        };
        let (format, text) = match shown {
            Excel::Decimals(decimals) => (number_format(decimals), rounded(value, decimals)),
            Excel::General => ("General".to_owned(), general(value)),
        };
        self.widen(column, &text);
        let format = self
            .formats
            .entry(format)
            .or_insert_with_key(|format| CellFormat::new().set_num_format(format));
        self.worksheet
            .write_number_with_format(row, column, number, &*format)?;
        Ok(())
    }

    /// Sets every column's width: its widest text and a margin.
    fn finish(self) -> Result<(), XlsxError> {
        for (column, width) in self.widths.iter().enumerate() {
            let Ok(column) = u16::try_from(column) else {
                break;
            };
            self.worksheet
                .set_column_width(column, column_width(*width))?;
        }
        Ok(())
    }
}

/// The number a cell holds for `value`: rounded to the 15 significant digits Excel keeps,
/// so that it reads back as Excel shows it (2.22222222222222, not 2.2222222222222223). The
/// rounding goes through the double's 15-digit form: rust_decimal's `round_sf` returns
/// decimals it cannot print for some tiny values. A decimal's text always parses.
#[allow(
    clippy::disallowed_types,
    reason = "an Excel number is a double: this is where a board's decimal becomes one, for the workbook only"
)]
fn excel_number(value: Decimal) -> Option<f64> {
    let number = value.to_string().parse::<f64>().ok()?;
    format!("{number:.14e}").parse::<f64>().ok()
}

/// The width Excel is given for a column whose widest text is `display` columns wide: the
/// text, two for a margin (and the filter button on a header), and never narrower than 4.
fn column_width(display: usize) -> u16 {
    let width = display.min(WIDEST) + 2;
    // At most WIDEST + 2: it fits.
    u16::try_from(width.max(4)).unwrap_or(u16::MAX)
}

/// Excel's number format for `decimals` places: `0`, `0.0`, `0.00`, ….
fn number_format(decimals: u32) -> String {
    if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(decimals as usize))
    }
}

/// The value as shown with `decimals` places (half away from zero, as Excel rounds for
/// display).
fn rounded(value: Decimal, decimals: u32) -> String {
    let mut shown = value.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    shown.rescale(decimals);
    shown.to_string()
}

/// About what Excel's General format shows: up to 11 characters.
fn general(value: Decimal) -> String {
    let text = value.normalize().to_string();
    text.chars().take(11).collect()
}

fn board_sheet(
    board: &Board,
    labels: &'static Labels,
    worksheet: &mut Worksheet,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(worksheet);
    sheet.heading(0, &super::title_line(board), true)?;
    sheet.heading(1, &labels.about(board), false)?;
    let columns = columns(board, labels);
    let header_row = 2;
    for (column, model) in (0u16..).zip(&columns) {
        sheet.header(header_row, column, &model.label_in(labels))?;
    }
    let last_column = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let mut row = header_row + 1;
    for entry in board.listed() {
        entry_row(&mut sheet, row, entry, board, &columns)?;
        row += 1;
    }
    sheet.worksheet.autofilter(
        header_row,
        0,
        row.saturating_sub(1).max(header_row),
        last_column,
    )?;
    if let Some(title) = board.worst_title() {
        row += 1;
        sheet.heading(row, &title, true)?;
        row += 1;
        for entry in board.worst() {
            entry_row(&mut sheet, row, entry, board, &columns)?;
            row += 1;
        }
    }
    // The streak flags, a line per list, as the bulletin forwards them.
    let streaks = labels.streak_lines(board);
    if !streaks.is_empty() {
        row += 1;
        for line in streaks {
            sheet.heading(row, &line, false)?;
            row += 1;
        }
    }
    if !board.unranked.is_empty() {
        row += 1;
        sheet.heading(row, labels.unranked, true)?;
        row += 1;
        for place in &board.unranked {
            sheet.text(row, 1, &place.place)?;
            // The reason runs over the empty cells to its right.
            sheet
                .worksheet
                .write_string(row, 2, fit(&labels.unranked_reason(&place.reason)))?;
            row += 1;
        }
    }
    sheet.worksheet.set_freeze_panes(header_row + 1, 2)?;
    sheet.finish()
}

/// A history's sheet of ranks by period: a row per place (in the order of the last period's
/// board), a column per period, oldest first, each rank a number (empty when unranked, a
/// ties are the CSV's and the JSON's), then the streaks.
fn ranks_sheet(
    history: &crate::board::History,
    labels: &Labels,
    worksheet: &mut Worksheet,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(worksheet);
    let kind = labels.kind(history.kind);
    let (heading, about) = if labels.language == Language::English {
        (
            format!("{} {}", history.title, labels.ranks_by_period),
            format!("{}: {kind}", history.board),
        )
    } else {
        (
            format!("{} {}", history.title, labels.ranks_by_period),
            format!("{}：{kind}", history.board),
        )
    };
    sheet.heading(0, &heading, true)?;
    sheet.heading(1, &about, false)?;
    let header_row = 2;
    let periods: Vec<String> = history.periods.iter().map(ToString::to_string).collect();
    let header = [labels.place_id, labels.place]
        .into_iter()
        .chain(periods.iter().map(String::as_str))
        .chain([labels.listed_in_a_row, labels.worst_in_a_row]);
    for (column, label) in (0u16..).zip(header) {
        sheet.header(header_row, column, label)?;
    }
    for (row, place) in (header_row + 1..).zip(&history.places) {
        sheet.text(row, 0, &place.place_id)?;
        sheet.text(row, 1, &place.place)?;
        for (column, cell) in (2u16..).zip(&place.periods) {
            let rank = cell.as_ref().map(|cell| cell.rank.to_decimal());
            sheet.number(row, column, rank, Excel::General)?;
        }
        let after = u16::try_from(place.periods.len() + 2).unwrap_or(u16::MAX);
        for (column, streak) in (after..).zip([place.listed_streak, place.worst_streak]) {
            sheet.number(row, column, Some(Decimal::from(streak)), Excel::General)?;
        }
    }
    sheet.worksheet.set_freeze_panes(header_row + 1, 2)?;
    sheet.finish()
}

/// A board sheet's columns: rank, place, score, tie, change and previous rank, the board's
/// scheme columns as every format shows them (see `columns`), then each indicator's value,
/// normalized value and contribution, for filtering.
fn columns<'b>(board: &'b Board, labels: &'static Labels) -> Vec<Column<'b>> {
    let mut columns = vec![
        Column::number(board, labels.rank, Shown::Plain, |entry| {
            Some(entry.rank.to_decimal())
        }),
        Column::text(board, labels.place, |entry| entry.place.clone()),
        Column::number(board, labels.score, Shown::Score, |entry| Some(entry.score)),
        // An equal is marked 并列 in either language, as the published boards mark it.
        Column::text(board, labels.tied, |entry| {
            if entry.tied { "并列" } else { "" }.to_owned()
        }),
        Column::text(board, labels.change, |entry| labels.entry_change(entry)),
        Column::number(board, labels.previous_rank, Shown::Plain, |entry| {
            entry.previous_rank.map(|rank| rank.to_decimal())
        }),
    ];
    columns.extend(scheme_columns(board, Medium::Workbook));
    columns.extend(indicator_columns(board, Medium::Workbook));
    columns
}

/// How a workbook shows a number of the model: a board's scores and their parts with the
/// board's decimals, points, ranks and raw values in Excel's General format.
fn excel_shown(shown: columns::Shown, board: &Board) -> Excel {
    match shown {
        columns::Shown::Score | columns::Shown::Change | columns::Shown::Exact => {
            Excel::Decimals(board.decimals)
        }
        columns::Shown::Points | columns::Shown::Plain => Excel::General,
    }
}

fn entry_row(
    sheet: &mut Sheet<'_>,
    row: u32,
    entry: &Entry,
    board: &Board,
    columns: &[Column<'_>],
) -> Result<(), XlsxError> {
    for (column, model) in (0u16..).zip(columns) {
        match &model.cell {
            Cell::Number(value, shown) => {
                sheet.number(row, column, value(entry), excel_shown(*shown, board))?
            }
            Cell::Text(text) => sheet.text(row, column, &text(entry))?,
        }
    }
    Ok(())
}

fn quality_sheet(
    quality: &QualityReport,
    boards: &[Board],
    labels: &Labels,
    worksheet: &mut Worksheet,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(worksheet);
    let english = labels.language == Language::English;
    let mut title = if english {
        format!("data quality, {}", quality.period)
    } else {
        format!("数据质量，{}", labels.period(&quality.period))
    };
    if let Some(previous) = quality.previous_period {
        if english {
            title.push_str(&format!(" (rank changes against {previous})"));
        } else {
            title.push_str(&format!("（名次变化对比 {}）", labels.period(&previous)));
        }
    }
    sheet.heading(0, &title, true)?;
    let header_row = 1;
    let headers = labels.quality_columns;
    for (column, name) in (0u16..).zip(headers) {
        sheet.header(header_row, column, name)?;
    }
    let mut row = header_row + 1;
    for source in &quality.sources {
        sheet.text(row, 0, &source.source)?;
        sheet.text(row, 1, source.kind.map_or("", |kind| kind.as_str()))?;
        // A source of several files lists them all, one per line of the cell.
        let file = match &source.file {
            Some(file) => file.display().to_string(),
            None => source
                .files
                .iter()
                .map(|file| file.display().to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        };
        sheet.text(row, 2, &file)?;
        for (column, count) in (3u16..).zip([
            source.read,
            source.used,
            source.out_of_period,
            source.previous_period,
            source.unplaced,
            source.ambiguous,
            source.repeated,
            source.rejected,
            source.without_id,
            source.excluded,
        ]) {
            sheet.number(row, column, Some(Decimal::from(count)), Excel::Decimals(0))?;
        }
        let [yes, no] = labels.add_up;
        sheet.text(row, 13, if source.reconciles() { yes } else { no })?;
        let names: Vec<String> = source
            .unmatched
            .iter()
            .map(|name| format!("{} ({})", name.name, name.count))
            .collect();
        sheet.text(row, 14, &names.join(", "))?;
        row += 1;
    }
    row = coverage_table(&mut sheet, row + 1, boards, labels)?;
    row = group_coverage_table(&mut sheet, row, &quality.groups, labels)?;
    if !quality.warnings.is_empty() {
        row += 1;
        sheet.heading(row, labels.warnings, true)?;
        row += 1;
        for warning in &quality.warnings {
            sheet.heading(row, &warning.to_string(), false)?;
            row += 1;
        }
    }
    let rejected: Vec<String> = quality
        .sources
        .iter()
        .flat_map(|source| &source.rejected_rows)
        .map(|rejected| rejected.error().to_string())
        .collect();
    if !rejected.is_empty() {
        row += 1;
        sheet.heading(row, labels.rejected_rows, true)?;
        row += 1;
        for error in rejected {
            sheet.heading(row, &error, false)?;
            row += 1;
        }
    }
    sheet.worksheet.set_freeze_panes(header_row + 1, 1)?;
    sheet.finish()
}

/// Every board's coverage, a row per source it reads, from `row` on: the records selected,
/// counted, the coverage and its minimum, then each reason's count. Returns the next row.
fn coverage_table(
    sheet: &mut Sheet<'_>,
    mut row: u32,
    boards: &[Board],
    labels: &Labels,
) -> Result<u32, XlsxError> {
    if boards.iter().all(|board| board.coverage.is_empty()) {
        return Ok(row);
    }
    sheet.heading(
        row,
        match labels.language {
            Language::English => "coverage: the period's records each board selects, counted on its ranked places or not, and why",
            _ => "覆盖率：各排行榜选取的本期记录，计入其参评对象的与未计入的，及未计入的原因",
        },
        true,
    )?;
    row += 1;
    let fixed = labels.coverage_columns;
    let reasons = crate::quality::Uncounted::ALL;
    for (column, name) in (0u16..).zip(
        fixed
            .iter()
            .copied()
            .chain(reasons.iter().map(|&reason| labels.uncounted(reason))),
    ) {
        sheet.header(row, column, name)?;
    }
    row += 1;
    for board in boards {
        for coverage in &board.coverage {
            sheet.text(row, 0, &board.id)?;
            sheet.text(row, 1, labels.kind(board.kind))?;
            sheet.text(row, 2, &coverage.source)?;
            for (column, count) in (3u16..).zip([coverage.selected, coverage.counted]) {
                sheet.number(row, column, Some(Decimal::from(count)), Excel::Decimals(0))?;
            }
            sheet.number(row, 5, coverage.coverage, Excel::Decimals(1))?;
            sheet.number(row, 6, Some(board.min_coverage), Excel::General)?;
            for (column, (_, count)) in (7u16..).zip(coverage.uncounted.iter()) {
                sheet.number(row, column, Some(Decimal::from(count)), Excel::Decimals(0))?;
            }
            row += 1;
        }
    }
    Ok(row)
}

/// The coverage per group of the boards ranked inside groups, a row per group, from `row` on
/// (after a blank row): its places, those records reached and those none did, and the
/// records. Returns the next row.
fn group_coverage_table(
    sheet: &mut Sheet<'_>,
    mut row: u32,
    groups: &[crate::quality::GroupCoverage],
    labels: &Labels,
) -> Result<u32, XlsxError> {
    if groups.is_empty() {
        return Ok(row);
    }
    row += 1;
    sheet.heading(row, labels.group_coverage(), true)?;
    row += 1;
    for (column, name) in (0u16..).zip(labels.group_coverage_columns()) {
        sheet.header(row, column, name)?;
    }
    row += 1;
    for group in groups {
        sheet.text(row, 0, &group.board)?;
        sheet.text(row, 1, &group.group)?;
        let counts = [
            group.places,
            group.reached,
            group.without_records(),
            group.records,
        ];
        for (column, count) in (2u16..).zip(counts) {
            sheet.number(row, column, Some(Decimal::from(count)), Excel::Decimals(0))?;
        }
        row += 1;
    }
    Ok(row)
}

/// The "uncounted records" sheet: a row per record a board selects and does not count, with
/// where it is, the text that failed, why, and what to do; then how many more each source
/// has beyond those listed.
fn uncounted_sheet(
    quality: &QualityReport,
    labels: &Labels,
    worksheet: &mut Worksheet,
) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(worksheet);
    let english = labels.language == Language::English;
    let title = if english {
        format!(
            "records the boards select but do not count, {}: the first {} of each source",
            quality.period,
            crate::quality::UNCOUNTED_LISTED
        )
    } else {
        format!(
            "排行榜选取但未计入的记录，{}：每个数据源的前 {} 条",
            labels.period(&quality.period),
            crate::quality::UNCOUNTED_LISTED
        )
    };
    sheet.heading(0, &title, true)?;
    let header_row = 1;
    let headers = labels.uncounted_columns;
    for (column, name) in (0u16..).zip(headers) {
        sheet.header(header_row, column, name)?;
    }
    let mut row = header_row + 1;
    for source in &quality.sources {
        for record in &source.uncounted_records {
            let file = record
                .file
                .as_ref()
                .map(|file| file.display().to_string())
                .unwrap_or_default();
            sheet.text(row, 0, &source.source)?;
            sheet.text(row, 1, &file)?;
            sheet.number(row, 2, record.line.map(Decimal::from), Excel::Decimals(0))?;
            sheet.text(row, 3, &record.id)?;
            sheet.text(row, 4, record.kind.map_or("", |kind| kind.as_str()))?;
            sheet.text(row, 5, &record.text)?;
            sheet.text(row, 6, labels.uncounted(record.reason))?;
            sheet.text(row, 7, &record.boards.join(", "))?;
            sheet.number(
                row,
                8,
                Some(Decimal::from(record.records)),
                Excel::Decimals(0),
            )?;
            sheet.text(row, 9, &record.fix)?;
            row += 1;
        }
    }
    let last = row.saturating_sub(1).max(header_row);
    sheet
        .worksheet
        .autofilter(header_row, 0, last, (headers.len() - 1) as u16)?;
    let mut more = false;
    for source in &quality.sources {
        if source.uncounted_more > 0 {
            if !more {
                row += 1;
                more = true;
            }
            let line = if english {
                format!(
                    "{} more uncounted records of {}, not listed: their counts are in the coverage on the data-quality sheet",
                    source.uncounted_more, source.source
                )
            } else {
                format!(
                    "{} 另有 {} 条未计入记录未列出：其数目见数据质量表的覆盖率",
                    source.source, source.uncounted_more
                )
            };
            sheet.heading(row, &line, false)?;
            row += 1;
        }
    }
    sheet.worksheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The workbook's scheme columns are the table's, Markdown's and the page's, in the same
    /// order: every fixture with a scheme, each board's header compared with the table's.
    #[test]
    fn a_board_has_the_same_columns_in_the_workbook_as_in_the_table() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schemes");
        let mut compared = 0;
        for scheme in [
            "yiju-2007",
            "ministry-improvement",
            "wuhan-flags",
            "yangzhou-105",
        ] {
            let spec = crate::Spec::from_path(root.join(scheme).join("spec.toml")).unwrap();
            let mut rankings = crate::rank(&spec, &crate::Options::new()).unwrap();
            rankings.language = Language::English;
            let table = rankings.to_string_as(super::super::Format::Table);
            // The table's header lines, one per board: rank, place, score, change, then the
            // scheme's columns.
            let headers: Vec<&str> = table
                .lines()
                .filter(|line| line.trim_start().starts_with("rank  place"))
                .collect();
            assert_eq!(headers.len(), rankings.boards.len(), "{scheme}");
            for (board, header) in rankings.boards.iter().zip(headers) {
                let labels = Labels::of(Language::English);
                let workbook: Vec<String> = columns(board, labels)
                    .into_iter()
                    .map(|column| column.label_in(labels))
                    .skip_while(|header| header != "previous_rank")
                    .skip(1)
                    .take_while(|header| !header.ends_with(".value"))
                    .collect();
                let shown: Vec<&str> = header.split_whitespace().skip(4).collect();
                assert_eq!(workbook, shown, "{scheme}: {}", board.id);
                compared += usize::from(!workbook.is_empty());
            }
        }
        assert!(compared >= 3, "only {compared} boards with scheme columns");
    }

    #[test]
    fn sheet_names_are_what_excel_accepts_and_unique() {
        let long = "a-board-id-that-is-far-longer-than-excel-allows";
        let names = sheet_names(
            &[
                "roads",
                "ROADS",
                "a/b:c",
                long,
                long,
                "data quality",
                "'quoted'",
                "beautifuEEEEEEEEEEE''''''''''''''''",
                "''",
                "History",
                "\u{1d538}".repeat(17).as_str(),
            ],
            Labels::of(Language::English),
        );
        assert_eq!(
            names,
            [
                "roads",
                "ROADS~2",
                "a_b_c",
                "a-board-id-that-is-far-longer-t",
                "a-board-id-that-is-far-longer~2",
                "data quality~2",
                "quoted",
                "beautifuEEEEEEEEEEE",
                "board",
                "History~2",
                "\u{1d538}".repeat(15).as_str(),
            ]
        );
        // What the writer accepts, checked by the writer itself.
        let mut workbook = Workbook::new();
        for name in &names {
            assert!(name.encode_utf16().count() <= SHEET_NAME_UNITS, "{name}");
            workbook.add_worksheet().set_name(name).unwrap();
        }
        assert!(workbook.save_to_buffer().is_ok());
        // In Chinese, titles: a title like the quality sheet's name gets another.
        let chinese = sheet_names(
            &["靓丽道路排行榜", "数据质量", "安全[小区]排行榜"],
            Labels::of(Language::Chinese),
        );
        assert_eq!(
            chinese,
            ["靓丽道路排行榜", "数据质量~2", "安全_小区_排行榜"]
        );
    }

    #[test]
    fn text_too_long_for_a_cell_is_cut() {
        let long = "路".repeat(CELL_UNITS + 5);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), CELL_UNITS);
        assert!(cut.ends_with('…'));
        assert_eq!(fit("天山路"), "天山路");
    }

    #[test]
    fn chinese_text_counts_two_columns_a_character() {
        let mut workbook = Workbook::new();
        let mut sheet = Sheet::new(workbook.add_worksheet());
        sheet.text(0, 0, "天山三村").unwrap();
        sheet.text(1, 0, "abc").unwrap();
        sheet.text(0, 1, "Tianshan").unwrap();
        assert_eq!(sheet.widths, [8, 8]);
        assert_eq!(column_width(8), 10);
        assert_eq!(column_width(0), 4);
        assert_eq!(usize::from(column_width(500)), WIDEST + 2);
    }

    #[test]
    fn numbers_are_shown_with_the_boards_decimals() {
        assert_eq!(number_format(0), "0");
        assert_eq!(number_format(2), "0.00");
        assert_eq!(rounded(Decimal::new(125, 2), 1), "1.3");
        assert_eq!(rounded(Decimal::new(7, 0), 2), "7.00");
        assert_eq!(
            general(Decimal::new(1, 0) / Decimal::from(3)),
            "0.333333333"
        );
    }

    #[test]
    fn a_cell_holds_fifteen_significant_digits() {
        let ninths = Decimal::from(20) / Decimal::from(9);
        assert_eq!(excel_number(ninths), Some(2.22222222222222));
        assert_eq!(excel_number(Decimal::new(894, 1)), Some(89.4));
        // A tiny value: rust_decimal's own round_sf made an unprintable decimal of it.
        assert_eq!(excel_number(Decimal::new(1, 28)), Some(1e-28));
        assert_eq!(excel_number(Decimal::MAX), Some(7.92281625142643e28));
    }
}
