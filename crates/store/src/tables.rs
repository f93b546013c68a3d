//! Flat tables of the store for export: one row per article, entity, event, quote and count,
//! as typed cells. The CSV export (`readout export --format csv`, `readout events --format
//! csv`) prints the event table's cells as text; the Parquet export
//! ([`crate::parquet`], feature `parquet`) writes every table with these columns and types.

use readout_core::{Document, EventActor, PloverCode};

use crate::{StoredArticle, StoredEvent};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// 64-bit integer.
    Int,
    /// 64-bit float.
    Float,
    /// true/false.
    Bool,
    /// UTF-8 text.
    Text,
}

/// One value of a row. `Null` is an empty CSV field.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// Text.
    Text(String),
    /// No value.
    Null,
}

impl Cell {
    /// The cell as a CSV field (before quoting): empty for `Null`.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Text(s) => s.clone(),
            Cell::Null => String::new(),
        }
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Null, text)
}

/// A unit enum's name as the record writes it (`direct`, `killed`…).
fn serde_name<T: serde::Serialize>(value: &T) -> Cell {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Cell::Text(s),
        _ => Cell::Null,
    }
}

fn int(i: usize) -> Cell {
    Cell::Int(i64::try_from(i).unwrap_or(i64::MAX))
}

/// A table: its name (the Parquet file is `NAME.parquet`) and its columns.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    /// Table name.
    pub name: &'static str,
    /// Column names and types, in order.
    pub columns: &'static [(&'static str, ColumnType)],
}

use ColumnType::{Bool, Float, Int, Text};

/// Events, one row each: the columns of the CSV export.
pub const EVENTS: TableSpec = TableSpec {
    name: "events",
    columns: &[
        ("event_id", Int),
        ("article_id", Int),
        ("doc_id", Text),
        ("published", Text),
        ("date", Text),
        ("code", Text),
        ("label", Text),
        ("plover", Text),
        ("actors", Text),
        ("actor_ids", Text),
        ("recipients", Text),
        ("recipient_ids", Text),
        ("negated", Bool),
        ("hypothetical", Bool),
        ("start", Int),
        ("end", Int),
        ("text", Text),
    ],
};

/// Articles, one row each.
pub const ARTICLES: TableSpec = TableSpec {
    name: "articles",
    columns: &[
        ("article_id", Int),
        ("doc_id", Text),
        ("title", Text),
        ("published", Text),
        ("url", Text),
        ("source", Text),
        ("authors", Text),
        ("model_version", Text),
        ("ingested_at", Text),
        ("content_hash", Text),
        ("text", Text),
    ],
};

/// Entities of each article (`e1`, `e2`… within it).
pub const ENTITIES: TableSpec = TableSpec {
    name: "entities",
    columns: &[
        ("article_id", Int),
        ("doc_id", Text),
        ("entity", Text),
        ("name", Text),
        ("type", Text),
        ("aliases", Text),
        ("mentions", Int),
        ("role", Text),
        ("affiliation", Text),
        ("kb", Text),
    ],
};

/// Quotes of each article.
pub const QUOTES: TableSpec = TableSpec {
    name: "quotes",
    columns: &[
        ("article_id", Int),
        ("doc_id", Text),
        ("kind", Text),
        ("speaker", Text),
        ("speaker_entity", Text),
        ("cue", Text),
        ("start", Int),
        ("end", Int),
        ("text", Text),
    ],
};

/// Counts of each article.
pub const COUNTS: TableSpec = TableSpec {
    name: "counts",
    columns: &[
        ("article_id", Int),
        ("doc_id", Text),
        ("category", Text),
        ("value", Float),
        ("value_max", Float),
        ("qualifier", Text),
        ("object", Text),
        ("start", Int),
        ("end", Int),
        ("text", Text),
    ],
};

