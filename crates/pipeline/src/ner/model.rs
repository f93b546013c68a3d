//! The tagger's weights, Viterbi decoding under BILOU constraints, and the model file format.
//!
//! File format (little-endian), version 3:
//! ```text
//! "RDNER\0\0\x03"            8-byte magic + version
//! u32 metadata length, then that many bytes of UTF-8 JSON (how the model was trained)
//! f32 scale                   weights are stored as i16 and multiplied by this
//! 18 × 17 f32                 transition scores (row 17 = sentence start)
//! u64 feature count N
//! N × (u64 feature hash, 17 × i16 weights), sorted by hash
//! u32 hidden units H (0: no network; nothing follows)
//! f32 mixing weight, f32 scale of the feature vectors
//! N × H i8                    feature vectors, in the order of the features above
//! H f32 hidden biases, H × 17 f32 output weights, 17 f32 output biases
//! ```
//! Version 2 (feature vectors as i16) and version 1 (no network section) are still read. The
//! whole file is gzip-compressed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};

use super::features::SentenceFeatures;
use super::tags::{allowed, can_end, NUM_TAGS};

const MAGIC: &[u8; 8] = b"RDNER\0\0\x03";
/// Version 2: feature vectors as 16-bit integers.
const MAGIC_V2: &[u8; 8] = b"RDNER\0\0\x02";
/// Version 1: the same without the network section.
const MAGIC_V1: &[u8; 8] = b"RDNER\0\0\x01";
/// Row of the transition matrix used for the sentence start.
pub const START: usize = NUM_TAGS;

/// Feature hashes are already well mixed: hash them by identity.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by feature hash.
pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Weights of a trained tagger.
#[derive(Debug, Clone)]
pub struct Model {
    /// Row index of each known feature.
    pub index: FeatureMap<u32>,
    /// Emission weights: `weights[row * NUM_TAGS + tag]`.
    pub weights: Vec<f32>,
    /// Transition scores `transitions[from][to]`, `from = START` at the sentence start.
    pub transitions: [[f32; NUM_TAGS]; NUM_TAGS + 1],
    /// A small network over the same features whose scores are added (see [`Network`]).
    pub network: Option<Network>,
    /// How the model was made (JSON): data, epochs, scores on the development set.
    pub metadata: String,
    /// A read model's weights laid out for tagging ([`Packed`]); None while training.
    packed: Option<Packed>,
}

/// One feature's numbers for tagging, in one 128-byte block: its perceptron weights as the
/// file's 16-bit integers (17 of 32 slots) and its network vector (8-bit). Both halves sit in
/// one aligned pair of cache lines, which the processor fetches together; kept apart, as
/// `Model::weights` (68-byte rows that straddle lines) and `Network::quantized`, a feature
/// not in cache costs two or three misses instead of one. Measured on eng.testb (cachegrind):
/// 17 % fewer first-level read misses and 5 % fewer instructions; wall clock, alternating
/// runs: 258k → 334k tokens/s (bench/HISTORY.md, named entities).
#[derive(Debug, Clone, Copy)]
#[repr(C, align(128))]
struct PackedRow {
    weights: [i16; 32],
    vector: [i8; LANES],
}

/// [`PackedRow`]s in row order, with the scales of their two halves.
#[derive(Debug, Clone)]
struct Packed {
    rows: Vec<PackedRow>,
    weight_scale: f32,
    vector_scale: f32,
}

