//! Names as citizens and clerks write them (issue 28, cases 3 and 4): numbered villages in
//! every spelling, an office's 名录 with several aliases in one cell, a place column holding a
//! name and more, and addresses naming the subdistrict named after a road. Each case from the
//! office's lists as CSV and as workbooks: the boards are right, and the report says how each
//! record was placed or why not.

use crate::common;

use std::path::PathBuf;

use livability::places::PlaceKind;
use livability::{Options, Rankings, Spec, quality::Warning};
use rust_xlsxwriter::Workbook;

/// A fresh, empty folder for this test.
fn folder(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("livability-names-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// Copies the `names` fixture into a fresh folder named `test`; with `workbooks`, its two
/// lists as `.xlsx` workbooks (numbers as number cells, as Excel keeps them) instead of CSV.
fn case_folder(test: &str, workbooks: bool) -> PathBuf {
    let fixture = common::fixture("names");
    let dir = folder(&format!(
        "{test}-{}",
        if workbooks { "xlsx" } else { "csv" }
    ));
    for file in [
        "police.csv",
        "grid.csv",
        "spec.toml",
        "小区名录.csv",
        "道路一览.csv",
    ] {
        std::fs::copy(fixture.join(file), dir.join(file)).unwrap();
    }
    if workbooks {
        for list in ["小区名录", "道路一览"] {
            let text = std::fs::read_to_string(dir.join(format!("{list}.csv"))).unwrap();
            std::fs::remove_file(dir.join(format!("{list}.csv"))).unwrap();
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            for (row, record) in reader.records().enumerate() {
                for (column, cell) in record.unwrap().iter().enumerate() {
                    // Whole numbers as number cells, as Excel keeps them.
                    match cell.parse::<u32>() {
                        Ok(number) if row > 0 => {
                            sheet.write_number(row as u32, column as u16, number)
                        }
                        _ => sheet.write_string(row as u32, column as u16, cell),
                    }
                    .unwrap();
                }
            }
            book.save(dir.join(format!("{list}.xlsx"))).unwrap();
        }
        let spec = std::fs::read_to_string(dir.join("spec.toml")).unwrap();
        std::fs::write(
            dir.join("spec.toml"),
            spec.replace(".csv\"", ".xlsx\"")
                .replace("police.xlsx", "police.csv")
                .replace("grid.xlsx", "grid.csv"),
        )
        .unwrap();
    }
    dir
}

/// Ranks the case (its folder named `test`), with the lists as workbooks or CSV.
fn rank(test: &str, workbooks: bool) -> Rankings {
    let spec = Spec::from_path(case_folder(test, workbooks).join("spec.toml")).unwrap();
    livability::rank(&spec, &Options::new()).unwrap()
}

/// The board's places in rank order, with their values.
fn order(rankings: &Rankings, board: usize) -> Vec<(String, String)> {
    rankings.boards[board]
        .entries
        .iter()
        .map(|entry| {
            let value = entry.indicators[0]
                .value
                .map_or("-".to_owned(), |value| value.normalize().to_string());
            (entry.place.clone(), value)
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(place, value)| ((*place).to_owned(), (*value).to_owned()))
        .collect()
}

#[test]
fn every_spelling_of_a_numbered_village_counts_on_it_and_the_board_is_right() {
    for workbooks in [false, true] {
        let rankings = rank("villages", workbooks);
        // Per 1000 households (each village has 1000): 天山三村's ten thefts make it fifth.
        assert_eq!(
            order(&rankings, 0),
            pairs(&[
                ("天山一村", "4"),
                ("天山二村", "5"),
                ("天山四村", "6"),
                ("天山五村", "7"),
                ("天山三村", "10"),
            ]),
            "workbooks: {workbooks}"
        );
        let police = &rankings.quality.sources[1];
        assert_eq!(police.source, "police");
        let neighborhoods = &police.kinds[0];
        assert_eq!(neighborhoods.kind, PlaceKind::Neighborhood);
        // P03 by the name within its column; P08 to P10 and P13 by their address.
        assert_eq!(
            (
                neighborhoods.placed,
                neighborhoods.within_column,
                neighborhoods.by_address
            ),
            (32, 1, 4)
        );
        // 天山六村 twice, and P35, which names only a residents' committee.
        assert_eq!(
            (neighborhoods.unplaced, neighborhoods.administrative),
            (3, 1)
        );
        let unmatched: Vec<&str> = neighborhoods
            .unmatched
            .iter()
            .map(|name| name.name.as_str())
            .collect();
        assert_eq!(
            unmatched,
            ["天山一村居委会", "天山六村", "遵义路397弄天山6村"]
        );
        // A sixth village is not a slip of one of the five: no guess.
        assert!(
            !rankings
                .quality
                .warnings
                .iter()
                .any(|warning| matches!(warning, Warning::CloseName { .. })),
            "{:?}",
            rankings.quality.warnings
        );
    }
}

#[test]
fn a_subdistrict_named_after_a_road_never_counts_on_the_road() {
    for workbooks in [false, true] {
        let rankings = rank("subdistrict", workbooks);
        assert_eq!(
            order(&rankings, 1),
            pairs(&[("遵义路", "1"), ("天山路", "2"), ("虹桥路", "3")]),
            "workbooks: {workbooks}"
        );
        let grid = &rankings.quality.sources[0];
        assert_eq!(grid.source, "grid");
        let roads = &grid.kinds[0];
        assert_eq!(roads.kind, PlaceKind::Road);
        // G7, G8 and G9 (天山路街道办事处: 街道 and the spec's 办事处 alike) name only the
        // subdistrict.
        assert_eq!(
            (roads.placed, roads.unplaced, roads.administrative),
            (6, 3, 3)
        );
        let unmatched: Vec<&str> = roads
            .unmatched
            .iter()
            .map(|name| name.name.as_str())
            .collect();
        assert_eq!(
            unmatched,
            ["天山路街道", "天山路街道辖区内", "长宁区天山路街道办事处"]
        );
    }
}

#[test]
fn the_office_lists_keep_their_text_and_a_per_on_it_names_the_value() {
    let dir = case_folder("per-text", false);
    let spec = dir.join("spec.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, text.replace("per = \"户数\"", "per = \"居委会\"")).unwrap();
    let spec = Spec::from_path(&spec).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.ends_with(
            "小区名录.csv:2: column '居委会': cannot read \"天山一村居委会\" as a decimal"
        ),
        "{message}"
    );
    let places = livability::places::Gazetteer::from_files(
        spec.places_files(),
        livability::input::Encoding::Auto,
    )
    .unwrap();
    assert_eq!(places.attributes(), ["户数", "长度(米)"]);
    assert_eq!(places.text_attributes(), ["居委会"]);
    let third = places.find(PlaceKind::Neighborhood, "天山三村").unwrap();
    assert_eq!(third.id(), "天山三村");
    assert_eq!(third.aliases(), ["天山3村", "天山三村(东块)"]);
    assert_eq!(third.text("居委会"), Some("天山三村居委会"));
}
