//! The store against hand-built documents (our own invented text).

use readout_core::{
    Document, Entity, EntityMention, EntityType, Event, EventActor, EventDateSource, MentionKind,
    Quote, QuoteKind, Sentence, Span, SpanText, TextZone,
};
use readout_store::{EventFilter, PutStatus, QuoteFilter, Store, StoreError};

/// Builds a document over `text`, finding spans by substring.
struct Doc {
    doc: Document,
}

impl Doc {
    fn new(id: &str, text: &str, published: &str) -> Doc {
        let mut doc = Document::from_normalized(id, text.to_string());
        doc.published = Some(published.to_string());
        doc.title = text.lines().next().map(String::from);
        doc.content_hash = format!("hash-of-{}", text.len());
        // One sentence per paragraph; the first paragraph is the headline.
        let mut start = 0;
        for (i, para) in text.split("\n\n").enumerate() {
            doc.sentences.push(Sentence {
                span: Span {
                    start,
                    end: start + para.len(),
                },
                text: para.to_string(),
                zone: if i == 0 {
                    TextZone::Title
                } else {
                    TextZone::Body
                },
                paragraph: i,
                token_start: 0,
                token_end: 0,
            });
            start += para.len() + 2;
        }
        Doc { doc }
    }

    fn span(&self, needle: &str) -> Span {
        let start = self.doc.text.find(needle).expect("needle in text");
        Span {
            start,
            end: start + needle.len(),
        }
    }

    fn entity(mut self, name: &str, kind: EntityType, kb: Option<&str>, mentions: &[&str]) -> Doc {
        let id = format!("e{}", self.doc.entities.len() + 1);
        let mentions = mentions
            .iter()
            .map(|m| EntityMention {
                span: self.span(m),
                text: m.to_string(),
                kind: MentionKind::Name,
                mention: None,
            })
            .collect::<Vec<_>>();
        self.doc.entities.push(Entity {
            id,
            name: name.into(),
            kind,
            aliases: mentions.iter().map(|m| m.text.clone()).collect(),
            mentions,
            affiliation: None,
            role: None,
            kb: kb.map(String::from),
        });
        self
    }

    fn quote(mut self, content: &str, speaker: Option<(&str, &str)>) -> Doc {
        let span = self.span(content);
        let speaker_text = speaker.map(|(_, text)| SpanText {
            span: self.span(text),
            text: text.into(),
        });
        self.doc.quotes.push(Quote {
            span,
            text: content.into(),
            kind: QuoteKind::Direct,
            cue: None,
            speaker: speaker.map(|(id, _)| id.to_string()),
            speaker_text,
            source: None,
            affiliation: None,
            sentence: 0,
        });
        self
    }

    fn event(
        mut self,
        sentence: &str,
        code: &str,
        actor: (&str, Option<&str>),
        recipient: Option<(&str, Option<&str>)>,
        date: Option<&str>,
    ) -> Doc {
        let span = self.span(sentence);
        let party = |d: &Doc, (text, entity): (&str, Option<&str>)| EventActor {
            span: d.span(text),
            text: text.into(),
            entity: entity.map(String::from),
            code: None,
        };
        let actors = vec![party(&self, actor)];
        let recipients = recipient.map(|r| vec![party(&self, r)]).unwrap_or_default();
        self.doc.events.push(Event {
            id: format!("v{}", self.doc.events.len() + 1),
            span,
            text: sentence.into(),
            sentence: self
                .doc
                .sentences
                .iter()
                .position(|s| s.span.start <= span.start && span.end <= s.span.end)
                .unwrap(),
            code: code.into(),
            label: format!("label {code}"),
            plover: None,
            actors,
            recipients,
            trigger: SpanText {
                span,
                text: sentence.into(),
            },
            date: date.map(String::from),
            date_source: EventDateSource::Publication,
            source: None,
            negated: false,
            hypothetical: false,
            confidence: 0.9,
            support: vec![],
        });
        self
    }

    fn build(self) -> Document {
        self.doc
    }
}

