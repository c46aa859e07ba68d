//! The library's run options from the arguments every ranking subcommand shares.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use livability::render::AnalysisFormat;
use livability::{Options, Period};

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

/// What `explain` and `robustness` share about their output: its format, its file, and
/// whether malformed rows are skipped.
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
}
