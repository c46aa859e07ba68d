//! The corpus of malformed inputs in `tests/bad_inputs/`: every case folder is run through
//! `livability rank spec.toml`, and its exit code and one-line error are compared with its
//! `expected.toml` (see `tests/bad_inputs/README.md`). Every failing case is listed at the end,
//! so that one run shows them all.
#![cfg(feature = "cli")]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;

/// What `livability rank spec.toml` must do in one case folder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// The exit code of `rank spec.toml`.
    exit: i32,
    /// Its whole stderr, without the final line break.
    stderr: String,
    /// For row-level faults: `rank spec.toml --lenient --report FILE` exits 0 and reports
    /// `rejected`. Otherwise `--lenient` changes nothing: same exit code, same stderr.
    #[serde(default)]
    lenient: bool,
    /// With `lenient`: the report's `rejected_rows[].error`, over all sources, in order.
    #[serde(default)]
    rejected: Vec<String>,
    /// A file too big to commit, written into a copy of the folder before the runs.
    generate: Option<Generate>,
}

/// A generated file: `head`, then `repeat` written `times` times, then `tail`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    file: String,
    head: String,
    repeat: String,
    times: usize,
    tail: String,
}

fn cases_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs")
}

fn scratch() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad_inputs")
}

fn livability(folder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livability"))
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|error| panic!("cannot run livability in {}: {error}", folder.display()))
}

/// Every way in which one output breaks the rules that hold for any input.
fn check_output(output: &Output, what: &str, problems: &mut Vec<String>) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("panicked")
        || stderr.contains("RUST_BACKTRACE")
        || output.status.code() == Some(101)
    {
        problems.push(format!("{what}: panicked: {stderr:?}"));
    }
    if output.status.code().is_none() {
        problems.push(format!("{what}: killed by a signal ({})", output.status));
    }
}

/// Runs one case; returns what went wrong, if anything.
fn run_case(name: &str, folder: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = match std::fs::read_to_string(folder.join("expected.toml"))
        .map_err(|error| error.to_string())
        .and_then(|text| toml::from_str::<Expected>(&text).map_err(|error| error.to_string()))
    {
        Ok(expected) => expected,
        Err(error) => return vec![format!("expected.toml: {error}")],
    };
    if !expected.lenient && !expected.rejected.is_empty() {
        problems.push("expected.toml: `rejected` without `lenient = true`".to_owned());
    }

    // The folder to run in: the case itself, or a copy holding the generated file.
    let folder = match &expected.generate {
        None => folder.to_owned(),
        Some(generate) => {
            let copy = scratch().join("cases").join(name);
            let _ = std::fs::remove_dir_all(&copy);
            std::fs::create_dir_all(&copy).unwrap();
            for entry in std::fs::read_dir(folder).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_file() {
                    std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
                }
            }
            let mut content = String::with_capacity(
                generate.head.len() + generate.repeat.len() * generate.times + generate.tail.len(),
            );
            content += &generate.head;
            content += &generate.repeat.repeat(generate.times);
            content += &generate.tail;
            std::fs::write(copy.join(&generate.file), content).unwrap();
            copy
        }
    };

    // Strict: the exact line, and nothing on stdout when it fails.
    let output = livability(&folder, &["rank", "spec.toml"]);
    check_output(&output, "rank", &mut problems);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(expected.exit) {
        problems.push(format!(
            "rank: exit {:?}, expected {}",
            output.status.code(),
            expected.exit
        ));
    }
    if stderr.lines().count() != 1 {
        problems.push(format!(
            "rank: stderr has {} lines, expected 1: {stderr:?}",
            stderr.lines().count()
        ));
    }
    if stderr != format!("{}\n", expected.stderr) {
        problems.push(format!(
            "rank: stderr differs\n      expected: {:?}\n      actual:   {stderr:?}",
            expected.stderr
        ));
    }
    if output.status.code() != Some(0) && !output.stdout.is_empty() {
        problems.push(format!(
            "rank: failed, yet printed {} bytes on stdout",
            output.stdout.len()
        ));
    }

    // Lenient: rows skipped and reported, or (for faults that are not rows) the same error.
    let report = scratch().join("reports").join(format!("{name}.json"));
    std::fs::create_dir_all(report.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&report);
    let report_arg = report.to_str().unwrap();
    let output = livability(
        &folder,
        &["rank", "spec.toml", "--lenient", "--report", report_arg],
    );
    check_output(&output, "rank --lenient", &mut problems);
    let lenient_stderr = String::from_utf8_lossy(&output.stderr);
    if expected.lenient {
        if output.status.code() != Some(0) {
            problems.push(format!(
                "rank --lenient: exit {:?}, expected 0: {lenient_stderr:?}",
                output.status.code()
            ));
        } else {
            match read_rejected(&report) {
                Err(error) => problems.push(format!("rank --lenient: report: {error}")),
                Ok((rejected, count)) => {
                    if rejected != expected.rejected {
                        problems.push(format!(
                            "rank --lenient: rejected rows differ\n      expected: {:?}\n      actual:   {rejected:?}",
                            expected.rejected
                        ));
                    }
                    if count != rejected.len() as u64 {
                        problems.push(format!(
                            "rank --lenient: the report counts {count} rejected, but lists {}",
                            rejected.len()
                        ));
                    }
                }
            }
        }
    } else if output.status.code() != Some(expected.exit) || lenient_stderr != stderr {
        problems.push(format!(
            "rank --lenient: expected the same exit ({}) and stderr as without it, got exit {:?}: {lenient_stderr:?}",
            expected.exit,
            output.status.code()
        ));
    }
    problems
}

/// The report's rejected rows over all sources, and the sum of its `rejected` counts.
fn read_rejected(report: &Path) -> Result<(Vec<String>, u64), String> {
    let text = std::fs::read_to_string(report).map_err(|error| error.to_string())?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|error| error.to_string())?;
    let sources = json["sources"].as_array().ok_or("no `sources` array")?;
    let mut rejected = Vec::new();
    let mut count = 0;
    for source in sources {
        count += source["rejected"]
            .as_u64()
            .ok_or("a source without `rejected`")?;
        for row in source["rejected_rows"]
            .as_array()
            .ok_or("a source without `rejected_rows`")?
        {
            let error = row["error"]
                .as_str()
                .ok_or("a rejected row without `error`")?;
            rejected.push(error.to_owned());
        }
    }
    Ok((rejected, count))
}

#[test]
fn every_bad_input_fails_as_expected() {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(cases_folder())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    assert!(folders.len() >= 30, "only {} cases", folders.len());

    let mut report = String::new();
    let mut failed = 0;
    for folder in &folders {
        let name = folder.file_name().unwrap().to_string_lossy();
        let problems = run_case(&name, folder);
        if !problems.is_empty() {
            failed += 1;
            writeln!(report, "{name}:").unwrap();
            for problem in problems {
                writeln!(report, "    {problem}").unwrap();
            }
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} bad-input cases failed:\n{report}",
        folders.len()
    );
}
