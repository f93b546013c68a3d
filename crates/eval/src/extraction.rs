//! The article-extraction benchmark's metric (Zyte/Scrapinghub, 2019–2020), reimplemented
//! from its description:
//! * tokens are the `\w+` runs of a text (Unicode letters, digits, underscore);
//! * a document's shingles are its token 4-grams (one shorter shingle when it has fewer than
//!   four tokens), counted with multiplicity;
//! * per document TP = Σ min(gold, predicted), FP = Σ predicted excess, FN = Σ gold excess,
//!   scaled so TP + FP + FN = 1 (long documents do not weigh more);
//! * precision and recall are averaged over documents, skipping documents where they are
//!   undefined; F1 is the harmonic mean of the two averages;
//! * accuracy is the share of documents whose token sequences are identical.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::{Error, Result};

/// Shingle size used by the benchmark.
pub const SHINGLE: usize = 4;

/// Tokens of a text: maximal runs of `\w` characters.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles<'t, 'a>(toks: &'t [&'a str]) -> HashMap<&'t [&'a str], usize> {
    let mut counts = HashMap::new();
    if toks.is_empty() {
        return counts;
    }
    let n = toks.len().saturating_sub(SHINGLE - 1).max(1);
    for i in 0..n {
        let end = (i + SHINGLE).min(toks.len());
        *counts.entry(&toks[i..end]).or_insert(0) += 1;
    }
    counts
}

/// Normalized (TP, FP, FN) of one document; all zero when both texts have no tokens.
pub fn document_scores(gold: &str, predicted: &str) -> (f64, f64, f64) {
    let g_toks = tokens(gold);
    let p_toks = tokens(predicted);
    let g = shingles(&g_toks);
    let p = shingles(&p_toks);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += gc.min(pc) as f64;
        fn_ += gc.saturating_sub(pc) as f64;
    }
    for (k, &pc) in &p {
        let gc = g.get(k).copied().unwrap_or(0);
        fp += pc.saturating_sub(gc) as f64;
    }
    let sum = tp + fp + fn_;
    if sum > 0.0 {
        (tp / sum, fp / sum, fn_ / sum)
    } else {
        (0.0, 0.0, 0.0)
    }
}

