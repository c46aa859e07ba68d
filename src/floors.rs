//! The test that keeps the floors: every `crate::` path in the library (code and doc links
//! alike, and `super::` paths that climb out of a top-level module) names a module on the same
//! floor or below, and no two modules on one floor reach each other in a loop. The floors are
//! read from the crate docs ("Architecture", in `src/lib.rs`), where they are written once.
//!
//! Test code (`#[cfg(test)]` items and the files of `#[cfg(test)] mod name;`) is left out, as a
//! crate's dev-dependencies are: a unit test may rank a generated city or render the JSON of
//! what it checks, which does not make the module it tests depend on those floors.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The library's modules by floor, bottom first, as the crate docs' "Architecture" lists them
/// (top floor first, one floor a line: the modules, then two spaces and what they hold).
fn floors_from_docs(lib: &str) -> Result<Vec<Vec<String>>, String> {
    let mut lines = lib
        .lines()
        .skip_while(|line| line.trim() != "//! # Architecture");
    if lines.next().is_none() {
        return Err("src/lib.rs has no \"# Architecture\" section".to_owned());
    }
    let mut lines = lines.skip_while(|line| line.trim() != "//! ```text");
    if lines.next().is_none() {
        return Err("the \"# Architecture\" section has no ```text block of floors".to_owned());
    }
    let mut floors = Vec::new();
    for line in lines {
        let Some(text) = line.strip_prefix("//!") else {
            return Err("the floors' ```text block is not closed".to_owned());
        };
        let text = text.trim();
        if text == "```" {
            floors.reverse();
            return Ok(floors);
        }
        let modules = text.split("  ").next().unwrap_or("");
        let modules: Vec<String> = modules.split_whitespace().map(str::to_owned).collect();
        if !modules.is_empty() {
            floors.push(modules);
        }
    }
    Err("the floors' ```text block is not closed".to_owned())
}

/// The text of a Rust file twice over, byte for byte the same length and lines: `paths`, with
/// the contents of string and character literals blanked (a path in a message is no
/// reference), and `code`, with comments blanked as well (to match braces).
struct Masked {
    paths: Vec<u8>,
    code: Vec<u8>,
}

