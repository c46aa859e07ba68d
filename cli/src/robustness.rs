//! `livability robustness`: how sure each board is.

use std::path::PathBuf;

use livability::{Decimal, Options, Period, Spec, analysis::RobustnessOptions};

use crate::failure::Failure;
use crate::options::{AnalysisOutput, choose};
use crate::output::write_output;
use crate::warnings::{skipped_rows, warnings_and_notes};

/// The arguments of `robustness`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec file (spec.toml).
    spec: PathBuf,
    /// The period to rank (YYYY-MM, YYYY-Wnn, YYYY-Qn, YYYY, YYYY-YTD-MM or YYYY-MM..YYYY-MM)
    /// instead of the spec's.
    #[arg(long)]
    period: Option<Period>,
    /// Analyse only this board (repeat for several).
    #[arg(long = "board", value_name = "ID")]
    boards: Vec<String>,
    /// How far each weight may move, in percent of itself (0 to below 100).
    #[arg(long, default_value = "25%", value_parser = percent)]
    weights: Decimal,
    /// How many Monte Carlo draws.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    runs: u32,
    /// The generator's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Let each draw also pick the normalization (min-max, z-score or rank) of relative
    /// indicators.
    #[arg(long)]
    normalizations: bool,
    #[command(flatten)]
    output: AnalysisOutput,
}

/// Ranks, analyses each board, and writes the analysis.
pub fn run(args: Args) -> Result<(), Failure> {
    let spec = Spec::from_path(&args.spec)?;
    let options = choose(
        Options::new().lenient(args.output.lenient),
        args.period,
        args.boards,
    );
    let analysis = RobustnessOptions::new()
        .weights_percent(args.weights)
        .runs(args.runs)
        .seed(args.seed)
        .normalizations(args.normalizations);
    let (rankings, mut robustness) = livability::robustness(&spec, &options, &analysis)?;
    if let Some(language) = args.output.lang {
        robustness.language = language;
    }
    skipped_rows(&rankings.quality);
    warnings_and_notes(&rankings.quality.warnings, &[]);
    write_output(args.output.out.as_deref(), |writer| {
        robustness.render(args.output.format, writer)
    })
}

/// A percentage from 0 to below 100, with or without its sign: `25%`, `12.5`.
fn percent(text: &str) -> Result<Decimal, String> {
    let number = text.trim().trim_end_matches('%').trim();
    let percent = Decimal::from_str_exact(number)
        .map_err(|_| format!("cannot read \"{text}\" as a percentage"))?;
    if percent.is_sign_negative() || percent >= Decimal::ONE_HUNDRED {
        return Err(format!("\"{text}\" is not from 0 to below 100 %"));
    }
    Ok(percent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_from_0_to_below_100() {
        assert_eq!(percent("25%"), Ok(Decimal::from(25)));
        assert_eq!(
            percent(" 12.5 "),
            Decimal::from_str_exact("12.5").map_err(|_| String::new())
        );
        assert!(percent("100%").is_err());
        assert!(percent("-5").is_err());
        assert!(percent("much").is_err());
    }
}
