//! Quote tests over invented sentences.

use readout_core::{Document, QuoteKind};

use crate::{ingest::Article, ingest::Body, Analyzer, AnalyzerOptions};

fn analyze_with(text: &str, keep_tokens: bool) -> Document {
    let article = Article {
        id: "t".into(),
        body: Body::Text(text.into()),
        title: None,
        url: None,
        source: None,
        published: Some("2024-05-10".into()),
        input: Default::default(),
        origin: "t".into(),
    };
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens,
        ..Default::default()
    });
    let mut doc = analyzer.analyze(article).expect("analyzes");
    super::recognize(&mut doc);
    crate::assert_spans(&doc);
    doc
}

fn analyze(text: &str) -> Document {
    analyze_with(text, true)
}

type Row = (QuoteKind, String, Option<String>, Option<String>);

fn rows(doc: &Document) -> Vec<Row> {
    doc.quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.text.clone(),
                q.cue.as_ref().map(|c| c.text.clone()),
                q.speaker_text.as_ref().map(|s| s.text.clone()),
            )
        })
        .collect()
}

fn row(kind: QuoteKind, text: &str, cue: Option<&str>, speaker: Option<&str>) -> Row {
    (
        kind,
        text.to_string(),
        cue.map(str::to_string),
        speaker.map(str::to_string),
    )
}

const D: QuoteKind = QuoteKind::Direct;
const I: QuoteKind = QuoteKind::Indirect;

#[test]
fn curly_quote_with_attribution_after() {
    let doc =
        analyze("Harbour reopens\n\n“The pier is safe again,” the harbour master said on Monday.");
    assert_eq!(
        rows(&doc),
        vec![row(
            D,
            "The pier is safe again,",
            Some("said"),
            Some("the harbour master")
        )]
    );
    let q = &doc.quotes[0];
    assert_eq!(doc.slice(q.span), Some(q.text.as_str()));
}

#[test]
fn straight_quote_with_inverted_attribution() {
    let doc = analyze("Ferries resume\n\n\"We will sail at dawn,\" said Captain Orla Fenwick.");
    assert_eq!(
        rows(&doc),
        vec![row(
            D,
            "We will sail at dawn,",
            Some("said"),
            Some("Captain Orla Fenwick")
        )]
    );
}

#[test]
fn quote_broken_by_its_attribution_gives_two_segments_with_one_speaker() {
    let doc = analyze("Mill fire\n\n“We will,” she said, “rebuild the mill by spring.”");
    assert_eq!(
        rows(&doc),
        vec![
            row(D, "We will,", Some("said"), Some("she")),
            row(D, "rebuild the mill by spring.", Some("said"), Some("she")),
        ]
    );
}

#[test]
fn attribution_before_the_quote() {
    let doc =
        analyze("Budget\n\nThe treasurer told reporters: “The books balance for the first time.”");
    assert_eq!(
        rows(&doc),
        vec![row(
            D,
            "The books balance for the first time.",
            Some("told"),
            Some("The treasurer")
        )]
    );
}

#[test]
fn quote_running_over_paragraphs_is_one_quote() {
    let doc = analyze(
        "Dam\n\nThe engineer said: “The wall held through the night. It was close.\n\n“We will inspect it again tomorrow.”\n\nTraffic resumed later.",
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].1.starts_with("The wall held"));
    assert!(r[0].1.ends_with("again tomorrow."));
    assert_eq!(r[0].3.as_deref(), Some("The engineer"));
}

#[test]
fn unclosed_quote_stops_at_its_paragraph_end() {
    let doc = analyze(
        "Storm\n\nThe mayor said: “Roads will stay shut until the water drops.\n\nCrews worked through the night to clear the drains of the old town.",
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].1, "Roads will stay shut until the water drops.");
}

#[test]
fn scare_quotes_are_not_quotes() {
    let doc =
        analyze("Review\n\nThe so-called “smart” bins were removed from the square in March.");
    assert!(doc.quotes.is_empty(), "{:?}", rows(&doc));
}

