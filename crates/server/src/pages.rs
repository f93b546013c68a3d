//! Server-rendered pages: home, search, article, entity, events. Every value from the store
//! is escaped ([`esc`]); links to outside pages are written only for http(s) URLs.

use std::collections::HashMap;
use std::fmt::Write;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use readout_core::{Document, EventActor, QuoteKind};
use readout_store::{StoredArticle, TimelineKind};

use crate::api::{self, non_empty, page, params, parse_id, Params};
use crate::error::{ApiError, PageError};
use crate::html::{self, esc, safe_href, url_encode};
use crate::render::ArticleText;
use crate::AppState;

type PageResult = Result<Html<String>, PageError>;

/// `GET /static/style.css`.
pub async fn style_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        html::STYLE_CSS,
    )
        .into_response()
}

/// `GET /static/app.js`.
pub async fn app_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        html::APP_JS,
    )
        .into_response()
}

/// Anything unknown: a JSON 404 under `/api`, an HTML one elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    let err = ApiError::not_found(format!(
        "nothing at {path}; see /api/openapi.yaml for the API, or start at /"
    ));
    if path == "/api" || path.starts_with("/api/") {
        err.into_response()
    } else {
        PageError(err).into_response()
    }
}

/// A known path with another method: 405 (JSON under `/api`).
pub async fn method_not_allowed(method: axum::http::Method, uri: Uri) -> Response {
    let path = uri.path();
    let err = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not allowed on {path}; see /api/openapi.yaml for the methods each path takes"),
    );
    if path == "/api" || path.starts_with("/api/") {
        err.into_response()
    } else {
        PageError(err).into_response()
    }
}

/// `GET /`: search box and what the store holds.
pub async fn home(State(state): State<AppState>) -> PageResult {
    let stats = state.db.run(|s| s.stats()).await?;
    let mut body = String::new();
    body.push_str(
        "<h1>readout</h1>\n<p class=\"muted\">News articles as a verifiable record: entities, \
         quotes, times, counts and events, each with its place in the text.</p>\n\
         <form class=\"search\" action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" \
         placeholder=\"Search articles\" aria-label=\"Search articles\" autofocus>\
         <button type=\"submit\">Search</button></form>\n<div class=\"stats\">",
    );
    for (label, n) in [
        ("articles", stats.articles),
        ("entities", stats.entities),
        ("quotes", stats.quotes),
        ("events", stats.events),
        ("times", stats.times),
        ("counts", stats.counts),
    ] {
        let _ = write!(body, "<div><b>{n}</b>{label}</div>");
    }
    body.push_str("</div>\n<p><a href=\"/events\">Browse events</a></p>");
    Ok(Html(html::page("Home", "", &body)))
}

/// Previous/next links for a list page; `base` is the path with its query (without
/// `offset`).
fn pager(base: &str, offset: usize, limit: usize, shown: usize) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = String::from("<p class=\"pager\">");
    if offset > 0 {
        let prev = offset.saturating_sub(limit);
        let _ = write!(
            out,
            "<a rel=\"prev\" href=\"{}\">← previous</a>",
            esc(&format!("{base}{sep}offset={prev}"))
        );
    }
    if shown == limit {
        let _ = write!(
            out,
            "<a rel=\"next\" href=\"{}\">next →</a>",
            esc(&format!("{base}{sep}offset={}", offset + limit))
        );
    }
    out.push_str("</p>");
    out
}

/// An FTS snippet (matches between `[` and `]`) as escaped HTML with `<mark>`s.
fn snippet_html(snippet: &str) -> String {
    let mut out = String::new();
    let mut open = false;
    let mut last = 0;
    for (i, c) in snippet.char_indices() {
        let tag = match (c, open) {
            ('[', false) => "<mark>",
            (']', true) => "</mark>",
            _ => continue,
        };
        let _ = write!(out, "{}", esc(&snippet[last..i]));
        out.push_str(tag);
        open = !open;
        last = i + 1;
    }
    let _ = write!(out, "{}", esc(&snippet[last..]));
    if open {
        out.push_str("</mark>");
    }
    out
}

