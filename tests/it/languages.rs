//! The language of the outputs people read: the English labels of every human format
//! against goldens (one ranking per fixture, rendered in each format), the spec's `lang` and
//! `rise`, the display names of indicators and dimensions, and the errors of an unknown
//! language, colour or dimension. The Chinese labels are the default, and every other golden
//! of the table, Markdown, the workbook and the page checks them.

use crate::common;
use crate::html_report::text_content;
use crate::xlsx_output::{dump, workbook};

use livability::error::ErrorKind;
use livability::render::{AnalysisFormat, ChangeColors, Language};
use livability::{Format, Options, Rankings, Spec};

/// A fixture's spec text with `edit` applied, ranked as if it stood in the fixture's folder.
fn ranked(fixture: &str, edit: impl Fn(&str) -> String) -> livability::Result<Rankings> {
    let name = format!("fixtures/{fixture}/spec.toml");
    let text = std::fs::read_to_string(&name).unwrap();
    let spec = Spec::from_toml_str(&edit(&text), &name)?;
    livability::rank(&spec, &Options::new())
}

/// The text with `line` put after the first line equal to `after`.
fn insert_after(text: &str, after: &str, line: &str) -> String {
    let at = text.find(&format!("\n{after}\n")).unwrap() + after.len() + 2;
    format!("{}{line}\n{}", &text[..at], &text[at..])
}

#[test]
fn english_labels_in_every_format_people_read() {
    let chinese = ranked("tianshan", str::to_owned).unwrap();
    assert_eq!(chinese.language, Language::Chinese);
    let mut english = chinese.clone();
    english.language = Language::English;
    common::assert_golden(
        "tests/golden/tianshan/rank.en.txt",
        &english.to_string_as(Format::Table),
    );
    common::assert_golden(
        "tests/golden/tianshan/rank.en.md",
        &english.to_string_as(Format::Markdown),
    );
    common::assert_golden(
        "tests/golden/xlsx/tianshan.en.txt",
        &dump(&mut workbook(&english)),
    );
    let page = english.to_string_as(Format::Html);
    common::assert_golden("tests/golden/html/tianshan.en.txt", &text_content(&page));
    // English brings the Western colours: rises green.
    assert!(page.contains(".up { color: #1e8449; }"), "{page}");
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    // The Chinese page, the default, colours a rise red.
    let page = chinese.to_string_as(Format::Html);
    assert!(page.contains(".up { color: #d0312d; }"), "{page}");
    assert!(page.contains(".down { color: #1e8449; }"), "{page}");
    // Machine formats keep their stable English keys in either language.
    for format in [Format::Csv, Format::Json, Format::Newsletter] {
        assert_eq!(
            english.to_string_as(format),
            chinese.to_string_as(format),
            "{format}"
        );
    }
    // The newsletter is the published board, in Chinese whatever the language.
    assert_eq!(
        english.to_string_as(Format::Newsletter),
        common::seed_board()
    );
}

#[test]
fn the_markdown_of_a_scheme_in_english() {
    let mut rankings = ranked("schemes/yiju-2007", str::to_owned).unwrap();
    rankings.language = Language::English;
    common::assert_golden(
        "tests/golden/schemes/yiju-2007.en.md",
        &rankings.to_string_as(Format::Markdown),
    );
}

#[test]
fn a_specs_lang_and_rise_are_honoured() {
    let rankings = ranked("tianshan", |text| {
        format!("lang = \"en\"\nrise = \"red\"\n{text}")
    })
    .unwrap();
    assert_eq!(rankings.language, Language::English);
    assert_eq!(rankings.change_colors(), ChangeColors::RiseRed);
    let table = rankings.to_string_as(Format::Table);
    assert!(table.contains("\nrank  place"), "{table}");
    // A colour chosen stays whatever the language.
    let page = rankings.to_string_as(Format::Html);
    assert!(page.contains(".up { color: #d0312d; }"), "{page}");
}

