//! Time: find time expressions and resolve them to calendar values (TimeML TIMEX3 style).
//!
//! [`recognize`] fills [`Document::times`]; [`find`] does the same work on plain inputs (used
//! by the TempEval-3 evaluation). The grammar is hand-written over tokens (no regular
//! expressions): each token is classified once and each position tried once, so the cost is
//! linear in the text.
//!
//! ## What is found
//! Absolute dates ("March 1, 2022", "1 March 2022", "Feb. 25", "2022-03-01", "March 2022",
//! "2022", "the 1990s", "the third quarter"), weekdays ("Tuesday", "last Thursday", "next
//! Friday"), deictic dates ("yesterday", "last week", "earlier this month", "two weeks ago",
//! "in three days"), references ("now" → `PRESENT_REF`, "recently" → `PAST_REF`, "soon" →
//! `FUTURE_REF`), dates relative to an earlier date ("three days later", "the next day", "the
//! following week", "two days earlier", "the day before"), times of day ("10 a.m.", "noon",
//! "Tuesday morning" → `…TMO`), durations ("three days", "72 hours", "two-day", "the past two
//! months", "5 1/2 hours" → `PT5H30M`, "coming weeks", "the weeks ahead") and sets ("every
//! week", "daily"). TimeML periods are found too: "the year" / "the fiscal year" / "year-end"
//! (the publication year; "the year ended June 30" is the duration `P1Y`), "the nineties",
//! "the 20th century", "the 1988 third quarter", "this year's first quarter", "current"
//! (`PRESENT_REF`), and the movable holidays "Thanksgiving" and "Election Day" (their
//! occurrence nearest publication; "last Thanksgiving" the latest before it). Spans follow
//! TimeML: a leading preposition ("on Tuesday") stays outside the expression; "nearly" and
//! "almost" stay inside ("nearly two years"), "about" only inside "about two years ago".
//!
//! ## How values are resolved
//! * **Missing year** ("March 1", "December"): the year that puts the date nearest the
//!   publication date (news reports recent events), so "December 30" in a paper of
//!   2027-01-02 is 2026-12-30 — unless the parse says the clause is past ("arrested … in
//!   August") or future ("will meet in August") and the nearest date lies more than a month
//!   on the other side of publication: then the year before (after) it. "last November" is the latest November strictly before
//!   publication, "next May" the first one after it, "this March" the publication year's.
//! * **Weekdays**: "last Friday" is strictly before publication, "next Friday" strictly after,
//!   "this Friday" in the publication week. A bare weekday follows the tense: the nearest
//!   tense cue to its left ("will", "expected", "said", a verb in -ed), else to its right,
//!   else the past. A weekday that is the publication weekday is the publication day itself
//!   in either direction ("said Friday" in a Friday paper means that day — the TimeBank
//!   convention); only "last"/"next" move it a week.
//! * **"N units ago", "last week", "next year", "today"** count from the publication date.
//! * **"N units later/earlier", "the next day", "the following week", "the day before"**
//!   count from the most recent earlier DATE or TIME expression with a calendar value in the
//!   document (its anchor is then [`TimeAnchor::Time`]); with none, from the publication
//!   date.
//! * **Earnings convention**: once a quarter has been named, "a year ago" / "a year earlier" /
//!   "year-ago" mean that quarter a year before (`1988-Q3`), as TimeBank annotates them.
//! * **Values are at the expression's granularity**: a day `2022-03-01`, an ISO week
//!   `2022-W09`, a month `2022-03`, a quarter `2022-Q1`, a year `2022`, a decade `199`
//!   ("the 1990s"; `199X` for a bare "1990s", as TimeBank has it), a century `19` ("the 20th
//!   century").
//! * **No publication date**: expressions that need one get no value and a `note` saying why;
//!   absolute ones ("March 1, 2022", "2022", durations, sets) still resolve.

mod grammar;
mod lexicon;

use chrono::{Datelike, Duration, NaiveDate};
use readout_core::{Document, Sentence, TimeAnchor, TimeExpr, TimeType, Token};

