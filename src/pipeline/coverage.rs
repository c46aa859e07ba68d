//! Counting each board's coverage as records are read (see
//! [`SourceCoverage`](crate::quality::SourceCoverage)).
//!
//! Per source, a *group* per chosen board that reads it: the board's feeds on the source
//! (indicators, adjustments' and vetoes' counts), whose `where` select a record. Per group,
//! integers only: the records placed on each place of the board's kind (whether the place is
//! ranked is known only once the board is made) and the others by reason. A record costs a
//! filter test per feed (memoized per column) and an increment per group; nothing is
//! allocated for it unless it is uncounted and among the first [`UNCOUNTED_LISTED`] of its
//! source, whose details are kept for the workbook's "uncounted records" sheet.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::Shared;
use super::state::SourceState;
use crate::board::Board;
use crate::measure::Delta;
use crate::places::PlaceKind;
use crate::quality::{
    GroupCoverage, UNCOUNTED_LISTED, Uncounted, UncountedCounts, UncountedRecord, Warning,
};

/// A chosen board reading a source: its feeds among the source's.
#[derive(Debug)]
pub(crate) struct CoverageGroup {
    /// The board's slot among the chosen boards.
    pub(crate) board: usize,
    pub(crate) kind: PlaceKind,
    /// Indexes into the source's feeds.
    pub(crate) feeds: Vec<usize>,
}

/// One group's counts.
#[derive(Clone, Debug, Default)]
pub(crate) struct GroupCounts {
    /// Per place of the board's kind (in gazetteer order): the selected records placed on it.
    pub(crate) placed: Vec<u64>,
    /// The selected records not placed, by reason (all but `UnrankedPlace`, known at the end).
    pub(crate) uncounted: UncountedCounts,
}

/// An uncounted record kept with its details.
#[derive(Clone, Debug)]
pub(crate) struct Listed {
    /// Its line (or position among the records fed).
    pub(crate) position: u64,
    pub(crate) id: String,
    pub(crate) kind: Option<PlaceKind>,
    pub(crate) text: String,
    pub(crate) reason: Uncounted,
    /// The groups that lose it.
    pub(crate) groups: Groups,
}

/// A source's coverage counts, as it is read.
#[derive(Debug, Default)]
pub(crate) struct Coverage {
    pub(crate) groups: Arc<[CoverageGroup]>,
    pub(crate) counts: Vec<GroupCounts>,
    /// The first uncounted records, in the order read.
    pub(crate) listed: Vec<Listed>,
    /// How many entries of `listed` each position has, to find those of a record taken back
    /// without scanning the list.
    listed_at: HashMap<u64, u32>,
    /// Uncounted records past the first [`UNCOUNTED_LISTED`].
    pub(crate) more: u64,
}

impl Coverage {
    /// The groups of a source whose feeds are `feeds` ((board slot, indicator position) each),
    /// the boards' kinds and place counts given per slot.
    pub(crate) fn new(feeds: &[(usize, usize)], boards: &[(PlaceKind, usize)]) -> Coverage {
        let mut groups: Vec<CoverageGroup> = Vec::new();
        for (feed, &(board, _)) in feeds.iter().enumerate() {
            match groups.iter_mut().find(|group| group.board == board) {
                Some(group) => group.feeds.push(feed),
                None => groups.push(CoverageGroup {
                    board,
                    kind: boards[board].0,
                    feeds: vec![feed],
                }),
            }
        }
        groups.sort_by_key(|group| group.board);
        let counts = groups
            .iter()
            .map(|group| GroupCounts {
                placed: vec![0; boards[group.board].1],
                uncounted: UncountedCounts::default(),
            })
            .collect();
        Coverage {
            groups: groups.into(),
            counts,
            ..Coverage::default()
        }
    }

    /// The same groups, nothing counted: for the second part of a file read in two.
    pub(crate) fn fresh(&self) -> Coverage {
        Coverage {
            groups: Arc::clone(&self.groups),
            counts: self
                .counts
                .iter()
                .map(|counts| GroupCounts {
                    placed: vec![0; counts.placed.len()],
                    uncounted: UncountedCounts::default(),
                })
                .collect(),
            ..Coverage::default()
        }
    }

    /// Adds the counts of `other`, the second part of the same file, whose line `n` is the
    /// file's line `n + lines`; its listed records come after this part's.
    pub(crate) fn absorb(&mut self, other: Coverage, lines: u64) {
        for (mine, more) in self.counts.iter_mut().zip(&other.counts) {
            for (placed, add) in mine.placed.iter_mut().zip(&more.placed) {
                *placed += add;
            }
            mine.uncounted.absorb(&more.uncounted);
        }
        self.more += other.more;
        for mut listed in other.listed {
            listed.position += lines;
            self.keep(listed);
        }
    }

