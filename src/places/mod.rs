//! The gazetteer: the places boards rank (roads and neighborhoods, and the levels above them:
//! streets, communities, grid cells; and the units that handle tickets), their names, aliases,
//! attributes and parents, and the lookup of a name, alias or id within a kind.

mod hierarchy;
mod kind;
mod lookup;
#[cfg(feature = "spreadsheet")]
mod sheet;
mod suggest;

pub use kind::{DeclarationError, KindDeclaration, Kinds, PlaceKind};
pub(crate) use suggest::{Spellings, close_place_among, closest};

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use crate::read::raw_row::RawRow;
use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::name::{fold, normalize};
use crate::read::csv::{Column, CsvInput};
use crate::read::header::HeaderSearch;
use crate::source::Encoding;
use crate::source::field;
use lookup::NameLookup;
pub(crate) use lookup::packed as packed_short_text;

/// A place of any kind (a road, a neighborhood, a street, …): a stable id, a display name,
/// other spellings seen in source data, decimal attributes (households, length in km, …)
/// usable as rate denominators, and the parent it names.
///
/// ```
/// use livability::places::{Place, PlaceKind};
/// use livability::Decimal;
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
    /// Attributes that hold text (居委会, 备注): kept to be shown, never divided by.
    texts: Vec<(String, String)>,
    /// The parent's id or name, as written (a neighborhood's community, a community's street).
    parent: Option<String>,
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
            texts: Vec::new(),
            parent: None,
        }
    }

    /// The place with a parent: the id or name of a place of a kind above its own (a
    /// neighborhood's community or street, a community's street).
    pub fn with_parent(mut self, parent: impl AsRef<str>) -> Place {
        let parent = parent.as_ref().trim();
        self.parent = (!parent.is_empty()).then(|| parent.to_owned());
        self
    }

    /// The parent's id or name, as written; `None` at the top of a chain.
    pub fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
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

    /// The place with the text attribute `name` set to `value` (replacing an earlier value).
    pub fn with_text(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Place {
        let name = normalize(name.as_ref()).into_owned();
        let value = value.as_ref().trim().to_owned();
        match self.texts.iter_mut().find(|(known, _)| *known == name) {
            Some(slot) => slot.1 = value,
            None => self.texts.push((name, value)),
        }
        self
    }

    /// The value of text attribute `name` (a 居委会, a 备注), or `None` when unknown.
    pub fn text(&self, name: &str) -> Option<&str> {
        let name = normalize(name);
        self.texts
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, value)| value.as_str())
    }

    /// The stable id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What kind of place it is.
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
/// use livability::places::{Gazetteer, Place, PlaceKind};
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
    /// The names of the attributes that hold text, in column order.
    texts: Vec<String>,
    /// Per attribute read from a file: the error of its first value that is not a number
    /// (where it is, and why), for a `per` that divides by it.
    not_numbers: Vec<(String, Error)>,
    /// Per kind: folded id, name or alias → position among the places of the kind.
    lookup: [Lookup; PlaceKind::CAPACITY],
    /// Per kind: the places of that kind, in gazetteer order.
    by_kind: [Vec<PlaceIndex>; PlaceKind::CAPACITY],
    /// The hierarchy: each place's parent, and which kinds sit below which.
    hierarchy: hierarchy::Hierarchy,
    /// The kinds places may have: the built-in ones and those the spec declares.
    kinds: Kinds,
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
    headers: &["名称", "小区名称", "道路名称"],
};
const ALIASES: Column = Column {
    name: "aliases",
    headers: &["别名"],
};
/// The parent: the id or name of a place of a kind above (a neighborhood's community).
pub(crate) const PARENT: Column = Column {
    name: "parent",
    headers: &["上级", "所属", "上级编号", "上级名称"],
};
/// A row number (序号): renumbered whenever the list is sorted, so neither an id nor an
/// attribute; skipped.
const ROW_NUMBER: Column = Column {
    name: "row_number",
    headers: &["序号"],
};

/// The characters aliases are separated by in a places file's alias cell, after NFKC (which
/// makes `，` `；` `｜` of `,` `;` `|`): `天山3村、天山三村（东块）` is two aliases.
const ALIAS_SEPARATORS: [char; 4] = ['、', ',', ';', '|'];

