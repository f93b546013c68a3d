//! Queries: full-text search, articles, entities, events, quotes, statistics.

use std::collections::{BTreeMap, HashMap};

use readout_core::{Document, EntityType, Event, MentionKind, Quote};
use rusqlite::{params, OptionalExtension, Row};

use crate::error::Context;
use crate::names::fold_name;
use crate::{
    ArticleMentions, DocEntityLink, EntityRecord, EntitySummary, EventFilter, MentionSpan,
    QuoteFilter, QuoteHit, Result, SearchHit, Stats, Store, StoreError, StoredArticle, StoredEvent,
    StoredQuote, TimelineItem, TimelineKind,
};

/// Most distinct terms in one search: enough for any real query, few enough that one
/// request cannot hold a core (each term reads its whole posting list).
pub const MAX_QUERY_TERMS: usize = 32;

/// Longest search text accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Turn what a user typed into an FTS5 query that cannot be a syntax error: every word
/// becomes a quoted term, `"…"` keeps a phrase together, a trailing `*` asks for a prefix;
/// terms are ANDed. Characters FTS5 treats as syntax (`-`, `:`, `(`, `^`…) are taken
/// literally. A repeated term counts once (ANDing a word with itself finds nothing more,
/// and costs a pass over its postings each time); more than [`MAX_QUERY_TERMS`] distinct
/// terms, or more than [`MAX_QUERY_BYTES`] of text, is an error.
pub fn fts_query(input: &str) -> Result<String> {
    if input.len() > MAX_QUERY_BYTES {
        return Err(StoreError::InvalidArgument {
            what: "search query",
            message: format!(
                "it is {} bytes long, over the {MAX_QUERY_BYTES}-byte limit; search for fewer words",
                input.len()
            ),
        });
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = input.trim_start();
    while !rest.is_empty() {
        let (term, next) = if let Some(after) = rest.strip_prefix('"') {
            match after.find('"') {
                Some(end) => (&after[..end], &after[end + 1..]),
                None => (after, ""),
            }
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        let prefix = term.ends_with('*');
        let term = term.trim_end_matches('*').trim();
        if term.chars().any(char::is_alphanumeric) {
            let star = if prefix { "*" } else { "" };
            let part = format!("\"{}\"{star}", term.replace('"', "\"\""));
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
        rest = next.trim_start();
    }
    if parts.is_empty() {
        return Err(StoreError::InvalidArgument {
            what: "search query",
            message: format!("{input:?} has no words to search for; give at least one word"),
        });
    }
    if parts.len() > MAX_QUERY_TERMS {
        return Err(StoreError::InvalidArgument {
            what: "search query",
            message: format!(
                "it has {} different words, over the limit of {MAX_QUERY_TERMS}; search for fewer words",
                parts.len()
            ),
        });
    }
    Ok(parts.join(" "))
}

/// Snippets are for display: one line, single spaces.
fn one_line(s: String) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Map an error of a MATCH query: FTS syntax errors become [`StoreError::Query`].
fn match_error(e: rusqlite::Error, query: &str, context: &str) -> StoreError {
    if let rusqlite::Error::SqliteFailure(failure, msg) = &e {
        let msg = msg.as_deref().unwrap_or("");
        // The statement itself is fixed and prepared: a plain SQLITE_ERROR while it runs
        // comes from the MATCH text (FTS5 reports an unterminated string with no message).
        if msg.contains("fts5")
            || msg.contains("syntax error")
            || msg.contains("no such column")
            || failure.code == rusqlite::ErrorCode::Unknown
        {
            let message = if msg.is_empty() || msg == "SQL logic error" {
                "not valid FTS5 query syntax (check that quotes and parentheses are paired)"
            } else {
                msg
            };
            return StoreError::Query {
                query: query.to_string(),
                message: message.to_string(),
            };
        }
    }
    crate::error::sqlite_error(e, context)
}

/// Check a date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn check_date(what: &'static str, value: &str) -> Result<()> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidArgument {
            what,
            message: format!("{value:?} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        })
    }
}

fn parse_mention_kind(s: &str) -> MentionKind {
    match s {
        "role" => MentionKind::Role,
        "pronoun" => MentionKind::Pronoun,
        _ => MentionKind::Name,
    }
}

fn parse_type(s: &str) -> EntityType {
    EntityType::from_label(s).unwrap_or(EntityType::Misc)
}

fn corrupt(article_id: i64, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        article_id,
        message: e.to_string(),
    }
}

/// A stored article's [`Document`] from its record and text. The record is stored without
/// its text, quotes and events (see `write::record_json`): the text has its own column, the
/// quotes and events are the `json` of their rows. Records written before that keep them,
/// and are taken as they are.
pub(crate) fn restore_document(
    conn: &rusqlite::Connection,
    article_id: i64,
    record: &str,
    text: String,
) -> Result<Document> {
    let mut doc: Document = serde_json::from_str(record).map_err(|e| corrupt(article_id, e))?;
    if doc.text.is_empty() {
        doc.text = text;
    }
    if doc.quotes.is_empty() {
        let mut stmt = conn
            .prepare_cached("SELECT json FROM quotes WHERE article_id = ?1 ORDER BY idx")
            .ctx("reading an article's quotes")?;
        let rows = stmt
            .query_map([article_id], |r| r.get::<_, String>(0))
            .ctx("reading an article's quotes")?;
        for json in rows {
            let json = json.ctx("reading an article's quotes")?;
            doc.quotes
                .push(serde_json::from_str(&json).map_err(|e| corrupt(article_id, e))?);
        }
    }
    if doc.events.is_empty() {
        let mut stmt = conn
            .prepare_cached("SELECT json FROM events WHERE article_id = ?1 ORDER BY event_id")
            .ctx("reading an article's events")?;
        let rows = stmt
            .query_map([article_id], |r| r.get::<_, String>(0))
            .ctx("reading an article's events")?;
        for json in rows {
            let json = json.ctx("reading an article's events")?;
            doc.events
                .push(serde_json::from_str(&json).map_err(|e| corrupt(article_id, e))?);
        }
    }
    Ok(doc)
}

/// The articles stored under one model version, by content hash and document id: what
/// `readout ingest` consults before analyzing an article, so that an article stored
/// unchanged costs a read and a hash, not an analysis. Made once per run by
/// [`Store::stored_keys`]; articles stored after that are not in it.
#[derive(Debug, Default)]
pub struct StoredKeys {
    /// Document id → (content hash, store id) of each article stored under that id.
    by_doc: HashMap<String, Vec<(String, i64)>>,
}

impl StoredKeys {
    /// The store id of the article `doc_id` when it is stored with this content hash under
    /// the version these keys were made for. `content_hash` is called only when some
    /// article is stored under `doc_id` (hashing means reading and normalizing the text).
    pub fn unchanged(
        &self,
        doc_id: &str,
        content_hash: impl FnOnce() -> Option<String>,
    ) -> Option<i64> {
        let stored = self.by_doc.get(doc_id)?;
        let hash = content_hash()?;
        stored
            .iter()
            .find(|(h, _)| *h == hash)
            .map(|&(_, article_id)| article_id)
    }

    /// Number of articles.
    pub fn len(&self) -> usize {
        self.by_doc.values().map(Vec::len).sum()
    }

    /// Whether no article is stored under the version.
    pub fn is_empty(&self) -> bool {
        self.by_doc.is_empty()
    }
}

impl Store {
    /// The keys of the articles stored under `model_version` (see [`StoredKeys`]).
    pub fn stored_keys(&self, model_version: &str) -> Result<StoredKeys> {
        let mut keys = StoredKeys::default();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT content_hash, doc_id, article_id FROM articles WHERE model_version = ?1",
            )
            .ctx("listing the stored articles")?;
        let rows = stmt
            .query_map([model_version], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .ctx("listing the stored articles")?;
        for row in rows {
            let (hash, doc_id, article_id): (String, String, i64) =
                row.ctx("listing the stored articles")?;
            keys.by_doc
                .entry(doc_id)
                .or_default()
                .push((hash, article_id));
        }
        Ok(keys)
    }

    /// Full-text search over article titles and text, best first (bm25; title matches
    /// weigh 4×). The query is taken as words (see [`fts_query`]): it cannot be a syntax
    /// error. An empty query is an [`StoreError::InvalidArgument`].
    pub fn search(&self, query: &str, limit: usize, offset: usize) -> Result<Vec<SearchHit>> {
        self.search_raw(&fts_query(query)?, limit, offset)
    }

    /// Full-text search with a query in FTS5 syntax (`ferry OR boat`, `"peace talks"`,
    /// `title:ferry`, `NEAR(a b)`). Syntax errors are [`StoreError::Query`].
    pub fn search_raw(&self, query: &str, limit: usize, offset: usize) -> Result<Vec<SearchHit>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.article_id, a.doc_id, a.title, a.published,
                     snippet(articles_fts, -1, '[', ']', '…', 16),
                     bm25(articles_fts, 4.0, 1.0) AS rank
                 FROM articles_fts JOIN articles a ON a.article_id = articles_fts.rowid
                 WHERE articles_fts MATCH ?1
                 ORDER BY rank, a.article_id LIMIT ?2 OFFSET ?3",
            )
            .ctx("preparing the search")?;
        let rows = stmt
            .query_map(params![query, to_i64(limit), to_i64(offset)], |r| {
                Ok(SearchHit {
                    article_id: r.get(0)?,
                    doc_id: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    snippet: one_line(r.get(4)?),
                    score: -r.get::<_, f64>(5)?,
                })
            })
            .map_err(|e| match_error(e, query, "searching"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| match_error(e, query, "searching"))
    }

    /// Full-text search over quotes (their content and the speaker as written).
    pub fn search_quotes(&self, query: &str, limit: usize, offset: usize) -> Result<Vec<QuoteHit>> {
        let fts = fts_query(query)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.quote_id, q.article_id, a.doc_id, q.speaker_text, q.speaker_entity,
                     q.start, q.end, snippet(quotes_fts, -1, '[', ']', '…', 16),
                     bm25(quotes_fts) AS rank
                 FROM quotes_fts JOIN quotes q ON q.quote_id = quotes_fts.rowid
                 JOIN articles a ON a.article_id = q.article_id
                 WHERE quotes_fts MATCH ?1
                 ORDER BY rank, q.quote_id LIMIT ?2 OFFSET ?3",
            )
            .ctx("preparing the quote search")?;
        let rows = stmt
            .query_map(params![fts, to_i64(limit), to_i64(offset)], |r| {
                Ok(QuoteHit {
                    quote_id: r.get(0)?,
                    article_id: r.get(1)?,
                    doc_id: r.get(2)?,
                    speaker_text: r.get(3)?,
                    speaker_id: r.get(4)?,
                    start: to_usize(r.get(5)?),
                    end: to_usize(r.get(6)?),
                    snippet: one_line(r.get(7)?),
                    score: -r.get::<_, f64>(8)?,
                })
            })
            .map_err(|e| match_error(e, query, "searching quotes"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| match_error(e, query, "searching quotes"))
    }

    fn stored_article(row: &Row) -> rusqlite::Result<(i64, String, String, String, String)> {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        ))
    }

    fn build_article(
        &self,
        (article_id, record, text, model_version, ingested_at): (
            i64,
            String,
            String,
            String,
            String,
        ),
    ) -> Result<StoredArticle> {
        let document = restore_document(&self.conn, article_id, &record, text)?;
        Ok(StoredArticle {
            article_id,
            model_version,
            ingested_at,
            document,
        })
    }

    /// One article by its store id.
    pub fn article(&self, article_id: i64) -> Result<Option<StoredArticle>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT article_id, record, text, model_version, ingested_at
                 FROM articles WHERE article_id = ?1",
            )
            .and_then(|mut s| s.query_row([article_id], Self::stored_article).optional())
            .ctx("reading an article")?;
        row.map(|r| self.build_article(r)).transpose()
    }

    /// One article by its document id; when several versions of the text share the id, the
    /// one stored last.
    pub fn article_by_doc_id(&self, doc_id: &str) -> Result<Option<StoredArticle>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT article_id, record, text, model_version, ingested_at
                 FROM articles WHERE doc_id = ?1 ORDER BY article_id DESC LIMIT 1",
            )
            .and_then(|mut s| s.query_row([doc_id], Self::stored_article).optional())
            .ctx("reading an article")?;
        row.map(|r| self.build_article(r)).transpose()
    }

    /// Call `f` with every article, in store order, one at a time (memory stays flat).
    pub fn each_article<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(StoredArticle) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT article_id, record, text, model_version, ingested_at
                 FROM articles ORDER BY article_id",
            )
            .ctx("preparing to read articles")?;
        let rows = stmt
            .query_map([], Self::stored_article)
            .ctx("reading articles")?;
        for row in rows {
            f(self.build_article(row.ctx("reading articles")?)?)?;
        }
        Ok(())
    }

    /// Global entities whose name or an alias contains `name` as whole words (case and
    /// diacritics folded); exact name matches first, then by number of articles.
    pub fn find_entities(&self, name: &str, limit: usize) -> Result<Vec<EntitySummary>> {
        let norm = fold_name(name);
        if norm.is_empty() {
            return Err(StoreError::InvalidArgument {
                what: "entity name",
                message: format!("{name:?} has no letters or digits; give a name"),
            });
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT e.entity_id, e.name, e.type, e.kb,
                     (SELECT COUNT(*) FROM doc_entities d WHERE d.entity_id = e.entity_id) AS n_articles,
                     (SELECT COUNT(*) FROM entity_mentions m WHERE m.entity_id = e.entity_id)
                 FROM entities e
                 WHERE e.entity_id IN (SELECT entity_id FROM entity_aliases
                                       WHERE ' ' || norm || ' ' LIKE '% ' || ?1 || ' %')
                 ORDER BY e.norm = ?1 DESC, n_articles DESC, e.entity_id
                 LIMIT ?2",
            )
            .ctx("preparing the entity lookup")?;
        let rows = stmt
            .query_map(params![norm, to_i64(limit)], |r| {
                Ok(EntitySummary {
                    entity_id: r.get(0)?,
                    name: r.get(1)?,
                    kind: parse_type(&r.get::<_, String>(2)?),
                    kb: r.get(3)?,
                    articles: r.get(4)?,
                    mentions: r.get(5)?,
                })
            })
            .ctx("finding entities")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("finding entities")
    }

    /// The global entity of each entity of one article: `(local id, global id)`, in local-id
    /// order (`e1`, `e2`…; empty when the article does not exist).
    pub fn article_entities(&self, article_id: i64) -> Result<Vec<DocEntityLink>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT local_id, entity_id FROM doc_entities WHERE article_id = ?1
                 ORDER BY length(local_id), local_id",
            )
            .ctx("preparing the entity links")?;
        let rows = stmt
            .query_map([article_id], |r| {
                Ok(DocEntityLink {
                    local_id: r.get(0)?,
                    entity_id: r.get(1)?,
                })
            })
            .ctx("reading the entity links")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("reading the entity links")
    }

    /// The name of a global entity, when it exists.
    pub fn entity_name(&self, entity_id: i64) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT name FROM entities WHERE entity_id = ?1")
            .and_then(|mut s| s.query_row([entity_id], |r| r.get(0)).optional())
            .ctx("reading an entity name")
    }

    /// Ids of global entities matching `name` (whole words of a name or alias).
    fn entity_ids_matching(&self, name: &str) -> Result<Vec<i64>> {
        let norm = fold_name(name);
        if norm.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT entity_id FROM entity_aliases
                 WHERE ' ' || norm || ' ' LIKE '% ' || ?1 || ' %'",
            )
            .ctx("preparing the entity lookup")?;
        let rows = stmt
            .query_map([norm], |r| r.get(0))
            .ctx("finding entities")?;
        rows.collect::<rusqlite::Result<Vec<i64>>>()
            .ctx("finding entities")
    }

    /// One global entity with its aliases, mentions across articles and timeline.
    pub fn entity(&self, entity_id: i64) -> Result<Option<EntityRecord>> {
        let head = self
            .conn
            .prepare_cached(
                "SELECT name, type, kb, affiliation, role FROM entities WHERE entity_id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([entity_id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                    ))
                })
                .optional()
            })
            .ctx("reading an entity")?;
        let Some((name, kind, kb, affiliation, role)) = head else {
            return Ok(None);
        };
        let aliases = self
            .conn
            .prepare_cached("SELECT alias FROM entity_aliases WHERE entity_id = ?1 ORDER BY alias")
            .and_then(|mut s| {
                s.query_map([entity_id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .ctx("reading aliases")?;
        let mentions = self.entity_mentions(entity_id)?;
        let mut timeline = Vec::new();
        self.event_timeline(entity_id, &mut timeline)?;
        self.quote_timeline(entity_id, &mut timeline)?;
        // Undated entries last; then by article and position.
        timeline.sort_by(|a, b| {
            (a.date.is_none(), &a.date, a.article_id, a.start).cmp(&(
                b.date.is_none(),
                &b.date,
                b.article_id,
                b.start,
            ))
        });
        Ok(Some(EntityRecord {
            entity_id,
            name,
            kind: parse_type(&kind),
            kb,
            aliases,
            affiliation,
            role,
            mentions,
            timeline,
        }))
    }

    /// The mentions of a global entity, grouped by article and local entity.
    fn entity_mentions(&self, entity_id: i64) -> Result<Vec<ArticleMentions>> {
        let mut mentions: Vec<ArticleMentions> = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT m.article_id, a.doc_id, a.title, a.published, m.local_id,
                     m.start, m.end, m.text, m.kind
                 FROM entity_mentions m JOIN articles a ON a.article_id = m.article_id
                 WHERE m.entity_id = ?1 ORDER BY m.article_id, m.local_id, m.start",
            )
            .ctx("preparing mentions")?;
        let rows = stmt
            .query_map([entity_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    MentionSpan {
                        start: to_usize(r.get(5)?),
                        end: to_usize(r.get(6)?),
                        text: r.get(7)?,
                        kind: parse_mention_kind(&r.get::<_, String>(8)?),
                    },
                ))
            })
            .ctx("reading mentions")?;
        for row in rows {
            let (article_id, doc_id, title, published, local_id, span) =
                row.ctx("reading mentions")?;
            match mentions.last_mut() {
                Some(last) if last.article_id == article_id && last.local_id == local_id => {
                    last.spans.push(span)
                }
                _ => mentions.push(ArticleMentions {
                    article_id,
                    doc_id,
                    title,
                    published,
                    local_id,
                    spans: vec![span],
                }),
            }
        }
        Ok(mentions)
    }

    /// The events a global entity takes part in, appended to `timeline`.
    fn event_timeline(&self, entity_id: i64, timeline: &mut Vec<TimelineItem>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT e.event_id, e.article_id, a.doc_id, a.published, x.role, e.json
                 FROM event_actors x JOIN events e ON e.event_id = x.event_id
                 JOIN articles a ON a.article_id = e.article_id
                 WHERE x.entity_id = ?1",
            )
            .ctx("preparing the timeline")?;
        let rows = stmt
            .query_map([entity_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .ctx("reading events")?;
        for row in rows {
            let (event_id, article_id, doc_id, published, role, json) =
                row.ctx("reading events")?;
            let event: Event = serde_json::from_str(&json).map_err(|e| corrupt(article_id, e))?;
            timeline.push(TimelineItem {
                kind: TimelineKind::Event,
                role,
                date: event.date.clone().or(published),
                article_id,
                doc_id,
                item_id: event_id,
                start: event.span.start,
                end: event.span.end,
                text: event.text,
                code: Some(event.code),
                label: Some(event.label),
            });
        }
        Ok(())
    }

    /// The quotes a global entity is the speaker of, appended to `timeline`.
    fn quote_timeline(&self, entity_id: i64, timeline: &mut Vec<TimelineItem>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.quote_id, q.article_id, a.doc_id, a.published, q.start, q.end, q.text
                 FROM quotes q JOIN articles a ON a.article_id = q.article_id
                 WHERE q.speaker_entity = ?1",
            )
            .ctx("preparing the timeline")?;
        let rows = stmt
            .query_map([entity_id], |r| {
                Ok(TimelineItem {
                    kind: TimelineKind::Quote,
                    role: "speaker".into(),
                    item_id: r.get(0)?,
                    article_id: r.get(1)?,
                    doc_id: r.get(2)?,
                    date: r.get(3)?,
                    start: to_usize(r.get(4)?),
                    end: to_usize(r.get(5)?),
                    text: r.get(6)?,
                    code: None,
                    label: None,
                })
            })
            .ctx("reading quotes")?;
        for row in rows {
            timeline.push(row.ctx("reading quotes")?);
        }
        Ok(())
    }

    /// Events matching `filter`, by date (undated last), then in store order.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.each_event(filter, |e| {
            out.push(e);
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// Call `f` with every event matching `filter` (ordered as [`Store::events`]), one at a
    /// time.
    pub fn each_event<E: From<StoreError>>(
        &self,
        filter: &EventFilter,
        mut f: impl FnMut(StoredEvent) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        if let Some(from) = &filter.from {
            check_date("--from date", from)?;
        }
        if let Some(to) = &filter.to {
            check_date("--to date", to)?;
        }
        // A name filter matches an entity's names and aliases, the actor phrase, or its code.
        let party = |name: &Option<String>| -> Result<Option<(String, String, String)>> {
            let Some(name) = name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
                return Ok(None);
            };
            let ids = self.entity_ids_matching(name)?;
            let ids = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
            Ok(Some((ids, fold_name(name), name.to_uppercase())))
        };
        let actor = party(&filter.actor)?;
        let recipient = party(&filter.recipient)?;
        let (a_ids, a_norm, a_code) = actor.unzip3();
        let (r_ids, r_norm, r_code) = recipient.unzip3();
        let code = filter
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        // A story's events are read through its member list (indexed by story), not by a
        // condition on every event of the store.
        let story_join = if filter.story.is_some() {
            "FROM story_articles m JOIN events e ON e.article_id = m.article_id
                 JOIN articles a ON a.article_id = e.article_id
                 WHERE m.story_id = ?14 AND"
        } else {
            "FROM events e JOIN articles a ON a.article_id = e.article_id
                 WHERE ?14 IS NULL AND"
        };
        let sql = format!(
            "SELECT e.event_id, e.article_id, a.doc_id, a.published, a.url, a.ingested_at,
                     e.is_root, e.actor_ids, e.recipient_ids, e.json
                 {story_join} (?1 IS NULL OR e.code LIKE ?1 || '%')
                   AND (?2 IS NULL OR (e.date GLOB '[0-9][0-9][0-9][0-9]*' AND e.date || '~' >= ?2))
                   AND (?3 IS NULL OR (e.date GLOB '[0-9][0-9][0-9][0-9]*' AND e.date <= ?3 || '~'))
                   AND (?4 IS NULL OR EXISTS (SELECT 1 FROM event_actors x
                        WHERE x.event_id = e.event_id AND x.role = 'actor'
                          AND (x.entity_id IN (SELECT value FROM json_each(?4))
                               OR ' ' || x.norm || ' ' LIKE '% ' || ?5 || ' %'
                               OR x.code = ?6)))
                   AND (?7 IS NULL OR EXISTS (SELECT 1 FROM event_actors x
                        WHERE x.event_id = e.event_id AND x.role = 'recipient'
                          AND (x.entity_id IN (SELECT value FROM json_each(?7))
                               OR ' ' || x.norm || ' ' LIKE '% ' || ?8 || ' %'
                               OR x.code = ?9)))
                   AND (?10 IS NULL OR EXISTS (SELECT 1 FROM event_actors x
                        WHERE x.event_id = e.event_id AND x.role = 'actor' AND x.entity_id = ?10))
                   AND (?11 IS NULL OR EXISTS (SELECT 1 FROM event_actors x
                        WHERE x.event_id = e.event_id AND x.role = 'recipient' AND x.entity_id = ?11))
                 ORDER BY e.date IS NULL, e.date, e.event_id
                 LIMIT ?12 OFFSET ?13"
        );
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .ctx("preparing the event query")?;
        let rows = stmt
            .query_map(
                params![
                    code,
                    filter.from,
                    filter.to,
                    a_ids,
                    a_norm,
                    a_code,
                    r_ids,
                    r_norm,
                    r_code,
                    filter.actor_id,
                    filter.recipient_id,
                    to_i64(filter.limit),
                    to_i64(filter.offset),
                    filter.story
                ],
                |r| {
                    Ok((
                        (
                            r.get::<_, i64>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, Option<String>>(3)?,
                            r.get::<_, Option<String>>(4)?,
                        ),
                        (
                            r.get::<_, String>(5)?,
                            r.get::<_, bool>(6)?,
                            r.get::<_, String>(7)?,
                            r.get::<_, String>(8)?,
                            r.get::<_, String>(9)?,
                        ),
                    ))
                },
            )
            .ctx("querying events")?;
        for row in rows {
            let (
                (event_id, article_id, doc_id, published, url),
                (ingested_at, is_root, actor_ids, recipient_ids, json),
            ) = row.ctx("querying events")?;
            let parse_ids = |s: &str| -> Result<Vec<Option<i64>>> {
                serde_json::from_str(s).map_err(|e| corrupt(article_id, e))
            };
            f(StoredEvent {
                event_id,
                article_id,
                doc_id,
                published,
                url,
                ingested_at,
                is_root,
                actor_ids: parse_ids(&actor_ids)?,
                recipient_ids: parse_ids(&recipient_ids)?,
                event: serde_json::from_str(&json).map_err(|e| corrupt(article_id, e))?,
            })?;
        }
        Ok(())
    }

    /// Quotes matching `filter`, by publication date, then in store order.
    pub fn quotes(&self, filter: &QuoteFilter) -> Result<Vec<StoredQuote>> {
        let speaker = filter
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let (ids, norm) = match speaker {
            Some(s) => (
                Some(serde_json::to_string(&self.entity_ids_matching(s)?).unwrap_or_default()),
                Some(fold_name(s)),
            ),
            None => (None, None),
        };
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.quote_id, q.article_id, a.doc_id, a.published, q.speaker_entity,
                     (SELECT name FROM entities WHERE entity_id = q.speaker_entity), q.json
                 FROM quotes q JOIN articles a ON a.article_id = q.article_id
                 WHERE (?1 IS NULL OR q.speaker_entity IN (SELECT value FROM json_each(?1))
                        OR ' ' || q.speaker_norm || ' ' LIKE '% ' || ?2 || ' %')
                   AND (?3 IS NULL OR q.speaker_entity = ?3)
                 ORDER BY a.published IS NULL, a.published, q.quote_id
                 LIMIT ?4 OFFSET ?5",
            )
            .ctx("preparing the quote query")?;
        let rows = stmt
            .query_map(
                params![
                    ids,
                    norm,
                    filter.speaker_id,
                    to_i64(filter.limit),
                    to_i64(filter.offset)
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<i64>>(4)?,
                        r.get::<_, Option<String>>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .ctx("querying quotes")?;
        let mut out = Vec::new();
        for row in rows {
            let (quote_id, article_id, doc_id, published, speaker_id, speaker_name, json) =
                row.ctx("querying quotes")?;
            let quote: Quote = serde_json::from_str(&json).map_err(|e| corrupt(article_id, e))?;
            out.push(StoredQuote {
                quote_id,
                article_id,
                doc_id,
                published,
                speaker_id,
                speaker_name,
                quote,
            });
        }
        Ok(out)
    }

    /// Check the database: SQLite's integrity check, and that both full-text indexes agree
    /// with the rows they index. An error names what is wrong.
    pub fn check(&self) -> Result<()> {
        let report: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .ctx("checking the database")?;
        if report != "ok" {
            return Err(StoreError::Open {
                path: self.path.clone().unwrap_or_default(),
                message: format!(
                    "the database is damaged ({report}); restore it from a backup or ingest again"
                ),
            });
        }
        for table in ["articles_fts", "quotes_fts"] {
            self.conn
                .execute(
                    &format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"),
                    [],
                )
                .ctx(&format!("checking the search index {table}"))?;
        }
        Ok(())
    }

    /// Counts of what the store holds.
    pub fn stats(&self) -> Result<Stats> {
        let count = |table: &str| -> Result<i64> {
            self.conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .ctx(&format!("counting {table}"))
        };
        let mut model_versions = BTreeMap::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached(
                    "SELECT model_version, COUNT(*) FROM articles GROUP BY model_version",
                )
                .ctx("preparing statistics")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                .ctx("counting model versions")?;
            for row in rows {
                let (v, n) = row.ctx("counting model versions")?;
                model_versions.insert(v, n);
            }
        }
        Ok(Stats {
            articles: count("articles")?,
            entities: count("entities")?,
            mentions: count("entity_mentions")?,
            quotes: count("quotes")?,
            events: count("events")?,
            counts: count("counts")?,
            times: count("times")?,
            schema_version: self.schema_version()?,
            model_versions,
        })
    }
}

trait Unzip3 {
    fn unzip3(self) -> (Option<String>, Option<String>, Option<String>);
}

impl Unzip3 for Option<(String, String, String)> {
    fn unzip3(self) -> (Option<String>, Option<String>, Option<String>) {
        match self {
            Some((a, b, c)) => (Some(a), Some(b), Some(c)),
            None => (None, None, None),
        }
    }
}
