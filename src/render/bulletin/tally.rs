//! The 通报's counts, by the same pipeline that makes the boards: for each channel (a grid,
//! hotline or police source), a spec of count boards is derived from the office's spec (its
//! places, sources and calendar as they are, its boards replaced) and ranked for the month and
//! the month before. A count is a board's records selected in the month, placed or not, less
//! the copies of repeated ids that do not count (coverage's uncounted `repeated copy`): the
//! month's records that the board's filter selects, each id once, read the same way as the
//! boards read them. A channel's total is so the quality report's records of the month (used,
//! unplaced or ambiguous).
//!
//! - every record of the source: the channel's total, and per place its records (hot places);
//! - per category the office's boards filter the source on (`where = { category = … }`): the
//!   records of that type (事项类型), and per place (where a topic is concentrated);
//! - with the template's `open` filter for the source: its open records (未办结), when the
//!   source's export has the filter's column; else the channel has no open count.

use std::path::Path;

use rust_decimal::Decimal;

use super::template::Settings;
use crate::board::{Board, Rankings};
use crate::error::{ErrorKind, Result};
use crate::period::Period;
use crate::pipeline::{Options, Ranker, read_places};
use crate::quality::Uncounted;
use crate::source::SourceKind;
use crate::spec::Spec;

/// One channel's counts in one month.
#[derive(Clone, Debug, Default)]
pub(super) struct Counts {
    /// The month's records.
    pub(super) total: u64,
    /// Per type, in the order of the channel's types.
    pub(super) types: Vec<u64>,
    /// Per type, the records per place (places with none left out).
    pub(super) type_places: Vec<Vec<(String, Decimal)>>,
    /// Per place, the records (places with none left out).
    pub(super) places: Vec<(String, Decimal)>,
    /// Open records, when the channel has an open filter its export can answer.
    pub(super) open: Option<u64>,
}

/// A channel: a source of cases, tickets or incidents.
#[derive(Clone, Debug)]
pub(super) struct Channel {
    /// The source's id.
    pub(super) source: String,
    /// Its name in the bulletin.
    pub(super) name: String,
    /// The categories its boards filter on, in the spec's order: its types.
    pub(super) types: Vec<String>,
    /// This month's counts, and the previous month's.
    pub(super) now: Counts,
    pub(super) before: Counts,
}

/// A board of the derived spec: what it counts.
#[derive(Clone, Debug)]
enum Counted {
    All,
    Type(usize),
    Open,
}

/// The channels of `spec` (read from `text`, named `name`) with their counts in `period` and
/// the month before.
pub(super) fn channels(
    spec: &Spec,
    text: &str,
    name: &Path,
    settings: &Settings,
    period: Period,
    options: &Options,
) -> Result<Vec<Channel>> {
    let table: toml::Table = toml::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
        .map_err(|error| {
            spec.error_at(
                "boards",
                ErrorKind::SpecSyntax {
                    message: error.message().to_owned(),
                },
            )
        })?;
    let mut channels: Vec<(Channel, String, Option<toml::Value>)> = spec
        .sources
        .iter()
        .filter(|source| {
            matches!(
                source.kind,
                SourceKind::Grid | SourceKind::Hotline | SourceKind::Police
            )
        })
        .map(|source| {
            let kind = source.kind.as_str();
            let setting =
                |table: &toml::Table| table.get(&source.id).or_else(|| table.get(kind)).cloned();
            let name = setting(&settings.channels)
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_else(|| source.id.clone());
            let (place_kind, types) = usage(&table, &source.id);
            let channel = Channel {
                source: source.id.clone(),
                name,
                types,
                now: Counts::default(),
                before: Counts::default(),
            };
            (channel, place_kind, setting(&settings.open))
        })
        .collect();
    if channels.is_empty() {
        // No source of cases (a spec of `table` sources, or of inspections alone): nothing to
        // count, and a spec without boards would not be valid.
        return Ok(Vec::new());
    }
    let mut with_open: Vec<bool> = channels.iter().map(|(_, _, open)| open.is_some()).collect();
    // A channel whose export lacks the open filter's column has no open count: the run is
    // made again without its open board (at most once per channel).
    let (now, before) = loop {
        let (derived, plan) = derive(&table, &channels, &with_open);
        let derived = toml::to_string(&derived).map_err(|error| {
            spec.error_at(
                "boards",
                ErrorKind::SpecSyntax {
                    message: error.to_string(),
                },
            )
        })?;
        let derived_spec = Spec::from_toml_str(&derived, name)?;
        let before = period.previous();
        let attempt = run(&derived_spec, period, options).and_then(|now| {
            let before = match before {
                Some(before) => Some(run(&derived_spec, before, options)?),
                None => None,
            };
            Ok((now, before))
        });
        match attempt {
            Ok(runs) => break (runs, plan),
            Err(error) if matches!(error.kind(), ErrorKind::MissingColumn { .. }) => {
                let Some(source) = error.location().path().and_then(|file| {
                    channels.iter().position(|(channel, _, _)| {
                        spec.source_files(&channel.source)
                            .is_ok_and(|files| files.iter().any(|path| path == file))
                    })
                }) else {
                    return Err(error);
                };
                if !with_open[source] {
                    return Err(error);
                }
                with_open[source] = false;
            }
            Err(error) => return Err(error),
        }
    };
    let ((now, before), plan) = (now, before);
    for (index, (channel, _, _)) in channels.iter_mut().enumerate() {
        channel.now = counts(&now, &plan, index, channel);
        if let Some(before) = &before {
            channel.before = counts(before, &plan, index, channel);
        }
    }
    Ok(channels
        .into_iter()
        .map(|(channel, _, _)| channel)
        .collect())
}

