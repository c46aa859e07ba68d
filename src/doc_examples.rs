//! Every example in the documentation compiles as a user copies it into a crate that depends on
//! `livability` alone: no example names another crate (`rust_decimal`, `jiff`, `serde_json`),
//! since the root re-exports what the API takes ([`Decimal`](crate::Decimal),
//! [`Date`](crate::Date), [`DateTime`](crate::DateTime)).
//!
//! The examples are the Rust code blocks of the doc comments under `src/` (`///` and `//!`,
//! hidden `# ` lines included, since they compile too) and the `rust` blocks of the README and
//! the guide.

use std::path::{Path, PathBuf};

/// The crates an example may name besides those it brings into scope itself.
const ALLOWED: [&str; 7] = [
    "livability",
    "std",
    "core",
    "alloc",
    "crate",
    "self",
    "super",
];

/// An example's code, and where it starts.
struct Example {
    place: String,
    code: String,
}

/// The fence's info string names Rust code: empty, or only rustdoc's attributes.
fn is_rust_fence(info: &str, markdown: bool) -> bool {
    let words: Vec<&str> = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect();
    if markdown {
        return words.first() == Some(&"rust");
    }
    words.iter().all(|word| {
        matches!(
            *word,
            "rust" | "no_run" | "ignore" | "should_panic" | "compile_fail" | "edition2021"
        ) || word.starts_with("edition")
    })
}

/// The code blocks of `text`, whose lines are `(number, content)` with any comment prefix
/// already taken away.
fn blocks(file: &str, lines: &[(usize, String)], markdown: bool) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut open: Option<(usize, bool, String)> = None;
    for (number, line) in lines {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match open.take() {
                Some((start, rust, code)) => {
                    if rust {
                        examples.push(Example {
                            place: format!("{file}:{start}"),
                            code,
                        });
                    }
                }
                None => open = Some((*number, is_rust_fence(info, markdown), String::new())),
            }
            continue;
        }
        if let Some((_, _, code)) = &mut open {
            // A hidden line of a doctest compiles as any other.
            let shown = match trimmed.strip_prefix('#') {
                Some(rest) if rest.is_empty() || rest.starts_with(' ') => rest,
                _ => line,
            };
            code.push_str(shown);
            code.push('\n');
        }
    }
    examples
}

/// The doc comments of a Rust file, as lines of Markdown numbered as in the file.
fn doc_lines(source: &str) -> Vec<(usize, String)> {
    source
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let trimmed = line.trim_start();
            let doc = trimmed
                .strip_prefix("///")
                .or_else(|| trimmed.strip_prefix("//!"))?;
            Some((index + 1, doc.strip_prefix(' ').unwrap_or(doc).to_owned()))
        })
        .collect()
}

