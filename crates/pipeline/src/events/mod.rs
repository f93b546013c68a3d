//! Events: who did what to whom, when — coded in CAMEO and PLOVER. Fills
//! [`Document::events`].
//!
//! The coder ([`coder`]) works sentence by sentence over tokens, the document's resolved
//! entities, its time expressions and its quotes; the facts it codes with (verb patterns,
//! actor and agent codes, CAMEO labels, the CAMEO→PLOVER table) come from the Open Event
//! Data Alliance's dictionaries, compiled by `readout train events` into
//! `models/events/cameo.tsv.gz` and embedded in the binary ([`dictionary`]).
//!
//! After coding, events are deduplicated within the document: one event per (date, actors,
//! action, recipients), every reporting sentence kept in `support`. An event with no date
//! of its own takes the date of the same countries' dated event in the lead (for a
//! headline) or in the next paragraph (see [`date_from_related_events`]).

pub(crate) mod coder;
pub mod dictionary;
mod eventness;
mod politics;
mod syntax;
#[cfg(test)]
mod tests;

use std::io::BufReader;
use std::sync::OnceLock;

use readout_core::{
    Document, Event, EventActor, EventDateSource, EventSupport, PloverCategory, PloverCode,
    SpanText, TextZone, TimeType, Token,
};
use rustc_hash::{FxHashMap, FxHashSet};

pub use dictionary::{Dictionary, DictionaryError};
pub use readout_core::cameo::goldstein;

use coder::{ActorGroup, SentenceView};

/// The compiled dictionary shipped with readout (see `models/events/NOTICE`).
static EMBEDDED: &[u8] = include_bytes!("../../../../models/events/cameo.tsv.gz");

/// An event coder over one dictionary.
#[derive(Debug)]
pub struct EventCoder {
    dict: Dictionary,
}

