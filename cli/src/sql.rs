//! `livability sql`: the warehouse's queries and places table, printed or written as files.

use std::path::PathBuf;

use livability::{Period, Spec, sql::Dialect};

use crate::failure::Failure;
use crate::output::write_output;

/// The arguments of `sql`.
#[derive(clap::Args)]
pub struct Args {
    /// The spec file (spec.toml).
    spec: PathBuf,
    /// The engine's dialect: spark, duckdb, postgres or sqlite.
    #[arg(long, value_parser = dialect)]
    dialect: Dialect,
    /// The period to rank (YYYY-MM, YYYY-Wnn, YYYY-Qn, YYYY, YYYY-YTD-MM or YYYY-MM..YYYY-MM)
    /// instead of the spec's.
    #[arg(long)]
    period: Option<Period>,
    /// Write DIR/<source>.sql, DIR/livability_places.csv and DIR/livability_places.sql
    /// instead of printing the places table and the queries.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// A dialect's name, read by the library (an unknown one is bad usage, as any bad value).
fn dialect(name: &str) -> Result<Dialect, String> {
    name.parse::<Dialect>().map_err(|error| error.to_string())
}

/// Writes the queries: each file in `--out` whole or not at all, or all of them on stdout.
pub fn run(args: Args) -> Result<(), Failure> {
    let spec = Spec::from_path(&args.spec)?;
    let plan = livability::sql::sql(&spec, args.dialect, args.period)?;
    let Some(dir) = args.out else {
        return write_output(None, |writer| {
            writer.write_all(plan.places_sql().as_bytes())?;
            for query in &plan.queries {
                writeln!(writer)?;
                writer.write_all(query.sql.as_bytes())?;
            }
            Ok(())
        });
    };
    std::fs::create_dir_all(&dir)
        .map_err(|error| Failure::failed(format!("{}: cannot create: {error}", dir.display())))?;
    let places = livability::sql::PLACES_TABLE;
    let mut files = vec![
        (format!("{places}.csv"), plan.places_csv()),
        (format!("{places}.sql"), plan.places_sql()),
    ];
    for query in &plan.queries {
        files.push((format!("{}.sql", query.source), query.sql.clone()));
    }
    for (name, text) in files {
        write_output(Some(&dir.join(name)), |writer| {
            writer.write_all(text.as_bytes())
        })?;
    }
    Ok(())
}
