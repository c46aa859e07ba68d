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
    /// Where each empty line seen and not yet asked about starts: a `\n` at the stream's start
    /// or after a `\n` (csv skips them, and gives a row the position where its reading
    /// started, before them). Quotes need no looking at: the `\n`s asked about follow a row's
    /// end, outside any field; one inside a quoted field is never asked about, and forgotten.
    /// Read ahead of csv by its buffer at most.
    empty_lines: VecDeque<u64>,
    /// Whether empty lines are noted: in a text whose rows end at `\n` only (in one whose
    /// rows end at a lone `\r`, nobody asks, and they would pile up).
    notes_empty_lines: bool,
}

impl<R> QuoteTracker<R> {
    /// A tracker of `inner`'s quotes; `notes_empty_lines`: of its empty lines too (see
    /// [`QuoteTracker::empty_lines_at`]), for a text whose rows end at `\n`.
    pub(crate) fn new(inner: R, notes_empty_lines: bool) -> QuoteTracker<R> {
        QuoteTracker {
            inner,
            quotes: QuoteState::default(),
            offset: 0,
            previous: None,
            empty_lines: VecDeque::new(),
            notes_empty_lines,
        }
    }

    /// How many empty lines follow one another from byte `start` on (where csv began reading
    /// a row), forgetting those before it: the lines the row starts after.
    pub(crate) fn empty_lines_at(&mut self, start: u64) -> u64 {
        while self.empty_lines.front().is_some_and(|&at| at < start) {
            self.empty_lines.pop_front();
        }
        let mut skipped = 0;
        while self.empty_lines.front() == Some(&(start + skipped)) {
            self.empty_lines.pop_front();
            skipped += 1;
        }
        skipped
    }

    /// Follows the quotes of `bytes` (the stream from `offset`), noting its empty lines.
    fn scan(&mut self, bytes: &[u8]) {
        let mut from = 0;
        for at in memchr::memchr_iter(b'\n', bytes) {
            let previous = |index: usize| {
                index
                    .checked_sub(1)
                    .map_or(self.previous, |i| bytes.get(i).copied())
            };
            self.quotes
                .scan(self.offset + from as u64, previous(from), &bytes[from..at]);
            if self.notes_empty_lines && matches!(previous(at), None | Some(b'\n')) {
                self.empty_lines.push_back(self.offset + at as u64);
            }
            // The `\n` itself is followed with what comes after it.
            from = at;
        }
        let previous = from
            .checked_sub(1)
            .map_or(self.previous, |i| bytes.get(i).copied());
        self.quotes
            .scan(self.offset + from as u64, previous, &bytes[from..]);
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
