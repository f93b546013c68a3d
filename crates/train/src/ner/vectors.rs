//! Word clusters from pre-trained static word vectors in spaCy's on-disk format.
//!
//! [`super::clusters`] induces clusters from a few million tokens of news, which leaves most
//! rare names without a cluster. Static vectors trained on billions of tokens (such as the
//! 20,000-row table of spaCy's `en_core_web_md`, whose 684,830 keys are pruned onto those
//! rows) cover far more words. [`clusters_from_spacy_vocab`] clusters such a table with the
//! same spherical k-means ([`from_vectors`]) and gives every word of the table the
//! cluster ids of its row, as a second, independent [`Clusters`] set.
//!
//! A spaCy `vocab` folder holds:
//!
//! - `vectors`: a NumPy `.npy` array of little-endian `float32`, one row per vector;
//! - `key2row`: a MessagePack map from a string's key (an unsigned integer) to its row;
//! - `strings.json`: a JSON array of every string in the vocabulary.
//!
//! A string's key is spaCy's string hash: 64-bit MurmurHash64A of its UTF-8 bytes with seed 1.
//!
//! Only word-like strings become words: at most [`MAX_WORD_CHARS`] characters, at least one
//! letter, and no whitespace, control or invisible formatting character (zero-width spaces
//! and joiners, soft hyphen, byte-order mark). Words are keyed by their lowercased form,
//! the form [`Clusters::get`] looks up. spaCy keeps case variants apart ("Paris", "paris",
//! "PARIS"), and pruning may have sent them to different rows; the variant that is already
//! lowercase wins, and when none is, the first in `strings.json` order does (the file is
//! sorted, so "NATO" comes before "Nato").
//!
//! Words that share a row share all their ids, so the table's own pruning bounds what
//! the clusters can tell apart: in `en_core_web_md` 3.8, 684,830 keys sit on only 10,112
//! distinct vectors, and "Monday" shares its vector with "John" and other first names.
//!
//! Cost: for the `en_core_web_md` table, reading and mapping take about a second; k-means
//! over its distinct rows dominates (rows × k × 300 per round, at most
//! [`KMEANS_ITERATIONS`] rounds for each k): about 15 s for `[64, 256, 1024]` on one core
//! in a release build, with under 200 MB of memory. Everything is single-threaded and
//! seeded, so the same files, ks and seed give byte-identical [`Clusters::write_tsv`]
//! output from the same build.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use readout_pipeline::ner::clusters::{Clusters, GRANULARITIES};

use super::clusters::from_vectors;

/// Spherical k-means rounds (at most) for each granularity.
pub const KMEANS_ITERATIONS: usize = 25;

/// Longest word kept, in characters (`char`s): longer strings in a vector table are mostly
/// URLs, hashtags and glued tokens.
pub const MAX_WORD_CHARS: usize = 30;

/// The seed of spaCy's string hash (`hash_string` in `spacy/strings.pyx`).
const SPACY_HASH_SEED: u64 = 1;

/// Why [`clusters_from_spacy_vocab`] failed. Each variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VectorsError {
    /// A file could not be read.
    #[error("reading {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file's content is malformed or inconsistent with the others.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// Word clusters from spaCy-format static vectors (a `vocab` folder: `strings.json`,
