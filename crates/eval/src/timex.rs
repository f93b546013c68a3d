//! TempEval-3 task A: TIMEX3 extraction and normalization (UzZaman et al., SemEval-2013).
//!
//! Gold: TimeML `.tml` files (TBAQ-cleaned for tuning, TE3-Platinum for the test). Each
//! file's text is the content of `<TEXT>` with its tags removed and XML entities decoded; its
//! `TIMEX3` tags give the gold spans, types and values. The document creation time (the
//! `TIMEX3` inside `<DCT>`) is the publication date readout resolves against; it is an input,
//! not something to find, so it is counted neither as gold nor as a prediction.
//!
//! readout runs on the plain text: [`readout_pipeline::tokenize::tokenize`], then
//! [`readout_pipeline::segment::split`], then [`readout_pipeline::time::find`].
//!
//! ## Metrics (as the TempEval-3 scorer defines them)
//! * **strict**: a prediction matches a gold TIMEX3 when both character offsets are equal;
//! * **relaxed**: when the spans overlap. Matching is one-to-one: each gold TIMEX3 takes the
//!   first overlapping prediction not yet taken.
//! * P = matched / predicted, R = matched / gold, F1 their harmonic mean.
//! * **attribute F1** (type, value): P = correct / predicted, R = correct / gold over the
//!   relaxed matches whose attribute equals the gold one, so attribute F1 = attribute accuracy
//!   on relaxed matches × relaxed F1 — the paper's definition. Values compare as strings;
//!   a prediction without a value is wrong.

use std::path::{Path, PathBuf};

use readout_core::{Sentence, Span, TextZone, TimeType};
use serde::Serialize;

use crate::{Error, Result};

/// One gold TIMEX3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldTimex {
    /// Byte span in [`TmlDoc::text`].
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its text.
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its normalized value.
    pub value: String,
}

/// One TimeML document: plain text, creation time and gold expressions.
#[derive(Debug, Clone, Serialize)]
pub struct TmlDoc {
    /// File it came from.
    pub path: String,
    /// Text of `<TEXT>` without tags, entities decoded.
    pub text: String,
    /// Document creation time `YYYY-MM-DD` (the date part of the DCT's value).
    pub dct: Option<String>,
    /// Gold TIMEX3s inside `<TEXT>`, in text order.
    pub gold: Vec<GoldTimex>,
}

/// Precision, recall and F1, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    fn new(correct: usize, predicted: usize, gold: usize) -> Prf {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let precision = pct(correct, predicted);
        let recall = pct(correct, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// The scores of a set of documents.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TimexReport {
    /// Documents read.
    pub files: usize,
    /// Gold TIMEX3s (the DCT excluded).
    pub gold: usize,
    /// Predicted expressions.
    pub predicted: usize,
    /// Exact-span matches.
    pub strict: Prf,
    /// Overlap matches.
    pub relaxed: Prf,
    /// Type accuracy on relaxed matches, percent.
    pub type_accuracy: f64,
    /// Value accuracy on relaxed matches, percent.
    pub value_accuracy: f64,
    /// Type attribute F1 (type accuracy × relaxed F1).
    pub type_f1: f64,
    /// Value attribute F1 (value accuracy × relaxed F1).
    pub value_f1: f64,
    /// Sentences the text was split into.
    pub sentences: usize,
    /// Bytes of plain text.
    pub bytes: usize,
    /// Seconds spent in `time::find` alone (one thread).
    pub find_seconds: f64,
}

/// A disagreement with the gold data, for error analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Mismatch {
    /// File.
    pub path: String,
    /// `missed` (gold, no overlap), `spurious` (prediction, no overlap), `span` (overlap but
    /// different offsets), `type` or `value` (wrong attribute).
    pub what: &'static str,
    /// The gold text, when any.
    pub gold: Option<String>,
    /// The gold type and value, when any.
    pub gold_value: Option<String>,
    /// The predicted text, when any.
    pub predicted: Option<String>,
    /// The predicted type and value, when any.
    pub predicted_value: Option<String>,
    /// Some text around it.
    pub context: String,
}

fn format_err(path: &Path, message: impl Into<String>) -> Error {
    Error::Format {
        path: path.display().to_string(),
        message: message.into(),
    }
}

