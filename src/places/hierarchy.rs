//! The hierarchy of places: each place's parent (a neighborhood's community, a community's
//! street), checked once when the gazetteer is made, and attributes added up the chain.
//!
//! Why a parent must be of a kind above its own ([`PlaceKind::level`]): then every chain of
//! parents climbs, so none can close on itself, and a record counted on a place counts once
//! on each place above it. A place naming itself is the one cycle left to refuse.

use rust_decimal::Decimal;

use super::lookup::NameLookup;
use super::{Place, PlaceIndex, PlaceKind};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::name::{fold, normalize};

/// Each place's parent, and which kinds of places sit below which.
#[derive(Clone, Debug, Default)]
pub(crate) struct Hierarchy {
    /// Per place: its parent's index.
    parents: Vec<Option<PlaceIndex>>,
    /// Per place: its position among the places of its kind.
    positions: Vec<usize>,
    /// Per kind: the kinds of places whose parent is of this kind, the nearest level first
    /// (then in index order); never handling units.
    below: [Vec<PlaceKind>; PlaceKind::CAPACITY],
    /// Whether any place names a parent: asked once per record, so kept, not counted.
    any: bool,
}

impl Hierarchy {
    /// The hierarchy of `places` whose parents are `parents`; `by_kind`: the places of each
    /// kind in gazetteer order.
    pub(crate) fn new(
        places: &[Place],
        parents: Vec<Option<PlaceIndex>>,
        by_kind: &[Vec<PlaceIndex>; PlaceKind::CAPACITY],
    ) -> Hierarchy {
        let mut positions = vec![0; places.len()];
        for indexes in by_kind {
            for (position, &index) in indexes.iter().enumerate() {
                positions[index] = position;
            }
        }
        let mut below: [Vec<PlaceKind>; PlaceKind::CAPACITY] = Default::default();
        for (index, parent) in parents.iter().enumerate() {
            // A handling unit says who handled a record, not where it happened: records never
            // climb from one to its parent (a street office handles tickets of other streets).
            if places[index].kind == PlaceKind::Handler {
                continue;
            }
            if let Some(parent) = *parent {
                let kinds = &mut below[places[parent].kind.index()];
                if !kinds.contains(&places[index].kind) {
                    kinds.push(places[index].kind);
                }
            }
        }
        for kinds in &mut below {
            kinds.sort_by_key(|kind| (kind.level(), kind.index()));
        }
        let any = parents.iter().any(Option::is_some);
        Hierarchy {
            parents,
            positions,
            below,
            any,
        }
    }

    /// The parent of the place at `index`.
    pub(crate) fn parent(&self, index: PlaceIndex) -> Option<PlaceIndex> {
        self.parents.get(index).copied().flatten()
    }

    /// The position of the place at `index` among the places of its kind.
    pub(crate) fn position(&self, index: PlaceIndex) -> usize {
        self.positions.get(index).copied().unwrap_or_default()
    }

    /// The kinds of places whose parent is of `kind`, the nearest level first.
    pub(crate) fn kinds_below(&self, kind: PlaceKind) -> &[PlaceKind] {
        &self.below[kind.index()]
    }

    /// Whether any place names a parent.
    pub(crate) fn any(&self) -> bool {
        self.any
    }

