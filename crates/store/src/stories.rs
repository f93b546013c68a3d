//! Stories in the store: articles grouped by the event they report
//! ([`readout_compare::cluster`]), kept in `stories` and `story_articles`.
//!
//! * [`Store::rebuild_stories`] clusters every stored article from scratch
//!   (`readout stories --db FILE`).
//! * [`Store::update_stories`] assigns new or re-analyzed articles (`readout ingest` after its
//!   last commit, `POST /api/articles`): it re-clusters only the affected time window, i.e.
//!   the new articles, every stored article published within twice the story window of them,
//!   and all members of the stories those articles belong to. Undated new articles bring the
//!   undated stored articles into the window.
//!
//! Story ids are kept across updates: a re-clustered story takes the id of the old story it
//! shares most articles with, so links to `/stories/{id}` keep working while a story grows.
//! Every article belongs to exactly one story (a story of one is an article nobody else
//! reported yet); lists can skip those with `min_articles`.
//!
//! Each member row keeps the article's [`DocSummary`] (JSON), so an update reads summaries,
//! not whole records, for the articles already placed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use readout_compare::{DocSummary, Story, StoryOptions};
use readout_core::Document;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::Context;
use crate::{Result, Store, StoreError};

/// A stored story, as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredStory {
    /// The story's id in the store.
    pub story_id: i64,
    /// Headline of its first article that has one.
    pub title: Option<String>,
    /// Earliest publication date of its articles.
    pub first_published: Option<String>,
    /// Latest publication date of its articles.
    pub last_published: Option<String>,
    /// Number of articles.
    pub articles: i64,
    /// Distinct sources of its articles.
    pub sources: Vec<String>,
    /// Its strongest features (words, `entity:`, `date:`, `count:`), best first.
    pub top_features: Vec<String>,
}

/// One article of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryMember {
    /// The article's store id.
    pub article_id: i64,
    /// Its document id.
    pub doc_id: String,
    /// Its headline, when known.
    pub title: Option<String>,
    /// Its outlet, when known.
    pub source: Option<String>,
    /// Its publication date, when known.
    pub published: Option<String>,
    /// Mean similarity with the members before it (`None` for the first).
    pub join_score: Option<f64>,
}

/// A stored story with its articles, in the order they joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRecord {
    /// The story.
    #[serde(flatten)]
    pub story: StoredStory,
    /// Its articles.
    pub members: Vec<StoryMember>,
}

impl StoryRecord {
    /// The story in the shape [`readout_compare::cluster`] gives for files (members as
    /// `ARTICLE_ID (DOC_ID)`), so both print alike.
    pub fn to_story(&self) -> Story {
        Story {
            id: self.story.story_id.to_string(),
            documents: self
                .members
                .iter()
                .map(|m| format!("{} ({})", m.article_id, m.doc_id))
                .collect(),
            sources: self.story.sources.clone(),
            title: self.story.title.clone(),
            first_published: self.story.first_published.clone(),
            last_published: self.story.last_published.clone(),
            top_features: self.story.top_features.clone(),
            join_scores: self
                .members
                .iter()
                .skip(1)
                .filter_map(|m| m.join_score)
                .collect(),
        }
    }
}

/// What a story update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StoryUpdate {
    /// Articles clustered (the new ones and their window).
    pub articles: usize,
    /// Stories written (new or changed).
    pub stories: usize,
    /// Of those, stories of two articles or more.
    pub multi: usize,
}

impl StoryUpdate {
    /// `N articles in M stories (K with two or more articles)`.
    pub fn summary(&self) -> String {
        format!(
            "{} articles in {} stories ({} with two or more articles)",
            self.articles, self.stories, self.multi
        )
    }
}

