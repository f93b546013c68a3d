//! Facts: the atomic, typed units compared across accounts.
//!
//! A sentence is too coarse a unit: "At least 136 people, including 13 children, have been
//! killed" holds two figures, and another outlet may give them in two sentences. So each
//! analyzed [`Document`] is decomposed into facts read from the annotations the pipeline
//! already made on the parse:
//! * **count facts** from [`Document::counts`]: category, figure and qualifier, victim class
//!   ("people", "children", "soldiers"…), the count it is part of, the places and dates of its
//!   sentence;
//! * **event facts** from [`Document::events`]: CAMEO/PLOVER code, actor and recipient with
//!   their keys (code, country, entity), date, polarity and modality;
//! * **statement facts** from [`Document::quotes`]: speaker and content.
//!
//! Every fact keeps its own span, its sentence as context and its *source*: who asserts it (the
//! speaker of the quote that holds it, else the outlet). Only body sentences yield facts: a
//! headline repeats the body, and bylines and credit lines ("Reporting by …") are layout.
//! A figure repeated in one account by one source is one fact with several spans.

use std::collections::BTreeSet;

use readout_core::{CountCategory, Document, EntityType, PloverCategory, Span, TextZone};
use serde::Serialize;

use crate::claims::{entity_key, party_of_code};
use crate::lexicon::{self, Modality};
use crate::text;

/// Who asserts a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Name of the speaker (entity name, or as written), or the outlet.
    pub name: String,
    /// Cross-document key of the speaker's entity ([`entity_key`]), when resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The country (CAMEO code) the speaker is or speaks for, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// True when a quote or reported speech attributes the fact; false for the outlet's own
    /// voice.
    pub attributed: bool,
    /// True when the speaker is a person (entity of type PER).
    #[serde(skip)]
    pub person: bool,
}

/// A party to an event: the phrase and the keys it can be matched by across accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    /// The phrase naming it.
    pub text: String,
    /// CAMEO actor code, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Keys (CAMEO code, its country, entity key, person surname, folded phrase).
    #[serde(skip)]
    pub keys: BTreeSet<String>,
}

/// A count fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountFact {
    /// What happened to the counted.
    pub category: CountCategory,
    /// The figure.
    pub value: f64,
    /// Upper bound of a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// "at least", "more than"…, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Who or what was counted, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The class of the counted ("people", "children", "soldiers", …): figures are compared
    /// within one class.
    pub victims: String,
    /// Index (in the document's facts) of the count this one is part of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subset_of: Option<usize>,
    /// Places named in the sentence (entity keys).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// Dates of the sentence (ISO values).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub period: Vec<String>,
}

/// An event fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFact {
    /// CAMEO code.
    pub code: String,
    /// CAMEO label.
    pub label: String,
    /// PLOVER category, when the code has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover: Option<PloverCategory>,
    /// Who acted.
    pub actors: Vec<Party>,
    /// Whom it was done to.
    pub recipients: Vec<Party>,
    /// Date (ISO, at its granularity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// True when the date comes from a time expression of the text, false when it is the
    /// publication date (an undated report).
    pub date_stated: bool,
    /// Id of the event in the document.
    pub event: String,
}

/// A statement fact: who said what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatementFact {
    /// The speaker as written ("the ministry", "Varga").
    pub speaker: String,
    /// The speech verb or phrase ("said", "according to").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// Direct quote (quotation marks) or reported speech.
    pub direct: bool,
    /// Content-word keys (folded, stemmed) of the content, for alignment.
    #[serde(skip)]
    pub keys: BTreeSet<String>,
}

/// What a fact states.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactBody {
    /// A figure.
    Count(CountFact),
    /// Who did what to whom.
    Event(EventFact),
    /// Who said what.
    Statement(StatementFact),
}

/// The kinds of facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// [`CountFact`].
    Count,
    /// [`EventFact`].
    Event,
    /// [`StatementFact`].
    Statement,
}

