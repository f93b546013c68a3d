//! Cross-document event coreference on ECB+ (Cybulska & Vossen 2014), gold event mentions.
//!
//! Every document of a split is rebuilt from its annotated sentences (one paragraph per
//! sentence, detokenized as in [`crate::stories`]) and analyzed by readout. The gold event
//! mentions (`ECB_<Split>_Event_gold_mentions.json`) are then clustered across *all* the
//! split's documents with nothing gold but the mention spans: no topic, sub-topic or chain,
//! and the document id is only a name (its topic number is never read).
//!
//! **readout's clustering** works in two steps. Stories first: readout's own story
//! clustering ([`readout_compare::cluster`]) groups the documents. Within a story, each pair
//! of mentions gets a score from what readout's analysis says of them (see [`Features`]):
//! same head lemma, same verb family of readout's event dictionary, the CAMEO code readout
//! gave an event on that trigger, shared arguments (entities and words the parse attaches to
//! the head), shared sentence words, and a same-sentence penalty (two mentions of one
//! sentence rarely name one event). Mentions are grouped by average link over those scores
//! ([`Params::threshold`]); the weights were chosen on the dev split.
//!
//! Two **same-lemma baselines** are computed by the same code, for scale: mentions with the
//! same head lemma within readout's stories, and within the gold *topic* (the published
//! reference point, which does read the topic from the document id).
//!
//! Scores: MUC, B³, CEAF-e and CoNLL F1 ([`crate::coref`]) over all mentions of the split,
//! singletons included.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use readout_compare::{cluster, DocSummary, StoryOptions};
use readout_core::{Document, Span};
use readout_pipeline::events::EventCoder;
use readout_pipeline::{Analyzer, AnalyzerOptions};
use serde::{Deserialize, Serialize};

use crate::coref::{self, CorefScores};
use crate::stories::{analyze, detokenize_spans, ecb_path, read_ecb_sentences};
use crate::{Error, Result};

/// One gold event mention as the data gives it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GoldMention {
    /// Document id (`36_1ecb`).
    pub doc_id: String,
    /// Sentence id within the document.
    pub sent_id: usize,
    /// Token ids of the mention within its sentence.
    pub tokens_number: Vec<usize>,
    /// The mention's words.
    #[serde(default)]
    pub tokens_str: String,
    /// Gold coreference chain.
    pub coref_chain: String,
}

/// Read `ECB_<split>_Event_gold_mentions.json`.
pub fn read_gold_mentions(dir: &Path, split: &str) -> Result<Vec<GoldMention>> {
    let path = ecb_path(dir, split, "Event_gold_mentions.json");
    let bytes = crate::read_file(&path)?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Format {
        path: path.display().to_string(),
        message: format!(
            "not a JSON list of mentions with doc_id, sent_id, tokens_number and \
             coref_chain: {e}"
        ),
    })
}

/// A split read and analyzed: documents, mentions, and where each mention lies in readout's
/// tokens.
#[derive(Debug, Clone)]
pub struct Split {
    /// Analyzed documents (tokens kept), in document-id order.
    pub docs: Vec<Document>,
    /// Gold mentions, in file order.
    pub mentions: Vec<GoldMention>,
    /// Index in `docs` of each mention's document.
    pub doc_of: Vec<usize>,
    /// readout tokens (indices into the document's tokens) covering each mention; empty when
    /// none could be mapped.
    pub tokens_of: Vec<Vec<usize>>,
}

