//! HTML page → main article text, title and date, through rs-trafilatura.
//!
//! rs-trafilatura (a Rust port of trafilatura) scored best of the extractors compared on the
//! Zyte article-extraction benchmark; `readout eval extraction` re-measures it here.

use crate::{Error, Result};

/// What the extractor found in a page.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Main article text, paragraphs separated by newlines.
    pub text: String,
    /// Page title.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD` from the page's metadata.
    pub published: Option<String>,
    /// Author(s) from the page's metadata.
    pub author: Option<String>,
    /// Site name.
    pub site: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// What the reader changed in the page before extraction (for the record's warnings).
    pub warnings: Vec<String>,
}

/// Extract the main article text of an HTML page given as raw bytes (any declared charset).
/// The page's URL, when known, helps the extractor recognise the kind of page.
#[cfg(feature = "html")]
pub fn extract(html: &[u8], url: Option<&str>, origin: &str) -> Result<Extracted> {
    let options = rs_trafilatura::Options {
        url: url.map(str::to_string),
        // readout reads news articles: use the extractor's article profile rather than
        // letting its page classifier pick a forum or listing profile.
        page_type: Some(rs_trafilatura::page_type::PageType::Article),
        include_comments: false,
        include_tables: true,
        include_images: false,
        include_links: false,
        ..rs_trafilatura::Options::default()
    };
    // Extraction time grows with the square of the nesting depth: cap it first.
    let (html, flattened) = super::nesting::cap_nesting(html, super::nesting::MAX_NESTING);
    let mut warnings = Vec::new();
    if flattened > 0 {
        warnings.push(format!(
            "the HTML nests elements more than {} deep: {flattened} deeper elements were \
             opened beside the deepest instead, as browsers do (all text is kept)",
            super::nesting::MAX_NESTING
        ));
    }
    // The extractor is third-party code run on untrusted pages: a panic inside it must become
    // this input's error, not end the batch.
    let outcome =
        std::panic::catch_unwind(|| rs_trafilatura::extract_bytes_with_options(&html, &options));
    let result = match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(e)) => {
            return Err(Error::NoArticle {
                origin: origin.to_string(),
                reason: e.to_string(),
            })
        }
        Err(_) => {
            return Err(Error::NoArticle {
                origin: origin.to_string(),
                reason: "the HTML extractor failed on this page".to_string(),
            })
        }
    };
    let meta = result.metadata;
    Ok(Extracted {
        text: result.content_text,
        title: meta.title.filter(|t| !t.trim().is_empty()),
        published: meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
        author: meta.author.filter(|a| !a.trim().is_empty()),
        site: meta.sitename.filter(|s| !s.trim().is_empty()),
        url: meta.url.filter(|u| !u.trim().is_empty()),
        warnings,
    })
}

/// Without the `html` feature, HTML input is an error that names the feature.
#[cfg(not(feature = "html"))]
pub fn extract(_html: &[u8], _url: Option<&str>, origin: &str) -> Result<Extracted> {
    Err(Error::HtmlDisabled {
        origin: origin.to_string(),
    })
}

/// True when `head` (the first bytes of an input) looks like an HTML document.
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = &head[..head.len().min(4096)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return false };
    // Skip a UTF-8 byte-order mark.
    let rest = head[start..]
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&head[start..]);
    if rest.first() != Some(&b'<') {
        return false;
    }
    let lower: Vec<u8> = rest.iter().map(|b| b.to_ascii_lowercase()).collect();
    const MARKERS: [&[u8]; 8] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<article",
        b"<p>",
        b"<div",
        b"<meta",
    ];
    MARKERS
        .iter()
        .any(|m| lower.windows(m.len()).any(|w| w == *m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_html() {
        assert!(looks_like_html(
            b"  <!DOCTYPE html><html><body>x</body></html>"
        ));
        assert!(looks_like_html(b"<div class=a><p>Hello</p></div>"));
        assert!(!looks_like_html(b"Plain text < with a less-than sign"));
        assert!(!looks_like_html(b"<3 this is not markup"));
    }

    #[cfg(feature = "html")]
    #[test]
    fn extracts_the_article_not_the_boilerplate() {
        let page = br#"<html><head><title>Harbour reopens after storm</title>
            <meta property="article:published_time" content="2024-05-06T08:00:00Z"></head>
            <body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
            <article><h1>Harbour reopens after storm</h1>
            <p>The harbour of the small coastal town reopened on Monday after a storm closed it for a week, the port authority said.</p>
            <p>Fishing boats returned to their moorings by noon, and the ferry to the islands resumed its timetable in the afternoon.</p>
            <p>Repairs to the breakwater will take another month, according to the authority's chief engineer, who spoke to reporters at the quay.</p>
            </article><footer>Copyright 2024 Example Media. All rights reserved.</footer></body></html>"#;
        let out = extract(page, None, "t.html").unwrap();
        assert!(out.text.contains("Fishing boats returned"), "{}", out.text);
        assert!(!out.text.contains("Copyright"), "{}", out.text);
        assert_eq!(out.title.as_deref(), Some("Harbour reopens after storm"));
    }
}
