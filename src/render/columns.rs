//! One model of a board's columns beyond rank, place, score and change: for each, a stable
//! machine key (CSV's header), a label a reader sees, the exact value each cell holds and how
//! it is shown, and which formats show it. The table, Markdown, the report page and the
//! workbook take the scheme's columns for readers from here, and CSV takes those for data, so
//! that a board reads the same in each; the per-indicator columns, a group of their own, are
//! the workbook's (after the scheme's, for filtering) and CSV's (before them).
//!
//! The order, one for every format: the worst-list flag, the score improved from and the gain
//! (improvement boards), the aggregate before adjustments and bounds, each dimension (its
//! score, weight and contribution), each adjustment (units and points), the adjustments'
//! points together, the grade, the vetoes. The parts of a score come first, the verdicts on it
//! after, and the vetoes' free text last. A column appears only on a board that has it.
//!
//! The keys are stable: a script may read CSV by them, and a translated label
//! ([`Column::label_in`], from the `labels` table of the reader's language) does not change
//! them. The adjustments' points together are for readers alone (CSV has each
//! adjustment's points and the aggregate they add to); the worst-list flag, the aggregate and
//! the parts of dimensions and adjustments are CSV's alone (a reader finds them in an
//! explanation). The render module's docs list every column with the formats that show it.

use std::cmp::Ordering;
use std::collections::HashMap;

use rust_decimal::Decimal;

use super::labels::Labels;
use crate::board::{AdjustmentScore, Board, DimensionScore, Entry, IndicatorScore};
use crate::lang::Language;
use crate::rank::RankBy;
use crate::score::Rounding;

/// How a number is shown, as text and in a workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shown {
    /// A board score, already rounded to the board's decimals: as it is, and with the board's
    /// decimals in a workbook.
    Score,
    /// A change of a board score: with its sign (`+1.5`, `-2.0`, `0.0`), and with the board's
    /// decimals in a workbook.
    Change,
    /// An exact part of a score (a dimension's): rounded to the board's decimals by its
    /// rounding, for reading only (the board's score is rounded once, from the exact value).
    Exact,
    /// Points, signed, as they are; Excel's General format in a workbook.
    Points,
    /// A number as it is (a rank, a raw value); Excel's General format in a workbook.
    Plain,
}

/// Which formats show a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Audience {
    /// Every format: the table, Markdown, the report page, the workbook and CSV.
    Everyone,
    /// The formats a person reads (the table, Markdown, the report page, the workbook): a
    /// figure CSV holds as its parts.
    Readers,
    /// The workbook and CSV: a figure to filter and compute on, too many for a table.
    Sheets,
    /// CSV alone: a part a reader finds in an explanation.
    Data,
}

/// A format, as the model tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Medium {
    /// The table, Markdown and the report page.
    Page,
    /// The workbook.
    // Written only by the workbook, behind the `xlsx` feature.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    Workbook,
    /// CSV.
    Csv,
}

impl Audience {
    fn reaches(self, medium: Medium) -> bool {
        match self {
            Audience::Everyone => true,
            Audience::Readers => medium != Medium::Csv,
            Audience::Sheets => medium != Medium::Page,
            Audience::Data => medium == Medium::Csv,
        }
    }
}

/// Where a column stands in the model's order (see the module docs); the order of the
/// variants is the order of the columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Slot {
    /// The per-indicator columns, a group of their own that each format places.
    Indicator,
    Worst,
    Earlier,
    Gain,
    Aggregate,
    Dimension,
    Adjustment,
    Adjustments,
    Grade,
    Vetoes,
}

/// An entry's number in a column (none for a missing one).
type NumberOf<'b> = Box<dyn Fn(&Entry) -> Option<Decimal> + 'b>;

/// One number of an indicator's score.
type PartOf = fn(&IndicatorScore) -> Option<Decimal>;

/// An entry's text in a column.
type TextOf<'b> = Box<dyn Fn(&Entry) -> String + 'b>;

/// What a column's cell holds for an entry.
pub(super) enum Cell<'b> {
    /// A number, exact, and how it is shown.
    Number(NumberOf<'b>, Shown),
    /// Text.
    Text(TextOf<'b>),
}

/// A column of a board: its key, its label, its cell, and who shows it.
pub(super) struct Column<'b> {
    /// The stable machine key: CSV's header. Never translated.
    pub(super) key: String,
    /// What a reader sees over the column.
    label: String,
    pub(super) cell: Cell<'b>,
    pub(super) audience: Audience,
    /// Where it stands in the model's order; none for a workbook's own column (its rank,
    /// place, score, tie, change and previous rank), which no other format merges.
    slot: Option<Slot>,
    /// Among a slot's columns of several boards, the dimension path the column belongs to:
    /// dimensions merge in the order of their paths, as each board lists its own (a union in
    /// first-seen order would put a later board's "A" after an earlier board's "B").
    by_path: Option<String>,
    board: &'b Board,
}

