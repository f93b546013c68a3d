//! # readout-store: analyzed articles in one SQLite file
//!
//! A [`Store`] keeps the records that `readout analyze` produces ([`Document`]s) in a single
//! SQLite file, with:
//!
//! * **idempotent writes**: an article is keyed by its content hash and document id; storing
//!   it again with the same model version is a no-op ([`PutStatus::Unchanged`]); with another
//!   model version its annotations are replaced in one transaction ([`PutStatus::Replaced`]);
//! * **crash safety**: every [`Store::put_document`] is one transaction; when it returns
//!   `Ok`, the article survives a crash of the process (`kill -9`). The database runs in WAL
//!   mode with `synchronous = NORMAL`: a power loss may lose the last few commits, never
//!   corrupt the file;
//! * **full-text search** (FTS5, bm25 ranking, snippets) over article titles and text, and
//!   over quotes;
//! * **cross-document entities**: each document's entities (`e1`, `e2`…) are linked to global
//!   entities. Merging is conservative: people merge only on the same full name (case and
//!   diacritics folded, two words or more), other types on the same knowledge-base code or
//!   name; a bare surname never merges across documents (see [`names::merge_keys`]);
//! * **queries** for entities, events, quotes and statistics, all returning serializable
//!   values for the HTTP API.
//!
//! ## Schema migrations
//!
//! The schema is a list of migrations ([`schema::MIGRATIONS`]); `PRAGMA user_version` counts
//! those applied. [`Store::open`] applies the missing ones; a database from a newer readout is
//! refused with a message.
//!
//! ## Threads and processes
//!
//! A [`Store`] wraps one `rusqlite::Connection`, which is `Send` but not `Sync`: use one
//! `Store` per thread (for a server: one per worker thread, or a small pool, or open one per
//! request with [`Store::open_read_only`] — opening costs well under a millisecond). WAL mode
//! lets any number of readers, in this process or others, run beside one writer; readers see
//! the last committed state. Only one writer at a time: a second one waits up to 10 s for the
//! lock, then fails with [`StoreError::Busy`].
//!
//! ```
//! use readout_core::Document;
//! use readout_store::{PutStatus, Store};
//!
//! let mut store = Store::open_in_memory().unwrap();
//! let mut doc = Document::from_normalized("a1", "Ferry talks resume in Port Vell.".into());
//! doc.content_hash = "0123".into();
//! assert_eq!(store.put_document(&doc, "v1").unwrap().status, PutStatus::Inserted);
//! assert_eq!(store.put_document(&doc, "v1").unwrap().status, PutStatus::Unchanged);
//! assert_eq!(store.put_document(&doc, "v2").unwrap().status, PutStatus::Replaced);
//! let hits = store.search("ferry", 10, 0).unwrap();
//! assert_eq!(hits[0].doc_id, "a1");
//! ```
#![deny(missing_docs)]

mod error;
mod export;
pub mod gdelt;
mod handoff;
pub mod ingest;
pub mod names;
#[cfg(feature = "parquet")]
pub mod parquet;
mod read;
pub mod schema;
mod stories;
pub mod story_events;
pub mod tables;
pub mod views;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use readout_core::{Document, EntityType, Event, MentionKind, Quote};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

pub use error::{Result, StoreError};
pub use ingest::{
    Analyzed, Ingest, IngestError, IngestOptions, IngestSink, IngestSummary, Progress,
    WriterStopped,
};
pub use read::{fts_query, StoredKeys, MAX_QUERY_BYTES, MAX_QUERY_TERMS};
pub use stories::{story_summary, StoredStory, StoryMember, StoryRecord, StoryUpdate};
pub use story_events::{StoryEvent, StoryEventReport};
pub use write::Batch;

use error::Context;

/// The embedded store: one SQLite database file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// What [`Store::put_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PutOutcome {
    /// The stored article's id.
    pub article_id: i64,
    /// Inserted, unchanged or replaced.
    pub status: PutStatus,
}

/// Whether a stored article was new, already there, or re-annotated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PutStatus {
    /// A new article.
    Inserted,
    /// Same content, same document id, same model version: nothing written.
    Unchanged,
    /// Same content and document id, another model version: annotations replaced.
    Replaced,
}

