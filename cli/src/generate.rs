//! `livability generate`: a synthetic city written into a folder.

use std::path::{Path, PathBuf};

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use livability::Decimal;
use livability::generate::{CityOptions, IdForm};
use rust_decimal::prelude::ToPrimitive as _;

use crate::failure::Failure;

/// The arguments of `generate`.
#[derive(clap::Args)]
pub struct Args {
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
    /// How many months the records span, ending with November 2018 (12: a year, for
    /// `rank --history 12`).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=120))]
    months: u8,
    /// How many streets (街道): 0, a city without a hierarchy, by default. With streets,
    /// places.csv names every place's parent, records name places at several levels (some
    /// only a community, some only a street) and the spec ranks the streets.
    #[arg(long, default_value_t = 0)]
    streets: usize,
    /// How many communities (社区) each street has; the neighborhoods are shared out among
    /// them in order.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    communities_per_street: u16,
    /// How many grid cells (网格) each community has.
    #[arg(long, default_value_t = 1)]
    grids_per_community: usize,
    /// How many units handle the hotline's tickets (承办单位), in three systems (市政, 城管,
    /// 物业) in turn: every ticket then names one, and the spec ranks them.
    #[arg(long, default_value_t = 0)]
    handlers: usize,
    /// The folder to write into (created if needed).
    folder: PathBuf,
}

/// Generates the city into a temporary folder inside `folder`, then renames each file into
/// place (the spec last): every file is whole or not there, and a failed run leaves the
/// folder's previous files as they were.
pub fn run(args: Args) -> Result<(), Failure> {
    let options = CityOptions::new(args.neighborhoods, args.roads, args.records)
        .seed(args.seed)
        .ids(args.ids)
        .address_per_mille(args.address_share)
        .repeat_per_mille(args.repeat_share)
        .months(args.months)
        .streets(args.streets, args.communities_per_street.into())
        .grids_per_community(args.grids_per_community)
        .handlers(args.handlers);
    let folder = &args.folder;
    let cannot = |what: &str, path: &Path, error: std::io::Error| {
        Failure::failed(format!("{}: cannot {what}: {error}", path.display()))
    };
    std::fs::create_dir_all(folder).map_err(|error| cannot("create", folder, error))?;
    let scratch = Scratch::new(folder).map_err(|error| cannot("write", folder, error))?;
    let city = livability::generate::generate_city(&options, &scratch.path)?;
    let read = |error| cannot("read", &scratch.path, error);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&scratch.path).map_err(read)? {
        names.push(entry.map_err(read)?.file_name());
    }
    // The spec last: a folder with the new spec has every new source.
    names.sort_by_key(|name| name == "spec.toml");
    for name in names {
        let to = folder.join(&name);
        std::fs::rename(scratch.path.join(&name), &to)
            .map_err(|error| cannot("write", &to, error))?;
    }
    let spec = city
        .spec
        .file_name()
        .map_or_else(|| folder.join("spec.toml"), |name| folder.join(name));
    eprintln!(
        "wrote {} records ({} bytes of sources) and {}",
        city.records,
        city.bytes,
        spec.display()
    );
    Ok(())
}

/// A folder `.livability-generate.PID` inside the folder written to, removed with what is
/// left in it when dropped.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// A new folder in `folder` (one left by a killed run is removed first).
    fn new(folder: &Path) -> std::io::Result<Scratch> {
        let path = folder.join(format!(".livability-generate.{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir(&path)?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // What cannot be removed stays; the run's own error says what failed.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A share from 0 to 1 with at most three decimals (`0.1`, `0.005`), as per mille.
fn per_mille(text: &str) -> Result<u16, String> {
    let share = Decimal::from_str_exact(text.trim())
        .map_err(|_| format!("cannot read \"{text}\" as a share from 0 to 1"))?;
    let per_mille = (share >= Decimal::ZERO && share <= Decimal::ONE)
        .then(|| share * Decimal::from(1000))
        .filter(|per_mille| per_mille.fract().is_zero())
        .and_then(|per_mille| per_mille.to_u16());
    per_mille.ok_or_else(|| format!("\"{text}\" is not a share from 0 to 1 in steps of 0.001"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_exact_per_mille() {
        assert_eq!(per_mille("0.1"), Ok(100));
        assert_eq!(per_mille("0.005"), Ok(5));
        assert_eq!(per_mille("1"), Ok(1000));
        assert!(per_mille("0.0005").is_err());
        assert!(per_mille("1.5").is_err());
        assert!(per_mille("-0.1").is_err());
        assert!(per_mille("a tenth").is_err());
    }
}
