//! Gazetteer features for the named-entity tagger: phrase lists of people, organisations,
//! places and nationalities, matched against a sentence's tokens.
//!
//! The tagger (an averaged perceptron over hashed features) gets, for each token, the
//! classes and positions of the gazetteer phrase that covers it ([`Gazetteer::annotate`]).
//! The lists are not written here: [`Gazetteer::build`] compiles them at training time
//! from the openly licensed dictionaries under `../shared/data`, and only the compiled
//! artifact ([`Gazetteer::write_tsv`], read back with [`Gazetteer::read_tsv`]) is
//! committed, with a NOTICE naming its sources. This file holds rules and short word
//! lists of our own, no third-party text.
//!
//! # Sources and how each entry is classified
//!
//! The CAMEO/Phoenix actor dictionaries (TABARI/PETRARCH format, MIT) are read entry by
//! entry: a primary phrase, its `+` synonyms, and its codes (`[CODE]` on the same line or
//! on tab-indented lines, optionally date-restricted: `[AFGGOV 920628-960927]`). A CAMEO
//! code is a run of three-letter chunks; the first names a country or region, and a
//! later chunk that is a *role* (`GOV`, `MIL`, `ELI`, `REB`, `MUS`… see
//! [`readout_core::cameo::ACTOR_CHUNKS`]), or a first chunk such as `IGO`, `NGO`, `MNC`, `IMG`, makes it an actor code rather than a
//! place code. Primary lines without codes that directly follow each other (no blank or
//! comment line between) take the codes of the entry that closes the run, as the files
//! intend (`IVO_JOSIPOVIC_`, `PRESIDENT_JOSIPOVIC_`, `JOSIPOVIC_ [HRVGOV …]`); the entry
//! is classified by the line that carries the codes.
//!
//! * `Phoenix.Countries.actors.txt`, entry by entry, first rule that applies:
//!   1. the primary line carries the generator's marker comment `# CountryInfo.txt`
//!      (17,890 entries: heads of state and government, ministers) → PER;
//!   2. every code is a place code (`[AFG]`, `[USAASM]`, `[SCG 920428-060605]`): a
//!      country block (241). The primary phrase is LOC; each synonym is MISC when it is
//!      a nationality word (below), else LOC (other names and spellings, capital,
//!      cities, provinces, rivers);
//!   3. no phrase of the entry has an organisation word (`ORG_HEADS`: `army`,
//!      `council`, `agency`…), and the primary is person-shaped (2–5 words, none of them
//!      an organisation, polity or function word: see `NON_PERSON_WORDS`) and either
//!      has a date-restricted role code (`ABDEL_FATTAH_EL_SISI [EGYMIL 770101-120812]`)
//!      or an elite code (`ELI`), or starts with a common given name, or is already a
//!      person in the name lists (`BASHAR_AL-ASSAD [SYRGOV]`) → PER. Codeless lines
//!      carried into such an entry are kept only if they share a word with it;
//!   4. any other role code, or an organisation word → an institution, ORG
//!      (`PEOPLES_LIBERATION_ARMY [CHNMIL]`); its synonyms that look like personal names
//!      (`PUSSY_RIOT`'s members) are PER, and those that are job titles
//!      (`US_SECRETARY_OF_STATE_`) or describe people (`WHITE_HOUSE_OFFICIAL`) are
//!      dropped;
//!   5. anything else (a codeless title such as `AMERICAN_VICE_PRESIDENT`) is dropped.
//!
//!   Nationality words (MISC, as CoNLL-2003 tags `Afghan`, `Chinese`): the dictionary
//!   has no field for them (the generator flattened nationality, alternative names,
//!   capital and cities into one `+` list, in no reliable order), so a synonym is one
//!   when its last word is derived from a word of the same block: that word, less at most
//!   two final letters, plus a nationality suffix (`-an`, `-ian`, `-ean`, `-ese`, `-ish`,
//!   `-ite`, `-er`, `-iot`, `-lese`, `-nian` and plurals: `Chile` → `Chilean`, `Lebanon` →
//!   `Lebanese`, `Zealand` → `Zealander`); a name ending in `a`/`o` plus `-n` (`Angola` →
//!   `Angolan`); the country's own primary name plus `-i` (`Israel` → `Israeli`, but not
//!   the city `Bucharest` → `Bucharesti`); a word that is it plus `-istan`/`-stan`
//!   (`Afghan`, `Kazakh`) or plus `-a` after `-i` (`Somali`); or it is in a short list of
//!   irregular forms (`IRREGULAR_DEMONYMS`: `French`, `Dutch`, `Thai`, `Welshman`…).
//!   Words ending in `-stan`, `-land`, `-ia`, `-aan` or `-ien` never are (misspelt or
//!   foreign forms of the country name: `Afganistan`, `Australien`). Each nationality
//!   word also gets its plural (`Afghans`, `Englishmen`) unless it ends in a sibilant
//!   (`Chinese`, `British`). In the data, 316 of the 5,186 phrases of the 241 country
//!   blocks are nationality words.
//! * `Phoenix.International.actors.txt` (IGOs, NGOs, companies) and
//!   `Phoenix.MilNonState.actors.txt` (armed non-state groups) → ORG, except persons:
//!   company codes (`MNC…`) are always ORG (many firms carry a founder's name) and also
//!   get their legal form spelt the wire's ways and dropped (`Holly Corporation` →
//!   `Holly Corp`, `Holly Corp.`; the bare name only when two or more words remain);
//!   any other entry without an organisation word is PER when its primary is
//!   person-shaped and it is described as a person by its comment (`# IGOrulers.txt`,
//!   `# senior leader jma`, `alias of`…; one word is enough then), or is
//!   date-restricted or coded `ELI`, or starts with a common given name, or is a person
//!   in the name lists. Synonyms of an organisation that look like personal names
//!   (leaders listed under their group) are PER.
//! * `countrynames.txt` (text_to_CAMEO, MIT): every country name → LOC.
//! * `wikidata-transliteration/wd_hebrew.tsv`, `wd_korean.tsv` (CC0): the English column
//!   → PER, when at least two words are left after leading titles (one-word names are
//!   mostly ordinary words: `Common`, `Seen`, `The Game`). First words of these names
//!   that start at least `GIVEN_NAME_MIN_COUNT` of them are the "common given names"
//!   used above (minus words that open place or group names: `NOT_GIVEN_NAMES`).
//! * `opensanctions-name-bench/cases.csv` (MIT): `name1` and `name2` with schema
//!   `Person` → PER (two words or more), `Company`/`Organization` → ORG (with the
//!   company variants above); other schemas (`LegalEntity`, `Vessel`) are skipped.
//! * Our own short lists (`BUILTIN_MISC`, `BUILTIN_LOC`), because the dictionaries lack
//!   them and news uses them all the time: nationality, ethnic and religious words that
//!   are not country synonyms (`English`, `Kurdish`, `Moslem`) → MISC; continents,
//!   world regions and the states of the 1990s since gone (`Europe`, `Middle East`,
//!   `Yugoslavia`) → LOC.
//!
//! # Phrases
//!
//! Underscores become spaces and the trailing `_` disappears; `{…}`, `[…]` and `(…)`
//! parts are dropped; phrases with `!` substitution sets, with characters outside the
//! Latin script (Cyrillic, Hebrew, stray control bytes) or with punctuation other than
//! `' . - &` inside words are skipped, and so are place names with a word that starts
//! with a digit (`4ESKO`, a letter lost in an old encoding). Words are lowercased and
//! split the way the tokenizer (and CoNLL-2003) splits them: a possessive `'s` is its
//! own token, and in the name lists a trailing comma is too. A leading `the` is dropped
//! (`the United Nations` is tagged `United Nations`). Dictionary person phrases lose
//! everything up to their last title (`PRESIDENT_KARZAI_` → `karzai`,
//! `UN_SECRETARY_GENERAL_BAN_KI-MOON` → `ban ki-moon`; see `TITLES`) and are dropped when
//! a word marks them as something else (`ASSAD_REGIME_`). One-word phrases that are
//! common English words (`police`, `army`, `us`, `may`; see `STOPWORDS`), titles or
//! organisation words are dropped, as are phrases longer than `MAX_PHRASE_TOKENS` words.
//! Each phrase with accented letters is also stored without them (`Velázquez` →
//! `velazquez`), since the Reuters wire the tagger trains on is ASCII.
//!
//! [`Gazetteer::build_with_stats`] counts what each rule did ([`BuildStats`]).
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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use readout_core::cameo;

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