/// Read one `.tml` file.
pub fn read_tml(path: &Path) -> Result<TmlDoc> {
    let bytes = crate::read_file(path)?;
    let src = String::from_utf8_lossy(&bytes);
    parse_tml(&src, &path.display().to_string()).map_err(|m| format_err(path, m))
}

/// Parse TimeML source; `path` names it in the document.
pub fn parse_tml(src: &str, path: &str) -> std::result::Result<TmlDoc, String> {
    let dct = src.find("<DCT>").and_then(|at| {
        let rest = &src[at..];
        let end = rest.find("</DCT>").unwrap_or(rest.len());
        attr(&rest[..end], "value").and_then(|v| v.get(..10).map(str::to_string))
    });
    let open = src
        .find("<TEXT>")
        .ok_or_else(|| "no <TEXT> element".to_string())?
        + "<TEXT>".len();
    let close = src[open..]
        .find("</TEXT>")
        .map(|c| open + c)
        .ok_or_else(|| "<TEXT> is not closed".to_string())?;
    let body = &src[open..close];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut pending: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find(['<', '&']) {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('&') {
            let (ch, len) = entity(rest);
            text.push_str(ch);
            rest = &rest[len..];
            continue;
        }
        let gt = rest
            .find('>')
            .ok_or_else(|| format!("unclosed tag at byte {}", close - rest.len()))?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with("TIMEX3") {
            let kind = attr(tag, "type").unwrap_or_default().to_string();
            let value = attr(tag, "value").unwrap_or_default().to_string();
            pending = Some((text.len(), kind, value));
        } else if tag.starts_with("/TIMEX3") {
            let (start, kind, value) = pending
                .take()
                .ok_or_else(|| "</TIMEX3> without <TIMEX3>".to_string())?;
            gold.push(GoldTimex {
                start,
                end: text.len(),
                text: text[start..].to_string(),
                kind,
                value,
            });
        }
    }
    text.push_str(rest);
    Ok(TmlDoc {
        path: path.to_string(),
        text,
        dct,
        gold,
    })
}

/// The value of attribute `name` in a tag's source.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut at = 0;
    while let Some(i) = tag[at..].find(name) {
        let i = at + i;
        let before_ok = i == 0 || tag[..i].ends_with(char::is_whitespace);
        let after = &tag[i + name.len()..];
        if before_ok {
            if let Some(v) = after.strip_prefix("=\"") {
                return v.find('"').map(|e| &v[..e]);
            }
        }
        at = i + name.len();
    }
    None
}

/// Decode the XML entity at the start of `s`: (text, bytes consumed).
fn entity(s: &str) -> (&'static str, usize) {
    for (e, c) in [
        ("&amp;", "&"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
    ] {
        if s.starts_with(e) {
            return (c, e.len());
        }
    }
    ("&", 1)
}

/// The `.tml` files under `dir` (recursively), in name order.
fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let io = |source| Error::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            tml_files(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "tml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Read every `.tml` file under `dir` (recursively).
pub fn read_dir(dir: &Path) -> Result<Vec<TmlDoc>> {
    let mut files = Vec::new();
    tml_files(dir, &mut files)?;
    if files.is_empty() {
        return Err(format_err(dir, "no .tml files in this folder"));
    }
    files.iter().map(|p| read_tml(p)).collect()
}

/// One prediction of readout: span, type label, value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicted {
    /// Byte span in the document's text.
    pub span: Span,
    /// DATE, TIME, DURATION or SET.
    pub kind: &'static str,
    /// Value, when resolved.
    pub value: Option<String>,
}

fn type_label(t: TimeType) -> &'static str {
    match t {
        TimeType::Date => "DATE",
        TimeType::Time => "TIME",
        TimeType::Duration => "DURATION",
        TimeType::Set => "SET",
    }
}

