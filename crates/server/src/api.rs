//! The JSON API under `/api`. Errors are `{"error": {"code", "message"}}` with the matching
//! status. List endpoints take `limit` (capped) and `offset`.

use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readout_core::{InputInfo, InputKind};
use readout_pipeline::ingest::{Article, Body as ArticleBody};
use readout_store::{EventFilter, QuoteFilter};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::{AppState, OPENAPI_YAML};

/// Largest `limit` of any list endpoint.
pub const MAX_LIMIT: usize = 500;
/// Largest `offset` accepted (deeper pages: narrow the query instead).
pub const MAX_OFFSET: usize = 100_000;

/// Query parameters as strings; each handler parses and checks the ones it uses, so a bad
/// value gets a message naming it.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// Search text.
    pub q: Option<String>,
    /// Page size.
    pub limit: Option<String>,
    /// Results skipped.
    pub offset: Option<String>,
    /// Entity name.
    pub name: Option<String>,
    /// Event actor.
    pub actor: Option<String>,
    /// Event recipient.
    pub recipient: Option<String>,
    /// Earliest date.
    pub from: Option<String>,
    /// Latest date.
    pub to: Option<String>,
    /// CAMEO code prefix.
    pub code: Option<String>,
    /// Quote speaker.
    pub speaker: Option<String>,
    /// First article of a comparison (store id or document id).
    pub a: Option<String>,
    /// Second article of a comparison.
    pub b: Option<String>,
    /// Smallest story listed, in articles.
    pub min_articles: Option<String>,
    /// The compare page's unit: `facts` (default) or `sentences`.
    pub view: Option<String>,
}

/// The parameters, or a 400 naming what is wrong.
pub fn params(query: Result<Query<Params>, QueryRejection>) -> Result<Params, ApiError> {
    query.map(|Query(p)| p).map_err(|e| {
        ApiError::bad_request(format!(
            "cannot read the query string ({}); give each parameter once, URL-encoded",
            e.body_text()
        ))
    })
}

/// A non-empty trimmed value.
pub fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `limit` and `offset`, checked.
pub fn page(
    p: &Params,
    default_limit: usize,
    max_limit: usize,
) -> Result<(usize, usize), ApiError> {
    let limit = match non_empty(&p.limit) {
        None => default_limit,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max_limit).contains(&n) => n,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "limit {s:?} is not allowed: give a whole number from 1 to {max_limit}"
                )))
            }
        },
    };
    let offset = match non_empty(&p.offset) {
        None => 0,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if n <= MAX_OFFSET => n,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "offset {s:?} is not allowed: give a whole number from 0 to {MAX_OFFSET} (narrow the query to see further)"
                )))
            }
        },
    };
    Ok((limit, offset))
}

/// The path parameters, or a 400 (for example a percent-encoded byte that is not UTF-8).
pub fn path_param<T>(path: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    path.map(|Path(v)| v).map_err(|e| {
        ApiError::bad_request(format!(
            "cannot read the path ({}); ids are plain text, URL-encoded as UTF-8",
            e.body_text()
        ))
    })
}

/// A store id from the path.
pub fn parse_id(what: &str, s: &str) -> Result<i64, ApiError> {
    s.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::bad_request(format!(
            "{what} id {s:?} is not valid: ids are positive whole numbers"
        ))
    })
}

/// `GET /api/search`.
pub async fn search(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = params(query)?;
    let q = non_empty(&p.q).ok_or_else(|| {
        ApiError::bad_request(
            "missing search text: give it as ?q=WORDS (for example ?q=ferry+talks)",
        )
    })?;
    let (limit, offset) = page(&p, 20, 100)?;
    let q2 = q.clone();
    let hits = state.db.run(move |s| s.search(&q2, limit, offset)).await?;
    Ok(Json(
        json!({ "query": q, "limit": limit, "offset": offset, "hits": hits }),
    ))
}

