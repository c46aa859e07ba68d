//! Rendering rankings: an aligned table, the newsletter layout, CSV, JSON and Markdown; with
//! the `xlsx` feature an Excel workbook, with the `html` feature a report page, with the
//! `docx` feature the monthly 通报 as a Word document ([`bulletin`]), with the `picture`
//! feature PNG pictures of the boards.
//!
//! Renderers take any `impl Write` and print what the boards list: the places within each
//! board's cut-off (`top`). JSON prints every ranked place, with `listed` telling which.
//!
//! # Languages
//!
//! The formats people read (the table, Markdown, the workbook, the page, the pictures) take
//! their words from one table per [`Language`] (Chinese by default: 名次, 名称, 得分, 并列,
//! 变化, 上期名次; [`Rankings::language`], the spec's `lang`), and show an indicator's or a
//! dimension's display name (`label`, `dimension_labels`) instead of its id. The machine
//! formats, CSV and JSON, keep their stable English keys and ids in every language; the
//! newsletter is the published layout, Chinese in every language. The page and the pictures
//! colour a rise by [`Rankings::change_colors`].
//!
//! # A board's columns
//!
//! Beyond rank, place, score and change, a board has its indicators' columns and, with a
//! scheme, more columns, and every format takes them from one model, in one order: the worst-list flag, the score improved
//! from and the gain (improvement boards), the aggregate, each dimension's score (its weight
//! and contribution), each adjustment's units and points, the adjustments' points together, the
//! grade, the vetoes. Each column has a stable key (CSV's header, never translated), a label
//! (the header a reader sees) and an exact value beside the value shown. Which formats show
//! which:
//!
//! | key | label | [`Format::Table`], [`Format::Markdown`], the page, the workbook | [`Format::Csv`] |
//! |---|---|---|---|
//! | `<id>.value`, `<id>.normalized`, `<id>.contribution` | the key | the workbook alone | exact |
//! | `<id>.weight` | the key | | exact |
//! | `worst` | | | `true` on the worst list |
//! | `earlier_score` | `then` | the earlier score | exact |
//! | `score_change` | `gain` | signed (`+1.5`) | exact |
//! | `points_change` | `points` | signed (`+1.5`): the score's change since the previous period (`points_change = true`) | exact |
//! | `aggregate` | | | exact |
//! | `<path>.score` | `<path>` | to the board's decimals | exact |
//! | `<path>.weight`, `<path>.contribution` | | | exact |
//! | `<id>.units`, `<id>.points` | | | exact |
//! | `adjustment` | `adjustment` | the points together, signed | |
//! | `grade` | `grade` | text | text |
//! | `vetoes` | `vetoes` | reasons, `; ` between | the same |
//!
//! The keys are stable; the labels above are the English ones, and [`Language::Chinese`]
//! (the default) has its own (原得分, 提升, 加减分, 等级, 否决事项; a dimension's display
//! name; `<name> 数值`, `<name> 标准化值`, `<name> 贡献` in the workbook). The per-indicator
//! columns are a group of their own: CSV lists them before the scheme's, the workbook after.
//! CSV lists, after its fixed columns, the columns some board has; a board without one has an
//! empty cell there. [`Format::Json`] serializes the boards whole, under the field names of
//! [`Board`] and [`Entry`].

#[cfg(feature = "docx")]
pub mod bulletin;
mod columns;
mod csv;
mod explanation;
mod history;
#[cfg(feature = "html")]
mod html;
mod json;
mod labels;
mod markdown;
mod newsletter;
#[cfg(feature = "picture")]
mod picture;
mod quality;
mod robustness;
mod table;
#[cfg(feature = "xlsx")]
mod xlsx;
#[cfg(any(feature = "docx", feature = "picture", feature = "html"))]
mod xml;

#[cfg(feature = "html")]
pub use html::{HtmlReport, RankInterval};

#[cfg(feature = "picture")]
pub use picture::{Density, Fonts, Picture, PictureFile, PictureOptions};

pub use crate::lang::{ChangeColors, Language};
pub use robustness::AnalysisFormat;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::board::{Board, Entry, Rankings};
use crate::error::{Error, ErrorKind, Location};

/// An output format.
///
/// ```
/// use livability::Format;
/// assert_eq!("newsletter".parse::<Format>()?, Format::Newsletter);
/// assert_eq!(Format::default(), Format::Table);
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Aligned columns for a terminal: rank (`=2` when tied), place, score and the change since
    /// the previous period (`↑2`, `↓1`, `-`, `新`), then the unranked places, headed in the
    /// rankings' [`Language`] (名次, 名称, 得分, 变化; rank, place, score, change). The default.
    #[default]
    Table,
    /// The layout of the published board: `2018年11月 宜居指数排行榜`, then per board
    /// `title(basis)`, a blank line and `- rank.name` lines, `(并列)` on tied entries.
    Newsletter,
    /// One row per listed place: `board,period,rank,place_id,place,score,tied` first, then
    /// `previous_rank,change` and four columns per indicator (`<id>.value`, `<id>.normalized`,
    /// `<id>.weight`, `<id>.contribution`), then a scheme's columns under their stable keys,
    /// with exact values (see the module docs). Its keys are stable and English in every
    /// [`Language`]: a script reading them does not depend on the spec's `lang`.
    Csv,
    /// Everything: every board with every ranked place, its indicators and contributions, the
    /// unranked places, and the data-quality report. Decimals are strings, so no JSON parser
    /// turns them into binary floats. Its field names are stable and English in every
    /// [`Language`]; an indicator or dimension with a display name has it as `label`.
    Json,
    /// A Markdown document: a heading per board and a table of its listed places.
    Markdown,
    /// An Excel workbook (binary: write it to a file): a sheet per board with its listed
    /// places, every indicator's value, normalized value and contribution as numbers, and a
    /// data-quality sheet. With the `xlsx` feature.
    #[cfg(feature = "xlsx")]
    Xlsx,
    /// One self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched): the
    /// boards, each listed place's contributions as a stacked bar, rank changes and the
    /// data-quality summary. [`Rankings::html_report`] adds robustness intervals. With the
    /// `html` feature.
    #[cfg(feature = "html")]
    Html,
}