/// Counters of a [`Gazetteer::build`], for the NOTICE and for checking a rebuild: how
/// many entries each rule classified, and how many phrases each filter dropped. Keys are
/// `source.rule` names such as `countries.countryinfo_person`, `countries.demonym`,
/// `international.person`, `phrase.skipped_stopword`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Counter name → count, sorted by name.
    pub counts: BTreeMap<String, usize>,
}

impl BuildStats {
    fn bump(&mut self, key: &str) {
        *self.counts.entry(key.to_string()).or_insert(0) += 1;
    }
}

impl fmt::Display for BuildStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, v) in &self.counts {
            writeln!(f, "{k}\t{v}")?;
        }
        Ok(())
    }
}

/// FxHash (rustc's hasher). The map is built once from our own data and then only looked
/// up, so crafted input text cannot lengthen its collision chains; a fast non-keyed hash
/// is safe here and much cheaper per lookup than SipHash.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Value bits of the phrase map: the low four are [`GazClass::bit`]s of a phrase; this one
/// says the key is also a proper prefix (in whole tokens) of a longer phrase, so a scan
/// must go on past it.
const PREFIX_BIT: u8 = 0x80;
const CLASS_MASK: u8 = 0x0f;

/// First line of the serialized form.
const TSV_HEADER: &str = "# readout gazetteer v1";

/// Phrases longer than this (in tokens) are not built: such long names are dictionary
/// descriptions, not text that recurs in news.
const MAX_PHRASE_TOKENS: usize = 10;

/// A first word must start at least this many Wikidata person names to count as a common
/// given name; below it, chance surnames and one-off words creep in.
const GIVEN_NAME_MIN_COUNT: usize = 5;

/// Lowercased phrases mapped to their classes, for gazetteer features.
///
/// Keys are phrases with tokens joined by one space. Build one from the dictionaries with
/// [`Gazetteer::build`], load the committed artifact with [`Gazetteer::read_tsv`], or fill
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
fn push_lower(out: &mut String, token: &str) {
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

    /// Build from the dictionaries under `shared_data` (the `../shared/data` folder).
    /// Errors name the missing or bad file. See the module documentation for the rules.
    pub fn build(shared_data: &Path) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::build_with_stats(shared_data).map(|(g, _)| g)
    }

    /// [`Gazetteer::build`], also returning how many entries each rule classified.
    pub fn build_with_stats(shared_data: &Path) -> Result<(Gazetteer, BuildStats), GazetteerError> {
        let mut b = Builder::default();
        let cameo = shared_data.join("cameo-phoenix-dictionaries");
        let names = shared_data.join("name-variants");

        // Person names first: their first words are the given-name list the actor
        // dictionaries are classified with.
        for file in ["wd_hebrew.tsv", "wd_korean.tsv"] {
            let path = names.join("wikidata-transliteration").join(file);
            let text = read_source(&path)?;
            b.add_wikidata(&path, &text)?;
        }
        b.finish_given_names();
        let path = names.join("opensanctions-name-bench").join("cases.csv");
        let text = read_source(&path)?;
        b.add_sanctions(&path, &text)?;

        let path = cameo.join("Phoenix.Countries.actors.txt");
        let text = read_source(&path)?;
        b.add_countries(&path, &text)?;
        for (file, src) in [
            ("Phoenix.International.actors.txt", Source::International),
            ("Phoenix.MilNonState.actors.txt", Source::MilNonState),
        ] {
            let path = cameo.join(file);
            let text = read_source(&path)?;
            b.add_actor_orgs(&path, &text, src)?;
        }
        let path = cameo.join("countrynames.txt");
        let text = read_source(&path)?;
        b.add_countrynames(&path, &text)?;
        b.add_builtin();
        Ok((b.gaz, b.stats))
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
fn read_source(path: &Path) -> Result<String, GazetteerError> {
    let bytes = std::fs::read(path).map_err(|source| GazetteerError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let upto = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..upto].iter().filter(|&&b| b == b'\n').count() + 1;
        GazetteerError::BadSource {
            path: path.to_path_buf(),
            line,
            message: "not valid UTF-8".to_string(),
        }
    })
}

/// A word list written as one space-separated string (compact in the source), looked up
/// through a set built on first use.
struct WordList {
    text: &'static str,
    set: OnceLock<HashSet<&'static str>>,
}

impl WordList {
    const fn new(text: &'static str) -> WordList {
        WordList {
            text,
            set: OnceLock::new(),
        }
    }

    fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.text.split_whitespace().collect())
            .contains(word)
    }

    fn iter(&self) -> impl Iterator<Item = &'static str> {
        self.text.split_whitespace()
    }
}

/// Which organisation dictionary an entry comes from (their person cues differ).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    International,
    MilNonState,
}

impl Source {
    fn key(self) -> &'static str {
        match self {
            Source::International => "international",
            Source::MilNonState => "milnonstate",
        }
    }
}

/// How titles are removed from a person phrase.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TitleStrip {
    /// Dictionary phrases (`SOVIET_LEADER_LEONID_BREZHNEV`): everything up to the last
    /// title word before the final word goes.
    UpToLast,
    /// Curated name lists (`Martin Luther King Jr.`): only titles at the very start go.
    Leading,
}

/// One code of an actor entry: `AFGGOV` of `[AFGGOV 920628-960927]`.
struct Code {
    code: String,
    dated: bool,
}

/// One entry of a TABARI/PETRARCH actor dictionary.
struct Entry<'a> {
    /// Raw primary phrase text.
    primary: &'a str,
    /// Codeless primary lines directly before this one, which share its codes.
    carried: Vec<&'a str>,
    /// Raw `+` synonym texts.
    synonyms: Vec<&'a str>,
    codes: Vec<Code>,
    /// Lowercased comments of the primary line, the carried lines and the code lines.
    comment: String,
    /// A blank or comment line came after the entry, so a codeless primary does not merge
    /// into the next entry.
    closed: bool,
}

impl Entry<'_> {
    fn all_place_codes(&self) -> bool {
        !self.codes.is_empty() && self.codes.iter().all(|c| is_place_code(&c.code))
    }

    fn has_dated_role(&self) -> bool {
        self.codes
            .iter()
            .any(|c| c.dated && !is_place_code(&c.code))
    }

    fn has_role(&self, role: &str) -> bool {
        self.codes
            .iter()
            .any(|c| code_chunks(&c.code).any(|ch| ch == role))
    }
}

fn code_chunks(code: &str) -> impl Iterator<Item = &str> {
    let ascii = code.is_ascii();
    (0..code.len())
        .step_by(3)
        .filter(move |_| ascii)
        .map(move |i| &code[i..(i + 3).min(code.len())])
}

/// A code that names a country or region only: `AFG`, `USAASM`, `ETHERIAUT`.
fn is_place_code(code: &str) -> bool {
    if code.len() < 3 || code.len() % 3 != 0 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    // A role chunk after the first makes an actor code; `MUS` opening a code is Mauritius.
    code_chunks(code).enumerate().all(|(i, ch)| {
        if i == 0 {
            !cameo::FIRST_ACTOR_CHUNKS.contains(&ch)
        } else {
            !cameo::ACTOR_CHUNKS.contains(&ch)
        }
    })
}

/// The codes in `s`: every `[CODE …]`; a digit after the code means a date restriction.
fn parse_codes(s: &str, out: &mut Vec<Code>) {
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let (inner, next) = match after.find(']') {
            Some(close) => (&after[..close], &after[close + 1..]),
            None => (after, ""),
        };
        let mut words = inner.split_whitespace();
        if let Some(first) = words.next() {
            let code: String = first.chars().filter(|&c| c != '~').collect();
            let dated = words.any(|w| w.bytes().any(|b| b.is_ascii_digit()));
            if !code.is_empty() && !code.starts_with('-') {
                out.push(Code { code, dated });
            }
        }
        rest = next;
    }
}

/// The entries of an actor dictionary; a file with none is an error naming the file.
fn parse_actor_entries<'a>(path: &Path, text: &'a str) -> Result<Vec<Entry<'a>>, GazetteerError> {
    let entries = parse_actor_file(text);
    if entries.is_empty() {
        return Err(GazetteerError::BadSource {
            path: path.to_path_buf(),
            line: 0,
            message: "no actor entries found".to_string(),
        });
    }
    Ok(entries)
}

