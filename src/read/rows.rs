//! Splitting a CSV text into rows: a line without a quote is split at its commas (32 bytes
//! at a time, see [`RawRow::split`]), a line with one is read by csv-core, which unquotes it
//! (and reads on past the line ends inside quotes), the rows and their positions exactly as
//! the csv crate's reader gives them.
//!
//! Exports' rows are 60-80 bytes and almost never hold a quote: csv-core's state machine
//! takes every byte one at a time (about 1,100 instructions a row, issue 27), where finding
//! the line's end, checking it for a quote and finding its commas is one pass over its words.
//! csv-core stays the authority on quoting: only lines it would split at every comma are
//! split here.
//!
//! The simd-csv crate was considered instead: it is not among our dependencies, its quoting
//! is its own implementation (a reading that could differ from today's on malformed quotes
//! is a changed result), and its readers give neither a row's byte offset and line nor a
//! quote left open at the end of the file, which our errors and split reading need; with
//! csv-core kept for quoted lines, the fast path here is a few lines.
//!
//! A file whose lines end in a lone `\r` (old Mac exports) is read by the csv crate's reader
//! as before: such files are rare and small, and csv's `CRLF` terminator handles them.

use std::io::{self, Read};

use csv::ByteRecord;
use csv_core::ReadRecordResult;

use super::quotes::{QuoteState, QuoteTracker};
use super::raw_row::{RawRow, Split};

/// How many bytes are read from the input at a time: sixteen times csv's default, so that a
/// city's files take a few thousand reads rather than tens of thousands.
#[cfg(not(test))]
fn buffer_size() -> usize {
    128 * 1024
}

/// In tests, tiny unless a test says otherwise, so that rows straddle the buffer's end.
#[cfg(test)]
fn buffer_size() -> usize {
    TEST_BUFFER.with(std::cell::Cell::get)
}

#[cfg(test)]
thread_local! {
    /// The buffer's size in tests: 7 bytes, or what a test sets (one longer than the rows,
    /// so that lines are split in whole blocks as in a real file).
    pub(crate) static TEST_BUFFER: std::cell::Cell<usize> = const { std::cell::Cell::new(7) };
}

/// The UTF-8 byte order mark, which csv takes off the start of a text (a second one, after
/// the one the encoding's sniffing took off, or the first of a part read on its own).
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Splits a text into rows; `\n` ends a row, and the `\r` of a `\r\n` is taken off its last
/// field (lone `\r` files go to [`ClassicSplitter`]).
pub(crate) struct LineSplitter<R> {
    input: R,
    /// Bytes read and not yet split: `buffer[start..end]`.
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    /// The input has ended.
    ended: bool,
    /// The byte offset in the text and the line of `buffer[start]`.
    byte: u64,
    line: u64,
    /// The last byte split off, to tell whether a quote opens a field.
    previous: Option<u8>,
    /// The start of the text has been looked at for a byte order mark.
    started: bool,
    /// The reader of quoted rows, and the buffers it unquotes into.
    core: csv_core::Reader,
    unquoted: Vec<u8>,
    ends: Vec<usize>,
    quotes: QuoteState,
}

impl<R: Read> LineSplitter<R> {
    /// A splitter of the text `input`.
    pub(crate) fn new(input: R) -> LineSplitter<R> {
        let mut core = csv_core::ReaderBuilder::new()
            .terminator(csv_core::Terminator::Any(b'\n'))
            .build();
        // csv-core takes a byte order mark off the first input it reads; the start of the
        // text is looked at here, and csv-core may read a later row only: an empty line read
        // first (skipped, as every empty line is) keeps it from taking one off that row.
        let _ = core.read_record(b"\n", &mut [0], &mut [0]);
        LineSplitter {
            input,
            buffer: vec![0; buffer_size()],
            start: 0,
            end: 0,
            ended: false,
            byte: 0,
            line: 1,
            previous: None,
            started: false,
            core,
            unquoted: vec![0; buffer_size()],
            ends: vec![0; 16],
            quotes: QuoteState::default(),
        }
    }

    /// Where the next row's reading starts: its byte offset in the text and its line.
    pub(crate) fn position(&self) -> (u64, u64) {
        (self.byte, self.line)
    }

