//! Claim alignment across accounts and the labels of what differs.
//!
//! For each pair of documents:
//! 1. both are split into claims ([`crate::claims`]);
//! 2. every claim pair is scored: IDF-weighted cosine of content words (words of one framing
//!    family count as one word, so "invasion" meets "conflict"), overlap of entities, and
//!    shared count categories or dates;
//! 3. pairs are matched one to one, best first, above [`CompareOptions::align_threshold`];
//!    with a sentence-embedding model ([`CompareOptions::encoder`], feature `embeddings`),
//!    every claim pair is also scored by the cosine of the claims' sentence vectors, and a
//!    pair aligns when either score clears its threshold (pairs are then ranked by the mean
//!    of the two scores);
//! 4. each matched pair is labelled `conflict` (counts, dates, polarity, commitment or who
//!    started the exchange disagree — both values given), else `wording` (the same referent
//!    with differing content words: named on each side, with the framing family when the
//!    curated table knows one), else `agree`; each unmatched claim is `only_in` its side.
//!    A pair aligned by the model alone (too few shared words for the lexical score) whose
//!    sides both have words of their own is `wording`: the same content, put differently.
//!
//! Every item carries both sides' document id, byte span, text and speaker.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use readout_core::{Document, Span};
use serde::Serialize;

use crate::claims::{self, same_entity, Claim, Speaker};
use crate::fact_align::{self, FactItem};
use crate::facts::{self, Fact};
use crate::lexicon::{self, Modality};

/// Sentence vectors for claims, from an optional model (`crate::embed::Embedder`, feature
/// `embeddings`).
pub trait ClaimEncoder: Send + Sync {
    /// Unit-length vectors, one per text, in order (all claims of one article at once).
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String>;
}

/// A shared [`ClaimEncoder`] in [`CompareOptions`].
#[derive(Clone)]
pub struct Encoder(pub Arc<dyn ClaimEncoder>);

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Encoder")
    }
}

impl PartialEq for Encoder {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Options of [`compare`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareOptions {
    /// Smallest lexical similarity (0–1) at which two claims are aligned.
    pub align_threshold: f64,
    /// Smallest cosine of two claims' sentence vectors at which they are aligned (used only
    /// with an [`encoder`](Self::encoder)).
    pub embedding_threshold: f64,
    /// Optional sentence-embedding model; `None`: lexical and entity features only.
    #[serde(skip)]
    pub encoder: Option<Encoder>,
    /// Relative difference under which two counts agree (0.0: must be equal).
    pub count_tolerance: f64,
    /// Most differing content words per side for a generic (non-lexicon) wording contrast.
    pub max_contrast_words: usize,
    /// Include `agree` items in the output.
    pub include_agree: bool,
}

/// Default [`CompareOptions::embedding_threshold`] (all-MiniLM-L6-v2 cosine), chosen on ECB+
/// dev sentence pairs (see BENCHMARKS.md), never on the reporting sets.
pub const EMBEDDING_THRESHOLD: f64 = 0.7;

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            align_threshold: 0.32,
            embedding_threshold: EMBEDDING_THRESHOLD,
            encoder: None,
            count_tolerance: 0.0,
            max_contrast_words: 3,
            include_agree: true,
        }
    }
}

/// What an item says about the accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Numbers, dates, actors, polarity or commitment disagree.
    Conflict,
    /// Same referent, different framing.
    Wording,
    /// Only one account has it.
    OnlyIn,
    /// Same content.
    Agree,
}

impl Label {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Agree => "agree",
            Label::Wording => "wording",
            Label::Conflict => "conflict",
            Label::OnlyIn => "only_in",
        }
    }
}

/// What disagrees in a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// A count of the same category differs.
    Count,
    /// The dates differ.
    Date,
    /// One side negates what the other affirms.
    Polarity,
    /// One side reports a commitment (promised, agreed) or a denial the other does not.
    Modality,
    /// The sides name different parties as having started the exchange.
    Actor,
}

/// One disagreement, with both values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// What disagrees.
    pub kind: ConflictKind,
    /// The left account's value, as written where possible.
    pub left: String,
    /// The right account's value.
    pub right: String,
}

/// The contrasting terms of a wording difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contrast {
    /// Terms only the left account uses, as written.
    pub left: Vec<String>,
    /// Terms only the right account uses.
    pub right: Vec<String>,
    /// The framing family both belong to, when the curated table has one.
    pub family: Option<String>,
}

/// One side of an item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Document id.
    pub doc: String,
    /// Span of the claim in the document text.
    #[serde(flatten)]
    pub span: Span,
    /// The claim's text.
    pub text: String,
    /// Who asserts it.
    pub speaker: Speaker,
    /// Negated?
    pub negated: bool,
    /// Modality.
    pub modality: Modality,
    /// Index of the claim in its document.
    pub claim: usize,
}