/// `key2row`, `vectors`).
///
/// Reads the vector table, clusters its rows by spherical k-means for each k in `ks`
/// (coarse to fine, e.g. `[64, 256, 1024]`; see [`from_vectors`], with
/// [`KMEANS_ITERATIONS`] rounds and `seed`), then gives every word-like string of
/// `strings.json` whose key is in `key2row` the ids of its row, keyed by its lowercased
/// form (see the [module docs](self) for which strings count and which case variant
/// wins).
///
/// Errors name the file and what is wrong with it: a missing file, a bad `.npy` header, a
/// dtype other than little-endian `float32`, truncated data, a non-finite value, truncated
/// or unexpected MessagePack, a row beyond the table, or JSON that is not an array of
/// strings.
pub fn clusters_from_spacy_vocab(
    vocab_dir: &Path,
    ks: [usize; GRANULARITIES],
    seed: u64,
) -> Result<Clusters, VectorsError> {
    let read = |name: &str| -> Result<(PathBuf, Vec<u8>), VectorsError> {
        let path = vocab_dir.join(name);
        match fs::read(&path) {
            Ok(bytes) => Ok((path, bytes)),
            Err(source) => Err(VectorsError::Io { path, source }),
        }
    };
    let format = |path: &Path, message: String| VectorsError::Format {
        path: path.to_path_buf(),
        message,
    };

    let (path, bytes) = read("vectors")?;
    let table = parse_npy(&bytes).map_err(|m| format(&path, m))?;
    drop(bytes);

    let (path, bytes) = read("key2row")?;
    let key2row = parse_key2row(&bytes).map_err(|m| format(&path, m))?;
    drop(bytes);
    if let Some((&key, &row)) = key2row
        .iter()
        .filter(|(_, &row)| row >= table.rows)
        .min_by_key(|(&key, _)| key)
    {
        return Err(format(
            &path,
            format!(
                "key {key:#018x} maps to row {row}, but the vectors table has {} rows",
                table.rows
            ),
        ));
    }

    let (path, bytes) = read("strings.json")?;
    let strings: Vec<String> = serde_json::from_slice(&bytes)
        .map_err(|e| format(&path, format!("not a JSON array of strings: {e}")))?;
    drop(bytes);

    // Already-lowercase spellings first, then the others, each in file order: the first
    // spelling of each lowercased form wins in `Clusters::from_vectors`.
    let mut lower = Vec::new();
    let mut other = Vec::new();
    for s in &strings {
        if !word_like(s) {
            continue;
        }
        let Some(&row) = key2row.get(&murmurhash64a(s.as_bytes(), SPACY_HASH_SEED)) else {
            continue;
        };
        let pair = (s.as_str(), row);
        if s.chars().any(char::is_uppercase) {
            other.push(pair);
        } else {
            lower.push(pair);
        }
    }
    // Pruned spaCy tables hold many bit-identical rows (`en_core_web_md` 3.8: 10,112
    // distinct among 20,000); cluster each distinct vector once, so that copies neither
    // weigh more in the centroids nor cost time.
    let (unique, distinct_row) = dedup_rows(&table);
    Ok(from_vectors(
        &unique,
        table.cols,
        lower
            .into_iter()
            .chain(other)
            .map(|(word, row)| (word, distinct_row[row])),
        ks,
        KMEANS_ITERATIONS,
        seed,
    ))
}

/// The distinct rows of `table` (bit for bit) in order of first occurrence, and the index
/// of each original row among them.
fn dedup_rows(table: &Table) -> (Vec<f32>, Vec<usize>) {
    let mut index: HashMap<Vec<u32>, usize> = HashMap::with_capacity(table.rows);
    let mut unique = Vec::new();
    let mut distinct_row = Vec::with_capacity(table.rows);
    for row in table.data.chunks_exact(table.cols.max(1)) {
        let bits: Vec<u32> = row.iter().map(|v| v.to_bits()).collect();
        let next = index.len();
        let i = *index.entry(bits).or_insert_with(|| {
            unique.extend_from_slice(row);
            next
        });
        distinct_row.push(i);
    }
    (unique, distinct_row)
}

/// Whether a vocabulary string may become a word: 1 to [`MAX_WORD_CHARS`] characters, at
/// least one letter, no whitespace, control or invisible formatting character.
fn word_like(s: &str) -> bool {
    let mut chars = 0usize;
    let mut letter = false;
    for c in s.chars() {
        chars += 1;
        if chars > MAX_WORD_CHARS || c.is_whitespace() || c.is_control() || invisible(c) {
            return false;
        }
        letter |= c.is_alphabetic();
    }
    letter
}