fn ferry_article() -> Document {
    Doc::new(
        "ferry-1",
        "Ferry talks resume in Port Vell\n\nIlse Márrow met Tomas Quill in Port Vell on Monday. \"The crossing will reopen,\" Márrow said.",
        "2031-04-07",
    )
    .entity("Ilse Márrow", EntityType::Person, None, &["Ilse Márrow", "Márrow"])
    .entity("Tomas Quill", EntityType::Person, None, &["Tomas Quill"])
    .entity("Port Vell", EntityType::Location, Some("PVL"), &["Port Vell"])
    .quote("The crossing will reopen,", Some(("e1", "Márrow")))
    .event(
        "Ilse Márrow met Tomas Quill in Port Vell on Monday.",
        "040",
        ("Ilse Márrow", Some("e1")),
        Some(("Tomas Quill", Some("e2"))),
        Some("2031-04-06"),
    )
    .build()
}

fn harbour_article() -> Document {
    Doc::new(
        "harbour-2",
        "Harbour strike ends\n\nILSE MARROW thanked dock workers. Marrow later flew to Port Vell. Quill stayed home.",
        "2031-05-02",
    )
    .entity("ILSE MARROW", EntityType::Person, None, &["ILSE MARROW", "Marrow"])
    .entity("Quill", EntityType::Person, None, &["Quill"])
    .entity("Port Vell", EntityType::Location, Some("PVL"), &["Port Vell"])
    .event(
        "ILSE MARROW thanked dock workers.",
        "051",
        ("ILSE MARROW", Some("e1")),
        None,
        Some("2031-05-01"),
    )
    .build()
}

#[test]
fn same_document_twice_is_stored_once_and_a_new_model_replaces_annotations() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = ferry_article();
    let first = store.put_document(&doc, "model-a").unwrap();
    assert_eq!(first.status, PutStatus::Inserted);
    let again = store.put_document(&doc, "model-a").unwrap();
    assert_eq!(again.status, PutStatus::Unchanged);
    assert_eq!(again.article_id, first.article_id);
    assert_eq!(store.stats().unwrap().articles, 1);
    assert_eq!(store.stats().unwrap().quotes, 1);

    // The upgraded model finds no quote and one event fewer: the old ones must go.
    let mut upgraded = doc.clone();
    upgraded.quotes.clear();
    upgraded.events.clear();
    let replaced = store.put_document(&upgraded, "model-b").unwrap();
    assert_eq!(replaced.status, PutStatus::Replaced);
    assert_eq!(replaced.article_id, first.article_id);
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.quotes, stats.events), (1, 0, 0));
    assert_eq!(stats.model_versions.get("model-b"), Some(&1));
    assert!(!stats.model_versions.contains_key("model-a"));
    // Search still finds the article exactly once; the dropped quote is gone from its index.
    assert_eq!(store.search("crossing", 10, 0).unwrap().len(), 1);
    assert!(store.search_quotes("crossing", 10, 0).unwrap().is_empty());
    store.check().unwrap();

    // The same text under another id is another article.
    let mut copy = doc.clone();
    copy.id = "ferry-copy".into();
    assert_eq!(
        store.put_document(&copy, "model-b").unwrap().status,
        PutStatus::Inserted
    );
    assert_eq!(store.stats().unwrap().articles, 2);
    store.check().unwrap();
}

#[test]
fn replacing_drops_entities_no_other_article_mentions() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = ferry_article();
    store.put_document(&doc, "a").unwrap();
    assert_eq!(store.stats().unwrap().entities, 3);
    let mut fewer = doc.clone();
    fewer.entities.truncate(1);
    fewer.quotes.clear();
    fewer.events.clear();
    store.put_document(&fewer, "b").unwrap();
    assert_eq!(store.stats().unwrap().entities, 1);
    assert!(store.find_entities("Tomas Quill", 5).unwrap().is_empty());
}

