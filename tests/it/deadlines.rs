//! Deadlines and service rates: the October 2024 fixture computed by hand (its README), in
//! every format, and the verdicts' reconciliation on random tickets fed from memory.

use crate::common;

use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Format, Options, Ranker, Record, Spec};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn fixture() -> livability::Rankings {
    // Relative to the crate (the tests' working folder), so that the goldens name files the
    // same on every machine.
    let spec = Spec::from_path("fixtures/deadlines/spec.toml").unwrap();
    livability::rank(&spec, &Options::new()).unwrap()
}

#[test]
fn the_holiday_month_as_computed_by_hand() {
    let rankings = fixture();
    let board = &rankings.boards[0];
    let rows: Vec<String> = board
        .entries
        .iter()
        .map(|entry| {
            let values: Vec<String> = entry
                .indicators
                .iter()
                .map(|score| {
                    score
                        .value
                        .map_or("-".to_owned(), |v| v.round_dp(2).to_string())
                })
                .collect();
            format!(
                "{} {} {} {}",
                entry.rank,
                entry.place,
                entry.score,
                values.join(" ")
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "1 新光小区 100.0 100 100 0",
            "2 天山一村 65.0 66.67 63.33 1",
            "3 天山二村 50.0 50 50 1"
        ]
    );
    let hotline = &rankings.quality.sources[0];
    let verdicts = hotline.deadlines.as_ref().unwrap();
    assert_eq!(
        (
            verdicts.on_time,
            verdicts.overdue,
            verdicts.not_yet_due,
            verdicts.open_not_due,
            verdicts.without_deadline
        ),
        (4, 2, 1, 2, 0)
    );
    assert_eq!(verdicts.total(), 9);
    assert_eq!(hotline.excluded, 2);
    assert_eq!(hotline.unlisted_values[0].name, "一般");
}

#[test]
fn the_holiday_month_in_every_format() {
    let rankings = fixture();
    for (format, extension) in [
        (Format::Newsletter, "newsletter.txt"),
        (Format::Table, "txt"),
        (Format::Csv, "csv"),
        (Format::Json, "json"),
    ] {
        common::assert_golden(
            &format!("tests/golden/deadlines/rank.{extension}"),
            &rankings.to_string_as(format),
        );
    }
    common::assert_golden(
        "tests/golden/deadlines/check.txt",
        &rankings.quality.to_text(),
    );
}

const SPEC: &str = r#"
period = "2024-10"
[sources.hotline]
deadline_by = "type"
deadline = { "咨询" = "2 working days", "紧急" = "4 working hours", "投诉" = "15 days" }
[[boards]]
id = "b"
kind = "neighborhood"
[[boards.indicators]]
id = "on_time"
source = "hotline"
measure = "on-time"
better = "higher"
[[boards.indicators]]
id = "overdue"
source = "hotline"
measure = "overdue"
better = "lower"
"#;

/// A ticket: day of October (or of September), hour, type, and closing after that many hours.
fn tickets() -> impl Strategy<Value = Vec<(i8, i8, usize, Option<i64>)>> {
    proptest::collection::vec(
        (
            1i8..=31,
            0i8..24,
            0usize..4,
            proptest::option::of(0i64..800),
        ),
        0..40,
    )
}

proptest! {
    /// Every ticket of the period is on time, overdue, not yet due, open and not due, or
    /// without a deadline, exactly once; the on-time rate is on time ÷ (on time + overdue).
    #[test]
    fn verdicts_reconcile(tickets in tickets()) {
        let spec = Spec::from_toml_str(SPEC, "spec.toml").unwrap();
        let places = Gazetteer::new([Place::new("N1", PlaceKind::Neighborhood, "天山二村")]).unwrap();
        let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
        let types = ["咨询", "紧急", "投诉", "建议"];
        let (mut on_time, mut overdue) = (0u64, 0u64);
        for (index, (day, hour, kind, closing)) in tickets.iter().enumerate() {
            let time = jiff::civil::date(2024, 10, *day).at(*hour, 0, 0, 0);
            let closed = closing.map(|hours| {
                time.checked_add(jiff::SignedDuration::from_hours(hours)).unwrap()
            });
            let mut record = Record::new()
                .with("id", index.to_string())
                .with_time("time", time)
                .with("neighborhood", "天山二村")
                .with("type", types[*kind]);
            if let Some(closed) = closed {
                record = record.with_time("closed_time", closed);
            }
            ranker.add_record("hotline", &record).unwrap();
            // The oracle: the same verdict from the public pieces.
            if let Ok(deadline) = ["2 working days", "4 working hours", "15 days"]
                .get(*kind)
                .ok_or(())
                .and_then(|text| text.parse::<livability::calendar::Deadline>().map_err(drop))
            {
                let due = deadline
                    .due(time, livability::calendar::Calendar::china(), &livability::calendar::WorkHours::default())
                    .unwrap();
                let as_of = jiff::civil::date(2024, 10, 31).at(23, 59, 59, 999_999_999);
                match closed {
                    Some(closed) if closed <= as_of && closed <= due => on_time += 1,
                    Some(closed) if closed <= as_of => overdue += 1,
                    _ if due <= as_of => overdue += 1,
                    _ => {}
                }
            }
        }
        let rankings = ranker.finish().unwrap();
        let source = &rankings.quality.sources[0];
        let verdicts = source.deadlines.clone().unwrap_or_default();
        prop_assert_eq!(verdicts.total(), tickets.len() as u64);
        prop_assert_eq!((verdicts.on_time, verdicts.overdue), (on_time, overdue));
        let board = &rankings.boards[0];
        if let Some(entry) = board.entries.first() {
            let rate = entry.indicators[0].value;
            if on_time + overdue > 0 {
                let expected = Decimal::from(100 * on_time) / Decimal::from(on_time + overdue);
                prop_assert_eq!(rate.map(|r| r.round_dp(20)), Some(expected.round_dp(20)));
            }
            prop_assert_eq!(entry.indicators[1].value, Some(Decimal::from(overdue)));
        }
    }
}

/// A deadline for a value no ticket of the period holds (a misspelled type) is a warning
/// naming the key, with the values the column holds.
#[test]
fn a_deadline_for_a_value_no_record_holds_warns() {
    let path = common::root().join("fixtures/deadlines/spec.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let misspelled = text.replacen(
        "\"紧急\" = \"4 working hours\"",
        "\"急件\" = \"4 working hours\"",
        1,
    );
    assert_ne!(misspelled, text);
    let spec = Spec::from_toml_str(&misspelled, &path).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let warnings: Vec<String> = rankings
        .quality
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with(
            "sources.hotline.deadline.急件: no record of the period has type = \"急件\""
        ),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("紧急"), "{warnings:?}");
}