/// `GET /api/articles/{id}`: by store id, or by document id when `id` is not a number.
pub async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_param(id)?;
    let key = id.clone();
    let found = state
        .db
        .run(move |s| {
            let article = match key.parse::<i64>() {
                Ok(n) => s.article(n)?,
                Err(_) => s.article_by_doc_id(&key)?,
            };
            let Some(article) = article else {
                return Ok(None);
            };
            let links = s.article_entities(article.article_id)?;
            Ok(Some((article, links)))
        })
        .await?;
    let (article, links) = found.ok_or_else(|| {
        ApiError::not_found(format!(
            "no article {id:?}: give a store id from /api/search, or a document id"
        ))
    })?;
    let mut value = serde_json::to_value(article)
        .map_err(|e| ApiError::internal(format!("cannot write the article as JSON: {e}")))?;
    if let Value::Object(map) = &mut value {
        map.insert("entity_links".to_string(), json!(links));
    }
    Ok(Json(value))
}

/// `GET /api/entities/{id}`.
pub async fn entity(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_param(id)?;
    let n = parse_id("entity", &id)?;
    let rec = state.db.run(move |s| s.entity(n)).await?.ok_or_else(|| {
        ApiError::not_found(format!(
            "no entity {n}: find ids with /api/entities?name=NAME"
        ))
    })?;
    Ok(Json(json!(rec)))
}

/// `GET /api/entities?name=`.
pub async fn find_entities(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = params(query)?;
    let name = non_empty(&p.name)
        .ok_or_else(|| ApiError::bad_request("missing entity name: give it as ?name=NAME"))?;
    let (limit, _) = page(&p, 20, 100)?;
    let n2 = name.clone();
    let found = state.db.run(move |s| s.find_entities(&n2, limit)).await?;
    Ok(Json(
        json!({ "name": name, "limit": limit, "entities": found }),
    ))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, naming a real month and day.
pub fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let Some(year) = parts.first().and_then(|y| num(y, 4)) else {
        return false;
    };
    if parts.len() == 1 {
        return true;
    }
    let Some(month) = num(parts[1], 2).filter(|m| (1..=12).contains(m)) else {
        return false;
    };
    match parts.len() {
        2 => true,
        3 => {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            num(parts[2], 2).is_some_and(|d| (1..=days).contains(&d))
        }
        _ => false,
    }
}

/// The event filter of a request.
pub fn event_filter(p: &Params) -> Result<EventFilter, ApiError> {
    let (limit, offset) = page(p, 50, MAX_LIMIT)?;
    for (what, v) in [("from", &p.from), ("to", &p.to)] {
        if let Some(d) = non_empty(v) {
            if !is_partial_date(&d) {
                return Err(ApiError::bad_request(format!(
                    "{what} date {d:?} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
                )));
            }
        }
    }
    Ok(EventFilter {
        actor: non_empty(&p.actor),
        recipient: non_empty(&p.recipient),
        from: non_empty(&p.from),
        to: non_empty(&p.to),
        code: non_empty(&p.code),
        limit,
        offset,
        ..EventFilter::default()
    })
}

/// `GET /api/events`.
pub async fn events(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = params(query)?;
    let filter = event_filter(&p)?;
    let (limit, offset) = (filter.limit, filter.offset);
    let found = state.db.run(move |s| s.events(&filter)).await?;
    Ok(Json(
        json!({ "limit": limit, "offset": offset, "events": found }),
    ))
}

/// `GET /api/quotes`.
pub async fn quotes(
    State(state): State<AppState>,
    query: Result<Query<Params>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let p = params(query)?;
    let (limit, offset) = page(&p, 50, MAX_LIMIT)?;
    let filter = QuoteFilter {
        speaker: non_empty(&p.speaker),
        limit,
        offset,
        ..QuoteFilter::default()
    };
    let found = state.db.run(move |s| s.quotes(&filter)).await?;
    Ok(Json(
        json!({ "limit": limit, "offset": offset, "quotes": found }),
    ))
}

/// `GET /api/stats`.
pub async fn stats(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let stats = state.db.run(|s| s.stats()).await?;
    Ok(Json(json!(stats)))
}

/// `GET /api/openapi.yaml`.
pub async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/yaml; charset=utf-8")],
        OPENAPI_YAML,
    )
        .into_response()
}

/// Body of `POST /api/articles`: the fields of a JSONL input line.
#[derive(Debug, Deserialize)]
struct PostArticle {
    id: Option<Value>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    published: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// Check the bearer token of a write.
pub fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes_disabled",
            "this server accepts no writes: start it with READOUT_TOKEN set or --token-file FILE, \
             then send Authorization: Bearer TOKEN",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match given {
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing credentials: send the header Authorization: Bearer TOKEN",
        )),
        Some(g) if constant_time_eq(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "wrong token: send the token the server was started with",
        )),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the request body is over the {limit}-byte limit; send a smaller article"),
    )
}

