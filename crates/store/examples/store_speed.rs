//! Time storing analyzed records (JSONL from `readout analyze`) without analyzing them:
//! `cargo run --release -p readout-store --example store_speed -- RECORDS.jsonl DB [stories]`.
//! Prints the seconds spent putting documents (batches of 64), committing, and placing them
//! into stories (from summaries made while storing, as `readout ingest` does).

use std::io::BufRead;
use std::time::Instant;

use readout_core::Document;
use readout_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (input, db) = (&args[1], &args[2]);
    let stories = args.get(3).is_some_and(|a| a == "stories");
    let docs: Vec<Document> = std::io::BufReader::new(std::fs::File::open(input).unwrap())
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{ext}"));
    }
    let mut store = Store::open(std::path::Path::new(db)).unwrap();
    let started = Instant::now();
    let (mut put, mut commit) = (0.0, 0.0);
    let mut summaries = Vec::new();
    for chunk in docs.chunks(64) {
        let t = Instant::now();
        let mut batch = store.batch().unwrap();
        for doc in chunk {
            let id = batch.put_document(doc, "v1").unwrap().article_id;
            if stories {
                // As `readout ingest` does: summaries made while storing.
                summaries.push(readout_store::story_summary(id, doc));
            }
        }
        let t2 = Instant::now();
        put += (t2 - t).as_secs_f64();
        batch.commit().unwrap();
        commit += t2.elapsed().as_secs_f64();
    }
    let stored = started.elapsed().as_secs_f64();
    let t = Instant::now();
    if stories {
        store
            .update_stories_with(summaries, &readout_compare::StoryOptions::default())
            .unwrap();
    }
    let st = t.elapsed().as_secs_f64();
    println!(
        "{} docs: put {put:.3} s, commit {commit:.3} s, stored {stored:.3} s, stories {st:.3} s",
        docs.len()
    );
}
