//! Pictures of the boards for WeChat groups and 公众号 posts, where an HTML file cannot be
//! posted: each board, and the whole newsletter (every board of the run under the headline),
//! as PNG at a phone's width (375 pixels) and at twice that for sharp text on phone screens.
//!
//! A picture is laid out here as SVG (a column of text and rectangles at whole-pixel
//! positions, see `layout`), then drawn by resvg with its text shaped from Noto Sans CJK SC,
//! found by its family name in the system's font folders ([`Fonts`]). The same boards give
//! the same bytes: the layout is integer arithmetic, the font is pinned by name, and the PNG
//! holds no time or other metadata.

mod canvas;
mod fonts;
mod layout;

pub use fonts::Fonts;

use resvg::{tiny_skia, usvg};

use crate::board::{Board, Rankings};
use crate::error::{Error, ErrorKind, Location, Result};
pub use crate::lang::{ChangeColors, Language};

/// How a picture is made: its labels' language and its change colours.
///
/// ```
/// use livability::render::{ChangeColors, Language, PictureOptions};
/// let options = PictureOptions::new().language(Language::English);
/// // English labels bring the Western colours, unless told otherwise.
/// assert_eq!(options.colors(), ChangeColors::RiseGreen);
/// let options = options.change_colors(ChangeColors::RiseRed);
/// assert_eq!(options.colors(), ChangeColors::RiseRed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PictureOptions {
    language: Language,
    colors: ChangeColors,
    colors_chosen: bool,
}

impl Default for PictureOptions {
    fn default() -> PictureOptions {
        PictureOptions::new()
    }
}

impl PictureOptions {
    /// Chinese labels, rises red and falls green.
    pub fn new() -> PictureOptions {
        PictureOptions {
            language: Language::Chinese,
            colors: ChangeColors::RiseRed,
            colors_chosen: false,
        }
    }

    /// The labels' language; unless [`PictureOptions::change_colors`] chose otherwise, the
    /// colours follow the language's convention (red rises in Chinese, green in English).
    pub fn language(self, language: Language) -> PictureOptions {
        let colors = if self.colors_chosen {
            self.colors
        } else {
            language.change_colors()
        };
        PictureOptions {
            language,
            colors,
            ..self
        }
    }

    /// The colours of rises and falls, whatever the language.
    pub fn change_colors(self, colors: ChangeColors) -> PictureOptions {
        PictureOptions {
            colors,
            colors_chosen: true,
            ..self
        }
    }

    /// The colours rises and falls take.
    pub fn colors(&self) -> ChangeColors {
        self.colors
    }

    fn family(&self) -> &'static str {
        Fonts::FAMILY
    }
}

/// How many device pixels a picture has per CSS pixel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Density {
    /// One: 375 pixels wide.
    Single,
    /// Two: 750 pixels wide, sharp on a phone's screen.
    Double,
}

impl Density {
    /// Both densities, single first.
    pub const ALL: [Density; 2] = [Density::Single, Density::Double];

    /// The factor: 1 or 2.
    pub fn factor(self) -> u32 {
        match self {
            Density::Single => 1,
            Density::Double => 2,
        }
    }

    /// What a file name ends in for the density, before `.png`: nothing or `@2x`, as on
    /// the web.
    pub fn suffix(self) -> &'static str {
        match self {
            Density::Single => "",
            Density::Double => "@2x",
        }
    }
}

/// A picture laid out: its SVG, which [`Picture::to_png`] draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    svg: String,
    width: u32,
    height: u32,
}

impl Picture {
    /// The picture as an SVG document, its text still text (set in [`Fonts::FAMILY`]).
    pub fn svg(&self) -> &str {
        &self.svg
    }

    /// The width in CSS pixels: 375.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The height in CSS pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The picture as PNG at `density`, its text shaped from `fonts`.
    pub fn to_png(&self, fonts: &Fonts, density: Density) -> Result<Vec<u8>> {
        let options = usvg::Options {
            font_family: Fonts::FAMILY.to_owned(),
            languages: vec!["zh-CN".to_owned()],
            fontdb: fonts.database.clone(),
            ..usvg::Options::default()
        };
        let tree =
            usvg::Tree::from_str(&self.svg, &options).map_err(|error| cannot_draw(&error))?;
        let factor = density.factor();
        let width = self.width.saturating_mul(factor);
        let height = self.height.saturating_mul(factor);
        let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or_else(|| {
            cannot_draw(&format!(
                "a picture of {width} × {height} pixels is too large"
            ))
        })?;
        resvg::render(&tree, scaling(factor), &mut pixmap.as_mut());
        pixmap.encode_png().map_err(|error| cannot_draw(&error))
    }
}

