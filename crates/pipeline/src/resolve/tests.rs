//! Tests on invented sentences, with the mentions given by hand so that they test
//! resolution alone, not the tagger.

use readout_core::{Document, EntityType, Mention, MentionKind, Sentence, TextZone};

use super::*;

/// A document over `text` with its tokens, sentences, and a mention for every
/// word-aligned occurrence of each given phrase (longest phrases first).
fn doc_with(text: &str, phrases: &[(&str, EntityType)]) -> Document {
    let mut doc = Document::from_normalized("t", text.to_string());
    doc.tokens = crate::tokenize::tokenize(text);
    for r in crate::segment::split(text, &doc.tokens) {
        let span = crate::segment::sentence_span(&doc.tokens, &r);
        doc.sentences.push(Sentence {
            span,
            text: text[span.start..span.end].to_string(),
            zone: TextZone::Body,
            paragraph: 0,
            token_start: r.start,
            token_end: r.end,
        });
    }
    let mut ph: Vec<&(&str, EntityType)> = phrases.iter().collect();
    ph.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    let mut taken = vec![false; doc.tokens.len()];
    let mut mentions = Vec::new();
    for &&(p, kind) in &ph {
        let n = crate::tokenize::tokenize(p).len();
        for ts in 0..doc.tokens.len().saturating_sub(n - 1) {
            let te = ts + n;
            let span = Span::new(doc.tokens[ts].span.start, doc.tokens[te - 1].span.end);
            if &text[span.start..span.end] != p || taken[ts..te].iter().any(|x| *x) {
                continue;
            }
            taken[ts..te].iter_mut().for_each(|x| *x = true);
            let sentence = doc
                .sentences
                .iter()
                .position(|s| s.token_start <= ts && ts < s.token_end)
                .unwrap_or(0);
            mentions.push(Mention {
                span,
                text: p.to_string(),
                kind,
                sentence,
                token_start: ts,
                token_end: te,
            });
        }
    }
    mentions.sort_by_key(|m| m.span.start);
    doc.mentions = mentions;
    doc
}

/// [`super::resolve`], then the span invariants of the result.
fn resolve(doc: &mut Document) {
    super::resolve(doc);
    crate::assert_spans(doc);
}

fn entity<'a>(doc: &'a Document, name: &str) -> &'a readout_core::Entity {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}: {:#?}", doc.entities))
}

use EntityType::{Location as LOC, Misc as MISC, Organization as ORG, Person as PER};

#[test]
fn names_titles_and_transliteration_variants_form_one_person() {
    let text = "Norland's Foreign Minister Tomas Kuleba met Vesterian envoys in Ostrava. \
                Mr. Kreva said the talks went well. Later, Kleba's aides left.";
    let mut doc = doc_with(
        text,
        &[
            ("Norland", LOC),
            ("Tomas Kuleba", PER),
            ("Vesterian", MISC),
            ("Ostrava", LOC),
            ("Kreva", PER),
            ("Kleba", PER),
        ],
    );
    resolve(&mut doc);
    let e = entity(&doc, "Tomas Kuleba");
    assert_eq!(e.mentions.len(), 3, "{e:#?}");
    assert_eq!(e.affiliation.as_deref(), Some("Norland"));
    assert_eq!(e.role.as_deref(), Some("foreign minister"));
    assert_eq!(e.id, "e2");
    assert_eq!(doc.entities[0].name, "Norland");
}

#[test]
fn two_people_sharing_a_title_or_surname_stay_apart() {
    let text = "Foreign Minister Dana Orvath met Foreign Minister Pia Selkirk. \
                Ambassador Ivo Orvath also came. Orvath said nothing.";
    let mut doc = doc_with(
        text,
        &[
            ("Dana Orvath", PER),
            ("Pia Selkirk", PER),
            ("Ivo Orvath", PER),
            ("Orvath", PER),
        ],
    );
    resolve(&mut doc);
    assert_eq!(doc.entities.len(), 4, "{:#?}", doc.entities);
    assert_eq!(entity(&doc, "Dana Orvath").mentions.len(), 1);
}

