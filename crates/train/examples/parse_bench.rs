//! Tuning aid: tag + parse speed in one process (the model loaded once, EWT dev annotated
//! REPS times), against the same model with its weak parser rows dropped at each threshold
//! given, the runs interleaved; prints the best and median rate of each, so a busy machine
//! disturbs the comparison less than separate processes timed apart.
//!
//! Usage: cargo run --release -p readout-train --example parse_bench -- MODEL UD_DIR REPS [T ...]

use readout_pipeline::parse::SyntaxModel;
use readout_train::parse::read_treebank;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, data, reps, thresholds @ ..] = &args[..] else {
        return Err("usage: parse_bench MODEL UD_DIR REPS [THRESHOLD ...]".into());
    };
    let reps: usize = reps.parse()?;
    let model = SyntaxModel::read(&std::fs::read(model)?)?;
    let dev = read_treebank(&std::path::Path::new(data).join("en_ewt-ud-dev.conllu"))?;
    let words: usize = dev.iter().map(|s| s.words.len()).sum();
    let clusters = SyntaxModel::clusters();
    let mut variants = vec![("as is".to_string(), model.clone())];
    for t in thresholds {
        let mut m = model.clone();
        m.parser = m.parser.without_weak_rows(t.parse()?);
        variants.push((format!("rows >= {t}"), m));
    }
    let mut times = vec![Vec::new(); variants.len()];
    for _ in 0..reps.max(1) {
        for (k, (_, m)) in variants.iter().enumerate() {
            let mut s = dev.clone();
            let t = Instant::now();
            m.annotate_conllu(&mut s, clusters);
            times[k].push(t.elapsed().as_secs_f64());
        }
    }
    for ((name, m), mut t) in variants.iter().zip(times) {
        t.sort_by(f64::total_cmp);
        println!(
            "{name}: {} parser features; best {:.0} words/s, median {:.0}",
            m.parser.n_features(),
            words as f64 / t[0],
            words as f64 / t[t.len() / 2]
        );
    }
    Ok(())
}