/// Splits a dictionary file into entries. Lines: `#` comments, `+SYNONYM`, indented
/// code lines, and primary lines (`PHRASE_ [CODE] # comment`).
fn parse_actor_file(text: &str) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for raw in text.lines() {
        let (body, comment) = match raw.find('#') {
            Some(p) => (&raw[..p], &raw[p + 1..]),
            None => (raw, ""),
        };
        let t = body.trim();
        if t.is_empty() {
            if let Some(e) = entries.last_mut() {
                e.closed = true;
            }
            continue;
        }
        if let Some(syn) = t.strip_prefix('+') {
            if let Some(e) = entries.last_mut() {
                // A missing line break leaves two synonyms on one line: `A_+_B_`.
                for part in syn.split('+') {
                    let part = phrase_text(part);
                    if !part.is_empty() {
                        e.synonyms.push(part);
                    }
                }
                parse_codes(syn, &mut e.codes);
            }
            continue;
        }
        if raw.starts_with([' ', '\t']) || t.starts_with('[') {
            if let Some(e) = entries.last_mut() {
                parse_codes(t, &mut e.codes);
                e.comment.push(' ');
                e.comment.push_str(&comment.to_lowercase());
            }
            continue;
        }
        let text_part = phrase_text(body);
        let mut parts = text_part
            .split('+')
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let Some(primary) = parts.next() else {
            continue;
        };
        let mut entry = Entry {
            primary,
            carried: Vec::new(),
            synonyms: parts.collect(),
            codes: Vec::new(),
            comment: comment.to_lowercase(),
            closed: false,
        };
        parse_codes(&body[text_part.len()..], &mut entry.codes);
        if let Some(prev) = entries.last() {
            if prev.codes.is_empty() && prev.synonyms.is_empty() && !prev.closed {
                let prev = entries.pop().expect("checked above");
                entry.carried = prev.carried;
                entry.carried.push(prev.primary);
                entry.comment.push(' ');
                entry.comment.push_str(&prev.comment);
            }
        }
        entries.push(entry);
    }
    entries
}

/// The phrase part of a dictionary line: up to the first code, plural set or tab.
fn phrase_text(s: &str) -> &str {
    let end = s.find(['[', '{', '\t']).unwrap_or(s.len());
    s[..end].trim()
}

/// Letters of the Latin script (with their combining accents), digits, and the
/// punctuation that occurs inside names.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\'' | '.' | '-' | '&')
        || (c.is_alphabetic()
            && (('\u{c0}'..='\u{24f}').contains(&c) || ('\u{1e00}'..='\u{1eff}').contains(&c))
            && c != '\u{d7}'
            && c != '\u{f7}')
        || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Words → lowercase tokens, splitting off a possessive `'s` (and, for running-text
/// names, a trailing comma) the way the tokenizer does. `None` when a word has a
/// character the gazetteer does not take.
fn words_to_tokens<'a>(
    words: impl Iterator<Item = &'a str>,
    allow_comma: bool,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for w in words {
        let (w, comma) = match w.strip_suffix(',') {
            Some(x) if allow_comma => (x, true),
            _ => (w, false),
        };
        let w = w
            .trim_matches('-')
            .trim_start_matches(['\'', '\u{2018}', '\u{2019}', '\u{2bf}']);
        if !w.is_empty() {
            if !w.chars().all(is_word_char) {
                return None;
            }
            let mut t = String::with_capacity(w.len());
            push_lower(&mut t, w);
            match t.strip_suffix("'s") {
                Some(stem) if !stem.is_empty() => {
                    out.push(stem.to_string());
                    out.push("'s".to_string());
                }
                _ => out.push(t),
            }
        }
        if comma {
            out.push(",".to_string());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A dictionary phrase (`MAZAR-I-SHARIF_`, `SAMOA_(AMERICAN)_`) → tokens; `None` when it
/// must be skipped (substitution set, unusual characters).
fn dict_tokens(raw: &str) -> Option<Vec<String>> {
    let mut s = String::with_capacity(raw.len());
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '_' if depth == 0 => s.push(' '),
            c if depth == 0 => s.push(c),
            _ => {}
        }
    }
    if s.contains('!') {
        return None;
    }
    words_to_tokens(s.split_whitespace(), false)
}

fn contains(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Drops a leading `the` (`the United Nations` is tagged `United Nations`).
fn strip_the(tokens: &[String]) -> &[String] {
    match tokens.split_first() {
        Some((first, rest)) if first == "the" && !rest.is_empty() => rest,
        _ => tokens,
    }
}

/// No word that marks an organisation, a group of people or a sentence rather than a
/// person, no digit. `min_len` is the fewest words accepted.
fn person_shaped(tokens: &[String], min_len: usize) -> bool {
    (min_len..=5).contains(&tokens.len())
        && tokens.iter().all(|t| {
            !NON_PERSON_WORDS.contains(t)
                && !FUNCTION_WORDS.contains(t)
                && !ORG_HEADS.contains(t)
                && !t.bytes().any(|b| b.is_ascii_digit())
        })
}

fn has_org_head(tokens: &[String]) -> bool {
    tokens.iter().any(|t| ORG_HEADS.contains(t))
}

fn has_title(tokens: &[String]) -> bool {
    tokens.iter().any(|t| TITLES.contains(t))
}

/// Strips titles from a person phrase, per `mode`.
fn strip_titles(tokens: &[String], mode: TitleStrip) -> &[String] {
    let tokens = strip_the(tokens);
    match mode {
        TitleStrip::UpToLast => {
            let n = tokens.len();
            match tokens[..n.saturating_sub(1)]
                .iter()
                .rposition(|t| TITLES.contains(t))
            {
                Some(i) => &tokens[i + 1..],
                None => tokens,
            }
        }
        TitleStrip::Leading => {
            let mut t = tokens;
            while t.len() > 1 && TITLES.contains(&t[0]) {
                t = &t[1..];
            }
            t
        }
    }
}

/// Whether the last word of `phrase` is a nationality word of the country block whose
/// words are `block` (`primary`: the words of its primary names): see the module
/// documentation.
fn is_demonym(phrase: &[String], block: &HashSet<String>, primary: &HashSet<String>) -> bool {
    // Suffixes by how many letters they replace at the end of the base word.
    const SUF0: &[&str] = &[
        "an", "ans", "ian", "ians", "ean", "eans", "ese", "ish", "ite", "ites", "er", "ers", "iot",
        "iots", "lese", "nian", "nians",
    ];
    const SUF1: &[&str] = &[
        "an", "ans", "ian", "ians", "ean", "eans", "ese", "ish", "ite", "ites",
    ];
    const SUF2: &[&str] = &["ese", "ian", "ians", "ean", "eans", "ish", "iot", "iots"];
    if phrase.len() > 3 {
        return false;
    }
    let Some(t) = phrase.last().map(String::as_str) else {
        return false;
    };
    if !t.is_ascii() || t.len() < 3 {
        return false;
    }
    // `Welshman`, `Scotswoman`, `Dutchmen`.
    let compound = ["man", "men", "woman", "women"].iter().any(|s| {
        t.strip_suffix(s)
            .is_some_and(|r| IRREGULAR_DEMONYMS.contains(r))
    });
    if compound || IRREGULAR_DEMONYMS.contains(t) {
        return true;
    }
    // Misspelt or foreign forms of the country name itself.
    if ["stan", "staan", "land", "ia", "aan", "ien"]
        .iter()
        .any(|s| t.ends_with(s))
    {
        return false;
    }
    let derived_from = |b: &str| -> bool {
        if b == t || !b.is_ascii() {
            return false;
        }
        let suffixed = [SUF0, SUF1, SUF2].iter().enumerate().any(|(k, sufs)| {
            b.len() >= 4 + k
                && t.strip_prefix(&b[..b.len() - k])
                    .is_some_and(|rest| contains(sufs, rest))
        });
        // `-n` only after a vowel-final name (`Angola` → `Angolan`), not after `Polen`.
        let plus_n = (b.ends_with('a') || b.ends_with('o'))
            && t.strip_prefix(b)
                .is_some_and(|rest| rest == "n" || rest == "ns");
        let back = t.len() >= 4
            && b.strip_prefix(t).is_some_and(|rest| {
                rest == "istan" || rest == "stan" || (rest == "a" && t.ends_with('i'))
            });
        suffixed || plus_n || back
    };
    // `-i` only from the country's own name (`Israel` → `Israeli`), not from a city.
    let plus_i = |b: &str| {
        t.strip_prefix(b)
            .is_some_and(|rest| rest == "i" || rest == "is")
    };
    block.iter().any(|b| derived_from(b)) || primary.iter().any(|b| b.len() >= 4 && plus_i(b))
}

/// The plural of a nationality word (`afghan` → `afghans`, `englishman` → `englishmen`),
/// unless it ends in a sibilant (`chinese`, `british`, `swiss`): those are their own plural.
fn demonym_plural(word: &str) -> Option<String> {
    // `Englishman` → `Englishmen`, but `German` → `Germans`.
    if word.ends_with("man") && !word.ends_with("german") {
        return Some(format!("{}men", &word[..word.len() - 3]));
    }
    let sibilant = ["s", "sh", "ch", "x", "z", "se"]
        .iter()
        .any(|s| word.ends_with(s));
    (!sibilant).then(|| format!("{word}s"))
}

/// Folds Latin letters with diacritics to ASCII (`é` → `e`, `ß` → `ss`); other characters
/// are kept. Input is already lowercase.
fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if ('\u{300}'..='\u{36f}').contains(&c) {
            // A combining accent: dropped.
        } else {
            match fold_char(c) {
                Some(f) => out.push_str(f),
                None => out.push(c),
            }
        }
    }
    out
}

