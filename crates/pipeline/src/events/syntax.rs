//! Event coding on the dependency parse: the verb's arguments, not the nearest phrases.
//!
//! The trigger must be a verb in the parse (a noun or adverb spelled like a dictionary verb,
//! "further" or "according to", is none), or a noun of [`NOMINAL`]; the pattern is chosen
//! from the words of the verb's own clause as in the word coder; then the roles come from
//! the tree:
//! - actor: the subject (`nsubj`), followed through coordination and control by
//!   [`Tree::subject`]; in a passive the agent (`obl:agent`, "by …"), and no actor when the
//!   passive has none ("ten militants were killed" codes nothing); a relative clause acts
//!   through the noun it modifies ("X, which shelled Y");
//! - recipient: the object, else the indirect object, else an oblique introduced by a
//!   preposition that names a party ("with", "to", "against", "on", …) — never one of place
//!   or direction ("toward the sea", "in the capital"); in a passive, the subject;
//! - a phrase fills a role when the actor phrase holds the argument's head word, or sits
//!   inside its noun phrase as a modifier ("the head of X's delegation"), never through a
//!   preposition such as "on" ("the attack on X" is not X);
//! - negation and modality from the verb's own dependents and the verbs above it ("urged X
//!   to stop": the urging is the event, the stopping is not coded);
//! - datelines are parsed apart (`dep`), so they are nobody's subject.
//!
//! [`NOMINAL`]: super::coder::NOMINAL

use super::coder::{
    choose_pattern, code_nominal, dictionary_verb_at, finish_event, in_pattern, is_gathering,
    is_irrealis_head, is_modal, is_object_preposition, naming_use, nominal_at, pair_roles,
    word_clause, ActorChunk, ActorGroup, PatternChoice, SentenceEvent, SentenceView,
};
use super::dictionary::Dictionary;
use super::politics::{coerces, keep_members};
use crate::parse::tree::Tree;

/// Prepositions whose object can be the other party of an event ("met *with* X", "fired
/// *at* X", "sanctions *on* X"); place and direction ("in", "toward", "near") are not here.
const PARTY_PREPOSITIONS: &[&str] = &[
    "with", "to", "against", "on", "upon", "at", "from", "for", "into", "over",
];

/// How a modifier joins a noun inside one actor phrase ("X's minister", "the minister of
/// X", "the X government").
fn joins_phrase(tree: &Tree, w: usize) -> bool {
    match tree.deprel(w) {
        "compound" | "amod" | "flat" | "flat:name" | "fixed" | "det" | "case" | "nummod"
        | "appos" => true,
        // "Freedonia's efforts", "Freedonia's new president" stand for Freedonia, as in the
        // anchors' coding; "her counterpart" is not her.
        "nmod:poss" => !matches!(tree.xpos(w), "PRP" | "PRP$" | "WP$") && !of_own_people(tree, w),
        rel if Tree::is_rel(rel, "nmod") => {
            matches!(tree.preposition(w).as_deref(), Some("of" | "from") | None)
                && !of_own_people(tree, w)
        }
        _ => false,
    }
}

/// Whether the lemma of word `w` is one of `lemmas` (lower case), without allocating: these
/// checks run for every word the coder looks at.
fn lemma_among(tree: &Tree, w: usize, lemmas: &[&str]) -> bool {
    let lemma = tree.lemma(w);
    lemmas.iter().any(|l| lemma.eq_ignore_ascii_case(l))
}

/// Whether possessor `w` qualifies people who act for themselves ("the son of X", "X's
/// lawyers", "X's allies"): they are not X, unlike "X's envoy", "X's security adviser" or
/// "X's government".
fn of_own_people(tree: &Tree, w: usize) -> bool {
    tree.head(w)
        .is_some_and(|h| lemma_among(tree, h, PEOPLE_OF_SOMEONE))
}

/// People named by whom they belong to, but who are not that party (lemmas).
const PEOPLE_OF_SOMEONE: &[&str] = &[
    "lawyer",
    "attorney",
    "supporter",
    "ally",
    "critic",
    "opponent",
    "rival",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "father",
    "mother",
    "family",
    "child",
    "friend",
    "voter",
    "follower",
    "victim",
    "relative",
    "widow",
    "biographer",
];

/// Whether `w` belongs to the phrase headed by `head`: its own word or a modifier reached
/// through [`joins_phrase`] relations only.
fn in_phrase_of(tree: &Tree, head: usize, w: usize) -> bool {
    let mut cur = w;
    for _ in 0..tree.len() {
        if cur == head {
            return true;
        }
        if !joins_phrase(tree, cur) {
            return false;
        }
        match tree.head(cur) {
            Some(h) => cur = h,
            None => return false,
        }
    }
    false
}

/// Whether the path from `w` up to `head` passes through a prepositional modifier ("the
/// doctors *from* two aid groups"), not only compounds and adjectives.
fn through_nmod(tree: &Tree, head: usize, w: usize) -> bool {
    let mut cur = w;
    for _ in 0..tree.len() {
        if cur == head {
            return false;
        }
        if tree.deprel(cur) == "nmod" {
            return true;
        }
        match tree.head(cur) {
            Some(h) => cur = h,
            None => return false,
        }
    }
    false
}

/// The actor phrase that fills the role of argument `arg`, with the phrases coordinated with
/// it ("X and the government of Y") as one compound actor.
fn side_of(tree: &Tree, groups: &[ActorGroup], arg: usize) -> Option<ActorGroup> {
    let mut found: Vec<&ActorGroup> = Vec::new();
    let of_a_country = |g: &&ActorGroup| {
        g.members
            .iter()
            .any(|m| m.code.as_deref().is_some_and(|c| !c.starts_with("---")))
    };
    // Office holders keep their office ("the foreign minister of X" is coded with X by the
    // actor finder already); people of no party of their own take the party.
    let of_no_party = |g: &&ActorGroup| {
        !of_a_country(g)
            && g.members.iter().all(|m| {
                !m.person
                    && m.code.as_deref().is_none_or(|c| {
                        !matches!(
                            &c[c.len().saturating_sub(3)..],
                            "GOV" | "MIL" | "COP" | "SPY" | "JUD" | "LEG" | "ELI" | "PTY"
                        )
                    })
            })
    };
    for c in tree.conjuncts(arg) {
        let own = groups.iter().find(|g| g.start <= c && c < g.end);
        let in_phrase = || {
            groups
                .iter()
                .filter(|g| !(g.start <= c && c < g.end))
                .find(|g| (g.start..g.end).any(|w| in_phrase_of(tree, c, w)))
        };
        // A head of no country with a party of one in its phrase stands for that party:
        // "nurses from three Freedonian charities" are the charities.
        let by_preposition = |g: &&ActorGroup| {
            (g.start..g.end).any(|w| in_phrase_of(tree, c, w) && through_nmod(tree, c, w))
        };
        let hit = match own {
            Some(g) if of_no_party(&g) => in_phrase()
                .filter(|p| of_a_country(p) && by_preposition(p))
                .or(Some(g)),
            Some(g) => Some(g),
            None => in_phrase(),
        };
        if let Some(g) = hit {
            if !found.iter().any(|f| f.start == g.start) {
                found.push(g);
            }
        }
    }
    let (first, rest) = found.split_first()?;
    let mut side = (*first).clone();
    for g in rest {
        side.start = side.start.min(g.start);
        side.end = side.end.max(g.end);
        side.members.extend(g.members.iter().cloned());
    }
    Some(side)
}

