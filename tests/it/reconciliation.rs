//! Property tests of raw sources: for random, partly malformed record sets, the report's counts
//! reconcile, and every indicator equals a direct count over the same records, computed here
//! by brute force (substring search, the latest copy of each id).

use std::collections::{HashMap, HashSet};

use livability::places::{Gazetteer, Place, PlaceKind};
use livability::{Options, Ranker, Rankings, Record, Spec, quality::Uncounted};
use proptest::prelude::*;

const ROADS: [(&str, &str, &[&str]); 2] = [("R1", "天山路", &[]), ("R2", "遵义路", &[])];
const NEIGHBORHOODS: [(&str, &str, &[&str]); 5] = [
    ("N1", "天山二村", &["天山2村"]),
    ("N2", "遵义小区", &["遵义"]),
    ("N3", "新光小区", &["新光"]),
    ("N4", "天山一村", &[]),
    ("N5", "天山一村东区", &[]),
];

const IDS: [&str; 4] = ["", "1", "2", "3"];
const TIMES: [&str; 5] = [
    "2018-11-05",
    "2018-10-05",
    "2018-09-05",
    "2018-11-31",
    "2018-11-30 23:00",
];
const COLUMNS: [&str; 6] = ["", "天山二村", "天山2村", "N2", "长宁小区", " 新光小区 "];
const ADDRESSES: [&str; 6] = [
    "",
    "天山路天山一村东区5号",
    "遵义新光路口",
    "长宁路1号",
    "遵义路遵义小区",
    "天山一村",
];
const CATEGORIES: [&str; 2] = ["A", "B"];

const SPEC: &str = r#"
period = "2018-11"
[sources.grid]
[[boards]]
id = "neighborhoods"
kind = "neighborhood"
[[boards.indicators]]
id = "a"
source = "grid"
measure = "count"
where = { category = "A" }
better = "lower"
[[boards]]
id = "roads"
kind = "road"
[[boards.indicators]]
id = "all"
source = "grid"
measure = "count"
better = "lower"
"#;

/// A record: an index into each list of possible fields.
type Draw = (usize, usize, usize, usize, usize);

/// A copy of a record: its draw, and a field that tells copies apart (a score), 0 if none.
type RecordCopy = (Draw, u32);

fn gazetteer() -> Gazetteer {
    let place = |kind, (id, name, aliases): (&str, &str, &[&str])| {
        aliases
            .iter()
            .fold(Place::new(id, kind, name), |place, alias| {
                place.with_alias(alias)
            })
    };
    Gazetteer::new(
        ROADS.iter().map(|p| place(PlaceKind::Road, *p)).chain(
            NEIGHBORHOODS
                .iter()
                .map(|p| place(PlaceKind::Neighborhood, *p)),
        ),
    )
    .unwrap()
}

/// What the oracle finds for one kind: a place name, nothing, or ambiguity.
#[derive(Debug, PartialEq)]
enum Found {
    Place(&'static str),
    Nothing,
    Ambiguous,
}

fn resolve(
    places: &[(&'static str, &'static str, &'static [&'static str])],
    column: &str,
    address: &str,
) -> Found {
    let column = column.trim();
    if !column.is_empty() {
        return places
            .iter()
            .find(|(id, name, aliases)| {
                *id == column || *name == column || aliases.contains(&column)
            })
            .map_or(Found::Nothing, |(_, name, _)| Found::Place(name));
    }
    let mut best: Vec<(usize, &str)> = Vec::new();
    for (_, name, aliases) in places {
        for spelling in std::iter::once(name).chain(aliases.iter()) {
            if address.contains(spelling) {
                best.push((spelling.chars().count(), name));
            }
        }
    }
    let Some(longest) = best.iter().map(|(length, _)| *length).max() else {
        return Found::Nothing;
    };
    let winners: HashSet<&str> = best
        .iter()
        .filter(|(l, _)| *l == longest)
        .map(|(_, n)| *n)
        .collect();
    match winners.len() {
        1 => Found::Place(
            NEIGHBORHOODS
                .iter()
                .chain(&ROADS)
                .find(|p| winners.contains(p.1))
                .unwrap()
                .1,
        ),
        _ => Found::Ambiguous,
    }
}

