//! The English "Golden Rules" sentence-boundary cases, scored as pySBD scores them: a case
//! passes only when the whole list of (whitespace-stripped) sentences matches.

use serde::Deserialize;

use crate::{Error, Result};

/// One case of `golden.jsonl`.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// Rule number.
    pub id: u32,
    /// Rule name.
    pub name: Option<String>,
    /// Input text.
    pub text: String,
    /// Expected sentences.
    pub sentences: Vec<String>,
}

/// Read the cases of a `golden.jsonl` file.
pub fn read_cases(path: &std::path::Path) -> Result<Vec<Case>> {
    let bytes = crate::read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Format {
        path: path.display().to_string(),
        message: "not UTF-8".into(),
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| Error::Format {
                path: format!("{}:{}", path.display(), i + 1),
                message: e.to_string(),
            })
        })
        .collect()
}

/// Outcome of one case.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    /// Rule number.
    pub id: u32,
    /// Rule name.
    pub name: Option<String>,
    /// Whether the sentences matched exactly.
    pub passed: bool,
    /// Expected sentences.
    pub expected: Vec<String>,
    /// Sentences produced.
    pub got: Vec<String>,
}

/// Run `split` (text → sentences) on every case.
pub fn run(cases: &[Case], split: impl Fn(&str) -> Vec<String>) -> Vec<Outcome> {
    cases
        .iter()
        .map(|c| {
            let got: Vec<String> = split(&c.text)
                .into_iter()
                .map(|s| s.trim().to_string())
                .collect();
            let expected: Vec<String> = c.sentences.iter().map(|s| s.trim().to_string()).collect();
            Outcome {
                id: c.id,
                name: c.name.clone(),
                passed: got == expected,
                expected,
                got,
            }
        })
        .collect()
}

/// Run readout's segmenter on every case (the sentences as `readout analyze` splits them).
pub fn run_readout(cases: &[Case]) -> Vec<Outcome> {
    use readout_pipeline::{segment, tokenize};
    run(cases, |text| {
        let tokens = tokenize::tokenize(text);
        segment::split(text, &tokens)
            .into_iter()
            .map(|r| {
                let s = segment::sentence_span(&tokens, &r);
                text[s.start..s.end].to_string()
            })
            .collect()
    })
}

/// The outcomes for reading: with `verbose`, every failing case with its expected and
/// produced sentences; then the count of cases passed.
pub fn report_text(outcomes: &[Outcome], verbose: bool) -> String {
    let mut out = String::new();
    for o in outcomes.iter().filter(|o| verbose && !o.passed) {
        out.push_str(&format!(
            "FAIL {} {}\n",
            o.id,
            o.name.as_deref().unwrap_or("")
        ));
        out.push_str(&format!("  expected: {:?}\n", o.expected));
        out.push_str(&format!("  got:      {:?}\n", o.got));
    }
    let passed = outcomes.iter().filter(|o| o.passed).count();
    out.push_str(&format!(
        "Golden Rules (English): {passed}/{} cases pass\n",
        outcomes.len()
    ));
    out
}

/// The outcomes as JSON: `{"passed", "cases", "outcomes"}`.
pub fn report_json(outcomes: &[Outcome]) -> serde_json::Value {
    let passed = outcomes.iter().filter(|o| o.passed).count();
    serde_json::json!({"passed": passed, "cases": outcomes.len(), "outcomes": outcomes})
}
