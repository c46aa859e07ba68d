//! Resolving a record to a place, for each kind of place separately: the kind's own column
//! (a name, alias or id) when present and non-empty; otherwise the longest name or alias of
//! that kind found in the address.
//!
//! Why the longest: addresses name a neighborhood inside a road (`天山路 天山二村12号`), and a
//! short alias can hide inside a longer name (`天山一村` inside `天山一村东区`); the longest
//! match is the most specific. Two different places matched at the same longest length are
//! ambiguous: the record is reported, never guessed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::name::normalize;
use crate::parallel::Threads;
use crate::places::{Gazetteer, PlaceKind};

/// Where a record goes for one kind of place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// The place at this position among the places of the kind (where its counts are kept).
    Place(usize),
    /// No place of the kind: the column names none, or the address contains none.
    Unmatched,
    /// The address contains two places' names equally long.
    Ambiguous,
}

/// Finds places by column and address, for both kinds.
pub(crate) struct Resolver {
    addresses: [AddressIndex; 2],
}

/// The names and aliases of one kind's places, to search addresses with.
#[derive(Default)]
struct AddressIndex {
    /// `None` when the kind has no places.
    automaton: Option<AhoCorasick>,
    /// Per pattern: the place's position among the places of the kind and the pattern's
    /// length in characters.
    patterns: Vec<(usize, usize)>,
}

impl Resolver {
    /// A resolver for `gazetteer`'s places; with `addresses`, also by the names in an address
    /// (without, which suits specs of `table` sources only, an address matches nothing and
    /// no matcher is built: for a large gazetteer, building one is most of setting up).
    pub(crate) fn new(gazetteer: &Gazetteer, addresses: bool, threads: Threads) -> Resolver {
        if !addresses {
            return Resolver {
                addresses: PlaceKind::ALL.map(|_| AddressIndex::default()),
            };
        }
        // The two kinds' matchers are built side by side.
        let [first, second] = PlaceKind::ALL;
        let (first, second) = threads.join(
            || AddressIndex::new(gazetteer, first),
            || AddressIndex::new(gazetteer, second),
        );
        Resolver {
            addresses: [first, second],
        }
    }

    /// Resolves a record for `kind`: `column` is the kind's own column, `address` the address
    /// (both as read; empty counts as absent).
    pub(crate) fn resolve(
        &self,
        gazetteer: &Gazetteer,
        kind: PlaceKind,
        column: Option<&str>,
        address: Option<&str>,
    ) -> Resolution {
        if let Some(column) = column.filter(|text| !crate::name::trim(text).is_empty()) {
            return match gazetteer.find_position(kind, column) {
                Some(place) => Resolution::Place(place),
                None => Resolution::Unmatched,
            };
        }
        match address.filter(|text| !crate::name::trim(text).is_empty()) {
            Some(address) => self.addresses[kind.index()].search(address),
            None => Resolution::Unmatched,
        }
    }
}

impl AddressIndex {
    fn new(gazetteer: &Gazetteer, kind: PlaceKind) -> AddressIndex {
        let mut texts: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut patterns = Vec::new();
        for (position, &index) in gazetteer.indexes_of_kind(kind).iter().enumerate() {
            let place = gazetteer.place(index);
            for name in
                std::iter::once(place.name()).chain(place.aliases().iter().map(String::as_str))
            {
                let name = normalize(name).into_owned();
                if !name.is_empty() && seen.insert(name.clone()) {
                    patterns.push((position, name.chars().count()));
                    texts.push(name);
                }
            }
        }
        // Standard semantics, so that every match (overlapping ones too) is seen.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .ok();
        AddressIndex {
            automaton,
            patterns,
        }
    }

