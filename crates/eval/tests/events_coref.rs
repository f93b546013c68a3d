//! ECB+ event coreference on a few dev documents (skips without ../shared/data/ecbplus).

mod common;

use readout_eval::coref;
use readout_eval::events_coref::{
    evaluate_split, features, labels_of, load_split, readout_clusters, write_predictions, Params,
};

#[test]
fn a_few_dev_documents_cluster_sanely() {
    let Some(dir) = common::shared_data("ecbplus") else {
        return;
    };
    let split = load_split(&dir, "dev", Some(12)).expect("ECB+ dev");
    assert_eq!(split.docs.len(), 12);
    assert!(
        !split.mentions.is_empty(),
        "the first dev documents have event mentions"
    );
    assert!(
        split.tokens_of.iter().all(|t| !t.is_empty()),
        "every gold mention maps to readout tokens"
    );
    let params = Params::default();
    let (report, labels) = evaluate_split("dev".into(), &split, &params);
    // Every gold mention gets exactly one cluster, and one prediction line.
    assert_eq!(labels.len(), split.mentions.len());
    let mut out = Vec::new();
    write_predictions(&mut out, &split, &labels).expect("write");
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), split.mentions.len());
    assert_eq!(lines[0]["doc_id"], split.mentions[0].doc_id.as_str());
    assert_eq!(lines[0]["cluster"], labels[0]);
    // The gold clustering scores 1 on every metric; readout's lies in (0, 1].
    let gold = labels_of(split.mentions.iter().map(|m| m.coref_chain.as_str()));
    let perfect = coref::score(&gold, &gold);
    assert!((perfect.conll_f1 - 1.0).abs() < 1e-12);
    for s in &report.systems {
        assert!(s.scores.conll_f1 > 0.0 && s.scores.conll_f1 <= 1.0, "{s:?}");
    }
}

#[test]
fn document_names_do_not_change_readout_clusters() {
    let Some(dir) = common::shared_data("ecbplus") else {
        return;
    };
    // readout must not read the topic from the document id: rename every document and the
    // clusters stay the same.
    let split = load_split(&dir, "dev", Some(12)).expect("ECB+ dev");
    let params = Params::default();
    let before = readout_clusters(&split, &features(&split), &params);
    let mut renamed = split.clone();
    for (i, d) in renamed.docs.iter_mut().enumerate() {
        d.id = format!("article-{}", 97 * i % 13);
    }
    for (m, &d) in renamed.mentions.iter_mut().zip(&renamed.doc_of) {
        m.doc_id = renamed.docs[d].id.clone();
    }
    let after = readout_clusters(&renamed, &features(&renamed), &params);
    assert!(coref::score(&before, &after).conll_f1 > 1.0 - 1e-12);
}
