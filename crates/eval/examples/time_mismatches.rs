//! Lists every TempEval-3 disagreement between readout's time expressions and the gold, for
//! error analysis: `cargo run --release -p readout-eval --example time_mismatches [DIR]`.

fn main() -> readout_eval::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/tempeval3/te3-platinum".to_string());
    let docs = readout_eval::timex::read_dir(std::path::Path::new(&dir))?;
    let mut mismatches = Vec::new();
    let report = readout_eval::timex::evaluate_docs(&docs, Some(&mut mismatches));
    for m in &mismatches {
        println!("{m:?}");
    }
    println!("value F1 {:.2}", report.value_f1);
    Ok(())
}
