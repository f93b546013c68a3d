//! A small pool of store connections, used from blocking tasks.
//!
//! `Store` wraps one SQLite connection: `Send`, not `Sync`. Requests take an idle connection
//! (or open one; opening costs well under a millisecond) on a blocking thread, use it, and put
//! it back. WAL mode lets reads run beside the one writer. An in-memory store cannot be
//! reopened, so it is one connection behind a lock.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use readout_store::{Store, StoreError};

use crate::error::ApiError;

/// Most idle connections kept.
const MAX_IDLE: usize = 32;

/// Most database tasks running at once: enough to keep every core busy while some wait on
/// I/O, few enough that connections are reused rather than opened per request.
fn max_running() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (cores * 4).clamp(4, MAX_IDLE)
}

/// Where requests get their store connection.
#[derive(Debug, Clone)]
pub struct Db {
    inner: Arc<Inner>,
    running: Arc<tokio::sync::Semaphore>,
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
        })
    }

    /// One shared connection (for in-memory stores in tests).
    pub fn single(store: Store) -> Db {
        Db {
            inner: Arc::new(Inner::Single(Mutex::new(store))),
            running: Arc::new(tokio::sync::Semaphore::new(max_running())),
        }
    }

    /// Run `f` with a connection on a blocking thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        let permit = Arc::clone(&self.running)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the database pool is closed; restart the server"))?;
        let joined = tokio::task::spawn_blocking(move || -> Result<T, StoreError> {
            match &*inner {
                Inner::Single(lock) => {
                    let mut store = lock.lock().unwrap_or_else(|p| p.into_inner());
                    f(&mut store)
                }
                Inner::File { path, idle } => {
                    let taken = idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
                    let mut store = match taken {
                        Some(s) => s,
                        None => Store::open(path)?,
                    };
                    let result = f(&mut store);
                    let mut idle = idle.lock().unwrap_or_else(|p| p.into_inner());
                    if idle.len() < MAX_IDLE {
                        idle.push(store);
                    }
                    result
                }
            }
        })
        .await;
        drop(permit);
        match joined {
            Ok(result) => result.map_err(ApiError::from),
            Err(e) => Err(ApiError::internal(format!(
                "a database task failed ({e}); retry, and report it if it happens again"
            ))),
        }
    }
}
