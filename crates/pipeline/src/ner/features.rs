//! Feature extraction for the entity tagger: each token becomes a list of hashed feature ids.
//!
//! Features are hashed (64 bit, stable across platforms and runs) from a template id and
//! the strings involved, so no feature dictionary is stored and no string is allocated per
//! feature. Templates, in the spirit of Ratinov & Roth (2009):
//! * the word, its lower case, prefixes and suffixes (1–4 chars), its shape (`Xxxx`, `dd-dd`);
//! * the neighbouring words (±2) and shapes (±1), word bigrams around the token;
//! * word clusters of the token and its neighbours at three granularities, induced by readout
//!   from unlabeled news text ([`super::clusters`]), and clusters of large-corpus static word
//!   vectors (`readout_train::ner::vectors`) for words that text never shows;
//! * gazetteer matches (class and position) of the token, class of its neighbours'
//!   matches ([`super::gazetteer`]);
//! * document context, from the other occurrences of the same word in the document: the words
//!   before and after them ("Mr." before another "Quill" makes this one a person), the shapes
//!   of those neighbours (context aggregation, Ratinov & Roth 2009: a name followed by a
//!   number elsewhere is a team in a results table), and whether the word is capitalised
//!   mid-sentence elsewhere (a sentence-initial "Will" vs a name), in running text for words
//!   of a headline in capitals;
//! * sentence shape: first token, whole sentence in capitals (headlines);
//! * the document's topic word (the first word of a headline in capitals: "SOCCER",
//!   "CRICKET") with the token's gazetteer classes and coarse word cluster (a city in a
//!   sports report is often a team).

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::clusters::{Clusters, GRANULARITIES};
use super::gazetteer::{GazClass, GazPosition, Gazetteer};

/// Resources the features draw on besides the text itself.
#[derive(Debug, Default)]
pub struct Resources {
    /// Word clusters induced from the unlabeled news corpus (shared with the parser, which
    /// loads them without the rest).
    pub clusters: Arc<Clusters>,
    /// Word clusters of large-corpus static word vectors (empty when not built).
    pub vector_clusters: Arc<Clusters>,
    /// Name lists.
    pub gazetteer: Gazetteer,
}

use crate::feature_hash::Hasher;

/// Word shape: letters → X/x, digits → d, other chars kept; runs collapsed to 2 in the long
/// form and to 1 in the short form ("McDonald's" → "XxXxx'x", "Xx'x").
#[cfg(test)]
fn shapes(word: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    shapes_into(word, &mut long, &mut short);
    (long, short)
}

/// [`shapes`], appending to `long` and `short`.
pub(crate) fn shapes_into(word: &str, long: &mut String, short: &mut String) {
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
        } else {
            run = 1;
            short.push(m);
        }
        if run <= 2 {
            long.push(m);
        }
        last = m;
    }
}

/// Distinct neighbouring words kept per word of a document (each becomes a feature).
const MAX_DOC_NEIGHBOURS: usize = 3;

/// Distinct neighbour shapes (before and after together) kept per word of a document.
const MAX_DOC_NEIGHBOUR_SHAPES: usize = 6;

/// Per-document facts about each word, gathered before tagging any sentence.
#[derive(Debug, Default)]
pub struct DocContext {
    words: HashMap<String, WordFacts>,
    /// Lower-cased first word of the document when its first sentence is in capitals
    /// (a wire headline's topic: "soccer", "cricket", "tennis").
    topic: Option<String>,
}

#[derive(Debug, Default)]
struct WordFacts {
    /// Lower-cased words seen right before occurrences (up to `MAX_DOC_NEIGHBOURS` distinct).
    before: Vec<String>,
    /// Lower-cased words seen right after occurrences (up to `MAX_DOC_NEIGHBOURS` distinct).
    after: Vec<String>,
    /// Capitalised somewhere not at the start of a sentence.
    capitalized_mid: bool,
    /// Seen in lower case somewhere.
    seen_lower: bool,
    /// Capitalised somewhere not at the start of a sentence, in a sentence not all in
    /// capitals.
    title_mid: bool,
    /// Hashes of the short shapes of the words right before (side 1) and after (side 2)
    /// occurrences, distinct, up to `MAX_DOC_NEIGHBOUR_SHAPES`.
    neighbour_shapes: Vec<u64>,
    count: u32,
}

