//! `readout ingest` and the store commands, run as the real binary on generated articles:
//! crash safety under SIGKILL, idempotency, re-ingest after a model change, and the query
//! commands' output.
//!
//! The articles are generated here from word lists of our own; no third-party text.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use readout_store::Store;

const FIRST: &[&str] = &[
    "Ilse", "Tomas", "Renata", "Oskar", "Mirela", "Anton", "Lidia", "Pavel", "Greta", "Milan",
    "Sabine", "Teodor",
];
const LAST: &[&str] = &[
    "Marrow",
    "Quill",
    "Delacroix",
    "Brannick",
    "Vetrova",
    "Holm",
    "Ashdown",
    "Kessler",
    "Oyelaran",
    "Fennimore",
    "Strand",
    "Lazarov",
];
const TOWNS: &[&str] = &[
    "Port Vell",
    "Kastelburg",
    "Nordhaven",
    "Emberfield",
    "Saltmarsh",
    "Greywater",
];
const THINGS: &[&str] = &[
    "ferry crossing",
    "grain terminal",
    "river bridge",
    "rail depot",
    "water plant",
];

/// The mayor of article `i`: one of three people.
fn mayor(i: usize) -> (&'static str, &'static str) {
    (FIRST[i % 3], LAST[i % 3])
}

/// A short news-like article, different for every `i`.
fn article(i: usize) -> String {
    // People recur across articles (so that entities merge), places and topics vary.
    let (a, b) = mayor(i);
    let (c, d) = (FIRST[3 + i % 4], LAST[3 + i % 4]);
    let town = TOWNS[(i * 7 + 5) % TOWNS.len()];
    let thing = THINGS[(i * 3 + 1) % THINGS.len()];
    let n = 3 + i % 40;
    format!(
        "{town} council reopens the {thing} (report {i})\n\n\
         Mayor {a} {b} met {c} {d}, the regional transport minister, in {town} on Tuesday \
         to discuss the {thing}. \"We will reopen the {thing} within {n} days,\" {b} said.\n\n\
         {d} told reporters that at least {n} workers were injured during repairs last month. \
         The talks in {town} will continue on Friday, according to a statement from the council.\n"
    )
}

/// Write `n` articles as separate .txt files into a new folder `dir/name`.
fn write_articles(dir: &Path, name: &str, n: usize) -> PathBuf {
    let folder = dir.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..n {
        std::fs::write(folder.join(format!("a{i:05}.txt")), article(i)).unwrap();
    }
    folder
}

fn readout() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readout"))
}

fn run(args: &[&str]) -> Output {
    readout().args(args).output().expect("readout runs")
}

fn stdout_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

fn stats_json(db: &Path) -> serde_json::Value {
    let out = run(&["stats", "--db", db.to_str().unwrap(), "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stats --format json is JSON")
}

/// Committed-article lines of `ingest --verbose`: (status, article id, doc id).
fn parse_commit_line(line: &str) -> (String, i64, String) {
    let mut parts = line.split('\t');
    let status = parts.next().unwrap().to_string();
    let id = parts.next().unwrap().parse().expect("article id");
    let doc = parts.next().expect("doc id").to_string();
    (status, id, doc)
}

#[cfg(unix)]
#[test]
fn sigkill_mid_batch_loses_nothing_reported_and_a_rerun_completes_it() {
    use std::os::unix::process::ExitStatusExt;

    const N: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let folder = write_articles(dir.path(), "batch", N);
    let db = dir.path().join("crash.db");
    let db_arg = db.to_str().unwrap();

    let mut child = readout()
        .args([
            "ingest",
            "--verbose",
            "--published",
            "2030-01-15",
            "--db",
            db_arg,
        ])
        .arg(&folder)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("readout ingest starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut reported = Vec::new();
    // Let it commit a few dozen articles, then kill it without warning.
    let deadline = Instant::now() + Duration::from_secs(300);
    while reported.len() < 40 {
        match lines.next() {
            Some(Ok(line)) => reported.push(parse_commit_line(&line)),
            _ => break,
        }
        assert!(Instant::now() < deadline, "ingest too slow to test");
    }
    child.kill().expect("SIGKILL");
    // Lines already written before the kill are reports too.
    for line in lines.map_while(Result::ok) {
        reported.push(parse_commit_line(&line));
    }
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(9), "killed mid-run, not finished");
    assert!(reported.len() >= 40, "{} reported", reported.len());
    assert!(reported.len() < N, "the kill came before the end");

    // Every reported article is in the database, with its annotations.
    {
        let store = Store::open_read_only(&db).expect("the database opens after a crash");
        for (status, article_id, doc_id) in &reported {
            assert_eq!(status, "inserted");
            let stored = store
                .article(*article_id)
                .unwrap()
                .unwrap_or_else(|| panic!("reported article {doc_id} is missing"));
            assert_eq!(&stored.document.id, doc_id);
            assert!(!stored.document.entities.is_empty());
        }
    }
    let after_crash = stats_json(&db)["articles"].as_i64().unwrap() as usize;
    assert!(after_crash >= reported.len());

    // A rerun completes the batch: nothing stored twice.
    let out = readout()
        .args([
            "ingest",
            "--verbose",
            "--published",
            "2030-01-15",
            "--db",
            db_arg,
        ])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rerun: Vec<_> = stdout_lines(&out)
        .iter()
        .map(|l| parse_commit_line(l))
        .collect();
    assert_eq!(rerun.len(), N);
    let unchanged = rerun.iter().filter(|r| r.0 == "unchanged").count();
    let inserted = rerun.iter().filter(|r| r.0 == "inserted").count();
    assert_eq!(unchanged, after_crash);
    assert_eq!(inserted, N - after_crash);
    for (_, id, doc) in &reported {
        assert!(rerun.contains(&("unchanged".to_string(), *id, doc.clone())));
    }
    let stats = stats_json(&db);
    assert_eq!(stats["articles"], N);
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains(&format!(
            "{inserted} inserted, {unchanged} unchanged, 0 replaced, 0 failed"
        )),
        "{summary}"
    );
}

