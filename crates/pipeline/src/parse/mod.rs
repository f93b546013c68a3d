//! Parse (after segmentation): part of speech, lemma and a dependency tree for every
//! sentence, in Universal Dependencies conventions.
//!
//! Two greedy classifiers trained by readout (`readout train parse`, in `readout-train`):
//! * a left-to-right averaged-perceptron tagger ([`features::tagger_features`]) choosing one
//!   of the treebank's (UPOS, XPOS) pairs per word, from the word, its suffixes and shape,
//!   its neighbours, the news and word-vector clusters the entity tagger uses, and the tags
//!   already chosen;
//! * an arc-hybrid transition parser ([`transition`]) whose moves are chosen by an averaged
//!   perceptron over the classic rich feature set of Zhang & Nivre (2011)
//!   ([`features::parser_features`]), trained with a dynamic oracle. A sentence of `n`
//!   words takes `2n` moves: parsing is linear in the sentence's length.
//!
//! Lemmas come from rules plus the treebank's exceptions ([`lemma`]). [`tree::Tree`] is the
//! view later stages read the parse through (subject, object, obliques, passive agent,
//! clausal complement, coordination, negation, phrase spans).
//!
//! The model lives in `models/parse/` and is compiled in, like the entity model.

pub mod conllu;
pub mod features;
pub mod lemma;
pub mod repair;
pub mod transition;
pub mod tree;
pub mod weights;

use std::io::{self, Read, Write};
use std::sync::OnceLock;

use readout_core::{Document, Sentence, Token, TokenSyntax};
use rustc_hash::FxHashMap;

use self::features::{atoms, parser_features, tagger_features, Atoms, ClusterSets, NO_TAG};
use self::lemma::Lemmatizer;
use self::transition::{Move, State};
use self::weights::{bad, read_array, read_u32, Weights};

const EMBEDDED_MODEL: &[u8] = include_bytes!("../../../../models/parse/model.bin.gz");

const MAGIC: &[u8; 8] = b"RDPARSE1";

/// Longest string field in a model file (a label, a tag, a lemma, the metadata).
const MAX_STRING: usize = 1 << 20;

/// One tag of the tagger: a UPOS with its Penn Treebank tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag {
    /// Universal part of speech.
    pub upos: String,
    /// Penn Treebank tag.
    pub xpos: String,
}

/// The syntax model: tag set, label set, the two classifiers and the lemmatizer.
#[derive(Debug, Clone)]
pub struct SyntaxModel {
    /// Tags the tagger chooses from; a tag id indexes this list.
    pub tags: Vec<Tag>,
    /// Dependency labels; a label id indexes this list.
    pub labels: Vec<String>,
    /// Tagger weights (one class per tag).
    pub tagger: Weights,
    /// Parser weights (one class per move, see [`Move::class`]).
    pub parser: Weights,
    /// Lemmatizer.
    pub lemmatizer: Lemmatizer,
    /// How the model was made (training command, data, dev scores), as JSON text.
    pub metadata: String,
    root: u8,
}

/// What the model says of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordParse {
    /// Tag id (into [`SyntaxModel::tags`]).
    pub tag: u16,
    /// Head word index, `None` for the root.
    pub head: Option<usize>,
    /// Label id (into [`SyntaxModel::labels`]).
    pub label: u8,
}

impl SyntaxModel {
    /// A model from its parts. Fails when the label set has no `root` or too many labels.
    pub fn new(
        tags: Vec<Tag>,
        labels: Vec<String>,
        tagger: Weights,
        parser: Weights,
        lemmatizer: Lemmatizer,
        metadata: String,
    ) -> io::Result<SyntaxModel> {
        let root = labels
            .iter()
            .position(|l| l == "root")
            .ok_or_else(|| bad("the label set has no root"))?;
        if labels.len() > 127 || tags.is_empty() || tags.len() >= NO_TAG as usize {
            return Err(bad("tag or label set out of range"));
        }
        Ok(SyntaxModel {
            tags,
            labels,
            tagger,
            parser,
            lemmatizer,
            metadata,
            root: root as u8,
        })
    }