    /// Once the text has ended: the byte offset of a quote that opened a field and was never
    /// closed (csv-core read the rest of the text into that field).
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        self.quotes.unclosed_quote()
    }

    /// Reads the next row into `row` when it is a line without quotes that the buffer holds
    /// whole and that is not empty (nor a `\r` alone): nearly every row of an export, read
    /// here in a few instructions besides the split. `false`, with nothing read (the row
    /// cleared), for every other row: [`LineSplitter::read`]'s to read.
    #[inline(always)]
    pub(crate) fn read_line(&mut self, row: &mut RawRow) -> bool {
        if !self.started {
            return false;
        }
        let unsplit = self.buffer.get(self.start..self.end).unwrap_or_default();
        match row.split(unsplit, self.ended, self.position()) {
            Split::Line { length, newline } if length > 0 && !row.is_blank_line() => {
                self.advance(length + usize::from(newline));
                self.line += u64::from(newline);
                true
            }
            _ => {
                row.clear();
                false
            }
        }
    }

    /// Reads the next row into `row`; `false` at the end of the text. Empty lines are skipped,
    /// and the row's position is where it starts, after them: its line is the one an analyst
    /// opening the file finds it on (the csv crate gave the first empty line's).
    pub(crate) fn read(&mut self, row: &mut RawRow) -> io::Result<bool> {
        row.clear();
        row.set_position(self.position());
        if !self.started {
            self.start_text()?;
        }
        loop {
            let unsplit = &self.buffer[self.start..self.end];
            match row.split(unsplit, self.ended, row.position()) {
                Split::Line { length: 0, newline } => {
                    // An empty line, skipped as csv skips it; or the end of the text.
                    if !newline {
                        row.clear();
                        return Ok(false);
                    }
                    self.advance(1);
                    self.line += 1;
                    row.set_position(self.position());
                }
                Split::Line { length, newline } => {
                    self.advance(length + usize::from(newline));
                    self.line += u64::from(newline);
                    return Ok(true);
                }
                Split::Quoted => return self.read_quoted(row),
                Split::Unended => self.fill()?,
            }
        }
    }

    /// Takes a byte order mark off the start of the text, as csv does.
    fn start_text(&mut self) -> io::Result<()> {
        self.started = true;
        while self.end - self.start < BOM.len() && !self.ended {
            self.fill()?;
        }
        if self.buffer[self.start..self.end].starts_with(BOM) {
            self.advance(BOM.len());
        }
        Ok(())
    }

    /// Reads a row holding a quote (starting at `buffer[start]`, not an empty line) with
    /// csv-core, its quotes followed to catch one never closed.
    fn read_quoted(&mut self, row: &mut RawRow) -> io::Result<bool> {
        self.core.set_line(self.line);
        let (mut written, mut ended) = (0, 0);
        loop {
            let input = &self.buffer[self.start..self.end];
            let at_end = input.is_empty();
            let (result, read, wrote, ends) = self.core.read_record(
                input,
                &mut self.unquoted[written..],
                &mut self.ends[ended..],
            );
            let consumed = &input[..read];
            self.quotes.scan(self.byte, self.previous, consumed);
            self.advance(read);
            self.line = self.core.line();
            written += wrote;
            ended += ends;
            match result {
                ReadRecordResult::InputEmpty if !self.ended => self.fill()?,
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    self.unquoted.resize(self.unquoted.len() * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    if at_end {
                        self.quotes.finish();
                    }
                    let mut start = 0;
                    for &end in self.ends.get(..ended).unwrap_or_default() {
                        row.push_field(self.unquoted.get(start..end).unwrap_or_default());
                        start = end;
                    }
                    row.strip_carriage_return();
                    return Ok(true);
                }
                ReadRecordResult::End => {
                    self.quotes.finish();
                    return Ok(false);
                }
            }
        }
    }

    /// Splits `count` bytes off the front of the buffer.
    fn advance(&mut self, count: usize) {
        if count > 0 {
            self.previous = self.buffer.get(self.start + count - 1).copied();
            self.start += count;
            self.byte += count as u64;
        }
    }

    /// Reads more of the input behind the bytes not yet split, moved to the buffer's front
    /// (the buffer grows when they fill it: a row longer than it).
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buffer.len() {
            self.buffer.resize(self.buffer.len() * 2, 0);
        }
        loop {
            match self.input.read(&mut self.buffer[self.end..]) {
                Ok(0) => {
                    self.ended = true;
                    return Ok(());
                }
                Ok(read) => {
                    self.end += read;
                    return Ok(());
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }
}

/// The csv crate's reader, for files whose lines end in a lone `\r` (and, in tests, as the
/// oracle the line splitter is checked against). A row's position is moved past the empty
/// lines csv skipped before it, and its line is counted by the text's own line ends (csv
/// counts `\n` alone, which put every row of a lone-`\r` file on line 1).
pub(crate) struct ClassicSplitter<R: Read> {
    reader: csv::Reader<QuoteTracker<R>>,
    record: ByteRecord,
    /// Whether the `\r` of a `\r\n` is taken off a row's last field (a row ends at `\n`).
    strip: bool,
}

impl<R: Read> ClassicSplitter<R> {
    /// A splitter of `input` whose rows end at `\n` (`lone_carriage_returns`: at any of
    /// `\r`, `\n`, `\r\n`).
    pub(crate) fn new(input: R, lone_carriage_returns: bool) -> ClassicSplitter<R> {
        let terminator = if lone_carriage_returns {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(terminator)
            .buffer_capacity(buffer_size())
            .from_reader(QuoteTracker::new(input, lone_carriage_returns));
        ClassicSplitter {
            reader,
            record: ByteRecord::new(),
            strip: !lone_carriage_returns,
        }
    }

    /// Where the next row's reading starts: its byte offset in the text and its line.
    pub(crate) fn position(&self) -> (u64, u64) {
        let position = self.reader.position();
        (position.byte(), position.line())
    }

    /// See [`LineSplitter::unclosed_quote`].
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        self.reader.get_ref().unclosed_quote()
    }

    /// Reads the next row into `row`; `false` at the end of the text.
    pub(crate) fn read(&mut self, row: &mut RawRow) -> csv::Result<bool> {
        row.clear();
        if !self.reader.read_byte_record(&mut self.record)? {
            return Ok(false);
        }
        for field in &self.record {
            row.push_field(field);
        }
        if self.strip {
            row.strip_carriage_return();
        }
        let byte = self.record.position().map_or(0, csv::Position::byte);
        // csv gives where its reading started, before the empty lines it skipped, and counts
        // lines by `\n` alone: the tracker of line breaks knows where the row starts.
        row.set_position(self.reader.get_mut().row_start(byte));
        Ok(true)
    }
}
