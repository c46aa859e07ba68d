//! Determinism: the same data in any row order gives byte-identical output, in every format.
//!
//! Every source of the Tianshan fixture is shuffled (its header kept, every record's bytes kept:
//! the GB18030 hotline export stays GB18030) into a fresh folder beside an unshuffled copy, and
//! both are ranked. The fixture has repeated ids, including a case exported twice with
//! different fields (before and after it was closed), so this also checks that the copy that
//! counts, the latest, does not depend on order.

mod common;

use std::path::{Path, PathBuf};

use livability::{Format, Options, Spec};

const SOURCES: [&str; 4] = ["grid.csv", "hotline.csv", "police.csv", "sanitation.csv"];
/// A copy of the Tianshan fixture in a fresh folder, each source's records shuffled with
/// `seed` (`None`: in their order).
fn copy(name: &str, seed: Option<u64>) -> PathBuf {
    let folder = std::env::temp_dir().join(format!(
        "livability-determinism-{}-{name}",
        std::process::id()
    ));
    std::fs::create_dir_all(&folder).unwrap();
    let fixture = common::fixture("tianshan");
    for file in ["spec.toml", "places.csv"] {
        std::fs::copy(fixture.join(file), folder.join(file)).unwrap();
    }
    for (index, file) in SOURCES.iter().enumerate() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(fixture.join(file))
            .unwrap();
        let mut records: Vec<csv::ByteRecord> = reader.byte_records().map(Result::unwrap).collect();
        let header = records.remove(0);
        if let Some(seed) = seed {
            shuffle(&mut records, seed.wrapping_add(index as u64));
        }
        let mut writer = csv::Writer::from_path(folder.join(file)).unwrap();
        writer.write_byte_record(&header).unwrap();
        for record in &records {
            writer.write_byte_record(record).unwrap();
        }
        writer.flush().unwrap();
    }
    folder
}

fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    for index in (1..items.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(index, (state >> 33) as usize % (index + 1));
    }
}

/// Every format's output for the copy in `folder`, with the folder's path taken out, and the
/// lines of the copies of differing ids (which a shuffle moves) too.
fn outputs(folder: &Path) -> Vec<String> {
    let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let prefix = folder.display().to_string();
    let mut outputs: Vec<String> = Format::ALL
        .iter()
        .map(|format| without_lines(&rankings.to_string_as(*format).replace(&prefix, "FOLDER")))
        .collect();
    outputs.push(without_lines(
        &livability::check(&spec, &Options::new())
            .unwrap()
            .to_text()
            .replace(&prefix, "FOLDER"),
    ));
    outputs
}

/// `output` without where the copies of differing ids are: in JSON, each source's listed ids
/// alone, sorted; in the report's text, each `differing id X: lines …` line cut to its id,
/// those of a source sorted.
fn without_lines(output: &str) -> String {
    if output.starts_with('{') {
        let mut json: serde_json::Value = serde_json::from_str(output).unwrap();
        for source in json["quality"]["sources"].as_array_mut().unwrap() {
            let listed = source["differing_ids"].as_array_mut().unwrap();
            let mut ids: Vec<String> = listed
                .iter()
                .map(|listed| listed["id"].as_str().unwrap().to_owned())
                .collect();
            ids.sort();
            *listed = ids.into_iter().map(serde_json::Value::from).collect();
        }
        return serde_json::to_string_pretty(&json).unwrap();
    }
    let mut out = String::new();
    let mut listed: Vec<&str> = Vec::new();
    for line in output.split_inclusive('\n') {
        if line.starts_with("  differing id ") {
            listed.push(line.split(':').next().unwrap());
            continue;
        }
        listed.sort();
        for id in listed.drain(..) {
            out += id;
            out.push('\n');
        }
        out += line;
    }
    out
}

#[test]
fn shuffled_sources_give_byte_identical_output_in_every_format() {
    let ordered = copy("ordered", None);
    let expected = outputs(&ordered);
    for seed in [1, 2, 3, 20181130] {
        let shuffled = copy(&format!("seed-{seed}"), Some(seed));
        let actual = outputs(&shuffled);
        for (format, (expected, actual)) in Format::ALL
            .iter()
            .map(|f| f.as_str())
            .chain(["check"])
            .zip(expected.iter().zip(&actual))
        {
            assert!(
                expected == actual,
                "seed {seed}, {format}:\n{}",
                common::diff(expected, actual)
            );
        }
        std::fs::remove_dir_all(shuffled).unwrap();
    }
    std::fs::remove_dir_all(ordered).unwrap();
}

/// A generated city (its hotline and grid files over 1 MiB, so that the biggest is cut and
/// handed over where timing puts it) ranked on 1 to 8 threads: the same output each time.
#[test]
fn any_number_of_threads_gives_byte_identical_output() {
    let folder = std::env::temp_dir().join(format!(
        "livability-determinism-{}-threads",
        std::process::id()
    ));
    livability::generate_city(&livability::CityOptions::new(300, 150, 200_000), &folder).unwrap();
    let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
    let run = |threads: usize| {
        let options = Options::new().threads(threads);
        let rankings = livability::rank(&spec, &options).unwrap();
        let quality = livability::check(&spec, &options).unwrap().to_text();
        (rankings.to_string_as(Format::Json), quality)
    };
    let expected = run(1);
    for threads in [2, 2, 3, 8] {
        let actual = run(threads);
        assert!(
            expected.0 == actual.0,
            "{threads} threads, json:\n{}",
            common::diff(&expected.0, &actual.0)
        );
        assert!(
            expected.1 == actual.1,
            "{threads} threads, check:\n{}",
            common::diff(&expected.1, &actual.1)
        );
    }
    std::fs::remove_dir_all(folder).unwrap();
}
