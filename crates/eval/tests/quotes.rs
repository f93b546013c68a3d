//! The quote scorer on PolNeAR's dev and test splits, when the shared data is present.

use std::path::PathBuf;

fn data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polnear");
    dir.join("test/text").is_dir().then_some(dir)
}

#[test]
fn polnear_content_cue_source_scores() {
    let Some(dir) = data() else {
        eprintln!("polnear not found: skipped");
        return;
    };
    for split in ["dev", "test"] {
        let report = readout_eval::quotes::evaluate_polnear(&dir, split).expect("scores");
        eprintln!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
        assert_eq!(report.articles, 84);
        assert_eq!(report.failed, 0);
        // Floors well under the figures measured when the stage was written, so that a
        // regression fails without tying the test to exact numbers.
        assert!(report.content.overlap.f1 > 0.3, "content overlap F1 fell");
        assert!(report.cue.exact.f1 > 0.3, "cue exact F1 fell");
    }
}
