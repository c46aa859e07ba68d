//! The `livability` command: argument parsing, one library call per subcommand, and errors
//! turned into one line on stderr with an exit code (1 bad data or spec, 2 bad usage).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use clap::{Parser, Subcommand};
use livability::{
    ErrorKind, Format, Options, Period, Spec, analysis::RobustnessOptions, generate::CityOptions,
    generate::IdForm, render::AnalysisFormat,
};

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
    Rank {
        /// The spec file (spec.toml).
        spec: PathBuf,
        /// The period to rank (YYYY-MM, YYYY-Qn or YYYY) instead of the spec's.
        #[arg(long)]
        period: Option<Period>,
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
    },
    /// Write the queries that compute the spec's indicators in a warehouse's engine, and the
    /// places table they join against.
    Sql {
        /// The spec file (spec.toml).
        spec: PathBuf,
        /// The engine's dialect: spark, duckdb, postgres or sqlite.
        #[arg(long)]
        dialect: String,
        /// The period to rank (YYYY-MM, YYYY-Qn or YYYY) instead of the spec's.
        #[arg(long)]
        period: Option<Period>,
        /// Write DIR/<source>.sql, DIR/livability_places.csv and DIR/livability_places.sql
        /// instead of printing the places table and the queries.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Write a synthetic city (places, a month of the four sources, a spec) into a folder.
    Generate {
        /// How many neighborhoods.
        #[arg(long, default_value_t = 6000)]
        neighborhoods: usize,
        /// How many roads.
        #[arg(long, default_value_t = 3000)]
        roads: usize,
        /// How many records, over the four sources.
        #[arg(long, default_value_t = 3_300_000)]
        records: usize,
        /// The seed: the same seed and sizes give the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How the records' ids are written.
        #[arg(long, default_value = "plain",
              value_parser = PossibleValuesParser::new(IdForm::NAMES).map(|name| name.parse::<IdForm>().unwrap_or_default()))]
        ids: IdForm,
        /// The share of hotline, police and grid records placed only by an address (0 to 1).
        #[arg(long, default_value = "0.1", value_parser = per_mille)]
        address_share: u16,
        /// The share of rows that repeat a recent row, as overlapping exports do (0 to 1).
        #[arg(long, default_value = "0.005", value_parser = per_mille)]
        repeat_share: u16,
        /// The folder to write into (created if needed).
        folder: PathBuf,
    },
    /// Say how sure each board is: exact rank bounds over a box of weights, a seeded Monte
    /// Carlo over it, and each place's rank with each indicator left out.
    Robustness {
        /// The spec file (spec.toml).
        spec: PathBuf,
        /// The period to rank (YYYY-MM, YYYY-Qn or YYYY) instead of the spec's.
        #[arg(long)]
        period: Option<Period>,
        /// Analyse only this board (repeat for several).
        #[arg(long = "board", value_name = "ID")]
        boards: Vec<String>,
        /// How far each weight may move, in percent of itself (0 to below 100).
        #[arg(long, default_value = "25%", value_parser = percent)]
        weights: livability::Decimal,
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
        /// The output format.
        #[arg(long, default_value = "table",
              value_parser = PossibleValuesParser::new(AnalysisFormat::NAMES).map(|name| name.parse::<AnalysisFormat>().unwrap_or_default()))]
        format: AnalysisFormat,
        /// Write the output to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Skip malformed rows and report them instead of stopping at the first, as `rank`.
        #[arg(long)]
        lenient: bool,
    },
    /// Explain one place on one board: its score tree, its change since the previous period
    /// split by indicator, the places it passed or that passed it, and every record counted.
    Explain {
        /// The spec file (spec.toml).
        spec: PathBuf,
        /// The board.
        #[arg(long, value_name = "ID")]
        board: String,
        /// The place: its name, an alias or its id.
        #[arg(long, value_name = "NAME")]
        place: String,
        /// The period to rank (YYYY-MM, YYYY-Qn or YYYY) instead of the spec's.
        #[arg(long)]
        period: Option<Period>,
        /// The output format (CSV lists the records).
        #[arg(long, default_value = "table",
              value_parser = PossibleValuesParser::new(AnalysisFormat::NAMES).map(|name| name.parse::<AnalysisFormat>().unwrap_or_default()))]
        format: AnalysisFormat,
        /// Write the output to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Skip malformed rows and report them instead of stopping at the first, as `rank`.
        #[arg(long)]
        lenient: bool,
    },
    /// Write a starter spec.toml for the exports (CSV or workbooks) in a folder, recognized by
    /// their headers; never over an existing spec.
    Init {
        /// The folder of exports.
        folder: PathBuf,
    },
    /// Read every source and print the data-quality report; exit 1 if any row is malformed.
    Check {
        /// The spec file (spec.toml).
        spec: PathBuf,
        /// The period to check (YYYY-MM, YYYY-Qn or YYYY) instead of the spec's.
        #[arg(long)]
        period: Option<Period>,
        /// Exit 1 when there is any warning, as for a malformed row.
        #[arg(long)]
        strict: bool,
    },
}

