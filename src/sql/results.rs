//! Ranking what the queries return: the spec in which every record source a board reads
//! becomes a `table` source of the query's rows, and every indicator of it a `value` that
//! stands for its measure (a rate divides the query's count by the place attribute here, a
//! share or a mean is the query's exact `n/d`). Everything after the values (normalizing,
//! weighting, rounding, ranking, the explanations) is the crate's own, so the boards equal
//! those from the files.

use std::path::Path;

use super::refuse::refuse_unexpressible;
use crate::error::Result;
use crate::measure::{Filter, Measure};
use crate::source::{Encoding, SourceKind};
use crate::spec::{BoardSpec, MeasureSpec, Spec};

/// The name of indicator `position` of `board` in the queries' rows: `board.indicator` for a
/// scored indicator (`beautiful-roads.cases_per_km`), `board.` and the key within the board for
/// a count an adjustment or veto reads (`beautiful-roads.adjustments[0]`). The counts of an
/// adjustment's `multiply` share its key and follow its own count: the n-th of them (from 0)
/// is `….multiply[n]` (`grid-roads.adjustments[0].multiply[0]`), so that each count has its
/// own name.
pub(crate) fn indicator_name(board: &BoardSpec, position: usize) -> String {
    let indicator = &board.indicators[position];
    if position < board.scored {
        return format!("{}.{}", board.id, indicator.id);
    }
    let within = indicator
        .key
        .split_once('.')
        .map_or(indicator.key.as_str(), |(_, within)| within);
    let earlier = board.indicators[board.scored..position]
        .iter()
        .filter(|other| other.key == indicator.key)
        .count();
    match earlier.checked_sub(1) {
        None => format!("{}.{within}", board.id),
        Some(multiplied) => format!("{}.{within}.multiply[{multiplied}]", board.id),
    }
}

impl Spec {
    /// The spec that ranks the results of [`sql`](crate::sql::sql)'s queries: each record source
    /// a board reads becomes a `table` source read from `dir/<source id>.csv` (the rows the
    /// source's query returned, exported with their header `period,place,indicator,value`).
    /// The places, boards and everything else are this spec's. Fails as [`sql`](crate::sql::sql)
    /// does on indicators no query can express.
    ///
    /// ```
    /// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
    /// let results = spec.sql_results("results")?;
    /// assert_eq!(results.board_ids().count(), 3);
    /// # Ok::<(), livability::Error>(())
    /// ```
    pub fn sql_results(&self, dir: impl AsRef<Path>) -> Result<Spec> {
        refuse_unexpressible(self)?;
        let dir = dir.as_ref();
        let mut spec = self.clone();
        let used: Vec<bool> = (0..spec.sources.len())
            .map(|index| {
                spec.sources[index].kind != SourceKind::Table
                    && spec.boards.iter().any(|board| {
                        board
                            .indicators
                            .iter()
                            .any(|indicator| indicator.source == index)
                    })
            })
            .collect();
        for board in &mut spec.boards {
            let names: Vec<String> = (0..board.indicators.len())
                .map(|position| indicator_name(board, position))
                .collect();
            for (indicator, name) in board.indicators.iter_mut().zip(names) {
                if !used[indicator.source] {
                    continue;
                }
                let (per, stands_for) = match &indicator.measure {
                    MeasureSpec::Count => (None, Measure::Count),
                    MeasureSpec::Rate { per, scale } => {
                        (Some((per.clone(), *scale)), Measure::Rate)
                    }
                    MeasureSpec::Share { .. } => (None, Measure::Share),
                    MeasureSpec::Mean { .. } => (None, Measure::Mean),
                    MeasureSpec::OnTime => (None, Measure::OnTime),
                    MeasureSpec::Overdue => (None, Measure::Overdue),
                    MeasureSpec::Value { .. } => continue,
                };
                indicator.measure = MeasureSpec::Value {
                    name,
                    per,
                    stands_for,
                };
                indicator.filter = Filter::default();
            }
        }
        for (source, used) in spec.sources.iter_mut().zip(used) {
            if used {
                source.files = vec![crate::source::files::FileEntry::Path(
                    dir.join(format!("{}.csv", source.id)),
                )];
                source.kind = SourceKind::Table;
                source.encoding = Encoding::Auto;
                source.columns.clear();
                source.deadlines = None;
            }
        }
        Ok(spec)
    }
}