impl FactKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Count => "count",
            FactKind::Event => "event",
            FactKind::Statement => "statement",
        }
    }
}

/// One fact of one account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Document id.
    pub doc: String,
    /// Position in the document's fact list.
    pub index: usize,
    /// The fact's own span (count phrase, event sentence, quote content).
    #[serde(flatten)]
    pub span: Span,
    /// The fact's own text.
    pub text: String,
    /// Further spans stating the same fact in this account (a figure repeated).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Span>,
    /// Index of its sentence.
    pub sentence: usize,
    /// Span of that sentence: the context.
    pub context: Span,
    /// That sentence's text.
    pub context_text: String,
    /// Who asserts it.
    pub source: Source,
    /// The text says it did not happen.
    pub negated: bool,
    /// How it is put forward (asserted, promised, demanded, possible…).
    pub modality: Modality,
    /// What it states.
    #[serde(flatten)]
    pub body: FactBody,
}

impl Fact {
    /// The fact's kind.
    pub fn kind(&self) -> FactKind {
        match self.body {
            FactBody::Count(_) => FactKind::Count,
            FactBody::Event(_) => FactKind::Event,
            FactBody::Statement(_) => FactKind::Statement,
        }
    }

    /// A one-line statement of the fact: "UN human rights office: at least 136 people killed".
    pub fn summary(&self) -> String {
        let who = &self.source.name;
        match &self.body {
            FactBody::Count(c) => {
                let figure = figure_text(c);
                let object = c.object.as_deref().unwrap_or(&c.victims);
                format!("{who}: {figure} {object} {}", category_word(c.category))
            }
            FactBody::Event(e) => {
                let names = |ps: &[Party]| {
                    ps.iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" and ")
                };
                let mut s = format!("{} {}", e.code, e.label);
                if !e.actors.is_empty() {
                    s = format!("{}: {s}", names(&e.actors));
                }
                if !e.recipients.is_empty() {
                    s.push_str(&format!(" → {}", names(&e.recipients)));
                }
                if let Some(d) = &e.date {
                    s.push_str(&format!(" ({d})"));
                }
                if self.negated {
                    s.push_str(" [negated]");
                }
                if self.modality != Modality::Asserted {
                    s.push_str(&format!(" [{}]", self.modality.label()));
                }
                s
            }
            FactBody::Statement(st) => {
                let how = match self.modality {
                    Modality::Asserted => String::new(),
                    m => format!(" ({})", m.label()),
                };
                format!("{}{how}: \u{201c}{}\u{201d}", st.speaker, self.text)
            }
        }
    }
}

/// "at least 136", "10–15".
pub fn figure_text(c: &CountFact) -> String {
    let mut s = String::new();
    if let Some(q) = &c.qualifier {
        s.push_str(&q.to_lowercase());
        s.push(' ');
    }
    s.push_str(&number_text(c.value));
    if let Some(max) = c.value_max {
        s.push('\u{2013}');
        s.push_str(&number_text(max));
    }
    s
}

/// A number without a needless ".0".
pub fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The participle of a count category ("killed").
pub fn category_word(c: CountCategory) -> &'static str {
    match c {
        CountCategory::Killed => "killed",
        CountCategory::Injured => "injured",
        CountCategory::Casualties => "casualties",
        CountCategory::Arrested => "arrested",
        CountCategory::Displaced => "displaced",
        CountCategory::Missing => "missing",
        CountCategory::Other => "counted",
    }
}

