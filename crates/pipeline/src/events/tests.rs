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
HIT
SHELL
KILL
FIRE
---  CONDEMN   [111]  ---
CONDEMN
---  REJECT   [120]  ---
REJECT
---  URGE   [020]  ---
URGE
- * (TO &CEASE)   [0256]
&CEASE
+HALT
+STOP
---  MEET   [040]  ---
MEET {MEETS MET MEETING}
- * NOTHING_AT_ALL   [---]
---  PRESS   [170]  ---
PRESS
- * ARMED   [154]
---  DEMAND   [100]  ---
DEMAND
---  SAY   [010]  ---
SAY {SAYS SAID SAYING}
---  AGREE   [050]  ---
AGREE
---  RESIGN   [083]  ---
RESIGN
---  EXPEL   [174]  ---
EXPEL {EXPELLED}
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
JOURNALIST [~MED]
COMPANY [~BUS]
PRESIDENT [~GOV]
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
    analyze_with(text, published, false)
}

/// Analyze with the test dictionary, with or without the parse stage.
fn analyze_with(text: &str, published: &str, no_parse: bool) -> Document {
    let options = AnalyzerOptions {
        published: crate::parse_published(published),
        keep_tokens: true,
        no_parse,
        ..AnalyzerOptions::default()
    };
    let article = crate::ingest::Article::from_text("t", text);
    let mut doc = Analyzer::new(options).analyze(article).unwrap();
    coder().code(&mut doc);
    crate::assert_spans(&doc);
    doc
}

/// Analyze with the full pipeline and the shipped (embedded) event dictionary.
fn analyze_shipped(text: &str, published: &str) -> Document {
    let options = AnalyzerOptions {
        published: crate::parse_published(published),
        ..AnalyzerOptions::default()
    };
    let doc = Analyzer::new(options)
        .analyze(crate::ingest::Article::from_text("t", text))
        .unwrap();
    crate::assert_spans(&doc);
    doc
}