impl<'b> Column<'b> {
    /// A column of numbers that every format shows, its key its label; see `labelled` for a label
    /// apart.
    pub(super) fn number(
        board: &'b Board,
        key: impl Into<String>,
        shown: Shown,
        value: impl Fn(&Entry) -> Option<Decimal> + 'b,
    ) -> Column<'b> {
        let key = key.into();
        Column {
            label: key.clone(),
            key,
            cell: Cell::Number(Box::new(value), shown),
            audience: Audience::Everyone,
            slot: None,
            by_path: None,
            board,
        }
    }

    /// A column of text that every format shows, its key its label.
    pub(super) fn text(
        board: &'b Board,
        key: impl Into<String>,
        value: impl Fn(&Entry) -> String + 'b,
    ) -> Column<'b> {
        let key = key.into();
        Column {
            label: key.clone(),
            key,
            cell: Cell::Text(Box::new(value)),
            audience: Audience::Everyone,
            slot: None,
            by_path: None,
            board,
        }
    }

    /// The same column under a label apart from its key.
    fn labelled(mut self, label: impl Into<String>) -> Column<'b> {
        self.label = label.into();
        self
    }

    fn for_only(mut self, audience: Audience) -> Column<'b> {
        self.audience = audience;
        self
    }

    fn at(mut self, slot: Slot) -> Column<'b> {
        self.slot = Some(slot);
        self
    }

    fn of_path(mut self, path: &str) -> Column<'b> {
        self.by_path = Some(path.to_owned());
        self
    }

    /// The column's English label, the words the outputs had before they spoke Chinese.
    #[cfg(test)]
    pub(super) fn label(&self) -> &str {
        &self.label
    }

    /// What a reader sees over the column in the language of `labels`: a dimension's and an
    /// indicator's display names (`dimension_labels`, `label`) instead of their paths and
    /// ids, the scheme's words translated; the key stays as it is.
    pub(super) fn label_in(&self, labels: &Labels) -> String {
        let english = labels.language == Language::English;
        match self.slot {
            Some(Slot::Earlier) => labels.then.to_owned(),
            Some(Slot::Gain) if self.key == "points_change" => labels.points.to_owned(),
            Some(Slot::Gain) => labels.gain.to_owned(),
            Some(Slot::Adjustments) => labels.adjustment.to_owned(),
            Some(Slot::Grade) => labels.grade.to_owned(),
            Some(Slot::Vetoes) => labels.vetoes.to_owned(),
            Some(Slot::Dimension) if self.audience != Audience::Data => {
                let path = self.by_path.as_deref().unwrap_or_default();
                self.board
                    .dimensions
                    .iter()
                    .find(|dimension| dimension.path == path)
                    .map_or(path, |dimension| dimension.shown_name())
                    .to_owned()
            }
            Some(Slot::Indicator) => {
                let Some((id, part)) = self.key.rsplit_once('.') else {
                    return self.label.clone();
                };
                let indicator = self.board.indicators.iter().find(|known| known.id == id);
                let name = indicator.map_or(id, |indicator| indicator.shown_name());
                let word = match part {
                    "value" => labels.value,
                    "normalized" => labels.normalized,
                    "contribution" => labels.contribution,
                    _ => part,
                };
                if english && indicator.is_none_or(|indicator| indicator.label.is_none()) {
                    self.label.clone()
                } else {
                    format!("{name} {word}")
                }
            }
            _ => self.label.clone(),
        }
    }

    /// The entry's cell as text: what the table, Markdown and the report page show.
    pub(super) fn shown(&self, entry: &Entry) -> String {
        match &self.cell {
            Cell::Text(text) => text(entry),
            Cell::Number(value, shown) => value(entry)
                .map(|value| match shown {
                    Shown::Score | Shown::Plain => value.to_string(),
                    Shown::Change | Shown::Points => signed(value),
                    Shown::Exact => rounded(value, self.board),
                })
                .unwrap_or_default(),
        }
    }

    /// The entry's cell exactly, unrounded and unsigned: what CSV holds (empty for a missing
    /// number).
    pub(super) fn exact(&self, entry: &Entry) -> String {
        match &self.cell {
            Cell::Text(text) => text(entry),
            Cell::Number(value, _) => value(entry)
                .map(|value| value.to_string())
                .unwrap_or_default(),
        }
    }
}