impl Side {
    fn of(claim: &Claim) -> Side {
        Side {
            doc: claim.doc.clone(),
            span: claim.span,
            text: claim.text.clone(),
            speaker: claim.speaker.clone(),
            negated: claim.negated,
            modality: claim.modality,
            claim: claim.index,
        }
    }
}

/// One aligned pair, or one claim found on one side only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The label.
    pub label: Label,
    /// For `only_in`: the document that has the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_in: Option<String>,
    /// Alignment score (0 for `only_in`): the lexical score, or with a model the mean of the
    /// lexical score and the embedding cosine.
    pub similarity: f64,
    /// Cosine of the two claims' sentence vectors, when a model was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedding: Option<f64>,
    /// The left account's claim (absent for `only_in` the right).
    pub left: Option<Side>,
    /// The right account's claim (absent for `only_in` the left).
    pub right: Option<Side>,
    /// For `conflict`: every disagreement found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// For `wording`: the contrasting terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contrast: Option<Contrast>,
}

/// Counts of items by label.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Aligned claims with the same content.
    pub agree: usize,
    /// Aligned claims worded differently.
    pub wording: usize,
    /// Aligned claims that disagree.
    pub conflict: usize,
    /// Claims only the left account has.
    pub only_in_left: usize,
    /// Claims only the right account has.
    pub only_in_right: usize,
}

/// The comparison of two accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairComparison {
    /// Left document id.
    pub left: String,
    /// Right document id.
    pub right: String,
    /// Counts by label.
    pub summary: Summary,
    /// Items: aligned pairs in the left account's order, then right-only claims.
    pub items: Vec<Item>,
    /// The words each account uses for the same kind of thing, over the whole text and
    /// whether or not the claims holding them align: per framing family, the members only
    /// one side uses ("aggression" / "conflict").
    pub terms: Vec<TermContrast>,
    /// The accounts compared fact by fact ([`crate::fact_align`]): aligned facts in the left
    /// account's order (counts, events, statements), then the right account's own facts.
    pub facts: Vec<FactItem>,
    /// Counts of fact items by label.
    pub fact_summary: Summary,
    /// How each account refers to the same entity: for an entity both name (same code, name
    /// or person surname), the names and descriptions only one side uses ("the North Korean
    /// leader" / "the dictator"); `family` is then the entity's name. Variants of one name
    /// ("Trump" / "Donald Trump", "F.B.I." / "FBI": a word in common) are not listed.
    pub references: Vec<TermContrast>,
}

/// Words of one framing family that only one account uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermContrast {
    /// The family ("armed conflict", "harm to people", …).
    pub family: String,
    /// The left account's own words, first use of each, in text order.
    pub left: Vec<TermUse>,
    /// The right account's own words.
    pub right: Vec<TermUse>,
}

/// One word as written, with its span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermUse {
    /// The word as written.
    pub text: String,
    /// Span in the document text.
    #[serde(flatten)]
    pub span: Span,
}

/// One account compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Number of claims found.
    pub claims: usize,
    /// Number of facts found.
    pub facts: usize,
}

/// The result of [`compare`]: every pair of accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The accounts, in the order given.
    pub accounts: Vec<Account>,
    /// One comparison per pair (i < j), in order.
    pub pairs: Vec<PairComparison>,
    /// Figures that different sources inside one account give differently, per account in
    /// order ([`crate::fact_align::within`]).
    pub within: Vec<FactItem>,
    /// Problems met (an embedding model that failed: the comparison fell back to lexical
    /// features).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Compare accounts: every pair of documents, claim by claim.
