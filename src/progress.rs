//! How far a run has come, reported through a callback the caller sets with the `progress`
//! option (of the pipeline's `Options`): first its reading (records are placed as they are
//! read), then its ranking, board by board. The library never draws anything itself.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How far a run has come: `done` of `total` in its current [`Stage`].
///
/// While [`Stage::Reading`], in bytes of the run's source files: a CSV file counts as its rows
/// are read, a workbook as its sheet's rows are (its share of the rows its sheet declares,
/// times the file's size); every file counts whole once read. `done` never decreases and
/// reaches `total` when every file is read. While [`Stage::Ranking`], in boards: each is
/// counted once scored, ranked and analysed (its robustness, an explanation, when asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// What the run is doing.
    pub stage: Stage,
    /// Bytes read, or boards made, so far.
    pub done: u64,
    /// Bytes of all the files being read, or boards to make.
    pub total: u64,
}

/// What a run is doing, in the order it does it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Stage {
    /// Reading the source files, and placing each record as it is read.
    Reading,
    /// Scoring, ranking and analysing the boards, one after another.
    Ranking,
}

/// The callback a caller set, and the counts of the current run.
#[derive(Clone)]
pub(crate) struct ProgressSink {
    report: Arc<dyn Fn(Progress) + Send + Sync>,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
}

impl fmt::Debug for ProgressSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProgressSink")
            .field("done", &self.done)
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl ProgressSink {
    pub(crate) fn new(report: impl Fn(Progress) + Send + Sync + 'static) -> ProgressSink {
        ProgressSink {
            report: Arc::new(report),
            done: Arc::new(AtomicU64::new(0)),
            total: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The same callback with counts of its own, for a new run.
    pub(crate) fn fresh(&self) -> ProgressSink {
        ProgressSink {
            report: Arc::clone(&self.report),
            done: Arc::new(AtomicU64::new(0)),
            total: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Adds `bytes` to read to the total.
    pub(crate) fn add_total(&self, bytes: u64) {
        self.total.fetch_add(bytes, Ordering::Relaxed);
        self.report();
    }

    /// Counts every file as read: the reading is over.
    pub(crate) fn finish_all(&self) {
        let total = self.total.load(Ordering::Relaxed);
        if self.done.fetch_max(total, Ordering::Relaxed) < total {
            self.report();
        }
    }

    /// The progress of one file of `size` bytes.
    pub(crate) fn file(&self, size: u64) -> FileProgress {
        FileProgress {
            sink: self.clone(),
            size,
            counted: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Reports that `done` of the run's `total` boards are made.
    pub(crate) fn boards_made(&self, done: usize, total: usize) {
        (self.report)(Progress {
            stage: Stage::Ranking,
            done: done as u64,
            total: total as u64,
        });
    }

    fn report(&self) {
        (self.report)(Progress {
            stage: Stage::Reading,
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        });
    }
}

/// One file's part of a run's progress.
#[derive(Clone, Debug)]
pub(crate) struct FileProgress {
    sink: ProgressSink,
    size: u64,
    /// Bytes of the file counted so far.
    counted: Arc<AtomicU64>,
}

impl FileProgress {
    /// Counts the file as read up to byte `bytes` (at most its size); reports when that is
    /// further than before.
    pub(crate) fn advance_to(&self, bytes: u64) {
        let bytes = bytes.min(self.size);
        let before = self.counted.fetch_max(bytes, Ordering::Relaxed);
        if bytes > before {
            self.sink.done.fetch_add(bytes - before, Ordering::Relaxed);
            self.sink.report();
        }
    }

    /// Counts the whole file.
    pub(crate) fn finish(&self) {
        self.advance_to(self.size);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn progress_only_grows_and_ends_at_the_total() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&seen);
        let sink = ProgressSink::new(move |progress| into.lock().unwrap().push(progress));
        sink.add_total(100);
        let file = sink.file(100);
        file.advance_to(40);
        file.advance_to(30);
        file.advance_to(400);
        file.finish();
        let seen = seen.lock().unwrap();
        let done: Vec<u64> = seen.iter().map(|progress| progress.done).collect();
        assert_eq!(done, [0, 40, 100]);
        assert!(seen.iter().all(|progress| progress.total == 100));
        assert!(seen.iter().all(|progress| progress.stage == Stage::Reading));
    }

    #[test]
    fn ranking_follows_reading_in_boards() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = Arc::clone(&seen);
        let sink = ProgressSink::new(move |progress| into.lock().unwrap().push(progress));
        sink.add_total(10);
        sink.finish_all();
        sink.boards_made(0, 2);
        sink.boards_made(1, 2);
        let seen = seen.lock().unwrap();
        let stages: Vec<(Stage, u64, u64)> = seen
            .iter()
            .map(|progress| (progress.stage, progress.done, progress.total))
            .collect();
        assert_eq!(
            stages,
            [
                (Stage::Reading, 0, 10),
                (Stage::Reading, 10, 10),
                (Stage::Ranking, 0, 2),
                (Stage::Ranking, 1, 2)
            ]
        );
    }
}
