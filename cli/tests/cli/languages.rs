//! `--lang` and `--rise` on the command line: the English labels of every format people read,
//! the spec's `lang` overridden by the command line, and an unknown language refused.

use crate::support::{self, folder, livability, text};

const SPEC: &str = "fixtures/tianshan/spec.toml";

/// The Tianshan rankings in English, as the library renders them (its goldens check them).
fn english() -> livability::Rankings {
    let spec = livability::Spec::from_path(support::root().join(SPEC)).unwrap();
    let mut rankings = livability::rank(&spec, &livability::Options::new()).unwrap();
    rankings.language = livability::render::Language::English;
    rankings
}

#[test]
fn lang_en_gives_english_labels_in_every_format_people_read() {
    let english = english();
    for (format, golden) in [
        ("table", Some("tests/golden/tianshan/rank.en.txt")),
        ("markdown", Some("tests/golden/tianshan/rank.en.md")),
        ("html", None),
    ] {
        let output = livability(&["rank", SPEC, "--lang", "en", "--format", format]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let shown = text(&output.stdout);
        let expected = english.to_string_as(format.parse().unwrap());
        assert!(
            shown == expected,
            "{format}:\n{}",
            support::diff(&expected, &shown)
        );
        if let Some(golden) = golden {
            let golden = std::fs::read_to_string(support::root().join(golden)).unwrap();
            assert!(
                shown == golden,
                "{format}:\n{}",
                support::diff(&golden, &shown)
            );
        }
    }
    // The workbook, byte for byte the library's English one.
    let dir = folder("languages", "xlsx");
    let out = dir.join("boards.xlsx");
    // The spec by the same path as the library's, as the workbook names the files read.
    let spec = support::root().join(SPEC);
    let output = livability(&[
        "rank",
        spec.to_str().unwrap(),
        "--lang",
        "en",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut expected = Vec::new();
    english
        .render(livability::Format::Xlsx, &mut expected)
        .unwrap();
    assert!(std::fs::read(&out).unwrap() == expected);
    // Without `--lang`, Chinese.
    let output = livability(&["rank", SPEC]);
    assert!(text(&output.stdout).contains("\n名次  名称"));
}

#[test]
fn the_command_line_overrides_the_specs_lang() {
    let dir = folder("languages", "spec-lang");
    support::tianshan(&dir, false);
    let spec = std::fs::read_to_string(support::root().join(SPEC)).unwrap();
    std::fs::write(dir.join("spec.toml"), format!("lang = \"en\"\n{spec}")).unwrap();
    let spec = dir.join("spec.toml");
    let spec = spec.to_str().unwrap();
    let output = livability(&["rank", spec]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("\nrank  place"));
    let output = livability(&["rank", spec, "--lang", "zh"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("\n名次  名称"));
}

#[test]
fn an_unknown_language_is_refused_naming_its_key() {
    let output = livability(&["rank", SPEC, "--lang", "fr"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("--lang") && stderr.contains("fr"),
        "{stderr}"
    );

    let dir = folder("languages", "spec-fr");
    support::tianshan(&dir, false);
    let spec = std::fs::read_to_string(support::root().join(SPEC)).unwrap();
    std::fs::write(dir.join("spec.toml"), format!("lang = \"fr\"\n{spec}")).unwrap();
    let output = livability(&["rank", dir.join("spec.toml").to_str().unwrap()]);
    assert_ne!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("lang") && stderr.contains("\"fr\""),
        "{stderr}"
    );
}

#[test]
fn explain_and_robustness_speak_chinese_by_default_and_english_under_lang_en() {
    let explain = [
        "explain",
        SPEC,
        "--board",
        "beautiful-neighborhoods",
        "--place",
        "友谊小区",
    ];
    for (lang, golden) in [
        (
            None,
            "tests/golden/tianshan/explain-beautiful-neighborhoods.txt",
        ),
        (
            Some("en"),
            "tests/golden/tianshan/explain-beautiful-neighborhoods.en.txt",
        ),
    ] {
        let mut args = explain.to_vec();
        args.extend(lang.map(|lang| ["--lang", lang]).into_iter().flatten());
        let output = livability(&args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let shown = text(&output.stdout);
        let golden = std::fs::read_to_string(support::root().join(golden)).unwrap();
        assert!(
            shown == golden,
            "{lang:?}:\n{}",
            support::diff(&golden, &shown)
        );
    }
    let robustness = [
        "robustness",
        SPEC,
        "--runs",
        "10",
        "--board",
        "safe-neighborhoods",
    ];
    let output = livability(&robustness);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("\n名次  名称  "),
        "{}",
        text(&output.stdout)
    );
    let output = livability(&[&robustness[..], &["--lang", "en"]].concat());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(
        shown.starts_with("2018-11: weights ±25%, 10 runs") && shown.contains("\nrank  place  "),
        "{shown}"
    );
    // CSV keeps its English keys whatever the language.
    let csv = |lang: &str| {
        livability(&[&robustness[..], &["--format", "csv", "--lang", lang]].concat()).stdout
    };
    assert_eq!(csv("zh"), csv("en"));
    let output = livability(&[&explain[..], &["--lang", "fr"]].concat());
    assert_eq!(output.status.code(), Some(2));
}
