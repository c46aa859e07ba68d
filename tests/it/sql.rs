//! `livability sql`: every query it writes runs on SQLite (rusqlite's bundled library) over the
//! tables of the Tianshan fixture and of a generated city, and the boards ranked from the
//! rows it returns equal, byte for byte in every format, the boards ranked from the files.
//! The queries of the four dialects are golden files, and each parses with its engine's
//! dialect of `sqlparser`.

use crate::common;

use std::path::{Path, PathBuf};

use livability::{Format, Options, Rankings, Spec, sql::Dialect};
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

/// The file of source `source` of the spec at `spec_path` (its `file`, else `<source>.csv`),
/// joined to the spec's folder.
fn source_file(spec_path: &Path, source: &str) -> PathBuf {
    let text = std::fs::read_to_string(spec_path).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let file = table
        .get("sources")
        .and_then(|sources| sources.get(source))
        .and_then(|settings| settings.get("file"))
        .and_then(|file| file.as_str())
        .map_or_else(|| format!("{source}.csv"), str::to_owned);
    spec_path.parent().unwrap().join(file)
}

/// Runs every query of `spec`'s SQLite plan over its sources' files loaded into SQLite, writes
/// each query's rows as `<source>.csv` into a folder, and ranks them.
fn rank_through_sqlite(spec: &Spec, spec_path: &Path, name: &str) -> Rankings {
    let plan = livability::sql::sql(spec, Dialect::Sqlite, None).unwrap();
    let connection = Connection::open_in_memory().unwrap();
    connection.execute_batch(&plan.places_sql()).unwrap();
    let results = folder(&format!("{name}-results"));
    for query in &plan.queries {
        load(
            &connection,
            &query.source,
            &source_file(spec_path, &query.source),
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

/// The boards in every format but the quality report and the boards' coverage, which count
/// table rows on one side and records on the other.
fn boards(rankings: &Rankings) -> String {
    let mut rankings = rankings.clone();
    for board in &mut rankings.boards {
        board.coverage.clear();
    }
    let rankings = &rankings;
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

fn assert_same_boards(spec_path: &Path, name: &str) {
    let spec = Spec::from_path(spec_path).unwrap();
    let from_files = livability::rank(&spec, &Options::new().every_place(true)).unwrap();
    let from_sql = rank_through_sqlite(&spec, spec_path, name);
    let (files, sql) = (boards(&from_files), boards(&from_sql));
    assert!(
        files == sql,
        "{name}: the boards differ:\n{}",
        common::diff(&files, &sql)
    );
}

#[test]
fn the_tianshan_boards_through_sqlite_equal_the_boards_from_the_files() {
    assert_same_boards(&common::fixture("tianshan").join("spec.toml"), "tianshan");
}

/// The fixtures whose specs `sql` refuses by design, and why.
const REFUSED: [(&str, &str); 1] = [(
    "deadlines",
    "on-time and overdue judge deadlines in China's working-day calendar",
)];

/// Every `spec.toml` under `folder`, in path order.
fn specs_under(folder: &Path) -> Vec<PathBuf> {
    let mut specs = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            specs.extend(specs_under(&path));
        } else if path.file_name().is_some_and(|name| name == "spec.toml") {
            specs.push(path);
        }
    }
    specs
}

#[test]
fn every_fixture_through_sqlite_equals_the_fixture_from_its_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let specs = specs_under(&root);
    assert!(specs.len() >= 10, "{specs:?}");
    let mut refused = Vec::new();
    for spec_path in specs {
        let name = spec_path
            .parent()
            .unwrap()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "-");
        let spec = Spec::from_path(&spec_path).unwrap();
        if let Err(error) = livability::sql::sql(&spec, Dialect::Sqlite, None) {
            assert!(
                matches!(
                    error.kind(),
                    livability::error::ErrorKind::SqlUnexpressible { .. }
                ),
                "{name}: {error}"
            );
            refused.push(name);
            continue;
        }
        assert_same_boards(&spec_path, &format!("every-{name}"));
    }
    let expected: Vec<&str> = REFUSED.iter().map(|(name, _)| *name).collect();
    assert_eq!(refused, expected, "the fixtures `sql` refuses");
}

/// Names as written: numbers in three spellings (`天山3村`, `天山３村`, `天山三村`), spaces, a
/// name and more in a place column, administrative names (`天山路街道`) in columns and
/// addresses.
#[test]
fn names_as_written_through_sqlite_equal_the_boards_from_the_files() {
    assert_same_boards(&common::fixture("names").join("spec.toml"), "names");
}

