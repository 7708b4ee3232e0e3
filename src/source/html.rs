//! HTML to text: UN web pages, undocs renderings and Word's "save as web page".
//!
//! Visible text only (no `<script>`, `<style>`, `<head>`), block elements as paragraph breaks,
//! footnote markers (`<sup>1</sup>`, `<a href="#fn1">[1]</a>`, Word's `<a href="#_ftn1">`) as
//! superscript digits, and footnote bodies (an element whose id names a footnote, `fn1`,
//! `_ftn1`, `footnote-1`, or the items of a list marked as footnotes) moved after the rule, as
//! [`super::rendered`] lays them out. Links to other pages (`<a href="https://undocs.org/…">`)
//! are kept as spans of their anchor text, in the body or in a footnote. The HTML tokenizer
//! never fails: tag soup gives text.

use std::sync::LazyLock;

use html5gum::{Token, Tokenizer};
use regex::Regex;

use super::rendered::{NoteLinks, Rendered};
use crate::text::Hyperlink;

/// An id that names footnote N: `fn1`, `ftn1`, `_ftn1`, `footnote-1`, `note_1`, `fn:1`.
static NOTE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^_?(?:fn|ftn|footnote|note|endnote|edn)[-_:]?(\d{1,3})$")
        .expect("static regex")
});
/// A marker's text: `1`, `[1]`, `(1)`.
static MARKER_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\[(]?(\d{1,3})[\])]?$").expect("static regex"));
/// What leads a footnote body and is not part of it: its number and back-links.
static NOTE_LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\[(]?\d{1,3}[\])]?\.?\s*").expect("static regex"));

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
const HIDDEN: &[&str] = &[
    "head", "script", "style", "template", "noscript", "svg", "button", "nav",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "blockquote",
    "li",
    "ol",
    "ul",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "body",
    "center",
    "address",
];

/// One open element.
struct Open {
    name: String,
    /// This element holds footnote N: its text goes to the footnote.
    note: Option<u32>,
    /// This element is a list of footnotes: each `<li>` is one.
    note_list: bool,
    /// This element may be a marker (`<sup>`, an in-page link): its text is held back.
    marker: Option<MarkerKind>,
    /// A link to another page: its target and where its text starts.
    link: Option<(String, Anchor)>,
}

/// Where a link's anchor text starts.
#[derive(Clone, Copy)]
enum Anchor {
    /// At this offset of the rendered body.
    Body(usize),
    /// At this offset of the innermost open footnote's text.
    Note(usize),
}

/// An open footnote: number, text so far, links as ranges of that text.
type Note = (u32, String, NoteLinks);

#[derive(Clone, Copy, PartialEq, Eq)]
enum MarkerKind {
    Sup,
    /// A link to footnote N.
    Link(Option<u32>),
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Renders an HTML page to the text unkg extracts from.
///
/// ```
/// let html = "<p>Recalling the Outcome,<sup><a href=\"#fn1\">1</a></sup> in which</p>\
///     <ol class=\"footnotes\"><li id=\"fn1\">Resolution 60/1.</li></ol>";
/// let text = unkg::source::html_to_text(html);
/// assert!(text.starts_with("Recalling the Outcome,¹ in which\n"));
/// assert!(text.ends_with("__________\n1 Resolution 60/1.\n"));
/// ```
pub fn html_to_text(html: &str) -> String {
    render_html(html).0
}

/// Renders an HTML page to text, with the links to other pages as spans of that text.
///
/// ```
/// let (text, links) = unkg::source::render_html(
///     "<p>Recalling <a href=\"https://undocs.org/A/RES/70/1\">the 2030 Agenda</a>,</p>");
/// assert_eq!(&text[links[0].start..links[0].end], "the 2030 Agenda");
/// assert_eq!(links[0].href, "https://undocs.org/A/RES/70/1");
/// ```
pub fn render_html(html: &str) -> (String, Vec<Hyperlink>) {
    let mut out = Rendered::default();
    let mut stack: Vec<Open> = Vec::new();
    // Open footnotes, innermost last.
    let mut notes: Vec<Note> = Vec::new();
    // Text held back inside a possible marker.
    let mut held: Vec<String> = Vec::new();
    let mut hidden = 0usize;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = lossy(&tag.name).to_ascii_lowercase();
                let attr = |k: &str| {
                    tag.attributes
                        .get(k.as_bytes())
                        .map(|v| lossy(&v.value))
                        .unwrap_or_default()
                };
                if name == "br" {
                    match notes.last_mut() {
                        Some(n) => n.1.push(' '),
                        None => out.line_break(),
                    }
                }
                if VOID.contains(&name.as_str()) || tag.self_closing {
                    continue;
                }
                if HIDDEN.contains(&name.as_str()) {
                    hidden += 1;
                }
                if BLOCK.contains(&name.as_str()) && notes.is_empty() {
                    out.paragraph_break();
                }
                let (id, class) = (attr("id"), attr("class").to_ascii_lowercase());
                let in_list = stack.last().is_some_and(|o| o.note_list);
                let name_attr = attr("name");
                let mut note = NOTE_ID
                    .captures(&id)
                    .or_else(|| NOTE_ID.captures(&name_attr))
                    .and_then(|c| c[1].parse().ok())
                    .filter(|_| {
                        // A link named like a footnote is its back-link or its marker.
                        name != "a"
                    });
                if note.is_none() && in_list && name == "li" {
                    note = Some(
                        out.next_note_number()
                            .max(notes.last().map_or(0, |n| n.0) + 1),
                    );
                }
                let note_list = matches!(name.as_str(), "ol" | "ul" | "section" | "div" | "aside")
                    && (class.contains("footnote")
                        || id.to_ascii_lowercase().contains("footnote")
                        || attr("role") == "doc-endnotes")
                    && note.is_none();
                let href = attr("href");
                let marker = if name == "sup" {
                    Some(MarkerKind::Sup)
                } else if name == "a" && href.starts_with('#') {
                    let target = NOTE_ID.captures(&href[1..]).and_then(|c| c[1].parse().ok());
                    Some(MarkerKind::Link(target))
                } else {
                    None
                };
                if let Some(n) = note {
                    notes.push((n, String::new(), Vec::new()));
                }
                // Text held back for a marker is not where it will be written: no link there.
                let link = (name == "a" && !href.is_empty() && marker.is_none() && held.is_empty())
                    .then(|| {
                        let at = match notes.last() {
                            Some(n) => Anchor::Note(n.1.len()),
                            None => Anchor::Body(out.link_start()),
                        };
                        (href.trim().to_string(), at)
                    });
                if marker.is_some() {
                    held.push(String::new());
                }
                stack.push(Open {
                    name,
                    note,
                    note_list,
                    marker,
                    link,
                });
            }
            Token::EndTag(tag) => {
                let name = lossy(&tag.name).to_ascii_lowercase();
                // Close up to the matching element; a stray end tag closes nothing.
                let Some(pos) = stack.iter().rposition(|o| o.name == name) else {
                    continue;
                };
                while stack.len() > pos {
                    let Some(open) = stack.pop() else { break };
                    close(&open, &mut out, &mut notes, &mut held, &mut hidden);
                }
            }
            Token::String(s) => {
                if hidden > 0 {
                    continue;
                }
                let s = lossy(&s.value);
                if let Some(h) = held.last_mut() {
                    h.push_str(&s);
                } else if let Some(n) = notes.last_mut() {
                    n.1.push_str(&s);
                } else {
                    out.text(&s);
                }
            }
            _ => {}
        }
    }
    while let Some(open) = stack.pop() {
        close(&open, &mut out, &mut notes, &mut held, &mut hidden);
    }
    out.finish_linked()
}