/// Whether a word is a relative pronoun ("which", "who", "that" opening a clause).
fn is_relative_pronoun(tree: &Tree, w: usize) -> bool {
    matches!(tree.xpos(w), "WDT" | "WP")
        || (tree.lemma(w).eq_ignore_ascii_case("that") && tree.upos(w) == "PRON")
}

/// The noun a relative clause containing verb `v` modifies ("X, which shelled Y" → X).
fn relative_antecedent(tree: &Tree, v: usize) -> Option<usize> {
    let mut cur = v;
    for _ in 0..tree.len() {
        let rel = tree.deprel(cur);
        if rel == "acl:relcl" {
            return tree.head(cur);
        }
        if rel != "conj" {
            return None;
        }
        cur = tree.head(cur)?;
    }
    None
}

/// The noun before ", who" / ", which" where the parser did not make the clause a relative
/// one ("besieged by police, who fired …" read as a parenthetical "who fired"): the head of
/// the noun phrase that ends right before the comma.
fn antecedent_before_comma(tree: &Tree, pronoun: usize) -> Option<usize> {
    if pronoun < 2 || tree.text(pronoun - 1) != "," {
        return None;
    }
    let mut h = pronoun - 2;
    if !matches!(tree.upos(h), "NOUN" | "PROPN") {
        return None;
    }
    // Up through compounds and names to the phrase's head ("the Freedonian army").
    while let Some(p) = tree.head(h) {
        let inside = matches!(tree.deprel(h), "compound" | "flat" | "flat:name");
        if !(inside && p < pronoun && matches!(tree.upos(p), "NOUN" | "PROPN")) {
            break;
        }
        h = p;
    }
    // "the expansion in X, which …": the clause may modify either noun; leave it.
    (!Tree::is_rel(tree.deprel(h), "nmod")).then_some(h)
}

/// The word that acts in active verb `v`: its subject; for a participle that modifies a
/// noun ("forces attacking the town") that noun; for an adverbial participle with no subject
/// of its own ("…, killing 12") the subject of the verb it hangs from.
fn active_subject(tree: &Tree, v: usize) -> Option<usize> {
    if let Some(s) = tree.subject(v) {
        return if is_relative_pronoun(tree, s) {
            relative_antecedent(tree, v).or_else(|| antecedent_before_comma(tree, s))
        } else {
            Some(s)
        };
    }
    let head = tree.head(v)?;
    match tree.deprel(v) {
        // "it is willing to withdraw": the parser may take a readiness's "it" for an
        // expletive; it is the one who is willing.
        "xcomp" if lemma_among(tree, head, INTENT_HEADS) => tree.child_with(head, "expl"),
        "acl" if tree.xpos(v) == "VBG" => Some(head),
        // ", killing 12"; "threatened to break ties": the adverbial participle or
        // infinitive shares the subject of its verb.
        "advcl" if (tree.xpos(v) == "VBG" || has_to(tree, v)) && is_verb(tree, head) => {
            active_subject(tree, head)
        }
        _ => None,
    }
}

/// A finite verb (past or present tense, or with an auxiliary: "has offered"): in a right
/// parse it always has a subject, so a finite verb without one is a parse error that word
/// order may mend.
fn is_finite(tree: &Tree, v: usize) -> bool {
    matches!(tree.xpos(v), "VBD" | "VBZ" | "VBP")
        || tree
            .children(v)
            .any(|c| Tree::is_rel(tree.deprel(c), "aux"))
}

fn is_quote_mark(w: &str) -> bool {
    matches!(w, "\"" | "“" | "”" | "''" | "``" | "«" | "»")
}

fn is_verb(tree: &Tree, w: usize) -> bool {
    tree.upos(w) == "VERB"
}

/// Whether verb `v` is a passive: a passive subject or auxiliary, or a past participle with
/// neither auxiliary nor object — a reduced relative ("civilians killed by X") however the
/// parser attached it.
fn is_passive(tree: &Tree, v: usize) -> bool {
    // With a subject of its own the form is a past tense the tagger read as a participle
    // ("the parliament threatened …") ...
    let bare = |rel: &str| !tree.children(v).any(|c| Tree::is_rel(tree.deprel(c), rel));
    tree.is_passive(v)
        || (tree.xpos(v) == "VBN" && bare("aux") && bare("obj") && bare("nsubj"))
        // ... except a verb done to someone, with no object and no auxiliary: a headline's
        // passive, whichever form the tagger read ("two soldiers killed in an ambush",
        // "helicopter shot down").
        || (matches!(tree.xpos(v), "VBN" | "VBD")
            && bare("aux")
            && bare("obj")
            && bare("xcomp")
            && bare("ccomp")
            && lemma_among(tree, v, DONE_TO))
}

/// Verbs whose participle with no auxiliary and no object is a passive (lemmas).
const DONE_TO: &[&str] = &[
    "kill",
    "shoot",
    "wound",
    "injure",
    "destroy",
    "arrest",
    "detain",
    "capture",
    "abduct",
    "kidnap",
    "execute",
    "behead",
    "assassinate",
    "jail",
    "deport",
    "expel",
];

/// Whether verb `v` is a to-infinitive.
fn has_to(tree: &Tree, v: usize) -> bool {
    tree.children(v)
        .any(|c| tree.deprel(c) == "mark" && tree.text(c).eq_ignore_ascii_case("to"))
}

/// Whether verb `v` is the infinitive or prepositional gerund of a verb that was coded
/// ("urged X to stop", "met Y to discuss Z", "abstained from voting"): the coded verb is the
/// event, its purpose, demand or complement is not coded.
fn governed_by(tree: &Tree, v: usize, coded: &[usize]) -> bool {
    matches!(tree.deprel(v), "xcomp" | "advcl")
        && (has_to(tree, v) || tree.deprel(v) == "xcomp" || completes_verb(tree, v))
        && tree.head(v).is_some_and(|h| coded.contains(&h))
}

/// Whether a word serves as a preposition, conjunction or auxiliary ("according to",
/// "including", "given"), whatever its part of speech.
fn function_word(tree: &Tree, v: usize) -> bool {
    matches!(
        tree.deprel(v),
        "case" | "mark" | "fixed" | "cc" | "det" | "aux" | "aux:pass" | "cop" | "discourse"
    ) || tree.children(v).any(|c| tree.deprel(c) == "fixed")
}

/// Whether the parse says the verb form at `v` is an adjective or a noun: a participle
/// modifying a noun after it ("armed groups", "the alleged trafficker"), or a "verb" with a
/// determiner or possessor of its own ("a costly conflict", "the best deals") — a noun the
/// tagger misread.
fn adjectival(tree: &Tree, v: usize) -> bool {
    let modifies_next = tree.head(v).is_some_and(|h| h > v)
        && matches!(tree.deprel(v), "amod" | "compound" | "acl" | "nmod" | "obl")
        && matches!(tree.xpos(v), "VBN" | "VBG" | "JJ");
    let nominal = tree
        .children(v)
        .any(|c| matches!(tree.deprel(c), "det" | "nmod:poss") && c < v);
    modifies_next || nominal
}