#[test]
fn indirect_speech_forms() {
    let doc = analyze(
        "Port\n\nThe minister said that the port would reopen next week. \
         The strike is over, union leaders said on Friday. \
         According to the port authority, cargo volumes fell by a third. \
         Repairs will take months, according to engineers at the site. \
         Mr. Dunmore told the council that the budget was exhausted.",
    );
    assert_eq!(
        rows(&doc),
        vec![
            row(
                I,
                "the port would reopen next week",
                Some("said"),
                Some("The minister")
            ),
            row(I, "The strike is over", Some("said"), Some("union leaders")),
            row(
                I,
                "cargo volumes fell by a third",
                Some("According to"),
                Some("the port authority")
            ),
            row(
                I,
                "Repairs will take months",
                Some("according to"),
                Some("engineers")
            ),
            row(
                I,
                "the budget was exhausted",
                Some("told"),
                Some("Mr. Dunmore")
            ),
        ]
    );
}

#[test]
fn nominal_and_relayed_sources() {
    let doc = analyze(
        "Talks\n\nA statement from the ministry said the talks had been useful. \
         In a readout, Valdoria said both sides wanted calm. \
         A Valdorian statement citing Mr. Ketterby said the border would stay open.",
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 3, "{r:?}");
    assert_eq!(r[0].3.as_deref(), Some("A statement from the ministry"));
    assert_eq!(r[1].3.as_deref(), Some("Valdoria"));
    assert_eq!(r[2].3.as_deref(), Some("Mr. Ketterby"));
    let source = doc.quotes[2].source.as_ref().map(|s| s.text.as_str());
    assert_eq!(source, Some("A Valdorian statement"));
}

#[test]
fn partial_quote_inside_reported_speech_is_part_of_it() {
    let doc =
        analyze("Vote\n\nThe senator said the count was “a total mess from start to finish.”");
    let r = rows(&doc);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, I);
    assert!(r[0].1.starts_with("the count was"));
}

#[test]
fn unattributed_follow_up_quote_keeps_the_speaker() {
    let doc = analyze(
        "Bridge\n\n“It will open in June,” the contractor said.\n\n“After that, we move on to the tunnel under the river.”",
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[1].2, None);
    assert_eq!(r[1].3.as_deref(), Some("the contractor"));
}

#[test]
fn tokens_dropped_after_analysis_are_rebuilt() {
    let text = "Harbour\n\n“The pier is safe again,” the harbour master said.";
    let kept = analyze_with(text, true);
    let dropped = analyze_with(text, false);
    assert!(dropped.tokens.is_empty());
    assert_eq!(rows(&kept), rows(&dropped));
}

#[test]
fn byline_is_not_read() {
    let doc = analyze("Harbour\n\nBy Tamsin Vell\n\nShips returned on Friday.");
    assert!(doc.quotes.is_empty());
}

#[test]
fn speakers_map_to_entities_when_resolved() {
    use readout_core::{Entity, EntityMention, EntityType, MentionKind, Span};
    let mut doc =
        analyze("Port\n\nOrla Fenwick arrived early. She said the port would reopen next week.");
    let Some(m) = doc
        .mentions
        .iter()
        .position(|m| m.kind == EntityType::Person)
    else {
        return; // The tagger missed the name: nothing to resolve against.
    };
    let span: Span = doc.mentions[m].span;
    doc.entities = vec![Entity {
        id: "e1".into(),
        name: "Orla Fenwick".into(),
        kind: EntityType::Person,
        aliases: vec![],
        mentions: vec![EntityMention {
            span,
            text: doc.mentions[m].text.clone(),
            kind: MentionKind::Name,
            mention: Some(m),
        }],
        affiliation: None,
        role: None,
        kb: None,
    }];
    super::recognize(&mut doc);
    let q = doc.quotes.first().expect("a quote");
    assert_eq!(
        q.speaker_text.as_ref().map(|s| s.text.as_str()),
        Some("She")
    );
    assert_eq!(q.speaker.as_deref(), Some("e1"));
}

#[test]
fn unbalanced_marks_never_panic() {
    for text in [
        "A\n\n”",
        "A\n\n“",
        "A\n\n\" \" \"",
        "A\n\n“x\n\n“y\n\n“z",
        "A\n\nsaid",
        "A\n\n, said",
        "A\n\naccording to",
        "A\n\n“SMITH:”",
    ] {
        let doc = analyze(text);
        for q in &doc.quotes {
            assert_eq!(doc.slice(q.span), Some(q.text.as_str()));
        }
    }
}

