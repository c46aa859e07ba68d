//! A sheet as CSV text, made on a thread of its own while the reader reads it, so that every
//! row goes through the same CSV reader, header matching and record typing as an export, and
//! a workbook and its CSV export read alike.
//!
//! The text is made row by row and handed over in chunks through a channel of a few chunks:
//! memory does not grow with the sheet's rows (an `.xlsx` sheet is streamed cell by cell; its
//! table of shared texts, which Excel keeps for the whole workbook, is loaded whole, as
//! Excel does). Blank rows are left out, and the header is line 1 (as the CSV reader wants):
//! where a line of the text and the row it comes from part (below the header's row, a run of
//! blank rows, a cell of several lines), the [`SheetMap`] notes it, so that it turns any line
//! back into its row; a sheet whose header is row 1 and has no blank rows notes nothing.

use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use calamine::{Dimensions, Ods, Reader, Xls, Xlsx};

use super::cell::Value;
use super::layout::{SheetLayout, xlsx_layout};
use super::map::{SheetMap, column_letters};
use super::ods_layout::ods_layout;
use super::xls_layout::{check_container, xls_hidden_rows};
use super::{Format, Limits, Source};
use crate::error::{Error, ErrorKind, Location, MalformedRow, Result, shorten};
use crate::progress::FileProgress;
use crate::read::header::{HEADER_SCAN_ROWS, HeaderSearch, forced_row_missing};

/// What the thread that reads a workbook sends.
enum Message {
    /// The sheet was found and its header read.
    Start(Arc<SheetMap>),
    /// The next bytes of the text.
    Text(Vec<u8>),
    /// The sheet cannot be read further.
    Failed(Error),
    /// The whole sheet was sent.
    Done,
}

/// The text of a sheet as it is made, to be read as CSV.
pub(crate) struct SheetText {
    /// `None` once dropped, which tells the thread to stop.
    receiver: Option<Receiver<Message>>,
    /// The thread, joined when the text is dropped: no thread outlives its reader.
    thread: Option<std::thread::JoinHandle<()>>,
    chunk: Vec<u8>,
    at: usize,
    finished: bool,
    /// Why the text stopped, for the reader to return instead of the I/O error it sees.
    failure: Failure,
}

/// Where the reading thread leaves the error that stopped a sheet's text.
pub(crate) type Failure = Arc<Mutex<Option<Error>>>;

/// Chunks of text in flight at most, and how large each grows before it is sent.
#[cfg(not(target_arch = "wasm32"))]
const CHUNKS: usize = 4;
const CHUNK_BYTES: usize = 64 * 1024;

impl SheetText {
    /// Starts reading `source`'s sheet on a thread; returns once its header is read.
    pub(crate) fn start(
        source: &Source,
        limits: Limits,
        progress: Option<FileProgress>,
    ) -> Result<(SheetText, Arc<SheetMap>, Failure)> {
        #[cfg(target_arch = "wasm32")]
        let (receiver, thread) = {
            // No threads in a browser's WebAssembly: the whole text is made first, then read.
            let (sender, receiver) = std::sync::mpsc::channel();
            produce(source, limits, progress, &sender);
            (receiver, None)
        };
        #[cfg(not(target_arch = "wasm32"))]
        let (receiver, thread) = {
            let (sender, receiver) = sync_channel(CHUNKS);
            let thread = Self::spawn(source, limits, progress, sender)?;
            (receiver, Some(thread))
        };
        let failure = Arc::new(Mutex::new(None));
        let text = SheetText {
            receiver: Some(receiver),
            thread,
            chunk: Vec::new(),
            at: 0,
            finished: false,
            failure: Arc::clone(&failure),
        };
        match text.receive() {
            Ok(Message::Start(map)) => Ok((text, map, failure)),
            Ok(Message::Failed(error)) => Err(error),
            _ => Err(stopped(&source.path)),
        }
    }