/// Legal-form words of company names and their other spellings in news copy
/// (`Holly Corporation` is `Holly Corp` on the wire).
const LEGAL_FORMS: &[(&str, &[&str])] = &[
    ("corporation", &["corp", "corp."]),
    ("corp", &["corp.", "corporation"]),
    ("corp.", &["corp", "corporation"]),
    ("incorporated", &["inc", "inc."]),
    ("inc", &["inc."]),
    ("inc.", &["inc"]),
    ("company", &["co", "co."]),
    ("co", &["co."]),
    ("co.", &["co"]),
    ("limited", &["ltd", "ltd."]),
    ("ltd", &["ltd."]),
    ("ltd.", &["ltd"]),
    ("plc", &[]),
    ("llc", &[]),
    ("l.l.c.", &[]),
    ("ag", &[]),
    ("n.v.", &["nv"]),
    ("s.a.", &["sa"]),
];

/// Other forms of a company name: the legal form spelt the other ways, and the name
/// without it when at least two words remain (`Holly Corporation` → `Holly Corp`,
/// `Guaranty Federal Bancshares Inc` → `Guaranty Federal Bancshares`).
fn company_variants(tokens: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let Some((last, rest)) = tokens.split_last() else {
        return out;
    };
    let Some((_, others)) = LEGAL_FORMS.iter().find(|(f, _)| f == last) else {
        return out;
    };
    for o in *others {
        let mut v = rest.to_vec();
        v.push((*o).to_string());
        out.push(v);
    }
    let base = match rest.split_last() {
        Some((comma, before)) if comma == "," => before,
        _ => rest,
    };
    // A single remaining word (`Apple`) is too often an ordinary word.
    if base.len() >= 2 {
        out.push(base.to_vec());
    }
    out
}

/// The phrases of an [`Entry`] as tokens.
struct EntryTokens {
    /// Codeless primary lines carried into the entry.
    carried: Vec<Vec<String>>,
    /// The primary phrase (when usable) and the synonyms.
    own: Vec<Vec<String>>,
    /// The phrase that classifies the entry: the line that carries the codes, not a
    /// codeless line before it.
    head: Vec<String>,
}

/// Builds a [`Gazetteer`] from the dictionaries, counting what each rule did.
#[derive(Default)]
struct Builder {
    gaz: Gazetteer,
    stats: BuildStats,
    /// First word of multi-word Wikidata person names → how many names start with it.
    first_word_counts: HashMap<String, usize>,
    /// Common given names (see [`GIVEN_NAME_MIN_COUNT`]).
    given: HashSet<String>,
}

impl Builder {
    /// Inserts a phrase (and its accent-free form), after the filters every source
    /// shares. Returns whether it went in.
    fn add(&mut self, tokens: &[String], class: GazClass) -> bool {
        let tokens = strip_the(tokens);
        if tokens.is_empty() || !tokens.iter().any(|t| t.chars().any(char::is_alphabetic)) {
            self.stats.bump("phrase.skipped_no_letter");
            return false;
        }
        if tokens.len() > MAX_PHRASE_TOKENS {
            self.stats.bump("phrase.skipped_too_long");
            return false;
        }
        if let [only] = tokens {
            if only.chars().count() < 2
                || STOPWORDS.contains(only)
                || TITLES.contains(only)
                || ORG_HEADS.contains(only)
            {
                self.stats.bump("phrase.skipped_stopword");
                return false;
            }
        }
        let phrase = tokens.join(" ");
        let folded = fold_ascii(&phrase);
        self.gaz.insert(&phrase, class);
        if folded != phrase {
            self.gaz.insert(&folded, class);
        }
        true
    }

    /// A person phrase: titles stripped, dropped when a word says it is not one person
    /// (`ASSAD_REGIME_`, `GORBACHEV_ADMINISTRATION`).
    fn add_person(&mut self, tokens: &[String], mode: TitleStrip) {
        let t = strip_titles(tokens, mode);
        let ok = match mode {
            TitleStrip::UpToLast => person_shaped(t, 1),
            // Curated names keep all their words; a name left with one word (`The Game`,
            // `Emperor Yuan`) is a stage name or a bare title, and usually a common word.
            TitleStrip::Leading => t.len() >= 2,
        };
        if ok {
            self.add(t, GazClass::Per);
        } else {
            self.stats.bump("phrase.skipped_not_person");
        }
    }

    /// A phrase of an organisation entry: personal names (leaders listed under their
    /// group) are PER, job titles (`US_TRADE_REPRESENTATIVE_`) are dropped, the rest ORG.
    fn add_org_phrase(&mut self, tokens: &[String]) {
        let tokens = strip_the(tokens);
        if self.is_known_person(tokens) || self.looks_like_name(tokens) {
            self.stats.bump("phrase.org_synonym_person");
            self.add_person(tokens, TitleStrip::UpToLast);
        } else if has_title(tokens) && !has_org_head(tokens) {
            self.stats.bump("phrase.skipped_title");
        } else if tokens.last().is_some_and(|t| BAD_ORG_LAST.contains(t)) {
            self.stats.bump("phrase.skipped_not_org");
        } else {
            self.add(tokens, GazClass::Org);
        }
    }

    /// A company name and its [`company_variants`].
    fn add_company(&mut self, tokens: &[String]) {
        self.add(tokens, GazClass::Org);
        for v in company_variants(strip_the(tokens)) {
            self.add(&v, GazClass::Org);
        }
    }

    /// Person-shaped, 2–5 words, and starting with a common given name, or an Arabic
    /// name start (`Abu`, `Abdul`) with at least three words, or with `bin`/`ibn` inside.
    fn looks_like_name(&self, tokens: &[String]) -> bool {
        if !person_shaped(tokens, 2) || TITLES.contains(&tokens[0]) {
            return false;
        }
        let n = tokens.len();
        self.given.contains(&tokens[0])
            || (n >= 3 && ARABIC_NAME_STARTS.contains(&tokens[0]))
            || tokens[1..n - 1]
                .iter()
                .any(|t| matches!(t.as_str(), "bin" | "ibn" | "bint" | "ould"))
    }

    /// A person-shaped phrase that the name lists (read first) already hold as a person
    /// (`BASHAR_AL-ASSAD [SYRGOV]`).
    fn is_known_person(&self, tokens: &[String]) -> bool {
        person_shaped(tokens, 2) && self.gaz.classes(&tokens.join(" ")).contains(&GazClass::Per)
    }

    fn tokens_or_count(&mut self, raw: &str) -> Option<Vec<String>> {
        let t = dict_tokens(raw);
        if t.is_none() {
            self.stats.bump("phrase.skipped_chars");
        }
        t
    }

    /// `wd_*.tsv`: `English name<TAB>foreign name`; the English name is a person.
    fn add_wikidata(&mut self, path: &Path, text: &str) -> Result<(), GazetteerError> {
        let mut rows = 0;
        for line in text.lines() {
            let Some(name) = line.split('\t').next() else {
                continue;
            };
            if name.trim().is_empty() {
                continue;
            }
            rows += 1;
            let Some(tokens) = words_to_tokens(name.split_whitespace(), true) else {
                self.stats.bump("wikidata.skipped_non_latin");
                continue;
            };
            if tokens.len() < 2 {
                // Mononyms (`Homer`, `Common`, `Seen`) are mostly ordinary words.
                self.stats.bump("wikidata.skipped_one_word");
                continue;
            }
            *self
                .first_word_counts
                .entry(fold_ascii(&tokens[0]))
                .or_insert(0) += 1;
            self.stats.bump("wikidata.person");
            self.add_person(&tokens, TitleStrip::Leading);
        }
        if rows == 0 {
            return Err(GazetteerError::BadSource {
                path: path.to_path_buf(),
                line: 0,
                message: "no names found".to_string(),
            });
        }
        Ok(())
    }

