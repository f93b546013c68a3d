use serde::{Deserialize, Serialize};

/// Map from byte offsets of the normalized text back to byte offsets of the input text it was
/// made from.
///
/// Normalization (line endings, Unicode NFC, whitespace runs, control characters) changes
/// lengths, so a span of the normalized text is not a span of the input. The alignment keeps
/// one breakpoint `[normalized, original]` wherever the two drift apart; between breakpoints
/// the bytes were copied unchanged, or replaced as a block (a whitespace run, a composed
/// character), in which case inner offsets snap to the block's edges. An untouched input has
/// a single breakpoint `[0, 0]`.
///
/// Serialized as `{"points": [[n, o], ...], "normalized_len": N, "original_len": O}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alignment {
    /// Breakpoints `(normalized offset, original offset)`, strictly increasing in both.
    points: Vec<(usize, usize)>,
    /// Length of the normalized text in bytes.
    normalized_len: usize,
    /// Length of the original text in bytes.
    original_len: usize,
}

impl Alignment {
    /// The identity alignment of a text of `len` bytes that was not changed.
    pub fn identity(len: usize) -> Alignment {
        Alignment {
            points: vec![(0, 0)],
            normalized_len: len,
            original_len: len,
        }
    }

    /// Length of the original input in bytes.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// Length of the normalized text in bytes.
    pub fn normalized_len(&self) -> usize {
        self.normalized_len
    }

    /// Number of breakpoints (a measure of how much normalization changed).
    pub fn breakpoints(&self) -> usize {
        self.points.len()
    }

    /// The original offset of normalized offset `offset`, as a span *start*: inside a
    /// replaced block it snaps to the block's start.
    pub fn original_start(&self, offset: usize) -> usize {
        self.map(offset, false)
    }

    /// The original offset of normalized offset `offset`, as a span *end*: inside a replaced
    /// block it snaps to the block's end.
    pub fn original_end(&self, offset: usize) -> usize {
        self.map(offset, true)
    }

    /// The original span of a normalized span.
    pub fn original_span(&self, span: crate::Span) -> crate::Span {
        crate::Span::new(self.original_start(span.start), self.original_end(span.end))
    }

    fn map(&self, offset: usize, as_end: bool) -> usize {
        let offset = offset.min(self.normalized_len);
        // Index of the last breakpoint at or before `offset`.
        let i = match self.points.binary_search_by(|p| p.0.cmp(&offset)) {
            Ok(i) => {
                // An end offset that sits exactly on a breakpoint belongs to the piece before
                // it, whose original end is this breakpoint's original start: same answer.
                return self.points[i].1;
            }
            Err(0) => return 0,
            Err(i) => i - 1,
        };
        let (n0, o0) = self.points[i];
        let (n1, o1) = self
            .points
            .get(i + 1)
            .copied()
            .unwrap_or((self.normalized_len, self.original_len));
        if n1 - n0 == o1 - o0 {
            o0 + (offset - n0)
        } else if as_end {
            o1
        } else {
            o0
        }
    }
}

/// Builds an [`Alignment`] while a normalizer writes its output left to right.
#[derive(Debug, Default)]
pub struct AlignmentBuilder {
    points: Vec<(usize, usize)>,
    normalized: usize,
    original: usize,
    /// Whether the piece now open was a verbatim copy (copies extend it).
    open_is_copy: bool,
}

impl AlignmentBuilder {
    /// A builder at offset 0 of both texts.
    pub fn new() -> AlignmentBuilder {
        AlignmentBuilder {
            points: vec![(0, 0)],
            normalized: 0,
            original: 0,
            open_is_copy: true,
        }
    }

    /// `len` bytes were copied unchanged.
    pub fn copy(&mut self, len: usize) {
        if len == 0 {
            return;
        }
        if !self.open_is_copy {
            self.start_piece();
            self.open_is_copy = true;
        }
        self.normalized += len;
        self.original += len;
    }

    /// `original_len` input bytes became `normalized_len` output bytes (either may be 0).
    pub fn replace(&mut self, original_len: usize, normalized_len: usize) {
        if original_len == normalized_len {
            // Same length: a linear map is exact at both edges; treat it as a copy.
            self.copy(original_len);
            return;
        }
        self.start_piece();
        self.open_is_copy = false;
        self.normalized += normalized_len;
        self.original += original_len;
    }

    fn start_piece(&mut self) {
        let here = (self.normalized, self.original);
        match self.points.last_mut() {
            // An empty piece is replaced by the new one; a zero-width normalized piece (a
            // deletion) is kept by moving its start, which the search below tolerates.
            Some(last) if last.0 == here.0 => *last = here,
            _ => self.points.push(here),
        }
    }

    /// Finish: the alignment of everything pushed so far.
    pub fn finish(self) -> Alignment {
        Alignment {
            points: self.points,
            normalized_len: self.normalized,
            original_len: self.original,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn identity_maps_every_offset_to_itself() {
        let a = Alignment::identity(10);
        for i in 0..=10 {
            assert_eq!(a.original_start(i), i);
            assert_eq!(a.original_end(i), i);
        }
    }

    #[test]
    fn collapsed_whitespace_and_deletions_map_back() {
        // original: "ab   cd\r\nef" → normalized: "ab cd\nef"
        let mut b = AlignmentBuilder::new();
        b.copy(2); // ab
        b.replace(3, 1); // "   " → " "
        b.copy(2); // cd
        b.replace(2, 1); // "\r\n" → "\n"
        b.copy(2); // ef
        let a = b.finish();
        assert_eq!(a.normalized_len(), 8);
        assert_eq!(a.original_len(), 11);
        // "cd" is normalized 3..5, original 5..7
        assert_eq!(a.original_span(Span::new(3, 5)), Span::new(5, 7));
        // "ef" is normalized 6..8, original 9..11
        assert_eq!(a.original_span(Span::new(6, 8)), Span::new(9, 11));
        // the whole text
        assert_eq!(a.original_span(Span::new(0, 8)), Span::new(0, 11));
        // the collapsed space snaps to its whole block
        assert_eq!(a.original_span(Span::new(2, 3)), Span::new(2, 5));
    }

    #[test]
    fn deletion_at_start_is_skipped() {
        // a BOM (3 bytes) removed, then "hi" copied
        let mut b = AlignmentBuilder::new();
        b.replace(3, 0);
        b.copy(2);
        let a = b.finish();
        assert_eq!(a.original_span(Span::new(0, 2)), Span::new(3, 5));
    }
}