#[test]
fn unclosed_fragment_stops_at_its_sentence_and_belongs_to_the_subject() {
    // The fragment's closing mark was lost; the next paragraph opens a new quote of its own.
    let doc = analyze(
        "Harbour\n\nHarbour Master Ilse Vantorp called the shipping board to ask it to “keep \
         the northern channel open for fishing boats all winter. Crews were told later.\n\n\
         “We will dredge the channel by March,” Ms. Vantorp said.",
    );
    let r = rows(&doc);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(
        r[0],
        row(
            D,
            "keep the northern channel open for fishing boats all winter.",
            Some("called"),
            Some("Harbour Master Ilse Vantorp")
        )
    );
    assert_eq!(
        r[1],
        row(
            D,
            "We will dredge the channel by March,",
            Some("said"),
            Some("Ms. Vantorp")
        )
    );
}

#[test]
fn short_fragments_stay_scare_quotes() {
    let doc = analyze("Budget\n\nThe mayor called the plan “a fiasco” on Monday.");
    assert!(doc.quotes.is_empty(), "{:?}", rows(&doc));
}

#[test]
fn according_to_a_source_relays_the_named_speaker() {
    let doc = analyze(
        "Talks\n\nAccording to a statement from the council, Mr. Oduya said the wells \
         would be repaired before the rains.",
    );
    let r = rows(&doc);
    assert_eq!(
        r,
        vec![row(
            I,
            "the wells would be repaired before the rains",
            Some("said"),
            Some("Mr. Oduya")
        )]
    );
    let source = doc.quotes[0].source.as_ref().map(|s| s.text.as_str());
    assert_eq!(source, Some("a statement from the council"));
}

#[test]
fn told_names_its_hearer_after_the_verb_not_its_speaker() {
    let doc = analyze(
        "Call\n\nPetra Lindqvist, the deputy mayor of Norrvik, told the visiting envoy \
         Aron Castel on the phone that the bridge “must reopen before the summer season \
         starts.” According to a statement on Friday.",
    );
    let told: Vec<_> = doc
        .quotes
        .iter()
        .filter(|q| q.cue.as_ref().is_some_and(|c| c.text == "told"))
        .collect();
    assert_eq!(told.len(), 2, "{:?}", rows(&doc));
    for q in &told {
        let speaker = q.speaker_text.as_ref().map(|s| s.text.as_str());
        assert_eq!(
            speaker,
            Some("Petra Lindqvist, the deputy mayor of Norrvik"),
            "{:?}",
            rows(&doc)
        );
    }
    // The direct quote inside the reported speech keeps "a statement" as its source.
    let direct = told.iter().find(|q| q.kind == D).expect("direct quote");
    assert!(direct.text.starts_with("must reopen"), "{}", direct.text);
    let source = direct.source.as_ref().map(|s| s.text.as_str());
    assert_eq!(source, Some("a statement"));
}

#[test]
fn coordinated_verb_of_saying_shares_the_subject() {
    let doc = analyze(
        "Readout\n\nHowever, the official summary did not say so, but said the minister was \
         “worried about the cost of the repairs.”",
    );
    let r = rows(&doc);
    let last = r.last().expect("a quote");
    assert_eq!(last.0, I, "{r:?}");
    assert!(last.1.starts_with("the minister was"), "{r:?}");
    assert_eq!(last.3.as_deref(), Some("the official summary"));
}

#[test]
fn a_topic_or_a_time_after_the_verb_is_not_a_content() {
    let doc = analyze(
        "Call\n\nThere was a gap between what Norrvik and Sundby said about the meeting. \
         Nobody knows what the two mayors said about the budget. \
         It was the first contact reported since the floods began in the valley.",
    );
    assert!(doc.quotes.is_empty(), "{:?}", rows(&doc));
}

// Issue 19: reported speech read from the parse, where speaker, cue and content are not
// next to each other.

#[test]
fn clausal_complement_far_from_its_speaker() {
    let doc = analyze(
        "The harbour master, who took office in the spring after a long dispute, insisted on \
         Friday that the new pier could carry heavy trucks.",
    );
    let q = doc
        .quotes
        .iter()
        .find(|q| q.text.contains("new pier"))
        .expect("the complement is reported");
    assert_eq!(q.kind, I);
    assert_eq!(q.text, "the new pier could carry heavy trucks");
    assert_eq!(q.cue.as_ref().map(|c| c.text.as_str()), Some("insisted"));
    let speaker = q.speaker_text.as_ref().expect("a speaker").text.as_str();
    assert!(speaker.contains("harbour master"), "{speaker}");
}

