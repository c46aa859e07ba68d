//! The 通报's template: settings, then the text of each section, with placeholders the
//! bulletin fills (the syntax is in the guide, "The 通报").
//!
//! ```text
//! +++
//! unit = "天山路街道"
//! +++
//! # {month}{title}通报
//!
//! ## 一、总体情况
//!
//! 本月共受理{total}件，{total_change}。其中，{each channels sep="；"}{name}{count}件{end}。
//!
//! @each boards
//! {title}平均得分{average}分。
//! @table
//! @end
//! ```
//!
//! Every placeholder and list is checked against what the bulletin fills when the template is
//! read, so that a typo is an error naming its line before any data is read.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::schema::{self, Scope};
use crate::error::{Error, ErrorKind, Location, Result, TemplateProblem};

/// The default template: a bulletin in Chinese, in the structure of the published ones.
pub(super) const DEFAULT: &str = include_str!("default.md");

/// A checked template.
#[derive(Clone, Debug)]
pub struct Template {
    pub(super) settings: Settings,
    pub(super) blocks: Vec<Block>,
}

/// The settings between the `+++` lines.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Settings {
    /// Who issues the bulletin: `{unit}`.
    #[serde(default)]
    pub(super) unit: String,
    /// How many hot topics and hot places are named.
    #[serde(default = "default_hot")]
    pub(super) hot: usize,
    /// Each channel's name, by source id or source kind.
    #[serde(default)]
    pub(super) channels: toml::Table,
    /// Per source id or kind, the filter (`where`) selecting its open records.
    #[serde(default)]
    pub(super) open: toml::Table,
    /// The indicators' names in the tables, by id (an indicator not named shows its id).
    #[serde(default)]
    pub(super) indicators: toml::Table,
}

fn default_hot() -> usize {
    3
}

/// A block of the document.
#[derive(Clone, Debug)]
pub(super) enum Block {
    /// `# …`: the document's title.
    Title(Text),
    /// `## …`: a section heading.
    Heading(Text),
    /// `### …`: a sub-heading.
    Subheading(Text),
    /// Lines of text, joined.
    Paragraph(Text),
    /// `> …`: a paragraph set to the right (the sign-off).
    Right(Text),
    /// `< …`: a paragraph set to the left, without indent (the addressees).
    Left(Text),
    /// `@table`: the board's table.
    Table,
    /// `@each LIST` … `@end`: the blocks once per item.
    Each { list: String, body: Vec<Block> },
    /// `@if LIST` … `@end`: the blocks when the list has items.
    If { list: String, body: Vec<Block> },
}

/// Text with placeholders.
#[derive(Clone, Debug, Default)]
pub(super) struct Text {
    pub(super) pieces: Vec<Piece>,
}

/// A piece of text.
#[derive(Clone, Debug)]
pub(super) enum Piece {
    /// Text as written.
    Literal(String),
    /// `{name}`.
    Field(String),
    /// `{each LIST sep="…"}` … `{end}`: the pieces once per item, separated.
    Each {
        list: String,
        separator: String,
        body: Vec<Piece>,
    },
}

impl Template {
    /// Reads and checks a template; `name` names it in errors.
    ///
    /// ```
    /// use livability::render::bulletin::Template;
    /// let error = Template::parse("共{totl}件", "通报.md").unwrap_err();
    /// assert_eq!(error.to_string(), "通报.md:1: template: unknown placeholder 'totl' (known here: \
    ///     title, month, previous_month, unit, total, total_previous, total_change, open_total)");
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn parse(text: &str, name: impl AsRef<Path>) -> Result<Template> {
        let name = name.as_ref();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.lines().collect();
        let (settings, first) = settings(&lines, name)?;
        let mut parser = Parser {
            name: name.to_path_buf(),
            lines: &lines,
            at: first,
        };
        let blocks = parser.blocks(&[Scope::Root], None)?;
        Ok(Template { settings, blocks })
    }