#[test]
fn people_merge_across_articles_on_full_name_only() {
    let mut store = Store::open_in_memory().unwrap();
    store.put_document(&ferry_article(), "m").unwrap();
    store.put_document(&harbour_article(), "m").unwrap();

    // "Ilse Márrow" and "ILSE MARROW" are one person (case and diacritics folded).
    let ilse = store.find_entities("ilse marrow", 10).unwrap();
    assert_eq!(ilse.len(), 1, "{ilse:?}");
    assert_eq!(ilse[0].articles, 2);
    assert_eq!(ilse[0].mentions, 4);
    // A bare surname in another article does not join "Tomas Quill".
    let quill = store.find_entities("quill", 10).unwrap();
    assert_eq!(quill.len(), 2, "{quill:?}");
    // The place merges on its code.
    let place = store.find_entities("Port Vell", 10).unwrap();
    assert_eq!(place.len(), 1);
    assert_eq!(place[0].kb.as_deref(), Some("PVL"));
    assert_eq!(store.stats().unwrap().entities, 4);

    // Each article links its local entities to the global ones.
    let links = store.article_entities(2).unwrap();
    let locals: Vec<&str> = links.iter().map(|l| l.local_id.as_str()).collect();
    assert_eq!(locals, ["e1", "e2", "e3"]);
    assert_eq!(links[0].entity_id, ilse[0].entity_id);
    assert_eq!(links[2].entity_id, place[0].entity_id);
    assert!(store.article_entities(99).unwrap().is_empty());

    let record = store.entity(ilse[0].entity_id).unwrap().unwrap();
    assert_eq!(record.kind, EntityType::Person);
    assert!(record.aliases.iter().any(|a| a == "ILSE MARROW"));
    assert!(record.aliases.iter().any(|a| a == "Márrow"));
    assert_eq!(record.mentions.len(), 2);
    let ferry = &record.mentions[0];
    assert_eq!(ferry.doc_id, "ferry-1");
    assert_eq!(ferry.local_id, "e1");
    let text = store
        .article(ferry.article_id)
        .unwrap()
        .unwrap()
        .document
        .text;
    for span in &ferry.spans {
        assert_eq!(&text[span.start..span.end], span.text);
    }
    // Timeline: the meeting (04-06), the quote (published 04-07), the thanks (05-01).
    let kinds: Vec<_> = record
        .timeline
        .iter()
        .map(|t| (t.role.as_str(), t.date.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("actor", "2031-04-06"),
            ("speaker", "2031-04-07"),
            ("actor", "2031-05-01")
        ]
    );
    assert!(store.entity(9999).unwrap().is_none());
}

#[test]
fn different_types_or_codes_do_not_merge() {
    let mut store = Store::open_in_memory().unwrap();
    let a = Doc::new("a", "Vell Holdings reported.", "2031-01-01")
        .entity("Vell", EntityType::Organization, Some("VELCO"), &["Vell"])
        .build();
    let b = Doc::new("b", "Vell is a town by the sea.", "2031-01-01")
        .entity("Vell", EntityType::Location, None, &["Vell"])
        .build();
    let c = Doc::new("c", "Vell, the rival firm, reported too.", "2031-01-01")
        .entity(
            "Vell",
            EntityType::Organization,
            Some("VELRIVAL"),
            &["Vell"],
        )
        .build();
    let d = Doc::new("d", "Vell shares rose on the news.", "2031-01-01")
        .entity("Vell", EntityType::Organization, None, &["Vell"])
        .build();
    for doc in [&a, &b, &c, &d] {
        store.put_document(doc, "m").unwrap();
    }
    let found = store.find_entities("vell", 10).unwrap();
    // ORG VELCO (joined by the code-less "Vell" ORG of d), LOC Vell, ORG VELRIVAL.
    assert_eq!(found.len(), 3, "{found:?}");
    let velco = found
        .iter()
        .find(|e| e.kb.as_deref() == Some("VELCO"))
        .unwrap();
    assert_eq!(velco.articles, 2);
}

#[test]
fn search_ranks_snippets_and_never_fails_on_syntax() {
    let mut store = Store::open_in_memory().unwrap();
    store.put_document(&ferry_article(), "m").unwrap();
    store.put_document(&harbour_article(), "m").unwrap();

    let hits = store.search("ferry", 10, 0).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc_id, "ferry-1");
    assert!(hits[0].snippet.contains("[Ferry]"), "{}", hits[0].snippet);
    assert!(hits[0].score > 0.0);
    assert_eq!(hits[0].published.as_deref(), Some("2031-04-07"));

    // Diacritics fold; both articles mention Port Vell; prefix search.
    assert_eq!(store.search("marrow", 10, 0).unwrap().len(), 2);
    assert_eq!(store.search("\"port vell\"", 10, 0).unwrap().len(), 2);
    assert_eq!(store.search("harb*", 10, 0).unwrap().len(), 1);
    assert_eq!(store.search("port vell", 1, 1).unwrap().len(), 1);
    // A title match outranks body matches.
    assert_eq!(
        store.search("port vell", 10, 0).unwrap()[0].doc_id,
        "ferry-1"
    );
    let strike = store.search("strike OR ferry", 10, 0).unwrap();
    assert!(strike.is_empty(), "words are ANDed; OR is a word");

    for nasty in [
        "AND (",
        "-port",
        "title:",
        "\"unclosed",
        "a^b",
        "NEAR(",
        "*",
        "x\"y",
    ] {
        let result = store.search(nasty, 10, 0);
        assert!(
            !matches!(
                result,
                Err(StoreError::Sqlite { .. }) | Err(StoreError::Query { .. })
            ),
            "{nasty:?}: {result:?}"
        );
    }
    assert!(matches!(
        store.search("  ", 10, 0),
        Err(StoreError::InvalidArgument { .. })
    ));
    let raw = store.search_raw("ferry AND (", 10, 0).unwrap_err();
    assert!(matches!(raw, StoreError::Query { .. }), "{raw:?}");
    assert!(raw.to_string().contains("FTS5"), "{raw}");
    assert_eq!(store.search_raw("strike OR ferry", 10, 0).unwrap().len(), 2);

    let quotes = store.search_quotes("crossing", 10, 0).unwrap();
    assert_eq!(quotes.len(), 1);
    assert!(quotes[0].speaker_id.is_some());
}

