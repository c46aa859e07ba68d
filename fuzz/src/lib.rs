//! What each fuzz target does with its bytes. Shared by the fuzz targets (`fuzz_targets/`) and
//! by `tests/it/fuzz_regressions.rs`, which replays the committed corpus and every crash found,
//! in CI. Beyond "no panic", each checks what must hold whatever the input: the counts of the
//! data-quality report reconcile, and every rendering of a result succeeds.

use livability::input::{Encoding, TableRow};
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Format, Options, Ranker, Rankings, Spec};
use rust_decimal::Decimal;

/// Renders in every format and checks the report.
fn exercise(rankings: &Rankings) {
    for format in Format::ALL {
        let mut out = Vec::new();
        rankings
            .render(format, &mut out)
            .expect("rendering to memory cannot fail");
    }
    for source in &rankings.quality.sources {
        assert!(source.reconciles(), "counts do not reconcile: {source:?}");
        assert_eq!(source.rejected_rows.len() as u64, source.rejected);
    }
    let _ = rankings.quality.to_text();
}

fn places() -> Gazetteer {
    Gazetteer::new([
        Place::new("R1", PlaceKind::Road, "天山路")
            .with_attribute("length_km", Decimal::new(21, 1)),
        Place::new("R2", PlaceKind::Road, "新华路").with_attribute("length_km", Decimal::ZERO),
        Place::new("N1", PlaceKind::Neighborhood, "天山二村")
            .with_alias("天山2村")
            .with_attribute("households", Decimal::from(1425)),
        Place::new("N2", PlaceKind::Neighborhood, "新光小区")
            .with_attribute("households", Decimal::from(1150)),
    ])
    .expect("valid places")
}

/// Spec text: any bytes, then (when it is a valid spec) a run over fixed places, with table
/// rows for the period, the previous one and a year earlier under every name the spec quotes
/// (so that dimensions, curves, adjustments, vetoes, grades, lists and improvement boards
/// score real values), their values drawn from the bytes.
pub fn spec(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(spec) = Spec::from_toml_str(text, "spec.toml") else {
        return;
    };
    let places = places();
    let options = Options::new().period("2018-11".parse().unwrap());
    let Ok(mut ranker) = Ranker::new(&spec, &places, &options) else {
        return;
    };
    let mut names: Vec<&str> = text.split('"').skip(1).step_by(2).collect();
    names.sort_unstable();
    names.dedup();
    let sources: Vec<&str> = spec.source_ids().collect();
    let mut byte = data.iter().cycle().copied();
    for source in sources {
        for name in names.iter().take(16) {
            for period in ["2018-11", "2018-10", "2017-11"] {
                for place in places.places() {
                    let value = Decimal::new(i64::from(byte.next().unwrap_or(0)) - 64, 1);
                    let row =
                        TableRow::new(period.parse().unwrap(), place.name(), *name, Some(value));
                    // A raw source refuses table rows; that is not what is fuzzed here.
                    if ranker.add_table_row(source, row).is_err() {
                        break;
                    }
                }
            }
        }
    }
    if let Ok(rankings) = ranker.finish() {
        exercise(&rankings);
    }
}

/// `places.csv` bytes, in each encoding mode (the first byte picks it).
pub fn places_file(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let encoding = [Encoding::Auto, Encoding::Utf8, Encoding::Gb18030][usize::from(mode % 3)];
    if let Ok(gazetteer) = Gazetteer::from_reader(bytes, "places.csv", encoding) {
        for place in gazetteer.places() {
            assert!(gazetteer.find(place.kind(), place.name()).is_some());
            assert!(gazetteer.find(place.kind(), place.id()).is_some());
        }
    }
}

const KINDS: [&str; 4] = ["grid", "hotline", "police", "sanitation"];

