//! Roles, affiliations, country codes, surname meanings, role references and pronouns:
//! the steps of [`super::resolve`] that read the tokens around mentions.

use readout_core::{Document, EntityType, MentionKind, Span, Token};

use super::kb::{self, CountryRef};
use super::names::fold;
use super::{span_mention, Draft};

/// Honorifics: skipped when reading a title, never a role.
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "miss", "sir", "dame", "madam", "prof",
    "prof.", "mister",
];

/// Nouns that head a role ("foreign *minister*").
const ROLE_HEADS: &[&str] = &[
    "minister",
    "president",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "chancellor",
    "envoy",
    "diplomat",
    "premier",
    "leader",
    "mayor",
    "governor",
    "senator",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "king",
    "queen",
    "commander",
    "representative",
    "director",
    "adviser",
    "advisor",
    "negotiator",
    "prosecutor",
    "emperor",
    "prince",
    "princess",
    "monarch",
    "lawmaker",
    "general",
    "chief",
    "head",
];

/// Words that modify a role ("*deputy foreign* minister").
const ROLE_MODIFIERS: &[&str] = &[
    "foreign",
    "deputy",
    "prime",
    "vice",
    "defence",
    "defense",
    "interior",
    "finance",
    "economy",
    "economic",
    "trade",
    "state",
    "senior",
    "former",
    "acting",
    "top",
    "health",
    "justice",
    "energy",
    "security",
    "national",
    "first",
    "assistant",
    "permanent",
    "executive",
    "special",
    "military",
    "opposition",
    "party",
    "press",
    "affairs",
    "crown",
    "army",
    "-",
    "chief",
    "general",
    "secretary",
    "prime-minister",
    "foreign-affairs",
];

/// Role modifiers that do not change who is meant ("the *former* minister").
const LOOSE_MODIFIERS: &[&str] = &["former", "top", "senior", "acting"];

/// Words after a place that make it an actor ("Kyiv *said*"): the capital then names the
/// government, and gets the country's code.
const ACTOR_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "has",
    "have",
    "had",
    "will",
    "would",
    "announced",
    "accused",
    "denied",
    "rejected",
    "warned",
    "wants",
    "insisted",
    "responded",
    "condemned",
    "claimed",
    "urged",
    "called",
    "demanded",
    "agreed",
    "refused",
    "threatened",
    "signed",
    "'s",
    "\u{2019}s",
];

/// Words whose presence means a monarchy is in the story, so "the king" is a real king.
const MONARCHY_CUES: &[&str] = &[
    "queen",
    "monarch",
    "monarchy",
    "royal",
    "throne",
    "kingdom",
    "crown",
    "palace",
    "majesty",
    "reign",
    "coronation",
    "prince",
    "princess",
    "sultan",
    "emir",
];

/// Chinese and Korean surnames that are ordinary words, with the English word machine
/// translation renders them as: (literal meaning, romanised surnames). General knowledge
/// of the scripts (王 king, 李 plum, 金 gold, 黄/황 yellow, 白/백 white, 马 horse, 林 forest,
/// 石 stone, 周 week, 杨 poplar, 박 gourd, 田 field, 云 cloud, 江 river; Japanese 林 and 森
/// forest), not taken from any article.
pub const SURNAME_MEANINGS: &[(&str, &[&str])] = &[
    ("king", &["wang"]),
    ("plum", &["li", "lee", "yi", "rhee"]),
    ("gold", &["kim", "jin", "gim"]),
    ("yellow", &["huang", "hwang"]),
    ("white", &["bai", "baek", "paik"]),
    ("horse", &["ma"]),
    ("forest", &["lin", "lim", "hayashi", "mori"]),
    ("stone", &["shi", "seok"]),
    ("week", &["zhou"]),
    ("poplar", &["yang"]),
    ("gourd", &["park", "pak", "bak"]),
    ("field", &["tian"]),
    ("cloud", &["yun"]),
    ("river", &["jiang"]),
];

/// Pronouns resolved when one person is in view.
const PRONOUNS: &[&str] = &["he", "she", "him", "his", "her"];

fn lower(t: &Token) -> String {
    t.text.to_lowercase()
}

/// Whether a word is a title or honorific ("Mr.", "Minister"), removed from display names.
pub fn is_title_word(word: &str) -> bool {
    let w = word.to_lowercase();
    HONORIFICS.contains(&w.as_str())
        || (ROLE_HEADS.contains(&w.as_str()) && w != "general" && w != "king" && w != "head")
        || (ROLE_MODIFIERS.contains(&w.as_str()) && w != "-")
}

fn is_role_word(w: &str) -> bool {
    ROLE_HEADS.contains(&w) || ROLE_MODIFIERS.contains(&w)
}

/// One normal form for the role nouns that differ only by gender.
fn normalize_role(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| !LOOSE_MODIFIERS.contains(&w.as_str()) && w.as_str() != "-")
        .map(|w| match w.as_str() {
            "spokesman" | "spokeswoman" => "spokesperson",
            "chairman" | "chairwoman" => "chair",
            "defense" => "defence",
            "advisor" => "adviser",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `word` is the demonym of the place `place` by the regular suffixes
/// ("Vesterian" → "Vesteria", "Norlandish" → "Norland"), for places not in the table.
pub fn demonym_of(word: &str, place: &str) -> bool {
    let w = fold(word);
    let p = fold(place);
    if w.len() < 5 || p.len() < 4 || w == p {
        return false;
    }
    for suffix in [
        "ians", "ian", "ans", "an", "ese", "ish", "is", "i", "n", "s",
    ] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.len() >= 4 && (p.starts_with(stem) && p.len() <= stem.len() + 2) {
                return true;
            }
        }
    }
    false
}

