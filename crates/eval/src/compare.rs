//! Account comparison against cross-outlet annotations: wording differences on NewsWCL50,
//! omissions and framing on BASIL.
//!
//! ## Wording recall on NewsWCL50 (Hamborg et al. 2019)
//! `Annotations.csv` tags phrases with a concept (`code_name`, e.g. `USA\Trump`) per event and
//! outlet; phrases sharing a concept across outlets are coreferent. For every event, every
//! pair of outlets and every concept, each **distinct pair of differently worded phrases**
//! ("Kim Jong Un" in one, "the North Korean dictator" in the other) is one gold pair. Phrases
//! are located in readout's text by their words (the annotation's token offsets refer to the
//! authors' tokenization of the original pages), preferring the occurrence nearest the
//! annotated paragraph. The two articles are compared with `readout_compare::compare`; a gold
//! pair is
//! * **aligned** when some occurrence of each phrase lies in two claims readout aligned;
//! * **wording** when those claims are labelled `wording`;
//! * **named** when, in addition, the reported contrast contains a word of either phrase.
//!
//! Recall is each count over the located pairs. There is no precision here: the annotation
//! does not mark every framing difference, so a `wording` item outside it is not known wrong.
//!
//! ## Omissions and framing on BASIL (Fan et al. 2019)
//! 100 triplets (Fox, NYT, HuffPost) of one event with phrase-level bias spans: `inf`
//! (informational: a fact or quote chosen to include) and `lex` (lexical: word choice). Each
//! article (title, then its paragraphs) is analyzed and the three accounts compared pairwise.
//! A span is located by its text and falls in the claim containing its first byte. We count
//! spans whose claim is:
//! * `only_in` in at least one pair / in both pairs (the other outlets both omit it);
//! * `wording` in at least one pair;
//! * either of these.
//!
//! Because a method that flags every claim would "find" every span, the report gives the same
//! rates over **all** claims: the lift of a span rate over the claim rate is the signal.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use readout_compare::{compare, CompareOptions, Label};
use readout_core::{Document, Span};
use readout_pipeline::{Analyzer, AnalyzerOptions};
use serde::Serialize;

use crate::csv::csv_fields;
use crate::stories::{analyze, analyze_wcl};
use crate::{Error, Result};

/// One NewsWCL50 phrase annotation.
#[derive(Debug, Clone)]
struct Phrase {
    concept: String,
    text: String,
    event: String,
    outlet: String,
    paragraph: usize,
}

fn read_annotations(dir: &Path) -> Result<Vec<Phrase>> {
    let path = dir.join("Annotations.csv");
    let bytes = crate::read_file(&path)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut header: Option<Vec<String>> = None;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("sep=") || line.trim().is_empty() {
            continue;
        }
        let fields = csv_fields(line);
        let Some(h) = &header else {
            header = Some(fields);
            continue;
        };
        let get = |name: &str| {
            h.iter()
                .position(|c| c == name)
                .and_then(|i| fields.get(i))
                .cloned()
                .unwrap_or_default()
        };
        out.push(Phrase {
            concept: get("code_name"),
            text: get("code_mention"),
            event: get("event_id"),
            outlet: get("publisher_id"),
            paragraph: get("paragraph").parse().unwrap_or(0),
        });
    }
    if out.is_empty() {
        return Err(Error::Format {
            path: path.display().to_string(),
            message: "no annotations (expected a header with code_name, code_mention, \
                      event_id, publisher_id, paragraph)"
                .to_string(),
        });
    }
    Ok(out)
}

/// Where a phrase occurs in a document: every occurrence, nearest the paragraph first.
fn locate(doc: &Document, phrase: &str, paragraph: usize) -> Vec<Span> {
    let phrase = phrase.trim();
    if phrase.is_empty() || !phrase.chars().any(char::is_alphanumeric) {
        return Vec::new();
    }
    let mut spans: Vec<(usize, Span)> = Vec::new();
    let mut from = 0;
    while let Some(pos) = doc.text.get(from..).and_then(|t| t.find(phrase)) {
        let start = from + pos;
        let span = Span::new(start, start + phrase.len());
        let para = doc
            .sentences
            .iter()
            .find(|s| s.span.contains(span))
            .map_or(usize::MAX / 2, |s| s.paragraph);
        spans.push((para.abs_diff(paragraph), span));
        from = start + phrase.len().max(1);
    }
    spans.sort_by_key(|(d, s)| (*d, *s));
    spans.into_iter().map(|(_, s)| s).collect()
}