/// The recipient of active verb `v`: the object (the actor phrase at its head, else the
/// first one inside its noun phrase: "lifted the sanctions on X", "an investigation against
/// X"), the indirect object, or the first oblique whose preposition names a party; a verb
/// coordinated with an earlier one shares that verb's object when it comes after both
/// ("condemned and rejected X").
fn recipient_from_tree(
    tree: &Tree,
    words: &[String],
    groups: &[ActorGroup],
    v: usize,
    usable: &dyn Fn(&ActorGroup) -> bool,
) -> Option<ActorGroup> {
    let fills = |w: usize| side_of(tree, groups, w).filter(|g| usable(g));
    let inside = |w: usize| {
        let (a, b) = tree.noun_phrase(w);
        groups
            .iter()
            .find(|g| g.start >= a && g.end <= b + 1 && usable(g) && !after_place_word(words, g))
            .cloned()
    };
    let object = tree.object(v).or_else(|| {
        // Coordinated verbs share a later object, wherever the parser attached it
        // ("condemned and rejected X").
        let later = |w: usize| tree.object(w).filter(|&o| o > v);
        match tree.deprel(v) {
            "conj" => tree.head(v).and_then(later),
            _ => tree
                .children(v)
                .find(|&c| tree.deprel(c) == "conj" && c <= v + 3 && is_verb(tree, c))
                .and_then(later),
        }
    });
    // What is given or withheld ("withheld US military aid to X", "sent Freedonian arms to
    // X"): its modifiers name the giver or the goods, the receiver follows "to" or "for".
    let item = object.filter(|&o| lemma_among(tree, o, GOODS));
    if let Some(o) = item {
        // On the goods ("aid to X") or on the verb ("withheld aid to X" with the parser's
        // attachment), before an indirect object the parser may have made of a modifier.
        let to_or_for = |c: usize| matches!(tree.preposition(c).as_deref(), Some("to" | "for"));
        let receiver = tree
            .children(o)
            .find(|&c| Tree::is_rel(tree.deprel(c), "nmod") && to_or_for(c))
            .or_else(|| {
                tree.obliques(v)
                    .into_iter()
                    .find(|&(c, _)| c > o && to_or_for(c))
                    .map(|(c, _)| c)
            });
        if let Some(side) = receiver.and_then(fills) {
            return Some(side);
        }
    } else if let Some(side) = object.and_then(|o| fills(o).or_else(|| inside(o))) {
        return Some(side);
    }
    if let Some(side) = tree.indirect_object(v).and_then(fills) {
        return Some(side);
    }
    tree.obliques(v)
        .into_iter()
        .filter(|(obl, prep)| {
            *obl > v
                && tree.deprel(*obl) != "obl:agent"
                // Where it was said or done: "pledged at the X summit".
                && !(matches!(prep.as_deref(), Some("at" | "on" | "in"))
                    && is_gathering(&words[*obl]))
                && prep
                    .as_deref()
                    .is_some_and(|p| PARTY_PREPOSITIONS.contains(&p))
        })
        .find_map(|(obl, _)| fills(obl).or_else(|| inside(obl)))
}

/// Goods given, sold or withheld (lemmas): as a verb's object they are no party.
const GOODS: &[&str] = &[
    "aid",
    "assistance",
    "arms",
    "weapon",
    "fund",
    "funding",
    "loan",
    "money",
    "equipment",
    "supply",
    "ammunition",
];

/// Prepositions of direction and vicinity: the phrase after them is where, not whom ("in X"
/// is kept: "launched an offensive in X" acts on X).
fn is_place_preposition(w: &str) -> bool {
    matches!(
        w,
        "NEAR"
            | "TOWARD"
            | "TOWARDS"
            | "ACROSS"
            | "INSIDE"
            | "OUTSIDE"
            | "WITHIN"
            | "THROUGH"
            | "AROUND"
            | "THROUGHOUT"
            | "OFF"
            | "ALONG"
            | "BEYOND"
            | "AMID"
    )
}

/// Whether a phrase follows a preposition of direction or vicinity ("toward (the) X").
fn after_place_word(words: &[String], g: &ActorGroup) -> bool {
    (g.start > 0 && is_place_preposition(&words[g.start - 1]))
        || (g.start > 1 && words[g.start - 1] == "THE" && is_place_preposition(&words[g.start - 2]))
}

/// Whether word `w` lies, for verb `v`, in a clause of time ("…, after X was hauled out
/// of the Y embassy") or in an oblique of time ("ahead of the Y elections", "on Monday"):
/// the word-order fallback must not take a recipient from there. Places stay: one visits,
/// and strikes, where one goes ("arrived in X", "an offensive in X").
fn in_aside(tree: &Tree, v: usize, w: usize) -> bool {
    let mut cur = w;
    for _ in 0..tree.len() {
        let Some(head) = tree.head(cur) else {
            return false;
        };
        let rel = tree.deprel(cur);
        let time_clause = tree.children(cur).any(|m| {
            tree.deprel(m) == "mark"
                && TIME_PREPOSITIONS
                    .iter()
                    .any(|t| tree.text(m).eq_ignore_ascii_case(t))
        });
        if rel == "advcl" && time_clause {
            return true;
        }
        if head == v {
            return match tree.preposition(cur) {
                Some(p) => {
                    Tree::is_rel(rel, "obl")
                        && TIME_PREPOSITIONS.contains(&p.split(' ').next().unwrap_or(&p))
                }
                None => matches!(rel, "obl:unmarked" | "obl:tmod" | "obl:npmod"),
            };
        }
        cur = head;
    }
    false
}

/// Prepositions and conjunctions of time (first word): "ahead of", "after", "during",
/// "since", "when" ….
const TIME_PREPOSITIONS: &[&str] = &[
    "ahead",
    "before",
    "after",
    "during",
    "since",
    "until",
    "till",
    "amid",
    "following",
    "throughout",
    "prior",
    "when",
    "while",
    "once",
];

/// Where the parse misses an argument (it attaches a phrase to the wrong word), the word
/// coder's reading inside the verb's own clause: the first actor phrase after the verb
/// that is not a place.
fn recipient_after(
    words: &[String],
    groups: &[ActorGroup],
    verb_end: usize,
    clause_end: usize,
    usable: &dyn Fn(&ActorGroup) -> bool,
) -> Option<ActorGroup> {
    let target_end = (verb_end..clause_end)
        .find(|&k| words[k] == ",")
        .unwrap_or(clause_end);
    groups
        .iter()
        .find(|g| {
            g.start >= verb_end && g.start < target_end && usable(g) && !after_place_word(words, g)
        })
        .cloned()
}

/// Where the parse finds no subject at all (a headline fragment, a parse error), the
/// nearest actor phrase before the verb in its clause that is not a preposition's object.
fn actor_before(
    words: &[String],
    groups: &[ActorGroup],
    v: usize,
    clause_start: usize,
) -> Option<ActorGroup> {
    groups
        .iter()
        .rfind(|g| {
            g.end <= v
                && g.start >= clause_start
                && !(g.start > 0 && is_object_preposition(&words[g.start - 1]))
                && !(g.start > 1
                    && words[g.start - 1] == "THE"
                    && is_object_preposition(&words[g.start - 2]))
        })
        .cloned()
}

/// Whether verb `v` reports what is not (yet) a fact: a modal ("will meet"), a condition
/// ("if …"), an infinitive ("to meet"), or a verb under a plan, wish, demand or threat
/// ("urged X to stop", "threatened that it would …"), or coordinated with such a verb.
fn is_hypothetical(tree: &Tree, v: usize) -> bool {
    let mut cur = v;
    for _ in 0..tree.len() {
        let own_mark = tree.children(cur).any(|c| {
            matches!(tree.deprel(c), "mark" | "aux")
                && matches!(
                    tree.text(c).to_ascii_uppercase().as_str(),
                    "IF" | "UNLESS" | "TO"
                )
        });
        let modal = tree
            .children(cur)
            .any(|c| tree.deprel(c) == "aux" && is_modal(&tree.text(c).to_uppercase()));
        if own_mark || modal {
            return true;
        }
        let rel = tree.deprel(cur);
        if !matches!(rel, "conj" | "xcomp" | "ccomp") {
            return false;
        }
        let Some(head) = tree.head(cur) else {
            return false;
        };
        if rel != "conj" && is_irrealis_head(&tree.text(head).to_uppercase()) {
            return true;
        }
        cur = head;
    }
    false
}