/// A mention's identity in the KB: an organisation named by its text or by a phrase
/// around it, or a national institution composed from a ministry and a country.
#[derive(Debug, Clone)]
pub(super) struct KbLink {
    /// KB entity id, or `code/<CODE>` for a composed institution.
    pub id: String,
    /// CAMEO-style actor code.
    pub code: String,
    /// ISO3 code of its country, for national institutions.
    pub country: Option<String>,
    /// The phrase of the text that matched.
    pub text: String,
}

/// Longest phrases tried around a mention when looking organisations up, in tokens.
const MAX_ORG_PHRASE: usize = 9;

/// KB identities of the named mentions (`None` for people, countries and the unknown).
///
/// * The mention, or the longest phrase of the sentence that starts with it (or with up to
///   two capitalised words before it) and ends with or after it, is a KB organisation: all
///   mentions inside the phrase take it ("UN High Commissioner for Human Rights", tagged as
///   "UN" and "Human Rights", is one office). The phrase never crosses a person's name.
/// * A ministry or department ("Ministry of Foreign Affairs", or "Foreign Affairs" after
///   "Minister of") whose country is written next to it ("… of Ukraine", "Ukraine's …",
///   "the Ukrainian …") is that country's institution: country code + the sector of the
///   role noun (`UKRGOV`).
pub(super) fn kb_links(doc: &Document, tokens_ok: bool) -> Vec<Option<KbLink>> {
    let n = doc.mentions.len();
    let mut out: Vec<Option<KbLink>> = vec![None; n];
    let org_of = |text: &str| -> Option<KbLink> {
        let e = kb::lookup_org(text)?;
        Some(KbLink {
            id: e.id.clone(),
            code: e.code.clone(),
            country: e.country.clone(),
            text: text.to_string(),
        })
    };
    if !tokens_ok {
        for (mi, m) in doc.mentions.iter().enumerate() {
            if m.kind != EntityType::Person && kb::lookup(&m.text).is_none() {
                out[mi] = org_of(&m.text);
            }
        }
        return out;
    }
    let tm = token_mentions(doc);
    let toks = &doc.tokens;
    let is_country = |mi: usize| kb::lookup(&doc.mentions[mi].text).is_some();
    for (mi, m) in doc.mentions.iter().enumerate() {
        if out[mi].is_some() || m.kind == EntityType::Person || is_country(mi) {
            continue;
        }
        let Some(s) = doc.sentences.get(m.sentence) else {
            continue;
        };
        // Starts: the mention, or capitalised words just before it outside any mention.
        let mut starts = vec![m.token_start];
        let mut b = m.token_start;
        while b > s.token_start && m.token_start - b < 2 {
            let t = &toks[b - 1];
            let determiner = matches!(lower(t).as_str(), "the" | "a" | "an" | "this" | "that");
            if tm[b - 1].is_some()
                || determiner
                || !t.text.chars().next().is_some_and(char::is_uppercase)
            {
                break;
            }
            b -= 1;
            starts.push(b);
        }
        let mut found: Option<(usize, usize, KbLink)> = None;
        'search: for &st in starts.iter().rev() {
            let last = (st + MAX_ORG_PHRASE).min(s.token_end);
            for end in (m.token_end..=last).rev() {
                // Never across a person, and never ending inside another mention.
                if (st..end)
                    .any(|t| tm[t].is_some_and(|x| doc.mentions[x].kind == EntityType::Person))
                {
                    continue;
                }
                if end < s.token_end && tm[end].is_some() && tm[end] == tm[end - 1] {
                    continue;
                }
                let span = Span::new(toks[st].span.start, toks[end - 1].span.end);
                let Some(text) = doc.slice(span) else {
                    continue;
                };
                if let Some(l) = org_of(text) {
                    found = Some((st, end, l));
                    break 'search;
                }
            }
        }
        if let Some((st, end, l)) = found {
            for (mj, other) in doc.mentions.iter().enumerate() {
                if other.sentence == m.sentence
                    && other.token_start >= st
                    && other.token_end <= end
                    && other.kind != EntityType::Person
                    && !is_country(mj)
                {
                    out[mj] = Some(l.clone());
                }
            }
            continue;
        }
        out[mi] = institution(doc, &tm, mi);
    }
    out
}

/// "Ministry of Foreign Affairs of Ukraine", "Ukraine's Foreign Ministry", "Foreign
/// Affairs" after "Minister of … of Latvia": a country's institution, coded country +
/// sector.
fn institution(doc: &Document, tm: &[Option<usize>], mi: usize) -> Option<KbLink> {
    let m = &doc.mentions[mi];
    let toks = &doc.tokens;
    let s = doc.sentences.get(m.sentence)?;
    let mut phrase = m.text.clone();
    let mut start = m.token_start;
    if start >= s.token_start + 2 && lower(&toks[start - 1]) == "of" {
        let head = lower(&toks[start - 2]);
        if matches!(head.as_str(), "minister" | "ministry" | "department") {
            phrase = format!("ministry of {phrase}");
            start -= 2;
        }
    }
    let k = kb::key(&phrase);
    if !(k.contains("ministry") || k.contains("department")) {
        return None;
    }
    let sector = kb::kb().sector_exact(&phrase)?.to_string();
    // The country: "… of X" after it, else "X's" / "X" / a demonym before it.
    let country_at = |t: usize| -> Option<&'static str> {
        let text = match tm[t] {
            Some(x) => doc.mentions[x].text.as_str(),
            None => toks[t].text.as_str(),
        };
        kb::lookup(text).map(|c| c.0.code)
    };
    let mut cc = None;
    if m.token_end + 1 < s.token_end && lower(&toks[m.token_end]) == "of" {
        cc = country_at(m.token_end + 1);
    }
    if cc.is_none() && start > s.token_start {
        let mut p = start - 1;
        if matches!(lower(&toks[p]).as_str(), "'s" | "\u{2019}s") && p > s.token_start {
            p -= 1;
        }
        cc = country_at(p);
    }
    let cc = cc?;
    Some(KbLink {
        id: format!("code/{cc}{sector}"),
        code: format!("{cc}{sector}"),
        country: Some(cc.to_string()),
        text: m.text.clone(),
    })
}

