//! Akoma Ntoso (AKN4UN) XML to text; any other XML gives its character data.
//!
//! The `<meta>` block is not text. Block elements (`<p>`, `<heading>`, `<li>`…) end paragraphs,
//! `<num>` is followed by a space, `<authorialNote>` becomes a footnote: a superscript marker
//! where it stands (its `@marker` when that is a number) and its content after the rule, as
//! [`super::rendered`] lays them out. `<ref href>` contributes its text, which is where the
//! citation is read from, and its target, kept as a link over that text. A `<FRBRnumber showAs>` that is a document symbol heads the text, as
//! the symbol heads a document's first page. Malformed XML is an error naming the byte offset.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use std::sync::LazyLock;

use regex::Regex;

use super::rendered::{NoteLinks, Rendered};
use crate::text::Hyperlink;

/// An open footnote: number, text so far, depth of elements inside, links as ranges of the text.
type Note = (u32, String, usize, NoteLinks);

/// What a UN document symbol looks like: series letters, then slash-separated parts
/// (`A/RES/60/1`, `S/2025/257`, `A/80/488-S/2025/655`, `S/RES/2719 (2023)`).
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Za-z.]*(?:/[A-Za-z0-9.()\-]+)+(?: \(\d{4}\))?$").expect("static regex")
});

const BLOCK: &[&str] = &[
    "p",
    "heading",
    "subheading",
    "docTitle",
    "longTitle",
    "li",
    "item",
    "tr",
    "listIntroduction",
    "listWrapUp",
    "blockList",
    "block",
    "tblock",
    "formula",
    "intro",
    "wrapUp",
    "content",
    "recital",
    "paragraph",
    "section",
    "article",
    "container",
    "title",
];

fn local(e: &BytesStart<'_>) -> String {
    let name = e.name();
    let n: &str = name.as_ref();
    n.rsplit(':').next().unwrap_or(n).to_string()
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let k: &str = a.key.as_ref();
        (k == key || k.ends_with(&format!(":{key}")))
            .then(|| {
                quick_xml::escape::unescape(&a.value)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        _ => return None,
    })
}

/// Renders an Akoma Ntoso document (or any XML) to the text unkg extracts from.
///
/// ```
/// let xml = "<akomaNtoso><statement><meta><identification source=\"x\"/></meta>\
///     <mainBody><p>Recalling the Outcome,<authorialNote marker=\"1\" eId=\"fn_1\"><p>\
///     Resolution <ref href=\"/akn/un/statement/deliberation/un-ga/2005-10-24/60-1\">60/1</ref>.\
///     </p></authorialNote> in which</p></mainBody></statement></akomaNtoso>";
/// let text = unkg::source::akn_to_text(xml).unwrap();
/// assert_eq!(text, "Recalling the Outcome,¹ in which\n\n__________\n1 Resolution 60/1.\n");
/// ```
pub fn akn_to_text(xml: &str) -> Result<String, String> {
    render_akn(xml).map(|r| r.0)
}

