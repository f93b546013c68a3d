//! `readout train parse`: the part-of-speech tagger, the dependency parser and the lemma
//! exceptions, from Universal Dependencies treebanks.
//!
//! Recipe (every step seeded, so the same data gives the same model bytes):
//! 1. read the training treebanks (EWT train, and GUM's CC-BY genres unless left out);
//! 2. train the tagger: greedy left to right, averaged perceptron, its own predictions as
//!    history;
//! 3. tag the parser's training data by jackknifing (each fold tagged by a tagger trained on
//!    the others), so the parser learns from tags as good as it will see;
//! 4. train the parser with the arc-hybrid dynamic oracle, following its own mistakes with
//!    probability `explore` after the first epoch;
//! 5. collect lemma exceptions (what the rules get wrong, most frequent lemma per form and
//!    UPOS).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use readout_eval::parse::{score, ParseScores};
use readout_pipeline::parse::conllu::Sentence;
use readout_pipeline::parse::features::{
    atoms, parser_features, tagger_features, Atoms, ClusterSets, NO_TAG,
};
use readout_pipeline::parse::lemma::{rule_lemma, Lemmatizer, AS_WRITTEN};
use readout_pipeline::parse::transition::{Move, State};
use readout_pipeline::parse::{argmax, previous_tags, tag_greedy, SyntaxModel, Tag};
use rustc_hash::FxHashMap;

use crate::perceptron::{AveragedPerceptron, Rng};

/// Training settings (`readout train parse --help` shows them with their defaults).
#[derive(Debug, Clone)]
pub struct ParseTrainOptions {
    /// The `ud-english` folder.
    pub data: PathBuf,
    /// Add GUM's CC-BY training split to EWT's.
    pub with_gum: bool,
    /// Tagger epochs.
    pub tagger_epochs: usize,
    /// Parser epochs.
    pub parser_epochs: usize,
    /// Jackknife folds for the parser's training tags (0 or 1: gold tags).
    pub folds: usize,
    /// Probability of following the parser's own (wrong) move after the first epoch.
    pub explore: f32,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_weight: f32,
    /// Parser features whose largest averaged weight is below this are dropped from the
    /// model after training (fewer lookups that miss the cache, for little accuracy).
    pub min_row_weight: f32,
    /// Updates a feature must take part in before it gets weights.
    pub admit_after: u8,
    /// Random seed.
    pub seed: u64,
}

impl Default for ParseTrainOptions {
    fn default() -> Self {
        ParseTrainOptions {
            data: PathBuf::from("../shared/data/ud-english"),
            with_gum: true,
            tagger_epochs: 8,
            parser_epochs: 15,
            folds: 5,
            explore: 0.9,
            min_weight: 1.0,
            min_row_weight: 2.0,
            admit_after: 3,
            seed: 1,
        }
    }
}

