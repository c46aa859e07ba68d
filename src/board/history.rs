//! A board over several periods: each place's rank and score period by period, oldest first,
//! and the streaks it is on (连续N期上榜, 连续N期末位), from boards each made as a run of its
//! period alone would make it.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Board;
use crate::period::Period;
use crate::places::PlaceKind;
use crate::rank::Rank;

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

/// Which list a streak stays on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StreakList {
    /// The board's list (`top`): 连续N期上榜.
    Listed,
    /// The board's worst list (`bottom` or `below`): 连续N期末位.
    Worst,
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

    /// The history of the boards of one spec board made for successive periods, oldest first;
    /// an empty history for no board.
    #[cfg(test)]
    pub(crate) fn new(boards: &[Board]) -> History {
        let mut gathering = HistoryGathering::default();
        for board in boards {
            gathering.add(board);
        }
        gathering.finish()
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
    last: Option<(String, String, PlaceKind, Vec<(String, String)>)>,
}

impl HistoryGathering {
    /// Adds the board of the next period.
    pub(crate) fn add(&mut self, board: &Board) {
        let mut cells: Vec<(String, HistoryCell)> = board
            .entries
            .iter()
            .map(|entry| {
                let cell = HistoryCell {
                    rank: entry.rank,
                    score: entry.score,
                    tied: entry.tied,
                    listed: entry.listed,
                    worst: entry.worst,
                };
                (entry.place_id.clone(), cell)
            })
            .collect();
        // A stable sort and the first of equal ids kept: the entry a search from the top of
        // the board would find.
        cells.sort_by(|a, b| a.0.cmp(&b.0));
        cells.dedup_by(|later, earlier| later.0 == earlier.0);
        cells.shrink_to_fit();
        self.periods.push((board.period, cells));
        let order = board
            .entries
            .iter()
            .map(|entry| (entry.place_id.clone(), entry.place.clone()))
            .chain(
                board
                    .unranked
                    .iter()
                    .map(|unranked| (unranked.place_id.clone(), unranked.place.clone())),
            )
            .collect();
        self.last = Some((board.id.clone(), board.title.clone(), board.kind, order));
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
