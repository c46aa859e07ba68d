//! The gazetteer: the roads and neighborhoods that boards rank, their names, aliases and
//! attributes, and the lookup of a name, alias or id within a kind.

mod lookup;

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use csv::ByteRecord;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Location, Result};
use crate::name::normalize;
use crate::read::csv::{Column, CsvInput};
use crate::read::header::HeaderSearch;
use crate::source::Encoding;
use crate::source::field;
use lookup::NameLookup;

/// What a place is: boards rank places of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    /// A road (道路).
    Road,
    /// A residential neighborhood (小区).
    Neighborhood,
}

impl PlaceKind {
    /// Both kinds, in the order their indexes use.
    pub const ALL: [PlaceKind; 2] = [PlaceKind::Road, PlaceKind::Neighborhood];

    /// The kind's position in [`PlaceKind::ALL`].
    pub(crate) fn index(self) -> usize {
        match self {
            PlaceKind::Road => 0,
            PlaceKind::Neighborhood => 1,
        }
    }

    /// The kind's name in the spec and in sources' column names.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Road => "road",
            PlaceKind::Neighborhood => "neighborhood",
        }
    }

    /// Reads `road`/`道路` or `neighborhood`/`小区` (English ignoring case).
    fn parse(text: &str) -> Option<PlaceKind> {
        let text = normalize(text);
        if text.eq_ignore_ascii_case("road") || text == "道路" {
            Some(PlaceKind::Road)
        } else if text.eq_ignore_ascii_case("neighborhood") || text == "小区" {
            Some(PlaceKind::Neighborhood)
        } else {
            None
        }
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A road or neighborhood: a stable id, a display name, other spellings seen in source data,
/// and decimal attributes (households, length in km, …) usable as rate denominators.
///
/// ```
/// use livability::{Place, PlaceKind};
/// use rust_decimal::Decimal;
///
/// let place = Place::new("N01", PlaceKind::Neighborhood, "天山二村")
///     .with_alias("天山二村小区")
///     .with_attribute("households", Decimal::from(1520));
/// assert_eq!(place.attribute("households"), Some(Decimal::from(1520)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    id: String,
    kind: PlaceKind,
    name: String,
    aliases: Vec<String>,
    attributes: Vec<(String, Decimal)>,
}

impl Place {
    /// A place with an id, a kind and a display name; spaces around them are trimmed.
    pub fn new(id: impl AsRef<str>, kind: PlaceKind, name: impl AsRef<str>) -> Place {
        Place {
            id: id.as_ref().trim().to_owned(),
            kind,
            name: name.as_ref().trim().to_owned(),
            aliases: Vec::new(),
            attributes: Vec::new(),
        }
    }

    /// The place with one more alias.
    pub fn with_alias(mut self, alias: impl AsRef<str>) -> Place {
        let alias = alias.as_ref().trim();
        if !alias.is_empty() {
            self.aliases.push(alias.to_owned());
        }
        self
    }

    /// The place with the attribute `name` set to `value` (replacing an earlier value).
    pub fn with_attribute(mut self, name: impl AsRef<str>, value: Decimal) -> Place {
        let name = normalize(name.as_ref()).into_owned();
        match self.attributes.iter_mut().find(|(known, _)| *known == name) {
            Some(slot) => slot.1 = value,
            None => self.attributes.push((name, value)),
        }
        self
    }

    /// The stable id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Road or neighborhood.
    pub fn kind(&self) -> PlaceKind {
        self.kind
    }

    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Other spellings that resolve to the place.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The value of attribute `name`, or `None` when unknown.
    pub fn attribute(&self, name: &str) -> Option<Decimal> {
        let name = normalize(name);
        self.attributes
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, value)| *value)
    }
}

/// The position of a place in its gazetteer.
pub(crate) type PlaceIndex = usize;

