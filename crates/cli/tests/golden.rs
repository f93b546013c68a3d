//! Golden records: `readout analyze` on the bundled examples must give exactly the records
//! committed in `tests/golden/` (pretty JSON, one file per example). A change meant to alter
//! the records re-blesses them with
//! `READOUT_BLESS=1 cargo test --release -p readout --test golden`; review the diff of
//! `tests/golden/` before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The examples, with the publication date their README commands use.
const EXAMPLES: &[(&str, &str)] = &[
    ("ferry-talks", "2026-03-11"),
    ("call-oslo", "2031-03-05"),
    ("call-jakarta", "2031-03-05"),
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The record of one example, as `readout analyze --format json` prints it.
fn analyze(name: &str, published: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_readout"))
        // Run from the repository root so that the record's input path is the same everywhere.
        .current_dir(repo_root())
        .args(["analyze", "--format", "json", "--published", published])
        .arg(format!("examples/{name}.txt"))
        .output()
        .expect("readout runs");
    assert!(
        o.status.success(),
        "readout analyze examples/{name}.txt failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("the record is UTF-8")
}

/// Where the two texts first differ, with a few lines of each around it.
fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let i = w
        .iter()
        .zip(&g)
        .position(|(a, b)| a != b)
        .unwrap_or(w.len().min(g.len()));
    let around = |lines: &[&str]| lines[i.saturating_sub(3)..(i + 3).min(lines.len())].join("\n");
    format!(
        "first difference at line {}:\n--- golden\n{}\n+++ now\n{}",
        i + 1,
        around(&w),
        around(&g)
    )
}

#[test]
fn analyze_records_of_the_examples_match_the_golden_files() {
    let bless = std::env::var_os("READOUT_BLESS").is_some_and(|v| v != "0");
    let mut failures = Vec::new();
    for (name, published) in EXAMPLES {
        let got = analyze(name, published);
        let records: Vec<readout_core::Document> =
            serde_json::from_str(&got).expect("the output is a JSON array of records");
        for doc in &records {
            if let Err(e) = readout_core::check_spans(doc) {
                panic!("examples/{name}.txt: span invariant broken: {e}");
            }
        }
        let path = repo_root().join(format!("crates/cli/tests/golden/{name}.json"));
        if bless {
            std::fs::write(&path, &got)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; create it with READOUT_BLESS=1",
                path.display()
            )
        });
        if want != got {
            failures.push(format!(
                "examples/{name}.txt no longer gives {}; {}",
                path.display(),
                first_difference(&want, &got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is intended, re-bless with READOUT_BLESS=1 and review the diff.",
        failures.join("\n\n")
    );
}
