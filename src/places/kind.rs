//! Kinds of place: the six every bulletin names (road, neighborhood, street, community, grid
//! cell, handling unit), and those a spec declares (`[kinds.area]`, 片区), each with its id,
//! its Chinese name and its place in the order of levels.

use std::fmt;
use std::sync::Mutex;

use serde::{Serialize, Serializer};

use crate::error::ErrorKind;
use crate::name::normalize;

/// What a place is: boards rank places of one kind.
///
/// Road and neighborhood are what a subdistrict's boards ranked first; street, community,
/// grid cell and handling unit are the levels district and city bulletins rank (Shanghai's
/// district/town/community levels, Yulin's 12345 handling units). A spec may declare more
/// ([`Kinds::declare`]): 片区 between street and community, 楼栋 below a neighborhood. A
/// place may name a parent of a kind above its own ([`PlaceKind::level`]).
///
/// A kind is a small copyable handle: its position in the run's [`Kinds`] is what per-kind
/// tables are indexed by, so finding a record's place never compares kinds' names.
///
/// ```
/// use livability::places::PlaceKind;
///
/// assert_eq!(PlaceKind::Street.chinese(), "街道");
/// assert!(PlaceKind::Street.level() < PlaceKind::Community.level());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceKind(&'static KindDef);

/// What a kind is: the fields a [`PlaceKind`] points to. Built-in kinds' are constants;
/// declared kinds' are made once per distinct declaration and kept for the process
/// ([`intern`]), so that a kind stays a `Copy` handle that names itself in any message.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct KindDef {
    /// The position in the run's kinds: the six built-ins first, in [`PlaceKind::ALL`]
    /// order, then the declared ones in the order of their ids.
    index: u8,
    /// The id in the spec and in sources' column names (`road`, `area`).
    id: &'static str,
    /// The Chinese name, as places files and bulletins write it.
    chinese: &'static str,
    /// Other names a places file's 类型 cell may give (`镇` for a street).
    other_names: &'static [&'static str],
    /// The level: smaller is higher (see [`PlaceKind::level`]).
    level: u32,
    /// The headers of a source's column naming a place of the kind; built-ins keep theirs
    /// with the source columns (`crate::source::kinds`), so this is empty for them.
    headers: &'static [&'static str],
}

/// The distance between two built-in levels: a declared kind sits halfway between the kind it
/// names and the next level, and one declared relative to it halfway again, so levels never
/// meet within the most kinds a spec may declare.
const LEVEL_STEP: u32 = 1 << 20;

/// The level of streets, communities and grid cells, and of the places at the bottom (roads,
/// neighborhoods, handling units).
const STREET_LEVEL: u32 = LEVEL_STEP;
const COMMUNITY_LEVEL: u32 = 2 * LEVEL_STEP;
const GRID_LEVEL: u32 = 3 * LEVEL_STEP;
const BOTTOM_LEVEL: u32 = 4 * LEVEL_STEP;

const fn built_in(
    index: u8,
    id: &'static str,
    chinese: &'static str,
    other_names: &'static [&'static str],
    level: u32,
) -> KindDef {
    KindDef {
        index,
        id,
        chinese,
        other_names,
        level,
        headers: &[],
    }
}

const ROAD: KindDef = built_in(0, "road", "道路", &[], BOTTOM_LEVEL);
const NEIGHBORHOOD: KindDef = built_in(1, "neighborhood", "小区", &[], BOTTOM_LEVEL);
const STREET: KindDef = built_in(2, "street", "街道", &["镇", "街镇"], STREET_LEVEL);
const COMMUNITY: KindDef = built_in(3, "community", "社区", &["居委会"], COMMUNITY_LEVEL);
const GRID: KindDef = built_in(4, "grid", "网格", &[], GRID_LEVEL);
const HANDLER: KindDef = built_in(5, "handler", "承办单位", &[], BOTTOM_LEVEL);

// The built-in kinds keep the spelling they had as an enum's variants, so that code naming
// them (and matching on them) reads as it always has.
#[allow(non_upper_case_globals)]
impl PlaceKind {
    /// A road (道路).
    pub const Road: PlaceKind = PlaceKind(&ROAD);
    /// A residential neighborhood (小区).
    pub const Neighborhood: PlaceKind = PlaceKind(&NEIGHBORHOOD);
    /// A street or town (街道/镇): the level below a district.
    pub const Street: PlaceKind = PlaceKind(&STREET);
    /// A community or residents' committee (社区/居委会), inside a street.
    pub const Community: PlaceKind = PlaceKind(&COMMUNITY);
    /// A grid cell of the urban grid-management center (网格), inside a community or street.
    pub const Grid: PlaceKind = PlaceKind(&GRID);
    /// A unit that handles tickets (承办单位): a department, a street office, a company.
    pub const Handler: PlaceKind = PlaceKind(&HANDLER);
}