/// `GET /search?q=`.
pub async fn search(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let p = params(query)?;
    let Some(q) = non_empty(&p.q) else {
        let body = "<h1>Search</h1>\n<p class=\"muted\">Type words to find in article titles and text.</p>";
        return Ok(Html(html::page("Search", "", body)));
    };
    let (limit, offset) = page(&p, 20, 100)?;
    let q2 = q.clone();
    let hits = state.db.run(move |s| s.search(&q2, limit, offset)).await?;
    let mut body = format!("<h1>Search: {}</h1>\n", esc(&q));
    if hits.is_empty() {
        body.push_str("<p>No article matches. Try fewer or other words.</p>");
    } else {
        body.push_str("<ol class=\"hits\">\n");
        for h in &hits {
            let title = h.title.as_deref().unwrap_or(&h.doc_id);
            let _ = writeln!(
                body,
                "<li><a href=\"/articles/{}\">{}</a> <span class=\"meta\">{} · {}</span>\
                 <p class=\"snippet\">{}</p></li>",
                h.article_id,
                esc(title),
                esc(h.published.as_deref().unwrap_or("undated")),
                esc(&h.doc_id),
                snippet_html(&h.snippet)
            );
        }
        body.push_str("</ol>\n");
    }
    body.push_str(&pager(
        &format!("/search?q={}&limit={limit}", url_encode(&q)),
        offset,
        limit,
        hits.len(),
    ));
    Ok(Html(html::page(&format!("Search: {q}"), &q, &body)))
}

/// An article with the global entity id of each of its entities (`e1` → 17).
pub struct ArticleView {
    /// The stored article.
    pub stored: StoredArticle,
    /// Global entity ids by local entity id.
    pub entity_ids: HashMap<String, i64>,
}

impl ArticleView {
    /// The link of a document entity: its global entity page, else its row on this page.
    fn entity_href(&self, local: &str) -> String {
        match self.entity_ids.get(local) {
            Some(gid) => format!("/entities/{gid}"),
            None => format!("#entity-{local}"),
        }
    }
}

async fn load_article(state: &AppState, id: &str) -> Result<ArticleView, ApiError> {
    let n = parse_id("article", id)?;
    let found = state
        .db
        .run(move |s| {
            let Some(stored) = s.article(n)? else {
                return Ok(None);
            };
            let entity_ids = s
                .article_entities(n)?
                .into_iter()
                .map(|l| (l.local_id, l.entity_id))
                .collect();
            Ok(Some(ArticleView { stored, entity_ids }))
        })
        .await?;
    found.ok_or_else(|| {
        ApiError::not_found(format!("no article {n}: find articles with the search box"))
    })
}

fn actor_list(view: &ArticleView, actors: &[EventActor]) -> String {
    let mut out = String::new();
    for (i, a) in actors.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match &a.entity {
            Some(local) => {
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    esc(&view.entity_href(local)),
                    esc(&a.text)
                );
            }
            None => {
                let _ = write!(out, "{}", esc(&a.text));
            }
        }
        if let Some(code) = &a.code {
            let _ = write!(out, " <span class=\"muted\">{}</span>", esc(code));
        }
    }
    out
}

