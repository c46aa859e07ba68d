//! Every board's coverage, in view and enforced (issue 28, case 5): a hotline whose tickets
//! mostly name a road, for a board that ranks neighborhoods only. The source's own counts
//! hardly show it (a ticket naming a road is used); the board's coverage does, in every format
//! people read but the newsletter (`--strict` refusing the board is tested with the command, in
//! `cli/tests/cli/coverage.rs`). Also: `min_coverage`'s errors, one test per class.

use std::path::{Path, PathBuf};

use livability::error::ErrorKind;
use livability::{Format, Options, Spec, quality::Uncounted};

#[path = "../common/coverage_exports.rs"]
mod exports;

use exports::{PLACES, hotline, spec};

/// A folder with the places, the hotline and a spec (`min_coverage` if given).
fn folder(name: &str, min_coverage: Option<&str>) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("livability-coverage-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("places.csv"), PLACES).unwrap();
    std::fs::write(folder.join("hotline.csv"), hotline()).unwrap();
    std::fs::write(folder.join("spec.toml"), spec(min_coverage)).unwrap();
    folder
}

fn rankings(folder: &Path) -> livability::Rankings {
    let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
    livability::rank(&spec, &Options::new()).unwrap()
}

#[test]
fn the_boards_loss_shows_where_the_sources_counts_hide_it() {
    let folder = folder("case5", None);
    let rankings = rankings(&folder);
    let source = &rankings.quality.sources[0];
    // Per source, a ticket naming a road is used: nothing looks lost.
    assert_eq!((source.read, source.used, source.unplaced), (23, 23, 0));
    let coverage = &rankings.boards[0].coverage;
    assert_eq!(coverage.len(), 1);
    let hotline = &coverage[0];
    assert!(hotline.reconciles());
    assert_eq!((hotline.selected, hotline.counted), (20, 14));
    assert_eq!(hotline.uncounted.get(Uncounted::Unplaced), 6);
    assert_eq!(hotline.uncounted.total(), 6);
    assert_eq!(hotline.coverage.unwrap().to_string(), "70.0");
    // The warning names the board, the source, the coverage and the main reason.
    let warnings: Vec<String> = rankings
        .quality
        .warnings
        .iter()
        .filter(|warning| warning.name() == "low-coverage")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "board 'quiet': counts 14 of the 20 records it selects from source 'hotline' (70.0 %, below its min_coverage of 95 %); mostly unplaced: 6 (the workbook's \"uncounted records\" sheet lists them)"
        ]
    );
    // The to-do list: the six tickets, with their lines and the text that failed.
    let listed: Vec<(Option<u64>, &str, &str, Uncounted)> = source
        .uncounted_records
        .iter()
        .map(|record| {
            (
                record.line,
                record.id.as_str(),
                record.text.as_str(),
                record.reason,
            )
        })
        .collect();
    let expected: Vec<(Option<u64>, String, &str, Uncounted)> = (15..=20)
        .map(|n| {
            (
                Some(n + 1),
                format!("T{n:03}"),
                "遵义路100号",
                Uncounted::Unplaced,
            )
        })
        .collect();
    assert_eq!(
        listed,
        expected
            .iter()
            .map(|(line, id, text, reason)| (*line, id.as_str(), *text, *reason))
            .collect::<Vec<_>>()
    );
    assert!(source.uncounted_records[0].fix.contains("neighborhood"));
}

#[test]
fn every_format_people_read_shows_it_but_the_newsletter() {
    let folder = folder("formats", None);
    let mut rankings = rankings(&folder);
    let line =
        "hotline：选取 20 条记录，计入 14 条（70.0 %），低于最低覆盖率 95 %；未计入：未定位 6";
    let table = rankings.to_string_as(Format::Table);
    assert!(table.contains(&format!("覆盖率：{line}\n")), "{table}");
    let markdown = rankings.to_string_as(Format::Markdown);
    assert!(markdown.contains(&format!("- {line}\n")), "{markdown}");
    // The same line in English, under `--lang en`.
    let chinese = rankings.clone();
    rankings.language = livability::render::Language::English;
    let line = "hotline: 14 of 20 selected records counted (70.0 %), below the minimum of 95 %; not counted: unplaced 6";
    let table = rankings.to_string_as(Format::Table);
    assert!(table.contains(&format!("coverage, {line}\n")), "{table}");
    let markdown = rankings.to_string_as(Format::Markdown);
    assert!(markdown.contains(&format!("- {line}\n")), "{markdown}");
    let rankings = chinese;
    let json: serde_json::Value =
        serde_json::from_str(&rankings.to_string_as(Format::Json)).unwrap();
    let coverage = &json["boards"][0]["coverage"][0];
    assert_eq!(coverage["selected"], 20);
    assert_eq!(coverage["counted"], 14);
    assert_eq!(coverage["coverage"], "70.0");
    assert_eq!(coverage["uncounted"]["unplaced"], 6);
    assert_eq!(coverage["uncounted"]["unknown-name"], 0);
    assert_eq!(json["boards"][0]["min_coverage"], "95");
    let newsletter = rankings.to_string_as(Format::Newsletter);
    assert!(!newsletter.contains("coverage") && !newsletter.contains("70.0"));
    #[cfg(feature = "html")]
    {
        let page = rankings.to_string_as(Format::Html);
        assert!(page.contains("<h3>覆盖率</h3>"), "{page}");
        assert!(page.contains("<td>quiet</td><td>小区</td><td>hotline</td><td class=\"num\">20</td><td class=\"num\">14</td><td class=\"num bad\""));
    }
    #[cfg(feature = "xlsx")]
    {
        use calamine::{Data, Reader, Xlsx};
        let mut bytes = Vec::new();
        rankings.render(Format::Xlsx, &mut bytes).unwrap();
        let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let quality = workbook.worksheet_range("数据质量").unwrap();
        let row = quality
            .rows()
            .find(|row| row.first() == Some(&Data::String("quiet".to_owned())))
            .expect("a coverage row for the board");
        assert_eq!(row[2], Data::String("hotline".to_owned()));
        assert_eq!(
            (row[3].clone(), row[4].clone()),
            (Data::Float(20.0), Data::Float(14.0))
        );
        // The unplaced column: 6.
        assert_eq!(row[8], Data::Float(6.0));
        let uncounted = workbook.worksheet_range("未计入记录").unwrap();
        let listed: Vec<String> = uncounted
            .rows()
            .skip(2)
            .map(|row| format!("{} {} {} {}", row[2], row[3], row[5], row[6]))
            .collect();
        assert_eq!(listed.len(), 6, "{listed:?}");
        assert_eq!(listed[0], "16 T015 遵义路100号 未定位");
    }
}

