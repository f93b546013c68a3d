//! Compiling the event coder's dictionary (`readout train events`): the PETRARCH-2 /
//! Phoenix dictionaries, read by [`Dictionary::from_petrarch_dir`], written in readout's
//! own gzip'd TSV form (`models/events/cameo.tsv.gz`), which the pipeline embeds.

use std::path::Path;

use readout_pipeline::events::{Dictionary, DictionaryError};

/// Compile the PETRARCH-2 / Phoenix dictionaries in `dir` (and the CAMEO→PLOVER table
/// `plover`) into readout's gzip'd TSV at `out`. This is what `readout train events` runs;
/// the output is deterministic (sorted), so rebuilding gives the same bytes.
pub fn compile(
    dir: &Path,
    plover: Option<&Path>,
    out: &Path,
) -> Result<Dictionary, DictionaryError> {
    let dict = Dictionary::from_petrarch_dir(dir, plover)?;
    crate::write_gz(out, |gz| dict.write_tsv(gz)).map_err(|source| DictionaryError::Write {
        path: out.display().to_string(),
        source,
    })?;
    Ok(dict)
}