    /// Whether a record at `position` is listed now.
    fn is_listed(&self, position: u64) -> bool {
        self.listed_at.contains_key(&position)
    }

    /// Keeps the details of an uncounted record, or only counts it when the list is full.
    pub(crate) fn keep(&mut self, listed: Listed) {
        if self.listed.len() < UNCOUNTED_LISTED {
            *self.listed_at.entry(listed.position).or_default() += 1;
            self.listed.push(listed);
        } else {
            self.more += 1;
        }
    }

    /// Forgets the details of the record at `position` kept as a repeat (`repeat`) or for
    /// any other reason, as it is taken back; `true` if any were kept.
    pub(crate) fn forget(&mut self, position: u64, repeat: bool) -> bool {
        if !self.is_listed(position) {
            return false;
        }
        let before = self.listed.len();
        self.listed.retain(|listed| {
            listed.position != position || (listed.reason == Uncounted::Repeated) != repeat
        });
        let removed = before - self.listed.len();
        if let Some(count) = self.listed_at.get_mut(&position) {
            *count = count.saturating_sub(removed as u32);
            if *count == 0 {
                self.listed_at.remove(&position);
            }
        }
        removed > 0
    }

    /// Lists (`Delta::Add`) or forgets (`Remove`) a record uncounted for `reason`, lost to
    /// `groups`; `details` gives its id, kind and text, asked only when it is kept.
    pub(crate) fn record(
        &mut self,
        position: u64,
        reason: Uncounted,
        groups: Groups,
        delta: Delta,
        details: impl FnOnce() -> (String, Option<PlaceKind>, String),
    ) {
        match delta {
            Delta::Add if self.listed.len() < UNCOUNTED_LISTED => {
                let (id, kind, text) = details();
                self.keep(Listed {
                    position,
                    id,
                    kind,
                    text,
                    reason,
                    groups,
                });
            }
            Delta::Add => self.more += 1,
            Delta::Remove => {
                if !self.forget(position, reason == Uncounted::Repeated) {
                    self.more = self.more.saturating_sub(1);
                }
            }
        }
    }
}

/// A set of groups of a source, as bits: a record lost to several boards is noted without
/// allocating. Groups past the 64th (a source read by more than 64 boards) are left out of the
/// boards a listed record names, never out of the counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Groups(u64);

impl Groups {
    /// The first `n` groups.
    pub(crate) fn first(n: usize) -> Groups {
        Groups(match n {
            0 => 0,
            64.. => u64::MAX,
            n => (1 << n) - 1,
        })
    }

    pub(crate) fn insert(&mut self, group: usize) {
        if group < 64 {
            self.0 |= 1 << group;
        }
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The groups, in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |group| self.0 & (1 << group) != 0)
    }
}

/// Per kind of place, the groups a record is lost to and why: collected while a record is
/// counted, without allocating.
#[derive(Debug, Default)]
pub(crate) struct Lost {
    /// By the kind's index: the kind, why its groups lose the record, and which.
    pub(crate) by_kind: [Option<(PlaceKind, Uncounted, Groups)>; PlaceKind::CAPACITY],
}

impl Lost {
    /// Notes that group `group`, of kind `kind`, loses the record for `reason`.
    pub(crate) fn add(&mut self, kind: PlaceKind, reason: Uncounted, group: usize) {
        self.by_kind[kind.index()]
            .get_or_insert((kind, reason, Groups::default()))
            .2
            .insert(group);
    }
}

/// The uncounted records a source kept, as the report lists them: with the boards that lose
/// each by id, and, for a workbook, its rows.
pub(crate) fn records(shared: &Shared<'_>, state: &SourceState) -> Vec<UncountedRecord> {
    let coverage = &state.coverage;
    let mut records: Vec<UncountedRecord> = coverage
        .listed
        .iter()
        .map(|listed| {
            let boards = listed
                .groups
                .iter()
                .filter_map(|group| coverage.groups.get(group))
                .map(|group| shared.spec.boards[shared.boards[group.board]].id.clone())
                .collect();
            // A row rejected before its line was known has none. Of a source of several
            // files, the file it falls in; of a workbook, its sheet's row.
            let position = (listed.position > 0).then_some(listed.position);
            let file = match position {
                Some(position) => state.file_line(position).0.map(Path::to_path_buf),
                None => state.quality.file.clone(),
            };
            let line = position.map(|position| state.report_line(position).1);
            // A malformed row's text is its error, as the report words it (with the file's
            // own line, also for a row of the second part of a file read in two, or the
            // sheet's cell).
            let text = match listed.reason {
                Uncounted::Malformed => state
                    .quality
                    .rejected_rows
                    .iter()
                    .find(|row| {
                        row.line().is_some()
                            && row.line() == line
                            && (state.files.is_empty()
                                || row.error().location().path() == file.as_deref())
                    })
                    .map_or_else(|| listed.text.clone(), |row| row.error().to_string()),
                _ => listed.text.clone(),
            };
            UncountedRecord {
                file,
                line,
                id: listed.id.clone(),
                kind: listed.kind,
                fix: UncountedRecord::fix_for(listed.reason, listed.kind, &listed.text),
                text,
                reason: listed.reason,
                boards,
                records: 1,
            }
        })
        .collect();
    // In the file's order (a copy taken back joins the list when a later copy comes).
    records.sort_by(|a, b| {
        (a.line.is_none(), &a.file, a.line, a.reason).cmp(&(
            b.line.is_none(),
            &b.file,
            b.line,
            b.reason,
        ))
    });
    records
}

