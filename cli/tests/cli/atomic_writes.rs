//! Every file the command writes is written whole or not at all: a run that fails while
//! writing leaves the previous file byte for byte, and no temporary file beside it.
//!
//! The failure is real: the command runs under a file-size limit (`ulimit -f`) with the
//! signal that limit sends ignored, so that a write past the limit fails midway with
//! "File too large", as a full disk fails a write.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{self, folder, names, text};

/// Runs `livability args` in the repository's root, unable to write more than a few hundred
/// bytes into any file.
fn livability_with_a_full_disk(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_livability"))
        .args(args)
        .current_dir(support::root())
        .output()
        .unwrap()
}

/// A failed run: exit 1, one line naming the file and the system's reason.
fn assert_failed_on(output: &Output, file: &Path) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!(
            "error: {}: cannot write: File too large (os error 27)",
            file.display()
        )
    );
}

#[test]
fn a_page_workbook_or_report_failing_midway_leaves_last_months_file() {
    let dir = folder("atomic", "rank");
    let previous = "last month's boards, byte for byte\n";
    for (format, name) in [
        ("html", "boards.html"),
        ("xlsx", "boards.xlsx"),
        ("csv", "boards.csv"),
    ] {
        let out = dir.join(name);
        std::fs::write(&out, previous).unwrap();
        let out_arg = out.to_str().unwrap();
        let args = [
            "rank",
            "fixtures/tianshan/spec.toml",
            "--all",
            "--format",
            format,
        ];
        let output = livability_with_a_full_disk(&[&args[..], &["--out", out_arg]].concat());
        assert_failed_on(&output, &out);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), previous, "{format}");
    }
    let report = dir.join("report.json");
    std::fs::write(&report, previous).unwrap();
    let report_arg = report.to_str().unwrap();
    let output = livability_with_a_full_disk(&[
        "rank",
        "fixtures/tianshan/spec.toml",
        "--report",
        report_arg,
    ]);
    assert_failed_on(&output, &report);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), previous);
    assert_eq!(
        names(&dir),
        ["boards.csv", "boards.html", "boards.xlsx", "report.json"]
    );
}

#[test]
fn queries_a_spec_and_a_city_failing_midway_leave_nothing_half_written() {
    // `sql --out`: the first file too big fails the run; the previous one stays.
    let dir = folder("atomic", "sql");
    let places = dir.join("livability_places.csv");
    std::fs::write(&places, "id,kind,name\n").unwrap();
    let dir_arg = dir.to_str().unwrap();
    let spec = "fixtures/tianshan/spec.toml";
    let output =
        livability_with_a_full_disk(&["sql", spec, "--dialect", "duckdb", "--out", dir_arg]);
    assert_failed_on(&output, &places);
    assert_eq!(std::fs::read_to_string(&places).unwrap(), "id,kind,name\n");
    assert_eq!(names(&dir), ["livability_places.csv"]);

    // `init`: no spec rather than half of one.
    let dir = folder("atomic", "init");
    support::tianshan(&dir, false);
    let before = names(&dir);
    let output = livability_with_a_full_disk(&["init", dir.to_str().unwrap()]);
    assert_failed_on(&output, &dir.join("spec.toml"));
    assert_eq!(names(&dir), before);

    // `generate`: the previous city's files stay as they were, and its scratch folder goes.
    let dir = folder("atomic", "generate");
    let dir_arg = dir.to_str().unwrap();
    let small = [
        "generate",
        "--neighborhoods",
        "20",
        "--roads",
        "10",
        "--records",
        "500",
    ];
    let output = support::livability(&[&small[..], &[dir_arg]].concat());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let city = names(&dir);
    let hotline = std::fs::read(dir.join("hotline.csv")).unwrap();
    let bigger = [&small[..5], &["--records", "5000", "--seed", "2", dir_arg]].concat();
    let output = livability_with_a_full_disk(&bigger);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert_eq!(names(&dir), city);
    assert_eq!(std::fs::read(dir.join("hotline.csv")).unwrap(), hotline);
}