/// Read, rebuild and analyze one split (`train`, `dev`, `test`); `only` keeps the first `n`
/// documents (for quick checks).
pub fn load_split(dir: &Path, split: &str, only: Option<usize>) -> Result<Split> {
    let corpus = read_ecb_sentences(dir, split)?;
    let mut mentions = read_gold_mentions(dir, split)?;
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        ..AnalyzerOptions::default()
    });
    let mut docs = Vec::new();
    // (document id, sentence id) → byte range of each token in the rebuilt text.
    let mut spans: HashMap<(String, usize), Vec<std::ops::Range<usize>>> = HashMap::new();
    for (id, sentences) in corpus.iter().take(only.unwrap_or(usize::MAX)) {
        let mut text = String::new();
        for (sent, tokens) in sentences {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let (s, ranges) = detokenize_spans(tokens);
            let base = text.len();
            text.push_str(&s);
            let ranges = ranges
                .into_iter()
                .map(|r| r.start + base..r.end + base)
                .collect();
            spans.insert((id.clone(), *sent), ranges);
        }
        let doc = analyze(&analyzer, id, text, None, None).ok_or_else(|| Error::Format {
            path: id.clone(),
            message: "readout could not analyze this document (see the message above)".into(),
        })?;
        docs.push(doc);
    }
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    mentions.retain(|m| index.contains_key(m.doc_id.as_str()));
    let doc_of: Vec<usize> = mentions.iter().map(|m| index[m.doc_id.as_str()]).collect();
    let tokens_of = mentions
        .iter()
        .zip(&doc_of)
        .map(|(m, &d)| {
            let ranges = spans.get(&(m.doc_id.clone(), m.sent_id));
            let gold: Vec<std::ops::Range<usize>> = m
                .tokens_number
                .iter()
                .filter_map(|&t| ranges.and_then(|r| r.get(t)).cloned())
                .collect();
            readout_tokens(&docs[d], &gold)
        })
        .collect();
    Ok(Split {
        docs,
        mentions,
        doc_of,
        tokens_of,
    })
}

/// readout tokens overlapping any of the given byte ranges of the original text.
fn readout_tokens(doc: &Document, gold: &[std::ops::Range<usize>]) -> Vec<usize> {
    doc.tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            let o: Span = doc.alignment.original_span(t.span);
            gold.iter().any(|g| o.start < g.end && g.start < o.end)
        })
        .map(|(i, _)| i)
        .collect()
}

/// What readout's analysis says of one mention.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// Index of the document.
    pub doc: usize,
    /// The document's story under the finer story clustering ([`Params::fine_stories`]);
    /// set by [`readout_clusters`].
    pub fine_story: usize,
    /// readout sentence of the head (index in the document's sentences).
    pub sentence: usize,
    /// Lower-case lemma of the head token (the mention's words when nothing was mapped).
    pub lemma: String,
    /// A crude stem of the lemma, so that "shooting"/"shoot" and "nomination"/"nominate"
    /// meet.
    pub stem: String,
    /// Universal part of speech of the head.
    pub upos: String,
    /// Verb blocks of readout's event dictionary that list the head lemma (synonym sets:
    /// "kill" and "murder" share one).
    pub families: Vec<u32>,
    /// CAMEO code of a readout event whose trigger covers the head.
    pub code: Option<String>,
    /// Arguments the parse attaches to the head: entity names (lower case) where an entity
    /// mention covers the dependent, else the dependent's lemma.
    pub args: Vec<String>,
    /// Resolved values of the time expressions of the sentence.
    pub times: Vec<String>,
    /// Content lemmas of the sentence (nouns, proper nouns, verbs, adjectives, numbers).
    pub context: Vec<String>,
}

/// The syntactic head among a mention's tokens: the token whose head lies outside the
/// mention (the last such, as English phrases end in their head), else the last token.
fn head_token(doc: &Document, tokens: &[usize]) -> Option<usize> {
    let sentence_start = |i: usize| {
        doc.sentences
            .iter()
            .find(|s| s.token_start <= i && i < s.token_end)
            .map_or(0, |s| s.token_start)
    };
    tokens
        .iter()
        .rev()
        .copied()
        .find(|&i| {
            let head = doc.tokens[i].syntax.as_ref().and_then(|s| s.head);
            head.is_none_or(|h| !tokens.contains(&(sentence_start(i) + h)))
        })
        .or_else(|| tokens.last().copied())
}

/// Content words: the parts of speech that carry what a sentence is about.
fn is_content(upos: &str) -> bool {
    matches!(upos, "NOUN" | "PROPN" | "VERB" | "ADJ" | "NUM")
}

