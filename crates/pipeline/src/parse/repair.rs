//! Repairs of two parse errors the greedy parser makes again and again on news, applied after
//! parsing ([`repair`]).
//!
//! 1. A subject with a relative clause in commas before its verb ("The rebels, who hold the
//!    north, attacked a convoy", "Russia, which … in February, said on Monday …") is a staple
//!    of news writing. Reading left to right, the parser has already built the relative clause
//!    when it meets the main verb, and it often hangs that verb off the relative clause as a
//!    conjunct, leaving the subject noun, or the relative verb, as the root.
//! 2. A main verb hung inside the noun phrase before it ("Young protesters blocked roads" read
//!    as a noun phrase with "blocked" modifying "roads").
//!
//! The later stages then see no subject for the main verb and a wrong root for the sentence.
//! Each repair puts the main verb back at the root, only where the parse shows the error's
//! exact shape, and is undone unless the result is still a tree.

use readout_core::TokenSyntax;

/// Longest sentence the repairs look at. Their checks walk head chains, so their cost grows
/// faster than the sentence; news sentences are far shorter, and a "sentence" of thousands
/// of words is a table or a list that has no subject to restore.
const MAX_REPAIR_WORDS: usize = 200;

/// Apply every repair to one parsed sentence (none to one longer than 200 words, so that
/// parsing stays linear in the text).
pub fn repair<S: AsRef<str>>(words: &[S], toks: &mut [TokenSyntax]) {
    if toks.len() > MAX_REPAIR_WORDS || words.len() != toks.len() {
        return;
    }
    relative_clause_subject(words, toks);
    verb_of_a_noun_root(toks);
}

/// A noun phrase at the root with a finite verb hung inside it ("Young protesters blocked
/// roads …" read as "protesters" with "blocked" modifying "roads"; "Nurses from three
/// charities donated …" with "donated" a clause of "charities"; "The envoy presented evidence"
/// read as "evidence" modified by "presented", which has "envoy" as its subject): the parser
/// missed the sentence's verb. A past or present tense hung on a noun, with no conjunction or
/// subordinator of its own, is that verb: it goes to the root, the noun phrase it hung in
/// becomes its subject (or, when the verb has a subject already, the noun it modified its
/// object). Reduced relatives ("goods donated by X") are participles and stay.
pub(crate) fn verb_of_a_noun_root(toks: &mut [TokenSyntax]) {
    let Some(root) = toks.iter().position(|t| t.head.is_none()) else {
        return;
    };
    if !matches!(toks[root].upos.as_str(), "NOUN" | "PROPN")
        || has_child(
            toks,
            root,
            &["cop", "aux", "aux:pass", "nsubj", "nsubj:pass", "csubj"],
        )
    {
        return;
    }
    // A tense before a participle: in "The report, released on Friday, shows …" the verb
    // is "shows"; "released" is a reduced relative the parser got right.
    let missed = |v: &usize| is_missed_verb(toks, *v, root);
    let Some(verb) = (0..toks.len())
        .filter(|v| toks[*v].xpos != "VBN")
        .find(missed)
        .or_else(|| (0..toks.len()).find(missed))
    else {
        return;
    };
    keep_a_tree(toks, |toks| promote_missed_verb(toks, verb, root));
}

/// Make `verb` the root in place of the noun `root` it was hung under.
fn promote_missed_verb(toks: &mut [TokenSyntax], verb: usize, root: usize) {
    let own_subject = has_child(toks, verb, &["nsubj", "nsubj:pass"]);
    for (t, tok) in toks.iter_mut().enumerate() {
        let Some(h) = tok.head else { continue };
        // What comes after the verb and hangs back before it ("roads" read as the subject
        // noun's object, "on Sunday") belongs to the verb; so do the full stop and the
        // clause's openers ("On Sunday, …") hung on the old root.
        let after = t > verb && h < verb;
        let on_old_root =
            h == root && (is_clause_dependent(&tok.deprel) || (root < verb && t > verb));
        if t != verb && (after || on_old_root) {
            tok.head = Some(verb);
        }
    }
    let passive = has_child(toks, verb, &["aux:pass"]);
    let modified = toks[verb].head.filter(|&h| h == verb + 1);
    toks[verb].head = None;
    toks[verb].deprel = "root".to_string();
    if own_subject {
        // "The envoy presented evidence": the noun the verb modified is its object.
        toks[root].head = Some(verb);
        toks[root].deprel = "obj".to_string();
    } else {
        // A noun the verb modified as an adjective ("blocked roads") is its object.
        if let Some(h) = modified.filter(|&h| toks[h].head == Some(verb)) {
            toks[h].deprel = "obj".to_string();
        }
        toks[root].head = Some(verb);
        toks[root].deprel = if passive { "nsubj:pass" } else { "nsubj" }.to_string();
    }
}