/// The deadlines fixture's spec with `from` replaced by `to`.
fn fixture_with(from: &str, to: &str) -> livability::Result<Spec> {
    let path = common::root().join("fixtures/deadlines/spec.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} is not in the fixture's spec");
    Spec::from_toml_str(&text.replacen(from, to, 1), &path)
}

/// Credits are read from the digits as written, as weights are: 20 digits stay 20 digits,
/// and what a decimal cannot hold or the spec's numbers do not allow is an error at the
/// credit's key, never a binary float's rounding.
#[test]
fn credits_are_read_as_written() {
    let spec = fixture_with(
        "\"基本满意\" = 0.9",
        "\"基本满意\" = 0.12345678901234567891",
    )
    .unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let entry = rankings.boards[0]
        .entries
        .iter()
        .find(|entry| entry.place == "天山一村")
        .unwrap();
    // 满意 1, 基本满意 c, 不满意 0: 100 × (1 + c) ÷ 3.
    let expected = "112.345678901234567891".parse::<Decimal>().unwrap() / Decimal::from(3);
    assert_eq!(
        entry.indicators[1].value.map(|value| value.round_dp(20)),
        Some(expected.round_dp(20))
    );
    let key = "boards[0].indicators[1].of.satisfied.基本满意";
    for written in [
        "0.1234567890123456789012345678901234",
        "1e-1",
        "9e-1",
        "1.5",
        "-0.1",
        "true",
        "nan",
    ] {
        let error = fixture_with("\"基本满意\" = 0.9", &format!("\"基本满意\" = {written}"))
            .expect_err(written);
        assert_eq!(error.location().spec_key(), Some(key), "{written}: {error}");
        assert!(
            error.to_string().contains(written),
            "{written}: the message shows the credit as written: {error}"
        );
    }
    // Integers, underscores and quoted decimals read as weights read them.
    for (written, credit) in [
        ("1", "1"),
        ("0", "0"),
        ("0.000_1", "0.0001"),
        ("\"0.9\"", "0.9"),
    ] {
        let spec = fixture_with("\"基本满意\" = 0.9", &format!("\"基本满意\" = {written}"))
            .unwrap_or_else(|error| panic!("{written}: {error}"));
        let rankings = livability::rank(&spec, &Options::new()).unwrap();
        let entry = rankings.boards[0]
            .entries
            .iter()
            .find(|entry| entry.place == "天山一村")
            .unwrap();
        let expected = (Decimal::ONE + credit.parse::<Decimal>().unwrap()) * Decimal::ONE_HUNDRED
            / Decimal::from(3);
        assert_eq!(
            entry.indicators[1].value.map(|value| value.round_dp(20)),
            Some(expected.round_dp(20)),
            "{written}"
        );
    }
}

