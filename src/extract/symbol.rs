//! UN document symbols: recognising, canonicalising and printing them.
//!
//! A symbol is a `/`-separated sequence of components (`A/RES/79/319`, `E/CN.6/2020/L.1`,
//! `FCCC/CP/2015/10/Add.1`, `S/RES/661 (1990)`), the same Latin string in all six language
//! versions. Canonical form (the graph's identity depends on it): no spaces inside except the
//! one before a Security Council resolution's year (`S/RES/661 (1990)`) and inside a part
//! suffix (`A/62/17(Part I)`); modification components in official case (`Add.`, `Corr.`,
//! `Rev.`, `Amend.`, `Sub.`); series and nature components upper case (`RES`, `PV.`, `L.`);
//! joint symbols joined by `-` (`A/80/500-S/2025/656`).
//!
//! Invariant (fuzzed): for every `s` that [`Symbol::parse`] accepts,
//! `Symbol::parse(&sym.to_string()) == Ok(sym)`.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// A canonical UN document symbol.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(String);

/// Why a string is not a document symbol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SymbolError {
    /// Empty after trimming.
    #[error("empty symbol")]
    Empty,
    /// A component holds characters no UN symbol has.
    #[error("{0:?} is not a document symbol: bad component {1:?}")]
    BadComponent(String, String),
    /// Fewer than two components, or no digit anywhere.
    #[error("{0:?} is not a document symbol: too short or no number")]
    TooShort(String),
}

/// Series (first components) unkg recognises in running text. Other organisations' series
/// (IAEA `GC(59)/RES/9`) are recognised separately.
pub const SERIES: &[&str] = &[
    "A",
    "S",
    "E",
    "T",
    "ST",
    "CRC",
    "CEDAW",
    "CCPR",
    "CAT",
    "CERD",
    "CMW",
    "CRPD",
    "CED",
    "HRI",
    "DP",
    "TD",
    "UNEP",
    "FCCC",
    "ID",
    "JIU",
    "CEB",
    "PCNICC",
    "ICCD",
    "UNW",
    "SPLOS",
    "ISBA",
    "APLC",
    "CCW",
    "BWC",
    "NPT",
    "CTOC",
    "CAC",
    "ACC",
    "UNDP",
    "UNICEF",
    "ECE",
    "LC",
    "CD",
    "ICSC",
    "UNCITRAL",
    "UNHCR",
    "HSP",
    "UNHABITAT",
    "UNCTAD",
    "UNIDO",
    "IDB",
    "ECA",
    "ESCAP",
    "ESCWA",
    "OPCW",
];

const MIXED_CASE: &[&str] = &[
    "Add", "Corr", "Rev", "Amend", "Sub", "Res", "Dec", "Summary",
];

static COMPONENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            [A-Za-z]{1,12}(?:\.[0-9]{1,5}[A-Z]?|\.[A-Z]{1,3})?(?:-[0-9]{1,5})?
          | [0-9]{1,5}[A-Z]?(?:\ ?\((?:19|20)[0-9]{2}\)|\((?:[IVXL]{1,6}|E?S-[IVXL]{1,4})\)|-[0-9]{1,3})?
          | E?S-[0-9]{1,2}
          | \*
        )(?:\((?:Part\ [IVX0-9]{1,4}|Resumption\ [0-9]{1,2}|OR|SUPP)\))?$",
    )
    .expect("static regex")
});

