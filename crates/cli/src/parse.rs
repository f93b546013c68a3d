//! `readout parse`, `readout eval parse` and `readout train parse`: the syntax layer on its
//! own, for CoNLL-U files and plain text.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use readout_pipeline::parse::{conllu, SyntaxModel};
use readout_pipeline::Analyzer;

use crate::Outcome;

/// Arguments of `readout parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Read this CoNLL-U file and write it back with UPOS, XPOS, LEMMA, HEAD and DEPREL filled
    /// (its words and sentences kept as given).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    conllu: Option<PathBuf>,
    /// Articles to segment and parse (as for `readout analyze`); CoNLL-U goes to stdout.
    paths: Vec<PathBuf>,
}

/// Arguments of `readout eval parse`.
#[derive(Debug, Args)]
pub struct EvalParseArgs {
    /// The ud-english folder.
    #[arg(long, default_value = "../shared/data/ud-english", value_name = "DIR")]
    data: PathBuf,
}

/// Arguments of `readout train parse`.
#[derive(Debug, Args)]
pub struct TrainParseArgs {
    /// The ud-english folder.
    #[arg(long, default_value = "../shared/data/ud-english", value_name = "DIR")]
    data: PathBuf,
    /// Where to write model.bin.gz.
    #[arg(long, default_value = "models/parse", value_name = "DIR")]
    out: PathBuf,
    /// Train on EWT alone (by default GUM's CC-BY training genres are added).
    #[arg(long)]
    no_gum: bool,
    /// Tagger epochs.
    #[arg(long, default_value_t = 8)]
    tagger_epochs: usize,
    /// Parser epochs.
    #[arg(long, default_value_t = 15)]
    parser_epochs: usize,
    /// Jackknife folds for the parser's training tags (1: gold tags).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Updates a parser feature must take part in before it gets weights.
    #[arg(long, default_value_t = 3)]
    admit_after: u8,
    /// Averaged weights smaller than this are left out of the model.
    #[arg(long, default_value_t = 1.0)]
    min_weight: f32,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// `readout parse`.
pub fn run_parse(args: ParseArgs) -> Result<Outcome> {
    let (model, clusters) = SyntaxModel::embedded_with_clusters();
    let mut stdout = std::io::stdout().lock();
    if let Some(path) = args.conllu {
        let file = std::fs::File::open(&path)
            .with_context(|| format!("{}: cannot open", path.display()))?;
        let mut sentences = conllu::read(std::io::BufReader::new(file))
            .with_context(|| path.display().to_string())?;
        model.annotate_conllu(&mut sentences, clusters);
        stdout.write_all(conllu::write(&sentences).as_bytes())?;
        return Ok(Outcome::Success);
    }
    if args.paths.is_empty() {
        bail!("give --conllu FILE, or article paths to parse");
    }
    let analyzer = Analyzer::new(readout_pipeline::AnalyzerOptions {
        keep_tokens: true,
        no_events: true,
        ..Default::default()
    });
    let articles = readout_pipeline::ingest::Articles::new(&args.paths, Default::default());
    let failed = crate::analyze::analyze_each(
        articles,
        &analyzer,
        1,
        |doc| Ok(conllu::write(&conllu::from_document(&doc))),
        |text| Ok(stdout.write_all(text.as_bytes())?),
    )?;
    Ok(crate::store_cmds::outcome(failed))
}

/// `readout eval parse`.
pub fn run_eval_parse(args: EvalParseArgs) -> Result<Outcome> {
    if !args.data.join("en_ewt-ud-test.conllu").exists() {
        bail!(
            "{} has no en_ewt-ud-test.conllu: pass --data pointing at the ud-english folder",
            args.data.display()
        );
    }
    let (model, clusters) = SyntaxModel::embedded_with_clusters();
    let reports = readout_eval::parse::evaluate(&args.data, model, clusters)?;
    println!("{}", serde_json::to_string_pretty(&reports)?);
    Ok(Outcome::Success)
}

/// `readout train parse`.
pub fn run_train_parse(args: TrainParseArgs) -> Result<Outcome> {
    let options = readout_train::parse::ParseTrainOptions {
        data: args.data,
        with_gum: !args.no_gum,
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        folds: args.folds,
        admit_after: args.admit_after,
        min_weight: args.min_weight,
        seed: args.seed,
        ..Default::default()
    };
    let model = readout_train::parse::train_parse(&options, SyntaxModel::clusters(), |line| {
        eprintln!("{line}")
    })?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let path = args.out.join("model.bin.gz");
    let file = std::fs::File::create(&path)
        .with_context(|| format!("{}: cannot create", path.display()))?;
    model
        .write(std::io::BufWriter::new(file))
        .with_context(|| format!("{}: cannot write", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(Outcome::Success)
}
