//! The files of one source: the spec's `file`, one path, a glob pattern or a list of either,
//! turned into the paths to read.
//!
//! An office keeps each month's export in its own file (`2024-04/grid.xlsx`,
//! `2024-05/grid.xlsx`): read together, they give rank changes and history. The rules:
//! - An entry with `*` or `?` is a glob pattern (`exports/*/12345*.csv`, `**` for any depth);
//!   any other entry is a path taken literally, so that a file named with brackets
//!   (`工单[5月].csv`) needs no escaping. Inside a pattern, `[…]` is a class of characters.
//! - A relative entry starts from the spec's folder; the folder itself is never a pattern,
//!   whatever characters it holds.
//! - A pattern matching no file is an error naming it: a month missing from the folder must
//!   not pass as a smaller month.
//! - The paths are read in sorted order, each once even if two entries name it, so that the
//!   outcome does not depend on the order of the list or of the folder's listing.

use std::path::{Path, PathBuf};

use crate::error::ErrorKind;

/// One entry of a source's `file`, joined to the spec's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileEntry {
    /// A path taken literally.
    Path(PathBuf),
    /// A glob pattern, relative to `folder` unless absolute.
    Pattern {
        /// The spec's folder.
        folder: PathBuf,
        /// The pattern as written.
        pattern: String,
    },
}

impl FileEntry {
    /// The entry `written` in a spec whose folder is `folder`.
    pub(crate) fn new(folder: &Path, written: &str) -> FileEntry {
        if written.contains(['*', '?']) {
            FileEntry::Pattern {
                folder: folder.to_path_buf(),
                pattern: written.to_owned(),
            }
        } else {
            FileEntry::Path(folder.join(written))
        }
    }

    /// The entry as the messages name it: the path, or the pattern joined to the folder.
    pub(crate) fn shown(&self) -> String {
        match self {
            FileEntry::Path(path) => path.display().to_string(),
            FileEntry::Pattern { folder, pattern } => folder.join(pattern).display().to_string(),
        }
    }

    /// The paths of the entry: the path itself, or the files the pattern matches, sorted.
    fn paths(&self) -> Result<Vec<PathBuf>, ErrorKind> {
        let (folder, pattern) = match self {
            FileEntry::Path(path) => return Ok(vec![path.clone()]),
            FileEntry::Pattern { folder, pattern } => (folder, pattern),
        };
        let bad = |why: String| ErrorKind::BadFilePattern {
            pattern: pattern.clone(),
            why,
        };
        // The folder is matched literally: its characters are escaped, never read as a class.
        let full = if Path::new(pattern).is_absolute() || folder.as_os_str().is_empty() {
            pattern.clone()
        } else {
            let folder = folder
                .to_str()
                .ok_or_else(|| bad("the spec's folder is not valid Unicode".to_owned()))?;
            let separator = if folder.ends_with(['/', std::path::MAIN_SEPARATOR]) {
                ""
            } else {
                "/"
            };
            format!("{}{separator}{pattern}", glob::Pattern::escape(folder))
        };
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        // A provider's files (the offline page's) are matched by walking its folders from
        // the pattern's literal start; the disk is not looked at then, as a browser has none.
        let compiled = glob::Pattern::new(&full).map_err(|error| bad(error.msg.to_owned()))?;
        let (start, depth) = literal_start(folder, pattern);
        let provided = crate::read::files::provided_matching(&start, depth, |path| {
            compiled.matches_path_with(path, options)
        });
        let mut paths = Vec::new();
        // A wildcard never stands for `.` or `..` (glob's `.*` matches them): a pattern
        // climbs out of its folder only where it writes `..` itself.
        let climbs = Path::new(pattern).components().any(|component| {
            matches!(
                component,
                std::path::Component::ParentDir | std::path::Component::CurDir
            )
        });
        let found = match provided {
            Some(provided) => provided.into_iter().map(Ok).collect(),
            None => glob::glob_with(&full, options)
                .map_err(|error| bad(error.msg.to_owned()))?
                .collect::<Vec<_>>(),
        };
        for entry in found {
            let path = entry.map_err(|error| ErrorKind::io(error.error()))?;
            let stepped = path.components().any(|component| {
                matches!(
                    component,
                    std::path::Component::ParentDir | std::path::Component::CurDir
                )
            });
            // A folder matching the pattern is no file to read.
            if crate::read::files::is_file(&path) && (climbs || !stepped) {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return Err(ErrorKind::NoFileMatches {
                pattern: self.shown(),
            });
        }
        paths.sort();
        Ok(paths)
    }
}

/// Where a walk for `pattern` (relative to `folder` unless absolute) starts: the folder and
/// the pattern's leading components without a wildcard or class; and how many folders below
/// it a match may lie (`None`: any number, for `**`).
fn literal_start(folder: &Path, pattern: &str) -> (PathBuf, Option<usize>) {
    let pattern = Path::new(pattern);
    let mut start = if pattern.is_absolute() {
        PathBuf::new()
    } else {
        folder.to_path_buf()
    };
    let mut components = pattern.components().peekable();
    while let Some(component) = components.peek() {
        let text = component.as_os_str().to_string_lossy();
        if text.contains(['*', '?', '[']) {
            break;
        }
        start.push(component);
        components.next();
    }
    let rest: Vec<_> = components.collect();
    let depth = if rest
        .iter()
        .any(|component| component.as_os_str().to_string_lossy().contains("**"))
    {
        None
    } else {
        Some(rest.len().saturating_sub(1))
    };
    (start, depth)
}

/// The paths of `entries`, sorted, each once; on an error, the position of the entry that
/// caused it, with the error.
pub(crate) fn expand(entries: &[FileEntry]) -> Result<Vec<PathBuf>, (usize, ErrorKind)> {
    let mut paths = Vec::new();
    for (position, entry) in entries.iter().enumerate() {
        paths.extend(entry.paths().map_err(|kind| (position, kind))?);
    }
    paths.sort();
    paths.dedup();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_matches_provided_files_and_init_lists_them() {
        // The offline page's files come from its provider, not a disk: a glob and `init` see
        // them.
        let folder = Path::new("livability-files-test-provided");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tianshan");
        let mut files = crate::read::files::MemoryFiles::new();
        for name in [
            "places.csv",
            "grid.csv",
            "hotline.csv",
            "police.csv",
            "sanitation.csv",
        ] {
            files.insert(
                folder.join(name),
                std::fs::read(fixture.join(name)).unwrap(),
            );
        }
        let files: std::sync::Arc<dyn crate::read::files::Files> = std::sync::Arc::new(files);
        let entry = FileEntry::new(folder, "[gh]*.csv");
        let expanded = crate::read::files::within(Some(files.clone()), || expand(&[entry]));
        assert_eq!(
            expanded.unwrap(),
            vec![folder.join("grid.csv"), folder.join("hotline.csv")]
        );
        let provided = crate::init::init_in(folder, files).unwrap();
        let on_disk = crate::init::init(&fixture).unwrap();
        assert_eq!(provided.spec, on_disk.spec);
        assert_eq!(provided.recognized, on_disk.recognized);
        // Outside the run, the disk: no such folder there.
        assert_eq!(
            expand(&[FileEntry::new(folder, "[gh]*.csv")])
                .unwrap_err()
                .1,
            ErrorKind::NoFileMatches {
                pattern: folder.join("[gh]*.csv").display().to_string()
            }
        );
    }

    #[test]
    fn a_walk_starts_at_the_patterns_literal_folder() {
        let folder = Path::new("spec");
        assert_eq!(
            literal_start(folder, "exports/*/12345*.csv"),
            (PathBuf::from("spec/exports"), Some(1))
        );
        assert_eq!(
            literal_start(folder, "**/*.csv"),
            (PathBuf::from("spec"), None)
        );
        assert_eq!(
            literal_start(folder, "/data/g[0-9].csv"),
            (PathBuf::from("/data"), Some(0))
        );
    }

    /// A fresh folder `name` (one per test: tests run at once) holding `files`.
    fn folder(name: &str, files: &[&str]) -> PathBuf {
        let unique = format!("livability-files-{}-{name}", std::process::id());
        let dir = std::env::temp_dir().join(unique).join("数据[2024]");
        let _ = std::fs::remove_dir_all(&dir);
        for file in files {
            let path = dir.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "id\n").unwrap();
        }
        dir
    }

