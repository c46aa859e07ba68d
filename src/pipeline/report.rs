//! A source's part of the data-quality report, finished once every record is in: the
//! names most often unmatched, the ids whose copies differ, the records no board counted.

use std::path::Path;

use super::Shared;
use super::coverage;
use super::state::{Reading, SourceState};
use crate::places::PlaceKind;
use crate::quality::{DifferingId, SourceQuality, UncountedRecord};

/// The report of `state`'s source; `on_unranked`: its records on places a board leaves
/// unranked.
pub(super) fn source_quality(
    shared: &Shared<'_>,
    mut state: SourceState,
    mut on_unranked: Vec<UncountedRecord>,
) -> SourceQuality {
    state.quality.unmatched = state.unmatched.shown();
    match &state.reading {
        Reading::Records(records) => {
            let plan = &records.plan;
            state.quality.unlisted_values = records.unlisted.most_frequent(None);
            state.quality.differing_repeats = records.repeats.differing();
            let mut differing_ids = records.repeats.differing_ids(plan.id);
            name_copies(&state, &mut differing_ids);
            state.quality.differing_ids = differing_ids;
            let all = shared.gazetteer.kinds().all();
            state.quality.kinds = all
                .iter()
                .filter(|kind| plan.kinds.contains(kind))
                .map(|&kind| records.kinds[kind.index()].report(kind))
                .collect();
            if shared.gazetteer.has_hierarchy() {
                // The deepest level first, as a place's chain is read from below; handling
                // units, who handled a record rather than where, last.
                let mut kinds = all.to_vec();
                kinds.sort_by_key(|&kind| {
                    let handler = kind == PlaceKind::Handler;
                    (handler, std::cmp::Reverse(kind.level()), kind.index())
                });
                state.quality.reached = kinds
                    .into_iter()
                    .filter(|kind| records.reached[kind.index()] > 0)
                    .map(|kind| crate::quality::LevelCount {
                        kind,
                        records: records.reached[kind.index()],
                    })
                    .collect();
            }
        }
        Reading::Table(table) => {
            state.quality.unused_indicators = table.unused_indicators.most_frequent(None);
        }
    }
    let mut uncounted = coverage::records(shared, &state);
    // Records on an unranked place are listed together: of the source's file,
    // when it has one file.
    for record in &mut on_unranked {
        record.file.clone_from(&state.quality.file);
    }
    uncounted.append(&mut on_unranked);
    state.quality.uncounted_records = uncounted;
    state.quality.uncounted_more = state.coverage.more;
    if !state.files.is_empty() {
        // Several files: each is named, none stands for the source.
        state.quality.file = None;
        state.quality.files = state.files.iter().map(|file| file.path.clone()).collect();
    }
    // Rows of several files are sorted by file, then line.
    state.quality.rejected_rows.sort_by_cached_key(|row| {
        let location = row.error().location();
        (
            location.path().map(Path::to_path_buf),
            row.line(),
            location.to_string(),
        )
    });
    state.quality
}

/// Names each copy of the differing ids as the report does: a sheet's copies by their rows,
/// those of a source of several files by their file and line.
fn name_copies(state: &SourceState, differing_ids: &mut [DifferingId]) {
    for differing in differing_ids {
        let several = !state.files.is_empty();
        for copy in &mut differing.copies {
            let (file, line) = state.report_line(*copy);
            *copy = line;
            if several {
                differing.copy_files.push(file.unwrap_or(0));
            }
        }
        let (file, line) = state.report_line(differing.counted);
        differing.counted = line;
        differing.counted_file = file;
    }
}
