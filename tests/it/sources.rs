//! Raw sources on small hand-made files: headers, encodings, place resolution, repeated ids,
//! periods, time formats, measures, filters and malformed rows.

use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{
    Options, Ranker, Rankings, Record, Spec, quality::SourceQuality, quality::Warning,
};
use rust_decimal::Decimal;

/// Roads and neighborhoods to resolve records to.
fn places() -> Gazetteer {
    Gazetteer::new([
        Place::new("R1", PlaceKind::Road, "天山路").with_attribute("length_km", Decimal::TWO),
        Place::new("R2", PlaceKind::Road, "遵义路")
            .with_attribute("length_km", Decimal::new(16, 1)),
        Place::new("R3", PlaceKind::Road, "新华路"),
        Place::new("N1", PlaceKind::Neighborhood, "天山二村")
            .with_alias("天山2村")
            .with_attribute("households", Decimal::from(1000)),
        Place::new("N2", PlaceKind::Neighborhood, "遵义小区")
            .with_alias("遵义")
            .with_attribute("households", Decimal::from(500)),
        Place::new("N3", PlaceKind::Neighborhood, "新光小区").with_alias("新光"),
        Place::new("N4", PlaceKind::Neighborhood, "天山一村"),
        Place::new("N5", PlaceKind::Neighborhood, "天山一村东区"),
    ])
    .unwrap()
}

/// A spec with source `s` of `kind` (plus `extra` source keys) and one board per
/// `(kind of place, indicator lines)`.
fn spec(kind: &str, extra: &str, boards: &[(&str, &str)]) -> Spec {
    let mut text = format!("period = \"2018-11\"\n[sources.s]\nkind = \"{kind}\"\n{extra}\n");
    for (index, (place_kind, indicator)) in boards.iter().enumerate() {
        text += &format!(
            "[[boards]]\nid = \"b{index}\"\nkind = \"{place_kind}\"\n[[boards.indicators]]\nid = \"x\"\nsource = \"s\"\nbetter = \"higher\"\n{indicator}\n"
        );
    }
    Spec::from_toml_str(&text, "spec.toml").unwrap()
}

fn rank(spec: &Spec, csv: &[u8], options: &Options) -> livability::Result<Rankings> {
    let places = places();
    let mut ranker = Ranker::new(spec, &places, options)?;
    ranker.read_source("s", csv, "s.csv")?;
    ranker.finish()
}

fn ok(spec: &Spec, csv: &str) -> Rankings {
    rank(spec, csv.as_bytes(), &Options::new()).unwrap()
}

/// The value of indicator `x` for `place` on board `board`, as a string ("-" when missing).
fn value(rankings: &Rankings, board: usize, place: &str) -> String {
    let board = &rankings.boards[board];
    let scores = board
        .entries
        .iter()
        .find(|entry| entry.place == place)
        .map(|entry| &entry.indicators)
        .or_else(|| {
            board
                .unranked
                .iter()
                .find(|u| u.place == place)
                .map(|u| &u.indicators)
        })
        .unwrap_or_else(|| panic!("{place} is not on the board"));
    scores[0]
        .value
        .map_or("-".to_owned(), |value| value.to_string())
}

fn quality(rankings: &Rankings) -> &SourceQuality {
    let quality = &rankings.quality.sources[0];
    assert!(quality.reconciles(), "{quality:?}");
    quality
}

/// Ranks the grid source read from the file at `path` (so that repeats can be settled by a
/// second reading), counting records per neighborhood.
fn rank_grid_file(path: &std::path::Path) -> Rankings {
    let text = format!(
        "period = \"2018-11\"\n[sources.grid]\nfile = \"{}\"\n[[boards]]\nid = \"b\"\nkind = \"neighborhood\"\n[[boards.indicators]]\nid = \"x\"\nsource = \"grid\"\nmeasure = \"count\"\nbetter = \"lower\"\n",
        path.display()
    );
    let spec = Spec::from_toml_str(&text, "spec.toml").unwrap();
    let places = places();
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    ranker.read_source_file("grid").unwrap();
    ranker.finish().unwrap()
}

const COUNT_NEIGHBORHOODS: &[(&str, &str)] = &[("neighborhood", "measure = \"count\"")];

// ----- headers and encodings -----

#[test]
fn english_and_chinese_headers_read_the_same() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let english = ok(
        &spec,
        "id,time,neighborhood\n1,2018-11-01,天山二村\n2,2018-11-02,天山二村\n",
    );
    let chinese = ok(
        &spec,
        "工单编号,受理时间,小区\n1,2018-11-01,天山二村\n2,2018-11-02,天山二村\n",
    );
    let mixed = ok(
        &spec,
        " ID ,Time,居民区\n1,2018-11-01,天山二村\n2,2018-11-02,天山二村\n",
    );
    for rankings in [&english, &chinese, &mixed] {
        assert_eq!(value(rankings, 0, "天山二村"), "2");
        assert_eq!(quality(rankings).used, 2);
    }
}