/// Whether adverbial clause `c` completes the verb it hangs from: a gerund after a
/// preposition ("abstained from voting", "accused X of helping"); other adverbial clauses
/// (", killing 12", "because …") are clauses of their own.
fn completes_verb(tree: &Tree, c: usize) -> bool {
    Tree::is_rel(tree.deprel(c), "advcl")
        && tree.xpos(c) == "VBG"
        && tree.children(c).any(|m| {
            tree.deprel(m) == "mark"
                && matches!(
                    tree.text(m).to_ascii_lowercase().as_str(),
                    "from"
                        | "of"
                        | "by"
                        | "for"
                        | "against"
                        | "on"
                        | "about"
                        | "in"
                        | "with"
                        | "without"
                        | "into"
                )
        })
}

/// The end (exclusive) of the words a verb's patterns may match: the verb's own clause,
/// without the clauses coordinated with it or embedded under it as reports or adverbials.
fn tree_clause_end(tree: &Tree, v: usize) -> usize {
    let mut end = v + 1;
    for c in tree.children(v) {
        let rel = tree.deprel(c);
        if c < v
            || matches!(
                rel,
                "conj" | "cc" | "parataxis" | "ccomp" | "punct" | "csubj"
            )
            || (Tree::is_rel(rel, "advcl") && !completes_verb(tree, c))
        {
            continue;
        }
        end = end.max(tree.subtree_range(c).1 + 1);
    }
    end
}

/// Whether the parse found the sentence's predicate: a verb, or a word with a copula or
/// an auxiliary, at the root. A noun root with neither ("Minister Ana Quill telephoned …"
/// with the verb read as an adjective) means the tagger missed the verb; such sentences are
/// better coded by word order.
pub(crate) fn has_predicate(tree: &Tree) -> bool {
    tree.root().is_some_and(|r| {
        tree.upos(r) == "VERB"
            || tree
                .children(r)
                .any(|c| matches!(tree.deprel(c), "cop" | "aux" | "aux:pass" | "nsubj"))
    })
}

/// Whether the sentence has a finite verb form anywhere (a past or present tense, or a
/// modal): a sentence with none is a fragment ("U.S.-backed bandit formations"), not a
/// report of an act.
pub(crate) fn has_finite_verb(tree: &Tree) -> bool {
    (0..tree.len()).any(|w| {
        matches!(tree.xpos(w), "VBD" | "VBZ" | "VBP" | "MD")
            // "Minister Ana Quill telephoned …": a past tense the tagger read as an adjective.
            || (tree.upos(w) == "ADJ"
                && tree.text(w).ends_with("ed")
                && w > 0
                && tree.upos(w - 1) == "PROPN")
    })
}

/// Code one parsed sentence.
pub(crate) fn code_parsed_sentence(
    dict: &Dictionary,
    view: &SentenceView,
    groups: &[ActorGroup],
    tree: &Tree,
) -> Vec<SentenceEvent> {
    let words = &view.words;
    let n = words.len();
    let in_actor = |i: usize| groups.iter().any(|g| g.start <= i && i < g.end);
    let mut events = Vec::new();
    // Verbs that produced an event: their open complements belong to them.
    let mut coded: Vec<usize> = Vec::new();
    // Coded demands and appeals: what they ask of someone ("demanded that X leave") is not
    // done, and no event of its own.
    let mut demanding: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        if in_actor(i) {
            i += 1;
            continue;
        }
        // The object of a verb a coded verb governs is part of that event ("threatened to
        // launch an offensive": the threat, not the offensive).
        let governed_object =
            tree.deprel(i) == "obj" && tree.head(i).is_some_and(|h| governed_by(tree, h, &coded));
        if matches!(tree.upos(i), "NOUN" | "PROPN") && !governed_object {
            // The parse says it is a noun: no determiner needed ("after talks with X").
            if let Some((len, code, preps)) = nominal_at(words, i, true) {
                if let Some(mut ev) = code_nominal(view, groups, i, len, code, preps) {
                    // A negation in the clause ("did not know of X's call with Y") denies
                    // the verb, not the event the noun names; only "no invasion" does.
                    ev.negated = tree.is_negated(i);
                    events.push(ev);
                    i += len;
                    continue;
                }
            }
        }
        // "Minister Ana Quill telephoned …": a rare past tense right after a name, read as an
        // adjective by the tagger; its arguments are then read by word order.
        let misread = tree.upos(i) == "ADJ"
            && words[i].ends_with("ED")
            && i > 0
            && in_actor(i - 1)
            && tree.upos(i - 1) == "PROPN";
        let verb = misread || (is_verb(tree, i) && !adjectival(tree, i));
        if !verb
            || function_word(tree, i)
            || naming_use(words, i)
            || names_something(tree, i)
            || governed_by(tree, i, &coded)
            || demanded_act(tree, i, &demanding)
            || unrealised_gerund(tree, i)
            || is_unless_clause(tree, i)
        {
            i += 1;
            continue;
        }
        let demands = !misread && must_clause(tree, i).is_some();
        let verb = dictionary_verb_at(dict, words, i);
        if verb.is_none() && !demands {
            i += 1;
            continue;
        }
        let verb_end = verb.as_ref().map_or(i + 1, |v| v.end);
        let (clause_start, word_end) = word_clause(words, i, verb_end);
        let clause_end = word_end.min(tree_clause_end(tree, i)).max(verb_end);
        let choice = verb
            .as_ref()
            .and_then(|v| choose_pattern(dict, words, i, v, (clause_start, clause_end)));
        // What a party is said to have to do is demanded of it: the report is the demand
        // (100), unless the verb codes more than a statement ("threatened that X must …").
        let choice = match choice {
            Some(c) if !(demands && c.code.starts_with("01")) => Some(c),
            _ if demands => Some(PatternChoice {
                spec: 1,
                code: "100".to_string(),
                target: None,
                pattern_words: 0,
            }),
            _ => None,
        };
        // "agreed to lift the sanctions": AGREE's "* SANCTIONS" must not read the words of a
        // complement that undoes them; the complement is coded instead.
        let choice = choice.filter(|c| {
            // Only what imposes (16-20) is undone; "urged X to halt …" is an appeal.
            !(coerces(&c.code) && reads_into_reversal(tree, i, verb_end, c.pattern_words))
        });
        let Some(choice) = choice else {
            i = verb_end;
            continue;
        };
        let clause = (clause_start, if misread { word_end } else { clause_end });
        let ev = if misread {
            code_by_word_order(words, groups, choice, (i, verb_end), clause)
        } else {
            code_verb(tree, words, groups, choice, (i, verb_end), clause)
        };
        if let Some(ev) = ev.filter(|_| !unrealised_purpose(tree, i)) {
            coded.push(i);
            if is_demand(&ev.code) {
                demanding.push(i);
            }
            let mirrored = reciprocal_events(groups, &ev);
            events.push(ev);
            events.extend(mirrored);
        }
        i = verb_end;
    }
    events
}