impl Symbol {
    /// Parses and canonicalises a symbol.
    ///
    /// ```
    /// use unkg::extract::Symbol;
    /// assert_eq!(Symbol::parse("FCCC/CP/2015/10/ADD.1").unwrap().as_str(), "FCCC/CP/2015/10/Add.1");
    /// assert_eq!(Symbol::parse("S/RES/2049(2012)").unwrap().as_str(), "S/RES/2049 (2012)");
    /// assert_eq!(Symbol::parse("A / 51 / 402").unwrap().as_str(), "A/51/402");
    /// assert!(Symbol::parse("and/or").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Symbol, SymbolError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(SymbolError::Empty);
        }
        // Joint symbols: each half on its own.
        if let Some((a, b)) = split_joint(t) {
            let a = Symbol::parse(a)?;
            let b = Symbol::parse(b)?;
            return Ok(Symbol(format!("{}-{}", a.0, b.0)));
        }
        let mut out: Vec<String> = Vec::new();
        for raw in t.split('/') {
            let c = canonical_component(raw);
            if c.is_empty() || !COMPONENT.is_match(&c) {
                return Err(SymbolError::BadComponent(t.to_string(), raw.to_string()));
            }
            out.push(c);
        }
        let series_ok = out
            .first()
            .is_some_and(|c| c.bytes().all(|b| b.is_ascii_uppercase()));
        if out.len() < 2 || !series_ok || !out.iter().any(|c| c.bytes().any(|b| b.is_ascii_digit()))
        {
            return Err(SymbolError::TooShort(t.to_string()));
        }
        // Security Council resolutions carry their year with one space: `S/RES/661 (1990)`.
        let is_sc_res = out.len() >= 3 && out[0] == "S" && out[1] == "RES";
        if !is_sc_res {
            if let Some(last) = out.last_mut()
                && let Some(i) = last.find(" (")
                && last[i + 2..].starts_with(['1', '2'])
            {
                last.remove(i);
            }
        } else if let Some(last) = out.last_mut()
            && let Some(i) = last.find("(1").or_else(|| last.find("(2"))
            && i > 0
            && !last[..i].ends_with(' ')
        {
            last.insert(i, ' ');
        }
        Ok(Symbol(out.join("/")))
    }

    /// The canonical string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first component (`A`, `S`, `E`, `FCCC`…).
    pub fn series(&self) -> &str {
        self.0.split('/').next().unwrap_or("")
    }

    /// The body that issues documents of this symbol's series, as far as the symbol tells.
    pub fn issuing_body(&self) -> Option<&'static str> {
        issuing_body_of(&self.0)
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Splits `A/80/500-S/2025/656` (or with an en dash) into its two halves.
fn split_joint(t: &str) -> Option<(&str, &str)> {
    for (i, c) in t.char_indices() {
        if matches!(c, '-' | '–' | '—') {
            let (a, b) = (&t[..i], &t[i + c.len_utf8()..]);
            let b = b.trim_start();
            let a = a.trim_end();
            if a.contains('/') && b.contains('/') && b.starts_with(|c: char| c.is_ascii_uppercase())
            {
                return Some((a, b));
            }
        }
    }
    None
}

/// One component in canonical case and spacing.
fn canonical_component(raw: &str) -> String {
    let squeezed: String = {
        // Drop spaces except inside a part or resumption suffix and before a year.
        let mut s = String::with_capacity(raw.len());
        let t = raw.trim();
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_whitespace() {
                let next = chars.peek().copied();
                let prev = s.chars().last();
                let keep = (prev.is_some_and(|p| p.is_ascii_alphabetic())
                    && next.is_some_and(|n| n.is_ascii_alphanumeric())
                    && (s.ends_with("Part") || s.ends_with("Resumption")))
                    || (next == Some('(') && prev.is_some_and(|p| p.is_ascii_digit()));
                if keep && !s.ends_with(' ') {
                    s.push(' ');
                }
                continue;
            }
            s.push(c);
        }
        s
    };
    // Part and resumption suffixes: `17(Part I)`, `PV.6201(Resumption 1)`.
    let squeezed = squeezed
        .replace("(PART ", "(Part ")
        .replace("(part ", "(Part ")
        .replace(" (Part", "(Part")
        .replace(" (Resumption", "(Resumption")
        .replace(" (OR)", "(OR)");
    // "Add.l", "Add.I": a letter read for the digit one by OCR.
    let squeezed = match squeezed.split_once('.') {
        Some((w, n))
            if ["add", "corr", "rev"].contains(&w.to_ascii_lowercase().as_str())
                && n.chars()
                    .all(|c| c.is_ascii_digit() || c == 'l' || c == 'I') =>
        {
            format!("{w}.{}", n.replace(['l', 'I'], "1"))
        }
        _ => squeezed,
    };
    // Case of the leading word of the component.
    let word_end = squeezed
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(squeezed.len());
    let (word, rest) = squeezed.split_at(word_end);
    if word.is_empty() {
        return squeezed;
    }
    let mixed = MIXED_CASE.iter().find(|m| m.eq_ignore_ascii_case(word));
    let word = match mixed {
        // `RES` stays upper case as a nature component; `Res.1` (UNEA) is mixed.
        Some(m) if (*m == "Res" || *m == "Dec") && !rest.starts_with('.') => m.to_ascii_uppercase(),
        Some(m) => (*m).to_string(),
        None => word.to_ascii_uppercase(),
    };
    format!("{word}{rest}")
}