/// The comparison stem of a lemma: readout's light suffix stripping, then a nominal
/// "-ion" ("nomination" → "nominat", as "nominate" → "nominat").
fn stem_of(lemma: &str) -> String {
    let s = readout_compare::text::key(lemma);
    match s.strip_suffix("ion") {
        Some(base) if base.len() >= 4 => base.to_string(),
        _ => s,
    }
}

/// Features of every mention of a split.
pub fn features(split: &Split) -> Vec<Features> {
    let coder = EventCoder::embedded();
    split
        .mentions
        .iter()
        .enumerate()
        .map(|(m, mention)| {
            let d = split.doc_of[m];
            let doc = &split.docs[d];
            match head_token(doc, &split.tokens_of[m]) {
                Some(h) => mention_features(doc, d, h, coder),
                None => Features {
                    doc: d,
                    sentence: usize::MAX - m,
                    lemma: mention.tokens_str.to_lowercase(),
                    stem: stem_of(&mention.tokens_str.to_lowercase()),
                    ..Features::default()
                },
            }
        })
        .collect()
}

/// Features of the mention whose head is token `h` of document `doc` (index `d`).
fn mention_features(doc: &Document, d: usize, h: usize, coder: &EventCoder) -> Features {
    let token = &doc.tokens[h];
    let syntax = token.syntax.as_ref();
    let lemma = syntax
        .map_or(token.text.as_str(), |s| s.lemma.as_str())
        .to_lowercase();
    let upos = syntax.map_or(String::new(), |s| s.upos.clone());
    let sentence = doc
        .sentences
        .iter()
        .position(|s| s.token_start <= h && h < s.token_end)
        .unwrap_or(0);
    let sent = &doc.sentences[sentence];
    let key = lemma.to_uppercase();
    let mut families: Vec<u32> = coder
        .dictionary()
        .verbs
        .get(&key)
        .into_iter()
        .flatten()
        .filter(|f| f.words.len() == 1)
        .map(|f| f.block)
        .collect();
    families.sort_unstable();
    families.dedup();
    let covers = |span: Span| span.start <= token.span.start && token.span.end <= span.end;
    let code = doc
        .events
        .iter()
        .find(|e| covers(e.trigger.span) || e.support.iter().any(|s| covers(s.trigger.span)))
        .map(|e| e.code.clone());
    let entity_at = |i: usize| {
        doc.mentions
            .iter()
            .find(|m| m.token_start <= i && i < m.token_end)
            .map(|m| m.text.to_lowercase())
    };
    let mut args: Vec<String> = (sent.token_start..sent.token_end)
        .filter(|&i| {
            doc.tokens[i]
                .syntax
                .as_ref()
                .is_some_and(|s| s.head.map(|x| x + sent.token_start) == Some(h))
        })
        .filter_map(|i| {
            let s = doc.tokens[i].syntax.as_ref()?;
            let role = s.deprel.split(':').next().unwrap_or("");
            if !matches!(role, "nsubj" | "obj" | "obl" | "nmod" | "compound" | "iobj") {
                return None;
            }
            Some(entity_at(i).unwrap_or_else(|| s.lemma.to_lowercase()))
        })
        .collect();
    args.sort();
    args.dedup();
    let times = doc
        .times
        .iter()
        .filter(|t| t.sentence == sentence)
        .filter_map(|t| t.value.clone())
        .collect();
    let mut context: Vec<String> = doc.tokens[sent.token_start..sent.token_end]
        .iter()
        .filter_map(|t| t.syntax.as_ref())
        .filter(|s| is_content(&s.upos))
        .map(|s| s.lemma.to_lowercase())
        .collect();
    context.sort();
    context.dedup();
    Features {
        doc: d,
        fine_story: 0,
        sentence,
        stem: stem_of(&lemma),
        lemma,
        upos,
        families,
        code,
        args,
        times,
        context,
    }
}

/// Number of pair features (see [`pair_features`]).
pub const PAIR_FEATURES: usize = 15;

