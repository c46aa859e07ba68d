//! Exports as offices make them (issue 28): a title, a metadata row and blank rows above the
//! header, total and footer rows below the records, place names merged down over their
//! records, CRLF line ends, ids Excel turned into numbers. Each case gives the boards of the
//! same records exported clean, or an error (or a warning, which `--strict` turns into exit 1)
//! naming the cause.

#![allow(
    clippy::disallowed_types,
    reason = "a workbook holds its numbers as binary floats: the tests write them"
)]

use std::path::{Path, PathBuf};

use livability::{Format, Options, Spec};

/// A fresh folder for one test's files.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("layout")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const PLACES: &str = "编号,类型,名称,households\n\
N01,小区,天山一村,1000\n\
N02,小区,天山二村,800\n\
N03,小区,天山三村,1200\n";

/// Inspections: (id, date, place, score), several per place, in place order (as an office
/// lists them, each place's name merged down over its rows).
const INSPECTIONS: [(&str, &str, &str, u32); 9] = [
    ("HW01", "2024-05-06", "天山一村", 97),
    ("HW02", "2024-05-13", "天山一村", 81),
    ("HW03", "2024-05-20", "天山一村", 90),
    ("HW04", "2024-05-07", "天山二村", 88),
    ("HW05", "2024-05-14", "天山二村", 70),
    ("HW06", "2024-05-08", "天山三村", 99),
    ("HW07", "2024-05-15", "天山三村", 60),
    ("HW08", "2024-05-22", "天山三村", 75),
    ("HW09", "2024-05-29", "天山三村", 80),
];

fn spec(source: &str, extra: &str) -> String {
    format!(
        "period = \"2024-05\"\nplaces = \"places.csv\"\n\
[sources.sanitation]\nfile = \"{source}\"\n{extra}\n\
[[boards]]\nid = \"clean\"\nkind = \"neighborhood\"\ndecimals = 1\n\
[[boards.indicators]]\nid = \"score\"\nsource = \"sanitation\"\nmeasure = \"mean\"\nfield = \"score\"\nbetter = \"higher\"\nnormalize = \"none\"\nweight = 1\n"
    )
}

/// The board's CSV and the source's quality, from the spec in `dir`.
fn run(dir: &Path) -> (String, livability::quality::SourceQuality, Vec<String>) {
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let warnings = rankings
        .quality
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    (
        rankings.to_string_as(Format::Csv),
        rankings.quality.sources[0].clone(),
        warnings,
    )
}

/// The boards of the inspections exported clean: a header on line 1, LF, no footer.
fn clean_board(name: &str) -> String {
    let dir = folder(&format!("clean-{name}"));
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    let mut csv = String::from("检查编号,检查时间,小区,得分\n");
    for (id, date, place, score) in INSPECTIONS {
        csv.push_str(&format!("{id},{date},{place},{score}\n"));
    }
    std::fs::write(dir.join("sanitation.csv"), csv).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let (board, quality, _) = run(&dir);
    assert_eq!(quality.header_row, None);
    board
}

/// The inspections as an office's CSV: a title, a two-cell metadata row, a blank line, the
/// header on line 4, CRLF line ends, a 合计 row and a 制表人/审核人 footer.
fn office_csv() -> String {
    let mut csv = String::from(
        "天山路街道环境卫生检查情况表,,,\r\n制表单位：天山路街道,,导出日期：2024-06-01,\r\n,,,\r\n检查编号,检查时间,小区,得分\r\n",
    );
    for (id, date, place, score) in INSPECTIONS {
        csv.push_str(&format!("{id},{date},{place},{score}\r\n"));
    }
    // The footer's last line typed as one field, as a hand-made CSV has it.
    csv.push_str("合计,,,740\r\n制表人：张三,,审核人：李四,\r\n制表日期：2024年6月1日\r\n");
    csv
}

#[test]
fn a_csv_with_title_metadata_totals_and_footer_gives_the_clean_boards() {
    let clean = clean_board("1");
    let dir = folder("office-csv");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    std::fs::write(dir.join("sanitation.csv"), office_csv()).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let (board, quality, warnings) = run(&dir);
    assert_eq!(board, clean);
    assert_eq!(quality.header_row, Some(4));
    assert_eq!(quality.total_rows, 3);
    assert_eq!(quality.rejected, 0);
    assert_eq!(quality.read, INSPECTIONS.len() as u64 + 3);
    assert!(quality.reconciles(), "{quality:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn header_row_forces_the_header_and_names_a_row_that_is_none() {
    let clean = clean_board("2");
    let dir = folder("forced");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    std::fs::write(dir.join("sanitation.csv"), office_csv()).unwrap();
    std::fs::write(
        dir.join("spec.toml"),
        spec("sanitation.csv", "header_row = 4"),
    )
    .unwrap();
    assert_eq!(run(&dir).0, clean);
    std::fs::write(
        dir.join("spec.toml"),
        spec("sanitation.csv", "header_row = 3"),
    )
    .unwrap();
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("sanitation.csv: header_row = 3: the file has no row starting there"),
        "{message}"
    );
    let zero = Spec::from_toml_str(&spec_text_with("header_row = 0"), "spec.toml").unwrap_err();
    assert_eq!(
        zero.location().spec_key(),
        Some("sources.sanitation.header_row")
    );
}