/// The coverage of each group of the board in slot `slot` (whose places are `places`, in
/// gazetteer order) when it is ranked inside groups: its places, those records reached, and
/// the records placed on them, from every source the board reads.
pub(crate) fn group_coverage(
    shared: &Shared<'_>,
    slot: usize,
    board: &crate::spec::BoardSpec,
    places: &[crate::places::PlaceIndex],
    sources: &[SourceState],
) -> Vec<GroupCoverage> {
    let Some(by) = &board.group_by else {
        return Vec::new();
    };
    // Per place of the board: the selected records placed on it, from every source.
    let mut placed = vec![0u64; places.len()];
    for source in sources {
        let coverage = &source.coverage;
        let Some(group) = coverage.groups.iter().position(|g| g.board == slot) else {
            continue;
        };
        for (sum, &records) in placed.iter_mut().zip(&coverage.counts[group].placed) {
            *sum += records;
        }
    }
    super::groups::groups(shared.gazetteer, places, by)
        .into_iter()
        .map(|group| {
            let records = |member: &usize| placed.get(*member).copied().unwrap_or_default();
            GroupCoverage {
                board: board.id.clone(),
                places: group.members.len() as u64,
                reached: group.members.iter().filter(|m| records(m) > 0).count() as u64,
                records: group.members.iter().map(records).sum(),
                group: group.name,
            }
        })
        .collect()
}

/// A warning for each source from which `board` counts less than its `min_coverage`.
pub(crate) fn warnings(board: &Board) -> Vec<Warning> {
    board
        .coverage
        .iter()
        .filter(|coverage| coverage.is_below(board.min_coverage))
        .map(|coverage| {
            let (reason, lost) = coverage
                .uncounted
                .main()
                .unwrap_or((Uncounted::Unplaced, 0));
            Warning::LowCoverage {
                board: board.id.clone(),
                source: coverage.source.clone(),
                coverage: coverage.coverage.unwrap_or_default(),
                min: board.min_coverage,
                selected: coverage.selected,
                counted: coverage.counted,
                reason,
                lost,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_gather_a_boards_feeds() {
        let coverage = Coverage::new(
            &[(1, 0), (0, 0), (1, 1)],
            &[(PlaceKind::Road, 3), (PlaceKind::Neighborhood, 2)],
        );
        let groups: Vec<(usize, Vec<usize>)> = coverage
            .groups
            .iter()
            .map(|group| (group.board, group.feeds.clone()))
            .collect();
        assert_eq!(groups, [(0, vec![1]), (1, vec![0, 2])]);
        assert_eq!(coverage.counts[1].placed.len(), 2);
    }

    #[test]
    fn group_sets_hold_the_first_64() {
        assert_eq!(Groups::first(3).iter().collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(Groups::first(70).iter().count(), 64);
        let mut groups = Groups::default();
        groups.insert(64);
        assert!(groups.is_empty());
        groups.insert(5);
        assert_eq!(groups.iter().collect::<Vec<_>>(), [5]);
    }

    #[test]
    fn the_list_is_bounded_and_forgets_what_is_taken_back() {
        let mut coverage = Coverage::new(&[(0, 0)], &[(PlaceKind::Road, 1)]);
        let details = || (String::new(), Some(PlaceKind::Road), "x".to_owned());
        for position in 0..(UNCOUNTED_LISTED as u64 + 5) {
            coverage.record(
                position,
                Uncounted::Unplaced,
                Groups::first(1),
                Delta::Add,
                details,
            );
        }
        assert_eq!(coverage.listed.len(), UNCOUNTED_LISTED);
        assert_eq!(coverage.more, 5);
        coverage.record(
            3,
            Uncounted::Unplaced,
            Groups::first(1),
            Delta::Remove,
            details,
        );
        assert_eq!(coverage.listed.len(), UNCOUNTED_LISTED - 1);
        assert!(!coverage.listed.iter().any(|listed| listed.position == 3));
        // Not listed: one fewer counted past the list.
        coverage.record(
            UNCOUNTED_LISTED as u64 + 1,
            Uncounted::Unplaced,
            Groups::first(1),
            Delta::Remove,
            details,
        );
        assert_eq!(coverage.more, 4);
    }
}
