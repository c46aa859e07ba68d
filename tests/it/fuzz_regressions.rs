//! Replays, through the fuzz targets' own code, the committed fuzz corpus (`fuzz/corpus/`,
//! minimized) and every input that once crashed a target (`fuzz/regressions/`): what the
//! fuzzers found stays found, in CI, without a fuzzer.

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use crate::common;

type Target = fn(&[u8]);

/// The targets this build can replay: without the `spreadsheet` feature workbooks are not
/// read, so the `sheet` target's inputs are left out (and not counted as replayed).
const TARGETS: &[(&str, Target)] = &[
    #[cfg(feature = "spreadsheet")]
    ("sheet", targets::sheet),
    ("spec", targets::spec),
    ("places_file", targets::places_file),
    ("source", targets::source),
    ("table", targets::table),
    ("score_and_rank", targets::score_and_rank),
    ("calendar", targets::calendar),
    ("source_files", targets::source_files),
];

/// Every target `fuzz/fuzz_targets/` holds, the ones this build leaves out included.
const ALL_TARGETS: &[&str] = &[
    "sheet",
    "spec",
    "places_file",
    "source",
    "table",
    "score_and_rank",
    "calendar",
    "source_files",
];

/// The folder names under `folder` (one per target).
fn target_folders(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(common::root().join(folder))
        .unwrap_or_else(|error| panic!("{folder}: {error}"))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn replay(folder: &str) -> usize {
    let mut replayed = 0;
    for &(name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(common::root().join(folder).join(name)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            // A file may vanish while a fuzzer rewrites the corpus beside the tests.
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: {} panics", path.display());
            replayed += 1;
        }
    }
    replayed
}

#[test]
fn the_corpus_runs_clean() {
    assert!(replay("fuzz/corpus") > 0, "no corpus found");
}

#[test]
fn every_crash_found_stays_fixed() {
    // Every input kept under a target this build has is replayed (a folder renamed or a
    // target dropped from the list would otherwise replay nothing and pass).
    let kept: usize = TARGETS
        .iter()
        .filter_map(|(name, _)| {
            std::fs::read_dir(common::root().join("fuzz/regressions").join(name)).ok()
        })
        .map(Iterator::count)
        .sum();
    assert!(kept > 0, "no regression input found");
    assert_eq!(replay("fuzz/regressions"), kept);
}

#[test]
fn every_kept_input_belongs_to_a_target_replayed_here() {
    // A folder named after no target (a typo, a renamed target) would be replayed by nothing.
    for folder in ["fuzz/corpus", "fuzz/regressions"] {
        for name in target_folders(folder) {
            assert!(
                ALL_TARGETS.contains(&name.as_str()),
                "{folder}/{name}: no such fuzz target"
            );
        }
    }
    // Every target of fuzz/ is replayed here (the list above is the fuzz crate's, whole).
    let mut targets: Vec<String> = target_folders("fuzz/fuzz_targets")
        .into_iter()
        .filter_map(|file| file.strip_suffix(".rs").map(str::to_owned))
        .collect();
    targets.sort();
    let mut listed: Vec<&str> = ALL_TARGETS.to_vec();
    listed.sort_unstable();
    assert_eq!(targets, listed);
    for &(name, _) in TARGETS {
        assert!(ALL_TARGETS.contains(&name));
    }
    // Only the workbook target is left out, and only without the feature that reads workbooks.
    let expected = if cfg!(feature = "spreadsheet") {
        ALL_TARGETS.len()
    } else {
        ALL_TARGETS.len() - 1
    };
    assert_eq!(TARGETS.len(), expected);
}
