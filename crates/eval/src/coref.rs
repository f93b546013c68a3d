//! Coreference metrics: MUC, B³, CEAF-e and their mean, the CoNLL F1.
//!
//! A clustering is given as one cluster label per mention (`labels[i]` is the cluster of
//! mention `i`); key (gold) and response (predicted) label the same mentions, so the
//! twinless-mention adjustments of the reference scorer (Pradhan et al. 2014) never apply.
//! * **MUC** (Vilain et al. 1995): recall counts the links of each key cluster that the
//!   response keeps, `Σ (|K| − |parts of K in the response|) / Σ (|K| − 1)`; precision is the
//!   same with key and response swapped. Singletons carry no link, so they count for nothing.
//! * **B³** (Bagga & Baldwin 1998): per mention, the share of its response cluster that is in
//!   its key cluster (precision) and the share of its key cluster that is in its response
//!   cluster (recall), averaged over mentions.
//! * **CEAF-e** (Luo 2005): key and response clusters are paired one to one so that the sum
//!   of `φ4(K, R) = 2|K ∩ R| / (|K| + |R|)` is largest (an optimal assignment, found with the
//!   Hungarian method); precision divides that sum by the number of response clusters,
//!   recall by the number of key clusters.
//! * **CoNLL F1**: the mean of the three F1 figures.

use std::collections::HashMap;

use serde::Serialize;

/// Precision, recall and F1 of one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    /// From precision and recall (F1 is 0 when both are).
    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// All metrics of one clustering.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CorefScores {
    /// MUC.
    pub muc: Prf,
    /// B³.
    pub b_cubed: Prf,
    /// CEAF-e.
    pub ceaf_e: Prf,
    /// Mean of the MUC, B³ and CEAF-e F1.
    pub conll_f1: f64,
}