use grammar::{Dir, From, Holiday, Match, Sem, SetVal, YearRef};
use lexicon::Unit;

/// Note given to relative expressions when the document has no publication date.
const NO_PUBLICATION: &str =
    "no publication date: a relative expression cannot be resolved (pass --published)";

/// Fill `doc.times` (in text order) from its sentences and tokens, anchored on
/// `doc.published`. Existing entries are replaced. When the tokens were already dropped, each
/// sentence is tokenized again.
pub fn recognize(doc: &mut Document) {
    let published = doc.published.as_deref().and_then(crate::parse_published);
    // Not `tokenize::sentence_tokens` per sentence: `find` reads one token sequence with the
    // sentences' ranges into it, so the document is tokenized again as a whole or not at all.
    let times = if doc.tokens.is_empty() && !doc.sentences.is_empty() {
        let mut tokens = Vec::new();
        let mut sentences = Vec::with_capacity(doc.sentences.len());
        for s in &doc.sentences {
            let start = tokens.len();
            crate::tokenize::tokenize_into(&doc.text, s.span, &mut tokens);
            sentences.push(Sentence {
                token_start: start,
                token_end: tokens.len(),
                ..s.clone()
            });
        }
        find(&doc.text, &tokens, &sentences, published)
    } else {
        find(&doc.text, &doc.tokens, &doc.sentences, published)
    };
    doc.times = times;
}

/// Find and resolve the time expressions of `text`, given its tokens and sentences (token
/// ranges index `tokens`) and the publication date used as the anchor. Expressions come in
/// text order; spans are byte offsets into `text`, on token boundaries.
pub fn find(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    published: Option<NaiveDate>,
) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let mut resolver = Resolver {
        published,
        prev: None,
        last_quarter: None,
        sentence_day: None,
    };
    let mut lex = Vec::new();
    let mut matches = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let Some(toks) = tokens.get(s.token_start..s.token_end) else {
            continue;
        };
        grammar::classify_into(toks, &mut lex);
        matches.clear();
        grammar::scan(toks, &lex, &mut matches);
        for mt in &matches {
            let (Some(first), Some(last)) = (toks.get(mt.start), toks.get(mt.end.wrapping_sub(1)))
            else {
                continue;
            };
            let span = readout_core::Span::new(first.span.start, last.span.end);
            let Some(surface) = text.get(span.start..span.end) else {
                continue;
            };
            let r = resolver.resolve(mt, si, out.len());
            out.push(TimeExpr {
                span,
                text: surface.to_string(),
                kind: r.kind,
                value: r.value,
                anchor: r.anchor,
                sentence: si,
                note: r.note,
            });
        }
    }
    out
}

/// The result of resolving one match.
struct Resolved {
    kind: TimeType,
    value: Option<String>,
    anchor: Option<TimeAnchor>,
    note: Option<String>,
}

