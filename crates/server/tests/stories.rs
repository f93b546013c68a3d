//! Stories and comparisons over the store: `/api/stories`, `/api/stories/{id}`,
//! `/api/compare`, and the pages `/stories`, `/stories/{id}`, `/compare`.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use readout_compare::StoryOptions;
use readout_store::Store;
use serde_json::Value;
use tower::ServiceExt;

use common::*;

/// A second account of the ferry vote in `FERRY_TEXT` (written for these tests): another
/// injury figure and other wording.
const FERRY_OTHER: &str = "Port Vell council backs disputed ferry deal\n\n\
PORT VELL — The harbor council of Port Vell narrowly backed a disputed ferry contract on \
Tuesday, council chair Amira Sollen said.\n\n\
Transport minister Dario Kest met Sollen in Port Vell on Monday and criticized the agreement.\n\n\
At least 15 dock workers were injured in a fire at the ferry terminal last week, the \
Harbor Authority said.";

/// An unrelated article (written for these tests).
const FLOOD_TEXT: &str = "Floods close mountain railway\n\n\
TESSIN — Flood waters closed the mountain railway near Tessin for three days, the rail \
operator said on Wednesday. Engineers inspected the bridges along the line.";

async fn get_json(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let (status, body) = get(app, uri).await;
    (status, serde_json::from_str(&body).expect("valid JSON"))
}

/// A store with both ferry accounts (ids 1, 2) and the flood (id 3), stories built.
fn ferry_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let docs = [
        analyze("ferry-1", FERRY_TEXT, "2026-03-11"),
        analyze("ferry-2", FERRY_OTHER, "2026-03-11"),
        analyze("flood", FLOOD_TEXT, "2026-03-12"),
    ];
    let (dir, path) = store_with(&docs);
    Store::open(&path)
        .unwrap()
        .rebuild_stories(&StoryOptions::default())
        .unwrap();
    (dir, path)
}

