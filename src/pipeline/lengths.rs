//! The test that keeps the pipeline's functions short: none of `src/pipeline/` runs past
//! [`MAX_LINES`] lines, so that each says one step of the reading and a long one is split into
//! named steps rather than grown (issue 30).

use std::path::Path;

/// The most lines a function of the pipeline may take, from its `fn` line to its closing brace.
const MAX_LINES: usize = 80;

/// The functions of `text` (formatted by rustfmt) longer than `max` lines: (first line, name,
/// lines). A function ends at the first line that is its own indentation and `}`.
fn long_functions(text: &str, max: usize) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some((indent, name)) = function_start(line) else {
            continue;
        };
        // A declaration without a body (in a trait) ends on its own line.
        if line.trim_end().ends_with(';') {
            continue;
        }
        let closing = format!("{indent}}}");
        let end = if line.trim_end().ends_with('}') {
            Some(start)
        } else {
            lines
                .iter()
                .skip(start + 1)
                .position(|line| *line == closing)
                .map(|offset| start + 1 + offset)
        };
        if let Some(end) = end
            && end - start + 1 > max
        {
            long.push((start + 1, name.to_owned(), end - start + 1));
        }
    }
    long
}

/// The indentation and name of the function `line` starts, if it starts one.
fn function_start(line: &str) -> Option<(&str, &str)> {
    let code = line.trim_start();
    let indent = &line[..line.len() - code.len()];
    let mut words = code.split_whitespace().peekable();
    while let Some(&word) = words.peek() {
        let qualifier = word == "pub"
            || word.starts_with("pub(")
            || ["const", "async", "unsafe", "extern"].contains(&word);
        if !qualifier {
            break;
        }
        words.next();
    }
    if words.next() != Some("fn") {
        return None;
    }
    let name = words.next()?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    Some((indent, &name[..end]))
}

#[test]
fn no_function_of_the_pipeline_runs_past_its_limit() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pipeline");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for (line, name, lines) in long_functions(&text, MAX_LINES) {
            found.push(format!(
                "{}:{line}: {name} has {lines} lines",
                path.display()
            ));
        }
    }
    assert!(
        found.is_empty(),
        "functions of the pipeline over {MAX_LINES} lines (split them into named steps):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_length_of_a_function_runs_from_its_fn_line_to_its_closing_brace() {
    let text = "pub(crate) fn short() {}\n\
                impl A {\n    pub fn three(\n        x: u8,\n    ) {\n        x;\n    }\n}\n\
                trait B {\n    fn declared(&self);\n}\n\
                async fn four() {\n    let a = {\n    };\n}\n";
    assert_eq!(
        long_functions(text, 3),
        [(3, "three".to_owned(), 5), (12, "four".to_owned(), 4)]
    );
    assert!(long_functions(text, 5).is_empty());
    assert_eq!(function_start("    fn f<T>(x: T) {"), Some(("    ", "f")));
    assert_eq!(function_start("    let f = fn_pointer;"), None);
}
