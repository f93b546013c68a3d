//! Storing documents: idempotent, atomic replacement, one transaction per document or batch.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use readout_core::{Document, Entity, EventActor, MentionKind, TextZone};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{
    params, params_from_iter, Connection, OptionalExtension, ToSql, Transaction,
    TransactionBehavior,
};
use sha2::{Digest, Sha256};

use crate::error::Context;
use crate::names::{fold_name, merge_keys, MergeKey};
use crate::{PutOutcome, PutStatus, Result, Store, StoreError};

/// A write transaction holding several documents; [`Batch::commit`] makes them all durable at
/// once. Dropping a batch without committing rolls it back.
///
/// A document refused before anything is written (empty id, a record that does not
/// serialize) leaves no trace and the batch goes on. A failure while writing (disk full, a
/// damaged file) aborts the batch: later puts and the commit return
/// [`StoreError::BatchAborted`], and nothing of the batch is stored.
///
/// Committing many small articles together is several times faster than one transaction
/// each (every commit rewrites the index pages it touched, and FTS5 flushes its pending
/// terms). Keep batches short (tens of articles, well under a second): a batch holds the
/// database's write lock.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    len: usize,
    aborted: Option<String>,
    fts: FtsPending,
}

/// Full-text index changes of a batch, applied just before COMMIT. FTS5 flushes its pending
/// terms to disk at every statement savepoint of a transaction it takes part in; keeping it
/// out of the transaction until the end makes one flush per batch instead of several per
/// article.
#[derive(Default)]
struct FtsPending {
    /// Rows to remove, with the values they were indexed with (external-content 'delete').
    article_deletes: Vec<(i64, Option<String>, String)>,
    article_inserts: BTreeMap<i64, (Option<String>, String)>,
    quote_deletes: Vec<(i64, String, Option<String>)>,
    quote_inserts: BTreeMap<i64, (String, Option<String>)>,
}

impl FtsPending {
    fn apply(&self, tx: &Connection) -> Result<()> {
        let mut stmt = tx
            .prepare_cached(
                "INSERT INTO articles_fts (articles_fts, rowid, title, text)
                 VALUES ('delete', ?1, ?2, ?3)",
            )
            .ctx("preparing the search index")?;
        for (id, title, text) in &self.article_deletes {
            stmt.execute(params![id, title, text])
                .ctx("removing an article from the search index")?;
        }
        let mut stmt = tx
            .prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")
            .ctx("preparing the search index")?;
        for (id, (title, text)) in &self.article_inserts {
            stmt.execute(params![id, title, text])
                .ctx("indexing an article for search")?;
        }
        let mut stmt = tx
            .prepare_cached(
                "INSERT INTO quotes_fts (quotes_fts, rowid, text, speaker_text)
                 VALUES ('delete', ?1, ?2, ?3)",
            )
            .ctx("preparing the quote index")?;
        for (id, text, speaker) in &self.quote_deletes {
            stmt.execute(params![id, text, speaker])
                .ctx("removing a quote from the search index")?;
        }
        let mut stmt = tx
            .prepare_cached(
                "INSERT INTO quotes_fts (rowid, text, speaker_text) VALUES (?1, ?2, ?3)",
            )
            .ctx("preparing the quote index")?;
        for (id, (text, speaker)) in &self.quote_inserts {
            stmt.execute(params![id, text, speaker])
                .ctx("indexing a quote for search")?;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch").field("len", &self.len).finish()
    }
}

impl Batch<'_> {
    /// Store one document inside the batch (see [`Store::put_document`] for the rules).
    /// Nothing is durable before [`Batch::commit`] returns.
    pub fn put_document(&mut self, doc: &Document, model_version: &str) -> Result<PutOutcome> {
        if let Some(message) = &self.aborted {
            return Err(StoreError::BatchAborted {
                message: message.clone(),
            });
        }
        let outcome = match prepare(&self.tx, doc, model_version)? {
            Prepared::Unchanged(outcome) => outcome,
            Prepared::Write(w) => write(&self.tx, &mut self.fts, doc, model_version, w)
                .inspect_err(|e| {
                    self.aborted = Some(e.to_string());
                })?,
        };
        self.len += 1;
        Ok(outcome)
    }

