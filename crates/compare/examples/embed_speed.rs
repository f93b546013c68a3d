//! Speed of `compare` on two accounts, without and with the sentence-embedding model, and the
//! model's load time.
//!
//! ```text
//! readout analyze a.txt > a.json; readout analyze b.txt > b.json
//! cargo run --release -p readout-compare --features embeddings --example embed_speed -- \
//!     MODEL_DIR a.json b.json
//! ```
//!
//! Inputs are analyzed records (`readout analyze` output, one JSON document) or plain text
//! (split into claims at sentence punctuation). Prints medians of 20 runs: lexical only; with
//! the model on a cold cache (a fresh model each run, load time excluded); with a warm cache.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use readout_compare::embed::Embedder;
use readout_compare::{compare, CompareOptions, Encoder};
use readout_core::Document;

fn read(path: &str) -> Document {
    let text = std::fs::read_to_string(path).expect("reading an input");
    if path.ends_with(".json") || path.ends_with(".jsonl") {
        let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        serde_json::from_str(line).expect("an analyzed record")
    } else {
        Document::from_normalized(path, text)
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: embed_speed MODEL_DIR A B");
        std::process::exit(2);
    }
    let (a, b) = (read(&args[1]), read(&args[2]));
    let words = |d: &Document| d.text.split_whitespace().count();
    let runs = 20;

    let mut lexical = Vec::new();
    let mut items = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let c = compare(&[&a, &b], &CompareOptions::default());
        lexical.push(t.elapsed().as_secs_f64() * 1000.0);
        items = c.pairs[0].summary.agree + c.pairs[0].summary.wording + c.pairs[0].summary.conflict;
    }

    let mut loads = Vec::new();
    let mut cold = Vec::new();
    let mut model_items = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let model = Embedder::load(Path::new(&args[0])).expect("loading the model");
        loads.push(t.elapsed().as_secs_f64() * 1000.0);
        let options = CompareOptions {
            encoder: Some(Encoder(Arc::new(model))),
            ..CompareOptions::default()
        };
        let t = Instant::now();
        let c = compare(&[&a, &b], &options);
        cold.push(t.elapsed().as_secs_f64() * 1000.0);
        let s = &c.pairs[0].summary;
        model_items = s.agree + s.wording + s.conflict;
    }
    let options = CompareOptions {
        encoder: Some(Encoder(Arc::new(
            Embedder::load(Path::new(&args[0])).expect("loading the model"),
        ))),
        ..CompareOptions::default()
    };
    compare(&[&a, &b], &options);
    let mut warm = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        compare(&[&a, &b], &options);
        warm.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let claims = |d: &Document| readout_compare::claims::extract(d).len();
    println!(
        "accounts: {} words / {} claims and {} words / {} claims",
        words(&a),
        claims(&a),
        words(&b),
        claims(&b)
    );
    println!(
        "lexical only: median {:.2} ms ({runs} runs), {items} aligned",
        median(lexical)
    );
    println!("model load: median {:.0} ms (5 loads)", median(loads));
    println!(
        "with the model, cold cache: median {:.0} ms (5 runs), {model_items} aligned",
        median(cold)
    );
    println!(
        "with the model, warm cache: median {:.2} ms ({runs} runs)",
        median(warm)
    );
}
