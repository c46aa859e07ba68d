//! The rules by which text is compared: headers, ids and filter values match after trimming
//! and Unicode NFKC normalization ([`normalize`]); place names, aliases and the addresses
//! searched for them match after [`fold`], which also drops spaces and writes numbers one way.
//!
//! NFKC folds the variants that Chinese office software produces for the same text: full-width
//! digits and letters (`１２３４５` → `12345`, `Ａ` → `A`), the ideographic space, full-width
//! punctuation (`（` → `(`, `｜` → `|`) and compatibility ideographs.
//!
//! Citizens and clerks write a place's number as they like (`天山3村`, `天山三村`, `天山３村`,
//! `天山 三村`): [`fold`] makes these one key, by writing every Chinese numeral up to the
//! hundreds in Arabic digits.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::Write as _;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// `text` trimmed and in NFKC; borrowed when it already is (the common case: no allocation).
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let trimmed = trim(text);
    if is_stable(trimmed) {
        Cow::Borrowed(trimmed)
    } else {
        normalize_trimmed(trimmed)
    }
}

/// [`normalize`] of text already trimmed, past the fast path: the general quick check, and
/// NFKC when it fails.
fn normalize_trimmed(trimmed: &str) -> Cow<'_, str> {
    if is_nfkc_quick(trimmed.chars()) == IsNormalized::Yes {
        Cow::Borrowed(trimmed)
    } else {
        // NFKC may turn an ideographic space into a plain one: trim again.
        let folded: String = trimmed.nfkc().collect();
        Cow::Owned(folded.trim().to_owned())
    }
}

/// `text` [normalized](normalize), and whether [`fold`] changes it (see [`needs_folding`]).
/// Text that is all ASCII and CJK ideographs, nearly all a place column or address holds, is
/// scanned once for both (see [`scan_stable`]); other text takes the two general checks.
fn normalize_for_folding(text: &str) -> (Cow<'_, str>, bool) {
    let trimmed = trim(text);
    if let Some(folds) = scan_stable(trimmed) {
        return (Cow::Borrowed(trimmed), folds);
    }
    let normal = normalize_trimmed(trimmed);
    let folds = needs_folding(&normal);
    (normal, folds)
}

/// [`is_stable`] and [`needs_folding`] in one pass over the bytes: `Some(folds)` when `text`
/// is stable, `folds` telling whether it holds a space or a Chinese numeral; `None` when it
/// is not stable (the general checks decide).
fn scan_stable(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let mut folds = false;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b' ' | 0x09..=0x0D => {
                folds = true;
                index += 1;
            }
            0x00..=0x7F => index += 1,
            0xE4..=0xE9 => {
                let second = bytes.get(index + 1).copied().unwrap_or_default();
                // 一七三九二五 (E4 B8–BA), 六八 十 四 (E5 85, 8D, 9B), 百 (E7 99), 零 (E9 9B):
                // only these lead bytes are decoded.
                if matches!(
                    (byte, second),
                    (0xE4, 0xB8..=0xBA) | (0xE5, 0x85 | 0x8D | 0x9B) | (0xE7, 0x99) | (0xE9, 0x9B)
                ) {
                    let third = bytes.get(index + 2).copied().unwrap_or_default();
                    let code = (u32::from(byte & 0x0F) << 12)
                        | (u32::from(second & 0x3F) << 6)
                        | u32::from(third & 0x3F);
                    folds |= char::from_u32(code).and_then(numeral_digit).is_some();
                }
                index += 3;
            }
            // U+3400–U+3FFF: no numeral (〇 is U+3007) and no space among them.
            0xE3 if bytes.get(index + 1).is_some_and(|&next| next >= 0x90) => index += 3,
            _ => return None,
        }
    }
    Some(folds)
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
    // ASCII eight bytes at a time first: ids, codes and times are ASCII throughout.
    let mut index = ascii_prefix_words(bytes);
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

/// How many leading bytes of `bytes` are ASCII, counted by whole words of eight (so a multiple
/// of eight, at most the ASCII prefix's length).
fn ascii_prefix_words(bytes: &[u8]) -> usize {
    let mut index = 0;
    while let Some(word) = bytes.get(index..).and_then(<[u8]>::first_chunk::<8>) {
        if u64::from_le_bytes(*word) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        index += 8;
    }
    index
}

