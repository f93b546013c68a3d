//! Events are not reports: the event reports of a story grouped into real-world events.
//!
//! Three outlets reporting one meeting give three coded events; an analyst wants one event
//! with three reports. [`group`] clusters [`EventReport`]s (each a coded
//! [`readout_core::Event`] with its document id) so that every group is one real-world event,
//! with representative fields chosen by majority and every report kept as provenance
//! (document id, byte span, sentence, trigger).
//!
//! Two reports are the same event ([`same_event`]) when all of these hold:
//! * **code family**: same CAMEO root ("04" consult) or same PLOVER category;
//! * **parties**: actors agree with actors and recipients with recipients. Two parties agree
//!   by cross-document identity (the store's global entity), else by the country (or
//!   international group) of their CAMEO codes, else by a shared name word ("Lavrov" /
//!   "Sergei Lavrov"); codes of two different countries disagree; a side one report leaves
//!   empty, or whose names cannot be compared, is compatible. Sides may be swapped only for
//!   symmetric actions (meet, consult, negotiate, cooperate, sign: "X met Y" = "Y met X");
//! * **date**: both dated, the dates lie within [`DATE_WINDOW_DAYS`] (0 inside one
//!   document, whose author tells days apart); a date assumed from publication means "on or
//!   before that day" (within [`PUBLICATION_LOOKBACK_DAYS`]), and nothing for a planned event
//!   (it lies after publication); an undated report is compatible only inside one story.
//!
//! Reports that differ in polarity or modality ("met" / "did not meet", "met" / "will meet")
//! are still one event, flagged `disputed`: that is a conflict for the compare stage to
//! label, not a second event. Grouping is complete-link (a report joins a group only when it
//! is the same event as every member), so an undated report cannot chain a Monday meeting to
//! a Thursday one.

use std::collections::BTreeMap;

use readout_core::{
    cameo, Document, Event, EventActor, EventDateSource, PloverCode, Span, SpanText,
};
use serde::Serialize;

use crate::text;

/// Days two dated reports of one event may lie apart across documents (time zones, "late on
/// Monday" against "on Tuesday").
pub const DATE_WINDOW_DAYS: i64 = 1;

/// How far before its publication date an event with an assumed date may have happened.
pub const PUBLICATION_LOOKBACK_DAYS: i64 = 7;

/// One report of an event: a coded event as one document gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventReport {
    /// The reporting document's id.
    pub doc_id: String,
    /// The story the document belongs to, when known. Undated reports are the same event
    /// only within one story; `None` on both sides counts as one story (the caller's batch).
    pub story: Option<i64>,
    /// The event as coded in that document.
    pub event: Event,
    /// Cross-document identity of each actor (same order as `event.actors`), such as the
    /// store's global entity id; empty or `None` where unknown.
    pub actor_keys: Vec<Option<String>>,
    /// Cross-document identity of each recipient.
    pub recipient_keys: Vec<Option<String>>,
}

impl EventReport {
    /// A report with no story and no cross-document identities.
    pub fn new(doc_id: impl Into<String>, event: Event) -> EventReport {
        EventReport {
            doc_id: doc_id.into(),
            story: None,
            event,
            actor_keys: Vec::new(),
            recipient_keys: Vec::new(),
        }
    }

    /// Every event of an analyzed document as a report.
    pub fn from_document(doc: &Document) -> Vec<EventReport> {
        doc.events
            .iter()
            .map(|e| EventReport::new(doc.id.clone(), e.clone()))
            .collect()
    }
}

/// A real-world event's representative fields, each chosen by majority of its reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupedEvent {
    /// CAMEO code most reports give (ties: the more specific, then the smaller code).
    pub code: String,
    /// Its CAMEO label.
    pub label: String,
    /// Its PLOVER category and mode.
    pub plover: Option<PloverCode>,
    /// Actors, as the report that agrees best with the others names them (or the first
    /// report that names any, when it names none).
    pub actors: Vec<EventActor>,
    /// Recipients, likewise, on the same side as that report.
    pub recipients: Vec<EventActor>,
    /// Date most reports give, preferring dates the text states over assumed ones.
    pub date: Option<String>,
    /// The date is only assumed from a publication date (no report states it).
    pub date_assumed: bool,
    /// Most reports say it did not happen.
    pub negated: bool,
    /// Most reports present it as planned, possible or demanded.
    pub hypothetical: bool,
    /// The reports disagree on polarity or modality: a conflict between accounts.
    pub disputed: bool,
    /// Fields on which the reports differ: `code`, `date`, `actors`, `recipients`,
    /// `negated`, `hypothetical`.
    pub differences: Vec<String>,
    /// Distinct documents reporting it.
    pub documents: usize,
    /// Where the shown actors come from.
    #[serde(skip)]
    pub actors_from: Option<SideSource>,
    /// Where the shown recipients come from.
    #[serde(skip)]
    pub recipients_from: Option<SideSource>,
}

/// The report a representative side was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SideSource {
    /// Index of the report in the input of [`group`].
    pub report: usize,
    /// The side is that report's recipients (a symmetric action it tells from the other
    /// side), not its actors.
    pub recipients: bool,
}

/// One report of a grouped event: where it is and what it said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRef {
    /// Position of the report in the input of [`group`].
    #[serde(skip)]
    pub index: usize,
    /// The reporting document.
    pub doc_id: String,
    /// The event's id within that document (`v1`).
    pub doc_event: String,
    /// Span of the reporting sentence.
    #[serde(flatten)]
    pub span: Span,
    /// The sentence.
    pub text: String,
    /// The word or phrase naming the action.
    pub trigger: SpanText,
    /// CAMEO code this report gives.
    pub code: String,
    /// Date this report gives.
    pub date: Option<String>,
    /// This report says it did not happen.
    pub negated: bool,
    /// This report presents it as not (yet) done.
    pub hypothetical: bool,
}