pub fn compare(docs: &[&Document], options: &CompareOptions) -> Comparison {
    let claims: Vec<Vec<Claim>> = docs.iter().map(|d| claims::extract(d)).collect();
    let facts: Vec<Vec<Fact>> = docs.iter().map(|d| facts::extract(d)).collect();
    let accounts = docs
        .iter()
        .zip(&claims)
        .zip(&facts)
        .map(|((d, c), f)| Account {
            id: d.id.clone(),
            title: d.title.clone(),
            source: d.source.clone(),
            published: d.published.clone(),
            claims: c.len(),
            facts: f.len(),
        })
        .collect();
    let mut warnings = Vec::new();
    // Sentence vectors: all claims of an article in one call (the encoder batches and caches).
    let vectors: Option<Vec<Vec<Vec<f32>>>> = options.encoder.as_ref().and_then(|enc| {
        let mut all = Vec::with_capacity(claims.len());
        for (doc, cs) in docs.iter().zip(&claims) {
            let texts: Vec<&str> = cs.iter().map(|c| c.text.as_str()).collect();
            match enc.0.encode(&texts) {
                Ok(v) if v.len() == texts.len() => all.push(v),
                Ok(v) => {
                    warnings.push(format!(
                        "embedding model gave {} vectors for {} claims of {}; compared \
                         without it",
                        v.len(),
                        texts.len(),
                        doc.id
                    ));
                    return None;
                }
                Err(e) => {
                    warnings.push(format!("{e}; compared without the embedding model"));
                    return None;
                }
            }
        }
        Some(all)
    });
    let mut pairs = Vec::new();
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let items = match &vectors {
                Some(v) => {
                    compare_claims_with(&claims[i], &claims[j], Some((&v[i], &v[j])), options)
                }
                None => compare_claims_with(&claims[i], &claims[j], None, options),
            };
            let fact_items = fact_align::align(&facts[i], &facts[j], options);
            pairs.push(PairComparison {
                left: docs[i].id.clone(),
                right: docs[j].id.clone(),
                summary: summarize(&items),
                items,
                fact_summary: fact_align::summarize(&fact_items),
                facts: fact_items,
                terms: term_contrasts(&claims[i], &claims[j]),
                references: reference_contrasts(docs[i], docs[j]),
            });
        }
    }
    let within = facts
        .iter()
        .flat_map(|f| fact_align::within(f, options))
        .collect();
    Comparison {
        accounts,
        pairs,
        within,
        warnings,
    }
}

/// Per framing family, the members only one account uses (compared by stem), when both
/// accounts have words of their own in it.
pub fn term_contrasts(left: &[Claim], right: &[Claim]) -> Vec<TermContrast> {
    // family → (stem → first use), in text order of first use.
    type Uses = BTreeMap<&'static str, Vec<(String, TermUse)>>;
    fn uses(claims: &[Claim]) -> Uses {
        let mut out: Uses = BTreeMap::new();
        for c in claims {
            for t in c.terms.iter().filter(|t| !t.structural) {
                let Some(family) = lexicon::family(&t.key) else {
                    continue;
                };
                let list = out.entry(family).or_default();
                if list.iter().all(|(k, _)| *k != t.key) {
                    list.push((
                        t.key.clone(),
                        TermUse {
                            text: c.text_at(t.span).to_string(),
                            span: t.span,
                        },
                    ));
                }
            }
        }
        out
    }
    let (l, r) = (uses(left), uses(right));
    l.iter()
        .filter_map(|(family, lu)| {
            let ru = r.get(family)?;
            own_contrast(family, lu, ru, |a, b| a != b)
        })
        .collect()
}

/// The uses of each side whose key sets them apart from every use of the other side
/// (`apart(mine, theirs)`), as a contrast when both sides have some.
fn own_contrast<K>(
    family: &str,
    left: &[(K, TermUse)],
    right: &[(K, TermUse)],
    apart: impl Fn(&K, &K) -> bool,
) -> Option<TermContrast> {
    let own = |mine: &[(K, TermUse)], theirs: &[(K, TermUse)]| -> Vec<TermUse> {
        mine.iter()
            .filter(|(k, _)| theirs.iter().all(|(o, _)| apart(k, o)))
            .map(|(_, u)| u.clone())
            .collect()
    };
    let (l, r) = (own(left, right), own(right, left));
    (!l.is_empty() && !r.is_empty()).then(|| TermContrast {
        family: family.to_string(),
        left: l,
        right: r,
    })
}

