//! Reading a CSV export: the header, the columns a reader asks for, rows as reused raw rows
//! (split as [`super::rows`] says), fields decoded on demand, every error located by file,
//! line and column.

use super::files::File;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Location, MalformedRow, Result};
use crate::read::encoding::{Encoding, Sniffed, TextDecoder, bom_length};
use crate::read::header::{HEADER_SCAN_ROWS, Header, HeaderSearch, forced_row_missing};
use crate::read::raw_row::RawRow;
use crate::read::rows::{ClassicSplitter, LineSplitter};

/// A column a reader looks for: its canonical name and the headers that mean it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    /// The canonical (English) name, also matched as a header, ignoring ASCII case.
    pub(crate) name: &'static str,
    /// Other headers that mean the column, such as Chinese ones.
    pub(crate) headers: &'static [&'static str],
}

/// A CSV file being read.
pub(crate) struct CsvInput<R: Read> {
    path: PathBuf,
    reader: Splitter<Sniffed<R>>,
    decoder: TextDecoder,
    header: Header,
    /// The line of the header row: 1, or further down when a title, metadata or blank rows
    /// come first.
    header_line: u64,
    /// The line where the last row read starts.
    line: u64,
    /// The encoding the spec declares for the file.
    declared: Encoding,
    /// How lines end: `\n` (with any `\r` before it taken off the row), or, in a file whose
    /// lines end in a lone `\r` (old Mac exports), any of `\r`, `\n`, `\r\n`.
    ending: Ending,
    /// Rows read while looking for the header, below it, not yet handed out.
    pending: VecDeque<RawRow>,
    /// The error of the last of them, when a quote opened in it is never closed: returned
    /// in its turn, as a row error, as if it had been read then.
    pending_quote: Option<Error>,
}

/// What splits a file's text into rows.
enum Splitter<R: Read> {
    /// Lines ending in `\n` (or `\r\n`): split at commas, csv-core reading those with quotes
    /// (boxed: csv-core's tables make it large).
    Lines(Box<LineSplitter<R>>),
    /// Lines ending in a lone `\r` (old Mac exports): the csv crate's reader (boxed as
    /// well: with its line breaks' tracker it is the larger).
    Classic(Box<ClassicSplitter<R>>),
}

/// Whether `\n` files are read by the csv crate's reader, as they were before the line
/// splitter: the oracle of its tests.
#[cfg(not(test))]
fn classic_oracle() -> bool {
    false
}

#[cfg(test)]
fn classic_oracle() -> bool {
    tests::CLASSIC_ORACLE.with(std::cell::Cell::get)
}

impl<R: Read> Splitter<R> {
    /// The splitter of a text whose lines end as `ending` says.
    fn new(input: R, ending: Ending) -> Splitter<R> {
        match ending {
            Ending::Newline if !classic_oracle() => {
                Splitter::Lines(Box::new(LineSplitter::new(input)))
            }
            Ending::Newline => Splitter::Classic(Box::new(ClassicSplitter::new(input, false))),
            Ending::CarriageReturn => {
                Splitter::Classic(Box::new(ClassicSplitter::new(input, true)))
            }
        }
    }

    /// Reads the next row into `row` if it is a plain line (see [`LineSplitter::read_line`]).
    #[inline(always)]
    fn read_line(&mut self, row: &mut RawRow) -> bool {
        match self {
            Splitter::Lines(lines) => lines.read_line(row),
            Splitter::Classic(_) => false,
        }
    }

    fn read(&mut self, row: &mut RawRow) -> csv::Result<bool> {
        match self {
            Splitter::Lines(lines) => Ok(lines.read(row)?),
            Splitter::Classic(classic) => classic.read(row),
        }
    }

    fn position(&self) -> (u64, u64) {
        match self {
            Splitter::Lines(lines) => lines.position(),
            Splitter::Classic(classic) => classic.position(),
        }
    }

    #[inline(always)]
    fn unclosed_quote(&self) -> Option<u64> {
        match self {
            Splitter::Lines(lines) => lines.unclosed_quote(),
            Splitter::Classic(classic) => classic.unclosed_quote(),
        }
    }
}

