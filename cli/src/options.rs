//! The library's run options from the arguments every ranking subcommand shares.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use livability::render::{AnalysisFormat, ChangeColors, Language};
use livability::{Options, Period, Rankings};

use crate::progress::progress_bar;

/// `options` with the period and boards asked for, and a progress bar for long reads.
pub fn choose(options: Options, period: Option<Period>, boards: Vec<String>) -> Options {
    let options = match period {
        Some(period) => options.period(period),
        None => options,
    };
    boards
        .into_iter()
        .fold(options, Options::board)
        .progress(progress_bar())
}

/// What `explain` and `robustness` share about their output: its format, its file, its
/// language, and whether malformed rows are skipped.
#[derive(Debug, clap::Args)]
pub struct AnalysisOutput {
    /// The output format (for `explain`, CSV lists the records).
    #[arg(long, default_value = "table",
          value_parser = PossibleValuesParser::new(AnalysisFormat::NAMES).map(|name| name.parse::<AnalysisFormat>().unwrap_or_default()))]
    pub format: AnalysisFormat,
    /// Write the output to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Skip malformed rows and report them instead of stopping at the first, as `rank`.
    #[arg(long)]
    pub lenient: bool,
    /// The language of the table: zh or en, over the spec's `lang` (default zh). CSV and
    /// JSON keep their English keys.
    #[arg(long, value_name = "LANG",
          value_parser = PossibleValuesParser::new(Language::CODES).map(|code| code.parse::<Language>().unwrap_or_default()))]
    pub lang: Option<Language>,
}

/// The reader's conventions on the command line, over the spec's `lang` and `rise`.
#[derive(Debug, clap::Args)]
pub struct Conventions {
    /// The language of the formats people read (table, Markdown, workbook, page, pictures):
    /// zh or en, over the spec's `lang` (default zh). CSV and JSON keep their English keys.
    #[arg(long, alias = "png-lang", value_name = "LANG",
          value_parser = PossibleValuesParser::new(Language::CODES).map(|code| code.parse::<Language>().unwrap_or_default()))]
    pub lang: Option<Language>,
    /// The colour of a rise in rank on the page and the pictures (a fall takes the other):
    /// red or green, over the spec's `rise`; by default red under zh and green under en.
    #[arg(long, alias = "png-rise", value_name = "COLOUR",
          value_parser = PossibleValuesParser::new(["red", "green"]).map(|name| name.parse::<ChangeColors>().unwrap_or(ChangeColors::RiseRed)))]
    pub rise: Option<ChangeColors>,
}

impl Conventions {
    /// Sets the rankings' language and colours to those asked for; the spec's stay otherwise.
    pub fn apply(&self, rankings: &mut Rankings) {
        if let Some(language) = self.lang {
            rankings.language = language;
        }
        if let Some(rise) = self.rise {
            rankings.rise = Some(rise);
        }
    }
}
