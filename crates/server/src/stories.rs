//! Stories and comparisons: `GET /api/stories`, `/api/stories/{id}`, `/api/compare?a=&b=`
//! and the pages `/stories`, `/stories/{id}`, `/compare?a=&b=`.
//!
//! Stories are read from the store (built by `readout stories --db`, kept up to date by
//! `readout ingest` and `POST /api/articles`); comparisons are computed per request with
//! `readout-compare` (milliseconds, no model). The compare page shows both texts side by side,
//! every compared claim highlighted by its label and linked to its counterpart on the other
//! side (`#a-K` ↔ `#b-K`; a claim only one side has links to its row `#item-K`). Article text
//! is untrusted: every piece goes through [`esc`].

use std::fmt::Write;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::Json;
use readout_compare::{CompareOptions, Comparison, FactItem, Item, Label, PairComparison};
use readout_core::Document;
use readout_store::{EventFilter, Store, StoreError, StoredArticle, StoryEvent, StoryRecord};
use serde_json::{json, Value};

use crate::api::{self, non_empty, page, params, parse_id, Params};
use crate::error::{ApiError, PageError};
use crate::html::{self, esc};
use crate::AppState;

/// Largest `limit` of `/api/stories`.
pub const MAX_STORIES: usize = 100;

/// `min_articles` (default 2: stories reported more than once).
fn min_articles(p: &Params) -> Result<i64, ApiError> {
    match non_empty(&p.min_articles) {
        None => Ok(2),
        Some(s) => s.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
            ApiError::bad_request(format!(
                "min_articles {s:?} is not allowed: give a whole number of 1 or more (1 lists \
                 single-article stories too)"
            ))
        }),
    }
}

/// `GET /api/stories?min_articles=&limit=&offset=`: stories, most articles first.
pub async fn api_stories(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = params(query)?;
    let (limit, offset) = page(&p, 20, MAX_STORIES)?;
    let min = min_articles(&p)?;
    let (total, stories) = state
        .db
        .run(move |s| Ok((s.story_count(min)?, s.stories(min, limit, offset)?)))
        .await?;
    Ok(Json(json!({
        "min_articles": min, "limit": limit, "offset": offset, "total": total,
        "stories": stories
    })))
}

fn story_not_found(n: i64) -> ApiError {
    ApiError::not_found(format!(
        "no story {n}: list stories at /api/stories (built by `readout stories --db FILE` \
         and by `readout ingest`)"
    ))
}

/// `GET /api/stories/{id}`: a story and its articles.
pub async fn api_story(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = api::path_param(id)?;
    let n = parse_id("story", &id)?;
    let (rec, events) = state.db.run(move |s| story_with_events(s, n)).await?;
    let rec = rec.ok_or_else(|| story_not_found(n))?;
    let mut value = json!(rec);
    value["events"] = json!(events);
    Ok(Json(value))
}

/// A story and its real-world events (each with every report), read in one task.
fn story_with_events(
    s: &Store,
    n: i64,
) -> Result<(Option<StoryRecord>, Vec<StoryEvent>), StoreError> {
    let Some(rec) = s.story(n)? else {
        return Ok((None, Vec::new()));
    };
    Ok((Some(rec), s.story_events(n, &EventFilter::default())?))
}

/// An article by store id, or by document id when `key` is not a number.
fn find_article(s: &Store, key: &str) -> Result<Option<StoredArticle>, StoreError> {
    match key.parse::<i64>() {
        Ok(n) => s.article(n),
        Err(_) => s.article_by_doc_id(key),
    }
}

/// The two articles named by `a` and `b`, compared.
async fn load_pair(
    state: &AppState,
    p: &Params,
) -> Result<(StoredArticle, StoredArticle, Comparison), ApiError> {
    let mut keys = Vec::new();
    for (name, v) in [("a", &p.a), ("b", &p.b)] {
        keys.push(non_empty(v).ok_or_else(|| {
            ApiError::bad_request(format!(
                "missing article {name}: give two articles as ?a=ID&b=ID (store ids, or \
                 document ids)"
            ))
        })?);
    }
    let (ka, kb) = (keys[0].clone(), keys[1].clone());
    let (a, b) = state
        .db
        .run(move |s| Ok((find_article(s, &ka)?, find_article(s, &kb)?)))
        .await?;
    let missing = |k: &str| {
        ApiError::not_found(format!(
            "no article {k:?}: give a store id from /api/search or /api/stories/{{id}}, or a \
             document id"
        ))
    };
    let a = a.ok_or_else(|| missing(&keys[0]))?;
    let b = b.ok_or_else(|| missing(&keys[1]))?;
    let comparison = tokio::task::spawn_blocking({
        let (da, db) = (a.document.clone(), b.document.clone());
        move || readout_compare::compare(&[&da, &db], &CompareOptions::default())
    })
    .await
    .map_err(|e| ApiError::internal(format!("the comparison failed ({e}); report it")))?;
    Ok((a, b, comparison))
}

