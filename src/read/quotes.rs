//! Watching the quotes of a CSV stream, to catch a quote that is never closed.
//!
//! csv-core reads a quoted field that is never closed as a field running to the end of the
//! file: every later row would silently vanish into it. [`QuoteState`] follows csv-core's
//! quoting rules (a field is quoted when it starts with `"`; inside it `""` is a quote; after
//! the closing quote the field goes on unquoted), stopping only at quote bytes (memchr), so
//! that at the end of the stream it knows whether a quoted field was left open, and where it
//! opened. The line splitter feeds it the rows csv-core reads (the only ones with a quote);
//! [`QuoteTracker`] feeds it every byte of a stream passed through to the csv crate's reader.

use std::collections::VecDeque;
use std::io::{self, Read};

use memchr::memchr;

/// Where a stream's quotes stand.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QuoteState {
    state: State,
    /// Where the quoted field being read opened.
    opened_at: u64,
    /// The stream has ended.
    finished: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Not inside a quoted field.
    Outside,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: a closing quote, or half of `""`.
    QuoteInQuoted,
}

impl Default for QuoteState {
    fn default() -> QuoteState {
        QuoteState {
            state: State::Outside,
            opened_at: 0,
            finished: false,
        }
    }
}

impl QuoteState {
    /// Once the stream has ended: the byte offset of a quote that opened a field and was never
    /// closed.
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        (self.finished && self.state == State::Quoted).then_some(self.opened_at)
    }

    /// The stream has ended.
    pub(crate) fn finish(&mut self) {
        self.finished = true;
    }

    /// Follows the quotes of `bytes`, which start at byte `offset` of the stream, after the
    /// byte `previous` (`None` at the stream's start). Bytes left out between two calls must
    /// hold no quote.
    pub(crate) fn scan(&mut self, offset: u64, previous: Option<u8>, bytes: &[u8]) {
        let mut at = 0;
        while at < bytes.len() {
            match self.state {
                State::Outside => match memchr(b'"', &bytes[at..]) {
                    Some(found) => {
                        let quote = at + found;
                        let before = if quote == 0 {
                            previous
                        } else {
                            Some(bytes[quote - 1])
                        };
                        // A quote opens a field only at the field's start.
                        if matches!(before, None | Some(b',' | b'\n' | b'\r')) {
                            self.state = State::Quoted;
                            self.opened_at = offset + quote as u64;
                        }
                        at = quote + 1;
                    }
                    None => at = bytes.len(),
                },
                State::Quoted => match memchr(b'"', &bytes[at..]) {
                    Some(found) => {
                        self.state = State::QuoteInQuoted;
                        at += found + 1;
                    }
                    None => at = bytes.len(),
                },
                State::QuoteInQuoted => {
                    // `""` is a quote inside the field; anything else closed it.
                    self.state = if bytes[at] == b'"' {
                        State::Quoted
                    } else {
                        State::Outside
                    };
                    at += 1;
                }
            }
        }
    }
}

/// Passes a stream through, following its quotes (the csv crate's reader reads through it).
pub(crate) struct QuoteTracker<R> {
    inner: R,
    quotes: QuoteState,
    /// Bytes seen so far.
    offset: u64,
    /// The last byte seen, to tell whether a quote starts a field.
    previous: Option<u8>,
    /// The line breaks seen and not yet passed: each byte that may end a row (`\n`, and in
    /// a lone-`\r` text `\r` too), and whether it ends a line (the `\r` of a `\r\n` does
    /// not). Read ahead of csv by its buffer at most.
    breaks: VecDeque<(u64, bool)>,
    /// Whether `\r` ends rows and lines (a lone-`\r` text, read with csv's `CRLF`
    /// terminator).
    lone_carriage_returns: bool,
    /// A `\r` ending the bytes read so far: whether a `\n` follows is not known yet.
    carriage_return: Option<u64>,
    /// How many line ends lie before the breaks left.
    lines_passed: u64,
}