#[test]
fn ingest_is_idempotent_and_a_new_model_version_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let folder = write_articles(dir.path(), "small", 12);
    // One bad input among them: reported, the rest stored, exit code 2.
    std::fs::write(folder.join("empty.txt"), "").unwrap();
    let db = dir.path().join("idem.db");
    let db_arg = db.to_str().unwrap();
    let folder_arg = folder.to_str().unwrap();

    let first = run(&["ingest", "-v", "--db", db_arg, folder_arg]);
    assert_eq!(first.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(
        stderr.contains("12 inserted, 0 unchanged, 0 replaced, 1 failed"),
        "{stderr}"
    );
    let stats1 = stats_json(&db);
    assert_eq!(stats1["articles"], 12);
    for key in ["entities", "quotes", "events", "mentions"] {
        assert!(stats1[key].is_i64(), "{key} in {stats1}");
    }
    assert!(stats1["quotes"].as_i64().unwrap() >= 12, "{stats1}");

    let second = run(&["ingest", "-v", "--db", db_arg, folder_arg]);
    let lines = stdout_lines(&second);
    assert_eq!(lines.len(), 12);
    assert!(
        lines.iter().all(|l| l.starts_with("unchanged\t")),
        "{lines:?}"
    );
    assert_eq!(stats_json(&db), stats1, "a second ingest changes nothing");

    let third = run(&[
        "ingest",
        "-v",
        "--model-version",
        "test-upgrade",
        "--db",
        db_arg,
        folder_arg,
    ]);
    let lines = stdout_lines(&third);
    assert!(
        lines.iter().all(|l| l.starts_with("replaced\t")),
        "{lines:?}"
    );
    let stats3 = stats_json(&db);
    for key in [
        "articles", "entities", "quotes", "events", "mentions", "counts", "times",
    ] {
        assert_eq!(stats3[key], stats1[key], "{key}");
    }
    assert_eq!(stats3["model_versions"]["test-upgrade"], 12);
}