#[test]
fn demonyms_affiliations_and_country_codes() {
    let text = "The Ukrainian delegation arrived in Kyiv. Latvia's deputy foreign minister \
                Aija Berzina welcomed them, and Ukraine thanked her. Kyiv said the visit helped.";
    let mut doc = doc_with(
        text,
        &[
            ("Ukrainian", MISC),
            ("Kyiv", LOC),
            ("Latvia", LOC),
            ("Aija Berzina", PER),
            ("Ukraine", LOC),
        ],
    );
    resolve(&mut doc);
    let u = entity(&doc, "Ukrainian");
    assert_eq!(u.kb.as_deref(), Some("UKR"));
    assert_eq!(u.affiliation.as_deref(), Some("Ukraine"));
    assert_eq!(entity(&doc, "Ukraine").kb.as_deref(), Some("UKR"));
    assert_eq!(entity(&doc, "Kyiv").kb.as_deref(), Some("UKR"));
    let p = entity(&doc, "Aija Berzina");
    assert_eq!(p.affiliation.as_deref(), Some("Latvia"));
    assert_eq!(p.role.as_deref(), Some("deputy foreign minister"));
    assert!(p.mentions.iter().any(|m| m.kind == MentionKind::Pronoun));
}

#[test]
fn a_person_is_never_merged_with_a_country() {
    let text = "Jordan Pell visited Jordan. Pell said Jordan was calm.";
    let mut doc = doc_with(
        text,
        &[("Jordan Pell", PER), ("Jordan", LOC), ("Pell", PER)],
    );
    resolve(&mut doc);
    let p = entity(&doc, "Jordan Pell");
    assert_eq!(p.mentions.len(), 2);
    assert_eq!(entity(&doc, "Jordan").mentions.len(), 2);
}

#[test]
fn role_references_need_one_fitting_person() {
    let text = "Chen Mu, the Estarian foreign minister, met Ola Brandt, the Norland foreign \
                minister. The Estarian foreign minister spoke first. Later his counterpart replied.";
    let mut doc = doc_with(
        text,
        &[
            ("Chen Mu", PER),
            ("Estarian", MISC),
            ("Ola Brandt", PER),
            ("Norland", LOC),
            ("Estaria", LOC),
        ],
    );
    resolve(&mut doc);
    let chen = entity(&doc, "Chen Mu");
    assert_eq!(chen.role.as_deref(), Some("foreign minister"));
    // "Estaria" is not in the text, so the demonym cannot be placed: no affiliation.
    let text2 = "Estaria sent Chen Mu, the Estarian spokesman, to Norland. The spokesman \
                 spoke briefly.";
    let mut doc2 = doc_with(
        text2,
        &[
            ("Estaria", LOC),
            ("Chen Mu", PER),
            ("Estarian", MISC),
            ("Norland", LOC),
        ],
    );
    resolve(&mut doc2);
    let chen2 = entity(&doc2, "Chen Mu");
    assert_eq!(chen2.affiliation.as_deref(), Some("Estaria"));
    assert_eq!(chen2.role.as_deref(), Some("spokesperson"));
    assert!(
        chen2.mentions.iter().any(|m| m.text == "The spokesman"),
        "{chen2:#?}"
    );
    // Two foreign ministers: "the foreign minister" alone would be ambiguous.
    assert!(!chen
        .mentions
        .iter()
        .chain(&entity(&doc, "Ola Brandt").mentions)
        .any(|m| m.text.eq_ignore_ascii_case("the foreign minister")));
}

#[test]
fn surname_meanings_resolve_machine_translation_artefacts() {
    let text = "Wang Tao arrived in Harbin on Monday. The king told reporters the port would \
                reopen. Plum was not present.";
    let mut doc = doc_with(text, &[("Wang Tao", PER), ("Harbin", LOC), ("Plum", PER)]);
    resolve(&mut doc);
    let w = entity(&doc, "Wang Tao");
    assert!(w.mentions.iter().any(|m| m.text == "The king"), "{w:#?}");
    // No one is surnamed Li, so "Plum" stays its own entity.
    assert_eq!(entity(&doc, "Plum").mentions.len(), 1);

    let royal = "Wang Tao met the king at the royal palace. The king smiled.";
    let mut doc = doc_with(royal, &[("Wang Tao", PER)]);
    resolve(&mut doc);
    assert_eq!(entity(&doc, "Wang Tao").mentions.len(), 1);
}