/// State carried through the document while resolving.
struct Resolver {
    published: Option<NaiveDate>,
    /// The latest resolved calendar expression: (index in the output, a day inside it, its
    /// granularity, its value).
    prev: Option<(usize, NaiveDate, Unit, String)>,
    /// The latest quarter named: (year, quarter).
    last_quarter: Option<(i32, u32)>,
    /// The latest day-precise date of the current sentence, for clock times.
    sentence_day: Option<(usize, NaiveDate)>,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn quarter_of(d: NaiveDate) -> u32 {
    d.month0() / 3 + 1
}

/// Add `n` months to the first of `d`'s month.
fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let idx = i64::from(d.year()) * 12 + i64::from(d.month0()) + n;
    let y = i32::try_from(idx.div_euclid(12)).ok()?;
    let m = u32::try_from(idx.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(y, m, 1)
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// ISO 8601 duration for `n` units (`None`: an unspecified number, TimeML's `X`).
fn duration(n: Option<f64>, unit: Unit) -> String {
    let (scale, pre, suf) = match unit {
        Unit::Second => (1.0, "PT", "S"),
        Unit::Minute => (1.0, "PT", "M"),
        Unit::Hour => (1.0, "PT", "H"),
        Unit::Day => (1.0, "P", "D"),
        Unit::Week => (1.0, "P", "W"),
        Unit::Month => (1.0, "P", "M"),
        Unit::Quarter => (3.0, "P", "M"),
        Unit::Year => (1.0, "P", "Y"),
        Unit::Decade => (10.0, "P", "Y"),
        Unit::Century => (100.0, "P", "Y"),
    };
    match n {
        // "5 1/2 hours" → PT5H30M, "2 1/2 years" → P2Y6M: the fraction in the next unit.
        Some(n) if n.fract() != 0.0 && n > 1.0 => {
            let whole = n.trunc();
            let rest = n.fract();
            let (sub, sub_suf, t) = match unit {
                Unit::Hour => (60.0, "M", ""),
                Unit::Minute => (60.0, "S", ""),
                Unit::Day => (24.0, "H", "T"),
                Unit::Year => (12.0, "M", ""),
                _ => return format!("{pre}{}{suf}", fmt_num(n * scale)),
            };
            format!(
                "{pre}{}{suf}{t}{}{sub_suf}",
                fmt_num(whole),
                fmt_num(rest * sub)
            )
        }
        Some(n) => format!("{pre}{}{suf}", fmt_num(n * scale)),
        None => match unit {
            Unit::Decade => "PXDE".to_string(),
            Unit::Century => "PXCE".to_string(),
            Unit::Quarter => "PXQ".to_string(),
            _ => format!("{pre}X{suf}"),
        },
    }
}

fn set_value(v: SetVal) -> String {
    match v {
        SetVal::Every(n, unit) => duration(Some(n as f64), unit),
        SetVal::Weekday(d) => format!("XXXX-WXX-{}", d + 1),
        SetVal::Month(m) => format!("XXXX-{m:02}"),
        SetVal::Part(p) => format!("XXXX-XX-XXT{p}"),
    }
}

/// First month of a season, for choosing its year.
fn season_start(s: &str) -> u32 {
    match s {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    }
}

/// A calendar value: (value, a day inside it, granularity).
type Cal = (String, NaiveDate, Unit);

fn pub_anchor(p: NaiveDate) -> Option<TimeAnchor> {
    Some(TimeAnchor::Publication { value: ymd(p) })
}

/// The year a [`YearRef`] names; none when it counts from a missing publication date.
fn year_of(y: &YearRef, p: Option<NaiveDate>) -> Option<i32> {
    match y {
        YearRef::Abs(y) => Some(*y),
        YearRef::Pub(k) => p.map(|p| p.year() + k),
    }
}

/// The publication date, or none with the note saying it is missing.
fn publication(p: Option<NaiveDate>, r: &mut Resolved) -> Option<NaiveDate> {
    if p.is_none() {
        r.note = Some(NO_PUBLICATION.to_string());
    }
    p
}

/// Dates and periods that need no state from earlier in the document: written dates,
/// year-less dates, months of a counted year, holidays, seasons, weekdays, and days and
/// weekends counted from publication.
fn dated(sem: &Sem, p: Option<NaiveDate>, r: &mut Resolved) -> Option<Cal> {
    match sem {
        Sem::Abs { y, m, d } => match (m, d) {
            (Some(m), Some(d)) => {
                let date = NaiveDate::from_ymd_opt(*y, *m, *d);
                if date.is_none() {
                    r.note = Some(format!("{y:04}-{m:02}-{d:02} is not a calendar date"));
                }
                date.map(|date| (ymd(date), date, Unit::Day))
            }
            (Some(m), None) => NaiveDate::from_ymd_opt(*y, *m, 1)
                .map(|date| (format!("{y:04}-{m:02}"), date, Unit::Month)),
            _ => {
                NaiveDate::from_ymd_opt(*y, 1, 1).map(|date| (format!("{y:04}"), date, Unit::Year))
            }
        },
        Sem::YearLess { m, d, dir } => {
            let Some(p) = p else {
                r.note = Some(format!("no year given and {NO_PUBLICATION}"));
                return None;
            };
            r.anchor = pub_anchor(p);
            let Some(date) = year_for(p, *m, *d, *dir) else {
                r.note = Some("not a calendar date".to_string());
                return None;
            };
            Some(match d {
                Some(_) => (ymd(date), date, Unit::Day),
                None => (
                    format!("{:04}-{:02}", date.year(), date.month()),
                    date,
                    Unit::Month,
                ),
            })
        }
        Sem::MonthOfYear { m, y } => {
            let Some(date) = year_of(y, p).and_then(|y| NaiveDate::from_ymd_opt(y, *m, 1)) else {
                r.note = Some(NO_PUBLICATION.to_string());
                return None;
            };
            r.anchor = p.and_then(pub_anchor);
            Some((format!("{:04}-{m:02}", date.year()), date, Unit::Month))
        }
        Sem::Holiday { h, dir } => {
            let p = publication(p, r)?;
            r.anchor = pub_anchor(p);
            holiday_date(p, *h, *dir).map(|date| (ymd(date), date, Unit::Day))
        }
        Sem::Season { y, s, dir } => {
            match season_year(y.as_ref(), s, *dir, p, r) {
                Some(y) => r.value = Some(format!("{y:04}-{s}")),
                None => r.note = Some(NO_PUBLICATION.to_string()),
            }
            None
        }
        Sem::Weekday { d, dir, part } => {
            let p = publication(p, r)?;
            r.anchor = pub_anchor(p);
            let date = weekday_date(p, *d, *dir);
            Some((with_part(date, *part), date, Unit::Day))
        }
        Sem::Day { n, part } => {
            let p = publication(p, r)?;
            r.anchor = pub_anchor(p);
            let date = p + Duration::days(*n);
            Some((with_part(date, *part), date, Unit::Day))
        }
        Sem::Weekend { n, past } => {
            let p = publication(p, r)?;
            r.anchor = pub_anchor(p);
            // On a Saturday or Sunday, "the weekend" is this one.
            let n = if *past && p.weekday().num_days_from_monday() >= 5 {
                0
            } else {
                *n
            };
            let date = p + Duration::days(7 * n);
            r.value = Some(format!("{}-WE", week(date)));
            None
        }
        _ => None,
    }
}

/// The year of a season: written, counted from publication, or (none given) the one the
/// direction picks around publication.
fn season_year(
    y: Option<&YearRef>,
    s: &str,
    dir: Dir,
    p: Option<NaiveDate>,
    r: &mut Resolved,
) -> Option<i32> {
    match (y, p) {
        (Some(YearRef::Abs(y)), _) => Some(*y),
        (Some(YearRef::Pub(k)), Some(p)) => Some(p.year() + k),
        (None, Some(p)) => {
            r.anchor = pub_anchor(p);
            let start = season_start(s);
            Some(match dir {
                Dir::StrictPast | Dir::Past => {
                    if p.month() > start + 2 {
                        p.year()
                    } else {
                        p.year() - 1
                    }
                }
                Dir::StrictFuture | Dir::Future => {
                    if p.month() < start {
                        p.year()
                    } else {
                        p.year() + 1
                    }
                }
                _ => p.year(),
            })
        }
        _ => None,
    }
}

impl Resolver {
    fn resolve(&mut self, mt: &Match, sentence: usize, index: usize) -> Resolved {
        let mut r = Resolved {
            kind: mt.kind,
            value: None,
            anchor: None,
            note: None,
        };
        if self.sentence_day.is_some_and(|(s, _)| s != sentence) {
            self.sentence_day = None;
        }
        let p = self.published;
        let cal = match &mt.sem {
            Sem::Abs { .. }
            | Sem::YearLess { .. }
            | Sem::MonthOfYear { .. }
            | Sem::Holiday { .. }
            | Sem::Season { .. }
            | Sem::Weekday { .. }
            | Sem::Day { .. }
            | Sem::Weekend { .. } => dated(&mt.sem, p, &mut r),
            Sem::Quarter { .. } | Sem::QuarterCtx { .. } | Sem::QuarterIn { .. } => {
                self.quarter(&mt.sem, &mut r)
            }
            Sem::Half { y, h } => {
                match year_of(y, p) {
                    Some(y) => r.value = Some(format!("{y:04}-H{h}")),
                    None => r.note = Some(NO_PUBLICATION.to_string()),
                }
                None
            }
            Sem::Decade { d, x } => {
                r.value = Some(format!("{d:03}{}", if *x { "X" } else { "" }));
                None
            }
            Sem::Century(c) => {
                r.value = Some(format!("{c:02}"));
                None
            }
            Sem::Rel { unit, n, from } => self.relative(*unit, *n, *from, &mut r),
            Sem::DatedClock { day, h, m } => {
                let inner = Match {
                    start: mt.start,
                    end: mt.end,
                    kind: TimeType::Date,
                    sem: (**day).clone(),
                };
                let d = self.resolve(&inner, sentence, index);
                r.anchor = d.anchor;
                r.note = d.note;
                r.value = d
                    .value
                    .map(|v| format!("{}T{h:02}:{m:02}", v.get(..10).unwrap_or(&v)));
                None
            }
            Sem::YearBack { n, from } => {
                // Once a quarter is named, "a year ago" means that quarter a year back.
                let Some((y, q)) = self.last_quarter else {
                    let rel = Match {
                        start: mt.start,
                        end: mt.end,
                        kind: mt.kind,
                        sem: Sem::Rel {
                            unit: Unit::Year,
                            n: *n,
                            from: *from,
                        },
                    };
                    return self.resolve(&rel, sentence, index);
                };
                r.anchor = p.and_then(pub_anchor);
                r.value = Some(format!("{:04}-Q{q}", y + *n as i32));
                None
            }
            Sem::Clock { h, m } => {
                self.clock(*h, *m, &mut r);
                None
            }
            Sem::Ref(v) => {
                r.value = Some((*v).to_string());
                None
            }
            Sem::Dur { n, unit } => {
                r.value = Some(duration(*n, *unit));
                None
            }
            Sem::Set(v) => {
                r.value = Some(set_value(*v));
                None
            }
        };
        if let Some((value, date, gran)) = cal {
            if matches!(r.kind, TimeType::Date | TimeType::Time) {
                self.prev = Some((index, date, gran, value.clone()));
                if gran == Unit::Day {
                    self.sentence_day = Some((sentence, date));
                }
            }
            r.value = Some(value);
        }
        r
    }

    /// Quarters: a named one ("the third quarter", which later "the quarter" refers to), the
    /// one under discussion ("the quarter", "the year-ago quarter"), or it in a given year.
    fn quarter(&mut self, sem: &Sem, r: &mut Resolved) -> Option<Cal> {
        let p = self.published;
        match sem {
            Sem::Quarter { y, q } => {
                let Some(year) = year_of(y, p) else {
                    r.note = Some(NO_PUBLICATION.to_string());
                    return None;
                };
                if matches!(y, YearRef::Pub(_)) {
                    r.anchor = p.and_then(pub_anchor);
                }
                self.last_quarter = Some((year, *q));
                NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)
                    .map(|date| (format!("{year:04}-Q{q}"), date, Unit::Quarter))
            }
            Sem::QuarterCtx { years_back } => {
                let base = self.last_quarter.or_else(|| {
                    // The quarter most recently ended before publication.
                    p.map(|p| {
                        let q = quarter_of(p);
                        if q == 1 {
                            (p.year() - 1, 4)
                        } else {
                            (p.year(), q - 1)
                        }
                    })
                });
                match base {
                    Some((y, q)) => {
                        if *years_back == 0 {
                            self.last_quarter = Some((y, q));
                        }
                        r.anchor = p.and_then(pub_anchor);
                        r.value = Some(format!("{:04}-Q{q}", y - years_back));
                    }
                    None => r.note = Some(NO_PUBLICATION.to_string()),
                }
                None
            }
            Sem::QuarterIn { y } => {
                match (year_of(y, p), self.last_quarter) {
                    (Some(y), Some((_, q))) => {
                        r.anchor = p.and_then(pub_anchor);
                        r.value = Some(format!("{y:04}-Q{q}"));
                    }
                    (Some(y), None) => r.value = Some(format!("{y:04}")),
                    (None, _) => r.note = Some(NO_PUBLICATION.to_string()),
                }
                None
            }
            _ => None,
        }
    }

    /// `n` units from the publication date or, for `From::Prev`, from the latest resolved
    /// date.
    fn relative(&self, unit: Unit, n: i64, from: From, r: &mut Resolved) -> Option<Cal> {
        let anchor = match (from, &self.prev) {
            (From::Prev, Some((i, d, _, v))) => Some((
                *d,
                TimeAnchor::Time {
                    index: *i,
                    value: v.clone(),
                },
            )),
            _ => self
                .published
                .map(|p| (p, TimeAnchor::Publication { value: ymd(p) })),
        };
        let Some((a, anchor)) = anchor else {
            r.note = Some(NO_PUBLICATION.to_string());
            return None;
        };
        r.anchor = Some(anchor);
        let cal = shift(a, unit, n);
        if cal.is_none() {
            r.note = Some("date out of range".to_string());
        }
        cal
    }

    /// A clock time on the sentence's latest day-precise date, else on the publication day.
    fn clock(&self, h: u32, m: u32, r: &mut Resolved) {
        let day = self.sentence_day.map(|(_, d)| d).or(self.published);
        match day {
            Some(d) => {
                if self.sentence_day.is_none() {
                    r.anchor = pub_anchor(d);
                }
                r.value = Some(format!("{}T{h:02}:{m:02}", ymd(d)));
            }
            None => r.note = Some(NO_PUBLICATION.to_string()),
        }
    }
}

fn with_part(date: NaiveDate, part: Option<&str>) -> String {
    match part {
        Some(p) => format!("{}T{p}", ymd(date)),
        None => ymd(date),
    }
}

/// `a` moved by `n` units, formatted at the unit's granularity.
fn shift(a: NaiveDate, unit: Unit, n: i64) -> Option<(String, NaiveDate, Unit)> {
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            let d = a.checked_add_signed(Duration::try_days(n)?)?;
            (ymd(d), d, Unit::Day)
        }
        Unit::Week => {
            let d = a.checked_add_signed(Duration::try_days(n.checked_mul(7)?)?)?;
            (week(d), d, Unit::Week)
        }
        Unit::Month => {
            let d = add_months(a, n)?;
            (format!("{:04}-{:02}", d.year(), d.month()), d, Unit::Month)
        }
        Unit::Quarter => {
            let first = NaiveDate::from_ymd_opt(a.year(), (quarter_of(a) - 1) * 3 + 1, 1)?;
            let d = add_months(first, n.checked_mul(3)?)?;
            (
                format!("{:04}-Q{}", d.year(), quarter_of(d)),
                d,
                Unit::Quarter,
            )
        }
        Unit::Year => {
            let y = i32::try_from(i64::from(a.year()).checked_add(n)?).ok()?;
            let d = NaiveDate::from_ymd_opt(y, 1, 1)?;
            (format!("{y:04}"), d, Unit::Year)
        }
        Unit::Decade => {
            let dec = i64::from(a.year()).div_euclid(10).checked_add(n)?;
            let d = NaiveDate::from_ymd_opt(i32::try_from(dec.checked_mul(10)?).ok()?, 1, 1)?;
            (format!("{dec:03}"), d, Unit::Decade)
        }
        Unit::Century => {
            let c = i64::from(a.year()).div_euclid(100).checked_add(n)?;
            let d = NaiveDate::from_ymd_opt(i32::try_from(c.checked_mul(100)?).ok()?, 1, 1)?;
            (format!("{c:02}"), d, Unit::Century)
        }
    })
}

