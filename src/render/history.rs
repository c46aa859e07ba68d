//! A history (`--history N`): each board's places over its periods, as an aligned table, a
//! Markdown table and CSV in long form (the page's chart of it is `html::trend`).

use std::io::{self, Write};

use super::labels::Labels;
use crate::board::{History, HistoryCell, PlaceHistory};
use crate::lang::Language;

/// A rank as a history's cell shows it: `=3` when tied, `-` when unranked.
pub(super) fn rank_cell(cell: Option<&HistoryCell>) -> String {
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
pub(super) fn heading(history: &History, labels: &Labels) -> String {
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

/// The header of a history in CSV, one row per board, period and place ranked then: the
/// board CSV's keys of a ranked place, then the lists and streaks.
fn csv_header() -> impl Iterator<Item = &'static str> {
    super::csv::PLACE_KEYS
        .into_iter()
        .chain(["listed", "worst", "listed_streak", "worst_streak"])
}

/// The histories in long form: a row per board, period and place ranked in it, periods
/// oldest first, places in the order of the last period's board; the streaks (as of the last
/// period) repeated on each of the place's rows.
pub(super) fn csv<W: Write + ?Sized>(histories: &[History], out: &mut W) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(csv_header())?;
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
