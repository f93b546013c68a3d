//! Tuning aid for story clustering: analyze ECB+ (train, dev, test) and NewsWCL50 once, cache
//! the analyzed documents as JSON, then cluster them with the options given.
//! `cargo run --release -p readout-eval --example stories_tune -- [DATA_DIR] [CACHE.json]
//! [key=value ...]` (keys: the `StoryOptions` fields as JSON values).

use std::collections::HashMap;
use std::path::PathBuf;

use readout_compare::{DocSummary, StoryOptions};
use readout_core::Document;

type Set = (String, Vec<Document>, HashMap<String, String>);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(args.first().cloned().unwrap_or("../shared/data".into()));
    let cache = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or("target/stories_docs.json".into()),
    );
    let sets: Vec<Set> = if cache.exists() {
        serde_json::from_slice(&std::fs::read(&cache).expect("read cache")).expect("cache json")
    } else {
        let mut sets = Vec::new();
        let ecb_dir = data.join("ecbplus");
        for split in ["train", "dev", "test"] {
            let (docs, _, gold) =
                readout_eval::stories::ecb_documents(&ecb_dir, split).expect("ecb+");
            sets.push((format!("ecb/{split}"), docs, gold));
        }
        let (articles, docs, _) =
            readout_eval::stories::analyze_wcl(&data.join("newswcl50")).expect("newswcl50");
        let gold = articles.iter().map(|a| (a.id(), a.event.clone())).collect();
        sets.push(("wcl".to_string(), docs, gold));
        std::fs::write(&cache, serde_json::to_vec(&sets).expect("json")).expect("write cache");
        sets
    };
    let mut options = serde_json::to_value(StoryOptions::default()).expect("json");
    for kv in args.iter().skip(2) {
        let (k, v) = kv.split_once('=').expect("key=value");
        options[k] = serde_json::from_str(v).expect("value json");
    }
    let options: StoryOptions = serde_json::from_value(options).expect("options");
    let verbose = std::env::var("VERBOSE").is_ok();
    for (name, docs, gold) in &sets {
        let sums: Vec<DocSummary> = docs.iter().map(DocSummary::from_document).collect();
        let stories = readout_compare::cluster(&sums, &options);
        let predicted: Vec<Vec<String>> = stories.into_iter().map(|s| s.documents).collect();
        let s = readout_eval::stories::score(&predicted, gold);
        println!(
            "{name:10} n={:3}/{:3} B3 P={:.3} R={:.3} F1={:.3} pairP={:.3} pairR={:.3}",
            s.stories,
            s.gold_clusters,
            s.b3_precision,
            s.b3_recall,
            s.b3_f1,
            s.pairwise_precision,
            s.pairwise_recall
        );
        if verbose && name == "wcl" {
            println!("{predicted:?}");
            let links = readout_compare::stories::pair_links(&sums, &options);
            for (a, da) in sums.iter().enumerate() {
                let ga = &gold[&da.id];
                let own: Vec<String> = (0..sums.len())
                    .filter(|&b| b != a && gold[&sums[b].id] == *ga)
                    .map(|b| format!("{:.3}", links[a][b].unwrap_or(0.0)))
                    .collect();
                let mut other: Vec<(f64, &str)> = (0..sums.len())
                    .filter(|&b| gold[&sums[b].id] != *ga)
                    .filter_map(|b| links[a][b].map(|l| (l, sums[b].id.as_str())))
                    .collect();
                other.sort_by(|x, y| y.0.total_cmp(&x.0));
                other.truncate(3);
                println!("{:5} own {:?} other {:?}", da.id, own, other);
            }
            if let Ok(pair) = std::env::var("PAIR") {
                let vecs = readout_compare::stories::doc_vectors(&sums, &options);
                let ids: Vec<&str> = pair.split(',').collect();
                let pos = |id: &str| sums.iter().position(|d| d.id == id).expect("id");
                let (a, b) = (pos(ids[0]), pos(ids[1]));
                let vb: HashMap<&str, f64> =
                    vecs[b].iter().map(|(n, w)| (n.as_str(), *w)).collect();
                let mut shared: Vec<(f64, &str, f64, f64)> = vecs[a]
                    .iter()
                    .filter_map(|(n, w)| vb.get(n.as_str()).map(|x| (w * x, n.as_str(), *w, *x)))
                    .collect();
                shared.sort_by(|x, y| y.0.total_cmp(&x.0));
                println!(
                    "{} features {}, {} features {}",
                    ids[0],
                    vecs[a].len(),
                    ids[1],
                    vecs[b].len()
                );
                println!("top of {}: {:?}", ids[0], &vecs[a][..20.min(vecs[a].len())]);
                println!("top of {}: {:?}", ids[1], &vecs[b][..20.min(vecs[b].len())]);
                for x in shared.iter().take(30) {
                    println!("  {:.4} {} {:.3} {:.3}", x.0, x.1, x.2, x.3);
                }
            }
        }
    }
}
