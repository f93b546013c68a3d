//! `readout eval`: score readout against third-party gold data.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Subcommand;
use readout_eval::{extraction, sentences};
use readout_pipeline::ingest::{Body, ReadOptions};

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
            let report = readout_eval::timex::evaluate_dir(&data)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(Outcome::Success)
        }
        EvalCommand::Quotes { data, split } => {
            require(&data, "the PolNeAR data")?;
            let report = readout_eval::quotes::evaluate_polnear(&data, &split)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(Outcome::Success)
        }
        EvalCommand::Resolve { data } => {
            require(&data, "the shared data folder")?;
            let report = readout_eval::resolve::evaluate(&data)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(Outcome::Success)
        }
        EvalCommand::Counts { data } => {
            require(&data, "the PLOVER gold-standard records")?;
            let report = readout_eval::counts::evaluate_plover(&data)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(Outcome::Success)
        }
        EvalCommand::Events { data } => {
            require(&data, "the shared data folder")?;
            let gsr = readout_eval::events::evaluate_gsr(
                &data.join("petrarch2-gsr/PETR2_GSR_validation.jsonl"),
            )?;
            let plover = readout_eval::events::evaluate_plover(&data.join("plover-gsr"))?;
            let validation =
                readout_eval::events::evaluate_validation(&data.join("petrarch-validation"))?;
            let report = serde_json::json!({
                "petrarch2_gsr": gsr,
                "plover_gsr": plover,
                "petrarch_validation": validation,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(Outcome::Success)
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
            let ecb = data.join("ecbplus");
            require(&ecb, "the ECB+ data")?;
            let wcl = data.join("newswcl50");
            require(&wcl, "the NewsWCL50 data")?;
            let reports = [
                readout_eval::stories::evaluate_ecbplus(&ecb, &split, &options)?,
                readout_eval::stories::evaluate_newswcl50(&wcl, &options)?,
            ];
            let scores: Vec<_> = reports
                .iter()
                .map(|r| serde_json::json!({"dataset": r.dataset, "score": r.score, "failed": r.failed}))
                .collect();
            println!("{}", serde_json::to_string_pretty(&scores)?);
            Ok(Outcome::Success)
        }
        EvalCommand::EventsCoref {
            data,
            split,
            predictions_out,
            json,
        } => eval_events_coref(&data, &split, predictions_out.as_deref(), json),
        EvalCommand::Wording { data, embeddings } => {
            require(&data, "the NewsWCL50 data")?;
            let options = readout_compare::CompareOptions {
                encoder: crate::compare::embedding_encoder(embeddings.as_deref())?,
                ..readout_compare::CompareOptions::default()
            };
            let report = readout_eval::compare::evaluate_wording(&data, &options)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(Outcome::Success)
        }
        EvalCommand::Basil { data, embeddings } => {
            require(&data, "the BASIL data")?;
            let options = readout_compare::CompareOptions {
                encoder: crate::compare::embedding_encoder(embeddings.as_deref())?,
                ..readout_compare::CompareOptions::default()
            };
            let report = readout_eval::compare::evaluate_basil(&data, &options)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(Outcome::Success)
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

/// readout's extracted text for one benchmark page: exactly what `readout text` prints.
fn readout_text(page: &Path) -> String {
    let mut articles = readout_pipeline::ingest::Articles::new(&[page], ReadOptions::default());
    let analyzer = readout_pipeline::Analyzer::new(readout_pipeline::AnalyzerOptions {
        no_entities: true,
        ..Default::default()
    });
    match articles.next() {
        Some(Ok(article)) => {
            debug_assert!(matches!(article.body, Body::Html(_)));
            match analyzer.analyze(article) {
                Ok(doc) => doc.text,
                Err(err) => {
                    eprintln!("readout: {err}");
                    String::new()
                }
            }
        }
        Some(Err(err)) => {
            eprintln!("readout: {err}");
            String::new()
        }
        None => String::new(),
    }
}

fn eval_extraction(data: &Path, predictions: Option<&Path>, json: bool) -> Result<Outcome> {
    let gold_path = data.join("ground-truth.json");
    require(&gold_path, "the article-extraction benchmark")?;
    let gold = extraction::read_bodies(&gold_path)?;
    let mut ids: Vec<&String> = gold.keys().collect();
    ids.sort();
    let predicted: Vec<String> = match predictions {
        Some(p) => {
            let preds = extraction::read_bodies(p)?;
            ids.iter()
                .map(|id| preds.get(*id).cloned().unwrap_or_default())
                .collect()
        }
        None => ids
            .iter()
            .map(|id| readout_text(&data.join("html").join(format!("{id}.html.gz"))))
            .collect(),
    };
    let scores = extraction::score(
        ids.iter()
            .zip(&predicted)
            .map(|(id, p)| (gold[*id].as_str(), p.as_str())),
    );
    if json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
    } else {
        println!(
            "documents {}  precision {:.3}  recall {:.3}  F1 {:.3}  accuracy {:.3}",
            scores.documents, scores.precision, scores.recall, scores.f1, scores.accuracy
        );
    }
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
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Outcome::Success);
    }
    println!(
        "ECB+ {split}: {} documents, {} event mentions, {} gold chains; readout found {} stories",
        report.documents, report.mentions, report.gold_chains, report.stories
    );
    println!(
        "{:50} {:>8} {:>6} {:>6} {:>6} {:>6}",
        "system", "clusters", "MUC", "B3", "CEAF-e", "CoNLL"
    );
    for s in &report.systems {
        let c = &s.scores;
        println!(
            "{:50} {:>8} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
            s.name, s.clusters, c.muc.f1, c.b_cubed.f1, c.ceaf_e.f1, c.conll_f1
        );
    }
    Ok(Outcome::Success)
}

fn eval_sentences(data: &Path, verbose: bool, json: bool) -> Result<Outcome> {
    require(data, "the Golden Rules cases")?;
    let cases = sentences::read_cases(data).context("reading the Golden Rules cases")?;
    let outcomes = sentences::run(&cases, |text| {
        let tokens = readout_pipeline::tokenize::tokenize(text);
        readout_pipeline::segment::split(text, &tokens)
            .into_iter()
            .map(|r| {
                let s = readout_pipeline::segment::sentence_span(&tokens, &r);
                text[s.start..s.end].to_string()
            })
            .collect()
    });
    let passed = outcomes.iter().filter(|o| o.passed).count();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "passed": passed, "cases": outcomes.len(), "outcomes": outcomes
            }))?
        );
    } else {
        if verbose {
            for o in outcomes.iter().filter(|o| !o.passed) {
                println!("FAIL {} {}", o.id, o.name.as_deref().unwrap_or(""));
                println!("  expected: {:?}", o.expected);
                println!("  got:      {:?}", o.got);
            }
        }
        println!(
            "Golden Rules (English): {passed}/{} cases pass",
            outcomes.len()
        );
    }
    Ok(Outcome::Success)
}
