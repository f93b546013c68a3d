//! The ingest engine: analyzed articles into the store in timed batch commits, then into
//! stories. `readout ingest` and the server's `POST /api/articles` both go through [`Ingest`];
//! they only parse their input, call it and print.
//!
//! The analysis itself is the caller's (this crate does not depend on the pipeline): it runs
//! on a thread of its own and hands each article over through an [`IngestSink`]. The queue
//! between the two threads is bounded, so memory stays flat however many articles there are,
//! and it hands articles over in runs (16, or whatever came within 20 ms) so that the two
//! threads do not take turns at every article (see `handoff`).

use std::time::{Duration, Instant};

use readout_compare::{DocSummary, StoryOptions};
use readout_core::Document;

use crate::{handoff, PutOutcome, PutStatus, Store, StoreError, StoredKeys, StoryUpdate};

/// What the analysis side hands the writer for one article: a record to store, or an
/// article found already stored unchanged (nothing to write).
#[derive(Debug)]
pub enum Analyzed {
    /// A record to store.
    Document(Box<Document>),
    /// The article is stored unchanged under this id.
    Unchanged {
        /// Its store id.
        article_id: i64,
        /// Its document id.
        doc_id: String,
    },
}

impl Analyzed {
    /// `analyze` the article `doc_id`, unless `stored` holds it unchanged: the decision
    /// comes before the analysis, so it can sit in front of any analysis pool.
    /// `content_hash` is called only when some article is stored under `doc_id`.
    pub fn unless_stored<A, E>(
        stored: &crate::StoredKeys,
        doc_id: &str,
        article: A,
        content_hash: impl FnOnce(&A) -> Option<String>,
        analyze: impl FnOnce(A) -> Result<Document, E>,
    ) -> Result<Analyzed, E> {
        match stored.unchanged(doc_id, || content_hash(&article)) {
            Some(article_id) => Ok(Analyzed::Unchanged {
                article_id,
                doc_id: doc_id.to_string(),
            }),
            None => analyze(article).map(|doc| Analyzed::Document(Box::new(doc))),
        }
    }
}

/// One article from the analysis side: its input size in bytes (for progress) and the
/// analysis, or why it failed (the message is reported and the article counted as failed).
type Item = (u64, Result<Analyzed, String>);

/// The analysis thread's end of the queue to the writer.
pub struct IngestSink(handoff::Sender<Item>);

impl IngestSink {
    /// Hand one article over, waiting while the queue is full. `Err` when the writer has
    /// stopped (a fatal store error): stop analyzing.
    pub fn send(&self, bytes: u64, result: Result<Analyzed, String>) -> Result<(), WriterStopped> {
        self.0.send((bytes, result)).map_err(|_| WriterStopped)
    }
}

/// The writer has stopped (a fatal store error, reported by [`Ingest::run`]): stop analyzing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the ingest writer has stopped")]
pub struct WriterStopped;

/// How [`Ingest`] stores articles.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Version string recorded with each article; articles stored under another version
    /// are replaced.
    pub model_version: String,
    /// Commit every `batch` articles (larger batches are faster; each commit is durable).
    pub batch: usize,
    /// Longest time a batch of articles stays uncommitted.
    pub batch_time: Duration,
    /// Place the new articles into stories after the last commit.
    pub stories: bool,
    /// How stories are made.
    pub story_options: StoryOptions,
}

impl IngestOptions {
    /// The defaults (batches of 64 or a quarter second, stories placed) for a model version.
    pub fn new(model_version: impl Into<String>) -> IngestOptions {
        IngestOptions {
            model_version: model_version.into(),
            batch: 64,
            batch_time: Duration::from_millis(250),
            stories: true,
            story_options: StoryOptions::default(),
        }
    }
}

