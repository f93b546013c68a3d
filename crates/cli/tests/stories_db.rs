//! `readout ingest` places articles into stories; `readout stories --db` rebuilds them;
//! `readout compare --db` compares stored articles by id, document id or story.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn readout() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readout"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("readout runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Two accounts of one council vote and an unrelated flood (written for these tests).
fn write_articles(dir: &Path) {
    std::fs::write(
        dir.join("vote-a.txt"),
        "Harbor council approves ferry contract\n\n\
         PORT VELL — The harbor council of Port Vell approved a new ferry contract on Tuesday, \
         council chair Amira Sollen said. At least 12 dock workers were injured in a fire at \
         the terminal last week.\n\nTransport minister Dario Kest praised the agreement.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("vote-b.txt"),
        "Port Vell council backs ferry deal\n\n\
         PORT VELL — The harbor council of Port Vell narrowly backed a disputed ferry contract \
         on Tuesday, council chair Amira Sollen said. At least 15 dock workers were injured in \
         a fire at the terminal last week.\n\nTransport minister Dario Kest welcomed the \
         agreement.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("flood.txt"),
        "Floods close mountain railway\n\nTESSIN — Flood waters closed the mountain railway \
         near Tessin for three days, the rail operator said on Wednesday. Engineers inspected \
         the bridges.\n",
    )
    .unwrap();
}

#[test]
fn stored_articles_are_grouped_and_compared() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    let db = dir.path().join("news.db");
    let db_s = db.to_str().unwrap();
    let o = run(readout()
        .args(["ingest", "--db", db_s, "--published", "2031-03-05"])
        .arg(dir.path()));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("stories updated"),
        "{}",
        text(&o.stderr)
    );

    // Ingest already placed the articles: the vote is one story of two.
    let o = run(readout().args(["stories", "--db", db_s, "--format", "json"]));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let stories: Value = serde_json::from_slice(&o.stdout).unwrap();
    let stories = stories.as_array().unwrap();
    assert_eq!(stories.len(), 1, "one story of two or more: {stories:?}");
    let docs: Vec<&str> = stories[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["doc_id"].as_str().unwrap())
        .collect();
    assert!(
        docs.contains(&"vote-a") && docs.contains(&"vote-b"),
        "{docs:?}"
    );
    let story = stories[0]["story_id"].as_i64().unwrap().to_string();
    let (a, b) = (
        stories[0]["members"][0]["article_id"].as_i64().unwrap(),
        stories[0]["members"][1]["article_id"].as_i64().unwrap(),
    );
    let o = run(readout().args(["stories", "--db", db_s, "--min-articles", "1"]));
    assert!(
        text(&o.stdout).starts_with("2 stories"),
        "{}",
        text(&o.stdout)
    );

    // By store id, by document id, by story: the same comparison, with the count conflict.
    for args in [
        vec![a.to_string(), b.to_string()],
        vec!["doc:vote-a".into(), "doc:vote-b".into()],
        vec!["--story".into(), story.clone()],
    ] {
        let o = run(readout()
            .args(["compare", "--db", db_s, "--format", "json"])
            .args(&args));
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        let c: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(c["pairs"].as_array().unwrap().len(), 1, "{args:?}");
        let s = serde_json::to_string(&c["pairs"][0]["items"]).unwrap();
        assert!(s.contains("\"count\""), "{args:?}: a count conflict in {s}");
    }
    let o = run(readout().args(["compare", "--db", db_s, "--story", &story]));
    assert!(text(&o.stdout).contains("conflict"), "{}", text(&o.stdout));

    // Errors say what is wrong and what to do.
    for (args, want) in [
        (vec!["1", "999"], "no article \"999\""),
        (vec!["1", "vote-b"], "doc:ID"),
        (vec!["--story", "999"], "readout stories --db"),
    ] {
        let o = run(readout().args(["compare", "--db", db_s]).args(&args));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            text(&o.stderr).contains(want),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    let o = run(readout()
        .args(["stories", "--db", "missing.db"])
        .current_dir(dir.path()));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("readout ingest --db"),
        "{}",
        text(&o.stderr)
    );
}
