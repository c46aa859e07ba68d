//! Several files for one source: a list, a glob pattern, the months an office keeps apart.
//! The Tianshan fixture's exports, cut into files by month or row by row, must give the boards
//! of the one file, every repeated id settled across the files as within one.

#[cfg(feature = "spreadsheet")]
use crate::workbooks;

use std::path::{Path, PathBuf};

use livability::error::ErrorKind;
use livability::{Format, Options, Rankings, Spec};

const FIXTURE: &str = "fixtures/tianshan";

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("source-files")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The fixture's spec, copied into `dir` with the places, its sources' `file` lines replaced
/// by `files` (source id → the TOML value), the other sources copied beside it.
fn spec_in(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let mut spec = std::fs::read_to_string(Path::new(FIXTURE).join("spec.toml")).unwrap();
    for source in ["grid", "hotline", "police", "sanitation"] {
        let line = spec
            .lines()
            .find(|line| line.starts_with(&format!("file = \"{source}.csv\"")))
            .unwrap()
            .to_owned();
        match files.iter().find(|(id, _)| *id == source) {
            Some((_, value)) => spec = spec.replace(&line, &format!("file = {value}")),
            None => {
                let name = format!("{source}.csv");
                std::fs::copy(Path::new(FIXTURE).join(&name), dir.join(&name)).unwrap();
            }
        }
    }
    std::fs::copy(
        Path::new(FIXTURE).join("places.csv"),
        dir.join("places.csv"),
    )
    .unwrap();
    let path = dir.join("spec.toml");
    std::fs::write(&path, spec).unwrap();
    path
}

/// The fixture's `source` file: its byte order mark and header, and its rows.
fn rows_of(source: &str) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(Path::new(FIXTURE).join(format!("{source}.csv"))).unwrap();
    let mut lines = text.lines().map(|line| format!("{line}\n"));
    let header = lines.next().unwrap();
    (header, lines.collect())
}

/// Writes `rows` under `header` to `dir/relative`.
fn write(dir: &Path, relative: &str, header: &str, rows: &[String]) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("{header}{}", rows.concat())).unwrap();
}

fn rank(spec: &Path) -> livability::Result<Rankings> {
    let spec = Spec::from_path(spec)?;
    livability::rank(&spec, &Options::new())
}

/// The boards in every format without file names, and each source's counts.
fn outputs(rankings: &Rankings) -> Vec<String> {
    let mut outputs: Vec<String> = [Format::Table, Format::Csv, Format::Markdown]
        .into_iter()
        .map(|format| rankings.to_string_as(format))
        .collect();
    for source in &rankings.quality.sources {
        let mut source = source.clone();
        source.file = None;
        source.files.clear();
        // Where each copy of a differing id is depends on how the rows were cut; which ids,
        // how many copies and how many differ do not.
        for listed in &mut source.differing_ids {
            listed.copies.clear();
            listed.copy_files.clear();
            listed.counted = 0;
            listed.counted_file = None;
        }
        source.differing_ids.sort_by(|a, b| a.id.cmp(&b.id));
        // Likewise the file and line of each uncounted record; which records, why and for
        // which boards do not.
        for record in &mut source.uncounted_records {
            record.file = None;
            record.line = None;
        }
        source
            .uncounted_records
            .sort_by(|a, b| (&a.id, &a.text, a.reason).cmp(&(&b.id, &b.text, b.reason)));
        outputs.push(format!("{source:?}"));
    }
    outputs
}

fn one_file() -> Rankings {
    rank(&Path::new(FIXTURE).join("spec.toml")).unwrap()
}

