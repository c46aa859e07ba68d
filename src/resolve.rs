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

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::name::fold;
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
///
/// The matcher of every name is built the first time a text needs it, not before: most runs
/// place every record by a column that names its place exactly and never search a text, and
/// a text of a few characters (a column holding a name and more, `天山三村（东块）`) is
/// searched by looking each of its pieces up among the names, which finds what the matcher
/// would. Building the matcher of a large gazetteer is most of setting a run up.
#[derive(Default)]
struct AddressIndex {
    /// Whether the index searches at all: the run places records by address and the kind has
    /// places.
    active: bool,
    /// The matcher, once built (`None` inside when the kind's places have no name to find).
    automaton: OnceLock<Option<Matcher>>,
    /// Whether a thread has taken the matcher to build.
    claimed: AtomicBool,
    /// Short texts searched by their pieces so far (see [`PIECES_BEFORE_MATCHER`]).
    searched_by_pieces: AtomicUsize,
}

/// The built matcher of one kind's names and aliases.
struct Matcher {
    automaton: AhoCorasick,
    /// Per pattern: the place's position among the places of the kind and the pattern's
    /// length in characters.
    patterns: Vec<(usize, usize)>,
}

/// A text of at most this many characters, folded, is searched by looking up each of its
/// pieces (at most 55 look-ups), while the matcher is not built.
const SHORT: usize = 10;

/// How many short texts of a kind are searched by their pieces before the matcher is built
/// after all: a look-up of every piece costs a few thousand instructions more than a pass of
/// the matcher, whose building costs tens of millions for a gazetteer of thousands of places,
/// so past about this many searches the matcher pays.
const PIECES_BEFORE_MATCHER: usize = 16_384;

impl Resolver {
    /// A resolver for `gazetteer`'s places; with `addresses`, also by the names in an address
    /// (without, which suits specs of `table` sources only, an address matches nothing).
    /// `administrative`: the suffixes that make a name administrative, besides
    /// [`ADMINISTRATIVE_SUFFIXES`]. Nothing is built here: a kind's matcher is built when a
    /// text first needs it (see [`AddressIndex`]), by the threads that need it.
    pub(crate) fn new(
        gazetteer: &Gazetteer,
        addresses: bool,
        administrative: &[String],
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
        let mut indexes: [AddressIndex; PlaceKind::CAPACITY] = Default::default();
        if addresses {
            for &kind in gazetteer.kinds().all() {
                if let Some(index) = indexes.get_mut(kind.index()) {
                    index.active = !gazetteer.indexes_of_kind(kind).is_empty();
                }
            }
        }
        Resolver {
            addresses: indexes,
            administrative: suffixes,
        }
    }