/// Invisible formatting characters that are neither whitespace nor control characters to
/// Rust: zero-width space, (non-)joiners and direction marks, word joiner, soft hyphen,
/// byte-order mark.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// MurmurHash64A (Austin Appleby's 64-bit MurmurHash2 for 64-bit platforms), the `hash64`
/// of the `murmurhash` Python package. Input blocks are read little-endian, as on the x86
/// and ARM machines spaCy's keys were computed on.
fn murmurhash64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    // The C code multiplies the length into the seed as a 64-bit unsigned value.
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let blocks = data.chunks_exact(8);
    let tail = blocks.remainder();
    for block in blocks {
        let mut k = u64::from_le_bytes(block.try_into().expect("8-byte block"));
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// A dense row-major `f32` matrix read from a `.npy` file.
#[derive(Debug, PartialEq)]
struct Table {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

/// Parse a NumPy `.npy` file (format versions 1 to 3) holding a 2-d little-endian `float32`
/// array in C or Fortran order; the result is row-major. Every value must be finite and the
/// data must be exactly rows × cols × 4 bytes.
fn parse_npy(bytes: &[u8]) -> Result<Table, String> {
    const MAGIC: &[u8] = b"\x93NUMPY";
    if !bytes.starts_with(MAGIC) {
        return Err("not a .npy file: missing the \\x93NUMPY magic".into());
    }
    let (major, minor) = match bytes.get(6..8) {
        Some(v) => (v[0], v[1]),
        None => return Err("truncated .npy preamble".into()),
    };
    let (header_len, header_start) = match major {
        1 => match bytes.get(8..10) {
            Some(b) => (usize::from(u16::from_le_bytes([b[0], b[1]])), 10),
            None => return Err("truncated .npy preamble".into()),
        },
        2 | 3 => match bytes.get(8..12) {
            Some(b) => (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 12),
            None => return Err("truncated .npy preamble".into()),
        },
        _ => return Err(format!("unsupported .npy format version {major}.{minor}")),
    };
    let data_start = header_start + header_len;
    let header = bytes
        .get(header_start..data_start)
        .ok_or_else(|| format!("truncated .npy header: {header_len} bytes announced"))?;
    let header = std::str::from_utf8(header).map_err(|_| "bad .npy header: not UTF-8")?;
    let fields = parse_header_dict(header).map_err(|m| format!("bad .npy header: {m}"))?;

    let mut descr = None;
    let mut fortran = None;
    let mut shape = None;
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("descr", HeaderValue::Str(s)) => descr = Some(s),
            ("fortran_order", HeaderValue::Bool(b)) => fortran = Some(b),
            ("shape", HeaderValue::Tuple(t)) => shape = Some(t),
            ("descr" | "fortran_order" | "shape", _) => {
                return Err(format!("bad .npy header: {key:?} has the wrong type"))
            }
            _ => {}
        }
    }
    let descr = descr.ok_or("bad .npy header: no 'descr'")?;
    let fortran = fortran.ok_or("bad .npy header: no 'fortran_order'")?;
    let shape = shape.ok_or("bad .npy header: no 'shape'")?;
    if descr != "<f4" {
        return Err(format!(
            "unsupported dtype {descr:?}: expected '<f4' (little-endian float32)"
        ));
    }
    let [rows, cols] = shape[..] else {
        return Err(format!(
            "expected a 2-d array, found shape {shape:?} ({}-d)",
            shape.len()
        ));
    };
    if cols == 0 {
        return Err(format!(
            "shape ({rows}, {cols}): vectors have no dimensions"
        ));
    }
    let expected = rows
        .checked_mul(cols)
        .and_then(|n| n.checked_mul(4))
        .ok_or_else(|| format!("shape ({rows}, {cols}) is too large"))?;
    let data = &bytes[data_start..];
    if data.len() != expected {
        let what = if data.len() < expected {
            "truncated"
        } else {
            "trailing bytes"
        };
        return Err(format!(
            "{what}: shape ({rows}, {cols}) needs {expected} bytes of data, found {}",
            data.len()
        ));
    }
    let values: Vec<f32> = data
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        let (row, col) = if fortran {
            (i % rows, i / rows)
        } else {
            (i / cols, i % cols)
        };
        return Err(format!("value at row {row}, column {col} is not finite"));
    }
    let data = if fortran {
        // Column-major on disk: transpose into rows.
        let mut out = vec![0f32; values.len()];
        for c in 0..cols {
            for r in 0..rows {
                out[r * cols + c] = values[c * rows + r];
            }
        }
        out
    } else {
        values
    };
    Ok(Table { rows, cols, data })
}

/// A value in a `.npy` header dictionary.
#[derive(Debug, PartialEq)]
enum HeaderValue {
    /// A quoted string.
    Str(String),
    /// `True` or `False`.
    Bool(bool),
    /// A tuple of non-negative integers (an array shape).
    Tuple(Vec<usize>),
}