/// One real-world event with every report of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventGroup {
    /// The representative fields.
    #[serde(flatten)]
    pub event: GroupedEvent,
    /// Every report, in document then text order.
    pub reports: Vec<ReportRef>,
}

/// True when `a` and `b` report the same real-world event (rules in the module docs).
pub fn same_event(a: &EventReport, b: &EventReport) -> bool {
    affinity(&Key::of(a), &Key::of(b)).is_some()
}

/// Group reports into real-world events. Deterministic and independent of input order:
/// reports with stated dates are placed first, then assumed dates, then undated ones; each
/// joins the group it matches best in total (it must be the same event as every member),
/// else starts one. Groups come out by date (undated last), then by their
/// first report.
pub fn group(reports: &[EventReport]) -> Vec<EventGroup> {
    let mut keys: Vec<Key> = reports.iter().map(Key::of).collect();
    lend_codes(&mut keys);
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by(|&i, &j| {
        keys[i]
            .rank()
            .cmp(&keys[j].rank())
            .then_with(|| report_order(&reports[i], &reports[j]))
            .then(i.cmp(&j))
    });
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in &order {
        // Best total affinity, so that a report matching several events joins the one more
        // reports give (an undated "Pompeo met Kim" joins the widely reported meeting, not a
        // single background mention); ties go to the earlier group.
        let mut best: Option<(usize, u64)> = None;
        'groups: for (g, members) in groups.iter().enumerate() {
            let mut total = 0u64;
            for &m in members {
                match affinity(&keys[i], &keys[m]) {
                    Some(s) => total += u64::from(s),
                    None => continue 'groups,
                }
            }
            if best.is_none_or(|(_, t)| total > t) {
                best = Some((g, total));
            }
        }
        match best {
            Some((g, _)) => groups[g].push(i),
            None => groups.push(vec![i]),
        }
    }
    let mut out: Vec<(Option<i64>, usize, EventGroup)> = groups
        .into_iter()
        .map(|mut members| {
            members.sort_by(|&i, &j| report_order(&reports[i], &reports[j]).then(i.cmp(&j)));
            let first = order.iter().position(|&o| members.contains(&o));
            let g = summarize(reports, &keys, &members);
            let day = g.event.date.as_deref().and_then(interval).map(|(lo, _)| lo);
            (day, first.unwrap_or(usize::MAX), g)
        })
        .collect();
    out.sort_by_key(|a| (a.0.is_none(), a.0, a.1));
    out.into_iter().map(|(_, _, g)| g).collect()
}

/// Document, then position in the text, then event id and code.
fn report_order(a: &EventReport, b: &EventReport) -> std::cmp::Ordering {
    (
        &a.doc_id,
        a.event.span.start,
        a.event.span.end,
        &a.event.id,
        &a.event.code,
    )
        .cmp(&(
            &b.doc_id,
            b.event.span.start,
            b.event.span.end,
            &b.event.id,
            &b.event.code,
        ))
}

/// What the comparison reads of a report, computed once.
struct Key<'a> {
    report: &'a EventReport,
    /// First and last day it may have happened (days since 1970), when dated.
    when: Option<(i64, i64)>,
    /// The date is assumed from publication.
    assumed: bool,
    actors: Vec<Party>,
    recipients: Vec<Party>,
    symmetric: bool,
}