/// `GET /api/compare?a=ID&b=ID`: two stored articles compared claim by claim.
pub async fn api_compare(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = params(query)?;
    let (a, b, comparison) = load_pair(&state, &p).await?;
    Ok(Json(json!({
        "a": a.article_id, "b": b.article_id, "comparison": comparison
    })))
}

type PageResult = Result<Html<String>, PageError>;

/// `GET /stories`: stories of two or more articles (`min_articles`), most articles first.
pub async fn stories_page(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let p = params(query)?;
    let (limit, offset) = page(&p, 50, MAX_STORIES)?;
    let min = min_articles(&p)?;
    let (total, stories) = state
        .db
        .run(move |s| Ok((s.story_count(min)?, s.stories(min, limit, offset)?)))
        .await?;
    let mut body = String::from("<h1>Stories</h1>\n");
    let _ = writeln!(
        body,
        "<p class=\"meta\">{total} stories of {min} or more articles: articles from different \
         sources reporting one event, grouped by time, entities and words.</p>"
    );
    if stories.is_empty() {
        body.push_str(
            "<p>No stories. Build them with <code>readout stories --db FILE</code> \
             (<code>readout ingest</code> keeps them up to date).</p>\n",
        );
    } else {
        body.push_str("<table class=\"stories\"><thead><tr><th>story</th><th>articles</th><th>dates</th><th>sources</th></tr></thead><tbody>\n");
        for s in &stories {
            let _ = writeln!(
                body,
                "<tr><td><a href=\"/stories/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                s.story_id,
                esc(s.title.as_deref().unwrap_or("(untitled)")),
                s.articles,
                esc(&date_range(&s.first_published, &s.last_published)),
                esc(&s.sources.join(", "))
            );
        }
        body.push_str("</tbody></table>\n");
    }
    let base = format!("/stories?min_articles={min}");
    body.push_str(&pager(&base, offset, limit, stories.len()));
    Ok(Html(html::page("Stories", "", &body)))
}

fn date_range(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.clone(),
        _ => "undated".into(),
    }
}

fn pager(base: &str, offset: usize, limit: usize, shown: usize) -> String {
    let mut out = String::from("<p class=\"pager\">");
    if offset > 0 {
        let _ = write!(
            out,
            "<a rel=\"prev\" href=\"{}\">← previous</a>",
            esc(&format!("{base}&offset={}", offset.saturating_sub(limit)))
        );
    }
    if shown == limit {
        let _ = write!(
            out,
            "<a rel=\"next\" href=\"{}\">next →</a>",
            esc(&format!("{base}&offset={}", offset + limit))
        );
    }
    out.push_str("</p>");
    out
}

/// Most pairs linked on a story page.
const MAX_PAIRS: usize = 200;

