//! What the integration tests share: golden files, and random boards for property tests.

// Each test binary (tests/it, tests/cli.rs) uses a different part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

mod compare;

use livability::input::TableRow;
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Board, Format, Options, Ranker, Rankings, Spec};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// The crate's folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the golden file at `path` (relative to the crate), byte for byte.
/// With `UPDATE_GOLDEN=1`, writes `actual` there instead.
pub fn assert_golden(path: &str, actual: &str) {
    let path = root().join(path);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if expected != actual {
        panic!(
            "{} differs from the output (UPDATE_GOLDEN=1 rewrites it):\n{}",
            path.display(),
            diff(&expected, actual)
        );
    }
}

/// Compares `rankings` rendered in each format with its golden file in `folder`.
pub fn assert_goldens(rankings: &Rankings, folder: &str, formats: &[(Format, &str)]) {
    for (format, file) in formats {
        assert_golden(&format!("{folder}/{file}"), &rankings.to_string_as(*format));
    }
}

pub use compare::diff;

/// The published board of `seed-board.md`, as committed beside the tests.
pub fn seed_board() -> String {
    compare::seed_board_in(&root())
}

// ----- random boards -----

/// One indicator of a random board.
#[derive(Clone, Debug)]
pub struct IndicatorCase {
    pub better: &'static str,
    pub normalize: &'static str,
    pub weight: u8,
    /// One value per place; `None` is missing.
    pub values: Vec<Option<Decimal>>,
}

/// A random board over `places` places, with values drawn from a small set so that ties are
/// common.
#[derive(Clone, Debug)]
pub struct BoardCase {
    pub places: usize,
    pub indicators: Vec<IndicatorCase>,
    pub missing: &'static str,
    pub method: &'static str,
    pub decimals: u32,
    pub rounding: &'static str,
    pub tie_breakers: Vec<usize>,
    pub top: Option<u32>,
}

pub const METHODS: [&str; 5] = ["competition", "dense", "modified", "ordinal", "fractional"];

/// A value from a small set: 0 to 6 in steps of 1 or 0.1, or missing.
pub fn value() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        1 => Just(None),
        6 => (0i64..=6, 0u32..=1).prop_map(|(m, s)| Some(Decimal::new(m, s))),
    ]
}

pub fn board_case(normalizations: &'static [&'static str]) -> impl Strategy<Value = BoardCase> {
    (1usize..=9, 1usize..=3).prop_flat_map(move |(places, indicators)| {
        let indicator = (
            prop::sample::select(&["higher", "lower"][..]),
            prop::sample::select(normalizations),
            0u8..=4,
            prop::collection::vec(value(), places),
        )
            .prop_map(|(better, normalize, weight, values)| IndicatorCase {
                better,
                normalize,
                weight,
                values,
            });
        (
            prop::collection::vec(indicator, indicators),
            prop::sample::select(&["reweight", "zero", "exclude"][..]),
            prop::sample::select(&METHODS[..]),
            0u32..=2,
            prop::sample::select(&["half-up", "half-even"][..]),
            prop::collection::vec(0..indicators, 0..=2),
            prop::option::of(1u32..=4),
        )
            .prop_map(
                move |(mut indicators, missing, method, decimals, rounding, tie_breakers, top)| {
                    if indicators.iter().all(|indicator| indicator.weight == 0) {
                        indicators[0].weight = 1;
                    }
                    let mut unique = Vec::new();
                    for index in tie_breakers {
                        if !unique.contains(&index) {
                            unique.push(index);
                        }
                    }
                    BoardCase {
                        places,
                        indicators,
                        missing,
                        method,
                        decimals,
                        rounding,
                        tie_breakers: unique,
                        top,
                    }
                },
            )
    })
}

impl BoardCase {
    /// The spec of the board.
    pub fn spec(&self) -> Spec {
        let mut text = String::from("period = \"2018-11\"\n[sources.t]\nkind = \"table\"\n");
        text += &format!(
            "[[boards]]\nid = \"b\"\nkind = \"neighborhood\"\nrank = \"{}\"\ndecimals = {}\n\
             rounding = \"{}\"\nmissing = \"{}\"\ntie_breakers = [{}]\n",
            self.method,
            self.decimals,
            self.rounding,
            self.missing,
            self.tie_breakers
                .iter()
                .map(|index| format!("\"i{index}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(top) = self.top {
            text += &format!("top = {top}\n");
        }
        for (index, indicator) in self.indicators.iter().enumerate() {
            text += &format!(
                "[[boards.indicators]]\nid = \"i{index}\"\nsource = \"t\"\nmeasure = \"value\"\n\
                 better = \"{}\"\nnormalize = \"{}\"\nweight = {}\n",
                indicator.better, indicator.normalize, indicator.weight
            );
        }
        Spec::from_toml_str(&text, "case.toml").unwrap()
    }

    /// The places, named `P0`, `P1`, … in gazetteer order.
    pub fn gazetteer(&self) -> Gazetteer {
        Gazetteer::new((0..self.places).map(|index| {
            Place::new(
                format!("N{index}"),
                PlaceKind::Neighborhood,
                format!("P{index}"),
            )
        }))
        .unwrap()
    }

    /// The table rows, in a fixed order.
    pub fn rows(&self) -> Vec<TableRow> {
        let period = "2018-11".parse().unwrap();
        let mut rows = Vec::new();
        for (index, indicator) in self.indicators.iter().enumerate() {
            for (place, value) in indicator.values.iter().enumerate() {
                if let Some(value) = value {
                    rows.push(TableRow::new(
                        period,
                        format!("P{place}"),
                        format!("i{index}"),
                        *value,
                    ));
                }
            }
        }
        rows
    }

    /// Ranks the board with `rows`.
    pub fn rank_rows(&self, rows: Vec<TableRow>) -> Rankings {
        let spec = self.spec();
        let gazetteer = self.gazetteer();
        let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new()).unwrap();
        for row in rows {
            ranker.add_table_row("t", row).unwrap();
        }
        ranker.finish().unwrap()
    }

    /// Ranks the board.
    pub fn board(&self) -> Board {
        self.rank_rows(self.rows()).boards.remove(0)
    }

    /// The same board ranked by `method`.
    pub fn with_method(&self, method: &'static str) -> BoardCase {
        BoardCase {
            method,
            ..self.clone()
        }
    }
}

/// The folder of a fixture.
pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// Reads a file of the crate as text.
pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}