/// The class of what was counted, from the counted noun: figures of one class are comparable
/// ("136 civilians" and "136 people" are one figure), of different classes not ("13
/// children" is not "136 people"). Unknown nouns are their own class.
pub fn victim_class(object: Option<&str>) -> String {
    let Some(object) = object else {
        return "people".to_string();
    };
    let words: Vec<String> = text::words(object)
        .iter()
        .map(|w| text::fold(w.text))
        .collect();
    let classes: [(&str, &[&str]); 8] = [
        (
            "children",
            &[
                "child",
                "children",
                "kid",
                "kids",
                "minor",
                "minors",
                "infant",
                "infants",
                "baby",
                "babies",
                "boy",
                "boys",
                "girl",
                "girls",
                "teenager",
                "teenagers",
            ],
        ),
        ("women", &["woman", "women"]),
        (
            "soldiers",
            &[
                "soldier",
                "soldiers",
                "troops",
                "troop",
                "serviceman",
                "servicemen",
                "servicemembers",
                "marines",
                "personnel",
                "sailors",
                "pilots",
            ],
        ),
        ("police", &["police", "policeman", "policemen", "officers"]),
        ("journalists", &["journalist", "journalists", "reporters"]),
        (
            "fighters",
            &[
                "militant",
                "militants",
                "fighter",
                "fighters",
                "rebel",
                "rebels",
                "insurgent",
                "insurgents",
                "terrorists",
                "gunmen",
            ],
        ),
        (
            "migrants",
            &["migrant", "migrants", "refugee", "refugees", "asylum"],
        ),
        (
            "people",
            &[
                "people",
                "person",
                "persons",
                "civilian",
                "civilians",
                "individual",
                "individuals",
                "resident",
                "residents",
                "inhabitants",
                "others",
                "victims",
                "dead",
                "lives",
            ],
        ),
    ];
    // The most specific class named: "civilians, including children" is about children only
    // when the head says so, so take the last class word (the head of "Velorian civilians").
    for w in words.iter().rev() {
        for (class, members) in classes {
            if members.contains(&w.as_str()) {
                return class.to_string();
            }
        }
    }
    words
        .last()
        .map(|w| text::stem(w))
        .unwrap_or_else(|| "people".to_string())
}

/// Decompose an analyzed account into facts, in text order within each kind (counts, events,
/// statements).
pub fn extract(doc: &Document) -> Vec<Fact> {
    let sources = Sources::new(doc);
    let mut facts = Vec::new();
    count_facts(doc, &sources, &mut facts);
    event_facts(doc, &sources, &mut facts);
    statement_facts(doc, &sources, &mut facts);
    for (i, f) in facts.iter_mut().enumerate() {
        f.index = i;
    }
    facts
}

/// Is sentence `i` a body sentence (headlines, bylines and credit lines yield no facts)?
fn in_body(doc: &Document, i: usize) -> bool {
    match doc.sentences.get(i) {
        Some(s) => s.zone == TextZone::Body,
        // A record built by hand, without sentences.
        None => doc.sentences.is_empty(),
    }
}

fn context_of(doc: &Document, i: usize, fallback: Span) -> Span {
    doc.sentences.get(i).map(|s| s.span).unwrap_or(fallback)
}

/// Who speaks where: the document's quotes with their speakers resolved to names.
struct Sources {
    /// (content span, sentence, source)
    quotes: Vec<(Span, usize, Source)>,
    outlet: Source,
}

