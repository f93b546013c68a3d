//! The parse stage on news constructions (our own sentences), the model file, and bad input.

use readout_core::{Document, TextZone};

use super::tree::Tree;
use super::*;
use crate::ingest::{Article, Body};
use crate::{Analyzer, AnalyzerOptions};

fn analyze(text: &str) -> Document {
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        no_entities: true,
        no_events: true,
        ..AnalyzerOptions::default()
    });
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
    let doc = analyzer.analyze(article).expect("analysis succeeds");
    crate::assert_spans(&doc);
    doc
}

/// The tree of the first body sentence, with a lookup of token indices by text.
fn body_tree(doc: &Document) -> (Tree<'_>, impl Fn(&str) -> usize + '_) {
    let s = doc
        .sentences
        .iter()
        .find(|s| s.zone == TextZone::Body)
        .expect("a body sentence");
    let tokens = doc.sentence_tokens(s);
    let tree = Tree::new(tokens).expect("every token parsed");
    let find = move |w: &str| {
        tokens
            .iter()
            .position(|t| t.text == w)
            .unwrap_or_else(|| panic!("no token {w:?}"))
    };
    (tree, find)
}

/// Headline first, so the sentence under test is body text.
fn sentence(s: &str) -> Document {
    analyze(&format!("Report\n\n{s}"))
}

#[test]
fn the_embedded_model_loads_and_round_trips() {
    let m = SyntaxModel::embedded();
    assert!(m.tags.iter().any(|t| t.upos == "NOUN" && t.xpos == "NNS"));
    assert!(m.labels.iter().any(|l| l == "nsubj:pass"));
    assert!(m.labels.iter().any(|l| l == "obl:agent"));
    assert!(m.metadata.contains("readout train parse"));
    let mut bytes = Vec::new();
    m.write(&mut bytes).unwrap();
    let back = SyntaxModel::read(&bytes).unwrap();
    assert_eq!(back.tags, m.tags);
    assert_eq!(back.labels, m.labels);
    assert_eq!(back.tagger.n_features(), m.tagger.n_features());
    assert_eq!(back.parser.n_features(), m.parser.n_features());
}

#[test]
fn damaged_model_files_are_errors_not_panics() {
    let mut bytes = Vec::new();
    SyntaxModel::embedded().write(&mut bytes).unwrap();
    assert!(SyntaxModel::read(&bytes[..bytes.len() / 2]).is_err());
    assert!(SyntaxModel::read(b"not a model").is_err());
    assert!(SyntaxModel::read(&[]).is_err());
}

#[test]
fn subject_object_and_oblique_of_a_plain_clause() {
    let doc = sentence("Police arrested three protesters in the capital on Monday.");
    let (t, at) = body_tree(&doc);
    let v = at("arrested");
    assert_eq!(t.root(), Some(v));
    assert_eq!(t.upos(v), "VERB");
    assert_eq!(t.lemma(v), "arrest");
    assert_eq!(t.subject(v), Some(at("Police")));
    assert_eq!(t.object(v), Some(at("protesters")));
    let obl = t.obliques(v);
    assert!(obl.contains(&(at("Monday"), Some("on".into()))), "{obl:?}");
    // "in the capital" may modify the arrest or the protesters; either way it is "in".
    assert_eq!(t.preposition(at("capital")).as_deref(), Some("in"));
    assert_eq!(t.deprel(at("three")), "nummod");
}

#[test]
fn passive_with_and_without_an_agent() {
    let doc = sentence("Two soldiers were killed by a roadside bomb near the border.");
    let (t, at) = body_tree(&doc);
    let v = at("killed");
    assert!(t.is_passive(v));
    assert_eq!(t.subject(v), Some(at("soldiers")));
    assert_eq!(t.deprel(at("soldiers")), "nsubj:pass");
    assert_eq!(t.passive_agent(v), Some(at("bomb")));

    let doc = sentence("Ten fishermen were detained on Sunday.");
    let (t, at) = body_tree(&doc);
    let v = at("detained");
    assert!(t.is_passive(v));
    assert_eq!(t.subject(v), Some(at("fishermen")));
    assert_eq!(t.passive_agent(v), None);
}

