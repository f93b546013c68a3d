//! Claims: the units compared across accounts.
//!
//! A claim is a body sentence, or a clause of one (split at semicolons and at ", but" /
//! ", while" / ", whereas" when both halves are long enough to stand alone). Each keeps:
//! * who asserts it: the speaker of the quote or reported speech covering it
//!   (`Document::quotes`), else the article's source (outlet, else document id);
//! * polarity (a negation cue) and modality (promised, agreed, discussed, proposed, demanded,
//!   hoped, possible, denied — from cue words, see [`crate::lexicon`]);
//! * the entities mentioned (by name, role or pronoun), the resolved dates and the counts in
//!   its span;
//! * who started an exchange, when the text says so ("X called Y", "at the request of X").
//!
//! Documents without sentences (a record built by hand) are split at `.`, `!` and `?`.

use std::collections::BTreeSet;

use readout_core::{cameo, CountCategory, Document, EntityType, Span, TextZone};
use serde::Serialize;

use crate::lexicon::{self, Modality};
use crate::text;

/// Who asserts a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// The speaker's name (entity name or the speaker as written), or the article's source.
    pub name: String,
    /// Entity id within the document, when the speaker was resolved to one.
    pub entity: Option<String>,
    /// True when a quote or reported speech attributes the claim; false when the article
    /// asserts it in its own voice.
    pub attributed: bool,
}

/// An entity taking part in a claim, with a key comparable across documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimEntity {
    /// Cross-document key: `kb:CODE` when the entity has a knowledge-base code, else its
    /// lower-cased name.
    pub key: String,
    /// Lower-cased last word of a person's name ("kuleba"), to match "Kuleba" with
    /// "Dmytro Kuleba" across documents.
    pub surname: Option<String>,
    /// Best name of the entity.
    pub name: String,
    /// Entity id within the document.
    pub id: String,
    /// Entity type label (PER, ORG, LOC, MISC).
    #[serde(rename = "type")]
    pub kind: String,
    /// The country (CAMEO/ISO code) the entity is or acts for, when the knowledge base or
    /// the resolver gave it a code: `NOR` for Norway, "Norwegian" and a minister coded
    /// `NORGOV`. Used to tell whether two accounts name the same side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// The country part of a CAMEO actor code ("NORGOV" → "NOR", "IDN" → "IDN"); `None` for
/// international bodies ("IGOUNO") and for anything that is not such a code.
pub fn party_of_code(kb: &str) -> Option<String> {
    let head = kb.get(..3)?;
    if !head.bytes().all(|b| b.is_ascii_uppercase())
        || !kb.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    // CAMEO codes of international bodies and of parties with no country, not countries.
    // SEP and MOD (separatists, moderates) heads are still read as a country part here, as
    // before the role lists were shared: changing that would change the comparison.
    if cameo::is_group(head)
        || (cameo::is_role(head) && !matches!(head, "SEP" | "MOD"))
        || cameo::OTHER_NON_STATE.contains(&head)
    {
        return None;
    }
    Some(head.to_string())
}

/// A resolved date in a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimTime {
    /// Span in the document text.
    #[serde(flatten)]
    pub span: Span,
    /// As written.
    pub text: String,
    /// ISO 8601 value.
    pub value: String,
}

/// A count in a claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimCount {
    /// Span in the document text.
    #[serde(flatten)]
    pub span: Span,
    /// As written.
    pub text: String,
    /// The number.
    pub value: f64,
    /// Upper bound of a range, when stated.
    pub value_max: Option<f64>,
    /// What happened to the counted.
    pub category: CountCategory,
    /// Who or what was counted, when stated.
    pub object: Option<String>,
}

/// A content word of a claim with its span (not serialized: reports show the contrast terms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Comparison key (folded and stemmed).
    pub key: String,
    /// Span in the document text.
    pub span: Span,
    /// True for words that are cues, numbers or entity names: they are compared through
    /// modality, polarity, counts and entities, never reported as a wording contrast.
    pub structural: bool,
}

