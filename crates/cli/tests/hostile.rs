//! Hostile and odd inputs (issue 17): each must end, in bounded time, with a clear message.
//! Time bounds are generous (a slow, loaded machine and a debug build pass them); what they
//! catch is a hang or a quadratic path, which overshoots them by orders of magnitude.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use readout_store::Store;

fn readout() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readout"))
}

/// Run `cmd`, killing it and failing the test when it runs past `limit`.
fn run_within(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("readout starts");
    // Drain the pipes on threads: a child blocked on a full pipe would look like a hang.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for readout") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("readout ran past {limit:?}: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout thread").expect("stdout read"),
        stderr: err.join().expect("stderr thread").expect("stderr read"),
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Check the span invariants of every JSONL record in `stdout`: odd input must still give
/// records whose spans hold.
fn assert_spans(stdout: &[u8]) {
    for line in text(stdout).lines() {
        let doc: readout_core::Document =
            serde_json::from_str(line).expect("each line is a readout record");
        if let Err(e) = readout_core::check_spans(&doc) {
            panic!("record {}: span invariant broken: {e}", doc.id);
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

#[test]
fn a_truncated_gzip_jsonl_is_one_error_and_the_next_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..20 {
        lines.push_str(&format!(
            "{{\"id\":\"a{i}\",\"text\":\"Officers detained {i} people.\"}}\n"
        ));
    }
    let whole = gzip(lines.as_bytes());
    let cut = dir.path().join("cut.jsonl.gz");
    std::fs::write(&cut, &whole[..100.min(whole.len() - 1)]).unwrap();
    let next = dir.path().join("next.jsonl");
    std::fs::write(&next, "{\"text\":\"The ferry sailed on Monday.\"}\n").unwrap();
    for format in [None, Some("jsonl")] {
        let mut cmd = readout();
        cmd.arg("analyze");
        if let Some(f) = format {
            cmd.args(["--input-format", f]);
        }
        let o = run_within(cmd.arg(&cut).arg(&next), Duration::from_secs(120));
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        let stderr = text(&o.stderr);
        assert_eq!(stderr.matches("cannot read").count(), 1, "{stderr}");
        assert!(text(&o.stdout).contains("The ferry sailed"));
        assert_spans(&o.stdout);
    }
    let db = dir.path().join("t.db");
    let o = run_within(
        readout().arg("ingest").arg("--db").arg(&db).arg(&cut),
        Duration::from_secs(120),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o.stderr).matches("cannot read").count(), 1);
}

#[test]
fn deeply_nested_html_is_capped_and_its_text_kept() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("deep.html");
    let depth = 20_000;
    std::fs::write(
        &page,
        format!(
            "<html><body>{}<p>Harbour police came on Monday.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
    )
    .unwrap();
    // Before the cap, 10,000 levels took 24 s (release build), and the time grew with the
    // square of the depth.
    let o = run_within(readout().arg("text").arg(&page), Duration::from_secs(90));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).matches("Harbour police came").count(), 1);
    let o = run_within(
        readout()
            .args(["analyze", "--published", "2024-01-01"])
            .arg(&page),
        Duration::from_secs(90),
    );
    assert!(text(&o.stdout).contains("nests elements more than 512 deep"));
    assert_spans(&o.stdout);
}

/// JSONL of `n` short articles of our own text, with a publication date per line.
fn articles(n: usize, published: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"s{i}\",\"published\":\"{published}\",\"text\":\"Council of Lorvik \
                 approves dock plan {i}\\n\\nThe council of Lorvik approved dock plan {i} on \
                 Tuesday, chair Tove Brandt said. Police arrested {} protesters.\"}}\n",
                i % 7 + 2
            )
        })
        .collect()
}