    /// Documents put so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing was put yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Commit every document of the batch. When this returns `Ok`, they survive a crash of
    /// the process.
    pub fn commit(self) -> Result<()> {
        if let Some(message) = self.aborted {
            return Err(StoreError::BatchAborted { message });
        }
        self.fts.apply(&self.tx)?;
        self.tx.commit().ctx("committing a batch of articles")
    }
}

impl Store {
    /// Start a batch of writes (one `BEGIN IMMEDIATE` transaction).
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx("starting a write transaction")?;
        Ok(Batch {
            tx,
            len: 0,
            aborted: None,
            fts: FtsPending::default(),
        })
    }

    /// Store one analyzed document, in one transaction.
    ///
    /// The article is keyed by `(content_hash, id)`: storing it again with the same
    /// `model_version` writes nothing ([`PutStatus::Unchanged`]); with another version its
    /// record and every annotation are replaced atomically ([`PutStatus::Replaced`]). When
    /// this returns `Ok`, the article is committed. A document with an empty `content_hash`
    /// gets the SHA-256 of its text.
    pub fn put_document(&mut self, doc: &Document, model_version: &str) -> Result<PutOutcome> {
        let mut batch = self.batch()?;
        let outcome = batch.put_document(doc, model_version)?;
        batch.commit()?;
        Ok(outcome)
    }
}

/// What [`prepare`] found: nothing to do, or what to write.
enum Prepared {
    Unchanged(PutOutcome),
    Write(ToWrite),
}

/// A document's key and serialized parts, ready to write.
struct ToWrite {
    existing: Option<i64>,
    hash: String,
    record: String,
    quotes: Vec<String>,
    events: Vec<String>,
}

/// Checks, the key lookup and serialization: reads only, so a failure here leaves no trace.
fn prepare(conn: &Connection, doc: &Document, model_version: &str) -> Result<Prepared> {
    if doc.id.trim().is_empty() {
        return Err(StoreError::Document {
            doc_id: doc.id.clone(),
            message: "its id is empty; give every article an id".into(),
        });
    }
    if model_version.trim().is_empty() {
        return Err(StoreError::InvalidArgument {
            what: "model version",
            message:
                "it is empty; pass the version string of the pipeline that analyzed the document"
                    .into(),
        });
    }
    let hash = if doc.content_hash.is_empty() {
        let digest = Sha256::digest(doc.text.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    } else {
        doc.content_hash.clone()
    };
    let existing: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT article_id, model_version FROM articles
             WHERE content_hash = ?1 AND doc_id = ?2",
        )
        .and_then(|mut s| {
            s.query_row(params![hash, doc.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
        })
        .ctx("looking up the article")?;
    if let Some((article_id, version)) = &existing {
        if version == model_version {
            return Ok(Prepared::Unchanged(PutOutcome {
                article_id: *article_id,
                status: PutStatus::Unchanged,
            }));
        }
    }
    let quotes = doc
        .quotes
        .iter()
        .map(|q| json(doc, q))
        .collect::<Result<Vec<_>>>()?;
    let events = doc
        .events
        .iter()
        .map(|e| json(doc, e))
        .collect::<Result<Vec<_>>>()?;
    Ok(Prepared::Write(ToWrite {
        existing: existing.map(|(id, _)| id),
        hash,
        record: record_json(doc)?,
        quotes,
        events,
    }))
}

/// Insert the article, or replace its annotations.
fn write(
    tx: &Connection,
    fts: &mut FtsPending,
    doc: &Document,
    model_version: &str,
    w: ToWrite,
) -> Result<PutOutcome> {
    let ToWrite {
        existing,
        hash,
        record,
        quotes,
        events,
    } = w;
    let outcome = match existing {
        Some(article_id) => {
            clear_annotations(tx, fts, article_id)?;
            // Indexed before this batch: remove it with the values it was indexed with.
            if fts.article_inserts.remove(&article_id).is_none() {
                let (title, text) = tx
                    .prepare_cached("SELECT title, text FROM articles WHERE article_id = ?1")
                    .and_then(|mut s| s.query_row([article_id], |r| Ok((r.get(0)?, r.get(1)?))))
                    .ctx("reading the article's indexed text")?;
                fts.article_deletes.push((article_id, title, text));
            }
            tx.prepare_cached(
                "UPDATE articles SET title = ?2, published = ?3, url = ?4, source = ?5,
                     record = ?6, model_version = ?7,
                     ingested_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE article_id = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    article_id,
                    doc.title,
                    doc.published,
                    doc.url,
                    doc.source,
                    record,
                    model_version
                ])
            })
            .ctx("updating the article")?;
            PutOutcome {
                article_id,
                status: PutStatus::Replaced,
            }
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO articles (doc_id, content_hash, title, published, url, source,
                     text, record, model_version, ingested_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            )
            .and_then(|mut s| {
                s.execute(params![
                    doc.id,
                    hash,
                    doc.title,
                    doc.published,
                    doc.url,
                    doc.source,
                    doc.text,
                    record,
                    model_version
                ])
            })
            .ctx("inserting the article")?;
            PutOutcome {
                article_id: tx.last_insert_rowid(),
                status: PutStatus::Inserted,
            }
        }
    };
    fts.article_inserts
        .insert(outcome.article_id, (doc.title.clone(), doc.text.clone()));
    insert_annotations(tx, fts, outcome.article_id, doc, &quotes, &events)?;
    Ok(outcome)
}

