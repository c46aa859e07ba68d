//! `livability check`: the data-quality report, and exit 1 on a malformed row.

use std::path::PathBuf;

use livability::{Options, Period, Spec};

use crate::failure::Failure;
use crate::options::choose;
use crate::output::write_output;
use crate::warnings::{strictly, warnings_and_notes};

/// The arguments of `check`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec file (spec.toml).
    spec: PathBuf,
    /// The period to check (YYYY-MM, YYYY-Wnn, YYYY-Qn, YYYY, YYYY-YTD-MM or YYYY-MM..YYYY-MM)
    /// instead of the spec's.
    #[arg(long)]
    period: Option<Period>,
    /// Exit 1 when there is any warning, as for a malformed row.
    #[arg(long)]
    strict: bool,
}

/// Reads every source and prints the report.
pub fn run(args: Args) -> Result<(), Failure> {
    let spec = Spec::from_path(&args.spec)?;
    let options = choose(Options::new(), args.period, Vec::new());
    let report = livability::check(&spec, &options)?;
    write_output(None, |writer| writer.write_all(report.to_text().as_bytes()))?;
    warnings_and_notes(&report.warnings, &report.notes);
    if report.has_errors() {
        return Err(Failure::failed(
            "some rows are malformed (listed as rejected above)",
        ));
    }
    strictly(args.strict, report.warnings.len())
}
