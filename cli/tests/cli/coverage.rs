//! A board's coverage enforced by the command (issue 28, case 5): a hotline whose tickets
//! mostly name a road, for a board that ranks neighborhoods only; `--strict` refuses the board,
//! and `explain` and `robustness` take `--lenient` as `rank` does. The library's side is
//! `tests/coverage.rs`, from which the exports here are copied.

use std::path::PathBuf;

use crate::support::livability;

const PLACES: &str = "id,kind,name,aliases,households\n\
R1,road,天山路,,\n\
R2,road,遵义路,,\n\
N1,neighborhood,天山二村,天山2村,1000\n\
N2,neighborhood,遵义小区,,800\n\
N3,neighborhood,新光小区,,500\n";

/// 20 complaints: 13 name a neighborhood in their address, 1 in the neighborhood column, 6 a
/// road only (`遵义路100号`); and 3 consultations, which the board does not select.
fn hotline() -> String {
    let mut csv = String::from("工单编号,受理时间,小区,地址,诉求类型\n");
    for n in 1..=23 {
        let (column, address, kind) = match n {
            1..=13 => (
                "",
                ["天山二村5号", "遵义小区3号", "新光小区8号"][n % 3],
                "投诉",
            ),
            14 => ("天山2村", "", "投诉"),
            15..=20 => ("", "遵义路100号", "投诉"),
            _ => ("", "天山路1号", "咨询"),
        };
        csv += &format!(
            "T{n:03},2018-11-{:02} 10:00,{column},{address},{kind}\n",
            n % 28 + 1
        );
    }
    csv
}

fn spec(min_coverage: Option<&str>) -> String {
    let min = min_coverage.map_or(String::new(), |min| format!("min_coverage = {min}\n"));
    format!(
        r#"title = "宜居指数排行榜"
period = "2018-11"
places = "places.csv"
[sources.hotline]
file = "hotline.csv"
[[boards]]
id = "quiet"
title = "安静小区排行榜"
kind = "neighborhood"
{min}[[boards.indicators]]
id = "complaints"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
where = {{ type = "投诉" }}
better = "lower"
"#
    )
}

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
        stdout.contains(
            "hotline.csv:4 id T003 2018-11-04 10:00:00 counted (placed by \"天山二村5号\")"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("(placed by \"天山2村\")"), "{stdout}");
}