    /// Fixes the given-name list from the first words counted by [`Builder::add_wikidata`].
    fn finish_given_names(&mut self) {
        let counts = std::mem::take(&mut self.first_word_counts);
        self.given = counts
            .into_iter()
            .filter(|(w, n)| {
                *n >= GIVEN_NAME_MIN_COUNT
                    && w.chars().count() >= 2
                    && !STOPWORDS.contains(w)
                    && !TITLES.contains(w)
                    && !NOT_GIVEN_NAMES.contains(w)
                    && !ARABIC_NAME_STARTS.contains(w)
                    && !NON_PERSON_WORDS.contains(w)
                    && !ORG_HEADS.contains(w)
            })
            .map(|(w, _)| w)
            .collect();
        self.stats
            .counts
            .insert("wikidata.given_names".to_string(), self.given.len());
    }

    /// `cases.csv`: `name1`, `name2` by `schema` (Person → PER, Company/Organization → ORG).
    fn add_sanctions(&mut self, path: &Path, text: &str) -> Result<(), GazetteerError> {
        let bad = |line: usize, message: String| GazetteerError::BadSource {
            path: path.to_path_buf(),
            line,
            message,
        };
        let records = parse_csv(text).map_err(|line| bad(line, "unterminated quote".into()))?;
        let Some((_, header)) = records.first() else {
            return Err(bad(0, "empty file".into()));
        };
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| bad(1, format!("no {name:?} column in the header")))
        };
        let (schema, name1, name2) = (col("schema")?, col("name1")?, col("name2")?);
        for (line, rec) in &records[1..] {
            let get = |i: usize| rec.get(i).map(String::as_str).unwrap_or("");
            let class = match get(schema) {
                "Person" => GazClass::Per,
                "Company" | "Organization" => GazClass::Org,
                "" if rec.len() <= 1 => continue,
                "" => return Err(bad(*line, "empty schema".into())),
                _ => {
                    self.stats.bump("sanctions.skipped_schema");
                    continue;
                }
            };
            for name in [get(name1), get(name2)] {
                let Some(tokens) = words_to_tokens(name.split_whitespace(), true) else {
                    self.stats.bump("sanctions.skipped_non_latin");
                    continue;
                };
                match class {
                    GazClass::Per if tokens.len() < 2 => {
                        self.stats.bump("sanctions.skipped_one_word");
                    }
                    GazClass::Per => {
                        self.stats.bump("sanctions.person");
                        self.add_person(&tokens, TitleStrip::Leading);
                    }
                    _ => {
                        self.stats.bump("sanctions.org");
                        self.add_company(&tokens);
                    }
                }
            }
        }
        Ok(())
    }

    /// Tokens of an entry's phrases; `None` when none is usable.
    fn entry_tokens(&mut self, e: &Entry<'_>) -> Option<EntryTokens> {
        let carried: Vec<Vec<String>> = e
            .carried
            .iter()
            .filter_map(|p| self.tokens_or_count(p))
            .collect();
        let mut own: Vec<Vec<String>> = Vec::with_capacity(1 + e.synonyms.len());
        own.extend(self.tokens_or_count(e.primary));
        own.extend(e.synonyms.iter().filter_map(|p| self.tokens_or_count(p)));
        let head = strip_the(own.first().or(carried.first())?).to_vec();
        Some(EntryTokens { carried, own, head })
    }

    /// `Phoenix.Countries.actors.txt`: see the module documentation for the rules.
    fn add_countries(&mut self, path: &Path, text: &str) -> Result<(), GazetteerError> {
        let entries = parse_actor_entries(path, text)?;
        for e in &entries {
            let Some(EntryTokens { carried, own, head }) = self.entry_tokens(e) else {
                continue;
            };
            if e.comment.contains("countryinfo.txt") {
                self.stats.bump("countries.countryinfo_person");
                for p in carried.iter().chain(&own) {
                    self.add_person(p, TitleStrip::UpToLast);
                }
            } else if e.all_place_codes() {
                self.stats.bump("countries.place_block");
                // The primary name (and codeless lines before it) is the place itself;
                // synonyms are nationality words or other names of places in it.
                let n_primary = carried.len() + usize::from(dict_tokens(e.primary).is_some());
                let names: Vec<&Vec<String>> = carried.iter().chain(&own).collect();
                let block: HashSet<String> = names.iter().copied().flatten().cloned().collect();
                let primary: HashSet<String> = names[..n_primary]
                    .iter()
                    .copied()
                    .flatten()
                    .cloned()
                    .collect();
                for (i, p) in names.iter().enumerate() {
                    // `4ESKO`: a letter lost to a digit in an old encoding.
                    let garbled = p.iter().any(|t| {
                        t.starts_with(|c: char| c.is_ascii_digit())
                            && t.chars().any(char::is_alphabetic)
                    });
                    if garbled {
                        self.stats.bump("phrase.skipped_chars");
                    } else if i >= n_primary && is_demonym(p, &block, &primary) {
                        self.stats.bump("countries.demonym");
                        self.add_demonym(p);
                    } else {
                        self.stats.bump("countries.place_name");
                        self.add(p, GazClass::Loc);
                    }
                }
            } else if !own.iter().any(|p| has_org_head(p))
                && ((e.has_dated_role() && person_shaped(&head, 2))
                    || (e.has_role("ELI") && person_shaped(&head, 2))
                    || self.looks_like_name(&head)
                    || self.is_known_person(&head))
            {
                self.stats.bump("countries.other_person");
                // Codeless lines before a person are its variants only if they share a word
                // (`PRESIDENT_JOSIPOVIC_` before `JOSIPOVIC_`), not a list of groups.
                let variants = carried
                    .iter()
                    .filter(|p| p.iter().any(|w| head.contains(w)));
                for p in variants.chain(&own) {
                    self.add_person(p, TitleStrip::UpToLast);
                }
            } else if !e.codes.is_empty() || has_org_head(&head) {
                self.stats.bump("countries.institution");
                for p in carried.iter().chain(&own) {
                    self.add_org_phrase(p);
                }
            } else {
                self.stats.bump("countries.skipped_entry");
            }
        }
        Ok(())
    }

    /// A nationality word, and its plural.
    fn add_demonym(&mut self, tokens: &[String]) {
        self.add(tokens, GazClass::Misc);
        if let Some((last, rest)) = tokens.split_last() {
            if let Some(plural) = demonym_plural(last) {
                let mut p = rest.to_vec();
                p.push(plural);
                self.add(&p, GazClass::Misc);
            }
        }
    }

    /// `Phoenix.International.actors.txt` and `Phoenix.MilNonState.actors.txt`.
    fn add_actor_orgs(
        &mut self,
        path: &Path,
        text: &str,
        src: Source,
    ) -> Result<(), GazetteerError> {
        let entries = parse_actor_entries(path, text)?;
        for e in &entries {
            let Some(EntryTokens { carried, own, head }) = self.entry_tokens(e) else {
                continue;
            };
            let company = e.codes.iter().any(|c| c.code.starts_with("MNC"));
            let described = PERSON_COMMENT_CUES
                .iter()
                .any(|cue| e.comment.contains(cue));
            let dated_or_elite = e.has_role("ELI") || e.codes.iter().any(|c| c.dated);
            let person = !company
                && !own.iter().any(|p| has_org_head(p))
                && ((described && person_shaped(&head, 1))
                    || (dated_or_elite && person_shaped(&head, 2))
                    || self.looks_like_name(&head)
                    || self.is_known_person(&head));
            let phrases = carried.iter().chain(&own);
            if person {
                self.stats.bump(&format!("{}.person", src.key()));
                for p in phrases {
                    self.add_person(p, TitleStrip::UpToLast);
                }
            } else if company {
                self.stats.bump(&format!("{}.company", src.key()));
                for p in phrases {
                    self.add_company(p);
                }
            } else {
                self.stats.bump(&format!("{}.organisation", src.key()));
                for p in phrases {
                    self.add_org_phrase(p);
                }
            }
        }
        Ok(())
    }

    /// [`BUILTIN_MISC`] and [`BUILTIN_LOC`].
    fn add_builtin(&mut self) {
        let misc = BUILTIN_MISC
            .iter()
            .map(|w| (w, GazClass::Misc, "builtin.misc"));
        let loc = BUILTIN_LOC
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| (p, GazClass::Loc, "builtin.loc"));
        for (phrase, class, key) in misc.chain(loc) {
            let tokens: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
            if self.add(&tokens, class) {
                self.stats.bump(key);
            }
        }
    }

    /// `countrynames.txt`: `Name<TAB>code<TAB>COW number`; every name is a place.
    fn add_countrynames(&mut self, path: &Path, text: &str) -> Result<(), GazetteerError> {
        let mut rows = 0;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(name), Some(code)) = (cols.next(), cols.next()) else {
                return Err(GazetteerError::BadSource {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message: "expected Name<TAB>code<TAB>number".to_string(),
                });
            };
            if name == "NULL" || code.starts_with('-') {
                continue;
            }
            rows += 1;
            match words_to_tokens(name.split_whitespace(), false) {
                Some(tokens) => {
                    self.stats.bump("countrynames.place");
                    self.add(&tokens, GazClass::Loc);
                }
                None => self.stats.bump("phrase.skipped_chars"),
            }
        }
        if rows == 0 {
            return Err(GazetteerError::BadSource {
                path: path.to_path_buf(),
                line: 0,
                message: "no country names found".to_string(),
            });
        }
        Ok(())
    }
}