/// The CAMEO codes the shipped dictionary gives a text.
fn shipped_codes(text: &str) -> Vec<String> {
    analyze_shipped(text, "2031-05-14")
        .events
        .iter()
        .map(|e| e.code.clone())
        .collect()
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
    assert_eq!(e.plover.as_ref().unwrap().category.as_str(), "ASSAULT");
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
fn reduced_passive_takes_its_actor_from_by() {
    let doc = analyze(
        "Sylvania, attacked by Freedonia on Monday, asked for help.",
        "2031-05-14",
    );
    assert!(
        codes(&doc).contains(&triple("FRD", "190", "SYL")),
        "{:?}",
        codes(&doc)
    );
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
    // Force stands with an actor alone (PLOVER style, no recipient); a visit does not.
    let doc = analyze("Freedonia attacked.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "")]);
    assert!(analyze("Freedonia visited.", "2031-05-14")
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
    assert_eq!(c.plover("042").unwrap().category.as_str(), "CONSULT");
}

/// A whole invented report with the shipped dictionary: the appeal, the phone consultation,
/// the abstention and the vote against (each dated from its own sentence), the nominal
/// invasion and a second state's appeal.
#[test]
fn a_diplomatic_report_yields_dated_events_with_the_shipped_dictionary() {
    let text = "Norway asks India to press Iran on talks\n\n\
        Norwegian Foreign Minister Ana Quill called her counterpart Ravi Tal on Tuesday and urged India to use its influence with Iran.\n\n\
        On March 3, India abstained from voting on a UN Security Council resolution.\n\n\
        Two days later, India voted against the UN Human Rights Council's decision.\n\n\
        The phone call between Quill and Tal was the first since Iran's invasion of Iraq.\n\n\
        Chile also called on India to help end the fighting.";
    let doc = analyze_shipped(text, "2031-03-07");
    let find = |code: &str, trigger: &str| {
        doc.events
            .iter()
            .find(|e| e.code == code && e.trigger.text == trigger)
            .unwrap_or_else(|| panic!("no {code} event on {trigger:?}: {:#?}", doc.events))
    };
    let codes = |a: &[readout_core::EventActor]| {
        a.iter()
            .map(|x| x.code.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let call = find("041", "called");
    assert_eq!(codes(&call.actors), vec!["NORGOV"]);
    assert_eq!(
        call.date.as_deref(),
        Some("2031-03-04"),
        "Tuesday before a Friday publication"
    );
    let appeal = find("020", "urged");
    assert_eq!(
        (codes(&appeal.actors), codes(&appeal.recipients)),
        (vec!["NORGOV".to_string()], vec!["IND".to_string()])
    );
    let abstain = find("080", "abstained");
    assert_eq!(codes(&abstain.recipients), vec!["IGOUNO"]);
    assert_eq!(abstain.date.as_deref(), Some("2031-03-03"));
    let against = find("110", "voted");
    assert_eq!(codes(&against.actors), vec!["IND"]);
    assert_eq!(
        against.date.as_deref(),
        Some("2031-03-05"),
        "two days after March 3"
    );
    let invasion = find("192", "invasion");
    assert_eq!(
        (codes(&invasion.actors), codes(&invasion.recipients)),
        (vec!["IRN".to_string()], vec!["IRQ".to_string()])
    );
    assert_eq!(
        invasion.date_source,
        EventDateSource::Publication,
        "a reference, not dated by its sentence"
    );
    let chile = find("020", "called");
    assert_eq!(
        (codes(&chile.actors), codes(&chile.recipients)),
        (vec!["CHL".to_string()], vec!["IND".to_string()])
    );
    assert_eq!(
        chile.plover.as_ref().map(|p| p.category.as_str()),
        Some("REQUEST")
    );
}

#[test]
fn spokespeople_do_not_commit_the_acts_they_report() {
    let doc = analyze(
        "The spokesman for Freedonia attacked Sylvania.",
        "2031-05-14",
    );
    assert!(
        doc.events.iter().all(|e| e.code != "190"),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn a_spokesperson_named_after_the_actor_still_only_reports() {
    // The role word stands between the organisation's name and the verb of a relative
    // clause; the shipped dictionary codes the organisation, not the office.
    let text = "Report\n\nUN High Commissioner for Refugees spokesman Ivo Brandt, who has \
        killed at least 20 civilians in Chad, spoke on Monday.";
    let doc = analyze_shipped(text, "2031-03-07");
    assert!(
        doc.events.iter().all(|e| !e.code.starts_with("18")
            && !e.code.starts_with("19")
            && !e.code.starts_with("20")),
        "{:#?}",
        doc.events
    );
}

#[test]
fn the_object_of_a_verb_is_not_the_subject_of_the_next_one() {
    // "X attacked Y near Z, shelled W": W is X's second target, not Y's.
    let doc = analyze(
        "Freedonia attacked Sylvanian police near the border, shelled Marshalia.",
        "2031-05-14",
    );
    let got = codes(&doc);
    assert!(got.contains(&triple("FRD", "190", "SYLCOP")), "{got:?}");
    assert!(got.contains(&triple("FRD", "190", "MRS")), "{got:?}");
    assert!(got.iter().all(|t| t.0 != "SYLCOP"), "{got:?}");
    // A relative pronoun makes the object the next subject.
    let doc = analyze(
        "Freedonia attacked Sylvania, which shelled Marshalia.",
        "2031-05-14",
    );
    let got = codes(&doc);
    assert!(got.contains(&triple("SYL", "190", "MRS")), "{got:?}");
}

#[test]
fn a_person_named_by_role_acts_with_the_persons_code() {
    // Machine translation turned the surname Wang into "the king"; resolution ties the role
    // to the person, and the coder gives it the person's code rather than a bare agent code.
    let text = "Talks\n\nChinese Foreign Minister Wang Tao met Foreign Minister Olena Marchuk \
        of Ukraine in Geneva on Monday.\n\nOn Tuesday the king criticized Ukraine over the \
        grain deal.";
    let doc = analyze_shipped(text, "2031-03-07");
    let criticism = doc
        .events
        .iter()
        .find(|e| e.trigger.text == "criticized")
        .unwrap_or_else(|| panic!("no event on 'criticized': {:#?}", doc.events));
    assert_eq!(criticism.actors.len(), 1);
    assert_eq!(criticism.actors[0].text, "the king");
    assert_eq!(criticism.actors[0].code.as_deref(), Some("CHNGOV"));
    assert!(criticism.actors[0].entity.is_some());
}

#[test]
fn a_headline_event_takes_the_date_of_the_lead_between_the_same_countries() {
    let text = "Norway urges India to press Iran\n\n\
        Norwegian Foreign Minister Ana Quill telephoned Indian Foreign Minister Ravi Tal on \
        Tuesday to discuss the sanctions.\n\n\
        Iran criticized Norway on Friday.";
    let doc = analyze_shipped(text, "2031-03-07");
    let headline = doc
        .events
        .iter()
        .find(|e| e.trigger.text == "urges")
        .unwrap_or_else(|| panic!("no headline event: {:#?}", doc.events));
    // Tuesday before a Friday 2031-03-07 publication.
    assert_eq!(
        headline.date.as_deref(),
        Some("2031-03-04"),
        "{headline:#?}"
    );
    assert!(matches!(headline.date_source, EventDateSource::Time { .. }));
}

#[test]
fn an_announcing_paragraph_takes_the_date_of_the_next_and_references_join_their_event() {
    let text = "Talks\n\n\
        Chile also called on India to help end the fighting.\n\n\
        On Monday, Chilean Foreign Minister Ana Quill telephoned Indian Foreign Minister \
        Ravi Tal to discuss the fighting.\n\n\
        The phone call between Quill and Tal was the first since the war began.";
    let doc = analyze_shipped(text, "2031-03-07");
    let appeal = doc
        .events
        .iter()
        .find(|e| e.code.starts_with("02"))
        .unwrap_or_else(|| panic!("no appeal: {:#?}", doc.events));
    assert_eq!(appeal.date.as_deref(), Some("2031-03-03"), "{appeal:#?}");
    // The later "phone call between …" is the Monday call, not a new undated event.
    let calls: Vec<_> = doc.events.iter().filter(|e| e.code == "041").collect();
    assert_eq!(calls.len(), 1, "{calls:#?}");
    assert_eq!(calls[0].date.as_deref(), Some("2031-03-03"));
    assert_eq!(calls[0].support.len(), 2, "{:#?}", calls[0]);
}

#[test]
fn pattern_words_stop_at_the_infinitive_of_the_object() {
    // "armed" belongs to "stop", the object's own verb, not to "pressed".
    let doc = analyze(
        "Freedonia pressed Sylvania to stop armed raids.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "170", "SYL")]);
    // Within the verb's own phrase the pattern applies.
    let doc = analyze("Freedonia pressed armed Sylvanian police.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "154", "SYLCOP")]);
}

#[test]
fn a_quoted_gerund_after_a_preposition_is_a_noun() {
    let doc = analyze(
        "Freedonia told Sylvania about the “shelling of towns” and “attacking villages” in Marshalia.",
        "2031-05-14",
    );
    assert!(
        doc.events.iter().all(|e| e.code != "190"),
        "{:?}",
        codes(&doc)
    );
    // Unquoted and after its subject, the same form is a verb.
    let doc = analyze("Freedonia is attacking Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "SYL")]);
}

// The failure patterns of word-order coding that the parse mends (issue 19), each with a
// sentence of our own.

#[test]
fn the_subject_acts_not_the_nearest_phrase() {
    // Word order would make Freedonia (the nearest actor before "attacked") the attacker.
    let doc = analyze(
        "Freedonia's envoy told reporters that Sylvania attacked Marshalia on Monday.",
        "2031-05-14",
    );
    assert!(
        codes(&doc).contains(&triple("SYL", "190", "MRS")),
        "{:?}",
        codes(&doc)
    );
    assert!(!codes(&doc)
        .iter()
        .any(|(a, c, _)| a.starts_with("FRD") && c == "190"));
}

#[test]
fn a_place_after_a_preposition_of_direction_is_no_recipient() {
    let doc = analyze(
        "Freedonia fired a missile toward the Sea of Tarn on Monday.",
        "2031-05-14",
    );
    for e in &doc.events {
        assert!(
            e.recipients.iter().all(|r| !r.text.contains("Sea")),
            "{:#?}",
            doc.events
        );
    }
}

#[test]
fn prepositions_and_adverbs_are_no_triggers() {
    let doc = analyze(
        "Sylvania lost twelve soldiers on Monday, according to Freedonia.",
        "2031-05-14",
    );
    assert!(
        doc.events.iter().all(|e| e.trigger.text != "according"),
        "{:#?}",
        doc.events
    );
}

#[test]
fn a_passive_without_agent_codes_no_actor_and_with_one_swaps_roles() {
    let doc = analyze(
        "Ten Sylvanian soldiers were killed in a raid.",
        "2031-05-14",
    );
    assert!(
        !codes(&doc).iter().any(|(a, _, _)| a.starts_with("SYL")),
        "the victims are not the actors: {:?}",
        codes(&doc)
    );
    let doc = analyze(
        "Marshalia was attacked by Freedonia on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "MRS")]);
}

#[test]
fn an_urging_is_the_event_and_what_is_urged_is_not() {
    let doc = analyze(
        "Freedonia urged Sylvania to attack Marshalia before the talks.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "020", "SYL")]);
}

#[test]
fn a_dateline_is_nobodys_subject() {
    let doc = analyze(
        "MARSHALIA CITY, May 3 (Wire) - Freedonia attacked Sylvania on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "SYL")]);
}

#[test]
fn a_relative_clause_acts_through_its_noun_and_a_participle_through_its_verb() {
    let doc = analyze(
        "Freedonia, which attacked Sylvania in March, met Marshalia on Monday.",
        "2031-05-14",
    );
    let found = codes(&doc);
    assert!(found.contains(&triple("FRD", "190", "SYL")), "{found:?}");
    assert!(found.contains(&triple("FRD", "040", "MRS")), "{found:?}");
    let doc = analyze(
        "Freedonian troops shelled the border town on Monday, killing twelve Sylvanian police officers.",
        "2031-05-14",
    );
    let found = codes(&doc);
    assert!(
        found
            .iter()
            .any(|(a, c, r)| a.starts_with("FRD") && c == "190" && r.starts_with("SYL")),
        "{found:?}"
    );
}

#[test]
fn coordinated_verbs_share_subject_and_a_later_object() {
    let doc = analyze(
        "Freedonia condemned and rejected the Sylvanian proposal on Monday.",
        "2031-05-14",
    );
    let found = codes(&doc);
    assert!(found.contains(&triple("FRD", "111", "SYL")), "{found:?}");
    assert!(found.contains(&triple("FRD", "120", "SYL")), "{found:?}");
}

#[test]
fn negation_and_modality_come_from_the_verbs_own_words() {
    let doc = analyze("Freedonia did not attack Sylvania on Monday.", "2031-05-14");
    assert!(doc.events.iter().all(|e| e.negated), "{:#?}", doc.events);
    let doc = analyze("Freedonia will meet Sylvania next week.", "2031-05-14");
    assert!(
        !doc.events.is_empty() && doc.events.iter().all(|e| e.hypothetical),
        "{:#?}",
        doc.events
    );
}

#[test]
fn text_the_parser_has_not_read_is_coded_by_word_order() {
    let doc = analyze_with("Freedonia attacked Sylvania on Monday.", "2031-05-14", true);
    assert!(doc.tokens.iter().all(|t| t.syntax.is_none()));
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "SYL")]);
}

#[test]
fn text_in_another_language_is_not_coded() {
    let doc = analyze(
        "Die Regierung von Freedonia hat am Montag mitgeteilt, dass die Truppen von Sylvania \
         die Grenze überschritten haben. Nach Angaben der Behörden wurden dabei mehrere \
         Gebäude beschädigt, und die Bewohner der Region sollen sich in Sicherheit bringen. \
         Die Lage bleibt nach Einschätzung der Beobachter angespannt, weil keine der beiden \
         Seiten zu Gesprächen bereit ist und die Versorgung der Dörfer schwierig bleibt.",
        "2031-05-14",
    );
    assert!(doc.events.is_empty(), "{:#?}", doc.events);
}

#[test]
fn a_match_report_is_not_coded_but_politics_with_a_few_game_words_is() {
    let report = "Freedonia attacked from the first whistle and beat Sylvania in the cup final. \
        The coach said the team had prepared all season for the match, and the fans in the \
        stadium sang through halftime. Freedonia scored twice before the break, and the \
        league leaders never recovered. The striker, who also scored in the semifinal, \
        thanked the fans after the game. Sylvania's goalkeeper kept the score close with \
        three saves, but the midfielder missed a late chance. The championship ends next \
        week with the last match of the season, and the coach will rest several players \
        before the playoffs. The stadium was full, and the fans stayed long after the \
        final whistle to celebrate the points that keep the team at the top of the league.";
    let doc = analyze(report, "2031-05-14");
    assert!(doc.events.is_empty(), "{:#?}", doc.events);
    let politics = "Freedonia attacked Sylvania on Monday, the government said. Officials \
        described the strike as the final warning after months of talks in which neither \
        side gained any ground, and they said the army would hold its positions along the \
        border. Diplomats from Marshalia urged both governments to return to the talks, and \
        the foreign ministry said it would send an envoy to the region. The strike hit a \
        depot near the border town, and the ministry of defence said its forces had \
        answered the fire. Residents of the town said they had heard explosions through the \
        night, and many left for the capital. The council of the region called for a \
        ceasefire and for aid to reach the families who stayed behind.";
    let doc = analyze(politics, "2031-05-14");
    assert!(
        codes(&doc).contains(&triple("FRD", "190", "SYL")),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn media_and_companies_do_not_act_for_a_state() {
    let doc = analyze("A Freedonian journalist condemned Sylvania.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
    let doc = analyze("A Freedonian company condemned Sylvania.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
    let doc = analyze(
        "The Freedonian foreign minister condemned Sylvania.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRDGOV", "111", "SYL")]);
}

#[test]
fn a_titled_person_the_dictionary_does_not_know_acts_as_the_sector() {
    let doc = analyze("President Ana Quill condemned Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("---GOV", "111", "SYL")]);
}

#[test]
fn a_person_whose_role_was_given_earlier_acts_in_that_sector_later() {
    // The role is written once; the later bare name ("Ms. Quill") is the same minister of
    // a country the dictionary does not list.
    let text = "Ostrava's foreign minister Ana Quill arrived on Monday. \
                Ms. Quill condemned Sylvania.";
    let doc = analyze(text, "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("---GOV", "111", "SYL")]);
    // Without a role the person is nobody the coder can place.
    let doc = analyze(
        "Ana Quill arrived on Monday. Ms. Quill condemned Sylvania.",
        "2031-05-14",
    );
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
}

#[test]
fn sectors_alone_on_both_sides_are_no_political_event() {
    // Neither side is a country or organisation: local news, not an act of a state.
    let doc = analyze("The police attacked the journalist.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
    let doc = analyze("The police attacked Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("---COP", "190", "SYL")]);
}

#[test]
fn a_country_adjective_on_a_thing_does_not_act_but_on_people_or_arms_it_does() {
    let doc = analyze_shipped("Chinese tariffs hit Australia last year.", "2019-05-14");
    assert!(
        doc.events
            .iter()
            .all(|e| e.actors.iter().all(|a| a.text != "Chinese")),
        "{:?}",
        codes(&doc)
    );
    let doc = analyze_shipped("Russian missiles hit Ukraine last night.", "2019-05-14");
    assert!(
        codes(&doc)
            .iter()
            .any(|(a, c, r)| a == "RUS" && c.starts_with("19") && r == "UKR"),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn according_to_is_no_trigger() {
    let doc = analyze_shipped(
        "The Indian army fired at Pakistani posts, according to the Pakistani government.",
        "2019-05-14",
    );
    assert!(
        doc.events.iter().all(|e| e.trigger.text != "according"),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn a_wish_or_plan_to_act_is_no_event() {
    let doc = analyze("Freedonia wanted to attack Sylvania.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
    let doc = analyze("Freedonia is likely to attack Sylvania.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
    // A plan told with a modal or a schedule stays, flagged.
    let doc = analyze("Freedonia will attack Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "SYL")]);
    assert!(doc.events[0].hypothetical);
    let doc = analyze(
        "The Freedonian foreign minister is scheduled to visit Sylvania.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRDGOV", "042", "SYL")]);
}

#[test]
fn a_sector_placed_in_a_country_acts_for_that_country() {
    // The place after "in" says whose police they are; it is not the event's recipient.
    let doc = analyze("The police in Freedonia attacked Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRDCOP", "190", "SYL")]);
    // A named person in a place is not of that place (a visit, a trip).
    let doc = analyze(
        "President Ana Quill in Freedonia condemned Sylvania.",
        "2031-05-14",
    );
    assert!(
        codes(&doc).iter().all(|t| !t.0.starts_with("FRD")),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn a_demand_that_someone_act_is_made_of_that_someone_and_the_act_is_not_coded() {
    // The subject of the that-clause is whom the demand is made of; what is demanded has
    // not happened.
    let doc = analyze(
        "Freedonia demanded on Monday that Sylvania condemn Marshalia.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "100", "SYL")]);
}

#[test]
fn an_event_that_may_not_happen_is_less_sure_than_one_that_did() {
    let done = analyze("Freedonia condemned Sylvania.", "2031-05-14");
    let maybe = analyze("Freedonia might condemn Sylvania.", "2031-05-14");
    assert_eq!(codes(&done), codes(&maybe));
    assert!(maybe.events[0].hypothetical && !done.events[0].hypothetical);
    assert!(
        maybe.events[0].confidence < done.events[0].confidence,
        "{} vs {}",
        maybe.events[0].confidence,
        done.events[0].confidence
    );
}

#[test]
fn terse_english_with_few_function_words_is_still_coded() {
    // Five wire-digest lines: under an eighth of their words are English function words,
    // yet nothing in them is German, French or Spanish.
    let digest = "OSTRAVIA, May 2, 2031 - Defence Minister Karel Brno met Ostravian Prime \
        Minister Anna Weiss in Kestrel Harbour on Tuesday.\n\nFreedonia attacked Sylvania \
        Monday.\n\nMarshalian President Ivo Lanz condemned Freedonia on Monday.\n\nOstravian \
        President Otto Marr urged Freedonia to halt shelling.\n\nFreedonian President Ada \
        Holm rejected Marshalian President Ivo Lanz.";
    // The same kind of digest in Dutch is not English.
    let dutch = "De minister van Ostravia sprak in de haven een uur met de premier van \
        Sylvania. Freedonia met Sylvania, zei de president van Marshalia, en hij wil dat \
        het geweld stopt voor de mensen die in het gebied wonen. Freedonia met Marshalia \
        is een ander verhaal, zei hij op dinsdag in de hoofdstad.";
    assert!(analyze(dutch, "2031-05-14").events.is_empty());
    let doc = analyze(digest, "2031-05-14");
    let words = doc
        .tokens
        .iter()
        .filter(|t| t.text.chars().next().is_some_and(char::is_alphabetic))
        .count();
    assert!(words >= 40, "the check only applies from 40 words: {words}");
    assert!(
        codes(&doc).contains(&triple("FRD", "190", "SYL")),
        "{:#?}",
        doc.events
    );
}

#[test]
fn a_pronoun_reported_by_a_party_is_that_party() {
    let doc = analyze(
        "Freedonia said on Monday it had attacked Sylvania.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "190", "SYL")]);
    // In the speaker's own quoted words "it" need not be the speaker.
    let doc = analyze(
        "Freedonia said: \"It attacked Sylvania on Monday.\"",
        "2031-05-14",
    );
    assert!(
        codes(&doc).iter().all(|t| t.0 != "FRD"),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn an_announced_intent_is_an_offer_a_refusal_or_a_threat() {
    // A future reported is a statement made now: force announced is a threat (13x) ...
    let doc = analyze("Freedonia said it would attack Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "138", "SYL")]);
    assert!(!doc.events[0].hypothetical);
    // ... a meeting promised an intent to meet (036), refused a rejection (125).
    let doc = analyze("Freedonia said it will meet Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "036", "SYL")]);
    let doc = analyze("Freedonia said it would not meet Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "125", "SYL")]);
    assert!(!doc.events[0].negated);
    // A bare future is the act itself, planned.
    let doc = analyze("Freedonia will meet Sylvania on Friday.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "040", "SYL")]);
    assert!(doc.events[0].hypothetical);
    // A threat or offer with a condition is one still.
    let doc = analyze(
        "Freedonia said it would attack Sylvania if the talks failed.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "138", "SYL")]);
}

#[test]
fn a_commitment_to_act_is_an_intent_and_a_wish_is_nothing() {
    let doc = analyze("Freedonia is ready to visit Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "036", "SYL")]);
    let doc = analyze("Freedonia pledged to attack Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "138", "SYL")]);
    // What a party commits to that is no offer nor threat is not coded.
    let doc = analyze("Freedonia is ready to condemn Sylvania.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
}

#[test]
fn a_meeting_of_a_compound_subject_is_coded_in_every_direction() {
    let doc = analyze(
        "Freedonia, Sylvania and Marshalia met on Monday.",
        "2031-05-14",
    );
    let mut got = codes(&doc);
    got.sort();
    assert_eq!(
        got,
        vec![
            triple("FRD", "040", "SYL+MRS"),
            triple("MRS", "040", "FRD+SYL"),
            triple("SYL", "040", "FRD+MRS"),
        ]
    );
    // One actor meeting another is one event.
    let doc = analyze("Freedonia met Sylvania on Monday.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "040", "SYL")]);
}

#[test]
fn an_agreement_under_a_condition_stays_hypothetical() {
    let doc = analyze("Freedonia agreed to meet Sylvania.", "2031-05-14");
    let agreed: Vec<_> = doc.events.iter().filter(|e| e.code == "030").collect();
    assert_eq!(agreed.len(), 1, "{:?}", codes(&doc));
    assert!(!agreed[0].hypothetical);
    let doc = analyze(
        "The dispute may ease if Freedonia agrees to the demands of Sylvania.",
        "2031-05-14",
    );
    let agreed: Vec<_> = doc.events.iter().filter(|e| e.code == "030").collect();
    assert_eq!(agreed.len(), 1, "{:?}", codes(&doc));
    assert!(agreed[0].hypothetical);
}

#[test]
fn a_report_that_a_party_must_act_is_a_demand_of_that_party() {
    let doc = analyze(
        "Freedonia said on Monday that Sylvania must halt the shelling.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "100", "SYL")]);
    assert!(!doc.events[0].hypothetical);
    // What is demanded is not coded; a "must" of no party is no demand.
    let doc = analyze(
        "Freedonia said that Sylvania must attack Marshalia.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "100", "SYL")]);
    let doc = analyze("Freedonia said that the deal must be signed.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
}

#[test]
fn an_attack_whose_attacker_is_not_named_has_no_actor() {
    // Victims of a party, killed by a weapon the text names: an attack, actor unknown.
    let doc = analyze(
        "Three Freedonian troops were killed in a roadside bombing on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("", "190", "FRDMIL")]);
    let doc = analyze(
        "A car bomb killed two Freedonian police on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("", "190", "FRDCOP")]);
    // A death with no attack named is no event; nor are victims of no known party.
    let doc = analyze(
        "Three Freedonian troops were killed on Monday.",
        "2031-05-14",
    );
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
    let doc = analyze("Three troops were killed in a bombing.", "2031-05-14");
    assert!(doc.events.is_empty(), "{:?}", codes(&doc));
}

#[test]
fn resigning_stands_with_its_actor_alone() {
    let doc = analyze(
        "The Freedonian foreign minister resigned on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRDGOV", "083", "")]);
}

#[test]
fn kin_and_allies_of_a_party_are_not_that_party() {
    // "the son of X" is not X: no party acts here.
    let doc = analyze(
        "The son of the Freedonian foreign minister attacked Sylvania.",
        "2031-05-14",
    );
    assert!(
        codes(&doc).iter().all(|t| t.0 != "FRDGOV"),
        "{:?}",
        codes(&doc)
    );
    // A party's own people (its minister, its troops) are the party.
    let doc = analyze("Freedonia's troops attacked Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRDMIL", "190", "SYL")]);
}

#[test]
fn a_gathering_or_a_time_is_no_recipient() {
    // A summit named after its host is where one speaks, not to whom.
    let doc = analyze(
        "At the Sylvania summit, Freedonia condemned Marshalia.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "111", "MRS")]);
    // "ahead of the Sylvanian elections" says when.
    let doc = analyze(
        "Freedonia condemned the plan ahead of the Sylvanian elections.",
        "2031-05-14",
    );
    assert!(
        codes(&doc).iter().all(|t| t.2 != "SYL"),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn wanting_another_party_to_act_is_an_appeal() {
    // The shipped dictionary codes "want" 030; wanting it of another asks it of them.
    assert_eq!(
        shipped_codes("Freedonia wants Sylvania to halt the shelling."),
        vec!["020"]
    );
    assert_eq!(
        shipped_codes("Germany wants Austria to attack Italy."),
        vec!["020"]
    );
}

#[test]
fn a_gerund_aimed_at_or_spoken_of_is_no_event() {
    let doc = analyze(
        "Freedonia condemned Sylvania for attacking Marshalia.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "111", "SYL")]);
}

#[test]
fn a_dateline_is_no_party() {
    let doc = analyze(
        "SYLVANIA CITY: Freedonian troops attacked the town on Monday.",
        "2031-05-14",
    );
    assert!(
        codes(&doc).iter().all(|t| t.0 != "SYL" && t.2 != "SYL"),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn leaving_is_no_talk_and_a_completed_withdrawal_is_a_retreat() {
    // The shipped dictionary coded "leave" as a consultation by itself.
    assert!(shipped_codes("American troops left Syria on Monday.").is_empty());
    // Its patterns still code a trip for talks.
    assert_eq!(
        shipped_codes("The French foreign minister left for talks in Berlin on Monday."),
        vec!["042"]
    );
    assert_eq!(
        shipped_codes("Germany completed the withdrawal of its troops from Mali on Friday."),
        vec!["0874"]
    );
    assert_eq!(
        shipped_codes("The Georgian prime minister resigned on Sunday."),
        vec!["0831"]
    );
}

#[test]
fn an_act_announced_unless_the_other_side_gives_way_is_a_threat() {
    let doc = analyze(
        "Freedonia said it would meet Sylvania unless the Sylvanian troops attacked.",
        "2031-05-14",
    );
    // The condition is what the other side is to do (or not), no act of its own.
    assert_eq!(codes(&doc), vec![triple("FRD", "130", "SYL")]);
    // Without the condition, the same announcement is an intent to meet.
    let doc = analyze("Freedonia said it would meet Sylvania.", "2031-05-14");
    assert_eq!(codes(&doc), vec![triple("FRD", "036", "SYL")]);
}

#[test]
fn expelling_inspectors_is_a_sanction_and_expelling_persons_a_deportation() {
    let doc = analyze(
        "Freedonia expelled the Sylvanian inspectors on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "1662", "SYL")]);
    let doc = analyze(
        "Freedonia expelled the Sylvanian journalist on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "174", "SYLMED")]);
}

#[test]
fn an_attack_by_no_one_named_is_less_sure_than_a_named_act() {
    let doc = analyze(
        "Three Freedonian troops were killed in a bombing.",
        "2031-05-14",
    );
    let named = analyze("Sylvania attacked Freedonia.", "2031-05-14");
    assert!(doc.events[0].confidence < named.events[0].confidence);
}

#[test]
fn an_event_in_a_relative_clause_is_less_sure_than_the_main_clause_event() {
    let doc = analyze(
        "Freedonia condemned Sylvania, which attacked Marshalia on Monday.",
        "2031-05-14",
    );
    let confidence = |code: &str| {
        doc.events
            .iter()
            .find(|e| e.code == code)
            .map(|e| e.confidence)
            .unwrap_or_else(|| panic!("no {code} in {:?}", codes(&doc)))
    };
    assert!(confidence("111") > confidence("190"), "{:?}", doc.events);
}

#[test]
fn tightening_a_blockade_imposes_it_and_a_willing_it_is_the_reporter() {
    assert_eq!(
        shipped_codes("Egypt tightened the blockade of Gaza on Monday."),
        vec!["191"]
    );
    let doc = analyze(
        "Freedonia says it is willing to meet Sylvania.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "036", "SYL")]);
}

#[test]
fn a_headline_participle_is_a_passive() {
    // No auxiliary and no object: the troops were killed, they did not kill.
    let doc = analyze(
        "Two Freedonian troops killed in a roadside bombing near the border.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("", "190", "FRDMIL")]);
}

#[test]
fn commas_alone_make_no_compound_actor() {
    // "…, a town near Sylvania, Freedonia will …": two phrases, Freedonia acts alone.
    let doc = analyze(
        "Having visited a town near Sylvania, Freedonia condemned Marshalia.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "111", "MRS")]);
    // A list with "and" stays one compound actor.
    let doc = analyze(
        "Freedonia, Sylvania and Marshalia met on Monday.",
        "2031-05-14",
    );
    assert_eq!(doc.events.len(), 3, "{:?}", codes(&doc));
}

#[test]
fn agreeing_to_lift_sanctions_is_not_imposing_them() {
    // The shipped AGREE block has a "* SANCTIONS" pattern (163, impose sanctions).
    assert!(
        !shipped_codes("Germany agreed to lift the sanctions on Iran.")
            .contains(&"163".to_string())
    );
}

#[test]
fn a_fragment_without_a_finite_verb_reports_no_act() {
    // Word order alone would read "controlled" as an act of the Kremlin on the units.
    assert_eq!(
        shipped_codes("Report\n\n“Kremlin-controlled militia units”"),
        Vec::<String>::new()
    );
}

#[test]
fn people_from_a_party_stand_for_it_when_they_name_no_country() {
    let doc = analyze(
        "Journalists from a Freedonian newspaper condemned Sylvania on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc), vec![triple("FRD", "111", "SYL")]);
    // A head with a country of its own keeps it.
    let doc = analyze(
        "Sylvanian troops from a Freedonian base attacked Marshalia on Monday.",
        "2031-05-14",
    );
    assert_eq!(codes(&doc)[0].0, "SYL~MIL".replace('~', ""));
}

#[test]
fn who_after_a_comma_is_the_noun_before_it() {
    let doc = analyze(
        "The town was surrounded by Freedonian troops, who attacked Sylvania on Monday.",
        "2031-05-14",
    );
    assert!(
        codes(&doc).contains(&triple("FRDMIL", "190", "SYL")),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn a_denied_subject_denies_the_act() {
    for text in [
        "Neither Freedonia nor Sylvania attacked Marshalia on Monday.",
        "\"Not Freedonia nor its troops attacked Marshalia,\" the minister said.",
    ] {
        let doc = analyze(text, "2031-05-14");
        let attack = doc
            .events
            .iter()
            .find(|e| e.code == "190")
            .unwrap_or_else(|| panic!("{text}: {:?}", codes(&doc)));
        assert!(attack.negated, "{text}");
    }
    let doc = analyze(
        "Freedonia and Sylvania attacked Marshalia on Monday.",
        "2031-05-14",
    );
    assert!(doc.events.iter().all(|e| !e.negated));
}

#[test]
fn holding_things_is_no_event_holding_people_is() {
    // CAMEO marks HOLD "[---]": only what is held makes it an event.
    assert_eq!(
        shipped_codes("Report\n\nThe Syrian government held the money in Swiss banks for years."),
        Vec::<String>::new()
    );
    assert!(shipped_codes(
        "Report\n\nSyrian soldiers held dozens of Lebanese villagers as shields for a week."
    )
    .contains(&"170".to_string()));
}

#[test]
fn idioms_of_take_are_no_seizures() {
    for text in [
        "Report\n\nThe new Russian tariffs on Chinese steel will take effect on Friday.",
        "Report\n\nThe Nigerian general took office in March.",
        "Report\n\nThe Kenyan minister took over as chairman of the African Union in May.",
        "Report\n\nThe French president will take Japan's security into account.",
    ] {
        assert!(
            !shipped_codes(text).iter().any(|c| c.starts_with("17")),
            "{text}: {:?}",
            shipped_codes(text)
        );
    }
    assert!(
        shipped_codes("Report\n\nRussian troops took the airport near Kyiv on Friday.")
            .iter()
            .any(|c| c.starts_with("17") || c.starts_with("19"))
    );
}

#[test]
fn goods_are_no_recipient_their_receiver_is() {
    for text in [
        "Report\n\nGermany withheld French military aid to Ukraine on Monday.",
        "Report\n\nGermany sent Italian weapons to Ukraine on Monday.",
    ] {
        let doc = analyze_shipped(text, "2031-05-14");
        let recipients: Vec<_> = doc
            .events
            .iter()
            .flat_map(|e| e.recipients.iter().filter_map(|r| r.code.clone()))
            .collect();
        assert_eq!(recipients, ["UKR"], "{text}");
    }
}

#[test]
fn what_is_put_off_or_stopped_is_not_done() {
    for text in [
        "Report\n\nThe French president postponed imposing tariffs on Chinese steel.",
        "Report\n\nThe Russian army stopped shelling the Ukrainian town on Monday.",
    ] {
        let codes = shipped_codes(text);
        assert!(
            !codes
                .iter()
                .any(|c| c.starts_with("17") || c.starts_with("19")),
            "{text}: {codes:?}"
        );
    }
    assert!(shipped_codes(
        "Report\n\nThe Russian army began shelling the Ukrainian town on Monday."
    )
    .iter()
    .any(|c| c.starts_with("19")));
}