/// Recall of differently worded coreferent pairs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WordingReport {
    /// Outlet pairs compared.
    pub comparisons: usize,
    /// Distinct differently worded coreferent phrase pairs.
    pub gold_pairs: usize,
    /// Of those, pairs whose two phrases were both found in readout's text.
    pub located_pairs: usize,
    /// Located pairs whose phrases lie in aligned claims (any label).
    pub aligned: usize,
    /// Located pairs whose claims are labelled `wording`.
    pub wording: usize,
    /// `wording` pairs whose contrast names a word of either phrase.
    pub named: usize,
    /// `aligned / located_pairs`.
    pub aligned_recall: f64,
    /// `wording / located_pairs`.
    pub wording_recall: f64,
    /// `named / located_pairs`.
    pub named_recall: f64,
    /// Located pairs whose phrases the comparison's "terms each side uses" contrast: one
    /// framing family lists a word of one phrase on its side and a word of the other on the
    /// other side, wherever the claims fall.
    pub terms: usize,
    /// `terms / located_pairs`.
    pub terms_recall: f64,
    /// Located pairs reported either way (`wording` claims or contrasted terms).
    pub wording_or_terms: usize,
    /// `wording_or_terms / located_pairs`.
    pub wording_or_terms_recall: f64,
    /// Term contrasts reported over all comparisons (families with words on both sides).
    pub term_contrasts: usize,
    /// Located pairs whose phrases the comparison's "references" contrast (one entity,
    /// a word of one phrase among one side's own names for it, a word of the other among
    /// the other side's).
    pub references: usize,
    /// `references / located_pairs`.
    pub references_recall: f64,
    /// Located pairs reported any of the three ways.
    pub reported_any: usize,
    /// `reported_any / located_pairs`.
    pub reported_any_recall: f64,
    /// Reference contrasts reported over all comparisons.
    pub reference_contrasts: usize,
    /// Aligned claim pairs by label over all comparisons.
    pub labels: BTreeMap<String, usize>,
    /// Articles that could not be analyzed.
    pub failed: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Wording recall on NewsWCL50.
