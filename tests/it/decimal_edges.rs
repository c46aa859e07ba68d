//! Decimal edges: −0 prints as 0, equal values of different scales are equal, sums near the
//! decimal's limit are errors and not panics, and no number is ever rounded silently.

use crate::common;

use livability::error::ErrorKind;
use livability::input::TableRow;
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Format, Options, Ranker, Rankings, Record, Spec};
use rust_decimal::Decimal;

fn places(n: usize) -> Gazetteer {
    Gazetteer::new(
        (0..n).map(|i| Place::new(format!("N{i}"), PlaceKind::Neighborhood, format!("P{i}"))),
    )
    .unwrap()
}

/// A board of one `value` indicator with `normalize` and `decimals`, fed `values` by place.
fn board(normalize: &str, decimals: u32, values: &[&str]) -> livability::Result<Rankings> {
    let text = format!(
        "period = \"2018-11\"\n[sources.t]\nkind = \"table\"\n[[boards]]\nid = \"b\"\nkind = \"neighborhood\"\n\
         decimals = {decimals}\n[[boards.indicators]]\nid = \"x\"\nsource = \"t\"\nmeasure = \"value\"\n\
         better = \"higher\"\nnormalize = \"{normalize}\"\n"
    );
    let spec = Spec::from_toml_str(&text, "spec.toml").unwrap();
    let places = places(values.len());
    let mut ranker = Ranker::new(&spec, &places, &Options::new())?;
    let mut csv = String::from("period,place,indicator,value\n");
    for (index, value) in values.iter().enumerate() {
        csv += &format!("2018-11,P{index},x,{value}\n");
    }
    ranker.read_source("t", csv.as_bytes(), "t.csv")?;
    ranker.finish()
}

#[test]
fn negative_zero_prints_as_zero_everywhere() {
    // -0.04 rounds to zero at one place; -0 and -0.000 are zero.
    let rankings = board("none", 1, &["-0.04", "-0", "-0.000", "0.3"]).unwrap();
    for format in Format::ALL {
        let output = rankings.to_string_as(format);
        // No token is a negative zero: `-0`, `-0.0`, … (a value of -0.04 is fine).
        let tokens = output.split(|c: char| c.is_whitespace() || ",|\"".contains(c));
        let negative_zero = |token: &str| {
            token.starts_with("-0") && token.trim_start_matches(['-', '0', '.']).is_empty()
        };
        assert!(
            !tokens.into_iter().any(negative_zero),
            "{format}:\n{output}"
        );
    }
    let scores: Vec<String> = rankings.boards[0]
        .entries
        .iter()
        .map(|e| e.score.to_string())
        .collect();
    assert_eq!(scores, ["0.3", "0.0", "0.0", "0.0"]);
    assert!(
        rankings.boards[0]
            .entries
            .iter()
            .all(|entry| !entry.score.is_sign_negative())
    );
}

#[test]
fn one_point_zero_equals_one_point_zero_zero() {
    let rankings = board("none", 2, &["1.0", "1.00", "1", "0.994"]).unwrap();
    let entries = &rankings.boards[0].entries;
    assert!(
        entries[..3]
            .iter()
            .all(|entry| entry.tied && entry.rank.to_string() == "1")
    );
    assert_eq!(entries[3].rank.to_string(), "4");
    // The published score has exactly `decimals` places, whatever the input's scale.
    assert!(entries.iter().all(|entry| entry.score.scale() == 2));
}

#[test]
fn point_one_plus_point_two_ties_point_three() {
    // Two equally weighted `none` indicators summing 0.1 + 0.2 against a place with 0.3 + 0.
    let text = "period = \"2018-11\"\n[sources.t]\nkind = \"table\"\n[[boards]]\nid = \"b\"\nkind = \"neighborhood\"\n\
        decimals = 28\n[[boards.indicators]]\nid = \"a\"\nsource = \"t\"\nmeasure = \"value\"\nbetter = \"higher\"\nnormalize = \"none\"\n\
        [[boards.indicators]]\nid = \"b\"\nsource = \"t\"\nmeasure = \"value\"\nbetter = \"higher\"\nnormalize = \"none\"\n";
    let spec = Spec::from_toml_str(text, "spec.toml").unwrap();
    let places = places(2);
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let period = "2018-11".parse().unwrap();
    for (place, a, b) in [("P0", "0.1", "0.2"), ("P1", "0.3", "0")] {
        ranker
            .add_table_row(
                "t",
                TableRow::new(period, place, "a", Decimal::from_str_exact(a).unwrap()),
            )
            .unwrap();
        ranker
            .add_table_row(
                "t",
                TableRow::new(period, place, "b", Decimal::from_str_exact(b).unwrap()),
            )
            .unwrap();
    }
    let rankings = ranker.finish().unwrap();
    assert!(rankings.boards[0].entries.iter().all(|entry| entry.tied));
}

