//! Scoring and ranking many places: `rank/10k` and `rank/100k` feed a board of three
//! indicators from memory (values drawn from a small set, so ties are common) and make the
//! board; `render/newsletter` renders it. `scheme/9k` makes a board of an assessment scheme
//! over 9,000 places (three dimensions, one nested, a curve, goalposts and bands, a capped
//! deduction, a veto and grades) beside `scheme/9k-flat`, the same values as one flat mean:
//! the difference is what the scheme's scoring tail costs. `robustness/9k` makes the board
//! of `rank` over 9,000 places and analyses it: exact rank bounds over ±25 % of each weight,
//! 1,000 Monte Carlo draws and each indicator left out, all from the normalized values in
//! memory (`rank/9k` beside it is the board alone). `robustness/6k-zscore` does the same for
//! 6,000 neighborhoods and five indicators, one of them a z-score (whose values are 40-digit
//! rationals), the board of `examples/robustness_city.rs`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use livability::input::TableRow;
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Format, Options, Ranker, Spec, analysis::RobustnessOptions};
use rust_decimal::Decimal;

/// The z-score board, shared with `examples/robustness_city.rs`.
#[path = "common/zscore_city.rs"]
mod zscore_city;

const SPEC: &str = r#"
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
weight = 50
[[boards.indicators]]
id = "complaints"
source = "t"
measure = "value"
better = "lower"
normalize = "min-max"
weight = 30
[[boards.indicators]]
id = "incidents"
source = "t"
measure = "value"
better = "lower"
normalize = "rank"
weight = 20
"#;

/// `n` neighborhoods and their rows: deterministic pseudo-random values with many ties.
fn city(n: usize) -> (Gazetteer, Vec<TableRow>) {
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
    }))
    .unwrap();
    let period = "2018-11".parse().unwrap();
    let mut rows = Vec::with_capacity(n * 3);
    for i in 0..n {
        let place = format!("N{i}");
        rows.push(TableRow::new(
            period,
            &place,
            "sanitation",
            Decimal::new(900 + next(101) as i64, 1),
        ));
        rows.push(TableRow::new(
            period,
            &place,
            "complaints",
            Decimal::new(next(50) as i64, 1),
        ));
        rows.push(TableRow::new(
            period,
            &place,
            "incidents",
            Decimal::from(next(8)),
        ));
    }
    (gazetteer, rows)
}

fn rank(c: &mut Criterion) {
    let spec = Spec::from_toml_str(SPEC, "bench.toml").unwrap();
    let mut group = c.benchmark_group("rank");
    group.sample_size(10);
    for n in [10_000usize, 100_000] {
        let (gazetteer, rows) = city(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{}k", n / 1000)),
            &rows,
            |b, rows| {
                b.iter(|| {
                    let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new()).unwrap();
                    for row in rows {
                        ranker.add_table_row("t", row.clone()).unwrap();
                    }
                    ranker.finish().unwrap()
                })
            },
        );
    }
    group.finish();
}

/// The scheme board of `scheme/9k`: the values of `city`, plus a fourth for the deduction
/// and the veto.
const SCHEME: &str = r#"
period = "2018-11"
[sources.t]
kind = "table"
[[boards]]
id = "b"
kind = "neighborhood"
top = 10
bottom = 10
tie_order = "pinyin"
dimensions = { "环境" = 50, "环境.卫生" = 3, "安全" = 50 }
grades = [{ name = "优秀", min = 90 }, { name = "良好", min = 80 }, { name = "合格", min = 60 }, { name = "不合格" }]
[[boards.indicators]]
id = "sanitation"
source = "t"
measure = "value"
better = "higher"
dimension = "环境.卫生"
bands = [[99, 100], [95, 90], [92, 75]]
else = 50
[[boards.indicators]]
id = "complaints"
source = "t"
measure = "value"
better = "lower"
dimension = "环境"
curve = [[0, 100], [2, 80], [5, 0]]
[[boards.indicators]]
id = "incidents"
source = "t"
measure = "value"
better = "lower"
dimension = "安全"
goalposts = [0, 8]
[[boards.indicators]]
id = "rework"
source = "t"
measure = "value"
better = "lower"
weight = 0
dimension = "安全"
[[boards.adjustments]]
id = "rework"
kind = "deduct"
indicator = "rework"
points = 0.5
cap = 3
[[boards.vetoes]]
id = "fire"
reason = "重大事故"
indicator = "rework"
at_least = 9
effect = "demote"
"#;

/// The flat board over the same values: one weighted mean of min-max values.
const FLAT: &str = r#"
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
[[boards.indicators]]
id = "complaints"
source = "t"
measure = "value"
better = "lower"
[[boards.indicators]]
id = "incidents"
source = "t"
measure = "value"
better = "lower"
[[boards.indicators]]
id = "rework"
source = "t"
measure = "value"
better = "lower"
weight = 0
"#;

fn scheme(c: &mut Criterion) {
    let (gazetteer, mut rows) = city(9_000);
    let period = "2018-11".parse().unwrap();
    for i in 0..9_000u64 {
        rows.push(TableRow::new(
            period,
            format!("N{i}"),
            "rework",
            Decimal::from(i * 7 % 11),
        ));
    }
    let mut group = c.benchmark_group("scheme");
    group.sample_size(10);
    group.throughput(Throughput::Elements(9_000));
    for (name, text) in [("9k", SCHEME), ("9k-flat", FLAT)] {
        let spec = Spec::from_toml_str(text, "bench.toml").unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(name), &rows, |b, rows| {
            b.iter(|| {
                let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new()).unwrap();
                for row in rows {
                    ranker.add_table_row("t", row.clone()).unwrap();
                }
                ranker.finish().unwrap()
            })
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let spec = Spec::from_toml_str(SPEC, "bench.toml").unwrap();
    let (gazetteer, rows) = city(10_000);
    let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new()).unwrap();
    for row in rows {
        ranker.add_table_row("t", row).unwrap();
    }
    let rankings = ranker.finish().unwrap();
    let mut group = c.benchmark_group("render");
    for format in [Format::Newsletter, Format::Json] {
        group.bench_function(format.as_str(), |b| {
            b.iter(|| rankings.to_string_as(format))
        });
    }
    group.finish();
}

fn robustness(c: &mut Criterion) {
    let spec = Spec::from_toml_str(SPEC, "bench.toml").unwrap();
    let (gazetteer, rows) = city(9_000);
    let ranker = || {
        let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new()).unwrap();
        for row in &rows {
            ranker.add_table_row("t", row.clone()).unwrap();
        }
        ranker
    };
    let mut group = c.benchmark_group("robustness");
    group.sample_size(10);
    group.throughput(Throughput::Elements(9_000));
    group.bench_function("rank/9k", |b| b.iter(|| ranker().finish().unwrap()));
    let options = RobustnessOptions::new();
    group.bench_function("9k", |b| {
        b.iter(|| ranker().finish_with_robustness(&options).unwrap())
    });
    let spec = Spec::from_toml_str(zscore_city::SPEC, "bench.toml").unwrap();
    let (gazetteer, rows) = zscore_city::city(6_000).unwrap();
    group.throughput(Throughput::Elements(6_000));
    group.bench_function("6k-zscore", |b| {
        b.iter(|| {
            let mut ranker = Ranker::new(&spec, &gazetteer, &Options::new()).unwrap();
            for row in &rows {
                ranker.add_table_row("t", row.clone()).unwrap();
            }
            ranker.finish_with_robustness(&options).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, rank, scheme, render, robustness);
criterion_main!(benches);
