//! The data-quality report as text: a one-line summary per source (what `rank` prints on
//! stderr), and the full report (what `check` prints).

use std::fmt::{self, Write as _};

use crate::quality::{
    DIFFERING_IDS_LISTED, DeadlineCounts, DifferingId, GroupCoverage, KindQuality, QualityReport,
    SourceQuality,
};

impl SourceQuality {
    /// One line: `hotline: read 1204, used 1100, out of period 80 (61 previous), unplaced 17,
    /// ambiguous 3, repeated 4, rejected 0`.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{}: read {}, used {}, out of period {}",
            self.source, self.read, self.used, self.out_of_period
        );
        if self.previous_period > 0 {
            let _ = write!(line, " ({} previous)", self.previous_period);
        }
        let _ = write!(
            line,
            ", unplaced {}, ambiguous {}, repeated {}, rejected {}",
            self.unplaced, self.ambiguous, self.repeated, self.rejected
        );
        if self.without_id > 0 {
            let _ = write!(line, "; {} without an id", self.without_id);
        }
        for kind in &self.kinds {
            let _ = write!(line, "; {}", kind_counts(kind));
        }
        if !self.reached.is_empty() {
            let _ = write!(line, "; {}", reached(self));
        }
        line
    }
}

/// `used by the level reached: neighborhood 88, community 9, street 10`.
fn reached(source: &SourceQuality) -> String {
    let levels: Vec<String> = source
        .reached
        .iter()
        .map(|level| format!("{} {}", level.kind.as_str(), level.records))
        .collect();
    format!("used by the level reached: {}", levels.join(", "))
}

/// `neighborhoods-by-street, 天山街道: 4 places, 3 reached (1 without records), 57 records`.
fn group_line(group: &GroupCoverage) -> String {
    let mut line = format!(
        "{}, {}: {} places, {} reached",
        group.board, group.group, group.places, group.reached
    );
    if group.without_records() > 0 {
        let _ = write!(line, " ({} without records)", group.without_records());
    }
    let _ = write!(line, ", {} records", group.records);
    line
}

/// `neighborhood: placed 277 (194 by address), unplaced 43, ambiguous 0`.
fn kind_counts(kind: &KindQuality) -> String {
    let mut line = format!("{}: placed {}", kind.kind.as_str(), kind.placed);
    if kind.by_address > 0 {
        let _ = write!(line, " ({} by address)", kind.by_address);
    }
    if kind.within_column > 0 {
        let _ = write!(
            line,
            " ({} by a name within the column)",
            kind.within_column
        );
    }
    if kind.through_below > 0 {
        let _ = write!(line, " ({} through a level below)", kind.through_below);
    }
    let _ = write!(line, ", unplaced {}", kind.unplaced);
    if kind.administrative > 0 {
        let _ = write!(
            line,
            " ({} naming only administrative names)",
            kind.administrative
        );
    }
    let _ = write!(line, ", ambiguous {}", kind.ambiguous);
    line
}

impl QualityReport {
    /// The full report: per source, every count, the most frequent unmatched names, and every
    /// rejected row.
    pub fn to_text(&self) -> String {
        let mut out = format!("data quality, {}", self.period);
        if let Some(previous) = self.previous_period {
            let _ = write!(out, " (rank changes against {previous})");
        }
        out.push('\n');
        for source in &self.sources {
            out.push('\n');
            source_heading(&mut out, source);
            write_counts(&mut out, self.counts(source));
            source_details(&mut out, source);
            source_checks(&mut out, source);
        }
        if !self.groups.is_empty() {
            out.push_str("\ncoverage per group\n");
            for group in &self.groups {
                let _ = writeln!(out, "  {}", group_line(group));
            }
        }
        if !self.warnings.is_empty() {
            out.push_str("\nwarnings\n");
            for warning in &self.warnings {
                let _ = writeln!(out, "  {warning}");
            }
        }
        if !self.notes.is_empty() {
            out.push_str("\nnotes\n");
            for note in &self.notes {
                let _ = writeln!(out, "  {note}");
            }
        }
        out
    }