/// Apply `edit`, and undo it unless the sentence is still a tree (one root that every word
/// reaches).
fn keep_a_tree(toks: &mut [TokenSyntax], edit: impl FnOnce(&mut [TokenSyntax])) {
    let saved: Vec<(Option<usize>, String)> =
        toks.iter().map(|t| (t.head, t.deprel.clone())).collect();
    edit(toks);
    if !is_tree(toks) {
        for (t, (head, deprel)) in toks.iter_mut().zip(saved) {
            t.head = head;
            t.deprel = deprel;
        }
    }
}

fn has_child(toks: &[TokenSyntax], v: usize, rels: &[&str]) -> bool {
    toks.iter()
        .any(|t| t.head == Some(v) && rels.contains(&t.deprel.as_str()))
}

/// Whether `v` is a sentence's verb the parser hung inside the noun phrase at `root`.
fn is_missed_verb(toks: &[TokenSyntax], v: usize, root: usize) -> bool {
    let nominal = |t: &TokenSyntax| matches!(t.upos.as_str(), "NOUN" | "PROPN" | "NUM" | "ADJ");
    if v == root || toks[v].upos != "VERB" {
        return false;
    }
    let modifies_next = toks[v].head == Some(v + 1) && toks[v].deprel == "amod";
    // A subject of its own, before the verb, is possible only where the verb modifies the
    // next noun ("The envoy presented evidence"); a relative pronoun's is a relative clause.
    let subjects: Vec<usize> = (0..toks.len())
        .filter(|&c| toks[c].head == Some(v) && toks[c].deprel.starts_with("nsubj"))
        .collect();
    let subject_ok = match subjects[..] {
        [] => v > root,
        [s] => modifies_next && s < v && !matches!(toks[s].xpos.as_str(), "WP" | "WDT"),
        _ => false,
    };
    // A participle with an object of its own (or a subject, or modifying the next noun as
    // "blocked roads") is a past tense the tagger misread; without one it may be a
    // headline's passive ("Two soldiers killed in ambush"), left as the parser read it.
    let acts_on_something = has_child(toks, v, &["obj"])
        || modifies_next
        || toks
            .iter()
            .enumerate()
            .any(|(c, t)| t.head == Some(v) && t.deprel == "conj" && has_child(toks, c, &["obj"]));
    // A participle set off by a comma with a tense later on ("the report, released on
    // Friday, shows …") is a reduced relative; "X, the chairman of Y, placed …" is not.
    let reduced_relative = v > 0
        && toks[v - 1].upos == "PUNCT"
        && toks[v + 1..]
            .iter()
            .any(|t| matches!(t.xpos.as_str(), "VBD" | "VBZ" | "VBP"));
    let finite = matches!(toks[v].xpos.as_str(), "VBD" | "VBZ" | "VBP")
        || (toks[v].xpos == "VBN" && acts_on_something && !reduced_relative);
    finite
        && subject_ok
        && matches!(
            toks[v].deprel.as_str(),
            "acl" | "acl:relcl" | "amod" | "compound" | "nmod" | "appos"
        )
        && !has_child(toks, v, &["csubj", "cc", "expl"])
        && !toks
            .iter()
            .any(|t| t.head == Some(v) && t.deprel == "mark" && t.upos == "SCONJ")
        // Hung inside the root's noun phrase: only nominal words up to the root.
        && path_is_nominal(toks, v, root, &nominal)
}

/// Whether every word from `v`'s head up to `root` is nominal.
fn path_is_nominal(
    toks: &[TokenSyntax],
    v: usize,
    root: usize,
    nominal: &dyn Fn(&TokenSyntax) -> bool,
) -> bool {
    let mut cur = v;
    for _ in 0..toks.len() {
        let Some(h) = toks[cur].head else {
            return false;
        };
        if h == root {
            return true;
        }
        if !nominal(&toks[h]) {
            return false;
        }
        cur = h;
    }
    false
}

