//! Name comparison: folding, the phonetic "skeleton key", string similarities and
//! [`same_name`], the pure alias scorer shared by in-document resolution and the eval.

use readout_core::EntityType;
use unicode_normalization::UnicodeNormalization;

/// Score at or above which [`same_name`] counts two names as the same referent. Chosen on
/// the hand-written OpenSanctions groups; resolution inside a document adds its own checks
/// (type, competing candidates) on top.
pub const MATCH_THRESHOLD: f64 = 0.85;

/// Titles and honorifics that never belong to a name ("Mr. Quill", "Foreign Minister Ilse
/// Marrow"): dropped before names are compared, so two people sharing a title are compared
/// on their names alone.
const TITLE_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "foreign",
    "deputy",
    "defence",
    "defense",
    "secretary",
    "general",
    "chancellor",
    "ambassador",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "pope",
    "gen",
    "col",
    "lt",
    "capt",
    "maj",
    "adm",
    "rev",
    "fr",
    "st",
    "judge",
    "justice",
    "premier",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "ceo",
    "envoy",
    "jr",
    "sr",
    "ii",
    "iii",
    "mister",
    "madam",
    "comrade",
    "h.e",
    "his",
    "her",
    "excellency",
];

/// Legal forms and filler words of organisation names: "Holly Corp." is "Holly".
const ORG_STOP: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "plc",
    "ag",
    "sa",
    "gmbh",
    "nv",
    "bv",
    "spa",
    "the",
    "of",
    "and",
    "group",
    "holding",
    "holdings",
    "oao",
    "ooo",
    "zao",
    "pao",
    "jsc",
    "ojsc",
    "llp",
    "lp",
    "&",
];

/// Fold a string to lowercase ASCII: diacritics dropped (Viļumsons → vilumsons), a few
/// letters that do not decompose spelt out, and Cyrillic transliterated, because wire
/// copy, sanctions lists and machine translation spell the same name all these ways.
///
/// Resolution folds the same few names again and again (every mention against every entity),
/// so pure-ASCII input takes a fast path and other results are memoized per thread (the memo
/// is cleared when it grows large, so memory stays bounded on long runs).
pub fn fold(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ') {
        return s.to_ascii_lowercase();
    }
    thread_local! {
        static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(f) = memo.get(s) {
            return f.clone();
        }
        if memo.len() > 50_000 {
            memo.clear();
        }
        let f = fold_uncached(s);
        memo.insert(s.to_string(), f.clone());
        f
    })
}

fn fold_uncached(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let lc: Vec<char> = c.to_lowercase().collect();
        for c in lc {
            match c {
                'a'..='z' | '0'..='9' => out.push(c),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ø' => out.push('o'),
                'đ' | 'ð' => out.push('d'),
                'ł' => out.push('l'),
                'ı' => out.push('i'),
                'þ' => out.push_str("th"),
                '\'' | '\u{2019}' | '`' | '\u{02bc}' => {}
                c if ('\u{0400}'..='\u{04ff}').contains(&c) => out.push_str(cyrillic(c)),
                c if c.is_alphanumeric() => out.push(c),
                _ => out.push(' '),
            }
        }
    }
    out
}

/// Common (BGN/PCGN-like) romanisation of the Russian, Ukrainian and Belarusian letters.
fn cyrillic(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        _ => "",
    }
}

/// The words of a name, folded, with titles, possessive `'s` and punctuation removed.
pub fn name_words(s: &str, kind: EntityType) -> Vec<String> {
    let s = s
        .trim_end_matches("'s")
        .trim_end_matches("\u{2019}s")
        .trim_end_matches('\'');
    let folded = fold(s);
    let mut words: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    match kind {
        EntityType::Person => {
            // Titles only come first ("Mr", "Foreign Minister"), and suffixes ("Jr") last;
            // a name word equal to a title in the middle ("King" as a surname) is kept.
            while words.len() > 1 && TITLE_WORDS.contains(&words[0].as_str()) {
                words.remove(0);
            }
            while words.len() > 1 && TITLE_WORDS.contains(&words[words.len() - 1].as_str()) {
                words.pop();
            }
        }
        EntityType::Organization => {
            let kept: Vec<String> = words
                .iter()
                .filter(|w| !ORG_STOP.contains(&w.as_str()))
                .cloned()
                .collect();
            if !kept.is_empty() {
                words = kept;
            }
        }
        _ => {
            if words.len() > 1 && words[0] == "the" {
                words.remove(0);
            }
        }
    }
    words
}