#[test]
fn a_mapped_header_replaces_the_defaults() {
    let spec = spec(
        "hotline",
        "[sources.s.columns]\ntime = \"来电时间\"",
        COUNT_NEIGHBORHOODS,
    );
    let rankings = ok(
        &spec,
        "编号,来电时间,受理时间,小区\n1,2018-11-01,2018-10-01,天山二村\n",
    );
    assert_eq!(value(&rankings, 0, "天山二村"), "1");
    let error = rank(
        &spec,
        "编号,受理时间,小区\n1,2018-11-01,天山二村\n".as_bytes(),
        &Options::new(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "s.csv:1: no column for 'time' in the header (looked for '来电时间', as the spec maps it; needed for the period of every record); the file's headers are '编号', '受理时间', '小区': if one of them holds it, map it under [sources.s.columns] as time = \"<that header>\""
    );
}

#[test]
fn bom_and_gb18030_exports_read_like_utf8() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let text = "工单编号,受理时间,小区\n1,2018-11-01,天山二村\n2,2018-11-02,遵义小区\n";
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let gbk = encoding_rs::GB18030.encode(text).0.into_owned();
    for (bytes, encoding) in [(bom, "auto"), (gbk.clone(), "auto"), (gbk, "gb18030")] {
        let spec = self::spec(
            "hotline",
            &format!("encoding = \"{encoding}\""),
            COUNT_NEIGHBORHOODS,
        );
        let rankings = rank(&spec, &bytes, &Options::new()).unwrap();
        assert_eq!(value(&rankings, 0, "天山二村"), "1");
        assert_eq!(value(&rankings, 0, "遵义小区"), "1");
    }
    let crlf = ok(&spec, &text.replace('\n', "\r\n"));
    assert_eq!(value(&crlf, 0, "遵义小区"), "1");
}

#[test]
fn gbk_bytes_under_utf8_are_an_error_naming_line_and_column() {
    let spec = spec("hotline", "encoding = \"utf-8\"", COUNT_NEIGHBORHOODS);
    let mut bytes = b"id,time,neighborhood\n1,2018-11-01,".to_vec();
    bytes.extend(encoding_rs::GB18030.encode("天山二村").0.iter());
    bytes.push(b'\n');
    let error = rank(&spec, &bytes, &Options::new()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "s.csv:2: column 'neighborhood': bytes that are not valid UTF-8: if the file is a GBK or GB18030 export (as Excel on Chinese Windows saves CSV), set encoding = \"gb18030\" for its source, or \"auto\" to detect it"
    );
}

#[test]
fn bad_bytes_count_only_in_the_columns_read() {
    let spec = spec("hotline", "encoding = \"utf-8\"", COUNT_NEIGHBORHOODS);
    // Bytes that are no text in a column no board reads: the row counts.
    let mut bytes = b"id,time,neighborhood,note\n1,2018-11-01,\xE5\xA4\xA9\xE5\xB1\xB1\xE4\xBA\x8C\xE6\x9D\x91,\xFF\n".to_vec();
    let rankings = rank(&spec, &bytes, &Options::new()).unwrap();
    assert_eq!(value(&rankings, 0, "天山二村"), "1");
    // A character cut between two fields is valid text across the row, but neither field is.
    bytes = b"id,time,neighborhood,note\n1,2018-11-01,\xE5,\xA4\xA9\n".to_vec();
    let error = rank(&spec, &bytes, &Options::new()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "s.csv:2: column 'neighborhood': bytes that are not valid UTF-8: if the file is a GBK or GB18030 export (as Excel on Chinese Windows saves CSV), set encoding = \"gb18030\" for its source, or \"auto\" to detect it"
    );
}

// ----- place resolution -----

#[test]
fn names_aliases_ids_and_full_width_digits_resolve() {
    let spec = spec("grid", "", COUNT_NEIGHBORHOODS);
    let rankings = ok(
        &spec,
        "id,time,neighborhood\n1,2018-11-01,天山二村\n2,2018-11-01,天山2村\n3,2018-11-01,天山２村\n4,2018-11-01,N1\n5,2018-11-01, 天山二村 \n",
    );
    assert_eq!(value(&rankings, 0, "天山二村"), "5");
}

#[test]
fn addresses_resolve_to_the_longest_name_and_ties_are_ambiguous() {
    let spec = spec("police", "", COUNT_NEIGHBORHOODS);
    let rankings = ok(
        &spec,
        "id,time,address\n\
         1,2018-11-01,天山路天山一村东区5号\n\
         2,2018-11-01,天山路天山一村5号\n\
         3,2018-11-01,遵义新光路口\n\
         4,2018-11-01,长宁路1号\n\
         5,2018-11-01,长宁路1号\n",
    );
    assert_eq!(value(&rankings, 0, "天山一村东区"), "1");
    assert_eq!(value(&rankings, 0, "天山一村"), "1");
    let quality = quality(&rankings);
    assert_eq!(
        (quality.used, quality.ambiguous, quality.unplaced),
        (2, 1, 2)
    );
    assert_eq!(quality.unmatched[0].name, "长宁路");
    assert_eq!(quality.unmatched[0].count, 2);
}

#[test]
fn the_kind_column_wins_and_one_record_counts_for_a_road_and_a_neighborhood() {
    let boards = [
        ("road", "measure = \"count\""),
        ("neighborhood", "measure = \"count\""),
    ];
    let spec = spec("grid", "", &boards);
    let rankings = ok(
        &spec,
        "id,time,道路,小区,地址\n\
         1,2018-11-01,天山路,,遵义小区3号\n\
         2,2018-11-01,,新光小区,遵义路10号\n\
         3,2018-11-01,长宁路,,\n",
    );
    assert_eq!(value(&rankings, 0, "天山路"), "1");
    assert_eq!(value(&rankings, 0, "遵义路"), "1");
    assert_eq!(value(&rankings, 1, "遵义小区"), "1");
    assert_eq!(value(&rankings, 1, "新光小区"), "1");
    let quality = quality(&rankings);
    assert_eq!((quality.used, quality.unplaced), (2, 1));
    assert_eq!(quality.unmatched[0].name, "长宁路");
}

#[test]
fn a_record_of_a_kind_no_board_ranks_is_used_not_unplaced() {
    let spec = spec("grid", "", &[("road", "measure = \"count\"")]);
    let rankings = ok(&spec, "id,time,address\n1,2018-11-01,天山二村5号\n");
    assert_eq!(quality(&rankings).used, 1);
}