#[test]
fn a_minimum_the_board_meets_exactly_raises_nothing() {
    let folder = folder("met", Some("70"));
    let rankings = rankings(&folder);
    assert!(
        rankings.quality.warnings.is_empty(),
        "{:?}",
        rankings.quality.warnings
    );
    let folder = self::folder("missed", Some("70.1"));
    assert_eq!(rankings_warnings(&folder), 1);
}

fn rankings_warnings(folder: &Path) -> usize {
    rankings(folder).quality.warnings.len()
}

/// `min_coverage` out of range, or not a number: a spec error naming the key, before any data
/// is read.
#[test]
fn min_coverage_errors_name_the_key() {
    for (value, found) in [("101", "101"), ("-1", "-1"), ("100.5", "100.5")] {
        let error = Spec::from_toml_str(&spec(Some(value)), "spec.toml").unwrap_err();
        assert_eq!(error.location().spec_key(), Some("boards[0].min_coverage"));
        match error.kind() {
            ErrorKind::SpecValue {
                found: shown,
                expected,
            } => {
                assert_eq!(shown, found);
                assert_eq!(expected, "a percentage from 0 to 100");
            }
            other => panic!("{other:?}"),
        }
    }
    let error = Spec::from_toml_str(&spec(Some("\"most\"")), "spec.toml").unwrap_err();
    assert_eq!(error.location().spec_key(), Some("boards[0].min_coverage"));
    assert!(
        matches!(error.kind(), ErrorKind::SpecValue { .. }),
        "{error}"
    );
    // The ends are allowed.
    for value in ["0", "100", "99.5"] {
        Spec::from_toml_str(&spec(Some(value)), "spec.toml").unwrap();
    }
}

/// A `table` source: a row naming no place is an unknown name; under `--lenient`, a (period,
/// place, indicator) given twice keeps neither row, both malformed; rows of another period or
/// of an indicator the board does not read are not selected.
#[test]
fn table_rows_reconcile_under_lenient() {
    use livability::input::TableRow;
    use livability::places::{Gazetteer, Place, PlaceKind};
    use livability::{Decimal, Ranker};
    let spec = Spec::from_toml_str(
        r#"
period = "2018-11"
[sources.warehouse]
kind = "table"
[[boards]]
id = "clean"
kind = "neighborhood"
[[boards.indicators]]
id = "score"
source = "warehouse"
measure = "value"
better = "higher"
"#,
        "spec.toml",
    )
    .unwrap();
    let places = Gazetteer::new([
        Place::new("N1", PlaceKind::Neighborhood, "天山二村"),
        Place::new("N2", PlaceKind::Neighborhood, "遵义小区"),
    ])
    .unwrap();
    let mut ranker = Ranker::new(&spec, &places, &Options::new().lenient(true)).unwrap();
    let november = "2018-11".parse().unwrap();
    for (period, place, indicator, value) in [
        (november, "天山二村", "score", 1),
        (november, "天山二村", "score", 2),
        (november, "遵义小区", "score", 3),
        (november, "长宁小区", "score", 4),
        (november, "遵义小区", "other", 5),
        ("2018-10".parse().unwrap(), "遵义小区", "score", 6),
    ] {
        let row = TableRow::new(period, place, indicator, Decimal::from(value));
        ranker.add_table_row("warehouse", row).unwrap();
    }
    let rankings = ranker.finish().unwrap();
    let coverage = &rankings.boards[0].coverage[0];
    assert!(coverage.reconciles(), "{coverage:?}");
    assert_eq!((coverage.selected, coverage.counted), (4, 1));
    assert_eq!(coverage.uncounted.get(Uncounted::Malformed), 2);
    assert_eq!(coverage.uncounted.get(Uncounted::UnknownName), 1);
}
