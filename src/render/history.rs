//! A history (`--history N`): each board's places over its periods, as an aligned table, a
//! Markdown table, CSV in long form, and the small-multiples SVG of rank over the periods
//! that the page shows.

use std::fmt::Write as _;
use std::io::{self, Write};

use rust_decimal::Decimal;

use super::labels::Labels;
use crate::board::{History, HistoryCell, PlaceHistory};
use crate::lang::Language;

/// A rank as a history's cell shows it: `=3` when tied, `-` when unranked.
fn rank_cell(cell: Option<&HistoryCell>) -> String {
    match cell {
        Some(cell) if cell.tied => format!("={}", cell.rank),
        Some(cell) => cell.rank.to_string(),
        None => "-".to_owned(),
    }
}

/// A streak as a cell shows it: empty for none.
fn streak_cell(periods: usize) -> String {
    if periods == 0 {
        String::new()
    } else {
        periods.to_string()
    }
}

/// The periods a history spans, in the reader's words: `2017年12月至2018年11月`,
/// `2017-12 to 2018-11`.
pub(super) fn span(history: &History, labels: &Labels) -> String {
    match (history.periods.first(), history.periods.last()) {
        (Some(first), Some(last)) if first != last => {
            let (first, last) = (labels.period(first), labels.period(last));
            if labels.language == Language::English {
                format!("{first} {} {last}", labels.to)
            } else {
                format!("{first}{}{last}", labels.to)
            }
        }
        (Some(only), _) => labels.period(only),
        _ => String::new(),
    }
}

/// The heading of a history: `靓丽道路排行榜 历期名次（beautiful-roads：道路，2017年12月至2018年11月）`,
/// `靓丽道路排行榜 history (beautiful-roads: road, 2017-12 to 2018-11)`.
fn heading(history: &History, labels: &Labels) -> String {
    let (kind, span) = (labels.kind(history.kind), span(history, labels));
    if labels.language == Language::English {
        format!(
            "{} {} ({}: {kind}, {span})",
            history.title, labels.history, history.board
        )
    } else {
        format!(
            "{} {}（{}：{kind}，{span}）",
            history.title, labels.history, history.board
        )
    }
}

/// One row per place: its name, its rank in each period, its streaks.
fn rows(history: &History, labels: &Labels) -> (Vec<String>, Vec<Vec<String>>) {
    let header: Vec<String> = std::iter::once(labels.place.to_owned())
        .chain(history.periods.iter().map(ToString::to_string))
        .chain([
            labels.listed_in_a_row.to_owned(),
            labels.worst_in_a_row.to_owned(),
        ])
        .collect();
    let rows = history
        .places
        .iter()
        .map(|place: &PlaceHistory| {
            std::iter::once(place.place.clone())
                .chain(place.periods.iter().map(|cell| rank_cell(cell.as_ref())))
                .chain([
                    streak_cell(place.listed_streak),
                    streak_cell(place.worst_streak),
                ])
                .collect()
        })
        .collect();
    (header, rows)
}

/// The histories as aligned tables, after the boards.
pub(super) fn table<W: Write + ?Sized>(
    histories: &[History],
    labels: &Labels,
    out: &mut W,
) -> io::Result<()> {
    for history in histories {
        writeln!(out)?;
        writeln!(out, "{}", heading(history, labels))?;
        let (header, rows) = rows(history, labels);
        super::table::write_aligned(out, &header, &rows, 0)?;
    }
    Ok(())
}

/// The histories as Markdown tables, after the boards.
pub(super) fn markdown<W: Write + ?Sized>(
    histories: &[History],
    labels: &Labels,
    out: &mut W,
    escape: fn(&str) -> String,
) -> io::Result<()> {
    for history in histories {
        writeln!(out)?;
        writeln!(out, "## {}", escape(&heading(history, labels)))?;
        writeln!(out)?;
        let (header, rows) = rows(history, labels);
        let line = |row: &[String]| {
            let cells: Vec<String> = row.iter().map(|cell| escape(cell)).collect();
            format!("| {} |", cells.join(" | "))
        };
        writeln!(out, "{}", line(&header))?;
        let rule: Vec<&str> = (0..header.len())
            .map(|column| if column == 0 { "---" } else { "---:" })
            .collect();
        writeln!(out, "|{}|", rule.join("|"))?;
        for row in &rows {
            writeln!(out, "{}", line(row))?;
        }
    }
    Ok(())
}

