//! Plain-text rendering: a side-by-side report of a [`Comparison`] and a list of stories.

use std::fmt::Write;

use crate::compare::{
    Comparison, Conflict, Item, Label, PairComparison, Side, Summary, TermContrast, TermUse,
};
use crate::fact_align::FactItem;
use crate::facts::Fact;
use crate::stories::Story;

/// The report's sections, in order.
const SECTIONS: [(Label, &str); 4] = [
    (Label::Conflict, "CONFLICTS"),
    (Label::Wording, "WORDING"),
    (Label::OnlyIn, "ONLY IN ONE ACCOUNT"),
    (Label::Agree, "AGREE"),
];

/// Width of one column of the side-by-side report.
const COLUMN: usize = 46;

/// Render a comparison as a readable side-by-side report.
pub fn comparison_text(c: &Comparison) -> String {
    let mut out = String::new();
    for pair in &c.pairs {
        pair_text(c, pair, &mut out);
    }
    if c.pairs.is_empty() {
        out.push_str("nothing to compare: give at least two accounts\n");
    }
    out
}

/// Render a comparison fact by fact: for each pair, the facts grouped as conflict / wording /
/// only in one account / agree, each side with its span, its source and its sentence; then the
/// figures that sources inside one account give differently. The framing contrasts are the
/// sentence view's.
pub fn facts_text(c: &Comparison) -> String {
    let mut out = String::new();
    for pair in &c.pairs {
        let _ = writeln!(out, "A: {}", account_line(c, &pair.left));
        let _ = writeln!(out, "B: {}", account_line(c, &pair.right));
        let _ = writeln!(out, "facts: {}", summary_line(&pair.fact_summary));
        for (label, title) in SECTIONS {
            let items: Vec<&FactItem> = pair.facts.iter().filter(|i| i.label == label).collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n== {title} ({})", items.len());
            for item in items {
                fact_item_text(item, &mut out);
            }
        }
        out.push('\n');
    }
    if !c.within.is_empty() {
        let _ = writeln!(out, "== WITHIN ONE ACCOUNT ({})", c.within.len());
        for item in &c.within {
            fact_item_text(item, &mut out);
        }
        out.push('\n');
    }
    if c.pairs.is_empty() {
        out.push_str("nothing to compare: give at least two accounts\n");
    }
    out
}

fn summary_line(s: &Summary) -> String {
    format!(
        "{} conflict · {} wording · {} only in A · {} only in B · {} agree",
        s.conflict, s.wording, s.only_in_left, s.only_in_right, s.agree
    )
}

fn conflicts_head(head: &mut String, conflicts: &[Conflict]) {
    for conflict in conflicts {
        let _ = write!(
            head,
            " · {}: {} ≠ {}",
            format!("{:?}", conflict.kind).to_lowercase(),
            conflict.left,
            conflict.right
        );
    }
}

fn fact_item_text(item: &FactItem, out: &mut String) {
    let mut head = format!("{} {}", item.kind.as_str(), item.label.as_str());
    conflicts_head(&mut head, &item.conflicts);
    if let Some(contrast) = &item.contrast {
        let _ = write!(
            head,
            " · “{}” vs “{}”",
            contrast.left.join(", "),
            contrast.right.join(", ")
        );
    }
    if item.label == Label::OnlyIn {
        let side = if item.left.is_some() { "A" } else { "B" };
        head = format!("{} only in {side}", item.kind.as_str());
    }
    let _ = writeln!(out, "\n-- {head}");
    columns(
        &fact_lines(item.left.as_ref()),
        &fact_lines(item.right.as_ref()),
        out,
    );
}

/// Two sides' lines next to each other.
fn columns(left: &[String], right: &[String], out: &mut String) {
    for k in 0..left.len().max(right.len()) {
        let l = left.get(k).map(String::as_str).unwrap_or("");
        let r = right.get(k).map(String::as_str).unwrap_or("");
        let pad = COLUMN.saturating_sub(l.chars().count());
        let _ = writeln!(out, "  {l}{} │ {r}", " ".repeat(pad));
    }
}

fn fact_lines(fact: Option<&Fact>) -> Vec<String> {
    let Some(f) = fact else {
        return vec!["(not reported)".to_string()];
    };
    let mut lines = vec![format!("[{} {}..{}]", f.doc, f.span.start, f.span.end)];
    lines.extend(wrap(&f.summary(), COLUMN));
    lines.extend(wrap(&format!("in: {}", f.context_text), COLUMN));
    lines
}

