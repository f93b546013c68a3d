//! A story's events deduplicated: three accounts of one meeting (written for these tests)
//! give one event on `/api/stories/{id}` and on the story page, with every report.

mod common;

use axum::http::StatusCode;
use readout_compare::StoryOptions;
use readout_store::Store;
use serde_json::Value;

use common::*;

const WIRE: &str = "Norway and Chile pledge closer fishing ties\n\n\
OSLO — Norway's foreign minister met Chile's foreign minister on Monday in Oslo to discuss \
fishing quotas and salmon exports.\n\n\
The two governments agreed to set up a joint working group on aquaculture, officials said.";

const DAILY: &str = "Chilean and Norwegian ministers hold talks on salmon\n\n\
The foreign ministers of Chile and Norway held talks in Oslo on Monday, focusing on \
fisheries and trade in farmed salmon.\n\n\
Chile's minister said the meeting had been \"frank and productive\".";

const POST: &str = "Oslo talks end with aquaculture pact\n\n\
The Chilean foreign minister visited Norway on Monday. The two ministers discussed salmon \
exports and fishing rights during the visit.";

#[tokio::test]
async fn a_story_lists_each_real_world_event_once_with_every_report() {
    let docs = [
        analyze("wire", WIRE, "2031-03-11"),
        analyze("daily", DAILY, "2031-03-11"),
        analyze("post", POST, "2031-03-12"),
    ];
    let (_dir, path) = store_with(&docs);
    Store::open(&path)
        .unwrap()
        .rebuild_stories(&StoryOptions::default())
        .unwrap();
    let app = readout_server::router(state(&path));

    let (status, body) = get(&app, "/api/stories/1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let story: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(story["members"].as_array().unwrap().len(), 3, "one story");
    let events = story["events"].as_array().expect("an events field");
    let reports: usize = events
        .iter()
        .map(|e| e["reports"].as_array().unwrap().len())
        .sum();
    // The meeting, coded in every account, is one event reported by all three.
    let meeting: Vec<&Value> = events
        .iter()
        .filter(|e| e["code"].as_str().unwrap().starts_with("04"))
        .collect();
    assert_eq!(meeting.len(), 1, "{events:#?}");
    let meeting = meeting[0];
    assert_eq!(meeting["documents"], 3);
    assert_eq!(meeting["date"], "2031-03-10");
    assert!(
        events.len() < reports,
        "{} events, {reports} reports",
        events.len()
    );
    // Every report points at its sentence in its article.
    for r in meeting["reports"].as_array().unwrap() {
        let doc = docs.iter().find(|d| d.id == r["doc_id"]).unwrap();
        let (start, end) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
        assert_eq!(&doc.text[start as usize..end as usize], r["text"]);
        assert!(r["article_id"].as_i64().is_some() && r["event_id"].as_i64().is_some());
    }

    let (status, page) = get(&app, "/stories/1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h2>Events</h2>"), "{page}");
    assert_eq!(page.matches("id=\"sev-").count(), events.len());
    let n = meeting["reports"].as_array().unwrap().len();
    assert!(page.contains(&format!("{n} in 3 articles")), "{page}");
    let first = &meeting["reports"][0];
    let link = format!(
        "href=\"/articles/{}#trg-{}\"",
        first["article_id"],
        first["doc_event"].as_str().unwrap()
    );
    assert!(page.contains(&link), "{link} in {page}");
    let trigger = first["trigger"]["text"].as_str().unwrap();
    assert!(page.contains(&format!("<mark>{trigger}</mark>")), "{page}");
    // The link's target exists on the article page.
    let (_, article) = get(&app, &format!("/articles/{}", first["article_id"])).await;
    let anchor = format!("id=\"trg-{}\"", first["doc_event"].as_str().unwrap());
    assert!(article.contains(&anchor), "{anchor}");
}
