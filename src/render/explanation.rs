//! An explanation as text, JSON, or CSV (its records, one row each).

use std::io::{self, Write};

use rust_decimal::Decimal;

use super::AnalysisFormat;
use crate::analysis::explain::Explanation;

impl Explanation {
    /// Writes the explanation to `out` in `format`: text (the score tree, the change, the
    /// places passed, the records), JSON (everything), or CSV (the records).
    pub fn render<W: Write + ?Sized>(&self, format: AnalysisFormat, out: &mut W) -> io::Result<()> {
        match format {
            AnalysisFormat::Table => text(self, out),
            AnalysisFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, self)?;
                writeln!(out)
            }
            AnalysisFormat::Csv => records_csv(self, out),
        }
    }

    /// The explanation in `format`, as a string.
    pub fn to_string_as(&self, format: AnalysisFormat) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every renderer writes UTF-8.
        let _ = self.render(format, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

fn optional(value: Option<Decimal>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| value.normalize().to_string())
}

fn signed(value: Decimal) -> String {
    let value = value.normalize();
    if value.is_sign_negative() && !value.is_zero() {
        value.to_string()
    } else {
        format!("+{value}")
    }
}

fn text<W: Write + ?Sized>(explanation: &Explanation, out: &mut W) -> io::Result<()> {
    writeln!(
        out,
        "{} [{}] {}",
        explanation.title, explanation.board, explanation.period
    )?;
    match (&explanation.entry, &explanation.unranked) {
        (Some(entry), _) => {
            let tied = if entry.tied { " (tied)" } else { "" };
            let grade = entry
                .grade
                .as_ref()
                .map(|grade| format!(", grade {grade}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{} ({}): rank {}{tied}, score {}{grade}",
                explanation.place, explanation.place_id, entry.rank, entry.score
            )?;
            for dimension in &entry.dimensions {
                writeln!(
                    out,
                    "  dimension {}: score {}, weight {}, contribution {}",
                    dimension.dimension,
                    optional(dimension.score),
                    optional(dimension.weight),
                    optional(dimension.contribution)
                )?;
            }
            for indicator in &entry.indicators {
                writeln!(
                    out,
                    "  {}: value {}, normalized {}, weight {}, contribution {}",
                    indicator.indicator,
                    optional(indicator.value),
                    optional(indicator.normalized),
                    optional(indicator.weight),
                    optional(indicator.contribution)
                )?;
            }
            for adjustment in &entry.adjustments {
                writeln!(
                    out,
                    "  {} {}: {} units, {} points",
                    match adjustment.kind {
                        crate::score::AdjustmentKind::Bonus => "bonus",
                        crate::score::AdjustmentKind::Deduct => "deduction",
                    },
                    adjustment.adjustment,
                    adjustment.units.normalize(),
                    signed(adjustment.points)
                )?;
            }
            for veto in &entry.vetoes {
                let effect = match veto.effect {
                    crate::score::VetoEffect::Unranked => "unranked",
                    crate::score::VetoEffect::Last => "last",
                    crate::score::VetoEffect::Demote => "demoted",
                };
                writeln!(out, "  veto {} ({effect}): {}", veto.veto, veto.reason)?;
            }
        }
        (None, Some(unranked)) => {
            writeln!(
                out,
                "{} ({}): unranked, {}",
                explanation.place, explanation.place_id, unranked.reason
            )?;
            for indicator in &unranked.indicators {
                writeln!(
                    out,
                    "  {}: value {}",
                    indicator.indicator,
                    optional(indicator.value)
                )?;
            }
        }
        (None, None) => writeln!(out, "{}: not on the board", explanation.place)?,
    }
    if let Some(change) = &explanation.change {
        let rank = change
            .previous_rank
            .map(|rank| format!(", rank then {rank}"))
            .unwrap_or_default();
        writeln!(
            out,
            "change since {}: score then {}{rank}; unrounded score {}",
            change.previous_period,
            change.previous_score,
            signed(change.total)
        )?;
        for indicator in &change.indicators {
            writeln!(
                out,
                "  {}: value {} -> {}, normalized {} -> {}; own {}, rescaling {}, weighting {}",
                indicator.indicator,
                optional(indicator.value_then),
                optional(indicator.value_now),
                optional(indicator.normalized_then),
                optional(indicator.normalized_now),
                signed(indicator.own),
                signed(indicator.rescaling),
                signed(indicator.weighting)
            )?;
        }
        writeln!(
            out,
            "  adjustments {}, floor and ceiling {}",
            signed(change.adjustments),
            signed(change.bounds)
        )?;
    }
    let movers = |movers: &[crate::analysis::explain::Mover]| -> String {
        movers
            .iter()
            .map(|mover| {
                format!(
                    "{} ({} -> {})",
                    mover.place, mover.previous_rank, mover.rank
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !explanation.overtaken_by.is_empty() {
        writeln!(out, "overtaken by: {}", movers(&explanation.overtaken_by))?;
    }
    if !explanation.overtook.is_empty() {
        writeln!(out, "overtook: {}", movers(&explanation.overtook))?;
    }
    writeln!(out, "records counted ({}):", explanation.records.len())?;
    for record in &explanation.records {
        let id = if record.id.is_empty() {
            String::new()
        } else {
            format!(" id {}", record.id)
        };
        writeln!(
            out,
            "  {} {}{id} {} {} (placed by \"{}\")",
            record.indicator,
            record.at,
            record.time.as_deref().unwrap_or("-"),
            record.counted,
            record.placed_by
        )?;
    }
    Ok(())
}

/// `indicator,source,at,id,time,counted,placed_by`, one row per record.
fn records_csv<W: Write + ?Sized>(explanation: &Explanation, out: &mut W) -> io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record([
        "indicator",
        "source",
        "at",
        "id",
        "time",
        "counted",
        "placed_by",
    ])?;
    for record in &explanation.records {
        writer.write_record([
            record.indicator.as_str(),
            &record.source,
            &record.at,
            &record.id,
            record.time.as_deref().unwrap_or(""),
            &record.counted,
            &record.placed_by,
        ])?;
    }
    writer.flush()
}
