//! The span invariants of a [`Document`], checked in one place: every stage's tests, the CLI
//! tests and the fuzz targets call [`check_spans`].
//!
//! What holds for every analyzed document:
//! * **Text**: every span lies inside `text`, starts no later than it ends, and falls on
//!   UTF-8 character boundaries; an annotation that carries its text slices to exactly that
//!   text (`text[start..end] == annotation.text`).
//! * **Alignment**: it covers exactly `text`, and every token and sentence maps to a range
//!   of the original input.
//! * **Order**: tokens and sentences are non-empty, in text order and do not overlap;
//!   paragraph numbers never go back; mentions, entity mentions and time expressions are in
//!   text order.
//! * **Containment**: a sentence is the span of its tokens; a mention, time expression or
//!   count lies inside the sentence it names; a mention is the span of its tokens (when the
//!   tokens were kept); an event's span is its sentence's, its trigger inside it.
//! * **References**: sentence, mention, count and time indexes point at existing entries;
//!   entity ids of quotes and event actors name entities of the document.
//!
//! Tokens may have been dropped (records written without `--tokens`): the checks that need
//! them are skipped then.

use std::collections::HashSet;

use crate::{Document, Span, SpanText};

/// A broken invariant: which annotation and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {problem}")]
pub struct SpanError {
    /// The annotation, as a path into the record: `tokens[3]`, `quotes[1].cue`.
    pub what: String,
    /// What is wrong, with the offending values.
    pub problem: String,
}

/// Check every span invariant of `doc` (see the module documentation); the first broken one
/// is the error.
pub fn check_spans(doc: &Document) -> Result<(), SpanError> {
    let c = Checker { doc };
    c.alignment()?;
    c.tokens()?;
    c.sentences()?;
    c.layout()?;
    c.mentions()?;
    c.entities()?;
    c.times()?;
    c.quotes()?;
    c.counts()?;
    c.events()
}

fn fail<T>(what: impl Into<String>, problem: impl Into<String>) -> Result<T, SpanError> {
    Err(SpanError {
        what: what.into(),
        problem: problem.into(),
    })
}

struct Checker<'a> {
    doc: &'a Document,
}

