//! The places table the queries join against (`livability_places`): every text by which a
//! record may name a place, in the form the crate compares it in (trimmed, NFKC, without
//! spaces), since engines cannot fold NFKC. The crate also writes numbers one way
//! ([`fold`](crate::name::fold): `天山三村` is `天山3村`), which no engine can: the table
//! carries each key in every spelling of its numbers instead (`天山3村` and `天山三村`; see
//! [`spellings`]), all of them as long as the folded key. The query drops spaces from the
//! fields it compares. The command writes the table as CSV for the warehouse to load.
//!
//! | column | meaning |
//! |---|---|
//! | `kind` | `road` or `neighborhood` |
//! | `lookup` | `column`: a name, alias or id, matched against the kind's own column; `address`: a name or alias, searched for in addresses |
//! | `place_key` | the text, trimmed and in NFKC |
//! | `place_id` | the place it stands for |
//! | `key_length` | the key's length in characters (the longest key found in an address wins) |
//!
//! A key two places share stands for the one the crate finds by it: for `column`, the place
//! the gazetteer returns; for `address`, the first in gazetteer order (as the crate's address
//! index keeps it).

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

use super::dialect::Dialect;
use crate::name::fold;
use crate::places::{Gazetteer, PlaceKind};

/// The name of the places table in the queries.
pub const PLACES_TABLE: &str = "livability_places";

/// How a key finds its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lookup {
    /// By the kind's own column: names, aliases and ids.
    Column,
    /// In an address: names and aliases.
    Address,
}

impl Lookup {
    /// The lookup's name in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Lookup::Column => "column",
            Lookup::Address => "address",
        }
    }
}

/// One row of the places table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlaceKey {
    /// The kind of the place.
    pub kind: PlaceKind,
    /// How the key finds it.
    pub lookup: Lookup,
    /// The text, trimmed, in NFKC and without spaces, its numbers in one of their spellings.
    pub key: String,
    /// The place's id.
    pub place_id: String,
    /// The length in characters of the key folded (its numbers in Arabic digits): the length
    /// the crate compares.
    pub length: usize,
}

/// The spellings of the folded key `key` a record may write: its numbers (runs of Arabic
/// digits) each in Arabic digits, in Chinese numerals as most write them (`16` 十六, `105`
/// 一百零五, `0` 零 or 〇), and digit by digit (`105` 一〇五, 一零五); every combination for a
/// key of up to two numbers, one style throughout beyond. Each folds back to `key`.
pub(crate) fn spellings(key: &str) -> Vec<String> {
    // The key cut into text and numbers, alternately.
    let mut parts: Vec<(bool, String)> = Vec::new();
    for c in key.chars() {
        let digit = c.is_ascii_digit();
        match parts.last_mut() {
            Some((number, part)) if *number == digit => part.push(c),
            _ => parts.push((digit, c.to_string())),
        }
    }
    let numbers = parts.iter().filter(|(number, _)| *number).count();
    let options: Vec<Vec<String>> = parts
        .iter()
        .map(|(number, part)| {
            if *number {
                number_spellings(part)
            } else {
                vec![part.clone()]
            }
        })
        .collect();
    let mut spellings: Vec<String> = Vec::new();
    let mut push = |spelling: String| {
        if !spellings.contains(&spelling) {
            spellings.push(spelling);
        }
    };
    if numbers <= 2 {
        let mut partial = vec![String::new()];
        for option in &options {
            partial = partial
                .iter()
                .flat_map(|head| option.iter().map(move |tail| format!("{head}{tail}")))
                .collect();
        }
        partial.into_iter().for_each(&mut push);
    } else {
        for style in 0..4 {
            let spelling: String = options
                .iter()
                .map(|option| {
                    option
                        .get(style)
                        .or(option.first())
                        .map_or("", String::as_str)
                })
                .collect();
            push(spelling);
        }
    }
    spellings
}

