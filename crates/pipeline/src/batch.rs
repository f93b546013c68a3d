//! An ordered, bounded worker pool: analyze a stream of articles on several threads and get
//! the results back in input order.
//!
//! Used by `readout analyze -j`, `readout ingest -j` and the Python `analyze_many`. The
//! calling thread reads the items (the input iterator need not be `Send`: [`crate::ingest::Articles`]
//! holds boxed readers), hands them to `threads` workers and passes each result to `emit` in
//! the order the items were read. At most `WINDOW_PER_THREAD × threads` items are in flight
//! (read but not yet emitted), so memory stays bounded however long the input is, and a slow
//! article holds back only the results behind it, not the reading of the next ones beyond
//! that window.
//!
//! With one thread nothing is spawned: items are worked and emitted one by one on the calling
//! thread, which is what makes `-j 1` the reference that `-j N` output must equal.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Items in flight per worker: enough that a worker finishing early finds the next item
/// queued, few enough that memory stays a small multiple of one article's.
const WINDOW_PER_THREAD: usize = 4;

/// A worker panicked on one item (a bug, not bad input): the message of the panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerPanic(pub String);

impl std::fmt::Display for WorkerPanic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the analysis of one article panicked ({}); this is a bug in readout, please report it with the article",
            self.0
        )
    }
}

impl std::error::Error for WorkerPanic {}

/// Number of threads to use when none is asked for: every core the process may use.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> WorkerPanic {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    WorkerPanic(text)
}