/// How a file's lines end, which decides how its rows' lines are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// `\n` or `\r\n`: a row ends at `\n`, so that the row after a `\r\n` starts on its own
    /// line (csv's default ends a row at the `\r` and counts the `\n` in the next row, one
    /// line too low).
    Newline,
    /// A lone `\r` ends the first line.
    CarriageReturn,
}

impl Ending {
    /// The ending of the text starting `start`: a lone `\r` before any `\n` is an old Mac's.
    fn of(start: &[u8]) -> Ending {
        match memchr::memchr2(b'\r', b'\n', start) {
            Some(at)
                if start[at] == b'\r' && start.get(at + 1).is_some_and(|next| *next != b'\n') =>
            {
                Ending::CarriageReturn
            }
            _ => Ending::Newline,
        }
    }
}

impl CsvInput<File> {
    /// Opens the file at `path`.
    pub(crate) fn open(path: &Path, encoding: Encoding) -> Result<CsvInput<File>> {
        CsvInput::open_found(path, encoding, &HeaderSearch::first_row())
    }

    /// Opens the file at `path`, its header found as `search` says.
    pub(crate) fn open_found(
        path: &Path,
        encoding: Encoding,
        search: &HeaderSearch,
    ) -> Result<CsvInput<File>> {
        let file = File::open(path).map_err(|error| io_error(&error, path))?;
        CsvInput::from_reader_found(file, path, encoding, search)
    }
}

impl<R: Read> CsvInput<R> {
    /// Reads the header from `input` (its first row); `path` names the input in messages.
    pub(crate) fn from_reader(input: R, path: &Path, encoding: Encoding) -> Result<CsvInput<R>> {
        CsvInput::from_reader_found(input, path, encoding, &HeaderSearch::first_row())
    }

    /// Reads `input` up to its header, found as `search` says; `path` names the input in
    /// messages.
    pub(crate) fn from_reader_found(
        input: R,
        path: &Path,
        encoding: Encoding,
        search: &HeaderSearch,
    ) -> Result<CsvInput<R>> {
        let (decoder, input) =
            TextDecoder::sniff(input, encoding).map_err(|error| io_error(&error, path))?;
        let ending = Ending::of(input.get_ref().0.get_ref());
        let reader = Splitter::new(input, ending);
        let mut csv = CsvInput {
            path: path.to_path_buf(),
            reader,
            decoder,
            header: Header::default(),
            header_line: 1,
            line: 0,
            declared: encoding,
            ending,
            pending: VecDeque::new(),
            pending_quote: None,
        };
        let mut header = RawRow::new();
        if !csv.read_raw(&mut header)? {
            return Err(Error::new(ErrorKind::EmptyFile, Location::at_file(path)));
        }
        if let Some(what) = not_csv(header.get(0).unwrap_or_default()) {
            return Err(Error::new(
                ErrorKind::NotCsv {
                    what: what.to_owned(),
                    fix: if cfg!(feature = "spreadsheet") {
                        "give the file its workbook's extension (.xlsx, .xls or .ods) to read it as a workbook, or save its sheet as CSV (UTF-8)"
                    } else {
                        "save its sheet as CSV (UTF-8) in Excel or WPS, and name that file"
                    }
                    .to_owned(),
                },
                Location::at_file(path),
            ));
        }
        csv.check_quotes(&header)?;
        if search.searches() {
            header = csv.find_header(header, search)?;
        }
        let mut cells = Vec::with_capacity(header.len());
        for cell in header.iter() {
            let cell = csv.decoder.decode(cell).ok_or_else(|| {
                Error::new(
                    ErrorKind::Encoding {
                        encoding: csv.decoder.name().to_owned(),
                        hint: encoding_hint(csv.declared),
                    },
                    Location::at_line(path, csv.header_line, None),
                )
            })?;
            cells.push(cell.into_owned());
        }
        csv.header = Header::new(cells);
        Ok(csv)
    }

