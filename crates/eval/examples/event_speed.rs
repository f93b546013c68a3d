//! Speed of the event coding stage alone (issue 7 goal: ≥ 20k sentences/s on one core).
//!
//! `cargo run --release -p readout-eval --example event_speed -- FILE.jsonl [REPS]`
//! (bench/event_speed.sh builds the corpus and pins one core). Every article is analyzed
//! once with the event stage off and its tokens kept; then only `EventCoder::code` is timed,
//! REPS times over all documents, and the median pass gives sentences per second.

use std::time::Instant;

use readout_pipeline::events::EventCoder;
use readout_pipeline::ingest::{Articles, ReadOptions};
use readout_pipeline::{Analyzer, AnalyzerOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: event_speed FILE [REPS]");
        std::process::exit(2);
    };
    let reps: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        no_events: true,
        published: readout_pipeline::parse_published("2022-03-02"),
        ..AnalyzerOptions::default()
    });
    let mut docs = Vec::new();
    for article in Articles::new(&[path.as_str()], ReadOptions::default()) {
        match article.and_then(|a| analyzer.analyze(a)) {
            Ok(doc) => docs.push(doc),
            Err(e) => eprintln!("skipped: {e}"),
        }
    }
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let load = Instant::now();
    let coder = EventCoder::embedded();
    eprintln!("dictionary load: {:.3} s", load.elapsed().as_secs_f64());
    let mut times = Vec::new();
    let mut events = 0;
    for _ in 0..reps {
        let mut work = docs.clone();
        let start = Instant::now();
        for doc in &mut work {
            coder.code(doc);
        }
        times.push(start.elapsed().as_secs_f64());
        events = work.iter().map(|d| d.events.len()).sum();
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{} documents, {sentences} sentences, {events} events; coding stage median {:.3} s = {:.0} sentences/s",
        docs.len(),
        median,
        sentences as f64 / median
    );
}
