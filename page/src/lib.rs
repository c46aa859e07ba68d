//! The glue between the offline page (`livability.html`, built by `page/build.sh`) and the
//! library: every function takes what the page's JavaScript has (file names and bytes, the
//! spec's text) and returns what it shows or downloads (text, JSON, bytes), computed by the
//! library's own API. Nothing here ranks, scores or renders anything itself, so that the
//! page's boards and downloads are the command line's byte for byte.
//!
//! The library runs in a Web Worker. The files the analyst dropped stay the browser's `File`
//! objects: a [`Dropped`] set names each by the path the page gives it (`exports/…` for files
//! picked one by one, the folder's own name for a folder) and is the run's provider of files
//! ([`livability::input::files::Files`]); the library reads a file through it in slices the Worker
//! reads synchronously (`FileReaderSync`), so that a city's 200 MB never sit in the
//! WebAssembly memory whole.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use livability::input::Stage;
use livability::input::files::{Files, ReadSeek};
use livability::{Format, Options, Rankings, Spec, render::AnalysisFormat};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Copies the bytes of dropped file `index` from `start` into `into` (as many as fit and
    /// the file has) and says how many: the Worker's `FileReaderSync` on a `File.slice()`.
    /// Positions and sizes cross as JavaScript's `BigInt`, exact at any size.
    #[wasm_bindgen(catch, js_namespace = livabilityWorker, js_name = readSlice)]
    fn read_slice(index: u32, start: u64, into: &mut [u8]) -> Result<u32, JsValue>;

    /// Tells the page how far the run has come: `done` of `total` bytes of `stage`.
    #[wasm_bindgen(js_namespace = livabilityWorker, js_name = progress)]
    fn report_progress(stage: &str, done: u64, total: u64);
}

/// How much of a dropped file one slice reads: big enough that the calls into JavaScript cost
/// nothing next to the parsing, small next to a city's files.
const SLICE: usize = 1 << 20;

/// One dropped file: its place in the Worker's list of `File` objects, and its size.
#[derive(Clone, Copy, Debug)]
struct DroppedFile {
    index: u32,
    size: u64,
}

/// The dropped files by path: the provider the library reads them through.
#[derive(Clone, Debug, Default)]
struct DroppedFiles {
    files: BTreeMap<PathBuf, DroppedFile>,
}

impl DroppedFiles {
    fn file(&self, path: &Path) -> io::Result<DroppedFile> {
        self.files.get(path).copied().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} was not dropped on the page", path.display()),
            )
        })
    }
}

impl Files for DroppedFiles {
    fn open(&self, path: &Path) -> io::Result<Box<dyn ReadSeek>> {
        let file = self.file(path)?;
        Ok(Box::new(Slices {
            file,
            read_at: read_in_browser,
            position: 0,
            slice: Vec::new(),
            slice_start: 0,
        }))
    }

    fn size(&self, path: &Path) -> io::Result<u64> {
        self.file(path).map(|file| file.size)
    }

    fn list(&self, folder: &Path) -> io::Result<Vec<PathBuf>> {
        let mut listed: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|path| {
                let first = path.strip_prefix(folder).ok()?.components().next()?;
                Some(folder.join(first))
            })
            .collect();
        listed.dedup();
        if listed.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no file was dropped in {}", folder.display()),
            ));
        }
        Ok(listed)
    }
}

/// Reads bytes of a dropped file from a position into a buffer, saying how many: the
/// browser's, or a test's.
type ReadAt = fn(DroppedFile, u64, &mut [u8]) -> io::Result<usize>;

/// Bytes of a dropped file, read by the Worker from the browser's `File`.
fn read_in_browser(file: DroppedFile, start: u64, into: &mut [u8]) -> io::Result<usize> {
    let read = read_slice(file.index, start, into).map_err(|error| {
        io::Error::other(format!(
            "the browser could not read the file: {}",
            error.as_string().unwrap_or_else(|| format!("{error:?}"))
        ))
    })?;
    Ok(read as usize)
}

