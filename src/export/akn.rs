//! One document as Akoma Ntoso 3.0: its running text in `<p>` blocks, unkg's citations as
//! `<ref href="/akn/un/…">`, its footnotes as `<authorialNote>` where their markers stood.
//!
//! The text written is the layout stage's body (page furniture, footnote blocks and markers
//! removed) and each footnote's own text; nothing is reworded, so reading the output back gives
//! the same citations. References use the AKN4UN number form of the cited symbol (`/` → `-`,
//! space → `_`) under `/akn/un/doc/symbol/`, since the adoption dates AKN4UN work IRIs carry are
//! not known from the citing text.

use std::io::{self, Write};

use quick_xml::escape::escape;

pub use crate::extract::akn_number;
use crate::extract::{Citation, Extraction};
use crate::text::{View, layout};

/// The Akoma Ntoso 3.0 namespace.
pub const AKN_NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// The reference written for a cited symbol.
pub fn akn_href(symbol: &str) -> String {
    format!("/akn/un/doc/symbol/{}", akn_number(symbol))
}

/// What to mark up inside one view: citations as (original span, href).
fn write_view(
    out: &mut String,
    view: &View,
    range: std::ops::Range<usize>,
    cites: &[&Citation],
    notes: &[(usize, String)],
) {
    let s = view.as_str();
    let mut open: Option<usize> = None; // end (original offset) of the open <ref>
    let mut chunk = String::new();
    let flush = |out: &mut String, chunk: &mut String| {
        out.push_str(&escape(chunk.as_str()));
        chunk.clear();
    };
    let mut ci = 0;
    let mut ni = 0;
    for (v, c) in s[range.clone()].char_indices() {
        let v = range.start + v;
        let o = view.to_orig(v);
        if let Some(end) = open
            && o >= end
        {
            flush(out, &mut chunk);
            out.push_str("</ref>");
            open = None;
        }
        while ni < notes.len() && notes[ni].0 <= v {
            flush(out, &mut chunk);
            if open.is_some() {
                // A marker inside a citation's span: close the reference first.
                out.push_str("</ref>");
                open = None;
            }
            out.push_str(&notes[ni].1);
            ni += 1;
        }
        while ci < cites.len() && cites[ci].end <= o {
            ci += 1;
        }
        if open.is_none() && ci < cites.len() && cites[ci].start <= o && o < cites[ci].end {
            flush(out, &mut chunk);
            out.push_str(&format!(
                "<ref href=\"{}\">",
                escape(akn_href(&cites[ci].target).as_str())
            ));
            open = Some(cites[ci].end);
            ci += 1;
        }
        // Line and page breaks are not markup, and C0 controls (a PDF's backspaces) cannot
        // appear in XML 1.0 at all.
        chunk.push(if c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}') {
            ' '
        } else {
            c
        });
    }
    flush(out, &mut chunk);
    if open.is_some() {
        out.push_str("</ref>");
    }
    for n in &notes[ni..] {
        out.push_str(&n.1);
    }
}

