//! CSV: one row per listed place. The first seven columns are fixed
//! (`board,period,rank,place_id,place,score,tied`); then `previous_rank`, `change`, and the
//! columns of the one column model (`columns`) that some board has, under their stable keys
//! and with their exact values: four per indicator id (`<id>.value`, `.normalized`, `.weight`,
//! `.contribution`), in the order ids first appear across the boards, then a scheme's, in the
//! model's order: `worst` (on the worst list), `earlier_score` and `score_change` (improvement
//! boards), `aggregate` (before adjustments and bounds), three per dimension (`<path>.score`,
//! `.weight`, `.contribution`; in the order of the paths over every board), two per adjustment
//! (`<id>.units`, `.points`), `grade`, `vetoes`. A cell of a column the row's board does not
//! have is empty. The worst list's places are rows too. When a board ranks inside groups
//! (`group_by`), a `group` column follows `change`: empty on the overall board's rows, the
//! group's name on each group's rows (absent when no board has groups). The header's keys, the
//! ids and the values (`new` for a new place) are stable and English whatever the rankings'
//! language.

use std::io::{self, Write};

use super::columns::{Merged, indicator_columns, scheme_columns};
use crate::board::Rankings;

/// The keys of a ranked place that open a board's rows, and a history's.
pub(super) const PLACE_KEYS: [&str; 7] = [
    "board", "period", "rank", "place_id", "place", "score", "tied",
];

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = PLACE_KEYS
        .into_iter()
        .chain(["previous_rank", "change"])
        .map(str::to_owned)
        .collect();
    // The indicators' columns and the scheme's, from the one model every format takes its
    // columns from.
    let grouped = rankings.boards.iter().any(|board| board.group.is_some());
    if grouped {
        header.push("group".to_owned());
    }
    let indicators = Merged::new(&rankings.boards, indicator_columns);
    let scheme = Merged::new(&rankings.boards, scheme_columns);
    header.extend(indicators.keys.iter().cloned());
    header.extend(scheme.keys.iter().cloned());
    writer.write_record(&header)?;
    for (index, board) in rankings.boards.iter().enumerate() {
        let worst_only = board.worst().into_iter().filter(|entry| !entry.listed);
        for entry in board.listed().chain(worst_only) {
            let mut row = vec![
                board.id.clone(),
                board.period.to_string(),
                entry.rank.to_string(),
                entry.place_id.clone(),
                entry.place.clone(),
                entry.score.to_string(),
                entry.tied.to_string(),
                entry
                    .previous_rank
                    .map(|rank| rank.to_string())
                    .unwrap_or_default(),
                super::change(entry),
            ];
            if grouped {
                row.push(board.group.clone().unwrap_or_default());
            }
            row.extend(indicators.row(index, entry));
            row.extend(scheme.row(index, entry));
            writer.write_record(&row)?;
        }
    }
    writer.flush()
}