/// One claim of one document.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    /// Document id.
    pub doc: String,
    /// Position of the claim in its document's claim list.
    pub index: usize,
    /// Span in the document text.
    #[serde(flatten)]
    pub span: Span,
    /// The claim's text.
    pub text: String,
    /// Index of the sentence it lies in.
    pub sentence: usize,
    /// Paragraph of that sentence.
    pub paragraph: usize,
    /// Who asserts it.
    pub speaker: Speaker,
    /// True when the claim is negated ("did not promise").
    pub negated: bool,
    /// The negation cue, when negated.
    pub negation_cue: Option<String>,
    /// How the claim is put forward.
    pub modality: Modality,
    /// The word that set the modality, when not plainly asserted.
    pub modality_cue: Option<String>,
    /// Entities taking part.
    pub entities: Vec<ClaimEntity>,
    /// Resolved dates.
    pub times: Vec<ClaimTime>,
    /// Counts.
    pub counts: Vec<ClaimCount>,
    /// Key of the entity that started the exchange, when the text says who did.
    pub initiator: Option<String>,
    /// Content words.
    #[serde(skip)]
    pub terms: Vec<Term>,
}

impl Claim {
    /// Distinct content-word keys.
    pub fn keys(&self) -> BTreeSet<&str> {
        self.terms.iter().map(|t| t.key.as_str()).collect()
    }
}

/// Cross-document key of an entity.
pub fn entity_key(entity: &readout_core::Entity) -> (String, Option<String>) {
    let name = entity.name.to_lowercase();
    let key = match &entity.kb {
        Some(kb) if !kb.is_empty() => format!("kb:{kb}"),
        _ => name.clone(),
    };
    // The last word that is not a generational suffix: "Roger Stone Jr." is a Stone.
    let surname = (entity.kind == EntityType::Person)
        .then(|| {
            name.split_whitespace()
                .rev()
                .find(|w| {
                    !matches!(
                        w.trim_end_matches(['.', ',']),
                        "jr" | "sr" | "ii" | "iii" | "iv"
                    )
                })
                .map(|w| w.trim_end_matches(',').to_string())
        })
        .flatten();
    (key, surname)
}

/// Do two claim entities refer to the same referent (same key, or same person surname)?
pub fn same_entity(a: &ClaimEntity, b: &ClaimEntity) -> bool {
    a.key == b.key || (a.surname.is_some() && a.surname == b.surname && a.kind == b.kind)
}

/// Smallest clause worth splitting off, in words.
const MIN_CLAUSE_WORDS: usize = 6;

/// Split a document's body into claims.
pub fn extract(doc: &Document) -> Vec<Claim> {
    let source_name = doc.source.clone().unwrap_or_else(|| doc.id.clone());
    let mut spans: Vec<(Span, usize, usize)> = Vec::new(); // (span, sentence, paragraph)
    if doc.sentences.is_empty() {
        for (i, span) in naive_sentences(&doc.text).into_iter().enumerate() {
            spans.push((span, i, 0));
        }
    } else {
        for (i, s) in doc.sentences.iter().enumerate() {
            if s.zone == TextZone::Body && doc.slice(s.span).is_some() {
                spans.push((s.span, i, s.paragraph));
            }
        }
    }
    let mut claims = Vec::new();
    for (span, sentence, paragraph) in spans {
        for clause in split_clauses(&doc.text, span) {
            if let Some(claim) = build(doc, clause, sentence, paragraph, &source_name) {
                let mut claim = claim;
                claim.index = claims.len();
                claims.push(claim);
            }
        }
    }
    claims
}

