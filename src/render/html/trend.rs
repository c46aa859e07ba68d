//! A history's chart for the report page: small multiples of rank over the periods, one
//! small chart per place, inline SVG.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::super::history;
use super::super::labels::Labels;
use super::super::xml::escape;
use crate::board::{History, HistoryCell};

/// The width and height of one small chart, in pixels.
const CHART: (u32, u32) = (150, 70);
/// The charts in a row.
const PER_ROW: usize = 4;

/// The history of one board as small multiples, an inline SVG: a small chart per place (in
/// the order of the last period's board) of its rank over the periods, rank 1 at the top and
/// the history's worst rank at the bottom, a gap where it was unranked, its name and last
/// rank above; deterministic (coordinates in exact decimals), nothing fetched.
pub(super) fn small_multiples(history: &History, labels: &Labels) -> String {
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
        escape(&history::heading(history, labels))
    );
    for (index, place) in history.places.iter().enumerate() {
        let (x0, y0) = (
            (index % PER_ROW) * CHART.0 as usize,
            (index / PER_ROW) * CHART.1 as usize,
        );
        let _ = write!(
            svg,
            r#"<g transform="translate({x0},{y0})"><rect x="{left}" y="{top}" width="{inner_width}" height="{inner_height}" fill="none" stroke="currentColor" stroke-opacity="0.2"/><text x="{left}" y="13" font-size="11">{}</text><text x="{}" y="13" font-size="11" text-anchor="end">{}</text>"#,
            escape(&place.place),
            left + inner_width,
            escape(&history::rank_cell(
                place.periods.last().and_then(Option::as_ref)
            ))
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
