//! The one rule by which text is compared: headers, place names, aliases, ids and filter values
//! match after trimming and Unicode NFKC normalization.
//!
//! NFKC folds the variants that Chinese office software produces for the same text: full-width
//! digits and letters (`１２３４５` → `12345`, `Ａ` → `A`), the ideographic space, full-width
//! punctuation (`（` → `(`, `｜` → `|`) and compatibility ideographs.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// `text` trimmed and in NFKC; borrowed when it already is (the common case: no allocation).
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let trimmed = trim(text);
    if is_stable(trimmed) || is_nfkc_quick(trimmed.chars()) == IsNormalized::Yes {
        Cow::Borrowed(trimmed)
    } else {
        // NFKC may turn an ideographic space into a plain one: trim again.
        let folded: String = trimmed.nfkc().collect();
        Cow::Owned(folded.trim().to_owned())
    }
}

/// `text.trim()`, without decoding a character when both ends are plainly not whitespace:
/// a printable ASCII character, or one whose UTF-8 lead byte is 0xE4 or more (U+4000 and up;
/// the last Unicode space is U+3000).
pub(crate) fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let plain = |byte: u8| (0x21..0x7F).contains(&byte) || byte >= 0xE4;
    let last_lead = bytes
        .iter()
        .rev()
        .take(4)
        .find(|&&byte| byte & 0xC0 != 0x80)
        .copied();
    match (bytes.first(), last_lead) {
        (Some(&first), Some(last)) if plain(first) && plain(last) => text,
        _ => text.trim(),
    }
}

/// Whether every character of `text` is one NFKC leaves alone and that nothing next to it can
/// combine with: ASCII and U+3400–U+9FFF (the CJK unified ideographs and the hexagram symbols,
/// none of which NFKC changes), which is nearly all of the text in municipal exports. A fast
/// path before the general quick check, on bytes: ASCII, or a three-byte sequence led by 0xE4
/// to 0xE9 (U+4000–U+9FFF) or by 0xE3 then 0x90 or more (U+3400–U+3FFF).
fn is_stable(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        index += match byte {
            0x00..=0x7F => 1,
            0xE4..=0xE9 => 3,
            0xE3 if bytes.get(index + 1).is_some_and(|&next| next >= 0x90) => 3,
            _ => return false,
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_folds_full_width_forms() {
        assert_eq!(normalize("  天山二村 "), "天山二村");
        assert_eq!(normalize("天山１２３号"), "天山123号");
        assert_eq!(normalize("\u{3000}新华路\u{3000}"), "新华路");
        assert_eq!(normalize("（东）"), "(东)");
    }

    #[test]
    fn the_fast_path_agrees_with_the_quick_check() {
        for text in ["天山二村", "R12 天山路", "abc", "", "纺大小区3号"] {
            assert!(is_stable(text));
            assert_eq!(is_nfkc_quick(text.chars()), IsNormalized::Yes, "{text}");
        }
        for text in ["天山２村", "（东）", "\u{3000}", "ﾃ", "e\u{301}"] {
            assert!(!is_stable(text), "{text}");
        }
    }

    #[test]
    fn the_fast_paths_agree_with_the_standard_library_and_nfkc_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("{c}x{c}"),
                format!("a{c}"),
                format!("{c}天"),
            ] {
                assert_eq!(trim(&text), text.trim(), "{:X}", c as u32);
                if is_stable(&text) {
                    let folded: String = text.nfkc().collect();
                    assert_eq!(folded, text, "{:X}", c as u32);
                }
            }
        }
    }

    #[test]
    fn borrows_what_is_already_normal() {
        assert!(matches!(normalize("芙蓉江路"), Cow::Borrowed(_)));
        assert!(matches!(normalize(" road "), Cow::Borrowed("road")));
    }
}
