//! What a run says on stderr besides its output: skipped rows, warnings, notes, and
//! `--strict` turning warnings into a failure.

use crate::failure::Failure;

/// Under `--lenient`, says on stderr which malformed rows were skipped: an analysis never
/// leaves them out silently.
pub fn skipped_rows(quality: &livability::quality::QualityReport) {
    for source in &quality.sources {
        for row in &source.rejected_rows {
            eprintln!("skipped: {}", row.error());
        }
    }
}

/// Prints each warning, then each note, on its own line.
pub fn warnings_and_notes(
    warnings: &[livability::quality::Warning],
    notes: &[livability::quality::Warning],
) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    for note in notes {
        eprintln!("note: {note}");
    }
}

/// Under `--strict`, warnings are a failure.
pub fn strictly(strict: bool, warnings: usize) -> Result<(), Failure> {
    if strict && warnings > 0 {
        let plural = if warnings == 1 { "" } else { "s" };
        return Err(Failure::failed(format!(
            "{warnings} warning{plural} (listed above), and --strict"
        )));
    }
    Ok(())
}