    /// The thread that makes `source`'s text and sends it through `sender`.
    #[cfg(not(target_arch = "wasm32"))]
    fn spawn(
        source: &Source,
        limits: Limits,
        progress: Option<FileProgress>,
        sender: TextSender,
    ) -> Result<std::thread::JoinHandle<()>> {
        let thread_source = source.clone();
        // The thread reads from the run's provider of files, as the caller's thread does.
        let files = crate::read::files::current();
        std::thread::Builder::new()
            .name("livability-sheet".to_owned())
            .spawn(move || {
                // A workbook reader that panics on a corrupt workbook (calamine's cell
                // references overflow with overflow checks on) makes an error, not a crash.
                let produced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    crate::read::files::within(files, || {
                        produce(&thread_source, limits, progress, &sender);
                    });
                }));
                if produced.is_err() {
                    let _ = sender.send(Message::Failed(Error::new(
                        ErrorKind::Workbook {
                            message: "the workbook reader failed on it: a corrupt workbook"
                                .to_owned(),
                        },
                        Location::at_file(&thread_source.path),
                    )));
                }
            })
            .map_err(|error| Error::new(ErrorKind::io(&error), Location::at_file(&source.path)))
    }
}

/// Where the text goes: a channel of a few chunks to the reader on its own thread; on wasm32,
/// where there are no threads, a channel that holds the whole text until it is read.
#[cfg(not(target_arch = "wasm32"))]
type TextSender = SyncSender<Message>;
#[cfg(target_arch = "wasm32")]
type TextSender = std::sync::mpsc::Sender<Message>;

/// The error of a reading thread that stopped without saying why: a workbook the reader
/// could not cope with.
fn stopped(path: &Path) -> Error {
    Error::new(
        ErrorKind::Workbook {
            message: "the workbook reader stopped part way".to_owned(),
        },
        Location::at_file(path),
    )
}

