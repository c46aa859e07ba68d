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
    let trimmed = text.trim();
    if is_stable(trimmed) || is_nfkc_quick(trimmed.chars()) == IsNormalized::Yes {
        Cow::Borrowed(trimmed)
    } else {
        // NFKC may turn an ideographic space into a plain one: trim again.
        let folded: String = trimmed.nfkc().collect();
        Cow::Owned(folded.trim().to_owned())
    }
}

/// Whether every character of `text` is one NFKC leaves alone and that nothing next to it can
/// combine with: ASCII and the CJK unified ideographs (U+3400–U+4DBF, U+4E00–U+9FFF), which is
/// nearly all of the text in municipal exports. A fast path before the general quick check.
fn is_stable(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_ascii()
            || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || ('\u{3400}'..='\u{4DBF}').contains(&c)
    })
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
    fn borrows_what_is_already_normal() {
        assert!(matches!(normalize("芙蓉江路"), Cow::Borrowed(_)));
        assert!(matches!(normalize(" road "), Cow::Borrowed("road")));
    }
}
