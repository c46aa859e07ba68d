//! Places and sources from workbooks: every fixture's exports as `.xlsx` give the boards its
//! CSV exports give, byte for byte; and each kind of bad workbook is one error naming the
//! workbook, the sheet and the cell.

#![cfg(feature = "spreadsheet")]
#![allow(
    clippy::disallowed_types,
    reason = "a workbook holds its numbers as binary floats: the tests write them"
)]

use crate::workbooks;

use std::path::{Path, PathBuf};

use livability::error::{ErrorKind, Location};
use livability::{Format, Options, Spec};
use rust_xlsxwriter::{Formula, Workbook};

/// A fresh folder for one test's workbooks.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("spreadsheets")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every rendering that holds no file name, and the data-quality counts.
fn outputs(spec: &Path) -> Vec<String> {
    let spec = Spec::from_path(spec).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let mut outputs: Vec<String> = [
        Format::Table,
        Format::Newsletter,
        Format::Csv,
        Format::Markdown,
    ]
    .into_iter()
    .map(|format| rankings.to_string_as(format))
    .collect();
    for source in &rankings.quality.sources {
        let mut source = source.clone();
        source.file = None;
        // Copies of an id that differ only in how a value is written (`2018-11-05 10:00`
        // and `2018-11-05 10:00:00`) are one value in a date cell: as Excel holds them, they
        // no longer differ. What counts is the same; which copies differ is not.
        source.differing_repeats = 0;
        source.differing_ids.clear();
        // The uncounted records are the same; they stand on the workbook's rows, not on the
        // CSV's lines.
        for record in &mut source.uncounted_records {
            record.line = None;
            record.file = None;
        }
        outputs.push(format!("{source:?}"));
    }
    outputs
}

fn same_boards_as_csv(fixture: &str) {
    let dir = Path::new("fixtures").join(fixture);
    let workbooks = workbooks::fixture_as_workbooks(&dir, &folder(&fixture.replace('/', "-")));
    let from_csv = outputs(&dir.join("spec.toml"));
    let from_xlsx = outputs(&workbooks);
    for (csv, xlsx) in from_csv.iter().zip(&from_xlsx) {
        assert_eq!(csv, xlsx, "{fixture}: the workbooks' output differs");
    }
    assert_eq!(from_csv.len(), from_xlsx.len());
}

macro_rules! fixtures {
    ($($test:ident => $fixture:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            same_boards_as_csv($fixture);
        }
    )*};
}

fixtures! {
    tianshan_as_workbooks => "tianshan",
    warehouse_as_workbooks => "warehouse",
    deadlines_as_workbooks => "deadlines",
    bengbu_hotline_as_workbooks => "schemes/bengbu-hotline",
    jinhua_grid_as_workbooks => "schemes/jinhua-grid",
    linyi_quarter_as_workbooks => "schemes/linyi-quarter",
    ministry_improvement_as_workbooks => "schemes/ministry-improvement",
    wuhan_flags_as_workbooks => "schemes/wuhan-flags",
    yangzhou_105_as_workbooks => "schemes/yangzhou-105",
    yiju_2007_as_workbooks => "schemes/yiju-2007",
}

/// A spec over the Tianshan places (as CSV) and one sanitation source, the workbook at
/// `sanitation`, with `extra` added to the source's table.
fn sanitation_spec(dir: &Path, sanitation: &str, extra: &str) -> PathBuf {
    std::fs::copy("fixtures/tianshan/places.csv", dir.join("places.csv")).unwrap();
    let spec = format!(
        r#"
period = "2018-11"
places = "places.csv"

[sources.sanitation]
file = "{sanitation}"
{extra}

[[boards]]
id = "clean"
kind = "neighborhood"

[[boards.indicators]]
id = "score"
source = "sanitation"
measure = "mean"
field = "score"
better = "higher"
"#
    );
    let path = dir.join("spec.toml");
    std::fs::write(&path, spec).unwrap();
    path
}

/// Ranks the spec, which must fail; its error.
fn failure(spec: &Path) -> livability::Error {
    let spec = Spec::from_path(spec).unwrap();
    livability::rank(&spec, &Options::new()).unwrap_err()
}

const HEADER: [&str; 3] = ["检查编号", "检查时间", "小区"];