/// The board's scheme columns that `medium` shows, in the model's order; none for a flat board
/// of scores.
pub(super) fn scheme_columns(board: &Board, medium: Medium) -> Vec<Column<'_>> {
    every_scheme_column(board)
        .into_iter()
        .filter(|column| column.audience.reaches(medium))
        .collect()
}

/// The board's per-indicator columns that `medium` shows, indicator by indicator in the
/// board's order: the measured value, the normalized value, the weight (CSV alone: the
/// workbook's reader finds it in the spec) and the contribution.
pub(super) fn indicator_columns(board: &Board, medium: Medium) -> Vec<Column<'_>> {
    let mut columns = Vec::new();
    for indicator in &board.indicators {
        let id = indicator.id.as_str();
        let parts: [(&str, Shown, Audience, PartOf); 4] = [
            ("value", Shown::Plain, Audience::Sheets, |part| part.value),
            ("normalized", Shown::Exact, Audience::Sheets, |part| {
                part.normalized
            }),
            ("weight", Shown::Plain, Audience::Data, |part| part.weight),
            ("contribution", Shown::Exact, Audience::Sheets, |part| {
                part.contribution
            }),
        ];
        for (part, shown, audience, value) in parts {
            let key = format!("{id}.{part}");
            columns.push(
                Column::number(board, key.clone(), shown, move |entry| {
                    entry
                        .indicators
                        .iter()
                        .find(|score| score.indicator == id)
                        .and_then(value)
                })
                .labelled(key)
                .for_only(audience)
                .at(Slot::Indicator),
            );
        }
    }
    columns.retain(|column| column.audience.reaches(medium));
    columns
}

/// A group of columns of several boards in one table (CSV's): each key once, in the model's
/// order (first seen within a slot, dimensions by path), and each board's columns by key; a
/// board without a column has an empty cell there.
pub(super) struct Merged<'b> {
    pub(super) keys: Vec<String>,
    by_board: Vec<HashMap<String, Column<'b>>>,
}

impl<'b> Merged<'b> {
    /// The columns `group` gives each board for CSV, merged.
    pub(super) fn new(
        boards: &'b [Board],
        group: fn(&'b Board, Medium) -> Vec<Column<'b>>,
    ) -> Merged<'b> {
        let mut order: Vec<(Option<Slot>, Option<String>, usize, String)> = Vec::new();
        let mut by_board = Vec::with_capacity(boards.len());
        for board in boards {
            let mut columns = HashMap::new();
            for column in group(board, Medium::Csv) {
                if !order.iter().any(|(_, _, _, key)| *key == column.key) {
                    order.push((
                        column.slot,
                        column.by_path.clone(),
                        order.len(),
                        column.key.clone(),
                    ));
                }
                columns.insert(column.key.clone(), column);
            }
            by_board.push(columns);
        }
        order.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| match (&a.1, &b.1) {
                    (Some(a), Some(b)) => a.cmp(b),
                    _ => Ordering::Equal,
                })
                .then(a.2.cmp(&b.2))
        });
        Merged {
            keys: order.into_iter().map(|(_, _, _, key)| key).collect(),
            by_board,
        }
    }

    /// The cells of `entry` of the `board`-th board, exact, one per key.
    pub(super) fn row<'r>(
        &'r self,
        board: usize,
        entry: &'r Entry,
    ) -> impl Iterator<Item = String> + 'r {
        let columns = self.by_board.get(board);
        self.keys.iter().map(move |key| {
            columns
                .and_then(|columns| columns.get(key))
                .map(|column| column.exact(entry))
                .unwrap_or_default()
        })
    }
}

