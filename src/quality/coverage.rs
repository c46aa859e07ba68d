//! Every board's coverage: of the period's records its filters select, from each source it
//! reads, how many were counted on one of its ranked places, and why the others were not.
//!
//! A record is *selected* by a board when it is of the period and passes the `where` of at
//! least one of the board's indicators, adjustments or vetoes reading that source (a road
//! case with no neighborhood is no loss to a neighborhood board that reads only hazards). A
//! selected record is *counted* when it resolves to a place of the board's kind that the
//! board ranks; otherwise it is uncounted under exactly one [`Uncounted`] reason, so that
//! `selected = counted + Σ uncounted` ([`SourceCoverage::reconciles`]).

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::places::PlaceKind;

/// How many uncounted records the report keeps per source, with their details, for the
/// workbook's "uncounted records" sheet: the first ones read; the rest are only counted
/// ([`SourceQuality::uncounted_more`](super::SourceQuality::uncounted_more)).
pub const UNCOUNTED_LISTED: usize = 10_000;

/// The coverage a board needs from each source it reads, in percent, unless its spec sets
/// `min_coverage`.
pub const DEFAULT_MIN_COVERAGE: u32 = 95;

/// Why a record a board selects was not counted on one of its ranked places.
///
/// In JSON, by its [`name`](Uncounted::name): `unknown-name`, `unplaced`, `ambiguous`,
/// `unranked-place`, `repeated`, `malformed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Uncounted {
    /// The record's own column of the board's kind names no place of that kind (a spelling
    /// the places file does not know).
    UnknownName,
    /// The record names no place of the board's kind: its own column is absent or empty, and
    /// its address is empty or contains no name of the kind (a road case, for a neighborhood
    /// board).
    Unplaced,
    /// Its address names two places of the kind equally well.
    Ambiguous,
    /// It found its place, which the board leaves unranked (no value, excluded, vetoed, new
    /// on an improvement board).
    UnrankedPlace,
    /// Another copy of its id counts instead (the latest).
    Repeated,
    /// A malformed row skipped under `--lenient`. When its time can be read and is outside
    /// the period it is selected by no board; when the row can be read at all, the filters
    /// decide which boards it would have counted for; a row that cannot be split into fields
    /// counts against every board reading its source.
    Malformed,
}

impl Uncounted {
    /// Every reason, in the order reports list them.
    pub const ALL: [Uncounted; 6] = [
        Uncounted::UnknownName,
        Uncounted::Unplaced,
        Uncounted::Ambiguous,
        Uncounted::UnrankedPlace,
        Uncounted::Repeated,
        Uncounted::Malformed,
    ];

    /// How many reasons there are.
    pub(crate) const COUNT: usize = Uncounted::ALL.len();

    /// The reason's position in [`Uncounted::ALL`].
    pub(crate) fn index(self) -> usize {
        match self {
            Uncounted::UnknownName => 0,
            Uncounted::Unplaced => 1,
            Uncounted::Ambiguous => 2,
            Uncounted::UnrankedPlace => 3,
            Uncounted::Repeated => 4,
            Uncounted::Malformed => 5,
        }
    }

    /// The reason's machine name, as JSON writes it (stable).
    pub fn name(self) -> &'static str {
        match self {
            Uncounted::UnknownName => "unknown-name",
            Uncounted::Unplaced => "unplaced",
            Uncounted::Ambiguous => "ambiguous",
            Uncounted::UnrankedPlace => "unranked-place",
            Uncounted::Repeated => "repeated",
            Uncounted::Malformed => "malformed",
        }
    }

    /// The reason in words, as the table, Markdown, the workbook and the page show it.
    pub fn label(self) -> &'static str {
        match self {
            Uncounted::UnknownName => "unknown name",
            Uncounted::Unplaced => "unplaced",
            Uncounted::Ambiguous => "ambiguous",
            Uncounted::UnrankedPlace => "on an unranked place",
            Uncounted::Repeated => "repeated copy",
            Uncounted::Malformed => "malformed row",
        }
    }
}

