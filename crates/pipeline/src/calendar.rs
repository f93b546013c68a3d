//! Month and weekday names, shared by the stages that read dates (time), step around them
//! (counts: "May 5" is a date, not five of something) or stop at them (quotes). One list, so
//! a spelling added for one stage is not missing in another.

/// Full month names, lowercase, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Full weekday names, lowercase, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Bare month abbreviations, lowercase, as the tokenizer and the sentence splitter read them
/// (a period after one is an abbreviation's, not a sentence end: "Feb. 25").
pub(crate) const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Month number (1–12) of a lowercase full month name ("march", not "mar." or "jan").
pub(crate) fn full_month(w: &str) -> Option<u32> {
    MONTHS.iter().position(|m| *m == w).map(|i| i as u32 + 1)
}

/// Month number (1–12) of a lowercase month name or abbreviation ("jan", "jan.", "sept.").
/// Bare "mar" (a verb) and bare "sep" are not months here: the time stage would read a date
/// into "mar the talks".
pub(crate) fn month(w: &str) -> Option<u32> {
    Some(match w {
        "january" | "jan" | "jan." => 1,
        "february" | "feb" | "feb." => 2,
        "march" | "mar." => 3,
        "april" | "apr" | "apr." => 4,
        "may" => 5,
        "june" | "jun" | "jun." => 6,
        "july" | "jul" | "jul." => 7,
        "august" | "aug" | "aug." => 8,
        "september" | "sep." | "sept" | "sept." => 9,
        "october" | "oct" | "oct." => 10,
        "november" | "nov" | "nov." => 11,
        "december" | "dec" | "dec." => 12,
        _ => return None,
    })
}

/// True for a lowercase full weekday name ("monday", not "mon.").
pub(crate) fn full_weekday(w: &str) -> bool {
    WEEKDAYS.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_and_abbreviations_agree() {
        for (i, name) in MONTHS.iter().enumerate() {
            let n = i as u32 + 1;
            assert_eq!(full_month(name), Some(n), "{name}");
            assert_eq!(month(name), Some(n), "{name}");
            // Every month but May has a dotted abbreviation of its first three letters.
            if *name != "may" {
                assert_eq!(month(&format!("{}.", &name[..3])), Some(n), "{name}");
            }
        }
        assert_eq!(full_month("jan"), None);
        assert_eq!(full_month("March"), None, "input is lowercase");
        assert_eq!(month("mar"), None, "a verb");
        assert_eq!(month("sep"), None);
        assert_eq!(month("sept."), Some(9));
        assert!(full_weekday("sunday") && !full_weekday("sun.") && !full_weekday("may"));
    }
}
