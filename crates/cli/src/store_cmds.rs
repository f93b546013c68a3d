//! The store commands: `readout ingest`, `search`, `entity`, `events`, `quotes`, `stats`,
//! `export`. The work lives in `readout-store`; this module parses, streams and prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, ValueEnum};
use readout_pipeline::{Analyzer, AnalyzerOptions};
use readout_store::views::{self, csv_line, text_table};
use readout_store::{
    Analyzed, EventFilter, Ingest, IngestError, IngestOptions, IngestSink, Progress, QuoteFilter,
    Store, StoredKeys,
};

use crate::analyze::InputArgs;
use crate::Outcome;

/// The database file option shared by the store commands.
#[derive(Debug, Args)]
pub struct DbArg {
    /// The database file (created by `readout ingest`).
    #[arg(long, value_name = "FILE", default_value = "readout.db")]
    db: PathBuf,
}

impl DbArg {
    fn open_read_only(&self) -> Result<Store> {
        Ok(Store::open_read_only(&self.db)?)
    }
}

/// Output format of the query commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns for reading.
    Table,
    /// A pretty-printed JSON array (or object).
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

/// Arguments of `readout ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    db: DbArg,
    /// Publication date of the articles (YYYY-MM-DD), overriding dates given in the input.
    #[arg(long, value_name = "DATE", value_parser = crate::analyze::parse_date)]
    published: Option<chrono::NaiveDate>,
    /// Use the entity model in this folder instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// Version string recorded with each article (default: readout's version, record schema
    /// and a fingerprint of the models). Articles stored under another version are
    /// re-analyzed and replaced; set it after changing the pipeline to force that.
    #[arg(long, value_name = "STRING")]
    model_version: Option<String>,
    /// Commit every N articles (and at least every quarter second). Larger batches are
    /// faster; each commit is durable.
    #[arg(long, default_value_t = 64, value_name = "N")]
    batch: usize,
    /// Print one line per article on stdout once it is committed:
    /// `STATUS<TAB>ARTICLE_ID<TAB>DOC_ID` (STATUS: inserted, unchanged, replaced).
    #[arg(long, short)]
    verbose: bool,
    /// Do not place the new articles into stories after the last commit (rebuild them later
    /// with `readout stories --db FILE`).
    #[arg(long)]
    no_stories: bool,
    #[command(flatten)]
    jobs: crate::analyze::JobsArg,
}

/// The version string stored with each article: this program, the record schema and a
/// fingerprint of the built-in models (and of a custom entity model in `model_dir`).
pub(crate) fn default_model_version(model_dir: Option<&Path>) -> Result<String> {
    let base = format!(
        "readout {} schema {} models {}",
        env!("CARGO_PKG_VERSION"),
        readout_core::SCHEMA_VERSION,
        env!("READOUT_MODELS_HASH")
    );
    readout_store::ingest::model_version(base, model_dir).with_context(|| {
        let dir = model_dir.unwrap_or(Path::new(""));
        format!("reading the model folder {}", dir.display())
    })
}