/// How each account refers to the entities both name; see [`PairComparison::references`].
pub fn reference_contrasts(left: &Document, right: &Document) -> Vec<TermContrast> {
    use readout_core::MentionKind;
    // Distinct forms (names and descriptions, not pronouns) by folded text: first use.
    fn forms(e: &readout_core::Entity) -> Vec<(BTreeSet<String>, TermUse)> {
        let mut out: Vec<(BTreeSet<String>, TermUse)> = Vec::new();
        let mut mentions: Vec<&readout_core::EntityMention> = e
            .mentions
            .iter()
            .filter(|m| m.kind != MentionKind::Pronoun)
            .collect();
        mentions.sort_by_key(|m| m.span);
        for m in mentions {
            // "F.B.I." and "FBI" are one word.
            let undotted = m.text.replace('.', "");
            let words: BTreeSet<String> = crate::text::words(&undotted)
                .iter()
                .map(|w| crate::text::fold(w.text))
                .filter(|w| !w.is_empty() && !crate::text::is_stop(w))
                .filter(|w| !matches!(w.as_str(), "mr" | "mrs" | "ms" | "dr" | "jr" | "sr"))
                .collect();
            if words.is_empty() || out.iter().any(|(w, _)| *w == words) {
                continue;
            }
            out.push((
                words,
                TermUse {
                    text: m.text.clone(),
                    span: m.span,
                },
            ));
        }
        out
    }
    let mut out = Vec::new();
    let mut used_right: BTreeSet<usize> = BTreeSet::new();
    // People and organisations: a country's names ("U.S.", "America", a capital in a
    // dateline) differ by convention, not by framing.
    let actor = |e: &readout_core::Entity| {
        matches!(
            e.kind,
            readout_core::EntityType::Person | readout_core::EntityType::Organization
        )
    };
    let right_keys: Vec<_> = right.entities.iter().map(claims::entity_key).collect();
    for a in left.entities.iter().filter(|e| actor(e)) {
        let (ka, sa) = claims::entity_key(a);
        let Some((j, b)) = right.entities.iter().enumerate().find(|(j, b)| {
            let (kb, sb) = &right_keys[*j];
            // One kind: a country and its demonym share a code but are not two names of
            // one thing.
            !used_right.contains(j)
                && a.kind == b.kind
                && (*kb == ka || (sa.is_some() && sa == *sb))
        }) else {
            continue;
        };
        used_right.insert(j);
        // A form sharing a word with one of the other side's is a variant of it ("Robert W.
        // Goodlatte" / "Bob Goodlatte"), not another way to name it.
        out.extend(own_contrast(&a.name, &forms(a), &forms(b), |w, o| {
            w.is_disjoint(o)
        }));
    }
    out
}

fn summarize(items: &[Item]) -> Summary {
    Summary::count(items.iter().map(|i| (i.label, i.left.is_some())))
}

impl Summary {
    /// Counts of (label, has a left side) pairs.
    pub fn count(labels: impl Iterator<Item = (Label, bool)>) -> Summary {
        let mut s = Summary::default();
        for (label, left) in labels {
            match label {
                Label::Agree => s.agree += 1,
                Label::Wording => s.wording += 1,
                Label::Conflict => s.conflict += 1,
                Label::OnlyIn if left => s.only_in_left += 1,
                Label::OnlyIn => s.only_in_right += 1,
            }
        }
        s
    }
}

/// A claim as a weighted bag of words plus its entities, for scoring.
struct Profile {
    /// Similarity keys (framing-family members share one key) → weight.
    weights: HashMap<String, f64>,
    norm: f64,
}

fn similarity_key(key: &str) -> String {
    match lexicon::family(key) {
        Some(f) => format!("family:{f}"),
        None => key.to_string(),
    }
}

fn sim_keys(claim: &Claim) -> BTreeSet<String> {
    claim
        .terms
        .iter()
        .filter(|t| !crate::text::is_number(&t.key))
        .map(|t| similarity_key(&t.key))
        .collect()
}

/// Align two claim lists and label every item (lexical and entity features only).
pub fn compare_claims(left: &[Claim], right: &[Claim], options: &CompareOptions) -> Vec<Item> {
    compare_claims_with(left, right, None, options)
}

/// Cosine of two sentence vectors (unit length: the dot product).
fn cosine(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum()
}

/// Sentence vectors of two claim lists (left, right), one per claim.
pub type ClaimVectors<'a> = (&'a [Vec<f32>], &'a [Vec<f32>]);

/// A left claim's aligned partner.
#[derive(Clone, Copy)]
struct Match {
    right: usize,
    rank: f64,
    cosine: Option<f64>,
    /// Aligned by the embedding cosine alone (lexical score under its threshold).
    model_only: bool,
}

