//! `readout events --story ID` (one row per real-world event, with its reports) and
//! `readout export --per-event` (one row per real-world event of every story).

use anyhow::{bail, Result};
use readout_store::views;
use readout_store::{EventFilter, Store, StoryEvent};

use crate::store_cmds::{emit, found, print, QueryFormat};
use crate::Outcome;

/// `readout events --story ID`: the story's events grouped, `limit`/`offset` counted in
/// events; the table has a row per report ([`views::story_events_table`]).
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
        let columns = views::story_event_columns();
        return emit(format, &columns, &events, views::story_event_row);
    }
    let rows = views::story_events_table(&events, filter.offset);
    print(&views::text_table(&views::STORY_EVENT_TABLE_HEADER, &rows))?;
    Ok(found(events.len()))
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
