//! Tuning aid for ECB+ event coreference.
//! `cargo run --release -p readout-eval --example events_coref_tune -- [ECB_DIR] [SPLITS]
//! [key=value ...]` scores readout's clustering and the baselines on each split (SPLITS
//! comma-separated, default `dev`) with the parameters given (keys: the `Params` fields as
//! JSON values, `stories.KEY` or `fine_stories.KEY` for a story option).
//! With `FIT=1` it instead fits the pair weights by logistic regression on the pairs of
//! mentions in one story of SPLITS (use `train`) and prints them as `weights=[…]`.

use std::path::{Path, PathBuf};

use readout_eval::events_coref::{
    evaluate_split, features, load_split, pair_features, set_fine_stories, story_of_docs, Params,
    PAIR_FEATURES, PAIR_FEATURE_NAMES,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or("../shared/data/ecbplus".into()),
    );
    let splits = args.get(1).cloned().unwrap_or("dev".into());
    let mut params = serde_json::to_value(Params::default()).expect("json");
    for kv in args.iter().skip(2) {
        let (k, v) = kv.split_once('=').expect("key=value");
        let v: serde_json::Value = serde_json::from_str(v).expect("value json");
        match k.split_once('.') {
            Some((outer, inner)) => params[outer][inner] = v,
            None => params[k] = v,
        }
    }
    let params: Params = serde_json::from_value(params).expect("params");
    if std::env::var("FIT").is_ok() {
        fit(&dir, &splits, &params);
    } else {
        for split in splits.split(',') {
            score(&dir, split, &params);
        }
    }
}

fn score(dir: &Path, split: &str, params: &Params) {
    let data = load_split(dir, split, None).expect("ECB+ split");
    let (report, _) = evaluate_split(split.to_string(), &data, params);
    println!(
        "{split}: {} docs, {} mentions ({} unmapped), {} chains, {} stories",
        report.documents, report.mentions, report.unmapped, report.gold_chains, report.stories
    );
    for s in &report.systems {
        let c = &s.scores;
        println!(
            "  {:50} clusters {:5}  MUC {:.3}  B3 {:.3}  CEAF-e {:.3}  CoNLL {:.4}",
            s.name, s.clusters, c.muc.f1, c.b_cubed.f1, c.ceaf_e.f1, c.conll_f1
        );
    }
}

/// Logistic regression of "same gold chain" on the pair features of every pair of mentions
/// in one readout story (Adam, small L2 penalty).
fn fit(dir: &Path, splits: &str, params: &Params) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for split in splits.split(',') {
        let data = load_split(dir, split, None).expect("ECB+ split");
        let mut f = features(&data);
        set_fine_stories(&data, &mut f, params);
        let story = story_of_docs(&data.docs, &params.stories);
        for a in 0..f.len() {
            for b in a + 1..f.len() {
                if story[data.doc_of[a]] == story[data.doc_of[b]] {
                    xs.push(pair_features(&f[a], &f[b]));
                    ys.push(data.mentions[a].coref_chain == data.mentions[b].coref_chain);
                }
            }
        }
    }
    let mut w = [0.0; PAIR_FEATURES];
    let (mut m, mut v) = ([0.0; PAIR_FEATURES], [0.0; PAIR_FEATURES]);
    let n = xs.len() as f64;
    for step in 1..=400 {
        let mut grad = [0.0; PAIR_FEATURES];
        for (x, &y) in xs.iter().zip(&ys) {
            let z: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
            let err = 1.0 / (1.0 + (-z).exp()) - if y { 1.0 } else { 0.0 };
            for (g, xk) in grad.iter_mut().zip(x) {
                *g += err * xk / n;
            }
        }
        for k in 0..PAIR_FEATURES {
            let g = grad[k] + 1e-4 * w[k];
            m[k] = 0.9 * m[k] + 0.1 * g;
            v[k] = 0.999 * v[k] + 0.001 * g * g;
            let mh = m[k] / (1.0 - 0.9f64.powi(step));
            let vh = v[k] / (1.0 - 0.999f64.powi(step));
            w[k] -= 0.05 * mh / (vh.sqrt() + 1e-8);
        }
    }
    let positives = ys.iter().filter(|&&y| y).count();
    println!("{} pairs, {positives} coreferent", xs.len());
    for (name, w) in PAIR_FEATURE_NAMES.iter().zip(&w) {
        println!("  {name:20} {w:8.3}");
    }
    let rounded: Vec<f64> = w.iter().map(|x| (x * 100.0).round() / 100.0).collect();
    println!("weights={}", serde_json::to_string(&rounded).expect("json"));
}
