//! Word clusters induced from unlabeled text: features for the entity tagger.
//!
//! A perceptron tagger trained on ~200k tokens of CoNLL-2003 has never seen most of the
//! words it meets in news. Word clusters learnt from a larger unlabeled corpus let it
//! generalise from "Tuesday" to "Thursday" and from "Germany" to "Estonia": each word gets a
//! cluster id at [`GRANULARITIES`] granularities (default 32, 256 and 1024 clusters), and
//! the tagger uses the ids as features, the way Brown-cluster path prefixes are used.
//!
//! Brown clustering is too slow for the corpus sizes and time budget here, so the clusters
//! come from a fast distributional recipe:
//!
//! 1. Words are lowercased ([`Clusters::get`] lowercases its query the same way). The
//!    vocabulary is every word seen at least [`InduceOptions::min_count`] times, at most
//!    [`InduceOptions::max_words`] of them, most frequent first.
//! 2. Each occurrence of a vocabulary word counts its left and its right neighbour as two
//!    separate context features. A neighbour among the 3,000 most frequent words is its own
//!    feature; a rarer neighbour falls into one of six shape buckets (number, Capitalized,
//!    ALLCAPS, lowercase, punctuation, other), taken from the token as written, because
//!    "followed by some rare capitalized word" is exactly what names share. Sentence starts
//!    and ends are features too.
//! 3. The counts are weighted by positive pointwise mutual information with the context
//!    distribution smoothed by α = 0.75 (Levy, Goldberg & Dagan 2015), which keeps rare
//!    contexts from dominating.
//! 4. A randomized SVD (Halko, Martinsson & Tropp 2011: seeded Gaussian projection, two power
//!    iterations, modified Gram–Schmidt) reduces the sparse PPMI matrix to
//!    [`InduceOptions::dims`] dimensions; word vectors are `U·Σ^½`, L2-normalised.
//! 5. Spherical k-means (cosine similarity), seeded k-means++-style from the seeded
//!    generator, clusters the vectors once for each k in [`InduceOptions::ks`].
//!
//! [`from_vectors`] skips steps 1–4 and runs the same k-means on pre-trained word
//! vectors (such as spaCy's static vectors, read by the sibling `vectors` module), which
//! cover far more words than any corpus induced here.
//!
//! Everything is single-threaded and seeded by [`InduceOptions::seed`], with fixed iteration
//! orders and tie-breaks, so the same input and options give byte-identical
//! [`Clusters::write_tsv`] output from the same build. Cluster ids are renumbered so that id
//! 0 is the cluster of the most frequent word, id 1 that of the most frequent word not in
//! cluster 0, and so on; ids carry no other meaning.
//!
//! Cost: about 3–5 million tokens and 60,000 words take well under a minute of one core
//! in a release build and a few hundred MB of memory; nothing is quadratic in the
//! vocabulary (the largest step is k-means, vocabulary × k × dims per iteration).
//!
//! ```
//! use readout_pipeline::ner::clusters::Clusters;
//! use readout_train::ner::clusters::{induce, InduceOptions};
//!
//! let sentences: Vec<Vec<String>> = ["we met on monday in paris", "we met on friday in rome"]
//!     .iter()
//!     .map(|s| s.split(' ').map(String::from).collect())
//!     .collect();
//! let options = InduceOptions { min_count: 1, ks: [2, 3, 4], ..InduceOptions::default() };
//! let clusters = induce(&sentences, &options);
//! assert_eq!(clusters.len(), 8);
//! let monday = clusters.get("Monday").unwrap();
//! assert!(monday.iter().zip(clusters.ks()).all(|(&id, k)| usize::from(id) < k));
//!
//! let mut tsv = Vec::new();
//! clusters.write_tsv(&mut tsv).unwrap();
//! let back = Clusters::read_tsv(&tsv[..]).unwrap();
//! assert_eq!(back.get("monday"), Some(monday));
//! ```

use readout_pipeline::ner::clusters::{fold, Clusters, GRANULARITIES};
use rustc_hash::FxHashMap as HashMap;

/// How many of the most frequent words are context features of their own; rarer
/// neighbours fall into shape buckets. A few thousand covers the function words, titles,
/// verbs of saying and prepositions that distinguish entity types.
const CONTEXT_WORDS: usize = 3000;

/// Number of shape buckets for rare neighbours (see [`shape`]).
const SHAPES: usize = 6;

/// Shape of tokens that must not become vocabulary words (see [`usable`]).
const SHAPE_OTHER: u8 = 5;

/// Context-distribution smoothing exponent: raising context counts to 0.75 before
/// normalising lowers the PMI of rare contexts, which otherwise dominate PPMI.
const CDS_ALPHA: f64 = 0.75;

