//! The z-score board of `robustness/6k-zscore` (benches/rank.rs) and of
//! `examples/robustness_city.rs`, built in one place so that the bench and the example time the
//! same board: N neighborhoods and five indicators, one of each relative normalization and a
//! z-score among them. Included by both with `#[path]`, so the library's API stays as it is.

use livability::input::TableRow;
use livability::places::{Gazetteer, Place, PlaceKind};
use rust_decimal::Decimal;

/// Five indicators, one of each relative normalization and a z-score among them (`none`,
/// min-max, rank, z-score, min-max; weights 30/20/15/20/15).
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

/// `n` neighborhoods (`N0` …, named 天山0村 …) and their five values for the period 2018-11,
/// drawn from a fixed seed: the same board on every run.
pub fn city(n: usize) -> Result<(Gazetteer, Vec<TableRow>), Box<dyn std::error::Error>> {
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
    let mut rows = Vec::with_capacity(n * 5);
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
            rows.push(TableRow::new(period, &place, indicator, value));
        }
    }
    Ok((gazetteer, rows))
}
