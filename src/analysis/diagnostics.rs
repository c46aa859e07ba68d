//! Diagnostics of a made board: every ranked place tied, most listed places tied, an
//! indicator that tells no place from another, an indicator almost no place has. Both are warnings ([`Warning`]): the board is published as computed, but a
//! pipeline that publishes automatically can refuse it (`--strict`).

use rust_decimal::Decimal;

use crate::board::Board;
use crate::quality::Warning;
use crate::rank::RankMethod;

/// A board most of whose listed places tie (the seed's 美丽小区 lists four equals at 100):
/// a note, not a warning, since published boards look so; none when every ranked place ties
/// (that is a warning of its own).
pub(crate) fn board_notes(board: &Board) -> Vec<Warning> {
    let listed: Vec<_> = board.listed().collect();
    let tied = listed.iter().filter(|entry| entry.tied).count();
    let all_tied = board.entries.iter().all(|entry| entry.tied);
    if all_tied || listed.len() < 2 || tied * 2 <= listed.len() {
        return Vec::new();
    }
    let top = board
        .entries
        .first()
        .map_or(Decimal::ZERO, |entry| entry.score);
    vec![Warning::CrowdedList {
        board: board.id.clone(),
        listed: listed.len(),
        tied,
        at_top: listed.iter().filter(|entry| entry.score == top).count(),
        top,
    }]
}

/// The warnings about `board`, in the order of its indicators, the tie first.
pub(crate) fn board_warnings(board: &Board) -> Vec<Warning> {
    let mut warnings = Vec::new();
    // Every ranked place in one tie group (the seed board lists four equals at the top, which
    // is legitimate: only a board whose places all tie says nothing). Ordinal ranks break
    // ties by listing order, so there equal scores are the tie.
    if let [first, rest @ ..] = board.entries.as_slice()
        && !rest.is_empty()
        && rest.iter().all(|entry| entry.score == first.score)
        && (board.rank_method == RankMethod::Ordinal || board.entries.iter().all(|e| e.tied))
    {
        warnings.push(Warning::AllTied {
            board: board.id.clone(),
            places: board.entries.len(),
            score: first.score,
        });
    }
    let places = board.entries.len() + board.unranked.len();
    for (index, indicator) in board.indicators.iter().enumerate() {
        let missing = board
            .entries
            .iter()
            .map(|entry| &entry.indicators)
            .chain(board.unranked.iter().map(|unranked| &unranked.indicators))
            .filter(|scores| scores.get(index).is_none_or(|score| score.value.is_none()))
            .count();
        // 90 % or more lack a value, but not all (a source without records says so itself).
        if places >= 2 && missing < places && missing * 10 >= places * 9 {
            warnings.push(Warning::MostlyMissing {
                board: board.id.clone(),
                indicator: indicator.id.clone(),
                missing,
                places,
            });
        }
    }
    for (index, indicator) in board.indicators.iter().enumerate() {
        let values: Vec<_> = board
            .entries
            .iter()
            .map(|entry| &entry.indicators)
            .chain(board.unranked.iter().map(|unranked| &unranked.indicators))
            .filter_map(|scores| scores.get(index).and_then(|score| score.value))
            .collect();
        if let [first, rest @ ..] = values.as_slice()
            && !rest.is_empty()
            && rest.iter().all(|value| value == first)
        {
            warnings.push(Warning::OneValue {
                board: board.id.clone(),
                indicator: indicator.id.clone(),
                value: first.normalize(),
                places: values.len(),
            });
        }
    }
    warnings
}
