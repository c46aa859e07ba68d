//! Reading, resolving and measuring raw records, and the whole run on a generated city.
//!
//! - `read/<kind>` (MB/s) and `read_records/<kind>` (records/s): one source file of a generated
//!   city read into a ranker with the city's three boards; `hotline-gb18030`: the hotline
//!   export in GB18030, as Excel on Chinese Windows writes it.
//! - `resolve/column` and `resolve/address`: 100,000 hotline tickets from memory, placed by
//!   their neighborhood column or only by an address (longest match among 6,000 names).
//! - `measure/<measure>`: the same tickets counted, as a rate, a share and a mean.
//! - `end_to_end/city`: `livability::rank` on a city of 330,000 records (a tenth of a city
//!   month; the full month is measured with hyperfine, see BENCHMARKS.md).
//! - `ids/<form>`: the same run on the same city with its ids written in each form exports use
//!   (`H1`, `H000000001`, `12345-2018-0000001`, UUIDs, the four in turn), no repeated row and
//!   no record placed by address: what the table of repeated ids costs for each.
//!
//! - `deadlines/city`: the same city month with deadlines: the hotline's by ticket type, the
//!   grid's by category, in working days and working hours, and an on-time rate on two
//!   boards; beside `end_to_end/city`, what judging every ticket against its deadline costs.
//!
//! The city is generated once, under the target directory.

use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use livability::input::Encoding;
use livability::places::Gazetteer;
use livability::{
    Options, Ranker, Spec, generate::CityOptions, generate::IdForm, generate::generate_city,
};

/// A city of `records` records (600 neighborhoods per 33,000), generated once.
fn city(records: usize) -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(format!("bench-city-{records}"));
    if !folder.join("spec.toml").exists() {
        let scale = records / 33_000;
        let options = CityOptions::new(60 * scale.max(1), 30 * scale.max(1), records);
        generate_city(&options, &folder).unwrap();
    }
    folder
}

fn read(c: &mut Criterion) {
    let folder = city(330_000);
    let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
    let gb18030 = gb18030_hotline(&folder);
    let places = Gazetteer::from_path(folder.join("places.csv"), Encoding::Auto).unwrap();
    // (bench, spec, source, its file)
    let files = [
        ("hotline", &spec, "hotline", "hotline.csv"),
        ("grid", &spec, "grid", "grid.csv"),
        ("police", &spec, "police", "police.csv"),
        ("sanitation", &spec, "sanitation", "sanitation.csv"),
        (
            "hotline-gb18030",
            &gb18030,
            "hotline",
            "hotline-gb18030.csv",
        ),
    ];
    for (group_name, by_bytes) in [("read", true), ("read_records", false)] {
        let mut group = c.benchmark_group(group_name);
        group.sample_size(10);
        for (name, spec, source, file) in files {
            let text = std::fs::read(folder.join(file)).unwrap();
            group.throughput(if by_bytes {
                Throughput::Bytes(text.len() as u64)
            } else {
                Throughput::Elements(memchr_lines(&text))
            });
            group.bench_function(name, |b| {
                b.iter(|| {
                    let mut ranker = Ranker::new(spec, &places, &Options::new()).unwrap();
                    ranker.read_source_file(source).unwrap();
                    ranker
                })
            });
        }
        group.finish();
    }
}

/// The city's spec with its hotline export in GB18030 (written once, beside the city).
fn gb18030_hotline(folder: &Path) -> Spec {
    let file = folder.join("hotline-gb18030.csv");
    if !file.exists() {
        let text = std::fs::read_to_string(folder.join("hotline.csv")).unwrap();
        std::fs::write(&file, encoding_rs::GB18030.encode(&text).0).unwrap();
    }
    let spec = std::fs::read_to_string(folder.join("spec.toml")).unwrap();
    let spec = spec.replace(
        "file = \"hotline.csv\"",
        "file = \"hotline-gb18030.csv\"\nencoding = \"gb18030\"",
    );
    Spec::from_toml_str(&spec, folder.join("spec-gb18030.toml")).unwrap()
}

/// Records in a CSV without quoted line breaks: its lines less the header.
fn memchr_lines(text: &[u8]) -> u64 {
    text.iter().filter(|&&byte| byte == b'\n').count() as u64 - 1
}

/// 6,000 neighborhoods, and 100,000 tickets naming one each, in the neighborhood column or only
/// inside an address.
fn tickets(by_address: bool) -> (Gazetteer, Vec<u8>) {
    let names: Vec<String> = (0..6000).map(|i| format!("天山{i}号小区")).collect();
    let mut places = String::from("id,kind,name,households\n");
    for (i, name) in names.iter().enumerate() {
        places += &format!("N{i},neighborhood,{name},{}\n", 300 + i % 2700);
    }
    let places = Gazetteer::from_reader(places.as_bytes(), "places.csv", Encoding::Auto).unwrap();
    let mut state = 0x2018_1130_u64;
    let mut csv = String::from("工单编号,受理时间,诉求类型,诉求分类,事发地址,小区,办结时间\n");
    for i in 0..100_000 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let name = &names[(state >> 33) as usize % names.len()];
        let kind = ["投诉", "咨询", "求助"][i % 3];
        let (address, column) = if by_address {
            (format!("遵义路{}号{name}", i % 999), "")
        } else {
            (String::new(), name.as_str())
        };
        csv += &format!(
            "H{i},2018-11-{:02} 09:{:02}:00,{kind},环境卫生,{address},{column},2018-11-28 18:00\n",
            1 + i % 28,
            i % 60
        );
    }
    (places, csv.into_bytes())
}

