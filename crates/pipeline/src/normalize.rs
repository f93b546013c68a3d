//! Normalize: input text → the document's `text`, with an [`Alignment`] back to the input.
//!
//! What changes, and why:
//! * line endings (`\r\n`, `\r`, U+2028) become `\n`; U+2029 becomes a paragraph break;
//! * runs of horizontal whitespace (spaces, tabs, no-break and other Unicode spaces) become one
//!   space, and spaces at line ends are dropped, so that tokens and sentences never start or
//!   end in whitespace;
//! * three or more line breaks become one blank line (the paragraph separator `\n\n`);
//! * control characters, zero-width spaces, soft hyphens and byte-order marks are removed;
//! * text is put in Unicode NFC, so "Viļumsons" typed with a combining cedilla and with the
//!   precomposed letter are the same string.
//!
//! What does not change: quotes (straight or curly), dashes, letters, digits and punctuation
//! stay as written, because quote attribution and the reader both depend on them.

use readout_core::{Alignment, AlignmentBuilder};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalized text and its alignment to the input.
#[derive(Debug)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    /// Map from `text` offsets back to the input.
    pub alignment: Alignment,
}

/// Normalize `input` (see the module docs for the rules).
pub fn normalize(input: &str) -> Normalized {
    let needs_nfc = !input.is_ascii() && is_nfc_quick(input.chars()) != IsNormalized::Yes;
    let mut w = Writer {
        out: String::with_capacity(input.len()),
        align: AlignmentBuilder::new(),
        pending_space: 0,
        pending_newlines: 0,
        pending_ws_bytes: 0,
    };
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        let clen = c.len_utf8();
        if needs_nfc {
            // A char and the combining marks (or jamo) after it are composed as one block; a
            // block of one plain char goes through the rules below.
            let run_len = block_length(rest);
            if run_len > clen || !is_nfc_boundary(c) {
                let run = &rest[..run_len];
                let composed: String = run.nfc().collect();
                w.emit_block(run.len(), &composed);
                rest = &rest[run_len..];
                continue;
            }
        }
        match c {
            '\r' => {
                // \r\n is one line break.
                let len = if rest.as_bytes().get(1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                w.newline(len, 1);
                rest = &rest[len..];
                continue;
            }
            '\n' | '\u{2028}' | '\u{85}' | '\u{0b}' | '\u{0c}' => w.newline(clen, 1),
            '\u{2029}' => w.newline(clen, 2),
            c if is_horizontal_space(c) => w.space(clen),
            c if is_removed(c) => w.delete(clen),
            c => w.emit_char(c),
        }
        rest = &rest[clen..];
    }
    w.finish()
}

/// A char that starts a new NFC block: quick-check Yes and canonical combining class 0.
fn is_nfc_boundary(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) == 0
        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Length of the NFC block at the start of `s`: its first char plus the non-boundary chars
/// after it.
fn block_length(s: &str) -> usize {
    s.char_indices()
        .skip(1)
        .find(|&(_, c)| is_nfc_boundary(c))
        .map_or(s.len(), |(i, _)| i)
}

fn is_horizontal_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

fn is_removed(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200b}' | '\u{ad}' | '\u{2060}')
        || (c.is_control() && c != '\n' && c != '\t')
}

/// Writes normalized output while tracking the alignment. Whitespace is held back until the
/// next visible character decides what it becomes (nothing at text start and end, one space
/// inside a line, `\n` or `\n\n` across lines).
struct Writer {
    out: String,
    align: AlignmentBuilder,
    pending_space: usize,
    pending_newlines: usize,
    /// Input bytes of held-back whitespace and removed characters.
    pending_ws_bytes: usize,
}

impl Writer {
    fn space(&mut self, input_len: usize) {
        self.pending_space += 1;
        self.pending_ws_bytes += input_len;
    }