/// Normalized id, name or alias → the place's position among the places of its kind: every
/// record does a lookup, and counts by that position.
///
/// Names and aliases, what records nearly always write, are kept apart from ids that are
/// nothing else: the table every record looks in is then half as large, and stays in the
/// core's cache better while a file streams through. (A key names one place of a kind at
/// most, so looking in one table and then the other finds what one table would.)
#[derive(Clone, Debug, Default)]
struct Lookup {
    names: NameLookup,
    ids: NameLookup,
}

impl Lookup {
    fn get(&self, key: &str) -> Option<usize> {
        self.names.get(key).or_else(|| self.ids.get(key))
    }
}

/// The places of a district, in gazetteer order (the order of `places.csv`, used to list
/// equals unless a board asks for another order), with lookup by name, alias or id.
///
/// Ids are unique; within a kind, no name, alias or id may resolve to two places, so that
/// resolution is never a guess.
///
/// ```
/// use livability::{Gazetteer, Place, PlaceKind};
///
/// let gazetteer = Gazetteer::new([
///     Place::new("R1", PlaceKind::Road, "新华路"),
///     Place::new("N1", PlaceKind::Neighborhood, "天山二村").with_alias("天山2村"),
/// ])?;
/// let place = gazetteer.find(PlaceKind::Neighborhood, "天山２村").unwrap();
/// assert_eq!(place.id(), "N1");
/// assert!(gazetteer.find(PlaceKind::Road, "天山二村").is_none());
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Attribute names, in column order.
    attributes: Vec<String>,
    /// Per kind: normalized id, name or alias → position among the places of the kind.
    lookup: [Lookup; 2],
    /// Per kind: the places of that kind, in gazetteer order.
    by_kind: [Vec<PlaceIndex>; 2],
}

pub(crate) const ID: Column = Column {
    name: "id",
    headers: &["编号"],
};
pub(crate) const KIND: Column = Column {
    name: "kind",
    headers: &["类型"],
};
pub(crate) const NAME: Column = Column {
    name: "name",
    headers: &["名称"],
};
const ALIASES: Column = Column {
    name: "aliases",
    headers: &["别名"],
};

/// How a places file's header is found: the row `forced` names (`places_header_row`), else
/// the row matching most of the place columns' headers, below any title or metadata rows.
pub(crate) fn header_search(forced: Option<u64>) -> HeaderSearch {
    HeaderSearch::for_columns(&[ID, KIND, NAME, ALIASES], [], forced)
}

impl Gazetteer {
    /// A gazetteer of `places`, in the order given. A repeated id, or a name, alias or id that
    /// would resolve to two places of a kind, is an error naming the place's position.
    pub fn new(places: impl IntoIterator<Item = Place>) -> Result<Gazetteer> {
        let mut builder = Builder::new("record", Vec::new());
        for (position, place) in places.into_iter().enumerate() {
            let number = position as u64 + 1;
            builder.add(place, number, || Location::Record {
                source: "places".to_owned(),
                number,
                id: None,
                column: None,
            })?;
        }
        Ok(builder.finish())
    }

    /// Reads `places.csv` from the file at `path`.
    pub fn from_path(path: impl AsRef<Path>, encoding: Encoding) -> Result<Gazetteer> {
        let path = path.as_ref();
        Gazetteer::read_file(path, None, encoding, &header_search(None))
    }

    /// Reads the places from the file at `path`: a workbook's sheet `sheet` (by default its
    /// first), or a CSV file in `encoding`; the header found as `search` says.
    pub(crate) fn read_file(
        path: &Path,
        sheet: Option<&str>,
        encoding: Encoding,
        search: &HeaderSearch,
    ) -> Result<Gazetteer> {
        #[cfg(feature = "spreadsheet")]
        if let Some(source) = crate::source::sheet::Source::file(path, sheet) {
            return Gazetteer::from_sheet(&source.with_header(search.clone()));
        }
        #[cfg(not(feature = "spreadsheet"))]
        let _ = sheet;
        Gazetteer::read(CsvInput::open_found(path, encoding, search)?)
    }

