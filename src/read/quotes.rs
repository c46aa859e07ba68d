//! Watching the quotes of a CSV stream, to catch a quote that is never closed.
//!
//! The csv crate reads a quoted field that is never closed as a field running to the end of
//! the file: every later row would silently vanish into it. This reader passes bytes through
//! unchanged and follows csv-core's quoting rules (a field is quoted when it starts with `"`;
//! inside it `""` is a quote; after the closing quote the field goes on unquoted), stopping only
//! at quote bytes (memchr), so that at the end of the stream it knows whether a quoted field was
//! left open, and where it opened.

use std::io::{self, Read};

use memchr::memchr;

/// Passes a stream through, following its quotes.
pub(crate) struct QuoteTracker<R> {
    inner: R,
    state: State,
    /// Bytes seen so far.
    offset: u64,
    /// The last byte seen, to tell whether a quote starts a field.
    previous: Option<u8>,
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

impl<R> QuoteTracker<R> {
    pub(crate) fn new(inner: R) -> QuoteTracker<R> {
        QuoteTracker {
            inner,
            state: State::Outside,
            offset: 0,
            previous: None,
            opened_at: 0,
            finished: false,
        }
    }

    /// Once the stream has ended: the byte offset of a quote that opened a field and was never
    /// closed.
    pub(crate) fn unclosed_quote(&self) -> Option<u64> {
        (self.finished && self.state == State::Quoted).then_some(self.opened_at)
    }

    fn scan(&mut self, bytes: &[u8]) {
        let mut at = 0;
        while at < bytes.len() {
            match self.state {
                State::Outside => match memchr(b'"', &bytes[at..]) {
                    Some(found) => {
                        let quote = at + found;
                        let before = if quote == 0 {
                            self.previous
                        } else {
                            Some(bytes[quote - 1])
                        };
                        // A quote opens a field only at the field's start.
                        if matches!(before, None | Some(b',' | b'\n' | b'\r')) {
                            self.state = State::Quoted;
                            self.opened_at = self.offset + quote as u64;
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
        if let Some(&last) = bytes.last() {
            self.previous = Some(last);
        }
        self.offset += bytes.len() as u64;
    }
}

impl<R: Read> Read for QuoteTracker<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        if read == 0 {
            self.finished = !buffer.is_empty();
        } else {
            self.scan(&buffer[..read]);
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unclosed(text: &str, chunk: usize) -> Option<u64> {
        let mut tracker = QuoteTracker::new(text.as_bytes());
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
