//! Word clusters: features for the entity tagger, read from the file `readout train ner`
//! writes (`models/ner/clusters.tsv.gz`, `vector_clusters.tsv.gz`).
//!
//! Each lowercased word has a cluster id at [`GRANULARITIES`] granularities (by default 32,
//! 256 and 1024 clusters, coarse to fine); the tagger uses the ids as features, the way
//! Brown-cluster path prefixes are used, so that it generalises from "Tuesday" to
//! "Thursday" and from "Germany" to "Estonia". The clusters are induced at training time
//! by `readout_train::ner::clusters` (PPMI, randomized SVD, spherical k-means); this module
//! only holds them, looks words up and reads and writes the file format.
//!
//! ```
//! use readout_pipeline::ner::clusters::Clusters;
//! use rustc_hash::FxHashMap;
//!
//! let ids = FxHashMap::from_iter([("monday".to_string(), [0, 1, 2])]);
//! let clusters = Clusters::from_ids([2, 4, 8], ids);
//! assert_eq!(clusters.get("Monday"), Some([0, 1, 2]));
//!
//! let mut tsv = Vec::new();
//! clusters.write_tsv(&mut tsv).unwrap();
//! assert_eq!(Clusters::read_tsv(&tsv[..]).unwrap(), clusters);
//! ```

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Write};

/// How many granularities each word has a cluster id at (three: by default 32, 256 and
/// 1024 clusters, coarse to fine).
pub const GRANULARITIES: usize = 3;

/// The first line of a cluster file, before the `k=` field.
const HEADER_PREFIX: &str = "# readout clusters v1";

/// Word clusters at several granularities.
///
/// Maps a lowercased word to its cluster id at each of the [`GRANULARITIES`] granularities
/// (coarse to fine). Make one with [`Clusters::from_ids`] (the training crate induces them),
/// save it with [`Clusters::write_tsv`] and load it with [`Clusters::read_tsv`]. The
/// default covers no words (every lookup is `None`), for running without clusters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clusters {
    /// Number of clusters at each granularity: every id at granularity `g` is below `ks[g]`.
    ks: [usize; GRANULARITIES],
    /// Lowercased word → cluster ids.
    ids: HashMap<String, [u16; GRANULARITIES]>,
}

/// Why [`Clusters::read_tsv`] failed.
#[derive(Debug)]
pub enum ClusterError {
    /// Reading failed.
    Io(io::Error),
    /// A line is malformed.
    Parse {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for ClusterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClusterError::Io(e) => write!(f, "reading clusters: {e}"),
            ClusterError::Parse { line, message } => write!(f, "clusters line {line}: {message}"),
        }
    }
}

impl std::error::Error for ClusterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClusterError::Io(e) => Some(e),
            ClusterError::Parse { .. } => None,
        }
    }
}

impl From<io::Error> for ClusterError {
    fn from(e: io::Error) -> Self {
        ClusterError::Io(e)
    }
}

impl Clusters {
    /// Clusters from their parts: the number of clusters at each granularity and each
    /// word's ids. Words must already be in lookup form ([`fold`]) and every id at
    /// granularity `g` below `ks[g]`, as [`Clusters::read_tsv`] checks when reading back.
    pub fn from_ids(
        ks: [usize; GRANULARITIES],
        ids: HashMap<String, [u16; GRANULARITIES]>,
    ) -> Clusters {
        Clusters { ks, ids }
    }

    /// Cluster ids of a word (looked up by its lowercased form), None when unknown.
    pub fn get(&self, word: &str) -> Option<[u16; GRANULARITIES]> {
        self.ids.get(fold(word).as_ref()).copied()
    }

    /// Number of words covered.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no word is covered.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Number of clusters at each granularity, coarse to fine: ids at granularity `g` are
    /// below `ks()[g]`. Induction clamps the ks it was asked for to the vocabulary size.
    pub fn ks(&self) -> [usize; GRANULARITIES] {
        self.ks
    }