/// Run readout on one document: tokenize, split, find. Returns the predictions and the
/// number of sentences, and adds the time spent in `find` to `seconds`.
pub fn predict(doc: &TmlDoc, seconds: &mut f64) -> (Vec<Predicted>, usize) {
    let text = doc.text.as_str();
    let mut tokens = readout_pipeline::tokenize::tokenize(text);
    let sentences: Vec<Sentence> = readout_pipeline::segment::split(text, &tokens)
        .into_iter()
        .map(|r| {
            let span = readout_pipeline::segment::sentence_span(&tokens, &r);
            Sentence {
                span,
                text: text.get(span.start..span.end).unwrap_or("").to_string(),
                zone: TextZone::Body,
                paragraph: 0,
                token_start: r.start,
                token_end: r.end,
            }
        })
        .collect();
    // The grammar reads a clause's tense from the parse, as in the pipeline.
    readout_pipeline::parse::recognize_tokens(&mut tokens, &sentences);
    let published = doc
        .dct
        .as_deref()
        .and_then(readout_pipeline::parse_published);
    let t0 = std::time::Instant::now();
    let found = readout_pipeline::time::find(text, &tokens, &sentences, published);
    *seconds += t0.elapsed().as_secs_f64();
    let preds = found
        .into_iter()
        .map(|t| Predicted {
            span: t.span,
            kind: type_label(t.kind),
            value: t.value,
        })
        .collect();
    (preds, sentences.len())
}

/// Counts for one document.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    gold: usize,
    predicted: usize,
    strict: usize,
    relaxed: usize,
    type_ok: usize,
    value_ok: usize,
}

