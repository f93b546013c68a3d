//! Sentence-level event coding: actors, verb, pattern, roles — without a parser.
//!
//! For each sentence the coder
//! 1. finds actor phrases: dictionary actors (countries, leaders, organisations), agent nouns
//!    ("police", "foreign minister") joined to the country before or after them
//!    ("the Chinese foreign ministry", "the ministry of defence of Freedonia"), and the
//!    document's resolved entities (a person named by role or pronoun, "the minister",
//!    acts with that person's code); adjacent phrases joined by "and" or commas form one
//!    compound actor (one event with a list, not N dyads);
//! 2. finds verbs from the CAMEO verb dictionary (a verb form preceded by a determiner is a
//!    noun and is skipped, except the nominal events of [`NOMINAL`]);
//! 3. picks the most specific matching pattern of the verb's block (words after and before
//!    the verb, in order, within the clause); a pattern coded `---` means "not an event";
//! 4. assigns roles: the nearest actor before the verb in its clause acts, the first actor
//!    after it (or after the pattern's target slot) receives; a passive verb swaps them and
//!    takes its actor from "by …"; a verb joined by "and" or a comma to a previous one
//!    ("X killed 12 civilians, wounded 30") shares its subject rather than taking that
//!    verb's object; a spokesperson never acts in a material event;
//! 5. refuses to code what it cannot: no actor or no recipient means no event, and a bare
//!    statement (CAMEO 010) is never produced as a fallback.

use readout_core::{Document, EntityType, Span, TextZone, Token};
use rustc_hash::FxHashMap;

use super::dictionary::{code_at, Dictionary, PatternItem, VerbForm};

/// A document entity mention starting at a sentence token.
#[derive(Debug, Clone)]
pub(crate) struct EntityHit {
    /// One past its last token (sentence-relative).
    pub end: usize,
    /// Entity id.
    pub id: String,
    /// Its actor code, when known.
    pub code: Option<String>,
    /// Whether it is a person.
    pub person: bool,
}

/// An actor phrase found in a sentence (token indices are sentence-relative).
#[derive(Debug, Clone)]
pub(crate) struct ActorChunk {
    pub start: usize,
    pub end: usize,
    pub code: Option<String>,
    pub entity: Option<String>,
    /// A named person (not a country, organisation or role).
    pub person: bool,
}

/// A compound actor: one or more chunks joined by "and" / commas.
#[derive(Debug, Clone)]
pub(crate) struct ActorGroup {
    pub start: usize,
    pub end: usize,
    pub members: Vec<ActorChunk>,
}

/// A coded event in one sentence, before dates and deduplication.
#[derive(Debug, Clone)]
pub(crate) struct SentenceEvent {
    pub code: String,
    pub actors: ActorGroup,
    pub recipients: ActorGroup,
    /// Trigger token range (sentence-relative).
    pub trigger: (usize, usize),
    pub negated: bool,
    pub hypothetical: bool,
    pub confidence: f32,
    /// Named by a noun ("the invasion of X"): often a reference to an earlier event, so the
    /// sentence's date is not assumed to be its date.
    pub nominal: bool,
}

/// Nominal events: a noun that names an action, its CAMEO code, and the preposition that
/// introduces its recipient ("the invasion of X", "a phone call with X"). readout's own
/// table (the verb dictionary codes verbs only).
pub(crate) const NOMINAL: &[(&[&str], &str, &[&str])] = &[
    (&["INVASION"], "192", &["OF", "INTO"]),
    (&["OCCUPATION"], "192", &["OF"]),
    (&["ATTACK"], "190", &["ON", "AGAINST"]),
    (&["ATTACKS"], "190", &["ON", "AGAINST"]),
    (&["OFFENSIVE"], "190", &["AGAINST", "ON", "IN"]),
    (&["AIRSTRIKES"], "195", &["ON", "AGAINST"]),
    (&["AIRSTRIKE"], "195", &["ON", "AGAINST"]),
    (&["BOMBING"], "195", &["OF"]),
    (&["SHELLING"], "194", &["OF"]),
    (&["PHONE", "CALL"], "041", &["WITH", "TO", "BETWEEN"]),
    (&["TELEPHONE", "CALL"], "041", &["WITH", "TO", "BETWEEN"]),
    (&["TELEPHONE", "CONVERSATION"], "041", &["WITH", "BETWEEN"]),
    (&["PHONE", "CONVERSATION"], "041", &["WITH", "BETWEEN"]),
    (&["VIDEO", "CALL"], "041", &["WITH", "BETWEEN"]),
    (&["CALL"], "041", &["WITH", "BETWEEN"]),
    (&["MEETING"], "040", &["WITH", "BETWEEN"]),
    (&["TALKS"], "040", &["WITH", "BETWEEN"]),
    (&["SUMMIT"], "040", &["WITH", "BETWEEN"]),
    (&["VISIT"], "042", &["TO"]),
    (&["APPEAL"], "020", &["TO"]),
    (&["SANCTIONS"], "163", &["ON", "AGAINST"]),
];

/// Words ending a clause for role search.
fn is_clause_break(w: &str) -> bool {
    matches!(
        w,
        ";" | ":"
            | "BUT"
            | "WHILE"
            | "THAT"
            | "BECAUSE"
            | "ALTHOUGH"
            | "THOUGH"
            | "WHEREAS"
            | "SAID"
            | "SAYS"
            | "SAY"
            | "ADDED"
            | "NOTED"
    )
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "THE"
            | "A"
            | "AN"
            | "ITS"
            | "THEIR"
            | "HIS"
            | "HER"
            | "OUR"
            | "MY"
            | "YOUR"
            | "'S"
            | "’S"
            | "THIS"
            | "THESE"
            | "THOSE"
            | "ANY"
            | "NO"
            | "EACH"
            | "EVERY"
            | "ANOTHER"
            | "SUCH"
            | "OF"
            | "NEW"
            | "FIRST"
            | "LATEST"
    )
}

/// Verbs of saying: they introduce reported content and are never events themselves (CAMEO
/// 010 "make statement" is the fallback readout refuses to produce).
pub(crate) fn is_report_verb(w: &str) -> bool {
    matches!(
        w,
        "SAY"
            | "SAYS"
            | "SAID"
            | "SAYING"
            | "TELL"
            | "TELLS"
            | "TOLD"
            | "TELLING"
            | "REPORT"
            | "REPORTS"
            | "REPORTED"
            | "REPORTING"
            | "ADD"
            | "ADDS"
            | "ADDED"
            | "STATE"
            | "STATES"
            | "STATED"
            | "NOTE"
            | "NOTES"
            | "NOTED"
            | "WRITE"
            | "WROTE"
            | "WRITES"
            | "QUOTED"
            | "CITED"
            | "CITING"
    )
}

/// Prepositions whose object is not the subject of a following verb ("after X met Y" is X
/// meeting, so "after" and "before" are not here).
pub(crate) fn is_object_preposition(w: &str) -> bool {
    matches!(
        w,
        "WITH"
            | "OF"
            | "IN"
            | "ON"
            | "AT"
            | "FOR"
            | "FROM"
            | "INTO"
            | "OVER"
            | "AGAINST"
            | "ABOUT"
            | "AMONG"
            | "UNDER"
            | "TO"
            | "BY"
            | "BETWEEN"
    )
}

