//! Entity resolution against third-party gold data.
//!
//! * **Alias matching** ([`name_bench`]): the OpenSanctions name benchmark
//!   (`name-variants/opensanctions-name-bench/cases.csv`, MIT): labelled same/different name
//!   pairs. Each pair is decided by [`same_name`] ≥ [`MATCH_THRESHOLD`], with the pair's
//!   schema as the type (`Person` → PER; `Company`, `Organization`, `LegalEntity` → ORG;
//!   anything else → MISC), and scored as precision/recall/F1 of the "same" decisions,
//!   separately for the hand-written groups (`nk_checks`, `nk_unit_tests`: the ones that
//!   count) and the LLM-generated ones (`synth_people`, `synth_companies`), and per group.
//! * **Transliteration** ([`transliteration`]): the Wikidata word-level pairs need a
//!   transliteration of the foreign script. Only Cyrillic is transliterated (by
//!   [`readout_pipeline::resolve::names::fold`]), so only `wd_russian_20.tsv` is scored:
//!   recall on its pairs, and the false-match rate on the same words paired with the
//!   Cyrillic of another row (a shifted pairing) as negatives. Arabic, Chinese, Hebrew,
//!   Japanese katakana and Korean are skipped: readout has no tables for them.
//! * **Within-document clustering** ([`meantime`]): MEANTIME English (CAT XML, CC BY 4.0).
//!   The **gold** proper-name mentions (`ENTITY_MENTION syntactic_type="NAM"`), with the
//!   gold entity type of the entity they refer to, are fed in text order to
//!   [`cluster_names`], so the score isolates resolution from tagging. Gold clusters are
//!   the `REFERS_TO` targets; a NAM mention with no `REFERS_TO` is a singleton. Scored by
//!   B³ (averaged over mentions of all documents) and MUC, with two baselines for scale:
//!   every mention alone, and exact (folded) string match.

use std::collections::HashMap;
use std::path::Path;

use readout_core::EntityType;
use readout_pipeline::resolve::names::fold;
use readout_pipeline::resolve::{cluster_names, same_name, MATCH_THRESHOLD};
use serde::Serialize;

use crate::coref::{b_cubed_sums, muc_counts};
use crate::csv::csv_fields;
use crate::{Error, Result};

/// Precision, recall and F1 of binary "same" decisions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PairScore {
    /// Pairs scored.
    pub pairs: usize,
    /// Gold same, decided same.
    pub true_positives: usize,
    /// Gold different, decided same.
    pub false_positives: usize,
    /// Gold same, decided different.
    pub false_negatives: usize,
    /// Gold different, decided different.
    pub true_negatives: usize,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl PairScore {
    fn add(&mut self, gold: bool, decided: bool) {
        self.pairs += 1;
        match (gold, decided) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            (true, false) => self.false_negatives += 1,
            (false, false) => self.true_negatives += 1,
        }
        let (tp, fp, fn_) = (
            self.true_positives as f64,
            self.false_positives as f64,
            self.false_negatives as f64,
        );
        self.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        self.recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        self.f1 = f1(self.precision, self.recall);
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// One wrongly decided pair, for reading errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairError {
    /// Case group.
    pub group: String,
    /// First name.
    pub name1: String,
    /// Second name.
    pub name2: String,
    /// Gold label.
    pub is_match: bool,
    /// The label's certainty (STRONG, MEDIUM, WEAK).
    pub quality: String,
    /// [`same_name`]'s score.
    pub score: f64,
}

/// Result of [`name_bench`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct NameBenchReport {
    /// The decision threshold used.
    pub threshold: f64,
    /// `nk_checks` and `nk_unit_tests` together: hand-written cases.
    pub hand_written: PairScore,
    /// `synth_people` and `synth_companies` together: LLM-proposed cases.
    pub generated: PairScore,
    /// Every group on its own, by name.
    pub groups: Vec<(String, PairScore)>,
    /// Wrong decisions on hand-written STRONG and MEDIUM cases.
    pub errors: Vec<PairError>,
}

fn schema_type(schema: &str) -> EntityType {
    match schema {
        "Person" => EntityType::Person,
        "Company" | "Organization" | "LegalEntity" => EntityType::Organization,
        _ => EntityType::Misc,
    }
}