/// Names of the pair features, in order.
pub const PAIR_FEATURE_NAMES: [&str; PAIR_FEATURES] = [
    "bias",
    "same_lemma",
    "same_stem",
    "same_family",
    "same_code",
    "shared_args",
    "args_apart",
    "context",
    "lemma_and_context",
    "same_sentence",
    "same_document",
    "same_pos",
    "shared_time",
    "times_apart",
    "same_fine_story",
];

/// The weights of readout's pair score and the bar for merging (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// One weight per pair feature ([`PAIR_FEATURE_NAMES`]): the pair score is their
    /// weighted sum, a log-odds that the two mentions name one event.
    pub weights: Vec<f64>,
    /// Mean pair score two clusters need to merge.
    pub threshold: f64,
    /// Story clustering of the documents: mentions of different stories never join.
    pub stories: StoryOptions,
    /// A stricter story clustering, whose stories are a pair feature: a topic can hold
    /// two events of one kind (two earthquakes), which the coarse stories put together.
    pub fine_stories: StoryOptions,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            // Fitted by logistic regression on the train split's pairs of mentions in one
            // story (`examples/events_coref_tune.rs`, FIT=1); the story bar and the merge
            // threshold were then chosen on dev.
            weights: vec![
                -2.57, 3.62, 3.58, 2.77, 0.31, 1.33, -0.39, -0.78, 2.44, -0.83, 0.25, 0.0, 0.08,
                -0.11, -0.5,
            ],
            threshold: -0.5,
            stories: StoryOptions {
                threshold: 0.16,
                ..StoryOptions::default()
            },
            fine_stories: StoryOptions::default(),
        }
    }
}

fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    // Both sorted and deduplicated.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// What two mentions have in common, as numbers in [0, 1] (named by
/// [`PAIR_FEATURE_NAMES`]).
pub fn pair_features(a: &Features, b: &Features) -> [f64; PAIR_FEATURES] {
    let flag = |x: bool| if x { 1.0 } else { 0.0 };
    let same_lemma = a.lemma == b.lemma;
    let same_stem = !same_lemma && a.stem == b.stem;
    let same_family = !same_lemma && !same_stem && shared(&a.families, &b.families) > 0;
    let fewer = a.args.len().min(b.args.len());
    let shared_args = if fewer > 0 {
        shared(&a.args, &b.args) as f64 / fewer as f64
    } else {
        0.0
    };
    let union = a.context.len() + b.context.len();
    let common = shared(&a.context, &b.context);
    let context = if union > common {
        common as f64 / (union - common) as f64
    } else {
        0.0
    };
    let both_times = !a.times.is_empty() && !b.times.is_empty();
    let shared_time = both_times && shared(&a.times, &b.times) > 0;
    [
        1.0,
        flag(same_lemma),
        flag(same_stem),
        flag(same_family),
        flag(a.code.is_some() && a.code == b.code),
        shared_args,
        flag(fewer > 0 && shared_args == 0.0),
        context,
        flag(same_lemma || same_stem) * context,
        flag(a.doc == b.doc && a.sentence == b.sentence),
        flag(a.doc == b.doc),
        flag(a.upos == b.upos),
        flag(shared_time),
        flag(both_times && !shared_time),
        flag(a.fine_story == b.fine_story),
    ]
}

/// readout's score for putting two mentions in one event: the weighted sum of their
/// [`pair_features`].
pub fn pair_score(a: &Features, b: &Features, p: &Params) -> f64 {
    pair_features(a, b)
        .iter()
        .zip(&p.weights)
        .map(|(x, w)| x * w)
        .sum()
}

