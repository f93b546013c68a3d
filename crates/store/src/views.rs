//! Query results as text: the header and cells of each query's rows (search hits, quotes,
//! events, story events, entities), CSV fields (RFC 4180) and aligned plain-text tables, and
//! the readable views of an entity and of the store's statistics. `readout search`,
//! `entity`, `events`, `quotes`, `stats` and `export csv` print them; any other front end
//! (the Python package, a script over the API) gets the same rows.

use std::fmt::Write;

use crate::story_events::{story_event_cells, StoryEvent, STORY_EVENTS};
use crate::tables::{self, Cell};
use crate::{EntityRecord, QuoteHit, SearchHit, Stats, StoredEvent, StoredQuote};

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Quote a CSV field when needed (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One CSV line (with its newline) of `fields`, quoted where needed.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let line: Vec<String> = fields.iter().map(|f| csv_field(f.as_ref())).collect();
    format!("{}\n", line.join(","))
}

/// `rows` as aligned columns under `header`, one line each; control characters become
/// spaces and cells longer than 70 characters are cut (the last column is not padded).
pub fn text_table<S: AsRef<str>>(header: &[S], rows: &[Vec<String>]) -> String {
    const MAX: usize = 70;
    let clean = |s: &str| -> String {
        let one_line: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if one_line.chars().count() > MAX {
            let cut: String = one_line.chars().take(MAX - 1).collect();
            format!("{cut}…")
        } else {
            one_line
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.as_ref().chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let last = cells.len().saturating_sub(1);
        let cells: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| match i == last {
                true => c.to_string(),
                false => format!("{c:<width$}", width = widths[i]),
            })
            .collect();
        format!("{}\n", cells.join("  "))
    };
    let mut out = line(header.iter().map(AsRef::as_ref).collect());
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

fn texts(cells: Vec<Cell>) -> Vec<String> {
    cells.iter().map(Cell::to_text).collect()
}

/// Columns of an article search hit.
pub const SEARCH_HEADER: [&str; 6] = [
    "score",
    "article_id",
    "doc_id",
    "published",
    "title",
    "snippet",
];

/// The cells of an article search hit.
pub fn search_row(h: &SearchHit) -> Vec<String> {
    vec![
        format!("{:.2}", h.score),
        h.article_id.to_string(),
        h.doc_id.clone(),
        opt(&h.published),
        opt(&h.title),
        h.snippet.clone(),
    ]
}

/// Columns of a quote search hit.
pub const QUOTE_HIT_HEADER: [&str; 8] = [
    "score",
    "quote_id",
    "article_id",
    "doc_id",
    "start",
    "end",
    "speaker",
    "snippet",
];

/// The cells of a quote search hit.
pub fn quote_hit_row(h: &QuoteHit) -> Vec<String> {
    vec![
        format!("{:.2}", h.score),
        h.quote_id.to_string(),
        h.article_id.to_string(),
        h.doc_id.clone(),
        h.start.to_string(),
        h.end.to_string(),
        opt(&h.speaker_text),
        h.snippet.clone(),
    ]
}

/// Columns of a stored quote.
pub const QUOTE_HEADER: [&str; 10] = [
    "quote_id",
    "article_id",
    "doc_id",
    "published",
    "speaker_id",
    "speaker",
    "kind",
    "start",
    "end",
    "text",
];

/// The cells of a stored quote; the speaker is the resolved entity's name, else as written.
pub fn quote_row(q: &StoredQuote) -> Vec<String> {
    vec![
        q.quote_id.to_string(),
        q.article_id.to_string(),
        q.doc_id.clone(),
        opt(&q.published),
        q.speaker_id.map(|i| i.to_string()).unwrap_or_default(),
        q.speaker_name
            .clone()
            .or_else(|| q.quote.speaker_text.as_ref().map(|s| s.text.clone()))
            .unwrap_or_default(),
        format!("{:?}", q.quote.kind).to_lowercase(),
        q.quote.span.start.to_string(),
        q.quote.span.end.to_string(),
        q.quote.text.clone(),
    ]
}

/// Columns of the events table for reading ([`event_table_row`]); CSV and JSON carry the
/// export table's ([`event_columns`]).
pub const EVENT_TABLE_HEADER: [&str; 8] = [
    "date",
    "code",
    "label",
    "actors",
    "recipients",
    "doc_id",
    "span",
    "text",
];

/// The cells of a stored event for reading.
pub fn event_table_row(e: &StoredEvent) -> Vec<String> {
    let v = &e.event;
    vec![
        v.date.clone().unwrap_or_else(|| "undated".into()),
        v.code.clone(),
        v.label.clone(),
        tables::parties(&v.actors),
        tables::parties(&v.recipients),
        e.doc_id.clone(),
        format!("{}..{}", v.span.start, v.span.end),
        v.text.clone(),
    ]
}

/// The columns of the events CSV (the export table's).
pub fn event_columns() -> Vec<&'static str> {
    tables::EVENTS
        .columns
        .iter()
        .map(|(name, _)| *name)
        .collect()
}

/// The cells of a stored event in the events CSV.
pub fn event_row(e: &StoredEvent) -> Vec<String> {
    texts(tables::event_cells(e))
}

/// The columns of the story events CSV (the export table's).
pub fn story_event_columns() -> Vec<&'static str> {
    STORY_EVENTS.columns.iter().map(|(name, _)| *name).collect()
}

/// The cells of a story event in the story events CSV.
pub fn story_event_row(e: &StoryEvent) -> Vec<String> {
    texts(story_event_cells(e))
}