/// A one-hidden-layer network over the tagger's features, trained after the perceptron on
/// the same data, whose tag scores are added to the perceptron's with a fixed weight.
///
/// The perceptron is linear: a feature adds the same score whatever else is present. The
/// network sums a learned vector per feature, squashes the sum and maps it to tag scores, so
/// it can weigh features together ("capitalised" counts for less after a number in a table).
/// A feature's vector has the row number of its perceptron weights, so one lookup of the
/// feature serves both. Its tag scores are log-probabilities up to a per-token constant, which
/// the decoder cannot see, so none is computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Hidden units H.
    pub hidden: usize,
    /// Weight of the network's scores beside the perceptron's.
    pub weight: f32,
    /// Feature vectors: `vectors[row * H + j]`, rows as in [`Model::index`]. Empty in a
    /// model read from a file, which holds them quantized instead.
    pub vectors: Vec<f32>,
    /// The feature vectors as 8-bit integers and the scale that turns them back into
    /// `vectors` (what a model file stores). A token's integer vectors are summed exactly
    /// and scaled once: a quarter of the memory of `vectors`, with no measurable loss
    /// (eng.testa F1 unchanged over six training seeds).
    pub quantized: Option<(Vec<i8>, f32)>,
    /// Hidden biases (H).
    pub hidden_bias: Vec<f32>,
    /// Output weights: `output[j * NUM_TAGS + tag]`.
    pub output: Vec<f32>,
    /// Output biases.
    pub output_bias: [f32; NUM_TAGS],
}

/// The most hidden units a model file may declare (a bound that keeps a corrupt count from
/// asking for gigabytes).
pub const MAX_HIDDEN: usize = 4096;

/// Hidden units the tagger's packed layout is made for (the trained default, [`PackedRow`]):
/// a token's sums of 8-bit feature vectors stay in 16 bits (258 rows of ±127 fit; more
/// saturate rather than wrap).
const LANES: usize = 32;

/// The squashing function of the hidden layer: tanh, by a rational approximation (within
/// 0.025 of it, exact at 0, ±1 from ±3 on) that costs a division instead of two exponentials.
#[inline(always)]
pub fn squash(x: f32) -> f32 {
    let x = x.clamp(-3.0, 3.0);
    let x2 = x * x;
    x * (27.0 + x2) / (27.0 + 9.0 * x2)
}

impl Network {
    /// Hidden activations for a token whose features sit in `rows`; `sums` is scratch
    /// space of H integers.
    #[inline(always)]
    pub fn hidden(&self, rows: &[u32], sums: &mut [i32], out: &mut [f32]) {
        let h = self.hidden;
        match &self.quantized {
            Some((q, scale)) => {
                sums.fill(0);
                for &r in rows {
                    let v = &q[r as usize * h..(r as usize + 1) * h];
                    for (s, &x) in sums.iter_mut().zip(v) {
                        *s += i32::from(x);
                    }
                }
                for ((o, &s), b) in out.iter_mut().zip(sums.iter()).zip(&self.hidden_bias) {
                    *o = squash(s as f32 * scale + b);
                }
            }
            None => {
                out.copy_from_slice(&self.hidden_bias);
                for &r in rows {
                    let v = &self.vectors[r as usize * h..(r as usize + 1) * h];
                    for (o, x) in out.iter_mut().zip(v) {
                        *o += x;
                    }
                }
                for o in out.iter_mut() {
                    *o = squash(*o);
                }
            }
        }
    }

    /// The feature vectors as 8-bit integers with one scale for the whole table (the
    /// largest magnitude maps to 127); the stored ones when the network was read.
    pub fn quantize(&self) -> (Vec<i8>, f32) {
        if let Some(q) = &self.quantized {
            return q.clone();
        }
        let max = self
            .vectors
            .iter()
            .fold(0.0f32, |m, v| m.max(v.abs()))
            .max(1e-9);
        let scale = max / 127.0;
        let q = self
            .vectors
            .iter()
            .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8)
            .collect();
        (q, scale)
    }

    /// Unnormalised tag scores (logits) from hidden activations.
    #[inline(always)]
    pub fn logits(&self, hidden: &[f32]) -> [f32; NUM_TAGS] {
        let mut s = self.output_bias;
        for (a, w) in hidden.iter().zip(self.output.chunks_exact(NUM_TAGS)) {
            for (sv, wv) in s.iter_mut().zip(w) {
                *sv += a * wv;
            }
        }
        s
    }
}

