//! A board over several periods: each place's rank and score period by period, oldest first,
//! and the streaks it is on (连续N期上榜, 连续N期末位), from boards each made as a run of its
//! period alone would make it.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Board;
use crate::period::Period;
use crate::places::PlaceKind;
use crate::rank::Rank;
pub use crate::score::StreakList;

/// A board's places over the periods of a history (`--history 12`), oldest period first.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct History {
    /// The board's id in the spec.
    pub board: String,
    /// The board's title.
    pub title: String,
    /// The kind of places ranked.
    pub kind: PlaceKind,
    /// The periods, oldest first; the last is the period ranked.
    pub periods: Vec<Period>,
    /// Every place of the board's kind, in the order of the last period's board (ranked
    /// places by rank, then the unranked).
    pub places: Vec<PlaceHistory>,
}

/// One place over the periods of a history.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct PlaceHistory {
    /// The place's id.
    pub place_id: String,
    /// The place's name.
    pub place: String,
    /// Per period of the history, in its order: the place's rank and score, or `None` when
    /// it was unranked then.
    pub periods: Vec<Option<HistoryCell>>,
    /// The periods in a row, up to the last, in which the place was on the board's list
    /// (`top`): 连续N期上榜.
    pub listed_streak: usize,
    /// The periods in a row, up to the last, in which the place was on the board's worst list
    /// (`bottom` or `below`): 连续N期末位. Always 0 on a board without a worst list.
    pub worst_streak: usize,
}

/// A place's standing in one period of a history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HistoryCell {
    /// Its rank.
    pub rank: Rank,
    /// Its rounded score (on an improvement board, the change ranked).
    pub score: Decimal,
    /// Whether another place had the same rank.
    pub tied: bool,
    /// Whether it was on the board's list (`top`).
    pub listed: bool,
    /// Whether it was on the board's worst list.
    pub worst: bool,
}

/// A place a board's `streak` flags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Streak {
    /// The place's id.
    pub place_id: String,
    /// The place's name.
    pub place: String,
    /// The list it stayed on, in each of the board's last `streak` periods.
    pub list: StreakList,
}

/// The streak behind a score change or a veto (`streak` of an adjustment or a veto): the list
/// the place stayed on and the periods it stayed on it, oldest first, the last the one ranked.
/// What an audit traces a streak's points to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StreakRun {
    /// The list it stayed on.
    pub list: StreakList,
    /// The periods, oldest first.
    pub periods: Vec<Period>,
}

impl StreakRun {
    /// The run of `periods` periods on `list` that ends with `period`; `None` when the
    /// calendar begins before.
    pub(crate) fn ending(list: StreakList, periods: u8, period: Period) -> Option<StreakRun> {
        let mut run: Vec<Period> = std::iter::successors(Some(period), Period::previous)
            .take(usize::from(periods))
            .collect();
        if run.len() < usize::from(periods) {
            return None;
        }
        run.reverse();
        Some(StreakRun { list, periods: run })
    }
}

/// The periods in a row, up to the last, whose cell `on` accepts.
fn streak(periods: &[Option<HistoryCell>], on: fn(&HistoryCell) -> bool) -> usize {
    periods
        .iter()
        .rev()
        .take_while(|cell| cell.as_ref().is_some_and(on))
        .count()
}

impl History {
    /// The same history over its last `periods` periods only, its streaks counted within
    /// them.
    pub(crate) fn last(mut self, periods: usize) -> History {
        let skip = self.periods.len().saturating_sub(periods);
        self.periods.drain(..skip);
        for place in &mut self.places {
            place.periods.drain(..skip.min(place.periods.len()));
            place.listed_streak = streak(&place.periods, |cell| cell.listed);
            place.worst_streak = streak(&place.periods, |cell| cell.worst);
        }
        self
    }

