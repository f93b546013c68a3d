//! The resolution scorers on the real shared data, when it is present.

use std::path::PathBuf;

fn data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    dir.join("name-variants").exists().then_some(dir)
}

#[test]
fn resolution_scores_on_shared_data() {
    let Some(dir) = data() else {
        eprintln!("shared data not found: skipped");
        return;
    };
    let report = readout_eval::resolve::evaluate(&dir).expect("scores");
    let mut summary = report.clone();
    if let Some(nb) = summary.name_bench.as_mut() {
        nb.errors.truncate(40);
    }
    eprintln!(
        "{}",
        serde_json::to_string_pretty(&summary).unwrap_or_default()
    );
    if let Some(nb) = &report.name_bench {
        // Floors well under the measured figures: a regression guard, not a target.
        assert!(nb.hand_written.precision >= 0.8, "{:?}", nb.hand_written);
        assert!(nb.hand_written.recall >= 0.4, "{:?}", nb.hand_written);
    }
    if let Some(mt) = &report.meantime {
        assert!(mt.mentions > 500);
        assert!(mt.b_cubed.f1 >= mt.b_cubed_singletons.f1, "{mt:?}");
    }
}