impl PlaceKind {
    /// The built-in kinds, in the order their indexes use: road and neighborhood first, as
    /// before there were others, so that what is listed per kind keeps its order. A run's
    /// kinds are these and those its spec declares ([`Kinds::all`]).
    pub const ALL: [PlaceKind; 6] = [
        PlaceKind::Road,
        PlaceKind::Neighborhood,
        PlaceKind::Street,
        PlaceKind::Community,
        PlaceKind::Grid,
        PlaceKind::Handler,
    ];

    /// How many kinds a run may have, built-in and declared: per-kind tables are arrays of
    /// this size, kept on the stack of every record's resolution.
    pub(crate) const CAPACITY: usize = 16;

    /// The kind's position in the run's kinds ([`Kinds::all`]).
    pub(crate) fn index(self) -> usize {
        usize::from(self.0.index)
    }

    /// The kind's id in the spec and in sources' column names.
    pub fn as_str(self) -> &'static str {
        self.0.id
    }

    /// The kind's Chinese name, as places files and bulletins write it.
    pub fn chinese(self) -> &'static str {
        self.0.chinese
    }

    /// The kind's level in the hierarchy, smaller for higher levels: street, community, grid
    /// cell, then neighborhoods, roads and handling units at the bottom, and declared kinds
    /// between the levels they are declared against. Only the order means anything. A
    /// parent's kind must have a smaller level than its child's (a community's parent is a
    /// street, never a neighborhood), so a chain of parents always climbs and never closes on
    /// itself.
    pub fn level(self) -> u32 {
        self.0.level
    }

    /// Whether a spec declared the kind.
    pub fn is_declared(self) -> bool {
        self.index() >= PlaceKind::ALL.len()
    }

    /// The headers of a source's column naming a declared kind's place (`片区`, `所属片区`);
    /// empty for a built-in kind, whose headers are the source columns'.
    pub(crate) fn declared_headers(self) -> &'static [&'static str] {
        self.0.headers
    }

    /// The built-in kind whose name (English, ignoring case, or Chinese) is `text`; a spec's
    /// declared kinds are found with [`Kinds::find`].
    pub fn from_name(text: &str) -> Option<PlaceKind> {
        Kinds::built_in().find(text)
    }

    /// Whether `text` (normalized and trimmed) names the kind.
    fn is_named(self, text: &str) -> bool {
        text.eq_ignore_ascii_case(self.0.id)
            || text == self.0.chinese
            || self.0.other_names.contains(&text)
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PlaceKind({})", self.as_str())
    }
}

impl Serialize for PlaceKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A kind a spec declares (`[kinds.area]`): its id, its Chinese name, and the kind it sits
/// right above or right below.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindDeclaration {
    /// The id (`area`): lowercase ASCII letters, digits and `_`, from a letter.
    pub id: String,
    /// The Chinese name (`片区`).
    pub name: String,
    /// The kind it sits right above (`community`): between that kind and the level above it.
    pub above: Option<String>,
    /// The kind it sits right below (`neighborhood`): between that kind and the level below.
    pub below: Option<String>,
}

/// What is wrong with the declarations of [`Kinds::declare`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationError {
    /// The declaration at fault, by position; `None` when it is the declarations together
    /// (too many).
    pub position: Option<usize>,
    /// The key at fault: `id`, `name`, `above` or `below`; empty without a position.
    pub key: &'static str,
    /// What is wrong.
    pub kind: Box<ErrorKind>,
}

/// The error of declaration `position` at `key`.
fn refuse(position: usize, key: &'static str, kind: ErrorKind) -> DeclarationError {
    DeclarationError {
        position: Some(position),
        key,
        kind: Box::new(kind),
    }
}

