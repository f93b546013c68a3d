//! Quotes against PolNeAR (Newell, Margolin & Ruths, LREC 2018): attribution relations in US
//! political news, each a source (who), a cue (the verb or phrase) and a content (what).
//!
//! ## Data
//! `<dir>/<split>/text/<name>.txt` is the article; `<dir>/<split>/attributions/<name>_<annotator>.ann`
//! is BRAT standoff: `T` lines `Tn<TAB>Role start end[;start end…]<TAB>text` with character
//! (not byte) offsets into the text file, and `E` lines tying one attribution's `Source`,
//! `Cue` and `Content` together. Articles annotated by several annotators have several
//! `.ann` files; the first in name order is scored, so the gold is one annotator's view. A
//! discontinuous span is scored as its envelope (first start to last end).
//!
//! ## How readout's output is compared
//! Each article is analyzed as plain text; spans are mapped back to the text file through
//! `Document::alignment` and compared in the file's bytes.
//! * **Content**: PolNeAR's content covers direct quotes *with* their quotation marks, and
//!   indirect content ("that" excluded), in one role. A readout direct quote is therefore
//!   widened to its marks before matching (readout's own span is inside them); indirect
//!   quotes are compared as they are. Both kinds are scored together, and direct quotes are
//!   also scored alone against the gold contents that start with a quotation mark.
//!   Indirect content is widened to the "that" before it, which PolNeAR includes. A quote
//!   broken by its attribution is one content in PolNeAR and one quote per segment in
//!   readout: for the content score, a cue-less direct quote whose speaker and cue are
//!   those of the direct quote before it in the same paragraph, the cue lying between
//!   them, is joined to it.
//! * **Cue**: each distinct cue span of readout's quotes against each distinct gold cue.
//! * **Source**: each distinct `speaker_text` span against each distinct gold source (a
//!   source shared by several attributions counts once).
//! * **Exact** matching needs equal spans; **overlap** matching pairs each prediction, in
//!   text order, with the first unpaired gold span it shares a byte with (one to one).
//! * **Speaker**: for each readout quote whose content overlaps a gold content that has a
//!   source, the speaker is right when `speaker_text` overlaps that source. When the
//!   document has entities, the entity check compares `speaker` with the entity the gold
//!   source names: of those with a mention overlapping it, a person first, then an
//!   organisation, then any other (the earliest mention breaking ties).

use std::collections::BTreeSet;
use std::path::Path;

use readout_core::{Document, EntityType, InputInfo, QuoteKind, Span};
use readout_pipeline::ingest::{Article, Body};
use readout_pipeline::{Analyzer, AnalyzerOptions};
use serde::Serialize;

use crate::{Error, Result};

/// Precision, recall and F1 for one kind of span under one matching rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpanScore {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// Predicted spans paired with a gold span.
    pub matched: usize,
    /// `matched / predicted`.
    pub precision: f64,
    /// `matched / gold`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl SpanScore {
    fn add(&mut self, gold: usize, predicted: usize, matched: usize) {
        self.gold += gold;
        self.predicted += predicted;
        self.matched += matched;
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.matched, self.predicted);
        self.recall = ratio(self.matched, self.gold);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
    }
}

/// Exact and overlap scores for one role.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoleScore {
    /// Equal spans.
    pub exact: SpanScore,
    /// Spans sharing at least one byte, paired one to one.
    pub overlap: SpanScore,
}

impl RoleScore {
    fn add(&mut self, gold: &[Span], predicted: &[Span]) {
        let gold_set: BTreeSet<Span> = gold.iter().copied().collect();
        let pred_set: BTreeSet<Span> = predicted.iter().copied().collect();
        let exact = pred_set.intersection(&gold_set).count();
        self.exact.add(gold_set.len(), pred_set.len(), exact);
        let mut used = vec![false; gold_set.len()];
        let gold_list: Vec<Span> = gold_set.into_iter().collect();
        let mut matched = 0;
        for p in &pred_set {
            if let Some(k) = (0..gold_list.len()).find(|&k| !used[k] && gold_list[k].overlaps(*p)) {
                used[k] = true;
                matched += 1;
            }
        }
        self.overlap.add(gold_list.len(), pred_set.len(), matched);
    }
}

/// How often the attributed speaker is right, on quotes whose content overlaps gold.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpeakerScore {
    /// readout quotes whose content overlaps a gold content that has a source.
    pub quotes: usize,
    /// Of those, quotes with a `speaker_text`.
    pub with_speaker: usize,
    /// Of those, quotes whose `speaker_text` overlaps the gold source.
    pub right: usize,
    /// `right / quotes`.
    pub accuracy: f64,
    /// Quotes whose gold source overlaps a mention of a resolved entity (0 when the
    /// resolution stage produced no entities).
    pub entity_checked: usize,
    /// Of those, quotes whose `speaker` is that entity.
    pub entity_right: usize,
}