impl Sources {
    fn new(doc: &Document) -> Sources {
        let outlet = Source {
            name: doc.source.clone().unwrap_or_else(|| doc.id.clone()),
            key: None,
            party: None,
            attributed: false,
            person: false,
        };
        let mut quotes: Vec<(Span, usize, Source)> = Vec::new();
        for q in &doc.quotes {
            // "Norway's Foreign Minister Ilse Halvorsen": the person, not the country;
            // "Veloria's interior ministry": the ministry.
            // The head of the phrase is its last name: the entity whose mention ends last.
            let named_in = |kind: EntityType| {
                let s = q.speaker_text.as_ref()?;
                doc.entities
                    .iter()
                    .filter(|e| e.kind == kind)
                    .filter_map(|e| {
                        let end = e
                            .mentions
                            .iter()
                            .filter(|m| s.span.contains(m.span))
                            .map(|m| m.span.end)
                            .max()?;
                        Some((end, e))
                    })
                    .max_by_key(|(end, _)| *end)
                    .map(|(_, e)| e)
            };
            let person =
                named_in(EntityType::Person).or_else(|| named_in(EntityType::Organization));
            let entity = person
                .or_else(|| {
                    q.speaker
                        .as_ref()
                        .and_then(|id| doc.entities.iter().find(|e| &e.id == id))
                })
                .or_else(|| {
                    q.speaker_text
                        .as_ref()
                        .and_then(|s| entity_by_head(doc, &s.text))
                });
            let source = match (entity, &q.speaker_text) {
                // "Veloria's interior ministry": a body of the country, named as written.
                (Some(e), Some(s))
                    if e.kind == EntityType::Location
                        && e.mentions
                            .iter()
                            .any(|m| s.span.contains(m.span) && s.span.end > m.span.end + 2) =>
                {
                    Source {
                        name: s.text.clone(),
                        key: None,
                        party: e.kb.as_deref().and_then(party_of_code),
                        attributed: true,
                        person: false,
                    }
                }
                (Some(e), _) => Source {
                    name: e.name.clone(),
                    key: Some(entity_key(e).0),
                    party: e.kb.as_deref().and_then(party_of_code),
                    attributed: true,
                    person: e.kind == EntityType::Person,
                },
                (None, Some(s)) if is_pronoun(&s.text) => {
                    // "It said …" after "the office said …": the last named speaker.
                    match quotes.iter().rev().find(|(_, _, s)| s.key.is_some()) {
                        Some((_, _, prev)) => prev.clone(),
                        None => continue,
                    }
                }
                (None, Some(s)) => Source {
                    name: s.text.clone(),
                    key: None,
                    party: None,
                    attributed: true,
                    person: false,
                },
                (None, None) => continue,
            };
            quotes.push((q.span, q.sentence, source));
        }
        Sources { quotes, outlet }
    }

    /// The source of a span: the speaker of the quote holding it, else (with `nearby`) of a
    /// quote in the same sentence that starts before it ("the office said on Tuesday that 136
    /// …, among them 13 children"), else the outlet.
    fn of(&self, span: Span, sentence: usize, nearby: bool) -> Source {
        let holding = self
            .quotes
            .iter()
            .filter(|(q, _, _)| q.contains(span))
            .min_by_key(|(q, _, _)| q.len());
        if let Some((_, _, s)) = holding {
            return s.clone();
        }
        self.quotes
            .iter()
            .filter(|_| nearby)
            .find(|(q, s, _)| *s == sentence && q.start <= span.start)
            .map(|(_, _, s)| s.clone())
            .unwrap_or_else(|| self.outlet.clone())
    }
}

fn is_pronoun(s: &str) -> bool {
    matches!(
        s.to_lowercase().as_str(),
        "it" | "he" | "she" | "they" | "we" | "i"
    )
}