/// Training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A treebank file could not be read.
    #[error(transparent)]
    Data(#[from] readout_eval::parse::ParseEvalError),
    /// The model could not be assembled.
    #[error("building the model: {0}")]
    Model(#[from] std::io::Error),
}

/// A treebank sentence prepared for training: atoms, gold tag ids, gold heads and labels.
struct Example {
    atoms: Vec<Atoms>,
    tags: Vec<u16>,
    /// Gold heads, the root as `n`.
    heads: Vec<usize>,
    labels: Vec<u8>,
}

/// Read one CoNLL-U file.
pub fn read_treebank(path: &Path) -> Result<Vec<Sentence>, TrainError> {
    Ok(readout_eval::parse::read_conllu(path)?)
}

/// Train the syntax model; `progress` receives one line per step.
pub fn train_parse(
    options: &ParseTrainOptions,
    clusters: ClusterSets<'_>,
    mut progress: impl FnMut(&str),
) -> Result<SyntaxModel, TrainError> {
    let mut train = read_treebank(&options.data.join("en_ewt-ud-train.conllu"))?;
    if options.with_gum {
        train.extend(read_treebank(
            &options.data.join("en_gum-ud-train.ccby.conllu"),
        )?);
    }
    let dev = read_treebank(&options.data.join("en_ewt-ud-dev.conllu"))?;
    let tags: Vec<Tag> = train
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| Tag {
            upos: w.upos.clone(),
            xpos: w.xpos.clone(),
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut labels: Vec<String> = train
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| w.deprel.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    labels.retain(|l| l != "_");
    progress(&format!(
        "{} training sentences, {} tags, {} labels",
        train.len(),
        tags.len(),
        labels.len()
    ));
    let examples = prepare(&train, &tags, &labels, clusters);

    let tagger = train_tagger(&examples, tags.len(), options.tagger_epochs, options.seed);
    let lemmatizer = lemma_exceptions(&train);
    let mut model = SyntaxModel::new(
        tags.clone(),
        labels.clone(),
        tagger.averaged(options.min_weight),
        Default::default(),
        lemmatizer,
        String::new(),
    )?;
    let dev_tagged = dev_scores(&model, &dev, clusters);
    progress(&format!("tagger: dev UPOS {:.4}", dev_tagged.upos));

    let parser_tags = jackknife_tags(&examples, tags.len(), options, &mut progress);
    let parser = train_parser(
        &examples,
        &parser_tags,
        &mut model,
        options,
        &dev,
        clusters,
        &mut progress,
    );
    model.parser = parser
        .averaged(options.min_weight)
        .without_weak_rows(options.min_row_weight);
    let scores = dev_scores(&model, &dev, clusters);
    progress(&format!(
        "final: dev UPOS {:.4} UAS {:.4} LAS {:.4} ({} tagger and {} parser features)",
        scores.upos,
        scores.uas,
        scores.las,
        model.tagger.n_features(),
        model.parser.n_features()
    ));
    model.metadata = serde_json::json!({
        "command": "readout train parse",
        "data": if options.with_gum { "UD_English-EWT train + UD_English-GUM train (CC-BY genres)" } else { "UD_English-EWT train" },
        "tagger_epochs": options.tagger_epochs,
        "parser_epochs": options.parser_epochs,
        "folds": options.folds,
        "explore": options.explore,
        "min_weight": options.min_weight,
        "min_row_weight": options.min_row_weight,
        "admit_after": options.admit_after,
        "seed": options.seed,
        "dev_ewt": {"upos": scores.upos, "uas": scores.uas, "las": scores.las},
    })
    .to_string();
    Ok(model)
}

fn prepare(
    train: &[Sentence],
    tags: &[Tag],
    labels: &[String],
    clusters: ClusterSets<'_>,
) -> Vec<Example> {
    let tag_ids: FxHashMap<&Tag, u16> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t, i as u16))
        .collect();
    let label_ids: FxHashMap<&str, u8> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u8))
        .collect();
    train
        .iter()
        .filter(|s| {
            !s.words.is_empty()
                && s.words
                    .iter()
                    .all(|w| label_ids.contains_key(w.deprel.as_str()))
        })
        .map(|s| {
            let n = s.words.len();
            Example {
                atoms: atoms(&s.forms(), clusters),
                tags: s
                    .words
                    .iter()
                    .map(|w| {
                        tag_ids[&Tag {
                            upos: w.upos.clone(),
                            xpos: w.xpos.clone(),
                        }]
                    })
                    .collect(),
                heads: s.words.iter().map(|w| w.head.unwrap_or(n)).collect(),
                labels: s
                    .words
                    .iter()
                    .map(|w| label_ids[w.deprel.as_str()])
                    .collect(),
            }
        })
        .collect()
}

fn train_tagger(
    examples: &[Example],
    n_tags: usize,
    epochs: usize,
    seed: u64,
) -> AveragedPerceptron {
    let mut p = AveragedPerceptron::new(n_tags);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::new();
    let mut scores = vec![0f32; n_tags];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let ex = &examples[k];
            let mut history = vec![NO_TAG; ex.atoms.len()];
            for i in 0..ex.atoms.len() {
                let prev = previous_tags(&history, i);
                tagger_features(&ex.atoms, i, prev, [NO_TAG; 2], &mut feats);
                scores.fill(0.0);
                p.score(&feats, &mut scores);
                let guess = argmax(&scores);
                p.tick();
                let gold = ex.tags[i] as usize;
                if guess != gold {
                    p.update(&feats, gold, guess);
                }
                history[i] = guess as u16;
            }
        }
    }
    p
}