/// `GET /stories/{id}`: the story's articles and a compare link for each pair.
pub async fn story_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> PageResult {
    let id = api::path_param(id)?;
    let n = parse_id("story", &id)?;
    let (rec, events) = state.db.run(move |s| story_with_events(s, n)).await?;
    let rec = rec.ok_or_else(|| story_not_found(n))?;
    let title = rec
        .story
        .title
        .clone()
        .unwrap_or_else(|| format!("Story {n}"));
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        body,
        "<p class=\"meta\">story {n} · {} articles · {} · <a href=\"/api/stories/{n}\">JSON</a></p>",
        rec.story.articles,
        esc(&date_range(&rec.story.first_published, &rec.story.last_published))
    );
    if !rec.story.top_features.is_empty() {
        let _ = writeln!(
            body,
            "<p class=\"meta\">features: {}</p>",
            esc(&rec.story.top_features.join(", "))
        );
    }
    body.push_str("<h2>Articles</h2>\n<table class=\"members\"><thead><tr><th>article</th><th>source</th><th>published</th><th>document</th><th>joined with</th></tr></thead><tbody>\n");
    for m in &rec.members {
        let _ = writeln!(
            body,
            "<tr><td><a href=\"/articles/{}\">{}</a></td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            m.article_id,
            esc(m.title.as_deref().unwrap_or(&m.doc_id)),
            esc(m.source.as_deref().unwrap_or("")),
            esc(m.published.as_deref().unwrap_or("undated")),
            esc(&m.doc_id),
            m.join_score.map_or("first".to_string(), |s| format!("{s:.3}"))
        );
    }
    body.push_str("</tbody></table>\n");
    body.push_str(&crate::story_events::events_html(&events));
    if rec.members.len() >= 2 {
        body.push_str("<h2>Compare</h2>\n<ul class=\"pairs\">\n");
        let mut shown = 0;
        'pairs: for (i, x) in rec.members.iter().enumerate() {
            for y in &rec.members[i + 1..] {
                if shown == MAX_PAIRS {
                    body.push_str("<li class=\"muted\">… more pairs not listed</li>\n");
                    break 'pairs;
                }
                shown += 1;
                let name = |m: &readout_store::StoryMember| {
                    m.source
                        .clone()
                        .or_else(|| m.title.clone())
                        .unwrap_or_else(|| m.doc_id.clone())
                };
                let _ = writeln!(
                    body,
                    "<li><a class=\"compare-pair\" href=\"/compare?a={}&amp;b={}\">{} ↔ {}</a></li>",
                    x.article_id,
                    y.article_id,
                    esc(&name(x)),
                    esc(&name(y))
                );
            }
        }
        body.push_str("</ul>\n");
    }
    Ok(Html(html::page(&title, "", &body)))
}

/// CSS class and legend name of an item, seen from one side.
fn label_class(label: Label, has_left: bool) -> (&'static str, &'static str) {
    match label {
        Label::Agree => ("claim-agree", "agree"),
        Label::Wording => ("claim-wording", "wording"),
        Label::Conflict => ("claim-conflict", "conflict"),
        Label::OnlyIn if has_left => ("claim-only-a", "only in A"),
        Label::OnlyIn => ("claim-only-b", "only in B"),
    }
}

/// One highlighted span of a compared text: item `k`, with its label's class and name, and
/// whether the other side has a counterpart to link to.
struct Highlight {
    start: usize,
    end: usize,
    k: usize,
    class: &'static str,
    name: &'static str,
    has_other: bool,
}

/// A text with its highlights as links: each to the counterpart on the other side
/// (`#{prefix}{other}-{k}`), else to the item's row (`#{row}-{k}`). Spans that are not on
/// character boundaries, or overlap the one before, are left to the table.
fn marked_text(
    text: &str,
    mut marks: Vec<Highlight>,
    side: char,
    prefix: &str,
    row: &str,
) -> String {
    marks.retain(|m| {
        m.start < m.end
            && m.end <= text.len()
            && text.is_char_boundary(m.start)
            && text.is_char_boundary(m.end)
    });
    marks.sort_by_key(|m| (m.start, m.end, m.k));
    let other = if side == 'a' { 'b' } else { 'a' };
    let mut out = String::with_capacity(text.len() * 2);
    let mut pos = 0;
    for m in marks {
        if m.start < pos {
            continue;
        }
        let _ = write!(out, "{}", esc(&text[pos..m.start]));
        let target = if m.has_other {
            format!("#{prefix}{other}-{}", m.k)
        } else {
            format!("#{row}-{}", m.k)
        };
        let _ = write!(
            out,
            "<a id=\"{prefix}{side}-{}\" class=\"claim {}\" href=\"{target}\" title=\"{}\">{}</a>",
            m.k,
            m.class,
            m.name,
            esc(&text[m.start..m.end])
        );
        pos = m.end;
    }
    let _ = write!(out, "{}", esc(&text[pos..]));
    out
}

