//! The glue between the offline page (`livability.html`, built by `page/build.sh`) and the
//! library: every function takes what the page's JavaScript has (file names and bytes, the
//! spec's text) and returns what it shows or downloads (text, JSON, bytes), computed by the
//! library's own API. Nothing here ranks, scores or renders anything itself, so that the
//! page's boards and downloads are the command line's byte for byte.
//!
//! The files the analyst dropped are mounted ([`livability::input::mounted`]) under the folder the
//! page names them in (`exports/` for files picked one by one, the folder's own name for a
//! folder), and the library reads them there as it reads a folder on disk.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::path::Path;

use livability::{Format, Options, Rankings, Spec, render::AnalysisFormat};
use wasm_bindgen::prelude::*;

/// Holds `bytes` as the file at `path` (relative, `folder/name.csv`) for the runs that follow.
#[wasm_bindgen]
pub fn mount(path: &str, bytes: Vec<u8>) {
    livability::input::mounted::mount(path, bytes);
}

/// Lets go of every file mounted so far (a new drop replaces the previous one).
#[wasm_bindgen]
pub fn clear() {
    livability::input::mounted::clear();
}

/// A failure as the page shows it: the message, and the spec's line where it is one.
fn failure(error: &livability::Error) -> JsValue {
    failure_in(error, "")
}

/// A failure in the spec `text`: a bad key's line is found in the text, so that the editor
/// shows it (the library names a key by its path, `sources.grid.colums`).
fn failure_in(error: &livability::Error, text: &str) -> JsValue {
    let location = error.location();
    let line = location
        .line()
        .or_else(|| location.spec_key().and_then(|key| key_line(text, key)));
    let shown = serde_json::json!({
        "message": error.to_string(),
        "line": line,
        "key": location.spec_key(),
    });
    JsValue::from_str(&shown.to_string())
}

/// The line (1-based) of the spec `text` where `key` (`sources.grid.file`) is written: the
/// key's own line in its table, or the table's header when the key is a table. `None` when the
/// text does not write it plainly (an inline table, a quoted key).
fn key_line(text: &str, key: &str) -> Option<u64> {
    let parts: Vec<&str> = key.split('.').collect();
    let lines: Vec<&str> = text.lines().collect();
    // The longest prefix of the key that is a table header, and where it is.
    for split in (1..=parts.len()).rev() {
        let table = parts[..split].join(".");
        let header = lines.iter().position(|line| {
            let line = line.trim();
            line == format!("[{table}]") || line == format!("[[{table}]]")
        });
        let Some(header) = header else { continue };
        let Some(name) = parts.get(split) else {
            return Some(header as u64 + 1);
        };
        let found = lines
            .iter()
            .enumerate()
            .skip(header + 1)
            .take_while(|(_, line)| !line.trim_start().starts_with('['))
            .find(|(_, line)| {
                line.trim_start()
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.trim_start().starts_with(['=', '.']))
            });
        return Some(found.map_or(header, |(at, _)| at) as u64 + 1);
    }
    None
}

/// What `init` finds in the mounted `folder`, as JSON: the starter spec's text, the files
/// recognized (file, role), those it could not place (file, why), and the seed's boards left
/// out.
#[wasm_bindgen]
pub fn init(folder: &str) -> Result<String, JsValue> {
    let starter = livability::init::init(folder).map_err(|error| failure(&error))?;
    Ok(starter_json(&starter).to_string())
}

/// `init`'s findings as the page lists them.
fn starter_json(starter: &livability::init::Starter) -> serde_json::Value {
    serde_json::json!({
        "spec": starter.spec,
        "recognized": starter.recognized.iter().map(|file| serde_json::json!({
            "file": file.file,
            "role": format!("{:?}", file.role),
        })).collect::<Vec<_>>(),
        "unrecognized": starter.unrecognized.iter().map(|file| serde_json::json!({
            "file": file.file,
            "why": file.why,
        })).collect::<Vec<_>>(),
        "left_out": starter.left_out,
    })
}

/// A ranking made from the spec in the editor: its boards, for the page to show and
/// download, and the spec, to explain a place with.
#[wasm_bindgen]
pub struct Ranked {
    spec: Spec,
    rankings: Rankings,
}

