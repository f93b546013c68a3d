//! Segment: tokens → sentence spans, with rules written for news text.
//!
//! A boundary candidate is a token that can end a sentence: `.`, `!`, `?` (and runs of them),
//! a four-dot ellipsis, or an abbreviation with its period. Closing quotes and brackets right
//! after it belong to the sentence that ends. Whether a candidate is a boundary depends on
//! what follows:
//! * a lower-case word, a comma or a closing bracket continues the sentence
//!   (`“Stop.” she said`, `Yahoo! in`, `I asked. statement from`);
//! * after a title (`Mr.`, `Gen.`, `St.`) the sentence never ends;
//! * after another abbreviation (`U.S.`, `Co.`, `a.m.`, `E.`) it ends only when the next word
//!   is one that typically starts a sentence (`It`, `The`, `How`, `Mr.`), not a name
//!   (`U.S. Government`, `Jonas E. Smith`); a month abbreviation or `No.` before a number
//!   never ends it (`Feb. 25`);
//! * a three-dot ellipsis does not end a sentence; a four-dot one (an ellipsis plus the
//!   period) does, before an upper-case word;
//! * inside brackets that close within the paragraph nothing ends (`(He worked there.) and`);
//! * a blank line always ends a sentence; a single line break ends one after a short
//!   heading-like line or before a list item;
//! * numbered, lettered and bulleted list items (`1.`, `2)`, `a.`, `•`) each start a sentence.

use readout_core::{Span, Token, TokenKind};

use crate::tokenize::{MONTHS, TITLES};

/// Words that typically start a sentence. After an abbreviation, a capitalized word from this
/// list signals a boundary; any other capitalized word is taken as a continuing name.
const SENTENCE_STARTERS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "there",
    "here",
    "how",
    "what",
    "when",
    "where",
    "why",
    "who",
    "which",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "if",
    "in",
    "on",
    "at",
    "for",
    "after",
    "before",
    "as",
    "while",
    "since",
    "then",
    "however",
    "meanwhile",
    "still",
    "also",
    "although",
    "though",
    "did",
    "does",
    "do",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "not",
    "no",
    "yes",
    "one",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "every",
    "other",
    "another",
    "such",
    "according",
    "earlier",
    "later",
    "last",
    "next",
    "now",
    "today",
    "yesterday",
    "tomorrow",
];

/// Bullets that start list items.
fn is_bullet(s: &str) -> bool {
    matches!(s, "•" | "⁃" | "▪" | "◦" | "‣" | "●" | "■" | "□" | "➢" | "►")
}

fn is_closer(s: &str) -> bool {
    matches!(s, "”" | "’" | "\"" | "'" | ")" | "]" | "»" | "›" | "}")
}

