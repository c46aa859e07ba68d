//! Determinism: the same data in any row order gives byte-identical output, in every format,
//! and the same boards whether the records come from files or from memory.
//!
//! Every source of the Tianshan fixture is shuffled (its header kept, every record's bytes kept:
//! the GB18030 hotline export stays GB18030) into a fresh folder beside an unshuffled copy, and
//! both are ranked; the fixture's records are also fed from memory in shuffled orders. The
//! fixture has repeated ids, including a case exported twice with different fields (before and
//! after it was closed), so this also checks that the copy that counts, the latest, does not
//! depend on order nor on how the records arrive; a property test does the same for records
//! whose copies differ in their times, closing times and places.

use crate::common;

use std::path::{Path, PathBuf};

use livability::input::Encoding;
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Format, Options, Ranker, Rankings, Record, Spec, quality::SourceQuality};
use proptest::prelude::*;

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
    // A workbook is compressed: the copy's folder cannot be taken out of its bytes
    // (tests/it/xlsx_output.rs checks that it is the same bytes every time).
    let mut outputs: Vec<String> = Format::ALL
        .iter()
        .filter(|format| format.is_text())
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
            .filter(|format| format.is_text())
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
    livability::generate::generate_city(
        &livability::generate::CityOptions::new(300, 150, 200_000),
        &folder,
    )
    .unwrap();
    let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
    let run = |threads: usize| {
        let options = Options::new().threads(threads);
        // The report `check` prints is the rankings' own (one reading of the city, not two).
        let rankings = livability::rank(&spec, &options).unwrap();
        let quality = rankings.quality.to_text();
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

/// The Tianshan fixture's records fed from memory, each source's shuffled with `seed` (`None`:
/// in file order), their fields named by the files' headers.
fn from_memory(seed: Option<u64>) -> Rankings {
    let fixture = common::fixture("tianshan");
    let spec = Spec::from_path(fixture.join("spec.toml")).unwrap();
    let places = Gazetteer::from_path(fixture.join("places.csv"), Encoding::Auto).unwrap();
    // The exports hold columns no board reads (处置部门): kept, not refused as typos.
    let options = Options::new().extra_fields(true);
    let mut ranker = Ranker::new(&spec, &places, &options).unwrap();
    for (index, file) in SOURCES.iter().enumerate() {
        let bytes = std::fs::read(fixture.join(file)).unwrap();
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let header = rows.remove(0);
        if let Some(seed) = seed {
            shuffle(&mut rows, seed.wrapping_add(index as u64));
        }
        let source = file.trim_end_matches(".csv");
        for row in &rows {
            let record = header
                .iter()
                .zip(row.iter())
                .fold(Record::new(), |record, (name, value)| {
                    record.with(name, value)
                });
            ranker.add_record(source, &record).unwrap();
        }
    }
    ranker.finish().unwrap()
}

/// What must not depend on how records arrive: the boards in every format but JSON (whose
/// report names files), the boards as JSON, each source's counts and the ids whose copies
/// differ, the warnings.
fn boards_and_counts(rankings: &Rankings) -> Vec<String> {
    let mut out: Vec<String> = [
        Format::Table,
        Format::Newsletter,
        Format::Csv,
        Format::Markdown,
    ]
    .iter()
    .map(|format| rankings.to_string_as(*format))
    .collect();
    out.push(serde_json::to_string_pretty(&rankings.boards).unwrap());
    for source in &rankings.quality.sources {
        out.push(counts(source));
    }
    for warning in &rankings.quality.warnings {
        out.push(warning.to_string());
    }
    out
}

/// A source's counts, and its listed ids sorted (their lines or positions apart); per kind of
/// place, once it has records (a file with a header only has the kind's column, no record
/// fed does).
fn counts(source: &SourceQuality) -> String {
    let mut ids: Vec<&str> = source
        .differing_ids
        .iter()
        .map(|listed| listed.id.as_str())
        .collect();
    ids.sort();
    format!(
        "{}: read {} used {} out {} previous {} unplaced {} ambiguous {} repeated {} rejected {} \
         without id {} differing {} {ids:?} {:?}",
        source.source,
        source.read,
        source.used,
        source.out_of_period,
        source.previous_period,
        source.unplaced,
        source.ambiguous,
        source.repeated,
        source.rejected,
        source.without_id,
        source.differing_repeats,
        if source.read > 0 {
            &source.kinds[..]
        } else {
            &[]
        },
    )
}

#[test]
fn records_fed_from_memory_in_any_order_give_the_boards_of_the_files() {
    let spec = Spec::from_path(common::fixture("tianshan").join("spec.toml")).unwrap();
    let expected = boards_and_counts(&livability::rank(&spec, &Options::new()).unwrap());
    for seed in [None, Some(1), Some(2), Some(3), Some(20181130)] {
        let actual = boards_and_counts(&from_memory(seed));
        assert_eq!(expected.len(), actual.len(), "seed {seed:?}");
        for (expected, actual) in expected.iter().zip(&actual) {
            assert!(
                expected == actual,
                "seed {seed:?}:\n{}",
                common::diff(expected, actual)
            );
        }
    }
}

// ----- copies that differ, from a file and from memory -----

/// The spec of the property test, its sources' files in `folder`.
fn random_spec(folder: &Path) -> Spec {
    let text = format!(
        "period = \"2018-11\"\n[sources.grid]\nfile = \"{grid}\"\n[sources.hotline]\nfile = \"{hotline}\"\n{BOARDS}",
        grid = folder.join("grid.csv").display(),
        hotline = folder.join("hotline.csv").display(),
    );
    Spec::from_toml_str(&text, "spec.toml").unwrap()
}

const BOARDS: &str = r#"
[[boards]]
id = "roads"
kind = "road"
[[boards.indicators]]
id = "cases"
source = "grid"
measure = "count"
where = { category = "A" }
better = "lower"
[[boards.indicators]]
id = "hours"
source = "grid"
measure = "mean"
field = "hours_to_close"
better = "lower"
[[boards]]
id = "neighborhoods"
kind = "neighborhood"
[[boards.indicators]]
id = "complaints"
source = "hotline"
measure = "count"
better = "lower"
"#;

const ROADS: [&str; 3] = ["天山路", "遵义路", "长宁路"];
const NEIGHBORHOODS: [&str; 3] = ["天山二村", "遵义小区", "仙霞小区"];
const IDS: [&str; 5] = ["G1", "G2", "案件3", "G4", ""];
/// Times, two of them the same instant written differently.
const TIMES: [&str; 4] = [
    "2018-11-05 09:00",
    "2018-11-05 09:00:00",
    "2018-11-06",
    "2018-10-30 10:00",
];
/// Closing times: none, some (one before some times: a malformed grid row), one unreadable
/// (a malformed grid row, where `hours_to_close` reads it; taken as none for the hotline).
const CLOSED: [&str; 5] = [
    "",
    "2018-11-07 08:00",
    "2018-11-08",
    "2018-11-05 08:00",
    "soon",
];

/// A copy: the source (grid or hotline), its id, time, closing time, place, category and
/// how it is written ([`FORMS`]).
type RecordCopy = (bool, usize, usize, usize, usize, usize, usize);

/// How a copy is written: as is; its category followed by a space (a field read, written
/// otherwise: a copy that differs); its category quoted in the file (the same fields, another
/// row); a grid case's status, a column no board reads, another one (the same fields read,
/// another row).
const FORMS: usize = 4;

fn random_places() -> Gazetteer {
    Gazetteer::new(
        ROADS
            .iter()
            .enumerate()
            .map(|(n, name)| Place::new(format!("R{n}"), PlaceKind::Road, *name))
            .chain(
                NEIGHBORHOODS
                    .iter()
                    .enumerate()
                    .map(|(n, name)| Place::new(format!("N{n}"), PlaceKind::Neighborhood, *name)),
            ),
    )
    .unwrap()
}

fn fields(copy: &RecordCopy) -> Vec<(&'static str, String)> {
    let &(grid, id, time, closed, place, category, form) = copy;
    let place_column = if grid { "road" } else { "neighborhood" };
    let place = if grid {
        ROADS[place]
    } else {
        NEIGHBORHOODS[place]
    };
    let category = ["A", "B"][category].to_owned() + if form == 1 { " " } else { "" };
    let mut fields = vec![
        ("id", IDS[id].to_owned()),
        ("time", TIMES[time].to_owned()),
        ("closed_time", CLOSED[closed].to_owned()),
        (place_column, place.to_owned()),
        ("category", category),
    ];
    if grid {
        let status = if form == 3 { "处理中" } else { "已结案" };
        fields.push(("status", status.to_owned()));
    }
    fields
}

/// The boards of `copies`, written to files in the order `file_seed` shuffles them to, and
/// fed from memory in the order `memory_seed` shuffles them to.
fn file_and_memory(
    copies: &[RecordCopy],
    file_seed: u64,
    memory_seed: u64,
    case: u64,
) -> [Vec<String>; 2] {
    let places = random_places();
    let options = Options::new().lenient(true);
    let folder = std::env::temp_dir().join(format!(
        "livability-determinism-{}-random-{case}",
        std::process::id()
    ));
    std::fs::create_dir_all(&folder).unwrap();
    let spec = random_spec(&folder);
    let mut in_file = copies.to_vec();
    shuffle(&mut in_file, file_seed);
    let mut ranker = Ranker::new(&spec, &places, &options).unwrap();
    for (source, grid) in [("grid", true), ("hotline", false)] {
        let path = folder.join(format!("{source}.csv"));
        let header: Vec<&str> = fields(&(grid, 0, 0, 0, 0, 0, 0))
            .iter()
            .map(|(name, _)| *name)
            .collect();
        let mut text = header.join(",") + "\n";
        for copy in in_file.iter().filter(|copy| copy.0 == grid) {
            let quoted = copy.6 == 2;
            let values: Vec<String> = fields(copy)
                .into_iter()
                .map(|(name, value)| {
                    if quoted && name == "category" {
                        format!("\"{value}\"")
                    } else {
                        value
                    }
                })
                .collect();
            text += &(values.join(",") + "\n");
        }
        std::fs::write(&path, text).unwrap();
    }
    ranker.read_source_files(&["grid", "hotline"]).unwrap();
    let from_files = ranker.finish().unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    let mut in_memory = copies.to_vec();
    shuffle(&mut in_memory, memory_seed);
    let mut ranker = Ranker::new(&spec, &places, &options).unwrap();
    for copy in &in_memory {
        let record = fields(copy)
            .into_iter()
            .fold(Record::new(), |record, (name, value)| {
                record.with(name, value)
            });
        let source = if copy.0 { "grid" } else { "hotline" };
        ranker.add_record(source, &record).unwrap();
    }
    let from_memory = ranker.finish().unwrap();
    for rankings in [&from_files, &from_memory] {
        assert!(
            rankings
                .quality
                .sources
                .iter()
                .all(SourceQuality::reconciles)
        );
    }
    [
        boards_and_counts(&from_files),
        boards_and_counts(&from_memory),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Copies of a few ids, differing in time, closing time, place and category (some of them
    /// malformed), or alike but for a space in a field read, for quotes, or for a column never
    /// read, in a file in one order and fed from memory in another: the same boards, the
    /// same counts, the same ids listed.
    #[test]
    fn copies_that_differ_count_alike_from_files_and_from_memory_in_any_order(
        copies in prop::collection::vec((any::<bool>(), 0..IDS.len(), 0..TIMES.len(), 0..CLOSED.len(), 0..3usize, 0..2usize, 0..FORMS), 1..40),
        file_seed in any::<u64>(),
        memory_seed in any::<u64>(),
        case in any::<u64>(),
    ) {
        let [from_files, from_memory] = file_and_memory(&copies, file_seed, memory_seed, case);
        prop_assert_eq!(from_files.len(), from_memory.len(), "{:#?}\n{:#?}", &from_files, &from_memory);
        for (file, memory) in from_files.iter().zip(&from_memory) {
            prop_assert!(file == memory, "{}", common::diff(file, memory));
        }
    }
}

/// The 通报 from shuffled sources is the same document, byte for byte: its counts, hot places
/// and tables do not depend on the records' order.
#[cfg(feature = "docx")]
#[test]
fn shuffled_sources_give_the_same_bulletin() {
    use livability::render::bulletin::{Bulletin, Template};

    let template = Template::chinese();
    let docx = |folder: &Path| {
        let bulletin =
            Bulletin::make(folder.join("spec.toml"), &template, &Options::new()).unwrap();
        let mut bytes = Vec::new();
        bulletin.write_docx(&mut bytes).unwrap();
        bytes
    };
    let expected = docx(&copy("bulletin-ordered", None));
    for seed in [1, 20181130] {
        let actual = docx(&copy(&format!("bulletin-seed-{seed}"), Some(seed)));
        assert!(actual == expected, "seed {seed}: the bulletins differ");
    }
}