/// Align two claim lists and label every item; `vectors` are the claims' sentence vectors,
/// when a model is used.
pub fn compare_claims_with(
    left: &[Claim],
    right: &[Claim],
    vectors: Option<ClaimVectors<'_>>,
    options: &CompareOptions,
) -> Vec<Item> {
    let vectors = vectors.filter(|(l, r)| l.len() == left.len() && r.len() == right.len());
    let left_keys: Vec<BTreeSet<String>> = left.iter().map(sim_keys).collect();
    let right_keys: Vec<BTreeSet<String>> = right.iter().map(sim_keys).collect();
    // Document frequency over the claims of both accounts.
    let mut df: HashMap<&str, f64> = HashMap::new();
    for keys in left_keys.iter().chain(&right_keys) {
        for k in keys {
            *df.entry(k.as_str()).or_default() += 1.0;
        }
    }
    let n = (left.len() + right.len()).max(1) as f64;
    let profile = |keys: &BTreeSet<String>| {
        let weights: HashMap<String, f64> = keys
            .iter()
            .map(|k| {
                let idf = (1.0 + n / df.get(k.as_str()).copied().unwrap_or(1.0)).ln();
                (k.clone(), idf)
            })
            .collect();
        let norm = weights.values().map(|w| w * w).sum::<f64>().sqrt();
        Profile { weights, norm }
    };
    let lp: Vec<Profile> = left_keys.iter().map(profile).collect();
    let rp: Vec<Profile> = right_keys.iter().map(profile).collect();

    // Inverted index of the right side's keys: only claim pairs sharing a word or an entity
    // are scored.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, keys) in right_keys.iter().enumerate() {
        for k in keys {
            by_key.entry(k.as_str()).or_default().push(j);
        }
    }
    // (rank, i, j, lexical score, cosine)
    let mut scored: Vec<(f64, usize, usize, f64, Option<f64>)> = Vec::new();
    let mut seen = vec![usize::MAX; right.len()];
    let mut lexical = vec![0.0; right.len()];
    for (i, a) in left.iter().enumerate() {
        let mut candidates: Vec<usize> = Vec::new();
        for k in &left_keys[i] {
            for &j in by_key.get(k.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                if seen[j] != i {
                    seen[j] = i;
                    candidates.push(j);
                }
            }
        }
        for (j, b) in right.iter().enumerate() {
            if seen[j] != i
                && a.entities
                    .iter()
                    .any(|e| b.entities.iter().any(|f| same_entity(e, f)))
            {
                seen[j] = i;
                candidates.push(j);
            }
        }
        match vectors {
            None => {
                for j in candidates {
                    let s = score(a, &lp[i], &right[j], &rp[j]);
                    if s >= options.align_threshold {
                        scored.push((s, i, j, s, None));
                    }
                }
            }
            Some((lv, rv)) => {
                // Every pair is a candidate: the model may match claims sharing no word.
                lexical.iter_mut().for_each(|s| *s = 0.0);
                for j in candidates {
                    lexical[j] = score(a, &lp[i], &right[j], &rp[j]);
                }
                for j in 0..right.len() {
                    let (s, c) = (lexical[j], cosine(&lv[i], &rv[j]));
                    if s >= options.align_threshold || c >= options.embedding_threshold {
                        scored.push(((s + c) / 2.0, i, j, s, Some(c)));
                    }
                }
            }
        }
    }
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut left_match: Vec<Option<Match>> = vec![None; left.len()];
    let mut right_taken = vec![false; right.len()];
    for (rank, i, j, s, c) in scored {
        if left_match[i].is_none() && !right_taken[j] {
            let model_only = s < options.align_threshold;
            left_match[i] = Some(Match {
                right: j,
                rank,
                cosine: c,
                model_only,
            });
            right_taken[j] = true;
        }
    }

    let unscorable = |p: &Profile| p.norm == 0.0;
    let left_unscorable: Vec<bool> = lp.iter().map(unscorable).collect();
    let right_unscorable: Vec<bool> = rp.iter().map(unscorable).collect();
    pair_identical_leftovers(
        (left, &left_unscorable),
        (right, &right_unscorable),
        &mut left_match,
        &mut right_taken,
    );

    let mut items = Vec::new();
    for (i, a) in left.iter().enumerate() {
        match left_match[i] {
            Some(m) => {
                let mut item = label_pair(a, &right[m.right], m.rank, m.model_only, options);
                item.embedding = m.cosine.map(|c| (c * 1000.0).round() / 1000.0);
                if item.label != Label::Agree || options.include_agree {
                    items.push(item);
                }
            }
            None => items.push(only_in(a, true)),
        }
    }
    for (j, b) in right.iter().enumerate() {
        if !right_taken[j] {
            items.push(only_in(b, false));
        }
    }
    items
}

/// Pair claims that the scorer cannot align (no word or entity to weigh: "It.", "4.",
/// "All…"), left unmatched, when their texts are identical, in order: such a fragment is
/// still the same claim in both accounts, and an account compared with itself must agree
/// everywhere. Claims the scorer can weigh are left to it.
fn pair_identical_leftovers(
    (left, left_unscorable): (&[Claim], &[bool]),
    (right, right_unscorable): (&[Claim], &[bool]),
    left_match: &mut [Option<Match>],
    right_taken: &mut [bool],
) {
    let mut unmatched_right: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, b) in right.iter().enumerate() {
        if !right_taken[j] && right_unscorable[j] {
            unmatched_right
                .entry(b.text.trim())
                .or_default()
                .push_back(j);
        }
    }
    for (i, a) in left.iter().enumerate() {
        if left_match[i].is_some() || !left_unscorable[i] {
            continue;
        }
        if let Some(j) = unmatched_right
            .get_mut(a.text.trim())
            .and_then(|js| js.pop_front())
        {
            left_match[i] = Some(Match {
                right: j,
                rank: 1.0,
                cosine: None,
                model_only: false,
            });
            right_taken[j] = true;
        }
    }
}