/// The body that issues documents of a symbol's series, from its leading components.
pub fn issuing_body_of(symbol: &str) -> Option<&'static str> {
    let mut parts = symbol.split('/');
    let first = parts.next()?;
    let second = parts.next().unwrap_or("");
    Some(match (first, second) {
        ("A", "HRC") => "Human Rights Council",
        ("A", _) => "General Assembly",
        ("S", _) => "Security Council",
        ("E", "CN.4") => "Commission on Human Rights",
        ("E", "CN.6") => "Commission on the Status of Women",
        ("E", "CN.7") => "Commission on Narcotic Drugs",
        ("E", "CN.15") => "Commission on Crime Prevention and Criminal Justice",
        ("E", "C.12") => "Committee on Economic, Social and Cultural Rights",
        ("E", "HLPF") => "High-level Political Forum on Sustainable Development",
        ("E", _) => "Economic and Social Council",
        ("ST", _) => "Secretariat",
        ("T", _) => "Trusteeship Council",
        ("FCCC", _) => "United Nations Framework Convention on Climate Change",
        ("UNEP", s) if s.starts_with("EA.") => "United Nations Environment Assembly",
        ("UNEP", _) => "United Nations Environment Programme",
        ("CEDAW", _) => "Committee on the Elimination of Discrimination against Women",
        ("CRC", _) => "Committee on the Rights of the Child",
        ("CCPR", _) => "Human Rights Committee",
        ("CAT", _) => "Committee against Torture",
        ("CERD", _) => "Committee on the Elimination of Racial Discrimination",
        ("CRPD", _) => "Committee on the Rights of Persons with Disabilities",
        ("CMW", _) => "Committee on Migrant Workers",
        ("CED", _) => "Committee on Enforced Disappearances",
        ("DP", _) => "UNDP Executive Board",
        ("TD", _) => "United Nations Conference on Trade and Development",
        ("JIU", _) => "Joint Inspection Unit",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        for (i, o) in [
            ("A/RES/60/1", "A/RES/60/1"),
            ("a/res/60/1", "A/RES/60/1"),
            ("S/RES/2273 (2016)", "S/RES/2273 (2016)"),
            ("S/RES/2049(2012)", "S/RES/2049 (2012)"),
            ("A/RES/217(III)", "A/RES/217(III)"),
            ("FCCC/CP/2015/10/Add.1", "FCCC/CP/2015/10/Add.1"),
            ("A/C.3/78/L.60/Rev.1", "A/C.3/78/L.60/Rev.1"),
            ("A/CONF.177/20/Rev.1", "A/CONF.177/20/Rev.1"),
            ("E/CN.4/Sub.2/2005/1", "E/CN.4/Sub.2/2005/1"),
            ("UNEP/EA.1/Res.1", "UNEP/EA.1/Res.1"),
            ("A/80/500-S/2025/656", "A/80/500-S/2025/656"),
            ("A/80/500–S/2025/656", "A/80/500-S/2025/656"),
            ("A/62/17 (Part I)", "A/62/17(Part I)"),
            ("S/PRST/2005/16", "S/PRST/2005/16"),
            ("A/HRC/55/2/ADD.1", "A/HRC/55/2/Add.1"),
            ("S/PV.6201(Resumption 1)", "S/PV.6201(Resumption 1)"),
        ] {
            let s = Symbol::parse(i).unwrap_or_else(|e| panic!("{i}: {e}"));
            assert_eq!(s.as_str(), o, "{i}");
            assert_eq!(Symbol::parse(s.as_str()).as_ref(), Ok(&s), "round trip {o}");
        }
    }

    #[test]
    fn rejects_non_symbols() {
        for s in ["", "and/or", "A/B", "2/7", "http://x/y", "A/<b>/1"] {
            assert!(Symbol::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn bodies() {
        assert_eq!(
            issuing_body_of("A/HRC/RES/55/2"),
            Some("Human Rights Council")
        );
        assert_eq!(
            issuing_body_of("S/RES/661 (1990)"),
            Some("Security Council")
        );
        assert_eq!(
            issuing_body_of("E/RES/2023/10"),
            Some("Economic and Social Council")
        );
    }
}