/// Index of the named mention covering each token, if any.
fn token_mentions(doc: &Document) -> Vec<Option<usize>> {
    let mut map = vec![None; doc.tokens.len()];
    for (i, m) in doc.mentions.iter().enumerate() {
        for slot in map.iter_mut().take(m.token_end).skip(m.token_start) {
            *slot = Some(i);
        }
    }
    map
}

/// The country (or place) a demonym-like word at token `t` points to, as a name.
fn demonym_country(doc: &Document, drafts: &[Draft], word: &str) -> Option<String> {
    if let Some((c, CountryRef::Demonym)) = kb::lookup(word) {
        return Some(c.name.to_string());
    }
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // A place of the story whose demonym this is ("the Vesterian ambassador", Vesteria).
    drafts
        .iter()
        .filter(|d| d.kind == EntityType::Location)
        .flat_map(|d| d.mentions.iter())
        .find(|m| demonym_of(word, &m.text))
        .map(|m| m.text.clone())
        .filter(|_| !doc.text.is_empty())
}

/// An affiliation: the name to show and, for a KB organisation, its code.
type Affiliation = (String, Option<String>);

/// Affiliation given by the entity of mention `mi`: a country's usual name when it is
/// one; for a KB organisation, the top body it belongs to ("UN" for the UN High
/// Commissioner for Human Rights, written as the story writes it) and the organisation's
/// own code; else the mention's text.
fn affiliation_name(doc: &Document, links: &[Option<KbLink>], mi: usize) -> Option<Affiliation> {
    let m = doc.mentions.get(mi)?;
    if m.kind == EntityType::Person {
        return None;
    }
    match kb::lookup(&m.text) {
        Some((c, CountryRef::Name | CountryRef::Capital)) => {
            return Some((c.name.to_string(), None))
        }
        Some((c, CountryRef::Demonym)) => return Some((c.name.to_string(), None)),
        None => {}
    }
    if let Some(l) = links.get(mi).and_then(Option::as_ref) {
        if let Some(c) = l.country.as_deref().and_then(kb::country_name) {
            return Some((c.to_string(), Some(l.code.clone())));
        }
        let parent = (l.code.starts_with("IGO") && l.code.len() > 6)
            .then(|| kb::kb().by_code(&l.code[..6]))
            .flatten();
        let name = match parent {
            Some(p) => doc
                .mentions
                .iter()
                .zip(links)
                .find(|(_, x)| x.as_ref().is_some_and(|x| x.id == p.id))
                .map_or_else(|| p.name.clone(), |(pm, _)| pm.text.clone()),
            None => l.text.clone(),
        };
        return Some((name, Some(l.code.clone())));
    }
    Some((m.text.clone(), None))
}

/// The demonym of a multi-word MISC mention closest to what follows it ("Latvian
/// Chinese ambassador": Chinese).
fn last_demonym(doc: &Document, drafts: &[Draft], text: &str) -> Option<String> {
    demonym_country(doc, drafts, text).or_else(|| {
        text.split_whitespace()
            .rev()
            .find_map(|w| demonym_country(doc, drafts, w))
    })
}

/// Role words read from `tokens[from..to]` (already known to be role words).
fn role_of(tokens: &[Token], range: std::ops::Range<usize>) -> Option<String> {
    let words: Vec<String> = tokens[range]
        .iter()
        .map(lower)
        .filter(|w| !HONORIFICS.contains(&w.as_str()))
        .collect();
    // A role needs a head noun; "counterpart" is a relation, not a role.
    if !words.iter().any(|w| ROLE_HEADS.contains(&w.as_str())) {
        return None;
    }
    let role = normalize_role(&words);
    (!role.is_empty()).then_some(role)
}

/// A role with the portfolio words read after it ("deputy minister" + "of foreign
/// affairs").
fn with_portfolio(role: String, portfolio: &[String]) -> String {
    if portfolio.is_empty() {
        role
    } else {
        format!("{role} {}", portfolio.join(" "))
    }
}

/// After a role in an apposition, "of Foreign Affairs of Latvia": the words of the
/// portfolio (added to the role) and the country or organisation, up to the end of the
/// apposition. Returns (portfolio, affiliation, end token).
fn of_phrase(
    doc: &Document,
    drafts: &[Draft],
    links: &[Option<KbLink>],
    tm: &[Option<usize>],
    from: usize,
    end: usize,
) -> (Vec<String>, Option<Affiliation>, usize) {
    let toks = &doc.tokens;
    let mut k = from;
    let mut portfolio = Vec::new();
    let mut aff = None;
    while k < end && lower(&toks[k]) == "of" {
        k += 1;
        if toks.get(k).is_some_and(|t| lower(t) == "the") {
            k += 1;
        }
        let (unit_end, name) = match tm.get(k).copied().flatten() {
            Some(mi) => (doc.mentions[mi].token_end, Some(mi)),
            None => {
                let mut e = k;
                while e < end
                    && toks[e].text.chars().next().is_some_and(char::is_uppercase)
                    && tm[e].is_none()
                {
                    e += 1;
                }
                (e, None)
            }
        };
        if unit_end <= k {
            break;
        }
        let country = name.and_then(|mi| {
            let m = &doc.mentions[mi];
            (m.kind != EntityType::Person && kb::lookup(&m.text).is_some())
                .then(|| affiliation_name(doc, links, mi))
                .flatten()
        });
        match country {
            Some(c) => aff = Some(c),
            None => {
                let org = name
                    .filter(|&mi| links[mi].as_ref().is_some_and(|l| l.country.is_none()))
                    .and_then(|mi| affiliation_name(doc, links, mi));
                if org.is_some() {
                    aff = org;
                } else {
                    portfolio.push("of".to_string());
                    portfolio.extend(toks[k..unit_end].iter().map(lower));
                }
            }
        }
        k = unit_end;
    }
    let _ = drafts;
    (portfolio, aff, k)
}

