//! Work split over the machine's cores with scoped threads, results in input order, so that
//! the outcome never depends on the number of cores or on scheduling.

pub(crate) mod lanes;
pub(crate) mod split;

use std::panic::resume_unwind;
use std::thread;

/// How many threads to use: the cores available, at least one.
pub(crate) fn threads() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `a` and `b`, on two threads when there are two cores.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if threads() < 2 {
        return (a(), b());
    }
    thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        (a, b.join().unwrap_or_else(|panic| resume_unwind(panic)))
    })
}

/// `items.iter().map(f).collect()`, in contiguous chunks, one per core.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order() {
        let items: Vec<u32> = (0..1001).collect();
        assert_eq!(
            map(&items, |n| n * 2),
            items.iter().map(|n| n * 2).collect::<Vec<_>>()
        );
        assert_eq!(map(&[] as &[u32], |n| *n), Vec::<u32>::new());
        assert_eq!(join(|| 1, || "b"), (1, "b"));
    }
}