    /// Adds numeric attributes up the chain: a place without its own value of an attribute
    /// takes the sum of its children's, over the children of the kinds that carry the
    /// attribute (households come from neighborhoods, not from roads); unknown when one of
    /// those children's is unknown, or when no child carries it. A value a place gives itself
    /// is kept. Levels are done from the bottom, so a street adds up its communities' sums.
    pub(crate) fn roll_up(
        &self,
        places: &mut [Place],
        attributes: &[String],
        kinds: &[PlaceKind],
        locate: impl Fn(PlaceIndex) -> Location,
    ) -> Result<()> {
        if !self.any() {
            return Ok(());
        }
        let mut children: Vec<Vec<PlaceIndex>> = vec![Vec::new(); places.len()];
        for (index, parent) in self.parents.iter().enumerate() {
            if let Some(parent) = *parent {
                children[parent].push(index);
            }
        }
        // The levels of the kinds, the deepest first: a level adds up its children's sums,
        // done before it.
        let mut levels: Vec<u32> = kinds.iter().map(|kind| kind.level()).collect();
        levels.sort_unstable_by(|a, b| b.cmp(a));
        levels.dedup();
        for level in levels {
            for attribute in attributes {
                let carried: Vec<PlaceKind> = kinds
                    .iter()
                    .copied()
                    .filter(|kind| kind.level() > level)
                    .filter(|&kind| {
                        places
                            .iter()
                            .any(|place| place.kind == kind && place.attribute(attribute).is_some())
                    })
                    .collect();
                for index in 0..places.len() {
                    let place = &places[index];
                    if place.kind.level() != level || place.attribute(attribute).is_some() {
                        continue;
                    }
                    let mut sum = Some(Decimal::ZERO);
                    let mut counted = 0usize;
                    for &child in &children[index] {
                        if !carried.contains(&places[child].kind) {
                            continue;
                        }
                        counted += 1;
                        sum = match (sum, places[child].attribute(attribute)) {
                            (Some(sum), Some(value)) => {
                                Some(sum.checked_add(value).ok_or_else(|| {
                                    Error::new(
                                        ErrorKind::Overflow {
                                            what: format!(
                                                "the sum of '{attribute}' over its children"
                                            ),
                                        },
                                        locate(index),
                                    )
                                })?)
                            }
                            _ => None,
                        };
                    }
                    if let Some(sum) = sum.filter(|_| counted > 0) {
                        places[index].attributes.push((attribute.clone(), sum));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Finds each place's parent, by id, else by the name of a place of a kind above;
/// `pending`: per place naming a parent, its index and the error located at its parent cell.
pub(crate) fn parents(
    places: &[Place],
    ids: &NameLookup,
    names: &[NameLookup; PlaceKind::CAPACITY],
    kinds: &[PlaceKind],
    pending: Vec<(PlaceIndex, Error)>,
) -> Result<Vec<Option<PlaceIndex>>> {
    let mut parents = vec![None; places.len()];
    for (index, unknown) in pending {
        let place = &places[index];
        let Some(written) = place.parent() else {
            continue;
        };
        let refuse = |kind: ErrorKind| Err(Error::new(kind, unknown.location().clone()));
        let by_id = ids.get(normalize(written).as_ref());
        let key = fold(written);
        let by_name: Vec<PlaceIndex> = kinds
            .iter()
            .filter_map(|kind| names[kind.index()].get(key.as_ref()))
            .collect();
        let above = |found: &PlaceIndex| places[*found].kind.level() < place.kind.level();
        let parent = match by_id {
            Some(found) => found,
            None => {
                let above_named: Vec<PlaceIndex> = by_name.iter().copied().filter(above).collect();
                match (above_named.as_slice(), by_name.first()) {
                    ([found], _) => *found,
                    ([], Some(&found)) => found,
                    ([], None) => return Err(unknown),
                    (several, _) => {
                        let kinds: Vec<&str> = several
                            .iter()
                            .map(|&found| places[found].kind.as_str())
                            .collect();
                        return refuse(ErrorKind::AmbiguousParent {
                            parent: crate::error::shorten(written),
                            kinds: kinds.join(", "),
                        });
                    }
                }
            }
        };
        if parent == index {
            return refuse(ErrorKind::ParentCycle {
                parent: crate::error::shorten(written),
            });
        }
        if !above(&parent) {
            return refuse(ErrorKind::ParentNotAbove {
                parent: crate::error::shorten(written),
                parent_kind: places[parent].kind.as_str().to_owned(),
                kind: place.kind.as_str().to_owned(),
            });
        }
        parents[index] = Some(parent);
    }
    Ok(parents)
}

#[cfg(test)]
mod tests {
    use crate::places::{Gazetteer, Place, PlaceKind};
    use crate::source::Encoding;
    use rust_decimal::Decimal;

    fn read(text: &str) -> crate::error::Result<Gazetteer> {
        Gazetteer::from_reader(text.as_bytes(), "places.csv", Encoding::Auto)
    }

    const DISTRICT: &str = "id,kind,name,parent,households\n\
        S1,街道,天山街道,,\n\
        C1,社区,天山一社区,S1,\n\
        C2,社区,天山二社区,天山街道,900\n\
        N1,小区,天山一村,C1,1200\n\
        N2,小区,天山二村,C1,800\n\
        N3,小区,天山三村,C2,500\n\
        R1,道路,天山路,S1,\n";

    #[test]
    fn parents_by_id_or_name_and_attributes_add_up_unless_given() {
        let gazetteer = read(DISTRICT).unwrap();
        assert_eq!(gazetteer.parent_of("N1").unwrap().id(), "C1");
        assert_eq!(gazetteer.parent_of("C2").unwrap().id(), "S1");
        assert!(gazetteer.has_hierarchy());
        let households = |id: &str| {
            gazetteer
                .places()
                .iter()
                .find(|place| place.id() == id)
                .and_then(|place| place.attribute("households"))
        };
        assert_eq!(households("C1"), Some(Decimal::from(2000)));
        // C2 gives its own (900), not its one neighborhood's 500; the road carries none.
        assert_eq!(households("C2"), Some(Decimal::from(900)));
        assert_eq!(households("S1"), Some(Decimal::from(2900)));
        assert_eq!(households("R1"), None);
    }

    #[test]
    fn a_child_without_the_attribute_leaves_the_sum_unknown() {
        let gazetteer =
            read("id,kind,name,parent,households\nC1,社区,c,,\nN1,小区,a,C1,10\nN2,小区,b,C1,\n")
                .unwrap();
        assert_eq!(gazetteer.places()[0].attribute("households"), None);
    }

    #[test]
    fn bad_parents_are_errors_naming_line_and_column() {
        let error = read("id,kind,name,parent\nS1,街道,s,\nN1,小区,n,S9\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:3: column 'parent': parent 'S9' is no place's id or name"
        );
        let error = read("id,kind,name,parent\nN1,小区,n,\nC1,社区,c,N1\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:3: column 'parent': parent 'N1' is a neighborhood, not a kind above community"
        );
        let error = read("id,kind,name,parent\nS1,街道,s,S1\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:2: column 'parent': parent 'S1' is the place itself: a chain of parents must climb"
        );
        let error = read("id,kind,name,parent\nS1,街道,天山,\nC1,社区,天山,\nN1,小区,n,天山\n")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:4: column 'parent': parent '天山' names places of two kinds (street, community): write its id"
        );
    }

    #[test]
    fn records_climb_through_places_never_through_handling_units() {
        let gazetteer = Gazetteer::new([
            Place::new("S1", PlaceKind::Street, "天山街道"),
            Place::new("C1", PlaceKind::Community, "天山一社区").with_parent("S1"),
            Place::new("H1", PlaceKind::Handler, "天山街道城运中心").with_parent("S1"),
            Place::new("R1", PlaceKind::Road, "天山路").with_parent("S1"),
        ])
        .unwrap();
        assert_eq!(
            gazetteer.kinds_below(PlaceKind::Street),
            [PlaceKind::Community, PlaceKind::Road]
        );
        assert_eq!(gazetteer.parent_of("H1").unwrap().id(), "S1");
    }

    #[test]
    fn in_memory_places_name_parents_too() {
        let error =
            Gazetteer::new([Place::new("N1", PlaceKind::Neighborhood, "n").with_parent("x")])
                .unwrap_err();
        assert_eq!(
            error.to_string(),
            "source 'places': record 1: column 'parent': parent 'x' is no place's id or name"
        );
    }
}