impl fmt::Display for Uncounted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How many selected records each reason left uncounted.
///
/// In JSON, an object with every reason's [`name`](Uncounted::name) as a key, in the order of
/// [`Uncounted::ALL`], zeros included: `{"unknown-name": 0, "unplaced": 30, …}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UncountedCounts([u64; Uncounted::COUNT]);

impl UncountedCounts {
    /// The records left uncounted for `reason`.
    pub fn get(&self, reason: Uncounted) -> u64 {
        self.0[reason.index()]
    }

    /// Counts one more (or one fewer) for `reason`.
    pub(crate) fn step(&mut self, reason: Uncounted, delta: crate::measure::Delta) {
        delta.step(&mut self.0[reason.index()]);
    }

    /// Adds `count` for `reason`.
    pub(crate) fn add(&mut self, reason: Uncounted, count: u64) {
        self.0[reason.index()] += count;
    }

    /// Adds the counts of `other`.
    pub(crate) fn absorb(&mut self, other: &UncountedCounts) {
        for (mine, more) in self.0.iter_mut().zip(other.0) {
            *mine += more;
        }
    }

    /// Every reason with its count, in the order of [`Uncounted::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (Uncounted, u64)> + '_ {
        Uncounted::ALL
            .iter()
            .map(|&reason| (reason, self.get(reason)))
    }

    /// All of them.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    /// The reason that left most records uncounted (the first in [`Uncounted::ALL`] order
    /// among equals), if any did.
    pub fn main(&self) -> Option<(Uncounted, u64)> {
        self.iter()
            .filter(|&(_, count)| count > 0)
            .fold(None, |best, (reason, count)| match best {
                Some((_, most)) if most >= count => best,
                _ => Some((reason, count)),
            })
    }
}

impl Serialize for UncountedCounts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(Uncounted::COUNT))?;
        for (reason, count) in self.iter() {
            map.serialize_entry(reason.name(), &count)?;
        }
        map.end()
    }
}

/// A board's coverage from one source it reads.
///
/// In JSON: `{"source": "hotline", "selected": 169, "counted": 139, "coverage": "82.2",
/// "uncounted": {"unknown-name": 0, "unplaced": 30, …}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SourceCoverage {
    /// The source's id.
    pub source: String,
    /// Records of the period that pass the `where` of at least one of the board's indicators,
    /// adjustments or vetoes reading the source.
    pub selected: u64,
    /// Of those, the records counted on a place the board ranks.
    pub counted: u64,
    /// The percentage counted, 100 × counted ÷ selected, cut (never rounded up) to one
    /// decimal, so that a board shown at 95.0 % has at least 95 %; `None` when none is
    /// selected.
    pub coverage: Option<Decimal>,
    /// The others, by reason.
    pub uncounted: UncountedCounts,
}

impl SourceCoverage {
    /// The coverage of `selected` records, `counted` of them counted.
    pub(crate) fn new(source: String, counted: u64, uncounted: UncountedCounts) -> SourceCoverage {
        let selected = counted + uncounted.total();
        SourceCoverage {
            source,
            selected,
            counted,
            coverage: percent(counted, selected),
            uncounted,
        }
    }

    /// Whether every selected record is counted or under a reason.
    pub fn reconciles(&self) -> bool {
        self.uncounted.total().checked_add(self.counted) == Some(self.selected)
    }

    /// Whether the exact share counted is below `min` percent (never with nothing selected).
    pub fn is_below(&self, min: Decimal) -> bool {
        if self.selected == 0 {
            return false;
        }
        // counted × 100 < min × selected, exactly (a percentage of up to 28 digits times a
        // count could overflow: then it is compared as the exact ratio would).
        let counted = Decimal::from(self.counted).checked_mul(Decimal::ONE_HUNDRED);
        let needed = min.checked_mul(Decimal::from(self.selected));
        match (counted, needed) {
            (Some(counted), Some(needed)) => counted < needed,
            // Only a huge minimum overflows: above 100 %, which the spec refuses.
            _ => false,
        }
    }
}