/// Remove every annotation of an article, and the global entities only it mentioned.
fn clear_annotations(tx: &Connection, fts: &mut FtsPending, article_id: i64) -> Result<()> {
    let old_quotes: Vec<(i64, String, Option<String>)> = tx
        .prepare_cached("SELECT quote_id, text, speaker_text FROM quotes WHERE article_id = ?1")
        .and_then(|mut s| {
            s.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()
        })
        .ctx("listing the article's quotes")?;
    for (id, text, speaker) in old_quotes {
        if fts.quote_inserts.remove(&id).is_none() {
            fts.quote_deletes.push((id, text, speaker));
        }
    }
    let old_entities: Vec<i64> = tx
        .prepare_cached("SELECT DISTINCT entity_id FROM doc_entities WHERE article_id = ?1")
        .and_then(|mut s| {
            s.query_map([article_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .ctx("listing the article's entities")?;
    for sql in [
        // Through `entity_mentions_entity` (there is no index on the article alone): every
        // mention row points to an entity the article links to.
        "DELETE FROM entity_mentions WHERE article_id = ?1
         AND entity_id IN (SELECT entity_id FROM doc_entities WHERE article_id = ?1)",
        "DELETE FROM event_actors WHERE event_id IN (SELECT event_id FROM events WHERE article_id = ?1)",
        "DELETE FROM events WHERE article_id = ?1",
        "DELETE FROM quotes WHERE article_id = ?1",
        "DELETE FROM counts WHERE article_id = ?1",
        "DELETE FROM times WHERE article_id = ?1",
        "DELETE FROM doc_entities WHERE article_id = ?1",
    ] {
        tx.prepare_cached(sql)
            .and_then(|mut s| s.execute([article_id]))
            .ctx("removing the article's old annotations")?;
    }
    let mut orphan = tx
        .prepare_cached(
            "DELETE FROM entities WHERE entity_id = ?1
             AND NOT EXISTS (SELECT 1 FROM doc_entities WHERE entity_id = ?1)",
        )
        .ctx("preparing to remove unused entities")?;
    for id in old_entities {
        let removed = orphan
            .execute([id])
            .ctx("removing an entity no article mentions any more")?;
        if removed > 0 {
            // Foreign keys are not enforced (see `Store::init`): no cascade does this.
            for sql in [
                "DELETE FROM entity_keys WHERE entity_id = ?1",
                "DELETE FROM entity_aliases WHERE entity_id = ?1",
            ] {
                tx.prepare_cached(sql)
                    .and_then(|mut s| s.execute([id]))
                    .ctx("removing an unused entity's names")?;
            }
        }
    }
    Ok(())
}

fn mention_kind(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Name => "name",
        MentionKind::Role => "role",
        MentionKind::Pronoun => "pronoun",
    }
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The global entity a document entity belongs to: found by its merge keys, else new (its
/// aliases are recorded by the caller).
fn resolve_entity(tx: &Connection, entity: &Entity) -> Result<i64> {
    let keys = merge_keys(entity);
    let kb = non_empty(&entity.kb).map(str::to_uppercase);
    let mut found = None;
    {
        let mut lookup = tx
            .prepare_cached(
                "SELECT k.entity_id, e.kb FROM entity_keys k JOIN entities e USING (entity_id)
                 WHERE k.key = ?1",
            )
            .ctx("preparing the entity lookup")?;
        for key in &keys {
            let hit: Option<(i64, Option<String>)> = lookup
                .query_row([key.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
                .ctx("looking up an entity")?;
            if let Some((id, stored_kb)) = hit {
                // Same name but different knowledge-base codes: different referents.
                if let (MergeKey::Name(_), Some(a), Some(b)) = (key, &kb, &stored_kb) {
                    if a != b {
                        continue;
                    }
                }
                found = Some(id);
                break;
            }
        }
    }
    let (affiliation, role) = (non_empty(&entity.affiliation), non_empty(&entity.role));
    let id = match found {
        // Nothing to add to the stored entity: skip the UPDATE (most mentions of known
        // entities carry no code, affiliation or role).
        Some(id) if kb.is_none() && affiliation.is_none() && role.is_none() => id,
        Some(id) => {
            tx.prepare_cached(
                "UPDATE entities SET kb = COALESCE(kb, ?2),
                     affiliation = COALESCE(?3, affiliation), role = COALESCE(?4, role)
                 WHERE entity_id = ?1",
            )
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    kb,
                    non_empty(&entity.affiliation),
                    non_empty(&entity.role)
                ])
            })
            .ctx("updating an entity")?;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO entities (type, name, norm, kb, affiliation, role)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    entity.kind.label(),
                    entity.name,
                    fold_name(&entity.name),
                    kb,
                    non_empty(&entity.affiliation),
                    non_empty(&entity.role)
                ])
            })
            .ctx("inserting an entity")?;
            tx.last_insert_rowid()
        }
    };
    let mut add_key = tx
        .prepare_cached("INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?1, ?2)")
        .ctx("preparing entity keys")?;
    for key in &keys {
        add_key
            .execute(params![key.as_str(), id])
            .ctx("recording an entity key")?;
    }
    Ok(id)
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn ids_json(ids: &[Option<i64>]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// A [`Document`] borrowed field by field, serialized with the same JSON shape. Keep it in
/// step with `Document` (the test `record_view_has_every_field` fails when a field is missing).
#[derive(serde::Serialize)]
struct DocumentView<'a> {
    schema_version: u32,
    id: &'a str,
    title: &'a Option<String>,
    title_span: &'a Option<readout_core::Span>,
    published: &'a Option<String>,
    published_source: &'a readout_core::PublishedSource,
    url: &'a Option<String>,
    source: &'a Option<String>,
    byline: &'a Option<readout_core::Byline>,
    input: &'a readout_core::InputInfo,
    content_hash: &'a str,
    text: &'a str,
    alignment: &'a readout_core::Alignment,
    warnings: &'a [String],
    sentences: &'a [readout_core::Sentence],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tokens: &'a [readout_core::Token],
    mentions: &'a [readout_core::Mention],
    entities: &'a [Entity],
    times: &'a [readout_core::TimeExpr],
    quotes: &'a [readout_core::Quote],
    counts: &'a [readout_core::Count],
    events: &'a [readout_core::Event],
}