/// Whether the words a pattern of verb `v` matched (`pattern_words`, bits from `verb_end`)
/// lie in an open complement that undoes something ("lift", "ease", "end" …).
fn reads_into_reversal(tree: &Tree, v: usize, verb_end: usize, pattern_words: u64) -> bool {
    tree.children(v)
        .filter(|&c| matches!(tree.deprel(c), "xcomp" | "advcl") && lemma_among(tree, c, REVERSALS))
        .any(|c| {
            let (first, last) = tree.subtree_range(c);
            (0..64).any(|k| {
                pattern_words & (1u64 << k) != 0 && (first..=last).contains(&(verb_end + k))
            })
        })
}

/// Verbs that undo or end what their object names (lemmas).
const REVERSALS: &[&str] = &[
    "lift", "ease", "end", "remove", "drop", "suspend", "halt", "cancel", "revoke", "rescind",
    "relax", "scrap", "withdraw",
];

/// Whether verb `v` is a to-infinitive of a purpose, wish or plan under a word that is no
/// event ("wanted to raid X", "is likely to deploy", "an effort to get X to investigate"):
/// what someone means to do has not happened; the wanting is no event of the dictionary
/// either. (Under a coded verb, "urged X to stop", the infinitive is never coded at all.)
fn unrealised_purpose(tree: &Tree, v: usize) -> bool {
    has_to(tree, v)
        && matches!(tree.deprel(v), "xcomp" | "advcl" | "acl" | "ccomp")
        && !tree.children(v).any(|c| tree.deprel(c) == "nsubj")
        && !tree.head(v).is_some_and(|h| {
            let head = tree.lemma(h).to_ascii_lowercase();
            SCHEDULE_OR_REPORT.contains(&head.as_str())
                || (tree.deprel(v) == "xcomp" && INTENT_HEADS.contains(&head.as_str()))
        })
}

/// The clause verb `v` reports that says what a party must do ("X said (that) Y must
/// withdraw", "declared that Y must be ready to …"): its head, when its subject is there.
/// PLOVER's codebook makes the report a DEMAND of that subject.
fn must_clause(tree: &Tree, v: usize) -> Option<usize> {
    tree.children(v).find(|&c| {
        c > v
            && tree.deprel(c) == "ccomp"
            && tree.subject(c).is_some()
            && tree
                .children(c)
                .any(|a| tree.deprel(a) == "aux" && tree.text(a).eq_ignore_ascii_case("must"))
    })
}

/// Whether verb `v` is a gerund after a preposition of aim, topic or inclusion ("pressed X
/// into announcing", "objected to X opening", "accused X of attacking", "including forcing
/// people", "without consulting"): what is aimed at, spoken of or ruled out, not what was
/// done.
fn unrealised_gerund(tree: &Tree, v: usize) -> bool {
    if tree.xpos(v) != "VBG" {
        return false;
    }
    // "postponed imposing tariffs", "avoided naming X": put off, stopped or avoided.
    let put_off = matches!(tree.deprel(v), "xcomp" | "advcl" | "ccomp" | "obj")
        && tree
            .head(v)
            .is_some_and(|h| lemma_among(tree, h, PUTTING_OFF));
    put_off
        || tree.children(v).any(|c| {
            matches!(tree.deprel(c), "mark" | "case")
                && matches!(
                    tree.text(c).to_ascii_lowercase().as_str(),
                    "into"
                        | "to"
                        | "for"
                        | "of"
                        | "about"
                        | "against"
                        | "from"
                        | "toward"
                        | "towards"
                        | "on"
                        | "including"
                        | "without"
                )
        })
}

/// Verbs whose gerund complement is not done (lemmas).
const PUTTING_OFF: &[&str] = &[
    "postpone", "delay", "defer", "suspend", "avoid", "refrain", "halt", "stop", "cease", "cancel",
    "shelve",
];

/// CAMEO roots of asking something of someone: appeals (02) and demands (10).
fn is_demand(code: &str) -> bool {
    matches!(code.get(..2), Some("02" | "10"))
}

/// The party a demand or appeal is made of when it is the subject of the clause that says
/// what is asked ("demanded that X withdraw", "urged that X halt"): X is the recipient.
fn demanded_party(
    tree: &Tree,
    groups: &[ActorGroup],
    v: usize,
    usable: &dyn Fn(&ActorGroup) -> bool,
) -> Option<ActorGroup> {
    tree.children(v)
        .filter(|&c| tree.deprel(c) == "ccomp" && c > v)
        .find_map(|c| tree.subject(c))
        .and_then(|s| side_of(tree, groups, s))
        .filter(|g| usable(g))
}

/// Whether verb `v` says what a coded demand or appeal asks ("demanded that X *withdraw*").
fn demanded_act(tree: &Tree, v: usize, demanding: &[usize]) -> bool {
    tree.deprel(v) == "ccomp" && tree.head(v).is_some_and(|h| demanding.contains(&h))
}

/// Words whose infinitive is a fixed plan ("is scheduled to attend", "due to visit": coded,
/// flagged hypothetical) or a reported fact ("believed to be fired by X", "said to have
/// met").
const SCHEDULE_OR_REPORT: &[&str] = &[
    "schedule",
    "set",
    "due",
    "believe",
    "say",
    "report",
    "think",
    "allege",
    "know",
    "claim",
    "understand",
    "appear",
    "seem",
];

/// The event of a coded verb the parse misread: the actor before it, the recipient after it.
fn code_by_word_order(
    words: &[String],
    groups: &[ActorGroup],
    choice: PatternChoice,
    (v, verb_end): (usize, usize),
    (clause_start, clause_end): (usize, usize),
) -> Option<SentenceEvent> {
    let usable = |g: &ActorGroup| !in_pattern(g, verb_end, choice.pattern_words);
    let actors = actor_before(words, groups, v, clause_start);
    let recipients = recipient_after(words, groups, verb_end, clause_end, &usable);
    let pair = pair_roles(&choice.code, verb_end, actors.as_ref(), recipients.as_ref())?;
    finish_event(words, choice, (v, verb_end), pair, (false, false))
}

/// Whether the recipient is only the actor's own country named as a possessor ("China's
/// envoy reaffirmed China's support": the possessor of the object is no party to the act;
/// "praised the people of Ohio" stays a domestic event).
fn own_country(words: &[String], actors: &ActorGroup, recipients: &ActorGroup) -> bool {
    if words.get(recipients.end).is_none_or(|w| w != "'S") {
        return false;
    }
    let country = |c: &str| c.get(..3).map(str::to_string);
    let actor_countries: Vec<String> = actors
        .members
        .iter()
        .filter_map(|m| m.code.as_deref().and_then(country))
        .collect();
    !recipients.members.is_empty()
        && recipients.members.iter().all(|m| {
            m.code
                .as_deref()
                .is_some_and(|c| c.len() == 3 && actor_countries.iter().any(|a| a == c))
        })
}

/// "calling the attack an aggression", "named X envoy": a verb of naming with a predicate
/// complement names, it does not call on anyone.
fn names_something(tree: &Tree, v: usize) -> bool {
    matches!(tree.lemma(v), "call" | "name" | "label" | "term" | "dub")
        && tree.children(v).any(|c| {
            tree.deprel(c) == "xcomp" && matches!(tree.upos(c), "NOUN" | "PROPN" | "ADJ")
                || (tree.deprel(c) == "obj"
                    && tree
                        .children(v)
                        .filter(|&o| tree.deprel(o) == "obj")
                        .count()
                        > 1)
        })
}

