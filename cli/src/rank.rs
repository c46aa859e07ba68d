//! `livability rank`: the boards, in a format, to stdout or a file.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use livability::{Format, Options, Period, Spec, analysis::RobustnessOptions};

use crate::failure::Failure;
use crate::options::Conventions;
use crate::options::choose;
use crate::output::write_output;
use crate::pictures::write_pictures;
use crate::warnings::{strictly, warnings_and_notes};

/// The arguments of `rank`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec file (spec.toml).
    spec: PathBuf,
    /// The period to rank instead of the spec's: a month (2024-05), an ISO week (2024-W07),
    /// a quarter (2024-Q2), a year (2024), a year to date (2024-YTD-05, 1–5月累计) or a run
    /// of months (2024-03..2024-05).
    #[arg(long)]
    period: Option<Period>,
    /// Rank the N months (1 to 12) that end with the period, a month: a rolling window
    /// (instead of the spec's `rolling`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=12))]
    rolling: Option<u8>,
    /// Also rank the N-1 periods before, in the same pass over the records, and show each
    /// board's places over the N periods (ranks by period, streaks); CSV then gives the
    /// history alone, one row per board, period and place ranked.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=120))]
    history: Option<u16>,
    /// Make only this board (repeat for several).
    #[arg(long = "board", value_name = "ID")]
    boards: Vec<String>,
    /// The output format.
    #[arg(long, default_value = "table",
          value_parser = PossibleValuesParser::new(Format::NAMES).map(|name| name.parse::<Format>().unwrap_or_default()))]
    format: Format,
    /// Write the output to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Skip malformed rows and report them instead of stopping at the first.
    #[arg(long)]
    lenient: bool,
    /// Write the data-quality report to this file, as JSON.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Exit 1 when there is any warning (for pipelines that publish without a look).
    #[arg(long)]
    strict: bool,
    /// List every ranked place, not only those within each board's `top`.
    #[arg(long)]
    all: bool,
    /// Write a UTF-8 byte-order mark first, so that Excel opens the CSV as UTF-8.
    #[arg(long)]
    bom: bool,
    /// Rank the rows the queries of `livability sql` returned, one CSV per record source
    /// in this folder (DIR/<source>.csv), instead of the records' files.
    #[arg(long, value_name = "DIR")]
    sql_results: Option<PathBuf>,
    /// With --format html: show each ranked place's exact best and worst rank over weights
    /// within ±25 % of the spec's (see `livability robustness`).
    #[arg(long)]
    robustness: bool,
    /// Also write a PNG picture of each board and of the newsletter into this folder, at
    /// phone width and at 2× (BOARD.png, BOARD@2x.png, newsletter.png, newsletter@2x.png).
    #[arg(long, value_name = "DIR")]
    png: Option<PathBuf>,
    #[command(flatten)]
    conventions: Conventions,
}

/// Ranks, says on stderr what became of each source's records, and writes the boards.
pub fn run(args: Args) -> Result<(), Failure> {
    if args.robustness && args.format != Format::Html {
        return Err(Failure::usage(
            "--robustness shows rank bounds on the report page: use it with --format html",
        ));
    }
    if !args.format.is_text() && args.out.is_none() {
        return Err(Failure::usage(format!(
            "--format {} writes a binary file: give --out FILE",
            args.format
        )));
    }
    let mut spec = Spec::from_path(&args.spec)?;
    if let Some(dir) = args.sql_results {
        spec = spec.sql_results(dir)?;
    }
    let mut options = Options::new().lenient(args.lenient).every_place(args.all);
    if let Some(months) = args.rolling {
        options = options.rolling(months);
    }
    if let Some(periods) = args.history {
        options = options.history(usize::from(periods));
    }
    let options = choose(options, args.period, args.boards);
    let (mut rankings, analysis) = if args.robustness {
        let analysis = RobustnessOptions::new();
        let (rankings, robustness) = livability::robustness(&spec, &options, &analysis)?;
        (rankings, Some(robustness))
    } else {
        (livability::rank(&spec, &options)?, None)
    };
    args.conventions.apply(&mut rankings);
    let quality = &rankings.quality;
    for source in &quality.sources {
        eprintln!("{}", source.summary());
    }
    warnings_and_notes(&quality.warnings, &quality.notes);
    if let Some(report) = &args.report {
        write_output(Some(report), |writer| {
            serde_json::to_writer_pretty(&mut *writer, quality)?;
            writeln!(writer)
        })?;
    }
    if let Some(folder) = &args.png {
        let options = crate::pictures::options(&rankings);
        write_pictures(&rankings, folder, &options)?;
    }
    let (format, bom) = (args.format, args.bom);
    write_output(args.out.as_deref(), |writer| match &analysis {
        Some(analysis) => {
            let intervals = analysis.rank_intervals();
            rankings.html_report().intervals(&intervals).render(writer)
        }
        None if bom => rankings.render_for_excel(format, writer),
        None => rankings.render(format, writer),
    })?;
    let warned = quality.warnings.len();
    // The process ends next: the OS takes the boards' memory back at once, where freeing
    // each place's entry, score and explanation one by one would keep one core busy for
    // milliseconds after the output is written.
    std::mem::forget(rankings);
    strictly(args.strict, warned)
}