    /// Serialize as UTF-8 text: a header line `# readout clusters v1 k=32,256,1024` then
    /// `word\tid1\tid2\tid3` lines sorted by word (byte order), so the same clusters always
    /// give the same bytes.
    pub fn write_tsv(&self, w: &mut impl Write) -> io::Result<()> {
        let ks: Vec<String> = self.ks.iter().map(usize::to_string).collect();
        writeln!(w, "{HEADER_PREFIX} k={}", ks.join(","))?;
        let mut words: Vec<(&String, &[u16; GRANULARITIES])> = self.ids.iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (word, ids) in words {
            w.write_all(word.as_bytes())?;
            for id in ids {
                write!(w, "\t{id}")?;
            }
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Parse what [`Clusters::write_tsv`] wrote. Errors give the 1-based line number and
    /// what is wrong: a missing or unknown header, a wrong number of fields, an id that is
    /// not a number or not below its `k`, a word that is not lowercase (it could never be
    /// looked up) or a duplicate word. Lines may end in `\r\n`; empty lines are skipped.
    pub fn read_tsv(mut r: impl BufRead) -> Result<Clusters, ClusterError> {
        // The whole text at once: one allocation instead of one per line.
        let mut text = String::new();
        r.read_to_string(&mut text)?;
        let mut lines = text.lines();
        let err = |line: usize, message: String| ClusterError::Parse { line, message };
        let header = match lines.next() {
            Some(line) => line,
            None => return Err(err(1, "empty input: missing the header line".into())),
        };
        let ks = parse_header(header.trim_end_matches('\r')).map_err(|m| err(1, m))?;
        // Sized for every line up front: growing the map rehashed it a dozen times, a
        // noticeable part of the parser's start-up.
        let mut ids: HashMap<String, [u16; GRANULARITIES]> = HashMap::default();
        ids.reserve(memchr::memchr_iter(b'\n', text.as_bytes()).count());
        for (i, line) in lines.enumerate() {
            let n = i + 2;
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                continue;
            }
            // Split into at most GRANULARITIES + 2 fields without allocating.
            let mut fields = [""; GRANULARITIES + 2];
            let mut count = 0;
            for field in line.split('\t') {
                if count < fields.len() {
                    fields[count] = field;
                }
                count += 1;
            }
            if count != GRANULARITIES + 1 {
                return Err(err(
                    n,
                    format!(
                        "expected {} tab-separated fields (word and {GRANULARITIES} ids), found {count}",
                        GRANULARITIES + 1,
                    ),
                ));
            }
            let word = fields[0];
            if word.is_empty() {
                return Err(err(n, "empty word".into()));
            }
            if fold(word) != word {
                return Err(err(n, format!("word {word:?} is not lowercase")));
            }
            let mut row = [0u16; GRANULARITIES];
            for g in 0..GRANULARITIES {
                let field = fields[g + 1];
                let id: u16 = field.parse().map_err(|_| {
                    err(n, format!("cluster id {} {field:?} is not a number", g + 1))
                })?;
                if usize::from(id) >= ks[g] {
                    return Err(err(
                        n,
                        format!("cluster id {} is {id}, not below k={}", g + 1, ks[g]),
                    ));
                }
                row[g] = id;
            }
            if ids.insert(word.to_string(), row).is_some() {
                // An error, so rare: find the first line of the word by reading again.
                let first = text
                    .lines()
                    .position(|l| l.split('\t').next() == Some(word))
                    .map_or(0, |p| p + 1);
                return Err(err(
                    n,
                    format!("duplicate word {word:?} (first on line {first})"),
                ));
            }
        }
        Ok(Clusters { ks, ids })
    }
}

/// Parse `# readout clusters v1 k=32,256,1024` (further `key=value` fields are ignored so
/// that later writers can add some).
fn parse_header(line: &str) -> Result<[usize; GRANULARITIES], String> {
    let rest = line
        .strip_prefix(HEADER_PREFIX)
        .filter(|rest| rest.is_empty() || rest.starts_with(' '))
        .ok_or_else(|| format!("expected a header starting {HEADER_PREFIX:?}, found {line:?}"))?;
    let k = rest
        .split_whitespace()
        .find_map(|field| field.strip_prefix("k="))
        .ok_or_else(|| "header has no k= field".to_string())?;
    let values: Vec<&str> = k.split(',').collect();
    if values.len() != GRANULARITIES {
        return Err(format!(
            "header k= has {} values, expected {GRANULARITIES}",
            values.len()
        ));
    }
    let mut ks = [0usize; GRANULARITIES];
    for (slot, value) in ks.iter_mut().zip(values) {
        *slot = value
            .parse()
            .ok()
            .filter(|&k: &usize| k <= 1 << 16)
            .ok_or_else(|| format!("header k= value {value:?} is not a number up to 65536"))?;
    }
    Ok(ks)
}

/// The lookup form of a word: lowercased, without allocating when it already is.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(text: &str) -> (usize, String) {
        match Clusters::read_tsv(text.as_bytes()) {
            Err(ClusterError::Parse { line, message }) => (line, message),
            other => panic!("expected a parse error, got {other:?}"),
        }
    }

    #[test]
    fn read_errors_name_the_line() {
        let header = "# readout clusters v1 k=2,4,8\n";
        let (line, message) = parse_error(&format!("{header}a\t0\t1\t2\nb\t1\t3\n"));
        assert_eq!(line, 3);
        assert!(message.contains("found 3"), "{message}");
        let (line, message) = parse_error(&format!("{header}a\t0\t1\t2\nb\t1\tx\t2\n"));
        assert_eq!(
            (line, message.contains("not a number")),
            (3, true),
            "{message}"
        );
        let (line, message) = parse_error(&format!("{header}a\t2\t1\t2\n"));
        assert_eq!((line, message.contains("k=2")), (2, true), "{message}");
        let (line, message) = parse_error(&format!("{header}a\t0\t1\t2\n\na\t1\t1\t1\n"));
        assert_eq!((line, message.contains("line 2")), (4, true), "{message}");
        let (line, message) = parse_error(&format!("{header}Paris\t0\t1\t2\n"));
        assert_eq!(
            (line, message.contains("lowercase")),
            (2, true),
            "{message}"
        );
        assert_eq!(parse_error("word\t0\t0\t0\n").0, 1);
        assert_eq!(parse_error("# readout clusters v1 k=2,4\n").0, 1);
        assert_eq!(parse_error("").0, 1);
        let error = Clusters::read_tsv(format!("{header}b\t1\t3\n").as_bytes()).unwrap_err();
        assert!(
            error.to_string().starts_with("clusters line 2: "),
            "{error}"
        );
    }

    #[test]
    fn tsv_round_trip_is_sorted() {
        let ids = HashMap::from_iter([
            ("zurich".to_string(), [1, 3, 7]),
            ("athens".to_string(), [0, 2, 5]),
        ]);
        let clusters = Clusters::from_ids([2, 4, 8], ids);
        let mut tsv = Vec::new();
        clusters.write_tsv(&mut tsv).unwrap();
        let text = String::from_utf8(tsv.clone()).unwrap();
        assert_eq!(
            text,
            "# readout clusters v1 k=2,4,8\nathens\t0\t2\t5\nzurich\t1\t3\t7\n"
        );
        assert_eq!(Clusters::read_tsv(&tsv[..]).unwrap(), clusters);
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(Clusters::read_tsv(crlf.as_bytes()).unwrap(), clusters);
        assert_eq!(clusters.get("ATHENS"), Some([0, 2, 5]));
    }
}
