//! Two invented readouts of one invented phone call between two invented ministers: the
//! labels, values and spans `compare` reports. The documents are annotated by hand here (this
//! crate does not run the analyzer), the way `readout analyze` would annotate them.

use readout_compare::{compare, CompareOptions, ConflictKind, Label, Modality};
use readout_core::{
    Count, CountCategory, Document, Entity, EntityMention, EntityType, MentionKind, Quote,
    QuoteKind, Span, SpanText, TimeExpr, TimeType,
};

struct EntitySpec<'a> {
    id: &'a str,
    name: &'a str,
    kind: EntityType,
    kb: Option<&'a str>,
    forms: &'a [&'a str],
}

const ENTITIES: &[EntitySpec<'static>] = &[
    EntitySpec {
        id: "e1",
        name: "Anneli Varga",
        kind: EntityType::Person,
        kb: None,
        forms: &["Anneli Varga", "Varga"],
    },
    EntitySpec {
        id: "e2",
        name: "Tomas Brevik",
        kind: EntityType::Person,
        kb: None,
        forms: &["Tomas Brevik", "Brevik"],
    },
    EntitySpec {
        id: "e3",
        name: "Veloria",
        kind: EntityType::Location,
        kb: Some("VLR"),
        forms: &["Veloria", "Velorian"],
    },
    EntitySpec {
        id: "e4",
        name: "Ostrava",
        kind: EntityType::Location,
        kb: Some("OST"),
        forms: &["Ostrava", "Ostravan"],
    },
];

fn find_all(text: &str, needle: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(needle) {
        let start = from + pos;
        let end = start + needle.len();
        let word_end = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if word_end {
            out.push(Span::new(start, end));
        }
        from = end;
    }
    out
}

/// Annotate a readout: entities by their surface forms, "3 March" as a date, the given count
/// phrases, and reported speech after "<name> said that".
fn readout(id: &str, source: &str, text: &str, counts: &[(&str, f64)]) -> Document {
    let mut doc = Document::from_normalized(id, text.to_string());
    doc.source = Some(source.to_string());
    doc.published = Some("2031-03-04".to_string());
    for spec in ENTITIES {
        let mut mentions: Vec<EntityMention> = Vec::new();
        for form in spec.forms {
            for span in find_all(text, form) {
                if mentions.iter().any(|m| m.span.overlaps(span)) {
                    continue;
                }
                mentions.push(EntityMention {
                    span,
                    text: form.to_string(),
                    kind: MentionKind::Name,
                    mention: None,
                });
            }
        }
        mentions.sort_by_key(|m| m.span);
        if mentions.is_empty() {
            continue;
        }
        doc.entities.push(Entity {
            id: spec.id.to_string(),
            name: spec.name.to_string(),
            kind: spec.kind,
            aliases: spec.forms.iter().map(|f| f.to_string()).collect(),
            mentions,
            affiliation: None,
            role: None,
            kb: spec.kb.map(str::to_string),
        });
    }
    for span in find_all(text, "3 March") {
        doc.times.push(TimeExpr {
            span,
            text: "3 March".to_string(),
            kind: TimeType::Date,
            value: Some("2031-03-03".to_string()),
            anchor: None,
            sentence: 0,
            note: None,
        });
    }
    for (phrase, value) in counts {
        let span = find_all(text, phrase)[0];
        doc.counts.push(Count {
            span,
            text: phrase.to_string(),
            value: *value,
            value_max: None,
            qualifier: None,
            category: CountCategory::Killed,
            object: None,
            subset_of: None,
            sentence: 0,
        });
    }
    for span in find_all(text, "Varga said that") {
        let content_start = span.end + 1;
        let content_end = text[content_start..].find('.').unwrap() + content_start;
        doc.quotes.push(Quote {
            span: Span::new(content_start, content_end),
            text: text[content_start..content_end].to_string(),
            kind: QuoteKind::Indirect,
            cue: None,
            speaker: Some("e1".to_string()),
            speaker_text: Some(SpanText {
                span: Span::new(span.start, span.start + 5),
                text: "Varga".to_string(),
            }),
            source: None,
            affiliation: None,
            sentence: 0,
        });
    }
    doc
}