/// Compare predictions with gold; pushes disagreements to `mismatches` when given.
fn compare(
    doc: &TmlDoc,
    preds: &[Predicted],
    mut mismatches: Option<&mut Vec<Mismatch>>,
) -> Counts {
    let mut c = Counts {
        gold: doc.gold.len(),
        predicted: preds.len(),
        ..Counts::default()
    };
    let mut taken = vec![false; preds.len()];
    let context = |s: usize, e: usize| {
        let a = floor_char(&doc.text, s.saturating_sub(50));
        let b = floor_char(&doc.text, (e + 30).min(doc.text.len()));
        doc.text[a..b].replace('\n', " ")
    };
    let ptext = |p: &Predicted| {
        doc.text
            .get(p.span.start..p.span.end)
            .unwrap_or("")
            .to_string()
    };
    let pval = |p: &Predicted| format!("{} {}", p.kind, p.value.as_deref().unwrap_or("-"));
    for g in &doc.gold {
        if preds
            .iter()
            .any(|p| p.span.start == g.start && p.span.end == g.end)
        {
            c.strict += 1;
        }
        let hit = preds
            .iter()
            .enumerate()
            .find(|(i, p)| !taken[*i] && p.span.start < g.end && g.start < p.span.end);
        let gval = format!("{} {}", g.kind, g.value);
        match hit {
            Some((i, p)) => {
                taken[i] = true;
                c.relaxed += 1;
                let type_ok = p.kind == g.kind;
                let value_ok = p.value.as_deref() == Some(g.value.as_str());
                c.type_ok += usize::from(type_ok);
                c.value_ok += usize::from(value_ok);
                let what = if !value_ok {
                    Some("value")
                } else if !type_ok {
                    Some("type")
                } else if p.span.start != g.start || p.span.end != g.end {
                    Some("span")
                } else {
                    None
                };
                if let (Some(what), Some(out)) = (what, mismatches.as_deref_mut()) {
                    out.push(Mismatch {
                        path: doc.path.clone(),
                        what,
                        gold: Some(g.text.clone()),
                        gold_value: Some(gval),
                        predicted: Some(ptext(p)),
                        predicted_value: Some(pval(p)),
                        context: context(g.start, g.end),
                    });
                }
            }
            None => {
                if let Some(out) = mismatches.as_deref_mut() {
                    out.push(Mismatch {
                        path: doc.path.clone(),
                        what: "missed",
                        gold: Some(g.text.clone()),
                        gold_value: Some(gval),
                        predicted: None,
                        predicted_value: None,
                        context: context(g.start, g.end),
                    });
                }
            }
        }
    }
    if let Some(out) = mismatches {
        for (i, p) in preds.iter().enumerate() {
            if !taken[i]
                && !doc
                    .gold
                    .iter()
                    .any(|g| p.span.start < g.end && g.start < p.span.end)
            {
                out.push(Mismatch {
                    path: doc.path.clone(),
                    what: "spurious",
                    gold: None,
                    gold_value: None,
                    predicted: Some(ptext(p)),
                    predicted_value: Some(pval(p)),
                    context: context(p.span.start, p.span.end),
                });
            }
        }
    }
    c
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Score readout on documents; with `mismatches`, also list every disagreement.
pub fn evaluate_docs(docs: &[TmlDoc], mut mismatches: Option<&mut Vec<Mismatch>>) -> TimexReport {
    let mut total = Counts::default();
    let mut report = TimexReport {
        files: docs.len(),
        ..TimexReport::default()
    };
    for doc in docs {
        let (preds, sentences) = predict(doc, &mut report.find_seconds);
        report.sentences += sentences;
        report.bytes += doc.text.len();
        let c = compare(doc, &preds, mismatches.as_deref_mut());
        total.gold += c.gold;
        total.predicted += c.predicted;
        total.strict += c.strict;
        total.relaxed += c.relaxed;
        total.type_ok += c.type_ok;
        total.value_ok += c.value_ok;
    }
    report.gold = total.gold;
    report.predicted = total.predicted;
    report.strict = Prf::new(total.strict, total.predicted, total.gold);
    report.relaxed = Prf::new(total.relaxed, total.predicted, total.gold);
    let acc = |ok: usize| {
        if total.relaxed == 0 {
            0.0
        } else {
            100.0 * ok as f64 / total.relaxed as f64
        }
    };
    report.type_accuracy = acc(total.type_ok);
    report.value_accuracy = acc(total.value_ok);
    report.type_f1 = Prf::new(total.type_ok, total.predicted, total.gold).f1;
    report.value_f1 = Prf::new(total.value_ok, total.predicted, total.gold).f1;
    report
}

/// Read every `.tml` file under `dir` and score readout on them.
pub fn evaluate_dir(dir: &Path) -> Result<TimexReport> {
    let docs = read_dir(dir)?;
    Ok(evaluate_docs(&docs, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_gold_and_dct() {
        let src = "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2001-04-05T10:00\" functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT>\
                   <TEXT>Rain &amp; hail fell <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2001-04-04\">yesterday</TIMEX3>, <EVENT eid=\"e1\">said</EVENT> Al.</TEXT>";
        let doc = parse_tml(src, "x.tml").unwrap();
        assert_eq!(doc.text, "Rain & hail fell yesterday, said Al.");
        assert_eq!(doc.dct.as_deref(), Some("2001-04-05"));
        assert_eq!(doc.gold.len(), 1);
        assert_eq!(doc.gold[0].text, "yesterday");
        assert_eq!(&doc.text[doc.gold[0].start..doc.gold[0].end], "yesterday");
        let report = evaluate_docs(&[doc], None);
        assert_eq!(report.strict.f1, 100.0);
        assert_eq!(report.value_f1, 100.0);
    }

    #[test]
    fn attribute_f1_is_accuracy_times_relaxed_f1() {
        let doc = TmlDoc {
            path: "d".into(),
            text: "on Monday and in May".into(),
            dct: None,
            gold: vec![
                GoldTimex {
                    start: 3,
                    end: 9,
                    text: "Monday".into(),
                    kind: "DATE".into(),
                    value: "2001-01-01".into(),
                },
                GoldTimex {
                    start: 17,
                    end: 20,
                    text: "May".into(),
                    kind: "DATE".into(),
                    value: "2001-05".into(),
                },
            ],
        };
        let preds = vec![
            Predicted {
                span: Span::new(0, 9),
                kind: "DATE",
                value: Some("2001-01-01".into()),
            },
            Predicted {
                span: Span::new(10, 13),
                kind: "DATE",
                value: None,
            },
        ];
        let c = compare(&doc, &preds, None);
        assert_eq!((c.strict, c.relaxed, c.value_ok), (0, 1, 1));
        let relaxed = Prf::new(c.relaxed, c.predicted, c.gold);
        let value = Prf::new(c.value_ok, c.predicted, c.gold);
        assert!((value.f1 - relaxed.f1 * c.value_ok as f64 / c.relaxed as f64).abs() < 1e-9);
    }

    #[test]
    fn malformed_files_say_what_is_wrong() {
        assert!(parse_tml("<TimeML></TimeML>", "x")
            .unwrap_err()
            .contains("<TEXT>"));
        assert!(parse_tml("<TEXT>a <TIMEX3 b", "x")
            .unwrap_err()
            .contains("not closed"));
    }
}
