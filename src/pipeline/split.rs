//! One big file read as two parts on two cores, with exactly the outcome of one reading.
//!
//! A city's hotline export can be most of its data: read whole on one thread, it would keep the
//! other core idle once the smaller files are done. So the biggest file's thread offers the
//! rest of it to the first thread that runs out of files: when asked, it cuts what it has not
//! read yet in two at a line start, keeps the first half and hands the second (from the cut to
//! the end) to the asking thread, which reads it into a state of its own. Then the two are
//! merged. The cut is made where the file's thread stands when asked, so the two threads end
//! together however the machine shares its cores, whatever each source costs per byte. No cut
//! is made in the last [`MIN_SPLIT_BYTES`] of a file, nor when the file's thread is done first.
//!
//! Everything a record adds is a count or an exact sum, so the merge is exact, except for
//! three things that depend on what came before, each checked:
//!
//! - **The cut must fall between rows.** A line start can be inside a quoted field. The first
//!   part reads on until its rows reach the cut: if a row runs across it, the cut was inside a
//!   field, the second part is dropped and the first reads on to the end.
//! - **Repeated ids.** Whether a record counts depends on the ids before it. An overlapping
//!   export repeats rows near each other, so near the cut: the second part reads its first
//!   [`HEAD_ROWS`] rows (the head) for their ids only, and the first part reads on through the
//!   head as its own. Later rows of the second part repeating a head id are handed over,
//!   uncounted, and replayed after the first part's rows, as a whole reading would have met
//!   them. If after that the two parts still share an id (a row repeated from far before the
//!   cut), the second part is dropped and the first reads on to the end.
//! - **Sums of decimals.** A mean's sum is exact in any order as long as no partial sum leaves
//!   the 96 bits of a decimal's mantissa at the largest scale seen; both parts measure the
//!   values they sum, and the merge happens only if the whole file's values stay within that.
//!
//! A dropped second part costs its time, never a different result. Its rejected rows (under
//! `--lenient`) are kept as errors until the line of the cut is known, then numbered as in the
//! file.

use crate::read::files::File;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use rust_decimal::Decimal;

use super::Shared;
use super::records::{RecordInput, Stop, Until};
use super::state::{Reading, RecordsState, SourceReader, SourceState};
use crate::dedup::{ByHash, Id, Version, Written};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::quality::{RejectedRow, SourceQuality};
use crate::read::csv::CsvInput;

/// How many rows after the cut the first part also reads, so that ids repeated across the cut
/// by an overlapping export are settled without a second look.
#[cfg(not(test))]
pub(crate) const HEAD_ROWS: usize = 16 * 1024;
/// In the crate's unit tests, an eighth, so that the cities they cut are an eighth as big: the
/// code is the same, only the sizes it compares with. (The integration tests, which cut a city
/// of the real sizes on any number of threads, build the library without `cfg(test)`.)
#[cfg(test)]
pub(crate) const HEAD_ROWS: usize = 2 * 1024;

/// Files smaller than this are read whole, and no cut is made in the last this many bytes of a
/// file: cutting costs a few milliseconds.
#[cfg(not(test))]
pub(crate) const MIN_SPLIT_BYTES: u64 = 1 << 20;
/// An eighth in the crate's unit tests, as [`HEAD_ROWS`].
#[cfg(test)]
pub(crate) const MIN_SPLIT_BYTES: u64 = 1 << 17;

/// Where the biggest file is cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CutPolicy {
    /// Where its thread stands when another runs out of files: the two parts then end
    /// together. What every run does.
    WhereItsThreadStands,
    /// In its middle: its thread waits to be asked before its first row. Tests use it to cut
    /// a file where they know, whatever the timing.
    InTheMiddle,
}

/// The second part's rows that repeat an id of its head: not counted there, replayed after the
/// first part's rows.
#[derive(Debug, Default)]
pub(crate) struct Deferred {
    head: HashSet<Id, ByHash>,
    /// (id, the row as written and whether with its times, version), in file order.
    rows: Vec<(Id, (Written, bool), Version)>,
}

