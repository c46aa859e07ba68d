//! Streaks put to use (issue 24): an adjustment and a veto driven by a streak (连续3期末位的
//! 扣5分), on the `tests/district` fixture, against goldens in `tests/golden/district/streak/`; the property
//! that a streak's points equal the streak applied by hand to the periods ranked alone; the
//! streak flags in every output an office forwards.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::common::{assert_golden, assert_goldens};
use livability::error::{Conflict, ErrorKind};
use livability::render::{AnalysisFormat, Language};
use livability::schemes::{AdjustmentKind, Entry, StreakList};
use livability::{Board, Decimal, Format, Options, Period, Rankings, Spec};
use proptest::prelude::*;

/// The roads of the district fixture with a deduction for three periods running on the worst
/// list, a bonus for three on the list, and a veto for the neighborhoods two periods running
/// at the bottom.
const RULES: &str = r#"
title = "宜居指数排行榜"
period = "2018-11"
places = "places.csv"

[sources.grid]
file = "grid.csv"
[sources.hotline]
file = "hotline.csv"
[sources.sanitation]
file = "sanitation.csv"

[[boards]]
id = "beautiful-roads"
title = "靓丽道路排行榜"
kind = "road"
top = 3
bottom = 2
streak = 3
decimals = 1
tie_order = "pinyin"
ceiling = 100

[[boards.indicators]]
id = "cases_per_km"
source = "grid"
measure = "rate"
per = "length_km"
where = { category = ["市容环境", "街面秩序"] }
better = "lower"
weight = 60

[[boards.indicators]]
id = "hours_to_close"
source = "grid"
measure = "mean"
field = "hours_to_close"
where = { category = ["市容环境", "街面秩序"] }
better = "lower"
weight = 40

[[boards.adjustments]]
id = "worst-three-running"
kind = "deduct"
points = 5
streak = { list = "worst", periods = 3 }

[[boards.adjustments]]
id = "listed-three-running"
kind = "bonus"
points = 2
streak = { list = "上榜", periods = 3 }

[[boards]]
id = "beautiful-neighborhoods"
title = "美丽小区排行榜"
kind = "neighborhood"
top = 3
bottom = 2
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "sanitation_score"
source = "sanitation"
measure = "mean"
field = "score"
better = "higher"
normalize = "none"
weight = 50

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
where = { type = "投诉", category = ["环境卫生", "噪声扰民", "绿化市容"] }
better = "lower"
weight = 50

[[boards.vetoes]]
id = "bottom-two-running"
reason = "连续2期末位"
effect = "last"
streak = { list = "worst", periods = 2 }
"#;

fn spec(text: &str) -> Spec {
    // Named inside the fixture's folder, so that its files are found there.
    Spec::from_toml_str(text, "tests/district/streak-rules.toml").unwrap()
}

fn rank(spec: &Spec, options: &Options) -> Rankings {
    livability::rank(spec, &options.clone().threads(1)).unwrap()
}

fn period(text: &str) -> Period {
    text.parse().unwrap()
}

/// The run with the streak rules and a history of 6, shared by the goldens.
fn ruled() -> &'static Rankings {
    static RULED: OnceLock<Rankings> = OnceLock::new();
    RULED.get_or_init(|| rank(&spec(RULES), &Options::new().history(6)))
}

/// The bulletin (通报) of the rules' spec, made from a copy of it whose files are the
/// fixture's, by their full paths.
#[cfg(feature = "docx")]
fn bulletin() -> livability::render::bulletin::Bulletin {
    use livability::render::bulletin::{Bulletin, Template};
    let year = crate::common::root().join("tests/district");
    let mut text = RULES.to_owned();
    for file in ["places", "grid", "hotline", "sanitation"] {
        let path = year.join(format!("{file}.csv"));
        let path = path.to_str().unwrap().replace('\\', "/");
        text = text.replace(&format!("\"{file}.csv\""), &format!("'{path}'"));
    }
    let folder =
        std::env::temp_dir().join(format!("livability-streak-rules-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let spec = folder.join("spec.toml");
    std::fs::write(&spec, text).unwrap();
    let made = Bulletin::make(&spec, &Template::chinese(), &Options::new().threads(1));
    std::fs::remove_dir_all(&folder).unwrap();
    made.unwrap()
}

fn entry<'b>(board: &'b Board, place: &str) -> &'b Entry {
    board
        .entries
        .iter()
        .find(|entry| entry.place == place)
        .unwrap_or_else(|| panic!("{place} is not ranked"))
}