/// The oracle's counts: per outcome, and per place.
#[derive(Debug, Default, PartialEq)]
struct Expected {
    read: u64,
    used: u64,
    out_of_period: u64,
    previous_period: u64,
    unplaced: u64,
    ambiguous: u64,
    repeated: u64,
    rejected: u64,
    counts: HashMap<&'static str, u64>,
}

/// The times in the order of the instants they stand for (`None`: no time, a rejected row).
fn instant(time: usize) -> Option<usize> {
    ["2018-09-05", "2018-10-05", "2018-11-05", "2018-11-30 23:00"]
        .iter()
        .position(|known| *known == TIMES[time])
}

/// What the rule allows for `copies` (a record, and a field that tells copies apart, such as
/// a score): one outcome per way of choosing, for each id, among its latest copies that differ.
/// The copy of an id that counts is its latest: the latest time, then the higher fingerprint,
/// a hash the oracle does not compute, so each copy of the latest time may be the one.
fn oracles(copies: &[RecordCopy]) -> Vec<Expected> {
    let mut latest: HashMap<&str, (usize, Vec<RecordCopy>)> = HashMap::new();
    for &copy in copies {
        let ((id, time, ..), _) = copy;
        let Some(instant) = instant(time) else {
            continue;
        };
        if IDS[id].is_empty() {
            continue;
        }
        let (best, candidates) = latest.entry(IDS[id]).or_insert((instant, Vec::new()));
        if instant > *best {
            (*best, *candidates) = (instant, Vec::new());
        }
        if instant == *best && !candidates.contains(&copy) {
            candidates.push(copy);
        }
    }
    let mut ids: Vec<(&str, Vec<RecordCopy>)> = latest
        .into_iter()
        .map(|(id, (_, candidates))| (id, candidates))
        .collect();
    ids.sort();
    let ways: usize = ids.iter().map(|(_, candidates)| candidates.len()).product();
    (0..ways)
        .map(|mut way| {
            let chosen: HashMap<&str, RecordCopy> = ids
                .iter()
                .map(|(id, candidates)| {
                    let choice = candidates[way % candidates.len()];
                    way /= candidates.len();
                    (*id, choice)
                })
                .collect();
            oracle(copies, &chosen)
        })
        .collect()
}

/// The counts when, of each id, the copy `chosen` holds counts.
fn oracle(copies: &[RecordCopy], chosen: &HashMap<&str, RecordCopy>) -> Expected {
    let mut expected = Expected::default();
    let mut counted = HashSet::new();
    for &copy in copies {
        let ((id, time, column, address, category), _) = copy;
        expected.read += 1;
        if TIMES[time] == "2018-11-31" {
            expected.rejected += 1;
            continue;
        }
        if !IDS[id].is_empty() && (chosen[IDS[id]] != copy || !counted.insert(IDS[id])) {
            expected.repeated += 1;
            continue;
        }
        let month = &TIMES[time][..7];
        if month == "2018-09" {
            expected.out_of_period += 1;
            continue;
        }
        let neighborhood = resolve(&NEIGHBORHOODS, COLUMNS[column], ADDRESSES[address]);
        let road = resolve(&ROADS, "", ADDRESSES[address]);
        let placed = matches!(neighborhood, Found::Place(_)) || matches!(road, Found::Place(_));
        if month == "2018-10" {
            expected.out_of_period += 1;
            expected.previous_period += u64::from(placed);
            continue;
        }
        if placed {
            expected.used += 1;
        } else if neighborhood == Found::Ambiguous || road == Found::Ambiguous {
            expected.ambiguous += 1;
        } else {
            expected.unplaced += 1;
        }
        if let (Found::Place(name), "A") = (&neighborhood, CATEGORIES[category]) {
            *expected.counts.entry(name).or_default() += 1;
        }
        if let Found::Place(name) = road {
            *expected.counts.entry(name).or_default() += 1;
        }
    }
    expected
}

