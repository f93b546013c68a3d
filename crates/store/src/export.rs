//! The streamed text exports of `readout export`: the stored records as JSON lines, the
//! events as CSV or as GDELT event-table rows. Each writes as it reads, so an export of a
//! large database holds one row in memory at a time.

use std::io::Write;

use crate::views::{self, csv_line};
use crate::{EntityRecord, EventFilter, Store, StoreError};

impl Store {
    /// Every stored analyze record, one JSON line each, in article order.
    pub fn write_jsonl<E>(&self, out: &mut impl Write) -> Result<(), E>
    where
        E: From<StoreError> + From<std::io::Error>,
    {
        self.each_article(|a| -> Result<(), E> {
            serde_json::to_writer(&mut *out, &a.document).map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
            Ok(())
        })
    }

    /// Every stored event as CSV (one row per report), with a header row.
    pub fn write_events_csv<E>(&self, out: &mut impl Write) -> Result<(), E>
    where
        E: From<StoreError> + From<std::io::Error>,
    {
        out.write_all(csv_line(&views::event_columns()).as_bytes())?;
        let all = EventFilter {
            limit: usize::MAX,
            ..EventFilter::default()
        };
        self.each_event(&all, |e| -> Result<(), E> {
            Ok(out.write_all(csv_line(&views::event_row(&e)).as_bytes())?)
        })
    }

    /// One CSV row per real-world event of every story, with a header row (the caller checks
    /// that every article is in a story: the events of the others would be missing).
    pub fn write_story_events_csv<E>(&self, out: &mut impl Write) -> Result<(), E>
    where
        E: From<StoreError> + From<std::io::Error>,
    {
        out.write_all(csv_line(&views::story_event_columns()).as_bytes())?;
        self.each_story_events(|events| -> Result<(), E> {
            for e in &events {
                out.write_all(csv_line(&views::story_event_row(e)).as_bytes())?;
            }
            Ok(())
        })
    }

    /// Every stored event as a GDELT 2.1 event-table row: tab-separated, no header.
    pub fn write_gdelt<E>(&self, out: &mut impl Write) -> Result<(), E>
    where
        E: From<StoreError> + From<std::io::Error>,
    {
        self.each_gdelt_row(|row| -> Result<(), E> {
            writeln!(out, "{}", row.join("\t"))?;
            Ok(())
        })
    }

    /// The entity with `id`, or else those whose name or alias matches `name` (at most
    /// `limit`); ids that no longer resolve are left out.
    pub fn entity_records(
        &self,
        id: Option<i64>,
        name: Option<&str>,
        limit: usize,
    ) -> crate::Result<Vec<EntityRecord>> {
        let ids: Vec<i64> = match (id, name) {
            (Some(id), _) => vec![id],
            (None, Some(name)) => self
                .find_entities(name, limit)?
                .iter()
                .map(|e| e.entity_id)
                .collect(),
            (None, None) => Vec::new(),
        };
        let found: Vec<Option<EntityRecord>> = ids
            .into_iter()
            .map(|id| self.entity(id))
            .collect::<crate::Result<_>>()?;
        Ok(found.into_iter().flatten().collect())
    }
}
