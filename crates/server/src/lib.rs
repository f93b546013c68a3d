//! # readout-server: the HTTP API and web UI over the store
//!
//! [`router`] builds the whole application (JSON API under `/api`, server-rendered pages,
//! the stylesheet and script); [`serve`] binds it to an address and runs it until SIGINT or
//! SIGTERM. Tests drive [`router`] in-process or on a listener bound to port 0.
//!
//! * Reads need no credentials, so [`serve`] refuses a non-loopback address unless
//!   [`Config::allow_remote`] is set.
//! * `POST /api/articles` analyzes and stores an article; it needs `Authorization: Bearer
//!   TOKEN` and is refused (403) when no token is configured.
//! * Article text is untrusted: pages escape everything and send a strict
//!   Content-Security-Policy (no inline script or style).

pub mod api;
pub mod db;
pub mod error;
pub mod html;
pub mod pages;
pub mod render;
pub mod stories;
pub mod story_events;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use readout_pipeline::{Analyzer, AnalyzerOptions};

pub use db::Db;
pub use error::ApiError;

/// The OpenAPI 3 description of the JSON API, served at `/api/openapi.yaml`.
pub const OPENAPI_YAML: &str = include_str!("../openapi.yaml");

/// Largest request body accepted (an article of up to 16 MiB, as for `readout analyze`).
pub const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;

/// Model version recorded with articles stored through the API when none is configured.
pub const MODEL_VERSION: &str = concat!("readout ", env!("CARGO_PKG_VERSION"));

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database file (created if missing).
    pub db: PathBuf,
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Allow a non-loopback address (reads are then open to the network).
    pub allow_remote: bool,
    /// Bearer token for `POST /api/articles`; `None` disables writes.
    pub token: Option<String>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Version string stored with posted articles (as `readout ingest --model-version`);
    /// `None` for [`MODEL_VERSION`].
    pub model_version: Option<String>,
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    /// Store connections.
    pub db: Db,
    /// The analyzer for posted articles (its entity model is loaded once).
    pub analyzer: Arc<Analyzer>,
    /// Bearer token for writes; `None` refuses them.
    pub token: Option<Arc<str>>,
    /// Largest request body, in bytes.
    pub max_body: usize,
    /// Version string stored with posted articles.
    pub model_version: Arc<str>,
}

impl AppState {
    /// State over `db` with the default analyzer, no write token and the default body limit.
    pub fn new(db: Db) -> AppState {
        AppState {
            db,
            analyzer: Arc::new(Analyzer::new(AnalyzerOptions::default())),
            token: None,
            max_body: DEFAULT_MAX_BODY,
            model_version: Arc::from(MODEL_VERSION),
        }
    }

    /// Accept writes bearing this token.
    pub fn with_token(mut self, token: impl Into<String>) -> AppState {
        let token: String = token.into();
        self.token = Some(Arc::from(token.as_str()));
        self
    }
}

/// Every route: (method, path, handler). [`router`] is built from this table, and a test
/// checks that `openapi.yaml` describes each entry.
pub fn routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    vec![
        ("GET", "/", get(pages::home)),
        ("GET", "/search", get(pages::search)),
        ("GET", "/articles/{id}", get(pages::article)),
        (
            "GET",
            "/articles/{id}/entities/{local}",
            get(pages::article_entity),
        ),
        ("GET", "/entities/{id}", get(pages::entity)),
        ("GET", "/events", get(pages::events)),
        ("GET", "/stories", get(stories::stories_page)),
        ("GET", "/stories/{id}", get(stories::story_page)),
        ("GET", "/compare", get(stories::compare_page)),
        ("GET", "/static/style.css", get(pages::style_css)),
        ("GET", "/static/app.js", get(pages::app_js)),
        ("GET", "/api/search", get(api::search)),
        ("POST", "/api/articles", post(api::post_article)),
        ("GET", "/api/articles/{id}", get(api::article)),
        ("GET", "/api/entities", get(api::find_entities)),
        ("GET", "/api/entities/{id}", get(api::entity)),
        ("GET", "/api/events", get(api::events)),
        ("GET", "/api/quotes", get(api::quotes)),
        ("GET", "/api/stats", get(api::stats)),
        ("GET", "/api/stories", get(stories::api_stories)),
        ("GET", "/api/stories/{id}", get(stories::api_story)),
        ("GET", "/api/compare", get(stories::api_compare)),
        ("GET", "/api/openapi.yaml", get(api::openapi)),
    ]
}

