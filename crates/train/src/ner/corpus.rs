//! Unlabeled English news text for word clusters, gathered from the data sets under the shared
//! data folder. Only training and development splits are read: CoNLL-2003 `eng.train` (never
//! `eng.testa`/`eng.testb`), and the train/dev parts of the other sets, so no evaluation text
//! shapes the features. Raw text goes through readout's own normalizer, tokenizer and
//! splitter, so the clusters see the tokens the tagger will see. Repeated paragraphs are read
//! once. A source that is absent is skipped.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use readout_pipeline::{normalize, segment, tokenize};

/// Tokenized sentences.
pub type Sentences = Vec<Vec<String>>;

/// Raw text → sentences, skipping paragraphs seen before.
/// Raw text → sentences of tokens with readout's own normalizer, tokenizer and splitter,
/// one paragraph (non-empty line) at a time. Paragraphs already seen anywhere are skipped:
/// NeuS repeats excerpts across files and news text repeats boilerplate.
struct RawText {
    seen: HashSet<String>,
}

impl RawText {
    fn add(&mut self, text: &str, out: &mut Sentences) {
        let normalized = normalize::normalize(text).text;
        for para in normalized.split('\n') {
            let para = para.trim();
            if para.is_empty() || !self.seen.insert(para.to_string()) {
                continue;
            }
            let tokens = tokenize::tokenize(para);
            for range in segment::split(para, &tokens) {
                let sentence: Vec<String> = tokens[range].iter().map(|t| t.text.clone()).collect();
                if !sentence.is_empty() {
                    out.push(sentence);
                }
            }
        }
    }
}

