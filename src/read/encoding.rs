//! Text encodings of CSV exports: UTF-8 (with or without BOM) and GB18030/GBK.
//!
//! CSV structure is parsed on the raw bytes: in GB18030 the bytes of `,`, `"`, CR and LF never
//! occur inside a multi-byte character (trail bytes are 0x30–0x39 or 0x40–0xFE), so only the
//! fields a spec uses are ever decoded, one at a time.

use std::borrow::Cow;
use std::io::{self, Cursor, Read};

use serde::Deserialize;

/// The text encoding of a CSV file (`encoding` of a source in the spec).
///
/// ```
/// use livability::input::Encoding;
/// assert_eq!(Encoding::default(), Encoding::Auto);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Encoding {
    /// Detect (the default): a UTF-8 BOM means UTF-8; otherwise the first 64 KiB decide:
    /// UTF-8 if most of their non-ASCII characters are valid UTF-8 (so that a UTF-8 export with
    /// one stray GBK field is read as UTF-8 and the error names that field), GB18030 if not. A
    /// file whose first 64 KiB are plain ASCII is decided by its first non-ASCII field.
    #[default]
    Auto,
    /// UTF-8, with or without a BOM. Invalid bytes are an error naming line and column.
    #[serde(rename = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030, the superset of GBK and GB2312 that Excel writes on Chinese Windows.
    #[serde(alias = "gbk", alias = "gb2312")]
    Gb18030,
}

/// How much of a file `Encoding::Auto` looks at before deciding.
const SNIFF_BYTES: u64 = 64 * 1024;

/// The input after its BOM, with the bytes read to sniff put back in front.
pub(crate) type Sniffed<R> = io::Chain<Cursor<Vec<u8>>, R>;

/// Decodes fields of a file whose encoding is known or still to be decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextDecoder {
    Utf8,
    Gb18030,
    /// Everything so far was ASCII, which reads the same in both encodings.
    Undecided,
}

impl TextDecoder {
    /// Reads the start of `input` to strip a BOM and, for `Auto`, to decide the encoding.
    pub(crate) fn sniff<R: Read>(
        mut input: R,
        encoding: Encoding,
    ) -> io::Result<(TextDecoder, Sniffed<R>)> {
        let mut head = Vec::new();
        input.by_ref().take(SNIFF_BYTES).read_to_end(&mut head)?;
        let bom_decoder = match head.as_slice() {
            [0xEF, 0xBB, 0xBF, ..] => Some(TextDecoder::Utf8),
            [0x84, 0x31, 0x95, 0x33, ..] => Some(TextDecoder::Gb18030),
            _ => None,
        };
        head.drain(..bom_length(&head));
        let decoder = match (encoding, bom_decoder) {
            (Encoding::Utf8, _) => TextDecoder::Utf8,
            (Encoding::Gb18030, _) => TextDecoder::Gb18030,
            (Encoding::Auto, Some(decoder)) => decoder,
            (Encoding::Auto, None) => TextDecoder::Undecided.decided_by(&head, true),
        };
        Ok((decoder, Cursor::new(head).chain(input)))
    }

    /// Whether the encoding is known, so that any part of the file decodes alike.
    pub(crate) fn decided(self) -> bool {
        self != TextDecoder::Undecided
    }

    /// The decoder once `bytes` have been seen; `truncated` says the bytes may end inside a
    /// character (a sniffed prefix).
    fn decided_by(self, bytes: &[u8], truncated: bool) -> TextDecoder {
        if self != TextDecoder::Undecided || bytes.is_ascii() {
            return self;
        }
        let (valid, invalid) = utf8_evidence(bytes, truncated);
        if valid > invalid {
            TextDecoder::Utf8
        } else {
            TextDecoder::Gb18030
        }
    }

    /// Whether text is read as UTF-8: decided so, or still undecided with `bytes` (which then
    /// decide, if they are not plain ASCII).
    pub(crate) fn reads_utf8(&mut self, bytes: &[u8]) -> bool {
        *self = self.decided_by(bytes, false);
        matches!(self, TextDecoder::Utf8 | TextDecoder::Undecided)
    }

