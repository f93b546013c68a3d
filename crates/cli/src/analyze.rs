//! `readout analyze` and `readout text`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};
use readout_core::{Document, RecordFormat, RecordWriter};
use readout_pipeline::ingest::{Articles, Format, ReadOptions, DEFAULT_MAX_BYTES};
use readout_pipeline::{Analyzer, AnalyzerOptions};

use crate::Outcome;

/// Output format of `readout analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One compact JSON record per line (JSON Lines).
    Jsonl,
    /// A pretty-printed JSON array of records.
    Json,
    /// A human-readable summary: title, date, sentences.
    Text,
}

/// Input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Decide from the file extension, then from the content.
    Auto,
    /// Plain text.
    Text,
    /// HTML page.
    Html,
    /// JSON Lines: one article per line with `text` or `html`, and optional `id`, `url`,
    /// `title`, `published`, `source`.
    Jsonl,
}

/// Options shared by the commands that read articles.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders to read (`-` for standard input). Folders are read recursively:
    /// .txt, .md, .html, .htm, .jsonl, .ndjson (optionally .gz).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Largest article accepted, in bytes (a whole file, or one JSONL line).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, value_name = "BYTES")]
    max_bytes: u64,
}

impl InputArgs {
    /// The paths given (files, folders, `-`).
    pub(crate) fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    pub(crate) fn articles(&self) -> Articles {
        let format = match self.input_format {
            InputFormat::Auto => Format::Auto,
            InputFormat::Text => Format::Text,
            InputFormat::Html => Format::Html,
            InputFormat::Jsonl => Format::Jsonl,
        };
        Articles::new(
            &self.paths,
            ReadOptions {
                format,
                max_bytes: self.max_bytes,
            },
        )
    }
}

/// Arguments of `readout analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Publication date of the articles (YYYY-MM-DD), the anchor for relative dates. Overrides
    /// dates given in the input.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Include every token (with its span) in the records.
    #[arg(long)]
    tokens: bool,
    /// Use the entity model in this folder (from `readout train ner`) instead of the built-in
    /// one.
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    #[command(flatten)]
    jobs: JobsArg,
}

/// Arguments of `readout text`.
#[derive(Debug, Args)]
pub struct TextArgs {
    #[command(flatten)]
    input: InputArgs,
}

/// The `--published` value parser of every subcommand that takes one.
pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    readout_pipeline::parse_published(s)
        .ok_or_else(|| format!("{s:?} is not a date; write it as YYYY-MM-DD"))
}

/// The `-j/--jobs` option of the commands that analyze many articles.
#[derive(Debug, Clone, Copy, Args)]
pub struct JobsArg {
    /// Articles analyzed at once, on this many threads (default: every core). Output is in
    /// input order and the same whatever the number.
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,
}

impl JobsArg {
    /// The thread count asked for, or every core.
    pub(crate) fn threads(self) -> usize {
        match self.jobs {
            Some(n) if n > 0 => n,
            _ => readout_pipeline::batch::default_threads(),
        }
    }
}

/// Analyze `articles` on `threads` threads, `render` each document (on the workers:
/// serializing is part of the work) and `emit` the results in input order; failed articles
/// are reported on stderr and the batch goes on. Returns how many failed.
pub(crate) fn analyze_each<R: Send>(
    articles: Articles,
    analyzer: &Analyzer,
    threads: usize,
    render: impl Fn(Document) -> Result<R, String> + Sync,
    emit: impl FnMut(R) -> Result<()>,
) -> Result<usize> {
    let mut failed = 0usize;
    let fail = |message: String| {
        failed += 1;
        eprintln!("readout: {message}");
    };
    readout_pipeline::batch::analyze_ordered(articles, analyzer, threads, render, emit, fail)?;
    Ok(failed)
}

/// `readout analyze`.
pub fn run_analyze(args: AnalyzeArgs) -> Result<Outcome> {
    let mut analyzer = Analyzer::new(AnalyzerOptions {
        published: args.published,
        keep_tokens: args.tokens,
        ..AnalyzerOptions::default()
    });
    if let Some(dir) = &args.model {
        analyzer = analyzer.with_tagger(crate::ner::load_tagger(Some(dir))?);
    }
    let format = match args.format {
        OutputFormat::Jsonl => RecordFormat::Jsonl,
        OutputFormat::Json => RecordFormat::Json,
        OutputFormat::Text => RecordFormat::Text,
    };
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut out = RecordWriter::new(stdout, format)?;
    let failed = analyze_each(
        args.input.articles(),
        &analyzer,
        args.jobs.threads(),
        |doc| {
            format
                .render(&doc)
                .map_err(|e| format!("writing a record: {e}"))
        },
        |bytes| Ok(out.write(&bytes)?),
    )?;
    out.finish()?;
    Ok(crate::store_cmds::outcome(failed))
}

/// `readout text`.
pub fn run_text(args: TextArgs) -> Result<Outcome> {
    // Printing text needs no entities.
    let analyzer = Analyzer::new(AnalyzerOptions {
        no_entities: true,
        ..AnalyzerOptions::default()
    });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut first = true;
    let failed = analyze_each(
        args.input.articles(),
        &analyzer,
        1,
        |doc| Ok(doc.text.into_bytes()),
        |text| {
            if !first {
                out.write_all(b"\n\n")?;
            }
            first = false;
            out.write_all(&text)?;
            out.write_all(b"\n")?;
            Ok(())
        },
    )?;
    out.flush()?;
    Ok(crate::store_cmds::outcome(failed))
}
