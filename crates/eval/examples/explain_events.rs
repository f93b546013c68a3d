//! Why a gold record gets no event or the wrong one: for each PLOVER GSR record that
//! readout misses (or each PETRARCH-2 GSR sentence it gets wrong), print the gold label,
//! readout's events, the tokens with their parse (part of speech, relation, head), which
//! words the event dictionary knows as verbs (with the block's own code), and the actor
//! codes of the document's entities.
//!
//! ```text
//! cargo run --release -p readout-eval --example explain_events -- plover [CATEGORY] > /tmp/x
//! cargo run --release -p readout-eval --example explain_events -- petrarch2 > /tmp/x
//! ```
//! Reads `../shared/data/{plover-gsr,petrarch2-gsr}` from the repository root; prints a
//! message and exits when they are absent.

use std::path::Path;

use readout_core::Document;
use readout_pipeline::events::EventCoder;
use readout_pipeline::ingest::Article;
use readout_pipeline::{Analyzer, AnalyzerOptions};

fn analyze(analyzer: &Analyzer, text: &str, date: Option<&str>) -> Document {
    let mut article = Article::from_text("x", text);
    article.published = date.map(str::to_string);
    analyzer
        .analyze(article)
        .unwrap_or_else(|e| panic!("analysis failed: {e}"))
}

fn dump(doc: &Document) {
    let coder = EventCoder::embedded();
    let dict = coder.dictionary();
    for e in &doc.events {
        let side = |s: &[readout_core::EventActor]| {
            s.iter()
                .map(|a| format!("{}={}", a.text, a.code.as_deref().unwrap_or("?")))
                .collect::<Vec<_>>()
                .join("+")
        };
        println!(
            "  EVENT {} {} [{}] {} -> {} trig={:?} conf={:.2}{}{}",
            e.code,
            e.plover
                .as_ref()
                .map(|p| p.category.as_str())
                .unwrap_or("-"),
            e.label,
            side(&e.actors),
            side(&e.recipients),
            e.trigger.text,
            e.confidence,
            if e.negated { " NEG" } else { "" },
            if e.hypothetical { " HYP" } else { "" },
        );
    }
    for ent in &doc.entities {
        let code = coder.actor_code(&ent.name, None);
        println!("  ENT {:?} {:?} code={:?}", ent.kind, ent.name, code);
    }
    let mut line = String::new();
    for (i, t) in doc.tokens.iter().enumerate() {
        let upper = t.text.to_uppercase();
        let verb = dict.verbs.get(&upper).map(|forms| {
            forms
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}",
                        f.words.join("_"),
                        f.code.as_deref().unwrap_or("---")
                    )
                })
                .collect::<Vec<_>>()
                .join(",")
        });
        let syn = t
            .syntax
            .as_ref()
            .map(|s| {
                format!(
                    "{}/{}>{}",
                    s.upos,
                    s.deprel,
                    s.head.map(|h| h.to_string()).unwrap_or("-".into())
                )
            })
            .unwrap_or_default();
        line.push_str(&format!(
            "{i}:{}[{syn}]{} ",
            t.text,
            verb.map(|v| format!("{{{v}}}")).unwrap_or_default()
        ));
    }
    println!("  TOK {line}");
}

fn plover(root: &Path, only: Option<&str>) {
    let path = root.join("plover-gsr/PLOVER_GSR_CAMEO.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let records: Vec<serde_json::Value> =
        serde_json::from_slice(&bytes).expect("PLOVER GSR file is not a JSON array");
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        ..AnalyzerOptions::default()
    });
    for r in &records {
        let Some(gold) = r["event"].as_str().filter(|e| *e != "DOCUMENT") else {
            continue;
        };
        let gold = readout_eval::events::current_plover(gold);
        if only.is_some_and(|o| o != gold) {
            continue;
        }
        let text = r["text"].as_str().unwrap_or("");
        let doc = analyze(&analyzer, text, None);
        let best = doc
            .events
            .iter()
            .filter(|e| e.plover.is_some())
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence));
        let got = best.and_then(|e| e.plover.as_ref().map(|p| p.category.as_str()));
        if got == Some(gold) {
            continue;
        }
        let status = if got.is_some() { "WRONG" } else { "NONE" };
        println!(
            "== {} {status} gold={gold} got={} evt={:?}",
            r["id"].as_str().unwrap_or("?"),
            got.unwrap_or(""),
            r["eventText"].as_str().unwrap_or("")
        );
        println!("  TEXT {text}");
        dump(&doc);
    }
}

fn petrarch2(root: &Path) {
    let path = root.join("petrarch2-gsr/PETR2_GSR_validation.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is absent", path.display());
        return;
    };
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        ..AnalyzerOptions::default()
    });
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let r: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        if r["evaluate"].as_str() == Some("false") {
            continue;
        }
        let date = r["date"].as_str().filter(|d| d.len() == 8);
        let date = date.map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]));
        let doc = analyze(&analyzer, r["text"].as_str().unwrap_or(""), date.as_deref());
        let mut produced = readout_eval::events::triples(&doc);
        produced.sort();
        let mut expected: Vec<_> = r["events"]
            .as_array()
            .map(|evs| {
                evs.iter()
                    .map(|e| {
                        let s = |k: &str| e[k].as_str().unwrap_or("").trim_matches('\'');
                        (
                            s("source").to_string(),
                            s("target").to_string(),
                            s("code").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        expected.sort();
        let root2 = |v: &[(String, String, String)]| -> Vec<(String, String, String)> {
            v.iter()
                .map(|(a, b, c)| (a.clone(), b.clone(), c.chars().take(2).collect()))
                .collect()
        };
        if root2(&expected) == root2(&produced) {
            continue;
        }
        println!(
            "== {} expected={expected:?} produced={produced:?}",
            r["id"].as_str().unwrap_or("?")
        );
        println!("  TEXT {}", r["text"].as_str().unwrap_or(""));
        dump(&doc);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new("../shared/data");
    match args.first().map(String::as_str) {
        Some("plover") => plover(root, args.get(1).map(String::as_str)),
        Some("petrarch2") => petrarch2(root),
        _ => eprintln!("usage: explain_events plover [CATEGORY] | petrarch2"),
    }
}