#[test]
fn query_commands_read_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let folder = write_articles(dir.path(), "q", 8);
    let db = dir.path().join("q.db");
    let db_arg = db.to_str().unwrap();
    let out = run(&[
        "ingest",
        "--published",
        "2030-01-15",
        "--db",
        db_arg,
        folder.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // search: hits are JSON with snippets; no hit is exit 1; odd syntax is no error.
    let out = run(&["search", "--db", db_arg, "--format", "json", "\"report 3\""]);
    assert!(out.status.success());
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("3]"),
        "{hits}"
    );
    assert_eq!(hits[0]["doc_id"], "a00003");
    let none = run(&["search", "--db", db_arg, "zeppelin"]);
    assert_eq!(none.status.code(), Some(1));
    let odd = run(&["search", "--db", db_arg, "AND ( -council:"]);
    assert!(
        odd.status.code() == Some(0) || odd.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&odd.stderr)
    );
    let raw = run(&["search", "--raw", "--db", db_arg, "council AND ("]);
    assert_eq!(raw.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&raw.stderr).contains("FTS5"));
    let csv = run(&["search", "--db", db_arg, "--format", "csv", "council"]);
    let csv_lines = stdout_lines(&csv);
    assert!(csv_lines[0].starts_with("score,article_id,doc_id"));
    assert_eq!(csv_lines.len(), 9);

    // entity: the mayor of article 0 is mayor in articles 3 and 6 too: one entity.
    let (first_name, last_name) = mayor(0);
    let name = format!("{first_name} {last_name}");
    let out = run(&["entity", "--db", db_arg, "--format", "json", &name]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &records[0];
    assert_eq!(first["type"], "PER", "{first}");
    let articles_with_name = (0..8).filter(|i| article(*i).contains(&name)).count();
    assert_eq!(articles_with_name, 3);
    let merged = first["mentions"].as_array().unwrap().len();
    assert!((2..=articles_with_name).contains(&merged), "{first}");
    let table = run(&["entity", "--db", db_arg, &name]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("timeline:"));
    assert_eq!(
        run(&["entity", "--db", db_arg, "Nobody Atall"])
            .status
            .code(),
        Some(1)
    );

    // quotes by speaker, events as JSON.
    let out = run(&["quotes", "--db", db_arg, "--format", "json"]);
    let quotes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(quotes.as_array().unwrap().len() >= 8, "{quotes}");
    let out = run(&[
        "events", "--db", db_arg, "--format", "json", "--from", "2030",
    ]);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
    let events: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(events.is_array());
    let bad = run(&["events", "--db", db_arg, "--from", "last week"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));

    // export: one record per article; GDELT rows have 61 columns.
    let out = run(&["export", "--db", db_arg, "--format", "jsonl"]);
    let records = stdout_lines(&out);
    assert_eq!(records.len(), 8);
    let doc: serde_json::Value = serde_json::from_str(&records[0]).unwrap();
    assert_eq!(doc["id"], "a00000");
    let out = run(&["export", "--db", db_arg, "--format", "gdelt"]);
    assert!(out.status.success());
    for row in stdout_lines(&out) {
        assert_eq!(row.split('\t').count(), 61, "{row}");
    }
    let out = run(&["export", "--db", db_arg, "--format", "csv"]);
    let csv = stdout_lines(&out);
    assert!(csv[0].starts_with("event_id,article_id,doc_id"));
    assert_parquet_export_matches(db_arg, &csv, dir.path());

    // A missing database is an error that says how to make one.
    let missing = run(&[
        "stats",
        "--db",
        dir.path().join("none.db").to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("readout ingest"));
}

/// Rows and column names of a Parquet file.
fn parquet_table(path: &Path) -> (Vec<String>, Vec<arrow_array::RecordBatch>) {
    let file = std::fs::File::open(path).unwrap();
    let builder =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let names = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let reader = builder.build().unwrap();
    (names, reader.map(Result::unwrap).collect())
}

/// `export parquet` writes the five tables; the events table has the CSV's columns and rows.
fn assert_parquet_export_matches(db: &str, csv: &[String], tmp: &Path) {
    use arrow_array::{Array, Int64Array};
    let out_dir = tmp.join("parquet");
    let out = run(&[
        "export",
        "parquet",
        "--db",
        db,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (names, batches) = parquet_table(&out_dir.join("events.parquet"));
    assert_eq!(names.join(","), csv[0]);
    let ids: Vec<String> = batches
        .iter()
        .flat_map(|b| {
            let col = b.column(0).as_any().downcast_ref::<Int64Array>().unwrap();
            (0..col.len())
                .map(|i| col.value(i).to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let csv_ids: Vec<String> = csv[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, csv_ids);
    let (names, batches) = parquet_table(&out_dir.join("articles.parquet"));
    assert_eq!(names[..2], ["article_id", "doc_id"]);
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 8);
    for table in ["entities", "quotes", "counts"] {
        let (names, batches) = parquet_table(&out_dir.join(format!("{table}.parquet")));
        assert_eq!(names[..2], ["article_id", "doc_id"], "{table}");
        assert!(
            batches.iter().map(|b| b.num_rows()).sum::<usize>() > 0,
            "{table}"
        );
    }
    // Without --out the parquet export says what it needs.
    let bad = run(&["export", "parquet", "--db", db]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--out"));
}
