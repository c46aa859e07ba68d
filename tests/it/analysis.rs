//! The analyses of a made board: robustness (goldens on the Tianshan fixture, the same
//! output for any number of threads, its usage errors) and explanations (goldens, changes
//! that add up, unknown names answered with the closest ones).

use crate::common;

use common::assert_golden;
use livability::error::ErrorKind;
use livability::render::{AnalysisFormat, Language};
use livability::{Options, Spec, analysis::RobustnessOptions};
use rust_decimal::Decimal;

fn tianshan() -> Spec {
    Spec::from_path("fixtures/tianshan/spec.toml").unwrap()
}

#[test]
fn tianshan_robustness_in_every_format_and_language() {
    let options = RobustnessOptions::new();
    let (_, robustness) = livability::robustness(&tianshan(), &Options::new(), &options).unwrap();
    // The table is in the spec's language, Chinese by default.
    assert_eq!(robustness.language, Language::Chinese);
    for (format, extension) in [
        (AnalysisFormat::Table, "txt"),
        (AnalysisFormat::Csv, "csv"),
        (AnalysisFormat::Json, "json"),
    ] {
        assert_golden(
            &format!("tests/golden/tianshan/robustness.{extension}"),
            &robustness.to_string_as(format),
        );
    }
    let mut english = robustness.clone();
    english.language = Language::English;
    assert_golden(
        "tests/golden/tianshan/robustness.en.txt",
        &english.to_string_as(AnalysisFormat::Table),
    );
    // CSV and JSON keep their English keys and words in every language.
    for format in [AnalysisFormat::Csv, AnalysisFormat::Json] {
        assert_eq!(
            english.to_string_as(format),
            robustness.to_string_as(format),
            "{format}"
        );
    }
}

#[test]
fn a_seed_gives_the_same_analysis_on_any_number_of_threads() {
    let options = RobustnessOptions::new()
        .runs(300)
        .seed(42)
        .normalizations(true);
    let run = |threads| {
        let (_, robustness) =
            livability::robustness(&tianshan(), &Options::new().threads(threads), &options)
                .unwrap();
        robustness.to_string_as(AnalysisFormat::Json)
    };
    assert_eq!(run(1), run(2));
    assert_eq!(run(2), run(3));
}

/// The z-score board of the robustness bench, shared with it.
#[path = "../../benches/common/zscore_city.rs"]
mod zscore_city;

#[test]
fn a_z_score_board_gives_the_same_analysis_on_any_number_of_threads() {
    // Its 40-digit values take the exact paths of the bounds (the bracketed sign tests, the
    // pair polygons in unreduced big integers, the joint search's integer elimination), each
    // tested on its own in `analysis::robust`; here, that threads sharing out the places give
    // the same. Sixteen places, not the bench's thirty: the joint search grows steeply with
    // places (thirty took 26 s in a test build, sixteen 0.7 s), not with threads.
    let spec = Spec::from_toml_str(zscore_city::SPEC, "bench.toml").unwrap();
    let (gazetteer, rows) = zscore_city::city(16).unwrap();
    let run = |threads| {
        let mut ranker =
            livability::Ranker::new(&spec, &gazetteer, &Options::new().threads(threads)).unwrap();
        for row in &rows {
            ranker.add_table_row("t", row.clone()).unwrap();
        }
        let (_, robustness) = ranker
            .finish_with_robustness(&RobustnessOptions::new().runs(20))
            .unwrap();
        robustness.to_string_as(AnalysisFormat::Json)
    };
    let one = run(1);
    assert!(one.contains("\"best_bound\""), "{one}");
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

#[test]
fn bad_settings_are_refused_before_reading() {
    for options in [
        RobustnessOptions::new().weights_percent(Decimal::ONE_HUNDRED),
        RobustnessOptions::new().weights_percent(Decimal::NEGATIVE_ONE),
        RobustnessOptions::new().runs(0),
    ] {
        let error = livability::robustness(&tianshan(), &Options::new(), &options).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Option { .. }), "{error}");
    }
}

