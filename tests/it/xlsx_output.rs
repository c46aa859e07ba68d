//! The Excel workbook, read back with calamine: every sheet, cell by cell, against a golden
//! text; numbers are numbers equal to the boards' decimals; `--format xlsx` needs `--out`.
#![cfg(feature = "xlsx")]

use crate::common;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use livability::{Format, Options, Rankings, Spec};
use rust_decimal::Decimal;

/// The fixtures with goldens: the raw exports, and every published scheme (dimensions,
/// adjustments, grades, vetoes, worst lists, improvement boards).
const FIXTURES: [&str; 8] = [
    "tianshan",
    "schemes/bengbu-hotline",
    "schemes/jinhua-grid",
    "schemes/linyi-quarter",
    "schemes/ministry-improvement",
    "schemes/wuhan-flags",
    "schemes/yangzhou-105",
    "schemes/yiju-2007",
];

fn rankings(fixture: &str) -> Rankings {
    let spec = Spec::from_path(Path::new("fixtures").join(fixture).join("spec.toml")).unwrap();
    livability::rank(&spec, &Options::new()).unwrap()
}

pub(crate) fn workbook(rankings: &Rankings) -> Xlsx<Cursor<Vec<u8>>> {
    let mut bytes = Vec::new();
    rankings.render(Format::Xlsx, &mut bytes).unwrap();
    Xlsx::new(Cursor::new(bytes)).expect("the workbook opens")
}

/// A cell as the golden shows it: text as it is, a number as `n:` and the double's shortest
/// form (Rust's `{}`), so that a number written as text would show.
fn cell(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(number) => format!("n:{number}"),
        Data::Int(number) => format!("n:{number}"),
        other => format!("?{other:?}"),
    }
}

/// Every sheet, `== name ==`, then a line per row of tab-separated cells.
pub(crate) fn dump(workbook: &mut Xlsx<Cursor<Vec<u8>>>) -> String {
    let mut out = String::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).unwrap();
        out += &format!("== {name} ==\n");
        // The range starts at the first cell used: A1, the title, on every sheet.
        assert_eq!(range.start(), Some((0, 0)), "{name}");
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(cell).collect();
            out += cells.join("\t").trim_end_matches('\t');
            out.push('\n');
        }
    }
    out
}

#[test]
fn every_fixture_matches_its_golden_workbook() {
    for fixture in FIXTURES {
        let rankings = rankings(fixture);
        let name = fixture.replace('/', "-");
        common::assert_golden(
            &format!("tests/golden/xlsx/{name}.txt"),
            &dump(&mut workbook(&rankings)),
        );
    }
}

#[test]
fn ranks_and_scores_are_numbers_equal_to_the_boards() {
    for fixture in FIXTURES {
        let rankings = rankings(fixture);
        let mut workbook = workbook(&rankings);
        let names = workbook.sheet_names();
        assert_eq!(names.len(), rankings.boards.len() + 2, "{fixture}");
        // Under zh, a board's sheet is named by its title.
        let titles: Vec<&str> = rankings
            .boards
            .iter()
            .map(|board| board.title.as_str())
            .collect();
        assert_eq!(names[..rankings.boards.len()], titles, "{fixture}");
        assert_eq!(names[rankings.boards.len()..], ["数据质量", "未计入记录"]);
        for (board, name) in rankings.boards.iter().zip(&names) {
            let range = workbook.worksheet_range(name).unwrap();
            let header: Vec<String> = range.rows().nth(2).unwrap().iter().map(cell).collect();
            assert_eq!(
                header[..6],
                ["名次", "名称", "得分", "并列", "变化", "上期名次"]
            );
            for (entry, row) in board.listed().zip(range.rows().skip(3)) {
                let number = |data: &Data| match data {
                    // The double's shortest form is the decimal it was written from.
                    Data::Float(number) => Decimal::from_str_exact(&number.to_string()).unwrap(),
                    other => panic!("{fixture} {name}: {other:?} is not a number"),
                };
                assert_eq!(number(&row[0]), entry.rank.to_decimal(), "{fixture} {name}");
                assert_eq!(cell(&row[1]), entry.place);
                assert_eq!(number(&row[2]), entry.score.normalize(), "{fixture} {name}");
                assert_eq!(cell(&row[3]), if entry.tied { "并列" } else { "" });
                let change = entry
                    .change
                    .map(|change| match change {
                        livability::schemes::Change::New => "新".to_owned(),
                        other => other.to_string(),
                    })
                    .unwrap_or_default();
                assert_eq!(cell(&row[4]), change);
            }
        }
    }
}

#[test]
fn the_workbook_is_the_same_bytes_every_time() {
    let rankings = rankings("tianshan");
    let render = || {
        let mut bytes = Vec::new();
        rankings.render(Format::Xlsx, &mut bytes).unwrap();
        bytes
    };
    let first = render();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(first == render(), "two renderings differ");
    // A zip archive, not text: no byte-order mark is put before it.
    let mut marked = Vec::new();
    rankings
        .render_for_excel(Format::Xlsx, &mut marked)
        .unwrap();
    assert!(marked.starts_with(b"PK"));
}