impl Store {
    /// Cluster every stored article into stories, replacing the stored ones (ids of stories
    /// that keep most of their articles are kept).
    pub fn rebuild_stories(&mut self, options: &StoryOptions) -> Result<StoryUpdate> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT article_id FROM articles ORDER BY article_id")
            .and_then(|mut s| {
                s.query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .ctx("listing articles for story clustering")?;
        let mut summaries = BTreeMap::new();
        for id in &ids {
            summaries.insert(*id, self.summary_from_record(*id)?);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .ctx("starting the story update")?;
        let update = recluster(&tx, summaries, options)?;
        // Stories left without articles (their articles were re-clustered elsewhere).
        tx.execute(
            "DELETE FROM stories WHERE story_id NOT IN (SELECT story_id FROM story_articles)",
            [],
        )
        .ctx("removing empty stories")?;
        tx.commit().ctx("committing the stories")?;
        Ok(update)
    }

    /// Place new or re-analyzed articles into stories, re-clustering only their time window
    /// (see the module documentation). Unknown ids are ignored.
    pub fn update_stories(
        &mut self,
        article_ids: &[i64],
        options: &StoryOptions,
    ) -> Result<StoryUpdate> {
        let mut summaries: BTreeMap<i64, DocSummary> = BTreeMap::new();
        for &id in article_ids {
            if let Some(s) = self.summary_from_record_opt(id)? {
                summaries.insert(id, s);
            }
        }
        self.place_in_stories(summaries, options)
    }

    /// Stored articles that are in no story: those of a run that stopped (killed, or a
    /// failed story update) after its articles were committed and before their stories
    /// were, and those stored with `--no-stories`. Their placement is pending;
    /// [`Store::update_stories_with`] completes it.
    pub fn articles_without_story(&self) -> Result<Vec<i64>> {
        self.conn
            .prepare_cached(
                "SELECT article_id FROM articles
                 WHERE article_id NOT IN (SELECT article_id FROM story_articles)
                 ORDER BY article_id",
            )
            .and_then(|mut s| {
                s.query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .ctx("listing the articles not yet placed into stories")
    }

    /// [`Store::update_stories`] for articles whose summaries the caller already made with
    /// [`story_summary`] from the documents it stored (`readout ingest` does, so that
    /// placing a run's articles does not read their records back). Summaries of articles
    /// not in the store are ignored. Every stored article still in no story
    /// ([`Store::articles_without_story`]) is placed too, from its record.
    pub fn update_stories_with(
        &mut self,
        summaries: impl IntoIterator<Item = DocSummary>,
        options: &StoryOptions,
    ) -> Result<StoryUpdate> {
        let mut known: BTreeMap<i64, DocSummary> = BTreeMap::new();
        {
            let mut exists = self
                .conn
                .prepare_cached("SELECT 1 FROM articles WHERE article_id = ?1")
                .ctx("checking the articles to place into stories")?;
            for s in summaries {
                let Ok(id) = s.id.parse::<i64>() else {
                    continue;
                };
                if exists.exists([id]).ctx("checking an article")? {
                    known.insert(id, s);
                }
            }
        }
        for id in self.articles_without_story()? {
            if known.contains_key(&id) {
                continue;
            }
            if let Some(s) = self.summary_from_record_opt(id)? {
                known.insert(id, s);
            }
        }
        self.place_in_stories(known, options)
    }

    fn place_in_stories(
        &mut self,
        mut summaries: BTreeMap<i64, DocSummary>,
        options: &StoryOptions,
    ) -> Result<StoryUpdate> {
        if summaries.is_empty() {
            return Ok(StoryUpdate::default());
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .ctx("starting the story update")?;
        // The window: stored articles within twice the story window of the new ones.
        let days: Vec<&str> = summaries
            .values()
            .filter_map(|s| s.published.as_deref())
            .filter_map(|p| p.get(..10))
            .collect();
        let mut window: BTreeSet<i64> = BTreeSet::new();
        if let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) {
            let margin = 2 * options.window_days.max(0);
            let mut stmt = tx
                .prepare_cached(
                    "SELECT article_id FROM articles WHERE published IS NOT NULL
                     AND julianday(substr(published, 1, 10)) BETWEEN julianday(?1) - ?3
                                                              AND julianday(?2) + ?3",
                )
                .ctx("finding the articles of the story window")?;
            let rows = stmt
                .query_map(params![first, last, margin], |r| r.get::<_, i64>(0))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .ctx("finding the articles of the story window")?;
            window.extend(rows);
        }
        if summaries.values().any(|s| s.published.is_none()) {
            let rows = tx
                .prepare_cached("SELECT article_id FROM articles WHERE published IS NULL")
                .and_then(|mut s| {
                    s.query_map([], |r| r.get::<_, i64>(0))?
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .ctx("finding undated articles")?;
            window.extend(rows);
        }
        // Whole stories: every member of a story that has an article in the window.
        let mut all: BTreeSet<i64> = window.clone();
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT m.article_id FROM story_articles s
                     JOIN story_articles m ON m.story_id = s.story_id
                     WHERE s.article_id = ?1",
                )
                .ctx("reading story members")?;
            for id in window.iter().chain(summaries.keys()) {
                let rows = stmt
                    .query_map([id], |r| r.get::<_, i64>(0))
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                    .ctx("reading story members")?;
                all.extend(rows);
            }
        }
        for id in all {
            if summaries.contains_key(&id) {
                continue;
            }
            let stored: Option<String> = tx
                .prepare_cached("SELECT summary FROM story_articles WHERE article_id = ?1")
                .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
                .ctx("reading a story summary")?;
            let summary = match stored.map(|j| serde_json::from_str::<DocSummary>(&j)) {
                Some(Ok(s)) => s,
                // Not placed yet (stored before stories existed), or unreadable: rebuild it.
                _ => match summary_from_record(&tx, id)? {
                    Some(s) => s,
                    None => continue,
                },
            };
            summaries.insert(id, summary);
        }
        let update = recluster(&tx, summaries, options)?;
        tx.execute(
            "DELETE FROM stories WHERE story_id NOT IN (SELECT story_id FROM story_articles)",
            [],
        )
        .ctx("removing empty stories")?;
        tx.commit().ctx("committing the stories")?;
        Ok(update)
    }

    fn summary_from_record(&self, article_id: i64) -> Result<DocSummary> {
        self.summary_from_record_opt(article_id)?
            .ok_or(StoreError::Corrupt {
                article_id,
                message: "the article disappeared while stories were built".into(),
            })
    }

    fn summary_from_record_opt(&self, article_id: i64) -> Result<Option<DocSummary>> {
        Ok(self
            .article(article_id)?
            .map(|a| summary_of(article_id, &a.document)))
    }

    /// Stories, most articles first, then latest first. `min_articles` skips smaller ones
    /// (2: only stories reported more than once).
    pub fn stories(
        &self,
        min_articles: i64,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StoredStory>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT story_id, title, first_published, last_published, articles, sources,
                        top_features
                 FROM stories WHERE articles >= ?1
                 ORDER BY articles DESC, last_published DESC, story_id
                 LIMIT ?2 OFFSET ?3",
            )
            .ctx("listing stories")?;
        let rows = stmt
            .query_map(
                params![min_articles, limit as i64, offset as i64],
                story_row,
            )
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .ctx("listing stories")?;
        Ok(rows)
    }

    /// Every story of at least `min_articles` articles with its members, in the order of
    /// [`Store::stories`].
    pub fn story_records(&self, min_articles: i64) -> Result<Vec<StoryRecord>> {
        const PAGE: usize = 500;
        let mut records = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.stories(min_articles, PAGE, offset)?;
            offset += page.len();
            for s in &page {
                records.extend(self.story(s.story_id)?);
            }
            if page.len() < PAGE {
                return Ok(records);
            }
        }
    }

    /// The records to compare: the stored articles named by `keys` (store ids `12`, or
    /// document ids `doc:ID`), or those of `story` (which needs two or more).
    pub fn accounts(&self, keys: &[String], story: Option<i64>) -> Result<Vec<Document>> {
        let db = self
            .path()
            .unwrap_or(std::path::Path::new(":memory:"))
            .display();
        let missing = |message: String| StoreError::NotFound { message };
        let mut docs = Vec::new();
        if let Some(id) = story {
            let rec = self.story(id)?.ok_or_else(|| {
                missing(format!(
                    "no story {id} in {db}; list them with `readout stories --db {db}`"
                ))
            })?;
            for m in &rec.members {
                let a = self.article(m.article_id)?.ok_or_else(|| {
                    missing(format!("article {} of story {id} is gone; rebuild the stories with `readout stories --db {db}`", m.article_id))
                })?;
                docs.push(a.document);
            }
            if docs.len() < 2 {
                return Err(missing(format!("story {id} has only {} article, nothing to compare it with; pick a story of two or more (`readout stories --db {db}`)", docs.len())));
            }
            return Ok(docs);
        }
        for key in keys {
            let found = if let Some(doc_id) = key.strip_prefix("doc:") {
                self.article_by_doc_id(doc_id)?
            } else if let Ok(n) = key.parse::<i64>() {
                self.article(n)?
            } else {
                return Err(missing(format!("{key:?} is not a stored article: with --db, give store ids (12) or document ids (doc:ID)")));
            };
            let a = found.ok_or_else(|| {
                missing(format!(
                    "no article {key:?} in {db}; find ids with `readout search --db {db} WORDS`"
                ))
            })?;
            docs.push(a.document);
        }
        Ok(docs)
    }

    /// Number of stories with at least `min_articles` articles.
    pub fn story_count(&self, min_articles: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM stories WHERE articles >= ?1",
                [min_articles],
                |r| r.get(0),
            )
            .ctx("counting stories")
    }

    /// One story with its articles.
    pub fn story(&self, story_id: i64) -> Result<Option<StoryRecord>> {
        let story = self
            .conn
            .prepare_cached(
                "SELECT story_id, title, first_published, last_published, articles, sources,
                        top_features
                 FROM stories WHERE story_id = ?1",
            )
            .and_then(|mut s| s.query_row([story_id], story_row).optional())
            .ctx("reading a story")?;
        let Some(story) = story else {
            return Ok(None);
        };
        let members = self
            .conn
            .prepare_cached(
                "SELECT a.article_id, a.doc_id, a.title, a.source, a.published, m.join_score
                 FROM story_articles m JOIN articles a ON a.article_id = m.article_id
                 WHERE m.story_id = ?1 ORDER BY m.position",
            )
            .and_then(|mut s| {
                s.query_map([story_id], |r| {
                    Ok(StoryMember {
                        article_id: r.get(0)?,
                        doc_id: r.get(1)?,
                        title: r.get(2)?,
                        source: r.get(3)?,
                        published: r.get(4)?,
                        join_score: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
            })
            .ctx("reading a story's articles")?;
        Ok(Some(StoryRecord { story, members }))
    }

    /// The story an article belongs to, when stories have been built.
    pub fn story_of_article(&self, article_id: i64) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT story_id FROM story_articles WHERE article_id = ?1",
                [article_id],
                |r| r.get(0),
            )
            .optional()
            .ctx("reading an article's story")
    }
}

fn story_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredStory> {
    let list = |s: String| serde_json::from_str::<Vec<String>>(&s).unwrap_or_default();
    Ok(StoredStory {
        story_id: r.get(0)?,
        title: r.get(1)?,
        first_published: r.get(2)?,
        last_published: r.get(3)?,
        articles: r.get(4)?,
        sources: list(r.get(5)?),
        top_features: list(r.get(6)?),
    })
}

/// The summary of a stored article for story clustering, keyed by its store id (document ids
/// need not be unique in the store): what [`Store::update_stories_with`] takes.
pub fn story_summary(article_id: i64, doc: &readout_core::Document) -> DocSummary {
    summary_of(article_id, doc)
}

fn summary_of(article_id: i64, doc: &readout_core::Document) -> DocSummary {
    let mut s = DocSummary::from_document(doc);
    s.id = article_id.to_string();
    s
}

fn summary_from_record(tx: &Transaction<'_>, article_id: i64) -> Result<Option<DocSummary>> {
    let row: Option<(String, String)> = tx
        .prepare_cached("SELECT record, text FROM articles WHERE article_id = ?1")
        .and_then(|mut s| {
            s.query_row([article_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
        })
        .ctx("reading an article record")?;
    let Some((record, text)) = row else {
        return Ok(None);
    };
    let doc = crate::read::restore_document(tx, article_id, &record, text)?;
    Ok(Some(summary_of(article_id, &doc)))
}

/// Cluster `summaries` (keyed by article id) and write the result over the stories their
/// articles belonged to. Old story ids are reused greedily by overlap.
fn recluster(
    tx: &Transaction<'_>,
    summaries: BTreeMap<i64, DocSummary>,
    options: &StoryOptions,
) -> Result<StoryUpdate> {
    let docs: Vec<DocSummary> = summaries.values().cloned().collect();
    let clustered = readout_compare::cluster(&docs, options);
    // Old membership of these articles.
    let mut old_story: HashMap<i64, i64> = HashMap::new();
    {
        let mut stmt = tx
            .prepare_cached("SELECT story_id FROM story_articles WHERE article_id = ?1")
            .ctx("reading story membership")?;
        for &id in summaries.keys() {
            if let Some(s) = stmt
                .query_row([id], |r| r.get::<_, i64>(0))
                .optional()
                .ctx("reading story membership")?
            {
                old_story.insert(id, s);
            }
        }
    }
    let members: Vec<Vec<i64>> = clustered
        .iter()
        .map(|s| s.documents.iter().filter_map(|d| d.parse().ok()).collect())
        .collect();
    // Overlaps (new story, old story, shared articles), largest first.
    let mut overlaps: Vec<(usize, i64, usize)> = Vec::new();
    for (k, m) in members.iter().enumerate() {
        let mut by_old: BTreeMap<i64, usize> = BTreeMap::new();
        for id in m {
            if let Some(&s) = old_story.get(id) {
                *by_old.entry(s).or_default() += 1;
            }
        }
        overlaps.extend(by_old.into_iter().map(|(s, n)| (k, s, n)));
    }
    overlaps.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    let mut assigned: HashMap<usize, i64> = HashMap::new();
    let mut used: HashSet<i64> = HashSet::new();
    for (k, s, _) in overlaps {
        if !assigned.contains_key(&k) && used.insert(s) {
            assigned.insert(k, s);
        }
    }
    {
        let mut del = tx
            .prepare_cached("DELETE FROM story_articles WHERE article_id = ?1")
            .ctx("clearing story membership")?;
        for &id in summaries.keys() {
            del.execute([id]).ctx("clearing story membership")?;
        }
    }
    let mut update = StoryUpdate {
        articles: summaries.len(),
        ..StoryUpdate::default()
    };
    for (k, story) in clustered.iter().enumerate() {
        let sources = serde_json::to_string(&story.sources).unwrap_or_else(|_| "[]".into());
        let top = serde_json::to_string(&story.top_features).unwrap_or_else(|_| "[]".into());
        let n = members[k].len() as i64;
        let story_id = match assigned.get(&k) {
            Some(&id) => {
                tx.prepare_cached(
                    "UPDATE stories SET title = ?2, first_published = ?3, last_published = ?4,
                     articles = ?5, sources = ?6, top_features = ?7,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                     WHERE story_id = ?1",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        id,
                        story.title,
                        story.first_published,
                        story.last_published,
                        n,
                        sources,
                        top
                    ])
                })
                .ctx("updating a story")?;
                id
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO stories (title, first_published, last_published, articles,
                                          sources, top_features, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        story.title,
                        story.first_published,
                        story.last_published,
                        n,
                        sources,
                        top
                    ])
                })
                .ctx("inserting a story")?;
                tx.last_insert_rowid()
            }
        };
        let mut ins = tx
            .prepare_cached(
                "INSERT INTO story_articles (article_id, story_id, position, join_score, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .ctx("writing story membership")?;
        for (pos, id) in members[k].iter().enumerate() {
            let join = pos
                .checked_sub(1)
                .and_then(|i| story.join_scores.get(i))
                .copied();
            let summary = summaries
                .get(id)
                .map(|s| serde_json::to_string(s).unwrap_or_default())
                .unwrap_or_default();
            ins.execute(params![id, story_id, pos as i64, join, summary])
                .ctx("writing story membership")?;
        }
        update.stories += 1;
        if n >= 2 {
            update.multi += 1;
        }
    }
    Ok(update)
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::{Document, Sentence, Span, TextZone};