/// Whether actor phrase `m` only modifies a noun that is no actor: "Chinese tariffs", "the
/// German version" name a thing of the country, not the country ("the
/// Chinese government" is one actor phrase and stays; people of the country act for it).
fn modifies_a_thing(tree: &Tree, groups: &[ActorGroup], m: &ActorChunk) -> bool {
    let mut heads =
        (m.start..m.end).filter(|&w| tree.head(w).is_none_or(|h| h < m.start || h >= m.end));
    let (Some(w), None) = (heads.next(), heads.next()) else {
        return false;
    };
    let Some(h) = tree.head(w) else {
        return false;
    };
    // Only an adjective ("Chinese"): a noun modifier may be the actor's own name parsed
    // as a compound ("the Hizbollah guerrillas").
    tree.deprel(w) == "amod"
        && tree.upos(w) == "ADJ"
        && tree.upos(h) == "NOUN"
        && !names_people(tree.lemma(h))
        && !groups.iter().any(|g| g.start <= h && h < g.end)
}

/// Nouns of people and arms that act for the country that qualifies them.
const ACTING_NOUNS: &[&str] = &[
    "people",
    "force",
    "forces",
    "troop",
    "troops",
    "army",
    "navy",
    "police",
    "official",
    "guard",
    "militia",
    "side",
    "team",
    "delegation",
    "public",
    "rebel",
    "guerrilla",
    "militant",
    "group",
    "regime",
    "authority",
    // Weapons act for the state that fires them ("Sylvanian missiles hit X").
    "missile",
    "rocket",
    "drone",
    "jet",
    "aircraft",
    "plane",
    "helicopter",
    "tank",
    "ship",
    "vessel",
    "submarine",
    "artillery",
    "shell",
];

/// Whether a noun names people or arms, which act for the country that qualifies them
/// ("Filipino peacekeepers", "a Ukrainian protester", "Syrian forces", "Russian missiles"):
/// agent suffixes and [`ACTING_NOUNS`].
fn names_people(lemma: &str) -> bool {
    let l = lemma.to_ascii_lowercase();
    [
        "er", "or", "ist", "ian", "man", "men", "ee", "ant", "ent", "ary",
    ]
    .iter()
    .any(|s| l.ends_with(s))
        || ACTING_NOUNS.contains(&l.as_str())
}

/// `side` without the members that only modify a thing ([`modifies_a_thing`]); `None` when
/// none is left.
fn without_modifiers(tree: &Tree, groups: &[ActorGroup], side: ActorGroup) -> Option<ActorGroup> {
    if !side
        .members
        .iter()
        .any(|m| modifies_a_thing(tree, groups, m))
    {
        return Some(side);
    }
    keep_members(&side, |m| !modifies_a_thing(tree, groups, m))
}

/// The event of the coded verb at `trigger`, its roles read from the tree.
fn code_verb(
    tree: &Tree,
    words: &[String],
    groups: &[ActorGroup],
    choice: PatternChoice,
    trigger: (usize, usize),
    (clause_start, clause_end): (usize, usize),
) -> Option<SentenceEvent> {
    let (v, verb_end) = trigger;
    let usable = |g: &ActorGroup| !in_pattern(g, verb_end, choice.pattern_words);
    let (actors, recipients) = if is_passive(tree, v) {
        let agent = tree.passive_agent(v).or_else(|| {
            tree.obliques(v)
                .into_iter()
                .find(|(_, p)| p.as_deref() == Some("by"))
                .map(|(o, _)| o)
        });
        let patient = tree
            .subject(v)
            .or_else(|| (tree.deprel(v) == "acl").then(|| tree.head(v)).flatten());
        let patient = match patient {
            Some(p) => side_of(tree, groups, p),
            None => actor_before(words, groups, v, clause_start),
        };
        (agent.and_then(|a| side_of(tree, groups, a)), patient)
    } else {
        // A subject that is no actor ("the talks resumed") means no actor: only a verb with
        // no subject in the parse falls back on word order.
        let actor = match active_subject(tree, v) {
            Some(s) => side_of(tree, groups, s).or_else(|| {
                is_personal_pronoun(tree, s)
                    .then(|| reporter_of(tree, groups, v))
                    .flatten()
            }),
            None if is_finite(tree, v) => actor_before(words, groups, v, clause_start),
            None => None,
        };
        // A pattern with a recipient slot ("accused (+) of") names where the recipient is.
        let slotted = choice.target.and_then(|t| {
            groups
                .iter()
                .find(|g| g.start >= t && g.start < clause_end && usable(g))
                .cloned()
        });
        let recipient = slotted
            .or_else(|| recipient_from_tree(tree, words, groups, v, &usable))
            .or_else(|| {
                is_demand(&choice.code)
                    .then(|| demanded_party(tree, groups, v, &usable))
                    .flatten()
            })
            .or_else(|| {
                // Only inside the verb's own subtree and before any quotation mark.
                let (_, last) = tree.subtree_range(v);
                let quote = (verb_end..clause_end).find(|&k| is_quote_mark(&words[k]));
                let end = clause_end.min(last + 1).min(quote.unwrap_or(usize::MAX));
                let outside_asides = |g: &ActorGroup| usable(g) && !in_aside(tree, v, g.start);
                recipient_after(words, groups, verb_end, end, &outside_asides)
            });
        (actor, recipient)
    };
    let actors = actors
        .and_then(|a| without_modifiers(tree, groups, a))
        .or_else(|| unnamed_attacker(tree, &choice.code, v, recipients.as_ref()));
    // A recipient named by its country's adjective ("rejected the Israeli proposal") is the
    // country, as the anchors code it; only the actor must be a party itself.
    let recipients = recipients.filter(|r| {
        actors
            .as_ref()
            .is_none_or(|a| a.start != r.start && !own_country(words, a, r))
    });
    let pair = pair_roles(&choice.code, verb_end, actors.as_ref(), recipients.as_ref())?;
    let negated = tree.is_negated(v) || subject_denied(tree, v);
    let mut choice = choice;
    let mut flags = (negated, is_hypothetical(tree, v));
    let intent = intends(tree, v);
    let stated = match intent {
        Intent::None => None,
        // An act announced unless the other side gives way is a threat, whatever the act
        // ("will withdraw its force unless Y agrees", "will boycott unless Y resigns").
        _ if ultimatum(tree, v) && !choice.code.starts_with("13") => Some("130".to_string()),
        _ => intent_code(&choice.code, negated),
    };
    if intent == Intent::Committed && stated.is_none() {
        // "agreed to demand …": what a party commits to and is no cooperation, aid,
        // concession or threat is not coded (as any other purpose not yet done).
        return None;
    }
    if let Some(code) = wish_of_another(tree, v, &choice.code) {
        choice.code = code;
    } else if let Some(code) = agreement_code(tree, v, &choice.code) {
        // Agreeing is itself the event, so its own flags stand: "if X agrees to …" is a
        // condition, not an agreement.
        choice.code = code;
    } else if let Some(code) = stated {
        // The statement of what a party will (or will not) do is the event, and it
        // happened: "X will send aid" is an offer (03), "X will not meet Y" a refusal (12),
        // "X will strike Y" a threat (13).
        choice.code = code;
        flags = (false, false);
    }
    if let Some(code) = expulsion_code(tree, v, &choice.code) {
        choice.code = code;
    }
    let unnamed = pair.0.members.is_empty();
    let mut ev = finish_event(words, choice, trigger, pair, flags)?;
    if unnamed {
        // An attack by no one named says less than an act of a named party in the same
        // sentence ("suspended aid after its convoy was hit").
        ev.confidence -= 0.1;
    }
    // The sentence's own event is in its main clause: one told in a clause that modifies a
    // noun or adds a circumstance ("demanded an admission that X murdered Y", "rioted,
    // setting fire to …") is less likely the one the sentence reports.
    ev.confidence -= 0.05 * embedding_depth(tree, v).min(3) as f32;
    Some(ev)
}