pub fn evaluate_wording(dir: &Path, options: &CompareOptions) -> Result<WordingReport> {
    let phrases = read_annotations(dir)?;
    let (articles, docs, failed) = analyze_wcl(dir)?;
    let mut report = WordingReport {
        failed,
        ..WordingReport::default()
    };
    let doc_of: HashMap<(String, String), &Document> = articles
        .iter()
        .zip(&docs)
        .map(|(a, d)| ((a.event.clone(), a.outlet.clone()), d))
        .collect();
    // (event, outlet) → concept → distinct phrase → paragraphs.
    let mut by_doc: BTreeMap<(String, String), BTreeMap<String, BTreeMap<String, usize>>> =
        BTreeMap::new();
    for p in &phrases {
        by_doc
            .entry((p.event.clone(), p.outlet.clone()))
            .or_default()
            .entry(p.concept.clone())
            .or_default()
            .entry(p.text.trim().to_string())
            .or_insert(p.paragraph);
    }
    let events: Vec<String> = {
        let mut e: Vec<String> = articles.iter().map(|a| a.event.clone()).collect();
        e.dedup();
        e
    };
    for event in &events {
        let outlets: Vec<&str> = articles
            .iter()
            .filter(|a| &a.event == event)
            .map(|a| a.outlet.as_str())
            .collect();
        for (i, oa) in outlets.iter().enumerate() {
            for ob in &outlets[i + 1..] {
                let (Some(da), Some(db)) = (
                    doc_of.get(&(event.clone(), oa.to_string())),
                    doc_of.get(&(event.clone(), ob.to_string())),
                ) else {
                    continue;
                };
                report.comparisons += 1;
                let cmp = compare(&[da, db], options);
                let items = &cmp.pairs[0].items;
                // Folded words of each side's own terms, per family.
                let term_words = contrast_words(&cmp.pairs[0].terms);
                report.term_contrasts += term_words.len();
                let reference_words = contrast_words(&cmp.pairs[0].references);
                report.reference_contrasts += reference_words.len();
                for item in items.iter().filter(|i| i.label != Label::OnlyIn) {
                    *report
                        .labels
                        .entry(item.label.as_str().to_string())
                        .or_default() += 1;
                }
                let empty = BTreeMap::new();
                let ca = by_doc
                    .get(&(event.clone(), oa.to_string()))
                    .unwrap_or(&empty);
                let cb = by_doc
                    .get(&(event.clone(), ob.to_string()))
                    .unwrap_or(&empty);
                for (concept, pa) in ca {
                    let Some(pb) = cb.get(concept) else { continue };
                    for (ta, para_a) in pa {
                        for (tb, para_b) in pb {
                            if fold_phrase(ta) == fold_phrase(tb) {
                                continue;
                            }
                            report.gold_pairs += 1;
                            let sa = locate(da, ta, *para_a);
                            let sb = locate(db, tb, *para_b);
                            if sa.is_empty() || sb.is_empty() {
                                continue;
                            }
                            report.located_pairs += 1;
                            let (words_a, words_b) = (fold_phrase(ta), fold_phrase(tb));
                            let in_terms = contrasted(&term_words, &words_a, &words_b);
                            report.terms += usize::from(in_terms);
                            let in_references = contrasted(&reference_words, &words_a, &words_b);
                            report.references += usize::from(in_references);
                            let mut best = 0;
                            for item in items.iter().filter(|i| i.label != Label::OnlyIn) {
                                let (Some(l), Some(r)) = (&item.left, &item.right) else {
                                    continue;
                                };
                                let hit_a = sa.iter().any(|s| l.span.contains(*s));
                                let hit_b = sb.iter().any(|s| r.span.contains(*s));
                                if !(hit_a && hit_b) {
                                    continue;
                                }
                                let mut level = 1;
                                if item.label == Label::Wording {
                                    level = 2;
                                    if let Some(c) = &item.contrast {
                                        let words_a = fold_phrase(ta);
                                        let words_b = fold_phrase(tb);
                                        let named = c
                                            .left
                                            .iter()
                                            .chain(&c.right)
                                            .flat_map(|t| fold_phrase(t))
                                            .any(|w| words_a.contains(&w) || words_b.contains(&w));
                                        if named {
                                            level = 3;
                                        }
                                    }
                                }
                                best = best.max(level);
                            }
                            report.aligned += usize::from(best >= 1);
                            report.wording += usize::from(best >= 2);
                            report.wording_or_terms += usize::from(best >= 2 || in_terms);
                            report.reported_any +=
                                usize::from(best >= 2 || in_terms || in_references);
                            report.named += usize::from(best >= 3);
                        }
                    }
                }
            }
        }
    }
    report.aligned_recall = ratio(report.aligned, report.located_pairs);
    report.wording_recall = ratio(report.wording, report.located_pairs);
    report.named_recall = ratio(report.named, report.located_pairs);
    report.terms_recall = ratio(report.terms, report.located_pairs);
    report.wording_or_terms_recall = ratio(report.wording_or_terms, report.located_pairs);
    report.references_recall = ratio(report.references, report.located_pairs);
    report.reported_any_recall = ratio(report.reported_any, report.located_pairs);
    Ok(report)
}

/// Content-word keys of each side's words in a list of contrasts.
fn contrast_words(list: &[readout_compare::TermContrast]) -> Vec<(Vec<String>, Vec<String>)> {
    let words = |v: &[readout_compare::TermUse]| -> Vec<String> {
        v.iter().flat_map(|u| fold_phrase(&u.text)).collect()
    };
    list.iter()
        .map(|t| (words(&t.left), words(&t.right)))
        .collect()
}

/// Whether one contrast lists a word of phrase A on the left and one of phrase B on the
/// right.
fn contrasted(contrasts: &[(Vec<String>, Vec<String>)], a: &[String], b: &[String]) -> bool {
    contrasts
        .iter()
        .any(|(l, r)| l.iter().any(|w| a.contains(w)) && r.iter().any(|w| b.contains(w)))
}

/// Content-word keys of a phrase.
fn fold_phrase(s: &str) -> Vec<String> {
    readout_compare::text::words(s)
        .iter()
        .map(|w| readout_compare::text::fold(w.text))
        .filter(|w| !readout_compare::text::is_stop(w))
        .map(|w| readout_compare::text::stem(&w))
        .collect()
}