/// The article page body.
pub fn article_html(view: &ArticleView) -> String {
    let stored = &view.stored;
    let doc: &Document = &stored.document;
    let aid = stored.article_id;
    let mut body = String::with_capacity(doc.text.len() * 3 + 4096);
    let title = doc.title.as_deref().unwrap_or(&doc.id);
    let _ = writeln!(body, "<article>\n<h1>{}</h1>", esc(title));
    let _ = write!(
        body,
        "<p class=\"meta\">document <code>{}</code> · published {}",
        esc(&doc.id),
        esc(doc.published.as_deref().unwrap_or("unknown"))
    );
    if let Some(src) = &doc.source {
        let _ = write!(body, " · {}", esc(src));
    }
    if let Some(url) = &doc.url {
        match safe_href(url) {
            Some(href) => {
                let _ = write!(
                    body,
                    " · <a href=\"{}\" rel=\"nofollow noopener noreferrer\">original</a>",
                    esc(href)
                );
            }
            None => {
                let _ = write!(
                    body,
                    " · <span title=\"not an http(s) link\">{}</span>",
                    esc(url)
                );
            }
        }
    }
    let _ = writeln!(
        body,
        " · analyzed by {} · <a href=\"/api/articles/{aid}\">JSON</a></p>",
        esc(&stored.model_version)
    );
    body.push_str(
        "<p class=\"legend\"><span class=\"ent ent-PER\">person</span><span class=\"ent ent-ORG\">organisation</span>\
         <span class=\"ent ent-LOC\">place</span><span class=\"quote\">quote</span><span class=\"speaker\">speaker</span>\
         <span class=\"time\">date/time</span><span class=\"event\">event</span><span class=\"count\">count</span></p>\n",
    );
    let href = |e: &readout_core::Entity| Some(view.entity_href(&e.id));
    let _ = writeln!(
        body,
        "<div class=\"article-text\">{}</div>",
        ArticleText::new(doc, &href).to_html()
    );

    if !doc.entities.is_empty() {
        body.push_str("<h2>Entities</h2>\n<table class=\"entities\"><thead><tr><th>name</th><th>type</th><th>aliases</th><th>role</th><th>affiliation</th><th>code</th></tr></thead><tbody>\n");
        for e in &doc.entities {
            let _ = writeln!(
                body,
                "<tr id=\"entity-{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.id),
                esc(&view.entity_href(&e.id)),
                esc(&e.name),
                e.kind.label(),
                esc(&e.aliases.join(" · ")),
                esc(e.role.as_deref().unwrap_or("")),
                esc(e.affiliation.as_deref().unwrap_or("")),
                esc(e.kb.as_deref().unwrap_or(""))
            );
        }
        body.push_str("</tbody></table>\n");
    }
    if !doc.quotes.is_empty() {
        body.push_str("<h2>Quotes</h2>\n<table class=\"quotes\"><thead><tr><th>#</th><th>speaker</th><th>kind</th><th>quote</th></tr></thead><tbody>\n");
        for (i, q) in doc.quotes.iter().enumerate() {
            let n = i + 1;
            let speaker = match (&q.speaker, &q.speaker_text) {
                (Some(local), Some(st)) => format!(
                    "<a href=\"{}\">{}</a>",
                    esc(&view.entity_href(local)),
                    esc(&st.text)
                ),
                (None, Some(st)) => esc(&st.text).to_string(),
                (Some(local), None) => format!(
                    "<a href=\"{}\">{}</a>",
                    esc(&view.entity_href(local)),
                    esc(local)
                ),
                (None, None) => "<span class=\"muted\">unknown</span>".to_string(),
            };
            let kind = match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Indirect => "reported",
            };
            let _ = writeln!(
                body,
                "<tr id=\"quote-{n}\"><td><a href=\"#q{n}\">q{n}</a></td><td>{speaker}</td><td>{kind}</td><td>{}</td></tr>",
                esc(&q.text)
            );
        }
        body.push_str("</tbody></table>\n");
    }
    if !doc.events.is_empty() {
        body.push_str("<h2>Events</h2>\n<table class=\"events\"><thead><tr><th>event</th><th>date</th><th>actors</th><th>action</th><th>recipients</th><th>text</th></tr></thead><tbody>\n");
        for ev in &doc.events {
            let mut flags = String::new();
            if ev.negated {
                flags.push_str(" <span class=\"muted\">(negated)</span>");
            }
            if ev.hypothetical {
                flags.push_str(" <span class=\"muted\">(hypothetical)</span>");
            }
            let plover = ev
                .plover
                .as_ref()
                .map(|p| format!(" · {}", p.category))
                .unwrap_or_default();
            let _ = writeln!(
                body,
                "<tr id=\"event-{id}\"><td><a href=\"#trg-{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{} {}{}{flags}</td><td>{}</td><td>{}</td></tr>",
                esc(ev.date.as_deref().unwrap_or("undated")),
                actor_list(view, &ev.actors),
                esc(&ev.code),
                esc(&ev.label),
                esc(&plover),
                actor_list(view, &ev.recipients),
                esc(&ev.text),
                id = esc(&ev.id),
            );
        }
        body.push_str("</tbody></table>\n");
    }
    if !doc.times.is_empty() {
        body.push_str("<h2>Times</h2>\n<table class=\"times\"><thead><tr><th>text</th><th>type</th><th>value</th></tr></thead><tbody>\n");
        for (i, t) in doc.times.iter().enumerate() {
            let _ = writeln!(
                body,
                "<tr><td><a href=\"#t{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                i + 1,
                esc(&t.text),
                esc(&format!("{:?}", t.kind).to_uppercase()),
                esc(t.value.as_deref().unwrap_or("unresolved"))
            );
        }
        body.push_str("</tbody></table>\n");
    }
    body.push_str("</article>");
    body
}