fn observed(rankings: &Rankings) -> Expected {
    let quality = &rankings.quality.sources[0];
    assert!(quality.reconciles(), "{quality:?}");
    let mut counts = HashMap::new();
    for board in &rankings.boards {
        for entry in &board.entries {
            let count: u64 = entry.indicators[0].value.unwrap().try_into().unwrap();
            if count > 0 {
                let name = NEIGHBORHOODS
                    .iter()
                    .chain(&ROADS)
                    .find(|p| p.1 == entry.place)
                    .unwrap()
                    .1;
                counts.insert(name, count);
            }
        }
    }
    Expected {
        read: quality.read,
        used: quality.used,
        out_of_period: quality.out_of_period,
        previous_period: quality.previous_period,
        unplaced: quality.unplaced,
        ambiguous: quality.ambiguous,
        repeated: quality.repeated,
        rejected: quality.rejected,
        counts,
    }
}

fn draws() -> impl Strategy<Value = Vec<Draw>> {
    prop::collection::vec(
        (
            0..IDS.len(),
            0..TIMES.len(),
            0..COLUMNS.len(),
            0..ADDRESSES.len(),
            0..CATEGORIES.len(),
        ),
        // At least one row: a file with a header only is an error of its own.
        1..60,
    )
}

fn run(draws: &[Draw], as_csv: bool) -> Rankings {
    let spec = Spec::from_toml_str(SPEC, "spec.toml").unwrap();
    let places = gazetteer();
    let mut ranker = Ranker::new(&spec, &places, &Options::new().lenient(true)).unwrap();
    if as_csv {
        let mut csv = String::from("案件编号,上报时间,小区,地址,大类\n");
        for &(id, time, column, address, category) in draws {
            csv += &format!(
                "{},{},{},{},{}\n",
                IDS[id], TIMES[time], COLUMNS[column], ADDRESSES[address], CATEGORIES[category]
            );
        }
        ranker
            .read_source("grid", csv.as_bytes(), "grid.csv")
            .unwrap();
    } else {
        for &(id, time, column, address, category) in draws {
            let record = Record::new()
                .with("id", IDS[id])
                .with("time", TIMES[time])
                .with("neighborhood", COLUMNS[column])
                .with("address", ADDRESSES[address])
                .with("category", CATEGORIES[category]);
            ranker.add_record("grid", &record).unwrap();
        }
    }
    ranker.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// From memory and as CSV from a reader (neither read twice), the same counts, which are
    /// those of a direct count where the latest copy of each id counts.
    #[test]
    fn counts_reconcile_and_equal_a_direct_count(draws in draws()) {
        let copies: Vec<RecordCopy> = draws.iter().map(|&draw| (draw, 0)).collect();
        let allowed = oracles(&copies);
        let from_memory = observed(&run(&draws, false));
        prop_assert_eq!(&observed(&run(&draws, true)), &from_memory);
        prop_assert!(allowed.contains(&from_memory), "{:?} not among {:?}", from_memory, allowed);
    }

    #[test]
    fn no_record_is_counted_twice(draws in draws()) {
        let rankings = run(&draws, true);
        let quality = &rankings.quality.sources[0];
        prop_assert_eq!(quality.read, draws.len() as u64);
        prop_assert_eq!(quality.rejected_rows.len() as u64, quality.rejected);
    }
}

// ----- partly malformed files, in lenient mode -----

/// How a row is broken, if it is.
const CORRUPTIONS: [&str; 7] = [
    "none",
    "bad time",
    "no time",
    "missing field",
    "extra field",
    "invalid utf-8",
    "bad score",
];