/// The key a place name, alias or address is matched by: [`normalize`]d, without spaces
/// (`天山 三村` is `天山三村`), and with every Chinese numeral written in Arabic digits
/// (`天山三村`, `天山3村` and `天山３村` are all `天山3村`). Borrowed when nothing changes (no
/// space, no Chinese numeral: most text), so that the per-record path allocates only for text
/// that folds.
///
/// A run of the characters `〇零一二三四五六七八九十百` is a numeral: written with 十 or 百
/// it reads as a number up to 999 (`十六` 16, `二十` 20, `一百零五` 105, `一百一` 110), and
/// without them digit by digit (`二〇二四` 2024, `五一` 51); a run that reads as neither
/// (`十二十`, `百`) is left as written. 两 is not a numeral here: nobody numbers a place with
/// it, and it is a syllable of many names (`两江`). Folding both sides alike keeps every
/// name that matched before matching: `统一路` folds to `统1路` in the places and in the
/// address alike.
pub(crate) fn fold(text: &str) -> Cow<'_, str> {
    let (normal, folds) = normalize_for_folding(text);
    if !folds {
        return normal;
    }
    let mut folded = String::with_capacity(normal.len());
    fold_into(&normal, &mut folded);
    Cow::Owned(folded)
}

/// `then` of `text` [folded](fold), without allocating on the per-record path: text that
/// folds is written into a buffer each thread keeps.
pub(crate) fn with_folded<R>(text: &str, then: impl FnOnce(&str) -> R) -> R {
    thread_local! {
        static BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
    }
    let (normal, folds) = normalize_for_folding(text);
    if !folds {
        return then(&normal);
    }
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            fold_into(&normal, &mut buffer);
            then(&buffer)
        }
        // Called from within `then`: a buffer of its own.
        Err(_) => then(&fold(&normal)),
    })
}

/// Whether [`fold`] changes the normalized `text`: whether it holds a space or a Chinese
/// numeral. On bytes: ASCII is one byte, and the CJK ideographs, the ideographic space and 〇
/// three led by 0xE3 to 0xE9, of which only those whose first two bytes are a numeral's or the
/// ideographic space's are decoded; other characters take the general check.
fn needs_folding(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b' ' | 0x09..=0x0D => return true,
            0x00..=0x7F => index += 1,
            0xE3..=0xE9 => {
                let (Some(&second), Some(&third)) = (bytes.get(index + 1), bytes.get(index + 2))
                else {
                    return false;
                };
                // 〇 and U+3000 (E3 80), 一七三九二五 (E4 B8–BA), 六八 十 四 (E5 85, 8D, 9B),
                // 百 (E7 99), 零 (E9 9B).
                let candidate = matches!(
                    (byte, second),
                    (0xE3, 0x80)
                        | (0xE4, 0xB8..=0xBA)
                        | (0xE5, 0x85 | 0x8D | 0x9B)
                        | (0xE7, 0x99)
                        | (0xE9, 0x9B)
                );
                if !candidate {
                    index += 3;
                    continue;
                }
                let code = (u32::from(byte & 0x0F) << 12)
                    | (u32::from(second & 0x3F) << 6)
                    | u32::from(third & 0x3F);
                let c = char::from_u32(code).unwrap_or_default();
                if c.is_whitespace() || numeral_digit(c).is_some() {
                    return true;
                }
                index += 3;
            }
            _ => {
                let Some(c) = text.get(index..).and_then(|rest| rest.chars().next()) else {
                    return false;
                };
                if c.is_whitespace() {
                    return true;
                }
                index += c.len_utf8();
            }
        }
    }
    false
}

/// Appends `normal` (normalized text) folded to `folded`.
fn fold_into(normal: &str, folded: &mut String) {
    let start = folded.len();
    // Where the current numeral run starts in `folded`: its characters are pushed as read,
    // then replaced by the number they write.
    let mut run: Option<usize> = None;
    for c in normal.chars().filter(|c| !c.is_whitespace()) {
        if numeral_digit(c).is_some() {
            run.get_or_insert(folded.len());
            folded.push(c);
            continue;
        }
        if let Some(at) = run.take() {
            write_numeral(folded, at);
        }
        folded.push(c);
    }
    if let Some(at) = run {
        write_numeral(folded, at);
    }
    // A combining mark a dropped space kept apart now follows a letter: compose them again.
    if let Some(Cow::Owned(composed)) = folded.get(start..).map(normalize) {
        folded.truncate(start);
        folded.push_str(&composed);
    }
}

/// A Chinese numeral character's value: 0 to 9, 10 for 十, 100 for 百.
fn numeral_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        '百' => 100,
        _ => return None,
    })
}