/// Hash of a neighbour's side (1 before, 2 after) and short shape; `buf` is scratch space.
fn neighbour_shape(side: u64, word: &str, buf: &mut (String, String)) -> u64 {
    buf.0.clear();
    buf.1.clear();
    shapes_into(word, &mut buf.0, &mut buf.1);
    Hasher::new(0).num(side).str(&buf.1).finish()
}

impl DocContext {
    /// Gather the facts of a document given as sentences of tokens.
    pub fn new<S: AsRef<str>>(sentences: &[Vec<S>]) -> DocContext {
        let mut words: HashMap<String, WordFacts> = HashMap::default();
        let is_caps = |s: &[S]| {
            s.iter()
                .all(|t| !t.as_ref().chars().any(char::is_lowercase))
        };
        let topic = sentences.first().and_then(|s| {
            let w = s.first()?.as_ref();
            (is_caps(s) && w.chars().any(char::is_alphabetic)).then(|| w.to_lowercase())
        });
        let mut buf = (String::new(), String::new());
        for sentence in sentences {
            let lower: Vec<String> = sentence.iter().map(|t| t.as_ref().to_lowercase()).collect();
            let caps_sentence = is_caps(sentence);
            for (i, tok) in sentence.iter().enumerate() {
                let tok = tok.as_ref();
                if !tok.chars().next().is_some_and(char::is_alphabetic) {
                    continue;
                }
                // Look up before inserting, so a word seen before costs no allocation.
                if !words.contains_key(&lower[i]) {
                    words.insert(lower[i].clone(), WordFacts::default());
                }
                let Some(facts) = words.get_mut(&lower[i]) else {
                    continue;
                };
                facts.count += 1;
                if i > 0 && tok.starts_with(char::is_uppercase) {
                    facts.capitalized_mid = true;
                    facts.title_mid |= !caps_sentence;
                }
                let sides = [(1, i.checked_sub(1)), (2, Some(i + 1))];
                for (side, j) in sides {
                    let Some(word) = j.and_then(|j| sentence.get(j)) else {
                        continue;
                    };
                    if facts.neighbour_shapes.len() < MAX_DOC_NEIGHBOUR_SHAPES {
                        let h = neighbour_shape(side, word.as_ref(), &mut buf);
                        if !facts.neighbour_shapes.contains(&h) {
                            facts.neighbour_shapes.push(h);
                        }
                    }
                }
                if tok.starts_with(char::is_lowercase) {
                    facts.seen_lower = true;
                }
                if i > 0
                    && facts.before.len() < MAX_DOC_NEIGHBOURS
                    && !facts.before.contains(&lower[i - 1])
                {
                    facts.before.push(lower[i - 1].clone());
                }
                if i + 1 < sentence.len()
                    && facts.after.len() < MAX_DOC_NEIGHBOURS
                    && !facts.after.contains(&lower[i + 1])
                {
                    facts.after.push(lower[i + 1].clone());
                }
            }
        }
        DocContext { words, topic }
    }
}

fn gaz_class_code(c: GazClass) -> u64 {
    match c {
        GazClass::Per => 1,
        GazClass::Org => 2,
        GazClass::Loc => 3,
        GazClass::Misc => 4,
    }
}

fn gaz_pos_code(p: GazPosition) -> u64 {
    match p {
        GazPosition::Begin => 1,
        GazPosition::Inside => 2,
        GazPosition::Last => 3,
        GazPosition::Unit => 4,
    }
}

/// Features of one sentence: `offsets[i]..offsets[i+1]` indexes token i's features in `ids`.
#[derive(Debug, Default, Clone)]
pub struct SentenceFeatures {
    /// Start of each token's features in `ids` (plus one final end offset).
    pub offsets: Vec<usize>,
    /// Feature hashes.
    pub ids: Vec<u64>,
}