/// Step 2: titles before a person's name and appositions after it.
pub(super) fn attach_titles(
    doc: &Document,
    mention_entity: &[usize],
    links: &[Option<KbLink>],
    drafts: &mut [Draft],
) {
    let tm = token_mentions(doc);
    for (mi, m) in doc.mentions.iter().enumerate() {
        let e = mention_entity[mi];
        if drafts[e].kind != EntityType::Person {
            continue;
        }
        let Some(sentence) = doc.sentences.get(m.sentence) else {
            continue;
        };
        let toks = &doc.tokens;
        let s0 = sentence.token_start;
        // Titles inside the mention itself ("President Aldo Brenner" tagged whole).
        let mut inner = m.token_start;
        while inner < m.token_end.saturating_sub(1) && is_role_word(&lower(&toks[inner])) {
            inner += 1;
        }
        let mut role = role_of(toks, m.token_start..inner);
        // Titles before it: "Latvia's deputy foreign minister X", "the Vesterian
        // ambassador X", "Mr. X", and a portfolio after "of" ("Secretary of State X",
        // "Minister of Defence X").
        let mut j = m.token_start;
        while j > s0 {
            let w = lower(&toks[j - 1]);
            let title_of = w == "of"
                && j < m.token_start
                && j >= s0 + 2
                && ROLE_HEADS.contains(&lower(&toks[j - 2]).as_str())
                && toks[j].text.starts_with(char::is_uppercase);
            if (is_role_word(&w) || HONORIFICS.contains(&w.as_str()) || title_of)
                && tm[j - 1].is_none()
            {
                j -= 1;
            } else {
                break;
            }
        }
        let mut affiliation: Option<Affiliation> = None;
        if role.is_none() {
            role = role_of(toks, j..m.token_start);
        }
        if j < m.token_start {
            affiliation = affiliation_before(doc, drafts, links, &tm, s0, j);
        }
        // Apposition before the name: "the foreign minister of Norway, X," / "Latvia's
        // deputy foreign minister, X,".
        if role.is_none() {
            if let Some((r, aff)) = apposition_before(doc, drafts, links, &tm, s0, m) {
                role = Some(r);
                affiliation = aff;
            }
        }
        // Apposition: "X, Latvia's deputy foreign minister, said" / "X, the spokesman," /
        // "X, Deputy Minister of Foreign Affairs of Latvia,".
        if role.is_none() && toks.get(m.token_end).is_some_and(|t| t.text == ",") {
            let mut k = m.token_end + 1;
            if toks
                .get(k)
                .is_some_and(|t| matches!(lower(t).as_str(), "the" | "a" | "an"))
            {
                k += 1;
            }
            let mut aff = None;
            if let Some(ami) = toks.get(k).and_then(|_| tm[k]) {
                let am = &doc.mentions[ami];
                let next = toks.get(am.token_end).map(lower);
                if matches!(next.as_deref(), Some("'s" | "\u{2019}s")) {
                    aff = affiliation_name(doc, links, ami)
                        .filter(|_| am.kind != EntityType::Misc)
                        .or_else(|| demonym_country(doc, drafts, &am.text).map(|c| (c, None)));
                    k = am.token_end + 1;
                } else if am.kind == EntityType::Misc {
                    aff = last_demonym(doc, drafts, &am.text).map(|c| (c, None));
                    k = am.token_end;
                }
            } else if let Some(t) = toks.get(k) {
                if let Some(c) = demonym_country(doc, drafts, &t.text) {
                    aff = Some((c, None));
                    k += 1;
                }
            }
            let start = k;
            while k < sentence.token_end && is_role_word(&lower(&toks[k])) && tm[k].is_none() {
                k += 1;
            }
            let role_end = k;
            let (portfolio, of_aff, after) = if k > start && k < sentence.token_end {
                of_phrase(doc, drafts, links, &tm, k, sentence.token_end)
            } else {
                (Vec::new(), None, k)
            };
            let closes = after >= sentence.token_end
                || matches!(toks[after].text.as_str(), "," | "." | ";" | ")");
            if k > start && closes {
                if let Some(r) = role_of(toks, start..role_end) {
                    role = Some(with_portfolio(r, &portfolio));
                    affiliation = affiliation.or(aff).or(of_aff);
                }
            }
        }
        let d = &mut drafts[e];
        if d.role.is_none() {
            d.role = role;
        }
        if d.affiliation.is_none() {
            if let Some((name, code)) = affiliation {
                d.affiliation = Some(name);
                d.aff_code = code;
            }
        }
    }
}

