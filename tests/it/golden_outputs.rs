//! Golden tests: every renderer on the `warehouse` fixture, byte for byte.

use crate::common;

use common::{assert_golden, assert_goldens, diff, seed_board};
use livability::{Format, Options, Spec};

fn warehouse(options: &Options) -> livability::Rankings {
    // A relative path, as a user would give it: paths in the output stay machine-independent.
    let spec = Spec::from_path("fixtures/warehouse/spec.toml").unwrap();
    livability::rank(&spec, options).unwrap()
}

#[test]
fn every_format_matches_its_golden_file() {
    let rankings = warehouse(&Options::new());
    assert_goldens(
        &rankings,
        "tests/golden/warehouse",
        &[
            (Format::Table, "rank.txt"),
            (Format::Newsletter, "newsletter.txt"),
            (Format::Csv, "rank.csv"),
            (Format::Json, "rank.json"),
            (Format::Markdown, "rank.md"),
        ],
    );
}

#[test]
fn the_newsletter_is_the_published_board() {
    let newsletter = warehouse(&Options::new()).to_string_as(Format::Newsletter);
    let seed = seed_board();
    assert!(newsletter == seed, "{}", diff(&seed, &newsletter));
}

#[test]
fn the_previous_month_and_a_single_board() {
    let options = Options::new()
        .period("2018-10".parse().unwrap())
        .board("beautiful-roads");
    let rankings = warehouse(&options);
    assert_golden(
        "tests/golden/warehouse/2018-10-roads.txt",
        &rankings.to_string_as(Format::Table),
    );
}

fn tianshan(options: &Options) -> livability::Rankings {
    let spec = Spec::from_path("fixtures/tianshan/spec.toml").unwrap();
    livability::rank(&spec, options).unwrap()
}

#[test]
fn the_raw_exports_give_the_published_board() {
    let newsletter = tianshan(&Options::new()).to_string_as(Format::Newsletter);
    let seed = seed_board();
    assert!(newsletter == seed, "{}", diff(&seed, &newsletter));
}

#[test]
fn the_raw_exports_in_every_format_and_their_report() {
    let rankings = tianshan(&Options::new());
    for (format, file) in [
        (Format::Table, "rank.txt"),
        (Format::Csv, "rank.csv"),
        (Format::Json, "rank.json"),
    ] {
        assert_golden(
            &format!("tests/golden/tianshan/{file}"),
            &rankings.to_string_as(format),
        );
    }
    assert!(
        rankings
            .quality
            .sources
            .iter()
            .all(|source| source.reconciles())
    );
    let spec = Spec::from_path("fixtures/tianshan/spec.toml").unwrap();
    let report = livability::check(&spec, &Options::new()).unwrap();
    assert_golden("tests/golden/tianshan/check.txt", &report.to_text());
}