    /// Decodes one field; `None` if its bytes are not valid in the encoding.
    pub(crate) fn decode<'a>(&mut self, bytes: &'a [u8]) -> Option<Cow<'a, str>> {
        *self = self.decided_by(bytes, false);
        match self {
            TextDecoder::Utf8 | TextDecoder::Undecided => {
                simdutf8::basic::from_utf8(bytes).ok().map(Cow::Borrowed)
            }
            TextDecoder::Gb18030 => {
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
            }
        }
    }

    /// Appends the text of one field to `text`; `false` if its bytes are not valid in the
    /// encoding (`text` may then hold part of it). Nothing is allocated once `text` has grown
    /// to the longest text it is given, which suits a buffer reused from row to row.
    pub(crate) fn decode_into(&mut self, bytes: &[u8], text: &mut String) -> bool {
        if *self == TextDecoder::Undecided {
            *self = self.decided_by(bytes, false);
        }
        match self {
            TextDecoder::Utf8 | TextDecoder::Undecided => match simdutf8::basic::from_utf8(bytes) {
                Ok(valid) => {
                    text.push_str(valid);
                    true
                }
                Err(_) => false,
            },
            TextDecoder::Gb18030 => {
                use encoding_rs::DecoderResult;
                // ASCII (ids, times, numbers) reads the same in GB18030.
                if bytes.is_ascii()
                    && let Ok(ascii) = simdutf8::basic::from_utf8(bytes)
                {
                    text.push_str(ascii);
                    return true;
                }
                let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
                let mut rest = bytes;
                loop {
                    // The decoder writes into spare capacity only. Twice the bytes is room
                    // for nearly any field (a two-byte character becomes at most three bytes
                    // of UTF-8); more is made whenever it runs out.
                    text.reserve(rest.len() * 2 + 4);
                    let (result, read) =
                        decoder.decode_to_string_without_replacement(rest, text, true);
                    match result {
                        DecoderResult::InputEmpty => return true,
                        DecoderResult::OutputFull => rest = rest.get(read..).unwrap_or_default(),
                        DecoderResult::Malformed(..) => return false,
                    }
                }
            }
        }
    }

    /// The encoding's name, for messages.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            TextDecoder::Utf8 | TextDecoder::Undecided => "UTF-8",
            TextDecoder::Gb18030 => "GB18030",
        }
    }
}

/// The length of the byte order mark `start` (a file's first bytes) begins with: UTF-8's or
/// GB18030's; 0 without one.
pub(crate) fn bom_length(start: &[u8]) -> usize {
    match start {
        [0xEF, 0xBB, 0xBF, ..] => 3,
        [0x84, 0x31, 0x95, 0x33, ..] => 4,
        _ => 0,
    }
}

