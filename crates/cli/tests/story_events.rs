//! `readout events --db --story ID`: one row per real-world event of a story with every
//! report; `--per-report` keeps the stored rows; `readout export --per-event` writes one row
//! per event (CSV and Parquet). Three accounts of one meeting, written for these tests.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn readout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_readout"))
        .args(args)
        .output()
        .expect("readout runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The meeting in other words by three outlets; the third also reports a second meeting,
/// with another country, two days later.
fn write_articles(dir: &Path) {
    let files = [
        (
            "a.txt",
            "Kenya and Ghana agree to boost trade\n\nNAIROBI — Kenya's trade minister met \
             Ghana's trade minister in Nairobi on Monday to discuss tariffs on cocoa and tea.\n",
        ),
        (
            "b.txt",
            "Trade ministers meet in Nairobi\n\nThe trade ministers of Ghana and Kenya held \
             talks on Monday in Nairobi about tariffs on cocoa and tea.\n",
        ),
        (
            "c.txt",
            "Ghana minister visits Kenya\n\nGhana's trade minister visited Kenya on Monday. \
             The two ministers held talks on tariffs for cocoa and tea.\n\nOn Wednesday, \
             Ghana's trade minister met Uganda's president in Kampala.\n",
        ),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).unwrap();
    }
}

fn ingest(dir: &Path, extra: &[&str]) -> String {
    write_articles(dir);
    let db = dir.join("news.db");
    let db_s = db.to_str().unwrap().to_string();
    let mut args = vec!["ingest", "--db", &db_s, "--published", "2031-03-12"];
    args.extend_from_slice(extra);
    let paths: Vec<String> = ["a.txt", "b.txt", "c.txt"]
        .iter()
        .map(|f| dir.join(f).to_str().unwrap().to_string())
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let o = readout(&args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    db_s
}

#[test]
fn a_story_lists_one_row_per_event_with_its_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest(dir.path(), &[]);

    let o = readout(&["events", "--db", &db, "--story", "1", "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let events: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    let consults: Vec<&Value> = events
        .iter()
        .filter(|e| e["code"].as_str().unwrap().starts_with("04"))
        .collect();
    assert_eq!(
        consults.len(),
        2,
        "the Monday meeting and the Kampala one: {events:#?}"
    );
    let monday = consults
        .iter()
        .find(|e| e["date"] == "2031-03-10")
        .expect("the Monday meeting");
    let docs: Vec<&str> = monday["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["doc_id"].as_str().unwrap())
        .collect();
    for d in ["a", "b", "c"] {
        assert!(docs.contains(&d), "{d} reports the meeting: {docs:?}");
    }
    let kampala = consults.iter().find(|e| e["date"] == "2031-03-12").unwrap();
    assert_eq!(kampala["reports"].as_array().unwrap().len(), 1);
    assert_eq!(kampala["recipients"][0]["code"], "UGAGOV");

    // Per report: every stored event of the story's articles, one row each.
    let o = readout(&[
        "events",
        "--db",
        &db,
        "--story",
        "1",
        "--per-report",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let per_report = text(&o.stdout).lines().count() - 1;
    let reports: usize = events
        .iter()
        .map(|e| e["reports"].as_array().unwrap().len())
        .sum();
    assert_eq!(per_report, reports);
    assert!(
        events.len() < reports,
        "{} events of {reports} reports",
        events.len()
    );

    // The table: one event row, then one row per further report.
    let o = readout(&["events", "--db", &db, "--story", "1"]);
    let table = text(&o.stdout);
    assert!(table.starts_with("event"), "{table}");
    assert_eq!(table.lines().count(), 1 + reports, "{table}");

    let o = readout(&["events", "--db", &db, "--story", "9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("no story 9"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn export_per_event_writes_one_row_per_event() {
    use arrow_array::{Array, Int64Array};
    let dir = tempfile::tempdir().unwrap();
    let db = ingest(dir.path(), &[]);
    let o = readout(&["events", "--db", &db, "--story", "1", "--format", "json"]);
    let events: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();

    let o = readout(&["export", "csv", "--per-event", "--db", &db]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("story_id,date,date_assumed,code"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 1 + events.len(), "{csv}");

    let out_dir = dir.path().join("pq");
    let o = readout(&[
        "export",
        "parquet",
        "--per-event",
        "--db",
        &db,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!out_dir.join("events.parquet").exists());
    let file = std::fs::File::open(out_dir.join("story_events.parquet")).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut reports = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let col = batch.column_by_name("reports").unwrap();
        let col = col.as_any().downcast_ref::<Int64Array>().unwrap();
        reports.extend((0..col.len()).map(|i| col.value(i)));
    }
    let expected: Vec<i64> = events
        .iter()
        .map(|e| e["reports"].as_array().unwrap().len() as i64)
        .collect();
    assert_eq!(reports, expected);

    // Only csv and parquet have a per-event form.
    let o = readout(&["export", "gdelt", "--per-event", "--db", &db]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn export_per_event_needs_the_stories() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingest(dir.path(), &["--no-stories"]);
    let o = readout(&["export", "csv", "--per-event", "--db", &db]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("readout stories --db"),
        "{}",
        text(&o.stderr)
    );
}