/// Errors reading a model file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// Not a readout entity model, or a version this build cannot read.
    #[error("not a readout entity-tagger model (bad magic or version); retrain with `readout train ner`")]
    BadMagic,
    /// The file ends early or is corrupt.
    #[error("entity-tagger model is truncated or corrupt: {0}")]
    Corrupt(String),
}

impl Model {
    /// An empty model (all weights zero) sized for `capacity` features.
    pub fn empty() -> Model {
        Model {
            index: FeatureMap::default(),
            weights: Vec::new(),
            transitions: [[0.0; NUM_TAGS]; NUM_TAGS + 1],
            network: None,
            metadata: String::new(),
            packed: None,
        }
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.index.len()
    }

    /// Emission scores of every token: `scores[i * NUM_TAGS + tag]`.
    pub fn emissions(&self, feats: &SentenceFeatures) -> Vec<f32> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports the feature the function is compiled for.
            return unsafe { self.emissions_avx2(feats) };
        }
        self.emissions_portable(feats)
    }

    /// [`Model::emissions`] compiled for AVX2: the sums over a token's feature rows and the
    /// network's layers become vector loops eight lanes wide, where the baseline x86-64
    /// target has only SSE2 (four lanes, and no cheap widening of 8-bit integers). The
    /// same code, so the same scores up to float rounding.
    ///
    /// # Safety
    ///
    /// The CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn emissions_avx2(&self, feats: &SentenceFeatures) -> Vec<f32> {
        self.emissions_portable(feats)
    }

    #[inline(always)]
    fn emissions_portable(&self, feats: &SentenceFeatures) -> Vec<f32> {
        if let (Some(packed), Some(net)) = (&self.packed, &self.network) {
            return self.packed_emissions(packed, net, feats);
        }
        let n = feats.len();
        let mut scores = vec![0.0f32; n * NUM_TAGS];
        let mut rows: Vec<u32> = Vec::with_capacity(64);
        let mut hidden = vec![0.0f32; self.network.as_ref().map_or(0, |m| m.hidden)];
        let mut sums = vec![0i32; hidden.len()];
        for i in 0..n {
            let row = &mut scores[i * NUM_TAGS..(i + 1) * NUM_TAGS];
            rows.clear();
            for f in feats.token(i) {
                if let Some(&r) = self.index.get(f) {
                    rows.push(r);
                    let w = &self.weights[r as usize * NUM_TAGS..(r as usize + 1) * NUM_TAGS];
                    for (s, x) in row.iter_mut().zip(w) {
                        *s += x;
                    }
                }
            }
            if let Some(net) = &self.network {
                net.hidden(&rows, &mut sums, &mut hidden);
                for (s, l) in row.iter_mut().zip(net.logits(&hidden)) {
                    *s += net.weight * l;
                }
            }
        }
        scores
    }

    /// [`Model::emissions`] over [`Packed`] rows: integer sums, scaled once per token.
    #[inline(always)]
    fn packed_emissions(
        &self,
        packed: &Packed,
        net: &Network,
        feats: &SentenceFeatures,
    ) -> Vec<f32> {
        let n = feats.len();
        let mut scores = vec![0.0f32; n * NUM_TAGS];
        let mut hidden = [0.0f32; LANES];
        for i in 0..n {
            let mut weights = [0i32; 32];
            let mut vector = [0i16; LANES];
            for f in feats.token(i) {
                let Some(&r) = self.index.get(f) else {
                    continue;
                };
                let Some(row) = packed.rows.get(r as usize) else {
                    continue;
                };
                for (a, &w) in weights.iter_mut().zip(&row.weights) {
                    *a += i32::from(w);
                }
                for (a, &x) in vector.iter_mut().zip(&row.vector) {
                    *a = a.saturating_add(i16::from(x));
                }
            }
            for ((o, &a), b) in hidden.iter_mut().zip(&vector).zip(&net.hidden_bias) {
                *o = squash(f32::from(a) * packed.vector_scale + b);
            }
            let logits = net.logits(&hidden);
            let row = &mut scores[i * NUM_TAGS..(i + 1) * NUM_TAGS];
            for ((s, &w), l) in row.iter_mut().zip(&weights).zip(logits) {
                *s = w as f32 * packed.weight_scale + net.weight * l;
            }
        }
        scores
    }

    /// The best well-formed BILOU tag sequence for a sentence.
    pub fn decode(&self, feats: &SentenceFeatures) -> Vec<usize> {
        let emissions = self.emissions(feats);
        viterbi(&emissions, feats.len(), &self.transitions)
    }

    /// Write the model (gzip-compressed).
    pub fn write(&self, w: impl Write) -> std::io::Result<()> {
        let mut z = flate2::write::GzEncoder::new(w, flate2::Compression::best());
        z.write_all(MAGIC)?;
        let meta = self.metadata.as_bytes();
        z.write_all(&(meta.len() as u32).to_le_bytes())?;
        z.write_all(meta)?;
        let max = self
            .weights
            .iter()
            .fold(0.0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / f32::from(i16::MAX);
        z.write_all(&scale.to_le_bytes())?;
        for row in &self.transitions {
            for t in row {
                z.write_all(&t.to_le_bytes())?;
            }
        }
        let entries = entries_sorted(&self.index);
        z.write_all(&(entries.len() as u64).to_le_bytes())?;
        for &(h, r) in &entries {
            z.write_all(&h.to_le_bytes())?;
            for x in &self.weights[r as usize * NUM_TAGS..(r as usize + 1) * NUM_TAGS] {
                let q = (x / scale)
                    .round()
                    .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
                z.write_all(&q.to_le_bytes())?;
            }
        }
        match &self.network {
            None => z.write_all(&0u32.to_le_bytes())?,
            Some(net) => {
                z.write_all(&(net.hidden as u32).to_le_bytes())?;
                z.write_all(&net.weight.to_le_bytes())?;
                let (q, scale) = net.quantize();
                z.write_all(&scale.to_le_bytes())?;
                // Rows in the order the features were written (sorted by hash).
                let mut bytes = Vec::with_capacity(q.len());
                for &(_, r) in &entries {
                    let r = r as usize;
                    bytes.extend(
                        q[r * net.hidden..(r + 1) * net.hidden]
                            .iter()
                            .map(|&x| x as u8),
                    );
                }
                z.write_all(&bytes)?;
                for x in net
                    .hidden_bias
                    .iter()
                    .chain(&net.output)
                    .chain(&net.output_bias)
                {
                    z.write_all(&x.to_le_bytes())?;
                }
            }
        }
        z.finish()?;
        Ok(())
    }

    /// Read a model written by [`Model::write`].
    pub fn read(r: impl Read) -> Result<Model, ModelError> {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(r)
            .read_to_end(&mut bytes)
            .map_err(|e| ModelError::Corrupt(e.to_string()))?;
        let mut cur = Cursor {
            bytes: &bytes,
            pos: 0,
        };
        let version = match cur.take(8)? {
            m if m == MAGIC => 3,
            m if m == MAGIC_V2 => 2,
            m if m == MAGIC_V1 => 1,
            _ => return Err(ModelError::BadMagic),
        };
        let meta_len = cur.u32()? as usize;
        let metadata = String::from_utf8(cur.take(meta_len)?.to_vec())
            .map_err(|_| ModelError::Corrupt("metadata is not UTF-8".into()))?;
        let scale = cur.f32()?;
        let mut transitions = [[0.0; NUM_TAGS]; NUM_TAGS + 1];
        for row in transitions.iter_mut() {
            for t in row.iter_mut() {
                *t = cur.f32()?;
            }
        }
        let n = cur.u64()? as usize;
        if n > bytes.len() / (8 + 2 * NUM_TAGS) {
            return Err(ModelError::Corrupt(format!(
                "feature count {n} exceeds the file size"
            )));
        }
        let mut index = FeatureMap::default();
        index.reserve(n);
        let mut weights = Vec::with_capacity(n * NUM_TAGS);
        let mut stored = Vec::with_capacity(n * NUM_TAGS);
        for row in 0..n {
            let h = cur.u64()?;
            index.insert(h, row as u32);
            for _ in 0..NUM_TAGS {
                let q = cur.i16()?;
                stored.push(q);
                weights.push(f32::from(q) * scale);
            }
        }
        let network = if version >= 2 {
            read_network(&mut cur, n, version)?
        } else {
            None
        };
        let packed = match &network {
            Some(Network {
                hidden: LANES,
                quantized: Some((q, vector_scale)),
                ..
            }) => {
                let rows = stored
                    .chunks_exact(NUM_TAGS)
                    .zip(q.chunks_exact(LANES))
                    .map(|(w, v)| {
                        let mut row = PackedRow {
                            weights: [0; 32],
                            vector: [0; LANES],
                        };
                        row.weights[..NUM_TAGS].copy_from_slice(w);
                        row.vector.copy_from_slice(v);
                        row
                    })
                    .collect();
                Some(Packed {
                    rows,
                    weight_scale: scale,
                    vector_scale: *vector_scale,
                })
            }
            _ => None,
        };
        Ok(Model {
            index,
            weights,
            transitions,
            network,
            metadata,
            packed,
        })
    }
}

