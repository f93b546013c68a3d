//! Compiling the event coder's dictionary (`readout train events`): the PETRARCH-2 /
//! Phoenix dictionaries, read by [`from_petrarch_dir`] with readout's own additions
//! ([`add_readout_verb_codes`]), written in readout's own gzip'd TSV form
//! (`models/events/cameo.tsv.gz`), which the pipeline embeds.

use std::path::Path;

use readout_pipeline::events::dictionary::{verb_inflections, Pattern, PatternItem, VerbForm};
use readout_pipeline::events::{Dictionary, DictionaryError};

/// Compile the PETRARCH-2 / Phoenix dictionaries in `dir` (and the CAMEO→PLOVER table
/// `plover`) into readout's gzip'd TSV at `out`. This is what `readout train events` runs;
/// the output is deterministic (sorted), so rebuilding gives the same bytes.
pub fn compile(
    dir: &Path,
    plover: Option<&Path>,
    out: &Path,
) -> Result<Dictionary, DictionaryError> {
    let dict = from_petrarch_dir(dir, plover)?;
    crate::write_gz(out, |gz| dict.write_tsv(gz)).map_err(|source| DictionaryError::Write {
        path: out.display().to_string(),
        source,
    })?;
    Ok(dict)
}

/// Read the PETRARCH-2 / Phoenix dictionaries from a folder holding `CAMEO.2.0.txt`,
/// `Phoenix.Countries.actors.txt`, `Phoenix.International.actors.txt`,
/// `Phoenix.MilNonState.actors.txt`, `Phoenix.agents.txt`, `CAMEO_codefile.txt`; the
/// CAMEO→PLOVER table is read from `plover` when given.
pub fn from_petrarch_dir(dir: &Path, plover: Option<&Path>) -> Result<Dictionary, DictionaryError> {
    let read = |path: &Path| {
        crate::read_lossy(path).map_err(|source| DictionaryError::Read {
            path: path.display().to_string(),
            source,
        })
    };
    let mut dict = Dictionary::default();
    dict.read_verbs(&read(&dir.join("CAMEO.2.0.txt"))?);
    add_readout_verb_codes(&mut dict);
    add_light_verb_events(&mut dict);
    for name in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        dict.read_actors(&read(&dir.join(name))?);
    }
    dict.read_agents(&read(&dir.join("Phoenix.agents.txt"))?);
    dict.read_labels(&read(&dir.join("CAMEO_codefile.txt"))?);
    if let Some(p) = plover {
        dict.read_plover(&read(p)?);
    }
    Ok(dict)
}

/// readout's additions to the verb dictionary: the REFUSE block has no code of its own
/// (PETRARCH-2 composes it with the refused verb); readout codes a refusal as CAMEO 120
/// (Reject) and lets the refused verb ("refused to meet X") belong to it.
///
/// "Launch" gets patterns for military action (an offensive, a military operation, an
/// invasion, air strikes → 190/192/195), which the START block lacks.
///
/// Two common verbs of diplomatic news are missing from CAMEO.2.0.txt: "urge" (an
/// appeal: it joins the APPEAL block and its patterns, code 020) and "sanction" (CAMEO
/// 163, impose embargo or sanctions).
pub fn add_readout_verb_codes(dict: &mut Dictionary) {
    let appeal_block = dict
        .verbs
        .get("APPEAL")
        .and_then(|forms| forms.iter().find(|f| f.words.len() == 1))
        .map(|f| f.block);
    let sanction_block = dict.patterns.len() as u32;
    dict.patterns.push(Vec::new());
    let additions = [
        ("URGE", appeal_block.unwrap_or(sanction_block), "020"),
        ("SANCTION", sanction_block, "163"),
    ];
    for (base, block, code) in additions {
        if dict.verbs.contains_key(base) {
            continue;
        }
        for form in verb_inflections(base) {
            dict.verbs.entry(form.clone()).or_default().push(VerbForm {
                words: vec![form],
                block,
                code: Some(code.to_string()),
            });
        }
    }
    // "launch/start/begin" (the START block) has patterns for campaigns, talks and visits
    // but none for military action: "launched an offensive / a military operation / an
    // invasion / air strikes".
    if let Some(start_block) = dict
        .verbs
        .get("LAUNCH")
        .and_then(|forms| forms.iter().find(|f| f.words.len() == 1))
        .map(|f| f.block as usize)
    {
        let word = |w: &str| PatternItem::Word(vec![w.to_string()]);
        let next = |w: &str| PatternItem::Adjacent(vec![w.to_string()]);
        let military = [
            "MILITARY",
            "ARMED",
            "GROUND",
            "SPECIAL",
            "COUNTER-TERRORIST",
            "ANTI-TERRORIST",
        ];
        let added = [
            (
                vec![
                    PatternItem::Word(military.iter().map(|m| m.to_string()).collect()),
                    next("OPERATION"),
                ],
                "190",
            ),
            (vec![word("OFFENSIVE")], "190"),
            (vec![word("ATTACK")], "190"),
            (vec![word("ASSAULT")], "190"),
            (vec![word("INVASION")], "192"),
            (vec![word("AIRSTRIKES")], "195"),
            (vec![word("AIR"), next("STRIKES")], "195"),
            (vec![word("AIRSTRIKE")], "195"),
        ];
        if let Some(patterns) = dict.patterns.get_mut(start_block) {
            for (post, code) in added {
                patterns.push(Pattern {
                    pre: Vec::new(),
                    post,
                    code: Some(code.to_string()),
                });
            }
        }
    }
    add_idiom_patterns(dict);
    for forms in dict.verbs.values_mut() {
        for f in forms.iter_mut() {
            let w = f.words[0].as_str();
            if f.code.is_none() && (w.starts_with("REFUS") || w.starts_with("REJECT")) {
                f.code = Some("120".to_string());
            }
            // "Leave" codes a consultation by itself in CAMEO.2.0.txt, so "the troops left
            // the country" and "X will leave the union" were talks; its patterns ("left
            // for talks", "for a summit") keep the visits.
            if f.words.len() == 1 && matches!(w, "LEAVE" | "LEAVES" | "LEAVING" | "LEFT") {
                f.code = None;
            }
        }
    }
}