#[test]
fn sums_past_the_decimal_range_are_errors_not_panics() {
    // A mean whose sum overflows: an error naming the record.
    let text = "period = \"2018-11\"\n[sources.sanitation]\n[[boards]]\nid = \"b\"\nkind = \"neighborhood\"\n\
        [[boards.indicators]]\nid = \"score\"\nsource = \"sanitation\"\nmeasure = \"mean\"\nfield = \"score\"\nbetter = \"higher\"\n";
    let spec = Spec::from_toml_str(text, "spec.toml").unwrap();
    let places = places(1);
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let max = Decimal::MAX.to_string();
    let record = |id: &str| {
        Record::new()
            .with("id", id)
            .with("time", "2018-11-02")
            .with("小区", "P0")
            .with("score", &max)
    };
    ranker.add_record("sanitation", &record("1")).unwrap();
    let error = ranker.add_record("sanitation", &record("2")).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Overflow { .. }));
    assert_eq!(
        error.to_string(),
        "source 'sanitation': record 2: the sum of 'score' for 'P0' does not fit a decimal"
    );

    // A score that does not fit at the board's decimals: an error naming the board.
    let error = board("none", 28, &[&max, "1"]).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Overflow { .. }),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "spec.toml: boards[0]: the score of 'P0', rounded to 28 decimal places, does not fit a decimal"
    );

    // Huge values and weights are exact rationals inside: differences and weighted sums of
    // numbers near the limit do not overflow.
    let rankings = board("min-max", 1, &[&max, &format!("-{max}"), "0"]).unwrap();
    let scores: Vec<String> = rankings.boards[0]
        .entries
        .iter()
        .map(|e| e.score.to_string())
        .collect();
    assert_eq!(scores, ["100.0", "50.0", "0.0"]);
}

#[test]
fn numbers_are_never_rounded_silently() {
    // 30 significant digits: `from_str` would round this to 1.0000000000000000000000000000.
    let error = board("none", 1, &["1.00000000000000000000000000001", "2"]).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::TooPrecise { .. }),
        "{error}"
    );
    assert!(error.to_string().starts_with("t.csv:2: column 'value': "));
    for value in [
        "0.00000000000000000000000000001",
        "123456789012345678901234567890",
    ] {
        let error = board("none", 1, &[value]).unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::TooPrecise { .. }),
            "{value}: {error}"
        );
    }
    // 28 significant digits are kept exactly.
    let rankings = board("none", 28, &["1.000000000000000000000000001", "1"]).unwrap();
    let first = &rankings.boards[0].entries[0];
    assert_eq!(
        first.indicators[0].value.unwrap().to_string(),
        "1.000000000000000000000000001"
    );
    assert!(!first.tied);
}

/// The library never parses a decimal in a way that rounds: a reading of the sources
/// themselves, so that a later change cannot slip one in. (Binary floats, and the decimal
/// constructors that round, are refused by clippy: `clippy.toml`'s disallowed types and
/// methods.)
#[test]
fn the_sources_parse_decimals_exactly() {
    let mut offenders = Vec::new();
    let mut stack = vec![common::root().join("src")];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .map(|entry| entry.unwrap().path()),
            );
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let forbidden = [
                "Decimal::from_str(",
                "parse::<Decimal>",
                "from_f64",
                "from_f32",
            ];
            if forbidden.iter().any(|word| code.contains(word)) {
                offenders.push(format!("{}:{}: {line}", path.display(), number + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn of_two_boards_that_fail_the_first_is_the_error_on_any_number_of_threads() {
    // Boards made side by side: the second and third overflow at 28 places, the first does
    // not; the error is the second's, whichever finishes first.
    let board = |id: &str, normalize: &str, decimals: u32| {
        format!(
            "[[boards]]\nid = \"{id}\"\nkind = \"neighborhood\"\ndecimals = {decimals}\n\
             [[boards.indicators]]\nid = \"x\"\nsource = \"t\"\nmeasure = \"value\"\n\
             better = \"higher\"\nnormalize = \"{normalize}\"\n"
        )
    };
    let text = format!(
        "period = \"2018-11\"\n[sources.t]\nkind = \"table\"\n{}{}{}",
        board("fine", "min-max", 1),
        board("second", "none", 28),
        board("third", "none", 28)
    );
    let spec = Spec::from_toml_str(&text, "spec.toml").unwrap();
    let places = places(2);
    let max = Decimal::MAX.to_string();
    let csv = format!("period,place,indicator,value\n2018-11,P0,x,{max}\n2018-11,P1,x,1\n");
    for threads in [1, 2, 3] {
        let mut ranker = Ranker::new(&spec, &places, &Options::new().threads(threads)).unwrap();
        ranker.read_source("t", csv.as_bytes(), "t.csv").unwrap();
        let error = ranker.finish().unwrap_err();
        assert_eq!(
            error.to_string(),
            "spec.toml: boards[1]: the score of 'P0', rounded to 28 decimal places, does not fit a decimal",
            "{threads} threads"
        );
    }
}