impl<'a> Key<'a> {
    fn of(report: &'a EventReport) -> Key<'a> {
        let e = &report.event;
        let assumed = matches!(e.date_source, EventDateSource::Publication);
        // A planned event with no stated date lies after publication, at a day nobody
        // knows: undated.
        let date = e.date.as_deref().filter(|_| !(assumed && e.hypothetical));
        let when = date.and_then(interval).map(|(lo, hi)| {
            if assumed {
                (lo - PUBLICATION_LOOKBACK_DAYS, hi)
            } else {
                (lo, hi)
            }
        });
        let parties = |list: &[EventActor], keys: &[Option<String>]| {
            list.iter()
                .enumerate()
                .map(|(i, a)| Party::of(a, keys.get(i).cloned().flatten()))
                .collect()
        };
        Key {
            report,
            when,
            assumed,
            actors: parties(&e.actors, &report.actor_keys),
            recipients: parties(&e.recipients, &report.recipient_keys),
            symmetric: is_symmetric(&e.code),
        }
    }

    /// Placement order: stated dates, assumed dates, undated.
    fn rank(&self) -> u8 {
        match (self.when, self.assumed) {
            (Some(_), false) => 0,
            (Some(_), true) => 1,
            (None, _) => 2,
        }
    }
}

/// How strongly two reports look like one event: `None` when they cannot be.
fn affinity(a: &Key, b: &Key) -> Option<u32> {
    aligned(a, b).map(|(score, _)| score)
}

/// [`affinity`], and whether `b`'s sides match `a`'s swapped (a symmetric action reported
/// from the other side).
fn aligned(a: &Key, b: &Key) -> Option<(u32, bool)> {
    let (x, y) = (&a.report.event, &b.report.event);
    let same_root = x.code.len() >= 2 && x.code.get(..2) == y.code.get(..2);
    let same_plover =
        matches!((&x.plover, &y.plover), (Some(p), Some(q)) if p.category == q.category);
    if !same_root && !same_plover {
        return None;
    }
    let same_doc = a.report.doc_id == b.report.doc_id;
    match (a.when, b.when) {
        (Some((alo, ahi)), Some((blo, bhi))) => {
            let gap = alo.max(blo) - ahi.min(bhi);
            let window = if same_doc { 0 } else { DATE_WINDOW_DAYS };
            if gap > window {
                return None;
            }
        }
        _ if a.report.story != b.report.story => return None,
        _ => {}
    }
    let direct = sides(&a.actors, &b.actors).zip(sides(&a.recipients, &b.recipients));
    let swapped = if a.symmetric && b.symmetric {
        sides(&a.actors, &b.recipients).zip(sides(&a.recipients, &b.actors))
    } else {
        None
    };
    let (parties, swap) = match (direct, swapped) {
        (Some((p, q)), Some((r, s))) if r + s > p + q => (r + s, true),
        (Some((p, q)), _) => (p + q, false),
        (None, Some((r, s))) => (r + s, true),
        (None, None) => return None,
    };
    let same_code = u32::from(x.code == y.code);
    let same_day = u32::from(x.date.is_some() && x.date == y.date);
    Some((2 * parties + same_code + same_day, swap))
}

/// Actions that read the same with the sides swapped: consult, meet, visit / host,
/// negotiate, cooperate, sign an agreement ("X met Y" = "Y met X"). Mediation (045) is not.
fn is_symmetric(code: &str) -> bool {
    (code.starts_with("04") && !code.starts_with("045"))
        || code.starts_with("06")
        || code == "036"
        || code == "057"
}

/// Whether two lists of parties can name the same side: `None` when they cannot (their
/// codes name other countries and nothing matches), else 1 when a party matches and 0 when
/// nothing could be compared (or one list is empty).
fn sides(a: &[Party], b: &[Party]) -> Option<u32> {
    if a.is_empty() || b.is_empty() {
        return Some(0);
    }
    let mut mismatch = false;
    for p in a {
        for q in b {
            match p.agrees(q) {
                Some(true) => return Some(1),
                Some(false) => mismatch = true,
                None => {}
            }
        }
    }
    if mismatch {
        None
    } else {
        Some(0)
    }
}

/// Words of a party's phrase that name no one in particular ("the foreign minister" is any
/// country's).
const ROLE_WORDS: &[&str] = &[
    "chancellor",
    "chief",
    "deputy",
    "foreign",
    "general",
    "government",
    "head",
    "king",
    "leader",
    "leaders",
    "minister",
    "ministers",
    "ministry",
    "mr",
    "mrs",
    "ms",
    "officials",
    "official",
    "president",
    "prime",
    "secretary",
    "side",
    "sides",
    "spokesman",
    "spokeswoman",
    "state",
    "two",
];

/// What identifies a party across documents.
struct Party {
    global: Option<String>,
    /// Its CAMEO code, when it has a country or group (`RUSGOV`, `IGOUNO`).
    code: Option<String>,
    /// Country code (`RUS`) or international group (`IGOUNO`) of its CAMEO code.
    root: Option<String>,
    /// Folded content words of the phrase naming it.
    names: Vec<String>,
}

impl Party {
    fn of(actor: &EventActor, global: Option<String>) -> Party {
        let code = actor.code.as_deref().map(str::trim);
        let root = code.and_then(code_root).map(str::to_string);
        let code = code.filter(|_| root.is_some()).map(str::to_string);
        let names = text::words(&actor.text)
            .iter()
            .map(|w| text::fold(w.text))
            .filter(|w| !text::is_stop(w) && !ROLE_WORDS.contains(&w.as_str()))
            .collect();
        Party {
            global,
            code,
            root,
            names,
        }
    }