/// Score [`same_name`] on the OpenSanctions name benchmark (`cases.csv`).
pub fn name_bench(cases_csv: &Path) -> Result<NameBenchReport> {
    let bytes = crate::read_file(cases_csv)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut report = NameBenchReport {
        threshold: MATCH_THRESHOLD,
        ..Default::default()
    };
    let mut groups: Vec<(String, PairScore)> = Vec::new();
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    if !header.starts_with("case_group") {
        return Err(Error::Format {
            path: cases_csv.display().to_string(),
            message: "expected a header starting with case_group".into(),
        });
    }
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f = csv_fields(line);
        if f.len() < 6 {
            continue;
        }
        let (group, schema, n1, n2, label, quality) = (&f[0], &f[1], &f[2], &f[3], &f[4], &f[5]);
        let gold = label.eq_ignore_ascii_case("true");
        let score = same_name(n1, n2, schema_type(schema));
        let decided = score >= MATCH_THRESHOLD;
        let slot = match groups.iter().position(|g| &g.0 == group) {
            Some(i) => i,
            None => {
                groups.push((group.clone(), PairScore::default()));
                groups.len() - 1
            }
        };
        groups[slot].1.add(gold, decided);
        let hand = matches!(group.as_str(), "nk_checks" | "nk_unit_tests");
        if hand {
            report.hand_written.add(gold, decided);
            if gold != decided && quality != "WEAK" {
                report.errors.push(PairError {
                    group: group.clone(),
                    name1: n1.clone(),
                    name2: n2.clone(),
                    is_match: gold,
                    quality: quality.clone(),
                    score,
                });
            }
        } else if group.starts_with("synth_") {
            report.generated.add(gold, decided);
        }
    }
    report.groups = groups;
    Ok(report)
}

/// Result of [`transliteration`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct TransliterationReport {
    /// The file scored (Russian only: see the module notes).
    pub file: String,
    /// Pairs scored.
    pub pairs: usize,
    /// Share of true pairs decided "same".
    pub recall: f64,
    /// Share of shifted (false) pairs decided "same".
    pub false_match_rate: f64,
    /// Scripts skipped for want of transliteration tables.
    pub skipped: Vec<String>,
}

/// Score Cyrillic transliteration on `wd_russian_20.tsv` in `dir`.
pub fn transliteration(dir: &Path) -> Result<TransliterationReport> {
    let path = dir.join("wd_russian_20.tsv");
    let bytes = crate::read_file(&path)?;
    let text = String::from_utf8_lossy(&bytes);
    let rows: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let latin = f.next()?.trim().to_string();
            let target: String = f.next()?.split_whitespace().collect();
            (!latin.is_empty() && !target.is_empty()).then_some((latin, target))
        })
        .collect();
    let n = rows.len();
    let (mut hits, mut false_hits) = (0usize, 0usize);
    for (i, (latin, cyr)) in rows.iter().enumerate() {
        if same_name(latin, cyr, EntityType::Person) >= MATCH_THRESHOLD {
            hits += 1;
        }
        // A fixed shift pairs each word with an unrelated one.
        let other = &rows[(i + n / 2 + 1) % n.max(1)].1;
        if other != cyr && same_name(latin, other, EntityType::Person) >= MATCH_THRESHOLD {
            false_hits += 1;
        }
    }
    let d = n.max(1) as f64;
    Ok(TransliterationReport {
        file: path.display().to_string(),
        pairs: n,
        recall: hits as f64 / d,
        false_match_rate: false_hits as f64 / d,
        skipped: ["arabic", "chinese", "hebrew", "katakana", "korean"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    })
}

/// B³ or MUC precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ClusterScore {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// Result of [`meantime`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeantimeReport {
    /// Documents read.
    pub documents: usize,
    /// Gold proper-name mentions clustered.
    pub mentions: usize,
    /// Gold entities (clusters) among them.
    pub gold_clusters: usize,
    /// Clusters readout made.
    pub predicted_clusters: usize,
    /// B³ of readout's clustering.
    pub b_cubed: ClusterScore,
    /// MUC of readout's clustering.
    pub muc: ClusterScore,
    /// B³ when every mention is alone (the floor).
    pub b_cubed_singletons: ClusterScore,
    /// B³ of exact (folded) string match.
    pub b_cubed_exact: ClusterScore,
    /// Seconds spent in [`cluster_names`] over all documents.
    pub cluster_seconds: f64,
}

/// Gold NAM mentions of one CAT XML document: (text, type, gold cluster key) in text order.
type GoldMentions = Vec<(String, EntityType, String)>;

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let rest = &tag[i..];
    Some(&rest[..rest.find('"')?])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Read one MEANTIME CAT XML file.
