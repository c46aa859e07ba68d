//! The report page: one self-contained HTML file to open in a browser, send or print.
//!
//! Everything is inside the file: the style sheet inline, the bars as inline SVG, no scripts,
//! no fonts, images or style sheets fetched from anywhere (not even a favicon), so the page
//! reads the same offline and on a locked-down office network. Chinese text is set in the
//! viewer's own fonts, through a font-family list that covers Windows (Microsoft YaHei),
//! macOS and iOS (PingFang SC, Hiragino Sans GB), Linux (Noto Sans CJK SC, WenQuanYi Micro
//! Hei) and Android (Noto Sans CJK SC, Droid Sans Fallback). The layout is a single column
//! that fits a phone; wide tables scroll sideways within their own box.
//!
//! The page: the headline and a link to each board; per board its title, basis and period,
//! a table of the listed places (rank, `=` on equals, place, score, the change since the
//! previous period coloured up or down, and the columns of its scheme), the rank range under
//! the robustness analysis when one is given ([`HtmlReport::intervals`]), a stacked bar of
//! each listed place's contributions, the worst list and the unranked places; then the
//! data-quality summary and the warnings.

mod bars;
mod trend;

use std::io::{self, Write};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::labels::Labels;
use crate::board::{Board, Change, Entry, Rankings};
use crate::lang::Language;
use crate::quality::QualityReport;
use crate::rank::Rank;

/// The style sheet, inlined in the page.
const STYLE: &str = include_str!("style.css");

/// How many rejected rows the page lists; `livability check` (and the JSON) lists them all.
const REJECTED_SHOWN: usize = 20;

/// A place's range of ranks under a robustness analysis (weights varied within their
/// bounds, say): the best and the worst rank it took. The report page shows it beside the
/// place's rank as `1–3`, or `2` when the place never moved.
///
/// ```
/// use livability::{schemes::Rank, render::RankInterval};
/// let interval = RankInterval::new("beautiful-roads", "R01", Rank::whole(1), Rank::whole(3));
/// assert_eq!(interval.to_string(), "1–3");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RankInterval {
    /// The board's id.
    pub board: String,
    /// The place's id ([`Entry::place_id`]).
    pub place_id: String,
    /// The best rank the place took.
    pub best: Rank,
    /// The worst rank the place took.
    pub worst: Rank,
}

impl RankInterval {
    /// The interval of the place `place_id` on the board `board`; `best` and `worst` are
    /// taken in either order.
    pub fn new(
        board: impl Into<String>,
        place_id: impl Into<String>,
        best: Rank,
        worst: Rank,
    ) -> RankInterval {
        RankInterval {
            board: board.into(),
            place_id: place_id.into(),
            best: best.min(worst),
            worst: best.max(worst),
        }
    }
}

impl crate::analysis::Robustness {
    /// Each analysed place's best and worst rank (ranks that weight vectors of the box give)
    /// as an interval for the report page (places of boards without exact bounds have none).
    pub fn rank_intervals(&self) -> Vec<RankInterval> {
        self.boards
            .iter()
            .flat_map(|board| {
                board.places.iter().filter_map(move |place| {
                    let (best, worst) = (place.best?, place.worst?);
                    Some(RankInterval::new(
                        &board.board,
                        &place.place_id,
                        Rank::whole(u64::from(best)),
                        Rank::whole(u64::from(worst)),
                    ))
                })
            })
            .collect()
    }
}

impl std::fmt::Display for RankInterval {
    /// `1–3`, or `2` when best and worst are the same.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.best == self.worst {
            write!(f, "{}", self.best)
        } else {
            write!(f, "{}–{}", self.best, self.worst)
        }
    }
}

/// The report page of some rankings, with what it may add: see [`Rankings::html_report`].
#[derive(Clone, Copy, Debug)]
pub struct HtmlReport<'r> {
    rankings: &'r Rankings,
    intervals: Option<&'r [RankInterval]>,
}

impl Rankings {
    /// The report page ([`Format::Html`](crate::Format::Html)), to which robustness intervals
    /// may be added.
    ///
    /// ```
    /// # let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
    /// # let rankings = livability::rank(&spec, &livability::Options::new())?;
    /// use livability::{schemes::Rank, render::RankInterval};
    /// let intervals = [RankInterval::new("beautiful-roads", "R01", Rank::whole(1), Rank::whole(2))];
    /// let page = rankings.html_report().intervals(&intervals).to_html();
    /// assert!(page.starts_with("<!DOCTYPE html>"));
    /// assert!(page.contains("名次区间"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn html_report(&self) -> HtmlReport<'_> {
        HtmlReport {
            rankings: self,
            intervals: None,
        }
    }
}

