//! Names as citizens and clerks write them (issue 28, cases 3 and 4): numbered villages in
//! every spelling, an office's 名录 with several aliases in one cell, a place column holding a
//! name and more, and addresses naming the subdistrict named after a road. Each case from the
//! office's lists as CSV and as workbooks: the boards are right, and the report says how each
//! record was placed or why not.

use std::path::{Path, PathBuf};

use livability::{Options, PlaceKind, Rankings, Spec, Warning};
use rust_xlsxwriter::Workbook;

/// A fresh, empty folder for this test.
fn folder(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("livability-names-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// The office's 小区名录: no ids (the name is the id), no 类型 (小区名称 says the kind), a row
/// number (序号), two aliases in one cell, and a text attribute (居委会).
const NEIGHBORHOODS: &[&[&str]] = &[
    &["序号", "小区名称", "别名", "户数", "居委会"],
    &["1", "天山一村", "", "1000", "天山一村居委会"],
    &["2", "天山二村", "", "1000", "天山二村居委会"],
    &["3", "天山三村", "天山3村、天山三村（东块）", "1000", "天山三村居委会"],
    &["4", "天山四村", "", "1000", "天山四村居委会"],
    &["5", "天山五村", "", "1000", "天山五村居委会"],
];

/// The office's 道路一览: its kind given by the spec, its length in metres as written.
const ROADS: &[&[&str]] = &[
    &["序号", "名称", "长度（米）"],
    &["1", "天山路", "1200"],
    &["2", "虹桥路", "1500"],
    &["3", "遵义路", "900"],
];

/// Writes `rows` as `name.csv` or `name.xlsx` in `dir`; returns the file's name.
fn write_list(dir: &Path, name: &str, rows: &[&[&str]], workbook: bool) -> String {
    if workbook {
        let file = format!("{name}.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (row, cells) in rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                // Numbers as number cells, as Excel keeps them.
                match cell.parse::<f64>() {
                    Ok(number) if row > 0 => sheet.write_number(row as u32, column as u16, number),
                    _ => sheet.write_string(row as u32, column as u16, *cell),
                }
                .unwrap();
            }
        }
        book.save(dir.join(&file)).unwrap();
        file
    } else {
        let file = format!("{name}.csv");
        let mut writer = csv::Writer::from_path(dir.join(&file)).unwrap();
        for row in rows {
            writer.write_record(*row).unwrap();
        }
        writer.flush().unwrap();
        file
    }
}

/// The police station's incidents: 天山三村 has 10 thefts, written ten ways; the other
/// villages 4 to 7, written plainly. Before names were folded, 7 of 天山三村's 10 were lost and
/// it came first on 安全小区; it is truly fifth.
const POLICE: &str = "警情编号,发生时间,警情类别,事发地址,居民区
P01,2024-05-01 09:00,盗窃,,天山三村
P02,2024-05-01 09:00,盗窃,,天山三村
P03,2024-05-01 09:00,盗窃,,天山三村东块
P04,2024-05-02 09:00,盗窃,,天山3村
P05,2024-05-02 09:00,盗窃,,天山３村
P06,2024-05-02 09:00,盗窃,,天山 三村
P07,2024-05-02 09:00,盗窃,,天山三村（东块）
P08,2024-05-03 09:00,盗窃,遵义路397弄天山3村66号,
P09,2024-05-03 09:00,盗窃,长宁区天山路街道天山３村12号,
P10,2024-05-03 09:00,盗窃,天山路天山三村5号302室,
P11,2024-05-04 09:00,盗窃,,天山一村
P12,2024-05-04 09:00,盗窃,,天山1村
P13,2024-05-04 09:00,盗窃,天山一村居委会对面天山1村3号,
P14,2024-05-04 09:00,盗窃,,天山一村
P15,2024-05-05 09:00,盗窃,,天山二村
P16,2024-05-05 09:00,盗窃,,天山2村
P17,2024-05-05 09:00,盗窃,,天山二村
P18,2024-05-05 09:00,盗窃,,天山二村
P19,2024-05-05 09:00,盗窃,,天山二村
P20,2024-05-06 09:00,盗窃,,天山四村
P21,2024-05-06 09:00,盗窃,,天山四村
P22,2024-05-06 09:00,盗窃,,天山四村
P23,2024-05-06 09:00,盗窃,,天山四村
P24,2024-05-06 09:00,盗窃,,天山四村
P25,2024-05-06 09:00,盗窃,,天山4村
P26,2024-05-07 09:00,盗窃,,天山五村
P27,2024-05-07 09:00,盗窃,,天山五村
P28,2024-05-07 09:00,盗窃,,天山五村
P29,2024-05-07 09:00,盗窃,,天山五村
P30,2024-05-07 09:00,盗窃,,天山五村
P31,2024-05-07 09:00,盗窃,,天山五村
P32,2024-05-07 09:00,盗窃,,天山5村
P33,2024-05-08 09:00,盗窃,,天山六村
P34,2024-05-08 09:00,盗窃,遵义路397弄天山6村66号,
P35,2024-05-08 09:00,盗窃,天山一村居委会,
";

/// The grid center's cases: 天山路 has 2, 虹桥路 3 (two of them at an address naming the
/// subdistrict 天山路街道 first), 遵义路 1; three more name only the subdistrict.
const GRID: &str = "案件编号,上报时间,大类,小类,道路,小区,地址,状态,结案时间,处置部门
G1,2024-05-01 09:00,市容环境,暴露垃圾,,,天山路100号,已结案,2024-05-01 12:00,城管中队
G2,2024-05-01 09:00,市容环境,暴露垃圾,天山路,,,已结案,2024-05-01 12:00,城管中队
G3,2024-05-02 09:00,市容环境,暴露垃圾,,,长宁区天山路街道虹桥路1号,已结案,2024-05-02 12:00,城管中队
G4,2024-05-02 09:00,市容环境,暴露垃圾,,,天山路街道虹桥路8号,已结案,2024-05-02 12:00,城管中队
G5,2024-05-02 09:00,市容环境,暴露垃圾,虹桥路,,,已结案,2024-05-02 12:00,城管中队
G6,2024-05-03 09:00,市容环境,暴露垃圾,,,遵义路5号,已结案,2024-05-03 12:00,城管中队
G7,2024-05-04 09:00,市容环境,暴露垃圾,,,天山路街道辖区内,已结案,2024-05-04 12:00,城管中队
G8,2024-05-04 09:00,市容环境,暴露垃圾,天山路街道,,,已结案,2024-05-04 12:00,城管中队
G9,2024-05-04 09:00,市容环境,暴露垃圾,,,长宁区天山路街道办事处,已结案,2024-05-04 12:00,城管中队
";

/// The spec of the test's folder: the two lists, 安全小区 and 靓丽道路.
fn spec_text(neighborhoods: &str, roads: &str) -> String {
    format!(
        r#"period = "2024-05"
places = ["{neighborhoods}", {{ file = "{roads}", kind = "road" }}]
administrative = ["办事处"]

[sources.police]
file = "police.csv"

[sources.grid]
file = "grid.csv"

[[boards]]
id = "safe"
title = "安全小区排行榜"
kind = "neighborhood"
decimals = 1

[[boards.indicators]]
id = "thefts_per_1000"
source = "police"
measure = "rate"
per = "户数"
scale = 1000
where = {{ category = "盗窃" }}
better = "lower"
normalize = "min-max"

[[boards]]
id = "roads"
title = "靓丽道路排行榜"
kind = "road"
decimals = 1

[[boards.indicators]]
id = "cases"
source = "grid"
measure = "count"
better = "lower"
normalize = "min-max"
"#
    )
}

/// Ranks the case's folder (named `test`), with the lists as workbooks or CSV.
fn rank(test: &str, workbooks: bool) -> Rankings {
    let dir = folder(&format!("{test}-{}", if workbooks { "xlsx" } else { "csv" }));
    let neighborhoods = write_list(&dir, "小区名录", NEIGHBORHOODS, workbooks);
    let roads = write_list(&dir, "道路一览", ROADS, workbooks);
    std::fs::write(dir.join("police.csv"), POLICE).unwrap();
    std::fs::write(dir.join("grid.csv"), GRID).unwrap();
    let spec = dir.join("spec.toml");
    std::fs::write(&spec, spec_text(&neighborhoods, &roads)).unwrap();
    let spec = Spec::from_path(&spec).unwrap();
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
        assert_eq!(unmatched, ["天山一村居委会", "天山六村", "遵义路397弄天山6村"]);
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
        let unmatched: Vec<&str> = roads.unmatched.iter().map(|name| name.name.as_str()).collect();
        assert_eq!(
            unmatched,
            ["天山路街道", "天山路街道辖区内", "长宁区天山路街道办事处"]
        );
    }
}

