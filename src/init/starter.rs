//! The starter spec's text: the sources found, and the three boards of the published
//! Tianshan newsletter over them (the seed), each board written out only when the folder has
//! what it reads, else left in as a comment that says what it lacks.

use std::fmt::Write as _;

use super::{Recognized, Role};
use crate::period::Period;
use crate::source::SourceKind;

/// One of the seed's boards: what it reads, and its text.
struct SeedBoard {
    id: &'static str,
    sources: &'static [SourceKind],
    attribute: &'static str,
    text: &'static str,
}

const BOARDS: [SeedBoard; 3] = [
    SeedBoard {
        id: "beautiful-roads",
        sources: &[SourceKind::Grid],
        attribute: "length_km",
        text: r#"# 靓丽道路: few street-appearance cases per km of road, closed quickly.
[[boards]]
id = "beautiful-roads"
title = "靓丽道路排行榜"
basis = "根据网格中心数据汇总分析"
kind = "road"
top = 3
decimals = 1
tie_order = "pinyin"

[[boards.indicators]]
id = "cases_per_km"
source = "grid"
measure = "rate"
per = "length_km"
where = { category = ["市容环境", "街面秩序"] }
better = "lower"
normalize = "min-max"
weight = 60

[[boards.indicators]]
id = "hours_to_close"
source = "grid"
measure = "mean"
field = "hours_to_close"
where = { category = ["市容环境", "街面秩序"] }
better = "lower"
normalize = "min-max"
weight = 40
"#,
    },
    SeedBoard {
        id: "beautiful-neighborhoods",
        sources: &[SourceKind::Sanitation, SourceKind::Hotline],
        attribute: "households",
        text: r#"# 美丽小区: sanitation inspection scores, and environment complaints to 12345 per 1000
# households.
[[boards]]
id = "beautiful-neighborhoods"
title = "美丽小区排行榜"
basis = "根据环境卫生、12345市民热线数据综合评定"
kind = "neighborhood"
top = 3
decimals = 0
tie_order = "pinyin"

[[boards.indicators]]
id = "sanitation_score"
source = "sanitation"
measure = "mean"
field = "score"
better = "higher"
normalize = "none"
weight = 50

[[boards.indicators]]
id = "complaints_per_1000"
source = "hotline"
measure = "rate"
per = "households"
scale = 1000
where = { type = "投诉", category = ["环境卫生", "噪声扰民", "绿化市容"] }
better = "lower"
normalize = "min-max"
weight = 50
"#,
    },
    SeedBoard {
        id: "safe-neighborhoods",
        sources: &[SourceKind::Police, SourceKind::Grid],
        attribute: "households",
        text: r#"# 安全小区: crimes reported to the police station, and safety hazards found by the grid
# center, per 1000 households.
[[boards]]
id = "safe-neighborhoods"
title = "安全小区排行榜"
basis = "根据天山路派出所、网格中心数据综合评定"
kind = "neighborhood"
top = 3
decimals = 0
tie_order = "pinyin"

[[boards.indicators]]
id = "crimes_per_1000"
source = "police"
measure = "rate"
per = "households"
scale = 1000
where = { category = ["盗窃", "诈骗", "打架斗殴"] }
better = "lower"
normalize = "min-max"
weight = 70

[[boards.indicators]]
id = "hazards_per_1000"
source = "grid"
measure = "rate"
per = "households"
scale = 1000
where = { category = "安全隐患" }
better = "lower"
normalize = "min-max"
weight = 30
"#,
    },
];

