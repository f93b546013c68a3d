//! End-to-end tests of the `readout` binary: stdout, stderr and exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn readout() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readout"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    repo_root().join("examples/ferry-talks.txt")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("readout runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSONL records of `readout analyze`, each checked against the span invariants.
fn records(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| {
            let rec: Value = serde_json::from_str(l).expect("each line is a JSON record");
            assert_spans(&rec);
            rec
        })
        .collect()
}

/// Check the span contract of a record ([`readout_core::check_spans`]): every span slices to
/// its text, in order, inside its sentence.
fn assert_spans(rec: &Value) {
    let doc: readout_core::Document =
        serde_json::from_value(rec.clone()).expect("the record reads as a Document");
    if let Err(e) = readout_core::check_spans(&doc) {
        panic!("record {}: span invariant broken: {e}", doc.id);
    }
}

#[test]
fn analyze_example_gives_a_complete_record() {
    let o = run(readout()
        .args(["analyze", "--published", "2026-03-11"])
        .arg(example()));
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1);
    let rec = &recs[0];
    assert_eq!(rec["id"], "ferry-talks");
    assert_eq!(rec["published"], "2026-03-11");
    assert_eq!(rec["published_source"], "argument");
    assert_eq!(
        rec["title"],
        "Island states urge shipping firms to “restore the ferry link”"
    );
    assert_eq!(rec["byline"]["authors"][0], "Dana Whitlow");
    for key in ["entities", "times", "quotes", "counts", "events"] {
        assert!(rec[key].is_array(), "{key} is an array");
    }
    let sentences = rec["sentences"].as_array().unwrap();
    assert!(sentences.len() >= 10);
    assert!(sentences.iter().any(|s| s["text"]
        == "Ms. Marrow asked Vesteria to use its influence with the shipping companies."));
    assert!(rec.get("tokens").is_none(), "tokens only with --tokens");
}

#[test]
fn output_keys_match_the_json_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("schema/document.schema.json")).unwrap(),
    )
    .unwrap();
    let props: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let o = run(readout().args(["analyze", "--tokens"]).arg(example()));
    let rec = &records(&o)[0];
    for key in rec.as_object().unwrap().keys() {
        assert!(
            props.contains(&key),
            "field {key} is missing from the schema"
        );
    }
    for key in required {
        assert!(
            rec.get(key).is_some(),
            "required field {key} is missing from the output"
        );
    }
}

#[test]
fn json_format_is_an_array_and_text_format_is_readable() {
    let o = run(readout()
        .args(["analyze", "--format", "json"])
        .arg(example())
        .arg(example()));
    assert!(o.status.success());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    v.as_array().unwrap().iter().for_each(assert_spans);
    let o = run(readout()
        .args(["analyze", "--format", "text"])
        .arg(example()));
    let out = stdout(&o);
    assert!(
        out.contains("title:") && out.contains("published: unknown"),
        "{out}"
    );
}

#[test]
fn no_publication_date_is_said_in_the_record() {
    let o = run(readout().arg("analyze").arg(example()));
    let rec = &records(&o)[0];
    assert_eq!(rec["published"], Value::Null);
    assert_eq!(rec["published_source"], "none");
    assert!(rec["warnings"][0]
        .as_str()
        .unwrap()
        .contains("no publication date"));
}

