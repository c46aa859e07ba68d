//! The files the command writes and reads as the library does: `init`'s spec, the workbook
//! and the page equal to the library's, a source of several files.

use std::path::Path;

use livability::{Format, Options, Rankings, Spec};

use crate::support::{self, folder, livability, livability_in, names, text};

/// The boards of a fixture, ranked by the library.
fn rankings(fixture: &str) -> Rankings {
    let spec = Spec::from_path(
        support::root()
            .join("fixtures")
            .join(fixture)
            .join("spec.toml"),
    );
    livability::rank(&spec.unwrap(), &Options::new()).unwrap()
}

#[test]
fn init_writes_the_spec_and_never_over_one() {
    let dir = folder("files", "init");
    support::tianshan(&dir, false);
    let shown = dir.to_str().unwrap();
    let first = livability(&["init", shown]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let written = std::fs::read_to_string(dir.join("spec.toml")).unwrap();
    assert_eq!(written, livability::init::init(&dir).unwrap().spec);
    std::fs::write(dir.join("spec.toml"), "# mine").unwrap();
    let second = livability(&["init", shown]);
    assert_eq!(second.status.code(), Some(1));
    let stderr = text(&second.stderr);
    assert!(stderr.contains("a spec is there already"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("spec.toml")).unwrap(),
        "# mine"
    );
    assert!(names(&dir).iter().all(|name| !name.starts_with('.')));
}

#[test]
fn rank_writes_the_library_workbook_and_needs_a_file_for_it() {
    let dir = folder("files", "xlsx");
    let out = dir.join("boards.xlsx");
    let spec = "fixtures/tianshan/spec.toml";
    let output = livability(&["rank", spec, "--format", "xlsx"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--out"), "{stderr}");
    assert!(output.stdout.is_empty());

    // The workbook names the files read as the spec was named: the same path as the library's.
    let spec = support::root().join(spec);
    let spec = spec.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let output = livability(&["rank", spec, "--format", "xlsx", "--out", out_arg]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut expected = Vec::new();
    rankings("tianshan")
        .render(Format::Xlsx, &mut expected)
        .unwrap();
    assert!(
        std::fs::read(&out).unwrap() == expected,
        "the file differs from the library's workbook"
    );
    assert_eq!(names(&dir), ["boards.xlsx"]);
}

#[test]
fn rank_writes_the_library_page_to_stdout_or_a_file() {
    let expected = rankings("tianshan").to_string_as(Format::Html);
    let spec = "fixtures/tianshan/spec.toml";
    let output = livability(&["rank", spec, "--format", "html"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        output.stdout == expected.as_bytes(),
        "stdout differs from the library's page"
    );
    let dir = folder("files", "html");
    let out = dir.join("report.html");
    let out_arg = out.to_str().unwrap();
    let output = livability(&["rank", spec, "--format", "html", "--out", out_arg]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}

/// The command reads a source of several files as the library does, and names a pattern
/// matching nothing in its one line of error.
#[test]
fn rank_reads_monthly_files_and_names_a_missing_month() {
    let dir = folder("files", "monthly");
    support::tianshan(&dir, true);
    let grid = std::fs::read_to_string(dir.join("grid.csv")).unwrap();
    std::fs::remove_file(dir.join("grid.csv")).unwrap();
    let mut lines = grid.lines().map(|line| format!("{line}\n"));
    let header = lines.next().unwrap();
    let (october, november): (Vec<String>, Vec<String>) =
        lines.partition(|row| row.split(',').nth(1).unwrap().starts_with("2018-10"));
    for (month, rows) in [("2018-10", october), ("2018-11", november)] {
        std::fs::create_dir_all(dir.join(month)).unwrap();
        std::fs::write(
            dir.join(month).join("grid.csv"),
            format!("{header}{}", rows.concat()),
        )
        .unwrap();
    }
    let spec = std::fs::read_to_string(dir.join("spec.toml")).unwrap();
    let with = |files: &str| {
        let edited = spec.replace("file = \"grid.csv\"", &format!("file = {files}"));
        assert_ne!(edited, spec, "the fixture's spec names grid.csv");
        std::fs::write(dir.join("spec.toml"), edited).unwrap();
    };
    let run = |dir: &Path| livability_in(dir, &["rank", "spec.toml", "--format", "newsletter"]);
    with("\"2018-*/grid.csv\"");
    let several = run(&dir);
    let one = run(&support::root().join("fixtures/tianshan"));
    assert!(several.status.success(), "{}", text(&several.stderr));
    assert_eq!(several.stdout, one.stdout);
    assert!(text(&several.stderr).contains("grid: read 593"));
    with("[\"2018-*/grid.csv\", \"2018-12/*.csv\"]");
    let failed = run(&dir);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = text(&failed.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("sources.grid.file[1]: no file matches the pattern '")
            && stderr.contains("2018-12/*.csv'"),
        "{stderr}"
    );
}

#[test]
fn rank_writes_the_library_pictures_into_a_folder() {
    let fonts = match livability::render::Fonts::system() {
        Ok(fonts) => fonts,
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped, no font: {error}");
            return;
        }
        Err(error) => panic!("{error}"),
    };
    let dir = folder("files", "png").join("pictures");
    let spec = support::root().join("fixtures/tianshan/spec.toml");
    let (spec, shown) = (spec.to_str().unwrap(), dir.to_str().unwrap());
    let output = livability(&["rank", spec, "--png", shown, "--png-lang", "en"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("8 pictures written to"));
    let options =
        livability::render::PictureOptions::new().language(livability::render::Language::English);
    let expected = rankings("tianshan")
        .picture_files(&options, &fonts)
        .unwrap();
    let mut expected_names: Vec<String> = expected.iter().map(|file| file.name.clone()).collect();
    expected_names.sort();
    assert_eq!(names(&dir), expected_names);
    for file in &expected {
        assert!(
            std::fs::read(dir.join(&file.name)).unwrap() == file.png,
            "{}",
            file.name
        );
    }
}

#[test]
fn the_picture_options_are_the_runs_language_and_colours() {
    // `--png-lang` and `--png-rise`, the pictures' options before `--lang` and `--rise`, are
    // their aliases and set the language of every output of the run.
    let output = livability(&[
        "rank",
        "fixtures/tianshan/spec.toml",
        "--png-lang",
        "en",
        "--png-rise",
        "red",
        "--format",
        "html",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page = text(&output.stdout);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains(".up { color: #d0312d; }"));
}
