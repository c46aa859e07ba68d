//! Diagnostics of a made board: every ranked place tied, an indicator that tells no place
//! from another. Both are warnings ([`Warning`]): the board is published as computed, but a
//! pipeline that publishes automatically can refuse it (`--strict`).

use crate::board::Board;
use crate::quality::Warning;
use crate::rank::RankMethod;

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
