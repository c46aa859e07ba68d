//! The floor for reading a city: a bare `csv::ByteRecord` scan of the same files, with nothing
//! parsed, resolved or counted beyond the records themselves. `livability rank` is measured
//! against it (BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example scan -- /tmp/city            # files spread over the cores
//! cargo run --release --example scan -- --one-core /tmp/city # one file after another
//! cargo run --release --example scan -- --utf8 /tmp/city     # every row also validated
//! ```
//!
//! `--utf8` adds the first piece of per-record work of a reader of text, validating each row
//! as UTF-8 the way `livability` does (the whole row at once, with `simdutf8`), to show what
//! that step costs against the bare scan.
//!
//! The files are spread over the cores as `livability` spreads them: the biggest first, each to
//! the thread with the fewest bytes so far, so the floor has the same parallelism.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let mut one_core = false;
    let mut utf8 = false;
    let mut folder = None;
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--one-core" => one_core = true,
            "--utf8" => utf8 = true,
            _ => folder = Some(PathBuf::from(argument)),
        }
    }
    let Some(folder) = folder else {
        eprintln!("usage: scan [--one-core] [--utf8] FOLDER (a city from `livability generate`)");
        std::process::exit(2);
    };
    let mut files: Vec<(u64, PathBuf)> = ["hotline", "grid", "police", "sanitation"]
        .iter()
        .map(|source| folder.join(format!("{source}.csv")))
        .map(|path| (std::fs::metadata(&path).map_or(0, |m| m.len()), path))
        .collect();
    files.sort_by_key(|(size, _)| std::cmp::Reverse(*size));
    let threads = if one_core {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    let mut lanes: Vec<(u64, Vec<PathBuf>)> = vec![(0, Vec::new()); threads];
    for (size, path) in files {
        if let Some(lane) = lanes.iter_mut().min_by_key(|(bytes, _)| *bytes) {
            lane.0 += size;
            lane.1.push(path);
        }
    }
    let start = Instant::now();
    let counts: Vec<(u64, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = lanes
            .iter()
            .map(|(_, paths)| {
                scope.spawn(move || {
                    paths
                        .iter()
                        .map(|path| scan(path, utf8))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a scan thread panicked"))
            .collect()
    });
    let elapsed = start.elapsed();
    let (records, bytes) = counts
        .iter()
        .fold((0, 0), |(r, b), (records, bytes)| (r + records, b + bytes));
    // In integers, as the crate counts: tenths of a megabyte, milliseconds, bytes a microsecond
    // (= megabytes a second).
    let (tenths, millis) = (bytes / 100_000, elapsed.as_millis());
    println!(
        "{records} records, {}.{} MB in {}.{:03} s on {threads} thread(s): {} MB/s",
        tenths / 10,
        tenths % 10,
        millis / 1000,
        millis % 1000,
        u128::from(bytes) / elapsed.as_micros().max(1)
    );
}

/// Records and bytes of the CSV file at `path`, every field visited once (with `utf8`, each
/// row validated as UTF-8 first).
fn scan(path: &Path, utf8: bool) -> (u64, u64) {
    // The buffer `livability` reads with, so that both make as many system calls.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(128 * 1024)
        .from_path(path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let mut record = csv::ByteRecord::new();
    let (mut records, mut field_bytes) = (0u64, 0u64);
    while reader
        .read_byte_record(&mut record)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    {
        records += 1;
        // As `livability` does: each row's bytes validated at once, SIMD-accelerated.
        if !utf8 || simdutf8::basic::from_utf8(record.as_slice()).is_ok() {
            field_bytes += record.iter().map(|field| field.len() as u64).sum::<u64>();
        }
    }
    std::hint::black_box(field_bytes);
    (records, reader.position().byte())
}