#[test]
fn monthly_files_by_a_glob_give_the_boards_of_one_file() {
    let dir = folder("monthly");
    let (header, rows) = rows_of("grid");
    for month in ["2018-10", "2018-11"] {
        // October's cases in one file, the rest (November's, and a few older) in the other.
        let of_month: Vec<String> = rows
            .iter()
            .filter(|row| {
                row.split(',').nth(1).unwrap().starts_with("2018-10") == (month == "2018-10")
            })
            .cloned()
            .collect();
        assert!(!of_month.is_empty());
        write(
            &dir,
            &format!("exports/{month}/网格案件.csv"),
            &header,
            &of_month,
        );
    }
    let spec = spec_in(&dir, &[("grid", "\"exports/*/网格*.csv\"")]);
    let rankings = rank(&spec).unwrap();
    assert_eq!(outputs(&rankings), outputs(&one_file()));
    let grid = &rankings.quality.sources[0];
    assert_eq!(grid.file, None);
    let names: Vec<String> = grid
        .files
        .iter()
        .map(|file| {
            file.strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        names,
        [
            "exports/2018-10/网格案件.csv",
            "exports/2018-11/网格案件.csv"
        ]
    );
    assert!(grid.reconciles(), "{grid:?}");
    // The report names the files.
    let report = rankings.quality.to_string();
    assert!(report.contains("2 files: "), "{report}");
    assert!(report.contains("2018-11/网格案件.csv"), "{report}");
}

#[test]
fn rows_dealt_across_a_list_of_files_settle_repeats_as_one_file_does() {
    let dir = folder("dealt");
    let mut names = Vec::new();
    for source in ["grid", "police"] {
        let (header, rows) = rows_of(source);
        // Row by row into three files: every id's copies land in different files.
        for part in 0..3 {
            let dealt: Vec<String> = rows.iter().skip(part).step_by(3).cloned().collect();
            write(&dir, &format!("{source}-{part}.csv"), &header, &dealt);
        }
        // Listed out of order: they are read sorted.
        names.push((
            source,
            format!("[\"{source}-2.csv\", \"{source}-0.csv\", \"{source}-1.csv\"]"),
        ));
    }
    let files: Vec<(&str, &str)> = names.iter().map(|(s, v)| (*s, v.as_str())).collect();
    let spec = spec_in(&dir, &files);
    let rankings = rank(&spec).unwrap();
    let one = one_file();
    assert_eq!(outputs(&rankings), outputs(&one));
    let grid = &rankings.quality.sources[0];
    assert!(grid.repeated > 0 && grid.differing_repeats > 0, "{grid:?}");
    // Each copy of a differing id is named by its file and its line there.
    for listed in &grid.differing_ids {
        assert_eq!(listed.copies.len(), listed.copy_files.len());
        let file = listed.counted_file.unwrap();
        let text = std::fs::read_to_string(&grid.files[file]).unwrap();
        let line = text.lines().nth(listed.counted as usize - 1).unwrap();
        assert!(
            line.starts_with(&listed.id),
            "{line} is not a copy of {}",
            listed.id
        );
    }
    let report = rankings.quality.to_string();
    assert!(
        report.contains("differing id WG20181100381: lines grid-"),
        "{report}"
    );
}

#[test]
fn an_error_in_a_later_file_names_that_file_and_its_own_line() {
    let dir = folder("error");
    let (header, rows) = rows_of("grid");
    write(&dir, "a/grid.csv", &header, &rows[..10]);
    let mut broken = rows[10..20].to_vec();
    broken[3] = broken[3].replacen("2018-", "2018-13-", 1);
    write(&dir, "b/grid.csv", &header, &broken);
    let spec = spec_in(&dir, &[("grid", "[\"a/grid.csv\", \"b/grid.csv\"]")]);
    let error = rank(&spec).unwrap_err();
    let location = error.location();
    assert_eq!(location.path(), Some(dir.join("b/grid.csv").as_path()));
    assert_eq!(location.line(), Some(5), "{error}");
}

#[test]
fn a_pattern_matching_no_file_is_an_error_naming_it() {
    let dir = folder("nothing");
    let spec = spec_in(
        &dir,
        &[("grid", "[\"grid-*.csv\", \"exports/2018-12/*.csv\"]")],
    );
    let (header, rows) = rows_of("grid");
    write(&dir, "grid-1.csv", &header, &rows);
    let error = rank(&spec).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::NoFileMatches { pattern } if pattern.ends_with("exports/2018-12/*.csv")),
        "{error}"
    );
    assert_eq!(error.location().spec_key(), Some("sources.grid.file[1]"));
    assert!(
        error.to_string().contains("no file matches the pattern"),
        "{error}"
    );
}

#[test]
fn a_bad_pattern_and_an_empty_list_are_errors() {
    let dir = folder("bad");
    let spec = spec_in(&dir, &[("grid", "\"exports/**x/*.csv\"")]);
    let error = rank(&spec).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BadFilePattern { .. }),
        "{error}"
    );
    assert_eq!(error.location().spec_key(), Some("sources.grid.file"));
    let spec = spec_in(&dir, &[("grid", "[]")]);
    let error = Spec::from_path(spec).unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::SpecValue { .. }),
        "{error}"
    );
    assert_eq!(error.location().spec_key(), Some("sources.grid.file"));
}

#[test]
fn the_library_lists_a_sources_files() {
    let dir = folder("listed");
    let (header, rows) = rows_of("grid");
    write(&dir, "m/2.csv", &header, &rows[..5]);
    write(&dir, "m/1.csv", &header, &rows[5..]);
    let spec = Spec::from_path(spec_in(&dir, &[("grid", "\"m/*.csv\"")])).unwrap();
    assert_eq!(
        spec.source_files("grid").unwrap(),
        [dir.join("m/1.csv"), dir.join("m/2.csv")]
    );
    assert_eq!(
        spec.source_files("police").unwrap(),
        [dir.join("police.csv")]
    );
    assert!(spec.source_files("nonesuch").unwrap().is_empty());
}

