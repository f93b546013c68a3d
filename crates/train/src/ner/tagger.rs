//! Training: a structured averaged perceptron (Collins 2002) over the features of
//! [`readout_pipeline::ner::features`], decoded with constrained Viterbi; then a small network over the same
//! features ([`Network`]), trained by AdaGrad on each token's tag (softmax cross-entropy),
//! whose scores are added to the perceptron's.
//!
//! Reproducible: sentence order is shuffled with a fixed seed, so the same data and options
//! give the same model, byte for byte.

use readout_pipeline::ner::conll::ConllDocument;
use readout_pipeline::ner::features::{extract, DocContext, History, Resources, SentenceFeatures};
use readout_pipeline::ner::model::{squash, viterbi, FeatureMap, Model, Network, START};
use readout_pipeline::ner::tags::{
    bilou_from_spans, spans_from_bilou, spans_from_bio, Tag, NUM_TAGS,
};

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
    /// Hidden units of the network trained after the perceptron (0: no network).
    pub network_hidden: usize,
    /// Passes of the network over the training data.
    pub network_epochs: usize,
    /// Weight of the network's scores beside the perceptron's.
    pub network_weight: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 2003,
            prune_below: 1e-3,
            network_hidden: 32,
            network_epochs: 3,
            network_weight: 6.0,
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