impl Deferred {
    /// Takes a row with `id` if its id is one of the head's (`copy`: the row as written and
    /// its version, made then).
    pub(crate) fn defers(
        &mut self,
        id: Id,
        copy: impl FnOnce() -> ((Written, bool), Version),
    ) -> bool {
        let defers = self.head.contains(&id);
        if defers {
            let (written, version) = copy();
            self.rows.push((id, written, version));
        }
        defers
    }
}

/// How large the values a part summed into means are: Σ |value| at the largest scale seen,
/// as a mantissa.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Magnitude {
    /// `None` past 2¹²⁸: too large to merge.
    total: Option<u128>,
    scale: u32,
}

impl Default for Magnitude {
    fn default() -> Magnitude {
        Magnitude {
            total: Some(0),
            scale: 0,
        }
    }
}

impl Magnitude {
    /// Notes a value summed into a mean.
    pub(crate) fn add(&mut self, value: Decimal) {
        let scale = self.scale.max(value.scale());
        self.total = self
            .at_scale(scale)
            .zip(Magnitude::scaled(
                value.mantissa().unsigned_abs(),
                scale - value.scale(),
            ))
            .and_then(|(total, value)| total.checked_add(value));
        self.scale = scale;
    }

    /// Whether the values of both parts, summed in any order, keep every partial sum within a
    /// decimal's mantissa (so that no sum ever rounds or overflows).
    fn merges_exactly_with(self, other: Magnitude) -> bool {
        let scale = self.scale.max(other.scale);
        self.at_scale(scale)
            .zip(other.at_scale(scale))
            .and_then(|(a, b)| a.checked_add(b))
            .is_some_and(|total| total < 1 << 96)
    }

    /// The total as a mantissa at `scale` (not below the total's).
    fn at_scale(self, scale: u32) -> Option<u128> {
        Magnitude::scaled(self.total?, scale - self.scale)
    }

    /// `mantissa × 10^digits`, if it fits.
    fn scaled(mantissa: u128, digits: u32) -> Option<u128> {
        10u128.checked_pow(digits)?.checked_mul(mantissa)
    }
}

/// A file to read in two parts: where it is cut, and the reader of the part after the cut.
pub(crate) struct Cut {
    /// The byte (of the text after any byte order mark) where the second part starts.
    pub(crate) at: u64,
    pub(crate) second: CsvInput<File>,
}

impl Cut {
    /// Plans reading the rest of the file of `csv` (opened whole, read up to some row) in two
    /// parts, the second starting at the first line start after byte `middle`; `None` when it
    /// cannot be cut: its encoding is still undecided (it is ASCII so far), or no line starts
    /// after that point.
    fn plan(csv: &CsvInput<File>, middle: u64) -> Result<Option<Cut>> {
        if !csv.encoding_decided() {
            return Ok(None);
        }
        let Some(at) = csv.line_start_after(middle)? else {
            return Ok(None);
        };
        Ok(Some(Cut {
            at,
            second: csv.part_from(at)?,
        }))
    }
}

/// The second part of a cut, as the file's thread hands it over: the cut, and where to send
/// the byte at which the second part's head ends.
pub(crate) type Handover = (Cut, Sender<u64>);

/// The rest of the biggest file, offered by its thread to the first thread out of work.
pub(crate) struct Offer {
    /// Set by the thread taking the offer; the file's thread looks at it before every row.
    asked: AtomicBool,
    /// What the taker needs, until a thread takes it.
    taker: Mutex<Option<Taker>>,
}

/// What the thread taking an offer reads the second part with.
struct Taker {
    path: PathBuf,
    /// A state of the file's source, nothing counted yet.
    state: SourceState,
    /// The cut, once the file's thread makes it; closed when it makes none.
    handover: Receiver<Handover>,
}

impl Offer {
    /// An offer of `first`'s file at `path`, and the sending end of its handover, for the
    /// file's thread.
    pub(crate) fn new(first: &SourceState, path: PathBuf) -> (Offer, Sender<Handover>) {
        let (send, handover) = std::sync::mpsc::channel();
        let taker = Taker {
            path,
            state: second_state(first),
            handover,
        };
        let offer = Offer {
            asked: AtomicBool::new(false),
            taker: Mutex::new(Some(taker)),
        };
        (offer, send)
    }