/// A source export's bytes: the first byte picks the kind, the encoding and strictness.
pub fn source(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let kind = KINDS[usize::from(mode % 4)];
    let encoding = ["auto", "utf-8", "gb18030"][usize::from(mode / 4 % 3)];
    let lenient = mode >= 128;
    // Some modes force the header's row, the others find it below titles and metadata.
    let header_row = match mode / 12 % 10 {
        9 => "header_row = 3",
        _ => "",
    };
    let mean = match kind {
        "sanitation" => "score",
        _ => "hours_to_close",
    };
    let text = format!(
        r#"
period = "2018-11"
[sources.s]
kind = "{kind}"
encoding = "{encoding}"
{header_row}
[sources.s.columns]
neighborhood = "小区名称"
[[boards]]
id = "roads"
kind = "road"
tie_order = "pinyin"
[[boards.indicators]]
id = "rate"
source = "s"
measure = "rate"
per = "length_km"
scale = 10
where = {{ category = ["市容环境", "A"] }}
better = "lower"
[[boards.indicators]]
id = "mean"
source = "s"
measure = "mean"
field = "{mean}"
better = "lower"
normalize = "z-score"
[[boards]]
id = "neighborhoods"
kind = "neighborhood"
rank = "fractional"
decimals = 3
[[boards.indicators]]
id = "share"
source = "s"
measure = "share"
of = {{ category = "A" }}
better = "higher"
normalize = "rank"
[[boards.indicators]]
id = "count"
source = "s"
measure = "count"
where = {{ "其他" = "x" }}
better = "lower"
"#
    );
    let spec = Spec::from_toml_str(&text, "spec.toml").expect("the fuzz spec is valid");
    let places = places();
    let mut ranker =
        Ranker::new(&spec, &places, &Options::new().lenient(lenient)).expect("a valid run");
    if ranker.read_source("s", bytes, "s.csv").is_err() {
        return;
    }
    if let Ok(rankings) = ranker.finish() {
        exercise(&rankings);
    }
}

/// A workbook's bytes, read as a grid source's sheet: the first byte picks the format
/// (`.xlsx`, `.xls`, `.ods`), the kind's columns and strictness. Beyond "no panic": an error is
/// one line, and a sheet that reads is reconciled and rendered as any source.
#[cfg(feature = "spreadsheet")]
pub fn sheet(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let name = ["s.xlsx", "s.xls", "s.ods"][usize::from(mode % 3)];
    let kind = KINDS[usize::from(mode / 3 % 4)];
    let lenient = mode >= 128;
    let text = format!(
        r#"
period = "2018-11"
[sources.s]
kind = "{kind}"
[[boards]]
id = "roads"
kind = "road"
[[boards.indicators]]
id = "rate"
source = "s"
measure = "rate"
per = "length_km"
better = "lower"
[[boards]]
id = "neighborhoods"
kind = "neighborhood"
[[boards.indicators]]
id = "count"
source = "s"
measure = "count"
better = "lower"
"#
    );
    let spec = Spec::from_toml_str(&text, "spec.toml").expect("the fuzz spec is valid");
    let places = places();
    let mut ranker =
        Ranker::new(&spec, &places, &Options::new().lenient(lenient)).expect("a valid run");
    if let Err(error) = ranker.read_source_workbook("s", bytes, name) {
        assert!(!error.to_string().contains('\n'), "{error}");
        return;
    }
    if let Ok(rankings) = ranker.finish() {
        exercise(&rankings);
    }
}

/// A `table` source's bytes: the first byte picks the encoding and strictness.
pub fn table(data: &[u8]) {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let encoding = ["auto", "utf-8", "gb18030"][usize::from(mode % 3)];
    let text = format!(
        r#"
period = "2018-11"
[sources.t]
kind = "table"
encoding = "{encoding}"
[[boards]]
id = "b"
kind = "neighborhood"
tie_breakers = ["y"]
[[boards.indicators]]
id = "x"
source = "t"
measure = "value"
better = "higher"
[[boards.indicators]]
id = "y"
source = "t"
measure = "value"
better = "lower"
normalize = "none"
weight = 0
"#
    );
    let spec = Spec::from_toml_str(&text, "spec.toml").expect("the fuzz spec is valid");
    let places = places();
    let mut ranker =
        Ranker::new(&spec, &places, &Options::new().lenient(mode >= 128)).expect("a valid run");
    if ranker.read_source("t", bytes, "t.csv").is_err() {
        return;
    }
    if let Ok(rankings) = ranker.finish() {
        exercise(&rankings);
    }
}

