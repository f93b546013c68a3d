//! Tuning aid: EWT dev scores of a syntax model with its parser rows quantized to 8 bits,
//! one scale per row, and with rows pruned by their largest weight.
//!
//! Usage: cargo run --release -p readout-train --example quant_sweep -- MODEL UD_DIR [MIN_ROW_MAX ...]

use readout_pipeline::parse::weights::Weights;
use readout_pipeline::parse::SyntaxModel;
use readout_train::parse::{dev_scores, read_treebank};

fn per_row_8bit(w: &Weights) -> Weights {
    let rows = w.rows_f32().into_iter().map(|(f, row)| {
        let max = row.iter().fold(0f32, |m, &(_, v)| m.max(v.abs()));
        let s = max / 127.0;
        let row = row
            .into_iter()
            .map(|(c, v)| (c, (v / s).round() * s))
            .collect();
        (f, row)
    });
    Weights::from_rows(w.n_classes(), rows)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, data, mins @ ..] = &args[..] else {
        return Err("usage: quant_sweep MODEL UD_DIR [MIN_ROW_MAX ...]".into());
    };
    let model = SyntaxModel::read(&std::fs::read(model)?)?;
    let dev = read_treebank(&std::path::Path::new(data).join("en_ewt-ud-dev.conllu"))?;
    let clusters = SyntaxModel::clusters();
    let rows = model.parser.rows_f32();
    let mut hist = [0usize; 8];
    for (_, r) in &rows {
        let b = match r.len() {
            0..=1 => 0,
            2 => 1,
            3..=4 => 2,
            5..=8 => 3,
            9..=16 => 4,
            17..=25 => 5,
            26..=64 => 6,
            _ => 7,
        };
        hist[b] += 1;
    }
    println!(
        "parser rows by length (1,2,3-4,5-8,9-16,17-25,26-64,65+): {hist:?}; weights {}",
        model.parser.n_weights()
    );
    let s = dev_scores(&model, &dev, clusters);
    println!(
        "as is: UPOS {:.4} UAS {:.4} LAS {:.4}",
        s.upos, s.uas, s.las
    );
    let mut m = model.clone();
    m.parser = per_row_8bit(&model.parser);
    m.tagger = per_row_8bit(&model.tagger);
    let s = dev_scores(&m, &dev, clusters);
    println!(
        "8-bit per row: UPOS {:.4} UAS {:.4} LAS {:.4}",
        s.upos, s.uas, s.las
    );
    for t in mins {
        let t: f32 = t.parse()?;
        let kept = rows
            .iter()
            .filter(|(_, r)| r.iter().any(|&(_, v)| v.abs() >= t))
            .cloned();
        let mut m = model.clone();
        m.parser = Weights::from_rows(model.parser.n_classes(), kept);
        let s = dev_scores(&m, &dev, clusters);
        println!(
            "rows with a weight >= {t}: {} features, LAS {:.4}",
            m.parser.n_features(),
            s.las
        );
    }
    Ok(())
}
