//! Alignment of facts across accounts, and within one account.
//!
//! Facts align only with facts of their kind whose keys are compatible:
//! * **counts**: same category and victim class, places not known to differ; the figures need
//!   not be equal — that is what a conflict is. Among candidates, equal figures, the same
//!   source, shared places and dates rank first.
//! * **events**: same CAMEO root or PLOVER category, parties compatible (each side's actors
//!   share a key with the other's, or one side names none; meetings and consultations may
//!   name the two parties in either order), dates at most a week apart.
//! * **statements**: the same speaker and content words in common (IDF-weighted cosine over
//!   both accounts' statements); different or unknown speakers need much more in common.
//!
//! Pairs are matched one to one, best first. Each pair is labelled `conflict` (figure, date,
//! actor or speaker, polarity, modality — both values given, with whose they are), else
//! `wording` (same fact, other code or other words), else `agree`; each unmatched fact is
//! `only_in` its account. [`within`] finds the figures that different sources in *one* account
//! give differently.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::compare::{CompareOptions, Conflict, ConflictKind, Contrast, Label, Summary};
use crate::facts::{figure_text, CountFact, EventFact, Fact, FactBody, FactKind, Party, Source};
use crate::lexicon::Modality;
use crate::text;

/// Smallest content similarity (IDF-weighted cosine) at which two statements of one speaker
/// align: quotes of one speaker in one story share words, so lower pairs unrelated remarks.
const STATEMENT_SAME_SPEAKER: f64 = 0.35;
/// The same for statements of different or unknown speakers.
const STATEMENT_OTHER_SPEAKER: f64 = 0.6;
/// Smallest similarity at which two statements are the same content, so that a negation or a
/// commitment on one side only is a conflict (below it they are two remarks, in other words).
const STATEMENT_SAME_CONTENT: f64 = 0.5;

/// One aligned pair of facts, or one fact found in one account only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactItem {
    /// The label.
    pub label: Label,
    /// The facts' kind.
    pub kind: FactKind,
    /// For `only_in`: the document that has the fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_in: Option<String>,
    /// Alignment score (0 for `only_in`).
    pub score: f64,
    /// The left account's fact (absent for `only_in` the right).
    pub left: Option<Fact>,
    /// The right account's fact (absent for `only_in` the left).
    pub right: Option<Fact>,
    /// For `conflict`: every disagreement, each value with whose it is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// For `wording`: what differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contrast: Option<Contrast>,
}

/// Counts of fact items by label.
pub fn summarize(items: &[FactItem]) -> Summary {
    Summary::count(items.iter().map(|i| (i.label, i.left.is_some())))
}