/// The record as stored: the document without its `text`, `quotes` and `events`, which are
/// stored once, in the `text` column and the `json` column of each quote and event row
/// (readers put them back: `read::restore_document`). The record is most of an article's
/// bytes; these would otherwise be serialized, written and checkpointed twice.
fn record_json(doc: &Document) -> Result<String> {
    struct WithoutText<'a>(&'a Document);
    impl serde::Serialize for WithoutText<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            let d = self.0;
            let view = DocumentView {
                schema_version: d.schema_version,
                id: &d.id,
                title: &d.title,
                title_span: &d.title_span,
                published: &d.published,
                published_source: &d.published_source,
                url: &d.url,
                source: &d.source,
                byline: &d.byline,
                input: &d.input,
                content_hash: &d.content_hash,
                text: "",
                alignment: &d.alignment,
                warnings: &d.warnings,
                sentences: &d.sentences,
                tokens: &d.tokens,
                mentions: &d.mentions,
                entities: &d.entities,
                times: &d.times,
                quotes: &[],
                counts: &d.counts,
                events: &[],
            };
            serde::Serialize::serialize(&view, s)
        }
    }
    json(doc, &WithoutText(doc))
}

fn json<T: serde::Serialize>(doc: &Document, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Document {
        doc_id: doc.id.clone(),
        message: format!("its record does not serialize: {e}"),
    })
}