/// A dropped file being read: the slice last read from the browser, and where the reading
/// stands.
#[derive(Debug)]
struct Slices {
    file: DroppedFile,
    read_at: ReadAt,
    position: u64,
    slice: Vec<u8>,
    slice_start: u64,
}

impl Read for Slices {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.position >= self.file.size || buffer.is_empty() {
            return Ok(0);
        }
        let within = self.position.checked_sub(self.slice_start);
        let offset = match within.and_then(|within| usize::try_from(within).ok()) {
            Some(offset) if offset < self.slice.len() => offset,
            _ => {
                let left = self.file.size - self.position;
                self.slice.resize(
                    usize::try_from(left).map_or(SLICE, |left| left.min(SLICE)),
                    0,
                );
                let read = (self.read_at)(self.file, self.position, &mut self.slice)?;
                self.slice.truncate(read);
                self.slice_start = self.position;
                if self.slice.is_empty() {
                    return Ok(0);
                }
                0
            }
        };
        let available = &self.slice[offset..];
        let count = available.len().min(buffer.len());
        buffer[..count].copy_from_slice(&available[..count]);
        self.position += count as u64;
        Ok(count)
    }
}

impl Seek for Slices {
    fn seek(&mut self, position: SeekFrom) -> io::Result<u64> {
        let target = match position {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(by) => self.file.size.checked_add_signed(by),
            SeekFrom::Current(by) => self.position.checked_add_signed(by),
        };
        self.position = target.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "a seek before the start of the file",
            )
        })?;
        Ok(self.position)
    }
}

/// The files of one drop on the page, named by the paths the page gives them; `init`, a
/// ranking and `explain` read them through it. A new drop is a new set.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Dropped {
    files: Arc<DroppedFiles>,
}

#[wasm_bindgen]
impl Dropped {
    /// No files yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Dropped {
        Dropped::default()
    }

    /// Names the Worker's dropped file `index`, of `size` bytes, `path` (relative,
    /// `folder/name.csv`, as [`dropped_path`] gives it).
    pub fn add(&mut self, path: &str, index: u32, size: u64) {
        Arc::make_mut(&mut self.files)
            .files
            .insert(PathBuf::from(path), DroppedFile { index, size });
    }

    /// What `init` finds in `folder` of the dropped files, as JSON: the starter spec's text,
    /// the files recognized (file, role), those it could not place (file, why), and the
    /// seed's boards left out.
    pub fn init(&self, folder: &str) -> Result<String, JsValue> {
        let starter =
            livability::init::init_in(folder, self.provider()).map_err(|error| failure(&error))?;
        Ok(starter_json(&starter).to_string())
    }

    /// Ranks by the spec `text` (saved as `path`, relative to which its files are read),
    /// reporting how far it has come to the page: the spec's errors come back as JSON
    /// `{message, line, key}`, the line being the spec's where the error is in it.
    pub fn rank(&self, text: &str, path: &str) -> Result<Ranked, JsValue> {
        let spec = Spec::from_toml_str_in(text, path, self.provider())
            .map_err(|error| failure_in(&error, text))?;
        let options = self.options().progress(|progress| {
            let stage = match progress.stage {
                Stage::Reading => "reading",
                Stage::Ranking => "ranking",
                _ => "working",
            };
            report_progress(stage, progress.done, progress.total);
        });
        let rankings =
            livability::rank(&spec, &options).map_err(|error| failure_in(&error, text))?;
        Ok(Ranked {
            spec,
            rankings,
            files: Arc::clone(&self.files),
        })
    }

    fn provider(&self) -> Arc<dyn Files> {
        self.files.clone()
    }

    fn options(&self) -> Options {
        Options::new().files(self.provider())
    }
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
/// download, and the spec and files, to explain a place with.
#[wasm_bindgen]
pub struct Ranked {
    spec: Spec,
    rankings: Rankings,
    files: Arc<DroppedFiles>,
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

    /// Sets the language of the formats people read (`zh` or `en`), as `--lang` does over
    /// the spec's `lang`: the page's language switch.
    pub fn set_language(&mut self, code: &str) -> Result<(), JsValue> {
        self.rankings.language = code.parse().map_err(|error| failure(&error))?;
        Ok(())
    }

