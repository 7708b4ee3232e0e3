//! Fuzz target: reading a PDF never panics, never hangs, and gives text the extractor reads
//! with valid spans, or an error.
//!
//! `unkg::source::pdf_to_text` guards the PDF libraries with `catch_unwind`; libFuzzer's panic
//! hook would abort on a panic even when it is caught, so the hook is replaced by a silent one.
//! A panic that escapes the guard still reaches libfuzzer-sys's own `catch_unwind`, which aborts
//! and saves the input as a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unkg::extract::{Options, extract_str, validate};

fuzz_target!(
    init: std::panic::set_hook(Box::new(|_| {})),
    |data: &[u8]| {
        if let Ok(text) = unkg::source::pdf_to_text(data) {
            let ex = extract_str(&text, &Options::default());
            let problems = validate(&text, &ex);
            assert!(problems.is_empty(), "{problems:?}");
        }
    }
);
