//! The averaged multi-class perceptron (Collins 2002) used to train the tagger and the
//! parser: sparse rows per hashed feature, lazily averaged with per-weight timestamps.

use readout_pipeline::parse::weights::Weights;
use rustc_hash::FxHashMap;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    weight: f32,
    /// Sum of the weight over all ticks up to `stamp`.
    total: f64,
    stamp: u64,
}

/// A perceptron under training.
#[derive(Debug, Default)]
pub struct AveragedPerceptron {
    n_classes: usize,
    rows: FxHashMap<u64, Vec<Entry>>,
    /// Decisions seen so far (the averaging clock).
    ticks: u64,
    /// Updates a feature must take part in before it gets weights (1: from its first).
    admit_after: u8,
    /// Updates seen so far of features not admitted yet.
    pending: FxHashMap<u64, u8>,
}

impl AveragedPerceptron {
    /// A perceptron over `n_classes` classes with no weights.
    pub fn new(n_classes: usize) -> AveragedPerceptron {
        AveragedPerceptron {
            n_classes,
            admit_after: 1,
            ..AveragedPerceptron::default()
        }
    }

    /// Give a feature weights only from its `n`th update on: rare feature conjunctions
    /// (most of a parser's lexical pairs) then never enter the model, which keeps it small
    /// and fast to score for little accuracy.
    pub fn admit_after(mut self, n: u8) -> AveragedPerceptron {
        self.admit_after = n.max(1);
        self
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Add the current weights of `features` to `scores`.
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    /// Count one decision (whether or not it leads to an update).
    pub fn tick(&mut self) {
        self.ticks += 1;
    }

    /// Reward `good` and penalise `bad` on `features`.
    pub fn update(&mut self, features: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        let now = self.ticks;
        for &f in features {
            if self.admit_after > 1 && !self.rows.contains_key(&f) {
                let seen = self.pending.entry(f).or_default();
                *seen += 1;
                if *seen < self.admit_after {
                    continue;
                }
                self.pending.remove(&f);
            }
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(good as u16, 1.0f32), (bad as u16, -1.0)] {
                match row.iter_mut().find(|e| e.class == class) {
                    Some(e) => {
                        e.total += (now - e.stamp) as f64 * f64::from(e.weight);
                        e.stamp = now;
                        e.weight += delta;
                    }
                    None => row.push(Entry {
                        class,
                        weight: delta,
                        total: 0.0,
                        stamp: now,
                    }),
                }
            }
        }
    }

    /// The averaged weights, dropping those smaller than `min_abs` in magnitude.
    pub fn averaged(&self, min_abs: f32) -> Weights {
        let now = self.ticks.max(1);
        let rows = self.rows.iter().map(|(&f, row)| {
            let avg = row
                .iter()
                .map(|e| {
                    let total = e.total + (now - e.stamp) as f64 * f64::from(e.weight);
                    (e.class, (total / now as f64) as f32)
                })
                .filter(|(_, w)| w.abs() >= min_abs)
                .collect();
            (f, avg)
        });
        Weights::from_rows(self.n_classes, rows)
    }
}

/// A small seeded random source (splitmix64): training must be reproducible byte for byte.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A source seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Shuffle in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_averages() {
        // Class = which of two features fires.
        let mut p = AveragedPerceptron::new(2);
        for _ in 0..5 {
            for (f, gold) in [(10u64, 0usize), (20, 1)] {
                let mut s = [0.0; 2];
                p.score(&[f, 99], &mut s);
                let pred = if s[1] > s[0] { 1 } else { 0 };
                p.tick();
                if pred != gold {
                    p.update(&[f, 99], gold, pred);
                }
            }
        }
        let w = p.averaged(0.0);
        let mut s = [0.0; 2];
        w.score(&[10, 99], &mut s);
        assert!(s[0] > s[1], "{s:?}");
        let mut s = [0.0; 2];
        w.score(&[20, 99], &mut s);
        assert!(s[1] > s[0], "{s:?}");
    }

    #[test]
    fn the_random_source_is_reproducible() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let mut r = Rng::new(7);
        assert_eq!(a, (0..4).map(|_| r.next_u64()).collect::<Vec<_>>());
        let f = Rng::new(1).next_f32();
        assert!((0.0..1.0).contains(&f));
    }
}