/// Relations of a clause's own dependents rather than a noun's.
fn is_clause_dependent(rel: &str) -> bool {
    matches!(
        rel.split(':').next(),
        Some("obl" | "advmod" | "advcl" | "punct" | "mark" | "discourse")
    )
}

/// Re-attach a main verb the parser hung inside an opening relative clause (see the module
/// documentation). `words` and `toks` are one sentence. The tree stays a tree: a repair that
/// would not leave one root reached by every word is undone.
pub(crate) fn relative_clause_subject<S: AsRef<str>>(words: &[S], toks: &mut [TokenSyntax]) {
    let n = toks.len().min(words.len());
    for w in 2..n {
        if !matches!(toks[w].xpos.as_str(), "WDT" | "WP") || !is_aside_mark(words[w - 1].as_ref()) {
            continue;
        }
        let Some(fix) = find_shape(words, toks, w) else {
            continue;
        };
        keep_a_tree(toks, |toks| apply(toks, &fix));
        // One opening relative clause per sentence is the construction; a second is another.
        return;
    }
}

/// The words a repair moves.
struct Shape {
    /// The noun the relative clause modifies (head of the subject phrase).
    noun: usize,
    /// The relative clause's verb.
    relative: usize,
    /// The main verb, after the comma that closes the relative clause.
    verb: usize,
    /// That comma.
    comma: usize,
    /// The comma that opens the relative clause.
    opening: usize,
}

fn find_shape<S: AsRef<str>>(words: &[S], toks: &[TokenSyntax], pronoun: usize) -> Option<Shape> {
    if !toks[pronoun].deprel.starts_with("nsubj") {
        return None;
    }
    let relative = toks[pronoun].head.filter(|&r| r > pronoun)?;
    let noun = phrase_head(toks, pronoun - 2, pronoun)?;
    // The noun must not already be an argument of a verb outside the relative clause ("met the
    // minister, who said …, and left").
    let attached_outside = toks[noun].head.is_some_and(|h| {
        h != relative && !descends_from(toks, h, relative) && toks[h].upos != "PUNCT"
    });
    if attached_outside {
        return None;
    }
    let (verb, comma) = main_verb(words, toks, relative)?;
    // The noun must not lie below the verb already (then it is its argument, not an error).
    if descends_from(toks, noun, verb) {
        return None;
    }
    // A subject further left ("The merger of X and Y, which became final, will …") makes
    // the noun part of a longer phrase whose head the relative clause may modify: leave it.
    let old_root = toks.iter().position(|t| t.head.is_none());
    let earlier_subject = (0..noun).any(|t| {
        toks[t].deprel.starts_with("nsubj")
            && toks[t]
                .head
                .is_some_and(|h| h == relative || Some(h) == old_root)
    });
    if earlier_subject {
        return None;
    }
    Some(Shape {
        noun,
        relative,
        verb,
        comma,
        opening: pronoun - 1,
    })
}

/// The head of the noun phrase ending at `last` (just before the relative clause's comma):
/// "the foreign minister of Ruritania, who" → "minister".
fn phrase_head(toks: &[TokenSyntax], last: usize, pronoun: usize) -> Option<usize> {
    let is_noun = |i: usize| matches!(toks[i].upos.as_str(), "NOUN" | "PROPN");
    if !is_noun(last) {
        return None;
    }
    let mut h = last;
    for _ in 0..toks.len() {
        let Some(p) = toks[h].head else { break };
        let inside = matches!(
            toks[h].deprel.as_str(),
            "compound" | "flat" | "flat:name" | "nmod" | "nmod:poss" | "amod"
        );
        if !(inside && p < pronoun && is_noun(p)) {
            break;
        }
        h = p;
    }
    Some(h)
}