/// Align the facts of two accounts and label every item: aligned pairs in the left account's
/// order, then the right account's own facts.
pub fn align(left: &[Fact], right: &[Fact], options: &CompareOptions) -> Vec<FactItem> {
    let idf = Idf::new(left, right);
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (i, a) in left.iter().enumerate() {
        for (j, b) in right.iter().enumerate() {
            if let Some(s) = pair_score(a, b, &idf) {
                scored.push((s, i, j));
            }
        }
    }
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut left_match: Vec<Option<(usize, f64)>> = vec![None; left.len()];
    let mut right_taken = vec![false; right.len()];
    for (s, i, j) in scored {
        if left_match[i].is_none() && !right_taken[j] {
            left_match[i] = Some((j, s));
            right_taken[j] = true;
        }
    }
    let mut items = Vec::new();
    for (i, a) in left.iter().enumerate() {
        match left_match[i] {
            Some((j, s)) => {
                let item = label_pair(a, &right[j], s, &idf, options);
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

/// Figures that different sources in one account give differently for the same category,
/// class and place ("UN: 136 killed" and, further down, "interior ministry: 352 killed"):
/// one conflict per pair of sources and kind of figure.
pub fn within(facts: &[Fact], options: &CompareOptions) -> Vec<FactItem> {
    let mut out: Vec<FactItem> = Vec::new();
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (i, a) in facts.iter().enumerate() {
        let FactBody::Count(ca) = &a.body else {
            continue;
        };
        for b in &facts[i + 1..] {
            let FactBody::Count(cb) = &b.body else {
                continue;
            };
            if same_source(&a.source, &b.source)
                || ca.subset_of.is_some()
                || cb.subset_of.is_some()
                || !counts_compatible(ca, cb)
                || figures_agree(ca, cb, options)
                || figures_consistent(ca, cb)
            {
                continue;
            }
            let key = (
                format!("{:?}/{}", ca.category, ca.victims),
                a.source.name.clone(),
                b.source.name.clone(),
            );
            if seen.insert(key) {
                out.push(FactItem {
                    label: Label::Conflict,
                    kind: FactKind::Count,
                    only_in: None,
                    score: 1.0,
                    left: Some(a.clone()),
                    right: Some(b.clone()),
                    conflicts: vec![figure_conflict(a, ca, b, cb)],
                    contrast: None,
                });
            }
        }
    }
    out
}

/// Inverse document frequency of statement content words over both accounts.
struct Idf {
    df: HashMap<String, f64>,
    n: f64,
}

impl Idf {
    fn new(left: &[Fact], right: &[Fact]) -> Idf {
        let mut df: HashMap<String, f64> = HashMap::new();
        let mut n = 0.0;
        for f in left.iter().chain(right) {
            if let FactBody::Statement(s) = &f.body {
                n += 1.0;
                for k in &s.keys {
                    *df.entry(k.clone()).or_default() += 1.0;
                }
            }
        }
        Idf {
            df,
            n: f64::max(n, 1.0),
        }
    }

    fn weight(&self, key: &str) -> f64 {
        (1.0 + self.n / self.df.get(key).copied().unwrap_or(1.0)).ln()
    }

    /// IDF-weighted cosine of two key sets.
    fn cosine(&self, a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
        let norm = |s: &BTreeSet<String>| s.iter().map(|k| self.weight(k).powi(2)).sum::<f64>();
        let (na, nb) = (norm(a), norm(b));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        let dot: f64 = a.intersection(b).map(|k| self.weight(k).powi(2)).sum();
        dot / (na.sqrt() * nb.sqrt())
    }
}

/// The score of a candidate pair, `None` when the two facts cannot be the same fact.
fn pair_score(a: &Fact, b: &Fact, idf: &Idf) -> Option<f64> {
    match (&a.body, &b.body) {
        (FactBody::Count(x), FactBody::Count(y)) => count_score(a, x, b, y),
        (FactBody::Event(x), FactBody::Event(y)) => event_score(a, x, b, y),
        (FactBody::Statement(x), FactBody::Statement(y)) => {
            let sim = idf.cosine(&x.keys, &y.keys);
            let needed = if same_source(&a.source, &b.source) {
                STATEMENT_SAME_SPEAKER
            } else {
                STATEMENT_OTHER_SPEAKER
            };
            (sim >= needed).then_some(1.0 + sim)
        }
        _ => None,
    }
}

/// Do two sources name the same speaker (same entity key, a body and its office — a code
/// extending the other's, "IGOUNO" / "IGOUNOHRI" — or the same name)?
fn same_source(a: &Source, b: &Source) -> bool {
    match (&a.key, &b.key) {
        (Some(x), Some(y)) if x == y => true,
        (Some(x), Some(y))
            if x.starts_with("kb:")
                && y.starts_with("kb:")
                && x.len().min(y.len()) >= 6
                && (x.starts_with(y.as_str()) || y.starts_with(x.as_str())) =>
        {
            true
        }
        _ => {
            text::fold(&a.name) == text::fold(&b.name)
                || surname(&a.name)
                    .zip(surname(&b.name))
                    .is_some_and(|(x, y)| names_close(&x, &y))
        }
    }
}

/// The last word of a capitalised name, folded ("kuleba" of "Dmytro Kuleba").
fn surname(name: &str) -> Option<String> {
    let last = name.split_whitespace().last()?;
    last.chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then(|| text::fold(last))
}

/// Two spellings of one name, as machine translation and transliteration make them
/// ("Santoso" / "Santosso", "Halvorsen" / "Halvorson"): same first letter, at most one edit
/// in five letters (two from ten on).
pub fn names_close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shorter = x.len().min(y.len());
    if shorter < 5 || x[0] != y[0] {
        return false;
    }
    let allowed = if shorter >= 10 { 2 } else { 1 };
    x.len().abs_diff(y.len()) <= allowed && edit_distance(&x, &y) <= allowed
}

/// Levenshtein distance (the names compared are short).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn counts_compatible(x: &CountFact, y: &CountFact) -> bool {
    x.category == y.category && x.victims == y.victims && places_compatible(&x.places, &y.places)
}

/// Two sentences' places are compatible unless both name places and none in common (by key,
/// or by the country of a coded place).
fn places_compatible(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    let country = |k: &String| {
        k.strip_prefix("kb:")
            .and_then(crate::claims::party_of_code)
            .unwrap_or_else(|| k.clone())
    };
    let ca: BTreeSet<String> = a.iter().map(country).collect();
    b.iter().any(|k| ca.contains(&country(k)))
}

fn count_score(a: &Fact, x: &CountFact, b: &Fact, y: &CountFact) -> Option<f64> {
    if !counts_compatible(x, y) || x.subset_of.is_some() != y.subset_of.is_some() {
        return None;
    }
    let mut s = 1.0;
    if x.value == y.value && x.value_max == y.value_max {
        s += 1.0;
    }
    if same_source(&a.source, &b.source) {
        s += 0.3;
    }
    if x.places.iter().any(|p| y.places.contains(p)) {
        s += 0.2;
    }
    if x.period.iter().any(|p| y.period.contains(p)) {
        s += 0.2;
    }
    if x.qualifier == y.qualifier {
        s += 0.1;
    }
    Some(s)
}

fn figures_agree(x: &CountFact, y: &CountFact, options: &CompareOptions) -> bool {
    let (lo, hi) = (x.value, x.value_max.unwrap_or(x.value));
    let (lo2, hi2) = (y.value, y.value_max.unwrap_or(y.value));
    let tol = options.count_tolerance * hi.abs().max(hi2.abs());
    lo <= hi2 + tol && lo2 <= hi + tol
}

/// The range a qualified figure allows: "about 200" within a tenth of 200, "up to 30" at
/// most 30, "more than 150" above 150 — but by less than half again: read as a lower bound
/// only, "at least 136" would agree with any higher toll, and a source's 352 against another's
/// "at least 136" is what a reader must be told.
fn allowed_range(c: &CountFact) -> (f64, f64) {
    let (lo, hi) = (c.value, c.value_max.unwrap_or(c.value));
    let q = c.qualifier.as_deref().unwrap_or("").to_lowercase();
    match q.as_str() {
        "more than" | "over" | "at least" | "upwards of" | "in excess of" | "no fewer than"
        | "no less than" => (lo, hi * 1.5),
        "about" | "around" | "some" | "approximately" | "roughly" | "an estimated" => {
            (lo * 0.9, hi * 1.1)
        }
        "nearly" | "almost" | "close to" => (lo * 0.9, hi),
        "up to" | "fewer than" | "less than" | "under" | "no more than" | "at most" => (0.0, hi),
        _ => (lo, hi),
    }
}

/// Figures that differ but that both (different) qualifiers allow ("more than 150" / "about
/// 200"): not the same figure, not a contradiction either.
fn figures_consistent(x: &CountFact, y: &CountFact) -> bool {
    // "At least 12" against "at least 15": two figures put the same way are two figures.
    let folded = |c: &CountFact| c.qualifier.as_deref().map(str::to_lowercase);
    if folded(x) == folded(y) {
        return false;
    }
    let ((a, b), (c, d)) = (allowed_range(x), allowed_range(y));
    a <= d && c <= b
}

/// "UN human rights office: 136 civilians killed".
fn whose_figure(f: &Fact, c: &CountFact) -> String {
    let object = c.object.as_deref().unwrap_or(&c.victims);
    format!(
        "{}: {} {} {}",
        f.source.name,
        figure_text(c),
        object,
        crate::facts::category_word(c.category)
    )
}

fn figure_conflict(a: &Fact, x: &CountFact, b: &Fact, y: &CountFact) -> Conflict {
    Conflict {
        kind: ConflictKind::Count,
        left: whose_figure(a, x),
        right: whose_figure(b, y),
    }
}

/// Codes whose two parties act together: either may be named first.
fn symmetric(code: &str) -> bool {
    matches!(code.get(..2), Some("03" | "04" | "05" | "06"))
}

fn keys(parties: &[Party]) -> BTreeSet<&str> {
    parties
        .iter()
        .flat_map(|p| p.keys.iter().map(String::as_str))
        .collect()
}

/// One side names nobody, or both share a key. A shared head noun counts only where no
/// country tells the sides apart ("the tanker" / "a Norwegian-flagged oil tanker", not
/// "Norway's government" / "Indonesia's government"); person surnames match across
/// spellings ([`names_close`]).
fn parties_compatible(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> bool {
    a.is_empty() || b.is_empty() || shared_keys(a, b) > 0
}

/// Both sides name countries, and none in common.
fn countries_differ(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> bool {
    let (ca, cb) = (countries(a), countries(b));
    !ca.is_empty() && !cb.is_empty() && ca.is_disjoint(&cb)
}

fn countries<'k>(s: &BTreeSet<&'k str>) -> BTreeSet<&'k str> {
    s.iter()
        .filter(|k| k.starts_with("party:"))
        .copied()
        .collect()
}

/// How many keys two parties' key sets share, under the rules of [`parties_compatible`].
fn shared_keys(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> usize {
    fn countries<'k>(s: &BTreeSet<&'k str>) -> BTreeSet<&'k str> {
        s.iter()
            .filter(|k| k.starts_with("party:"))
            .copied()
            .collect()
    }
    let (ca, cb) = (countries(a), countries(b));
    let apart = !ca.is_empty() && !cb.is_empty() && ca.is_disjoint(&cb);
    let exact = a
        .intersection(b)
        .filter(|k| !(apart && k.starts_with("head:")))
        .count();
    let surnames = |s: &BTreeSet<&str>| -> Vec<String> {
        s.iter()
            .filter_map(|k| k.strip_prefix("surname:"))
            .map(str::to_string)
            .collect()
    };
    let (sa, sb) = (surnames(a), surnames(b));
    let close = sa
        .iter()
        .filter(|x| !sb.contains(x) && sb.iter().any(|y| names_close(x, y)))
        .count();
    exact + close
}

/// Whole days between two ISO dates; `None` when either is coarser than a day.
fn days_apart(a: &str, b: &str) -> Option<i64> {
    Some((text::day_number(a)? - text::day_number(b)?).abs())
}

/// Can two dates be one event's (a week apart at most; coarser dates: one contains the
/// other)?
fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => match days_apart(x, y) {
            Some(d) => d <= 7,
            None => x.starts_with(y) || y.starts_with(x),
        },
        _ => true,
    }
}