/// What [`Ingest::run`] reports as it goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// One more article handled (`bytes` of input; `seen` articles so far).
    Article {
        /// Its input size.
        bytes: u64,
        /// Articles handled so far, this one included.
        seen: usize,
    },
    /// An article could not be analyzed or stored; the run goes on.
    Failed(&'a str),
    /// A batch is committed: these articles are durable (status, store id, document id).
    Committed(&'a [(PutStatus, i64, String)]),
    /// Every article is handled (or a fatal error stopped the run); stories come next.
    Stored(&'a IngestSummary),
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct IngestSummary {
    /// Articles handled.
    pub seen: usize,
    /// New articles stored.
    pub inserted: usize,
    /// Articles already stored unchanged.
    pub unchanged: usize,
    /// Articles re-analyzed and replaced.
    pub replaced: usize,
    /// Articles that failed (reported through [`Progress::Failed`]).
    pub failed: usize,
    /// Time from the start to the last commit.
    pub elapsed: Duration,
    /// The story placement, when there was one, and its time.
    pub stories: Option<(StoryUpdate, Duration)>,
}

impl IngestSummary {
    /// The run in one line: articles, time, rate and what became of them.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        format!(
            "{} articles in {secs:.1} s ({:.1} articles/s): {} inserted, {} unchanged, {} replaced, {} failed{}",
            self.seen,
            self.seen as f64 / secs.max(1e-9),
            self.inserted,
            self.unchanged,
            self.replaced,
            self.failed,
            if self.failed > 0 { " (listed above)" } else { "" }
        )
    }
}

/// The version string to store articles under: `base` (the program, record schema and
/// built-in models), with a custom entity model in `model_dir` fingerprinted by its files'
/// names, sizes and modification times (cheap, and any retraining changes them).
pub fn model_version(base: String, model_dir: Option<&std::path::Path>) -> std::io::Result<String> {
    let Some(dir) = model_dir else {
        return Ok(base);
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .flatten()
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let modified = meta.modified().ok()?;
            let secs = modified
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_secs();
            let name = e.file_name();
            Some(format!("{}:{}:{secs}", name.to_string_lossy(), meta.len()))
        })
        .collect();
    entries.sort();
    Ok(format!(
        "{base} ner {} [{}]",
        dir.display(),
        entries.join(",")
    ))
}

/// Why a run stopped. Articles committed before the error are kept: rerunning completes the
/// batch.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// Reading the store before or after the articles failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The database failed while storing (disk full, locked, damaged); `doc` names the
    /// article being stored, when it was one.
    #[error("{}", doc.as_ref().map_or("writing to the database".to_string(), |d| format!("storing {d}")))]
    Stopped {
        /// The article being stored.
        doc: Option<String>,
        /// The store's error.
        source: StoreError,
    },
    /// The analysis thread could not start.
    #[error("starting the analysis thread: {0}")]
    Thread(std::io::Error),
    /// The analysis thread panicked.
    #[error("the analysis thread stopped unexpectedly; the articles reported so far are stored, rerun the command to complete the batch")]
    AnalysisPanicked,
    /// The progress callback failed (for example, writing to a closed pipe).
    #[error(transparent)]
    Progress(std::io::Error),
    /// The articles are stored but placing them into stories failed.
    #[error("placing the articles into stories: {0}")]
    Stories(StoreError),
}

impl IngestError {
    /// What the user should know or do, for the errors whose message alone does not say:
    /// the committed articles are kept and a rerun completes the batch, or the stories need
    /// rebuilding.
    pub fn advice(&self) -> Option<&'static str> {
        match self {
            IngestError::Store(_) | IngestError::Progress(_) | IngestError::Thread(_) => None,
            // Its message already says so.
            IngestError::AnalysisPanicked => None,
            IngestError::Stopped { .. } => Some(
                "ingest stopped; the articles committed so far are kept, rerun the command to complete the batch",
            ),
            IngestError::Stories(_) => Some(
                "the articles are stored, but placing them into stories failed; rebuild the stories with `readout stories --db FILE`",
            ),
        }
    }
}

/// The ingest engine over one store.
pub struct Ingest<'s> {
    store: &'s mut Store,
    options: IngestOptions,
}

/// The running state of one [`Ingest::run`].
struct Run {
    summary: IngestSummary,
    /// Story summaries of the articles inserted or replaced, made from the documents as they
    /// are stored (reading the records back costs more): placed after the last commit.
    changed: Vec<DocSummary>,
    fatal: Option<IngestError>,
}

