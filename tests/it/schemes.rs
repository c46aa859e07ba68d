//! The published assessment schemes of `fixtures/schemes/`, reproduced: every board of every
//! fixture against the `expected.json` its independent oracle (`oracle.py`, exact fractions in
//! Python) computed: ranks, ties, published scores (on an improvement board, the change),
//! grades, vetoes, the unranked places and the best and worst lists.

use crate::common;

use std::path::Path;

use livability::schemes::Entry;
use livability::{Format, Options, Rankings, Spec};
use serde_json::Value;

const FIXTURES: [&str; 7] = [
    "yiju-2007",
    "jinhua-grid",
    "bengbu-hotline",
    "linyi-quarter",
    "wuhan-flags",
    "yangzhou-105",
    "ministry-improvement",
];

fn rankings(fixture: &str) -> (Rankings, Value) {
    // Relative to the crate (the tests' working folder), as the goldens name files.
    let folder = Path::new("fixtures/schemes").join(fixture);
    let spec = Spec::from_path(folder.join("spec.toml")).expect("the fixture's spec loads");
    let rankings = livability::rank(&spec, &Options::new().every_place(true))
        .expect("the fixture's boards are made");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json is JSON");
    (rankings, expected)
}

/// (rank, place id) pairs, sorted so that equals compare as sets: by rank, then id.
fn by_rank(mut pairs: Vec<(u64, String)>, worst_first: bool) -> Vec<(u64, String)> {
    pairs.sort_by(|a, b| {
        let ranks = if worst_first {
            b.0.cmp(&a.0)
        } else {
            a.0.cmp(&b.0)
        };
        ranks.then(a.1.cmp(&b.1))
    });
    pairs
}

fn rank_of(entry: &Entry) -> u64 {
    entry.rank.to_string().parse().expect("whole ranks")
}

fn ids(
    expected: &Value,
    key: &str,
    ranks: &[(String, u64)],
    worst_first: bool,
) -> Vec<(u64, String)> {
    let listed = expected[key].as_array().cloned().unwrap_or_default();
    by_rank(
        listed
            .iter()
            .map(|id| {
                let id = id.as_str().expect("place ids").to_owned();
                let rank = ranks
                    .iter()
                    .find(|(known, _)| *known == id)
                    .map(|(_, rank)| *rank)
                    .expect("a listed place is ranked");
                (rank, id)
            })
            .collect(),
        worst_first,
    )
}

