//! Tokenize: text → [`Token`]s with byte spans, the way news NLP expects them.
//!
//! Close to the Penn Treebank / CoNLL conventions the entity tagger is trained on:
//! * possessives and clitics are split off: `Russia’s` → `Russia` `’s`, `don't` → `do` `n't`;
//! * hyphenated words stay whole (`self-defence`, `2022-03-01`);
//! * numbers keep their inner separators (`1,200`, `100.00`, `10:30`) and ordinal suffixes
//!   (`5th`);
//! * known abbreviations and initialisms keep their period (`Mr.`, `Feb.`, `U.N.`, `a.m.`,
//!   `E.`), every other period is its own token;
//! * URLs and e-mail addresses are one token, without trailing punctuation;
//! * ellipses (`...`, `…`, `. . .`) and runs of `!`/`?` are one token each.

use readout_core::{Document, Span, Token, TokenKind};

/// Abbreviations that keep their period, compared case-insensitively without it.
/// Titles are listed separately in [`TITLES`]; months in [`MONTHS`].
const ABBREVIATIONS: &[&str] = &[
    "co", "corp", "inc", "ltd", "llc", "plc", "bros", "jr", "sr", "st", "mt", "ft", "vs", "etc",
    "approx", "est", "dept", "univ", "assn", "ave", "blvd", "rd", "cf", "al", "fig", "pp", "vol",
    "ed", "eds", "rev", "gov", "govt", "sen", "rep", "reps", "pres", "messrs", "mme", "mlle",
    "esq", "ph", "no", "nos", "op", "cit", "ibid", "viz", "min", "max", "hr", "hrs", "km", "kg",
    "lb", "lbs", "oz", "sq", "dist", "div", "gen", "lt", "col", "sgt", "capt", "maj", "adm",
    "cmdr", "cpl", "pvt", "brig", "supt", "insp", "amb", "hon", "prof", "dr", "mr", "mrs", "ms",
    "fr", "sec", "atty", "rt",
];

/// Titles and other prepositive abbreviations: a name follows, so they never end a sentence.
pub(crate) const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "cmdr",
    "cpl", "pvt", "brig", "supt", "insp", "sen", "rep", "gov", "pres", "rev", "hon", "st", "mt",
    "ft", "messrs", "mme", "mlle", "fr", "amb", "atty", "rt",
];

/// Month abbreviations: a day number usually follows ("Feb. 25").
pub(crate) use crate::calendar::MONTH_ABBREVIATIONS as MONTHS;

/// Tokenize `text[span]`, appending tokens (with offsets into `text`) to `out`.
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    let mut t = Scanner {
        text,
        pos: span.start,
        end: span.end,
        out,
    };
    t.run();
}

/// The tokens of sentence `i` of `doc`: its stored tokens when they fit it
/// ([`Document::stored_sentence_tokens`]), else the sentence tokenized again into `buf`
/// (nothing for a sentence whose span is not a range of the text). The flag is true for
/// stored tokens, which carry what later stages added (the parse).
pub fn sentence_tokens<'a>(
    doc: &'a Document,
    i: usize,
    buf: &'a mut Vec<Token>,
) -> (&'a [Token], bool) {
    if let Some(stored) = doc.stored_sentence_tokens(i) {
        return (stored, true);
    }
    buf.clear();
    if let Some(s) = doc.sentences.get(i) {
        if s.span.end <= doc.text.len() && s.span.start <= s.span.end {
            tokenize_into(&doc.text, s.span, buf);
        }
    }
    (buf, false)
}

/// Tokenize a whole string.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, Span::new(0, text.len()), &mut out);
    out
}

struct Scanner<'a, 'o> {
    text: &'a str,
    pos: usize,
    end: usize,
    out: &'o mut Vec<Token>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Closing punctuation that may end a URL in running text without being part of it.
fn is_url_trailer(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '’' | '”' | '»' | '>'
    )
}