/// The splitmix64 finaliser: a well-mixed 64-bit hash of `z`.
fn splitmix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Deterministic PRNG (splitmix64) for shuffling.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        splitmix64(state)
    };
    for i in (1..items.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// AdaGrad's base learning rate for the network.
const NETWORK_RATE: f32 = 0.05;

/// Derivative of [`squash`] at `x`.
fn squash_slope(x: f32) -> f32 {
    if x.abs() >= 3.0 {
        return 0.0;
    }
    let x2 = x * x;
    let d = 27.0 + 9.0 * x2;
    ((27.0 + 3.0 * x2) * d - 18.0 * x2 * (27.0 + x2)) / (d * d)
}

/// Train the network of `model` (a trained perceptron, whose feature rows the network
/// shares) on `docs`, with `options.network_*`. The features are those the tagger will see:
/// each sentence's own, plus the prediction history of the perceptron's tags earlier in its
/// document. Deterministic: seeded initialisation and sentence order.
pub fn train_network(model: &Model, docs: &mut [DocExamples], options: &TrainOptions) -> Network {
    let h = options.network_hidden;
    let rows_total = model.index.len();
    let mut state = options.seed ^ 0x6e65_7477_6f72_6b00;
    let mut uniform = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        (splitmix64(state) >> 11) as f32 / (1u64 << 53) as f32 * 2.0 - 1.0
    };
    let mut net = Network {
        hidden: h,
        weight: options.network_weight,
        vectors: (0..rows_total * h).map(|_| 0.02 * uniform()).collect(),
        quantized: None,
        hidden_bias: vec![0.0; h],
        output: (0..h * NUM_TAGS)
            .map(|_| uniform() / (h as f32).sqrt())
            .collect(),
        output_bias: [0.0; NUM_TAGS],
    };
    // Each token's feature rows and gold tag, per sentence, with the perceptron's history.
    let mut sentences: Vec<(Vec<Vec<u32>>, Vec<Tag>)> = Vec::new();
    for doc in docs.iter() {
        let mut history = History::default();
        for ex in doc {
            let features = history.add_features(&ex.tokens, &ex.features);
            let predicted = model.decode(&features);
            history.record(&ex.tokens, &spans_from_bilou(&predicted));
            let rows = (0..features.len())
                .map(|i| {
                    features
                        .token(i)
                        .iter()
                        .filter_map(|f| model.index.get(f).copied())
                        .collect()
                })
                .collect();
            sentences.push((rows, ex.gold.clone()));
        }
    }
    // AdaGrad accumulators, started small so the first steps are not huge.
    let mut g_vectors = vec![1e-6f32; net.vectors.len()];
    let mut g_hidden = vec![1e-6f32; h];
    let mut g_output = vec![1e-6f32; h * NUM_TAGS];
    let mut g_output_bias = [1e-6f32; NUM_TAGS];
    let step = |w: &mut f32, g2: &mut f32, g: f32| {
        *g2 += g * g;
        *w -= NETWORK_RATE * g / g2.sqrt();
    };
    let mut pre = vec![0.0f32; h];
    let mut act = vec![0.0f32; h];
    let mut d_pre = vec![0.0f32; h];
    for epoch in 0..options.network_epochs {
        shuffle(
            &mut sentences,
            options.seed.wrapping_add(1000 + epoch as u64),
        );
        for (rows, gold) in &sentences {
            for (token_rows, &g) in rows.iter().zip(gold) {
                pre.copy_from_slice(&net.hidden_bias);
                for &r in token_rows {
                    let v = &net.vectors[r as usize * h..(r as usize + 1) * h];
                    for (p, x) in pre.iter_mut().zip(v) {
                        *p += x;
                    }
                }
                for (a, p) in act.iter_mut().zip(&pre) {
                    *a = squash(*p);
                }
                let logits = net.logits(&act);
                let max = logits.iter().copied().fold(f32::MIN, f32::max);
                let z: f32 = logits.iter().map(|l| (l - max).exp()).sum();
                // Gradient of the cross-entropy with respect to the logits.
                let mut d_logits = [0.0f32; NUM_TAGS];
                for (t, d) in d_logits.iter_mut().enumerate() {
                    *d = (logits[t] - max).exp() / z - if t == g { 1.0 } else { 0.0 };
                }
                for j in 0..h {
                    let mut d_act = 0.0;
                    for (t, &d) in d_logits.iter().enumerate() {
                        let k = j * NUM_TAGS + t;
                        d_act += net.output[k] * d;
                        step(&mut net.output[k], &mut g_output[k], act[j] * d);
                    }
                    d_pre[j] = d_act * squash_slope(pre[j]);
                }
                let biases = net.output_bias.iter_mut().zip(&mut g_output_bias);
                for ((w, g2), &d) in biases.zip(&d_logits) {
                    step(w, g2, d);
                }
                let biases = net.hidden_bias.iter_mut().zip(&mut g_hidden);
                for ((w, g2), &d) in biases.zip(&d_pre) {
                    step(w, g2, d);
                }
                for &r in token_rows {
                    let range = r as usize * h..(r as usize + 1) * h;
                    let vector = net.vectors[range.clone()].iter_mut();
                    for ((w, g2), &d) in vector.zip(&mut g_vectors[range]).zip(&d_pre) {
                        step(w, g2, d);
                    }
                }
            }
        }
    }
    net
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

/// [`train`], then [`train_network`] on the same data when `options.network_hidden` and
/// `options.network_epochs` are not 0. Returns the model, the perceptron's per-epoch dev F1
/// and the dev F1 of the perceptron with its network (None without network or dev set).
pub fn train_with_network(
    train_docs: &mut [DocExamples],
    dev: &[DocExamples],
    options: &TrainOptions,
    progress: impl FnMut(usize, f64),
) -> (Model, Vec<f64>, Option<f64>) {
    let (mut model, dev_scores) = train(train_docs, dev, options, progress);
    if options.network_hidden == 0 || options.network_epochs == 0 {
        return (model, dev_scores, None);
    }
    model.network = Some(train_network(&model, train_docs, options));
    let with_network = (!dev.is_empty()).then(|| f1(evaluate(&model, dev)));
    (model, dev_scores, with_network)
}

/// Unlabeled text for word clusters: tokenized sentences from the training and development
/// splits of the news sets under `data` (see [`super::corpus`]). Fails when CoNLL-2003's
/// training split is missing, since the clusters would then miss the tagger's own domain.
pub fn unlabeled_corpus(data: &std::path::Path) -> readout_pipeline::Result<Vec<Vec<String>>> {
    let train = data.join("conll2003-en/eng.train");
    if !train.exists() {
        return Err(readout_pipeline::Error::Io {
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

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::EntityType;
    use readout_pipeline::ner::tags::{tag, Part, O};

    /// One-token sentences whose tag is PER when exactly one of two features is present
    /// (exclusive or): no weighting of the features one by one can tell all four apart.
    fn xor_examples() -> Vec<DocExamples> {
        let per = tag(EntityType::Person, Part::Unit);
        let patterns: [(&[u64], Tag); 4] =
            [(&[1], O), (&[1, 2], per), (&[1, 3], per), (&[1, 2, 3], O)];
        let doc = (0..40)
            .flat_map(|_| patterns.iter())
            .map(|(ids, gold)| Example {
                tokens: vec!["w".to_string()],
                features: SentenceFeatures {
                    offsets: vec![0, ids.len()],
                    ids: ids.to_vec(),
                },
                gold: vec![*gold],
            })
            .collect();
        vec![doc]
    }

    #[test]
    fn network_learns_a_conjunction() {
        let mut model = Model::empty();
        for (row, hash) in [1u64, 2, 3].into_iter().enumerate() {
            model.index.insert(hash, row as u32);
        }
        model.weights = vec![0.0; 3 * NUM_TAGS];
        let options = TrainOptions {
            network_epochs: 30,
            ..TrainOptions::default()
        };
        let net = train_network(&model, &mut xor_examples(), &options);
        let again = train_network(&model, &mut xor_examples(), &options);
        assert_eq!(net, again, "training is not reproducible");
        let per = tag(EntityType::Person, Part::Unit);
        let mut sums = vec![0i32; net.hidden];
        let mut hidden = vec![0.0f32; net.hidden];
        for (rows, gold) in [
            (&[0u32][..], O),
            (&[0, 1], per),
            (&[0, 2], per),
            (&[0, 1, 2], O),
        ] {
            net.hidden(rows, &mut sums, &mut hidden);
            let logits = net.logits(&hidden);
            let best = (0..NUM_TAGS)
                .max_by(|&a, &b| logits[a].total_cmp(&logits[b]))
                .unwrap();
            assert_eq!(best, gold, "rows {rows:?}");
        }
    }

    #[test]
    fn squash_slope_matches_the_function() {
        for i in -290..=290 {
            let x = i as f32 / 100.0;
            let numeric = (squash(x + 1e-3) - squash(x - 1e-3)) / 2e-3;
            assert!((numeric - squash_slope(x)).abs() < 1e-2, "at {x}");
        }
        assert_eq!(squash_slope(4.0), 0.0);
    }
}
