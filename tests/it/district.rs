//! Issue 24's units on the district fixture (`tests/district/`): three streets, their
//! communities, grid cells, neighborhoods and roads, handling units, a year of the four
//! sources. Boards ranked inside groups with per-group red and black lists, a street board
//! rolled up from neighborhoods, in every format from one pipeline run; and the properties:
//! roll-ups reconcile, ranking inside a group equals ranking that group alone. The fixture's
//! periods and history are `history.rs`'s.

use std::sync::OnceLock;

use proptest::prelude::*;

use crate::common::{assert_golden, assert_goldens};
use crate::hierarchy::{Top, group_spec, shown, tree};
use livability::input::TableRow;
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Decimal, Format, Options, Ranker, Rankings, Spec};

/// The fixture's spec, by a relative path as a user would give it: paths in the output stay
/// machine-independent.
pub(crate) fn spec() -> Spec {
    Spec::from_path("tests/district/spec.toml").unwrap()
}

/// The fixture's boards of its period, ranked once for every test of this module and of
/// `history.rs`.
pub(crate) fn district() -> &'static Rankings {
    static RANKINGS: OnceLock<Rankings> = OnceLock::new();
    RANKINGS.get_or_init(|| livability::rank(&spec(), &Options::new().threads(1)).unwrap())
}

#[test]
fn boards_inside_groups_and_rolled_up_in_every_format() {
    let rankings = district();
    assert_goldens(
        rankings,
        "tests/golden/district",
        &[
            (Format::Table, "rank.txt"),
            (Format::Newsletter, "newsletter.txt"),
            (Format::Csv, "rank.csv"),
            (Format::Json, "rank.json"),
            (Format::Markdown, "rank.md"),
        ],
    );
    // The report as `livability check` prints it: records by the level they reached.
    assert_golden(
        "tests/golden/district/check.txt",
        &rankings.quality.to_text(),
    );
    // The workbook and the page have a board (a sheet, a section) per group too.
    #[cfg(feature = "html")]
    assert!(
        rankings
            .to_string_as(Format::Html)
            .contains("天山街道·小区投诉排行榜")
    );
    #[cfg(feature = "xlsx")]
    {
        let mut workbook = Vec::new();
        rankings.render(Format::Xlsx, &mut workbook).unwrap();
        assert!(workbook.starts_with(b"PK"));
    }
}