#[test]
fn organisations_and_acronyms() {
    let text = "Brannock Motors Corp. cut jobs. Brannock Motors said BM would recover.";
    let mut doc = doc_with(
        text,
        &[
            ("Brannock Motors Corp.", ORG),
            ("Brannock Motors", ORG),
            ("BM", ORG),
        ],
    );
    resolve(&mut doc);
    assert_eq!(doc.entities.len(), 1, "{:#?}", doc.entities);
    assert_eq!(doc.entities[0].name, "Brannock Motors Corp.");
}

#[test]
fn cluster_names_groups_gold_style_input() {
    let ids = cluster_names(&[
        ("Ilse Marrow", PER),
        ("Marrow", PER),
        ("United States", LOC),
        ("U.S.", LOC),
        ("Marrow", ORG),
        ("Ida Marrow", PER),
    ]);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[2], ids[3]);
    assert_eq!(ids[0], ids[4]);
    assert_ne!(ids[0], ids[5]);
}

#[test]
fn resolves_a_tagged_article_with_valid_spans() {
    let body = "Foreign Minister Ilse Marrow of Norland met Vesterian envoys in Geneva on \
                Monday. Marrow said the talks were useful. She added that Norland would \
                reply within a week.\n\nThe United Nations welcomed the meeting.";
    let article = crate::ingest::Article {
        id: "t".into(),
        body: crate::ingest::Body::Text(body.repeat(40)),
        title: None,
        url: None,
        source: None,
        published: None,
        input: Default::default(),
        origin: "t".into(),
    };
    let options = crate::AnalyzerOptions {
        keep_tokens: true,
        ..Default::default()
    };
    let mut doc = crate::Analyzer::new(options).analyze(article).unwrap();
    let start = std::time::Instant::now();
    resolve(&mut doc);
    eprintln!(
        "{} mentions, {} entities in {:?}",
        doc.mentions.len(),
        doc.entities.len(),
        start.elapsed()
    );
    assert!(!doc.entities.is_empty());
    for (i, e) in doc.entities.iter().enumerate() {
        assert_eq!(e.id, format!("e{}", i + 1));
        for m in &e.mentions {
            assert_eq!(doc.slice(m.span), Some(m.text.as_str()));
        }
    }
    let marrow = doc
        .entities
        .iter()
        .find(|e| e.name == "Ilse Marrow")
        .expect("the minister is an entity");
    assert!(marrow.mentions.len() >= 80, "{}", marrow.mentions.len());
    // Every named mention belongs to exactly one entity.
    let named: usize = doc
        .entities
        .iter()
        .flat_map(|e| &e.mentions)
        .filter(|m| m.kind == MentionKind::Name)
        .count();
    assert_eq!(named, doc.mentions.len());
}

#[test]
fn without_tokens_names_still_resolve() {
    let mut doc = doc_with(
        "Ilse Marrow met Ida Pell. Marrow left.",
        &[("Ilse Marrow", PER), ("Ida Pell", PER), ("Marrow", PER)],
    );
    doc.tokens.clear();
    resolve(&mut doc);
    assert_eq!(doc.entities.len(), 2);
}

#[test]
fn kb_organisations_group_by_identity_and_keep_parent_bodies_apart() {
    let text = "The U.N. Security Council met on Monday. Delegates said the UN Security \
                Council would vote again, and the UN said its Human Rights Council agreed. \
                The UN Human Rights Council meets in Geneva.";
    let mut doc = doc_with(
        text,
        &[
            ("U.N. Security Council", ORG),
            ("UN Security Council", ORG),
            ("UN", ORG),
            ("Human Rights Council", ORG),
            ("UN Human Rights Council", ORG),
            ("Geneva", LOC),
        ],
    );
    resolve(&mut doc);
    let unsc = entity(&doc, "U.N. Security Council");
    assert_eq!(unsc.mentions.len(), 2, "{unsc:#?}");
    assert_eq!(unsc.kb.as_deref(), Some("IGOUNO"));
    let un = entity(&doc, "UN");
    assert_eq!(un.mentions.len(), 1, "the UN is not its council: {un:#?}");
    let hrc = entity(&doc, "UN Human Rights Council");
    assert_eq!(hrc.mentions.len(), 2, "{hrc:#?}");
    assert_eq!(hrc.kb.as_deref(), Some("IGOUNOHRI"));
}