/// One side's text with its claims highlighted: `side` is `a` (left) or `b` (right).
pub fn side_html(doc: &Document, pair: &PairComparison, side: char) -> String {
    let marks = pair
        .items
        .iter()
        .enumerate()
        .filter_map(|(k, item)| {
            let (mine, theirs) = if side == 'a' {
                (&item.left, &item.right)
            } else {
                (&item.right, &item.left)
            };
            let (class, name) = label_class(item.label, item.left.is_some());
            mine.as_ref().map(|s| Highlight {
                start: s.span.start,
                end: s.span.end,
                k,
                class,
                name,
                has_other: theirs.is_some(),
            })
        })
        .collect();
    marked_text(&doc.text, marks, side, "", "item")
}

/// One side's text with its facts highlighted (ids `fa-K` / `fb-K`).
pub fn fact_side_html(doc: &Document, items: &[FactItem], side: char) -> String {
    let marks = items
        .iter()
        .enumerate()
        .filter_map(|(k, item)| {
            let (mine, theirs) = if side == 'a' {
                (&item.left, &item.right)
            } else {
                (&item.right, &item.left)
            };
            let (class, name) = label_class(item.label, item.left.is_some());
            mine.as_ref()
                .filter(|f| f.doc == doc.id)
                .map(|f| Highlight {
                    start: f.span.start,
                    end: f.span.end,
                    k,
                    class,
                    name,
                    has_other: theirs.is_some(),
                })
        })
        .collect();
    marked_text(&doc.text, marks, side, "f", "fact")
}

fn side_header(out: &mut String, letter: &str, a: &StoredArticle) {
    let d = &a.document;
    let _ = write!(
        out,
        "<h2>{letter}: <a href=\"/articles/{}\">{}</a></h2>\n<p class=\"meta\"><code>{}</code> · {}",
        a.article_id,
        esc(d.title.as_deref().unwrap_or(&d.id)),
        esc(&d.id),
        esc(d.published.as_deref().unwrap_or("undated"))
    );
    if let Some(src) = &d.source {
        let _ = write!(out, " · {}", esc(src));
    }
    out.push_str("</p>\n");
}

fn span_link(side: char, k: usize, s: &Option<readout_compare::Side>) -> String {
    match s {
        Some(s) => format!(
            "<a href=\"#{side}-{k}\">{}–{}</a> {}",
            s.span.start,
            s.span.end,
            esc(&s.text)
        ),
        None => "—".into(),
    }
}

/// A table of word contrasts, each word linked to the highlighted claim that holds it.
fn contrasts_html(
    body: &mut String,
    pair: &PairComparison,
    list: &[readout_compare::TermContrast],
    title: &str,
    what: &str,
) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(
        body,
        "<h2>{title}</h2>\n<table class=\"differences terms\"><thead><tr><th>{what}</th><th>only A says</th><th>only B says</th></tr></thead><tbody>"
    );
    let uses = |side: char, v: &[readout_compare::TermUse]| {
        v.iter()
            .map(|u| {
                let claim = pair.items.iter().position(|item| {
                    let s = if side == 'a' { &item.left } else { &item.right };
                    s.as_ref().is_some_and(|s| s.span.contains(u.span))
                });
                let word = match claim {
                    Some(k) => format!("<a href=\"#{side}-{k}\">{}</a>", esc(&u.text)),
                    None => esc(&u.text).to_string(),
                };
                format!("{word} <small>{}–{}</small>", u.span.start, u.span.end)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for t in list {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&t.family),
            uses('a', &t.left),
            uses('b', &t.right)
        );
    }
    body.push_str("</tbody></table>\n");
}

/// The counts by label, each in its label's colour, then `links`.
fn legend_html(body: &mut String, s: &readout_compare::Summary, links: &str) {
    let _ = writeln!(
        body,
        "<p class=\"legend\"><span class=\"claim claim-agree\">agree {}</span><span class=\"claim claim-wording\">wording {}</span>\
         <span class=\"claim claim-conflict\">conflict {}</span><span class=\"claim claim-only-a\">only in A {}</span>\
         <span class=\"claim claim-only-b\">only in B {}</span> · {links}</p>",
        s.agree, s.wording, s.conflict, s.only_in_left, s.only_in_right
    );
}

