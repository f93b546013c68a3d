//! Fuzz ingestion → normalization → layout → tokenization → segmentation through
//! `Analyzer::analyze`, then check the span invariants of the document it returns.
//!
//! Input layout: the first byte selects the body kind, the rest is the body.
//! * first byte even (e.g. `T`): the rest is plain text, decoded lossily as UTF-8;
//! * first byte odd (e.g. `M`): the rest is an HTML page (`Body::Html`), run through the
//!   HTML extractor first.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use readout_core::{InputInfo, InputKind};
use readout_pipeline::ingest::{decode, html, Article, Body};
use readout_pipeline::{Analyzer, AnalyzerOptions};

fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        // Entities are not this target's stage (and need the embedded model artifacts).
        no_entities: true,
        ..Default::default()
    })
}

fn article(body: Body, input: InputInfo) -> Article {
    Article {
        id: "fuzz".into(),
        body,
        title: None,
        url: None,
        source: None,
        published: None,
        input,
        origin: "fuzz".into(),
    }
}

fuzz_target!(|data: &[u8]| {
    common::install_hook();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        // Plain text. The ingest decoder must agree with a lossy decode when it accepts.
        let text = String::from_utf8_lossy(rest).into_owned();
        let lossy = std::str::from_utf8(rest).is_err();
        if let Ok(decoded) = decode::decode(rest.to_vec(), "fuzz") {
            assert_eq!(
                decoded.text, text,
                "decode() disagrees with a lossy UTF-8 decode"
            );
            assert_eq!(decoded.lossy, lossy, "decode() lossy flag is wrong");
        }
        let input_len = text.len();
        let input = InputInfo {
            kind: InputKind::Text,
            bytes: rest.len(),
            lossy_utf8: lossy,
            ..InputInfo::default()
        };
        if let Ok(doc) = analyzer().analyze(article(Body::Text(text), input)) {
            common::check_document(&doc, Some(input_len));
            if lossy {
                assert!(!doc.warnings.is_empty(), "lossy input without a warning");
            }
        }
    } else {
        // HTML. The sniffers must not panic on anything.
        let _ = html::looks_like_html(rest);
        let _ = decode::check_not_binary(rest, "fuzz");
        let input = InputInfo {
            kind: InputKind::Html,
            bytes: rest.len(),
            ..InputInfo::default()
        };
        // The extractor is third-party code that readout wraps in catch_unwind: a panic it
        // catches is handled, one that escapes `analyze` is a crash.
        let result = common::expect_caught_panics(|| {
            common::quiet_stderr(|| analyzer().analyze(article(Body::Html(rest.to_vec()), input)))
        });
        if let Ok(doc) = result {
            common::check_document(&doc, None);
        }
    }
});