#[test]
fn an_office_split_by_the_tagger_is_one_entity_and_gives_its_staff_an_affiliation() {
    let text = "On Friday, UN High Commissioner for Human Rights spokesman Ora Pellin said \
                the figures were rising. Pellin added that the UN would publish them.";
    let mut doc = doc_with(
        text,
        &[
            ("UN", ORG),
            ("Human Rights", ORG),
            ("Ora Pellin", PER),
            ("Pellin", PER),
        ],
    );
    resolve(&mut doc);
    let office = entity(&doc, "UN High Commissioner for Human Rights");
    assert_eq!(office.mentions.len(), 2, "{office:#?}");
    assert_eq!(office.kb.as_deref(), Some("IGOUNOHRIHCH"));
    assert!(doc.entities.iter().all(|e| e.name != "Human Rights"));
    let p = entity(&doc, "Ora Pellin");
    assert_eq!(p.role.as_deref(), Some("spokesperson"));
    assert_eq!(p.affiliation.as_deref(), Some("UN"));
    assert_eq!(p.kb.as_deref(), Some("IGOUNOHRIHCH"));
}

#[test]
fn ministries_take_their_country_and_apposition_of_phrases_give_affiliations() {
    let text = "A statement from the Ministry of Foreign Affairs of Norway followed. \
                Aija Berzina, Deputy Minister of Foreign Affairs of Latvia, told reporters \
                that Norway had called.";
    let mut doc = doc_with(
        text,
        &[
            ("Ministry of Foreign Affairs", ORG),
            ("Norway", LOC),
            ("Aija Berzina", PER),
            ("Foreign Affairs", ORG),
            ("Latvia", LOC),
        ],
    );
    resolve(&mut doc);
    let ministry = entity(&doc, "Ministry of Foreign Affairs");
    assert_eq!(ministry.kb.as_deref(), Some("NORGOV"));
    assert_eq!(ministry.affiliation.as_deref(), Some("Norway"));
    assert_eq!(
        ministry.mentions.len(),
        1,
        "two countries' ministries stay apart"
    );
    let p = entity(&doc, "Aija Berzina");
    assert_eq!(p.affiliation.as_deref(), Some("Latvia"));
    assert_eq!(p.kb.as_deref(), Some("LVAGOV"));
    assert!(p
        .role
        .as_deref()
        .is_some_and(|r| r.starts_with("deputy minister")));
}

#[test]
fn an_org_tagged_spelling_of_a_surname_joins_the_only_person_it_fits() {
    let text = "Norland's Foreign Minister Tomas Kuleba spoke on Monday. A statement citing \
                Kleva said the talks went well. Jordan Pell visited Jordan.";
    let mut doc = doc_with(
        text,
        &[
            ("Norland", LOC),
            ("Tomas Kuleba", PER),
            ("Kleva", ORG),
            ("Jordan Pell", PER),
            ("Jordan", ORG),
        ],
    );
    resolve(&mut doc);
    let p = entity(&doc, "Tomas Kuleba");
    assert!(p.aliases.iter().any(|a| a == "Kleva"), "{p:#?}");
    // A country is never merged into a person, whatever its tag.
    assert_eq!(entity(&doc, "Jordan Pell").mentions.len(), 1);

    // Two people it could be: nothing is merged.
    let text = "Tomas Kuleba met Ivo Kulebo. A statement citing Kleva followed.";
    let mut doc = doc_with(
        text,
        &[("Tomas Kuleba", PER), ("Ivo Kulebo", PER), ("Kleva", ORG)],
    );
    resolve(&mut doc);
    assert_eq!(entity(&doc, "Kleva").mentions.len(), 1);
    // A multi-word organisation never joins a person.
    let text = "Tomas Kuleba spoke. Kleva Holdings said nothing.";
    let mut doc = doc_with(text, &[("Tomas Kuleba", PER), ("Kleva Holdings", ORG)]);
    resolve(&mut doc);
    assert_eq!(doc.entities.len(), 2);
}

