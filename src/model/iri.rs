//! IRI minting: deterministic, reversible IRIs for everything unkg describes.
//!
//! Architecture invariant: one symbol gives one Work IRI, whatever language or wording cited
//! it (targets arrive as canonical symbols). A symbol is written with its slashes kept, a space
//! as `_`, and anything an IRI path segment cannot hold raw (including a literal `_` and `%`)
//! percent-encoded, so [`Base::parse_work`] gives the symbol back exactly. Non-ASCII letters stay
//! as they are (IRIs, RFC 3987, allow them).

use std::fmt::Write as _;

use super::ModelError;

/// The default data namespace.
pub const DEFAULT_BASE: &str = "https://w3id.org/unkg/";

/// A validated data namespace: an absolute IRI ending in `/`, under which all data IRIs are
/// minted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(String);

impl Default for Base {
    fn default() -> Self {
        Base(DEFAULT_BASE.to_string())
    }
}

impl Base {
    /// Checks and wraps a base IRI.
    ///
    /// ```
    /// use unkg::model::Base;
    /// assert!(Base::new("https://example.org/kg/").is_ok());
    /// assert!(Base::new("not an iri/").is_err());
    /// assert!(Base::new("https://example.org/kg").is_err()); // must end with '/'
    /// ```
    pub fn new(iri: &str) -> Result<Self, ModelError> {
        if !iri.ends_with('/') {
            return Err(ModelError::BadBase {
                base: iri.to_string(),
                why: "it must end with '/'",
            });
        }
        oxigraph::model::NamedNode::new(iri).map_err(|_| ModelError::BadBase {
            base: iri.to_string(),
            why: "it is not an absolute IRI",
        })?;
        Ok(Base(iri.to_string()))
    }

    /// The base IRI as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn join(&self, parts: &[&str]) -> String {
        let mut s = self.0.clone();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                s.push('/');
            }
            s.push_str(p);
        }
        s
    }

    /// `{base}work/{symbol}`.
    ///
    /// ```
    /// let b = unkg::model::Base::default();
    /// assert_eq!(b.work("S/RES/661 (1990)"), "https://w3id.org/unkg/work/S/RES/661_(1990)");
    /// assert_eq!(b.parse_work(&b.work("S/RES/661 (1990)")).as_deref(), Some("S/RES/661 (1990)"));
    /// ```
    pub fn work(&self, symbol: &str) -> String {
        self.join(&["work", &encode_symbol(symbol)])
    }

    /// The symbol a Work IRI was minted from, or `None` if the IRI is not a Work IRI of this base.
    pub fn parse_work(&self, iri: &str) -> Option<String> {
        let rest = iri.strip_prefix(self.0.as_str())?.strip_prefix("work/")?;
        decode_symbol(rest)
    }

    /// `{base}expr/{lang}/{symbol}`.
    pub fn expression(&self, lang: &str, symbol: &str) -> String {
        self.join(&["expr", &encode_segment(lang), &encode_symbol(symbol)])
    }

    /// `{base}graph/{lang}/{symbol}`: the named graph of one language version.
    pub fn graph(&self, lang: &str, symbol: &str) -> String {
        self.join(&["graph", &encode_segment(lang), &encode_symbol(symbol)])
    }

    /// The language and symbol a document graph IRI was minted from.
    pub fn parse_graph(&self, iri: &str) -> Option<(String, String)> {
        let rest = iri.strip_prefix(self.0.as_str())?.strip_prefix("graph/")?;
        let (lang, sym) = rest.split_once('/')?;
        Some((decode_symbol(lang)?, decode_symbol(sym)?))
    }

    /// `{base}citation/{lang}/{symbol}/{start}-{end}`.
    pub fn citation(&self, lang: &str, symbol: &str, start: usize, end: usize) -> String {
        self.join(&[
            "citation",
            &encode_segment(lang),
            &encode_symbol(symbol),
            &format!("{start}-{end}"),
        ])
    }

    /// `{base}annotation/{lang}/{symbol}/{start}-{end}`.
    pub fn annotation(&self, lang: &str, symbol: &str, start: usize, end: usize) -> String {
        self.join(&[
            "annotation",
            &encode_segment(lang),
            &encode_symbol(symbol),
            &format!("{start}-{end}"),
        ])
    }

    /// `{base}mention/{lang}/{symbol}/{start}-{end}`: one mention of a body.
    pub fn mention(&self, lang: &str, symbol: &str, start: usize, end: usize) -> String {
        self.join(&[
            "mention",
            &encode_segment(lang),
            &encode_symbol(symbol),
            &format!("{start}-{end}"),
        ])
    }

    /// `{base}body/{id}`.
    pub fn body(&self, id: &str) -> String {
        self.join(&["body", &encode_segment(id)])
    }

    /// `{base}run/{lang}/{symbol}/{sha256}`: the extraction activity.
    pub fn run(&self, lang: &str, symbol: &str, sha256: &str) -> String {
        self.join(&[
            "run",
            &encode_segment(lang),
            &encode_symbol(symbol),
            &encode_segment(sha256),
        ])
    }

    /// `{base}agent/unkg/{version}`.
    pub fn agent(&self, version: &str) -> String {
        self.join(&["agent", "unkg", &encode_segment(version)])
    }

    /// `{base}file/sha256/{hex}`.
    pub fn file(&self, sha256: &str) -> String {
        self.join(&["file", "sha256", &encode_segment(sha256)])
    }
}