/// RFC 4180 CSV: records with the 1-based line they start on. `Err(line)` for a quote
/// left open at the end of the input.
fn parse_csv(text: &str) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => in_quotes = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push((start_line, std::mem::take(&mut record)));
                line += 1;
                start_line = line;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(start_line);
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start_line, record));
    }
    Ok(records)
}

/// One-word phrases dropped because they are common English words (lowercased text
/// would match them everywhere): function words, months and days, and the common nouns
/// and adjectives the dictionaries use as names (`SENATE_`, `US_`, `MORON_`).
static STOPWORDS: WordList = WordList::new(
    "a an and are as at be been but by can did do does for from had has have he her here \
     him his how i if in into is it its me more most my no nor not now of off on once one \
     only or our out over own same she so some such than that the their them then there \
     these they this those through to too under until up upon us very was we were what when \
     where which while who whom why will with would you your all any both each few many \
     much other another also just about above after again against along among around before \
     behind below beside between beyond down during except inside near since toward towards \
     within without per via vs yes ok oh am pm mr mrs ms jr jr. sr sr. st st. de la le el \
     al los las van von da di du der den des bin ibn abu ben y e o s 's co co. inc ltd two \
     three four five six seven eight nine ten first second third last next new old big \
     great little small good best better high low long free full open real true well still \
     even back away far fast late early left right january february march april may june \
     july august september october november december monday tuesday wednesday thursday \
     friday saturday sunday today tomorrow yesterday week month year day night morning \
     evening north south east west northern southern eastern western central middle upper \
     lower inner outer city town village capital state states country nation nations \
     national republic kingdom empire union united federal federation province region \
     district county island islands river lake sea ocean bay gulf coast cape mount mountain \
     mountains hill hills valley desert plain plains forest park port harbor harbour bridge \
     road street square palace castle tower wall gate border land world earth home \
     international global local foreign domestic royal imperial public private official \
     independent popular democratic socialist communist liberal conservative holy sacred \
     saint government police army military navy forces force troops soldiers rebels \
     militants guerrillas party front council congress senate house court assembly \
     parliament cabinet ministry department agency bureau board committee commission \
     authority office service services bank fund trust group company firm business industry \
     market exchange press media news post times herald journal radio television network \
     center centre institute university college school academy foundation association \
     society club team league alliance coalition movement organization organisation guard \
     command regime administration opposition resistance revolution justice liberty freedom \
     independence unity peace hope victory solidarity mission reform change progress future \
     action order security defense defence intelligence people peoples family friends \
     brothers sisters children women men man woman child youth workers students farmers \
     citizens leader leaders chief head general president minister king queen prince lord \
     lady sir father mother son daughter red white black green blue yellow brown gray grey \
     orange pink gold golden silver star stars sun moon sky rock stone wood field spring \
     summer winter autumn fall light fire water rain snow wind storm thunder lightning \
     tiger tigers lion lions eagle eagles wolf wolves bear bears hippo buffalo moron mark \
     bill rose grace faith joy charity providence mercy patience nice split reading bath \
     mobile sale deal cork orient levant commonwealth crown church mosque temple embassy \
     consulate government's capitol occident diaspora motherland fatherland homeland \
     union's party's matter time life lives death war wars battle struggle way path call \
     voice word truth glory honor honour pride dawn sunrise sunset horizon vanguard base \
     pole male",
);

/// Words that title a person (`President Karzai`): CoNLL-2003 leaves them outside the
/// name, so person phrases lose them; organisation phrases that carry one and no
/// organisation word are job titles, not organisations.
static TITLES: WordList = WordList::new(
    "president presidents president-elect vice vice-president prime premier minister \
     secretary secretary-general undersecretary under-secretary general gen. director chief \
     chairman chairwoman leader spokesman spokeswoman ambassador envoy governor mayor \
     senator sen. congressman congresswoman representative rep. mr mr. mrs mrs. ms ms. dr \
     dr. sir lord lady king queen prince princess emir sheikh sheik sultan former \
     ex-president chancellor commander colonel col. lieutenant lt. captain capt. admiral \
     adm. adviser advisor justice judge attorney reformer pope cardinal archbishop bishop \
     reverend rev. deputy speaker marshal sergeant sgt. brigadier inspector ayatollah \
     strongman dictator crown coach secy sec. gen",
);

/// Words that head an organisation name (`… Army`, `… Council`, `… Corp`): a phrase with
/// one is not a person, and an organisation phrase with one is kept even with a title
/// word in it (`Office of the President`).
static ORG_HEADS: WordList = WordList::new(
    "army armies forces council councils party parties congress department ministry \
     ministries agency agencies court courts bank banks union unions organization \
     organisation organizations front brigade brigades movement corporation corp corp. inc \
     inc. incorporated ltd ltd. limited llc plc co co. company companies group groups \
     foundation committee committees commission fund institute institution university \
     college academy association federation service services bureau office assembly \
     parliament league alliance network society center centre holdings authority board \
     senate cabinet police guard guards navy command coalition faction battalion battalions \
     squad legion militia international airlines airways bancorp bancshares systems \
     technologies industries enterprises communications radio television secretariat \
     tribunal junta caucus club consortium cartel observatory memorial hospital museum \
     directorate mujahideen partnership programme program initiative conference forum",
);

/// Words that make a phrase something other than one person's name: polity and
/// ideology words, groups of people, and (here too) the organisation heads.
static NON_PERSON_WORDS: WordList = WordList::new(
    "state states republic kingdom united nations nation national people peoples islamic \
     democratic liberation revolutionary socialist communist popular human rights world \
     federal supreme royal security intelligence military government regime administration \
     supporters loyalists camp family troops officials official followers allies soldiers \
     fighters rebels militants force staff members leadership islamist jihad jihadi \
     jihadist martyrs martyr holy independent democracy freedom resistance armed revolution \
     workers labour labor civil defense defence public central north south east west \
     northern southern eastern western river lake sea mountains island islands city \
     province district county valley desert gulf bay peninsula coast region regional \
     government's house palace ministry think tank students women youth children \
     brotherhood sons daughters army council post times journal herald tribune news daily \
     gazette magazine review weekly jaysh jaish jabhat harakat liwa liwaa katibat kataeb \
     ansar hizb tanzim jamaat jemaah jamaah lashkar tehrik majlis brigades",
);

/// Words that never sit inside a personal name.
static FUNCTION_WORDS: WordList =
    WordList::new("of for and the in on to against with from at by & 's , a an or");

/// Last words that make an organisation phrase a description of people, not a name
/// (`WHITE_HOUSE_OFFICIAL`, `UNITED_STATES_MILITARY_`).
static BAD_ORG_LAST: WordList = WordList::new(
    "military official officials spokesman spokeswoman sources source members member \
     soldiers troops staff personnel employees leaders leader supporters loyalists regime \
     justices agents analysts experts scientists diplomats diplomat negotiators observers \
     monitors workers activists protesters demonstrators students people citizens residents \
     delegation officers officer tank",
);