#[test]
fn an_unchanged_article_is_found_before_it_is_analyzed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let first = dir.path().join("first.jsonl");
    std::fs::write(&first, articles(5, "2024-03-05")).unwrap();
    let o = readout()
        .args(["ingest", "-v", "--db"])
        .arg(&db)
        .arg(&first)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    // The same articles with a date the analyzer refuses: analyzing them would fail, so
    // "unchanged" shows they were recognised before any analysis.
    let again = dir.path().join("again.jsonl");
    std::fs::write(&again, articles(5, "not a date")).unwrap();
    let o = readout()
        .args(["ingest", "-v", "--db"])
        .arg(&db)
        .arg(&again)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let stdout = text(&o.stdout);
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    assert!(
        stdout.lines().all(|l| l.starts_with("unchanged\t")),
        "{stdout}"
    );
    // A changed article is analyzed (and here refused for its date).
    std::fs::write(&again, articles(6, "not a date")).unwrap();
    let o = readout()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&again)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("5 unchanged, 0 replaced, 1 failed"));
}

#[test]
fn stories_left_pending_are_placed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, articles(8, "2024-03-05")).unwrap();
    // Articles committed, stories not placed: what a kill -9 during clustering leaves.
    let o = readout()
        .args(["ingest", "--no-stories", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success());
    let pending = Store::open(&db).unwrap().articles_without_story().unwrap();
    assert_eq!(pending.len(), 8);
    let o = readout()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(
        text(&o.stderr).contains("8 unchanged"),
        "{}",
        text(&o.stderr)
    );
    let store = Store::open(&db).unwrap();
    assert!(store.articles_without_story().unwrap().is_empty());
    assert!(store.story_count(1).unwrap() >= 1);
}

#[test]
fn two_ingests_creating_one_database_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, articles(3, "2024-03-05")).unwrap();
    for round in 0..4 {
        let db = dir.path().join(format!("new{round}.db"));
        let start = || {
            readout()
                .args(["ingest", "--db"])
                .arg(&db)
                .arg(&input)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start(), start());
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", text(&o.stderr));
        }
    }
}

#[test]
fn a_document_compared_with_itself_agrees_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(
        &a,
        "Ferry talks resume in Lorvik\n\nThe harbour council of Lorvik met on Tuesday, chair \
         Tove Brandt said. It.\n\n4.\n\nAll…\n\n\"We have waited three years,\" Brandt told \
         reporters. Police arrested 12 people near the docks.",
    )
    .unwrap();
    let o = readout()
        .args(["compare", "--format", "json"])
        .arg(&a)
        .arg(&a)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(!out.contains("\"only_in\": \""), "{out}");
    assert!(!out.contains("\"label\": \"conflict\""), "{out}");
}

#[test]
fn messages_name_the_real_problem() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("odd.jsonl");
    std::fs::write(&jsonl, "{\"text\":\"fine\"}\n[1,2,3]\n{\"text\":\"cut sh").unwrap();
    let o = readout().arg("analyze").arg(&jsonl).output().unwrap();
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("odd.jsonl:2") && stderr.contains("JSON object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("odd.jsonl:3") && stderr.contains("cut short"),
        "{stderr}"
    );
    assert!(!stderr.contains("line 2 column 0"), "{stderr}");

    let db = dir.path().join("m.db");
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, articles(2, "2024-03-05")).unwrap();
    assert!(readout()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap()
        .status
        .success());
    let o = readout()
        .args(["search", "--raw", "\"", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(stderr.contains("not valid FTS5 syntax"), "{stderr}");
    assert!(!stderr.contains("missing database"), "{stderr}");
}

#[test]
fn a_long_repeated_search_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, articles(50, "2024-03-05")).unwrap();
    assert!(readout()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .output()
        .unwrap()
        .status
        .success());
    let repeated = vec!["council"; 400].join(" ");
    let o = run_within(
        readout().args(["search", "--db"]).arg(&db).arg(&repeated),
        Duration::from_secs(60),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let many: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
    let o = readout()
        .args(["search", "--db"])
        .arg(&db)
        .arg(many.join(" "))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("over the limit of 32"));
}
