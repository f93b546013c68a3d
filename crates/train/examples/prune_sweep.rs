//! Tuning aid: how much of a trained syntax model can be pruned. Loads a model file, drops
//! weights below each threshold and prints EWT dev scores and the compressed size.
//!
//! Usage: cargo run --release -p readout-train --example prune_sweep -- MODEL UD_DIR [T ...]
//! (with PRUNED_OUT=PREFIX, each pruned model is also written to PREFIX.T)

use readout_pipeline::parse::SyntaxModel;
use readout_train::parse::{dev_scores, read_treebank};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, data, thresholds @ ..] = &args[..] else {
        return Err("usage: prune_sweep MODEL UD_DIR [THRESHOLD ...]".into());
    };
    let model = SyntaxModel::read(&std::fs::read(model)?)?;
    let dev = read_treebank(&std::path::Path::new(data).join("en_ewt-ud-dev.conllu"))?;
    let clusters = SyntaxModel::clusters();
    for t in thresholds {
        let t: f32 = t.parse()?;
        let mut m = model.clone();
        m.tagger = m.tagger.pruned(t);
        m.parser = m.parser.pruned(t);
        let mut bytes = Vec::new();
        m.write(&mut bytes)?;
        let s = dev_scores(&m, &dev, clusters);
        println!(
            "min {t}: UPOS {:.4} UAS {:.4} LAS {:.4}  tagger {} / parser {} weights, {:.1} MB",
            s.upos,
            s.uas,
            s.las,
            m.tagger.n_weights(),
            m.parser.n_weights(),
            bytes.len() as f64 / 1e6
        );
        if let Ok(out) = std::env::var("PRUNED_OUT") {
            std::fs::write(format!("{out}.{t}"), &bytes)?;
        }
    }
    Ok(())
}
