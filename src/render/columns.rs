//! One model of a board's columns beyond rank, place, score and change: their headers, their
//! order, the value each cell holds and how it is shown. The table, Markdown, the report page
//! and the workbook all take their scheme columns from here, so that a board reads the same in
//! each (the workbook adds the per-indicator columns a spreadsheet user filters on).
//!
//! The order: the score improved from and the gain (improvement boards), each dimension, the
//! adjustments' points, the grade, the vetoes. A column appears only on a board that has it.

use rust_decimal::Decimal;

use crate::board::{Board, Entry};
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
    #[cfg_attr(
        not(feature = "xlsx"),
        expect(
            dead_code,
            reason = "only the workbook shows ranks and raw values as numbers"
        )
    )]
    Plain,
}

/// An entry's number in a column (none for a missing one).
type NumberOf<'b> = Box<dyn Fn(&Entry) -> Option<Decimal> + 'b>;

/// An entry's text in a column.
type TextOf<'b> = Box<dyn Fn(&Entry) -> String + 'b>;

/// What a column's cell holds for an entry.
pub(super) enum Cell<'b> {
    /// A number, and how it is shown.
    Number(NumberOf<'b>, Shown),
    /// Text.
    Text(TextOf<'b>),
}

/// A column of a board: its header and its cell.
pub(super) struct Column<'b> {
    pub(super) header: String,
    pub(super) cell: Cell<'b>,
    board: &'b Board,
}

impl<'b> Column<'b> {
    pub(super) fn number(
        board: &'b Board,
        header: impl Into<String>,
        shown: Shown,
        value: impl Fn(&Entry) -> Option<Decimal> + 'b,
    ) -> Column<'b> {
        Column {
            header: header.into(),
            cell: Cell::Number(Box::new(value), shown),
            board,
        }
    }

    pub(super) fn text(
        board: &'b Board,
        header: impl Into<String>,
        value: impl Fn(&Entry) -> String + 'b,
    ) -> Column<'b> {
        Column {
            header: header.into(),
            cell: Cell::Text(Box::new(value)),
            board,
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
}

/// The board's scheme columns, in the model's order; none for a flat board of scores.
pub(super) fn scheme_columns(board: &Board) -> Vec<Column<'_>> {
    let mut columns = Vec::new();
    if board.rank_by == RankBy::Change {
        columns.push(Column::number(board, "then", Shown::Score, |entry| {
            entry.improvement.map(|improvement| improvement.earlier)
        }));
        columns.push(Column::number(board, "gain", Shown::Change, |entry| {
            entry.improvement.map(|improvement| improvement.change)
        }));
    }
    for (index, dimension) in board.dimensions.iter().enumerate() {
        columns.push(Column::number(
            board,
            dimension.path.clone(),
            Shown::Exact,
            move |entry| entry.dimensions.get(index).and_then(|part| part.score),
        ));
    }
    if board
        .entries
        .iter()
        .any(|entry| !entry.adjustments.is_empty())
    {
        // The adjustments' points together, after their caps: aggregate + adjustment, bounded,
        // is the score.
        columns.push(Column::number(
            board,
            "adjustment",
            Shown::Points,
            |entry| {
                entry
                    .adjustments
                    .iter()
                    .try_fold(Decimal::ZERO, |total, part| total.checked_add(part.points))
            },
        ));
    }
    if !board.grades.is_empty() {
        columns.push(Column::text(board, "grade", |entry| {
            entry.grade.clone().unwrap_or_default()
        }));
    }
    if board.entries.iter().any(|entry| !entry.vetoes.is_empty()) {
        columns.push(Column::text(board, "vetoes", |entry| {
            let reasons: Vec<&str> = entry.vetoes.iter().map(|hit| hit.reason.as_str()).collect();
            reasons.join("; ")
        }));
    }
    columns
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