/// One places file of the spec's `places`: its path, the sheet of a workbook, and the kind of
/// every place in it when the file has no 类型 column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacesFile {
    /// The file.
    pub path: std::path::PathBuf,
    /// The sheet of a workbook; by default the first.
    pub sheet: Option<String>,
    /// The kind of the file's places, when the file does not say it row by row.
    pub kind: Option<PlaceKind>,
}

/// How a places file's header is found: the row `forced` names (`places_header_row`), else
/// the row matching most of the place columns' headers, below any title or metadata rows.
pub(crate) fn header_search(forced: Option<u64>) -> HeaderSearch {
    HeaderSearch::for_columns(&[ID, KIND, NAME, ALIASES, ROW_NUMBER, PARENT], [], forced)
}

impl Gazetteer {
    /// A gazetteer of `places`, in the order given. A repeated id, or a name, alias or id that
    /// would resolve to two places of a kind, is an error naming the place's position.
    pub fn new(places: impl IntoIterator<Item = Place>) -> Result<Gazetteer> {
        let mut builder = Builder::new("record");
        for (position, place) in places.into_iter().enumerate() {
            let number = position as u64 + 1;
            let location = |column: Option<&str>| Location::Record {
                source: "places".to_owned(),
                number,
                id: None,
                column: column.map(str::to_owned),
            };
            if let Some(parent) = place.parent() {
                let unknown = ErrorKind::UnknownParent {
                    parent: crate::error::shorten(parent),
                };
                let error = Error::new(unknown, location(Some("parent")));
                builder.parent_errors.push((position, error));
            }
            builder.add(place, number, || location(None))?;
        }
        builder.finish()
    }

    /// Reads the places of `files`, in order (the gazetteer lists the first file's places
    /// first, each file's in row order): ids are unique across them, and names, aliases and
    /// ids within a kind.
    pub fn from_files(files: &[PlacesFile], encoding: Encoding) -> Result<Gazetteer> {
        Gazetteer::from_files_found(files, encoding, &header_search(None), &Kinds::built_in())
    }

    /// Like [`from_files`](Self::from_files), the places' kinds among `kinds`: the built-in
    /// ones and those a spec declares (`Spec::kinds`), so that a row may be a 片区.
    pub fn from_files_of_kinds(
        files: &[PlacesFile],
        encoding: Encoding,
        kinds: &Kinds,
    ) -> Result<Gazetteer> {
        Gazetteer::from_files_found(files, encoding, &header_search(None), kinds)
    }

