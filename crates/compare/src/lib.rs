//! # readout-compare: accounts compared below the story level
//!
//! * [`stories`]: group articles from different sources that report the same event
//!   (time window, entity, keyword, date and count overlap; tuned for precision; incremental).
//! * [`claims`]: split an analyzed [`readout_core::Document`] into claims with speaker,
//!   polarity, modality, entities, dates and counts, each with its byte span.
//! * [`compare`](mod@compare): align claims across accounts and label each item `agree`, `wording`,
//!   `conflict` or `only_in`, with both sides' spans and speakers.
//! * [`facts`]: decompose a document into atomic, typed facts (counts, events, statements),
//!   each with its source and sentence.
//! * [`fact_align`]: align facts across accounts (and find differing figures inside one) and
//!   label them like claims.
//! * [`report`]: the side-by-side text report.
//!
//! By default lexical and entity features only: no model is loaded, so comparing two articles
//! takes milliseconds. With the feature `embeddings`, the `embed` module loads an optional
//! sentence-embedding model (all-MiniLM-L6-v2, from a local directory the user installs) whose
//! cosine also aligns claims ([`CompareOptions::encoder`]). Analysis (entities, quotes, times, counts) is done beforehand by
//! `readout-pipeline`; this crate reads its `Document`s.
#![deny(missing_docs)]

pub mod claims;
pub mod compare;
#[cfg(feature = "embeddings")]
pub mod embed;
pub mod encoder;
pub mod event_groups;
pub mod fact_align;
pub mod facts;
pub mod lexicon;
pub mod report;
pub mod stories;
pub mod text;

pub use claims::{Claim, Speaker};
pub use compare::{
    compare, ClaimEncoder, CompareOptions, Comparison, Conflict, ConflictKind, Contrast, Encoder,
    Item, Label, PairComparison, Side, Summary, TermContrast, TermUse,
};
pub use fact_align::FactItem;
pub use facts::{Fact, FactBody, FactKind};
pub use lexicon::Modality;
pub use stories::{cluster, DocSummary, Story, StoryIndex, StoryOptions};
