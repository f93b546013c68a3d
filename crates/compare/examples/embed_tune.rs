//! Choose the embedding threshold of claim alignment on ECB+ (dev by default; never on the
//! reporting sets NewsWCL50 and BASIL).
//!
//! Pairs are sentences of two different documents of one ECB+ topic. A pair is positive when
//! the sentences share an annotated event coreference chain (`ACT`/`NEG`): they report the
//! same happening, as aligned claims of two accounts should. Negatives are the other pairs of
//! one sub-topic (same story, different happening) and every pair across the topic's two
//! sub-topics (the same kind of event, another instance: e.g. two earthquakes), the claims
//! that must not align. Prints precision and recall of `cosine >= t` for a range of
//! thresholds.
//!
//! ```text
//! cargo run --release -p readout-compare --features embeddings --example embed_tune -- \
//!     MODEL_DIR [../shared/data/ecbplus] [Dev]
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use readout_compare::embed::{dot, Embedder};

struct Sentence {
    doc: String,
    text: String,
    chains: BTreeSet<String>,
}

fn topic(doc: &str) -> &str {
    doc.split('_').next().unwrap_or(doc)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = args
        .first()
        .expect("usage: embed_tune MODEL_DIR [ECBPLUS_DIR] [SPLIT]");
    let data = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("../shared/data/ecbplus");
    let split = args.get(2).map(String::as_str).unwrap_or("Dev");
    let corpus = std::fs::read_to_string(Path::new(data).join(format!("ECB_{split}_corpus.txt")))
        .expect("reading the ECB+ corpus");
    // (doc, sentence id) → tokens and chains.
    let mut sentences: BTreeMap<(String, u32), (Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    for line in corpus.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            continue;
        }
        let Ok(sid) = f[1].parse::<u32>() else {
            continue;
        };
        let entry = sentences.entry((f[0].to_string(), sid)).or_default();
        entry.0.push(f[3].to_string());
        let chain = f[4];
        if (chain.starts_with("ACT") || chain.starts_with("NEG")) && chain != "-" {
            entry.1.insert(chain.to_string());
        }
    }
    let sentences: Vec<Sentence> = sentences
        .into_iter()
        .map(|((doc, _), (tokens, chains))| Sentence {
            doc,
            text: tokens.join(" "),
            chains,
        })
        .collect();
    let start = Instant::now();
    let embedder = Embedder::load(Path::new(model)).expect("loading the model");
    eprintln!("model loaded in {:.2} s", start.elapsed().as_secs_f64());
    let start = Instant::now();
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let vectors = embedder.embed(&texts).expect("encoding");
    eprintln!(
        "{} sentences encoded in {:.2} s",
        texts.len(),
        start.elapsed().as_secs_f64()
    );
    let mut by_topic: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in sentences.iter().enumerate() {
        by_topic
            .entry(topic(&s.doc).to_string())
            .or_default()
            .push(i);
    }
    // (cosine, positive)
    let mut pairs: Vec<(f32, bool)> = Vec::new();
    for members in by_topic.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if sentences[i].doc == sentences[j].doc {
                    continue;
                }
                let positive = !sentences[i].chains.is_disjoint(&sentences[j].chains);
                pairs.push((dot(&vectors[i], &vectors[j]), positive));
            }
        }
    }
    let total_pos = pairs.iter().filter(|p| p.1).count();
    println!(
        "ECB+ {split}: {} sentences, {} cross-document pairs in one topic, {} positive ({:.1} %)",
        sentences.len(),
        pairs.len(),
        total_pos,
        100.0 * total_pos as f64 / pairs.len().max(1) as f64
    );
    println!("threshold\tpredicted\tprecision\trecall\tF1");
    for t in (30..=90).step_by(5) {
        let t = t as f32 / 100.0;
        let predicted = pairs.iter().filter(|p| p.0 >= t).count();
        let correct = pairs.iter().filter(|p| p.0 >= t && p.1).count();
        let p = correct as f64 / predicted.max(1) as f64;
        let r = correct as f64 / total_pos.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!("{t:.2}\t{predicted}\t{p:.3}\t{r:.3}\t{f:.3}");
    }
}
