//! Fuzz target: a document symbol prints and parses back unchanged.
//!
//! The graph's identity of a document is its canonical symbol, so canonicalisation must be a
//! fixed point: for every string `Symbol::parse` accepts, parsing the printed symbol again
//! gives the same symbol (and printing it gives the same string).
#![no_main]

use libfuzzer_sys::fuzz_target;
use unkg::extract::Symbol;

fuzz_target!(|s: &str| {
    let Ok(sym) = Symbol::parse(s) else { return };
    let printed = sym.to_string();
    assert_eq!(printed, sym.as_str(), "Display and as_str differ for {s:?}");
    match Symbol::parse(&printed) {
        Ok(again) => assert_eq!(
            again,
            sym,
            "{s:?} parsed to {printed:?}, which parses to {:?}",
            again.as_str()
        ),
        Err(e) => panic!("{s:?} parsed to {printed:?}, which does not parse: {e}"),
    }
});
