//! TempEval-3 task A on the real data, when it is present (`../shared/data/tempeval3`, or
//! `$TEMPEVAL3_DIR`). Prints the figures; `TIMEX_DUMP=1` also prints every disagreement on
//! the training data (TBAQ), for tuning. Never tune on te3-platinum.

use std::path::PathBuf;

use readout_eval::timex::{evaluate_docs, read_dir, Mismatch, TimexReport};

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TEMPEVAL3_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/tempeval3")
        });
    dir.is_dir().then_some(dir)
}

fn show(name: &str, r: &TimexReport) {
    eprintln!(
        "{name}: files {} gold {} predicted {} | strict P {:.1} R {:.1} F1 {:.1} | relaxed P {:.1} R {:.1} F1 {:.1} | type F1 {:.1} value F1 {:.1} (value accuracy {:.1}) | {} sentences, {} bytes, find {:.4}s = {:.0} sentences/s, {:.1} MB/s",
        r.files, r.gold, r.predicted, r.strict.precision, r.strict.recall, r.strict.f1,
        r.relaxed.precision, r.relaxed.recall, r.relaxed.f1, r.type_f1, r.value_f1,
        r.value_accuracy, r.sentences, r.bytes, r.find_seconds,
        r.sentences as f64 / r.find_seconds.max(1e-9),
        r.bytes as f64 / 1e6 / r.find_seconds.max(1e-9),
    );
}

#[test]
fn tempeval3_task_a() {
    let Some(dir) = data_dir() else {
        eprintln!("tempeval3 data not found: skipped");
        return;
    };
    let train = read_dir(&dir.join("TBAQ-cleaned")).expect("TBAQ-cleaned reads");
    let dump = std::env::var_os("TIMEX_DUMP").is_some();
    let mut mismatches: Vec<Mismatch> = Vec::new();
    let r = evaluate_docs(&train, dump.then_some(&mut mismatches));
    for m in &mismatches {
        eprintln!(
            "{:8} gold {:?} [{}] pred {:?} [{}] | {}",
            m.what,
            m.gold.as_deref().unwrap_or(""),
            m.gold_value.as_deref().unwrap_or(""),
            m.predicted.as_deref().unwrap_or(""),
            m.predicted_value.as_deref().unwrap_or(""),
            m.context
        );
    }
    show("TBAQ-cleaned", &r);
    let test = read_dir(&dir.join("te3-platinum")).expect("te3-platinum reads");
    let t = evaluate_docs(&test, None);
    show("te3-platinum", &t);
    // Floors well under the figures reached, so a regression fails loudly.
    assert!(
        t.relaxed.f1 > 80.0,
        "relaxed F1 fell to {:.1}",
        t.relaxed.f1
    );
    assert!(t.value_f1 > 65.0, "value F1 fell to {:.1}", t.value_f1);
}