    fn search(&self, address: &str) -> Resolution {
        let Some(automaton) = &self.automaton else {
            return Resolution::Unmatched;
        };
        let address = normalize(address);
        let mut best: Option<(usize, usize)> = None;
        let mut ambiguous = false;
        for found in automaton.find_overlapping_iter(address.as_ref()) {
            let (place, length) = self.patterns[found.pattern().as_usize()];
            match best {
                Some((best_length, _)) if length < best_length => {}
                Some((best_length, best_place)) if length == best_length => {
                    ambiguous |= best_place != place;
                }
                _ => {
                    best = Some((length, place));
                    ambiguous = false;
                }
            }
        }
        match best {
            None => Resolution::Unmatched,
            Some(_) if ambiguous => Resolution::Ambiguous,
            Some((_, place)) => Resolution::Place(place),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::Place;

    fn gazetteer() -> Gazetteer {
        Gazetteer::new([
            Place::new("R1", PlaceKind::Road, "天山路"),
            Place::new("R2", PlaceKind::Road, "遵义路"),
            Place::new("N1", PlaceKind::Neighborhood, "天山一村"),
            Place::new("N2", PlaceKind::Neighborhood, "天山一村东区"),
            Place::new("N3", PlaceKind::Neighborhood, "天山二村").with_alias("天山2村"),
            Place::new("N4", PlaceKind::Neighborhood, "遵义小区").with_alias("遵义"),
            Place::new("N5", PlaceKind::Neighborhood, "新光小区").with_alias("新光"),
        ])
        .unwrap()
    }

    fn resolve(
        kind: PlaceKind,
        column: Option<&str>,
        address: Option<&str>,
    ) -> Option<&'static str> {
        let gazetteer = gazetteer();
        let resolver = Resolver::new(&gazetteer, true, Threads::available());
        match resolver.resolve(&gazetteer, kind, column, address) {
            Resolution::Place(position) => {
                Some(match gazetteer.place_of_kind(kind, position).id() {
                    "R1" => "R1",
                    "R2" => "R2",
                    "N1" => "N1",
                    "N2" => "N2",
                    "N3" => "N3",
                    "N4" => "N4",
                    _ => "N5",
                })
            }
            Resolution::Unmatched => None,
            Resolution::Ambiguous => Some("ambiguous"),
        }
    }

    #[test]
    fn the_column_wins_over_the_address() {
        use PlaceKind::Neighborhood as N;
        assert_eq!(resolve(N, Some("天山2村"), Some("遵义小区3号")), Some("N3"));
        assert_eq!(resolve(N, Some("N4"), None), Some("N4"));
        assert_eq!(resolve(N, Some(" 天山２村 "), None), Some("N3"));
        // A column that names no place does not fall back to the address.
        assert_eq!(resolve(N, Some("长宁小区"), Some("天山二村")), None);
        // An empty column does.
        assert_eq!(resolve(N, Some("  "), Some("天山二村")), Some("N3"));
    }

    #[test]
    fn the_longest_name_in_the_address_wins() {
        use PlaceKind::Neighborhood as N;
        assert_eq!(resolve(N, None, Some("天山路天山一村东区5号")), Some("N2"));
        assert_eq!(resolve(N, None, Some("天山路天山一村5号")), Some("N1"));
        assert_eq!(resolve(N, None, Some("遵义路遵义小区")), Some("N4"));
        assert_eq!(
            resolve(PlaceKind::Road, None, Some("天山路天山一村5号")),
            Some("R1")
        );
        assert_eq!(resolve(N, None, Some("长宁路1号")), None);
        assert_eq!(resolve(N, None, Some("天山２村门口")), Some("N3"));
    }

    #[test]
    fn without_addresses_only_the_column_places_a_record() {
        let gazetteer = gazetteer();
        let resolver = Resolver::new(&gazetteer, false, Threads::available());
        let kind = PlaceKind::Neighborhood;
        assert_eq!(
            resolver.resolve(&gazetteer, kind, None, Some("天山二村5号")),
            Resolution::Unmatched
        );
        assert!(matches!(
            resolver.resolve(&gazetteer, kind, Some("天山2村"), None),
            Resolution::Place(_)
        ));
    }

    #[test]
    fn equally_long_names_of_two_places_are_ambiguous() {
        use PlaceKind::Neighborhood as N;
        // 遵义 and 新光 are both two characters long.
        assert_eq!(resolve(N, None, Some("遵义新光路口")), Some("ambiguous"));
        // The same place twice is not ambiguous.
        assert_eq!(resolve(N, None, Some("遵义小区遵义小区")), Some("N4"));
        // A longer match settles it.
        assert_eq!(resolve(N, None, Some("遵义新光小区")), Some("N5"));
    }
}
