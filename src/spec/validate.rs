//! Checks a spec as written and turns it into the checked types, naming the key of the first
//! problem found. Checks that need the places (a `per` attribute) or the data (a column named
//! by a filter) run when those are read.

mod deadlines;
mod scheme;

use std::collections::BTreeMap;
use std::path::Path;

use rust_decimal::Decimal;

use super::raw::{Number, RawBoard, RawFiles, RawIndicator, RawSource, RawSpec};
use super::{BoardSpec, IndicatorSpec, MeasureSpec, SourceSpec, Spec};
use crate::error::MOST_HISTORY;
use crate::error::{Error, ErrorKind, Location, Result, shorten};
use crate::measure::{Filter, Measure};
use crate::period::{PERIOD_FORMS, Period};
use crate::source::files::FileEntry;
use crate::source::{SourceKind, field};

/// The title of a spec that sets none.
const DEFAULT_TITLE: &str = "宜居指数排行榜";
/// The places a board's score is rounded to when the spec does not say.
const DEFAULT_DECIMALS: u32 = 1;

/// Validation of one spec: the text (to re-read numbers) and the spec's name (for locations).
struct Checker<'a> {
    text: &'a str,
    name: &'a Path,
    /// The spec's kinds of place: the built-in ones and those `[kinds]` declares.
    kinds: crate::places::Kinds,
}

pub(super) fn validate(raw: RawSpec, text: &str, name: &Path) -> Result<Spec> {
    let mut checker = Checker {
        text,
        name,
        kinds: crate::places::Kinds::built_in(),
    };
    checker.kinds = checker.declared_kinds(&raw.kinds)?;
    let folder = name.parent().unwrap_or(Path::new("")).to_path_buf();
    let period = raw
        .period
        .as_deref()
        .map(|period| {
            Period::parse(period.trim()).ok_or_else(|| {
                checker.error(
                    "period",
                    ErrorKind::SpecValue {
                        found: format!("\"{}\"", shorten(period)),
                        expected: PERIOD_FORMS.to_owned(),
                    },
                )
            })
        })
        .transpose()?;
    let rolling = checker.rolling(raw.rolling, period)?;
    let sources = raw
        .sources
        .into_iter()
        .map(|(id, source)| checker.source(id, source, &folder))
        .collect::<Result<Vec<_>>>()?;
    let mut boards: Vec<BoardSpec> = Vec::with_capacity(raw.boards.len());
    for (position, board) in raw.boards.into_iter().enumerate() {
        let key = format!("boards[{position}]");
        if let Some(first) = boards.iter().find(|known| known.id == board.id) {
            return Err(checker.error(
                format!("{key}.id"),
                ErrorKind::RepeatedId {
                    id: shorten(&board.id),
                    first: format!("boards[{}].id", first.position),
                },
            ));
        }
        boards.push(checker.board(position, board, &sources)?);
    }
    checker.distinct_columns(&boards)?;
    let calendar = checker.calendar(raw.calendar.as_deref(), &folder)?;
    let work_hours = checker.work_hours(raw.work_hours.as_deref())?;
    let as_of = checker.as_of(raw.as_of.as_deref())?;
    let language = checker
        .convention("lang", raw.lang.as_deref())?
        .unwrap_or_default();
    let rise = checker.convention("rise", raw.rise.as_deref())?;
    Ok(Spec {
        language,
        rise,
        calendar,
        work_hours,
        as_of,
        name: name.to_path_buf(),
        title: raw.title.unwrap_or_else(|| DEFAULT_TITLE.to_owned()),
        period,
        rolling,
        places: checker.places_files(raw.places, raw.places_sheet.as_deref(), &folder)?,
        places_sheet: raw.places_sheet,
        places_header_row: checker.header_row("places_header_row", raw.places_header_row)?,
        administrative: raw.administrative.unwrap_or_default(),
        sources,
        boards,
        kinds: checker.kinds,
    })
}

