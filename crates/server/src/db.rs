//! A small pool of store connections, used from blocking tasks.
//!
//! `Store` wraps one SQLite connection: `Send`, not `Sync`. Requests take an idle connection
//! (or open one; opening costs well under a millisecond) on a blocking thread, use it, and put
//! it back. WAL mode lets reads run beside the one writer. An in-memory store cannot be
//! reopened, so it is one connection behind a lock.
//!
//! Every task has a deadline ([`DEFAULT_DEADLINE`]): past it, the query is interrupted and
//! the request answered 503. A task whose request is dropped (the client went away) is
//! interrupted too, and so is every running task when the server shuts down
//! ([`Db::close`]): no query outlives the request that asked for it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use readout_store::{InterruptHandle, Store, StoreError};

use crate::error::ApiError;

/// Most idle connections kept.
const MAX_IDLE: usize = 32;

/// Most database tasks running at once: enough to keep every core busy while some wait on
/// I/O, few enough that connections are reused rather than opened per request.
fn max_running() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (cores * 4).clamp(4, MAX_IDLE)
}

/// Longest a database task may run by default: far above any query of an ordinary store
/// (milliseconds), short enough that a pathological one cannot hold a core for long.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

/// Where requests get their store connection.
#[derive(Debug, Clone)]
pub struct Db {
    inner: Arc<Inner>,
    running: Arc<tokio::sync::Semaphore>,
    deadline: Duration,
    /// Set (to `true`) when the server shuts down: running tasks are interrupted.
    closing: Arc<tokio::sync::watch::Sender<bool>>,
}

/// How one task's query is stopped from outside its thread: the connection's interrupt
/// handle while the task runs, and a flag for a stop that comes before it starts.
#[derive(Debug, Default)]
struct Stopper {
    handle: Mutex<Option<InterruptHandle>>,
    stopped: AtomicBool,
}

impl Stopper {
    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        if let Some(h) = &*self.handle.lock().unwrap_or_else(|p| p.into_inner()) {
            h.interrupt();
        }
    }

    /// Run `f` on `store`, stoppable by [`Stopper::stop`] while it runs.
    fn run<T>(
        &self,
        store: &mut Store,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        *self.handle.lock().unwrap_or_else(|p| p.into_inner()) = Some(store.interrupt_handle());
        let result = if self.stopped.load(Ordering::SeqCst) {
            Err(StoreError::InvalidArgument {
                what: "request",
                message: "it was cancelled before its query started".into(),
            })
        } else {
            f(store)
        };
        // Cleared under the lock: no interrupt can reach the connection's next user.
        *self.handle.lock().unwrap_or_else(|p| p.into_inner()) = None;
        result
    }
}

/// Stops the task when dropped before [`StopOnDrop::disarm`]: the request's future was
/// dropped, so nobody waits for the answer.
struct StopOnDrop(Option<Arc<Stopper>>);

impl StopOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        if let Some(s) = self.0.take() {
            s.stop();
        }
    }
}

#[derive(Debug)]
enum Inner {
    File {
        path: PathBuf,
        idle: Mutex<Vec<Store>>,
    },
    Single(Mutex<Store>),
}