/// Files under `dir` (recursively) whose name ends with `suffix`, sorted for determinism.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Read a text file; a missing or unreadable file reads as empty (that source is skipped).
fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// CoNLL-2003 eng.train: first column of each non-blank line; blank line = sentence end;
/// -DOCSTART- lines skipped.
fn conll_train(data: &Path) -> Sentences {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in read(&data.join("conll2003-en/eng.train")).lines() {
        let word = line.split(' ').next().unwrap_or("");
        if line.trim().is_empty() || word == "-DOCSTART-" {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push(word.to_string());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// ECB+ Train and Dev token files (`doc_id \t sent_id \t token_id \t token \t chain`);
/// a sentence is a run of lines with the same (doc_id, sent_id).
fn ecbplus(data: &Path) -> Sentences {
    let mut out = Vec::new();
    for split in ["Train", "Dev"] {
        let text = read(&data.join(format!("ecbplus/ECB_{split}_corpus.txt")));
        let mut key = (String::new(), String::new());
        let mut cur: Vec<String> = Vec::new();
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                continue;
            }
            if (f[0], f[1]) != (key.0.as_str(), key.1.as_str()) {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                key = (f[0].to_string(), f[1].to_string());
            }
            cur.push(f[3].to_string());
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// MEANTIME English (intra-doc annotation): `<token ... sentence="N" ...>word</token>`,
/// grouped by sentence number within a file.
fn meantime(data: &Path) -> Sentences {
    let mut out = Vec::new();
    for p in files(&data.join("meantime-en/intra-doc_annotation"), ".xml") {
        let text = read(&p);
        let mut sentences: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for chunk in text.split("<token ").skip(1) {
            let Some(s) = chunk.split("sentence=\"").nth(1) else {
                continue;
            };
            let Ok(n) = s.split('"').next().unwrap_or("").parse::<usize>() else {
                continue;
            };
            let Some(start) = chunk.find('>') else {
                continue;
            };
            let Some(end) = chunk.find("</token>") else {
                continue;
            };
            sentences
                .entry(n)
                .or_default()
                .push(xml_unescape(&chunk[start + 1..end]));
        }
        out.extend(sentences.into_values());
    }
    out
}

/// TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT, not the te3-platinum test set): the text
/// between <TEXT> and </TEXT>, tags stripped, entities unescaped.
fn tempeval(data: &Path, raw: &mut RawText) -> Sentences {
    let mut out = Vec::new();
    for p in files(&data.join("tempeval3/TBAQ-cleaned"), ".tml") {
        let text = read(&p);
        let (Some(a), Some(b)) = (text.find("<TEXT>"), text.find("</TEXT>")) else {
            continue;
        };
        let mut plain = String::new();
        let mut in_tag = false;
        for c in text[a + 6..b].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        raw.add(&xml_unescape(&plain), &mut out);
    }
    out
}

/// PolNeAR train/ and dev/ article texts (title + body, plain UTF-8).
fn polnear(data: &Path, raw: &mut RawText) -> Sentences {
    let mut out = Vec::new();
    for split in ["train", "dev"] {
        for p in files(&data.join(format!("polnear/{split}/text")), ".txt") {
            raw.add(&read(&p), &mut out);
        }
    }
    out
}

/// BASIL articles: title, then body-paragraphs (a list of paragraphs, each a list of
/// sentences).
fn basil(data: &Path, raw: &mut RawText) -> Sentences {
    let mut out = Vec::new();
    for p in files(&data.join("basil/articles"), ".json") {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&read(&p)) else {
            continue;
        };
        let mut text = String::new();
        if let Some(t) = v["title"].as_str() {
            text.push_str(t);
            text.push('\n');
        }
        for para in v["body-paragraphs"].as_array().into_iter().flatten() {
            let sents: Vec<&str> = para
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str())
                .collect();
            text.push_str(&sents.join(" "));
            text.push('\n');
        }
        raw.add(&text, &mut out);
    }
    out
}

/// NewsWCL50 articles/event_*/*.txt: one paragraph per line, headline first.
fn newswcl50(data: &Path, raw: &mut RawText) -> Sentences {
    let mut out = Vec::new();
    for p in files(&data.join("newswcl50/articles"), ".txt") {
        raw.add(&read(&p), &mut out);
    }
    out
}

/// NeuS/AllSides: the probe train/val .source (segments `TITLE=> … ARTICLE=> …` joined by
/// ` [SEP] `) and .target (same shape), and raw_crawled/*.jsonl (roundup[] and, per side,
/// newsTitle and newBody[]). The probe test split is skipped.
fn neus(data: &Path, raw: &mut RawText) -> Sentences {
    let mut out = Vec::new();
    let dir = data.join("neus-allsides/naacl2022_lrc_roundup_random_order_probe");
    for split in ["train", "val"] {
        for ext in ["source", "target"] {
            for line in read(&dir.join(format!("{split}.{ext}"))).lines() {
                let mut text = String::new();
                for seg in line.split(" [SEP] ") {
                    let seg = seg.trim().trim_start_matches("TITLE=>").trim();
                    for part in seg.splitn(2, "ARTICLE=>") {
                        text.push_str(part.trim());
                        text.push('\n');
                    }
                }
                raw.add(&text, &mut out);
            }
        }
    }
    for p in files(&data.join("neus-allsides/raw_crawled"), ".jsonl") {
        for line in read(&p).lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let mut text = String::new();
            for r in v["roundup"].as_array().into_iter().flatten() {
                text.push_str(r.as_str().unwrap_or(""));
                text.push('\n');
            }
            for side in ["left", "center", "right"] {
                let n = &v["news"][side];
                if let Some(t) = n["newsTitle"].as_str() {
                    text.push_str(t);
                    text.push('\n');
                }
                for b in n["newBody"].as_array().into_iter().flatten() {
                    text.push_str(b.as_str().unwrap_or(""));
                    text.push('\n');
                }
            }
            raw.add(&text, &mut out);
        }
    }
    out
}

/// Zyte article-extraction-benchmark ground-truth.json: articleBody of the English pages,
/// judged by the text itself: ≥ 95% ASCII characters and ≥ 5% of words among
/// the/and/of/to/a/in/is (the non-English pages score ≤ 4%).
fn aeb(data: &Path, raw: &mut RawText) -> Sentences {
    let mut out = Vec::new();
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&read(
        &data.join("article-extraction-benchmark/ground-truth.json"),
    )) else {
        return out;
    };
    let Some(obj) = v.as_object() else { return out };
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    for k in keys {
        let body = obj[k]["articleBody"].as_str().unwrap_or("");
        let chars = body.chars().count().max(1);
        let ascii = body.chars().filter(char::is_ascii).count() as f64 / chars as f64;
        let words: Vec<String> = body.split_whitespace().map(str::to_lowercase).collect();
        let common = words
            .iter()
            .filter(|w| ["the", "and", "of", "to", "a", "in", "is"].contains(&w.as_str()))
            .count() as f64
            / words.len().max(1) as f64;
        if ascii >= 0.95 && common >= 0.05 {
            raw.add(body, &mut out);
        }
    }
    out
}

/// Gather the unlabeled corpus: `(source name, sentences)` per source, in a fixed order.
pub fn gather(data: &Path) -> Vec<(&'static str, Sentences)> {
    let mut raw = RawText {
        seen: HashSet::new(),
    };
    vec![
        ("conll2003 eng.train", conll_train(data)),
        ("ecbplus train+dev", ecbplus(data)),
        ("meantime-en", meantime(data)),
        ("tempeval3 TBAQ-cleaned", tempeval(data, &mut raw)),
        ("polnear train+dev", polnear(data, &mut raw)),
        ("basil", basil(data, &mut raw)),
        ("newswcl50", newswcl50(data, &mut raw)),
        ("neus-allsides train+val+raw", neus(data, &mut raw)),
        ("article-extraction-benchmark (en)", aeb(data, &mut raw)),
    ]
}