fn spec_text_with(extra: &str) -> String {
    spec("sanitation.csv", extra)
}

#[test]
fn errors_name_the_physical_line_in_crlf_files_below_a_title_and_a_cell_of_two_lines() {
    let dir = folder("lines");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    let csv = "环境卫生检查情况表\r\n\r\n检查编号,检查时间,小区,得分\r\nHW01,2024-05-06,天山一村,97\r\n\"HW\r\n02\",2024-05-13,天山一村,81\r\nHW03,2024-05-20,天山一村,9O\r\n";
    std::fs::write(dir.join("sanitation.csv"), csv).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("sanitation.csv:7: column '得分': cannot read \"9O\" as a decimal"),
        "{error}"
    );
}

#[test]
fn ids_excel_turned_into_scientific_notation_are_an_error_naming_the_damage() {
    let dir = folder("scientific");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    let mut csv = String::from("检查编号,检查时间,小区,得分\r\n");
    for (_, date, place, score) in INSPECTIONS {
        csv.push_str(&format!("1.23452E+15,{date},{place},{score}\r\n"));
    }
    std::fs::write(dir.join("sanitation.csv"), csv).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("sanitation.csv:2: column '检查编号': the id \"1.23452E+15\" is a number in scientific notation: the export went through Excel"),
        "{message}"
    );
    assert!(matches!(
        error.kind(),
        livability::error::ErrorKind::DamagedId { .. }
    ));
}

#[test]
fn a_source_whose_records_collapse_into_few_ids_is_a_warning() {
    let dir = folder("few-ids");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    let mut csv = String::from("检查编号,检查时间,小区,得分\n");
    for round in 0..3 {
        for (_, date, place, score) in INSPECTIONS {
            // Ids of 18 digits rounded to Excel's 15: one id for every record.
            let _ = round;
            csv.push_str(&format!("123456789012346000,{date},{place},{score}\n"));
        }
    }
    std::fs::write(dir.join("sanitation.csv"), csv).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let (_, quality, warnings) = run(&dir);
    assert_eq!(quality.repeated, 26);
    assert!(
        warnings.iter().any(|warning| warning
            .starts_with("source 'sanitation': 26 of its 27 records repeat an earlier id")),
        "{warnings:?}"
    );
}

#[test]
fn a_real_record_whose_first_cell_is_a_marker_stays_a_record() {
    let dir = folder("marker-record");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    // The category comes first and says 备注; the record has its id: it counts.
    let csv = "类别,检查编号,检查时间,小区,得分\n备注,HW01,2024-05-06,天山一村,97\n日常,HW02,2024-05-07,天山二村,88\n";
    std::fs::write(dir.join("sanitation.csv"), csv).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let (_, quality, _) = run(&dir);
    assert_eq!(quality.total_rows, 0);
    assert_eq!(quality.used, 2);
}

#[test]
fn a_total_label_in_the_row_number_column_beside_a_count_in_the_id_column_is_a_total_row() {
    let dir = folder("total-beside-count");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    // 合计 in 序号, the count in the id column: no record. A 备注 there with an id stays one.
    let csv = "序号,检查编号,检查时间,小区,得分\n1,HW01,2024-05-06,天山一村,97\n\
备注,HW02,2024-05-07,天山二村,88\n合计,2件,,,185\n";
    std::fs::write(dir.join("sanitation.csv"), csv).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let (_, quality, _) = run(&dir);
    assert_eq!(
        (quality.used, quality.total_rows, quality.rejected),
        (2, 1, 0)
    );
    assert!(quality.reconciles(), "{quality:?}");
}

#[cfg(feature = "spreadsheet")]
mod workbooks {
    use super::*;
    use rust_xlsxwriter::{Format as CellFormat, Workbook};