#[test]
fn a_source_without_place_columns_is_an_error() {
    let spec = spec("police", "", COUNT_NEIGHBORHOODS);
    let error = rank(&spec, b"id,time,category\n", &Options::new()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "s.csv:1: no column for 'neighborhood' in the header (looked for 'neighborhood', '小区', '居民区', '小区名称', '所属小区', or an address: 'address', '地址', '事发地址', '事发地点', '详细地址', '发生地点', '案发地点'; needed for finding the neighborhood of each record); the file's headers are 'id', 'time', 'category': if one of them holds it, map it under [sources.s.columns] as neighborhood = \"<that header>\""
    );
}

// ----- repeated ids and periods -----

#[test]
fn repeated_ids_count_once() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let rankings = ok(
        &spec,
        "id,time,neighborhood\nA,2018-11-01,天山二村\nA,2018-11-01,天山二村\n Ａ ,2018-11-01,天山二村\nB,2018-11-01,天山二村\n,2018-11-02,天山二村\n,2018-11-02,天山二村\n",
    );
    // Empty ids are not repeats of each other: counted, and reported.
    assert_eq!(value(&rankings, 0, "天山二村"), "4");
    let quality = quality(&rankings);
    assert_eq!(
        (
            quality.read,
            quality.repeated,
            quality.differing_repeats,
            quality.without_id
        ),
        (6, 2, 0, 2)
    );
    assert!(
        quality.summary().contains("; 2 without an id;"),
        "{}",
        quality.summary()
    );
    // A source whose file has no id column has no record without an id.
    let rankings = ok(
        &spec,
        "time,neighborhood\n2018-11-01,天山二村\n2018-11-01,天山二村\n",
    );
    assert_eq!(value(&rankings, 0, "天山二村"), "2");
    assert_eq!(self::quality(&rankings).without_id, 0);
}