/// `GET /articles/{id}`.
pub async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> PageResult {
    let id = api::path_param(id)?;
    let view = load_article(&state, &id).await?;
    let doc = &view.stored.document;
    let title = doc.title.clone().unwrap_or_else(|| doc.id.clone());
    Ok(Html(html::page(&title, "", &article_html(&view))))
}

/// `GET /articles/{id}/entities/{local}`: redirect to the global entity that the article's
/// entity `local` (`e1`, `e2`…) was linked to.
pub async fn article_entity(
    State(state): State<AppState>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, PageError> {
    let (id, local) = api::path_param(ids)?;
    let aid = parse_id("article", &id)?;
    let found = state
        .db
        .run(move |s| {
            Ok(s.article_entities(aid)?
                .into_iter()
                .find(|l| l.local_id == local)
                .map(|l| l.entity_id))
        })
        .await?;
    match found {
        Some(gid) => Ok(Redirect::to(&format!("/entities/{gid}")).into_response()),
        None => Err(ApiError::not_found(format!(
            "article {aid} has no stored entity with that id; open the article page and follow its links"
        ))
        .into()),
    }
}

/// `GET /entities/{id}`.
pub async fn entity(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> PageResult {
    let id = api::path_param(id)?;
    let n = parse_id("entity", &id)?;
    let rec = state.db.run(move |s| s.entity(n)).await?.ok_or_else(|| {
        ApiError::not_found(format!(
            "no entity {n}: follow an entity link from an article"
        ))
    })?;
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1 class=\"entity-name\">{}</h1>\n<p class=\"meta\">{} · entity {}{}{}{} · <a href=\"/api/entities/{n}\">JSON</a></p>",
        esc(&rec.name),
        rec.kind.label(),
        rec.entity_id,
        rec.kb.as_deref().map(|k| format!(" · code {}", esc(k))).unwrap_or_default(),
        rec.role.as_deref().map(|k| format!(" · {}", esc(k))).unwrap_or_default(),
        rec.affiliation.as_deref().map(|k| format!(" · {}", esc(k))).unwrap_or_default(),
    );
    body.push_str("<h2>Aliases</h2>\n<ul class=\"aliases\">");
    for a in &rec.aliases {
        let _ = write!(body, "<li>{}</li>", esc(a));
    }
    body.push_str("</ul>\n");
    let _ = writeln!(body, "<h2>Mentioned in</h2>\n<ul class=\"mentions\">");
    for m in &rec.mentions {
        let _ = writeln!(
            body,
            "<li><a href=\"/articles/{}#entity-{}\">{}</a> <span class=\"meta\">{} · {} mention{}</span></li>",
            m.article_id,
            esc(&m.local_id),
            esc(m.title.as_deref().unwrap_or(&m.doc_id)),
            esc(m.published.as_deref().unwrap_or("undated")),
            m.spans.len(),
            if m.spans.len() == 1 { "" } else { "s" }
        );
    }
    body.push_str("</ul>\n");
    body.push_str("<h2>Timeline</h2>\n");
    if rec.timeline.is_empty() {
        body.push_str("<p class=\"muted\">No events or quotes.</p>\n");
    } else {
        body.push_str("<table class=\"timeline\"><thead><tr><th>date</th><th>what</th><th>role</th><th>text</th><th>article</th></tr></thead><tbody>\n");
        for t in &rec.timeline {
            let what = match t.kind {
                TimelineKind::Event => format!(
                    "{} {}",
                    esc(t.code.as_deref().unwrap_or("")),
                    esc(t.label.as_deref().unwrap_or("event"))
                ),
                TimelineKind::Quote => "quote".to_string(),
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{what}</td><td>{}</td><td>{}</td><td><a href=\"/articles/{}\">{}</a></td></tr>",
                esc(t.date.as_deref().unwrap_or("undated")),
                esc(&t.role),
                esc(&t.text),
                t.article_id,
                esc(&t.doc_id)
            );
        }
        body.push_str("</tbody></table>\n");
    }
    Ok(Html(html::page(&rec.name, "", &body)))
}

/// `GET /events` with a filter form.
pub async fn events(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> PageResult {
    let p = params(query)?;
    let filter = api::event_filter(&p)?;
    let mut body =
        String::from("<h1>Events</h1>\n<form class=\"filters\" action=\"/events\" method=\"get\">");
    let mut base = format!("/events?limit={}", filter.limit);
    for (name, label, value) in [
        ("actor", "actor", &filter.actor),
        ("recipient", "recipient", &filter.recipient),
        ("from", "from (YYYY-MM-DD)", &filter.from),
        ("to", "to", &filter.to),
        ("code", "CAMEO code", &filter.code),
    ] {
        let v = value.as_deref().unwrap_or("");
        let _ = write!(
            body,
            "<label>{label}<input name=\"{name}\" value=\"{}\"></label>",
            esc(v)
        );
        if !v.is_empty() {
            let _ = write!(base, "&{name}={}", url_encode(v));
        }
    }
    body.push_str("<button type=\"submit\">Filter</button></form>\n");
    let (limit, offset) = (filter.limit, filter.offset);
    let found = state.db.run(move |s| s.events(&filter)).await?;
    if found.is_empty() {
        body.push_str("<p>No events match.</p>\n");
    } else {
        body.push_str("<table class=\"events\"><thead><tr><th>date</th><th>actors</th><th>action</th><th>recipients</th><th>sentence</th></tr></thead><tbody>\n");
        for se in &found {
            let ev = &se.event;
            let people = |actors: &[EventActor], ids: &[Option<i64>]| {
                let mut out = String::new();
                for (i, a) in actors.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    match ids.get(i).copied().flatten() {
                        Some(gid) => {
                            let _ = write!(out, "<a href=\"/entities/{gid}\">{}</a>", esc(&a.text));
                        }
                        None => {
                            let _ = write!(out, "{}", esc(&a.text));
                        }
                    }
                }
                out
            };
            let _ = writeln!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{} {}{}</td><td>{}</td><td><a href=\"/articles/{}#event-{}\">{}</a></td></tr>",
                esc(ev.date.as_deref().unwrap_or("undated")),
                people(&ev.actors, &se.actor_ids),
                esc(&ev.code),
                esc(&ev.label),
                if ev.negated { " (negated)" } else { "" },
                people(&ev.recipients, &se.recipient_ids),
                se.article_id,
                esc(&url_encode(&ev.id)),
                esc(&ev.text)
            );
        }
        body.push_str("</tbody></table>\n");
    }
    body.push_str(&pager(&base, offset, limit, found.len()));
    Ok(Html(html::page("Events", "", &body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_are_balanced_and_text_escaped() {
        assert_eq!(
            snippet_html("a [ferry] <b> x]"),
            "a <mark>ferry</mark> &lt;b&gt; x]"
        );
        assert_eq!(snippet_html("[open"), "<mark>open</mark>");
    }
}
