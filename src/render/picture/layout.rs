//! Where everything goes on a picture: the title band, each board's table of places (rank,
//! name with its `并列` tag, score, grade, change and previous rank), its worst list and its
//! counts, stacked down a column of phone width.

use crate::board::{Board, Change, Entry, Rankings};
use crate::rank::RankBy;
use crate::score::VetoEffect;

use super::canvas::{Anchor, Canvas, Text, fit, width_of, wrap};
use super::{ChangeColors, PictureOptions};
use crate::render::labels::Labels;

/// The picture's width in CSS pixels: a phone's (an iPhone's 375), what WeChat shows a
/// picture at without scaling its text down.
pub(super) const WIDTH: u32 = 375;

/// The space left and right of everything.
const MARGIN: u32 = 16;

/// The gap between two columns.
const GAP: u32 = 10;

/// The space inside a table, left of its first column and right of its last.
const PADDING: u32 = 8;

/// A table row's height, and its text's size.
const ROW: u32 = 30;
const ROW_TEXT: u32 = 14;

/// The header row's height, and its text's size.
const HEADER_ROW: u32 = 26;
const HEADER_TEXT: u32 = 12;

/// The size of a tag after a name (`并列`) and of small print.
const SMALL_TEXT: u32 = 11;

/// How many rows a list shows: a board listing every place of a city would make a picture
/// no phone scrolls through; the rest are counted under the table.
pub(super) const MAX_ROWS: usize = 200;

/// The title band's colours: a dark blue, neutral between the rise and the fall colours.
const BAND: &str = "#1e3a5f";
const BAND_TEXT: &str = "#ffffff";
const BAND_SMALL: &str = "#d6dee8";

const TEXT: &str = "#1a202c";
const MUTED: &str = "#5a6475";
const HEADER_FILL: &str = "#e8edf3";
const STRIPE: &str = "#f5f7fa";
const RULE: &str = "#d9dee5";

/// One board's picture: its title band, then its tables.
pub(super) fn board_picture(
    rankings: &Rankings,
    board: &Board,
    options: &PictureOptions,
) -> Canvas {
    let labels = Labels::of(options.language);
    let mut canvas = Canvas::new(WIDTH, options.family());
    let headline = super::super::headline(rankings);
    band(
        &mut canvas,
        Some(&headline),
        &board.title,
        board.basis.as_deref(),
    );
    meta(
        &mut canvas,
        &labels.period_line(&board.period, board.compared_with.as_ref()),
    );
    tables(&mut canvas, board, labels, options.colors);
    canvas
}

/// The newsletter's picture: the headline in the band, then every board of the run.
pub(super) fn newsletter_picture(rankings: &Rankings, options: &PictureOptions) -> Canvas {
    let labels = Labels::of(options.language);
    let mut canvas = Canvas::new(WIDTH, options.family());
    let headline = super::super::headline(rankings);
    band(&mut canvas, None, &headline, None);
    let previous = rankings.quality.previous_period.as_ref();
    meta(&mut canvas, &labels.period_line(&rankings.period, previous));
    for board in &rankings.boards {
        canvas.y += 8;
        section_title(&mut canvas, board);
        tables(&mut canvas, board, labels, options.colors);
    }
    canvas
}

/// The dark band at the top: a small line above (the headline on a board's picture), the
/// title in large bold type, the basis below it.
fn band(canvas: &mut Canvas, above: Option<&str>, title: &str, basis: Option<&str>) {
    let room = WIDTH - 2 * MARGIN;
    let mut lines: Vec<(String, u32, bool, &str, u32)> = Vec::new();
    if let Some(above) = above {
        for line in wrap(above, 12, room, 2) {
            lines.push((line, 12, false, BAND_SMALL, 20));
        }
    }
    for line in wrap(title, 20, room, 3) {
        lines.push((line, 20, true, BAND_TEXT, 30));
    }
    if let Some(basis) = basis {
        for line in wrap(basis, 12, room, 2) {
            lines.push((line, 12, false, BAND_SMALL, 20));
        }
    }
    let height: u32 = 28 + lines.iter().map(|line| line.4).sum::<u32>();
    canvas.rect(0, canvas.y, WIDTH, height, BAND);
    let mut y = canvas.y + 14;
    for (line, size, bold, color, advance) in lines {
        // The baseline sits about four fifths of the line down.
        let baseline = y + advance * 4 / 5;
        canvas.text(
            &line,
            Text {
                x: MARGIN,
                y: baseline,
                size,
                color,
                bold,
                anchor: Anchor::Start,
            },
        );
        y += advance;
    }
    canvas.y += height;
}