#[test]
fn a_streak_takes_and_gives_points_and_vetoes_on_its_own_record() {
    let rankings = ruled();
    let roads = &rankings.boards[0];
    // 天光路 was on the worst list in 2018-09, -10 and -11 (before any streak rule): five
    // points off; 天天路 three periods on the list: two points on; 天山路 and 天华路, on
    // the worst list now and then but never three periods running: nothing.
    for (place, points) in [("天光路", -5), ("天天路", 2), ("天山路", 0), ("天华路", 0)]
    {
        let adjusted: Decimal = entry(roads, place)
            .adjustments
            .iter()
            .map(|part| part.points)
            .sum();
        assert_eq!(adjusted, Decimal::from(points), "{place}");
    }
    let run = entry(roads, "天光路").adjustments[0]
        .streak
        .clone()
        .unwrap();
    assert_eq!(run.list, StreakList::Worst);
    assert_eq!(
        run.periods,
        [period("2018-09"), period("2018-10"), period("2018-11")]
    );
    // The bonus is added to the weighted score, then rounded to the board's one decimal.
    let listed = entry(roads, "天天路");
    assert_eq!(
        listed.score,
        (listed.aggregate.unwrap() + Decimal::from(2)).round_dp(1)
    );
    // The neighborhood at the bottom in October and November is ranked last, with the
    // periods that made it.
    let neighborhoods = &rankings.boards[1];
    let last = neighborhoods.entries.last().unwrap();
    assert_eq!(last.place, "天康小区");
    let veto = &last.vetoes[0];
    assert_eq!(veto.reason, "连续2期末位");
    assert_eq!(
        veto.streak.as_ref().unwrap().periods,
        [period("2018-10"), period("2018-11")]
    );
    assert!(
        rankings
            .quality
            .warnings
            .iter()
            .all(|warning| warning.name() != "streak-without-records")
    );
}

#[test]
fn streak_rules_and_flags_in_every_output() {
    let rankings = ruled();
    assert_goldens(
        rankings,
        "tests/golden/district/streak",
        &[
            (Format::Table, "streak-rules.txt"),
            (Format::Json, "streak-rules.json"),
            (Format::Newsletter, "streak-rules-newsletter.txt"),
        ],
    );
    let mut english = rankings.clone();
    english.language = Language::English;
    let table = english.to_string_as(Format::Table);
    assert!(table.contains("3 periods running on the worst list: 天光路"));
    assert_golden(
        "tests/golden/district/streak/streak-rules-en.md",
        &english.to_string_as(Format::Markdown),
    );
    #[cfg(feature = "docx")]
    assert_golden(
        "tests/golden/district/streak/streak-rules-bulletin.txt",
        &bulletin().text(),
    );
    #[cfg(feature = "picture")]
    {
        use livability::render::PictureOptions;
        let roads = &rankings.boards[0];
        let picture = rankings.board_picture(roads, &PictureOptions::new());
        assert!(picture.svg().contains("连续3期末位：天光路"));
        assert_golden(
            "tests/golden/district/streak/streak-roads.svg",
            picture.svg(),
        );
        let options = PictureOptions::new().language(Language::English);
        let picture = english.board_picture(&english.boards[0], &options);
        assert!(
            picture
                .svg()
                .contains("3 periods running on the list: 天天路")
        );
    }
    #[cfg(feature = "xlsx")]
    {
        use calamine::{Reader, Xlsx};
        let mut bytes = Vec::new();
        rankings.render(Format::Xlsx, &mut bytes).unwrap();
        let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let dump = crate::xlsx_output::dump(&mut workbook);
        // The boards' sheets, up to the first history's.
        let boards = dump
            .split("== ")
            .take(1 + rankings.boards.len())
            .collect::<Vec<_>>()
            .join("== ");
        assert!(boards.contains("连续3期末位：天光路"));
        assert_golden(
            "tests/golden/district/streak/streak-rules-sheets.txt",
            &boards,
        );
    }
}

