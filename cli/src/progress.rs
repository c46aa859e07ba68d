//! The progress bar of long reads, fed by the library's progress callback.

use std::io::{self, IsTerminal as _};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A progress bar for long reads, drawn on stderr only when it is a terminal, and only once
/// a read has taken a second: short runs and pipelines see nothing.
pub fn progress_bar() -> impl Fn(livability::input::Progress) + Send + Sync + 'static {
    let terminal = io::stderr().is_terminal();
    let started = Instant::now();
    let bar: OnceLock<indicatif::ProgressBar> = OnceLock::new();
    move |progress: livability::input::Progress| {
        // The boards are made in a moment once read: the bar follows the reading only.
        if !terminal || progress.stage != livability::input::Stage::Reading {
            return;
        }
        if bar.get().is_none() && started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let bar = bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(progress.total);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} reading {bytes}/{total_bytes} [{bar:30}] {eta}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        bar.set_length(progress.total);
        bar.set_position(progress.done);
        if progress.done >= progress.total {
            bar.finish_and_clear();
        }
    }
}