/// Parse the Python dict literal of a `.npy` header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (20000, 300), }` followed by padding.
/// Only the value types a header uses are understood.
fn parse_header_dict(text: &str) -> Result<Vec<(String, HeaderValue)>, String> {
    let mut p = HeaderParser {
        s: text.as_bytes(),
        pos: 0,
    };
    p.expect(b'{')?;
    let mut fields = Vec::new();
    loop {
        p.skip_space();
        if p.eat(b'}') {
            break;
        }
        let key = p.string()?;
        p.skip_space();
        p.expect(b':')?;
        p.skip_space();
        let value = match p.peek() {
            Some(b'\'' | b'"') => HeaderValue::Str(p.string()?),
            Some(b'(') => HeaderValue::Tuple(p.tuple()?),
            _ => HeaderValue::Bool(p.boolean()?),
        };
        fields.push((key, value));
        p.skip_space();
        if p.eat(b',') {
            continue;
        }
        p.expect(b'}')?;
        break;
    }
    p.skip_space();
    if p.pos != p.s.len() {
        return Err(format!("unexpected text after the dict at byte {}", p.pos));
    }
    Ok(fields)
}

/// A cursor over a `.npy` header.
struct HeaderParser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl HeaderParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        self.skip_space();
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected {:?} at byte {}", char::from(c), self.pos))
        }
    }

    /// A quoted string without escapes (header keys and dtypes have none).
    fn string(&mut self) -> Result<String, String> {
        let quote = match self.peek() {
            Some(q @ (b'\'' | b'"')) => q,
            _ => return Err(format!("expected a quoted string at byte {}", self.pos)),
        };
        let start = self.pos + 1;
        let len = self.s[start..]
            .iter()
            .position(|&c| c == quote)
            .ok_or_else(|| format!("unterminated string at byte {}", self.pos))?;
        self.pos = start + len + 1;
        String::from_utf8(self.s[start..start + len].to_vec())
            .map_err(|_| format!("string at byte {} is not UTF-8", start - 1))
    }

    fn boolean(&mut self) -> Result<bool, String> {
        for (word, value) in [(&b"True"[..], true), (&b"False"[..], false)] {
            if self.s[self.pos..].starts_with(word) {
                self.pos += word.len();
                return Ok(value);
            }
        }
        Err(format!(
            "expected a string, a tuple, True or False at byte {}",
            self.pos
        ))
    }

    /// `(a, b, …)`, `(a,)` or `()`.
    fn tuple(&mut self) -> Result<Vec<usize>, String> {
        self.expect(b'(')?;
        let mut out = Vec::new();
        loop {
            self.skip_space();
            if self.eat(b')') {
                return Ok(out);
            }
            let start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
            let digits = std::str::from_utf8(&self.s[start..self.pos]).unwrap_or_default();
            let n = digits
                .parse()
                .map_err(|_| format!("expected a dimension at byte {start}"))?;
            out.push(n);
            self.skip_space();
            if !self.eat(b',') {
                self.expect(b')')?;
                return Ok(out);
            }
        }
    }
}

/// Parse spaCy's `key2row`: one MessagePack map (fixmap, map 16 or map 32) from unsigned
/// integer keys to unsigned integer rows, nothing after it. Rows must fit in `usize`;
/// duplicate keys are an error.
fn parse_key2row(bytes: &[u8]) -> Result<HashMap<u64, usize>, String> {
    let mut r = MsgReader { bytes, pos: 0 };
    let tag = r.take(1, "the map header")?[0];
    let len = match tag {
        0x80..=0x8f => usize::from(tag & 0x0f),
        0xde => usize::from(u16::from_be_bytes(r.array("the map length")?)),
        0xdf => u32::from_be_bytes(r.array("the map length")?) as usize,
        _ => {
            return Err(format!(
                "expected a MessagePack map at byte 0, found type byte {tag:#04x}"
            ))
        }
    };
    // Each entry takes at least two bytes: do not trust a huge length before reading.
    let mut map = HashMap::with_capacity(len.min(bytes.len() / 2));
    for i in 0..len {
        let at = r.pos;
        let key = r.uint(|| format!("the key of entry {i}"))?;
        let row = r.uint(|| format!("the row of entry {i}"))?;
        let row =
            usize::try_from(row).map_err(|_| format!("row {row} of entry {i} is too large"))?;
        if map.insert(key, row).is_some() {
            return Err(format!("duplicate key {key:#018x} (entry {i}, byte {at})"));
        }
    }
    if r.pos != bytes.len() {
        return Err(format!(
            "{} unexpected bytes after the map of {len} entries (from byte {})",
            bytes.len() - r.pos,
            r.pos
        ));
    }
    Ok(map)
}