    /// A source's counts, as (label, count, note) rows: what became of its records, then its
    /// deadlines, exclusions and unlisted values when it has any.
    fn counts(&self, source: &SourceQuality) -> Vec<(&'static str, u64, String)> {
        let mut rows = vec![
            ("read", source.read, String::new()),
            ("used", source.used, String::new()),
            (
                "out of period",
                source.out_of_period,
                match (self.previous_period, source.previous_period) {
                    (Some(previous), n) if n > 0 => {
                        format!("{n} of {previous}, for rank changes")
                    }
                    _ => String::new(),
                },
            ),
            ("unplaced", source.unplaced, names(&source.unmatched)),
            ("ambiguous", source.ambiguous, String::new()),
            (
                "repeated",
                source.repeated,
                if source.differing_repeats > 0 {
                    format!(
                        "{} differing from the copy that counts (the latest)",
                        source.differing_repeats
                    )
                } else {
                    String::new()
                },
            ),
            ("rejected", source.rejected, String::new()),
        ];
        if source.without_id > 0 {
            rows.push((
                "without id",
                source.without_id,
                "among the above: an empty id, so no repeat of them can be found".to_owned(),
            ));
        }
        if let Some(deadlines) = &source.deadlines {
            rows.extend(deadline_counts(deadlines));
        }
        if source.excluded > 0 {
            rows.push((
                "excluded",
                source.excluded,
                "of the period, left out of a share by its `exclude`".to_owned(),
            ));
        }
        if !source.unlisted_values.is_empty() {
            let total = source.unlisted_values.iter().map(|value| value.count).sum();
            rows.push((
                "unlisted",
                total,
                format!(
                    "values a share neither credits nor excludes (a new code?): {}",
                    names(&source.unlisted_values)
                ),
            ));
        }
        rows
    }
}

/// `hotline (hotline, data/hotline.csv)`: a source's id, kind and file or files.
fn source_heading(out: &mut String, source: &SourceQuality) {
    let _ = write!(
        out,
        "{} ({}",
        source.source,
        source.kind.map_or("?", |kind| kind.as_str())
    );
    if let Some(file) = &source.file {
        let _ = write!(out, ", {}", file.display());
    }
    if let Some(first) = source.files.first() {
        let _ = write!(out, ", {} files: {}", source.files.len(), first.display());
        for file in &source.files[1..] {
            let _ = write!(out, ", {}", file.display());
        }
    }
    out.push_str(")\n");
}

/// A source's deadline counts, as (label, count, note) rows.
fn deadline_counts(deadlines: &DeadlineCounts) -> Vec<(&'static str, u64, String)> {
    [
        (
            "on time",
            deadlines.on_time,
            "of the period, closed by their deadline",
        ),
        (
            "overdue",
            deadlines.overdue,
            "due, not closed by their deadline",
        ),
        (
            "not yet due",
            deadlines.not_yet_due,
            "closed after the period's end, due after it: left out of the rates",
        ),
        (
            "open, not due",
            deadlines.open_not_due,
            "not closed, due after the period's end: left out of the rates",
        ),
        (
            "no deadline",
            deadlines.without_deadline,
            "no deadline for their value, and no default: left out",
        ),
    ]
    .into_iter()
    .map(|(label, count, note)| (label, count, note.to_owned()))
    .collect()
}