    /// The default template: a bulletin in Chinese that reads like the published ones (the
    /// text is in the guide, "The 通报").
    pub fn chinese() -> Template {
        // The default is checked by a test; should it ever fail, an empty template is no
        // bulletin, so the test catches it before a user can.
        Template::parse(DEFAULT, "default.md").unwrap_or(Template {
            settings: Settings::default(),
            blocks: Vec::new(),
        })
    }
}

/// The settings, and the index of the first line after them.
fn settings(lines: &[&str], name: &Path) -> Result<(Settings, usize)> {
    if lines.first().map(|line| line.trim_end()) != Some("+++") {
        return Ok((Settings::default(), 0));
    }
    let Some(close) = lines
        .iter()
        .skip(1)
        .position(|line| line.trim_end() == "+++")
        .map(|at| at + 1)
    else {
        return Err(problem(name, 1, TemplateProblem::UnclosedSettings));
    };
    let body = lines[1..close].join("\n");
    let settings: Settings = toml::from_str(&body).map_err(|error| {
        let line = error
            .span()
            .and_then(|span| body.get(..span.start))
            .map_or(0, |before| before.matches('\n').count() as u64);
        problem(
            name,
            line + 2,
            TemplateProblem::Settings {
                message: error.message().trim_end_matches('.').to_owned(),
            },
        )
    })?;
    check_settings(&settings, &lines[1..close], name)?;
    Ok((settings, close + 1))
}

/// The settings' shapes TOML's types do not say: names are strings, and an open filter is a
/// table of columns, each a value or a list of values (as a board's `where`).
fn check_settings(settings: &Settings, lines: &[&str], name: &Path) -> Result<()> {
    let at = |table: &str, key: &str, what: String| {
        // The line of `key = …` after the table's header (2: the first line of settings).
        let header = format!("[{table}]");
        let start = lines.iter().position(|line| line.trim() == header);
        let line = start.and_then(|start| {
            lines[start..]
                .iter()
                .position(|line| {
                    line.trim_start()
                        .strip_prefix(key)
                        .is_some_and(|rest| rest.trim_start().starts_with('='))
                })
                .map(|offset| start + offset)
        });
        let line = line.or(start).map_or(2, |index| index as u64 + 2);
        problem(
            name,
            line,
            TemplateProblem::Settings {
                message: format!("{table}.{key}: {what}"),
            },
        )
    };
    for (table, names) in [
        ("channels", &settings.channels),
        ("indicators", &settings.indicators),
    ] {
        for (key, value) in names {
            if !value.is_str() {
                return Err(at(table, key, "expected a name in quotes".into()));
            }
        }
    }
    for (key, filter) in &settings.open {
        let Some(filter) = filter.as_table().filter(|filter| !filter.is_empty()) else {
            return Err(at(
                "open",
                key,
                "expected a filter such as { status = [\"处置中\"] }".into(),
            ));
        };
        for (column, values) in filter {
            let strings = match values {
                toml::Value::String(_) => true,
                toml::Value::Array(values) => {
                    !values.is_empty() && values.iter().all(toml::Value::is_str)
                }
                _ => false,
            };
            if !strings {
                return Err(at(
                    "open",
                    key,
                    format!("column '{column}': expected a value or a list of values, in quotes"),
                ));
            }
        }
    }
    Ok(())
}

fn problem(name: &Path, line: u64, problem: TemplateProblem) -> Error {
    Error::new(
        ErrorKind::Template(problem),
        Location::at_line(name, line, None),
    )
}

struct Parser<'t> {
    name: PathBuf,
    lines: &'t [&'t str],
    at: usize,
}

