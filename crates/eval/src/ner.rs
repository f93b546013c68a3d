//! Entity-level scoring the way conlleval scores CoNLL-2003: a predicted entity counts only
//! when its span and type both match a gold entity exactly; BIO labels are read as conlleval
//! reads them (an `I-` tag after `O` or another type starts a new entity).

use std::collections::BTreeMap;

use readout_core::EntityType;
use readout_pipeline::ner::tags::spans_from_bio;

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
    }
}