/// The block of the verb written `words` ("TAKE", or "TAKE OVER"), if the dictionary has it.
fn verb_block(dict: &Dictionary, words: &[&str]) -> Option<usize> {
    dict.verbs
        .get(words[0])
        .and_then(|forms| forms.iter().find(|f| f.words == words))
        .map(|f| f.block as usize)
}

/// Add a pattern of one word after the verb to a block.
fn push_pattern(dict: &mut Dictionary, block: usize, item: PatternItem, code: Option<&str>) {
    if let Some(patterns) = dict.patterns.get_mut(block) {
        patterns.push(Pattern {
            pre: Vec::new(),
            post: vec![item],
            code: code.map(str::to_string),
        });
    }
}

/// Patterns of "hold" and "take" the CAMEO dictionary lacks.
fn add_idiom_patterns(dict: &mut Dictionary) {
    // "HOLD" is "[---]" in CAMEO.2.0.txt (the verb alone is no event: "held the
    // documents", "held in banks"); what it confines is named by its object: people held
    // hostage, prisoner or as shields are coerced (the CONFINE block's 170). Words that name
    // how people are held, not the people themselves: a pattern's words are never its
    // recipient ("held dozens of villagers as shields").
    if let Some(hold) = verb_block(dict, &["HOLD"]) {
        for w in [
            "HOSTAGE",
            "HOSTAGES",
            "CAPTIVE",
            "CAPTIVES",
            "PRISONER",
            "PRISONERS",
            "SHIELDS",
        ] {
            push_pattern(
                dict,
                hold,
                PatternItem::Word(vec![w.to_string()]),
                Some("170"),
            );
        }
    }
    // "take" seizes (171) in CAMEO.2.0.txt, so its idioms were seizures: "the tariffs take
    // effect", "took office", "take place", "take X into account". They are no events.
    if let Some(take) = verb_block(dict, &["TAKE"]) {
        for w in [
            "EFFECT",
            "OFFICE",
            "PLACE",
            "ACCOUNT",
            "CARE",
            "ADVANTAGE",
            "TIME",
            "LOOK",
            "SHAPE",
            "ROOT",
            "PRIDE",
        ] {
            // "take X into account": the object may stand between.
            let item = if w == "ACCOUNT" {
                PatternItem::Word(vec![w.to_string()])
            } else {
                PatternItem::Adjacent(vec![w.to_string()])
            };
            push_pattern(dict, take, item, None);
        }
    }
    // "took over as chairman": a new role, not a seizure.
    if let Some(over) = verb_block(dict, &["TAKE", "OVER"]) {
        push_pattern(
            dict,
            over,
            PatternItem::Adjacent(vec!["AS".to_string()]),
            None,
        );
    }
}

