//! Repairs of one parse error the greedy parser makes again and again on news, applied after
//! parsing.
//!
//! A subject with a relative clause in commas before its verb ("The rebels, who hold the
//! north, attacked a convoy", "Russia, which … in February, said on Monday …") is a staple of
//! news writing. Reading left to right, the parser has already built the relative clause when
//! it meets the main verb, and it often hangs that verb off the relative clause as a
//! conjunct ("attacked" a second verb of "who hold …"), leaving the subject noun, or the
//! relative verb, as the root. The later stages then see no subject for the main verb and a
//! wrong root for the sentence. The repair puts the main verb back at the root with the noun
//! as its subject, only where the parse shows the error's exact shape.

use readout_core::TokenSyntax;

/// Re-attach a main verb the parser hung inside an opening relative clause (see the module
/// documentation). `words` and `toks` are one sentence. The tree stays a tree: a repair that
/// would not leave one root reached by every word is undone.
pub fn relative_clause_subject<S: AsRef<str>>(words: &[S], toks: &mut [TokenSyntax]) {
    let n = toks.len().min(words.len());
    for w in 2..n {
        if !matches!(toks[w].xpos.as_str(), "WDT" | "WP") || words[w - 1].as_ref() != "," {
            continue;
        }
        let Some(fix) = find_shape(words, toks, w) else {
            continue;
        };
        let saved: Vec<(Option<usize>, String)> =
            toks.iter().map(|t| (t.head, t.deprel.clone())).collect();
        apply(toks, &fix);
        if !is_tree(toks) {
            for (t, (head, deprel)) in toks.iter_mut().zip(saved) {
                t.head = head;
                t.deprel = deprel;
            }
        }
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
        // A past participle is the main verb only where the parser coordinated it with a
        // verb ("…, which has rejected the plan, called for …": the tagger carried the
        // perfect on); hung on a noun it is a reduced relative ("the plan, drafted by …").
        let participle = toks[v].xpos == "VBN" && toks[v].deprel == "conj";
        let finite =
            matches!(toks[v].xpos.as_str(), "VBD" | "VBZ" | "VBP") || participle || own(&["aux"]);
        if !finite || own(&["nsubj", "nsubj:pass", "csubj", "cc", "mark", "expl"]) {
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
        if words[k - 1].as_ref() == "," && k - 1 > relative {
            return Some((v, k - 1));
        }
    }
    None
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
    let passive = (0..n).any(|c| toks[c].head == Some(s.verb) && toks[c].deprel == "aux:pass");
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