/// Ranks the rows of `csv` (header first) with the count board of `rank_grid_file`: from a
/// file, from a reader, and fed from memory; the three must agree, and that is returned.
fn rank_grid_every_way(name: &str, csv: &str) -> Rankings {
    let folder =
        std::env::temp_dir().join(format!("livability-ways-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("grid.csv");
    std::fs::write(&path, csv).unwrap();
    let from_file = rank_grid_file(&path);
    std::fs::remove_dir_all(folder).unwrap();
    let text = "period = \"2018-11\"\n[sources.grid]\n[[boards]]\nid = \"b\"\nkind = \"neighborhood\"\n[[boards.indicators]]\nid = \"x\"\nsource = \"grid\"\nmeasure = \"count\"\nbetter = \"lower\"\n";
    let spec = Spec::from_toml_str(text, "spec.toml").unwrap();
    let places = places();
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    ranker
        .read_source("grid", csv.as_bytes(), "grid.csv")
        .unwrap();
    let from_reader = ranker.finish().unwrap();
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for line in lines {
        let record = header
            .iter()
            .zip(line.split(','))
            .fold(Record::new(), |record, (name, value)| {
                record.with(*name, value)
            });
        ranker.add_record("grid", &record).unwrap();
    }
    let from_memory = ranker.finish().unwrap();
    for (way, rankings) in [("a reader", &from_reader), ("memory", &from_memory)] {
        assert_eq!(
            from_file.to_string_as(livability::Format::Csv),
            rankings.to_string_as(livability::Format::Csv),
            "{name}: from {way}"
        );
        let (file, other) = (quality(&from_file), quality(rankings));
        assert_eq!(
            (file.used, file.repeated, file.differing_repeats),
            (other.used, other.repeated, other.differing_repeats),
            "{name}: from {way}"
        );
        // Lines count the header; positions among the records fed do not.
        let ids = |quality: &SourceQuality, shift: u64| -> Vec<(String, Vec<u64>, u64)> {
            quality
                .differing_ids
                .iter()
                .map(|listed| {
                    let copies = listed.copies.iter().map(|at| at + shift).collect();
                    (listed.id.clone(), copies, listed.counted + shift)
                })
                .collect()
        };
        let shift = if way == "memory" { 1 } else { 0 };
        assert_eq!(ids(file, 0), ids(other, shift), "{name}: from {way}");
    }
    from_file
}

#[test]
fn the_latest_copy_of_an_id_counts_in_any_order() {
    // The same case exported twice: once placed in 天山二村, later in 遵义小区.
    let header = "id,time,neighborhood\n";
    let (a, b) = ("G1,2018-11-01,天山二村\n", "G1,2018-11-03,遵义小区\n");
    for (name, rows, counted) in [("ab", [a, b], 3), ("ba", [b, a], 2)] {
        let rankings = rank_grid_every_way(name, &format!("{header}{}{}", rows[0], rows[1]));
        let quality = quality(&rankings);
        assert_eq!(
            (quality.used, quality.repeated, quality.differing_repeats),
            (1, 1, 1)
        );
        assert_eq!(
            (
                value(&rankings, 0, "天山二村"),
                value(&rankings, 0, "遵义小区")
            ),
            ("0".into(), "1".into())
        );
        let listed = &quality.differing_ids[0];
        assert_eq!(
            (listed.id.as_str(), &listed.copies[..], listed.counted),
            ("G1", &[2, 3][..], counted)
        );
    }
}

#[test]
fn a_closed_copy_is_later_than_an_open_one_then_the_later_closing_counts() {
    let header = "id,time,neighborhood,closed_time\n";
    // Closed, then reported again (later) without its closing time: the closed copy counts.
    let closed = "G1,2018-11-05,天山二村,2018-11-06 10:00\n";
    let reopened = "G1,2018-11-07,遵义小区,\n";
    // Closed later: counts, though its time is earlier.
    let closed_later = "G1,2018-11-04,新光小区,2018-11-08\n";
    // A closing time that cannot be read, where no board reads it: taken as none.
    let unreadable = "G1,2018-11-09,天山一村,soon\n";
    let rows = [closed, reopened, closed_later, unreadable];
    for (name, order) in [
        ("1", [0, 1, 2, 3]),
        ("2", [3, 2, 1, 0]),
        ("3", [1, 3, 0, 2]),
    ] {
        let csv: String = order.iter().map(|&row| rows[row]).collect();
        let rankings = rank_grid_every_way(&format!("closed-{name}"), &format!("{header}{csv}"));
        assert_eq!(value(&rankings, 0, "新光小区"), "1", "{name}");
        let quality = quality(&rankings);
        assert_eq!(
            (quality.used, quality.repeated, quality.rejected),
            (1, 3, 0)
        );
        assert_eq!(quality.differing_repeats, 3);
        let counted = 2 + order.iter().position(|&row| row == 2).unwrap() as u64;
        assert_eq!(quality.differing_ids[0].counted, counted, "{name}");
    }
}

#[test]
fn the_report_lists_the_ids_whose_copies_differ_with_their_lines() {
    let rankings = rank_grid_every_way(
        "listed",
        "id,time,neighborhood\nA,2018-11-01,天山二村\nB,2018-11-01,天山二村\nA,2018-11-02,遵义小区\nB,2018-11-01,天山二村\nC,2018-11-02,新光小区\nC,2018-11-01,遵义小区\nA,2018-11-01,天山二村\n",
    );
    let quality = quality(&rankings);
    // B's copies are alike: not listed. A's first and last copies differ from its second.
    assert_eq!((quality.repeated, quality.differing_repeats), (4, 3));
    let listed: Vec<(&str, &[u64], u64)> = quality
        .differing_ids
        .iter()
        .map(|listed| (listed.id.as_str(), listed.copies.as_slice(), listed.counted))
        .collect();
    assert_eq!(listed, [("A", &[2, 4, 8][..], 4), ("C", &[6, 7][..], 6)]);
    let text = rankings.quality.to_text();
    assert!(
        text.contains("3 differing from the copy that counts (the latest)"),
        "{text}"
    );
    assert!(
        text.contains("  differing id A: lines 2, 4 (counts), 8\n"),
        "{text}"
    );
    assert!(
        text.contains("  differing id C: lines 6 (counts), 7\n"),
        "{text}"
    );
    let json = serde_json::to_value(&rankings.quality).unwrap();
    assert_eq!(
        json["sources"][0]["differing_ids"][0],
        serde_json::json!({"id": "A", "copies": [2, 4, 8], "counted": 4})
    );
}

#[test]
fn at_most_so_many_differing_ids_are_listed_those_first_in_the_file_first() {
    let ids = livability::quality::DIFFERING_IDS_LISTED + 3;
    let mut csv = String::from("id,time,neighborhood\n");
    for n in 0..ids {
        csv += &format!("G{n},2018-11-01,天山二村\n");
    }
    // Their second copies in the reverse order.
    for n in (0..ids).rev() {
        csv += &format!("G{n},2018-11-02,遵义小区\n");
    }
    let rankings = rank_grid_every_way("many", &csv);
    let quality = quality(&rankings);
    assert_eq!(quality.differing_repeats, ids as u64);
    let listed: Vec<&str> = quality
        .differing_ids
        .iter()
        .map(|listed| listed.id.as_str())
        .collect();
    let expected: Vec<String> = (0..livability::quality::DIFFERING_IDS_LISTED)
        .map(|n| format!("G{n}"))
        .collect();
    assert_eq!(listed, expected);
    assert!(
        rankings
            .quality
            .to_text()
            .contains("(the first 20 ids whose copies differ, by their first copy)")
    );
}

#[test]
fn a_filter_value_held_by_a_copy_that_does_not_count_is_held_whatever_the_order() {
    // A case first filed as 市容环境, then (later, the copy that counts) as 设施管理: the
    // filter's value occurs among the records read, in either order, however they arrive.
    let spec = spec(
        "grid",
        "",
        &[(
            "neighborhood",
            "measure = \"count\"\nwhere = { category = \"市容环境\" }",
        )],
    );
    let (a, b) = (
        "G1,2018-11-01,天山二村,市容环境\n",
        "G1,2018-11-03,天山二村,设施管理\n",
    );
    for rows in [[a, b], [b, a]] {
        let csv = format!("id,time,neighborhood,category\n{}{}", rows[0], rows[1]);
        let from_reader = ok(&spec, &csv);
        let places = places();
        let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
        for row in rows {
            let fields: Vec<&str> = row.trim_end().split(',').collect();
            let record = ["id", "time", "neighborhood", "category"]
                .iter()
                .zip(fields)
                .fold(Record::new(), |record, (name, value)| {
                    record.with(*name, value)
                });
            ranker.add_record("s", &record).unwrap();
        }
        let from_memory = ranker.finish().unwrap();
        for rankings in [&from_reader, &from_memory] {
            assert_eq!(value(rankings, 0, "天山二村"), "0");
            assert!(
                !rankings
                    .quality
                    .warnings
                    .iter()
                    .any(|warning| matches!(warning, Warning::FilterMatchedNothing { .. })),
                "{:?}",
                rankings.quality.warnings
            );
        }
    }
}

#[test]
fn copies_far_apart_are_settled_by_a_second_reading() {
    // More rows between the copies than the repeat table keeps fingerprints for (65,536), with
    // numbered ids and others: the far copy is compared with the first on a second reading.
    // Copies side by side followed by as many rows: the copy to count is not forgotten.
    let filler: String = (1..=70_000)
        .map(|n| format!("F{n},2018-11-02,城外\n"))
        .collect();
    let folder = std::env::temp_dir().join(format!("livability-far-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    for id in ["G7", "案件甲"] {
        let a = format!("{id},2018-11-01,天山二村\n");
        let b = format!("{id},2018-11-03,遵义小区\n");
        let mut outcomes = Vec::new();
        for (name, rows, differing) in [
            ("ab.csv", [&a, &b], 1),
            ("ba.csv", [&b, &a], 1),
            ("aa.csv", [&a, &a], 0),
        ] {
            for (layout, text) in [
                ("far", format!("{}{filler}{}", rows[0], rows[1])),
                // Compared at once, then the first copy's fingerprint is forgotten.
                ("near", format!("{}{}{filler}", rows[0], rows[1])),
            ] {
                let path = folder.join(format!("{layout}-{name}"));
                std::fs::write(&path, format!("id,time,neighborhood\n{text}")).unwrap();
                let rankings = rank_grid_file(&path);
                let quality = quality(&rankings);
                assert_eq!(
                    (quality.used, quality.unplaced, quality.repeated),
                    (1, 70_000, 1),
                    "{id} {layout} {name}"
                );
                assert_eq!(quality.differing_repeats, differing, "{id} {layout} {name}");
                outcomes.push((
                    value(&rankings, 0, "天山二村"),
                    value(&rankings, 0, "遵义小区"),
                ));
            }
        }
        // ab and ba, far and near, count the latest copy; aa counts its one copy.
        assert!(
            outcomes[..4]
                .iter()
                .all(|outcome| *outcome == ("0".into(), "1".into())),
            "{id}"
        );
        assert_eq!(outcomes[4], ("1".into(), "0".into()), "{id}");
        assert_eq!(outcomes[5], outcomes[4], "{id}");
    }
    std::fs::remove_dir_all(folder).unwrap();
}

#[test]
fn records_of_other_months_are_out_of_period_and_the_previous_feeds_rank_changes() {
    let spec = spec("hotline", "", &[("neighborhood", "measure = \"count\"")]);
    let rankings = ok(
        &spec,
        "id,time,neighborhood\n1,2018-11-30 23:59:59,天山二村\n2,2018-12-01,天山二村\n3,2018-10-31,遵义小区\n4,2018-10-01,长宁小区\n5,2017-11-05,天山二村\n",
    );
    assert_eq!(value(&rankings, 0, "天山二村"), "1");
    let quality = quality(&rankings);
    assert_eq!(
        (quality.used, quality.out_of_period, quality.previous_period),
        (1, 4, 1)
    );
    assert_eq!(
        rankings.boards[0].compared_with,
        Some("2018-10".parse().unwrap())
    );
}

#[test]
fn every_time_format_is_read() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let times = [
        "2018-11-05",
        "2018-11-05 09:03",
        "2018-11-05 09:03:27",
        "2018/11/05",
        "2018/11/05 09:03",
        "2018/11/05 09:03:27",
        "2018-11-05T09:03:27",
        "2018/11/5 9:03",
    ];
    let mut csv = String::from("id,time,neighborhood\n");
    for (index, time) in times.iter().enumerate() {
        csv += &format!("{index},{time},天山二村\n");
    }
    assert_eq!(
        value(&ok(&spec, &csv), 0, "天山二村"),
        times.len().to_string()
    );
}

// ----- measures and filters -----

#[test]
fn count_and_rate_per_attribute() {
    let boards = [
        (
            "road",
            "measure = \"rate\"\nper = \"length_km\"\nscale = 10",
        ),
        (
            "neighborhood",
            "measure = \"rate\"\nper = \"households\"\nscale = 1000",
        ),
    ];
    let spec = spec("grid", "", &boards);
    let rankings = ok(
        &spec,
        "id,time,road,neighborhood\n1,2018-11-01,天山路,天山二村\n2,2018-11-01,天山路,天山二村\n3,2018-11-01,遵义路,遵义小区\n4,2018-11-01,新华路,新光小区\n",
    );
    assert_eq!(value(&rankings, 0, "天山路"), "10");
    assert_eq!(value(&rankings, 0, "遵义路"), "6.25");
    // No length: missing, not zero.
    assert_eq!(value(&rankings, 0, "新华路"), "-");
    assert_eq!(value(&rankings, 1, "天山二村"), "2");
    assert_eq!(value(&rankings, 1, "遵义小区"), "2");
    assert_eq!(value(&rankings, 1, "新光小区"), "-");
}

#[test]
fn share_of_a_filter() {
    let boards = [(
        "neighborhood",
        "measure = \"share\"\nwhere = { type = [\"投诉\", \"求助\"] }\nof = { satisfied = \"满意\" }",
    )];
    let spec = spec("hotline", "", &boards);
    let rankings = ok(
        &spec,
        "工单编号,受理时间,小区,诉求类型,是否满意\n\
         1,2018-11-01,天山二村,投诉,满意\n\
         2,2018-11-01,天山二村,求助,不满意\n\
         3,2018-11-01,天山二村,投诉,满意\n\
         4,2018-11-01,天山二村,咨询,不满意\n\
         5,2018-11-01,遵义小区,咨询,满意\n",
    );
    assert_eq!(
        value(&rankings, 0, "天山二村"),
        "66.666666666666666666666666667"
    );
    // Nothing passes `where`: missing.
    assert_eq!(value(&rankings, 0, "遵义小区"), "-");
}

#[test]
fn mean_of_a_column_and_of_hours_to_close() {
    let boards = [
        ("neighborhood", "measure = \"mean\"\nfield = \"score\""),
        (
            "neighborhood",
            "measure = \"mean\"\nfield = \"hours_to_close\"",
        ),
    ];
    let sanitation = spec("sanitation", "", &boards[..1]);
    let rankings = ok(
        &sanitation,
        "检查编号,检查时间,小区,得分\n1,2018-11-01,天山二村,90.5\n2,2018-11-08,天山二村,85\n3,2018-11-08,遵义小区,１００\n",
    );
    assert_eq!(value(&rankings, 0, "天山二村"), "87.75");
    assert_eq!(value(&rankings, 0, "遵义小区"), "100");
    let grid = spec("grid", "", &boards[1..]);
    let rankings = ok(
        &grid,
        "案件编号,上报时间,结案时间,小区\n1,2018-11-01 08:00,2018-11-01 10:30,天山二村\n2,2018-11-02 08:00,2018-11-03 08:00,天山二村\n3,2018-11-02 08:00,,遵义小区\n",
    );
    // (2.5 + 24) / 2 = 13.25 hours; a case not closed has no value.
    assert_eq!(value(&rankings, 0, "天山二村"), "13.25");
    assert_eq!(value(&rankings, 0, "遵义小区"), "-");
}

#[test]
fn filters_on_canonical_columns_and_on_any_header() {
    let boards = [(
        "neighborhood",
        "measure = \"count\"\nwhere = { category = \"市容环境\", \"处理部门\" = [\"城管\", \"绿化\"] }",
    )];
    let spec = spec("grid", "", &boards);
    let rankings = ok(
        &spec,
        "案件编号,上报时间,小区,大类,处理部门\n\
         1,2018-11-01,天山二村,市容环境,城管\n\
         2,2018-11-01,天山二村,市容环境,房管\n\
         3,2018-11-01,天山二村,街面秩序,城管\n\
         4,2018-11-01,天山二村, 市容环境 ,绿化\n",
    );
    assert_eq!(value(&rankings, 0, "天山二村"), "2");
    let error = rank(
        &spec,
        "案件编号,上报时间,小区,大类\n".as_bytes(),
        &Options::new(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "s.csv:1: no column for '处理部门' in the header (looked for '处理部门'; needed for boards[0].indicators[0].where); the file's headers are '案件编号', '上报时间', '小区', '大类': if one of them holds it, map it under [sources.s.columns] as 处理部门 = \"<that header>\""
    );
}

// ----- records from memory -----

#[test]
fn records_from_memory_count_like_rows() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let places = places();
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    for id in ["1", "2", "2", " "] {
        let record = Record::new()
            .with("id", id)
            .with("受理时间", "2018-11-03")
            .with("地址", "天山二村1号");
        ranker.add_record("s", &record).unwrap();
    }
    // A record without an id field is not one with an empty id.
    let record = Record::new()
        .with("受理时间", "2018-11-03")
        .with("地址", "天山二村1号");
    ranker.add_record("s", &record).unwrap();
    let rankings = ranker.finish().unwrap();
    assert_eq!(value(&rankings, 0, "天山二村"), "4");
    assert_eq!(quality(&rankings).repeated, 1);
    assert_eq!(quality(&rankings).without_id, 1);
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let error = ranker
        .add_record(
            "s",
            &Record::new()
                .with("time", "2018-11-31")
                .with("小区", "天山二村"),
        )
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "source 's': record 1: column 'time': cannot read \"2018-11-31\" as a date (the forms read: 2018-11-05, 2018/11/5, either followed by 09:30 or 09:30:15, and 2018-11-05T09:30:15; as offices write them, 2018年11月5日 and 2018.11.5, either followed by 09:30 or 9时30分)"
    );
}

// ----- malformed rows -----

/// Each class of malformed row: an error naming file, line and column by default; skipped and
/// listed with `--lenient`.
#[test]
fn malformed_rows_name_file_line_and_column_or_are_listed_when_lenient() {
    let boards = [("neighborhood", "measure = \"mean\"\nfield = \"score\"")];
    let spec = spec("sanitation", "", &boards);
    let header = "检查编号,检查时间,小区,得分\n";
    let cases = [
        (
            "1,2018-13-45,天山二村,90\n",
            "s.csv:2: column '检查时间': cannot read \"2018-13-45\" as a date (the forms read: 2018-11-05, 2018/11/5, either followed by 09:30 or 09:30:15, and 2018-11-05T09:30:15; as offices write them, 2018年11月5日 and 2018.11.5, either followed by 09:30 or 9时30分)",
        ),
        (
            "1,,天山二村,90\n",
            "s.csv:2: column '检查时间': missing value",
        ),
        (
            "1,2018-11-01,天山二村,ninety\n",
            "s.csv:2: column '得分': cannot read \"ninety\" as a decimal",
        ),
        (
            "1,2018-11-01,天山二村,\n",
            "s.csv:2: column '得分': missing value",
        ),
        (
            "1,2018-11-01,天山二村\n",
            "s.csv:2: found 3 fields, but the header has 4",
        ),
        (
            "1,2018-11-01,天山二村,1.00000000000000000000000000001\n",
            "s.csv:2: column '得分': \"1.00000000000000000000000000001\" has more digits than a decimal holds exactly (28 significant digits at most)",
        ),
    ];
    for (row, message) in cases {
        let csv = format!("{header}{row}2,2018-11-02,天山二村,80\n");
        let error = rank(&spec, csv.as_bytes(), &Options::new()).unwrap_err();
        assert_eq!(error.to_string(), message);
        let rankings = rank(&spec, csv.as_bytes(), &Options::new().lenient(true)).unwrap();
        let quality = quality(&rankings);
        assert_eq!((quality.read, quality.rejected, quality.used), (2, 1, 1));
        assert_eq!(quality.rejected_rows[0].error().to_string(), message);
        assert_eq!(quality.rejected_rows[0].line(), Some(2));
        assert_eq!(value(&rankings, 0, "天山二村"), "80");
    }
}

#[test]
fn a_closing_time_before_the_time_is_malformed() {
    let boards = [(
        "neighborhood",
        "measure = \"mean\"\nfield = \"hours_to_close\"",
    )];
    let spec = spec("hotline", "", &boards);
    let csv = "工单编号,受理时间,办结时间,小区\n1,2018-11-02 08:00,2018-11-01 08:00,天山二村\n";
    let error = rank(&spec, csv.as_bytes(), &Options::new()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "s.csv:2: column '办结时间': cannot read \"2018-11-01 08:00\" as a time not before the record's time (2018-11-02T08:00:00)"
    );
}

// ----- data the boards cannot support: empty sources, warnings, no invented changes -----

/// The warnings of a ranking, as their messages.
fn warnings(rankings: &Rankings) -> Vec<String> {
    rankings
        .quality
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_file_with_a_header_only_is_a_source_without_records_in_every_mode() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    for options in [Options::new(), Options::new().lenient(true)] {
        let rankings = rank(&spec, "id,time,neighborhood\r\n".as_bytes(), &options).unwrap();
        assert_eq!(quality(&rankings).read, 0);
        assert!(
            warnings(&rankings).contains(
                &"source 's' has no record of 2018-11: check the file and the period".to_owned()
            ),
            "{:?}",
            warnings(&rankings)
        );
        assert!(matches!(
            rankings.quality.warnings[0],
            Warning::EmptySource { .. }
        ));
    }
}

#[test]
fn a_filter_value_no_record_holds_is_a_warning_naming_the_values_that_occur() {
    let spec = spec(
        "hotline",
        "",
        &[(
            "neighborhood",
            "measure = \"count\"\nwhere = { type = [\"投訴\", \"投诉\"] }",
        )],
    );
    let rankings = ok(
        &spec,
        "id,time,neighborhood,type\n1,2018-11-01,天山二村,投诉\n2,2018-11-01,天山二村,咨询\n3,2018-11-01,遵义小区,咨询\n4,2018-11-01,遵义小区,求助\n5,2018-10-01,遵义小区,投訴\n",
    );
    // 投訴 occurs only in the previous month; 投诉 occurs: one warning.
    assert_eq!(
        warnings(&rankings),
        [
            "boards[0].indicators[0].where: no record of the period has type = \"投訴\"; the column holds \"咨询\" (2), \"求助\" (1)"
        ]
    );
    // Every value occurring: no warning, whatever the order.
    let rankings = ok(
        &spec,
        "id,time,neighborhood,type\n1,2018-11-01,天山二村,咨询\n2,2018-11-01,天山二村,投訴\n3,2018-11-01,遵义小区,投诉\n",
    );
    assert_eq!(warnings(&rankings), Vec::<String>::new());
}

#[test]
fn a_board_whose_places_all_tie_and_an_indicator_of_one_value_are_warnings() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    // Every neighborhood with no record: all at 0, all tied.
    let rankings = ok(&spec, "id,time,neighborhood\n1,2018-11-01,天山路\n");
    assert_eq!(
        warnings(&rankings),
        [
            "board 'b0': all 5 ranked places tie at 100.0: check its filters and sources",
            "board 'b0': indicator 'x' is 0 for all 5 places: it tells none apart",
            // Its one record names a road in the neighborhood column: nothing is counted.
            "board 'b0': counts 0 of the 1 records it selects from source 's' (0.0 %, below its min_coverage of 95 %); mostly unknown name: 1 (the workbook's \"uncounted records\" sheet lists them)",
        ]
    );
    // Two places apart, three tied at the top: a legitimate board, no warning.
    let rankings = ok(
        &spec,
        "id,time,neighborhood\n1,2018-11-01,天山二村\n2,2018-11-01,遵义小区\n",
    );
    assert_eq!(warnings(&rankings), Vec::<String>::new());
}