impl PutStatus {
    /// `inserted`, `unchanged` or `replaced`.
    pub fn as_str(self) -> &'static str {
        match self {
            PutStatus::Inserted => "inserted",
            PutStatus::Unchanged => "unchanged",
            PutStatus::Replaced => "replaced",
        }
    }
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// The article.
    pub article_id: i64,
    /// Its document id.
    pub doc_id: String,
    /// Its title, when known.
    pub title: Option<String>,
    /// Its publication date, when known.
    pub published: Option<String>,
    /// The best-matching passage on one line, matched words in `[` `]`.
    pub snippet: String,
    /// Relevance: the negated bm25 score (higher is better; title matches weigh 4×).
    pub score: f64,
}

/// One full-text search result among quotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteHit {
    /// The quote.
    pub quote_id: i64,
    /// The article it is in.
    pub article_id: i64,
    /// That article's document id.
    pub doc_id: String,
    /// The speaker as written, when stated.
    pub speaker_text: Option<String>,
    /// The speaker's global entity, when resolved.
    pub speaker_id: Option<i64>,
    /// Span of the quote in the article text.
    pub start: usize,
    /// End of that span.
    pub end: usize,
    /// The matching passage, matched words in `[` `]`.
    pub snippet: String,
    /// Relevance: the negated bm25 score (higher is better).
    pub score: f64,
}

/// A stored article: its record as analyzed, and where it is in the store.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// The article's id in the store.
    pub article_id: i64,
    /// The model version it was analyzed with.
    pub model_version: String,
    /// When it was (last) stored, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub ingested_at: String,
    /// The record.
    pub document: Document,
}

/// Which global entity a document's entity (`e1`…) belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocEntityLink {
    /// The entity's id within the document.
    pub local_id: String,
    /// The global entity id.
    pub entity_id: i64,
}

/// A global entity, briefly (for lists of matches).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    /// The global entity id.
    pub entity_id: i64,
    /// Its name (the first full form stored).
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Knowledge-base code, when known.
    pub kb: Option<String>,
    /// Number of articles that mention it.
    pub articles: i64,
    /// Number of mentions across them.
    pub mentions: i64,
}

/// A global entity with everything the store knows about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRecord {
    /// The global entity id.
    pub entity_id: i64,
    /// Its name (the first full form stored).
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Knowledge-base code, when known.
    pub kb: Option<String>,
    /// Every surface form seen, in any article.
    pub aliases: Vec<String>,
    /// Country or organisation it belongs to (the latest stated).
    pub affiliation: Option<String>,
    /// Role or title (the latest stated).
    pub role: Option<String>,
    /// Its mentions, article by article.
    pub mentions: Vec<ArticleMentions>,
    /// Events it took part in and quotes it gave, by date.
    pub timeline: Vec<TimelineItem>,
}

/// The mentions of a global entity in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleMentions {
    /// The article.
    pub article_id: i64,
    /// Its document id.
    pub doc_id: String,
    /// Its title.
    pub title: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// The entity's id within that document (`e1`…).
    pub local_id: String,
    /// Every mention, in text order.
    pub spans: Vec<MentionSpan>,
}

/// One mention: a byte span of the article text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionSpan {
    /// Start byte in the article text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// Name, role or pronoun.
    pub kind: MentionKind,
}

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// An event the entity acted in or was the recipient of.
    Event,
    /// A quote the entity gave.
    Quote,
}

/// One entry of an entity's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineItem {
    /// Event or quote.
    pub kind: TimelineKind,
    /// `actor`, `recipient` or `speaker`.
    pub role: String,
    /// The event's date; for quotes (and undated events) the article's publication date.
    pub date: Option<String>,
    /// The article.
    pub article_id: i64,
    /// Its document id.
    pub doc_id: String,
    /// The event id or quote id in the store.
    pub item_id: i64,
    /// Span in the article text (event: its first sentence; quote: its content).
    pub start: usize,
    /// End of that span.
    pub end: usize,
    /// The span's text.
    pub text: String,
    /// CAMEO code (events).
    pub code: Option<String>,
    /// CAMEO label (events).
    pub label: Option<String>,
}

/// Which events [`Store::events`] returns. Text filters match a global entity's name or
/// aliases (whole words, case and diacritics folded), the phrase naming the actor, or its
/// CAMEO actor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFilter {
    /// Actor name or code.
    pub actor: Option<String>,
    /// Actor's global entity id.
    pub actor_id: Option<i64>,
    /// Recipient name or code.
    pub recipient: Option<String>,
    /// Recipient's global entity id.
    pub recipient_id: Option<i64>,
    /// Earliest date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), inclusive; undated events are left
    /// out when a date bound is given.
    pub from: Option<String>,
    /// Latest date, inclusive (`2024-05` includes all of May).
    pub to: Option<String>,
    /// CAMEO code or code prefix ("04" matches 040–046).
    pub code: Option<String>,
    /// Only events of the articles of this story.
    pub story: Option<i64>,
    /// Most results returned.
    pub limit: usize,
    /// Results skipped first.
    pub offset: usize,
}

