//! Word classes for the time grammar: each token is classified once, without allocating.

use crate::calendar::month;

/// A calendar unit, as used by durations, offsets and sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Keywords the grammar looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum K {
    The,
    A,
    Last,
    Next,
    This,
    That,
    Past,
    Coming,
    Previous,
    Following,
    Ago,
    Earlier,
    Later,
    Early,
    Late,
    Mid,
    Every,
    Each,
    Per,
    Yesterday,
    Today,
    Tomorrow,
    Tonight,
    Now,
    Currently,
    Recently,
    Recent,
    Future,
    Before,
    After,
    Of,
    In,
    For,
    Over,
    Same,
    Weekend,
    Noon,
    Midnight,
    Am,
    Pm,
    Fiscal,
    Approx,
    More,
    Less,
    Than,
    Few,
    Several,
    Many,
    SomeQ,
    Half,
    Dozen,
    Or,
    So,
    Oclock,
    YearAgo,
    Nowadays,
    Once,
    Latest,
}

/// The class of one token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Lex {
    Other,
    /// A punctuation mark (its first byte).
    Punct(u8),
    /// Month 1–12; `abbr` when written short ("Feb.").
    Month(u32),
    /// Day of the week, 0 = Monday.
    Weekday(u32),
    /// An integer written in digits; `len` is its digit count (1990 → 4).
    Num(i64, u8),
    /// A cardinal written as a word ("three", "twenty").
    NumWord(i64),
    /// An ordinal ("24th", "third").
    Ord(u32),
    /// A decade written "1990s".
    Decade(i32),
    /// An ISO date token "2022-03-01".
    Iso(i32, u32, u32),
    /// A unit word; `plural` when written in the plural.
    Unit(Unit, bool),
    /// A hyphenated unit adjective: "two-day", "16-hour".
    UnitAdj(i64, Unit),
    /// An ordinal-quarter adjective: "third-quarter".
    QuarterAdj(u32),
    /// A part of the day: "MO", "AF", "EV", "NI".
    DayPart(&'static str),
    /// A season: "SP", "SU", "FA", "WI".
    Season(&'static str),
    /// A frequency adverb: "daily" → (1, Day).
    Freq(Unit),
    /// "mid-November": a month with a "mid" prefix.
    MidMonth(u32),
    /// A keyword.
    Kw(K),
}

/// Lower-case an ASCII token into `buf`; `None` when it is not ASCII or too long to be a
/// time word.
fn lower<'b>(s: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    for (d, b) in buf.iter_mut().zip(s.bytes()) {
        *d = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..s.len()]).ok()
}

/// True for a month's full name ("march", not "mar." or "jan"), in any case.
pub(crate) fn full_month(w: &str) -> bool {
    crate::calendar::full_month(&w.to_ascii_lowercase()).is_some()
}

fn weekday(w: &str) -> Option<u32> {
    Some(match w {
        "monday" | "mon." => 0,
        "tuesday" | "tues." | "tue." => 1,
        "wednesday" | "wed." => 2,
        "thursday" | "thu." | "thur." | "thurs." => 3,
        "friday" | "fri." => 4,
        "saturday" | "sat." => 5,
        "sunday" | "sun." => 6,
        _ => return None,
    })
}

/// Cardinal number words.
pub(crate) fn num_word(w: &str) -> Option<i64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

/// "the nineties": the decade's first year in the 1900s.
fn decade_word(w: &str) -> Option<i32> {
    Some(match w {
        "twenties" => 1920,
        "thirties" => 1930,
        "forties" => 1940,
        "fifties" => 1950,
        "sixties" => 1960,
        "seventies" => 1970,
        "eighties" => 1980,
        "nineties" => 1990,
        _ => return None,
    })
}

fn ord_word(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        _ => return None,
    })
}

