//! Layout: find the headline and the byline of a plain-text article.
//!
//! A plain-text news article often starts with its headline on a line of its own and ends
//! with the author's name and a short biography. Neither is part of the reported story: the
//! biography's "journalist based in Taipei" is not an event. This module finds them by shape,
//! never by content of a particular article:
//! * **headline**: the first paragraph, one short line (≤ 25 words) with at least one
//!   capitalised word that does not end in a period, followed by more text;
//! * **leading byline**: a paragraph `By First Last[, First Last][ and First Last]`;
//! * **trailing bio**: one of the last three paragraphs starting with a name and
//!   "is a/an/the …", "covers …", "writes …", "reports …" and mentioning a newsroom word
//!   (journalist, reporter, correspondent, editor, writer, columnist, contributor, covers,
//!   freelance); a bare name line right before it is the byline;
//! * **trailing credit**: a last paragraph such as "Reporting by …; Editing by …".

use readout_core::Span;

/// Zones found in a normalized text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The headline line.
    pub title: Option<Span>,
    /// The author line ("By Jane Roe", or a bare name line before a biography).
    pub byline: Option<Span>,
    /// The trailing biography or credit paragraph(s).
    pub bio: Option<Span>,
    /// Author names found in the byline or biography.
    pub authors: Vec<String>,
}

