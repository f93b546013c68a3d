//! CAMEO and PLOVER vocabulary: the closed sets of event codes, actor-code chunks and PLOVER
//! categories, in one place for every crate that reads or writes them (the event coder, the
//! gazetteer, the GDELT export, the comparison of accounts).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// CAMEO actor-code prefixes naming international or transnational groups (`IGOUNO`: the
/// group's own code follows).
pub const GROUPS: [&str; 4] = ["IGO", "NGO", "IMG", "MNC"];

/// CAMEO role codes that may open an actor code with no country (`GOV`, `REB`…).
pub const ROLES: [&str; 25] = [
    "AGR", "BUS", "COP", "CRM", "CVL", "EDU", "ELI", "ENV", "GOV", "HLH", "INS", "JUD", "LAB",
    "LEG", "MED", "MIL", "MOD", "OPP", "PTY", "RAD", "REB", "REF", "SEP", "SPY", "UAF",
];

/// Further CAMEO codes of parties with no country that are not in [`ROLES`]: non-governmental
/// movements, human-rights groups, settlers.
pub const OTHER_NON_STATE: [&str; 3] = ["NGM", "HRI", "SET"];

/// Three-letter chunks that, after an actor code's first chunk, make it an actor code rather
/// than a place code: roles, religions, groups (`UKRGOV`, `IRQSHI`…). `MUS` is here but not
/// in [`FIRST_ACTOR_CHUNKS`]: as a first chunk it is Mauritius.
pub const ACTOR_CHUNKS: [&str; 40] = [
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "MED", "EDU", "BUS", "CRM", "CVL",
    "LEG", "ELI", "HLH", "REF", "AGR", "LAB", "DEV", "ENV", "HRI", "MOD", "RAD", "UAF", "INS",
    "IMG", "SEP", "REL", "MUS", "CHR", "JEW", "HIN", "BUD", "IGO", "NGO", "MNC", "PPL", "CTH",
    "PRO",
];

/// Chunks that may open an actor code with no country (the gazetteer's reading).
pub const FIRST_ACTOR_CHUNKS: [&str; 26] = [
    "IGO", "NGO", "MNC", "IMG", "ELI", "UAF", "REB", "OPP", "CVL", "BUS", "MED", "GOV", "MIL",
    "EDU", "REL", "CHR", "JEW", "HIN", "BUD", "CRM", "HRI", "REF", "LAB", "AGR", "ENV", "HLH",
];

/// True for a chunk of [`GROUPS`].
pub fn is_group(chunk: &str) -> bool {
    GROUPS.contains(&chunk)
}

/// True for a chunk of [`ROLES`].
pub fn is_role(chunk: &str) -> bool {
    ROLES.contains(&chunk)
}

// The Goldstein scale of CAMEO event codes: how much an event of that kind moves relations
// between its actors, from -10 (most conflictual) to +10 (most cooperative).
// The values are GDELT's published lookup (`CAMEO.goldsteinscale.txt`, from
// data.gdeltproject.org/documentation, "The GDELT Project, https://www.gdeltproject.org/"),
// which extends Goldstein's scale (J. S. Goldstein, "A Conflict-Cooperation Scale for WEIS
// Events Data", Journal of Conflict Resolution 36(2), 1992) to every CAMEO code. The table
// is kept as published beside this module (`goldstein.tsv`: 311 codes; copy taken from
// github.com/mpiccirilli/UNDP-BCPR-Project, commit e009a802). GDELT data is free and open
// for any use, citing the GDELT Project. It is not under `models/`: it is a fixed
// published table, not a trained artifact, and changing it must not mark stored records
// as made by another model.

const TABLE: &str = include_str!("goldstein.tsv");

/// The Goldstein score of a CAMEO event code ("0231", "190"), `None` for a code the table
/// does not hold.
pub fn goldstein(code: &str) -> Option<f64> {
    static SCORES: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    SCORES
        .get_or_init(|| {
            TABLE
                .lines()
                .skip(1)
                .filter_map(|line| {
                    let (code, score) = line.split_once('\t')?;
                    Some((code.trim(), score.trim().parse().ok()?))
                })
                .collect()
        })
        .get(code.trim())
        .copied()
}

/// A CAMEO event code: two to four ASCII digits, the first two its root ("04" consult,
/// "042" make a visit, "1123" accuse of aggression).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct CameoCode(String);

/// A string that is not a CAMEO event code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a CAMEO event code (two to four digits, such as 042 or 1123)")]
pub struct NotACameoCode(pub String);

impl FromStr for CameoCode {
    type Err = NotACameoCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(CameoCode(s.to_string()))
        } else {
            Err(NotACameoCode(s.to_string()))
        }
    }
}

impl<'de> Deserialize<'de> for CameoCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl CameoCode {
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The root: the first two digits ("11" for "1123").
    pub fn root(&self) -> &str {
        &self.0[..2]
    }

    /// The base code: the first three digits, or the whole code when it has two.
    pub fn base(&self) -> &str {
        &self.0[..self.0.len().min(3)]
    }

