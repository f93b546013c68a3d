//! # readout-pipeline: the stages that turn an article into a record
//!
//! The pipeline, in order:
//!
//! 1. [`ingest`]: files, folders, stdin; plain text, HTML, JSONL → [`ingest::Article`].
//!    HTML goes through rs-trafilatura to its main article text.
//! 2. [`normalize`]: Unicode NFC, line endings, whitespace, with an alignment back to the
//!    input.
//! 3. [`layout`]: headline, byline and author biography zones.
//! 4. [`tokenize`] and [`segment`]: tokens and sentences with byte spans.
//! 5. [`parse`]: part of speech, lemma and dependency tree of each sentence, from a tagger
//!    and a transition parser trained by readout on Universal Dependencies.
//! 6. [`ner`]: named-entity mentions from a perceptron tagger trained by readout.
//! 7. [`resolve`]: mentions clustered into one entity per referent, with role, affiliation
//!    and country code.
//! 8. [`time`]: time expressions resolved to calendar values.
//! 9. [`quotes`]: direct quotes and reported speech with cue, speaker and source.
//! 10. [`counts`]: counts of killed, injured, arrested, displaced… people and things.
//! 11. [`events`]: political events coded in CAMEO and PLOVER, with actors, recipients and
//!     dates.
//!
//! [`Analyzer`] runs them on one article and returns a [`readout_core::Document`].
//!
//! ```
//! use readout_pipeline::{Analyzer, ingest::{Article, Body}};
//! use readout_core::InputInfo;
//!
//! let article = Article {
//!     id: "example".into(),
//!     body: Body::Text("Ferries resume\n\nFerries resumed on Friday. Mr. Vance welcomed it.".into()),
//!     title: None, url: None, source: None, published: Some("2024-05-10".into()),
//!     input: InputInfo::default(), origin: "example".into(),
//! };
//! let doc = Analyzer::default().analyze(article).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Ferries resume"));
//! assert_eq!(doc.sentences.len(), 3);
//! ```
//!
//! ## Features
//! * `html` (default): HTML extraction through rs-trafilatura. Without it HTML input is an
//!   error naming the feature.
#![deny(missing_docs)]

mod analyze;
pub mod batch;
mod calendar;
pub mod counts;
mod error;
pub mod events;
mod feature_hash;
pub mod ingest;
pub mod layout;
pub mod ner;
pub mod normalize;
pub mod parse;
pub mod quotes;
pub mod resolve;
pub mod segment;
pub mod time;
pub mod tokenize;

pub use analyze::{content_hash, Analyzer, AnalyzerOptions};
pub use error::{Error, Result};
pub use readout_core::parse_published;

/// Panic with the broken invariant when `doc` breaks one: every stage's tests call it on the
/// documents they build ([`readout_core::check_spans`]).
#[cfg(test)]
pub(crate) fn assert_spans(doc: &readout_core::Document) {
    if let Err(e) = readout_core::check_spans(doc) {
        panic!("span invariant broken in document {:?}: {e}", doc.id);
    }
}
