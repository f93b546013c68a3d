//! Features of the part-of-speech tagger and the parser.
//!
//! Each word is first reduced to a few hashed *atoms* (its lower-cased form, suffixes,
//! shape, word clusters); a feature is then a template number combined with the atoms of the
//! positions it looks at. Training (`readout-train`) and analysis call the same functions, so
//! a model always sees the features it was trained on.

use super::transition::{Node, State, NONE};
use crate::feature_hash::Hasher;
use crate::ner::clusters::Clusters;

/// No tag (a position outside the sentence, or not tagged yet).
pub const NO_TAG: u16 = u16::MAX;

/// What the features know of one word.
#[derive(Debug, Clone, Copy)]
pub struct Atoms {
    /// Lower-cased form.
    pub lower: u64,
    /// Form as written.
    pub form: u64,
    /// Suffixes of 1 to 4 characters (lower-cased).
    pub suffix: [u64; 4],
    /// First character.
    pub prefix: u64,
    /// Word shape ("Xxxx", "dd", "x-x").
    pub shape: u64,
    /// News word clusters at 32/256/1024 (0 = unknown word).
    pub cluster: [u16; 3],
    /// Static-vector clusters at 64/256/1024 (0 = unknown word).
    pub vector: [u16; 3],
}

impl Atoms {
    /// The atoms of the position before the first word or after the last.
    fn boundary(which: u64) -> Atoms {
        let h = Hasher::new(250).num(which).finish();
        Atoms {
            lower: h,
            form: h,
            suffix: [h; 4],
            prefix: h,
            shape: h,
            cluster: [0; 3],
            vector: [0; 3],
        }
    }
}

/// Word clusters the features look words up in (the entity tagger's resources).
#[derive(Debug, Clone, Copy)]
pub struct ClusterSets<'a> {
    /// Clusters induced from unlabeled news.
    pub news: &'a Clusters,
    /// Clusters of static word vectors.
    pub vectors: &'a Clusters,
}

/// The atoms of each word of a sentence.
pub fn atoms<S: AsRef<str>>(words: &[S], clusters: ClusterSets<'_>) -> Vec<Atoms> {
    let mut shape = String::new();
    let mut short = String::new();
    words
        .iter()
        .map(|w| {
            let w = w.as_ref();
            let lower = w.to_lowercase();
            let chars: Vec<(usize, char)> = lower.char_indices().collect();
            let suffix = std::array::from_fn(|k| {
                let from = chars.len().saturating_sub(k + 1);
                let at = chars.get(from).map_or(lower.len(), |c| c.0);
                Hasher::new(1).num(k as u64).str(&lower[at..]).finish()
            });
            let prefix_end = chars.get(1).map_or(lower.len(), |c| c.0);
            shape.clear();
            short.clear();
            crate::ner::features::shapes_into(w, &mut shape, &mut short);
            let lookup = |c: &Clusters| c.get(&lower).map_or([0; 3], |ids| ids.map(|i| i + 1));
            Atoms {
                lower: Hasher::new(2).str(&lower).finish(),
                form: Hasher::new(3).str(w).finish(),
                suffix,
                prefix: Hasher::new(4).str(&lower[..prefix_end]).finish(),
                shape: Hasher::new(5).str(&shape).finish(),
                cluster: lookup(clusters.news),
                vector: lookup(clusters.vectors),
            }
        })
        .collect()
}

fn at(atoms: &[Atoms], i: isize) -> Atoms {
    if i < 0 {
        Atoms::boundary(0)
    } else {
        atoms
            .get(i as usize)
            .copied()
            .unwrap_or_else(|| Atoms::boundary(1))
    }
}

fn f(template: u8) -> Hasher {
    Hasher::new(template)
}

