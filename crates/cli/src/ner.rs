//! `readout ner`, `readout eval ner` and `readout train ner`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use readout_pipeline::ner::conll;
use readout_pipeline::ner::EntityTagger;
use readout_train::ner::tagger::TrainOptions;
use readout_train::ner::NerRecipe;

use crate::Outcome;

/// Arguments of `readout ner`.
#[derive(Debug, Args)]
pub struct NerArgs {
    /// A CoNLL-2003 column file (token first); each line is written back with the predicted
    /// BIO tag appended as a last column.
    #[arg(long, value_name = "FILE")]
    conll: PathBuf,
    /// Use the model in this folder instead of the one built in.
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
}

/// Arguments of `readout eval ner`.
#[derive(Debug, Args)]
pub struct EvalNerArgs {
    /// A CoNLL-2003 file with gold tags in the last column.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Use the model in this folder instead of the one built in.
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Arguments of `readout train ner`.
#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// The shared data folder (conll2003-en, cameo-phoenix-dictionaries, name-variants and the
    /// unlabeled news sets for word clusters).
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    data: PathBuf,
    /// Where to write model.bin.gz, clusters.tsv.gz, gazetteer.tsv.gz.
    #[arg(long, default_value = "models/ner", value_name = "DIR")]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Reuse the clusters, gazetteer and vector clusters already in --out instead of
    /// rebuilding them.
    #[arg(long)]
    reuse_resources: bool,
    /// After training on eng.train (eng.testa gives the per-epoch report), train the final
    /// model again on eng.train + eng.testa with the same options, as is common practice for
    /// CoNLL-2003 final models. eng.testb is never used.
    #[arg(long)]
    train_on_dev: bool,
    /// A spaCy `vocab` folder with static word vectors (strings.json, key2row, vectors), e.g.
    /// from the PyPI wheel of en_core_web_md (see models/ner/NOTICE). Its vectors are
    /// clustered into extra word-class features; without it those features are off.
    #[arg(long, value_name = "DIR")]
    vectors: Option<PathBuf>,
    /// Seed for the order of training sentences (the default is the one the committed model
    /// was trained with; other seeds measure how much dev F1 moves by chance alone).
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Hidden units of the network trained after the perceptron, whose tag scores are added
    /// to the perceptron's (0: no network).
    #[arg(long, default_value_t = TrainOptions::default().network_hidden)]
    network_hidden: usize,
    /// Passes of the network over the training data.
    #[arg(long, default_value_t = TrainOptions::default().network_epochs)]
    network_epochs: usize,
    /// Weight of the network's scores beside the perceptron's.
    #[arg(long, default_value_t = TrainOptions::default().network_weight)]
    network_weight: f32,
}

/// The tagger to use: the one in `dir`, else the built-in one. A loaded tagger lives for the
/// rest of the process, like the built-in one.
pub fn load_tagger(dir: Option<&Path>) -> Result<&'static EntityTagger> {
    Ok(match dir {
        Some(d) => {
            Box::leak(Box::new(EntityTagger::from_dir(d).with_context(|| {
                format!("loading the model in {}", d.display())
            })?))
        }
        None => EntityTagger::embedded(),
    })
}

/// `readout ner --conll FILE`.
pub fn run_ner(args: NerArgs) -> Result<Outcome> {
    let tagger = load_tagger(args.model.as_deref())?;
    let text = std::fs::read_to_string(&args.conll)
        .with_context(|| format!("{}: cannot read", args.conll.display()))?;
    let docs = conll::parse(&text);
    let predicted = conll::tag_documents(tagger, &docs);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    conll::write_tagged(&text, &predicted, &mut out)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// `readout eval ner FILE`.
pub fn run_eval_ner(args: EvalNerArgs) -> Result<Outcome> {
    let load_start = Instant::now();
    let tagger = load_tagger(args.model.as_deref())?;
    let load_ms = load_start.elapsed().as_secs_f64() * 1000.0;
    let docs = conll::read(&args.file)?;
    let run = readout_eval::ner::TaggedFile::evaluate(tagger, &args.file, &docs, load_ms)?;
    if args.json {
        // Through a `Value`, whose maps sort their keys: the JSON lists every field
        // alphabetically, as it always has.
        let value = serde_json::to_value(&run)?;
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print!("{}", run.text());
    }
    Ok(Outcome::Success)
}

/// `readout train ner`.
pub fn run_train_ner(args: TrainNerArgs) -> Result<Outcome> {
    let recipe = NerRecipe {
        data: args.data,
        out: args.out,
        reuse_resources: args.reuse_resources,
        train_on_dev: args.train_on_dev,
        vectors: args.vectors,
        options: TrainOptions {
            epochs: args.epochs,
            seed: args.seed,
            network_hidden: args.network_hidden,
            network_epochs: args.network_epochs,
            network_weight: args.network_weight,
            ..TrainOptions::default()
        },
    };
    let summary = readout_train::ner::train_ner(&recipe, |line| eprintln!("readout: {line}"))?;
    eprintln!(
        "readout: wrote {} ({} features) in {:.0} s",
        recipe.out.display(),
        summary.features,
        summary.seconds
    );
    Ok(Outcome::Success)
}