fn only_in(claim: &Claim, left: bool) -> Item {
    let side = Some(Side::of(claim));
    Item {
        label: Label::OnlyIn,
        only_in: Some(claim.doc.clone()),
        similarity: 0.0,
        embedding: None,
        left: if left { side.clone() } else { None },
        right: if left { None } else { side },
        conflicts: Vec::new(),
        contrast: None,
    }
}

fn score(a: &Claim, pa: &Profile, b: &Claim, pb: &Profile) -> f64 {
    let words = if pa.norm > 0.0 && pb.norm > 0.0 {
        let (small, large) = if pa.weights.len() <= pb.weights.len() {
            (pa, pb)
        } else {
            (pb, pa)
        };
        let dot: f64 = small
            .weights
            .iter()
            .filter_map(|(k, w)| large.weights.get(k).map(|v| w * v))
            .sum();
        dot / (pa.norm * pb.norm)
    } else {
        0.0
    };
    let entities = if a.entities.is_empty() || b.entities.is_empty() {
        0.0
    } else {
        let shared = a
            .entities
            .iter()
            .filter(|e| b.entities.iter().any(|f| same_entity(e, f)))
            .count();
        shared as f64 / a.entities.len().min(b.entities.len()) as f64
    };
    let shared_count = a
        .counts
        .iter()
        .any(|c| b.counts.iter().any(|d| d.category == c.category));
    let shared_date = a
        .times
        .iter()
        .any(|t| b.times.iter().any(|u| u.value == t.value));
    let anchors = (f64::from(u8::from(shared_count)) + f64::from(u8::from(shared_date))) / 2.0;
    0.65 * words + 0.25 * entities + 0.10 * anchors
}