/// A failure: the message for stderr and the exit code.
struct Failure {
    message: String,
    code: u8,
}

impl From<livability::Error> for Failure {
    fn from(error: livability::Error) -> Failure {
        let code = match error.kind() {
            ErrorKind::UnknownBoard { .. } | ErrorKind::UnknownDialect { .. } => 2,
            _ => 1,
        };
        Failure {
            message: error.to_string(),
            code,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Rank {
            spec,
            period,
            boards,
            format,
            out,
            lenient,
            report,
            strict,
            all,
            bom,
            sql_results,
            robustness,
        } => {
            if robustness && format != Format::Html {
                return Err(Failure {
                    message: "--robustness shows rank bounds on the report page: use it with --format html".to_owned(),
                    code: 2,
                });
            }
            if !format.is_text() && out.is_none() {
                return Err(Failure {
                    message: format!("--format {format} writes a binary file: give --out FILE"),
                    code: 2,
                });
            }
            let mut spec = Spec::from_path(&spec)?;
            if let Some(dir) = sql_results {
                spec = spec.sql_results(dir)?;
            }
            let options = choose(
                Options::new().lenient(lenient).every_place(all),
                period,
                boards,
            );
            let (rankings, analysis) = if robustness {
                let analysis = RobustnessOptions::new();
                let (rankings, robustness) = livability::robustness(&spec, &options, &analysis)?;
                (rankings, Some(robustness))
            } else {
                (livability::rank(&spec, &options)?, None)
            };
            for source in &rankings.quality.sources {
                eprintln!("{}", source.summary());
            }
            for warning in &rankings.quality.warnings {
                eprintln!("warning: {warning}");
            }
            for note in &rankings.quality.notes {
                eprintln!("note: {note}");
            }
            if let Some(report) = report {
                write_output(Some(report), |writer| {
                    serde_json::to_writer_pretty(&mut *writer, &rankings.quality)?;
                    writeln!(writer)
                })?;
            }
            write_output(out, |writer| match &analysis {
                Some(analysis) => {
                    let intervals = analysis.rank_intervals();
                    rankings.html_report().intervals(&intervals).render(writer)
                }
                None if bom => rankings.render_for_excel(format, writer),
                None => rankings.render(format, writer),
            })?;
            strictly(strict, rankings.quality.warnings.len())
        }
        Command::Sql {
            spec,
            dialect,
            period,
            out,
        } => {
            let dialect = dialect.parse::<livability::sql::Dialect>()?;
            let spec = Spec::from_path(&spec)?;
            let plan = livability::sql::sql(&spec, dialect, period)?;
            match out {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).map_err(|error| Failure {
                        message: format!("{}: cannot create: {error}", dir.display()),
                        code: 1,
                    })?;
                    let mut files = vec![
                        (
                            format!("{}.csv", livability::sql::PLACES_TABLE),
                            plan.places_csv(),
                        ),
                        (
                            format!("{}.sql", livability::sql::PLACES_TABLE),
                            plan.places_sql(),
                        ),
                    ];
                    for query in &plan.queries {
                        files.push((format!("{}.sql", query.source), query.sql.clone()));
                    }
                    for (name, text) in files {
                        write_output(Some(dir.join(name)), |writer| {
                            writer.write_all(text.as_bytes())
                        })?;
                    }
                    Ok(())
                }
                None => write_output(None, |writer| {
                    writer.write_all(plan.places_sql().as_bytes())?;
                    for query in &plan.queries {
                        writeln!(writer)?;
                        writer.write_all(query.sql.as_bytes())?;
                    }
                    Ok(())
                }),
            }
        }
        Command::Generate {
            neighborhoods,
            roads,
            records,
            seed,
            ids,
            address_share,
            repeat_share,
            folder,
        } => {
            let options = CityOptions::new(neighborhoods, roads, records)
                .seed(seed)
                .ids(ids)
                .address_per_mille(address_share)
                .repeat_per_mille(repeat_share);
            let city = livability::generate::generate_city(&options, &folder)?;
            eprintln!(
                "wrote {} records ({} bytes of sources) and {}",
                city.records,
                city.bytes,
                city.spec.display()
            );
            Ok(())
        }
        Command::Robustness {
            spec,
            period,
            boards,
            weights,
            runs,
            seed,
            normalizations,
            format,
            out,
            lenient,
        } => {
            let spec = Spec::from_path(&spec)?;
            let options = choose(Options::new().lenient(lenient), period, boards);
            let analysis = RobustnessOptions::new()
                .weights_percent(weights)
                .runs(runs)
                .seed(seed)
                .normalizations(normalizations);
            let (rankings, robustness) = livability::robustness(&spec, &options, &analysis)?;
            skipped_rows(&rankings.quality);
            for warning in &rankings.quality.warnings {
                eprintln!("warning: {warning}");
            }
            write_output(out, |writer| robustness.render(format, writer))
        }
        Command::Explain {
            spec,
            board,
            place,
            period,
            format,
            out,
            lenient,
        } => {
            let spec = Spec::from_path(&spec)?;
            let options = choose(Options::new().lenient(lenient), period, Vec::new());
            let (rankings, explanation) = livability::explain(&spec, &options, &board, &place)?;
            skipped_rows(&rankings.quality);
            write_output(out, |writer| explanation.render(format, writer))
        }
        Command::Init { folder } => {
            let starter = livability::init::init(&folder)?;
            let path = folder.join("spec.toml");
            let shown = path.display().to_string();
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|error| Failure {
                    message: if error.kind() == io::ErrorKind::AlreadyExists {
                        format!("{shown}: a spec is there already: move it away, or edit it")
                    } else {
                        format!("{shown}: cannot write: {error}")
                    },
                    code: 1,
                })?;
            file.write_all(starter.spec.as_bytes())
                .map_err(|error| Failure {
                    message: format!("{shown}: cannot write: {error}"),
                    code: 1,
                })?;
            for found in &starter.recognized {
                let what = match (&found.role, &found.source) {
                    (livability::init::Role::Places, _) => "the places".to_owned(),
                    (livability::init::Role::PlaceList(kind), _) => {
                        format!("a list of places of kind {kind}")
                    }
                    (_, Some(source)) => format!("source '{source}'"),
                    (role, None) => format!("{role:?}"),
                };
                eprintln!("{}: {what}", found.file);
            }
            for file in &starter.unrecognized {
                eprintln!("{}: not placed: {}", file.file, file.why);
            }
            for why in &starter.left_out {
                eprintln!("left out (as a comment): {why}");
            }
            eprintln!("wrote {shown}");
            Ok(())
        }
        Command::Check {
            spec,
            period,
            strict,
        } => {
            let spec = Spec::from_path(&spec)?;
            let options = choose(Options::new(), period, Vec::new());
            let report = livability::check(&spec, &options)?;
            write_output(None, |writer| writer.write_all(report.to_text().as_bytes()))?;
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            if report.has_errors() {
                return Err(Failure {
                    message: "some rows are malformed (listed as rejected above)".to_owned(),
                    code: 1,
                });
            }
            strictly(strict, report.warnings.len())
        }
    }
}

