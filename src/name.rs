//! The one rule by which text is compared: headers, place names, aliases, ids and filter values
//! match after trimming and Unicode NFKC normalization.
//!
//! NFKC folds the variants that Chinese office software produces for the same text: full-width
//! digits and letters (`１２３４５` → `12345`, `Ａ` → `A`), the ideographic space, full-width
//! punctuation (`（` → `(`, `｜` → `|`) and compatibility ideographs.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// `text` trimmed and in NFKC; borrowed when it already is (the common case: the quick check
/// avoids any allocation).
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    if is_nfkc_quick(trimmed.chars()) == IsNormalized::Yes {
        Cow::Borrowed(trimmed)
    } else {
        // NFKC may turn an ideographic space into a plain one: trim again.
        let folded: String = trimmed.nfkc().collect();
        Cow::Owned(folded.trim().to_owned())
    }
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
    fn borrows_what_is_already_normal() {
        assert!(matches!(normalize("芙蓉江路"), Cow::Borrowed(_)));
        assert!(matches!(normalize(" road "), Cow::Borrowed("road")));
    }
}