/// Average-link agglomerative clustering of the mentions of each group (mentions of
/// different groups never join): the pair of clusters with the best mean pair score merges
/// first, while that mean reaches `threshold`. Returns a cluster label per mention.
pub fn average_link(
    groups: &[usize],
    score: impl Fn(usize, usize) -> f64,
    threshold: f64,
) -> Vec<usize> {
    let mut by_group: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (m, &g) in groups.iter().enumerate() {
        by_group.entry(g).or_default().push(m);
    }
    let mut labels = vec![0; groups.len()];
    let mut next = 0;
    for members in by_group.values() {
        let n = members.len();
        // sums[a][b]: sum of the pair scores between clusters a and b.
        let mut sums: Vec<Vec<f64>> = (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| {
                        if a == b {
                            0.0
                        } else {
                            score(members[a], members[b])
                        }
                    })
                    .collect()
            })
            .collect();
        let mut clusters: Vec<Option<Vec<usize>>> = (0..n).map(|a| Some(vec![a])).collect();
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for a in 0..n {
                let Some(ca) = &clusters[a] else { continue };
                for b in a + 1..n {
                    let Some(cb) = &clusters[b] else { continue };
                    let mean = sums[a][b] / (ca.len() * cb.len()) as f64;
                    if mean >= threshold && best.is_none_or(|x| mean > x.0) {
                        best = Some((mean, a, b));
                    }
                }
            }
            let Some((_, a, b)) = best else { break };
            let cb = clusters[b].take().unwrap_or_default();
            if let Some(ca) = clusters[a].as_mut() {
                ca.extend(cb);
            }
            for c in 0..n {
                if clusters[c].is_some() {
                    let add = sums[b][c];
                    sums[a][c] += add;
                    sums[c][a] = sums[a][c];
                }
            }
        }
        for c in clusters.into_iter().flatten() {
            for i in c {
                labels[members[i]] = next;
            }
            next += 1;
        }
    }
    labels
}

/// Same-lemma clustering: one cluster per (group, head lemma).
pub fn same_lemma(groups: &[usize], features: &[Features]) -> Vec<usize> {
    let mut ids: HashMap<(usize, &str), usize> = HashMap::new();
    groups
        .iter()
        .zip(features)
        .map(|(&g, f)| {
            let n = ids.len();
            *ids.entry((g, f.lemma.as_str())).or_insert(n)
        })
        .collect()
}

/// readout's story of each document, as a story number per document index.
pub fn story_of_docs(docs: &[Document], options: &StoryOptions) -> Vec<usize> {
    let summaries: Vec<DocSummary> = docs.iter().map(DocSummary::from_document).collect();
    let stories = cluster(&summaries, options);
    let index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut story = vec![usize::MAX; docs.len()];
    for (s, st) in stories.iter().enumerate() {
        for d in &st.documents {
            if let Some(&i) = index.get(d.as_str()) {
                story[i] = s;
            }
        }
    }
    // A document the clustering did not return stays a story of its own.
    let unassigned = story.iter_mut().filter(|s| **s == usize::MAX);
    for (next, s) in (stories.len()..).zip(unassigned) {
        *s = next;
    }
    story
}

/// Set each mention's [`Features::fine_story`].
pub fn set_fine_stories(split: &Split, features: &mut [Features], params: &Params) {
    let fine = story_of_docs(&split.docs, &params.fine_stories);
    for f in features.iter_mut() {
        f.fine_story = fine[f.doc];
    }
}

/// readout's clustering of a split's mentions: label per mention.
pub fn readout_clusters(split: &Split, features: &[Features], params: &Params) -> Vec<usize> {
    let mut features = features.to_vec();
    set_fine_stories(split, &mut features, params);
    let story = story_of_docs(&split.docs, &params.stories);
    let groups: Vec<usize> = split.doc_of.iter().map(|&d| story[d]).collect();
    average_link(
        &groups,
        |a, b| pair_score(&features[a], &features[b], params),
        params.threshold,
    )
}

/// Labels from string keys (equal keys, one label).
pub fn labels_of<'a>(keys: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    keys.into_iter()
        .map(|k| {
            let n = ids.len();
            *ids.entry(k).or_insert(n)
        })
        .collect()
}

/// One clustering's figures.
#[derive(Debug, Clone, Serialize)]
pub struct SystemScore {
    /// What clustered.
    pub name: String,
    /// Clusters made.
    pub clusters: usize,
    /// MUC, B³, CEAF-e, CoNLL.
    pub scores: CorefScores,
}

