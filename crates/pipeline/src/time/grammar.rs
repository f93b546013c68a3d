//! The time grammar: hand-written patterns over one sentence's classified tokens.
//!
//! Each position is tried once, from left to right; a match consumes its tokens, so the scan
//! is linear in the number of tokens. Spans follow TimeML's TIMEX3 extent rules: prepositions
//! ("on", "in", "for") stay outside, determiners and modifiers ("the", "last", "early",
//! "about", "ago", "later") are inside.

use readout_core::{TimeType, Token};

use super::lexicon::{classify, Lex, Unit, K};

/// Which way a year-less or weekday expression points from its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// The nearest such date, either side (month and day without a year).
    Nearest,
    /// On or before the anchor (past tense, the news default for weekdays).
    Past,
    /// Strictly before the anchor ("last Friday").
    StrictPast,
    /// On or after the anchor (future tense).
    Future,
    /// Strictly after the anchor ("next Friday").
    StrictFuture,
    /// Within the anchor's week ("this Friday").
    SameWeek,
    /// The nearest, unless it lies more than a month after the anchor: then the one before
    /// (a month or date without a year in a past-tense clause).
    LeanPast,
    /// The nearest, unless it lies more than a month before the anchor: then the one after.
    LeanFuture,
}

/// What a relative expression counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum From {
    /// The publication date ("two days ago", "last week").
    Pub,
    /// The most recent resolved date before it in the text ("three days later").
    Prev,
}

/// A year that is either written or counted from the publication year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearRef {
    /// Written out.
    Abs(i32),
    /// The publication year plus this offset.
    Pub(i32),
}

/// The meaning of a match, before resolution against an anchor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sem {
    /// A date with a written year, at day, month or year granularity.
    Abs {
        y: i32,
        m: Option<u32>,
        d: Option<u32>,
    },
    /// A month (and day) without a year.
    YearLess { m: u32, d: Option<u32>, dir: Dir },
    /// A month of a year counted from publication ("July last year").
    MonthOfYear { m: u32, y: YearRef },
    /// A decade: `199` for "the 1990s"; `x` when written without "the" ("1990s" → `199X`,
    /// as TimeBank annotates it).
    Decade { d: i32, x: bool },
    /// A century: `19` for "the 20th century".
    Century(i32),
    /// A movable holiday ("Thanksgiving Day"), in direction `dir` from publication.
    Holiday { h: Holiday, dir: Dir },
    /// A quarter.
    Quarter { y: YearRef, q: u32 },
    /// "the quarter", "the latest quarter": the quarter under discussion.
    QuarterCtx { years_back: i32 },
    /// "the 1988 quarter", "last year's quarter": the quarter under discussion, in year `y`.
    QuarterIn { y: YearRef },
    /// A half year.
    Half { y: YearRef, h: u32 },
    /// A season.
    Season {
        y: Option<YearRef>,
        s: &'static str,
        dir: Dir,
    },
    /// `n` units from an anchor, at the unit's granularity.
    Rel { unit: Unit, n: i64, from: From },
    /// "a year ago", "a year earlier", "year-earlier": a year back from the anchor, or the
    /// quarter under discussion a year back when a quarter was named (earnings reports).
    YearBack { n: i64, from: From },
    /// A day of the week.
    Weekday {
        d: u32,
        dir: Dir,
        part: Option<&'static str>,
    },
    /// A day counted from the publication date (today 0, yesterday −1), with a day part.
    Day { n: i64, part: Option<&'static str> },
    /// A weekend counted in weeks from the publication week; `past` when it is "the weekend"
    /// in a past-tense sentence (the latest weekend on or before publication).
    Weekend { n: i64, past: bool },
    /// A clock time.
    Clock { h: u32, m: u32 },
    /// A clock time on a given day.
    DatedClock { day: Box<Sem>, h: u32, m: u32 },
    /// A TimeML reference value.
    Ref(&'static str),
    /// A duration; `n` is `None` for "several days".
    Dur { n: Option<f64>, unit: Unit },
    /// A set ("every week": the value is the period).
    Set(SetVal),
}

/// A holiday whose date is computed from the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holiday {
    /// US Thanksgiving: the fourth Thursday of November.
    Thanksgiving,
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
}

/// The value of a SET.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum SetVal {
    /// Every n units.
    Every(i64, Unit),
    /// Every such weekday.
    Weekday(u32),
    /// Every such month.
    Month(u32),
    /// Every such day part.
    Part(&'static str),
}

/// One match: sentence-local token range, type and meaning.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub kind: TimeType,
    pub sem: Sem,
}

/// One sentence's tokens, classified.
pub(crate) struct Cx<'a> {
    toks: &'a [Token],
    lex: &'a [Lex],
}

/// Classify tokens into `out` (cleared first), one class per token.
pub(crate) fn classify_into(toks: &[Token], out: &mut Vec<Lex>) {
    out.clear();
    out.extend(toks.iter().map(|t| classify(&t.text)));
}

/// Find the matches of one sentence, in order, appending to `out`.
pub(crate) fn scan(toks: &[Token], lex: &[Lex], out: &mut Vec<Match>) {
    let cx = Cx { toks, lex };
    let mut i = 0;
    while i < toks.len() {
        match cx.at_pos(i) {
            Some(m) if m.end > i => {
                i = m.end;
                out.push(m);
            }
            _ => i += 1,
        }
    }
}

/// A rule's verdict: `None` when the rule does not apply and the next one is tried,
/// `Some(found)` when it decides the outcome, which may be no match.
type Verdict = Option<Option<Match>>;

fn m(start: usize, end: usize, kind: TimeType, sem: Sem) -> Option<Match> {
    Some(Match {
        start,
        end,
        kind,
        sem,
    })
}

/// "the 20th century" (`n` = 20) from `start` to `end`; none when `n` is out of range.
fn century(start: usize, end: usize, n: u32) -> Option<Match> {
    m(
        start,
        end,
        TimeType::Date,
        Sem::Century(i32::try_from(n).ok()?.saturating_sub(1)),
    )
}

const PAST_WORDS: &[&str] = &[
    "said",
    "was",
    "were",
    "had",
    "did",
    "told",
    "made",
    "took",
    "met",
    "gave",
    "won",
    "lost",
    "held",
    "left",
    "began",
    "saw",
    "got",
    "sent",
    "fell",
    "rose",
    "led",
    "came",
    "went",
    "struck",
    "found",
    "paid",
    "sold",
    "bought",
    "spoke",
    "kept",
    "brought",
    "thought",
    "became",
    "ran",
    "wrote",
    "hit",
    "knew",
    "grew",
    "chose",
    "drew",
    "flew",
    "felt",
    "heard",
    "meant",
    "stood",
    "spent",
    "built",
    "shot",
    "fought",
    "caught",
    "taught",
    "sought",
    "ago",
    "last",
    "yesterday",
    "earlier",
];
const FUTURE_WORDS: &[&str] = &[
    "will",
    "'ll",
    "’ll",
    "shall",
    "wo",
    "expected",
    "scheduled",
    "plans",
    "planned",
    "set",
    "due",
    "upcoming",
    "going",
    "tomorrow",
    "next",
    "later",
    "coming",
    "slated",
    "aims",
    "hopes",
];

/// Lemmas of predicates whose present looks ahead ("is expected in March"), read from the
/// parse where the bare tense cues above only look at nearby words.
const SCHEDULING_PREDICATES: &[&str] = &[
    "expect", "schedule", "plan", "due", "set", "slate", "intend", "aim", "hope",
];

/// Longest sentence (in tokens) whose clause tense is read from the parse.
const MAX_TENSE_SENTENCE: usize = 300;

