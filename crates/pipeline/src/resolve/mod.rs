//! Entity resolution: named mentions → one [`Entity`] per referent within a document, with
//! role and pronoun references where the evidence is clear, affiliations, roles and
//! country codes.
//!
//! # Steps ([`resolve`])
//!
//! 1. **Names** ([`cluster_names`]): named mentions are taken in text order; each joins the
//!    existing entity whose names it best matches by [`same_name`] (titles and possessives
//!    dropped, reordering, initials, diacritics, transliteration and machine-translation
//!    variants through the phonetic [`names::skeleton`] key), provided that the match is
//!    above [`MATCH_THRESHOLD`], that no other entity matches nearly as well (two people
//!    called Wang leave a bare "Wang" on its own), that it agrees with every full name the
//!    entity already has (no chaining "Ana Rios" → "Rios" → "Luis Rios"), and that the
//!    types agree. A mention that fits nowhere stays its own entity: a wrong merge is worse
//!    than a missed one. Country names (and their codes: "U.S." = "United States") group
//!    only with each other, and never with a person.
//! 2. **Titles and appositions** ([`roles`]): "Latvia's deputy foreign minister X",
//!    "Norland's Foreign Minister X", "the Vesterian ambassador X", "X, the Estarian
//!    spokesman," give the person a role and an affiliation (a possessive place or
//!    organisation, or a demonym read through the country table or matched to a place
//!    named in the story).
//! 3. **Surname meanings** (machine-translation artefacts): Chinese and Korean surnames
//!    are ordinary words, and machine translation sometimes renders them by their meaning
//!    (王 Wang → "the king", 李 Li → "Plum", 金 Kim → "Gold"). When a story has exactly
//!    one person with such a surname and the literal word appears as a name-like mention
//!    (or, for "the king", as a role noun in a story with no monarchy in it), the word is
//!    resolved to that person. The table ([`roles::SURNAME_MEANINGS`]) is general, not
//!    tied to any article.
//! 4. **Role references**: "the Chinese foreign minister", "the spokesman", "his
//!    counterpart" resolve to the one person whose stated role (and affiliation, when the
//!    reference gives a demonym) fits; with two candidates, or none, nothing is linked.
//! 5. **Pronouns** (he, she, his, her, him) resolve only when one person is in view: the
//!    only person named earlier in the same sentence, with no other person named in it,
//!    or, for a pronoun opening a sentence, the only person named in the previous one.
//! 6. **Codes**: a country name gets its ISO3/CAMEO code ([`kb`]), a capital only when it
//!    is used as an actor ("Kyiv said", "Moscow's decision").
//!
//! # Demonyms
//!
//! A demonym ("Ukrainian", tagged MISC) is an adjective of nationality far more often than
//! an actor, so it is **not** merged into the country's entity: each demonym is its own
//! MISC entity (all "Ukrainian"/"Ukrainians" mentions together), with the country's code
//! in `kb` and the country as `affiliation`. Consumers that want actors by country group
//! on `kb`.

mod cluster;
pub mod kb;
pub mod names;
pub mod roles;

use readout_core::{Document, Entity, EntityMention, EntityType, MentionKind, Span};

pub use names::{same_name, MATCH_THRESHOLD};