    /// Reads the places from sheet `sheet` (by default the first) of the workbook at `path`
    /// (`.xlsx`, `.xlsm`, `.xls` or `.ods`, by its name), with the same headers as
    /// `places.csv`. Needs the `spreadsheet` feature.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let dir = std::env::temp_dir().join(format!("livability-doc-places-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir)?;
    /// # let path = dir.join("places.xlsx");
    /// # let mut book = rust_xlsxwriter::Workbook::new();
    /// # let sheet = book.add_worksheet().set_name("地名")?;
    /// # for (row, cells) in [["编号", "类型", "名称"], ["R01", "道路", "天山路"]].iter().enumerate() {
    /// #     for (column, cell) in cells.iter().enumerate() {
    /// #         sheet.write_string(row as u32, column as u16, *cell)?;
    /// #     }
    /// # }
    /// # book.save(&path)?;
    /// let places = livability::Gazetteer::from_sheet_path(&path, Some("地名"))?;
    /// assert_eq!(places.places().len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    #[cfg(feature = "spreadsheet")]
    pub fn from_sheet_path(path: impl AsRef<Path>, sheet: Option<&str>) -> Result<Gazetteer> {
        let path = path.as_ref();
        let source = crate::source::sheet::Source::file(path, sheet).ok_or_else(|| {
            Error::new(
                ErrorKind::Workbook {
                    message:
                        "its name ends in none of .xlsx, .xlsm, .xls, .ods, which say its format"
                            .to_owned(),
                },
                Location::at_file(path),
            )
        })?;
        Gazetteer::from_sheet(&source.with_header(header_search(None)))
    }

    /// Reads `places.csv` from `input`; `name` names it in messages.
    pub fn from_reader(
        input: impl Read,
        name: impl AsRef<Path>,
        encoding: Encoding,
    ) -> Result<Gazetteer> {
        Gazetteer::read(CsvInput::from_reader_found(
            input,
            name.as_ref(),
            encoding,
            &header_search(None),
        )?)
    }

    pub(crate) fn read<R: Read>(mut csv: CsvInput<R>) -> Result<Gazetteer> {
        let find = |column: &Column| {
            csv.header()
                .find(column, None)
                .map_err(|kind| csv.header_error(rename_one(kind)))
        };
        let require = |column: &Column| {
            find(column)?.ok_or_else(|| {
                let looked_for = crate::read::header::looked_for(column, None);
                csv.header_error(crate::read::header::missing(column.name, looked_for))
            })
        };
        let id = require(&ID)?;
        let kind = require(&KIND)?;
        let name = require(&NAME)?;
        let aliases = find(&ALIASES)?;
        let known = [Some(id), Some(kind), Some(name), aliases];
        let attributes: Vec<(usize, String)> = (0..csv.header().len())
            .filter(|index| !known.contains(&Some(*index)))
            .map(|index| (index, normalize(csv.header().cell(index)).into_owned()))
            .collect();
        for (position, (index, attribute)) in attributes.iter().enumerate() {
            if let Some((first, _)) = attributes[..position]
                .iter()
                .find(|(_, other)| other == attribute)
            {
                return Err(csv.header_error(rename_one(ErrorKind::AmbiguousColumn {
                    column: crate::error::shorten(attribute),
                    first: crate::error::shorten(csv.header().cell(*first)),
                    second: crate::error::shorten(csv.header().cell(*index)),
                    remedy: String::new(),
                })));
            }
        }
        let mut builder = Builder::new(
            "line",
            attributes.iter().map(|(_, name)| name.clone()).collect(),
        );
        let mut record = ByteRecord::new();
        while csv.read(&mut record)? {
            let required = |csv: &mut CsvInput<R>, index: usize| -> Result<String> {
                let text = csv.text(&record, index)?;
                let text = text.trim();
                if text.is_empty() {
                    return Err(csv.error_at(ErrorKind::MissingValue, index));
                }
                Ok(text.to_owned())
            };
            let place_id = required(&mut csv, id)?;
            let kind_text = required(&mut csv, kind)?;
            let place_kind = PlaceKind::parse(&kind_text).ok_or_else(|| {
                csv.error_at(
                    ErrorKind::BadValue {
                        value: crate::error::shorten(&kind_text),
                        expected: "a place kind (road/道路 or neighborhood/小区)".to_owned(),
                    },
                    kind,
                )
            })?;
            let mut place = Place::new(place_id, place_kind, required(&mut csv, name)?);
            if let Some(aliases) = aliases {
                let text = csv.text(&record, aliases)?;
                for alias in normalize(&text).split('|') {
                    place = place.with_alias(alias);
                }
            }
            for (index, attribute) in &attributes {
                let text = csv.text(&record, *index)?;
                let value = field::decimal(&text).map_err(|kind| csv.error_at(kind, *index))?;
                if let Some(value) = value {
                    place.attributes.push((attribute.clone(), value));
                }
            }
            let line = csv.line();
            builder.add(place, line, || Location::at_line(csv.path(), line, None))?;
        }
        if builder.places.is_empty() {
            return Err(Error::new(ErrorKind::NoRows, Location::at_file(csv.path())));
        }
        Ok(builder.finish())
    }