    /// Like [`from_files`](Self::from_files), each file's header found as `search` says (the
    /// spec's `places_header_row`, or the row naming the most place columns).
    pub(crate) fn from_files_found(
        files: &[PlacesFile],
        encoding: Encoding,
        search: &HeaderSearch,
        kinds: &Kinds,
    ) -> Result<Gazetteer> {
        let mut builder = Builder::new("line").with_kinds(kinds);
        for (position, file) in files.iter().enumerate() {
            builder.file = position;
            builder.files.push(file.path.file_name().map_or_else(
                || file.path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            ));
            let path = file.path.as_path();
            #[cfg(feature = "spreadsheet")]
            if let Some(sheet) = crate::source::sheet::Source::file(path, file.sheet.as_deref()) {
                let sheet = sheet.with_header(search.clone());
                Gazetteer::from_sheet_into(&sheet, file.kind, &mut builder)?;
                continue;
            }
            Gazetteer::read_into(
                CsvInput::open_found(path, encoding, search)?,
                file.kind,
                &mut builder,
            )?;
        }
        builder.finish()
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
    /// ```no_run
    /// let places = livability::places::Gazetteer::from_sheet_path("places.xlsx", Some("地名"))?;
    /// println!("{} places", places.places().len());
    /// # Ok::<(), livability::Error>(())
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

    pub(crate) fn read<R: Read>(csv: CsvInput<R>) -> Result<Gazetteer> {
        let mut builder = Builder::new("line");
        Gazetteer::read_into(csv, None, &mut builder)?;
        builder.finish()
    }

    /// Reads the places of `csv` into `builder`; `file_kind`: the kind of every place, when the
    /// spec gives it.
    pub(crate) fn read_into<R: Read>(
        mut csv: CsvInput<R>,
        file_kind: Option<PlaceKind>,
        builder: &mut Builder,
    ) -> Result<()> {
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
        let name = require(&NAME)?;
        // Without ids, a place is known by its name (names are unique within a kind).
        let id = find(&ID)?;
        // The kind: the spec's for the file, else a 类型 column, else the name's header
        // (小区名称, 道路名称).
        let named_kind = match normalize(csv.header().cell(name)).as_ref() {
            "小区名称" => Some(PlaceKind::Neighborhood),
            "道路名称" => Some(PlaceKind::Road),
            _ => None,
        };
        let kind = match file_kind.or(named_kind) {
            Some(_) => find(&KIND)?,
            None => Some(require(&KIND)?),
        };
        let aliases = find(&ALIASES)?;
        let row_number = find(&ROW_NUMBER)?;
        let parent = find(&PARENT)?;
        let known = [id, kind, Some(name), aliases, row_number, parent];
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
        for (_, attribute) in &attributes {
            if !builder.attributes.contains(attribute) {
                builder.attributes.push(attribute.clone());
            }
        }
        let before = builder.places.len();
        let mut record = RawRow::new();
        while csv.read(&mut record)? {
            // Trimmed, and borrowed from the row where the text needs no decoding: a places
            // file of thousands of rows is read before any record, on one core.
            let required = |csv: &mut CsvInput<R>, index: usize| -> Result<Cow<'_, str>> {
                let text = match csv.text(&record, index)? {
                    Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
                    Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
                    Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
                };
                if text.is_empty() {
                    return Err(csv.error_at(ErrorKind::MissingValue, index));
                }
                Ok(text)
            };
            let place_name = required(&mut csv, name)?;
            let place_id = match id {
                Some(id) => required(&mut csv, id)?,
                None => place_name.clone(),
            };
            let row_kind = match kind {
                Some(kind) => {
                    let kind_text = required(&mut csv, kind)?;
                    let parsed = builder
                        .kinds
                        .find(&kind_text)
                        .filter(|parsed| file_kind.is_none_or(|file_kind| file_kind == *parsed));
                    // The message (with its "did you mean", an edit distance to every
                    // kind) is made only for a cell that fails: made for every row, it was
                    // most of the time a big places file took to read.
                    Some(parsed.ok_or_else(|| {
                        let expected = match file_kind {
                            Some(file_kind) => {
                                format!("the kind the spec gives the file ({})", file_kind.as_str())
                            }
                            None => kinds_expected(&builder.kinds, &kind_text),
                        };
                        csv.error_at(
                            ErrorKind::BadValue {
                                value: crate::error::shorten(&kind_text),
                                expected,
                            },
                            kind,
                        )
                    })?)
                }
                None => None,
            };
            let Some(place_kind) = row_kind.or(file_kind).or(named_kind) else {
                return Err(csv.error_at(ErrorKind::MissingValue, name));
            };
            let mut place = Place::new(place_id, place_kind, place_name);
            if let Some(aliases) = aliases {
                let text = csv.text(&record, aliases)?;
                for alias in normalize(&text).split(ALIAS_SEPARATORS) {
                    place = place.with_alias(alias);
                }
            }
            if let Some(parent) = parent {
                let text = csv.text(&record, parent)?;
                place = place.with_parent(normalize(&text));
                if let Some(written) = place.parent() {
                    let unknown = ErrorKind::UnknownParent {
                        parent: crate::error::shorten(written),
                    };
                    builder
                        .parent_errors
                        .push((builder.places.len(), csv.error_at(unknown, parent)));
                }
            }
            for (index, attribute) in &attributes {
                let text = csv.text(&record, *index)?;
                let text = text.trim();
                if text.is_empty() {
                    continue;
                }
                // Kept as written as well: the attribute is text if any place's value is.
                place.texts.push((attribute.clone(), text.to_owned()));
                match field::decimal(text) {
                    Ok(Some(value)) => place.attributes.push((attribute.clone(), value)),
                    Ok(None) => {}
                    Err(kind) => {
                        if !builder
                            .not_numbers
                            .iter()
                            .any(|(name, _)| name == attribute)
                        {
                            let error = csv.error_at(kind, *index);
                            builder.not_numbers.push((attribute.clone(), error));
                        }
                    }
                }
            }
            let line = csv.line();
            builder.add(place, line, || Location::at_line(csv.path(), line, None))?;
        }
        if builder.places.len() == before {
            return Err(Error::new(ErrorKind::NoRows, Location::at_file(csv.path())));
        }
        Ok(())
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

    /// The names of the places' numeric attributes (a `per` divides by one of these).
    pub fn attributes(&self) -> &[String] {
        &self.attributes
    }

    /// The names of the places' text attributes (居委会, 备注): a column of a places file
    /// holding a value that is not a number.
    pub fn text_attributes(&self) -> &[String] {
        &self.texts
    }

    /// Why text attribute `attribute` is not numeric: the error of reading its first value
    /// that is not a number as a decimal, where that value is.
    pub(crate) fn not_a_number(&self, attribute: &str) -> Option<&Error> {
        self.not_numbers
            .iter()
            .find(|(name, _)| name == attribute)
            .map(|(_, error)| error)
    }

    /// The place of `kind` whose name, alias or id is `text`, compared folded: trimmed, in
    /// NFKC, without spaces, numbers in Arabic digits (`天山 三村` finds `天山3村`).
    pub fn find(&self, kind: PlaceKind, text: &str) -> Option<&Place> {
        self.find_index(kind, text).map(|index| &self.places[index])
    }

    /// The index of the place of `kind` whose name, alias or id is `text`.
    pub(crate) fn find_index(&self, kind: PlaceKind, text: &str) -> Option<PlaceIndex> {
        self.find_position(kind, text)
            .map(|position| self.by_kind[kind.index()][position])
    }

    /// The position among the places of `kind` of the one whose name, alias or id is `text`.
    ///
    /// The text as written is looked up first: in an export, a place column holds a name as
    /// the places list writes it nearly always, and a key found as written is its own fold
    /// ([`fold`](crate::name::fold) is idempotent, and every key is a fold), so the place is
    /// the one its fold finds, without scanning the text to fold it. Text not found as written
    /// is folded and looked up again.
    pub(crate) fn find_position(&self, kind: PlaceKind, text: &str) -> Option<usize> {
        let lookup = &self.lookup[kind.index()];
        lookup
            .get(text)
            .or_else(|| crate::name::with_folded(text, |key| lookup.get(key)))
    }

    /// The position among the places of `kind` of the one whose name or alias, folded, is
    /// `folded` (an id that is nothing else is not looked at). Within a kind a folded name
    /// or alias belongs to one place at most, so this is the place an address search finds
    /// for the text.
    pub(crate) fn find_name_position(&self, kind: PlaceKind, folded: &str) -> Option<usize> {
        self.lookup[kind.index()].names.get(folded)
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

    /// The parent of the place whose id is `id`, when it names one.
    ///
    /// ```
    /// use livability::places::{Gazetteer, Place, PlaceKind};
    ///
    /// let gazetteer = Gazetteer::new([
    ///     Place::new("S1", PlaceKind::Street, "天山路街道"),
    ///     Place::new("C1", PlaceKind::Community, "天山一村社区").with_parent("S1"),
    ///     Place::new("N1", PlaceKind::Neighborhood, "天山一村").with_parent("天山一村社区"),
    /// ])?;
    /// assert_eq!(gazetteer.parent_of("N1").map(|place| place.id()), Some("C1"));
    /// assert_eq!(gazetteer.parent_of("C1").map(|place| place.id()), Some("S1"));
    /// assert!(gazetteer.parent_of("S1").is_none());
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn parent_of(&self, id: &str) -> Option<&Place> {
        let index = self.places.iter().position(|place| place.id == id)?;
        self.hierarchy
            .parent(index)
            .map(|parent| &self.places[parent])
    }

    /// The parent of the place at `index`.
    pub(crate) fn parent(&self, index: PlaceIndex) -> Option<PlaceIndex> {
        self.hierarchy.parent(index)
    }

    /// The place of `kind` on the chain of parents above the place at `index` (the place
    /// itself when it is of `kind`).
    pub(crate) fn ancestor_of_kind(
        &self,
        index: PlaceIndex,
        kind: PlaceKind,
    ) -> Option<PlaceIndex> {
        let mut at = Some(index);
        while let Some(index) = at {
            if self.places[index].kind == kind {
                return Some(index);
            }
            at = self.hierarchy.parent(index);
        }
        None
    }

    /// The position of the place at `index` among the places of its kind.
    pub(crate) fn position_of(&self, index: PlaceIndex) -> usize {
        self.hierarchy.position(index)
    }

    /// The kinds of places whose parent is of `kind`, the nearest level first: through
    /// these a record reaches a place of `kind` from below.
    pub(crate) fn kinds_below(&self, kind: PlaceKind) -> &[PlaceKind] {
        self.hierarchy.kinds_below(kind)
    }

    /// The kinds its places may have: the built-in ones and those the spec declares.
    pub fn kinds(&self) -> &Kinds {
        &self.kinds
    }

    /// Whether any place names a parent.
    pub fn has_hierarchy(&self) -> bool {
        self.hierarchy.any()
    }
}

/// What a places file's 类型 cell may say: every kind of the run, by id and Chinese name, and
/// the nearest to `written` when it looks like a slip.
fn kinds_expected(kinds: &Kinds, written: &str) -> String {
    let names: Vec<String> = kinds
        .all()
        .iter()
        .map(|kind| format!("{}/{}", kind.as_str(), kind.chinese()))
        .collect();
    let listed = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    let hint = match kinds.nearest(written) {
        Some(kind) => format!("; did you mean {}/{}?", kind.as_str(), kind.chinese()),
        None => String::new(),
    };
    format!("a place kind ({listed}){hint}")
}

/// Two header cells of `places.csv` that read as one column: one must be renamed.
fn rename_one(mut kind: ErrorKind) -> ErrorKind {
    if let ErrorKind::AmbiguousColumn { remedy, .. } = &mut kind {
        *remedy = ": rename one".to_owned();
    }
    kind
}

/// Checks places one by one as they are added.
pub(crate) struct Builder {
    places: Vec<Place>,
    attributes: Vec<String>,
    /// Where each place was defined: its file (a position in `files`) and a line or record
    /// number, in [`Builder::unit`]s.
    origins: Vec<(usize, u64)>,
    /// The names of the files read, for messages.
    files: Vec<String>,
    /// Per attribute: the error of its first value that is not a number.
    pub(crate) not_numbers: Vec<(String, Error)>,
    /// The file being read.
    file: usize,
    /// "line" when places come from a file, "record" when from memory.
    unit: &'static str,
    /// Normalized id → place; folded name → place, per kind (to find parents by). The
    /// tables records are looked up in: no string is allocated per key, and a places file of
    /// thousands of rows is read before any record, on one core.
    ids: NameLookup,
    lookup: [Lookup; PlaceKind::CAPACITY],
    names: [NameLookup; PlaceKind::CAPACITY],
    /// Per kind: the places of that kind so far.
    by_kind: [Vec<PlaceIndex>; PlaceKind::CAPACITY],
    /// Per place that names a parent: its index and the error to give, located at its
    /// parent cell, should the parent be no place (the kind of error is changed for a
    /// parent found but of the wrong kind).
    pub(crate) parent_errors: Vec<(PlaceIndex, Error)>,
    /// The kinds places may have.
    kinds: Kinds,
}

impl Builder {
    /// A builder of places defined at `unit`s ("line", "record").
    pub(crate) fn new(unit: &'static str) -> Builder {
        Builder {
            places: Vec::new(),
            attributes: Vec::new(),
            origins: Vec::new(),
            files: Vec::new(),
            not_numbers: Vec::new(),
            file: 0,
            unit,
            ids: NameLookup::default(),
            lookup: Default::default(),
            names: Default::default(),
            by_kind: Default::default(),
            parent_errors: Vec::new(),
            kinds: Kinds::built_in(),
        }
    }

    /// The builder, its places of `kinds` (the built-in ones and the spec's declared ones).
    pub(crate) fn with_kinds(mut self, kinds: &Kinds) -> Builder {
        self.kinds = kinds.clone();
        self
    }

    fn add(&mut self, place: Place, origin: u64, location: impl Fn() -> Location) -> Result<()> {
        let index = self.places.len();
        let unit = self.unit;
        let (file, files) = (self.file, &self.files);
        let repeat = |what: &str, value: &str, first: PlaceIndex, origins: &[(usize, u64)]| {
            let (first_file, number) = origins[first];
            let first = match files.get(first_file) {
                Some(name) if first_file != file => format!("{name} {unit} {number}"),
                _ => format!("{unit} {number}"),
            };
            Error::new(
                ErrorKind::RepeatedPlace {
                    what: what.to_owned(),
                    value: crate::error::shorten(value),
                    first,
                },
                location(),
            )
        };
        if place.id.is_empty() || place.name.is_empty() {
            return Err(Error::new(ErrorKind::MissingValue, location()));
        }
        let id = normalize(&place.id);
        if let Some(first) = self.ids.get(&id) {
            return Err(repeat("id", &place.id, first, &self.origins));
        }
        if !self.kinds.include(place.kind) {
            let clash = ErrorKind::KindClash {
                kind: place.kind.as_str().to_owned(),
                name: place.kind.chinese().to_owned(),
                with: (self.kinds.with_index(place.kind.index()))
                    .map_or_else(String::new, |known| known.as_str().to_owned()),
            };
            return Err(Error::new(clash, location()));
        }
        let kind = place.kind.index();
        let name = fold(&place.name).into_owned();
        if let Some(first) = self.names[kind].get(&name) {
            return Err(repeat("name", &place.name, first, &self.origins));
        }
        let keys = [fold(&place.id).into_owned(), name.clone()]
            .into_iter()
            .chain(place.aliases.iter().map(|alias| fold(alias).into_owned()));
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
        for attribute in place
            .attributes
            .iter()
            .map(|(name, _)| name)
            .chain(place.texts.iter().map(|(name, _)| name))
        {
            if !self.attributes.contains(attribute) {
                self.attributes.push(attribute.clone());
            }
        }
        self.ids.insert(&id, index);
        self.names[kind].insert(&name, index);
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
        self.origins.push((self.file, origin));
        self.places.push(place);
        Ok(())
    }

    /// The gazetteer, each attribute numeric or text: text when any place's value of it is
    /// not a number (its numbers then kept as written), numeric otherwise.
    pub(crate) fn finish(mut self) -> Result<Gazetteer> {
        let texts: Vec<String> = self
            .attributes
            .iter()
            .filter(|attribute| {
                self.places.iter().any(|place| {
                    place.texts.iter().any(|(name, _)| name == *attribute)
                        && !place.attributes.iter().any(|(name, _)| name == *attribute)
                })
            })
            .cloned()
            .collect();
        for place in &mut self.places {
            place.attributes.retain(|(name, _)| !texts.contains(name));
            place.texts.retain(|(name, _)| texts.contains(name));
        }
        self.attributes.retain(|name| !texts.contains(name));
        let kinds = self.kinds.all();
        let parents = hierarchy::parents(
            &self.places,
            &self.ids,
            &self.names,
            kinds,
            self.parent_errors,
        )?;
        let hierarchy = hierarchy::Hierarchy::new(&self.places, parents, &self.by_kind);
        let (origins, files, unit) = (&self.origins, &self.files, self.unit);
        hierarchy.roll_up(&mut self.places, &self.attributes, kinds, |index| {
            let (file, number) = origins.get(index).copied().unwrap_or_default();
            match files.get(file) {
                Some(name) if unit == "line" => Location::at_line(Path::new(name), number, None),
                _ => Location::Record {
                    source: "places".to_owned(),
                    number,
                    id: None,
                    column: None,
                },
            }
        })?;
        Ok(Gazetteer {
            places: self.places,
            attributes: self.attributes,
            texts,
            not_numbers: self.not_numbers,
            lookup: self.lookup,
            by_kind: self.by_kind,
            hierarchy,
            kinds: self.kinds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A places sheet named in a workbook reads as its CSV export would (this was the doc
    /// example's check before the example came to name livability alone).
    #[cfg(feature = "spreadsheet")]
    #[test]
    fn places_read_from_a_named_sheet() -> std::result::Result<(), Box<dyn std::error::Error>> {
        // A folder of its own: tests run side by side, and each removes its folder.
        let dir = std::env::temp_dir().join(format!("livability-sheet-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("places.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("地名")?;
        for (row, cells) in (0u32..).zip([["编号", "类型", "名称"], ["R01", "道路", "天山路"]])
        {
            for (column, cell) in (0u16..).zip(cells) {
                sheet.write_string(row, column, cell)?;
            }
        }
        book.save(&path)?;
        let places = Gazetteer::from_sheet_path(&path, Some("地名"));
        std::fs::remove_dir_all(&dir)?;
        let places = places?;
        assert_eq!(places.places().len(), 1);
        assert_eq!(places.places()[0].name(), "天山路");
        Ok(())
    }

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
        let error = read("id,kind,name\nR1,lane,a\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:2: column 'kind': cannot read \"lane\" as a place kind (road/道路, neighborhood/小区, street/街道, community/社区, grid/网格 or handler/承办单位)"
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
    fn a_column_holding_text_is_a_text_attribute() {
        let gazetteer = read(
            "id,kind,name,居委会,length_km,户数\nR1,road,a,天山居委,1.5,\nR2,road,b,12,long,30\n",
        )
        .unwrap();
        assert_eq!(gazetteer.attributes(), ["户数"]);
        assert_eq!(gazetteer.text_attributes(), ["居委会", "length_km"]);
        let first = gazetteer.find(PlaceKind::Road, "R1").unwrap();
        assert_eq!(first.text("居委会"), Some("天山居委"));
        assert_eq!(first.text("length_km"), Some("1.5"));
        assert_eq!(first.attribute("length_km"), None);
        let second = gazetteer.find(PlaceKind::Road, "R2").unwrap();
        assert_eq!(second.text("居委会"), Some("12"));
        assert_eq!(second.attribute("户数"), Some(Decimal::from(30)));
    }

    #[test]
    fn aliases_split_on_the_separators_offices_use() {
        let gazetteer = read(
            "编号,类型,名称,别名\nN1,小区,天山三村,\"天山3村、天山三村（东块）, 三村 ;；｜|甲\"\n",
        )
        .unwrap();
        let place = gazetteer.find(PlaceKind::Neighborhood, "N1").unwrap();
        assert_eq!(place.aliases(), ["天山3村", "天山三村(东块)", "三村", "甲"]);
        assert_eq!(
            gazetteer
                .find(PlaceKind::Neighborhood, "天山三村(东块)")
                .map(Place::id),
            Some("N1")
        );
    }

    #[test]
    fn numbered_names_are_one_key_however_written() {
        let gazetteer = read("id,kind,name\nN1,小区,天山三村\nN2,小区,天山 四村\n").unwrap();
        for (key, id) in [
            ("天山3村", "N1"),
            ("天山３村", "N1"),
            ("天山四村", "N2"),
            ("天山4村", "N2"),
        ] {
            assert_eq!(
                gazetteer.find(PlaceKind::Neighborhood, key).map(Place::id),
                Some(id),
                "{key}"
            );
        }
        // Two spellings of one number are one name.
        let error = read("id,kind,name\nN1,小区,天山三村\nN2,小区,天山3村\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "places.csv:3: name '天山3村' repeats line 2"
        );
    }

    #[test]
    fn an_office_list_needs_neither_ids_nor_kinds_when_its_headers_say_them() {
        // 序号 is a row number: neither the id nor an attribute.
        let gazetteer = read("序号,小区名称,户数\n1,天山一村,1200\n2,天山二村,800\n").unwrap();
        let place = gazetteer.find(PlaceKind::Neighborhood, "天山二村").unwrap();
        assert_eq!(place.id(), "天山二村");
        assert_eq!(gazetteer.attributes(), ["户数"]);
        let gazetteer = read("道路名称,长度（米）\n天山路,1200\n").unwrap();
        assert_eq!(gazetteer.attributes(), ["长度(米)"]);
        assert!(gazetteer.find(PlaceKind::Road, "天山路").is_some());
        let error = read("名称,户数\n天山一村,1200\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("places.csv:1: no column for 'kind'")
        );
    }

    #[test]
    fn several_files_make_one_gazetteer_in_file_order() {
        let dir = std::env::temp_dir().join(format!("livability-places-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let roads = dir.join("道路一览.csv");
        let neighborhoods = dir.join("小区名录.csv");
        std::fs::write(&roads, "名称,长度（米）\n天山路,1200\n遵义路,800\n").unwrap();
        std::fs::write(
            &neighborhoods,
            "编号,类型,名称\nN1,小区,天山一村\nN2,道路,x\n",
        )
        .unwrap();
        let files = [
            PlacesFile {
                path: roads.clone(),
                sheet: None,
                kind: Some(PlaceKind::Road),
            },
            PlacesFile {
                path: neighborhoods.clone(),
                sheet: None,
                kind: None,
            },
        ];
        let gazetteer = Gazetteer::from_files(&files, Encoding::Auto).unwrap();
        let names: Vec<&str> = gazetteer.places().iter().map(Place::name).collect();
        assert_eq!(names, ["天山路", "遵义路", "天山一村", "x"]);
        // A 类型 that contradicts the kind the spec gives the file is an error.
        std::fs::write(&roads, "名称,类型\n天山路,小区\n").unwrap();
        let error = Gazetteer::from_files(&files, Encoding::Auto).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("the kind the spec gives the file (road)"),
            "{error}"
        );
        // Repeats across files name the first file.
        std::fs::write(&roads, "编号,名称\nN1,天山路\n").unwrap();
        let error = Gazetteer::from_files(&files, Encoding::Auto).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("id 'N1' repeats 道路一览.csv line 2"),
            "{error}"
        );
        let _ = std::fs::remove_dir_all(&dir);
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

    /// A places file of a spec's declared kinds: rows of 片区 (by id or name), parents that
    /// are areas, households added up through the area; a row of a kind the spec does not
    /// declare names the nearest.
    #[test]
    fn declared_kinds_are_read_parented_and_rolled_up_through() {
        let kinds = Kinds::declare(&[KindDeclaration {
            id: "area".to_owned(),
            name: "片区".to_owned(),
            above: Some("community".to_owned()),
            below: None,
        }])
        .unwrap();
        let area = kinds.find("area").unwrap();
        let text = "id,kind,name,parent,households\n\
                    S1,街道,天山街道,,\n\
                    A1,片区,东片区,S1,\n\
                    A2,area,西片区,天山街道,\n\
                    C1,社区,一社区,东片区,\n\
                    C2,社区,二社区,A2,\n\
                    N1,小区,一村,C1,300\n\
                    N2,小区,二村,C1,200\n\
                    N3,小区,三村,C2,100\n";
        let read = |text: &str, kinds: &Kinds| {
            let search = header_search(None);
            let csv = CsvInput::from_reader_found(
                text.as_bytes(),
                Path::new("places.csv"),
                Encoding::Auto,
                &search,
            )?;
            let mut builder = Builder::new("line").with_kinds(kinds);
            Gazetteer::read_into(csv, None, &mut builder)?;
            builder.finish()
        };
        let gazetteer = read(text, &kinds).unwrap();
        let ids: Vec<&str> = gazetteer.of_kind(area).map(Place::id).collect();
        assert_eq!(ids, ["A1", "A2"]);
        assert_eq!(gazetteer.parent_of("C2").map(Place::id), Some("A2"));
        assert_eq!(gazetteer.parent_of("A2").map(Place::id), Some("S1"));
        let households = |id: &str| {
            let place = gazetteer.places().iter().find(|place| place.id() == id);
            place.and_then(|place| place.attribute("households"))
        };
        assert_eq!(households("A1"), Some(Decimal::from(500)));
        assert_eq!(households("S1"), Some(Decimal::from(600)));
        assert_eq!(gazetteer.kinds_below(PlaceKind::Street), [area]);
        // Without the declaration, 片区 is no kind; a slip of it names it.
        let error = read(text, &Kinds::built_in()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("places.csv:3: column 'kind': "),
            "{error}"
        );
        let slip = text.replace("A1,片区", "A1,片去");
        let error = read(&slip, &kinds).unwrap_err();
        assert!(
            error.to_string().ends_with("did you mean area/片区?"),
            "{error}"
        );
    }
}