/// Ranks by the spec `text` (saved as `path`, relative to which its files are read): the
/// spec's errors come back as JSON `{message, line, key}`, the line being the spec's where
/// the error is in it.
#[wasm_bindgen]
pub fn rank(text: &str, path: &str) -> Result<Ranked, JsValue> {
    let spec = Spec::from_toml_str(text, path).map_err(|error| failure_in(&error, text))?;
    let rankings =
        livability::rank(&spec, &Options::new()).map_err(|error| failure_in(&error, text))?;
    Ok(Ranked { spec, rankings })
}

#[wasm_bindgen]
impl Ranked {
    /// The data-quality report as JSON, as `livability rank --report` writes it: every
    /// source's coverage, its uncounted records by reason, the warnings and notes.
    pub fn quality(&self) -> String {
        serde_json::to_string_pretty(&self.rankings.quality).unwrap_or_default()
    }

    /// One line per source saying what became of its records, then `warning: …` and
    /// `note: …` lines: what `livability rank` prints on stderr.
    pub fn summary(&self) -> String {
        let quality = &self.rankings.quality;
        let sources = quality.sources.iter().map(|source| source.summary());
        let warnings = quality
            .warnings
            .iter()
            .map(|warning| format!("warning: {warning}"));
        let notes = quality.notes.iter().map(|note| format!("note: {note}"));
        sources
            .chain(warnings)
            .chain(notes)
            .map(|line| line + "\n")
            .collect()
    }

    /// How many warnings the ranking gave (`--strict` would fail on any).
    pub fn warnings(&self) -> usize {
        self.rankings.quality.warnings.len()
    }

    /// The boards in `format` (`table`, `newsletter`, `csv`, `json`, `markdown`, `xlsx`,
    /// `html`), byte for byte what `livability rank --format FORMAT --out FILE` writes.
    pub fn render(&self, format: &str) -> Result<Vec<u8>, JsValue> {
        let format: Format = format.parse().map_err(|error| failure(&error))?;
        let mut bytes = Vec::new();
        self.rankings
            .render(format, &mut bytes)
            .map_err(|error| JsValue::from_str(&error.to_string()))?;
        Ok(bytes)
    }

    /// `explain` for `place` on `board` as text (the format `livability explain` prints), or
    /// its error as JSON.
    pub fn explain(&self, board: &str, place: &str) -> Result<String, JsValue> {
        explain(&self.spec, board, place)
    }
}

/// What `livability explain SPEC --board BOARD --place PLACE` prints.
fn explain(spec: &Spec, board: &str, place: &str) -> Result<String, JsValue> {
    let (_, explanation) = livability::explain(spec, &Options::new(), board, place)
        .map_err(|error| failure(&error))?;
    Ok(explanation.to_string_as(AnalysisFormat::Table))
}

/// The folder a dropped file is mounted in when it came without one.
pub const LOOSE_FILES: &str = "exports";

/// Where the page mounts a dropped file: its path within the dropped folder, or
/// [`LOOSE_FILES`]/its name. Only the last two parts are kept: a spec names its files
/// relative to its own folder, and `init` looks at one folder.
#[wasm_bindgen]
pub fn mount_path(relative: &str, name: &str) -> String {
    let relative = Path::new(relative);
    match (relative.parent(), relative.file_name()) {
        (Some(parent), Some(file)) if !parent.as_os_str().is_empty() => {
            let folder = parent.iter().next_back().unwrap_or(parent.as_os_str());
            format!("{}/{}", folder.to_string_lossy(), file.to_string_lossy())
        }
        _ => format!("{LOOSE_FILES}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_keys_line_is_found_in_the_spec() {
        let text = "period = \"2018-11\"\n\n[sources.grid]\nkind = \"grid\"\nfiel = \"g.csv\"\n\n[boards.roads]\ntop = 3\n";
        assert_eq!(key_line(text, "sources.grid.fiel"), Some(5));
        assert_eq!(key_line(text, "sources.grid"), Some(3));
        assert_eq!(key_line(text, "boards.roads.weights"), Some(7));
        assert_eq!(key_line(text, "nowhere.at.all"), None);
    }

    #[test]
    fn dropped_files_are_mounted_in_their_folder_or_in_exports() {
        assert_eq!(mount_path("", "grid.csv"), "exports/grid.csv");
        assert_eq!(
            mount_path("tianshan/grid.csv", "grid.csv"),
            "tianshan/grid.csv"
        );
        assert_eq!(
            mount_path("a/b/tianshan/grid.csv", "grid.csv"),
            "tianshan/grid.csv"
        );
    }
}
