//! Issue 24's kinds the spec declares: a district with a 片区 (area) level between its street
//! and its communities, written inline. A board of areas rolled up from neighborhoods and a
//! board of neighborhoods ranked inside their area, with the coverage per group, in every
//! text format from one run; the properties (roll-ups reconcile through a declared level,
//! ranking inside a declared kind's group equals ranking that group alone); an error per
//! declaration that makes no sense.

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;

use crate::common::{assert_golden, assert_goldens};
use crate::hierarchy::{Top, group_spec, shown, tree};
use livability::error::ErrorKind;
use livability::input::TableRow;
use livability::input::files::MemoryFiles;
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::quality::GroupCoverage;
use livability::{Decimal, Format, Options, Ranker, Rankings, Spec};

const SPEC: &str = r#"title = "片区宜居指数排行榜"
period = "2024-11"
places = "places.csv"

# 片区: the level the street office groups its communities by.
[kinds.area]
name = "片区"
above = "community"

[sources.hotline]
file = "hotline.csv"

# The areas, each counting its communities' and neighborhoods' tickets and those naming the
# area alone, per 1000 households added up the chain.
[[boards]]
id = "areas"
title = "片区投诉排行榜"
kind = "area"
decimals = 1

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
better = "lower"
normalize = "min-max"
weight = 1

# Each area's neighborhoods: its best (红榜) and its worst (黑榜).
[[boards]]
id = "neighborhoods-by-area"
title = "小区投诉排行榜"
kind = "neighborhood"
group_by = "片区"
top = 1
bottom = 1
decimals = 1

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
better = "lower"
normalize = "min-max"
weight = 1
"#;

/// One street, three areas (one written by its id, `area`), a community in each, six
/// neighborhoods; 仙霞片区's neighborhoods have no ticket (one names the area alone).
const PLACES: &str = "id,kind,name,parent,households
S1,街道,天山街道,,
A1,片区,天山东片区,S1,
A2,片区,天山西片区,S1,
A3,area,仙霞片区,S1,
C1,社区,天山一社区,A1,
C2,社区,天山二社区,A2,
C3,社区,仙霞社区,A3,
N1,小区,天山一村,C1,500
N2,小区,天山二村,C1,400
N3,小区,天山三村,C2,600
N4,小区,天山四村,C2,300
N5,小区,仙霞新村,C3,800
N6,小区,仙霞花园,C3,200
";

const HOTLINE: &str = "工单编号,受理时间,诉求类型,小区,社区,片区,是否满意
T01,2024-11-02 09:10,投诉,天山一村,,,满意
T02,2024-11-03 10:20,投诉,天山一村,,,不满意
T03,2024-11-04 11:30,投诉,天山一村,,,满意
T04,2024-11-05 12:40,投诉,天山二村,,,满意
T05,2024-11-06 13:50,投诉,天山三村,,,不满意
T06,2024-11-07 14:00,投诉,天山三村,,,满意
T07,2024-11-08 15:10,投诉,天山四村,,,满意
T08,2024-11-09 16:20,投诉,天山四村,,,满意
T09,2024-11-10 17:30,投诉,天山四村,,,不满意
T10,2024-11-11 08:40,投诉,,天山一社区,,满意
T11,2024-11-12 09:50,投诉,,,天山西片区,满意
T12,2024-11-13 10:00,投诉,,,仙霞片区,满意
T13,2024-11-14 11:10,投诉,,,,满意
T14,2024-10-30 12:20,投诉,天山一村,,,满意
";

/// The district's files, in memory as the page holds what an analyst dropped.
fn files() -> Arc<MemoryFiles> {
    let mut files = MemoryFiles::new();
    for (name, text) in [
        ("spec.toml", SPEC),
        ("places.csv", PLACES),
        ("hotline.csv", HOTLINE),
    ] {
        files.insert(format!("kinds/{name}"), text.as_bytes().to_vec());
    }
    Arc::new(files)
}

/// The district ranked once for every test of this module.
fn district() -> &'static Rankings {
    static RANKINGS: OnceLock<Rankings> = OnceLock::new();
    RANKINGS.get_or_init(|| {
        let files = files();
        let spec = Spec::from_path_in("kinds/spec.toml", files.clone()).unwrap();
        livability::rank(&spec, &Options::new().files(files)).unwrap()
    })
}

#[test]
fn a_declared_level_ranks_and_groups_in_every_format() {
    let rankings = district();
    assert_goldens(
        rankings,
        "tests/golden/kinds",
        &[
            (Format::Table, "rank.txt"),
            (Format::Csv, "rank.csv"),
            (Format::Json, "rank.json"),
            (Format::Markdown, "rank.md"),
        ],
    );
    assert_golden("tests/golden/kinds/check.txt", &rankings.quality.to_text());
    #[cfg(feature = "html")]
    {
        let page = rankings.to_string_as(Format::Html);
        assert!(page.contains("分组覆盖") && page.contains("天山东片区·小区投诉排行榜"));
    }
    #[cfg(feature = "xlsx")]
    {
        let mut workbook = Vec::new();
        rankings.render(Format::Xlsx, &mut workbook).unwrap();
        assert!(workbook.starts_with(b"PK"));
    }
}

