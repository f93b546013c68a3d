//! Casualty counts against the PLOVER gold-standard records (`plover-gsr`): exact match of the
//! `dead` and `injured` figures on the records that carry them.
//!
//! The data is `PLOVER_GSR_CAMEO.txt` (Open Event Data Alliance, PLOVER, CC BY-SA 4.0): one JSON
//! array of coded sentences, edited from late-1990s news for the CAMEO manual. A few records
//! carry `dead` and/or `injured`, as decimal strings ("156"): the number of people killed or
//! injured *in the event the record codes*, read from that one sentence.
//!
//! ## How readout's figure is derived
//! Each record's `text` is analyzed as a plain-text article and its counts recognized. The
//! dead figure is the **largest** `killed` count that is not part of another count
//! (`subset_of` is `null`); the injured figure likewise from `injured` counts. The largest,
//! not the sum: a story that restates its toll ("12 were killed … the 12 dead") must not
//! double it, and parts ("including 3 children") are already excluded. `casualties` counts
//! (killed and injured together, "killing or wounding 50") are neither dead nor injured: the
//! gold codes them as neither. A record whose gold has the field is then one of:
//! * **right**: readout's figure equals the gold value;
//! * **wrong value**: readout gives another figure;
//! * **no prediction**: readout finds no such count.
//!
//! As a check on precision, the report also counts records *without* the gold field for
//! which readout gives a figure. Those are not all errors: the gold codes one event per
//! sentence, so a sentence about a protest that mentions earlier deaths has no `dead`.

use std::path::Path;

use readout_core::{CountCategory, Document, InputInfo};
use readout_pipeline::ingest::{Article, Body};
use readout_pipeline::{Analyzer, AnalyzerOptions};
use serde::Serialize;

use crate::{Error, Result};

/// The gold file inside the data folder.
pub const PLOVER_FILE: &str = "PLOVER_GSR_CAMEO.txt";

/// How one record's figure compares with the gold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// readout's figure equals the gold value.
    Right,
    /// readout gives another figure.
    WrongValue,
    /// readout finds no count of that kind.
    NoPrediction,
}

/// Scores for one field (`dead` or `injured`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FieldScore {
    /// Records whose gold carries the field.
    pub gold: usize,
    /// Of those, records where readout's figure is exactly the gold value.
    pub right: usize,
    /// Of those, records where readout gives another figure.
    pub wrong_value: usize,
    /// Of those, records where readout gives none.
    pub no_prediction: usize,
    /// `right / gold` (0 when there is no gold).
    pub accuracy: f64,
    /// Records without the gold field for which readout still gives a figure.
    pub predicted_without_gold: usize,
}

impl FieldScore {
    fn add(&mut self, outcome: Outcome) {
        self.gold += 1;
        match outcome {
            Outcome::Right => self.right += 1,
            Outcome::WrongValue => self.wrong_value += 1,
            Outcome::NoPrediction => self.no_prediction += 1,
        }
        self.accuracy = self.right as f64 / self.gold as f64;
    }
}

/// One gold figure and readout's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// The record's id.
    pub id: String,
    /// `dead` or `injured`.
    pub field: &'static str,
    /// The gold value.
    pub gold: f64,
    /// readout's figure, when it has one.
    pub predicted: Option<f64>,
    /// How they compare.
    pub outcome: Outcome,
    /// The record's text, to read the case.
    pub text: String,
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CountsReport {
    /// Coded sentences read (the `DOCUMENT` metadata record is not one).
    pub records: usize,
    /// Records whose text readout could not analyze (empty text, …).
    pub failed: usize,
    /// Killed: gold `dead` against readout's largest whole `killed` count.
    pub dead: FieldScore,
    /// Injured: gold `injured` against readout's largest whole `injured` count.
    pub injured: FieldScore,
    /// Every gold figure with readout's, in file order.
    pub cases: Vec<Case>,
}

/// readout's figures for one document: (dead, injured), as defined in the module docs.
pub fn figures(doc: &Document) -> (Option<f64>, Option<f64>) {
    let largest = |cat: CountCategory| {
        doc.counts
            .iter()
            .filter(|c| c.category == cat && c.subset_of.is_none())
            .map(|c| c.value)
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
    };
    (
        largest(CountCategory::Killed),
        largest(CountCategory::Injured),
    )
}

/// Analyze one text and recognize its counts.
pub fn analyze_text(
    analyzer: &Analyzer,
    id: &str,
    text: &str,
) -> readout_pipeline::Result<Document> {
    let article = Article {
        id: id.to_string(),
        body: Body::Text(text.to_string()),
        title: None,
        url: None,
        source: None,
        // The gold's own date (2000-01-01 everywhere); counts do not use it.
        published: Some("2000-01-01".to_string()),
        input: InputInfo::default(),
        origin: id.to_string(),
    };
    let mut doc = analyzer.analyze(article)?;
    // Until the analyzer runs the count stage itself (and when it does, this is a no-op for
    // documents that have counts).
    if doc.counts.is_empty() {
        readout_pipeline::counts::recognize(&mut doc);
    }
    Ok(doc)
}

