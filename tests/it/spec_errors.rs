//! One test per class of spec error: each names the key (or the line of a syntax error).

use livability::error::ErrorKind;
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Options, Ranker, Spec};

/// A valid spec to break: a `grid` source, a `table` source, one board of two indicators.
const VALID: &str = r#"
period = "2018-11"
places = "places.csv"

[sources.grid]
file = "grid.csv"

[sources.warehouse]
kind = "table"
file = "indicators.csv"

[[boards]]
id = "roads"
title = "靓丽道路排行榜"
kind = "road"
top = 3

[[boards.indicators]]
id = "cases"
source = "grid"
measure = "count"
better = "lower"
weight = 60

[[boards.indicators]]
id = "closure"
source = "warehouse"
measure = "value"
better = "higher"
weight = 40
"#;

/// The error of `VALID` with `from` replaced by `to`.
fn spec_error(from: &str, to: &str) -> livability::Error {
    assert!(VALID.contains(from), "{from:?} is not in the spec");
    let text = VALID.replacen(from, to, 1);
    match Spec::from_toml_str(&text, "spec.toml") {
        Ok(_) => panic!("no error for {to:?}"),
        Err(error) => error,
    }
}

/// Asserts that the error names `key`, both in its location and in its message.
fn assert_key(error: &livability::Error, key: &str) {
    assert_eq!(error.location().spec_key(), Some(key), "{error}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("spec.toml: {key}: ")),
        "{error}"
    );
}

#[test]
fn the_valid_spec_is_valid() {
    Spec::from_toml_str(VALID, "spec.toml").unwrap();
}

#[test]
fn toml_syntax_errors_name_line_and_column() {
    let error = spec_error("top = 3", "top = = 3");
    assert!(matches!(error.kind(), ErrorKind::SpecSyntax { .. }));
    assert_eq!(error.location().line(), Some(16));
    assert!(
        error
            .to_string()
            .starts_with("spec.toml:16:7: invalid TOML: "),
        "{error}"
    );
}

#[test]
fn unknown_keys_name_their_path() {
    assert_key(&spec_error("top = 3", "top = 3\ntpo = 3"), "boards[0].tpo");
    assert_key(
        &spec_error("weight = 60", "wieght = 60"),
        "boards[0].indicators[0].wieght",
    );
    assert_key(&spec_error("period =", "perod ="), "perod");
    assert_key(
        &spec_error("file = \"grid.csv\"", "flie = \"grid.csv\""),
        "sources.grid.flie",
    );
    let error = spec_error("weight = 60", "wieght = 60");
    assert!(
        error.to_string().contains("unknown field `wieght`"),
        "{error}"
    );
}

#[test]
fn wrong_types_and_unknown_options_name_the_key() {
    assert_key(&spec_error("top = 3", "top = \"three\""), "boards[0].top");
    assert_key(&spec_error("top = 3", "top = -1"), "boards[0].top");
    assert_key(
        &spec_error("top = 3", "top = 3\nrank = \"olympic\""),
        "boards[0].rank",
    );
    assert_key(
        &spec_error("better = \"lower\"", "better = \"less\""),
        "boards[0].indicators[0].better",
    );
    assert_key(
        &spec_error("kind = \"road\"", "kind = \"lane\""),
        "boards[0].kind",
    );
    assert_key(
        &spec_error("top = 3", "top = 3\ntie_order = \"stroke\""),
        "boards[0].tie_order",
    );
}

/// Messages speak the spec's words, never a Rust type's, and say the fix of a common slip.
#[test]
fn type_errors_are_in_plain_words_and_single_brackets_get_the_fix() {
    let error = spec_error("top = 3", "top = -1");
    assert_eq!(
        error.to_string(),
        "spec.toml: boards[0].top: invalid value: integer `-1`, expected a whole number, 0 or more"
    );
    let error = spec_error("top = 3", "top = \"three\"");
    assert!(!error.to_string().contains("u32"), "{error}");
    let error = spec_error("[[boards]]", "[boards]");
    assert_key(&error, "boards");
    assert!(
        error.to_string().ends_with(
            "a single table `[boards]` where a list of them is expected: write `[[boards]]` (two brackets) before each"
        ),
        "{error}"
    );
    let error = Spec::from_toml_str(
        "period = \"2018-11\"\n[sources.grid]\n[[boards]]\nid = \"x\"\nkind = \"road\"\n[boards.indicators]\nid = \"a\"\n",
        "spec.toml",
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("write `[[boards.indicators]]` (two brackets) before each"),
        "{error}"
    );
}