fn label_pair(
    a: &Claim,
    b: &Claim,
    similarity: f64,
    model_only: bool,
    options: &CompareOptions,
) -> Item {
    let conflicts = conflicts(a, b, options);
    let (contrast, label) = if !conflicts.is_empty() {
        (None, Label::Conflict)
    } else {
        match contrast(a, b, options) {
            Some(c) => (Some(c), Label::Wording),
            None => match model_only.then(|| paraphrase(a, b, options)).flatten() {
                Some(c) => (Some(c), Label::Wording),
                None => (None, Label::Agree),
            },
        }
    };
    Item {
        label,
        only_in: None,
        similarity: (similarity * 1000.0).round() / 1000.0,
        embedding: None,
        left: Some(Side::of(a)),
        right: Some(Side::of(b)),
        conflicts,
        contrast,
    }
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn conflicts(a: &Claim, b: &Claim, options: &CompareOptions) -> Vec<Conflict> {
    let mut out = Vec::new();
    // Counts of one category (and compatible objects) with different values.
    for c in &a.counts {
        let same_kind: Vec<_> = b
            .counts
            .iter()
            .filter(|d| d.category == c.category)
            .filter(|d| match (&c.object, &d.object) {
                (Some(x), Some(y)) => crate::text::key(x) == crate::text::key(y),
                _ => true,
            })
            .collect();
        if same_kind.is_empty() {
            continue;
        }
        let agrees = |d: &&crate::claims::ClaimCount| {
            let (lo, hi) = (c.value, c.value_max.unwrap_or(c.value));
            let (lo2, hi2) = (d.value, d.value_max.unwrap_or(d.value));
            let tol = options.count_tolerance * hi.abs().max(hi2.abs());
            lo <= hi2 + tol && lo2 <= hi + tol
        };
        if !same_kind.iter().any(agrees) {
            let d = same_kind[0];
            out.push(Conflict {
                kind: ConflictKind::Count,
                left: format!("{} ({})", format_number(c.value), c.text),
                right: format!("{} ({})", format_number(d.value), d.text),
            });
        }
    }
    // Day-level dates with nothing in common.
    let days = |c: &Claim| -> BTreeSet<String> {
        c.times
            .iter()
            .filter(|t| crate::text::day_number(&t.value).is_some())
            .map(|t| t.value[..10].to_string())
            .collect()
    };
    let (da, db) = (days(a), days(b));
    if !da.is_empty() && !db.is_empty() && da.is_disjoint(&db) {
        out.push(Conflict {
            kind: ConflictKind::Date,
            left: da.into_iter().collect::<Vec<_>>().join(", "),
            right: db.into_iter().collect::<Vec<_>>().join(", "),
        });
    }
    if a.negated != b.negated {
        // With the word negated when there is one: "affirmed (promised)" against
        // "negated (not promise)".
        let state = |c: &Claim| match (&c.negation_cue, &c.modality_cue) {
            (Some(n), Some(m)) => format!("negated ({n} {m})"),
            (Some(n), None) => format!("negated ({n})"),
            (None, Some(m)) => format!("affirmed ({m})"),
            (None, None) => "affirmed".to_string(),
        };
        out.push(Conflict {
            kind: ConflictKind::Polarity,
            left: state(a),
            right: state(b),
        });
    }
    let strong = |m: Modality| m.is_commitment() || m == Modality::Denied;
    if a.modality != b.modality && (strong(a.modality) || strong(b.modality)) {
        let state = |c: &Claim| match &c.modality_cue {
            Some(cue) => format!("{} ({cue})", c.modality.label()),
            None => c.modality.label().to_string(),
        };
        out.push(Conflict {
            kind: ConflictKind::Modality,
            left: state(a),
            right: state(b),
        });
    }
    if let (Some(x), Some(y)) = (&a.initiator, &b.initiator) {
        let name = |c: &Claim, key: &str| {
            c.entities
                .iter()
                .find(|e| e.key == key)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| key.to_string())
        };
        let ex = a.entities.iter().find(|e| &e.key == x);
        let ey = b.entities.iter().find(|e| &e.key == y);
        // Different sides only when both are known to differ: the same entity, or two
        // entities of one country ("Norway" / its minister), agree; a person with no known
        // country against a country cannot be compared.
        let differ = match (ex, ey) {
            (Some(ex), Some(ey)) if same_entity(ex, ey) => false,
            (Some(ex), Some(ey)) => match (&ex.party, &ey.party) {
                (Some(p), Some(q)) => p != q,
                _ => ex.kind == ey.kind && x != y,
            },
            _ => false,
        };
        if differ {
            let with_party = |c: &Claim, key: &str| {
                // The country of a person or body ("Ilse Halvorsen (NOR)"); a country is
                // named as itself.
                let e = c
                    .entities
                    .iter()
                    .find(|e| e.key == key && matches!(e.kind.as_str(), "PER" | "ORG"));
                match e.and_then(|e| e.party.as_deref()) {
                    Some(p) => format!("started by {} ({p})", name(c, key)),
                    None => format!("started by {}", name(c, key)),
                }
            };
            out.push(Conflict {
                kind: ConflictKind::Actor,
                left: with_party(a, x),
                right: with_party(b, y),
            });
        }
    }
    out
}

/// Content words of one side missing from the other (by key, framing families kept apart so
/// that "invasion" vs "conflict" is a contrast), as written, in text order, distinct.
fn differing<'c>(a: &'c Claim, other: &BTreeSet<&str>) -> Vec<(&'c str, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for t in a.terms.iter().filter(|t| !t.structural) {
        if !other.contains(t.key.as_str()) && seen.insert(t.key.as_str()) {
            out.push((t.key.as_str(), a.text_at(t.span).to_string()));
        }
    }
    out
}

impl Claim {
    fn text_at(&self, span: Span) -> &str {
        self.text
            .get(span.start - self.span.start..span.end - self.span.start)
            .unwrap_or("")
    }
}

/// The contrast of a pair the model aligned although they share few words: the first
/// differing content words of each side (at most [`CompareOptions::max_contrast_words`]),
/// when both sides have some.
fn paraphrase(a: &Claim, b: &Claim, options: &CompareOptions) -> Option<Contrast> {
    let ka: BTreeSet<&str> = a.terms.iter().map(|t| t.key.as_str()).collect();
    let kb: BTreeSet<&str> = b.terms.iter().map(|t| t.key.as_str()).collect();
    let only_a = differing(a, &kb);
    let only_b = differing(b, &ka);
    if only_a.is_empty() || only_b.is_empty() {
        return None;
    }
    let take = |v: Vec<(&str, String)>| {
        v.into_iter()
            .take(options.max_contrast_words.max(1))
            .map(|(_, w)| w)
            .collect()
    };
    Some(Contrast {
        left: take(only_a),
        right: take(only_b),
        family: None,
    })
}