#[test]
fn stated_intent_and_stance_on_a_thing() {
    let doc = analyze(
        "The rowing club vowed to rebuild its boathouse before the autumn regatta.\n\n\
         The fishermen's union sharply criticized the new quota on mackerel catches.",
    );
    let found: Vec<(String, Option<String>, Option<String>)> = doc
        .quotes
        .iter()
        .map(|q| {
            (
                q.text.clone(),
                q.cue.as_ref().map(|c| c.text.clone()),
                q.speaker_text.as_ref().map(|s| s.text.clone()),
            )
        })
        .collect();
    assert!(
        found.contains(&(
            "to rebuild its boathouse before the autumn regatta".into(),
            Some("vowed".into()),
            Some("The rowing club".into())
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            "the new quota on mackerel catches".into(),
            Some("criticized".into()),
            Some("The fishermen's union".into())
        )),
        "{found:?}"
    );
}

#[test]
fn nominal_cue_with_possessor_as_speaker() {
    let doc =
        analyze("Residents doubted the council's claim that the old bridge was perfectly safe.");
    let q = doc
        .quotes
        .iter()
        .find(|q| q.cue.as_ref().is_some_and(|c| c.text == "claim"))
        .expect("the claim is reported");
    assert_eq!(q.text, "the old bridge was perfectly safe");
    assert_eq!(
        q.speaker_text.as_ref().map(|s| s.text.as_str()),
        Some("the council")
    );
}

#[test]
fn scare_quote_inside_reported_speech_is_kept_whole() {
    let doc = analyze(
        "Orchard growers say they have \"ample stock\" to supply every market this winter.",
    );
    let q = doc
        .quotes
        .iter()
        .find(|q| q.kind == I)
        .expect("the report is found");
    assert!(q.text.contains("\"ample stock\""), "{}", q.text);
    assert_eq!(
        q.speaker_text.as_ref().map(|s| s.text.as_str()),
        Some("Orchard growers")
    );
}

#[test]
fn appositive_gives_the_speakers_affiliation() {
    let doc = analyze(
        "Dara Quill, a spokeswoman for the harbour authority, said the pier would reopen next week.",
    );
    let q = doc.quotes.first().expect("a quote");
    assert_eq!(q.text, "the pier would reopen next week");
    assert!(q
        .speaker_text
        .as_ref()
        .is_some_and(|s| s.text.starts_with("Dara Quill")));
    assert_eq!(
        q.affiliation.as_ref().map(|a| a.text.as_str()),
        Some("the harbour authority")
    );
    // No appositive, no affiliation.
    let doc = analyze("The ferry operator said fares would stay the same all year.");
    assert!(doc.quotes.iter().all(|q| q.affiliation.is_none()));
}

#[test]
fn expletive_subject_reports_nothing() {
    let doc = analyze("It is likely that the ferry will run late on Sunday.");
    assert!(doc.quotes.is_empty(), "{:?}", rows(&doc));
}

#[test]
fn passive_without_agent_names_no_speaker_and_parentheses_close() {
    let doc = analyze("The mill is widely believed to have stopped buying grain in March.");
    assert!(
        doc.quotes.iter().all(|q| q.speaker_text.is_none()),
        "{:?}",
        rows(&doc)
    );
    let doc = analyze("The caller threatened to harm Councillor Ada Vale (D-Ore.) at the fair.");
    let q = doc
        .quotes
        .iter()
        .find(|q| q.cue.as_ref().is_some_and(|c| c.text == "threatened"))
        .expect("the threat is reported");
    assert_eq!(q.text, "to harm Councillor Ada Vale (D-Ore.) at the fair");
}

#[test]
fn speaker_cut_short_by_the_patterns_takes_the_whole_subject() {
    let doc =
        analyze("A report by the state audit office said the canal project had run over budget.");
    let r = rows(&doc);
    assert_eq!(
        r,
        vec![row(
            I,
            "the canal project had run over budget",
            Some("said"),
            Some("A report by the state audit office")
        )]
    );
}

#[test]
fn a_speaker_phrase_cut_at_a_title_takes_the_name_right_after_it() {
    use readout_core::Span;
    let text = "Port\n\nThe party's deputy leader Ada Brandt said the vote was lost. \
                A deputy leader of another party, Tomas Rell, disagreed.";
    let mut doc = analyze(text);
    let at = |needle: &str| {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    };
    doc.entities = vec![
        named_person("e1", "Ada Brandt", at("Ada Brandt")),
        named_person("e2", "Tomas Rell", at("Tomas Rell")),
    ];
    assert_eq!(
        super::person_named_right_after(&doc, at("The party's deputy leader")).as_deref(),
        Some("e1")
    );
    assert_eq!(
        super::person_named_right_after(&doc, at("A deputy leader of another party")),
        None,
        "a comma between the phrase and the name is an apposition, not a cut"
    );
    readout_core::check_spans(&doc).unwrap();
}