/// How many spans (or claims) fall in claims with each flag.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Items counted (located spans, or claims).
    pub total: usize,
    /// In a claim that is `only_in` in at least one pair.
    pub only_in_any: usize,
    /// In a claim that is `only_in` in every pair (both other outlets omit it).
    pub only_in_all: usize,
    /// In a claim labelled `wording` in at least one pair.
    pub wording: usize,
    /// In a claim that is `only_in` or `wording` in at least one pair.
    pub only_in_or_wording: usize,
    /// The same four as rates of `total`.
    pub rates: [f64; 4],
}

impl Coverage {
    fn add(&mut self, flags: &ClaimFlags) {
        self.total += 1;
        self.only_in_any += usize::from(flags.only_in > 0);
        self.only_in_all += usize::from(flags.only_in == flags.pairs && flags.pairs > 0);
        self.wording += usize::from(flags.wording);
        self.only_in_or_wording += usize::from(flags.only_in > 0 || flags.wording);
    }

    fn finish(&mut self) {
        self.rates = [
            ratio(self.only_in_any, self.total),
            ratio(self.only_in_all, self.total),
            ratio(self.wording, self.total),
            ratio(self.only_in_or_wording, self.total),
        ];
    }
}

#[derive(Debug, Clone, Default)]
struct ClaimFlags {
    span: Span,
    pairs: usize,
    only_in: usize,
    wording: bool,
}

/// BASIL report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BasilReport {
    /// Triplets compared.
    pub triplets: usize,
    /// Articles analyzed.
    pub articles: usize,
    /// Articles that could not be read or analyzed.
    pub failed: usize,
    /// Annotated spans by bias type (`inf`, `lex`).
    pub spans: BTreeMap<String, usize>,
    /// Spans whose text was found in readout's text, by bias type.
    pub located: BTreeMap<String, usize>,
    /// Where located informational spans fall.
    pub informational: Coverage,
    /// Where located lexical spans fall.
    pub lexical: Coverage,
    /// Baseline: the same rates over all claims.
    pub all_claims: Coverage,
}