    /// Reads the first rows (from `first`, already read) as far as `search` needs and
    /// returns the header's row; the rows below it that were read wait in `pending`.
    fn find_header(&mut self, first: RawRow, search: &HeaderSearch) -> Result<RawRow> {
        let mut read = vec![first];
        let mut lines = vec![self.line];
        let mut quote = None;
        loop {
            let enough = match search.forced() {
                Some(forced) => self.line >= forced,
                None => read.len() >= HEADER_SCAN_ROWS,
            };
            if enough {
                break;
            }
            let mut record = RawRow::new();
            if !self.read_raw(&mut record)? {
                break;
            }
            if is_blank(&record) {
                continue;
            }
            // A quote never closed swallows the rest of the file: this row is the last.
            let unclosed = self.check_quotes(&record).err();
            lines.push(self.line);
            read.push(record);
            if unclosed.is_some() {
                quote = unclosed;
                break;
            }
        }
        let mut rows: Vec<(u64, Vec<String>)> = Vec::with_capacity(read.len());
        for (record, line) in read.iter().zip(&lines) {
            let mut cells = Vec::with_capacity(record.len());
            for cell in record {
                // Bytes that are not text match no header, but fill a cell; the header's
                // are checked below.
                cells.push(
                    self.decoder
                        .decode(cell)
                        .map_or_else(|| char::REPLACEMENT_CHARACTER.to_string(), Cow::into_owned),
                );
            }
            rows.push((*line, cells));
        }
        let Some(chosen) = search.choose(&rows) else {
            let row = search.forced().unwrap_or(1);
            return Err(Error::new(
                forced_row_missing(row),
                Location::at_file(&self.path),
            ));
        };
        self.header_line = lines[chosen];
        if let Some(error) = quote {
            if chosen + 1 == read.len() {
                return Err(error);
            }
            self.pending_quote = Some(error);
        }
        let mut rows = read.into_iter().skip(chosen);
        let header = rows.next().unwrap_or_default();
        self.pending = rows.collect();
        Ok(header)
    }

    /// The file's path, as given.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The line where the last row read starts.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// The line of the header row.
    pub(crate) fn header_line(&self) -> u64 {
        self.header_line
    }

    /// Where the next row starts: its byte offset in the text (after any byte order mark; from
    /// the start of a part), and its line.
    pub(crate) fn position(&self) -> (u64, u64) {
        match self.pending.front() {
            Some(row) => row.position(),
            None => self.reader.position(),
        }
    }

    /// Whether the file's encoding is known, so that a part of it read on its own decodes as
    /// the whole does.
    pub(crate) fn encoding_decided(&self) -> bool {
        self.decoder.decided()
    }

    /// The byte offset (in the text, after any byte order mark) where the first line starting
    /// at or after `offset` begins; `None` when no line starts there.
    pub(crate) fn line_start_after(&self, offset: u64) -> Result<Option<u64>> {
        let mut file = self.open_text_at(offset)?;
        let mut chunk = vec![0; 64 * 1024];
        let mut read = 0;
        loop {
            let got = file
                .read(&mut chunk)
                .map_err(|error| io_error(&error, &self.path))?;
            if got == 0 {
                return Ok(None);
            }
            if let Some(at) = memchr::memchr(b'\n', &chunk[..got]) {
                return Ok(Some(offset + read + at as u64 + 1));
            }
            read += got as u64;
        }
    }

    /// A reader of the same file from `start` (a byte offset in the text where a row starts)
    /// to its end: the same header and encoding, byte offsets and lines counted from `start`
    /// (its row is on line 1).
    pub(crate) fn part_from(&self, start: u64) -> Result<CsvInput<File>> {
        let file = self.open_text_at(start)?;
        Ok(CsvInput {
            path: self.path.clone(),
            reader: Splitter::new(Cursor::new(Vec::new()).chain(file), self.ending),
            decoder: self.decoder,
            header: self.header.clone(),
            header_line: self.header_line,
            line: 0,
            declared: self.declared,
            ending: self.ending,
            pending: VecDeque::new(),
            pending_quote: None,
        })
    }

    /// The file, positioned at byte `offset` of its text.
    fn open_text_at(&self, offset: u64) -> Result<File> {
        let io = |error: std::io::Error| io_error(&error, &self.path);
        let mut file = File::open(&self.path).map_err(io)?;
        let mut start = [0; 4];
        let mut got = 0;
        while got < start.len() {
            match file.read(&mut start[got..]).map_err(io)? {
                0 => break,
                n => got += n,
            }
        }
        let bom = bom_length(&start[..got]) as u64;
        file.seek(SeekFrom::Start(bom + offset)).map_err(io)?;
        Ok(file)
    }

