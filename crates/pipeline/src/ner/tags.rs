//! Tag schemes: the tagger works in BILOU internally (it separates single-token names from
//! name starts, which helps a linear model), and reads and writes BIO (IOB2) as CoNLL does.

use readout_core::EntityType;

/// Number of BILOU tags: O plus B, I, L, U for each of the four types.
pub const NUM_TAGS: usize = 17;

/// Position part of a BILOU tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// First token of a multi-token name.
    Begin,
    /// Inner token.
    Inside,
    /// Last token of a multi-token name.
    Last,
    /// A single-token name.
    Unit,
}

/// A BILOU tag as an index `0..NUM_TAGS`: 0 is O; then type-major, part-minor.
pub type Tag = usize;

/// The O tag.
pub const O: Tag = 0;

/// The tag for `part` of `kind`.
pub fn tag(kind: EntityType, part: Part) -> Tag {
    let k = EntityType::ALL.iter().position(|t| *t == kind).unwrap_or(0);
    let p = match part {
        Part::Begin => 0,
        Part::Inside => 1,
        Part::Last => 2,
        Part::Unit => 3,
    };
    1 + k * 4 + p
}

/// Type and part of a tag, `None` for O.
pub fn split(t: Tag) -> Option<(EntityType, Part)> {
    if t == O || t >= NUM_TAGS {
        return None;
    }
    let k = (t - 1) / 4;
    let part = match (t - 1) % 4 {
        0 => Part::Begin,
        1 => Part::Inside,
        2 => Part::Last,
        _ => Part::Unit,
    };
    Some((EntityType::ALL[k], part))
}

/// Name of a tag, e.g. `U-PER`.
pub fn name(t: Tag) -> String {
    match split(t) {
        None => "O".to_string(),
        Some((kind, part)) => {
            let p = match part {
                Part::Begin => "B",
                Part::Inside => "I",
                Part::Last => "L",
                Part::Unit => "U",
            };
            format!("{p}-{}", kind.label())
        }
    }
}

/// Whether tag `b` may follow tag `a` in a well-formed BILOU sequence (`a = None` at the start;
/// use [`can_end`] for the end).
pub fn allowed(a: Option<Tag>, b: Tag) -> bool {
    let open = a
        .and_then(split)
        .filter(|(_, p)| matches!(p, Part::Begin | Part::Inside));
    match (open, split(b)) {
        // Inside a name: only its own Inside or Last may follow.
        (Some((k, _)), Some((k2, p2))) => k == k2 && matches!(p2, Part::Inside | Part::Last),
        (Some(_), None) => false,
        // Outside: O, Begin or Unit.
        (None, None) => true,
        (None, Some((_, p2))) => matches!(p2, Part::Begin | Part::Unit),
    }
}

/// Whether a sequence may end on tag `t`.
pub fn can_end(t: Tag) -> bool {
    !matches!(split(t), Some((_, Part::Begin | Part::Inside)))
}

/// Entity spans `(start, end, type)` (token indices, end exclusive) from BIO labels such as
/// `B-PER`, `I-ORG`, `O`, read the way conlleval reads them: an `I-` after `O` or after another
/// type starts a new name.
pub fn spans_from_bio<S: AsRef<str>>(labels: &[S]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, l) in labels.iter().enumerate() {
        let l = l.as_ref();
        let (prefix, kind) = match l.split_once('-') {
            Some((p, k)) => (p, EntityType::from_label(k)),
            None => ("O", None),
        };
        let continues =
            prefix == "I" && matches!((open, kind), (Some((_, k)), Some(k2)) if k == k2);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            if let Some(k) = kind {
                if prefix == "B" || prefix == "I" {
                    open = Some((i, k));
                }
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s, labels.len(), k));
    }
    out
}

/// BILOU tags for `n` tokens carrying `spans`.
pub fn bilou_from_spans(n: usize, spans: &[(usize, usize, EntityType)]) -> Vec<Tag> {
    let mut tags = vec![O; n];
    for &(s, e, k) in spans {
        if e == s + 1 {
            tags[s] = tag(k, Part::Unit);
        } else {
            tags[s] = tag(k, Part::Begin);
            for t in tags.iter_mut().take(e - 1).skip(s + 1) {
                *t = tag(k, Part::Inside);
            }
            tags[e - 1] = tag(k, Part::Last);
        }
    }
    tags
}

/// Entity spans from a BILOU tag sequence (well-formed, as the decoder produces).
pub fn spans_from_bilou(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        match split(t) {
            Some((k, Part::Unit)) => out.push((i, i + 1, k)),
            Some((_, Part::Begin)) => start = Some(i),
            Some((k, Part::Last)) => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1, k));
                }
            }
            _ => {}
        }
    }
    out
}

/// BIO labels for `n` tokens carrying `spans`.
pub fn bio_from_spans(n: usize, spans: &[(usize, usize, EntityType)]) -> Vec<String> {
    let mut out = vec!["O".to_string(); n];
    for &(s, e, k) in spans {
        out[s] = format!("B-{}", k.label());
        for l in out.iter_mut().take(e).skip(s + 1) {
            *l = format!("I-{}", k.label());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for t in 0..NUM_TAGS {
            match split(t) {
                None => assert_eq!(t, O),
                Some((k, p)) => assert_eq!(tag(k, p), t),
            }
        }
        let bio = [
            "B-PER", "I-PER", "O", "B-LOC", "I-ORG", "I-ORG", "O", "I-MISC",
        ];
        let spans = spans_from_bio(&bio);
        assert_eq!(
            spans,
            [
                (0, 2, EntityType::Person),
                (3, 4, EntityType::Location),
                (4, 6, EntityType::Organization),
                (7, 8, EntityType::Misc)
            ]
        );
        let bilou = bilou_from_spans(bio.len(), &spans);
        assert_eq!(name(bilou[0]), "B-PER");
        assert_eq!(name(bilou[3]), "U-LOC");
        assert_eq!(spans_from_bilou(&bilou), spans);
    }

    #[test]
    fn transitions() {
        let b_per = tag(EntityType::Person, Part::Begin);
        let l_per = tag(EntityType::Person, Part::Last);
        let l_org = tag(EntityType::Organization, Part::Last);
        assert!(allowed(None, b_per));
        assert!(!allowed(None, l_per));
        assert!(allowed(Some(b_per), l_per));
        assert!(!allowed(Some(b_per), l_org));
        assert!(!allowed(Some(b_per), O));
        assert!(!can_end(b_per));
    }
}
