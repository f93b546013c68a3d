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