fn is_opener(s: &str) -> bool {
    matches!(s, "“" | "‘" | "\"" | "'" | "(" | "[" | "«" | "‹" | "{")
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn abbreviation_stem(tok: &str) -> Option<String> {
    let stem = tok.strip_suffix('.')?;
    if stem.is_empty() || !stem.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some(stem.to_lowercase())
}

/// Split `tokens` (all inside one zone of `text`) into sentences. Returns, for each sentence,
/// the index range of its tokens.
pub fn split(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let n = tokens.len();
    if n == 0 {
        return Vec::new();
    }
    let list_starts = list_item_starts(text, tokens);
    let bracket_close = matching_brackets(text, tokens);
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Index (exclusive) until which we are inside brackets.
    let mut inside_until = 0usize;
    while i < n {
        if let Some(close) = bracket_close[i] {
            inside_until = inside_until.max(close);
        }
        // A list item or bullet starts a new sentence.
        if i > start && list_starts[i] {
            sentences.push(start..i);
            start = i;
        }
        let gap = gap_after(text, tokens, i);
        if gap.paragraph {
            sentences.push(start..i + 1);
            start = i + 1;
            inside_until = 0;
            i += 1;
            continue;
        }
        if i < inside_until {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let decision = ends_sentence(tokens, &list_starts, start, i);
        if decision != Decision::No {
            // Closing quotes and brackets after the terminator go with it: attached ones
            // always, a spaced-off curly closing quote too (`influence. ” According`).
            while end < n && is_closer(&tokens[end].text) {
                let gap = gap_after(text, tokens, end - 1);
                let unambiguous = matches!(tokens[end].text.as_str(), "”" | "»");
                if gap.line || (gap.space && !unambiguous) {
                    break;
                }
                end += 1;
            }
            let next = tokens.get(end).map(|t| t.text.as_str());
            let boundary = match (decision, next) {
                (_, None) => true,
                (Decision::Strong, Some(next)) => !continues(next) || list_starts[end],
                (Decision::Abbreviation, Some(next)) => {
                    list_starts[end]
                        || (starts_upper(next)
                            && (SENTENCE_STARTERS.contains(&next.to_lowercase().as_str())
                                || abbreviation_stem(next)
                                    .is_some_and(|s| TITLES.contains(&s.as_str()))))
                        || is_opener(next)
                }
                (Decision::No, _) => false,
            };
            if boundary {
                sentences.push(start..end);
                start = end;
                i = end;
                continue;
            }
        } else if gap.line && line_break_ends_sentence(text, tokens, start, i) {
            sentences.push(start..i + 1);
            start = i + 1;
        }
        i += 1;
    }
    if start < n {
        sentences.push(start..n);
    }
    merge_bracketed_insertions(text, tokens, sentences)
}

/// A "sentence" that is only a bracketed insertion (`[U.N. Security Council.]”`) belongs to
/// the sentence before it, when both are in one paragraph.
fn merge_bracketed_insertions(
    text: &str,
    tokens: &[Token],
    sentences: Vec<std::ops::Range<usize>>,
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(sentences.len());
    for r in sentences {
        let is_insertion = tokens[r.start].text == "[" && {
            let mut last = r.end - 1;
            while last > r.start && is_closer(&tokens[last].text) && tokens[last].text != "]" {
                last -= 1;
            }
            tokens[last].text == "]"
                && !tokens[r.start + 1..last]
                    .iter()
                    .any(|t| t.text == "[" || t.text == "]")
        };
        match out.last_mut() {
            Some(prev) if is_insertion && !gap_after(text, tokens, prev.end - 1).paragraph => {
                prev.end = r.end;
            }
            _ => out.push(r),
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decision {
    /// Not a sentence end.
    No,
    /// `.`, `!`, `?`: ends the sentence unless the next token continues it.
    Strong,
    /// An abbreviation's period: ends the sentence only before a typical sentence opener.
    Abbreviation,
}

/// True when a token after sentence-final punctuation continues the same sentence.
fn continues(next: &str) -> bool {
    starts_lower(next) || matches!(next, "," | ";" | ":" | ")" | "]" | "-" | "–" | "—")
}

fn ends_sentence(tokens: &[Token], list_starts: &[bool], start: usize, i: usize) -> Decision {
    let tok = &tokens[i];
    // A list marker ("a.", or the period of "1.") opens its item; it never ends a sentence.
    if list_starts[i] || (i > 0 && list_starts[i - 1] && tok.text == ".") {
        return Decision::No;
    }
    let text = tok.text.as_str();
    let next = tokens.get(i + 1).map(|t| t.text.as_str());
    let next_is_number = next.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
    // "[Official transcript.]": a bracket closing on sentence-final punctuation ("1.)" is a
    // list marker: it closes nothing).
    let opener = match text {
        ")" => "(",
        "]" => "[",
        _ => "",
    };
    if !opener.is_empty()
        && i > 0
        && matches!(tokens[i - 1].text.as_str(), "." | "!" | "?")
        && tokens[start..i].iter().any(|t| t.text == opener)
    {
        return Decision::Strong;
    }
    if tok.kind == TokenKind::Punct {
        let dots = text.chars().filter(|&c| c == '.').count();
        let only_dots = text.chars().all(|c| c == '.' || c == ' ');
        if text == "." {
            let prev = i.checked_sub(1).map(|p| &tokens[p]);
            // "1. The first item", "• 9. The first item": a number opening the sentence is a
            // list marker.
            let opens = i == start + 1 || (i == start + 2 && is_bullet(&tokens[start].text));
            if prev.is_some_and(|p| p.kind == TokenKind::Number) && opens {
                return Decision::No;
            }
            // "N°. 1026": a period after a symbol, before a number.
            if prev.is_some_and(|p| p.kind == TokenKind::Symbol) && next_is_number {
                return Decision::No;
            }
            // A period followed by a spaced ellipsis: the period ends the sentence when what
            // follows the ellipsis starts a new one ("compounds. . . . The practice").
            if next.is_some_and(|t| t.starts_with(". .")) {
                let after = tokens.get(i + 2).map(|t| t.text.as_str());
                return if after.is_some_and(starts_upper) {
                    Decision::Strong
                } else {
                    Decision::No
                };
            }
            return Decision::Strong;
        }
        if only_dots && dots >= 4 {
            return Decision::Strong;
        }
        if only_dots || text == "…" {
            return Decision::No;
        }
        if text.chars().all(|c| c == '!' || c == '?') {
            return Decision::Strong;
        }
        return Decision::No;
    }
    if tok.kind == TokenKind::Word {
        if let Some(stem) = abbreviation_stem(text) {
            if TITLES.contains(&stem.as_str()) && !text.starts_with(char::is_lowercase) {
                return Decision::No;
            }
            if (MONTHS.contains(&stem.as_str()) || stem == "no" || stem == "nos") && next_is_number
            {
                return Decision::No;
            }
            // Includes lower-case "st." ("5th st. near"): a street, not a title.
            return Decision::Abbreviation;
        }
    }
    Decision::No
}

/// What separates token `i` from the next one.
#[derive(Debug, Default, Clone, Copy)]
struct Gap {
    space: bool,
    line: bool,
    paragraph: bool,
}

fn gap_after(text: &str, tokens: &[Token], i: usize) -> Gap {
    let Some(next) = tokens.get(i + 1) else {
        return Gap::default();
    };
    let between = &text[tokens[i].span.end..next.span.start];
    let newlines = between.matches('\n').count();
    Gap {
        space: !between.is_empty(),
        line: newlines >= 1,
        paragraph: newlines >= 2,
    }
}

/// A single line break ends a sentence after a short line without final punctuation (a
/// heading, a dateline on its own line, a list line) when the next line starts a new thought.
fn line_break_ends_sentence(text: &str, tokens: &[Token], start: usize, i: usize) -> bool {
    let Some(next) = tokens.get(i + 1) else {
        return true;
    };
    let line_start = text[..tokens[i].span.end].rfind('\n').map_or(0, |p| p + 1);
    let line_len = tokens[i].span.end - line_start.max(tokens[start].span.start.min(line_start));
    let ends_open = matches!(
        tokens[i].text.as_str(),
        "," | ";" | "-" | "–" | "—" | "(" | "“"
    );
    if ends_open || starts_lower(&next.text) {
        return false;
    }
    is_bullet(&next.text) || line_len <= 60
}

/// For each opening bracket token, the index just past its matching closing bracket when that
/// lies in the same paragraph within 80 tokens; `None` otherwise (an unbalanced bracket must
/// not swallow the rest of the text).
fn matching_brackets(text: &str, tokens: &[Token]) -> Vec<Option<usize>> {
    let mut out = vec![None; tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        let close = match t.text.as_str() {
            "(" => ")",
            "[" => "]",
            _ => continue,
        };
        let open = t.text.as_str();
        let mut depth = 0;
        for j in i + 1..tokens.len().min(i + 80) {
            if gap_after(text, tokens, j - 1).paragraph {
                break;
            }
            let s = tokens[j].text.as_str();
            if s == open {
                depth += 1;
            } else if s == close {
                if depth == 0 {
                    out[i] = Some(j);
                    break;
                }
                depth -= 1;
            }
        }
    }
    out
}

/// Tokens that start a list item: bullets, and markers of numbered (`1.`, `2)`, `3.)`) or
/// lettered (`a.`, `b.`) lists when at least two consecutive markers appear in a paragraph.
fn list_item_starts(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut starts = vec![false; tokens.len()];
    // (token index, marker value) of candidate markers, per kind.
    let mut numbered: Vec<(usize, u32)> = Vec::new();
    let mut lettered: Vec<(usize, u32)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let s = t.text.as_str();
        if is_bullet(s) && tokens.get(i + 1).is_some() {
            starts[i] = true;
            continue;
        }
        let after_bullet = i > 0 && is_bullet(&tokens[i - 1].text);
        if t.kind == TokenKind::Number && s.len() <= 3 {
            let follow = tokens.get(i + 1).map(|t| t.text.as_str());
            if matches!(follow, Some(".") | Some(")")) {
                if let Ok(v) = s.parse::<u32>() {
                    if !after_bullet {
                        numbered.push((i, v));
                    }
                }
            }
        } else if t.kind == TokenKind::Word && s.len() == 2 && s.ends_with('.') {
            let c = s.as_bytes()[0];
            if c.is_ascii_lowercase() {
                lettered.push((i, u32::from(c - b'a') + 1));
            }
        }
    }
    for markers in [numbered, lettered] {
        for pair in markers.windows(2) {
            let ((i, v), (j, w)) = (pair[0], pair[1]);
            let same_paragraph = !(i..j).any(|k| gap_after(text, tokens, k).paragraph);
            if w == v + 1 && same_paragraph {
                starts[j] = true;
                starts[i] = true;
            }
        }
    }
    starts
}

/// Sentence spans of one zone: tokens `tokens` of `text`, their sentences as token ranges.
pub fn sentence_span(tokens: &[Token], range: &std::ops::Range<usize>) -> Span {
    Span::new(
        tokens[range.start].span.start,
        tokens[range.end - 1].span.end,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        split(text, &tokens)
            .into_iter()
            .map(|r| {
                let s = sentence_span(&tokens, &r);
                text[s.start..s.end].to_string()
            })
            .collect()
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "The vote failed. Delegates left.",
                &["The vote failed.", "Delegates left."],
            ),
            (
                "Mr. Oduya met Gen. Haas on Feb. 3. They spoke.",
                &["Mr. Oduya met Gen. Haas on Feb. 3.", "They spoke."],
            ),
            (
                "Aid reached the U.N. compound. It was late.",
                &["Aid reached the U.N. compound.", "It was late."],
            ),
            (
                "Aid came from the U.S. The E.U. sent none.",
                &["Aid came from the U.S.", "The E.U. sent none."],
            ),
            (
                "She works for the U.S. Treasury in Ohio.",
                &["She works for the U.S. Treasury in Ohio."],
            ),
            (
                "“We will rebuild.” The mayor left.",
                &["“We will rebuild.”", "The mayor left."],
            ),
            (
                "“We will rebuild,” the mayor said. Crowds cheered.",
                &["“We will rebuild,” the mayor said.", "Crowds cheered."],
            ),
            ("“Enough.” she said.", &["“Enough.” she said."]),
            (
                "He asked. statement from the office.",
                &["He asked. statement from the office."],
            ),
            (
                "The town (home to 3,000 people.) was hit. Roads closed.",
                &["The town (home to 3,000 people.) was hit.", "Roads closed."],
            ),
            (
                "KYIV, Ukraine (Newswire) – Sirens sounded. Then calm.",
                &["KYIV, Ukraine (Newswire) – Sirens sounded.", "Then calm."],
            ),
            (
                "Prices rose 3.5 percent. Wages fell.",
                &["Prices rose 3.5 percent.", "Wages fell."],
            ),
            ("Really?! Yes.", &["Really?!", "Yes."]),
            (
                "Flood Warnings Issued\nRivers rose overnight.",
                &["Flood Warnings Issued", "Rivers rose overnight."],
            ),
            (
                "First paragraph ends\n\nSecond one",
                &["First paragraph ends", "Second one"],
            ),
            (
                "Steps: 1) Pack bags 2) Leave town",
                &["Steps:", "1) Pack bags", "2) Leave town"],
            ),
            (
                "“We stay. We rebuild. ” Officials agreed.",
                &["“We stay.", "We rebuild. ”", "Officials agreed."],
            ),
            (
                "Talks ended, the envoy said. [Official transcript.]” More soon.",
                &[
                    "Talks ended, the envoy said. [Official transcript.]”",
                    "More soon.",
                ],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(sentences(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn unbalanced_bracket_does_not_swallow_text() {
        let text = "He said (and left. Then rain came. More rain fell.";
        assert_eq!(sentences(text).len(), 3, "{:?}", sentences(text));
    }
}
