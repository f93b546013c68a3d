//! # readout-train: building readout's statistical models
//!
//! Training code lives here, apart from the analysis code in `readout-pipeline`, which keeps
//! only what analysis needs (the model readers and the feature functions both sides share).
//!
//! * [`parse`]: the part-of-speech tagger, dependency parser and lemma exceptions
//!   (`readout train parse`), from Universal Dependencies treebanks.
//! * [`perceptron`]: the averaged perceptron they are trained with.
//! * [`ner`]: the named-entity tagger with its gazetteer and word clusters
//!   (`readout train ner`), from CoNLL-2003, the name dictionaries and unlabeled news.
//! * [`events`]: the event coder's dictionary (`readout train events`), compiled from the
//!   PETRARCH-2 / Phoenix dictionaries.
//! * [`kb`]: the resolution knowledge base (`readout train kb`), from the same dictionaries.
#![deny(missing_docs)]

pub mod events;
pub mod kb;
pub mod ner;
pub mod parse;
pub mod perceptron;

use std::io::Write;
use std::path::Path;

/// The text of a PETRARCH-2 / Phoenix dictionary file. The files contain stray control bytes
/// (`0x1a`) and a few Latin-1 names: they are read lossily and the control bytes dropped.
pub(crate) fn read_lossy(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(String::from_utf8_lossy(&bytes).replace('\u{1a}', ""))
}

/// A gzip stream into a file, as [`write_gz`] hands it to its writer.
pub(crate) type GzFile = flate2::write::GzEncoder<std::io::BufWriter<std::fs::File>>;

/// Write a model file gzip'd at the best compression, creating its folder. The gzip header
/// has no file name and a zero mtime, so the same content always gives the same bytes.
pub(crate) fn write_gz(
    path: &Path,
    f: impl FnOnce(&mut GzFile) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(file, flate2::Compression::best());
    f(&mut gz)?;
    gz.finish()?.flush()
}