/// The ingest progress bar on a terminal (hidden otherwise), sized by the input's bytes.
fn progress_bar(input: &InputArgs) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let total = readout_pipeline::ingest::input_bytes(input.paths());
    let bar = indicatif::ProgressBar::new(total.max(1));
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{wide_bar}] {percent:>3}% {msg} ETA {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// `readout ingest`: the engine is `readout_store::Ingest`; this parses, calls and prints.
pub fn run_ingest(args: IngestArgs) -> Result<Outcome> {
    let mut store = Store::open(&args.db.db)?;
    let version = match &args.model_version {
        Some(v) => v.clone(),
        None => default_model_version(args.model.as_deref())?,
    };
    let mut analyzer = Analyzer::new(AnalyzerOptions {
        published: args.published,
        ..AnalyzerOptions::default()
    });
    if let Some(dir) = &args.model {
        analyzer = analyzer.with_tagger(crate::ner::load_tagger(Some(dir))?);
    }
    let options = IngestOptions {
        batch: args.batch,
        stories: !args.no_stories,
        ..IngestOptions::new(version)
    };
    let progress = progress_bar(&args.input);
    let (input, threads, verbose) = (args.input, args.jobs.threads(), args.verbose);
    if threads != 1 {
        analyzer.preload(); // side by side, as readout_pipeline::batch::analyze_ordered does
    }
    // Read on the engine's analysis thread and analyze on its `-j` workers, handed on in
    // input order (readout_pipeline::batch); articles stored unchanged are found before
    // analysis, so re-ingesting a corpus costs a read and a hash per article.
    let analyze = move |stored: StoredKeys, sink: IngestSink| {
        let _ = readout_pipeline::batch::map_ordered(
            input.articles(),
            threads,
            |item| {
                let bytes = item.as_ref().map(|a| a.input.bytes as u64).unwrap_or(0);
                let result = item
                    .and_then(|article| {
                        let hash = |a: &_| readout_pipeline::content_hash(a).ok();
                        let id = article.id.clone();
                        Analyzed::unless_stored(&stored, &id, article, hash, |a| {
                            analyzer.analyze(a)
                        })
                    })
                    .map_err(|e| e.to_string());
                (bytes, result)
            },
            |done| {
                let (bytes, result) = done.unwrap_or_else(|panic| (0, Err(panic.to_string())));
                sink.send(bytes, result).map_err(|_| ())
            },
        );
    };
    let mut report = IngestReport {
        progress,
        started: Instant::now(),
        verbose,
        out: std::io::stdout().lock(),
    };
    let summary = Ingest::new(&mut store, options)
        .run(analyze, &mut |event| report.on(event))
        .map_err(ingest_error)?;
    if let Some((update, took)) = summary.stories {
        eprintln!(
            "readout: stories updated in {:.2} s ({} articles re-clustered, {} stories written)",
            took.as_secs_f64(),
            update.articles,
            update.stories
        );
    }
    Ok(outcome(summary.failed))
}

/// What `readout ingest` prints as the engine goes: a progress bar on a terminal, failures
/// on stderr, committed articles on stdout (`--verbose`), the summary line.
struct IngestReport {
    progress: indicatif::ProgressBar,
    started: Instant,
    verbose: bool,
    out: std::io::StdoutLock<'static>,
}

impl IngestReport {
    fn on(&mut self, event: Progress<'_>) -> std::io::Result<()> {
        let progress = &self.progress;
        match event {
            Progress::Article { bytes, seen } => {
                if progress
                    .length()
                    .is_some_and(|len| progress.position() + bytes > len)
                {
                    progress.set_length(progress.position() + bytes);
                }
                progress.inc(bytes);
                let secs = self.started.elapsed().as_secs_f64().max(1e-9);
                progress.set_message(format!(
                    "{seen} articles, {:.0} articles/s",
                    seen as f64 / secs
                ));
            }
            Progress::Failed(message) => progress.suspend(|| eprintln!("readout: {message}")),
            Progress::Committed(articles) => {
                // Written only after COMMIT returned: a reported article is durable.
                for (status, article_id, doc_id) in articles.iter().filter(|_| self.verbose) {
                    writeln!(self.out, "{}\t{article_id}\t{doc_id}", status.as_str())?;
                }
                self.out.flush()?;
            }
            Progress::Stored(summary) => {
                progress.finish_and_clear();
                eprintln!("readout: {}", summary.line());
            }
        }
        Ok(())
    }
}

/// The ingest engine's error, with what to do about it.
fn ingest_error(err: IngestError) -> anyhow::Error {
    let advice = err.advice();
    let err = anyhow::Error::new(err);
    match advice {
        Some(advice) => err.context(advice),
        None => err,
    }
}

// ---------------------------------------------------------------------------------------
// Output helpers

/// Partial failure when some inputs failed (reported already), else success.
pub(crate) fn outcome(failed: usize) -> Outcome {
    if failed > 0 {
        Outcome::PartialFailure
    } else {
        Outcome::Success
    }
}

pub(crate) fn found(n: usize) -> Outcome {
    if n == 0 {
        Outcome::NothingFound
    } else {
        Outcome::Success
    }
}

/// Write `text` to standard output, buffered.
pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Print `value` as pretty JSON and a newline (`what` names it in a write error).
pub(crate) fn print_json(value: &impl serde::Serialize, what: &str) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).with_context(|| format!("writing {what}"))?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Print a table or CSV of `rows`, or the JSON of `items`.
pub(crate) fn emit<T: serde::Serialize>(
    format: QueryFormat,
    header: &[&str],
    items: &[T],
    row: impl Fn(&T) -> Vec<String>,
) -> Result<Outcome> {
    let rows = || items.iter().map(&row);
    match format {
        QueryFormat::Json => print_json(&items, "JSON")?,
        QueryFormat::Csv => {
            let lines: String = rows().map(|r| csv_line(&r)).collect();
            print(&(csv_line(header) + &lines))?
        }
        QueryFormat::Table => print(&text_table(header, &rows().collect::<Vec<_>>()))?,
    }
    Ok(found(items.len()))
}

