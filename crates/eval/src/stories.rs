//! Story clustering against ECB+ sub-topics and NewsWCL50 events.
//!
//! ## ECB+ (Cybulska & Vossen 2014)
//! `ECB_<Split>_corpus.txt` holds the annotated sentences of each document, one token per
//! line (`doc_id sent_id token_id token chain`). Each topic (`36_…`) has two sub-topics: the
//! original ECB documents (`…ecb`) and the ECB+ documents (`…ecbplus`), which report a
//! *different* event of the same kind (two earthquakes, two arrests). The gold story of a
//! document is its sub-topic. Each document's sentences are detokenized (one paragraph per
//! sentence) and analyzed as plain text without a date, so the time window plays no part.
//!
//! ## NewsWCL50 (Hamborg et al. 2019)
//! 10 events × 5 outlets; `derived_manifest.tsv` gives each article's event, outlet and (for
//! most) a date read from the URL. The outlet becomes the source and the URL date the
//! publication date. Readout should find exactly 10 stories.
//!
//! ## Metrics
//! B³ precision, recall and F1 (Bagga & Baldwin 1998, averaged over documents), pairwise
//! precision and recall (document pairs put in one story vs pairs of one gold story), and the
//! number of stories against the number of gold clusters.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use readout_compare::{cluster, DocSummary, Story, StoryOptions};
use readout_core::{Document, InputInfo};
use readout_pipeline::ingest::{Article, Body};
use readout_pipeline::{Analyzer, AnalyzerOptions};
use serde::Serialize;

use crate::{Error, Result};

/// Clustering scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClusterScore {
    /// Documents clustered.
    pub documents: usize,
    /// Gold clusters.
    pub gold_clusters: usize,
    /// Stories found.
    pub stories: usize,
    /// B³ precision.
    pub b3_precision: f64,
    /// B³ recall.
    pub b3_recall: f64,
    /// B³ F1.
    pub b3_f1: f64,
    /// Pairs put together that belong together / pairs put together.
    pub pairwise_precision: f64,
    /// Pairs put together that belong together / pairs that belong together.
    pub pairwise_recall: f64,
}

/// Score predicted clusters against gold labels (one label per document id).
pub fn score(predicted: &[Vec<String>], gold: &HashMap<String, String>) -> ClusterScore {
    let mut pred_of: HashMap<&str, usize> = HashMap::new();
    for (i, c) in predicted.iter().enumerate() {
        for d in c {
            pred_of.insert(d.as_str(), i);
        }
    }
    let mut gold_sizes: HashMap<&str, usize> = HashMap::new();
    for g in gold.values() {
        *gold_sizes.entry(g.as_str()).or_default() += 1;
    }
    let docs: Vec<&str> = pred_of
        .keys()
        .copied()
        .filter(|d| gold.contains_key(*d))
        .collect();
    let (mut p, mut r) = (0.0, 0.0);
    let mut overlap: HashMap<(usize, &str), usize> = HashMap::new();
    let mut pred_sizes: HashMap<usize, usize> = HashMap::new();
    for d in &docs {
        let c = pred_of[d];
        *overlap.entry((c, gold[*d].as_str())).or_default() += 1;
        *pred_sizes.entry(c).or_default() += 1;
    }
    for d in &docs {
        let c = pred_of[d];
        let g = gold[*d].as_str();
        let both = overlap[&(c, g)] as f64;
        p += both / pred_sizes[&c] as f64;
        r += both / gold_sizes[g] as f64;
    }
    let n = docs.len().max(1) as f64;
    let (p, r) = (p / n, r / n);
    let pairs = |k: usize| (k * k.saturating_sub(1) / 2) as f64;
    let together: f64 = pred_sizes.values().map(|&k| pairs(k)).sum();
    let right: f64 = overlap.values().map(|&k| pairs(k)).sum();
    let should: f64 = gold_sizes.values().map(|&k| pairs(k)).sum();
    ClusterScore {
        documents: docs.len(),
        gold_clusters: gold_sizes.len(),
        stories: pred_sizes.len(),
        b3_precision: p,
        b3_recall: r,
        b3_f1: if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
        pairwise_precision: if together > 0.0 {
            right / together
        } else {
            1.0
        },
        pairwise_recall: if should > 0.0 { right / should } else { 1.0 },
    }
}