/// Sentences at `.`, `!`, `?` followed by white space, for documents without sentences.
fn naive_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_mark = matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
            && !(b == b'.' && is_abbreviation(&text[start..i]));
        if end_mark || b == b'\n' {
            let end = if b == b'\n' { i } else { i + 1 };
            push_trimmed(text, start, end, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Does the text before a period end with a title or an initial ("Mr", "Dr", "J")?
fn is_abbreviation(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(
        last,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Gen"
            | "Col"
            | "Lt"
            | "Sgt"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Prof"
            | "Jr"
            | "Sr"
            | "No"
            | "vs"
    ) || (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let Some(s) = text.get(start..end) else {
        return;
    };
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

/// Split a sentence span at semicolons and contrastive conjunctions.
fn split_clauses(text: &str, sentence: Span) -> Vec<Span> {
    let Some(s) = text.get(sentence.start..sentence.end) else {
        return Vec::new();
    };
    let mut cuts = Vec::new();
    for pat in ["; ", ", but ", ", while ", ", whereas "] {
        let mut from = 0;
        while let Some(pos) = s[from..].find(pat) {
            let at = from + pos + 1;
            cuts.push(at);
            from = from + pos + pat.len();
        }
    }
    cuts.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        let left = &s[start..cut];
        let right = &s[cut..];
        if text::words(left).len() >= MIN_CLAUSE_WORDS
            && text::words(right).len() >= MIN_CLAUSE_WORDS
        {
            push_trimmed(s, start, cut, &mut out);
            start = cut;
        }
    }
    push_trimmed(s, start, s.len(), &mut out);
    out.into_iter().map(|sp| sp.shift(sentence.start)).collect()
}

fn build(
    doc: &Document,
    span: Span,
    sentence: usize,
    paragraph: usize,
    source_name: &str,
) -> Option<Claim> {
    let text = doc.slice(span)?;
    let ws = text::words(text);
    if ws.is_empty() {
        return None;
    }
    let folded: Vec<String> = ws.iter().map(|w| text::fold(w.text)).collect();

    // Entities with a mention inside the claim, in order of first mention.
    let mut entities: Vec<(usize, ClaimEntity)> = Vec::new();
    let mut name_spans: Vec<Span> = Vec::new();
    let mut positions: Vec<(usize, String)> = Vec::new();
    for e in &doc.entities {
        let first = e
            .mentions
            .iter()
            .filter(|m| span.contains(m.span))
            .map(|m| m.span.start)
            .min();
        let (key, surname) = entity_key(e);
        let party = e.kb.as_deref().and_then(party_of_code);
        for m in e.mentions.iter().filter(|m| span.contains(m.span)) {
            name_spans.push(m.span);
            positions.push((m.span.start, key.clone()));
        }
        if let Some(first) = first {
            entities.push((
                first,
                ClaimEntity {
                    key,
                    surname,
                    name: e.name.clone(),
                    id: e.id.clone(),
                    kind: e.kind.label().to_string(),
                    party,
                },
            ));
        }
    }
    entities.sort_by_key(|(start, _)| *start);

    let (modality, modality_at) = lexicon::modality(&folded);
    let negation_at = lexicon::negation(&folded);

    let terms: Vec<Term> = ws
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            let f = &folded[*i];
            !text::is_stop(f) && (w.text.chars().count() >= 2 || text::is_number(w.text))
        })
        .map(|(i, w)| {
            let abs = Span::new(span.start + w.start, span.start + w.end);
            let structural = Some(i) == modality_at
                || Some(i) == negation_at
                || text::is_number(w.text)
                || name_spans.iter().any(|n| n.overlaps(abs))
                || w.text.chars().next().is_some_and(char::is_uppercase) && i > 0;
            Term {
                key: text::stem(&folded[i]),
                span: abs,
                structural,
            }
        })
        .collect();

    let speaker = speaker_for(doc, span, source_name);
    let times = doc
        .times
        .iter()
        .filter(|t| span.contains(t.span))
        .filter_map(|t| {
            Some(ClaimTime {
                span: t.span,
                text: t.text.clone(),
                value: t.value.clone()?,
            })
        })
        .collect();
    let counts = doc
        .counts
        .iter()
        .filter(|c| span.contains(c.span) && c.value.is_finite())
        .map(|c| ClaimCount {
            span: c.span,
            text: c.text.clone(),
            value: c.value,
            value_max: c.value_max,
            category: c.category,
            object: c.object.clone(),
        })
        .collect();
    let initiator = initiator(&ws, &folded, span, &positions);
    Some(Claim {
        doc: doc.id.clone(),
        index: 0,
        span,
        text: text.to_string(),
        sentence,
        paragraph,
        speaker,
        negated: negation_at.is_some(),
        negation_cue: negation_at.map(|i| ws[i].text.to_string()),
        modality,
        modality_cue: modality_at.map(|i| ws[i].text.to_string()),
        entities: entities.into_iter().map(|(_, e)| e).collect(),
        times,
        counts,
        initiator,
        terms,
    })
}

/// The speaker of the quote that covers most of the claim (at least 40 % of it), else the
/// article's source.
fn speaker_for(doc: &Document, span: Span, source_name: &str) -> Speaker {
    let overlap = |q: Span| q.end.min(span.end).saturating_sub(q.start.max(span.start));
    let best = doc
        .quotes
        .iter()
        .map(|q| (overlap(q.span), q))
        .filter(|(o, _)| *o * 10 >= span.len() * 4 && *o > 0)
        .max_by_key(|(o, _)| *o);
    if let Some((_, q)) = best {
        let entity = q
            .speaker
            .as_ref()
            .and_then(|id| doc.entities.iter().find(|e| &e.id == id));
        let name = entity
            .map(|e| e.name.clone())
            .or_else(|| q.speaker_text.as_ref().map(|s| s.text.clone()));
        if let Some(name) = name {
            return Speaker {
                name,
                entity: entity.map(|e| e.id.clone()),
                attributed: true,
            };
        }
    }
    Speaker {
        name: source_name.to_string(),
        entity: None,
        attributed: false,
    }
}

/// Who started an exchange: the subject of "called/phoned/rang/initiated" (not "called for"),
/// or the entity after "at the request of" / "call from" / "request of".
fn initiator(
    ws: &[text::Word<'_>],
    folded: &[String],
    claim: Span,
    positions: &[(usize, String)],
) -> Option<String> {
    let at = |i: usize| claim.start + ws[i].start;
    let entity_after = |pos: usize| {
        positions
            .iter()
            .filter(|(start, _)| *start >= pos)
            .min_by_key(|(start, _)| *start)
            .map(|(_, key)| key.clone())
    };
    let entity_before = |pos: usize| {
        positions
            .iter()
            .filter(|(start, _)| *start < pos)
            .max_by_key(|(start, _)| *start)
            .map(|(_, key)| key.clone())
    };
    for i in 0..folded.len() {
        let w = folded[i].as_str();
        let next = folded.get(i + 1).map(String::as_str);
        if (w == "request" && next == Some("of")) || (w == "call" && next == Some("from")) {
            if let Some(e) = entity_after(at(i)) {
                return Some(e);
            }
        }
        if w == "request" && i > 0 && ws[i - 1].text.ends_with("'s") {
            if let Some(e) = entity_before(at(i)) {
                return Some(e);
            }
        }
        // "at her request": whoever the resolver linked the pronoun to; nothing when it
        // linked it to no one (two people in view).
        if w == "request"
            && i > 0
            && matches!(folded[i - 1].as_str(), "his" | "her" | "their" | "its")
        {
            let pronoun = at(i - 1);
            if let Some((_, key)) = positions.iter().find(|(start, _)| *start == pronoun) {
                return Some(key.clone());
            }
        }
        if lexicon::INITIATION_VERBS.contains(&w)
            && !matches!(
                next,
                Some("for" | "on" | "off" | "it" | "him" | "her" | "them")
            )
            && !(i > 0 && matches!(folded[i - 1].as_str(), "was" | "were" | "is" | "be"))
        {
            if let Some(e) = entity_before(at(i)) {
                return Some(e);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::{MentionKind, Quote, QuoteKind, SpanText};

    #[test]
    fn parties_of_codes_skip_groups_and_roles_but_not_countries() {
        // Heads read as no country, as they were before the role lists were shared.
        for head in [
            "IGO", "NGO", "NGM", "MNC", "IMG", "UAF", "INS", "REB", "OPP", "GOV", "MIL", "COP",
            "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL", "LAB", "LEG", "HLH", "REF", "AGR",
            "ENV", "ELI", "RAD", "HRI", "SET", "PTY",
        ] {
            assert_eq!(party_of_code(&format!("{head}XYZ")), None, "{head}");
        }
        assert_eq!(party_of_code("NORGOV").as_deref(), Some("NOR"));
        assert_eq!(party_of_code("SEPNOR").as_deref(), Some("SEP"));
        assert_eq!(party_of_code("MOD").as_deref(), Some("MOD"));
        assert_eq!(party_of_code("nor"), None);
    }

    #[test]
    fn documents_without_sentences_are_split_naively() {
        let doc = Document::from_normalized(
            "d",
            "The ministers met on Monday. They did not sign anything!\nA third line".to_string(),
        );
        let claims = extract(&doc);
        let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The ministers met on Monday.",
                "They did not sign anything!",
                "A third line"
            ]
        );
        assert!(claims[1].negated);
        assert_eq!(claims[1].modality, Modality::Agreed);
        for c in &claims {
            assert_eq!(&doc.text[c.span.start..c.span.end], c.text);
            assert_eq!(c.speaker.name, "d");
            assert!(!c.speaker.attributed);
        }
    }

    #[test]
    fn long_clauses_split_at_but() {
        let text = "The delegation reached the northern border crossing at dawn, but the \
                    guards kept the heavy trucks waiting until late evening."
            .to_string();
        let doc = Document::from_normalized("d", text);
        let claims = extract(&doc);
        assert_eq!(claims.len(), 2, "{claims:?}");
        assert!(claims[1].text.starts_with("but the guards"));
        // Short halves stay together.
        let doc = Document::from_normalized("d", "Aid came, but late.".to_string());
        assert_eq!(extract(&doc).len(), 1);
    }

    #[test]
    fn quoted_claims_take_the_quote_speaker() {
        let text = "Ms. Orlen said the convoy would arrive on time.".to_string();
        let mut doc = Document::from_normalized("d", text.clone());
        doc.source = Some("Daily Lantern".to_string());
        let content = text.find("the convoy").unwrap();
        doc.quotes.push(Quote {
            span: Span::new(content, text.len() - 1),
            text: text[content..text.len() - 1].to_string(),
            kind: QuoteKind::Indirect,
            cue: None,
            speaker: None,
            speaker_text: Some(SpanText {
                span: Span::new(0, 9),
                text: "Ms. Orlen".to_string(),
            }),
            source: None,
            affiliation: None,
            sentence: 0,
        });
        let claims = extract(&doc);
        assert_eq!(claims[0].speaker.name, "Ms. Orlen");
        assert!(claims[0].speaker.attributed);
        let doc2 = Document {
            quotes: Vec::new(),
            ..doc
        };
        assert_eq!(extract(&doc2)[0].speaker.name, "Daily Lantern");
    }

    fn person(
        id: &str,
        name: &str,
        kb: Option<&str>,
        text: &str,
        forms: &[(&str, MentionKind)],
    ) -> readout_core::Entity {
        let mentions = forms
            .iter()
            .map(|(form, kind)| {
                let start = text.find(form).unwrap();
                readout_core::EntityMention {
                    span: Span::new(start, start + form.len()),
                    text: form.to_string(),
                    kind: *kind,
                    mention: None,
                }
            })
            .collect();
        readout_core::Entity {
            id: id.to_string(),
            name: name.to_string(),
            kind: EntityType::Person,
            aliases: Vec::new(),
            mentions,
            affiliation: None,
            role: None,
            kb: kb.map(str::to_string),
        }
    }

    #[test]
    fn a_request_by_pronoun_is_whoever_the_pronoun_was_resolved_to() {
        let text = "Brevik held a call with Varga at her request.".to_string();
        let mut doc = Document::from_normalized("d", text.clone());
        doc.entities.push(person(
            "e1",
            "Tomas Brevik",
            Some("OSTGOV"),
            &text,
            &[("Brevik", MentionKind::Name)],
        ));
        doc.entities.push(person(
            "e2",
            "Anneli Varga",
            Some("VLRGOV"),
            &text,
            &[("Varga", MentionKind::Name), ("her", MentionKind::Pronoun)],
        ));
        let claims = extract(&doc);
        assert_eq!(claims[0].initiator.as_deref(), Some("kb:VLRGOV"));
        assert_eq!(claims[0].entities[1].party.as_deref(), Some("VLR"));
        // Unresolved pronoun: no initiator rather than a guess.
        doc.entities[1].mentions.pop();
        assert_eq!(extract(&doc)[0].initiator, None);
    }

    #[test]
    fn parties_are_countries_of_cameo_codes() {
        assert_eq!(party_of_code("NORGOV").as_deref(), Some("NOR"));
        assert_eq!(party_of_code("IDN").as_deref(), Some("IDN"));
        assert_eq!(party_of_code("IGOUNO"), None);
        assert_eq!(party_of_code("GOVMIL"), None);
        assert_eq!(party_of_code("Q42"), None);
        assert_eq!(party_of_code("no"), None);
    }
}
