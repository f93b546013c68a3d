//! Gazetteer features for the named-entity tagger: phrase lists of people, organisations,
//! places and nationalities, matched against a sentence's tokens.
//!
//! The tagger (an averaged perceptron over hashed features) gets, for each token, the
//! classes and positions of the gazetteer phrase that covers it ([`Gazetteer::annotate`]).
//! The lists are not written here: `readout_train::ner::gazetteer` compiles them at
//! training time from the openly licensed dictionaries under `../shared/data` (its docs
//! give the sources and the rule for each entry), and only the compiled artifact
//! ([`Gazetteer::write_tsv`], read back with [`Gazetteer::read_tsv`]) is committed, with a
//! NOTICE naming its sources.
//!
//! # Matching
//!
//! [`Gazetteer::annotate`] finds, from each token, the longest phrase starting there
//! (greedy longest match, with all of that phrase's classes); each token then gets the
//! class and position (Begin, Inside, Last, or Unit for a one-token phrase) of the
//! longest of the matches that cover it, so that `York` inside `New York City` adds
//! nothing while two overlapping matches of equal length both count. Tokens are compared
//! lowercased, with typographic apostrophes read as `'`. Phrases and their proper
//! prefixes share one hash map, so the scan from a token stops as soon as the words so
//! far begin no phrase: at most O(n × max phrase length) lookups, and no allocation per
//! lookup.
//!
//! # Artifact
//!
//! UTF-8 text, first line `# readout gazetteer v1`, then one `CLASSES<TAB>phrase` line
//! per phrase (`LOC`, `LOC,MISC`…, classes in the order PER, ORG, LOC, MISC), sorted by
//! phrase bytes, so that a rebuild from the same data gives the same bytes.

use std::fmt;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use rustc_hash::FxHashMap;

/// Entity classes of the gazetteer, as in CoNLL-2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GazClass {
    /// A person.
    Per,
    /// An organisation: government body, armed group, company, NGO, IGO.
    Org,
    /// A place: country, region, city, geographic feature.
    Loc,
    /// Miscellaneous; here nationality and demonym words.
    Misc,
}

impl GazClass {
    /// All classes, in the order they are written in the artifact.
    pub const ALL: [GazClass; 4] = [GazClass::Per, GazClass::Org, GazClass::Loc, GazClass::Misc];

    /// The CoNLL tag of the class: `PER`, `ORG`, `LOC` or `MISC`.
    pub fn as_str(self) -> &'static str {
        match self {
            GazClass::Per => "PER",
            GazClass::Org => "ORG",
            GazClass::Loc => "LOC",
            GazClass::Misc => "MISC",
        }
    }

    /// The class of a CoNLL tag (`PER`, `ORG`, `LOC`, `MISC`), if it is one.
    pub fn from_tag(tag: &str) -> Option<GazClass> {
        GazClass::ALL.into_iter().find(|c| c.as_str() == tag)
    }

    fn bit(self) -> u8 {
        match self {
            GazClass::Per => 1,
            GazClass::Org => 2,
            GazClass::Loc => 4,
            GazClass::Misc => 8,
        }
    }
}

impl fmt::Display for GazClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Position of a token inside a matched phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazPosition {
    /// First token of a phrase of two or more tokens.
    Begin,
    /// A token strictly between the first and the last.
    Inside,
    /// Last token of a phrase of two or more tokens.
    Last,
    /// The only token of a one-token phrase.
    Unit,
}

/// What went wrong building or reading a gazetteer. Each variant names the input.
#[derive(Debug)]
#[non_exhaustive]
pub enum GazetteerError {
    /// A dictionary file is missing or could not be read.
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A dictionary file was read but cannot be used.
    BadSource {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem; 0 when it concerns the whole file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A serialized gazetteer ([`Gazetteer::read_tsv`]) is malformed or unreadable.
    Tsv {
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GazetteerError::Io { path, source } => {
                write!(
                    f,
                    "{}: cannot read gazetteer source: {source}",
                    path.display()
                )
            }
            GazetteerError::BadSource {
                path,
                line: 0,
                message,
            } => {
                write!(f, "{}: bad gazetteer source: {message}", path.display())
            }
            GazetteerError::BadSource {
                path,
                line,
                message,
            } => {
                write!(
                    f,
                    "{}:{line}: bad gazetteer source: {message}",
                    path.display()
                )
            }
            GazetteerError::Tsv { line, message } => {
                write!(f, "gazetteer TSV line {line}: {message}")
            }
        }
    }
}

