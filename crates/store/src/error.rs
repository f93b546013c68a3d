//! The store's error type: every variant says what went wrong and what to do about it.

use std::path::PathBuf;

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("{}: cannot open the database: {message}", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Read-only open of a file that does not exist.
    #[error("{}: no database there; create one with `readout ingest --db {} PATH...`", path.display(), path.display())]
    Missing {
        /// The database file.
        path: PathBuf,
    },
    /// The file is an SQLite database (or something else) that readout did not write.
    #[error("{}: not a readout database ({reason}); point --db at a file written by `readout ingest`", path.display())]
    NotReadout {
        /// The database file.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The database was written by a newer readout.
    #[error("{}: database schema version {found} is newer than this readout understands (up to {supported}); upgrade readout", path.display())]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// A read-only open found a database that needs a migration first.
    #[error("{}: database schema version {found} is older than this readout's ({supported}); open it once for writing (`readout ingest --db {} ...`) to upgrade it", path.display(), path.display())]
    NeedsMigration {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// This build's version.
        supported: i64,
    },
    /// Another process holds the write lock for longer than the busy timeout.
    #[error("database is busy while {context}: another process is writing to it; wait for it to finish and retry")]
    Busy {
        /// What the store was doing.
        context: String,
    },
    /// An SQLite error.
    #[error("database error while {context}: {source}")]
    Sqlite {
        /// What the store was doing.
        context: String,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
    /// A query argument is not valid (a date that is not a date, an empty search).
    #[error("invalid {what}: {message}")]
    InvalidArgument {
        /// Which argument.
        what: &'static str,
        /// What is wrong and how to write it.
        message: String,
    },
    /// What was asked for is not in the store (the message says how to find what is).
    #[error("{message}")]
    NotFound {
        /// What is missing, and where to look.
        message: String,
    },
    /// A raw full-text query is not valid FTS5 syntax.
    #[error("search query {query:?} is not valid FTS5 syntax ({message}); quote special characters, or search the plain words (without --raw)")]
    Query {
        /// The query as given.
        query: String,
        /// SQLite's message.
        message: String,
    },
    /// The document cannot be stored as it is.
    #[error("document {doc_id:?} cannot be stored: {message}")]
    Document {
        /// Its id.
        doc_id: String,
        /// What is wrong.
        message: String,
    },
    /// A write inside a batch failed earlier; the batch is rolled back.
    #[error("an earlier write in this batch failed ({message}); nothing of the batch is stored: fix the cause and store the batch again")]
    BatchAborted {
        /// The first failure.
        message: String,
    },
    /// A stored record no longer parses (written by an incompatible build, or damaged).
    #[error(
        "stored record of article {article_id} cannot be read ({message}); re-ingest the article"
    )]
    Corrupt {
        /// The article.
        article_id: i64,
        /// The parser's message.
        message: String,
    },
}

/// Attach "while …" context to SQLite errors.
pub(crate) trait Context<T> {
    fn ctx(self, context: &str) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, rusqlite::Error> {
    fn ctx(self, context: &str) -> Result<T> {
        self.map_err(|source| sqlite_error(source, context))
    }
}

pub(crate) fn sqlite_error(source: rusqlite::Error, context: &str) -> StoreError {
    if let rusqlite::Error::SqliteFailure(e, _) = &source {
        if matches!(
            e.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        ) {
            return StoreError::Busy {
                context: context.to_string(),
            };
        }
    }
    StoreError::Sqlite {
        context: context.to_string(),
        source,
    }
}