/// Report of one story-clustering evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct StoriesReport {
    /// Data set and split.
    pub dataset: String,
    /// The options used.
    pub options: StoryOptions,
    /// Scores.
    pub score: ClusterScore,
    /// Documents that could not be analyzed.
    pub failed: usize,
    /// The stories, as document ids.
    pub stories: Vec<Vec<String>>,
}

/// Analyze one article given as plain text.
pub fn analyze(
    analyzer: &Analyzer,
    id: &str,
    text: String,
    source: Option<String>,
    published: Option<String>,
) -> Option<Document> {
    let article = Article {
        id: id.to_string(),
        body: Body::Text(text),
        title: None,
        url: None,
        source,
        published,
        input: InputInfo::default(),
        origin: id.to_string(),
    };
    match analyzer.analyze(article) {
        Ok(doc) => Some(doc),
        Err(err) => {
            eprintln!("readout: {id}: {err}");
            None
        }
    }
}

/// Join tokens into text: no space before closing punctuation or after opening brackets.
pub fn detokenize(tokens: &[String]) -> String {
    detokenize_spans(tokens).0
}

/// [`detokenize`], also giving each token's byte range in the text.
pub fn detokenize_spans(tokens: &[String]) -> (String, Vec<std::ops::Range<usize>>) {
    let mut out = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    let mut no_space_next = true;
    for t in tokens {
        let closing = matches!(
            t.as_str(),
            "." | "," | ";" | ":" | "!" | "?" | ")" | "]" | "'s" | "n't" | "%" | "'"
        );
        if !out.is_empty() && !closing && !no_space_next {
            out.push(' ');
        }
        let start = out.len();
        out.push_str(t);
        spans.push(start..out.len());
        no_space_next = matches!(t.as_str(), "(" | "[" | "$");
    }
    (out, spans)
}

/// Read `ECB_<split>_corpus.txt`: document id → its sentences' tokens, in order.
pub fn read_ecb_corpus(dir: &Path, split: &str) -> Result<BTreeMap<String, Vec<Vec<String>>>> {
    Ok(read_ecb_sentences(dir, split)?
        .into_iter()
        .map(|(d, sents)| (d, sents.into_values().collect()))
        .collect())
}

/// Sentences of an ECB+ document by their sentence id (only the annotated sentences are in
/// the corpus, so ids can skip); each sentence's tokens indexed by token id.
pub type EcbSentences = BTreeMap<usize, Vec<String>>;

/// The path of one split's file: `ECB_<Split>_<suffix>` (`corpus.txt`,
/// `Event_gold_mentions.json`).
pub fn ecb_path(dir: &Path, split: &str, suffix: &str) -> std::path::PathBuf {
    let mut name = split.to_string();
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    dir.join(format!("ECB_{name}_{suffix}"))
}