/// The date of holiday `h` in year `y`.
fn holiday_in(y: i32, h: Holiday) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, 11, 1)?;
    let wd = i64::from(first.weekday().num_days_from_monday());
    let day = match h {
        // The fourth Thursday (weekday 3).
        Holiday::Thanksgiving => (3 - wd).rem_euclid(7) + 21,
        // The day after the first Monday.
        Holiday::ElectionDay => (-wd).rem_euclid(7) + 1,
    };
    first.checked_add_signed(Duration::try_days(day)?)
}

/// The occurrence of holiday `h` in direction `dir` from publication date `p`.
fn holiday_date(p: NaiveDate, h: Holiday, dir: Dir) -> Option<NaiveDate> {
    let mut dates = [p.year() - 1, p.year(), p.year() + 1]
        .into_iter()
        .filter_map(|y| holiday_in(y, h));
    match dir {
        Dir::StrictPast => dates.rev().find(|d| *d < p),
        Dir::Past => dates.rev().find(|d| *d <= p),
        Dir::StrictFuture => dates.find(|d| *d > p),
        Dir::Future => dates.find(|d| *d >= p),
        Dir::SameWeek => holiday_in(p.year(), h),
        Dir::Nearest | Dir::LeanPast | Dir::LeanFuture => {
            dates.min_by_key(|d| (*d - p).num_days().abs())
        }
    }
}

