//! Fuzz the search query parsing that the server and `readout search` apply to what a user
//! typed (`readout_store::fts_query`): it must either refuse the text with a clear
//! `InvalidArgument` (no words, too long, too many terms) or give an FTS5 query that runs
//! without a syntax error, against a small store.
#![no_main]

mod common;

use std::sync::OnceLock;
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use readout_core::Document;
use readout_store::{fts_query, Store, StoreError, MAX_QUERY_BYTES};

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<Mutex<Store>> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut store = Store::open_in_memory().expect("an in-memory store");
        let mut doc = Document::from_normalized(
            "fuzz",
            "Harbour council approves ferry deal\n\nThe council met on Tuesday.".to_string(),
        );
        doc.content_hash = "fuzz".into();
        store.put_document(&doc, "fuzz").expect("store the document");
        Mutex::new(store)
    })
}

fuzz_target!(|data: &[u8]| {
    common::install_hook();
    let input = String::from_utf8_lossy(data);
    match fts_query(&input) {
        Ok(query) => {
            assert!(input.len() <= MAX_QUERY_BYTES);
            let store = store().lock().unwrap_or_else(|p| p.into_inner());
            if let Err(e) = store.search_raw(&query, 5, 0) {
                panic!("the parsed query {query:?} failed: {e}");
            }
        }
        Err(StoreError::InvalidArgument { .. }) => {}
        Err(e) => panic!("unexpected error for {input:?}: {e}"),
    }
});