fn contrast(a: &Claim, b: &Claim, options: &CompareOptions) -> Option<Contrast> {
    let ka: BTreeSet<&str> = a.terms.iter().map(|t| t.key.as_str()).collect();
    let kb: BTreeSet<&str> = b.terms.iter().map(|t| t.key.as_str()).collect();
    let only_a = differing(a, &kb);
    let only_b = differing(b, &ka);
    if only_a.is_empty() || only_b.is_empty() {
        return None;
    }
    // A pair from one framing family is the strongest evidence.
    for (ka, wa) in &only_a {
        if let Some(fam) = lexicon::family(ka) {
            let hits: Vec<&String> = only_b
                .iter()
                .filter(|(kb, _)| lexicon::family(kb) == Some(fam))
                .map(|(_, w)| w)
                .collect();
            if !hits.is_empty() {
                let left: Vec<String> = only_a
                    .iter()
                    .filter(|(k, _)| lexicon::family(k) == Some(fam))
                    .map(|(_, w)| w.clone())
                    .collect();
                let _ = wa;
                return Some(Contrast {
                    left,
                    right: hits.into_iter().cloned().collect(),
                    family: Some(fam.to_string()),
                });
            }
        }
    }
    // Generic: few differing words on each side around a shared core.
    let shared = ka.intersection(&kb).count();
    let shared_entities = a
        .entities
        .iter()
        .any(|e| b.entities.iter().any(|f| same_entity(e, f)));
    if only_a.len() <= options.max_contrast_words
        && only_b.len() <= options.max_contrast_words
        && (shared >= 2 || shared_entities)
    {
        return Some(Contrast {
            left: only_a.into_iter().map(|(_, w)| w).collect(),
            right: only_b.into_iter().map(|(_, w)| w).collect(),
            family: None,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::{Entity, EntityMention, EntityType, MentionKind};

    /// A document whose one entity is mentioned by the given forms, in this order.
    fn doc(id: &str, name: &str, kind: EntityType, forms: &[(&str, MentionKind)]) -> Document {
        let text = forms.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(". ");
        let mut doc = Document::from_normalized(id, text.clone());
        let mut mentions = Vec::new();
        let mut from = 0;
        for (form, kind) in forms {
            let start = from + text[from..].find(form).unwrap();
            mentions.push(EntityMention {
                span: Span::new(start, start + form.len()),
                text: form.to_string(),
                kind: *kind,
                mention: None,
            });
            from = start + form.len();
        }
        doc.entities.push(Entity {
            id: "e1".into(),
            name: name.into(),
            kind,
            aliases: Vec::new(),
            mentions,
            affiliation: None,
            role: None,
            kb: None,
        });
        doc
    }

    #[test]
    fn references_list_descriptions_not_name_variants() {
        use MentionKind::{Name, Pronoun, Role};
        let a = doc(
            "a",
            "Lena Ostrova",
            EntityType::Person,
            &[
                ("Lena Ostrova", Name),
                ("the strongwoman", Role),
                ("she", Pronoun),
            ],
        );
        let b = doc(
            "b",
            "Lena Ostrova",
            EntityType::Person,
            &[("Ostrova", Name), ("the elected president", Role)],
        );
        let r = reference_contrasts(&a, &b);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].family, "Lena Ostrova");
        let texts = |v: &[TermUse]| v.iter().map(|u| u.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&r[0].left), ["the strongwoman"]);
        assert_eq!(texts(&r[0].right), ["the elected president"]);
        assert_eq!(
            &a.text[r[0].left[0].span.start..r[0].left[0].span.end],
            "the strongwoman"
        );

        // Spelling variants and abbreviations are one name.
        let a = doc(
            "a",
            "FBI",
            EntityType::Organization,
            &[("F.B.I.", Name), ("the bureau", Role)],
        );
        let b = doc(
            "b",
            "FBI",
            EntityType::Organization,
            &[("FBI", Name), ("the agency", Role)],
        );
        let r = reference_contrasts(&a, &b);
        assert_eq!(texts(&r[0].left), ["the bureau"], "{r:?}");
        assert_eq!(texts(&r[0].right), ["the agency"]);
        let a = doc(
            "a",
            "Robert Vance",
            EntityType::Person,
            &[("Robert Vance", Name)],
        );
        let b = doc("b", "Bob Vance", EntityType::Person, &[("Bob Vance", Name)]);
        assert!(reference_contrasts(&a, &b).is_empty());
        // A generational suffix is not a surname.
        let a = doc(
            "a",
            "Carl Moss Jr.",
            EntityType::Person,
            &[("Carl Moss Jr.", Name), ("the aide", Role)],
        );
        let b = doc(
            "b",
            "Dan Reed Jr.",
            EntityType::Person,
            &[("Dan Reed Jr.", Name), ("the senator", Role)],
        );
        assert!(reference_contrasts(&a, &b).is_empty());
    }
}
