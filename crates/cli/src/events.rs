//! `readout train events`: compile the CAMEO / Phoenix dictionaries into readout's event
//! dictionary (`models/events/cameo.tsv.gz`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use crate::Outcome;

/// Arguments of `readout train events`.
#[derive(Debug, Args)]
pub struct TrainEventsArgs {
    /// The shared data folder (cameo-phoenix-dictionaries and plover-gsr).
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Where to write cameo.tsv.gz.
    #[arg(long, default_value = "models/events", value_name = "DIR")]
    out: PathBuf,
}

/// Compile the dictionaries and report what went in.
pub fn run_train_events(args: TrainEventsArgs) -> Result<Outcome> {
    let dicts = args.data.join("cameo-phoenix-dictionaries");
    let plover = args.data.join("plover-gsr").join("CAMEO2PLOVER-2021.txt");
    if !dicts.join("CAMEO.2.0.txt").exists() {
        anyhow::bail!(
            "{} has no CAMEO.2.0.txt: pass --data pointing at the shared data folder",
            dicts.display()
        );
    }
    let out = args.out.join("cameo.tsv.gz");
    let plover = plover.exists().then_some(plover.as_path());
    let dict = readout_train::events::compile(&dicts, plover, &out)
        .with_context(|| format!("compiling the event dictionary into {}", out.display()))?;
    eprintln!(
        "wrote {}: {} verb forms in {} blocks ({} patterns), {} actor phrases, {} agent phrases, {} CAMEO labels, {} PLOVER mappings",
        out.display(),
        dict.verbs.values().map(Vec::len).sum::<usize>(),
        dict.patterns.len(),
        dict.patterns.iter().map(Vec::len).sum::<usize>(),
        dict.actors.values().map(Vec::len).sum::<usize>(),
        dict.agents.values().map(Vec::len).sum::<usize>(),
        dict.labels.len(),
        dict.plover.len()
    );
    Ok(Outcome::Success)
}
