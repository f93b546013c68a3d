//! # readout-eval: scorers against third-party gold data
//!
//! Each module reimplements one benchmark's published metric, so readout's figures can be put
//! beside the published figures of other systems:
//! * [`extraction`]: the Zyte article-extraction benchmark (4-gram shingle precision/recall/F1
//!   and exact-match accuracy over `\w+` tokens);
//! * [`sentences`]: the English "Golden Rules" sentence-boundary cases (a case passes when the
//!   whole list of sentences matches);
//! * [`parse`]: part of speech and dependencies on UD English (UPOS, UAS, LAS; CoNLL 2018
//!   conventions, gold tokenization);
//! * [`ner`]: CoNLL-2003 entity-level precision/recall/F1 (conlleval semantics);
//! * [`resolve`]: alias matching (OpenSanctions pairs, Wikidata transliterations) and
//!   within-document name clustering (MEANTIME, B³ and MUC);
//! * [`timex`]: TempEval-3 task A (strict and relaxed extraction F1, type and value F1);
//! * [`quotes`]: PolNeAR attribution relations (content, cue and source span F1, speaker);
//! * [`counts`]: dead and injured figures of the PLOVER gold-standard records;
//! * [`events`]: PETRARCH-2 GSR, PLOVER GSR and the PETRARCH validation suite;
//! * [`stories`]: story clustering on ECB+ sub-topics and NewsWCL50 events (B³, pairwise);
//! * [`compare`]: account comparison on NewsWCL50 (wording recall) and BASIL (omissions and
//!   framing).
//! * [`coref`]: coreference metrics (MUC, B³, CEAF-e, CoNLL F1), used by
//!   [`events_coref`] (ECB+ cross-document event coreference) and [`resolve`].
//!
//! The scorers take predictions as plain data; the `readout eval` command feeds them readout's
//! own output. The gold data itself lives outside the repository (`../shared/data`).
#![deny(missing_docs)]

pub mod compare;
pub mod coref;
pub mod counts;
mod csv;
pub mod events;
pub mod events_coref;
pub mod extraction;
pub mod ner;
pub mod parse;
pub mod quotes;
pub mod resolve;
pub mod sentences;
pub mod stories;
pub mod timex;

/// Errors reading gold or prediction files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file is not in the expected format.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Read a whole file, decompressing `.gz`.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(io)?;
        Ok(out)
    } else {
        Ok(bytes)
    }
}