/// Actors or recipients as the CSV writes them: `text [CODE]`, `; `-separated.
pub fn parties(list: &[EventActor]) -> String {
    list.iter()
        .map(|a| match &a.code {
            Some(c) => format!("{} [{c}]", a.text),
            None => a.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Global entity ids joined by `;` (an unresolved party is an empty field).
pub fn id_list(ids: &[Option<i64>]) -> String {
    ids.iter()
        .map(|i| i.map(|i| i.to_string()).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(";")
}

/// A PLOVER code as one cell: `CATEGORY` or `CATEGORY mode`.
pub fn plover_cell(plover: Option<&PloverCode>) -> Cell {
    plover.map_or(Cell::Null, |p| match &p.mode {
        Some(m) => Cell::Text(format!("{} {m}", p.category)),
        None => text(p.category.as_str()),
    })
}

/// The row of [`EVENTS`] for an event.
pub fn event_cells(e: &StoredEvent) -> Vec<Cell> {
    let v = &e.event;
    vec![
        Cell::Int(e.event_id),
        Cell::Int(e.article_id),
        text(&e.doc_id),
        opt_text(e.published.as_deref()),
        opt_text(v.date.as_deref()),
        text(&v.code),
        text(&v.label),
        plover_cell(v.plover.as_ref()),
        Cell::Text(parties(&v.actors)),
        Cell::Text(id_list(&e.actor_ids)),
        Cell::Text(parties(&v.recipients)),
        Cell::Text(id_list(&e.recipient_ids)),
        Cell::Bool(v.negated),
        Cell::Bool(v.hypothetical),
        int(v.span.start),
        int(v.span.end),
        text(&v.text),
    ]
}

/// The row of [`ARTICLES`] for a stored article.
pub fn article_cells(a: &StoredArticle) -> Vec<Cell> {
    let d = &a.document;
    vec![
        Cell::Int(a.article_id),
        text(&d.id),
        opt_text(d.title.as_deref()),
        opt_text(d.published.as_deref()),
        opt_text(d.url.as_deref()),
        opt_text(d.source.as_deref()),
        d.byline
            .as_ref()
            .map_or(Cell::Null, |b| Cell::Text(b.authors.join("; "))),
        text(&a.model_version),
        text(&a.ingested_at),
        text(&d.content_hash),
        text(&d.text),
    ]
}

/// The rows of [`ENTITIES`], [`QUOTES`] and [`COUNTS`] for a stored article's document.
pub fn document_rows(article_id: i64, d: &Document) -> [Vec<Vec<Cell>>; 3] {
    let head = || vec![Cell::Int(article_id), text(&d.id)];
    let name_of = |id: &str| d.entities.iter().find(|e| e.id == id).map(|e| &e.name);
    let entities = d
        .entities
        .iter()
        .map(|e| {
            let mut row = head();
            row.extend([
                text(&e.id),
                text(&e.name),
                text(e.kind.label()),
                Cell::Text(e.aliases.join("; ")),
                int(e.mentions.len()),
                opt_text(e.role.as_deref()),
                opt_text(e.affiliation.as_deref()),
                opt_text(e.kb.as_deref()),
            ]);
            row
        })
        .collect();
    let quotes = d
        .quotes
        .iter()
        .map(|q| {
            let speaker = q
                .speaker
                .as_deref()
                .and_then(name_of)
                .map(String::as_str)
                .or(q.speaker_text.as_ref().map(|s| s.text.as_str()));
            let mut row = head();
            row.extend([
                serde_name(&q.kind),
                opt_text(speaker),
                opt_text(q.speaker.as_deref()),
                opt_text(q.cue.as_ref().map(|c| c.text.as_str())),
                int(q.span.start),
                int(q.span.end),
                text(&q.text),
            ]);
            row
        })
        .collect();
    let counts = d
        .counts
        .iter()
        .map(|c| {
            let mut row = head();
            row.extend([
                serde_name(&c.category),
                Cell::Float(c.value),
                c.value_max.map_or(Cell::Null, Cell::Float),
                opt_text(c.qualifier.as_deref()),
                opt_text(c.object.as_deref()),
                int(c.span.start),
                int(c.span.end),
                text(&c.text),
            ]);
            row
        })
        .collect();
    [entities, quotes, counts]
}
