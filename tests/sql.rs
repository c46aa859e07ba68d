//! `livability sql`: every query it writes runs on SQLite (rusqlite's bundled library) over the
//! tables of the Tianshan fixture and of a generated city, and the boards ranked from the
//! rows it returns equal, byte for byte in every format, the boards ranked from the files.
//! The queries of the four dialects are golden files, and each parses with its engine's
//! dialect of `sqlparser`.

mod common;

use std::path::{Path, PathBuf};

use livability::{Dialect, Format, Options, Rankings, Spec};
use rusqlite::Connection;

/// A fresh, empty folder for this test.
fn folder(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("livability-sql-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// A CSV export as text: UTF-8 (its BOM dropped), else GB18030.
fn decode(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Loads the CSV file `path` into table `table`, every column text, named by its header.
fn load(connection: &Connection, table: &str, path: &Path) {
    let text = decode(path);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|cell| cell.trim().to_owned())
        .collect();
    let columns: Vec<String> = header
        .iter()
        .map(|cell| format!("\"{}\" TEXT", cell.replace('"', "\"\"")))
        .collect();
    connection
        .execute_batch(&format!(
            "CREATE TABLE \"{table}\" ({});",
            columns.join(", ")
        ))
        .unwrap();
    let marks: Vec<String> = (1..=header.len()).map(|n| format!("?{n}")).collect();
    let mut insert = connection
        .prepare(&format!(
            "INSERT INTO \"{table}\" VALUES ({})",
            marks.join(", ")
        ))
        .unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let fields: Vec<&str> = record.iter().collect();
        insert.execute(rusqlite::params_from_iter(fields)).unwrap();
    }
}

/// Runs every query of `spec`'s SQLite plan over its sources' files loaded into SQLite, writes
/// each query's rows as `<source>.csv` into a folder, and ranks them.
fn rank_through_sqlite(spec: &Spec, name: &str) -> Rankings {
    let plan = livability::sql(spec, Dialect::Sqlite, None).unwrap();
    let connection = Connection::open_in_memory().unwrap();
    connection.execute_batch(&plan.places_sql()).unwrap();
    let spec_folder = spec.places_path().unwrap().parent().unwrap().to_path_buf();
    let results = folder(name);
    for query in &plan.queries {
        load(
            &connection,
            &query.source,
            &spec_folder.join(format!("{}.csv", query.source)),
        );
        let mut statement = connection.prepare(&query.sql).unwrap();
        let mut rows = statement.query([]).unwrap();
        let mut writer =
            csv::Writer::from_path(results.join(format!("{}.csv", query.source))).unwrap();
        writer
            .write_record(["period", "place", "indicator", "value"])
            .unwrap();
        while let Some(row) = rows.next().unwrap() {
            let fields: Vec<String> = (0..4)
                .map(|column| {
                    row.get::<_, Option<String>>(column)
                        .unwrap()
                        .unwrap_or_default()
                })
                .collect();
            writer.write_record(&fields).unwrap();
        }
        writer.flush().unwrap();
    }
    livability::rank(
        &spec.sql_results(&results).unwrap(),
        &Options::new().every_place(true),
    )
    .unwrap()
}

/// The boards in every format but the quality report, which counts table rows on one side and
/// records on the other.
fn boards(rankings: &Rankings) -> String {
    let mut text = String::new();
    for format in [
        Format::Table,
        Format::Newsletter,
        Format::Csv,
        Format::Markdown,
    ] {
        text.push_str(&rankings.to_string_as(format));
    }
    text.push_str(&serde_json::to_string_pretty(&rankings.boards).unwrap());
    text
}

fn assert_same_boards(spec: &Spec, name: &str) {
    let from_files = livability::rank(spec, &Options::new().every_place(true)).unwrap();
    let from_sql = rank_through_sqlite(spec, name);
    let (files, sql) = (boards(&from_files), boards(&from_sql));
    assert!(
        files == sql,
        "the boards differ:\n{}",
        common::diff(&files, &sql)
    );
}

#[test]
fn the_tianshan_boards_through_sqlite_equal_the_boards_from_the_files() {
    let spec = Spec::from_path(common::fixture("tianshan").join("spec.toml")).unwrap();
    assert_same_boards(&spec, "tianshan");
}
