//! The events section of the story page: one row per real-world event of the story
//! ([`readout_store::Store::story_events`]), with how many reports and articles give it,
//! whether they disagree, and each report's sentence (its trigger highlighted) linking to the
//! trigger in the article page (`/articles/{id}#trg-{event}`). Article text is untrusted:
//! every piece goes through [`esc`].

use std::fmt::Write;

use readout_core::EventActor;
use readout_store::{StoryEvent, StoryEventReport};

use crate::html::esc;

fn parties(list: &[EventActor]) -> String {
    if list.is_empty() {
        return "—".into();
    }
    readout_store::tables::parties(list)
}

/// A report's sentence with its trigger in `<mark>` (plain when the trigger lies outside the
/// sentence or splits a character).
fn sentence_html(r: &StoryEventReport) -> String {
    let (s, t) = (r.report.span, r.report.trigger.span);
    let text = r.report.text.as_str();
    let (a, b) = (t.start.wrapping_sub(s.start), t.end.wrapping_sub(s.start));
    if t.start < s.start
        || a > b
        || b > text.len()
        || !text.is_char_boundary(a)
        || !text.is_char_boundary(b)
    {
        return esc(text).to_string();
    }
    format!(
        "{}<mark>{}</mark>{}",
        esc(&text[..a]),
        esc(&text[a..b]),
        esc(&text[b..])
    )
}

/// The `<h2>Events</h2>` section (nothing when the story has no coded events).
pub fn events_html(events: &[StoryEvent]) -> String {
    if events.is_empty() {
        return String::new();
    }
    let reports: usize = events.iter().map(|e| e.reports.len()).sum();
    let mut out = String::from("<h2>Events</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} events from {reports} reports: each real-world event once, with \
         every sentence that reports it.</p>",
        events.len()
    );
    out.push_str(
        "<table class=\"story-events\"><thead><tr><th>date</th><th>event</th><th>actors</th>\
         <th>recipients</th><th>reports</th></tr></thead><tbody>\n",
    );
    for (k, e) in events.iter().enumerate() {
        let v = &e.event;
        let mut articles: Vec<i64> = e.reports.iter().map(|r| r.article_id).collect();
        articles.sort_unstable();
        articles.dedup();
        let mut notes = String::new();
        if v.negated {
            notes.push_str(" <span class=\"flag\">negated</span>");
        }
        if v.hypothetical {
            notes.push_str(" <span class=\"flag\">hypothetical</span>");
        }
        if v.disputed {
            notes.push_str(" <span class=\"flag disputed\">disputed</span>");
        }
        if !v.differences.is_empty() {
            let _ = write!(
                notes,
                " <span class=\"muted\">reports differ in {}</span>",
                esc(&v.differences.join(", "))
            );
        }
        let date = match (&v.date, v.date_assumed) {
            (Some(d), false) => d.clone(),
            (Some(d), true) => format!("{d} (publication)"),
            (None, _) => "undated".into(),
        };
        let _ = write!(
            out,
            "<tr id=\"sev-{}\"><td>{}</td><td><code>{}</code> {}{notes}</td><td>{}</td><td>{}</td>\
             <td>{} in {} articles<ol class=\"reports\">",
            k + 1,
            esc(&date),
            esc(&v.code),
            esc(&v.label),
            esc(&parties(&v.actors)),
            esc(&parties(&v.recipients)),
            e.reports.len(),
            articles.len()
        );
        for r in &e.reports {
            let _ = write!(
                out,
                "<li><a class=\"report\" href=\"/articles/{}#trg-{}\">{}</a> {}</li>",
                r.article_id,
                esc(&r.report.doc_event),
                esc(&r.report.doc_id),
                sentence_html(r)
            );
        }
        out.push_str("</ol></td></tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}
