//! Numbers as news writes them: digits with separators ("1,200", "3.5 million"), word numbers
//! ("three", "twenty-one", "two hundred and fifty", "a dozen") and plural number words
//! ("dozens", "hundreds", "tens of thousands").
//!
//! Convention for plural number words: the value is the least the word can mean, two of its
//! unit: "dozens" 24, "scores" 40, "hundreds" 200, "thousands" 2,000, "tens of thousands"
//! 20,000, "hundreds of thousands" 200,000, "millions" 2,000,000. "Several hundred" and "a few
//! thousand" follow the same rule (200, 2,000).

use super::lexicon::{multiplier, small_number, vague_unit};

/// A number read at a token position (indices are into the sentence's lower-cased tokens).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Core {
    /// One past its last token.
    pub end: usize,
    /// Its value.
    pub value: f64,
    /// Upper bound, for a range written in one token ("10-15").
    pub max: Option<f64>,
    /// A plural number word ("dozens"): its counted noun follows after "of".
    pub vague: bool,
    /// Ended by a multiplier word ("3 million"), so a bare first half of a range may share it.
    pub multiplied: bool,
    /// A tally or score in one token ("31-9"): not a count.
    pub tally: bool,
}

/// What a digit token says.
enum Digits {
    One(f64),
    Range(f64, f64),
}

/// Parse "1,200", "3.5", "10-15". Times ("10:30"), dates ("2022-03-01", "3/4"), ordinals
/// ("5th"), decades ("1990s") and anything with letters are not numbers here.
fn digits(s: &str) -> Option<Digits> {
    if let Some((a, b)) = s.split_once(['-', '–']) {
        let (Some(a), Some(b)) = (plain_digits(a), plain_digits(b)) else {
            return None;
        };
        return Some(Digits::Range(a, b));
    }
    plain_digits(s).map(Digits::One)
}