#[test]
fn an_audit_traces_a_streaks_points_to_its_periods() {
    let (_, explanation) = livability::explain(
        &spec(RULES),
        &Options::new().threads(1),
        "beautiful-roads",
        "天光路",
    )
    .unwrap();
    let text = explanation.to_string_as(AnalysisFormat::Table);
    assert!(
        text.contains("连续3期末位：2018年9月、2018年10月、2018年11月"),
        "{text}"
    );
    let first_lines: String = text.lines().take(8).collect::<Vec<_>>().join("\n");
    assert_golden(
        "tests/golden/district/streak/streak-explain.txt",
        &(first_lines + "\n"),
    );
}

#[test]
fn a_streak_through_a_period_without_records_is_no_streak_and_the_report_says_so() {
    // The data begin in 2017-12: in 2018-01 a streak of three looks back to 2017-11.
    let rankings = rank(&spec(RULES), &Options::new().period(period("2018-01")));
    for entry in &rankings.boards[0].entries {
        assert!(entry.adjustments.iter().all(|part| part.points.is_zero()));
    }
    let warnings: Vec<String> = rankings
        .quality
        .warnings
        .iter()
        .filter(|warning| warning.name() == "streak-without-records")
        .map(ToString::to_string)
        .collect();
    // The roads' two rules of three periods; the neighborhoods' veto of two has its records.
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("'worst-three-running'") && warnings[0].contains("2017-11"));
    // From 2018-02 every streak's periods have records.
    let rankings = rank(&spec(RULES), &Options::new().period(period("2018-02")));
    assert!(
        rankings
            .quality
            .warnings
            .iter()
            .all(|warning| warning.name() != "streak-without-records")
    );
}

/// The roads' board of the rules' spec alone, with its streak rules replaced by `rules` and
/// a floor far below, so that no bound hides the points.
fn roads(rules: &str) -> Spec {
    let start = RULES.find("[[boards.adjustments]]").unwrap();
    let end = RULES
        .find("[[boards]]\nid = \"beautiful-neighborhoods\"")
        .unwrap();
    let text = format!(
        "{}{rules}\n",
        RULES[..start].replace("ceiling = 100", "floor = -1000")
    );
    let _ = end;
    spec(&text)
}