    /// The model compiled into this build (loaded once, then shared).
    pub fn embedded() -> &'static SyntaxModel {
        static MODEL: OnceLock<SyntaxModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            // The embedded model is checked by the test suite; failing here means the build
            // itself is broken.
            SyntaxModel::read(EMBEDDED_MODEL).expect("the embedded parse model loads")
        })
    }

    /// The embedded model and the clusters its features read. The first call loads them side
    /// by side (the clusters on threads of their own): the loads are independent, so on two
    /// cores start-up takes the longest of them rather than their sum.
    pub fn embedded_with_clusters() -> (&'static SyntaxModel, ClusterSets<'static>) {
        std::thread::scope(|scope| {
            let clusters = scope.spawn(SyntaxModel::clusters);
            let model = SyntaxModel::embedded();
            // A failed load panics again, with its message, in `clusters()`.
            let clusters = clusters.join().unwrap_or_else(|_| SyntaxModel::clusters());
            (model, clusters)
        })
    }

    /// The label id of `root`.
    pub fn root_label(&self) -> u8 {
        self.root
    }

    /// The word clusters the features use: the embedded entity tagger's, loaded without the
    /// rest of it.
    pub fn clusters() -> ClusterSets<'static> {
        let (news, vectors) = crate::ner::embedded_clusters();
        ClusterSets { news, vectors }
    }

    /// Tag a sentence: one tag id per word, left to right.
    pub fn tag(&self, atoms: &[Atoms]) -> Vec<u16> {
        tag_greedy(atoms, self.tags.len(), |feats, scores| {
            self.tagger.score(feats, scores)
        })
    }

    /// Parse a tagged sentence: each word's head (`None` for the root) and label id.
    pub fn parse(&self, atoms: &[Atoms], tags: &[u16]) -> Vec<(Option<usize>, u8)> {
        let n = atoms.len();
        let mut state = State::new(n);
        let mut feats = Vec::with_capacity(128);
        let mut scores = vec![0f32; self.parser.n_classes()];
        while !state.is_terminal() {
            // A state with one legal move needs no scoring: an empty stack can only SHIFT,
            // and the last word left with the buffer at the root can only attach to it
            // (the shifts before the main verb and the final attachment: about a tenth of
            // the moves, same output).
            if let Some(m) = state.only_legal_move(self.root) {
                state.apply(m);
                continue;
            }
            parser_features(atoms, tags, &state, &mut feats);
            scores.fill(0.0);
            self.parser.score(&feats, &mut scores);
            state.apply(self.best_legal(&state, &scores));
        }
        (0..n)
            .map(|i| {
                let node = &state.nodes[i];
                ((node.head != n).then_some(node.head), node.label)
            })
            .collect()
    }

    /// The best-scoring legal move (SHIFT or a LEFT is always legal before the end).
    pub fn best_legal(&self, state: &State, scores: &[f32]) -> Move {
        let mut best = None;
        let mut best_score = f32::NEG_INFINITY;
        for (c, &s) in scores.iter().enumerate() {
            let m = Move::from_class(c);
            if s > best_score && state.is_legal(m, self.root) {
                best = Some(m);
                best_score = s;
            }
        }
        // A model with no weight at all still makes legal moves.
        best.unwrap_or(if state.b < state.n {
            Move::Shift
        } else if state.stack.len() > 1 {
            Move::Right(if self.root == 0 { 1 } else { 0 })
        } else {
            Move::Left(self.root)
        })
    }

    /// Tag, parse and lemmatize one sentence of words. A dateline opening the sentence
    /// ("OSLO, May 3 (Wire) -", see [`dateline_len`]) is layout, not syntax: it is parsed
    /// apart and hangs from the rest's root as `dep`, so it never takes the subject's place.
    pub fn analyze_words<S: AsRef<str>>(
        &self,
        words: &[S],
        clusters: ClusterSets<'_>,
    ) -> Vec<TokenSyntax> {
        let Some(k) = dateline_len(words) else {
            return self.analyze_span(words, clusters);
        };
        let mut head_part = self.analyze_span(&words[..k], clusters);
        let mut rest = self.analyze_span(&words[k..], clusters);
        let rest_root = rest.iter().position(|t| t.head.is_none()).map(|r| r + k);
        for t in &mut head_part {
            if t.head.is_none() {
                t.head = rest_root;
                t.deprel = "dep".to_string();
            }
        }
        for t in &mut rest {
            t.head = t.head.map(|h| h + k);
        }
        head_part.extend(rest);
        head_part
    }

    fn analyze_span<S: AsRef<str>>(
        &self,
        words: &[S],
        clusters: ClusterSets<'_>,
    ) -> Vec<TokenSyntax> {
        let atoms = atoms(words, clusters);
        let tags = self.tag(&atoms);
        let arcs = self.parse(&atoms, &tags);
        let mut toks: Vec<TokenSyntax> = words
            .iter()
            .zip(tags.iter().zip(arcs))
            .map(|(w, (&t, (head, label)))| {
                let tag = &self.tags[t as usize];
                TokenSyntax {
                    upos: tag.upos.clone(),
                    xpos: tag.xpos.clone(),
                    lemma: self.lemmatizer.lemma(w.as_ref(), &tag.upos, &tag.xpos),
                    head,
                    deprel: self.labels[label as usize].clone(),
                }
            })
            .collect();
        repair::repair(words, &mut toks);
        toks
    }

    /// Fill UPOS, XPOS, LEMMA, HEAD and DEPREL of CoNLL-U sentences, keeping their words
    /// (gold tokenization) and every other column.
    pub fn annotate_conllu(&self, sentences: &mut [conllu::Sentence], clusters: ClusterSets<'_>) {
        for s in sentences {
            let parsed = self.analyze_words(&s.forms(), clusters);
            for (w, p) in s.words.iter_mut().zip(parsed) {
                w.upos = p.upos;
                w.xpos = p.xpos;
                w.lemma = p.lemma;
                w.head = p.head;
                w.deprel = p.deprel;
            }
        }
    }

    /// Write the model (gzip-compressed).
    pub fn write(&self, out: impl Write) -> io::Result<()> {
        let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::best());
        gz.write_all(MAGIC)?;
        gz.write_all(&(self.tags.len() as u32).to_le_bytes())?;
        for t in &self.tags {
            write_str(&mut gz, &t.upos)?;
            write_str(&mut gz, &t.xpos)?;
        }
        gz.write_all(&(self.labels.len() as u32).to_le_bytes())?;
        for l in &self.labels {
            write_str(&mut gz, l)?;
        }
        self.tagger.write(&mut gz)?;
        self.parser.write(&mut gz)?;
        let mut ex: Vec<_> = self.lemmatizer.exceptions().iter().collect();
        ex.sort();
        gz.write_all(&(ex.len() as u32).to_le_bytes())?;
        for ((form, upos), lemma) in ex {
            write_str(&mut gz, form)?;
            write_str(&mut gz, upos)?;
            write_str(&mut gz, lemma)?;
        }
        write_str(&mut gz, &self.metadata)?;
        gz.finish()?.flush()
    }

    /// Read a model written by [`SyntaxModel::write`].
    pub fn read(bytes: &[u8]) -> io::Result<SyntaxModel> {
        let mut r = io::BufReader::new(flate2::read::GzDecoder::new(bytes));
        if &read_array::<8>(&mut r)? != MAGIC {
            return Err(bad("not a readout parse model (bad magic)"));
        }
        let n_tags = read_count(&mut r)?;
        let mut tags = Vec::with_capacity(n_tags);
        for _ in 0..n_tags {
            tags.push(Tag {
                upos: read_str(&mut r)?,
                xpos: read_str(&mut r)?,
            });
        }
        let n_labels = read_count(&mut r)?;
        let labels = (0..n_labels)
            .map(|_| read_str(&mut r))
            .collect::<io::Result<_>>()?;
        let tagger = Weights::read(&mut r)?;
        let parser = Weights::read(&mut r)?;
        let n_ex = read_count(&mut r)?;
        let mut exceptions = FxHashMap::default();
        for _ in 0..n_ex {
            let key = (read_str(&mut r)?, read_str(&mut r)?);
            exceptions.insert(key, read_str(&mut r)?);
        }
        let metadata = read_str(&mut r)?;
        let model = SyntaxModel::new(
            tags,
            labels,
            tagger,
            parser,
            Lemmatizer::new(exceptions),
            metadata,
        )?;
        if model.tagger.n_classes() != model.tags.len()
            || model.parser.n_classes() != Move::classes(model.labels.len())
        {
            return Err(bad("classifier sizes do not match the tag and label sets"));
        }
        Ok(model)
    }
}

