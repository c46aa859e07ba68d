//! Each subcommand: its output, the files it writes, its exit codes and one-line errors.

use crate::support::{self, diff, livability, seed_board, text};

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
}

#[test]
fn rank_summarizes_each_source_on_stderr_and_writes_the_report() {
    let folder = std::env::temp_dir().join(format!("livability-report-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let report = folder.join("report.json");
    let output = livability(&[
        "rank",
        "fixtures/tianshan/spec.toml",
        "--format",
        "newsletter",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    let sources: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.starts_with("note: "))
        .map(|line| line.split(':').next().unwrap())
        .collect();
    assert_eq!(sources, ["grid", "hotline", "police", "sanitation"]);
    // The seed's 美丽小区 board lists four equals at 100: a note, which --strict ignores.
    assert!(stderr.lines().any(|line| line == "note: board 'beautiful-neighborhoods': 4 of its 4 listed places tie (4 at the top score 100): the list hardly tells them apart"), "{stderr}");
    // Per record, then per kind of place: a grid case finds its road and, mostly, no
    // neighborhood.
    assert!(stderr.starts_with("grid: read 593, used 280, out of period 295 (271 previous), unplaced 6, ambiguous 2, repeated 10, rejected 0; road: placed 273 (131 by address), unplaced 13, ambiguous 2; neighborhood: placed 13 (7 by address), unplaced 275, ambiguous 0\n"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["period"], "2018-11");
    assert_eq!(json["sources"][1]["source"], "hotline");
    assert_eq!(json["sources"][1]["read"], 615);
    assert_eq!(json["sources"][1]["kinds"][0]["kind"], "neighborhood");
    assert_eq!(json["sources"][1]["kinds"][0]["placed"], 277);
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn check_prints_the_report_and_exits_1_on_malformed_rows() {
    let output = livability(&["check", "fixtures/tianshan/spec.toml"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).starts_with("data quality, 2018-11 (rank changes against 2018-10)\n")
    );

    let folder = std::env::temp_dir().join(format!("livability-check-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("places.csv"),
        "id,kind,name\nN1,小区,天山二村\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("police.csv"),
        "警情编号,发生时间,警情类别,居民区\n1,2018-11-02,盗窃,天山二村\n2,2018-11-31,盗窃,天山二村\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("spec.toml"),
        "period = \"2018-11\"\nplaces = \"places.csv\"\n[sources.police]\nfile = \"police.csv\"\n\
         [[boards]]\nid = \"safe\"\nkind = \"neighborhood\"\n[[boards.indicators]]\nid = \"crimes\"\n\
         source = \"police\"\nmeasure = \"count\"\nbetter = \"lower\"\n",
    )
    .unwrap();
    let spec = folder.join("spec.toml");
    let output = livability(&["check", spec.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("police.csv:3: column '发生时间': cannot read \"2018-11-31\" as a date (the forms read: 2018-11-05, 2018/11/5, either followed by 09:30 or 09:30:15, and 2018-11-05T09:30:15; as offices write them, 2018年11月5日 and 2018.11.5, either followed by 09:30 or 9时30分)"),
        "{stdout}"
    );
    // The malformed row is also one of the two crimes the board selects: a loss of coverage.
    assert_eq!(
        text(&output.stderr),
        "warning: board 'safe': counts 1 of the 2 records it selects from source 'police' (50.0 %, below its min_coverage of 95 %); mostly malformed row: 1 (the workbook's \"uncounted records\" sheet lists them)\n\
         error: some rows are malformed (listed as rejected above)\n"
    );
    // `rank` stops at the same row, unless lenient.
    let output = livability(&["rank", spec.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .ends_with("police.csv:3: column '发生时间': cannot read \"2018-11-31\" as a date (the forms read: 2018-11-05, 2018/11/5, either followed by 09:30 or 09:30:15, and 2018-11-05T09:30:15; as offices write them, 2018年11月5日 and 2018.11.5, either followed by 09:30 or 9时30分)\n")
    );
    let output = livability(&[
        "rank",
        spec.to_str().unwrap(),
        "--lenient",
        "--format",
        "csv",
    ]);
    assert!(output.status.success());
    assert!(text(&output.stderr).contains("rejected 1"));
    std::fs::remove_dir_all(folder).unwrap();
}

/// A copy of the Tianshan fixture whose police export has a header and no rows (a month
/// without incidents): boards are made, with warnings; `--strict` turns them into exit 1.
#[test]
fn warnings_go_to_stderr_and_strict_makes_them_fail() {
    let folder = std::env::temp_dir().join(format!("livability-strict-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let fixture = support::root().join("fixtures/tianshan");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
    let police = std::fs::read_to_string(folder.join("police.csv")).unwrap();
    let header = police.lines().next().unwrap();
    std::fs::write(folder.join("police.csv"), format!("{header}\n")).unwrap();
    let spec = folder.join("spec.toml");
    let spec = spec.to_str().unwrap();
    let warning =
        "warning: source 'police' has no record of 2018-11: check the file and the period";
    for command in ["rank", "check"] {
        let output = livability(&[command, spec]);
        assert!(
            output.status.success(),
            "{command}: {}",
            text(&output.stderr)
        );
        assert!(
            text(&output.stderr).lines().any(|line| line == warning),
            "{command}: {}",
            text(&output.stderr)
        );
        let output = livability(&[command, spec, "--strict"]);
        assert_eq!(output.status.code(), Some(1), "{command} --strict");
        let stderr = text(&output.stderr);
        assert!(stderr.lines().any(|line| line == warning), "{stderr}");
        assert!(
            stderr.ends_with("(listed above), and --strict\n"),
            "{command}: {stderr}"
        );
    }
    // The fixture as it is: no warning, so --strict changes nothing.
    let output = livability(&["rank", "fixtures/tianshan/spec.toml", "--strict"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(!text(&output.stderr).contains("warning:"));
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn all_lists_every_ranked_place_and_bom_marks_the_csv_for_excel() {
    let csv = |args: &[&str]| {
        let mut all = vec!["rank", "fixtures/tianshan/spec.toml", "--format", "csv"];
        all.extend(args);
        let output = livability(&all);
        assert!(output.status.success(), "{}", text(&output.stderr));
        output.stdout
    };
    let top = text(&csv(&[]));
    let every = text(&csv(&["--all"]));
    // The roads board lists its top 3; with --all, every ranked road.
    let roads = |text: &str| {
        text.lines()
            .filter(|line| line.starts_with("beautiful-roads,"))
            .count()
    };
    assert_eq!(roads(&top), 3);
    assert!(roads(&every) > 3, "{every}");
    let marked = csv(&["--bom"]);
    assert!(marked.starts_with("\u{feff}board,period,rank".as_bytes()));
    assert_eq!(&marked[3..], top.as_bytes());
}

#[test]
fn sql_writes_the_queries_and_the_places_table_and_rank_reads_their_results() {
    let out = std::env::temp_dir().join(format!("livability-cli-sql-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let shown = out.to_str().unwrap();
    let output = livability(&[
        "sql",
        "fixtures/tianshan/spec.toml",
        "--dialect",
        "sqlite",
        "--out",
        shown,
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for file in [
        "grid.sql",
        "hotline.sql",
        "police.sql",
        "sanitation.sql",
        "livability_places.csv",
        "livability_places.sql",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    // Without the queries' rows, ranking their results names the file it misses.
    let output = livability(&[
        "rank",
        "fixtures/tianshan/spec.toml",
        "--sql-results",
        shown,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("grid.csv"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn sql_refuses_an_unknown_dialect_as_bad_usage_and_deadlines_as_a_bad_spec() {
    let output = livability(&["sql", "fixtures/tianshan/spec.toml", "--dialect", "oracle"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with(
            "error: invalid value 'oracle' for '--dialect <DIALECT>': unknown SQL dialect \"oracle\": expected spark, duckdb, postgres or sqlite\n"
        ),
        "{}",
        text(&output.stderr)
    );
    let output = livability(&["sql", "fixtures/deadlines/spec.toml", "--dialect", "duckdb"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("no SQL query can express"));
    assert!(output.stdout.is_empty());
}

#[test]
fn robustness_and_explain_from_the_command_line() {
    let output = livability(&["robustness", "fixtures/tianshan/spec.toml", "--runs", "50"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("安全小区排行榜 [safe-neighborhoods]"));
    for bad in [["--weights", "100%"], ["--weights", "-5"], ["--runs", "0"]] {
        let mut args = vec!["robustness", "fixtures/tianshan/spec.toml"];
        args.extend(bad);
        assert_eq!(livability(&args).status.code(), Some(2), "{bad:?}");
    }
    let output = livability(&[
        "explain",
        "fixtures/tianshan/spec.toml",
        "--board",
        "beautiful-roads",
        "--place",
        "芙蓉江路",
        "--format",
        "csv",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with("indicator,source,at,id,time,counted,placed_by\n"));
    let output = livability(&[
        "explain",
        "fixtures/tianshan/spec.toml",
        "--board",
        "beautiful-roads",
        "--place",
        "nowhere",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("error: no road 'nowhere'; the closest: "));
    // The report page shows the exact bounds when asked; other formats refuse the switch.
    let output = livability(&[
        "rank",
        "fixtures/tianshan/spec.toml",
        "--format",
        "html",
        "--robustness",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("名次区间"));
    let output = livability(&["rank", "fixtures/tianshan/spec.toml", "--robustness"]);
    assert_eq!(output.status.code(), Some(2));
}