/// The features of `index` sorted by hash: the order of the file.
fn entries_sorted(index: &FeatureMap<u32>) -> Vec<(u64, u32)> {
    let mut entries: Vec<(u64, u32)> = index.iter().map(|(h, r)| (*h, *r)).collect();
    entries.sort_unstable();
    entries
}

/// The network section of a version 2 or 3 file; the file's features were read into rows
/// `0..features` in file order.
fn read_network(
    cur: &mut Cursor,
    features: usize,
    version: u8,
) -> Result<Option<Network>, ModelError> {
    let bytes_per_value = if version == 2 { 2 } else { 1 };
    let hidden = cur.u32()? as usize;
    if hidden == 0 {
        return Ok(None);
    }
    let left = cur.bytes.len() - cur.pos;
    let needed = features
        .checked_mul(hidden)
        .and_then(|v| v.checked_mul(bytes_per_value))
        .filter(|&v| v <= left);
    if hidden > MAX_HIDDEN || needed.is_none() {
        return Err(ModelError::Corrupt(format!(
            "network of {hidden} hidden units over {features} features exceeds the file size"
        )));
    }
    let weight = cur.f32()?;
    let scale = cur.f32()?;
    let (vectors, quantized) = if version == 2 {
        let mut vectors = Vec::with_capacity(features * hidden);
        for _ in 0..features * hidden {
            vectors.push(f32::from(cur.i16()?) * scale);
        }
        (vectors, None)
    } else {
        let q = cur
            .take(features * hidden)?
            .iter()
            .map(|&b| b as i8)
            .collect();
        (Vec::new(), Some((q, scale)))
    };
    let mut floats =
        |count: usize| -> Result<Vec<f32>, ModelError> { (0..count).map(|_| cur.f32()).collect() };
    let hidden_bias = floats(hidden)?;
    let output = floats(hidden * NUM_TAGS)?;
    let mut output_bias = [0.0; NUM_TAGS];
    output_bias.copy_from_slice(&floats(NUM_TAGS)?);
    Ok(Some(Network {
        hidden,
        weight,
        vectors,
        quantized,
        hidden_bias,
        output,
        output_bias,
    }))
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| {
            ModelError::Corrupt(format!("file ends at byte {}", self.bytes.len()))
        })?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_le_bytes(self.array()?))
    }
}

