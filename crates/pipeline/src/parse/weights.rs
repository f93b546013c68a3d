//! Sparse linear weights of a trained multi-class perceptron: for each hashed feature, the
//! classes it has a weight for. Most features of a parser touch a handful of its ~100
//! classes, so a sparse row per feature keeps the model small and the scoring loop short.
//!
//! Scoring is bound by memory, not arithmetic: a model of a few million weights does not
//! fit in cache, and a sentence's features are spread over all of it. So the table is
//! hand-written (measured: `std`'s hash map cost two to three dependent cache misses per
//! feature, 27k words/s for tagger + parser): open addressing with the key and the row's
//! place in one 16-byte slot, each row packed as 32-bit (class, 16-bit weight) entries, and
//! every slot and row of a decision prefetched before any is read, so the misses overlap.

use std::io::{self, Read, Write};

/// One slot of the open-addressing table (a quarter of a cache line). `key` is 32 bits mixed
/// from the feature hash (its low bits choose the home slot); 0 marks an empty slot. Most rows
/// have one to three weights (measured: 78 % of the parser's): those live in the slot itself,
/// so their lookup costs one cache miss, not two.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    kind: u8,
    /// Classes of an inline row (unused entries have class 0 and weight 0).
    class: [u8; INLINE],
    /// Weights of an inline row; for a row stored apart, its start (`data[0..2]`) and, for a
    /// sparse one, its length (`data[2]`).
    data: [i16; 4],
}

/// Weights of one classifier.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    n_classes: usize,
    /// Power-of-two table, at most three-quarters full.
    slots: Vec<Slot>,
    /// The full feature hash of each occupied slot (0 when empty): not read while scoring,
    /// only to write the model and to tell features apart while building.
    keys: Vec<u64>,
    n_features: usize,
    /// Rows of more than [`INLINE`] weights, entry by entry: class in the low 16 bits,
    /// weight (16-bit, times `scale`) in the high.
    entries: Vec<u32>,
    /// Rows with weights for many classes, stored whole: `n_classes` weights each.
    dense: Vec<i16>,
    scale: f32,
}

/// Weights a slot holds itself.
const INLINE: usize = 3;

/// Slot kinds: the row in the slot, apart in `entries`, or whole in `dense`.
const IN_SLOT: u8 = 0;
const SPARSE: u8 = 1;
const DENSE: u8 = 2;

/// Longest believable model: guards against a corrupt length field asking for terabytes.
const MAX_ENTRIES: usize = 1 << 28;

/// Most features one decision may look up at once (longer lists are scored in chunks).
const CHUNK: usize = 256;

/// The slot key of a feature hash: the high half of the hash times an odd constant, so it
/// depends on every bit, the low ones that chose the home slot included (0 marks empty
/// slots, so it is moved to 1).
#[inline]
fn key(feature: u64) -> u32 {
    ((feature.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as u32).max(1)
}

#[inline]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// `v` copied into memory the kernel is asked to back with 2 MB pages. The tables are read
/// at random: with 4 KB pages nearly every lookup also misses the TLB, and the page walks
/// do not overlap the way the prefetched cache misses do.
fn on_huge_pages<T: Copy>(v: Vec<T>) -> Vec<T> {
    const HUGE: usize = 2 << 20;
    let bytes = std::mem::size_of_val(&v[..]);
    if bytes < HUGE {
        return v;
    }
    let mut out: Vec<T> = Vec::with_capacity(v.len() + HUGE / std::mem::size_of::<T>().max(1));
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
        }
        const MADV_HUGEPAGE: i32 = 14;
        let at = out.as_mut_ptr() as usize;
        let from = at.next_multiple_of(HUGE);
        let to = (at + out.capacity() * std::mem::size_of::<T>()) & !(HUGE - 1);
        if to > from {
            // SAFETY: the range lies inside `out`'s allocation, which is not yet written; the
            // advice only changes how the kernel backs it (failure is harmless: 4 KB pages).
            unsafe {
                madvise(from as *mut std::ffi::c_void, to - from, MADV_HUGEPAGE);
            }
        }
    }
    out.extend_from_slice(&v);
    out
}

fn pack(class: u16, q: i16) -> u32 {
    u32::from(class) | (u32::from(q as u16) << 16)
}