    /// `Some(true)`: the same party; `Some(false)`: two different countries or groups; two
    /// different known entities of one country with other codes (`USAGOV` "Trump" and
    /// `USASPY` "CIA"; a bare country code covers all of its country); two different known
    /// entities, not both of a country, that share no name word ("Abe" and "Mar-a-Lago");
    /// `None`: nothing to tell (a phrase naming no known entity, "the two ministers").
    fn agrees(&self, other: &Party) -> Option<bool> {
        let both_known = self.global.is_some() && other.global.is_some();
        if both_known && self.global == other.global {
            return Some(true);
        }
        if let (Some(x), Some(y)) = (&self.root, &other.root) {
            if x != y {
                return Some(false);
            }
            let covers = |p: &Party| p.code == p.root;
            return Some(!both_known || self.code == other.code || covers(self) || covers(other));
        }
        if self.names.iter().any(|n| other.names.contains(n)) {
            return Some(true);
        }
        both_known.then_some(false)
    }
}

/// Lend the code of a party coded in one report to the uncoded mentions of the same entity
/// in others ("Kim" uncoded in one account, `PRKGOV` in another), and make each entity's
/// code its most common one (ties: the smallest), so that one entity compares alike
/// everywhere. The same entity is the same cross-document key, else (for a party with no
/// code, within the reports grouped together: one story) the same name words ("Trump"
/// kept as three entities by a store that does not merge bare surnames).
fn lend_codes(keys: &mut [Key]) {
    let mut by_key: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut by_name: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for p in keys
        .iter()
        .flat_map(|k| k.actors.iter().chain(&k.recipients))
    {
        let Some(c) = &p.code else { continue };
        if let Some(g) = &p.global {
            *by_key
                .entry(g.clone())
                .or_default()
                .entry(c.clone())
                .or_insert(0) += 1;
        }
        if !p.names.is_empty() {
            let name = p.names.join(" ");
            *by_name
                .entry(name)
                .or_default()
                .entry(c.clone())
                .or_insert(0) += 1;
        }
    }
    let best = |counts: BTreeMap<String, BTreeMap<String, usize>>| -> BTreeMap<String, String> {
        counts
            .into_iter()
            .filter_map(|(k, codes)| {
                let code = majority(
                    codes
                        .into_iter()
                        .flat_map(|(c, n)| std::iter::repeat_n(c, n)),
                )?;
                Some((k, code))
            })
            .collect()
    };
    let (by_key, by_name) = (best(by_key), best(by_name));
    for p in keys
        .iter_mut()
        .flat_map(|k| k.actors.iter_mut().chain(k.recipients.iter_mut()))
    {
        let lent = match p.global.as_ref().and_then(|g| by_key.get(g)) {
            Some(code) => Some(code),
            None if p.code.is_none() => by_name.get(&p.names.join(" ")),
            None => None,
        };
        if let Some(code) = lent {
            p.root = code_root(code).map(str::to_string);
            p.code = Some(code.clone());
        }
    }
}

fn code_root(code: &str) -> Option<&str> {
    let code = code.trim();
    if code.len() < 3 || !code.is_ascii() {
        return None;
    }
    // International groups are compared on six letters (`IGOUNO`).
    if cameo::GROUPS.iter().any(|g| code.starts_with(g)) {
        return code.get(..code.len().min(6));
    }
    let head = &code[..3];
    // `---GOV`: a government of no known country.
    let country = head.bytes().all(|b| b.is_ascii_uppercase()) && !cameo::is_role(head);
    country.then_some(head)
}

/// First and last day (days since 1970) of an ISO date at day, ISO week, month, year or
/// decade granularity.
fn interval(iso: &str) -> Option<(i64, i64)> {
    if let Some(d) = text::day_number(iso) {
        return Some((d, d));
    }
    if let Some(w) = week_interval(iso).or_else(|| decade_interval(iso)) {
        return Some(w);
    }
    let b = iso.as_bytes();
    let year: i64 = iso.get(..4)?.parse().ok()?;
    if b.len() >= 7 && b[4] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        if let Ok(month) = iso.get(5..7)?.parse::<i64>() {
            if (1..=12).contains(&month) && b.get(7).is_none_or(|c| !c.is_ascii_digit()) {
                let lo = text::day_number(&format!("{year:04}-{month:02}-01"))?;
                let (ny, nm) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                let hi = text::day_number(&format!("{ny:04}-{nm:02}-01"))? - 1;
                return Some((lo, hi));
            }
        }
        return None;
    }
    if b.len() == 4 && b.iter().all(u8::is_ascii_digit) {
        let lo = text::day_number(&format!("{year:04}-01-01"))?;
        let hi = text::day_number(&format!("{:04}-01-01", year + 1))? - 1;
        return Some((lo, hi));
    }
    None
}

/// An ISO week `YYYY-Www` as its Monday to Sunday.
fn week_interval(iso: &str) -> Option<(i64, i64)> {
    let (year, week) = iso.split_once("-W")?;
    let week: i64 = week.get(..2)?.parse().ok()?;
    if year.len() != 4 || !(1..=53).contains(&week) {
        return None;
    }
    // Week 1 holds January 4th; 1970-01-01 was a Thursday (weekday 3 counting Monday as 0).
    let jan4 = text::day_number(&format!("{year}-01-04"))?;
    let monday = jan4 - (jan4 + 3).rem_euclid(7) + 7 * (week - 1);
    Some((monday, monday + 6))
}

/// A decade written `199` (TIMEX3 for "the 1990s") as its first and last day.
fn decade_interval(iso: &str) -> Option<(i64, i64)> {
    if iso.len() != 3 || !iso.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let lo = text::day_number(&format!("{iso}0-01-01"))?;
    let next: i64 = iso.parse::<i64>().ok()? + 1;
    let hi = text::day_number(&format!("{next:03}0-01-01"))? - 1;
    Some((lo, hi))
}

/// The most common value (ties: the smallest, so the result does not depend on order).
fn majority<T: Ord>(values: impl IntoIterator<Item = T>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    // `max_by_key` keeps the last maximum; iterate from the largest value so that is the
    // smallest one.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(v, _)| v)
}

/// A side's identity, to tell whether reports name other parties: its parties' global ids,
/// country roots or names.
fn signature(parties: &[Party]) -> Vec<String> {
    let mut sig: Vec<String> = parties
        .iter()
        .map(|p| {
            p.global
                .clone()
                .or_else(|| p.root.clone())
                .unwrap_or_else(|| p.names.join(" "))
        })
        .filter(|k| !k.is_empty())
        .collect();
    sig.sort();
    sig.dedup();
    sig
}

/// The member that agrees best with the others (highest total affinity; ties: the first),
/// among those that do not name one party on both sides ("Chile and Norway held talks in
/// Oslo" coded Chile + Norway → Oslo) when there are any.
fn medoid(keys: &[Key], members: &[usize]) -> usize {
    let mut best = (members[0], (false, 0u32));
    for (i, &m) in members.iter().enumerate() {
        let k = &keys[m];
        let well_formed = sides(&k.actors, &k.recipients) != Some(1);
        let total = members
            .iter()
            .filter(|&&o| o != m)
            .filter_map(|&o| affinity(k, &keys[o]))
            .sum::<u32>();
        if i == 0 || (well_formed, total) > best.1 {
            best = (m, (well_formed, total));
        }
    }
    best.0
}