impl EventCoder {
    /// The coder with readout's embedded dictionary, loaded once per process.
    pub fn embedded() -> &'static EventCoder {
        static CODER: OnceLock<EventCoder> = OnceLock::new();
        CODER.get_or_init(|| {
            let reader = BufReader::new(flate2::read::GzDecoder::new(EMBEDDED));
            let dict = Dictionary::read_tsv(reader)
                .expect("the embedded event dictionary is built by readout itself and parses");
            EventCoder { dict }
        })
    }

    /// A coder over the given dictionary (for evaluation with other dictionaries).
    pub fn new(dict: Dictionary) -> EventCoder {
        EventCoder { dict }
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// CAMEO actor code of a country or organisation name ("Ukraine" → `UKR`), when the
    /// dictionary knows it.
    pub fn actor_code(&self, name: &str, date: Option<u32>) -> Option<String> {
        let words: Vec<String> = crate::tokenize::tokenize(name)
            .iter()
            .map(|t| t.text.to_uppercase())
            .collect();
        if words.is_empty() {
            return None;
        }
        let list = self.dict.actors.get(&words[0])?;
        list.iter()
            .find(|(w, _)| *w == words)
            .and_then(|(_, codes)| dictionary::code_at(codes, date))
    }

    /// Code every sentence of `doc` and fill `doc.events`. Needs `doc.tokens` (the analyzer
    /// keeps them until the last stage); sentences without tokens are tokenized here.
    pub fn code(&self, doc: &mut Document) {
        if !looks_english(&doc.tokens) || reads_as_sport(&doc.tokens) {
            // The dictionaries are English: German "die" is no act of killing. In a match
            // report "Serbia takes on Japan" and "beat" are games, not acts of states.
            doc.events.clear();
            return;
        }
        let date = doc.published.as_deref().and_then(yyyymmdd);
        let mut found: Vec<Event> = Vec::new();
        // Whether each found event was named by a noun ("the invasion").
        let mut nominal: Vec<bool> = Vec::new();
        let mut keys: FxHashMap<String, usize> = FxHashMap::default();
        let mut own_tokens: Vec<Token> = Vec::new();
        let entity_hits = coder::entity_index(doc, &|name| self.actor_code(name, date));
        let places: FxHashSet<&str> = doc
            .entities
            .iter()
            .filter(|e| e.kind == readout_core::EntityType::Location)
            .map(|e| e.id.as_str())
            .collect();
        for (index, sentence) in doc.sentences.iter().enumerate() {
            if !coder::zone_is_coded(sentence.zone) {
                continue;
            }
            let (tokens, is_stored) = crate::tokenize::sentence_tokens(doc, index, &mut own_tokens);
            let stored = is_stored.then_some(tokens);
            if tokens.is_empty() {
                continue;
            }
            let view = SentenceView::new(tokens, date);
            let is_place = |id: &str| places.contains(id);
            let state_place =
                |m: &coder::ActorChunk| politics::is_state_place(&view.words, &is_place, m);
            let no_entities = FxHashMap::default();
            let entities = match (stored.is_some(), entity_hits.get(index)) {
                (true, Some(hits)) => hits,
                _ => &no_entities,
            };
            let entity_at = |i: usize| entities.get(&i).cloned();
            let chunks = coder::find_actors(&self.dict, &view, &entity_at);
            let groups = coder::group_actors(&view, &chunks);
            // Parsed text is coded on its tree; text the parser has not read (the analyzer
            // run without the parse stage) by word order.
            let parsed = stored.and_then(crate::parse::tree::Tree::new);
            let tree = parsed.clone().filter(syntax::has_predicate);
            let sentence_events = match &tree {
                Some(tree) => syntax::code_parsed_sentence(&self.dict, &view, &groups, tree),
                // A parsed fragment with no finite verb at all ("U.S.-backed bandit
                // formations" quoted alone) reports no act; word order would invent one.
                None if parsed.as_ref().is_some_and(|t| !syntax::has_finite_verb(t)) => Vec::new(),
                None => coder::code_sentence(&self.dict, &view, &groups),
            };
            for ev in sentence_events
                .into_iter()
                .filter_map(|ev| politics::political_event(ev, &state_place))
                // States, habits, figures of speech and company news are no events.
                .filter_map(|ev| eventness::checked(ev, parsed.as_ref(), &view.words))
            {
                let trigger_span = coder::token_span(tokens, ev.trigger.0, ev.trigger.1);
                let trigger = SpanText {
                    span: trigger_span,
                    text: doc.text[trigger_span.start..trigger_span.end].to_string(),
                };
                let (event_date, date_source) = event_date(doc, index, trigger_span, ev.nominal);
                let actors = event_actors(doc, tokens, &ev.actors);
                let recipients = event_actors(doc, tokens, &ev.recipients);
                let key = format!(
                    "{}|{}|{}|{}|{}",
                    event_date.as_deref().unwrap_or(""),
                    actor_key(&actors),
                    ev.code,
                    actor_key(&recipients),
                    ev.negated
                );
                let support = EventSupport {
                    span: sentence.span,
                    sentence: index,
                    trigger: trigger.clone(),
                };
                if let Some(&k) = keys.get(&key) {
                    let e = &mut found[k];
                    if e.support.iter().all(|s| s.sentence != index) {
                        e.support.push(support);
                        e.confidence = (e.confidence + 0.1).min(0.99);
                    }
                    continue;
                }
                let source = doc
                    .quotes
                    .iter()
                    .find(|q| q.span.start <= trigger_span.start && trigger_span.end <= q.span.end)
                    .and_then(|q| q.speaker_text.clone().or_else(|| q.source.clone()));
                let plover = self.plover(&ev.code);
                keys.insert(key, found.len());
                nominal.push(ev.nominal);
                found.push(Event {
                    id: String::new(),
                    span: sentence.span,
                    text: sentence.text.clone(),
                    sentence: index,
                    label: self.label(&ev.code),
                    code: ev.code,
                    plover,
                    actors,
                    recipients,
                    trigger,
                    date: event_date,
                    date_source,
                    source,
                    negated: ev.negated,
                    hypothetical: ev.hypothetical,
                    confidence: ev.confidence,
                    support: vec![support],
                });
            }
        }
        date_from_related_events(doc, &mut found, &nominal);
        for (n, e) in found.iter_mut().enumerate() {
            e.id = format!("v{}", n + 1);
        }
        doc.events = found;
    }

    /// CAMEO label of a code (falling back to its parent codes).
    pub fn label(&self, code: &str) -> String {
        let mut c = code;
        while !c.is_empty() {
            if let Some(l) = self.dict.labels.get(c) {
                return l.clone();
            }
            c = &c[..c.len() - 1];
        }
        String::new()
    }

    /// PLOVER category and mode of a CAMEO code (falling back to its parent codes; an entry
    /// whose category is not one of PLOVER's sixteen is passed over like a missing one).
    pub fn plover(&self, code: &str) -> Option<PloverCode> {
        let mut c = code;
        while c.len() >= 2 {
            if let Some((category, mode)) = self.dict.plover.get(c) {
                if let Ok(category) = category.parse::<PloverCategory>() {
                    return Some(PloverCode {
                        category,
                        mode: mode.clone(),
                    });
                }
            }
            c = &c[..c.len() - 1];
        }
        // PLOVER drops CAMEO 02 (appeals) as a category of its own; its REQUEST category
        // covers asking another actor to act, so readout files appeals there.
        code.starts_with("02").then_some(PloverCode {
            category: PloverCategory::Request,
            mode: None,
        })
    }
}

