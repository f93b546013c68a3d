//! Lemmas: English inflection rules, plus the exceptions a treebank shows (irregular verbs,
//! plurals, contractions) learned by `readout train parse`.

use rustc_hash::FxHashMap;

/// An exception whose lemma is the word as written ("I"; a capitalised noun of a name).
pub const AS_WRITTEN: &str = "=";

/// Lemmatizer: exception table over `(lower-cased form, UPOS)`, then rules.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    exceptions: FxHashMap<(String, String), String>,
}

impl Lemmatizer {
    /// A lemmatizer with these exceptions, keyed by lower-cased form and UPOS.
    pub fn new(exceptions: FxHashMap<(String, String), String>) -> Lemmatizer {
        Lemmatizer { exceptions }
    }

    /// The exceptions, for writing the model.
    pub fn exceptions(&self) -> &FxHashMap<(String, String), String> {
        &self.exceptions
    }

    /// The lemma of `form` tagged `upos`/`xpos`.
    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> String {
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&(lower.clone(), upos.to_string())) {
            return if l == AS_WRITTEN {
                form.to_string()
            } else {
                l.clone()
            };
        }
        rule_lemma(form, &lower, upos, xpos)
    }
}

/// The lemma the rules give: proper nouns keep their form; inflected nouns, verbs and
/// adjectives lose their ending; everything else is lower-cased.
pub fn rule_lemma(form: &str, lower: &str, upos: &str, xpos: &str) -> String {
    match (upos, xpos) {
        ("PROPN", _) => form.to_string(),
        ("NOUN", "NNS") => plural(lower),
        ("VERB" | "AUX", "VBZ") => plural(lower),
        ("VERB" | "AUX", "VBD" | "VBN") => strip_suffix(lower, "ed"),
        ("VERB" | "AUX", "VBG") => strip_suffix(lower, "ing"),
        ("ADJ", "JJR") => strip_suffix(lower, "er"),
        ("ADJ", "JJS") => strip_suffix(lower, "est"),
        _ => lower.to_string(),
    }
}

fn plural(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{stem}y");
    }
    for ending in ["sses", "shes", "ches", "xes", "zes"] {
        if w.ends_with(ending) {
            return w[..w.len() - 2].to_string();
        }
    }
    match w.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && stem.len() > 1 => stem.to_string(),
        _ => w.to_string(),
    }
}

/// Strip a verb or adjective ending, undoing a doubled consonant ("stopped" → "stop") and
/// restoring a silent e after a consonant-vowel-consonant stem of one syllable is not
/// attempted: the exception table covers the frequent ones ("closed" → "close").
fn strip_suffix(w: &str, suffix: &str) -> String {
    let Some(stem) = w.strip_suffix(suffix).filter(|s| s.chars().count() >= 2) else {
        return w.to_string();
    };
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 3 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f') {
        return stem[..n - 1].to_string();
    }
    if suffix != "ing" && stem.ends_with('i') {
        return format!("{}y", &stem[..n - 1]);
    }
    stem.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_cover_regular_inflection() {
        assert_eq!(
            rule_lemma("Ministers", "ministers", "NOUN", "NNS"),
            "minister"
        );
        assert_eq!(
            rule_lemma("casualties", "casualties", "NOUN", "NNS"),
            "casualty"
        );
        assert_eq!(rule_lemma("talks", "talks", "NOUN", "NNS"), "talk");
        assert_eq!(rule_lemma("churches", "churches", "NOUN", "NNS"), "church");
        assert_eq!(rule_lemma("stopped", "stopped", "VERB", "VBD"), "stop");
        assert_eq!(rule_lemma("carried", "carried", "VERB", "VBN"), "carry");
        assert_eq!(rule_lemma("calling", "calling", "VERB", "VBG"), "call");
        assert_eq!(rule_lemma("Kyiv", "kyiv", "PROPN", "NNP"), "Kyiv");
        assert_eq!(rule_lemma("The", "the", "DET", "DT"), "the");
    }

    #[test]
    fn exceptions_come_first() {
        let mut ex = FxHashMap::default();
        ex.insert(("said".to_string(), "VERB".to_string()), "say".to_string());
        ex.insert(
            ("i".to_string(), "PRON".to_string()),
            AS_WRITTEN.to_string(),
        );
        let l = Lemmatizer::new(ex);
        assert_eq!(l.lemma("I", "PRON", "PRP"), "I");
        assert_eq!(l.lemma("Said", "VERB", "VBD"), "say");
        assert_eq!(l.lemma("said", "ADJ", "JJ"), "said");
    }
}