/// Features for tagging word `i`, given the tags already chosen for the two words before it
/// and, in the second pass, the first pass's tags of the two words after it.
pub fn tagger_features(
    atoms: &[Atoms],
    i: usize,
    prev: [u16; 2],
    next: [u16; 2],
    out: &mut Vec<u64>,
) {
    out.clear();
    let i = i as isize;
    let w = at(atoms, i);
    let (p1, p2, n1, n2) = (
        at(atoms, i - 1),
        at(atoms, i - 2),
        at(atoms, i + 1),
        at(atoms, i + 2),
    );
    let [t1, t2] = prev.map(u64::from);
    let [u1, u2] = next.map(u64::from);
    out.extend([
        f(0).finish(),
        f(1).word(w.lower).finish(),
        f(2).word(w.form).finish(),
        f(3).word(w.suffix[0]).finish(),
        f(4).word(w.suffix[1]).finish(),
        f(5).word(w.suffix[2]).finish(),
        f(6).word(w.suffix[3]).finish(),
        f(7).word(w.prefix).finish(),
        f(8).word(w.shape).finish(),
        f(9).word(p1.lower).finish(),
        f(10).word(n1.lower).finish(),
        f(11).word(p2.lower).finish(),
        f(12).word(n2.lower).finish(),
        f(13).word(p1.suffix[2]).finish(),
        f(14).word(n1.suffix[2]).finish(),
        f(15).num(t1).finish(),
        f(16).num(t1).num(t2).finish(),
        f(17).num(t1).word(w.lower).finish(),
        f(18).word(w.lower).word(n1.lower).finish(),
        f(19).word(p1.lower).word(w.lower).finish(),
        f(20).word(p1.shape).word(w.shape).word(n1.shape).finish(),
        f(21).num(t1).word(w.suffix[2]).finish(),
        f(22).word(w.shape).num((i == 0) as u64).finish(),
    ]);
    for k in 0..3 {
        let t = 23 + 4 * k as u8;
        out.extend([
            f(t).num(w.cluster[k].into()).finish(),
            f(t + 1).num(w.vector[k].into()).finish(),
            f(t + 2).num(p1.vector[k].into()).num(t1).finish(),
            f(t + 3).num(n1.vector[k].into()).finish(),
        ]);
    }
    if next[0] != NO_TAG {
        out.extend([
            f(40).num(u1).finish(),
            f(41).num(u1).num(u2).finish(),
            f(42).num(t1).num(u1).finish(),
            f(43).num(u1).word(w.lower).finish(),
            f(44).num(u1).word(w.suffix[2]).finish(),
        ]);
    }
}

/// Bucketed distance between two words (1, 2, 3, 4, 5–9, 10+).
fn distance(a: usize, b: usize) -> u64 {
    let d = a.abs_diff(b);
    match d {
        0..=4 => d as u64,
        5..=9 => 5,
        _ => 6,
    }
}

/// One position the parser's features look at: its word atoms and tag.
#[derive(Clone, Copy)]
struct Pos {
    w: u64,
    t: u64,
    c: u64,
    v: u64,
}

/// The atoms the parser reads of word `i` (its tag id shifted past the sentinels), or the
/// sentinels for no word and for the root (`i == n`).
fn position(atoms: &[Atoms], tags: &[u16], n: usize, i: usize) -> Pos {
    let splat = |x| Pos {
        w: x,
        t: x,
        c: x,
        v: x,
    };
    if i == NONE {
        splat(1)
    } else if i == n {
        splat(2)
    } else {
        let a = &atoms[i];
        Pos {
            w: a.lower,
            t: u64::from(tags[i]) + 16,
            c: u64::from(a.cluster[2]) + 16,
            v: u64::from(a.vector[1]) + 16,
        }
    }
}

