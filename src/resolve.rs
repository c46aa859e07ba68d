//! Resolving a record to a place, for each kind of place separately: the kind's own column
//! (a name, alias or id) when present and non-empty, else the longest name or alias of the
//! kind the column contains (`天山三村（东块）`); otherwise the longest name or alias of that
//! kind found in the address. Names, aliases, columns and addresses are compared
//! [folded](crate::name::fold): `天山1村` is `天山一村`.
//!
//! A name followed by an administrative suffix (`天山路街道`, `天山一村居委会`) names a
//! subdistrict, town or committee named after the place, not the place: it is passed over,
//! and a record whose column or address holds only such names is counted apart.
//!
//! Why the longest: addresses name a neighborhood inside a road (`天山路 天山二村12号`), and a
//! short alias can hide inside a longer name (`天山一村` inside `天山一村东区`); the longest
//! match is the most specific. Two different places matched at the same longest length are
//! ambiguous: the record is reported, never guessed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::name::fold;
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
    /// The place at this position, whose name the kind's column contains among other text
    /// (`天山三村（东块）`): placed, and counted apart.
    Within(usize),
    /// No place of the kind, and the column or address names a place only as part of an
    /// administrative name (`天山路街道`): unplaced, and counted apart.
    Administrative,
    /// The place at this position, above the place a level below found (a neighborhood's
    /// street): placed through the hierarchy.
    Below(usize),
}

impl Resolution {
    /// The place's position among the places of the kind, if the record has one.
    pub(crate) fn place(self) -> Option<usize> {
        match self {
            Resolution::Place(position)
            | Resolution::Within(position)
            | Resolution::Below(position) => Some(position),
            _ => None,
        }
    }
}

/// The suffixes that make a name administrative by default: a subdistrict (街道), a town (镇),
/// a residents' committee (居委会, 居委) or a community (社区) named after a road or
/// neighborhood.
pub(crate) const ADMINISTRATIVE_SUFFIXES: [&str; 5] = ["街道", "镇", "居委会", "居委", "社区"];

