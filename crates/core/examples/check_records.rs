//! Check the span invariants of every record of `readout analyze` JSONL output:
//! `cargo run --release -p readout-core --example check_records -- FILE.jsonl`
//! (records written with `--tokens` get the token checks too). Prints each broken record and
//! exits with status 1 when there is one.

use std::io::BufRead;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_records FILE.jsonl (the output of `readout analyze`)");
        std::process::exit(2);
    };
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("check_records: cannot open {path}: {e}");
        std::process::exit(2);
    });
    let (mut checked, mut broken) = (0, 0);
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.unwrap_or_else(|e| {
            eprintln!("check_records: {path}: reading line {}: {e}", n + 1);
            std::process::exit(2);
        });
        let doc: readout_core::Document = match serde_json::from_str(&line) {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("{path}:{}: not a readout record: {e}", n + 1);
                broken += 1;
                continue;
            }
        };
        checked += 1;
        if let Err(e) = readout_core::check_spans(&doc) {
            println!("{path}:{} ({}): {e}", n + 1, doc.id);
            broken += 1;
        }
    }
    println!("{checked} records checked, {broken} broken");
    if broken > 0 {
        std::process::exit(1);
    }
}
