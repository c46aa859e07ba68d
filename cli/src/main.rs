//! The `livability` command: arguments parsed by clap, one library call per subcommand (a
//! file each), the files it writes written whole or not at all ([`output`]), and every
//! failure one line on stderr with one exit code for its class ([`failure`]): 1 for what the
//! library refused (bad data, a bad spec, an unknown board) or a file that could not be
//! written, 2 for bad usage.

#![forbid(unsafe_code)]

mod bulletin;
mod check;
mod explain;
mod failure;
mod generate;
mod init;
mod options;
mod output;
mod pictures;
mod progress;
mod rank;
mod robustness;
mod sql;
mod warnings;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Monthly livability rankings (宜居指数排行榜) of a district's roads and neighborhoods.
#[derive(Parser)]
#[command(name = "livability", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rank the places and print the boards.
    Rank(rank::Args),
    /// Write the queries that compute the spec's indicators in a warehouse's engine, and the
    /// places table they join against.
    Sql(sql::Args),
    /// Write a synthetic city (places, a month of the four sources, a spec) into a folder.
    Generate(generate::Args),
    /// Say how sure each board is: exact rank bounds over a box of weights, a seeded Monte
    /// Carlo over it, and each place's rank with each indicator left out.
    Robustness(robustness::Args),
    /// Explain one place on one board: its score tree, its change since the previous period
    /// split by indicator, the places it passed or that passed it, and every record counted.
    Explain(explain::Args),
    /// Write a starter spec.toml for the exports (CSV or workbooks) in a folder, recognized by
    /// their headers; never over an existing spec.
    Init(init::Args),
    /// Read every source and print the data-quality report; exit 1 if any row is malformed.
    Check(check::Args),
    /// Write the month's 通报 (bulletin) as a Word document (.docx), from the spec, the boards
    /// and a template.
    Bulletin(bulletin::Args),
}

fn main() -> ExitCode {
    // A usage error (a missing or unknown argument, a bad value) exits 2 from clap itself.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Rank(args) => rank::run(args),
        Command::Sql(args) => sql::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Robustness(args) => robustness::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Init(args) => init::run(args),
        Command::Check(args) => check::run(args),
        Command::Bulletin(args) => bulletin::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