    /// Takes the offer, if no other thread has: asks for a cut and, when the file's thread
    /// makes one, reads the second part. `None` when there is nothing to read.
    pub(crate) fn take(&self, shared: &Shared<'_>) -> Option<Result<SourceState>> {
        let Taker {
            path,
            state,
            handover,
        } = self.taker.lock().ok()?.take()?;
        self.asked.store(true, Ordering::Relaxed);
        let (cut, head_end) = handover.recv().ok()?;
        Some(read_second_part(shared, state, path, cut, head_end))
    }
}

/// What the first part's thread hands over: its input, positioned where it stopped.
pub(crate) struct FirstPart {
    input: RecordInput<File>,
    path: PathBuf,
    /// `Some(line of the cut)` when it stopped at the end of the second part's head, so that
    /// the second part can be merged; `None` when it read the whole file.
    cut_line: Option<u64>,
}

impl SourceReader<'_, '_> {
    /// Reads the file at `path` (`size` bytes), offered as `offer`: up to the end or until a
    /// thread asks for the rest; then, if the rest is big enough to cut, hands its second half
    /// over, reads the first half and the head of the second (whose end the other thread tells
    /// once it has read it). Reads on to the end when no cut is made, the cut falls inside a
    /// row, or the second part gave up.
    pub(crate) fn read_first_part(
        &mut self,
        (path, size): (PathBuf, u64),
        csv: CsvInput<File>,
        offer: &Offer,
        handover: Sender<Handover>,
    ) -> Result<FirstPart> {
        self.state.quality.file = Some(path.clone());
        self.state.quality.header_row = (csv.header_line() != 1).then_some(csv.header_line());
        let records = self.records()?;
        records.repeats.forget_old_versions();
        records.magnitude = Some(Magnitude::default());
        let mut input = self.record_input(csv)?;
        if self.shared.cut == CutPolicy::InTheMiddle {
            while !offer.asked.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        let mut cut_line = None;
        if self.read_rows(&mut input, Until::Asked(&offer.asked))? == Stop::Asked
            && let Some(cut) = middle(&input.csv, size)
        {
            let (send, head_end) = std::sync::mpsc::channel();
            let at = cut.at;
            if handover.send((cut, send)).is_ok()
                && let Stop::At { line } = self.read_rows(&mut input, Until::Byte(at))?
                && let Ok(head_end) = head_end.recv()
                && let Stop::At { .. } = self.read_rows(&mut input, Until::Byte(head_end))?
            {
                cut_line = Some(line);
            }
        }
        // No cut (the taker waits no more) or no merge.
        drop(handover);
        if cut_line.is_none() {
            self.read_rows(&mut input, Until::End)?;
        }
        Ok(FirstPart {
            input,
            path,
            cut_line,
        })
    }
}

/// A cut in the middle of what is left of the `size` bytes of `csv`'s file, when that is at
/// least twice [`MIN_SPLIT_BYTES`]. Errors opening the file again mean no cut: the first part
/// reads on.
fn middle(csv: &CsvInput<File>, size: u64) -> Option<Cut> {
    let read = csv.position().0;
    let left = size.saturating_sub(read);
    if left < 2 * MIN_SPLIT_BYTES {
        return None;
    }
    Cut::plan(csv, read + left / 2).ok()?
}

/// The state the second part of `first`'s file is read into: the same plan and feeds, totals
/// of the same shape, nothing counted.
fn second_state(first: &SourceState) -> SourceState {
    SourceState {
        index: first.index,
        reading: match &first.reading {
            Reading::Records(records) => {
                Reading::Records(Box::new(RecordsState::new(Arc::clone(&records.plan))))
            }
            Reading::Table(_) => Reading::default(),
        },
        feeds: first.feeds.clone(),
        totals: first.totals.clone(),
        earlier_placed: vec![0; first.earlier_placed.len()],
        coverage: first.coverage.fresh(),
        ..SourceState::default()
    }
}

/// Reads the second part into `state` (from [`second_state`]): its head for the ids only
/// (sending where the head ends to the first part's thread), then the rest.
fn read_second_part(
    shared: &Shared<'_>,
    mut state: SourceState,
    path: PathBuf,
    cut: Cut,
    head_end: Sender<u64>,
) -> Result<SourceState> {
    let mut scratch = second_state(&state);
    state.quality.file = Some(path);
    if let Some(records) = state.records_mut() {
        records.part_errors = Some(Vec::new());
        records.magnitude = Some(Magnitude::default());
        records.repeats.forget_old_versions();
    }
    let mut head_reader = SourceReader {
        shared,
        state: &mut scratch,
    };
    let mut input = head_reader.record_input(cut.second)?;
    let head = head_reader.ids_of_rows(&mut input, HEAD_ROWS);
    // The first part waits for this; if it is gone (it failed), there is nothing to merge.
    if head_end.send(cut.at + input.csv.position().0).is_err() {
        return Ok(state);
    }
    drop(head_end);
    if let Some(records) = state.records_mut() {
        records.deferred = Some(Deferred {
            head,
            rows: Vec::new(),
        });
    }
    SourceReader {
        shared,
        state: &mut state,
    }
    .read_rows(&mut input, Until::End)?;
    Ok(state)
}

impl SourceReader<'_, '_> {
    /// Completes the reading of a file offered in parts: merges the second part, if one was
    /// read, when it can be merged exactly, else reads the rest of the file after the first
    /// part; then settles repeats as after any reading of a file.
    pub(crate) fn join_parts(
        &mut self,
        first: FirstPart,
        second: Option<Result<SourceState>>,
    ) -> Result<()> {
        let FirstPart {
            mut input,
            path,
            cut_line,
        } = first;
        if let Some(cut_line) = cut_line {
            let mergeable = match second {
                Some(Ok(mut second)) => self.can_merge(&mut second).then_some(second),
                _ => None,
            };
            match mergeable {
                Some(second) => self.merge(second, cut_line)?,
                // The rest of the file after the head, read here instead.
                None => self.read_rows(&mut input, Until::End).map(drop)?,
            }
        }
        if let Some(records) = self.state.records_mut() {
            records.magnitude = None;
        }
        self.settle_repeats(&path)
    }

