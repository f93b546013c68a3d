//! Cue words: negation, modality, initiative, and a small table of contested-term families.
//!
//! All lists were written for readout. Matching is on folded (lower-case) words; modality and
//! family cues are also matched on stems so "promised"/"promises" hit "promise".

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::stem;

/// How a claim is put forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Stated as fact (no cue).
    Asserted,
    /// Promised, pledged, vowed, committed, guaranteed.
    Promised,
    /// Agreed, accepted, signed.
    Agreed,
    /// Discussed, talked about, exchanged views, raised.
    Discussed,
    /// Proposed, suggested, offered.
    Proposed,
    /// Demanded, called for, urged, insisted.
    Demanded,
    /// Hoped, wished, expected.
    Hoped,
    /// Might, could, would consider, possible.
    Possible,
    /// Denied, rejected, refused.
    Denied,
}

impl Modality {
    /// The name used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Promised => "promised",
            Modality::Agreed => "agreed",
            Modality::Discussed => "discussed",
            Modality::Proposed => "proposed",
            Modality::Demanded => "demanded",
            Modality::Hoped => "hoped",
            Modality::Possible => "possible",
            Modality::Denied => "denied",
        }
    }

    /// A commitment: something a party bound itself to (promised, agreed). Losing it between
    /// accounts ("promised" vs "discussed") is a conflict, not a matter of wording.
    pub fn is_commitment(self) -> bool {
        matches!(self, Modality::Promised | Modality::Agreed)
    }
}

/// Single-word modality cues, by stem.
const MODALITY_WORDS: &[(&str, Modality)] = &[
    ("promise", Modality::Promised),
    ("pledge", Modality::Promised),
    ("vow", Modality::Promised),
    ("vowed", Modality::Promised),
    ("commit", Modality::Promised),
    ("guarantee", Modality::Promised),
    ("assur", Modality::Promised),
    ("assure", Modality::Promised),
    ("agre", Modality::Agreed),
    ("agree", Modality::Agreed),
    ("accept", Modality::Agreed),
    ("sign", Modality::Agreed),
    ("discuss", Modality::Discussed),
    ("talk", Modality::Discussed),
    ("rais", Modality::Discussed),
    ("raise", Modality::Discussed),
    ("touch", Modality::Discussed),
    ("review", Modality::Discussed),
    ("consult", Modality::Discussed),
    ("propos", Modality::Proposed),
    ("propose", Modality::Proposed),
    ("suggest", Modality::Proposed),
    ("offer", Modality::Proposed),
    ("demand", Modality::Demanded),
    ("urg", Modality::Demanded),
    ("urge", Modality::Demanded),
    ("insist", Modality::Demanded),
    ("requir", Modality::Demanded),
    ("require", Modality::Demanded),
    ("hope", Modality::Hoped),
    ("hop", Modality::Hoped),
    ("wish", Modality::Hoped),
    ("expect", Modality::Hoped),
    ("might", Modality::Possible),
    ("could", Modality::Possible),
    ("may", Modality::Possible),
    ("possibly", Modality::Possible),
    ("possible", Modality::Possible),
    ("consider", Modality::Possible),
    ("deny", Modality::Denied),
    ("deni", Modality::Denied),
    ("deny", Modality::Denied),
    ("reject", Modality::Denied),
    ("refus", Modality::Denied),
    ("refuse", Modality::Denied),
];

fn modality_stems() -> &'static HashMap<String, Modality> {
    static STEMS: OnceLock<HashMap<String, Modality>> = OnceLock::new();
    STEMS.get_or_init(|| {
        let mut map = HashMap::new();
        for &(cue, m) in MODALITY_WORDS {
            map.entry(stem(cue)).or_insert(m);
            map.entry(cue.to_string()).or_insert(m);
        }
        map
    })
}

/// Two-word modality cues (folded words).
const MODALITY_PHRASES: &[(&str, &str, Modality)] = &[
    ("called", "for", Modality::Demanded),
    ("calls", "for", Modality::Demanded),
    ("call", "for", Modality::Demanded),
    ("calling", "for", Modality::Demanded),
    ("exchanged", "views", Modality::Discussed),
    ("spoke", "about", Modality::Discussed),
];

/// The modality of a clause from its folded words: the first cue found, else
/// [`Modality::Asserted`].
pub fn modality(folded: &[String]) -> (Modality, Option<usize>) {
    for (i, w) in folded.iter().enumerate() {
        if let Some(next) = folded.get(i + 1) {
            if let Some(&(_, _, m)) = MODALITY_PHRASES
                .iter()
                .find(|(a, b, _)| a == w && b == next)
            {
                return (m, Some(i));
            }
        }
        if let Some(&m) = modality_stems().get(stem(w).as_str()) {
            return (m, Some(i));
        }
    }
    (Modality::Asserted, None)
}