fn event_score(a: &Fact, x: &EventFact, b: &Fact, y: &EventFact) -> Option<f64> {
    // "Has not spoken with X" and "agreed to meet X" are two events, not a conflict: a
    // polarity conflict needs the same act.
    if a.negated != b.negated && x.code != y.code {
        return None;
    }
    let same_family =
        x.code.get(..2) == y.code.get(..2) || (x.plover.is_some() && x.plover == y.plover);
    if !same_family || !dates_compatible(x.date.as_deref(), y.date.as_deref()) {
        return None;
    }
    let (xa, xr, ya, yr) = (
        keys(&x.actors),
        keys(&x.recipients),
        keys(&y.actors),
        keys(&y.recipients),
    );
    let direct = parties_compatible(&xa, &ya) && parties_compatible(&xr, &yr);
    let swapped =
        symmetric(&x.code) && parties_compatible(&xa, &yr) && parties_compatible(&xr, &ya);
    // Both sides' actors and recipients matched, not merely left open: only then may the
    // dates differ (a date conflict) instead of marking two events.
    let strong = (shared_keys(&xa, &ya) > 0 && shared_keys(&xr, &yr) > 0)
        || (symmetric(&x.code) && shared_keys(&xa, &yr) > 0 && shared_keys(&xr, &ya) > 0);
    // Days apart, when both texts date the event (a publication date says nothing about it).
    let days = x
        .date
        .as_deref()
        .zip(y.date.as_deref())
        .filter(|_| x.date_stated && y.date_stated)
        .and_then(|(a, b)| days_apart(a, b));
    // A planned meeting on Friday and one held today are two meetings, not a date conflict;
    // "met" against "will meet" is a conflict only for one stated day.
    if days.is_some_and(|d| d > 1) && (!strong || a.modality != b.modality) {
        return None;
    }
    if a.modality != b.modality && days.is_none_or(|d| d > 1) {
        return None;
    }
    // Same act on the same thing on the same day by a party of another country: one event
    // with an actor conflict ("Norway's navy seized the tanker" / "Indonesia's coast guard
    // seized the tanker").
    let other_actor = days == Some(0) && shared_keys(&xr, &yr) > 0 && countries_differ(&xa, &ya);
    let all_x: BTreeSet<&str> = xa.union(&xr).copied().collect();
    let all_y: BTreeSet<&str> = ya.union(&yr).copied().collect();
    let shared = shared_keys(&all_x, &all_y);
    // Nobody in common: only the very same code with no party on either side can align.
    let anchored = shared > 0 || (all_x.is_empty() && all_y.is_empty() && x.code == y.code);
    if !anchored || !(direct || swapped || other_actor) {
        return None;
    }
    let mut s = 1.0 + 0.1 * shared.min(5) as f64;
    if x.code == y.code {
        s += 0.5;
    }
    if x.date.is_some() && x.date == y.date {
        s += 0.3;
    }
    Some(s)
}