/// The entity a description like "the ministry" or "the office" names: the one entity of the
/// document whose name ends with the description's head noun.
fn entity_by_head<'d>(doc: &'d Document, speaker: &str) -> Option<&'d readout_core::Entity> {
    let words: Vec<String> = text::words(speaker)
        .iter()
        .map(|w| text::fold(w.text))
        .collect();
    if words.len() > 3 || words.first().is_none_or(|w| w != "the") {
        return None;
    }
    let head = words.last()?;
    let mut found = doc.entities.iter().filter(|e| {
        e.kind == EntityType::Organization
            && e.name
                .split_whitespace()
                .last()
                .is_some_and(|w| text::fold(w) == *head)
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

fn count_facts(doc: &Document, sources: &Sources, facts: &mut Vec<Fact>) {
    // Fact index of each count, to map `subset_of`.
    let mut fact_of: Vec<Option<usize>> = vec![None; doc.counts.len()];
    for (ci, c) in doc.counts.iter().enumerate() {
        if !c.value.is_finite() || !in_body(doc, c.sentence) {
            continue;
        }
        let context = context_of(doc, c.sentence, c.span);
        let source = sources.of(c.span, c.sentence, true);
        let victims = victim_class(c.object.as_deref());
        let subset_of = c.subset_of.and_then(|p| fact_of.get(p).copied().flatten());
        // The same figure of the same class from the same source, said again: one fact.
        let repeat = facts.iter_mut().find(|f| match &f.body {
            FactBody::Count(g) => {
                g.category == c.category
                    && g.victims == victims
                    && g.value == c.value
                    && g.value_max == c.value_max
                    && f.source == source
            }
            _ => false,
        });
        if let Some(f) = repeat {
            f.also.push(c.span);
            fact_of[ci] = Some(f.index);
            continue;
        }
        let (places, period) = sentence_places_and_dates(doc, context);
        let index = facts.len();
        fact_of[ci] = Some(index);
        facts.push(Fact {
            doc: doc.id.clone(),
            index,
            span: c.span,
            text: c.text.clone(),
            also: Vec::new(),
            sentence: c.sentence,
            context,
            context_text: doc.slice(context).unwrap_or("").to_string(),
            source,
            negated: false,
            modality: Modality::Asserted,
            body: FactBody::Count(CountFact {
                category: c.category,
                value: c.value,
                value_max: c.value_max,
                qualifier: c.qualifier.clone(),
                object: c.object.clone(),
                victims,
                subset_of,
                places,
                period,
            }),
        });
    }
}

/// Keys of the places and the day-or-coarser dates named in a span.
fn sentence_places_and_dates(doc: &Document, span: Span) -> (Vec<String>, Vec<String>) {
    let mut places: Vec<String> = doc
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Location)
        .filter(|e| e.mentions.iter().any(|m| span.contains(m.span)))
        .map(|e| entity_key(e).0)
        .collect();
    places.sort();
    places.dedup();
    let mut period: Vec<String> = doc
        .times
        .iter()
        .filter(|t| span.contains(t.span))
        .filter_map(|t| t.value.clone())
        .collect();
    period.dedup();
    (places, period)
}

/// Matching keys of an event party: its code, the code's country, its entity's key and
/// surname, and the folded phrase.
fn party(doc: &Document, a: &readout_core::EventActor) -> Party {
    let mut keys = BTreeSet::new();
    if let Some(code) = &a.code {
        keys.insert(format!("kb:{code}"));
        if let Some(p) = party_of_code(code) {
            keys.insert(format!("party:{p}"));
        }
    }
    let entity = a
        .entity
        .as_ref()
        .and_then(|id| doc.entities.iter().find(|e| &e.id == id));
    if let Some(e) = entity {
        let (key, surname) = entity_key(e);
        keys.insert(key);
        if let Some(s) = surname {
            keys.insert(format!("surname:{s}"));
        }
        if let Some(p) = e.kb.as_deref().and_then(party_of_code) {
            keys.insert(format!("party:{p}"));
        }
    }
    let folded = text::fold(a.text.trim_start_matches("the "));
    // The head noun ("tanker" of "a Norwegian-flagged oil tanker"): matches only where no
    // country tells the two apart (see `fact_align`).
    if let Some(head) = text::words(&folded).last().map(|w| w.text.to_string()) {
        if !text::is_stop(&head) {
            keys.insert(format!("head:{}", text::stem(&head)));
        }
    }
    keys.insert(folded);
    Party {
        text: entity
            .map(|e| e.name.clone())
            .unwrap_or_else(|| a.text.clone()),
        code: a.code.clone(),
        keys,
    }
}

fn event_facts(doc: &Document, sources: &Sources, facts: &mut Vec<Fact>) {
    for e in &doc.events {
        if !in_body(doc, e.sentence) {
            continue;
        }
        let context = context_of(doc, e.sentence, e.span);
        let source = match &e.source {
            Some(s) => Source {
                name: s.text.clone(),
                key: None,
                party: None,
                attributed: true,
                person: false,
            },
            None => sources.of(e.trigger.span, e.sentence, false),
        };
        let modality = if e.hypothetical {
            Modality::Possible
        } else {
            Modality::Asserted
        };
        facts.push(Fact {
            doc: doc.id.clone(),
            index: facts.len(),
            span: e.span,
            text: e.text.clone(),
            also: e.support.iter().skip(1).map(|s| s.span).collect(),
            sentence: e.sentence,
            context,
            context_text: doc.slice(context).unwrap_or("").to_string(),
            source,
            negated: e.negated,
            modality,
            body: FactBody::Event(EventFact {
                code: e.code.clone(),
                label: e.label.clone(),
                plover: e.plover.as_ref().map(|p| p.category),
                actors: e.actors.iter().map(|a| party(doc, a)).collect(),
                recipients: e.recipients.iter().map(|a| party(doc, a)).collect(),
                date: e.date.clone(),
                date_stated: matches!(e.date_source, readout_core::EventDateSource::Time { .. }),
                event: e.id.clone(),
            }),
        });
    }
}

/// Content-word keys of a text: folded, stemmed, stop words and numbers left out.
pub fn content_keys(s: &str) -> BTreeSet<String> {
    text::words(s)
        .iter()
        .map(|w| text::fold(w.text))
        .filter(|f| !text::is_stop(f) && f.chars().count() >= 2 && !text::is_number(f))
        .map(|f| text::stem(&f))
        .collect()
}

fn statement_facts(doc: &Document, sources: &Sources, facts: &mut Vec<Fact>) {
    for q in &doc.quotes {
        if !in_body(doc, q.sentence) || q.text.trim().is_empty() {
            continue;
        }
        let source = sources.of(q.span, q.sentence, false);
        // A statement of figures or of an event is compared through its count and event
        // facts, which carry the same source: as a statement too it would be compared twice.
        let holds_count = doc.counts.iter().any(|c| q.span.contains(c.span));
        // Only an event whose actor's country is known stands for the statement: "her
        // government would not recognise …" coded with an unknown actor would not align with
        // the direct quote of the same words.
        let holds_event = doc.events.iter().any(|e| {
            q.span.contains(e.trigger.span)
                && e.actors
                    .iter()
                    .any(|a| a.code.as_deref().and_then(party_of_code).is_some())
        });
        if !source.attributed || holds_count || holds_event {
            continue;
        }
        let folded: Vec<String> = text::words(&q.text)
            .iter()
            .map(|w| text::fold(w.text))
            .collect();
        let (mut modality, _) = lexicon::modality(&folded);
        // "promised that …", "demanded that …": the cue says how the content is put forward.
        if let Some(cue) = &q.cue {
            let cue_words: Vec<String> = text::words(&cue.text)
                .iter()
                .map(|w| text::fold(w.text))
                .collect();
            let (by_cue, _) = lexicon::modality(&cue_words);
            if by_cue != Modality::Asserted {
                modality = by_cue;
            }
        }
        let negated = lexicon::negation(&folded).is_some();
        let speaker = q
            .speaker_text
            .as_ref()
            .map(|s| s.text.clone())
            .filter(|s| !is_pronoun(s))
            .unwrap_or_else(|| source.name.clone());
        facts.push(Fact {
            doc: doc.id.clone(),
            index: facts.len(),
            span: q.span,
            text: q.text.clone(),
            also: Vec::new(),
            sentence: q.sentence,
            context: context_of(doc, q.sentence, q.span),
            context_text: doc
                .slice(context_of(doc, q.sentence, q.span))
                .unwrap_or("")
                .to_string(),
            source,
            negated,
            modality,
            body: FactBody::Statement(StatementFact {
                speaker,
                cue: q.cue.as_ref().map(|c| c.text.clone()),
                direct: q.kind == readout_core::QuoteKind::Direct,
                keys: content_keys(&q.text),
            }),
        });
    }
}