    /// All places, in gazetteer order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The places of `kind`, in gazetteer order.
    pub fn of_kind(&self, kind: PlaceKind) -> impl Iterator<Item = &Place> {
        self.by_kind[kind.index()]
            .iter()
            .map(|&index| &self.places[index])
    }

    /// The names of the places' attributes.
    pub fn attributes(&self) -> &[String] {
        &self.attributes
    }

    /// The place of `kind` whose name, alias or id is `text` (after trim + NFKC).
    pub fn find(&self, kind: PlaceKind, text: &str) -> Option<&Place> {
        self.find_index(kind, text).map(|index| &self.places[index])
    }

    /// The index of the place of `kind` whose name, alias or id is `text`.
    pub(crate) fn find_index(&self, kind: PlaceKind, text: &str) -> Option<PlaceIndex> {
        self.find_position(kind, text)
            .map(|position| self.by_kind[kind.index()][position])
    }

    /// The position among the places of `kind` of the one whose name, alias or id is `text`.
    pub(crate) fn find_position(&self, kind: PlaceKind, text: &str) -> Option<usize> {
        self.lookup[kind.index()].get(&normalize(text))
    }

    /// The place at `index`.
    pub(crate) fn place(&self, index: PlaceIndex) -> &Place {
        &self.places[index]
    }

    /// The place of `kind` at `position` among the places of that kind.
    pub(crate) fn place_of_kind(&self, kind: PlaceKind, position: usize) -> &Place {
        &self.places[self.by_kind[kind.index()][position]]
    }

    /// The indexes of the places of `kind`, in gazetteer order.
    pub(crate) fn indexes_of_kind(&self, kind: PlaceKind) -> &[PlaceIndex] {
        &self.by_kind[kind.index()]
    }
}

/// Two header cells of `places.csv` that read as one column: one must be renamed.
fn rename_one(mut kind: ErrorKind) -> ErrorKind {
    if let ErrorKind::AmbiguousColumn { remedy, .. } = &mut kind {
        *remedy = ": rename one".to_owned();
    }
    kind
}

/// Checks places one by one as they are added.
struct Builder {
    places: Vec<Place>,
    attributes: Vec<String>,
    /// Where each place was defined: a line or record number, in [`Builder::unit`]s.
    origins: Vec<u64>,
    /// "line" when places come from a file, "record" when from memory.
    unit: &'static str,
    ids: HashMap<String, PlaceIndex, Hasher>,
    lookup: [Lookup; 2],
    names: [HashMap<String, PlaceIndex, Hasher>; 2],
    /// Per kind: the places of that kind so far.
    by_kind: [Vec<PlaceIndex>; 2],
}