/// The transform drawing a picture at `factor` device pixels per CSS pixel.
#[expect(
    clippy::disallowed_types,
    reason = "the renderer places pixels in binary floats; 1 and 2 are exact in them, and no number of a board passes here"
)]
fn scaling(factor: u32) -> tiny_skia::Transform {
    let scale = factor as f32;
    tiny_skia::Transform::from_scale(scale, scale)
}

fn cannot_draw(error: &dyn std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Picture {
            message: error.to_string(),
        },
        Location::Unknown,
    )
}

/// A picture's PNG, and the name of its file: `beautiful-roads.png`, `newsletter@2x.png`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PictureFile {
    /// The file name: the board's id (or `newsletter`), the density's suffix, `.png`.
    pub name: String,
    /// The PNG.
    pub png: Vec<u8>,
}

impl Rankings {
    /// One board's picture: its title and basis, the period, and a table of its listed
    /// places (rank, name, `并列` on equals, score, grade, the change in colour and the
    /// previous rank), then its worst list and how many places were ranked.
    ///
    /// ```
    /// # let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
    /// # let rankings = livability::rank(&spec, &livability::Options::new())?;
    /// use livability::render::PictureOptions;
    /// let picture = rankings.board_picture(&rankings.boards[0], &PictureOptions::new());
    /// assert_eq!(picture.width(), 375);
    /// assert!(picture.svg().contains("名次"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn board_picture(&self, board: &Board, options: &PictureOptions) -> Picture {
        finish(layout::board_picture(self, board, options))
    }

    /// The newsletter's picture: the headline (`2018年11月 宜居指数排行榜`) and the period,
    /// then every board of the run, each under its title.
    pub fn newsletter_picture(&self, options: &PictureOptions) -> Picture {
        finish(layout::newsletter_picture(self, options))
    }

    /// Every picture of the run as PNG files: each board's (`<board id>.png`), then the
    /// newsletter's (`newsletter.png`), each at both densities (`@2x` after the name).
    pub fn picture_files(
        &self,
        options: &PictureOptions,
        fonts: &Fonts,
    ) -> Result<Vec<PictureFile>> {
        let pictures = self
            .boards
            .iter()
            .map(|board| (board.id.as_str(), self.board_picture(board, options)))
            .chain([("newsletter", self.newsletter_picture(options))]);
        let mut files = Vec::new();
        let mut taken: Vec<String> = Vec::new();
        for (name, picture) in pictures {
            let name = file_stem(name, &taken);
            taken.push(name.to_lowercase());
            for density in Density::ALL {
                files.push(PictureFile {
                    name: format!("{name}{}.png", density.suffix()),
                    png: picture.to_png(fonts, density)?,
                });
            }
        }
        Ok(files)
    }
}

/// A file name for a board's id: letters (Chinese ones too), digits, `-` and `_` kept, any
/// other character (a path separator, a dot) as `_`; a name already taken (ignoring case,
/// as Windows and macOS do) gets `-2`, `-3`, … after it.
fn file_stem(id: &str, taken: &[String]) -> String {
    let mut stem: String = id
        .chars()
        .map(|character| {
            if character.is_alphanumeric() || character == '-' || character == '_' {
                character
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        stem.push('_');
    }
    let mut unique = stem.clone();
    let mut number = 1;
    while taken.contains(&unique.to_lowercase()) {
        number += 1;
        unique = format!("{stem}-{number}");
    }
    unique
}

fn finish(canvas: canvas::Canvas) -> Picture {
    let width = canvas.width;
    let (svg, height) = canvas.finish(8);
    Picture { svg, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_in_their_folder_and_apart() {
        assert_eq!(file_stem("beautiful-roads", &[]), "beautiful-roads");
        assert_eq!(file_stem("../etc/passwd", &[]), "___etc_passwd");
        assert_eq!(file_stem("靓丽道路", &[]), "靓丽道路");
        assert_eq!(file_stem("", &[]), "_");
        let taken = ["newsletter".to_owned(), "newsletter-2".to_owned()];
        assert_eq!(file_stem("Newsletter", &taken), "Newsletter-3");
    }

    #[test]
    fn colours_follow_the_language_unless_chosen() {
        let options = PictureOptions::new();
        assert_eq!(options.colors(), ChangeColors::RiseRed);
        assert_eq!(ChangeColors::RiseRed.rise(), ChangeColors::RED);
        assert_eq!(ChangeColors::RiseRed.fall(), ChangeColors::GREEN);
        let english = options.language(Language::English);
        assert_eq!(english.colors(), ChangeColors::RiseGreen);
        let chosen = PictureOptions::new()
            .change_colors(ChangeColors::RiseRed)
            .language(Language::English);
        assert_eq!(chosen.colors(), ChangeColors::RiseRed);
    }
}