impl Read for SheetText {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.chunk.len() {
            if self.finished {
                return Ok(0);
            }
            match self.receive() {
                Ok(Message::Text(chunk)) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Ok(Message::Done) => self.finished = true,
                Ok(Message::Failed(error)) => return Err(self.fail(error)),
                // A thread that ends without `Done` stopped part way: never a silent end.
                Ok(Message::Start(_)) | Err(_) => {
                    return Err(self.fail(stopped(Path::new("workbook"))));
                }
            }
        }
        let n = buffer.len().min(self.chunk.len() - self.at);
        buffer[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Drop for SheetText {
    fn drop(&mut self) {
        // The thread's next send fails, and it ends.
        self.receiver = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl SheetText {
    fn receive(&self) -> Result<Message, std::sync::mpsc::RecvError> {
        match &self.receiver {
            Some(receiver) => receiver.recv(),
            None => Err(std::sync::mpsc::RecvError),
        }
    }

    fn fail(&mut self, error: Error) -> std::io::Error {
        self.finished = true;
        self.chunk.clear();
        self.at = 0;
        let message = error.to_string();
        if let Ok(mut failure) = self.failure.lock() {
            failure.get_or_insert(error);
        }
        std::io::Error::other(message)
    }
}

/// Reads the workbook and sends its sheet's text; any failure is sent, not returned.
fn produce(source: &Source, limits: Limits, progress: Option<FileProgress>, sender: &TextSender) {
    let result = match &source.data {
        super::Data::File(path) => match crate::read::files::File::open(path) {
            Ok(file) => {
                let size = crate::read::files::size(path);
                produce_from(
                    std::io::BufReader::new(file),
                    size,
                    source,
                    limits,
                    progress,
                    sender,
                )
            }
            Err(error) => Err(Error::new(ErrorKind::io(&error), Location::at_file(path))),
        },
        super::Data::Bytes(bytes) => produce_from(
            std::io::Cursor::new(Arc::clone(bytes)),
            bytes.len() as u64,
            source,
            limits,
            progress,
            sender,
        ),
    };
    let _ = sender.send(match result {
        Ok(()) => Message::Done,
        Err(error) => Message::Failed(error),
    });
}

fn produce_from<R: Read + Seek>(
    reader: R,
    size: u64,
    source: &Source,
    limits: Limits,
    progress: Option<FileProgress>,
    sender: &TextSender,
) -> Result<()> {
    let path = &source.path;
    let at_file = || Location::at_file(path);
    if source.format != Format::Xlsx && size > limits.loaded_bytes {
        return Err(Error::new(
            ErrorKind::SheetTooLarge {
                what: format!(
                    "the {} file, {} MiB,",
                    source.format.extension(),
                    size.div_ceil(1 << 20)
                ),
                limit: format!(
                    "{} MiB for a workbook read whole",
                    limits.loaded_bytes >> 20
                ),
            },
            at_file(),
        ));
    }
    match source.format {
        Format::Xlsx => {
            let mut workbook = Xlsx::new(reader).map_err(|error| workbook_error(&error, path))?;
            let sheet = choose_sheet(&workbook.sheet_names(), source)?;
            // The merged regions come after the cells in a sheet's XML: a first pass over
            // the sheet finds them (and the hidden rows), so that the cells can be filled as
            // they stream.
            let layout = match &source.data {
                super::Data::File(file) => crate::read::files::File::open(file)
                    .map_err(|error| error.to_string())
                    .and_then(|file| xlsx_layout(std::io::BufReader::new(file), &sheet)),
                super::Data::Bytes(bytes) => {
                    xlsx_layout(std::io::Cursor::new(Arc::clone(bytes)), &sheet)
                }
            }
            .map_err(|message| {
                Error::new(
                    ErrorKind::Workbook {
                        message: shorten(&message),
                    },
                    at_file(),
                )
            })?;
            let mut cells = workbook
                .worksheet_cells_reader(&sheet)
                .map_err(|error| workbook_error(&error, path))?;
            let declared = u64::from(cells.dimensions().end.0.saturating_add(1));
            let mut rows = Rows::new(source, sheet, sender, progress, size, declared);
            rows.merged(&layout.merges);
            rows.hidden = layout.hidden;
            while let Some(cell) = cells
                .next_cell()
                .map_err(|error| rows.at_sheet(workbook_kind(&error)))?
            {
                let (row, column) = cell.get_position();
                rows.cell(row, column, Value::from(cell.get_value()))?;
            }
            rows.finish()
        }
        Format::Xls | Format::Ods => {
            // calamine reads the cells (and an `.xls` sheet's merged regions); a second pass
            // over the file reads what it does not: an `.xls` sheet's hidden rows, an `.ods`
            // sheet's hidden rows and merged regions. It comes after the cells, so that a
            // workbook calamine cannot read is reported as calamine says.
            let (names, range, layout) = match source.format {
                Format::Xls => {
                    reopen(&source.data)
                        .and_then(check_container)
                        .map_err(|message| {
                            Error::new(
                                ErrorKind::Workbook {
                                    message: shorten(&message),
                                },
                                at_file(),
                            )
                        })?;
                    let mut workbook =
                        Xls::new(reader).map_err(|error| workbook_error(&error, path))?;
                    let names = workbook.sheet_names();
                    let sheet = choose_sheet(&names, source)?;
                    let range = workbook
                        .worksheet_range(&sheet)
                        .map_err(|error| workbook_error(&error, path))?;
                    let merges = workbook
                        .merge_cells_by_sheet_name(&sheet)
                        .map_err(|error| workbook_error(&error, path))?;
                    let index = names.iter().position(|name| *name == sheet).unwrap_or(0);
                    let hidden =
                        second_pass(source, &sheet, |reader| xls_hidden_rows(reader, index))?;
                    (sheet, range, SheetLayout { hidden, merges })
                }
                _ => {
                    let mut workbook =
                        Ods::new(reader).map_err(|error| workbook_error(&error, path))?;
                    let names = workbook.sheet_names();
                    let sheet = choose_sheet(&names, source)?;
                    let range = workbook
                        .worksheet_range(&sheet)
                        .map_err(|error| workbook_error(&error, path))?;
                    let layout = second_pass(source, &sheet, |reader| ods_layout(reader, &sheet))?;
                    (sheet, range, layout)
                }
            };
            let (height, width) = range.get_size();
            let declared = height as u64;
            let mut rows = Rows::new(source, names, sender, progress, size, declared);
            rows.merged(&layout.merges);
            rows.hidden = layout.hidden;
            if (height as u64).saturating_mul(width as u64) > limits.loaded_cells {
                return Err(rows.at_sheet(ErrorKind::SheetTooLarge {
                    what: format!("the sheet, {height} rows by {width} columns,"),
                    limit: format!("{} cells for a sheet read whole", limits.loaded_cells),
                }));
            }
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, column, data) in range.used_cells() {
                rows.cell(
                    top.saturating_add(row as u32),
                    left.saturating_add(column as u32),
                    Value::from(data),
                )?;
            }
            rows.finish()
        }
    }
}

/// A reader of the workbook's bytes from their start, for a pass besides calamine's.
trait Part: Read + Seek {}
impl<T: Read + Seek> Part for T {}

/// What `read` finds in the workbook on a second pass over its bytes; what stops it is a
/// `Workbook` error naming the file and the sheet: a sheet whose merged regions or hidden rows
/// cannot be read is not read without them, which would leave merged places empty or hidden
/// rows unsaid.
fn second_pass<T>(
    source: &Source,
    sheet: &str,
    read: impl FnOnce(Box<dyn Part>) -> Result<T, String>,
) -> Result<T> {
    reopen(&source.data).and_then(read).map_err(|message| {
        Error::new(
            ErrorKind::Workbook {
                message: format!(
                    "the merged cells and hidden rows of sheet '{}' cannot be read: {}",
                    shorten(sheet),
                    shorten(&message)
                ),
            },
            Location::at_file(&source.path),
        )
    })
}

/// The workbook's bytes from their start again.
fn reopen(data: &super::Data) -> Result<Box<dyn Part>, String> {
    match data {
        super::Data::File(file) => crate::read::files::File::open(file)
            .map(|file| Box::new(std::io::BufReader::new(file)) as Box<dyn Part>)
            .map_err(|error| error.to_string()),
        super::Data::Bytes(bytes) => Ok(Box::new(std::io::Cursor::new(Arc::clone(bytes)))),
    }
}

/// The sheet the spec names, or the workbook's first.
fn choose_sheet(names: &[String], source: &Source) -> Result<String> {
    match &source.sheet {
        Some(wanted) => names
            .iter()
            .find(|name| name.trim() == wanted.trim())
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::UnknownSheet {
                        sheet: shorten(wanted),
                        known: names
                            .iter()
                            .map(|name| format!("'{}'", shorten(name)))
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                    Location::at_file(&source.path),
                )
            }),
        None => names.first().cloned().ok_or_else(|| {
            Error::new(
                ErrorKind::Workbook {
                    message: "it has no sheet".to_owned(),
                },
                Location::at_file(&source.path),
            )
        }),
    }
}

fn workbook_error(error: &(impl std::error::Error + 'static), path: &Path) -> Error {
    Error::new(workbook_kind(error), Location::at_file(path))
}

/// A workbook reader's error as ours: a password is its own kind.
fn workbook_kind(error: &(impl std::error::Error + 'static)) -> ErrorKind {
    let any: &dyn std::any::Any = error;
    let protected = matches!(
        any.downcast_ref::<calamine::XlsxError>(),
        Some(calamine::XlsxError::Password)
    ) || matches!(
        any.downcast_ref::<calamine::XlsError>(),
        Some(calamine::XlsError::Password)
    ) || matches!(
        any.downcast_ref::<calamine::OdsError>(),
        Some(calamine::OdsError::Password)
    );
    if protected {
        ErrorKind::ProtectedWorkbook
    } else {
        ErrorKind::Workbook {
            message: shorten(&error.to_string()),
        }
    }
}

/// The header found: its row and the span of its columns (0-based).
#[derive(Clone, Copy)]
struct Span {
    row: u32,
    first: u32,
    last: u32,
}

/// A merged region of the sheet below its header, and the value of its first cell once read.
struct Merge {
    first_row: u32,
    last_row: u32,
    first_column: u32,
    last_column: u32,
    value: Option<String>,
}

/// A row of the sheet: its index (0-based) and its cells, (column, text), in column order.
type SheetRow = (u32, Vec<(u32, String)>);

/// Turns a sheet's cells, in row order, into CSV lines.
struct Rows<'a> {
    path: PathBuf,
    sheet: String,
    sender: &'a TextSender,
    /// How the header is found, and the rows holding anything met before it is.
    search: HeaderSearch,
    candidates: Vec<SheetRow>,
    /// Merged regions not reached yet (by first row, last first), and those the current row
    /// is in or below.
    merges: Vec<Merge>,
    active: Vec<Merge>,
    /// Cells filled from their merged region's first cell.
    filled: u64,
    /// The sheet's hidden rows (0-based, in ascending ranges), the next range not passed
    /// yet, and the rows below the header among them.
    hidden: Vec<std::ops::Range<u32>>,
    next_hidden: usize,
    hidden_rows: Vec<u64>,
    header: Option<Span>,
    map: Option<Arc<SheetMap>>,
    /// The row whose cells are being gathered, and its cells: (column, text).
    row: Option<u32>,
    cells: Vec<(u32, String)>,
    spare: Vec<String>,
    /// The text not sent yet.
    text: Vec<u8>,
    /// Lines written so far.
    lines: u64,
    progress: Option<FileProgress>,
    size: u64,
    declared: u64,
}

impl<'a> Rows<'a> {
    fn new(
        source: &Source,
        sheet: String,
        sender: &'a TextSender,
        progress: Option<FileProgress>,
        size: u64,
        declared: u64,
    ) -> Rows<'a> {
        Rows {
            path: source.path.clone(),
            sheet,
            sender,
            search: source.header.clone(),
            candidates: Vec::new(),
            merges: Vec::new(),
            active: Vec::new(),
            filled: 0,
            hidden: Vec::new(),
            next_hidden: 0,
            hidden_rows: Vec::new(),
            header: None,
            map: None,
            row: None,
            cells: Vec::new(),
            spare: Vec::new(),
            text: Vec::with_capacity(CHUNK_BYTES + 4096),
            lines: 0,
            progress,
            size,
            declared: declared.max(1),
        }
    }

    /// Notes the sheet's merged regions.
    fn merged(&mut self, regions: &[Dimensions]) {
        self.merges = regions
            .iter()
            .map(|region| Merge {
                first_row: region.start.0,
                last_row: region.end.0,
                first_column: region.start.1,
                last_column: region.end.1,
                value: None,
            })
            .collect();
        // Taken from the end as the rows come.
        self.merges
            .sort_by_key(|merge| std::cmp::Reverse(merge.first_row));
    }

    /// Fills the cells of the current row that lie in a merged region, other than its first,
    /// with the first cell's value, as the region shows it; notes the values of the regions
    /// that start here. Only regions wholly below the header count: a title or a header
    /// merged across columns is no value of a record.
    fn fill_merged(&mut self, row: u32, header_row: u32) {
        while self
            .merges
            .last()
            .is_some_and(|merge| merge.first_row <= row)
        {
            if let Some(merge) = self.merges.pop()
                && merge.first_row > header_row
                && merge.last_row >= row
            {
                self.active.push(merge);
            }
        }
        self.active.retain(|merge| merge.last_row >= row);
        if self.active.is_empty() {
            return;
        }
        let mut added = false;
        for merge in &mut self.active {
            if merge.first_row == row {
                merge.value = self
                    .cells
                    .iter()
                    .find(|(column, _)| *column == merge.first_column)
                    .map(|(_, text)| text.clone());
            }
            let Some(value) = &merge.value else {
                continue;
            };
            for column in merge.first_column..=merge.last_column {
                if (row, column) == (merge.first_row, merge.first_column) {
                    continue;
                }
                if !self.cells.iter().any(|(at, _)| *at == column) {
                    let mut text = self.spare.pop().unwrap_or_default();
                    text.clear();
                    text.push_str(value);
                    self.cells.push((column, text));
                    self.filled += 1;
                    added = true;
                }
            }
        }
        if added {
            self.cells.sort_by_key(|(column, _)| *column);
        }
    }

    /// An error about the whole sheet.
    fn at_sheet(&self, kind: ErrorKind) -> Error {
        Error::new(
            kind,
            Location::Sheet {
                path: self.path.clone(),
                sheet: self.sheet.clone(),
                row: None,
                cell: None,
                column: None,
            },
        )
    }

    /// An error about the cell at `row`, `column` (0-based).
    fn at_cell(&self, kind: ErrorKind, row: u32, column: u32) -> Error {
        let header = self.map.as_ref().and_then(|map| map.header_of(column));
        Error::new(
            kind,
            Location::Sheet {
                path: self.path.clone(),
                sheet: self.sheet.clone(),
                row: Some(u64::from(row) + 1),
                cell: Some(format!("{}{}", column_letters(column), u64::from(row) + 1)),
                column: header.map(str::to_owned),
            },
        )
    }

    fn cell(&mut self, row: u32, column: u32, value: Value<'_>) -> Result<()> {
        if value.is_blank() {
            return Ok(());
        }
        match self.row {
            Some(current) if current == row => {}
            Some(current) if row < current => {
                return Err(self.at_cell(
                    ErrorKind::Workbook {
                        message: "its rows are out of order".to_owned(),
                    },
                    row,
                    column,
                ));
            }
            _ => {
                self.flush()?;
                self.row = Some(row);
            }
        }
        let mut text = self.spare.pop().unwrap_or_default();
        text.clear();
        if let Err(kind) = value.write(&mut text) {
            // Met while the header is still looked for: the header is chosen among the rows
            // above, so that the error names the cell's column.
            if self.header.is_none() && !self.candidates.is_empty() {
                self.row = None;
                self.cells.clear();
                self.choose_header()?;
            }
            return Err(self.at_cell(kind, row, column));
        }
        self.cells.push((column, text));
        Ok(())
    }

    /// Writes the row gathered so far.
    fn flush(&mut self) -> Result<()> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        self.cells.sort_by_key(|(column, _)| *column);
        match self.header {
            None => {
                let cells = std::mem::take(&mut self.cells);
                self.candidates.push((row, cells));
                let enough = match self.search.forced() {
                    Some(forced) => u64::from(row) + 1 >= forced,
                    None => self.candidates.len() >= HEADER_SCAN_ROWS,
                };
                if enough {
                    self.choose_header()?;
                }
            }
            Some(span) => self.data_row(row, span)?,
        }
        for (_, text) in self.cells.drain(..) {
            self.spare.push(text);
        }
        if self.text.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(())
    }