fn system(name: &str, gold: &[usize], labels: &[usize]) -> SystemScore {
    SystemScore {
        name: name.to_string(),
        clusters: labels.iter().collect::<HashSet<_>>().len(),
        scores: coref::score(gold, labels),
    }
}

/// Report of `readout eval events-coref`.
#[derive(Debug, Clone, Serialize)]
pub struct EventsCorefReport {
    /// Data set and split.
    pub dataset: String,
    /// Documents analyzed.
    pub documents: usize,
    /// Gold event mentions clustered.
    pub mentions: usize,
    /// Mentions with no readout token under them (clustered by their words alone).
    pub unmapped: usize,
    /// Gold chains.
    pub gold_chains: usize,
    /// Stories readout found.
    pub stories: usize,
    /// readout, then the same-lemma baselines (within readout's stories; within gold topics).
    pub systems: Vec<SystemScore>,
    /// The weights used.
    pub params: Params,
}

impl EventsCorefReport {
    /// The report for reading: the split's sizes, then one line per system (clusters, MUC,
    /// B³, CEAF-e and CoNLL F1).
    pub fn table(&self, split: &str) -> String {
        let mut out = format!(
            "ECB+ {split}: {} documents, {} event mentions, {} gold chains; readout found {} stories\n",
            self.documents, self.mentions, self.gold_chains, self.stories
        );
        out.push_str(&format!(
            "{:50} {:>8} {:>6} {:>6} {:>6} {:>6}\n",
            "system", "clusters", "MUC", "B3", "CEAF-e", "CoNLL"
        ));
        for s in &self.systems {
            let c = &s.scores;
            out.push_str(&format!(
                "{:50} {:>8} {:>6.3} {:>6.3} {:>6.3} {:>6.3}\n",
                s.name, s.clusters, c.muc.f1, c.b_cubed.f1, c.ceaf_e.f1, c.conll_f1
            ));
        }
        out
    }
}

/// The gold topic of a document id (`36_1ecb` → `36`): read by the gold-topic baseline only.
fn gold_topic(doc_id: &str) -> &str {
    doc_id.split('_').next().unwrap_or(doc_id)
}

/// Score readout and both baselines on an analyzed split; also returns readout's labels.
pub fn evaluate_split(
    dataset: String,
    split: &Split,
    params: &Params,
) -> (EventsCorefReport, Vec<usize>) {
    let features = features(split);
    let gold = labels_of(split.mentions.iter().map(|m| m.coref_chain.as_str()));
    let predicted = readout_clusters(split, &features, params);
    let story = story_of_docs(&split.docs, &params.stories);
    let in_stories: Vec<usize> = split.doc_of.iter().map(|&d| story[d]).collect();
    let in_topics = labels_of(split.mentions.iter().map(|m| gold_topic(&m.doc_id)));
    let report = EventsCorefReport {
        dataset,
        documents: split.docs.len(),
        mentions: split.mentions.len(),
        unmapped: split.tokens_of.iter().filter(|t| t.is_empty()).count(),
        gold_chains: gold.iter().collect::<HashSet<_>>().len(),
        stories: story.iter().collect::<HashSet<_>>().len(),
        systems: vec![
            system("readout", &gold, &predicted),
            system(
                "same lemma within readout's stories",
                &gold,
                &same_lemma(&in_stories, &features),
            ),
            system(
                "same lemma within gold topics (reads the topic)",
                &gold,
                &same_lemma(&in_topics, &features),
            ),
        ],
        params: params.clone(),
    };
    (report, predicted)
}

/// Load, cluster and score one split of the ECB+ folder `dir`.
pub fn evaluate(
    dir: &Path,
    split: &str,
    params: &Params,
) -> Result<(EventsCorefReport, Split, Vec<usize>)> {
    let data = load_split(dir, split, None)?;
    let (report, labels) = evaluate_split(format!("ecbplus/{split}"), &data, params);
    Ok((report, data, labels))
}