    fn can_merge(&mut self, second: &mut SourceState) -> bool {
        let (Some(first), Some(second)) = (self.state.records_mut(), second.records_mut()) else {
            return false;
        };
        let deferred_seen = second.deferred.as_ref().is_some_and(|deferred| {
            deferred
                .rows
                .iter()
                .all(|&(id, _, _)| first.repeats.contains(id))
        });
        let sums = match (first.magnitude, second.magnitude) {
            (Some(a), Some(b)) => a.merges_exactly_with(b),
            _ => false,
        };
        deferred_seen && sums && !first.repeats.shares_ids_with(&mut second.repeats)
    }

    /// Merges the second part (see [`can_merge`](Self::can_merge)); its row `n` is on line
    /// `cut_line + n − 1` of the file.
    fn merge(&mut self, second: SourceState, cut_line: u64) -> Result<()> {
        let state = &mut *self.state;
        if let (Reading::Records(records), Reading::Records(more)) =
            (&mut state.reading, second.reading)
        {
            records.absorb_part(*more, &mut state.quality, cut_line);
        }
        let pairs = state.totals.iter_mut().zip(&second.totals);
        for (totals, more) in pairs.flat_map(|(totals, more)| {
            totals
                .as_mut()
                .zip(more.as_ref())
                .into_iter()
                .map(|(_, pair)| pair)
        }) {
            if !totals.absorb(more) {
                // Ruled out by the magnitudes checked before merging.
                return Err(Error::new(
                    ErrorKind::Overflow {
                        what: "a mean's sum".to_owned(),
                    },
                    Location::Unknown,
                ));
            }
        }
        state.quality.add_counts(&second.quality);
        state.unmatched.absorb(second.unmatched);
        state.year_ago_placed += second.year_ago_placed;
        for (count, more) in state.earlier_placed.iter_mut().zip(&second.earlier_placed) {
            *count += more;
        }
        state.coverage.absorb(second.coverage, cut_line - 1);
        Ok(())
    }
}

impl RecordsState {
    /// Takes in what the second part of a file read in two (`more`) kept of its records: the
    /// repeats handed over, its ids, its rejected rows (into `quality`, numbered as in the
    /// file, its row `n` being on line `cut_line + n − 1`) and its counts.
    fn absorb_part(&mut self, more: RecordsState, quality: &mut SourceQuality, cut_line: u64) {
        // The repeats handed over, as a whole reading meets them after the head.
        for &(id, written, version) in more.deferred.iter().flat_map(|d| &d.rows) {
            quality.read += 1;
            quality.repeated += 1;
            // A file's table keeps no positions (its second reading finds the lines), and
            // tells no copy later than the counted one: that reading settles them.
            self.repeats
                .copy_of(id, written, || version, 0, std::iter::empty);
        }
        self.repeats.absorb(more.repeats);
        quality.rejected_rows.extend(
            more.part_errors
                .into_iter()
                .flatten()
                .map(|error| RejectedRow::new(error.lines_after(cut_line - 1))),
        );
        self.unlisted.absorb(more.unlisted);
        self.deadline_values.absorb(more.deadline_values);
        self.occurrences.absorb(more.occurrences);
        for (kind, more) in self.kinds.iter_mut().zip(more.kinds) {
            kind.absorb(more);
        }
        for (reached, more) in self.reached.iter_mut().zip(more.reached) {
            *reached += more;
        }
        self.read_in_parts = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magnitudes_allow_a_merge_only_within_a_mantissa() {
        let mut small = Magnitude::default();
        small.add(Decimal::new(12345, 2));
        small.add(Decimal::new(-7, 9));
        assert!(small.merges_exactly_with(small));
        let mut large = Magnitude::default();
        large.add(Decimal::from_i128_with_scale(1 << 95, 0));
        assert!(large.merges_exactly_with(Magnitude::default()));
        // 2⁹⁵ + 2⁹⁵ is 2⁹⁶: one past the mantissa.
        assert!(!large.merges_exactly_with(large));
        // 1.5 × 10¹⁸ at scale 9 is a mantissa of 1.5 × 10²⁷: 2⁹⁶ holds 52 of them. Summed at
        // scale 0, then at scale 9 once a value with 9 decimals comes.
        let mut many = Magnitude::default();
        for _ in 0..26 {
            many.add(Decimal::new(1_500_000_000_000_000_000, 0));
        }
        assert!(many.merges_exactly_with(many));
        many.add(Decimal::new(1, 9));
        assert!(many.merges_exactly_with(many));
        many.add(Decimal::new(1_500_000_000_000_000_000, 0));
        assert!(!many.merges_exactly_with(many));
        assert!(
            !Magnitude {
                total: None,
                scale: 0
            }
            .merges_exactly_with(small)
        );
    }

    /// Tests on generated cities.
    #[cfg(feature = "generate")]
    mod cities {
        use super::*;
        use crate::input::Encoding;
        use crate::places::Gazetteer;
        use crate::{Format, Options, Ranker, Spec, generate::CityOptions};

        /// A generated city whose `source` file (its rows, header apart) `edit` changes, then the
        /// board `board` ranked leniently on one thread and on two: the JSON and the check report
        /// must be the same. Returns whether the two threads read the file in two parts.
        fn one_and_two_threads(
            name: &str,
            board: &str,
            source: &str,
            edit: impl FnOnce(&mut Vec<String>, usize),
        ) -> bool {
            compare_threads(name, board, source, edit, true, true).0
        }

        /// [`one_and_two_threads`], the file cut in its middle or, without `in_the_middle`, where
        /// its thread stands when the other runs out of files; without `lenient`, the first
        /// malformed row is the error of both readings. Returns whether the two threads read the
        /// file in two parts, and what they gave: the JSON and the report, or the error.
        fn compare_threads(
            name: &str,
            board: &str,
            source: &str,
            edit: impl FnOnce(&mut Vec<String>, usize),
            in_the_middle: bool,
            lenient: bool,
        ) -> (bool, Vec<String>) {
            let folder = std::env::temp_dir()
                .join(format!("livability-split-{}-{name}", std::process::id()));
            // A sixth of the rows of a city cut at the real sizes (see `HEAD_ROWS`).
            crate::generate::generate_city(&CityOptions::new(60, 30, 20_000), &folder).unwrap();
            let spec = Spec::from_path(folder.join("spec.toml")).unwrap();
            let options = Options::new().board(board).lenient(lenient);
            let places = Gazetteer::from_path(folder.join("places.csv"), Encoding::Auto).unwrap();
            let needed = Ranker::new(&spec, &places, &options)
                .unwrap()
                .sources_needed()
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>();
            let path = folder.join(format!("{source}.csv"));
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rows: Vec<String> = text.lines().map(|line| format!("{line}\n")).collect();
            let header = rows.remove(0);
            // The row the cut falls in: the middle of the file after its header, as the file's
            // thread is asked for its rest before its first row.
            let middle = (text.len() - header.len()) as u64 / 2;
            let mut bytes = 0;
            let cut_row = rows
                .iter()
                .position(|row| {
                    bytes += row.len() as u64;
                    bytes > middle
                })
                .unwrap();
            edit(&mut rows, cut_row);
            std::fs::write(&path, header + &rows.concat()).unwrap();
            let run = |threads: usize| {
                let mut ranker =
                    Ranker::new(&spec, &places, &options.clone().threads(threads)).unwrap();
                ranker.shared.cut = if in_the_middle {
                    CutPolicy::InTheMiddle
                } else {
                    CutPolicy::WhereItsThreadStands
                };
                let sources: Vec<&str> = needed.iter().map(String::as_str).collect();
                if let Err(error) = ranker.read_source_files(&sources) {
                    return (vec![error.to_string()], false);
                }
                let index = spec.source_index(source).unwrap();
                let in_parts = ranker.sources[index]
                    .records()
                    .is_some_and(|records| records.read_in_parts);
                let rankings = ranker.finish().unwrap();
                let uncounted: Vec<_> = rankings
                    .quality
                    .sources
                    .iter()
                    .map(|source| (&source.uncounted_records, source.uncounted_more))
                    .collect();
                let outputs = vec![
                    rankings.to_string_as(Format::Json),
                    rankings.quality.to_text(),
                    format!("{uncounted:?}"),
                ];
                (outputs, in_parts)
            };
            let (one, in_parts_on_one) = run(1);
            let (two, in_parts) = run(2);
            assert!(!in_parts_on_one);
            assert_eq!(one.len(), two.len(), "{name}: {one:?} {two:?}");
            for (one, two) in one.iter().zip(&two) {
                let first_difference = one.lines().zip(two.lines()).find(|(a, b)| a != b);
                assert!(one == two, "{name}: {first_difference:?}");
            }
            std::fs::remove_dir_all(&folder).unwrap();
            (in_parts, two)
        }

        fn differing_copy(row: &str) -> String {
            // The same id, another time of day: a copy exported after an edit.
            let mut fields: Vec<&str> = row.trim_end().split(',').collect();
            fields[1] = "2018-11-15 12:00:00";
            format!("{}\n", fields.join(","))
        }

        #[test]
        fn a_big_file_is_read_in_two_parts_with_the_outcome_of_one() {
            assert!(one_and_two_threads(
                "plain",
                "beautiful-neighborhoods",
                "hotline",
                |_, _| {}
            ));
            // A mean (hours to close) summed in two parts.
            assert!(one_and_two_threads(
                "means",
                "beautiful-roads",
                "grid",
                |_, _| {}
            ));
        }

        #[test]
        fn a_file_cut_wherever_its_thread_stands_reads_as_one() {
            // The cut depends on timing: whatever it is, or if none is made, the outcome is one.
            for run in 0..3 {
                compare_threads(
                    &format!("anywhere-{run}"),
                    "safe-neighborhoods",
                    "grid",
                    |_, _| {},
                    false,
                    true,
                );
            }
        }

        #[test]
        fn repeats_of_head_rows_after_the_head_are_handed_to_the_first_part() {
            assert!(one_and_two_threads(
                "handed",
                "beautiful-neighborhoods",
                "hotline",
                |rows, cut| {
                    for offset in [10, 500, HEAD_ROWS * 9 / 16] {
                        let copy = differing_copy(&rows[cut + offset]);
                        rows.insert(cut + HEAD_ROWS + 2 * offset, copy);
                        // A copy across the cut, read by the first part.
                        let copy = differing_copy(&rows[cut - offset]);
                        rows.insert(cut + offset, copy);
                    }
                }
            ));
        }

        /// `row` with its closing time (field `field`) set to `closed`, its status to match
        /// for a grid case.
        fn closed_copy(row: &str, field: usize, closed: &str) -> String {
            let mut fields: Vec<&str> = row.trim_end().split(',').collect();
            fields[field] = closed;
            if field == 7 {
                fields[6] = if closed.is_empty() {
                    "处置中"
                } else {
                    "已结案"
                };
            }
            format!("{}\n", fields.join(","))
        }

        #[test]
        fn copies_that_differ_across_the_cut_count_the_latest_as_one_reading_does() {
            // Grid cases, whose closing time a mean reads, and hotline tickets, whose closing
            // time only tells the latest copy (one unreadable: taken as none).
            for (source, board, field) in [
                ("grid", "beautiful-roads", 7),
                ("hotline", "beautiful-neighborhoods", 6),
            ] {
                let (in_parts, outputs) = compare_threads(
                    &format!("latest-{source}"),
                    board,
                    source,
                    |rows, cut| {
                        for offset in [3, 700, HEAD_ROWS * 3 / 4] {
                            // Before the cut a case, after it a copy closed later; after the
                            // cut a case, before it a copy still open (or never closed).
                            let later =
                                closed_copy(&rows[cut - offset], field, "2018-11-29 18:00:00");
                            rows.insert(cut + offset, later);
                            let open = if offset == 700 { "soon" } else { "" };
                            let open = closed_copy(&rows[cut + offset / 2 + 1], field, open);
                            rows.insert(cut - offset, open);
                            // Both copies past the head: the second part settles them itself.
                            let row = cut + HEAD_ROWS + 100 + offset / 10;
                            let later = closed_copy(&rows[row], field, "2018-11-30 18:00:00");
                            rows.insert(row + 5, later);
                        }
                    },
                    true,
                    true,
                );
                assert!(in_parts, "{source}");
                assert!(
                    outputs[1].contains("differing id "),
                    "{source}: {}",
                    outputs[1]
                );
            }
        }

        #[test]
        fn a_repeat_from_far_before_the_cut_makes_the_first_part_read_on() {
            assert!(!one_and_two_threads(
                "far",
                "beautiful-neighborhoods",
                "hotline",
                |rows, _| {
                    let copy = differing_copy(&rows[3]);
                    rows.push(copy);
                }
            ));
        }

        #[test]
        fn a_cut_inside_a_quoted_field_makes_the_first_part_read_on() {
            assert!(!one_and_two_threads(
                "quoted",
                "beautiful-neighborhoods",
                "hotline",
                |rows, cut| {
                    // The address of the row the cut falls in, now many lines long.
                    let mut fields: Vec<String> =
                        rows[cut].trim_end().split(',').map(str::to_owned).collect();
                    fields[4] = format!("\"{}\"", "长宁路\n".repeat(200));
                    rows[cut] = format!("{}\n", fields.join(","));
                }
            ));
        }

        #[test]
        fn a_malformed_row_in_either_part_is_the_error_of_one_reading() {
            for (name, row) in [("first", 100), ("head", 5), ("second", HEAD_ROWS + 100)] {
                let (in_parts, outputs) = compare_threads(
                    &format!("error-{name}"),
                    "beautiful-neighborhoods",
                    "hotline",
                    |rows, cut| {
                        let row = if name == "first" { row } else { cut + row };
                        let mut fields: Vec<&str> = rows[row].trim_end().split(',').collect();
                        fields[1] = "not a time";
                        rows[row] = format!("{}\n", fields.join(","));
                    },
                    true,
                    false,
                );
                assert!(!in_parts, "{name}");
                assert!(
                    matches!(&outputs[..], [error] if error.contains("cannot read \"not a time\"")),
                    "{name}: {outputs:?}"
                );
            }
        }

        #[test]
        fn rows_rejected_in_the_second_part_keep_their_lines() {
            assert!(one_and_two_threads(
                "rejected",
                "beautiful-neighborhoods",
                "hotline",
                |rows, cut| {
                    for row in [100, cut + 5, cut + HEAD_ROWS + 100, rows.len() - 1] {
                        let mut fields: Vec<&str> = rows[row].trim_end().split(',').collect();
                        fields[1] = "not a time";
                        rows[row] = format!("{}\n", fields.join(","));
                    }
                }
            ));
        }
    }
}
