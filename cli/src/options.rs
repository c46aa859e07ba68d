//! The library's run options from the arguments every ranking subcommand shares.

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