#[test]
fn the_first_month_of_data_invents_no_rank_change() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let rankings = ok(
        &spec,
        "id,time,neighborhood\n1,2018-11-01,天山二村\n2,2018-11-01,遵义小区\n3,2018-11-02,遵义小区\n",
    );
    let board = &rankings.boards[0];
    assert_eq!(board.compared_with, None);
    assert!(board.entries.iter().all(|entry| entry.change.is_none()));
    // With a record of the previous month, changes are shown again.
    let rankings = ok(
        &spec,
        "id,time,neighborhood\n1,2018-11-01,天山二村\n2,2018-11-01,遵义小区\n3,2018-10-02,遵义小区\n",
    );
    assert!(
        rankings.boards[0]
            .entries
            .iter()
            .all(|entry| entry.change.is_some())
    );
}

#[test]
fn a_renamed_place_header_is_a_warning_and_shows_in_the_counts_per_kind() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    // `所在小区` is no header of the neighborhood column: records are placed by address only.
    let rankings = ok(
        &spec,
        "id,time,所在小区,地址\n1,2018-11-01,天山二村,\n2,2018-11-01,遵义小区,长宁路1号\n3,2018-11-01,新光小区,天山二村5号\n",
    );
    let quality = quality(&rankings);
    let kind = &quality.kinds[0];
    assert_eq!(kind.kind, PlaceKind::Neighborhood);
    assert!(!kind.column);
    assert_eq!(
        (kind.placed, kind.by_address, kind.unplaced, kind.ambiguous),
        (1, 1, 2, 0)
    );
    assert_eq!(kind.unmatched[0].name, "长宁路");
    assert_eq!(
        warnings(&rankings)[0],
        "source 's' has no neighborhood column ('neighborhood', '小区', '居民区', '小区名称', '所属小区') and places 1 of its 3 records of the period by address: if the export names the neighborhood under another header, add it under [sources.s.columns], as neighborhood = \"…\""
    );
    // With the header mapped, every record is placed and nothing is said.
    let spec = self::spec(
        "hotline",
        "[sources.s.columns]\nneighborhood = \"所在小区\"",
        COUNT_NEIGHBORHOODS,
    );
    let rankings = ok(
        &spec,
        "id,time,所在小区,地址\n1,2018-11-01,天山二村,\n2,2018-11-01,遵义小区,长宁路1号\n3,2018-11-01,新光小区,天山二村5号\n",
    );
    let kind = &self::quality(&rankings).kinds[0];
    assert!(kind.column);
    assert_eq!((kind.placed, kind.by_address, kind.unplaced), (3, 0, 0));
    assert!(
        !warnings(&rankings)
            .iter()
            .any(|warning| warning.contains("column"))
    );
}

