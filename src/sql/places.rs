//! The places table the queries join against (`livability_places`): every text by which a
//! record may name a place, in the form the crate compares it in (trimmed, NFKC), since
//! engines cannot fold NFKC. The command writes it as CSV for the warehouse to load.
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

use std::collections::HashSet;

use crate::name::normalize;
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
    /// The text, trimmed and in NFKC.
    pub key: String,
    /// The place's id.
    pub place_id: String,
    /// The key's length in characters.
    pub length: usize,
}

/// The rows of the places table of `gazetteer`, kind by kind, in gazetteer order.
pub(crate) fn place_keys(gazetteer: &Gazetteer) -> Vec<PlaceKey> {
    let mut keys = Vec::new();
    for kind in PlaceKind::ALL {
        let mut seen = HashSet::new();
        for place in gazetteer.of_kind(kind) {
            let texts = std::iter::once(place.id())
                .chain(std::iter::once(place.name()))
                .chain(place.aliases().iter().map(String::as_str));
            for text in texts {
                let key = normalize(text).into_owned();
                if key.is_empty() || !seen.insert(key.clone()) {
                    continue;
                }
                if let Some(found) = gazetteer.find(kind, &key) {
                    keys.push(PlaceKey {
                        kind,
                        lookup: Lookup::Column,
                        length: key.chars().count(),
                        key,
                        place_id: found.id().to_owned(),
                    });
                }
            }
        }
        let mut seen = HashSet::new();
        for place in gazetteer.of_kind(kind) {
            let texts =
                std::iter::once(place.name()).chain(place.aliases().iter().map(String::as_str));
            for text in texts {
                let key = normalize(text).into_owned();
                if !key.is_empty() && seen.insert(key.clone()) {
                    keys.push(PlaceKey {
                        kind,
                        lookup: Lookup::Address,
                        length: key.chars().count(),
                        key,
                        place_id: place.id().to_owned(),
                    });
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