    /// The places on each list in each of the last `periods` periods, in the order of the
    /// last period's board: what a board's `streak` flags, the same whatever the length of
    /// the history.
    pub(crate) fn streaks(&self, periods: usize) -> Vec<Streak> {
        let mut streaks = Vec::new();
        let at_least = periods;
        for place in &self.clone().last(periods).places {
            for (list, periods) in [
                (StreakList::Listed, place.listed_streak),
                (StreakList::Worst, place.worst_streak),
            ] {
                if periods >= at_least {
                    streaks.push(Streak {
                        place_id: place.place_id.clone(),
                        place: place.place.clone(),
                        list,
                    });
                }
            }
        }
        streaks
    }
}

/// A history gathered a period at a time: of each period's board only what the history shows
/// is kept (the cells, by place id), so that a history of 12 holds one whole board at a time,
/// not 13 (at a city's size the whole boards of a year took 36 MB of the peak).
#[derive(Debug, Default)]
pub(crate) struct HistoryGathering {
    /// Per period, oldest first: the period and its cells, sorted by place id.
    periods: Vec<(Period, Vec<(String, HistoryCell)>)>,
    /// The latest board's id, title and kind, and its places in its order (ranked places by
    /// rank, then the unranked): the history lists its places in that order.
    last: Option<LatestBoard>,
}

/// The latest board of a history being gathered: its id, title and kind, and its places' ids
/// and names in its order.
type LatestBoard = (String, String, PlaceKind, Vec<(String, String)>);

impl HistoryGathering {
    /// Adds the board of the next period.
    pub(crate) fn add(&mut self, board: &Board) {
        let cells = board.entries.iter().map(|entry| {
            let cell = HistoryCell {
                rank: entry.rank,
                score: entry.score,
                tied: entry.tied,
                listed: entry.listed,
                worst: entry.worst,
            };
            (&entry.place_id, &entry.place, cell)
        });
        let unranked = board
            .unranked
            .iter()
            .map(|unranked| (&unranked.place_id, &unranked.place));
        let heading = (&board.id, &board.title, board.kind);
        self.add_parts(board.period, heading, cells, unranked);
    }