    /// Chooses the header among the rows met so far ([`HeaderSearch::choose`], as for a CSV
    /// file), skips the rows above it (a title, metadata, merged across the table or not) and
    /// writes the header and the rows below it.
    fn choose_header(&mut self) -> Result<()> {
        let candidates = std::mem::take(&mut self.candidates);
        let rows: Vec<(u64, Vec<&str>)> = candidates
            .iter()
            .map(|(row, cells)| {
                (
                    u64::from(*row) + 1,
                    cells.iter().map(|(_, text)| text.as_str()).collect(),
                )
            })
            .collect();
        let Some(chosen) = self.search.choose(&rows) else {
            return Err(match self.search.forced() {
                Some(forced) => self.at_sheet(forced_row_missing(forced)),
                None => self.at_sheet(ErrorKind::NoHeaderRow),
            });
        };
        drop(rows);
        let mut candidates = candidates.into_iter().skip(chosen);
        if let Some((row, cells)) = candidates.next() {
            self.cells = cells;
            self.header_row(row)?;
        }
        for (row, cells) in candidates {
            let Some(span) = self.header else { break };
            for (_, text) in self.cells.drain(..) {
                self.spare.push(text);
            }
            self.cells = cells;
            self.data_row(row, span)?;
        }
        Ok(())
    }