/// Reads bytes as small numbers, then as nothing once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let Some((&first, rest)) = self.0.split_first() else {
            return 0;
        };
        self.0 = rest;
        first
    }

    fn pick<T: Copy>(&mut self, choices: &[T]) -> T {
        choices[usize::from(self.byte()) % choices.len()]
    }

    /// Any decimal: a 96-bit mantissa (from up to 12 bytes), a sign and a scale of 0 to 28.
    fn decimal(&mut self) -> Decimal {
        let length = usize::from(self.byte() % 13);
        let mut mantissa: i128 = 0;
        for _ in 0..length {
            mantissa = (mantissa << 8) | i128::from(self.byte());
        }
        if self.byte() % 2 == 1 {
            mantissa = -mantissa;
        }
        let scale = u32::from(self.byte() % 29);
        Decimal::try_from_i128_with_scale(mantissa, scale).unwrap_or(Decimal::MAX)
    }
}

/// Scoring and ranking over arbitrary decimals and weights: the bytes choose a board (methods,
/// normalizations, rounding, decimals up to 28, missing policy, tie-breakers) and the values.
pub fn score_and_rank(data: &[u8]) {
    let mut bytes = Bytes(data);
    let indicators = 1 + usize::from(bytes.byte() % 3);
    let mut text = format!(
        "period = \"2018-11\"\n[sources.t]\nkind = \"table\"\n[[boards]]\nid = \"b\"\nkind = \"neighborhood\"\n\
         rank = \"{}\"\ndecimals = {}\nrounding = \"{}\"\nmissing = \"{}\"\ntie_order = \"{}\"\n",
        bytes.pick(&["competition", "dense", "modified", "ordinal", "fractional"]),
        bytes.byte() % 29,
        bytes.pick(&["half-up", "half-even"]),
        bytes.pick(&["reweight", "zero", "exclude"]),
        bytes.pick(&["gazetteer", "pinyin", "name", "id"]),
    );
    if bytes.byte() % 2 == 1 {
        text += &format!("top = {}\n", 1 + bytes.byte() % 5);
    }
    if bytes.byte() % 2 == 1 {
        text += "tie_breakers = [\"i0\"]\n";
    }
    for index in 0..indicators {
        text += &format!(
            "[[boards.indicators]]\nid = \"i{index}\"\nsource = \"t\"\nmeasure = \"value\"\nbetter = \"{}\"\nnormalize = \"{}\"\nweight = \"{}\"\n",
            bytes.pick(&["higher", "lower"]),
            bytes.pick(&["min-max", "z-score", "rank", "none"]),
            bytes.decimal(),
        );
    }
    let Ok(spec) = Spec::from_toml_str(&text, "spec.toml") else {
        return;
    };
    let places = Gazetteer::new(
        (0..8).map(|n| Place::new(format!("N{n}"), PlaceKind::Neighborhood, format!("小区{n}"))),
    )
    .expect("valid places");
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).expect("a valid run");
    let periods = ["2018-11".parse().unwrap(), "2018-10".parse().unwrap()];
    while !bytes.0.is_empty() {
        let row = TableRow::new(
            bytes.pick(&periods),
            format!("N{}", bytes.byte() % 8),
            format!("i{}", bytes.byte() % 3),
            bytes.decimal(),
        );
        let _ = ranker.add_table_row("t", row);
    }
    if let Ok(rankings) = ranker.finish() {
        exercise(&rankings);
        for board in &rankings.boards {
            for entry in &board.entries {
                assert_eq!(entry.score.scale(), board.decimals);
                assert!(
                    !entry.score.is_sign_negative() || !entry.score.is_zero(),
                    "-0 published"
                );
            }
        }
    }
}