/// `unlisted_values` counts records, as `excluded` does: a record whose value two shares
/// read (two boards, or two indicators of one) counts once, not once per share.
#[test]
fn unlisted_values_count_each_record_once() {
    let second_share = "\n[[boards]]\nid = \"resolved\"\nkind = \"neighborhood\"\n\
        [[boards.indicators]]\nid = \"satisfaction\"\nsource = \"hotline\"\nmeasure = \"share\"\n\
        of = { satisfied = { \"满意\" = 1 } }\nexclude = { satisfied = [\"未回访\"] }\n\
        better = \"higher\"\n\
        [[boards.indicators]]\nid = \"satisfied_fully\"\nsource = \"hotline\"\nmeasure = \"share\"\n\
        of = { satisfied = { \"满意\" = 1, \"基本满意\" = 1 } }\nbetter = \"higher\"\n";
    let path = common::root().join("fixtures/deadlines/spec.toml");
    let text = std::fs::read_to_string(&path).unwrap() + second_share;
    let spec = Spec::from_toml_str(&text, &path).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let hotline = &rankings.quality.sources[0];
    let unlisted: Vec<(&str, u64)> = hotline
        .unlisted_values
        .iter()
        .map(|value| (value.name.as_str(), value.count))
        .collect();
    // Counted in tickets: 一般 (one ticket) no share lists; 不满意 (one) and 基本满意 (one) some
    // share leaves unlisted; 未回访 (two tickets) two shares exclude and the third leaves
    // unlisted, so the tickets are both excluded and unlisted.
    assert_eq!(
        unlisted,
        [("未回访", 2), ("一般", 1), ("不满意", 1), ("基本满意", 1)],
        "{unlisted:?}"
    );
    assert_eq!(hotline.excluded, 2);
}

/// Two neighborhoods' tickets of September and October 2024, ranked by the on-time rate with
/// the spec's `as_of` line (or none): each place's (rank, previous rank) on the board.
fn ranks_as_of(as_of: Option<&str>, period: &str) -> Vec<(String, String, String)> {
    use jiff::civil::date;
    let spec = match as_of {
        Some(as_of) => format!("as_of = \"{as_of}\"\n{SPEC}"),
        None => SPEC.to_owned(),
    }
    .replacen("period = \"2024-10\"", &format!("period = \"{period}\""), 1);
    let spec = Spec::from_toml_str(&spec, "spec.toml").unwrap();
    let places = Gazetteer::new([
        Place::new("N1", PlaceKind::Neighborhood, "天山一村"),
        Place::new("N2", PlaceKind::Neighborhood, "天山二村"),
    ])
    .unwrap();
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    // (place, opened, closed): every ticket a 咨询, due 2 working days after it opened.
    let tickets = [
        // September. 天山一村: one late; one opened on the last working day before the
        // National Day holiday, due after it, closed on 3 October (during the holiday).
        (
            "天山一村",
            date(2024, 9, 10).at(10, 0, 0, 0),
            date(2024, 9, 20).at(10, 0, 0, 0),
        ),
        (
            "天山一村",
            date(2024, 9, 30).at(10, 0, 0, 0),
            date(2024, 10, 3).at(10, 0, 0, 0),
        ),
        // 天山二村: one on time, one late.
        (
            "天山二村",
            date(2024, 9, 10).at(10, 0, 0, 0),
            date(2024, 9, 11).at(10, 0, 0, 0),
        ),
        (
            "天山二村",
            date(2024, 9, 12).at(10, 0, 0, 0),
            date(2024, 9, 25).at(10, 0, 0, 0),
        ),
        // October: 天山一村 on time, 天山二村 late.
        (
            "天山一村",
            date(2024, 10, 10).at(10, 0, 0, 0),
            date(2024, 10, 10).at(15, 0, 0, 0),
        ),
        (
            "天山二村",
            date(2024, 10, 10).at(10, 0, 0, 0),
            date(2024, 10, 20).at(10, 0, 0, 0),
        ),
    ];
    for (index, (place, opened, closed)) in tickets.into_iter().enumerate() {
        let record = Record::new()
            .with("id", index.to_string())
            .with_time("time", opened)
            .with("neighborhood", place)
            .with("type", "咨询")
            .with_time("closed_time", closed);
        ranker.add_record("hotline", &record).unwrap();
    }
    let rankings = ranker.finish().unwrap();
    rankings.boards[0]
        .entries
        .iter()
        .map(|entry| {
            (
                entry.place.clone(),
                entry.rank.to_string(),
                entry
                    .previous_rank
                    .map_or("-".to_owned(), |rank| rank.to_string()),
            )
        })
        .collect()
}