/// One line of `--predictions-out`.
#[derive(Serialize)]
struct PredictionLine<'a> {
    doc_id: &'a str,
    sent_id: usize,
    tokens_number: &'a [usize],
    cluster: usize,
}

/// One JSON line per mention: `{"doc_id", "sent_id", "tokens_number", "cluster"}`.
pub fn write_predictions(
    out: &mut dyn std::io::Write,
    split: &Split,
    labels: &[usize],
) -> std::io::Result<()> {
    for (m, &cluster) in split.mentions.iter().zip(labels) {
        let line = PredictionLine {
            doc_id: &m.doc_id,
            sent_id: m.sent_id,
            tokens_number: &m.tokens_number,
            cluster,
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(doc: usize, sentence: usize, lemma: &str, context: &[&str]) -> Features {
        let mut context: Vec<String> = context.iter().map(|s| s.to_string()).collect();
        context.sort();
        Features {
            doc,
            sentence,
            lemma: lemma.to_string(),
            stem: stem_of(lemma),
            upos: "VERB".to_string(),
            context,
            ..Features::default()
        }
    }

    #[test]
    fn pair_features_say_what_two_mentions_share() {
        let a = mention(0, 0, "shoot", &["gunman", "shoot", "store"]);
        let b = mention(1, 2, "shooting", &["gunman", "shooting", "store"]);
        let f = pair_features(&a, &b);
        let named = |n: &str| f[PAIR_FEATURE_NAMES.iter().position(|x| *x == n).unwrap()];
        assert_eq!(named("same_lemma"), 0.0);
        assert_eq!(named("same_stem"), 1.0, "shoot / shooting share a stem");
        // Two shared words of four distinct.
        assert!((named("context") - 0.5).abs() < 1e-12);
        assert_eq!(named("same_sentence"), 0.0);
        let c = mention(0, 0, "say", &[]);
        assert_eq!(pair_features(&a, &c)[9], 1.0, "same document and sentence");
        assert_eq!(stem_of("nomination"), stem_of("nominate"));
    }

    #[test]
    fn average_link_merges_above_the_bar_within_groups_only() {
        // Mentions 0, 1, 2 in group 0, mention 3 alone in group 1. 0–1 score 2, 0–2 and 1–2
        // score −1 and 1: the mean link of {0, 1} with 2 is 0, below a bar of 0.5.
        let scores = |a: usize, b: usize| match (a.min(b), a.max(b)) {
            (0, 1) => 2.0,
            (0, 2) => -1.0,
            (1, 2) => 1.0,
            _ => 5.0,
        };
        let labels = average_link(&[0, 0, 0, 1], scores, 0.5);
        assert_eq!(labels[0], labels[1]);
        assert_ne!(labels[0], labels[2]);
        assert_ne!(labels[3], labels[0], "groups never join");
        // A lower bar lets 2 join: mean (−1 + 1) / 2 = 0.
        let labels = average_link(&[0, 0, 0, 1], scores, 0.0);
        assert_eq!(labels[0], labels[2]);
        // Merges chain: five mentions that all link end in one cluster.
        let labels = average_link(&[0; 5], |_, _| 1.0, 0.5);
        assert!(labels.iter().all(|&l| l == labels[0]));
    }

    #[test]
    fn same_lemma_keys_on_group_and_lemma() {
        let f = [
            mention(0, 0, "arrest", &[]),
            mention(1, 0, "arrest", &[]),
            mention(2, 0, "arrest", &[]),
            mention(2, 1, "charge", &[]),
        ];
        let labels = same_lemma(&[0, 0, 1, 1], &f);
        assert_eq!(labels[0], labels[1]);
        assert_ne!(labels[1], labels[2]);
        assert_ne!(labels[2], labels[3]);
    }

    #[test]
    fn gold_topic_is_the_id_prefix() {
        assert_eq!(gold_topic("36_1ecb"), "36");
        assert_eq!(gold_topic("4_10ecbplus"), "4");
    }
}