/// Negation cues (folded words).
const NEGATIONS: &[&str] = &[
    "not",
    "n't",
    "no",
    "never",
    "neither",
    "nor",
    "none",
    "nobody",
    "nothing",
    "without",
    "cannot",
    "didn't",
    "doesn't",
    "don't",
    "isn't",
    "wasn't",
    "weren't",
    "won't",
    "hasn't",
    "haven't",
    "hadn't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "aren't",
    "can't",
    "failed",
];

/// The first negation cue among folded words, by index.
pub fn negation(folded: &[String]) -> Option<usize> {
    folded
        .iter()
        .position(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
}

/// Families of terms that name one referent with different framing. Each family lists its
/// members by stem; the first word of each entry is what a report shows. A pair of differing
/// words from one family is strong evidence of a wording difference.
pub const FRAMING_FAMILIES: &[(&str, &[&str])] = &[
    (
        "armed conflict",
        &[
            "aggression",
            "invasion",
            "invad",
            "invade",
            "war",
            "conflict",
            "crisis",
            "situation",
            "operation",
            "incursion",
            "offensive",
            "attack",
            "hostility",
            "fighting",
            "occupation",
        ],
    ),
    (
        "harm to people",
        &[
            "kill",
            "killing",
            "murder",
            "massacre",
            "slaughter",
            "damage",
            "harm",
            "casualty",
            "death",
            "dead",
            "loss",
            "victim",
            "die",
        ],
    ),
    (
        "territory change",
        &[
            "annexation",
            "annex",
            "reunification",
            "reunif",
            "accession",
            "incorporation",
        ],
    ),
    (
        "armed group",
        &[
            "terrorist",
            "militant",
            "rebel",
            "insurgent",
            "fighter",
            "separatist",
            "militia",
            "gunman",
            "extremist",
            "freedom",
        ],
    ),
    (
        "migrants",
        &[
            "migrant",
            "immigrant",
            "illegal",
            "alien",
            "refugee",
            "asylum",
            "undocumented",
            "caravan",
            "invader",
        ],
    ),
    (
        "statement",
        &[
            "claim",
            "state",
            "assert",
            "allege",
            "insist",
            "admit",
            "acknowledge",
            "argue",
            "contend",
            "suggest",
            "boast",
            "note",
        ],
    ),
    (
        "dispute",
        &[
            "dispute",
            "row",
            "spat",
            "feud",
            "clash",
            "disagreement",
            "tension",
            "standoff",
            "quarrel",
        ],
    ),
    (
        "criticism",
        &[
            "criticize",
            "criticise",
            "slam",
            "blast",
            "attack",
            "condemn",
            "denounce",
            "rebuke",
            "lash",
            "question",
            "fault",
        ],
    ),
    (
        "tax and spending",
        &[
            "tax",
            "levy",
            "tariff",
            "duty",
            "spending",
            "investment",
            "handout",
            "giveaway",
        ],
    ),
    (
        "call",
        &[
            "call",
            "conversation",
            "talk",
            "exchange",
            "discussion",
            "contact",
            "dialogue",
        ],
    ),
];

/// The family of a stem, by name.
pub fn family(stemmed: &str) -> Option<&'static str> {
    static STEMS: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    STEMS
        .get_or_init(|| {
            let mut map = HashMap::new();
            for &(name, members) in FRAMING_FAMILIES {
                for m in members {
                    map.entry(stem(m)).or_insert(name);
                    map.entry(m.to_string()).or_insert(name);
                }
            }
            map
        })
        .get(stemmed)
        .copied()
}

/// Verbs whose subject starts an exchange ("X called Y", "X phoned Y").
pub const INITIATION_VERBS: &[&str] = &["called", "phoned", "rang", "initiated", "requested"];

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> Vec<String> {
        crate::text::words(s)
            .iter()
            .map(|w| crate::text::fold(w.text))
            .collect()
    }

    #[test]
    fn modality_cues() {
        assert_eq!(
            modality(&folded("He promised to send aid")).0,
            Modality::Promised
        );
        assert_eq!(
            modality(&folded("They discussed aid")).0,
            Modality::Discussed
        );
        assert_eq!(
            modality(&folded("She called for a truce")).0,
            Modality::Demanded
        );
        assert_eq!(modality(&folded("The ministers met")).0, Modality::Asserted);
        assert!(Modality::Promised.is_commitment());
        assert!(!Modality::Discussed.is_commitment());
    }

    #[test]
    fn negation_cues() {
        assert!(negation(&folded("He did not promise aid")).is_some());
        assert!(negation(&folded("He didn't promise aid")).is_some());
        assert!(negation(&folded("He promised aid")).is_none());
    }

    #[test]
    fn families() {
        assert_eq!(family(&stem("invasion")), Some("armed conflict"));
        assert_eq!(family(&stem("aggression")), family(&stem("conflict")));
        assert_eq!(family(&stem("killing")), family(&stem("damage")));
        assert_eq!(family(&stem("bicycle")), None);
    }
}