#[test]
fn a_dash_after_the_closing_mark_signs_the_quote() {
    let doc = analyze(
        "Voices\n\n“The night bus is the only way I get to work on time.”― Tilda Marsh.\n\n\
         “Moving the depot out of town would cost me an hour a day.”― Omar J. Reyes",
    );
    assert_eq!(
        rows(&doc),
        vec![
            row(
                D,
                "The night bus is the only way I get to work on time.",
                None,
                Some("Tilda Marsh")
            ),
            row(
                D,
                "Moving the depot out of town would cost me an hour a day.",
                None,
                Some("Omar J. Reyes")
            ),
        ]
    );
    // A dash that goes on with the writer's sentence signs nothing.
    let doc = analyze(
        "Depot\n\n“The depot stays where it is for now,” — Mayor Holt's words at the hearing — \
         were met with applause.",
    );
    assert!(doc.quotes.iter().all(|q| q.speaker_text.is_none()));
}

#[test]
fn a_party_in_parentheses_or_after_a_comma_stays_with_the_speaker() {
    let doc = analyze(
        "Depot\n\n\"The depot will open in May,\" Rep. Dana Holt (R-Ore.) said in a statement.\n\n\
         \"We cannot wait for the buses any longer,\" Senate leader Ben Arlow, R-Ore., said \
         on Tuesday.",
    );
    let speakers: Vec<Option<String>> = rows(&doc).into_iter().map(|r| r.3).collect();
    assert_eq!(
        speakers,
        vec![
            Some("Rep. Dana Holt (R-Ore.)".to_string()),
            Some("Senate leader Ben Arlow, R-Ore.".to_string()),
        ]
    );
    assert!(
        doc.quotes.iter().all(|q| q.kind == D),
        "the verb belongs to the direct quote, it opens no reported speech"
    );
}

#[test]
fn a_participle_after_an_attribution_keeps_that_speaker() {
    let doc = analyze(
        "Buses\n\n\"We need more buses on the night routes,\" the mayor said, adding that the \
         city would pay for them.\n\n\"Nobody asked the riders,\" Kevin Lund said, adding: \
         \"They were left waiting in the rain for an hour.\"",
    );
    let by_cue: Vec<(Option<String>, Option<String>)> =
        rows(&doc).into_iter().map(|r| (r.2, r.3)).collect();
    assert!(
        by_cue.contains(&(Some("adding".into()), Some("the mayor".into()))),
        "{by_cue:?}"
    );
    assert!(
        by_cue.contains(&(Some("adding".into()), Some("Kevin Lund".into()))),
        "{by_cue:?}"
    );
}

#[test]
fn a_participle_takes_its_verbs_subject_on_the_parse() {
    let doc = analyze(
        "Board\n\nDuring a long speech on Monday evening, Ben Arlow attacked the transit board, \
         saying, \"They have failed every rider in this city.\"",
    );
    let q = doc.quotes.first().expect("the direct quote");
    // The words before the comma ("During …") are no speaker; "saying" hangs on "attacked".
    assert_eq!(
        q.speaker_text.as_ref().map(|s| s.text.as_str()),
        Some("Ben Arlow")
    );
}

#[test]
fn a_relative_pronoun_after_a_short_quote_is_no_attribution() {
    let doc = analyze(
        "Riders\n\nThe mayor said there are still \"some angry riders\" who feel that way, \"but \
         not among the vast majority of them.\"",
    );
    assert!(
        doc.quotes
            .iter()
            .all(|q| q.speaker_text.as_ref().is_none_or(|s| s.text != "who")),
        "{:?}",
        rows(&doc)
    );
}

#[test]
fn a_name_after_a_title_abbreviation_and_no_break_spaces_is_the_speaker() {
    use readout_core::Span;
    let text = "Port\n\nThe party's nominee\u{a0}Gov.\u{a0}Ada Brandt said the vote was lost.";
    let mut doc = analyze(text);
    // The analyzer may normalise the no-break spaces: find the words in its text.
    let text = doc.text.clone();
    let start = text.find("Ada Brandt").unwrap();
    doc.entities = vec![named_person(
        "e1",
        "Ada Brandt",
        Span::new(start, start + "Ada Brandt".len()),
    )];
    let phrase = |p: &str| {
        let s = text.find(p).unwrap();
        Span::new(s, s + p.len())
    };
    assert_eq!(
        super::person_named_right_after(&doc, phrase("The party's nominee")).as_deref(),
        Some("e1")
    );
    assert_eq!(
        super::person_named_right_after(&doc, phrase("The party's")),
        None,
        "a word that is no abbreviated title lies between"
    );
}

