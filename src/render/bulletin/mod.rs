//! The monthly 通报 (bulletin) as a Word document, with the `docx` feature: the month's totals
//! and their change on the previous month, counts by channel and by type, each board's
//! table (merged headers), its average and the units above and below the lines, hot topics
//! and places, and what is carried over; the text of each section from a [`Template`] the
//! office can change (the syntax and the placeholders are in the guide, "The 通报").
//!
//! ```
//! use livability::render::bulletin::{Bulletin, Template};
//!
//! let template = Template::chinese();
//! let bulletin = Bulletin::make("fixtures/tianshan/spec.toml", &template, &livability::Options::new())?;
//! let mut docx = Vec::new();
//! bulletin.write_docx(&mut docx)?;
//! assert!(docx.starts_with(b"PK"));
//! assert!(bulletin.text().contains("2018年11月"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A channel is a source of cases, tickets or incidents (kind `grid`, `hotline` or `police`;
//! inspections are no channel); a type is a value of the `category` column that the spec's
//! boards filter the channel on. The counts come from the same pipeline as the boards, ranked
//! for the month and the month before (see the guide for what is counted).

mod docx;
mod facts;
mod schema;
mod tally;
mod template;

pub use template::Template;

/// The built-in template's text, [`Template::chinese`]: the start of an office's own.
pub const DEFAULT_TEMPLATE: &str = template::DEFAULT;

use std::io::{self, Write};
use std::path::Path;

use crate::board::Rankings;
use crate::error::{Error, ErrorKind, Location, Result};
use crate::pipeline::{Options, Ranker, read_places};
use crate::spec::Spec;
use docx::{Part, TableParts};
use facts::Item;
use template::{Block, Piece, Text};

/// A 通报, filled in: its parts, ready to be written.
#[derive(Clone, Debug)]
pub struct Bulletin {
    title: String,
    parts: Vec<Part>,
    rankings: Rankings,
}

impl Bulletin {
    /// Ranks the spec at `spec` (its boards, and the channels' counts for the month and the
    /// month before) and fills in `template`.
    pub fn make(
        spec: impl AsRef<Path>,
        template: &Template,
        options: &Options,
    ) -> Result<Bulletin> {
        // The spec, the places and the sources come from the run's provider of files, as
        // `rank`'s do (the offline page's dropped files).
        options.reading(|| Bulletin::make_here(spec.as_ref(), template, options))
    }

    fn make_here(path: &Path, template: &Template, options: &Options) -> Result<Bulletin> {
        let text = crate::read::files::read_to_string(path)
            .map_err(|error| Error::new(ErrorKind::io(&error), Location::at_file(path)))?;
        let spec = Spec::from_toml_str(&text, path)?;
        let gazetteer = read_places(&spec)?;
        let mut ranker = Ranker::new(&spec, &gazetteer, options)?;
        let period = ranker.period();
        let sources = ranker.sources_needed();
        ranker.read_source_files(&sources)?;
        let rankings = ranker.finish()?;
        let channels = tally::channels(&spec, &text, path, &template.settings, period, options)?;
        let root = facts::root(&rankings, &channels, &template.settings);
        let mut parts = Vec::new();
        fill_blocks(&template.blocks, &mut vec![&root], &mut parts);
        let title = parts
            .iter()
            .find_map(|part| match part {
                Part::Title(title) => Some(title.clone()),
                _ => None,
            })
            .unwrap_or_else(|| format!("{} {}", rankings.period.chinese(), rankings.title));
        Ok(Bulletin {
            title,
            parts,
            rankings,
        })
    }

    /// The boards the bulletin reports.
    pub fn rankings(&self) -> &Rankings {
        &self.rankings
    }

    /// Writes the bulletin as a Word document (`.docx`): the same bytes for the same input.
    pub fn write_docx<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        docx::write(&self.parts, &self.title, out)
    }

    /// The document's XML (`word/document.xml` of [`Bulletin::write_docx`]).
    pub fn document_xml(&self) -> String {
        docx::document(&self.parts)
    }

    /// The bulletin as plain text, a paragraph a line and a table row a line (cells
    /// separated by tabs): for a look in a terminal, or a diff between months.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Title(line)
                | Part::Heading(line)
                | Part::Subheading(line)
                | Part::Body(line)
                | Part::Right(line)
                | Part::Left(line) => {
                    text.push_str(line);
                    text.push('\n');
                }
                Part::Table(TableParts { indicators, rows }) => {
                    text.push_str(&format!(
                        "名次\t名称\t得分\t{}\t与平均分差\t上期名次\t变化\n",
                        indicators.join("\t")
                    ));
                    for row in rows {
                        text.push_str(&row.join("\t"));
                        text.push('\n');
                    }
                }
            }
        }
        text
    }
}

/// The parts of `blocks` with the items of `scopes` (innermost last).
fn fill_blocks(blocks: &[Block], scopes: &mut Vec<&Item>, parts: &mut Vec<Part>) {
    for block in blocks {
        match block {
            Block::Title(text) => parts.push(Part::Title(fill(text, scopes))),
            Block::Heading(text) => parts.push(Part::Heading(fill(text, scopes))),
            Block::Subheading(text) => parts.push(Part::Subheading(fill(text, scopes))),
            Block::Paragraph(text) => parts.push(Part::Body(fill(text, scopes))),
            Block::Right(text) => parts.push(Part::Right(fill(text, scopes))),
            Block::Left(text) => parts.push(Part::Left(fill(text, scopes))),
            Block::Table => {
                if let Some(table) = scopes.iter().rev().find_map(|item| item.table.as_ref()) {
                    parts.push(Part::Table(table.into()));
                }
            }
            Block::Each { list, body } => {
                for item in items(scopes, list) {
                    scopes.push(item);
                    fill_blocks(body, scopes, parts);
                    scopes.pop();
                }
            }
            Block::If { list, body } => {
                if !items(scopes, list).is_empty() {
                    fill_blocks(body, scopes, parts);
                }
            }
        }
    }
}

/// The items of list `name`, from the innermost item that has it.
fn items<'i>(scopes: &[&'i Item], name: &str) -> &'i [Item] {
    scopes
        .iter()
        .rev()
        .find_map(|item| item.list(name))
        .unwrap_or(&[])
}

fn fill(text: &Text, scopes: &[&Item]) -> String {
    let mut out = String::new();
    fill_pieces(&text.pieces, &mut scopes.to_vec(), &mut out);
    out
}

fn fill_pieces(pieces: &[Piece], scopes: &mut Vec<&Item>, out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Field(name) => {
                if let Some(value) = scopes.iter().rev().find_map(|item| item.field(name)) {
                    out.push_str(value);
                }
            }
            Piece::Each {
                list,
                separator,
                body,
            } => {
                for (at, item) in items(scopes, list).iter().enumerate() {
                    if at > 0 {
                        out.push_str(separator);
                    }
                    scopes.push(item);
                    fill_pieces(body, scopes, out);
                    scopes.pop();
                }
            }
        }
    }
}
