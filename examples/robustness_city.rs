//! Times the robustness analysis of one board of N neighborhoods and five indicators, one of
//! them a z-score (`none`, min-max, rank, z-score, min-max), the board of the
//! `robustness/6k-zscore` bench, and writes the analysis as JSON to FILE, so that two builds
//! can be compared byte for byte:
//!
//! ```sh
//! /usr/bin/time -v cargo run --release --example robustness_city -- 6000 1000 /tmp/6k.json
//! ```

use std::time::Instant;

use livability::{Options, Ranker, Spec, analysis::RobustnessOptions, render::AnalysisFormat};

/// The board, shared with the `robustness/6k-zscore` bench.
#[path = "../benches/common/zscore_city.rs"]
mod zscore_city;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: robustness_city PLACES RUNS FILE";
    let mut arguments = std::env::args().skip(1);
    let n: usize = arguments.next().ok_or(usage)?.parse()?;
    let runs: u32 = arguments.next().ok_or(usage)?.parse()?;
    let out = arguments.next().ok_or(usage)?;
    let spec = Spec::from_toml_str(zscore_city::SPEC, "bench.toml")?;
    let (gazetteer, rows) = zscore_city::city(n)?;
    let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new())?;
    for row in rows {
        ranker.add_table_row("t", row)?;
    }
    let start = Instant::now();
    let (_, robustness) = ranker.finish_with_robustness(&RobustnessOptions::new().runs(runs))?;
    eprintln!(
        "{n} places, {runs} runs: {:.2} s",
        start.elapsed().as_secs_f64()
    );
    std::fs::write(out, robustness.to_string_as(AnalysisFormat::Json))?;
    Ok(())
}