/// The stand-in for the symbol of a document whose text states none: `_file/{first 16 hex
/// digits of its SHA-256}`. The leading `_` cannot come from a real symbol (a literal `_` is
/// percent-encoded), so the two never collide.
pub fn file_key(sha256: &str) -> String {
    let n = sha256.len().min(16);
    format!("_file/{}", &sha256[..n])
}

/// The IRI form of a symbol (see the module comment). Segments `.` and `..` are escaped so that
/// IRI normalisation never rewrites them. [`file_key`] values pass through unchanged.
pub fn encode_symbol(symbol: &str) -> String {
    if let Some(rest) = symbol.strip_prefix("_file/") {
        return format!("_file/{}", encode_segment(rest));
    }
    let mut out = String::with_capacity(symbol.len() + 8);
    for (i, seg) in symbol.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if seg == "." || seg == ".." {
            out.push_str(&seg.replace('.', "%2E"));
        } else if i == 0 && seg.starts_with(' ') {
            // A leading space would read back as the `_file/` marker.
            out.push_str("%20");
            out.push_str(&encode_segment(&seg[1..]));
        } else {
            out.push_str(&encode_segment(seg));
        }
    }
    out
}

/// Percent-encodes one path segment: unreserved characters, sub-delimiters, `:`, `@` and
/// non-ASCII letters stay; a space becomes `_`; everything else (including `_`, `%` and `/`)
/// is percent-encoded as UTF-8.
pub fn encode_segment(seg: &str) -> String {
    let mut out = String::with_capacity(seg.len());
    for c in seg.chars() {
        match c {
            ' ' => out.push('_'),
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '~' => out.push(c),
            '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '=' | ':' | '@' => {
                out.push(c)
            }
            c if !c.is_ascii() && is_ucschar(c) => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
    }
    out
}

/// RFC 3987 `ucschar`: the non-ASCII characters an IRI may hold raw.
fn is_ucschar(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF
        | 0x10000..=0x1FFFD | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD
        | 0x40000..=0x4FFFD | 0x50000..=0x5FFFD | 0x60000..=0x6FFFD
        | 0x70000..=0x7FFFD | 0x80000..=0x8FFFD | 0x90000..=0x9FFFD
        | 0xA0000..=0xAFFFD | 0xB0000..=0xBFFFD | 0xC0000..=0xCFFFD
        | 0xD0000..=0xDFFFD | 0xE1000..=0xEFFFD)
}

/// Reverses [`encode_symbol`]: `_` → space, `%XX` → bytes. `None` on malformed escapes.
pub fn decode_symbol(s: &str) -> Option<String> {
    if let Some(rest) = s.strip_prefix("_file/") {
        return Some(format!("_file/{}", decode_symbol(rest)?));
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'_' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_round_trip() {
        let b = Base::default();
        for s in [
            "A/RES/60/1",
            "S/RES/661 (1990)",
            "A/RES/3363(XXX)",
            "TD/B/C.1/IRON ORE/1",
            "Sales No. 96.IV.13",
            "a_b%c#d?e",
            "A/../B",
            "第60/1号",
            "_file/0123456789abcdef",
            " file/x",
        ] {
            let iri = b.work(s);
            assert!(oxigraph::model::NamedNode::new(&iri).is_ok(), "{iri}");
            assert_eq!(b.parse_work(&iri).as_deref(), Some(s), "{iri}");
        }
    }

    #[test]
    fn graph_round_trip() {
        let b = Base::default();
        let g = b.graph("zh", "A/RES/79/319");
        assert_eq!(g, "https://w3id.org/unkg/graph/zh/A/RES/79/319");
        assert_eq!(
            b.parse_graph(&g),
            Some(("zh".into(), "A/RES/79/319".into()))
        );
    }
}
