//! The event coder's dictionary: verb forms and patterns → CAMEO codes, actor phrases → CAMEO
//! actor codes (with date ranges), agent nouns → sector codes, CAMEO labels and the
//! CAMEO→PLOVER table.
//!
//! Two representations:
//! * the PETRARCH-2 text formats (`CAMEO.2.0.txt`, `Phoenix.*.actors.txt`,
//!   `Phoenix.agents.txt`, `CAMEO_codefile.txt`, `CAMEO2PLOVER-2021.txt`), read by
//!   [`Dictionary::read_verbs`], [`Dictionary::read_actors`] and their siblings (at model
//!   building time by `readout_train::events`, which also adds readout's own verb codes) —
//!   the facts, as the Open Event Data Alliance published them (MIT / CC BY-SA);
//! * readout's own compiled form, one gzip'd TSV (`models/events/cameo.tsv.gz`), written by
//!   [`Dictionary::write_tsv`] and embedded in the binary, so coding needs no data files.
//!
//! Compiled record kinds, one per line, tab-separated:
//! `L code label` · `M code PLOVER mode` · `V form block code` · `P block code pattern` ·
//! `A phrase code from to` · `G phrase agent`.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use rustc_hash::FxHashMap;

/// A verb form ("asked for", "invading") and what it codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// Words of the form, uppercase.
    pub words: Vec<String>,
    /// Index of the verb block it belongs to (its patterns).
    pub block: u32,
    /// Code of the verb itself; `None` when only its patterns code ("---").
    pub code: Option<String>,
}

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternItem {
    /// Any of these words (a synonym set expands to several), uppercase.
    Word(Vec<String>),
    /// Like `Word`, but right after the previous word (inside `{…}` phrases).
    Adjacent(Vec<String>),
    /// Start of a prepositional group `(PREP …)`.
    GroupStart,
    /// End of a group.
    GroupEnd,
    /// Where the source actor sits (`$`).
    Source,
    /// Where the target actor sits (`+`).
    Target,
}

/// A verb pattern: words before the verb, words after it, the code it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Items before the verb, in text order.
    pub pre: Vec<PatternItem>,
    /// Items after the verb, in text order.
    pub post: Vec<PatternItem>,
    /// CAMEO code; `None` ("---") means "this use is not an event".
    pub code: Option<String>,
}

impl Pattern {
    /// Number of word items: a more specific pattern wins.
    pub fn specificity(&self) -> usize {
        self.pre
            .iter()
            .chain(&self.post)
            .filter(|i| matches!(i, PatternItem::Word(_) | PatternItem::Adjacent(_)))
            .count()
    }
}

/// An actor phrase and its code, possibly limited to a date range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorCode {
    /// CAMEO actor code (`UKR`, `USAGOV`, `IGOUNO`).
    pub code: String,
    /// First day (YYYYMMDD) the code applies, when limited.
    pub from: Option<u32>,
    /// Last day (YYYYMMDD) the code applies, when limited.
    pub to: Option<u32>,
}

/// The code of an actor phrase on a date (YYYYMMDD): the date-limited code covering it, else
/// the unlimited code, else the open-ended (current) one. Without a date, today's reading:
/// the unlimited or open-ended code.
pub fn code_at(codes: &[ActorCode], date: Option<u32>) -> Option<String> {
    if let Some(d) = date {
        if let Some(c) = codes.iter().find(|c| {
            (c.from.is_some() || c.to.is_some())
                && c.from.is_none_or(|f| f <= d)
                && c.to.is_none_or(|t| d <= t)
        }) {
            return Some(c.code.clone());
        }
    }
    codes
        .iter()
        .find(|c| c.from.is_none() && c.to.is_none())
        .or_else(|| codes.iter().rev().find(|c| c.to.is_none()))
        .or_else(|| codes.last())
        .map(|c| c.code.clone())
}

/// An agent noun's code: a sector appended to (`~GOV`) or prefixed to (`GOV~`) the actor's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCode {
    /// Sector code, e.g. `GOV`, `MIL`, `COP`.
    pub code: String,
}