/// Verbs that only carry an event named by their object ("staged a demonstration",
/// "continued their hunger strike", "imposed a curfew", "mounted an invasion"), with their
/// irregular forms; readout's own list.
const LIGHT_VERBS: &[(&str, &[&str], &[&str])] = &[
    // (base, irregular forms, the kinds of event noun they carry)
    ("STAGE", &[], &["protest"]),
    ("HOLD", &["HELD"], &["protest"]),
    ("ORGANIZE", &[], &["protest"]),
    ("ORGANISE", &[], &["protest"]),
    ("CONTINUE", &[], &["protest"]),
    (
        "BEGIN",
        &["BEGAN", "BEGUN", "BEGINNING"],
        &["protest", "retreat"],
    ),
    ("COMPLETE", &[], &["retreat"]),
    ("START", &[], &["retreat"]),
    ("LEAD", &["LED"], &["protest"]),
    ("JOIN", &[], &["protest"]),
    ("IMPOSE", &[], &["coercion"]),
    ("DECLARE", &[], &["coercion"]),
    ("EXTEND", &[], &["coercion"]),
    ("TIGHTEN", &[], &["coercion"]),
    ("MOUNT", &[], &["force"]),
    ("CONDUCT", &[], &["force"]),
];

/// Event nouns by kind: the words (adjacent), and the CAMEO code of the event they name.
const EVENT_NOUNS: &[(&str, &[&str], &str)] = &[
    ("protest", &["DEMONSTRATION"], "141"),
    ("protest", &["PROTEST"], "141"),
    ("protest", &["RALLY"], "141"),
    ("protest", &["RALLIES"], "141"),
    ("protest", &["MARCH"], "141"),
    ("protest", &["SIT-IN"], "141"),
    ("protest", &["HUNGER", "STRIKE"], "142"),
    ("protest", &["GENERAL", "STRIKE"], "143"),
    ("protest", &["BOYCOTT"], "143"),
    ("coercion", &["CURFEW"], "1723"),
    ("coercion", &["MARTIAL", "LAW"], "1724"),
    ("coercion", &["STATE", "OF", "EMERGENCY"], "1724"),
    ("coercion", &["STATE", "OF", "SIEGE"], "1724"),
    ("coercion", &["BLOCKADE"], "191"),
    ("coercion", &["EMBARGO"], "163"),
    ("retreat", &["WITHDRAWAL"], "0874"),
    ("retreat", &["PULLOUT"], "0874"),
    ("retreat", &["PULLBACK"], "0874"),
    ("force", &["ATTACK"], "190"),
    ("force", &["RAID"], "190"),
    ("force", &["OFFENSIVE"], "190"),
    ("force", &["ASSAULT"], "190"),
    ("force", &["INVASION"], "192"),
    ("force", &["AIRSTRIKE"], "195"),
    ("force", &["AIR", "STRIKES"], "195"),
];

/// readout's light verbs ([`LIGHT_VERBS`]) with the event nouns they carry
/// ([`EVENT_NOUNS`]) as patterns of their verb block (a new block, coding nothing by
/// itself, for a verb the dictionary lacks). The CAMEO dictionary has some ("stage a
/// demonstration") but not these verbs' protests, curfews and invasions.
pub fn add_light_verb_events(dict: &mut Dictionary) {
    for (base, irregular, kinds) in LIGHT_VERBS {
        let existing = dict
            .verbs
            .get(*base)
            .and_then(|forms| forms.iter().find(|f| f.words.len() == 1))
            .map(|f| f.block);
        let block = existing.unwrap_or_else(|| {
            dict.patterns.push(Vec::new());
            (dict.patterns.len() - 1) as u32
        });
        let mut forms = verb_inflections(base);
        forms.extend(irregular.iter().map(|f| f.to_string()));
        for form in forms {
            let entry = dict.verbs.entry(form.clone()).or_default();
            if !entry.iter().any(|f| f.words.len() == 1) {
                entry.push(VerbForm {
                    words: vec![form],
                    block,
                    code: None,
                });
            }
        }
        let Some(patterns) = dict.patterns.get_mut(block as usize) else {
            continue;
        };
        for (_, words, code) in EVENT_NOUNS.iter().filter(|(k, _, _)| kinds.contains(k)) {
            let post: Vec<PatternItem> = words
                .iter()
                .enumerate()
                .map(|(k, w)| {
                    let alts = vec![w.to_string()];
                    if k == 0 {
                        PatternItem::Word(alts)
                    } else {
                        PatternItem::Adjacent(alts)
                    }
                })
                .collect();
            if !patterns.iter().any(|p| p.pre.is_empty() && p.post == post) {
                patterns.push(Pattern {
                    pre: Vec::new(),
                    post,
                    code: Some(code.to_string()),
                });
            }
        }
    }
}