#[test]
fn the_office_lists_keep_their_text_and_a_per_on_it_names_the_value() {
    let dir = folder("per-text");
    let neighborhoods = write_list(&dir, "小区名录", NEIGHBORHOODS, false);
    let roads = write_list(&dir, "道路一览", ROADS, false);
    std::fs::write(dir.join("police.csv"), POLICE).unwrap();
    std::fs::write(dir.join("grid.csv"), GRID).unwrap();
    let spec = dir.join("spec.toml");
    std::fs::write(
        &spec,
        spec_text(&neighborhoods, &roads).replace("per = \"户数\"", "per = \"居委会\""),
    )
    .unwrap();
    let spec = Spec::from_path(&spec).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.ends_with("小区名录.csv:2: column '居委会': cannot read \"天山一村居委会\" as a decimal"),
        "{message}"
    );
    let places = livability::Gazetteer::from_files(spec.places_files(), livability::Encoding::Auto).unwrap();
    assert_eq!(places.attributes(), ["户数", "长度(米)"]);
    assert_eq!(places.text_attributes(), ["居委会"]);
    let third = places.find(PlaceKind::Neighborhood, "天山三村").unwrap();
    assert_eq!(third.id(), "天山三村");
    assert_eq!(third.aliases(), ["天山3村", "天山三村(东块)"]);
    assert_eq!(third.text("居委会"), Some("天山三村居委会"));
}