impl<'s> Ingest<'s> {
    /// An engine storing into `store`.
    pub fn new(store: &'s mut Store, options: IngestOptions) -> Ingest<'s> {
        Ingest { store, options }
    }

    /// Store one analyzed article in its own transaction and place it into a story (best
    /// effort: a failure leaves it for the next `readout stories --db`). Returns what the
    /// store did and the article's story.
    pub fn store_one(&mut self, doc: &Document) -> Result<(PutOutcome, Option<i64>), StoreError> {
        let outcome = self.store.put_document(doc, &self.options.model_version)?;
        if self.options.stories && outcome.status != PutStatus::Unchanged {
            let _ = self
                .store
                .update_stories(&[outcome.article_id], &self.options.story_options);
        }
        let story_id = self
            .store
            .story_of_article(outcome.article_id)
            .ok()
            .flatten();
        Ok((outcome, story_id))
    }

    /// Run `analyze` on a thread of its own and store what it hands over through its sink,
    /// in input order. `analyze` gets the articles already stored under the model version,
    /// so that it can skip analyzing those unchanged ([`Analyzed::Unchanged`]).
    pub fn run<A>(
        mut self,
        analyze: A,
        progress: &mut dyn FnMut(Progress<'_>) -> std::io::Result<()>,
    ) -> Result<IngestSummary, IngestError>
    where
        A: FnOnce(StoredKeys, IngestSink) + Send + 'static,
    {
        let stored = self.store.stored_keys(&self.options.model_version)?;
        let (tx, rx) = handoff::channel::<Item>(64, 16, Duration::from_millis(20));
        let reader = std::thread::Builder::new()
            .name("readout-analyze".into())
            .spawn(move || analyze(stored, IngestSink(tx)))
            .map_err(IngestError::Thread)?;
        let started = Instant::now();
        let mut run = Run {
            summary: IngestSummary::default(),
            changed: Vec::new(),
            fatal: None,
        };
        let mut next = rx.recv(None);
        while let Some(first) = next.take() {
            self.store_batch(&mut run, first, &rx, progress)?;
            if run.fatal.is_some() {
                break;
            }
            next = rx.recv(None);
        }
        // Dropping the receiver (on a fatal error) makes the reader stop at its next send.
        drop(rx);
        if reader.join().is_err() && run.fatal.is_none() {
            run.fatal = Some(IngestError::AnalysisPanicked);
        }
        run.summary.elapsed = started.elapsed();
        progress(Progress::Stored(&run.summary)).map_err(IngestError::Progress)?;
        if let Some(err) = run.fatal {
            return Err(err);
        }
        self.place_stories(run)
    }

    /// One transaction: up to `batch` articles or `batch_time`, whichever comes first, so
    /// that reports flow and the write lock is held briefly. Commits what it holds also
    /// after a fatal error (those articles are fine).
    fn store_batch(
        &mut self,
        run: &mut Run,
        first: Item,
        rx: &handoff::Receiver<Item>,
        progress: &mut dyn FnMut(Progress<'_>) -> std::io::Result<()>,
    ) -> Result<(), IngestError> {
        let version = &self.options.model_version;
        let batch_size = self.options.batch.max(1);
        let mut batch = match self.store.batch() {
            Ok(b) => b,
            Err(source) => {
                run.fatal = Some(IngestError::Stopped { doc: None, source });
                return Ok(());
            }
        };
        let batch_started = Instant::now();
        let mut pending: Vec<(PutStatus, i64, String)> = Vec::new();
        let mut pending_summaries: Vec<DocSummary> = Vec::new();
        let mut item = Some(first);
        while let Some((bytes, result)) = item.take() {
            run.summary.seen += 1;
            let mut failure = None;
            match result {
                Ok(Analyzed::Unchanged { article_id, doc_id }) => {
                    pending.push((PutStatus::Unchanged, article_id, doc_id));
                }
                Ok(Analyzed::Document(doc)) => match batch.put_document(&doc, version) {
                    Ok(outcome) => {
                        if self.options.stories && outcome.status != PutStatus::Unchanged {
                            pending_summaries.push(crate::story_summary(outcome.article_id, &doc));
                        }
                        pending.push((outcome.status, outcome.article_id, doc.id));
                    }
                    Err(err @ StoreError::Document { .. }) => {
                        failure = Some(format!("{}: {err}", doc.id));
                    }
                    Err(source) => {
                        run.fatal = Some(IngestError::Stopped {
                            doc: Some(doc.id),
                            source,
                        });
                    }
                },
                Err(message) => failure = Some(message),
            }
            if let Some(message) = failure {
                run.summary.failed += 1;
                progress(Progress::Failed(&message)).map_err(IngestError::Progress)?;
            }
            let seen = run.summary.seen;
            progress(Progress::Article { bytes, seen }).map_err(IngestError::Progress)?;
            if run.fatal.is_some() || pending.len() >= batch_size {
                break;
            }
            let left = self
                .options
                .batch_time
                .saturating_sub(batch_started.elapsed());
            item = rx.recv(Some(left));
        }
        match batch.commit() {
            Ok(()) => {
                run.changed.append(&mut pending_summaries);
                for (status, _, _) in &pending {
                    match status {
                        PutStatus::Inserted => run.summary.inserted += 1,
                        PutStatus::Unchanged => run.summary.unchanged += 1,
                        PutStatus::Replaced => run.summary.replaced += 1,
                    }
                }
                progress(Progress::Committed(&pending)).map_err(IngestError::Progress)?;
            }
            Err(source) => {
                run.fatal
                    .get_or_insert(IngestError::Stopped { doc: None, source });
            }
        }
        Ok(())
    }

    /// Place the run's new articles into stories: one pass over their time window, after
    /// the articles are durable, so a failure here loses no article, only the placement
    /// (the next run finishes it).
    fn place_stories(self, mut run: Run) -> Result<IngestSummary, IngestError> {
        if !self.options.stories {
            return Ok(run.summary);
        }
        // Articles in no story are those of a run stopped before its stories were placed:
        // their placement is still to do.
        let pending = !self.store.articles_without_story()?.is_empty();
        if run.changed.is_empty() && !pending {
            return Ok(run.summary);
        }
        let t = Instant::now();
        let update = self
            .store
            .update_stories_with(run.changed, &self.options.story_options)
            .map_err(IngestError::Stories)?;
        run.summary.stories = Some((update, t.elapsed()));
        Ok(run.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Document {
        let mut d = Document::from_normalized(id, text.into());
        d.content_hash = format!("hash-{text}");
        d
    }

    fn texts() -> Vec<(String, String)> {
        (0..5)
            .map(|i| {
                (
                    format!("a{i}"),
                    format!("Ferry talks resume in harbour {i}."),
                )
            })
            .collect()
    }

    /// A stand-in for the pipeline: "analyzes" each text unless it is stored unchanged, and
    /// fails the article whose id is `fail`.
    fn analyze(fail: &'static str) -> impl FnOnce(StoredKeys, IngestSink) + Send + 'static {
        move |stored, sink| {
            for (id, text) in texts() {
                let result = if id == fail {
                    Err(format!("{id}: cannot read it"))
                } else if let Some(article_id) =
                    stored.unchanged(&id, || Some(format!("hash-{text}")))
                {
                    Ok(Analyzed::Unchanged {
                        article_id,
                        doc_id: id,
                    })
                } else {
                    Ok(Analyzed::Document(Box::new(doc(&id, &text))))
                };
                if sink.send(text.len() as u64, result).is_err() {
                    return;
                }
            }
        }
    }

    fn run(store: &mut Store, fail: &'static str) -> (IngestSummary, Vec<Vec<String>>, usize) {
        let options = IngestOptions {
            batch: 2,
            batch_time: Duration::from_secs(30),
            ..IngestOptions::new("v1")
        };
        let mut commits: Vec<Vec<String>> = Vec::new();
        let mut failures = 0;
        let summary = Ingest::new(store, options)
            .run(analyze(fail), &mut |event| {
                match event {
                    Progress::Committed(a) => commits.push(
                        a.iter()
                            .map(|(s, _, id)| format!("{}:{id}", s.as_str()))
                            .collect::<Vec<_>>(),
                    ),
                    Progress::Failed(_) => failures += 1,
                    _ => {}
                }
                Ok(())
            })
            .unwrap();
        (summary, commits, failures)
    }

    #[test]
    fn articles_are_committed_in_batches_in_order_and_skipped_when_unchanged() {
        let mut store = Store::open_in_memory().unwrap();
        let (summary, commits, failures) = run(&mut store, "a3");
        assert_eq!((summary.seen, summary.inserted, summary.failed), (5, 4, 1));
        assert_eq!(failures, 1);
        assert_eq!(
            commits,
            vec![
                vec!["inserted:a0", "inserted:a1"],
                vec!["inserted:a2", "inserted:a4"],
            ]
        );
        assert!(summary.stories.is_some_and(|(u, _)| u.articles == 4));

        let (again, commits, _) = run(&mut store, "none");
        assert_eq!((again.inserted, again.unchanged), (1, 4));
        assert_eq!(commits[2], vec!["unchanged:a4"]);
        assert_eq!(commits[1], vec!["unchanged:a2", "inserted:a3"]);
    }

    #[test]
    fn one_article_is_stored_and_placed_in_a_story() {
        let mut store = Store::open_in_memory().unwrap();
        let d = doc("p1", "Port Vell ferry talks resume.");
        let mut ingest = Ingest::new(&mut store, IngestOptions::new("v1"));
        let (first, story) = ingest.store_one(&d).unwrap();
        assert_eq!(first.status, PutStatus::Inserted);
        assert!(story.is_some());
        let (second, _) = ingest.store_one(&d).unwrap();
        assert_eq!(second.status, PutStatus::Unchanged);
        assert_eq!(second.article_id, first.article_id);
    }
}