/// Each member's sides as (actors, recipients), turned to the medoid's orientation.
fn oriented<'k>(
    keys: &'k [Key],
    members: &[usize],
    center: usize,
) -> Vec<(usize, bool, &'k [Party], &'k [Party])> {
    members
        .iter()
        .map(|&m| {
            let k = &keys[m];
            let swap = m != center && aligned(&keys[center], k).is_some_and(|(_, s)| s);
            if swap {
                (m, true, k.recipients.as_slice(), k.actors.as_slice())
            } else {
                (m, false, k.actors.as_slice(), k.recipients.as_slice())
            }
        })
        .collect()
}

/// The medoid's side, else the first member's that names one.
fn side_source(
    sides: &[(usize, bool, &[Party], &[Party])],
    center: usize,
    recipients: bool,
) -> Option<SideSource> {
    let pick = |(m, swap, a, r): &(usize, bool, &[Party], &[Party])| {
        let side = if recipients { r } else { a };
        (!side.is_empty()).then_some(SideSource {
            report: *m,
            recipients: recipients != *swap,
        })
    };
    let center_side = sides.iter().find(|s| s.0 == center).and_then(pick);
    center_side.or_else(|| sides.iter().find_map(pick))
}

fn side_of(reports: &[EventReport], source: Option<SideSource>) -> Vec<EventActor> {
    source.map_or_else(Vec::new, |s| {
        let e = &reports[s.report].event;
        if s.recipients {
            e.recipients.clone()
        } else {
            e.actors.clone()
        }
    })
}