fn plain_digits(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || !bytes[0].is_ascii_digit() || !bytes[bytes.len() - 1].is_ascii_digit() {
        return None;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    // Thousands groups: "1,200" and "12,000,000"; "1,2" is not a count.
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 && int.contains(',') {
        return None;
    }
    if !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    // A leading zero is a code or a clock ("007", "09").
    if first.len() > 1 && first.starts_with('0') {
        return None;
    }
    let cleaned: String = s.chars().filter(|c| *c != ',').collect();
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A word number, "twenty-one" included.
fn word_number(w: &str) -> Option<f64> {
    if let Some(v) = small_number(w) {
        return Some(v);
    }
    let (tens, unit) = w.split_once('-')?;
    let tens = small_number(tens)?;
    let unit = small_number(unit)?;
    (tens >= 20.0 && tens % 10.0 == 0.0 && unit < 10.0).then_some(tens + unit)
}

/// The number starting at `i`, if any. `is_digit_token` tells which tokens are digit tokens.
pub(super) fn core(
    low: &[String],
    is_digit_token: &dyn Fn(usize) -> bool,
    i: usize,
) -> Option<Core> {
    let w = low.get(i)?.as_str();
    let at = |k: usize| low.get(k).map(String::as_str).unwrap_or("");
    let simple = |end, value| Core {
        end,
        value,
        max: None,
        vague: false,
        multiplied: false,
        tally: false,
    };
    if is_digit_token(i) {
        return match digits(w)? {
            Digits::Range(a, b) => Some(Core {
                max: (b > a).then_some(b),
                tally: b <= a,
                ..simple(i + 1, a)
            }),
            Digits::One(v) => match multiplier(at(i + 1)) {
                Some(m) => Some(Core {
                    multiplied: true,
                    ..simple(i + 2, v * m)
                }),
                None => Some(simple(i + 1, v)),
            },
        };
    }
    match w {
        "a" | "an" | "one" if at(i + 1) == "dozen" => return Some(simple(i + 2, 12.0)),
        "a" | "an" => {
            return match multiplier(at(i + 1)) {
                // "a hundred and fifty"
                Some(m) if m == 100.0 => words_from(low, i + 2, m),
                Some(m) => Some(Core {
                    multiplied: true,
                    ..simple(i + 2, m)
                }),
                None if w == "a" && at(i + 1) == "few" => few(low, i + 2),
                None => None,
            };
        }
        "half" if at(i + 1) == "a" && at(i + 2) == "dozen" => return Some(simple(i + 3, 6.0)),
        "several" | "many" | "few" => return few(low, i + 1),
        _ => {}
    }
    if let Some(unit) = vague_unit(w) {
        // "tens of thousands", "hundreds of thousands", "dozens of millions".
        if at(i + 1) == "of" {
            if let Some(big) = vague_unit(at(i + 2)).filter(|b| *b >= 1_000.0 && *b > unit) {
                return Some(Core {
                    vague: true,
                    ..simple(i + 3, 2.0 * unit * big)
                });
            }
        }
        // "tens" alone is rare as a count; "scores" without "of" is a game.
        if w == "tens" || (w == "scores" && at(i + 1) != "of") {
            return None;
        }
        return Some(Core {
            vague: true,
            ..simple(i + 1, 2.0 * unit)
        });
    }
    words_from(low, i, 0.0)
}

/// "several hundred", "a few thousand", "many thousands": twice the unit.
fn few(low: &[String], i: usize) -> Option<Core> {
    let w = low.get(i)?.as_str();
    let (unit, vague) = if w == "dozen" {
        (12.0, false)
    } else if let Some(m) = multiplier(w) {
        (m, false)
    } else if let Some(u) = vague_unit(w).filter(|u| *u >= 12.0) {
        (u, true)
    } else {
        return None;
    };
    Some(Core {
        end: i + 1,
        value: 2.0 * unit,
        max: None,
        vague,
        multiplied: !vague,
        tally: false,
    })
}

/// Word numbers from `i`: "three", "twenty one", "two hundred and fifty", "five thousand",
/// "two dozen". `start` is a value already read ("a hundred" → 100 then "and fifty").
fn words_from(low: &[String], i: usize, start: f64) -> Option<Core> {
    let at = |k: usize| low.get(k).map(String::as_str).unwrap_or("");
    let mut total = 0.0;
    let mut current = start;
    let mut k = i;
    let mut read_any = start > 0.0;
    let mut multiplied = start > 0.0;
    // Bounded: a number phrase is a few words.
    while k < i + 8 {
        let w = at(k);
        if let Some(v) = word_number(w) {
            // "twenty one" adds; "one two" is not a number.
            let adds = current == 0.0
                || (current % 100.0 != 0.0 && current >= 20.0 && v < 10.0)
                || (current % 100.0 == 0.0 && v < 100.0);
            if !adds {
                break;
            }
            current += v;
            read_any = true;
            k += 1;
        } else if w == "and" && read_any && word_number(at(k + 1)).is_some() && current >= 100.0 {
            k += 1;
        } else if w == "hundred" && read_any && current > 0.0 && current < 100.0 {
            current *= 100.0;
            multiplied = true;
            k += 1;
        } else if let Some(m) = multiplier(w).filter(|m| *m >= 1_000.0) {
            if !read_any || current == 0.0 {
                break;
            }
            total += current * m;
            current = 0.0;
            multiplied = true;
            k += 1;
        } else if w == "dozen" && read_any && current > 0.0 && current < 100.0 {
            current *= 12.0;
            k += 1;
        } else {
            break;
        }
    }
    if !read_any {
        return None;
    }
    Some(Core {
        end: k,
        value: total + current,
        max: None,
        vague: false,
        multiplied,
        tally: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<(f64, Option<f64>, usize)> {
        let low: Vec<String> = s.split(' ').map(|w| w.to_lowercase()).collect();
        let is_digit = |k: usize| low[k].starts_with(|c: char| c.is_ascii_digit());
        core(&low, &is_digit, 0)
            .filter(|c| !c.tally)
            .map(|c| (c.value, c.max, c.end))
    }

    #[test]
    fn numbers_as_written() {
        assert_eq!(parse("1,200 people"), Some((1200.0, None, 1)));
        assert_eq!(parse("3.5 million people"), Some((3_500_000.0, None, 2)));
        assert_eq!(parse("twenty-one people"), Some((21.0, None, 1)));
        assert_eq!(parse("twenty one people"), Some((21.0, None, 2)));
        assert_eq!(
            parse("two hundred and fifty people"),
            Some((250.0, None, 4))
        );
        assert_eq!(parse("a hundred people"), Some((100.0, None, 2)));
        assert_eq!(parse("a dozen people"), Some((12.0, None, 2)));
        assert_eq!(parse("two dozen people"), Some((24.0, None, 2)));
        assert_eq!(parse("half a dozen people"), Some((6.0, None, 3)));
        assert_eq!(parse("five thousand people"), Some((5000.0, None, 2)));
        assert_eq!(parse("dozens of people"), Some((24.0, None, 1)));
        assert_eq!(parse("hundreds of people"), Some((200.0, None, 1)));
        assert_eq!(
            parse("tens of thousands of people"),
            Some((20_000.0, None, 3))
        );
        assert_eq!(parse("hundreds of thousands"), Some((200_000.0, None, 3)));
        assert_eq!(parse("several hundred people"), Some((200.0, None, 2)));
        assert_eq!(parse("10-15 people"), Some((10.0, Some(15.0), 1)));
        assert_eq!(parse("31-9 vote"), None);
        assert_eq!(parse("10:30 people"), None);
        assert_eq!(parse("5th people"), None);
        assert_eq!(parse("1990s"), None);
        assert_eq!(parse("2022-03-01"), None);
        assert_eq!(parse("1,2 x"), None);
        assert_eq!(parse("scores were"), None);
        assert_eq!(parse("one two"), Some((1.0, None, 1)));
        assert_eq!(parse("people"), None);
    }
}