/// Replaces the numeral run from `at` to the end of `folded` by the number it writes, in
/// Arabic digits, when it reads as one (see [`fold`]); leaves it as written otherwise.
fn write_numeral(folded: &mut String, at: usize) {
    let Some(run) = folded.get(at..) else {
        return;
    };
    let count = run.chars().count();
    if run
        .chars()
        .filter_map(numeral_digit)
        .all(|value| value < 10)
    {
        // Digit by digit, in place: each numeral is three bytes, each digit one.
        for position in 0..count {
            let from = at + position;
            let digit = folded
                .get(from..)
                .and_then(|rest| rest.chars().next())
                .and_then(numeral_digit)
                .and_then(|value| char::from_digit(value, 10));
            if let Some(digit) = digit {
                folded.replace_range(from..from + 3, digit.encode_utf8(&mut [0; 4]));
            }
        }
        return;
    }
    // Written with 十 or 百: five characters at most (一百二十三).
    let mut values = [0u32; 5];
    if count > values.len() {
        return;
    }
    for (slot, value) in values.iter_mut().zip(run.chars().filter_map(numeral_digit)) {
        *slot = value;
    }
    if let Some(number) = numeral_value(values.get(..count).unwrap_or_default()) {
        folded.truncate(at);
        let _ = write!(folded, "{number}");
    }
}

