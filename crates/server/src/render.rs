//! The article text with its annotations as nested HTML highlights.
//!
//! Every annotation is a byte span of `Document::text`. Spans nest (a speaker inside a quote)
//! and may cross (an event trigger that starts inside a quote and ends after it), so the text
//! is walked boundary by boundary with a stack of open highlights: when a highlight ends while
//! others opened after it are still open, those are closed and reopened after it, so the
//! output is always well-formed. A highlight split this way carries its `id` on its first
//! piece only. Links never nest: a highlight opened inside a link is written as a `<span>`.

use std::collections::BTreeSet;
use std::fmt::Write;

use readout_core::{Document, Entity};

use crate::html::esc;

/// What a highlight marks.
#[derive(Debug, Clone)]
enum Kind {
    /// A quote's content (index in `Document::quotes`).
    Quote(usize),
    /// An event's trigger (index in `Document::events`).
    Event(usize),
    /// A mention of an entity (index in `Document::entities`).
    Entity(usize),
    /// The speaker of a quote as written (index in `Document::quotes`).
    Speaker(usize),
    /// A time expression (index in `Document::times`).
    Time(usize),
    /// A count (index in `Document::counts`).
    Count(usize),
}

impl Kind {
    /// Nesting order among highlights over the same span: lower is outer.
    fn rank(&self) -> u8 {
        match self {
            Kind::Quote(_) => 0,
            Kind::Event(_) => 1,
            Kind::Entity(_) => 2,
            Kind::Speaker(_) => 3,
            Kind::Time(_) => 4,
            Kind::Count(_) => 5,
        }
    }
}

#[derive(Debug, Clone)]
struct Mark {
    start: usize,
    end: usize,
    kind: Kind,
}

/// Renders one document's text; `entity_href` gives the link of an entity (its page in the
/// store), or `None` to link to its row on the article page.
pub struct ArticleText<'a> {
    doc: &'a Document,
    entity_href: &'a dyn Fn(&Entity) -> Option<String>,
}

impl<'a> ArticleText<'a> {
    /// A renderer for `doc`.
    pub fn new(doc: &'a Document, entity_href: &'a dyn Fn(&Entity) -> Option<String>) -> Self {
        ArticleText { doc, entity_href }
    }