fn only_in(fact: &Fact, left: bool) -> FactItem {
    let side = Some(fact.clone());
    FactItem {
        label: Label::OnlyIn,
        kind: fact.kind(),
        only_in: Some(fact.doc.clone()),
        score: 0.0,
        left: if left { side.clone() } else { None },
        right: if left { None } else { side },
        conflicts: Vec::new(),
        contrast: None,
    }
}

fn label_pair(a: &Fact, b: &Fact, score: f64, idf: &Idf, options: &CompareOptions) -> FactItem {
    let mut conflicts = Vec::new();
    let mut contrast = None;
    match (&a.body, &b.body) {
        (FactBody::Count(x), FactBody::Count(y)) if !figures_agree(x, y, options) => {
            if figures_consistent(x, y) {
                contrast = Some(Contrast {
                    left: vec![figure_text(x)],
                    right: vec![figure_text(y)],
                    family: None,
                });
            } else {
                conflicts.push(figure_conflict(a, x, b, y));
            }
        }
        (FactBody::Event(x), FactBody::Event(y)) => {
            event_conflicts(a, x, b, y, &mut conflicts);
            if conflicts.is_empty() && x.code != y.code {
                contrast = Some(Contrast {
                    left: vec![format!("{} {}", x.code, x.label)],
                    right: vec![format!("{} {}", y.code, y.label)],
                    family: None,
                });
            }
        }
        (FactBody::Statement(x), FactBody::Statement(y)) => {
            if speakers_differ(&a.source, &b.source) {
                conflicts.push(Conflict {
                    kind: ConflictKind::Actor,
                    left: format!("said by {}", a.source.name),
                    right: format!("said by {}", b.source.name),
                });
            }
            if idf.cosine(&x.keys, &y.keys) < 0.75 {
                contrast = word_contrast(&x.keys, &y.keys, a, b, options);
            }
        }
        _ => {}
    }
    let same_content = match (&a.body, &b.body) {
        (FactBody::Statement(x), FactBody::Statement(y)) => {
            idf.cosine(&x.keys, &y.keys) >= STATEMENT_SAME_CONTENT
        }
        _ => true,
    };
    if same_content {
        polarity_and_modality(a, b, &mut conflicts);
    }
    let label = if !conflicts.is_empty() {
        contrast = None;
        Label::Conflict
    } else if contrast.is_some() {
        Label::Wording
    } else {
        Label::Agree
    };
    FactItem {
        label,
        kind: a.kind(),
        only_in: None,
        score: (score * 1000.0).round() / 1000.0,
        left: Some(a.clone()),
        right: Some(b.clone()),
        conflicts,
        contrast,
    }
}

