//! Streaks that drive adjustments and vetoes, as bulletins rule: "连续3个月排名末位的，扣5分"
//! (three months running on the worst list, five points off), "连续3期上榜的，加2分".
//!
//! A month's board then depends on the months before it. They come from the same records, in
//! the same pass: the run measures every period of the streak's window beside the period
//! ranked (and its history), and ranks each of them as a run of that period alone would,
//! before any streak rule (the *basis*). A streak is judged on the basis, never on boards a
//! streak already moved, so a deduction never keeps a place on the worst list by itself, and
//! a month's board depends on the records of its window alone, not on how far back the data
//! goes. A period of the window in which the board's sources placed no record ranks nobody:
//! no place is on a streak through it, and the quality report says so
//! ([`Warning::StreakWithoutRecords`]).

use std::collections::HashMap;

use super::{BoardState, Chosen, Ranker, groups, placed_in};
use crate::board::{self, StreakRun, Values};
use crate::error::Result;
use crate::exact;
use crate::period::{Period, PeriodRole};
use crate::places::Place;
use crate::quality::Warning;
use crate::score::StreakList;

/// Where a place stood on a basis board.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct OnLists {
    listed: bool,
    worst: bool,
}

/// A chosen board's basis: per period of the streak window, each place's standing on the
/// board's lists before any streak rule, by the board's slots; `None` for a period that ranked
/// nobody. Empty for a board without streak rules.
#[derive(Debug, Default)]
pub(super) struct StreakBasis {
    periods: Vec<(Period, Option<Vec<OnLists>>)>,
}

impl StreakBasis {
    /// The standings of `period`, if it ranked anybody.
    fn standings(&self, period: Period) -> Option<&[OnLists]> {
        self.periods
            .iter()
            .find(|(measured, _)| *measured == period)
            .and_then(|(_, standings)| standings.as_deref())
    }

    /// Whether the place in `slot` stayed on the run's list in each of its periods.
    fn on_run(&self, run: &StreakRun, slot: usize) -> bool {
        run.periods.iter().all(|&period| {
            self.standings(period)
                .and_then(|standings| standings.get(slot))
                .is_some_and(|on| match run.list {
                    StreakList::Listed => on.listed,
                    StreakList::Worst => on.worst,
                })
        })
    }

    /// The periods of `run` that ranked nobody.
    fn without_ranking(&self, run: &StreakRun) -> Vec<Period> {
        run.periods
            .iter()
            .copied()
            .filter(|&period| self.standings(period).is_none())
            .collect()
    }
}

/// The periods of the streak window a run measures, oldest first: enough before the
/// earliest board it makes (the history's first period, or the period ranked, and the period
/// before it, whose ranks the board compares with) for the longest streak of a chosen board;
/// none without a streak rule.
pub(super) fn window(period: Period, history: &[Period], longest: usize) -> Vec<Period> {
    if longest == 0 {
        return Vec::new();
    }
    let boards = history.len().max(1) + 1;
    super::history_periods(period, boards + longest - 1)
}