/// The phonetic skeleton key of one folded word: th→s, ph→f, {c,q,k}→k, {v,w,b}→b,
/// {r,l}→l, z→s, vowels, h and y dropped, repeats collapsed (the first letter is kept even
/// when it is a vowel). Transliteration and machine-translation variants of a name mostly
/// differ in exactly these places (Kuleba, Kreva, Kleba and Cleva all give `klb`).
pub fn skeleton(word: &str) -> String {
    let w: Vec<char> = fold(word).chars().filter(|c| c.is_alphanumeric()).collect();
    let mut mapped = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let next = w.get(i + 1).copied();
        let m = match (c, next) {
            ('t', Some('h')) => {
                i += 1;
                's'
            }
            ('p', Some('h')) => {
                i += 1;
                'f'
            }
            ('c' | 'q' | 'k', _) => 'k',
            ('v' | 'w' | 'b', _) => 'b',
            ('r' | 'l', _) => 'l',
            ('z', _) => 's',
            ('a' | 'e' | 'i' | 'o' | 'u' | 'h' | 'y', _) => {
                if mapped.is_empty() && i == 0 {
                    // Keep a leading vowel as a marker so "Ali" and "Li" stay apart.
                    '*'
                } else {
                    i += 1;
                    continue;
                }
            }
            (c, _) => c,
        };
        if mapped.last() != Some(&m) {
            mapped.push(m);
        }
        i += 1;
    }
    mapped.into_iter().collect()
}