#[test]
fn the_demonym_closest_to_the_role_noun_gives_the_affiliation() {
    let text = "Ivo Marek told Estonian Japanese ambassador Ken Aoki that talks would resume.";
    let mut doc = doc_with(
        text,
        &[
            ("Ivo Marek", PER),
            ("Estonian Japanese", MISC),
            ("Ken Aoki", PER),
        ],
    );
    resolve(&mut doc);
    let p = entity(&doc, "Ken Aoki");
    assert_eq!(p.role.as_deref(), Some("ambassador"));
    assert_eq!(p.affiliation.as_deref(), Some("Japan"));
    assert_eq!(p.kb.as_deref(), Some("JPNGOV"));
}

#[test]
fn a_counterpart_takes_the_role_and_the_one_other_country() {
    let with = |text: &str, other: &str| {
        let mut doc = doc_with(
            text,
            &[
                ("Norwegian", MISC),
                ("Ola Brandt", PER),
                (other, PER),
                ("Japan", LOC),
                ("China", LOC),
                ("Norway", LOC),
            ],
        );
        resolve(&mut doc);
        doc
    };
    let doc = with(
        "Norwegian Foreign Minister Ola Brandt called his counterpart Ivo Marek about China.",
        "Ivo Marek",
    );
    let b = entity(&doc, "Ivo Marek");
    assert_eq!(b.role.as_deref(), Some("foreign minister"));
    assert_eq!(b.affiliation.as_deref(), Some("China"));
    assert_eq!(entity(&doc, "Ola Brandt").kb.as_deref(), Some("NORGOV"));
    // Two other countries: the surname breaks the tie only when it points to one of them.
    let doc = with(
        "Norwegian Foreign Minister Ola Brandt called his counterpart Wang Tao about Japan \
         and China.",
        "Wang Tao",
    );
    assert_eq!(
        entity(&doc, "Wang Tao").affiliation.as_deref(),
        Some("China")
    );
    let doc = with(
        "Norwegian Foreign Minister Ola Brandt called his counterpart Ivo Marek about Japan \
         and China.",
        "Ivo Marek",
    );
    let b = entity(&doc, "Ivo Marek");
    assert_eq!(b.affiliation, None);
    assert_eq!(b.role.as_deref(), Some("foreign minister"));
}

#[test]
fn capitals_stand_for_their_country_unless_they_are_the_place() {
    let text = "Talks between Vienna and Berlin stalled. Envoys met in Paris.";
    let mut doc = doc_with(text, &[("Vienna", LOC), ("Berlin", LOC), ("Paris", LOC)]);
    resolve(&mut doc);
    assert_eq!(entity(&doc, "Vienna").kb.as_deref(), Some("AUT"));
    assert_eq!(entity(&doc, "Berlin").kb.as_deref(), Some("DEU"));
    assert_eq!(entity(&doc, "Paris").kb, None);
}