/// `POST /api/articles`: analyze an article and store it.
pub async fn post_article(
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, ApiError> {
    authorize(&state, req.headers())?;
    let limit = state.max_body;
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the article as JSON with Content-Type: application/json",
        ));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    let body: Body = req.into_body();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        let over = std::error::Error::source(&e)
            .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if over {
            too_large(limit)
        } else {
            ApiError::bad_request(format!("cannot read the request body: {e}"))
        }
    })?;
    let post: PostArticle = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not an article ({e}); send {{\"text\": …}} or {{\"html\": …}} with optional id, title, published, url, source"
        ))
    })?;
    let id = match post.id {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Null) | None => None,
        Some(Value::String(_)) => {
            return Err(ApiError::bad_request(
                "`id` is empty: give an id or leave it out",
            ))
        }
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "`id` must be a string or a number, not {other}"
            )))
        }
    };
    let mut input = InputInfo {
        kind: InputKind::Jsonl,
        bytes: bytes.len(),
        ..InputInfo::default()
    };
    let body = match (post.text, post.html) {
        (Some(text), _) => ArticleBody::Text(text),
        (None, Some(html)) => {
            input.html = true;
            ArticleBody::Html(html.into_bytes())
        }
        (None, None) => {
            return Err(ApiError::bad_request(
                "the article has neither `text` nor `html`: give one of them",
            ))
        }
    };
    let given_id = id.is_some();
    let article = Article {
        id: id.unwrap_or_else(|| "post".to_string()),
        body,
        title: post.title,
        url: post.url,
        source: post.source,
        published: post.published,
        input,
        origin: "POST /api/articles".to_string(),
    };
    let analyzer = state.analyzer.clone();
    let analyzed = tokio::task::spawn_blocking(move || analyzer.analyze(article))
        .await
        .map_err(|e| ApiError::internal(format!("the analysis failed ({e}); report it")))?;
    let mut doc = analyzed.map_err(analysis_error)?;
    if !given_id {
        let hash = doc.content_hash.get(..16).unwrap_or(&doc.content_hash);
        doc.id = format!("sha256-{hash}");
    }
    let summary = json!({
        "entities": doc.entities.len(),
        "quotes": doc.quotes.len(),
        "events": doc.events.len(),
        "times": doc.times.len(),
        "counts": doc.counts.len(),
    });
    let doc_id = doc.id.clone();
    let version = state.model_version.clone();
    let (outcome, story_id) = state
        .db
        .run(move |s| {
            // The same engine as `readout ingest`, one article at a time: stored, then
            // placed into a story (best effort).
            readout_store::Ingest::new(s, readout_store::IngestOptions::new(&*version))
                .store_one(&doc)
        })
        .await?;
    let status = match outcome.status {
        readout_store::PutStatus::Inserted => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    let location = format!("/api/articles/{}", outcome.article_id);
    let body = json!({
        "article_id": outcome.article_id,
        "doc_id": doc_id,
        "status": outcome.status,
        "api_url": location,
        "page_url": format!("/articles/{}", outcome.article_id),
        "story_id": story_id,
        "found": summary,
    });
    Ok((status, [(header::LOCATION, location)], Json(body)).into_response())
}

fn analysis_error(err: readout_pipeline::Error) -> ApiError {
    use readout_pipeline::Error as E;
    let message = err.to_string();
    match err {
        E::TooLarge { .. } => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message),
        E::BadDate { .. } | E::Json { .. } => ApiError::bad_request(message),
        _ => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable", message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_are_checked_for_real_months_and_days() {
        for ok in ["2026", "2026-03", "2026-03-11", "2024-02-29", "2000-02-29"] {
            assert!(is_partial_date(ok), "{ok}");
        }
        for bad in [
            "26",
            "2026-3",
            "2026-13",
            "2026-00",
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-03-11-01",
            "yesterday",
            "2026-03-1x",
            "",
        ] {
            assert!(!is_partial_date(bad), "{bad}");
        }
    }
}