fn unpack(e: u32) -> (usize, i16) {
    ((e & 0xffff) as usize, (e >> 16) as u16 as i16)
}

/// A slot's place in `entries` or `dense`, split over two of its 16-bit fields.
fn split_start(start: u32) -> [i16; 2] {
    [start as u16 as i16, (start >> 16) as u16 as i16]
}

fn start_of(slot: &Slot) -> usize {
    (slot.data[0] as u16 as usize) | ((slot.data[1] as u16 as usize) << 16)
}

impl Weights {
    /// Weights from `(feature, [(class, weight)])` rows, quantized to 16 bits with one scale;
    /// zero weights are dropped.
    pub fn from_rows(
        n_classes: usize,
        rows: impl IntoIterator<Item = (u64, Vec<(u16, f32)>)>,
    ) -> Weights {
        let mut rows: Vec<_> = rows.into_iter().collect();
        rows.sort_unstable_by_key(|r| r.0);
        let max = rows
            .iter()
            .flat_map(|r| &r.1)
            .fold(0f32, |m, (_, v)| m.max(v.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let quantized: Vec<(u64, Vec<(u16, i16)>)> = rows
            .into_iter()
            .map(|(f, row)| {
                let row = row
                    .into_iter()
                    .filter(|&(c, _)| (c as usize) < n_classes)
                    .map(|(c, v)| (c, (v / scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                (f, row)
            })
            .collect();
        Weights::build(
            n_classes,
            scale,
            quantized.iter().map(|(f, r)| (*f, &r[..])),
        )
    }

    /// The table over quantized rows (sorted by feature, for reproducible layouts).
    fn build<'a>(
        n_classes: usize,
        scale: f32,
        rows: impl ExactSizeIterator<Item = (u64, &'a [(u16, i16)])>,
    ) -> Weights {
        let size = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mask = size - 1;
        let mut w = Weights {
            n_classes,
            slots: vec![Slot::default(); size],
            keys: vec![0; size],
            n_features: 0,
            entries: Vec::new(),
            dense: Vec::new(),
            scale,
        };
        for (f, row) in rows {
            if row.is_empty() {
                continue;
            }
            let k = key(f);
            let mut i = f as usize & mask;
            while w.slots[i].key != 0 && w.slots[i].key != k {
                i = (i + 1) & mask;
            }
            if w.slots[i].key == k {
                // A repeated feature, or (about one model in ten thousand) another with the
                // same high half on the same probe run, which lookups could not tell apart:
                // the first row stands.
                continue;
            }
            w.keys[i] = f;
            w.n_features += 1;
            w.slots[i] = w.place(k, row);
        }
        w.slots = on_huge_pages(w.slots);
        w.entries = on_huge_pages(w.entries);
        w
    }

    /// The slot of one row, storing the row apart when it does not fit in the slot.
    fn place(&mut self, k: u32, row: &[(u16, i16)]) -> Slot {
        let mut slot = Slot {
            key: k,
            ..Slot::default()
        };
        if row.len() <= INLINE && row.iter().all(|&(c, _)| c <= u16::from(u8::MAX)) {
            for (j, &(c, q)) in row.iter().enumerate() {
                slot.class[j] = c as u8;
                slot.data[j] = q;
            }
        } else if row.len() * 4 >= self.n_classes && self.n_classes >= 8 {
            // A row touching a quarter of the classes or more is added faster whole (the
            // loop vectorizes) than entry by entry: the bias and the tag-only features.
            let at = self.dense.len() / self.n_classes;
            self.dense.resize(self.dense.len() + self.n_classes, 0);
            for &(c, q) in row {
                self.dense[at * self.n_classes + c as usize] = q;
            }
            slot.kind = DENSE;
            [slot.data[0], slot.data[1]] = split_start(at as u32);
        } else {
            slot.kind = SPARSE;
            [slot.data[0], slot.data[1]] = split_start(self.entries.len() as u32);
            slot.data[2] = row.len() as u16 as i16;
            self.entries.extend(row.iter().map(|&(c, q)| pack(c, q)));
        }
        slot
    }

    /// The rows, sorted by feature.
    fn rows(&self) -> Vec<(u64, Vec<(u16, i16)>)> {
        let mut rows: Vec<_> = self
            .slots
            .iter()
            .zip(&self.keys)
            .filter(|(s, _)| s.key != 0)
            .map(|(s, &f)| (f, self.row(s)))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    /// The nonzero weights of one slot's row.
    fn row(&self, s: &Slot) -> Vec<(u16, i16)> {
        let start = start_of(s);
        match s.kind {
            IN_SLOT => s
                .class
                .iter()
                .zip(&s.data)
                .filter(|(_, &q)| q != 0)
                .map(|(&c, &q)| (u16::from(c), q))
                .collect(),
            DENSE => self.dense[start * self.n_classes..(start + 1) * self.n_classes]
                .iter()
                .enumerate()
                .filter(|(_, &q)| q != 0)
                .map(|(c, &q)| (c as u16, q))
                .collect(),
            _ => self.entries[start..start + s.data[2] as u16 as usize]
                .iter()
                .map(|&e| {
                    let (c, q) = unpack(e);
                    (c as u16, q)
                })
                .collect(),
        }
    }

    /// The rows with their weights unquantized, sorted by feature.
    pub fn rows_f32(&self) -> Vec<(u64, Vec<(u16, f32)>)> {
        self.rows()
            .into_iter()
            .map(|(f, row)| {
                let row = row
                    .into_iter()
                    .map(|(c, q)| (c, f32::from(q) * self.scale))
                    .collect();
                (f, row)
            })
            .collect()
    }

    /// These weights without those smaller than `min_abs` in magnitude.
    pub fn pruned(&self, min_abs: f32) -> Weights {
        let rows: Vec<(u64, Vec<(u16, i16)>)> = self
            .rows()
            .into_iter()
            .map(|(f, row)| {
                let row = row
                    .into_iter()
                    .filter(|&(_, q)| (f32::from(q) * self.scale).abs() >= min_abs)
                    .collect();
                (f, row)
            })
            .collect();
        Weights::build(
            self.n_classes,
            self.scale,
            rows.iter().map(|(f, r)| (*f, &r[..])),
        )
    }

    /// These weights without the features whose largest weight is below `min_abs` in
    /// magnitude: rare features whose whole row is weak cost a lookup, and a cache miss, for
    /// little say in any decision.
    pub fn without_weak_rows(&self, min_abs: f32) -> Weights {
        let min_q = min_abs / self.scale;
        let rows: Vec<(u64, Vec<(u16, i16)>)> = self
            .rows()
            .into_iter()
            .filter(|(_, row)| row.iter().any(|&(_, q)| f32::from(q).abs() >= min_q))
            .collect();
        Weights::build(
            self.n_classes,
            self.scale,
            rows.iter().map(|(f, r)| (*f, &r[..])),
        )
    }

    /// Number of weights (whole rows counted in full).
    pub fn n_weights(&self) -> usize {
        let in_slots: usize = self
            .slots
            .iter()
            .filter(|s| s.key != 0 && s.kind == IN_SLOT)
            .map(|s| s.data[..INLINE].iter().filter(|&&q| q != 0).count())
            .sum();
        in_slots + self.entries.len() + self.dense.len()
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Add the weights of `features` to `scores` (one per class).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        if self.slots.is_empty() {
            return;
        }
        let n = self.n_classes.min(scores.len());
        let mut on_stack = [0i32; 256];
        let mut on_heap = Vec::new();
        let acc: &mut [i32] = if n <= on_stack.len() {
            &mut on_stack[..n]
        } else {
            on_heap.resize(n, 0);
            &mut on_heap
        };
        let mask = self.slots.len() - 1;
        let mut apart = [0u32; CHUNK];
        for chunk in features.chunks(CHUNK) {
            // 1. Ask for every feature's home slot at once.
            for &f in chunk {
                prefetch(&self.slots[f as usize & mask]);
            }
            // 2. Probe; add the rows held in their slots, ask for the others.
            let mut found = 0;
            for &f in chunk {
                let Some(i) = self.find(f, mask) else {
                    continue;
                };
                let slot = &self.slots[i];
                if slot.kind == IN_SLOT {
                    for (&c, &q) in slot.class.iter().zip(&slot.data) {
                        if let Some(a) = acc.get_mut(c as usize) {
                            *a += i32::from(q);
                        }
                    }
                    continue;
                }
                let start = start_of(slot);
                if slot.kind == DENSE {
                    prefetch(&self.dense[start * self.n_classes]);
                } else {
                    prefetch(&self.entries[start]);
                }
                apart[found] = i as u32;
                found += 1;
            }
            // 3. Add the rows stored apart, in integers.
            for &i in &apart[..found] {
                let slot = &self.slots[i as usize];
                let start = start_of(slot);
                if slot.kind == DENSE {
                    let at = start * self.n_classes;
                    for (a, &q) in acc.iter_mut().zip(&self.dense[at..at + n]) {
                        *a += i32::from(q);
                    }
                } else {
                    let len = slot.data[2] as u16 as usize;
                    for &e in &self.entries[start..start + len] {
                        let (c, q) = unpack(e);
                        if let Some(a) = acc.get_mut(c) {
                            *a += i32::from(q);
                        }
                    }
                }
            }
        }
        for (s, &a) in scores.iter_mut().zip(acc.iter()) {
            *s += a as f32 * self.scale;
        }
    }

    /// The slot of feature `f`, if it has one.
    #[inline]
    fn find(&self, f: u64, mask: usize) -> Option<usize> {
        let k = key(f);
        let mut i = f as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.key == k {
                return Some(i);
            }
            if slot.key == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Write in readout's binary layout (little-endian; features sorted, so the same weights
    /// always give the same bytes).
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&(self.n_classes as u32).to_le_bytes())?;
        out.write_all(&self.scale.to_le_bytes())?;
        out.write_all(&(self.n_features as u32).to_le_bytes())?;
        for (f, row) in self.rows() {
            out.write_all(&f.to_le_bytes())?;
            out.write_all(&(row.len() as u16).to_le_bytes())?;
            for (c, q) in row {
                out.write_all(&c.to_le_bytes())?;
                out.write_all(&q.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Read what [`Weights::write`] wrote.
    pub fn read(input: &mut impl Read) -> io::Result<Weights> {
        let n_classes = read_u32(input)? as usize;
        let scale = f32::from_le_bytes(read_array(input)?);
        let n_features = read_u32(input)? as usize;
        if n_classes == 0
            || n_classes > u16::MAX as usize
            || n_features > MAX_ENTRIES
            || !scale.is_finite()
        {
            return Err(bad("weights header out of range"));
        }
        // Read into one flat list (not a vector per row: half a million small allocations
        // were a noticeable part of start-up).
        let mut heads: Vec<(u64, usize)> = Vec::with_capacity(n_features.min(1 << 20));
        let mut flat: Vec<(u16, i16)> = Vec::with_capacity(n_features.min(1 << 20) * 4);
        for _ in 0..n_features {
            let f = u64::from_le_bytes(read_array(input)?);
            let len = u16::from_le_bytes(read_array(input)?) as usize;
            if flat.len() + len > MAX_ENTRIES {
                return Err(bad("too many weights"));
            }
            for _ in 0..len {
                let [c0, c1, q0, q1] = read_array::<4>(input)?;
                let c = u16::from_le_bytes([c0, c1]);
                if c as usize >= n_classes {
                    return Err(bad("weight for a class beyond the model's"));
                }
                flat.push((c, i16::from_le_bytes([q0, q1])));
            }
            heads.push((f, flat.len()));
        }
        let rows = heads.iter().enumerate().map(|(j, &(f, end))| {
            let start = if j == 0 { 0 } else { heads[j - 1].1 };
            (f, &flat[start..end])
        });
        Ok(Weights::build(n_classes, scale, rows))
    }
}

pub(super) fn bad(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

pub(super) fn read_array<const N: usize>(input: &mut impl Read) -> io::Result<[u8; N]> {
    let mut a = [0u8; N];
    input.read_exact(&mut a)?;
    Ok(a)
}

pub(super) fn read_u32(input: &mut impl Read) -> io::Result<u32> {
    Ok(u32::from_le_bytes(read_array(input)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_add_up_and_survive_a_round_trip() {
        let w = Weights::from_rows(
            3,
            [
                (7, vec![(0, 1.5), (2, -0.5)]),
                (9, vec![(1, 2.0)]),
                (11, vec![(1, 0.0)]),
                (0, vec![(2, 1.0)]),
            ],
        );
        assert_eq!(w.n_features(), 3, "all-zero rows are dropped");
        let mut scores = [0.0; 3];
        w.score(&[7, 9, 12345, 0], &mut scores);
        for (a, b) in scores.iter().zip([1.5, 2.0, 0.5]) {
            assert!((a - b).abs() < 1e-3, "{scores:?}");
        }
        let mut bytes = Vec::new();
        w.write(&mut bytes).unwrap();
        let back = Weights::read(&mut &bytes[..]).unwrap();
        let mut again = [0.0; 3];
        back.score(&[7, 9, 12345, 0], &mut again);
        for (a, b) in again.iter().zip(scores) {
            assert!((a - b).abs() < 1e-3, "{again:?}");
        }
    }

    #[test]
    fn many_features_probe_past_collisions() {
        let mut state = 0x1234_5678u64;
        let rows: Vec<(u64, Vec<(u16, f32)>)> = (0..5000)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state, vec![((i % 4) as u16, 1.0)])
            })
            .collect();
        let w = Weights::from_rows(4, rows.clone());
        assert_eq!(w.n_features(), 5000);
        let features: Vec<u64> = rows.iter().map(|r| r.0).collect();
        let mut scores = [0.0; 4];
        w.score(&features, &mut scores);
        for s in scores {
            assert!((s - 1250.0).abs() < 0.5, "{scores:?}");
        }
    }

    #[test]
    fn rows_in_the_slot_apart_and_whole_score_alike() {
        // 40 classes: a row of 3 weights lives in its slot, one of 6 apart, one of 12 whole.
        let row = |len: u16, v: f32| (0..len).map(|c| (c * 3, v)).collect::<Vec<_>>();
        let w = Weights::from_rows(
            40,
            [(11, row(3, 1.0)), (22, row(6, 2.0)), (33, row(12, 4.0))],
        );
        let kinds: Vec<u8> = w
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| s.kind)
            .collect();
        for kind in [IN_SLOT, SPARSE, DENSE] {
            assert!(kinds.contains(&kind), "{kinds:?}");
        }
        let mut scores = [0.0; 40];
        w.score(&[11, 22, 33], &mut scores);
        for (c, &s) in scores.iter().enumerate() {
            let k = (c % 3 == 0) as u8 as f32 * {
                let i = c / 3;
                (i < 3) as u8 as f32 + 2.0 * (i < 6) as u8 as f32 + 4.0 * (i < 12) as u8 as f32
            };
            assert!((s - k).abs() < 1e-3, "class {c}: {s} != {k}");
        }
        assert_eq!(w.n_weights(), 3 + 6 + 40);
        let strong = w.without_weak_rows(1.5);
        assert_eq!(strong.n_features(), 2, "the row of 1.0 weights is dropped");
        let mut again = [0.0; 40];
        strong.score(&[11, 22, 33], &mut again);
        assert!((again[0] - 6.0).abs() < 1e-3, "{again:?}");
    }

    #[test]
    fn a_table_past_the_huge_page_size_scores_the_same() {
        // 200k features: 4 MB of slots, copied onto memory advised for 2 MB pages.
        let rows: Vec<(u64, Vec<(u16, f32)>)> = (1..=200_000u64)
            .map(|i| {
                (
                    i.wrapping_mul(0x2545_f491_4f6c_dd1d),
                    vec![((i % 5) as u16, 1.0)],
                )
            })
            .collect();
        let w = Weights::from_rows(5, rows.clone());
        assert_eq!(w.n_features(), 200_000);
        assert!(std::mem::size_of_val(&w.slots[..]) >= 2 << 20);
        let features: Vec<u64> = rows.iter().map(|r| r.0).collect();
        let mut scores = [0.0; 5];
        w.score(&features, &mut scores);
        for s in scores {
            assert!((s - 40_000.0).abs() < 1.0, "{scores:?}");
        }
    }

    #[test]
    fn truncated_or_corrupt_weights_are_errors() {
        let w = Weights::from_rows(2, [(1, vec![(1, 1.0)])]);
        let mut bytes = Vec::new();
        w.write(&mut bytes).unwrap();
        assert!(Weights::read(&mut &bytes[..bytes.len() - 1]).is_err());
        let mut corrupt = bytes.clone();
        corrupt[bytes.len() - 4] = 9; // class 9 of a 2-class model
        assert!(Weights::read(&mut &corrupt[..]).is_err());
    }
}
