//! The same failure gives the same exit code and the same line from every subcommand: what
//! the library refuses exits 1 with its message, bad usage exits 2.

use crate::support::{livability, text};

const SPEC: &str = "fixtures/tianshan/spec.toml";

/// The exit code and stderr of each command line.
fn outcomes(commands: &[&[&str]]) -> Vec<(Option<i32>, String)> {
    commands
        .iter()
        .map(|args| {
            let output = livability(args);
            assert!(output.stdout.is_empty(), "{args:?}: printed on stdout");
            (output.status.code(), text(&output.stderr))
        })
        .collect()
}

#[test]
fn an_unknown_board_exits_1_with_one_line_from_every_subcommand() {
    let board = ["--board", "beautiful-road"];
    let outcomes = outcomes(&[
        &["rank", SPEC, board[0], board[1]],
        &[
            "rank",
            SPEC,
            "--format",
            "html",
            "--robustness",
            board[0],
            board[1],
        ],
        &["robustness", SPEC, "--runs", "5", board[0], board[1]],
        &["explain", SPEC, board[0], board[1], "--place", "芙蓉江路"],
    ]);
    let line = "error: no board 'beautiful-road' in the spec (it defines: beautiful-roads, beautiful-neighborhoods, safe-neighborhoods)\n";
    for (code, stderr) in &outcomes {
        assert_eq!(*code, Some(1), "{stderr}");
        assert_eq!(stderr, line);
    }
}

#[test]
fn a_missing_spec_exits_1_with_one_line_from_every_subcommand() {
    let spec = "fixtures/no-such/spec.toml";
    let outcomes = outcomes(&[
        &["rank", spec],
        &["check", spec],
        &["robustness", spec],
        &["explain", spec, "--board", "roads", "--place", "天山路"],
        &["sql", spec, "--dialect", "duckdb"],
        &["bulletin", spec, "--text"],
    ]);
    let (_, first) = &outcomes[0];
    assert!(
        first.starts_with("error: fixtures/no-such/spec.toml: cannot read: "),
        "{first}"
    );
    assert_eq!(first.lines().count(), 1, "{first}");
    for (code, stderr) in &outcomes {
        assert_eq!(*code, Some(1), "{stderr}");
        assert_eq!(stderr, first);
    }
}

#[test]
fn bad_usage_exits_2_from_every_subcommand() {
    let outcomes = outcomes(&[
        &["rank"],
        &["check"],
        &["bulletin"],
        &["bulletin", SPEC],
        &["robustness", SPEC, "--runs", "0"],
        &["explain", SPEC, "--board", "beautiful-roads"],
        &["sql", SPEC],
        &["sql", SPEC, "--dialect", "oracle"],
        &["init"],
        &["generate"],
        &["generate", "--address-share", "2", "city"],
        &["rank", SPEC, "--format", "pdf"],
        &["rank", SPEC, "--format", "xlsx"],
        &["rank", SPEC, "--robustness"],
        &["check", SPEC, "--period", "2018-13"],
        &["rnak", SPEC],
    ]);
    for (code, stderr) in &outcomes {
        assert_eq!(*code, Some(2), "{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
}