fn type_index(t: EntityType) -> usize {
    EntityType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// Cluster names of one document, given in text order with their types: returns, for each
/// name, the index of its cluster (clusters are numbered by first appearance). This is the
/// name step of [`resolve`], exposed so that evaluations can feed gold mentions.
pub fn cluster_names(mentions: &[(&str, EntityType)]) -> Vec<usize> {
    let links: Vec<Option<String>> = mentions
        .iter()
        .map(|&(text, kind)| {
            (kind != EntityType::Person)
                .then(|| kb::lookup_org(text).map(|e| e.id.clone()))
                .flatten()
        })
        .collect();
    cluster::cluster_linked(mentions, &links)
}

/// Display form of a name: titles and a possessive `'s` removed ("Mr. Quill's" → "Quill").
fn display_name(text: &str, kind: EntityType) -> String {
    let t = text
        .trim_end_matches("'s")
        .trim_end_matches("\u{2019}s")
        .trim();
    if kind != EntityType::Person {
        return t.to_string();
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut start = 0;
    while start + 1 < words.len() && roles::is_title_word(words[start]) {
        start += 1;
    }
    words[start..].join(" ")
}

/// Working state of one entity while [`resolve`] builds it.
#[derive(Debug, Clone)]
struct Draft {
    kind: EntityType,
    mentions: Vec<EntityMention>,
    affiliation: Option<String>,
    role: Option<String>,
    kb: Option<String>,
    /// Code of the organisation the person belongs to, when the affiliation is a KB
    /// organisation ("UN High Commissioner for Human Rights spokesman X" → `IGOUNOHRIHCH`).
    aff_code: Option<String>,
    /// Name to show, when a KB phrase spans several mentions ("UN High Commissioner for
    /// Human Rights", tagged as "UN" and "Human Rights").
    shown: Option<String>,
}

/// Fill `doc.entities` from `doc.mentions` and the tokens: one entity per referent, ids
/// `e1`, `e2`… in order of first mention. Runs after entity tagging; replaces any
/// entities already there.
pub fn resolve(doc: &mut Document) {
    // The token-based steps need the tokens the mentions and sentences index; a record
    // read back without them (`--tokens` off) gets names and codes only.
    let tokens_ok = doc.mentions.iter().all(|m| {
        m.token_start < m.token_end
            && m.token_end <= doc.tokens.len()
            && m.sentence < doc.sentences.len()
    }) && doc
        .sentences
        .iter()
        .all(|s| s.token_start <= s.token_end && s.token_end <= doc.tokens.len());
    let links = roles::kb_links(doc, tokens_ok);
    let inputs: Vec<(&str, EntityType)> = doc
        .mentions
        .iter()
        .map(|m| (m.text.as_str(), m.kind))
        .collect();
    let link_ids: Vec<Option<String>> = links
        .iter()
        .map(|l| l.as_ref().map(|l| l.id.clone()))
        .collect();
    let assignment = cluster::cluster_linked(&inputs, &link_ids);
    let n_clusters = assignment.iter().copied().max().map_or(0, |m| m + 1);
    let mut drafts: Vec<Draft> = (0..n_clusters)
        .map(|_| Draft {
            kind: EntityType::Misc,
            mentions: Vec::new(),
            affiliation: None,
            role: None,
            kb: None,
            aff_code: None,
            shown: None,
        })
        .collect();
    let mut votes = vec![[0usize; 4]; n_clusters];
    for (mi, &ci) in assignment.iter().enumerate() {
        let m = &doc.mentions[mi];
        votes[ci][type_index(m.kind)] += 1;
        drafts[ci].mentions.push(EntityMention {
            span: m.span,
            text: m.text.clone(),
            kind: MentionKind::Name,
            mention: Some(mi),
        });
    }
    for (d, v) in drafts.iter_mut().zip(&votes) {
        // Majority type; ties go to the earlier type in PER, ORG, LOC, MISC order.
        let best = (0..4).max_by_key(|&i| (v[i], 4 - i)).unwrap_or(0);
        d.kind = EntityType::ALL[best];
    }
    let mut mention_entity: Vec<usize> = assignment.clone();
    for (mi, l) in links.iter().enumerate() {
        if let Some(l) = l {
            let d = &mut drafts[mention_entity[mi]];
            d.kb.get_or_insert_with(|| l.code.clone());
            if l.text.split_whitespace().count()
                > d.shown
                    .as_deref()
                    .map_or(0, |t| t.split_whitespace().count())
            {
                d.shown = Some(l.text.clone());
            }
            if let Some(c) = l.country.as_deref().and_then(kb::country_name) {
                d.affiliation.get_or_insert_with(|| c.to_string());
            }
        }
    }

    if tokens_ok {
        roles::attach_titles(doc, &mention_entity, &links, &mut drafts);
        roles::counterparts(doc, &mention_entity, &mut drafts);
    }
    roles::apply_codes(doc, &mention_entity, &mut drafts);
    if tokens_ok {
        roles::surname_meanings(doc, &mut mention_entity, &mut drafts);
        roles::role_references(doc, &mention_entity, &mut drafts);
        roles::pronouns(doc, &mention_entity, &mut drafts);
    }

    let mut entities: Vec<Entity> = Vec::new();
    let mut order: Vec<(usize, usize)> = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.mentions.is_empty())
        .map(|(i, d)| {
            (
                d.mentions.iter().map(|m| m.span.start).min().unwrap_or(0),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    for (n, &(_, i)) in order.iter().enumerate() {
        let d = &mut drafts[i];
        d.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        d.mentions.dedup_by_key(|m| m.span);
        let kind = d.kind;
        let mut aliases: Vec<String> = Vec::new();
        let mut name = String::new();
        let mut best_key = (0usize, 0usize);
        for m in d.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let shown = display_name(&m.text, kind);
            if !aliases.contains(&m.text) {
                aliases.push(m.text.clone());
            }
            let key = (shown.split_whitespace().count(), shown.len());
            if key > best_key {
                best_key = key;
                name = shown;
            }
        }
        if let Some(shown) = d.shown.take() {
            if shown.split_whitespace().count() > name.split_whitespace().count() {
                name = shown;
            }
        }
        if name.is_empty() {
            name = d
                .mentions
                .first()
                .map(|m| display_name(&m.text, kind))
                .unwrap_or_default();
        }
        entities.push(Entity {
            id: format!("e{}", n + 1),
            name,
            kind,
            aliases,
            mentions: std::mem::take(&mut d.mentions),
            affiliation: d.affiliation.take(),
            role: d.role.take(),
            kb: d.kb.take(),
        });
    }
    doc.entities = entities;
}

/// A span and its text, as an entity mention of `kind`.
fn span_mention(doc: &Document, span: Span, kind: MentionKind) -> Option<EntityMention> {
    Some(EntityMention {
        span,
        text: doc.slice(span)?.to_string(),
        kind,
        mention: None,
    })
}

#[cfg(test)]
mod tests;