    /// Whether `record` is read as UTF-8 (the file's encoding, or still undecided and
    /// decided now by `record`), so that it can be validated as a whole.
    pub(crate) fn reads_utf8(&mut self, record: &RawRow) -> bool {
        self.decoder.reads_utf8(record.as_slice())
    }

    /// Whether the file's encoding is decided as GB18030, for good: its fields' texts then
    /// depend on their bytes alone.
    pub(crate) fn reads_gb18030(&self) -> bool {
        self.decoder == TextDecoder::Gb18030
    }

    /// The header.
    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    /// An error about the header, at its line.
    pub(crate) fn header_error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, Location::at_line(&self.path, self.header_line, None))
    }

    /// Reads the next row into `record`; `false` at the end. A row whose number of fields
    /// differs from the header's is an error naming its line. A file with a header and no
    /// rows is no error: a source's export of a month without records (its reader reports
    /// the source empty).
    pub(crate) fn read(&mut self, record: &mut RawRow) -> Result<bool> {
        // Nearly every row: a plain line, read without the calls of the general way below.
        if self.pending.is_empty() && self.reader.read_line(record) {
            self.line = record.line();
            self.check_quotes(record)?;
        } else if let Some(pending) = self.pending.pop_front() {
            *record = pending;
            self.line = record.line();
            if self.pending.is_empty()
                && let Some(error) = self.pending_quote.take()
            {
                return Err(error);
            }
        } else {
            if !self.read_raw(record)? {
                return Ok(false);
            }
            self.check_quotes(record)?;
        }
        if record.len() != self.header.len() {
            return Err(Error::new(
                ErrorKind::MalformedRow(MalformedRow::FieldCount {
                    found: record.len(),
                    expected: self.header.len(),
                }),
                Location::at_line(&self.path, self.line, None),
            ));
        }
        Ok(true)
    }

    /// A row holding a quote that is never closed, which would swallow the rest of the file,
    /// is an error at its line. Inlined, as the few instructions of a row with none.
    #[inline(always)]
    fn check_quotes(&self, record: &RawRow) -> Result<()> {
        match self.reader.unclosed_quote() {
            None => Ok(()),
            Some(opened) => self.unclosed_quote_error(record, opened),
        }
    }

    /// [`CsvInput::check_quotes`] once a quote opened at byte `opened` is never closed.
    #[cold]
    #[inline(never)]
    fn unclosed_quote_error(&self, record: &RawRow, opened: u64) -> Result<()> {
        let start = record.position().0;
        let end = self.reader.position().0;
        if (start..end).contains(&opened) {
            return Err(Error::new(
                ErrorKind::MalformedRow(MalformedRow::UnclosedQuote),
                Location::at_line(&self.path, self.line.max(1), None),
            ));
        }
        Ok(())
    }

    fn read_raw(&mut self, record: &mut RawRow) -> Result<bool> {
        loop {
            let more = self.reader.read(record).map_err(|error| {
                let line = error.position().map_or(self.line + 1, csv::Position::line);
                match error.into_kind() {
                    csv::ErrorKind::Io(error) => io_error(&error, &self.path),
                    other => Error::new(
                        ErrorKind::MalformedRow(MalformedRow::Csv {
                            detail: format!("{other:?}"),
                        }),
                        Location::at_line(&self.path, line, None),
                    ),
                }
            })?;
            if !more {
                return Ok(false);
            }
            // A `\r\n` alone is an empty line (its `\r` taken off), skipped as csv skips a
            // `\n` alone.
            // (csv skips an empty `\n` line itself.)
            if self.ending == Ending::Newline && record.is_blank_line() {
                continue;
            }
            self.line = record.line();
            return Ok(true);
        }
    }

    /// The field `index` of `record` decoded as text (not trimmed). An index past the row's
    /// end reads as an empty field.
    pub(crate) fn text<'r>(&mut self, record: &'r RawRow, index: usize) -> Result<Cow<'r, str>> {
        let bytes = record.get(index).unwrap_or_default();
        self.decoder
            .decode(bytes)
            .ok_or_else(|| self.encoding_error(index))
    }

    /// Appends the field `index` of `record`, decoded as text (not trimmed), to `text`,
    /// without allocating once `text` is large enough (see [`CsvInput::text`]).
    pub(crate) fn text_into(
        &mut self,
        record: &RawRow,
        index: usize,
        text: &mut String,
    ) -> Result<()> {
        let bytes = record.get(index).unwrap_or_default();
        if self.decoder.decode_into(bytes, text) {
            return Ok(());
        }
        Err(self.encoding_error(index))
    }

    /// The error of bytes in column `index` of the current row that are not text.
    fn encoding_error(&self, index: usize) -> Error {
        self.error_at(
            ErrorKind::Encoding {
                encoding: self.decoder.name().to_owned(),
                hint: encoding_hint(self.declared),
            },
            index,
        )
    }

    /// An error of `kind` at the current row, in column `index`.
    pub(crate) fn error_at(&self, kind: ErrorKind, index: usize) -> Error {
        Error::new(
            kind,
            Location::at_line(&self.path, self.line, Some(self.header.cell(index))),
        )
    }
}

