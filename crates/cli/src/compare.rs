//! `readout compare` and `readout stories`: accounts compared claim by claim, and articles
//! grouped into stories. Both analyze their inputs first, as `readout analyze` does.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use readout_compare::{CompareOptions, DocSummary, StoryOptions};
use readout_core::Document;
use readout_pipeline::ingest::{Articles, ReadOptions, DEFAULT_MAX_BYTES};
use readout_pipeline::{Analyzer, AnalyzerOptions};

use crate::Outcome;

/// Output format of `readout compare` and `readout stories`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A readable report (side by side for `compare`).
    Text,
    /// One pretty-printed JSON object.
    Json,
}

/// Arguments of `readout compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The accounts to compare: two or more article files (text, HTML, or JSONL with one
    /// article per line). Every pair is compared.
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// Publication date of the articles (YYYY-MM-DD), the anchor for relative dates. Overrides
    /// dates given in the input.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Leave out claims the accounts agree on.
    #[arg(long)]
    no_agree: bool,
    /// Smallest similarity (0–1) at which two claims are aligned.
    #[arg(long, value_name = "SCORE", default_value_t = CompareOptions::default().align_threshold)]
    align_threshold: f64,
    /// Largest article accepted, in bytes (a whole file, or one JSONL line).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
}

/// Arguments of `readout stories`.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Files or folders of articles (`-` for standard input). Folders are read recursively:
    /// .txt, .md, .html, .htm, .jsonl, .ndjson (optionally .gz).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Publication date of the articles (YYYY-MM-DD). Overrides dates given in the input.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Similarity (0–1) an article needs with a story to join it; higher splits more.
    #[arg(long, value_name = "SCORE", default_value_t = StoryOptions::default().threshold)]
    threshold: f64,
    /// Largest distance in days between an article's date and its story's dates.
    #[arg(long, value_name = "DAYS", default_value_t = StoryOptions::default().window_days)]
    window_days: i64,
    /// Largest article accepted, in bytes (a whole file, or one JSONL line).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    readout_pipeline::parse_published(s)
        .ok_or_else(|| format!("{s:?} is not a date; write it as YYYY-MM-DD"))
}

fn score(s: f64, what: &str) -> Result<()> {
    if !(0.0..=1.0).contains(&s) {
        bail!("{what} must be between 0 and 1, got {s}");
    }
    Ok(())
}

/// Analyze every article of `paths`; per-article errors are reported and counted.
fn analyze_all(
    paths: &[PathBuf],
    published: Option<chrono::NaiveDate>,
    max_bytes: u64,
) -> (Vec<Document>, usize) {
    let analyzer = Analyzer::new(AnalyzerOptions {
        published,
        ..AnalyzerOptions::default()
    });
    let mut docs = Vec::new();
    let mut failed = 0;
    let options = ReadOptions {
        max_bytes,
        ..ReadOptions::default()
    };
    for item in Articles::new(paths, options) {
        match item.and_then(|article| analyzer.analyze(article)) {
            Ok(doc) => docs.push(doc),
            Err(err) => {
                failed += 1;
                eprintln!("readout: {err}");
            }
        }
    }
    (docs, failed)
}

fn outcome(failed: usize) -> Outcome {
    if failed > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    }
}

/// `readout compare`.
pub fn run_compare(args: CompareArgs) -> Result<Outcome> {
    score(args.align_threshold, "--align-threshold")?;
    let (docs, failed) = analyze_all(&args.paths, args.published, args.max_bytes);
    if docs.len() < 2 {
        bail!(
            "compare needs at least two articles and {} could be read{}; give two or more \
             article files",
            docs.len(),
            if failed > 0 {
                format!(" ({failed} failed, see above)")
            } else {
                String::new()
            }
        );
    }
    let options = CompareOptions {
        align_threshold: args.align_threshold,
        include_agree: !args.no_agree,
        ..CompareOptions::default()
    };
    let refs: Vec<&Document> = docs.iter().collect();
    let comparison = readout_compare::compare(&refs, &options);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &comparison)
                .context("writing the comparison")?;
            out.write_all(b"\n")?;
        }
        ReportFormat::Text => {
            out.write_all(readout_compare::report::comparison_text(&comparison).as_bytes())?
        }
    }
    out.flush()?;
    Ok(outcome(failed))
}

/// `readout stories`.
pub fn run_stories(args: StoriesArgs) -> Result<Outcome> {
    score(args.threshold, "--threshold")?;
    if args.window_days < 0 {
        bail!("--window-days must be 0 or more, got {}", args.window_days);
    }
    let (docs, failed) = analyze_all(&args.paths, args.published, args.max_bytes);
    let summaries: Vec<DocSummary> = docs.iter().map(DocSummary::from_document).collect();
    let options = StoryOptions {
        threshold: args.threshold,
        window_days: args.window_days,
        ..StoryOptions::default()
    };
    let stories = readout_compare::cluster(&summaries, &options);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stories).context("writing the stories")?;
            out.write_all(b"\n")?;
        }
        ReportFormat::Text => {
            out.write_all(readout_compare::report::stories_text(&stories).as_bytes())?
        }
    }
    out.flush()?;
    Ok(outcome(failed))
}