impl Parser<'_> {
    /// The blocks up to `@end` (when `open` names the opening directive and its line) or the
    /// end of the template.
    fn blocks(&mut self, scopes: &[Scope], open: Option<(&str, u64)>) -> Result<Vec<Block>> {
        let mut blocks = Vec::new();
        let mut paragraph: Option<(Text, u64)> = None;
        while let Some(&raw) = self.lines.get(self.at) {
            let number = self.at as u64 + 1;
            self.at += 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('%') {
                if line.is_empty() {
                    flush(&mut blocks, &mut paragraph);
                }
                continue;
            }
            if let Some(directive) = line.strip_prefix('@') {
                flush(&mut blocks, &mut paragraph);
                let mut words = directive.split_whitespace();
                let word = words.next().unwrap_or_default();
                let list = words.next().unwrap_or_default();
                match word {
                    "end" => {
                        return match open {
                            Some(_) => Ok(blocks),
                            None => Err(self.problem(
                                number,
                                TemplateProblem::UnopenedEnd {
                                    directive: "@end".into(),
                                },
                            )),
                        };
                    }
                    "table" => {
                        if !scopes.contains(&Scope::Board) {
                            return Err(self.problem(number, TemplateProblem::TableOutsideBoards));
                        }
                        blocks.push(Block::Table);
                    }
                    "each" | "if" => {
                        let scope = self.list(list, scopes, number)?;
                        let opening = format!("@{word} {list}");
                        let body = if word == "each" {
                            let mut inner = scopes.to_vec();
                            inner.push(scope);
                            self.blocks(&inner, Some((&opening, number)))?
                        } else {
                            self.blocks(scopes, Some((&opening, number)))?
                        };
                        let list = list.to_owned();
                        blocks.push(if word == "each" {
                            Block::Each { list, body }
                        } else {
                            Block::If { list, body }
                        });
                    }
                    _ => {
                        return Err(self.problem(
                            number,
                            TemplateProblem::UnknownDirective {
                                directive: format!("@{word}"),
                            },
                        ));
                    }
                }
                continue;
            }
            let heading = [
                ("### ", Block::Subheading as fn(Text) -> Block),
                ("## ", Block::Heading),
                ("# ", Block::Title),
                ("> ", Block::Right),
                ("< ", Block::Left),
            ]
            .into_iter()
            .find_map(|(mark, make)| line.strip_prefix(mark).map(|rest| (rest, make)));
            if let Some((rest, make)) = heading {
                flush(&mut blocks, &mut paragraph);
                blocks.push(make(self.text(rest.trim(), scopes, number)?));
                continue;
            }
            let text = self.text(line, scopes, number)?;
            match &mut paragraph {
                Some((joined, _)) => joined.pieces.extend(text.pieces),
                None => paragraph = Some((text, number)),
            }
        }
        flush(&mut blocks, &mut paragraph);
        match open {
            Some((directive, line)) => Err(self.problem(
                line,
                TemplateProblem::UnclosedEach {
                    directive: directive.to_owned(),
                    end: "@end".into(),
                },
            )),
            None => Ok(blocks),
        }
    }

    /// The scope of list `name`, if it is known here.
    fn list(&self, name: &str, scopes: &[Scope], line: u64) -> Result<Scope> {
        schema::list(name, scopes).ok_or_else(|| {
            self.problem(
                line,
                TemplateProblem::UnknownList {
                    name: name.to_owned(),
                    known: schema::lists(scopes),
                },
            )
        })
    }

    /// One line's text: literals, `{fields}` and `{each}` … `{end}` runs, which close on the
    /// line that opens them.
    fn text(&self, line: &str, scopes: &[Scope], number: u64) -> Result<Text> {
        let mut stack: Vec<(Vec<Piece>, String, String, Vec<Scope>)> = Vec::new();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut scopes = scopes.to_vec();
        let mut literal = String::new();
        let mut rest = line;
        while let Some(at) = rest.find(['{', '}']) {
            literal.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            if rest[at..].starts_with("{{") || rest[at..].starts_with("}}") {
                literal.push_str(&rest[at..at + 1]);
                rest = &after[1..];
                continue;
            }
            if rest[at..].starts_with('}') {
                return Err(self.problem(number, TemplateProblem::UnopenedBrace));
            }
            let Some(close) = after.find('}') else {
                return Err(self.problem(
                    number,
                    TemplateProblem::UnclosedPlaceholder {
                        text: after.to_owned(),
                    },
                ));
            };
            let inside = after[..close].trim();
            rest = &after[close + 1..];
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(&mut literal)));
            }
            if inside == "end" {
                let Some((outer, list, separator, outer_scopes)) = stack.pop() else {
                    return Err(self.problem(
                        number,
                        TemplateProblem::UnopenedEnd {
                            directive: "{end}".into(),
                        },
                    ));
                };
                let body = std::mem::replace(&mut pieces, outer);
                pieces.push(Piece::Each {
                    list,
                    separator,
                    body,
                });
                scopes = outer_scopes;
            } else if let Some(each) = inside.strip_prefix("each ") {
                let (list, separator) = self.each(inside, each.trim(), number)?;
                let scope = self.list(&list, &scopes, number)?;
                let outer_scopes = scopes.clone();
                scopes.push(scope);
                stack.push((std::mem::take(&mut pieces), list, separator, outer_scopes));
            } else if schema::field(inside, &scopes) {
                pieces.push(Piece::Field(inside.to_owned()));
            } else {
                return Err(self.problem(
                    number,
                    TemplateProblem::UnknownPlaceholder {
                        name: inside.to_owned(),
                        known: schema::fields(&scopes),
                    },
                ));
            }
        }
        literal.push_str(rest);
        if let Some((_, list, _, _)) = stack.pop() {
            return Err(self.problem(
                number,
                TemplateProblem::UnclosedEach {
                    directive: format!("{{each {list}}}"),
                    end: "{end}".into(),
                },
            ));
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        Ok(Text { pieces })
    }

    /// `LIST` or `LIST sep="…"`: the list and its separator.
    fn each(&self, whole: &str, each: &str, number: u64) -> Result<(String, String)> {
        let bad = || {
            self.problem(
                number,
                TemplateProblem::BadEach {
                    text: format!("{{{whole}}}"),
                },
            )
        };
        let (list, separator) = match each.split_once(char::is_whitespace) {
            None => (each, ""),
            Some((list, option)) => {
                let quoted = option
                    .trim()
                    .strip_prefix("sep=")
                    .and_then(|value| value.strip_prefix('"'))
                    .and_then(|value| value.strip_suffix('"'))
                    .ok_or_else(bad)?;
                (list, quoted)
            }
        };
        if list.is_empty() {
            return Err(bad());
        }
        Ok((list.to_owned(), separator.to_owned()))
    }

    fn problem(&self, line: u64, kind: TemplateProblem) -> Error {
        problem(&self.name, line, kind)
    }
}