/// The number a numeral with 十 or 百 writes (its characters' values, in order), up to 999:
/// `[hundreds 百 [零 units | [tens] 十 [units] | tens]] | [tens] 十 [units]`.
fn numeral_value(values: &[u32]) -> Option<u32> {
    let digit = |value: Option<&u32>| value.copied().filter(|&value| (1..10).contains(&value));
    let (hundreds, rest) = match values.iter().position(|&value| value == 100) {
        Some(1) => (digit(values.first())? * 100, values.get(2..)?),
        Some(_) => return None,
        None => (0, values),
    };
    let below = match rest {
        [] => 0,
        // 一百零五
        [0, units] if hundreds > 0 => digit(Some(units))?,
        // 一百二: the digit after the hundreds is the tens.
        [tens] if hundreds > 0 => digit(Some(tens))? * 10,
        [10] => 10,
        [10, units] => 10 + digit(Some(units))?,
        [tens, 10] => digit(Some(tens))? * 10,
        [tens, 10, units] => digit(Some(tens))? * 10 + digit(Some(units))?,
        _ => return None,
    };
    Some(hundreds + below)
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

    /// `number` (0 to 999) in Chinese numerals, as most people write it: `〇`/`零` when
    /// `zero` says so, and 十 or 一十 for the teens when `one_ten` says so.
    fn chinese(number: u32, circle_zero: bool, one_ten: bool) -> String {
        const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        let digit = |value: u32| DIGITS[value as usize];
        let (hundreds, tens, units) = (number / 100, number / 10 % 10, number % 10);
        let mut text = String::new();
        if number == 0 {
            text.push(if circle_zero { '〇' } else { '零' });
            return text;
        }
        if hundreds > 0 {
            text.push(digit(hundreds));
            text.push('百');
            if tens == 0 && units > 0 {
                text.push('零');
            }
        }
        if tens > 0 {
            if tens > 1 || hundreds > 0 || one_ten {
                text.push(digit(tens));
            }
            text.push('十');
        }
        if units > 0 {
            text.push(digit(units));
        }
        text
    }

    #[test]
    fn numbers_fold_to_arabic_digits() {
        for (text, folded) in [
            ("天山三村", "天山3村"),
            ("天山3村", "天山3村"),
            ("天山３村", "天山3村"),
            ("天山 三村", "天山3村"),
            (" 天山\u{3000}３ 村 ", "天山3村"),
            ("十六铺", "16铺"),
            ("二十弄", "20弄"),
            ("一百零五号", "105号"),
            ("一百一", "110"),
            ("一百二十三", "123"),
            ("二〇二四年", "2024年"),
            ("五一路", "51路"),
            ("〇", "0"),
            ("零陵路", "0陵路"),
            ("百花路", "百花路"),
            ("十二十", "十二十"),
            ("两江路", "两江路"),
            ("统一路", "统1路"),
            ("Tianshan Road", "TianshanRoad"),
        ] {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

    #[test]
    fn the_byte_check_agrees_with_the_characters_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c.is_whitespace() || numeral_digit(c).is_some();
            for text in [c.to_string(), format!("a{c}天"), format!("天山{c}")] {
                assert_eq!(needs_folding(&text), expected, "{:X}", c as u32);
            }
        }
    }

    #[test]
    fn the_one_scan_agrees_with_the_two_checks_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for text in [
                c.to_string(),
                format!("a{c}天"),
                format!("天山{c}"),
                format!("{c} 1"),
            ] {
                let expected = is_stable(&text).then(|| needs_folding(&text));
                assert_eq!(scan_stable(&text), expected, "{:X}", c as u32);
            }
        }
    }

    /// [`fold`] as it reads in its definition, in two general steps: normalized, then
    /// folded when [`needs_folding`] says so.
    fn fold_in_two_steps(text: &str) -> String {
        let normal = normalize(text);
        if !needs_folding(&normal) {
            return normal.into_owned();
        }
        let mut folded = String::new();
        fold_into(&normal, &mut folded);
        folded
    }

    #[test]
    fn folding_in_the_buffer_is_folding() {
        for text in [
            "天山三村",
            "天山 3村",
            "长宁路352号",
            "一百零五",
            "二〇二四年",
            "e \u{301}",
        ] {
            let outer = with_folded(text, |folded| {
                // Nested, as a caller of the caller might: a buffer of its own.
                let inner = with_folded(text, str::to_owned);
                assert_eq!(inner, folded);
                folded.to_owned()
            });
            assert_eq!(outer, fold(text), "{text}");
        }
    }

    #[test]
    fn text_that_does_not_fold_is_borrowed() {
        assert!(matches!(fold("长宁路352号"), Cow::Borrowed("长宁路352号")));
        assert!(matches!(fold(" 天山路 "), Cow::Borrowed("天山路")));
        assert!(matches!(fold("天山一村"), Cow::Owned(_)));
    }

    proptest::proptest! {
        #[test]
        fn the_three_spellings_of_a_number_fold_alike(
            number in 0u32..=999,
            circle_zero: bool,
            one_ten: bool,
            prefix in "[天山路村 ]{0,3}",
            suffix in "[村号弄 ]{0,3}",
        ) {
            let arabic = number.to_string();
            let full_width: String = arabic
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect();
            let chinese = chinese(number, circle_zero, one_ten);
            let key = fold(&format!("{prefix}{arabic}{suffix}")).into_owned();
            let full_width = format!("{prefix}{full_width}{suffix}");
            let chinese = format!("{prefix}{chinese}{suffix}");
            let (full_width, chinese) = (fold(&full_width), fold(&chinese));
            proptest::prop_assert_eq!(full_width.as_ref(), key.as_str());
            proptest::prop_assert_eq!(chinese.as_ref(), key.as_str());
            proptest::prop_assert!(!key.contains(' '));
        }

        /// The one scan (and its ASCII and ideograph fast path) folds any text as the two
        /// general steps do, and folding is idempotent on any text: a name's folded key,
        /// looked up as written, is found as its fold would be (see `Gazetteer::find_position`).
        #[test]
        fn the_fast_path_folds_as_the_general_path_does(
            text in proptest::prop_oneof![
                proptest::prelude::any::<String>(),
                "[ 　\t\u{301}\u{3000}〇零一二两三四五六七八九十百0-9０-９a-zＡ（）天山路村号街道]{0,16}",
            ],
        ) {
            let folded = fold(&text);
            let in_two_steps = fold_in_two_steps(&text);
            proptest::prop_assert_eq!(folded.as_ref(), in_two_steps.as_str());
            let (normal, folds) = normalize_for_folding(&text);
            let normalized = normalize(&text);
            proptest::prop_assert_eq!(normal.as_ref(), normalized.as_ref());
            proptest::prop_assert_eq!(folds, needs_folding(&normalized));
            proptest::prop_assert_eq!(with_folded(&text, str::to_owned), folded.as_ref());
            let twice = fold(&folded);
            proptest::prop_assert_eq!(twice.as_ref(), folded.as_ref());
        }

        /// The word-at-a-time ASCII skip decides as the byte-by-byte scan does, for ASCII
        /// runs of any length before, between and after other characters.
        #[test]
        fn the_ascii_words_decide_as_the_bytes_do(
            text in "([A-Za-z0-9 ./:-]{0,20}[天（é\u{301}ﾃ２]?){0,4}",
        ) {
            let bytes = text.as_bytes();
            let skipped = ascii_prefix_words(bytes);
            let (ascii, rest) = bytes.split_at(skipped);
            proptest::prop_assert!(skipped.is_multiple_of(8) && ascii.is_ascii());
            proptest::prop_assert!(rest.first_chunk::<8>().is_none_or(|word| !word.is_ascii()));
            let by_chars = text
                .chars()
                .all(|c| c.is_ascii() || ('\u{3400}'..='\u{9FFF}').contains(&c));
            proptest::prop_assert_eq!(is_stable(&text), by_chars);
        }

        #[test]
        fn folding_is_idempotent(text in "[ 　天山路村号〇零一二两三四五六七八九十百0-9０-９a-z（）]{0,12}") {
            let once = fold(&text).into_owned();
            let twice = fold(&once);
            proptest::prop_assert_eq!(twice.as_ref(), once.as_str());
        }
    }
}
