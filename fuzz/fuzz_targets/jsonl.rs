//! Fuzz the JSONL reader: the input bytes are written to a `.jsonl` file and read back
//! through `ingest::Articles` (line splitting, length cap, record parsing); every article
//! it yields is analyzed and its document checked like in the `analyze` target.
#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use readout_pipeline::ingest::{Articles, Body, Format, ReadOptions};
use readout_pipeline::{Analyzer, AnalyzerOptions};

/// One file per fuzzing process, rewritten on every run.
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("readout-fuzz-jsonl-{}.jsonl", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    common::install_hook();
    let path = path();
    std::fs::write(path, data).expect("write the fuzz input to a temp file");
    // A small cap so that the over-long-line path is reached too.
    let options = ReadOptions {
        format: Format::Jsonl,
        max_bytes: 4096,
    };
    let analyzer = Analyzer::new(AnalyzerOptions {
        keep_tokens: true,
        // Entities are not this target's stage (and need the embedded model artifacts).
        no_entities: true,
        ..Default::default()
    });
    let mut yielded = 0usize;
    for item in Articles::new(&[path], options) {
        yielded += 1;
        assert!(yielded <= data.len() + 1, "more items than lines");
        let Ok(article) = item else { continue };
        let input_len = match &article.body {
            Body::Text(t) => Some(t.len()),
            Body::Html(_) => None,
        };
        let result =
            common::expect_caught_panics(|| common::quiet_stderr(|| analyzer.analyze(article)));
        if let Ok(doc) = result {
            common::check_document(&doc, input_len);
        }
    }
});