impl SentenceFeatures {
    /// Features of token `i`.
    pub fn token(&self, i: usize) -> &[u64] {
        &self.ids[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One sentence's words and what the features look up for each, computed once per sentence.
struct SentenceView<'a> {
    words: Vec<&'a str>,
    /// Lower-cased words.
    lower: Vec<&'a str>,
    /// (long, short) shapes.
    shape: Vec<(&'a str, &'a str)>,
    clusters: Vec<Option<[u16; GRANULARITIES]>>,
    vector_clusters: Vec<Option<[u16; GRANULARITIES]>>,
    gaz: Vec<Vec<(GazClass, GazPosition)>>,
    /// Whether each word has a letter.
    letters: Vec<bool>,
    /// The whole sentence is in capitals (a headline), with at least three words of letters.
    caps: bool,
}

impl SentenceView<'_> {
    fn len(&self) -> usize {
        self.words.len()
    }

    /// Index `j` when it lies inside the sentence, else the boundary marker of its side.
    fn position(&self, j: isize) -> Result<usize, &'static str> {
        if j < 0 {
            Err("<s>")
        } else if j as usize >= self.len() {
            Err("</s>")
        } else {
            Ok(j as usize)
        }
    }

    /// The lower-cased word at `j`, or a sentence boundary marker outside the sentence.
    fn word_at(&self, j: isize) -> &str {
        self.position(j)
            .map_or_else(|marker| marker, |k| self.lower[k])
    }

    /// The short shape at `j`, or a sentence boundary marker outside the sentence.
    fn shape_at(&self, j: isize) -> &str {
        self.position(j)
            .map_or_else(|marker| marker, |k| self.shape[k].1)
    }

    /// Index `j` when it lies inside the sentence.
    fn inside(&self, j: isize) -> Option<usize> {
        self.position(j).ok()
    }
}

