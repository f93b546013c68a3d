//! Story clustering of analyzed records (JSONL from `readout analyze`), timed apart from
//! analysis: `cargo run --release -p readout-compare --example cluster_speed -- RECORDS.jsonl
//! [REPS] [OUT.json]`. Prints the seconds of making the summaries and of the median
//! clustering run; OUT.json receives the stories (to check that a change keeps them).

use std::io::BufRead;
use std::time::Instant;

use readout_compare::{cluster, DocSummary, StoryOptions};
use readout_core::Document;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let input = &args[1];
    let reps: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let docs: Vec<Document> = std::io::BufReader::new(std::fs::File::open(input).unwrap())
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    let t = Instant::now();
    let summaries: Vec<DocSummary> = docs.iter().map(DocSummary::from_document).collect();
    let summarize = t.elapsed().as_secs_f64();
    let options = StoryOptions::default();
    let mut times = Vec::new();
    let mut stories = Vec::new();
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        stories = cluster(&summaries, &options);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} articles: summaries {summarize:.3} s, clustering {:.3} s (median of {}), {} stories",
        docs.len(),
        times[times.len() / 2],
        times.len(),
        stories.len()
    );
    if let Some(out) = args.get(3) {
        let json = serde_json::json!({ "summaries": summaries, "stories": stories });
        std::fs::write(out, serde_json::to_string(&json).unwrap()).unwrap();
    }
}