/// A progress bar for long reads, drawn on stderr only when it is a terminal, and only once
/// a read has taken a second: short runs and pipelines see nothing.
fn progress_bar() -> impl Fn(livability::Progress) + Send + Sync + 'static {
    use std::io::IsTerminal as _;
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};
    let terminal = io::stderr().is_terminal();
    let started = Instant::now();
    let bar: OnceLock<indicatif::ProgressBar> = OnceLock::new();
    move |progress: livability::Progress| {
        if !terminal {
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

/// `options` with the period and boards asked for, and a progress bar for long reads.
fn choose(options: Options, period: Option<Period>, boards: Vec<String>) -> Options {
    let options = match period {
        Some(period) => options.period(period),
        None => options,
    };
    boards
        .into_iter()
        .fold(options, Options::board)
        .progress(progress_bar())
}

/// Under `--lenient`, says on stderr which malformed rows were skipped: an analysis never
/// leaves them out silently.
fn skipped_rows(quality: &livability::quality::QualityReport) {
    for source in &quality.sources {
        for row in &source.rejected_rows {
            eprintln!("skipped: {}", row.error());
        }
    }
}

/// Under `--strict`, warnings are a failure.
fn strictly(strict: bool, warnings: usize) -> Result<(), Failure> {
    if strict && warnings > 0 {
        let plural = if warnings == 1 { "" } else { "s" };
        return Err(Failure {
            message: format!("{warnings} warning{plural} (listed above), and --strict"),
            code: 1,
        });
    }
    Ok(())
}

/// A share from 0 to 1 with at most three decimals (`0.1`, `0.005`), as per mille.
fn per_mille(text: &str) -> Result<u16, String> {
    use rust_decimal::prelude::ToPrimitive as _;
    let share = livability::Decimal::from_str_exact(text.trim())
        .map_err(|_| format!("cannot read \"{text}\" as a share from 0 to 1"))?;
    let per_mille = (share >= livability::Decimal::ZERO && share <= livability::Decimal::ONE)
        .then(|| share * livability::Decimal::from(1000))
        .filter(|per_mille| per_mille.fract().is_zero())
        .and_then(|per_mille| per_mille.to_u16());
    per_mille.ok_or_else(|| format!("\"{text}\" is not a share from 0 to 1 in steps of 0.001"))
}

/// A percentage from 0 to below 100, with or without its sign: `25%`, `12.5`.
fn percent(text: &str) -> Result<livability::Decimal, String> {
    let number = text.trim().trim_end_matches('%').trim();
    let percent = livability::Decimal::from_str_exact(number)
        .map_err(|_| format!("cannot read \"{text}\" as a percentage"))?;
    if percent.is_sign_negative() || percent >= livability::Decimal::ONE_HUNDRED {
        return Err(format!("\"{text}\" is not from 0 to below 100 %"));
    }
    Ok(percent)
}

/// Writes to the file `out`, or to stdout.
fn write_output(
    out: Option<PathBuf>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    let failure = |path: &str, error: io::Error| Failure {
        message: format!("{path}: cannot write: {error}"),
        code: 1,
    };
    match out {
        Some(path) => {
            let shown = path.display().to_string();
            let file = File::create(&path).map_err(|error| failure(&shown, error))?;
            let mut writer = BufWriter::new(file);
            write(&mut writer)
                .and_then(|()| writer.flush())
                .map_err(|error| failure(&shown, error))
        }
        None => {
            let stdout = io::stdout();
            let mut writer = BufWriter::new(stdout.lock());
            match write(&mut writer).and_then(|()| writer.flush()) {
                // A closed pipe (`| head`) is not an error of ours.
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                result => result.map_err(|error| failure("stdout", error)),
            }
        }
    }
}