/// Whether every field of a row is empty or white space (a blank row above the header, or a
/// spreadsheet's row of empty cells).
fn is_blank(record: &RawRow) -> bool {
    record
        .iter()
        .all(|field| field.iter().all(u8::is_ascii_whitespace))
}

/// What to try when bytes are not text in the encoding the spec declared: UTF-8 declared
/// for what is most likely an export of Excel on Chinese Windows.
fn encoding_hint(declared: Encoding) -> String {
    match declared {
        Encoding::Utf8 => ": if the file is a GBK or GB18030 export (as Excel on Chinese Windows saves CSV), set encoding = \"gb18030\" for its source, or \"auto\" to detect it".to_owned(),
        _ => String::new(),
    }
}

/// What a file whose first field starts with `start` is, when it is a spreadsheet rather than
/// CSV: a ZIP archive (an `.xlsx` or `.ods` workbook) or an OLE compound file (an `.xls`).
fn not_csv(start: &[u8]) -> Option<&'static str> {
    if start.starts_with(b"PK\x03\x04") {
        Some("a ZIP archive (an Excel .xlsx or OpenDocument .ods workbook, most likely)")
    } else if start.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some("an Excel 97-2003 workbook (.xls)")
    } else {
        None
    }
}

/// An I/O error on the file at `path`.
pub(crate) fn io_error(error: &std::io::Error, path: &Path) -> Error {
    Error::new(ErrorKind::io(error), Location::at_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// Set while a test reads with the csv crate's reader, the oracle.
        pub(super) static CLASSIC_ORACLE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    const TIME: Column = Column {
        name: "time",
        headers: &["时间", "上报时间"],
    };

    fn input(text: &str) -> CsvInput<&[u8]> {
        CsvInput::from_reader(text.as_bytes(), Path::new("t.csv"), Encoding::Auto).unwrap()
    }

    /// `text` read with its header looked for among the first rows (an id and a time).
    fn found_below_a_title(text: &str) -> CsvInput<&[u8]> {
        const ID: Column = Column {
            name: "id",
            headers: &["编号"],
        };
        let search = HeaderSearch::for_columns(&[ID, TIME], [], None);
        CsvInput::from_reader_found(text.as_bytes(), Path::new("t.csv"), Encoding::Auto, &search)
            .unwrap()
    }

    #[test]
    fn finds_columns_by_name_case_or_chinese_header() {
        assert_eq!(
            input("id,TIME\n").header().find(&TIME, None).unwrap(),
            Some(1)
        );
        assert_eq!(
            input("编号, 上报时间 \n")
                .header()
                .find(&TIME, None)
                .unwrap(),
            Some(1)
        );
        assert_eq!(input("id,x\n").header().find(&TIME, None).unwrap(), None);
        assert_eq!(
            input("id,来电时间\n")
                .header()
                .find(&TIME, Some("来电时间"))
                .unwrap(),
            Some(1)
        );
        // A mapped header replaces the defaults.
        assert_eq!(
            input("id,time\n")
                .header()
                .find(&TIME, Some("来电时间"))
                .unwrap(),
            None
        );
    }

    #[test]
    fn two_matching_headers_are_an_error() {
        let error = input("时间,上报时间\n")
            .header()
            .find(&TIME, None)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "columns '时间' and '上报时间' both read as 'time'"
        );
    }

    #[test]
    fn a_missing_column_names_what_was_looked_for() {
        let error = input("id\n").header().require(&TIME, None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no column for 'time' in the header (looked for 'time', '时间', '上报时间')"
        );
    }

    #[test]
    fn rows_carry_their_line() {
        let mut csv = input("a,b\n1,2\n\"x\ny\",3\n4,5\n");
        let mut record = RawRow::new();
        let mut lines = Vec::new();
        while csv.read(&mut record).unwrap() {
            lines.push(csv.line());
        }
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn a_short_row_is_an_error_naming_its_line() {
        let mut csv = input("a,b\n1,2\n3\n");
        let mut record = RawRow::new();
        assert!(csv.read(&mut record).unwrap());
        let error = csv.read(&mut record).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv:3: found 1 fields, but the header has 2"
        );
        assert!(error.is_row_error());
    }

    /// A row after empty lines is on its own line, as an analyst opening the file finds it:
    /// the csv crate gave the first empty line's (the line splitter and the csv crate's
    /// reader alike, with `\n`, `\r\n` and lone `\r` line ends).
    #[test]
    fn a_row_after_empty_lines_is_on_its_own_line() {
        for classic in [false, true] {
            for text in [
                "a,b\n1,2\n\n\n3\n4,5\n",
                "a,b\r\n1,2\r\n\r\n\r\n3\r\n4,5\r\n",
                "a,b\n1,2\n\r\n\n3\n4,5\n",
                "\n\na,b\n1,2\n\n\n3\n4,5\n",
                // An old Mac's lone `\r` line ends (csv counted lines by `\n` alone: every
                // row was on line 1), empty lines of either ending.
                "a,b\r1,2\r\r\r\n3\r4,5\r",
                "a,b\r1,2\r\r\r3\r\n4,5",
            ] {
                CLASSIC_ORACLE.with(|oracle| oracle.set(classic));
                let mut csv = input(text);
                CLASSIC_ORACLE.with(|oracle| oracle.set(false));
                let skipped = usize::from(text.starts_with('\n')) * 2;
                let mut record = RawRow::new();
                assert!(csv.read(&mut record).unwrap());
                assert_eq!(csv.line(), 2 + skipped as u64, "{text:?}");
                let error = csv.read(&mut record).unwrap_err();
                assert_eq!(
                    error.to_string(),
                    format!(
                        "t.csv:{}: found 1 fields, but the header has 2",
                        5 + skipped
                    ),
                    "{text:?}, classic: {classic}"
                );
                assert!(csv.read(&mut record).unwrap());
                assert_eq!(csv.line(), 6 + skipped as u64, "{text:?}");
            }
        }
        // A header found below a title and empty lines is on its own line too.
        let csv = found_below_a_title("报表\n\n\nid,time\nA1,2024-05-01\n");
        assert_eq!(csv.header_line(), 4);
    }

    #[test]
    fn a_quote_never_closed_is_an_error_at_its_row() {
        let mut csv = input("a,b\n1,2\n3,\"x\n4,5\n6,7\n");
        let mut record = RawRow::new();
        assert!(csv.read(&mut record).unwrap());
        let error = csv.read(&mut record).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv:3: a quote opens a field and is never closed: the rest of the file would be one field"
        );
        assert!(error.is_row_error());
        let error = CsvInput::from_reader(&b"a,\"b\n1,2\n"[..], Path::new("h.csv"), Encoding::Auto)
            .err()
            .unwrap();
        assert!(
            error
                .to_string()
                .starts_with("h.csv:1: a quote opens a field")
        );
    }

    #[test]
    fn an_empty_file_is_an_error() {
        let error = CsvInput::from_reader(&b""[..], Path::new("e.csv"), Encoding::Auto)
            .err()
            .unwrap();
        assert_eq!(
            error.to_string(),
            "e.csv: empty file: a header row is required"
        );
    }

    #[test]
    fn rows_carry_their_physical_line_in_crlf_files() {
        let mut csv = input("a,b\r\n1,2\r\n\r\n\"x\r\ny\",3\r\n4,5\r\n6,\"7\"\r\n");
        let mut record = RawRow::new();
        let mut rows = Vec::new();
        while csv.read(&mut record).unwrap() {
            let fields: Vec<String> = record
                .iter()
                .map(|field| String::from_utf8_lossy(field).into_owned())
                .collect();
            rows.push((csv.line(), fields.join("|")));
        }
        assert_eq!(
            rows,
            [
                (2, "1|2".to_owned()),
                (4, "x\r\ny|3".to_owned()),
                (6, "4|5".to_owned()),
                (7, "6|7".to_owned()),
            ]
        );
        // A file whose lines end in a lone CR still reads its rows.
        let mut csv = input("a,b\r1,2\r3,4\r");
        let mut count = 0;
        while csv.read(&mut record).unwrap() {
            count += 1;
        }
        assert_eq!(count, 2);
    }

    #[test]
    fn the_header_is_found_below_a_title_and_the_rows_read_follow_it() {
        let mut csv = found_below_a_title(
            "报表\r\n制表单位：x,导出日期：y\r\n\r\n编号,时间\r\nA1,2024-05-01\r\nA2,2024-05-02\r\n",
        );
        assert_eq!(csv.header_line(), 4);
        assert_eq!(csv.header().cell(1), "时间");
        let mut record = RawRow::new();
        let mut lines = Vec::new();
        while csv.read(&mut record).unwrap() {
            lines.push((csv.line(), csv.text(&record, 0).unwrap().into_owned()));
        }
        assert_eq!(lines, [(5, "A1".to_owned()), (6, "A2".to_owned())]);
        let error = csv.header_error(ErrorKind::NoRows);
        assert_eq!(
            error.to_string(),
            "t.csv:4: no rows: the file has a header only"
        );
    }

    /// Everything a reading of `text` gives: the header (or the error opening it), then each
    /// row's fields, line and the position after it, or the row's error, to the end.
    fn reading(text: &[u8], search: bool, classic: bool) -> Vec<String> {
        reading_in(text, search, classic, 7)
    }

    /// [`reading`] with the line splitter's buffer `buffer` bytes long (at first: it grows
    /// to the longest row).
    fn reading_in(text: &[u8], search: bool, classic: bool, buffer: usize) -> Vec<String> {
        const ID: Column = Column {
            name: "id",
            headers: &["编号"],
        };
        crate::read::rows::TEST_BUFFER.with(|size| size.set(buffer));
        CLASSIC_ORACLE.with(|oracle| oracle.set(classic));
        let search = if search {
            HeaderSearch::for_columns(&[ID, TIME], [], None)
        } else {
            HeaderSearch::first_row()
        };
        let opened = CsvInput::from_reader_found(text, Path::new("p.csv"), Encoding::Auto, &search);
        CLASSIC_ORACLE.with(|oracle| oracle.set(false));
        crate::read::rows::TEST_BUFFER.with(|size| size.set(7));
        let mut csv = match opened {
            Ok(csv) => csv,
            Err(error) => return vec![format!("open: {error}")],
        };
        let header: Vec<&str> = (0..csv.header().len())
            .map(|index| csv.header().cell(index))
            .collect();
        let mut read = vec![format!(
            "header {header:?} on {} then {:?}",
            csv.header_line(),
            csv.position()
        )];
        let mut row = RawRow::new();
        for _ in 0..1000 {
            let got = csv.read(&mut row);
            let fields: Vec<String> = row
                .iter()
                .map(|field| String::from_utf8_lossy(field).into_owned())
                .collect();
            read.push(match got {
                Ok(false) => format!("end at {:?}", csv.position()),
                Ok(true) => format!("{fields:?} on {} then {:?}", csv.line(), csv.position()),
                Err(ref error) => format!("{error} ({fields:?}) then {:?}", csv.position()),
            });
            if matches!(got, Ok(false)) {
                break;
            }
        }
        read
    }

    /// A piece of a CSV text: text, separators, quotes, line ends, a byte order mark, bytes
    /// of UTF-8 and of GB18030, a field longer than the reader's buffer.
    fn piece() -> impl Strategy<Value = &'static [u8]> {
        prop_oneof![
            4 => Just(&b"a"[..]),
            2 => Just(&b"12"[..]),
            4 => Just(&b","[..]),
            3 => Just(&b"\""[..]),
            1 => Just(&b"\"\""[..]),
            3 => Just(&b"\n"[..]),
            2 => Just(&b"\r\n"[..]),
            1 => Just(&b"\r"[..]),
            1 => Just(&b"\xEF\xBB\xBF"[..]),
            1 => Just("天山".as_bytes()),
            1 => Just(&b"\xCC\xEC"[..]),
            1 => Just(&b"x\"y"[..]),
            1 => Just(&b"\"q,\nr\""[..]),
            1 => Just(&b"abcdefghijklmnopqrstuvwxyz"[..]),
            1 => Just(&b" "[..]),
        ]
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Every row is on its physical line, counted by the text's own line ends, whatever
        /// they are (the first a lone `\r`, an old Mac's, or not) and however many empty lines
        /// come between rows.
        #[test]
        fn rows_are_on_their_physical_lines(
            lines in proptest::collection::vec(
                (proptest::bool::weighted(0.3), 0..3usize),
                1..30,
            ),
            mac in proptest::bool::ANY,
        ) {
            let ends = ["\n", "\r\n", "\r"];
            let mut text = format!("a{}", if mac { "\r" } else { "\n" });
            let mut expected = Vec::new();
            for (number, (empty, end)) in (2u64..).zip(&lines) {
                if !*empty {
                    text.push_str(&format!("r{number}"));
                    expected.push(number);
                }
                // A lone `\r` ends a line only in an old Mac's text, and a `\n` just after
                // a `\r` would make one line end of the two.
                let end = match ends[*end] {
                    "\r" if !mac => "\n",
                    end if text.ends_with('\r') && end.starts_with('\n') => "\r",
                    end => end,
                };
                text.push_str(end);
            }
            let mut csv = input(&text);
            let mut row = RawRow::new();
            let mut read = Vec::new();
            while csv.read(&mut row).unwrap() {
                let named = format!("r{}", csv.line());
                prop_assert_eq!(row.get(0), Some(named.as_bytes()));
                read.push(csv.line());
            }
            prop_assert_eq!(read, expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The line splitter reads any text (quotes, `""`, quoted commas and line ends,
        /// `\r\n`, empty lines and fields, rows across the buffer's end, a quote never
        /// closed) exactly as the csv crate's reader did: the same fields, lines, positions
        /// and errors, the header found below a title as well.
        #[test]
        fn splitting_reads_as_the_csv_crate(
            header in proptest::collection::vec(piece(), 0..6),
            pieces in proptest::collection::vec(piece(), 0..60),
            search in proptest::bool::ANY,
        ) {
            let mut text = b"id,time\n".to_vec();
            if !header.is_empty() {
                text = header.concat();
            }
            text.extend(pieces.concat());
            let oracle = reading(&text, search, true);
            prop_assert_eq!(&reading(&text, search, false), &oracle);
            // A buffer that holds many rows: lines split in whole blocks of the buffer.
            prop_assert_eq!(&reading_in(&text, search, false, 256), &oracle);
        }
    }

    /// Rows of every length against the split's 32-byte blocks (and against the buffer's
    /// end), each with a quote, a `\r` or a comma at every place of its first 70 bytes, read
    /// as the csv crate reads them.
    #[test]
    fn rows_of_every_length_read_as_the_csv_crate() {
        for length in 0..70 {
            let mut text = b"id,time\n".to_vec();
            for (place, byte) in
                (0..length).flat_map(|place| [b'"', b'\r', b','].map(|byte| (place, byte)))
            {
                let mut row = vec![b'x'; length];
                row[place] = byte;
                text.extend(&row);
                text.extend(b",t\r\n");
            }
            text.extend(vec![b'y'; length]);
            text.extend(b",end");
            let oracle = reading(&text, false, true);
            for buffer in [7, 64, 4096] {
                assert_eq!(
                    reading_in(&text, false, false, buffer),
                    oracle,
                    "rows of {length} bytes, a buffer of {buffer}"
                );
            }
        }
    }
}