#[test]
fn explanations_of_the_seed_board() {
    let spec = tianshan();
    for (board, place) in [
        ("beautiful-neighborhoods", "友谊小区"),
        ("beautiful-roads", "天山路"),
        ("safe-neighborhoods", "纺大小区"),
    ] {
        let (_, explanation) = livability::explain(&spec, &Options::new(), board, place).unwrap();
        assert_eq!(explanation.language, Language::Chinese);
        assert_golden(
            &format!("tests/golden/tianshan/explain-{board}.txt"),
            &explanation.to_string_as(AnalysisFormat::Table),
        );
        let mut english = explanation.clone();
        english.language = Language::English;
        assert_golden(
            &format!("tests/golden/tianshan/explain-{board}.en.txt"),
            &english.to_string_as(AnalysisFormat::Table),
        );
        for format in [AnalysisFormat::Csv, AnalysisFormat::Json] {
            assert_eq!(
                english.to_string_as(format),
                explanation.to_string_as(format),
                "{format}"
            );
        }
    }
}

/// Every ranked place of every fixture board with a previous period: the parts of its
/// change add up to the change (exactly in rationals; here to the 28 digits shown).
#[test]
fn a_change_is_the_sum_of_its_parts() {
    let mut checked = 0;
    let mut specs = vec!["fixtures/tianshan/spec.toml".to_owned()];
    for scheme in std::fs::read_dir("fixtures/schemes").unwrap() {
        let path = scheme.unwrap().path().join("spec.toml");
        if path.exists() {
            specs.push(path.display().to_string());
        }
    }
    for path in specs {
        let spec = Spec::from_path(&path).unwrap();
        let rankings = livability::rank(&spec, &Options::new()).unwrap();
        for board in &rankings.boards {
            for entry in &board.entries {
                let (_, explanation) =
                    livability::explain(&spec, &Options::new(), &board.id, &entry.place_id)
                        .unwrap();
                let Some(change) = explanation.change else {
                    continue;
                };
                let parts: Decimal = change
                    .indicators
                    .iter()
                    .map(|part| part.own + part.rescaling + part.weighting)
                    .sum::<Decimal>()
                    + change.adjustments
                    + change.bounds;
                assert!(
                    (parts - change.total).abs() <= Decimal::new(1, 24),
                    "{path} {} {}: {parts} ≠ {}",
                    board.id,
                    entry.place,
                    change.total
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} changes checked");
}

/// An unknown board is the same error as for `rank` (the spec's boards listed); an unknown
/// place names the closest ones.
#[test]
fn unknown_boards_and_places_name_the_closest() {
    let spec = tianshan();
    let error =
        livability::explain(&spec, &Options::new(), "beautiful-road", "芙蓉江路").unwrap_err();
    assert!(matches!(
        error.kind(),
        livability::error::ErrorKind::UnknownBoard { .. }
    ));
    assert_eq!(
        error.to_string(),
        "no board 'beautiful-road' in the spec (it defines: beautiful-roads, beautiful-neighborhoods, safe-neighborhoods)"
    );
    let error =
        livability::explain(&spec, &Options::new(), "beautiful-roads", "芙容江路").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("no road '芙容江路'; the closest: 芙蓉江路"),
        "{error}"
    );
}

/// A board of neighborhoods `P0`, `P1`, … fed from memory: `values[place][indicator]` of the
/// indicators `x0`, `x1`, … (`None`: no row), ranked from `spec`.
fn memory_board(
    spec: &str,
    values: &[Vec<Option<i64>>],
    robustness: Option<&RobustnessOptions>,
) -> livability::Result<(
    livability::Rankings,
    Option<livability::analysis::Robustness>,
)> {
    use livability::Ranker;
    use livability::input::TableRow;
    use livability::places::{Gazetteer, Place, PlaceKind};
    let spec = Spec::from_toml_str(spec, "spec.toml")?;
    let places = Gazetteer::new((0..values.len()).map(|place| {
        Place::new(
            format!("P{place}"),
            PlaceKind::Neighborhood,
            format!("小区{place}"),
        )
    }))?;
    let mut ranker = Ranker::new(&spec, &places, &Options::new().every_place(true))?;
    let period = "2018-11".parse().expect("period");
    for (place, row) in values.iter().enumerate() {
        for (indicator, value) in row.iter().enumerate() {
            if let Some(value) = value {
                ranker.add_table_row(
                    "t",
                    TableRow::new(
                        period,
                        format!("P{place}"),
                        format!("x{indicator}"),
                        Decimal::from(*value),
                    ),
                )?;
            }
        }
    }
    match robustness {
        Some(options) => ranker
            .finish_with_robustness(options)
            .map(|(rankings, robustness)| (rankings, Some(robustness))),
        None => ranker.finish().map(|rankings| (rankings, None)),
    }
}

/// A random small board's spec: its indicators' weights (index = indicator), the dimension
/// of each (`None`: the board's own), the dimensions' weights, and the board's rules.
#[derive(Clone, Debug)]
struct SmallBoard {
    weights: Vec<u8>,
    dimensions: Option<[u8; 2]>,
    missing: &'static str,
    normalize: &'static str,
    decimals: u8,
    bonus: bool,
    /// The effect of a veto on x0 ≥ 4, if any.
    veto: Option<&'static str>,
    /// Whether x1 breaks ties.
    tie_breaker: bool,
}

impl SmallBoard {
    /// The spec, with the weight `label` (an indicator `x<i>` or a dimension `D<d>`) set to
    /// 0 when given.
    fn spec(&self, zero: Option<&str>) -> String {
        let weight = |label: String, weight: u8| {
            if zero == Some(label.as_str()) {
                0
            } else {
                weight
            }
        };
        let mut spec = format!(
            "period = \"2018-11\"\n[sources.t]\nkind = \"table\"\n[[boards]]\nid = \"b\"\n\
             kind = \"neighborhood\"\ntie_order = \"id\"\nmissing = \"{}\"\ndecimals = {}\n",
            self.missing, self.decimals
        );
        if self.tie_breaker {
            spec += "tie_breakers = [\"x1\"]\n";
        }
        if let Some([d0, d1]) = self.dimensions {
            spec += &format!(
                "dimensions = {{ \"D0\" = {}, \"D1\" = {} }}\n",
                weight("D0".to_owned(), d0),
                weight("D1".to_owned(), d1)
            );
        }
        for (index, &w) in self.weights.iter().enumerate() {
            spec += &format!(
                "[[boards.indicators]]\nid = \"x{index}\"\nsource = \"t\"\nmeasure = \"value\"\n\
                 better = \"{}\"\nnormalize = \"{}\"\nweight = {}\n",
                if index % 3 == 2 { "lower" } else { "higher" },
                self.normalize,
                weight(format!("x{index}"), w)
            );
            if self.dimensions.is_some() {
                spec += &format!("dimension = \"D{}\"\n", index % 2);
            }
        }
        if self.bonus {
            // Points per unit of x0: a place the board leaves unscored has them too once it
            // competes.
            spec += "[[boards.adjustments]]\nid = \"bonus\"\nkind = \"bonus\"\nindicator = \"x0\"\npoints = 3\n";
        }
        if let Some(effect) = self.veto {
            spec += &format!(
                "[[boards.vetoes]]\nid = \"v\"\nreason = \"否决\"\nindicator = \"x0\"\n\
                 at_least = 4\neffect = \"{effect}\"\n"
            );
        }
        spec
    }

    fn labels(&self) -> Vec<String> {
        let indicators = (0..self.weights.len()).map(|index| format!("x{index}"));
        let dimensions = self
            .dimensions
            .map_or(0..0, |_| 0..2)
            .map(|index| format!("D{index}"));
        indicators.chain(dimensions).collect()
    }
}

/// The example of issue 26: on a `missing = "exclude"` board, C lacks y and is unranked;
/// with y left out it competes, first, and the others move down.
#[test]
fn leaving_out_an_indicator_ranks_the_places_only_it_excluded() {
    let board = SmallBoard {
        weights: vec![1, 1],
        dimensions: None,
        missing: "exclude",
        normalize: "none",
        decimals: 1,
        bonus: false,
        veto: None,
        tie_breaker: false,
    };
    let values = [
        vec![Some(1), Some(2)],
        vec![Some(2), Some(1)],
        vec![Some(3), None],
    ];
    let options = RobustnessOptions::new().runs(10);
    let (rankings, robustness) = memory_board(&board.spec(None), &values, Some(&options)).unwrap();
    assert_eq!(rankings.boards[0].entries.len(), 2, "C is unranked");
    let analysed = &robustness.unwrap().boards[0];
    assert_eq!(analysed.left_out, ["x0", "x1"]);
    let without_y: Vec<(&str, Option<u32>)> = analysed
        .places
        .iter()
        .map(|place| (place.place_id.as_str(), place.without[1]))
        .collect();
    // `rank` with y at weight 0: C 1, B 2, A 3.
    assert_eq!(without_y, [("P0", Some(3)), ("P1", Some(2))]);
    let (zero, _) = memory_board(&board.spec(Some("x1")), &values, None).unwrap();
    let ranks: Vec<String> = zero.boards[0]
        .entries
        .iter()
        .map(|entry| format!("{} {}", entry.place_id, entry.rank))
        .collect();
    assert_eq!(ranks, ["P2 1", "P1 2", "P0 3"]);
}

fn small_boards() -> impl proptest::strategy::Strategy<Value = (SmallBoard, Vec<Vec<Option<i64>>>)>
{
    use proptest::prelude::*;
    (
        proptest::collection::vec(0u8..4, 2..5),
        proptest::option::of([1u8..4, 1u8..4]),
        prop::sample::select(vec!["exclude", "reweight", "zero"]),
        prop::sample::select(vec!["none", "min-max", "rank", "z-score"]),
        0u8..2,
        any::<bool>(),
        2usize..7,
        proptest::option::of(prop::sample::select(vec!["unranked", "last"])),
        any::<bool>(),
    )
        .prop_flat_map(
            |(
                weights,
                dimensions,
                missing,
                normalize,
                decimals,
                bonus,
                places,
                veto,
                tie_breaker,
            )| {
                let indicators = weights.len();
                let board = SmallBoard {
                    weights,
                    dimensions,
                    missing,
                    normalize,
                    decimals,
                    bonus,
                    veto,
                    tie_breaker,
                };
                let values = proptest::collection::vec(
                    proptest::collection::vec(
                        proptest::option::weighted(0.75, 0i64..5),
                        indicators,
                    ),
                    places,
                );
                (Just(board), values)
            },
        )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
    /// The definition of leave-one-out: a place's rank without a weight is the rank `rank`
    /// gives it with that weight 0 in the spec, on any board (every missing rule, with or
    /// without dimensions, adjustments, vetoes and tie-breakers); a left-out weight the spec could not hold (every
    /// weight 0) is not compared.
    #[test]
    fn leave_one_out_is_rank_with_that_weight_zero(
        (board, values) in small_boards()
    ) {
        let options = RobustnessOptions::new().runs(1);
        let Ok((_, Some(robustness))) = memory_board(&board.spec(None), &values, Some(&options))
        else {
            // A spec of zero weights: nothing to analyse.
            return Ok(());
        };
        let analysed = &robustness.boards[0];
        proptest::prop_assert_eq!(&analysed.left_out, &board.labels());
        for (index, label) in board.labels().iter().enumerate() {
            let (rankings, _) = match memory_board(&board.spec(Some(label)), &values, None) {
                Ok(made) => made,
                Err(error) if matches!(
                    error.kind(),
                    ErrorKind::ZeroWeights | ErrorKind::ZeroDimensionWeights { .. }
                ) => continue,
                Err(error) => panic!("{error}"),
            };
            let ranks: std::collections::HashMap<&str, String> = rankings.boards[0]
                .entries
                .iter()
                .map(|entry| (entry.place_id.as_str(), entry.rank.to_string()))
                .collect();
            for place in &analysed.places {
                proptest::prop_assert_eq!(
                    place.without[index].map(|rank| rank.to_string()),
                    ranks.get(place.place_id.as_str()).cloned(),
                    "{} without {}\n{}",
                    place.place_id,
                    label,
                    board.spec(None)
                );
            }
        }
    }
}