fn unit(w: &str) -> Option<(Unit, bool)> {
    Some(match w {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" | "min." => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" | "hr." => (Unit::Hour, false),
        "hours" | "hrs" | "hrs." => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

fn keyword(w: &str) -> Option<K> {
    use K::*;
    Some(match w {
        "the" => The,
        "a" | "an" => A,
        "last" => Last,
        "next" => Next,
        "this" => This,
        "that" => That,
        "past" => Past,
        "coming" => Coming,
        "previous" | "prior" | "preceding" => Previous,
        "following" | "succeeding" => Following,
        "ago" => Ago,
        "earlier" => Earlier,
        "later" => Later,
        "early" => Early,
        "late" => Late,
        "mid" => Mid,
        "every" => Every,
        "each" => Each,
        "per" => Per,
        "yesterday" => Yesterday,
        "today" => Today,
        "tomorrow" => Tomorrow,
        "tonight" => Tonight,
        "now" => Now,
        "currently" => Currently,
        "recently" | "lately" => Recently,
        "recent" => Recent,
        "future" => Future,
        "before" => Before,
        "after" => After,
        "of" => Of,
        "in" => In,
        "for" => For,
        "over" | "during" | "within" => Over,
        "same" => Same,
        "weekend" => Weekend,
        "noon" | "midday" => Noon,
        "midnight" => Midnight,
        "a.m." | "am" => Am,
        "p.m." | "pm" => Pm,
        "fiscal" => Fiscal,
        "about" | "nearly" | "almost" | "roughly" | "approximately" | "around" | "some" => {
            if w == "some" {
                SomeQ
            } else {
                Approx
            }
        }
        "more" => More,
        "less" | "fewer" => Less,
        "than" => Than,
        "few" => Few,
        "several" => Several,
        "many" => Many,
        "half" => Half,
        "dozen" => Dozen,
        "or" => Or,
        "so" => So,
        "o'clock" => Oclock,
        "year-ago" | "year-earlier" => YearAgo,
        "nowadays" => Nowadays,
        "once" => Once,
        "latest" | "current" => Latest,
        _ => return None,
    })
}

fn day_part(w: &str) -> Option<&'static str> {
    Some(match w {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "overnight" => "NI",
        _ => return None,
    })
}

fn season(w: &str) -> Option<&'static str> {
    Some(match w {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

fn freq(w: &str) -> Option<Unit> {
    Some(match w {
        "hourly" => Unit::Hour,
        "daily" | "nightly" => Unit::Day,
        "weekly" => Unit::Week,
        "monthly" => Unit::Month,
        "yearly" => Unit::Year,
        _ => return None,
    })
}

/// Parse a run of ASCII digits (commas allowed between groups).
fn digits(w: &str) -> Option<(i64, u8)> {
    if w.is_empty() || !w.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if w.starts_with(',') || w.ends_with(',') {
        return None;
    }
    let mut v: i64 = 0;
    let mut n = 0u8;
    for b in w.bytes().filter(u8::is_ascii_digit) {
        v = v.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        n = n.saturating_add(1);
    }
    Some((v, n))
}

/// A number written in digits or as a word ("16", "sixteen", "twenty-four").
fn any_number(w: &str) -> Option<i64> {
    if let Some((v, _)) = digits(w) {
        return Some(v);
    }
    if let Some(v) = num_word(w) {
        return Some(v);
    }
    let (a, b) = w.split_once('-')?;
    let tens = num_word(a)?;
    let ones = num_word(b)?;
    (tens >= 20 && tens % 10 == 0 && ones < 10).then_some(tens + ones)
}

/// Classify one token.
pub(crate) fn classify(tok: &str) -> Lex {
    let mut buf = [0u8; 32];
    let Some(w) = lower(tok, &mut buf) else {
        return Lex::Other;
    };
    let first = w.as_bytes().first().copied().unwrap_or(0);
    if !first.is_ascii_alphanumeric() && w.len() == 1 {
        return Lex::Punct(first);
    }
    if let Some((v, n)) = digits(w) {
        return Lex::Num(v, n);
    }
    if first.is_ascii_digit() {
        // 24th, 1990s, 2022-03-01, 16-hour
        for suf in ["st", "nd", "rd", "th"] {
            if let Some(d) = w.strip_suffix(suf).and_then(digits) {
                return u32::try_from(d.0).map_or(Lex::Other, Lex::Ord);
            }
        }
        if let Some((y, 4)) = w.strip_suffix('s').and_then(digits) {
            if y % 10 == 0 {
                return i32::try_from(y).map_or(Lex::Other, Lex::Decade);
            }
        }
        if let Some(iso) = iso_date(w) {
            return iso;
        }
    }
    if let Some(m) = month(w) {
        return Lex::Month(m);
    }
    if let Some(y) = decade_word(w) {
        return Lex::Decade(y);
    }
    if let Some(d) = weekday(w) {
        return Lex::Weekday(d);
    }
    if let Some((u, p)) = unit(w) {
        return Lex::Unit(u, p);
    }
    if let Some(k) = keyword(w) {
        return Lex::Kw(k);
    }
    if let Some(n) = num_word(w) {
        return Lex::NumWord(n);
    }
    if let Some(n) = ord_word(w) {
        return Lex::Ord(n);
    }
    if let Some(p) = day_part(w) {
        return Lex::DayPart(p);
    }
    if let Some(s) = season(w) {
        return Lex::Season(s);
    }
    if let Some(u) = freq(w) {
        return Lex::Freq(u);
    }
    if let Some((a, b)) = w.rsplit_once('-') {
        if let Some((u, false)) = unit(b) {
            if let Some(n) = any_number(a) {
                return Lex::UnitAdj(n, u);
            }
            if a == "half" {
                return Lex::Other;
            }
        }
        if b == "quarter" {
            if let Some(q) = ord_word(a).filter(|q| (1..=4).contains(q)) {
                return Lex::QuarterAdj(q);
            }
        }
        if matches!(a, "mid" | "late" | "early") {
            if let Some(m) = month(b) {
                return Lex::MidMonth(m);
            }
            // "mid-1990s" reads as the decade.
            if let Some((y, 4)) = b.strip_suffix('s').and_then(digits) {
                if y % 10 == 0 {
                    return i32::try_from(y).map_or(Lex::Other, Lex::Decade);
                }
            }
            // "mid-1996" reads as the year.
            if let Some((y, 4)) = digits(b) {
                return Lex::Num(y, 4);
            }
        }
        if let Some(n) = any_number(w) {
            return Lex::NumWord(n);
        }
    }
    Lex::Other
}

/// "2022-03-01" or "2022-03".
fn iso_date(w: &str) -> Option<Lex> {
    let b = w.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = digits(w.get(..4)?)?.0;
    let m = digits(w.get(5..7)?)?.0;
    let d = digits(w.get(8..10)?)?.0;
    chrono::NaiveDate::from_ymd_opt(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    )?;
    Some(Lex::Iso(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    ))
}