/// Tags for the parser's training data: each fold tagged by a tagger trained on the other
/// folds (two folds at a time, one per core).
fn jackknife_tags(
    examples: &[Example],
    n_tags: usize,
    options: &ParseTrainOptions,
    progress: &mut impl FnMut(&str),
) -> Vec<Vec<u16>> {
    let folds = options.folds;
    if folds < 2 {
        return examples.iter().map(|e| e.tags.clone()).collect();
    }
    let fold_of = |k: usize| k % folds;
    let tag_fold = |f: usize| -> Vec<(usize, Vec<u16>)> {
        let rest: Vec<Example> = examples
            .iter()
            .enumerate()
            .filter(|(k, _)| fold_of(*k) != f)
            .map(|(_, e)| Example {
                atoms: e.atoms.clone(),
                tags: e.tags.clone(),
                heads: Vec::new(),
                labels: Vec::new(),
            })
            .collect();
        let p = train_tagger(
            &rest,
            n_tags,
            options.tagger_epochs,
            options.seed + f as u64,
        );
        examples
            .iter()
            .enumerate()
            .filter(|(k, _)| fold_of(*k) == f)
            .map(|(k, e)| (k, tag_greedy(&e.atoms, n_tags, |f, s| p.score(f, s))))
            .collect()
    };
    let mut out = vec![Vec::new(); examples.len()];
    let mut right = 0usize;
    let mut total = 0usize;
    for pair in (0..folds).collect::<Vec<_>>().chunks(2) {
        let results: Vec<Vec<(usize, Vec<u16>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = pair
                .iter()
                .map(|&f| scope.spawn(move || tag_fold(f)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a tagging fold panicked"))
                .collect()
        });
        for (k, tags) in results.into_iter().flatten() {
            right += tags
                .iter()
                .zip(&examples[k].tags)
                .filter(|(a, b)| a == b)
                .count();
            total += tags.len();
            out[k] = tags;
        }
    }
    progress(&format!(
        "jackknifed training tags: {folds} folds, accuracy {:.4}",
        right as f64 / total.max(1) as f64
    ));
    out
}

#[allow(clippy::too_many_arguments)]
fn train_parser(
    examples: &[Example],
    tags: &[Vec<u16>],
    model: &mut SyntaxModel,
    options: &ParseTrainOptions,
    dev: &[Sentence],
    clusters: ClusterSets<'_>,
    progress: &mut impl FnMut(&str),
) -> AveragedPerceptron {
    let n_classes = Move::classes(model.labels.len());
    let root = model.root_label();
    let mut p = AveragedPerceptron::new(n_classes).admit_after(options.admit_after);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(options.seed.wrapping_mul(31).wrapping_add(7));
    let mut feats = Vec::new();
    let mut scores = vec![0f32; n_classes];
    for epoch in 0..options.parser_epochs {
        rng.shuffle(&mut order);
        let explore = if epoch == 0 { 0.0 } else { options.explore };
        for &k in &order {
            let ex = &examples[k];
            let mut state = State::new(ex.atoms.len());
            while !state.is_terminal() {
                parser_features(&ex.atoms, &tags[k], &state, &mut feats);
                scores.fill(0.0);
                p.score(&feats, &mut scores);
                let (guess, gold) = choose(&state, &scores, ex, root);
                p.tick();
                let next = match gold {
                    Some(gold) if gold != guess => {
                        p.update(&feats, gold.class(), guess.class());
                        if rng.next_f32() < explore {
                            guess
                        } else {
                            gold
                        }
                    }
                    _ => guess,
                };
                state.apply(next);
            }
        }
        if epoch + 1 == options.parser_epochs || epoch % 3 == 2 {
            model.parser = p.averaged(options.min_weight);
            let s = dev_scores(model, dev, clusters);
            progress(&format!(
                "parser epoch {}: dev UAS {:.4} LAS {:.4}",
                epoch + 1,
                s.uas,
                s.las
            ));
        }
    }
    p
}

/// The model's best legal move, and the best-scoring move of least cost (`None` when the
/// guess is itself of least cost).
fn choose(state: &State, scores: &[f32], ex: &Example, root: u8) -> (Move, Option<Move>) {
    let mut guess = (f32::NEG_INFINITY, Move::Shift, u32::MAX);
    let mut gold = (f32::NEG_INFINITY, Move::Shift);
    let mut min_cost = u32::MAX;
    let mut costs = Vec::with_capacity(scores.len());
    for (c, &s) in scores.iter().enumerate() {
        let m = Move::from_class(c);
        if !state.is_legal(m, root) {
            continue;
        }
        let cost = state.cost(m, &ex.heads, &ex.labels);
        min_cost = min_cost.min(cost);
        costs.push((m, s, cost));
        if s > guess.0 {
            guess = (s, m, cost);
        }
    }
    for (m, s, cost) in costs {
        if cost == min_cost && s > gold.0 {
            gold = (s, m);
        }
    }
    if guess.2 == min_cost {
        (guess.1, None)
    } else {
        (guess.1, Some(gold.1))
    }
}

/// Lemma exceptions: per lower-cased form and UPOS, the most frequent gold lemma, kept when
/// the rules would give something else for any of its occurrences.
fn lemma_exceptions(train: &[Sentence]) -> Lemmatizer {
    let mut counts: FxHashMap<(String, String), FxHashMap<String, usize>> = FxHashMap::default();
    let mut rules_miss: FxHashMap<(String, String), bool> = FxHashMap::default();
    for w in train.iter().flat_map(|s| &s.words) {
        if w.lemma == "_" || w.upos == "PROPN" {
            continue;
        }
        let lower = w.form.to_lowercase();
        let key = (lower.clone(), w.upos.clone());
        // The table is keyed by lower-cased forms: a lemma that is the form as written
        // ("I", a capitalised "Council" in a name) is stored as `=`, read back as the form.
        let gold = if w.lemma == w.form && w.lemma != lower {
            AS_WRITTEN.to_string()
        } else {
            w.lemma.clone()
        };
        let miss = rule_lemma(&w.form, &lower, &w.upos, &w.xpos) != w.lemma;
        *counts
            .entry(key.clone())
            .or_default()
            .entry(gold)
            .or_default() += 1;
        *rules_miss.entry(key).or_default() |= miss;
    }
    let exceptions = counts
        .into_iter()
        .filter(|(k, _)| rules_miss.get(k).copied().unwrap_or(false))
        .map(|(k, lemmas)| {
            let best = lemmas
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(l, _)| l)
                .unwrap_or_default();
            (k, best)
        })
        .collect();
    Lemmatizer::new(exceptions)
}

/// The model's scores on gold-tokenized sentences.
pub fn dev_scores(
    model: &SyntaxModel,
    gold: &[Sentence],
    clusters: ClusterSets<'_>,
) -> ParseScores {
    let mut predicted = gold.to_vec();
    model.annotate_conllu(&mut predicted, clusters);
    score(gold, &predicted).expect("the same words on both sides")
}
