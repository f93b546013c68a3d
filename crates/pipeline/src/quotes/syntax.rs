//! Reported speech read from the dependency parse (issue 19): what the word patterns of
//! [`super::indirect_quotes`] cannot reach because speaker, cue and content are not next to
//! each other.
//!
//! For every predicate of a parsed sentence:
//! * **Clausal complement.** A verb with a `ccomp` and a subject reports that clause: "the
//!   mayor, who took office in May, insisted on Friday that …" (speaker = the subject; a
//!   relative pronoun stays as written, the resolver finds its person; a passive's agent).
//! * **Stated intent.** A verb of wanting, promising or refusing with an open complement
//!   reports it: "the council vowed to reopen the depot".
//! * **Stance on a thing.** A verb of praise, criticism or demand reports its object:
//!   "the union called for a pay rise", "the governor criticized the ruling".
//! * **Nominal cues.** A noun of saying or believing with a "that" clause reports the clause:
//!   "the ministry's claim that the dam is safe" (speaker = the possessor).
//!
//! Each finding is one indirect quote. Spans never hold a lone quotation mark (a scare quote
//! inside is kept whole), never overlap a quote the word patterns found, and need three
//! words or more; a subject that is an expletive ("it is likely that") or a bare
//! demonstrative gives nothing. Each sentence's
//! dependents are indexed once, so the pass is linear in the sentence.

use readout_core::Token;

use crate::parse::tree::Tree;

use super::lexicon::quote_mark;

/// A quote found on the parse, in indices of the flattened title-and-body tokens.
pub(super) struct TreeQuote {
    pub content: (usize, usize),
    pub cue: (usize, usize),
    pub speaker: Option<(usize, usize)>,
}

/// Lemmas of verbs whose open complement ("vowed *to rebuild*") is what the subject says
/// it wants or will do: PolNeAR counts such stated intent as an attribution.
#[rustfmt::skip]
const INTENT_VERBS: &[&str] = &[
    "want", "hope", "plan", "vow", "promise", "pledge", "refuse", "threaten", "intend",
    "decline", "agree", "offer", "seek", "urge", "ask", "demand", "propose", "expect", "aim",
    "wish", "insist", "warn", "vote", "call",
];

/// Lemmas of verbs whose direct object is the stance the subject takes ("criticized *the
/// ruling*", "backed *the plan*").
#[rustfmt::skip]
const STANCE_VERBS: &[&str] = &[
    "praise", "criticize", "criticise", "condemn", "blast", "slam", "attack", "reject",
    "support", "back", "endorse", "oppose", "deny", "defend", "propose", "want", "cite",
    "mention", "describe", "question", "dismiss", "welcome", "applaud", "denounce", "accuse",
    "blame", "demand", "urge", "announce", "predict", "promise", "pledge", "challenge",
    "dispute", "tout", "champion", "acknowledge", "admit", "recommend", "echo", "label",
    "address", "rebuke", "mock", "ridicule", "hail", "decry", "lament", "concede", "recall",
    "suggest", "request", "favor", "favour", "advocate", "express", "voice",
];

/// Lemmas of verbs whose oblique with the given preposition is the stance ("called *for* a
/// ban", "spoke *about* the economy").
const STANCE_OBLIQUES: &[(&str, &str)] = &[
    ("call", "for"),
    ("push", "for"),
    ("argue", "for"),
    ("speak", "about"),
    ("talk", "about"),
    ("speak", "of"),
    ("complain", "about"),
    ("warn", "of"),
    ("warn", "about"),
    ("point", "to"),
    ("insist", "on"),
];

/// Nouns that introduce what someone says or believes with a "that" clause.
#[rustfmt::skip]
const CUE_NOUNS: &[&str] = &[
    "claim", "statement", "view", "belief", "assertion", "argument", "promise", "pledge",
    "warning", "charge", "allegation", "accusation", "suggestion", "insistence", "contention",
    "hope", "fear", "concern", "assurance", "admission", "announcement", "report", "complaint",
    "prediction", "suspicion", "conviction", "position", "message", "threat", "vow", "opinion",
    "sense", "feeling", "idea", "notion", "impression",
];

/// Subjects that refer to no one: an expletive or a clause-level demonstrative.
fn is_empty_subject(tree: &Tree, s: usize) -> bool {
    // "Which means they …" opening a sentence refers back to a whole clause.
    let clause_which = s == 0 && tree.text(s).eq_ignore_ascii_case("which");
    tree.deprel(s) == "expl"
        || clause_which
        || Tree::is_rel(tree.deprel(s), "csubj")
        || matches!(
            tree.text(s).to_lowercase().as_str(),
            "this" | "that" | "there" | "what"
        )
}