#[test]
fn a_bad_period_names_period() {
    let error = spec_error("period = \"2018-11\"", "period = \"2018-13\"");
    assert_key(&error, "period");
    assert!(
        error
            .to_string()
            .ends_with("\"2018-13\" is not a period (YYYY-MM, YYYY-Wnn, YYYY-Qn, YYYY, YYYY-YTD-MM or YYYY-MM..YYYY-MM)")
    );
}

#[test]
fn a_source_whose_id_is_not_a_kind_needs_a_kind() {
    let error = spec_error(
        "kind = \"table\"\nfile = \"indicators.csv\"",
        "file = \"indicators.csv\"",
    );
    assert_key(&error, "sources.warehouse");
    assert!(matches!(error.kind(), ErrorKind::MissingKey { key, .. } if key == "kind"));
}

#[test]
fn repeated_ids_name_both() {
    let error = spec_error("id = \"closure\"", "id = \"cases\"");
    assert_key(&error, "boards[0].indicators[1].id");
    assert!(
        error
            .to_string()
            .ends_with("id 'cases' repeats boards[0].indicators[0].id")
    );
    let text = format!(
        "{VALID}\n[[boards]]\nid = \"roads\"\nkind = \"road\"\n[[boards.indicators]]\nid = \"x\"\nsource = \"grid\"\nmeasure = \"count\"\nbetter = \"lower\"\n"
    );
    let error = Spec::from_toml_str(&text, "spec.toml").unwrap_err();
    assert_key(&error, "boards[1].id");
}

#[test]
fn out_of_range_numbers_name_the_key() {
    assert_key(&spec_error("top = 3", "top = 0"), "boards[0].top");
    assert_key(
        &spec_error("top = 3", "top = 3\ndecimals = 29"),
        "boards[0].decimals",
    );
    assert_key(
        &spec_error("weight = 60", "weight = 1e3"),
        "boards[0].indicators[0].weight",
    );
    assert_key(
        &spec_error("weight = 60", "weight = nan"),
        "boards[0].indicators[0].weight",
    );
    assert_key(
        &spec_error("weight = 60", "weight = \"lots\""),
        "boards[0].indicators[0].weight",
    );
    let error = spec_error("weight = 60", "weight = 0.00000000000000000000000000001");
    assert_key(&error, "boards[0].indicators[0].weight");
    assert!(matches!(error.kind(), ErrorKind::TooPrecise { .. }));
}

#[test]
fn a_board_needs_indicators() {
    let text = "[[boards]]\nid = \"empty\"\nkind = \"road\"\n";
    let error = Spec::from_toml_str(text, "spec.toml").unwrap_err();
    assert_key(&error, "boards[0]");
}

#[test]
fn an_unknown_source_names_the_indicator_key() {
    let error = spec_error("source = \"grid\"", "source = \"gird\"");
    assert_key(&error, "boards[0].indicators[0].source");
    assert!(
        error
            .to_string()
            .contains("unknown source 'gird' (the spec defines: grid, warehouse)")
    );
}

#[test]
fn a_measure_its_source_cannot_give_names_measure() {
    assert_key(
        &spec_error("measure = \"count\"", "measure = \"value\""),
        "boards[0].indicators[0].measure",
    );
    assert_key(
        &spec_error("measure = \"value\"", "measure = \"count\""),
        "boards[0].indicators[1].measure",
    );
}

#[test]
fn keys_the_measure_does_not_use_are_errors() {
    let error = spec_error(
        "measure = \"count\"",
        "measure = \"count\"\nper = \"length_km\"",
    );
    assert_key(&error, "boards[0].indicators[0].per");
    assert!(
        error
            .to_string()
            .ends_with("`per` is not used with measure = \"count\"")
    );
    assert_key(
        &spec_error(
            "measure = \"value\"",
            "measure = \"value\"\nwhere = { category = \"x\" }",
        ),
        "boards[0].indicators[1].where",
    );
    assert_key(
        &spec_error(
            "measure = \"count\"",
            "measure = \"count\"\nfield = \"score\"",
        ),
        "boards[0].indicators[0].field",
    );
}