/// A line of small print under the band.
fn meta(canvas: &mut Canvas, line: &str) {
    let room = WIDTH - 2 * MARGIN;
    canvas.text(
        &fit(line, 12, room),
        Text {
            x: MARGIN,
            y: canvas.y + 22,
            size: 12,
            color: MUTED,
            bold: false,
            anchor: Anchor::Start,
        },
    );
    canvas.y += 32;
}

/// A board's heading in the newsletter: an accent bar, the title, the basis.
fn section_title(canvas: &mut Canvas, board: &Board) {
    let room = WIDTH - 2 * MARGIN - 10;
    let title = wrap(&board.title, 16, room, 2);
    let basis = board
        .basis
        .as_deref()
        .map(|basis| wrap(basis, 12, room, 2))
        .unwrap_or_default();
    let height = 24 * title.len() as u32 + 18 * basis.len() as u32;
    canvas.rect(MARGIN, canvas.y + 4, 4, height, BAND);
    let mut y = canvas.y;
    for line in &title {
        canvas.text(line, text_at(MARGIN + 10, y + 19, 16, TEXT, true));
        y += 24;
    }
    for line in &basis {
        canvas.text(line, text_at(MARGIN + 10, y + 14, 12, MUTED, false));
        y += 18;
    }
    canvas.y = y + 10;
}

/// A board's tables: the listed places (or a line saying there are none), the worst list
/// under its heading, and the counts.
fn tables(canvas: &mut Canvas, board: &Board, labels: &Labels, colors: ChangeColors) {
    let listed: Vec<&Entry> = board.listed().collect();
    let worst = board.worst();
    let columns = Columns::of(board, listed.iter().chain(&worst).copied(), labels);
    if listed.is_empty() {
        canvas.text(
            labels.no_ranked_place,
            text_at(MARGIN, canvas.y + 18, ROW_TEXT, MUTED, false),
        );
        canvas.y += ROW;
    } else {
        table(canvas, &columns, &listed, labels, colors);
    }
    if let Some(title) = board.worst_title() {
        canvas.y += 6;
        for line in wrap(&title, 15, WIDTH - 2 * MARGIN, 2) {
            canvas.text(&line, text_at(MARGIN, canvas.y + 18, 15, TEXT, true));
            canvas.y += 24;
        }
        canvas.y += 4;
        table(canvas, &columns, &worst, labels, colors);
    }
    // The streak flags, as the text formats list them, wrapped to the picture.
    for line in labels.streak_lines(board) {
        for line in wrap(&line, SMALL_TEXT, WIDTH - 2 * MARGIN, 3) {
            canvas.text(
                &line,
                text_at(MARGIN, canvas.y + 18, SMALL_TEXT, TEXT, true),
            );
            canvas.y += 22;
        }
    }
    let ranked = board.entries.len();
    canvas.text(
        &labels.counts(ranked, board.unranked.len()),
        text_at(MARGIN, canvas.y + 18, SMALL_TEXT, MUTED, false),
    );
    canvas.y += 28;
}

/// The x positions of a board's columns; the same for its listed places and its worst list,
/// so that the two tables line up.
struct Columns {
    /// The rank's centre.
    rank: u32,
    /// The name's start, and the room it has.
    name: u32,
    name_room: u32,
    /// The right edges of the score, the change and the previous rank; the grade's centre.
    score: u32,
    /// The gain's right edge, on a board ranked by improvement.
    gain: Option<u32>,
    grade: Option<u32>,
    change: Option<u32>,
    previous: Option<u32>,
}