/// One value of a multi-row INSERT, borrowed from the document where it can be.
enum Val<'a> {
    Int(i64),
    Real(f64),
    Text(&'a str),
    Owned(String),
    Null,
}

impl<'a> Val<'a> {
    fn text(s: Option<&'a str>) -> Val<'a> {
        s.map_or(Val::Null, Val::Text)
    }
    fn int(n: Option<i64>) -> Val<'a> {
        n.map_or(Val::Null, Val::Int)
    }
}

impl ToSql for Val<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Val::Real(x) => ToSqlOutput::Owned(Value::Real(*x)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::Owned(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::Null => ToSqlOutput::Owned(Value::Null),
        })
    }
}

// Multi-row statements say `OR FAIL` (or `OR IGNORE`): with the default `ABORT`, SQLite
// opens a statement journal for a statement that writes several rows, so that a failing row
// can undo the rows before it, and copies every page it touches there (as many instructions
// as the statements saved). `FAIL` stops at the failing row and keeps the earlier ones; the
// batch is aborted then anyway (`Batch::aborted`), and rolls back as a whole.

/// Rows per multi-row statement, largest first: any count is a sum of these, so each table
/// needs at most five cached statements.
const CHUNKS: [usize; 5] = [16, 8, 4, 2, 1];

/// A table's multi-row INSERT: `head` (up to `VALUES`) and the number of columns.
struct MultiInsert {
    head: &'static str,
    cols: usize,
    sql: OnceLock<[String; CHUNKS.len()]>,
}

impl MultiInsert {
    const fn new(head: &'static str, cols: usize) -> MultiInsert {
        MultiInsert {
            head,
            cols,
            sql: OnceLock::new(),
        }
    }

