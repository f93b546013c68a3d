//! A read-only view of one parsed sentence, for the stages that need to know who did what
//! to whom: the arguments of a verb, coordination, negation and the span of a phrase.
//!
//! Indices are token indices within the sentence (0 = its first token), as in
//! [`readout_core::TokenSyntax::head`].

use readout_core::{Token, TokenSyntax};

/// A parsed sentence, with each token's dependents indexed.
#[derive(Debug, Clone)]
pub struct Tree<'a> {
    tokens: &'a [Token],
    /// Dependents of token `i`: `kids[offsets[i]..offsets[i + 1]]`, in text order.
    offsets: Vec<usize>,
    kids: Vec<usize>,
}

/// Words that negate the verb or noun they modify.
const NEGATORS: &[&str] = &[
    "not", "n't", "never", "no", "neither", "nor", "nobody", "nothing",
];

impl<'a> Tree<'a> {
    /// The tree of a sentence's tokens; `None` when some token was not parsed.
    pub fn new(tokens: &'a [Token]) -> Option<Tree<'a>> {
        let n = tokens.len();
        let mut heads = Vec::with_capacity(n);
        for t in tokens {
            let head = t.syntax.as_ref()?.head;
            if head.is_some_and(|h| h >= n) {
                return None;
            }
            heads.push(head);
        }
        // Counting sort of the words by head: dependents stay in text order.
        let mut offsets = vec![0usize; n + 1];
        for h in heads.iter().flatten() {
            offsets[h + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut kids = vec![0usize; offsets[n]];
        for (w, h) in heads.iter().enumerate() {
            if let Some(h) = *h {
                kids[fill[h]] = w;
                fill[h] += 1;
            }
        }
        Some(Tree {
            tokens,
            offsets,
            kids,
        })
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True for a sentence without tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens.
    pub fn tokens(&self) -> &'a [Token] {
        self.tokens
    }

    fn syn(&self, i: usize) -> &'a TokenSyntax {
        self.tokens[i]
            .syntax
            .as_ref()
            .expect("checked by Tree::new")
    }

    /// Token `i`'s text.
    pub fn text(&self, i: usize) -> &'a str {
        &self.tokens[i].text
    }

    /// Token `i`'s UPOS.
    pub fn upos(&self, i: usize) -> &'a str {
        &self.syn(i).upos
    }