#[test]
fn reported_speech_before_and_after_the_content() {
    let doc = sentence("The minister said that the talks had failed.");
    let (t, at) = body_tree(&doc);
    let said = at("said");
    assert_eq!(t.subject(said), Some(at("minister")));
    assert_eq!(t.clausal_complement(said), Some(at("failed")));
    assert_eq!(t.subject(at("failed")), Some(at("talks")));

    let doc = sentence("The ferry service will resume next week, the operator said.");
    let (t, at) = body_tree(&doc);
    assert_eq!(t.subject(at("said")), Some(at("operator")));
    assert_eq!(t.subject(at("resume")), Some(at("service")));
}

#[test]
fn according_to_is_one_preposition() {
    let doc = sentence("The bridge was closed for repairs, according to the mayor.");
    let (t, at) = body_tree(&doc);
    assert_eq!(t.preposition(at("mayor")).as_deref(), Some("according to"));
}

#[test]
fn control_verbs_pass_their_object_to_the_complement() {
    let doc = sentence("The council asked residents to leave the area.");
    let (t, at) = body_tree(&doc);
    let asked = at("asked");
    let asked_whom = t.object(asked).or(t.indirect_object(asked));
    assert_eq!(asked_whom, Some(at("residents")));
    assert_eq!(t.clausal_complement(asked), Some(at("leave")));
    assert_eq!(t.subject(at("leave")), Some(at("residents")));
}

#[test]
fn coordinated_verbs_share_their_subject_and_subjects_coordinate() {
    let doc = sentence("Rebels seized the town and burned the market.");
    let (t, at) = body_tree(&doc);
    assert_eq!(t.deprel(at("burned")), "conj");
    assert_eq!(t.subject(at("burned")), Some(at("Rebels")));
    assert_eq!(t.object(at("burned")), Some(at("market")));

    let doc = sentence("France and Germany signed the accord.");
    let (t, at) = body_tree(&doc);
    let subj = t.subject(at("signed")).unwrap();
    assert_eq!(t.conjuncts(subj), vec![at("France"), at("Germany")]);
}

#[test]
fn apposition_is_left_out_of_the_noun_phrase() {
    let doc = sentence("Mara Velik, a spokeswoman for the agency, said the road was open.");
    let (t, at) = body_tree(&doc);
    let subj = t.subject(at("said")).expect("a subject");
    assert!(
        subj == at("Mara") || subj == at("Velik"),
        "{}",
        t.text(subj)
    );
    assert_eq!(t.noun_phrase(subj), (at("Mara"), at("Velik")));
    let (first, last) = t.subtree_range(subj);
    assert_eq!((first, last), (at("Mara"), at("agency")));
}

#[test]
fn casualty_figures_and_their_subsets() {
    let doc = sentence("At least 136 civilians, including 13 children, were killed.");
    let (t, at) = body_tree(&doc);
    let v = at("killed");
    assert_eq!(t.subject(v), Some(at("civilians")));
    assert_eq!(t.head(at("136")), Some(at("civilians")));
    assert_eq!(t.head(at("children")), Some(at("civilians")));
    assert_eq!(t.preposition(at("children")).as_deref(), Some("including"));
}

#[test]
fn negation_and_modals() {
    let doc = sentence("The government did not confirm the report.");
    let (t, at) = body_tree(&doc);
    assert!(t.is_negated(at("confirm")));
    let doc = sentence("The army could withdraw its troops.");
    let (t, at) = body_tree(&doc);
    assert!(!t.is_negated(at("withdraw")));
    assert_eq!(t.modals(at("withdraw")), vec!["could"]);
    let doc = sentence("The rebels no longer insisted on new elections.");
    let (t, at) = body_tree(&doc);
    assert!(t.is_negated(at("insisted")));
    let doc = sentence("The rebels insisted on new elections for longer.");
    let (t, at) = body_tree(&doc);
    assert!(!t.is_negated(at("insisted")));
}