/// Phrases keyed by their first word: (words, value).
pub type PhraseTable<T> = FxHashMap<String, Vec<(Vec<String>, T)>>;

/// The compiled dictionary.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    /// CAMEO code → label.
    pub labels: FxHashMap<String, String>,
    /// CAMEO code → (PLOVER category, mode).
    pub plover: FxHashMap<String, (String, Option<String>)>,
    /// Verb forms, keyed by their first word.
    pub verbs: FxHashMap<String, Vec<VerbForm>>,
    /// Patterns of each verb block.
    pub patterns: Vec<Vec<Pattern>>,
    /// Actor phrases keyed by first word: (words, codes).
    pub actors: PhraseTable<Vec<ActorCode>>,
    /// Agent phrases keyed by first word: (words, code).
    pub agents: PhraseTable<AgentCode>,
}

/// Problems reading dictionary files.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    /// A file could not be read.
    #[error("cannot read event dictionary file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The compiled dictionary could not be written.
    #[error("cannot write the compiled event dictionary {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The compiled dictionary is malformed.
    #[error("malformed compiled event dictionary at line {line}: {message}")]
    Malformed {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Remove a `#` comment.
fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Words of a dictionary phrase: `_` joins words; a trailing `_` (no plural) is dropped.
fn phrase_words(phrase: &str) -> Vec<String> {
    phrase
        .trim()
        .trim_end_matches('_')
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

/// The entries of a Phoenix agents dictionary (`Phoenix.agents.txt`): each phrase as written
/// (`!SET! = A, B` substitutions applied, `{PLURALS}` dropped) with the code between its
/// brackets as written (`~GOV`), in file order. Lines without a non-empty bracketed code are
/// skipped. The event coder ([`Dictionary::read_agents`]) and the knowledge-base build
/// (role nouns → sectors) both read the file through this.
pub fn agent_entries(text: &str) -> Vec<(String, String)> {
    let mut subs: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') && line.contains('=') {
            let (name, list) = line.split_once('=').unwrap_or((line, ""));
            subs.push((
                name.trim().to_string(),
                list.split(',').map(|s| s.trim().to_string()).collect(),
            ));
            continue;
        }
        let Some(open) = line.find('[') else { continue };
        let Some(close) = line[open..].find(']') else {
            continue;
        };
        let code = line[open + 1..open + close].trim();
        if code.is_empty() {
            continue;
        }
        let head_end = line.find('{').unwrap_or(open).min(open);
        let head = line[..head_end].trim();
        match subs.iter().find(|(name, _)| head.contains(name.as_str())) {
            Some((name, list)) => out.extend(
                list.iter()
                    .map(|v| (head.replace(name.as_str(), v), code.to_string())),
            ),
            None => out.push((head.to_string(), code.to_string())),
        }
    }
    out
}

/// Regular inflections of an English verb (base form given, uppercase).
pub fn verb_inflections(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string()];
    let b = base;
    let last = b.chars().last().unwrap_or(' ');
    let vowel = |c: char| "AEIOU".contains(c);
    // third person singular
    if b.ends_with('S')
        || b.ends_with("SH")
        || b.ends_with("CH")
        || b.ends_with('X')
        || b.ends_with('Z')
        || b.ends_with('O')
    {
        out.push(format!("{b}ES"));
    } else if last == 'Y' && b.len() > 1 && !vowel(b.chars().nth(b.len() - 2).unwrap_or('A')) {
        out.push(format!("{}IES", &b[..b.len() - 1]));
    } else {
        out.push(format!("{b}S"));
    }
    // past and gerund
    if last == 'E' {
        out.push(format!("{b}D"));
        if !b.ends_with("EE") {
            out.push(format!("{}ING", &b[..b.len() - 1]));
        } else {
            out.push(format!("{b}ING"));
        }
    } else if last == 'Y' && b.len() > 1 && !vowel(b.chars().nth(b.len() - 2).unwrap_or('A')) {
        out.push(format!("{}IED", &b[..b.len() - 1]));
        out.push(format!("{b}ING"));
    } else {
        out.push(format!("{b}ED"));
        out.push(format!("{b}ING"));
        // Doubling of a final consonant after a single vowel ("STOP" → "STOPPED"); both
        // spellings are kept since stress decides it ("VISITED").
        let chars: Vec<char> = b.chars().collect();
        let n = chars.len();
        if n >= 3
            && !vowel(chars[n - 1])
            && !"WXY".contains(chars[n - 1])
            && vowel(chars[n - 2])
            && !vowel(chars[n - 3])
        {
            out.push(format!("{b}{}ED", chars[n - 1]));
            out.push(format!("{b}{}ING", chars[n - 1]));
        }
    }
    out
}