/// What the table shows of a story event beyond its code: the disagreement between its
/// reports.
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

fn articles(e: &StoryEvent) -> usize {
    let mut ids: Vec<i64> = e.reports.iter().map(|r| r.article_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// Columns of [`story_events_table`].
pub const STORY_EVENT_TABLE_HEADER: [&str; 11] = [
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

/// A story's events for reading: one row per event (its first report, numbered from
/// `first + 1`) and one more row per further report, with the event columns left blank.
pub fn story_events_table(events: &[StoryEvent], first: usize) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (k, e) in events.iter().enumerate() {
        let v = &e.event;
        for (i, r) in e.reports.iter().enumerate() {
            let mut row = if i == 0 {
                vec![
                    (first + k + 1).to_string(),
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
    rows
}

/// Columns of [`entity_csv_rows`].
pub const ENTITY_CSV_HEADER: [&str; 12] = [
    "entity_id",
    "name",
    "type",
    "kind",
    "role",
    "article_id",
    "doc_id",
    "date",
    "start",
    "end",
    "code",
    "text",
];

/// An entity as CSV rows: one per mention, then one per timeline entry.
pub fn entity_csv_rows(r: &EntityRecord) -> Vec<Vec<String>> {
    let head = [
        r.entity_id.to_string(),
        r.name.clone(),
        r.kind.label().to_string(),
    ];
    let mut rows = Vec::new();
    for a in &r.mentions {
        for s in &a.spans {
            let mut row = head.to_vec();
            row.extend([
                "mention".into(),
                a.local_id.clone(),
                a.article_id.to_string(),
                a.doc_id.clone(),
                opt(&a.published),
                s.start.to_string(),
                s.end.to_string(),
                String::new(),
                s.text.clone(),
            ]);
            rows.push(row);
        }
    }
    for t in &r.timeline {
        let mut row = head.to_vec();
        row.extend([
            format!("{:?}", t.kind).to_lowercase(),
            t.role.clone(),
            t.article_id.to_string(),
            t.doc_id.clone(),
            opt(&t.date),
            t.start.to_string(),
            t.end.to_string(),
            opt(&t.code),
            t.text.clone(),
        ]);
        rows.push(row);
    }
    rows
}

/// An entity for reading: name, code, role, aliases, mentions by article, timeline.
pub fn entity_text(r: &EntityRecord) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_entity_text(&mut out, r);
    out
}

fn write_entity_text(out: &mut String, r: &EntityRecord) -> std::fmt::Result {
    writeln!(
        out,
        "entity {}: {} ({})",
        r.entity_id,
        r.name,
        r.kind.label()
    )?;
    for (label, value) in [
        ("code:       ", &r.kb),
        ("role:       ", &r.role),
        ("affiliation:", &r.affiliation),
    ] {
        if let Some(v) = value {
            writeln!(out, "  {label} {v}")?;
        }
    }
    writeln!(out, "  aliases:     {}", r.aliases.join("; "))?;
    let n_mentions: usize = r.mentions.iter().map(|a| a.spans.len()).sum();
    writeln!(
        out,
        "  mentions:    {n_mentions} in {} article(s)",
        r.mentions.len()
    )?;
    for a in &r.mentions {
        let spans: Vec<String> = a
            .spans
            .iter()
            .map(|s| format!("{}..{} {:?}", s.start, s.end, s.text))
            .collect();
        writeln!(
            out,
            "    article {} {} {} ({}): {}",
            a.article_id,
            a.doc_id,
            a.published.as_deref().unwrap_or("undated"),
            a.local_id,
            spans.join(", ")
        )?;
    }
    writeln!(out, "  timeline:    {} item(s)", r.timeline.len())?;
    for t in &r.timeline {
        let what = match (&t.code, &t.label) {
            (Some(c), Some(l)) => format!("{c} {l}"),
            _ => "quote".to_string(),
        };
        writeln!(
            out,
            "    {} {:<9} {what} — article {} {} {}..{}: {}",
            t.date.as_deref().unwrap_or("undated"),
            t.role,
            t.article_id,
            t.doc_id,
            t.start,
            t.end,
            t.text.replace('\n', " ")
        )?;
    }
    Ok(())
}

/// The store's statistics for reading: one `name  value` line each, then the articles per
/// model version.
pub fn stats_text(stats: &Stats) -> String {
    let mut out = String::new();
    for (name, n) in [
        ("articles", stats.articles),
        ("entities", stats.entities),
        ("mentions", stats.mentions),
        ("quotes", stats.quotes),
        ("events", stats.events),
        ("counts", stats.counts),
        ("times", stats.times),
        ("schema", stats.schema_version),
    ] {
        out.push_str(&format!("{name:<10} {n}\n"));
    }
    for (v, n) in &stats.model_versions {
        out.push_str(&format!("model      {v}: {n} article(s)\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_line(&["a", "b,c"]), "a,\"b,c\"\n");
    }

    #[test]
    fn tables_align_columns_and_cut_long_cells() {
        let rows = vec![
            vec!["1".to_string(), "short".to_string()],
            vec!["22".to_string(), "x".repeat(80)],
        ];
        let table = text_table(&["id", "text"], &rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "id  text");
        assert_eq!(lines[1], "1   short");
        assert!(lines[2].starts_with("22  xxx"));
        assert_eq!(lines[2].chars().count(), 4 + 70);
        assert!(lines[2].ends_with('…'));
        assert_eq!(
            text_table(&["a"], &[vec!["tab\there".into()]]),
            "a\ntab here\n"
        );
    }
}
