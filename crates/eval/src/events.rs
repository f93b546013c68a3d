//! Event coding against the anchors' gold data.
//!
//! * **PETRARCH-2 GSR** (`petrarch2-gsr/PETR2_GSR_validation.jsonl`): 78 news sentences with
//!   expected (source, target, CAMEO code) triples, coded with the Phoenix dictionaries.
//!   Scored as the anchors score (UniversalPetrarch's validation script): per sentence, each
//!   expected triple is *correct* when readout produces it, *missed* otherwise; every produced
//!   triple that matches none is *extra* (a `noevents` sentence makes all its output extra).
//!   Four levels: full code or 2-digit root, with or without the actors.
//! * **PLOVER GSR** (`plover-gsr/PLOVER_GSR_CAMEO.txt`): 322 records with one gold PLOVER
//!   category each (older names mapped to the current ones: DEMAND→REQUEST,
//!   DISAPPROVE/INVESTIGATE→ACCUSE, FIGHT→ASSAULT). readout's category for a record is its
//!   most confident event's; accuracy is over all records (an uncoded record is wrong), and
//!   actor/recipient match compares country/IGO codes (first three letters).
//! * **PETRARCH validation suite** (`petrarch-validation/PETR.UnitTest.records.jsonl`): the
//!   behavioural cases, coded with the suite's own small dictionaries (compiled by readout at
//!   run time); a record passes when readout's set of triples equals the expected set.
//!
//! readout produces one event per (actors, action, recipients) with actor *lists*; for the
//! triple-based scores each event expands to its actor × recipient dyads, as CAMEO data does.

use std::collections::BTreeMap;
use std::path::Path;

use readout_core::Document;
use readout_pipeline::events::{Dictionary, EventCoder};
use readout_pipeline::ingest::Article;
use readout_pipeline::{Analyzer, AnalyzerOptions};
use serde::Serialize;

use crate::{Error, Result};

/// Correct / missed / extra at one level.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Expected triples readout produced.
    pub correct: usize,
    /// Expected triples readout did not produce.
    pub missed: usize,
    /// Produced triples matching no expected one.
    pub extra: usize,
}

impl Tally {
    /// Precision, recall, F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = ratio(self.correct, self.correct + self.extra);
        let r = ratio(self.correct, self.correct + self.missed);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// PETRARCH-2 GSR scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GsrReport {
    /// Sentences scored.
    pub sentences: usize,
    /// Expected events.
    pub expected: usize,
    /// Produced dyadic events.
    pub produced: usize,
    /// Full code and both actors.
    pub full_with_actors: Tally,
    /// 2-digit root and both actors.
    pub root_with_actors: Tally,
    /// Full code, actors ignored.
    pub full_code_only: Tally,
    /// 2-digit root, actors ignored.
    pub root_code_only: Tally,
    /// `noevents` sentences on which readout produced nothing.
    pub noevents_clean: usize,
    /// `noevents` sentences.
    pub noevents: usize,
    /// Sentences whose triples differ from the gold.
    pub failures: Vec<Mismatch>,
}

/// (source, target, CAMEO code).
pub type Triple = (String, String, String);

/// Dyadic triples (source, target, code) of a document's events.
pub fn triples(doc: &Document) -> Vec<Triple> {
    let mut out = Vec::new();
    for e in &doc.events {
        for a in &e.actors {
            let source = a.code.clone().unwrap_or_else(|| "---".into());
            if e.recipients.is_empty() {
                // No recipient: the anchors write "---".
                out.push((source.clone(), "---".into(), e.code.clone()));
            }
            for r in &e.recipients {
                out.push((
                    source.clone(),
                    r.code.clone().unwrap_or_else(|| "---".into()),
                    e.code.clone(),
                ));
            }
        }
    }
    out
}

/// Count matches between expected and produced items (multiset intersection).
fn tally<T: Ord + Clone>(expected: &[T], produced: &[T], t: &mut Tally) {
    let mut pool: BTreeMap<T, usize> = BTreeMap::new();
    for p in produced {
        *pool.entry(p.clone()).or_default() += 1;
    }
    let mut correct = 0;
    for e in expected {
        if let Some(n) = pool.get_mut(e) {
            if *n > 0 {
                *n -= 1;
                correct += 1;
            }
        }
    }
    t.correct += correct;
    t.missed += expected.len() - correct;
    t.extra += produced.len() - correct;
}

fn root(code: &str) -> String {
    code.chars().take(2).collect()
}

/// `20080804` → `2008-08-04`.
fn iso_date(d: &str) -> Option<String> {
    (d.len() == 8 && d.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]))
}

fn analyze(
    analyzer: &Analyzer,
    id: &str,
    text: &str,
    date: Option<String>,
) -> std::result::Result<Document, String> {
    let mut article = Article::from_text(id, text);
    article.published = date;
    analyzer
        .analyze(article)
        .map_err(|e| format!("record {id}: {e}"))
}

fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    let bytes = crate::read_file(path)?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| Error::Format {
                path: path.display().to_string(),
                message: format!("line {}: not JSON: {e}", n + 1),
            })
        })
        .collect()
}

fn expected_triples(record: &serde_json::Value) -> Vec<Triple> {
    record["events"]
        .as_array()
        .map(|evs| {
            evs.iter()
                .map(|e| {
                    let s = |k: &str| e[k].as_str().unwrap_or("").trim_matches('\'').to_string();
                    (s("source"), s("target"), s("code"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Score readout (embedded dictionary) on the PETRARCH-2 GSR file.
pub fn evaluate_gsr(path: &Path) -> Result<GsrReport> {
    let records = read_jsonl(path)?;
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let mut report = GsrReport::default();
    for r in &records {
        if r["evaluate"].as_str() == Some("false") {
            continue;
        }
        let id = r["id"].as_str().unwrap_or("?");
        let text = r["text"].as_str().unwrap_or("");
        let date = r["date"].as_str().and_then(iso_date);
        let doc = analyze(&analyzer, id, text, date).map_err(|message| Error::Format {
            path: path.display().to_string(),
            message,
        })?;
        let produced = triples(&doc);
        let expected = expected_triples(r);
        let (mut a, mut b) = (expected.clone(), produced.clone());
        a.sort();
        b.sort();
        if a != b {
            report.failures.push(Mismatch {
                id: id.to_string(),
                expected: a,
                produced: b,
            });
        }
        report.sentences += 1;
        report.expected += expected.len();
        report.produced += produced.len();
        if r["noevents"].as_bool() == Some(true) {
            report.noevents += 1;
            if produced.is_empty() {
                report.noevents_clean += 1;
            }
        }
        tally(&expected, &produced, &mut report.full_with_actors);
        let rooted = |v: &[Triple]| -> Vec<Triple> {
            v.iter()
                .map(|(a, b, c)| (a.clone(), b.clone(), root(c)))
                .collect()
        };
        tally(
            &rooted(&expected),
            &rooted(&produced),
            &mut report.root_with_actors,
        );
        let codes = |v: &[Triple]| -> Vec<String> { v.iter().map(|t| t.2.clone()).collect() };
        tally(
            &codes(&expected),
            &codes(&produced),
            &mut report.full_code_only,
        );
        let roots = |v: &[Triple]| -> Vec<String> { v.iter().map(|t| root(&t.2)).collect() };
        tally(
            &roots(&expected),
            &roots(&produced),
            &mut report.root_code_only,
        );
    }
    Ok(report)
}

/// PLOVER GSR scores.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PloverReport {
    /// Records scored.
    pub records: usize,
    /// Records where readout coded at least one event with a PLOVER category.
    pub coded: usize,
    /// Records whose gold category equals readout's.
    pub category_right: usize,
    /// Of the coded records with a gold actor, those where an actor's country/IGO code
    /// matches a gold actor's.
    pub actor_right: usize,
    /// Coded records with a gold actor.
    pub actor_scored: usize,
    /// Of the coded records with a gold recipient, those where a recipient code matches.
    pub recipient_right: usize,
    /// Coded records with a gold recipient.
    pub recipient_scored: usize,
    /// Per gold category: (records, right).
    pub by_category: BTreeMap<String, (usize, usize)>,
}

/// Current PLOVER name of a category (older drafts renamed some).
pub fn current_plover(category: &str) -> &str {
    match category {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

fn country3(code: &str) -> String {
    code.chars().take(3).collect()
}

/// Score readout on the PLOVER gold-standard records.
pub fn evaluate_plover(path: &Path) -> Result<PloverReport> {
    let path = if path.is_dir() {
        path.join("PLOVER_GSR_CAMEO.txt")
    } else {
        path.to_path_buf()
    };
    let bytes = crate::read_file(&path)?;
    let format = |message: String| Error::Format {
        path: path.display().to_string(),
        message,
    };
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&bytes).map_err(|e| format(format!("not a JSON array: {e}")))?;
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let mut report = PloverReport::default();
    for r in &records {
        let Some(gold) = r["event"].as_str().filter(|e| *e != "DOCUMENT") else {
            continue;
        };
        let Some(text) = r["text"].as_str() else {
            continue;
        };
        let gold = current_plover(gold).to_string();
        let id = r["id"].as_str().unwrap_or("?");
        let doc =
            analyze(&analyzer, id, text, r["date"].as_str().map(str::to_string)).map_err(format)?;
        report.records += 1;
        let entry = report.by_category.entry(gold.clone()).or_default();
        entry.0 += 1;
        let best = doc
            .events
            .iter()
            .filter(|e| e.plover.is_some())
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence));
        let Some(best) = best else { continue };
        report.coded += 1;
        if best.plover.as_ref().map(|p| p.category.as_str()) == Some(gold.as_str()) {
            report.category_right += 1;
            entry.1 += 1;
        }
        let gold_codes = |key: &str| -> Vec<String> {
            r[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x["code"].as_str())
                        .map(country3)
                        .collect()
                })
                .unwrap_or_default()
        };
        let ours = |actors: &[readout_core::EventActor]| -> Vec<String> {
            actors
                .iter()
                .filter_map(|a| a.code.as_deref())
                .map(country3)
                .collect()
        };
        let gs = gold_codes("source");
        if !gs.is_empty() {
            report.actor_scored += 1;
            if ours(&best.actors).iter().any(|c| gs.contains(c)) {
                report.actor_right += 1;
            }
        }
        let gt = gold_codes("target");
        if !gt.is_empty() {
            report.recipient_scored += 1;
            if ours(&best.recipients).iter().any(|c| gt.contains(c)) {
                report.recipient_right += 1;
            }
        }
    }
    Ok(report)
}

/// One record whose output differs from the gold.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Mismatch {
    /// Record id.
    pub id: String,
    /// Expected (source, target, code) triples.
    pub expected: Vec<Triple>,
    /// readout's triples.
    pub produced: Vec<Triple>,
}

/// Validation-suite results.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ValidationReport {
    /// Records scored.
    pub records: usize,
    /// Records whose triples equal the expected set exactly.
    pub passed: usize,
    /// Per category: (records, passed).
    pub by_category: BTreeMap<String, (usize, usize)>,
    /// The records that did not pass.
    pub failures: Vec<Mismatch>,
}

/// Run the PETRARCH validation suite with its own dictionaries (in the same folder).
pub fn evaluate_validation(dir: &Path) -> Result<ValidationReport> {
    let read = |name: &str| -> Result<String> {
        Ok(String::from_utf8_lossy(&crate::read_file(&dir.join(name))?).into_owned())
    };
    let mut dict = Dictionary::default();
    dict.read_verbs(&read("PETR.Validate.verbs.2.0.txt")?);
    dict.read_actors(&read("PETR.Validate.actors.txt")?);
    dict.read_agents(&read("PETR.Validate.agents.txt")?);
    let coder = EventCoder::new(dict);
    let records = read_jsonl(&dir.join("PETR.UnitTest.records.jsonl"))?;
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        no_events: true,
        ..AnalyzerOptions::default()
    });
    let mut report = ValidationReport::default();
    for r in &records {
        let id = r["id"].as_str().unwrap_or("?");
        let text = r["text"].as_str().unwrap_or("");
        let category = r["category"].as_str().unwrap_or("?").to_string();
        let mut doc = match analyze(&analyzer, id, text, r["date"].as_str().and_then(iso_date)) {
            Ok(d) => d,
            // An empty or unreadable sentence is what the "expected error" cases test.
            Err(_) => Document::from_normalized(id, String::new()),
        };
        coder.code(&mut doc);
        let mut produced = triples(&doc);
        let mut expected = expected_triples(r);
        produced.sort();
        produced.dedup();
        expected.sort();
        expected.dedup();
        report.records += 1;
        let entry = report.by_category.entry(category).or_default();
        entry.0 += 1;
        if produced == expected {
            report.passed += 1;
            entry.1 += 1;
        } else {
            report.failures.push(Mismatch {
                id: id.to_string(),
                expected,
                produced,
            });
        }
    }
    Ok(report)
}