    /// Writes the header's row: the table's columns are those of its named cells, with no
    /// gap between them.
    fn header_row(&mut self, row: u32) -> Result<()> {
        if self.cells.len() < 2 {
            return Err(self.at_sheet(ErrorKind::NoHeaderRow));
        }
        let first = self.cells[0].0;
        let last = self.cells[self.cells.len() - 1].0;
        for (expected, (column, _)) in (first..).zip(&self.cells) {
            if *column != expected {
                return Err(self.at_cell(ErrorKind::EmptyHeaderCell, row, expected));
            }
        }
        let names: Vec<(u32, String)> = self
            .cells
            .iter()
            .map(|(column, text)| (*column, text.trim().to_owned()))
            .collect();
        let map = Arc::new(SheetMap::new(
            self.path.clone(),
            self.sheet.clone(),
            u64::from(row) + 1,
            names,
        ));
        let span = Span { row, first, last };
        self.header = Some(span);
        self.write_fields(first, last);
        self.lines = 1;
        self.map = Some(Arc::clone(&map));
        if self.sender.send(Message::Start(map)).is_err() {
            return Err(self.at_sheet(ErrorKind::Workbook {
                message: "the reader stopped".to_owned(),
            }));
        }
        Ok(())
    }

    fn data_row(&mut self, row: u32, span: Span) -> Result<()> {
        self.fill_merged(row, span.row);
        while self
            .hidden
            .get(self.next_hidden)
            .is_some_and(|hidden| hidden.end <= row)
        {
            self.next_hidden += 1;
        }
        if self
            .hidden
            .get(self.next_hidden)
            .is_some_and(|hidden| hidden.contains(&row))
        {
            self.hidden_rows.push(u64::from(row) + 1);
        }
        if let Some((column, _)) = self.cells.first()
            && *column < span.first
        {
            return Err(self.at_cell(
                ErrorKind::MalformedRow(MalformedRow::LeftOfTable),
                row,
                *column,
            ));
        }
        let number = u64::from(row) + 1;
        if let Some(map) = &self.map
            && map.row_of(self.lines + 1) != number
        {
            map.shift(self.lines + 1, number);
        }
        let last = self.cells.last().map_or(span.last, |(column, _)| *column);
        let newlines = self.write_fields(span.first, last.max(span.last));
        self.lines += 1 + newlines;
        if let Some(progress) = &self.progress {
            progress.advance_to(self.size * u64::from(row) / self.declared);
        }
        Ok(())
    }