/// The tags already chosen for the two words before word `i` (the tagger's history).
pub fn previous_tags(tags: &[u16], i: usize) -> [u16; 2] {
    [
        if i >= 1 { tags[i - 1] } else { NO_TAG },
        if i >= 2 { tags[i - 2] } else { NO_TAG },
    ]
}

/// Greedy left-to-right tagging with `score` (the trained weights, or a perceptron under
/// training, which tags the jackknife folds the same way analysis will).
pub fn tag_greedy(
    atoms: &[Atoms],
    n_tags: usize,
    mut score: impl FnMut(&[u64], &mut [f32]),
) -> Vec<u16> {
    let mut tags = vec![NO_TAG; atoms.len()];
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; n_tags];
    for i in 0..atoms.len() {
        tagger_features(atoms, i, previous_tags(&tags, i), [NO_TAG; 2], &mut feats);
        scores.fill(0.0);
        score(&feats, &mut scores);
        tags[i] = argmax(&scores) as u16;
    }
    tags
}

/// Number of words of a dateline opening a sentence, its dash included: "BERLIN, March 1
/// (Reuters) -", "OSLO (Wire) —". Before the dash (within the first 15 words) every word is
/// capitalized, a number, punctuation or inside brackets, and one is in capitals or
/// bracketed; at least two words follow the dash.
pub fn dateline_len<S: AsRef<str>>(words: &[S]) -> Option<usize> {
    let dash = words
        .iter()
        .take(16)
        .position(|w| matches!(w.as_ref(), "-" | "--" | "\u{2014}" | "\u{2013}"))?;
    if dash == 0 || dash + 3 > words.len() {
        return None;
    }
    let mut depth = 0usize;
    let mut marked = false;
    for w in &words[..dash] {
        let w = w.as_ref();
        let first = w.chars().next()?;
        match w {
            "(" => {
                depth += 1;
                marked = true;
            }
            ")" => depth = depth.saturating_sub(1),
            "," | "." | "/" => {}
            _ if depth > 0 => {}
            _ if first.is_uppercase() => {
                let letters = w.chars().filter(|c| c.is_alphabetic()).count();
                marked |= letters >= 2 && !w.chars().any(|c| c.is_lowercase());
            }
            _ if first.is_ascii_digit() => {}
            _ => return None,
        }
    }
    let first = words[0].as_ref().chars().next()?;
    (marked && first.is_uppercase()).then_some(dash + 1)
}