/// A sanitation workbook: a header, then one row per `(id, day, neighborhood, score)`, the
/// score written by `score`.
fn sanitation_book(
    path: &Path,
    sheet: &str,
    rows: usize,
    mut score: impl FnMut(&mut rust_xlsxwriter::Worksheet, u32),
) {
    let mut book = Workbook::new();
    let worksheet = book.add_worksheet().set_name(sheet).unwrap();
    for (column, name) in HEADER.iter().chain(["得分"].iter()).enumerate() {
        worksheet.write_string(0, column as u16, *name).unwrap();
    }
    for row in 1..=rows as u32 {
        worksheet
            .write_string(row, 0, format!("HW{row:04}"))
            .unwrap();
        worksheet.write_string(row, 1, "2018-11-06").unwrap();
        worksheet.write_string(row, 2, "天山四村").unwrap();
        score(worksheet, row);
    }
    book.save(path).unwrap();
}

#[test]
fn formulas_are_read_by_their_cached_values_and_numbers_as_excel_shows_them() {
    let dir = folder("formulas");
    sanitation_book(&dir.join("s.xlsx"), "检查", 3, |sheet, row| match row {
        1 => {
            sheet
                .write_formula(row, 3, Formula::new("=90+7").set_result("97"))
                .unwrap();
        }
        // A binary float's tail: 7.0000000000000009 × 13, shown as Excel shows it.
        2 => {
            sheet.write_number(row, 3, 91.000_000_000_000_01).unwrap();
        }
        _ => {
            sheet.write_number(row, 3, 95.0).unwrap();
        }
    });
    let spec = Spec::from_path(sanitation_spec(&dir, "s.xlsx", "")).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let entry = &rankings.boards[0].entries[0];
    assert_eq!(entry.place, "天山四村");
    // (97 + 91 + 95) / 3: no float's tail reached the mean.
    let mean = livability::Decimal::from(283) / livability::Decimal::from(3);
    assert_eq!(entry.indicators[0].value, Some(mean));
}

#[test]
fn a_title_row_and_blank_rows_above_the_header_are_skipped_and_rows_keep_their_numbers() {
    let dir = folder("title");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("检查").unwrap();
    sheet.write_string(0, 0, "2018年11月环境卫生检查").unwrap();
    for (column, name) in HEADER.iter().chain(["得分"].iter()).enumerate() {
        sheet.write_string(2, column as u16, *name).unwrap();
    }
    sheet.write_string(3, 0, "HW1").unwrap();
    sheet.write_string(3, 1, "2018-11-06").unwrap();
    sheet.write_string(3, 2, "天山四村").unwrap();
    sheet.write_number(3, 3, 97.0).unwrap();
    // Row 7 (after two blank rows): a score that is no number.
    sheet.write_string(6, 0, "HW2").unwrap();
    sheet.write_string(6, 1, "2018-11-07").unwrap();
    sheet.write_string(6, 2, "天山四村").unwrap();
    sheet.write_string(6, 3, "九十").unwrap();
    book.save(dir.join("s.xlsx")).unwrap();
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert_eq!(
        error.to_string(),
        format!(
            "{}!检查!D7: column '得分': cannot read \"九十\" as a decimal",
            dir.join("s.xlsx").display()
        )
    );
    assert_eq!(error.location().line(), Some(7));
}

#[test]
fn a_sheet_is_chosen_by_name() {
    let dir = folder("sheet");
    sanitation_book(&dir.join("s.xlsx"), "十一月", 2, |sheet, row| {
        sheet.write_number(row, 3, 90.0).unwrap();
    });
    let spec = sanitation_spec(&dir, "s.xlsx", "sheet = \"十一月\"");
    let rankings = livability::rank(&Spec::from_path(&spec).unwrap(), &Options::new()).unwrap();
    assert_eq!(rankings.boards[0].entries[0].place, "天山四村");
    let error = failure(&sanitation_spec(&dir, "s.xlsx", "sheet = \"十月\""));
    assert!(matches!(error.kind(), ErrorKind::UnknownSheet { .. }));
    assert_eq!(
        error.to_string(),
        format!(
            "{}: no sheet '十月' in the workbook (it has: '十一月')",
            dir.join("s.xlsx").display()
        )
    );
}