impl Checker<'_> {
    /// A valid range of the text: ordered, inside it, on character boundaries.
    fn span(&self, what: &str, s: Span) -> Result<(), SpanError> {
        let len = self.doc.text.len();
        if s.start > s.end {
            return fail(what, format!("{s:?} is reversed"));
        }
        if s.end > len {
            return fail(what, format!("{s:?} ends past the {len}-byte text"));
        }
        if self.doc.slice(s).is_none() {
            return fail(what, format!("{s:?} splits a character"));
        }
        Ok(())
    }

    /// A valid range that slices to `text`.
    fn spanned(&self, what: &str, s: Span, text: &str) -> Result<(), SpanError> {
        self.span(what, s)?;
        let got = self.doc.slice(s).unwrap_or_default();
        if got != text {
            return fail(
                what,
                format!("{s:?} slices to {got:?}, not its text {text:?}"),
            );
        }
        Ok(())
    }

    fn span_text(&self, what: &str, st: &SpanText) -> Result<(), SpanError> {
        self.spanned(what, st.span, &st.text)
    }

    /// `sentence` is an index of the document's sentences whose span contains `s`.
    fn in_sentence(&self, what: &str, s: Span, sentence: usize) -> Result<(), SpanError> {
        let Some(sent) = self.doc.sentences.get(sentence) else {
            return fail(
                what,
                format!(
                    "sentence {sentence} does not exist ({} sentences)",
                    self.doc.sentences.len()
                ),
            );
        };
        if s.start < sent.span.start || s.end > sent.span.end {
            return fail(
                what,
                format!(
                    "{s:?} is not inside its sentence {sentence} {:?}",
                    sent.span
                ),
            );
        }
        Ok(())
    }

    /// Entity ids must name an entity of the document.
    fn entity_ref(&self, what: &str, id: Option<&str>) -> Result<(), SpanError> {
        match id {
            Some(id) if !self.doc.entities.iter().any(|e| e.id == id) => {
                fail(what, format!("entity {id:?} does not exist"))
            }
            _ => Ok(()),
        }
    }

    fn alignment(&self) -> Result<(), SpanError> {
        let len = self.doc.text.len();
        let a = &self.doc.alignment;
        if a.normalized_len() != len {
            return fail(
                "alignment",
                format!("covers {} bytes, the text has {len}", a.normalized_len()),
            );
        }
        let original_len = a.original_len();
        let spans = std::iter::once(Span::new(0, len))
            .chain(self.doc.tokens.iter().map(|t| t.span))
            .chain(self.doc.sentences.iter().map(|s| s.span));
        for s in spans {
            let o = a.original_span(s);
            if o.start > o.end || o.end > original_len {
                return fail(
                    "alignment",
                    format!("{s:?} maps to {o:?}, outside the {original_len}-byte input"),
                );
            }
        }
        Ok(())
    }

    /// One of a sequence of non-empty, non-overlapping spans in text order (tokens,
    /// sentences), slicing to its text; `prev_end` is where the one before ended.
    fn in_sequence(
        &self,
        what: &str,
        s: Span,
        text: &str,
        prev_end: usize,
    ) -> Result<(), SpanError> {
        self.spanned(what, s, text)?;
        if s.start == s.end {
            return fail(what, format!("{s:?} is empty"));
        }
        if s.start < prev_end {
            return fail(
                what,
                format!("{s:?} starts before the one before it ends ({prev_end})"),
            );
        }
        Ok(())
    }

    /// Tokens: non-empty, in order, not overlapping, slicing to their text.
    fn tokens(&self) -> Result<(), SpanError> {
        let mut prev_end = 0;
        for (i, tok) in self.doc.tokens.iter().enumerate() {
            self.in_sequence(&format!("tokens[{i}]"), tok.span, &tok.text, prev_end)?;
            prev_end = tok.span.end;
        }
        Ok(())
    }

    /// Sentences: non-empty, in order, not overlapping, slicing to their text, paragraph
    /// numbers not going back, each the span of its tokens.
    fn sentences(&self) -> Result<(), SpanError> {
        let doc = self.doc;
        let mut prev_end = 0;
        let mut prev_paragraph = 0;
        for (i, sent) in doc.sentences.iter().enumerate() {
            let what = format!("sentences[{i}]");
            let s = sent.span;
            self.in_sequence(&what, s, &sent.text, prev_end)?;
            if sent.paragraph < prev_paragraph {
                return fail(
                    what,
                    format!(
                        "paragraph {} after paragraph {prev_paragraph}",
                        sent.paragraph
                    ),
                );
            }
            if !doc.tokens.is_empty() {
                let range = sent.token_start..sent.token_end;
                let (Some(first), Some(last)) = (
                    doc.tokens
                        .get(sent.token_start)
                        .filter(|_| !range.is_empty()),
                    doc.tokens.get(sent.token_end.wrapping_sub(1)),
                ) else {
                    return fail(
                        what,
                        format!(
                            "token range {range:?} is empty or outside the {} tokens",
                            doc.tokens.len()
                        ),
                    );
                };
                if (first.span.start, last.span.end) != (s.start, s.end) {
                    return fail(
                        what,
                        format!(
                            "{s:?} is not the span of its tokens {}..{}",
                            first.span.start, last.span.end
                        ),
                    );
                }
            }
            prev_end = s.end;
            prev_paragraph = sent.paragraph;
        }
        Ok(())
    }

    /// The title and byline spans.
    fn layout(&self) -> Result<(), SpanError> {
        let doc = self.doc;
        if let Some(t) = doc.title_span {
            self.span("title_span", t)?;
            if doc.slice(t) != doc.title.as_deref() {
                return fail("title_span", format!("{t:?} does not slice to the title"));
            }
        }
        if let Some(b) = &doc.byline {
            for (name, s) in [("byline.line", b.line), ("byline.bio", b.bio)] {
                if let Some(s) = s {
                    self.span(name, s)?;
                }
            }
        }
        Ok(())
    }

    /// An annotation slicing to its text, inside its sentence when it names one, starting no
    /// earlier than the one before it (`prev_start`, moved on to its start).
    fn in_text_order(
        &self,
        what: &str,
        (s, text): (Span, &str),
        sentence: Option<usize>,
        prev_start: &mut usize,
    ) -> Result<(), SpanError> {
        self.spanned(what, s, text)?;
        if let Some(sentence) = sentence {
            self.in_sentence(what, s, sentence)?;
        }
        if s.start < *prev_start {
            return fail(what, format!("{s:?} is out of text order"));
        }
        *prev_start = s.start;
        Ok(())
    }

    /// Named-entity mentions: in text order, inside their sentence, the span of their tokens.
    fn mentions(&self) -> Result<(), SpanError> {
        let doc = self.doc;
        let mut prev_start = 0;
        for (i, m) in doc.mentions.iter().enumerate() {
            let what = format!("mentions[{i}]");
            self.in_text_order(&what, (m.span, &m.text), Some(m.sentence), &mut prev_start)?;
            if doc.tokens.is_empty() {
                continue;
            }
            let tokens = doc
                .tokens
                .get(m.token_start..m.token_end)
                .unwrap_or_default();
            let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
                return fail(
                    what,
                    format!(
                        "token range {}..{} is empty or out of range",
                        m.token_start, m.token_end
                    ),
                );
            };
            if (first.span.start, last.span.end) != (m.span.start, m.span.end) {
                return fail(what, format!("{:?} is not the span of its tokens", m.span));
            }
        }
        Ok(())
    }

    /// Entities: unique ids; each mention slices to its text, in text order, and points at
    /// a named mention of the same span when it names one.
    fn entities(&self) -> Result<(), SpanError> {
        let doc = self.doc;
        let mut ids = HashSet::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if !ids.insert(e.id.as_str()) {
                return fail(
                    format!("entities[{i}]"),
                    format!("id {:?} is repeated", e.id),
                );
            }
            let mut prev_start = 0;
            for (j, m) in e.mentions.iter().enumerate() {
                let what = format!("entities[{i}].mentions[{j}]");
                self.in_text_order(&what, (m.span, &m.text), None, &mut prev_start)?;
                if let Some(k) = m.mention {
                    match doc.mentions.get(k) {
                        Some(named) if named.span == m.span => {}
                        Some(named) => {
                            return fail(
                                what,
                                format!(
                                    "{:?} is not the span of mentions[{k}] {:?}",
                                    m.span, named.span
                                ),
                            )
                        }
                        None => return fail(what, format!("mentions[{k}] does not exist")),
                    }
                }
            }
        }
        Ok(())
    }

    /// Time expressions: in text order, inside their sentence, anchors pointing back.
    fn times(&self) -> Result<(), SpanError> {
        let mut prev_start = 0;
        for (i, t) in self.doc.times.iter().enumerate() {
            let what = format!("times[{i}]");
            self.in_text_order(&what, (t.span, &t.text), Some(t.sentence), &mut prev_start)?;
            if let Some(crate::TimeAnchor::Time { index, .. }) = &t.anchor {
                if *index >= i {
                    return fail(
                        what,
                        format!("anchored on times[{index}], not an earlier one"),
                    );
                }
            }
        }
        Ok(())
    }

    /// Quotes: content, cue, speaker, source and affiliation slice to their text; the
    /// sentence exists; the speaker is an entity of the document.
    fn quotes(&self) -> Result<(), SpanError> {
        for (i, q) in self.doc.quotes.iter().enumerate() {
            let what = format!("quotes[{i}]");
            self.spanned(&what, q.span, &q.text)?;
            if q.sentence >= self.doc.sentences.len() {
                return fail(what, format!("sentence {} does not exist", q.sentence));
            }
            let parts = [
                ("cue", &q.cue),
                ("speaker_text", &q.speaker_text),
                ("source", &q.source),
                ("affiliation", &q.affiliation),
            ];
            for (name, part) in parts {
                if let Some(st) = part {
                    self.span_text(&format!("{what}.{name}"), st)?;
                }
            }
            self.entity_ref(&format!("{what}.speaker"), q.speaker.as_deref())?;
        }
        Ok(())
    }

    /// Counts: inside their sentence; `subset_of` names another count.
    fn counts(&self) -> Result<(), SpanError> {
        let n = self.doc.counts.len();
        for (i, c) in self.doc.counts.iter().enumerate() {
            let what = format!("counts[{i}]");
            self.spanned(&what, c.span, &c.text)?;
            self.in_sentence(&what, c.span, c.sentence)?;
            if let Some(k) = c.subset_of.filter(|&k| k >= n || k == i) {
                return fail(what, format!("subset_of {k} is not another count"));
            }
        }
        Ok(())
    }

    /// Events: the span and text of their sentence, trigger inside it, actors and source
    /// slicing to their text, each supporting sentence likewise.
    fn events(&self) -> Result<(), SpanError> {
        let doc = self.doc;
        for (i, e) in doc.events.iter().enumerate() {
            let what = format!("events[{i}]");
            self.spanned(&what, e.span, &e.text)?;
            self.in_sentence(&what, e.span, e.sentence)?;
            self.span_text(&format!("{what}.trigger"), &e.trigger)?;
            self.in_sentence(&format!("{what}.trigger"), e.trigger.span, e.sentence)?;
            for (role, list) in [("actors", &e.actors), ("recipients", &e.recipients)] {
                for (j, a) in list.iter().enumerate() {
                    let what = format!("{what}.{role}[{j}]");
                    self.spanned(&what, a.span, &a.text)?;
                    self.entity_ref(&what, a.entity.as_deref())?;
                }
            }
            if let Some(source) = &e.source {
                self.span_text(&format!("{what}.source"), source)?;
            }
            if let crate::EventDateSource::Time { index } = e.date_source {
                if index >= doc.times.len() {
                    return fail(
                        what,
                        format!("dated by times[{index}], which does not exist"),
                    );
                }
            }
            for (j, s) in e.support.iter().enumerate() {
                let what = format!("{what}.support[{j}]");
                self.in_sentence(&what, s.span, s.sentence)?;
                self.span_text(&format!("{what}.trigger"), &s.trigger)?;
                self.in_sentence(&format!("{what}.trigger"), s.trigger.span, s.sentence)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Sentence, TextZone, TimeExpr, TimeType, Token, TokenKind};

    fn token(text: &str, start: usize) -> Token {
        Token {
            span: Span::new(start, start + text.len()),
            text: text.to_string(),
            kind: TokenKind::Word,
            syntax: None,
        }
    }

    /// "Boats sail. Gulls cry." with its two sentences and six tokens.
    fn two_sentences() -> Document {
        let mut doc = Document::from_normalized("t", "Boats sail. Gulls cry.".to_string());
        doc.tokens = vec![
            token("Boats", 0),
            token("sail", 6),
            token(".", 10),
            token("Gulls", 12),
            token("cry", 18),
            token(".", 21),
        ];
        for (k, (start, end, tokens)) in [(0, 11, 0..3), (12, 22, 3..6)].into_iter().enumerate() {
            doc.sentences.push(Sentence {
                span: Span::new(start, end),
                text: doc.text[start..end].to_string(),
                zone: TextZone::Body,
                paragraph: k,
                token_start: tokens.start,
                token_end: tokens.end,
            });
        }
        doc
    }

    fn time(text: &str, start: usize, sentence: usize) -> TimeExpr {
        TimeExpr {
            span: Span::new(start, start + text.len()),
            text: text.to_string(),
            kind: TimeType::Date,
            value: None,
            anchor: None,
            sentence,
            note: None,
        }
    }

    #[test]
    fn a_consistent_document_passes() {
        let mut doc = two_sentences();
        doc.times.push(time("Gulls", 12, 1));
        assert_eq!(check_spans(&doc), Ok(()));
        // Without tokens the token checks are skipped.
        doc.tokens.clear();
        assert_eq!(check_spans(&doc), Ok(()));
    }

    #[test]
    fn text_that_does_not_match_its_span_is_named() {
        let mut doc = two_sentences();
        doc.tokens[1].text = "sails".into();
        let err = check_spans(&doc).unwrap_err();
        assert_eq!(err.what, "tokens[1]");
        assert!(err.problem.contains("\"sail\""), "{err}");
    }

    #[test]
    fn spans_out_of_range_reversed_or_inside_a_character_fail() {
        let mut doc = Document::from_normalized("t", "Café".to_string());
        doc.times.push(time("Caf", 0, 0));
        doc.times[0].span = Span::new(0, 4);
        let err = check_spans(&doc).unwrap_err();
        assert!(err.problem.contains("splits a character"), "{err}");
        // Built by hand: `Span::new` refuses a reversed span in debug builds.
        doc.times[0].span = Span { start: 3, end: 2 };
        assert!(check_spans(&doc).unwrap_err().problem.contains("reversed"));
        doc.times[0].span = Span::new(0, 9);
        assert!(check_spans(&doc).unwrap_err().problem.contains("past the"));
    }

    #[test]
    fn order_and_containment_are_checked() {
        let mut doc = two_sentences();
        doc.tokens.swap(0, 1);
        let err = check_spans(&doc).unwrap_err();
        assert_eq!(err.what, "tokens[1]");
        assert!(
            err.problem.contains("before the one before it ends"),
            "{err}"
        );

        let mut doc = two_sentences();
        doc.sentences[0].token_end = 2;
        let err = check_spans(&doc).unwrap_err();
        assert!(err.problem.contains("span of its tokens"), "{err}");

        let mut doc = two_sentences();
        doc.times.push(time("Gulls", 12, 0));
        let err = check_spans(&doc).unwrap_err();
        assert!(err.problem.contains("not inside its sentence 0"), "{err}");

        let mut doc = two_sentences();
        doc.times.push(time("Gulls", 12, 1));
        doc.times.push(time("Boats", 0, 0));
        assert!(check_spans(&doc)
            .unwrap_err()
            .problem
            .contains("text order"));
    }

    #[test]
    fn references_must_exist() {
        let mut doc = two_sentences();
        doc.times.push(time("Gulls", 12, 7));
        assert!(check_spans(&doc)
            .unwrap_err()
            .problem
            .contains("sentence 7 does not exist"));

        let mut doc = two_sentences();
        doc.alignment = crate::Alignment::identity(3);
        assert_eq!(check_spans(&doc).unwrap_err().what, "alignment");
    }
}
