//! Shared fixtures of the store tests: hand-made extractions (tests/fixtures/graph/) whose
//! spans are found in their text, so the fixture files stay readable.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use unkg::extract::{BodyMention, Citation, Extraction, Paragraph, ParagraphKind};
use unkg::model::{Base, DocumentGraph, DocumentInput, document_graph};
use unkg::store::{FileInfo, Store};

/// One fixture document: its text and its extraction.
pub struct Fixture {
    pub text: String,
    pub extraction: Extraction,
}

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/graph")
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn n(v: &Value, k: &str) -> Option<u32> {
    v.get(k).and_then(Value::as_u64).map(|x| x as u32)
}

fn find(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let start = text[from..]
        .find(needle)
        .map(|i| i + from)
        .unwrap_or_else(|| panic!("{needle:?} not in fixture text"));
    (start, start + needle.len())
}

/// Reads `tests/fixtures/graph/documents.json`.
pub fn fixtures() -> Vec<Fixture> {
    let raw = std::fs::read_to_string(fixture_dir().join("documents.json")).expect("fixture file");
    let docs: Vec<Value> = serde_json::from_str(&raw).expect("fixture json");
    docs.iter().map(fixture).collect()
}

fn fixture(d: &Value) -> Fixture {
    let text = s(d, "text").expect("text");
    let mut paragraphs = Vec::new();
    let mut cursor = 0;
    let pars = d["paragraphs"].as_array().cloned().unwrap_or_default();
    let mut starts = Vec::new();
    for p in &pars {
        let (st, _) = find(&text, &s(p, "text").expect("paragraph text"), cursor);
        starts.push(st);
        cursor = st + text[st..].chars().next().map_or(1, char::len_utf8);
    }
    for (i, p) in pars.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        paragraphs.push(Paragraph {
            id: s(p, "id").expect("id"),
            kind: match p["kind"].as_str() {
                Some("preamble") => ParagraphKind::Preamble,
                Some("operative") => ParagraphKind::Operative,
                _ => ParagraphKind::Other,
            },
            number: n(p, "number"),
            lead_verb: s(p, "lead_verb"),
            start: starts[i],
            end,
        });
    }
    let para_start = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| paragraphs.iter().find(|p| &p.id == id))
            .map_or(0, |p| p.start)
    };
    let mut citations = Vec::new();
    let mut last = 0;
    for c in d["citations"].as_array().cloned().unwrap_or_default() {
        let paragraph = s(&c, "paragraph");
        let t = s(&c, "text").expect("citation text");
        let (start, end) = find(&text, &t, para_start(&paragraph).max(last));
        last = end;
        citations.push(Citation {
            target: s(&c, "target").expect("target").into(),
            kind: serde_json::from_value(c["kind"].clone()).expect("citation kind"),
            issuing_body: s(&c, "issuing_body").map(Into::into),
            pinpoint: s(&c, "pinpoint").map(Into::into),
            footnote: n(&c, "footnote"),
            instrument: s(&c, "instrument"),
            date: s(&c, "date").map(Into::into),
            function: s(&c, "function").map(Into::into),
            paragraph: paragraph.map(Into::into),
            text: t.into(),
            start,
            end,
            href: s(&c, "href"),
        });
    }
    let mut bodies = Vec::new();
    for b in d["bodies"].as_array().cloned().unwrap_or_default() {
        let paragraph = s(&b, "paragraph");
        let t = s(&b, "text").expect("body text");
        let (start, end) = find(&text, &t, para_start(&paragraph));
        bodies.push(BodyMention {
            id: s(&b, "id").expect("id").into(),
            name: s(&b, "name").expect("name").into(),
            acronym: s(&b, "acronym").map(Into::into),
            wikidata: s(&b, "wikidata").map(Into::into),
            text: t.into(),
            start,
            end,
            paragraph: paragraph.map(Into::into),
        });
    }
    let extraction = Extraction {
        file: s(d, "file").unwrap_or_default(),
        language: s(d, "language").expect("language"),
        symbol: s(d, "symbol"),
        title: s(d, "title"),
        organ: s(d, "organ"),
        doc_type: s(d, "doc_type"),
        session: n(d, "session"),
        agenda_items: d["agenda_items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_u64)
                    .map(|x| x as u32)
                    .collect()
            })
            .unwrap_or_default(),
        date: s(d, "date"),
        draft_symbol: s(d, "draft_symbol"),
        meeting: n(d, "meeting"),
        paragraphs,
        citations,
        bodies,
        diagnostics: Vec::new(),
    };
    Fixture { text, extraction }
}

/// The model's graph of a fixture.
pub fn graph_of(f: &Fixture, base: &Base) -> DocumentGraph {
    let sha = unkg::source::sha256_hex(f.text.as_bytes());
    let input = DocumentInput {
        text: &f.text,
        sha256: &sha,
        file_name: &f.extraction.file,
        generated_at: "2025-07-01T00:00:00Z",
    };
    document_graph(&f.extraction, &input, base)
}

/// An in-memory store holding every fixture document.
pub fn fixture_store() -> Store {
    let store = Store::in_memory(None).expect("store");
    let docs: Vec<(DocumentGraph, FileInfo)> = fixtures()
        .iter()
        .map(|f| {
            let g = graph_of(f, store.base());
            let info = FileInfo {
                path: format!("/fixtures/{}", f.extraction.file),
                sha256: unkg::source::sha256_hex(f.text.as_bytes()),
                loaded_at: "2025-07-01T00:00:00Z".into(),
            };
            (g, info)
        })
        .collect();
    store.bulk_load(docs).expect("bulk load");
    store
}