const VELORIA: &str = "On 3 March, Foreign Minister Anneli Varga of Veloria held a phone call \
with Foreign Minister Tomas Brevik of Ostrava at the request of the Ostravan side. Varga \
described the invasion of the eastern provinces as an act of aggression. Varga said that the \
shelling of Kessel had killed 136 civilians. Brevik promised to support mediation through the \
United Nations. The two ministers agreed to meet again in Lisbon before the summer recess.";

const OSTRAVA: &str = "On 3 March, Foreign Minister Tomas Brevik of Ostrava held a phone call \
with Foreign Minister Anneli Varga of Veloria at the request of the Velorian side. Varga \
described the conflict in the eastern provinces as a crisis. Varga said that the shelling of \
Kessel had left 352 civilians dead. Brevik did not promise to support mediation through the \
United Nations. Brevik stressed that trade in grain between the countries grew last year.";

fn docs() -> (Document, Document) {
    (
        readout(
            "veloria-mfa",
            "Veloria MFA",
            VELORIA,
            &[("killed 136 civilians", 136.0)],
        ),
        readout(
            "ostrava-mfa",
            "Ostrava MFA",
            OSTRAVA,
            &[("352 civilians dead", 352.0)],
        ),
    )
}

#[test]
fn two_readouts_of_one_call() {
    let (a, b) = docs();
    let result = compare(&[&a, &b], &CompareOptions::default());
    assert_eq!(result.pairs.len(), 1);
    let pair = &result.pairs[0];
    let items = &pair.items;
    for item in items {
        eprintln!(
            "{:?} {:?} {:?} | {:?} | {:?}",
            item.label,
            item.conflicts,
            item.contrast,
            item.left.as_ref().map(|s| &s.text),
            item.right.as_ref().map(|s| &s.text)
        );
    }
    let find = |left_prefix: &str| {
        items
            .iter()
            .find(|i| {
                i.left
                    .as_ref()
                    .is_some_and(|s| s.text.starts_with(left_prefix))
            })
            .unwrap_or_else(|| panic!("no item for {left_prefix:?}"))
    };

    // Who asked for the call.
    let call = find("On 3 March");
    assert_eq!(call.label, Label::Conflict);
    assert_eq!(call.conflicts.len(), 1, "{:?}", call.conflicts);
    assert_eq!(call.conflicts[0].kind, ConflictKind::Actor);
    assert_eq!(call.conflicts[0].left, "started by Ostrava");
    assert_eq!(call.conflicts[0].right, "started by Veloria");

    // Framing of the war.
    let framing = find("Varga described");
    assert_eq!(framing.label, Label::Wording);
    let contrast = framing.contrast.as_ref().unwrap();
    assert_eq!(contrast.left, ["invasion", "aggression"]);
    assert_eq!(contrast.right, ["conflict", "crisis"]);
    assert_eq!(contrast.family.as_deref(), Some("armed conflict"));

    // The same words over the whole text, aligned or not.
    // ("had killed" / "left … dead": an agent named or not.)
    let families: Vec<&str> = pair.terms.iter().map(|t| t.family.as_str()).collect();
    assert_eq!(families, ["armed conflict", "harm to people"]);
    let terms = &pair.terms[0];
    let words =
        |v: &[readout_compare::TermUse]| v.iter().map(|u| u.text.clone()).collect::<Vec<_>>();
    assert_eq!(words(&terms.left), ["invasion", "aggression"]);
    assert_eq!(words(&terms.right), ["conflict", "crisis"]);
    for u in &terms.left {
        assert_eq!(&a.text[u.span.start..u.span.end], u.text);
    }
    for u in &terms.right {
        assert_eq!(&b.text[u.span.start..u.span.end], u.text);
    }

    // The death toll, with the quoted speaker on both sides.
    let toll = find("Varga said");
    assert_eq!(toll.label, Label::Conflict);
    assert_eq!(toll.conflicts[0].kind, ConflictKind::Count);
    assert!(toll.conflicts[0].left.starts_with("136"));
    assert!(toll.conflicts[0].right.starts_with("352"));
    let (l, r) = (toll.left.as_ref().unwrap(), toll.right.as_ref().unwrap());
    assert_eq!(l.speaker.name, "Anneli Varga");
    assert!(l.speaker.attributed && r.speaker.attributed);

    // Promised vs did not promise.
    let promise = find("Brevik promised");
    assert_eq!(promise.label, Label::Conflict);
    assert_eq!(promise.conflicts[0].kind, ConflictKind::Polarity);
    assert_eq!(promise.left.as_ref().unwrap().modality, Modality::Promised);
    assert!(promise.right.as_ref().unwrap().negated);
    assert_eq!(promise.right.as_ref().unwrap().speaker.name, "Ostrava MFA");
    assert!(!promise.right.as_ref().unwrap().speaker.attributed);

    // Omissions, one on each side.
    let only: Vec<(&str, &str)> = items
        .iter()
        .filter(|i| i.label == Label::OnlyIn)
        .map(|i| {
            let side = i.left.as_ref().or(i.right.as_ref()).unwrap();
            (i.only_in.as_deref().unwrap(), &side.text[..20])
        })
        .collect();
    assert_eq!(
        only,
        [
            ("veloria-mfa", "The two ministers ag"),
            ("ostrava-mfa", "Brevik stressed that")
        ]
    );
    assert_eq!(pair.summary.conflict, 3);
    assert_eq!(pair.summary.wording, 1);
    assert_eq!(pair.summary.only_in_left, 1);
    assert_eq!(pair.summary.only_in_right, 1);
    assert_eq!(pair.summary.agree, 0);

    // Every side points at its own bytes.
    for item in items {
        for (side, doc) in [(&item.left, &a), (&item.right, &b)] {
            if let Some(side) = side {
                assert_eq!(side.doc, doc.id);
                assert_eq!(&doc.text[side.span.start..side.span.end], side.text);
            }
        }
    }
}