#[test]
fn reads_stdin_and_jsonl() {
    let mut child = readout()
        .args(["analyze", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"{\"id\":\"x1\",\"text\":\"Rain fell. Roads closed.\",\"published\":\"2025-01-05\"}\n\
              {\"id\":\"x2\",\"html\":\"<html><body><article><p>Snow fell on the hills overnight and the pass closed to traffic until noon.</p></article></body></html>\"}\n",
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let recs = records(&o);
    assert_eq!(recs.len(), 2, "{}", stderr(&o));
    assert_eq!(recs[0]["id"], "x1");
    assert_eq!(recs[0]["published_source"], "input");
    assert_eq!(recs[0]["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(recs[1]["input"]["html"], true);
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a_empty.txt"), "").unwrap();
    std::fs::write(
        d.join("b_binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
    )
    .unwrap();
    std::fs::write(d.join("c_latin1.txt"), b"Caf\xe9 reopens. Owners cheered.").unwrap();
    std::fs::write(
        d.join("d_batch.jsonl"),
        "{\"id\":\"ok\",\"text\":\"Fine.\"}\n{\"id\":\"bad\",\"text\":\n{\"id\":\"nodate\",\"text\":\"x\",\"published\":\"soon\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("e_good.txt"), "Bridge reopens. Traffic resumed.").unwrap();
    std::fs::write(
        d.join("f_broken.html"),
        "<html><body><div><p>Unclosed <b>tags <i>everywhere",
    )
    .unwrap();
    let o = run(readout().arg("analyze").arg(d));
    assert_eq!(o.status.code(), Some(2), "per-input errors exit 2");
    let err = stderr(&o);
    assert!(
        err.contains("a_empty.txt") && err.contains("empty"),
        "{err}"
    );
    assert!(
        err.contains("b_binary.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(
        err.contains("d_batch.jsonl:2") && err.contains("malformed JSONL"),
        "{err}"
    );
    assert!(
        err.contains("d_batch.jsonl:3") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let ids: Vec<String> = records(&o)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&"c_latin1".to_string()), "{ids:?}");
    assert!(ids.contains(&"ok".to_string()), "{ids:?}");
    assert!(ids.contains(&"e_good".to_string()), "{ids:?}");
    let latin1 = records(&o)
        .into_iter()
        .find(|r| r["id"] == "c_latin1")
        .unwrap();
    assert_eq!(latin1["input"]["lossy_utf8"], true);
    assert!(latin1["warnings"][0].as_str().unwrap().contains("UTF-8"));
}

#[test]
fn huge_inputs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    // Over the limit: refused with a message naming the limit.
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "word ".repeat(400_000)).unwrap();
    let o = run(readout()
        .args(["analyze", "--max-bytes", "1000000"])
        .arg(&big));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("over the 1000000-byte limit"),
        "{}",
        stderr(&o)
    );
    // Under the limit: one 2 MB line with no punctuation is analyzed, not hung on.
    let o = run(readout().arg("analyze").arg(&big));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(records(&o)[0]["sentences"].as_array().unwrap().len(), 1);
}

#[test]
fn usage_errors_exit_2_with_a_clear_message() {
    let o = run(readout()
        .args(["analyze", "--published", "March 3"])
        .arg(example()));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
    let o = run(readout().args(["analyze", "/no/such/file.txt"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/file.txt"), "{}", stderr(&o));
}

#[test]
fn text_prints_the_normalized_article_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>Pier repairs</title></head><body><nav>Home | News | Sport</nav>\
         <article><h1>Pier repairs</h1><p>Work on the pier began on Monday and will last three weeks, the council said.</p>\
         <p>The ferry will use the north quay until then, its operator announced in a statement.</p></article>\
         <footer>All rights reserved.</footer></body></html>",
    )
    .unwrap();
    let o = run(readout().arg("text").arg(&page));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Work on the pier began on Monday"), "{out}");
    assert!(!out.contains("All rights reserved"), "{out}");
}

#[test]
fn closed_stdout_is_not_an_error() {
    let mut child = readout()
        .args(["analyze", "--format", "text"])
        .arg(example())
        .arg(example())
        .arg(example())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The bundled pair of readouts of one phone call (written for readout): the whole pipeline
/// and `compare` find who asked for the call, the casualty figures and the promise the two
/// sides disagree on, the words each uses for the war, and what only one side says.
#[test]
fn compare_two_readouts_of_one_call() {
    let root = repo_root();
    let o = run(readout()
        .args(["compare", "--published", "2031-03-05", "--format", "json"])
        .arg(root.join("examples/call-oslo.txt"))
        .arg(root.join("examples/call-jakarta.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let pair = &v["pairs"][0];
    let items = pair["items"].as_array().unwrap();
    let conflicts: Vec<(String, String, String)> = items
        .iter()
        .flat_map(|i| i["conflicts"].as_array().cloned().unwrap_or_default())
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("kind"), s("left"), s("right"))
        })
        .collect();
    let kind = |k: &str| conflicts.iter().find(|c| c.0 == k).cloned();
    let actor = kind("actor").expect("who asked for the call");
    assert!(
        actor.1.contains("IDN") || actor.1.contains("Indonesia"),
        "{actor:?}"
    );
    assert!(actor.2.contains("NOR"), "{actor:?}");
    let count = kind("count").expect("casualty figures");
    assert!(
        count.1.starts_with("42") && count.2.starts_with("30"),
        "{count:?}"
    );
    let polarity = kind("polarity").expect("promised / did not promise");
    assert!(
        polarity.1.contains("promised") && polarity.2.contains("not"),
        "{polarity:?}"
    );

    let terms = pair["terms"].as_array().unwrap();
    let war = terms
        .iter()
        .find(|t| t["family"] == "armed conflict")
        .expect("words for the war");
    let words = |side: &str| -> Vec<String> {
        war[side]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(words("left").contains(&"aggression".to_string()), "{war}");
    assert!(words("right").contains(&"conflict".to_string()), "{war}");

    // Omissions on both sides; every side's span points at its own text.
    let only_in = |doc: &str| items.iter().filter(|i| i["only_in"] == doc).count();
    assert!(only_in("call-oslo") >= 2 && only_in("call-jakarta") >= 2);
    let texts = [
        std::fs::read_to_string(root.join("examples/call-oslo.txt")).unwrap(),
        std::fs::read_to_string(root.join("examples/call-jakarta.txt")).unwrap(),
    ];
    for item in items {
        for (side, text) in [("left", &texts[0]), ("right", &texts[1])] {
            if let Some(s) = item[side].as_object() {
                let (a, b) = (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&text[a..b], s["text"].as_str().unwrap());
            }
        }
    }
}

#[test]
fn analyze_on_several_threads_prints_the_same_bytes_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let mut lines = String::new();
    for i in 0..40 {
        if i == 13 {
            lines.push_str("{\"title\": \"no text here\"}\n");
            continue;
        }
        // Uneven lengths, so that later articles finish before earlier ones.
        let filler = "The council met again and talks went on. ".repeat(i % 7 * 5);
        lines.push_str(&serde_json::json!({
            "id": format!("n{i}"),
            "published": "2024-05-10",
            "text": format!("Mayor Ana Lind{i} said on Monday that {i} people were hurt. {filler}")
        }).to_string());
        lines.push('\n');
    }
    std::fs::write(&path, lines).unwrap();
    let one = run(readout().args(["analyze", "-j", "1"]).arg(&path));
    let three = run(readout().args(["analyze", "-j", "3"]).arg(&path));
    let default = run(readout().arg("analyze").arg(&path));
    assert_eq!(one.status.code(), Some(2), "the bad line fails the batch");
    assert_eq!(three.status.code(), Some(2));
    assert!(one.stdout == three.stdout && one.stdout == default.stdout);
    assert_eq!(stderr(&one), stderr(&three));
    assert!(stderr(&three).contains("many.jsonl:14: malformed JSONL record"));
    let ids: Vec<String> = records(&three)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..40)
        .filter(|i| *i != 13)
        .map(|i| format!("n{i}"))
        .collect();
    assert_eq!(ids, expected);
}