/// How many formats this build has: five, and one per output feature.
const FORMATS: usize = 5 + cfg!(feature = "xlsx") as usize + cfg!(feature = "html") as usize;

impl Format {
    /// Every format of this build, in the order of [`Format::NAMES`].
    pub const ALL: [Format; FORMATS] = [
        Format::Table,
        Format::Newsletter,
        Format::Csv,
        Format::Json,
        Format::Markdown,
        #[cfg(feature = "xlsx")]
        Format::Xlsx,
        #[cfg(feature = "html")]
        Format::Html,
    ];

    /// The formats' names, as the command line takes them.
    pub const NAMES: [&'static str; FORMATS] = [
        "table",
        "newsletter",
        "csv",
        "json",
        "markdown",
        #[cfg(feature = "xlsx")]
        "xlsx",
        #[cfg(feature = "html")]
        "html",
    ];

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Newsletter => "newsletter",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Markdown => "markdown",
            #[cfg(feature = "xlsx")]
            Format::Xlsx => "xlsx",
            #[cfg(feature = "html")]
            Format::Html => "html",
        }
    }

    /// Whether the format is text (UTF-8): all but Excel's workbook, which is a zip archive
    /// and goes to a file.
    ///
    /// ```
    /// assert!(livability::Format::Csv.is_text());
    /// ```
    pub fn is_text(self) -> bool {
        match self {
            #[cfg(feature = "xlsx")]
            Format::Xlsx => false,
            _ => true,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(text: &str) -> Result<Format, Error> {
        Ok(match text {
            "table" => Format::Table,
            "newsletter" => Format::Newsletter,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "markdown" => Format::Markdown,
            #[cfg(feature = "xlsx")]
            "xlsx" => Format::Xlsx,
            #[cfg(feature = "html")]
            "html" => Format::Html,
            _ => {
                return Err(Error::new(
                    ErrorKind::BadValue {
                        value: crate::error::shorten(text),
                        expected: format!("a format ({})", Format::NAMES.join(", ")),
                    },
                    Location::Unknown,
                ));
            }
        })
    }
}

impl Rankings {
    /// Writes the rankings to `out` in `format`.
    pub fn render<W: Write + ?Sized>(&self, format: Format, out: &mut W) -> io::Result<()> {
        match format {
            Format::Table => table::render(self, out),
            Format::Newsletter => newsletter::render(self, out),
            // A history is one table of its own: CSV gives it instead of the boards.
            Format::Csv if !self.histories.is_empty() => history::csv(&self.histories, out),
            Format::Csv => csv::render(self, out),
            Format::Json => json::render(self, out),
            Format::Markdown => markdown::render(self, out),
            #[cfg(feature = "xlsx")]
            Format::Xlsx => xlsx::render(self, out),
            #[cfg(feature = "html")]
            Format::Html => self.html_report().render(out),
        }
    }

    /// Writes the rankings to `out` in `format`, after a UTF-8 byte-order mark: what Excel
    /// needs to open a CSV file as UTF-8 (without one, Excel on Chinese Windows reads it as
    /// GBK and shows the names garbled). A format that is not text (an Excel workbook) is
    /// written as it is.
    ///
    /// ```
    /// # let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
    /// # let rankings = livability::rank(&spec, &livability::Options::new())?;
    /// let mut out = Vec::new();
    /// rankings.render_for_excel(livability::Format::Csv, &mut out)?;
    /// assert!(out.starts_with("\u{feff}board,period,rank".as_bytes()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render_for_excel<W: Write + ?Sized>(
        &self,
        format: Format,
        out: &mut W,
    ) -> io::Result<()> {
        if format.is_text() {
            out.write_all("\u{feff}".as_bytes())?;
        }
        self.render(format, out)
    }

    /// The rankings in `format`, as a string (for the text formats: a workbook's bytes are
    /// not UTF-8, and come out garbled; [`Rankings::render`] writes them).
    pub fn to_string_as(&self, format: Format) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every renderer writes UTF-8.
        let _ = self.render(format, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// The headline: `2018年11月 宜居指数排行榜`.
fn headline(rankings: &Rankings) -> String {
    format!("{} {}", rankings.period.chinese(), rankings.title)
}

/// A board's title line: `title(basis)`, or the title alone.
fn title_line(board: &Board) -> String {
    match &board.basis {
        Some(basis) => format!("{}({basis})", board.title),
        None => board.title.clone(),
    }
}

/// The rank with its tie mark, as the table and Markdown show it: `=2` when tied.
fn marked_rank(entry: &Entry) -> String {
    if entry.tied {
        format!("={}", entry.rank)
    } else {
        entry.rank.to_string()
    }
}

/// The change since the previous period, or empty when there is nothing to compare with, as
/// CSV writes it (`new` for a new place, in every language).
fn change(entry: &Entry) -> String {
    entry
        .change
        .map(|change| change.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_listed_once_under_its_name() {
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.as_str()).collect();
        assert_eq!(names, Format::NAMES);
    }
}
