//! Fuzz gzip input: the bytes after the first two are gzip-compressed, the stream is cut at
//! a point the first two bytes choose (a truncated download), and written as both
//! `.jsonl.gz` and `.txt.gz`; both are read through `ingest::Articles`. A read error must
//! end its input after one message: the number of items stays bounded by the input, never
//! an endless run of the same error.
#![no_main]

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use readout_pipeline::ingest::{Articles, ReadOptions};

/// One pair of files per fuzzing process, rewritten on every run.
fn paths() -> &'static (PathBuf, PathBuf) {
    static PATHS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PATHS.get_or_init(|| {
        let dir = std::env::temp_dir();
        let id = std::process::id();
        (
            dir.join(format!("readout-fuzz-gzip-{id}.jsonl.gz")),
            dir.join(format!("readout-fuzz-gzip-{id}.txt.gz")),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    common::install_hook();
    let (cut_at, body) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        _ => return,
    };
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(body).expect("compress in memory");
    let mut stream = gz.finish().expect("finish the gzip stream");
    stream.truncate(cut_at.min(stream.len()));
    let (jsonl, text) = paths();
    std::fs::write(jsonl, &stream).expect("write the fuzz input");
    std::fs::write(text, &stream).expect("write the fuzz input");
    let options = ReadOptions {
        max_bytes: 4096,
        ..ReadOptions::default()
    };
    let items = Articles::new(&[jsonl, text], options)
        .take(body.len() + 8)
        .count();
    // At most one item per line of the JSONL file, one for the text file, one error each.
    assert!(items <= body.len() + 4, "{items} items from {} bytes", body.len());
});