/// The main verb after the relative clause of `relative`: the first finite verb right after
/// a comma (its own auxiliaries and adverbs may stand between) that the parser hung inside the
/// relative clause without a subject, conjunction or subordinator of its own.
fn main_verb<S: AsRef<str>>(
    words: &[S],
    toks: &[TokenSyntax],
    relative: usize,
) -> Option<(usize, usize)> {
    let n = toks.len();
    let children = |v: usize| (0..n).filter(move |&c| toks[c].head == Some(v));
    for v in relative + 1..n {
        if toks[v].upos != "VERB" || !descends_from(toks, v, relative) {
            continue;
        }
        if !matches!(
            toks[v].deprel.as_str(),
            "conj" | "parataxis" | "acl" | "advcl" | "advcl:relcl"
        ) {
            continue;
        }
        let own = |rels: &[&str]| children(v).any(|c| rels.contains(&toks[c].deprel.as_str()));
        // A past participle is the main verb only where the parser hung it on a verb ("…,
        // which has rejected the plan, called for …": the tagger carried the perfect on);
        // hung on a noun it is a reduced relative ("the plan, drafted by …").
        let participle =
            toks[v].xpos == "VBN" && matches!(toks[v].deprel.as_str(), "conj" | "advcl");
        let finite =
            matches!(toks[v].xpos.as_str(), "VBD" | "VBZ" | "VBP") || participle || own(&["aux"]);
        if !finite {
            continue;
        }
        // Back from the verb over its own auxiliaries and adverbs to the comma.
        let mut k = v;
        while k > relative + 1
            && toks[k - 1].head == Some(v)
            && matches!(toks[k - 1].deprel.as_str(), "aux" | "aux:pass" | "advmod")
        {
            k -= 1;
        }
        if !is_aside_mark(words[k - 1].as_ref()) || k - 1 <= relative {
            continue;
        }
        // No subject, conjunction or subordinator of its own after the comma (one before it
        // is the parser's misreading inside the relative clause: "as a mediator - called").
        let own_after = children(v).any(|c| {
            c > k - 1
                && matches!(
                    toks[c].deprel.as_str(),
                    "nsubj" | "nsubj:pass" | "csubj" | "cc" | "mark" | "expl"
                )
        });
        let own_subject_before = children(v).any(|c| toks[c].deprel.starts_with("nsubj"));
        if !own_after && !own_subject_before {
            return Some((v, k - 1));
        }
    }
    None
}

/// A comma or a dash: what sets a relative clause apart ("X, which …, said", "X - which …
/// - said").
fn is_aside_mark(w: &str) -> bool {
    matches!(w, "," | "-" | "--" | "\u{2013}" | "\u{2014}")
}

/// Whether `w` lies below `ancestor` in the tree (or is it).
fn descends_from(toks: &[TokenSyntax], w: usize, ancestor: usize) -> bool {
    let mut cur = w;
    for _ in 0..=toks.len() {
        if cur == ancestor {
            return true;
        }
        match toks[cur].head {
            Some(h) => cur = h,
            None => return false,
        }
    }
    false
}

fn apply(toks: &mut [TokenSyntax], s: &Shape) {
    let n = toks.len();
    let old_root = toks.iter().position(|t| t.head.is_none());
    // What opens the sentence before the subject ("On Monday, Russia, which …, said") belongs
    // to the main clause too.
    for t in 0..s.noun {
        let hangs_on_old_root = toks[t]
            .head
            .is_some_and(|h| h == s.relative || Some(h) == old_root);
        if hangs_on_old_root && !descends_from(toks, t, s.noun) {
            toks[t].head = Some(s.verb);
        }
    }
    // What follows the closing comma belongs to the main clause: words hung back into the
    // subject or the relative clause ("on Monday", the full stop) move to the main verb.
    for t in s.comma + 1..n {
        if t != s.verb
            && toks[t].head.is_some_and(|h| h <= s.comma)
            && !descends_from(toks, t, s.verb)
        {
            toks[t].head = Some(s.verb);
            if toks[t].deprel == "root" {
                toks[t].deprel = "dep".to_string();
            }
        }
    }
    let passive = has_child(toks, s.verb, &["aux:pass"]);
    toks[s.verb].head = None;
    toks[s.verb].deprel = "root".to_string();
    toks[s.noun].head = Some(s.verb);
    toks[s.noun].deprel = if passive { "nsubj:pass" } else { "nsubj" }.to_string();
    toks[s.relative].head = Some(s.noun);
    toks[s.relative].deprel = "acl:relcl".to_string();
    for comma in [s.opening, s.comma] {
        toks[comma].head = Some(s.relative);
        toks[comma].deprel = "punct".to_string();
    }
}

/// One root, and every word reaches it.
fn is_tree(toks: &[TokenSyntax]) -> bool {
    let roots = toks.iter().filter(|t| t.head.is_none()).count();
    roots == 1
        && (0..toks.len()).all(|w| {
            let mut cur = w;
            for _ in 0..=toks.len() {
                match toks[cur].head {
                    None => return true,
                    Some(h) if h < toks.len() => cur = h,
                    Some(_) => return false,
                }
            }
            false
        })
}
