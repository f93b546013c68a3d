//! Feature hashing shared by readout's statistical models (entity tagger, part-of-speech
//! tagger, dependency parser): a feature is a template number plus its values, hashed to a
//! `u64` that the model file stores. Changing this function changes every model's feature ids.

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const K: u64 = 0x517c_c1b7_2722_0a95;

/// A feature hash under construction: FxHash-style mixing, eight bytes at a time, then a
/// splitmix64 finish. Stable across platforms and runs (feature ids are stored in the model).
#[derive(Clone, Copy)]
pub(crate) struct Hasher(u64);

impl Hasher {
    pub(crate) fn new(template: u8) -> Hasher {
        Hasher(SEED).word(u64::from(template))
    }
    #[inline]
    pub(crate) fn word(self, w: u64) -> Hasher {
        Hasher((self.0.rotate_left(5) ^ w).wrapping_mul(K))
    }
    pub(crate) fn str(mut self, s: &str) -> Hasher {
        let bytes = s.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self = self.word(u64::from_le_bytes(a));
        }
        let rest = chunks.remainder();
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        // The length goes in too, so ("ab","c") and ("a","bc") differ.
        self.word(u64::from_le_bytes(a)).word(bytes.len() as u64)
    }
    pub(crate) fn num(self, n: u64) -> Hasher {
        self.word(n)
    }
    pub(crate) fn finish(self) -> u64 {
        // Final avalanche (splitmix64), so similar inputs spread over the hash map.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}