impl Columns {
    fn of<'e>(
        board: &Board,
        shown: impl Iterator<Item = &'e Entry> + Clone,
        labels: &Labels,
    ) -> Columns {
        // A column is as wide as its header or its widest cell.
        let widest = |header: &str, cells: &mut dyn Iterator<Item = String>| {
            cells
                .map(|cell| width_of(&cell, ROW_TEXT))
                .chain([width_of(header, HEADER_TEXT)])
                .max()
                .unwrap_or(0)
        };
        let rank_width = widest(
            &labels.heading(labels.rank),
            &mut shown.clone().map(|entry| entry.rank.to_string()),
        );
        let compared = board.compared_with.is_some();
        let mut right = WIDTH - MARGIN - PADDING;
        let previous = compared.then(|| {
            let edge = right;
            let width = widest(
                &labels.heading(labels.previous),
                &mut shown.clone().map(|entry| {
                    entry
                        .previous_rank
                        .map(|rank| rank.to_string())
                        .unwrap_or_default()
                }),
            );
            right = right.saturating_sub(width + GAP);
            edge
        });
        let change = compared.then(|| {
            let edge = right;
            let width = widest(
                &labels.heading(labels.change),
                &mut shown.clone().map(|entry| {
                    entry
                        .change
                        .map(|change| labels.change_text(change))
                        .unwrap_or_default()
                }),
            );
            right = right.saturating_sub(width + GAP);
            edge
        });
        let grade = (!board.grades.is_empty()).then(|| {
            let width = widest(
                &labels.heading(labels.grade),
                &mut shown
                    .clone()
                    .map(|entry| entry.grade.clone().unwrap_or_default()),
            );
            let centre = right.saturating_sub(width / 2);
            right = right.saturating_sub(width + GAP);
            centre
        });
        let gain = (board.rank_by == RankBy::Change).then(|| {
            let edge = right;
            let width = widest(
                &labels.heading(labels.gain),
                &mut shown.clone().map(gain_text),
            );
            right = right.saturating_sub(width + GAP);
            edge
        });
        let score = right;
        let score_width = widest(
            &labels.heading(labels.score),
            &mut shown.clone().map(|entry| entry.score.to_string()),
        );
        right = right.saturating_sub(score_width + GAP);
        let rank_width = rank_width.max(28);
        let name = MARGIN + PADDING + rank_width + GAP;
        Columns {
            rank: MARGIN + PADDING + rank_width / 2,
            name,
            name_room: right.saturating_sub(name),
            score,
            gain,
            grade,
            change,
            previous,
        }
    }
}

/// A table of entries under a header row; at most [`MAX_ROWS`] rows, the rest counted.
fn table(
    canvas: &mut Canvas,
    columns: &Columns,
    entries: &[&Entry],
    labels: &Labels,
    colors: ChangeColors,
) {
    let top = canvas.y;
    canvas.rect(MARGIN, top, WIDTH - 2 * MARGIN, HEADER_ROW, HEADER_FILL);
    let baseline = top + 17;
    let header = |x, anchor| Text {
        x,
        y: baseline,
        size: HEADER_TEXT,
        color: MUTED,
        bold: true,
        anchor,
    };
    canvas.text(
        &labels.heading(labels.rank),
        header(columns.rank, Anchor::Middle),
    );
    canvas.text(
        &labels.heading(labels.place),
        header(columns.name, Anchor::Start),
    );
    canvas.text(
        &labels.heading(labels.score),
        header(columns.score, Anchor::End),
    );
    if let Some(gain) = columns.gain {
        canvas.text(&labels.heading(labels.gain), header(gain, Anchor::End));
    }
    if let Some(grade) = columns.grade {
        canvas.text(&labels.heading(labels.grade), header(grade, Anchor::Middle));
    }
    if let Some(change) = columns.change {
        canvas.text(&labels.heading(labels.change), header(change, Anchor::End));
    }
    if let Some(previous) = columns.previous {
        canvas.text(
            &labels.heading(labels.previous),
            header(previous, Anchor::End),
        );
    }
    canvas.y += HEADER_ROW;
    for (index, entry) in entries.iter().take(MAX_ROWS).enumerate() {
        if index % 2 == 1 {
            canvas.rect(MARGIN, canvas.y, WIDTH - 2 * MARGIN, ROW, STRIPE);
        }
        row(canvas, columns, entry, labels, colors);
        canvas.y += ROW;
    }
    canvas.rect(MARGIN, canvas.y, WIDTH - 2 * MARGIN, 1, RULE);
    canvas.y += 1;
    if entries.len() > MAX_ROWS {
        canvas.text(
            &labels.more(entries.len() - MAX_ROWS),
            text_at(MARGIN, canvas.y + 18, SMALL_TEXT, MUTED, false),
        );
        canvas.y += 24;
    }
}