/// The board's scheme columns, every audience, in the model's order.
fn every_scheme_column(board: &Board) -> Vec<Column<'_>> {
    let mut columns = Vec::new();
    if board.worst_title().is_some() {
        columns.push(
            Column::text(board, "worst", |entry| entry.worst.to_string())
                .for_only(Audience::Data)
                .at(Slot::Worst),
        );
    }
    if board.rank_by == RankBy::Change {
        columns.push(
            Column::number(board, "earlier_score", Shown::Score, |entry| {
                entry.improvement.map(|improvement| improvement.earlier)
            })
            .labelled("then")
            .at(Slot::Earlier),
        );
        columns.push(
            Column::number(board, "score_change", Shown::Change, |entry| {
                entry.improvement.map(|improvement| improvement.change)
            })
            .labelled("gain")
            .at(Slot::Gain),
        );
    }
    if board.points_change {
        columns.push(
            Column::number(board, "points_change", Shown::Change, |entry| {
                entry.points_change
            })
            .labelled("points")
            .at(Slot::Gain),
        );
    }
    if board.entries.iter().any(|entry| entry.aggregate.is_some()) {
        columns.push(
            Column::number(board, "aggregate", Shown::Exact, |entry| entry.aggregate)
                .for_only(Audience::Data)
                .at(Slot::Aggregate),
        );
    }
    for dimension in &board.dimensions {
        let path = dimension.path.as_str();
        columns.push(
            Column::number(board, format!("{path}.score"), Shown::Exact, move |entry| {
                dimension_of(entry, path).and_then(|part| part.score)
            })
            .labelled(path)
            .at(Slot::Dimension)
            .of_path(path),
        );
        columns.push(
            Column::number(
                board,
                format!("{path}.weight"),
                Shown::Plain,
                move |entry| dimension_of(entry, path).and_then(|part| part.weight),
            )
            .labelled(format!("{path} weight"))
            .for_only(Audience::Data)
            .at(Slot::Dimension)
            .of_path(path),
        );
        columns.push(
            Column::number(
                board,
                format!("{path}.contribution"),
                Shown::Exact,
                move |entry| dimension_of(entry, path).and_then(|part| part.contribution),
            )
            .labelled(format!("{path} contribution"))
            .for_only(Audience::Data)
            .at(Slot::Dimension)
            .of_path(path),
        );
    }
    let mut adjustments: Vec<&str> = Vec::new();
    for entry in &board.entries {
        for adjustment in &entry.adjustments {
            if !adjustments.contains(&adjustment.adjustment.as_str()) {
                adjustments.push(&adjustment.adjustment);
            }
        }
    }
    for id in &adjustments {
        let id = *id;
        columns.push(
            Column::number(board, format!("{id}.units"), Shown::Plain, move |entry| {
                adjustment_of(entry, id).map(|part| part.units)
            })
            .labelled(format!("{id} units"))
            .for_only(Audience::Data)
            .at(Slot::Adjustment),
        );
        columns.push(
            Column::number(board, format!("{id}.points"), Shown::Points, move |entry| {
                adjustment_of(entry, id).map(|part| part.points)
            })
            .labelled(format!("{id} points"))
            .for_only(Audience::Data)
            .at(Slot::Adjustment),
        );
    }
    if !adjustments.is_empty() {
        // The adjustments' points together, after their caps: aggregate + adjustment, bounded,
        // is the score.
        columns.push(
            Column::number(board, "adjustment", Shown::Points, |entry| {
                entry
                    .adjustments
                    .iter()
                    .try_fold(Decimal::ZERO, |total, part| total.checked_add(part.points))
            })
            .for_only(Audience::Readers)
            .at(Slot::Adjustments),
        );
    }
    if !board.grades.is_empty() {
        columns.push(
            Column::text(board, "grade", |entry| {
                entry.grade.clone().unwrap_or_default()
            })
            .at(Slot::Grade),
        );
    }
    if board.entries.iter().any(|entry| !entry.vetoes.is_empty()) {
        columns.push(
            Column::text(board, "vetoes", |entry| {
                let reasons: Vec<&str> =
                    entry.vetoes.iter().map(|hit| hit.reason.as_str()).collect();
                reasons.join("; ")
            })
            .at(Slot::Vetoes),
        );
    }
    columns
}

/// The entry's score of the dimension at `path`.
fn dimension_of<'e>(entry: &'e Entry, path: &str) -> Option<&'e DimensionScore> {
    entry.dimensions.iter().find(|part| part.dimension == path)
}

/// The entry's points of the adjustment `id`.
fn adjustment_of<'e>(entry: &'e Entry, id: &str) -> Option<&'e AdjustmentScore> {
    entry.adjustments.iter().find(|part| part.adjustment == id)
}

/// A change with its sign: `+1.5`, `-2.0`, `0.0`.
fn signed(change: Decimal) -> String {
    if change.is_sign_positive() && !change.is_zero() {
        format!("+{change}")
    } else if change.is_zero() {
        change.abs().to_string()
    } else {
        change.to_string()
    }
}