#[test]
fn events_filter_by_party_date_and_code() {
    let mut store = Store::open_in_memory().unwrap();
    store.put_document(&ferry_article(), "m").unwrap();
    store.put_document(&harbour_article(), "m").unwrap();
    let all = store.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].event.code, "040", "sorted by date");

    let by = |f: EventFilter| {
        store
            .events(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.event.code)
            .collect::<Vec<_>>()
    };
    let f = EventFilter::default;
    assert_eq!(
        by(EventFilter {
            actor: Some("Marrow".into()),
            ..f()
        }),
        ["040", "051"]
    );
    assert_eq!(
        by(EventFilter {
            recipient: Some("tomas quill".into()),
            ..f()
        }),
        ["040"]
    );
    assert_eq!(
        by(EventFilter {
            actor: Some("Quill".into()),
            ..f()
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        by(EventFilter {
            from: Some("2031-05".into()),
            ..f()
        }),
        ["051"]
    );
    assert_eq!(
        by(EventFilter {
            to: Some("2031-04".into()),
            ..f()
        }),
        ["040"]
    );
    assert_eq!(
        by(EventFilter {
            from: Some("2031-04-06".into()),
            to: Some("2031-04-06".into()),
            ..f()
        }),
        ["040"]
    );
    assert_eq!(
        by(EventFilter {
            code: Some("05".into()),
            ..f()
        }),
        ["051"]
    );
    assert_eq!(
        by(EventFilter {
            limit: 1,
            offset: 1,
            ..f()
        }),
        ["051"]
    );

    let ilse = store.find_entities("Ilse Marrow", 1).unwrap()[0].entity_id;
    let events = store
        .events(&EventFilter {
            actor_id: Some(ilse),
            ..f()
        })
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].actor_ids, vec![Some(ilse)]);
    assert!(events[0].is_root);

    let bad = store
        .events(&EventFilter {
            from: Some("last week".into()),
            ..f()
        })
        .unwrap_err();
    assert!(bad.to_string().contains("YYYY-MM-DD"), "{bad}");
}

