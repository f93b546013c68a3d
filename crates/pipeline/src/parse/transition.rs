//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta 2011) with the root
//! at the end of the buffer, and its dynamic oracle (Goldberg & Nivre 2013).
//!
//! A parse is a stack, a buffer front `b` (words `b..n`, then the root `n`) and the arcs so
//! far. Three moves: SHIFT pushes `b`; LEFT(l) makes `b` the head of the stack top `s0` and
//! pops it; RIGHT(l) makes the word below, `s1`, the head of `s0` and pops it. A sentence of
//! `n` words takes exactly `2n` moves, so parsing is linear in its length whatever it holds.
//! LEFT onto the root is only allowed when the stack holds one word, so every parse has
//! exactly one root, as UD requires.
//!
//! Moves are numbered for the classifier: 0 is SHIFT, `1 + 2l` is LEFT(l), `2 + 2l` is
//! RIGHT(l), for label index `l`.

/// A move of the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Push the buffer front onto the stack.
    Shift,
    /// The buffer front becomes the head of the stack top, with this label.
    Left(u8),
    /// The word below the stack top becomes its head, with this label.
    Right(u8),
}

impl Move {
    /// The move's class number.
    pub fn class(self) -> usize {
        match self {
            Move::Shift => 0,
            Move::Left(l) => 1 + 2 * l as usize,
            Move::Right(l) => 2 + 2 * l as usize,
        }
    }

    /// The move of a class number.
    pub fn from_class(class: usize) -> Move {
        if class == 0 {
            Move::Shift
        } else if class % 2 == 1 {
            Move::Left(((class - 1) / 2) as u8)
        } else {
            Move::Right(((class - 2) / 2) as u8)
        }
    }

    /// Number of classes for `labels` labels.
    pub fn classes(labels: usize) -> usize {
        1 + 2 * labels
    }
}

/// No word: a child slot or stack position that is empty.
pub const NONE: usize = usize::MAX;

/// What the parser knows about one word (or the root) while parsing.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    /// Head word index (`n` = the root), or [`NONE`].
    pub head: usize,
    /// Label index of the arc to the head.
    pub label: u8,
    /// Leftmost and second-leftmost dependents.
    pub left: [usize; 2],
    /// Rightmost and second-rightmost dependents.
    pub right: [usize; 2],
    /// Number of left and right dependents.
    pub n_left: u16,
    /// Number of right dependents.
    pub n_right: u16,
    /// Labels of the left dependents, as a bit set (labels ≥ 128 are not recorded).
    pub left_labels: u128,
    /// Labels of the right dependents.
    pub right_labels: u128,
}

impl Node {
    /// Left and right dependent counts, capped at 6 (a feature value).
    pub fn valency(&self) -> (u64, u64) {
        (
            u64::from(self.n_left.min(6)),
            u64::from(self.n_right.min(6)),
        )
    }

    /// The left or right dependents' label set, folded to 64 bits (a feature value).
    pub fn label_set(&self, left: bool) -> u64 {
        let set = if left {
            self.left_labels
        } else {
            self.right_labels
        };
        (set as u64) ^ ((set >> 64) as u64).rotate_left(7)
    }
}

impl Default for Node {
    fn default() -> Node {
        Node {
            head: NONE,
            label: 0,
            left: [NONE; 2],
            right: [NONE; 2],
            n_left: 0,
            n_right: 0,
            left_labels: 0,
            right_labels: 0,
        }
    }
}

/// A parser configuration.
#[derive(Debug, Clone)]
pub struct State {
    /// Number of words; the root is index `n`.
    pub n: usize,
    /// Stack of word indices, top last.
    pub stack: Vec<usize>,
    /// Buffer front: a word index, or `n` when only the root is left.
    pub b: usize,
    /// One node per word plus the root.
    pub nodes: Vec<Node>,
}