impl<'r> HtmlReport<'r> {
    /// Adds each listed place's rank range from a robustness analysis: a board with an
    /// interval for any of its ranked places gets a `rank range` column (empty for places
    /// without one). Intervals of other boards, or of places the board did not rank, are not
    /// shown.
    pub fn intervals(self, intervals: &'r [RankInterval]) -> HtmlReport<'r> {
        HtmlReport {
            intervals: Some(intervals),
            ..self
        }
    }

    /// Writes the page to `out`.
    pub fn render<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        out.write_all(self.to_html().as_bytes())
    }

    /// The page, as a string.
    pub fn to_html(&self) -> String {
        let mut page = self.page().into_string();
        page.push('\n');
        page
    }

    fn page(&self) -> Markup {
        let rankings = self.rankings;
        let headline = super::headline(rankings);
        let labels = Labels::of(rankings.language);
        let english = labels.language == Language::English;
        // Rises and falls in the reader's convention (`rise`, or the language's).
        let colors = rankings.change_colors();
        let change_style = format!(
            ".up {{ color: {}; }}\n.down {{ color: {}; }}\n",
            colors.rise(),
            colors.fall()
        );
        html! {
            (DOCTYPE)
            html lang=(if english { "en" } else { "zh-CN" }) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    // An empty icon: without one a browser asks the network for favicon.ico.
                    link rel="icon" href="data:,";
                    title { (headline) }
                    style { (PreEscaped(STYLE)) (PreEscaped(change_style)) }
                }
                body {
                    main {
                        header {
                            h1 { (headline) }
                            p.meta {
                                @if english {
                                    "period " (rankings.period)
                                    @if let Some(previous) = rankings.quality.previous_period {
                                        ", rank changes against " (previous)
                                    }
                                } @else {
                                    "统计期 " (labels.period(&rankings.period))
                                    @if let Some(previous) = rankings.quality.previous_period {
                                        "，名次变化对比 " (labels.period(&previous))
                                    }
                                }
                            }
                            nav {
                                @for board in &rankings.boards {
                                    a href=(format!("#board-{}", board.id)) { (board.title) }
                                }
                                a href="#data-quality" { (labels.data_quality) }
                            }
                        }
                        @for board in &rankings.boards {
                            (self.board(board, labels))
                        }
                        @for history in &rankings.histories {
                            section.trend id=(format!("trend-{}", history.board)) {
                                h2 { (history.title) " — " (labels.ranks_by_period) }
                                p.meta {
                                    (labels.trend_note) (super::history::span(history, labels))
                                }
                                (PreEscaped(trend::small_multiples(history, labels)))
                            }
                        }
                        (quality(&rankings.quality, &rankings.boards, labels))
                    }
                }
            }
        }
    }

    fn board(&self, board: &Board, labels: &Labels) -> Markup {
        let english = labels.language == Language::English;
        let intervals: Option<Vec<&RankInterval>> = self.intervals.and_then(|intervals| {
            let own: Vec<&RankInterval> = intervals
                .iter()
                .filter(|interval| {
                    interval.board == board.id
                        && board
                            .entries
                            .iter()
                            .any(|entry| entry.place_id == interval.place_id)
                })
                .collect();
            (!own.is_empty()).then_some(own)
        });
        let listed: Vec<&Entry> = board.listed().collect();
        let bars: Vec<Vec<bars::Segment>> = listed
            .iter()
            .map(|entry| bars::segments(board, entry))
            .collect();
        let scale = bars::Scale::of(&bars);
        let adjusted = board
            .entries
            .iter()
            .any(|entry| !entry.adjustments.is_empty());
        html! {
            section id=(format!("board-{}", board.id)) {
                h2 { (board.title) }
                @if let Some(basis) = &board.basis {
                    p { (basis) }
                }
                p.meta {
                    @if english {
                        (board.kind) ", " (board.period)
                        @if let Some(previous) = board.compared_with {
                            ", change since " (previous)
                        }
                        @if let Some(top) = board.top {
                            ", top " (top)
                        }
                    } @else {
                        (labels.kind(board.kind)) "，" (labels.period(&board.period))
                        @if let Some(previous) = board.compared_with {
                            "，对比 " (labels.period(&previous))
                        }
                        @if let Some(top) = board.top {
                            "，前 " (top) " 名"
                        }
                    }
                }
                @if listed.is_empty() {
                    p { (labels.no_ranked_place) }
                } @else {
                    (entries(board, &listed, intervals.as_deref(), labels))
                    @if intervals.is_some() {
                        p.meta { (labels.rank_range_note) }
                    }
                    h3 { (labels.contributions) }
                    p.legend {
                        @for (index, indicator) in board.indicators.iter().enumerate() {
                            span {
                                i style=(format!("background:{}", bars::PALETTE[index % bars::PALETTE.len()])) {}
                                (indicator.shown_name())
                            }
                        }
                        @if adjusted {
                            span { i style=(format!("background:{}", bars::ADJUSTMENT)) {} (labels.adjustments) }
                        }
                    }
                    ul.bars {
                        @for (entry, segments) in listed.iter().zip(&bars) {
                            li {
                                span.name { (entry.place) }
                                (bars::bar(segments, scale, board))
                                span.num { (entry.score) }
                            }
                        }
                    }
                }
                @if let Some(title) = board.worst_title() {
                    h3 { (title) }
                    (entries(board, &board.worst(), intervals.as_deref(), labels))
                }
                @for line in labels.streak_lines(board) {
                    p.streak { (line) }
                }
                @if !board.unranked.is_empty() {
                    @let unranked: Vec<String> = board
                        .unranked
                        .iter()
                        .map(|place| labels.with_reason(&place.place, &labels.unranked_reason(&place.reason)))
                        .collect();
                    p.meta { (labels.unranked_line(&unranked)) }
                }
                @for coverage in &board.coverage {
                    p.meta {
                        (labels.coverage) (if english { ", " } else { "：" })
                        (labels.coverage_line(board, coverage))
                    }
                }
            }
        }
    }
}