/// Scores over a set of documents.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Documents scored.
    pub documents: usize,
    /// Mean precision over documents where it is defined.
    pub precision: f64,
    /// Mean recall over documents where it is defined.
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall`.
    pub f1: f64,
    /// Share of documents whose token sequences match exactly.
    pub accuracy: f64,
}

impl Scores {
    /// The one-line summary `readout eval extraction` prints.
    pub fn line(&self) -> String {
        format!(
            "documents {}  precision {:.3}  recall {:.3}  F1 {:.3}  accuracy {:.3}",
            self.documents, self.precision, self.recall, self.f1, self.accuracy
        )
    }
}

/// readout's extracted text of one benchmark page: exactly what `readout text` prints (empty
/// when the page holds no article).
pub fn readout_text(page: &Path) -> std::result::Result<String, readout_pipeline::Error> {
    use readout_pipeline::ingest::{Articles, Body, ReadOptions};
    let mut articles = Articles::new(&[page], ReadOptions::default());
    let analyzer = readout_pipeline::Analyzer::new(readout_pipeline::AnalyzerOptions {
        no_entities: true,
        ..Default::default()
    });
    match articles.next() {
        Some(article) => {
            let article = article?;
            debug_assert!(matches!(article.body, Body::Html(_)));
            Ok(analyzer.analyze(article)?.text)
        }
        None => Ok(String::new()),
    }
}

/// Score the benchmark in `data` (`ground-truth.json`, `html/`): the texts of the
/// `predictions` file (`{id: {"articleBody": ...}}`), or readout's own ([`readout_text`]; a
/// page that fails scores as empty text and its error goes to `on_error`).
pub fn evaluate(
    data: &Path,
    predictions: Option<&Path>,
    mut on_error: impl FnMut(readout_pipeline::Error),
) -> Result<Scores> {
    let gold = read_bodies(&data.join("ground-truth.json"))?;
    let mut ids: Vec<&String> = gold.keys().collect();
    ids.sort();
    let predicted: Vec<String> = match predictions {
        Some(p) => {
            let preds = read_bodies(p)?;
            ids.iter()
                .map(|id| preds.get(*id).cloned().unwrap_or_default())
                .collect()
        }
        None => ids
            .iter()
            .map(|id| {
                readout_text(&data.join("html").join(format!("{id}.html.gz"))).unwrap_or_else(
                    |err| {
                        on_error(err);
                        String::new()
                    },
                )
            })
            .collect(),
    };
    Ok(score(
        ids.iter()
            .zip(&predicted)
            .map(|(id, p)| (gold[*id].as_str(), p.as_str())),
    ))
}

/// Score predicted texts against gold texts. `pairs` yields `(gold, predicted)`; a missing
/// prediction should be passed as the empty string.
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Scores {
    let (mut p_sum, mut p_n, mut r_sum, mut r_n, mut exact, mut docs) = (0.0, 0, 0.0, 0, 0, 0);
    for (gold, predicted) in pairs {
        docs += 1;
        let (tp, fp, fn_) = document_scores(gold, predicted);
        if tp + fp > 0.0 {
            p_sum += tp / (tp + fp);
            p_n += 1;
        }
        if tp + fn_ > 0.0 {
            r_sum += tp / (tp + fn_);
            r_n += 1;
        }
        if tokens(gold) == tokens(predicted) {
            exact += 1;
        }
    }
    let precision = if p_n > 0 { p_sum / p_n as f64 } else { 0.0 };
    let recall = if r_n > 0 { r_sum / r_n as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        documents: docs,
        precision,
        recall,
        f1,
        accuracy: if docs > 0 {
            exact as f64 / docs as f64
        } else {
            0.0
        },
    }
}

/// Read a benchmark JSON file of `{id: {"articleBody": text}}`, bare or wrapped as
/// `{"output": {...}}`. A `null` body or a record without one reads as empty text.
pub fn read_bodies(path: &Path) -> Result<HashMap<String, String>> {
    let bytes = crate::read_file(path)?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| Error::Format {
        path: path.display().to_string(),
        message: format!("not JSON: {e}"),
    })?;
    let map = match value.get("output") {
        Some(Value::Object(m)) => m.clone(),
        _ => match value {
            Value::Object(m) => m,
            _ => {
                return Err(Error::Format {
                    path: path.display().to_string(),
                    message: "expected a JSON object of {id: {\"articleBody\": ...}}".into(),
                })
            }
        },
    };
    Ok(map
        .into_iter()
        .map(|(id, rec)| {
            let body = rec
                .get("articleBody")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            (id, body)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let t = "The harbour reopened on Monday after the storm.";
        let s = score([(t, t)]);
        assert_eq!(
            (s.precision, s.recall, s.f1, s.accuracy),
            (1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn boilerplate_lowers_precision_missing_text_lowers_recall() {
        let gold = "one two three four five six seven eight";
        let extra = "one two three four five six seven eight menu home login about";
        let s = score([(gold, extra)]);
        assert_eq!(s.recall, 1.0);
        assert!(s.precision < 1.0 && s.precision > 0.0);
        let missing = "one two three four five";
        let s = score([(gold, missing)]);
        assert_eq!(s.precision, 1.0);
        assert!(s.recall < 0.5);
        assert_eq!(s.accuracy, 0.0);
    }

    #[test]
    fn punctuation_and_short_texts() {
        assert_eq!(
            tokens("Kyiv’s mayor, 5th_ave!"),
            ["Kyiv", "s", "mayor", "5th_ave"]
        );
        // Fewer than four tokens still make one shingle.
        assert_eq!(document_scores("two words", "two words"), (1.0, 0.0, 0.0));
        // Both empty: undefined precision and recall are skipped, not counted as zero.
        let s = score([("", ""), ("a b c d", "a b c d")]);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.accuracy, 1.0);
    }
}