/// Whether the subject of `v` is denied ("Not X nor Y are blocking …", "Neither X nor Y
/// attacked …"): the act is said not to have been done.
fn subject_denied(tree: &Tree, v: usize) -> bool {
    // The parser hangs the "not" or "neither" on the subject or elsewhere: read the word
    // that opens the subject's phrase, or the one before it.
    tree.subject(v).is_some_and(|s| {
        let (start, _) = tree.noun_phrase(s);
        (start.saturating_sub(1)..=start)
            .any(|w| w < s && lemma_among(tree, w, &["not", "neither"]))
    })
}

/// How many clauses that modify a noun or add a circumstance (relative and adnominal
/// clauses, a noun's that-clause, adverbial clauses and participles) lie between verb `v`
/// and the sentence root. Reported clauses ("X said Y attacked Z") and open complements do not count.
fn embedding_depth(tree: &Tree, v: usize) -> usize {
    let mut depth = 0;
    let mut cur = v;
    for _ in 0..tree.len() {
        let Some(h) = tree.head(cur) else {
            break;
        };
        let of_noun = tree.deprel(cur) == "ccomp" && tree.upos(h) == "NOUN";
        if of_noun || matches!(tree.deprel(cur), "acl" | "acl:relcl" | "advcl") {
            depth += 1;
        }
        cur = h;
    }
    depth
}

/// CAMEO's expulsions of international presences (166x: inspectors, peacekeepers, aid
/// agencies) are sanctions on those who sent them, not deportations of persons (174, as
/// the dictionary codes "expel").
fn expulsion_code(tree: &Tree, v: usize, code: &str) -> Option<String> {
    if code != "174" {
        return None;
    }
    let object = tree.object(v)?;
    let code = match tree.lemma(object).to_ascii_lowercase().as_str() {
        "inspector" | "observer" | "monitor" => "1662",
        "peacekeeper" => "1661",
        "agency" | "worker" | "organization" | "organisation" => "1663",
        "diplomat" | "ambassador" | "envoy" | "attache" => "166",
        _ => return None,
    };
    Some(code.to_string())
}

/// The empty actor of an attack the text names no attacker of: victims who are a party
/// ("three Freedonian soldiers were killed in a roadside bombing", "a car bomb killed two
/// Freedonian officials") and a weapon or an attack that did it, in the verb's own
/// arguments, or a verb that says force by itself ("were shot"). Without them, a death is
/// no attack ("were killed in a crash").
fn unnamed_attacker(
    tree: &Tree,
    code: &str,
    v: usize,
    victims: Option<&ActorGroup>,
) -> Option<ActorGroup> {
    if !matches!(code.get(..2), Some("18" | "19" | "20")) || victims.is_none() {
        return None;
    }
    let weapon = |c: usize| {
        lemma_among(tree, c, FORCE_NOUNS)
            || (lemma_among(tree, c, &["device"])
                && tree
                    .children(c)
                    .any(|m| lemma_among(tree, m, &["explosive"])))
    };
    let forceful = match tree.subject(v).filter(|_| !is_passive(tree, v)) {
        // A subject that is no party must be the weapon ("a car bomb killed …"); a
        // spokesman or a place is not the attacker.
        Some(s) => weapon(s),
        None => {
            lemma_among(tree, v, FORCE_VERBS)
                || tree
                    .children(v)
                    .any(|c| matches!(tree.deprel(c), "obl" | "obl:agent") && weapon(c))
        }
    };
    forceful.then(|| ActorGroup {
        start: v,
        end: v,
        members: Vec::new(),
    })
}

/// Verbs that name an attack by themselves (lemmas).
const FORCE_VERBS: &[&str] = &[
    "shoot",
    "bomb",
    "shell",
    "attack",
    "assassinate",
    "massacre",
    "behead",
    "ambush",
    "stab",
    "torture",
    "kidnap",
    "abduct",
    "gun",
];

/// Nouns that name a weapon or an attack (lemmas): "killed in a suicide bombing", "a
/// roadside bomb killed …".
const FORCE_NOUNS: &[&str] = &[
    "bomb",
    "bombing",
    "blast",
    "explosion",
    "attack",
    "airstrike",
    "strike",
    "raid",
    "ambush",
    "shelling",
    "bombardment",
    "rocket",
    "missile",
    "mortar",
    "shell",
    "gunfire",
    "shooting",
    "grenade",
    "mine",
    "landmine",
    "drone",
    "crossfire",
    "clash",
    "fighting",
    "assault",
    "offensive",
    "sniper",
    "gunman",
    "militant",
    "insurgent",
];

/// Personal pronouns that stand for a party named in the clause that reports them.
fn is_personal_pronoun(tree: &Tree, w: usize) -> bool {
    tree.upos(w) == "PRON"
        && matches!(
            tree.text(w).to_ascii_lowercase().as_str(),
            "it" | "he" | "she" | "they" | "we"
        )
}

/// The party a pronoun subject of a reported clause stands for: the subject of the verb
/// that reports it ("Freedonia said it had expelled …", "the minister said he is ready to
/// …" → the reporter), through coordinated verbs and open complements on the way up.
fn reporter_of(tree: &Tree, groups: &[ActorGroup], v: usize) -> Option<ActorGroup> {
    let mut cur = v;
    for _ in 0..6 {
        let head = tree.head(cur)?;
        match tree.deprel(cur) {
            "conj" | "xcomp" => cur = head,
            // Indirect speech only: the report comes first and no quotation mark lies
            // between ("“We are …,” X said" and "X said: “it is …”" are the speaker's own
            // words, whose "we" and "it" need not be the speaker).
            "ccomp"
                if is_verb(tree, head)
                    && head < cur
                    && !(head..cur).any(|k| is_quote_mark(tree.text(k))) =>
            {
                let s = active_subject(tree, head)?;
                if is_personal_pronoun(tree, s) {
                    cur = head;
                    continue;
                }
                return side_of(tree, groups, s);
            }
            _ => return None,
        }
    }
    None
}

/// Words whose open complement is what a party commits itself to ("agreed to send",
/// "is ready to host", "pledged to free").
const INTENT_HEADS: &[&str] = &[
    "agree",
    "pledge",
    "promise",
    "vow",
    "offer",
    "decide",
    "plan",
    "intend",
    "prepare",
    "prepared",
    "ready",
    "willing",
    "commit",
    "committed",
];

/// How a verb states what a party means to do ([`intends`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    /// Not at all: done, or only possible.
    None,
    /// A future reported ("X said it would send …").
    Announced,
    /// The open complement of a word of commitment ("agreed to send", "is ready to host").
    Committed,
}

/// Whether verb `v` says what a party will do: a future modal ("will", "would", "shall")
/// on it or on a verb it is coordinated with, in a reported clause ([`reported`]), or an
/// open complement of a word of commitment ([`INTENT_HEADS`]). A condition ("if X would
/// …") is no intent.
fn intends(tree: &Tree, v: usize) -> Intent {
    let mut cur = v;
    for _ in 0..6 {
        let condition = tree.children(cur).any(|c| {
            tree.deprel(c) == "mark"
                && matches!(tree.text(c).to_ascii_lowercase().as_str(), "if" | "unless")
        });
        if condition {
            return Intent::None;
        }
        let future = tree.children(cur).any(|c| {
            tree.deprel(c) == "aux"
                && matches!(
                    tree.text(c).to_ascii_lowercase().as_str(),
                    "will" | "would" | "shall" | "'ll"
                )
        });
        if future {
            return if reported(tree, cur) {
                Intent::Announced
            } else {
                Intent::None
            };
        }
        let Some(head) = tree.head(cur) else {
            return Intent::None;
        };
        match tree.deprel(cur) {
            "xcomp" if lemma_among(tree, head, INTENT_HEADS) => return Intent::Committed,
            "conj" => cur = head,
            _ => return Intent::None,
        }
    }
    Intent::None
}

