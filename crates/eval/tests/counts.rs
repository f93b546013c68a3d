//! The count scorer on the real PLOVER gold records, when the shared data is present.

use std::path::PathBuf;

fn data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/plover-gsr");
    dir.join(readout_eval::counts::PLOVER_FILE)
        .exists()
        .then_some(dir)
}

#[test]
fn plover_dead_and_injured_exact_match() {
    let Some(dir) = data() else {
        eprintln!("plover-gsr not found: skipped");
        return;
    };
    let report = readout_eval::counts::evaluate_plover(&dir).expect("scores");
    eprintln!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({
            "records": report.records,
            "dead": report.dead,
            "injured": report.injured,
        }))
        .unwrap_or_default()
    );
    for case in report
        .cases
        .iter()
        .filter(|c| c.outcome != readout_eval::counts::Outcome::Right)
    {
        eprintln!(
            "{:?} {} gold {} got {:?}: {}",
            case.outcome, case.field, case.gold, case.predicted, case.text
        );
    }
    assert_eq!(report.records, 322);
    assert_eq!(report.dead.gold, 15);
    assert_eq!(report.injured.gold, 3);
    // A floor under today's figures (see the module docs), so a regression shows.
    assert!(report.dead.right >= 12, "{:?}", report.dead);
    assert!(report.injured.right >= 3, "{:?}", report.injured);
}