/// 100 × `part` ÷ `whole`, cut to one decimal.
fn percent(part: u64, whole: u64) -> Option<Decimal> {
    if whole == 0 {
        return None;
    }
    // Tenths of a percent, in integers: exact.
    let tenths = u128::from(part) * 1000 / u128::from(whole);
    Some(Decimal::from_i128_with_scale(
        i128::try_from(tenths).unwrap_or(i128::MAX),
        1,
    ))
}

/// The coverage of one group of a board ranked inside groups (`group_by`): how many of the
/// group's places records reached, and how many records, so that an office sees a street
/// whose neighborhoods have none.
///
/// Its records are those the board selects (of the period, passing a `where` of one of its
/// indicators) placed on the group's places, from every source the board reads: counted, or
/// on a place the board leaves unranked. So a board's groups add up to its sources'
/// `counted` plus their `unranked-place` ([`GroupCoverage::reconciles`]).
///
/// In JSON: `{"board": "neighborhoods-by-street", "group": "天山街道", "places": 4,
/// "reached": 3, "records": 57}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GroupCoverage {
    /// The board's id.
    pub board: String,
    /// The group's name: its place's name, or the attribute's value (未分组 for the places
    /// without one).
    pub group: String,
    /// The group's places.
    pub places: u64,
    /// Of those, the places at least one selected record reached.
    pub reached: u64,
    /// The selected records placed on the group's places.
    pub records: u64,
}

impl GroupCoverage {
    /// The places of the group no selected record reached.
    pub fn without_records(&self) -> u64 {
        self.places - self.reached.min(self.places)
    }

    /// Whether the records of the groups of `board` in `groups` add up to what the board's
    /// `coverage` says it counted, or found on a place it leaves unranked.
    pub fn reconciles(board: &str, groups: &[GroupCoverage], coverage: &[SourceCoverage]) -> bool {
        let grouped: u64 = groups
            .iter()
            .filter(|group| group.board == board)
            .map(|group| group.records)
            .sum();
        let placed: u64 = coverage
            .iter()
            .map(|source| source.counted + source.uncounted.get(Uncounted::UnrankedPlace))
            .sum();
        grouped == placed
    }
}

/// A record a board selects but counts on none of its ranked places, with what the analyst
/// needs to find and fix it: a row of the workbook's "uncounted records" sheet.
///
/// In JSON: `{"line": 57, "id": "12345-0057", "kind": "neighborhood", "text": "遵义路100号",
/// "reason": "unplaced", "boards": ["safe-neighborhoods"], "fix": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UncountedRecord {
    /// The file it was read from (for records fed from memory, none; of a source of several
    /// files, the one it is in).
    pub file: Option<std::path::PathBuf>,
    /// Its line in the file, its row in a workbook, or for records fed from memory its
    /// position among the source's records (from 1); for the records on an unranked place,
    /// listed together, none.
    pub line: Option<u64>,
    /// Its id as written (empty without one).
    pub id: String,
    /// The kind of place it was not counted for (none for a repeated copy or a malformed row,
    /// lost to every kind).
    pub kind: Option<PlaceKind>,
    /// The text that failed, as written: the kind's own column, else the address (for a
    /// malformed row, the error; for records on an unranked place, the place's name).
    pub text: String,
    /// Why it is not counted.
    pub reason: Uncounted,
    /// The boards that lose it, by id.
    pub boards: Vec<String>,
    /// For records on an unranked place: how many (else 1).
    pub records: u64,
    /// What to do about it.
    pub fix: String,
}