/// Paragraph spans of `text` (separated by blank lines).
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        if i > start {
            out.push(Span::new(start, i));
        }
        start = i + 2;
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// Find the zones of a plain-text article.
pub fn analyze(text: &str) -> Layout {
    let paras = paragraphs(text);
    let mut layout = Layout::default();
    if paras.len() < 2 {
        return layout;
    }
    let first = &text[paras[0].start..paras[0].end];
    let mut body_from = 0;
    if reads_as_headline(first) {
        layout.title = Some(paras[0]);
        body_from = 1;
    }
    // A leading "By …" line.
    if let Some(p) = paras.get(body_from) {
        if let Some(names) = by_line_names(&text[p.start..p.end]) {
            layout.byline = Some(*p);
            layout.authors = names;
            body_from += 1;
        }
    }
    // A trailing biography or credit, within the last three paragraphs, never in the title.
    let last = paras.len() - 1;
    let earliest = last.saturating_sub(2).max(body_from + 1);
    for k in earliest..=last {
        let p = paras[k];
        let para = &text[p.start..p.end];
        if let Some(name) = bio_subject(para) {
            layout.bio = Some(Span::new(p.start, paras[last].end));
            // A bare name line just before the biography is its byline.
            if layout.byline.is_none() && k > body_from {
                let prev = paras[k - 1];
                let prev_text = &text[prev.start..prev.end];
                if is_name_line(prev_text) {
                    layout.byline = Some(prev);
                }
            }
            if !layout.authors.contains(&name) {
                layout.authors.push(name);
            }
            break;
        }
        if k == last && is_credit_line(para) {
            layout.bio = Some(p);
            break;
        }
    }
    layout
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn is_capitalized(w: &str) -> bool {
    w.trim_start_matches(['“', '"', '‘', '\''])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// One line, ≤ 25 words, at least one capitalised word, not ending like a sentence.
fn reads_as_headline(p: &str) -> bool {
    if p.contains('\n') || p.len() > 250 {
        return false;
    }
    let ws = words(p);
    if ws.is_empty() || ws.len() > 25 || !ws.iter().any(|w| is_capitalized(w)) {
        return false;
    }
    let trimmed = p.trim_end_matches(['”', '"', '’', '\'', ')']);
    let ends_like_sentence = trimmed.ends_with('.') && !trimmed.ends_with("..");
    !ends_like_sentence && !p.ends_with(':') && !p.ends_with(',')
}

/// A person-name-like line: 2–4 capitalised words of letters (and . ' -), nothing else.
fn is_name_line(p: &str) -> bool {
    let ws = words(p);
    (2..=4).contains(&ws.len())
        && !p.contains('\n')
        && ws.iter().all(|w| {
            is_capitalized(w) && w.chars().all(|c| c.is_alphabetic() || ".'’-".contains(c))
        })
}

/// "By Jane Roe", "By Jane Roe and John Doe", "By JANE ROE, Associated Press" → names.
fn by_line_names(p: &str) -> Option<Vec<String>> {
    let rest = p.strip_prefix("By ").or_else(|| p.strip_prefix("BY "))?;
    if p.contains('\n') || rest.len() > 120 {
        return None;
    }
    let mut names = Vec::new();
    for part in rest.split([',', '|']).flat_map(|s| s.split(" and ")) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if is_name_line(part) {
            names.push(part.to_string());
        }
    }
    (!names.is_empty()).then_some(names)
}

const BIO_VERBS: &[&str] = &[
    " is a ",
    " is an ",
    " is the ",
    " covers ",
    " writes ",
    " reports ",
    " has covered ",
    " has reported ",
    " was a ",
    " is based ",
];

const NEWSROOM_WORDS: &[&str] = &[
    "journalist",
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "columnist",
    "contributor",
    "covers",
    "freelance",
    "reporting",
    "producer",
    "photographer",
    "anchor",
];

/// The name a biography paragraph is about, when the paragraph reads as an author bio.
fn bio_subject(p: &str) -> Option<String> {
    if p.len() > 800 {
        return None;
    }
    let (pos, _) = BIO_VERBS
        .iter()
        .filter_map(|v| p.find(v).map(|i| (i, v)))
        .min_by_key(|(i, _)| *i)?;
    let name = &p[..pos];
    if !is_name_line(name) {
        return None;
    }
    let lower = p.to_lowercase();
    NEWSROOM_WORDS
        .iter()
        .any(|w| lower.contains(w))
        .then(|| name.to_string())
}

/// "Reporting by …", "Editing by …", "Additional reporting by …".
fn is_credit_line(p: &str) -> bool {
    let lower = p.to_lowercase();
    p.len() < 300
        && (lower.starts_with("reporting by")
            || lower.starts_with("additional reporting")
            || lower.starts_with("editing by")
            || lower.starts_with("writing by")
            || lower.starts_with("compiled by"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, s: Option<Span>) -> Option<&str> {
        s.map(|s| &text[s.start..s.end])
    }

    #[test]
    fn headline_and_trailing_bio() {
        let text = "Harbour reopens after “worst storm in decades”\n\n\
            The harbour reopened on Monday, officials said.\n\n\
            Fishing resumed by noon.\n\n\
            Mira Okafor\n\n\
            Mira Okafor is a reporter based in Lagos. She covers shipping and trade.";
        let l = analyze(text);
        assert_eq!(
            slice(text, l.title),
            Some("Harbour reopens after “worst storm in decades”")
        );
        assert_eq!(slice(text, l.byline), Some("Mira Okafor"));
        assert!(slice(text, l.bio)
            .unwrap()
            .starts_with("Mira Okafor is a reporter"));
        assert_eq!(l.authors, ["Mira Okafor"]);
    }

    #[test]
    fn leading_by_line_and_credit() {
        let text = "Ferry strike ends\n\nBy Tomas Reyes and Ana Silva\n\n\
            The strike ended on Friday.\n\nReporting by Tomas Reyes; Editing by Kim Lee";
        let l = analyze(text);
        assert_eq!(slice(text, l.byline), Some("By Tomas Reyes and Ana Silva"));
        assert_eq!(l.authors, ["Tomas Reyes", "Ana Silva"]);
        assert_eq!(
            slice(text, l.bio),
            Some("Reporting by Tomas Reyes; Editing by Kim Lee")
        );
    }

    #[test]
    fn a_first_sentence_is_not_a_headline() {
        let text = "The council voted on Tuesday to close the bridge.\n\nTraffic was diverted.";
        assert_eq!(analyze(text).title, None);
        // A single paragraph has no headline either.
        assert_eq!(analyze("Storm Hits Coast").title, None);
    }

    #[test]
    fn story_paragraph_about_a_person_is_not_a_bio() {
        let text =
            "Budget passes\n\nThe budget passed.\n\nMaria Lopez is a farmer who lost her crop.";
        assert_eq!(analyze(text).bio, None);
    }
}