#[test]
fn areas_add_up_their_communities_and_the_tickets_naming_them_alone() {
    let rankings = district();
    let areas = &rankings.boards[0];
    assert_eq!(areas.kind.as_str(), "area");
    assert_eq!(areas.kind.chinese(), "片区");
    let value = |id: &str| {
        let entry = areas.entries.iter().find(|entry| entry.place_id == id);
        entry.and_then(|entry| entry.indicators[0].value)
    };
    // 天山东片区: T01–T04 and T10 (its community alone) over 900 households.
    assert_eq!(
        value("A1"),
        Some(Decimal::new(5, 0) * Decimal::from(1000) / Decimal::from(900))
    );
    // 天山西片区: T05–T09 and T11 (the area alone) over 900.
    assert_eq!(
        value("A2"),
        Some(Decimal::from(6) * Decimal::from(1000) / Decimal::from(900))
    );
    // 仙霞片区: T12 alone, over 1000.
    assert_eq!(value("A3"), Some(Decimal::ONE));
    let source = &rankings.quality.sources[0];
    assert!(source.reconciles());
    let area = source.reached.iter().find(|level| level.kind == areas.kind);
    assert_eq!(area.map(|level| level.records), Some(2));
}

#[test]
fn coverage_per_group_shows_the_area_whose_neighborhoods_have_no_records() {
    let rankings = district();
    let shown: Vec<(&str, u64, u64, u64)> = rankings
        .quality
        .groups
        .iter()
        .map(|group| {
            (
                group.group.as_str(),
                group.places,
                group.reached,
                group.records,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("天山东片区", 2, 2, 4),
            ("天山西片区", 2, 2, 5),
            ("仙霞片区", 2, 0, 0),
        ]
    );
    let board = rankings
        .boards
        .iter()
        .find(|board| board.id == "neighborhoods-by-area" && board.group.is_none())
        .unwrap();
    assert!(GroupCoverage::reconciles(
        &board.id,
        &rankings.quality.groups,
        &board.coverage
    ));
}

// ----- properties -----

/// The declarations of the properties' specs: 片区 between street and community.
const AREA: &str = "[kinds.area]\nname = \"片区\"\nabove = \"community\"\n";

fn area_kind(spec: &Spec) -> PlaceKind {
    spec.kinds().find("area").unwrap()
}

/// How many areas the group proptest draws its places under.
const AREAS: usize = 3;

/// Areas as the top level of a random tree: a declared kind.
const AREA_TOP: Top = Top {
    declaration: AREA,
    board: "kind = \"片区\"",
    kind: area_kind,
    id: "A",
    name: "片",
    column: "area",
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// An area's count is the sum of its communities' plus the records naming the area
    /// alone; a community's, the sum of its neighborhoods' plus those naming it alone.
    #[test]
    fn roll_ups_reconcile_through_a_declared_level(tree in tree()) {
        tree.check_roll_ups(&AREA_TOP)?;
    }

    /// Ranked inside the declared areas, each area's board is the board of that area alone:
    /// the same places, ranks, scores and ties.
    #[test]
    fn ranking_inside_a_declared_group_equals_ranking_that_group_alone(
        parents in prop::collection::vec(0usize..AREAS, 1..9),
        values in prop::collection::vec(prop::option::of(0i64..=6), 9),
        method in prop::sample::select(&crate::common::METHODS[..]),
    ) {
        let spec = |grouped: bool| group_spec(AREA, grouped.then_some("area"), method);
        let rank = |spec: &Spec, members: &[usize]| -> Rankings {
            let area = area_kind(spec);
            let areas = (0..AREAS).map(|a| Place::new(format!("A{a}"), area, format!("片{a}")));
            // A community per area between it and its neighborhoods: the group is found up
            // the chain, not only at the parent.
            let communities = (0..AREAS).map(|a| {
                Place::new(format!("C{a}"), PlaceKind::Community, format!("社{a}")).with_parent(format!("A{a}"))
            });
            let places = members.iter().map(|&n| {
                Place::new(format!("N{n}"), PlaceKind::Neighborhood, format!("村{n}")).with_parent(format!("C{}", parents[n]))
            });
            let gazetteer = Gazetteer::new(areas.chain(communities).chain(places)).unwrap();
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
            let area = board.group.as_deref().unwrap().trim_start_matches('片').parse::<usize>().unwrap();
            let members: Vec<usize> = all.iter().copied().filter(|&n| parents[n] == area).collect();
            let alone = rank(&spec(false), &members);
            prop_assert_eq!(shown(board), shown(&alone.boards[0]));
        }
    }
}

// ----- errors -----

/// The error of a spec whose `[kinds]` (and first board's kind) are `kinds` and `kind`.
fn spec_error(kinds: &str, kind: &str) -> livability::Error {
    let text = format!(
        "period = \"2024-11\"\n{kinds}\n[sources.h]\nkind = \"hotline\"\n\
         [[boards]]\nid = \"b\"\nkind = \"{kind}\"\n\
         [[boards.indicators]]\nid = \"n\"\nsource = \"h\"\nmeasure = \"count\"\nbetter = \"lower\"\nnormalize = \"none\"\nweight = 1\n"
    );
    Spec::from_toml_str(&text, "spec.toml").unwrap_err()
}

#[test]
fn a_board_of_a_kind_neither_built_in_nor_declared_suggests_the_nearest() {
    let error = spec_error(AREA, "aera");
    assert!(matches!(error.kind(), ErrorKind::UnknownKind { .. }));
    assert_eq!(
        error.to_string(),
        "spec.toml: boards[0].kind: unknown kind of place 'aera', expected one of `road`, `neighborhood`, `street`, `community`, `grid`, `handler`, `area` (did you mean `area`?)"
    );
    // Without the declaration, 片区 is no kind.
    let error = spec_error("", "片区");
    assert!(matches!(error.kind(), ErrorKind::UnknownKind { .. }));
}

#[test]
fn a_declared_kind_with_a_built_in_kinds_name_is_refused() {
    let error = spec_error(
        "[kinds.town]\nname = \"镇\"\nabove = \"community\"\n",
        "street",
    );
    assert!(matches!(error.kind(), ErrorKind::KindClash { .. }));
    assert_eq!(
        error.to_string(),
        "spec.toml: kinds.town.name: kind 'town': '镇' is already the id or name of kind 'street'"
    );
    let two = "[kinds.area]\nname = \"片区\"\n[kinds.zone]\nname = \"片区\"\n";
    let error = spec_error(two, "road");
    assert!(
        matches!(error.kind(), ErrorKind::KindClash { with, .. } if with == "zone" || with == "area")
    );
}

#[test]
fn a_level_order_that_makes_no_sense_is_refused_at_its_key() {
    // Above a kind that does not exist.
    let error = spec_error(
        "[kinds.area]\nname = \"片区\"\nabove = \"comunity\"\n",
        "road",
    );
    assert!(
        matches!(error.kind(), ErrorKind::UnknownKind { hint, .. } if hint.contains("community"))
    );
    assert!(
        error
            .to_string()
            .starts_with("spec.toml: kinds.area.above: "),
        "{error}"
    );
    // A cycle.
    let cycle =
        "[kinds.a]\nname = \"甲\"\nabove = \"b\"\n[kinds.b]\nname = \"乙\"\nbelow = \"a\"\n";
    let error = spec_error(cycle, "road");
    assert!(
        matches!(error.kind(), ErrorKind::KindCycle { .. }),
        "{error}"
    );
    // Both above and below.
    let both = "[kinds.area]\nname = \"片区\"\nabove = \"community\"\nbelow = \"street\"\n";
    let error = spec_error(both, "road");
    assert!(matches!(error.kind(), ErrorKind::UnusedKey { .. }));
    assert!(
        error
            .to_string()
            .starts_with("spec.toml: kinds.area.below: "),
        "{error}"
    );
    // An id that cannot name a column.
    let error = spec_error("[kinds.Area-1]\nname = \"片区\"\n", "road");
    assert!(
        matches!(error.kind(), ErrorKind::SpecValue { .. }),
        "{error}"
    );
}

#[test]
fn more_kinds_than_a_run_may_have_are_refused() {
    let many: String = (0..11)
        .map(|n| format!("[kinds.k{n}]\nname = \"级{n}\"\n"))
        .collect();
    let error = spec_error(&many, "road");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::TooManyKinds {
                count: 11,
                most: 10
            }
        ),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "spec.toml: kinds: 11 kinds declared, at most 10 may be"
    );
}

