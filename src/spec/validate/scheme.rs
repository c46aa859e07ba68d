//! Checks of the assessment-scheme keys: fixed curves, dimensions, adjustments, vetoes,
//! grades, worst lists and improvement boards. Every inconsistency is an error naming its
//! key, raised before any data is read.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Checker, list};
use crate::error::MOST_HISTORY;
use crate::error::{Conflict, ErrorKind, Result, shorten};
use crate::exact::{self, Exact};
use crate::measure::Filter;
use crate::rank::{Compare, RankBy};
use crate::score::{
    Adjustment, Better, Curve, DimensionRule, GradeRule, Grades, Normalize, StreakList, StreakRule,
    Units, Veto, VetoEffect, VetoTest,
};
use crate::spec::raw::{
    Number, RawAdjustment, RawBoard, RawGrade, RawIndicator, RawStreak, RawVeto,
};
use crate::spec::{BoardSpec, IndicatorSpec, MeasureSpec, SourceSpec};

impl Checker<'_> {
    /// The normalization of an indicator: `normalize`, or the fixed curve its `goalposts`,
    /// `curve` or `bands` key gives (with `else` for bands).
    pub(super) fn normalization(
        &self,
        key: &str,
        raw: &RawIndicator,
    ) -> Result<(Normalize, Option<Curve>)> {
        let given: Vec<(&str, Normalize)> = [
            ("goalposts", raw.goalposts.is_some(), Normalize::Goalposts),
            ("curve", raw.curve.is_some(), Normalize::Curve),
            ("bands", raw.bands.is_some(), Normalize::Bands),
        ]
        .into_iter()
        .filter(|(_, present, _)| *present)
        .map(|(name, _, normalize)| (name, normalize))
        .collect();
        if given.len() > 1 {
            return Err(self.conflict(
                format!("{key}.{}", given[1].0),
                Conflict::TwoCurves {
                    first: given[0].0.to_owned(),
                    second: given[1].0.to_owned(),
                },
            ));
        }
        if raw.otherwise.is_some() && raw.bands.is_none() {
            return Err(self.error(
                format!("{key}.else"),
                ErrorKind::UnusedKey {
                    key: "else".to_owned(),
                    context: "without `bands`".to_owned(),
                },
            ));
        }
        let Some(&(name, fixed)) = given.first() else {
            let normalize = raw.normalize.unwrap_or_default();
            if matches!(
                normalize,
                Normalize::Goalposts | Normalize::Curve | Normalize::Bands
            ) {
                return Err(self.error(
                    key,
                    ErrorKind::MissingKey {
                        key: normalize.as_str().to_owned(),
                        why: format!(": normalize = \"{}\" needs its points", normalize.as_str()),
                    },
                ));
            }
            return Ok((normalize, None));
        };
        if let Some(normalize) = raw.normalize
            && normalize != fixed
        {
            return Err(self.conflict(
                format!("{key}.normalize"),
                Conflict::NormalizeAndCurve {
                    normalize: normalize.as_str().to_owned(),
                    curve: name.to_owned(),
                },
            ));
        }
        let curve_key = format!("{key}.{name}");
        let curve = match (&raw.goalposts, &raw.curve, &raw.bands) {
            (Some(goalposts), _, _) => {
                let [lo, hi] = goalposts.as_slice() else {
                    return Err(self.error(
                        &curve_key,
                        ErrorKind::SpecValue {
                            found: format!("{} numbers", goalposts.len()),
                            expected: "[lo, hi]: two numbers".to_owned(),
                        },
                    ));
                };
                let lo = self.decimal(&format!("{curve_key}[0]"), lo)?;
                let hi = self.decimal(&format!("{curve_key}[1]"), hi)?;
                if lo >= hi {
                    return Err(self.error(
                        &curve_key,
                        ErrorKind::OutOfOrder {
                            what: "the goalposts".to_owned(),
                            rule: format!("lo ({lo}) must be below hi ({hi})"),
                        },
                    ));
                }
                Curve::Goalposts {
                    lo: exact::from_decimal(lo),
                    hi: exact::from_decimal(hi),
                }
            }
            (_, Some(points), _) => {
                let points = self.pairs(&curve_key, points)?;
                if points.is_empty() {
                    return Err(self.error(
                        &curve_key,
                        ErrorKind::SpecValue {
                            found: "no points".to_owned(),
                            expected: "a list of [x, points] pairs".to_owned(),
                        },
                    ));
                }
                if points.windows(2).any(|pair| pair[0].0 >= pair[1].0) {
                    return Err(self.error(
                        &curve_key,
                        ErrorKind::OutOfOrder {
                            what: "the curve's points".to_owned(),
                            rule: "each x must be above the one before".to_owned(),
                        },
                    ));
                }
                let falls = |pair: &[(Exact, Exact)]| pair[1].1 < pair[0].1;
                let rises = |pair: &[(Exact, Exact)]| pair[1].1 > pair[0].1;
                let wrong = match raw.better {
                    Better::Higher => points.windows(2).any(falls),
                    Better::Lower => points.windows(2).any(rises),
                };
                if wrong {
                    let (direction, way) = match raw.better {
                        Better::Higher => ("higher", "fall"),
                        Better::Lower => ("lower", "rise"),
                    };
                    return Err(self.error(
                        &curve_key,
                        ErrorKind::OutOfOrder {
                            what: "the curve's points".to_owned(),
                            rule: format!(
                                "with better = \"{direction}\" the points must not {way} as x grows"
                            ),
                        },
                    ));
                }
                Curve::Piecewise(points)
            }
            (_, _, Some(rows)) => {
                let rows = self.pairs(&curve_key, rows)?;
                if rows.is_empty() {
                    return Err(self.error(
                        &curve_key,
                        ErrorKind::SpecValue {
                            found: "no rows".to_owned(),
                            expected: "a list of [threshold, points] rows".to_owned(),
                        },
                    ));
                }
                let (wrong, rule) = match raw.better {
                    Better::Higher => (
                        rows.windows(2).any(|pair| pair[1].0 >= pair[0].0),
                        "with better = \"higher\" each threshold must be below the one before (the best band first)",
                    ),
                    Better::Lower => (
                        rows.windows(2).any(|pair| pair[1].0 <= pair[0].0),
                        "with better = \"lower\" each threshold must be above the one before (the best band first)",
                    ),
                };
                if wrong {
                    return Err(self.error(
                        &curve_key,
                        ErrorKind::OutOfOrder {
                            what: "the bands".to_owned(),
                            rule: rule.to_owned(),
                        },
                    ));
                }
                let otherwise = match &raw.otherwise {
                    Some(points) => {
                        exact::from_decimal(self.decimal(&format!("{key}.else"), points)?)
                    }
                    None => Exact::ZERO,
                };
                Curve::Bands { rows, otherwise }
            }
            _ => return Ok((raw.normalize.unwrap_or_default(), None)),
        };
        Ok((fixed, Some(curve)))
    }

    /// `[[a, b], …]`: pairs of exact numbers.
    fn pairs(&self, key: &str, rows: &[Vec<Number>]) -> Result<Vec<(Exact, Exact)>> {
        rows.iter()
            .enumerate()
            .map(|(index, row)| {
                let [x, points] = row.as_slice() else {
                    return Err(self.error(
                        format!("{key}[{index}]"),
                        ErrorKind::SpecValue {
                            found: format!("{} numbers", row.len()),
                            expected: "a pair [x, points]".to_owned(),
                        },
                    ));
                };
                Ok((
                    exact::from_decimal(self.decimal(&format!("{key}[{index}][0]"), x)?),
                    exact::from_decimal(self.decimal(&format!("{key}[{index}][1]"), points)?),
                ))
            })
            .collect()
    }

    /// The board's dimensions, parents before children, and each indicator's node in them.
    pub(super) fn dimensions(
        &self,
        key: &str,
        weights: Option<&BTreeMap<String, Number>>,
        named: &[Option<String>],
        indicators: &mut [IndicatorSpec],
    ) -> Result<Vec<DimensionRule>> {
        let dimensions_key = format!("{key}.dimensions");
        let mut rules: Vec<DimensionRule> = Vec::new();
        // BTreeMap order puts a path before its extensions ("环境" < "环境.卫生").
        for (path, weight) in weights.into_iter().flatten() {
            let weight_key = format!("{dimensions_key}.{path}");
            if path.split('.').any(|part| part.trim().is_empty()) {
                return Err(self.error(
                    &weight_key,
                    ErrorKind::SpecValue {
                        found: format!("\"{}\"", shorten(path)),
                        expected: "a dimension's dotted path, such as \"环境.卫生\"".to_owned(),
                    },
                ));
            }
            let weight_value = self.decimal(&weight_key, weight)?;
            if weight_value.is_sign_negative() && !weight_value.is_zero() {
                return Err(self.error(
                    &weight_key,
                    ErrorKind::NegativeWeight {
                        weight: weight_value.to_string(),
                    },
                ));
            }
            let parent = match path.rsplit_once('.') {
                None => 0,
                Some((parent, _)) => {
                    rules
                        .iter()
                        .position(|rule| rule.path == parent)
                        .ok_or_else(|| {
                            self.error(
                                &weight_key,
                                ErrorKind::UnknownDimension {
                                    dimension: shorten(parent),
                                    key: dimensions_key.clone(),
                                },
                            )
                        })?
                        + 1
                }
            };
            rules.push(DimensionRule {
                path: path.clone(),
                weight: weight_value,
                parent,
            });
        }
        for (index, (indicator, path)) in indicators.iter_mut().zip(named).enumerate() {
            let Some(path) = path else { continue };
            indicator.dimension = rules
                .iter()
                .position(|rule| rule.path == *path)
                .ok_or_else(|| {
                    self.error(
                        format!("{key}.indicators[{index}].dimension"),
                        ErrorKind::UnknownDimension {
                            dimension: shorten(path),
                            key: dimensions_key.clone(),
                        },
                    )
                })?
                + 1;
        }
        // Every dimension holds an indicator, and some weight.
        let mut used = vec![false; rules.len() + 1];
        let mut weighted = vec![false; rules.len() + 1];
        for indicator in indicators.iter() {
            used[indicator.dimension] = true;
            weighted[indicator.dimension] |= !indicator.weight.is_zero();
        }
        for node in (1..=rules.len()).rev() {
            let rule = &rules[node - 1];
            if !used[node] {
                let named: Vec<&str> = named.iter().flatten().map(String::as_str).collect();
                return Err(self.error(
                    format!("{dimensions_key}.{}", rule.path),
                    ErrorKind::UnusedDimension {
                        dimension: shorten(&rule.path),
                        used: list(named.into_iter()),
                    },
                ));
            }
            if !weighted[node] {
                return Err(self.error(
                    format!("{dimensions_key}.{}", rule.path),
                    ErrorKind::ZeroDimensionWeights {
                        dimension: shorten(&rule.path),
                    },
                ));
            }
            used[rule.parent] = true;
            weighted[rule.parent] |= !rule.weight.is_zero();
        }
        Ok(rules)
    }

    /// No indicator id is a dimension's path, on any board: the CSV puts every board's
    /// columns under one header, where `安全.weight` would then be the indicator's on one row
    /// and the dimension's on another (or both on one). The other columns cannot clash: an
    /// indicator's end in `.value|.normalized|.weight|.contribution`, a dimension's in
    /// `.score|.weight|.contribution`, an adjustment's in `.units|.points`, and the fixed ones
    /// hold no dot.
    pub(super) fn distinct_columns(&self, boards: &[BoardSpec]) -> Result<()> {
        for board in boards {
            for (index, indicator) in board.scored_indicators().iter().enumerate() {
                let clash = boards.iter().find_map(|other| {
                    other
                        .dimensions
                        .iter()
                        .find(|dimension| dimension.path == indicator.id)
                        .map(|dimension| {
                            format!("boards[{}].dimensions.{}", other.position, dimension.path)
                        })
                });
                if let Some(dimension) = clash {
                    return Err(self.error(
                        format!("boards[{}].indicators[{index}].id", board.position),
                        ErrorKind::IdIsDimension {
                            id: shorten(&indicator.id),
                            dimension: shorten(&dimension),
                        },
                    ));
                }
            }
        }
        Ok(())
    }

    /// The board's adjustments; the counts they read are appended to `counts`.
    pub(super) fn adjustments(
        &self,
        key: &str,
        raw: &[RawAdjustment],
        sources: &[SourceSpec],
        scored: &[IndicatorSpec],
        counts: &mut Vec<IndicatorSpec>,
    ) -> Result<Vec<Adjustment>> {
        let mut adjustments: Vec<Adjustment> = Vec::with_capacity(raw.len());
        for (index, adjustment) in raw.iter().enumerate() {
            let key = format!("{key}.adjustments[{index}]");
            if let Some(first) = adjustments
                .iter()
                .position(|known| known.id == adjustment.id)
            {
                return Err(self.error(
                    format!("{key}.id"),
                    ErrorKind::RepeatedId {
                        id: shorten(&adjustment.id),
                        first: format!("{}.adjustments[{first}].id", key_of_board(&key)),
                    },
                ));
            }
            let points = self.non_negative(&format!("{key}.points"), &adjustment.points)?;
            let cap = adjustment
                .cap
                .as_ref()
                .map(|cap| self.non_negative(&format!("{key}.cap"), cap))
                .transpose()?;
            if let Some(streak) = &adjustment.streak {
                let unused = [
                    ("source", adjustment.source.is_some()),
                    ("indicator", adjustment.indicator.is_some()),
                    ("where", adjustment.filter.is_some()),
                    ("multiply", adjustment.multiply.is_some()),
                ];
                let rule = self.streak_rule(&key, streak, &unused)?;
                adjustments.push(Adjustment {
                    id: adjustment.id.clone(),
                    kind: adjustment.kind,
                    points,
                    cap,
                    // The row is set once the board's counts are known.
                    units: Units::Streak { row: 0, rule },
                });
                continue;
            }
            let units = match self.counted(
                &key,
                adjustment.source.as_deref(),
                adjustment.filter.as_ref(),
                adjustment.indicator.as_deref(),
                sources,
                scored,
            )? {
                Counted::Indicator(row) => {
                    if adjustment.multiply.is_some() {
                        return Err(self.error(
                            format!("{key}.multiply"),
                            ErrorKind::UnusedKey {
                                key: "multiply".to_owned(),
                                context: "with `indicator` (it multiplies records of a `source`)"
                                    .to_owned(),
                            },
                        ));
                    }
                    Units::Indicator(row)
                }
                Counted::Records { source, filter } => {
                    let mut multiplied = Vec::new();
                    let base = scored.len() + counts.len();
                    counts.push(count_of(&key, source, filter.clone(), &adjustment.id));
                    if let Some(multiply) = &adjustment.multiply {
                        let column = crate::name::normalize(&multiply.column);
                        if filter
                            .conditions()
                            .iter()
                            .any(|condition| crate::name::normalize(&condition.column) == column)
                        {
                            return Err(self.conflict(
                                format!("{key}.multiply.column"),
                                Conflict::MultiplyFilteredColumn {
                                    column: shorten(&multiply.column),
                                },
                            ));
                        }
                        if multiply.by.is_empty() {
                            return Err(self.error(
                                format!("{key}.multiply.by"),
                                ErrorKind::SpecValue {
                                    found: "an empty table".to_owned(),
                                    expected: "values of the column and their factors, such as { \"媒体曝光\" = 2 }".to_owned(),
                                },
                            ));
                        }
                        for (value, factor) in &multiply.by {
                            let factor =
                                self.non_negative(&format!("{key}.multiply.by.{value}"), factor)?;
                            let mut filter = filter.clone();
                            filter.require(&multiply.column, vec![value.clone()]);
                            multiplied.push((scored.len() + counts.len(), factor));
                            counts.push(count_of(&key, source, filter, &adjustment.id));
                        }
                    }
                    Units::Records {
                        count: base,
                        multiplied,
                    }
                }
            };
            adjustments.push(Adjustment {
                id: adjustment.id.clone(),
                kind: adjustment.kind,
                points,
                cap,
                units,
            });
        }
        Ok(adjustments)
    }

    /// The board's vetoes; the counts they read are appended to `counts`.
    pub(super) fn vetoes(
        &self,
        key: &str,
        raw: &[RawVeto],
        sources: &[SourceSpec],
        scored: &[IndicatorSpec],
        counts: &mut Vec<IndicatorSpec>,
        has_grades: bool,
    ) -> Result<Vec<Veto>> {
        let mut vetoes: Vec<Veto> = Vec::with_capacity(raw.len());
        for (index, veto) in raw.iter().enumerate() {
            let key = format!("{key}.vetoes[{index}]");
            if let Some(first) = vetoes.iter().position(|known| known.id == veto.id) {
                return Err(self.error(
                    format!("{key}.id"),
                    ErrorKind::RepeatedId {
                        id: shorten(&veto.id),
                        first: format!("{}.vetoes[{first}].id", key_of_board(&key)),
                    },
                ));
            }
            if veto.effect == VetoEffect::Demote && !has_grades {
                return Err(self.conflict(format!("{key}.effect"), Conflict::DemoteWithoutGrades));
            }
            let bound = |name: &str, number: &Option<Number>| {
                number
                    .as_ref()
                    .map(|number| self.decimal(&format!("{key}.{name}"), number))
                    .transpose()
            };
            let (at_least, at_most) = (
                bound("at_least", &veto.at_least)?,
                bound("at_most", &veto.at_most)?,
            );
            if let Some(streak) = &veto.streak {
                let unused = [
                    ("source", veto.source.is_some()),
                    ("indicator", veto.indicator.is_some()),
                    ("where", veto.filter.is_some()),
                    ("at_least", veto.at_least.is_some()),
                    ("at_most", veto.at_most.is_some()),
                ];
                let rule = self.streak_rule(&key, streak, &unused)?;
                vetoes.push(Veto {
                    id: veto.id.clone(),
                    reason: veto.reason.clone().unwrap_or_else(|| veto.id.clone()),
                    effect: veto.effect,
                    // The row is set once the board's counts are known.
                    test: VetoTest::Streak { row: 0, rule },
                });
                continue;
            }
            let test = match self.counted(
                &key,
                veto.source.as_deref(),
                veto.filter.as_ref(),
                veto.indicator.as_deref(),
                sources,
                scored,
            )? {
                Counted::Records { source, filter } => {
                    if veto.at_most.is_some() {
                        return Err(self.error(
                            format!("{key}.at_most"),
                            ErrorKind::UnusedKey {
                                key: "at_most".to_owned(),
                                context: "with `source` (a count vetoes from `at_least` records)"
                                    .to_owned(),
                            },
                        ));
                    }
                    let row = scored.len() + counts.len();
                    counts.push(count_of(&key, source, filter, &veto.id));
                    VetoTest::AtLeast(row, at_least.unwrap_or(Decimal::ONE))
                }
                Counted::Indicator(row) => match (at_least, at_most) {
                    (Some(bound), None) => VetoTest::AtLeast(row, bound),
                    (None, Some(bound)) => VetoTest::AtMost(row, bound),
                    (None, None) => {
                        return Err(self.error(
                            &key,
                            ErrorKind::MissingKey {
                                key: "at_least` or `at_most".to_owned(),
                                why: ": a veto on an indicator needs the value that strikes"
                                    .to_owned(),
                            },
                        ));
                    }
                    (Some(_), Some(_)) => {
                        return Err(
                            self.conflict(format!("{key}.at_most"), Conflict::TwoVetoBounds)
                        );
                    }
                },
            };
            vetoes.push(Veto {
                id: veto.id.clone(),
                reason: veto.reason.clone().unwrap_or_else(|| veto.id.clone()),
                effect: veto.effect,
                test,
            });
        }
        Ok(vetoes)
    }

    /// The streak of an adjustment or veto at `key`: `periods` from 2 to the longest history,
    /// and none of the keys of a count (`unused`, each with whether it is set).
    fn streak_rule(
        &self,
        key: &str,
        raw: &RawStreak,
        unused: &[(&str, bool)],
    ) -> Result<StreakRule> {
        if let Some((name, _)) = unused.iter().find(|(_, set)| *set) {
            return Err(self.error(
                format!("{key}.{name}"),
                ErrorKind::UnusedKey {
                    key: (*name).to_owned(),
                    context: "with `streak` (a streak counts periods on a list, not records)"
                        .to_owned(),
                },
            ));
        }
        let periods = u8::try_from(raw.periods)
            .ok()
            .filter(|periods| *periods >= 2 && usize::from(*periods) <= MOST_HISTORY)
            .ok_or_else(|| {
                self.error(
                    format!("{key}.streak.periods"),
                    ErrorKind::SpecValue {
                        found: raw.periods.to_string(),
                        expected: format!("a number of periods from 2 to {MOST_HISTORY}"),
                    },
                )
            })?;
        Ok(StreakRule {
            list: raw.list,
            periods,
        })
    }

    /// The streaks of the board's adjustments and vetoes, in that order, given their rows
    /// after the `rows` rows of its indicators and counts; each checked against the board: a
    /// streak stays on a list the board has, on a board of scores.
    pub(super) fn streak_rows(
        &self,
        key: &str,
        raw: &RawBoard,
        rows: usize,
        adjustments: &mut [Adjustment],
        vetoes: &mut [Veto],
    ) -> Result<Vec<StreakRule>> {
        let mut rules = Vec::new();
        let grouped = raw.group_by.is_some();
        // A board inside groups judges streaks on its overall lists, the district's.
        let (top, bottom) = if grouped {
            (raw.overall_top, raw.overall_bottom)
        } else {
            (raw.top, raw.bottom)
        };
        let keyed = adjustments
            .iter_mut()
            .enumerate()
            .filter_map(|(index, adjustment)| match &mut adjustment.units {
                Units::Streak { row, rule } => Some((format!("adjustments[{index}]"), row, *rule)),
                _ => None,
            })
            .chain(vetoes.iter_mut().enumerate().filter_map(
                |(index, veto)| match &mut veto.test {
                    VetoTest::Streak { row, rule } => {
                        Some((format!("vetoes[{index}]"), row, *rule))
                    }
                    _ => None,
                },
            ));
        for (at, row, rule) in keyed {
            if raw.rank_by == RankBy::Change {
                return Err(
                    self.conflict(format!("{key}.{at}.streak"), Conflict::StreakOnImprovement)
                );
            }
            let missing = match rule.list {
                StreakList::Listed => {
                    top.is_none()
                        .then_some(if grouped { "overall_top" } else { "top" })
                }
                StreakList::Worst => {
                    (bottom.is_none() && raw.below.is_none()).then_some(if grouped {
                        "overall_bottom` or `below"
                    } else {
                        "bottom` or `below"
                    })
                }
            };
            if let Some(keys) = missing {
                return Err(self.conflict(
                    format!("{key}.{at}.streak.list"),
                    Conflict::StreakWithoutList {
                        list: rule.list.as_str().to_owned(),
                        keys: keys.to_owned(),
                    },
                ));
            }
            *row = rows + rules.len();
            rules.push(rule);
        }
        Ok(rules)
    }

    /// What an adjustment or veto counts: records of `source` passing `where`, or the value
    /// of a board indicator.
    fn counted(
        &self,
        key: &str,
        source: Option<&str>,
        filter: Option<&BTreeMap<String, toml::Value>>,
        indicator: Option<&str>,
        sources: &[SourceSpec],
        scored: &[IndicatorSpec],
    ) -> Result<Counted> {
        match (source, indicator) {
            (Some(_), Some(_)) => {
                Err(self.conflict(format!("{key}.indicator"), Conflict::SourceAndIndicator))
            }
            (None, None) => Err(self.error(
                key,
                ErrorKind::MissingKey {
                    key: "source` or `indicator".to_owned(),
                    why: ": say what is counted".to_owned(),
                },
            )),
            (None, Some(indicator)) => {
                if filter.is_some() {
                    return Err(self.error(
                        format!("{key}.where"),
                        ErrorKind::UnusedKey {
                            key: "where".to_owned(),
                            context: "with `indicator` (it filters records of a `source`)"
                                .to_owned(),
                        },
                    ));
                }
                scored
                    .iter()
                    .position(|known| known.id == indicator)
                    .map(Counted::Indicator)
                    .ok_or_else(|| {
                        self.error(
                            format!("{key}.indicator"),
                            ErrorKind::UnknownIndicator {
                                indicator: shorten(indicator),
                                known: list(scored.iter().map(|i| i.id.as_str())),
                            },
                        )
                    })
            }
            (Some(source), None) => {
                let index = sources
                    .iter()
                    .position(|known| known.id == source)
                    .ok_or_else(|| {
                        self.error(
                            format!("{key}.source"),
                            ErrorKind::UnknownSource {
                                source_id: shorten(source),
                                known: list(sources.iter().map(|s| s.id.as_str())),
                            },
                        )
                    })?;
                if sources[index].kind == crate::source::SourceKind::Table {
                    return Err(self.error(
                        format!("{key}.source"),
                        ErrorKind::MeasureSource {
                            measure: "count".to_owned(),
                            kind: "table".to_owned(),
                            hint: "; count records of a raw source, or read a table's value through an `indicator`".to_owned(),
                        },
                    ));
                }
                let filter = match filter {
                    Some(filter) => self.filter(&format!("{key}.where"), filter)?,
                    None => Filter::default(),
                };
                Ok(Counted::Records {
                    source: index,
                    filter,
                })
            }
        }
    }

    /// The board's grades.
    pub(super) fn grades(&self, key: &str, raw: Option<&[RawGrade]>) -> Result<Option<Grades>> {
        let Some(raw) = raw else { return Ok(None) };
        let key = format!("{key}.grades");
        if raw.is_empty() {
            return Err(self.error(
                &key,
                ErrorKind::SpecValue {
                    found: "an empty list".to_owned(),
                    expected: "grades such as [{ name = \"优秀\", min = 90 }, { name = \"合格\" }]"
                        .to_owned(),
                },
            ));
        }
        let by_share = raw.iter().any(|grade| grade.share.is_some());
        let mut rows: Vec<GradeRule> = Vec::with_capacity(raw.len());
        for (index, grade) in raw.iter().enumerate() {
            let row_key = format!("{key}[{index}]");
            if by_share && grade.min.is_some() {
                return Err(self.conflict(format!("{row_key}.min"), Conflict::GradeByScoreAndRank));
            }
            if rows.iter().any(|known| known.name == grade.name) {
                return Err(self.error(
                    format!("{row_key}.name"),
                    ErrorKind::RepeatedId {
                        id: shorten(&grade.name),
                        first: format!(
                            "{key}[{}].name",
                            rows.iter()
                                .position(|known| known.name == grade.name)
                                .unwrap_or(0)
                        ),
                    },
                ));
            }
            let min = self.optional_decimal(&format!("{row_key}.min"), grade.min.as_ref())?;
            let share = grade
                .share
                .as_ref()
                .map(|share| self.non_negative(&format!("{row_key}.share"), share))
                .transpose()?;
            let last = index + 1 == raw.len();
            if min.is_none() && share.is_none() && !last {
                let bound = if by_share { "share" } else { "min" };
                return Err(self.error(
                    &row_key,
                    ErrorKind::MissingKey {
                        key: bound.to_owned(),
                        why: ": only the last grade may go without (it takes the rest)".to_owned(),
                    },
                ));
            }
            if let (Some(min), Some(before)) = (min, rows.last().and_then(|row| row.min))
                && min >= before
            {
                return Err(self.error(
                    format!("{row_key}.min"),
                    ErrorKind::OutOfOrder {
                        what: "the grades".to_owned(),
                        rule: format!(
                            "each `min` must be below the one before ({min} is not below {before})"
                        ),
                    },
                ));
            }
            rows.push(GradeRule {
                name: grade.name.clone(),
                min,
                share,
            });
        }
        if by_share {
            let total = rows
                .iter()
                .filter_map(|row| row.share)
                .try_fold(Decimal::ZERO, Decimal::checked_add);
            if total.is_none_or(|total| total > Decimal::ONE) {
                return Err(self.error(
                    &key,
                    ErrorKind::SharesAboveOne {
                        total: total.map_or_else(
                            || "more than a decimal holds".to_owned(),
                            |t| t.to_string(),
                        ),
                    },
                ));
            }
        }
        Ok(Some(Grades { rows, by_share }))
    }

    /// The worst list and the improvement keys: `bottom`, `below`, `rank_by`, `compare`.
    pub(super) fn lists(&self, key: &str, raw: &RawBoard) -> Result<(Option<Decimal>, Compare)> {
        if raw.bottom == Some(0) {
            return Err(self.error(
                format!("{key}.bottom"),
                ErrorKind::SpecValue {
                    found: "0".to_owned(),
                    expected: "a number of places, 1 or more".to_owned(),
                },
            ));
        }
        let below = self.optional_decimal(&format!("{key}.below"), raw.below.as_ref())?;
        if raw.bottom.is_some() && below.is_some() {
            return Err(self.conflict(format!("{key}.below"), Conflict::TwoWorstLists));
        }
        if raw.compare.is_some() && raw.rank_by != RankBy::Change {
            return Err(self.error(
                format!("{key}.compare"),
                ErrorKind::UnusedKey {
                    key: "compare".to_owned(),
                    context: "without rank_by = \"change\"".to_owned(),
                },
            ));
        }
        Ok((below, raw.compare.unwrap_or_default()))
    }

    /// A decimal that must be 0 or more.
    fn non_negative(&self, key: &str, number: &Number) -> Result<Decimal> {
        let value = self.decimal(key, number)?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(self.error(
                key,
                ErrorKind::SpecValue {
                    found: value.to_string(),
                    expected: "a decimal of 0 or more".to_owned(),
                },
            ));
        }
        Ok(value)
    }

    /// An error of settings that contradict each other, at `key`.
    pub(super) fn conflict(
        &self,
        key: impl Into<String>,
        conflict: Conflict,
    ) -> crate::error::Error {
        self.error(key, ErrorKind::Conflict(conflict))
    }
}

/// What an adjustment or veto counts.
enum Counted {
    Records {
        source: usize,
        filter: Filter,
    },
    /// A row of the board's indicators.
    Indicator(usize),
}

/// The count of records an adjustment or veto at `key` reads, as an indicator of weight 0
/// that the board measures but does not score.
fn count_of(key: &str, source: usize, filter: Filter, id: &str) -> IndicatorSpec {
    IndicatorSpec {
        id: id.to_owned(),
        source,
        measure: MeasureSpec::Count,
        filter,
        better: Better::Higher,
        normalize: Normalize::None,
        curve: None,
        weight: Decimal::ZERO,
        label: None,
        dimension: 0,
        key: key.to_owned(),
    }
}

/// `boards[0]` of `boards[0].adjustments[1]`.
fn key_of_board(key: &str) -> &str {
    key.split_once('.').map_or(key, |(board, _)| board)
}