/// Jaro-Winkler similarity in [0, 1].
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_used = vec![false; a.len()];
    let mut b_used = vec![false; b.len()];
    let mut matches = 0usize;
    for (i, ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_used[j] && b[j] == *ca {
                a_used[i] = true;
                b_used[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let am: Vec<char> = a
        .iter()
        .zip(&a_used)
        .filter(|p| *p.1)
        .map(|p| *p.0)
        .collect();
    let bm: Vec<char> = b
        .iter()
        .zip(&b_used)
        .filter(|p| *p.1)
        .map(|p| *p.0)
        .collect();
    let transpositions = am.iter().zip(&bm).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Levenshtein edit distance in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Similarity of two folded words of a personal name, in [0, 1].
pub fn word_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (ca, cb) = (a.chars().count(), b.chars().count());
    // An initial matches the word it abbreviates ("J." ↔ "John"), but says less.
    if ca == 1 || cb == 1 {
        return if a.chars().next() == b.chars().next() {
            0.9
        } else {
            0.0
        };
    }
    // Transliterations spell one sound with several letters; compare them undoubled.
    let jw = jaro_winkler(a, b);
    let lev = levenshtein(a, b);
    let ratio = 1.0 - lev as f64 / ca.max(cb) as f64;
    let mut s = jw.min(0.5 + ratio / 2.0).max(ratio);
    let (ka, kb) = (skeleton(a), skeleton(b));
    // Equal skeletons of at least three sounds are the transliteration / MT evidence; two
    // sounds ("Li", "Lee") only count when the words are short and close anyway.
    if ka == kb && ka.chars().count() >= 3 && ca.min(cb) >= 4 {
        s = s.max(0.9);
    } else if ka == kb && ca.max(cb) <= 4 && lev <= 2 {
        s = s.max(0.86);
    }
    s
}

/// Greedy best one-to-one alignment of the words of `short` with those of `long`; returns
/// the mean similarity of the aligned pairs and the minimum, or `None` when a word of
/// `short` finds nothing above `floor`.
fn align(short: &[String], long: &[String], floor: f64) -> Option<(f64, f64, Vec<usize>)> {
    let mut used = vec![false; long.len()];
    let mut sum = 0.0;
    let mut min: f64 = 1.0;
    let mut picks = Vec::with_capacity(short.len());
    for w in short {
        let mut best: Option<(usize, f64)> = None;
        for (j, v) in long.iter().enumerate() {
            if used[j] {
                continue;
            }
            let s = word_similarity(w, v);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((j, s));
            }
        }
        let (j, s) = best?;
        if s < floor {
            return None;
        }
        used[j] = true;
        sum += s;
        min = min.min(s);
        picks.push(j);
    }
    Some((sum / short.len().max(1) as f64, min, picks))
}

/// Initials of the words of a name ("general motors" → "gm").
fn initials(words: &[String]) -> String {
    words.iter().filter_map(|w| w.chars().next()).collect()
}

/// How likely two names are to name the same referent of type `kind`, in [0, 1]; compare
/// with [`MATCH_THRESHOLD`].
///
/// * People: titles and possessives dropped, words aligned in any order ("LAVROV Sergey"),
///   initials match their word, words compared by edit distance, Jaro-Winkler and the
///   [`skeleton`] key. Every word of the shorter name must align, and a one-word name must
///   align with the other's first or last word (a surname or a given name used alone).
/// * Organisations: legal forms dropped ("Holly Corp." = "Holly Corporation"), acronyms
///   ("GM" = "General Motors"), one name's words all contained in the other's.
/// * Places and other names: equal after folding, acronyms, or very close spelling.
pub fn same_name(a: &str, b: &str, kind: EntityType) -> f64 {
    let wa = name_words(a, kind);
    let wb = name_words(b, kind);
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    if wa == wb {
        return 1.0;
    }
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    match kind {
        EntityType::Person => person_score(short, long),
        EntityType::Organization => org_score(short, long),
        _ => other_score(short, long),
    }
}

fn person_score(short: &[String], long: &[String]) -> f64 {
    // A name written without spaces in one source ("Jinping Xi" vs "XiJinping").
    let (js, jl) = (short.concat(), long.concat());
    if short.len() != long.len() && (js == jl) {
        return 0.95;
    }
    let Some((mean, min, picks)) = align(short, long, 0.75) else {
        return 0.0;
    };
    // Initials alone never make a match: "J. S." says nothing.
    if short.iter().all(|w| w.chars().count() == 1) {
        return 0.0;
    }
    let mut score = 0.5 * mean + 0.5 * min;
    if short.len() < long.len() {
        // A lone word must be the other's surname or given name, not a middle name.
        if short.len() == 1 && !(picks[0] == 0 || picks[0] == long.len() - 1) {
            return 0.0;
        }
        // A partial name is weaker evidence than a full one, more so when it is one word.
        score *= if short.len() == 1 { 0.95 } else { 0.97 };
    }
    score
}

fn org_score(short: &[String], long: &[String]) -> f64 {
    if short.len() == 1 && short[0].chars().count() >= 2 && short[0] == initials(long) {
        return 0.92;
    }
    let (js, jl) = (short.join(" "), long.join(" "));
    let jw = jaro_winkler(&js, &jl);
    // A descriptor before the name ("the carmaker Brannock", "Norland's Brannock"): the
    // shorter name is the longer one's tail.
    if long.ends_with(short) {
        return 0.88;
    }
    if short.iter().all(|w| long.contains(w)) {
        // "Airbus" in "Airbus Industrie": containment of the first word is the usual
        // short form; containment elsewhere is weaker ("Motors").
        return if long[0] == short[0] { 0.9 } else { 0.8 };
    }
    if js.replace(' ', "") == jl.replace(' ', "") {
        return 0.95;
    }
    if jw >= 0.92 && levenshtein(&js, &jl) <= 2 {
        return jw;
    }
    0.0
}

fn other_score(short: &[String], long: &[String]) -> f64 {
    if short.len() == 1 && short[0].chars().count() >= 2 && short[0] == initials(long) {
        return 0.9;
    }
    if long.ends_with(short) && short.iter().map(|w| w.len()).sum::<usize>() >= 4 {
        return 0.86;
    }
    let (js, jl) = (short.join(" "), long.join(" "));
    if js.replace(' ', "") == jl.replace(' ', "") {
        return 0.95;
    }
    let lev = levenshtein(&js, &jl);
    if lev == 1 && js.chars().count() >= 5 {
        return 0.88;
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeleton_keys_join_transliteration_variants() {
        for v in ["Kuleba", "Kreva", "Kleba", "Cleva"] {
            assert_eq!(skeleton(v), "klb", "{v}");
        }
        assert_eq!(fold("Viļumsons"), "vilumsons");
        assert_eq!(fold("Лавров"), "lavrov");
    }

    #[test]
    fn people_match_on_surnames_reorderings_and_variants() {
        let p = EntityType::Person;
        assert!(same_name("Tomas Kuleba", "Kreva", p) >= MATCH_THRESHOLD);
        assert!(same_name("Mr. Orvath", "Dana Orvath", p) >= MATCH_THRESHOLD);
        assert!(same_name("ORVATH Dana", "Dana Orvath", p) >= MATCH_THRESHOLD);
        assert!(same_name("D. Orvath", "Dana Orvath", p) >= MATCH_THRESHOLD);
        assert!(same_name("Mārtiņš Viļumsons", "Martins Vilumsons", p) >= MATCH_THRESHOLD);
        assert!(same_name("Dana Orvath", "Pia Orvath", p) < MATCH_THRESHOLD);
        assert!(same_name("Dana Orvath", "Dana Selkirk", p) < MATCH_THRESHOLD);
        assert!(same_name("Foreign Minister Orvath", "Foreign Minister Selkirk", p) < 0.5);
    }

    #[test]
    fn organisations_match_on_legal_forms_and_acronyms() {
        let o = EntityType::Organization;
        assert!(same_name("Brannock Corp.", "Brannock Corporation", o) >= MATCH_THRESHOLD);
        assert!(same_name("NRC", "Northern Rail Company", o) < MATCH_THRESHOLD);
        assert!(same_name("NR", "Northern Rail Company", o) >= MATCH_THRESHOLD);
        assert!(same_name("Brannock", "Selwyn", o) < MATCH_THRESHOLD);
        assert!(same_name("Brannock", "Norland carmaker Brannock", o) >= MATCH_THRESHOLD);
    }
}