/// CAMEO roots whose events stand with an actor alone: protest (14), mobilization (15),
/// coercion (17), assault (18), fighting (19), mass violence (20); of yielding (08),
/// resignations and military pull-backs (a bare "yield" needs someone yielded to).
fn actor_alone_suffices(code: &str) -> bool {
    matches!(code.get(..2), Some("14" | "15" | "17" | "18" | "19" | "20"))
        || matches!(code.get(..3), Some("083" | "087"))
}

/// Verbs of talking with someone (a phone consultation when "phone" follows).
pub(crate) fn is_talk_verb(w: &str) -> bool {
    matches!(
        w,
        "SPOKE"
            | "SPEAK"
            | "SPEAKS"
            | "SPOKEN"
            | "TALK"
            | "TALKS"
            | "TALKED"
            | "CALLED"
            | "CALL"
            | "CALLS"
            | "DISCUSSED"
            | "DISCUSS"
            | "CONFERRED"
            | "HELD"
            | "HOLD"
            | "HOLDS"
    )
}

fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "WITH"
            | "OF"
            | "IN"
            | "ON"
            | "AT"
            | "FOR"
            | "FROM"
            | "INTO"
            | "OVER"
            | "DURING"
            | "AFTER"
            | "BEFORE"
            | "AGAINST"
            | "ABOUT"
            | "AMONG"
            | "UNDER"
    )
}

/// A verb form used as a noun or adjective: after a determiner ("the attack"), after a
/// determiner and adjectives ("the brutal slaying"), after a preposition unless it is a
/// gerund ("with exiled dissidents"), or a participle right after a noun phrase and before a
/// preposition other than "by" (a reduced relative: "men sought in the killing").
/// "what he called a crisis", "what they call": naming, not calling anyone.
pub(crate) fn naming_use(words: &[String], i: usize) -> bool {
    words[i].starts_with("CALL") && (i.saturating_sub(3)..i).any(|k| words[k] == "WHAT")
}

/// "the Freedonia attack": a verb form right after an actor that itself follows a
/// determiner is the head noun of that phrase.
fn after_determined_actor(words: &[String], groups: &[ActorGroup], i: usize) -> bool {
    // Only a bare form: "the Freedonia attack" is a noun, "the Freedonian government
    // announced" is a verb.
    let w = words[i].as_str();
    if w.ends_with("ED") || w.ends_with("ING") || w.ends_with('S') {
        return false;
    }
    groups.iter().any(|g| {
        g.end == i
            && g.members.len() == 1
            && g.start > 0
            && matches!(
                words[g.start - 1].as_str(),
                "THE" | "A" | "AN" | "THIS" | "THAT"
            )
    })
}

fn looks_like_noun(
    words: &[String],
    lowercase: &[bool],
    i: usize,
    in_actor: &dyn Fn(usize) -> bool,
) -> bool {
    let prev = if i > 0 { words[i - 1].as_str() } else { "" };
    if is_determiner(prev) {
        return true;
    }
    if i >= 2
        && !in_actor(i - 1)
        && is_determiner(&words[i - 2])
        && prev.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        && !is_be(prev)
        && !is_modal(prev)
        && !prev.ends_with("ED")
    {
        return true;
    }
    let w = words[i].as_str();
    if is_preposition(prev) && !w.ends_with("ING") {
        return true;
    }
    // "about the “shelling of towns” and “killing civilians”": a quoted verb form after a
    // determiner, or a quoted gerund after a preposition or a conjunction, names an act as
    // a noun; its actor is not the clause's.
    if matches!(prev, "“" | "\"" | "‘") && i >= 2 {
        let before = words[i - 2].as_str();
        if is_determiner(before)
            || (w.ends_with("ING") && (is_preposition(before) || matches!(before, "AND" | "OR")))
        {
            return true;
        }
    }
    // "…, given the risks": a preposition opening a phrase, not a verb.
    if w == "GIVEN" && (i == 0 || matches!(prev, "," | "AND" | "BUT")) {
        return true;
    }
    // A gerund after "from" or "to" is a complement ("abstained from voting", "opposition to
    // calling"), not an event of its own.
    if (prev == "FROM" || prev == "TO") && w.ends_with("ING") {
        return true;
    }
    // After a plain lowercase word that is not an actor, a pronoun, an adverb, an auxiliary
    // or a conjunction, a verb form is a noun or a modifier: "ongoing attacks", "stop armed
    // assaults", "a resolution calling for …". A finite verb follows its subject, and
    // subjects that can act are actors (names, countries, role nouns) or pronouns.
    if i > 0
        && !in_actor(i - 1)
        && lowercase[i - 1]
        && prev.chars().all(|c| c.is_ascii_alphabetic())
        && !prev.ends_with("LY")
        && !is_be(prev)
        && !is_modal(prev)
        && !is_negation(prev)
        && !matches!(
            prev,
            "HE" | "SHE"
                | "IT"
                | "THEY"
                | "WE"
                | "I"
                | "YOU"
                | "WHO"
                | "WHICH"
                | "THAT"
                | "ALSO"
                | "NOW"
                | "STILL"
                | "THEN"
                | "OFTEN"
                | "AND"
                | "OR"
                | "BUT"
                | "TO"
                | "HAS"
                | "HAVE"
                | "HAD"
                | "DID"
                | "DO"
                | "DOES"
                | "JUST"
                | "ALREADY"
                | "AGAIN"
                | "EVEN"
                | "NEVER"
                | "ONCE"
                | "SOON"
                | "LATER"
                | "YESTERDAY"
                | "TODAY"
                | "TONIGHT"
                | "HERE"
                | "THERE"
                | "FIRST"
                | "JOINTLY"
                | "BOTH"
                | "ALL"
                | "EACH"
                | "HIMSELF"
                | "HERSELF"
                | "ITSELF"
                | "THEMSELVES"
        )
    {
        return true;
    }
    let participle = w.ends_with("ED") || w.ends_with("EN") || w.ends_with("GHT");
    // A reduced relative follows a common noun ("two men sought in …"), not a name.
    if participle && i > 0 && in_actor(i - 1) && lowercase[i - 1] {
        if let Some(next) = words.get(i + 1) {
            if is_preposition(next) && next != "BY" {
                return true;
            }
        }
    }
    false
}

fn is_be(w: &str) -> bool {
    matches!(
        w,
        "IS" | "ARE" | "WAS" | "WERE" | "BEEN" | "BE" | "BEING" | "GET" | "GOT" | "GETS"
    )
}

pub(crate) fn is_modal(w: &str) -> bool {
    matches!(
        w,
        "WILL" | "WOULD" | "COULD" | "MAY" | "MIGHT" | "SHOULD" | "MUST" | "CAN" | "SHALL" | "'LL"
    )
}

fn is_negation(w: &str) -> bool {
    matches!(w, "NOT" | "N'T" | "NEVER" | "NO" | "N’T")
}

/// Verbs after which a following verb ("to meet") is a plan, wish or demand, not a fact.
pub(crate) fn is_irrealis_head(w: &str) -> bool {
    matches!(
        w,
        "PLAN"
            | "PLANS"
            | "PLANNED"
            | "PLANNING"
            | "WANT"
            | "WANTS"
            | "WANTED"
            | "HOPE"
            | "HOPES"
            | "HOPED"
            | "INTEND"
            | "INTENDS"
            | "INTENDED"
            | "THREATEN"
            | "THREATENS"
            | "THREATENED"
            | "URGE"
            | "URGED"
            | "URGES"
            | "ASK"
            | "ASKED"
            | "ASKS"
            | "CALLED"
            | "EXPECTED"
            | "LIKELY"
            | "READY"
            | "WILLING"
            | "REFUSED"
            | "REFUSES"
            | "SUGGEST"
            | "SUGGESTS"
            | "SUGGESTED"
            | "PROPOSE"
            | "PROPOSES"
            | "PROPOSED"
            | "RECOMMEND"
            | "RECOMMENDS"
            | "RECOMMENDED"
            | "IF"
            | "UNLESS"
    )
}