/// `as_of` judges the period ranked at that moment and the period compared with it as long
/// after its own end: writing the default (`as_of` = the period's end) changes nothing, and a
/// board of October published on 5 November compares with September as of 5 October, as
/// September's own board with `as_of = "2024-10-05"` ranks it.
#[test]
fn as_of_judges_the_previous_period_as_long_after_its_end() {
    let owned = |rows: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
        rows.iter()
            .map(|(place, rank, previous)| {
                (
                    (*place).to_owned(),
                    (*rank).to_owned(),
                    (*previous).to_owned(),
                )
            })
            .collect()
    };
    let implicit = ranks_as_of(None, "2024-10");
    // September as of its end: 天山一村's holiday ticket is not due yet, so 0 % against 50 %.
    assert_eq!(
        implicit,
        owned(&[("天山一村", "1", "2"), ("天山二村", "2", "1")])
    );
    assert_eq!(ranks_as_of(Some("2024-10-31"), "2024-10"), implicit);
    assert_eq!(
        ranks_as_of(Some("2024-10-31T23:59:59.999999999"), "2024-10"),
        implicit
    );
    // As of 5 October the holiday ticket was closed on time: 50 % each, tied first.
    let published = ranks_as_of(Some("2024-11-05"), "2024-10");
    assert_eq!(
        published,
        owned(&[("天山一村", "1", "1"), ("天山二村", "2", "1")])
    );
    let september = ranks_as_of(Some("2024-10-05"), "2024-09");
    let previous: Vec<(String, String)> = published
        .iter()
        .map(|(place, _, previous)| (place.clone(), previous.clone()))
        .collect();
    let own: Vec<(String, String)> = september
        .iter()
        .map(|(place, rank, _)| (place.clone(), rank.clone()))
        .collect();
    assert_eq!(previous, own);
}

/// A column of `of` that is not a table of credits is a filter: a string or a list of them
/// is kept beside the credits; a number or a date there is an error at its key.
#[test]
fn of_columns_besides_the_credits_are_filters() {
    let of = "of = { satisfied = { \"满意\" = 1, \"基本满意\" = 0.9, \"不满意\" = 0 } }";
    let spec = fixture_with(
        of,
        "of = { satisfied = { \"满意\" = 1, \"基本满意\" = 0.9, \"不满意\" = 0 }, type = [\"咨询\", \"投诉\"] }",
    )
    .unwrap();
    livability::rank(&spec, &Options::new()).unwrap();
    for (written, key) in [
        ("1.5", "boards[0].indicators[1].of.type"),
        ("2", "boards[0].indicators[1].of.type"),
        ("1979-05-27", "boards[0].indicators[1].of.type"),
        ("true", "boards[0].indicators[1].of.type"),
    ] {
        let error = fixture_with(
            of,
            &format!(
                "of = {{ satisfied = {{ \"满意\" = 1, \"基本满意\" = 0.9, \"不满意\" = 0 }}, type = {written} }}"
            ),
        )
        .expect_err(written);
        assert_eq!(error.location().spec_key(), Some(key), "{written}: {error}");
    }
}