#[test]
fn gender_breaks_a_pronoun_tie_only_when_the_text_gives_it() {
    let pronoun_of = |doc: &Document, name: &str| {
        entity(doc, name)
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Pronoun)
            .map(|m| m.text.clone())
            .collect::<Vec<_>>()
    };
    // "Mr." makes Oskar Lind masculine, so "her" can only be Mira Salo.
    let text = "Mr. Oskar Lind met Mira Salo on Monday. Lind thanked Salo for her help.";
    let phrases = [
        ("Oskar Lind", PER),
        ("Mira Salo", PER),
        ("Lind", PER),
        ("Salo", PER),
    ];
    let mut doc = doc_with(text, &phrases);
    resolve(&mut doc);
    assert_eq!(pronoun_of(&doc, "Mira Salo"), vec!["her"]);
    assert!(pronoun_of(&doc, "Oskar Lind").is_empty());

    // A pronoun linked when one person was in view counts too: "He" opens a sentence after
    // one that names Lind alone.
    let text =
        "Oskar Lind arrived late. He was tired. Mira Salo came. Lind thanked Salo for her help.";
    let mut doc = doc_with(text, &phrases);
    resolve(&mut doc);
    assert_eq!(pronoun_of(&doc, "Oskar Lind"), vec!["He"]);
    assert_eq!(pronoun_of(&doc, "Mira Salo"), vec!["her"]);

    // No evidence: two people in view, the pronoun stays unlinked.
    let text = "Oskar Lind met Mira Salo on Monday. Lind thanked Salo for her help.";
    let mut doc = doc_with(text, &phrases);
    resolve(&mut doc);
    assert!(pronoun_of(&doc, "Mira Salo").is_empty());
    assert!(pronoun_of(&doc, "Oskar Lind").is_empty());
}

#[test]
fn a_role_set_off_before_the_name_gives_role_and_affiliation() {
    let text = "The defence minister of Latvia, Ivo Kalnins, met Norway's envoy, \
                Petra Lunde, on Friday. Kalnins thanked Lunde.";
    let mut doc = doc_with(
        text,
        &[
            ("Latvia", LOC),
            ("Ivo Kalnins", PER),
            ("Norway", LOC),
            ("Petra Lunde", PER),
            ("Kalnins", PER),
            ("Lunde", PER),
        ],
    );
    resolve(&mut doc);
    let kalnins = entity(&doc, "Ivo Kalnins");
    assert_eq!(kalnins.role.as_deref(), Some("defence minister"));
    assert_eq!(kalnins.affiliation.as_deref(), Some("Latvia"));
    assert_eq!(kalnins.kb.as_deref(), Some("LVAGOV"));
    let lunde = entity(&doc, "Petra Lunde");
    assert_eq!(lunde.role.as_deref(), Some("envoy"));
    assert_eq!(lunde.affiliation.as_deref(), Some("Norway"));
}

#[test]
fn a_comma_list_of_names_is_not_a_role_apposition() {
    // "the minister, X" needs the name to close the apposition: in a list running on past
    // the name, the role belongs to no one named.
    let text = "Present were the minister, Ivo Kalnins and Petra Lunde.";
    let mut doc = doc_with(text, &[("Ivo Kalnins", PER), ("Petra Lunde", PER)]);
    resolve(&mut doc);
    assert_eq!(entity(&doc, "Ivo Kalnins").role, None);
}

#[test]
fn a_title_with_its_portfolio_after_of_is_a_role() {
    let text = "Norway's Secretary of State Ola Brandt met Minister of Defence Aija Berzina \
                in Riga. The Secretary of the club, Ivo Lanz, was not there.";
    let mut doc = doc_with(
        text,
        &[
            ("Norway", LOC),
            ("Ola Brandt", PER),
            ("Aija Berzina", PER),
            ("Riga", LOC),
            ("Ivo Lanz", PER),
        ],
    );
    resolve(&mut doc);
    let brandt = entity(&doc, "Ola Brandt");
    assert_eq!(brandt.role.as_deref(), Some("secretary of state"));
    assert_eq!(brandt.affiliation.as_deref(), Some("Norway"));
    assert_eq!(
        entity(&doc, "Aija Berzina").role.as_deref(),
        Some("minister of defence")
    );
    // "of" joins a title only when a capitalized portfolio follows it, before the name.
    assert_eq!(entity(&doc, "Ivo Lanz").role, None);
    // An untagged country abbreviation before the title is the affiliation.
    let text = "UK Secretary of State Ola Brandt spoke.";
    let mut doc = doc_with(text, &[("Ola Brandt", PER)]);
    resolve(&mut doc);
    assert_eq!(
        entity(&doc, "Ola Brandt").affiliation.as_deref(),
        Some("United Kingdom")
    );
}
