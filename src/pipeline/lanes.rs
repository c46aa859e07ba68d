//! The lanes that read source files side by side: each thread takes the biggest file left
//! from one queue, and the first thread out of files takes the rest of the biggest file that
//! its thread offers (see [`split`](super::split)). Results come back with each file's place
//! among the sources asked for, so that the outcome, and the first error, never depend on the
//! number of threads or on timing.

use crate::read::files::File;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::Sender;

use super::Shared;
use super::split::{FirstPart, Handover, MIN_SPLIT_BYTES, Offer};
use super::state::{SourceReader, SourceState};
use crate::error::Result;
use crate::read::csv::CsvInput;

/// Reads the files of `jobs` into their sources' states on `shared.threads` threads.
pub(crate) fn read_files(
    shared: &Shared<'_>,
    sources: &mut [SourceState],
    mut jobs: Vec<Job>,
) -> Vec<Done> {
    // The biggest files first.
    jobs.sort_by(|a, b| b.size.cmp(&a.size).then(a.order.cmp(&b.order)));
    let mut states: Vec<Option<&mut SourceState>> = sources.iter_mut().map(Some).collect();
    let files: Vec<(&mut SourceState, Job)> = jobs
        .into_iter()
        .filter_map(|job| Some((states.get_mut(job.index)?.take()?, job)))
        .collect();
    // The biggest file's rest is offered to the first thread out of files (see `split`).
    let made = files.first().and_then(|(state, job)| {
        let (csv, path) = offered(shared, state, job)?;
        Some((csv, Offer::new(state, path)))
    });
    let (offer, opened) = match made {
        Some((csv, (offer, handover))) => (Some(offer), Some((csv, handover))),
        None => (None, None),
    };
    let offer = offer.as_ref();
    let mut tasks = Vec::with_capacity(files.len());
    let mut files = files.into_iter();
    if let (Some(offer), Some((csv, handover))) = (offer, opened)
        && let Some((state, job)) = files.next()
    {
        tasks.push(Task::Offered(state, job, Box::new(csv), offer, handover));
    }
    tasks.extend(files.map(|(state, job)| Task::Whole(state, job)));
    // Each thread takes the biggest file left, then the offer.
    tasks.reverse();
    let queue = &Mutex::new(tasks);
    if shared.threads.count() <= 1 {
        read_lane(shared, queue, offer)
    } else {
        // The run's threads read from its provider of files, as the caller's thread does.
        let files = &crate::read::files::current();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..shared.threads.count())
                .map(|_| {
                    scope.spawn(move || {
                        crate::read::files::within(files.clone(), || {
                            read_lane(shared, queue, offer)
                        })
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    }
}

/// A file to read.
pub(crate) struct Job {
    /// Its position among the sources asked for.
    pub(crate) order: usize,
    /// The source's position in the spec.
    pub(crate) index: usize,
    /// The source's files, in the order to read them (one, most often).
    pub(crate) paths: Vec<PathBuf>,
    /// Their bytes.
    pub(crate) size: u64,
}

/// What a thread reads.
enum Task<'s> {
    /// A whole file.
    Whole(&'s mut SourceState, Job),
    /// The biggest file, opened, its rest offered to the first thread out of files, with the
    /// sending end of the offer's handover.
    Offered(
        &'s mut SourceState,
        Job,
        Box<CsvInput<File>>,
        &'s Offer,
        Sender<Handover>,
    ),
}

impl Task<'_> {
    /// Reads the task's file.
    fn run(self, shared: &Shared<'_>) -> Done {
        match self {
            Task::Whole(state, job) => Done::Whole(
                job.order,
                SourceReader { shared, state }.read_files(&job.paths),
            ),
            Task::Offered(state, job, csv, offer, handover) => {
                let index = state.index;
                let path = job.paths.into_iter().next().unwrap_or_default();
                let part = SourceReader { shared, state }.read_first_part(
                    (path, job.size),
                    *csv,
                    offer,
                    handover,
                );
                Done::First(job.order, index, part.map(Box::new))
            }
        }
    }
}

/// What became of a task.
pub(crate) enum Done {
    /// A whole file: the job's order and the outcome.
    Whole(usize, Result<()>),
    /// The first part: the job's order, the source, the part to join.
    First(usize, usize, Result<Box<FirstPart>>),
    /// The second part.
    Second(Result<Box<SourceState>>),
}

/// Reads files from `queue` until none is left, then takes `offer` if no other thread has.
fn read_lane<'s>(
    shared: &Shared<'_>,
    queue: &Mutex<Vec<Task<'s>>>,
    offer: Option<&Offer>,
) -> Vec<Done> {
    let mut done = Vec::new();
    while let Some(task) = queue.lock().ok().and_then(|mut queue| queue.pop()) {
        done.push(task.run(shared));
    }
    if let Some(second) = offer.and_then(|offer| offer.take(shared)) {
        done.push(Done::Second(second.map(Box::new)));
    }
    done
}

/// `job`'s file, opened, with its path, when its rest can be offered to another thread: a raw
/// source's only file, of at least [`split::MIN_SPLIT_BYTES`], with two threads or more to read
/// it. (The files of a source of several are read one after the other, never cut: each
/// file's repeats are settled against the earlier files'.)
fn offered(
    shared: &Shared<'_>,
    state: &SourceState,
    job: &Job,
) -> Option<(CsvInput<File>, PathBuf)> {
    let [path] = job.paths.as_slice() else {
        return None;
    };
    // A workbook's sheet is read as one stream, never cut.
    #[cfg(feature = "spreadsheet")]
    if crate::source::sheet::Format::of(path).is_some() {
        return None;
    }
    if shared.threads.count() < 2
        || state.plan().is_none()
        || job.size < MIN_SPLIT_BYTES
        || shared.trace.is_some()
    {
        return None;
    }
    // Errors opening the file are met again, and reported, when it is read whole.
    let source = &shared.spec.sources[state.index];
    let csv = CsvInput::open_found(path, source.encoding, &source.header_search()).ok()?;
    Some((csv, path.clone()))
}
