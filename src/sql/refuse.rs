//! The spec features no query can express exactly, refused before anything is written.
//!
//! Deadlines (`on-time`, `overdue`) and working hours (`working_hours_to_close`) count in
//! China's working-day calendar, with its make-up working days (调休), and in the spec's
//! `work_hours`: a query would need the calendar as a table and the crate's rules of counting
//! as SQL, which no engine shares. Rather than approximate them, `livability sql` names each
//! indicator that uses one and fails.
//!
//! A streak rule (`streak` of an adjustment or a veto) ranks the periods before the one ranked,
//! which the queries do not select: it is refused by its key, too.

use crate::error::{Error, ErrorKind, Location};
use crate::name::normalize;
use crate::source::SourceKind;
use crate::source::kinds::WORKING_HOURS_TO_CLOSE;
use crate::spec::{MeasureSpec, Spec};

/// Fails, naming every indicator of a record source that no query can express (with its key
/// and why), or passes.
pub(crate) fn refuse_unexpressible(spec: &Spec) -> Result<(), Error> {
    let mut refused = Vec::new();
    for board in &spec.boards {
        for indicator in &board.indicators {
            if spec.sources[indicator.source].kind == SourceKind::Table {
                continue;
            }
            let why = match &indicator.measure {
                MeasureSpec::OnTime => {
                    Some(("measure", "on-time judges deadlines in working days"))
                }
                MeasureSpec::Overdue => {
                    Some(("measure", "overdue judges deadlines in working days"))
                }
                MeasureSpec::Mean { field } if normalize(field) == WORKING_HOURS_TO_CLOSE => {
                    Some((
                        "field",
                        "working_hours_to_close counts the calendar's working hours",
                    ))
                }
                _ => None,
            };
            if let Some((key, why)) = why {
                refused.push(format!("{}.{key} ({why})", indicator.key));
            }
        }
    }
    for board in &spec.boards {
        let streaks = board
            .adjustments
            .iter()
            .enumerate()
            .filter(|(_, adjustment)| adjustment.streak().is_some())
            .map(|(index, _)| format!("adjustments[{index}]"))
            .chain(
                board
                    .vetoes
                    .iter()
                    .enumerate()
                    .filter(|(_, veto)| veto.streak().is_some())
                    .map(|(index, _)| format!("vetoes[{index}]")),
            );
        for at in streaks {
            refused.push(format!(
                "boards[{}].{at}.streak (a streak ranks the periods before the one ranked, which the queries do not select)",
                board.position
            ));
        }
    }
    match refused.first() {
        None => Ok(()),
        Some(first) => {
            let key = first.split(' ').next().unwrap_or_default().to_owned();
            Err(Error::new(
                ErrorKind::SqlUnexpressible {
                    features: refused.join("; "),
                },
                Location::at_key(&spec.name, key),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_and_working_hours_are_refused_by_name() {
        let spec = Spec::from_toml_str(
            r#"
            period = "2018-11"
            [sources.grid]
            deadline = { default = "5 working days" }
            [[boards]]
            id = "fast"
            kind = "road"
            [[boards.indicators]]
            id = "count"
            source = "grid"
            measure = "count"
            better = "lower"
            [[boards.indicators]]
            id = "on_time"
            source = "grid"
            measure = "on-time"
            better = "higher"
            [[boards.indicators]]
            id = "hours"
            source = "grid"
            measure = "mean"
            field = "working_hours_to_close"
            better = "lower"
            "#,
            "spec.toml",
        )
        .unwrap();
        let error = refuse_unexpressible(&spec).unwrap_err();
        assert_eq!(
            error.to_string(),
            "spec.toml: boards[0].indicators[1].measure: no SQL query can express boards[0].indicators[1].measure (on-time judges deadlines in working days); boards[0].indicators[2].field (working_hours_to_close counts the calendar's working hours)"
        );
    }
}
