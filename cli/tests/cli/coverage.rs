//! A board's coverage enforced by the command (issue 28, case 5): a hotline whose tickets
//! mostly name a road, for a board that ranks neighborhoods only; `--strict` refuses the board,
//! and `explain` and `robustness` take `--lenient` as `rank` does. The library's side is
//! `tests/it/coverage.rs`; both read the exports of `tests/common/coverage_exports.rs`.

use std::path::PathBuf;

use crate::support::livability;

#[path = "../../../tests/common/coverage_exports.rs"]
mod exports;

use exports::{PLACES, hotline, spec};

/// A folder with the places, the hotline and a spec (`min_coverage` if given).
fn folder(name: &str, min_coverage: Option<&str>) -> PathBuf {
    let folder = crate::support::folder("coverage", name);
    std::fs::write(folder.join("places.csv"), PLACES).unwrap();
    std::fs::write(folder.join("hotline.csv"), hotline()).unwrap();
    std::fs::write(folder.join("spec.toml"), spec(min_coverage)).unwrap();
    folder
}

#[test]
fn strict_refuses_the_board_and_names_it() {
    let folder = folder("strict", None);
    let spec = folder.join("spec.toml");
    let spec = spec.to_str().unwrap();
    let output = livability(&["rank", spec, "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning: board 'quiet': counts 14 of the 20 records it selects from source 'hotline' (70.0 %, below its min_coverage of 95 %); mostly unplaced: 6"),
        "{stderr}"
    );
    // Without --strict the board is made, with the warning.
    assert_eq!(livability(&["rank", spec]).status.code(), Some(0));
}

#[test]
fn a_minimum_the_board_misses_by_a_tenth_fails_strict() {
    let spec = folder("missed", Some("70.1")).join("spec.toml");
    let output = livability(&["rank", spec.to_str().unwrap(), "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    let spec = folder("met", Some("70")).join("spec.toml");
    let output = livability(&["rank", spec.to_str().unwrap(), "--strict"]);
    assert_eq!(output.status.code(), Some(0));
}

/// `explain` shows the text that placed each record beside its line, and `explain` and
/// `robustness` take `--lenient` as `rank` does: a malformed row stops them without it, and
/// is skipped, and named on stderr, with it.
#[test]
fn explain_shows_the_placing_text_and_both_analyses_take_lenient() {
    let folder = folder("lenient", Some("0"));
    let mut csv = hotline();
    csv += "T099,2018-11-31 10:00,,天山二村9号,投诉\n";
    std::fs::write(folder.join("hotline.csv"), csv).unwrap();
    let spec = folder.join("spec.toml");
    let spec = spec.to_str().unwrap();
    let explain = ["explain", spec, "--board", "quiet", "--place", "天山二村"];
    let robustness = ["robustness", spec, "--runs", "10"];
    for command in [&explain[..], &robustness[..]] {
        let output = livability(command);
        assert_eq!(output.status.code(), Some(1), "{command:?}");
        let lenient: Vec<&str> = command.iter().copied().chain(["--lenient"]).collect();
        let output = livability(&lenient);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(0), "{command:?}: {stderr}");
        assert!(
            stderr.contains("skipped: ") && stderr.contains("hotline.csv:25"),
            "{stderr}"
        );
    }
    let output = livability(&[&explain[..], &["--lenient"]].concat());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout
            .contains("hotline.csv:4 编号 T003 2018-11-04 10:00:00 计入（定位依据“天山二村5号”）"),
        "{stdout}"
    );
    assert!(stdout.contains("（定位依据“天山2村”）"), "{stdout}");
}