#[test]
fn a_dateline_does_not_take_the_subject() {
    let doc = analyze(
        "Port reopens\n\nOSLO, May 3 (Wire) - The port reopened on Tuesday after a strike.",
    );
    let (t, at) = body_tree(&doc);
    assert_eq!(t.subject(at("reopened")), Some(at("port")));
    assert_eq!(t.root(), Some(at("reopened")));
    assert_eq!(t.head(at("OSLO")), Some(at("reopened")));
    assert_eq!(t.deprel(at("OSLO")), "dep");
}

#[test]
fn datelines_are_recognised_by_shape() {
    let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        dateline_len(&words("OSLO , May 3 ( Wire ) - The port reopened .")),
        Some(8)
    );
    assert_eq!(
        dateline_len(&words("BERLIN ( Wire ) \u{2014} Talks resumed .")),
        Some(5)
    );
    assert_eq!(
        dateline_len(&words("Kyiv - Talks resumed today .")),
        None,
        "no capitals or credit"
    );
    assert_eq!(
        dateline_len(&words("The UN said - wrongly - that talks resumed .")),
        None
    );
    assert_eq!(
        dateline_len(&words("NATO - yes")),
        None,
        "too little after the dash"
    );
}

#[test]
fn every_sentence_gets_one_root_and_heads_inside_it() {
    let doc = analyze(
        "Talks resume\n\nNegotiators met on Friday. \"We are close,\" one of them said. \
         The deal, if signed, would end a strike that began in March.",
    );
    assert!(doc.sentences.len() >= 4);
    for s in &doc.sentences {
        let tokens = doc.sentence_tokens(s);
        let roots = tokens
            .iter()
            .filter(|t| t.syntax.as_ref().unwrap().head.is_none())
            .count();
        assert_eq!(roots, 1, "{}", s.text);
        for t in tokens {
            let syn = t.syntax.as_ref().unwrap();
            assert!(syn.head.is_none_or(|h| h < tokens.len()));
            assert_eq!(syn.head.is_none(), syn.deprel == "root");
        }
        // Span invariants hold with the new fields.
        for t in tokens {
            assert_eq!(doc.slice(t.span), Some(t.text.as_str()));
        }
    }
}

#[test]
fn very_long_and_garbled_sentences_parse_without_panic() {
    // A table flattened into one 5,000-token "sentence": linear-time parse, one root.
    let row = "alpha 12 beta 7.5 gamma ; ";
    let text = format!("Table\n\n{}", row.repeat(1000));
    let doc = analyze(&text);
    let parsed = doc.tokens.iter().filter(|t| t.syntax.is_some()).count();
    assert_eq!(parsed, doc.tokens.len());
    for s in &doc.sentences {
        let roots = doc
            .sentence_tokens(s)
            .iter()
            .filter(|t| t.syntax.as_ref().unwrap().head.is_none())
            .count();
        assert_eq!(roots, 1);
    }
    let doc = analyze("Ünïcödé\n\nДжерело: сьогодні 😀 ¿qué? 「東京」 ⟨⟩ \u{200b}x");
    assert!(doc.tokens.iter().all(|t| t.syntax.is_some()));
}

#[test]
fn conllu_words_are_kept_and_columns_filled() {
    let input = "# text = Ships sailed.\n1\tShips\t_\t_\t_\t_\t_\t_\t_\t_\n2\tsailed\t_\t_\t_\t_\t_\t_\t_\t_\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    let mut sentences = conllu::read(input.as_bytes()).unwrap();
    SyntaxModel::embedded().annotate_conllu(&mut sentences, SyntaxModel::clusters());
    let w = &sentences[0].words;
    assert_eq!(sentences[0].forms(), ["Ships", "sailed", "."]);
    assert_eq!(w[1].deprel, "root");
    assert_eq!(w[0].head, Some(1));
    assert_eq!(w[0].upos, "NOUN");
    assert_eq!(w[1].lemma, "sail");
    let out = conllu::write(&sentences);
    assert!(
        out.starts_with("# text = Ships sailed.\n1\tShips\tship\tNOUN\tNNS\t"),
        "{out}"
    );
}

