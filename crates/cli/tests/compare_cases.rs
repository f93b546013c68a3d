//! Multi-source cases written for readout (`tests/compare_cases/NN-name/*.txt`, two to four
//! accounts of one invented event each): `readout compare` must give the report in the case's
//! `expected.txt` (the fact view), and the hand-written checks below must hold in it.
//!
//! After a deliberate change of the report, re-bless the golden files with
//! `READOUT_BLESS=1 cargo test --release -p readout --test compare_cases`, then read the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The publication date given to every account (the cases' relative dates hang on it).
const PUBLISHED: &str = "2031-03-05";

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compare_cases")
}

fn report(case: &str) -> String {
    let dir = cases_dir().join(case);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt") && !p.ends_with("expected.txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{case}: needs two or more accounts");
    let out = Command::new(env!("CARGO_BIN_EXE_readout"))
        .current_dir(&dir)
        .args(["compare", "--published", PUBLISHED])
        .args(files.iter().map(|p| p.file_name().unwrap()))
        .output()
        .expect("running readout");
    assert!(
        out.status.success(),
        "{case}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 report");
    let golden = dir.join("expected.txt");
    if std::env::var_os("READOUT_BLESS").is_some() {
        std::fs::write(&golden, &text).unwrap();
    } else {
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        assert!(
            expected == text,
            "{case}: the report differs from {} (READOUT_BLESS=1 rewrites it; read the \
             diff first)\n--- got ---\n{text}",
            golden.display()
        );
    }
    text
}

/// The fact summary line of each pair, in order.
fn summaries(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter_map(|l| l.strip_prefix("facts: "))
        .collect()
}

#[test]
fn one_casualty_briefing_in_three_outlets() {
    let r = report("01-casualty-figures");
    // "136 civilians … among them 13 children" / "at least 136 people, including 13
    // children" / "400 … injured" / "400 … wounded": three figures agree.
    assert!(summaries(&r)[0].ends_with("3 agree"), "{r}");
    // The outlet that gives only the ministry's figure conflicts with the UN's, and says whose.
    assert!(
        r.contains("count conflict · count: UN human rights office: 136 civilians killed ≠ interior ministry: 352 civilians killed"),
        "{r}"
    );
    // Inside the agency's account, the UN and the ministry give different tolls.
    assert!(r.contains("== WITHIN ONE ACCOUNT (2)"), "{r}");
    // The credit line gives no fact and no speaker.
    assert!(!r.contains("Reporting"), "{r}");
}

#[test]
fn two_sources_give_two_death_tolls() {
    let r = report("02-rival-tolls");
    assert!(
        r.contains("count conflict · count: Police: 31 people killed ≠ Doctors at the city's main hospital: 58 people killed"),
        "{r}"
    );
    // "At least 90 … injured" and "About 90 … injured" are one figure.
    assert!(summaries(&r)[0].ends_with("1 agree"), "{r}");
}

#[test]
fn a_readout_that_omits_a_promise() {
    let r = report("03-omitted-promise");
    let only_a = r.split("== ONLY IN ONE ACCOUNT").nth(1).unwrap_or("");
    assert!(only_a.contains("Santoso (promised)"), "{r}");
    assert!(only_a.contains("humanitarian"), "{r}");
    // The call itself and the agreement to meet are in both.
    assert!(r.contains("041 Discuss by telephone"), "{r}");
}

#[test]
fn an_account_machine_translated_and_back() {
    let r = report("04-machine-translated");
    // "Santosso", "Halvorson": the same people; nothing is a conflict.
    assert!(summaries(&r)[0].starts_with("0 conflict"), "{r}");
    assert!(summaries(&r)[0].ends_with("3 agree"), "{r}");
}

#[test]
fn reported_speech_and_direct_quote_of_the_same_words() {
    let r = report("05-reported-vs-direct");
    assert!(summaries(&r)[0].ends_with("2 agree"), "{r}");
    assert!(!r.contains("statement conflict"), "{r}");
}

#[test]
fn one_side_denies_the_attack() {
    let r = report("06-denial");
    assert!(r.contains("event conflict · polarity"), "{r}");
}

#[test]
fn two_dates_for_one_meeting() {
    let r = report("07-meeting-date");
    assert!(
        r.contains("event conflict · date: a-norland: 2031-03-02 ≠ b-agency: 2031-03-04"),
        "{r}"
    );
}

#[test]
fn each_side_says_the_other_seized_the_tanker() {
    let r = report("08-who-seized");
    assert!(r.contains("event conflict · actor:"), "{r}");
    assert!(r.contains("by Norway's navy"), "{r}");
    assert!(r.contains("by Indonesia's coast guard"), "{r}");
}

#[test]
fn an_account_compared_with_itself_agrees_everywhere() {
    let dir = cases_dir().join("01-casualty-figures");
    let out = Command::new(env!("CARGO_BIN_EXE_readout"))
        .current_dir(&dir)
        .args(["compare", "--published", PUBLISHED, "--format", "json"])
        .args(["b-agency.txt", "b-agency.txt"])
        .output()
        .expect("running readout");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["pairs"][0]["fact_summary"];
    assert!(s["agree"].as_u64().unwrap() >= 6, "{s}");
    for label in ["conflict", "wording", "only_in_left", "only_in_right"] {
        assert_eq!(s[label], 0, "{label}: {s}");
    }
}
