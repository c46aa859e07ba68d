//! What the command's tests share: running it, the repository's fixtures, fresh folders.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../../tests/common/compare.rs"]
mod compare;

/// The repository's root, where the fixtures are (the command's package is `cli/` in it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Runs `livability args` in the repository's root.
pub fn livability(args: &[&str]) -> Output {
    livability_in(&root(), args)
}

/// Runs `livability args` in `folder`.
pub fn livability_in(folder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_livability"))
        .args(args)
        .current_dir(folder)
        .output()
        .unwrap_or_else(|error| panic!("cannot run livability in {}: {error}", folder.display()))
}

/// Output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A fresh, empty folder for one test.
pub fn folder(area: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(area).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names in `folder`, sorted (temporary files included: their names start with a dot).
pub fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Copies the Tianshan fixture's exports (and its spec, if `spec`) into `dir`.
pub fn tianshan(dir: &Path, spec: bool) {
    let fixture = root().join("fixtures/tianshan");
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let path = entry.unwrap().path();
        let is_spec = path.file_name().is_some_and(|name| name == "spec.toml");
        let is_export = path.extension().is_some_and(|extension| extension == "csv");
        if is_export || (spec && is_spec) {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
}

pub use compare::diff;

/// The published board of `seed-board.md`, as committed beside the library's tests.
pub fn seed_board() -> String {
    compare::seed_board_in(&root())
}
