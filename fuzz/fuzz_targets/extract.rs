//! Fuzz target: extraction never panics, never hangs and always returns valid spans.
//!
//! The invariant of `unkg::extract` is that any text, however broken, gives an `Extraction`
//! whose every span is a byte range of that text, on char boundaries, with the reported bytes.
//! Arbitrary bytes that are UTF-8 are extracted as plain text and as Markdown, once with the
//! language detected and once for each of the six languages; `validate` must find nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unkg::extract::{Options, extract_str, validate};
use unkg::text::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let langs = std::iter::once(None).chain(Lang::ALL.into_iter().map(Some));
    for lang in langs {
        for markdown in [false, true] {
            let opts = Options {
                lang,
                file: None,
                markdown,
                own_symbol: None,
                skip_names: false,
                links: Vec::new(),
            };
            let ex = extract_str(text, &opts);
            let problems = validate(text, &ex);
            assert!(
                problems.is_empty(),
                "lang {lang:?}, markdown {markdown}: {problems:?}"
            );
        }
    }
});