/// Each month of the fixture's year ranked alone with no streak rule: the roads' board.
fn ranked_alone() -> &'static HashMap<Period, Board> {
    static ALONE: OnceLock<HashMap<Period, Board>> = OnceLock::new();
    ALONE.get_or_init(|| {
        let spec = roads("");
        (1..=12)
            .map(|month| {
                let month = Period::month(if month == 12 { 2017 } else { 2018 }, month).unwrap();
                let rankings = rank(&spec, &Options::new().period(month));
                (month, rankings.boards[0].clone())
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// A streak's points are the streak applied by hand to the months ranked alone: the
    /// places on the list in each month of the run get the points, the others none, and
    /// each score is the same aggregate plus those points, rounded once.
    #[test]
    fn a_streaks_points_are_the_streak_applied_by_hand(
        worst in any::<bool>(),
        periods in 2u8..=4,
        tenths in 0i64..=200,
        bonus in any::<bool>(),
        month in 1u8..=12,
    ) {
        let list = if worst { "worst" } else { "listed" };
        let kind = if bonus { "bonus" } else { "deduct" };
        let points = Decimal::new(tenths, 1);
        let rule = format!(
            "[[boards.adjustments]]\nid = \"streak\"\nkind = \"{kind}\"\npoints = {points}\nstreak = {{ list = \"{list}\", periods = {periods} }}\n"
        );
        let month = Period::month(if month == 12 { 2017 } else { 2018 }, month).unwrap();
        let ruled = rank(&roads(&rule), &Options::new().period(month));
        let board = &ruled.boards[0];
        let alone = ranked_alone();
        let base = &alone[&month];
        // The run of months ending with this one, oldest first.
        let mut run = vec![month];
        while run.len() < usize::from(periods) {
            let Some(before) = run[0].previous() else { break };
            run.insert(0, before);
        }
        prop_assert_eq!(board.entries.len(), base.entries.len());
        for entry in &base.entries {
            let on = run.iter().all(|period| {
                alone.get(period).is_some_and(|board| {
                    board.entries.iter().any(|other| {
                        other.place_id == entry.place_id
                            && if worst { other.worst } else { other.listed }
                    })
                })
            });
            let expected = match (on, bonus) {
                (false, _) => Decimal::ZERO,
                (true, true) => points,
                (true, false) => -points,
            };
            let ruled = board.entries.iter().find(|other| other.place_id == entry.place_id).unwrap();
            prop_assert_eq!(ruled.aggregate, entry.aggregate);
            prop_assert_eq!(ruled.adjustments[0].points, expected);
            prop_assert_eq!(ruled.adjustments[0].kind, if bonus { AdjustmentKind::Bonus } else { AdjustmentKind::Deduct });
            prop_assert_eq!(ruled.adjustments[0].streak.is_some(), on);
            let total = entry.aggregate.unwrap() + expected;
            let rounded = total.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            prop_assert_eq!(ruled.score, rounded, "{}", entry.place);
        }
    }
}

#[test]
fn spec_errors_name_the_streak_key() {
    let with = |from: &str, to: &str| {
        assert!(RULES.contains(from), "{from}");
        Spec::from_toml_str(
            &RULES.replacen(from, to, 1),
            "tests/district/streak-rules.toml",
        )
        .unwrap_err()
    };
    let key = |error: &livability::Error| error.location().spec_key().map(str::to_owned);
    // A streak is no count: no source beside it.
    let error = with(
        "points = 5\nstreak",
        "points = 5\nsource = \"grid\"\nstreak",
    );
    assert!(
        matches!(error.kind(), ErrorKind::UnusedKey { key, .. } if key == "source"),
        "{error}"
    );
    assert_eq!(
        key(&error).as_deref(),
        Some("boards[0].adjustments[0].source")
    );
    // Periods from 2 to the longest history.
    let error = with("periods = 3 }", "periods = 1 }");
    assert!(
        matches!(error.kind(), ErrorKind::SpecValue { .. }),
        "{error}"
    );
    assert_eq!(
        key(&error).as_deref(),
        Some("boards[0].adjustments[0].streak.periods")
    );
    // A list the spec does not know.
    let error = with("list = \"worst\"", "list = \"best\"");
    assert!(matches!(error.kind(), ErrorKind::SpecKey(_)), "{error}");
    assert_eq!(
        key(&error).as_deref(),
        Some("boards[0].adjustments[0].streak.list")
    );
    // A worst list the board does not have.
    let error = with("bottom = 2\nstreak = 3", "streak = 3");
    assert!(
        matches!(error.kind(), ErrorKind::Conflict(Conflict::StreakWithoutList { list, .. }) if list == "worst"),
        "{error}"
    );
    assert_eq!(
        key(&error).as_deref(),
        Some("boards[0].adjustments[0].streak.list")
    );
    // An improvement board ranks changes, not standings.
    let error = with(
        "tie_order = \"pinyin\"\nceiling",
        "tie_order = \"pinyin\"\nrank_by = \"change\"\nceiling",
    );
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Conflict(Conflict::StreakOnImprovement)
        ),
        "{error}"
    );
    assert_eq!(
        key(&error).as_deref(),
        Some("boards[0].adjustments[0].streak")
    );
}

#[test]
fn sql_refuses_a_streak_rule_by_its_key() {
    let error =
        livability::sql::sql(&spec(RULES), livability::sql::Dialect::DuckDb, None).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::SqlUnexpressible { .. }),
        "{error}"
    );
    assert_eq!(
        error.location().spec_key(),
        Some("boards[0].adjustments[0].streak")
    );
    assert!(
        error.to_string().contains("boards[1].vetoes[0].streak"),
        "{error}"
    );
}

