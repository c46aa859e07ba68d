//! Periods and history (issue 24) on the district fixture (`tests/district/`, a year of a
//! district of three streets): a year-to-date board, a weekly board, a rolling window, a
//! twelve-month history in every format with its streak flags, against goldens in
//! `tests/golden/district/`; and the properties:
//! each period of a history is ranked as a run of that period alone ranks it, a history changes
//! nothing of the boards or the report, and a year to date (or a rolling window) counts the sum
//! of its months.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::common::{assert_golden, assert_goldens};
use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Decimal, Format, History, Options, Period, Ranker, Rankings, Record, Spec};
use proptest::prelude::*;

use crate::district::{district, spec as year};

fn rank(spec: &Spec, options: &Options) -> Rankings {
    livability::rank(spec, &options.clone().threads(1)).unwrap()
}

fn period(text: &str) -> Period {
    text.parse().unwrap()
}

#[test]
fn a_year_to_date_board() {
    let rankings = rank(&year(), &Options::new().period(period("2018-YTD-05")));
    assert_eq!(rankings.period.chinese(), "2018年1–5月累计");
    assert_golden(
        "tests/golden/district/ytd.txt",
        &rankings.to_string_as(Format::Table),
    );
}

#[test]
fn a_weekly_board_and_a_rolling_window() {
    let options = Options::new()
        .period(period("2018-W07"))
        .board("beautiful-roads");
    let weekly = rank(&year(), &options);
    assert_golden(
        "tests/golden/district/weekly.txt",
        &weekly.to_string_as(Format::Table),
    );
    let options = Options::new().rolling(3).board("beautiful-roads");
    let rolling = rank(&year(), &options);
    assert_eq!(rolling.period, period("2018-09..2018-11"));
    assert_eq!(
        rolling.boards[0].compared_with,
        Some(period("2018-06..2018-08"))
    );
    assert_golden(
        "tests/golden/district/rolling.md",
        &rolling.to_string_as(Format::Markdown),
    );
}

/// The twelve-month history, shared by the goldens of every format.
fn history() -> &'static Rankings {
    static HISTORY: OnceLock<Rankings> = OnceLock::new();
    HISTORY.get_or_init(|| rank(&year(), &Options::new().history(12)))
}

