//! Training: a structured averaged perceptron (Collins 2002) over the features of
//! [`super::features`], decoded with constrained Viterbi.
//!
//! Reproducible: sentence order is shuffled with a fixed seed, so the same data and options
//! give the same model, byte for byte.

use super::conll::ConllDocument;
use super::features::{extract, DocContext, History, Resources, SentenceFeatures};
use super::model::{viterbi, FeatureMap, Model, START};
use super::tags::{bilou_from_spans, spans_from_bilou, spans_from_bio, Tag, NUM_TAGS};

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed for the sentence order.
    pub seed: u64,
    /// Features whose averaged weights are all below this (absolute) are dropped from the
    /// saved model.
    pub prune_below: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 2003,
            prune_below: 1e-3,
        }
    }
}

/// A sentence ready for training: its tokens, static features and gold BILOU tags.
pub struct Example {
    tokens: Vec<String>,
    features: SentenceFeatures,
    gold: Vec<Tag>,
}

/// A document's examples, in order (the prediction history runs through a document).
pub type DocExamples = Vec<Example>;

/// Turn CoNLL documents into training examples (static features computed once).
pub fn examples(res: &Resources, docs: &[ConllDocument]) -> Vec<DocExamples> {
    let mut all = Vec::new();
    for doc in docs {
        let mut out = Vec::new();
        let sentences: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        let ctx = DocContext::new(&sentences);
        for (s, toks) in doc.sentences.iter().zip(&sentences) {
            let spans = spans_from_bio(&s.labels);
            out.push(Example {
                tokens: s.tokens.clone(),
                features: extract(res, &ctx, toks),
                gold: bilou_from_spans(toks.len(), &spans),
            });
        }
        all.push(out);
    }
    all
}

/// Weights plus the running sums needed for averaging.
struct Learner {
    model: Model,
    /// Σ (step × update) per weight, for the averaged perceptron.
    sums: Vec<f32>,
    trans_sums: [[f32; NUM_TAGS]; NUM_TAGS + 1],
    step: f32,
}

impl Learner {
    fn row(&mut self, f: u64) -> usize {
        let next = self.model.index.len() as u32;
        let r = *self.model.index.entry(f).or_insert(next) as usize;
        if r == next as usize {
            self.model.weights.extend([0.0; NUM_TAGS]);
            self.sums.extend([0.0; NUM_TAGS]);
        }
        r
    }

    fn update(&mut self, ex: &Example, features: &SentenceFeatures, predicted: &[Tag]) {
        let step = self.step;
        for i in 0..ex.gold.len() {
            let (g, p) = (ex.gold[i], predicted[i]);
            if g != p {
                for &f in features.token(i) {
                    let r = self.row(f);
                    self.model.weights[r * NUM_TAGS + g] += 1.0;
                    self.sums[r * NUM_TAGS + g] += step;
                    self.model.weights[r * NUM_TAGS + p] -= 1.0;
                    self.sums[r * NUM_TAGS + p] -= step;
                }
            }
            let gp = if i == 0 { START } else { ex.gold[i - 1] };
            let pp = if i == 0 { START } else { predicted[i - 1] };
            if gp != pp || g != p {
                self.model.transitions[gp][g] += 1.0;
                self.trans_sums[gp][g] += step;
                self.model.transitions[pp][p] -= 1.0;
                self.trans_sums[pp][p] -= step;
            }
        }
    }

    /// The averaged model, pruned of near-zero features.
    fn averaged(&self, prune_below: f32) -> Model {
        let c = self.step;
        let mut out = Model::empty();
        out.transitions = self.model.transitions;
        for (row, trow) in out.transitions.iter_mut().zip(&self.trans_sums) {
            for (t, s) in row.iter_mut().zip(trow) {
                *t -= s / c;
            }
        }
        let mut entries: Vec<(u64, u32)> = self.model.index.iter().map(|(h, r)| (*h, *r)).collect();
        entries.sort_unstable();
        let mut index = FeatureMap::default();
        for (h, r) in entries {
            let r = r as usize;
            let avg: Vec<f32> = (0..NUM_TAGS)
                .map(|t| self.model.weights[r * NUM_TAGS + t] - self.sums[r * NUM_TAGS + t] / c)
                .collect();
            if avg.iter().any(|w| w.abs() >= prune_below) {
                index.insert(h, index.len() as u32);
                out.weights.extend(avg);
            }
        }
        out.index = index;
        out
    }
}

/// Deterministic PRNG (splitmix64) for shuffling.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Entity-level counts (true positives, predicted, gold) of a model on documents.
pub fn evaluate(model: &Model, docs: &[DocExamples]) -> (usize, usize, usize) {
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    for doc in docs {
        let mut history = History::default();
        for ex in doc {
            let features = history.add_features(&ex.tokens, &ex.features);
            let p = spans_from_bilou(&model.decode(&features));
            history.record(&ex.tokens, &p);
            let g = spans_from_bilou(&ex.gold);
            tp += p.iter().filter(|s| g.contains(s)).count();
            pred += p.len();
            gold += g.len();
        }
    }
    (tp, pred, gold)
}

/// F1 from entity counts.
pub fn f1((tp, pred, gold): (usize, usize, usize)) -> f64 {
    let p = if pred > 0 {
        tp as f64 / pred as f64
    } else {
        0.0
    };
    let r = if gold > 0 {
        tp as f64 / gold as f64
    } else {
        0.0
    };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Train on `train`, reporting development-set F1 after each epoch through `progress`.
/// Returns the averaged model after the last epoch and the per-epoch dev F1 scores.
pub fn train(
    train: &mut [DocExamples],
    dev: &[DocExamples],
    options: &TrainOptions,
    mut progress: impl FnMut(usize, f64),
) -> (Model, Vec<f64>) {
    let mut learner = Learner {
        model: Model::empty(),
        sums: Vec::new(),
        trans_sums: [[0.0; NUM_TAGS]; NUM_TAGS + 1],
        step: 1.0,
    };
    let mut dev_scores = Vec::new();
    for epoch in 0..options.epochs {
        shuffle(train, options.seed.wrapping_add(epoch as u64));
        for doc in train.iter() {
            let mut history = History::default();
            for ex in doc {
                let features = history.add_features(&ex.tokens, &ex.features);
                let emissions = learner.model.emissions(&features);
                let predicted = viterbi(&emissions, ex.gold.len(), &learner.model.transitions);
                if predicted != ex.gold {
                    learner.update(ex, &features, &predicted);
                }
                history.record(&ex.tokens, &spans_from_bilou(&predicted));
                learner.step += 1.0;
            }
        }
        if !dev.is_empty() {
            let avg = learner.averaged(0.0);
            let score = f1(evaluate(&avg, dev));
            dev_scores.push(score);
            progress(epoch + 1, score);
        } else {
            progress(epoch + 1, f64::NAN);
        }
    }
    (learner.averaged(options.prune_below), dev_scores)
}

/// Unlabeled text for word clusters: tokenized sentences from the training and development
/// splits of the news sets under `data` (see [`super::corpus`]). Fails when CoNLL-2003's
/// training split is missing, since the clusters would then miss the tagger's own domain.
pub fn unlabeled_corpus(data: &std::path::Path) -> crate::Result<Vec<Vec<String>>> {
    let train = data.join("conll2003-en/eng.train");
    if !train.exists() {
        return Err(crate::Error::Io {
            path: train,
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "CoNLL-2003 training split not found",
            ),
        });
    }
    Ok(super::corpus::gather(data)
        .into_iter()
        .flat_map(|(_, s)| s)
        .collect())
}