#[tokio::test]
async fn stories_and_compare_api() {
    let (_dir, path) = ferry_store();
    let app = readout_server::router(state(&path));

    let (status, v) = get_json(&app, "/api/stories").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1, "one story of two articles: {v}");
    assert_eq!(v["stories"][0]["articles"], 2);
    let sid = v["stories"][0]["story_id"].as_i64().unwrap();
    let (_, v) = get_json(&app, "/api/stories?min_articles=1&limit=1").await;
    assert_eq!(v["total"], 2, "the flood is a story of one: {v}");
    assert_eq!(v["stories"].as_array().unwrap().len(), 1, "limit applies");
    let (_, v) = get_json(&app, "/api/stories?min_articles=1&limit=1&offset=1").await;
    assert_eq!(v["stories"][0]["articles"], 1, "second page: {v}");

    let (status, v) = get_json(&app, &format!("/api/stories/{sid}")).await;
    assert_eq!(status, StatusCode::OK);
    let members: Vec<i64> = v["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["article_id"].as_i64().unwrap())
        .collect();
    assert_eq!(members, vec![1, 2], "{v}");
    assert_eq!(v["members"][1]["doc_id"], "ferry-2");

    for (uri, want) in [
        ("/api/stories/999", StatusCode::NOT_FOUND),
        ("/api/stories/x", StatusCode::BAD_REQUEST),
        ("/api/stories?limit=0", StatusCode::BAD_REQUEST),
        ("/api/stories?min_articles=0", StatusCode::BAD_REQUEST),
        ("/api/compare?a=1", StatusCode::BAD_REQUEST),
        ("/api/compare?a=1&b=99", StatusCode::NOT_FOUND),
    ] {
        let (status, v) = get_json(&app, uri).await;
        assert_eq!(status, want, "{uri}: {v}");
        assert!(v["error"]["message"].as_str().unwrap().len() > 10, "{v}");
    }

    // Store ids and document ids both name articles.
    for uri in ["/api/compare?a=1&b=2", "/api/compare?a=ferry-1&b=ferry-2"] {
        let (status, v) = get_json(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {v}");
        assert_eq!((v["a"].as_i64(), v["b"].as_i64()), (Some(1), Some(2)));
        let pair = &v["comparison"]["pairs"][0];
        assert_eq!(pair["left"], "ferry-1");
        assert_eq!(pair["right"], "ferry-2");
        let items = pair["items"].as_array().unwrap();
        // The injury figures disagree: 12 against 15, both given.
        let conflict = items
            .iter()
            .flat_map(|i| i["conflicts"].as_array().cloned().unwrap_or_default())
            .find(|c| c["kind"] == "count")
            .unwrap_or_else(|| panic!("a count conflict: {pair}"));
        assert!(
            conflict["left"].as_str().unwrap().contains("12"),
            "{conflict}"
        );
        assert!(
            conflict["right"].as_str().unwrap().contains("15"),
            "{conflict}"
        );
    }
}

#[tokio::test]
async fn posted_articles_join_their_story() {
    let (_dir, path) = ferry_store();
    let app = readout_server::router(state(&path).with_token("s3cret"));
    let story_of_1 = Store::open_read_only(&path)
        .unwrap()
        .story_of_article(1)
        .unwrap()
        .unwrap();
    let third = FERRY_OTHER.replace("narrowly backed", "approved");
    let body = serde_json::json!({ "id": "ferry-3", "text": third, "published": "2026-03-12" });
    let req = Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, "Bearer s3cret")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let v: Value =
        serde_json::from_slice(&resp.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(v["story_id"].as_i64(), Some(story_of_1), "{v}");
    let (_, v) = get_json(&app, &format!("/api/stories/{story_of_1}")).await;
    assert_eq!(v["articles"], 3, "{v}");
}

/// Every in-page link `href="#X"` of the page has an element `id="X"`.
fn assert_anchors_resolve(page: &str) -> usize {
    let mut n = 0;
    for part in page.split("href=\"#").skip(1) {
        let target = &part[..part.find('"').unwrap()];
        assert!(
            page.contains(&format!("id=\"{target}\"")),
            "link to #{target} has no target"
        );
        n += 1;
    }
    n
}

#[tokio::test]
async fn story_and_compare_pages_link_both_sides() {
    let (_dir, path) = ferry_store();
    let app = readout_server::router(state(&path));

    let (status, page) = get(&app, "/stories").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Harbor council approves ferry deal"),
        "{page}"
    );
    assert!(
        !page.contains("Floods close"),
        "stories of one are not listed"
    );
    let sid = Store::open_read_only(&path)
        .unwrap()
        .story_of_article(1)
        .unwrap()
        .unwrap();
    let (status, page) = get(&app, &format!("/stories/{sid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("href=\"/compare?a=1&amp;b=2\""), "{page}");
    assert!(page.contains("href=\"/articles/2\""), "{page}");

    // By fact (the default): the injury figures conflict, each side linked to the other.
    let (status, page) = get(&app, "/compare?a=1&b=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h2>Conflicts (1)</h2>"), "{page}");
    assert!(page.contains("count: "), "{page}");
    let k = page
        .split("id=\"fa-")
        .skip(1)
        .map(|p| &p[..p.find('"').unwrap()])
        .find(|k| page.contains(&format!("id=\"fb-{k}\"")))
        .expect("a fact present on both sides");
    assert!(page.contains(&format!("href=\"#fb-{k}\"")));
    assert!(page.contains(&format!("href=\"#fa-{k}\"")));
    assert!(assert_anchors_resolve(&page) > 2);
    let (status, _) = get(&app, "/compare?a=1&b=2&view=paragraphs").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, page) = get(&app, "/compare?a=1&b=2&view=sentences").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("class=\"claim claim-conflict\""), "{page}");
    assert!(page.contains("<table class=\"differences\">"), "{page}");
    // Matched claims link across: #a-K on the left to #b-K on the right and back.
    let k = page
        .split("id=\"a-")
        .skip(1)
        .map(|p| &p[..p.find('"').unwrap()])
        .find(|k| page.contains(&format!("id=\"b-{k}\"")))
        .expect("a claim present on both sides");
    assert!(page.contains(&format!("id=\"a-{k}\" class=\"claim ")));
    assert!(page.contains(&format!("href=\"#b-{k}\"")));
    assert!(page.contains(&format!("href=\"#a-{k}\"")));
    assert!(assert_anchors_resolve(&page) > 4);
    let (status, _) = get(&app, "/compare?a=1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = get(&app, "/stories/77").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn script_in_compared_text_stays_inert() {
    let other = HOSTILE_TEXT.replace("on Friday", "on Saturday");
    let docs = [
        analyze("hostile-a", HOSTILE_TEXT, "2026-03-11"),
        analyze("hostile-b", &other, "2026-03-11"),
    ];
    let (_dir, path) = store_with(&docs);
    let app = readout_server::router(state(&path));
    let (status, facts_page) = get(&app, "/compare?a=1&b=2").await;
    assert_eq!(status, StatusCode::OK, "{facts_page}");
    assert_eq!(facts_page.matches("<script").count(), 1, "{facts_page}");
    let (status, page) = get(&app, "/compare?a=1&b=2&view=sentences").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("class=\"claim "),
        "claims are highlighted: {page}"
    );
    // The only script is our own file; the article's markup comes out as text.
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    assert!(page.contains("<script src=\"/static/app.js\" defer></script>"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    for bad in ["<img", "<b>bold", "</div></article>", "onerror=alert(1)>"] {
        assert!(!page.contains(bad), "{bad:?} escaped: {page}");
    }
    let (_, v) = get_json(&app, "/api/compare?a=1&b=2").await;
    assert!(!v["comparison"]["pairs"][0]["items"]
        .as_array()
        .unwrap()
        .is_empty());
}