impl State {
    /// The start configuration for `n` words.
    pub fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n.min(64)),
            b: 0,
            nodes: vec![Node::default(); n + 1],
        }
    }

    /// True once every word has its head.
    pub fn is_terminal(&self) -> bool {
        self.b == self.n && self.stack.is_empty()
    }

    /// The `i`th stack item from the top (0 = top), or [`NONE`].
    pub fn s(&self, i: usize) -> usize {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NONE
        }
    }

    /// Whether `m` may be made now; `root` is the index of the `root` label.
    pub fn is_legal(&self, m: Move, root: u8) -> bool {
        match m {
            Move::Shift => self.b < self.n,
            Move::Left(l) => {
                !self.stack.is_empty()
                    && if self.b == self.n {
                        self.stack.len() == 1 && l == root
                    } else {
                        l != root
                    }
            }
            Move::Right(l) => self.stack.len() >= 2 && l != root,
        }
    }

    /// The move of a state that has only one legal move: SHIFT when the stack is empty,
    /// LEFT with the root label when one word is left and the buffer holds only the root.
    pub fn only_legal_move(&self, root: u8) -> Option<Move> {
        if self.stack.is_empty() && self.b < self.n {
            Some(Move::Shift)
        } else if self.b == self.n && self.stack.len() == 1 {
            Some(Move::Left(root))
        } else {
            None
        }
    }

    /// Make a legal move.
    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left(l) => {
                let child = self.stack.pop().expect("LEFT needs a stack");
                self.attach(self.b, child, l);
            }
            Move::Right(l) => {
                let child = self.stack.pop().expect("RIGHT needs two stack items");
                let head = *self.stack.last().expect("RIGHT needs two stack items");
                self.attach(head, child, l);
            }
        }
    }

    fn attach(&mut self, head: usize, child: usize, label: u8) {
        self.nodes[child].head = head;
        self.nodes[child].label = label;
        let bit = if label < 128 { 1u128 << label } else { 0 };
        let h = &mut self.nodes[head];
        if child < head {
            // Left dependents arrive nearest first: the newest is the leftmost.
            h.left = [child, h.left[0]];
            h.n_left = h.n_left.saturating_add(1);
            h.left_labels |= bit;
        } else {
            // Right dependents arrive left to right: the newest is the rightmost.
            h.right = [child, h.right[0]];
            h.n_right = h.n_right.saturating_add(1);
            h.right_labels |= bit;
        }
    }

    /// The cost of a legal move against a gold tree: how many gold arcs it makes
    /// unreachable (a wrong label on an arc it makes counts one). `gold_heads[i]` is word
    /// `i`'s head (`n` for the root), `gold_labels[i]` its label.
    ///
    /// Exact for projective gold trees; for the few non-projective ones it is the usual
    /// approximation (the best reachable moves still get the least cost).
    pub fn cost(&self, m: Move, gold_heads: &[usize], gold_labels: &[u8]) -> u32 {
        let in_buffer = |k: usize| k >= self.b; // the root (n) is always in the buffer
        let deps_in_buffer =
            |w: usize| (self.b..self.n).filter(|&d| gold_heads[d] == w).count() as u32;
        match m {
            Move::Shift => {
                let b = self.b;
                let s0 = self.s(0);
                let lost_head = self.stack.iter().any(|&k| k != s0 && gold_heads[b] == k) as u32;
                let lost_deps = self.stack.iter().filter(|&&d| gold_heads[d] == b).count() as u32;
                lost_head + lost_deps
            }
            Move::Left(l) => {
                let s0 = self.s(0);
                let g = gold_heads[s0];
                let lost_head = (g != self.b && (g == self.s(1) || in_buffer(g))) as u32;
                let wrong_label = (g == self.b && gold_labels[s0] != l) as u32;
                lost_head + wrong_label + deps_in_buffer(s0)
            }
            Move::Right(l) => {
                let s0 = self.s(0);
                let g = gold_heads[s0];
                let lost_head = (g != self.s(1) && in_buffer(g)) as u32;
                let wrong_label = (g == self.s(1) && gold_labels[s0] != l) as u32;
                lost_head + wrong_label + deps_in_buffer(s0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: u8 = 0;

    /// Follow the oracle's cheapest move from the start and return the heads it builds.
    fn oracle_parse(heads: &[usize], labels: &[u8], n_labels: u8) -> (Vec<usize>, u32) {
        let n = heads.len();
        let mut st = State::new(n);
        let mut total = 0;
        let mut moves = 0;
        while !st.is_terminal() {
            let best = (0..Move::classes(n_labels as usize))
                .map(Move::from_class)
                .filter(|&m| st.is_legal(m, ROOT))
                .min_by_key(|&m| st.cost(m, heads, labels))
                .unwrap();
            total += st.cost(best, heads, labels);
            st.apply(best);
            moves += 1;
        }
        assert_eq!(moves, 2 * n, "arc-hybrid takes 2n moves");
        ((0..n).map(|i| st.nodes[i].head).collect(), total)
    }

    #[test]
    fn move_classes_round_trip() {
        for c in 0..Move::classes(5) {
            assert_eq!(Move::from_class(c).class(), c);
        }
    }

    #[test]
    fn the_oracle_rebuilds_a_projective_tree_at_no_cost() {
        // "Ministers met in the capital ." : met is the root; labels are made up indices.
        let n = 6;
        let heads = [1, n, 4, 4, 1, 1];
        let labels = [1, ROOT, 2, 3, 4, 5];
        let (built, cost) = oracle_parse(&heads, &labels, 6);
        assert_eq!(built, heads);
        assert_eq!(cost, 0);
    }

    #[test]
    fn a_non_projective_tree_still_parses_to_one_root() {
        // Word 0 → 2, word 1 → 3, crossing arcs.
        let n = 4;
        let heads = [2, 3, n, 2];
        let labels = [1, 1, ROOT, 1];
        let (built, cost) = oracle_parse(&heads, &labels, 2);
        assert_eq!(built.iter().filter(|&&h| h == n).count(), 1);
        assert!(cost >= 1);
    }

    #[test]
    fn only_legal_moves_end_in_one_root() {
        let mut st = State::new(3);
        st.apply(Move::Shift);
        assert!(
            !st.is_legal(Move::Left(ROOT), ROOT),
            "root label only onto the root"
        );
        st.apply(Move::Shift);
        st.apply(Move::Shift);
        assert!(!st.is_legal(Move::Shift, ROOT));
        assert!(
            !st.is_legal(Move::Left(ROOT), ROOT),
            "three words on the stack"
        );
        st.apply(Move::Right(1));
        st.apply(Move::Right(1));
        assert!(st.is_legal(Move::Left(ROOT), ROOT));
        st.apply(Move::Left(ROOT));
        assert!(st.is_terminal());
        assert_eq!(st.nodes[0].head, 3);
        assert_eq!(st.nodes[0].right, [1, NONE]);
    }

    #[test]
    fn only_legal_move_is_exactly_the_single_legal_move() {
        // Walk every state the oracle visits on a few trees (and some wrong moves), and
        // compare with the legal moves counted one by one.
        let n_labels = 4u8;
        let trees: [&[usize]; 3] = [&[1, 6, 4, 4, 1, 1], &[2, 3, 4, 2], &[1, 2, 3, 4, 5, 6]];
        for heads in trees {
            let n = heads.len();
            let labels: Vec<u8> = (0..n)
                .map(|i| if heads[i] == n { ROOT } else { 1 })
                .collect();
            for wrong_every in [0usize, 2, 3] {
                let mut st = State::new(n);
                let mut step = 0;
                while !st.is_terminal() {
                    let legal: Vec<Move> = (0..Move::classes(n_labels as usize))
                        .map(Move::from_class)
                        .filter(|&m| st.is_legal(m, ROOT))
                        .collect();
                    match st.only_legal_move(ROOT) {
                        Some(m) => assert_eq!(legal, vec![m]),
                        None => assert!(legal.len() > 1, "{legal:?}"),
                    }
                    step += 1;
                    let m = if wrong_every > 0 && step % wrong_every == 0 {
                        *legal.last().unwrap()
                    } else {
                        *legal
                            .iter()
                            .min_by_key(|&&m| st.cost(m, heads, &labels))
                            .unwrap()
                    };
                    st.apply(m);
                }
            }
        }
    }
}