/// The spec's text, and the boards left out with what each lacks.
pub(crate) fn starter(
    recognized: &[Recognized],
    attributes: &[String],
    period: Option<Period>,
) -> (String, Vec<String>) {
    let mut spec = String::new();
    let _ = writeln!(
        spec,
        "# A starter spec written by `livability init`: the sources found in this folder and the\n\
         # three boards of the Tianshan Road subdistrict's newsletter over them. Edit it: the\n\
         # categories the boards filter on are the seed's, the weights its own. See the guide."
    );
    spec.push_str("title = \"宜居指数排行榜\"\n");
    match period {
        Some(period) => {
            let _ = writeln!(
                spec,
                "period = \"{period}\"            # the latest month of the records found"
            );
        }
        None => spec.push_str(
            "# period = \"YYYY-MM\"          # no record had a time: name the month to rank\n",
        ),
    }
    write_places(&mut spec, recognized);
    let mut written: Vec<&str> = Vec::new();
    for found in recognized {
        let (Role::Source(kind), Some(id)) = (found.role, &found.source) else {
            continue;
        };
        if written.contains(&id.as_str()) {
            continue;
        }
        written.push(id);
        let _ = writeln!(spec, "\n[sources.{id}]");
        if id != kind.as_str() {
            let _ = writeln!(spec, "kind = \"{}\"", kind.as_str());
        }
        let files: Vec<String> = recognized
            .iter()
            .filter(|other| other.source.as_ref() == Some(id))
            .map(|other| quoted(&other.file))
            .collect();
        match files.as_slice() {
            [one] => {
                let _ = writeln!(spec, "file = {one}");
            }
            several => {
                let _ = writeln!(
                    spec,
                    "# the months of one export, read as one source (a glob such as\n\
                     # \"网格案件*.xlsx\" takes next month's file too)"
                );
                let _ = writeln!(spec, "file = [{}]", several.join(", "));
            }
        }
        write_sheet(&mut spec, found, "sheet");
        if !found.columns.is_empty() {
            let _ = writeln!(
                spec,
                "# the export has two headers of these columns: the first named is read"
            );
            let _ = writeln!(spec, "[sources.{id}.columns]");
            for (column, header) in &found.columns {
                let _ = writeln!(spec, "{column} = {}", quoted(header));
            }
        }
    }
    let has_places = recognized
        .iter()
        .any(|found| matches!(found.role, Role::Places | Role::PlaceList(_)));
    let _ = writeln!(
        spec,
        "\n# ----- The boards: the lines to decide -----\n\
         # Everything above was found in the exports. What follows is the seed's choice, to be\n\
         # decided for this office: each indicator's `where` (the categories it counts, as\n\
         # this office's exports write them) and `weight`, and each board's `top`."
    );
    let mut left_out = Vec::new();
    for board in &BOARDS {
        let mut lacks: Vec<String> = board
            .sources
            .iter()
            .filter(|kind| {
                !recognized
                    .iter()
                    .any(|found| found.source.as_deref() == Some(kind.as_str()))
            })
            .map(|kind| format!("a {} export", kind.as_str()))
            .collect();
        if !has_places {
            lacks.push("a places file".to_owned());
        } else if !attributes.iter().any(|name| name == board.attribute) {
            lacks.push(format!("a '{}' column in the places", board.attribute));
        }
        spec.push('\n');
        if lacks.is_empty() {
            spec.push_str(board.text);
        } else {
            let why = format!("board '{}' needs {}", board.id, lacks.join(" and "));
            let _ = writeln!(spec, "# Left out: {why}.");
            for line in board.text.lines() {
                if line.starts_with('#') || line.is_empty() {
                    let _ = writeln!(spec, "{line}");
                } else {
                    let _ = writeln!(spec, "# {line}");
                }
            }
            left_out.push(why);
        }
    }
    (spec, left_out)
}

