//! `readout`: the command-line face of the readout library.
//!
//! A thin layer: it parses arguments, builds the library's options once, runs the pipeline
//! and prints. All the work lives in `readout-pipeline` (and the other library crates).
//!
//! Exit codes (a contract scripts can rely on):
//! * 0: success (also when stdout was closed early, as by `| head`);
//! * 1: the command ran cleanly and found nothing (reserved for search-like commands);
//! * 2: an error; for batch commands, at least one input failed while the rest were processed.

mod analyze;
mod compare;
mod eval;
mod events;
mod kb;
mod ner;
mod parse;
mod serve;
mod store_cmds;
mod story_events;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn news articles into a verifiable record of who did what to whom, who said what, when
/// and how many — with the byte span of every fact.
#[derive(Debug, Parser)]
#[command(name = "readout", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyze articles and write one JSON record per article.
    Analyze(analyze::AnalyzeArgs),
    /// Print the normalized article text (for HTML: the extracted main text).
    Text(analyze::TextArgs),
    /// Compare two or more accounts of one event claim by claim: agreements, wording
    /// differences, conflicting figures, dates, actors or polarity, and omissions.
    Compare(compare::CompareArgs),
    /// Group articles that report the same event across sources into stories.
    Stories(compare::StoriesArgs),
    /// Tag a CoNLL-2003 column file with the entity tagger.
    Ner(ner::NerArgs),
    /// Part of speech, lemma and dependency tree: a CoNLL-U file filled in (--conllu), or
    /// articles segmented and parsed, written as CoNLL-U.
    Parse(parse::ParseArgs),
    /// Score readout against third-party gold data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train readout's statistical models from the shared data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Analyze articles and store them in the database (--db, default readout.db).
    Ingest(store_cmds::IngestArgs),
    /// Full-text search over stored articles (or quotes), best first.
    Search(store_cmds::SearchArgs),
    /// Show a stored entity: aliases, mentions across articles, timeline.
    Entity(store_cmds::EntityArgs),
    /// List stored events, filtered by actor, recipient, dates and code.
    Events(store_cmds::EventsArgs),
    /// List stored quotes, filtered by speaker.
    Quotes(store_cmds::QuotesArgs),
    /// Count what the database holds.
    Stats(store_cmds::StatsArgs),
    /// Write the database out: records (JSONL), events (CSV) or GDELT 2.1 event rows.
    Export(store_cmds::ExportArgs),
    /// Serve the database over HTTP: JSON API (/api) and web UI (search, articles with
    /// highlighted annotations, entities, events).
    Serve(serve::ServeArgs),
}

#[derive(Debug, Subcommand)]
enum TrainCommand {
    /// The named-entity tagger: gazetteer, word clusters, then the perceptron (one command).
    Ner(ner::TrainNerArgs),
    /// The event coder's dictionary, compiled from the CAMEO / Phoenix dictionaries.
    Events(events::TrainEventsArgs),
    /// The resolution knowledge base, compiled from the CAMEO / Phoenix dictionaries.
    Kb(kb::TrainKbArgs),
    /// The part-of-speech tagger and dependency parser, from UD English (EWT, GUM CC-BY).
    Parse(parse::TrainParseArgs),
}

/// Outcome of a command that did not fail outright.
pub enum Outcome {
    /// Everything worked.
    Success,
    /// Some inputs failed (already reported on stderr); the rest were processed.
    PartialFailure,
    /// The command ran cleanly and found nothing (exit code 1).
    NothingFound,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run_analyze(args),
        Command::Text(args) => analyze::run_text(args),
        Command::Compare(args) => compare::run_compare(args),
        Command::Stories(args) => compare::run_stories(args),
        Command::Ner(args) => ner::run_ner(args),
        Command::Parse(args) => parse::run_parse(args),
        Command::Eval(cmd) => eval::run(cmd),
        Command::Train(TrainCommand::Ner(args)) => ner::run_train_ner(args),
        Command::Train(TrainCommand::Events(args)) => events::run_train_events(args),
        Command::Train(TrainCommand::Kb(args)) => kb::run_train_kb(args),
        Command::Train(TrainCommand::Parse(args)) => parse::run_train_parse(args),
        Command::Ingest(args) => store_cmds::run_ingest(args),
        Command::Search(args) => store_cmds::run_search(args),
        Command::Entity(args) => store_cmds::run_entity(args),
        Command::Events(args) => store_cmds::run_events(args),
        Command::Quotes(args) => store_cmds::run_quotes(args),
        Command::Stats(args) => store_cmds::run_stats(args),
        Command::Export(args) => store_cmds::run_export(args),
        Command::Serve(args) => serve::run_serve(args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::PartialFailure) => ExitCode::from(2),
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("readout: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