/// A role written before a name and set off by a comma, when the name then closes the
/// apposition (a comma, or the end of the clause): "the foreign minister of Norway, X," or
/// "Latvia's deputy foreign minister, X,". Machine translation and wire style put the role
/// first. Returns the role (with its portfolio) and the affiliation.
fn apposition_before(
    doc: &Document,
    drafts: &[Draft],
    links: &[Option<KbLink>],
    tm: &[Option<usize>],
    s0: usize,
    m: &readout_core::Mention,
) -> Option<(String, Option<Affiliation>)> {
    let toks = &doc.tokens;
    let comma = m.token_start.checked_sub(1).filter(|&c| c > s0)?;
    let closes = toks
        .get(m.token_end)
        .is_none_or(|t| matches!(t.text.as_str(), "," | "." | ";" | ")"));
    if toks[comma].text != "," || !closes {
        return None;
    }
    // The role words, ending at the comma or at the "of" of a portfolio or affiliation
    // whose phrase ends at the comma; at most a few tokens back.
    let is_role = |t: usize| is_role_word(&lower(&toks[t])) && tm[t].is_none();
    let of_at = (comma.saturating_sub(8).max(s0 + 1)..comma)
        .rev()
        .find(|&t| lower(&toks[t]) == "of" && is_role(t - 1));
    let role_end = of_at.unwrap_or(comma);
    let mut start = role_end;
    while start > s0 && is_role(start - 1) {
        start -= 1;
    }
    if start == role_end {
        return None;
    }
    let (portfolio, of_aff) = match of_at {
        Some(of) => {
            let (portfolio, aff, after) = of_phrase(doc, drafts, links, tm, of, comma);
            if after != comma {
                return None;
            }
            (portfolio, aff)
        }
        None => (Vec::new(), None),
    };
    let role = with_portfolio(role_of(toks, start..role_end)?, &portfolio);
    let affiliation = affiliation_before(doc, drafts, links, tm, s0, start).or(of_aff);
    Some((role, affiliation))
}

/// The affiliation written just before a title that starts at token `j`.
fn affiliation_before(
    doc: &Document,
    drafts: &[Draft],
    links: &[Option<KbLink>],
    tm: &[Option<usize>],
    s0: usize,
    j: usize,
) -> Option<Affiliation> {
    let toks = &doc.tokens;
    if j == s0 {
        return None;
    }
    let prev = lower(&toks[j - 1]);
    if (prev == "'s" || prev == "\u{2019}s") && j >= 2 + s0 {
        let ami = tm[j - 2]?;
        let am = &doc.mentions[ami];
        if am.kind == EntityType::Person {
            return None;
        }
        return affiliation_name(doc, links, ami);
    }
    if let Some(ami) = tm[j - 1] {
        let am = &doc.mentions[ami];
        if am.kind == EntityType::Person {
            return None;
        }
        let demonym = if am.kind == EntityType::Misc {
            last_demonym(doc, drafts, &am.text)
        } else {
            demonym_country(doc, drafts, &am.text)
        };
        if let Some(c) = demonym {
            return Some((c, None));
        }
        // "Norland Foreign Minister X": a place or organisation used attributively.
        return affiliation_name(doc, links, ami).filter(|_| am.kind != EntityType::Misc);
    }
    let word = &toks[j - 1].text;
    // A country's name the tagger left untagged, used attributively: "US Secretary of
    // State X" (a short capitalized name only: "Georgia" is also a first name).
    if word.len() <= 4 && word.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        if let Some((c, CountryRef::Name)) = kb::lookup(word) {
            return Some((c.name.to_string(), None));
        }
    }
    demonym_country(doc, drafts, word).map(|c| (c, None))
}

/// Countries that the surnames of [`SURNAME_MEANINGS`] point to, by romanisation: pinyin
/// (China, Taiwan), Korean (South and North Korea), Japanese. General knowledge of the
/// romanisation systems, used only to break a tie between countries already in the
/// sentence.
const SURNAME_ORIGINS: &[(&[&str], &[&str])] = &[
    (
        &[
            "wang", "li", "jin", "huang", "bai", "ma", "lin", "shi", "zhou", "yang", "tian",
            "jiang",
        ],
        &["CHN", "TWN"],
    ),
    (
        &[
            "lee", "yi", "rhee", "kim", "gim", "hwang", "baek", "paik", "seok", "park", "pak",
            "bak", "lim", "yun",
        ],
        &["KOR", "PRK"],
    ),
    (&["hayashi", "mori"], &["JPN"]),
];

/// Step 2b: "A called his counterpart B": B takes A's role, and B's affiliation is the
/// demonym written before "counterpart" ("his Chinese counterpart B"), else the one other
/// country named in the sentence. Two or more other countries leave it unset unless B's
/// surname points to exactly one of them ([`SURNAME_ORIGINS`]).
pub(super) fn counterparts(doc: &Document, mention_entity: &[usize], drafts: &mut [Draft]) {
    let tm = token_mentions(doc);
    let toks = &doc.tokens;
    for (mi, m) in doc.mentions.iter().enumerate() {
        let b = mention_entity[mi];
        if drafts[b].kind != EntityType::Person {
            continue;
        }
        let Some(s) = doc.sentences.get(m.sentence) else {
            continue;
        };
        let t = m.token_start;
        if t < s.token_start + 2 || lower(&toks[t - 1]) != "counterpart" {
            continue;
        }
        let mut p = t - 2;
        let demonym = demonym_country(doc, drafts, &toks[p].text);
        if demonym.is_some() && p > s.token_start {
            p = tm[p]
                .map_or(p, |x| doc.mentions[x].token_start)
                .saturating_sub(1);
        }
        if !matches!(lower(&toks[p]).as_str(), "his" | "her" | "their" | "its") {
            continue;
        }
        // A: the nearest person named before, in this sentence.
        let Some(a) = person_mentions(doc, mention_entity, drafts, m.sentence)
            .into_iter()
            .filter(|&(ts, e)| ts < p && e != b)
            .map(|(_, e)| e)
            .next_back()
        else {
            continue;
        };
        if drafts[b].role.is_none() {
            drafts[b].role = drafts[a].role.clone();
        }
        if drafts[b].affiliation.is_some() {
            continue;
        }
        if let Some(c) = demonym {
            drafts[b].affiliation = Some(c);
            continue;
        }
        let own = drafts[a]
            .affiliation
            .as_deref()
            .and_then(kb::lookup)
            .map(|c| c.0.code);
        let mut others: Vec<&'static str> = Vec::new();
        for x in doc.mentions.iter().filter(|x| x.sentence == m.sentence) {
            if x.kind == EntityType::Person {
                continue;
            }
            if let Some((c, _)) = kb::lookup(&x.text) {
                if Some(c.code) != own && !others.contains(&c.code) {
                    others.push(c.code);
                }
            }
        }
        let chosen = match others.as_slice() {
            [one] => Some(*one),
            [] => None,
            _ => {
                let words = super::names::name_words(&m.text, EntityType::Person);
                let fits: Vec<&'static str> = others
                    .iter()
                    .copied()
                    .filter(|c| {
                        SURNAME_ORIGINS.iter().any(|(names, countries)| {
                            countries.contains(c)
                                && words.iter().any(|w| names.contains(&w.as_str()))
                        })
                    })
                    .collect();
                match fits.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            }
        };
        if let Some(name) = chosen.and_then(kb::country_name) {
            drafts[b].affiliation = Some(name.to_string());
        }
    }
}

