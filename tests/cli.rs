//! The command line: output, files, exit codes, one-line errors.
#![cfg(feature = "cli")]

mod common;

use std::process::{Command, Output};

use common::{diff, seed_board};

fn livability(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livability"))
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn rank_prints_the_newsletter() {
    let output = livability(&[
        "rank",
        "fixtures/warehouse/spec.toml",
        "--format",
        "newsletter",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let (seed, stdout) = (seed_board(), text(&output.stdout));
    assert!(stdout == seed, "{}", diff(&seed, &stdout));
}

#[test]
fn out_writes_a_file() {
    let folder = std::env::temp_dir().join(format!("livability-cli-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("boards.csv");
    let output = livability(&[
        "rank",
        "fixtures/warehouse/spec.toml",
        "--format",
        "csv",
        "--board",
        "safe-neighborhoods",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("board,period,rank,place_id,place,score,tied,"));
    assert_eq!(written.lines().count(), 4);
    assert!(
        written
            .lines()
            .skip(1)
            .all(|line| line.starts_with("safe-neighborhoods,2018-11,1,"))
    );
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn period_overrides_the_spec() {
    let output = livability(&[
        "rank",
        "fixtures/warehouse/spec.toml",
        "--period",
        "2018-10",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with("2018年10月 宜居指数排行榜\n"));
}

#[test]
fn bad_data_or_spec_exits_1_with_one_line() {
    let output = livability(&["rank", "fixtures/no-such/spec.toml"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: fixtures/no-such/spec.toml: cannot read: "),
        "{stderr}"
    );
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["rank"][..],
        &["rank", "fixtures/warehouse/spec.toml", "--format", "pdf"],
        &[
            "rank",
            "fixtures/warehouse/spec.toml",
            "--period",
            "2018-13",
        ],
        &[
            "rank",
            "fixtures/warehouse/spec.toml",
            "--board",
            "no-such-board",
        ],
        &["rnak", "fixtures/warehouse/spec.toml"],
    ] {
        let output = livability(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(output.stdout.is_empty());
    }
    let output = livability(&[
        "rank",
        "fixtures/warehouse/spec.toml",
        "--board",
        "no-such-board",
    ]);
    assert_eq!(
        text(&output.stderr),
        "error: no board 'no-such-board' in the spec (it defines: beautiful-roads, beautiful-neighborhoods, safe-neighborhoods)\n"
    );
}