/// Extra random directions in the randomized SVD beyond `dims`: they make the leading
/// `dims` singular vectors accurate.
const OVERSAMPLE: usize = 16;

/// Power iterations of the randomized SVD: the PPMI spectrum decays slowly, and each
/// iteration sharpens the separation of the leading singular vectors from the tail.
const POWER_ITERATIONS: usize = 2;

/// Settings for [`induce`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InduceOptions {
    /// Words (lowercased) seen fewer times than this get no cluster. Default 2: a word seen
    /// once has only two neighbours, too few to place it.
    pub min_count: usize,
    /// At most this many words get clusters, most frequent first (ties broken by the
    /// word's text). Default 60,000.
    pub max_words: usize,
    /// Dimensions of the word vectors that k-means clusters. Default 80.
    pub dims: usize,
    /// Seed of the pseudo-random generator (random projection and k-means seeding).
    /// Default 20030531.
    pub seed: u64,
    /// Number of clusters at each granularity, coarse to fine. Default `[32, 256, 1024]`:
    /// coarse ids generalise widely (weekdays, countries, first names), fine ids keep
    /// distinctions the tagger can use once it has seen enough examples. Each k is clamped
    /// to 1..=65,536 (ids are `u16`) and to the vocabulary size.
    pub ks: [usize; GRANULARITIES],
    /// Spherical k-means iterations for each granularity (fewer when assignments stop
    /// changing). Default 15.
    pub iterations: usize,
}

impl Default for InduceOptions {
    fn default() -> Self {
        InduceOptions {
            min_count: 2,
            max_words: 60_000,
            dims: 80,
            seed: 20_030_531,
            ks: [32, 256, 1024],
            iterations: 15,
        }
    }
}

/// Induce clusters from tokenized sentences (each sentence a Vec of tokens as written).
///
/// Tokens keep their case here because the shape of a rare neighbour ("Capitalized")
/// is a context feature; the words themselves are lowercased. Tokens that are empty or
/// contain a tab, newline or carriage return never become words (they would break the
/// TSV format) but still count as neighbours.
pub fn induce(sentences: &[Vec<String>], options: &InduceOptions) -> Clusters {
    let corpus = Corpus::read(sentences);
    let vocab = corpus.vocabulary(options.min_count.max(1), options.max_words);
    let v = vocab.words.len();
    let ks = options.ks.map(|k| k.clamp(1, 1 << 16).min(v));
    if v == 0 {
        return Clusters::from_ids(ks, HashMap::default());
    }
    let matrix = corpus.ppmi(&vocab);
    let mut rng = SplitMix64::new(options.seed);
    let vectors = embed(&matrix, options.dims.max(1), &mut rng);
    let assignments = cluster_granularities(&vectors, ks, options.iterations, options.seed);
    let mut ids = HashMap::with_capacity_and_hasher(v, Default::default());
    for (w, word) in vocab.words.iter().enumerate() {
        let mut row = [0u16; GRANULARITIES];
        for (g, assign) in assignments.iter().enumerate() {
            // k ≤ 65,536, so every id fits.
            row[g] = assign[w] as u16;
        }
        ids.insert(corpus.types[*word as usize].clone(), row);
    }
    Clusters::from_ids(ks, ids)
}

