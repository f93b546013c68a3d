//! Part-of-speech and dependency scores on CoNLL-U gold (CoNLL 2018 shared-task
//! conventions, gold tokenization): every syntactic word counts, punctuation included; UPOS
//! accuracy; UAS (head right); LAS (head and the universal part of the label right:
//! `nsubj:pass` scores as `nsubj`); lemma accuracy as a by-product.

use std::path::Path;

use readout_pipeline::parse::conllu::{self, Sentence};
use readout_pipeline::parse::features::ClusterSets;
use readout_pipeline::parse::SyntaxModel;
use serde::Serialize;

/// Scores of predicted sentences against gold ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ParseScores {
    /// Syntactic words scored.
    pub words: usize,
    /// Sentences scored.
    pub sentences: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// Unlabeled attachment score.
    pub uas: f64,
    /// Labeled attachment score (universal label part).
    pub las: f64,
    /// LAS with full labels, subtypes included.
    pub las_full: f64,
    /// Lemma accuracy (exact, case-sensitive).
    pub lemma: f64,
}

/// Why two files cannot be scored against each other.
#[derive(Debug, thiserror::Error)]
#[error("sentence {sentence}: gold has {gold} words, prediction {predicted}: tokenization must be the gold one")]
pub struct MisalignedError {
    /// 1-based sentence number.
    pub sentence: usize,
    /// Gold word count.
    pub gold: usize,
    /// Predicted word count.
    pub predicted: usize,
}

fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

/// Score `predicted` against `gold`, sentence by sentence (same words in each).
pub fn score(gold: &[Sentence], predicted: &[Sentence]) -> Result<ParseScores, MisalignedError> {
    if gold.len() != predicted.len() {
        return Err(MisalignedError {
            sentence: gold.len().min(predicted.len()) + 1,
            gold: gold.len(),
            predicted: predicted.len(),
        });
    }
    let (mut words, mut upos, mut uas, mut las, mut full, mut lemma) = (0usize, 0, 0, 0, 0, 0);
    for (k, (g, p)) in gold.iter().zip(predicted).enumerate() {
        if g.words.len() != p.words.len() {
            return Err(MisalignedError {
                sentence: k + 1,
                gold: g.words.len(),
                predicted: p.words.len(),
            });
        }
        for (gw, pw) in g.words.iter().zip(&p.words) {
            words += 1;
            upos += usize::from(gw.upos == pw.upos);
            lemma += usize::from(gw.lemma == pw.lemma);
            if gw.head == pw.head {
                uas += 1;
                las += usize::from(universal(&gw.deprel) == universal(&pw.deprel));
                full += usize::from(gw.deprel == pw.deprel);
            }
        }
    }
    let rate = |n: usize| {
        if words == 0 {
            0.0
        } else {
            n as f64 / words as f64
        }
    };
    Ok(ParseScores {
        words,
        sentences: gold.len(),
        upos: rate(upos),
        uas: rate(uas),
        las: rate(las),
        las_full: rate(full),
        lemma: rate(lemma),
    })
}

/// The sentences of the documents whose `# newdoc id` starts with `prefix` (the id is
/// carried forward to the sentences after it, as CoNLL-U files do).
pub fn documents_with_prefix(sentences: &[Sentence], prefix: &str) -> Vec<Sentence> {
    let mut keep = false;
    sentences
        .iter()
        .filter(|s| {
            if let Some(id) = s.comment("newdoc id") {
                keep = id.starts_with(prefix);
            }
            keep
        })
        .cloned()
        .collect()
}

/// One scored treebank split.
#[derive(Debug, Clone, Serialize)]
pub struct SplitReport {
    /// Which split (`ewt-test`, `gum-test`, `gum-news-test`, …).
    pub split: String,
    /// Its scores.
    pub scores: ParseScores,
}

/// Why a treebank could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum ParseEvalError {
    /// A file could not be read.
    #[error("{path}: {message}")]
    Data {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Prediction and gold differ in words.
    #[error(transparent)]
    Misaligned(#[from] MisalignedError),
}

/// Read one CoNLL-U file.
pub fn read_conllu(path: &Path) -> Result<Vec<Sentence>, ParseEvalError> {
    let err = |message: String| ParseEvalError::Data {
        path: path.display().to_string(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| err(format!("cannot open: {e}")))?;
    conllu::read(std::io::BufReader::new(file)).map_err(|e| err(e.to_string()))
}

/// Score `model` on the test splits of the `ud-english` folder: EWT test, GUM test (CC-BY
/// genres) and its news documents, with gold tokenization.
pub fn evaluate(
    data: &Path,
    model: &SyntaxModel,
    clusters: ClusterSets<'_>,
) -> Result<Vec<SplitReport>, ParseEvalError> {
    let ewt = read_conllu(&data.join("en_ewt-ud-test.conllu"))?;
    let gum = read_conllu(&data.join("en_gum-ud-test.ccby.conllu"))?;
    let gum_news = documents_with_prefix(&gum, "GUM_news");
    let mut out = Vec::new();
    for (split, gold) in [
        ("ewt-test", ewt),
        ("gum-test", gum),
        ("gum-news-test", gum_news),
    ] {
        let mut predicted = gold.clone();
        model.annotate_conllu(&mut predicted, clusters);
        out.push(SplitReport {
            split: split.to_string(),
            scores: score(&gold, &predicted)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "1\tBoats\tboat\tNOUN\tNNS\t_\t2\tnsubj:pass\t_\t_\n\
        2\tsank\tsink\tVERB\tVBD\t_\t0\troot\t_\t_\n\
        3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn labels_score_on_their_universal_part() {
        let gold = conllu::read(GOLD.as_bytes()).unwrap();
        let mut pred = gold.clone();
        pred[0].words[0].deprel = "nsubj".into();
        pred[0].words[2].head = Some(0);
        pred[0].words[1].upos = "NOUN".into();
        let s = score(&gold, &pred).unwrap();
        assert_eq!(s.words, 3);
        assert!((s.uas - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.las - 2.0 / 3.0).abs() < 1e-9, "nsubj matches nsubj:pass");
        assert!((s.las_full - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.upos - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn other_tokenization_is_an_error() {
        let gold = conllu::read(GOLD.as_bytes()).unwrap();
        let mut pred = gold.clone();
        pred[0].words.pop();
        assert!(score(&gold, &pred).is_err());
    }
}