#[test]
fn keys_the_measure_needs_name_the_indicator() {
    let error = spec_error("measure = \"count\"", "measure = \"rate\"");
    assert_key(&error, "boards[0].indicators[0]");
    assert!(matches!(error.kind(), ErrorKind::MissingKey { key, .. } if key == "per"));
    assert_key(
        &spec_error("measure = \"count\"", "measure = \"share\""),
        "boards[0].indicators[0]",
    );
    assert_key(
        &spec_error("measure = \"count\"", "measure = \"mean\""),
        "boards[0].indicators[0]",
    );
    let error = spec_error(
        "measure = \"count\"",
        "measure = \"rate\"\nper = \"length_km\"\nscale = 0",
    );
    assert_key(&error, "boards[0].indicators[0].scale");
}

#[test]
fn a_negative_weight_names_the_weight() {
    let error = spec_error("weight = 60", "weight = -1");
    assert_key(&error, "boards[0].indicators[0].weight");
    assert!(matches!(error.kind(), ErrorKind::NegativeWeight { .. }));
}

#[test]
fn weights_summing_to_zero_name_the_indicators() {
    let text =
        VALID
            .replacen("weight = 60", "weight = 0", 1)
            .replacen("weight = 40", "weight = 0.0", 1);
    let error = Spec::from_toml_str(&text, "spec.toml").unwrap_err();
    assert_key(&error, "boards[0].indicators");
    assert!(matches!(error.kind(), ErrorKind::ZeroWeights));
}

#[test]
fn an_unknown_tie_breaker_names_its_position() {
    let error = spec_error(
        "top = 3",
        "top = 3\ntie_breakers = [\"closure\", \"clousre\"]",
    );
    assert_key(&error, "boards[0].tie_breakers[1]");
    assert!(
        error
            .to_string()
            .contains("unknown indicator 'clousre' (the board has: cases, closure)")
    );
}

#[test]
fn filters_take_strings() {
    let error = spec_error(
        "measure = \"count\"",
        "measure = \"count\"\nwhere = { category = 3 }",
    );
    assert_key(&error, "boards[0].indicators[0].where.category");
    let error = spec_error(
        "measure = \"count\"",
        "measure = \"count\"\nwhere = { category = [] }",
    );
    assert_key(&error, "boards[0].indicators[0].where.category");
}

#[test]
fn an_attribute_the_places_lack_names_per() {
    let text = VALID.replacen(
        "measure = \"count\"",
        "measure = \"rate\"\nper = \"length_km\"",
        1,
    );
    let spec = Spec::from_toml_str(&text, "spec.toml").unwrap();
    let places = Gazetteer::new([
        Place::new("R1", PlaceKind::Road, "天山路").with_attribute("households", 1.into())
    ])
    .unwrap();
    let error = Ranker::new(&spec, &places, &Options::new()).err().unwrap();
    assert_key(&error, "boards[0].indicators[0].per");
    assert!(
        error
            .to_string()
            .ends_with("places have no attribute 'length_km' (they have: households)")
    );
}

#[test]
fn ranking_from_files_needs_the_files_named() {
    let spec = Spec::from_toml_str(
        &VALID.replacen("places = \"places.csv\"", "", 1),
        "spec.toml",
    )
    .unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    assert_key(&error, "places");
}

#[test]
fn a_board_or_period_asked_for_must_exist() {
    let spec = Spec::from_toml_str(VALID, "spec.toml").unwrap();
    let places = Gazetteer::new([Place::new("R1", PlaceKind::Road, "天山路")]).unwrap();
    let error = Ranker::new(&spec, &places, &Options::new().board("rods"))
        .err()
        .unwrap();
    assert_eq!(
        error.to_string(),
        "no board 'rods' in the spec (it defines: roads)"
    );
    let spec =
        Spec::from_toml_str(&VALID.replacen("period = \"2018-11\"", "", 1), "spec.toml").unwrap();
    let error = Ranker::new(&spec, &places, &Options::new()).err().unwrap();
    assert!(matches!(error.kind(), ErrorKind::NoPeriod));
}

#[test]
fn a_spec_file_that_cannot_be_read_names_it() {
    let error = Spec::from_path("no/such/spec.toml").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("no/such/spec.toml: cannot read: "),
        "{error}"
    );
    // The operating system's reason stays a kind to match on.
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Io {
                kind: std::io::ErrorKind::NotFound,
                ..
            }
        ),
        "{error:?}"
    );
}

