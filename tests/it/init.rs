//! `livability init`: a starter spec for a folder of exports, recognized by their headers.

#![cfg(feature = "spreadsheet")]

use crate::common;
use crate::workbooks;

use std::path::{Path, PathBuf};

use livability::input::SourceKind;
use livability::{Format, Options, Spec, init::Role};

fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("init")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of the Tianshan exports, without their spec.
fn tianshan(dir: &Path) {
    for file in [
        "grid.csv",
        "hotline.csv",
        "places.csv",
        "police.csv",
        "sanitation.csv",
    ] {
        std::fs::copy(Path::new("fixtures/tianshan").join(file), dir.join(file)).unwrap();
    }
}

#[test]
fn the_spec_written_for_the_tianshan_exports_ranks_as_the_newsletter() {
    let dir = folder("tianshan");
    tianshan(&dir);
    let starter = livability::init::init(&dir).unwrap();
    assert!(
        starter.unrecognized.is_empty(),
        "{:?}",
        starter.unrecognized
    );
    assert!(starter.left_out.is_empty(), "{:?}", starter.left_out);
    let roles: Vec<(&str, Role)> = starter
        .recognized
        .iter()
        .map(|found| (found.file.as_str(), found.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("grid.csv", Role::Source(SourceKind::Grid)),
            ("hotline.csv", Role::Source(SourceKind::Hotline)),
            ("places.csv", Role::Places),
            ("police.csv", Role::Source(SourceKind::Police)),
            ("sanitation.csv", Role::Source(SourceKind::Sanitation)),
        ]
    );
    std::fs::write(dir.join("spec.toml"), &starter.spec).unwrap();
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    // The latest month of the records, and the seed's boards: the published newsletter.
    assert_eq!(
        rankings.to_string_as(Format::Newsletter),
        common::seed_board()
    );
}

#[test]
fn workbooks_are_recognized_and_what_cannot_be_placed_is_named() {
    let dir = folder("workbooks");
    tianshan(&dir);
    for stem in ["grid", "police"] {
        let csv = dir.join(format!("{stem}.csv"));
        workbooks::csv_to_xlsx(&csv, &dir.join(format!("{stem}.xlsx")), stem, true);
        std::fs::remove_file(csv).unwrap();
    }
    std::fs::remove_file(dir.join("sanitation.csv")).unwrap();
    std::fs::write(dir.join("notes.csv"), "备注,日期\n今天,开会\n").unwrap();
    let starter = livability::init::init(&dir).unwrap();
    assert_eq!(starter.unrecognized.len(), 1);
    assert_eq!(starter.unrecognized[0].file, "notes.csv");
    assert!(starter.unrecognized[0].why.starts_with("no time column"));
    assert_eq!(
        starter.left_out,
        ["board 'beautiful-neighborhoods' needs a sanitation export"]
    );
    assert!(starter.spec.contains("file = \"grid.xlsx\""));
    let spec = Spec::from_toml_str(&starter.spec, dir.join("spec.toml")).unwrap();
    assert_eq!(
        spec.board_ids().collect::<Vec<_>>(),
        ["beautiful-roads", "safe-neighborhoods"]
    );
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    assert_eq!(rankings.boards[0].entries[0].place, "芙蓉江路");
}

#[test]
fn a_csv_header_below_a_title_and_a_blank_line_is_named_by_its_physical_line() {
    let dir = folder("csv-title");
    tianshan(&dir);
    let police = std::fs::read_to_string(dir.join("police.csv")).unwrap();
    std::fs::write(
        dir.join("police.csv"),
        format!("天山路派出所警情明细\r\n\r\n导出日期：2018-12-01,\r\n{police}"),
    )
    .unwrap();
    let starter = livability::init::init(&dir).unwrap();
    let police = starter
        .recognized
        .iter()
        .find(|found| found.file == "police.csv")
        .unwrap();
    assert_eq!(police.role, Role::Source(SourceKind::Police));
    // Line 4: the blank line 2 is no row to the CSV reader, but a line of the file.
    assert_eq!(police.header_row, 4);
    // Reading finds that header by itself: the spec names no header row, and ranks.
    assert!(!police.header_row_needed);
    assert!(!starter.spec.contains("header_row"), "{}", starter.spec);
    std::fs::write(dir.join("spec.toml"), &starter.spec).unwrap();
    let spec = Spec::from_path(dir.join("spec.toml")).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    assert_eq!(
        rankings.to_string_as(Format::Newsletter),
        common::seed_board()
    );
}