/// `readout eval events`: the three event benchmarks under the shared data folder `data`
/// (`petrarch2-gsr`, `plover-gsr`, `petrarch-validation`), as one JSON object.
pub fn evaluate_all(data: &Path) -> Result<serde_json::Value> {
    let gsr = evaluate_gsr(&data.join("petrarch2-gsr/PETR2_GSR_validation.jsonl"))?;
    let plover = evaluate_plover(&data.join("plover-gsr"))?;
    let validation = evaluate_validation(&data.join("petrarch-validation"))?;
    Ok(serde_json::json!({
        "petrarch2_gsr": gsr,
        "plover_gsr": plover,
        "petrarch_validation": validation,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_multiset_matches() {
        let mut t = Tally::default();
        tally(&["a", "a", "b"], &["a", "c"], &mut t);
        assert_eq!(
            t,
            Tally {
                correct: 1,
                missed: 2,
                extra: 1
            }
        );
        let (p, r, _) = t.prf();
        assert!((p - 0.5).abs() < 1e-9 && (r - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn plover_names_are_mapped_to_current_ones() {
        assert_eq!(current_plover("DEMAND"), "REQUEST");
        assert_eq!(current_plover("FIGHT"), "ASSAULT");
        assert_eq!(current_plover("AGREE"), "AGREE");
    }
}