/// How far (in tokens) a pattern word may lie from the previous one.
const PATTERN_GAP: usize = 8;

/// Whether `token` matches the pattern word `w` (exact, or a regular plural of it).
fn word_matches(token: &str, w: &str) -> bool {
    if token == w {
        return true;
    }
    if let Some(stem) = token.strip_suffix('S') {
        if stem == w {
            return true;
        }
        if let Some(s2) = stem.strip_suffix('E') {
            if s2 == w {
                return true;
            }
        }
        if let Some(s3) = token.strip_suffix("IES") {
            if w.strip_suffix('Y') == Some(s3) {
                return true;
            }
        }
    }
    false
}

fn item_matches(token: &str, alts: &[String]) -> bool {
    alts.iter().any(|w| word_matches(token, w))
}

/// Match the items after the verb in order; returns the token index where the target slot
/// lies (if the pattern has one) or `Some(None)` when matched without a target slot.
fn match_post(
    words: &[String],
    from: usize,
    limit: usize,
    items: &[PatternItem],
) -> Option<(Option<usize>, u64)> {
    // A bare particle pattern ("called (ON)", "voted (AGAINST)") is a phrasal verb: the
    // particle follows the verb directly ("called on X"), unlike "called X on Tuesday".
    if let [PatternItem::GroupStart, PatternItem::Word(alts), PatternItem::GroupEnd] = items {
        return (from < limit && item_matches(&words[from], alts)).then_some((None, 1));
    }
    match_post_from(words, from, from, limit, items)
}

/// Match `items` from `cursor` on, backtracking over the positions of each word (so that
/// "special military operation" matches `{MILITARY OPERATION}` although "special" is also in
/// the synonym set). Returns the target slot and the matched tokens as bits from `origin`.
fn match_post_from(
    words: &[String],
    origin: usize,
    cursor: usize,
    limit: usize,
    items: &[PatternItem],
) -> Option<(Option<usize>, u64)> {
    let bit = |i: usize| {
        if i >= origin && i - origin < 64 {
            1u64 << (i - origin)
        } else {
            0
        }
    };
    let Some((item, rest)) = items.split_first() else {
        return Some((None, 0));
    };
    match item {
        // Pattern words belong to the verb's own phrase: each must come within a few tokens
        // of the previous one, not anywhere later in the sentence, and not past the "to" of
        // an object's infinitive that the pattern does not name ("force X to stop armed
        // attacks": "armed" belongs to "stop"; "wants to attack" is the verb's own).
        PatternItem::Word(alts) => {
            let end = limit.min(cursor + PATTERN_GAP);
            let end = (cursor..end)
                .find(|&k| k > origin && words[k] == "TO" && !item_matches(&words[k], alts))
                .unwrap_or(end);
            (cursor..end)
                .filter(|&i| item_matches(&words[i], alts))
                .find_map(|found| {
                    match_post_from(words, origin, found + 1, limit, rest)
                        .map(|(target, matched)| (target, matched | bit(found)))
                })
        }
        PatternItem::Adjacent(alts) => {
            if cursor < limit && item_matches(&words[cursor], alts) {
                match_post_from(words, origin, cursor + 1, limit, rest)
                    .map(|(target, matched)| (target, matched | bit(cursor)))
            } else {
                None
            }
        }
        PatternItem::Target => match_post_from(words, origin, cursor, limit, rest)
            .map(|(target, matched)| (target.or(Some(cursor)), matched)),
        _ => match_post_from(words, origin, cursor, limit, rest),
    }
}

fn match_pre(words: &[String], verb: usize, floor: usize, items: &[PatternItem]) -> bool {
    let mut cursor = verb;
    for item in items.iter().rev() {
        if let PatternItem::Word(alts) | PatternItem::Adjacent(alts) = item {
            match (floor..cursor)
                .rev()
                .find(|&i| item_matches(&words[i], alts))
            {
                Some(found) => cursor = found,
                None => return false,
            }
        }
    }
    true
}

/// Everything the coder needs about one sentence.
pub(crate) struct SentenceView<'a> {
    pub tokens: &'a [Token],
    /// Uppercase token texts.
    pub words: Vec<String>,
    /// The document's date as YYYYMMDD, for date-limited actor codes.
    pub date: Option<u32>,
    /// Whether each token starts with a lowercase letter.
    pub lowercase: Vec<bool>,
}

impl<'a> SentenceView<'a> {
    pub fn new(tokens: &'a [Token], date: Option<u32>) -> SentenceView<'a> {
        let words = tokens
            .iter()
            .map(|t| {
                let w = t.text.replace('’', "'");
                w.to_uppercase()
            })
            .collect();
        let lowercase = tokens
            .iter()
            .map(|t| t.text.chars().next().is_some_and(char::is_lowercase))
            .collect();
        SentenceView {
            tokens,
            words,
            date,
            lowercase,
        }
    }

    fn capitalized(&self, i: usize) -> bool {
        self.tokens[i]
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase())
    }
}

/// Longest dictionary phrase starting at `i`.
fn longest<'m, T>(
    map: &'m FxHashMap<String, Vec<(Vec<String>, T)>>,
    words: &[String],
    i: usize,
) -> Option<(usize, &'m T)> {
    let list = map.get(&words[i])?;
    let mut best: Option<(usize, &T)> = None;
    for (phrase, value) in list {
        let n = phrase.len();
        if i + n <= words.len() && words[i..i + n] == phrase[..] && best.is_none_or(|(b, _)| n > b)
        {
            best = Some((n, value));
        }
    }
    best
}

/// Combine a country-level code with an agent code (`~GOV` appends, `GOV~` prefixes).
fn compose(actor: Option<&str>, agent: &str) -> Option<String> {
    let actor = actor?;
    if let Some(suffix) = agent.strip_prefix('~') {
        // A code already carrying the sector keeps it ("UKRGOV" + "~GOV").
        if actor.len() > 3 && actor.ends_with(suffix) {
            return Some(actor.to_string());
        }
        Some(format!("{actor}{suffix}"))
    } else if let Some(prefix) = agent.strip_suffix('~') {
        Some(format!("{prefix}{actor}"))
    } else {
        Some(format!("{actor}{agent}"))
    }
}

/// Find actor chunks in a sentence.
pub(crate) fn find_actors(
    dict: &Dictionary,
    view: &SentenceView,
    entity_at: &dyn Fn(usize) -> Option<EntityHit>,
) -> Vec<ActorChunk> {
    let raws = raw_actors(dict, view, entity_at);
    // Join agents with the actors that qualify them.
    let mut chunks: Vec<ActorChunk> = Vec::new();
    let mut k = 0;
    while k < raws.len() {
        let (chunk, used) = if raws[k].agent {
            join_agent(view, &raws, k)
        } else {
            join_actor(view, &raws, k)
        };
        chunks.push(chunk);
        k += used;
    }
    // "the Freedonia Peace Summit", "the Munich Security Conference": a gathering named after
    // its host is where parties meet, not a party.
    let names_gathering = |c: &ActorChunk| {
        c.end
            .checked_sub(1)
            .is_some_and(|w| is_gathering(&view.words[w]))
            || view.words.get(c.end).is_some_and(|w| is_named_gathering(w))
    };
    chunks.retain(|c| !names_gathering(c));
    // "CITY: …" opening a sentence is a dateline, layout and no party.
    chunks.retain(|c| !(c.start == 0 && view.words.get(c.end).is_some_and(|w| w == ":")));
    place_qualifies_sector(view, merge_titled_persons(view, chunks))
}