    /// Writes the cells of columns `first..=last` as one CSV record and its line end;
    /// returns how many line breaks the fields hold.
    fn write_fields(&mut self, first: u32, last: u32) -> u64 {
        let mut newlines = 0;
        let mut cells = self.cells.iter().peekable();
        for column in first..=last {
            if column > first {
                self.text.push(b',');
            }
            while cells.peek().is_some_and(|(at, _)| *at < column) {
                cells.next();
            }
            if let Some((_, text)) = cells.next_if(|(at, _)| *at == column) {
                if text.contains(['"', ',', '\n', '\r']) {
                    self.text.push(b'"');
                    for byte in text.bytes() {
                        if byte == b'"' {
                            self.text.push(b'"');
                        }
                        newlines += u64::from(byte == b'\n');
                        self.text.push(byte);
                    }
                    self.text.push(b'"');
                } else {
                    self.text.extend_from_slice(text.as_bytes());
                }
            }
        }
        self.text.push(b'\n');
        newlines
    }

    fn send(&mut self) -> Result<()> {
        let text = std::mem::replace(&mut self.text, Vec::with_capacity(CHUNK_BYTES + 4096));
        self.sender.send(Message::Text(text)).map_err(|_| {
            self.at_sheet(ErrorKind::Workbook {
                message: "the reader stopped".to_owned(),
            })
        })
    }