/// The spellings of the Arabic number `digits`, Arabic first.
fn number_spellings(digits: &str) -> Vec<String> {
    const CHINESE: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let values: Vec<usize> = digits
        .bytes()
        .map(|byte| usize::from(byte.saturating_sub(b'0')).min(9))
        .collect();
    let mut spellings = vec![digits.to_owned()];
    let by_digit = |zero: char| -> String {
        values
            .iter()
            .map(|&value| if value == 0 { zero } else { CHINESE[value] })
            .collect()
    };
    if let [single] = values[..] {
        spellings.push(CHINESE[single].to_string());
        if single == 0 {
            spellings.push("〇".to_owned());
        }
        return spellings;
    }
    let standard = match values[..] {
        [0, ..] => None,
        [tens, units] => Some(format!(
            "{}十{}",
            if tens == 1 {
                String::new()
            } else {
                CHINESE[tens].to_string()
            },
            if units == 0 {
                String::new()
            } else {
                CHINESE[units].to_string()
            }
        )),
        [hundreds, tens, units] => Some(format!(
            "{}百{}",
            CHINESE[hundreds],
            match (tens, units) {
                (0, 0) => String::new(),
                (0, units) => format!("零{}", CHINESE[units]),
                (tens, 0) => format!("{}十", CHINESE[tens]),
                (tens, units) => format!("{}十{}", CHINESE[tens], CHINESE[units]),
            }
        )),
        _ => None,
    };
    spellings.extend(standard);
    spellings.push(by_digit('〇'));
    spellings.push(by_digit('零'));
    spellings.dedup();
    spellings
}

/// Every character the crate drops from names as a space: whitespace, and what NFKC makes
/// whitespace of (the ideographic space, no-break spaces), which an engine without NFKC
/// still holds (the query folds only the characters that fold into its keys). Found once a
/// process: a character NFKC leaves alone is a space when it is whitespace, and the others are
/// in the table of what NFKC changes. (Normalizing every code point for each source's query
/// was nine tenths of the time of `livability sql`.)
pub(crate) fn spaces() -> &'static [char] {
    static SPACES: OnceLock<Vec<char>> = OnceLock::new();
    SPACES.get_or_init(|| {
        let whitespace = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace());
        let folded_to_whitespace = super::fold::changed_by_nfkc()
            .iter()
            .filter(|(_, folded)| !folded.is_empty() && folded.chars().all(char::is_whitespace))
            .map(|&(c, _)| c);
        let spaces: BTreeSet<char> = whitespace.chain(folded_to_whitespace).collect();
        spaces.into_iter().collect()
    })
}

/// `text` without the characters of `spaces`.
pub(crate) fn unspaced(dialect: Dialect, text: &str, spaces: &[char]) -> String {
    spaces.iter().fold(text.to_owned(), |text, space| {
        format!(
            "replace({text}, {}, '')",
            dialect.string(&space.to_string())
        )
    })
}

/// `text` with every occurrence of the key `key` followed by one of `suffixes` (an
/// administrative name: `天山路街道`) made `|`, which no key holds: the key then counts only
/// where it names the place.
pub(crate) fn without_administrative(
    dialect: Dialect,
    text: &str,
    key: &str,
    suffixes: &[String],
) -> String {
    suffixes.iter().fold(text.to_owned(), |text, suffix| {
        format!(
            "replace({text}, {}, '|')",
            dialect.concat(key, &dialect.string(suffix))
        )
    })
}

/// The rows of the places table of `gazetteer`, kind by kind, in gazetteer order.
pub(crate) fn place_keys(gazetteer: &Gazetteer) -> Vec<PlaceKey> {
    let mut keys = Vec::new();
    for &kind in gazetteer.kinds().all() {
        let mut seen = HashSet::new();
        for place in gazetteer.of_kind(kind) {
            let texts = std::iter::once(place.id())
                .chain(std::iter::once(place.name()))
                .chain(place.aliases().iter().map(String::as_str));
            for text in texts {
                let key = fold(text).into_owned();
                if key.is_empty() || !seen.insert(key.clone()) {
                    continue;
                }
                if let Some(found) = gazetteer.find(kind, &key) {
                    let length = key.chars().count();
                    for spelling in spellings(&key) {
                        keys.push(PlaceKey {
                            kind,
                            lookup: Lookup::Column,
                            length,
                            key: spelling,
                            place_id: found.id().to_owned(),
                        });
                    }
                }
            }
        }
        let mut seen = HashSet::new();
        for place in gazetteer.of_kind(kind) {
            let texts =
                std::iter::once(place.name()).chain(place.aliases().iter().map(String::as_str));
            for text in texts {
                let key = fold(text).into_owned();
                if !key.is_empty() && seen.insert(key.clone()) {
                    let length = key.chars().count();
                    for spelling in spellings(&key) {
                        keys.push(PlaceKey {
                            kind,
                            lookup: Lookup::Address,
                            length,
                            key: spelling,
                            place_id: place.id().to_owned(),
                        });
                    }
                }
            }
        }
    }
    keys
}

