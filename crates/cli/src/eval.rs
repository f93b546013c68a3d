//! `readout eval`: score readout against third-party gold data.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use readout_eval::{extraction, sentences};

use crate::Outcome;

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Time expressions on TempEval-3 (strict/relaxed extraction F1, type and value F1).
    Time {
        /// A folder of TimeML .tml files (read recursively), e.g. the TempEval-3 test set.
        #[arg(long, default_value = "../shared/data/tempeval3/te3-platinum")]
        data: PathBuf,
    },
    /// Quotes and attributions on PolNeAR (content, cue and source span F1, speaker accuracy).
    Quotes {
        /// The PolNeAR folder.
        #[arg(long, default_value = "../shared/data/polnear")]
        data: PathBuf,
        /// Split to score: test (report) or dev/train (tuning).
        #[arg(long, default_value = "test")]
        split: String,
    },
    /// Entity resolution: alias matching (OpenSanctions pairs, Wikidata transliterations) and
    /// within-document name clustering (MEANTIME, B³ and MUC).
    Resolve {
        /// The shared data folder (name-variants, meantime-en).
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
    },
    /// Dead and injured counts on the PLOVER gold-standard records (exact match).
    Counts {
        /// The plover-gsr folder (or its records file).
        #[arg(long, default_value = "../shared/data/plover-gsr")]
        data: PathBuf,
    },
    /// Event coding: PETRARCH-2 GSR (correct/missed/extra), PLOVER GSR (category and actor
    /// accuracy) and the PETRARCH validation suite (cases passed).
    Events {
        /// The shared data folder (petrarch2-gsr, plover-gsr, petrarch-validation).
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
    },
    /// Named entities on a CoNLL-2003 file: entity-level P/R/F1 per type (conlleval rules).
    Ner(crate::ner::EvalNerArgs),
    /// Part of speech and dependencies on UD English (EWT test, GUM test and its news):
    /// UPOS accuracy, UAS and LAS with gold tokenization (CoNLL 2018 conventions).
    Parse(crate::parse::EvalParseArgs),
    /// HTML → article text on the Zyte article-extraction benchmark (shingle P/R/F1).
    Extraction {
        /// The benchmark folder (ground-truth.json and html/).
        #[arg(long, default_value = "../shared/data/article-extraction-benchmark")]
        data: PathBuf,
        /// Score this prediction file ({id: {"articleBody": ...}}) instead of readout's output.
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Story clustering: ECB+ sub-topics and NewsWCL50 events (B³ F1, pairwise precision).
    Stories {
        /// The shared data folder (ecbplus, newswcl50).
        #[arg(long, default_value = "../shared/data")]
        data: PathBuf,
        /// ECB+ split: test (report) or dev/train (tuning).
        #[arg(long, default_value = "test")]
        split: String,
    },
    /// Cross-document event coreference on ECB+ gold event mentions (MUC, B³, CEAF-e,
    /// CoNLL F1), beside two same-lemma baselines. Uses no gold topic, sub-topic or chain.
    EventsCoref {
        /// The ECB+ folder.
        #[arg(long, default_value = "../shared/data/ecbplus")]
        data: PathBuf,
        /// Split: test (report) or dev/train (tuning).
        #[arg(long, default_value = "test")]
        split: String,
        /// Write one JSON line per gold mention: {"doc_id", "sent_id", "tokens_number",
        /// "cluster"} (readout's cluster).
        #[arg(long, value_name = "FILE")]
        predictions_out: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Wording: recall of differently worded coreferent phrases across NewsWCL50 outlets that
    /// `readout compare` reports as `wording`.
    Wording {
        /// The NewsWCL50 folder.
        #[arg(long, default_value = "../shared/data/newswcl50")]
        data: PathBuf,
        /// Also align claims by the sentence-embedding model in this directory (see
        /// `readout compare --embeddings`); default: READOUT_EMBEDDINGS.
        #[arg(long, value_name = "DIR")]
        embeddings: Option<PathBuf>,
    },
    /// Omissions and framing: BASIL bias spans falling in claims `readout compare` reports as
    /// `only_in` or `wording`.
    Basil {
        /// The BASIL folder.
        #[arg(long, default_value = "../shared/data/basil")]
        data: PathBuf,
        /// Also align claims by the sentence-embedding model in this directory (see
        /// `readout compare --embeddings`); default: READOUT_EMBEDDINGS.
        #[arg(long, value_name = "DIR")]
        embeddings: Option<PathBuf>,
    },
    /// Sentence boundaries on the English Golden Rules cases.
    Sentences {
        /// The golden.jsonl file.
        #[arg(long, default_value = "../shared/data/golden-rules-en/golden.jsonl")]
        data: PathBuf,
        /// List every failing case with expected and produced sentences.
        #[arg(long)]
        verbose: bool,
        /// Print the outcome as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: EvalCommand) -> Result<Outcome> {
    match cmd {
        EvalCommand::Time { data } => {
            require(&data, "the TempEval-3 data")?;
            pretty(&readout_eval::timex::evaluate_dir(&data)?)
        }
        EvalCommand::Quotes { data, split } => {
            require(&data, "the PolNeAR data")?;
            pretty(&readout_eval::quotes::evaluate_polnear(&data, &split)?)
        }
        EvalCommand::Resolve { data } => {
            require(&data, "the shared data folder")?;
            pretty(&readout_eval::resolve::evaluate(&data)?)
        }
        EvalCommand::Counts { data } => {
            require(&data, "the PLOVER gold-standard records")?;
            pretty(&readout_eval::counts::evaluate_plover(&data)?)
        }
        EvalCommand::Events { data } => {
            require(&data, "the shared data folder")?;
            pretty(&readout_eval::events::evaluate_all(&data)?)
        }
        EvalCommand::Ner(args) => crate::ner::run_eval_ner(args),
        EvalCommand::Parse(args) => crate::parse::run_eval_parse(args),
        EvalCommand::Extraction {
            data,
            predictions,
            json,
        } => eval_extraction(&data, predictions.as_deref(), json),
        EvalCommand::Stories { data, split } => {
            let options = readout_compare::StoryOptions::default();
            require(&data.join("ecbplus"), "the ECB+ data")?;
            require(&data.join("newswcl50"), "the NewsWCL50 data")?;
            pretty(&readout_eval::stories::evaluate_all(
                &data, &split, &options,
            )?)
        }
        EvalCommand::EventsCoref {
            data,
            split,
            predictions_out,
            json,
        } => eval_events_coref(&data, &split, predictions_out.as_deref(), json),
        EvalCommand::Wording { data, embeddings } => {
            require(&data, "the NewsWCL50 data")?;
            let options = compare_options(embeddings.as_deref())?;
            pretty(&readout_eval::compare::evaluate_wording(&data, &options)?)
        }
        EvalCommand::Basil { data, embeddings } => {
            require(&data, "the BASIL data")?;
            let options = compare_options(embeddings.as_deref())?;
            pretty(&readout_eval::compare::evaluate_basil(&data, &options)?)
        }
        EvalCommand::Sentences {
            data,
            verbose,
            json,
        } => eval_sentences(&data, verbose, json),
    }
}

fn require(path: &Path, what: &str) -> Result<()> {
    if !path.exists() {
        bail!(
            "{} not found: {what} is third-party gold data kept outside the repository \
             (see BENCHMARKS.md); pass its location with --data",
            path.display()
        );
    }
    Ok(())
}

/// The default comparison, with the sentence-embedding model when one is named.
fn compare_options(embeddings: Option<&Path>) -> Result<readout_compare::CompareOptions> {
    let encoder = crate::compare::embedding_encoder(embeddings)?;
    Ok(readout_compare::CompareOptions {
        encoder,
        ..readout_compare::CompareOptions::default()
    })
}

/// Print a report as pretty JSON.
fn pretty(report: &impl serde::Serialize) -> Result<Outcome> {
    println!("{}", serde_json::to_string_pretty(report)?);
    Ok(Outcome::Success)
}

fn eval_extraction(data: &Path, predictions: Option<&Path>, json: bool) -> Result<Outcome> {
    require(
        &data.join("ground-truth.json"),
        "the article-extraction benchmark",
    )?;
    let scores = extraction::evaluate(data, predictions, |err| eprintln!("readout: {err}"))?;
    if json {
        return pretty(&scores);
    }
    println!("{}", scores.line());
    Ok(Outcome::Success)
}

fn eval_events_coref(
    data: &Path,
    split: &str,
    predictions_out: Option<&Path>,
    json: bool,
) -> Result<Outcome> {
    use readout_eval::events_coref;
    require(data, "the ECB+ data")?;
    if !matches!(split, "train" | "dev" | "test") {
        bail!("unknown split {split:?}: use test, dev or train");
    }
    let params = events_coref::Params::default();
    let (report, loaded, labels) = events_coref::evaluate(data, split, &params)?;
    if let Some(path) = predictions_out {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        events_coref::write_predictions(&mut out, &loaded, &labels)
            .and_then(|()| std::io::Write::flush(&mut out))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if json {
        return pretty(&report);
    }
    print!("{}", report.table(split));
    Ok(Outcome::Success)
}

fn eval_sentences(data: &Path, verbose: bool, json: bool) -> Result<Outcome> {
    require(data, "the Golden Rules cases")?;
    let cases = sentences::read_cases(data).context("reading the Golden Rules cases")?;
    let outcomes = sentences::run_readout(&cases);
    if json {
        return pretty(&sentences::report_json(&outcomes));
    }
    print!("{}", sentences::report_text(&outcomes, verbose));
    Ok(Outcome::Success)
}