fn is_ident(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn mask(text: &str) -> Masked {
    let bytes = text.as_bytes();
    let mut paths = bytes.to_vec();
    let mut code = bytes.to_vec();
    let blank = |buffer: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut buffer[from..to] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let after_ident = i > 0 && (is_ident(bytes[i - 1]) || bytes[i - 1] == b'$');
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |n| i + n);
            blank(&mut code, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            let mut depth = 0;
            let mut j = i;
            while j < bytes.len() {
                if bytes[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if bytes[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut code, i, j);
            i = j;
        } else if !after_ident
            && (rest.starts_with(b"r#") || rest.starts_with(b"r\"") || rest.starts_with(b"br"))
            && {
                let start = if rest.starts_with(b"br") { 2 } else { 1 };
                let hashes = rest[start..].iter().take_while(|&&b| b == b'#').count();
                rest.get(start + hashes) == Some(&b'"')
            }
        {
            let start = if rest.starts_with(b"br") { 2 } else { 1 };
            let hashes = rest[start..].iter().take_while(|&&b| b == b'#').count();
            let open = i + start + hashes + 1;
            let mut closing = vec![b'"'];
            closing.extend(std::iter::repeat_n(b'#', hashes));
            let end = bytes[open..]
                .windows(closing.len())
                .position(|window| window == closing.as_slice())
                .map_or(bytes.len(), |n| open + n);
            blank(&mut paths, open, end);
            blank(&mut code, open, end);
            i = (end + closing.len()).min(bytes.len());
        } else if bytes[i] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            blank(&mut paths, i + 1, end);
            blank(&mut code, i + 1, end);
            i = end + 1;
        } else if bytes[i] == b'\'' {
            // A character literal ('x', '\n', '中'), or else a lifetime or label.
            let end = if rest.get(1) == Some(&b'\\') {
                rest.iter()
                    .skip(3)
                    .position(|&b| b == b'\'')
                    .map(|n| i + 3 + n)
            } else {
                text.get(i + 1..)
                    .and_then(|after| after.chars().next())
                    .map(|c| i + 1 + c.len_utf8())
                    .filter(|&end| bytes.get(end) == Some(&b'\''))
            };
            match end {
                Some(end) => {
                    blank(&mut paths, i + 1, end);
                    blank(&mut code, i + 1, end);
                    i = end + 1;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    Masked { paths, code }
}

/// The position just past the brace that closes the one at `open`, in `code`.
fn closing_brace(code: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, &byte) in code.iter().enumerate().skip(open) {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    code.len()
}

fn skip_space(code: &[u8], mut i: usize) -> usize {
    while code.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

fn ident_at(text: &[u8], i: usize) -> &str {
    let end = text[i..]
        .iter()
        .position(|&b| !is_ident(b))
        .map_or(text.len(), |n| i + n);
    std::str::from_utf8(&text[i..end]).unwrap_or("")
}

/// What one file holds that the floors concern.
#[derive(Debug, PartialEq)]
struct Scanned {
    /// Per reference out of the file's module, its line and the name after `crate::` (or after
    /// the `super::`s that reach the crate root).
    references: Vec<(usize, String)>,
    /// The modules the file declares as test code (`#[cfg(test)] mod name;`).
    test_modules: Vec<String>,
}

/// The test items of a file's code (`#[cfg(test)]` and the like), as byte ranges, and the
/// modules it declares as test code in files of their own.
fn test_items(code: &[u8]) -> (Vec<(usize, usize)>, Vec<String>) {
    let mut ranges = Vec::new();
    let mut modules = Vec::new();
    let attribute_end = |from: usize| {
        code[from..]
            .iter()
            .position(|&b| b == b']')
            .map_or(code.len(), |n| from + n)
    };
    let mut i = 0;
    while let Some(n) = code[i..].windows(2).position(|w| w == b"#[") {
        let start = i + n;
        let close = attribute_end(start);
        let attribute = String::from_utf8_lossy(&code[start..close]).replace(' ', "");
        i = close.min(code.len());
        let is_test = attribute.starts_with("#[cfg(")
            && !attribute.contains("not(test)")
            && attribute
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .any(|word| word == "test");
        if !is_test {
            continue;
        }
        // The item: past further attributes, to its `;` or its closing brace.
        let mut item = skip_space(code, close + 1);
        while code[item..].starts_with(b"#[") {
            item = skip_space(code, attribute_end(item) + 1);
        }
        let words: Vec<&str> = std::str::from_utf8(&code[item..code.len().min(item + 80)])
            .unwrap_or("")
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|word| !word.is_empty())
            .take(3)
            .collect();
        let end_of = code[item..]
            .iter()
            .position(|&b| b == b';' || b == b'{')
            .map(|n| item + n);
        let end = match end_of {
            Some(end) if code[end] == b'{' => closing_brace(code, end),
            Some(end) => {
                if let Some(position) = words.iter().position(|&word| word == "mod")
                    && let Some(name) = words.get(position + 1)
                {
                    modules.push((*name).to_owned());
                }
                end + 1
            }
            None => code.len(),
        };
        ranges.push((start, end));
        i = end;
    }
    (ranges, modules)
}

/// The modules written inline (`mod name { … }`), as byte ranges: each deepens `super::`.
fn inline_modules(code: &[u8]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut i = 0;
    while let Some(n) = code[i..].windows(4).position(|w| w == b"mod ") {
        let at = i + n;
        i = at + 4;
        if at > 0 && is_ident(code[at - 1]) {
            continue;
        }
        let name = skip_space(code, at + 4);
        let after = skip_space(code, name + ident_at(code, name).len());
        if code.get(after) == Some(&b'{') {
            ranges.push((at, closing_brace(code, after)));
        }
    }
    ranges
}

/// The names a path starting at `at` reaches first: one, or each of a `{…}` group.
fn names_at(paths: &[u8], at: usize) -> Vec<String> {
    if paths.get(at) != Some(&b'{') {
        return vec![ident_at(paths, at).to_owned()];
    }
    let end = closing_brace(paths, at);
    let mut names = Vec::new();
    let mut depth = 0;
    let mut first = true;
    for j in at + 1..end.saturating_sub(1) {
        match paths[j] {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => first = true,
            byte if first && depth == 0 && is_ident(byte) => {
                first = false;
                names.push(ident_at(paths, j).to_owned());
            }
            _ => {}
        }
    }
    names
}

/// The references of a file `depth` modules below the crate root (`src/a.rs` and
/// `src/a/mod.rs` are 1 deep, `src/a/b.rs` 2).
fn scan(text: &str, depth: usize) -> Scanned {
    let Masked { paths, code } = mask(text);
    let (tests, test_modules) = test_items(&code);
    let tests = tests.as_slice();
    let inline = inline_modules(&code);
    let within = |ranges: &[(usize, usize)], at: usize| {
        ranges
            .iter()
            .filter(|&&(start, end)| start <= at && at < end)
            .count()
    };
    let line_of = |at: usize| paths[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let starts = |pattern: &'static [u8]| {
        paths
            .windows(pattern.len())
            .enumerate()
            .filter(move |(n, window)| *window == pattern && within(tests, *n) == 0)
            .map(|(n, _)| n)
    };
    let mut references = Vec::new();
    for n in starts(b"crate::") {
        if n > 0 && (is_ident(paths[n - 1]) || paths[n - 1] == b'$') {
            continue;
        }
        let line = line_of(n);
        references.extend(names_at(&paths, n + 7).into_iter().map(|name| (line, name)));
    }
    for n in starts(b"super::") {
        if n > 0 && (is_ident(paths[n - 1]) || paths[n - 1] == b':') {
            continue;
        }
        let mut at = n;
        let mut climbs = 0;
        while paths[at..].starts_with(b"super::") {
            climbs += 1;
            at += 7;
        }
        if climbs >= depth + within(&inline, n) {
            let line = line_of(n);
            references.extend(names_at(&paths, at).into_iter().map(|name| (line, name)));
        }
    }
    references.retain(|(_, name)| name != "self" && !name.is_empty());
    references.sort();
    Scanned {
        references,
        test_modules,
    }
}

/// Where each name the crate root re-exports comes from (`Spec` → `spec`): `crate::Spec` is a
/// reference to `spec`.
fn root_reexports(lib: &str) -> HashMap<String, String> {
    let code = String::from_utf8_lossy(&mask(lib).code).into_owned();
    let mut names = HashMap::new();
    for statement in code.split(';') {
        let statement = statement.trim();
        let Some(at) = statement.find("pub use ") else {
            continue;
        };
        let path = &statement[at + "pub use ".len()..];
        let module = path.split("::").next().unwrap_or("").trim().to_owned();
        let listed = match (path.find('{'), path.rfind('}')) {
            (Some(open), Some(close)) if open < close => path[open + 1..close].to_owned(),
            _ => path.rsplit("::").next().unwrap_or("").to_owned(),
        };
        for name in listed.split(',') {
            let name = name.split(" as ").last().unwrap_or("").trim();
            let name = name.rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                names.insert(name.to_owned(), module.clone());
            }
        }
    }
    names
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// A file's module path below the crate root: `src/a/mod.rs` is `[a]`, `src/a/b.rs` `[a, b]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// A file of the library with the references it makes: its path below `src/`, its module
/// path, and per reference its line and the name reached.
type FileReferences = (PathBuf, Vec<String>, Vec<(usize, String)>);

/// Every violation of the floors in the library under `src`, one message each, with file and
/// line.
fn violations(src: &Path) -> Vec<String> {
    let lib = match std::fs::read_to_string(src.join("lib.rs")) {
        Ok(lib) => lib,
        Err(error) => return vec![format!("src/lib.rs: cannot read it: {error}")],
    };
    let floors = match floors_from_docs(&lib) {
        Ok(floors) => floors,
        Err(message) => return vec![message],
    };
    let mut problems = Vec::new();
    let mut floor_of: BTreeMap<String, usize> = BTreeMap::new();
    for (floor, modules) in floors.iter().enumerate() {
        for module in modules {
            if floor_of.insert(module.clone(), floor + 1).is_some() {
                problems.push(format!("src/lib.rs: `{module}` is on two floors"));
            }
        }
    }
    let (files, test_files) = scan_files(src, &lib, &mut problems);
    let edges = check_references(&floor_of, &root_reexports(&lib), files, &mut problems);
    // On one floor, modules may use each other, but not in a loop.
    for ((from, to), at) in &edges {
        if from < to
            && let Some(back) = edges.get(&(to.clone(), from.clone()))
        {
            problems.push(format!(
                "{at}: `{from}` uses `{to}`, and {back}: `{to}` uses `{from}`: two modules on one \
                 floor reach each other"
            ));
        }
    }
    check_listing(src, &floor_of, &test_files, &mut problems);
    problems
}

/// The references of every file of the library but the root, the binary and test code; and
/// the module paths of the test files left out.
fn scan_files(
    src: &Path,
    lib: &str,
    problems: &mut Vec<String>,
) -> (Vec<FileReferences>, BTreeSet<Vec<String>>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut test_files: BTreeSet<Vec<String>> = scan(lib, 0)
        .test_modules
        .into_iter()
        .map(|name| vec![name])
        .collect();
    let mut scanned = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(src).unwrap_or(path).to_path_buf();
        let module = module_path(&relative);
        if module.is_empty() || module[0] == "lib" || module[0] == "bin" {
            continue;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                problems.push(format!(
                    "src/{}: cannot read it: {error}",
                    relative.display()
                ));
                continue;
            }
        };
        let found = scan(&text, module.len());
        for name in found.test_modules {
            let mut test = module.clone();
            test.push(name);
            test_files.insert(test);
        }
        scanned.push((relative, module, found.references));
    }
    scanned.retain(|(_, module, _)| !test_files.iter().any(|test| module.starts_with(test)));
    (scanned, test_files)
}

/// Reports every reference to a higher floor or to an item of the crate root; returns the
/// references between modules of one floor (the first of each pair, where it is).
fn check_references(
    floor_of: &BTreeMap<String, usize>,
    reexports: &HashMap<String, String>,
    files: Vec<FileReferences>,
    problems: &mut Vec<String>,
) -> BTreeMap<(String, String), String> {
    let mut edges = BTreeMap::new();
    for (relative, module, references) in files {
        let top = module[0].as_str();
        let Some(&floor) = floor_of.get(top) else {
            problems.push(format!(
                "src/{}: module `{top}` is on no floor of the crate docs' \"Architecture\"",
                relative.display()
            ));
            continue;
        };
        let at = |line: usize| format!("src/{}:{line}", relative.display());
        for (line, name) in references {
            let (target, shown) = match (floor_of.get(&name), reexports.get(&name)) {
                (Some(_), _) => (name.clone(), format!("`{name}`")),
                (None, Some(module)) => {
                    (module.clone(), format!("`{module}` (as `crate::{name}`)"))
                }
                (None, None) => {
                    problems.push(format!(
                        "{}: `{top}` (floor {floor}) uses `crate::{name}`, an item of the crate \
                         root above every floor",
                        at(line)
                    ));
                    continue;
                }
            };
            // A re-export of another crate's item (`crate::Decimal`) is no module of ours.
            let Some(&target_floor) = floor_of.get(&target) else {
                continue;
            };
            if target == top {
                continue;
            } else if target_floor > floor {
                problems.push(format!(
                    "{}: `{top}` (floor {floor}) uses {shown} (floor {target_floor}), a floor \
                     above it",
                    at(line)
                ));
            } else if target_floor == floor {
                edges
                    .entry((top.to_owned(), target))
                    .or_insert_with(|| at(line));
            }
        }
    }
    edges
}

/// Reports a top-level module the floors leave out, and a name on the floors that is no
/// module.
fn check_listing(
    src: &Path,
    floor_of: &BTreeMap<String, usize>,
    test_files: &BTreeSet<Vec<String>>,
    problems: &mut Vec<String>,
) {
    for top in std::fs::read_dir(src).into_iter().flatten().flatten() {
        let name = top
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let exempt = name == "lib" || name == "bin" || test_files.contains(&vec![name.clone()]);
        let reported = problems
            .iter()
            .any(|problem| problem.contains(&format!("`{name}`")));
        if !floor_of.contains_key(&name) && !exempt && !reported {
            problems.push(format!("src/{name}: module `{name}` is on no floor"));
        }
    }
    for module in floor_of.keys() {
        if !src.join(format!("{module}.rs")).exists() && !src.join(module).is_dir() {
            problems.push(format!(
                "src/lib.rs: the floors name `{module}`, which is no module"
            ));
        }
    }
}

#[test]
fn every_module_uses_only_its_floor_and_those_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = violations(&src);
    let mut message = String::new();
    for problem in &problems {
        let _ = writeln!(message, "{problem}");
    }
    assert!(
        problems.is_empty(),
        "the module floors are broken:\n{message}"
    );
}

#[test]
fn the_floors_are_read_from_the_crate_docs_bottom_first() {
    let lib = "//! # Architecture\n//!\n//! ```text\n//! board          the result\n\
               //! rank quality   ranks; the report\n//! error  words\n//! ```\n";
    assert_eq!(
        floors_from_docs(lib),
        Ok(vec![
            vec!["error".to_owned()],
            vec!["rank".to_owned(), "quality".to_owned()],
            vec!["board".to_owned()],
        ])
    );
    assert!(floors_from_docs("//! # Other\n").is_err());
    assert!(floors_from_docs("//! # Architecture\n//! ```text\n//! error  words\n").is_err());
}

#[test]
fn the_scan_finds_paths_in_code_and_docs_and_skips_strings_and_tests() {
    let text = r##"//! See [`crate::board`].
use crate::{error::Error, exact::{self, Exact}};
use super::super::places::Place;
fn f() -> &'static str { let c = '{'; "crate::render is text" }
const RAW: &str = r#"crate::sql"#;
mod inner {
    use super::super::super::calendar::Day;
}
#[cfg(test)]
mod tests {
    use crate::pipeline::Ranker;
}
#[cfg(test)]
mod properties;
"##;
    let scanned = scan(text, 2);
    let references: Vec<(usize, &str)> = scanned
        .references
        .iter()
        .map(|(line, name)| (*line, name.as_str()))
        .collect();
    assert_eq!(
        references,
        [
            (1, "board"),
            (2, "error"),
            (2, "exact"),
            (3, "places"),
            (7, "calendar")
        ]
    );
    assert_eq!(scanned.test_modules, ["properties"]);
    // One `super::` from a module one deep climbs to the root; from two deep, it does not.
    assert_eq!(
        scan("use super::name::fold;", 1).references,
        [(1, "name".to_owned())]
    );
    assert!(scan("use super::fold;", 2).references.is_empty());
}

#[test]
fn root_reexports_name_their_modules() {
    let lib =
        "pub use spec::Spec;\npub use board::{\n    Board, Entry as Row,\n};\npub use jiff;\n";
    let names = root_reexports(lib);
    assert_eq!(names.get("Spec").map(String::as_str), Some("spec"));
    assert_eq!(names.get("Board").map(String::as_str), Some("board"));
    assert_eq!(names.get("Row").map(String::as_str), Some("board"));
    assert_eq!(names.get("jiff").map(String::as_str), Some("jiff"));
}
