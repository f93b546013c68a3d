//! The analyzer: runs the stages in order on one [`Article`] and returns its [`Document`].

use chrono::NaiveDate;
use readout_core::parse_published;
use readout_core::{Byline, Document, InputKind, PublishedSource, Sentence, Span, TextZone};
use sha2::{Digest, Sha256};

use crate::ingest::{html, Article, Body};
use crate::ner::EntityTagger;
use crate::{layout, normalize, segment, tokenize, Error, Result};

/// Options that apply to every article analyzed.
#[derive(Debug, Clone, Default)]
pub struct AnalyzerOptions {
    /// Skip the entity tagger (the record's `mentions` stay empty).
    pub no_entities: bool,
    /// Publication date for every article, overriding the input's own (`--published`).
    pub published: Option<NaiveDate>,
    /// Keep tokens in the document (they are always computed; by default they are dropped
    /// after the stages that need them, to keep records small).
    pub keep_tokens: bool,
    /// Skip the event coder (events stay empty).
    pub no_events: bool,
    /// Skip the parser (tokens carry no part of speech, lemma or head).
    pub no_parse: bool,
}

/// Runs the pipeline: normalize → layout → tokenize → segment → parse → entities → resolve →
/// time → quotes → counts → events.
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    options: AnalyzerOptions,
    /// The entity tagger; the built-in one when `None`.
    tagger: Option<&'static EntityTagger>,
}

impl Analyzer {
    /// An analyzer with these options.
    pub fn new(options: AnalyzerOptions) -> Analyzer {
        Analyzer {
            options,
            tagger: None,
        }
    }

    /// Use this entity tagger instead of the built-in one.
    pub fn with_tagger(mut self, tagger: &'static EntityTagger) -> Analyzer {
        self.tagger = Some(tagger);
        self
    }

    /// Load every compiled-in model this analyzer will use, side by side on separate threads,
    /// instead of one after the other at the first article. The loads are independent, so on
    /// several cores start-up takes about the longest of them rather than their sum. Calling
    /// it is optional (each model also loads on first use) and cheap once they are loaded.
    pub fn preload(&self) {
        std::thread::scope(|scope| {
            if !self.options.no_parse {
                scope.spawn(crate::parse::SyntaxModel::embedded);
            }
            if !self.options.no_events {
                scope.spawn(crate::events::EventCoder::embedded);
            }
            if !self.options.no_entities {
                scope.spawn(crate::resolve::kb::kb);
                if self.tagger.is_none() {
                    scope.spawn(EntityTagger::embedded);
                }
            }
        });
    }

    /// Analyze one article.
    pub fn analyze(&self, article: Article) -> Result<Document> {
        let mut warnings = Vec::new();
        if article.input.lossy_utf8 {
            warnings.push(
                "input is not valid UTF-8: invalid bytes were replaced by U+FFFD".to_string(),
            );
        }
        let is_html = matches!(article.body, Body::Html(_));
        let (raw, mut meta) = raw_text(&article)?;
        warnings.append(&mut meta.warnings);
        let normalized = normalize::normalize(&raw);
        drop(raw);
        if normalized.text.is_empty() {
            return Err(if is_html {
                Error::NoArticle {
                    origin: article.origin,
                    reason: "the extracted text is empty".to_string(),
                }
            } else {
                Error::Empty {
                    origin: article.origin,
                }
            });
        }
        let mut doc = Document::from_normalized(article.id, normalized.text);
        doc.alignment = normalized.alignment;
        doc.input = article.input;
        doc.url = article.url.or(meta.url);
        doc.source = article.source.or(meta.site);

        // Publication date: the command line, then the input's field, then the page.
        if let Some(date) = self.options.published {
            doc.published = Some(date.format("%Y-%m-%d").to_string());
            doc.published_source = PublishedSource::Argument;
        } else if let Some(value) = &article.published {
            let date = parse_published(value).ok_or_else(|| Error::BadDate {
                origin: article.origin.clone(),
                value: value.clone(),
            })?;
            doc.published = Some(date.format("%Y-%m-%d").to_string());
            doc.published_source = PublishedSource::Input;
        } else if let Some(date) = meta.published {
            doc.published = Some(date);
            doc.published_source = PublishedSource::Html;
        } else {
            warnings.push(
                "no publication date: relative dates (\"on Tuesday\") cannot be resolved; \
                 pass --published YYYY-MM-DD"
                    .to_string(),
            );
        }

        // Layout: headline for plain text; byline and bio for all.
        let found = layout::analyze(&doc.text);
        let title_from_text = doc.input.kind != InputKind::Html && !doc.input.html;
        let title_span = if title_from_text { found.title } else { None };
        doc.title = article
            .title
            .or(meta.title)
            .or_else(|| title_span.map(|s| doc.text[s.start..s.end].to_string()));
        doc.title_span = title_span.filter(|s| doc.title.as_deref() == doc.slice(*s));
        if found.byline.is_some() || found.bio.is_some() {
            doc.byline = Some(Byline {
                authors: found.authors.clone(),
                line: found.byline,
                bio: found.bio,
            });
        } else if let Some(author) = meta.author {
            doc.byline = Some(Byline {
                authors: vec![author],
                line: None,
                bio: None,
            });
        }

        segment_document(&mut doc, title_span, &found);
        if !self.options.no_parse {
            crate::parse::recognize(&mut doc);
        }
        if !self.options.no_entities {
            self.tagger
                .unwrap_or_else(EntityTagger::embedded)
                .recognize(&mut doc);
            crate::resolve::resolve(&mut doc);
        }
        crate::time::recognize(&mut doc);
        crate::quotes::recognize(&mut doc);
        crate::counts::recognize(&mut doc);
        if !self.options.no_events {
            crate::events::EventCoder::embedded().code(&mut doc);
        }
        doc.content_hash = hash_text(&doc.text);
        doc.warnings = warnings;
        if !self.options.keep_tokens {
            doc.tokens = Vec::new();
        }
        Ok(doc)
    }
}