/// An exact value to the board's decimals, by its rounding (for reading only: the board's
/// score is rounded once, from the exact value).
pub(super) fn rounded(score: Decimal, board: &Board) -> String {
    let strategy = match board.rounding {
        Rounding::HalfUp => rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        Rounding::HalfEven => rust_decimal::RoundingStrategy::MidpointNearestEven,
    };
    let decimals = board.decimals;
    let rounded = score.round_dp_with_strategy(decimals, strategy);
    let mut rounded = if rounded.is_zero() {
        Decimal::ZERO
    } else {
        rounded
    };
    rounded.rescale(decimals);
    rounded.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::Rankings;

    const SCHEMES: [&str; 7] = [
        "bengbu-hotline",
        "jinhua-grid",
        "linyi-quarter",
        "ministry-improvement",
        "wuhan-flags",
        "yangzhou-105",
        "yiju-2007",
    ];

    fn ranked(scheme: &str) -> Rankings {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/schemes")
            .join(scheme)
            .join("spec.toml");
        let spec = crate::Spec::from_path(spec).unwrap();
        crate::rank(&spec, &crate::Options::new()).unwrap()
    }

    /// CSV's header: its keys, in order.
    fn csv_header(rankings: &Rankings) -> Vec<String> {
        let csv = rankings.to_string_as(crate::Format::Csv);
        let line = csv.lines().next().unwrap_or_default();
        line.split(',').map(str::to_owned).collect()
    }

    /// Every column the readers and CSV share stands in CSV in the readers' order, and every
    /// column of the model for data is in CSV, under its key.
    #[test]
    fn csv_has_the_models_columns_in_the_readers_order() {
        let mut shared = 0;
        for scheme in SCHEMES {
            let rankings = ranked(scheme);
            let header = csv_header(&rankings);
            let at = |key: &str| header.iter().position(|column| column == key);
            for board in &rankings.boards {
                let positions: Vec<Option<usize>> = scheme_columns(board, Medium::Page)
                    .iter()
                    .filter(|column| column.audience == Audience::Everyone)
                    .map(|column| at(&column.key))
                    .collect();
                assert!(
                    positions.iter().all(Option::is_some),
                    "{scheme}: {positions:?}"
                );
                assert!(positions.is_sorted(), "{scheme}: {}", board.id);
                shared += positions.len();
                for column in scheme_columns(board, Medium::Csv) {
                    assert!(at(&column.key).is_some(), "{scheme}: {}", column.key);
                }
            }
        }
        // The fixtures have columns in common to compare: the test is not vacuous.
        assert!(shared >= 10, "{shared}");
    }

    #[test]
    fn a_boards_keys_are_unique() {
        for scheme in SCHEMES {
            for board in &ranked(scheme).boards {
                let keys: Vec<String> = every_scheme_column(board)
                    .into_iter()
                    .map(|column| column.key)
                    .collect();
                let unique: std::collections::BTreeSet<&String> = keys.iter().collect();
                assert_eq!(unique.len(), keys.len(), "{scheme}: {keys:?}");
            }
        }
    }

    /// CSV holds exact values where readers see them rounded and signed: a dimension's score
    /// with all its digits, a gain without its plus sign.
    #[test]
    fn csv_holds_the_exact_value_readers_see_rounded() {
        let rankings = ranked("yiju-2007");
        let board = &rankings.boards[0];
        let columns = every_scheme_column(board);
        let dimension = columns
            .iter()
            .find(|column| column.key == "环境优美度.score")
            .unwrap();
        assert_eq!(dimension.label(), "环境优美度");
        let first = &board.entries[0];
        assert_eq!(dimension.shown(first), "89.3");
        assert_eq!(dimension.exact(first), "89.33333333333333333333333333");

        let rankings = ranked("ministry-improvement");
        let board = rankings
            .boards
            .iter()
            .find(|board| board.rank_by == RankBy::Change)
            .unwrap();
        let gain = every_scheme_column(board)
            .into_iter()
            .find(|column| column.key == "score_change")
            .unwrap();
        assert_eq!(gain.label(), "gain");
        let first = &board.entries[0];
        assert_eq!(gain.shown(first), format!("+{}", gain.exact(first)));
    }

    /// In one table of several boards, a board without a column has empty cells there: the
    /// level board's rows have no earlier score, the change board's have one.
    #[test]
    fn a_board_without_a_column_has_empty_cells_in_the_merged_table() {
        let rankings = ranked("ministry-improvement");
        let merged = Merged::new(&rankings.boards, scheme_columns);
        let earlier = merged
            .keys
            .iter()
            .position(|key| key == "earlier_score")
            .unwrap();
        for (index, board) in rankings.boards.iter().enumerate() {
            let cell = merged.row(index, &board.entries[0]).nth(earlier).unwrap();
            assert_eq!(
                cell.is_empty(),
                board.rank_by != RankBy::Change,
                "{}",
                board.id
            );
        }
    }
}
