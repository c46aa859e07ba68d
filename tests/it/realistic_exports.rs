//! A folder of exports made the way offices make them (see `exports/mod.rs`), from a seed:
//! `init` recognizes each file, and `init` plus the lines a human decides (the boards'
//! filters and weights) rank as an independent oracle computes from the truth.

#![cfg(feature = "spreadsheet")]

use crate::exports;

use std::path::{Path, PathBuf};

use exports::{Variant, generate, oracle};
use livability::input::SourceKind;
use livability::places::PlaceKind;
use livability::{Options, Spec, init::Role};

/// What `init` found of a file: its name, role, source, sheet, header row and mapped columns.
type Found<'a> = (
    &'a str,
    Role,
    Option<&'a str>,
    Option<&'a str>,
    u32,
    Vec<(String, String)>,
);

/// Where the starter spec's boards begin: the lines below are the seed's, to decide.
const BOARDS_MARKER: &str = "# ----- The boards: the lines to decide -----";

fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("realistic-exports")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The starter spec `init` writes for `dir`, its boards replaced by the oracle's lines.
fn spec_for(dir: &Path) -> String {
    let starter = livability::init::init(dir).unwrap();
    let found = starter
        .spec
        .find(BOARDS_MARKER)
        .expect("the starter marks where the lines to decide begin");
    format!("{}{}", &starter.spec[..found], oracle::BOARDS)
}

#[test]
fn init_recognizes_every_export_as_offices_make_them() {
    let dir = folder("recognized");
    generate(&dir, 28, Variant::Clean);
    let starter = livability::init::init(&dir).unwrap();
    assert!(
        starter.unrecognized.is_empty(),
        "{:?}",
        starter.unrecognized
    );
    let found: Vec<Found<'_>> = starter
        .recognized
        .iter()
        .map(|found| {
            (
                found.file.as_str(),
                found.role,
                found.source.as_deref(),
                found.sheet.as_deref(),
                found.header_row,
                found.columns.clone(),
            )
        })
        .collect();
    let time = |header: &str| vec![("time".to_owned(), header.to_owned())];
    assert_eq!(
        found,
        [
            (
                "12345工单.csv",
                Role::Source(SourceKind::Hotline),
                Some("hotline"),
                None,
                1,
                time("来电时间")
            ),
            ("小区名录.xlsx", Role::Places, None, None, 3, vec![]),
            (
                "派出所警情.xlsx",
                Role::Source(SourceKind::Police),
                Some("police"),
                None,
                3,
                time("接报时间")
            ),
            (
                "环境卫生检查.xlsx",
                Role::Source(SourceKind::Sanitation),
                Some("sanitation"),
                None,
                3,
                vec![]
            ),
            (
                "网格案件2024年4月.xlsx",
                Role::Source(SourceKind::Grid),
                Some("grid"),
                Some("明细"),
                3,
                time("上报时间")
            ),
            (
                "网格案件2024年5月.xlsx",
                Role::Source(SourceKind::Grid),
                Some("grid"),
                Some("明细"),
                3,
                time("上报时间")
            ),
            (
                "道路一览.xlsx",
                Role::PlaceList(PlaceKind::Road),
                None,
                None,
                2,
                vec![]
            ),
        ]
    );
    let spec = &starter.spec;
    for line in [
        "period = \"2024-05\"",
        "places = [\"小区名录.xlsx\", { file = \"道路一览.xlsx\", kind = \"road\" }]",
        "file = [\"网格案件2024年4月.xlsx\", \"网格案件2024年5月.xlsx\"]",
        "sheet = \"明细\"",
        "[sources.hotline.columns]\ntime = \"来电时间\"",
        "[sources.police.columns]\ntime = \"接报时间\"",
        BOARDS_MARKER,
    ] {
        assert!(spec.contains(line), "no {line:?} in\n{spec}");
    }
    // Reading finds every header below the title and metadata rows by itself.
    assert!(
        starter
            .recognized
            .iter()
            .all(|found| !found.header_row_needed)
    );
    assert!(!spec.contains("header_row"), "{spec}");
    // The sources are written once each: the two months of the grid are one source.
    assert_eq!(spec.matches("[sources.grid]").count(), 1);
    assert!(!spec.contains("grid_2"));
    // The starter with the lines decided is a valid spec on its own.
    let decided = spec_for(&dir);
    let parsed = Spec::from_toml_str(&decided, dir.join("spec.toml")).unwrap();
    assert_eq!(
        parsed.board_ids().collect::<Vec<_>>(),
        [
            "beautiful-roads",
            "beautiful-neighborhoods",
            "safe-neighborhoods"
        ]
    );
    assert_eq!(
        parsed.source_files("grid").unwrap(),
        [
            dir.join("网格案件2024年4月.xlsx"),
            dir.join("网格案件2024年5月.xlsx")
        ]
    );
}

#[test]
fn a_seed_makes_the_same_folder() {
    let (a, b) = (folder("seed-a"), folder("seed-b"));
    let truth_a = generate(&a, 7, Variant::Clean);
    let truth_b = generate(&b, 7, Variant::Clean);
    assert_eq!(format!("{truth_a:?}"), format!("{truth_b:?}"));
    let bytes = |dir: &Path| std::fs::read(dir.join("12345工单.csv")).unwrap();
    assert_eq!(bytes(&a), bytes(&b));
    // The oracle ranks every place of each board.
    for (id, board) in oracle::boards(&truth_a) {
        let places = if id == "beautiful-roads" {
            exports::ROADS.len()
        } else {
            exports::NEIGHBORHOODS.len()
        };
        assert_eq!(board.len(), places, "{id}");
        assert_eq!(board[0].rank, 1, "{id}");
    }
}

#[test]
fn init_and_the_lines_to_decide_rank_as_the_oracle() {
    for seed in [28, 1024, 7] {
        let dir = folder(&format!("ranked-{seed}"));
        let truth = generate(&dir, seed, Variant::Clean);
        let path = dir.join("spec.toml");
        std::fs::write(&path, spec_for(&dir)).unwrap();
        let spec = Spec::from_path(&path).unwrap();
        let rankings = livability::rank(&spec, &Options::new()).unwrap();
        for ((id, expected), board) in oracle::boards(&truth).into_iter().zip(&rankings.boards) {
            assert_eq!(board.id, id);
            let mut got: Vec<oracle::Ranked> = board
                .entries
                .iter()
                .map(|entry| oracle::Ranked {
                    rank: entry.rank.to_string().parse().unwrap(),
                    place: entry.place.clone(),
                    score: format!("{:.1}", entry.score),
                })
                .collect();
            got.sort();
            assert_eq!(got, expected, "seed {seed}: board {id}");
        }
    }
}

#[test]
fn ids_damaged_by_excel_are_an_error_naming_the_column() {
    let dir = folder("damaged");
    generate(&dir, 28, Variant::DamagedIds);
    let path = dir.join("spec.toml");
    std::fs::write(&path, spec_for(&dir)).unwrap();
    let spec = Spec::from_path(&path).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    assert_eq!(error.location().column(), Some("工单号"), "{error}");
    assert!(error.to_string().contains("E+"), "{error}");
}