/// An event dated only by publication, told again with its date nearby, takes that date.
/// A headline reports the story's news in the present tense with no date ("X urges Y to
/// …") and the lead reports it with its date; a one-line paragraph announces what the next
/// paragraph details ("X also called on Y to …" / "On 1 May, X's minister told Y's envoy
/// …"). So such an event takes the date of the first dated event between the same
/// countries (or organisations) — anywhere in the body for a headline event, in the next
/// paragraph for a body event — whatever that event's code (the lead may report the call
/// in which the headline's appeal was made). With the same code as well, the two are one
/// event: the dated one keeps the other's sentences as support. An event named by a noun
/// ("the phone call between X and Y") is a reference: it joins a dated event with the same
/// code between the same sides anywhere in the document, and otherwise keeps the
/// publication date.
fn date_from_related_events(doc: &Document, events: &mut Vec<Event>, nominal: &[bool]) {
    let sentence = |e: &Event| doc.sentences.get(e.sentence);
    let in_title = |e: &Event| sentence(e).is_some_and(|s| s.zone == TextZone::Title);
    let paragraph = |e: &Event| sentence(e).map(|s| s.paragraph);
    // Both sides of each event, computed once: (actors, recipients).
    let dyads: Vec<Option<(Vec<String>, Vec<String>)>> = events
        .iter()
        .map(|e| Some((dyad_side(&e.actors)?, dyad_side(&e.recipients)?)))
        .collect();
    let mut merged = vec![false; events.len()];
    for h in 0..events.len() {
        let undated = &events[h];
        if undated.date_source != EventDateSource::Publication || dyads[h].is_none() {
            continue;
        }
        let title = in_title(undated);
        let is_nominal = nominal.get(h).copied().unwrap_or(true);
        let next_paragraph = paragraph(undated).map(|p| p + 1);
        let related = (0..events.len()).position(|i| {
            let e = &events[i];
            let near = if is_nominal {
                // A reference names an event told elsewhere with its date: same action.
                e.code == undated.code
            } else {
                title || (e.sentence > undated.sentence && paragraph(e) == next_paragraph)
            };
            near && !in_title(e)
                && matches!(e.date_source, EventDateSource::Time { .. })
                && dyads[i] == dyads[h]
        });
        let Some(r) = related else {
            continue;
        };
        if events[r].code == events[h].code && events[r].negated == events[h].negated {
            let support = events[h].support.clone();
            events[r].support.extend(support);
            events[r].support.sort_by_key(|s| s.sentence);
            merged[h] = true;
        } else {
            events[h].date = events[r].date.clone();
            events[h].date_source = events[r].date_source.clone();
        }
    }
    let mut k = 0;
    events.retain(|_| {
        k += 1;
        !merged[k - 1]
    });
}

/// Whether a text reads as English: among its first 2,000 words, English function words
/// make up a fifth or more of running English text and a few percent of German, French or
/// Spanish (where "a", "in" or "de" alone keep the share low). Short texts are given the
/// benefit of the doubt, and so is terse English (a string of headlines or a wire digest can
/// fall under the share): a text whose English function words outnumber those of German,
/// French and Spanish three to one is English too.
fn looks_english(tokens: &[Token]) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "the", "of", "and", "to", "a", "in", "is", "was", "that", "for", "on", "with", "by", "as",
        "at", "it", "from", "said", "has", "have", "are", "were", "be", "an", "its", "his", "her",
        "their", "this", "not", "will", "would", "after",
    ];
    // Function words of German, French, Spanish, Italian, Portuguese and Dutch that English
    // text does not use on its own.
    const FOREIGN_WORDS: &[&str] = &[
        "der", "und", "ist", "nicht", "das", "ein", "eine", "dem", "den", "mit", "von", "sich",
        "auf", "für", "les", "et", "est", "des", "une", "du", "dans", "pour", "pas", "sur", "qui",
        "los", "las", "y", "es", "del", "una", "por", "con", "para", "que", "se", "il", "di",
        "che", "per", "non", "della", "gli", "nel", "em", "um", "não", "os", "da", "do", "het",
        "een", "en", "van", "op", "voor", "niet", "dat", "zijn", "te", "met",
    ];
    let (words, function) = words_from(tokens, 2_000, FUNCTION_WORDS);
    if words < 40 || function * 100 >= words * 12 {
        return true;
    }
    let (_, foreign) = words_from(tokens, 2_000, FOREIGN_WORDS);
    function >= 3 && function >= 3 * foreign
}

/// Among the first `limit` tokens: how many are words, and how many of those are in `list`
/// (case-insensitive).
fn words_from(tokens: &[Token], limit: usize, list: &[&str]) -> (usize, usize) {
    let mut words = 0usize;
    let mut hits = 0usize;
    for t in tokens.iter().take(limit) {
        if !t.text.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        words += 1;
        if list.iter().any(|w| t.text.eq_ignore_ascii_case(w)) {
            hits += 1;
        }
    }
    (words, hits)
}