impl Ranker<'_> {
    /// Each chosen board's basis (see [`Ranker::streak_basis`]), in the order of the chosen:
    /// `order_of_board` and `listings` as [`Ranker::listings`] gives them.
    pub(super) fn streak_bases(
        &self,
        order_of_board: &[usize],
        listings: &[Vec<usize>],
        source_ids: &[String],
    ) -> Result<Vec<StreakBasis>> {
        let none = StreakBasis::default();
        self.boards
            .iter()
            .zip(order_of_board)
            .enumerate()
            .map(|(position, (state, &order))| {
                self.streak_basis(Chosen {
                    position,
                    state,
                    listing: &listings[order],
                    source_ids,
                    streaks: &none,
                })
            })
            .collect()
    }

    /// The values of `chosen` in the period `role`, as the period ranked and the one it is
    /// compared with read them, with the rows of their streaks when the board has streak rules.
    pub(super) fn streaked_values(
        &self,
        chosen: Chosen<'_>,
        places: &[&Place],
        role: PeriodRole,
    ) -> Values {
        let values = self.board_values(chosen.state, places, role);
        match self.shared.periods.get(role) {
            Some(period) => self.with_streaks(chosen, *period, values),
            None => values,
        }
    }

    /// The basis of `chosen`'s streak rules: each period of the window ranked as a run of that
    /// period alone ranks it, before any streak rule, on the board's overall lists.
    pub(super) fn streak_basis(&self, chosen: Chosen<'_>) -> Result<StreakBasis> {
        let shared = &self.shared;
        let spec = shared.spec;
        let spec_board = &spec.boards[chosen.state.spec];
        if spec_board.streak_rules.is_empty() {
            return Ok(StreakBasis::default());
        }
        // A board inside groups is judged on its overall lists, the district's.
        let overall = groups::overall(spec_board);
        let board = overall.as_ref().unwrap_or(spec_board);
        let places = self.places_of(&chosen.state.places);
        let slots: HashMap<&str, usize> = places
            .iter()
            .enumerate()
            .map(|(slot, place)| (place.id(), slot))
            .collect();
        let mut periods = Vec::with_capacity(shared.streak_window.len());
        for &period in &shared.streak_window {
            let Some(role) = self.role_of(period) else {
                periods.push((period, None));
                continue;
            };
            // As for a history: a period in which none of the board's raw sources placed a
            // record ranks nobody, rather than everybody tied at the top.
            let empty = chosen.state.feeds.iter().all(|&(source, _)| {
                let source = &self.sources[source];
                source.plan().is_some() && placed_in(source, role) == Some(0)
            });
            if empty {
                periods.push((period, None));
                continue;
            }
            // The values without the streak rows: no streak adjusts or vetoes the basis.
            let values = self.values_in(chosen.state, &places, role, true);
            let made = board::build(board::BoardInput {
                at: &spec.name,
                spec: board,
                source_ids: chosen.source_ids,
                places: &places,
                listing: chosen.listing,
                current: (period, &values),
                previous: None,
                compared: None,
                threads: shared.threads,
                // The lists as published, whatever the run lists.
                every_place: false,
            })?;
            if made.entries.is_empty() {
                periods.push((period, None));
                continue;
            }
            let mut standings = vec![OnLists::default(); places.len()];
            for entry in &made.entries {
                if let Some(on) = slots
                    .get(entry.place_id.as_str())
                    .and_then(|&slot| standings.get_mut(slot))
                {
                    *on = OnLists {
                        listed: entry.listed,
                        worst: entry.worst,
                    };
                }
            }
            periods.push((period, Some(standings)));
        }
        Ok(StreakBasis { periods })
    }

    /// `values`, the chosen board's in `period`, with a row per streak rule appended: 1 for a
    /// place on the streak that ends with `period`, else 0.
    pub(super) fn with_streaks(
        &self,
        chosen: Chosen<'_>,
        period: Period,
        mut values: Values,
    ) -> Values {
        let board = &self.shared.spec.boards[chosen.state.spec];
        let places = chosen.state.places.len();
        for rule in &board.streak_rules {
            let run = StreakRun::ending(rule.list, rule.periods, period);
            let row = (0..places)
                .map(|slot| {
                    let on = run
                        .as_ref()
                        .is_some_and(|run| chosen.streaks.on_run(run, slot));
                    Some(exact::from_integer(i64::from(on)))
                })
                .collect();
            values.push(row);
        }
        values
    }

    /// Per streak rule of the chosen board `state`, whose basis is `basis`, whose streak ending
    /// with the period ranked runs through periods that ranked nobody: a warning naming them.
    pub(super) fn streak_warnings(&self, state: &BoardState, basis: &StreakBasis) -> Vec<Warning> {
        let shared = &self.shared;
        let board = &shared.spec.boards[state.spec];
        let rules = board
            .adjustments
            .iter()
            .filter_map(|adjustment| Some((&adjustment.id, adjustment.streak()?)))
            .chain(
                board
                    .vetoes
                    .iter()
                    .filter_map(|veto| Some((&veto.id, veto.streak()?))),
            );
        rules
            .filter_map(|(id, rule)| {
                let run = StreakRun::ending(rule.list, rule.periods, shared.period)?;
                let missing = basis.without_ranking(&run);
                (!missing.is_empty()).then(|| Warning::StreakWithoutRecords {
                    board: board.id.clone(),
                    rule: id.clone(),
                    periods: rule.periods,
                    missing,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(month: u8) -> Period {
        Period::month(2018, month).unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn a_streak_needs_every_period_of_its_run_on_the_list() {
        let on = |listed, worst| OnLists { listed, worst };
        let basis = StreakBasis {
            periods: vec![
                (month(1), Some(vec![on(true, false), on(false, true)])),
                (month(2), None),
                (month(3), Some(vec![on(true, false), on(false, true)])),
                (month(4), Some(vec![on(true, false), on(false, false)])),
            ],
        };
        let run = |list, periods, last| {
            StreakRun::ending(list, periods, month(last)).unwrap_or_else(|| unreachable!())
        };
        assert!(basis.on_run(&run(StreakList::Listed, 2, 4), 0));
        assert!(!basis.on_run(&run(StreakList::Worst, 2, 4), 1));
        // A period that ranked nobody breaks every streak through it, and is named.
        assert!(!basis.on_run(&run(StreakList::Listed, 3, 4), 0));
        assert_eq!(
            basis.without_ranking(&run(StreakList::Listed, 3, 4)),
            [month(2)]
        );
        // A period outside the window is no period on the list either.
        assert!(!basis.on_run(&run(StreakList::Listed, 2, 1), 0));
        // The board ranked and the one before it, each with the two periods before.
        assert_eq!(
            window(month(11), &[], 3),
            (8..=11).map(month).collect::<Vec<_>>()
        );
        assert!(window(month(11), &[], 0).is_empty());
    }
}