/// The error of `VALID` with `board` added to the board's keys and `indicator` to its first
/// indicator's (either may be empty): scheme keys go there.
fn scheme_error(board: &str, indicator: &str) -> livability::Error {
    let text = VALID
        .replacen("top = 3", &format!("top = 3\n{board}"), 1)
        .replacen("weight = 60", &format!("weight = 60\n{indicator}"), 1);
    match Spec::from_toml_str(&text, "spec.toml") {
        Ok(_) => panic!("no error for {board:?} / {indicator:?}"),
        Err(error) => error,
    }
}

/// `VALID` with the scheme keys is a valid spec: the errors below come from one key each.
#[test]
fn a_full_scheme_is_valid() {
    let text = VALID
        .replacen(
            "top = 3",
            "top = 3\nbottom = 2\ndimensions = { \"环境\" = 60, \"环境.市容\" = 1, \"管理\" = 40 }\n\
             grades = [{ name = \"优秀\", min = 90 }, { name = \"合格\", min = 60 }, { name = \"不合格\" }]",
            1,
        )
        .replacen("weight = 60", "weight = 60\ndimension = \"环境.市容\"\ngoalposts = [0, 20]", 1)
        .replacen("weight = 40", "weight = 40\ndimension = \"管理\"\ncurve = [[70, 0], [90, 20]]", 1)
        + "\n[[boards.adjustments]]\nid = \"rework\"\nkind = \"deduct\"\nsource = \"grid\"\n\
           where = { status = \"返工\" }\npoints = 0.2\ncap = 5\n\
           multiply = { column = \"来源\", by = { \"媒体曝光\" = 2 } }\n\
           [[boards.vetoes]]\nid = \"fire\"\nsource = \"grid\"\nwhere = { category = \"火灾\" }\neffect = \"demote\"\n";
    Spec::from_toml_str(&text, "spec.toml").unwrap();
}