/// The code without string literals and comments, so that a TOML text or a word in a comment
/// is not taken for a path.
fn code_only(code: &str) -> String {
    let bytes: Vec<char> = code.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while bytes.get(i).is_some_and(|&c| c != '\n') {
                i += 1;
            }
        } else if c == 'r' && matches!(next, Some('#' | '"')) && !ident_before(&bytes, i) {
            // A raw string: r"…", r#"…"#, and so on.
            let mut hashes = 0;
            let mut j = i + 1;
            while bytes.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match bytes.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| bytes.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some(_) => j += 1,
                }
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            let mut j = i + 1;
            while let Some(&d) = bytes.get(j) {
                j += if d == '\\' { 2 } else { 1 };
                if d == '"' {
                    break;
                }
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '\'' && next.is_some_and(|n| n != '\\') && bytes.get(i + 2) == Some(&'\'') {
            // A char literal such as ':'.
            out.push_str("' '");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ident_before(chars: &[char], at: usize) -> bool {
    at > 0 && chars.get(at - 1).is_some_and(|&c| ident_char(c))
}

/// The crates an example names that are neither `livability`, std nor names it brings into
/// scope: every lowercase identifier that starts a path (`rust_decimal::Decimal`), less those a
/// `use` of the example imports (`use livability::calendar;` then `calendar::Calendar`).
fn foreign_crates(code: &str) -> Vec<String> {
    let code = code_only(code);
    let mut imported: Vec<String> = Vec::new();
    let mut found = Vec::new();
    let mut rest = String::new();
    for statement in code.split_inclusive(';') {
        let trimmed = statement.trim();
        let Some(tree) = trimmed
            .strip_prefix("use ")
            .or_else(|| trimmed.strip_prefix("pub use "))
        else {
            rest.push_str(statement);
            continue;
        };
        // The crate a use names is its first word; the names it brings in are the last word
        // of each leaf, or its alias.
        let root = tree.split("::").next().unwrap_or(tree).trim().to_owned();
        if !ALLOWED.contains(&root.as_str()) && !found.contains(&root) {
            found.push(root);
        }
        for leaf in tree.trim_end_matches(';').split([',', '{', '}']) {
            let leaf = leaf.trim();
            let name = match leaf.split_once(" as ") {
                Some((_, alias)) => alias.trim(),
                None => leaf.rsplit("::").next().unwrap_or(leaf).trim(),
            };
            if !name.is_empty() {
                imported.push(name.to_owned());
            }
        }
        rest.push(';');
    }
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let Some(&c) = chars.get(i) else { break };
        if !ident_char(c) || ident_before(&chars, i) {
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).is_some_and(|&c| ident_char(c)) {
            i += 1;
        }
        let word: String = chars.get(start..i).unwrap_or_default().iter().collect();
        let path_start = chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':');
        let preceded =
            start >= 2 && chars.get(start - 2) == Some(&':') && chars.get(start - 1) == Some(&':')
                || start >= 1 && chars.get(start - 1) == Some(&'.');
        let lowercase = word.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        if path_start
            && !preceded
            && lowercase
            && !ALLOWED.contains(&word.as_str())
            && !imported.contains(&word)
            && !found.contains(&word)
        {
            found.push(word);
        }
    }
    found
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// Every example of the documentation.
fn examples() -> Vec<Example> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut examples = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        examples.extend(blocks(&name, &doc_lines(&text), false));
    }
    for markdown in ["README.md", "docs/guide.md"] {
        let text = std::fs::read_to_string(root.join(markdown)).unwrap_or_default();
        let lines: Vec<(usize, String)> = text
            .lines()
            .enumerate()
            .map(|(index, line)| (index + 1, line.to_owned()))
            .collect();
        examples.extend(blocks(markdown, &lines, true));
    }
    examples
}

#[test]
fn every_example_names_livability_and_std_alone() {
    let examples = examples();
    // The front page, the guide and the README have examples: an empty harvest is a broken
    // reader, not a pass.
    assert!(
        examples.len() >= 30,
        "only {} examples found",
        examples.len()
    );
    for source in ["src/lib.rs", "README.md", "src/source/record.rs"] {
        assert!(
            examples
                .iter()
                .any(|example| example.place.starts_with(source)),
            "no example read from {source}"
        );
    }
    let offending: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            let crates = foreign_crates(&example.code);
            (!crates.is_empty()).then(|| format!("{}: {}", example.place, crates.join(", ")))
        })
        .collect();
    assert!(
        offending.is_empty(),
        "examples that name a crate other than livability and std (re-export what the API takes \
         instead):\n{}",
        offending.join("\n")
    );
}

#[test]
fn a_foreign_crate_is_found_wherever_it_is_named() {
    assert_eq!(
        foreign_crates("use rust_decimal::Decimal;\nlet x = Decimal::ONE;"),
        ["rust_decimal"]
    );
    assert_eq!(
        foreign_crates("let day = jiff::civil::date(2018, 11, 3);"),
        ["jiff"]
    );
    assert_eq!(
        foreign_crates(
            "use livability::{Decimal, calendar};\nlet c = calendar::Calendar::china();\nlet x: std::vec::Vec<u8> = Vec::new();"
        ),
        Vec::<String>::new()
    );
    // Text is not code: a TOML string or a comment naming a path.
    assert_eq!(
        foreign_crates(
            "let spec = r#\"key = \"serde_json::Value\"\"#; // see toml::de\nlet s = \"a::b\";"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn hidden_lines_and_attributes_count_and_text_blocks_do_not() {
    let lines: Vec<(usize, String)> = [
        "```no_run",
        "# use serde_json::json;",
        "```",
        "```text",
        "jiff::civil",
        "```",
    ]
    .iter()
    .enumerate()
    .map(|(index, line)| (index + 1, (*line).to_owned()))
    .collect();
    let examples = blocks("x.rs", &lines, false);
    assert_eq!(examples.len(), 1);
    assert_eq!(foreign_crates(&examples[0].code), ["serde_json"]);
}