    /// GDELT's quad class of the root: 1 verbal cooperation (01–05), 2 material cooperation
    /// (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20); `None` past 20.
    pub fn quad_class(&self) -> Option<u8> {
        match self.root().parse::<u32>().ok()? {
            1..=5 => Some(1),
            6..=8 => Some(2),
            9..=13 => Some(3),
            14..=20 => Some(4),
            _ => None,
        }
    }

    /// The code's Goldstein score ([`goldstein`]).
    pub fn goldstein(&self) -> Option<f64> {
        goldstein(&self.0)
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A PLOVER event category (serialized as its upper-case name, `CONSULT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)] // the names are PLOVER's own
pub enum PloverCategory {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

/// A string that is not a PLOVER category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a PLOVER category (AGREE, CONSULT, … ASSAULT)")]
pub struct NotAPloverCategory(pub String);

impl PloverCategory {
    /// Every category, in PLOVER's order.
    pub const ALL: [PloverCategory; 16] = [
        PloverCategory::Agree,
        PloverCategory::Consult,
        PloverCategory::Support,
        PloverCategory::Concede,
        PloverCategory::Cooperate,
        PloverCategory::Aid,
        PloverCategory::Retreat,
        PloverCategory::Request,
        PloverCategory::Accuse,
        PloverCategory::Reject,
        PloverCategory::Threaten,
        PloverCategory::Protest,
        PloverCategory::Sanction,
        PloverCategory::Mobilize,
        PloverCategory::Coerce,
        PloverCategory::Assault,
    ];

    /// The upper-case name ("CONSULT"), as PLOVER and the JSON records write it.
    pub fn as_str(self) -> &'static str {
        match self {
            PloverCategory::Agree => "AGREE",
            PloverCategory::Consult => "CONSULT",
            PloverCategory::Support => "SUPPORT",
            PloverCategory::Concede => "CONCEDE",
            PloverCategory::Cooperate => "COOPERATE",
            PloverCategory::Aid => "AID",
            PloverCategory::Retreat => "RETREAT",
            PloverCategory::Request => "REQUEST",
            PloverCategory::Accuse => "ACCUSE",
            PloverCategory::Reject => "REJECT",
            PloverCategory::Threaten => "THREATEN",
            PloverCategory::Protest => "PROTEST",
            PloverCategory::Sanction => "SANCTION",
            PloverCategory::Mobilize => "MOBILIZE",
            PloverCategory::Coerce => "COERCE",
            PloverCategory::Assault => "ASSAULT",
        }
    }
}

impl FromStr for PloverCategory {
    type Err = NotAPloverCategory;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PloverCategory::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| NotAPloverCategory(s.to_string()))
    }
}

impl fmt::Display for PloverCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_codes_parse_and_split() {
        let c: CameoCode = "1123".parse().unwrap();
        assert_eq!((c.root(), c.base(), c.quad_class()), ("11", "112", Some(3)));
        let c: CameoCode = "04".parse().unwrap();
        assert_eq!((c.root(), c.base(), c.quad_class()), ("04", "04", Some(1)));
        assert_eq!("190".parse::<CameoCode>().unwrap().quad_class(), Some(4));
        assert_eq!("210".parse::<CameoCode>().unwrap().quad_class(), None);
        for bad in ["", "4", "12345", "04a", "٠٤٢"] {
            assert!(bad.parse::<CameoCode>().is_err(), "{bad:?}");
        }
        let json = serde_json::to_string(&"042".parse::<CameoCode>().unwrap()).unwrap();
        assert_eq!(json, "\"042\"");
        assert!(serde_json::from_str::<CameoCode>("\"x1\"").is_err());
    }

    #[test]
    fn plover_categories_round_trip_as_their_names() {
        for c in PloverCategory::ALL {
            assert_eq!(c.as_str().parse::<PloverCategory>(), Ok(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<PloverCategory>(&json).unwrap(), c);
        }
        assert!("consult".parse::<PloverCategory>().is_err());
    }

    #[test]
    fn role_lists_are_three_letter_codes_without_repeats() {
        let lists: [&[&str]; 5] = [
            &GROUPS,
            &ROLES,
            &OTHER_NON_STATE,
            &ACTOR_CHUNKS,
            &FIRST_ACTOR_CHUNKS,
        ];
        for list in lists {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "{list:?} repeats a code");
            assert!(list
                .iter()
                .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        }
        assert!(is_group("IGO") && !is_group("GOV") && is_role("GOV") && !is_role("USA"));
        assert!(ROLES.iter().all(|r| !GROUPS.contains(r)));
    }

    #[test]
    fn every_cameo_root_has_a_score_within_the_scale() {
        for root in 1..=20 {
            let code = format!("{root:02}");
            let score = goldstein(&code).unwrap_or_else(|| panic!("no score for {code}"));
            assert!((-10.0..=10.0).contains(&score), "{code}: {score}");
        }
        // Cooperation scores above conflict: provide aid (07) against fight (19).
        assert!(goldstein("07").unwrap() > 0.0 && goldstein("19").unwrap() < 0.0);
        assert_eq!(goldstein("9999"), None);
    }
}