impl UncountedRecord {
    /// The suggested fix for a record left uncounted for `reason`, its text `text`.
    pub(crate) fn fix_for(reason: Uncounted, kind: Option<PlaceKind>, text: &str) -> String {
        let kind = kind.map_or("place", PlaceKind::as_str);
        match reason {
            Uncounted::UnknownName => format!(
                "add \"{text}\" to the aliases of the {kind} it means in the places file, or correct it in the export"
            ),
            Uncounted::Unplaced if text.trim().is_empty() => format!(
                "the record names no {kind}: fill in its {kind} column or its address in the export"
            ),
            Uncounted::Unplaced => format!(
                "the address names no {kind}: fill in the record's {kind} column, or add the {kind} it lies in (or an alias) to the places file"
            ),
            Uncounted::Ambiguous => format!(
                "the address names several {kind}s equally well: fill in the record's {kind} column"
            ),
            Uncounted::UnrankedPlace => {
                "the board leaves this place unranked: see the board's unranked list for why".to_owned()
            }
            Uncounted::Repeated => {
                "another copy of this id counts (the latest): if they are different records, give them different ids in the export".to_owned()
            }
            Uncounted::Malformed => "correct the row in the export, as the error says".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Delta;

    #[test]
    fn every_reason_has_its_index_and_a_distinct_name() {
        for (index, reason) in Uncounted::ALL.iter().enumerate() {
            assert_eq!(reason.index(), index);
        }
        let mut names: Vec<&str> = Uncounted::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Uncounted::COUNT);
    }

    #[test]
    fn a_boards_groups_reconcile_with_its_coverage() {
        let group = |group: &str, places: u64, reached: u64, records: u64| GroupCoverage {
            board: "b".to_owned(),
            group: group.to_owned(),
            places,
            reached,
            records,
        };
        let groups = [group("甲", 4, 3, 50), group("乙", 2, 0, 0)];
        assert_eq!(groups[0].without_records(), 1);
        assert_eq!(groups[1].without_records(), 2);
        let mut uncounted = UncountedCounts::default();
        uncounted.add(Uncounted::UnrankedPlace, 5);
        uncounted.add(Uncounted::Unplaced, 7);
        let coverage = [SourceCoverage::new("h".to_owned(), 45, uncounted)];
        assert!(GroupCoverage::reconciles("b", &groups, &coverage));
        assert!(!GroupCoverage::reconciles("b", &groups[1..], &coverage));
    }

    #[test]
    fn coverage_is_cut_not_rounded_up_and_reconciles() {
        let mut uncounted = UncountedCounts::default();
        uncounted.add(Uncounted::Unplaced, 30);
        uncounted.step(Uncounted::Repeated, Delta::Add);
        let coverage = SourceCoverage::new("hotline".to_owned(), 1999, uncounted);
        assert_eq!(coverage.selected, 2030);
        assert!(coverage.reconciles());
        // 1999 / 2030 = 98.47…%: shown 98.4.
        assert_eq!(coverage.coverage.unwrap().to_string(), "98.4");
        assert!(coverage.is_below(Decimal::new(985, 1)));
        assert!(!coverage.is_below(Decimal::new(98, 0)));
        assert_eq!(coverage.uncounted.main(), Some((Uncounted::Unplaced, 30)));
        let mut broken = coverage.clone();
        broken.counted += 1;
        assert!(!broken.reconciles());
    }

    #[test]
    fn nothing_selected_is_never_below() {
        let coverage = SourceCoverage::new("grid".to_owned(), 0, UncountedCounts::default());
        assert_eq!(coverage.coverage, None);
        assert!(!coverage.is_below(Decimal::ONE_HUNDRED));
    }

    #[test]
    fn counts_serialize_with_every_reason() {
        let json = serde_json::to_string(&UncountedCounts::default()).unwrap();
        assert_eq!(
            json,
            r#"{"unknown-name":0,"unplaced":0,"ambiguous":0,"unranked-place":0,"repeated":0,"malformed":0}"#
        );
    }
}
