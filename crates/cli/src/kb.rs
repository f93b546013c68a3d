//! `readout train kb`: compile the CAMEO / Phoenix dictionaries and readout's own country
//! table into the resolution knowledge base (`models/kb/kb.tsv.gz`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use crate::Outcome;

/// Arguments of `readout train kb`.
#[derive(Debug, Args)]
pub struct TrainKbArgs {
    /// The shared data folder (cameo-phoenix-dictionaries).
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Where to write kb.tsv.gz.
    #[arg(long, default_value = "models/kb", value_name = "DIR")]
    out: PathBuf,
}

/// Compile the KB and report what went in.
pub fn run_train_kb(args: TrainKbArgs) -> Result<Outcome> {
    let dicts = args.data.join("cameo-phoenix-dictionaries");
    if !dicts.join("countrynames.txt").exists() {
        anyhow::bail!(
            "{} has no countrynames.txt: pass --data pointing at the shared data folder",
            dicts.display()
        );
    }
    let out = args.out.join("kb.tsv.gz");
    let stats = readout_train::kb::compile(&dicts, &out)
        .with_context(|| format!("compiling the knowledge base into {}", out.display()))?;
    eprintln!(
        "wrote {}: {} countries, {} organisations, {} aliases, {} role nouns",
        out.display(),
        stats.countries,
        stats.organisations,
        stats.aliases,
        stats.roles
    );
    Ok(Outcome::Success)
}