impl std::error::Error for GazetteerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GazetteerError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The phrase map. FxHash (rustc's hasher): the map is built once from our own data and
/// then only looked up, so crafted input text cannot lengthen its collision chains; a fast
/// non-keyed hash is safe here and much cheaper per lookup than SipHash.
type FxMap<K, V> = FxHashMap<K, V>;

/// Value bits of the phrase map: the low four are [`GazClass::bit`]s of a phrase; this one
/// says the key is also a proper prefix (in whole tokens) of a longer phrase, so a scan
/// must go on past it.
const PREFIX_BIT: u8 = 0x80;
const CLASS_MASK: u8 = 0x0f;

/// First line of the serialized form.
const TSV_HEADER: &str = "# readout gazetteer v1";

/// Lowercased phrases mapped to their classes, for gazetteer features.
///
/// Keys are phrases with tokens joined by one space. Build one from the dictionaries with
/// `readout_train::ner::gazetteer::build`, load the committed artifact with [`Gazetteer::read_tsv`], or fill
/// one by hand with [`Gazetteer::insert`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    /// Phrase (or proper prefix of one) → class bits, plus [`PREFIX_BIT`].
    map: FxMap<String, u8>,
    /// Number of keys with at least one class bit.
    phrases: usize,
    /// Length in tokens of the longest phrase.
    max_len: usize,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("phrases", &self.phrases)
            .field("max_len", &self.max_len)
            .finish()
    }
}