/// Nationality words that are not derived from a country name by a regular suffix.
static IRREGULAR_DEMONYMS: WordList = WordList::new(
    "french frenchman frenchmen dutch dutchman british briton britons brit brits english \
     englishman scottish scot scots welsh irish irishman swiss greek greeks thai dane danes \
     danish finn finns finnish swede swedes swedish poles polish spanish spaniard spaniards \
     portuguese croat croats serb serbs slovak slovaks czech czechs argentine argentines \
     filipino filipinos filipina norwegian norwegians peruvian peruvians saudi saudis \
     aussie aussies icelandic malagasy basotho mosotho motswana batswana kyrgyz lao laotian \
     laotians burmese monegasque luxembourgish cypriot cypriots emirati emiratis kiwi kiwis \
     flemish walloon catalan basque kurd kurds kurdish tajik uzbek kazakh turkmen afghan \
     bengali punjabi congolese togolese malawian magyar turk turks turkish arab arabs \
     arabic german germans swazi swazis soviet soviets honduran hondurans",
);

/// Our own short lists, added because the dictionaries lack them and CoNLL-2003 tags them
/// often: nationality, ethnic and religious words (MISC) that are not country synonyms
/// (`English`, `Kurdish`, `Moslem`), and continents, world regions and the 1990s states
/// gone since (LOC).
static BUILTIN_MISC: WordList = WordList::new(
    "english englishman englishmen scottish scot scots welsh irish british briton britons \
     european europeans african africans asian asians latin arab arabs arabic kurd kurds \
     kurdish chechen chechens serb serbs croat croats moslem moslems muslim muslims islamic \
     islamist islamists jewish jew jews christian christians catholic catholics protestant \
     protestants orthodox hindu hindus sikh sikhs buddhist buddhists yugoslav yugoslavs \
     soviet soviets palestinian palestinians basque basques catalan flemish walloon tamil \
     tamils hutu hutus tutsi tutsis pashtun pashtuns tajik tajiks uzbek uzbeks kazakh \
     kazakhs tatar tatars cossack cossacks roma gypsy gypsies zulu zulus bosnian bosnians \
     albanian albanians shi'ite shiite shi'ites shiites sunni sunnis alawite druze maronite \
     coptic copts berber berbers bedouin latino latinos hispanic nordic scandinavian \
     scandinavians baltic balkan caucasian slav slavs slavic anglo afrikaner afrikaners \
     maori aboriginal inuit hebrew persian persians",
);

/// See [`BUILTIN_MISC`].
const BUILTIN_LOC: &str =
    "europe, africa, asia, america, americas, north america, south america, latin america, \
     central america, middle east, near east, far east, caribbean, oceania, antarctica, \
     antarctic, arctic, scandinavia, balkans, caucasus, north caucasus, central asia, \
     southeast asia, south asia, east asia, western europe, eastern europe, central europe, \
     southern africa, west africa, east africa, north africa, horn of africa, sub-saharan \
     africa, persian gulf, the gulf, atlantic, pacific, indian ocean, mediterranean, baltic \
     sea, black sea, yugoslavia, soviet union, czechoslovakia, east germany, west germany, \
     zaire, burma, west bank, gaza strip, kashmir, chechnya, siberia, tibet, kurdistan, \
     transylvania, patagonia, sahara, sahel";

/// First words of Arabic names (`Abu Ayyub al-Masri`); with three or more words they
/// mark a personal name even when the given-name list lacks them.
static ARABIC_NAME_STARTS: WordList = WordList::new("abu abd abdul abdel abdal abd-al umm");

/// Frequent first words of Wikidata names that also open place and organisation names.
static NOT_GIVEN_NAMES: WordList = WordList::new(
    "new north south east west san santa saint st. st fort port lake mount al el la le los \
     las de van von the di da du del der den des bin ibn ben great first american african \
     asian european arab grand united royal red black white green golden little big old \
     young baby lil mc dj mc. dj. club team air radio union general international national",
);

/// Comment words that describe an entry as a person (`# senior leader jma`,
/// `# IGOrulers.txt`, `# president of the CoEU from ITALY`).
const PERSON_COMMENT_CUES: &[&str] = &[
    "leader",
    "member",
    "commander",
    "founder",
    "alias of",
    "head of",
    "maker",
    "rulers",
    "president of",
    "his ",
    "her ",
    "spokesman",
    "chief of",
    "secretary",
    "minister",
];

/// Lowercase Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A/B,
/// Latin Extended Additional) and the ASCII letters they fold to, generated from the
/// Unicode decompositions (plus `ß`, `æ`, `ø`, `ł`, `đ`, `þ`, `ð`, `œ`, `ı`, `ŋ`…).
const FOLD: &[(&str, &str)] = &[
    ("àáâãäåāăąǎǟǡǻȁȃȧḁạảấầẩẫậ", "a"),
    ("ắằẳẵặ", "a"),
    ("æ", "ae"),
    ("ḃḅḇ", "b"),
    ("çćĉċčḉ", "c"),
    ("ðďđḋḍḏḑḓ", "d"),
    ("ǆǳ", "dz"),
    ("èéêëēĕėęěǝȅȇȩḕḗḙḛḝẹẻẽếềể", "e"),
    ("ễệ", "e"),
    ("ƒḟ", "f"),
    ("ĝğġģǧǵḡ", "g"),
    ("ĥħȟḣḥḧḩḫẖ", "h"),
    ("ìíîïĩīĭįıǐȉȋḭḯỉị", "i"),
    ("ĳ", "ij"),
    ("ĵǰ", "j"),
    ("ķĸƙǩḱḳḵ", "k"),
    ("ĺļľŀłḷḹḻḽ", "l"),
    ("ǉ", "lj"),
    ("ḿṁṃ", "m"),
    ("ñńņňŋǹṅṇṉṋ", "n"),
    ("ǌ", "nj"),
    ("òóôõöøōŏőơǒǫǭȍȏȫȭȯȱṍṏṑṓọ", "o"),
    ("ỏốồổỗộớờởỡợ", "o"),
    ("œ", "oe"),
    ("ṕṗ", "p"),
    ("ŕŗřȑȓṙṛṝṟ", "r"),
    ("śŝşšſșṡṣṥṧṩẛ", "s"),
    ("ß", "ss"),
    ("ţťŧțṫṭṯṱẗ", "t"),
    ("þ", "th"),
    ("ùúûüũūŭůűųưǔǖǘǚǜȕȗṳṵṷṹṻụ", "u"),
    ("ủứừửữự", "u"),
    ("ṽṿ", "v"),
    ("ŵẁẃẅẇẉẘ", "w"),
    ("ẋẍ", "x"),
    ("ýÿŷƴȳẏẙỳỵỷỹ", "y"),
    ("źżžẑẓẕ", "z"),
];