#[test]
fn an_unknown_language_colour_or_dimension_is_an_error_naming_its_key() {
    for (edit, key, found) in [
        ("lang = \"fr\"", "lang", "\"fr\""),
        ("rise = \"blue\"", "rise", "\"blue\""),
    ] {
        let error = ranked("tianshan", |text| format!("{edit}\n{text}")).unwrap_err();
        match error.kind() {
            ErrorKind::SpecValue { found: value, .. } => assert_eq!(value, found),
            other => panic!("{other:?}"),
        }
        let message = error.to_string();
        assert!(message.contains(key), "{message}");
    }
    let error = ranked("schemes/yiju-2007", |text| {
        insert_after(
            text,
            "[[boards]]",
            "dimension_labels = { \"环境\" = \"环境优美\" }",
        )
    })
    .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::UnknownDimension { .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("boards[0].dimension_labels.环境"),
        "{error}"
    );
}

#[test]
fn display_names_replace_ids_where_people_read_and_leave_csv_alone() {
    let plain = ranked("schemes/yiju-2007", str::to_owned).unwrap();
    let named = ranked("schemes/yiju-2007", |text| {
        let text = insert_after(
            text,
            "[[boards]]",
            "dimension_labels = { \"环境优美度\" = \"环境\" }",
        );
        insert_after(&text, "id = \"green_ratio\"", "label = \"绿地率\"")
    })
    .unwrap();
    // The dimension's column is headed by its display name, in the table and Markdown.
    let table = named.to_string_as(Format::Table);
    let header = table.lines().find(|line| line.contains("名次")).unwrap();
    assert!(header.contains("  环境  "), "{header}");
    assert!(!header.contains("环境优美度"), "{header}");
    assert!(named.to_string_as(Format::Markdown).contains("| 环境 |"));
    // The indicator's, on the page's legend and the workbook's columns.
    let page = text_content(&named.to_string_as(Format::Html));
    assert!(page.contains("绿地率"), "{page}");
    let sheets = dump(&mut workbook(&named));
    assert!(sheets.contains("\t绿地率 数值\t"), "{sheets}");
    assert!(!sheets.contains("green_ratio"), "{sheets}");
    // CSV keeps its keys byte for byte; JSON adds the names beside the ids.
    assert_eq!(
        named.to_string_as(Format::Csv),
        plain.to_string_as(Format::Csv)
    );
    let json = named.to_string_as(Format::Json);
    assert!(json.contains("\"label\": \"绿地率\""), "{json}");
    assert!(json.contains("\"label\": \"环境\""), "{json}");
    assert!(!plain.to_string_as(Format::Json).contains("\"label\""));
}

#[test]
fn explain_and_robustness_show_display_names_in_their_text_only() {
    let name = "fixtures/schemes/yiju-2007/spec.toml";
    let text = std::fs::read_to_string(name).unwrap();
    let text = insert_after(
        &text,
        "[[boards]]",
        "dimension_labels = { \"环境优美度\" = \"环境\" }",
    );
    let text = insert_after(&text, "id = \"green_ratio\"", "label = \"绿地率\"");
    let spec = Spec::from_toml_str(&text, name).unwrap();
    let (_, explanation) =
        livability::explain(&spec, &Options::new(), "livable-neighborhoods", "N01").unwrap();
    let shown = explanation.to_string_as(AnalysisFormat::Table);
    assert!(shown.contains("\n  维度 环境：得分 "), "{shown}");
    assert!(shown.contains("\n  绿地率：原始值 "), "{shown}");
    assert!(!shown.contains("green_ratio"), "{shown}");
    let json = explanation.to_string_as(AnalysisFormat::Json);
    assert!(
        json.contains("\"green_ratio\"") && !json.contains("绿地率"),
        "{json}"
    );
    let (_, robustness) = livability::robustness(
        &spec,
        &Options::new(),
        &livability::analysis::RobustnessOptions::new().runs(10),
    )
    .unwrap();
    let table = robustness.to_string_as(AnalysisFormat::Table);
    assert!(
        table.contains("去掉绿地率后名次") && table.contains("去掉环境后名次"),
        "{table}"
    );
    let csv = robustness.to_string_as(AnalysisFormat::Csv);
    assert!(
        csv.contains("without.green_ratio") && !csv.contains("绿地率"),
        "{csv}"
    );
}