#[test]
fn dimensions_must_be_weighted_used_and_not_all_zero() {
    let error = scheme_error("", "dimension = \"环境\"");
    assert!(
        matches!(error.kind(), ErrorKind::UnknownDimension { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].dimension");
    assert!(error.to_string().contains("add `\"环境\" = 1`"), "{error}");
    // A sub-dimension without its parent's weight.
    let error = scheme_error(
        "dimensions = { \"环境.市容\" = 1 }",
        "dimension = \"环境.市容\"",
    );
    assert!(
        matches!(error.kind(), ErrorKind::UnknownDimension { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].dimensions.环境.市容");
    let error = scheme_error(
        "dimensions = { \"环境\" = 1, \"安全\" = 1 }",
        "dimension = \"环境\"",
    );
    assert!(
        matches!(error.kind(), ErrorKind::UnusedDimension { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].dimensions.安全");
    let text = VALID
        .replacen("top = 3", "top = 3\ndimensions = { \"环境\" = 1 }", 1)
        .replacen("weight = 60", "weight = 0\ndimension = \"环境\"", 1);
    let error = Spec::from_toml_str(&text, "spec.toml").unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::ZeroDimensionWeights { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].dimensions.环境");
    let error = scheme_error("dimensions = { \"环境\" = -1 }", "dimension = \"环境\"");
    assert!(
        matches!(error.kind(), ErrorKind::NegativeWeight { .. }),
        "{error}"
    );
}

#[test]
fn curves_must_be_in_order_and_alone() {
    let error = scheme_error("", "goalposts = [20, 10]");
    assert!(
        matches!(error.kind(), ErrorKind::OutOfOrder { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].goalposts");
    let error = scheme_error("", "goalposts = [1, 2, 3]");
    assert!(
        matches!(error.kind(), ErrorKind::SpecValue { .. }),
        "{error}"
    );
    let error = scheme_error("", "curve = [[70, 0], [20, 50]]");
    assert!(
        matches!(error.kind(), ErrorKind::OutOfOrder { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].curve");
    // The first indicator is `better = "lower"`: a curve that rises contradicts it.
    let error = scheme_error("", "curve = [[0, 0], [10, 50]]");
    assert!(error.to_string().contains("must not rise"), "{error}");
    // Bands for `lower` go from the lowest threshold up.
    let error = scheme_error("", "bands = [[5, 100], [2, 80]]");
    assert!(
        matches!(error.kind(), ErrorKind::OutOfOrder { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].bands");
    let error = scheme_error("", "goalposts = [0, 10]\ncurve = [[0, 100], [10, 0]]");
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].curve");
    let error = scheme_error("", "goalposts = [0, 10]\nnormalize = \"rank\"");
    assert_key(&error, "boards[0].indicators[0].normalize");
    let error = scheme_error("", "else = 5");
    assert!(
        matches!(error.kind(), ErrorKind::UnusedKey { .. }),
        "{error}"
    );
    let error = scheme_error("", "normalize = \"bands\"");
    assert!(
        matches!(error.kind(), ErrorKind::MissingKey { .. }),
        "{error}"
    );
}

#[test]
fn adjustments_and_vetoes_name_what_they_count() {
    let adjustment = |body: &str| {
        let text = format!(
            "{VALID}\n[[boards.adjustments]]\nid = \"a\"\nkind = \"deduct\"\npoints = 1\n{body}\n"
        );
        Spec::from_toml_str(&text, "spec.toml").unwrap_err()
    };
    let error = adjustment("source = \"nowhere\"");
    assert!(
        matches!(error.kind(), ErrorKind::UnknownSource { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].adjustments[0].source");
    let error = adjustment("indicator = \"nothing\"");
    assert!(
        matches!(error.kind(), ErrorKind::UnknownIndicator { .. }),
        "{error}"
    );
    let error = adjustment("");
    assert!(
        matches!(error.kind(), ErrorKind::MissingKey { .. }),
        "{error}"
    );
    let error = adjustment("source = \"grid\"\nindicator = \"cases\"");
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    let error = adjustment("source = \"warehouse\"");
    assert!(
        matches!(error.kind(), ErrorKind::MeasureSource { .. }),
        "{error}"
    );
    let error = adjustment("source = \"grid\"\ncap = -1");
    assert_key(&error, "boards[0].adjustments[0].cap");
    let error = adjustment(
        "source = \"grid\"\nwhere = { \"来源\" = \"热线\" }\nmultiply = { column = \"来源\", by = { \"媒体曝光\" = 2 } }",
    );
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].adjustments[0].multiply.column");
    let veto = |body: &str| {
        let text = format!("{VALID}\n[[boards.vetoes]]\nid = \"v\"\n{body}\n");
        Spec::from_toml_str(&text, "spec.toml").unwrap_err()
    };
    let error = veto("source = \"nowhere\"\neffect = \"last\"");
    assert!(
        matches!(error.kind(), ErrorKind::UnknownSource { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].vetoes[0].source");
    let error = veto("source = \"grid\"\neffect = \"demote\"");
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("no `grades`"), "{error}");
    let error = veto("indicator = \"cases\"\neffect = \"last\"");
    assert!(
        matches!(error.kind(), ErrorKind::MissingKey { .. }),
        "{error}"
    );
    let error = veto("indicator = \"cases\"\nat_least = 1\nat_most = 2\neffect = \"last\"");
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    let error = veto("source = \"grid\"\neffect = \"banished\"");
    assert_key(&error, "boards[0].vetoes[0].effect");
}

#[test]
fn grades_lists_and_improvement_keys_are_consistent() {
    let error = scheme_error(
        "grades = [{ name = \"合格\", min = 60 }, { name = \"优秀\", min = 90 }]",
        "",
    );
    assert!(
        matches!(error.kind(), ErrorKind::OutOfOrder { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].grades[1].min");
    let error = scheme_error(
        "grades = [{ name = \"A\", share = 0.6 }, { name = \"B\", share = 0.5 }]",
        "",
    );
    assert!(
        matches!(error.kind(), ErrorKind::SharesAboveOne { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].grades");
    let error = scheme_error(
        "grades = [{ name = \"A\", share = 0.2 }, { name = \"B\", min = 60 }]",
        "",
    );
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    let error = scheme_error(
        "grades = [{ name = \"A\" }, { name = \"B\", min = 60 }]",
        "",
    );
    assert!(
        matches!(error.kind(), ErrorKind::MissingKey { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].grades[0]");
    let error = scheme_error("grades = []", "");
    assert!(
        matches!(error.kind(), ErrorKind::SpecValue { .. }),
        "{error}"
    );
    let error = scheme_error("bottom = 3\nbelow = 60", "");
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].below");
    let error = scheme_error("bottom = 0", "");
    assert_key(&error, "boards[0].bottom");
    let error = scheme_error("compare = \"year-ago\"", "");
    assert!(
        matches!(error.kind(), ErrorKind::UnusedKey { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].compare");
    let error = scheme_error("floor = 10\nceiling = 5", "");
    assert!(
        matches!(error.kind(), ErrorKind::OutOfOrder { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].ceiling");
    let error = scheme_error("aggregate = \"median\"", "");
    assert_key(&error, "boards[0].aggregate");
}

#[test]
fn a_worst_list_longer_than_the_places_names_bottom() {
    let text = VALID.replacen("top = 3", "top = 3\nbottom = 2", 1);
    let spec = Spec::from_toml_str(&text, "spec.toml").unwrap();
    let places = Gazetteer::new([Place::new("R1", PlaceKind::Road, "天山路")]).unwrap();
    let error = Ranker::new(&spec, &places, &Options::new()).err().unwrap();
    assert_key(&error, "boards[0].bottom");
    assert!(
        error.to_string().contains("up to the 1 of kind road"),
        "{error}"
    );
}

/// `VALID` with `source` added to the grid source's keys and its first indicator measuring
/// `measure`.
fn deadline_error(source: &str, measure: &str) -> livability::Error {
    let text = VALID
        .replacen(
            "file = \"grid.csv\"",
            &format!("file = \"grid.csv\"\n{source}"),
            1,
        )
        .replacen("measure = \"count\"", measure, 1);
    match Spec::from_toml_str(&text, "spec.toml") {
        Ok(_) => panic!("no error for {source:?} / {measure:?}"),
        Err(error) => error,
    }
}

#[test]
fn deadlines_are_read_before_any_record() {
    let error = deadline_error(
        "deadline = { default = \"5 working dayz\" }",
        "measure = \"on-time\"",
    );
    assert_key(&error, "sources.grid.deadline.default");
    assert!(
        error.to_string().contains("such as \"5 working days\""),
        "{error}"
    );
    let error = deadline_error("", "measure = \"on-time\"");
    assert!(
        matches!(error.kind(), ErrorKind::MissingKey { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].measure");
    assert!(
        error.to_string().contains("sources.grid.deadline"),
        "{error}"
    );
    let error = deadline_error("deadline_by = \"type\"", "measure = \"count\"");
    assert!(
        matches!(error.kind(), ErrorKind::UnusedKey { .. }),
        "{error}"
    );
    assert_key(&error, "sources.grid.deadline_by");
    let error = deadline_error("deadline = {}", "measure = \"overdue\"");
    assert_key(&error, "sources.grid.deadline");
    let error = deadline_error(
        "",
        "measure = \"share\"\nof = { status = { \"已结案\" = 1.5 } }",
    );
    assert_key(&error, "boards[0].indicators[0].of.status.已结案");
    let error = deadline_error(
        "",
        "measure = \"share\"\nof = { status = { \"已结案\" = 1 }, category = { \"市容\" = 1 } }",
    );
    assert!(
        matches!(error.kind(), ErrorKind::Conflict { .. }),
        "{error}"
    );
    let error = deadline_error("", "measure = \"count\"\nexclude = { status = \"作废\" }");
    assert!(
        matches!(error.kind(), ErrorKind::UnusedKey { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].exclude");
}

#[test]
fn working_hours_and_as_of_name_their_key() {
    let top = |line: &str| {
        let text = VALID.replacen(
            "period = \"2018-11\"",
            &format!("period = \"2018-11\"\n{line}"),
            1,
        );
        Spec::from_toml_str(&text, "spec.toml").unwrap_err()
    };
    assert_key(
        &top("work_hours = [\"09:00-12:00\", \"11:00-13:00\"]"),
        "work_hours[1]",
    );
    assert_key(&top("work_hours = [\"nine to five\"]"), "work_hours[0]");
    assert_key(&top("work_hours = []"), "work_hours[0]");
    assert_key(&top("as_of = \"yesterday\""), "as_of");
}

#[test]
fn a_malformed_calendar_file_names_its_line() {
    let folder = std::env::temp_dir().join(format!("livability-calendar-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("calendar.csv"),
        "date,day\n2027-02-05,off\n2027-02-06,off\n",
    )
    .unwrap();
    let text = VALID.replacen(
        "period = \"2018-11\"",
        "period = \"2018-11\"\ncalendar = \"calendar.csv\"",
        1,
    );
    let error = Spec::from_toml_str(&text, folder.join("spec.toml")).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("calendar.csv:3: column 'date'"),
        "{message}"
    );
    assert!(message.contains("is a Saturday or Sunday"), "{message}");
    std::fs::write(folder.join("calendar.csv"), "date,day\n2027-02-05,off\n").unwrap();
    let spec = Spec::from_toml_str(&text, folder.join("spec.toml")).unwrap();
    drop(spec);
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn a_record_in_a_year_the_calendar_lacks_is_an_error_naming_it() {
    let text = VALID
        .replacen("period = \"2018-11\"", "period = \"2031-03\"", 1)
        .replacen(
            "file = \"grid.csv\"",
            "deadline = { default = \"5 working days\" }",
            1,
        )
        .replacen("measure = \"count\"", "measure = \"on-time\"", 1);
    let spec = Spec::from_toml_str(&text, "spec.toml").unwrap();
    let places = Gazetteer::new([Place::new("R1", PlaceKind::Road, "天山路")]).unwrap();
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let record = livability::Record::new()
        .with("id", "G1")
        .with("time", "2031-03-03 09:00")
        .with("road", "天山路")
        .with("closed_time", "2031-03-04 09:00");
    let error = ranker.add_record("grid", &record).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::UncoveredYear { year: 2031, .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("G1") && message.contains("2031"),
        "{message}"
    );
}

/// An indicator id that is a dimension's path (一级指标 `安全` holding the 二级指标 `安全`)
/// would give the CSV two `安全.weight` and two `安全.contribution` columns: an error at the
/// indicator's id naming the dimension, on its board or on another (the CSV is one header).
#[test]
fn an_indicator_id_may_not_be_a_dimension_path() {
    let text = VALID
        .replacen(
            "top = 3",
            "top = 3\ndimensions = { \"安全\" = 1, \"管理\" = 1 }",
            1,
        )
        .replacen("id = \"cases\"", "id = \"安全\"", 1)
        .replacen("weight = 60", "weight = 60\ndimension = \"安全\"", 1)
        .replacen("weight = 40", "weight = 40\ndimension = \"管理\"", 1);
    let error = Spec::from_toml_str(&text, "spec.toml").unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::IdIsDimension { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[0].id");
    assert!(
        error.to_string().contains("boards[0].dimensions.安全"),
        "{error}"
    );
    // Renamed, the same scheme is valid.
    let renamed = text.replacen("id = \"安全\"", "id = \"安全事件\"", 1);
    Spec::from_toml_str(&renamed, "spec.toml").unwrap();
    // A later board's dimension clashes with this board's indicator as well.
    let text = format!(
        "{VALID}\n[[boards]]\nid = \"other\"\nkind = \"road\"\ndimensions = {{ \"closure\" = 1 }}\n\
         [[boards.indicators]]\nid = \"rate\"\nsource = \"warehouse\"\nmeasure = \"value\"\n\
         better = \"higher\"\ndimension = \"closure\"\n"
    );
    let error = Spec::from_toml_str(&text, "spec.toml").unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::IdIsDimension { .. }),
        "{error}"
    );
    assert_key(&error, "boards[0].indicators[1].id");
    assert!(
        error.to_string().contains("boards[1].dimensions.closure"),
        "{error}"
    );
}

/// Groups (`group_by`): a kind must be above the board's, an attribute must be the places'
/// file's, and the overall list's cut-offs need groups.
#[test]
fn groups_name_their_key() {
    let error = spec_error("top = 3", "top = 3\ngroup_by = \"neighborhood\"");
    assert_key(&error, "boards[0].group_by");
    assert!(
        error
            .to_string()
            .ends_with("neighborhood is not \"parent\", a kind above road or a place attribute"),
        "{error}"
    );
    let error = spec_error("top = 3", "top = 3\noverall_top = 5");
    assert_key(&error, "boards[0].overall_top");
    let text = VALID.replacen("top = 3", "top = 3\ngroup_by = \"片区\"", 1);
    let spec = Spec::from_toml_str(&text, "spec.toml").unwrap();
    let places = Gazetteer::new([Place::new("R1", PlaceKind::Road, "天山路")]).unwrap();
    let error = Ranker::new(&spec, &places, &Options::new()).err().unwrap();
    assert_key(&error, "boards[0].group_by");
    assert!(
        matches!(error.kind(), ErrorKind::UnknownAttribute { attribute, .. } if attribute == "片区"),
        "{error}"
    );
}