impl Scanner<'_, '_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..self.end]
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.text.get(self.pos + offset..self.end)?.chars().next()
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        if end > start {
            self.out.push(Token {
                span: Span::new(start, end),
                text: self.text[start..end].to_string(),
                kind,
                syntax: None,
            });
        }
    }

    fn run(&mut self) {
        while self.pos < self.end {
            let Some(c) = self.rest().chars().next() else {
                break;
            };
            if c.is_whitespace() {
                self.pos += c.len_utf8();
                continue;
            }
            if let Some(len) = self.url_or_email_len() {
                let start = self.pos;
                self.pos += len;
                self.push(start, self.pos, TokenKind::Word);
                continue;
            }
            if let Some(len) = self.attached_clitic_len() {
                let start = self.pos;
                self.pos += len;
                self.push(start, self.pos, TokenKind::Word);
            } else if is_word_char(c) {
                self.word();
            } else if c == '.' {
                self.dots();
            } else if c == '!' || c == '?' {
                let start = self.pos;
                let len = self
                    .rest()
                    .find(|c: char| c != '!' && c != '?')
                    .unwrap_or(self.rest().len());
                self.pos += len;
                self.push(start, self.pos, TokenKind::Punct);
            } else if c == '-' && self.peek_at(1) == Some('-') {
                let start = self.pos;
                let len = self
                    .rest()
                    .find(|c: char| c != '-')
                    .unwrap_or(self.rest().len());
                self.pos += len;
                self.push(start, self.pos, TokenKind::Punct);
            } else {
                let start = self.pos;
                self.pos += c.len_utf8();
                let kind = if c.is_ascii_punctuation()
                    && !matches!(
                        c,
                        '$' | '%' | '&' | '#' | '@' | '+' | '=' | '<' | '>' | '^' | '|' | '~' | '*'
                    )
                    || is_unicode_punct(c)
                {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                self.push(start, self.pos, kind);
            }
        }
    }

    /// A URL (`http://…`, `https://…`, `www.…`) or an e-mail address at the cursor.
    ///
    /// Every look-ahead is bounded (a URL is only tried where one starts; an address's local
    /// part is at most 64 bytes and its domain 255, as RFC 5321 allows), so long runs without
    /// spaces stay linear to tokenize.
    fn url_or_email_len(&self) -> Option<usize> {
        let rest = self.rest();
        let head = rest.as_bytes();
        let starts = |p: &[u8]| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p);
        let is_url =
            starts(b"http://") || starts(b"https://") || (starts(b"www.") && head.len() > 6);
        let run = if is_url {
            &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())]
        } else {
            let local = rest
                .char_indices()
                .take(65)
                .find(|&(_, c)| !(c.is_alphanumeric() || "._%+-".contains(c)))
                .map(|(i, _)| i)?;
            if local == 0 || local > 64 || !rest[local..].starts_with('@') {
                return None;
            }
            let domain_start = local + 1;
            let domain_len = rest[domain_start..]
                .char_indices()
                .take(256)
                .find(|&(_, c)| !(c.is_alphanumeric() || ".-".contains(c)))
                .map_or(rest.len() - domain_start, |(i, _)| i);
            let domain = rest[domain_start..domain_start + domain_len].trim_end_matches(['.', '-']);
            if domain_len > 255 || !domain.contains('.') || domain.starts_with('.') {
                return None;
            }
            &rest[..domain_start + domain.len()]
        };
        let trimmed = run.trim_end_matches(is_url_trailer);
        // Keep a closing bracket that has its opening bracket inside the URL.
        let mut len = trimmed.len();
        if run[len..].starts_with(')') && trimmed.contains('(') {
            len += 1;
        }
        (len > 0).then_some(len)
    }

    /// A clitic at the cursor that is attached to the word before it (`’s` in `Russia’s`).
    fn attached_clitic_len(&self) -> Option<usize> {
        let attached = self.text[..self.pos]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if attached {
            self.clitic_len(self.pos)
        } else {
            None
        }
    }

    /// The length of a clitic (`'s`, `’re`, `n't`…) starting at `at`, when the text there is
    /// one followed by a non-letter.
    fn clitic_len(&self, at: usize) -> Option<usize> {
        let rest = self.text.get(at..self.end)?;
        let mut chars = rest.chars();
        let first = chars.next()?;
        let (skip, body) = if first == 'n' || first == 'N' {
            let second = chars.next()?;
            if !is_apostrophe(second) {
                return None;
            }
            (1 + second.len_utf8(), &rest[1 + second.len_utf8()..])
        } else if is_apostrophe(first) {
            (first.len_utf8(), &rest[first.len_utf8()..])
        } else {
            return None;
        };
        let word_len = body
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(body.len());
        let word = body[..word_len].to_ascii_lowercase();
        let is_clitic = if first == 'n' || first == 'N' {
            word == "t"
        } else {
            matches!(word.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m")
        };
        is_clitic.then_some(skip + word_len)
    }

    fn word(&mut self) {
        let start = self.pos;
        let starts_with_digit = self.rest().starts_with(|c: char| c.is_ascii_digit());
        // Initialisms: single letters each followed by a period (U.S., a.m., U.S.A.).
        if let Some(len) = self.initialism_len() {
            self.pos += len;
            self.push(start, self.pos, TokenKind::Word);
            return;
        }
        // Whether the token so far is digits and number separators only, kept up to date as
        // the token grows (recomputing it at every joint would be quadratic).
        let mut all_digits = true;
        loop {
            let rest = self.rest();
            let run = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            all_digits = all_digits && rest[..run].bytes().all(|b| b.is_ascii_digit());
            self.pos += run;
            let rest = self.rest();
            let mut chars = rest.chars();
            let Some(next) = chars.next() else { break };
            let after = chars.next();
            let after_is_word = after.is_some_and(is_word_char);
            if matches!(next, '-' | '‑') && after_is_word {
                all_digits = false;
                self.pos += next.len_utf8();
            } else if all_digits
                && matches!(next, '.' | ',' | ':' | '/')
                && after.is_some_and(|c| c.is_ascii_digit())
            {
                self.pos += 1;
            } else if is_apostrophe(next) && after.is_some_and(char::is_alphabetic) {
                let n_t = self.pos > start + 1 && self.clitic_len(self.pos - 1).is_some();
                if n_t || self.clitic_len(self.pos).is_some() {
                    break;
                }
                all_digits = false;
                self.pos += next.len_utf8();
            } else {
                break;
            }
        }
        // "don't" → "do" + "n't": give the n back to the clitic.
        let word = &self.text[start..self.pos];
        if word.len() > 1
            && (word.ends_with('n') || word.ends_with('N'))
            && self.clitic_len(self.pos - 1).is_some()
        {
            self.pos -= 1;
        }
        // Keep the period of a known abbreviation or a single-letter initial.
        let word = &self.text[start..self.pos];
        if self.rest().starts_with('.') && !self.rest().starts_with("..") {
            let lower = word.to_lowercase();
            let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
            if single_letter
                || ABBREVIATIONS.contains(&lower.as_str())
                || MONTHS.contains(&lower.as_str())
            {
                // "No." only before a number; lower-case "no." is the word.
                let is_no = lower == "no" || lower == "nos";
                let number_follows = self.text[self.pos + 1..self.end]
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit());
                if !is_no || (word.starts_with('N') && number_follows) {
                    self.pos += 1;
                }
            }
        }
        let kind = if starts_with_digit {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        self.push(start, self.pos, kind);
    }

    /// Length of an initialism at the cursor (`U.S.`, `a.m.`, `U.S.A.`, `e.g.`): at least two
    /// single letters each followed by a period.
    fn initialism_len(&self) -> Option<usize> {
        let bytes = self.rest().as_bytes();
        let mut i = 0;
        let mut letters = 0;
        while i + 1 < bytes.len() && bytes[i].is_ascii_alphabetic() && bytes[i + 1] == b'.' {
            letters += 1;
            i += 2;
        }
        let next_is_word = bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
        (letters >= 2 && !next_is_word).then_some(i)
    }

    /// A period, or an ellipsis: `...` (any run of 3+ dots) or spaced `. . .` when the first
    /// dot stands apart from the previous word.
    fn dots(&mut self) {
        let start = self.pos;
        let run = self.rest().find(|c| c != '.').unwrap_or(self.rest().len());
        if run >= 2 {
            self.pos += run;
            self.push(start, self.pos, TokenKind::Punct);
            return;
        }
        let preceded_by_space = start == 0
            || self.text[..start]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace);
        if preceded_by_space {
            // Spaced ellipsis: ". . ." or ". . . ." (dot, space, dot...).
            let bytes = self.rest().as_bytes();
            let mut i = 1;
            let mut dots = 1;
            while i + 1 < bytes.len() && bytes[i] == b' ' && bytes[i + 1] == b'.' {
                dots += 1;
                i += 2;
            }
            if dots >= 3 {
                self.pos += i;
                self.push(start, self.pos, TokenKind::Punct);
                return;
            }
        }
        self.pos += 1;
        self.push(start, self.pos, TokenKind::Punct);
    }
}