/// Read one BASIL article: (title, body text, source).
fn read_basil_article(path: &Path) -> Result<(String, String)> {
    let bytes = crate::read_file(path)?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| Error::Format {
        path: path.display().to_string(),
        message: format!("not JSON: {e}"),
    })?;
    let title = v["title"].as_str().unwrap_or("").trim().to_string();
    let paragraphs: Vec<String> = v["body-paragraphs"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.as_array())
                .map(|sents| {
                    sents
                        .iter()
                        .filter_map(|s| s.as_str())
                        .map(str::trim)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if paragraphs.is_empty() {
        return Err(Error::Format {
            path: path.display().to_string(),
            message: "no body-paragraphs".to_string(),
        });
    }
    let text = format!("{title}\n\n{}", paragraphs.join("\n\n"));
    Ok((text, v["source"].as_str().unwrap_or("").to_string()))
}

/// Omissions and framing on BASIL.
pub fn evaluate_basil(dir: &Path, options: &CompareOptions) -> Result<BasilReport> {
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    // triplet → [(n, article path)]
    let mut triplets: BTreeMap<String, Vec<(String, std::path::PathBuf)>> = BTreeMap::new();
    let articles_dir = dir.join("articles");
    let years = std::fs::read_dir(&articles_dir).map_err(|source| Error::Io {
        path: articles_dir.display().to_string(),
        source,
    })?;
    let mut year_dirs: Vec<std::path::PathBuf> =
        years.filter_map(|e| e.ok().map(|e| e.path())).collect();
    year_dirs.sort();
    for year in year_dirs.iter().filter(|p| p.is_dir()) {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(year)
            .map_err(|source| Error::Io {
                path: year.display().to_string(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for f in files {
            let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            if let Some((uuid, n)) = stem.rsplit_once('_') {
                triplets
                    .entry(uuid.to_string())
                    .or_default()
                    .push((n.to_string(), f.clone()));
            }
        }
    }
    let mut report = BasilReport::default();
    for (uuid, members) in &triplets {
        let mut docs: Vec<Document> = Vec::new();
        let mut anns: Vec<Vec<(String, String)>> = Vec::new();
        for (n, path) in members {
            let id = format!("{uuid}_{n}");
            let article = read_basil_article(path);
            let (text, source) = match article {
                Ok(x) => x,
                Err(err) => {
                    eprintln!("readout: {err}");
                    report.failed += 1;
                    continue;
                }
            };
            let Some(doc) = analyze(&analyzer, &id, text, Some(source), None) else {
                report.failed += 1;
                continue;
            };
            let year = path
                .parent()
                .and_then(|p| p.file_name())
                .unwrap_or_default();
            let ann_path = dir
                .join("annotations")
                .join(year)
                .join(format!("{id}_ann.json"));
            let spans = match crate::read_file(&ann_path)
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            {
                Some(v) => v["phrase-level-annotations"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|p| {
                                (
                                    p["bias"].as_str().unwrap_or("").to_string(),
                                    p["txt"].as_str().unwrap_or("").to_string(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            docs.push(doc);
            anns.push(spans);
        }
        if docs.len() < 2 {
            continue;
        }
        report.triplets += 1;
        report.articles += docs.len();
        let refs: Vec<&Document> = docs.iter().collect();
        let cmp = compare(&refs, options);
        // Flags per claim of each document, keyed by claim index.
        let mut flags: Vec<HashMap<usize, ClaimFlags>> = vec![HashMap::new(); docs.len()];
        let index_of: HashMap<&str, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        for pair in &cmp.pairs {
            for item in &pair.items {
                for side in [&item.left, &item.right].into_iter().flatten() {
                    let d = index_of[side.doc.as_str()];
                    let f = flags[d].entry(side.claim).or_default();
                    f.span = side.span;
                    f.pairs += 1;
                    f.only_in += usize::from(item.label == Label::OnlyIn);
                    f.wording |= item.label == Label::Wording;
                }
            }
        }
        for (d, doc) in docs.iter().enumerate() {
            for f in flags[d].values() {
                report.all_claims.add(f);
            }
            for (bias, txt) in &anns[d] {
                *report.spans.entry(bias.clone()).or_default() += 1;
                let mut found = locate(doc, txt, 0);
                if found.is_empty() {
                    let trimmed = txt.trim_matches(|c: char| !c.is_alphanumeric());
                    found = locate(doc, trimmed, 0);
                }
                let Some(span) = found.first() else { continue };
                *report.located.entry(bias.clone()).or_default() += 1;
                let claim = flags[d]
                    .values()
                    .filter(|f| f.span.start <= span.start && span.start < f.span.end.max(1))
                    .min_by_key(|f| f.span.start);
                let none = ClaimFlags::default();
                let f = claim.unwrap_or(&none);
                match bias.as_str() {
                    "inf" => report.informational.add(f),
                    "lex" => report.lexical.add(f),
                    _ => {}
                }
            }
        }
    }
    report.informational.finish();
    report.lexical.finish();
    report.all_claims.finish();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_fold_to_content_words() {
        assert_eq!(
            fold_phrase("the North Korean dictator"),
            ["north", "korean", "dictator"]
        );
        assert_ne!(fold_phrase("Kim Jong Un"), fold_phrase("the dictator"));
    }

    #[test]
    fn locate_prefers_the_annotated_paragraph() {
        let mut doc =
            Document::from_normalized("d", "The envoy left.\n\nThe envoy returned.".to_string());
        doc.sentences = vec![
            readout_core::Sentence {
                span: Span::new(0, 15),
                text: "The envoy left.".to_string(),
                zone: readout_core::TextZone::Body,
                paragraph: 0,
                token_start: 0,
                token_end: 0,
            },
            readout_core::Sentence {
                span: Span::new(17, 36),
                text: "The envoy returned.".to_string(),
                zone: readout_core::TextZone::Body,
                paragraph: 1,
                token_start: 0,
                token_end: 0,
            },
        ];
        assert_eq!(locate(&doc, "envoy", 1)[0], Span::new(21, 26));
        assert_eq!(locate(&doc, "envoy", 0)[0], Span::new(4, 9));
        assert!(locate(&doc, "   ", 0).is_empty());
        assert!(locate(&doc, "ambassador", 0).is_empty());
    }
}
