//! HTML building blocks: escaping, safe links, the page frame.
//!
//! Everything that reaches a page from an article (text, titles, names, URLs) is untrusted.
//! It goes through [`esc`] (text and attribute values alike: `& < > " '` are all escaped)
//! and URLs through [`safe_href`], which lets only `http:`/`https:` through. Pages carry no
//! inline script or style, so the Content-Security-Policy can forbid both.

use std::fmt::{self, Write};

/// Escape text for an HTML text node or a quoted attribute value.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, b) in s.bytes().enumerate() {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + 1;
        }
        f.write_str(&s[last..])
    }
}

/// Shorthand for [`Esc`].
pub fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

/// Percent-encode a value for a URL path segment or query value.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The URL when it is an absolute `http:` or `https:` URL without control characters or
/// spaces; `None` otherwise (`javascript:`, `data:`, relative paths…). The result still has
/// to be escaped with [`esc`] when written into an attribute.
pub fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let ok_scheme = lower.starts_with("http://") || lower.starts_with("https://");
    let clean = !url.chars().any(|c| c.is_control() || c.is_whitespace());
    (ok_scheme && clean && url.len() > 8).then_some(url)
}

/// The Content-Security-Policy of every page: own stylesheet and script only, no inline code,
/// no plugins, no framing, no external images.
pub const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The stylesheet served at `/static/style.css`.
pub const STYLE_CSS: &str = include_str!("../assets/style.css");
/// The script served at `/static/app.js`.
pub const APP_JS: &str = include_str!("../assets/app.js");

/// Wrap a page body in the common frame (header with search box, stylesheet).
pub fn page(title: &str, query: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · readout</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n\
         <script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n\
         <header><a class=\"home\" href=\"/\">readout</a>\
         <form class=\"search\" action=\"/search\" method=\"get\">\
         <input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search articles\" aria-label=\"Search articles\">\
         <button type=\"submit\">Search</button></form>\
         <nav><a href=\"/events\">Events</a><a href=\"/stories\">Stories</a></nav></header>\n<main>\n{}\n</main>\n</body>\n</html>\n",
        esc(title),
        esc(query),
        body
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        let s = esc(r#"<script>alert('x')</script> "a" & b"#).to_string();
        assert_eq!(
            s,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;a&quot; &amp; b"
        );
        assert_eq!(esc("plain é text").to_string(), "plain é text");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            safe_href("https://example.org/a?b=1"),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(
            safe_href("HTTP://example.org/"),
            Some("HTTP://example.org/")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,<b>"), None);
        assert_eq!(safe_href("/relative"), None);
        assert_eq!(safe_href("https://exa mple.org"), None);
        assert_eq!(safe_href("https://"), None);
    }

    #[test]
    fn url_encoding_keeps_unreserved_only() {
        assert_eq!(url_encode("a b&c/é"), "a%20b%26c%2F%C3%A9");
    }
}