#[test]
fn every_published_scheme_reproduces_its_oracle() {
    let mut failures = Vec::new();
    for fixture in FIXTURES {
        let (rankings, expected) = rankings(fixture);
        for want in expected["boards"].as_array().expect("boards") {
            let id = want["id"].as_str().expect("board id");
            let Some(board) = rankings.boards.iter().find(|board| board.id == id) else {
                failures.push(format!("{fixture}/{id}: no such board"));
                continue;
            };
            let improvement = board.rank_by == livability::schemes::RankBy::Change;
            let got: Vec<String> = board
                .entries
                .iter()
                .map(|entry| {
                    let score = match (improvement, entry.improvement) {
                        (true, Some(improvement)) => improvement.change.to_string(),
                        _ => entry.score.to_string(),
                    };
                    format!(
                        "{} {} tied={} score={score} grade={:?}",
                        entry.place_id,
                        rank_of(entry),
                        entry.tied,
                        entry.grade
                    )
                })
                .collect();
            let mut got = got;
            got.sort();
            let mut wanted: Vec<String> = want["ranked"]
                .as_array()
                .expect("ranked")
                .iter()
                .map(|place| {
                    format!(
                        "{} {} tied={} score={} grade={:?}",
                        place["place_id"].as_str().unwrap_or(""),
                        place["rank"].as_u64().unwrap_or(0),
                        place["tied"].as_bool().unwrap_or(false),
                        place["score"].as_str().unwrap_or(""),
                        place["grade"].as_str()
                    )
                })
                .collect();
            wanted.sort();
            if got != wanted {
                failures.push(format!(
                    "{fixture}/{id}: ranked\n  got:    {got:?}\n  wanted: {wanted:?}"
                ));
            }
            let mut unranked: Vec<&str> = board
                .unranked
                .iter()
                .map(|place| place.place_id.as_str())
                .collect();
            unranked.sort_unstable();
            let mut unranked_wanted: Vec<&str> = want["unranked"]
                .as_array()
                .map(|places| {
                    places
                        .iter()
                        .filter_map(|place| place["place_id"].as_str())
                        .collect()
                })
                .unwrap_or_default();
            unranked_wanted.sort_unstable();
            if unranked != unranked_wanted {
                failures.push(format!(
                    "{fixture}/{id}: unranked {unranked:?}, wanted {unranked_wanted:?}"
                ));
            }
            // Lists: the best within `top`, the worst (`bottom` or `below`) worst first.
            let ranks: Vec<(String, u64)> = board
                .entries
                .iter()
                .map(|entry| (entry.place_id.clone(), rank_of(entry)))
                .collect();
            let top: Vec<(u64, String)> = by_rank(
                board
                    .entries
                    .iter()
                    .filter(|entry| board.top.is_none_or(|top| entry.rank.within(top)))
                    .map(|entry| (rank_of(entry), entry.place_id.clone()))
                    .collect(),
                false,
            );
            if want.get("top").is_some() && top != ids(want, "top", &ranks, false) {
                failures.push(format!("{fixture}/{id}: top {top:?}"));
            }
            let worst: Vec<(u64, String)> = board
                .worst()
                .into_iter()
                .map(|entry| (rank_of(entry), entry.place_id.clone()))
                .collect();
            let worst_key = ["bottom", "below"]
                .into_iter()
                .find(|key| want.get(*key).is_some());
            match worst_key {
                Some(key) => {
                    if by_rank(worst.clone(), true) != ids(want, key, &ranks, true) {
                        failures.push(format!("{fixture}/{id}: {key} {worst:?}"));
                    }
                    // Worst first: ranks never improve along the list.
                    if worst.windows(2).any(|pair| pair[0].0 < pair[1].0) {
                        failures.push(format!("{fixture}/{id}: {key} not worst first: {worst:?}"));
                    }
                }
                None if !worst.is_empty() => {
                    failures.push(format!(
                        "{fixture}/{id}: an unexpected worst list {worst:?}"
                    ));
                }
                None => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every fixture in every format, byte for byte: the newsletter with its worst lists and
/// grades, the table and Markdown with their scheme columns, CSV and JSON.
#[test]
fn every_published_scheme_in_every_format() {
    for fixture in FIXTURES {
        // Relative to the crate, so that the goldens name files the same on every machine.
        let folder = Path::new("fixtures/schemes").join(fixture);
        let spec = Spec::from_path(folder.join("spec.toml")).expect("the fixture's spec loads");
        let rankings = livability::rank(&spec, &Options::new()).expect("the boards are made");
        for (format, extension) in [
            (Format::Newsletter, "newsletter.txt"),
            (Format::Table, "txt"),
            (Format::Markdown, "md"),
            (Format::Csv, "csv"),
            (Format::Json, "json"),
        ] {
            common::assert_golden(
                &format!("tests/golden/schemes/{fixture}.{extension}"),
                &rankings.to_string_as(format),
            );
        }
    }
}

/// A veto's or adjustment's filter that matches nothing this month is no warning: fires and
/// media exposures rightly happen in few months. A board's own filter still warns.
#[test]
fn vetoes_that_strike_nothing_raise_no_warning() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schemes/yiju-2007");
    let text = std::fs::read_to_string(folder.join("spec.toml")).expect("spec");
    // No incident of the year is an explosion.
    let quiet = text.replacen("[\"群体性事件\"]", "[\"爆炸\"]", 1);
    assert_ne!(quiet, text);
    let spec = Spec::from_toml_str(&quiet, folder.join("spec.toml")).expect("spec loads");
    let rankings = livability::rank(&spec, &Options::new()).expect("boards");
    assert!(
        rankings.quality.warnings.is_empty(),
        "{:?}",
        rankings.quality.warnings
    );
}

/// Grades by rank share, fed from memory: a grade holds at most ⌊share × n⌋ places and a
/// group of equals that would pass it goes whole to the next; a place vetoed `last` ranks
/// after every other, whatever its score.
#[test]
fn share_grades_never_split_equals_and_last_vetoes_rank_last() {
    use livability::Ranker;
    use livability::input::TableRow;
    use livability::places::{Gazetteer, Place, PlaceKind};
    let spec = Spec::from_toml_str(
        r#"
        period = "2018-11"
        [sources.t]
        kind = "table"
        [[boards]]
        id = "b"
        kind = "neighborhood"
        decimals = 0
        tie_order = "id"
        grades = [{ name = "A", share = 0.2 }, { name = "B", share = 0.3 }, { name = "C" }]
        [[boards.indicators]]
        id = "score"
        source = "t"
        measure = "value"
        better = "higher"
        normalize = "none"
        [[boards.indicators]]
        id = "incidents"
        source = "t"
        measure = "value"
        better = "lower"
        weight = 0
        [[boards.vetoes]]
        id = "fire"
        reason = "火灾"
        indicator = "incidents"
        at_least = 1
        effect = "last"
        "#,
        "spec.toml",
    )
    .expect("spec");
    let scores = [100, 90, 90, 80, 70, 60, 50, 40, 30, 20];
    let places = Gazetteer::new(
        (0..scores.len())
            .map(|i| Place::new(format!("P{i}"), PlaceKind::Neighborhood, format!("小区{i}"))),
    )
    .expect("places");
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).expect("ranker");
    let period = "2018-11".parse().expect("period");
    for (i, score) in scores.iter().enumerate() {
        let place = format!("P{i}");
        ranker
            .add_table_row(
                "t",
                TableRow::new(period, &place, "score", rust_decimal::Decimal::from(*score)),
            )
            .expect("row");
        let incidents = rust_decimal::Decimal::from(u8::from(i == 4));
        ranker
            .add_table_row("t", TableRow::new(period, &place, "incidents", incidents))
            .expect("row");
    }
    let rankings = ranker.finish().expect("boards");
    let board = &rankings.boards[0];
    let listed: Vec<String> = board
        .entries
        .iter()
        .map(|entry| {
            format!(
                "{} {} {}",
                entry.rank,
                entry.place_id,
                entry.grade.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            "1 P0 A", "2 P1 B", "2 P2 B", "4 P3 B", "5 P5 C", "6 P6 C", "7 P7 C", "8 P8 C",
            "9 P9 C", "10 P4 C"
        ]
    );
    assert_eq!(board.entries[9].vetoes[0].reason, "火灾");
}

/// Boards of schemes fed from memory: one value per place and indicator, in period 2018-11.
fn scheme_boards(spec: &str, values: &[(&str, &str, i64)]) -> Rankings {
    use livability::Ranker;
    use livability::input::TableRow;
    use livability::places::{Gazetteer, Place, PlaceKind};
    let spec = Spec::from_toml_str(spec, "spec.toml").expect("spec");
    let mut ids: Vec<&str> = values.iter().map(|(place, _, _)| *place).collect();
    ids.dedup();
    let places = Gazetteer::new(
        ids.iter()
            .map(|id| Place::new(*id, PlaceKind::Neighborhood, format!("小区{id}"))),
    )
    .expect("places");
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).expect("ranker");
    let period = "2018-11".parse().expect("period");
    for &(place, indicator, value) in values {
        ranker
            .add_table_row(
                "t",
                TableRow::new(period, place, indicator, rust_decimal::Decimal::from(value)),
            )
            .expect("row");
    }
    ranker.finish().expect("boards")
}

/// The CSV lists dimensions in the order of their paths over every board, as the table,
/// Markdown and JSON do: a later board's "A" comes before an earlier board's "B".
#[test]
fn csv_dimension_columns_follow_their_paths_across_boards() {
    let indicator = |id: &str, dimension: &str| {
        format!(
            "[[boards.indicators]]\nid = \"{id}\"\nsource = \"t\"\nmeasure = \"value\"\n\
             better = \"higher\"\nnormalize = \"none\"\ndimension = \"{dimension}\"\n"
        )
    };
    let spec = format!(
        "period = \"2018-11\"\n[sources.t]\nkind = \"table\"\n\
         [[boards]]\nid = \"one\"\nkind = \"neighborhood\"\ndimensions = {{ \"B\" = 1 }}\n{}\
         [[boards]]\nid = \"two\"\nkind = \"neighborhood\"\ndimensions = {{ \"A\" = 1, \"B\" = 1 }}\n{}{}",
        indicator("b", "B"),
        indicator("a", "A"),
        indicator("b", "B"),
    );
    let rankings = scheme_boards(&spec, &[("N1", "a", 1), ("N1", "b", 2)]);
    let csv = rankings.to_string_as(Format::Csv);
    let header: Vec<&str> = csv.lines().next().expect("a header").split(',').collect();
    let dimension_columns: Vec<&str> = header
        .iter()
        .copied()
        .filter(|column| column.ends_with(".score"))
        .collect();
    assert_eq!(dimension_columns, ["A.score", "B.score"], "{csv}");
    // Each row's cells sit under their own columns.
    let a = header
        .iter()
        .position(|column| *column == "A.score")
        .expect("A");
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').collect())
        .collect();
    assert_eq!(rows[0][0], "one");
    assert_eq!(rows[0][a], "", "board one has no dimension A: {csv}");
    assert_eq!(rows[1][0], "two");
    assert_eq!(rows[1][a], "1", "{csv}");
}