fn read_cat(xml: &str) -> GoldMentions {
    let mut tokens: HashMap<String, String> = HashMap::new();
    let mut order: HashMap<String, usize> = HashMap::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<token ") {
        rest = &rest[i..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        let Some(end) = rest.find("</token>") else {
            break;
        };
        if let Some(id) = attr(tag, "t_id") {
            order.insert(id.to_string(), order.len());
            tokens.insert(id.to_string(), unescape(&rest[close + 1..end]));
        }
        rest = &rest[end..];
    }
    // Entities and their types.
    let mut ent_type: HashMap<String, EntityType> = HashMap::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<ENTITY ") {
        rest = &rest[i..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let (Some(id), Some(t)) = (attr(tag, "m_id"), attr(tag, "ent_type")) {
            let kind = match t {
                "PER" => EntityType::Person,
                "ORG" => EntityType::Organization,
                "LOC" => EntityType::Location,
                _ => EntityType::Misc,
            };
            ent_type.insert(id.to_string(), kind);
        }
        rest = &rest[1..];
    }
    // Mention → entity.
    let mut refers: HashMap<String, String> = HashMap::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<REFERS_TO") {
        rest = &rest[i..];
        let end = rest.find("</REFERS_TO>").unwrap_or(rest.len());
        let block = &rest[..end];
        let target = block
            .find("<target ")
            .and_then(|j| attr(&block[j..], "m_id"));
        if let Some(t) = target {
            let mut b = block;
            while let Some(j) = b.find("<source ") {
                b = &b[j..];
                if let Some(s) = attr(&b[..b.find('>').unwrap_or(b.len())], "m_id") {
                    refers.insert(s.to_string(), t.to_string());
                }
                b = &b[1..];
            }
        }
        rest = &rest[end.max(1).min(rest.len())..];
    }
    // NAM mentions.
    let mut out: Vec<(usize, String, EntityType, String)> = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<ENTITY_MENTION") {
        rest = &rest[i..];
        let close = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..close];
        let self_closing = tag.ends_with('/');
        let end = if self_closing {
            close
        } else {
            rest.find("</ENTITY_MENTION>").unwrap_or(rest.len())
        };
        let body = &rest[close.min(end)..end];
        if attr(tag, "syntactic_type") == Some("NAM") {
            if let Some(mid) = attr(tag, "m_id") {
                let mut ids: Vec<&str> = Vec::new();
                let mut b = body;
                while let Some(j) = b.find("t_id=\"") {
                    b = &b[j + 6..];
                    if let Some(q) = b.find('"') {
                        ids.push(&b[..q]);
                    }
                }
                let mut words: Vec<(usize, &str)> = ids
                    .iter()
                    .filter_map(|id| Some((*order.get(*id)?, tokens.get(*id)?.as_str())))
                    .collect();
                words.sort_unstable();
                let mut text = String::new();
                for (_, w) in &words {
                    let glue = w.starts_with('\'') || w.starts_with(',') || w.starts_with('.');
                    if !text.is_empty() && !glue {
                        text.push(' ');
                    }
                    text.push_str(w);
                }
                let ent = refers.get(mid).cloned();
                let kind = ent
                    .as_ref()
                    .and_then(|e| ent_type.get(e).copied())
                    .unwrap_or(EntityType::Misc);
                let key = ent.unwrap_or_else(|| format!("single:{mid}"));
                if let Some(&(first, _)) = words.first() {
                    out.push((first, text, kind, key));
                }
            }
        }
        rest = &rest[end.max(1).min(rest.len())..];
    }
    out.sort_by_key(|x| x.0);
    out.into_iter().map(|(_, t, k, g)| (t, k, g)).collect()
}

fn ids_of(keys: &[String]) -> Vec<usize> {
    let mut map: HashMap<&str, usize> = HashMap::new();
    keys.iter()
        .map(|k| {
            let n = map.len();
            *map.entry(k.as_str()).or_insert(n)
        })
        .collect()
}

fn score(p: f64, r: f64) -> ClusterScore {
    ClusterScore {
        precision: p,
        recall: r,
        f1: f1(p, r),
    }
}