fn event_conflicts(a: &Fact, x: &EventFact, b: &Fact, y: &EventFact, out: &mut Vec<Conflict>) {
    if let (Some(dx), Some(dy)) = (&x.date, &y.date) {
        if x.date_stated && y.date_stated && days_apart(dx, dy).is_some_and(|d| d > 1) {
            out.push(Conflict {
                kind: ConflictKind::Date,
                left: format!("{}: {dx}", a.source.name),
                right: format!("{}: {dy}", b.source.name),
            });
        }
    }
    let (xa, ya) = (keys(&x.actors), keys(&y.actors));
    let swapped = symmetric(&x.code) && {
        let (xr, yr) = (keys(&x.recipients), keys(&y.recipients));
        parties_compatible(&xa, &yr) && parties_compatible(&xr, &ya)
    };
    if countries_differ(&xa, &ya) && !swapped {
        let names = |ps: &[Party]| {
            ps.iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" and ")
        };
        out.push(Conflict {
            kind: ConflictKind::Actor,
            left: format!("{}: by {}", a.source.name, names(&x.actors)),
            right: format!("{}: by {}", b.source.name, names(&y.actors)),
        });
    }
}

/// Two speakers known to be different people or sides: different countries, or two people
/// whose names are not spellings of one name. A person and the country or body they speak
/// for are not a conflict.
fn speakers_differ(a: &Source, b: &Source) -> bool {
    if same_source(a, b) || a.key.is_none() || b.key.is_none() {
        return false;
    }
    match (&a.party, &b.party) {
        (Some(p), Some(q)) => p != q,
        _ => a.person && b.person,
    }
}