#[test]
fn quotes_filter_by_speaker() {
    let mut store = Store::open_in_memory().unwrap();
    store.put_document(&ferry_article(), "m").unwrap();
    store.put_document(&harbour_article(), "m").unwrap();
    let quotes = store
        .quotes(&QuoteFilter {
            speaker: Some("ilse marrow".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].quote.text, "The crossing will reopen,");
    assert_eq!(quotes[0].speaker_name.as_deref(), Some("Ilse Márrow"));
    let none = store
        .quotes(&QuoteFilter {
            speaker: Some("Quill".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(store.quotes(&QuoteFilter::default()).unwrap().len(), 1);
}

#[test]
fn articles_round_trip_and_stream() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = ferry_article();
    let id = store.put_document(&doc, "m").unwrap().article_id;
    let back = store.article(id).unwrap().unwrap();
    assert_eq!(back.document.text, doc.text);
    assert_eq!(back.document.entities, doc.entities);
    assert_eq!(back.document.events, doc.events);
    // The whole record comes back, its text, quotes and events put back from their columns.
    assert!(!doc.quotes.is_empty() && !doc.events.is_empty());
    assert_eq!(
        serde_json::to_value(&back.document).unwrap(),
        serde_json::to_value(&doc).unwrap()
    );
    assert_eq!(back.model_version, "m");
    assert_eq!(
        store
            .article_by_doc_id("ferry-1")
            .unwrap()
            .unwrap()
            .article_id,
        id
    );
    assert!(store.article_by_doc_id("nope").unwrap().is_none());
    store.put_document(&harbour_article(), "m").unwrap();
    let mut ids = Vec::new();
    let mut events = Vec::new();
    store
        .each_article(|a| {
            ids.push(a.document.id);
            events.push(a.document.events.len());
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert_eq!(ids, ["ferry-1", "harbour-2"]);
    assert_eq!(events, [1, 1]);
}

#[test]
fn bad_documents_are_errors() {
    let mut store = Store::open_in_memory().unwrap();
    let mut doc = ferry_article();
    doc.id = " ".into();
    assert!(matches!(
        store.put_document(&doc, "m"),
        Err(StoreError::Document { .. })
    ));
    assert!(store.put_document(&ferry_article(), "").is_err());
    // Dangling references (an entity id that does not exist) are stored without a link.
    let mut dangling = ferry_article();
    dangling.quotes[0].speaker = Some("e99".into());
    dangling.events[0].actors[0].entity = Some("e42".into());
    dangling.content_hash.clear();
    let out = store.put_document(&dangling, "m").unwrap();
    assert_eq!(out.status, PutStatus::Inserted);
    let q = store.quotes(&QuoteFilter::default()).unwrap();
    assert_eq!(q[0].speaker_id, None);
}

#[test]
fn files_persist_and_foreign_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.put_document(&ferry_article(), "m").unwrap();
    }
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.stats().unwrap().articles, 1);
    assert_eq!(
        ro.schema_version().unwrap(),
        readout_store::schema::current_version()
    );
    let mut ro = ro;
    let err = ro.put_document(&harbour_article(), "m").unwrap_err();
    assert!(
        err.to_string().contains("readonly") || err.to_string().contains("read"),
        "{err}"
    );
    // Reopening for writing is a no-op migration.
    assert_eq!(Store::open(&path).unwrap().stats().unwrap().articles, 1);

    let missing = Store::open_read_only(&dir.path().join("none.db")).unwrap_err();
    assert!(matches!(missing, StoreError::Missing { .. }));
    assert!(missing.to_string().contains("readout ingest"), "{missing}");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database, just some words ".repeat(50)).unwrap();
    let err = Store::open(&text).unwrap_err();
    assert!(matches!(err, StoreError::NotReadout { .. }), "{err:?}");

    let other = dir.path().join("other.db");
    {
        let _ = Store::open(&other).unwrap();
    }
    set_application_id(&other, 7);
    let err = Store::open(&other).unwrap_err();
    assert!(matches!(err, StoreError::NotReadout { .. }), "{err:?}");

    let newer = dir.path().join("newer.db");
    {
        let _ = Store::open(&newer).unwrap();
    }
    set_user_version(&newer, 99);
    let err = Store::open(&newer).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found: 99, .. }),
        "{err:?}"
    );
    assert!(Store::open(dir.path()).is_err());
}

fn set_user_version(path: &std::path::Path, v: u32) {
    // SQLite header: user_version is the big-endian u32 at offset 60.
    patch_header(path, 60, v);
}

fn set_application_id(path: &std::path::Path, v: u32) {
    // application_id is the big-endian u32 at offset 68.
    patch_header(path, 68, v);
}

fn patch_header(path: &std::path::Path, offset: u64, v: u32) {
    use std::io::{Seek, SeekFrom, Write};
    // Fold the WAL into the main file first so the header on disk is the live one.
    {
        let store = Store::open(path);
        drop(store);
    }
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(offset)).unwrap();
    f.write_all(&v.to_be_bytes()).unwrap();
}

