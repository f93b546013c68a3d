//! Entity-level scoring the way conlleval scores CoNLL-2003: a predicted entity counts only
//! when its span and type both match a gold entity exactly; BIO labels are read as conlleval
//! reads them (an `I-` tag after `O` or another type starts a new entity).

use std::collections::BTreeMap;

use readout_core::EntityType;
use readout_pipeline::ner::conll::{self, ConllDocument};
use readout_pipeline::ner::tags::spans_from_bio;
use readout_pipeline::ner::EntityTagger;

/// Counts for one type (or for all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Correct entities.
    pub correct: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Counts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b > 0 {
        a as f64 / b as f64
    } else {
        0.0
    }
}

/// Micro-averaged counts and per-type counts.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    /// All types together (micro average).
    pub overall: Counts,
    /// Per type label (PER, ORG, LOC, MISC).
    pub per_type: BTreeMap<String, Counts>,
}

impl Report {
    /// Add one sentence's gold and predicted BIO labels.
    pub fn add<S: AsRef<str>, T: AsRef<str>>(&mut self, gold: &[S], predicted: &[T]) {
        let g = spans_from_bio(gold);
        let p = spans_from_bio(predicted);
        for kind in EntityType::ALL {
            let c = self.per_type.entry(kind.label().to_string()).or_default();
            let gk: Vec<_> = g.iter().filter(|s| s.2 == kind).collect();
            let pk: Vec<_> = p.iter().filter(|s| s.2 == kind).collect();
            let correct = pk.iter().filter(|s| gk.contains(s)).count();
            c.correct += correct;
            c.predicted += pk.len();
            c.gold += gk.len();
            self.overall.correct += correct;
            self.overall.predicted += pk.len();
            self.overall.gold += gk.len();
        }
    }

    /// Score the tagged `predicted` labels of `docs` against their gold labels; `None` when
    /// a sentence lacks gold labels (a file with the token column only).
    pub fn score(docs: &[ConllDocument], predicted: &[Vec<Vec<String>>]) -> Option<Report> {
        let mut report = Report::default();
        for (d, p) in docs.iter().zip(predicted) {
            for (s, labels) in d.sentences.iter().zip(p) {
                if s.labels.len() != s.tokens.len() {
                    return None;
                }
                report.add(&s.labels, labels);
            }
        }
        Some(report)
    }

    /// The precision / recall / F1 table, one line per type and one `overall`.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<8} {:>9} {:>9} {:>9} {:>7} {:>7}\n",
            "type", "precision", "recall", "F1", "gold", "pred"
        );
        let overall = "overall".to_string();
        for (name, c) in self.per_type.iter().chain([(&overall, &self.overall)]) {
            out += &format!(
                "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>7} {:>7}\n",
                name,
                c.precision(),
                c.recall(),
                c.f1(),
                c.gold,
                c.predicted
            );
        }
        out
    }
}

/// One `readout eval ner` run: the scores of a tagger on a CoNLL file and its speed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TaggedFile {
    /// The CoNLL file.
    pub file: String,
    /// Time to load the tagger, in milliseconds.
    pub model_load_ms: f64,
    /// The scores.
    pub report: Report,
    /// Time to tag every sentence on one thread.
    pub tagging_seconds: f64,
    /// Tokens in the file.
    pub tokens: usize,
    /// Tagging speed.
    pub tokens_per_second: f64,
}

impl TaggedFile {
    /// Tag `docs` (read from `path`) with `tagger` on one thread and score the labels.
    pub fn evaluate(
        tagger: &EntityTagger,
        path: &std::path::Path,
        docs: &[ConllDocument],
        model_load_ms: f64,
    ) -> crate::Result<TaggedFile> {
        let tokens: usize = docs
            .iter()
            .flat_map(|d| &d.sentences)
            .map(|s| s.tokens.len())
            .sum();
        let start = std::time::Instant::now();
        let predicted = conll::tag_documents(tagger, docs);
        let secs = start.elapsed().as_secs_f64();
        let report = Report::score(docs, &predicted).ok_or_else(|| crate::Error::Format {
            path: path.display().to_string(),
            message: "a sentence lacks gold labels (need token … label columns)".into(),
        })?;
        Ok(TaggedFile {
            file: path.display().to_string(),
            model_load_ms,
            report,
            tagging_seconds: secs,
            tokens,
            tokens_per_second: tokens as f64 / secs,
        })
    }

    /// The text report: token count, the score table and the speed.
    pub fn text(&self) -> String {
        format!(
            "{}: {} tokens\n{}tagging: {:.0} tokens/s ({:.2} s, one thread; model load {:.0} ms)\n",
            self.file,
            self.tokens,
            self.report.table(),
            self.tokens_per_second,
            self.tagging_seconds,
            self.model_load_ms
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_span_and_type_match() {
        let mut r = Report::default();
        r.add(
            &["B-PER", "I-PER", "O", "B-LOC"],
            &["B-PER", "I-PER", "O", "B-ORG"],
        );
        r.add(&["B-ORG", "I-ORG"], &["B-ORG", "O"]);
        assert_eq!(
            r.overall,
            Counts {
                correct: 1,
                predicted: 3,
                gold: 3
            }
        );
        assert_eq!(r.per_type["PER"].f1(), 1.0);
        assert_eq!(r.per_type["LOC"].recall(), 0.0);
        let table = r.table();
        assert!(table.starts_with("type     precision"), "{table}");
        assert!(
            table.ends_with("overall     0.3333    0.3333    0.3333       3       3\n"),
            "{table}"
        );
    }
}
