//! A real browser (Chromium through chromedriver) loads an article page, clicks an entity
//! highlight and lands on the entity page; on a compare page, clicking a claim lands on its
//! counterpart in the other account.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`;
//! other paths through READOUT_CHROMIUM and READOUT_CHROMEDRIVER). Without them the test
//! prints why and passes, unless READOUT_REQUIRE_BROWSER=1 (set by `.ci/run`), where it fails.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use common::*;

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tool(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    path.is_file().then_some(path)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicking_an_entity_in_an_article_opens_its_entity_page() {
    let chromium = tool("READOUT_CHROMIUM", "/usr/bin/chromium");
    let driver = tool("READOUT_CHROMEDRIVER", "/usr/bin/chromedriver");
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        let msg = "chromium and/or chromedriver not found (install with `apt-get install -y \
                   chromium chromium-driver`, or set READOUT_CHROMIUM / READOUT_CHROMEDRIVER)";
        if std::env::var("READOUT_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("READOUT_REQUIRE_BROWSER=1 but {msg}");
        }
        eprintln!("SKIPPED browser test: {msg}");
        return;
    };

    // The server, on a port of its own, over a store holding our example article.
    let doc = analyze("ferry-browser", FERRY_TEXT, "2026-03-11");
    let person = doc
        .entities
        .iter()
        .find(|e| e.kind == readout_core::EntityType::Person)
        .expect("the example names a person")
        .clone();
    let event = doc.events.first().map(|e| e.id.clone());
    let quoted = doc
        .quotes
        .iter()
        .position(|q| q.speaker_text.is_some())
        .expect("the example has a quote with its speaker")
        + 1;
    // A second account (another injury figure) for the compare page.
    let other = analyze(
        "ferry-browser-2",
        &FERRY_TEXT.replace("At least 12", "At least 15"),
        "2026-03-11",
    );
    let (_dir, path) = store_with(&[doc, other]);
    let app = readout_server::router(state(&path));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    // chromedriver, with a fresh profile for Chromium.
    let port = free_port();
    let _driver = KillOnDrop(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }),
    );
    let started = Instant::now();
    let client = loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if started.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot start a browser session through chromedriver: {e}"),
        }
    };

    let result = async {
        client.goto(&format!("http://{addr}/articles/1")).await?;
        // The stylesheet loaded despite the strict CSP.
        let ws = client
            .execute(
                "return getComputedStyle(document.querySelector('.article-text')).whiteSpace",
                vec![],
            )
            .await?;
        assert_eq!(ws, "pre-wrap", "the stylesheet applies");
        let link = client
            .find(Locator::Css(&format!(
                "a.ent-PER[data-entity='{}'][href^='/entities/']",
                person.id
            )))
            .await?;
        let shown = link.text().await?;
        assert!(
            person.aliases.contains(&shown) || person.name.contains(shown.as_str()),
            "the highlight shows a name of the entity: {shown:?}"
        );
        link.click().await?;
        let h1 = client
            .wait()
            .for_element(Locator::Css("h1.entity-name"))
            .await?;
        assert_eq!(h1.text().await?, person.name);
        let url = client.current_url().await?;
        assert!(url.path().starts_with("/entities/"), "{url}");
        let mut aliases = Vec::new();
        for li in client.find_all(Locator::Css("ul.aliases li")).await? {
            aliases.push(li.text().await?);
        }
        for a in &person.aliases {
            assert!(aliases.contains(a), "alias {a:?} is listed: {aliases:?}");
        }

        // Back on the article: a quote's marker leads to its speaker, the speaker back to
        // the quote, an event trigger to its row in the events table.
        client.back().await?;
        let target = || async {
            client
                .execute(
                    "return document.querySelector(':target')?.id ?? null",
                    vec![],
                )
                .await
        };
        client
            .find(Locator::Css(&format!("a.qmark[href='#spk-q{quoted}']")))
            .await?
            .click()
            .await?;
        assert_eq!(target().await?, format!("spk-q{quoted}"));
        if let Some(ev) = &event {
            client
                .find(Locator::Css(&format!("a.event[href='#event-{ev}']")))
                .await?
                .click()
                .await?;
            assert_eq!(target().await?, format!("event-{ev}"));
        }

        // The compare page by fact: a figure on side A links to its counterpart on side B.
        client
            .goto(&format!("http://{addr}/compare?a=1&b=2"))
            .await?;
        let fact = client
            .find(Locator::Css(".side-a .compare-text a.claim[href^='#fb-']"))
            .await?;
        let href = fact.attr("href").await?.expect("the fact links");
        fact.click().await?;
        assert_eq!(target().await?, href.trim_start_matches('#'));

        // The sentence view: a claim on side A links to its counterpart on side B.
        client
            .goto(&format!("http://{addr}/compare?a=1&b=2&view=sentences"))
            .await?;
        let claim = client
            .find(Locator::Css(".side-a .compare-text a.claim[href^='#b-']"))
            .await?;
        let href = claim.attr("href").await?.expect("the claim links");
        claim.click().await?;
        let id = href.trim_start_matches('#').to_string();
        assert_eq!(target().await?, id, "the click lands on B's span");
        let other_side = client
            .find(Locator::Css(&format!(".side-b .compare-text a.claim#{id}")))
            .await?;
        assert!(other_side.is_displayed().await?, "B's span is visible");
        assert!(!other_side.text().await?.is_empty());
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
    server.abort();
    result.expect("the browser session");
}