// ---------------------------------------------------------------------------------------
// search

/// Arguments of `readout search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (all of them; `"…"` for a phrase, `word*` for a prefix).
    #[arg(value_name = "QUERY", required = true)]
    query: Vec<String>,
    #[command(flatten)]
    db: DbArg,
    /// Search quotes instead of articles.
    #[arg(long)]
    quotes: bool,
    /// Take the query as FTS5 syntax (`a OR b`, `NEAR(a b)`, `title:word`).
    #[arg(long)]
    raw: bool,
    /// Most results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    format: QueryFormat,
}

/// `readout search`.
pub fn run_search(args: SearchArgs) -> Result<Outcome> {
    let store = args.db.open_read_only()?;
    let query = args.query.join(" ");
    if args.quotes {
        if args.raw {
            return Err(anyhow!(
                "--raw applies to article search only; drop --raw or --quotes"
            ));
        }
        let hits = store.search_quotes(&query, args.limit, args.offset)?;
        return emit(
            args.format,
            &views::QUOTE_HIT_HEADER,
            &hits,
            views::quote_hit_row,
        );
    }
    let hits = if args.raw {
        store.search_raw(&query, args.limit, args.offset)?
    } else {
        store.search(&query, args.limit, args.offset)?
    };
    emit(args.format, &views::SEARCH_HEADER, &hits, views::search_row)
}

// ---------------------------------------------------------------------------------------
// entity

/// Arguments of `readout entity`.
#[derive(Debug, Args)]
pub struct EntityArgs {
    /// Name or alias to look up (whole words, case and accents ignored).
    #[arg(value_name = "NAME", required_unless_present = "id")]
    name: Option<String>,
    /// Show the entity with this id instead.
    #[arg(long, conflicts_with = "name")]
    id: Option<i64>,
    #[command(flatten)]
    db: DbArg,
    /// Most entities shown when several match.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    format: QueryFormat,
}

/// `readout entity`.
pub fn run_entity(args: EntityArgs) -> Result<Outcome> {
    let store = args.db.open_read_only()?;
    if args.id.is_none() && args.name.is_none() {
        return Err(anyhow!("give a NAME or --id"));
    }
    let records = store.entity_records(args.id, args.name.as_deref(), args.limit)?;
    if records.is_empty() {
        eprintln!(
            "readout: no entity matches {}",
            match (args.id, &args.name) {
                (Some(id), _) => format!("id {id}"),
                (_, Some(n)) => format!("{n:?}"),
                _ => String::new(),
            }
        );
        return Ok(Outcome::NothingFound);
    }
    match args.format {
        QueryFormat::Json => print_json(&records, "JSON")?,
        QueryFormat::Csv => {
            let rows = records.iter().flat_map(views::entity_csv_rows);
            let lines: String = rows.map(|r| csv_line(&r)).collect();
            print(&(csv_line(&views::ENTITY_CSV_HEADER) + &lines))?
        }
        QueryFormat::Table => {
            let texts: Vec<String> = records.iter().map(views::entity_text).collect();
            print(&texts.join("\n"))?
        }
    }
    Ok(Outcome::Success)
}

// ---------------------------------------------------------------------------------------
// events, quotes

/// Arguments of `readout events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    db: DbArg,
    /// Actor: entity name or alias, the phrase naming it, or its CAMEO actor code.
    #[arg(long, value_name = "NAME")]
    actor: Option<String>,
    /// Recipient: entity name or alias, phrase, or CAMEO actor code.
    #[arg(long, value_name = "NAME")]
    recipient: Option<String>,
    /// Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Latest event date, inclusive.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// CAMEO event code or prefix ("04" = consult).
    #[arg(long)]
    code: Option<String>,
    /// Only the events of this story, one row per real-world event with every report of it
    /// (document, span, sentence); --limit and --offset count events.
    #[arg(long, value_name = "ID")]
    story: Option<i64>,
    /// With --story: one row per report (each article's events as stored), not per event.
    #[arg(long, requires = "story")]
    per_report: bool,
    /// Most results.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    format: QueryFormat,
}

/// `readout events`.
pub fn run_events(args: EventsArgs) -> Result<Outcome> {
    let store = args.db.open_read_only()?;
    let filter = EventFilter {
        actor: args.actor,
        recipient: args.recipient,
        from: args.from,
        to: args.to,
        code: args.code,
        story: args.story,
        limit: args.limit,
        offset: args.offset,
        ..EventFilter::default()
    };
    if let (Some(story), false) = (args.story, args.per_report) {
        return crate::story_events::run_story_events(&store, story, &filter, args.format);
    }
    let events = store.events(&filter)?;
    if args.format == QueryFormat::Table {
        let header = &views::EVENT_TABLE_HEADER;
        return emit(args.format, header, &events, views::event_table_row);
    }
    emit(
        args.format,
        &views::event_columns(),
        &events,
        views::event_row,
    )
}