/// Finds places by column and address, for both kinds.
pub(crate) struct Resolver {
    addresses: [AddressIndex; PlaceKind::CAPACITY],
    /// The administrative suffixes, folded.
    administrative: Vec<String>,
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
    /// `administrative`: the suffixes that make a name administrative, besides
    /// [`ADMINISTRATIVE_SUFFIXES`].
    pub(crate) fn new(
        gazetteer: &Gazetteer,
        addresses: bool,
        administrative: &[String],
        threads: Threads,
    ) -> Resolver {
        let mut suffixes: Vec<String> = ADMINISTRATIVE_SUFFIXES
            .iter()
            .copied()
            .chain(administrative.iter().map(String::as_str))
            .map(|suffix| fold(suffix).into_owned())
            .filter(|suffix| !suffix.is_empty())
            .collect();
        suffixes.sort_unstable();
        suffixes.dedup();
        if !addresses {
            return Resolver {
                addresses: Default::default(),
                administrative: suffixes,
            };
        }
        // The two first kinds' matchers (roads and neighborhoods, the many) are built side
        // by side; those of the levels above, a few dozen places at most, after.
        let (first, second) = threads.join(
            || AddressIndex::new(gazetteer, PlaceKind::Road),
            || AddressIndex::new(gazetteer, PlaceKind::Neighborhood),
        );
        let mut addresses: [AddressIndex; PlaceKind::CAPACITY] = Default::default();
        addresses[PlaceKind::Road.index()] = first;
        addresses[PlaceKind::Neighborhood.index()] = second;
        for &kind in gazetteer.kinds().all().iter().skip(2) {
            if !gazetteer.indexes_of_kind(kind).is_empty() {
                addresses[kind.index()] = AddressIndex::new(gazetteer, kind);
            }
        }
        Resolver {
            addresses,
            administrative: suffixes,
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
        let index = &self.addresses[kind.index()];
        if let Some(column) = column.filter(|text| !crate::name::trim(text).is_empty()) {
            return match gazetteer.find_position(kind, column) {
                Some(place) => Resolution::Place(place),
                None => match index.search(column, &self.administrative) {
                    Resolution::Place(place) => Resolution::Within(place),
                    other => other,
                },
            };
        }
        match address.filter(|text| !crate::name::trim(text).is_empty()) {
            Some(address) => index.search(address, &self.administrative),
            None => Resolution::Unmatched,
        }
    }
}

/// Resolves a record for every kind of `kinds` and the kinds below them, through the
/// hierarchy: a kind that has kinds below it is reached from the nearest of them that places
/// the record (the place of that kind above the place found), else by its own column and the
/// address; a kind with none below it, by its own column and the address alone. So a record
/// naming a neighborhood counts for its community and its street, a record naming a community
/// and no neighborhood counts for the community and the street and is never placed below,
/// and a street's records are those of its children plus those placed on the street alone.
pub(crate) fn resolve_through_hierarchy(
    gazetteer: &Gazetteer,
    kinds: &[PlaceKind],
    own: impl Fn(PlaceKind) -> Resolution,
) -> [Resolution; PlaceKind::CAPACITY] {
    let mut resolved: [Option<Resolution>; PlaceKind::CAPACITY] = [None; PlaceKind::CAPACITY];
    for &kind in kinds {
        resolve_kind(gazetteer, kind, &own, &mut resolved);
    }
    resolved.map(|resolution| resolution.unwrap_or(Resolution::Unmatched))
}

/// Resolves `kind` into `resolved` (once), the kinds below it first.
fn resolve_kind(
    gazetteer: &Gazetteer,
    kind: PlaceKind,
    own: &impl Fn(PlaceKind) -> Resolution,
    resolved: &mut [Option<Resolution>; PlaceKind::CAPACITY],
) -> Resolution {
    if let Some(done) = resolved[kind.index()] {
        return done;
    }
    let mut found = None;
    for &below in gazetteer.kinds_below(kind) {
        // Kinds below are strictly lower in level: the recursion ends.
        let child = resolve_kind(gazetteer, below, own, resolved);
        let above = child.place().and_then(|position| {
            let index = gazetteer.indexes_of_kind(below).get(position).copied()?;
            gazetteer.ancestor_of_kind(index, kind)
        });
        if let Some(index) = above {
            found = Some(Resolution::Below(gazetteer.position_of(index)));
            break;
        }
    }
    let resolution = found.unwrap_or_else(|| own(kind));
    resolved[kind.index()] = Some(resolution);
    resolution
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
                let name = fold(name).into_owned();
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

    /// The longest name in `address` that no suffix of `administrative` follows.
    fn search(&self, address: &str, administrative: &[String]) -> Resolution {
        let Some(automaton) = &self.automaton else {
            return Resolution::Unmatched;
        };
        crate::name::with_folded(address, |address| {
            self.longest(automaton, address, administrative)
        })
    }

    /// The longest name in the folded `address` that no suffix of `administrative` follows.
    fn longest(
        &self,
        automaton: &AhoCorasick,
        address: &str,
        administrative: &[String],
    ) -> Resolution {
        let mut best: Option<(usize, usize)> = None;
        let mut ambiguous = false;
        let mut passed_over = false;
        for found in automaton.find_overlapping_iter(address) {
            let after = address.get(found.end()..).unwrap_or_default();
            if administrative
                .iter()
                .any(|suffix| after.starts_with(suffix.as_str()))
            {
                passed_over = true;
                continue;
            }
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
            None if passed_over => Resolution::Administrative,
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
        let resolver = Resolver::new(&gazetteer, true, &["片区".to_owned()], Threads::available());
        match resolver.resolve(&gazetteer, kind, column, address) {
            Resolution::Within(_) => Some("within"),
            Resolution::Administrative => Some("administrative"),
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
            Resolution::Below(_) => Some("below"),
        }
    }

    /// A record reaches the levels above the place it names, never one below.
    #[test]
    fn a_record_counts_up_the_chain_and_never_below() {
        let gazetteer = Gazetteer::new([
            Place::new("S1", PlaceKind::Street, "天山街道"),
            Place::new("S2", PlaceKind::Street, "仙霞街道"),
            Place::new("C1", PlaceKind::Community, "天山一社区").with_parent("S1"),
            Place::new("C2", PlaceKind::Community, "仙霞社区").with_parent("S2"),
            Place::new("N1", PlaceKind::Neighborhood, "天山一村").with_parent("C1"),
        ])
        .unwrap();
        let resolver = Resolver::new(&gazetteer, true, &[], Threads::available());
        let kinds = [PlaceKind::Street, PlaceKind::Neighborhood];
        let resolved = |neighborhood: &str, community: &str, street: &str| {
            let own = |kind: PlaceKind| {
                let column = match kind {
                    PlaceKind::Neighborhood => neighborhood,
                    PlaceKind::Community => community,
                    PlaceKind::Street => street,
                    _ => "",
                };
                resolver.resolve(&gazetteer, kind, Some(column), None)
            };
            let found = resolve_through_hierarchy(&gazetteer, &kinds, own);
            PlaceKind::ALL.map(|kind| {
                found[kind.index()]
                    .place()
                    .map(|position| gazetteer.place_of_kind(kind, position).id().to_owned())
            })
        };
        let ids = |found: [Option<String>; 6], kind: PlaceKind| found[kind.index()].clone();
        // A neighborhood: its community and street too, whatever the street column says.
        let found = resolved("天山一村", "", "仙霞街道");
        assert_eq!(
            ids(found.clone(), PlaceKind::Community).as_deref(),
            Some("C1")
        );
        assert_eq!(ids(found, PlaceKind::Street).as_deref(), Some("S1"));
        // A community alone: the community and its street, no neighborhood invented.
        let found = resolved("", "仙霞社区", "");
        assert_eq!(ids(found.clone(), PlaceKind::Street).as_deref(), Some("S2"));
        assert_eq!(ids(found, PlaceKind::Neighborhood), None);
        // A street alone: the street.
        let found = resolved("", "", "天山街道");
        assert_eq!(ids(found, PlaceKind::Street).as_deref(), Some("S1"));
    }

    #[test]
    fn the_column_wins_over_the_address() {
        const N: PlaceKind = PlaceKind::Neighborhood;
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
        const N: PlaceKind = PlaceKind::Neighborhood;
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
        let resolver = Resolver::new(&gazetteer, false, &[], Threads::available());
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
    fn numbers_and_spaces_are_folded_on_both_sides() {
        const N: PlaceKind = PlaceKind::Neighborhood;
        assert_eq!(resolve(N, Some("天山1村"), None), Some("N1"));
        assert_eq!(resolve(N, Some("天山 一 村"), None), Some("N1"));
        assert_eq!(resolve(N, Some("天山２村"), None), Some("N3"));
        assert_eq!(resolve(N, None, Some("遵义路397弄天山1村66号")), Some("N1"));
        assert_eq!(resolve(N, None, Some("天山１村东区5号")), Some("N2"));
        // A different number is a different place.
        assert_eq!(resolve(N, None, Some("天山十一村5号")), None);
    }

    #[test]
    fn a_column_holding_a_name_and_more_resolves_as_an_address_would() {
        const N: PlaceKind = PlaceKind::Neighborhood;
        assert_eq!(resolve(N, Some("天山三村（东块）"), None), None);
        assert_eq!(resolve(N, Some("天山二村（东块）"), None), Some("within"));
        assert_eq!(resolve(N, Some("天山2村东块"), None), Some("within"));
        assert_eq!(resolve(N, Some("遵义新光路口"), None), Some("ambiguous"));
        assert_eq!(
            resolve(N, Some("天山二村居委会"), None),
            Some("administrative")
        );
    }

    #[test]
    fn administrative_names_are_not_places() {
        const R: PlaceKind = PlaceKind::Road;
        assert_eq!(
            resolve(R, None, Some("长宁区天山路街道遵义路1号")),
            Some("R2")
        );
        assert_eq!(
            resolve(R, None, Some("天山路街道辖区内")),
            Some("administrative")
        );
        assert_eq!(resolve(R, Some("天山路街道"), None), Some("administrative"));
        assert_eq!(resolve(R, None, Some("天山路镇")), Some("administrative"));
        assert_eq!(
            resolve(R, None, Some("天山路社区服务中心")),
            Some("administrative")
        );
        // The spec's own suffix.
        assert_eq!(resolve(R, None, Some("天山路片区")), Some("administrative"));
        // The same road named again outside the administrative name counts.
        assert_eq!(resolve(R, None, Some("天山路街道天山路5号")), Some("R1"));
        const N: PlaceKind = PlaceKind::Neighborhood;
        assert_eq!(
            resolve(N, None, Some("天山一村居委会门口")),
            Some("administrative")
        );
        assert_eq!(
            resolve(N, None, Some("天山一村居委会天山二村3号")),
            Some("N3")
        );
    }

    #[test]
    fn equally_long_names_of_two_places_are_ambiguous() {
        const N: PlaceKind = PlaceKind::Neighborhood;
        // 遵义 and 新光 are both two characters long.
        assert_eq!(resolve(N, None, Some("遵义新光路口")), Some("ambiguous"));
        // The same place twice is not ambiguous.
        assert_eq!(resolve(N, None, Some("遵义小区遵义小区")), Some("N4"));
        // A longer match settles it.
        assert_eq!(resolve(N, None, Some("遵义新光小区")), Some("N5"));
    }
}