fn account_line(c: &Comparison, id: &str) -> String {
    match c.accounts.iter().find(|a| a.id == id) {
        Some(a) => {
            let mut s = a.id.clone();
            if let Some(src) = &a.source {
                let _ = write!(s, " · {src}");
            }
            if let Some(p) = &a.published {
                let _ = write!(s, " · {p}");
            }
            let _ = write!(s, " · {} claims · {} facts", a.claims, a.facts);
            s
        }
        None => id.to_string(),
    }
}

fn pair_text(c: &Comparison, pair: &PairComparison, out: &mut String) {
    let _ = writeln!(out, "A: {}", account_line(c, &pair.left));
    let _ = writeln!(out, "B: {}", account_line(c, &pair.right));
    let _ = writeln!(out, "{}", summary_line(&pair.summary));
    contrasts_text(pair, &pair.terms, "TERMS EACH SIDE USES", out);
    contrasts_text(
        pair,
        &pair.references,
        "HOW EACH SIDE NAMES THE SAME ACTOR",
        out,
    );
    for (label, title) in SECTIONS {
        let items: Vec<&Item> = pair.items.iter().filter(|i| i.label == label).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n== {title} ({})", items.len());
        for item in items {
            item_text(item, out);
        }
    }
    out.push('\n');
}

/// A section of word contrasts ("family: A words │ B words"), each word with its span.
fn contrasts_text(pair: &PairComparison, list: &[TermContrast], title: &str, out: &mut String) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n== {title} ({})", list.len());
    let uses = |doc: &str, v: &[TermUse]| {
        v.iter()
            .map(|u| format!("“{}” [{doc} {}..{}]", u.text, u.span.start, u.span.end))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for t in list {
        let _ = writeln!(
            out,
            "  {}: A {} │ B {}",
            t.family,
            uses(&pair.left, &t.left),
            uses(&pair.right, &t.right)
        );
    }
}

fn item_text(item: &Item, out: &mut String) {
    let mut head = item.label.as_str().to_string();
    conflicts_head(&mut head, &item.conflicts);
    if let Some(contrast) = &item.contrast {
        let _ = write!(
            head,
            " · “{}” vs “{}”",
            contrast.left.join(", "),
            contrast.right.join(", ")
        );
        if let Some(f) = &contrast.family {
            let _ = write!(head, " ({f})");
        }
    }
    if item.label == Label::OnlyIn {
        let side = if item.left.is_some() { "A" } else { "B" };
        head = format!("only in {side}");
    }
    let _ = writeln!(out, "\n-- {head}");
    columns(
        &side_lines(item.left.as_ref()),
        &side_lines(item.right.as_ref()),
        out,
    );
}

fn side_lines(side: Option<&Side>) -> Vec<String> {
    let Some(side) = side else {
        return vec!["(not reported)".to_string()];
    };
    let mut lines = vec![format!(
        "[{} {}..{}] {}{}",
        side.doc,
        side.span.start,
        side.span.end,
        side.speaker.name,
        if side.speaker.attributed {
            " (quoted)"
        } else {
            ""
        }
    )];
    lines.extend(wrap(&side.text, COLUMN));
    lines
}

/// Wrap text to `width` characters at spaces (long words are cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: String = word.to_string();
        while word.chars().count() > width {
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(head);
        }
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Render stories as text: one block per story with its members.
pub fn stories_text(stories: &[Story]) -> String {
    let mut out = String::new();
    let multi = stories.iter().filter(|s| s.documents.len() > 1).count();
    let _ = writeln!(
        out,
        "{} stories ({} with more than one article)",
        stories.len(),
        multi
    );
    for s in stories {
        let _ = write!(out, "\n{} · {} article(s)", s.id, s.documents.len());
        match (&s.first_published, &s.last_published) {
            (Some(a), Some(b)) if a != b => {
                let _ = write!(out, " · {a} – {b}");
            }
            (Some(a), _) => {
                let _ = write!(out, " · {a}");
            }
            _ => {}
        }
        out.push('\n');
        if let Some(t) = &s.title {
            let _ = writeln!(out, "  title: {t}");
        }
        if !s.sources.is_empty() {
            let _ = writeln!(out, "  sources: {}", s.sources.join(", "));
        }
        let _ = writeln!(out, "  features: {}", s.top_features.join(", "));
        for d in &s.documents {
            let _ = writeln!(out, "  - {d}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let lines = wrap("one two three four five six seven eight nine ten", 10);
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "one two three four five six seven eight nine ten"
        );
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert!(wrap("", 5).is_empty());
    }
}