const SANITATION: &str = r#"
period = "2018-11"
[sources.sanitation]
encoding = "utf-8"
[[boards]]
id = "clean"
kind = "neighborhood"
[[boards.indicators]]
id = "score"
source = "sanitation"
measure = "mean"
field = "score"
better = "higher"
"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every malformed row is rejected once, every other row is counted once, and the means
    /// are those of the well-formed rows.
    #[test]
    fn malformed_rows_are_rejected_once_and_the_rest_counted(
        rows in prop::collection::vec((draws_one(), 0..CORRUPTIONS.len(), 0u32..=100), 1..40),
    ) {
        let mut csv = b"id,time,neighborhood,address,score\n".to_vec();
        let mut clean = Vec::new();
        for &(draw, corruption, score) in &rows {
            let (id, time, column, address, _) = draw;
            let mut fields: Vec<Vec<u8>> = [IDS[id], TIMES[time], COLUMNS[column], ADDRESSES[address]]
                .iter()
                .map(|field| field.as_bytes().to_vec())
                .collect();
            fields.push(score.to_string().into_bytes());
            match CORRUPTIONS[corruption] {
                "bad time" => fields[1] = b"2018-11-32".to_vec(),
                "no time" => fields[1] = Vec::new(),
                "missing field" => { fields.pop(); }
                "extra field" => fields.push(b"x".to_vec()),
                "invalid utf-8" => fields[2] = vec![0xCC, 0xEC, 0xC9, 0xBD],
                "bad score" => fields[4] = b"9O".to_vec(),
                _ => clean.push((draw, score)),
            }
            csv.extend(fields.join(&b","[..]));
            csv.push(b'\n');
        }
        let spec = Spec::from_toml_str(SANITATION, "spec.toml").unwrap();
        let places = gazetteer();
        let mut ranker = Ranker::new(&spec, &places, &Options::new().lenient(true)).unwrap();
        ranker.read_source("sanitation", &csv[..], "sanitation.csv").unwrap();
        let rankings = ranker.finish().unwrap();
        let quality = &rankings.quality.sources[0];
        prop_assert!(quality.reconciles());
        prop_assert_eq!(quality.read, rows.len() as u64);
        // The clean rows' own oracle: every row they hold that is rejected there (an impossible
        // date drawn from TIMES) is rejected here too.
        let malformed = (rows.len() - clean.len()) as u64;
        let allowed = oracles(&clean);
        prop_assert!(allowed.iter().any(|expected| {
            quality.rejected == malformed + expected.rejected
                && quality.used == expected.used
                && quality.repeated == expected.repeated
        }), "{:?} not among {:?}", quality, allowed);
        prop_assert_eq!(quality.rejected_rows.len() as u64, quality.rejected);
    }
}

fn draws_one() -> impl Strategy<Value = Draw> {
    (
        0..IDS.len(),
        0..TIMES.len(),
        0..COLUMNS.len(),
        0..ADDRESSES.len(),
        0..CATEGORIES.len(),
    )
}