    /// Insert the rows of `vals` (`cols` values each, in order) with as few statements as
    /// the chunk sizes allow. Rows go in in order, as one statement each would: rowids and
    /// `OR IGNORE`/`OR REPLACE` outcomes are the same.
    fn run(&self, tx: &Connection, vals: &[Val<'_>], what: &str) -> Result<()> {
        debug_assert_eq!(vals.len() % self.cols, 0);
        let sql = self.sql.get_or_init(|| {
            CHUNKS.map(|rows| {
                let row = format!("({})", vec!["?"; self.cols].join(","));
                format!("{} {}", self.head, vec![row; rows].join(","))
            })
        });
        let mut rest = vals;
        for (k, rows) in CHUNKS.iter().enumerate() {
            let n = rows * self.cols;
            if rest.len() < n {
                continue;
            }
            let mut stmt = tx.prepare_cached(&sql[k]).ctx(what)?;
            while rest.len() >= n {
                stmt.execute(params_from_iter(&rest[..n])).ctx(what)?;
                rest = &rest[n..];
            }
        }
        Ok(())
    }
}

static DOC_ENTITIES: MultiInsert = MultiInsert::new(
    "INSERT OR FAIL INTO doc_entities (article_id, local_id, entity_id, name) VALUES",
    4,
);
static ALIASES: MultiInsert = MultiInsert::new(
    "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, norm) VALUES",
    3,
);
static MENTIONS: MultiInsert = MultiInsert::new(
    "INSERT OR FAIL INTO entity_mentions (article_id, local_id, entity_id, start, end, text, kind) VALUES",
    7,
);
static QUOTES: MultiInsert = MultiInsert::new(
    "INSERT OR FAIL INTO quotes (quote_id, article_id, idx, kind, start, end, text, speaker_local,
         speaker_entity, speaker_text, speaker_norm, json) VALUES",
    12,
);
static EVENTS: MultiInsert = MultiInsert::new(
    "INSERT OR FAIL INTO events (event_id, article_id, local_id, code, date, is_root, actor_ids,
         recipient_ids, json) VALUES",
    9,
);
static ACTORS: MultiInsert = MultiInsert::new(
    "INSERT OR FAIL INTO event_actors (event_id, role, position, entity_id, code, text, norm) VALUES",
    7,
);
static COUNTS: MultiInsert = MultiInsert::new(
    "INSERT OR FAIL INTO counts (article_id, idx, start, end, text, value, category) VALUES",
    7,
);
static TIMES: MultiInsert = MultiInsert::new(
    "INSERT OR FAIL INTO times (article_id, idx, start, end, text, type, value) VALUES",
    7,
);

/// The rowid SQLite would give the next row of `table` (the largest plus one): quotes and
/// events get theirs explicitly, so that a multi-row INSERT still tells each row's id.
fn next_rowid(tx: &Connection, sql: &str) -> Result<i64> {
    let max: Option<i64> = tx
        .prepare_cached(sql)
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .ctx("reading the next row id")?;
    Ok(max.unwrap_or(0) + 1)
}

fn insert_annotations(
    tx: &Connection,
    fts: &mut FtsPending,
    article_id: i64,
    doc: &Document,
    quote_json: &[String],
    event_json: &[String],
) -> Result<()> {
    let global = insert_entities(tx, article_id, doc)?;
    if !doc.quotes.is_empty() {
        insert_quotes(tx, fts, article_id, doc, quote_json, &global)?;
    }
    if !doc.events.is_empty() {
        insert_events(tx, article_id, doc, event_json, &global)?;
    }
    insert_counts_and_times(tx, article_id, doc)
}

/// The global entity a document-local entity id was linked to.
fn global_id(global: &HashMap<&str, i64>, local: &Option<String>) -> Option<i64> {
    local.as_deref().and_then(|l| global.get(l).copied())
}