/// Index of the highest score (the first of equal ones).
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(&(s.len() as u32).to_le_bytes())?;
    out.write_all(s.as_bytes())
}

fn read_count(r: &mut impl Read) -> io::Result<usize> {
    let n = read_u32(r)? as usize;
    if n > 1 << 24 {
        return Err(bad("count out of range"));
    }
    Ok(n)
}

fn read_str(r: &mut impl Read) -> io::Result<String> {
    let n = read_u32(r)? as usize;
    if n > MAX_STRING {
        return Err(bad("string field too long"));
    }
    let mut buf = vec![0u8; n];
    r.read_exact(&mut buf)?;
    String::from_utf8(buf).map_err(|_| bad("string field is not UTF-8"))
}

/// Tag, lemmatize and parse every sentence of `doc` with the embedded model, filling each
/// token's [`TokenSyntax`].
pub fn recognize(doc: &mut Document) {
    recognize_with(SyntaxModel::embedded(), SyntaxModel::clusters(), doc);
}

/// [`recognize`] with a given model.
pub fn recognize_with(model: &SyntaxModel, clusters: ClusterSets<'_>, doc: &mut Document) {
    annotate(model, clusters, &mut doc.tokens, &doc.sentences);
}

/// Tag, lemmatize and parse the tokens of each sentence (its token range into `tokens`) with
/// the embedded model: for callers that hold tokens and sentences without a [`Document`].
pub fn recognize_tokens(tokens: &mut [Token], sentences: &[Sentence]) {
    annotate(
        SyntaxModel::embedded(),
        SyntaxModel::clusters(),
        tokens,
        sentences,
    );
}

fn annotate(
    model: &SyntaxModel,
    clusters: ClusterSets<'_>,
    tokens: &mut [Token],
    sentences: &[Sentence],
) {
    for s in sentences {
        let Some(sentence) = tokens.get_mut(s.token_start..s.token_end) else {
            continue;
        };
        let words: Vec<&str> = sentence.iter().map(|t| t.text.as_str()).collect();
        let parsed = model.analyze_words(&words, clusters);
        for (t, syntax) in sentence.iter_mut().zip(parsed) {
            t.syntax = Some(syntax);
        }
    }
}

#[cfg(test)]
mod tests;
