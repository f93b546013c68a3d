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

/// One slot of the open-addressing table; `key == 0` marks an empty slot.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Weights of one classifier.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    n_classes: usize,
    /// Power-of-two table, at most half full.
    slots: Vec<Slot>,
    n_features: usize,
    /// Row entries: class in the low 16 bits, weight (16-bit, times `scale`) in the high.
    entries: Vec<u32>,
    /// Rows with weights for many classes, stored whole: `n_classes` weights each.
    dense: Vec<i16>,
    scale: f32,
}

/// Slot `len` of a row stored whole in `dense` (its `start` is then the dense row number).
const DENSE: u32 = u32::MAX;

/// Longest believable model: guards against a corrupt length field asking for terabytes.
const MAX_ENTRIES: usize = 1 << 28;

/// Most features one decision may look up at once (longer lists are scored in chunks).
const CHUNK: usize = 256;

/// The table key of a feature hash (0 marks empty slots, so it is moved to 1).
#[inline]
fn key(feature: u64) -> u64 {
    feature.max(1)
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

fn pack(class: u16, q: i16) -> u32 {
    u32::from(class) | (u32::from(q as u16) << 16)
}

fn unpack(e: u32) -> (usize, i16) {
    ((e & 0xffff) as usize, (e >> 16) as u16 as i16)
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
        let quantized = rows.into_iter().map(|(f, row)| {
            let row: Vec<(u16, i16)> = row
                .into_iter()
                .filter(|&(c, _)| (c as usize) < n_classes)
                .map(|(c, v)| (c, (v / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            (f, row)
        });
        Weights::build(n_classes, scale, quantized)
    }

    /// The table over quantized rows (sorted by feature, for reproducible layouts).
    fn build(
        n_classes: usize,
        scale: f32,
        rows: impl Iterator<Item = (u64, Vec<(u16, i16)>)>,
    ) -> Weights {
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        let mut placed: Vec<(u64, u32, u32)> = Vec::new();
        for (f, row) in rows {
            if row.is_empty() {
                continue;
            }
            // A row touching a quarter of the classes or more is added faster whole (the
            // loop vectorizes) than entry by entry: the bias and the tag-only features.
            if row.len() * 4 >= n_classes && n_classes >= 8 {
                let at = dense.len() / n_classes;
                dense.resize(dense.len() + n_classes, 0);
                for &(c, q) in &row {
                    dense[at * n_classes + c as usize] = q;
                }
                placed.push((key(f), at as u32, DENSE));
                continue;
            }
            let start = entries.len() as u32;
            entries.extend(row.iter().map(|&(c, q)| pack(c, q)));
            placed.push((key(f), start, row.len() as u32));
        }
        let size = (placed.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); size];
        let mask = size - 1;
        for (k, start, len) in &placed {
            let mut i = *k as usize & mask;
            while slots[i].key != 0 && slots[i].key != *k {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                key: *k,
                start: *start,
                len: *len,
            };
        }
        Weights {
            n_classes,
            slots,
            n_features: placed.len(),
            entries,
            dense,
            scale,
        }
    }

    /// The rows, sorted by feature.
    fn rows(&self) -> Vec<(u64, Vec<(u16, i16)>)> {
        let mut rows: Vec<_> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| {
                let row = if s.len == DENSE {
                    let at = s.start as usize * self.n_classes;
                    self.dense[at..at + self.n_classes]
                        .iter()
                        .enumerate()
                        .filter(|(_, &q)| q != 0)
                        .map(|(c, &q)| (c as u16, q))
                        .collect()
                } else {
                    self.entries[s.start as usize..(s.start + s.len) as usize]
                        .iter()
                        .map(|&e| {
                            let (c, q) = unpack(e);
                            (c as u16, q)
                        })
                        .collect()
                };
                (s.key, row)
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    /// These weights without those smaller than `min_abs` in magnitude.
    pub fn pruned(&self, min_abs: f32) -> Weights {
        let rows = self.rows().into_iter().map(|(f, row)| {
            let row = row
                .into_iter()
                .filter(|&(_, q)| (f32::from(q) * self.scale).abs() >= min_abs)
                .collect();
            (f, row)
        });
        Weights::build(self.n_classes, self.scale, rows)
    }

    /// Number of weights (whole rows counted in full).
    pub fn n_weights(&self) -> usize {
        self.entries.len() + self.dense.len()
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
        let mut rows = [(0u32, 0u32); CHUNK];
        for chunk in features.chunks(CHUNK) {
            // 1. Ask for every feature's home slot at once.
            for &f in chunk {
                prefetch(&self.slots[key(f) as usize & mask]);
            }
            // 2. Probe; ask for each found row.
            let mut found = 0;
            for &f in chunk {
                if let Some(slot) = self.find(key(f), mask) {
                    if slot.len == DENSE {
                        prefetch(&self.dense[slot.start as usize * self.n_classes]);
                    } else {
                        prefetch(&self.entries[slot.start as usize]);
                    }
                    rows[found] = (slot.start, slot.len);
                    found += 1;
                }
            }
            // 3. Add the rows up, in integers.
            for &(start, len) in &rows[..found] {
                if len == DENSE {
                    let at = start as usize * self.n_classes;
                    for (a, &q) in acc.iter_mut().zip(&self.dense[at..at + n]) {
                        *a += i32::from(q);
                    }
                } else {
                    for &e in &self.entries[start as usize..(start + len) as usize] {
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

    #[inline]
    fn find(&self, k: u64, mask: usize) -> Option<&Slot> {
        let mut i = k as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.key == k {
                return Some(slot);
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
        let mut rows = Vec::with_capacity(n_features.min(1 << 20));
        let mut total = 0usize;
        for _ in 0..n_features {
            let f = u64::from_le_bytes(read_array(input)?);
            let len = u16::from_le_bytes(read_array(input)?) as usize;
            total += len;
            if total > MAX_ENTRIES {
                return Err(bad("too many weights"));
            }
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let c = u16::from_le_bytes(read_array(input)?);
                let q = i16::from_le_bytes(read_array(input)?);
                if c as usize >= n_classes {
                    return Err(bad("weight for a class beyond the model's"));
                }
                row.push((c, q));
            }
            rows.push((f, row));
        }
        Ok(Weights::build(n_classes, scale, rows.into_iter()))
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
