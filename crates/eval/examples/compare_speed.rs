//! Speed of `readout_compare::compare` on two analyzed articles (issue 20 goal: two
//! 1,000-word articles under 50 ms).
//!
//! `cargo run --release -p readout-eval --example compare_speed -- A.txt B.txt [REPS]`
//! Both articles are analyzed once (not timed); then `compare` — claims, facts, alignment and
//! labels of the pair — runs REPS times and the median is printed with the word counts.

use std::time::Instant;

use readout_compare::{compare, CompareOptions};
use readout_pipeline::ingest::{Articles, ReadOptions};
use readout_pipeline::{Analyzer, AnalyzerOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: compare_speed A B [REPS]");
        std::process::exit(2);
    }
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(21);
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let mut docs = Vec::new();
    for article in Articles::new(
        &[args[0].as_str(), args[1].as_str()],
        ReadOptions::default(),
    ) {
        match article.and_then(|a| analyzer.analyze(a)) {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                eprintln!("cannot analyze: {e}");
                std::process::exit(1);
            }
        }
    }
    let words: Vec<usize> = docs
        .iter()
        .map(|d| d.text.split_whitespace().count())
        .collect();
    let refs: Vec<_> = docs.iter().collect();
    let options = CompareOptions::default();
    let mut times = Vec::new();
    let mut facts = 0;
    for _ in 0..reps.max(1) {
        let start = Instant::now();
        let c = compare(&refs, &options);
        times.push(start.elapsed().as_secs_f64());
        facts = c.pairs.first().map_or(0, |p| p.facts.len());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "words {:?}; {facts} fact items; compare median {:.2} ms over {} runs",
        words,
        times[times.len() / 2] * 1000.0,
        times.len()
    );
}