/// A calendar file's bytes: read, then for each year it covers, working days and deadlines
/// counted from its first day: none may panic, working days counted back give what was
/// added, and nothing is due before it is received.
pub fn calendar(data: &[u8]) {
    let Ok(calendar) = livability::calendar::Calendar::from_reader(data, "calendar.csv") else {
        return;
    };
    let hours = livability::calendar::WorkHours::default();
    for year in calendar.years().collect::<Vec<_>>() {
        let Ok(first) = livability::Date::new(year, 1, 1) else {
            continue;
        };
        let _ = calendar.is_working_day(first);
        if let Ok(end) = calendar.add_working_days(first, 10) {
            assert_eq!(calendar.working_days_between(first, end).ok(), Some(10));
        }
        for deadline in [
            livability::calendar::Deadline::WorkingDays(3),
            livability::calendar::Deadline::Days(5),
            livability::calendar::Deadline::WorkingHours(Decimal::from(4)),
        ] {
            let received = first.at(12, 0, 0, 0);
            if let Ok(due) = deadline.due(received, &calendar, &hours) {
                assert!(due >= received, "{deadline} from {received} is due {due}");
            }
        }
    }
}

/// The folder the `source_files` target matches its patterns in: a few exports under folders
/// and names with brackets and Chinese characters, made once per process.
fn export_folder() -> &'static std::path::Path {
    static FOLDER: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("livability-fuzz-files-{}", std::process::id()));
        let grid =
            "id,time,road,category\nG1,2018-11-02,天山路,市容环境\nG2,2018-10-30,新华路,市容环境\n";
        for name in [
            "a.csv",
            "2018-10/grid.csv",
            "2018-11/grid.csv",
            "[x].csv",
            "数据/网格案件.csv",
            "b.txt",
        ] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("a file in a folder"))
                .expect("a temporary folder");
            std::fs::write(path, grid).expect("a temporary file");
        }
        dir
    })
}

/// A source's `file` from the bytes: each line an entry (a path or a glob pattern), matched
/// in a fixed folder of exports; the files found are sorted and each once, and a spec that
/// finds some ranks. Absolute entries and parts starting with `.` (`..`, `.*`) are passed
/// over: a fuzzer must not walk the machine's whole file system.
pub fn source_files(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Control characters cannot be written in a TOML string: they are left out, before the
    // entries are looked at.
    let text: String = text
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    let entries: Vec<&str> = text.lines().take(8).collect();
    if entries.is_empty()
        || entries.iter().any(|entry| {
            // `.*` stands for `..` in a walk (the crate drops such matches, after the walk).
            entry.contains('.') && entry.split(['/', '\\']).any(|part| part.starts_with('.'))
                || entry.starts_with(['/', '\\'])
                || entry.contains(':')
        })
    {
        return;
    }
    let quoted: Vec<String> = entries
        .iter()
        .map(|entry| {
            let escaped: String = entry
                .chars()
                .flat_map(|c| match c {
                    '"' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("\"{escaped}\"")
        })
        .collect();
    let text = format!(
        "period = \"2018-11\"\n[sources.grid]\nfile = [{}]\n[[boards]]\nid = \"b\"\nkind = \"road\"\n[[boards.indicators]]\nid = \"x\"\nsource = \"grid\"\nmeasure = \"count\"\nbetter = \"lower\"\n",
        quoted.join(", ")
    );
    let Ok(spec) = Spec::from_toml_str(&text, export_folder().join("spec.toml")) else {
        return;
    };
    let Ok(files) = spec.source_files("grid") else {
        return;
    };
    assert!(
        files.windows(2).all(|pair| pair[0] < pair[1]),
        "files not sorted once: {files:?}"
    );
    let places = places();
    let Ok(mut ranker) = Ranker::new(&spec, &places, &Options::new()) else {
        return;
    };
    if ranker.read_source_file("grid").is_ok()
        && let Ok(rankings) = ranker.finish()
    {
        exercise(&rankings);
    }
}