/// Scores on one split.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QuotesReport {
    /// The split scored (`train`, `dev`, `test`).
    pub split: String,
    /// Articles scored.
    pub articles: usize,
    /// Articles readout could not analyze.
    pub failed: usize,
    /// Sentences analyzed.
    pub sentences: usize,
    /// Gold attributions (`E` lines).
    pub attributions: usize,
    /// Content spans, direct and indirect together.
    pub content: RoleScore,
    /// Direct quotes only, against gold contents that start with a quotation mark.
    pub direct_content: RoleScore,
    /// Cue spans.
    pub cue: RoleScore,
    /// Source (speaker) spans.
    pub source: RoleScore,
    /// Speaker attribution.
    pub speaker: SpeakerScore,
    /// Seconds spent in the quote stage alone (one core), over all articles.
    pub quote_seconds: f64,
    /// `sentences / quote_seconds`: the quote stage's speed on one core.
    pub sentences_per_second: f64,
}

/// One gold attribution, in byte spans of the text file.
#[derive(Debug, Clone, Default)]
struct Attribution {
    content: Option<Span>,
    cue: Option<Span>,
    source: Option<Span>,
}

/// Score readout on one PolNeAR split (`dir/<split>/text`, `dir/<split>/attributions`).
pub fn evaluate_polnear(dir: &Path, split: &str) -> Result<QuotesReport> {
    let text_dir = dir.join(split).join("text");
    let ann_dir = dir.join(split).join("attributions");
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    let mut names: Vec<String> = std::fs::read_dir(&text_dir)
        .map_err(io(&text_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    let mut anns: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(io(&ann_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        ..AnalyzerOptions::default()
    });
    let mut report = QuotesReport {
        split: split.to_string(),
        ..QuotesReport::default()
    };
    for name in &names {
        let stem = name.trim_end_matches(".txt");
        // `<stem>_<annotator>.ann`: the annotator id has no underscore.
        let Some(ann) = anns
            .iter()
            .find(|a| a.rsplit_once('_').is_some_and(|(s, _)| s == stem))
        else {
            continue;
        };
        let text_path = text_dir.join(name);
        let text = String::from_utf8(crate::read_file(&text_path)?).map_err(|_| Error::Format {
            path: text_path.display().to_string(),
            message: "not UTF-8".to_string(),
        })?;
        let ann_path = ann_dir.join(ann);
        let ann_text = String::from_utf8_lossy(&crate::read_file(&ann_path)?).into_owned();
        let gold = parse_ann(&ann_text, &text).map_err(|message| Error::Format {
            path: ann_path.display().to_string(),
            message,
        })?;
        report.articles += 1;
        report.attributions += gold.len();
        let article = Article {
            id: stem.to_string(),
            body: Body::Text(text.clone()),
            title: None,
            url: None,
            source: None,
            published: None,
            input: InputInfo::default(),
            origin: stem.to_string(),
        };
        let mut doc = match analyzer.analyze(article) {
            Ok(doc) => doc,
            Err(_) => {
                report.failed += 1;
                continue;
            }
        };
        report.sentences += doc.sentences.len();
        let started = std::time::Instant::now();
        // Run (again, once the analyzer runs the stage itself: it replaces `doc.quotes`
        // with the same result) so that the stage's own time is measured.
        readout_pipeline::quotes::recognize(&mut doc);
        report.quote_seconds += started.elapsed().as_secs_f64();
        score_document(&mut report, &doc, &text, &gold);
    }
    if report.quote_seconds > 0.0 {
        report.sentences_per_second = report.sentences as f64 / report.quote_seconds;
    }
    Ok(report)
}

/// Add one document's comparison to the report.
fn score_document(report: &mut QuotesReport, doc: &Document, file: &str, gold: &[Attribution]) {
    let orig = |s: Span| doc.alignment.original_span(s);
    let widened = |q: &readout_core::Quote| orig(widen(doc, q));
    let joined = joined(doc);
    let pred_content: Vec<Span> = joined.iter().map(|(s, _)| orig(*s)).collect();
    let pred_direct: Vec<Span> = joined
        .iter()
        .filter(|(_, kind)| *kind == QuoteKind::Direct)
        .map(|(s, _)| orig(*s))
        .collect();
    let each_content: Vec<Span> = doc.quotes.iter().map(widened).collect();
    let pred_cue: Vec<Span> = doc
        .quotes
        .iter()
        .filter_map(|q| q.cue.as_ref().map(|c| orig(c.span)))
        .collect();
    let pred_source: Vec<Span> = doc
        .quotes
        .iter()
        .filter_map(|q| q.speaker_text.as_ref().map(|c| orig(c.span)))
        .collect();
    let gold_content: Vec<Span> = gold.iter().filter_map(|a| a.content).collect();
    let gold_direct: Vec<Span> = gold
        .iter()
        .filter(|a| {
            a.content
                .is_some_and(|c| file.get(c.start..).is_some_and(|t| opening_mark(t) > 0))
        })
        .filter_map(|a| a.content)
        .collect();
    let gold_cue: Vec<Span> = gold.iter().filter_map(|a| a.cue).collect();
    let gold_source: Vec<Span> = gold.iter().filter_map(|a| a.source).collect();
    report.content.add(&gold_content, &pred_content);
    report.direct_content.add(&gold_direct, &pred_direct);
    report.cue.add(&gold_cue, &pred_cue);
    report.source.add(&gold_source, &pred_source);

    for (q, content) in doc.quotes.iter().zip(&each_content) {
        let best = gold
            .iter()
            .filter(|a| a.source.is_some())
            .filter_map(|a| a.content.map(|c| (a, c)))
            .filter(|(_, c)| c.overlaps(*content))
            .max_by_key(|(_, c)| c.end.min(content.end) - c.start.max(content.start));
        let Some((a, _)) = best else {
            continue;
        };
        let Some(gold_source) = a.source else {
            continue;
        };
        let sp = &mut report.speaker;
        sp.quotes += 1;
        if let Some(st) = &q.speaker_text {
            sp.with_speaker += 1;
            if orig(st.span).overlaps(gold_source) {
                sp.right += 1;
            }
        }
        sp.accuracy = sp.right as f64 / sp.quotes as f64;
        let gold_entity = source_entity(doc, gold_source);
        if let Some(e) = gold_entity {
            sp.entity_checked += 1;
            if q.speaker.as_deref() == Some(e.id.as_str()) {
                sp.entity_right += 1;
            }
        }
    }
}

/// The entity a gold source names: of the entities with a mention overlapping it, a person
/// first, then an organisation, then any other, the earliest mention breaking ties. In
/// "White House spokesman Josh Earnest" or "Rep. Jim Clyburn (D-S.C.)" the place is a
/// modifier of the speaker, not the speaker; the first entity in the document's order, which
/// this check took before issue 19, was often that modifier.
fn source_entity(doc: &Document, gold_source: Span) -> Option<&readout_core::Entity> {
    let rank = |kind: EntityType| match kind {
        EntityType::Person => 0,
        EntityType::Organization => 1,
        _ => 2,
    };
    doc.entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(move |m| (e, m)))
        .filter(|(_, m)| doc.alignment.original_span(m.span).overlaps(gold_source))
        .min_by_key(|(e, m)| (rank(e.kind), m.span.start))
        .map(|(e, _)| e)
}

/// A quote's content span as PolNeAR draws it: a direct quote with its quotation marks, an
/// indirect one with the "that" before it.
fn widen(doc: &Document, q: &readout_core::Quote) -> Span {
    let mut s = q.span;
    match q.kind {
        QuoteKind::Direct => {
            s.start -= doc.text.get(..s.start).map_or(0, closing_mark);
            s.end += doc.text.get(s.end..).map_or(0, opening_mark);
        }
        QuoteKind::Indirect => {
            let before = doc.text.get(..s.start).unwrap_or("").trim_end();
            let before = before.strip_suffix(',').unwrap_or(before).trim_end();
            let word_start = before
                .rfind(|c: char| !c.is_alphanumeric())
                .map_or(0, |k| k + 1);
            if before
                .get(word_start..)
                .is_some_and(|w| w.eq_ignore_ascii_case("that"))
            {
                s.start = word_start;
            }
        }
    }
    s
}

/// Content spans with a quote broken by its attribution joined again: PolNeAR annotates
/// "“We will,” she said, “rebuild.”" as one content, readout gives one quote per segment.
/// A direct quote with no cue of its own, the same speaker as the direct quote before it in
/// the same paragraph, and that quote's cue between them, is joined to it.
fn joined(doc: &Document) -> Vec<(Span, QuoteKind)> {
    let mut out: Vec<(Span, QuoteKind)> = Vec::new();
    let mut prev: Option<&readout_core::Quote> = None;
    let para = |q: &readout_core::Quote| doc.sentences.get(q.sentence).map(|s| s.paragraph);
    for q in &doc.quotes {
        let span = widen(doc, q);
        let joins = prev.is_some_and(|p| {
            p.kind == QuoteKind::Direct
                && q.kind == QuoteKind::Direct
                && q.cue.is_none()
                && p.speaker_text.as_ref().map(|s| s.span)
                    == q.speaker_text.as_ref().map(|s| s.span)
                && q.speaker_text.is_some()
                && p.cue
                    .as_ref()
                    .is_some_and(|c| p.span.end <= c.span.start && c.span.end <= q.span.start)
                && para(p) == para(q)
        });
        match out.last_mut() {
            Some(last) if joins => last.0.end = span.end,
            _ => out.push((span, q.kind)),
        }
        prev = Some(q);
    }
    out
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Length in bytes of the quotation mark `text` starts with (0 for none). Two apostrophes
/// are one mark: New York Times texts in PolNeAR quote ''like this''.
fn opening_mark(text: &str) -> usize {
    if text.starts_with("''") {
        return 2;
    }
    text.chars()
        .next()
        .filter(|c| is_quote_char(*c))
        .map_or(0, char::len_utf8)
}

/// Length in bytes of the quotation mark `text` ends with (0 for none).
fn closing_mark(text: &str) -> usize {
    if text.ends_with("''") {
        return 2;
    }
    text.chars()
        .next_back()
        .filter(|c| is_quote_char(*c))
        .map_or(0, char::len_utf8)
}

/// Parse a BRAT `.ann` file into attributions with byte spans of `text`.
fn parse_ann(ann: &str, text: &str) -> std::result::Result<Vec<Attribution>, String> {
    // Character offset → byte offset (offsets count Unicode scalar values).
    let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    bytes.push(text.len());
    let to_byte = |c: usize| bytes.get(c).copied();
    let mut spans: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
    let mut out = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let id = fields.next().unwrap_or("");
        let body = fields.next().unwrap_or("");
        if id.starts_with('T') {
            let mut parts = body.splitn(2, ' ');
            let _role = parts.next();
            let ranges = parts.next().unwrap_or("");
            let mut start = usize::MAX;
            let mut end = 0;
            for range in ranges.split(';') {
                let mut se = range.split_whitespace().map(str::parse::<usize>);
                match (se.next(), se.next()) {
                    (Some(Ok(s)), Some(Ok(e))) if s <= e => {
                        start = start.min(s);
                        end = end.max(e);
                    }
                    _ => return Err(format!("bad span in line {line:?}")),
                }
            }
            let (Some(s), Some(e)) = (to_byte(start), to_byte(end)) else {
                return Err(format!("span beyond the text in line {line:?}"));
            };
            spans.insert(id, Span::new(s, e));
        } else if id.starts_with('E') {
            let mut a = Attribution::default();
            for arg in body.split_whitespace() {
                let Some((role, target)) = arg.split_once(':') else {
                    continue;
                };
                let span = spans.get(target).copied();
                match role {
                    "Content" => a.content = span,
                    "Cue" => a.cue = span,
                    "Source" => a.source = span,
                    _ => {}
                }
            }
            out.push(a);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_offsets_are_characters_and_discontinuous_spans_are_enveloped() {
        let text = "“Ça va,” she said. Then more.";
        let ann = "T1\tContent 0 8\t“Ça va,”\nT2\tCue 13 17\tsaid\nT3\tSource 9 12\tshe\n\
                   T4\tContent 0 3;4 8\tx\nE1\tAttribution:T9 Content:T1 Cue:T2 Source:T3\n";
        let gold = parse_ann(ann, text).expect("parses");
        assert_eq!(gold.len(), 1);
        let content = gold[0].content.expect("content");
        assert_eq!(&text[content.start..content.end], "“Ça va,”");
        let cue = gold[0].cue.expect("cue");
        assert_eq!(&text[cue.start..cue.end], "said");
    }

    #[test]
    fn two_apostrophes_are_one_quotation_mark() {
        assert_eq!(opening_mark("''We will,'' she said."), 2);
        assert_eq!(opening_mark("“We will”"), "“".len());
        assert_eq!(opening_mark("'tis"), 0);
        assert_eq!(closing_mark("she said, ''"), 2);
        assert_eq!(closing_mark("she said, \""), 1);
        assert_eq!(closing_mark("the riders'"), 0);
    }

    #[test]
    fn overlap_pairs_one_to_one() {
        let mut score = RoleScore::default();
        score.add(
            &[Span::new(0, 10), Span::new(20, 30)],
            &[Span::new(2, 5), Span::new(3, 8), Span::new(20, 30)],
        );
        assert_eq!(score.exact.matched, 1);
        assert_eq!(score.overlap.matched, 2);
        assert_eq!(score.overlap.predicted, 3);
    }
}