/// One entry's row.
fn row(
    canvas: &mut Canvas,
    columns: &Columns,
    entry: &Entry,
    labels: &Labels,
    colors: ChangeColors,
) {
    let baseline = canvas.y + 20;
    let cell = |x, color, bold, anchor| Text {
        x,
        y: baseline,
        size: ROW_TEXT,
        color,
        bold,
        anchor,
    };
    canvas.text(
        &entry.rank.to_string(),
        cell(columns.rank, TEXT, true, Anchor::Middle),
    );
    let mut tags: Vec<&str> = Vec::new();
    if entry.tied {
        tags.push(labels.tied);
    }
    if entry
        .vetoes
        .iter()
        .any(|hit| hit.effect == VetoEffect::Last)
    {
        tags.push(labels.veto);
    }
    let tag = tags.join(" ");
    let tag_width = if tag.is_empty() {
        0
    } else {
        width_of(&tag, SMALL_TEXT) + 6
    };
    let name = fit(
        &entry.place,
        ROW_TEXT,
        columns.name_room.saturating_sub(tag_width),
    );
    canvas.text(&name, cell(columns.name, TEXT, false, Anchor::Start));
    if !tag.is_empty() {
        let x = columns.name + width_of(&name, ROW_TEXT) + 6;
        canvas.text(&tag, text_at(x, baseline, SMALL_TEXT, MUTED, false));
    }
    canvas.text(
        &entry.score.to_string(),
        cell(columns.score, TEXT, false, Anchor::End),
    );
    if let Some(x) = columns.gain {
        canvas.text(&gain_text(entry), cell(x, TEXT, false, Anchor::End));
    }
    if let (Some(x), Some(grade)) = (columns.grade, &entry.grade) {
        canvas.text(grade, cell(x, TEXT, false, Anchor::Middle));
    }
    if let (Some(x), Some(change)) = (columns.change, entry.change) {
        let color = match change {
            Change::Up(_) => colors.rise(),
            Change::Down(_) => colors.fall(),
            Change::Same | Change::New => MUTED,
        };
        canvas.text(
            &labels.change_text(change),
            cell(x, color, false, Anchor::End),
        );
    }
    if let (Some(x), Some(previous)) = (columns.previous, entry.previous_rank) {
        canvas.text(&previous.to_string(), cell(x, MUTED, false, Anchor::End));
    }
}

/// The gain since the earlier period on a board ranked by improvement, signed: `+3.2`,
/// `-1.0`, `0.0`.
fn gain_text(entry: &Entry) -> String {
    match entry.improvement {
        Some(improvement) if improvement.change > rust_decimal::Decimal::ZERO => {
            format!("+{}", improvement.change)
        }
        Some(improvement) if improvement.change.is_zero() => improvement.change.abs().to_string(),
        Some(improvement) => improvement.change.to_string(),
        None => String::new(),
    }
}

/// Plain text starting at `x`.
fn text_at(x: u32, y: u32, size: u32, color: &str, bold: bool) -> Text<'_> {
    Text {
        x,
        y,
        size,
        color,
        bold,
        anchor: Anchor::Start,
    }
}
