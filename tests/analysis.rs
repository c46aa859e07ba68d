//! The analyses of a made board: robustness (goldens on the Tianshan fixture, the same
//! output for any number of threads, its usage errors) and explanations (goldens, changes
//! that add up, unknown names answered with the closest ones).

mod common;

use common::assert_golden;
use livability::{AnalysisFormat, ErrorKind, Options, RobustnessOptions, Spec};
use rust_decimal::Decimal;

fn tianshan() -> Spec {
    Spec::from_path("fixtures/tianshan/spec.toml").unwrap()
}

#[test]
fn tianshan_robustness_in_every_format() {
    let options = RobustnessOptions::new();
    let (_, robustness) = livability::robustness(&tianshan(), &Options::new(), &options).unwrap();
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
        assert_golden(
            &format!("tests/golden/tianshan/explain-{board}.txt"),
            &explanation.to_string_as(AnalysisFormat::Table),
        );
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

#[test]
fn unknown_boards_and_places_name_the_closest() {
    let spec = tianshan();
    let error =
        livability::explain(&spec, &Options::new(), "beautiful-road", "芙蓉江路").unwrap_err();
    assert_eq!(
        error.to_string(),
        "no board 'beautiful-road'; the closest: beautiful-roads, beautiful-neighborhoods, safe-neighborhoods"
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