#[test]
fn a_subject_with_a_relative_clause_in_commas_keeps_its_verb() {
    // The greedy parser alone hangs "attacked" / "said" inside the relative clause here.
    for (text, verb, subject, relative) in [
        (
            "The rebels, who control the north, attacked a government convoy near the border.",
            "attacked",
            "rebels",
            "control",
        ),
        (
            "Ruritania, which invaded its neighbour in February, said on Monday it would expel ten diplomats.",
            "said",
            "Ruritania",
            "invaded",
        ),
        (
            "On Monday, Ruritania, which invaded its neighbour in February, said it would expel ten diplomats.",
            "said",
            "Ruritania",
            "invaded",
        ),
        (
            "The Freedonian Authority - which considers the envoy biased and has rejected the new administration as a mediator - called for an emergency meeting.",
            "called",
            "Authority",
            "considers",
        ),
    ] {
        let doc = sentence(text);
        let (t, at) = body_tree(&doc);
        assert_eq!(t.root(), Some(at(verb)), "{text}");
        assert_eq!(t.subject(at(verb)), Some(at(subject)), "{text}");
        assert_eq!(t.head(at(relative)), Some(at(subject)), "{text}");
        assert_eq!(t.deprel(at(relative)), "acl:relcl", "{text}");
    }
}

/// A sentence's parse from (word, xpos, upos, head, deprel) rows, heads 1-based as in
/// CoNLL-U (0 = root).
fn rows(rows: &[(&str, &str, &str, usize, &str)]) -> (Vec<String>, Vec<TokenSyntax>) {
    let words = rows.iter().map(|r| r.0.to_string()).collect();
    let toks = rows
        .iter()
        .map(|&(_, xpos, upos, head, deprel)| TokenSyntax {
            upos: upos.into(),
            xpos: xpos.into(),
            lemma: String::new(),
            head: head.checked_sub(1),
            deprel: deprel.into(),
        })
        .collect();
    (words, toks)
}

#[test]
fn the_relative_clause_repair_moves_only_the_exact_error_shape() {
    // The error: "attacked" a conjunct of the relative verb, the noun the root.
    let (words, mut toks) = rows(&[
        ("Rebels", "NNS", "NOUN", 0, "root"),
        (",", ",", "PUNCT", 1, "punct"),
        ("who", "WP", "PRON", 4, "nsubj"),
        ("hold", "VBP", "VERB", 1, "acl:relcl"),
        ("towns", "NNS", "NOUN", 4, "obj"),
        (",", ",", "PUNCT", 4, "punct"),
        ("attacked", "VBD", "VERB", 4, "conj"),
        ("convoys", "NNS", "NOUN", 7, "obj"),
        (".", ".", "PUNCT", 1, "punct"),
    ]);
    repair::relative_clause_subject(&words, &mut toks);
    let heads: Vec<Option<usize>> = toks.iter().map(|t| t.head).collect();
    assert_eq!(
        heads,
        [
            Some(6),
            Some(3),
            Some(3),
            Some(0),
            Some(3),
            Some(3),
            None,
            Some(6),
            Some(6)
        ]
    );
    assert_eq!(toks[0].deprel, "nsubj");
    assert_eq!(toks[6].deprel, "root");

    // Left alone: a coordinated verb with its "and" is the relative clause's own second verb;
    // a noun that is the object of an earlier verb is not the subject of a later one.
    let (words, toks) = rows(&[
        ("Rebels", "NNS", "NOUN", 0, "root"),
        (",", ",", "PUNCT", 1, "punct"),
        ("who", "WP", "PRON", 4, "nsubj"),
        ("hold", "VBP", "VERB", 1, "acl:relcl"),
        ("towns", "NNS", "NOUN", 4, "obj"),
        ("and", "CC", "CCONJ", 7, "cc"),
        ("attacked", "VBD", "VERB", 4, "conj"),
        ("convoys", "NNS", "NOUN", 7, "obj"),
        (".", ".", "PUNCT", 1, "punct"),
    ]);
    let mut repaired = toks.clone();
    repair::relative_clause_subject(&words, &mut repaired);
    assert_eq!(repaired, toks);
    let (words, toks) = rows(&[
        ("Police", "NNS", "NOUN", 2, "nsubj"),
        ("met", "VBD", "VERB", 0, "root"),
        ("envoys", "NNS", "NOUN", 2, "obj"),
        (",", ",", "PUNCT", 5, "punct"),
        ("who", "WP", "PRON", 5, "nsubj"),
        ("came", "VBD", "VERB", 3, "acl:relcl"),
        ("late", "RB", "ADV", 5, "advmod"),
        (",", ",", "PUNCT", 8, "punct"),
        ("left", "VBD", "VERB", 5, "conj"),
        (".", ".", "PUNCT", 2, "punct"),
    ]);
    let mut repaired = toks.clone();
    repair::relative_clause_subject(&words, &mut repaired);
    assert_eq!(repaired, toks);
}

