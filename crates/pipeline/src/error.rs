use std::path::PathBuf;

/// What went wrong with one input. Each variant names the input (file, and line for JSONL)
/// and says what to do about it. Errors are per article: a batch reports them and goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file or folder could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The input holds no text at all (zero bytes, or only whitespace).
    #[error("{origin}: input is empty (no article text to analyze)")]
    Empty {
        /// File, `-` for stdin, or `file:line`.
        origin: String,
    },
    /// The input looks like a binary file, not text, HTML or JSONL.
    #[error("{origin}: input looks binary ({reason}); readout reads plain text, HTML or JSONL")]
    Binary {
        /// File, `-` for stdin, or `file:line`.
        origin: String,
        /// What gave it away.
        reason: String,
    },
    /// The input is larger than the per-article limit.
    #[error("{origin}: article is {bytes} bytes, over the {limit}-byte limit; split it, or raise the limit with --max-bytes")]
    TooLarge {
        /// File, `-` for stdin, or `file:line`.
        origin: String,
        /// Size seen (at least this many bytes).
        bytes: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A JSONL line is not a JSON object of the expected shape.
    #[error("{origin}: malformed JSONL record: {message}")]
    Json {
        /// `file:line`.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// A publication date is not `YYYY-MM-DD` (or an ISO 8601 date-time).
    #[error("{origin}: publication date {value:?} is not a date; write it as YYYY-MM-DD")]
    BadDate {
        /// Where the date came from.
        origin: String,
        /// The value given.
        value: String,
    },
    /// HTML extraction found no article text in the page.
    #[error("{origin}: no article text found in the HTML page ({reason})")]
    NoArticle {
        /// File or `file:line`.
        origin: String,
        /// The extractor's explanation.
        reason: String,
    },
    /// HTML input, but this build has no HTML extractor.
    #[error("{origin}: this is HTML, but readout was built without the `html` feature; rebuild with `--features html`")]
    HtmlDisabled {
        /// File or `file:line`.
        origin: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