/// A cursor over MessagePack bytes.
struct MsgReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> MsgReader<'a> {
    /// The next `n` bytes, or a "truncated" error naming what was being read.
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let out = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(out)
            }
            None => Err(format!(
                "truncated at byte {}: {what} needs {n} bytes, {} left",
                self.pos,
                self.bytes.len() - self.pos
            )),
        }
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N], String> {
        Ok(self.take(N, what)?.try_into().expect("N bytes"))
    }

    /// An unsigned integer in any MessagePack width (positive fixint, uint 8/16/32/64).
    fn uint(&mut self, what: impl Fn() -> String) -> Result<u64, String> {
        let at = self.pos;
        let tag = self.take(1, &what())?[0];
        Ok(match tag {
            0x00..=0x7f => u64::from(tag),
            0xcc => u64::from(self.take(1, &what())?[0]),
            0xcd => u64::from(u16::from_be_bytes(self.array(&what())?)),
            0xce => u64::from(u32::from_be_bytes(self.array(&what())?)),
            0xcf => u64::from_be_bytes(self.array(&what())?),
            _ => {
                return Err(format!(
                    "{} at byte {at}: expected an unsigned integer, found type byte {tag:#04x}",
                    what()
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmurhash64a_matches_spacy_keys() {
        // Computed by the `murmurhash` package's MurmurHash64A with seed 1; every non-empty
        // one is a key of en_core_web_md's key2row. Lengths cover 0, tail-only, exactly one
        // block and a block plus a tail, ASCII and multi-byte UTF-8.
        let cases: [(&str, u64); 8] = [
            ("", 0xc6a4_a793_5bd0_64dc),
            ("a", 0xa52b_e5b3_f667_4b2a),
            ("the", 0x670e_66a6_3573_9a92),
            ("Paris", 0x90b4_b706_8fc4_6e30),
            ("paris", 0xd4a3_5384_aa04_f751),
            ("Zürich", 0x832f_a563_441e_3a6e),
            ("Reuters", 0xf580_2de4_8472_f129),
            ("abcdefgh", 0xf65a_feae_c866_4640),
        ];
        for (s, key) in cases {
            assert_eq!(murmurhash64a(s.as_bytes(), SPACY_HASH_SEED), key, "{s:?}");
        }
        assert_eq!(
            murmurhash64a(b"abcdefghi", SPACY_HASH_SEED),
            0xc0b4_8f4b_ba30_db08
        );
        assert_ne!(murmurhash64a(b"the", 0), murmurhash64a(b"the", 1));
    }

    /// Key/row pairs in each MessagePack integer width.
    fn msgpack_map(header: &[u8]) -> Vec<u8> {
        let mut buf = header.to_vec();
        buf.extend([0xcf, 0, 0, 0, 0, 0, 0, 0x01, 0x02, 0x05]); // uint64 key, fixint row
        buf.extend([0x07, 0xcc, 0xc8]); // fixint key, uint8 row 200
        buf.extend([0xcd, 0x12, 0x34, 0xcd, 0x4e, 0x20]); // uint16 key, uint16 row 20000
        buf.extend([0xce, 0, 1, 0, 0, 0xce, 0, 1, 0, 1]); // uint32 key and row
        buf
    }

    #[test]
    fn key2row_parses_every_width() {
        let expected: HashMap<u64, usize> = [
            (0x0102, 5),
            (7, 200),
            (0x1234, 20_000),
            (0x1_0000, 0x1_0001),
        ]
        .into_iter()
        .collect();
        for header in [&[0x84][..], &[0xde, 0, 4], &[0xdf, 0, 0, 0, 4]] {
            assert_eq!(parse_key2row(&msgpack_map(header)).unwrap(), expected);
        }
        assert_eq!(parse_key2row(&[0x80]).unwrap(), HashMap::new());
    }

    #[test]
    fn key2row_errors() {
        let good = msgpack_map(&[0xdf, 0, 0, 0, 4]);
        // Truncated in the middle of a uint64 key.
        let error = parse_key2row(&good[..8]).unwrap_err();
        assert!(error.starts_with("truncated at byte 6"), "{error}");
        assert!(error.contains("key of entry 0"), "{error}");
        // The map announces more entries than there are.
        let mut more = good.clone();
        more[4] = 5;
        let error = parse_key2row(&more).unwrap_err();
        assert!(error.contains("entry 4"), "{error}");
        // Not a map; a string where a row belongs; trailing bytes; a duplicate key.
        assert!(parse_key2row(&[0x91, 0x01]).unwrap_err().contains("map"));
        let error = parse_key2row(&[0x81, 0x01, 0xa1, b'x']).unwrap_err();
        assert!(error.contains("row of entry 0"), "{error}");
        assert!(error.contains("0xa1"), "{error}");
        let mut extra = good.clone();
        extra.push(0);
        assert!(parse_key2row(&extra)
            .unwrap_err()
            .contains("unexpected bytes"));
        let error = parse_key2row(&[0x82, 1, 2, 1, 3]).unwrap_err();
        assert!(error.contains("duplicate key"), "{error}");
        assert!(parse_key2row(&[]).unwrap_err().starts_with("truncated"));
    }

    /// A version-1 `.npy` file, header padded as NumPy pads it.
    fn npy(dict: &str, values: &[f32]) -> Vec<u8> {
        let mut header = dict.to_string();
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend((header.len() as u16).to_le_bytes());
        out.extend(header.as_bytes());
        for v in values {
            out.extend(v.to_le_bytes());
        }
        out
    }

    #[test]
    fn npy_parses_c_and_fortran_order() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let c = npy(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            &values,
        );
        let table = parse_npy(&c).unwrap();
        assert_eq!((table.rows, table.cols), (2, 3));
        assert_eq!(table.data, values);
        // Column-major on disk: rows come out transposed back.
        let f = npy(
            "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
            &values,
        );
        assert_eq!(parse_npy(&f).unwrap().data, [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
        // Version 2 has a four-byte header length; key order and quotes do not matter.
        let mut v2 = b"\x93NUMPY\x02\x00".to_vec();
        let dict = "{\"shape\": (1, 2), 'fortran_order': False, 'descr': '<f4'}\n";
        v2.extend((dict.len() as u32).to_le_bytes());
        v2.extend(dict.as_bytes());
        v2.extend(0.5f32.to_le_bytes());
        v2.extend((-2.0f32).to_le_bytes());
        let table = parse_npy(&v2).unwrap();
        assert_eq!(
            (table.rows, table.cols, table.data),
            (1, 2, vec![0.5, -2.0])
        );
    }

    #[test]
    fn npy_errors() {
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        let good = npy(dict, &[0.0; 6]);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"PK\x03\x04".to_vec(), "magic"),
            (good[..9].to_vec(), "preamble"),
            (good[..40].to_vec(), "truncated .npy header"),
            (
                good[..good.len() - 1].to_vec(),
                "truncated: shape (2, 3) needs 24 bytes",
            ),
            ([&good[..], &[0]].concat(), "trailing bytes"),
            (npy(&dict.replace("<f4", "<f8"), &[0.0; 6]), "dtype \"<f8\""),
            (npy(&dict.replace("(2, 3)", "(6,)"), &[0.0; 6]), "2-d"),
            (
                npy(&dict.replace("False", "Maybe"), &[0.0; 6]),
                "True or False",
            ),
            (
                npy(&dict.replace("'shape': (2, 3), ", ""), &[0.0; 6]),
                "no 'shape'",
            ),
            (
                npy(&dict.replace("(2, 3)", "(2, x)"), &[0.0; 6]),
                "dimension",
            ),
            (npy(&dict.replace("(2, 3)", "(2, 0)"), &[]), "no dimensions"),
            (npy(&dict.replace("'<f4'", "(4,)"), &[0.0; 6]), "wrong type"),
            (
                npy(dict, &[0.0, 0.0, 0.0, 0.0, f32::NAN, 0.0]),
                "row 1, column 1",
            ),
        ];
        for (bytes, needle) in cases {
            let error = parse_npy(&bytes).unwrap_err();
            assert!(
                error.contains(needle),
                "{error:?} should mention {needle:?}"
            );
        }
    }

    #[test]
    fn identical_rows_collapse() {
        let table = Table {
            rows: 4,
            cols: 2,
            data: vec![1.0, 2.0, 3.0, 4.0, 1.0, 2.0, -0.0, 0.0],
        };
        let (unique, distinct_row) = dedup_rows(&table);
        assert_eq!(unique, [1.0, 2.0, 3.0, 4.0, -0.0, 0.0]);
        assert_eq!(distinct_row, [0, 1, 0, 2]);
    }

    #[test]
    fn word_like_strings() {
        for s in ["paris", "Kyiv", "U.S.", "co-op", "G7", "Zürich", "'s", "x"] {
            assert!(word_like(s), "{s:?}");
        }
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        for s in [
            "",
            "1,200",
            "--",
            "new york",
            "a\tb",
            "a\u{0}",
            "zero\u{200B}width",
            &long,
        ] {
            assert!(!word_like(s), "{s:?}");
        }
        assert!(word_like(&"é".repeat(MAX_WORD_CHARS)));
    }

    /// Write a tiny vocab folder: four rows in two directions, strings in sorted order.
    fn tiny_vocab(dir: &Path, strings: &[&str], rows: &[(&str, u8)]) {
        fs::create_dir_all(dir).unwrap();
        let vectors = [1.0, 0.1, 0.9, 0.0, 0.0, 1.0, 0.1, 0.8];
        fs::write(
            dir.join("vectors"),
            npy(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2), }",
                &vectors,
            ),
        )
        .unwrap();
        let mut key2row = vec![0x80 | rows.len() as u8];
        for (s, row) in rows {
            key2row.push(0xcf);
            key2row.extend(murmurhash64a(s.as_bytes(), 1).to_be_bytes());
            key2row.push(*row);
        }
        fs::write(dir.join("key2row"), key2row).unwrap();
        fs::write(
            dir.join("strings.json"),
            serde_json::to_string(strings).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn clusters_from_a_tiny_vocab() {
        let dir = std::env::temp_dir().join(format!("readout-vectors-{}", std::process::id()));
        let strings = [
            "1999", "Monday", "PARIS", "Paris", "Rome", "friday", "monday", "paris", "unseen",
        ];
        // "PARIS" and "Paris" both sort before "paris" but lose to it; "Monday" wins
        // because its lowercase variant has no vector; "1999" is not word-like.
        let rows = [
            ("1999", 0),
            ("PARIS", 3),
            ("Paris", 2),
            ("paris", 0),
            ("Rome", 1),
            ("Monday", 2),
            ("friday", 3),
        ];
        tiny_vocab(&dir, &strings, &rows);
        let clusters = clusters_from_spacy_vocab(&dir, [2, 2, 4], 7).unwrap();
        let mut tsv = Vec::new();
        clusters.write_tsv(&mut tsv).unwrap();
        assert_eq!(
            String::from_utf8(tsv).unwrap(),
            "# readout clusters v1 k=2,2,4\n\
             friday\t1\t1\t3\nmonday\t1\t1\t2\nparis\t0\t0\t0\nrome\t0\t0\t1\n"
        );
        assert_eq!(clusters.get("Paris"), clusters.get("paris"));
        assert_eq!(clusters.get("unseen"), None);
        let again = clusters_from_spacy_vocab(&dir, [2, 2, 4], 7).unwrap();
        assert_eq!(again, clusters);

        // A row beyond the table names key2row; a bad JSON names strings.json.
        tiny_vocab(&dir, &strings, &[("paris", 4)]);
        let error = clusters_from_spacy_vocab(&dir, [2, 2, 4], 7).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("key2row: key 0x"), "{message}");
        assert!(
            message.contains("row 4, but the vectors table has 4 rows"),
            "{message}"
        );
        tiny_vocab(&dir, &strings, &rows);
        fs::write(dir.join("strings.json"), "[\"a\", 1]").unwrap();
        let message = clusters_from_spacy_vocab(&dir, [2, 2, 4], 7)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("strings.json: not a JSON array"),
            "{message}"
        );
        fs::remove_file(dir.join("vectors")).unwrap();
        let error = clusters_from_spacy_vocab(&dir, [2, 2, 4], 7).unwrap_err();
        assert!(matches!(error, VectorsError::Io { .. }), "{error}");
        assert!(error.to_string().starts_with("reading "), "{error}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