#[test]
fn a_workbook_named_as_a_source_is_said_to_be_one() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    for (bytes, what) in [
        (&b"PK\x03\x04\x14\x00\x06\x00"[..], "a ZIP archive"),
        (
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0][..],
            "an Excel 97-2003 workbook (.xls)",
        ),
    ] {
        let error = rank(&spec, bytes, &Options::new()).unwrap_err();
        assert!(
            matches!(error.kind(), livability::error::ErrorKind::NotCsv { .. }),
            "{error}"
        );
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("s.csv: this is {what}")),
            "{message}"
        );
        assert!(
            message.ends_with(if cfg!(feature = "spreadsheet") {
                "give the file its workbook's extension (.xlsx, .xls or .ods) to read it as a workbook, or save its sheet as CSV (UTF-8)"
            } else {
                "save its sheet as CSV (UTF-8) in Excel or WPS, and name that file"
            })
        );
    }
}

#[test]
fn a_name_one_character_off_a_place_is_a_warning_with_the_alias_to_add() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let rankings = ok(
        &spec,
        "id,time,neighborhood\n1,2018-11-01,新元小区\n2,2018-11-02,新元小区\n3,2018-11-01,天山三村\n4,2018-11-01,遵义小区\n5,2018-11-01,新光小曲\n",
    );
    let close: Vec<String> = rankings
        .quality
        .warnings
        .iter()
        .filter(|warning| matches!(warning, Warning::CloseName { .. }))
        .map(ToString::to_string)
        .collect();
    // 天山三村 differs from 天山二村 and 天山一村 only in its number: another village, no
    // guess. 新光小曲 holds the alias 新光: placed, by a name within the column.
    assert_eq!(
        close,
        [
            "source 's': 2 records of the period name the neighborhood \"新元小区\", which is no place; did you mean \"新光小区\" (N3)? If it is another spelling of 新光小区, add \"新元小区\" to the aliases of N3 in the places file"
        ]
    );
    let neighborhoods = &rankings.quality.sources[0].kinds[0];
    assert_eq!((neighborhoods.placed, neighborhoods.within_column), (2, 1));
}

