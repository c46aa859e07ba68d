//! The picture's SVG, built as a list of shapes and text at whole-pixel positions on a column
//! of fixed width, top to bottom: no browser, no layout engine, the same text for the same
//! boards on every machine.
//!
//! Text widths are estimated, not measured (a CJK character one em, other characters a little
//! over half of one, as in Noto Sans CJK): enough to size columns and to shorten a name that
//! would run into the next column, which is all the layout needs.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthChar;

use crate::render::xml::escape;

/// How text is aligned on its x position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// A run of text: where, how large, in which colour, bold or not.
#[derive(Clone, Copy, Debug)]
pub(super) struct Text<'t> {
    pub(super) x: u32,
    /// The baseline.
    pub(super) y: u32,
    pub(super) size: u32,
    pub(super) color: &'t str,
    pub(super) bold: bool,
    pub(super) anchor: Anchor,
}

/// The SVG being drawn: its width, the height used so far, and its elements.
pub(super) struct Canvas {
    pub(super) width: u32,
    /// Where the next block starts: the height drawn so far.
    pub(super) y: u32,
    family: String,
    elements: String,
}

impl Canvas {
    /// An empty canvas `width` pixels wide, its text in the font family `family`.
    pub(super) fn new(width: u32, family: &str) -> Canvas {
        Canvas {
            width,
            y: 0,
            family: family.to_owned(),
            elements: String::new(),
        }
    }

    /// A filled rectangle.
    pub(super) fn rect(&mut self, x: u32, y: u32, width: u32, height: u32, fill: &str) {
        // Writing to a String cannot fail.
        let _ = writeln!(
            self.elements,
            r#"<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}"/>"#
        );
    }

    /// A run of text on one line.
    pub(super) fn text(&mut self, content: &str, text: Text<'_>) {
        let Text {
            x,
            y,
            size,
            color,
            bold,
            anchor,
        } = text;
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            self.elements,
            r#"<text x="{x}" y="{y}" font-size="{size}" fill="{color}" text-anchor="{}"{weight}>{}</text>"#,
            anchor.as_str(),
            escape(content)
        );
    }

    /// The whole SVG document, as tall as what was drawn plus `bottom` pixels.
    pub(super) fn finish(self, bottom: u32) -> (String, u32) {
        let height = self.y.saturating_add(bottom);
        let width = self.width;
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
             viewBox=\"0 0 {width} {height}\" font-family=\"{}\">\n\
             <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n{}</svg>\n",
            escape(&self.family),
            self.elements
        );
        (svg, height)
    }
}

/// The estimated width of `text` at `size` pixels: a wide (CJK) character one em, any other
/// 0.6 em, rounded up.
pub(super) fn width_of(text: &str, size: u32) -> u32 {
    let tenths: u64 = text.chars().map(tenths_of_em).sum();
    let width = (tenths * u64::from(size)).div_ceil(10);
    u32::try_from(width).unwrap_or(u32::MAX)
}

/// A character's estimated advance, in tenths of an em.
fn tenths_of_em(character: char) -> u64 {
    match character.width() {
        Some(2) => 10,
        Some(0) => 0,
        _ => 6,
    }
}

/// `text` shortened with `…` to fit `room` pixels at `size`, or as it is when it fits.
pub(super) fn fit(text: &str, size: u32, room: u32) -> String {
    if width_of(text, size) <= room {
        return text.to_owned();
    }
    let ellipsis = width_of("…", size);
    let mut shortened = String::new();
    let mut used = 0u32;
    for character in text.chars() {
        let advance = width_of(&character.to_string(), size);
        if used.saturating_add(advance).saturating_add(ellipsis) > room {
            break;
        }
        used = used.saturating_add(advance);
        shortened.push(character);
    }
    shortened.push('…');
    shortened
}

/// `text` broken into lines of at most `room` pixels at `size` (at any character: Chinese
/// has no spaces to break at), at most `lines` of them, the last shortened with `…`.
pub(super) fn wrap(text: &str, size: u32, room: u32, lines: usize) -> Vec<String> {
    let mut wrapped: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0u32;
    let mut characters = text.chars().peekable();
    while let Some(&character) = characters.peek() {
        let advance = width_of(&character.to_string(), size);
        if used.saturating_add(advance) > room && !line.is_empty() {
            if wrapped.len() + 1 == lines {
                let rest: String = characters.collect();
                wrapped.push(fit(&format!("{line}{rest}"), size, room));
                return wrapped;
            }
            wrapped.push(std::mem::take(&mut line));
            used = 0;
        }
        line.push(character);
        used = used.saturating_add(advance);
        characters.next();
    }
    if !line.is_empty() || wrapped.is_empty() {
        wrapped.push(line);
    }
    wrapped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_one_em_and_latin_a_little_over_half() {
        assert_eq!(width_of("新华路", 10), 30);
        assert_eq!(width_of("R01", 10), 18);
        assert_eq!(width_of("", 10), 0);
    }

    #[test]
    fn a_long_name_is_shortened_to_its_room() {
        assert_eq!(fit("芙蓉江路", 10, 40), "芙蓉江路");
        let short = fit("芙蓉江路与新华路交叉口", 10, 40);
        assert_eq!(short, "芙蓉江…");
        assert!(width_of(&short, 10) <= 40);
        assert_eq!(fit("芙蓉江路", 10, 0), "…");
    }

    #[test]
    fn titles_wrap_at_any_character_and_end_shortened() {
        assert_eq!(wrap("靓丽道路排行榜", 10, 40, 3), ["靓丽道路", "排行榜"]);
        assert_eq!(wrap("", 10, 40, 3), [""]);
        let two = wrap("一二三四五六七八九十", 10, 40, 2);
        assert_eq!(two.len(), 2);
        assert!(two[1].ends_with('…'));
        assert!(two.iter().all(|line| width_of(line, 10) <= 40));
    }
}
