//! Comparing texts in the tests, shared by the library's (`tests/common/mod.rs`) and the
//! command's (`cli/tests/cli/support.rs`) test helpers.

use std::path::Path;

/// The lines that differ, marked `-` (expected) and `+` (actual), with their numbers.
pub fn diff(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.split_inclusive('\n').collect();
    let actual: Vec<&str> = actual.split_inclusive('\n').collect();
    let mut out = String::new();
    for line in 0..expected.len().max(actual.len()) {
        let (e, a) = (expected.get(line), actual.get(line));
        if e != a {
            if let Some(e) = e {
                out += &format!("{:>5} - {e:?}\n", line + 1);
            }
            if let Some(a) = a {
                out += &format!("{:>5} + {a:?}\n", line + 1);
            }
        }
    }
    out
}

/// The published board of `seed-board.md`, as committed beside the library's tests under
/// `root`, the library's folder.
pub fn seed_board_in(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("tests/golden/seed-board.md")).unwrap();
    let start = text.find("```\n").unwrap() + 4;
    let end = start + text[start..].find("```").unwrap();
    text[start..end].to_owned()
}