impl Checker<'_> {
    /// The kinds `[kinds]` declares, after the built-in ones; a declaration that makes no
    /// sense is an error at its key (`kinds.area.above`).
    fn declared_kinds(
        &self,
        raw: &std::collections::BTreeMap<String, super::raw::RawKind>,
    ) -> Result<crate::places::Kinds> {
        let declarations: Vec<crate::places::KindDeclaration> = raw
            .iter()
            .map(|(id, kind)| crate::places::KindDeclaration {
                id: id.clone(),
                name: kind.name.clone(),
                above: kind.above.clone(),
                below: kind.below.clone(),
            })
            .collect();
        crate::places::Kinds::declare(&declarations).map_err(|error| {
            let at = error.position.and_then(|at| declarations.get(at));
            match at {
                Some(declaration) => {
                    let key = format!("kinds.{}.{}", declaration.id, error.key);
                    self.error(key, *error.kind)
                }
                None => self.error("kinds", *error.kind),
            }
        })
    }

    /// The kind named `text` at `key` (a board's `kind`, a places file's): one of the spec's.
    fn kind(&self, key: &str, text: &str) -> Result<crate::places::PlaceKind> {
        self.kinds
            .find(text)
            .ok_or_else(|| self.error(key, self.kinds.unknown(text)))
    }

    /// The spec's places files, joined to its folder; `sheet` (the top-level `places_sheet`)
    /// for those that name none.
    fn places_files(
        &self,
        places: Option<super::raw::RawPlaces>,
        sheet: Option<&str>,
        folder: &Path,
    ) -> Result<Vec<crate::places::PlacesFile>> {
        use super::raw::{RawPlaces, RawPlacesFile};
        let entries = match places {
            None => Vec::new(),
            Some(RawPlaces::One(path)) => vec![RawPlacesFile::Path(path)],
            Some(RawPlaces::Many(entries)) => entries,
        };
        entries
            .into_iter()
            .enumerate()
            .map(|(position, entry)| {
                Ok(match entry {
                    RawPlacesFile::Path(path) => crate::places::PlacesFile {
                        path: folder.join(path),
                        sheet: sheet.map(str::to_owned),
                        kind: None,
                    },
                    RawPlacesFile::File(entry) => crate::places::PlacesFile {
                        path: folder.join(entry.file),
                        sheet: entry.sheet.or_else(|| sheet.map(str::to_owned)),
                        kind: entry
                            .kind
                            .map(|kind| self.kind(&format!("places[{position}].kind"), &kind))
                            .transpose()?,
                    },
                })
            })
            .collect()
    }

    /// A `header_row`: a row number from 1.
    fn header_row(&self, key: &str, row: Option<u64>) -> Result<Option<u64>> {
        if row == Some(0) {
            return Err(self.error(
                key,
                ErrorKind::SpecValue {
                    found: "0".to_owned(),
                    expected:
                        "a row number from 1 (the header's line in a CSV file, its row in a sheet)"
                            .to_owned(),
                },
            ));
        }
        Ok(row)
    }

    /// A reader's convention (`lang`, `rise`), read by its type, the error naming `key`.
    fn convention<T>(&self, key: &str, text: Option<&str>) -> Result<Option<T>>
    where
        T: std::str::FromStr<Err = Error>,
    {
        text.map(|text| {
            text.parse::<T>().map_err(|error| match error.kind() {
                ErrorKind::BadValue { value, expected } => self.error(
                    key,
                    ErrorKind::SpecValue {
                        found: format!("\"{value}\""),
                        expected: expected.clone(),
                    },
                ),
                _ => error,
            })
        })
        .transpose()
    }

    fn error(&self, key: impl Into<String>, kind: ErrorKind) -> Error {
        Error::new(kind, Location::at_key(self.name, key))
    }

    /// `rolling`: 1 to 12 months, ending with the spec's `period` when it sets one, which
    /// must then be a month.
    fn rolling(&self, rolling: Option<i64>, period: Option<Period>) -> Result<Option<u8>> {
        let Some(months) = rolling else {
            return Ok(None);
        };
        let bad = |expected: &str| {
            self.error(
                "rolling",
                ErrorKind::SpecValue {
                    found: months.to_string(),
                    expected: expected.to_owned(),
                },
            )
        };
        let months = u8::try_from(months)
            .ok()
            .filter(|months| (1..=crate::period::MOST_MONTHS).contains(months))
            .ok_or_else(|| bad("a number of months from 1 to 12"))?;
        if let Some(period) = period
            && Period::rolling(period, months).is_none()
        {
            return Err(bad(&format!(
                "usable with the period {period}, which is no month"
            )));
        }
        Ok(Some(months))
    }

    fn source(&self, id: String, raw: RawSource, folder: &Path) -> Result<SourceSpec> {
        let key = format!("sources.{id}");
        let kind = match raw.kind {
            Some(kind) => kind,
            None => SourceKind::from_id(&id).ok_or_else(|| {
                self.error(
                    &key,
                    ErrorKind::MissingKey {
                        key: "kind".to_owned(),
                        why: format!(
                            ": '{}' is not a source kind ({})",
                            shorten(&id),
                            SourceKind::NAMES.join(", ")
                        ),
                    },
                )
            })?,
        };
        for (column, header) in &raw.columns {
            if header.trim().is_empty() {
                return Err(self.error(
                    format!("{key}.columns.{column}"),
                    ErrorKind::SpecValue {
                        found: "an empty header".to_owned(),
                        expected: "the header this export uses".to_owned(),
                    },
                ));
            }
        }
        let deadlines = self.deadlines(&key, &raw)?;
        let written = match raw.file {
            None => Vec::new(),
            Some(RawFiles::One(file)) => vec![file],
            Some(RawFiles::Several(files)) => {
                if files.is_empty() {
                    return Err(self.error(
                        format!("{key}.file"),
                        ErrorKind::SpecValue {
                            found: "an empty list".to_owned(),
                            expected: "a file, a glob pattern or a list of them".to_owned(),
                        },
                    ));
                }
                files
            }
        };
        let mut files = Vec::with_capacity(written.len());
        for file in written {
            if file.trim().is_empty() {
                return Err(self.error(
                    format!("{key}.file"),
                    ErrorKind::SpecValue {
                        found: "an empty path".to_owned(),
                        expected: "a file, a glob pattern or a list of them".to_owned(),
                    },
                ));
            }
            files.push(FileEntry::new(folder, &file));
        }
        Ok(SourceSpec {
            id,
            kind,
            files,
            encoding: raw.encoding,
            sheet: raw.sheet,
            header_row: self.header_row(&format!("{key}.header_row"), raw.header_row)?,
            columns: raw.columns,
            deadlines,
        })
    }

    fn board(&self, position: usize, raw: RawBoard, sources: &[SourceSpec]) -> Result<BoardSpec> {
        let key = format!("boards[{position}]");
        let kind = self.kind(&format!("{key}.kind"), &raw.kind)?;
        if raw.top == Some(0) {
            return Err(self.error(
                format!("{key}.top"),
                ErrorKind::SpecValue {
                    found: "0".to_owned(),
                    expected: "a number of places, 1 or more".to_owned(),
                },
            ));
        }
        let decimals = raw.decimals.unwrap_or(DEFAULT_DECIMALS);
        if decimals > Decimal::MAX_SCALE {
            return Err(self.error(
                format!("{key}.decimals"),
                ErrorKind::SpecValue {
                    found: decimals.to_string(),
                    expected: format!(
                        "a number of decimal places from 0 to {}",
                        Decimal::MAX_SCALE
                    ),
                },
            ));
        }
        if raw.indicators.is_empty() {
            return Err(self.error(
                &key,
                ErrorKind::MissingKey {
                    key: "indicators".to_owned(),
                    why: ": a board needs at least one [[boards.indicators]]".to_owned(),
                },
            ));
        }
        let mut indicators: Vec<IndicatorSpec> = Vec::with_capacity(raw.indicators.len());
        let mut named: Vec<Option<String>> = Vec::with_capacity(raw.indicators.len());
        for (index, indicator) in raw.indicators.iter().enumerate() {
            let indicator_key = format!("{key}.indicators[{index}]");
            if let Some(first) = indicators.iter().position(|known| known.id == indicator.id) {
                return Err(self.error(
                    format!("{indicator_key}.id"),
                    ErrorKind::RepeatedId {
                        id: shorten(&indicator.id),
                        first: format!("{key}.indicators[{first}].id"),
                    },
                ));
            }
            named.push(indicator.dimension.clone());
            indicators.push(self.indicator(&indicator_key, indicator, sources)?);
        }
        let dimensions = self.dimensions(&key, raw.dimensions.as_ref(), &named, &mut indicators)?;
        if indicators
            .iter()
            .filter(|indicator| indicator.dimension == 0)
            .all(|indicator| indicator.weight.is_zero())
            && dimensions
                .iter()
                .filter(|dimension| dimension.parent == 0)
                .all(|dimension| dimension.weight.is_zero())
        {
            return Err(self.error(format!("{key}.indicators"), ErrorKind::ZeroWeights));
        }
        let mut counts = Vec::new();
        let adjustments =
            self.adjustments(&key, &raw.adjustments, sources, &indicators, &mut counts)?;
        let grades = self.grades(&key, raw.grades.as_deref())?;
        let vetoes = self.vetoes(
            &key,
            &raw.vetoes,
            sources,
            &indicators,
            &mut counts,
            grades.is_some(),
        )?;
        let mut adjustments = adjustments;
        let mut vetoes = vetoes;
        let streak_rules = self.streak_rows(
            &key,
            &raw,
            indicators.len() + counts.len(),
            &mut adjustments,
            &mut vetoes,
        )?;
        let (below, compare) = self.lists(&key, &raw)?;
        // Deductions cannot take a score below 0 unless the spec says so.
        let floor = self
            .optional_decimal(&format!("{key}.floor"), raw.floor.as_ref())?
            .or_else(|| (!adjustments.is_empty()).then_some(Decimal::ZERO));
        let ceiling = self.optional_decimal(&format!("{key}.ceiling"), raw.ceiling.as_ref())?;
        if let (Some(floor), Some(ceiling)) = (floor, ceiling)
            && floor > ceiling
        {
            return Err(self.error(
                format!("{key}.ceiling"),
                ErrorKind::OutOfOrder {
                    what: "the bounds".to_owned(),
                    rule: format!("the ceiling ({ceiling}) must not be below the floor ({floor})"),
                },
            ));
        }
        let min_coverage = self.min_coverage(&key, raw.min_coverage.as_ref())?;
        let streak = raw
            .streak
            .map(|periods| {
                u8::try_from(periods)
                    .ok()
                    .filter(|periods| *periods >= 2 && usize::from(*periods) <= MOST_HISTORY)
                    .ok_or_else(|| {
                        self.error(
                            format!("{key}.streak"),
                            ErrorKind::SpecValue {
                                found: periods.to_string(),
                                expected: format!("a number of periods from 2 to {MOST_HISTORY}"),
                            },
                        )
                    })
            })
            .transpose()?;
        let tie_breakers = raw
            .tie_breakers
            .iter()
            .enumerate()
            .map(|(index, id)| {
                indicators
                    .iter()
                    .position(|indicator| indicator.id == *id)
                    .ok_or_else(|| {
                        self.error(
                            format!("{key}.tie_breakers[{index}]"),
                            ErrorKind::UnknownIndicator {
                                indicator: shorten(id),
                                known: list(indicators.iter().map(|i| i.id.as_str())),
                            },
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        // The overall list's cut-offs mean something only beside the groups' own.
        if raw.group_by.is_none() {
            for (name, value) in [
                ("overall_top", raw.overall_top),
                ("overall_bottom", raw.overall_bottom),
            ] {
                if let Some(value) = value {
                    return Err(self.error(
                        format!("{key}.{name}"),
                        ErrorKind::SpecValue {
                            found: value.to_string(),
                            expected: "allowed on a board without `group_by` (its `top` and `bottom` cut its one list)".to_owned(),
                        },
                    ));
                }
            }
        }
        let dimension_labels = raw.dimension_labels.unwrap_or_default();
        for path in dimension_labels.keys() {
            if !dimensions.iter().any(|dimension| dimension.path == *path) {
                return Err(self.error(
                    format!("{key}.dimension_labels.{path}"),
                    ErrorKind::UnknownDimension {
                        dimension: shorten(path),
                        key: format!("{key}.dimensions"),
                    },
                ));
            }
        }
        Ok(BoardSpec {
            dimension_labels,
            position,
            title: raw.title.unwrap_or_else(|| raw.id.clone()),
            id: raw.id,
            basis: raw.basis,
            kind,
            top: raw.top,
            method: raw.rank,
            decimals,
            rounding: raw.rounding,
            tie_order: raw.tie_order,
            tie_breakers,
            missing: raw.missing,
            scored: indicators.len(),
            indicators: indicators.into_iter().chain(counts).collect(),
            aggregate: raw.aggregate,
            dimensions,
            adjustments,
            floor,
            ceiling,
            vetoes,
            grades,
            bottom: raw.bottom,
            below,
            streak,
            streak_rules,
            points_change: raw.points_change,
            rank_by: raw.rank_by,
            compare,
            min_coverage,
            group_by: match raw
                .group_by
                .as_deref()
                .map(|text| crate::spec::GroupBy::parse(text, &self.kinds))
            {
                Some(crate::spec::GroupBy::Kind(group)) if group.level() >= kind.level() => {
                    return Err(self.error(
                        format!("{key}.group_by"),
                        ErrorKind::SpecValue {
                            found: group.as_str().to_owned(),
                            expected: format!(
                                "\"parent\", a kind above {kind} or a place attribute"
                            ),
                        },
                    ));
                }
                group_by => group_by,
            },
            overall_top: raw.overall_top,
            overall_bottom: raw.overall_bottom,
        })
    }

    /// A board's `min_coverage`: a percentage from 0 to 100, by default
    /// [`DEFAULT_MIN_COVERAGE`](crate::quality::DEFAULT_MIN_COVERAGE).
    fn min_coverage(&self, key: &str, number: Option<&Number>) -> Result<Decimal> {
        let key = format!("{key}.min_coverage");
        let Some(min) = self.optional_decimal(&key, number)? else {
            return Ok(Decimal::from(crate::quality::DEFAULT_MIN_COVERAGE));
        };
        if min.is_sign_negative() || min > Decimal::ONE_HUNDRED {
            return Err(self.error(
                key,
                ErrorKind::SpecValue {
                    found: min.to_string(),
                    expected: "a percentage from 0 to 100".to_owned(),
                },
            ));
        }
        Ok(min)
    }

    fn indicator(
        &self,
        key: &str,
        raw: &RawIndicator,
        sources: &[SourceSpec],
    ) -> Result<IndicatorSpec> {
        let source = sources
            .iter()
            .position(|source| source.id == raw.source)
            .ok_or_else(|| {
                self.error(
                    format!("{key}.source"),
                    ErrorKind::UnknownSource {
                        source_id: shorten(&raw.source),
                        known: list(sources.iter().map(|s| s.id.as_str())),
                    },
                )
            })?;
        let source_kind = sources[source].kind;
        let is_table = source_kind == SourceKind::Table;
        if (raw.measure == Measure::Value) != is_table {
            let hint = if is_table {
                "; a `table` source gives measure = \"value\""
            } else {
                "; measure = \"value\" reads a `table` source"
            };
            return Err(self.error(
                format!("{key}.measure"),
                ErrorKind::MeasureSource {
                    measure: raw.measure.as_str().to_owned(),
                    kind: source_kind.as_str().to_owned(),
                    hint: hint.to_owned(),
                },
            ));
        }
        let measure_name = raw.measure.as_str();
        let unused = |name: &str, present: bool| -> Result<()> {
            if present {
                Err(self.error(
                    format!("{key}.{name}"),
                    ErrorKind::UnusedKey {
                        key: name.to_owned(),
                        context: format!("with measure = \"{measure_name}\""),
                    },
                ))
            } else {
                Ok(())
            }
        };
        let required = |name: &str, why: &str| {
            self.error(
                key,
                ErrorKind::MissingKey {
                    key: name.to_owned(),
                    why: format!(": measure = \"{measure_name}\" {why}"),
                },
            )
        };
        unused("per", raw.per.is_some() && raw.measure != Measure::Rate)?;
        unused("scale", raw.scale.is_some() && raw.measure != Measure::Rate)?;
        unused("of", raw.of.is_some() && raw.measure != Measure::Share)?;
        unused(
            "exclude",
            raw.exclude.is_some() && raw.measure != Measure::Share,
        )?;
        unused("field", raw.field.is_some() && raw.measure != Measure::Mean)?;
        unused("name", raw.name.is_some() && raw.measure != Measure::Value)?;
        unused(
            "where",
            raw.filter.is_some() && raw.measure == Measure::Value,
        )?;
        let measure = match raw.measure {
            Measure::Count => MeasureSpec::Count,
            Measure::Rate => {
                let per = raw
                    .per
                    .clone()
                    .ok_or_else(|| required("per", "divides by a place attribute"))?;
                let scale = match &raw.scale {
                    Some(scale) => self.decimal(&format!("{key}.scale"), scale)?,
                    None => Decimal::ONE,
                };
                if scale <= Decimal::ZERO {
                    return Err(self.error(
                        format!("{key}.scale"),
                        ErrorKind::SpecValue {
                            found: scale.to_string(),
                            expected: "a positive decimal".to_owned(),
                        },
                    ));
                }
                MeasureSpec::Rate { per, scale }
            }
            Measure::Share => {
                let of = raw
                    .of
                    .as_ref()
                    .ok_or_else(|| required("of", "needs the filter of the part"))?;
                let (of, credits) = self.share_part(&format!("{key}.of"), of)?;
                let exclude = raw
                    .exclude
                    .as_ref()
                    .map(|exclude| self.filter(&format!("{key}.exclude"), exclude))
                    .transpose()?;
                MeasureSpec::Share {
                    of,
                    credits,
                    exclude,
                }
            }
            Measure::OnTime | Measure::Overdue => {
                if sources[source].deadlines.is_none() {
                    return Err(self.error(
                        format!("{key}.measure"),
                        ErrorKind::MissingKey {
                            key: format!("sources.{}.deadline", shorten(&sources[source].id)),
                            why: format!(
                                ": measure = \"{measure_name}\" judges records by their deadline, such as deadline = {{ default = \"5 working days\" }}"
                            ),
                        },
                    ));
                }
                if raw.measure == Measure::OnTime {
                    MeasureSpec::OnTime
                } else {
                    MeasureSpec::Overdue
                }
            }
            Measure::Mean => MeasureSpec::Mean {
                field: raw
                    .field
                    .clone()
                    .ok_or_else(|| required("field", "averages a numeric column"))?,
            },
            Measure::Value => MeasureSpec::Value {
                name: raw.name.clone().unwrap_or_else(|| raw.id.clone()),
                per: None,
                stands_for: Measure::Value,
            },
        };
        let filter = match &raw.filter {
            Some(filter) => self.filter(&format!("{key}.where"), filter)?,
            None => Filter::default(),
        };
        let weight = match &raw.weight {
            Some(weight) => self.decimal(&format!("{key}.weight"), weight)?,
            None => Decimal::ONE,
        };
        if weight.is_sign_negative() && !weight.is_zero() {
            return Err(self.error(
                format!("{key}.weight"),
                ErrorKind::NegativeWeight {
                    weight: weight.to_string(),
                },
            ));
        }
        let (normalize, curve) = self.normalization(key, raw)?;
        Ok(IndicatorSpec {
            id: raw.id.clone(),
            source,
            measure,
            filter,
            better: raw.better,
            normalize,
            curve,
            weight,
            label: raw.label.clone(),
            dimension: 0,
            key: key.to_owned(),
        })
    }

    /// A number read exactly from the spec's text: an integer, a decimal such as `0.6`
    /// (re-read from its digits), or a string holding a decimal.
    fn decimal(&self, key: &str, number: &Number) -> Result<Decimal> {
        let written = self.text.get(number.span()).unwrap_or_default();
        let text = match number.get_ref() {
            toml::Value::Integer(_) | toml::Value::Float(_) => written.replace('_', ""),
            toml::Value::String(text) => text.clone(),
            _ => String::new(),
        };
        match field::decimal(&text) {
            Ok(Some(value)) => Ok(value),
            Ok(None) | Err(ErrorKind::BadValue { .. }) => Err(self.error(
                key,
                ErrorKind::SpecValue {
                    found: shorten(written),
                    expected: "a decimal number".to_owned(),
                },
            )),
            Err(kind) => Err(self.error(key, kind)),
        }
    }

    /// A number the spec may leave out, read exactly (see [`Checker::decimal`]).
    fn optional_decimal(&self, key: &str, number: Option<&Number>) -> Result<Option<Decimal>> {
        number.map(|number| self.decimal(key, number)).transpose()
    }

    /// A filter: each column maps to a string or a list of strings.
    fn filter(&self, key: &str, raw: &BTreeMap<String, toml::Value>) -> Result<Filter> {
        let mut filter = Filter::default();
        for (column, values) in raw {
            let values = match values {
                toml::Value::String(value) => vec![value.clone()],
                toml::Value::Array(items) if !items.is_empty() => items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            if values.is_empty() {
                return Err(self.error(
                    format!("{key}.{column}"),
                    ErrorKind::SpecValue {
                        found: shorten(&values_text(raw.get(column))),
                        expected: "a string or a non-empty list of strings".to_owned(),
                    },
                ));
            }
            filter.require(column, values);
        }
        Ok(filter)
    }
}

fn values_text(value: Option<&toml::Value>) -> String {
    value.map_or_else(String::new, ToString::to_string)
}

/// `a, b, c`, or `(none)`.
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(shorten).collect();
    if items.is_empty() {
        "(none)".to_owned()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_from_their_digits() {
        let spec = Spec::from_toml_str(
            "[sources.t]\nkind = 'table'\n[[boards]]\nid = 'b'\nkind = 'road'\n\
             [[boards.indicators]]\nid = 'a'\nsource = 't'\nmeasure = 'value'\nbetter = 'higher'\nweight = 0.1\n\
             [[boards.indicators]]\nid = 'b'\nsource = 't'\nmeasure = 'value'\nbetter = 'higher'\nweight = 1_000\n\
             [[boards.indicators]]\nid = 'c'\nsource = 't'\nmeasure = 'value'\nbetter = 'higher'\nweight = '0.30'\n",
            "spec.toml",
        )
        .unwrap();
        let weights: Vec<String> = spec.boards[0]
            .indicators
            .iter()
            .map(|indicator| indicator.weight.to_string())
            .collect();
        assert_eq!(weights, ["0.1", "1000", "0.30"]);
    }
}