/// The date of weekday `d` (0 = Monday) relative to `p` in direction `dir`.
fn weekday_date(p: NaiveDate, d: u32, dir: Dir) -> NaiveDate {
    let pw = i64::from(p.weekday().num_days_from_monday());
    let d = i64::from(d);
    let back = (pw - d).rem_euclid(7);
    let fwd = (d - pw).rem_euclid(7);
    let offset = match dir {
        Dir::Past | Dir::Nearest | Dir::LeanPast => -back,
        Dir::StrictPast => {
            if back == 0 {
                -7
            } else {
                -back
            }
        }
        Dir::Future | Dir::LeanFuture => fwd,
        Dir::StrictFuture => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Dir::SameWeek => d - pw,
    };
    p + Duration::days(offset)
}

/// The year for a month (and day) without one, relative to publication date `p`.
fn year_for(p: NaiveDate, m: u32, d: Option<u32>, dir: Dir) -> Option<NaiveDate> {
    let at = |y: i32| NaiveDate::from_ymd_opt(y, m, d.unwrap_or(1));
    // Month-only expressions compare whole months.
    let key = |x: NaiveDate| -> i64 {
        if d.is_some() {
            i64::from(x.num_days_from_ce())
        } else {
            i64::from(x.year()) * 12 + i64::from(x.month0())
        }
    };
    let pk = key(if d.is_some() {
        p
    } else {
        NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?
    });
    let y = p.year();
    let candidates = [y - 1, y, y + 1];
    let dates = candidates.iter().filter_map(|&y| at(y));
    match dir {
        Dir::SameWeek => at(y),
        Dir::StrictPast => dates.rev().find(|x| key(*x) < pk),
        Dir::Past => dates.rev().find(|x| key(*x) <= pk),
        Dir::StrictFuture => dates.into_iter().find(|x| key(*x) > pk),
        Dir::Future => dates.into_iter().find(|x| key(*x) >= pk),
        Dir::Nearest => dates.min_by_key(|x| (key(*x) - pk).abs()),
        Dir::LeanPast | Dir::LeanFuture => {
            // How far counts as "far": a month, in the expression's own unit.
            let month = if d.is_some() { 31 } else { 1 };
            let all: Vec<NaiveDate> = dates.collect();
            let nearest = *all.iter().min_by_key(|x| (key(**x) - pk).abs())?;
            let off = key(nearest) - pk;
            match dir {
                Dir::LeanPast if off > month => all.into_iter().rev().find(|x| key(*x) <= pk),
                Dir::LeanFuture if off < -month => all.into_iter().find(|x| key(*x) >= pk),
                _ => Some(nearest),
            }
        }
    }
}

#[cfg(test)]
mod tests;
