//! Every committed proptest regression is still replayed: proptest finds a failure file from
//! the path of the source file that runs the property (`file!()`), so a test file or module
//! moved without its regressions would drop them silently. For each kept file, the module it
//! belongs to exists, holds properties, and proptest's own lookup from that module finds every
//! seed in it.
//!
//! Where proptest looks (`FileFailurePersistence::SourceParallel`, its default): up from the
//! source file to the nearest folder holding `lib.rs` or `main.rs` (`src/`, `tests/it/`), then
//! the same path under a sibling `proptest-regressions/`, with `.txt` for `.rs`. So
//! `src/dedup/mod.rs` keeps `proptest-regressions/dedup/mod.txt`, and `tests/it/analysis.rs`
//! keeps `tests/proptest-regressions/analysis.txt`.

use std::path::{Path, PathBuf};

use proptest::test_runner::{FailurePersistence, FileFailurePersistence};

use crate::common;

/// The folders of kept regressions, each with the source folder its files belong to.
const KEPT: &[(&str, &str)] = &[
    ("proptest-regressions", "src"),
    ("tests/proptest-regressions", "tests/it"),
];

/// The `.txt` files under `folder`, at any depth.
fn regression_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            regression_files(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "txt") {
            found.push(path);
        }
    }
}

/// The seeds a regression file holds (its `cc` lines).
fn seeds_in(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| line.starts_with("cc "))
        .count()
}

#[test]
fn every_kept_regression_is_found_from_its_source() {
    let root = common::root();
    let mut checked = 0;
    for &(kept, sources) in KEPT {
        let mut files = Vec::new();
        regression_files(&root.join(kept), &mut files);
        assert!(!files.is_empty(), "{kept}: no regression files");
        for file in files {
            let relative = file.strip_prefix(root.join(kept)).unwrap();
            let source = Path::new(sources).join(relative).with_extension("rs");
            let text = std::fs::read_to_string(root.join(&source)).unwrap_or_else(|error| {
                panic!(
                    "{}: its source {} is gone ({error}): move the file beside the module's \
                     new path, or delete it",
                    file.display(),
                    source.display()
                )
            });
            assert!(
                text.contains("proptest!"),
                "{}: {} holds no properties",
                file.display(),
                source.display()
            );
            // proptest's own lookup, given the path as `file!()` gives it in that module.
            let source: &'static str = Box::leak(source.to_str().unwrap().to_owned().into());
            let loaded = FileFailurePersistence::default()
                .load_persisted_failures2(Some(source))
                .len();
            let expected = seeds_in(&file);
            assert!(expected > 0, "{}: no seeds", file.display());
            assert_eq!(
                loaded,
                expected,
                "{}: proptest finds {loaded} of its {expected} seeds from {source}",
                file.display()
            );
            checked += expected;
        }
    }
    assert!(checked > 0);
}

/// A regression file beside a test file (`<file>.proptest-regressions`, where proptest looked
/// while each test file was a binary of its own, without a `main.rs` above it) is no longer
/// read: none may be left there.
#[test]
fn none_is_left_where_proptest_no_longer_looks() {
    fn stale(folder: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stale(&path, found);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "proptest-regressions")
            {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    stale(&common::root().join("tests"), &mut found);
    stale(&common::root().join("src"), &mut found);
    assert!(found.is_empty(), "not replayed: {found:?}");
}