/// Read `ECB_<split>_corpus.txt` keeping sentence ids: document id → its sentences.
pub fn read_ecb_sentences(dir: &Path, split: &str) -> Result<BTreeMap<String, EcbSentences>> {
    let path = ecb_path(dir, split, "corpus.txt");
    let bytes = crate::read_file(&path)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut docs: BTreeMap<String, EcbSentences> = BTreeMap::new();
    let format = |n: usize, message: String| Error::Format {
        path: path.display().to_string(),
        message: format!("line {}: {message}", n + 1),
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            return Err(format(
                n,
                "expected doc_id, sent_id, token_id, token columns separated by tabs".into(),
            ));
        }
        let number = |i: usize, what: &str| {
            cols[i]
                .parse::<usize>()
                .map_err(|_| format(n, format!("{what} {:?} is not a number", cols[i])))
        };
        let (sent, token) = (number(1, "sentence id")?, number(2, "token id")?);
        let tokens = docs
            .entry(cols[0].to_string())
            .or_default()
            .entry(sent)
            .or_default();
        // Mentions point at tokens by id: an id out of sequence would shift every one after.
        if token != tokens.len() {
            return Err(format(
                n,
                format!(
                    "token id {token} out of sequence (expected {}); the corpus must list \
                     each sentence's tokens in order from 0",
                    tokens.len()
                ),
            ));
        }
        tokens.push(cols[3].to_string());
    }
    Ok(docs)
}

/// The gold sub-topic of an ECB+ document id: `36_1ecb` → `36/ecb`, `36_2ecbplus` →
/// `36/ecbplus`.
pub fn ecb_subtopic(doc_id: &str) -> String {
    let topic = doc_id.split('_').next().unwrap_or(doc_id);
    let kind = if doc_id.ends_with("ecbplus") {
        "ecbplus"
    } else {
        "ecb"
    };
    format!("{topic}/{kind}")
}

/// Gold cluster label per document id.
pub type Gold = HashMap<String, String>;

/// Cluster analyzed documents and score them against gold labels.
pub fn run(
    dataset: String,
    docs: Vec<Document>,
    failed: usize,
    gold: &HashMap<String, String>,
    options: &StoryOptions,
) -> StoriesReport {
    let summaries: Vec<DocSummary> = docs.iter().map(DocSummary::from_document).collect();
    let stories: Vec<Story> = cluster(&summaries, options);
    let predicted: Vec<Vec<String>> = stories.into_iter().map(|s| s.documents).collect();
    StoriesReport {
        dataset,
        options: options.clone(),
        score: score(&predicted, gold),
        failed,
        stories: predicted,
    }
}

/// Cluster the documents of one ECB+ split (`train`, `dev` or `test`) and score against the
/// sub-topics.
pub fn evaluate_ecbplus(dir: &Path, split: &str, options: &StoryOptions) -> Result<StoriesReport> {
    let (docs, failed, gold) = ecb_documents(dir, split)?;
    Ok(run(
        format!("ecbplus/{split}"),
        docs,
        failed,
        &gold,
        options,
    ))
}

/// Analyzed ECB+ documents of one split, the number that failed, and the gold sub-topics.
pub fn ecb_documents(dir: &Path, split: &str) -> Result<(Vec<Document>, usize, Gold)> {
    let corpus = read_ecb_corpus(dir, split)?;
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let mut docs = Vec::new();
    let mut gold = HashMap::new();
    let mut failed = 0;
    for (id, sentences) in &corpus {
        let text = sentences
            .iter()
            .map(|s| detokenize(s))
            .collect::<Vec<_>>()
            .join("\n\n");
        gold.insert(id.clone(), ecb_subtopic(id));
        match analyze(&analyzer, id, text, None, None) {
            Some(doc) => docs.push(doc),
            None => failed += 1,
        }
    }
    Ok((docs, failed, gold))
}

/// One NewsWCL50 article from the manifest.
#[derive(Debug, Clone)]
pub struct WclArticle {
    /// Event id (0–9).
    pub event: String,
    /// Outlet code (LL, L, M, R, RR).
    pub outlet: String,
    /// Path of the text, relative to the data folder.
    pub file: String,
    /// Date from the URL, when it has one.
    pub date: Option<String>,
}

impl WclArticle {
    /// Document id used in reports: `<event>_<outlet>`.
    pub fn id(&self) -> String {
        format!("{}_{}", self.event, self.outlet)
    }
}