/// Arguments of `readout quotes`.
#[derive(Debug, Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    db: DbArg,
    /// Speaker: entity name or alias, or the speaker as written.
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Most results.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    format: QueryFormat,
}

/// `readout quotes`.
pub fn run_quotes(args: QuotesArgs) -> Result<Outcome> {
    let store = args.db.open_read_only()?;
    let quotes = store.quotes(&QuoteFilter {
        speaker: args.speaker,
        limit: args.limit,
        offset: args.offset,
        ..QuoteFilter::default()
    })?;
    emit(args.format, &views::QUOTE_HEADER, &quotes, views::quote_row)
}

// ---------------------------------------------------------------------------------------
// stats

/// Output format of `readout stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// One `name  value` line each.
    Table,
    /// A JSON object.
    Json,
}

/// Arguments of `readout stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    format: StatsFormat,
}

/// `readout stats`.
pub fn run_stats(args: StatsArgs) -> Result<Outcome> {
    let store = args.db.open_read_only()?;
    let stats = store.stats()?;
    match args.format {
        StatsFormat::Json => print_json(&stats, "JSON")?,
        StatsFormat::Table => print(&views::stats_text(&stats))?,
    }
    Ok(Outcome::Success)
}

// ---------------------------------------------------------------------------------------
// export

/// Format of `readout export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One analyze record per line, as stored.
    Jsonl,
    /// Events as CSV.
    Csv,
    /// Events as GDELT 2.1 event-table rows (61 tab-separated columns, no header).
    Gdelt,
    /// Articles, entities, events, quotes and counts as Parquet files in `--out DIR`.
    Parquet,
}

/// Arguments of `readout export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// What to write (also given as the first argument: `readout export parquet`).
    #[arg(long = "format", value_enum, value_name = "FORMAT")]
    format_option: Option<ExportFormat>,
    /// What to write: jsonl (default), csv, gdelt, parquet.
    #[arg(value_enum, value_name = "FORMAT", conflicts_with = "format_option")]
    format: Option<ExportFormat>,
    /// Folder for the Parquet files (created if missing): articles.parquet,
    /// entities.parquet, events.parquet, quotes.parquet, counts.parquet.
    #[arg(
        long,
        value_name = "DIR",
        required_if_eq("format", "parquet"),
        required_if_eq("format_option", "parquet")
    )]
    out: Option<PathBuf>,
    /// Events one row per real-world event of each story, with every report's article and
    /// span, instead of one row per report (csv; parquet writes story_events.parquet in
    /// place of events.parquet). Needs the stories built (`readout stories --db FILE`).
    #[arg(long)]
    per_event: bool,
}

/// `readout export`.
pub fn run_export(args: ExportArgs) -> Result<Outcome> {
    let store = args.db.open_read_only()?;
    let format = args
        .format
        .or(args.format_option)
        .unwrap_or(ExportFormat::Jsonl);
    if format == ExportFormat::Parquet {
        let dir = args
            .out
            .as_deref()
            .context("the parquet export writes files: give the folder with --out DIR")?;
        if args.per_event {
            crate::story_events::check_stories_built(&store)?;
        }
        let summary = readout_store::parquet::export_parquet_with(&store, dir, args.per_event)?;
        let rows = summary.rows_text();
        eprintln!("readout: wrote {} (rows: {rows})", dir.display());
        return Ok(Outcome::Success);
    }
    if args.per_event && format != ExportFormat::Csv {
        bail!("--per-event applies to the csv and parquet exports; give `readout export csv --per-event`");
    }
    if args.out.is_some() {
        bail!(
            "--out applies to the parquet export only; the other formats write to standard output"
        );
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        ExportFormat::Jsonl => store.write_jsonl::<anyhow::Error>(&mut out)?,
        ExportFormat::Csv if args.per_event => {
            crate::story_events::check_stories_built(&store)?;
            store.write_story_events_csv::<anyhow::Error>(&mut out)?
        }
        ExportFormat::Csv => store.write_events_csv::<anyhow::Error>(&mut out)?,
        ExportFormat::Gdelt => store.write_gdelt::<anyhow::Error>(&mut out)?,
        ExportFormat::Parquet => {} // written above
    }
    out.flush()?;
    Ok(Outcome::Success)
}