/// The application: API, pages and static files. Every response carries the security
/// headers (CSP, nosniff, no framing, no referrer).
pub fn router(state: AppState) -> Router {
    let mut app = Router::new();
    for (_, path, handler) in routes() {
        app = app.route(path, handler);
    }
    app.fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(html::CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// Errors that stop the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Non-loopback address without `allow_remote`.
    #[error("refusing to listen on {0}: it is not a loopback address, and reads need no credentials; listen on 127.0.0.1, or pass --allow-remote to expose the database to the network")]
    Remote(SocketAddr),
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] readout_store::StoreError),
    /// The address could not be bound, or serving failed.
    #[error("cannot listen on {addr}: {source}; pick a free port (or port 0 for any)")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    /// The token file could not be read, or holds no token.
    #[error("{}: {reason}", path.display())]
    Token {
        /// The token file.
        path: PathBuf,
        /// What is wrong with it, and what to do.
        reason: String,
    },
}

/// The bearer token that `POST /api/articles` requires: the trimmed content of `file`, else
/// of the READOUT_TOKEN environment variable; `None` (writes refused) when neither gives one.
/// A token file that cannot be read, or is empty, is an error: the operator meant to enable
/// writes.
pub fn read_token(file: Option<&std::path::Path>) -> Result<Option<String>, ServeError> {
    let Some(path) = file else {
        return Ok(std::env::var("READOUT_TOKEN")
            .ok()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()));
    };
    let error = |reason: String| ServeError::Token {
        path: path.to_path_buf(),
        reason,
    };
    let raw = std::fs::read_to_string(path)
        .map_err(|e| error(format!("cannot read the token file: {e}")))?;
    match raw.trim() {
        "" => Err(error(
            "the token file is empty; write a long random token into it".to_string(),
        )),
        token => Ok(Some(token.to_string())),
    }
}

/// Check that `config` may be served (loopback, or remote allowed).
pub fn check_config(config: &Config) -> Result<(), ServeError> {
    if !config.addr.ip().is_loopback() && !config.allow_remote {
        return Err(ServeError::Remote(config.addr));
    }
    Ok(())
}

/// Bind `config.addr` and serve until SIGINT or SIGTERM; in-flight requests finish first
/// (their database queries are interrupted: they end at once with 503).
/// `on_listen` is called with the bound address (useful with port 0).
pub async fn serve(config: Config, on_listen: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    check_config(&config)?;
    let db = Db::open(&config.db)?;
    let closer = db.clone();
    let mut state = AppState::new(db);
    state.max_body = config.max_body;
    if let Some(v) = config.model_version {
        state.model_version = Arc::from(v.as_str());
    }
    if let Some(token) = config.token {
        state = state.with_token(token);
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    on_listen(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // Queries still running are interrupted, so their requests end now.
            closer.close();
        })
        .await?;
    Ok(())
}

/// [`serve`] on a new multi-threaded runtime, for callers without one (the CLI).
pub fn serve_blocking(
    config: Config,
    on_listen: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    check_config(&config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(config, on_listen))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_file_gives_its_trimmed_content_and_an_empty_or_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "  secret-1\n").unwrap();
        assert_eq!(
            read_token(Some(&path)).unwrap().as_deref(),
            Some("secret-1")
        );
        std::fs::write(&path, " \n").unwrap();
        let empty = read_token(Some(&path)).unwrap_err().to_string();
        assert!(empty.contains("token file is empty"), "{empty}");
        let missing = read_token(Some(&dir.path().join("nope"))).unwrap_err();
        assert!(
            missing.to_string().contains("cannot read the token file"),
            "{missing}"
        );
    }
}