/// Gatherings a party's name qualifies ("the Freedonia summit", "Freedonia elections"): the
/// name says where or whose, not who acts. Nouns that are verbs too ("talks", "meeting")
/// are left out.
fn is_named_gathering(w: &str) -> bool {
    is_gathering(w) && !matches!(w, "SESSION" | "MEETING" | "MEETINGS" | "TALKS")
}

/// Nouns that name a gathering or a vote (upper case): "summit", "elections".
pub(crate) fn is_gathering(w: &str) -> bool {
    matches!(
        w,
        "SUMMIT"
            | "SUMMITS"
            | "CONFERENCE"
            | "CONFERENCES"
            | "GAMES"
            | "OLYMPICS"
            | "FESTIVAL"
            | "CEREMONY"
            | "ELECTION"
            | "ELECTIONS"
            | "REFERENDUM"
            | "SESSION"
            | "MEETING"
            | "MEETINGS"
            | "TALKS"
    )
}

/// "Security forces in Freedonia", "rebels in the north of Sylvania": a sector with no
/// country, placed by "in" right after it in a country (or a place coded with its country),
/// acts for that country ("FRDCOP") — the place is where the group belongs, not a party to
/// the event. Named persons keep their sector: "President X in Sylvania" is often a visit.
fn place_qualifies_sector(view: &SentenceView, chunks: Vec<ActorChunk>) -> Vec<ActorChunk> {
    let mut out: Vec<ActorChunk> = Vec::with_capacity(chunks.len());
    for c in chunks {
        if let Some(prev) = out.last_mut() {
            let sector = prev
                .code
                .as_deref()
                .and_then(|k| k.strip_prefix("---"))
                .filter(|s| !s.is_empty() && !prev.person)
                .map(str::to_string);
            let country = c
                .code
                .as_deref()
                .filter(|k| k.len() == 3 && !k.starts_with("---") && !k.starts_with("IGO"));
            let gap = &view.words[prev.end..c.start];
            let placed =
                matches!(gap, [a] if a == "IN") || matches!(gap, [a, b] if a == "IN" && b == "THE");
            if let (Some(sector), Some(country), true) = (sector, country, placed) {
                prev.code = Some(format!("{country}{sector}"));
                prev.end = c.end;
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// One match before agents are joined with their actors: a named entity, a dictionary actor
/// phrase or an agent phrase.
struct RawActor {
    start: usize,
    end: usize,
    code: Option<String>,
    /// An agent phrase ("foreign ministry"), whose code is a sector to combine.
    agent: bool,
    entity: Option<String>,
    person: bool,
}

/// The entities, actor phrases and agent phrases of a sentence, left to right, each the
/// longest starting at its position.
fn raw_actors(
    dict: &Dictionary,
    view: &SentenceView,
    entity_at: &dyn Fn(usize) -> Option<EntityHit>,
) -> Vec<RawActor> {
    let n = view.words.len();
    let mut raws: Vec<RawActor> = Vec::new();
    let mut i = 0;
    while i < n {
        // A named entity from the document takes precedence over dictionary phrases inside it.
        let ent = entity_at(i);
        let actor = if view.capitalized(i) {
            longest(&dict.actors, &view.words, i)
        } else {
            None
        };
        let agent = longest(&dict.agents, &view.words, i);
        let actor_len = actor.map(|(l, _)| l).unwrap_or(0);
        let agent_len = agent.map(|(l, _)| l).unwrap_or(0);
        let ent_len = ent.as_ref().map(|e| e.end - i).unwrap_or(0);
        if ent_len > 0 && ent_len >= actor_len && ent_len >= agent_len {
            let hit = ent.expect("checked");
            let end = hit.end;
            // The entity's own words may still name a coded actor ("President Xi Jinping"),
            // else a coded phrase inside it ("UN" in "UN Human Rights Council").
            let dict_code = actor
                .filter(|(l, _)| *l == ent_len)
                .and_then(|(_, c)| code_at(c, view.date));
            let inner = || {
                (i..end).find_map(|k| {
                    longest(&dict.actors, &view.words, k)
                        .filter(|(l, _)| k + l <= end)
                        .and_then(|(_, c)| code_at(c, view.date))
                })
            };
            let code = dict_code
                .or(hit.code)
                .or_else(|| (!hit.person).then(inner).flatten());
            raws.push(RawActor {
                start: i,
                end,
                code,
                agent: false,
                entity: Some(hit.id),
                person: hit.person,
            });
            i = end;
        } else if actor_len > 0 && actor_len >= agent_len {
            let (l, codes) = actor.expect("checked");
            raws.push(RawActor {
                start: i,
                end: i + l,
                code: code_at(codes, view.date),
                agent: false,
                entity: None,
                person: false,
            });
            i += l;
        } else if agent_len > 0 {
            let (l, code) = agent.expect("checked");
            raws.push(RawActor {
                start: i,
                end: i + l,
                code: Some(code.code.clone()),
                agent: true,
                entity: None,
                person: false,
            });
            i += l;
        } else {
            i += 1;
        }
    }
    raws
}

/// The actor at `raws[k]`, joined with an agent after it ("Chinese foreign ministry",
/// "Russia's defence ministry") when one follows; the chunk and how many matches it used.
fn join_actor(view: &SentenceView, raws: &[RawActor], k: usize) -> (ActorChunk, usize) {
    let r = &raws[k];
    // Country + agent, with up to two modifier words between.
    if let Some(next) = raws.get(k + 1) {
        let gap = &view.words[r.end..next.start];
        let gap_ok = gap.len() <= 2
            && gap
                .iter()
                .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '\''));
        let place_like = r
            .code
            .as_deref()
            .is_some_and(|c| c.len() == 3 || c.starts_with("IGO") || r.entity.is_none());
        if next.agent && gap_ok && place_like {
            let code = compose(r.code.as_deref(), next.code.as_deref().unwrap_or(""));
            // An agent followed by a named person is that person ("Foreign Minister X").
            let (end, entity, used, person) = match raws.get(k + 2) {
                Some(p) if p.start == next.end && p.entity.is_some() => {
                    (p.end, p.entity.clone(), 3, p.person)
                }
                _ => (next.end, None, 2, false),
            };
            let chunk = ActorChunk {
                start: r.start,
                end,
                code,
                entity,
                person,
            };
            return (chunk, used);
        }
    }
    let chunk = ActorChunk {
        start: r.start,
        end: r.end,
        code: r.code.clone(),
        entity: r.entity.clone(),
        person: r.person,
    };
    (chunk, 1)
}

/// The agent at `raws[k]`: "X of <country>", "<agent> <named person>" or bare; the chunk and
/// how many matches it used.
fn join_agent(view: &SentenceView, raws: &[RawActor], k: usize) -> (ActorChunk, usize) {
    let r = &raws[k];
    let agent_code = r.code.clone().unwrap_or_default();
    if let Some(next) = raws.get(k + 1).filter(|next| !next.agent) {
        let gap = &view.words[r.end..next.start];
        if (gap == ["OF"] || gap == ["OF", "THE"] || gap == ["FROM"])
            && (next.code.is_some() || next.entity.is_some())
        {
            let chunk = ActorChunk {
                start: r.start,
                end: next.end,
                code: compose(next.code.as_deref(), &agent_code),
                entity: next.entity.clone(),
                person: false,
            };
            return (chunk, 2);
        }
        if gap.is_empty() && next.entity.is_some() {
            // "Foreign Minister Ana Quill": the person; a country code of the person
            // (from the dictionary) wins, else the agent alone ("President X" of a country
            // not named: ---GOV, as PETRARCH codes a titled unknown).
            let chunk = ActorChunk {
                start: r.start,
                end: next.end,
                code: next.code.clone().or_else(|| sector_alone(&agent_code)),
                entity: next.entity.clone(),
                person: next.person,
            };
            return (chunk, 2);
        }
    }
    let chunk = ActorChunk {
        start: r.start,
        end: r.end,
        code: sector_alone(&agent_code),
        entity: None,
        person: false,
    };
    (chunk, 1)
}

/// An agent with no country: the sector alone, as the anchors write it ("---GOV").
fn sector_alone(agent_code: &str) -> Option<String> {
    agent_code
        .strip_prefix('~')
        .or_else(|| agent_code.strip_suffix('~'))
        .map(|s| format!("---{s}"))
}

/// "Chinese leader Li Wen", "Freedonia's envoy Ana Quill": a country phrase, up to two title
/// words, then a named person — one actor, the person, coded with the person's code or else
/// the country's.
pub(crate) fn merge_titled_persons(
    view: &SentenceView,
    chunks: Vec<ActorChunk>,
) -> Vec<ActorChunk> {
    let mut out: Vec<ActorChunk> = Vec::with_capacity(chunks.len());
    for c in chunks {
        // Two actor phrases with nothing between: the second is the head ("the Freedonian
        // Sylvanian ambassador" is the ambassador).
        if let Some(prev) = out.last() {
            if prev.end == c.start && !prev.person {
                let prev = out.pop().expect("checked");
                out.push(ActorChunk {
                    start: prev.start,
                    ..c
                });
                continue;
            }
        }
        if c.person {
            if let Some(prev) = out.last() {
                let gap = &view.words[prev.end..c.start];
                let titled = !gap.is_empty()
                    && gap.len() <= 3
                    && gap
                        .iter()
                        .all(|w| w == "'S" || w.chars().all(|ch| ch.is_ascii_alphabetic()))
                    && !gap.iter().any(|w| {
                        matches!(
                            w.as_str(),
                            "AND" | "OR" | "WITH" | "TO" | "BY" | "OF" | "THE" | "A" | "AN"
                        ) || is_be(w)
                    });
                if titled && !prev.person && prev.code.as_deref().is_some_and(|k| k.len() == 3) {
                    let prev = out.pop().expect("checked");
                    out.push(ActorChunk {
                        start: prev.start,
                        end: c.end,
                        code: c.code.clone().or(prev.code),
                        entity: c.entity.clone(),
                        person: true,
                    });
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Join adjacent chunks separated by "and" / "," into compound groups.
pub(crate) fn group_actors(view: &SentenceView, chunks: &[ActorChunk]) -> Vec<ActorGroup> {
    // (group, whether an "and" (or an apposition) joins its members)
    let mut groups: Vec<(ActorGroup, bool)> = Vec::new();
    for c in chunks {
        if let Some((g, with_and)) = groups.last_mut() {
            let gap = &view.words[g.end..c.start];
            let joins = matches!(gap, [a] if a == "AND" || a == ",")
                || matches!(gap, [a, b] if (a == "," || a == "AND") && (b == "AND" || b == "THE" || b == "HIS" || b == "HER" || b == "ITS"))
                || matches!(gap, [a, b, c] if a == "," && b == "AND" && c == "THE");
            if joins {
                g.end = c.end;
                g.members.push(c.clone());
                // "X, Freedonia's envoy": an apposition that says whose X is keeps them one.
                let whose = view
                    .words
                    .get(c.start..=c.end)
                    .is_some_and(|ws| ws.iter().any(|w| w == "'S"));
                *with_and |= whose || gap.iter().any(|w| w == "AND");
                continue;
            }
        }
        let group = ActorGroup {
            start: c.start,
            end: c.end,
            members: vec![c.clone()],
        };
        groups.push((group, false));
    }
    // Commas alone make no list: "…, a town on the border with X, Y will invite …" and
    // "Kigali, Rwanda" are two phrases, not one compound actor ("X, Y and Z" is one, and
    // "X, Y's envoy" one apposition).
    let mut out = Vec::with_capacity(groups.len());
    for (g, with_and) in groups {
        if with_and || g.members.len() == 1 {
            out.push(g);
        } else {
            out.extend(g.members.into_iter().map(|m| ActorGroup {
                start: m.start,
                end: m.end,
                members: vec![m],
            }));
        }
    }
    out
}

/// The dictionary's verb forms at `i`: the length of the longest form that matches there
/// and every verb block that form belongs to (a verb of saying or talking counts as a
/// one-word form of its own).
pub(crate) fn verb_forms_at<'d>(
    dict: &'d Dictionary,
    words: &[String],
    i: usize,
    communication: bool,
) -> (usize, Vec<&'d VerbForm>) {
    let n = words.len();
    let mut best_len = if communication { 1 } else { 0 };
    let mut cands: Vec<&VerbForm> = Vec::new();
    for f in dict
        .verbs
        .get(&words[i])
        .map(|v| v.as_slice())
        .unwrap_or(&[])
    {
        let l = f.words.len();
        if i + l <= n && words[i..i + l] == f.words[..] {
            if l > best_len {
                best_len = l;
                cands.clear();
            }
            if l == best_len {
                cands.push(f);
            }
        }
    }
    (best_len, cands)
}

/// A dictionary verb (or a verb of saying or talking) found at a token.
pub(crate) struct DictionaryVerb<'d> {
    /// One past its last word (multi-word forms: "called on").
    pub end: usize,
    /// The verb blocks its form belongs to.
    pub blocks: Vec<&'d VerbForm>,
    /// A verb of saying or talking.
    pub communication: bool,
    /// A verb of saying.
    pub report: bool,
}

/// The dictionary verb at `i`, if its word is one.
pub(crate) fn dictionary_verb_at<'d>(
    dict: &'d Dictionary,
    words: &[String],
    i: usize,
) -> Option<DictionaryVerb<'d>> {
    // "according to X" attributes a report; it is nobody's act, whichever coder reads it.
    if words[i] == "ACCORDING" && words.get(i + 1).is_some_and(|w| w == "TO") {
        return None;
    }
    let report = is_report_verb(&words[i]);
    let communication = report || is_talk_verb(&words[i]);
    if !dict.verbs.contains_key(&words[i]) && !communication {
        return None;
    }
    let (len, blocks) = verb_forms_at(dict, words, i, communication);
    (communication || !blocks.is_empty()).then_some(DictionaryVerb {
        end: i + len,
        blocks,
        communication,
        report,
    })
}

/// The clause a verb's patterns are matched in, from the words alone: back to the last
/// clause break before the verb, on to the next one after it.
pub(crate) fn word_clause(words: &[String], i: usize, verb_end: usize) -> (usize, usize) {
    let n = words.len();
    let clause_end = (verb_end..n)
        .find(|&k| {
            is_clause_break(&words[k])
                || words[k] == "."
                || (words[k] == ","
                    && k + 1 < n
                    && (words[k + 1] == "WHICH" || words[k + 1] == "WHO"))
        })
        .unwrap_or(n);
    let clause_start = (0..i)
        .rev()
        .find(|&k| is_clause_break(&words[k]))
        .map(|k| k + 1)
        .unwrap_or(0);
    (clause_start, clause_end)
}

/// "told X on the phone", "spoke by telephone with X": a phone consultation, whatever the
/// verb (readout's rule; the verb dictionary has no such pattern). "on the phone", "by
/// phone", "over the telephone", "in a phone call" — not "about the phone".
fn phone_medium(words: &[String], from: usize, to: usize) -> bool {
    (from..to).any(|k| {
        let medium = k >= 1
            && (matches!(words[k - 1].as_str(), "BY" | "VIA")
                || (k >= 2
                    && matches!(words[k - 1].as_str(), "THE" | "A")
                    && matches!(words[k - 2].as_str(), "ON" | "OVER" | "IN" | "BY" | "VIA")));
        medium
            && matches!(
                words[k].as_str(),
                "PHONE"
                    | "TELEPHONE"
                    | "PHONE-CALL"
                    | "TELEPHONE-CALL"
                    | "VIDEOCONFERENCE"
                    | "VIDEO-CONFERENCE"
            )
    })
}

/// "held a phone call with X", "had a telephone conversation": a light verb whose object
/// names a phone consultation (readout's rule: the HOLD patterns have none, and HOLD alone is
/// coded 170).
fn light_phone_call(words: &[String], i: usize, from: usize, to: usize) -> bool {
    let light = matches!(
        words[i].as_str(),
        "HOLD" | "HOLDS" | "HELD" | "HOLDING" | "HAD" | "HAS" | "HAVE" | "HAVING"
    );
    light
        && (from..to.min(from + 4)).any(|k| {
            matches!(words[k].as_str(), "PHONE-CALL" | "TELEPHONE-CALL")
                || (k >= 1
                    && matches!(
                        words[k].as_str(),
                        "CALL" | "CALLS" | "CONVERSATION" | "CONVERSATIONS"
                    )
                    && matches!(
                        words[k - 1].as_str(),
                        "PHONE" | "TELEPHONE" | "VIDEO" | "TELEPHONIC"
                    ))
        })
}

/// The code a verb gets from its most specific matching pattern.
#[derive(Debug, Clone)]
pub(crate) struct PatternChoice {
    /// How many pattern words matched (0: the verb's own code).
    pub spec: usize,
    pub code: String,
    /// Where the pattern's recipient slot lies, if it has one.
    pub target: Option<usize>,
    /// The tokens the pattern's words matched, as bits from the verb's end.
    pub pattern_words: u64,
}

/// The verb at `i` in context: its most specific pattern over every
/// candidate block, matched within `[clause_start, clause_end)`. A verb of saying codes
/// nothing by itself, nor does a pattern coded `---` or the bare statement 010.
#[allow(clippy::too_many_arguments)]
pub(crate) fn choose_pattern(
    dict: &Dictionary,
    words: &[String],
    i: usize,
    verb: &DictionaryVerb,
    (clause_start, clause_end): (usize, usize),
) -> Option<PatternChoice> {
    let verb_end = verb.end;
    let phone = verb.communication
        && (phone_medium(words, verb_end, clause_end)
            || light_phone_call(words, i, verb_end, clause_end));
    // (specificity, code, target slot, pattern words)
    type Local = (usize, Option<String>, Option<usize>, u64);
    let mut chosen: Option<Local> = phone.then(|| (2, Some("041".to_string()), None, 0));
    for f in verb.blocks.iter().filter(|_| !phone && !verb.report) {
        let mut local: Option<Local> = f.code.clone().map(|c| (0, Some(c), None, 0));
        if let Some(pats) = dict.patterns.get(f.block as usize) {
            for p in pats {
                let spec = p.specificity();
                if spec == 0 || local.as_ref().is_some_and(|(s, _, _, _)| *s >= spec) {
                    continue;
                }
                if !match_pre(words, i, clause_start, &p.pre) {
                    continue;
                }
                if let Some((target, matched)) = match_post(words, verb_end, clause_end, &p.post) {
                    local = Some((spec, p.code.clone(), target, matched));
                }
            }
        }
        if let Some(l) = local {
            if chosen
                .as_ref()
                .is_none_or(|c| l.0 > c.0 || (c.1.is_none() && l.1.is_some() && l.0 == c.0))
            {
                chosen = Some(l);
            }
        }
    }
    let (spec, code, target, pattern_words) = chosen?;
    let code = code.filter(|c| c != "010")?;
    Some(PatternChoice {
        spec,
        code,
        target,
        pattern_words,
    })
}

/// Whether a group is made of the pattern's own words ("launched a military operation").
pub(crate) fn in_pattern(g: &ActorGroup, verb_end: usize, pattern_words: u64) -> bool {
    (g.start..g.end)
        .any(|k| k >= verb_end && k - verb_end < 64 && pattern_words & (1 << (k - verb_end)) != 0)
}

/// The two sides of an event, or `None` when the roles found do not make one: most events
/// need both sides, but protests, mobilization and force stand with an actor alone ("troops
/// shelled the town", "workers went on strike"), as in PLOVER; a compound subject of a
/// cooperative verb with no object is reciprocal ("X and Y spoke by phone": X with Y).
pub(crate) fn pair_roles(
    code: &str,
    verb_end: usize,
    actors: Option<&ActorGroup>,
    recipients: Option<&ActorGroup>,
) -> Option<(ActorGroup, ActorGroup)> {
    match (actors, recipients) {
        (Some(a), None)
            if a.members.len() >= 2 && matches!(code.get(..2), Some("03" | "04" | "05" | "06")) =>
        {
            let mut first = a.clone();
            first.members.truncate(1);
            first.end = first.members[0].end;
            let mut rest = a.clone();
            rest.members.remove(0);
            rest.start = rest.members[0].start;
            Some((first, rest))
        }
        (Some(a), Some(r)) => Some((a.clone(), r.clone())),
        (Some(a), None)
            if actor_alone_suffices(code) && !a.members.iter().all(|m| m.code.is_none()) =>
        {
            let empty = ActorGroup {
                start: verb_end,
                end: verb_end,
                members: Vec::new(),
            };
            Some((a.clone(), empty))
        }
        _ => None,
    }
}

/// The event of a coded verb with its two sides, unless the actor is a spokesperson: a
/// spokesperson reports acts, and the material ones (06–20) are not theirs.
pub(crate) fn finish_event(
    words: &[String],
    choice: PatternChoice,
    trigger: (usize, usize),
    (actors, recipients): (ActorGroup, ActorGroup),
    (negated, hypothetical): (bool, bool),
) -> Option<SentenceEvent> {
    let (i, verb_end) = trigger;
    // The role word may stand after the actor's own words, before the verb ("the agency's
    // spokesman Y, who said …", "UN rights office spokesman Y, who has counted …").
    let speaks_for_others = words[actors.start..i.max(actors.end)]
        .iter()
        .any(|w| w.starts_with("SPOKES") || w == "CORRESPONDENT" || w == "CORRESPONDENTS");
    if speaks_for_others && choice.code.as_str() >= "06" {
        return None;
    }
    let distance = recipients.start.saturating_sub(verb_end)
        + i.saturating_sub(actors.end)
        + if recipients.members.is_empty() { 4 } else { 0 };
    // What may not happen ("if X gave …", "X must agree") is less sure to be the sentence's
    // event than what did.
    let unsure = if hypothetical { 0.1 } else { 0.0 };
    let confidence =
        (0.55 + 0.08 * choice.spec.min(3) as f32 - 0.02 * distance.min(10) as f32 - unsure)
            .clamp(0.3, 0.95);
    Some(SentenceEvent {
        code: choice.code,
        actors,
        recipients,
        trigger,
        negated,
        hypothetical,
        confidence,
        nominal: false,
    })
}

/// Code one sentence from its words alone (text the parser has not read).
pub(crate) fn code_sentence(
    dict: &Dictionary,
    view: &SentenceView,
    groups: &[ActorGroup],
) -> Vec<SentenceEvent> {
    let words = &view.words;
    let n = words.len();
    let in_actor = |i: usize| groups.iter().any(|g| g.start <= i && i < g.end);
    let mut events = Vec::new();
    let mut i = 0;
    // The complement verb of a coded verb ("urged X to meet": "meet") belongs to it.
    let mut governed: Option<usize> = None;
    // The subject of the last coded verb, for a coordinated verb ("X called Y and urged Z").
    let mut last_subject: Option<ActorGroup> = None;
    // Where the last coded verb ends: actors after it are its complements.
    let mut last_verb_end: Option<usize> = None;
    while i < n {
        if in_actor(i) {
            i += 1;
            continue;
        }
        // Nominal events first ("the invasion of X", "a phone call with X").
        let after_actor = i > 0 && in_actor(i - 1);
        if let Some((len, code, preps)) = nominal_at(words, i, after_actor) {
            if let Some(ev) = code_nominal(view, groups, i, len, code, preps) {
                events.push(ev);
                i += len;
                continue;
            }
        }
        if governed == Some(i)
            || looks_like_noun(words, &view.lowercase, i, &in_actor)
            || naming_use(words, i)
            || after_determined_actor(words, groups, i)
        {
            i += 1;
            continue;
        }
        let Some(verb) = dictionary_verb_at(dict, words, i) else {
            i += 1;
            continue;
        };
        let verb_end = verb.end;
        let (clause_start, clause_end) = word_clause(words, i, verb_end);
        let Some(choice) = choose_pattern(dict, words, i, &verb, (clause_start, clause_end)) else {
            i = verb_end;
            continue;
        };
        let (actors, recipients, passive) = word_roles(
            words,
            groups,
            &choice,
            (i, verb_end),
            (clause_start, clause_end),
            (&last_subject, last_verb_end),
        );
        let Some((actors, recipients)) = pair_roles(&choice.code, verb_end, actors, recipients)
        else {
            i = verb_end;
            continue;
        };
        if !passive {
            last_subject = Some(actors.clone());
            last_verb_end = Some(verb_end);
        }
        let scope_start = actors.end.min(i).max(clause_start);
        let negated = (scope_start..i).any(|k| is_negation(&words[k]));
        let hypothetical = (clause_start..i)
            .any(|k| is_modal(&words[k]) || is_irrealis_head(&words[k]))
            || (i >= 1 && words[i - 1] == "TO");
        let trigger = (i, verb_end);
        let Some(ev) = finish_event(
            words,
            choice,
            trigger,
            (actors, recipients),
            (negated, hypothetical),
        ) else {
            i = verb_end;
            continue;
        };
        // The complement verb of this one ("urged Y to meet") belongs to it.
        if let Some(to) = (verb_end..clause_end).find(|&k| words[k] == "TO") {
            governed = Some(to + 1);
        }
        events.push(ev);
        i = verb_end;
    }
    events
}

/// Roles from word order: the nearest actor before the verb in its clause acts, the first
/// actor after it (or after the pattern's target slot) receives; a passive verb swaps them
/// and takes its actor from "by …"; a verb joined by "and" or a comma to a previous one
/// ("X killed 12 civilians, wounded 30") shares its subject rather than taking that verb's
/// object. Also says whether the verb is passive.
fn word_roles<'g>(
    words: &[String],
    groups: &'g [ActorGroup],
    choice: &PatternChoice,
    (i, verb_end): (usize, usize),
    (clause_start, clause_end): (usize, usize),
    (last_subject, last_verb_end): (&'g Option<ActorGroup>, Option<usize>),
) -> (Option<&'g ActorGroup>, Option<&'g ActorGroup>, bool) {
    let participle =
        words[i].ends_with("ED") || words[i].ends_with("EN") || words[i].ends_with('T');
    // "X was attacked by Y", and the reduced form "victims killed by Y".
    let passive = participle
        && ((i > 0 && (i.saturating_sub(2)..i).any(|k| is_be(&words[k])))
            || words.get(verb_end).is_some_and(|w| w == "BY"));
    // The subject: the nearest actor before the verb that is not the object of a
    // preposition ("stood on Freedonia's side, voting …" is not Freedonia voting).
    let before = groups.iter().rfind(|g| {
        g.end <= i
            && g.start >= clause_start
            && !(g.start > 0 && is_object_preposition(&words[g.start - 1]))
            && !(g.start > 1
                && words[g.start - 1] == "THE"
                && is_object_preposition(&words[g.start - 2]))
    });
    // "X called Y on Monday and urged Z": the second verb's subject is the first's.
    let coordinated = i > 0 && words[i - 1] == "AND" && !passive;
    let before = match (last_subject, coordinated) {
        (Some(subject), true) if before.is_some_and(|b| b.start > subject.start) => Some(subject),
        _ => before,
    };
    // "X killed 12 civilians in the raid, wounded 30": what follows the previous verb is its
    // complement, not the subject of the next verb joined by a comma or "and" (a relative
    // pronoun in between makes it one: "hit Y, which retaliated").
    let before = match before {
        Some(b)
            if !passive
                && last_verb_end.is_some_and(|e| e <= b.start)
                && i > 0
                && matches!(words[i - 1].as_str(), "," | "AND")
                && !(b.end..i).any(|k| matches!(words[k].as_str(), "WHICH" | "WHO" | "THAT")) =>
        {
            last_subject.as_ref()
        }
        other => other,
    };
    let after_from = choice.target.unwrap_or(verb_end);
    let target_end = (verb_end..clause_end)
        .find(|&k| words[k] == ",")
        .unwrap_or(clause_end);
    let after = groups.iter().find(|g| {
        g.start >= after_from
            && g.start < target_end
            && !in_pattern(g, verb_end, choice.pattern_words)
    });
    let (actors, recipients) = if passive {
        let by = (verb_end..clause_end).find(|&k| words[k] == "BY");
        let agent = by.and_then(|b| groups.iter().find(|g| g.start > b && g.start < clause_end));
        (agent, before)
    } else {
        (
            before,
            after.filter(|g| Some(g.start) != before.map(|b| b.start)),
        )
    };
    (actors, recipients, passive)
}

pub(crate) fn nominal_at(
    words: &[String],
    i: usize,
    after_actor: bool,
) -> Option<(usize, &'static str, &'static [&'static str])> {
    let mut best: Option<(usize, &'static str, &'static [&'static str])> = None;
    for (phrase, code, preps) in NOMINAL {
        let l = phrase.len();
        if i + l <= words.len()
            && words[i..i + l]
                .iter()
                .zip(phrase.iter())
                .all(|(a, b)| a == b)
            && best.is_none_or(|b| l > b.0)
        {
            best = Some((l, code, preps));
        }
    }
    // A nominal event is a noun: it needs a determiner, a possessive or an adjective before it.
    let (l, code, preps) = best?;
    let prev = if i > 0 { words[i - 1].as_str() } else { "" };
    let is_noun = is_determiner(prev)
        || prev.ends_with("'S")
        || prev == "'"
        || after_actor
        || matches!(
            prev,
            "MILITARY"
                | "FULL-SCALE"
                | "ARMED"
                | "TERRORIST"
                | "DEADLY"
                | "RECENT"
                | "LARGE-SCALE"
                | "OFFICIAL"
                | "STATE"
                | "BRIEF"
                | "SURPRISE"
                | "JOINT"
        );
    is_noun.then_some((l, code, preps))
}

pub(crate) fn code_nominal(
    view: &SentenceView,
    groups: &[ActorGroup],
    i: usize,
    len: usize,
    code: &str,
    preps: &[&str],
) -> Option<SentenceEvent> {
    let words = &view.words;
    let n = words.len();
    let end = i + len;
    // Actor: a possessive right before ("Freedonia's invasion"), or an actor adjective
    // ("the Freedonian invasion"), or "by X" after.
    // The possessor sits right before the noun: "Freedonia's invasion", "Freedonia's
    // full-scale invasion", "the Freedonian invasion".
    let possessor = groups.iter().find(|g| {
        let gap = &words[g.end.min(i)..i];
        g.end <= i
            && match gap {
                [] => true,
                [p] => p == "'S" || p == "'",
                [p, adj] => {
                    (p == "'S" || p == "'")
                        && view.lowercase[i - 1]
                        && adj.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
                }
                _ => false,
            }
    });
    // Recipient: after one of the prepositions.
    let prep_at = (end..n.min(end + 3)).find(|&k| preps.contains(&words[k].as_str()))?;
    let between = words[prep_at] == "BETWEEN";
    let first = groups
        .iter()
        .find(|g| g.start > prep_at && g.start <= prep_at + 3)?;
    let (actors, recipients) = if between {
        // "a call between X and Y": the compound is split into its two sides.
        if first.members.len() >= 2 {
            let mut a = first.clone();
            let mut b = first.clone();
            a.members.truncate(1);
            a.end = a.members[0].end;
            b.members.remove(0);
            b.start = b.members[0].start;
            (a, b)
        } else {
            return None;
        }
    } else {
        let by = (end..n.min(end + 8))
            .find(|&k| words[k] == "BY")
            .and_then(|b| groups.iter().find(|g| g.start == b + 1 || g.start == b + 2));
        let actor = possessor.or(by)?;
        (actor.clone(), first.clone())
    };
    let clause_start = (0..i)
        .rev()
        .find(|&k| is_clause_break(&words[k]))
        .map(|k| k + 1)
        .unwrap_or(0);
    let hypothetical =
        (clause_start..i).any(|k| is_modal(&words[k]) || is_irrealis_head(&words[k]));
    let negated = (clause_start..i).any(|k| is_negation(&words[k]));
    Some(SentenceEvent {
        code: code.to_string(),
        actors,
        recipients,
        trigger: (i, end),
        negated,
        hypothetical,
        confidence: 0.6,
        nominal: true,
    })
}

/// Document entity lookup by sentence token index: (end token, entity id, code).
pub(crate) fn entity_index(
    doc: &Document,
    codes: &dyn Fn(&str) -> Option<String>,
) -> Vec<FxHashMap<usize, EntityHit>> {
    // One pass over the entities for the whole document (not one per sentence).
    let mut out: Vec<FxHashMap<usize, EntityHit>> = vec![FxHashMap::default(); doc.sentences.len()];
    for e in &doc.entities {
        if e.kind == EntityType::Misc && e.kb.is_none() {
            continue;
        }
        let code =
            e.kb.clone()
                .filter(|k| k.len() >= 3)
                .or_else(|| {
                    e.affiliation.as_deref().and_then(codes).map(|c| {
                        if e.kind == EntityType::Person {
                            format!("{c}GOV")
                        } else {
                            c
                        }
                    })
                })
                // A person the dictionary knows by name ("Narendra Modi": INDGOV from 2014)
                // keeps that code in every mention ("Modi", "he"), not only where the full
                // name is written.
                .or_else(|| {
                    (e.kind == EntityType::Person)
                        .then(|| {
                            std::iter::once(&e.name)
                                .chain(&e.aliases)
                                .find_map(|n| codes(n))
                        })
                        .flatten()
                })
                // A person with a role but no country the dictionary knows ("Norland's
                // foreign minister X" of a country it does not list) acts in the role's
                // sector alone, as a titled unknown does ("---GOV").
                .or_else(|| {
                    let role = e.role.as_deref().filter(|_| e.kind == EntityType::Person)?;
                    crate::resolve::kb::sector(role).map(|s| format!("---{s}"))
                })
                .filter(|c| e.kind != EntityType::Person || e.role.is_some() || c.len() > 3);
        for m in &e.mentions {
            let located = match m.mention.and_then(|mi| doc.mentions.get(mi)) {
                Some(mention) => Some((mention.sentence, mention.token_start, mention.token_end)),
                // A person named by role or pronoun ("the spokesman", "she") acts as that
                // person, with the person's code.
                None if e.kind == EntityType::Person && code.is_some() => {
                    locate_tokens(doc, m.span)
                }
                None => None,
            };
            let Some((sentence, token_start, token_end)) = located else {
                continue;
            };
            let Some(s) = doc.sentences.get(sentence) else {
                continue;
            };
            if token_start < s.token_start || token_end <= token_start {
                continue;
            }
            out[sentence].insert(
                token_start - s.token_start,
                EntityHit {
                    end: token_end - s.token_start,
                    id: e.id.clone(),
                    code: code.clone(),
                    person: e.kind == EntityType::Person,
                },
            );
        }
    }
    out
}

/// The sentence and token range (document token indices) exactly covering `span`, if its
/// ends fall on token boundaries.
fn locate_tokens(doc: &Document, span: Span) -> Option<(usize, usize, usize)> {
    let sentence = doc.sentences.partition_point(|s| s.span.end <= span.start);
    let s = doc.sentences.get(sentence)?;
    if span.start < s.span.start || span.end > s.span.end {
        return None;
    }
    let tokens = doc.tokens.get(s.token_start..s.token_end)?;
    let first = tokens.partition_point(|t| t.span.start < span.start);
    let last = tokens.partition_point(|t| t.span.end <= span.end);
    let starts_on_token = tokens
        .get(first)
        .is_some_and(|t| t.span.start == span.start);
    let ends_on_token = last > 0 && tokens[last - 1].span.end == span.end;
    (starts_on_token && ends_on_token && last > first).then_some((
        sentence,
        s.token_start + first,
        s.token_start + last,
    ))
}

/// Whether a sentence zone is coded (byline and author bio are not the story).
pub(crate) fn zone_is_coded(zone: TextZone) -> bool {
    zone != TextZone::Byline
}

/// Span of a token range of a sentence.
pub(crate) fn token_span(tokens: &[Token], start: usize, end: usize) -> Span {
    Span::new(tokens[start].span.start, tokens[end - 1].span.end)
}