/// The (label, count, note) rows, the counts aligned.
fn write_counts(out: &mut String, rows: Vec<(&str, u64, String)>) {
    let width = rows
        .iter()
        .map(|(_, n, _)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (label, count, note) in rows {
        let _ = write!(out, "  {label:<15}{count:>width$}");
        if !note.is_empty() {
            let _ = write!(out, "  {note}");
        }
        out.push('\n');
    }
}

/// A source's lists: the ids whose copies differ, the counts per kind of place with the
/// names unmatched, the indicators no board uses, the rejected rows.
fn source_details(out: &mut String, source: &SourceQuality) {
    for listed in &source.differing_ids {
        let _ = writeln!(out, "  {}", differing_id(listed, source));
    }
    if source.differing_ids.len() >= DIFFERING_IDS_LISTED {
        let _ = writeln!(
            out,
            "  (the first {DIFFERING_IDS_LISTED} ids whose copies differ, by their first copy)"
        );
    }
    for kind in &source.kinds {
        let mut line = format!("  {}", kind_counts(kind));
        if !kind.column {
            line.push_str(" (no column of its own)");
        }
        if !kind.unmatched.is_empty() {
            let _ = write!(line, "; unmatched: {}", names(&kind.unmatched));
        }
        out.push_str(&line);
        out.push('\n');
    }
    if !source.reached.is_empty() {
        let _ = writeln!(out, "  {}", reached(source));
    }
    if !source.unused_indicators.is_empty() {
        let _ = writeln!(
            out,
            "  indicators no board uses: {}",
            names(&source.unused_indicators)
        );
    }
    for row in &source.rejected_rows {
        let _ = writeln!(out, "  rejected: {}", row.error());
    }
}

/// A source's rows skipped or filled, then whether its counts add up.
fn source_checks(out: &mut String, source: &SourceQuality) {
    let check = if source.reconciles() {
        "the counts add up"
    } else {
        "THE COUNTS DO NOT ADD UP"
    };
    if source.total_rows > 0 {
        let _ = writeln!(
            out,
            "  total and footer rows skipped: {}",
            source.total_rows
        );
    }
    if let Some(row) = source.header_row {
        let _ = writeln!(out, "  header: row {row}");
    }
    if source.merged_cells_filled > 0 {
        let _ = writeln!(
            out,
            "  merged cells filled from their region's first cell: {}",
            source.merged_cells_filled
        );
    }
    if source.hidden_rows > 0 {
        let _ = writeln!(
            out,
            "  hidden rows (read and counted): {}",
            source.hidden_rows
        );
    }
    let total = if source.total_rows > 0 {
        " + total rows"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  {check}: read = used + out of period + unplaced + ambiguous + repeated + rejected{total}"
    );
}

/// How many copies of a differing id the text lists: the JSON has them all.
const COPIES_SHOWN: usize = 10;

/// `differing id WG20181100381: lines 411 (counts), 573`; records fed from memory are
/// `records 3, 17 (counts)`.
fn differing_id(listed: &DifferingId, source: &SourceQuality) -> String {
    let in_file = source.file.is_some() || !source.files.is_empty();
    // In a source of several files, a line is named with its file's name.
    let file_of = |file: Option<usize>| {
        file.and_then(|file| source.files.get(file))
            .and_then(|path| path.file_name())
            .map(|name| format!("{}:", name.to_string_lossy()))
            .unwrap_or_default()
    };
    let mut copies: Vec<String> = listed
        .copies
        .iter()
        .enumerate()
        .take(COPIES_SHOWN)
        .map(|(position, &at)| {
            let file = listed.copy_files.get(position).copied();
            let shown = format!("{}{at}", file_of(file));
            if at == listed.counted && file == listed.counted_file {
                format!("{shown} (counts)")
            } else {
                shown
            }
        })
        .collect();
    if listed.copies.len() > COPIES_SHOWN {
        copies.push(format!("… {} more", listed.copies.len() - COPIES_SHOWN));
        if !listed
            .copies
            .iter()
            .enumerate()
            .take(COPIES_SHOWN)
            .any(|(position, &at)| {
                at == listed.counted
                    && listed.copy_files.get(position).copied() == listed.counted_file
            })
        {
            copies.push(format!(
                "{}{} counts",
                file_of(listed.counted_file),
                listed.counted
            ));
        }
    }
    let word = if in_file { "lines" } else { "records" };
    format!("differing id {}: {word} {}", listed.id, copies.join(", "))
}

/// `长宁路 (12), 延安西路 (5)`.
fn names(names: &[crate::quality::NameCount]) -> String {
    names
        .iter()
        .map(|name| format!("{} ({})", name.name, name.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one-line summary, as [`SourceQuality::summary`].
impl fmt::Display for SourceQuality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

/// The full report, as [`QualityReport::to_text`] (what `livability check` prints).
///
/// ```
/// let spec = livability::Spec::from_path("fixtures/tianshan/spec.toml")?;
/// let report = livability::check(&spec, &livability::Options::new())?;
/// let text = report.to_string();
/// assert!(text.starts_with("data quality, 2018-11"));
/// assert!(text.contains(&report.sources[0].to_string().split(':').next().unwrap().to_owned()));
/// # Ok::<(), livability::Error>(())
/// ```
impl fmt::Display for QualityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}