/// A run's kinds of place: the six built in, then those its spec declares.
///
/// ```
/// use livability::places::{KindDeclaration, Kinds, PlaceKind};
///
/// let kinds = Kinds::declare(&[KindDeclaration {
///     id: "area".to_owned(),
///     name: "片区".to_owned(),
///     above: Some("community".to_owned()),
///     below: None,
/// }])
/// .unwrap();
/// let area = kinds.find("片区").unwrap();
/// assert!(PlaceKind::Street.level() < area.level());
/// assert!(area.level() < PlaceKind::Community.level());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kinds {
    all: Vec<PlaceKind>,
}

impl Default for Kinds {
    fn default() -> Kinds {
        Kinds::built_in()
    }
}

impl Kinds {
    /// The six built-in kinds alone: what a spec without `[kinds]` has.
    pub fn built_in() -> Kinds {
        Kinds {
            all: PlaceKind::ALL.to_vec(),
        }
    }

    /// The built-in kinds and `declarations`, taken in the order of their ids so that the
    /// kinds' order does not depend on how a spec lists them.
    ///
    /// A declaration sits right above or right below one kind (built in or declared), or,
    /// naming neither, at the bottom with roads and neighborhoods. Errors: an id that is not
    /// ASCII, an id or name another kind has, both `above` and `below`, a kind neither built in
    /// nor declared, declarations above or below each other in a cycle, too many kinds.
    pub fn declare(declarations: &[KindDeclaration]) -> Result<Kinds, DeclarationError> {
        let mut order: Vec<usize> = (0..declarations.len()).collect();
        order.sort_by(|&a, &b| declarations[a].id.cmp(&declarations[b].id));
        let most = PlaceKind::CAPACITY - PlaceKind::ALL.len();
        if declarations.len() > most {
            let error = ErrorKind::TooManyKinds {
                count: declarations.len(),
                most,
            };
            return Err(DeclarationError {
                position: None,
                key: "",
                kind: Box::new(error),
            });
        }
        for &at in &order {
            check_names(declarations, at)?;
        }
        // The levels, each found from the kind it is declared against, that kind's first.
        let mut levels: Vec<Option<(u32, u32)>> = vec![None; declarations.len()];
        for &at in &order {
            let mut path = Vec::new();
            level_of(declarations, at, &mut levels, &mut path)?;
        }
        let mut kinds = Kinds::built_in();
        for (index, &at) in order.iter().enumerate() {
            let declaration = &declarations[at];
            let Some((level, _)) = levels[at] else {
                continue;
            };
            let id = normalize(&declaration.id).trim().to_ascii_lowercase();
            let chinese = normalize(&declaration.name).trim().to_owned();
            let headers = vec![chinese.clone(), format!("所属{chinese}")];
            kinds.all.push(intern(DeclaredKind {
                index: (PlaceKind::ALL.len() + index) as u8,
                id,
                chinese,
                level,
                headers,
            }));
        }
        Ok(kinds)
    }

    /// Adds `kind` (a place's, given in memory) when it is not among the kinds yet; `false`
    /// when another kind has its index already (kinds of two specs' declarations mixed).
    pub(crate) fn include(&mut self, kind: PlaceKind) -> bool {
        match self.with_index(kind.index()) {
            Some(known) => known == kind,
            None => {
                self.all.push(kind);
                self.all.sort();
                true
            }
        }
    }

    /// The kind at `index`, if the run has one there.
    pub(crate) fn with_index(&self, index: usize) -> Option<PlaceKind> {
        self.all.iter().copied().find(|kind| kind.index() == index)
    }

    /// Every kind, in index order.
    pub fn all(&self) -> &[PlaceKind] {
        &self.all
    }

    /// The kind named `text`: an id (ignoring case) or a Chinese name (`片区`, `居委会`).
    pub fn find(&self, text: &str) -> Option<PlaceKind> {
        let text = normalize(text);
        let text = text.trim();
        self.all.iter().copied().find(|kind| kind.is_named(text))
    }

