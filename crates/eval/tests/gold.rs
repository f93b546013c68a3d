//! Regression guards on third-party gold data. The data lives outside the repository in
//! `../shared/data`; where it is absent these tests say so and skip.

use readout_eval::{extraction, sentences};

mod common;
use common::shared_data;

#[test]
fn golden_rules_sentence_boundaries() {
    let Some(dir) = shared_data("golden-rules-en") else {
        return;
    };
    let cases = sentences::read_cases(&dir.join("golden.jsonl")).unwrap();
    let outcomes = sentences::run_readout(&cases);
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|o| !o.passed)
        .map(|o| o.id)
        .collect();
    // 47/48 measured (BENCHMARKS.md); rule 18 (a.m./P.M. before "Mr.") is the known miss,
    // the same one pySBD fails.
    assert!(failed.len() <= 1, "failing Golden Rules cases: {failed:?}");
}

#[test]
fn article_extraction_f1_stays_above_goal() {
    let Some(dir) = shared_data("article-extraction-benchmark") else {
        return;
    };
    // readout's own text of every page, as `readout eval extraction` scores it (a page that
    // fails scores as empty text, which the F1 goal catches).
    let scores = extraction::evaluate(&dir, None, |_| ()).unwrap();
    assert_eq!(scores.documents, 181);
    assert!(
        scores.f1 >= 0.95,
        "extraction F1 {:.3} below the 0.95 goal",
        scores.f1
    );
}

#[test]
fn metric_reproduces_published_peer_scores() {
    let Some(dir) = shared_data("article-extraction-benchmark") else {
        return;
    };
    let gold = extraction::read_bodies(&dir.join("ground-truth.json")).unwrap();
    // Published F1 of the peers whose outputs ship with the benchmark.
    for (peer, published_f1) in [
        ("readability_js", 0.947),
        ("dom_smoothie", 0.865),
        ("AutoExtract", 0.970),
    ] {
        let preds =
            extraction::read_bodies(&dir.join(format!("peer-outputs/{peer}.json"))).unwrap();
        let scores = extraction::score(
            gold.iter()
                .map(|(id, g)| (g.as_str(), preds.get(id).map(String::as_str).unwrap_or(""))),
        );
        assert!(
            (scores.f1 - published_f1).abs() < 0.0015,
            "{peer}: {:.4} vs {published_f1}",
            scores.f1
        );
    }
}