/// Score `response` against `key` (one label per mention, same mentions in both).
///
/// # Panics
/// When the two label lists differ in length.
pub fn score(key: &[usize], response: &[usize]) -> CorefScores {
    assert_eq!(
        key.len(),
        response.len(),
        "key and response must label the same mentions"
    );
    let (rn, rd) = muc_counts(key, response);
    let (pn, pd) = muc_counts(response, key);
    let muc = Prf::new(ratio(pn, pd), ratio(rn, rd));
    let (bp, br) = b_cubed_sums(key, response);
    let n = key.len().max(1) as f64;
    let b_cubed = Prf::new(bp / n, br / n);
    let ceaf_e = ceaf_e(key, response);
    CorefScores {
        muc,
        b_cubed,
        ceaf_e,
        conll_f1: (muc.f1 + b_cubed.f1 + ceaf_e.f1) / 3.0,
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// MUC recall numerator and denominator of `key` partitioned by `response` (swap the two
/// for precision).
pub fn muc_counts(key: &[usize], response: &[usize]) -> (f64, f64) {
    let mut parts: HashMap<usize, Vec<usize>> = HashMap::new();
    for (&k, &r) in key.iter().zip(response) {
        parts.entry(k).or_default().push(r);
    }
    let (mut num, mut den) = (0.0, 0.0);
    for mut rs in parts.into_values() {
        let size = rs.len();
        rs.sort_unstable();
        rs.dedup();
        num += (size - rs.len()) as f64;
        den += (size - 1) as f64;
    }
    (num, den)
}

/// Sizes of each cluster and of each (key, response) overlap.
type Overlaps = (
    HashMap<usize, usize>,
    HashMap<usize, usize>,
    HashMap<(usize, usize), usize>,
);

fn overlaps(key: &[usize], response: &[usize]) -> Overlaps {
    let (mut ks, mut rs, mut both) = (HashMap::new(), HashMap::new(), HashMap::new());
    for (&k, &r) in key.iter().zip(response) {
        *ks.entry(k).or_insert(0) += 1;
        *rs.entry(r).or_insert(0) += 1;
        *both.entry((k, r)).or_insert(0) += 1;
    }
    (ks, rs, both)
}

/// B³ sums of precision and recall over the mentions (divide by the number of mentions).
pub fn b_cubed_sums(key: &[usize], response: &[usize]) -> (f64, f64) {
    let (ks, rs, both) = overlaps(key, response);
    let (mut p, mut r) = (0.0, 0.0);
    // Each of the n mentions of an overlap contributes n / |R| and n / |K|.
    for (&(k, c), &n) in &both {
        let n = n as f64;
        p += n * n / rs[&c] as f64;
        r += n * n / ks[&k] as f64;
    }
    (p, r)
}

/// CEAF-e (entity-based φ4 similarity, optimal one-to-one alignment of clusters).
pub fn ceaf_e(key: &[usize], response: &[usize]) -> Prf {
    let (ks, rs, both) = overlaps(key, response);
    // Only clusters that share a mention have a similarity above 0, so the assignment splits
    // into the connected components of the key–response overlap graph, each solved alone:
    // this keeps the cubic Hungarian method on a few clusters at a time.
    let mut key_ids: Vec<usize> = ks.keys().copied().collect();
    key_ids.sort_unstable();
    let key_index: HashMap<usize, usize> =
        key_ids.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut resp_ids: Vec<usize> = rs.keys().copied().collect();
    resp_ids.sort_unstable();
    let resp_index: HashMap<usize, usize> =
        resp_ids.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let nk = key_ids.len();
    let mut sets = DisjointSets::new(nk + resp_ids.len());
    for &(k, r) in both.keys() {
        sets.union(key_index[&k], nk + resp_index[&r]);
    }
    let mut components: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, &k) in key_ids.iter().enumerate() {
        components.entry(sets.find(i)).or_default().0.push(k);
    }
    for (j, &r) in resp_ids.iter().enumerate() {
        components.entry(sets.find(nk + j)).or_default().1.push(r);
    }
    let mut total = 0.0;
    for (keys, resps) in components.values() {
        let matrix: Vec<Vec<f64>> = keys
            .iter()
            .map(|k| {
                resps
                    .iter()
                    .map(|r| {
                        let n = both.get(&(*k, *r)).copied().unwrap_or(0) as f64;
                        2.0 * n / (ks[k] + rs[r]) as f64
                    })
                    .collect()
            })
            .collect();
        total += max_assignment(&matrix);
    }
    Prf::new(ratio(total, rs.len() as f64), ratio(total, ks.len() as f64))
}

struct DisjointSets(Vec<usize>);

impl DisjointSets {
    fn new(n: usize) -> DisjointSets {
        DisjointSets((0..n).collect())
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.0[a] = b;
    }
}

/// The largest total weight of a one-to-one assignment of rows to columns (a rectangular
/// matrix leaves some rows or columns unassigned). Hungarian method with potentials,
/// O(n² m) for n ≤ m.
pub fn max_assignment(weights: &[Vec<f64>]) -> f64 {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return 0.0;
    }
    // The method needs rows ≤ columns: transpose otherwise.
    if rows > cols {
        let t: Vec<Vec<f64>> = (0..cols)
            .map(|j| (0..rows).map(|i| weights[i][j]).collect())
            .collect();
        return max_assignment(&t);
    }
    // Minimize the negated weights; 1-based arrays, column 0 a virtual start.
    let cost = |i: usize, j: usize| -weights[i - 1][j - 1];
    let (mut u, mut v) = (vec![0.0; rows + 1], vec![0.0; cols + 1]);
    let mut row_of = vec![0usize; cols + 1];
    let mut way = vec![0usize; cols + 1];
    for i in 1..=rows {
        row_of[0] = i;
        let mut j0 = 0;
        let mut min_to = vec![f64::INFINITY; cols + 1];
        let mut used = vec![false; cols + 1];
        loop {
            used[j0] = true;
            let i0 = row_of[j0];
            let (mut delta, mut j1) = (f64::INFINITY, 0);
            for j in 1..=cols {
                if !used[j] {
                    let reduced = cost(i0, j) - u[i0] - v[j];
                    if reduced < min_to[j] {
                        min_to[j] = reduced;
                        way[j] = j0;
                    }
                    if min_to[j] < delta {
                        delta = min_to[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=cols {
                if used[j] {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    min_to[j] -= delta;
                }
            }
            j0 = j1;
            if row_of[j0] == 0 {
                break;
            }
        }
        // Flip the augmenting path back to the start.
        loop {
            let j1 = way[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=cols)
        .filter(|&j| row_of[j] != 0)
        .map(|j| weights[row_of[j] - 1][j - 1])
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Key {1,2,3} {4,5}; response {1,2} {3,4,5}. By hand:
    /// MUC recall (3−2 + 2−1)/(2+1) = 2/3, precision (2−1 + 3−2)/(1+2) = 2/3;
    /// B³ precision (1 + 1 + 1/3 + 2/3 + 2/3)/5 = 11/15, recall (2/3 + 2/3 + 1/3 + 1 + 1)/5
    /// = 11/15; CEAF-e φ4 pairs K1–R1 (4/5) and K2–R2 (4/5): 8/5 over 2 clusters each = 4/5;
    /// CoNLL (2/3 + 11/15 + 4/5)/3 = 11/15.
    #[test]
    fn hand_computed_example() {
        let key = [0, 0, 0, 1, 1];
        let response = [7, 7, 9, 9, 9];
        let s = score(&key, &response);
        assert!(close(s.muc.recall, 2.0 / 3.0) && close(s.muc.precision, 2.0 / 3.0));
        assert!(close(s.b_cubed.precision, 11.0 / 15.0));
        assert!(close(s.b_cubed.recall, 11.0 / 15.0));
        assert!(close(s.ceaf_e.precision, 0.8) && close(s.ceaf_e.recall, 0.8));
        assert!(close(s.conll_f1, 11.0 / 15.0));
    }

    /// Everything in one response cluster against key {1,2} {3} {4}:
    /// MUC recall 1/1, precision (4−3)/3 = 1/3; B³ precision (2/4 + 2/4 + 1/4 + 1/4)/4 = 3/8,
    /// recall 1; CEAF-e best is K1–R (2·2/(2+4) = 2/3): precision 2/3 over 1 cluster,
    /// recall 2/3 over 3 clusters = 2/9.
    #[test]
    fn one_big_response_cluster() {
        let s = score(&[0, 0, 1, 2], &[5, 5, 5, 5]);
        assert!(close(s.muc.recall, 1.0) && close(s.muc.precision, 1.0 / 3.0));
        assert!(close(s.b_cubed.precision, 3.0 / 8.0) && close(s.b_cubed.recall, 1.0));
        assert!(close(s.ceaf_e.precision, 2.0 / 3.0));
        assert!(close(s.ceaf_e.recall, 2.0 / 9.0));
    }

    /// All singletons against key {1,2} {3}: MUC has no response link (0/0 → 0 precision)
    /// and keeps none of the key's one link (recall 0); B³ precision 1, recall
    /// (1/2 + 1/2 + 1)/3 = 2/3; CEAF-e pairs K1 with one half (2/3) and K2 with R3 (1):
    /// 5/3 over 3 response clusters = 5/9, over 2 key clusters = 5/6.
    #[test]
    fn all_singletons() {
        let s = score(&[0, 0, 1], &[0, 1, 2]);
        assert_eq!((s.muc.precision, s.muc.recall, s.muc.f1), (0.0, 0.0, 0.0));
        assert!(close(s.b_cubed.precision, 1.0) && close(s.b_cubed.recall, 2.0 / 3.0));
        assert!(close(s.ceaf_e.precision, 5.0 / 9.0) && close(s.ceaf_e.recall, 5.0 / 6.0));
    }

    #[test]
    fn perfect_clustering_scores_one_whatever_the_labels() {
        let key = [3, 3, 1, 2, 2, 2, 8];
        let response = [0, 0, 5, 6, 6, 6, 1];
        let s = score(&key, &response);
        for prf in [s.muc, s.b_cubed, s.ceaf_e] {
            assert!(close(prf.precision, 1.0) && close(prf.recall, 1.0));
        }
        assert!(close(s.conll_f1, 1.0));
    }

    #[test]
    fn assignment_is_optimal_not_greedy() {
        // Greedy takes 0.9 first and is left with 0.1: 1.0. The best pairing is 0.8 + 0.8.
        assert!(close(
            max_assignment(&[vec![0.9, 0.8], vec![0.8, 0.1]]),
            1.6
        ));
        // Rectangular, both ways round.
        let wide = vec![vec![1.0, 5.0, 3.0], vec![4.0, 6.0, 1.0]];
        assert!(close(max_assignment(&wide), 9.0));
        let tall: Vec<Vec<f64>> = (0..3)
            .map(|j| wide.iter().map(|r| r[j]).collect())
            .collect();
        assert!(close(max_assignment(&tall), 9.0));
        assert_eq!(max_assignment(&[]), 0.0);
    }
}