#[test]
fn a_places_row_of_an_undeclared_kind_names_its_line_and_the_nearest_kind() {
    let mut files = MemoryFiles::new();
    files.insert("kinds/spec.toml", SPEC.as_bytes().to_vec());
    files.insert(
        "kinds/places.csv",
        PLACES.replace("A2,片区,", "A2,片去,").into_bytes(),
    );
    files.insert("kinds/hotline.csv", HOTLINE.as_bytes().to_vec());
    let files = Arc::new(files);
    let spec = Spec::from_path_in("kinds/spec.toml", files.clone()).unwrap();
    let error = livability::rank(&spec, &Options::new().files(files)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "kinds/places.csv:4: column 'kind': cannot read \"片去\" as a place kind (road/道路, neighborhood/小区, street/街道, community/社区, grid/网格, handler/承办单位 or area/片区); did you mean area/片区?"
    );
}

/// A ticket naming no place is lost to both boards, and the report's list of uncounted
/// records says so for the board of the declared kind too (it once listed the built-in
/// kinds' losses only).
#[test]
fn a_record_lost_to_a_declared_kinds_board_is_listed_for_it() {
    let hotline = &district().quality.sources[0];
    let mut boards: Vec<&str> = hotline
        .uncounted_records
        .iter()
        .filter(|record| record.id == "T13")
        .flat_map(|record| record.boards.iter().map(String::as_str))
        .collect();
    boards.sort_unstable();
    assert_eq!(boards, ["areas", "neighborhoods-by-area"]);
}
