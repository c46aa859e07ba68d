//! Work split over the machine's cores with scoped threads, results in input order, so that
//! the outcome never depends on the number of cores or on scheduling.

use std::panic::resume_unwind;
use std::thread;

/// How many threads a run's parallel steps may use (reading files, resolving, scoring,
/// building boards): the `threads` option (of the pipeline's `Options`), or the cores available. At
/// least one; the outcome is the same for any number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Threads(usize);

impl Threads {
    /// The cores available, at least one.
    pub(crate) fn available() -> Threads {
        Threads(thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// `count` threads, at least one.
    pub(crate) fn new(count: usize) -> Threads {
        // A browser's WebAssembly has no threads (spawning one panics): one lane there.
        #[cfg(target_arch = "wasm32")]
        let count = count.min(1);
        Threads(count.max(1))
    }

    /// How many.
    pub(crate) fn count(self) -> usize {
        self.0
    }

    /// Runs `a` and `b`, on two threads when there may be two.
    pub(crate) fn join<A: Send, B: Send>(
        self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        if self.0 < 2 {
            return (a(), b());
        }
        thread::scope(|scope| {
            let b = scope.spawn(b);
            let a = a();
            (a, b.join().unwrap_or_else(|panic| resume_unwind(panic)))
        })
    }

    /// `items.iter().map(f).collect()`, in contiguous chunks, one per thread.
    pub(crate) fn map<T: Sync, R: Send>(self, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        let threads = self.0.min(items.len());
        if threads < 2 {
            return items.iter().map(f).collect();
        }
        let chunk = items.len().div_ceil(threads);
        let f = &f;
        thread::scope(|scope| {
            let handles: Vec<_> = items
                .chunks(chunk)
                .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| handle.join().unwrap_or_else(|panic| resume_unwind(panic)))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_on_any_number_of_threads() {
        let items: Vec<u32> = (0..1001).collect();
        for threads in [
            Threads::new(0),
            Threads::new(1),
            Threads::new(3),
            Threads::available(),
        ] {
            assert!(threads.count() >= 1);
            assert_eq!(
                threads.map(&items, |n| n * 2),
                items.iter().map(|n| n * 2).collect::<Vec<_>>()
            );
            assert_eq!(threads.map(&[] as &[u32], |n| *n), Vec::<u32>::new());
            assert_eq!(threads.join(|| 1, || "b"), (1, "b"));
        }
    }

    #[test]
    fn one_thread_runs_everything_on_the_caller() {
        let caller = thread::current().id();
        let ids = Threads::new(1).map(&[1, 2, 3], |_| thread::current().id());
        assert!(ids.iter().all(|id| *id == caller));
        let (a, b) = Threads::new(1).join(|| thread::current().id(), || thread::current().id());
        assert_eq!((a, b), (caller, caller));
    }
}