impl Dictionary {
    /// Read a verb dictionary in PETRARCH-2 syntax (synonym sets, verb blocks, patterns).
    pub fn read_verbs(&mut self, text: &str) {
        let mut synsets: FxHashMap<String, Vec<String>> = FxHashMap::default();
        // First pass: synonym sets.
        let mut current: Option<String> = None;
        for raw in text.lines() {
            let line = strip_comment(raw).trim();
            if let Some(name) = line.strip_prefix('&') {
                if !line.contains(' ') {
                    current = Some(name.trim_end_matches('_').to_ascii_uppercase());
                    continue;
                }
            }
            if line.starts_with("---") || line.starts_with("- ") {
                current = None;
                continue;
            }
            if let (Some(set), Some(word)) = (&current, line.strip_prefix('+')) {
                let w = phrase_words(word).join(" ");
                if !w.is_empty() {
                    synsets.entry(set.clone()).or_default().push(w);
                }
            }
        }
        // Second pass: blocks.
        let mut block: Option<(u32, Option<String>)> = None;
        for raw in text.lines() {
            let line = strip_comment(raw).trim();
            if line.is_empty() || line.starts_with('&') || line.starts_with('~') {
                continue;
            }
            if let Some(rest) = line.strip_prefix("---") {
                // ---  NAME   [code]  ---
                let code = bracket_code(rest);
                let id = self.patterns.len() as u32;
                self.patterns.push(Vec::new());
                block = Some((id, code));
                continue;
            }
            let Some((id, block_code)) = &block else {
                continue;
            };
            if let Some(pat) = line.strip_prefix("- ") {
                let code = bracket_code(pat);
                let body = match pat.find('[') {
                    Some(i) => &pat[..i],
                    None => pat,
                };
                let Some(star) = body.find('*') else { continue };
                let pre = parse_items(&body[..star], &synsets);
                let post = parse_items(&body[star + 1..], &synsets);
                self.patterns[*id as usize].push(Pattern { pre, post, code });
                continue;
            }
            if line.starts_with('+') && block.is_none() {
                continue;
            }
            // A verb line: FORM [{IRREGULAR FORMS}] [code]. "[---]" says the verb alone is no
            // event, only its patterns are ("HOLD … [---]": "held talks" is, "held the
            // documents" is not); no code falls back on the block's.
            let code = if explicit_null_code(line) {
                None
            } else {
                bracket_code(line).or_else(|| block_code.clone())
            };
            let head_end = line.find(['{', '[']).unwrap_or(line.len());
            let head = line[..head_end].trim();
            let (head, explicit) = match head.strip_prefix('+') {
                Some(h) => (h, true),
                None => (head, false),
            };
            let words = phrase_words(head);
            if words.is_empty() {
                continue;
            }
            let mut forms: Vec<Vec<String>> = Vec::new();
            let irregular: Vec<Vec<String>> = match (line.find('{'), line.find('}')) {
                (Some(a), Some(b)) if b > a => line[a + 1..b]
                    .split_whitespace()
                    .map(|f| phrase_words(f.trim_start_matches('+')))
                    .filter(|f| !f.is_empty())
                    .collect(),
                _ => Vec::new(),
            };
            if !irregular.is_empty() {
                forms.push(words.clone());
                forms.extend(irregular);
            } else if explicit {
                // "+ASK_FOR": a multi-word verb whose first word inflects.
                for f in verb_inflections(&words[0]) {
                    let mut w = words.clone();
                    w[0] = f;
                    forms.push(w);
                }
            } else {
                for f in verb_inflections(&words[0]) {
                    let mut w = words.clone();
                    w[0] = f;
                    forms.push(w);
                }
            }
            for form in forms {
                let key = form[0].clone();
                let entry = VerbForm {
                    words: form,
                    block: *id,
                    code: code.clone(),
                };
                let list = self.verbs.entry(key).or_default();
                if !list.contains(&entry) {
                    list.push(entry);
                }
            }
        }
    }