impl Default for EventFilter {
    fn default() -> Self {
        EventFilter {
            actor: None,
            actor_id: None,
            recipient: None,
            recipient_id: None,
            from: None,
            to: None,
            code: None,
            story: None,
            limit: 100,
            offset: 0,
        }
    }
}

/// An event as stored, with its article and global entity ids.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEvent {
    /// The event's id in the store.
    pub event_id: i64,
    /// The article.
    pub article_id: i64,
    /// Its document id.
    pub doc_id: String,
    /// Its publication date.
    pub published: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// When the article was stored (UTC).
    pub ingested_at: String,
    /// The event's first sentence is in the headline or the first paragraph.
    pub is_root: bool,
    /// Global entity id of each actor (same order as `event.actors`), when resolved.
    pub actor_ids: Vec<Option<i64>>,
    /// Global entity id of each recipient, when resolved.
    pub recipient_ids: Vec<Option<i64>>,
    /// The event as analyzed.
    pub event: Event,
}

/// Which quotes [`Store::quotes`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteFilter {
    /// Speaker name (global entity name or alias, or the speaker as written; whole words,
    /// case and diacritics folded).
    pub speaker: Option<String>,
    /// Speaker's global entity id.
    pub speaker_id: Option<i64>,
    /// Most results returned.
    pub limit: usize,
    /// Results skipped first.
    pub offset: usize,
}

impl Default for QuoteFilter {
    fn default() -> Self {
        QuoteFilter {
            speaker: None,
            speaker_id: None,
            limit: 100,
            offset: 0,
        }
    }
}

/// A quote as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredQuote {
    /// The quote's id in the store.
    pub quote_id: i64,
    /// The article.
    pub article_id: i64,
    /// Its document id.
    pub doc_id: String,
    /// Its publication date.
    pub published: Option<String>,
    /// The speaker's global entity id, when resolved.
    pub speaker_id: Option<i64>,
    /// That entity's name.
    pub speaker_name: Option<String>,
    /// The quote as analyzed.
    pub quote: Quote,
}

/// Counts of what the store holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Articles.
    pub articles: i64,
    /// Global entities.
    pub entities: i64,
    /// Entity mentions (name, role and pronoun).
    pub mentions: i64,
    /// Quotes.
    pub quotes: i64,
    /// Events.
    pub events: i64,
    /// Counts (killed, injured…).
    pub counts: i64,
    /// Time expressions.
    pub times: i64,
    /// Schema version of the database.
    pub schema_version: i64,
    /// Articles per model version.
    pub model_versions: BTreeMap<String, i64>,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Stops the query a [`Store`] is running, from any thread ([`Store::interrupt_handle`]).
pub struct InterruptHandle(rusqlite::InterruptHandle);

impl InterruptHandle {
    /// Stop the statement the connection is running now, if any.
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

impl std::fmt::Debug for InterruptHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InterruptHandle")
    }
}