#[test]
fn a_record_from_memory_with_a_misspelled_field_is_refused_unless_told() {
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let places = places();
    let record = Record::new()
        .with("id", "T7")
        .with("time", "2018-11-03")
        .with("neighbourhood", "天山二村");
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let error = ranker.add_record("s", &record).unwrap_err();
    assert!(
        matches!(
            error.kind(),
            livability::error::ErrorKind::UnknownField { .. }
        ),
        "{error}"
    );
    assert!(
        error.to_string().starts_with(
            "source 's': record 1: field 'neighbourhood' is no column of a hotline source"
        ),
        "{error}"
    );
    // Told to keep extra fields: the record is counted, placed by nothing.
    let mut ranker = Ranker::new(&spec, &places, &Options::new().extra_fields(true)).unwrap();
    ranker.add_record("s", &record).unwrap();
    assert_eq!(quality(&ranker.finish().unwrap()).unplaced, 1);
    // A column of the kind that no board reads is no typo.
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let record = Record::new()
        .with("id", "T8")
        .with("time", "2018-11-03")
        .with("小区", "天山二村")
        .with("是否满意", "满意");
    ranker.add_record("s", &record).unwrap();
}

#[test]
fn records_from_memory_take_typed_times_and_their_errors_name_their_id() {
    use jiff::civil::date;
    let spec = spec("hotline", "", COUNT_NEIGHBORHOODS);
    let places = places();
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    for (id, time) in [
        ("T1", date(2018, 11, 30).at(23, 59, 59, 500_000_000)),
        ("T2", date(2018, 12, 1).at(0, 0, 0, 0)),
    ] {
        let record = Record::new()
            .with("id", id)
            .with_time("time", time)
            .with("小区", "天山二村");
        ranker.add_record("s", &record).unwrap();
    }
    let record = Record::new()
        .with("id", "T3")
        .with_date("time", date(2018, 11, 2))
        .with("小区", "天山二村");
    ranker.add_record("s", &record).unwrap();
    let rankings = ranker.finish().unwrap();
    assert_eq!(value(&rankings, 0, "天山二村"), "2");
    let mut ranker = Ranker::new(&spec, &places, &Options::new()).unwrap();
    let error = ranker
        .add_record(
            "s",
            &Record::new()
                .with("id", " G-17 ")
                .with("time", "2018-11-31"),
        )
        .unwrap_err();
    assert!(
        error.to_string().starts_with(
            "source 's': record 1 (id 'G-17'): column 'time': cannot read \"2018-11-31\""
        ),
        "{error}"
    );
}