#[test]
fn each_group_is_a_board_of_its_own_after_the_overall_one() {
    let rankings = district();
    let shown: Vec<(&str, Option<&str>, usize)> = rankings
        .boards
        .iter()
        .skip(3)
        .map(|board| {
            (
                board.id.as_str(),
                board.group.as_deref(),
                board.entries.len(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("neighborhoods-by-street", None, 12),
            ("neighborhoods-by-street", Some("天山街道"), 4),
            ("neighborhoods-by-street", Some("仙霞街道"), 4),
            ("neighborhoods-by-street", Some("虹桥街道"), 4),
            ("streets", None, 3),
            ("grids", None, 6),
            ("handlers", None, 6),
            ("handlers", Some("市政"), 2),
            ("handlers", Some("城管"), 2),
            ("handlers", Some("物业"), 2),
        ]
    );
    // Per group: its red list (the best two), its black list (the worst one).
    for board in &rankings.boards[4..7] {
        assert_eq!(board.listed().count(), 2, "{}", board.title);
        assert_eq!(board.worst().len(), 1, "{}", board.title);
    }
}

#[test]
fn the_report_counts_records_by_the_level_they_reached_and_reconciles() {
    let source = district()
        .quality
        .sources
        .iter()
        .find(|source| source.source == "hotline")
        .unwrap();
    assert!(source.reconciles());
    let reached: u64 = source.reached.iter().map(|level| level.records).sum();
    assert_eq!(reached, source.used);
    let kinds: Vec<PlaceKind> = source.reached.iter().map(|level| level.kind).collect();
    assert!(kinds.contains(&PlaceKind::Community) && kinds.contains(&PlaceKind::Street));
    // Records naming a community alone reach the street, not a neighborhood.
    let street = source
        .kinds
        .iter()
        .find(|kind| kind.kind == PlaceKind::Street)
        .unwrap();
    assert!(street.through_below > 0);
}

/// The street board divides by households added up the chain: 天山街道's are its two
/// communities' (their neighborhoods' sums), 仙霞街道's include the 2240 仙霞二社区 gives itself
/// (its neighborhoods have 1932).
#[test]
fn households_add_up_the_chain_unless_a_level_gives_its_own() {
    let places = Gazetteer::from_path(
        "tests/district/places.csv",
        livability::input::Encoding::Auto,
    )
    .unwrap();
    let households = |id: &str| {
        places
            .places()
            .iter()
            .find(|place| place.id() == id)
            .and_then(|place| place.attribute("households"))
    };
    assert_eq!(households("C0"), Some(Decimal::from(2549 + 1689)));
    assert_eq!(
        households("S0"),
        Some(Decimal::from(2549 + 1689 + 1167 + 1264))
    );
    assert_eq!(households("C3"), Some(Decimal::from(2240)));
    assert_eq!(households("S1"), Some(Decimal::from(2516 + 1707 + 2240)));
    assert_eq!(households("R1"), None);
}

/// Streets as the top level of a random tree: a built-in kind, the board rolled up.
const STREET_TOP: Top = Top {
    declaration: "",
    board: "unit = \"street\"",
    kind: |_| PlaceKind::Street,
    id: "S",
    name: "街",
    column: "street",
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A street's count is the sum of its communities' plus the records placed on the street
    /// alone; a community's, the sum of its neighborhoods' plus those naming it alone.
    #[test]
    fn roll_ups_reconcile(tree in tree()) {
        tree.check_roll_ups(&STREET_TOP)?;
    }

    /// Ranked inside groups, each group's board is the board of that group alone: the same
    /// places, ranks, scores and ties.
    #[test]
    fn ranking_inside_a_group_equals_ranking_that_group_alone(
        parents in prop::collection::vec(0usize..3, 1..9),
        values in prop::collection::vec(prop::option::of(0i64..=6), 9),
        method in prop::sample::select(&crate::common::METHODS[..]),
    ) {
        let spec = |grouped: bool| group_spec("", grouped.then_some("parent"), method);
        let rank = |spec: &Spec, members: &[usize]| -> Rankings {
            let streets = (0..3).map(|s| Place::new(format!("S{s}"), PlaceKind::Street, format!("街{s}")));
            let places = members.iter().map(|&n| {
                Place::new(format!("N{n}"), PlaceKind::Neighborhood, format!("村{n}")).with_parent(format!("S{}", parents[n]))
            });
            let gazetteer = Gazetteer::new(streets.chain(places)).unwrap();
            let mut ranker = Ranker::new(spec, &gazetteer, &Options::new()).unwrap();
            for &n in members {
                if let Some(value) = values[n] {
                    let row = TableRow::new("2024-11".parse().unwrap(), format!("村{n}"), "v", Decimal::from(value));
                    ranker.add_table_row("t", row).unwrap();
                }
            }
            ranker.finish().unwrap()
        };
        let all: Vec<usize> = (0..parents.len()).collect();
        let grouped = rank(&spec(true), &all);
        for board in grouped.boards.iter().filter(|board| board.group.is_some()) {
            let street = board.group.as_deref().unwrap().trim_start_matches('街').parse::<usize>().unwrap();
            let members: Vec<usize> = all.iter().copied().filter(|&n| parents[n] == street).collect();
            let alone = rank(&spec(false), &members);
            prop_assert_eq!(shown(board), shown(&alone.boards[0]));
        }
    }
}

/// The fixture is what the README's command writes: the generator, run again with its options,
/// writes the same places and records byte for byte (the spec is hand-edited after, so it is
/// left out).
#[cfg(feature = "generate")]
#[test]
fn the_fixture_is_what_the_generator_writes() {
    use livability::generate::CityOptions;
    let options = CityOptions::new(12, 6, 3600)
        .months(12)
        .seed(24)
        .streets(3, 2)
        .handlers(6);
    let folder = std::env::temp_dir().join(format!(
        "livability-district-fixture-{}",
        std::process::id()
    ));
    let city = livability::generate::generate_city(&options, &folder).unwrap();
    assert_eq!(city.records, 3600);
    for file in [
        "places.csv",
        "hotline.csv",
        "grid.csv",
        "police.csv",
        "sanitation.csv",
    ] {
        let written = std::fs::read(folder.join(file)).unwrap();
        let fixture = std::fs::read(std::path::Path::new("tests/district").join(file)).unwrap();
        assert!(written == fixture, "{file} differs from the generator's");
    }
    // The generated spec has every board of the fixture's, by id.
    let generated = Spec::from_path(folder.join("spec.toml")).unwrap();
    let ids = |spec: &Spec| -> Vec<String> { spec.board_ids().map(str::to_owned).collect() };
    assert_eq!(ids(&generated), ids(&spec()));
    std::fs::remove_dir_all(&folder).ok();
}