/// The kind of place the source's first board ranks (roads or neighborhoods), and the
/// categories its indicators filter on.
fn usage(spec: &toml::Table, source: &str) -> (String, Vec<String>) {
    let mut kind: Option<String> = None;
    let mut types: Vec<String> = Vec::new();
    let boards = spec.get("boards").and_then(toml::Value::as_array);
    for board in boards.into_iter().flatten() {
        let indicators = board.get("indicators").and_then(toml::Value::as_array);
        for indicator in indicators.into_iter().flatten() {
            if indicator.get("source").and_then(toml::Value::as_str) != Some(source) {
                continue;
            }
            if kind.is_none() {
                kind = board
                    .get("kind")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned);
            }
            let category = indicator
                .get("where")
                .and_then(|filter| filter.get("category"));
            let values: Vec<&str> = match category {
                Some(toml::Value::String(value)) => vec![value.as_str()],
                Some(toml::Value::Array(values)) => {
                    values.iter().filter_map(toml::Value::as_str).collect()
                }
                _ => Vec::new(),
            };
            for value in values {
                if !types.iter().any(|known| known == value) {
                    types.push(value.to_owned());
                }
            }
        }
    }
    (kind.unwrap_or_else(|| "neighborhood".to_owned()), types)
}

/// The derived spec, and per board (in order) the channel and what it counts.
fn derive(
    spec: &toml::Table,
    channels: &[(Channel, String, Option<toml::Value>)],
    with_open: &[bool],
) -> (toml::Table, Vec<(usize, Counted)>) {
    let mut derived = spec.clone();
    let mut boards: Vec<toml::Value> = Vec::new();
    let mut plan = Vec::new();
    for (index, (channel, kind, open)) in channels.iter().enumerate() {
        let mut add = |counted: Counted, filter: Option<toml::Value>| {
            let mut indicator = toml::Table::new();
            indicator.insert("id".into(), "records".into());
            indicator.insert("source".into(), channel.source.as_str().into());
            indicator.insert("measure".into(), "count".into());
            if let Some(filter) = filter {
                indicator.insert("where".into(), filter);
            }
            indicator.insert("better".into(), "lower".into());
            indicator.insert("normalize".into(), "none".into());
            indicator.insert("weight".into(), toml::Value::Integer(1));
            let mut board = toml::Table::new();
            board.insert("id".into(), format!("count-{}", boards.len()).into());
            board.insert("title".into(), "count".into());
            board.insert("kind".into(), kind.as_str().into());
            board.insert(
                "indicators".into(),
                toml::Value::Array(vec![toml::Value::Table(indicator)]),
            );
            boards.push(toml::Value::Table(board));
            plan.push((index, counted));
        };
        add(Counted::All, None);
        for (at, category) in channel.types.iter().enumerate() {
            let mut filter = toml::Table::new();
            filter.insert("category".into(), category.as_str().into());
            add(Counted::Type(at), Some(toml::Value::Table(filter)));
        }
        if let (Some(open), true) = (open, with_open[index]) {
            add(Counted::Open, Some(open.clone()));
        }
    }
    derived.insert("boards".into(), toml::Value::Array(boards));
    (derived, plan)
}

/// The derived boards ranked for `period`.
fn run(spec: &Spec, period: Period, options: &Options) -> Result<Rankings> {
    let options = Options::new()
        .period(period)
        .lenient(options.is_lenient())
        .threads(options.thread_count())
        .every_place(true);
    let gazetteer = read_places(spec)?;
    let mut ranker = Ranker::new(spec, &gazetteer, &options)?;
    let sources = ranker.sources_needed();
    ranker.read_source_files(&sources)?;
    ranker.finish()
}

/// Channel `index`'s counts from the derived boards.
fn counts(
    rankings: &Rankings,
    plan: &[(usize, Counted)],
    index: usize,
    channel: &Channel,
) -> Counts {
    let mut counts = Counts {
        types: vec![0; channel.types.len()],
        type_places: vec![Vec::new(); channel.types.len()],
        ..Counts::default()
    };
    for (board, (owner, counted)) in rankings.boards.iter().zip(plan) {
        if *owner != index {
            continue;
        }
        let selected = board
            .coverage
            .iter()
            .find(|coverage| coverage.source == channel.source)
            // A repeated id's copies are selected each, and left uncounted as repeated
            // copies but the one that counts: the records are the selected less those.
            .map_or(0, |coverage| {
                coverage
                    .selected
                    .saturating_sub(coverage.uncounted.get(Uncounted::Repeated))
            });
        match counted {
            Counted::All => {
                counts.total = selected;
                counts.places = per_place(board);
            }
            Counted::Type(at) => {
                if let Some(count) = counts.types.get_mut(*at) {
                    *count = selected;
                }
                if let Some(places) = counts.type_places.get_mut(*at) {
                    *places = per_place(board);
                }
            }
            Counted::Open => counts.open = Some(selected),
        }
    }
    counts
}

/// A count board's places with records, by their count.
fn per_place(board: &Board) -> Vec<(String, Decimal)> {
    let ranked = board
        .entries
        .iter()
        .map(|entry| (&entry.place, &entry.indicators));
    let unranked = board
        .unranked
        .iter()
        .map(|place| (&place.place, &place.indicators));
    ranked
        .chain(unranked)
        .filter_map(|(place, indicators)| {
            let count = indicators.first()?.value?;
            (count > Decimal::ZERO).then(|| (place.clone(), count))
        })
        .collect()
}