/// The records `explain` lists behind a place's value, from a CSV read with that place
/// traced: (line, indicator value).
fn explained(draws: &[Draw], board: &str, place: &str) -> (Vec<u64>, Option<u64>) {
    let spec = Spec::from_toml_str(SPEC, "spec.toml").unwrap();
    let places = gazetteer();
    let mut ranker = Ranker::new(&spec, &places, &Options::new().lenient(true)).unwrap();
    ranker.explain_place(board, place).unwrap();
    let mut csv = String::from("案件编号,上报时间,小区,地址,大类\n");
    for &(id, time, column, address, category) in draws {
        csv += &format!(
            "{},{},{},{},{}\n",
            IDS[id], TIMES[time], COLUMNS[column], ADDRESSES[address], CATEGORIES[category]
        );
    }
    ranker
        .read_source("grid", csv.as_bytes(), "grid.csv")
        .unwrap();
    let (_, explanation) = ranker.finish_with_explanation().unwrap();
    let lines = explanation
        .records
        .iter()
        .map(|record| {
            assert_eq!(record.source, "grid");
            record
                .at
                .strip_prefix("grid.csv:")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    let value = explanation
        .entry
        .map(|entry| entry.indicators[0].value.unwrap().try_into().unwrap());
    (lines, value)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `explain` lists, behind each place's count, exactly the records the count counted:
    /// as many as the count, each once, each a record of the period that the oracle places
    /// there and that passes the indicator's filter.
    #[test]
    fn explain_lists_exactly_the_records_counted(draws in draws()) {
        for (board, places, filtered) in [("neighborhoods", &NEIGHBORHOODS[..], true), ("roads", &ROADS[..], false)] {
            for &(_, name, _) in places {
                let (lines, value) = explained(&draws, board, name);
                let mut distinct = lines.clone();
                distinct.dedup();
                prop_assert_eq!(distinct.len(), lines.len());
                prop_assert_eq!(lines.len() as u64, value.unwrap_or(0));
                for line in lines {
                    // Line 1 is the header.
                    let (_, time, column, address, category) = draws[line as usize - 2];
                    prop_assert!(matches!(instant(time), Some(2 | 3)), "line {line} out of period");
                    prop_assert!(!filtered || CATEGORIES[category] == "A");
                    let column = if filtered { COLUMNS[column] } else { "" };
                    prop_assert_eq!(resolve(places, column, ADDRESSES[address]), Found::Place(name));
                }
            }
        }
    }
}

// ----- every board's coverage -----

/// A board's coverage as the oracle counts it: selected, counted, and per reason (in the
/// order of `Uncounted::ALL`).
#[derive(Clone, Debug, Default, PartialEq)]
struct Covered {
    selected: u64,
    counted: u64,
    reasons: Vec<(Uncounted, u64)>,
}

impl Covered {
    fn lose(&mut self, reason: Uncounted) {
        self.selected += 1;
        match self.reasons.iter_mut().find(|(known, _)| *known == reason) {
            Some((_, count)) => *count += 1,
            None => self.reasons.push((reason, 1)),
        }
    }

    fn normalized(mut self) -> Covered {
        self.reasons.retain(|(_, count)| *count > 0);
        self.reasons.sort();
        self
    }
}

/// The coverage of the boards `neighborhoods` (category A only) and `roads` (every record)
/// when, of each id, the copy `chosen` holds counts: a record of the period the board's
/// filter selects is counted when the oracle places it on a place of the board's kind (every
/// place is ranked: a count is 0, not missing, without records), else lost for the reason the
/// rule gives; repeated copies and malformed rows of the period are lost too.
fn coverage_oracle(copies: &[RecordCopy], chosen: &HashMap<&str, RecordCopy>) -> [Covered; 2] {
    let mut boards: [Covered; 2] = Default::default();
    let mut counted = HashSet::new();
    for &copy in copies {
        let ((id, time, column, address, category), _) = copy;
        let selects = [CATEGORIES[category] == "A", true];
        if TIMES[time] == "2018-11-31" {
            // The time cannot be read: the filters decide.
            for (board, selected) in boards.iter_mut().zip(selects) {
                if selected {
                    board.lose(Uncounted::Malformed);
                }
            }
            continue;
        }
        let in_period = TIMES[time].starts_with("2018-11");
        if !IDS[id].is_empty() && (chosen[IDS[id]] != copy || !counted.insert(IDS[id])) {
            for (board, selected) in boards.iter_mut().zip(selects) {
                if selected && in_period {
                    board.lose(Uncounted::Repeated);
                }
            }
            continue;
        }
        if !in_period {
            continue;
        }
        let column_text = COLUMNS[column];
        let found = [
            resolve(&NEIGHBORHOODS, column_text, ADDRESSES[address]),
            resolve(&ROADS, "", ADDRESSES[address]),
        ];
        let named = [!column_text.trim().is_empty(), false];
        for ((board, selected), (found, named)) in boards
            .iter_mut()
            .zip(selects)
            .zip(found.into_iter().zip(named))
        {
            if !selected {
                continue;
            }
            match found {
                Found::Place(_) => {
                    board.selected += 1;
                    board.counted += 1;
                }
                Found::Ambiguous => board.lose(Uncounted::Ambiguous),
                Found::Nothing if named => board.lose(Uncounted::UnknownName),
                Found::Nothing => board.lose(Uncounted::Unplaced),
            }
        }
    }
    boards.map(Covered::normalized)
}

/// Every way the rule allows (see [`oracles`]).
fn coverage_oracles(copies: &[RecordCopy]) -> Vec<[Covered; 2]> {
    let mut latest: HashMap<&str, (usize, Vec<RecordCopy>)> = HashMap::new();
    for &copy in copies {
        let ((id, time, ..), _) = copy;
        let (Some(instant), false) = (instant(time), IDS[id].is_empty()) else {
            continue;
        };
        let (best, candidates) = latest.entry(IDS[id]).or_insert((instant, Vec::new()));
        if instant > *best {
            (*best, *candidates) = (instant, Vec::new());
        }
        if instant == *best && !candidates.contains(&copy) {
            candidates.push(copy);
        }
    }
    let mut ids: Vec<(&str, Vec<RecordCopy>)> = latest
        .into_iter()
        .map(|(id, (_, candidates))| (id, candidates))
        .collect();
    ids.sort();
    let ways: usize = ids.iter().map(|(_, candidates)| candidates.len()).product();
    (0..ways)
        .map(|mut way| {
            let chosen: HashMap<&str, RecordCopy> = ids
                .iter()
                .map(|(id, candidates)| {
                    let choice = candidates[way % candidates.len()];
                    way /= candidates.len();
                    (*id, choice)
                })
                .collect();
            coverage_oracle(copies, &chosen)
        })
        .collect()
}

fn covered(rankings: &Rankings) -> [Covered; 2] {
    let of = |id: &str| {
        let board = rankings.boards.iter().find(|board| board.id == id).unwrap();
        assert_eq!(board.coverage.len(), 1);
        let coverage = &board.coverage[0];
        assert!(coverage.reconciles(), "{coverage:?}");
        Covered {
            selected: coverage.selected,
            counted: coverage.counted,
            reasons: coverage.uncounted.iter().collect(),
        }
        .normalized()
    };
    [of("neighborhoods"), of("roads")]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Each board's coverage reconciles (selected = counted + Σ reasons) and equals a direct
    /// count, from memory and as CSV; the records listed as uncounted are as many as the
    /// reasons count (every place being ranked, none is listed by place).
    #[test]
    fn coverage_reconciles_and_equals_a_direct_count(draws in draws()) {
        let copies: Vec<RecordCopy> = draws.iter().map(|&draw| (draw, 0)).collect();
        let allowed = coverage_oracles(&copies);
        let from_memory = run(&draws, false);
        let from_csv = run(&draws, true);
        prop_assert_eq!(covered(&from_csv), covered(&from_memory));
        let observed = covered(&from_memory);
        prop_assert!(allowed.contains(&observed), "{:?} not among {:?}", observed, allowed);
        for rankings in [&from_memory, &from_csv] {
            let quality = &rankings.quality.sources[0];
            // One row per record and kind lost: as many as the reasons count for the
            // neighborhood board (kind neighborhood) and the road board (kind road), except
            // repeats and malformed rows, one row for both boards.
            let [neighborhoods, roads] = covered(rankings);
            let kinds = |covered: &Covered| -> u64 {
                covered.reasons.iter()
                    .filter(|(reason, _)| !matches!(reason, Uncounted::Repeated | Uncounted::Malformed))
                    .map(|(_, count)| count)
                    .sum()
            };
            let listed_by_kind = quality.uncounted_records.iter().filter(|record| record.kind.is_some()).count() as u64;
            prop_assert_eq!(listed_by_kind, kinds(&neighborhoods) + kinds(&roads));
            prop_assert_eq!(quality.uncounted_more, 0);
        }
    }
}