#[test]
fn json_and_text_reports() {
    let (a, b) = docs();
    let result = compare(&[&a, &b], &CompareOptions::default());
    let json = serde_json::to_value(&result).unwrap();
    let first = &json["pairs"][0]["items"][0];
    assert_eq!(first["label"], "conflict");
    assert_eq!(first["left"]["doc"], "veloria-mfa");
    assert!(first["left"]["start"].is_u64() && first["right"]["end"].is_u64());
    assert_eq!(first["conflicts"][0]["kind"], "actor");
    let text = readout_compare::report::comparison_text(&result);
    assert!(text.contains("A: veloria-mfa · Veloria MFA"), "{text}");
    assert!(text.contains("== CONFLICTS (3)"), "{text}");
    assert!(
        text.contains("“invasion, aggression” vs “conflict, crisis”"),
        "{text}"
    );
    assert!(text.contains("136") && text.contains("352"));
}

#[test]
fn an_account_agrees_with_itself() {
    let (a, _) = docs();
    let mut copy = a.clone();
    copy.id = "copy".to_string();
    let result = compare(&[&a, &copy], &CompareOptions::default());
    let s = &result.pairs[0].summary;
    assert_eq!((s.agree, s.wording, s.conflict), (5, 0, 0));
    assert_eq!((s.only_in_left, s.only_in_right), (0, 0));
}

#[test]
fn three_accounts_make_three_pairs_and_empty_ones_do_not_panic() {
    let (a, b) = docs();
    let empty = Document::from_normalized("empty", String::new());
    let result = compare(&[&a, &b, &empty], &CompareOptions::default());
    assert_eq!(result.pairs.len(), 3);
    assert_eq!(result.pairs[1].right, "empty");
    assert_eq!(result.pairs[1].summary.only_in_left, 5);
    assert_eq!(result.pairs[2].items.len(), 5);
    assert!(compare(&[&a], &CompareOptions::default()).pairs.is_empty());
    assert!(
        readout_compare::report::comparison_text(&compare(&[], &CompareOptions::default()))
            .contains("at least two")
    );
}