fn flush(blocks: &mut Vec<Block>, paragraph: &mut Option<(Text, u64)>) {
    if let Some((text, _)) = paragraph.take() {
        blocks.push(Block::Paragraph(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        Template::parse(text, "t.md").unwrap_err().to_string()
    }

    #[test]
    fn the_default_template_is_valid() {
        let template = Template::parse(DEFAULT, "default.md").unwrap();
        assert!(template.blocks.len() > 8);
    }

    #[test]
    fn each_error_names_its_line_and_what_is_wrong() {
        assert_eq!(
            error("a\n\n共{each channels}{nme}{end}"),
            "t.md:3: template: unknown placeholder 'nme' (known here: name, count, previous, \
             change, share, title, month, previous_month, unit, total, total_previous, \
             total_change, open_total)"
        );
        assert!(
            error("{each chanels}{end}").starts_with("t.md:1: template: unknown list 'chanels'")
        );
        assert_eq!(
            error("x\n共{total"),
            "t.md:2: template: placeholder '{total' is not closed with '}' on its line (write '{{' for a brace)"
        );
        assert_eq!(
            error("共}"),
            "t.md:1: template: '}' closes no placeholder (write '}}' for a brace)"
        );
        assert_eq!(error("x\n@end"), "t.md:2: template: '@end' closes nothing");
        assert_eq!(error("{end}"), "t.md:1: template: '{end}' closes nothing");
        assert_eq!(
            error("@each boards\n{title}"),
            "t.md:1: template: '@each boards' is never closed with '@end'"
        );
        assert_eq!(
            error("{each types}{name}"),
            "t.md:1: template: '{each types}' is never closed with '{end}'"
        );
        assert_eq!(
            error("@tabel"),
            "t.md:1: template: unknown directive '@tabel' (expected @each LIST, @if LIST, @end or @table)"
        );
        assert_eq!(
            error("@table"),
            "t.md:1: template: '@table' stands outside '@each boards'"
        );
        assert_eq!(
            error("{each types sep=；}{end}"),
            "t.md:1: template: '{each types sep=；}': expected {each LIST} or {each LIST sep=\"…\"}"
        );
        assert!(error("+++\nunit = 1\n+++").starts_with("t.md:2: template: settings: "));
        assert_eq!(
            error(
                "+++\nunit = \"x\"\n[open]\ngrid = { status = \"处置中\" }\nhotline = { resolved = 3 }\n+++"
            ),
            "t.md:5: template: settings: open.hotline: column 'resolved': expected a value or a list of values, in quotes"
        );
        assert_eq!(
            error("+++\n[channels]\ngrid = 1\n+++"),
            "t.md:3: template: settings: channels.grid: expected a name in quotes"
        );
        assert_eq!(
            error("+++\n[open]\ngrid = \"处置中\"\n+++"),
            "t.md:3: template: settings: open.grid: expected a filter such as { status = [\"处置中\"] }"
        );
        assert_eq!(
            error("+++\nunit = \"x\""),
            "t.md:1: template: settings opened with '+++' are never closed with '+++'"
        );
    }

    #[test]
    fn braces_doubled_are_literal() {
        let template = Template::parse("{{x}} {total}", "t.md").unwrap();
        let Block::Paragraph(text) = &template.blocks[0] else {
            panic!("{:?}", template.blocks)
        };
        assert!(matches!(&text.pieces[0], Piece::Literal(text) if text == "{x} "));
        assert!(matches!(&text.pieces[1], Piece::Field(name) if name == "total"));
    }

    #[test]
    fn inline_each_nests_and_sees_outer_fields() {
        let template = Template::parse(
            "@each boards\n{title}：{each top sep=\"、\"}{name}{month}{end}\n@end",
            "t.md",
        )
        .unwrap();
        assert!(matches!(&template.blocks[0], Block::Each { list, .. } if list == "boards"));
    }

    proptest::proptest! {
        /// Any text, however broken, is a template or an error naming one of its lines.
        #[test]
        fn any_text_is_a_template_or_an_error_at_one_of_its_lines(
            text in "[{}@#%<> +\n=\"a-z月件]{0,60}|(\\{(each |end|total|name|)[a-z ]{0,8}\\}|@each boards\n|@end\n|@table\n|[本月共])*",
        ) {
            if let Err(error) = Template::parse(&text, "t.md") {
                let lines = text.lines().count().max(1) as u64;
                let line = error.location().line().unwrap_or(0);
                proptest::prop_assert!(line >= 1 && line <= lines, "{error}");
                proptest::prop_assert!(matches!(error.kind(), ErrorKind::Template(_)));
            }
        }
    }

    #[test]
    fn any_text_parses_or_fails_without_panicking() {
        for text in [
            "{",
            "}",
            "{each}",
            "{each  }",
            "@",
            "@each",
            "+++",
            "+++\n+++",
            "{{",
            "}}}",
            "{each boards}{each top}{end}",
        ] {
            let _ = Template::parse(text, "t.md");
        }
    }
}
