//! A story's events as real-world events: the events of its articles (one per report)
//! grouped by [`readout_compare::event_groups`], each with every report as provenance
//! (article, document, byte span, sentence). Used by `readout events --story`, the story
//! endpoints and page, and `readout export --per-event`.
//!
//! Parties are compared across articles by their global entity ids first (the store merged
//! them), then by code and name. Undated reports join events only inside their story.

use readout_compare::event_groups::{self, EventReport, GroupedEvent, ReportRef, SideSource};
use rusqlite::params;
use serde::Serialize;

use crate::error::Context;
use crate::tables::{self, Cell, ColumnType, TableSpec};
use crate::{EventFilter, Result, Store, StoredEvent};

/// One real-world event of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryEvent {
    /// The story.
    pub story_id: i64,
    /// Representative fields, chosen by majority of the reports.
    #[serde(flatten)]
    pub event: GroupedEvent,
    /// Global entity id of each representative actor, when resolved.
    pub actor_ids: Vec<Option<i64>>,
    /// Global entity id of each representative recipient, when resolved.
    pub recipient_ids: Vec<Option<i64>>,
    /// Every report, by document then position.
    pub reports: Vec<StoryEventReport>,
}

/// One report of a story event: a stored event of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryEventReport {
    /// The stored event (`readout events --per-report` lists it).
    pub event_id: i64,
    /// The reporting article's store id.
    pub article_id: i64,
    /// Its publication date.
    pub published: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// Document, span, sentence, trigger and what this report says.
    #[serde(flatten)]
    pub report: ReportRef,
}

/// Group stored events of one story into real-world events.
pub fn group_stored(story_id: i64, events: &[StoredEvent]) -> Vec<StoryEvent> {
    let global = |ids: &[Option<i64>]| ids.iter().map(|i| i.map(|i| format!("g{i}"))).collect();
    let reports: Vec<EventReport> = events
        .iter()
        .map(|e| EventReport {
            story: Some(story_id),
            actor_keys: global(&e.actor_ids),
            recipient_keys: global(&e.recipient_ids),
            ..EventReport::new(e.doc_id.clone(), e.event.clone())
        })
        .collect();
    event_groups::group(&reports)
        .into_iter()
        .map(|g| {
            let ids = |from: Option<SideSource>| {
                from.map_or_else(Vec::new, |s| {
                    let e = &events[s.report];
                    if s.recipients {
                        e.recipient_ids.clone()
                    } else {
                        e.actor_ids.clone()
                    }
                })
            };
            StoryEvent {
                story_id,
                actor_ids: ids(g.event.actors_from),
                recipient_ids: ids(g.event.recipients_from),
                reports: g
                    .reports
                    .into_iter()
                    .map(|r| {
                        let e = &events[r.index];
                        StoryEventReport {
                            event_id: e.event_id,
                            article_id: e.article_id,
                            published: e.published.clone(),
                            url: e.url.clone(),
                            report: r,
                        }
                    })
                    .collect(),
                event: g.event,
            }
        })
        .collect()
}

impl Store {
    /// The real-world events of a story: its articles' events that pass `filter` (its
    /// `story`, `limit` and `offset` are ignored: every matching report is grouped), grouped.
    /// An unknown story has no events.
    pub fn story_events(&self, story_id: i64, filter: &EventFilter) -> Result<Vec<StoryEvent>> {
        let reports = self.events(&EventFilter {
            story: Some(story_id),
            limit: usize::MAX,
            offset: 0,
            ..filter.clone()
        })?;
        Ok(group_stored(story_id, &reports))
    }

    /// Call `f` with each story's events (stories by id), one story at a time.
    pub fn each_story_events<E: From<crate::StoreError>>(
        &self,
        mut f: impl FnMut(Vec<StoryEvent>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let ids: Vec<i64> = self
            .conn
            .prepare_cached("SELECT story_id FROM stories ORDER BY story_id")
            .and_then(|mut s| {
                s.query_map(params![], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()
            })
            .ctx("listing stories")?;
        for id in ids {
            f(self.story_events(id, &EventFilter::default())?)?;
        }
        Ok(())
    }
}

use ColumnType::{Bool, Int, Text};

/// Story events, one row per real-world event (`readout export --per-event`).
pub const STORY_EVENTS: TableSpec = TableSpec {
    name: "story_events",
    columns: &[
        ("story_id", Int),
        ("date", Text),
        ("date_assumed", Bool),
        ("code", Text),
        ("label", Text),
        ("plover", Text),
        ("actors", Text),
        ("actor_ids", Text),
        ("recipients", Text),
        ("recipient_ids", Text),
        ("negated", Bool),
        ("hypothetical", Bool),
        ("disputed", Bool),
        ("differences", Text),
        ("reports", Int),
        ("articles", Int),
        ("event_ids", Text),
        ("article_ids", Text),
        ("spans", Text),
        ("text", Text),
    ],
};

/// The row of [`STORY_EVENTS`] for a story event. `spans` lists each report as
/// `ARTICLE:START-END`; `text` is the first report's sentence.
pub fn story_event_cells(e: &StoryEvent) -> Vec<Cell> {
    let v = &e.event;
    let join = |items: Vec<String>| Cell::Text(items.join(";"));
    let count = |n: usize| Cell::Int(i64::try_from(n).unwrap_or(i64::MAX));
    // Articles, not document ids: document ids need not be unique in the store.
    let articles = dedup(e.reports.iter().map(|r| r.article_id.to_string()));
    vec![
        Cell::Int(e.story_id),
        v.date.clone().map_or(Cell::Null, Cell::Text),
        Cell::Bool(v.date_assumed),
        Cell::Text(v.code.clone()),
        Cell::Text(v.label.clone()),
        tables::plover_cell(v.plover.as_ref()),
        Cell::Text(tables::parties(&v.actors)),
        Cell::Text(tables::id_list(&e.actor_ids)),
        Cell::Text(tables::parties(&v.recipients)),
        Cell::Text(tables::id_list(&e.recipient_ids)),
        Cell::Bool(v.negated),
        Cell::Bool(v.hypothetical),
        Cell::Bool(v.disputed),
        join(v.differences.clone()),
        count(e.reports.len()),
        count(articles.len()),
        join(e.reports.iter().map(|r| r.event_id.to_string()).collect()),
        join(articles),
        join(
            e.reports
                .iter()
                .map(|r| {
                    let s = r.report.span;
                    format!("{}:{}-{}", r.article_id, s.start, s.end)
                })
                .collect(),
        ),
        e.reports
            .first()
            .map_or(Cell::Null, |r| Cell::Text(r.report.text.clone())),
    ]
}

/// Values in first-seen order, each once.
fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}