/// The indirect quotes of one parsed sentence whose tokens start at flattened index `base`.
/// `free(a, b)` tells whether flattened tokens `a..b` are free for a new quote.
pub(super) fn sentence_quotes(
    tokens: &[Token],
    base: usize,
    free: &dyn Fn(usize, usize) -> bool,
) -> Vec<TreeQuote> {
    let Some(tree) = Tree::new(tokens) else {
        return Vec::new();
    };
    let mut out: Vec<TreeQuote> = Vec::new();
    for v in 0..tree.len() {
        let Some((content, speaker)) = reported(&tree, v) else {
            continue;
        };
        let mut content = content;
        // A parenthesis closes inside the content: "Rep. Vale (D-Ore.)", not "(D-Ore.".
        let opened = (content.0..=content.1)
            .map(|k| match tree.text(k) {
                "(" => 1i32,
                ")" => -1,
                _ => 0,
            })
            .sum::<i32>();
        if opened > 0 && content.1 + 1 < tree.len() && tree.text(content.1 + 1) == ")" {
            content.1 += 1;
        }
        let (a, b) = (base + content.0, base + content.1 + 1);
        let words = (content.0..=content.1)
            .filter(|&k| tree.upos(k) != "PUNCT")
            .count();
        // A scare quote inside the content is part of it; a lone mark means the content
        // runs into or out of a direct quote.
        let marks = (content.0..=content.1)
            .filter(|&k| quote_mark(tree.text(k)).is_some())
            .count();
        let crosses_mark = marks % 2 == 1;
        let cue_inside = content.0 <= v && v <= content.1;
        if words < 3 || crosses_mark || cue_inside || !free(a, b) || !free(base + v, base + v + 1) {
            continue;
        }
        if out.iter().any(|q| q.content.0 < b && a < q.content.1) {
            // One content per stretch of text: the outer report already covers it.
            continue;
        }
        out.push(TreeQuote {
            content: (a, b),
            cue: (base + v, base + v + 1),
            speaker: speaker.map(|(s, e)| (base + s, base + e + 1)),
        });
    }
    out
}

/// A content and its speaker phrase, inclusive token ranges within the sentence.
type Report = ((usize, usize), Option<(usize, usize)>);

/// The content (inclusive token range) and speaker phrase that predicate or noun `v`
/// reports, if it reports one.
fn reported(tree: &Tree, v: usize) -> Option<Report> {
    let upos = tree.upos(v);
    if upos == "NOUN" {
        return nominal(tree, v);
    }
    if upos != "VERB" {
        return None;
    }
    let lemma = tree.lemma(v).to_lowercase();
    let speaker = speaker_of(tree, v)?;
    let content = if let Some(c) = tree.child_with(v, "ccomp") {
        clause_range(tree, c)
    } else if let Some(x) = tree
        .child_with(v, "xcomp")
        .filter(|_| INTENT_VERBS.contains(&lemma.as_str()))
    {
        tree.subtree_range(x)
    } else if let Some(o) = tree
        .object(v)
        .filter(|_| STANCE_VERBS.contains(&lemma.as_str()))
    {
        tree.subtree_range(o)
    } else {
        let (o, _) = tree.obliques(v).into_iter().find(|(_, p)| {
            p.as_deref()
                .is_some_and(|p| STANCE_OBLIQUES.iter().any(|(l, q)| *l == lemma && *q == p))
        })?;
        let (s, e) = tree.subtree_range(o);
        // Leave the preposition out: "called for *a ban*".
        (s + usize::from(tree.deprel(s) == "case"), e)
    };
    Some((content, Some(speaker)))
}

/// A nominal cue ("the ministry's claim that …"): the "that" clause, and the possessor as
/// speaker when there is one.
fn nominal(tree: &Tree, n: usize) -> Option<Report> {
    if !CUE_NOUNS.contains(&tree.lemma(n).to_lowercase().as_str()) {
        return None;
    }
    let clause = tree.children(n).find(|&c| {
        let rel = tree.deprel(c);
        (rel == "acl" || rel == "ccomp")
            && tree
                .children(c)
                .any(|m| tree.deprel(m) == "mark" && tree.text(m).eq_ignore_ascii_case("that"))
    })?;
    Some((clause_range(tree, clause), possessor(tree, n)))
}