    fn names(dir: &Path, paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|path| {
                path.strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn a_pattern_gives_its_files_sorted_and_a_folder_with_brackets_is_literal() {
        let dir = folder(
            "sorted",
            &[
                "2024-05/12345工单.csv",
                "2024-04/12345工单.csv",
                "2024-04/网格.csv",
                "2024-06/12345说明.txt",
            ],
        );
        let entries = [FileEntry::new(&dir, "*/12345*.csv")];
        let paths = expand(&entries).unwrap();
        assert_eq!(
            names(&dir, &paths),
            ["2024-04/12345工单.csv", "2024-05/12345工单.csv"]
        );
    }

    #[test]
    fn a_list_is_sorted_and_a_file_named_twice_is_read_once() {
        let dir = folder("list", &["b.csv", "a.csv", "c[1].csv"]);
        let entries = [
            FileEntry::new(&dir, "b.csv"),
            FileEntry::new(&dir, "?.csv"),
            FileEntry::new(&dir, "c[1].csv"),
        ];
        let paths = expand(&entries).unwrap();
        assert_eq!(names(&dir, &paths), ["a.csv", "b.csv", "c[1].csv"]);
    }

    #[test]
    fn a_pattern_matching_nothing_is_an_error_naming_it_and_its_entry() {
        let dir = folder("nothing", &["a.csv"]);
        let entries = [
            FileEntry::new(&dir, "a.csv"),
            FileEntry::new(&dir, "2024-*/grid.csv"),
        ];
        let (position, kind) = expand(&entries).unwrap_err();
        assert_eq!(position, 1);
        match kind {
            ErrorKind::NoFileMatches { pattern } => {
                assert!(pattern.ends_with("2024-*/grid.csv"), "{pattern}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_malformed_pattern_is_an_error_not_a_panic() {
        let dir = folder("malformed", &["a.csv"]);
        for written in ["***.csv", "[*.csv", "a/**b/*.csv"] {
            let (_, kind) = expand(&[FileEntry::new(&dir, written)]).unwrap_err();
            assert!(
                matches!(kind, ErrorKind::BadFilePattern { .. }),
                "{written}: {kind:?}"
            );
        }
    }

    #[test]
    fn a_wildcard_never_stands_for_the_parent_folder() {
        let dir = folder("parent", &["inner/a.csv", "b.csv"]);
        let inner = dir.join("inner");
        let (_, kind) = expand(&[FileEntry::new(&inner, ".*/b.csv")]).unwrap_err();
        assert!(matches!(kind, ErrorKind::NoFileMatches { .. }), "{kind:?}");
        let paths = expand(&[FileEntry::new(&inner, "../*.csv")]).unwrap();
        assert_eq!(paths, [inner.join("../b.csv")]);
    }

    #[test]
    fn a_literal_path_is_taken_as_written_even_if_missing() {
        let dir = folder("literal", &[]);
        let paths = expand(&[FileEntry::new(&dir, "missing.csv")]).unwrap();
        assert_eq!(paths, [dir.join("missing.csv")]);
    }
}