/// The `places` line: one file as a string; several as a list, the places files (编号,
/// 类型, 名称) first, then the office's lists (小区名录, 道路一览), each list that does not say its
/// places' kind row by row (no 类型 column) with its kind, and a workbook's sheet when it is
/// not the first. `places_header_row` only where reading would take another row for the
/// header than `init` found (it applies to every places file).
fn write_places(spec: &mut String, recognized: &[Recognized]) {
    let files: Vec<&Recognized> = recognized
        .iter()
        .filter(|found| found.role == Role::Places)
        .chain(
            recognized
                .iter()
                .filter(|found| matches!(found.role, Role::PlaceList(_))),
        )
        .collect();
    let entry = |found: &Recognized| {
        let mut fields = vec![format!("file = {}", quoted(&found.file))];
        if let Role::PlaceList(kind) = found.role {
            fields.push(format!("kind = \"{}\"", kind.as_str()));
        }
        if let Some(sheet) = &found.sheet {
            fields.push(format!("sheet = {}", quoted(sheet)));
        }
        match fields.as_slice() {
            [_] => quoted(&found.file),
            _ => format!("{{ {} }}", fields.join(", ")),
        }
    };
    match files.as_slice() {
        [] => return,
        [one] if one.role == Role::Places && one.sheet.is_none() => {
            let _ = writeln!(spec, "places = {}", quoted(&one.file));
        }
        several => {
            if several.iter().any(|found| found.role != Role::Places) {
                let _ = writeln!(
                    spec,
                    "# The places: the office's lists. A list without a 类型 column takes its kind\n\
                     # from its entry; without an 编号 column a place's id is its name."
                );
            }
            let entries: Vec<String> = several.iter().map(|found| entry(found)).collect();
            let _ = writeln!(spec, "places = [{}]", entries.join(", "));
        }
    }
    let needed: Vec<u32> = files
        .iter()
        .filter(|found| found.header_row_needed)
        .map(|found| found.header_row)
        .collect();
    match needed.as_slice() {
        [] => {}
        [row] if files.len() == 1 => {
            let _ = writeln!(
                spec,
                "places_header_row = {row}   # reading would take another row for the header"
            );
        }
        _ => {
            let _ = writeln!(
                spec,
                "# the header's row of some places files is not the one reading finds, and\n\
                 # places_header_row applies to every file: check them ({})",
                files
                    .iter()
                    .filter(|found| found.header_row_needed)
                    .map(|found| format!("{} row {}", found.file, found.header_row))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
}

/// The `sheet` line of a workbook whose records are not on its first sheet, and the
/// `header_row` line when reading would take another row for the header than `init` found
/// (reading finds the header by itself, below a title and metadata rows).
fn write_sheet(spec: &mut String, found: &Recognized, key: &str) {
    if let Some(sheet) = &found.sheet {
        let _ = writeln!(
            spec,
            "{key} = {}   # the detail sheet (the first is a summary)",
            quoted(sheet)
        );
    }
    if found.header_row_needed {
        let _ = writeln!(
            spec,
            "header_row = {}   # reading would take another row for the header",
            found.header_row
        );
    }
}

/// A TOML string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::places::PlaceKind;

    fn found(file: &str, role: Role, source: Option<&str>) -> Recognized {
        Recognized {
            file: file.to_owned(),
            role,
            source: source.map(str::to_owned),
            sheet: None,
            header_row: 3,
            header_row_needed: false,
            columns: Vec::new(),
        }
    }

    fn spec(recognized: &[Recognized]) -> String {
        starter(recognized, &[], None).0
    }

    #[test]
    fn one_places_file_is_a_string_and_several_a_list_with_the_lists_kinds() {
        let places = found("places.csv", Role::Places, None);
        assert!(spec(std::slice::from_ref(&places)).contains("\nplaces = \"places.csv\"\n"));
        let roads = found("道路一览.xlsx", Role::PlaceList(PlaceKind::Road), None);
        let mut neighborhoods = found(
            "小区名录.xlsx",
            Role::PlaceList(PlaceKind::Neighborhood),
            None,
        );
        neighborhoods.sheet = Some("名录".to_owned());
        let text = spec(&[roads, places, neighborhoods]);
        assert!(
            text.contains(
                "\nplaces = [\"places.csv\", { file = \"道路一览.xlsx\", kind = \"road\" }, \
                 { file = \"小区名录.xlsx\", kind = \"neighborhood\", sheet = \"名录\" }]\n"
            ),
            "{text}"
        );
        assert!(!text.contains("header_row"), "{text}");
    }

    #[test]
    fn a_header_row_is_written_only_where_reading_would_take_another() {
        let mut grid = found("grid.csv", Role::Source(SourceKind::Grid), Some("grid"));
        let police = found(
            "police.csv",
            Role::Source(SourceKind::Police),
            Some("police"),
        );
        grid.header_row_needed = true;
        let text = spec(&[grid.clone(), police.clone()]);
        assert_eq!(text.matches("header_row = ").count(), 1, "{text}");
        assert!(
            text.contains("file = \"grid.csv\"\nheader_row = 3"),
            "{text}"
        );
        let mut places = found("places.csv", Role::Places, None);
        places.header_row_needed = true;
        let text = spec(&[places.clone()]);
        assert!(text.contains("\nplaces_header_row = 3"), "{text}");
        // Several places files share `places_header_row`: a comment names the one to check.
        let roads = found("道路一览.xlsx", Role::PlaceList(PlaceKind::Road), None);
        let text = spec(&[places, roads]);
        assert!(!text.contains("\nplaces_header_row"), "{text}");
        assert!(text.contains("places.csv row 3"), "{text}");
        // The spec written parses, `header_row` and all.
        let text = spec(&[grid, police]);
        assert!(
            crate::spec::Spec::from_toml_str(&text, "spec.toml").is_ok(),
            "{text}"
        );
    }
}
