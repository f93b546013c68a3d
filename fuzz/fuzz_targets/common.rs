//! Shared by the fuzz targets: the invariants every analyzed [`Document`] must keep, and a
//! panic hook that tells panics the library catches on purpose from real ones.

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Once, OnceLock};

use readout_core::Document;

/// Check every span invariant of `doc` ([`readout_core::check_spans`]) and what only a fresh
/// analysis guarantees: a non-empty text, a content hash, and an alignment back to exactly
/// the input. `input_len` is the length of the text that was normalized (the decoded input
/// for plain text), when the target knows it; for HTML the normalized input is the
/// extractor's output, which only the alignment knows.
pub fn check_document(doc: &Document, input_len: Option<usize>) {
    assert!(!doc.text.is_empty(), "Ok document with empty text");
    if let Err(e) = readout_core::check_spans(doc) {
        panic!("span invariant broken: {e}");
    }
    if let Some(n) = input_len {
        assert_eq!(
            doc.alignment.original_len(),
            n,
            "alignment.original_len != input length"
        );
    }
    assert_eq!(
        doc.content_hash.len(),
        64,
        "content hash is not 64 hex digits"
    );
}

thread_local! {
    /// Set while code runs that may hit a panic the library catches on purpose (the HTML
    /// extractor, third-party code wrapped in `catch_unwind`).
    static PANIC_IS_HANDLED: Cell<bool> = const { Cell::new(false) };
    /// The last panic seen while `PANIC_IS_HANDLED` was set, with its backtrace.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HANDLED_PANICS: AtomicUsize = AtomicUsize::new(0);

/// Install (once) a panic hook over libfuzzer-sys's. Inside [`expect_caught_panics`] a panic
/// is only recorded and left to unwind; anywhere else libfuzzer-sys's hook runs and the
/// process aborts as a crash.
pub fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if PANIC_IS_HANDLED.with(Cell::get) {
                let bt = std::backtrace::Backtrace::force_capture();
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{info}\n{bt}")));
                return;
            }
            fuzzer_hook(info)
        }));
    });
}

/// Run `f`, letting panics that the library itself catches (inside `f`) pass. A panic that
/// escapes `f` is a crash: its message and backtrace are printed and it is re-raised, so
/// libfuzzer-sys aborts and saves the input. A caught panic is reported on stderr (the
/// first few, or all with `READOUT_FUZZ_SHOW_CAUGHT=1`) but is not a crash.
pub fn expect_caught_panics<T>(f: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            PANIC_IS_HANDLED.with(|c| c.set(false));
        }
    }
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let result = {
        PANIC_IS_HANDLED.with(|c| c.set(true));
        let _reset = Reset;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
    };
    let last = LAST_PANIC.with(|p| p.borrow_mut().take());
    match result {
        Ok(value) => {
            if let Some(msg) = last {
                let n = HANDLED_PANICS.fetch_add(1, Ordering::Relaxed);
                if n < 3 || std::env::var_os("READOUT_FUZZ_SHOW_CAUGHT").is_some() {
                    let first = msg.lines().next().unwrap_or("");
                    eprintln!(
                        "[readout-fuzz] a panic was caught by readout (not a crash, #{}): {first}",
                        n + 1
                    );
                }
            }
            value
        }
        Err(payload) => {
            eprintln!(
                "[readout-fuzz] UNCAUGHT panic: {}",
                last.as_deref().unwrap_or("(no message)")
            );
            std::panic::resume_unwind(payload)
        }
    }
}

/// Run `f` with standard error sent to /dev/null, restored afterwards even when `f`
/// unwinds. rs-trafilatura prints `DEBUG:` lines to stderr when built with debug
/// assertions (as fuzz builds are), which floods the log and slows fuzzing. Set
/// `READOUT_FUZZ_VERBOSE=1` to keep them.
pub fn quiet_stderr<T>(f: impl FnOnce() -> T) -> T {
    static FDS: OnceLock<Option<(i32, i32)>> = OnceLock::new();
    let fds = *FDS.get_or_init(|| {
        if std::env::var_os("READOUT_FUZZ_VERBOSE").is_some() {
            return None;
        }
        // SAFETY: plain fd calls on a path literal; failures leave stderr as it is.
        unsafe {
            let saved = libc::dup(2);
            let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
            (saved >= 0 && null >= 0).then_some((saved, null))
        }
    });
    let Some((saved, null)) = fds else {
        return f();
    };
    struct Restore(i32);
    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: `self.0` is a descriptor this module dup'ed and keeps open.
            unsafe { libc::dup2(self.0, 2) };
        }
    }
    // SAFETY: both descriptors are open for the life of the process.
    unsafe { libc::dup2(null, 2) };
    let _restore = Restore(saved);
    f()
}
