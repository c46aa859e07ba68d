//! An aligned table per board, for a terminal. Widths count East Asian characters as two
//! columns, so Chinese names line up.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::labels::Labels;
use crate::board::{Board, Entry, Rankings};
use crate::lang::Language;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    writeln!(out, "{}", super::headline(rankings))?;
    let labels = Labels::of(rankings.language);
    for board in &rankings.boards {
        writeln!(out)?;
        render_board(board, labels, out)?;
    }
    super::history::table(&rankings.histories, labels, out)
}

fn render_board<W: Write + ?Sized>(board: &Board, labels: &Labels, out: &mut W) -> io::Result<()> {
    writeln!(out, "{}", super::title_line(board))?;
    writeln!(out, "[{}]", labels.about(board))?;
    let extra = super::columns::scheme_columns(board, super::columns::Medium::Page);
    let header: Vec<String> = [labels.rank, labels.place, labels.score, labels.change]
        .into_iter()
        .map(str::to_owned)
        .chain(extra.iter().map(|column| column.label_in(labels)))
        .collect();
    let row = |entry: &Entry| -> Vec<String> {
        [
            super::marked_rank(entry),
            entry.place.clone(),
            entry.score.to_string(),
            labels.entry_change(entry),
        ]
        .into_iter()
        .chain(extra.iter().map(|column| column.shown(entry)))
        .collect()
    };
    let best: Vec<Vec<String>> = board.listed().map(row).collect();
    let worst: Vec<Vec<String>> = board.worst().into_iter().map(row).collect();
    let columns = header.len();
    let widths = widths(std::iter::once(&header).chain(&best).chain(&worst), columns);
    // Rank and score align right, the others left; no trailing spaces.
    let line = |row: &[String]| -> String {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(column, cell)| match column {
                0 | 2 => pad_left(cell, widths[column]),
                _ if column + 1 == columns => cell.clone(),
                _ => pad_right(cell, widths[column]),
            })
            .collect();
        cells.join("  ").trim_end().to_owned()
    };
    writeln!(out, "{}", line(&header))?;
    for row in &best {
        writeln!(out, "{}", line(row))?;
    }
    if let Some(title) = board.worst_title() {
        writeln!(out, "{title}")?;
        for row in &worst {
            writeln!(out, "{}", line(row))?;
        }
    }
    for line in labels.streak_lines(board) {
        writeln!(out, "{line}")?;
    }
    if !board.unranked.is_empty() {
        let unranked: Vec<String> = board
            .unranked
            .iter()
            .map(|place| labels.with_reason(&place.place, &labels.unranked_reason(&place.reason)))
            .collect();
        writeln!(out, "{}", labels.unranked_line(&unranked))?;
    }
    for coverage in &board.coverage {
        let line = labels.coverage_line(board, coverage);
        match labels.language {
            Language::English => writeln!(out, "{}, {line}", labels.coverage)?,
            _ => writeln!(out, "{}：{line}", labels.coverage)?,
        }
    }
    Ok(())
}

/// The display width of each of `columns` columns over `rows` (East Asian characters count
/// two).
/// A header and its rows as aligned lines: the column `text` (a name) padded on the right,
/// the others (numbers, ranks) on the left.
pub(super) fn write_aligned<W: Write + ?Sized>(
    out: &mut W,
    header: &[String],
    rows: &[Vec<String>],
    text: usize,
) -> io::Result<()> {
    let header = header.to_vec();
    let widths = widths(std::iter::once(&header).chain(rows), header.len());
    let line = |row: &[String]| -> String {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                let width = widths.get(column).copied().unwrap_or(0);
                if column == text {
                    pad_right(cell, width)
                } else {
                    pad_left(cell, width)
                }
            })
            .collect();
        cells.join("  ").trim_end().to_owned()
    };
    writeln!(out, "{}", line(&header))?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

pub(super) fn widths<'r>(
    rows: impl Iterator<Item = &'r Vec<String>> + Clone,
    columns: usize,
) -> Vec<usize> {
    (0..columns)
        .map(|column| {
            rows.clone()
                .map(|row| row.get(column).map_or(0, |cell| cell.width()))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

pub(super) fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

pub(super) fn pad_right(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
