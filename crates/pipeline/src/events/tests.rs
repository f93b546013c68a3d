//! Coder tests over a small hand-written dictionary (invented countries and verbs), so that
//! they test the coder's logic rather than the shipped dictionary's contents.

use readout_core::{Document, EventDateSource};

use super::{Dictionary, EventCoder};
use crate::{Analyzer, AnalyzerOptions};

const VERBS: &str = "\
---  VISIT   [042]  ---
VISIT
- * (FOR TALKS)   [043]
---  ATTACK   [190]  ---
ATTACK
SHELL
---  URGE   [020]  ---
URGE
- * (TO &CEASE)   [0256]
&CEASE
+HALT
+STOP
---  MEET   [040]  ---
MEET {MEETS MET MEETING}
- * NOTHING_AT_ALL   [---]
---  SAY   [010]  ---
SAY {SAYS SAID SAYING}
";

const ACTORS: &str = "\
FREEDONIA_ [FRD]
+FREEDONIAN_
SYLVANIA_ [SYL]
+SYLVANIAN_
MARSHALIA_ [MRS]
";

const AGENTS: &str = "\
FOREIGN_MINISTER [~GOV]
TROOPS [~MIL]
POLICE [~COP]
";

fn coder() -> EventCoder {
    let mut d = Dictionary::default();
    d.read_verbs(VERBS);
    d.read_actors(ACTORS);
    d.read_agents(AGENTS);
    d.read_labels("LABEL: 040= Consult\nLABEL: 042= Make a visit\nLABEL: 190= Use conventional military force\nLABEL: 020= Make an appeal or request\n");
    d.read_plover("040: CONSULT,  ,\n042: CONSULT, visit,\n190: ASSAULT,  ,\n");
    EventCoder::new(d)
}

fn analyze(text: &str, published: &str) -> Document {
    let options = AnalyzerOptions {
        published: crate::parse_published(published),
        keep_tokens: true,
        ..AnalyzerOptions::default()
    };
    let article = crate::ingest::Article::from_text("t", text);
    let mut doc = Analyzer::new(options).analyze(article).unwrap();
    coder().code(&mut doc);
    doc
}

fn codes(doc: &Document) -> Vec<(String, String, String)> {
    doc.events
        .iter()
        .map(|e| {
            let j = |a: &[readout_core::EventActor]| {
                a.iter()
                    .map(|x| x.code.clone().unwrap_or("?".into()))
                    .collect::<Vec<_>>()
                    .join("+")
            };
            (j(&e.actors), e.code.clone(), j(&e.recipients))
        })
        .collect()
}

fn triple(a: &str, c: &str, r: &str) -> (String, String, String) {
    (a.into(), c.into(), r.into())
}

#[test]
fn active_sentence_gives_actor_code_recipient() {
    let doc = analyze("Freedonia attacked Sylvania on Monday.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "SYL")]);
    let e = &doc.events[0];
    assert_eq!(e.trigger.text, "attacked");
    assert_eq!(e.plover.as_ref().unwrap().category, "ASSAULT");
    assert!(matches!(e.date_source, EventDateSource::Time { .. }));
    assert_eq!(e.date.as_deref(), Some("2031-05-12"));
}

#[test]
fn passive_voice_swaps_roles() {
    let doc = analyze("Sylvania was attacked by Freedonia.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "SYL")]);
    assert_eq!(doc.events[0].date_source, EventDateSource::Publication);
}

#[test]
fn compound_actors_are_one_event_with_a_list() {
    let doc = analyze("Freedonia and Marshalia attacked Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD+MRS", "190", "SYL")]);
}

#[test]
fn pattern_refines_the_code_and_agents_join_their_country() {
    let doc = analyze(
        "The Freedonian foreign minister urged Sylvania to halt the shelling.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc)[0], triple("FRDGOV", "0256", "SYL"));
}

#[test]
fn no_recipient_no_event_and_statements_are_not_a_fallback() {
    assert!(analyze("Freedonia attacked.", "2031-05-14")
        .events
        .is_empty());
    assert!(analyze("Freedonia said Sylvania was calm.", "2031-05-14")
        .events
        .is_empty());
}

#[test]
fn negation_and_modality_are_flagged() {
    let doc = analyze("Freedonia did not attack Sylvania.", "2031-05-14");
    assert!(doc.events[0].negated);
    let doc = analyze("Freedonia will visit Sylvania.", "2031-05-14");
    assert!(doc.events[0].hypothetical && !doc.events[0].negated);
}

#[test]
fn nominal_events_with_possessive_actor() {
    let doc = analyze(
        "Freedonia's invasion of Sylvania began at dawn.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "192", "SYL")]);
}

#[test]
fn repeated_reports_are_one_event_with_support() {
    let doc = analyze(
        "Freedonia attacked Sylvania on Monday.\n\nOfficials confirmed it. Freedonia attacked Sylvania on Monday, they said.",
        "2031-05-14",
    );
    assert_eq!(doc.events.len(), 1, "{:?}", codes(&doc));
    assert_eq!(doc.events[0].support.len(), 2);
}

#[test]
fn noun_uses_of_verbs_are_not_events() {
    assert!(analyze(
        "The visit by the police of Freedonia to Sylvania ended.",
        "2031-05-14"
    )
    .events
    .iter()
    .all(|e| e.code != "042" || e.trigger.text != "visit"));
}

#[test]
fn embedded_dictionary_loads_and_knows_common_codes() {
    let c = EventCoder::embedded();
    assert_eq!(c.actor_code("Ukraine", None).as_deref(), Some("UKR"));
    assert!(c.label("042").to_lowercase().contains("visit"));
    assert_eq!(c.plover("042").unwrap().category, "CONSULT");
}