/// Cluster pre-trained word vectors with the spherical k-means of [`induce`].
///
/// `vectors` is a row-major matrix of `dims` values per row. Each row is L2-normalised
/// (a zero row stays zero) and the rows are clustered once for each k in `ks`, coarse to
/// fine, in at most `iterations` rounds, with the pseudo-random streams of `seed` that
/// [`induce`] uses. Each k is clamped to 1..=65,536 and to the number of rows.
/// Ids are renumbered in row order: row 0's cluster is 0, the cluster of the first row
/// outside it 1, and so on.
///
/// `words` pairs each word with its row; several words may share a row (as in vector
/// tables pruned to fewer rows than keys) and then share their ids. Words are
/// lowercased for lookup like [`Clusters::get`]; when several fold to the same form the
/// first one wins, so list preferred spellings first. Words that are empty or contain a
/// tab, newline or carriage return are skipped (they would break the TSV format).
///
/// The same inputs give byte-identical [`Clusters::write_tsv`] output from the same
/// build.
///
/// ```
/// use readout_train::ner::clusters::from_vectors;
///
/// // Two directions, two rows near each; "Paris" and "paris" share row 0.
/// let vectors = [1.0, 0.1, 0.9, 0.0, 0.0, 1.0, 0.1, 0.8];
/// let words = [("Paris", 0), ("paris", 0), ("rome", 1), ("monday", 2), ("friday", 3)];
/// let clusters = from_vectors(&vectors, 2, words, [2, 2, 4], 10, 7);
/// assert_eq!(clusters.len(), 4);
/// assert_eq!(clusters.ks(), [2, 2, 4]);
/// assert_eq!(clusters.get("rome").unwrap()[0], clusters.get("PARIS").unwrap()[0]);
/// assert_ne!(clusters.get("rome").unwrap()[0], clusters.get("friday").unwrap()[0]);
/// ```
///
/// # Panics
///
/// If `dims` is 0, `vectors.len()` is not a multiple of `dims`, or a word's row is not
/// below the number of rows.
pub fn from_vectors<'a>(
    vectors: &[f32],
    dims: usize,
    words: impl IntoIterator<Item = (&'a str, usize)>,
    ks: [usize; GRANULARITIES],
    iterations: usize,
    seed: u64,
) -> Clusters {
    assert!(
        dims > 0 && vectors.len() % dims == 0,
        "{} values do not make rows of {dims}",
        vectors.len()
    );
    let n = vectors.len() / dims;
    let ks = ks.map(|k| k.clamp(1, 1 << 16).min(n));
    let mut x = Dense {
        rows: n,
        cols: dims,
        data: vectors.to_vec(),
    };
    for i in 0..n {
        normalize(x.row_mut(i));
    }
    let assignments = if n == 0 {
        Vec::new()
    } else {
        cluster_granularities(&x, ks, iterations, seed)
    };
    let mut ids = HashMap::default();
    for (word, row) in words {
        assert!(row < n, "word {word:?} has row {row} of {n}");
        if !usable(word) {
            continue;
        }
        let key = fold(word);
        if ids.contains_key(key.as_ref()) {
            continue;
        }
        let mut entry = [0u16; GRANULARITIES];
        for (g, assign) in assignments.iter().enumerate() {
            // k ≤ 65,536, so every id fits.
            entry[g] = assign[row] as u16;
        }
        ids.insert(key.into_owned(), entry);
    }
    Clusters::from_ids(ks, ids)
}

/// Whether a token may become a vocabulary word: it must survive the TSV format.
fn usable(token: &str) -> bool {
    !token.is_empty() && !token.contains(['\t', '\n', '\r'])
}

/// Shape bucket of a rare neighbour, from the token as written: 0 number, 1 Capitalized,
/// 2 ALLCAPS, 3 lowercase, 4 punctuation or symbols only, 5 anything else.
fn shape(token: &str) -> u8 {
    if !usable(token) {
        return SHAPE_OTHER;
    }
    let (mut upper, mut lower, mut digit, mut alpha) = (0usize, 0usize, 0usize, 0usize);
    for c in token.chars() {
        if c.is_numeric() {
            digit += 1;
        } else if c.is_alphabetic() {
            alpha += 1;
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
    }
    let first_upper = token.chars().next().is_some_and(char::is_uppercase);
    if digit > 0 && alpha == 0 {
        0
    } else if alpha == 0 {
        4
    } else if digit > 0 {
        SHAPE_OTHER
    } else if upper > 1 && lower == 0 {
        2
    } else if first_upper {
        1
    } else if upper == 0 {
        3
    } else {
        SHAPE_OTHER
    }
}

/// The corpus interned: every token as a type id, plus its shape.
struct Corpus {
    /// Distinct lowercased tokens, in order of first appearance.
    types: Vec<String>,
    /// Occurrences of each type.
    counts: Vec<u64>,
    /// Type of each token, sentences concatenated; `u32::MAX` for unusable tokens.
    tokens: Vec<u32>,
    /// Shape bucket of each token.
    shapes: Vec<u8>,
    /// Where each sentence starts in `tokens`, plus a final end.
    starts: Vec<usize>,
}

/// The vocabulary: type ids in rank order, and the reverse map.
struct Vocabulary {
    /// Type id of each vocabulary word, most frequent first.
    words: Vec<u32>,
    /// Vocabulary index of each type, `u32::MAX` for types outside it.
    index: Vec<u32>,
}

/// A sparse matrix in compressed-row form.
struct Csr {
    /// Start of each row in `cols`/`vals`, plus a final end.
    row_ptr: Vec<usize>,
    /// Column of each stored value.
    cols: Vec<u32>,
    /// Stored values.
    vals: Vec<f32>,
    /// Number of columns.
    n_cols: usize,
}

impl Csr {
    /// Number of rows.
    fn n_rows(&self) -> usize {
        self.row_ptr.len() - 1
    }

    /// The stored entries of row `i`.
    fn row(&self, i: usize) -> impl Iterator<Item = (usize, f32)> + '_ {
        let range = self.row_ptr[i]..self.row_ptr[i + 1];
        self.cols[range.clone()]
            .iter()
            .zip(&self.vals[range])
            .map(|(&c, &v)| (c as usize, v))
    }
}