    fn newline(&mut self, input_len: usize, count: usize) {
        // Spaces before a line break are dropped.
        self.pending_space = 0;
        self.pending_newlines += count;
        self.pending_ws_bytes += input_len;
    }

    fn delete(&mut self, input_len: usize) {
        self.pending_ws_bytes += input_len;
    }

    /// Write the held-back whitespace, as it should appear before visible text.
    fn flush_whitespace(&mut self) {
        if self.pending_ws_bytes == 0 {
            return;
        }
        let replacement = if self.out.is_empty() {
            ""
        } else if self.pending_newlines >= 2 {
            "\n\n"
        } else if self.pending_newlines == 1 {
            "\n"
        } else if self.pending_space > 0 {
            " "
        } else {
            ""
        };
        self.out.push_str(replacement);
        self.align.replace(self.pending_ws_bytes, replacement.len());
        self.pending_space = 0;
        self.pending_newlines = 0;
        self.pending_ws_bytes = 0;
    }

    fn emit_char(&mut self, c: char) {
        self.flush_whitespace();
        self.out.push(c);
        self.align.copy(c.len_utf8());
    }

    fn emit_block(&mut self, input_len: usize, composed: &str) {
        self.flush_whitespace();
        self.out.push_str(composed);
        self.align.replace(input_len, composed.len());
    }

    fn finish(mut self) -> Normalized {
        // Trailing whitespace maps to nothing.
        if self.pending_ws_bytes > 0 {
            self.align.replace(self.pending_ws_bytes, 0);
        }
        Normalized {
            text: self.out,
            alignment: self.align.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use readout_core::Span;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn whitespace_rules() {
        let cases = [
            ("  Rain fell.  ", "Rain fell."),
            ("a \t b", "a b"),
            ("a\u{a0}b", "a b"),
            ("line one   \nline two", "line one\nline two"),
            ("para one\r\n\r\n\r\n\r\npara two", "para one\n\npara two"),
            ("a\rb", "a\nb"),
            ("a\n \n \nb", "a\n\nb"),
            ("\u{feff}Title", "Title"),
            ("zero\u{200b}width soft\u{ad}hyphen", "zerowidth softhyphen"),
            ("bell\u{7}char", "bellchar"),
            ("", ""),
            (" \n\t ", ""),
        ];
        for (input, want) in cases {
            assert_eq!(norm(input), want, "input {input:?}");
        }
    }

    #[test]
    fn quotes_and_dashes_are_kept() {
        let s = "“Stop,” she said – 'now' — \"please\" ‘ok’ - fine";
        assert_eq!(norm(s), s);
    }

    #[test]
    fn nfc_composes_combining_marks() {
        // l + combining cedilla → ļ (U+013C)
        assert_eq!(norm("Vil\u{327}umsons"), "Viļumsons");
        // Hangul jamo compose into one syllable.
        assert_eq!(norm("\u{1100}\u{1161}\u{11a8}"), "\u{ac01}");
        // Already-NFC non-ASCII text is untouched.
        assert_eq!(norm("Andžejs Viļumsons"), "Andžejs Viļumsons");
    }

    #[test]
    fn spans_map_back_to_the_input() {
        let input = "  Kyiv,\r\n\r\n\r\nVil\u{327}umsons   spoke.";
        let n = normalize(input);
        assert_eq!(n.text, "Kyiv,\n\nViļumsons spoke.");
        let find = |needle: &str| {
            let start = n.text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let orig = |span: Span| {
            let s = n.alignment.original_span(span);
            &input[s.start..s.end]
        };
        assert_eq!(orig(find("Kyiv")), "Kyiv");
        assert_eq!(orig(find("spoke.")), "spoke.");
        assert_eq!(orig(find("Viļumsons")), "Vil\u{327}umsons");
        assert_eq!(orig(find("Viļumsons spoke.")), "Vil\u{327}umsons   spoke.");
        assert_eq!(n.alignment.original_len(), input.len());
        assert_eq!(n.alignment.normalized_len(), n.text.len());
    }
}
