//! The reader's conventions: the language of the words on every output people read, and the
//! colours a rise and a fall in rank take. They stand on the bottom floor because the spec
//! reads them (`lang`, `rise`), the rankings carry them, and every renderer shows by them.
//! The words themselves are the renderers' (`render::labels`).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Location};

/// The language of the labels of every format people read: the table, Markdown, the
/// workbook, the report page and the pictures. Machine formats (CSV, JSON) keep their stable
/// English keys in either.
///
/// ```
/// use livability::render::Language;
/// assert_eq!("en".parse::<Language>()?, Language::English);
/// assert_eq!(Language::default().code(), "zh");
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// Chinese (`zh`), the default: 名次, 名称, 得分, 并列, 变化, 上期名次.
    #[default]
    Chinese,
    /// English (`en`): rank, place, score, tied, change, previous_rank.
    English,
}

impl Language {
    /// The languages' codes, as the spec's `lang` and the command line's `--lang` take them.
    pub const CODES: [&'static str; 2] = ["zh", "en"];

    /// The language's code: `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Chinese => "zh",
            Language::English => "en",
        }
    }

    /// The colours a rise and a fall take by this language's convention: red rises in
    /// Chinese (as on a Chinese stock board), green rises in English.
    pub fn change_colors(self) -> ChangeColors {
        match self {
            Language::Chinese => ChangeColors::RiseRed,
            Language::English => ChangeColors::RiseGreen,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = Error;

    fn from_str(text: &str) -> Result<Language, Error> {
        match text {
            "zh" => Ok(Language::Chinese),
            "en" => Ok(Language::English),
            _ => Err(Error::new(
                ErrorKind::BadValue {
                    value: crate::error::shorten(text),
                    expected: "a language (zh, en)".to_owned(),
                },
                Location::Unknown,
            )),
        }
    }
}

/// Which colour a rise in rank takes, and which a fall.
///
/// ```
/// use livability::render::ChangeColors;
/// assert_eq!("green".parse::<ChangeColors>()?, ChangeColors::RiseGreen);
/// # Ok::<(), livability::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeColors {
    /// Rises red, falls green (`rise = "red"`): the Chinese convention.
    RiseRed,
    /// Rises green, falls red (`rise = "green"`): the Western convention.
    RiseGreen,
}

impl ChangeColors {
    /// The red of a change.
    pub const RED: &'static str = "#d0312d";
    /// The green of a change.
    pub const GREEN: &'static str = "#1e8449";

    /// The colour of a rise.
    pub fn rise(self) -> &'static str {
        match self {
            ChangeColors::RiseRed => ChangeColors::RED,
            ChangeColors::RiseGreen => ChangeColors::GREEN,
        }
    }

    /// The colour of a fall.
    pub fn fall(self) -> &'static str {
        match self {
            ChangeColors::RiseRed => ChangeColors::GREEN,
            ChangeColors::RiseGreen => ChangeColors::RED,
        }
    }

    /// The name of a rise's colour, as `rise` takes it: `red` or `green`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeColors::RiseRed => "red",
            ChangeColors::RiseGreen => "green",
        }
    }
}

impl FromStr for ChangeColors {
    type Err = Error;

    fn from_str(text: &str) -> Result<ChangeColors, Error> {
        match text {
            "red" => Ok(ChangeColors::RiseRed),
            "green" => Ok(ChangeColors::RiseGreen),
            _ => Err(Error::new(
                ErrorKind::BadValue {
                    value: crate::error::shorten(text),
                    expected: "the colour of a rise (red, green)".to_owned(),
                },
                Location::Unknown,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for code in Language::CODES {
            assert_eq!(code.parse::<Language>().unwrap().code(), code);
        }
        assert!("fr".parse::<Language>().is_err());
        assert!("blue".parse::<ChangeColors>().is_err());
    }

    #[test]
    fn colours_follow_the_convention() {
        assert_eq!(Language::Chinese.change_colors().rise(), ChangeColors::RED);
        assert_eq!(
            Language::Chinese.change_colors().fall(),
            ChangeColors::GREEN
        );
        assert_eq!(
            Language::English.change_colors().rise(),
            ChangeColors::GREEN
        );
    }
}
