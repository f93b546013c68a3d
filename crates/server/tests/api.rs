//! The JSON API and the pages, driven in-process.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use common::*;

async fn call(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let resp = app.clone().oneshot(req).await.expect("the router answers");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_json(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = get(app, uri).await;
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{uri} answers JSON"
    );
    (status, serde_json::from_slice(&body).expect("valid JSON"))
}

fn post(uri: &str, token: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

fn error_code(v: &Value) -> &str {
    v["error"]["code"]
        .as_str()
        .expect("an error object with a code")
}

#[tokio::test]
async fn reads_search_articles_entities_events_and_stats() {
    let doc = analyze("ferry-1", FERRY_TEXT, "2026-03-11");
    assert!(!doc.entities.is_empty(), "the example has entities");
    let (_dir, path) = store_with(std::slice::from_ref(&doc));
    let app = readout_server::router(state(&path));

    let (status, v) = get_json(&app, "/api/search?q=ferry").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["hits"][0]["doc_id"], "ferry-1");
    let id = v["hits"][0]["article_id"].as_i64().unwrap();

    let (status, v) = get_json(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["document"]["id"], "ferry-1");
    assert_eq!(v["document"]["text"], doc.text);
    // By document id too.
    let (status, v) = get_json(&app, "/api/articles/ferry-1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["article_id"], id);

    let name = &doc.entities[0].name;
    let (status, v) = get_json(
        &app,
        &format!("/api/entities?name={}", name.replace(' ', "+")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let gid = v["entities"][0]["entity_id"]
        .as_i64()
        .expect("entity found");
    let (status, v) = get_json(&app, &format!("/api/entities/{gid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&v["name"], name.as_str());

    let (status, v) = get_json(&app, "/api/stats").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["articles"], 1);

    let (status, v) = get_json(&app, "/api/events?from=2026&to=2026-12&limit=5").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["events"].is_array());
    let (status, v) = get_json(&app, "/api/quotes?speaker=Sollen").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["quotes"].is_array());

    // Pages.
    for uri in [
        "/",
        "/search?q=ferry",
        &format!("/articles/{id}"),
        &format!("/entities/{gid}"),
        "/events",
        "/events?actor=Sollen&code=04",
    ] {
        let (status, headers, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'self'"));
        assert!(String::from_utf8(body)
            .unwrap()
            .starts_with("<!DOCTYPE html>"));
    }
    let (_, _, body) = get(&app, "/search?q=ferry").await;
    assert!(String::from_utf8(body)
        .unwrap()
        .contains(&format!("href=\"/articles/{id}\"")));

    // The article page links each entity mention, and the link leads to its global entity.
    let (_, _, body) = get(&app, &format!("/articles/{id}")).await;
    let page = String::from_utf8(body).unwrap();
    assert!(
        page.contains(&format!(
            "href=\"/entities/{gid}\" data-entity=\"{}\"",
            doc.entities[0].id
        )),
        "{page}"
    );
    // The JSON record carries the same links.
    let (_, v) = get_json(&app, &format!("/api/articles/{id}")).await;
    assert!(v["entity_links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["local_id"] == doc.entities[0].id.as_str() && l["entity_id"] == gid));
    // And a stable redirect from an article's entity to the global one.
    let link = format!("/articles/{id}/entities/{}", doc.entities[0].id);
    let (status, headers, _) = get(&app, &link).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        headers[header::LOCATION],
        format!("/entities/{gid}").as_str()
    );
}

#[tokio::test]
async fn bad_requests_get_json_errors_with_the_right_status() {
    let (_dir, path) = store_with(&[]);
    let app = readout_server::router(state(&path));
    for (uri, status, code) in [
        ("/api/search", StatusCode::BAD_REQUEST, "bad_request"),
        (
            "/api/search?q=x&limit=0",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/search?q=x&limit=101",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/search?q=x&offset=-1",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/search?q=x&q=y",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/events?limit=many",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/events?from=yesterday",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/events?to=2026-13-45",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        ("/api/entities", StatusCode::BAD_REQUEST, "bad_request"),
        ("/api/entities/abc", StatusCode::BAD_REQUEST, "bad_request"),
        ("/api/entities/999", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/articles/%FF%FE",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        ("/api/articles/999", StatusCode::NOT_FOUND, "not_found"),
        ("/api/nothing-here", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let (got, v) = get_json(&app, uri).await;
        assert_eq!(got, status, "{uri}: {v}");
        assert_eq!(error_code(&v), code, "{uri}");
        assert!(
            v["error"]["message"].as_str().unwrap().len() > 20,
            "{uri}: a useful message"
        );
    }
    let req = Request::delete("/api/stats").body(Body::empty()).unwrap();
    let (status, _, b) = call(&app, req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        error_code(&serde_json::from_slice(&b).unwrap()),
        "method_not_allowed"
    );
    // Pages answer HTML errors.
    let (status, headers, _) = get(&app, "/articles/999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let (status, _, _) = get(&app, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn posting_needs_a_configured_token_and_stores_the_analysis() {
    let (_dir, path) = store_with(&[]);
    let body = serde_json::json!({"id": "post-1", "text": FERRY_TEXT, "published": "2026-03-11"})
        .to_string();

    // No token configured: writes are refused outright.
    let closed = readout_server::router(state(&path));
    let (status, _, b) = call(&closed, post("/api/articles", Some("anything"), &body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(error_code(&v), "writes_disabled");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("READOUT_TOKEN"));

    let mut st = state(&path).with_token("s3cret");
    st.max_body = 64 * 1024;
    let app = readout_server::router(st);
    let (status, headers, _) = call(&app, post("/api/articles", None, &body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers.contains_key(header::WWW_AUTHENTICATE));
    let (status, _, _) = call(&app, post("/api/articles", Some("wrong"), &body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = call(&app, post("/api/articles", Some("s3cre"), &body)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a prefix of the token is not the token"
    );
    let basic = Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, "Basic s3cret")
        .body(Body::from(body.clone()))
        .unwrap();
    let (status, _, _) = call(&app, basic).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "only the Bearer scheme");

    let (status, _, b) = call(&app, post("/api/articles", Some("s3cret"), &body)).await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["status"], "inserted");
    assert_eq!(v["doc_id"], "post-1");
    assert!(v["found"]["entities"].as_u64().unwrap() > 0);
    let id = v["article_id"].as_i64().unwrap();
    // The same article again is a no-op.
    let (status, _, b) = call(&app, post("/api/articles", Some("s3cret"), &body)).await;
    let v: Value = serde_json::from_slice(&b).unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["status"], "unchanged");
    assert_eq!(v["article_id"], id);
    let (status, v) = get_json(&app, "/api/search?q=ferry").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["hits"][0]["doc_id"], "post-1");

    // Bad bodies.
    for (body, status, code) in [
        (
            "{\"title\": \"no text\"}",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        ("not json", StatusCode::BAD_REQUEST, "bad_request"),
        (
            "{\"text\": \"x\", \"id\": [1]}",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "{\"text\": \"Talks went on.\", \"published\": \"soon\"}",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "{\"text\": \"   \"}",
            StatusCode::UNPROCESSABLE_ENTITY,
            "unprocessable",
        ),
    ] {
        let (got, _, b) = call(&app, post("/api/articles", Some("s3cret"), body)).await;
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(got, status, "{body}: {v}");
        assert_eq!(error_code(&v), code, "{body}");
    }
    // Over the body limit: 413, whether or not the length is declared.
    let big = serde_json::json!({"text": "word ".repeat(20_000)}).to_string();
    let (status, _, b) = call(&app, post("/api/articles", Some("s3cret"), &big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        error_code(&serde_json::from_slice(&b).unwrap()),
        "too_large"
    );
    let stream = futures_stream(big.into_bytes());
    let req = Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .body(stream)
        .unwrap();
    let (status, _, _) = call(&app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Not JSON.
    let req = Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .body(Body::from("hello"))
        .unwrap();
    let (status, _, _) = call(&app, req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

/// A body without a declared length.
fn futures_stream(bytes: Vec<u8>) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(8192).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(tokio_stream_iter(chunks))
}

fn tokio_stream_iter<T>(items: Vec<T>) -> impl futures_core::Stream<Item = T> {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    impl<T> Unpin for Iter<T> {}
    Iter(items.into_iter())
}

#[tokio::test]
async fn hostile_article_text_comes_out_escaped() {
    let mut doc = analyze("hostile", HOSTILE_TEXT, "2026-03-11");
    doc.title = Some("<script>alert('title')</script>".to_string());
    doc.url = Some("javascript:alert(1)".to_string());
    doc.source = Some("\"><img src=x onerror=alert(2)>".to_string());
    let (_dir, path) = store_with(&[doc]);
    let app = readout_server::router(state(&path));
    let (_, _, body) = get(&app, "/search?q=Lorvik").await;
    let search = String::from_utf8(body).unwrap();
    assert!(search.contains("href=\"/articles/1\""), "{search}");
    for uri in [
        "/articles/1",
        "/search?q=Lorvik",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ] {
        let (status, headers, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let page = String::from_utf8(body).unwrap();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"));
        // The only script is our own file; no markup from the article survives.
        assert_eq!(page.matches("<script").count(), 1, "{uri}: {page}");
        assert!(page.contains("<script src=\"/static/app.js\" defer></script>"));
        for bad in [
            "<img",
            "<b>bold",
            "</div></article>",
            "href=\"javascript:",
            "alert(1)</script>",
        ] {
            assert!(
                !page.contains(bad),
                "{uri}: {bad:?} is in the page:\n{page}"
            );
        }
        if uri == "/articles/1" {
            for good in [
                "&lt;script&gt;alert(1)&lt;/script&gt;",
                "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
                "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;",
                "&lt;b&gt;bold&lt;/b&gt;",
                "&#39;single&#39; &amp;",
            ] {
                assert!(page.contains(good), "{good:?} missing:\n{page}");
            }
        }
    }
}

#[test]
fn every_route_is_in_the_openapi_description_and_back() {
    let yaml = readout_server::OPENAPI_YAML;
    // Paths are the two-space-indented keys under `paths:`, methods the four-space ones.
    let mut described = std::collections::BTreeSet::new();
    let mut in_paths = false;
    let mut current = String::new();
    for line in yaml.lines() {
        if !line.starts_with(' ') {
            in_paths = line.trim_end() == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(p) = line.strip_prefix("  /") {
            current = format!("/{}", p.trim_end().trim_end_matches(':'));
        } else if let Some(m) = line.strip_prefix("    ").and_then(|l| l.strip_suffix(':')) {
            if ["get", "post", "put", "delete", "patch"].contains(&m) {
                described.insert((m.to_uppercase(), current.clone()));
            }
        }
    }
    let routed: std::collections::BTreeSet<(String, String)> = readout_server::routes()
        .into_iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let undocumented: Vec<_> = routed.difference(&described).collect();
    let unrouted: Vec<_> = described.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from openapi.yaml: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "openapi.yaml describes routes that do not exist: {unrouted:?}"
    );
    assert!(routed.len() >= 17);
}

#[tokio::test]
async fn openapi_is_served() {
    let (_dir, path) = store_with(&[]);
    let app = readout_server::router(state(&path));
    let (status, headers, body) = get(&app, "/api/openapi.yaml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("yaml"));
    assert_eq!(body, readout_server::OPENAPI_YAML.as_bytes());
}

#[test]
fn remote_addresses_need_allow_remote() {
    let mut config = readout_server::Config {
        db: "x.db".into(),
        addr: "0.0.0.0:8080".parse().unwrap(),
        allow_remote: false,
        token: None,
        max_body: readout_server::DEFAULT_MAX_BODY,
        model_version: None,
    };
    let err = readout_server::check_config(&config)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--allow-remote"), "{err}");
    config.allow_remote = true;
    assert!(readout_server::check_config(&config).is_ok());
    config.allow_remote = false;
    config.addr = "[::1]:0".parse().unwrap();
    assert!(readout_server::check_config(&config).is_ok());
}

#[tokio::test]
async fn search_queries_are_bounded_with_a_clear_400() {
    let doc = analyze("ferry-1", FERRY_TEXT, "2026-03-11");
    let (_dir, path) = store_with(std::slice::from_ref(&doc));
    let app = readout_server::router(state(&path));
    // One word 400 times is one term: answered at once.
    let repeated = vec!["ferry"; 400].join("+");
    let (status, v) = get_json(&app, &format!("/api/search?q={repeated}")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["hits"][0]["doc_id"], "ferry-1");
    let many: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
    for path in ["/api/search", "/search"] {
        let (status, _, body) = get(&app, &format!("{path}?q={}", many.join("+"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(String::from_utf8_lossy(&body).contains("over the limit of 32"));
    }
}