    /// Read an actor dictionary (`PHRASE [CODE]`, `+SYNONYM`, tab-indented `[CODE dates]`).
    pub fn read_actors(&mut self, text: &str) {
        let mut group: Vec<Vec<String>> = Vec::new();
        let mut codes: Vec<ActorCode> = Vec::new();
        let flush =
            |dict: &mut Dictionary, group: &mut Vec<Vec<String>>, codes: &mut Vec<ActorCode>| {
                if !codes.is_empty() {
                    for words in group.iter() {
                        if let Some(first) = words.first() {
                            dict.actors
                                .entry(first.clone())
                                .or_default()
                                .push((words.clone(), codes.clone()));
                        }
                    }
                }
                group.clear();
                codes.clear();
            };
        for raw in text.lines() {
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let indented = line.starts_with('\t') || line.starts_with(' ');
            let t = line.trim();
            if indented && t.starts_with('[') {
                codes.extend(parse_actor_codes(t));
                continue;
            }
            if let Some(syn) = t.strip_prefix('+') {
                let (phrase, inline) = split_phrase_codes(syn);
                let w = phrase_words(phrase);
                if !w.is_empty() {
                    group.push(w);
                }
                codes.extend(inline);
                continue;
            }
            if t.starts_with('[') {
                codes.extend(parse_actor_codes(t));
                continue;
            }
            // A new primary phrase.
            flush(self, &mut group, &mut codes);
            let (phrase, inline) = split_phrase_codes(t);
            let w = phrase_words(phrase);
            if !w.is_empty() {
                group.push(w);
            }
            codes.extend(inline);
        }
        flush(self, &mut group, &mut codes);
    }

    /// Read an agents dictionary (`PHRASE {PLURALS} [~CODE]`, `!SET! = A, B` substitutions;
    /// see [`agent_entries`]).
    pub fn read_agents(&mut self, text: &str) {
        for (p, code) in agent_entries(text) {
            let words = phrase_words(&p);
            if words.is_empty() {
                continue;
            }
            // Regular plural of the last word, too.
            let mut plural = words.clone();
            let last = plural.last_mut().expect("non-empty");
            if !last.ends_with('S') {
                if last.ends_with('Y') && !last.ends_with("EY") && !last.ends_with("AY") {
                    last.pop();
                    last.push_str("IES");
                } else if last.ends_with("MAN") {
                    last.truncate(last.len() - 3);
                    last.push_str("MEN");
                } else {
                    last.push('S');
                }
            }
            for w in [words, plural] {
                let list = self.agents.entry(w[0].clone()).or_default();
                let entry = (w, AgentCode { code: code.clone() });
                if !list.contains(&entry) {
                    list.push(entry);
                }
            }
        }
    }