/// Monthly workbooks and a CSV in one list: each read as its format says.
#[cfg(feature = "spreadsheet")]
#[test]
fn monthly_workbooks_give_the_boards_of_one_file() {
    let dir = folder("workbooks");
    let (header, rows) = rows_of("grid");
    for month in ["2018-10", "2018-11"] {
        // October's cases in one file, the rest (November's, and a few older) in the other.
        let of_month: Vec<String> = rows
            .iter()
            .filter(|row| {
                row.split(',').nth(1).unwrap().starts_with("2018-10") == (month == "2018-10")
            })
            .cloned()
            .collect();
        write(&dir, &format!("{month}.csv"), &header, &of_month);
    }
    workbooks::csv_to_xlsx(
        &dir.join("2018-10.csv"),
        &dir.join("grid-2018-10.xlsx"),
        "案件明细",
        false,
    );
    std::fs::rename(dir.join("2018-11.csv"), dir.join("grid-2018-11.csv")).unwrap();
    let spec = spec_in(&dir, &[("grid", "\"grid-*\"")]);
    let rankings = rank(&spec).unwrap();
    let strip = |outputs: Vec<String>| -> Vec<String> {
        // A date cell holds `2018-10-09 10:50` as `2018-10-09 10:50:00`: which copies differ
        // may change, not what counts (see tests/it/spreadsheets.rs).
        outputs
            .into_iter()
            .map(|output| {
                output
                    .split(", differing_repeats")
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(strip(outputs(&rankings)), strip(outputs(&one_file())));
    let grid = &rankings.quality.sources[0];
    assert_eq!(grid.files.len(), 2);
    assert!(
        grid.files[0]
            .to_string_lossy()
            .ends_with("grid-2018-10.xlsx")
    );
}

mod dealt_at_random {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// However the rows of an export are dealt into files, and however the files are
        /// named, the boards and the counts are those of the one file.
        #[test]
        fn any_dealing_of_rows_into_files_reads_as_one_file(
            deal in proptest::collection::vec(0usize..4, 593),
            names in proptest::sample::subsequence(vec!["a", "b", "c", "d"], 4).prop_shuffle(),
        ) {
            let dir = folder(&format!("random-{}", deal.iter().take(24).map(|d| d.to_string()).collect::<String>()));
            let (header, rows) = rows_of("grid");
            let mut used = Vec::new();
            for (file, name) in names.iter().enumerate() {
                let dealt: Vec<String> = rows
                    .iter()
                    .zip(&deal)
                    .filter(|(_, to)| **to == file)
                    .map(|(row, _)| row.clone())
                    .collect();
                if !dealt.is_empty() {
                    write(&dir, &format!("part-{name}.csv"), &header, &dealt);
                    used.push(format!("\"part-{name}.csv\""));
                }
            }
            let list = format!("[{}]", used.join(", "));
            let spec = spec_in(&dir, &[("grid", list.as_str())]);
            let rankings = rank(&spec).unwrap();
            prop_assert_eq!(outputs(&rankings), outputs(&one_file()));
            prop_assert!(rankings.quality.sources[0].reconciles());
        }
    }
}

/// `explain` names each record behind a value by its own file and line.
#[test]
fn explain_names_each_records_file_and_line() {
    let dir = folder("explain");
    let (header, rows) = rows_of("grid");
    let (first, second) = rows.split_at(rows.len() / 2);
    write(&dir, "grid-1.csv", &header, first);
    write(&dir, "grid-2.csv", &header, second);
    let spec = Spec::from_path(spec_in(&dir, &[("grid", "\"grid-?.csv\"")])).unwrap();
    let (_, explanation) =
        livability::explain(&spec, &Options::new(), "beautiful-roads", "芙蓉江路").unwrap();
    let (_, one) = livability::explain(
        &Spec::from_path(Path::new(FIXTURE).join("spec.toml")).unwrap(),
        &Options::new(),
        "beautiful-roads",
        "芙蓉江路",
    )
    .unwrap();
    assert_eq!(explanation.records.len(), one.records.len());
    let mut files_seen = Vec::new();
    for record in &explanation.records {
        let (file, line) = record.at.rsplit_once(':').unwrap();
        let line: usize = line.parse().unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        let row = text.lines().nth(line - 1).unwrap();
        assert!(row.starts_with(&record.id), "{}: {row}", record.at);
        files_seen.push(Path::new(file).file_name().unwrap().to_owned());
    }
    files_seen.sort();
    files_seen.dedup();
    assert_eq!(files_seen.len(), 2, "{files_seen:?}");
}
