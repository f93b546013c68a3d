//! Fingerprint the model artifacts compiled into the binary (`models/`), so that `readout
//! ingest` can tell records made by another model apart (`READOUT_MODELS_HASH`).

use std::path::Path;

fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn main() {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    println!("cargo:rerun-if-changed={}", models.display());
    let mut files = Vec::new();
    walk(&models, &mut files);
    files.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for file in &files {
        let name = file.strip_prefix(&models).unwrap_or(file);
        fnv1a(&mut hash, name.to_string_lossy().as_bytes());
        if let Ok(bytes) = std::fs::read(file) {
            fnv1a(&mut hash, &bytes);
        }
    }
    println!("cargo:rustc-env=READOUT_MODELS_HASH={hash:016x}");
}