/// Whether a text is a sports report: the vocabulary of games makes up over one word in
/// a hundred (news about states uses these words far less: "season", "coach", "league",
/// "scored" are rare in politics).
fn reads_as_sport(tokens: &[Token]) -> bool {
    const SPORT_WORDS: &[&str] = &[
        "season",
        "coach",
        "league",
        "playoff",
        "playoffs",
        "scored",
        "score",
        "scoring",
        "quarterback",
        "touchdown",
        "innings",
        "inning",
        "goalkeeper",
        "striker",
        "midfielder",
        "tournament",
        "championship",
        "championships",
        "match",
        "matches",
        "game",
        "games",
        "points",
        "rebounds",
        "assists",
        "teammates",
        "fans",
        "stadium",
        "halftime",
        "semifinal",
        "final",
        "finals",
        "medal",
        "olympic",
        "nba",
        "nfl",
        "mlb",
        "nhl",
        "fifa",
        "uefa",
        "premier",
        "cup",
        "wicket",
        "wickets",
        "innings",
        "pitcher",
        "yards",
    ];
    let (words, sport) = words_from(tokens, 5_000, SPORT_WORDS);
    words >= 100 && sport * 100 > words
}

/// The countries (or organisations) of one side of an event: the code's first three
/// letters ("UKRGOV" → "UKR"), whole for international bodies ("IGOUNO"); `None` when a
/// member has no code or the side is empty.
fn dyad_side(side: &[EventActor]) -> Option<Vec<String>> {
    let mut out: Vec<String> = side
        .iter()
        .map(|a| {
            let code = a.code.as_deref()?;
            let country = if code.starts_with("IGO") || code.len() <= 3 {
                code
            } else {
                &code[..3]
            };
            (country != "---").then(|| country.to_string())
        })
        .collect::<Option<_>>()?;
    if out.is_empty() {
        return None;
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// `2022-03-01…` → 20220301.
fn yyyymmdd(date: &str) -> Option<u32> {
    let d = date.get(..10)?;
    let digits: String = d.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}

fn actor_key(actors: &[EventActor]) -> String {
    let mut keys: Vec<String> = actors
        .iter()
        .map(|a| {
            a.entity
                .clone()
                .or_else(|| a.code.clone())
                .unwrap_or_else(|| a.text.to_lowercase())
        })
        .collect();
    keys.sort();
    keys.join(",")
}

fn event_actors(doc: &Document, tokens: &[Token], group: &ActorGroup) -> Vec<EventActor> {
    group
        .members
        .iter()
        .map(|m| {
            let span = coder::token_span(tokens, m.start, m.end);
            EventActor {
                span,
                text: doc.text[span.start..span.end].to_string(),
                entity: m.entity.clone(),
                code: m.code.clone(),
            }
        })
        .collect()
}

/// The date of an event in sentence `index`: the sentence's resolved DATE expression nearest
/// to the trigger, else the publication date (flagged). An event named by a noun ("the
/// invasion") takes only a date written right after it ("the invasion on 24 May"): it is
/// usually a reference to an earlier event, not one dated by its sentence.
fn event_date(
    doc: &Document,
    index: usize,
    trigger: readout_core::Span,
    nominal: bool,
) -> (Option<String>, EventDateSource) {
    let at = trigger.start;
    // The document's resolved calendar dates (not durations, sets or unresolved values).
    let dated = || {
        doc.times.iter().enumerate().filter(|(_, t)| {
            t.kind == TimeType::Date
                && t.value
                    .as_deref()
                    .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()))
        })
    };
    let best = dated()
        .filter(|(_, t)| t.sentence == index)
        .filter(|(_, t)| {
            !nominal || (t.span.start >= trigger.end && t.span.start <= trigger.end + 48)
        })
        .min_by_key(|(_, t)| t.span.start.abs_diff(at));
    // No date in the sentence: a news paragraph is usually dated once ("On 3 May, …. The
    // minister also …"), so the nearest dated sentence of the same paragraph dates it.
    let best = best.or_else(|| {
        if nominal {
            return None;
        }
        let paragraph = doc.sentences.get(index)?.paragraph;
        dated()
            .filter(|(_, t)| t.sentence != index)
            .filter(|(_, t)| {
                doc.sentences
                    .get(t.sentence)
                    .is_some_and(|s| s.paragraph == paragraph)
            })
            .min_by_key(|(_, t)| t.sentence.abs_diff(index))
    });
    match best {
        Some((i, t)) => (t.value.clone(), EventDateSource::Time { index: i }),
        None => match &doc.published {
            Some(p) => (Some(p.clone()), EventDateSource::Publication),
            None => (None, EventDateSource::None),
        },
    }
}