    /// A document with one body sentence per paragraph and a publication date (our own
    /// text; no analyzer here, so no entities: words carry the similarity).
    fn doc(id: &str, published: &str, text: &str) -> Document {
        let mut d = Document::from_normalized(id, text.to_string());
        d.content_hash = format!("hash-{id}");
        d.published = Some(published.to_string());
        let mut start = 0;
        for part in text.split("\n\n") {
            d.sentences.push(Sentence {
                span: Span::new(start, start + part.len()),
                text: part.to_string(),
                zone: TextZone::Body,
                paragraph: 0,
                token_start: 0,
                token_end: 0,
            });
            start += part.len() + 2;
        }
        d
    }

    const FERRY_A: &str = "The harbor council of Port Vell approved the ferry contract after a long vote.\n\nCouncil members said the ferry contract adds night crossings to Lorvik harbor.";
    const FERRY_B: &str = "Port Vell harbor council backs ferry contract with night crossings.\n\nThe vote on the ferry contract for Lorvik harbor ended a long dispute in the council.";
    const FLOOD: &str = "Flood waters closed the mountain railway near Tessin for three days.\n\nEngineers inspected bridges along the railway after the flood receded.";

    #[test]
    fn accounts_are_found_by_id_document_id_and_story() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store
            .put_document(&doc("a", "2031-03-04", FERRY_A), "v1")
            .unwrap();
        store
            .put_document(&doc("b", "2031-03-05", FERRY_B), "v1")
            .unwrap();
        let f = store
            .put_document(&doc("f", "2031-03-04", FLOOD), "v1")
            .unwrap();
        let keys = [a.article_id.to_string(), "doc:f".to_string()];
        let ids: Vec<String> = store
            .accounts(&keys, None)
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, ["a", "f"]);
        for bad in ["doc:nobody", "99", "a"] {
            let err = store.accounts(&[bad.to_string()], None).unwrap_err();
            assert!(matches!(err, StoreError::NotFound { .. }), "{bad}: {err}");
            assert!(err.to_string().contains(bad), "{err}");
        }
        store.rebuild_stories(&StoryOptions::default()).unwrap();
        let ferry = store.story_of_article(a.article_id).unwrap().unwrap();
        let mut story: Vec<String> = store
            .accounts(&[], Some(ferry))
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
        story.sort();
        assert_eq!(story, ["a", "b"]);
        // A story of one article has nothing to compare with.
        let flood = store.story_of_article(f.article_id).unwrap().unwrap();
        let err = store.accounts(&[], Some(flood)).unwrap_err();
        assert!(err.to_string().contains("only 1 article"), "{err}");
    }

    #[test]
    fn stories_are_built_updated_and_keep_their_ids() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store
            .put_document(&doc("a", "2031-03-04", FERRY_A), "v1")
            .unwrap();
        let f = store
            .put_document(&doc("f", "2031-03-04", FLOOD), "v1")
            .unwrap();
        let options = StoryOptions::default();
        let built = store.rebuild_stories(&options).unwrap();
        assert_eq!(built.articles, 2);
        assert_eq!(store.story_count(1).unwrap(), 2);
        assert_eq!(store.story_count(2).unwrap(), 0);
        let ferry_story = store.story_of_article(a.article_id).unwrap().unwrap();
        let flood_story = store.story_of_article(f.article_id).unwrap().unwrap();
        assert_ne!(ferry_story, flood_story);

        // A second account of the ferry vote joins the ferry story, whose id is kept.
        let b = store
            .put_document(&doc("b", "2031-03-05", FERRY_B), "v1")
            .unwrap();
        let up = store.update_stories(&[b.article_id], &options).unwrap();
        assert!(up.articles >= 2, "{up:?}");
        assert_eq!(
            store.story_of_article(b.article_id).unwrap(),
            Some(ferry_story)
        );
        assert_eq!(
            store.story_of_article(f.article_id).unwrap(),
            Some(flood_story)
        );
        let rec = store.story(ferry_story).unwrap().unwrap();
        let ids: Vec<i64> = rec.members.iter().map(|m| m.article_id).collect();
        assert_eq!(ids, vec![a.article_id, b.article_id]);
        assert_eq!(rec.story.articles, 2);
        assert!(rec.members[0].join_score.is_none());
        assert!(rec.members[1].join_score.unwrap() > 0.0);
        let listed = store.stories(2, 10, 0).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].story_id, ferry_story);
        assert_eq!(store.stories(1, 10, 1).unwrap().len(), 1, "offset pages");

        // A full rebuild gives the same grouping and keeps the ids.
        store.rebuild_stories(&options).unwrap();
        assert_eq!(
            store.story_of_article(b.article_id).unwrap(),
            Some(ferry_story)
        );
        assert_eq!(store.story_count(1).unwrap(), 2);
        assert!(store.story(999).unwrap().is_none());
    }
}