/// The compare page body.
pub fn compare_html(a: &StoredArticle, b: &StoredArticle, c: &Comparison) -> String {
    let mut body = String::new();
    body.push_str("<h1>Compare accounts: sentences</h1>\n");
    let Some(pair) = c.pairs.first() else {
        body.push_str("<p>Nothing to compare.</p>");
        return body;
    };
    let json = format!(
        "<a href=\"/api/compare?a={}&amp;b={}\">JSON</a>",
        a.article_id, b.article_id
    );
    legend_html(&mut body, &pair.summary, &json);
    body.push_str("<div class=\"compare\">\n<section class=\"side side-a\">\n");
    side_header(&mut body, "A", a);
    let _ = writeln!(
        body,
        "<div class=\"article-text compare-text\">{}</div>\n</section>\n<section class=\"side side-b\">",
        side_html(&a.document, pair, 'a')
    );
    side_header(&mut body, "B", b);
    let _ = writeln!(
        body,
        "<div class=\"article-text compare-text\">{}</div>\n</section>\n</div>",
        side_html(&b.document, pair, 'b')
    );

    // Differences: contrasting terms and conflicting values, with both spans.
    let diffs: Vec<(usize, &Item)> = pair
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.label, Label::Wording | Label::Conflict))
        .collect();
    if !diffs.is_empty() {
        body.push_str("<h2>Differences</h2>\n<table class=\"differences\"><thead><tr><th>kind</th><th>A says</th><th>B says</th><th>A span</th><th>B span</th></tr></thead><tbody>\n");
        for (k, item) in diffs {
            let span = |side: char, s: &Option<readout_compare::Side>| match s {
                Some(s) => format!(
                    "<a href=\"#{side}-{k}\">{}–{}</a>",
                    s.span.start, s.span.end
                ),
                None => "—".into(),
            };
            let mut rows: Vec<(String, String, String)> = Vec::new();
            if let Some(ct) = &item.contrast {
                let kind = match &ct.family {
                    Some(f) => format!("wording ({f})"),
                    None => "wording".into(),
                };
                rows.push((kind, ct.left.join(", "), ct.right.join(", ")));
            }
            for cf in &item.conflicts {
                let kind = serde_json::to_value(cf.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                rows.push((
                    format!("conflict: {kind}"),
                    cf.left.clone(),
                    cf.right.clone(),
                ));
            }
            for (kind, l, r) in rows {
                let _ = writeln!(
                    body,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&kind),
                    esc(&l),
                    esc(&r),
                    span('a', &item.left),
                    span('b', &item.right)
                );
            }
        }
        body.push_str("</tbody></table>\n");
    }

    contrasts_html(
        &mut body,
        pair,
        &pair.terms,
        "Terms each side uses",
        "family",
    );
    contrasts_html(
        &mut body,
        pair,
        &pair.references,
        "How each side names the same actor",
        "entity",
    );

    body.push_str("<h2>Items</h2>\n<table class=\"items\"><thead><tr><th>#</th><th>label</th><th>A</th><th>B</th></tr></thead><tbody>\n");
    for (k, item) in pair.items.iter().enumerate() {
        let (class, name) = label_class(item.label, item.left.is_some());
        let _ = writeln!(
            body,
            "<tr id=\"item-{k}\"><td>{k}</td><td><span class=\"claim {class}\">{name}</span></td><td>{}</td><td>{}</td></tr>",
            span_link('a', k, &item.left),
            span_link('b', k, &item.right)
        );
    }
    body.push_str("</tbody></table>\n");
    body
}

/// One fact as a table cell: its statement, then a link to its highlighted span.
fn fact_cell(side: char, k: usize, fact: &Option<readout_compare::Fact>, doc: &str) -> String {
    match fact {
        Some(f) if f.doc == doc => format!(
            "{} <a href=\"#f{side}-{k}\"><small>{}–{}</small></a>",
            esc(&f.summary()),
            f.span.start,
            f.span.end
        ),
        Some(f) => format!(
            "{} <small>{} {}–{}</small>",
            esc(&f.summary()),
            esc(&f.doc),
            f.span.start,
            f.span.end
        ),
        None => "—".into(),
    }
}

