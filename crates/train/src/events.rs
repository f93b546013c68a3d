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
    for forms in dict.verbs.values_mut() {
        for f in forms.iter_mut() {
            let w = f.words[0].as_str();
            if f.code.is_none() && (w.starts_with("REFUS") || w.starts_with("REJECT")) {
                f.code = Some("120".to_string());
            }
        }
    }
}
