//! A record for reading: `readout analyze --format text`. Title, date, byline and warnings,
//! then every mention, time, count, event and sentence with its byte span.

use std::fmt::Write;

use crate::{Document, EventActor, EventDateSource, TextZone};

/// `doc` as readable text (ends with a blank line).
pub fn text_summary(doc: &Document) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_summary(&mut out, doc);
    out
}

fn write_summary(out: &mut String, doc: &Document) -> std::fmt::Result {
    writeln!(out, "# {}", doc.id)?;
    if let Some(title) = &doc.title {
        writeln!(out, "title:     {title}")?;
    }
    match &doc.published {
        Some(p) => writeln!(out, "published: {p} ({:?})", doc.published_source)?,
        None => writeln!(out, "published: unknown")?,
    }
    if let Some(b) = &doc.byline {
        writeln!(out, "byline:    {}", b.authors.join(", "))?;
    }
    for w in &doc.warnings {
        writeln!(out, "warning:   {w}")?;
    }
    writeln!(out, "mentions:  {}", doc.mentions.len())?;
    for m in &doc.mentions {
        let (s, k) = (m.span, m.kind.label());
        writeln!(out, "  {k:<4} {}..{}: {}", s.start, s.end, m.text)?;
    }
    writeln!(out, "times:     {}", doc.times.len())?;
    for t in &doc.times {
        let value = t.value.as_deref().unwrap_or("unresolved");
        let kind = format!("{:?}", t.kind).to_uppercase();
        let s = t.span;
        writeln!(
            out,
            "  {kind:<8} {}..{}: {} = {value}",
            s.start, s.end, t.text
        )?;
    }
    writeln!(out, "counts:    {}", doc.counts.len())?;
    for c in &doc.counts {
        let category = format!("{:?}", c.category).to_lowercase();
        let qualifier = c.qualifier.as_deref().map(|q| format!("{q} "));
        writeln!(
            out,
            "  {category:<10} {}..{}: {} = {}{}",
            c.span.start,
            c.span.end,
            c.text,
            qualifier.unwrap_or_default(),
            c.value
        )?;
    }
    write_events(out, doc)?;
    writeln!(out, "sentences: {}", doc.sentences.len())?;
    for (i, s) in doc.sentences.iter().enumerate() {
        let zone = match s.zone {
            TextZone::Title => "title ",
            TextZone::Body => "",
            TextZone::Byline => "byline ",
        };
        let span = s.span;
        writeln!(
            out,
            "  [{i}] {zone}{}..{}: {}",
            span.start, span.end, s.text
        )?;
    }
    writeln!(out)
}

/// One side of an event: its parties joined by `+` (codes in brackets), or `—`.
fn side(actors: &[EventActor]) -> String {
    if actors.is_empty() {
        return "—".to_string();
    }
    actors
        .iter()
        .map(|a| match &a.code {
            Some(code) => format!("{} [{code}]", a.text),
            None => a.text.clone(),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn write_events(out: &mut String, doc: &Document) -> std::fmt::Result {
    writeln!(out, "events:    {}", doc.events.len())?;
    for e in &doc.events {
        let mut flags = String::new();
        if e.negated {
            flags.push_str(" (negated)");
        }
        if e.hypothetical {
            flags.push_str(" (not done yet)");
        }
        let plover = e.plover.as_ref().map(|p| {
            let mode = p.mode.as_deref().map(|m| format!("/{m}"));
            format!(" · PLOVER {}{}", p.category, mode.unwrap_or_default())
        });
        let assumed = matches!(e.date_source, EventDateSource::Publication);
        writeln!(
            out,
            "  {} {}..{}: {} —{}→ {} · CAMEO {} {}{} · {}{}{}",
            e.id,
            e.trigger.span.start,
            e.trigger.span.end,
            side(&e.actors),
            e.trigger.text,
            side(&e.recipients),
            e.code,
            e.label,
            plover.unwrap_or_default(),
            e.date.as_deref().unwrap_or("no date"),
            if assumed { " (publication date)" } else { "" },
            flags
        )?;
    }
    Ok(())
}