/// Tokenize and split each zone, filling `doc.tokens` and `doc.sentences`.
fn segment_document(doc: &mut Document, title: Option<Span>, found: &layout::Layout) {
    let mut marked: Vec<(Span, TextZone)> = Vec::new();
    if let Some(t) = title {
        marked.push((t, TextZone::Title));
    }
    for s in [found.byline, found.bio].into_iter().flatten() {
        marked.push((s, TextZone::Byline));
    }
    marked.sort_by_key(|(s, _)| s.start);
    // Fill the gaps between marked zones with body.
    let mut regions = Vec::new();
    let mut at = 0;
    for (span, zone) in marked {
        if span.start > at {
            regions.push((Span::new(at, span.start), TextZone::Body));
        }
        if span.end > at {
            regions.push((Span::new(span.start.max(at), span.end), zone));
            at = span.end;
        }
    }
    if at < doc.text.len() {
        regions.push((Span::new(at, doc.text.len()), TextZone::Body));
    }

    let text = doc.text.as_str();
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut sentences = Vec::new();
    let mut paragraph = 0;
    let mut counted_to = 0;
    for (region, zone) in regions {
        let first = tokens.len();
        tokenize::tokenize_into(text, region, &mut tokens);
        for range in segment::split(text, &tokens[first..]) {
            let range = first + range.start..first + range.end;
            let span = segment::sentence_span(&tokens, &range);
            paragraph += text[counted_to..span.start].matches("\n\n").count();
            counted_to = span.start;
            sentences.push(Sentence {
                span,
                text: text[span.start..span.end].to_string(),
                zone,
                paragraph,
                token_start: range.start,
                token_end: range.end,
            });
        }
    }
    doc.tokens = tokens;
    doc.sentences = sentences;
}

/// The article's text as read: plain text as given, an HTML page's extracted text (with
/// what the extractor found about the page).
fn raw_text(article: &Article) -> Result<(std::borrow::Cow<'_, str>, html::Extracted)> {
    Ok(match &article.body {
        Body::Text(t) => (
            std::borrow::Cow::Borrowed(t.as_str()),
            html::Extracted::default(),
        ),
        Body::Html(bytes) => {
            let mut extracted = html::extract(bytes, article.url.as_deref(), &article.origin)?;
            let text = std::mem::take(&mut extracted.text);
            (std::borrow::Cow::Owned(text), extracted)
        }
    })
}

/// The `content_hash` that the record of `article` will carry, without analyzing it: the
/// SHA-256 of its normalized text. A store keyed by it can tell an article it already holds
/// before the analysis, which costs a hundred times more (for HTML the page is extracted).
pub fn content_hash(article: &Article) -> Result<String> {
    let (raw, _) = raw_text(article)?;
    Ok(hash_text(&normalize::normalize(&raw).text))
}

fn hash_text(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::InputInfo;

    fn article(text: &str) -> Article {
        Article {
            id: "t".into(),
            body: Body::Text(text.into()),
            title: None,
            url: None,
            source: None,
            published: None,
            input: InputInfo::default(),
            origin: "t.txt".into(),
        }
    }

    #[test]
    fn a_plain_article_gets_zones_sentences_and_a_warning_without_date() {
        let text = "Bridge closes for repairs\n\nThe river bridge closed on Monday. Mr. Haas said it would reopen in May.\n\n\
                    Lena Haas\n\nLena Haas is a reporter who covers transport.";
        let doc = Analyzer::default().analyze(article(text)).unwrap();
        assert_eq!(doc.title.as_deref(), Some("Bridge closes for repairs"));
        let zones: Vec<_> = doc
            .sentences
            .iter()
            .map(|s| (s.zone, s.text.as_str()))
            .collect();
        assert_eq!(
            zones,
            [
                (TextZone::Title, "Bridge closes for repairs"),
                (TextZone::Body, "The river bridge closed on Monday."),
                (TextZone::Body, "Mr. Haas said it would reopen in May."),
                (TextZone::Byline, "Lena Haas"),
                (
                    TextZone::Byline,
                    "Lena Haas is a reporter who covers transport."
                ),
            ]
        );
        assert_eq!(doc.sentences[2].paragraph, 1);
        assert_eq!(doc.sentences[4].paragraph, 3);
        crate::assert_spans(&doc);
        assert_eq!(doc.published, None);
        assert_eq!(doc.published_source, PublishedSource::None);
        assert!(doc
            .warnings
            .iter()
            .any(|w| w.contains("no publication date")));
        assert_eq!(doc.content_hash.len(), 64);
    }

    #[test]
    fn published_date_precedence_and_validation() {
        let mut a = article("Rain fell.");
        a.published = Some("2023-07-09T10:00:00Z".into());
        let doc = Analyzer::default().analyze(a.clone()).unwrap();
        assert_eq!(doc.published.as_deref(), Some("2023-07-09"));
        assert_eq!(doc.published_source, PublishedSource::Input);
        let forced = Analyzer::new(AnalyzerOptions {
            published: NaiveDate::from_ymd_opt(2020, 1, 2),
            ..AnalyzerOptions::default()
        });
        let doc = forced.analyze(a.clone()).unwrap();
        assert_eq!(doc.published.as_deref(), Some("2020-01-02"));
        a.published = Some("last week".into());
        let err = Analyzer::default().analyze(a).unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn empty_input_is_an_error() {
        let err = Analyzer::default().analyze(article(" \n\t\n")).unwrap_err();
        assert!(matches!(err, Error::Empty { .. }));
    }
}