/// A kind the spec declares (片区), its records found by its own column (`片区`) and by name in
/// the address, through SQLite as from the files.
#[test]
fn a_declared_kind_through_sqlite_equals_the_files() {
    let folder = folder("declared-kind");
    let files = [
        (
            "spec.toml",
            "period = \"2024-11\"\nplaces = \"places.csv\"\n\
             [kinds.area]\nname = \"片区\"\nabove = \"community\"\n\
             [sources.hotline]\nfile = \"hotline.csv\"\n\
             [[boards]]\nid = \"areas\"\nkind = \"area\"\ndecimals = 1\n\
             [[boards.indicators]]\nid = \"complaints\"\nsource = \"hotline\"\nmeasure = \"count\"\nbetter = \"lower\"\nnormalize = \"min-max\"\nweight = 1\n",
        ),
        (
            "places.csv",
            "id,kind,name,aliases\nA1,片区,天山东片区,东片\nA2,片区,天山西片区,\nA3,area,仙霞片区,\nN1,小区,天山一村,\n",
        ),
        (
            "hotline.csv",
            "工单编号,受理时间,诉求类型,事发地址,片区\n\
             T1,2024-11-02 09:10,投诉,,天山东片区\n\
             T2,2024-11-03 09:10,投诉,,东片\n\
             T3,2024-11-04 09:10,投诉,仙霞片区88号,\n\
             T4,2024-11-05 09:10,投诉,天山一村5号,\n\
             T5,2024-10-05 09:10,投诉,,天山西片区\n\
             T6,2024-11-06 09:10,投诉,,天山西片区\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(folder.join(name), text).unwrap();
    }
    let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
    let rankings = livability::rank(&spec, &Options::new()).unwrap();
    let counts: Vec<(&str, String)> = rankings.boards[0]
        .entries
        .iter()
        .map(|entry| {
            let value = entry.indicators[0].value.unwrap_or_default();
            (entry.place_id.as_str(), value.to_string())
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("A2", "1".to_owned()),
            ("A3", "1".to_owned()),
            ("A1", "2".to_owned())
        ]
    );
    assert_same_boards(&folder.join("spec.toml"), "declared-kind");
}

#[cfg(feature = "generate")]
#[test]
fn a_generated_city_through_sqlite_equals_the_city_from_its_files() {
    // Small, so that the test stays fast: ids of every form, addresses and repeats.
    let options = livability::generate::CityOptions::new(60, 30, 4000)
        .ids(livability::generate::IdForm::Mixed)
        .address_per_mille(200)
        .repeat_per_mille(30)
        .seed(7);
    let city = livability::generate::generate_city(&options, &folder("city-files")).unwrap();
    assert_same_boards(&city.spec, "city");
}

/// The Tianshan queries of every dialect, and its places table, as golden files.
#[test]
fn the_queries_of_every_dialect_are_golden() {
    let spec = Spec::from_path(common::fixture("tianshan").join("spec.toml")).unwrap();
    for dialect in Dialect::ALL {
        let plan = livability::sql::sql(&spec, dialect, None).unwrap();
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
    let plan = livability::sql::sql(&spec, Dialect::Sqlite, None).unwrap();
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
        let plan = livability::sql::sql(&spec, dialect, None).unwrap();
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
    let error = livability::sql::sql(&spec, Dialect::DuckDb, None).unwrap_err();
    assert!(matches!(
        error.kind(),
        livability::error::ErrorKind::SqlUnexpressible { .. }
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

/// A copy of the Tianshan fixture in a fresh folder, with `edit` applied to the text (decoded)
/// of `file`; the path of the copy's spec.
fn tianshan_copy(name: &str, file: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let fixture = common::fixture("tianshan");
    let copy = folder(name);
    for entry in std::fs::read_dir(&fixture).unwrap() {
        let path = entry.unwrap().path();
        let target = copy.join(path.file_name().unwrap());
        if path.file_name().is_some_and(|name| name == file) {
            std::fs::write(target, edit(&decode(&path))).unwrap();
        } else {
            std::fs::copy(&path, target).unwrap();
        }
    }
    copy.join("spec.toml")
}

/// The reports of malformed rows the SQLite query of `source` returns over the copy.
fn malformed_reports(spec_path: &Path, source: &str) -> Vec<String> {
    let spec = Spec::from_path(spec_path).unwrap();
    let plan = livability::sql::sql(&spec, Dialect::Sqlite, None).unwrap();
    let connection = Connection::open_in_memory().unwrap();
    connection.execute_batch(&plan.places_sql()).unwrap();
    let query = plan
        .queries
        .iter()
        .find(|query| query.source == source)
        .unwrap();
    load(&connection, source, &source_file(spec_path, source));
    connection
        .prepare(&query.sql)
        .unwrap()
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|period| period.starts_with("source"))
        .collect()
}

/// The report a query writes for `count` malformed rows of `source`, the first `id`.
fn report(source: &str, count: usize, id: &str) -> String {
    format!(
        "source {source}: {count} malformed rows; the first id: {id} (a time, closing time or number the crate cannot read, an empty score, or a closing time before the time)"
    )
}

/// The sanitation copy in which the first inspection of 2018-11-27 has `score` for its
/// score, and that inspection's id.
fn sanitation_with_score(name: &str, score: &str) -> (PathBuf, String) {
    let sanitation = decode(&common::fixture("tianshan").join("sanitation.csv"));
    let line = sanitation
        .lines()
        .find(|line| line.contains(",2018-11-27,"))
        .unwrap()
        .to_owned();
    let fields: Vec<&str> = line.split(',').collect();
    let mut edited: Vec<String> = fields.iter().map(|field| (*field).to_owned()).collect();
    edited[3] = score.to_owned();
    let edited = edited.join(",");
    let spec = tianshan_copy(name, "sanitation.csv", |text| {
        text.replacen(&line, &edited, 1)
    });
    (spec, fields[0].to_owned())
}

#[test]
fn malformed_rows_make_ranking_the_results_fail_as_ranking_the_files_does() {
    let spec_path = tianshan_copy("malformed-files", "sanitation.csv", |text| {
        text.replacen(",2018-11-27,", ",2018-11-31,", 1)
    });
    let first = decode(&spec_path.with_file_name("sanitation.csv"))
        .lines()
        .find(|line| line.contains(",2018-11-31,"))
        .and_then(|line| line.split(',').next())
        .unwrap()
        .to_owned();
    let spec = Spec::from_path(&spec_path).unwrap();
    assert!(livability::rank(&spec, &Options::new()).is_err());
    let reports = malformed_reports(&spec_path, "sanitation");
    assert_eq!(reports, [report("sanitation", 1, &first)]);
    // Ranking the results fails naming the report whole, its first id included (it was cut
    // after 60 characters).
    let results = folder("malformed-results");
    let plan = livability::sql::sql(&spec, Dialect::Sqlite, None).unwrap();
    for query in &plan.queries {
        let mut text = String::from("period,place,indicator,value\n");
        if query.source == "sanitation" {
            text.push_str(&format!("\"{}\",,,\n", reports[0]));
        }
        std::fs::write(results.join(format!("{}.csv", query.source)), text).unwrap();
    }
    let error = livability::rank(&spec.sql_results(&results).unwrap(), &Options::new())
        .unwrap_err()
        .to_string();
    assert!(error.ends_with(&reports[0]), "{error}");
}

/// An empty score: the files reject the inspection (the score is required), and so does the
/// query (it took the row as having no score).
#[test]
fn an_empty_score_is_a_malformed_row_from_files_and_in_sql() {
    let (spec_path, id) = sanitation_with_score("empty-score", "");
    let spec = Spec::from_path(&spec_path).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    assert!(error.to_string().contains("missing value"), "{error}");
    assert_eq!(
        malformed_reports(&spec_path, "sanitation"),
        [report("sanitation", 1, &id)]
    );
}

/// `8_6` is not a decimal the guide documents: rust_decimal reads it as 86, the crate refuses
/// it as the query does.
#[test]
fn a_score_with_an_underscore_is_malformed_from_files_and_in_sql() {
    let (spec_path, id) = sanitation_with_score("underscore-score", "8_6");
    let spec = Spec::from_path(&spec_path).unwrap();
    let error = livability::rank(&spec, &Options::new()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("cannot read \"8_6\" as a decimal"),
        "{error}"
    );
    assert_eq!(
        malformed_reports(&spec_path, "sanitation"),
        [report("sanitation", 1, &id)]
    );
}

/// An id typed with full-width letters (`ＷＧ…`) is the same id as in ASCII: a copy counts once
/// from the files, and once through the query.
#[test]
fn full_width_letters_in_ids_fold_as_the_crate_folds_them() {
    let grid = decode(&common::fixture("tianshan").join("grid.csv"));
    let line = grid
        .lines()
        .find(|line| {
            line.contains(",2018-11-") && line.contains(",市容环境,") && line.contains(",娄山关路,")
        })
        .unwrap()
        .to_owned();
    let (id, rest) = line.split_once(',').unwrap();
    let wide: String = id
        .chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            other => other,
        })
        .collect();
    assert_ne!(wide, id);
    let spec_path = tianshan_copy("full-width-ids", "grid.csv", |text| {
        format!("{text}{wide},{rest}\n")
    });
    assert_same_boards(&spec_path, "full-width-ids");
}

/// The system's SQLite (Debian 12 ships 3.40, built with a parser stack of 100 entries),
/// through its `sqlite3` command: every fixture's queries run there and the boards equal those
/// from the files. Skipped, with a message, only where no `sqlite3` is installed and `CI` is
/// unset.
#[test]
fn every_fixture_through_the_system_sqlite3_equals_the_files() {
    let version = std::process::Command::new("sqlite3")
        .arg("--version")
        .output();
    let Ok(version) = version.map(|out| String::from_utf8_lossy(&out.stdout).into_owned()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set and no sqlite3 command is installed (apt-get install sqlite3)"
        );
        eprintln!("skipped: no sqlite3 command (apt-get install sqlite3)");
        return;
    };
    eprintln!("sqlite3 {version}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for spec_path in specs_under(&root) {
        let spec = Spec::from_path(&spec_path).unwrap();
        let Ok(plan) = livability::sql::sql(&spec, Dialect::Sqlite, None) else {
            continue;
        };
        let name = format!(
            "cli-{}",
            spec_path
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
        );
        let work = folder(&name);
        let results = work.join("results");
        std::fs::create_dir_all(&results).unwrap();
        std::fs::write(work.join("places.sql"), plan.places_sql()).unwrap();
        for query in &plan.queries {
            // The export as UTF-8 with its headers trimmed, as the guide's recipe loads it.
            let text = decode(&source_file(&spec_path, &query.source));
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let mut writer =
                csv::Writer::from_path(work.join(format!("{}.csv", query.source))).unwrap();
            let header: Vec<String> = reader
                .headers()
                .unwrap()
                .iter()
                .map(|h| h.trim().to_owned())
                .collect();
            writer.write_record(&header).unwrap();
            for record in reader.records() {
                writer.write_record(&record.unwrap()).unwrap();
            }
            writer.flush().unwrap();
            std::fs::write(work.join(format!("{}.sql", query.source)), &query.sql).unwrap();
            let out = std::process::Command::new("sqlite3")
                .current_dir(&work)
                .args([
                    ":memory:",
                    ".bail on",
                    ".read places.sql",
                    &format!(".import --csv {0}.csv {0}", query.source),
                    ".headers on",
                    ".mode csv",
                    &format!(".once results/{}.csv", query.source),
                    &format!(".read {}.sql", query.source),
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{name} {}: {}",
                query.source,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let from_files = livability::rank(&spec, &Options::new().every_place(true)).unwrap();
        let from_sql = livability::rank(
            &spec.sql_results(&results).unwrap(),
            &Options::new().every_place(true),
        )
        .unwrap();
        let (files, sql) = (boards(&from_files), boards(&from_sql));
        assert!(
            files == sql,
            "{name}: the boards differ:\n{}",
            common::diff(&files, &sql)
        );
    }
}

/// The guide quotes the warehouse recipes whole, as CI runs them (`.ci/warehouse.sh`).
#[test]
fn the_guide_quotes_the_warehouse_recipes_as_ci_runs_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = std::fs::read_to_string(root.join("docs/guide.md")).unwrap();
    for recipe in ["run_duckdb.py", "run_postgres.sh", "run_spark.py"] {
        let text = std::fs::read_to_string(root.join("docs/warehouse").join(recipe)).unwrap();
        assert!(
            guide.contains(&text),
            "the guide does not quote docs/warehouse/{recipe} whole"
        );
    }
    let ci = std::fs::read_to_string(root.join(".ci/warehouse.sh")).unwrap();
    assert!(
        ci.contains("docs/warehouse/run_duckdb.py")
            && ci.contains("docs/warehouse/run_postgres.sh")
    );
}