fn close(
    open: &Open,
    out: &mut Rendered,
    notes: &mut Vec<Note>,
    held: &mut Vec<String>,
    hidden: &mut usize,
) {
    if HIDDEN.contains(&open.name.as_str()) {
        *hidden = hidden.saturating_sub(1);
    }
    if let Some(kind) = open.marker {
        let text = held.pop().unwrap_or_default();
        let number = MARKER_TEXT
            .captures(text.trim())
            .and_then(|c| c[1].parse::<u32>().ok());
        let is_marker = match kind {
            MarkerKind::Sup => number.is_some(),
            MarkerKind::Link(target) => target.is_some() && number.is_some(),
        };
        // Inside a footnote, its own number (or back-link) is dropped; elsewhere a marker is
        // written as superscript digits, and anything else as the text it is.
        if let Some(outer) = held.last_mut() {
            // A link inside a <sup> (or the other way round): the outer one decides.
            outer.push_str(&text);
        } else if let Some(n) = notes.last_mut() {
            if !is_marker {
                n.1.push_str(&text);
            }
        } else {
            match number.filter(|_| is_marker) {
                Some(n) => out.marker(n),
                None => out.text(&text),
            }
        }
    }
    match (&open.link, notes.last_mut()) {
        (Some((href, Anchor::Note(start))), Some(n)) => n.2.push((*start..n.1.len(), href.clone())),
        (Some((href, Anchor::Body(start))), None) => out.link(*start, href),
        _ => {}
    }
    if open.note.is_some()
        && let Some((n, text, links)) = notes.pop()
    {
        let lead = NOTE_LEAD.find(&text).map_or(0, |m| m.end());
        let rest = &text[lead..];
        let body = rest.trim().trim_end_matches(['↩', '↑']).trim();
        // Where `body` starts in `text`: links move back by as much.
        let from = lead + (rest.len() - rest.trim_start().len());
        let links: NoteLinks = links
            .into_iter()
            .filter(|(r, _)| r.start >= from)
            .map(|(r, h)| {
                let at = |o: usize| o.saturating_sub(from).min(body.len());
                (at(r.start)..at(r.end), h)
            })
            .collect();
        if !body.is_empty() {
            out.linked_footnote(n, body, &links);
        }
    }
    if BLOCK.contains(&open.name.as_str()) && notes.is_empty() {
        out.paragraph_break();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_html_footnotes() {
        let html = r##"<html><head><title>x</title><style>p{}</style></head><body>
<p class=MsoNormal>Recalling the Outcome,<a href="#_ftn1" name="_ftnref1"><sup>[1]</sup></a>
in which &amp; more</p>
<div id=ftn1><p><a href="#_ftnref1" name="_ftn1"><sup>[1]</sup></a> Resolution 60/1.</p></div>
</body></html>"##;
        let t = html_to_text(html);
        assert_eq!(
            t,
            "Recalling the Outcome,¹ in which & more\n\n__________\n1 Resolution 60/1.\n"
        );
    }

    #[test]
    fn sup_that_is_not_a_marker_stays_text() {
        let t = html_to_text("<p>10 km<sup>2</sup> and x<sup>a</sup></p><script>var a;</script>");
        assert_eq!(t, "10 km² and xa\n");
    }
}