/// The possessor of noun `n` ("*the council*'s claim"), without its "'s".
fn possessor(tree: &Tree, n: usize) -> Option<(usize, usize)> {
    let p = tree.child_with(n, "nmod:poss")?;
    let (start, mut end) = tree.noun_phrase(p);
    while end > start && tree.deprel(end) == "case" {
        end -= 1;
    }
    Some((start, end))
}

/// The speaker of the cue at token `cue` on the parse, as an inclusive range: the subject
/// of a verb ([`speaker_of`]), the possessor of a noun. `Some(None)` for a noun without
/// possessor or a passive without agent (the words before it are not its speaker); `None`
/// when the parse says nothing.
pub(super) fn cue_speaker(tokens: &[Token], cue: usize) -> Option<Option<(usize, usize)>> {
    let tree = Tree::new(tokens)?;
    match tree.upos(cue) {
        // "is widely believed to …": nobody is named.
        "VERB" if tree.is_passive(cue) && tree.passive_agent(cue).is_none() => Some(None),
        "VERB" => speaker_of(&tree, cue)
            .or_else(|| participle_speaker(&tree, cue))
            .map(Some),
        "NOUN" => Some(possessor(&tree, cue)),
        _ => None,
    }
}

/// The speaker of a participle without a subject of its own: of an adverbial one, its
/// verb's speaker ("During the rally, Vale attacked the plan, *saying* …" is Vale's); of
/// one modifying a noun, that noun ("footage of Vale *saying* …").
fn participle_speaker(tree: &Tree, v: usize) -> Option<(usize, usize)> {
    if tree.xpos(v) != "VBG" {
        return None;
    }
    let head = tree.head(v)?;
    let rel = tree.deprel(v);
    if Tree::is_rel(rel, "advcl") && tree.upos(head) == "VERB" {
        return speaker_of(tree, head);
    }
    // Only a noun right before the participle: a modifier further away is more often a
    // misreading of an adverbial one.
    let noun = matches!(tree.upos(head), "NOUN" | "PROPN");
    let phrase = tree.noun_phrase(head);
    (rel == "acl" && noun && phrase.1 + 1 == v).then_some(phrase)
}

/// A complement clause without its "that" and edge punctuation.
fn clause_range(tree: &Tree, c: usize) -> (usize, usize) {
    let (mut s, e) = tree.subtree_range(c);
    while s < c && (tree.deprel(s) == "mark" || tree.upos(s) == "PUNCT") {
        s += 1;
    }
    (s, e)
}

/// The speaker phrase of predicate `v`: its subject's noun phrase, or a passive's agent. `None` when the subject refers to no one.
fn speaker_of(tree: &Tree, v: usize) -> Option<(usize, usize)> {
    let subject = if tree.is_passive(v) {
        tree.passive_agent(v)?
    } else {
        tree.subject(v)?
    };
    if is_empty_subject(tree, subject) {
        return None;
    }
    if !matches!(tree.upos(subject), "NOUN" | "PROPN" | "PRON") {
        return None;
    }
    Some(tree.noun_phrase(subject))
}

/// Prepositions that tie a speaker's role to whom it is held for ("spokeswoman *for* the
/// port", "director *of* the institute", "economist *at* the bank").
const AFFILIATION_CASES: &[&str] = &["for", "of", "at", "with"];

/// Whom the speaker in token range `speaker` (end exclusive) speaks for: in "Vance, a
/// spokeswoman for the port", the noun phrase under the appositive's "for", as an inclusive
/// range. The speaker's head is its word whose head lies outside the range.
pub(super) fn affiliation(tokens: &[Token], speaker: (usize, usize)) -> Option<(usize, usize)> {
    let tree = Tree::new(tokens)?;
    let (a, b) = speaker;
    let head = (a..b).find(|&k| tree.head(k).is_none_or(|h| h < a || h >= b))?;
    let appos = tree.child_with(head, "appos")?;
    let org = tree.children(appos).find(|&c| {
        Tree::is_rel(tree.deprel(c), "nmod")
            && tree
                .preposition(c)
                .is_some_and(|p| AFFILIATION_CASES.contains(&p.as_str()))
    })?;
    let (start, end) = tree.noun_phrase(org);
    // Leave the preposition out: "for *the port*".
    let start = (start..end)
        .find(|&k| tree.deprel(k) != "case")
        .unwrap_or(start);
    Some((start, end))
}
