//! Word-level helpers shared by story clustering and claim comparison: tokenizing with byte
//! spans, folding words to a comparison key, stop words, and calendar arithmetic.
//!
//! Documents written by `readout analyze` drop their tokens by default, so this module
//! re-tokenizes sentence text itself (letters and digits; everything else separates words).

use chrono::Datelike;

/// A word of a text with its byte span (relative to the text passed in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The word as written.
    pub text: &'a str,
}

/// Split `text` into words: runs of alphanumeric characters, keeping inner apostrophes,
/// hyphens, periods and commas between digits ("don't", "well-known", "1,200", "3.5").
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner_joiner = matches!(c, '\'' | '’' | '-' | '.' | ',')
            && start.is_some()
            && k > 0
            && chars[k - 1].1.is_alphanumeric()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
            && (c != ',' && c != '.' || chars[k - 1].1.is_ascii_digit());
        if c.is_alphanumeric() || inner_joiner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Word {
                start: s,
                end: i,
                text: &text[s..i],
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
            text: &text[s..],
        });
    }
    out
}

/// Lower-case, fold curly apostrophes, and strip a possessive `'s`.
pub fn fold(word: &str) -> String {
    let mut w: String = word
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    if w.ends_with("'s") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('\'') {
        w.pop();
    }
    w
}

/// A light suffix-stripping stem, so that "killed"/"killing"/"kills" and
/// "civilians"/"civilian" compare equal. Deliberately crude and deterministic; it is applied
/// to both sides alike, so it only has to be consistent, not linguistically right.
pub fn stem(folded: &str) -> String {
    let w = folded;
    if !w.is_ascii() || w.len() <= 3 || w.bytes().any(|b| b.is_ascii_digit()) {
        return w.to_string();
    }
    for (suffix, replacement, min_stem) in [
        ("ies", "y", 3),
        ("sses", "ss", 2),
        ("ings", "", 4),
        ("ing", "", 4),
        ("edly", "", 4),
        ("ed", "", 4),
        ("ly", "", 4),
        ("es", "", 4),
        ("s", "", 3),
    ] {
        if let Some(stem) = w.strip_suffix(suffix) {
            if stem.len() >= min_stem && !(suffix == "s" && stem.ends_with('s')) {
                let mut s = format!("{stem}{replacement}");
                // "stopped" → "stop", "planned" → "plan".
                let b = s.as_bytes();
                if (suffix.starts_with("ing") || suffix.starts_with("ed"))
                    && b.len() >= 2
                    && b[b.len() - 1] == b[b.len() - 2]
                    && !matches!(b[b.len() - 1], b'l' | b's' | b'z')
                {
                    s.pop();
                }
                return drop_final_e(s);
            }
        }
    }
    drop_final_e(w.to_string())
}

/// "promise"/"promised"/"promises" all end as "promis".
fn drop_final_e(mut s: String) -> String {
    if s.len() > 4 && s.ends_with('e') {
        s.pop();
    }
    s
}

/// The comparison key of a word: folded then stemmed.
pub fn key(word: &str) -> String {
    stem(&fold(word))
}

/// Function words and reporting verbs: never content, never a contrast.
pub fn is_stop(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// True when the word is a number written in digits.
pub fn is_number(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

// Sorted (checked by a test): binary search.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "across",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "almost",
    "along",
    "already",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "became",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "during",
    "each",
    "either",
    "else",
    "even",
    "ever",
    "every",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "new",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "would",
    "year",
    "yet",
    "you",
    "your",
];

/// Days since 1970-01-01 of an ISO date `YYYY-MM-DD` (a longer value such as
/// `2022-03-01T10:00` is read up to its day); `None` when it is not a full date, or not a day
/// of the calendar (`2022-02-31`).
pub fn day_number(iso: &str) -> Option<i64> {
    let b = iso.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = iso.get(0..4)?.parse().ok()?;
    let m: u32 = iso.get(5..7)?.parse().ok()?;
    let d: u32 = iso.get(8..10)?.parse().ok()?;
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    Some(i64::from(date.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE)
}

/// `num_days_from_ce` of 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(is_stop("the") && is_stop("said") && !is_stop("ceasefire"));
    }

    #[test]
    fn words_keep_spans_and_inner_joiners() {
        let text = "Minister Varga’s aides don't count 1,250 well-known cases.";
        let ws = words(text);
        let texts: Vec<&str> = ws.iter().map(|w| w.text).collect();
        assert_eq!(
            texts,
            [
                "Minister",
                "Varga’s",
                "aides",
                "don't",
                "count",
                "1,250",
                "well-known",
                "cases"
            ]
        );
        for w in &ws {
            assert_eq!(&text[w.start..w.end], w.text);
        }
        assert!(words("").is_empty());
        assert!(words(" -- ").is_empty());
    }

    #[test]
    fn keys_fold_inflections_together() {
        assert_eq!(key("killed"), key("killing"));
        assert_eq!(key("Civilians"), key("civilian"));
        assert_eq!(key("Varga’s"), "varga");
        assert_eq!(key("stopped"), key("stop"));
        assert_eq!(key("promised"), key("promise"));
        assert_eq!(key("promises"), key("promise"));
        assert_eq!(key("invaded"), key("invade"));
        assert_ne!(key("invasion"), key("conflict"));
        assert_eq!(key("1,200"), "1,200");
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2024-03-01"),
            Some(day_number("2024-02-28").unwrap() + 2)
        );
        assert_eq!(day_number("2024-03"), None);
        assert_eq!(day_number("2024-13-01"), None);
        assert_eq!(day_number("garbage!!!"), None);
        assert_eq!(day_number("2022-03-01T10:00"), day_number("2022-03-01"));
        // Days the calendar does not have.
        assert_eq!(day_number("2022-02-31"), None);
        assert_eq!(day_number("2023-02-29"), None);
        assert_eq!(day_number("2024-04-31"), None);
        assert_eq!(
            day_number("2024-02-29"),
            Some(day_number("2024-03-01").unwrap() - 1)
        );
        assert_eq!(day_number("2000-01-01"), Some(10_957));
    }
}
