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

/// Names as written: numbers in three spellings (`天山3村`, `天山３村`, `天山三村`), spaces, a
/// name and more in a place column, administrative names (`天山路街道`) in columns and
/// addresses.
#[test]
fn names_as_written_through_sqlite_equal_the_boards_from_the_files() {
    let spec = Spec::from_path(common::fixture("names").join("spec.toml")).unwrap();
    assert_same_boards(&spec, "names");
}

#[cfg(feature = "generate")]
#[test]
fn a_generated_city_through_sqlite_equals_the_city_from_its_files() {
    // Small, so that the test stays fast: ids of every form, addresses and repeats.
    let options = livability::CityOptions::new(60, 30, 4000)
        .ids(livability::IdForm::Mixed)
        .address_per_mille(200)
        .repeat_per_mille(30)
        .seed(7);
    let city = livability::generate_city(&options, &folder("city-files")).unwrap();
    let spec = Spec::from_path(&city.spec).unwrap();
    assert_same_boards(&spec, "city");
}

/// The Tianshan queries of every dialect, and its places table, as golden files.
#[test]
fn the_queries_of_every_dialect_are_golden() {
    let spec = Spec::from_path(common::fixture("tianshan").join("spec.toml")).unwrap();
    for dialect in Dialect::ALL {
        let plan = livability::sql(&spec, dialect, None).unwrap();
        for query in &plan.queries {
            common::assert_golden(
                &format!("tests/golden/sql/{dialect}/{}.sql", query.source),
                &query.sql,
            );
        }
        common::assert_golden(
            &format!("tests/golden/sql/{dialect}/livability_places.sql"),
            &plan.places_sql(),
        );
    }
    let plan = livability::sql(&spec, Dialect::Sqlite, None).unwrap();
    common::assert_golden("tests/golden/sql/livability_places.csv", &plan.places_csv());
}

/// Each dialect's queries parse with that engine's dialect of `sqlparser`.
#[test]
fn every_query_parses_in_its_own_dialect() {
    use sqlparser::dialect::{
        Dialect as Grammar, DuckDbDialect, PostgreSqlDialect, SQLiteDialect, SparkSqlDialect,
    };
    let spec = Spec::from_path(common::fixture("tianshan").join("spec.toml")).unwrap();
    let grammars: [(Dialect, &dyn Grammar); 4] = [
        (Dialect::Spark, &SparkSqlDialect),
        (Dialect::DuckDb, &DuckDbDialect),
        (Dialect::Postgres, &PostgreSqlDialect {}),
        (Dialect::Sqlite, &SQLiteDialect {}),
    ];
    for (dialect, grammar) in grammars {
        let plan = livability::sql(&spec, dialect, None).unwrap();
        for query in &plan.queries {
            // sqlparser's SQLite grammar lacks `AS MATERIALIZED (…)` (SQLite 3.35 and later has
            // it, and the queries run on SQLite above); the rest must parse as written.
            let sql = if dialect == Dialect::Sqlite {
                query.sql.replace(" AS MATERIALIZED (", " AS (")
            } else {
                query.sql.clone()
            };
            // Folding nests `replace` 40 deep, past sqlparser's default limit of 50 levels.
            let parsed = sqlparser::parser::Parser::new(grammar)
                .with_recursion_limit(200)
                .try_with_sql(&sql)
                .and_then(|mut parser| parser.parse_statements());
            assert!(
                parsed
                    .as_ref()
                    .is_ok_and(|statements| statements.len() == 1),
                "{dialect} {}: {parsed:?}",
                query.source
            );
        }
        let places = sqlparser::parser::Parser::parse_sql(grammar, &plan.places_sql());
        assert!(places.is_ok(), "{dialect} places: {places:?}");
    }
}

#[test]
fn a_spec_with_deadlines_fails_naming_them_before_anything_is_written() {
    let spec = Spec::from_path(common::fixture("deadlines").join("spec.toml")).unwrap();
    let error = livability::sql(&spec, Dialect::DuckDb, None).unwrap_err();
    assert!(matches!(
        error.kind(),
        livability::ErrorKind::SqlUnexpressible { .. }
    ));
    assert!(
        error.to_string().contains("no SQL query can express"),
        "{error}"
    );
    assert!(spec.sql_results("anywhere").is_err());
}

#[test]
fn an_unknown_dialect_is_named() {
    let error = "oracle".parse::<Dialect>().unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown SQL dialect \"oracle\": expected spark, duckdb, postgres or sqlite"
    );
}

#[test]
fn malformed_rows_make_ranking_the_results_fail_as_ranking_the_files_does() {
    let fixture = common::fixture("tianshan");
    let copy = folder("malformed-files");
    for file in [
        "spec.toml",
        "places.csv",
        "grid.csv",
        "hotline.csv",
        "police.csv",
    ] {
        std::fs::copy(fixture.join(file), copy.join(file)).unwrap();
    }
    let sanitation = decode(&fixture.join("sanitation.csv"));
    let first = sanitation
        .lines()
        .find(|line| line.contains(",2018-11-27,"))
        .and_then(|line| line.split(',').next())
        .unwrap()
        .to_owned();
    std::fs::write(
        copy.join("sanitation.csv"),
        sanitation.replacen(",2018-11-27,", ",2018-11-31,", 1),
    )
    .unwrap();
    let spec = Spec::from_path(copy.join("spec.toml")).unwrap();
    assert!(livability::rank(&spec, &Options::new()).is_err());
    let plan = livability::sql(&spec, Dialect::Sqlite, None).unwrap();
    let connection = Connection::open_in_memory().unwrap();
    connection.execute_batch(&plan.places_sql()).unwrap();
    let query = plan
        .queries
        .iter()
        .find(|query| query.source == "sanitation")
        .unwrap();
    load(&connection, "sanitation", &copy.join("sanitation.csv"));
    let periods: Vec<String> = connection
        .prepare(&query.sql)
        .unwrap()
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|period| period.starts_with("source"))
        .collect();
    assert_eq!(
        periods,
        [format!(
            "source sanitation: 1 malformed rows (a time, closing time or number the crate cannot read, or a closing time before the time); the first id: {first}"
        )]
    );
}
