//! Helpers shared by the gold-data tests.

use std::path::{Path, PathBuf};

/// `../shared/data/NAME` beside the repository, or `None` (saying so) when it is absent:
/// third-party gold data is kept outside the repository, so these tests skip without it.
pub fn shared_data(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "SKIP: {} not found (third-party gold data is kept outside the repository)",
            path.display()
        );
        None
    }
}