    fn marks(&self) -> Vec<Mark> {
        let doc = self.doc;
        let text = &doc.text;
        let valid = |s: usize, e: usize| {
            s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        };
        let mut marks = Vec::new();
        let mut push = |s: usize, e: usize, kind: Kind| {
            if valid(s, e) {
                marks.push(Mark {
                    start: s,
                    end: e,
                    kind,
                });
            }
        };
        for (i, q) in doc.quotes.iter().enumerate() {
            push(q.span.start, q.span.end, Kind::Quote(i));
            if let Some(sp) = &q.speaker_text {
                push(sp.span.start, sp.span.end, Kind::Speaker(i));
            }
        }
        for (i, ev) in doc.events.iter().enumerate() {
            push(ev.trigger.span.start, ev.trigger.span.end, Kind::Event(i));
        }
        for (i, ent) in doc.entities.iter().enumerate() {
            for m in &ent.mentions {
                push(m.span.start, m.span.end, Kind::Entity(i));
            }
        }
        for (i, t) in doc.times.iter().enumerate() {
            push(t.span.start, t.span.end, Kind::Time(i));
        }
        for (i, c) in doc.counts.iter().enumerate() {
            push(c.span.start, c.span.end, Kind::Count(i));
        }
        marks.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.kind.rank().cmp(&b.kind.rank()))
        });
        marks
    }

    /// The text as HTML (to be placed in an element with `white-space: pre-wrap`).
    pub fn to_html(&self) -> String {
        let text = &self.doc.text;
        let marks = self.marks();
        let mut bounds: BTreeSet<usize> = BTreeSet::new();
        for m in &marks {
            bounds.insert(m.start);
            bounds.insert(m.end);
        }
        bounds.insert(text.len());
        let mut out = String::with_capacity(text.len() * 2);
        // Open highlights: (mark index, written as a link).
        let mut stack: Vec<(usize, bool)> = Vec::new();
        let mut opened = vec![false; marks.len()];
        let mut next = 0;
        let mut pos = 0;
        for b in bounds {
            let _ = write!(out, "{}", esc(&text[pos..b]));
            pos = b;
            if let Some(k) = stack.iter().position(|&(i, _)| marks[i].end == b) {
                let mut reopen = Vec::new();
                while stack.len() > k {
                    let (i, link) = stack.pop().expect("stack is longer than k");
                    let ends = marks[i].end == b;
                    let in_link = stack.iter().any(|&(_, l)| l);
                    self.close(&mut out, &marks[i], link, ends && !in_link);
                    if !ends {
                        reopen.push(i);
                    }
                }
                for i in reopen.into_iter().rev() {
                    self.open(&mut out, &marks, i, &mut stack, &mut opened);
                }
            }
            while next < marks.len() && marks[next].start == b {
                self.open(&mut out, &marks, next, &mut stack, &mut opened);
                next += 1;
            }
        }
        out
    }

    fn open(
        &self,
        out: &mut String,
        marks: &[Mark],
        i: usize,
        stack: &mut Vec<(usize, bool)>,
        opened: &mut [bool],
    ) {
        let doc = self.doc;
        let in_link = stack.iter().any(|&(_, link)| link);
        let first = !opened[i];
        opened[i] = true;
        let id = |out: &mut String, id: String| {
            if first {
                let _ = write!(out, " id=\"{}\"", esc(&id));
            }
        };
        // (tag is a link, href, class)
        let (href, class): (Option<String>, String) = match &marks[i].kind {
            Kind::Quote(q) => {
                let quote = &doc.quotes[*q];
                out.push_str("<span");
                id(out, format!("q{}", q + 1));
                let kind = match quote.kind {
                    readout_core::QuoteKind::Direct => "direct",
                    readout_core::QuoteKind::Indirect => "indirect",
                };
                let who = quote
                    .speaker_text
                    .as_ref()
                    .map(|s| s.text.as_str())
                    .unwrap_or("unknown speaker");
                let _ = write!(
                    out,
                    " class=\"quote quote-{kind}\" title=\"quote {} by {}\">",
                    q + 1,
                    esc(who)
                );
                stack.push((i, false));
                return;
            }
            Kind::Event(e) => (
                Some(format!("#event-{}", doc.events[*e].id)),
                "event".to_string(),
            ),
            Kind::Entity(e) => {
                let ent = &doc.entities[*e];
                let href = (self.entity_href)(ent).unwrap_or_else(|| format!("#entity-{}", ent.id));
                (Some(href), format!("ent ent-{}", ent.kind.label()))
            }
            Kind::Speaker(q) => (Some(format!("#q{}", q + 1)), "speaker".to_string()),
            Kind::Time(t) => {
                let time = &doc.times[*t];
                out.push_str("<span");
                id(out, format!("t{}", t + 1));
                let _ = write!(
                    out,
                    " class=\"time\" title=\"{} {}\">",
                    esc(&format!("{:?}", time.kind).to_uppercase()),
                    esc(time.value.as_deref().unwrap_or("unresolved"))
                );
                stack.push((i, false));
                return;
            }
            Kind::Count(c) => {
                let count = &doc.counts[*c];
                let _ = write!(
                    out,
                    "<span class=\"count\" title=\"{}: {}\">",
                    esc(&format!("{:?}", count.category).to_lowercase()),
                    count.value
                );
                stack.push((i, false));
                return;
            }
        };
        let link = !in_link && href.is_some();
        out.push_str(if link { "<a" } else { "<span" });
        match &marks[i].kind {
            Kind::Event(e) => id(out, format!("trg-{}", doc.events[*e].id)),
            Kind::Speaker(q) => id(out, format!("spk-q{}", q + 1)),
            _ => {}
        }
        if link {
            let _ = write!(out, " href=\"{}\"", esc(href.as_deref().unwrap_or("")));
        }
        let title = match &marks[i].kind {
            Kind::Entity(e) => {
                let ent = &doc.entities[*e];
                format!("{} ({})", ent.name, ent.kind.label())
            }
            Kind::Event(e) => {
                let ev = &doc.events[*e];
                format!("{} {}", ev.code, ev.label)
            }
            Kind::Speaker(q) => format!("speaker of quote {}", q + 1),
            _ => String::new(),
        };
        if let Kind::Entity(e) = &marks[i].kind {
            let _ = write!(out, " data-entity=\"{}\"", esc(&doc.entities[*e].id));
        }
        let _ = write!(out, " class=\"{}\" title=\"{}\">", esc(&class), esc(&title));
        stack.push((i, link));
    }

    /// Close `mark`'s element; `marker` asks for a quote's link to its speaker (only on the
    /// quote's last piece, and only outside any link).
    fn close(&self, out: &mut String, mark: &Mark, link: bool, marker: bool) {
        if let (Kind::Quote(q), true) = (&mark.kind, marker) {
            if !link && self.doc.quotes[*q].speaker_text.is_some() {
                let _ = write!(
                    out,
                    "<a class=\"qmark\" href=\"#spk-q{n}\" title=\"go to the speaker of quote {n}\">q{n}</a>",
                    n = q + 1
                );
            }
        }
        out.push_str(if link { "</a>" } else { "</span>" });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::{
        EntityMention, EntityType, MentionKind, Quote, QuoteKind, Span, SpanText, TimeExpr,
        TimeType,
    };

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// Tags open and close in stack order.
    fn well_formed(html: &str) -> bool {
        let mut stack = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let end = rest.find('>').unwrap();
            let tag = &rest[..end];
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop() != Some(name.to_string()) {
                    return false;
                }
            } else {
                stack.push(tag.split(' ').next().unwrap().to_string());
            }
            rest = &rest[end + 1..];
        }
        stack.is_empty()
    }

    fn entity(id: &str, name: &str, spans: &[(usize, usize)], text: &str) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: EntityType::Person,
            aliases: vec![name.into()],
            mentions: spans
                .iter()
                .map(|&(s, e)| EntityMention {
                    span: Span::new(s, e),
                    text: text[s..e].into(),
                    kind: MentionKind::Name,
                    mention: None,
                })
                .collect(),
            affiliation: None,
            role: None,
            kb: None,
        }
    }

    fn sample() -> Document {
        let text = "Mara Okonkwo said \"we <will> talk on Friday\" & left.".to_string();
        let mut doc = Document::from_normalized("d1", text.clone());
        doc.entities
            .push(entity("e1", "Mara Okonkwo", &[(0, 12)], &text));
        doc.quotes.push(Quote {
            span: Span::new(19, 43),
            text: text[19..43].into(),
            kind: QuoteKind::Direct,
            cue: None,
            speaker: Some("e1".into()),
            speaker_text: Some(SpanText {
                span: Span::new(0, 12),
                text: text[0..12].into(),
            }),
            source: None,
            affiliation: None,
            sentence: 0,
        });
        // "Friday\" & le" crosses the end of the quote.
        doc.times.push(TimeExpr {
            span: Span::new(37, 49),
            text: text[37..49].into(),
            kind: TimeType::Date,
            value: Some("2026-03-13".into()),
            anchor: None,
            sentence: 0,
            note: None,
        });
        doc
    }

    #[test]
    fn crossing_spans_give_well_formed_html_that_keeps_the_text() {
        let doc = sample();
        let href = |e: &Entity| Some(format!("/entities/{}", e.id));
        let html = ArticleText::new(&doc, &href).to_html();
        assert!(well_formed(&html), "{html}");
        // The text survives, escaped (plus the quote's marker link).
        let plain = strip_tags(&html).replace("q1", "");
        assert_eq!(
            plain,
            "Mara Okonkwo said &quot;we &lt;will&gt; talk on Friday&quot; &amp; left."
        );
        // The time is split in two at the quote's end; the id is on the first piece only.
        assert_eq!(html.matches("class=\"time\"").count(), 2);
        assert_eq!(html.matches("id=\"t1\"").count(), 1);
        // Entity link outside; the speaker inside it is not a nested link.
        assert!(
            html.starts_with("<a href=\"/entities/e1\" data-entity=\"e1\" class=\"ent ent-PER\"")
        );
        assert!(html.contains("<span id=\"spk-q1\" class=\"speaker\""));
        assert!(html.contains("href=\"#spk-q1\""));
        assert!(!html.contains("<a href=\"#q1\""));
    }

    #[test]
    fn random_overlapping_spans_always_give_well_formed_html() {
        let text =
            "Zoë and Ann met in Łódź on 3 May — \"talks <b> & more\" went on.\n\nThen 'it' ended.";
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut seed = 0x5eed_u64;
        let mut rnd = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n
        };
        for _ in 0..500 {
            let mut doc = Document::from_normalized("r", text.to_string());
            let span = |rnd: &mut dyn FnMut(usize) -> usize| {
                let a = cuts[rnd(cuts.len())];
                let b = cuts[rnd(cuts.len())];
                (a.min(b), a.max(b))
            };
            for i in 0..1 + rnd(4) {
                let spans: Vec<(usize, usize)> = (0..1 + rnd(3)).map(|_| span(&mut rnd)).collect();
                doc.entities
                    .push(entity(&format!("e{i}"), "X", &spans, text));
            }
            for _ in 0..rnd(4) {
                let (s, e) = span(&mut rnd);
                let speaker = (rnd(2) == 0).then(|| {
                    let (a, b) = span(&mut rnd);
                    SpanText {
                        span: Span::new(a, b),
                        text: text[a..b].into(),
                    }
                });
                doc.quotes.push(Quote {
                    span: Span::new(s, e),
                    text: text[s..e].into(),
                    kind: QuoteKind::Direct,
                    cue: None,
                    speaker: None,
                    speaker_text: speaker,
                    source: None,
                    affiliation: None,
                    sentence: 0,
                });
            }
            for _ in 0..rnd(4) {
                let (s, e) = span(&mut rnd);
                doc.times.push(TimeExpr {
                    span: Span::new(s, e),
                    text: text[s..e].into(),
                    kind: TimeType::Date,
                    value: None,
                    anchor: None,
                    sentence: 0,
                    note: None,
                });
            }
            let href = |e: &Entity| Some(format!("/entities/{}", e.id));
            let html = ArticleText::new(&doc, &href).to_html();
            assert!(well_formed(&html), "{html}");
            // Links never nest.
            let mut depth = 0i32;
            for piece in html.split('<').skip(1) {
                if piece.starts_with("a ") {
                    depth += 1;
                    assert!(depth <= 1, "nested link in {html}");
                } else if piece.starts_with("/a>") {
                    depth -= 1;
                }
            }
            // The text is all there, escaped, in order (quote markers aside).
            let mut without_marks = String::new();
            let mut rest = html.as_str();
            while let Some(i) = rest.find("<a class=\"qmark\"") {
                without_marks.push_str(&rest[..i]);
                let end = rest[i..].find("</a>").unwrap() + i + 4;
                rest = &rest[end..];
            }
            without_marks.push_str(rest);
            assert_eq!(strip_tags(&without_marks), esc(text).to_string(), "{html}");
        }
    }

    #[test]
    fn bad_spans_are_skipped_not_panicked_on() {
        let mut doc = Document::from_normalized("d2", "Zoë met Ann.".to_string());
        // 2..3 splits "ë"; 5..99 is past the end; 8..8 is empty.
        doc.entities.push(entity("e1", "x", &[], "Zoë met Ann."));
        doc.entities[0].mentions.push(EntityMention {
            span: Span::new(2, 3),
            text: String::new(),
            kind: MentionKind::Name,
            mention: None,
        });
        doc.entities[0].mentions.push(EntityMention {
            span: Span::new(5, 99),
            text: String::new(),
            kind: MentionKind::Name,
            mention: None,
        });
        doc.entities[0].mentions.push(EntityMention {
            span: Span::new(9, 12),
            text: "Ann".into(),
            kind: MentionKind::Name,
            mention: None,
        });
        let none = |_: &Entity| None;
        let html = ArticleText::new(&doc, &none).to_html();
        assert_eq!(
            html,
            "Zoë met <a href=\"#entity-e1\" data-entity=\"e1\" class=\"ent ent-PER\" title=\"x (PER)\">Ann</a>."
        );
    }
}
