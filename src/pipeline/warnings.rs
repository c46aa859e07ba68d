//! The warnings a reading can give about its sources: a source with no record of the period,
//! a kind of place its boards rank that it cannot place, a name that nearly names a place, a
//! filter value no record holds. (The warnings about made boards are
//! [`analysis`](crate::analysis)'s.)

use super::Shared;
use super::state::{RecordsState, SourceState};
use crate::places::{PlaceKind, Spellings};
use crate::quality::Warning;
use crate::spec::Spec;

/// The warnings about the sources the boards use (`needed`), source by source.
pub(super) fn source_warnings(
    shared: &Shared<'_>,
    sources: &[SourceState],
    needed: &[&str],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    // The places' spellings folded once per kind, for every source's names compared.
    let mut spellings = Vec::new();
    for state in sources {
        let quality = &state.quality;
        if !needed.contains(&quality.source.as_str()) {
            continue;
        }
        let records = quality
            .read
            .saturating_sub(quality.total_rows)
            .saturating_sub(quality.rejected);
        if records >= crate::quality::FEW_IDS_MIN_RECORDS && quality.repeated * 2 > records {
            warnings.push(Warning::FewIds {
                source: quality.source.clone(),
                records,
                repeated: quality.repeated,
            });
        }
        for hidden in &quality.hidden {
            warnings.push(Warning::HiddenRows {
                source: quality.source.clone(),
                sheet: hidden.sheet.clone(),
                rows: hidden.rows,
                first: hidden.first.clone(),
            });
        }
        if quality.used + quality.unplaced + quality.ambiguous == 0 {
            warnings.push(Warning::EmptySource {
                source: quality.source.clone(),
                period: shared.period,
            });
            continue;
        }
        if let Some(records) = state.records() {
            for &kind in &records.plan.kinds {
                let source = &quality.source;
                kind_warnings(shared, source, records, kind, &mut spellings, &mut warnings);
            }
            filter_warnings(shared, records, &mut warnings);
            deadline_warnings(&quality.source, records, &mut warnings);
        }
    }
    warnings
}

/// A name among the most frequent unmatched of `kind` that nearly names a place; the kind's
/// own column missing while most records go unplaced. `spellings`: the spellings of the
/// kinds folded so far.
fn kind_warnings(
    shared: &Shared<'_>,
    source: &str,
    records: &RecordsState,
    kind: PlaceKind,
    spellings: &mut Vec<(PlaceKind, Spellings)>,
    warnings: &mut Vec<Warning>,
) {
    let plan = &records.plan;
    let counts = &records.kinds[kind.index()];
    let shown = counts.unmatched.shown();
    let folded = match spellings.iter().position(|(known, _)| *known == kind) {
        _ if shown.is_empty() => None,
        Some(known) => Some(known),
        None => {
            spellings.push((kind, Spellings::of(shared.gazetteer, kind)));
            Some(spellings.len() - 1)
        }
    };
    let spellings = folded
        .and_then(|index| spellings.get(index))
        .map(|(_, s)| s);
    for unmatched in shown {
        let close = spellings.and_then(|spellings| {
            crate::places::close_place_among(shared.gazetteer, spellings, &unmatched.name)
        });
        if let Some((place, spelling)) = close {
            warnings.push(Warning::CloseName {
                source: source.to_owned(),
                kind,
                name: unmatched.name,
                records: unmatched.count,
                place_id: place.id().to_owned(),
                place: place.name().to_owned(),
                spelling,
            });
        }
    }
    let records = counts.placed + counts.unplaced + counts.ambiguous;
    if counts.column || records == 0 || counts.placed * 2 >= records {
        return;
    }
    let own = plan.place[kind.index()].map(|column| &plan.columns[column]);
    let looked_for = match own.and_then(|own| own.column.as_ref().map(|canonical| (canonical, own)))
    {
        Some((canonical, own)) => crate::read::header::looked_for(canonical, own.mapped.as_deref()),
        None => format!("'{}'", kind.as_str()),
    };
    warnings.push(Warning::KindColumnMissing {
        source: source.to_owned(),
        kind,
        looked_for,
        placed: counts.placed,
        records,
    });
}

/// Every value a source's `deadline` names that no record of the period holds in the column
/// that picks deadlines (a misspelled category gets the default deadline, or none, silently).
fn deadline_warnings(source: &str, records: &RecordsState, warnings: &mut Vec<Warning>) {
    let plan = &records.plan;
    let Some(deadlines) = &plan.deadline else {
        return;
    };
    for (value, _) in &deadlines.deadlines.values {
        if records.deadline_values.count(value) == 0 {
            warnings.push(Warning::FilterMatchedNothing {
                key: format!("sources.{source}.deadline.{value}"),
                column: plan.columns[deadlines.column].name.clone(),
                value: value.clone(),
                frequent: records.deadline_values.most_frequent(Some(5)),
            });
        }
    }
}

/// Every value a `where` or `of` of the source's indicators accepts that no record of the
/// period held, with the values its column did hold. Not those of adjustments and vetoes:
/// what they count (a fire, a case exposed in the media) rightly happens in few months.
fn filter_warnings(shared: &Shared<'_>, records: &RecordsState, warnings: &mut Vec<Warning>) {
    let plan = &records.plan;
    for feed in &plan.feeds {
        let board = &shared.spec.boards[shared.boards[feed.board]];
        if feed.indicator >= board.scored {
            continue;
        }
        let tests = [(Some(&feed.filter), "where"), (feed.of.as_ref(), "of")];
        for (test, key) in tests
            .into_iter()
            .filter_map(|(test, key)| Some((test?, key)))
        {
            for (slot, accepted) in test.conditions() {
                let (never, frequent) = records.occurrences.never_held(&plan.conditions, *slot);
                let (column, values) = plan.conditions.column(*slot);
                let missing = accepted
                    .iter()
                    .map(|&index| &values[index as usize])
                    .filter(|value| never.contains(&value.as_str()));
                for value in missing {
                    warnings.push(Warning::FilterMatchedNothing {
                        key: Spec::indicator_key(board, feed.indicator, key),
                        column: plan.columns[column].name.clone(),
                        value: value.clone(),
                        frequent: frequent.clone(),
                    });
                }
            }
        }
    }
}
