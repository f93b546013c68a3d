//! Shared test helpers: a store in a temporary file holding analyzed articles of our own text.

#![allow(dead_code)]

use axum::body::Body as HttpBody;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use readout_core::{Document, InputInfo, InputKind};
use readout_pipeline::ingest::{Article, Body};
use readout_pipeline::{Analyzer, AnalyzerOptions};
use readout_server::{AppState, Db};
use readout_store::Store;
use tower::ServiceExt;

/// A made-up article (written for these tests).
pub const FERRY_TEXT: &str = "Harbor council approves ferry deal\n\n\
PORT VELL — The harbor council of Port Vell approved a new ferry contract on Tuesday, \
council chair Amira Sollen said.\n\n\
\"We have waited three years for this,\" Sollen told reporters after the vote. Transport \
minister Dario Kest met Sollen in Port Vell on Monday and praised the agreement.\n\n\
At least 12 dock workers were injured in a fire at the ferry terminal last week, the \
Harbor Authority said.";

/// Text full of markup that must come out escaped.
pub const HOSTILE_TEXT: &str = "Officials in Lorvik warned <script>alert(1)</script> \
about \"><img src=x onerror=alert(1)> and javascript:alert(1) links on Friday, \
council member Tove Brandt said. 'single' & <b>bold</b> </div></article>";

/// Analyze `text` as a plain-text article.
pub fn analyze(id: &str, text: &str, published: &str) -> Document {
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    analyzer
        .analyze(Article {
            id: id.to_string(),
            body: Body::Text(text.to_string()),
            title: None,
            url: None,
            source: None,
            published: Some(published.to_string()),
            input: InputInfo {
                kind: InputKind::Text,
                ..InputInfo::default()
            },
            origin: id.to_string(),
        })
        .expect("the test article analyzes")
}

/// A temporary database holding `docs`; keep the `TempDir` alive while it is used.
pub fn store_with(docs: &[Document]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("readout.db");
    let mut store = Store::open(&path).expect("open store");
    for d in docs {
        store.put_document(d, "test").expect("store the document");
    }
    (dir, path)
}

/// Application state over a database file.
pub fn state(path: &std::path::Path) -> AppState {
    AppState::new(Db::open(path).expect("open the pool"))
}

/// `GET uri` in-process: the status and the body as text.
pub async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let resp = app
        .clone()
        .oneshot(Request::get(uri).body(HttpBody::empty()).unwrap())
        .await
        .expect("the router answers");
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}