fn cell_of(error: &livability::Error) -> Option<String> {
    match error.location() {
        Location::Sheet { cell, .. } => cell.clone(),
        _ => None,
    }
}

#[test]
fn an_error_cell_is_an_error_naming_its_cell() {
    let dir = folder("error-cell");
    sanitation_book(&dir.join("s.xlsx"), "Sheet1", 3, |sheet, row| {
        if row == 2 {
            sheet
                .write_formula(row, 3, Formula::new("=1/0").set_result("#DIV/0!"))
                .unwrap();
        } else {
            sheet.write_number(row, 3, 90.0).unwrap();
        }
    });
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::ErrorCell { .. }),
        "{error}"
    );
    assert_eq!(cell_of(&error).as_deref(), Some("D3"));
    assert!(
        error
            .to_string()
            .contains("s.xlsx!Sheet1!D3: column '得分': the cell holds the error #DIV/0!"),
        "{error}"
    );
}

#[test]
fn a_date_before_1900_is_an_error_naming_its_cell() {
    let dir = folder("old-date");
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sanitation_book(&dir.join("s.xlsx"), "Sheet1", 2, |sheet, row| {
        sheet.write_number(row, 3, 90.0).unwrap();
        if row == 2 {
            sheet
                .write_number_with_format(row, 1, -10.0, &date)
                .unwrap();
        }
    });
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::BadDateCell { .. }),
        "{error}"
    );
    assert_eq!(cell_of(&error).as_deref(), Some("B3"));
}

#[test]
fn a_number_where_a_date_is_needed_names_its_cell() {
    let dir = folder("number-for-date");
    sanitation_book(&dir.join("s.xlsx"), "Sheet1", 2, |sheet, row| {
        sheet.write_number(row, 3, 90.0).unwrap();
        if row == 2 {
            // A date typed into a cell formatted as a number.
            sheet.write_number(row, 1, 43410.0).unwrap();
        }
    });
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::BadValue { .. }),
        "{error}"
    );
    assert_eq!(cell_of(&error).as_deref(), Some("B3"));
    assert!(error.to_string().contains("\"43410\""), "{error}");
}

#[test]
fn merged_header_cells_are_refused_clearly() {
    let dir = folder("merged");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = rust_xlsxwriter::Format::new();
    sheet.write_string(0, 0, "检查编号").unwrap();
    sheet.merge_range(0, 1, 0, 2, "检查", &plain).unwrap();
    sheet.write_string(0, 3, "得分").unwrap();
    book.save(dir.join("s.xlsx")).unwrap();
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::EmptyHeaderCell),
        "{error}"
    );
    assert_eq!(cell_of(&error).as_deref(), Some("C1"));
}

#[test]
fn a_sheet_without_a_header_row_is_refused() {
    let dir = folder("no-header");
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "空").unwrap();
    book.save(dir.join("s.xlsx")).unwrap();
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(matches!(error.kind(), ErrorKind::NoHeaderRow), "{error}");
}

#[test]
fn a_header_row_missing_names_the_headers_found() {
    let dir = folder("data-first");
    sanitation_book(&dir.join("s.xlsx"), "Sheet1", 2, |sheet, row| {
        sheet.write_number(row, 3, 90.0).unwrap();
    });
    // The same rows without their header: the first row of data is taken for it.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "HW1").unwrap();
    sheet.write_string(0, 1, "2018-11-06").unwrap();
    sheet.write_string(0, 2, "天山四村").unwrap();
    sheet.write_number(0, 3, 90.0).unwrap();
    book.save(dir.join("s.xlsx")).unwrap();
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::MissingColumn { .. }),
        "{error}"
    );
    assert!(
        error
            .to_string()
            .contains("s.xlsx!Sheet1!1:1: no column for"),
        "{error}"
    );
}