impl Corpus {
    /// Intern the tokens; each distinct lowercased form is lowercased and stored once.
    fn read(sentences: &[Vec<String>]) -> Corpus {
        let total: usize = sentences.iter().map(Vec::len).sum();
        let mut corpus = Corpus {
            types: Vec::new(),
            counts: Vec::new(),
            tokens: Vec::with_capacity(total),
            shapes: Vec::with_capacity(total),
            starts: Vec::with_capacity(sentences.len() + 1),
        };
        let mut lookup: HashMap<String, u32> = HashMap::default();
        for sentence in sentences {
            corpus.starts.push(corpus.tokens.len());
            for token in sentence {
                corpus.shapes.push(shape(token));
                if !usable(token) {
                    corpus.tokens.push(u32::MAX);
                    continue;
                }
                let folded = fold(token);
                let id = match lookup.get(folded.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = corpus.types.len() as u32;
                        corpus.types.push(folded.clone().into_owned());
                        corpus.counts.push(0);
                        lookup.insert(folded.into_owned(), id);
                        id
                    }
                };
                corpus.counts[id as usize] += 1;
                corpus.tokens.push(id);
            }
        }
        corpus.starts.push(corpus.tokens.len());
        corpus
    }

    /// Rank the types by count (ties by text, so the order does not depend on the corpus
    /// order) and keep the first `max_words` seen at least `min_count` times.
    fn vocabulary(&self, min_count: usize, max_words: usize) -> Vocabulary {
        let mut ranked: Vec<u32> = (0..self.types.len() as u32)
            .filter(|&t| self.counts[t as usize] >= min_count as u64)
            .collect();
        ranked.sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            self.counts[b]
                .cmp(&self.counts[a])
                .then_with(|| self.types[a].cmp(&self.types[b]))
        });
        ranked.truncate(max_words);
        let mut index = vec![u32::MAX; self.types.len()];
        for (w, &t) in ranked.iter().enumerate() {
            index[t as usize] = w as u32;
        }
        Vocabulary {
            words: ranked,
            index,
        }
    }

    /// The word × context PPMI matrix.
    ///
    /// Columns: left neighbours `[0, C)` are the C most frequent words, `[C, C+6)` shape
    /// buckets, `C+6` sentence start; right neighbours are the same block shifted by `C+7`
    /// with the last column meaning sentence end.
    fn ppmi(&self, vocab: &Vocabulary) -> Csr {
        let n_context = CONTEXT_WORDS.min(vocab.words.len());
        let block = n_context + SHAPES + 1;
        let feature = |pos: usize| -> u32 {
            let w = match self.tokens[pos] {
                u32::MAX => u32::MAX,
                t => vocab.index[t as usize],
            };
            if (w as usize) < n_context {
                w
            } else {
                (n_context + usize::from(self.shapes[pos])) as u32
            }
        };
        // (word, feature) pairs as sortable u64 keys: sorting then counting runs is
        // deterministic and needs no hash map over millions of pairs.
        let mut pairs: Vec<u64> = Vec::new();
        for s in self.starts.windows(2) {
            let (start, end) = (s[0], s[1]);
            for pos in start..end {
                let t = self.tokens[pos];
                if t == u32::MAX || vocab.index[t as usize] == u32::MAX {
                    continue;
                }
                let w = u64::from(vocab.index[t as usize]) << 32;
                let left = if pos == start {
                    (block - 1) as u32
                } else {
                    feature(pos - 1)
                };
                let right = if pos + 1 == end {
                    (2 * block - 1) as u32
                } else {
                    block as u32 + feature(pos + 1)
                };
                pairs.push(w | u64::from(left));
                pairs.push(w | u64::from(right));
            }
        }
        pairs.sort_unstable();

        let n_rows = vocab.words.len();
        let n_cols = 2 * block;
        let mut row_ptr = vec![0usize; n_rows + 1];
        let mut cols = Vec::new();
        let mut counts: Vec<f64> = Vec::new();
        let mut row_sum = vec![0f64; n_rows];
        let mut col_sum = vec![0f64; n_cols];
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i];
            let mut j = i;
            while j < pairs.len() && pairs[j] == key {
                j += 1;
            }
            let (w, c) = ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize);
            let n = (j - i) as f64;
            row_ptr[w + 1] += 1;
            cols.push(c as u32);
            counts.push(n);
            row_sum[w] += n;
            col_sum[c] += n;
            i = j;
        }
        drop(pairs);
        for w in 0..n_rows {
            row_ptr[w + 1] += row_ptr[w];
        }

        // PPMI(w, c) = max(0, ln(n(w,c)·Z / (n(w)·n(c)^α))), Z = Σ n(c)^α.
        let col_alpha: Vec<f64> = col_sum.iter().map(|&n| n.powf(CDS_ALPHA)).collect();
        let z: f64 = col_alpha.iter().sum();
        let mut out_ptr = vec![0usize; n_rows + 1];
        let mut out_cols = Vec::with_capacity(cols.len());
        let mut out_vals = Vec::with_capacity(cols.len());
        for w in 0..n_rows {
            for e in row_ptr[w]..row_ptr[w + 1] {
                let c = cols[e] as usize;
                let pmi = (counts[e] * z / (row_sum[w] * col_alpha[c])).ln();
                // Zeros are dropped: they cost multiplications and add nothing.
                if pmi > 0.0 {
                    out_cols.push(c as u32);
                    out_vals.push(pmi as f32);
                }
            }
            out_ptr[w + 1] = out_cols.len();
        }
        Csr {
            row_ptr: out_ptr,
            cols: out_cols,
            vals: out_vals,
            n_cols,
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 random bits.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is negligible for n ≪ 2^64.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Standard normal by Box–Muller (one of the pair is enough here).
    fn gaussian(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64(); // (0, 1]: ln stays finite
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// A dense row-major matrix of f32.
struct Dense {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

impl Dense {
    fn zeros(rows: usize, cols: usize) -> Dense {
        Dense {
            rows,
            cols,
            data: vec![0.0; rows * cols],
        }
    }

    fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    fn row_mut(&mut self, i: usize) -> &mut [f32] {
        &mut self.data[i * self.cols..(i + 1) * self.cols]
    }

    fn transpose(&self) -> Dense {
        let mut t = Dense::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t.data[j * self.rows + i] = self.data[i * self.cols + j];
            }
        }
        t
    }
}

/// `a · x` for sparse `a` (n × m) and row-major `x` (m × l).
fn mul(a: &Csr, x: &Dense) -> Dense {
    let mut y = Dense::zeros(a.n_rows(), x.cols);
    for i in 0..a.n_rows() {
        let out = y.row_mut(i);
        for (j, v) in a.row(i) {
            axpy(out, v, x.row(j));
        }
    }
    y
}

/// `aᵀ · x` for sparse `a` (n × m) and row-major `x` (n × l).
fn mul_t(a: &Csr, x: &Dense) -> Dense {
    let mut y = Dense::zeros(a.n_cols, x.cols);
    for i in 0..a.n_rows() {
        let xi = x.row(i);
        for (j, v) in a.row(i) {
            axpy(y.row_mut(j), v, xi);
        }
    }
    y
}

/// `y += a·x`.
fn axpy(y: &mut [f32], a: f32, x: &[f32]) {
    for (y, x) in y.iter_mut().zip(x) {
        *y += a * x;
    }
}

/// Dot product with eight independent partial sums, so that the compiler can vectorise it
/// (floating-point addition is not reassociated for us) and rounding error grows slower.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut tail = 0f32;
    for (x, y) in ra.iter().zip(rb) {
        tail += x * y;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

/// Orthonormalise the columns of row-major `x` by modified Gram–Schmidt, done twice
/// ("twice is enough", Giraud et al. 2005) because f32 loses orthogonality on long
/// columns. A column that is (numerically) in the span of the earlier ones becomes zero.
fn orthonormalize(x: &Dense) -> Dense {
    // Column-major while working, so that each column is one contiguous slice.
    let mut q = x.transpose();
    let n = q.cols; // the original row count: the length of each column
    for c in 0..q.rows {
        let (done, rest) = q.data.split_at_mut(c * n);
        let col = &mut rest[..n];
        let before = dot(col, col).sqrt();
        for _ in 0..2 {
            for p in 0..c {
                let prev = &done[p * n..(p + 1) * n];
                let r = dot(prev, col);
                axpy(col, -r, prev);
            }
        }
        let norm = dot(col, col).sqrt();
        let scale = if norm > 1e-5 * before && norm > 0.0 {
            1.0 / norm
        } else {
            0.0
        };
        col.iter_mut().for_each(|v| *v *= scale);
    }
    q.transpose()
}

/// Word vectors: rows of `U·Σ^½` from a randomized truncated SVD of `a`, L2-normalised.
/// The width is `dims` rounded up to a multiple of 8 (padding columns stay zero) so that
/// [`dot`] has no remainder loop.
fn embed(a: &Csr, dims: usize, rng: &mut SplitMix64) -> Dense {
    let v = a.n_rows();
    let l = (dims + OVERSAMPLE).min(v).min(a.n_cols).max(1);
    let d = dims.min(l);
    let mut omega = Dense::zeros(a.n_cols, l);
    omega
        .data
        .iter_mut()
        .for_each(|x| *x = rng.gaussian() as f32);
    let mut q = orthonormalize(&mul(a, &omega));
    drop(omega);
    for _ in 0..POWER_ITERATIONS {
        let z = orthonormalize(&mul_t(a, &q));
        q = orthonormalize(&mul(a, &z));
    }
    // B = Qᵀ·A (l × m), held transposed; its small Gram matrix B·Bᵀ = U_B·Λ·U_Bᵀ gives
    // A ≈ Q·U_B·Λ^½·V_Bᵀ, so the word vectors are Q·U_B·Λ^¼.
    let bt = mul_t(a, &q);
    let mut gram = vec![0f64; l * l];
    for r in 0..bt.rows {
        let row = bt.row(r);
        for i in 0..l {
            if row[i] == 0.0 {
                continue;
            }
            for j in i..l {
                gram[i * l + j] += f64::from(row[i]) * f64::from(row[j]);
            }
        }
    }
    for i in 0..l {
        for j in 0..i {
            gram[i * l + j] = gram[j * l + i];
        }
    }
    let (values, vectors) = jacobi_eigen(gram, l);
    let width = d.div_ceil(8) * 8;
    // Projection from Q's l columns to the d output dimensions, scaled by Λ^¼.
    let mut proj = Dense::zeros(l, width);
    for (k, &(value, col)) in values.iter().take(d).enumerate() {
        let scale = value.max(0.0).powf(0.25);
        for i in 0..l {
            proj.data[i * width + k] = (vectors[i * l + col] * scale) as f32;
        }
    }
    let mut out = Dense::zeros(v, width);
    for w in 0..v {
        let qw = q.row(w);
        let dst = out.row_mut(w);
        for (i, &x) in qw.iter().enumerate() {
            if x != 0.0 {
                axpy(dst, x, &proj.data[i * width..(i + 1) * width]);
            }
        }
        normalize(dst);
    }
    out
}

/// Scale to unit length; a zero vector stays zero.
fn normalize(x: &mut [f32]) {
    let norm = dot(x, x).sqrt();
    if norm > 0.0 {
        let inv = 1.0 / norm;
        x.iter_mut().for_each(|v| *v *= inv);
    }
}

/// Eigen-decomposition of a symmetric `n × n` matrix (row-major) by cyclic Jacobi
/// rotations: simple, accurate and fast enough for n ≈ 100. Returns (eigenvalue, column of
/// its eigenvector in the returned matrix) sorted by decreasing eigenvalue, and the
/// eigenvector matrix.
fn jacobi_eigen(mut a: Vec<f64>, n: usize) -> (Vec<(f64, usize)>, Vec<f64>) {
    let mut v = vec![0f64; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    let scale: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _sweep in 0..60 {
        let mut off = 0f64;
        for i in 0..n {
            for j in i + 1..n {
                off += a[i * n + j] * a[i * n + j];
            }
        }
        if off.sqrt() <= 1e-14 * scale || scale == 0.0 {
            break;
        }
        for p in 0..n {
            for r in p + 1..n {
                let apr = a[p * n + r];
                if apr.abs() <= 1e-300 {
                    continue;
                }
                let theta = (a[r * n + r] - a[p * n + p]) / (2.0 * apr);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // A ← Jᵀ·A·J, rotating rows and columns p and r.
                for k in 0..n {
                    let (akp, akr) = (a[k * n + p], a[k * n + r]);
                    a[k * n + p] = c * akp - s * akr;
                    a[k * n + r] = s * akp + c * akr;
                }
                for k in 0..n {
                    let (apk, ark) = (a[p * n + k], a[r * n + k]);
                    a[p * n + k] = c * apk - s * ark;
                    a[r * n + k] = s * apk + c * ark;
                }
                for k in 0..n {
                    let (vkp, vkr) = (v[k * n + p], v[k * n + r]);
                    v[k * n + p] = c * vkp - s * vkr;
                    v[k * n + r] = s * vkp + c * vkr;
                }
            }
        }
    }
    let mut values: Vec<(f64, usize)> = (0..n).map(|i| (a[i * n + i], i)).collect();
    values.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    (values, v)
}

/// Spherical k-means: assign each unit vector to the centroid of highest cosine, set each
/// centroid to the normalised mean of its members, repeat. Seeded k-means++-style
/// (Arthur & Vassilvitskii 2007) with distance `1 − cos` (half the squared Euclidean
/// distance of unit vectors). Returns the cluster of each row, in `0..k`.
fn spherical_kmeans(x: &Dense, k: usize, iterations: usize, rng: &mut SplitMix64) -> Vec<u32> {
    let (n, dim) = (x.rows, x.cols);
    let mut centroids = Dense::zeros(k, dim);
    // k-means++ seeding: each next seed is drawn with probability ∝ 1 − (best cosine to
    // the seeds so far); `taken` keeps duplicates out when many points coincide.
    let mut best = vec![f32::NEG_INFINITY; n];
    let mut taken = vec![false; n];
    let mut next = rng.below(n);
    for c in 0..k {
        taken[next] = true;
        centroids.row_mut(c).copy_from_slice(x.row(next));
        let seed = x.row(next);
        let mut total = 0f64;
        for (i, b) in best.iter_mut().enumerate() {
            *b = b.max(dot(x.row(i), seed));
            if !taken[i] {
                total += f64::from((1.0 - *b).max(0.0));
            }
        }
        if c + 1 == k {
            break;
        }
        let mut target = rng.next_f64() * total;
        next = usize::MAX;
        let mut last_free = usize::MAX;
        for i in 0..n {
            if taken[i] {
                continue;
            }
            last_free = i;
            let w = f64::from((1.0 - best[i]).max(0.0));
            if w > 0.0 && target < w {
                next = i;
                break;
            }
            target -= w;
        }
        if next == usize::MAX {
            // Every remaining point coincides with a seed (or rounding ran past the end):
            // take the last free one. k ≤ n, so one exists.
            next = last_free;
        }
    }

    let mut assign = vec![u32::MAX; n];
    let mut sims = vec![0f32; n];
    for _ in 0..iterations.max(1) {
        let mut changed = 0usize;
        for i in 0..n {
            let xi = x.row(i);
            let (mut arg, mut top) = (0u32, f32::NEG_INFINITY);
            for c in 0..k {
                let s = dot(xi, centroids.row(c));
                if s > top {
                    top = s;
                    arg = c as u32;
                }
            }
            if assign[i] != arg {
                assign[i] = arg;
                changed += 1;
            }
            sims[i] = top;
        }
        if changed == 0 {
            break;
        }
        // New centroids: normalised sums of members.
        centroids.data.iter_mut().for_each(|v| *v = 0.0);
        let mut sizes = vec![0usize; k];
        for (i, &c) in assign.iter().enumerate() {
            sizes[c as usize] += 1;
            axpy(centroids.row_mut(c as usize), 1.0, x.row(i));
        }
        for c in 0..k {
            normalize(centroids.row_mut(c));
        }
        // An empty cluster takes over the point worst served by its centroid, so that all
        // k clusters stay in use.
        let empty: Vec<usize> = (0..k).filter(|&c| sizes[c] == 0).collect();
        if !empty.is_empty() {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| sims[a].total_cmp(&sims[b]).then(a.cmp(&b)));
            let mut donors = order.into_iter();
            for c in empty {
                // Only points whose cluster keeps another member may move.
                let Some(i) = donors.by_ref().find(|&i| sizes[assign[i] as usize] > 1) else {
                    break;
                };
                sizes[assign[i] as usize] -= 1;
                sizes[c] += 1;
                assign[i] = c as u32;
                centroids.row_mut(c).copy_from_slice(x.row(i));
            }
        }
    }
    assign
}

/// Spherical k-means of the unit rows of `x` once for each k in `ks` (each in 1..=rows),
/// each granularity from its own pseudo-random stream of `seed`, ids renumbered by
/// [`renumber`]. Shared by [`induce`] and [`from_vectors`].
fn cluster_granularities(
    x: &Dense,
    ks: [usize; GRANULARITIES],
    iterations: usize,
    seed: u64,
) -> Vec<Vec<u32>> {
    let mut assignments = Vec::with_capacity(GRANULARITIES);
    for (g, &k) in ks.iter().enumerate() {
        // A separate stream per granularity: changing one k leaves the others alone.
        let mut rng = SplitMix64::new(seed ^ (0x9E37_79B9 * (g as u64 + 1)));
        let assign = spherical_kmeans(x, k, iterations, &mut rng);
        assignments.push(renumber(&assign, k));
    }
    assignments
}

/// Renumber clusters by their most frequent member: rows are in vocabulary order, so the
/// first row's cluster becomes 0, the next new cluster 1, and so on. Makes ids independent
/// of the internal numbering. (A cluster that ended empty gets no id; ids stay below k.)
fn renumber(assign: &[u32], k: usize) -> Vec<u32> {
    let mut map = vec![u32::MAX; k];
    let mut next = 0u32;
    for &c in assign {
        if map[c as usize] == u32::MAX {
            map[c as usize] = next;
            next += 1;
        }
    }
    assign.iter().map(|&c| map[c as usize]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEKDAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const CITIES: [&str; 7] = [
        "Paris", "London", "Berlin", "Madrid", "Rome", "Vienna", "Prague",
    ];
    const VERBS: [&str; 6] = ["said", "announced", "reported", "denied", "added", "warned"];
    const NOUNS: [&str; 6] = ["minister", "company", "police", "court", "bank", "union"];

    /// A small corpus where the words of each group share their contexts.
    fn corpus(sentences: usize, seed: u64) -> Vec<Vec<String>> {
        let mut rng = SplitMix64::new(seed);
        let mut pick = |list: &[&'static str]| list[rng.below(list.len())];
        let mut out = Vec::new();
        for i in 0..sentences {
            let (day, city, verb, noun) =
                (pick(&WEEKDAYS), pick(&CITIES), pick(&VERBS), pick(&NOUNS));
            let text = match i % 4 {
                0 => format!("the {noun} {verb} on {day} in {city} ."),
                1 => format!("in {city} , the {noun} {verb} it on {day} ."),
                2 => format!("a {noun} from {city} {verb} late on {day} night ."),
                _ => format!("on {day} , officials in {city} {verb} that the {noun} would act ."),
            };
            out.push(text.split(' ').map(String::from).collect());
        }
        out
    }

    fn options() -> InduceOptions {
        InduceOptions {
            min_count: 1,
            dims: 16,
            ks: [4, 8, 16],
            ..InduceOptions::default()
        }
    }

    /// Fraction of same-group pairs that share the coarsest cluster.
    fn cohesion(clusters: &Clusters, group: &[&str]) -> f64 {
        let ids: Vec<u16> = group.iter().map(|w| clusters.get(w).unwrap()[0]).collect();
        let (mut same, mut pairs) = (0u32, 0u32);
        for i in 0..ids.len() {
            for j in i + 1..ids.len() {
                pairs += 1;
                same += u32::from(ids[i] == ids[j]);
            }
        }
        f64::from(same) / f64::from(pairs)
    }

    #[test]
    fn groups_share_coarse_clusters() {
        let clusters = induce(&corpus(600, 7), &options());
        assert_eq!(clusters.ks(), [4, 8, 16]);
        // With 4 coarse clusters, chance would put a pair together about a quarter of the
        // time; words that share all their contexts should nearly always be together.
        for group in [&WEEKDAYS[..], &CITIES, &VERBS, &NOUNS] {
            let c = cohesion(&clusters, group);
            assert!(c >= 0.8, "{group:?} cohesion {c}");
        }
        let day = clusters.get("monday").unwrap()[0];
        let city = clusters.get("paris").unwrap()[0];
        assert_ne!(day, city, "weekdays and cities should be told apart");
        // Lookup lowercases its query; unknown words have no cluster.
        assert_eq!(clusters.get("MONDAY"), clusters.get("monday"));
        assert_eq!(clusters.get("Atlantis"), None);
    }

    #[test]
    fn deterministic() {
        let sentences = corpus(300, 11);
        let mut a = Vec::new();
        let mut b = Vec::new();
        induce(&sentences, &options()).write_tsv(&mut a).unwrap();
        induce(&sentences, &options()).write_tsv(&mut b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn tsv_round_trip() {
        let clusters = induce(&corpus(200, 3), &options());
        assert!(!clusters.is_empty());
        let mut tsv = Vec::new();
        clusters.write_tsv(&mut tsv).unwrap();
        let text = String::from_utf8(tsv.clone()).unwrap();
        assert!(text.starts_with("# readout clusters v1 k=4,8,16\n"));
        let words: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        assert_eq!(words, sorted);
        assert_eq!(words.len(), clusters.len());
        let back = Clusters::read_tsv(&tsv[..]).unwrap();
        assert_eq!(back, clusters);
        // CRLF line endings read the same.
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(Clusters::read_tsv(crlf.as_bytes()).unwrap(), clusters);
    }

    #[test]
    fn small_and_odd_inputs() {
        // Nothing to cluster.
        let empty = induce(&[], &InduceOptions::default());
        assert!(empty.is_empty());
        assert_eq!(empty, Clusters::default());
        let mut tsv = Vec::new();
        empty.write_tsv(&mut tsv).unwrap();
        assert_eq!(Clusters::read_tsv(&tsv[..]).unwrap(), empty);
        // Fewer words than clusters: k shrinks to the vocabulary; tokens that would break
        // the file format are never words.
        let sentences: Vec<Vec<String>> = vec![
            vec!["A".into(), "b".into(), "a\tb".into(), "".into()],
            vec!["b".into(), "a".into()],
        ];
        let clusters = induce(&sentences, &options());
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters.ks(), [2, 2, 2]);
        assert_eq!(clusters.get("a\tb"), None);
    }

    #[test]
    fn shapes() {
        assert_eq!(
            ["1,200", "Paris", "NATO", "said", "--", "G7", "McDonald", "a\tb"].map(shape),
            [0, 1, 2, 3, 4, 5, 1, 5]
        );
    }
}