    /// The inspections as an office's workbook: a title merged across the table (row 1), a
    /// 制表单位/导出日期 row (2), the header (3), the records with each place's name merged
    /// down over its inspections (one of them hidden by a filter), a 合计 row and a
    /// 制表人/审核人 footer.
    fn office_workbook(path: &Path, ids_as_numbers: bool) {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("检查").unwrap();
        let merged = CellFormat::new();
        sheet
            .merge_range(0, 0, 0, 3, "天山路街道环境卫生检查情况表", &merged)
            .unwrap();
        sheet.write_string(1, 0, "制表单位：天山路街道").unwrap();
        sheet.write_string(1, 2, "导出日期：2024-06-01").unwrap();
        for (column, header) in ["检查编号", "检查时间", "小区", "得分"].iter().enumerate()
        {
            sheet.write_string(2, column as u16, *header).unwrap();
        }
        let mut row = 3u32;
        let mut start = row;
        for (index, (id, date, place, score)) in INSPECTIONS.iter().enumerate() {
            if ids_as_numbers {
                sheet.write_number(row, 0, 1.23452e15).unwrap();
            } else {
                sheet.write_string(row, 0, *id).unwrap();
            }
            sheet.write_string(row, 1, *date).unwrap();
            sheet.write_number(row, 3, f64::from(*score)).unwrap();
            let last = INSPECTIONS
                .get(index + 1)
                .is_none_or(|next| next.2 != *place);
            if last {
                if row > start {
                    sheet.merge_range(start, 2, row, 2, place, &merged).unwrap();
                } else {
                    sheet.write_string(row, 2, *place).unwrap();
                }
                start = row + 1;
            }
            row += 1;
        }
        sheet.write_string(row, 0, "合计").unwrap();
        sheet.write_number(row, 3, 740.0).unwrap();
        sheet.write_string(row + 1, 0, "制表人：张三").unwrap();
        sheet.write_string(row + 1, 2, "审核人：李四").unwrap();
        // A filter hid the second inspection (Excel row 5): it still counts.
        sheet.set_row_hidden(4).unwrap();
        book.save(path).unwrap();
    }

    /// The office's workbook `file` in a folder of its own with the places and the spec: it
    /// gives the clean boards, and the report counts its merged cells, footer and hidden row.
    fn assert_office_workbook_reads_clean(
        folder_name: &str,
        file: &str,
        write: impl FnOnce(&Path),
    ) {
        let clean = clean_board(folder_name);
        let dir = folder(folder_name);
        std::fs::write(dir.join("places.csv"), PLACES).unwrap();
        write(&dir.join(file));
        std::fs::write(dir.join("spec.toml"), spec(file, "")).unwrap();
        let (board, quality, warnings) = run(&dir);
        assert_eq!(board, clean, "{file}");
        assert_eq!(quality.header_row, Some(3), "{file}");
        // 9 inspections of 3 places: 6 cells filled.
        assert_eq!(quality.merged_cells_filled, 6, "{file}");
        assert_eq!(quality.total_rows, 2, "{file}");
        assert_eq!(quality.unplaced, 0, "{file}");
        assert_eq!(quality.hidden_rows, 1, "{file}");
        assert!(quality.reconciles(), "{quality:?}");
        // The hidden row is a warning, which `--strict` makes an exit 1.
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("source 'sanitation': ")
                && warnings[0].contains(&format!(
                    "{file}!检查 hides 1 rows (rows 5), by a filter or by hand"
                )),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_workbook_with_title_metadata_merged_places_and_footer_gives_the_clean_boards() {
        assert_office_workbook_reads_clean("office-xlsx", "sanitation.xlsx", |path| {
            office_workbook(path, false);
        });
    }

    /// The same workbook saved as `.ods` and `.xls` by LibreOffice (tests/workbooks/README.md
    /// says how), which keeps the merged regions and the hidden row: the same boards, the same
    /// counts.
    #[test]
    fn the_office_workbook_as_ods_and_xls_gives_the_same_boards_and_counts() {
        for format in ["ods", "xls"] {
            let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/workbooks")
                .join(format!("office-sanitation.{format}"));
            assert_office_workbook_reads_clean(
                &format!("office-{format}"),
                &format!("sanitation.{format}"),
                |path| {
                    std::fs::copy(&fixture, path).unwrap();
                },
            );
        }
    }

    #[test]
    fn errors_name_excel_rows_below_a_title() {
        let dir = folder("xlsx-rows");
        std::fs::write(dir.join("places.csv"), PLACES).unwrap();
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("检查").unwrap();
        sheet
            .merge_range(0, 0, 0, 3, "环境卫生检查情况表", &CellFormat::new())
            .unwrap();
        for (column, header) in ["检查编号", "检查时间", "小区", "得分"].iter().enumerate()
        {
            sheet.write_string(2, column as u16, *header).unwrap();
        }
        let rows = [
            ["HW01", "2024-05-06", "天山一村", "97"],
            ["HW02", "2024-05-07", "天山二村", "9O"],
        ];
        for (index, cells) in rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                sheet
                    .write_string(3 + index as u32, column as u16, *cell)
                    .unwrap();
            }
        }
        book.save(dir.join("sanitation.xlsx")).unwrap();
        std::fs::write(dir.join("spec.toml"), spec("sanitation.xlsx", "")).unwrap();
        let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
        let error = livability::rank(&spec, &Options::new()).unwrap_err();
        assert!(
            error.to_string().ends_with(
                "sanitation.xlsx!检查!D5: column '得分': cannot read \"9O\" as a decimal"
            ),
            "{error}"
        );
    }

    #[test]
    fn ids_excel_turned_into_numbers_collapse_and_warn() {
        let dir = folder("xlsx-number-ids");
        std::fs::write(dir.join("places.csv"), PLACES).unwrap();
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (column, header) in ["检查编号", "检查时间", "小区", "得分"].iter().enumerate()
        {
            sheet.write_string(0, column as u16, *header).unwrap();
        }
        let mut row = 1;
        for round in 0..3 {
            for (index, (_, date, place, score)) in INSPECTIONS.iter().enumerate() {
                // 16-digit ids that Excel took for numbers: kept to 15 significant digits,
                // they read alike.
                let id = 1_234_520_000_000_000.0 + (round * 10 + index) as f64;
                sheet.write_number(row, 0, id).unwrap();
                sheet.write_string(row, 1, *date).unwrap();
                sheet.write_string(row, 2, *place).unwrap();
                sheet.write_number(row, 3, f64::from(*score)).unwrap();
                row += 1;
            }
        }
        book.save(dir.join("sanitation.xlsx")).unwrap();
        std::fs::write(dir.join("spec.toml"), spec("sanitation.xlsx", "")).unwrap();
        let (_, quality, warnings) = run(&dir);
        assert!(quality.repeated > 13, "{quality:?}");
        assert!(
            warnings
                .iter()
                .any(|warning| warning.contains("records repeat an earlier id")),
            "{warnings:?}"
        );
    }
}

