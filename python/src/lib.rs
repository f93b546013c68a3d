//! `readout._readout`: the compiled half of the Python package. It takes articles, runs the
//! pipeline and returns each record as the JSON text `readout analyze` prints; the Python half
//! (`readout/__init__.py`) turns that into dicts and Arrow tables. Bad input raises
//! `ValueError` with the CLI's message; a panic inside the pipeline (a bug) raises
//! `RuntimeError` (pyo3 turns panics into exceptions), never aborting the interpreter.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use readout_core::{Document, InputInfo, InputKind};
use readout_pipeline::ingest::{parse_jsonl_record, Article, Body};
use readout_pipeline::{batch, Analyzer, AnalyzerOptions};

/// The CLI's message for a bad `--published` value.
fn parse_date(value: Option<&str>) -> PyResult<Option<chrono::NaiveDate>> {
    value
        .map(|s| {
            readout_pipeline::parse_published(s).ok_or_else(|| {
                PyValueError::new_err(format!("{s:?} is not a date; write it as YYYY-MM-DD"))
            })
        })
        .transpose()
}

fn analyzer(published: Option<&str>) -> PyResult<Analyzer> {
    Ok(Analyzer::new(AnalyzerOptions {
        published: parse_date(published)?,
        ..AnalyzerOptions::default()
    }))
}

fn to_json(doc: &Document) -> String {
    // A Document is plain data (strings, numbers, vectors): serializing it cannot fail.
    serde_json::to_string(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// An in-memory article from its text (or HTML) and metadata.
fn article_from_parts(
    body: String,
    id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    html: bool,
) -> Article {
    let id = id.unwrap_or_else(|| "text".to_string());
    let input = InputInfo {
        kind: if html {
            InputKind::Html
        } else {
            InputKind::Text
        },
        bytes: body.len(),
        ..InputInfo::default()
    };
    Article {
        origin: id.clone(),
        id,
        body: if html {
            Body::Html(body.into_bytes())
        } else {
            Body::Text(body)
        },
        title,
        url,
        source: None,
        published,
        input,
    }
}

/// One item of `analyze_many`: a string is an article's text; anything else is a dict with the
/// JSONL fields, read as `readout analyze` reads a JSONL line (given here as its JSON text in
/// `bytes`, made by the Python side). Items are named `item N` (0-based) in messages and default ids.
fn article_from_item(index: usize, item: &Bound<'_, PyAny>) -> PyResult<Article> {
    let origin = format!("item {index}");
    if item.cast::<PyString>().is_ok() {
        let text: String = item.extract()?;
        let mut article = Article::from_text(format!("item:{index}"), text);
        article.origin = origin;
        return Ok(article);
    }
    let json = item.cast::<PyBytes>().map_err(|_| {
        PyValueError::new_err(format!(
            "{origin}: an item is a string (the article text) or a dict with the JSONL fields \
             (text or html, and optional id, title, url, published, source)"
        ))
    })?;
    let json = json.as_bytes();
    let input = InputInfo {
        kind: InputKind::Jsonl,
        line: Some(index + 1),
        bytes: json.len(),
        ..InputInfo::default()
    };
    parse_jsonl_record(json, origin, format!("item:{index}"), input)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Analyze one article; returns its record as JSON text. Raises ValueError on bad input.
#[pyfunction]
#[pyo3(signature = (text, *, published=None, id=None, title=None, url=None, html=false))]
fn analyze_json(
    py: Python<'_>,
    text: String,
    published: Option<&str>,
    id: Option<String>,
    title: Option<String>,
    url: Option<String>,
    html: bool,
) -> PyResult<String> {
    let analyzer = analyzer(published)?;
    let article = article_from_parts(text, id, title, url, None, html);
    py.detach(|| analyzer.analyze(article).map(|doc| to_json(&doc)))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Analyze many items on `threads` threads (0: every core) with the GIL released. Returns one
/// entry per item, in order: `(record_json, None)` or `(None, error_message)`. Items given as
/// dicts must already be JSON text in `bytes` (the Python side does that).
#[pyfunction]
#[pyo3(signature = (items, *, threads=0, published=None))]
fn analyze_many_json(
    py: Python<'_>,
    items: Vec<Bound<'_, PyAny>>,
    threads: usize,
    published: Option<&str>,
) -> PyResult<Vec<(Option<String>, Option<String>)>> {
    let analyzer = analyzer(published)?;
    // Items that cannot even be read become that item's error, like a bad JSONL line.
    let articles: Vec<Result<Article, String>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| article_from_item(i, item).map_err(|e| e.value(py).to_string()))
        .collect();
    drop(items);
    let mut out = Vec::with_capacity(articles.len());
    py.detach(|| {
        batch::map_ordered(
            articles,
            threads,
            |item| {
                item.and_then(|article| {
                    analyzer
                        .analyze(article)
                        .map(|doc| to_json(&doc))
                        .map_err(|e| e.to_string())
                })
            },
            |result| {
                out.push(match result {
                    Ok(Ok(json)) => (Some(json), None),
                    Ok(Err(message)) => (None, Some(message)),
                    Err(panic) => (None, Some(panic.to_string())),
                });
                Ok::<_, ()>(())
            },
        )
    })
    .map_err(|()| PyValueError::new_err("analysis stopped"))?;
    Ok(out)
}

/// Compare two or more accounts (items as for `analyze_many`); returns the compare report as
/// JSON text, the same as `readout compare --format json`.
#[pyfunction]
#[pyo3(signature = (items, *, published=None))]
fn compare_json(
    py: Python<'_>,
    items: Vec<Bound<'_, PyAny>>,
    published: Option<&str>,
) -> PyResult<String> {
    let analyzer = analyzer(published)?;
    let articles = items
        .iter()
        .enumerate()
        .map(|(i, item)| article_from_item(i, item))
        .collect::<PyResult<Vec<Article>>>()?;
    if articles.len() < 2 {
        return Err(PyValueError::new_err(format!(
            "compare needs at least two articles and {} were given; give two or more",
            articles.len()
        )));
    }
    py.detach(|| {
        let mut docs = Vec::with_capacity(articles.len());
        for article in articles {
            docs.push(analyzer.analyze(article).map_err(|e| e.to_string())?);
        }
        let refs: Vec<&Document> = docs.iter().collect();
        let comparison =
            readout_compare::compare(&refs, &readout_compare::CompareOptions::default());
        serde_json::to_string(&comparison).map_err(|e| e.to_string())
    })
    .map_err(PyValueError::new_err)
}

/// The number of threads `analyze_many` uses by default: every core.
#[pyfunction]
fn default_threads() -> usize {
    batch::default_threads()
}

#[pymodule]
fn _readout(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many_json, m)?)?;
    m.add_function(wrap_pyfunction!(compare_json, m)?)?;
    m.add_function(wrap_pyfunction!(default_threads, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