/// Run `op` again while another connection holds the lock it needs, for up to
/// [`BUSY_TIMEOUT`]. SQLite calls no busy handler for some operations: switching a new
/// database to WAL mode fails at once with SQLITE_BUSY while a second process creating the
/// same file holds it (two `readout ingest` started together).
fn retry_while_busy<T>(mut op: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        match op() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

impl Store {
    /// Open (creating if needed) the database at `path` for reading and writing, and bring
    /// its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_dir() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                message: "it is a folder; give a file name such as readout.db".into(),
            });
        }
        let conn = Connection::open(path).map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Store::init(conn, path.to_path_buf(), false)
    }

    /// A fresh database in memory (for tests and one-off work).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory().ctx("opening an in-memory database")?;
        Store::init(conn, PathBuf::from(":memory:"), false)
    }

    /// Open an existing database for reading only (queries; any write fails).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        Store::init(conn, path.to_path_buf(), true)
    }

    /// A handle that stops this connection's running query from another thread (the
    /// query then fails with an "interrupted" error): for deadlines and cancelled requests.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(self.conn.get_interrupt_handle())
    }

    /// The database file (`:memory:` for in-memory stores).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn init(conn: Connection, path: PathBuf, read_only: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)
            .ctx("setting the busy timeout")?;
        // Room for the multi-row INSERTs of every table (five row counts each, `write.rs`).
        conn.set_prepared_statement_cache_capacity(128);
        let not_readout = |reason: String| StoreError::NotReadout {
            path: path.clone(),
            reason,
        };
        // One statement, so one snapshot: read apart, another process's first migration
        // could commit between the reads, and its tables would be seen without its
        // application id (two `readout ingest` creating one database at once).
        let header = conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
                    (SELECT user_version FROM pragma_user_version), \
                    (SELECT COUNT(*) FROM sqlite_master)",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        );
        let (app, version, tables) = match header {
            Ok(h) => h,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(not_readout("the file is not an SQLite database".into()));
            }
            Err(e) => return Err(error::sqlite_error(e, "reading the database header")),
        };
        let current = schema::current_version();
        if tables > 0 && app != schema::APPLICATION_ID {
            return Err(not_readout(format!(
                "an SQLite database with application id {app:#x}, not readout's"
            )));
        }
        if version > current {
            return Err(StoreError::TooNew {
                path,
                found: version,
                supported: current,
            });
        }
        if read_only {
            if tables == 0 {
                return Err(not_readout("the database is empty".into()));
            }
            if version < current {
                return Err(StoreError::NeedsMigration {
                    path,
                    found: version,
                    supported: current,
                });
            }
            conn.pragma_update(None, "query_only", true)
                .ctx("making the connection read-only")?;
        } else {
            let _mode: String =
                retry_while_busy(|| conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)))
                    .ctx("switching to WAL mode")?;
            // NORMAL, not FULL: in WAL mode a commit is then written to the WAL without an
            // fsync, and the WAL is synced at checkpoints. A committed transaction is in the
            // operating system's page cache when COMMIT returns, so it survives the death of
            // the process (kill -9, a panic, an abort): the next open replays the WAL. Only
            // an OS crash or power loss can lose the last commits, never corrupt the file.
            conn.pragma_update(None, "synchronous", "NORMAL")
                .ctx("setting synchronous mode")?;
            // Checkpoint every 4,000 pages (16 MiB of WAL) instead of 1,000: index and
            // full-text pages changed by several batches are copied to the database once.
            conn.pragma_update(None, "wal_autocheckpoint", 4000)
                .ctx("setting the checkpoint interval")?;
            conn.pragma_update(None, "temp_store", "MEMORY")
                .ctx("setting the temporary store")?;
            // 16 MiB of page cache: index pages stay in memory across a batch.
            conn.pragma_update(None, "cache_size", -16_000)
                .ctx("setting the cache size")?;
        }
        // The schema declares its references, but SQLite does not enforce them here: the
        // store writes every row itself and removes dependent rows itself (an unused
        // entity's keys and aliases, see `write::clear_annotations`); checking the parent of
        // every annotation row cost about a tenth of the instructions of storing.
        // `PRAGMA foreign_key_check` (the tests run it) finds no violation.
        conn.pragma_update(None, "foreign_keys", false)
            .ctx("setting foreign key enforcement")?;
        let mut store = Store {
            conn,
            path: Some(path),
        };
        if !read_only {
            store.migrate()?;
        }
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .ctx("starting a schema migration")?;
            // Read the version inside the write lock: another process may have migrated.
            let version: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .ctx("reading the schema version")?;
            let Some(sql) = usize::try_from(version)
                .ok()
                .and_then(|v| schema::MIGRATIONS.get(v))
            else {
                return Ok(());
            };
            tx.execute_batch(sql)
                .ctx(&format!("migrating the schema to version {}", version + 1))?;
            tx.pragma_update(None, "user_version", version + 1)
                .ctx("recording the schema version")?;
            tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
                .ctx("recording the application id")?;
            tx.commit().ctx("committing a schema migration")?;
        }
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ctx("reading the schema version")
    }
}

#[cfg(test)]
mod interrupt_tests {
    use super::*;

    #[test]
    fn an_interrupt_stops_a_running_query() {
        let store = Store::open_in_memory().unwrap();
        let handle = store.interrupt_handle();
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            handle.interrupt();
        });
        let started = std::time::Instant::now();
        // Counts for ever unless stopped.
        let endless = store.conn.query_row(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
             SELECT count(*) FROM n",
            [],
            |r| r.get::<_, i64>(0),
        );
        stopper.join().unwrap();
        assert!(endless.is_err());
        assert!(started.elapsed() < Duration::from_secs(60));
        // The connection stays usable.
        let one: i64 = store.conn.query_row("SELECT 1", [], |r| r.get(0)).unwrap();
        assert_eq!(one, 1);
    }
}