/// The header of a history in CSV, one row per board, period and place ranked then.
pub(super) const CSV_HEADER: [&str; 11] = [
    "board",
    "period",
    "rank",
    "place_id",
    "place",
    "score",
    "tied",
    "listed",
    "worst",
    "listed_streak",
    "worst_streak",
];

/// The histories in long form: a row per board, period and place ranked in it, periods
/// oldest first, places in the order of the last period's board; the streaks (as of the last
/// period) repeated on each of the place's rows.
pub(super) fn csv<W: Write + ?Sized>(histories: &[History], out: &mut W) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for history in histories {
        for (position, period) in history.periods.iter().enumerate() {
            for place in &history.places {
                let Some(Some(cell)) = place.periods.get(position) else {
                    continue;
                };
                writer.write_record([
                    history.board.clone(),
                    period.to_string(),
                    cell.rank.to_string(),
                    place.place_id.clone(),
                    place.place.clone(),
                    cell.score.to_string(),
                    cell.tied.to_string(),
                    cell.listed.to_string(),
                    cell.worst.to_string(),
                    place.listed_streak.to_string(),
                    place.worst_streak.to_string(),
                ])?;
            }
        }
    }
    writer.flush()
}

/// The width and height of one small chart, in pixels.
const CHART: (u32, u32) = (150, 70);
/// The charts in a row.
const PER_ROW: usize = 4;

/// The history of one board as small multiples, an inline SVG: a small chart per place (in
/// the order of the last period's board) of its rank over the periods, rank 1 at the top and
/// the history's worst rank at the bottom, a gap where it was unranked, its name and last
/// rank above; deterministic (coordinates in exact decimals), nothing fetched.
pub(crate) fn small_multiples(history: &History, labels: &Labels) -> String {
    let worst_rank = history
        .places
        .iter()
        .flat_map(|place| place.periods.iter().flatten())
        .map(|cell| cell.rank.to_decimal())
        .max()
        .unwrap_or(Decimal::ONE);
    let rows = history.places.len().div_ceil(PER_ROW).max(1);
    let (width, height) = (CHART.0 as usize * PER_ROW, CHART.1 as usize * rows);
    // Inside a chart: 8 px of margin at the sides, 18 above for the name, 8 below.
    let (left, top) = (Decimal::from(8), Decimal::from(18));
    let (inner_width, inner_height) = (Decimal::from(CHART.0 - 16), Decimal::from(CHART.1 - 26));
    let last_position = Decimal::from(history.periods.len().saturating_sub(1).max(1));
    let rank_span = (worst_rank - Decimal::ONE).max(Decimal::ONE);
    let point = |position: usize, cell: &HistoryCell| -> String {
        let x = left + inner_width * Decimal::from(position) / last_position;
        let y = top + inner_height * (cell.rank.to_decimal() - Decimal::ONE) / rank_span;
        format!(
            "{},{}",
            x.round_dp(2).normalize(),
            y.round_dp(2).normalize()
        )
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img"><title>{}</title>"#,
        escape_xml(&heading(history, labels))
    );
    for (index, place) in history.places.iter().enumerate() {
        let (x0, y0) = (
            (index % PER_ROW) * CHART.0 as usize,
            (index / PER_ROW) * CHART.1 as usize,
        );
        let _ = write!(
            svg,
            r#"<g transform="translate({x0},{y0})"><rect x="{left}" y="{top}" width="{inner_width}" height="{inner_height}" fill="none" stroke="currentColor" stroke-opacity="0.2"/><text x="{left}" y="13" font-size="11">{}</text><text x="{}" y="13" font-size="11" text-anchor="end">{}</text>"#,
            escape_xml(&place.place),
            left + inner_width,
            escape_xml(&rank_cell(place.periods.last().and_then(Option::as_ref)))
        );
        // One line per run of ranked periods: an unranked period breaks it.
        let mut runs: Vec<Vec<String>> = vec![Vec::new()];
        for (position, cell) in place.periods.iter().enumerate() {
            match (cell, runs.last_mut()) {
                (Some(cell), Some(run)) => run.push(point(position, cell)),
                (None, Some(run)) if !run.is_empty() => runs.push(Vec::new()),
                _ => {}
            }
        }
        for run in runs {
            match run.as_slice() {
                [] => {}
                [only] => {
                    let (x, y) = only.split_once(',').unwrap_or(("0", "0"));
                    let _ = write!(
                        svg,
                        r#"<circle cx="{x}" cy="{y}" r="2" fill="currentColor"/>"#
                    );
                }
                _ => {
                    let _ = write!(
                        svg,
                        r#"<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/>"#,
                        run.join(" ")
                    );
                }
            }
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// Text inside SVG markup.
fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
