//! CSV: one row per listed place. The first seven columns are fixed
//! (`board,period,rank,place_id,place,score,tied`); then `previous_rank`, `change`, and four
//! columns per indicator id, in the order ids first appear across the boards. A cell of an
//! indicator the row's board does not have is empty. Boards with a scheme add, after those,
//! only the columns some board uses: `grade`, `worst` (on the worst list), `earlier_score`
//! and `score_change` (improvement boards), `vetoes`, `aggregate` (before adjustments and
//! bounds), three columns per dimension (`<path>.score`, `.weight`, `.contribution`; in the
//! order of the paths over every board) and two
//! per adjustment (`<id>.units`, `.points`). The worst list's places are rows too.

use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::board::Rankings;

pub(super) fn render<W: Write + ?Sized>(rankings: &Rankings, out: &mut W) -> io::Result<()> {
    let mut ids: Vec<&str> = Vec::new();
    for board in &rankings.boards {
        for indicator in &board.indicators {
            if !ids.contains(&indicator.id.as_str()) {
                ids.push(&indicator.id);
            }
        }
    }
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "board",
        "period",
        "rank",
        "place_id",
        "place",
        "score",
        "tied",
        "previous_rank",
        "change",
    ]
    .map(str::to_owned)
    .to_vec();
    for id in &ids {
        for part in ["value", "normalized", "weight", "contribution"] {
            header.push(format!("{id}.{part}"));
        }
    }
    let boards = &rankings.boards;
    let uses = |used: &dyn Fn(&crate::board::Board) -> bool| boards.iter().any(used);
    let grades = uses(&|board| !board.grades.is_empty());
    let worst = uses(&|board| board.worst_title().is_some());
    let improvement = uses(&|board| board.rank_by == crate::rank::RankBy::Change);
    let vetoes = uses(&|board| board.entries.iter().any(|entry| !entry.vetoes.is_empty()));
    let aggregate = uses(&|board| board.entries.iter().any(|entry| entry.aggregate.is_some()));
    // In the order of their paths, as each board lists its own: a union in first-seen order
    // would put a later board's "A" after an earlier board's "B".
    let dimensions: std::collections::BTreeSet<&str> = boards
        .iter()
        .flat_map(|board| &board.dimensions)
        .map(|dimension| dimension.path.as_str())
        .collect();
    let mut adjustments: Vec<&str> = Vec::new();
    for board in boards {
        for entry in &board.entries {
            for adjustment in &entry.adjustments {
                if !adjustments.contains(&adjustment.adjustment.as_str()) {
                    adjustments.push(&adjustment.adjustment);
                }
            }
        }
    }
    for (used, name) in [
        (grades, "grade"),
        (worst, "worst"),
        (improvement, "earlier_score"),
        (improvement, "score_change"),
        (vetoes, "vetoes"),
        (aggregate, "aggregate"),
    ] {
        if used {
            header.push(name.to_owned());
        }
    }
    for path in &dimensions {
        for part in ["score", "weight", "contribution"] {
            header.push(format!("{path}.{part}"));
        }
    }
    for id in &adjustments {
        for part in ["units", "points"] {
            header.push(format!("{id}.{part}"));
        }
    }
    writer.write_record(&header)?;
    for board in &rankings.boards {
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
            for id in &ids {
                match entry.indicators.iter().find(|score| score.indicator == *id) {
                    Some(score) => {
                        for part in [
                            score.value,
                            score.normalized,
                            score.weight,
                            score.contribution,
                        ] {
                            row.push(cell(part));
                        }
                    }
                    None => row.extend(std::iter::repeat_n(String::new(), 4)),
                }
            }
            if grades {
                row.push(entry.grade.clone().unwrap_or_default());
            }
            if worst {
                row.push(entry.worst.to_string());
            }
            if improvement {
                row.push(cell(
                    entry.improvement.map(|improvement| improvement.earlier),
                ));
                row.push(cell(
                    entry.improvement.map(|improvement| improvement.change),
                ));
            }
            if vetoes {
                let reasons: Vec<&str> =
                    entry.vetoes.iter().map(|hit| hit.reason.as_str()).collect();
                row.push(reasons.join("; "));
            }
            if aggregate {
                row.push(cell(entry.aggregate));
            }
            for path in &dimensions {
                match entry.dimensions.iter().find(|part| part.dimension == *path) {
                    Some(part) => {
                        for value in [part.score, part.weight, part.contribution] {
                            row.push(cell(value));
                        }
                    }
                    None => row.extend(std::iter::repeat_n(String::new(), 3)),
                }
            }
            for id in &adjustments {
                match entry.adjustments.iter().find(|part| part.adjustment == *id) {
                    Some(part) => {
                        row.push(part.units.to_string());
                        row.push(part.points.to_string());
                    }
                    None => row.extend(std::iter::repeat_n(String::new(), 2)),
                }
            }
            writer.write_record(&row)?;
        }
    }
    writer.flush()
}

fn cell(value: Option<Decimal>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}