/// Link the document's entities to global entities, with their aliases and mentions;
/// returns the global id of each local entity id.
fn insert_entities<'d>(
    tx: &Connection,
    article_id: i64,
    doc: &'d Document,
) -> Result<HashMap<&'d str, i64>> {
    // Entities: link each document entity to its global entity. The lookups and keys go
    // one entity at a time (a later entity may meet an earlier one's key); links and
    // aliases, which no lookup reads, go in multi-row statements after the loop.
    let mut global: HashMap<&str, i64> = HashMap::with_capacity(doc.entities.len());
    // One link per local id, the last entity's (as `INSERT OR REPLACE` row by row did; the
    // article's old links are gone, see `clear_annotations`).
    let mut link_of: BTreeMap<&str, (i64, &str)> = BTreeMap::new();
    let mut aliases: Vec<Val<'_>> = Vec::new();
    for entity in &doc.entities {
        let id = resolve_entity(tx, entity)?;
        global.insert(entity.id.as_str(), id);
        link_of.insert(entity.id.as_str(), (id, entity.name.as_str()));
        for alias in std::iter::once(&entity.name).chain(&entity.aliases) {
            let norm = fold_name(alias);
            if !norm.is_empty() {
                aliases.extend([Val::Int(id), Val::Text(alias), Val::Owned(norm)]);
            }
        }
    }
    let mut links: Vec<Val<'_>> = Vec::with_capacity(link_of.len() * 4);
    for (local, (id, name)) in link_of {
        links.extend([
            Val::Int(article_id),
            Val::Text(local),
            Val::Int(id),
            Val::Text(name),
        ]);
    }
    DOC_ENTITIES.run(tx, &links, "linking entities to the article")?;
    ALIASES.run(tx, &aliases, "recording aliases")?;
    // Mentions point to the entity the article links their local id to (the last one, should
    // a document repeat an id), so that `clear_annotations` finds them all through
    // `doc_entities`.
    let mut rows: Vec<Val<'_>> = Vec::new();
    for entity in &doc.entities {
        let id = global[entity.id.as_str()];
        for m in &entity.mentions {
            rows.extend([
                Val::Int(article_id),
                Val::Text(&entity.id),
                Val::Int(id),
                Val::Int(to_i64(m.span.start)),
                Val::Int(to_i64(m.span.end)),
                Val::Text(&m.text),
                Val::Text(mention_kind(m.kind)),
            ]);
        }
    }
    MENTIONS.run(tx, &rows, "inserting mentions")?;
    Ok(global)
}

/// The document's quotes, queued for the quote search index too.
fn insert_quotes(
    tx: &Connection,
    fts: &mut FtsPending,
    article_id: i64,
    doc: &Document,
    quote_json: &[String],
    global: &HashMap<&str, i64>,
) -> Result<()> {
    let lookup = |local: &Option<String>| global_id(global, local);
    let mut rows: Vec<Val<'_>> = Vec::new();
    let first_id = next_rowid(tx, "SELECT max(quote_id) FROM quotes")?;
    for (i, (q, q_json)) in doc.quotes.iter().zip(quote_json).enumerate() {
        let kind = match q.kind {
            readout_core::QuoteKind::Direct => "direct",
            readout_core::QuoteKind::Indirect => "indirect",
        };
        let quote_id = first_id + to_i64(i);
        rows.extend([
            Val::Int(quote_id),
            Val::Int(article_id),
            Val::Int(to_i64(i)),
            Val::Text(kind),
            Val::Int(to_i64(q.span.start)),
            Val::Int(to_i64(q.span.end)),
            Val::Text(&q.text),
            Val::text(q.speaker.as_deref()),
            Val::int(lookup(&q.speaker)),
            Val::text(q.speaker_text.as_ref().map(|s| s.text.as_str())),
            q.speaker_text
                .as_ref()
                .map_or(Val::Null, |s| Val::Owned(fold_name(&s.text))),
            Val::Text(q_json),
        ]);
        fts.quote_inserts.insert(
            quote_id,
            (
                q.text.clone(),
                q.speaker_text.as_ref().map(|s| s.text.clone()),
            ),
        );
    }
    QUOTES.run(tx, &rows, "inserting quotes")?;
    Ok(())
}