    /// Token `i`'s Penn Treebank tag.
    pub fn xpos(&self, i: usize) -> &'a str {
        &self.syn(i).xpos
    }

    /// Token `i`'s lemma.
    pub fn lemma(&self, i: usize) -> &'a str {
        &self.syn(i).lemma
    }

    /// Token `i`'s relation to its head, subtype included (`nsubj:pass`).
    pub fn deprel(&self, i: usize) -> &'a str {
        &self.syn(i).deprel
    }

    /// Token `i`'s head, `None` for the root.
    pub fn head(&self, i: usize) -> Option<usize> {
        self.syn(i).head
    }

    /// The root token (the first one, should a damaged tree have several).
    pub fn root(&self) -> Option<usize> {
        (0..self.len()).find(|&i| self.head(i).is_none())
    }

    /// The dependents of `i`, in text order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.kids[self.offsets[i]..self.offsets[i + 1]]
            .iter()
            .copied()
    }

    /// Whether `rel` is `base` or one of its subtypes (`nsubj:pass` is an `nsubj`).
    pub fn is_rel(rel: &str, base: &str) -> bool {
        rel == base || rel.strip_prefix(base).is_some_and(|r| r.starts_with(':'))
    }

    /// The first dependent of `i` whose relation is `rel` (or a subtype of it).
    pub fn child_with(&self, i: usize, rel: &str) -> Option<usize> {
        self.children(i)
            .find(|&c| Tree::is_rel(self.deprel(c), rel))
    }

    /// The subject of a predicate: `nsubj`, `nsubj:pass` or a clausal subject. A verb
    /// coordinated with an earlier one ("arrived and met …") or an open complement ("asked X
    /// to stop", "wants to stop") takes its subject from there: the controller of an
    /// `xcomp` is the higher verb's object (or indirect object) when it has one, else its
    /// subject.
    pub fn subject(&self, v: usize) -> Option<usize> {
        let mut v = v;
        for _ in 0..self.len() {
            if let Some(s) = self.children(v).find(|&c| {
                let r = self.deprel(c);
                Tree::is_rel(r, "nsubj") || Tree::is_rel(r, "csubj")
            }) {
                return Some(s);
            }
            let head = self.head(v)?;
            match self.deprel(v) {
                "conj" => v = head,
                "xcomp" => {
                    return self
                        .object(head)
                        .or_else(|| self.indirect_object(head))
                        .or_else(|| self.subject(head))
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether the predicate is passive (a passive subject or auxiliary).
    pub fn is_passive(&self, v: usize) -> bool {
        self.children(v)
            .any(|c| matches!(self.deprel(c), "nsubj:pass" | "aux:pass" | "csubj:pass"))
    }

    /// The direct object.
    pub fn object(&self, v: usize) -> Option<usize> {
        self.child_with(v, "obj")
    }

    /// The indirect object ("told *reporters* that…").
    pub fn indirect_object(&self, v: usize) -> Option<usize> {
        self.child_with(v, "iobj")
    }

    /// The preposition (lower-cased as written, multiword ones joined: "according to",
    /// "including") of an oblique or nominal modifier.
    pub fn preposition(&self, n: usize) -> Option<String> {
        let case = self.children(n).find(|&c| self.deprel(c) == "case")?;
        let mut words = vec![self.text(case).to_lowercase()];
        words.extend(
            self.children(case)
                .filter(|&c| self.deprel(c) == "fixed")
                .map(|c| self.text(c).to_lowercase()),
        );
        Some(words.join(" "))
    }

    /// The obliques of a predicate with their prepositions ("met *in* Paris", "fired
    /// *toward* the sea"), in text order.
    pub fn obliques(&self, v: usize) -> Vec<(usize, Option<String>)> {
        self.children(v)
            .filter(|&c| Tree::is_rel(self.deprel(c), "obl"))
            .map(|c| (c, self.preposition(c)))
            .collect()
    }

    /// The agent of a passive ("were killed *by* the army"): `obl:agent`, or an oblique with
    /// "by" when the verb is passive.
    pub fn passive_agent(&self, v: usize) -> Option<usize> {
        self.children(v)
            .find(|&c| self.deprel(c) == "obl:agent")
            .or_else(|| {
                self.is_passive(v)
                    .then(|| {
                        self.obliques(v)
                            .into_iter()
                            .find(|(_, p)| p.as_deref() == Some("by"))
                    })
                    .flatten()
                    .map(|(c, _)| c)
            })
    }

    /// The clausal complement: `ccomp` (what was said, "said *that* …") or `xcomp` (an open
    /// complement, "asked them *to stop*").
    pub fn clausal_complement(&self, v: usize) -> Option<usize> {
        self.child_with(v, "ccomp")
            .or_else(|| self.child_with(v, "xcomp"))
    }

    /// `i` and every word coordinated with it ("Japan, Korea and China" from any of them
    /// reached through its first conjunct), in text order.
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let mut first = i;
        while self.deprel(first) == "conj" {
            match self.head(first) {
                Some(h) => first = h,
                None => break,
            }
        }
        let mut out = vec![first];
        let mut k = 0;
        while k < out.len() && out.len() <= self.len() {
            let cur = out[k];
            out.extend(self.children(cur).filter(|&c| self.deprel(c) == "conj"));
            k += 1;
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether `i` is negated: a dependent "not"/"never"/"no" (or "no longer"), or a
    /// `Polarity=Neg` word.
    pub fn is_negated(&self, i: usize) -> bool {
        self.children(i).any(|c| {
            matches!(self.deprel(c), "advmod" | "det" | "neg")
                && (NEGATORS.contains(&self.text(c).to_lowercase().as_str())
                    // "no longer insisted": the "no" hangs on "longer".
                    || (self.text(c).eq_ignore_ascii_case("longer")
                        && self.children(c).any(|n| self.text(n).eq_ignore_ascii_case("no"))))
        })
    }

    /// The modal auxiliaries of a predicate ("will", "could", "may"), lemmas in text order.
    pub fn modals(&self, v: usize) -> Vec<&'a str> {
        self.children(v)
            .filter(|&c| self.deprel(c) == "aux" && self.xpos(c) == "MD")
            .map(|c| self.lemma(c))
            .collect()
    }

    /// Token range `[first, last]` of `i`'s subtree, without punctuation at its edges.
    pub fn subtree_range(&self, i: usize) -> (usize, usize) {
        self.range_where(i, |_| true)
    }

    /// Token range of the noun phrase headed by `i`: its subtree without relative or
    /// adnominal clauses, appositions and coordinated phrases ("the minister, who …" →
    /// "the minister"), without edge punctuation.
    pub fn noun_phrase(&self, i: usize) -> (usize, usize) {
        self.range_where(i, |rel| {
            !matches!(rel, "acl" | "appos" | "conj" | "cc" | "parataxis" | "punct")
                && !rel.starts_with("acl:")
        })
    }

    /// The range of `i` plus the descendants reached through relations `keep` accepts
    /// (checked on `i`'s direct dependents only), trimmed of punctuation at the edges.
    fn range_where(&self, i: usize, keep: impl Fn(&str) -> bool) -> (usize, usize) {
        const UNKNOWN: u8 = 0;
        const IN: u8 = 1;
        const OUT: u8 = 2;
        let n = self.len();
        let mut state = vec![UNKNOWN; n];
        state[i] = IN;
        for c in self.children(i) {
            if !keep(self.deprel(c)) {
                state[c] = OUT;
            }
        }
        // Walk each word's head chain up to a word already decided, then decide the whole
        // path: every word is walked over once, so this is linear in the sentence.
        let mut path = Vec::new();
        for w in 0..n {
            let mut cur = w;
            let verdict = loop {
                if state[cur] != UNKNOWN {
                    break state[cur];
                }
                path.push(cur);
                match self.head(cur) {
                    Some(h) if path.len() <= n => cur = h,
                    _ => break OUT,
                }
            };
            for p in path.drain(..) {
                state[p] = verdict;
            }
        }
        let mut first = (0..n).find(|&w| state[w] == IN).unwrap_or(i);
        let mut last = (0..n).rev().find(|&w| state[w] == IN).unwrap_or(i);
        while first < i && self.upos(first) == "PUNCT" {
            first += 1;
        }
        while last > i && self.upos(last) == "PUNCT" {
            last -= 1;
        }
        (first, last)
    }
}