#[test]
fn a_verb_hung_inside_a_noun_root_goes_back_to_the_root() {
    // The greedy parser alone makes the first noun the root and the verb a modifier here.
    for (text, verb, subject, object) in [
        (
            "The envoy presented evidence against the ministry.",
            "presented",
            "envoy",
            "evidence",
        ),
        (
            "Nurses from three Japanese charities donated and quietly shipped vaccines to a clinic.",
            "donated",
            "Nurses",
            "vaccines",
        ),
    ] {
        let doc = sentence(text);
        let (t, at) = body_tree(&doc);
        assert_eq!(t.root(), Some(at(verb)), "{text}");
        assert_eq!(t.subject(at(verb)), Some(at(subject)), "{text}");
        let o = at(object);
        assert!(
            t.object(at(verb)) == Some(o) || t.conjuncts(at(verb)).iter().any(|&c| t.object(c) == Some(o)),
            "{text}"
        );
    }
}

#[test]
fn the_noun_root_repair_leaves_headline_passives_and_reduced_relatives() {
    // "Protesters blocked roads" read as a noun phrase: repaired.
    let (_, mut toks) = rows(&[
        ("Protesters", "NNS", "NOUN", 0, "root"),
        ("blocked", "VBN", "VERB", 3, "amod"),
        ("roads", "NNS", "NOUN", 1, "obj"),
        (".", ".", "PUNCT", 1, "punct"),
    ]);
    repair::verb_of_a_noun_root(&mut toks);
    let got: Vec<(Option<usize>, &str)> =
        toks.iter().map(|t| (t.head, t.deprel.as_str())).collect();
    assert_eq!(
        got,
        [
            (Some(1), "nsubj"),
            (None, "root"),
            (Some(1), "obj"),
            (Some(1), "punct")
        ]
    );
    // A participle set off by commas before a tense is a reduced relative: "The report,
    // released Friday, shows …" keeps "shows" (not "released") as the verb to restore.
    let (_, mut toks) = rows(&[
        ("report", "NN", "NOUN", 0, "root"),
        (",", ",", "PUNCT", 3, "punct"),
        ("released", "VBN", "VERB", 1, "acl"),
        ("Friday", "NNP", "PROPN", 3, "obj"),
        (",", ",", "PUNCT", 3, "punct"),
        ("shows", "VBZ", "VERB", 1, "acl"),
        ("gains", "NNS", "NOUN", 6, "obj"),
    ]);
    repair::verb_of_a_noun_root(&mut toks);
    assert_eq!(toks[5].head, None);
    assert_eq!((toks[0].head, toks[0].deprel.as_str()), (Some(5), "nsubj"));
    assert_eq!(toks[2].head, Some(0));
    // "Two soldiers killed in ambush" (a participle acting on nothing) and "goods donated
    // by aid groups" stay as parsed.
    for shape in [
        [
            ("soldiers", "NNS", "NOUN", 0, "root"),
            ("killed", "VBN", "VERB", 1, "acl"),
            ("in", "IN", "ADP", 4, "case"),
            ("ambush", "NN", "NOUN", 2, "obl"),
        ],
        [
            ("goods", "NNS", "NOUN", 0, "root"),
            ("donated", "VBN", "VERB", 1, "acl"),
            ("by", "IN", "ADP", 4, "case"),
            ("groups", "NNS", "NOUN", 2, "obl:agent"),
        ],
    ] {
        let (_, toks) = rows(&shape);
        let mut repaired = toks.clone();
        repair::verb_of_a_noun_root(&mut repaired);
        assert_eq!(repaired, toks);
    }
}