const TICKETS: &str = r#"
period = "2018-11"
[sources.hotline]
[[boards]]
id = "b"
kind = "neighborhood"
[[boards.indicators]]
id = "x"
source = "hotline"
better = "lower"
"#;

fn resolve_and_measure(c: &mut Criterion) {
    let count = Spec::from_toml_str(&format!("{TICKETS}measure = \"count\"\n"), "b.toml").unwrap();
    let mut group = c.benchmark_group("resolve");
    group.sample_size(20);
    group.throughput(Throughput::Elements(100_000));
    for (name, by_address) in [("column", false), ("address", true)] {
        let (places, csv) = tickets(by_address);
        group.bench_function(name, |b| b.iter(|| run(&count, &places, &csv)));
    }
    group.finish();

    let (places, csv) = tickets(false);
    let mut group = c.benchmark_group("measure");
    group.sample_size(20);
    group.throughput(Throughput::Elements(100_000));
    for (name, lines) in [
        ("count", "measure = \"count\""),
        (
            "rate",
            "measure = \"rate\"\nper = \"households\"\nscale = 1000",
        ),
        (
            "share",
            "measure = \"share\"\nof = { type = \"投诉\" }\nwhere = { category = \"环境卫生\" }",
        ),
        ("mean", "measure = \"mean\"\nfield = \"hours_to_close\""),
    ] {
        let spec = Spec::from_toml_str(&format!("{TICKETS}{lines}\n"), "b.toml").unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(name), &csv, |b, csv| {
            b.iter(|| run(&spec, &places, csv))
        });
    }
    group.finish();
}

fn run(spec: &Spec, places: &Gazetteer, csv: &[u8]) -> livability::Rankings {
    let mut ranker = Ranker::new(spec, places, &Options::new()).unwrap();
    ranker.read_source("hotline", csv, "hotline.csv").unwrap();
    ranker.finish().unwrap()
}

fn end_to_end(c: &mut Criterion) {
    let folder = city(330_000);
    let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    group.throughput(Throughput::Elements(330_000));
    group.bench_function("city", |b| {
        b.iter(|| livability::rank(&spec, &Options::new()).unwrap())
    });
    group.finish();
}

fn deadlines(c: &mut Criterion) {
    let folder = city(330_000);
    let text = std::fs::read_to_string(folder.join("spec.toml")).unwrap();
    let with_deadlines = text
        .replacen(
            "[sources.hotline]",
            "[sources.hotline]\ndeadline_by = \"type\"\n\
             deadline = { default = \"10 working days\", \"咨询\" = \"2 working days\", \"投诉\" = \"15 working days\" }",
            1,
        )
        .replacen(
            "[sources.grid]",
            "[sources.grid]\ndeadline = { default = \"5 working days\", \"市容环境\" = \"4 working hours\" }",
            1,
        )
        + "\n[[boards.indicators]]\nid = \"hotline_on_time\"\nsource = \"hotline\"\nmeasure = \"on-time\"\nbetter = \"higher\"\nweight = 10\n";
    // The last board is the safe neighborhoods'; the grid's on-time rate goes to the roads'.
    let with_deadlines = with_deadlines.replacen(
        "[[boards.indicators]]\nid = \"hours_to_close\"",
        "[[boards.indicators]]\nid = \"grid_on_time\"\nsource = \"grid\"\nmeasure = \"on-time\"\nbetter = \"higher\"\nweight = 10\n\n[[boards.indicators]]\nid = \"hours_to_close\"",
        1,
    );
    let spec = Spec::from_toml_str(&with_deadlines, folder.join("spec-deadlines.toml")).unwrap();
    let mut group = c.benchmark_group("deadlines");
    group.sample_size(10);
    group.throughput(Throughput::Elements(330_000));
    group.bench_function("city", |b| {
        b.iter(|| livability::rank(&spec, &Options::new()).unwrap())
    });
    group.finish();
}

fn ids(c: &mut Criterion) {
    let mut group = c.benchmark_group("ids");
    group.sample_size(10);
    group.throughput(Throughput::Elements(330_000));
    for name in IdForm::NAMES {
        let form: IdForm = name.parse().unwrap();
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join(format!("bench-city-ids-{name}"));
        if !folder.join("spec.toml").exists() {
            let options = CityOptions::new(600, 300, 330_000)
                .ids(form)
                .address_per_mille(0)
                .repeat_per_mille(0);
            generate_city(&options, &folder).unwrap();
        }
        let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| livability::rank(&spec, &Options::new()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    read,
    resolve_and_measure,
    end_to_end,
    deadlines,
    ids
);
criterion_main!(benches);
