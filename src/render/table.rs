//! An aligned table per board, for a terminal. Widths count East Asian characters as two
//! columns, so Chinese names line up.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use crate::board::{Board, Rankings};

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    writeln!(out, "{}", super::headline(rankings))?;
    for board in &rankings.boards {
        writeln!(out)?;
        render_board(board, out)?;
    }
    Ok(())
}

fn render_board<W: Write + ?Sized>(board: &Board, out: &mut W) -> io::Result<()> {
    let comparison = match board.compared_with {
        Some(previous) => format!(", change since {previous}"),
        None => String::new(),
    };
    writeln!(out, "{}", super::title_line(board))?;
    writeln!(
        out,
        "[{}: {} {}{comparison}]",
        board.id, board.kind, board.period
    )?;
    let mut rows = vec![[
        "rank".to_owned(),
        "place".to_owned(),
        "score".to_owned(),
        "change".to_owned(),
    ]];
    rows.extend(board.listed().map(|entry| {
        [
            super::marked_rank(entry),
            entry.place.clone(),
            entry.score.to_string(),
            super::change(entry),
        ]
    }));
    let widths: Vec<usize> = (0..4)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        // Rank and score align right, place and change left; no trailing spaces.
        let cells = [
            pad_left(&row[0], widths[0]),
            pad_right(&row[1], widths[1]),
            pad_left(&row[2], widths[2]),
            row[3].clone(),
        ];
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    if !board.unranked.is_empty() {
        let unranked: Vec<String> = board
            .unranked
            .iter()
            .map(|place| format!("{} ({})", place.place, place.reason))
            .collect();
        writeln!(out, "unranked: {}", unranked.join(", "))?;
    }
    Ok(())
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

fn pad_right(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