/// Extract the features of one sentence.
pub fn extract<S: AsRef<str>>(
    res: &Resources,
    doc: &DocContext,
    sentence: &[S],
) -> SentenceFeatures {
    let n = sentence.len();
    let words: Vec<&str> = sentence.iter().map(AsRef::as_ref).collect();
    // Lower-cased words and shapes, each in one buffer per sentence (no string per token).
    let mut lower_buf = String::with_capacity(words.iter().map(|w| w.len()).sum());
    let mut long_buf = String::with_capacity(lower_buf.capacity());
    let mut short_buf = String::with_capacity(lower_buf.capacity());
    let mut ends = Vec::with_capacity(n);
    for w in &words {
        if w.is_ascii() {
            lower_buf.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower_buf.push_str(&w.to_lowercase());
        }
        shapes_into(w, &mut long_buf, &mut short_buf);
        ends.push((lower_buf.len(), long_buf.len(), short_buf.len()));
    }
    let mut lower: Vec<&str> = Vec::with_capacity(n);
    let mut shape: Vec<(&str, &str)> = Vec::with_capacity(n);
    let mut start = (0, 0, 0);
    for &end in &ends {
        lower.push(&lower_buf[start.0..end.0]);
        shape.push((&long_buf[start.1..end.1], &short_buf[start.2..end.2]));
        start = end;
    }
    let letters: Vec<bool> = words
        .iter()
        .map(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let caps = words
        .iter()
        .zip(&letters)
        .filter(|(_, l)| **l)
        .all(|(w, _)| !w.chars().any(char::is_lowercase))
        && letters.iter().filter(|l| **l).count() >= 3;
    let s = SentenceView {
        clusters: lower.iter().map(|w| res.clusters.get(w)).collect(),
        vector_clusters: lower.iter().map(|w| res.vector_clusters.get(w)).collect(),
        gaz: res.gazetteer.annotate(&words),
        words,
        lower,
        shape,
        letters,
        caps,
    };

    let mut out = SentenceFeatures {
        offsets: Vec::with_capacity(n + 1),
        ids: Vec::with_capacity(n * 64),
    };
    // The order of the groups is the order of the ids the model was trained on.
    for i in 0..n {
        out.offsets.push(out.ids.len());
        let f = &mut out.ids;
        word_features(&s, i, f);
        context_features(&s, i, f);
        cluster_features(&s, res, i, f);
        gazetteer_features(&s, i, f);
        document_features(&s, doc, i, f);
        topic_features(&s, doc, i, f);
    }
    out.offsets.push(out.ids.len());
    out
}

/// The token itself: word, lower case, prefixes and suffixes, shapes, digits, position.
fn word_features(s: &SentenceView, i: usize, f: &mut Vec<u64>) {
    let w = s.words[i];
    let lw = s.lower[i];
    f.push(Hasher::new(0).finish());
    f.push(Hasher::new(1).str(w).finish());
    f.push(Hasher::new(2).str(lw).finish());
    // Prefixes and suffixes of 1–4 characters, sliced at char boundaries (no allocation).
    for (k, (b, _)) in lw.char_indices().skip(1).take(4).enumerate() {
        f.push(Hasher::new(3).num(k as u64 + 1).str(&lw[..b]).finish());
    }
    let nchars = lw.chars().count();
    if nchars <= 4 {
        f.push(Hasher::new(3).num(nchars as u64).str(lw).finish());
    }
    for (k, (b, _)) in lw.char_indices().rev().take(4).enumerate() {
        f.push(Hasher::new(4).num(k as u64 + 1).str(&lw[b..]).finish());
    }
    f.push(Hasher::new(5).str(s.shape[i].0).finish());
    f.push(Hasher::new(6).str(s.shape[i].1).finish());
    if w.chars().any(|c| c.is_ascii_digit()) {
        let norm: String = lw
            .chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect();
        f.push(Hasher::new(7).str(&norm).finish());
    }
    if i == 0 {
        f.push(Hasher::new(8).str(s.shape[i].1).finish());
    }
    if s.caps {
        f.push(Hasher::new(9).str(s.shape[i].1).finish());
        f.push(Hasher::new(10).str(lw).finish());
    }
}

/// Context words and shapes.
fn context_features(s: &SentenceView, i: usize, f: &mut Vec<u64>) {
    let lw = s.lower[i];
    let ii = i as isize;
    f.push(Hasher::new(20).str(s.word_at(ii - 1)).finish());
    f.push(Hasher::new(21).str(s.word_at(ii + 1)).finish());
    f.push(Hasher::new(22).str(s.word_at(ii - 2)).finish());
    f.push(Hasher::new(23).str(s.word_at(ii + 2)).finish());
    f.push(Hasher::new(24).str(s.shape_at(ii - 1)).finish());
    f.push(Hasher::new(25).str(s.shape_at(ii + 1)).finish());
    f.push(Hasher::new(26).str(s.word_at(ii - 1)).str(lw).finish());
    f.push(Hasher::new(27).str(lw).str(s.word_at(ii + 1)).finish());
    f.push(
        Hasher::new(28)
            .str(s.shape_at(ii - 1))
            .str(s.shape[i].1)
            .str(s.shape_at(ii + 1))
            .finish(),
    );
    f.push(
        Hasher::new(29)
            .str(s.word_at(ii - 1))
            .str(s.shape[i].1)
            .finish(),
    );
}

/// Word clusters and static-vector clusters of the token and its neighbours.
fn cluster_features(s: &SentenceView, res: &Resources, i: usize, f: &mut Vec<u64>) {
    let ii = i as isize;
    for (d, j) in [(0u64, ii), (1, ii - 1), (2, ii + 1)] {
        match s.inside(j).and_then(|j| s.clusters[j]) {
            Some(ids) => {
                for (g, id) in ids.iter().enumerate() {
                    f.push(
                        Hasher::new(30)
                            .num(d * 8 + g as u64)
                            .num(u64::from(*id))
                            .finish(),
                    );
                }
            }
            None if d == 0 => f.push(Hasher::new(31).finish()),
            None => {}
        }
    }
    if let Some(ids) = s.clusters[i] {
        f.push(
            Hasher::new(32)
                .num(u64::from(ids[GRANULARITIES - 1]))
                .str(s.shape[i].1)
                .finish(),
        );
    }
    // Static-vector clusters: cover words the news corpus never saw.
    for (d, j) in [(0u64, ii), (1, ii - 1), (2, ii + 1)] {
        let Some(j) = s.inside(j) else {
            continue;
        };
        match s.vector_clusters[j] {
            Some(ids) => {
                let levels = if d == 0 { GRANULARITIES } else { 2 };
                for (g, id) in ids.iter().enumerate().take(levels) {
                    f.push(
                        Hasher::new(33)
                            .num(d * 8 + g as u64)
                            .num(u64::from(*id))
                            .finish(),
                    );
                }
                if d == 0 {
                    f.push(
                        Hasher::new(34)
                            .num(u64::from(ids[1]))
                            .str(s.shape[i].1)
                            .finish(),
                    );
                }
            }
            None if d == 0 && !res.vector_clusters.is_empty() => {
                f.push(Hasher::new(35).str(s.shape[i].1).finish());
            }
            None => {}
        }
    }
}

/// Gazetteer matches of the token (class and position) and of its neighbours (class).
fn gazetteer_features(s: &SentenceView, i: usize, f: &mut Vec<u64>) {
    for &(class, pos) in &s.gaz[i] {
        f.push(
            Hasher::new(40)
                .num(gaz_class_code(class))
                .num(gaz_pos_code(pos))
                .finish(),
        );
        f.push(
            Hasher::new(41)
                .num(gaz_class_code(class))
                .str(s.shape[i].1)
                .finish(),
        );
    }
    let ii = i as isize;
    for (d, j) in [(1u64, ii - 1), (2, ii + 1)] {
        if let Some(j) = s.inside(j) {
            for &(class, _) in &s.gaz[j] {
                f.push(Hasher::new(42).num(d).num(gaz_class_code(class)).finish());
            }
        }
    }
}

/// Document context: what the other occurrences of the word in the document show.
fn document_features(s: &SentenceView, doc: &DocContext, i: usize, f: &mut Vec<u64>) {
    if !s.letters[i] {
        return;
    }
    let Some(facts) = doc.words.get(s.lower[i]) else {
        return;
    };
    for b in &facts.before {
        f.push(Hasher::new(50).str(b).finish());
    }
    for a in &facts.after {
        f.push(Hasher::new(51).str(a).finish());
    }
    let caps = s.words[i].starts_with(char::is_uppercase);
    f.push(
        Hasher::new(52)
            .num(u64::from(facts.capitalized_mid))
            .num(u64::from(facts.seen_lower))
            .num(u64::from(caps))
            .num(u64::from(i == 0))
            .finish(),
    );
    f.push(
        Hasher::new(53)
            .num(u64::from(facts.count.min(4)))
            .str(s.shape[i].1)
            .finish(),
    );
    for h in &facts.neighbour_shapes {
        f.push(Hasher::new(57).num(*h).finish());
    }
    if s.caps {
        f.push(
            Hasher::new(58)
                .num(u64::from(facts.title_mid))
                .num(u64::from(facts.seen_lower))
                .finish(),
        );
    }
}

/// The document's topic with the token's name-list classes and coarse cluster, only in
/// documents that have one: elsewhere these would merely repeat the gazetteer and cluster
/// features under other weights (and moved entities in plain news text).
fn topic_features(s: &SentenceView, doc: &DocContext, i: usize, f: &mut Vec<u64>) {
    let Some(topic) = doc
        .topic
        .as_deref()
        .filter(|_| s.words[i].starts_with(char::is_uppercase))
    else {
        return;
    };
    for &(class, _) in &s.gaz[i] {
        f.push(
            Hasher::new(59)
                .str(topic)
                .num(gaz_class_code(class))
                .finish(),
        );
    }
    if let Some(ids) = s.clusters[i] {
        f.push(Hasher::new(62).str(topic).num(u64::from(ids[0])).finish());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_forms() {
        assert_eq!(
            shapes("McDonald's"),
            ("XxXxx'x".to_string(), "XxXx'x".to_string())
        );
        assert_eq!(shapes("1996-08-22").1, "d-d-d");
        assert_eq!(shapes("NATO").0, "XX");
    }

    #[test]
    fn features_are_deterministic_and_context_sensitive() {
        let res = Resources::default();
        let s1 = vec!["Mr.", "Quill", "spoke"];
        let s2 = vec!["Quill", "spoke"];
        let doc = DocContext::new(&[s1.clone(), s2.clone()]);
        let a = extract(&res, &doc, &s1);
        let b = extract(&res, &doc, &s1);
        assert_eq!(a.ids, b.ids);
        assert_eq!(a.len(), 3);
        // "Quill" in s2 knows that it follows "mr." elsewhere in the document.
        let alone = extract(&res, &DocContext::new(std::slice::from_ref(&s2)), &s2);
        let with_doc = extract(&res, &doc, &s2);
        assert_ne!(alone.token(0), with_doc.token(0));
    }
}

/// Labels the tagger gave earlier in the same document ("extended prediction history",
/// Ratinov & Roth 2009): a word tagged PER in the third sentence is likely PER in the tenth,
/// even where its local context is weak. Filled from predictions as a document is tagged,
/// in training and in use alike.
#[derive(Debug, Default)]
pub struct History {
    /// Lower-cased word → how often it was inside an entity of each type.
    seen: HashMap<String, [u16; 4]>,
}

fn type_index(kind: readout_core::EntityType) -> usize {
    readout_core::EntityType::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

impl History {
    /// Record a tagged sentence's entity spans.
    pub fn record<S: AsRef<str>>(
        &mut self,
        sentence: &[S],
        spans: &[(usize, usize, readout_core::EntityType)],
    ) {
        for &(s, e, kind) in spans {
            for tok in &sentence[s..e] {
                let tok = tok.as_ref();
                if tok.chars().next().is_some_and(char::is_alphabetic) {
                    let counts = self.seen.entry(tok.to_lowercase()).or_default();
                    counts[type_index(kind)] = counts[type_index(kind)].saturating_add(1);
                }
            }
        }
    }

    /// `base` plus history features for each capitalised token seen in an entity before.
    pub fn add_features<S: AsRef<str>>(
        &self,
        sentence: &[S],
        base: &SentenceFeatures,
    ) -> SentenceFeatures {
        self.extend(sentence, base.clone())
    }

    /// [`History::add_features`] taking `base` by value: no copy when nothing is added.
    pub fn extend<S: AsRef<str>>(
        &self,
        sentence: &[S],
        base: SentenceFeatures,
    ) -> SentenceFeatures {
        if self.seen.is_empty() {
            return base;
        }
        let mut out = SentenceFeatures {
            offsets: Vec::with_capacity(base.offsets.len()),
            ids: Vec::with_capacity(base.ids.len() + sentence.len() * 2),
        };
        for (i, tok) in sentence.iter().enumerate() {
            out.offsets.push(out.ids.len());
            out.ids.extend_from_slice(base.token(i));
            let tok = tok.as_ref();
            if !tok.starts_with(char::is_uppercase) {
                continue;
            }
            if let Some(counts) = self.seen.get(&tok.to_lowercase()) {
                let best = (0..4).max_by_key(|&k| counts[k]).unwrap_or(0);
                out.ids.push(Hasher::new(60).num(best as u64).finish());
                for (k, c) in counts.iter().enumerate() {
                    if *c > 0 {
                        out.ids.push(Hasher::new(61).num(k as u64).finish());
                    }
                }
            }
        }
        out.offsets.push(out.ids.len());
        out
    }
}