#[test]
fn each_month_of_a_history_with_streak_rules_is_that_month_ranked_alone() {
    let rankings = ruled();
    let periods = &rankings.histories[0].periods;
    // The first month of the history, whose streaks reach before it, and the last.
    for &month in [periods[0], periods[periods.len() - 1]].iter() {
        let position = periods.iter().position(|&period| period == month).unwrap();
        let alone = rank(&spec(RULES), &Options::new().period(month));
        for (history, board) in rankings.histories.iter().zip(&alone.boards) {
            for place in &history.places {
                let cell = place.periods[position];
                let entry = board
                    .entries
                    .iter()
                    .find(|entry| entry.place_id == place.place_id);
                assert_eq!(
                    cell.map(|cell| (cell.rank, cell.score, cell.worst)),
                    entry.map(|entry| (entry.rank, entry.score, entry.worst)),
                    "{} {} in {month}",
                    history.board,
                    place.place
                );
            }
        }
    }
}

/// Neighborhoods of two streets ranked inside their streets, with a deduction for two months
/// running at the bottom of the district.
const GROUPED: &str = r#"
period = "2024-02"
[sources.grid]
[[boards]]
id = "neighborhoods"
kind = "neighborhood"
group_by = "parent"
bottom = 1
overall_bottom = 1
[[boards.indicators]]
id = "cases"
source = "grid"
measure = "count"
better = "lower"
[[boards.adjustments]]
id = "bottom-two-running"
kind = "deduct"
points = 10
streak = { list = "worst", periods = 2 }
"#;

#[test]
fn a_board_inside_groups_judges_streaks_on_its_overall_list() {
    use livability::places::{Gazetteer, Place, PlaceKind};
    use livability::{Ranker, Record};
    let spec = Spec::from_toml_str(GROUPED, "spec.toml").unwrap();
    let places = Gazetteer::new([
        Place::new("S1", PlaceKind::Street, "甲街道"),
        Place::new("S2", PlaceKind::Street, "乙街道"),
        Place::new("N1", PlaceKind::Neighborhood, "一小区").with_parent("S1"),
        Place::new("N2", PlaceKind::Neighborhood, "二小区").with_parent("S1"),
        Place::new("N3", PlaceKind::Neighborhood, "三小区").with_parent("S2"),
        Place::new("N4", PlaceKind::Neighborhood, "四小区").with_parent("S2"),
    ])
    .unwrap();
    let mut ranker = Ranker::new(&spec, &places, &Options::new().threads(1)).unwrap();
    // Cases per month: 四小区 the worst of the district both months; 二小区 the worst of its
    // street both months, never of the district.
    let cases = [("2024-01-15", [0, 2, 1, 5]), ("2024-02-15", [1, 3, 0, 6])];
    let mut id = 0;
    for (day, counts) in cases {
        for (name, count) in ["一小区", "二小区", "三小区", "四小区"].iter().zip(counts)
        {
            for _ in 0..count {
                id += 1;
                let record = Record::new()
                    .with("id", id.to_string())
                    .with("time", day)
                    .with("neighborhood", *name);
                ranker.add_record("grid", &record).unwrap();
            }
        }
    }
    let rankings = ranker.finish().unwrap();
    let points = |board: &Board, place: &str| entry(board, place).adjustments[0].points;
    // The overall board, then each street's.
    let [overall, first, second] = &rankings.boards[..] else {
        panic!("{} boards", rankings.boards.len())
    };
    assert_eq!(points(overall, "四小区"), Decimal::from(-10));
    assert_eq!(points(overall, "二小区"), Decimal::ZERO);
    assert_eq!(first.group.as_deref(), Some("甲街道"));
    assert_eq!(points(first, "二小区"), Decimal::ZERO);
    assert_eq!(second.group.as_deref(), Some("乙街道"));
    assert_eq!(points(second, "四小区"), Decimal::from(-10));
}
