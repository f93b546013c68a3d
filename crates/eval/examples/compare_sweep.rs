//! Tuning aid: analyze the story and comparison data once, then sweep the thresholds.
//! `cargo run --release -p readout-eval --example compare_sweep [DATA_DIR] [basil]`

use std::path::PathBuf;

use readout_compare::{DocSummary, StoryOptions};

fn main() {
    let data = PathBuf::from(std::env::args().nth(1).unwrap_or("../shared/data".into()));
    let ecb_dir = data.join("ecbplus");
    let wcl_dir = data.join("newswcl50");
    if !ecb_dir.exists() || !wcl_dir.exists() {
        eprintln!(
            "{} has no ecbplus/ or newswcl50/: nothing to sweep",
            data.display()
        );
        std::process::exit(2);
    }
    if std::env::args().nth(2).as_deref() == Some("basil") {
        for align_threshold in [0.2, 0.25, 0.32, 0.4, 0.5] {
            let options = readout_compare::CompareOptions {
                align_threshold,
                ..Default::default()
            };
            let r = readout_eval::compare::evaluate_basil(&data.join("basil"), &options)
                .expect("basil");
            println!(
                "align={align_threshold:.2} | claims only_in_all {:.3} wording {:.3} | inf only_in_all {:.3} | lex wording {:.3} only_in_or_wording {:.3} (claims {:.3})",
                r.all_claims.rates[1],
                r.all_claims.rates[2],
                r.informational.rates[1],
                r.lexical.rates[2],
                r.lexical.rates[3],
                r.all_claims.rates[3],
            );
        }
        return;
    }
    let mut sets = Vec::new();
    for split in ["dev", "test"] {
        let (docs, _, gold) = readout_eval::stories::ecb_documents(&ecb_dir, split).expect("ecb+");
        sets.push((format!("ecb/{split}"), docs, gold));
    }
    let (articles, docs, _) = readout_eval::stories::analyze_wcl(&wcl_dir).expect("newswcl50");
    let gold = articles.iter().map(|a| (a.id(), a.event.clone())).collect();
    sets.push(("wcl".to_string(), docs, gold));
    let summaries: Vec<Vec<DocSummary>> = sets
        .iter()
        .map(|(_, docs, _)| docs.iter().map(DocSummary::from_document).collect())
        .collect();
    for min_shared in [2, 3, 4] {
        for max_features in [60, 150] {
            for threshold in [0.10, 0.14, 0.18, 0.22, 0.26, 0.30] {
                let options = StoryOptions {
                    threshold,
                    min_shared,
                    max_features,
                    ..StoryOptions::default()
                };
                let mut line = format!("t={threshold:.2} min={min_shared} feats={max_features}");
                for ((name, _, gold), sums) in sets.iter().zip(&summaries) {
                    let stories = readout_compare::cluster(sums, &options);
                    let predicted: Vec<Vec<String>> =
                        stories.into_iter().map(|s| s.documents).collect();
                    let s = readout_eval::stories::score(&predicted, gold);
                    line.push_str(&format!(
                        " | {name}: n={} F1={:.3} P={:.3} pairP={:.3}",
                        s.stories, s.b3_f1, s.b3_precision, s.pairwise_precision
                    ));
                }
                println!("{line}");
            }
        }
    }
}