    /// Adds a period's board from its parts: its id, title and kind, its entries' place ids,
    /// names and cells in the board's order, and its unranked places' ids and names.
    fn add_parts<'b>(
        &mut self,
        period: Period,
        (id, title, kind): (&String, &String, PlaceKind),
        entries: impl Iterator<Item = (&'b String, &'b String, HistoryCell)> + Clone,
        unranked: impl Iterator<Item = (&'b String, &'b String)>,
    ) {
        let mut cells: Vec<(String, HistoryCell)> = entries
            .clone()
            .map(|(place_id, _, cell)| (place_id.clone(), cell))
            .collect();
        // A stable sort and the first of equal ids kept: the entry a search from the top of
        // the board would find.
        cells.sort_by(|a, b| a.0.cmp(&b.0));
        cells.dedup_by(|later, earlier| later.0 == earlier.0);
        cells.shrink_to_fit();
        self.periods.push((period, cells));
        let order = entries
            .map(|(place_id, place, _)| (place_id.clone(), place.clone()))
            .chain(unranked.map(|(place_id, place)| (place_id.clone(), place.clone())))
            .collect();
        self.last = Some((id.clone(), title.clone(), kind, order));
    }

    /// The history of the boards added; an empty history for none.
    pub(crate) fn finish(self) -> History {
        let Some((board, title, kind, order)) = self.last else {
            return History {
                board: String::new(),
                title: String::new(),
                kind: PlaceKind::Road,
                periods: Vec::new(),
                places: Vec::new(),
            };
        };
        let places = order
            .into_iter()
            .map(|(place_id, place)| {
                let periods: Vec<Option<HistoryCell>> = self
                    .periods
                    .iter()
                    .map(|(_, cells)| {
                        cells
                            .binary_search_by(|(id, _)| id.as_str().cmp(place_id.as_str()))
                            .ok()
                            .and_then(|at| cells.get(at))
                            .map(|(_, cell)| *cell)
                    })
                    .collect();
                PlaceHistory {
                    listed_streak: streak(&periods, |cell| cell.listed),
                    worst_streak: streak(&periods, |cell| cell.worst),
                    place_id,
                    place,
                    periods,
                }
            })
            .collect();
        History {
            board,
            title,
            kind,
            periods: self.periods.iter().map(|(period, _)| *period).collect(),
            places,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A period's board as parts: entries (place id, name, cell) and unranked (id, name).
    type Parts = (Vec<(String, String, HistoryCell)>, Vec<(String, String)>);

    /// The history as it was made before the gathering, kept as the reference: every board
    /// held, each cell found by a search from the top of its board.
    fn by_search(boards: &[Parts]) -> Vec<(String, String, Vec<Option<HistoryCell>>)> {
        let Some((entries, unranked)) = boards.last() else {
            return Vec::new();
        };
        let order = entries
            .iter()
            .map(|(id, name, _)| (id, name))
            .chain(unranked.iter().map(|(id, name)| (id, name)));
        order
            .map(|(place_id, place)| {
                let periods = boards
                    .iter()
                    .map(|(entries, _)| {
                        entries
                            .iter()
                            .find(|(id, _, _)| id == place_id)
                            .map(|(_, _, cell)| *cell)
                    })
                    .collect();
                (place_id.clone(), place.clone(), periods)
            })
            .collect()
    }

    fn cell() -> impl Strategy<Value = HistoryCell> {
        (
            1..40u64,
            0..1000i64,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(rank, score, tied, listed, worst)| HistoryCell {
                rank: Rank::whole(rank),
                score: Decimal::new(score, 1),
                tied,
                listed,
                worst,
            })
    }

    fn parts() -> impl Strategy<Value = Parts> {
        // Few ids, so that boards share places, miss some and (malformed) repeat one.
        let entry =
            (0..12u8, cell()).prop_map(|(n, cell)| (format!("N{n}"), format!("小区{n}"), cell));
        let unranked = (0..12u8).prop_map(|n| (format!("N{n}"), format!("小区{n}")));
        (
            proptest::collection::vec(entry, 0..10),
            proptest::collection::vec(unranked, 0..4),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The gathering makes the history the search over every board made: the same places
        /// in the same order, the same cell in every period, the streaks of those cells.
        #[test]
        fn the_gathering_is_the_search_over_every_board(
            boards in proptest::collection::vec(parts(), 0..14),
        ) {
            let (id, title) = ("b".to_owned(), "榜".to_owned());
            let mut gathering = HistoryGathering::default();
            let mut periods = Vec::new();
            for (month, (entries, unranked)) in (1..=12u8).cycle().zip(&boards) {
                let period = Period::month(2024, month).unwrap_or_else(|| unreachable!());
                periods.push(period);
                gathering.add_parts(
                    period,
                    (&id, &title, PlaceKind::Neighborhood),
                    entries.iter().map(|(id, name, cell)| (id, name, *cell)),
                    unranked.iter().map(|(id, name)| (id, name)),
                );
            }
            let history = gathering.finish();
            let expected = by_search(&boards);
            prop_assert_eq!(&history.periods, &periods);
            prop_assert_eq!(history.places.len(), expected.len());
            for (place, (place_id, name, cells)) in history.places.iter().zip(&expected) {
                prop_assert_eq!(&place.place_id, place_id);
                prop_assert_eq!(&place.place, name);
                prop_assert_eq!(&place.periods, cells);
                prop_assert_eq!(place.listed_streak, streak(cells, |cell| cell.listed));
                prop_assert_eq!(place.worst_streak, streak(cells, |cell| cell.worst));
            }
            if boards.is_empty() {
                prop_assert!(history.board.is_empty());
            } else {
                prop_assert_eq!(&history.board, &id);
                prop_assert_eq!(&history.title, &title);
            }
        }
    }
}
