//! Claim alignment with a sentence encoder, using a stand-in encoder with fixed vectors (no
//! model, no feature needed): the model's cosine aligns claims sharing no word, a pair it
//! aligns alone is labelled `wording`, conflicts still win, and a failing encoder falls back to
//! lexical alignment with a warning.

use std::sync::{Arc, Mutex};

use readout_compare::{compare, ClaimEncoder, CompareOptions, Encoder, Label};
use readout_core::Document;

/// Maps a claim to a unit vector by the first listed word it contains; others get a vector of
/// their own (orthogonal to all).
struct Topics {
    topics: Vec<(&'static str, [f32; 4])>,
    calls: Mutex<Vec<usize>>,
    fail: bool,
}

impl ClaimEncoder for Topics {
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.calls.lock().unwrap().push(texts.len());
        if self.fail {
            return Err("stand-in encoder failed".to_string());
        }
        Ok(texts
            .iter()
            .map(|t| {
                self.topics
                    .iter()
                    .find(|(w, _)| t.contains(w))
                    .map(|(_, v)| v.to_vec())
                    .unwrap_or_else(|| vec![0.0, 0.0, 0.0, 1.0])
            })
            .collect())
    }
}

fn topics(fail: bool) -> Arc<Topics> {
    let s = std::f32::consts::FRAC_1_SQRT_2;
    Arc::new(Topics {
        topics: vec![
            ("shelled", [1.0, 0.0, 0.0, 0.0]),
            ("bombarded", [0.96, 0.28, 0.0, 0.0]),
            ("festival", [0.0, 1.0, 0.0, 0.0]),
            ("budget", [0.0, 0.0, 1.0, 0.0]),
            ("talks", [s, 0.0, s, 0.0]),
        ],
        calls: Mutex::new(Vec::new()),
        fail,
    })
}

fn docs() -> (Document, Document) {
    let a = Document::from_normalized(
        "a",
        "The ministry said the army shelled the port overnight. The harvest festival opens \
         next week."
            .to_string(),
    );
    let b = Document::from_normalized(
        "b",
        "According to officials, troops bombarded the harbour during the night. Parliament \
         debated the budget."
            .to_string(),
    );
    (a, b)
}

#[test]
fn without_an_encoder_nothing_aligns() {
    let (a, b) = docs();
    let c = compare(&[&a, &b], &CompareOptions::default());
    assert!(c.pairs[0].items.iter().all(|i| i.label == Label::OnlyIn));
    assert!(c.pairs[0].items.iter().all(|i| i.embedding.is_none()));
    assert!(c.warnings.is_empty());
}

#[test]
fn the_encoder_aligns_differently_worded_claims_as_wording() {
    let (a, b) = docs();
    let enc = topics(false);
    let options = CompareOptions {
        encoder: Some(Encoder(enc.clone())),
        ..CompareOptions::default()
    };
    let c = compare(&[&a, &b], &options);
    // One call per article, with all its claims.
    assert_eq!(*enc.calls.lock().unwrap(), vec![2, 2]);
    let items = &c.pairs[0].items;
    let aligned: Vec<_> = items.iter().filter(|i| i.label != Label::OnlyIn).collect();
    assert_eq!(aligned.len(), 1, "{items:#?}");
    let item = aligned[0];
    assert_eq!(item.label, Label::Wording);
    assert_eq!(item.embedding, Some(0.96));
    assert!(item.left.as_ref().unwrap().text.contains("shelled"));
    assert!(item.right.as_ref().unwrap().text.contains("bombarded"));
    let contrast = item.contrast.as_ref().unwrap();
    assert!(contrast.left.len() <= options.max_contrast_words);
    assert!(!contrast.left.is_empty() && !contrast.right.is_empty());
    assert_eq!(c.pairs[0].summary.only_in_left, 1);
    assert_eq!(c.pairs[0].summary.only_in_right, 1);
    // The cosine is in the JSON, and the encoder is not.
    let json = serde_json::to_string(&c).unwrap();
    assert!(json.contains("\"embedding\":0.96"), "{json}");

    // Below the threshold the same pair stays apart.
    let strict = CompareOptions {
        embedding_threshold: 0.97,
        ..options.clone()
    };
    let c = compare(&[&a, &b], &strict);
    assert!(c.pairs[0].items.iter().all(|i| i.label == Label::OnlyIn));
}

#[test]
fn a_model_aligned_pair_can_still_conflict() {
    let a = Document::from_normalized("a", "The army shelled the port overnight.".to_string());
    let b = Document::from_normalized("b", "Troops never bombarded the harbour.".to_string());
    let options = CompareOptions {
        encoder: Some(Encoder(topics(false))),
        ..CompareOptions::default()
    };
    let c = compare(&[&a, &b], &options);
    let items = &c.pairs[0].items;
    assert_eq!(items.len(), 1, "{items:#?}");
    assert_eq!(items[0].label, Label::Conflict);
}

#[test]
fn a_failing_encoder_falls_back_with_a_warning() {
    let (a, b) = docs();
    let options = CompareOptions {
        encoder: Some(Encoder(topics(true))),
        ..CompareOptions::default()
    };
    let c = compare(&[&a, &b], &options);
    assert_eq!(c.warnings.len(), 1);
    assert!(c.warnings[0].contains("stand-in encoder failed"));
    assert!(c.pairs[0].items.iter().all(|i| i.label == Label::OnlyIn));
}