    /// The language of the formats people read: the spec's `lang`, or the one set.
    pub fn language(&self) -> String {
        self.rankings.language.code().to_owned()
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

    /// `explain` for `place` on `board` as text (the format `livability explain` prints) in
    /// the page's language, or its error as JSON.
    pub fn explain(&self, board: &str, place: &str) -> Result<String, JsValue> {
        let options = Options::new().files(self.files.clone());
        let (_, mut explanation) = livability::explain(&self.spec, &options, board, place)
            .map_err(|error| failure(&error))?;
        // In the page's language, as its switch set it, like the boards beside it.
        explanation.language = self.rankings.language;
        Ok(explanation.to_string_as(AnalysisFormat::Table))
    }
}

/// The folder a dropped file is named in when it came without one.
pub const LOOSE_FILES: &str = "exports";

/// The path the page names a dropped file by: its path within the dropped folder, or
/// [`LOOSE_FILES`]/its name. Only the last two parts are kept: a spec names its files
/// relative to its own folder, and `init` looks at one folder.
#[wasm_bindgen]
pub fn dropped_path(relative: &str, name: &str) -> String {
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

    /// The bytes of the test's dropped file: 0, 1, …, 255, 0, 1, … over three slices.
    fn test_bytes(file: DroppedFile, start: u64, into: &mut [u8]) -> io::Result<usize> {
        let count = into.len().min(file.size.saturating_sub(start) as usize);
        for (at, byte) in into[..count].iter_mut().enumerate() {
            *byte = ((start + at as u64) % 256) as u8;
        }
        Ok(count)
    }

    #[test]
    fn a_dropped_file_reads_and_seeks_across_slices() {
        let size = 2 * SLICE as u64 + 10;
        let mut file = Slices {
            file: DroppedFile { index: 0, size },
            read_at: test_bytes,
            position: 0,
            slice: Vec::new(),
            slice_start: 0,
        };
        let mut all = Vec::new();
        file.read_to_end(&mut all).unwrap();
        assert_eq!(all.len() as u64, size);
        assert!(
            all.iter()
                .enumerate()
                .all(|(at, byte)| *byte == (at % 256) as u8)
        );
        // A workbook reads its end first, then back.
        file.seek(SeekFrom::End(-3)).unwrap();
        let mut end = [0; 8];
        assert_eq!(file.read(&mut end).unwrap(), 3);
        file.seek(SeekFrom::Start(SLICE as u64 - 1)).unwrap();
        let mut across = [0; 2];
        file.read_exact(&mut across).unwrap();
        assert_eq!(across, [255, 0]);
        assert!(file.seek(SeekFrom::Current(-(size as i64) - 1)).is_err());
    }

    #[test]
    fn dropped_files_list_by_folder_and_others_are_not_found() {
        let mut dropped = Dropped::new();
        dropped.add("tianshan/grid.csv", 0, 10);
        dropped.add("tianshan/places.csv", 1, 5);
        let files = dropped.files;
        assert_eq!(
            files.list(Path::new("tianshan")).unwrap(),
            [
                PathBuf::from("tianshan/grid.csv"),
                PathBuf::from("tianshan/places.csv")
            ]
        );
        assert_eq!(files.size(Path::new("tianshan/grid.csv")).unwrap(), 10);
        assert!(!files.is_file(Path::new("tianshan")));
        assert!(
            files
                .open(Path::new("elsewhere.csv"))
                .is_err_and(|error| error.kind() == io::ErrorKind::NotFound)
        );
    }

    #[test]
    fn dropped_files_are_named_in_their_folder_or_in_exports() {
        assert_eq!(dropped_path("", "grid.csv"), "exports/grid.csv");
        assert_eq!(
            dropped_path("tianshan/grid.csv", "grid.csv"),
            "tianshan/grid.csv"
        );
        assert_eq!(
            dropped_path("a/b/tianshan/grid.csv", "grid.csv"),
            "tianshan/grid.csv"
        );
    }
}
