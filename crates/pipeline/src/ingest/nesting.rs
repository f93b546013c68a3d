//! A cap on how deeply HTML elements nest, applied before extraction.
//!
//! The extractor's cost grows with the square of the nesting depth (10,000 nested `<div>`s
//! take half a minute, 100,000 most of an hour). Browsers bound the same thing: Chromium's
//! HTML parser stops nesting at 512 open elements and puts deeper elements beside the
//! deepest one. [`cap_nesting`] does the same on the raw bytes: before a start tag that
//! would open an element deeper than the cap, the deepest open element is closed (its own
//! end tag, when it comes, is dropped), so the new one opens beside it. Text and elements
//! are all kept. A page within the cap is returned untouched.

use std::borrow::Cow;

/// Deepest element nesting kept, as in Chromium's HTML parser. Real pages stay far below
/// (news pages nest 20 to 40 deep).
pub const MAX_NESTING: usize = 512;

/// Elements that never have content, hence never nest.
const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Elements whose start tag closes an open element of the same name (`<p>a<p>b`).
const SELF_CLOSING_SIBLINGS: [&[u8]; 8] =
    [b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td", b"th"];

/// Elements whose content is raw text up to their end tag (no tags inside).
const RAW_TEXT: [&[u8]; 4] = [b"script", b"style", b"textarea", b"title"];

/// One piece of markup found by [`next_tag`].
struct Tag {
    /// Byte range of the whole tag (`<` through `>`).
    start: usize,
    end: usize,
    name: Vec<u8>,
    closing: bool,
    self_closing: bool,
}

/// The page with elements nested deeper than `max` (at least 1) opened beside the deepest
/// instead, and how many were; the page itself (borrowed) when nothing is that deep.
pub fn cap_nesting(html: &[u8], max: usize) -> (Cow<'_, [u8]>, usize) {
    let max = max.max(1);
    let mut open: Vec<Vec<u8>> = Vec::new();
    // End tags to drop, per element name: those of the elements closed early.
    let mut pending: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut flattened = 0;
    let mut at = 0;
    while let Some(tag) = next_tag(html, at) {
        at = tag.end;
        let mut drop_tag = false;
        let mut close_first: Option<Vec<u8>> = None;
        if tag.closing {
            if let Some(p) = pending.iter_mut().find(|(n, c)| *n == tag.name && *c > 0) {
                p.1 -= 1;
                drop_tag = true;
            } else if let Some(i) = open.iter().rposition(|n| *n == tag.name) {
                open.truncate(i);
            }
        } else if !tag.self_closing && !VOID.contains(&tag.name.as_slice()) {
            if SELF_CLOSING_SIBLINGS.contains(&tag.name.as_slice())
                && open.last() == Some(&tag.name)
            {
                open.pop();
            }
            if RAW_TEXT.contains(&tag.name.as_slice()) {
                at = raw_text_end(html, at, &tag.name);
            } else {
                if open.len() >= max {
                    if let Some(deepest) = open.pop() {
                        match pending.iter_mut().find(|(n, _)| *n == deepest) {
                            Some(p) => p.1 += 1,
                            None => pending.push((deepest.clone(), 1)),
                        }
                        close_first = Some(deepest);
                        flattened += 1;
                    }
                }
                open.push(tag.name.clone());
            }
        }
        if drop_tag || close_first.is_some() {
            let buf = out.get_or_insert_with(|| Vec::with_capacity(html.len() + 64));
            buf.extend_from_slice(&html[copied..tag.start]);
            copied = tag.start;
            if let Some(name) = close_first {
                buf.extend_from_slice(b"</");
                buf.extend_from_slice(&name);
                buf.push(b'>');
            }
            if drop_tag {
                copied = tag.end;
            }
        }
    }
    match out {
        Some(mut buf) => {
            buf.extend_from_slice(&html[copied..]);
            (Cow::Owned(buf), flattened)
        }
        None => (Cow::Borrowed(html), 0),
    }
}

/// Where the raw text of a `<script>` (or other raw-text element) ends: at its end tag's
/// `<`, or at the end of the page.
fn raw_text_end(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&html[at..], b"</") {
        let tag_start = at + i;
        let after = &html[tag_start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return tag_start;
        }
        at = tag_start + 2;
    }
    html.len()
}

/// The next start or end tag at or after `from`; comments, doctypes and processing
/// instructions are skipped whole, a `<` that opens no tag is text.
fn next_tag(html: &[u8], from: usize) -> Option<Tag> {
    let mut at = from;
    loop {
        let start = at + memchr::memchr(b'<', &html[at..])?;
        let rest = &html[start + 1..];
        if rest.starts_with(b"!--") {
            at = match memchr::memmem::find(&rest[3..], b"-->") {
                Some(i) => start + 1 + 3 + i + 3,
                None => return None,
            };
            continue;
        }
        if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            at = start + 1 + memchr::memchr(b'>', rest)? + 1;
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        let name_len = html[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !html[name_at].is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        let end = tag_end(html, name_at + name_len)?;
        return Some(Tag {
            start,
            end,
            name: html[name_at..name_at + name_len].to_ascii_lowercase(),
            closing,
            self_closing: end >= 2 && html[end - 2] == b'/',
        });
    }
}

/// The index just past the `>` that ends a tag whose attributes start at `from` (a `>`
/// inside a quoted attribute value does not end it).
fn tag_end(html: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in html[from..].iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(from + i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_within_the_cap_are_untouched() {
        let page = b"<html><body><div a='x>y'><p>One<p>Two<br><img src=x/>\
            <!-- <div> --><script>if (a<b) {}</div></script></div></body></html>";
        let (out, dropped) = cap_nesting(page, 4);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(dropped, 0);
    }

    #[test]
    fn deeper_elements_open_beside_the_deepest() {
        let page = b"<a><b><c><d><p>Deep text.</p></d></c></b></a><p>After.</p>";
        let (out, flattened) = cap_nesting(page, 3);
        let out = String::from_utf8(out.into_owned()).unwrap();
        assert_eq!(flattened, 2);
        assert_eq!(
            out,
            "<a><b><c></c><d></d><p>Deep text.</p></b></a><p>After.</p>"
        );
    }

    #[test]
    fn a_deep_chain_keeps_its_text_once_and_its_depth_capped() {
        let depth = 2000;
        let page = format!(
            "<body>{}<p>Deep text.</p>{}<p>After.</p></body>",
            "<div class=\"x\">".repeat(depth),
            "</div>".repeat(depth)
        );
        let (out, _) = cap_nesting(page.as_bytes(), 64);
        let out = String::from_utf8(out.into_owned()).unwrap();
        assert_eq!(out.matches("Deep text.").count(), 1);
        assert!(out.ends_with("<p>After.</p></body>"), "{out}");
        // Within the cap now: a second pass changes nothing.
        assert!(matches!(
            cap_nesting(out.as_bytes(), 64).0,
            Cow::Borrowed(_)
        ));
    }
}