    /// Writes the last row and sends the rest of the text.
    fn finish(mut self) -> Result<()> {
        self.flush()?;
        if self.header.is_none() {
            if self.candidates.is_empty() {
                return Err(match self.search.forced() {
                    Some(forced) => self.at_sheet(forced_row_missing(forced)),
                    None => self.at_sheet(ErrorKind::NoHeaderRow),
                });
            }
            self.choose_header()?;
        }
        if let Some(map) = &self.map {
            map.note_filled(self.filled);
            map.note_hidden(std::mem::take(&mut self.hidden_rows));
        }
        if let Some(progress) = &self.progress {
            progress.advance_to(self.size);
        }
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legacy(name: &str) -> Source {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/workbooks")
            .join(name);
        Source::file(&path, None).unwrap()
    }

    #[test]
    fn sheets_loaded_whole_are_refused_beyond_their_limits() {
        // The Tianshan inspections: 91 rows by 6 columns, 31 KiB or less.
        let cells = Limits {
            loaded_bytes: 1 << 20,
            loaded_cells: 500,
        };
        for name in ["sanitation.xls", "sanitation.ods"] {
            let Err(error) = SheetText::start(&legacy(name), cells, None) else {
                panic!("{name} read");
            };
            assert!(
                error.to_string().ends_with(
                    "!检查: the sheet, 91 rows by 6 columns, is over the limit of 500 cells for a sheet read whole: save the sheet as .xlsx, which is read as a stream, or as CSV"
                ),
                "{error}"
            );
            let bytes = Limits {
                loaded_bytes: 1024,
                loaded_cells: 500,
            };
            let Err(error) = SheetText::start(&legacy(name), bytes, None) else {
                panic!("{name} read");
            };
            assert!(
                matches!(error.kind(), ErrorKind::SheetTooLarge { .. }),
                "{error}"
            );
            assert!(error.to_string().contains("MiB,"), "{error}");
        }
        assert!(SheetText::start(&legacy("sanitation.xls"), Limits::DEFAULT, None).is_ok());
    }

    #[test]
    fn every_xls_file_calamine_panics_on_is_refused_before_calamine_reads_it() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/sheet");
        let mut panicking = 0;
        for entry in std::fs::read_dir(folder).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            // The `sheet` target's first byte picks the format: 1 in 3 is `.xls`.
            let Some((&mode, workbook)) = bytes.split_first() else {
                continue;
            };
            if mode % 3 != 1 {
                continue;
            }
            let cursor = || std::io::Cursor::new(workbook.to_vec());
            if std::panic::catch_unwind(|| Xls::new(cursor()).map(drop)).is_err() {
                panicking += 1;
                assert!(
                    super::super::xls_layout::check_container(cursor()).is_err(),
                    "{} bytes",
                    workbook.len()
                );
            }
        }
        assert!(panicking >= 6, "{panicking}");
    }

    /// The office workbook saved as `.ods` by LibreOffice, its `content.xml` changed by
    /// `change`.
    fn office_ods_with(change: impl Fn(&str) -> String) -> Source {
        use std::io::Write;
        let bytes = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workbooks/office-sanitation.ods"),
        )
        .unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for index in 0..archive.len() {
            let mut part = archive.by_index(index).unwrap();
            let name = part.name().unwrap().into_owned();
            let mut content = Vec::new();
            part.read_to_end(&mut content).unwrap();
            if name == "content.xml" {
                content = change(std::str::from_utf8(&content).unwrap()).into_bytes();
            }
            writer.start_file(name, stored).unwrap();
            writer.write_all(&content).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        Source::bytes(Arc::from(bytes), Path::new("sanitation.ods"), None)
            .unwrap()
            .with_header(HeaderSearch::for_columns(&[], [], Some(3)))
    }

    #[test]
    fn repeated_ods_rows_shift_the_hidden_rows_and_merged_regions_below_them() {
        // Three blank rows written once, repeated, below the metadata row; the hidden row
        // hidden by a filter; the footer row repeated.
        let source = office_ods_with(|content| {
            let blank = "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell table:number-columns-repeated=\"4\"/></table:table-row>";
            let header = content.find("<text:p>检查编号").unwrap();
            let row = content[..header].rfind("<table:table-row").unwrap();
            let footer = content.find("<text:p>制表人").unwrap();
            let footer = content[..footer].rfind("<table:table-row").unwrap();
            format!(
                "{}{blank}{}<table:table-row table:number-rows-repeated=\"2\"{}",
                &content[..row],
                &content[row..footer],
                &content[footer + "<table:table-row".len()..]
            )
            .replace("table:visibility=\"collapse\"", "table:visibility=\"filter\"")
        })
        .with_header(HeaderSearch::for_columns(&[], [], Some(6)));
        let (mut text, map, _) = SheetText::start(&source, Limits::DEFAULT, None).unwrap();
        let mut csv = String::new();
        text.read_to_string(&mut csv).unwrap();
        assert_eq!(map.filled(), 6, "{csv}");
        assert_eq!(map.hidden(), [8], "{csv}");
        assert_eq!(csv.matches(",天山一村,").count(), 3, "{csv}");
        assert_eq!(csv.matches(",天山三村,").count(), 4, "{csv}");
        assert_eq!(csv.matches("制表人").count(), 2, "{csv}");
        assert_eq!(map.row_of(2), 7);
    }

    #[test]
    fn an_ods_sheet_whose_layout_cannot_be_read_is_an_error_naming_it() {
        // calamine reads the cells; the pass over the tags meets a tag over 1 MiB.
        let long = format!("<table:table-cell x=\"{}\" ", "a".repeat(1 << 21));
        let source = office_ods_with(|content| content.replacen("<table:table-cell ", &long, 1));
        let Err(error) = SheetText::start(&source, Limits::DEFAULT, None) else {
            panic!("read");
        };
        assert_eq!(
            error.to_string(),
            "sanitation.ods: cannot read the workbook: the merged cells and hidden rows of sheet '检查' cannot be read: content.xml: a tag longer than 1 MiB"
        );
        // The same workbook unchanged reads.
        if let Err(error) = SheetText::start(&office_ods_with(str::to_owned), Limits::DEFAULT, None)
        {
            panic!("{error}");
        }
    }
}