#[test]
fn two_apostrophes_make_one_quotation_mark() {
    let doc = analyze(
        "Buses\n\n''We have waited long enough for the buses,'' Mara Quill, a planner, told \
         reporters.",
    );
    assert_eq!(
        rows(&doc),
        vec![row(
            D,
            "We have waited long enough for the buses,",
            Some("told"),
            Some("Mara Quill, a planner")
        )]
    );
    // One apostrophe is no mark.
    let doc = analyze("Buses\n\nThe riders' union said the buses were late every morning.");
    assert!(doc.quotes.iter().all(|q| q.kind == I));
}

#[test]
fn according_to_a_document_keeps_its_author() {
    let doc = analyze(
        "Depot\n\nAccording to a report by the Transit Bureau, the depot will cost twice as much \
         as planned.",
    );
    assert_eq!(
        rows(&doc),
        vec![row(
            I,
            "the depot will cost twice as much as planned",
            Some("According to"),
            Some("a report by the Transit Bureau")
        )]
    );
}

/// A person entity with one named mention at `span`.
fn named_person(id: &str, name: &str, span: readout_core::Span) -> readout_core::Entity {
    use readout_core::{Entity, EntityMention, EntityType, MentionKind};
    Entity {
        id: id.into(),
        name: name.into(),
        kind: EntityType::Person,
        aliases: vec![],
        mentions: vec![EntityMention {
            span,
            text: name.into(),
            kind: MentionKind::Name,
            mention: None,
        }],
        affiliation: None,
        role: None,
        kb: None,
    }
}

#[test]
fn a_long_appositive_after_a_quote_keeps_the_name_and_leaves_no_circumstance_as_content() {
    let doc = analyze(
        "Depot\n\n\"The depot will serve every district of the city,\" Lena Ortiz, the city's \
         deputy director of the transit planning office, said in a statement.",
    );
    assert_eq!(
        rows(&doc),
        vec![row(
            D,
            "The depot will serve every district of the city,",
            Some("said"),
            Some("Lena Ortiz, the city's deputy director of the transit planning office")
        )]
    );
}

#[test]
fn a_clause_opening_which_and_an_acronym_are_no_speakers() {
    let doc = analyze(
        "Depot\n\nThe depot closed early. Which means the drivers say they will strike on \
         Monday.\n\nAccording to WHO, the risk to riders from the new fumes remains low.",
    );
    for q in &doc.quotes {
        let speaker = q.speaker_text.as_ref().map(|s| s.text.as_str());
        assert_ne!(speaker, Some("Which"), "{:?}", rows(&doc));
        if speaker == Some("WHO") {
            assert_eq!(q.speaker, None, "no person behind an acronym");
        }
    }
}

#[test]
fn an_unlinked_pronoun_skips_a_person_of_the_other_gender() {
    use readout_core::{EntityMention, MentionKind, Span};
    let text = "Port\n\nOrla Fenwick met Tomas Rell on Monday. She said the port would reopen.";
    let mut doc = analyze(text);
    let text = doc.text.clone();
    let at = |needle: &str| {
        let s = text.find(needle).unwrap();
        Span::new(s, s + needle.len())
    };
    let mut rell = named_person("e2", "Tomas Rell", at("Tomas Rell"));
    // Elsewhere the resolver linked "he" to him.
    rell.mentions.push(EntityMention {
        span: at("port"),
        text: "he".into(),
        kind: MentionKind::Pronoun,
        mention: None,
    });
    doc.entities = vec![named_person("e1", "Orla Fenwick", at("Orla Fenwick")), rell];
    let she = readout_core::SpanText {
        span: at("She"),
        text: "She".into(),
    };
    if doc
        .mentions
        .iter()
        .filter(|m| m.kind == readout_core::EntityType::Person)
        .count()
        < 2
    {
        return; // The tagger missed a name: nothing to choose between.
    }
    assert_eq!(super::speaker_entity(&doc, &she).as_deref(), Some("e1"));
}