fn polarity_and_modality(a: &Fact, b: &Fact, out: &mut Vec<Conflict>) {
    let state = |f: &Fact| match (f.kind(), f.negated) {
        (FactKind::Statement, true) => format!("{}: negated", f.source.name),
        (FactKind::Statement, false) => format!("{}: affirmed", f.source.name),
        (_, true) => format!("{}: did not happen", f.source.name),
        (_, false) => format!("{}: happened", f.source.name),
    };
    if a.negated != b.negated {
        out.push(Conflict {
            kind: ConflictKind::Polarity,
            left: state(a),
            right: state(b),
        });
    }
    // "Would" in reported speech is the backshift of "will", not doubt: possibility counts
    // only for events (planned or conditional against done).
    let events = a.kind() == FactKind::Event;
    let strong = |m: Modality| {
        m.is_commitment() || m == Modality::Denied || (events && m == Modality::Possible)
    };
    if a.modality != b.modality && (strong(a.modality) || strong(b.modality)) {
        out.push(Conflict {
            kind: ConflictKind::Modality,
            left: format!("{}: {}", a.source.name, a.modality.label()),
            right: format!("{}: {}", b.source.name, b.modality.label()),
        });
    }
}

/// The first content words of each statement that the other lacks, as written.
fn word_contrast(
    x: &BTreeSet<String>,
    y: &BTreeSet<String>,
    a: &Fact,
    b: &Fact,
    options: &CompareOptions,
) -> Option<Contrast> {
    let own = |f: &Fact, other: &BTreeSet<String>| -> Vec<String> {
        let mut seen = BTreeSet::new();
        text::words(&f.text)
            .iter()
            .filter_map(|w| {
                let folded = text::fold(w.text);
                if text::is_stop(&folded) || text::is_number(&folded) || folded.chars().count() < 2
                {
                    return None;
                }
                let key = text::stem(&folded);
                (!other.contains(&key) && seen.insert(key)).then(|| w.text.to_string())
            })
            .take(options.max_contrast_words.max(1))
            .collect()
    };
    // Words on one side only are detail ("the referendum *in Varnholm*"), not other wording.
    let (l, r) = (own(a, y), own(b, x));
    (!l.is_empty() && !r.is_empty()).then_some(Contrast {
        left: l,
        right: r,
        family: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{extract, victim_class};
    use readout_core::{Count, CountCategory, Document, Quote, QuoteKind, Span, SpanText};

    /// An account with one speaker and the given count phrases, annotated by hand.
    fn account(id: &str, text: &str, speaker: &str, counts: &[(&str, f64, &str)]) -> Document {
        let mut doc = Document::from_normalized(id, text.to_string());
        let at = text.find(speaker).unwrap();
        let content_start = text.find(" that ").map(|p| p + 6).unwrap_or(0);
        doc.quotes.push(Quote {
            span: Span::new(content_start, text.len() - 1),
            text: text[content_start..text.len() - 1].to_string(),
            kind: QuoteKind::Indirect,
            cue: None,
            speaker: None,
            speaker_text: Some(SpanText {
                span: Span::new(at, at + speaker.len()),
                text: speaker.to_string(),
            }),
            source: None,
            affiliation: None,
            sentence: 0,
        });
        for (phrase, value, object) in counts {
            let start = text.find(phrase).unwrap();
            doc.counts.push(Count {
                span: Span::new(start, start + phrase.len()),
                text: phrase.to_string(),
                value: *value,
                value_max: None,
                qualifier: None,
                category: CountCategory::Killed,
                object: Some(object.to_string()),
                subset_of: None,
                sentence: 0,
            });
        }
        doc
    }

    #[test]
    fn victim_classes_group_the_counted() {
        assert_eq!(victim_class(Some("civilians")), "people");
        assert_eq!(victim_class(Some("people")), "people");
        assert_eq!(victim_class(None), "people");
        assert_eq!(victim_class(Some("Velorian children")), "children");
        assert_eq!(victim_class(Some("troops")), "soldiers");
        assert_ne!(victim_class(Some("trucks")), "people");
    }

    #[test]
    fn spellings_of_one_name_are_close() {
        assert!(names_close("santoso", "santosso"));
        assert!(names_close("halvorsen", "halvorson"));
        assert!(!names_close("halvorsen", "jorgensen"));
        assert!(!names_close("kim", "kin"), "short names must match exactly");
        assert!(!names_close("santoso", "mantoso"), "first letters differ");
    }

    #[test]
    fn same_figure_in_other_words_agrees_and_a_different_one_conflicts() {
        let a = account(
            "a",
            "The relief office said that 57 civilians were killed.",
            "The relief office",
            &[("57 civilians", 57.0, "civilians")],
        );
        let b = account(
            "b",
            "The relief office said that 57 people died in the floods.",
            "The relief office",
            &[("57 people", 57.0, "people")],
        );
        let c = account(
            "c",
            "The army said that 12 people were killed.",
            "The army",
            &[("12 people", 12.0, "people")],
        );
        let (fa, fb, fc) = (extract(&a), extract(&b), extract(&c));
        for (doc, facts) in [(&a, &fa), (&b, &fb), (&c, &fc)] {
            for f in facts.iter() {
                assert_eq!(doc.slice(f.span), Some(f.text.as_str()), "span of {f:?}");
                assert!(f.context.contains(f.span));
            }
        }
        let options = CompareOptions::default();
        let ab = align(&fa, &fb, &options);
        assert_eq!(ab.len(), 1);
        assert_eq!(ab[0].label, Label::Agree);
        let ac = align(&fa, &fc, &options);
        assert_eq!(ac[0].label, Label::Conflict);
        assert_eq!(
            ac[0].conflicts[0].left,
            "The relief office: 57 civilians killed"
        );
        assert_eq!(ac[0].conflicts[0].right, "The army: 12 people killed");
        // An account compared with itself agrees everywhere.
        assert!(align(&fc, &fc, &options)
            .iter()
            .all(|i| i.label == Label::Agree));
    }

    #[test]
    fn two_sources_in_one_account_with_different_figures_conflict() {
        let text = "The relief office said that 57 civilians were killed. The army said \
                    that 12 people were killed.";
        let mut doc = account(
            "d",
            "The relief office said that 57 civilians were killed.",
            "The relief office",
            &[],
        );
        let second = account("d", text, "The army", &[]);
        doc.text = text.to_string();
        doc.quotes.push(Quote {
            span: Span::new(text.rfind("12").unwrap(), text.len() - 1),
            text: text[text.rfind("12").unwrap()..text.len() - 1].to_string(),
            ..second.quotes[0].clone()
        });
        for (phrase, value) in [("57 civilians", 57.0), ("12 people", 12.0)] {
            let start = text.find(phrase).unwrap();
            doc.counts.push(Count {
                span: Span::new(start, start + phrase.len()),
                text: phrase.to_string(),
                value,
                value_max: None,
                qualifier: None,
                category: CountCategory::Killed,
                object: Some(phrase.split(' ').nth(1).unwrap().to_string()),
                subset_of: None,
                sentence: 0,
            });
        }
        let found = within(&extract(&doc), &CompareOptions::default());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].conflicts[0].right, "The army: 12 people killed");
        // One source giving one figure twice is no conflict.
        doc.counts[1].value = 57.0;
        assert!(within(&extract(&doc), &CompareOptions::default()).is_empty());
    }
}
