//! # readout-core: the document model every stage shares
//!
//! readout turns a news article into a record of who did what to whom, who said what, when
//! and how many. The pipeline is one data flow:
//!
//! ```text
//! ingest → segment → entities → resolve → time → quotes → counts → events → store → query/serve
//! ```
//!
//! This crate holds only the data that flows through it, with no I/O and no heavy
//! dependencies:
//!
//! * [`Document`]: the normalized article text, its metadata, and every annotation.
//! * [`Span`]: a half-open byte range into [`Document::text`]. Every annotation points into
//!   the text with one, and carries the text of its span, so that
//!   `&doc.text[span.start..span.end] == annotation.text` can always be checked.
//! * [`Alignment`]: the map from normalized text back to the input bytes it came from.
//! * [`check_spans`]: every span invariant of a document, checked (by every stage's tests,
//!   the CLI tests and the fuzz targets).
//!
//! Stages add annotations; they never rewrite `text` or move earlier spans. Provenance of
//! any fact is therefore `(Document::id, Span)`.
//!
//! ```
//! use readout_core::{Document, Span};
//!
//! let doc = Document::from_normalized("a1", "Rain fell. Roads flooded.".to_string());
//! let span = Span::new(0, 10);
//! assert_eq!(doc.slice(span), Some("Rain fell."));
//! ```
#![deny(missing_docs)]

mod alignment;
pub mod cameo;
mod check;
mod date;
mod document;
mod output;
mod span;
mod summary;

pub use alignment::{Alignment, AlignmentBuilder};
pub use cameo::{CameoCode, PloverCategory};
pub use check::{check_spans, SpanError};
pub use date::parse_published;
pub use document::{
    Byline, Count, CountCategory, Document, Entity, EntityMention, EntityType, Event, EventActor,
    EventDateSource, EventSupport, InputInfo, InputKind, Mention, MentionKind, PloverCode,
    PublishedSource, Quote, QuoteKind, Sentence, SpanText, TextZone, TimeAnchor, TimeExpr,
    TimeType, Token, TokenKind, TokenSyntax, SCHEMA_VERSION,
};
pub use output::{RecordFormat, RecordWriter};
pub use span::Span;
pub use summary::text_summary;

/// Errors raised by the document model itself.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A span does not lie inside the text or does not fall on UTF-8 character boundaries.
    #[error("span {start}..{end} is not a valid range of a {len}-byte text (out of range or not on a character boundary)")]
    InvalidSpan {
        /// Start byte offset.
        start: usize,
        /// End byte offset.
        end: usize,
        /// Length of the text in bytes.
        len: usize,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