/// The hasher of the builder's maps: fast and fixed (the maps are only looked up in, never
/// iterated).
type Hasher = foldhash::fast::FixedState;

impl Builder {
    /// A builder of places defined at `unit`s ("line", "record"), with `attributes` known.
    fn new(unit: &'static str, attributes: Vec<String>) -> Builder {
        Builder {
            places: Vec::new(),
            attributes,
            origins: Vec::new(),
            unit,
            ids: HashMap::default(),
            lookup: Default::default(),
            names: Default::default(),
            by_kind: Default::default(),
        }
    }

    fn add(&mut self, place: Place, origin: u64, location: impl Fn() -> Location) -> Result<()> {
        let index = self.places.len();
        let unit = self.unit;
        let repeat = |what: &str, value: &str, first: PlaceIndex, origins: &[u64]| {
            Error::new(
                ErrorKind::RepeatedPlace {
                    what: what.to_owned(),
                    value: crate::error::shorten(value),
                    first: format!("{unit} {}", origins[first]),
                },
                location(),
            )
        };
        if place.id.is_empty() || place.name.is_empty() {
            return Err(Error::new(ErrorKind::MissingValue, location()));
        }
        let id = normalize(&place.id).into_owned();
        if let Some(&first) = self.ids.get(&id) {
            return Err(repeat("id", &place.id, first, &self.origins));
        }
        let kind = place.kind.index();
        let name = normalize(&place.name).into_owned();
        if let Some(&first) = self.names[kind].get(&name) {
            return Err(repeat("name", &place.name, first, &self.origins));
        }
        let keys = [&place.id, &place.name]
            .into_iter()
            .chain(&place.aliases)
            .map(|key| normalize(key).into_owned());
        let mut own_keys: Vec<String> = Vec::new();
        // The id is the first key; it goes with the names when the name or an alias repeats it.
        let mut id_only = true;
        for key in keys {
            if let Some(earlier) = own_keys.iter().position(|own| *own == key) {
                id_only &= earlier != 0;
                continue;
            }
            if let Some(first) = self.lookup[kind].get(&key) {
                let first = self.by_kind[kind][first];
                return Err(repeat("name, alias or id", &key, first, &self.origins));
            }
            own_keys.push(key);
        }
        for (attribute, _) in &place.attributes {
            if !self.attributes.contains(attribute) {
                self.attributes.push(attribute.clone());
            }
        }
        self.ids.insert(id, index);
        self.names[kind].insert(name, index);
        let position = self.by_kind[kind].len();
        let lookup = &mut self.lookup[kind];
        for (at, key) in own_keys.into_iter().enumerate() {
            if at == 0 && id_only {
                lookup.ids.insert(&key, position);
            } else {
                lookup.names.insert(&key, position);
            }
        }
        self.by_kind[kind].push(index);
        self.origins.push(origin);
        self.places.push(place);
        Ok(())
    }