/// The document's events and their actors and recipients.
fn insert_events(
    tx: &Connection,
    article_id: i64,
    doc: &Document,
    event_json: &[String],
    global: &HashMap<&str, i64>,
) -> Result<()> {
    let lookup = |local: &Option<String>| global_id(global, local);
    let mut rows: Vec<Val<'_>> = Vec::new();
    // An event is a root event when its sentence is in the headline or the first
    // paragraph of the body (GDELT's IsRootEvent).
    let first_body_paragraph = doc.sentences_in(TextZone::Body).map(|s| s.paragraph).min();
    let first_id = next_rowid(tx, "SELECT max(event_id) FROM events")?;
    let mut actors: Vec<Val<'_>> = Vec::new();
    for (k, (e, e_json)) in doc.events.iter().zip(event_json).enumerate() {
        let sentence = doc.sentences.get(e.sentence);
        let is_root = match (sentence, first_body_paragraph) {
            (Some(s), _) if s.zone == TextZone::Title => true,
            (Some(s), Some(first)) => s.paragraph <= first,
            _ => false,
        };
        let ids = |list: &[EventActor]| -> Vec<Option<i64>> {
            list.iter().map(|a| lookup(&a.entity)).collect()
        };
        let actor_ids = ids(&e.actors);
        let recipient_ids = ids(&e.recipients);
        let event_id = first_id + to_i64(k);
        for (role, list, ids) in [
            ("actor", &e.actors, &actor_ids),
            ("recipient", &e.recipients, &recipient_ids),
        ] {
            for (pos, (a, id)) in list.iter().zip(ids).enumerate() {
                actors.extend([
                    Val::Int(event_id),
                    Val::Text(role),
                    Val::Int(to_i64(pos)),
                    Val::int(*id),
                    Val::text(a.code.as_deref()),
                    Val::Text(&a.text),
                    Val::Owned(fold_name(&a.text)),
                ]);
            }
        }
        rows.extend([
            Val::Int(event_id),
            Val::Int(article_id),
            Val::Text(&e.id),
            Val::Text(&e.code),
            Val::text(e.date.as_deref()),
            Val::Int(i64::from(is_root)),
            Val::Owned(ids_json(&actor_ids)),
            Val::Owned(ids_json(&recipient_ids)),
            Val::Text(e_json),
        ]);
    }
    EVENTS.run(tx, &rows, "inserting events")?;
    ACTORS.run(tx, &actors, "inserting event actors")?;
    Ok(())
}

/// The document's counts and time expressions.
fn insert_counts_and_times(tx: &Connection, article_id: i64, doc: &Document) -> Result<()> {
    let mut rows: Vec<Val<'_>> = Vec::new();
    for (i, c) in doc.counts.iter().enumerate() {
        let category = serde_json::to_value(c.category)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        rows.extend([
            Val::Int(article_id),
            Val::Int(to_i64(i)),
            Val::Int(to_i64(c.span.start)),
            Val::Int(to_i64(c.span.end)),
            Val::Text(&c.text),
            Val::Real(c.value),
            Val::Owned(category),
        ]);
    }
    COUNTS.run(tx, &rows, "inserting counts")?;
    rows.clear();
    for (i, t) in doc.times.iter().enumerate() {
        let kind = serde_json::to_value(t.kind)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        rows.extend([
            Val::Int(article_id),
            Val::Int(to_i64(i)),
            Val::Int(to_i64(t.span.start)),
            Val::Int(to_i64(t.span.end)),
            Val::Text(&t.text),
            Val::Owned(kind),
            Val::text(t.value.as_deref()),
        ]);
    }
    TIMES.run(tx, &rows, "inserting time expressions")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_view_has_every_field() {
        let mut doc = Document::from_normalized("a1", "Ferry talks resume.".into());
        doc.tokens = Vec::new();
        let full = serde_json::to_value(&doc).unwrap();
        let stored: serde_json::Value = serde_json::from_str(&record_json(&doc).unwrap()).unwrap();
        let mut expected = full.clone();
        expected["text"] = serde_json::Value::String(String::new());
        expected["quotes"] = serde_json::Value::Array(Vec::new());
        expected["events"] = serde_json::Value::Array(Vec::new());
        assert_eq!(
            stored, expected,
            "DocumentView is out of step with Document"
        );
        // Every field of the document, tokens aside (not serialized when empty).
        assert_eq!(
            stored.as_object().unwrap().len(),
            full.as_object().unwrap().len()
        );
    }
}