fn is_unicode_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '„'
            | '‚'
            | '–'
            | '—'
            | '―'
            | '‐'
            | '‑'
            | '…'
            | '·'
            | '¿'
            | '¡'
            | '「'
            | '」'
            | '『'
            | '』'
            | '（'
            | '）'
            | '，'
            | '。'
            | '：'
            | '；'
            | '！'
            | '？'
            | '、'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn sentence_tokens_are_the_stored_ones_when_they_fit_else_tokenized_again() {
        let text = "Rain fell. Roads flooded.";
        let mut doc = Document::from_normalized("d", text.to_string());
        let sentence = |start: usize, end: usize, token_start: usize, token_end: usize| {
            readout_core::Sentence {
                span: Span::new(start, end),
                text: text[start..end].to_string(),
                zone: readout_core::TextZone::Body,
                paragraph: 0,
                token_start,
                token_end,
            }
        };
        doc.tokens = tokenize(text);
        doc.sentences = vec![sentence(0, 10, 0, 3), sentence(11, 25, 3, 6)];
        let mut buf = Vec::new();
        let (toks, stored) = sentence_tokens(&doc, 1, &mut buf);
        assert!(stored);
        assert_eq!(
            toks.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["Roads", "flooded", "."]
        );
        // A token range that runs outside its sentence is not used.
        doc.sentences[1].token_start = 2;
        let (toks, stored) = sentence_tokens(&doc, 1, &mut buf);
        assert!(!stored);
        assert_eq!(toks.len(), 3);
        assert_eq!(toks[0].span, Span::new(11, 16));
        // Dropped tokens: each sentence is tokenized again, with offsets into the text.
        doc.tokens.clear();
        let (toks, stored) = sentence_tokens(&doc, 0, &mut buf);
        assert!(!stored);
        assert_eq!(
            toks.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["Rain", "fell", "."]
        );
        // A span that is not a range of the text gives no tokens (and no panic).
        doc.sentences[0].span = Span::new(20, 40);
        assert!(sentence_tokens(&doc, 0, &mut buf).0.is_empty());
        assert!(sentence_tokens(&doc, 9, &mut buf).0.is_empty());
    }

    #[test]
    fn token_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Mr. Oduya left.", &["Mr.", "Oduya", "left", "."]),
            ("the U.N. agency", &["the", "U.N.", "agency"]),
            ("at 5 a.m. sharp", &["at", "5", "a.m.", "sharp"]),
            ("Feb. 25, 2023", &["Feb.", "25", ",", "2023"]),
            ("Harbour’s gate", &["Harbour", "’s", "gate"]),
            ("they don't know", &["they", "do", "n't", "know"]),
            ("O'Malley said", &["O'Malley", "said"]),
            ("a cease-fire deal", &["a", "cease-fire", "deal"]),
            ("$1,200.50 paid", &["$", "1,200.50", "paid"]),
            (
                "on 2024-03-01 at 10:30",
                &["on", "2024-03-01", "at", "10:30"],
            ),
            ("the 5th floor", &["the", "5th", "floor"]),
            (
                "“Go,” she said.",
                &["“", "Go", ",", "”", "she", "said", "."],
            ),
            ("wait... what", &["wait", "...", "what"]),
            ("end . . . next", &["end", ". . .", "next"]),
            ("end. . . . next", &["end", ".", ". . .", "next"]),
            ("Really?! Yes!!", &["Really", "?!", "Yes", "!!"]),
            (
                "see https://example.org/a_b.html. Then",
                &["see", "https://example.org/a_b.html", ".", "Then"],
            ),
            (
                "mail j.roe@example.net, now",
                &["mail", "j.roe@example.net", ",", "now"],
            ),
            ("Jonas E. Lund", &["Jonas", "E.", "Lund"]),
            (
                "No. 7 and no. Then",
                &["No.", "7", "and", "no", ".", "Then"],
            ),
            (
                "Kyiv (Reuters) – Troops",
                &["Kyiv", "(", "Reuters", ")", "–", "Troops"],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn offsets_slice_the_text() {
        let s = "Viļumsons told the ambassador: “It’s time.” 13 children…";
        for t in tokenize(s) {
            assert_eq!(&s[t.span.start..t.span.end], t.text);
        }
    }

    #[test]
    fn kinds() {
        let toks = tokenize("Kyiv 136 , $");
        let kinds: Vec<_> = toks.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Word,
                TokenKind::Number,
                TokenKind::Punct,
                TokenKind::Symbol
            ]
        );
    }
}

#[cfg(test)]
mod regression {
    use super::*;

    /// Long runs without whitespace once made the URL/e-mail look-ahead and the number joiner
    /// quadratic (found by the fuzz work): 200 KB of them must tokenize in one linear pass.
    #[test]
    fn long_runs_without_spaces_tokenize_linearly() {
        for unit in ["(", "a,", "1,1,", "1:1/", "a.a@", "中文，"] {
            let text = unit.repeat(200_000 / unit.len());
            let tokens = tokenize(&text);
            assert!(!tokens.is_empty(), "{unit:?}");
            // Tokens cover the text in order, each slicing to its own text.
            let mut at = 0;
            for t in &tokens {
                assert!(t.span.start >= at, "{unit:?}: tokens out of order");
                assert_eq!(&text[t.span.start..t.span.end], t.text);
                at = t.span.end;
            }
        }
        let email = tokenize("write to desk.news@example.org today");
        assert_eq!(email[2].text, "desk.news@example.org");
    }
}