#[test]
fn a_corrupt_workbook_is_one_error() {
    let dir = folder("corrupt");
    sanitation_book(&dir.join("good.xlsx"), "Sheet1", 2, |sheet, row| {
        sheet.write_number(row, 3, 90.0).unwrap();
    });
    let bytes = std::fs::read(dir.join("good.xlsx")).unwrap();
    std::fs::write(dir.join("s.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::Workbook { .. }),
        "{error}"
    );
    assert!(!error.to_string().contains('\n'));
    // Text that only claims to be a workbook.
    std::fs::write(dir.join("t.xlsx"), "检查编号,得分\n").unwrap();
    let error = failure(&sanitation_spec(&dir, "t.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::Workbook { .. }),
        "{error}"
    );
}

#[test]
fn a_password_protected_workbook_says_so() {
    // An encrypted workbook is an OLE compound file holding an `EncryptedPackage` stream:
    // the committed one was saved by `msoffcrypto-tool` with the password "livability".
    let dir = folder("password");
    std::fs::copy("tests/workbooks/protected.xlsx", dir.join("s.xlsx")).unwrap();
    let error = failure(&sanitation_spec(&dir, "s.xlsx", ""));
    assert!(
        matches!(error.kind(), ErrorKind::ProtectedWorkbook),
        "{error}"
    );
}

#[test]
fn in_memory_workbooks_read_as_files_do() {
    let dir = folder("memory");
    sanitation_book(&dir.join("s.xlsx"), "Sheet1", 4, |sheet, row| {
        sheet.write_number(row, 3, 80.0 + f64::from(row)).unwrap();
    });
    let spec = Spec::from_path(sanitation_spec(&dir, "s.xlsx", "")).unwrap();
    let from_file = livability::rank(&spec, &Options::new()).unwrap();
    let places = livability::places::Gazetteer::from_path(
        dir.join("places.csv"),
        livability::input::Encoding::Auto,
    )
    .unwrap();
    let mut ranker = livability::Ranker::new(&spec, &places, &Options::new()).unwrap();
    let bytes = std::fs::read(dir.join("s.xlsx")).unwrap();
    ranker
        .read_source_workbook("sanitation", bytes, "s.xlsx")
        .unwrap();
    let from_memory = ranker.finish().unwrap();
    assert_eq!(
        from_file.to_string_as(Format::Csv),
        from_memory.to_string_as(Format::Csv)
    );
}

#[test]
fn lenient_rows_and_repeated_ids_are_named_by_their_rows() {
    let dir = folder("lenient");
    sanitation_book(&dir.join("s.xlsx"), "Sheet1", 5, |sheet, row| match row {
        3 => {
            sheet.write_string(row, 3, "九十").unwrap();
        }
        // Row 6 repeats the id of row 2 with another score.
        5 => {
            sheet.write_string(row, 0, "HW0001").unwrap();
            sheet.write_number(row, 3, 70.0).unwrap();
        }
        _ => {
            sheet.write_number(row, 3, 90.0).unwrap();
        }
    });
    let spec = Spec::from_path(sanitation_spec(&dir, "s.xlsx", "")).unwrap();
    let report = livability::check(&spec, &Options::new()).unwrap();
    let source = &report.sources[0];
    assert_eq!(source.rejected, 1);
    assert_eq!(
        cell_of(source.rejected_rows[0].error()).as_deref(),
        Some("D4")
    );
    assert_eq!(source.differing_ids[0].copies, [2, 6]);
}

/// The Tianshan spec, its sanitation inspections read from `workbook` (a committed `.xls` or
/// `.ods` written by `tests/workbooks/legacy.py`), the other sources as CSV.
fn tianshan_with_sanitation_from(workbook: &str) -> Vec<String> {
    let dir = folder(&format!("legacy-{workbook}"));
    for entry in std::fs::read_dir("fixtures/tianshan").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        Path::new("tests/workbooks").join(workbook),
        dir.join(workbook),
    )
    .unwrap();
    let spec = std::fs::read_to_string(dir.join("spec.toml"))
        .unwrap()
        .replace("\"sanitation.csv\"", &format!("\"{workbook}\""));
    std::fs::write(dir.join("spec.toml"), spec).unwrap();
    outputs(&dir.join("spec.toml"))
}

#[test]
fn excel_97_and_opendocument_workbooks_read_as_their_csv_export() {
    let from_csv = outputs(Path::new("fixtures/tianshan/spec.toml"));
    for workbook in ["sanitation.xls", "sanitation.ods"] {
        assert_eq!(
            from_csv,
            tianshan_with_sanitation_from(workbook),
            "{workbook}"
        );
    }
}