#[test]
fn a_source_line_below_the_records_is_a_footer_row_and_a_row_without_an_id_is_no_footer() {
    let dir = folder("source-line");
    std::fs::write(dir.join("places.csv"), PLACES).unwrap();
    let footer = "检查编号,检查时间,小区,得分\nHW01,2024-05-06,天山一村,97\nHW02,2024-05-07,天山二村,88\n数据来源：环卫检查系统,,,\n打印日期：2024-06-01,,,\n";
    std::fs::write(dir.join("sanitation.csv"), footer).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    let (_, quality, _) = run(&dir);
    assert_eq!(
        (quality.used, quality.total_rows, quality.rejected),
        (2, 2, 0)
    );
    assert!(quality.reconciles(), "{quality:?}");
    // A row without an id and without a marker is a malformed record wherever it stands, so
    // that what a row is never depends on the rows after it (the report is the same in any
    // row order).
    let unmarked = "检查编号,检查时间,小区,得分\nHW01,2024-05-06,天山一村,97\n,环卫检查系统,,\n";
    std::fs::write(dir.join("sanitation.csv"), unmarked).unwrap();
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("sanitation.csv:3: column '检查时间'"),
        "{error}"
    );
}

#[test]
fn a_places_file_with_a_title_row_has_its_header_found_or_forced() {
    let clean = clean_board("4");
    let dir = folder("places-title");
    let places = format!("天山路街道小区名录,,,\n制表单位：天山路街道,,,\n{PLACES}");
    std::fs::write(dir.join("places.csv"), &places).unwrap();
    let mut csv = String::from("检查编号,检查时间,小区,得分\n");
    for (id, date, place, score) in INSPECTIONS {
        csv.push_str(&format!("{id},{date},{place},{score}\n"));
    }
    std::fs::write(dir.join("sanitation.csv"), csv).unwrap();
    std::fs::write(dir.join("spec.toml"), spec("sanitation.csv", "")).unwrap();
    assert_eq!(run(&dir).0, clean);
    // Forced to the title's row, the places file has no `name` column (an `id` is optional:
    // a list without one takes each place's name for its id): an error at that line.
    let forced = spec("sanitation.csv", "").replacen(
        "places = \"places.csv\"",
        "places = \"places.csv\"\nplaces_header_row = 2",
        1,
    );
    std::fs::write(dir.join("spec.toml"), forced).unwrap();
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("places.csv:2: no column for 'name'"),
        "{error}"
    );
}