fn summarize(reports: &[EventReport], keys: &[Key], members: &[usize]) -> EventGroup {
    let events: Vec<&Event> = members.iter().map(|&m| &reports[m].event).collect();
    // Most reports; ties to the longer (more specific) code, then the smaller.
    let code = majority(
        events
            .iter()
            .map(|e| (std::cmp::Reverse(e.code.len()), e.code.clone())),
    )
    .map(|(_, c)| c)
    .unwrap_or_default();
    let coded = events.iter().find(|e| e.code == code).copied();
    let stated: Vec<&str> = members
        .iter()
        .filter(|&&m| keys[m].rank() == 0)
        .filter_map(|&m| reports[m].event.date.as_deref())
        .collect();
    let date = if stated.is_empty() {
        majority(events.iter().filter_map(|e| e.date.clone()))
    } else {
        majority(stated.iter().map(|d| d.to_string()))
    };
    let date_assumed = stated.is_empty() && date.is_some();
    let flag = |f: fn(&Event) -> bool| {
        let yes = events.iter().filter(|e| f(e)).count();
        (2 * yes > events.len(), yes > 0 && yes < events.len())
    };
    let (negated, negated_differs) = flag(|e| e.negated);
    let (hypothetical, hypothetical_differs) = flag(|e| e.hypothetical);
    let center = medoid(keys, members);
    let sides = oriented(keys, members, center);
    let actors_from = side_source(&sides, center, false);
    let recipients_from = side_source(&sides, center, true);
    let side_differs = |recipients: bool| {
        let mut seen: Vec<Vec<String>> = sides
            .iter()
            .map(|(_, _, a, r)| signature(if recipients { r } else { a }))
            .filter(|s| !s.is_empty())
            .collect();
        seen.sort();
        seen.dedup();
        seen.len() > 1
    };
    let differs = |f: &dyn Fn(usize) -> Option<Vec<String>>| {
        let mut seen: Vec<Vec<String>> = members.iter().filter_map(|&m| f(m)).collect();
        seen.sort();
        seen.dedup();
        seen.len() > 1
    };
    let mut differences = Vec::new();
    let checks: [(&str, bool); 6] = [
        (
            "code",
            differs(&|m| Some(vec![reports[m].event.code.clone()])),
        ),
        // Dates the text states: a date assumed from publication says nothing.
        (
            "date",
            differs(&|m| {
                let e = &reports[m].event;
                e.date
                    .clone()
                    .filter(|_| keys[m].rank() == 0)
                    .map(|d| vec![d])
            }),
        ),
        ("actors", side_differs(false)),
        ("recipients", side_differs(true)),
        ("negated", negated_differs),
        ("hypothetical", hypothetical_differs),
    ];
    for (name, differ) in checks {
        if differ {
            differences.push(name.to_string());
        }
    }
    let mut docs: Vec<&str> = members
        .iter()
        .map(|&m| reports[m].doc_id.as_str())
        .collect();
    docs.sort_unstable();
    docs.dedup();
    EventGroup {
        event: GroupedEvent {
            label: coded.map(|e| e.label.clone()).unwrap_or_default(),
            plover: coded.and_then(|e| e.plover.clone()),
            code,
            actors: side_of(reports, actors_from),
            recipients: side_of(reports, recipients_from),
            date,
            date_assumed,
            negated,
            hypothetical,
            disputed: negated_differs || hypothetical_differs,
            differences,
            documents: docs.len(),
            actors_from,
            recipients_from,
        },
        reports: members
            .iter()
            .map(|&m| {
                let r = &reports[m];
                ReportRef {
                    index: m,
                    doc_id: r.doc_id.clone(),
                    doc_event: r.event.id.clone(),
                    span: r.event.span,
                    text: r.event.text.clone(),
                    trigger: r.event.trigger.clone(),
                    code: r.event.code.clone(),
                    date: r.event.date.clone(),
                    negated: r.event.negated,
                    hypothetical: r.event.hypothetical,
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A party: phrase and optional CAMEO code.
    fn party(text: &str, code: Option<&str>) -> EventActor {
        EventActor {
            span: Span::new(0, text.len()),
            text: text.into(),
            entity: None,
            code: code.map(str::to_string),
        }
    }

    /// An event report as a coder would give it; `date` is stated unless `assumed`.
    struct Ev<'a> {
        doc: &'a str,
        code: &'a str,
        actors: Vec<EventActor>,
        recipients: Vec<EventActor>,
        date: Option<&'a str>,
        assumed: bool,
        negated: bool,
        hypothetical: bool,
        start: usize,
    }

    impl<'a> Ev<'a> {
        fn new(doc: &'a str, code: &'a str) -> Ev<'a> {
            Ev {
                doc,
                code,
                actors: Vec::new(),
                recipients: Vec::new(),
                date: None,
                assumed: false,
                negated: false,
                hypothetical: false,
                start: 0,
            }
        }
        fn by(mut self, text: &str, code: Option<&str>) -> Self {
            self.actors.push(party(text, code));
            self
        }
        fn to(mut self, text: &str, code: Option<&str>) -> Self {
            self.recipients.push(party(text, code));
            self
        }
        fn on(mut self, date: &'a str) -> Self {
            self.date = Some(date);
            self
        }
        fn at(mut self, start: usize) -> Self {
            self.start = start;
            self
        }
        fn report(self) -> EventReport {
            let plover = match &self.code[..2] {
                "04" => Some("CONSULT"),
                "19" => Some("ASSAULT"),
                "03" => Some("AGREE"),
                _ => None,
            }
            .map(|c| PloverCode {
                category: c.parse().expect("a PLOVER category"),
                mode: None,
            });
            let sentence = format!("sentence of {} at {}", self.doc, self.start);
            let span = Span::new(self.start, self.start + sentence.len());
            let event = Event {
                id: format!("v{}", self.start),
                span,
                text: sentence,
                sentence: 0,
                code: self.code.into(),
                label: format!("label {}", self.code),
                plover,
                actors: self.actors,
                recipients: self.recipients,
                trigger: SpanText {
                    span: Span::new(self.start, self.start + 3),
                    text: "met".into(),
                },
                date: self.date.map(str::to_string),
                date_source: match (self.date, self.assumed) {
                    (None, _) => EventDateSource::None,
                    (Some(_), true) => EventDateSource::Publication,
                    (Some(_), false) => EventDateSource::Time { index: 0 },
                },
                source: None,
                negated: self.negated,
                hypothetical: self.hypothetical,
                confidence: 0.8,
                support: Vec::new(),
            };
            EventReport::new(self.doc, event)
        }
    }

    fn meeting(doc: &str) -> Ev<'_> {
        Ev::new(doc, "040")
            .by("Ruritania's foreign minister", Some("RURGOV"))
            .to("his Freedonian counterpart", Some("FRDGOV"))
            .on("2031-03-10")
    }

    #[test]
    fn three_outlets_reporting_one_meeting_are_one_event() {
        let reports = vec![
            meeting("a").report(),
            // Other words, other specific code, the sides swapped: still a meeting of the two.
            Ev::new("b", "042")
                .by("Freedonia's minister", Some("FRDGOV"))
                .to("Ruritania", Some("RUR"))
                .on("2031-03-10")
                .report(),
            // "the two ministers held talks": parties unknown, same day.
            Ev::new("c", "040")
                .by("the two ministers", None)
                .on("2031-03-10")
                .report(),
        ];
        let groups = group(&reports);
        assert_eq!(groups.len(), 1, "{groups:#?}");
        let g = &groups[0];
        assert_eq!(g.reports.len(), 3);
        assert_eq!(g.event.documents, 3);
        assert_eq!(g.event.code, "040", "two of three reports say 040");
        assert_eq!(g.event.date.as_deref(), Some("2031-03-10"));
        assert!(!g.event.disputed);
        // Sides as the report that agrees best with the others tells them; the swapped
        // report is no difference of parties.
        let code = |p: &[EventActor]| p.first().and_then(|a| a.code.clone());
        assert_eq!(code(&g.event.actors).as_deref(), Some("RURGOV"));
        assert_eq!(code(&g.event.recipients).as_deref(), Some("FRDGOV"));
        assert_eq!(g.event.differences, ["code"]);
        let docs: Vec<&str> = g.reports.iter().map(|r| r.doc_id.as_str()).collect();
        assert_eq!(docs, ["a", "b", "c"]);
    }

    #[test]
    fn different_countries_or_families_or_days_are_different_events() {
        let base = meeting("a").report();
        let other_country = Ev::new("b", "040")
            .by("Syldavia's minister", Some("SYLGOV"))
            .to("Freedonia", Some("FRD"))
            .on("2031-03-10")
            .report();
        let other_family = Ev::new("b", "190")
            .by("Ruritania", Some("RUR"))
            .to("Freedonia", Some("FRD"))
            .on("2031-03-10")
            .report();
        let three_days_later = meeting("b").on("2031-03-13").report();
        let next_day = meeting("b").on("2031-03-11").report();
        assert!(!same_event(&base, &other_country));
        assert!(!same_event(&base, &other_family));
        assert!(!same_event(&base, &three_days_later));
        assert!(same_event(&base, &next_day), "one day apart across outlets");
        // Within one document the author tells the days apart.
        let same_doc_next_day = meeting("a").at(200).on("2031-03-11").report();
        assert!(!same_event(&base, &same_doc_next_day));
    }

    #[test]
    fn sides_swap_only_for_symmetric_actions() {
        let attack = |doc, by: &str, bc, to: &str, tc| {
            Ev::new(doc, "190")
                .by(by, Some(bc))
                .to(to, Some(tc))
                .on("2031-03-10")
                .report()
        };
        let a = attack("a", "Ruritanian forces", "RURMIL", "Freedonia", "FRD");
        let b = attack("b", "Freedonian troops", "FRDMIL", "Ruritania", "RUR");
        assert!(!same_event(&a, &b), "who attacked whom matters");
        let swapped_meeting = Ev::new("b", "040")
            .by("Freedonia", Some("FRD"))
            .to("Ruritania", Some("RUR"))
            .on("2031-03-10")
            .report();
        assert!(same_event(&meeting("a").report(), &swapped_meeting));
    }

    #[test]
    fn names_match_when_codes_are_missing() {
        let a = Ev::new("a", "040")
            .by("Foreign Minister Anna Lindqvist", None)
            .on("2031-03-10")
            .report();
        let b = Ev::new("b", "040")
            .by("Lindqvist", None)
            .on("2031-03-10")
            .report();
        let k = [Key::of(&a), Key::of(&b)];
        assert_eq!(
            affinity(&k[0], &k[1]),
            Some(2 + 1 + 1),
            "actor matched by name"
        );
        // A shared title word is no shared name.
        let c = Ev::new("c", "040")
            .by("the foreign minister", None)
            .on("2031-03-10")
            .report();
        let k = [Key::of(&a), Key::of(&c)];
        assert_eq!(
            affinity(&k[0], &k[1]),
            Some(1 + 1),
            "compatible, nothing matched"
        );
    }

    #[test]
    fn undated_reports_join_within_a_story_and_never_chain_two_dates() {
        let monday = meeting("a").report();
        let thursday = meeting("b").on("2031-03-13").report();
        let undated = Ev::new("c", "040")
            .by("Ruritania", Some("RUR"))
            .to("Freedonia", Some("FRD"))
            .report();
        let groups = group(&[thursday.clone(), undated.clone(), monday.clone()]);
        assert_eq!(groups.len(), 2, "{groups:#?}");
        assert_eq!(groups[0].event.date.as_deref(), Some("2031-03-10"));
        assert_eq!(groups.iter().map(|g| g.reports.len()).sum::<usize>(), 3);
        // Other stories: an undated report is nobody's.
        let mut elsewhere = undated;
        elsewhere.story = Some(7);
        assert!(!same_event(&monday, &elsewhere));
    }

    #[test]
    fn an_assumed_publication_date_means_on_or_before_it() {
        let monday = meeting("a").report();
        let mut published_wed = meeting("b").on("2031-03-12");
        published_wed.assumed = true;
        assert!(same_event(&monday, &published_wed.report()));
        let before = || {
            let mut e = meeting("b").on("2031-03-08");
            e.assumed = true;
            e
        };
        assert!(
            !same_event(&monday, &before().report()),
            "published before the meeting"
        );
        // "X will meet Y", published before: planned for a day the text does not give.
        let mut planned = before();
        planned.hypothetical = true;
        assert!(same_event(&monday, &planned.report()));
    }

    #[test]
    fn polarity_and_modality_differences_are_flagged_not_split() {
        let mut denied = meeting("b");
        denied.negated = true;
        let mut planned = meeting("c");
        planned.hypothetical = true;
        let groups = group(&[meeting("a").report(), denied.report(), planned.report()]);
        assert_eq!(groups.len(), 1);
        let g = &groups[0].event;
        assert!(g.disputed);
        assert!(
            !g.negated && !g.hypothetical,
            "the majority says it happened"
        );
        assert_eq!(g.differences, ["negated", "hypothetical"]);
        let plain = group(&[meeting("a").report(), meeting("b").report()]);
        assert!(!plain[0].event.disputed && plain[0].event.differences.is_empty());
    }

    #[test]
    fn codes_compare_by_country_or_group() {
        assert_eq!(code_root("RUSGOV"), Some("RUS"));
        assert_eq!(code_root("IGOUNOKID"), Some("IGOUNO"));
        assert_eq!(code_root("GOV"), None, "a role, no country");
        assert_eq!(code_root("---GOV"), None, "no known country");
        let unknown_country = Ev::new("b", "040")
            .by("Trade ministers", Some("---GOV"))
            .on("2031-03-10")
            .report();
        assert!(same_event(&meeting("a").report(), &unknown_country));
    }

    #[test]
    fn known_entities_differ_unless_a_name_or_their_country_is_shared() {
        let with = |doc, actor: &str, key: &str, recipient: &str, rkey: &str| {
            let mut r = Ev::new(doc, "040")
                .by(actor, None)
                .to(recipient, None)
                .on("2031-03-10")
                .report();
            r.actor_keys = vec![Some(key.into())];
            r.recipient_keys = vec![Some(rkey.into())];
            r
        };
        let a = with("a", "Okafor", "g1", "Velm Harbour", "g2");
        let b = with("b", "Lindqvist", "g3", "Velm", "g4");
        let c = with("c", "Okafor", "g5", "the Velm port authority", "g6");
        assert!(!same_event(&a, &b), "Okafor is not Lindqvist");
        assert!(
            same_event(&a, &c),
            "a shared name word: the store kept two entities"
        );
        let mut d = with("d", "Okafor", "g1", "the trade bloc", "g8");
        let mut e = with("e", "Okafor", "g1", "Freedonia", "g9");
        e.event.recipients[0].code = Some("FRD".into());
        assert!(!same_event(&d, &e), "a known bloc is not a known country");
        d.event.recipients[0].code = Some("FRDGOV".into());
        assert!(same_event(&d, &e), "a country covers its government");
        e.event.recipients[0].code = Some("FRDMIL".into());
        assert!(
            !same_event(&d, &e),
            "two known entities of one country, other sectors"
        );
        let mut f = with("f", "Okafor", "g1", "the defence ministry", "g10");
        f.event.recipients[0].code = Some("FRDMIL".into());
        assert!(same_event(&e, &f), "one country, one sector");
    }

    #[test]
    fn a_code_given_in_one_report_is_lent_to_the_entity_elsewhere() {
        let mk = |doc, recipient: &str, code: Option<&str>, key: &str| {
            let mut r = Ev::new(doc, "040")
                .by("the envoy", Some("RURGOV"))
                .to(recipient, code)
                .on("2031-03-10")
                .report();
            r.recipient_keys = vec![Some(key.into())];
            r
        };
        // Report a names the recipient without a code, report c codes the same entity (g7);
        // report b is another meeting of the envoy that day, with a Freedonian it does not
        // name.
        let a = mk("a", "Kessel", None, "g7");
        let mut b = mk("b", "a Freedonian official", Some("FRDGOV"), "");
        b.recipient_keys.clear();
        let c = mk("c", "Chancellor Kessel", Some("SYLGOV"), "g7");
        assert!(same_event(&a, &b), "alone, a's recipient could be anyone");
        let groups = group(&[a, b, c]);
        let docs: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.reports.iter().map(|r| r.doc_id.as_str()).collect())
            .collect();
        assert_eq!(docs, [vec!["a", "c"], vec!["b"]]);
    }

    #[test]
    fn an_uncoded_name_takes_the_code_the_same_name_has_elsewhere() {
        let mk = |doc, actor: &str, code: Option<&str>, key: &str, recipient: &str, rc| {
            let mut r = Ev::new(doc, "040")
                .by(actor, code)
                .to(recipient, Some(rc))
                .on("2031-03-10")
                .report();
            r.actor_keys = vec![Some(key.into())];
            r
        };
        // "Okafor" is two entities in the store; one report codes him SYLGOV. Report b's
        // actor is no known entity.
        let a = mk("a", "Okafor", None, "g1", "Freedonia", "FRD");
        let mut b = mk(
            "b",
            "the delegation",
            Some("RURGOV"),
            "",
            "Freedonia",
            "FRD",
        );
        b.actor_keys.clear();
        let c = mk("c", "Okafor", Some("SYLGOV"), "g3", "Syldavia", "SYL");
        assert!(
            same_event(&a, &b),
            "alone, a's Okafor could be a Ruritanian"
        );
        let groups = group(&[a, b, c]);
        let docs: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.reports.iter().map(|r| r.doc_id.as_str()).collect())
            .collect();
        assert_eq!(
            docs,
            [vec!["a"], vec!["b"], vec!["c"]],
            "Okafor is Syldavian"
        );
    }

    #[test]
    fn cross_document_identity_overrides_names() {
        let mut a = Ev::new("a", "040")
            .by("the envoy", None)
            .on("2031-03-10")
            .report();
        let mut b = Ev::new("b", "040")
            .by("Mr Okafor", None)
            .on("2031-03-10")
            .report();
        a.actor_keys = vec![Some("g12".into())];
        b.actor_keys = vec![Some("g12".into())];
        let k = [Key::of(&a), Key::of(&b)];
        assert_eq!(affinity(&k[0], &k[1]), Some(2 + 1 + 1));
    }

    #[test]
    fn grouping_does_not_depend_on_input_order() {
        let reports = vec![
            meeting("a").report(),
            meeting("b").on("2031-03-11").report(),
            Ev::new("c", "190")
                .by("Ruritania", Some("RUR"))
                .to("Freedonia", Some("FRD"))
                .on("2031-03-09")
                .report(),
            Ev::new("d", "040").by("the delegations", None).report(),
            meeting("e").on("2031-03-12").report(),
        ];
        let forward = group(&reports);
        let mut reversed = reports.clone();
        reversed.reverse();
        let backward = group(&reversed);
        let docs = |gs: &[EventGroup]| {
            gs.iter()
                .map(|g| {
                    g.reports
                        .iter()
                        .map(|r| r.doc_id.clone())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(docs(&forward), docs(&backward));
        // The attack on the 9th first (by date); the 10th–12th meeting reports cannot all be
        // one event (the 10th and the 12th are two days apart).
        assert_eq!(forward[0].event.code, "190");
        assert_eq!(forward.len(), 3, "{:?}", docs(&forward));
    }

    #[test]
    fn month_and_year_dates_are_intervals() {
        let march = interval("2031-03").unwrap();
        assert_eq!(march.1 - march.0, 30);
        let year = interval("2032").unwrap();
        assert_eq!(year.1 - year.0, 365, "2032 is a leap year");
        assert_eq!(interval("2031-03-10"), Some((march.0 + 9, march.0 + 9)));
        assert_eq!(interval("PRESENT_REF"), None);
        // 2031-03-10 is the Monday of ISO week 11.
        assert_eq!(interval("2031-W11"), Some((march.0 + 9, march.0 + 15)));
        let w1 = interval("2026-W01").unwrap();
        assert_eq!(
            w1.0,
            text::day_number("2025-12-29").unwrap(),
            "week 1 starts in December"
        );
        let nineties = interval("199").unwrap();
        assert_eq!(nineties.0, text::day_number("1990-01-01").unwrap());
        assert_eq!(nineties.1, text::day_number("1999-12-31").unwrap());
        let in_march = meeting("b").on("2031-03").report();
        assert!(same_event(&meeting("a").report(), &in_march));
    }
}