/// Read NewsWCL50's `derived_manifest.tsv`.
pub fn read_wcl_manifest(dir: &Path) -> Result<Vec<WclArticle>> {
    let path = dir.join("derived_manifest.tsv");
    let bytes = crate::read_file(&path)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        out.push(WclArticle {
            event: cols[0].to_string(),
            outlet: cols[1].to_string(),
            file: cols[3].to_string(),
            date: Some(cols[4].trim().to_string()).filter(|d| !d.is_empty()),
        });
    }
    if out.is_empty() {
        return Err(Error::Format {
            path: path.display().to_string(),
            message: "no articles listed (expected event_id, outlet_code, outlet, file, \
                      url_date, url columns)"
                .to_string(),
        });
    }
    Ok(out)
}

/// Analyze the NewsWCL50 articles (id `<event>_<outlet>`, source the outlet code, published
/// the URL date when there is one).
pub fn analyze_wcl(dir: &Path) -> Result<(Vec<WclArticle>, Vec<Document>, usize)> {
    let manifest = read_wcl_manifest(dir)?;
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let mut docs = Vec::new();
    let mut kept = Vec::new();
    let mut failed = 0;
    for a in manifest {
        let bytes = crate::read_file(&dir.join(&a.file))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        match analyze(
            &analyzer,
            &a.id(),
            text,
            Some(a.outlet.clone()),
            a.date.clone(),
        ) {
            Some(doc) => {
                docs.push(doc);
                kept.push(a);
            }
            None => failed += 1,
        }
    }
    Ok((kept, docs, failed))
}

/// Cluster NewsWCL50 and score against its 10 events.
pub fn evaluate_newswcl50(dir: &Path, options: &StoryOptions) -> Result<StoriesReport> {
    let (articles, docs, failed) = analyze_wcl(dir)?;
    let gold = articles.iter().map(|a| (a.id(), a.event.clone())).collect();
    Ok(run("newswcl50".to_string(), docs, failed, &gold, options))
}

/// `readout eval stories`: ECB+ (`split`) in `data/ecbplus` and NewsWCL50 in
/// `data/newswcl50`, as a JSON list of `{"dataset", "score", "failed"}`.
pub fn evaluate_all(data: &Path, split: &str, options: &StoryOptions) -> Result<serde_json::Value> {
    let reports = [
        evaluate_ecbplus(&data.join("ecbplus"), split, options)?,
        evaluate_newswcl50(&data.join("newswcl50"), options)?,
    ];
    let scores: Vec<_> = reports
        .iter()
        .map(|r| serde_json::json!({"dataset": r.dataset, "score": r.score, "failed": r.failed}))
        .collect();
    Ok(serde_json::Value::Array(scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(groups: &[&[&str]]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn b_cubed_and_pairwise() {
        let gold: HashMap<String, String> = [("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")]
            .into_iter()
            .map(|(d, g)| (d.to_string(), g.to_string()))
            .collect();
        let perfect = score(&ids(&[&["a", "b"], &["c", "d"]]), &gold);
        assert_eq!((perfect.b3_f1, perfect.pairwise_precision), (1.0, 1.0));
        let singletons = score(&ids(&[&["a"], &["b"], &["c"], &["d"]]), &gold);
        assert_eq!(singletons.b3_precision, 1.0);
        assert_eq!(singletons.b3_recall, 0.5);
        assert_eq!(singletons.pairwise_recall, 0.0);
        let one = score(&ids(&[&["a", "b", "c", "d"]]), &gold);
        assert_eq!(one.b3_precision, 0.5);
        assert!((one.pairwise_precision - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!((one.stories, one.gold_clusters), (1, 2));
    }

    #[test]
    fn subtopics_and_detokenizing() {
        assert_eq!(ecb_subtopic("36_1ecb"), "36/ecb");
        assert_eq!(ecb_subtopic("36_10ecbplus"), "36/ecbplus");
        let toks: Vec<String> = ["He", "said", "(", "twice", ")", ":", "no", "."]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(detokenize(&toks), "He said (twice): no.");
    }
}