impl<R> QuoteTracker<R> {
    /// A tracker of `inner`'s quotes and line breaks; `lone_carriage_returns`: a `\r` alone
    /// ends a line (and a row) too.
    pub(crate) fn new(inner: R, lone_carriage_returns: bool) -> QuoteTracker<R> {
        QuoteTracker {
            inner,
            quotes: QuoteState::default(),
            offset: 0,
            previous: None,
            breaks: VecDeque::new(),
            lone_carriage_returns,
            carriage_return: None,
            lines_passed: 0,
        }
    }

    /// Where a row csv began reading at byte `start` starts, and its line: csv skips the
    /// line breaks there (empty lines) and gives the row the position before them, and in a
    /// lone-`\r` text counts its lines by `\n` alone. The row starts after those breaks, on
    /// the line after every line end before it (the physical line, quoted line ends counted).
    pub(crate) fn row_start(&mut self, start: u64) -> (u64, u64) {
        let mut start = start;
        while let Some(&(at, ends_line)) = self.breaks.front() {
            if at > start {
                break;
            }
            // A break at the row's reading start is an empty line skipped: the row starts
            // after it.
            if at == start {
                start += 1;
            }
            self.lines_passed += u64::from(ends_line);
            self.breaks.pop_front();
        }
        (start, self.lines_passed + 1)
    }

    /// Follows the quotes and notes the line breaks of `bytes` (the stream from `offset`).
    fn scan(&mut self, bytes: &[u8]) {
        self.quotes.scan(self.offset, self.previous, bytes);
        if let Some(at) = self.carriage_return.take() {
            self.breaks.push_back((at, bytes.first() != Some(&b'\n')));
        }
        let offset = self.offset;
        if self.lone_carriage_returns {
            for at in memchr::memchr2_iter(b'\r', b'\n', bytes) {
                let byte_at = offset + at as u64;
                match (bytes.get(at), bytes.get(at + 1)) {
                    (Some(b'\r'), None) => self.carriage_return = Some(byte_at),
                    (Some(b'\r'), next) => self.breaks.push_back((byte_at, next != Some(&b'\n'))),
                    _ => self.breaks.push_back((byte_at, true)),
                }
            }
        } else {
            self.breaks
                .extend(memchr::memchr_iter(b'\n', bytes).map(|at| (offset + at as u64, true)));
        }
    }

    /// Once the stream has ended: the byte offset of a quote that opened a field and was never
    /// closed.
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        self.quotes.unclosed_quote()
    }
}

impl<R: Read> Read for QuoteTracker<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        if read == 0 {
            if let Some(at) = self.carriage_return.take() {
                self.breaks.push_back((at, true));
            }
            if !buffer.is_empty() {
                self.quotes.finish();
            }
        } else {
            let bytes = &buffer[..read];
            self.scan(bytes);
            self.previous = bytes.last().copied();
            self.offset += read as u64;
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unclosed(text: &str, chunk: usize) -> Option<u64> {
        let mut tracker = QuoteTracker::new(text.as_bytes(), false);
        let mut buffer = vec![0; chunk];
        while tracker.read(&mut buffer).unwrap() > 0 {}
        tracker.unclosed_quote()
    }

    #[test]
    fn closed_quotes_are_fine_in_any_chunking() {
        for chunk in [1, 2, 3, 64] {
            for text in [
                "a,b\n1,\"x\"\n",
                "a,b\n\"x,\ny\",\"he said \"\"hi\"\"\"\n",
                "a,b\n1,ab\"c\n2,\"x\"y\n",
                "\"a\",b\r\n\"\",\"\"",
            ] {
                assert_eq!(unclosed(text, chunk), None, "{text:?} in chunks of {chunk}");
            }
        }
    }

    #[test]
    fn an_unclosed_quote_is_found_where_it_opened() {
        for chunk in [1, 2, 5, 64] {
            assert_eq!(unclosed("a,b\n1,\"x\n2,3\n", chunk), Some(6));
            assert_eq!(unclosed("a,b\n1,\"x\"\"\n2,3\n", chunk), Some(6));
            assert_eq!(unclosed("\"a,b\n", chunk), Some(0));
        }
    }
}
