//! Which sentence-embedding model aligns claims: the directory a front end names, else the
//! `READOUT_EMBEDDINGS` environment variable, else none. Loading needs the feature
//! `embeddings`; without it a named model is an error and the variable is ignored (said
//! through the notice).

use std::path::{Path, PathBuf};

use crate::Encoder;

/// Why no model could be used.
#[derive(Debug, thiserror::Error)]
pub enum EncoderError {
    /// The model failed to load.
    #[cfg(feature = "embeddings")]
    #[error(transparent)]
    Load(#[from] crate::embed::EmbedError),
    /// A model was named (`--embeddings DIR`) but this build cannot load one.
    #[error("--embeddings: {0}")]
    NotBuilt(String),
}

/// The model in `dir`, else in `READOUT_EMBEDDINGS`; `None` when neither names one.
/// `notice` gets what the user should be told: the model loaded and its load time, or the
/// variable ignored by a build without the model.
pub fn encoder_from(
    dir: Option<&Path>,
    notice: impl FnOnce(String),
) -> Result<Option<Encoder>, EncoderError> {
    let from_env = dir.is_none();
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => match std::env::var_os("READOUT_EMBEDDINGS").filter(|d| !d.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => return Ok(None),
        },
    };
    load(&dir, from_env, notice)
}

#[cfg(feature = "embeddings")]
fn load(
    dir: &Path,
    _from_env: bool,
    notice: impl FnOnce(String),
) -> Result<Option<Encoder>, EncoderError> {
    let start = std::time::Instant::now();
    let model = crate::embed::Embedder::load(dir)?;
    notice(format!(
        "embedding model loaded from {} in {:.0} ms",
        model.dir().display(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    Ok(Some(Encoder(std::sync::Arc::new(model))))
}

#[cfg(not(feature = "embeddings"))]
fn load(
    dir: &Path,
    from_env: bool,
    notice: impl FnOnce(String),
) -> Result<Option<Encoder>, EncoderError> {
    let message = format!(
        "this readout was built without the sentence-embedding model, so {} cannot be used; \
         rebuild with `cargo build --release -p readout --features embeddings`",
        dir.display()
    );
    if !from_env {
        return Err(EncoderError::NotBuilt(message));
    }
    notice(format!("warning: READOUT_EMBEDDINGS ignored: {message}"));
    Ok(None)
}

#[cfg(all(test, not(feature = "embeddings")))]
mod tests {
    use super::*;

    #[test]
    fn a_named_model_is_refused_by_a_build_without_embeddings() {
        let err = encoder_from(Some(Path::new("/models/minilm")), |_| ()).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("--embeddings: "), "{text}");
        assert!(text.contains("/models/minilm"), "{text}");
    }
}
