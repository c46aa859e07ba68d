//! Scoring and ranking many places: `rank/10k` and `rank/100k` feed a board of three
//! indicators from memory (values drawn from a small set, so ties are common) and make the
//! board; `render/newsletter` renders it.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use livability::{Format, Gazetteer, Options, Place, PlaceKind, Ranker, Spec, TableRow};
use rust_decimal::Decimal;

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

criterion_group!(benches, rank, render);
criterion_main!(benches);
