//! `readout events --story ID` (one row per real-world event, with its reports) and
//! `readout export --per-event` (one row per real-world event of every story).

use std::io::Write;

use anyhow::{bail, Context, Result};
use readout_store::story_events::{story_event_cells, STORY_EVENTS};
use readout_store::{tables, EventFilter, Store, StoryEvent};

use crate::store_cmds::{emit, found, write_csv_row, write_table, QueryFormat};
use crate::Outcome;

/// The CSV columns of a story event (the export table's).
fn columns() -> Vec<&'static str> {
    STORY_EVENTS.columns.iter().map(|(name, _)| *name).collect()
}

fn cells(e: &StoryEvent) -> Vec<String> {
    story_event_cells(e)
        .iter()
        .map(tables::Cell::to_text)
        .collect()
}

/// What the table shows of an event beyond its code: the disagreement between its reports.
fn flags(e: &StoryEvent) -> String {
    let v = &e.event;
    let mut out = Vec::new();
    if v.negated {
        out.push("negated".to_string());
    }
    if v.hypothetical {
        out.push("hypothetical".to_string());
    }
    if v.disputed {
        out.push("disputed".to_string());
    }
    if !v.differences.is_empty() {
        out.push(format!("differ: {}", v.differences.join(",")));
    }
    out.join(" ")
}

/// `readout events --story ID`: the story's events grouped, `limit`/`offset` counted in
/// events. The table has one row per event (its first report) and one more row per further
/// report, with the event columns left blank.
pub fn run_story_events(
    store: &Store,
    story: i64,
    filter: &EventFilter,
    format: QueryFormat,
) -> Result<Outcome> {
    if store.story(story)?.is_none() {
        bail!("no story {story} in this database; list them with `readout stories --db FILE`");
    }
    let events: Vec<StoryEvent> = store
        .story_events(story, filter)?
        .into_iter()
        .skip(filter.offset)
        .take(filter.limit)
        .collect();
    if format != QueryFormat::Table {
        return emit(format, &columns(), &events, cells);
    }
    let header = [
        "event",
        "date",
        "code",
        "label",
        "actors",
        "recipients",
        "reports",
        "flags",
        "doc_id",
        "span",
        "text",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (k, e) in events.iter().enumerate() {
        let v = &e.event;
        for (i, r) in e.reports.iter().enumerate() {
            let mut row = if i == 0 {
                vec![
                    (filter.offset + k + 1).to_string(),
                    v.date.clone().unwrap_or_else(|| "undated".into()),
                    v.code.clone(),
                    v.label.clone(),
                    tables::parties(&v.actors),
                    tables::parties(&v.recipients),
                    format!("{} in {} articles", e.reports.len(), articles(e)),
                    flags(e),
                ]
            } else {
                vec![String::new(); 8]
            };
            let s = r.report.span;
            row.extend([
                r.report.doc_id.clone(),
                format!("{}..{}", s.start, s.end),
                r.report.text.clone(),
            ]);
            rows.push(row);
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_table(&mut out, &header, &rows)?;
    out.flush()?;
    Ok(found(events.len()))
}

fn articles(e: &StoryEvent) -> usize {
    let mut ids: Vec<i64> = e.reports.iter().map(|r| r.article_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// Refuse a per-event export of a store whose articles are not all placed in stories:
/// their events would be missing from it.
pub fn check_stories_built(store: &Store) -> Result<()> {
    let missing = store.articles_without_story()?.len();
    if missing > 0 {
        bail!(
            "{missing} stored articles are in no story, so their events cannot be grouped: run \
             `readout stories --db FILE` first, then export again"
        );
    }
    Ok(())
}

/// `readout export csv --per-event`: one CSV row per real-world event of every story.
pub fn export_csv(store: &Store, out: &mut impl Write) -> Result<()> {
    check_stories_built(store)?;
    let header: Vec<String> = columns().into_iter().map(String::from).collect();
    write_csv_row(out, &header)?;
    store.each_story_events(|events| -> Result<()> {
        for e in &events {
            write_csv_row(out, &cells(e)).context("writing a story event")?;
        }
        Ok(())
    })
}
