//! Markdown: a heading per board and a table of its listed places.

use std::io::{self, Write};

use crate::board::Rankings;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    writeln!(out, "# {}", escape(&super::headline(rankings)))?;
    for board in &rankings.boards {
        writeln!(out)?;
        writeln!(out, "## {}", escape(&super::title_line(board)))?;
        writeln!(out)?;
        writeln!(out, "| rank | place | score | change |")?;
        writeln!(out, "|---:|---|---:|---|")?;
        for entry in board.listed() {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                super::marked_rank(entry),
                escape(&entry.place),
                entry.score,
                super::change(entry)
            )?;
        }
        if !board.unranked.is_empty() {
            writeln!(out)?;
            let unranked: Vec<String> = board
                .unranked
                .iter()
                .map(|place| format!("{} ({})", escape(&place.place), place.reason))
                .collect();
            writeln!(out, "Unranked: {}.", unranked.join(", "))?;
        }
    }
    Ok(())
}

/// Escapes the characters that would break a table cell or start Markdown markup.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(
            character,
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#'
        ) {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}