/// Whether the clause of verb `v` is reported by a verb of its sentence ("X said it
/// would …", "X will …, Y announced"): a future announced is a statement of intent, while
/// a bare "X will meet Y" is the meeting itself, planned (coded as the meeting, flagged
/// hypothetical).
fn reported(tree: &Tree, v: usize) -> bool {
    let mut cur = v;
    for _ in 0..6 {
        if tree
            .children(cur)
            .any(|c| tree.deprel(c) == "parataxis" && is_verb(tree, c))
        {
            return true;
        }
        let Some(head) = tree.head(cur) else {
            return false;
        };
        match tree.deprel(cur) {
            "ccomp" | "parataxis" => return is_verb(tree, head),
            "conj" => cur = head,
            _ => return false,
        }
    }
    false
}

/// "agree" codes 050 in the Phoenix dictionary; agreeing to do something or on a deal
/// ("agreed to hold talks", "agreed that …", "agreed on a pact") is PLOVER's AGREE, CAMEO
/// 030 (express intent to cooperate). Agreeing *with* someone stays support.
fn agreement_code(tree: &Tree, v: usize, code: &str) -> Option<String> {
    let commits = tree.children(v).any(|c| {
        matches!(tree.deprel(c), "xcomp" | "ccomp")
            || (Tree::is_rel(tree.deprel(c), "obl")
                && matches!(tree.preposition(c).as_deref(), Some("on" | "upon" | "to")))
    });
    (code == "050" && tree.lemma(v).eq_ignore_ascii_case("agree") && commits)
        .then(|| "030".to_string())
}

/// "want" codes 030 (intent to cooperate) in the Phoenix dictionary; wanting someone else
/// to act ("X wants Y to extradite Z") asks it of them: an appeal, 020.
fn wish_of_another(tree: &Tree, v: usize, code: &str) -> Option<String> {
    // The parser may hang the infinitive as an adverbial clause ("wants Y to attack").
    let asks = tree.object(v).is_some()
        && tree
            .children(v)
            .any(|c| tree.deprel(c) == "xcomp" || (tree.deprel(c) == "advcl" && has_to(tree, c)));
    (code.starts_with("03") && lemma_among(tree, v, &["want", "wish"]) && asks)
        .then(|| "020".to_string())
}

/// Whether verb `v` (or the verb it is coordinated with) is conditioned by an "unless"
/// clause: what happens unless the other side acts.
fn ultimatum(tree: &Tree, v: usize) -> bool {
    tree.conjuncts(v)
        .first()
        .into_iter()
        .chain([&v])
        .any(|&w| tree.children(w).any(|c| is_unless_clause(tree, c)))
}

/// Whether `v` heads an "unless" clause: the condition of a threat, what the other side is
/// to do, not an act.
fn is_unless_clause(tree: &Tree, v: usize) -> bool {
    tree.deprel(v) == "advcl"
        && tree
            .children(v)
            .any(|m| tree.deprel(m) == "mark" && tree.text(m).eq_ignore_ascii_case("unless"))
}

/// The CAMEO code of a stated intent to do what `code` codes (the CAMEO codebook's rules):
/// cooperation, aid and concessions promised are 03x, refused (`negated`) 12x; force,
/// sanctions, coercion and protest announced are threats, 13x. Other codes (statements,
/// appeals, demands, accusations, rejections, mobilization) keep their code: `None`.
fn intent_code(code: &str, negated: bool) -> Option<String> {
    let pick = |table: &[(&str, &str)], default: &str| {
        table
            .iter()
            .find(|(prefix, _)| code.starts_with(prefix))
            .map_or(default, |(_, c)| c)
            .to_string()
    };
    let root = code.get(..2)?;
    if negated {
        return match root {
            "04" => Some("125".into()),
            "05" => Some("120".into()),
            "06" | "07" => Some(pick(
                &[
                    ("061", "1211"),
                    ("062", "1212"),
                    ("063", "1213"),
                    ("064", "1214"),
                ],
                "121",
            )),
            "08" => Some(pick(
                &[
                    ("081", "1241"),
                    ("082", "1242"),
                    ("084", "1243"),
                    ("085", "1244"),
                    ("086", "1245"),
                    ("087", "1246"),
                ],
                "124",
            )),
            _ => None,
        };
    }
    match root {
        "04" => Some("036".into()),
        "05" => Some("032".into()),
        "06" => Some(pick(
            &[
                ("061", "0311"),
                ("062", "0312"),
                ("063", "0313"),
                ("064", "0314"),
            ],
            "031",
        )),
        "07" => Some(pick(
            &[
                ("071", "0331"),
                ("072", "0332"),
                ("073", "0333"),
                ("074", "0334"),
            ],
            "033",
        )),
        "08" => Some(pick(
            &[
                ("081", "0351"),
                ("082", "0352"),
                ("083", "034"),
                ("084", "0353"),
                ("085", "0354"),
                ("086", "0355"),
                ("087", "0356"),
            ],
            "035",
        )),
        "14" => Some("133".into()),
        "16" => Some(pick(
            &[
                ("161", "1313"),
                ("162", "1311"),
                ("163", "1312"),
                ("164", "134"),
                ("165", "135"),
                ("166", "136"),
            ],
            "131",
        )),
        "17" => Some(pick(
            &[("1722", "1322"), ("1723", "1323"), ("1724", "1324")],
            "132",
        )),
        "18" | "19" | "20" => Some(pick(
            &[("191", "1381"), ("192", "1382"), ("204", "1385")],
            "138",
        )),
        _ => None,
    }
}

/// The other directions of a reciprocal event: when the two sides are the members of one
/// compound subject ("X, Y and Z met", coded X with Y and Z by [`pair_roles`]), each
/// member acts towards all the others, as the anchors code such events (Y with X and Z, Z
/// with X and Y).
///
/// [`pair_roles`]: super::coder::pair_roles
fn reciprocal_events(groups: &[ActorGroup], ev: &SentenceEvent) -> Vec<SentenceEvent> {
    let one_group = groups.iter().any(|g| {
        g.start <= ev.actors.start
            && ev.recipients.end <= g.end
            && ev.actors.end <= ev.recipients.start
    });
    if !one_group || ev.actors.members.len() != 1 || ev.recipients.members.is_empty() {
        return Vec::new();
    }
    let all: Vec<ActorChunk> = ev
        .actors
        .members
        .iter()
        .chain(&ev.recipients.members)
        .cloned()
        .collect();
    let side = |members: Vec<ActorChunk>| ActorGroup {
        start: members.iter().map(|m| m.start).min().unwrap_or(0),
        end: members.iter().map(|m| m.end).max().unwrap_or(0),
        members,
    };
    (1..all.len())
        .map(|k| {
            let others: Vec<ActorChunk> = all
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != k)
                .map(|(_, m)| m.clone())
                .collect();
            SentenceEvent {
                actors: side(vec![all[k].clone()]),
                recipients: side(others),
                ..ev.clone()
            }
        })
        .collect()
}