/// How many non-ASCII characters of `bytes` are valid UTF-8, and how many invalid sequences
/// it has; a sequence cut at the end of a `truncated` prefix counts as valid.
fn utf8_evidence(bytes: &[u8], truncated: bool) -> (usize, usize) {
    let non_ascii = |valid: &[u8]| {
        std::str::from_utf8(valid).map_or(0, |text| text.chars().filter(|c| !c.is_ascii()).count())
    };
    let (mut valid, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                return (
                    valid + text.chars().filter(|c| !c.is_ascii()).count(),
                    invalid,
                );
            }
            Err(error) => {
                valid += non_ascii(&rest[..error.valid_up_to()]);
                match error.error_len() {
                    Some(length) => {
                        invalid += 1;
                        rest = &rest[error.valid_up_to() + length..];
                    }
                    // The bytes end inside a sequence.
                    None => {
                        return (
                            valid + usize::from(truncated),
                            invalid + usize::from(!truncated),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(bytes: &[u8], encoding: Encoding) -> (TextDecoder, Vec<u8>) {
        let (decoder, mut rest) = TextDecoder::sniff(bytes, encoding).unwrap();
        let mut all = Vec::new();
        rest.read_to_end(&mut all).unwrap();
        (decoder, all)
    }

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn utf8_bom_is_stripped_and_decides() {
        let (decoder, rest) = sniff("\u{feff}编号,名称\n".as_bytes(), Encoding::Auto);
        assert_eq!(decoder, TextDecoder::Utf8);
        assert_eq!(rest, "编号,名称\n".as_bytes());
    }

    #[test]
    fn utf8_without_bom_is_detected() {
        let (decoder, _) = sniff("编号,名称\n1,天山路\n".as_bytes(), Encoding::Auto);
        assert_eq!(decoder, TextDecoder::Utf8);
    }

    #[test]
    fn gb18030_is_detected_and_decoded() {
        let bytes = gbk("编号,名称\n1,天山二村\n");
        let (mut decoder, rest) = sniff(&bytes, Encoding::Auto);
        assert_eq!(decoder, TextDecoder::Gb18030);
        assert_eq!(rest, bytes);
        assert_eq!(decoder.decode(&gbk("天山二村")).unwrap(), "天山二村");
    }

    #[test]
    fn ascii_start_decides_at_the_first_non_ascii_field() {
        let (mut decoder, _) = sniff(b"id,name\n", Encoding::Auto);
        assert_eq!(decoder, TextDecoder::Undecided);
        assert_eq!(decoder.decode(&gbk("新华路")).unwrap(), "新华路");
        assert_eq!(decoder, TextDecoder::Gb18030);
    }

    #[test]
    fn a_sniff_cut_inside_a_character_is_still_utf8() {
        let mut bytes = "a".repeat(SNIFF_BYTES as usize - 1).into_bytes();
        bytes.extend_from_slice("天".as_bytes());
        let (decoder, _) = sniff(&bytes, Encoding::Auto);
        assert_eq!(decoder, TextDecoder::Utf8);
    }

    #[test]
    fn a_utf8_file_with_a_stray_gbk_field_is_utf8() {
        let mut bytes = "编号,名称\n1,天山二村\n2,新华路\n3,".as_bytes().to_vec();
        bytes.extend(gbk("遵义路"));
        bytes.push(b'\n');
        let (mut decoder, _) = sniff(&bytes, Encoding::Auto);
        assert_eq!(decoder, TextDecoder::Utf8);
        assert!(decoder.decode(&gbk("遵义路")).is_none());
    }

    #[test]
    fn forced_utf8_rejects_gbk_bytes() {
        let (mut decoder, _) = sniff(b"id\n", Encoding::Utf8);
        assert!(decoder.decode(&gbk("天山")).is_none());
        assert_eq!(decoder.name(), "UTF-8");
    }

    #[test]
    fn fields_decode_into_one_reused_buffer() {
        let mut decoder = TextDecoder::Gb18030;
        let mut text = String::from("前:");
        assert!(decoder.decode_into(&gbk("天山二村"), &mut text));
        assert!(decoder.decode_into(b"R12", &mut text));
        assert_eq!(text, "前:天山二村R12");
        // A byte that becomes three bytes of UTF-8, many times over: more room is made.
        text.clear();
        assert!(decoder.decode_into(&[0x80; 300], &mut text));
        assert_eq!(text, "€".repeat(300));
        // A lead byte without its trail is malformed, at the end of a field too.
        assert!(!decoder.decode_into(&[0x81], &mut String::new()));
        assert!(!decoder.decode_into(&[0xB0, 0xA1, 0xFF], &mut String::new()));
        // Undecided: the first non-ASCII field decides, as for `decode`.
        let mut undecided = TextDecoder::Undecided;
        assert!(undecided.decode_into(b"N1", &mut text));
        assert_eq!(undecided, TextDecoder::Undecided);
        assert!(undecided.decode_into(&gbk("新华路"), &mut text));
        assert_eq!(undecided, TextDecoder::Gb18030);
        let mut utf8 = TextDecoder::Utf8;
        assert!(!utf8.decode_into(&gbk("天山"), &mut String::new()));
    }

    proptest::proptest! {
        /// Decoding into a buffer appends exactly what decoding alone gives, in either
        /// encoding, for any bytes (runs of 0x80 and lead bytes are likely, to reach the
        /// paths that make room and that find a character cut short).
        #[test]
        fn decoding_into_a_buffer_equals_decoding(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just(0x80u8),
                    0x81u8..=0xFE,
                    0x30u8..=0x39,
                    proptest::num::u8::ANY,
                ],
                0..64,
            ),
            gb18030 in proptest::bool::ANY,
        ) {
            let decoder = if gb18030 { TextDecoder::Gb18030 } else { TextDecoder::Utf8 };
            let (mut alone, mut into) = (decoder, decoder);
            let expected = alone.decode(&bytes).map(|text| format!("x{text}"));
            let mut text = String::from("x");
            let decoded = into.decode_into(&bytes, &mut text).then_some(text);
            proptest::prop_assert_eq!(decoded, expected);
        }
    }
}