    fn finish(self) -> Gazetteer {
        Gazetteer {
            places: self.places,
            attributes: self.attributes,
            lookup: self.lookup,
            by_kind: self.by_kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Gazetteer> {
        Gazetteer::from_reader(text.as_bytes(), "places.csv", Encoding::Auto)
    }

    #[test]
    fn reads_english_or_chinese_headers_with_attributes() {
        let gazetteer = read(
            "编号,类型,名称,别名,households,length_km\n\
             R1,道路,新华路,,,2.3\n\
             N1,小区,天山二村,天山2村|天山二村小区,1520,\n",
        )
        .unwrap();
        assert_eq!(gazetteer.attributes(), ["households", "length_km"]);
        let road = gazetteer.find(PlaceKind::Road, "R1").unwrap();
        assert_eq!(road.attribute("length_km"), Some(Decimal::new(23, 1)));
        assert_eq!(road.attribute("households"), None);
        let neighborhood = gazetteer
            .find(PlaceKind::Neighborhood, "天山二村小区")
            .unwrap();
        assert_eq!(neighborhood.name(), "天山二村");
        assert_eq!(neighborhood.aliases(), ["天山2村", "天山二村小区"]);
    }

    #[test]
    fn keeps_gazetteer_order_per_kind() {
        let gazetteer =
            read("id,kind,name\nN2,neighborhood,b\nR1,road,r\nN1,neighborhood,a\n").unwrap();
        let names: Vec<&str> = gazetteer
            .of_kind(PlaceKind::Neighborhood)
            .map(Place::name)
            .collect();
        assert_eq!(names, ["b", "a"]);
    }

    #[test]
    fn a_road_and_a_neighborhood_may_share_a_name() {
        let gazetteer = read("id,kind,name\nR1,road,遵义\nN1,neighborhood,遵义\n").unwrap();
        assert_eq!(gazetteer.find(PlaceKind::Road, "遵义").unwrap().id(), "R1");
        assert_eq!(
            gazetteer
                .find(PlaceKind::Neighborhood, "遵义")
                .unwrap()
                .id(),
            "N1"
        );
    }

    #[test]
    fn repeats_are_errors_naming_both_lines() {
        let error = read("id,kind,name\nR1,road,a\nR1,road,b\n").unwrap_err();
        assert_eq!(error.to_string(), "places.csv:3: id 'R1' repeats line 2");
        let error = read("id,kind,name\nR1,road,a\nR2,road,a\n").unwrap_err();
        assert_eq!(error.to_string(), "places.csv:3: name 'a' repeats line 2");
        let error = read("id,kind,name,aliases\nR1,road,a,x\nR2,road,b,x\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:3: name, alias or id 'x' repeats line 2"
        );
    }

    #[test]
    fn ids_names_and_aliases_find_their_place_from_either_table() {
        // N2's id is also its alias (one key, kept with the names); N3's alias is N1's id,
        // which lives in the table of ids: still a clash.
        let gazetteer =
            read("id,kind,name,aliases\nN1,小区,天山一村,\nN2,小区,天山二村,N2|天山2村\n").unwrap();
        let kind = PlaceKind::Neighborhood;
        for (key, id) in [
            ("N1", "N1"),
            ("天山一村", "N1"),
            ("Ｎ2", "N2"),
            ("天山二村", "N2"),
            ("天山2村", "N2"),
        ] {
            assert_eq!(gazetteer.find(kind, key).map(Place::id), Some(id), "{key}");
        }
        assert!(gazetteer.find(kind, "N3").is_none());
        assert!(gazetteer.find(PlaceKind::Road, "N1").is_none());
        let error = read("id,kind,name,aliases\nN1,小区,a,\nN3,小区,b,N1\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:3: name, alias or id 'N1' repeats line 2"
        );
        let error = read("id,kind,name,aliases\nN1,小区,a,x\nx,小区,b,\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:3: name, alias or id 'x' repeats line 2"
        );
    }

    #[test]
    fn bad_rows_are_errors_naming_line_and_column() {
        let error = read("id,kind,name\nR1,street,a\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:2: column 'kind': cannot read \"street\" as a place kind (road/道路 or neighborhood/小区)"
        );
        let error = read("id,kind,name,length_km\nR1,road,a,long\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:2: column 'length_km': cannot read \"long\" as a decimal"
        );
        let error = read("id,kind,name\nR1,road, \n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:2: column 'name': missing value"
        );
        let error = read("id,name\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("places.csv:1: no column for 'kind'")
        );
    }

    #[test]
    fn in_memory_places_are_checked_too() {
        let error = Gazetteer::new([
            Place::new("R1", PlaceKind::Road, "a"),
            Place::new("R1", PlaceKind::Road, "b"),
        ])
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "source 'places': record 2: id 'R1' repeats record 1"
        );
    }
}
