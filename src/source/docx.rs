//! Word `.docx` to text: the paragraphs of `word/document.xml` and the footnotes of
//! `word/footnotes.xml`.
//!
//! A `.docx` is a zip of XML parts. Text is the content of `<w:t>` runs (deleted text,
//! `<w:delText>`, is not), `<w:tab/>` and `<w:br/>` are spaces, each `<w:p>` a paragraph. Each
//! `<w:footnoteReference w:id>` is a marker, numbered as Word shows it: in order of reference. The
//! footnote's own text is read from the footnotes part and written after the rule, as
//! [`super::rendered`] lays them out. A file that is not a zip, or lacks the document part, is an
//! error saying so.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::rendered::Rendered;

/// The largest XML part read from a `.docx` (a zip bomb stops here).
const MAX_PART: u64 = 256 << 20;

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let mut s = String::new();
    file.take(MAX_PART)
        .read_to_string(&mut s)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(s))
}

fn local(e: &BytesStart<'_>) -> String {
    let name = e.name();
    let n: &str = name.as_ref();
    n.rsplit(':').next().unwrap_or(n).to_string()
}

fn id_of(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let k: &str = a.key.as_ref();
        (k == "w:id" || k == "id").then(|| a.value.to_string())
    })
}

/// What a walk over one part sees.
enum Item {
    Text(String),
    Space,
    ParagraphEnd,
    Reference(String),
    /// A footnote starts (its id).
    NoteStart(String),
    NoteEnd,
}

fn walk(xml: &str, part: &str, mut f: impl FnMut(Item)) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "{part}: malformed XML at byte {}: {e}",
                reader.error_position()
            )
        })?;
        match event {
            Event::Start(e) => match local(&e).as_str() {
                "t" => in_text = true,
                "footnote" => f(Item::NoteStart(id_of(&e).unwrap_or_default())),
                _ => {}
            },
            Event::Empty(e) => match local(&e).as_str() {
                "tab" | "br" | "cr" => f(Item::Space),
                "footnoteReference" => f(Item::Reference(id_of(&e).unwrap_or_default())),
                "p" => f(Item::ParagraphEnd),
                _ => {}
            },
            Event::End(e) => {
                let name = e.name();
                let n: &str = name.as_ref();
                match n.rsplit(':').next().unwrap_or(n) {
                    "t" => in_text = false,
                    "p" => f(Item::ParagraphEnd),
                    "footnote" => f(Item::NoteEnd),
                    _ => {}
                }
            }
            Event::Text(t) if in_text => f(Item::Text(t.xml10_content().into_owned())),
            Event::GeneralRef(r) if in_text => {
                let name: &str = &r;
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match name {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                f(Item::Text(s));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Renders a Word `.docx` file to the text unkg extracts from.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a .docx (zip) file: {e}"))?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("no word/document.xml part: not a Word document")?;
    // Footnote bodies by id.
    let mut bodies: HashMap<String, String> = HashMap::new();
    if let Some(notes) = part(&mut zip, "word/footnotes.xml")? {
        let mut current: Option<(String, String)> = None;
        walk(&notes, "word/footnotes.xml", |item| match item {
            Item::NoteStart(id) => current = Some((id, String::new())),
            Item::NoteEnd => {
                if let Some((id, text)) = current.take() {
                    bodies.insert(id, text);
                }
            }
            Item::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.1.push_str(&t);
                }
            }
            Item::Space | Item::ParagraphEnd => {
                if let Some(c) = current.as_mut() {
                    c.1.push(' ');
                }
            }
            Item::Reference(_) => {}
        })?;
    }
    let mut out = Rendered::default();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    walk(&document, "word/document.xml", |item| match item {
        Item::Text(t) => out.text(&t),
        Item::Space => out.text(" "),
        Item::ParagraphEnd => out.paragraph_break(),
        Item::Reference(id) => {
            let next = numbers.len() as u32 + 1;
            let n = *numbers.entry(id.clone()).or_insert(next);
            out.marker(n);
            if n == next
                && let Some(body) = bodies.get(&id)
            {
                out.footnote(n, body.trim());
            }
        }
        Item::NoteStart(_) | Item::NoteEnd => {}
    })?;
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_zip_is_an_error() {
        let e = docx_to_text(b"plain text").unwrap_err();
        assert!(e.contains("not a .docx"), "{e}");
    }
}