/// Step 6: country codes for country names and demonyms, capitals used as actors; for
/// people with an affiliation, the affiliation's code and the role's sector (`UKRGOV` for
/// a Ukrainian minister; a state's spokesperson speaks for its government, so `GOV`
/// rather than the dictionary's `MED`; the organisation's own code for its staff).
pub(super) fn apply_codes(doc: &Document, mention_entity: &[usize], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        if d.kind != EntityType::Person || d.kb.is_some() {
            continue;
        }
        if let Some(code) = &d.aff_code {
            d.kb = Some(code.clone());
            continue;
        }
        let (Some(aff), Some(role)) = (&d.affiliation, &d.role) else {
            continue;
        };
        let Some((c, CountryRef::Name | CountryRef::Capital | CountryRef::Demonym)) =
            kb::lookup(aff)
        else {
            continue;
        };
        let sector = match kb::sector(role) {
            Some("MED") if role.contains("spokes") => Some("GOV"),
            other => other,
        };
        if let Some(sector) = sector {
            d.kb = Some(format!("{}{}", c.code, sector));
        }
    }
    for (mi, m) in doc.mentions.iter().enumerate() {
        let d = &mut drafts[mention_entity[mi]];
        if d.kind == EntityType::Person || d.kb.is_some() {
            continue;
        }
        match kb::lookup(&m.text) {
            Some((c, CountryRef::Name)) => d.kb = Some(c.code.to_string()),
            Some((c, CountryRef::Demonym)) => {
                d.kb = Some(c.code.to_string());
                d.affiliation = Some(c.name.to_string());
            }
            Some((c, CountryRef::Capital)) => {
                let next = doc.tokens.get(m.token_end).map(lower);
                let prev = m
                    .token_start
                    .checked_sub(1)
                    .and_then(|p| doc.tokens.get(p))
                    .map(lower);
                let actor = next.is_some_and(|w| ACTOR_VERBS.contains(&w.as_str()));
                // Not the place: "relations between Beijing and Moscow", "calling for
                // Moscow to stop", "urged Kyiv" (a preposition of place before it means the
                // city: "in Moscow", "to Kyiv").
                let place = prev.as_deref().is_none_or(|w| LOCATIVES.contains(&w))
                    || doc
                        .tokens
                        .get(m.token_start.wrapping_sub(1))
                        .is_none_or(|t| t.kind != readout_core::TokenKind::Word);
                if actor || !place {
                    d.kb = Some(c.code.to_string());
                    d.affiliation.get_or_insert_with(|| c.name.to_string());
                }
            }
            None => {}
        }
    }
}

/// Prepositions of place: a capital after them is the city, not its government.
const LOCATIVES: &[&str] = &[
    "in", "at", "to", "from", "near", "outside", "into", "across", "around", "via", "through",
    "toward", "towards", "inside", "within", "of", "over", "left", "visited", "visit", "reached",
    "entered", "arrived", "the",
];

/// Words of a person's display names that may be a surname: the first (East Asian order)
/// and the last (Western order).
fn surname_candidates(doc: &Document, d: &Draft) -> Vec<String> {
    let mut out = Vec::new();
    for m in &d.mentions {
        if m.kind != MentionKind::Name {
            continue;
        }
        let words = super::names::name_words(&m.text, EntityType::Person);
        let _ = doc;
        if let Some(f) = words.first() {
            out.push(f.clone());
        }
        if let Some(l) = words.last() {
            out.push(l.clone());
        }
    }
    out
}