impl Cx<'_> {
    fn lx(&self, i: usize) -> Lex {
        self.lex.get(i).copied().unwrap_or(Lex::Other)
    }

    fn kw(&self, i: usize, k: K) -> bool {
        self.lx(i) == Lex::Kw(k)
    }

    fn text(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text.as_str())
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.text(i).eq_ignore_ascii_case(w)
    }

    fn upper(&self, i: usize) -> bool {
        self.text(i).starts_with(|c: char| c.is_ascii_uppercase())
    }

    /// True when nothing (or punctuation) follows token `i`.
    fn ends_after(&self, i: usize) -> bool {
        matches!(self.lx(i + 1), Lex::Punct(_)) || i + 1 >= self.toks.len()
    }

    /// A four-digit year at `i`, with guards against counts ("1500 troops") and money.
    fn year(&self, i: usize) -> Option<i32> {
        let Lex::Num(v, 4) = self.lx(i) else {
            return None;
        };
        if !(1000..=2100).contains(&v) || self.text(i).contains(',') {
            return None;
        }
        if i > 0 && matches!(self.text(i - 1), "$" | "#" | "£" | "€" | "No." | "no.") {
            return None;
        }
        let next = self.text(i + 1);
        if matches!(next, "%" | "percent" | "per") && !matches!(self.lx(i + 2), Lex::Num(_, 4)) {
            return None;
        }
        if next.len() > 3
            && next.ends_with('s')
            && next.starts_with(|c: char| c.is_ascii_lowercase())
            && !matches!(classify(next), Lex::Unit(..) | Lex::Decade(_))
        {
            return None;
        }
        i32::try_from(v).ok()
    }

    /// A cardinal at `i`: digits, a number word, "a"/"an", "a dozen", "twenty-four"; returns
    /// (value, next index).
    fn cardinal(&self, i: usize) -> Option<(f64, usize)> {
        match self.lx(i) {
            Lex::Num(v, _) if !self.text(i).contains(':') => {
                // "5 1/2": a whole number and a fraction.
                let frac = match self.text(i + 1) {
                    "1/2" => 0.5,
                    "1/4" => 0.25,
                    "3/4" => 0.75,
                    _ => return Some((v as f64, i + 1)),
                };
                Some((v as f64 + frac, i + 2))
            }
            Lex::NumWord(v) => {
                if self.kw(i + 1, K::Dozen) {
                    Some(((v * 12) as f64, i + 2))
                } else if let Lex::NumWord(w) = self.lx(i + 1) {
                    // "twenty four"
                    (v >= 20 && v % 10 == 0 && w < 10).then_some(((v + w) as f64, i + 2))
                } else {
                    Some((v as f64, i + 1))
                }
            }
            Lex::Kw(K::A) => {
                if self.lx(i + 1) == Lex::NumWord(100) {
                    // "a hundred years"
                    Some((100.0, i + 2))
                } else if self.kw(i + 1, K::Dozen) {
                    Some((12.0, i + 2))
                } else if self.kw(i + 1, K::Half) {
                    Some((0.5, i + 2))
                } else {
                    Some((1.0, i + 1))
                }
            }
            Lex::Kw(K::Dozen) => Some((12.0, i + 1)),
            _ => None,
        }
    }

    /// Which way a weekday points: the nearest tense cue to its left, else to its right,
    /// else the tense of its clause when the sentence is parsed, else the past (news reports
    /// what happened). (The clause's tense first was tried: it fixed as many TimeBank
    /// weekdays as it broke.)
    fn tense(&self, i: usize) -> Dir {
        self.tense_cue(i)
            .or_else(|| self.clause_tense(i))
            .unwrap_or(Dir::Past)
    }

    /// The tense of the clause that holds token `i`, read from the parse: the predicate the
    /// expression hangs from ("arrested … in August" is past, "will meet … in August"
    /// future). `None` when the sentence was not parsed or the tense says nothing about
    /// direction (a present "says", a "would").
    fn clause_tense(&self, i: usize) -> Option<Dir> {
        // Each step scans the sentence for the predicate's helpers: a table or list read as
        // one very long "sentence" has no clause to speak of, and stays linear.
        if self.toks.len() > MAX_TENSE_SENTENCE {
            return None;
        }
        let syntax = |j: usize| self.toks.get(j).and_then(|t| t.syntax.as_ref());
        let mut j = i;
        // Up the head chain to the predicate; a participle with no auxiliary of its own
        // ("starting on Tuesday") takes the tense of the verb above it.
        for _ in 0..self.toks.len().min(12) {
            let s = syntax(j)?;
            let helpers: Vec<usize> = (0..self.toks.len())
                .filter(|&c| {
                    syntax(c).is_some_and(|cs| {
                        cs.head == Some(j)
                            && matches!(cs.deprel.as_str(), "aux" | "aux:pass" | "cop" | "mark")
                    })
                })
                .collect();
            let predicate = s.upos == "VERB"
                || helpers
                    .iter()
                    .any(|&c| syntax(c).is_some_and(|cs| cs.deprel == "cop"));
            if predicate {
                if let Some(dir) = self.predicate_tense(&s.xpos, &s.lemma, &helpers) {
                    return Some(dir);
                }
                // Only a to-infinitive or a participle without helpers looks further up.
                let infinitive = s.xpos == "VB"
                    && !helpers.is_empty()
                    && helpers
                        .iter()
                        .all(|&c| self.toks[c].text.eq_ignore_ascii_case("to"));
                let bare_participle = (s.xpos == "VBG" || s.xpos == "VBN") && helpers.is_empty();
                if !(infinitive || bare_participle) {
                    return None;
                }
            }
            j = s.head?;
        }
        None
    }

    /// The direction a predicate's own form and helpers give: "will"/"shall" future; a past
    /// form, a perfect ("has signed") or a past auxiliary ("was held", "did not") past; a
    /// progressive present ("is meeting") future. A to-infinitive says nothing by itself
    /// ("agreed to sell … in October" may date the agreement): the verb above it decides.
    /// A present of a scheduling predicate looks ahead: "is expected in March", "plans to
    /// vote in March", "is due on Tuesday", "are set to meet in May".
    fn predicate_tense(&self, xpos: &str, lemma: &str, helpers: &[usize]) -> Option<Dir> {
        let word = |c: usize| self.toks[c].text.to_ascii_lowercase();
        let form = |c: usize| {
            self.toks[c]
                .syntax
                .as_ref()
                .map(|s| s.xpos.as_str())
                .unwrap_or("")
        };
        for &c in helpers {
            match word(c).as_str() {
                "will" | "shall" | "'ll" | "’ll" | "wo" => return Some(Dir::Future),
                "would" | "could" | "might" | "may" | "should" | "must" | "can" => return None,
                _ => {}
            }
        }
        if helpers
            .iter()
            .any(|&c| form(c) == "VBD" || matches!(word(c).as_str(), "has" | "have" | "had"))
        {
            return Some(Dir::Past);
        }
        let present = matches!(xpos, "VBZ" | "VBP")
            || helpers.iter().any(|&c| matches!(form(c), "VBZ" | "VBP"));
        if present && SCHEDULING_PREDICATES.contains(&lemma) {
            return Some(Dir::Future);
        }
        match xpos {
            "VBD" => Some(Dir::Past),
            "VBG" if helpers.iter().any(|&c| matches!(form(c), "VBZ" | "VBP")) => Some(Dir::Future),
            _ => None,
        }
    }

    /// The direction the nearest tense cue gives (left first, then right), if any.
    fn tense_cue(&self, i: usize) -> Option<Dir> {
        let cue = |j: usize| -> Option<Dir> {
            let t = self.text(j);
            if t.len() > 12 {
                return None;
            }
            let mut buf = [0u8; 12];
            let lower = lower12(t, &mut buf)?;
            if FUTURE_WORDS.contains(&lower) {
                Some(Dir::Future)
            } else if PAST_WORDS.contains(&lower) || (lower.len() > 4 && lower.ends_with("ed")) {
                Some(Dir::Past)
            } else {
                None
            }
        };
        (0..i)
            .rev()
            .find_map(cue)
            .or_else(|| (i + 1..self.toks.len()).find_map(cue))
    }

    /// Try every pattern at token `i`.
    fn at_pos(&self, i: usize) -> Option<Match> {
        // Approximators: "about two years ago", "more than a decade".
        // TimeBank keeps "about" inside "about two years ago" but outside "about two weeks";
        // "nearly", "almost", "at least", "more than", "up to" stay inside both.
        let mut j = i;
        let mut loose = false;
        if self.kw(j, K::Approx) {
            // "nearly two years" keeps "nearly" inside, as "more than" does.
            loose = !(self.is(j, "nearly") || self.is(j, "almost"));
            j += 1;
        } else if (self.kw(j, K::More) || self.kw(j, K::Less)) && self.kw(j + 1, K::Than) {
            j += 2;
        } else if self.is(j, "no") && self.kw(j + 1, K::More) && self.kw(j + 2, K::Than) {
            j += 3;
        } else if (self.is(j, "at") && self.is(j + 1, "least"))
            || (self.is(j, "up") && self.is(j + 1, "to"))
        {
            j += 2;
        }
        if j > i {
            let mut inner = self.prefixed(j)?;
            let keep = match inner.sem {
                Sem::Rel { .. } | Sem::YearBack { .. } | Sem::Clock { .. } => true,
                Sem::Dur { .. } => !loose,
                _ => false,
            };
            if keep {
                inner.start = i;
                return Some(inner);
            }
            return None;
        }
        let mut x = self.prefixed(i)?;
        // "$2 million a year", "four flights a week": a rate, TimeML's SET.
        if let Sem::Dur {
            n: Some(n),
            unit: unit @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year),
        } = x.sem
        {
            if n == 1.0 && x.end == i + 2 && self.kw(i, K::A) && self.rate_before(i) {
                x.kind = TimeType::Set;
                x.sem = Sem::Set(SetVal::Every(1, unit));
            }
        }
        Some(x)
    }

    /// True when the token before `i` is an amount ("$2 million", "$1.76") or a plural count
    /// noun ("flights", "hours"), so "a year" after it is a rate.
    fn rate_before(&self, i: usize) -> bool {
        let Some(j) = i.checked_sub(1) else {
            return false;
        };
        let t = self.text(j);
        if matches!(self.lx(j), Lex::Num(..))
            || (t.contains('.') && t.starts_with(|c: char| c.is_ascii_digit()))
        {
            return true;
        }
        if matches!(t, "million" | "billion" | "thousand" | "hundred" | "times") {
            return true;
        }
        t.len() > 3
            && t.ends_with('s')
            && !t.ends_with("ss")
            && t.bytes().all(|b| b.is_ascii_lowercase())
            && !matches!(self.lx(j), Lex::Unit(..) | Lex::Kw(_))
            && !matches!(
                t,
                "takes"
                    | "lasts"
                    | "needs"
                    | "gives"
                    | "goes"
                    | "comes"
                    | "plans"
                    | "wants"
                    | "seems"
                    | "hopes"
                    | "expects"
            )
    }

    /// "early", "late", "mid", "earlier", "later" before a date keep its value; "the" before
    /// the expressions that take it.
    fn prefixed(&self, i: usize) -> Option<Match> {
        if self.kw(i, K::The) {
            return self.the(i);
        }
        let modifier = matches!(self.lx(i), Lex::Kw(K::Early | K::Late | K::Mid))
            || (matches!(self.lx(i), Lex::Kw(K::Earlier | K::Later))
                && matches!(self.lx(i + 1), Lex::Kw(K::This | K::That)));
        if modifier {
            let mut inner = if self.kw(i + 1, K::The) {
                self.the(i + 1)
            } else {
                self.base(i + 1)
            }?;
            let ok = match inner.sem {
                Sem::Abs { .. }
                | Sem::YearLess { .. }
                | Sem::Decade { .. }
                | Sem::Quarter { .. }
                | Sem::Season { .. }
                | Sem::Weekday { .. }
                | Sem::Day { .. } => true,
                Sem::Rel { n, .. } => n.abs() <= 1,
                _ => false,
            };
            if ok && inner.kind != TimeType::Duration {
                inner.start = i;
                return Some(inner);
            }
            // "later" alone ends the chain ("two days later" is matched from the number).
            return None;
        }
        self.base(i)
    }

    /// Expressions that start with "the".
    fn the(&self, t: usize) -> Option<Match> {
        let i = t + 1;
        // the third quarter [of 1990], the fiscal first quarter, the first half
        if let Some((q, e)) = self.ordinal_quarter(i) {
            return Some(self.quarter_of(t, e, q));
        }
        if let Some(x) = self.the_period(t) {
            return Some(x);
        }
        if let Some(x) = self.the_year_quarter(t) {
            return Some(x);
        }
        if let Some(verdict) = self.the_word(t) {
            return verdict;
        }
        if let Some(verdict) = self.the_counted(t) {
            return verdict;
        }
        self.the_end_of(t)
    }

    /// "the 1988 third quarter", "the 1988 quarter", "the 1989 period".
    fn the_year_quarter(&self, t: usize) -> Option<Match> {
        let i = t + 1;
        let y = self.year(i)?;
        if self.lx(i + 1) == Lex::Unit(Unit::Quarter, false) || self.is(i + 1, "period") {
            let sem = Sem::QuarterIn { y: YearRef::Abs(y) };
            return m(t, i + 2, TimeType::Date, sem);
        }
        let mut x = self.base(i)?;
        if matches!(x.sem, Sem::Quarter { .. } | Sem::Half { .. }) {
            x.start = t;
            return Some(x);
        }
        None
    }

    /// "the" and one word of a time class: "the 1990s", "the 20th century", "the weeks
    /// ahead", "the future", "the weekend", "the quarter", "the same day", "the day before".
    fn the_word(&self, t: usize) -> Verdict {
        let i = t + 1;
        let decided = match self.lx(i) {
            Lex::Decade(y) => m(
                t,
                i + 1,
                TimeType::Date,
                Sem::Decade {
                    d: y / 10,
                    x: false,
                },
            ),
            Lex::Ord(n) if self.lx(i + 1) == Lex::Unit(Unit::Century, false) => {
                century(t, i + 2, n)
            }
            // "the weeks ahead", "the months ahead"
            Lex::Unit(unit, true) if unit != Unit::Second && self.is(i + 1, "ahead") => {
                m(t, i + 2, TimeType::Duration, Sem::Dur { n: None, unit })
            }
            Lex::Kw(K::Early | K::Late | K::Mid) => {
                // "the early 1990s"; otherwise the later rules decide.
                let Lex::Decade(y) = self.lx(i + 1) else {
                    return None;
                };
                let sem = Sem::Decade {
                    d: y / 10,
                    x: false,
                };
                m(t, i + 2, TimeType::Date, sem)
            }
            Lex::Kw(K::Future) => m(t, i + 1, TimeType::Date, Sem::Ref("FUTURE_REF")),
            Lex::Season(s) => m(
                t,
                i + 1,
                TimeType::Date,
                Sem::Season {
                    y: None,
                    s,
                    dir: Dir::SameWeek,
                },
            ),
            _ if self.is(i, "near") && self.kw(i + 1, K::Future) => {
                m(t, i + 2, TimeType::Date, Sem::Ref("FUTURE_REF"))
            }
            Lex::Kw(K::Weekend) => {
                let n = if self.tense(t) == Dir::Future { 0 } else { -1 };
                m(t, i + 1, TimeType::Date, Sem::Weekend { n, past: n < 0 })
            }
            Lex::Unit(Unit::Quarter, false) => {
                m(t, i + 1, TimeType::Date, Sem::QuarterCtx { years_back: 0 })
            }
            Lex::Kw(K::Latest)
                if self.lx(i + 1) == Lex::Unit(Unit::Quarter, false)
                    || self.is(i + 1, "period") =>
            {
                m(t, i + 2, TimeType::Date, Sem::QuarterCtx { years_back: 0 })
            }
            // "the year-ago third quarter"
            Lex::Kw(K::YearAgo) if self.ordinal_quarter(i + 1).is_some() => {
                self.ordinal_quarter(i + 1).map(|(q, e)| {
                    let mut x = self.quarter_of(t, e, q);
                    if let Sem::Quarter { y: ref mut yr, .. } | Sem::Half { y: ref mut yr, .. } =
                        x.sem
                    {
                        *yr = YearRef::Pub(-1);
                    }
                    x
                })
            }
            Lex::Kw(K::YearAgo)
                if self.lx(i + 1) == Lex::Unit(Unit::Quarter, false)
                    || self.is(i + 1, "period") =>
            {
                m(t, i + 2, TimeType::Date, Sem::QuarterCtx { years_back: 1 })
            }
            Lex::Kw(K::Same) if self.lx(i + 1) == Lex::Unit(Unit::Day, false) => {
                let sem = Sem::Rel {
                    unit: Unit::Day,
                    n: 0,
                    from: From::Prev,
                };
                m(t, i + 2, TimeType::Date, sem)
            }
            Lex::Unit(Unit::Day, false)
                if (self.kw(i + 1, K::Before) || self.kw(i + 1, K::After))
                    && (self.ends_after(i + 1) || self.kw(i + 2, K::Last)) =>
            {
                let n = if self.kw(i + 1, K::Before) { -1 } else { 1 };
                let sem = Sem::Rel {
                    unit: Unit::Day,
                    n,
                    from: From::Prev,
                };
                m(t, i + 2, TimeType::Date, sem)
            }
            _ => return None,
        };
        Some(decided)
    }

    /// Counted and deictic units after "the": the first nine months, the nine months, the
    /// past two months, the next few days, the last week, the following day, the previous
    /// year.
    fn the_counted(&self, t: usize) -> Verdict {
        let i = t + 1;
        let lx = self.lx(i);
        let (dir, k) = match lx {
            Lex::Kw(K::Past | K::Last) => (-1i64, i + 1),
            Lex::Kw(K::Next | K::Coming | K::Following) => (1, i + 1),
            Lex::Kw(K::Previous) => (-2, i + 1),
            Lex::Ord(1) => (0, i + 1),
            _ => (0, i),
        };
        if let Some((n, u_end, unit)) = self.count_units(k) {
            return Some(m(t, u_end, TimeType::Duration, Sem::Dur { n, unit }));
        }
        if k == i {
            return None;
        }
        if lx == Lex::Kw(K::Past) && !matches!(self.lx(k), Lex::Unit(..)) {
            return Some(m(t, i + 1, TimeType::Date, Sem::Ref("PAST_REF")));
        }
        match self.lx(k) {
            Lex::Unit(unit, false) if unit != Unit::Second => {
                let (n, from) = match (lx, dir) {
                    (Lex::Kw(K::Past | K::Last), _) => (-1, From::Pub),
                    (Lex::Kw(K::Following), _) => (1, From::Prev),
                    (Lex::Kw(K::Next), _) if unit == Unit::Day => (1, From::Prev),
                    (_, -2) => (-1, From::Prev),
                    (_, 1) => (1, From::Pub),
                    _ => return Some(None),
                };
                Some(m(t, k + 1, TimeType::Date, Sem::Rel { unit, n, from }))
            }
            Lex::DayPart(_) if matches!(lx, Lex::Kw(K::Next | K::Following)) => {
                let sem = Sem::Rel {
                    unit: Unit::Day,
                    n: 1,
                    from: From::Prev,
                };
                Some(m(t, k + 1, TimeType::Date, sem))
            }
            _ => None,
        }
    }

    /// "the end of 1990", "the beginning of next year", "the middle of the year".
    fn the_end_of(&self, t: usize) -> Option<Match> {
        let i = t + 1;
        if !(self.is(i, "end")
            || self.is(i, "beginning")
            || self.is(i, "start")
            || self.is(i, "middle"))
            || !self.kw(i + 1, K::Of)
        {
            return None;
        }
        let mut inner = if self.kw(i + 2, K::The) && self.lx(i + 3) == Lex::Unit(Unit::Year, false)
        {
            let sem = Sem::Rel {
                unit: Unit::Year,
                n: 0,
                from: From::Pub,
            };
            m(i + 2, i + 4, TimeType::Date, sem)?
        } else {
            self.prefixed(i + 2)?
        };
        if inner.kind == TimeType::Date {
            inner.start = t;
            return Some(inner);
        }
        None
    }

    /// "the year", "the full year", "the fiscal year", "the current year", "the year 2000",
    /// "the month", "the week": the publication year (the month or week under discussion); a
    /// duration when "ended" or "ending" follows ("the year ended June 30").
    fn the_period(&self, t: usize) -> Option<Match> {
        let mut k = t + 1;
        for _ in 0..2 {
            if self.is(k, "full") || self.is(k, "current") || self.kw(k, K::Fiscal) {
                k += 1;
            }
        }
        let unit = match self.lx(k) {
            Lex::Unit(u @ (Unit::Year | Unit::Month | Unit::Week), false) => u,
            _ => return None,
        };
        if unit == Unit::Year {
            if let Some(y) = self.year(k + 1) {
                let sem = Sem::Abs {
                    y,
                    m: None,
                    d: None,
                };
                return m(t, k + 2, TimeType::Date, sem);
            }
            // "the year two thousand"
            if self.lx(k + 1) == Lex::NumWord(2) && self.is(k + 2, "thousand") {
                let sem = Sem::Abs {
                    y: 2000,
                    m: None,
                    d: None,
                };
                return m(t, k + 3, TimeType::Date, sem);
            }
        }
        if matches!(
            self.lx(k + 1),
            Lex::Kw(K::Before | K::After | K::Of | K::Ago)
        ) {
            return None;
        }
        if matches!(self.text(k + 1), "ended" | "ending" | "ends" | "to") {
            return m(
                t,
                k + 1,
                TimeType::Duration,
                Sem::Dur { n: Some(1.0), unit },
            );
        }
        let from = if unit == Unit::Year {
            From::Pub
        } else {
            From::Prev
        };
        m(t, k + 1, TimeType::Date, Sem::Rel { unit, n: 0, from })
    }

    /// "third quarter", "fiscal first quarter", "first half", "second quarter": (quarter or
    /// 10 + half, next index).
    fn ordinal_quarter(&self, i: usize) -> Option<(u32, usize)> {
        let mut i = i;
        if self.kw(i, K::Fiscal) {
            i += 1;
        }
        let n = match self.lx(i) {
            Lex::Ord(n) => n,
            Lex::Unit(Unit::Second, false) => 2,
            _ => return None,
        };
        if self.lx(i + 1) == Lex::Unit(Unit::Quarter, false) && (1..=4).contains(&n) {
            return Some((n, i + 2));
        }
        if self.kw(i + 1, K::Half) && (1..=2).contains(&n) {
            return Some((10 + n, i + 2));
        }
        None
    }

    /// A quarter or half from `start` to `end`, with an optional "of 1990" / "1990".
    fn quarter_of(&self, start: usize, end: usize, q: u32) -> Match {
        let (y, end) = if self.kw(end, K::Of) {
            match self.year(end + 1) {
                Some(y) => (YearRef::Abs(y), end + 2),
                None => (YearRef::Pub(0), end),
            }
        } else {
            (YearRef::Pub(0), end)
        };
        let sem = if q > 10 {
            Sem::Half { y, h: q - 10 }
        } else {
            Sem::Quarter { y, q }
        };
        Match {
            start,
            end,
            kind: TimeType::Date,
            sem,
        }
    }

    /// "[N|a|few|several] unit(s)": (count, end, unit).
    fn count_units(&self, i: usize) -> Option<(Option<f64>, usize, Unit)> {
        let (n, k) = if self.kw(i, K::A) && self.kw(i + 1, K::Few) {
            (None, i + 2)
        } else if self.kw(i, K::A) && self.is(i + 1, "couple") && self.kw(i + 2, K::Of) {
            (Some(2.0), i + 3)
        } else if self.is(i, "couple") && self.kw(i + 1, K::Of) {
            // "the next couple of years"
            (Some(2.0), i + 2)
        } else if let Some((n, k)) = self.cardinal(i) {
            // "two to three weeks", "12 to 18 months", "two or three days": one range, valued
            // by its first number.
            match self.cardinal(k + 1) {
                Some((_, k2))
                    if !self.kw(i, K::A)
                        && (self.is(k, "to") || self.kw(k, K::Or))
                        && matches!(self.lx(k2), Lex::Unit(_, true)) =>
                {
                    (Some(n), k2)
                }
                _ => (Some(n), k),
            }
        } else if matches!(
            self.lx(i),
            Lex::Kw(K::Few | K::Several | K::Many | K::SomeQ)
        ) {
            (None, i + 1)
        } else {
            return None;
        };
        let (n, k) = if self.kw(k, K::Or) && self.kw(k + 1, K::So) {
            (n, k + 2)
        } else if self.kw(k, K::More) && n.is_some() {
            // "two more weeks"
            (n, k + 1)
        } else {
            (n, k)
        };
        // "eight trading days", "three business days"
        let k = if matches!(self.text(k), "trading" | "business" | "working")
            && self.lx(k + 1) == Lex::Unit(Unit::Day, true)
        {
            k + 1
        } else {
            k
        };
        match self.lx(k) {
            Lex::Unit(unit, plural) => {
                let singular_ok = n == Some(1.0) || n == Some(0.5);
                let adjective = !plural
                    && n.is_some()
                    && self
                        .text(k + 1)
                        .starts_with(|c: char| c.is_ascii_lowercase());
                // "52 years old" is an age, not a duration.
                if self.is(k + 1, "old") {
                    return None;
                }
                if plural != singular_ok || n.is_none() && plural || adjective {
                    // "a year or so"
                    let (n, end) = if self.kw(k + 1, K::Or) && self.kw(k + 2, K::So) {
                        (n, k + 3)
                    } else {
                        (n, k + 1)
                    };
                    return Some((n, end, unit));
                }
                None
            }
            _ => None,
        }
    }

    /// Patterns that start without "the" or a modifier: phrases of several words first, then
    /// the class of the first token.
    fn base(&self, i: usize) -> Option<Match> {
        if let Some(x) = self.year_phrase(i) {
            return Some(x);
        }
        if let Some(x) = self.reference_phrase(i) {
            return Some(x);
        }
        match self.lx(i) {
            Lex::Iso(y, mo, d) => m(
                i,
                i + 1,
                TimeType::Date,
                Sem::Abs {
                    y,
                    m: Some(mo),
                    d: Some(d),
                },
            ),
            Lex::Month(mo) => self.month(i, mo, Dir::Nearest, i),
            Lex::MidMonth(mo) => self.month(i, mo, Dir::Nearest, i).map(|mut x| {
                x.end = x.end.max(i + 1);
                x
            }),
            Lex::Weekday(d) if self.upper(i) => self.weekday(i, i, d, None),
            Lex::Decade(y) => m(i, i + 1, TimeType::Date, Sem::Decade { d: y / 10, x: true }),
            // "20th century"
            Lex::Ord(n) if self.lx(i + 1) == Lex::Unit(Unit::Century, false) => {
                century(i, i + 2, n)
            }
            Lex::Num(..) | Lex::Ord(_) | Lex::NumWord(_) => self.numeric(i),
            Lex::Kw(k) => self.base_keyword(i, k),
            Lex::Freq(unit) => m(i, i + 1, TimeType::Set, Sem::Set(SetVal::Every(1, unit))),
            Lex::QuarterAdj(q) => m(
                i,
                i + 1,
                TimeType::Date,
                Sem::Quarter {
                    y: YearRef::Pub(0),
                    q,
                },
            ),
            Lex::UnitAdj(n, unit) => {
                if self.is(i + 1, "-") || self.is(i + 1, "old") {
                    return None;
                }
                m(
                    i,
                    i + 1,
                    TimeType::Duration,
                    Sem::Dur {
                        n: Some(n as f64),
                        unit,
                    },
                )
            }
            Lex::Season(s) => {
                let y = self.year(i + 1)?;
                m(
                    i,
                    i + 2,
                    TimeType::Date,
                    Sem::Season {
                        y: Some(YearRef::Abs(y)),
                        s,
                        dir: Dir::Nearest,
                    },
                )
            }
            Lex::Unit(unit, true)
                if i > 0 && matches!(self.lx(i - 1), Lex::Kw(K::For | K::Over)) =>
            {
                // "for years", "over decades"
                if unit == Unit::Second
                    || !self.ends_after(i) && !matches!(self.lx(i + 1), Lex::Kw(_))
                {
                    return None;
                }
                m(i, i + 1, TimeType::Duration, Sem::Dur { n: None, unit })
            }
            _ => self.base_other(i),
        }
    }

    /// Quarters and years written as phrases: "second-quarter", "fiscal second-quarter",
    /// "nineteen ninety-six", "1988 second quarter", "year-end".
    fn year_phrase(&self, i: usize) -> Option<Match> {
        if let Some((q, e)) = self.ordinal_quarter(i) {
            return Some(self.quarter_of(i, e, q));
        }
        // "fiscal second-quarter"
        if let (Lex::Kw(K::Fiscal), Lex::QuarterAdj(q)) = (self.lx(i), self.lx(i + 1)) {
            return m(
                i,
                i + 2,
                TimeType::Date,
                Sem::Quarter {
                    y: YearRef::Pub(0),
                    q,
                },
            );
        }
        // "nineteen ninety-six"
        if let (Lex::NumWord(c @ (19 | 20)), Lex::NumWord(y)) = (self.lx(i), self.lx(i + 1)) {
            if (10..100).contains(&y) {
                return m(
                    i,
                    i + 2,
                    TimeType::Date,
                    Sem::Abs {
                        y: (c * 100 + y) as i32,
                        m: None,
                        d: None,
                    },
                );
            }
        }
        // "1988 second quarter"
        if let Some(y) = self.year(i) {
            if let Some((q, e)) = self.ordinal_quarter(i + 1) {
                let mut x = self.quarter_of(i, e, q);
                if let Sem::Quarter { y: ref mut yr, .. } | Sem::Half { y: ref mut yr, .. } = x.sem
                {
                    *yr = YearRef::Abs(y);
                }
                return Some(x);
            }
        }
        // "year-end", "year end", "year's end": the end of the publication year
        let year_end = if self.is(i, "year-end") {
            Some(i + 1)
        } else if self.lx(i) == Lex::Unit(Unit::Year, false) && self.is(i + 1, "end") {
            Some(i + 2)
        } else if self.lx(i) == Lex::Unit(Unit::Year, false)
            && self.is(i + 1, "'s")
            && self.is(i + 2, "end")
        {
            Some(i + 3)
        } else {
            None
        };
        let sem = Sem::Rel {
            unit: Unit::Year,
            n: 0,
            from: From::Pub,
        };
        m(i, year_end?, TimeType::Date, sem)
    }

    /// Words that refer to the present or to a date named before them: "current", "these
    /// days", "right now", "that same day", "that year", and holidays ("Thanksgiving").
    fn reference_phrase(&self, i: usize) -> Option<Match> {
        let lx = self.lx(i);
        // "current" as an adjective ("current conditions"); "current quarter" is handled by
        // the unit patterns.
        if self.is(i, "current") && !matches!(self.lx(i + 1), Lex::Unit(..) | Lex::Kw(_)) {
            return m(i, i + 1, TimeType::Date, Sem::Ref("PRESENT_REF"));
        }
        // "Thanksgiving [Day]", "Election Day"
        let holiday = if self.is(i, "Thanksgiving") {
            Some((Holiday::Thanksgiving, usize::from(self.is(i + 1, "Day"))))
        } else if self.is(i, "Election") && self.is(i + 1, "Day") {
            Some((Holiday::ElectionDay, 1))
        } else {
            None
        };
        if let Some((h, extra)) = holiday {
            let dir = if i > 0 && self.kw(i - 1, K::Last) {
                Dir::StrictPast
            } else {
                Dir::Nearest
            };
            return m(i, i + 1 + extra, TimeType::Date, Sem::Holiday { h, dir });
        }
        // "these days", "right now", "that day", "that year"
        if self.is(i, "these") && self.lx(i + 1) == Lex::Unit(Unit::Day, true) {
            return m(i, i + 2, TimeType::Date, Sem::Ref("PRESENT_REF"));
        }
        if self.is(i, "right") && self.kw(i + 1, K::Now) {
            return m(i, i + 2, TimeType::Date, Sem::Ref("PRESENT_REF"));
        }
        if lx != Lex::Kw(K::That) {
            return None;
        }
        // "that same day"
        if self.kw(i + 1, K::Same) {
            if let Lex::Unit(unit @ (Unit::Day | Unit::Week | Unit::Month | Unit::Year), false) =
                self.lx(i + 2)
            {
                let sem = Sem::Rel {
                    unit,
                    n: 0,
                    from: From::Prev,
                };
                return m(i, i + 3, TimeType::Date, sem);
            }
        }
        if let Lex::Unit(
            unit @ (Unit::Day | Unit::Week | Unit::Month | Unit::Quarter | Unit::Year),
            false,
        ) = self.lx(i + 1)
        {
            let sem = Sem::Rel {
                unit,
                n: 0,
                from: From::Prev,
            };
            return m(i, i + 2, TimeType::Date, sem);
        }
        None
    }

    /// Patterns that start with a keyword at `i` ("yesterday", "tonight", "recently",
    /// "every", "last", "fiscal 1989", and counted amounts such as "a few").
    fn base_keyword(&self, i: usize, k: K) -> Option<Match> {
        match k {
            K::A | K::Dozen | K::Few | K::Several | K::Many | K::SomeQ => self.numeric(i),
            K::Fiscal => {
                // "fiscal 1989 sales": after "fiscal" a four-digit number is a year.
                let y = match self.lx(i + 1) {
                    Lex::Num(v, 4) if (1000..=2100).contains(&v) => i32::try_from(v).ok()?,
                    _ => return None,
                };
                m(
                    i,
                    i + 2,
                    TimeType::Date,
                    Sem::Abs {
                        y,
                        m: None,
                        d: None,
                    },
                )
            }
            K::Yesterday | K::Today | K::Tomorrow => {
                let n = match k {
                    K::Yesterday => -1,
                    K::Today => 0,
                    _ => 1,
                };
                if let Lex::DayPart(p) = self.lx(i + 1) {
                    return m(i, i + 2, TimeType::Time, Sem::Day { n, part: Some(p) });
                }
                m(i, i + 1, TimeType::Date, Sem::Day { n, part: None })
            }
            K::Tonight => m(
                i,
                i + 1,
                TimeType::Time,
                Sem::Day {
                    n: 0,
                    part: Some("NI"),
                },
            ),
            K::Now | K::Currently | K::Nowadays => {
                m(i, i + 1, TimeType::Date, Sem::Ref("PRESENT_REF"))
            }
            K::Recently => m(i, i + 1, TimeType::Date, Sem::Ref("PAST_REF")),
            K::Recent => match self.lx(i + 1) {
                Lex::Unit(Unit::Year | Unit::Decade, true) => {
                    m(i, i + 2, TimeType::Date, Sem::Ref("PAST_REF"))
                }
                Lex::Unit(unit, true) => {
                    m(i, i + 2, TimeType::Duration, Sem::Dur { n: None, unit })
                }
                _ => None,
            },
            K::YearAgo => m(
                i,
                i + 1,
                TimeType::Date,
                Sem::YearBack {
                    n: -1,
                    from: From::Prev,
                },
            ),
            K::Every | K::Each => self.set(i),
            K::Noon => {
                let x = m(i, i + 1, TimeType::Time, Sem::Clock { h: 12, m: 0 })?;
                Some(self.with_day(x))
            }
            K::Midnight => {
                let x = m(i, i + 1, TimeType::Time, Sem::Clock { h: 24, m: 0 })?;
                Some(self.with_day(x))
            }
            K::Last | K::Next | K::This | K::Past | K::Coming | K::Previous => self.deictic(i, k),
            _ => self.base_other(i),
        }
    }

    /// Tokens of no time class that still start an expression: "10:35", "Christmas".
    fn base_other(&self, i: usize) -> Option<Match> {
        // "10:35 a.m." is one token that is not a plain number.
        if self.text(i).contains(':') {
            return self.clock(i);
        }
        if self.is(i, "Christmas") {
            return m(
                i,
                i + 1,
                TimeType::Date,
                Sem::YearLess {
                    m: 12,
                    d: Some(25),
                    dir: Dir::Nearest,
                },
            );
        }
        None
    }

    /// Expressions that start with a month name at `i`.
    fn month(&self, start: usize, mo: u32, dir: Dir, i: usize) -> Option<Match> {
        // A month without a year is the nearest one, unless that lies far on the other side
        // of publication from its clause's tense ("arrested in August" in a March paper:
        // last August; "was set for Nov. 16" in a November paper: this one).
        let dir = match (dir, self.clause_tense(start)) {
            (Dir::Nearest, Some(Dir::Past)) => Dir::LeanPast,
            (Dir::Nearest, Some(Dir::Future)) => Dir::LeanFuture,
            (dir, _) => dir,
        };
        let capital = self.upper(i);
        // "Feb. 25", "March 1, 2022", "March 1 2022"
        let day = match self.lx(i + 1) {
            Lex::Num(d, n)
                if n <= 2 && (1..=31).contains(&d) && !self.text(i + 1).contains(',') =>
            {
                Some(d as u32)
            }
            Lex::Ord(d)
                if (1..=31).contains(&d)
                    && self.text(i + 1).starts_with(|c: char| c.is_ascii_digit()) =>
            {
                Some(d)
            }
            _ => None,
        };
        if let Some(d) = day {
            if !capital {
                return None;
            }
            let mut e = i + 2;
            if self.is(e, ",") && self.year(e + 1).is_some() {
                e += 1;
            }
            if let Some(y) = self.year(e) {
                return m(
                    start,
                    e + 1,
                    TimeType::Date,
                    Sem::Abs {
                        y,
                        m: Some(mo),
                        d: Some(d),
                    },
                );
            }
            // "the year ended March 31": a closed period lies in the past.
            let dir = if start == i && i > 0 && self.is(i - 1, "ended") {
                Dir::Past
            } else {
                dir
            };
            return m(
                start,
                i + 2,
                TimeType::Date,
                Sem::YearLess {
                    m: mo,
                    d: Some(d),
                    dir,
                },
            );
        }
        if !capital && !matches!(self.lx(i), Lex::MidMonth(_)) {
            return None;
        }
        // "March 2022", "March of 2022", "March, 2022"
        let mut e = i + 1;
        if (self.kw(e, K::Of) || self.is(e, ",")) && self.year(e + 1).is_some() {
            e += 1;
        }
        if let Some(y) = self.year(e) {
            return m(
                start,
                e + 1,
                TimeType::Date,
                Sem::Abs {
                    y,
                    m: Some(mo),
                    d: None,
                },
            );
        }
        // "July last year"
        if let (Lex::Kw(k @ (K::Last | K::This | K::Next)), Lex::Unit(Unit::Year, false)) =
            (self.lx(i + 1), self.lx(i + 2))
        {
            if capital {
                let k = match k {
                    K::Last => -1,
                    K::Next => 1,
                    _ => 0,
                };
                return m(
                    start,
                    i + 3,
                    TimeType::Date,
                    Sem::MonthOfYear {
                        m: mo,
                        y: YearRef::Pub(k),
                    },
                );
            }
        }
        // A bare month. "May" and "March" are also words: ask for a preposition before them.
        let ambiguous = mo == 5 || (mo == 3 && self.text(i).len() == 5);
        if ambiguous && start == i {
            let prev = if i > 0 { self.text(i - 1) } else { "" };
            let ok = [
                "in", "since", "until", "by", "of", "through", "from", "to", "during", "before",
                "after", "early", "late", "mid",
            ]
            .iter()
            .any(|w| prev.eq_ignore_ascii_case(w));
            if !ok {
                return None;
            }
        }
        // A month abbreviation alone is rare and often a token of something else.
        if !super::lexicon::full_month(self.text(i)) && !matches!(self.lx(i), Lex::MidMonth(_)) {
            return None;
        }
        m(
            start,
            i + 1,
            TimeType::Date,
            Sem::YearLess {
                m: mo,
                d: None,
                dir,
            },
        )
    }

    /// A weekday at `i`, optionally followed by a day part or by ", March 5[, 2022]".
    fn weekday(&self, start: usize, i: usize, d: u32, dir: Option<Dir>) -> Option<Match> {
        // "Monday, Oct. 26" and "Friday Oct. 13" are the date.
        let comma = usize::from(self.is(i + 1, ","));
        if comma == 1 || matches!(self.lx(i + 1), Lex::Month(_)) {
            if let Lex::Month(mo) = self.lx(i + 1 + comma) {
                if let Some(x) = self.month(start, mo, Dir::Nearest, i + 1 + comma) {
                    if matches!(
                        x.sem,
                        Sem::Abs { d: Some(_), .. } | Sem::YearLess { d: Some(_), .. }
                    ) {
                        return Some(x);
                    }
                }
            }
        }
        let dir = dir.unwrap_or_else(|| self.tense(start));
        if let Lex::DayPart(p) = self.lx(i + 1) {
            return m(
                start,
                i + 2,
                TimeType::Time,
                Sem::Weekday {
                    d,
                    dir,
                    part: Some(p),
                },
            );
        }
        m(
            start,
            i + 1,
            TimeType::Date,
            Sem::Weekday { d, dir, part: None },
        )
    }

    /// "last week", "next Friday", "this month", "past year", "this morning", "last fall".
    fn deictic(&self, i: usize, k: K) -> Option<Match> {
        // "this past Sunday", "this coming week"
        let (k, j) = match (k, self.lx(i + 1)) {
            (K::This, Lex::Kw(K::Past)) => (K::Last, i + 2),
            (K::This, Lex::Kw(K::Coming)) => (K::Next, i + 2),
            _ => (k, i + 1),
        };
        let n: i64 = match k {
            K::Last | K::Past | K::Previous => -1,
            K::Next | K::Coming => 1,
            _ => 0,
        };
        // "last two years", "past few months", "next three days"
        if n != 0 {
            if let Some((cnt, end, unit)) = self.count_units(j) {
                if cnt != Some(1.0) || self.lx(j) != Lex::Kw(K::A) {
                    return m(i, end, TimeType::Duration, Sem::Dur { n: cnt, unit });
                }
            }
        }
        if n != 0 && (self.is(j, "Thanksgiving") || self.is(j, "Election")) {
            let mut x = self.base(j)?;
            x.start = i;
            if n > 0 {
                x.sem = match x.sem {
                    Sem::Holiday { h, .. } => Sem::Holiday {
                        h,
                        dir: Dir::StrictFuture,
                    },
                    other => other,
                };
            }
            return Some(x);
        }
        match self.lx(j) {
            // "coming weeks", "coming years"
            Lex::Unit(unit, true) if k == K::Coming && unit != Unit::Second => {
                m(i, j + 1, TimeType::Duration, Sem::Dur { n: None, unit })
            }
            Lex::Unit(unit, false) if unit != Unit::Second && unit != Unit::Minute => {
                if unit == Unit::Day || unit == Unit::Hour {
                    return None;
                }
                // "this year's third quarter", "last year's quarter"
                if unit == Unit::Year && self.is(j + 1, "'s") {
                    if let Some((q, e)) = self.ordinal_quarter(j + 2) {
                        let mut x = self.quarter_of(i, e, q);
                        if let Sem::Quarter { y: ref mut yr, .. }
                        | Sem::Half { y: ref mut yr, .. } = x.sem
                        {
                            *yr = YearRef::Pub(n as i32);
                        }
                        return Some(x);
                    }
                    if self.lx(j + 2) == Lex::Unit(Unit::Quarter, false) {
                        let sem = Sem::QuarterIn {
                            y: YearRef::Pub(n as i32),
                        };
                        return m(i, j + 3, TimeType::Date, sem);
                    }
                }
                m(
                    i,
                    j + 1,
                    TimeType::Date,
                    Sem::Rel {
                        unit,
                        n,
                        from: From::Pub,
                    },
                )
            }
            Lex::Weekday(d) => {
                let dir = match n {
                    -1 => Dir::StrictPast,
                    1 => Dir::StrictFuture,
                    _ => Dir::SameWeek,
                };
                self.weekday(i, j, d, Some(dir))
            }
            Lex::Month(mo) if self.upper(j) => {
                let dir = match n {
                    -1 => Dir::StrictPast,
                    1 => Dir::StrictFuture,
                    _ => Dir::Nearest,
                };
                if n == 0 {
                    // "this March": the publication year's.
                    return m(
                        i,
                        j + 1,
                        TimeType::Date,
                        Sem::YearLess {
                            m: mo,
                            d: None,
                            dir: Dir::SameWeek,
                        },
                    );
                }
                self.month(i, mo, dir, j)
            }
            Lex::Season(s) => {
                let dir = match n {
                    -1 => Dir::StrictPast,
                    1 => Dir::StrictFuture,
                    _ => Dir::SameWeek,
                };
                m(i, j + 1, TimeType::Date, Sem::Season { y: None, s, dir })
            }
            Lex::Kw(K::Weekend) => m(i, j + 1, TimeType::Date, Sem::Weekend { n, past: false }),
            Lex::DayPart("NI") if n == -1 => m(
                i,
                j + 1,
                TimeType::Time,
                Sem::Day {
                    n: -1,
                    part: Some("NI"),
                },
            ),
            Lex::DayPart(p) if n == 0 => m(
                i,
                j + 1,
                TimeType::Time,
                Sem::Day {
                    n: 0,
                    part: Some(p),
                },
            ),
            _ => {
                if let Some((q, e)) = self.ordinal_quarter(j) {
                    if n == 0 {
                        return Some(self.quarter_of(i, e, q));
                    }
                }
                None
            }
        }
    }

    /// Expressions that start with a number or a quantity word.
    fn numeric(&self, i: usize) -> Option<Match> {
        // Clock times: "10 a.m.", "10:30 p.m.", "7 o'clock"
        if let Some(x) = self.clock(i) {
            return Some(x);
        }
        if let Some(y) = self.year(i) {
            return m(
                i,
                i + 1,
                TimeType::Date,
                Sem::Abs {
                    y,
                    m: None,
                    d: None,
                },
            );
        }
        // "1 March 2022", "24th February"
        let day = match self.lx(i) {
            Lex::Num(d, n) if n <= 2 => Some(d),
            Lex::Ord(d) if self.text(i).starts_with(|c: char| c.is_ascii_digit()) => {
                Some(i64::from(d))
            }
            _ => None,
        };
        if let (Some(d), Lex::Month(mo)) = (day, self.lx(i + 1)) {
            if (1..=31).contains(&d) && self.upper(i + 1) {
                let d = d as u32;
                if let Some(y) = self.year(i + 2) {
                    return m(
                        i,
                        i + 3,
                        TimeType::Date,
                        Sem::Abs {
                            y,
                            m: Some(mo),
                            d: Some(d),
                        },
                    );
                }
                return m(
                    i,
                    i + 2,
                    TimeType::Date,
                    Sem::YearLess {
                        m: mo,
                        d: Some(d),
                        dir: Dir::Nearest,
                    },
                );
            }
        }
        // A rate: "$33 million a year", "twice a week", "100 a day".
        if self.kw(i, K::A) && i > 0 {
            if let Lex::Unit(unit, false) = self.lx(i + 1) {
                let before = self.text(i - 1);
                let rate = matches!(self.lx(i - 1), Lex::Num(..) | Lex::NumWord(_))
                    || matches!(
                        before,
                        "million" | "billion" | "times" | "twice" | "once" | "%" | "percent"
                    );
                if rate && self.ends_after(i + 1) {
                    return m(i, i + 2, TimeType::Set, Sem::Set(SetVal::Every(1, unit)));
                }
            }
        }
        // "an hour and a half" is left as "an hour".
        let (n, end, unit) = self.count_units(i)?;
        // "two days ago", "three days later", "a week earlier", "the day before" (no object)
        let next = self.lx(end);
        let from = match next {
            Lex::Kw(K::Ago) => Some(From::Pub),
            Lex::Kw(K::Earlier | K::Later) => Some(From::Prev),
            Lex::Kw(K::Before | K::After) if self.ends_after(end) => Some(From::Prev),
            _ => None,
        };
        if let Some(from) = from {
            let sign = if matches!(next, Lex::Kw(K::Later | K::After)) {
                1
            } else {
                -1
            };
            let Some(n) = n else {
                return m(
                    i,
                    end + 1,
                    TimeType::Date,
                    Sem::Ref(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }),
                );
            };
            if n.fract() != 0.0 || matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
                return m(
                    i,
                    end + 1,
                    TimeType::Date,
                    Sem::Ref(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }),
                );
            }
            let n = sign * n as i64;
            if unit == Unit::Year && n.abs() == 1 {
                return m(i, end + 1, TimeType::Date, Sem::YearBack { n, from });
            }
            return m(i, end + 1, TimeType::Date, Sem::Rel { unit, n, from });
        }
        // "in three days" (and nothing after): a date counted forward from publication.
        if i > 0
            && self.kw(i - 1, K::In)
            && self.ends_after(end - 1)
            && n.is_some_and(|n| n.fract() == 0.0)
            && matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year)
        {
            let n = n.unwrap_or(0.0) as i64;
            return m(
                i,
                end,
                TimeType::Date,
                Sem::Rel {
                    unit,
                    n,
                    from: From::Pub,
                },
            );
        }
        // "twice a year" is a set; "a year" after a count of events
        m(i, end, TimeType::Duration, Sem::Dur { n, unit })
    }

    /// A clock time, extended over a following day ("9 a.m. Tuesday", "4 a.m. EDT Thursday").
    fn clock(&self, i: usize) -> Option<Match> {
        let x = self.bare_clock(i)?;
        Some(self.with_day(x))
    }

    /// A clock time followed by its day ("10 a.m. Tuesday", "noon Thursday") takes the day.
    fn with_day(&self, mut x: Match) -> Match {
        let Sem::Clock { h, m: mi } = x.sem else {
            return x;
        };
        let mut j = x.end;
        if matches!(
            self.text(j),
            "EDT" | "EST" | "GMT" | "CST" | "CDT" | "PST" | "PDT" | "UTC" | "ET"
        ) {
            j += 1;
        }
        let day = match self.lx(j) {
            Lex::Weekday(_) | Lex::Kw(K::Today | K::Yesterday | K::Tomorrow) => self.base(j),
            Lex::Month(_) => self.base(j),
            _ => None,
        };
        if let Some(day) = day {
            let dated = matches!(
                day.sem,
                Sem::Weekday { part: None, .. }
                    | Sem::Day { part: None, .. }
                    | Sem::Abs { d: Some(_), .. }
                    | Sem::YearLess { d: Some(_), .. }
            );
            if dated {
                x.end = day.end;
                x.sem = Sem::DatedClock {
                    day: Box::new(day.sem),
                    h,
                    m: mi,
                };
            }
        }
        x
    }

    fn bare_clock(&self, i: usize) -> Option<Match> {
        let t = self.text(i);
        let (h, mi) = match t.split_once(':') {
            Some((h, mm)) if mm.len() == 2 => (h.parse::<u32>().ok()?, mm.parse::<u32>().ok()?),
            Some(_) => return None,
            None => match self.lx(i) {
                Lex::Num(h, n) if n <= 2 => (u32::try_from(h).ok()?, 0),
                _ => return None,
            },
        };
        if h > 24 || mi > 59 {
            return None;
        }
        match self.lx(i + 1) {
            Lex::Kw(K::Am) if h <= 12 => m(
                i,
                i + 2,
                TimeType::Time,
                Sem::Clock {
                    h: if h == 12 { 0 } else { h },
                    m: mi,
                },
            ),
            Lex::Kw(K::Pm) if h <= 12 => m(
                i,
                i + 2,
                TimeType::Time,
                Sem::Clock {
                    h: if h == 12 { 12 } else { h + 12 },
                    m: mi,
                },
            ),
            Lex::Kw(K::Oclock) => m(i, i + 2, TimeType::Time, Sem::Clock { h, m: mi }),
            _ => None,
        }
    }

    /// "every week", "each year", "every Monday", "every other day".
    fn set(&self, i: usize) -> Option<Match> {
        let mut j = i + 1;
        let mut n = 1;
        if self.is(j, "other") {
            n = 2;
            j += 1;
        }
        if let Some((c, e, unit)) = self.count_units(j) {
            let c = c.unwrap_or(1.0) as i64;
            return m(i, e, TimeType::Set, Sem::Set(SetVal::Every(c * n, unit)));
        }
        match self.lx(j) {
            Lex::Unit(unit, false) => m(i, j + 1, TimeType::Set, Sem::Set(SetVal::Every(n, unit))),
            Lex::Weekday(d) => m(i, j + 1, TimeType::Set, Sem::Set(SetVal::Weekday(d))),
            Lex::Month(mo) if self.upper(j) => {
                m(i, j + 1, TimeType::Set, Sem::Set(SetVal::Month(mo)))
            }
            Lex::DayPart(p) => m(i, j + 1, TimeType::Set, Sem::Set(SetVal::Part(p))),
            _ => None,
        }
    }
}

fn lower12<'b>(s: &str, buf: &'b mut [u8; 12]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    for (d, b) in buf.iter_mut().zip(s.bytes()) {
        *d = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..s.len()]).ok()
}