/// Features for choosing the next move in `state`; `tags` are the words' tag ids.
pub fn parser_features(atoms: &[Atoms], tags: &[u16], state: &State, out: &mut Vec<u64>) {
    out.clear();
    let n = state.n;
    let pos = |i: usize| position(atoms, tags, n, i);
    let node = |i: usize| (i != NONE).then(|| &state.nodes[i]);
    let label = |i: usize| node(i).map_or(999, |nd| u64::from(nd.label)) + 1;
    let child = |i: usize, left: bool, k: usize| {
        node(i).map_or(NONE, |nd| if left { nd.left[k] } else { nd.right[k] })
    };
    let (s0i, s1i, s2i, b0i) = (state.s(0), state.s(1), state.s(2), state.b);
    let b1i = if b0i < n { b0i + 1 } else { NONE };
    let b2i = if b0i + 2 <= n { b0i + 2 } else { NONE };
    let (s0, s1, s2, b0, b1, b2) = (pos(s0i), pos(s1i), pos(s2i), pos(b0i), pos(b1i), pos(b2i));
    let (s0l, s0r, s0l2, s0r2) = (
        child(s0i, true, 0),
        child(s0i, false, 0),
        child(s0i, true, 1),
        child(s0i, false, 1),
    );
    let (s1l, s1r, b0l, b0l2) = (
        child(s1i, true, 0),
        child(s1i, false, 0),
        child(b0i, true, 0),
        child(b0i, true, 1),
    );
    let dist = if s0i == NONE {
        0
    } else {
        distance(s0i, b0i.min(n)) + 1
    };
    let dist01 = if s1i == NONE {
        0
    } else {
        distance(s0i, s1i) + 1
    };
    let valency = |i: usize| node(i).map_or((0, 0), Node::valency);
    let labelset = |i: usize, left: bool| node(i).map_or(0, |nd| nd.label_set(left));
    let (s0vl, s0vr) = valency(s0i);
    let (b0vl, _) = valency(b0i);
    let (s1vl, s1vr) = valency(s1i);
    out.extend([
        f(0).finish(),
        // Single positions.
        f(1).word(s0.w).finish(),
        f(2).word(s0.t).finish(),
        f(3).word(s0.w).word(s0.t).finish(),
        f(4).word(s1.w).finish(),
        f(5).word(s1.t).finish(),
        f(6).word(s1.w).word(s1.t).finish(),
        f(7).word(b0.w).finish(),
        f(8).word(b0.t).finish(),
        f(9).word(b0.w).word(b0.t).finish(),
        f(10).word(b1.w).finish(),
        f(11).word(b1.t).finish(),
        f(12).word(b1.w).word(b1.t).finish(),
        f(13).word(b2.t).finish(),
        f(14).word(s2.t).finish(),
        f(15).word(s0.c).finish(),
        f(16).word(b0.c).finish(),
        f(17).word(s1.c).finish(),
        f(18).word(s0.v).finish(),
        f(19).word(b0.v).finish(),
        // Pairs.
        f(20).word(s0.w).word(s0.t).word(b0.w).word(b0.t).finish(),
        f(21).word(s0.w).word(s0.t).word(b0.w).finish(),
        f(22).word(s0.w).word(b0.w).word(b0.t).finish(),
        f(23).word(s0.w).word(s0.t).word(b0.t).finish(),
        f(24).word(s0.t).word(b0.w).word(b0.t).finish(),
        f(25).word(s0.w).word(b0.w).finish(),
        f(26).word(s0.t).word(b0.t).finish(),
        f(27).word(b0.t).word(b1.t).finish(),
        f(28).word(s1.t).word(s0.t).finish(),
        f(29).word(s1.w).word(s0.w).finish(),
        f(30).word(s1.w).word(s1.t).word(s0.t).finish(),
        f(31).word(s1.t).word(s0.w).word(s0.t).finish(),
        f(32).word(s0.c).word(b0.c).finish(),
        f(33).word(s0.c).word(b0.t).finish(),
        f(34).word(s0.t).word(b0.c).finish(),
        f(35).word(s1.c).word(s0.c).finish(),
        f(36).word(s0.v).word(b0.t).finish(),
        f(37).word(s0.t).word(b0.v).finish(),
        // Triples of tags.
        f(40).word(b0.t).word(b1.t).word(b2.t).finish(),
        f(41).word(s0.t).word(b0.t).word(b1.t).finish(),
        f(42).word(s1.t).word(s0.t).word(b0.t).finish(),
        f(43).word(s2.t).word(s1.t).word(s0.t).finish(),
        f(44).word(s0.t).word(pos(s0l).t).word(b0.t).finish(),
        f(45).word(s0.t).word(pos(s0r).t).word(b0.t).finish(),
        f(46).word(s0.t).word(b0.t).word(pos(b0l).t).finish(),
        f(47).word(s1.t).word(s0.t).word(pos(s0l).t).finish(),
        f(48).word(s1.t).word(s0.t).word(pos(s0r).t).finish(),
        f(49).word(s1.t).word(pos(s1r).t).word(s0.t).finish(),
        f(50).word(s1.t).word(pos(s1l).t).word(s0.t).finish(),
        f(51).word(s0.t).word(pos(s0l).t).word(pos(s0l2).t).finish(),
        f(52).word(s0.t).word(pos(s0r).t).word(pos(s0r2).t).finish(),
        f(53).word(b0.t).word(pos(b0l).t).word(pos(b0l2).t).finish(),
        // Distance.
        f(60).num(dist).word(s0.w).finish(),
        f(61).num(dist).word(s0.t).finish(),
        f(62).num(dist).word(b0.w).finish(),
        f(63).num(dist).word(b0.t).finish(),
        f(64).num(dist).word(s0.t).word(b0.t).finish(),
        f(65).num(dist01).word(s1.t).word(s0.t).finish(),
        f(66).num(dist01).word(s1.w).word(s0.w).finish(),
        // Valency.
        f(70).num(s0vl).word(s0.w).finish(),
        f(71).num(s0vl).word(s0.t).finish(),
        f(72).num(s0vr).word(s0.w).finish(),
        f(73).num(s0vr).word(s0.t).finish(),
        f(74).num(b0vl).word(b0.w).finish(),
        f(75).num(b0vl).word(b0.t).finish(),
        f(76).num(s1vl).num(s1vr).word(s1.t).finish(),
        // Children: words, tags and labels.
        f(80).word(pos(s0l).w).finish(),
        f(81).word(pos(s0l).t).finish(),
        f(82).num(label(s0l)).finish(),
        f(83).word(pos(s0r).w).finish(),
        f(84).word(pos(s0r).t).finish(),
        f(85).num(label(s0r)).finish(),
        f(86).word(pos(b0l).w).finish(),
        f(87).word(pos(b0l).t).finish(),
        f(88).num(label(b0l)).finish(),
        f(89).num(label(s0l2)).finish(),
        f(90).num(label(s0r2)).finish(),
        f(91).num(label(b0l2)).finish(),
        f(92).num(label(s1r)).word(s1.t).finish(),
        f(93).num(label(s1l)).word(s1.t).finish(),
        // Label sets.
        f(100).num(labelset(s0i, true)).word(s0.w).finish(),
        f(101).num(labelset(s0i, true)).word(s0.t).finish(),
        f(102).num(labelset(s0i, false)).word(s0.w).finish(),
        f(103).num(labelset(s0i, false)).word(s0.t).finish(),
        f(104).num(labelset(b0i, true)).word(b0.w).finish(),
        f(105).num(labelset(b0i, true)).word(b0.t).finish(),
        f(106).num(labelset(s1i, false)).word(s1.t).finish(),
        // Is the stack top the sentence's only word left, and which end of the buffer.
        f(110)
            .num(state.stack.len().min(3) as u64)
            .num((b0i == n) as u64)
            .word(s0.t)
            .finish(),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_clusters() -> Clusters {
        Clusters::read_tsv("# readout clusters v1 k=2,2,2\n".as_bytes()).unwrap()
    }

    #[test]
    fn atoms_tell_case_apart_only_in_the_form() {
        let c = empty_clusters();
        let sets = ClusterSets {
            news: &c,
            vectors: &c,
        };
        let a = atoms(&["Talks", "talks", "é"], sets);
        assert_eq!(a[0].lower, a[1].lower);
        assert_ne!(a[0].form, a[1].form);
        assert_eq!(a[0].suffix, a[1].suffix);
        assert_eq!(a[0].cluster, [0; 3]);
        // A one-character, two-byte word has every suffix length equal to itself.
        assert_eq!(a[2].suffix[0], Hasher::new(1).num(0).str("é").finish());
    }

    #[test]
    fn feature_lists_have_a_fixed_length_per_template_set() {
        let c = empty_clusters();
        let sets = ClusterSets {
            news: &c,
            vectors: &c,
        };
        let a = atoms(&["Ships", "sailed", "."], sets);
        let mut out = Vec::new();
        tagger_features(&a, 0, [NO_TAG; 2], [NO_TAG; 2], &mut out);
        let first = out.len();
        tagger_features(&a, 2, [3, 4], [NO_TAG; 2], &mut out);
        assert_eq!(out.len(), first);
        tagger_features(&a, 1, [3, 4], [5, NO_TAG], &mut out);
        assert_eq!(out.len(), first + 5);
        let mut st = State::new(3);
        parser_features(&a, &[1, 2, 3], &st, &mut out);
        let n = out.len();
        st.apply(super::super::transition::Move::Shift);
        parser_features(&a, &[1, 2, 3], &st, &mut out);
        assert_eq!(out.len(), n);
    }
}