/// The analyzer the evaluation uses: tokens kept, so the count stage can run after it.
pub fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        ..AnalyzerOptions::default()
    })
}

/// Score readout on `dir/PLOVER_GSR_CAMEO.txt` (or on `dir` itself when it is the file).
pub fn evaluate_plover(dir: &Path) -> Result<CountsReport> {
    let path = if dir.is_dir() {
        dir.join(PLOVER_FILE)
    } else {
        dir.to_path_buf()
    };
    let bytes = crate::read_file(&path)?;
    let format = |message: String| Error::Format {
        path: path.display().to_string(),
        message,
    };
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&bytes).map_err(|e| format(format!("not a JSON array: {e}")))?;
    evaluate_records(&records, &analyzer()).map_err(format)
}

/// Score readout on already-parsed PLOVER records.
pub fn evaluate_records(
    records: &[serde_json::Value],
    analyzer: &Analyzer,
) -> std::result::Result<CountsReport, String> {
    let mut report = CountsReport::default();
    for record in records {
        let Some(text) = record.get("text").and_then(|t| t.as_str()) else {
            // The DOCUMENT metadata record has no text.
            continue;
        };
        let id = record
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        report.records += 1;
        let gold_dead = gold_number(record, "dead").map_err(|e| format!("{id}: {e}"))?;
        let gold_injured = gold_number(record, "injured").map_err(|e| format!("{id}: {e}"))?;
        let (dead, injured) = match analyze_text(analyzer, &id, text) {
            Ok(doc) => figures(&doc),
            Err(_) => {
                report.failed += 1;
                (None, None)
            }
        };
        for (field, gold, predicted, score) in [
            ("dead", gold_dead, dead, &mut report.dead),
            ("injured", gold_injured, injured, &mut report.injured),
        ] {
            let Some(gold) = gold else {
                if predicted.is_some() {
                    score.predicted_without_gold += 1;
                }
                continue;
            };
            let outcome = match predicted {
                None => Outcome::NoPrediction,
                Some(p) if p == gold => Outcome::Right,
                Some(_) => Outcome::WrongValue,
            };
            score.add(outcome);
            report.cases.push(Case {
                id: id.clone(),
                field,
                gold,
                predicted,
                outcome,
                text: text.to_string(),
            });
        }
    }
    Ok(report)
}

/// A gold magnitude field: a JSON number or a decimal string; absent or empty is `None`.
fn gold_number(
    record: &serde_json::Value,
    field: &str,
) -> std::result::Result<Option<f64>, String> {
    match record.get(field) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => Ok(n.as_f64()),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => s
            .trim()
            .replace(',', "")
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("`{field}` is not a number: {s:?}")),
        Some(other) => Err(format!("`{field}` is not a number: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_numbers_are_read_from_strings_and_numbers() {
        let r = serde_json::json!({"dead": "156", "injured": 2, "size": "scores"});
        assert_eq!(gold_number(&r, "dead"), Ok(Some(156.0)));
        assert_eq!(gold_number(&r, "injured"), Ok(Some(2.0)));
        assert_eq!(gold_number(&r, "missing"), Ok(None));
        assert!(gold_number(&r, "size").is_err());
    }

    #[test]
    fn records_are_scored_by_largest_whole_count() {
        // Records written for this test, in the PLOVER shape.
        let records = serde_json::json!([
            {"event": "DOCUMENT", "id": "meta"},
            {"id": "a", "text": "Rebels shelled the town, killing at least 14 people, including 5 children, officials said.", "dead": "14"},
            {"id": "b", "text": "A car bomb wounded nine soldiers on Monday.", "injured": "9", "dead": "2"},
            {"id": "c", "text": "Ministers met in Oslo on Tuesday.", "dead": "1"},
            {"id": "d", "text": "Fighting killed 30 fighters, the army said."}
        ]);
        let records = records.as_array().cloned().unwrap_or_default();
        let report = evaluate_records(&records, &analyzer()).unwrap();
        assert_eq!(report.records, 4);
        assert_eq!(report.dead.gold, 3);
        assert_eq!(report.dead.right, 1);
        assert_eq!(report.dead.no_prediction, 2);
        assert_eq!(report.dead.predicted_without_gold, 1);
        assert_eq!(report.injured.gold, 1);
        assert_eq!(report.injured.right, 1);
        assert!((report.injured.accuracy - 1.0).abs() < 1e-12);
    }
}