/// The well-formedness constraints as tables, built once per process: for each tag the tags
/// allowed before it, the tags allowed first and the tags allowed last.
struct Constraints {
    preds: [[u8; NUM_TAGS]; NUM_TAGS],
    npreds: [usize; NUM_TAGS],
    start: [bool; NUM_TAGS],
    end: [bool; NUM_TAGS],
}

fn constraints() -> &'static Constraints {
    static TABLE: std::sync::OnceLock<Constraints> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut c = Constraints {
            preds: [[0; NUM_TAGS]; NUM_TAGS],
            npreds: [0; NUM_TAGS],
            start: [false; NUM_TAGS],
            end: [false; NUM_TAGS],
        };
        for t in 0..NUM_TAGS {
            for p in 0..NUM_TAGS {
                if allowed(Some(p), t) {
                    c.preds[t][c.npreds[t]] = p as u8;
                    c.npreds[t] += 1;
                }
            }
            c.start[t] = allowed(None, t);
            c.end[t] = can_end(t);
        }
        c
    })
}

/// Viterbi over BILOU tags with hard well-formedness constraints.
pub fn viterbi(
    emissions: &[f32],
    n: usize,
    transitions: &[[f32; NUM_TAGS]; NUM_TAGS + 1],
) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    // A finite "impossible" score keeps the inner loop free of infinity checks.
    const NEG: f32 = -1.0e30;
    let c = constraints();
    let mut prev = [NEG; NUM_TAGS];
    for (t, p) in prev.iter_mut().enumerate() {
        if c.start[t] {
            *p = transitions[START][t] + emissions[t];
        }
    }
    let mut back = vec![0u8; n * NUM_TAGS];
    let mut cur = [NEG; NUM_TAGS];
    for i in 1..n {
        let em = &emissions[i * NUM_TAGS..(i + 1) * NUM_TAGS];
        for t in 0..NUM_TAGS {
            let mut best = NEG;
            let mut arg = 0u8;
            for &p in &c.preds[t][..c.npreds[t]] {
                let s = prev[p as usize] + transitions[p as usize][t];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            cur[t] = best + em[t];
            back[i * NUM_TAGS + t] = arg;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut best = f32::NEG_INFINITY;
    let mut last = 0;
    for (t, &s) in prev.iter().enumerate() {
        if c.end[t] && s > best {
            best = s;
            last = t;
        }
    }
    let mut tags = vec![0usize; n];
    tags[n - 1] = last;
    for i in (1..n).rev() {
        tags[i - 1] = back[i * NUM_TAGS + tags[i]] as usize;
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::tags::{split, tag, Part};
    use readout_core::EntityType;

    /// A model of three features whose network has `hidden` units, with made-up weights.
    fn model_with_network(hidden: usize) -> Model {
        let mut m = Model::empty();
        for (row, hash) in [11u64, 22, 33].into_iter().enumerate() {
            m.index.insert(hash, row as u32);
        }
        m.weights = (0..3 * NUM_TAGS)
            .map(|i| ((i * 7) % 5) as f32 - 2.0)
            .collect();
        m.network = Some(Network {
            hidden,
            weight: 2.0,
            vectors: (0..3 * hidden)
                .map(|i| ((i * 13) % 11) as f32 / 10.0 - 0.5)
                .collect(),
            quantized: None,
            hidden_bias: (0..hidden).map(|j| j as f32 / 100.0).collect(),
            output: (0..hidden * NUM_TAGS)
                .map(|k| ((k * 3) % 7) as f32 / 7.0 - 0.4)
                .collect(),
            output_bias: [0.1; NUM_TAGS],
        });
        m
    }

    fn two_tokens() -> SentenceFeatures {
        SentenceFeatures {
            offsets: vec![0, 3, 5],
            // The fourth feature of the first token is unknown to the model.
            ids: vec![11, 22, 99, 33, 11],
        }
    }

    #[test]
    fn network_survives_the_file_and_adds_its_scores() {
        // 32 units take the specialised 16-bit path, 5 the general one.
        for hidden in [32, 5] {
            let m = model_with_network(hidden);
            let mut buf = Vec::new();
            m.write(&mut buf).unwrap();
            let r = Model::read(&buf[..]).unwrap();
            let net = r.network.as_ref().unwrap();
            assert_eq!(net.hidden, hidden);
            assert!(net.vectors.is_empty() && net.quantized.is_some());
            let feats = two_tokens();
            let (a, b) = (m.emissions(&feats), r.emissions(&feats));
            for (x, y) in a.iter().zip(&b) {
                // Vectors of magnitude ≤ 0.5 are stored in steps of 0.5/127.
                assert!((x - y).abs() < 0.1, "{hidden} units: {x} vs {y}");
            }
            let mut linear = m.clone();
            linear.network = None;
            let diff: f32 = linear
                .emissions(&feats)
                .iter()
                .zip(&a)
                .map(|(x, y)| (x - y).abs())
                .sum();
            assert!(diff > 1.0, "the network adds nothing ({diff})");
        }
    }

    #[test]
    fn truncated_network_is_an_error() {
        let mut buf = Vec::new();
        model_with_network(32).write(&mut buf).unwrap();
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&buf[..])
            .read_to_end(&mut raw)
            .unwrap();
        raw.truncate(raw.len() - 40);
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&raw).unwrap();
        let cut = z.finish().unwrap();
        assert!(matches!(Model::read(&cut[..]), Err(ModelError::Corrupt(_))));
    }

    #[test]
    fn squash_is_close_to_tanh() {
        let mut last = -1.0f32;
        for i in -600..=600 {
            let x = i as f32 / 100.0;
            let y = squash(x);
            assert!((y - x.tanh()).abs() < 0.025, "squash({x}) = {y}");
            assert!(
                y >= last - 1e-6 && y.abs() <= 1.0 + 1e-6,
                "squash({x}) = {y}"
            );
            last = y;
        }
        assert_eq!(squash(0.0), 0.0);
        assert_eq!(squash(50.0), 1.0);
    }

    #[test]
    fn viterbi_respects_constraints() {
        // Emissions prefer B-PER then O, which is ill-formed: the decoder must pick a valid path.
        let mut e = vec![0.0f32; 2 * NUM_TAGS];
        e[tag(EntityType::Person, Part::Begin)] = 5.0;
        e[NUM_TAGS] = 5.0;
        e[NUM_TAGS + tag(EntityType::Person, Part::Last)] = 1.0;
        let t = viterbi(&e, 2, &[[0.0; NUM_TAGS]; NUM_TAGS + 1]);
        assert_eq!(split(t[0]), Some((EntityType::Person, Part::Begin)));
        assert_eq!(split(t[1]), Some((EntityType::Person, Part::Last)));
    }

    #[test]
    fn write_read_round_trip() {
        let mut m = Model::empty();
        m.index.insert(42, 0);
        m.weights = (0..NUM_TAGS).map(|i| i as f32 - 3.0).collect();
        m.transitions[START][1] = 0.5;
        m.metadata = "{\"epochs\":1}".into();
        let mut buf = Vec::new();
        m.write(&mut buf).unwrap();
        let r = Model::read(&buf[..]).unwrap();
        assert_eq!(r.metadata, m.metadata);
        assert_eq!(r.transitions[START][1], 0.5);
        for (a, b) in r.weights.iter().zip(&m.weights) {
            assert!((a - b).abs() < 1e-3);
        }
        assert!(matches!(
            Model::read(&b"not gzip"[..]),
            Err(ModelError::Corrupt(_))
        ));
    }
}