/// Run `work` on every item on `threads` threads (0 means [`default_threads`]) and call `emit`
/// with the results in input order. A panic in `work` becomes that item's `Err(WorkerPanic)`.
/// `emit` returning `Err` stops the pool: no further item is read, the workers finish the item
/// they hold, and the error is returned.
pub fn map_ordered<T, R, E>(
    items: impl IntoIterator<Item = T>,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
    mut emit: impl FnMut(Result<R, WorkerPanic>) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    let threads = if threads == 0 {
        default_threads()
    } else {
        threads
    };
    let run = |item: T| catch_unwind(AssertUnwindSafe(|| work(item))).map_err(panic_message);
    if threads == 1 {
        for item in items {
            emit(run(item))?;
        }
        return Ok(());
    }
    let window = WINDOW_PER_THREAD * threads;
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = mpsc::channel::<(usize, T)>();
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (done_tx, done_rx) = mpsc::channel::<(usize, Result<R, WorkerPanic>)>();
        for _ in 0..threads {
            let job_rx = Arc::clone(&job_rx);
            let done_tx = done_tx.clone();
            let run = &run;
            scope.spawn(move || loop {
                // Hold the lock only to take a job, not while working on it.
                let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((seq, item)) = job else { break };
                if done_tx.send((seq, run(item))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut items = items.into_iter();
        let mut read = 0usize; // items handed to the workers
        let mut emitted = 0usize; // results passed to `emit`
        let mut exhausted = false;
        // Results that came back ahead of their turn: slot i holds item `emitted + i`.
        let mut pending: VecDeque<Option<Result<R, WorkerPanic>>> = VecDeque::new();
        loop {
            while !exhausted && read - emitted < window {
                match items.next() {
                    Some(item) => {
                        // The workers outlive this loop, so the send cannot fail.
                        let _ = job_tx.send((read, item));
                        read += 1;
                    }
                    None => exhausted = true,
                }
            }
            if let Some(Some(_)) = pending.front() {
                let result = pending.pop_front().flatten().expect("checked above");
                emitted += 1;
                emit(result)?; // dropping job_tx on return stops the workers
                continue;
            }
            if emitted == read {
                return Ok(());
            }
            match done_rx.recv() {
                Ok((seq, result)) => {
                    let slot = seq - emitted;
                    if pending.len() <= slot {
                        pending.resize_with(slot + 1, || None);
                    }
                    pending[slot] = Some(result);
                }
                Err(_) => {
                    // Every worker is gone with items outstanding: only a panic outside
                    // `work` (none is expected) can do that. Report it rather than hang.
                    emit(Err(WorkerPanic("a worker thread stopped".to_string())))?;
                    return Ok(());
                }
            }
        }
    })
}

/// Analyze every article on `threads` threads and pass each document, turned into `R` by
/// `render` (on the workers: serializing is part of the work), to `emit` in input order. An
/// article that cannot be read, analyzed or rendered goes to `failed` with its message and the
/// batch goes on; a worker's panic stops it (`Err`), as does `emit` returning `Err`.
pub fn analyze_ordered<R: Send, E: From<WorkerPanic>>(
    articles: impl IntoIterator<Item = crate::Result<crate::ingest::Article>>,
    analyzer: &crate::Analyzer,
    threads: usize,
    render: impl Fn(readout_core::Document) -> Result<R, String> + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
    mut failed: impl FnMut(String),
) -> Result<(), E> {
    if threads != 1 {
        // With several threads the models load side by side, not one after the other while
        // every worker waits; `-j 1` stays the one-core reference.
        analyzer.preload();
    }
    map_ordered(
        articles,
        threads,
        |item| match item.and_then(|article| analyzer.analyze(article)) {
            Ok(doc) => render(doc),
            Err(err) => Err(err.to_string()),
        },
        |result| match result? {
            Ok(rendered) => emit(rendered),
            Err(message) => {
                failed(message);
                Ok(())
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(n: usize, threads: usize, work: impl Fn(usize) -> usize + Sync) -> Vec<usize> {
        let mut out = Vec::new();
        map_ordered(0..n, threads, work, |r| {
            out.push(r.unwrap());
            Ok::<_, ()>(())
        })
        .unwrap();
        out
    }

    #[test]
    fn results_come_back_in_input_order_whatever_the_thread_count() {
        // Uneven work so that later items finish before earlier ones.
        let work = |i: usize| {
            std::thread::sleep(std::time::Duration::from_micros(
                ((i * 7919) % 13) as u64 * 50,
            ));
            i * i
        };
        let expected: Vec<usize> = (0..300).map(|i| i * i).collect();
        for threads in [1, 2, 3, 8] {
            assert_eq!(collect(300, threads, work), expected, "threads {threads}");
        }
    }

    #[test]
    fn at_most_the_window_is_in_flight() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let read = AtomicUsize::new(0);
        let max_ahead = AtomicUsize::new(0);
        let emitted = AtomicUsize::new(0);
        let items = (0..500).inspect(|_| {
            let r = read.fetch_add(1, Ordering::SeqCst) + 1;
            let ahead = r - emitted.load(Ordering::SeqCst);
            max_ahead.fetch_max(ahead, Ordering::SeqCst);
        });
        map_ordered(
            items,
            3,
            |i: usize| i,
            |_| {
                emitted.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(())
            },
        )
        .unwrap();
        assert_eq!(emitted.load(Ordering::SeqCst), 500);
        assert!(max_ahead.load(Ordering::SeqCst) <= WINDOW_PER_THREAD * 3);
    }

    #[test]
    fn a_panic_is_that_items_error_and_the_rest_go_on() {
        let mut out = Vec::new();
        map_ordered(
            0..20usize,
            2,
            |i| {
                if i == 7 {
                    panic!("item seven");
                }
                i
            },
            |r| {
                out.push(r.map_err(|e| e.0));
                Ok::<_, ()>(())
            },
        )
        .unwrap();
        assert_eq!(out.len(), 20);
        assert_eq!(out[7], Err("item seven".to_string()));
        assert_eq!(out[8], Ok(8));
    }

    #[test]
    fn an_emit_error_stops_reading() {
        let mut seen = 0;
        let result = map_ordered(
            0..1_000_000usize,
            2,
            |i| i,
            |r| {
                seen += 1;
                if r.unwrap() == 10 {
                    Err("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("stop"));
        assert_eq!(seen, 11);
    }
}