#[test]
fn a_batch_commits_together_and_a_failing_document_leaves_no_trace() {
    let mut store = Store::open_in_memory().unwrap();
    {
        let mut batch = store.batch().unwrap();
        batch.put_document(&ferry_article(), "m").unwrap();
        let mut bad = harbour_article();
        bad.id = String::new();
        assert!(batch.put_document(&bad, "m").is_err());
        // A blank version string is refused.
        assert!(batch.put_document(&harbour_article(), " ").is_err());
        assert_eq!(batch.len(), 1);
        batch.commit().unwrap();
    }
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.entities, stats.events), (1, 3, 1));
    {
        // Dropped without commit: rolled back.
        let mut batch = store.batch().unwrap();
        batch.put_document(&harbour_article(), "m").unwrap();
    }
    assert_eq!(store.stats().unwrap().articles, 1);
    let mut batch = store.batch().unwrap();
    let out = batch.put_document(&harbour_article(), "m").unwrap();
    assert_eq!(out.status, PutStatus::Inserted);
    // Replaced twice within one batch, and an article from before the batch replaced.
    assert_eq!(
        batch.put_document(&harbour_article(), "m2").unwrap().status,
        PutStatus::Replaced
    );
    assert_eq!(
        batch.put_document(&ferry_article(), "m2").unwrap().status,
        PutStatus::Replaced
    );
    assert_eq!(
        batch.put_document(&ferry_article(), "m3").unwrap().status,
        PutStatus::Replaced
    );
    batch.commit().unwrap();
    assert_eq!(store.stats().unwrap().articles, 2);
    assert_eq!(store.search("port vell", 10, 0).unwrap().len(), 2);
    assert_eq!(store.search_quotes("crossing", 10, 0).unwrap().len(), 1);
    store.check().unwrap();
    store.check().unwrap();
}

#[test]
fn a_version_3_database_upgrades_and_replaces_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let ferry = ferry_article();
    let id = {
        let mut store = Store::open(&path).unwrap();
        store.put_document(&ferry, "m1").unwrap().article_id
    };
    // Back to the version 3 schema: the three indexes migration 4 drops, a mention row that
    // points to an entity its article does not link (left by a document that repeated an
    // entity id), and a record as written then (text, quotes and events inside).
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE articles SET record = ?1 WHERE article_id = ?2",
            rusqlite::params![serde_json::to_string(&ferry).unwrap(), id],
        )
        .unwrap();
        conn.execute_batch(&format!(
            "CREATE INDEX events_code ON events (code);
             CREATE INDEX events_date ON events (date);
             CREATE INDEX entity_mentions_article ON entity_mentions (article_id);
             INSERT INTO entity_mentions (article_id, local_id, entity_id, start, end, text, kind)
                 VALUES ({id}, 'e9', 999, 0, 5, 'Ferry', 'name');
             PRAGMA user_version = 3;"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        readout_store::schema::current_version()
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM sqlite_master WHERE name IN
             ('events_code', 'events_date', 'entity_mentions_article')"
        ),
        0
    );
    // The stray row is gone, the article's own mentions are kept.
    let mentions: usize = ferry.entities.iter().map(|e| e.mentions.len()).sum();
    assert_eq!(
        count("SELECT COUNT(*) FROM entity_mentions"),
        mentions as i64
    );
    let marrow = store.find_entities("Ilse Márrow", 5).unwrap();
    assert_eq!(marrow[0].mentions, 2);
    // The old record reads as it was written (quotes and events not doubled).
    let json = |d: &Document| serde_json::to_value(d).unwrap();
    let back = store.article(id).unwrap().unwrap().document;
    assert_eq!(json(&back), json(&ferry));

    // Re-analysis with fewer entities removes their mentions (deleted through the entity
    // index now) and their entities.
    let mut fewer = ferry.clone();
    fewer.entities.truncate(1);
    fewer.quotes.clear();
    fewer.events.clear();
    assert_eq!(
        store.put_document(&fewer, "m2").unwrap().status,
        PutStatus::Replaced
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM entity_mentions"),
        fewer.entities[0].mentions.len() as i64
    );
    assert_eq!(store.stats().unwrap().entities, 1);
    let back = store.article(id).unwrap().unwrap().document;
    assert_eq!(json(&back), json(&fewer));
    store.check().unwrap();
    // No row points to a removed entity or article (the keys and aliases of the removed
    // entities went with them).
    assert_eq!(
        count("SELECT COUNT(*) FROM entity_keys WHERE entity_id NOT IN (SELECT entity_id FROM entities)")
            + count("SELECT COUNT(*) FROM entity_aliases WHERE entity_id NOT IN (SELECT entity_id FROM entities)"),
        0
    );
    let violations: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");
    // Tomas Quill's entity is gone with its key: a new article about him gets a new entity,
    // and the next one merges with it.
    let quill = |id: &str| {
        Doc::new(
            id,
            &format!("Quill returns ({id})\n\nTomas Quill returned to Port Vell."),
            "2031-06-01",
        )
        .entity("Tomas Quill", EntityType::Person, None, &["Tomas Quill"])
        .build()
    };
    store.put_document(&quill("q1"), "m2").unwrap();
    store.put_document(&quill("q2"), "m2").unwrap();
    let found = store.find_entities("Tomas Quill", 5).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].articles, 2);
}