    /// Read `CAMEO_codefile.txt` labels (`LABEL: 0211= Appeal for economic cooperation`).
    pub fn read_labels(&mut self, text: &str) {
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("LABEL:") else {
                continue;
            };
            let Some((code, label)) = rest.split_once('=') else {
                continue;
            };
            self.labels
                .entry(code.trim().to_string())
                .or_insert_with(|| label.trim().to_string());
        }
    }

    /// Read `CAMEO2PLOVER-2021.txt` (`042: CONSULT, visit, # Make a visit`).
    pub fn read_plover(&mut self, text: &str) {
        for line in text.lines() {
            let line = strip_comment(line).trim();
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            let code = code.trim();
            if !code.chars().all(|c| c.is_ascii_digit()) || code.len() < 3 {
                continue;
            }
            let mut parts = rest.split(',').map(str::trim);
            let category = parts.next().unwrap_or("").to_string();
            if category.is_empty() || category.contains(' ') {
                continue;
            }
            let mode = parts.next().filter(|m| !m.is_empty()).map(str::to_string);
            self.plover.insert(code.to_string(), (category, mode));
        }
    }

    /// Write the compiled form (see the module docs) as TSV.
    pub fn write_tsv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let sorted = |m: &FxHashMap<String, String>| {
            m.iter()
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect::<BTreeMap<_, _>>()
        };
        for (code, label) in sorted(&self.labels) {
            writeln!(out, "L\t{code}\t{label}")?;
        }
        let plover: BTreeMap<_, _> = self.plover.iter().collect();
        for (code, (cat, mode)) in plover {
            writeln!(out, "M\t{code}\t{cat}\t{}", mode.as_deref().unwrap_or(""))?;
        }
        let mut verbs: Vec<&VerbForm> = self.verbs.values().flatten().collect();
        verbs.sort_by(|a, b| (&a.words, a.block).cmp(&(&b.words, b.block)));
        for v in verbs {
            writeln!(
                out,
                "V\t{}\t{}\t{}",
                v.words.join(" "),
                v.block,
                v.code.as_deref().unwrap_or("---")
            )?;
        }
        for (block, pats) in self.patterns.iter().enumerate() {
            for p in pats {
                writeln!(
                    out,
                    "P\t{block}\t{}\t{} * {}",
                    p.code.as_deref().unwrap_or("---"),
                    items_text(&p.pre),
                    items_text(&p.post)
                )?;
            }
        }
        let mut actors: Vec<&(Vec<String>, Vec<ActorCode>)> =
            self.actors.values().flatten().collect();
        actors.sort_by(|a, b| a.0.cmp(&b.0));
        for (words, codes) in actors {
            for c in codes {
                writeln!(
                    out,
                    "A\t{}\t{}\t{}\t{}",
                    words.join(" "),
                    c.code,
                    c.from.map(|d| d.to_string()).unwrap_or_default(),
                    c.to.map(|d| d.to_string()).unwrap_or_default()
                )?;
            }
        }
        let mut agents: Vec<&(Vec<String>, AgentCode)> = self.agents.values().flatten().collect();
        agents.sort_by(|a, b| a.0.cmp(&b.0));
        for (words, code) in agents {
            writeln!(out, "G\t{}\t{}", words.join(" "), code.code)?;
        }
        Ok(())
    }

    /// Read the compiled TSV form.
    pub fn read_tsv(input: impl BufRead) -> Result<Dictionary, DictionaryError> {
        let mut dict = Dictionary::default();
        let mut last_actor: Option<Vec<String>> = None;
        for (n, line) in input.lines().enumerate() {
            let line = line.map_err(|e| DictionaryError::Malformed {
                line: n + 1,
                message: e.to_string(),
            })?;
            let bad = |message: &str| DictionaryError::Malformed {
                line: n + 1,
                message: message.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            let words = |s: &str| {
                s.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            let code = |s: &str| (s != "---").then(|| s.to_string());
            match f.as_slice() {
                ["L", c, label] => {
                    dict.labels.insert(c.to_string(), label.to_string());
                }
                ["M", c, cat, mode] => {
                    dict.plover.insert(
                        c.to_string(),
                        (
                            cat.to_string(),
                            (!mode.is_empty()).then(|| mode.to_string()),
                        ),
                    );
                }
                ["V", form, block, c] => {
                    let w = words(form);
                    let block: u32 = block.parse().map_err(|_| bad("bad block number"))?;
                    if w.is_empty() {
                        return Err(bad("empty verb form"));
                    }
                    dict.verbs.entry(w[0].clone()).or_default().push(VerbForm {
                        words: w,
                        block,
                        code: code(c),
                    });
                }
                ["P", block, c, pattern] => {
                    let block: usize = block.parse().map_err(|_| bad("bad block number"))?;
                    if dict.patterns.len() <= block {
                        dict.patterns.resize(block + 1, Vec::new());
                    }
                    let (pre, post) = pattern
                        .split_once(" * ")
                        .or_else(|| pattern.split_once('*'))
                        .ok_or_else(|| bad("pattern without *"))?;
                    dict.patterns[block].push(Pattern {
                        pre: items_from_text(pre),
                        post: items_from_text(post),
                        code: code(c),
                    });
                }
                ["A", phrase, c, from, to] => {
                    let w = words(phrase);
                    if w.is_empty() {
                        return Err(bad("empty actor phrase"));
                    }
                    let ac = ActorCode {
                        code: c.to_string(),
                        from: from.parse().ok(),
                        to: to.parse().ok(),
                    };
                    let list = dict.actors.entry(w[0].clone()).or_default();
                    if last_actor.as_ref() == Some(&w) {
                        if let Some(entry) = list.iter_mut().rev().find(|(ws, _)| *ws == w) {
                            entry.1.push(ac);
                            continue;
                        }
                    }
                    list.push((w.clone(), vec![ac]));
                    last_actor = Some(w);
                }
                ["G", phrase, c] => {
                    let w = words(phrase);
                    if w.is_empty() {
                        return Err(bad("empty agent phrase"));
                    }
                    dict.agents.entry(w[0].clone()).or_default().push((
                        w,
                        AgentCode {
                            code: c.to_string(),
                        },
                    ));
                }
                [""] => {}
                _ => return Err(bad("unknown record")),
            }
        }
        Ok(dict)
    }
}

/// The text inside the first `[...]`, trimmed.
fn bracket_inner(s: &str) -> Option<&str> {
    let open = s.find('[')?;
    let close = s[open..].find(']')? + open;
    Some(s[open + 1..close].trim())
}

/// Whether a line's bracketed code is the explicit "no code" `[---]`.
fn explicit_null_code(s: &str) -> bool {
    bracket_inner(s) == Some("---")
}

/// The code inside the first `[...]`, `None` for `---` or none; `[041:041]` → `041`.
fn bracket_code(s: &str) -> Option<String> {
    let code = bracket_inner(s)?.split(':').next().unwrap_or("").trim();
    (!code.is_empty() && code.chars().all(|c| c.is_ascii_digit())).then(|| code.to_string())
}

fn parse_items(s: &str, synsets: &FxHashMap<String, Vec<String>>) -> Vec<PatternItem> {
    let mut items = Vec::new();
    let spaced = s
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('{', " { ")
        .replace('}', " } ");
    // Inside `{…}` every word after the first must follow the previous one directly.
    let mut in_braces = false;
    let mut brace_words = 0usize;
    let push_word = |items: &mut Vec<PatternItem>,
                     alts: Vec<String>,
                     in_braces: bool,
                     brace_words: &mut usize| {
        if in_braces && *brace_words > 0 {
            items.push(PatternItem::Adjacent(alts));
        } else {
            items.push(PatternItem::Word(alts));
        }
        if in_braces {
            *brace_words += 1;
        }
    };
    for tok in spaced.split_whitespace() {
        match tok {
            "(" => items.push(PatternItem::GroupStart),
            ")" => items.push(PatternItem::GroupEnd),
            "{" => {
                in_braces = true;
                brace_words = 0;
            }
            "}" => in_braces = false,
            "$" => items.push(PatternItem::Source),
            "+" => items.push(PatternItem::Target),
            "%" | "^" => {}
            t => {
                if let Some(set) = t.strip_prefix('&') {
                    let name = set.trim_end_matches('_').to_ascii_uppercase();
                    if let Some(members) = synsets.get(&name) {
                        // Multi-word members are matched by their first word only.
                        let words: Vec<String> = members
                            .iter()
                            .map(|m| m.split(' ').next().unwrap_or("").to_string())
                            .collect();
                        push_word(&mut items, words, in_braces, &mut brace_words);
                    }
                    continue;
                }
                for w in phrase_words(t) {
                    push_word(&mut items, vec![w], in_braces, &mut brace_words);
                }
            }
        }
    }
    items
}

fn items_text(items: &[PatternItem]) -> String {
    items
        .iter()
        .map(|i| match i {
            PatternItem::Word(ws) => ws.join("|"),
            PatternItem::Adjacent(ws) => format!("={}", ws.join("|")),
            PatternItem::GroupStart => "(".to_string(),
            PatternItem::GroupEnd => ")".to_string(),
            PatternItem::Source => "$".to_string(),
            PatternItem::Target => "+".to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn items_from_text(s: &str) -> Vec<PatternItem> {
    s.split_whitespace()
        .map(|t| match t {
            "(" => PatternItem::GroupStart,
            ")" => PatternItem::GroupEnd,
            "$" => PatternItem::Source,
            "+" => PatternItem::Target,
            w => match w.strip_prefix('=') {
                Some(adj) => PatternItem::Adjacent(adj.split('|').map(str::to_string).collect()),
                None => PatternItem::Word(w.split('|').map(str::to_string).collect()),
            },
        })
        .collect()
}

/// `PHRASE [CODE]` → (phrase, codes).
fn split_phrase_codes(s: &str) -> (&str, Vec<ActorCode>) {
    match s.find('[') {
        Some(i) => (&s[..i], parse_actor_codes(&s[i..])),
        None => (s, Vec::new()),
    }
}

/// `[CODE]`, `[CODE 770101-120812]`, `[CODE >140608]`, `[CODE <120101]`, several per line.
fn parse_actor_codes(s: &str) -> Vec<ActorCode> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inner = rest[open + 1..open + close].trim();
        rest = &rest[open + close + 1..];
        let mut parts = inner.split_whitespace();
        let Some(code) = parts.next() else { continue };
        if code.starts_with('~') || code.ends_with('~') || code == "---" {
            continue;
        }
        let (mut from, mut to) = (None, None);
        if let Some(range) = parts.next() {
            if let Some(d) = range.strip_prefix('>') {
                from = parse_date(d);
            } else if let Some(d) = range.strip_prefix('<') {
                to = parse_date(d);
            } else if let Some((a, b)) = range.split_once('-') {
                from = parse_date(a);
                to = parse_date(b);
            }
        }
        out.push(ActorCode {
            code: code.to_ascii_uppercase(),
            from,
            to,
        });
    }
    out
}

/// `YYMMDD` (19xx when ≥ 30, else 20xx) or `YYYYMMDD` → YYYYMMDD number.
fn parse_date(s: &str) -> Option<u32> {
    let s = s.trim();
    match s.len() {
        8 => s.parse().ok(),
        6 => {
            let n: u32 = s.parse().ok()?;
            let yy = n / 10000;
            let century = if yy >= 30 { 19_000_000 } else { 20_000_000 };
            Some(century + n)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_entries_substitute_sets_and_keep_codes_as_written() {
        // Invented entries in the agents-file format.
        let text = "# a comment line\n!RANK! = VICE , DEPUTY\n!RANK!_MARSHAL_ {MARSHALS} [~MIL] # note\nHARBOUR_WARDEN [~GOV]\nNO_CODE_HERE\nEMPTY_CODE [ ]\n";
        assert_eq!(
            agent_entries(text),
            [
                ("VICE_MARSHAL_".to_string(), "~MIL".to_string()),
                ("DEPUTY_MARSHAL_".to_string(), "~MIL".to_string()),
                ("HARBOUR_WARDEN".to_string(), "~GOV".to_string()),
            ]
        );
        let mut d = Dictionary::default();
        d.read_agents(text);
        let wardens = &d.agents["HARBOUR"];
        assert!(wardens
            .iter()
            .any(|(w, c)| w == &["HARBOUR", "WARDENS"] && c.code == "~GOV"));
        assert!(d.agents["DEPUTY"]
            .iter()
            .any(|(w, _)| w == &["DEPUTY", "MARSHALS"]));
    }

    #[test]
    fn inflections_cover_regular_and_doubling_forms() {
        let f = verb_inflections("INVADE");
        assert!(
            f.contains(&"INVADED".to_string())
                && f.contains(&"INVADING".to_string())
                && f.contains(&"INVADES".to_string())
        );
        let f = verb_inflections("STOP");
        assert!(f.contains(&"STOPPED".to_string()) && f.contains(&"STOPS".to_string()));
        let f = verb_inflections("APPLY");
        assert!(f.contains(&"APPLIED".to_string()) && f.contains(&"APPLIES".to_string()));
    }

    #[test]
    fn reads_verb_blocks_patterns_and_synonym_sets() {
        let text = "&FRUIT\n+APPLE\n+PEAR\n\n---  GREET   [040]  ---\nGREET\nHAIL {HAILS HAILED HAILING} [051]\nWAVE {WAVES WAVED} [---] # x\n- * &FRUIT (WITH +)   [057]  # x\n- * NOTHING   [---]\n";
        let mut d = Dictionary::default();
        d.read_verbs(text);
        let greeted = &d.verbs["GREETED"][0];
        assert_eq!(greeted.code.as_deref(), Some("040"));
        assert_eq!(d.verbs["HAILED"][0].code.as_deref(), Some("051"));
        // "[---]": the verb alone is no event, not the block's 040.
        assert_eq!(d.verbs["WAVED"][0].code, None);
        assert_eq!(d.verbs["WAVED"][0].block, greeted.block);
        let pats = &d.patterns[greeted.block as usize];
        assert_eq!(pats.len(), 2);
        assert_eq!(pats[0].code.as_deref(), Some("057"));
        assert_eq!(
            pats[0].post[0],
            PatternItem::Word(vec!["APPLE".into(), "PEAR".into()])
        );
        assert_eq!(pats[1].code, None);
    }

    #[test]
    fn reads_actor_codes_with_date_ranges_and_synonyms() {
        let text = "FREEDONIA_ [FRE]\n+FREEDONIAN_\nRUFUS_FIREFLY\n+PRESIDENT_FIREFLY\n\t[FREGOV 330101-331231]\n\t[FREELI]\n";
        let mut d = Dictionary::default();
        d.read_actors(text);
        assert_eq!(d.actors["FREEDONIAN"][0].1[0].code, "FRE");
        let firefly = &d.actors["PRESIDENT"][0];
        assert_eq!(firefly.0, vec!["PRESIDENT", "FIREFLY"]);
        assert_eq!(firefly.1[0].from, Some(19330101));
        assert_eq!(firefly.1[0].to, Some(19331231));
        assert_eq!(firefly.1[1].code, "FREELI");
    }

    #[test]
    fn compiled_form_round_trips() {
        let mut d = Dictionary::default();
        d.read_verbs("---  GREET   [040]  ---\nGREET\n- * (WITH +)   [057]\n");
        d.read_actors("FREEDONIA_ [FRE]\n");
        d.read_agents("!PERSON! = MAN, MEN\nPOLICE!PERSON! [~COP]\nSOLDIER [~MIL]\n");
        d.read_labels("LABEL: 040= Consult\n");
        d.read_plover("040: CONSULT,  ,  # Consult\n");
        let mut out = Vec::new();
        d.write_tsv(&mut out).unwrap();
        let back = Dictionary::read_tsv(&out[..]).unwrap();
        let mut again = Vec::new();
        back.write_tsv(&mut again).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(again).unwrap()
        );
        assert!(back.agents.contains_key("POLICEMEN") || back.agents.contains_key("POLICE"));
        assert_eq!(back.plover["040"].0, "CONSULT");
    }

    #[test]
    fn malformed_compiled_lines_are_errors() {
        let err = Dictionary::read_tsv(&b"X\tnope\n"[..]).unwrap_err();
        assert!(err.to_string().contains("line 1"));
    }
}