/// Renders an Akoma Ntoso document to text, with each `<ref href>` as a span of that text.
///
/// ```
/// let xml = "<akomaNtoso><doc><mainBody><p>Recalling its \
///     <ref href=\"/akn/un/doc/symbol/A-RES-70-1\">resolution 70/1</ref>,</p></mainBody></doc></akomaNtoso>";
/// let (text, links) = unkg::source::render_akn(xml).unwrap();
/// assert_eq!(&text[links[0].start..links[0].end], "resolution 70/1");
/// assert_eq!(links[0].href, "/akn/un/doc/symbol/A-RES-70-1");
/// ```
pub fn render_akn(xml: &str) -> Result<(String, Vec<Hyperlink>), String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Rendered::default();
    let mut skip = 0usize; // depth inside <meta>
    let mut symbol: Option<String> = None;
    // Just after a <num>: the block that follows is on its line (`b) the WSIS+10 statement`).
    let mut after_num = false;
    // Open footnotes, innermost last.
    let mut notes: Vec<Note> = Vec::new();
    // Open `<ref href>`s: target, start (in the innermost note's text when `true`).
    let mut refs: Vec<(String, usize, bool)> = Vec::new();
    let push = |out: &mut Rendered, notes: &mut Vec<Note>, s: &str| match notes.last_mut() {
        Some(n) => n.1.push_str(s),
        None => out.text(s),
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if skip > 0 || name == "meta" {
                    skip += 1;
                    continue;
                }
                if let Some(n) = notes.last_mut() {
                    n.2 += 1;
                }
                if name == "ref" {
                    let href = attr(&e, "href").unwrap_or_default();
                    refs.push(match notes.last() {
                        Some(n) => (href, n.1.len(), true),
                        None => (href, out.link_start(), false),
                    });
                }
                if name == "authorialNote" {
                    let number = attr(&e, "marker")
                        .and_then(|m| m.trim().parse::<u32>().ok())
                        .filter(|&n| n > 0)
                        .unwrap_or_else(|| {
                            out.next_note_number()
                                .max(notes.last().map_or(0, |n| n.0 + 1))
                        });
                    if notes.is_empty() {
                        out.marker(number);
                    }
                    notes.push((number, String::new(), 0, Vec::new()));
                } else if BLOCK.contains(&name.as_str()) && notes.is_empty() && !after_num {
                    out.paragraph_break();
                }
                after_num = false;
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let name = {
                    let n = e.name();
                    let s: &str = n.as_ref();
                    s.rsplit(':').next().unwrap_or(s).to_string()
                };
                if name == "ref"
                    && let Some((href, start, in_note)) = refs.pop()
                    && !href.trim().is_empty()
                {
                    match (in_note, notes.last_mut()) {
                        (true, Some(n)) => n.3.push((start..n.1.len(), href.trim().to_string())),
                        (false, None) => out.link(start, href.trim()),
                        _ => {}
                    }
                }
                if let Some(n) = notes.last_mut()
                    && n.2 > 0
                {
                    n.2 -= 1;
                    if BLOCK.contains(&name.as_str()) || name == "num" {
                        n.1.push(' ');
                    }
                    continue;
                }
                if name == "authorialNote"
                    && let Some((number, text, _, links)) = notes.pop()
                {
                    match notes.last_mut() {
                        Some(outer) => {
                            let at = outer.1.len();
                            outer.1.push_str(&text);
                            let moved = links
                                .into_iter()
                                .map(|(r, h)| (r.start + at..r.end + at, h));
                            outer.3.extend(moved);
                        }
                        None => out.linked_footnote(number, &text, &links),
                    }
                } else if BLOCK.contains(&name.as_str()) {
                    out.paragraph_break();
                } else if matches!(name.as_str(), "num" | "docType" | "docNumber") {
                    out.text(" ");
                    after_num = name == "num";
                }
            }
            Event::Empty(e) => {
                let name = local(&e);
                if skip == 0 && name == "br" {
                    push(&mut out, &mut notes, " ");
                }
                // The work's number as shown (`S/2025/257`), when it is a document symbol.
                if name == "FRBRnumber"
                    && symbol.is_none()
                    && let Some(shown) = attr(&e, "showAs")
                    && SYMBOL.is_match(shown.trim())
                {
                    symbol = Some(shown.trim().to_string());
                }
            }
            Event::Text(t) if skip == 0 => push(&mut out, &mut notes, &t.xml10_content()),
            Event::CData(t) if skip == 0 => {
                let raw = t.into_inner();
                push(&mut out, &mut notes, &raw);
            }
            Event::GeneralRef(r) if skip == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name: &str = &r;
                        predefined(name).unwrap_or("").to_string()
                    }
                };
                push(&mut out, &mut notes, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A document's symbol heads its first page; the metadata reader looks for it there.
    let (text, mut links) = out.finish_linked();
    Ok(match symbol {
        Some(s) => {
            let head = format!("{s}\n\n");
            for l in &mut links {
                l.start += head.len();
                l.end += head.len();
            }
            (head + &text, links)
        }
        None => (text, links),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_xml_is_an_error() {
        let e = akn_to_text("<a><p>text</a>").unwrap_err();
        assert!(e.contains("malformed XML"), "{e}");
    }

    #[test]
    fn entities_and_nums() {
        let t = akn_to_text(
            "<doc><meta>x</meta><point><num>(a)</num><p>A &amp; B&#32;C</p></point></doc>",
        )
        .unwrap();
        assert_eq!(t, "(a) A & B C\n");
    }
}
