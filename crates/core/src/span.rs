use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into [`crate::Document::text`].
///
/// Offsets are bytes, not characters, and always fall on UTF-8 character boundaries of the
/// normalized text. Serialized as `{"start": .., "end": ..}`; annotations flatten it into
/// their own object so that every record has top-level `start`/`end` fields.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`. Panics in debug builds if `end < start`.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span end {end} before start {start}");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span shifted right by `offset` bytes.
    pub fn shift(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_and_overlap() {
        let a = Span::new(2, 8);
        assert!(a.contains(Span::new(2, 8)));
        assert!(a.contains(Span::new(3, 4)));
        assert!(!a.contains(Span::new(1, 4)));
        assert!(a.overlaps(Span::new(7, 9)));
        assert!(!a.overlaps(Span::new(8, 9)));
        assert_eq!(a.len(), 6);
        assert_eq!(a.shift(3), Span::new(5, 11));
        assert!(Span::new(4, 4).is_empty());
    }
}