/// Writes `text` and its extraction as an Akoma Ntoso document. `markdown` must be what the
/// extraction was made with.
pub fn write_akn(
    w: &mut impl Write,
    text: &str,
    ex: &Extraction,
    markdown: bool,
) -> io::Result<()> {
    let lay = layout(text, markdown);
    let mut body_cites: Vec<&Citation> = ex
        .citations
        .iter()
        .filter(|c| c.footnote.is_none())
        .collect();
    body_cites.sort_by_key(|c| c.start);
    // Footnotes, rendered, placed at their markers (the first marker of each number).
    let mut placed: Vec<(usize, String)> = Vec::new();
    let mut unplaced: Vec<String> = Vec::new();
    for note in &lay.footnotes {
        let mut cites: Vec<&Citation> = ex
            .citations
            .iter()
            .filter(|c| c.footnote == Some(note.number))
            .collect();
        cites.sort_by_key(|c| c.start);
        let mut inner = String::new();
        let len = note.view.as_str().len();
        write_view(&mut inner, &note.view, 0..len, &cites, &[]);
        let xml = format!(
            "<authorialNote marker=\"{n}\" eId=\"fn_{n}\"><p>{}</p></authorialNote>",
            inner.trim(),
            n = note.number
        );
        match lay.markers.iter().find(|m| m.number == note.number) {
            Some(m)
                if !placed
                    .iter()
                    .any(|p| p.1.contains(&format!("eId=\"fn_{}\"", note.number))) =>
            {
                placed.push((m.at, xml))
            }
            _ => unplaced.push(xml),
        }
    }
    placed.sort_by_key(|p| p.0);

    let symbol = ex.symbol.as_deref();
    let work = match symbol {
        Some(s) => akn_href(s),
        None => "/akn/un/doc/symbol/unknown".to_string(),
    };
    let lang3 = match ex.language.as_str() {
        "ar" => "ara",
        "es" => "spa",
        "fr" => "fra",
        "ru" => "rus",
        "zh" => "zho",
        _ => "eng",
    };
    let (date, date_name) = match ex.date.as_deref() {
        Some(d) => (d.to_string(), "publication"),
        None => ("1945-10-24".to_string(), "unknown"),
    };
    let name = ex
        .doc_type
        .as_deref()
        .unwrap_or("document")
        .replace(' ', "-");
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<akomaNtoso xmlns=\"{AKN_NS}\">\n"));
    out.push_str(&format!("  <doc name=\"{}\">\n", escape(name.as_str())));
    out.push_str("    <meta>\n      <identification source=\"#unkg\">\n");
    let expr = format!("{work}/{lang3}@{date}");
    for (tag, this, uri, extra) in [
        (
            "FRBRWork",
            format!("{work}/!main"),
            work.clone(),
            format!(
                "        <FRBRauthor href=\"#unkg\"/>\n        <FRBRcountry value=\"un\"/>\n{}",
                symbol.map_or(String::new(), |s| format!(
                    "        <FRBRnumber value=\"{}\" showAs=\"{}\"/>\n",
                    escape(akn_number(s).as_str()),
                    escape(s)
                ))
            ),
        ),
        (
            "FRBRExpression",
            format!("{expr}/!main"),
            expr.clone(),
            format!(
                "        <FRBRauthor href=\"#unkg\"/>\n        <FRBRlanguage language=\"{lang3}\"/>\n"
            ),
        ),
        (
            "FRBRManifestation",
            format!("{expr}/.akn"),
            format!("{expr}/.akn"),
            "        <FRBRauthor href=\"#unkg\"/>\n".to_string(),
        ),
    ] {
        out.push_str(&format!(
            "      <{tag}>\n        <FRBRthis value=\"{}\"/>\n        <FRBRuri value=\"{}\"/>\n        <FRBRdate date=\"{date}\" name=\"{date_name}\"/>\n{extra}      </{tag}>\n",
            escape(this.as_str()),
            escape(uri.as_str())
        ));
    }
    out.push_str("      </identification>\n");
    out.push_str("      <references source=\"#unkg\">\n        <TLCOrganization eId=\"unkg\" href=\"/ontology/organization/unkg\" showAs=\"unkg\"/>\n      </references>\n");
    out.push_str("    </meta>\n    <mainBody>\n");
    // Paragraphs: the body split at blank lines.
    let body = lay.body.as_str();
    let mut start = 0usize;
    let mut blocks: Vec<std::ops::Range<usize>> = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            // A blank line: only spaces up to the next line break.
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | 0x0c) {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                blocks.push(start..i);
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    blocks.push(start..body.len());
    let mut eid = 0;
    for (k, b) in blocks.iter().enumerate() {
        let notes: Vec<(usize, String)> = placed
            .iter()
            .filter(|(at, _)| {
                *at >= b.start && (*at < b.end || (*at == b.end && k + 1 == blocks.len()))
                    || (*at >= b.end && blocks.get(k + 1).is_some_and(|n| *at < n.start))
            })
            .cloned()
            .collect();
        let mut p = String::new();
        write_view(&mut p, &lay.body, b.clone(), &body_cites, &notes);
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        eid += 1;
        out.push_str(&format!("      <p eId=\"p_{eid}\">{p}</p>\n"));
    }
    if !unplaced.is_empty() {
        out.push_str(&format!(
            "      <p eId=\"p_{}\">{}</p>\n",
            eid + 1,
            unplaced.join("")
        ));
    }
    out.push_str("    </mainBody>\n  </doc>\n</akomaNtoso>\n");
    w.write_all(out.as_bytes())
}
