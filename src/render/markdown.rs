//! Markdown: a heading per board and a table of its listed places.

use std::io::{self, Write};

use super::labels::Labels;
use crate::board::{Entry, Rankings};
use crate::lang::Language;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    writeln!(out, "# {}", escape(&super::headline(rankings)))?;
    let labels = Labels::of(rankings.language);
    let english = labels.language == Language::English;
    for board in &rankings.boards {
        writeln!(out)?;
        writeln!(out, "## {}", escape(&super::title_line(board)))?;
        writeln!(out)?;
        let extra = super::columns::scheme_columns(board, super::columns::Medium::Page);
        let mut header = format!(
            "| {} | {} | {} | {} |",
            labels.rank, labels.place, labels.score, labels.change
        );
        let mut rule = String::from("|---:|---|---:|---|");
        for column in &extra {
            header.push_str(&format!(" {} |", escape(&column.label_in(labels))));
            rule.push_str("---|");
        }
        let row = |entry: &Entry| -> String {
            let mut line = format!(
                "| {} | {} | {} | {} |",
                super::marked_rank(entry),
                escape(&entry.place),
                entry.score,
                labels.entry_change(entry)
            );
            for column in &extra {
                line.push_str(&format!(" {} |", escape(&column.shown(entry))));
            }
            line
        };
        writeln!(out, "{header}")?;
        writeln!(out, "{rule}")?;
        for entry in board.listed() {
            writeln!(out, "{}", row(entry))?;
        }
        if let Some(title) = board.worst_title() {
            writeln!(out)?;
            writeln!(out, "### {}", escape(&title))?;
            writeln!(out)?;
            writeln!(out, "{header}")?;
            writeln!(out, "{rule}")?;
            for entry in board.worst() {
                writeln!(out, "{}", row(entry))?;
            }
        }
        for line in labels.streak_lines(board) {
            writeln!(out)?;
            writeln!(out, "{}", escape(&line))?;
        }
        if !board.unranked.is_empty() {
            writeln!(out)?;
            let unranked: Vec<String> = board
                .unranked
                .iter()
                .map(|place| {
                    labels.with_reason(
                        &escape(&place.place),
                        &labels.unranked_reason(&place.reason),
                    )
                })
                .collect();
            if english {
                writeln!(out, "Unranked: {}.", unranked.join(", "))?;
            } else {
                writeln!(out, "{}。", labels.unranked_line(&unranked))?;
            }
        }
        if !board.coverage.is_empty() {
            writeln!(out)?;
            if english {
                writeln!(out, "Coverage:")?;
            } else {
                writeln!(out, "{}：", labels.coverage)?;
            }
            writeln!(out)?;
            for coverage in &board.coverage {
                writeln!(out, "- {}", escape(&labels.coverage_line(board, coverage)))?;
            }
        }
    }
    super::history::markdown(&rankings.histories, labels, out, escape)
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
