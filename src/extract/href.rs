//! Links as citations: the UN document a hyperlink's target names, and the citation a link
//! makes of its anchor text.
//!
//! Web pages link UN documents through undocs.org (`https://undocs.org/A/RES/70/1`,
//! `https://undocs.org/en/A/RES/70/1`) and the Official Document System
//! (`https://documents.un.org/api/symbol/access?s=A/RES/70/1&l=en`, `…?symbol=…`,
//! `https://daccess-ods.un.org/access.nsf/Get?Open&DS=A/RES/70/1`); Akoma Ntoso documents
//! through FRBR IRIs (AKN4UN's `/akn/un/statement/deliberation/un-ga/2016-10-13/71-4`, unkg's own
//! `/akn/un/doc/symbol/A-RES-70-1`). A UN Digital Library record (`digitallibrary.un.org/record/…`)
//! or an ODS file path names a record or a file, not a symbol, and is not read.
//!
//! The AKN4UN number form of a symbol (`/` → `-`, space → `_`) and its inverse live here
//! together, so the export and the reader agree.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::cite::symbol_kind;
use super::model::{Citation, CitationKind, Extraction, ParagraphKind};
use super::paragraphs::Block;
use super::symbol::{SERIES, Symbol, issuing_body_of};
use crate::text::{Hyperlink, Layout};

/// The AKN4UN number form of a symbol: `A/RES/66/1` → `A-RES-66-1`, `S/RES/2719 (2023)` →
/// `S-RES-2719_(2023)`.
///
/// ```
/// assert_eq!(unkg::extract::akn_number("S/RES/2719 (2023)"), "S-RES-2719_(2023)");
/// ```
pub fn akn_number(symbol: &str) -> String {
    symbol.replace('/', "-").replace(' ', "_")
}

/// Targets unkg cites that are not document symbols: UNFCCC decisions (`1/CP.21`) and sales
/// numbers (`SALES/96.IV.13`).
static OTHER_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,3}/(?:CP|CMP|CMA)\.[0-9]{1,2}|SALES/(?:GV\.)?[0-9]{2}\.[0-9IVXL]{1,5}(?:\.[A-Z])?\.[0-9]{1,3})$")
        .expect("static regex")
});

/// The target an AKN4UN number form stands for, the inverse of [`akn_number`]: `A-RES-66-1` →
/// `A/RES/66/1`, `A-RES-ES-10-21` → `A/RES/ES-10/21`, `A-80-500-S-2025-656` →
/// `A/80/500-S/2025/656`. A bare number (`71-4`, `2719_(2023)`) needs the issuing body's AKN4UN
/// actor (`un-ga`, `un-sc`, `un-hrc`, `un-ecosoc`).
///
/// ```
/// use unkg::extract::symbol_of_akn_number;
/// assert_eq!(symbol_of_akn_number("S-RES-2719_(2023)", None).as_deref(), Some("S/RES/2719 (2023)"));
/// assert_eq!(symbol_of_akn_number("71-4", Some("un-ga")).as_deref(), Some("A/RES/71/4"));
/// assert_eq!(symbol_of_akn_number("71-4", None), None);
/// ```
pub fn symbol_of_akn_number(number: &str, actor: Option<&str>) -> Option<String> {
    let number = number.trim();
    let spaced = number.replace('_', " ");
    let bare = number.starts_with(|c: char| c.is_ascii_digit());
    let candidate =
        match actor.filter(|_| bare && !OTHER_TARGET.is_match(&spaced.replace('-', "/"))) {
            Some(actor) => {
                let prefix = match actor {
                    "un-ga" => "A/RES/",
                    "un-sc" => "S/RES/",
                    "un-hrc" => "A/HRC/RES/",
                    "un-ecosoc" => "E/RES/",
                    _ => return None,
                };
                format!("{prefix}{}", spaced.replace('-', "/"))
            }
            None => dashes_to_slashes(&spaced),
        };
    if OTHER_TARGET.is_match(&candidate) {
        return (akn_number(&candidate) == number).then_some(candidate);
    }
    let sym = Symbol::parse(&candidate).ok()?;
    (sym.as_str() == candidate).then_some(candidate)
}