/// Step 3: literal meanings of surnames, from machine translation.
pub(super) fn surname_meanings(doc: &Document, mention_entity: &mut [usize], drafts: &mut [Draft]) {
    let lower_text = doc.text.to_lowercase();
    let monarchy = lower_text
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| MONARCHY_CUES.contains(&w))
        || drafts
            .iter()
            .any(|d| d.role.as_deref().is_some_and(|r| r.contains("king")))
        || doc.tokens.windows(2).any(|w| {
            w[0].text == "King" && w[1].text.chars().next().is_some_and(char::is_uppercase)
        });
    let tm = token_mentions(doc);
    for &(meaning, surnames) in SURNAME_MEANINGS {
        let bearers: Vec<usize> = (0..drafts.len())
            .filter(|&i| drafts[i].kind == EntityType::Person)
            .filter(|&i| {
                surname_candidates(doc, &drafts[i])
                    .iter()
                    .any(|w| surnames.contains(&w.as_str()))
            })
            .collect();
        let [person] = bearers.as_slice() else {
            continue;
        };
        let person = *person;
        // (a) The literal word tagged as a name, on its own ("Plum said").
        let lonely: Vec<usize> = (0..drafts.len())
            .filter(|&i| i != person && !drafts[i].mentions.is_empty())
            .filter(|&i| {
                drafts[i].mentions.iter().all(|m| {
                    let w = super::names::name_words(&m.text, EntityType::Misc);
                    w.len() == 1 && w[0] == meaning
                })
            })
            .collect();
        for i in lonely {
            if meaning == "king" && monarchy {
                continue;
            }
            let moved = std::mem::take(&mut drafts[i].mentions);
            for mut m in moved {
                if let Some(mi) = m.mention {
                    mention_entity[mi] = person;
                }
                m.kind = MentionKind::Role;
                drafts[person].mentions.push(m);
            }
        }
        // (b) "the king" in a story without a monarchy.
        if meaning == "king" && !monarchy {
            for (i, w) in doc.tokens.windows(2).enumerate() {
                let next_is_name = doc
                    .tokens
                    .get(i + 2)
                    .is_some_and(|t| t.text.chars().next().is_some_and(char::is_uppercase));
                if w[0].text.eq_ignore_ascii_case("the")
                    && w[1].text.eq_ignore_ascii_case("king")
                    && tm[i + 1].is_none()
                    && !next_is_name
                {
                    let span = Span::new(w[0].span.start, w[1].span.end);
                    if let Some(m) = span_mention(doc, span, MentionKind::Role) {
                        drafts[person].mentions.push(m);
                    }
                }
            }
        }
    }
}

/// Named person mentions of one sentence: (token start, entity).
fn person_mentions(
    doc: &Document,
    mention_entity: &[usize],
    drafts: &[Draft],
    sentence: usize,
) -> Vec<(usize, usize)> {
    doc.mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.sentence == sentence)
        .map(|(mi, m)| (m.token_start, mention_entity[mi]))
        .filter(|&(_, e)| drafts[e].kind == EntityType::Person)
        .collect()
}

/// First named mention index of each draft, by text offset.
fn first_offsets(drafts: &[Draft]) -> Vec<usize> {
    drafts
        .iter()
        .map(|d| {
            d.mentions
                .iter()
                .filter(|m| m.kind == MentionKind::Name)
                .map(|m| m.span.start)
                .min()
                .unwrap_or(usize::MAX)
        })
        .collect()
}