    /// The kinds as a message lists them: `road/道路, neighborhood/小区, …`.
    pub fn listed(&self) -> String {
        self.all
            .iter()
            .map(|kind| format!("{}/{}", kind.as_str(), kind.chinese()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The kind whose id or Chinese name is closest to `text`, when it is near enough to be a
    /// slip: half its characters apart at most (at least one).
    pub(crate) fn nearest(&self, text: &str) -> Option<PlaceKind> {
        nearest_of(
            text,
            self.all
                .iter()
                .map(|&kind| (kind, [kind.as_str(), kind.chinese()])),
        )
    }

    /// The error for a kind named `text` that is none of these: the key's options and the
    /// nearest, as serde words an unknown option of any other key.
    pub(crate) fn unknown(&self, text: &str) -> ErrorKind {
        let options: Vec<String> = self
            .all
            .iter()
            .map(|kind| format!("`{}`", kind.as_str()))
            .collect();
        let hint = match self.nearest(text) {
            Some(nearest) => format!(" (did you mean `{nearest}`?)"),
            None => String::new(),
        };
        ErrorKind::UnknownKind {
            kind: crate::error::shorten(text),
            known: options.join(", "),
            hint,
        }
    }
}

/// The item one of whose spellings is nearest `text`, when it is half the spelling's
/// characters apart at most (at least one): a slip (`aera`), worth suggesting.
fn nearest_of<'a, T, const N: usize>(
    text: &str,
    items: impl IntoIterator<Item = (T, [&'a str; N])>,
) -> Option<T> {
    let text: Vec<char> = normalize(text).trim().to_lowercase().chars().collect();
    let mut best: Option<(usize, T)> = None;
    for (item, spellings) in items {
        for spelling in spellings {
            let chars: Vec<char> = spelling.chars().collect();
            let limit = (chars.len() / 2).max(1);
            let Some(distance) = super::suggest::distance_within(&text, &chars, limit) else {
                continue;
            };
            if best.as_ref().is_none_or(|(known, _)| distance < *known) {
                best = Some((distance, item));
                break;
            }
        }
    }
    best.map(|(_, item)| item)
}

/// Checks declaration `at`'s id and name: ASCII id, a name, neither another kind's.
fn check_names(declarations: &[KindDeclaration], at: usize) -> Result<(), DeclarationError> {
    let declaration = &declarations[at];
    let id = declaration.id.trim();
    // An id names SQL columns and tables (`key_area`, `grid_area`) and CSV keys: lowercase
    // ASCII letters, digits and `_`, from a letter.
    let well_formed = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !well_formed {
        let error = ErrorKind::SpecValue {
            found: format!("'{}'", crate::error::shorten(id)),
            expected: "a kind's id: lowercase ASCII letters, digits and '_', from a letter"
                .to_owned(),
        };
        return Err(refuse(at, "id", error));
    }
    let name = normalize(&declaration.name);
    let name = name.trim();
    if name.is_empty() {
        let error = ErrorKind::MissingKey {
            key: "name".to_owned(),
            why: ": a declared kind needs its Chinese name (片区)".to_owned(),
        };
        return Err(refuse(at, "name", error));
    }
    // `group_by = "parent"` (上级) groups by each place's parent: no kind may be so named.
    for (key, text) in [("id", id), ("name", name)] {
        if text.eq_ignore_ascii_case("parent") || text == "上级" {
            let error = ErrorKind::SpecValue {
                found: format!("'{text}'"),
                expected: "a kind's id or name other than 'parent' or '上级', which `group_by` \
                           reads as each place's parent"
                    .to_owned(),
            };
            return Err(refuse(at, key, error));
        }
    }
    let built_in = Kinds::built_in();
    for (key, text) in [("id", id), ("name", name)] {
        let clash = built_in.find(text).map(|kind| kind.as_str().to_owned());
        let clash = clash.or_else(|| {
            declarations
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != at)
                .find(|(_, other)| {
                    other.id.trim().eq_ignore_ascii_case(text)
                        || normalize(&other.name).trim() == text
                })
                .map(|(_, other)| other.id.trim().to_owned())
        });
        if let Some(with) = clash {
            let error = ErrorKind::KindClash {
                kind: id.to_owned(),
                name: crate::error::shorten(text),
                with,
            };
            return Err(refuse(at, key, error));
        }
    }
    if declaration.above.is_some() && declaration.below.is_some() {
        let error = ErrorKind::UnusedKey {
            key: "below".to_owned(),
            context: "with `above`: a declared kind sits right above one kind or right below one"
                .to_owned(),
        };
        return Err(refuse(at, "below", error));
    }
    Ok(())
}

/// Finds declaration `at`'s level and the half-step a kind declared against it takes, into
/// `levels`, the kind it names first; `path` holds the declarations being found, to tell a
/// cycle.
fn level_of(
    declarations: &[KindDeclaration],
    at: usize,
    levels: &mut [Option<(u32, u32)>],
    path: &mut Vec<usize>,
) -> Result<(u32, u32), DeclarationError> {
    if let Some(found) = levels[at] {
        return Ok(found);
    }
    if let Some(start) = path.iter().position(|&on| on == at) {
        let mut cycle: Vec<String> = path[start..]
            .iter()
            .map(|&on| declarations[on].id.trim().to_owned())
            .collect();
        cycle.push(declarations[at].id.trim().to_owned());
        let key = relation_key(&declarations[at]);
        let cycle = cycle.join(" → ");
        return Err(refuse(at, key, ErrorKind::KindCycle { cycle }));
    }
    let declaration = &declarations[at];
    let (named, above) = match (&declaration.above, &declaration.below) {
        (Some(named), _) => (named, true),
        (None, Some(named)) => (named, false),
        // Neither: at the bottom, with roads and neighborhoods.
        (None, None) => {
            levels[at] = Some((BOTTOM_LEVEL, LEVEL_STEP / 2));
            return Ok((BOTTOM_LEVEL, LEVEL_STEP / 2));
        }
    };
    let key = relation_key(declaration);
    let (level, step) = if let Some(kind) = Kinds::built_in().find(named) {
        (kind.level(), LEVEL_STEP / 2)
    } else if let Some(other) = declarations.iter().position(|other| {
        let text = normalize(named);
        let text = text.trim();
        other.id.trim().eq_ignore_ascii_case(text) || normalize(&other.name).trim() == text
    }) {
        path.push(at);
        let found = level_of(declarations, other, levels, path)?;
        path.pop();
        found
    } else {
        let mut known: Vec<String> = PlaceKind::ALL
            .iter()
            .map(|kind| kind.as_str().to_owned())
            .collect();
        known.extend(declarations.iter().map(|other| other.id.trim().to_owned()));
        let hint = match nearest_of(named, known.iter().map(|id| (id, [id.as_str()]))) {
            Some(nearest) => format!(" (did you mean `{nearest}`?)"),
            None => String::new(),
        };
        let known: Vec<String> = known.iter().map(|id| format!("`{id}`")).collect();
        let error = ErrorKind::UnknownKind {
            kind: crate::error::shorten(named),
            known: known.join(", "),
            hint,
        };
        return Err(refuse(at, key, error));
    };
    let own = match above {
        true => level - step,
        false => level + step,
    };
    levels[at] = Some((own, step / 2));
    Ok((own, step / 2))
}

/// The key a declaration places itself with: `above` or `below`.
fn relation_key(declaration: &KindDeclaration) -> &'static str {
    match declaration.above.is_some() {
        true => "above",
        false => "below",
    }
}

/// A declared kind as read, before it is kept for the process.
struct DeclaredKind {
    index: u8,
    id: String,
    chinese: String,
    level: u32,
    headers: Vec<String>,
}

/// Declared kinds made so far in this process: a declaration seen before (a spec read again,
/// the page recomputing as its spec is edited) finds its kind here instead of making another.
static DECLARED: Mutex<Vec<&'static KindDef>> = Mutex::new(Vec::new());

/// The kind of `declared`: the one made before for the same declaration, else a new one,
/// kept for the rest of the process (a few dozen bytes per distinct declaration).
fn intern(declared: DeclaredKind) -> PlaceKind {
    // A panic elsewhere while the list was held leaves it whole (it is only ever pushed to).
    let mut made = DECLARED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let same = |def: &&&'static KindDef| {
        def.index == declared.index
            && def.id == declared.id
            && def.chinese == declared.chinese
            && def.level == declared.level
    };
    if let Some(def) = made.iter().find(same) {
        return PlaceKind(def);
    }
    let headers: Vec<&'static str> = declared
        .headers
        .into_iter()
        .map(|header| &*Box::leak(header.into_boxed_str()))
        .collect();
    let def: &'static KindDef = Box::leak(Box::new(KindDef {
        index: declared.index,
        id: Box::leak(declared.id.into_boxed_str()),
        chinese: Box::leak(declared.chinese.into_boxed_str()),
        other_names: &[],
        level: declared.level,
        headers: Box::leak(headers.into_boxed_slice()),
    }));
    made.push(def);
    PlaceKind(def)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(id: &str, name: &str, above: Option<&str>, below: Option<&str>) -> KindDeclaration {
        KindDeclaration {
            id: id.to_owned(),
            name: name.to_owned(),
            above: above.map(str::to_owned),
            below: below.map(str::to_owned),
        }
    }

    #[test]
    fn built_in_kinds_keep_their_order_names_and_levels() {
        let ids: Vec<&str> = PlaceKind::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(
            ids,
            [
                "road",
                "neighborhood",
                "street",
                "community",
                "grid",
                "handler"
            ]
        );
        for (index, kind) in PlaceKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), index);
            assert!(!kind.is_declared());
        }
        assert!(PlaceKind::Street.level() < PlaceKind::Community.level());
        assert!(PlaceKind::Community.level() < PlaceKind::Grid.level());
        assert!(PlaceKind::Grid.level() < PlaceKind::Road.level());
        assert_eq!(PlaceKind::Road.level(), PlaceKind::Neighborhood.level());
        assert_eq!(PlaceKind::from_name("镇"), Some(PlaceKind::Street));
        assert_eq!(PlaceKind::from_name(" 居委会 "), Some(PlaceKind::Community));
        assert_eq!(PlaceKind::from_name("片区"), None);
    }

    #[test]
    fn declared_kinds_sit_between_the_levels_they_name() {
        let kinds = Kinds::declare(&[
            declared("zone", "责任区", Some("area"), None),
            declared("area", "片区", Some("community"), None),
            declared("building", "楼栋", None, Some("neighborhood")),
            declared("park", "园区", None, None),
        ])
        .unwrap();
        let find = |name: &str| kinds.find(name).unwrap();
        let (area, zone, building) = (find("area"), find("责任区"), find("楼栋"));
        assert!(PlaceKind::Street.level() < zone.level());
        assert!(zone.level() < area.level());
        assert!(area.level() < PlaceKind::Community.level());
        assert!(PlaceKind::Neighborhood.level() < building.level());
        assert_eq!(find("park").level(), PlaceKind::Road.level());
        // Indexes follow the ids' order, whatever the declarations' order.
        let ids: Vec<&str> = kinds.all()[6..].iter().map(|kind| kind.as_str()).collect();
        assert_eq!(ids, ["area", "building", "park", "zone"]);
        for (index, kind) in kinds.all().iter().enumerate() {
            assert_eq!(kind.index(), index);
        }
        assert!(area.is_declared());
        assert_eq!(area.declared_headers(), ["片区", "所属片区"]);
        // The same declaration read again is the same kind.
        let again = Kinds::declare(&[
            declared("area", "片区", Some("community"), None),
            declared("building", "楼栋", None, Some("neighborhood")),
            declared("park", "园区", None, None),
            declared("zone", "责任区", Some("area"), None),
        ])
        .unwrap();
        assert_eq!(again, kinds);
    }

    #[test]
    fn declarations_that_make_no_sense_are_errors_at_their_key() {
        let error = |declarations: &[KindDeclaration]| {
            let error = Kinds::declare(declarations).unwrap_err();
            (error.position, error.key, *error.kind)
        };
        let (at, key, kind) = error(&[declared("town", "镇", None, None)]);
        assert_eq!((at, key), (Some(0), "name"));
        assert!(matches!(kind, ErrorKind::KindClash { with, .. } if with == "street"));
        let (_, key, kind) = error(&[
            declared("area", "片区", None, None),
            declared("area2", "片区", None, None),
        ]);
        assert_eq!(key, "name");
        assert!(matches!(kind, ErrorKind::KindClash { .. }));
        let (_, key, kind) = error(&[declared("area", "片区", Some("comunity"), None)]);
        assert_eq!(key, "above");
        assert!(
            matches!(&kind, ErrorKind::UnknownKind { hint, .. } if hint.contains("community")),
            "{kind}"
        );
        let (_, key, kind) = error(&[
            declared("a", "甲", Some("b"), None),
            declared("b", "乙", None, Some("a")),
        ]);
        assert!(["above", "below"].contains(&key));
        assert!(matches!(kind, ErrorKind::KindCycle { .. }), "{kind}");
        let (_, key, _) = error(&[declared("a", "甲", Some("street"), Some("community"))]);
        assert_eq!(key, "below");
        let (_, key, _) = error(&[declared("片区", "片区", None, None)]);
        assert_eq!(key, "id");
        let (_, key, _) = error(&[declared("area", "上级", None, None)]);
        assert_eq!(key, "name");
        let many: Vec<KindDeclaration> = (0..11)
            .map(|n| declared(&format!("k{n}"), &format!("级{n}"), None, None))
            .collect();
        assert!(matches!(error(&many).2, ErrorKind::TooManyKinds { .. }));
    }
}