/// Which `-` of a number form were `/`: all but those inside a special-session component
/// (`S-26`, `ES-10` after a letters component) and the one joining two symbols (before a
/// series, after a component with a digit).
fn dashes_to_slashes(number: &str) -> String {
    let tokens: Vec<&str> = number.split('-').collect();
    let letters = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_uppercase());
    let mut out = String::with_capacity(number.len());
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            let prev = tokens[i - 1];
            let session = matches!(prev, "S" | "ES")
                && i >= 2
                && letters(tokens[i - 2])
                && !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_digit());
            let joint = i >= 2 && SERIES.contains(t) && prev.bytes().any(|b| b.is_ascii_digit());
            out.push(if session || joint { '-' } else { '/' });
        }
        out.push_str(t);
    }
    out
}

/// Hosts whose links name a UN document symbol, in the path or in a query parameter.
const UN_HOSTS: &[&str] = &[
    "undocs.org",
    "documents.un.org",
    "documents-dds-ny.un.org",
    "daccess-ods.un.org",
    "daccess-dds-ny.un.org",
    "docs.un.org",
];

/// Query parameters that carry a symbol.
const SYMBOL_PARAMS: &[&str] = &["s", "symbol", "finalsymbol", "ds"];

/// The canonical target a link names, if it names a UN document.
///
/// ```
/// use unkg::extract::symbol_of_href;
/// assert_eq!(symbol_of_href("https://undocs.org/en/A/RES/70/1").as_deref(), Some("A/RES/70/1"));
/// assert_eq!(
///     symbol_of_href("https://documents.un.org/api/symbol/access?s=S%2FRES%2F661%20%281990%29&l=fr").as_deref(),
///     Some("S/RES/661 (1990)"));
/// assert_eq!(
///     symbol_of_href("/akn/un/statement/deliberation/un-ga/2016-10-13/71-4/eng@/!main#para_8").as_deref(),
///     Some("A/RES/71/4"));
/// assert_eq!(symbol_of_href("https://digitallibrary.un.org/record/3923923"), None);
/// ```
pub fn symbol_of_href(href: &str) -> Option<String> {
    let href = href.trim();
    if let Some(i) = href.find("/akn/un/") {
        return symbol_of_akn_iri(&href[i + "/akn/un/".len()..]);
    }
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))
        .or_else(|| href.strip_prefix("//"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.split(':').next().unwrap_or(host);
    if !UN_HOSTS.contains(&host) {
        return None;
    }
    let rest = &rest[end..];
    let rest = rest.split('#').next().unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let from_query = form_urlencoded::parse(query.as_bytes()).find_map(|(k, v)| {
        SYMBOL_PARAMS
            .contains(&k.to_ascii_lowercase().as_str())
            .then(|| v.into_owned())
    });
    let raw = match from_query {
        Some(v) => v,
        // Only undocs.org has the symbol as its path; ODS paths name files.
        None if host == "undocs.org" => percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?
            .into_owned(),
        None => return None,
    };
    let raw = raw.trim().trim_matches('/');
    // A language before the symbol: `en/A/RES/70/1`.
    let raw = match raw.split_once('/') {
        Some((lang, s))
            if ["ar", "en", "es", "fr", "ru", "zh"]
                .contains(&lang.to_ascii_lowercase().as_str()) =>
        {
            s
        }
        _ => raw,
    };
    let sym = Symbol::parse(raw).ok()?;
    Some(sym.as_str().to_string())
}

/// The target of an AKN FRBR IRI, given after `/akn/un/`: unkg's own `doc/symbol/{number}`, or
/// AKN4UN's `{type}/{subtype}/{actor}/{date}/{number}/…`.
fn symbol_of_akn_iri(path: &str) -> Option<String> {
    let path = path.split(['#', '?', '~']).next().unwrap_or(path);
    let parts: Vec<&str> = path.split('/').collect();
    if let ["doc", "symbol", number, ..] = parts.as_slice() {
        return symbol_of_akn_number(number, None);
    }
    let is_date = |p: &str| {
        p.len() == 10
            && p.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    let d = parts.iter().position(|p| is_date(p))?;
    let number = parts.get(d + 1)?;
    let actor = d.checked_sub(1).and_then(|a| parts.get(a)).copied();
    symbol_of_akn_number(number, actor)
}

/// The kind of citation a target makes.
fn kind_of(target: &str) -> CitationKind {
    if target.starts_with("SALES/") {
        CitationKind::SalesNumber
    } else if OTHER_TARGET.is_match(target) {
        CitationKind::Decision
    } else {
        symbol_kind(target)
    }
}

/// Reads the document's links as citations: a link over a citation the text gives confirms it
/// (`href` set) or, when it names another document, overrides it with a diagnostic; a link
/// over words that cite nothing ("the 2030 Agenda") cites what it names, with the anchor text
/// as the span. `excluded` says which targets are the document itself.
pub(super) fn cite_links(
    ex: &mut Extraction,
    text: &str,
    lay: &Layout,
    blocks: &[Block],
    links: &[Hyperlink],
    excluded: &dyn Fn(&str) -> bool,
) {
    let mut added = Vec::new();
    for l in links {
        let Some(target) = symbol_of_href(&l.href) else {
            continue;
        };
        let Some(anchor) = text.get(l.start..l.end).filter(|a| !a.trim().is_empty()) else {
            continue;
        };
        if excluded(&target) {
            continue;
        }
        // Citations are sorted by start and a cited text is far shorter than 1,000 bytes: look
        // back only that far from the first one starting past the anchor.
        let upto = ex.citations.partition_point(|c| c.start < l.end);
        let mut over: Vec<usize> = (0..upto)
            .rev()
            .take_while(|&i| ex.citations[i].start + 1000 > l.start)
            .filter(|&i| l.start < ex.citations[i].end)
            .collect();
        over.reverse();
        let same: Vec<usize> = over
            .iter()
            .copied()
            .filter(|&i| ex.citations[i].target == target)
            .collect();
        if !same.is_empty() {
            for i in same {
                ex.citations[i].href = Some(l.href.clone());
            }
            continue;
        }
        match over.as_slice() {
            [] => {}
            [i] => {
                let c = &mut ex.citations[*i];
                ex.diagnostics.push(format!(
                    "the link over {:?} (bytes {}..{}) names {target}, the text {}: the link is kept",
                    anchor, l.start, l.end, c.target
                ));
                c.kind = kind_of(&target);
                c.issuing_body = issuing_body_of(&target).map(Cow::Borrowed);
                c.target = target.into();
                c.href = Some(l.href.clone());
                continue;
            }
            _ => {
                let said: Vec<&str> = over
                    .iter()
                    .map(|&i| ex.citations[i].target.as_str())
                    .collect();
                ex.diagnostics.push(format!(
                    "the link over {:?} (bytes {}..{}) names {target}, the text cites {}: left as the text says",
                    anchor,
                    l.start,
                    l.end,
                    said.join(", ")
                ));
                continue;
            }
        }
        // Where the anchor stands: a footnote (the paragraph is its marker's) or the body.
        let note = lay.footnotes.iter().find(|n| {
            let len = n.view.as_str().len();
            len > 0 && n.view.to_orig(0) <= l.start && l.start < n.view.to_orig(len)
        });
        let paragraph = match note {
            Some(n) => lay
                .markers
                .iter()
                .find(|m| m.number == n.number)
                .and_then(|m| {
                    blocks
                        .iter()
                        .zip(&ex.paragraphs)
                        .rfind(|(b, _)| b.range.start <= m.at)
                }),
            None => {
                let i = ex.paragraphs.partition_point(|p| p.start <= l.start);
                i.checked_sub(1)
                    .and_then(|i| blocks.get(i).zip(ex.paragraphs.get(i)))
                    .filter(|(_, p)| l.start < p.end)
            }
        };
        added.push(Citation {
            kind: kind_of(&target),
            issuing_body: issuing_body_of(&target).map(Cow::Borrowed),
            target: target.into(),
            pinpoint: None,
            footnote: note.map(|n| n.number),
            instrument: None,
            date: None,
            function: paragraph.and_then(|(b, _)| match b.kind {
                ParagraphKind::Other => None,
                _ => Some(Cow::Borrowed(b.function.unwrap_or("cites"))),
            }),
            paragraph: paragraph.map(|(_, p)| p.id.as_str().into()),
            text: anchor.into(),
            start: l.start,
            end: l.end,
            href: Some(l.href.clone()),
        });
    }
    if !added.is_empty() {
        ex.citations.extend(added);
        super::sort_by_span(&mut ex.citations);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_forms_round_trip() {
        for s in [
            "A/RES/66/1",
            "A/RES/ES-10/21",
            "A/RES/S-26/1",
            "A/HRC/RES/S-26/1",
            "A/80/500-S/2025/656",
            "S/RES/2719 (2023)",
            "A/RES/217(III)",
            "E/CN.4/RES/1996/85",
            "UNEP/EA.2/Res.8",
            "FCCC/CP/2015/10/Add.1",
            "1/CP.21",
            "SALES/96.IV.13",
            "A/62/17(Part I)",
        ] {
            assert_eq!(
                symbol_of_akn_number(&akn_number(s), None).as_deref(),
                Some(s),
                "{s}"
            );
        }
    }

    #[test]
    fn links_that_name_documents() {
        for (href, want) in [
            ("https://undocs.org/A/RES/70/1", Some("A/RES/70/1")),
            (
                "http://www.undocs.org/zh/S/RES/2719(2023)",
                Some("S/RES/2719 (2023)"),
            ),
            ("https://undocs.org/en/A%2FRES%2F70%2F1", Some("A/RES/70/1")),
            (
                "https://undocs.org/Home/Mobile?FinalSymbol=A%2F79%2F1&Language=E",
                Some("A/79/1"),
            ),
            (
                "https://documents.un.org/symbol-explorer?symbol=A/RES/70/1&i=A/RES/70/1_1",
                Some("A/RES/70/1"),
            ),
            (
                "https://daccess-ods.un.org/access.nsf/Get?Open&DS=A/RES/60/1&Lang=E",
                Some("A/RES/60/1"),
            ),
            (
                "https://documents.un.org/doc/undoc/gen/n15/291/89/pdf/n1529189.pdf",
                None,
            ),
            ("https://digitallibrary.un.org/record/3923923?ln=en", None),
            ("https://www.un.org/en/ga/", None),
            ("https://undocs.org/", None),
            (
                "/akn/un/doc/symbol/A-80-500-S-2025-656",
                Some("A/80/500-S/2025/656"),
            ),
            (
                "https://resolver.akn4un.org/akn/un/statement/deliberation/un-ga/1991-12-19/46-182/",
                Some("A/RES/46/182"),
            ),
            (
                "/akn/un/collection/publication/un-ga/2012-01-13/A-RES-66-1/eng@2013-12-12/.xml",
                Some("A/RES/66/1"),
            ),
            (
                "/akn/un/statement/deliberation/fao-council/2016-10-13/71-4",
                None,
            ),
            ("/akn/un/doc/symbol/unknown", None),
        ] {
            assert_eq!(symbol_of_href(href).as_deref(), want, "{href}");
        }
    }
}