impl Db {
    /// A pool over the database file at `path`, created (and migrated) if needed.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
        let first = Store::open(path)?;
        Ok(Db {
            inner: Arc::new(Inner::File {
                path: path.to_path_buf(),
                idle: Mutex::new(vec![first]),
            }),
            running: Arc::new(tokio::sync::Semaphore::new(max_running())),
            deadline: DEFAULT_DEADLINE,
            closing: Arc::new(tokio::sync::watch::channel(false).0),
        })
    }

    /// The same pool with another task deadline.
    pub fn with_deadline(mut self, deadline: Duration) -> Db {
        self.deadline = deadline;
        self
    }

    /// Interrupt every running task and refuse new ones (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// One shared connection (for in-memory stores in tests).
    pub fn single(store: Store) -> Db {
        Db {
            inner: Arc::new(Inner::Single(Mutex::new(store))),
            running: Arc::new(tokio::sync::Semaphore::new(max_running())),
            deadline: DEFAULT_DEADLINE,
            closing: Arc::new(tokio::sync::watch::channel(false).0),
        }
    }

    /// Run `f` with a connection on a blocking thread, within the deadline.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let mut closing = self.closing.subscribe();
        if *closing.borrow() {
            return Err(shutting_down());
        }
        let inner = Arc::clone(&self.inner);
        let permit = Arc::clone(&self.running)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the database pool is closed; restart the server"))?;
        let stopper = Arc::new(Stopper::default());
        let guard = StopOnDrop(Some(Arc::clone(&stopper)));
        let task = Arc::clone(&stopper);
        let joined = tokio::task::spawn_blocking(move || -> Result<T, StoreError> {
            let _permit = permit;
            match &*inner {
                Inner::Single(lock) => {
                    let mut store = lock.lock().unwrap_or_else(|p| p.into_inner());
                    task.run(&mut store, f)
                }
                Inner::File { path, idle } => {
                    let taken = idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
                    let mut store = match taken {
                        Some(s) => s,
                        None => Store::open(path)?,
                    };
                    let result = task.run(&mut store, f);
                    let mut idle = idle.lock().unwrap_or_else(|p| p.into_inner());
                    if idle.len() < MAX_IDLE {
                        idle.push(store);
                    }
                    result
                }
            }
        });
        let outcome = tokio::select! {
            joined = joined => Some(joined),
            _ = tokio::time::sleep(self.deadline) => None,
            _ = closing.wait_for(|c| *c) => {
                stopper.stop();
                guard.disarm();
                return Err(shutting_down());
            }
        };
        guard.disarm();
        let Some(joined) = outcome else {
            stopper.stop();
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                format!(
                    "the query ran longer than {} s and was stopped; narrow it (fewer or rarer words, a smaller page)",
                    self.deadline.as_secs_f64()
                ),
            ));
        };
        match joined {
            Ok(result) => result.map_err(ApiError::from),
            Err(e) => Err(ApiError::internal(format!(
                "a database task failed ({e}); retry, and report it if it happens again"
            ))),
        }
    }
}

fn shutting_down() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "shutting_down",
        "the server is shutting down; retry in a moment",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn slow_task(store: &mut Store) -> Result<(), StoreError> {
        let _ = store.path();
        std::thread::sleep(Duration::from_secs(3));
        Ok(())
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_task_past_its_deadline_is_answered_503() {
        let db =
            Db::single(Store::open_in_memory().unwrap()).with_deadline(Duration::from_millis(50));
        let started = Instant::now();
        let err = db.run(slow_task).await.unwrap_err();
        assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(err.code, "timeout");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn closing_ends_running_tasks_and_refuses_new_ones() {
        let db = Db::single(Store::open_in_memory().unwrap());
        let running = tokio::spawn({
            let db = db.clone();
            async move { db.run(slow_task).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = Instant::now();
        db.close();
        let err = running.await.unwrap().unwrap_err();
        assert_eq!(err.code, "shutting_down");
        assert!(started.elapsed() < Duration::from_secs(2));
        let err = db.run(|_| Ok(())).await.unwrap_err();
        assert_eq!(err.code, "shutting_down");
    }

    #[test]
    fn a_dropped_request_stops_its_task() {
        let stopper = Arc::new(Stopper::default());
        drop(StopOnDrop(Some(Arc::clone(&stopper))));
        let mut store = Store::open_in_memory().unwrap();
        let result = stopper.run(&mut store, |_| -> Result<(), StoreError> {
            panic!("the task ran after its request was dropped")
        });
        assert!(result.is_err());
        // A disarmed guard stops nothing.
        let fresh = Arc::new(Stopper::default());
        StopOnDrop(Some(Arc::clone(&fresh))).disarm();
        assert!(fresh.run(&mut store, |_| Ok(())).is_ok());
    }
}