/// Lowercase Latin letter with diacritics → ASCII letters; `None` for anything else.
/// A linear scan: folding runs only at build time.
fn fold_char(c: char) -> Option<&'static str> {
    FOLD.iter()
        .find(|(letters, _)| letters.contains(c))
        .map(|(_, ascii)| *ascii)
}

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

    /// A miniature of `../shared/data` with invented entries in the real formats.
    fn fixture() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("readout-gazetteer-{}", std::process::id()));
        let cameo = dir.join("cameo-phoenix-dictionaries");
        let wd = dir.join("name-variants/wikidata-transliteration");
        let os = dir.join("name-variants/opensanctions-name-bench");
        for d in [&cameo, &wd, &os] {
            std::fs::create_dir_all(d).unwrap();
        }
        let write = |p: std::path::PathBuf, s: &str| std::fs::write(p, s).unwrap();
        let mut names = String::new();
        for last in ["Ostavel", "Marrow", "Fenn", "Tallow", "Brisk"] {
            names.push_str(&format!("Quendrith {last}\t\u{5d0}\n"));
        }
        names.push_str("The Orvane\t\u{5d0}\nLoriel\t\u{5d0}\nJosé Varrentz\t\u{5d0}\n");
        write(wd.join("wd_hebrew.tsv"), &names);
        write(wd.join("wd_korean.tsv"), "Ilsa Quorn\t\u{d55c}\n");
        write(
            os.join("cases.csv"),
            "case_group,schema,name1,name2,is_match\n\
             g,Person,Talvo Brisk,Talvo Briske,true\n\
             g,Company,\"Vellum Tarn Works, Inc.\",Vellum Tarn Works Inc,true\n\
             g,Vessel,Sea Orvane,Sea Orvan,false\n",
        );
        write(
            cameo.join("Phoenix.Countries.actors.txt"),
            "# header\nVELANORIA_  [VLN]\n+VELANORIAN_ \n+PORT_VELANOR_ \n+VELANORIEN_\n\n\
             MARISTAN_  [MRS]\n+MARI_\n+MARISTANI_\n\n\
             QUENDRITH_OSTAVEL_  # CountryInfo.txt\n+PRESIDENT_OSTAVEL_\n\
             \t[VLNGOV 920101-960927]\n\
             VELANORIAN_HARBOUR_GUARD\n+VHG\n+HARBOUR_GUARD_OFFICIAL\n\t[VLNMIL]\n\
             BRISKO_TALLEN\n\t[VLNGOV 20040101-20090101]\n\
             VELANORIAN_HIGH_ENVOY_\n\t[VLNGOV]\n",
        );
        write(
            cameo.join("Phoenix.International.actors.txt"),
            "VELLUM_TARN_HOLDINGS_CORPORATION_\t[MNCVLN]\t# invented\n\
             ORVANE_RELIEF_FOUNDATION_\t[NGO]\n\
             TALVO_QUERN_\t[IGOUNO 920101-961231]\t# IGOrulers.txt\n",
        );
        write(
            cameo.join("Phoenix.MilNonState.actors.txt"),
            "FRONT_FOR_THE_LIBERATION_OF_MARISTAN_ [MRSREB]\n+FLM_\n+QUENDRITH_BARROW\n",
        );
        write(
            cameo.join("countrynames.txt"),
            "Velanoria\tVLN\t999\nNULL\t---\t000\n",
        );
        dir
    }

    #[test]
    fn build_classifies_a_miniature_of_the_sources() {
        let dir = fixture();
        let (g, stats) = Gazetteer::build_with_stats(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let c = |p: &str| g.classes(p);
        assert_eq!(c("velanoria"), vec![Loc]);
        assert_eq!(c("port velanor"), vec![Loc]);
        assert_eq!(c("velanorien"), vec![Loc], "a foreign name of the country");
        assert_eq!(c("velanorian"), vec![Misc]);
        assert_eq!(c("velanorians"), vec![Misc], "plural added");
        assert_eq!(c("mari"), vec![Misc], "back-formed from -stan");
        assert_eq!(c("maristani"), vec![Misc]);
        assert_eq!(c("quendrith ostavel"), vec![Per]);
        assert_eq!(c("ostavel"), vec![Per], "title stripped");
        assert_eq!(c("president ostavel"), vec![]);
        assert_eq!(c("velanorian harbour guard"), vec![Org]);
        assert_eq!(c("vhg"), vec![Org]);
        assert_eq!(c("harbour guard official"), vec![], "describes people");
        assert_eq!(c("brisko tallen"), vec![Per], "dated role code");
        assert_eq!(c("velanorian high envoy"), vec![], "a job title");
        assert_eq!(c("vellum tarn holdings corporation"), vec![Org]);
        assert_eq!(c("vellum tarn holdings corp"), vec![Org]);
        assert_eq!(c("vellum tarn holdings"), vec![Org]);
        assert_eq!(c("vellum tarn works , inc."), vec![Org]);
        assert_eq!(c("orvane relief foundation"), vec![Org]);
        assert_eq!(c("talvo quern"), vec![Per], "IGO ruler");
        assert_eq!(c("front for the liberation of maristan"), vec![Org]);
        assert_eq!(c("flm"), vec![Org]);
        assert_eq!(
            c("quendrith barrow"),
            vec![Per],
            "a leader listed under the group"
        );
        assert_eq!(c("talvo brisk"), vec![Per]);
        assert_eq!(c("sea orvane"), vec![], "vessels are skipped");
        assert_eq!(c("orvane"), vec![], "one-word names are skipped");
        assert_eq!(c("jose varrentz"), vec![Per], "accent-free form");
        assert_eq!(c("josé varrentz"), vec![Per]);
        assert_eq!(c("ilsa quorn"), vec![Per]);
        assert_eq!(c("europe"), vec![Loc], "built-in region");
        assert_eq!(stats.counts["countries.countryinfo_person"], 1);
        assert_eq!(stats.counts["countries.place_block"], 2);
        assert_eq!(stats.counts["countries.demonym"], 3);
        assert_eq!(stats.counts["wikidata.given_names"], 1);
    }

    #[test]
    fn build_names_the_missing_file() {
        let dir = std::env::temp_dir().join("readout-gazetteer-no-such-dir");
        match Gazetteer::build(&dir) {
            Err(GazetteerError::Io { path, .. }) => assert!(path.ends_with("wd_hebrew.tsv")),
            other => panic!("expected an Io error, got {other:?}"),
        }
    }

    #[test]
    fn actor_file_entries_codes_and_merging() {
        let text = "# comment\nVELANORIA_  [VLN]\n+VELANORIAN_ \n+PORT_VELANOR_ \n\n\
                    QUENDRITH_OSTAVEL_  # CountryInfo.txt\n\t[VLNGOV 920101-960927]\n\
                    OSTAVEL_\nPRESIDENT_OSTAVEL_\nMR_OSTAVEL [VLNGOV]\n";
        let e = parse_actor_file(text);
        assert_eq!(e.len(), 3);
        assert_eq!(e[0].primary, "VELANORIA_");
        assert_eq!(e[0].synonyms, vec!["VELANORIAN_", "PORT_VELANOR_"]);
        assert!(e[0].all_place_codes());
        assert!(e[1].comment.contains("countryinfo.txt"));
        assert!(e[1].has_dated_role());
        assert_eq!(e[2].carried, vec!["OSTAVEL_", "PRESIDENT_OSTAVEL_"]);
        assert_eq!(e[2].primary, "MR_OSTAVEL");
        assert!(is_place_code("USAASM") && is_place_code("MUS") && !is_place_code("MUSGOV"));
        assert!(!is_place_code("IGOUNO") && !is_place_code("---"));
    }

    #[test]
    fn phrase_rules() {
        let v = |s: &str| dict_tokens(s).map(|t| t.join(" "));
        assert_eq!(v("SAMOA_(OCCUPIED)_").as_deref(), Some("samoa"));
        assert_eq!(
            v("PEOPLE'S_LIBERATION_ARMY_").as_deref(),
            Some("people 's liberation army")
        );
        assert_eq!(v("HAINAN-_").as_deref(), Some("hainan"));
        assert_eq!(v("!PERSON!_OF_X"), None);
        assert_eq!(v("SAMOA,_AMERICAN_"), None);
        assert_eq!(v("Z\u{1a}ROUAL_"), None);
        assert_eq!(v("\u{421}\u{421}\u{421}\u{420}"), None);
        let t = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            strip_titles(&t("soviet leader boris velanov"), TitleStrip::UpToLast),
            t("boris velanov")
        );
        assert_eq!(strip_titles(&t("king"), TitleStrip::UpToLast), t("king"));
        assert_eq!(
            strip_titles(&t("sir quendrith ostavel"), TitleStrip::Leading),
            t("quendrith ostavel")
        );
        assert_eq!(fold_ascii("velázquez ostavęl"), "velazquez ostavel");
        let set = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<HashSet<String>>();
        let block = set(&[
            "velanoria",
            "velanorian",
            "tarnistan",
            "qorlon",
            "qorlonie",
            "port",
        ]);
        let primary = set(&["velanoria"]);
        assert!(is_demonym(&t("velanorian"), &block, &primary));
        assert!(is_demonym(&t("tarni"), &set(&["tarnistan"]), &primary));
        assert!(is_demonym(&t("qorlonese"), &block, &primary));
        assert!(is_demonym(&t("port velanorians"), &block, &primary));
        assert!(!is_demonym(&t("velanoria"), &block, &primary));
        assert!(!is_demonym(&t("tarnistan"), &block, &primary));
        assert!(
            !is_demonym(&t("qorlonien"), &block, &primary),
            "foreign country name"
        );
        assert!(
            !is_demonym(&t("porti"), &block, &primary),
            "-i only from the country name"
        );
        assert!(is_demonym(&t("velanori"), &set(&["velanoria"]), &primary));
        assert_eq!(
            demonym_plural("velanorishman").as_deref(),
            Some("velanorishmen")
        );
        assert_eq!(
            demonym_plural("east german").as_deref(),
            Some("east germans")
        );
        assert_eq!(demonym_plural("velanorian").as_deref(), Some("velanorians"));
        assert_eq!(demonym_plural("qorlonese"), None);
    }

    #[test]
    fn csv_quotes_and_commas() {
        let r = parse_csv("a,b\n\"x, y\",\"he said \"\"hi\"\"\"\nz,w").unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(
            r[1].1,
            vec!["x, y".to_string(), "he said \"hi\"".to_string()]
        );
        assert_eq!(r[2].0, 3);
        assert_eq!(parse_csv("a\n\"open"), Err(2));
    }
}