#[test]
fn a_history_in_every_format() {
    let rankings = history();
    // One history per board of the spec (a board inside groups has one, of its overall
    // board).
    assert_eq!(rankings.histories.len(), 7);
    assert_goldens(
        rankings,
        "tests/golden/district",
        &[
            (Format::Table, "history.txt"),
            (Format::Markdown, "history.md"),
            (Format::Csv, "history.csv"),
            (Format::Json, "history.json"),
        ],
    );
    #[cfg(feature = "html")]
    {
        let page = rankings.html_report().to_html();
        let start = page
            .find(r#"<section class="trend""#)
            .expect("a trend section");
        let end = page[start..].find("</section>").unwrap() + start + "</section>".len();
        assert_golden("tests/golden/district/trend.html", &page[start..end]);
        assert!(!page.contains("http://") || !page.contains("src=\"http"));
    }
    #[cfg(feature = "xlsx")]
    {
        use calamine::{Data, Reader, Xlsx};
        let mut bytes = Vec::new();
        rankings.render(Format::Xlsx, &mut bytes).unwrap();
        let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let mut dump = String::new();
        // The sheets of ranks by period follow the boards' sheets, one per history.
        let names = workbook.sheet_names();
        let histories = names
            .get(rankings.boards.len()..rankings.boards.len() + rankings.histories.len())
            .unwrap_or_default()
            .to_vec();
        assert_eq!(histories.len(), rankings.histories.len(), "{names:?}");
        for name in histories {
            dump += &format!("== {name} ==\n");
            for row in workbook.worksheet_range(&name).unwrap().rows() {
                let cells: Vec<String> = row
                    .iter()
                    .map(|cell| match cell {
                        Data::Empty => String::new(),
                        Data::String(text) => text.clone(),
                        Data::Float(number) => format!("n:{number}"),
                        other => format!("?{other:?}"),
                    })
                    .collect();
                dump += cells.join("\t").trim_end_matches('\t');
                dump += "\n";
            }
        }
        assert_golden("tests/golden/district/history-ranks.txt", &dump);
    }
}

#[test]
fn streaks_flag_the_places_that_stay_on_a_list() {
    let rankings = history();
    let roads = &rankings.boards[0];
    let history = &rankings.histories[0];
    assert_eq!(roads.streak, Some(3));
    for streak in &roads.streaks {
        let place = history
            .places
            .iter()
            .find(|place| place.place_id == streak.place_id)
            .unwrap();
        let cells = &place.periods[place.periods.len() - 3..];
        assert!(
            cells
                .iter()
                .all(|cell| cell.is_some_and(|cell| match streak.list {
                    livability::schemes::StreakList::Listed => cell.listed,
                    livability::schemes::StreakList::Worst => cell.worst,
                    _ => false,
                }))
        );
    }
    // The fixture's worst road, the shortest (0.86 km), has been last since March: 连续9期末位.
    assert!(
        roads
            .streak_line(livability::schemes::StreakList::Worst)
            .unwrap()
            .contains("天光路")
    );
    assert_eq!(history.places.last().unwrap().place, "天光路");
    assert_eq!(history.places.last().unwrap().worst_streak, 9);
}

/// Each place's (rank, score, tied) on `history`'s period at `position`, by place id.
fn cells(history: &History, position: usize) -> HashMap<String, (String, Decimal, bool)> {
    history
        .places
        .iter()
        .filter_map(|place| {
            let cell = place.periods[position]?;
            Some((
                place.place_id.clone(),
                (cell.rank.to_string(), cell.score, cell.tied),
            ))
        })
        .collect()
}

/// Each ranked place's (rank, score, tied) on `rankings`' board `board` (its overall board
/// when it is ranked inside groups), by place id; none when the run has no such board.
fn board_entries(rankings: &Rankings, board: &str) -> HashMap<String, (String, Decimal, bool)> {
    let Some(index) = rankings
        .boards
        .iter()
        .position(|shown| shown.id == board && shown.group.is_none())
    else {
        return HashMap::new();
    };
    entries(rankings, index)
}

/// Each ranked place's (rank, score, tied) on `rankings`' board at `board`, by place id.
fn entries(rankings: &Rankings, board: usize) -> HashMap<String, (String, Decimal, bool)> {
    rankings.boards[board]
        .entries
        .iter()
        .map(|entry| {
            let cell = (entry.rank.to_string(), entry.score, entry.tied);
            (entry.place_id.clone(), cell)
        })
        .collect()
}

#[test]
fn each_month_of_the_history_is_that_month_ranked_alone() {
    let spec = year();
    let rankings = history();
    let periods = &rankings.histories[0].periods;
    for (position, &month) in periods.iter().enumerate() {
        // Every board on the first and the last month; the roads' board (one source, so
        // quick) on every month.
        let every_board = position == 0 || position + 1 == periods.len();
        let options = Options::new().period(month);
        let options = if every_board {
            options
        } else {
            options.board("beautiful-roads")
        };
        // The last month is the fixture's period: its run alone is the module's shared one.
        let run;
        let alone = if position + 1 == periods.len() {
            district()
        } else {
            run = rank(&spec, &options);
            &run
        };
        for history in &rankings.histories {
            if every_board || history.board == "beautiful-roads" {
                let expected = board_entries(alone, &history.board);
                assert_eq!(
                    cells(history, position),
                    expected,
                    "{month} {}",
                    history.board
                );
            }
        }
    }
}

#[test]
fn a_history_changes_nothing_of_the_boards_or_the_report() {
    let alone = district();
    let with = history();
    let json = |value: &dyn erased::Json| value.json();
    // Compared whole but never printed: a failure says only which.
    assert!(
        json(&alone.boards) == json(&with.boards),
        "the boards differ"
    );
    assert!(
        json(&alone.quality) == json(&with.quality),
        "the reports differ"
    );
}

mod erased {
    /// Anything serializable, as JSON text, for comparing two values whole.
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

const SMALL: &str = r#"
period = "2024-03"
[sources.grid]
[[boards]]
id = "roads"
kind = "road"
top = 1
bottom = 1
streak = 2
[[boards.indicators]]
id = "cases"
source = "grid"
measure = "count"
better = "lower"
[[boards.indicators]]
id = "a"
source = "grid"
measure = "count"
where = { category = "A" }
better = "lower"
"#;

const DAYS: [&str; 8] = [
    "2023-12-31",
    "2024-01-01",
    "2024-01-31",
    "2024-02-29",
    "2024-03-01",
    "2024-03-31 23:59",
    "2024-02-12",
    "2024-02-18",
];

/// A record: its id, day, road (the fourth is no road of the district) and whether it is of
/// category A.
type Draw = (usize, usize, usize, bool);

fn small_run(records: &[Draw], options: &Options) -> Rankings {
    let spec = Spec::from_toml_str(SMALL, "spec.toml").unwrap();
    let places = Gazetteer::new(
        ["天山路", "遵义路", "长宁路"]
            .iter()
            .enumerate()
            .map(|(index, name)| Place::new(format!("R{index}"), PlaceKind::Road, *name)),
    )
    .unwrap();
    let mut ranker = Ranker::new(&spec, &places, &options.clone().threads(1)).unwrap();
    for &(id, day, road, a) in records {
        let record = Record::new()
            .with("id", id.to_string())
            .with("time", DAYS[day])
            .with("category", if a { "A" } else { "B" })
            .with("road", ["天山路", "遵义路", "长宁路", "淮海路"][road]);
        ranker.add_record("grid", &record).unwrap();
    }
    ranker.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// For any records, each period of a history (of months or of weeks) ranks as a run of
    /// that period alone ranks it.
    #[test]
    fn each_period_of_a_history_is_ranked_as_alone(
        records in proptest::collection::vec((0usize..40, 0usize..8, 0usize..4, any::<bool>()), 0..30),
        length in 1usize..=5,
        weeks: bool,
    ) {
        let last = if weeks { period("2024-W07") } else { period("2024-03") };
        let options = Options::new().period(last).history(length);
        let with = small_run(&records, &options);
        let history = &with.histories[0];
        prop_assert_eq!(history.periods.len(), length);
        prop_assert_eq!(history.periods.last(), Some(&last));
        for (position, &shown) in history.periods.iter().enumerate() {
            let alone = small_run(&records, &Options::new().period(shown));
            // A period in which no record was placed ranks nobody in a history, where a run
            // alone ties every place at the top.
            let expected = if alone.quality.sources[0].used == 0 && position + 1 < length {
                HashMap::new()
            } else {
                entries(&alone, 0)
            };
            prop_assert_eq!(cells(history, position), expected, "{}", shown);
        }
    }
}

/// Each place's counts on a run's board, by (place, indicator).
fn counts(rankings: &Rankings) -> HashMap<(String, String), Decimal> {
    let board = &rankings.boards[0];
    let places = board
        .entries
        .iter()
        .map(|entry| (&entry.place_id, &entry.indicators))
        .chain(
            board
                .unranked
                .iter()
                .map(|place| (&place.place_id, &place.indicators)),
        );
    let mut counts = HashMap::new();
    for (place, indicators) in places {
        for indicator in indicators {
            let key = (place.clone(), indicator.indicator.clone());
            counts.insert(key, indicator.value.unwrap_or_default());
        }
    }
    counts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// For any records (repeated ids included), a year to date and a rolling window count
    /// for each place the sum of their months' counts.
    #[test]
    fn a_window_counts_the_sum_of_its_months(
        records in proptest::collection::vec((0usize..40, 0usize..8, 0usize..4, any::<bool>()), 0..30),
        last in 1u8..=3,
        length in 1u8..=4,
        to_date: bool,
    ) {
        let end = Period::month(2024, last).unwrap();
        let window = if to_date {
            Period::year_to_date(2024, last).unwrap()
        } else {
            Period::rolling(end, length).unwrap()
        };
        let mut months = window.months();
        if months.is_empty() {
            months.push(window);
        }
        let month_counts: Vec<HashMap<(String, String), Decimal>> = months
            .iter()
            .map(|&month| counts(&small_run(&records, &Options::new().period(month))))
            .collect();
        let total = counts(&small_run(&records, &Options::new().period(window)));
        prop_assert_eq!(total.len(), 6);
        for (key, value) in &total {
            let sum: Decimal = month_counts.iter().filter_map(|counts| counts.get(key)).sum();
            prop_assert_eq!(*value, sum, "{} {:?}", window, key);
        }
    }
}

#[test]
fn what_a_run_cannot_take_is_a_typed_error() {
    use livability::error::{AnalysisOption, ErrorKind};
    let spec = year();
    let quarter = Options::new().period(period("2018-Q2")).rolling(3);
    let error = livability::rank(&spec, &quarter).unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::Option(AnalysisOption::Rolling { months: 3, .. })
    ));
    assert_eq!(
        error.to_string(),
        "a rolling window is 1 to 12 months ending with a month, not 3 months ending with 2018-Q2"
    );
    for length in [0, 121] {
        let error = livability::rank(&spec, &Options::new().history(length)).unwrap_err();
        assert!(
            matches!(
                error.kind(),
                ErrorKind::Option(AnalysisOption::HistoryLength { periods }) if *periods == length
            ),
            "{error}"
        );
    }
    let error = livability::sql::sql(
        &spec,
        livability::sql::Dialect::DuckDb,
        Some(period("2018-W07")),
    )
    .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::SqlUnexpressible { .. }),
        "{error}"
    );
}