/// A table of entries: rank, place, score, change, the board's scheme columns, and the rank
/// range when there are intervals.
fn entries(
    board: &Board,
    entries: &[&Entry],
    intervals: Option<&[&RankInterval]>,
    labels: &Labels,
) -> Markup {
    let extra = super::columns::scheme_columns(board, super::columns::Medium::Page);
    html! {
        div.scroll {
            table {
                thead {
                    tr {
                        th.num { (labels.rank) }
                        th { (labels.place) }
                        th.num { (labels.score) }
                        th { (labels.change) }
                        @for column in &extra {
                            th { (column.label_in(labels)) }
                        }
                        @if intervals.is_some() {
                            th { (labels.rank_range) }
                        }
                    }
                }
                tbody {
                    @for entry in entries {
                        tr {
                            td.num { (super::marked_rank(entry)) }
                            td { (entry.place) }
                            td.num { (entry.score) }
                            td class=(change_class(entry.change)) { (labels.entry_change(entry)) }
                            @for column in &extra {
                                td { (column.shown(entry)) }
                            }
                            @if let Some(intervals) = intervals {
                                td {
                                    @if let Some(interval) = intervals.iter().find(|interval| interval.place_id == entry.place_id) {
                                        (interval)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A rise's class and a fall's, coloured by the page's `.up` and `.down` rules in the reader's
/// convention.
fn change_class(change: Option<Change>) -> &'static str {
    match change {
        Some(Change::Up(_)) => "up",
        Some(Change::Down(_)) => "down",
        _ => "",
    }
}

/// Every board's coverage: a row per source it reads, with the records selected, counted,
/// the coverage (marked when below the board's minimum) and each reason's count.
fn coverage(boards: &[Board], labels: &Labels) -> Markup {
    let reasons = crate::quality::Uncounted::ALL;
    let english = labels.language == Language::English;
    let [board_column, kind, source, selected, counted, ..] = labels.coverage_columns;
    html! {
        @if boards.iter().any(|board| !board.coverage.is_empty()) {
            h3 { (labels.coverage) }
            @if english {
                p.meta { "of the period's records each board's filters select, those counted on a place it ranks, and why the others were not" }
            } @else {
                p.meta { "各排行榜的筛选条件选取的本期记录中，计入其参评对象的，以及未计入的原因" }
            }
            div.scroll {
                table {
                    thead {
                        tr {
                            th { (board_column) }
                            th { (kind) }
                            th { (source) }
                            th.num { (selected) }
                            th.num { (counted) }
                            th.num { (labels.coverage) }
                            @for reason in reasons {
                                th.num { (labels.uncounted(reason)) }
                            }
                        }
                    }
                    tbody {
                        @for board in boards {
                            @for coverage in &board.coverage {
                                tr {
                                    td { (board.id) }
                                    td { (labels.kind(board.kind)) }
                                    td { (coverage.source) }
                                    td.num { (coverage.selected) }
                                    td.num { (coverage.counted) }
                                    @let shown = coverage.coverage.map(|percent| format!("{percent} %")).unwrap_or_default();
                                    @if coverage.is_below(board.min_coverage) {
                                        @let title = if english {
                                            format!("below the board's minimum of {} %", board.min_coverage)
                                        } else {
                                            format!("低于最低覆盖率 {} %", board.min_coverage)
                                        };
                                        td.num.bad title=(title) { (shown) }
                                    } @else {
                                        td.num { (shown) }
                                    }
                                    @for (_, count) in coverage.uncounted.iter() {
                                        td.num { (count) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The coverage per group of the boards ranked inside groups: a row per group.
fn group_coverage(groups: &[crate::quality::GroupCoverage], labels: &Labels) -> Markup {
    let columns = labels.group_coverage_columns();
    html! {
        @if !groups.is_empty() {
            h3 { (labels.group_coverage()) }
            div.scroll {
                table {
                    thead {
                        tr {
                            th { (columns[0]) }
                            th { (columns[1]) }
                            @for column in &columns[2..] {
                                th.num { (column) }
                            }
                        }
                    }
                    tbody {
                        @for group in groups {
                            tr {
                                td { (group.board) }
                                td { (group.group) }
                                td.num { (group.places) }
                                td.num { (group.reached) }
                                @if group.without_records() > 0 {
                                    td.num.bad { (group.without_records()) }
                                } @else {
                                    td.num { (group.without_records()) }
                                }
                                td.num { (group.records) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The data-quality summary: a row of counts per source, the most frequent unplaced names,
/// the warnings and the first rejected rows.
fn quality(report: &QualityReport, boards: &[Board], labels: &Labels) -> Markup {
    let english = labels.language == Language::English;
    let columns = labels.quality_columns;
    // read, used, out of period, unplaced, ambiguous, repeated, rejected.
    let counted = [3, 4, 5, 7, 8, 9, 10].map(|index| columns[index]);
    let rejected: Vec<String> = report
        .sources
        .iter()
        .flat_map(|source| &source.rejected_rows)
        .map(|row| row.error().to_string())
        .collect();
    html! {
        section id="data-quality" {
            h2 { (labels.data_quality) }
            p.meta {
                @if english {
                    "what became of every record read, " (report.period)
                    @if let Some(previous) = report.previous_period {
                        " (and " (previous) ", for rank changes)"
                    }
                } @else {
                    "每条读取记录的去向，" (labels.period(&report.period))
                    @if let Some(previous) = report.previous_period {
                        "（及用于名次变化的 " (labels.period(&previous)) "）"
                    }
                }
            }
            div.scroll {
                table {
                    thead {
                        tr {
                            th { (columns[0]) }
                            @for name in counted {
                                th.num { (name) }
                            }
                            th { (if english { "counts" } else { "数目" }) }
                        }
                    }
                    tbody {
                        @for source in &report.sources {
                            tr {
                                td { (source.source) }
                                @for count in [source.read, source.used, source.out_of_period, source.unplaced, source.ambiguous, source.repeated, source.rejected] {
                                    td.num { (count) }
                                }
                                @if source.reconciles() {
                                    td { (if english { "add up" } else { "相符" }) }
                                } @else {
                                    td.bad { (if english { "DO NOT ADD UP" } else { "不相符" }) }
                                }
                            }
                        }
                    }
                }
            }
            (coverage(boards, labels))
            (group_coverage(&report.groups, labels))
            @for source in &report.sources {
                @if !source.unmatched.is_empty() {
                    p {
                        (source.source) (if english { ", unplaced names: " } else { "，未匹配名称：" })
                        @for (index, name) in source.unmatched.iter().enumerate() {
                            @if index > 0 { ", " }
                            (name.name) " (" (name.count) ")"
                        }
                    }
                }
            }
            @if !report.warnings.is_empty() {
                h3 { (labels.warnings) }
                ul {
                    @for warning in &report.warnings {
                        li { (warning) }
                    }
                }
            }
            @if !rejected.is_empty() {
                h3 { (labels.rejected_rows) }
                ul {
                    @for error in rejected.iter().take(REJECTED_SHOWN) {
                        li { (error) }
                    }
                }
                @if rejected.len() > REJECTED_SHOWN {
                    @if english {
                        p.meta { "… " (rejected.len() - REJECTED_SHOWN) " more: livability check lists them all" }
                    } @else {
                        p.meta { "…… 另有 " (rejected.len() - REJECTED_SHOWN) " 行：livability check 列出全部" }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_takes_its_ends_in_either_order() {
        let interval = RankInterval::new("b", "P1", Rank::whole(4), Rank::whole(2));
        assert_eq!(
            (interval.best, interval.worst),
            (Rank::whole(2), Rank::whole(4))
        );
        assert_eq!(interval.to_string(), "2–4");
        let still = RankInterval::new("b", "P1", Rank::whole(3), Rank::whole(3));
        assert_eq!(still.to_string(), "3");
    }

    #[test]
    fn changes_are_coloured_by_direction() {
        assert_eq!(
            change_class(Some(Change::Up(rust_decimal::Decimal::ONE))),
            "up"
        );
        assert_eq!(
            change_class(Some(Change::Down(rust_decimal::Decimal::ONE))),
            "down"
        );
        assert_eq!(change_class(Some(Change::Same)), "");
        assert_eq!(change_class(None), "");
    }
}