/// Appends `token` lowercased to `out`, reading typographic apostrophes as `'`, so that
/// `Russia’s` in text matches `russia's` in the lists.
pub fn push_lower(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer::default()
    }

    /// Add `phrase` (as written: tokens separated by whitespace, any case) with `class`.
    /// A phrase already present keeps its classes and gains this one. Blank phrases are
    /// ignored.
    pub fn insert(&mut self, phrase: &str, class: GazClass) {
        let mut key = String::with_capacity(phrase.len());
        let mut n = 0;
        for tok in phrase.split_whitespace() {
            if n > 0 {
                // Mark what we have so far as a prefix of a longer phrase.
                match self.map.get_mut(key.as_str()) {
                    Some(v) => *v |= PREFIX_BIT,
                    None => {
                        self.map.insert(key.clone(), PREFIX_BIT);
                    }
                }
                key.push(' ');
            }
            push_lower(&mut key, tok);
            n += 1;
        }
        if n == 0 {
            return;
        }
        let v = self.map.entry(key).or_insert(0);
        if *v & CLASS_MASK == 0 {
            self.phrases += 1;
        }
        *v |= class.bit();
        self.max_len = self.max_len.max(n);
    }

    /// Number of phrases (a phrase with several classes counts once).
    pub fn len(&self) -> usize {
        self.phrases
    }

    /// Whether there is no phrase at all.
    pub fn is_empty(&self) -> bool {
        self.phrases == 0
    }

    /// Length in tokens of the longest phrase (0 when empty).
    pub fn max_phrase_len(&self) -> usize {
        self.max_len
    }

    /// The classes of `phrase` (whitespace-separated tokens, compared lowercased), in the
    /// order PER, ORG, LOC, MISC; empty when it is not in the gazetteer.
    pub fn classes(&self, phrase: &str) -> Vec<GazClass> {
        let mut key = String::with_capacity(phrase.len());
        for (i, tok) in phrase.split_whitespace().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            push_lower(&mut key, tok);
        }
        let bits = self.map.get(key.as_str()).copied().unwrap_or(0);
        GazClass::ALL
            .into_iter()
            .filter(|c| bits & c.bit() != 0)
            .collect()
    }

    /// For each token, every (class, position) of the longest phrase matches covering it.
    ///
    /// Greedy longest match from each start: every token starts at most one match, the
    /// longest phrase beginning there (with all of that phrase's classes). A token then
    /// takes the matches that cover it and are longest among those that do: inside
    /// `New York City` the shorter `York` match adds nothing, but two overlapping matches
    /// of equal length (`Port Velanor` and `Velanor Straits` over `Port Velanor Straits`)
    /// both mark the token they share. Positions are Begin, Inside, Last, or Unit for a
    /// one-token phrase; pairs are listed in class order (PER, ORG, LOC, MISC) without
    /// repeats. Tokens are compared lowercased (typographic apostrophes as `'`).
    ///
    /// Costs at most `tokens.len() × max_phrase_len()` hash lookups, and usually far
    /// fewer: one key buffer is reused, and the scan from a token stops as soon as the
    /// words so far begin no phrase.
    pub fn annotate(&self, tokens: &[&str]) -> Vec<Vec<(GazClass, GazPosition)>> {
        let n = tokens.len();
        let mut out: Vec<Vec<(GazClass, GazPosition)>> = vec![Vec::new(); n];
        if self.max_len == 0 {
            return out;
        }
        // The longest match from each start: (length in tokens, class bits).
        let mut best: Vec<(usize, u8)> = vec![(0, 0); n];
        let mut key = String::with_capacity(64);
        for (i, slot) in best.iter_mut().enumerate() {
            key.clear();
            for (k, tok) in tokens[i..n.min(i + self.max_len)].iter().enumerate() {
                if k > 0 {
                    key.push(' ');
                }
                push_lower(&mut key, tok);
                let Some(&v) = self.map.get(key.as_str()) else {
                    break;
                };
                if v & CLASS_MASK != 0 {
                    *slot = (k + 1, v & CLASS_MASK);
                }
                if v & PREFIX_BIT == 0 {
                    break;
                }
            }
        }
        for (t, pairs) in out.iter_mut().enumerate() {
            let first = (t + 1).saturating_sub(self.max_len);
            let covering = || (first..=t).filter(|&s| s + best[s].0 > t);
            let Some(longest) = covering().map(|s| best[s].0).max() else {
                continue;
            };
            for s in covering().filter(|&s| best[s].0 == longest) {
                let pos = match (longest, t - s) {
                    (1, _) => GazPosition::Unit,
                    (_, 0) => GazPosition::Begin,
                    (len, k) if k + 1 == len => GazPosition::Last,
                    _ => GazPosition::Inside,
                };
                for c in GazClass::ALL {
                    if best[s].1 & c.bit() != 0 && !pairs.contains(&(c, pos)) {
                        pairs.push((c, pos));
                    }
                }
            }
            pairs.sort_by_key(|&(c, _)| c);
        }
        out
    }

    /// Serialize as UTF-8 text: the header `# readout gazetteer v1`, then one
    /// `CLASSES<TAB>phrase` line per phrase (`LOC`, `LOC,MISC`), sorted by phrase.
    pub fn write_tsv(&self, w: &mut impl Write) -> io::Result<()> {
        let mut rows: Vec<(&str, u8)> = self
            .map
            .iter()
            .filter(|(_, &v)| v & CLASS_MASK != 0)
            .map(|(k, &v)| (k.as_str(), v & CLASS_MASK))
            .collect();
        rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
        writeln!(w, "{TSV_HEADER}")?;
        let mut line = String::new();
        for (phrase, bits) in rows {
            line.clear();
            for c in GazClass::ALL {
                if bits & c.bit() != 0 {
                    if !line.is_empty() {
                        line.push(',');
                    }
                    line.push_str(c.as_str());
                }
            }
            line.push('\t');
            line.push_str(phrase);
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Read what [`Gazetteer::write_tsv`] wrote. Blank lines and `#` comment lines after
    /// the header are allowed; errors carry the 1-based line number. A completely empty
    /// input is an empty gazetteer: artifacts written before the gazetteer was built are
    /// empty files, and the tagger must still load them.
    pub fn read_tsv(r: impl BufRead) -> Result<Gazetteer, GazetteerError> {
        let mut r = r;
        let mut text = String::new();
        r.read_to_string(&mut text)
            .map_err(|e| GazetteerError::Tsv {
                line: 1,
                message: format!("cannot read: {e}"),
            })?;
        let mut g = Gazetteer::new();
        // Most keys are phrases; their proper prefixes add a few more.
        g.map.reserve(text.len() / 12);
        let mut seen_header = false;
        for (idx, line) in text.lines().enumerate() {
            let lineno = idx + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !seen_header {
                if line != TSV_HEADER {
                    return Err(GazetteerError::Tsv {
                        line: lineno,
                        message: format!("expected header {TSV_HEADER:?}, found {line:?}"),
                    });
                }
                seen_header = true;
                continue;
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((classes, phrase)) = line.split_once('\t') else {
                return Err(GazetteerError::Tsv {
                    line: lineno,
                    message: "expected CLASSES<TAB>phrase".to_string(),
                });
            };
            if phrase.trim().is_empty() {
                return Err(GazetteerError::Tsv {
                    line: lineno,
                    message: "empty phrase".to_string(),
                });
            }
            for tag in classes.split(',') {
                let Some(class) = GazClass::from_tag(tag.trim()) else {
                    return Err(GazetteerError::Tsv {
                        line: lineno,
                        message: format!("unknown class {tag:?} (expected PER, ORG, LOC or MISC)"),
                    });
                };
                g.insert(phrase, class);
            }
        }
        Ok(g)
    }
}

/// Reads a dictionary file as UTF-8; a missing file or invalid bytes name the file.
#[cfg(test)]
mod tests {
    use super::*;
    use GazClass::*;
    use GazPosition::*;

    /// Invented names only: no third-party text in the tests.
    fn sample() -> Gazetteer {
        let mut g = Gazetteer::new();
        g.insert("Port Velanor", Loc);
        g.insert("Port Velanor Harbour Authority", Org);
        g.insert("Velanor", Loc);
        g.insert("Velanor", Per);
        g.insert("Quendrith  Ostavel", Per);
        g.insert("Ostavel", Per);
        g.insert("Marisbanian", Misc);
        g.insert("Brennick 's Tarn Works", Org);
        g
    }

    fn toks(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn insert_normalises_and_counts_phrases_once() {
        let g = sample();
        assert_eq!(g.len(), 7, "Velanor with two classes counts once");
        assert!(!g.is_empty());
        assert_eq!(g.max_phrase_len(), 4);
        assert_eq!(g.classes("VELANOR"), vec![Per, Loc]);
        assert_eq!(g.classes("quendrith ostavel"), vec![Per]);
        assert_eq!(
            g.classes("port"),
            Vec::<GazClass>::new(),
            "a prefix is not a phrase"
        );
        assert!(Gazetteer::new().is_empty());
    }

    #[test]
    fn longest_match_wins_with_positions() {
        let g = sample();
        let t = toks("The Port Velanor Harbour Authority met Quendrith Ostavel in Port Velanor");
        let a = g.annotate(&t);
        assert_eq!(a.len(), t.len());
        assert!(a[0].is_empty());
        assert_eq!(a[1], vec![(Org, Begin)]);
        assert_eq!(a[2], vec![(Org, Inside)]);
        assert_eq!(a[3], vec![(Org, Inside)]);
        assert_eq!(a[4], vec![(Org, Last)]);
        assert!(a[5].is_empty());
        assert_eq!(a[6], vec![(Per, Begin)]);
        assert_eq!(a[7], vec![(Per, Last)], "not the shorter Ostavel match");
        assert!(a[8].is_empty());
        assert_eq!(a[9], vec![(Loc, Begin)]);
        assert_eq!(a[10], vec![(Loc, Last)]);
    }

    #[test]
    fn multi_class_unit_and_prefix_fallback() {
        let g = sample();
        // "Port Velanor Harbour" is only a prefix: the scan falls back to "Port Velanor".
        let a = g.annotate(&toks("port velanor harbour Velanor MARISBANIAN"));
        assert_eq!(a[0], vec![(Loc, Begin)]);
        assert_eq!(a[1], vec![(Loc, Last)]);
        assert!(a[2].is_empty());
        assert_eq!(
            a[3],
            vec![(Per, Unit), (Loc, Unit)],
            "all classes of the phrase"
        );
        assert_eq!(a[4], vec![(Misc, Unit)]);
    }

    #[test]
    fn overlapping_matches_of_equal_length_both_count() {
        let mut g = sample();
        g.insert("Velanor Straits", Loc);
        g.insert("Straits", Misc);
        let a = g.annotate(&toks("Port Velanor Straits"));
        assert_eq!(a[0], vec![(Loc, Begin)]);
        assert_eq!(
            a[1],
            vec![(Loc, Last), (Loc, Begin)],
            "shared by two 2-token matches"
        );
        assert_eq!(
            a[2],
            vec![(Loc, Last)],
            "the 1-token Straits match is shorter"
        );
    }

    #[test]
    fn typographic_apostrophe_matches() {
        let g = sample();
        let a = g.annotate(&["Brennick", "\u{2019}s", "Tarn", "Works"]);
        assert!(a.iter().all(|s| s.len() == 1), "{a:?}");
        assert_eq!(a[0], vec![(Org, Begin)]);
        assert_eq!(a[3], vec![(Org, Last)]);
        assert!(g.annotate(&[]).is_empty());
        assert_eq!(Gazetteer::new().annotate(&["Velanor"]), vec![vec![]]);
    }

    #[test]
    fn tsv_round_trip_is_sorted_and_stable() {
        let g = sample();
        let mut out = Vec::new();
        g.write_tsv(&mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], TSV_HEADER);
        assert_eq!(lines.len(), 1 + g.len());
        assert!(lines.contains(&"PER,LOC\tvelanor"));
        assert!(lines.contains(&"ORG\tbrennick 's tarn works"));
        let mut sorted = lines[1..].to_vec();
        sorted.sort_by_key(|l| l.split_once('\t').unwrap().1);
        assert_eq!(sorted, lines[1..].to_vec());
        let back = Gazetteer::read_tsv(out.as_slice()).unwrap();
        assert_eq!(back, g);
        let mut again = Vec::new();
        back.write_tsv(&mut again).unwrap();
        assert_eq!(again, out);
    }

    #[test]
    fn read_tsv_errors_carry_line_numbers() {
        let err = |s: &str| match Gazetteer::read_tsv(s.as_bytes()) {
            Err(GazetteerError::Tsv { line, message }) => (line, message),
            other => panic!("expected a TSV error, got {other:?}"),
        };
        let (line, msg) = err("# readout gazetteer v1\nLOC\tport velanor\n\nPLACE\tvelanor\n");
        assert_eq!(line, 4);
        assert!(msg.contains("PLACE"), "{msg}");
        assert_eq!(err("# readout gazetteer v1\nLOC port velanor\n").0, 2);
        assert_eq!(err("# readout gazetteer v1\nLOC\t  \n").0, 2);
        assert_eq!(err("LOC\tvelanor\n").0, 1);
        assert_eq!(err("\n").0, 1, "a blank first line is not the header");
        assert!(Gazetteer::read_tsv(&b""[..]).unwrap().is_empty());
        let e = Gazetteer::read_tsv("# readout gazetteer v1\nX\ty\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let ok =
            Gazetteer::read_tsv("# readout gazetteer v1\r\n# note\r\nPER,ORG\tA  B\r\n".as_bytes());
        assert_eq!(ok.unwrap().classes("a b"), vec![Per, Org]);
    }
}
