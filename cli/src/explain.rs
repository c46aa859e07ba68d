//! `livability explain`: one place on one board, explained.

use std::path::PathBuf;

use livability::{Options, Period, Spec};

use crate::failure::Failure;
use crate::options::{AnalysisOutput, choose};
use crate::output::write_output;
use crate::warnings::skipped_rows;

/// The arguments of `explain`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec file (spec.toml).
    spec: PathBuf,
    /// The board.
    #[arg(long, value_name = "ID")]
    board: String,
    /// The place: its name, an alias or its id.
    #[arg(long, value_name = "NAME")]
    place: String,
    /// The period to rank (YYYY-MM, YYYY-Wnn, YYYY-Qn, YYYY, YYYY-YTD-MM or YYYY-MM..YYYY-MM)
    /// instead of the spec's.
    #[arg(long)]
    period: Option<Period>,
    #[command(flatten)]
    output: AnalysisOutput,
}

/// Ranks, explains the place, and writes the explanation.
pub fn run(args: Args) -> Result<(), Failure> {
    let spec = Spec::from_path(&args.spec)?;
    let options = choose(
        Options::new().lenient(args.output.lenient),
        args.period,
        Vec::new(),
    );
    let (rankings, mut explanation) =
        livability::explain(&spec, &options, &args.board, &args.place)?;
    if let Some(language) = args.output.lang {
        explanation.language = language;
    }
    skipped_rows(&rankings.quality);
    write_output(args.output.out.as_deref(), |writer| {
        explanation.render(args.output.format, writer)
    })
}