/// Score [`cluster_names`] on the gold proper-name mentions of MEANTIME English; `dir` is
/// the `meantime-en` folder.
pub fn meantime(dir: &Path) -> Result<MeantimeReport> {
    let root = dir.join("intra-doc_annotation");
    let mut files = Vec::new();
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| Error::Io { path, source }
    };
    for corpus in std::fs::read_dir(&root).map_err(io(&root))? {
        let corpus = corpus.map_err(io(&root))?.path();
        if !corpus.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&corpus).map_err(io(&corpus))? {
            let f = f.map_err(io(&corpus))?.path();
            if f.extension().is_some_and(|e| e == "xml") {
                files.push(f);
            }
        }
    }
    files.sort();
    let mut report = MeantimeReport::default();
    let (mut bp, mut br, mut n) = (0.0, 0.0, 0.0);
    let (mut sp, mut sr, mut ep, mut er) = (0.0, 0.0, 0.0, 0.0);
    let (mut mr_num, mut mr_den, mut mp_num, mut mp_den) = (0.0, 0.0, 0.0, 0.0);
    let mut seconds = 0.0;
    for f in &files {
        let xml = String::from_utf8_lossy(&crate::read_file(f)?).into_owned();
        let gold_mentions = read_cat(&xml);
        report.documents += 1;
        if gold_mentions.is_empty() {
            continue;
        }
        let input: Vec<(&str, EntityType)> = gold_mentions
            .iter()
            .map(|(t, k, _)| (t.as_str(), *k))
            .collect();
        let start = std::time::Instant::now();
        let pred = cluster_names(&input);
        seconds += start.elapsed().as_secs_f64();
        let keys: Vec<String> = gold_mentions.iter().map(|x| x.2.clone()).collect();
        let gold = ids_of(&keys);
        let (p, r) = b_cubed_sums(&gold, &pred);
        bp += p;
        br += r;
        n += gold.len() as f64;
        let singles: Vec<usize> = (0..gold.len()).collect();
        let (p, r) = b_cubed_sums(&gold, &singles);
        sp += p;
        sr += r;
        let exact_keys: Vec<String> = gold_mentions.iter().map(|x| fold(&x.0)).collect();
        let (p, r) = b_cubed_sums(&gold, &ids_of(&exact_keys));
        ep += p;
        er += r;
        let (a, b) = muc_counts(&gold, &pred);
        mr_num += a;
        mr_den += b;
        let (a, b) = muc_counts(&pred, &gold);
        mp_num += a;
        mp_den += b;
        report.mentions += gold.len();
        report.gold_clusters += gold.iter().max().map_or(0, |m| m + 1);
        report.predicted_clusters += pred.iter().max().map_or(0, |m| m + 1);
    }
    let n = n.max(1.0);
    report.b_cubed = score(bp / n, br / n);
    report.b_cubed_singletons = score(sp / n, sr / n);
    report.b_cubed_exact = score(ep / n, er / n);
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    report.muc = score(div(mp_num, mp_den), div(mr_num, mr_den));
    report.cluster_seconds = seconds;
    Ok(report)
}

/// All three evaluations, each `None` when its data is missing.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResolveReport {
    /// [`name_bench`].
    pub name_bench: Option<NameBenchReport>,
    /// [`transliteration`].
    pub transliteration: Option<TransliterationReport>,
    /// [`meantime`].
    pub meantime: Option<MeantimeReport>,
}

/// Run every resolution evaluation found under `shared_data` (the `shared/data` folder).
pub fn evaluate(shared_data: &Path) -> Result<ResolveReport> {
    let cases = shared_data.join("name-variants/opensanctions-name-bench/cases.csv");
    let translit = shared_data.join("name-variants/wikidata-transliteration");
    let mt = shared_data.join("meantime-en");
    Ok(ResolveReport {
        name_bench: if cases.exists() {
            Some(name_bench(&cases)?)
        } else {
            None
        },
        transliteration: if translit.join("wd_russian_20.tsv").exists() {
            Some(transliteration(&translit)?)
        } else {
            None
        },
        meantime: if mt.join("intra-doc_annotation").exists() {
            Some(meantime(&mt)?)
        } else {
            None
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b_cubed_and_muc_on_a_small_example() {
        let gold = [0, 0, 1];
        assert_eq!(b_cubed_sums(&gold, &gold), (3.0, 3.0));
        let (p, r) = b_cubed_sums(&gold, &[0, 1, 2]);
        assert!((p - 3.0).abs() < 1e-9 && (r - 2.0).abs() < 1e-9);
        assert_eq!(muc_counts(&gold, &[0, 1, 2]), (0.0, 1.0));
    }

    #[test]
    fn cat_xml_gold_mentions_are_read() {
        let xml = r#"<Document><token t_id="1" sentence="0">Ilse</token>
<token t_id="2" sentence="0">Marrow</token><token t_id="3" sentence="0">spoke</token>
<token t_id="4" sentence="1">Marrow</token>
<Markables><ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/><token_anchor t_id="2"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="4"/></ENTITY_MENTION>
<ENTITY m_id="9" ent_type="PER" TAG_DESCRIPTOR="x"/></Markables>
<Relations><REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><target m_id="9"/></REFERS_TO></Relations></Document>"#;
        let m = read_cat(xml);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].0, "Ilse Marrow");
        assert_eq!(m[0].1, EntityType::Person);
        assert_eq!(m[0].2, m[1].2);
    }
}