/// Step 4: "the Chinese foreign minister", "the spokesman", "his counterpart".
pub(super) fn role_references(doc: &Document, mention_entity: &[usize], drafts: &mut [Draft]) {
    let tm = token_mentions(doc);
    let first = first_offsets(drafts);
    let toks = &doc.tokens;
    let mut found: Vec<(usize, Span)> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let mut i = s.token_start;
        while i < s.token_end {
            let w = lower(&toks[i]);
            let is_det = w == "the";
            let is_poss = matches!(w.as_str(), "his" | "her" | "their");
            if !(is_det || is_poss) || tm[i].is_some() {
                i += 1;
                continue;
            }
            let mut k = i + 1;
            let mut country = None;
            if let Some(t) = toks.get(k).filter(|_| k < s.token_end) {
                if let Some(c) = demonym_country(doc, drafts, &t.text) {
                    country = Some(c);
                    k = tm[k].map_or(k + 1, |mi| doc.mentions[mi].token_end);
                }
            }
            let start = k;
            while k < s.token_end && is_role_word(&lower(&toks[k])) && tm[k].is_none() {
                k += 1;
            }
            let counterpart = k < s.token_end && lower(&toks[k]) == "counterpart";
            if counterpart {
                k += 1;
            }
            // A title directly before a name is part of that name's mention, not a
            // reference of its own.
            let before_name = k < s.token_end
                && (tm[k].is_some() || toks[k].text.chars().next().is_some_and(char::is_uppercase));
            let before_of = toks.get(k).is_some_and(|t| t.text == "of");
            if k == start || before_name || before_of {
                i += 1;
                continue;
            }
            let span = Span::new(toks[i].span.start, toks[k - 1].span.end);
            let candidates: Vec<usize> = if counterpart && is_poss {
                let owner = person_mentions(doc, mention_entity, drafts, si)
                    .into_iter()
                    .filter(|&(t, _)| t < i)
                    .map(|(_, e)| e)
                    .next_back()
                    .or_else(|| {
                        si.checked_sub(1).and_then(|p| {
                            person_mentions(doc, mention_entity, drafts, p)
                                .last()
                                .map(|x| x.1)
                        })
                    });
                let Some(owner) = owner else {
                    i = k;
                    continue;
                };
                let head = |d: &Draft| {
                    d.role
                        .as_deref()
                        .and_then(|r| r.split(' ').next_back().map(str::to_string))
                };
                let owner_head = head(&drafts[owner]);
                let owner_aff = drafts[owner].affiliation.clone();
                (0..drafts.len())
                    .filter(|&e| e != owner && drafts[e].kind == EntityType::Person)
                    .filter(|&e| drafts[e].role.is_some())
                    .filter(|&e| owner_head.is_none() || head(&drafts[e]) == owner_head)
                    .filter(|&e| {
                        country.as_ref().is_none_or(|c| {
                            drafts[e]
                                .affiliation
                                .as_ref()
                                .is_some_and(|a| a.eq_ignore_ascii_case(c))
                        })
                    })
                    .filter(|&e| match (&owner_aff, &drafts[e].affiliation) {
                        (Some(a), Some(b)) => !a.eq_ignore_ascii_case(b),
                        _ => true,
                    })
                    .collect()
            } else if is_det && !counterpart {
                let Some(role) = role_of(toks, start..k) else {
                    i = k;
                    continue;
                };
                (0..drafts.len())
                    .filter(|&e| drafts[e].kind == EntityType::Person)
                    .filter(|&e| first[e] < toks[i].span.start)
                    .filter(|&e| drafts[e].role.as_deref() == Some(role.as_str()))
                    .filter(|&e| {
                        country.as_ref().is_none_or(|c| {
                            drafts[e]
                                .affiliation
                                .as_ref()
                                .is_some_and(|a| a.eq_ignore_ascii_case(c))
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            };
            if let [e] = candidates.as_slice() {
                found.push((*e, span));
            }
            i = k;
        }
    }
    for (e, span) in found {
        if let Some(m) = span_mention(doc, span, MentionKind::Role) {
            drafts[e].mentions.push(m);
        }
    }
}

/// Step 5: pronouns with one person in view.
pub(super) fn pronouns(doc: &Document, mention_entity: &[usize], drafts: &mut [Draft]) {
    let tm = token_mentions(doc);
    // Pass 1: one person in view. Pass 2: among several, the only one whose gender — from
    // the pronouns pass 1 linked to them and from "Mr."/"Ms." before their name — does not
    // rule the pronoun out ("Santoso spoke with Halvorsen at her request" once "he" is
    // known to be Santoso). Gender only breaks ties: it never overrides pass 1.
    let mut found: Vec<(usize, usize, Span)> = Vec::new();
    // Pronouns with several candidates: (token, candidates).
    let mut unresolved: Vec<(usize, Vec<usize>)> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let here = person_mentions(doc, mention_entity, drafts, si);
        let first_word = (s.token_start..s.token_end)
            .find(|&t| doc.tokens[t].kind == readout_core::TokenKind::Word);
        for (t, covered) in tm.iter().enumerate().take(s.token_end).skip(s.token_start) {
            let w = lower(&doc.tokens[t]);
            if !PRONOUNS.contains(&w.as_str()) || covered.is_some() {
                continue;
            }
            match pronoun_candidates(doc, mention_entity, drafts, &here, si, t, first_word) {
                Some(c) if c.len() == 1 => found.push((c[0], t, doc.tokens[t].span)),
                Some(c) => unresolved.push((t, c)),
                None => {}
            }
        }
    }
    let mut gender: Vec<GenderEvidence> = vec![GenderEvidence::default(); drafts.len()];
    for &(e, t, _) in &found {
        gender[e].add(pronoun_gender(&lower(&doc.tokens[t])));
    }
    for (mi, m) in doc.mentions.iter().enumerate() {
        let e = mention_entity[mi];
        if drafts[e].kind == EntityType::Person {
            gender[e].add(honorific_gender(doc, m.token_start));
        }
    }
    for (t, candidates) in unresolved {
        let Some(g) = pronoun_gender(&lower(&doc.tokens[t])) else {
            continue;
        };
        let fits: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&e| gender[e].known() != Some(!g))
            .collect();
        if let [e] = fits[..] {
            found.push((e, t, doc.tokens[t].span));
        }
    }
    for (e, _, span) in found {
        if let Some(m) = span_mention(doc, span, MentionKind::Pronoun) {
            drafts[e].mentions.push(m);
        }
    }
}

/// The distinct persons a pronoun at token `t` of sentence `si` may refer to: those named in
/// the sentence when one is named before it, else (for a pronoun opening the sentence, with
/// no person in it) those of the previous sentence; `None` when there are none.
fn pronoun_candidates(
    doc: &Document,
    mention_entity: &[usize],
    drafts: &[Draft],
    here: &[(usize, usize)],
    si: usize,
    t: usize,
    first_word: Option<usize>,
) -> Option<Vec<usize>> {
    let distinct = |v: Vec<usize>| -> Option<Vec<usize>> {
        let mut out: Vec<usize> = Vec::new();
        for e in v {
            if !out.contains(&e) {
                out.push(e);
            }
        }
        (!out.is_empty()).then_some(out)
    };
    if here.iter().any(|x| x.0 < t) {
        distinct(here.iter().map(|x| x.1).collect())
    } else if here.is_empty() && first_word == Some(t) && si > 0 {
        distinct(
            person_mentions(doc, mention_entity, drafts, si - 1)
                .into_iter()
                .map(|x| x.1)
                .collect(),
        )
    } else {
        None
    }
}

/// `Some(true)` for a masculine pronoun, `Some(false)` for a feminine one.
fn pronoun_gender(w: &str) -> Option<bool> {
    match w {
        "he" | "him" | "his" => Some(true),
        "she" | "her" | "hers" => Some(false),
        _ => None,
    }
}

/// The gender an honorific right before a name gives ("Mr." / "Mrs.", "Ms.", "Miss").
fn honorific_gender(doc: &Document, name_start: usize) -> Option<bool> {
    let mut k = name_start.checked_sub(1)?;
    if doc.tokens[k].text == "." {
        k = k.checked_sub(1)?;
    }
    match doc.tokens[k]
        .text
        .trim_end_matches('.')
        .to_lowercase()
        .as_str()
    {
        "mr" | "sir" => Some(true),
        "mrs" | "ms" | "miss" | "madam" | "madame" => Some(false),
        _ => None,
    }
}

/// What the text says about one person's gender.
#[derive(Debug, Clone, Copy, Default)]
struct GenderEvidence {
    masculine: bool,
    feminine: bool,
}

impl GenderEvidence {
    fn add(&mut self, g: Option<bool>) {
        match g {
            Some(true) => self.masculine = true,
            Some(false) => self.feminine = true,
            None => {}
        }
    }

    /// The gender, when the evidence is there and agrees.
    fn known(&self) -> Option<bool> {
        match (self.masculine, self.feminine) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    }
}