    /// The search of `kind`'s names in a text.
    fn index(&self, kind: PlaceKind) -> KindSearch<'_> {
        KindSearch {
            resolver: self,
            kind,
        }
    }

    /// `kind`'s matcher, built now if no thread has built it yet. A thread that finds another
    /// building it builds another kind's meanwhile, if one is left, rather than wait: the two
    /// reading threads that meet their first addresses at once build the roads' and the
    /// neighborhoods' matchers side by side.
    fn matcher(&self, gazetteer: &Gazetteer, kind: PlaceKind) -> Option<&Matcher> {
        let index = &self.addresses[kind.index()];
        loop {
            if let Some(built) = index.automaton.get() {
                return built.as_ref();
            }
            if !index.claimed.swap(true, Ordering::AcqRel) {
                return index
                    .automaton
                    .get_or_init(|| Matcher::new(gazetteer, kind))
                    .as_ref();
            }
            let other = gazetteer.kinds().all().iter().find(|other| {
                let other = &self.addresses[other.index()];
                other.active
                    && other.automaton.get().is_none()
                    && !other.claimed.swap(true, Ordering::AcqRel)
            });
            match other {
                Some(&other) => {
                    self.addresses[other.index()]
                        .automaton
                        .get_or_init(|| Matcher::new(gazetteer, other));
                }
                // Waits for the thread building it.
                None => {
                    return index
                        .automaton
                        .get_or_init(|| Matcher::new(gazetteer, kind))
                        .as_ref();
                }
            }
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
        let index = self.index(kind);
        if let Some(column) = column.filter(|text| !crate::name::trim(text).is_empty()) {
            return match gazetteer.find_position(kind, column) {
                Some(place) => Resolution::Place(place),
                None => match index.search(gazetteer, column, &self.administrative) {
                    Resolution::Place(place) => Resolution::Within(place),
                    other => other,
                },
            };
        }
        match address.filter(|text| !crate::name::trim(text).is_empty()) {
            Some(address) => index.search(gazetteer, address, &self.administrative),
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

/// One kind's search of a text for its names.
struct KindSearch<'a> {
    resolver: &'a Resolver,
    kind: PlaceKind,
}

impl KindSearch<'_> {
    /// The longest name in `text` that no suffix of `administrative` follows.
    fn search(&self, gazetteer: &Gazetteer, text: &str, administrative: &[String]) -> Resolution {
        let index = &self.resolver.addresses[self.kind.index()];
        if !index.active {
            return Resolution::Unmatched;
        }
        crate::name::with_folded(text, |text| {
            let mut longest = Longest::default();
            match index.automaton.get() {
                Some(built) => longest.search(built.as_ref(), text, administrative),
                None if text.chars().nth(SHORT).is_none()
                    && index.searched_by_pieces.fetch_add(1, Ordering::Relaxed)
                        < PIECES_BEFORE_MATCHER =>
                {
                    longest.search_by_pieces(gazetteer, self.kind, text, administrative);
                }
                None => {
                    let built = self.resolver.matcher(gazetteer, self.kind);
                    longest.search(built, text, administrative);
                }
            }
            longest.resolution()
        })
    }
}

impl Matcher {
    /// The matcher of `kind`'s names and aliases, folded; `None` when there is none.
    fn new(gazetteer: &Gazetteer, kind: PlaceKind) -> Option<Matcher> {
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
            .ok()?;
        Some(Matcher {
            automaton,
            patterns,
        })
    }
}

/// The longest name found in a text so far, and what else was seen: the answer does not
/// depend on the order the names are found in.
#[derive(Default)]
struct Longest {
    /// The length in characters and the place of the longest name found.
    best: Option<(usize, usize)>,
    /// Another place's name is as long as the longest.
    ambiguous: bool,
    /// A name was passed over, an administrative suffix following it.
    passed_over: bool,
}

impl Longest {
    /// Every name `matcher` finds in the folded `text`.
    fn search(&mut self, matcher: Option<&Matcher>, text: &str, administrative: &[String]) {
        let Some(matcher) = matcher else {
            return;
        };
        for found in matcher.automaton.find_overlapping_iter(text) {
            if let Some(&(place, length)) = matcher.patterns.get(found.pattern().as_usize()) {
                self.see(text, found.end(), place, length, administrative);
            }
        }
    }

    /// Every name in the folded `text`, each of its pieces looked up among `kind`'s names:
    /// the names a matcher finds, as a name found in valid UTF-8 starts and ends where a
    /// character does.
    fn search_by_pieces(
        &mut self,
        gazetteer: &Gazetteer,
        kind: PlaceKind,
        text: &str,
        administrative: &[String],
    ) {
        for (start, _) in text.char_indices() {
            let rest = text.get(start..).unwrap_or_default();
            for (length, (offset, character)) in rest.char_indices().enumerate() {
                let end = start + offset + character.len_utf8();
                let Some(piece) = text.get(start..end) else {
                    continue;
                };
                if let Some(place) = gazetteer.find_name_position(kind, piece) {
                    self.see(text, end, place, length + 1, administrative);
                }
            }
        }
    }

    /// A name of `length` characters of the place at `place`, ending at byte `end` of `text`.
    fn see(
        &mut self,
        text: &str,
        end: usize,
        place: usize,
        length: usize,
        administrative: &[String],
    ) {
        let after = text.get(end..).unwrap_or_default();
        if administrative
            .iter()
            .any(|suffix| after.starts_with(suffix.as_str()))
        {
            self.passed_over = true;
            return;
        }
        match self.best {
            Some((best_length, _)) if length < best_length => {}
            Some((best_length, best_place)) if length == best_length => {
                self.ambiguous |= best_place != place;
            }
            _ => {
                self.best = Some((length, place));
                self.ambiguous = false;
            }
        }
    }

    fn resolution(&self) -> Resolution {
        match self.best {
            None if self.passed_over => Resolution::Administrative,
            None => Resolution::Unmatched,
            Some(_) if self.ambiguous => Resolution::Ambiguous,
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
        let resolver = Resolver::new(&gazetteer, true, &["片区".to_owned()]);
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
        let resolver = Resolver::new(&gazetteer, true, &[]);
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
        let resolver = Resolver::new(&gazetteer, false, &[]);
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

    /// A short text is searched without building the matcher, a long one builds it; both
    /// find the same places.
    #[test]
    fn the_matcher_is_built_only_when_a_long_text_needs_it() {
        const N: PlaceKind = PlaceKind::Neighborhood;
        let gazetteer = gazetteer();
        let resolver = Resolver::new(&gazetteer, true, &[]);
        let built = |kind: PlaceKind| resolver.addresses[kind.index()].automaton.get().is_some();
        let place = |text: &str| resolver.resolve(&gazetteer, N, Some(text), None);
        assert_eq!(place("天山二村（东块）"), Resolution::Within(2));
        assert_eq!(place("天山二村"), Resolution::Place(2));
        assert!(!built(N) && !built(PlaceKind::Road));
        let long = "长宁区遵义路街道天山路天山二村一百二十三号";
        assert_eq!(
            resolver.resolve(&gazetteer, N, None, Some(long)),
            Resolution::Place(2)
        );
        assert!(built(N));
        assert_eq!(place("天山二村（东块）"), Resolution::Within(2));
    }

    /// Threads meeting their first long addresses at once share the building of the matchers
    /// and all find the same places.
    #[test]
    fn threads_build_the_matchers_side_by_side() {
        let gazetteer = gazetteer();
        let resolver = Resolver::new(&gazetteer, true, &[]);
        let address = "长宁区遵义路街道天山路天山一村东区一百二十三号";
        let found: Vec<[Resolution; 2]> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        [PlaceKind::Road, PlaceKind::Neighborhood]
                            .map(|kind| resolver.resolve(&gazetteer, kind, None, Some(address)))
                    })
                })
                .collect();
            threads
                .into_iter()
                .filter_map(|thread| thread.join().ok())
                .collect()
        });
        assert_eq!(found.len(), 4);
        for resolutions in found {
            assert_eq!(resolutions, [Resolution::Place(0), Resolution::Place(1)]);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Looking a text's pieces up among the names finds what the matcher finds.
        #[test]
        fn pieces_find_what_the_matcher_finds(
            pieces in proptest::collection::vec(0..12usize, 0..8),
            kind in proptest::prop_oneof![
                proptest::strategy::Just(PlaceKind::Road),
                proptest::strategy::Just(PlaceKind::Neighborhood),
            ],
        ) {
            const PIECES: [&str; 12] = [
                "天山", "一村", "东区", "二村", "2村", "遵义", "小区", "新光", "路", "居委会",
                "片区", "5号",
            ];
            let text: String = pieces.iter().filter_map(|&at| PIECES.get(at).copied()).collect();
            let text = fold(&text).into_owned();
            let gazetteer = gazetteer();
            let administrative = vec!["片区".to_owned(), "居委会".to_owned()];
            let matcher = Matcher::new(&gazetteer, kind);
            let mut by_matcher = Longest::default();
            by_matcher.search(matcher.as_ref(), &text, &administrative);
            let mut by_pieces = Longest::default();
            by_pieces.search_by_pieces(&gazetteer, kind, &text, &administrative);
            proptest::prop_assert_eq!(by_matcher.resolution(), by_pieces.resolution(), "{}", text);
        }
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
