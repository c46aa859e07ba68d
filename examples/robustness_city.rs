//! Times the robustness analysis of one board of N neighborhoods and five indicators, one of
//! them a z-score (`none`, min-max, rank, z-score, min-max), the board of the
//! `robustness/6k-zscore` bench, and writes the analysis as JSON to FILE, so that two builds
//! can be compared byte for byte:
//!
//! ```sh
//! /usr/bin/time -v cargo run --release --example robustness_city -- 6000 1000 /tmp/6k.json
//! ```

use std::time::Instant;

use livability::{
    Gazetteer, Options, Place, PlaceKind, Ranker, Spec, TableRow, analysis::RobustnessOptions,
    render::AnalysisFormat,
};
use rust_decimal::Decimal;

/// Five indicators, one of each relative normalization and a z-score among them.
pub const SPEC: &str = r#"
period = "2018-11"
[sources.t]
kind = "table"
[[boards]]
id = "b"
kind = "neighborhood"
top = 10
tie_order = "pinyin"
[[boards.indicators]]
id = "sanitation"
source = "t"
measure = "value"
better = "higher"
normalize = "none"
weight = 30
[[boards.indicators]]
id = "complaints"
source = "t"
measure = "value"
better = "lower"
normalize = "min-max"
weight = 20
[[boards.indicators]]
id = "incidents"
source = "t"
measure = "value"
better = "lower"
normalize = "rank"
weight = 15
[[boards.indicators]]
id = "response"
source = "t"
measure = "value"
better = "lower"
normalize = "z-score"
weight = 20
[[boards.indicators]]
id = "satisfaction"
source = "t"
measure = "value"
better = "higher"
normalize = "min-max"
weight = 15
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: robustness_city PLACES RUNS FILE";
    let mut arguments = std::env::args().skip(1);
    let n: usize = arguments.next().ok_or(usage)?.parse()?;
    let runs: u32 = arguments.next().ok_or(usage)?.parse()?;
    let out = arguments.next().ok_or(usage)?;
    let spec = Spec::from_toml_str(SPEC, "bench.toml")?;
    let mut state = 0x2018_1130_u64;
    let mut next = |range: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % range
    };
    let gazetteer = Gazetteer::new((0..n).map(|i| {
        Place::new(
            format!("N{i}"),
            PlaceKind::Neighborhood,
            format!("天山{i}村"),
        )
    }))?;
    let period = "2018-11".parse()?;
    let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new())?;
    for i in 0..n {
        let place = format!("N{i}");
        let values = [
            ("sanitation", Decimal::new(900 + next(101) as i64, 1)),
            ("complaints", Decimal::new(next(50) as i64, 1)),
            ("incidents", Decimal::from(next(8))),
            ("response", Decimal::new(next(4800) as i64 + 100, 2)),
            ("satisfaction", Decimal::new(next(1000) as i64, 1)),
        ];
        for (indicator, value) in values {
            ranker.add_table_row("t", TableRow::new(period, &place, indicator, value))?;
        }
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