/// More rows per table than one multi-row statement holds (23 = 16 + 4 + 2 + 1 rows; 46
/// actors = 32 + 8 + 4 + 2): every row lands with its own values and ids.
#[test]
fn many_annotations_go_in_whole_and_in_order() {
    let n = 23;
    let mut text = String::from("Talks everywhere\n\n");
    for k in 0..n {
        text.push_str(&format!(
            "Anna Q{k}x met Berta R{k}x. \"Harbour line zq{k} reopens,\" Anna Q{k}x said.\n\n"
        ));
    }
    let text = text.trim_end().to_string();
    let mut doc = Doc::new("many-1", &text, "2031-06-01");
    for k in 0..n {
        doc = doc
            .entity(
                &format!("Anna Q{k}x"),
                EntityType::Person,
                None,
                &[&format!("Anna Q{k}x")],
            )
            .entity(
                &format!("Berta R{k}x"),
                EntityType::Person,
                None,
                &[&format!("Berta R{k}x")],
            );
    }
    for k in 0..n {
        let (anna, berta) = (format!("e{}", 2 * k + 1), format!("e{}", 2 * k + 2));
        doc = doc
            .quote(
                &format!("Harbour line zq{k} reopens,"),
                Some((&anna, &format!("Anna Q{k}x"))),
            )
            .event(
                &format!("Anna Q{k}x met Berta R{k}x."),
                "040",
                (&format!("Anna Q{k}x"), Some(&anna)),
                Some((&format!("Berta R{k}x"), Some(&berta))),
                Some("2031-05-31"),
            );
    }
    let doc = doc.build();
    let mut store = Store::open_in_memory().unwrap();
    // An article before it, so that its quote and event ids do not start at 1.
    store.put_document(&ferry_article(), "m").unwrap();
    let id = store.put_document(&doc, "m").unwrap().article_id;
    let back = store.article(id).unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(&back.document).unwrap(),
        serde_json::to_value(&doc).unwrap()
    );
    for k in [0, 15, 16, 22] {
        let anna = format!("Anna Q{k}x");
        let quotes = store
            .quotes(&QuoteFilter {
                speaker: Some(anna.clone()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(quotes.len(), 1, "{anna}");
        assert_eq!(quotes[0].quote.text, format!("Harbour line zq{k} reopens,"));
        assert_eq!(quotes[0].speaker_name.as_deref(), Some(anna.as_str()));
        // The full-text index points at the same quote row.
        let hits = store.search_quotes(&format!("zq{k}"), 5, 0).unwrap();
        assert_eq!(hits.len(), 1, "{anna}");
        assert_eq!(hits[0].quote_id, quotes[0].quote_id);
        assert_eq!(hits[0].speaker_text.as_deref(), Some(anna.as_str()));
        // Each event's actors are its own, linked to the right global entities.
        let events = store
            .events(&EventFilter {
                actor: Some(anna.clone()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(events.len(), 1, "{anna}");
        assert_eq!(events[0].event.text, format!("Anna Q{k}x met Berta R{k}x."));
        let berta = store.find_entities(&format!("Berta R{k}x"), 5).unwrap();
        assert_eq!(events[0].recipient_ids, vec![Some(berta[0].entity_id)]);
        let record = store.entity(berta[0].entity_id).unwrap().unwrap();
        assert_eq!(record.mentions.len(), 1);
        assert_eq!(record.aliases, [format!("Berta R{k}x")]);
    }
    // Storing the same article again under a new version replaces every row once.
    store.put_document(&doc, "m2").unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.quotes, stats.events), (n as i64 + 1, n as i64 + 1));
    store.check().unwrap();
}

#[test]
fn stored_keys_find_unchanged_articles_by_id_hash_and_version() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = Doc::new("k1", "Dock plan approved\n\nThe council met.", "2024-03-05").doc;
    let stored = store.put_document(&doc, "v1").unwrap();
    let keys = store.stored_keys("v1").unwrap();
    assert_eq!(keys.len(), 1);
    let hash = || Some(doc.content_hash.clone());
    assert_eq!(keys.unchanged("k1", hash), Some(stored.article_id));
    assert_eq!(keys.unchanged("k1", || Some("other".into())), None);
    // An id the store does not hold needs no hash at all.
    assert_eq!(
        keys.unchanged("k2", || panic!("hashed an unknown article")),
        None
    );
    assert!(store.stored_keys("v2").unwrap().is_empty());
}

#[test]
fn search_queries_are_deduplicated_and_bounded() {
    let q = readout_store::fts_query(&vec!["said"; 400].join(" ")).unwrap();
    assert_eq!(q, "\"said\"");
    let many: Vec<String> = (0..33).map(|i| format!("w{i}")).collect();
    let err = readout_store::fts_query(&many.join(" ")).unwrap_err();
    assert!(matches!(err, StoreError::InvalidArgument { .. }), "{err}");
    assert!(err.to_string().contains("33 different words"), "{err}");
    assert!(readout_store::fts_query(&many[..32].join(" ")).is_ok());
    let long = "x".repeat(5000);
    assert!(readout_store::fts_query(&long)
        .unwrap_err()
        .to_string()
        .contains("4096-byte limit"));
}

#[test]
fn a_raw_query_syntax_error_is_a_query_error() {
    let mut store = Store::open_in_memory().unwrap();
    let doc = Doc::new("k1", "Dock plan approved\n\nThe council met.", "2024-03-05").doc;
    store.put_document(&doc, "v1").unwrap();
    for bad in ["\"", "(council", "AND"] {
        let err = store.search_raw(bad, 10, 0).unwrap_err();
        assert!(matches!(err, StoreError::Query { .. }), "{bad}: {err}");
    }
}

/// Two accounts of one meeting, telling it from either side, and an unrelated article: the
/// story's events are one event with both reports, its parties matched by global entity.
#[test]
fn story_events_group_the_reports_of_one_story() {
    let meeting = |id: &str, text: &str, sentence: &str, first: &str, second: &str| {
        Doc::new(id, text, "2031-03-11")
            .entity(first, EntityType::Person, None, &[first])
            .entity(second, EntityType::Person, None, &[second])
            .event(
                sentence,
                "040",
                (first, Some("e1")),
                Some((second, Some("e2"))),
                Some("2031-03-10"),
            )
            .build()
    };
    let a = meeting(
        "a",
        "Quill meets Brask in Velm\n\nMarta Quill met Oskar Brask in Velm on Monday to discuss the river treaty.",
        "Marta Quill met Oskar Brask in Velm on Monday to discuss the river treaty.",
        "Marta Quill",
        "Oskar Brask",
    );
    let b = meeting(
        "b",
        "Brask and Quill discuss river treaty in Velm\n\nOskar Brask met Marta Quill in Velm on Monday about the river treaty.",
        "Oskar Brask met Marta Quill in Velm on Monday about the river treaty.",
        "Oskar Brask",
        "Marta Quill",
    );
    let mut store = Store::open_in_memory().unwrap();
    for d in [&a, &b, &ferry_article()] {
        store.put_document(d, "m").unwrap();
    }
    store
        .rebuild_stories(&readout_compare::StoryOptions::default())
        .unwrap();
    let story = store.story_of_article(1).unwrap().expect("a story");
    assert_eq!(store.story_of_article(2).unwrap(), Some(story), "one story");

    let per_report = store
        .events(&EventFilter {
            story: Some(story),
            ..EventFilter::default()
        })
        .unwrap();
    assert_eq!(
        per_report.len(),
        2,
        "the ferry article's event is another story's"
    );
    let events = store.story_events(story, &EventFilter::default()).unwrap();
    assert_eq!(events.len(), 1, "{events:#?}");
    let e = &events[0];
    assert_eq!(e.reports.len(), 2);
    assert_eq!(e.event.documents, 2);
    // The sides as one report tells them, with that report's global ids.
    let quill = per_report[0].actor_ids[0].expect("a global id");
    let names: Vec<&str> = e.event.actors.iter().map(|a| a.text.as_str()).collect();
    let ids = if names == ["Marta Quill"] {
        (Some(quill), per_report[0].recipient_ids[0])
    } else {
        (per_report[0].recipient_ids[0], Some(quill))
    };
    assert_eq!((e.actor_ids[0], e.recipient_ids[0]), ids);
    assert!(e.event.differences.is_empty(), "{:?}", e.event.differences);
}