/// The places table as CSV (UTF-8, a header, fields quoted where CSV needs it).
pub(crate) fn places_csv(keys: &[PlaceKey]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![[
        "kind".to_owned(),
        "lookup".to_owned(),
        "place_key".to_owned(),
        "place_id".to_owned(),
        "key_length".to_owned(),
    ]];
    rows.extend(keys.iter().map(|key| {
        [
            key.kind.as_str().to_owned(),
            key.lookup.as_str().to_owned(),
            key.key.clone(),
            key.place_id.clone(),
            key.length.to_string(),
        ]
    }));
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::Place;

    #[test]
    fn a_key_comes_in_every_spelling_of_its_numbers_and_each_folds_back() {
        assert_eq!(spellings("天山3村"), ["天山3村", "天山三村"]);
        assert_eq!(spellings("天山路"), ["天山路"]);
        assert_eq!(spellings("0号"), ["0号", "零号", "〇号"]);
        assert_eq!(spellings("16铺"), ["16铺", "十六铺", "一六铺"]);
        assert_eq!(
            spellings("105号"),
            ["105号", "一百零五号", "一〇五号", "一零五号"]
        );
        assert_eq!(spellings("2弄3号").len(), 4);
        assert_eq!(spellings("1路2弄3号").len(), 2);
        for number in 0..=1200 {
            for key in [
                format!("天山{number}村"),
                format!("{number}弄{}号", number % 7),
            ] {
                for spelling in spellings(&key) {
                    assert_eq!(fold(&spelling), key, "{spelling}");
                }
            }
        }
    }

    #[test]
    fn spaces_are_the_whitespace_nfkc_keeps() {
        let spaces = spaces();
        assert!(spaces.contains(&' ') && spaces.contains(&'\t'));
        assert!(spaces.contains(&'\u{3000}') && spaces.contains(&'\u{a0}'));
        assert!(!spaces.contains(&'a'));
    }

    #[test]
    fn keys_are_normalized_and_a_shared_alias_finds_the_first_place() {
        let gazetteer = Gazetteer::new([
            Place::new("R1", PlaceKind::Road, "天山路").with_alias("ＴＳ路"),
            Place::new("N1", PlaceKind::Neighborhood, "天山一村").with_alias("一村"),
            Place::new("N2", PlaceKind::Neighborhood, "天山二村").with_alias("一村"),
        ]);
        let Ok(gazetteer) = gazetteer else {
            // Two places sharing an alias may be refused by the gazetteer: then one place.
            return;
        };
        let keys = place_keys(&gazetteer);
        let road: Vec<(&str, &str, &str)> = keys
            .iter()
            .filter(|key| key.kind == PlaceKind::Road)
            .map(|key| (key.lookup.as_str(), key.key.as_str(), key.place_id.as_str()))
            .collect();
        assert_eq!(
            road,
            [
                ("column", "R1", "R1"),
                ("column", "天山路", "R1"),
                ("column", "TS路", "R1"),
                ("address", "天山路", "R1"),
                ("address", "TS路", "R1"),
            ]
        );
        let shared: Vec<&str> = keys
            .iter()
            .filter(|key| key.lookup == Lookup::Address && key.key == "一村")
            .map(|key| key.place_id.as_str())
            .collect();
        assert_eq!(shared, ["N1"]);
        assert!(
            places_csv(&keys)
                .starts_with("kind,lookup,place_key,place_id,key_length\nroad,column,R1,R1,2\n")
        );
    }
}