/// What an item says beyond its label: the conflicting values, or the contrasting words.
fn fact_note(item: &FactItem) -> String {
    let mut notes: Vec<String> = item
        .conflicts
        .iter()
        .map(|c| {
            let kind = serde_json::to_value(c.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("{kind}: {} ≠ {}", c.left, c.right)
        })
        .collect();
    if let Some(ct) = &item.contrast {
        notes.push(format!(
            "“{}” / “{}”",
            ct.left.join(", "),
            ct.right.join(", ")
        ));
    }
    esc(&notes.join("; ")).to_string()
}

/// The compare page body, fact by fact: both texts with every fact highlighted by its label
/// and linked to its counterpart, then the facts grouped as conflict / wording / only in one
/// account / agree, then figures two sources inside one account give differently.
pub fn compare_facts_html(a: &StoredArticle, b: &StoredArticle, c: &Comparison) -> String {
    let mut body = String::new();
    body.push_str("<h1>Compare accounts: facts</h1>\n");
    let Some(pair) = c.pairs.first() else {
        body.push_str("<p>Nothing to compare.</p>");
        return body;
    };
    let links = format!(
        "<a href=\"/compare?a={a}&amp;b={b}&amp;view=sentences\">sentence view</a> · \
         <a href=\"/api/compare?a={a}&amp;b={b}\">JSON</a>",
        a = a.article_id,
        b = b.article_id
    );
    legend_html(&mut body, &pair.fact_summary, &links);
    body.push_str("<div class=\"compare\">\n<section class=\"side side-a\">\n");
    side_header(&mut body, "A", a);
    let _ = writeln!(
        body,
        "<div class=\"article-text compare-text\">{}</div>\n</section>\n<section class=\"side side-b\">",
        fact_side_html(&a.document, &pair.facts, 'a')
    );
    side_header(&mut body, "B", b);
    let _ = writeln!(
        body,
        "<div class=\"article-text compare-text\">{}</div>\n</section>\n</div>",
        fact_side_html(&b.document, &pair.facts, 'b')
    );
    for (label, title) in [
        (Label::Conflict, "Conflicts"),
        (Label::Wording, "Wording"),
        (Label::OnlyIn, "Only in one account"),
        (Label::Agree, "Agree"),
    ] {
        let rows: Vec<(usize, &FactItem)> = pair
            .facts
            .iter()
            .enumerate()
            .filter(|(_, i)| i.label == label)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            body,
            "<h2>{title} ({})</h2>\n<table class=\"differences facts\"><thead><tr><th>kind</th><th>A</th><th>B</th><th>what differs</th></tr></thead><tbody>",
            rows.len()
        );
        for (k, item) in rows {
            let _ = writeln!(
                body,
                "<tr id=\"fact-{k}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                item.kind.as_str(),
                fact_cell('a', k, &item.left, &a.document.id),
                fact_cell('b', k, &item.right, &b.document.id),
                fact_note(item)
            );
        }
        body.push_str("</tbody></table>\n");
    }
    if !c.within.is_empty() {
        let _ = writeln!(
            body,
            "<h2>Within one account ({})</h2>\n<table class=\"differences facts\"><thead><tr><th>account</th><th>one source</th><th>another source</th></tr></thead><tbody>",
            c.within.len()
        );
        for item in &c.within {
            let doc = item.left.as_ref().map_or("", |f| f.doc.as_str());
            let cell = |f: &Option<readout_compare::Fact>| {
                f.as_ref().map_or("—".to_string(), |f| {
                    format!(
                        "{} <small>{}–{}</small>",
                        esc(&f.summary()),
                        f.span.start,
                        f.span.end
                    )
                })
            };
            let _ = writeln!(
                body,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(doc),
                cell(&item.left),
                cell(&item.right)
            );
        }
        body.push_str("</tbody></table>\n");
    }
    body
}

/// `GET /compare?a=ID&b=ID[&view=facts|sentences]`: two stored articles side by side, fact
/// by fact (default) or claim by claim.
pub async fn compare_page(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let p = params(query)?;
    let facts = match p.view.as_deref() {
        None | Some("facts") => true,
        Some("sentences") => false,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "view must be facts or sentences, not {other:?}"
            ))
            .into())
        }
    };
    let (a, b, comparison) = load_pair(&state, &p).await?;
    let body = if facts {
        compare_facts_html(&a, &b, &comparison)
    } else {
        compare_html(&a, &b, &comparison)
    };
    Ok(Html(html::page("Compare", "", &body)))
}
