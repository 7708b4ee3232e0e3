//! The result of extracting one document: the `unkg extract --format json` contract.
//!
//! The field names here are a public contract: the scorer, `unkg build` and scripts read them.
//! Change them only with a migration note in the README.

use std::borrow::Cow;

use compact_str::CompactString;

use serde::{Deserialize, Serialize};

/// Everything unkg found in one document.
///
/// All `start`/`end` offsets are byte offsets into the text unkg read (for UTF-8 `.txt`/`.md`
/// files, the file itself), and the bytes there equal the item's `text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The input's path as given, or `"-"` for standard input.
    pub file: String,
    /// ISO 639-1 code of the document's language (`ar`, `en`, `es`, `fr`, `ru`, `zh`).
    pub language: String,
    /// The document's own symbol, canonical (`A/RES/79/319`), if the text states it.
    pub symbol: Option<String>,
    /// The document's title.
    pub title: Option<String>,
    /// The issuing organ (`General Assembly`, `Security Council`, …).
    pub organ: Option<String>,
    /// The kind of document (`resolution`, `decision`, `report`, `letter`, …).
    pub doc_type: Option<String>,
    /// Session number (GA and HRC sessions; none for the Security Council).
    pub session: Option<u32>,
    /// Agenda item numbers.
    pub agenda_items: Vec<u32>,
    /// Adoption date (resolutions, decisions) or issue date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Symbol of the draft adopted as this document (`A/79/L.104`).
    pub draft_symbol: Option<String>,
    /// Number of the meeting that adopted it.
    pub meeting: Option<u32>,
    /// Paragraphs in document order.
    pub paragraphs: Vec<Paragraph>,
    /// Every citation, one entry per occurrence, in document order.
    pub citations: Vec<Citation>,
    /// Every named body, one entry per mention.
    pub bodies: Vec<BodyMention>,
    /// Problems met while reading; extraction never fails on input.
    pub diagnostics: Vec<String>,
}

/// The structural role of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// A preambular paragraph ("Recalling …,").
    Preamble,
    /// An operative paragraph ("1. Decides …;").
    Operative,
    /// Anything else: headings, letters, reports, annexes.
    Other,
}

impl ParagraphKind {
    /// The lower-case name used in JSON and RDF.
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Preamble => "preamble",
            ParagraphKind::Operative => "operative",
            ParagraphKind::Other => "other",
        }
    }
}

/// What a citation cites; in JSON and RDF, the lower-case names below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// A resolution (`resolution`).
    Resolution,
    /// A decision (`decision`).
    Decision,
    /// Any other document, by symbol (`document`).
    Document,
    /// A United Nations publication by sales number (`sales_number`).
    SalesNumber,
    /// An instrument named in the text, by the document that adopted it (`instrument`).
    Instrument,
}

impl CitationKind {
    /// The name used in JSON and RDF.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::Resolution => "resolution",
            CitationKind::Decision => "decision",
            CitationKind::Document => "document",
            CitationKind::SalesNumber => "sales_number",
            CitationKind::Instrument => "instrument",
        }
    }
}

impl std::fmt::Display for CitationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for CitationKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CitationKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Stable id within the document: `pp1`… for preambular, `op1`… for operative, `p1`… for others.
    pub id: String,
    /// Preamble, operative or other.
    pub kind: ParagraphKind,
    /// The operative paragraph's number, if numbered.
    pub number: Option<u32>,
    /// English lemma of the lead verb (`recall`, `take note`, `decide`).
    pub lead_verb: Option<String>,
    /// Byte offset of the paragraph's first byte.
    pub start: usize,
    /// Byte offset just past the paragraph's last byte.
    pub end: usize,
}

/// One occurrence of a citation.
///
/// `issuing_body` and `function` come from closed vocabularies and borrow unkg's own strings
/// (a `Cow::Owned` only when read back from JSON), and the short strings are stored inline: a
/// document with millions of citations does not hold millions of small allocations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The cited document's canonical symbol (`A/RES/60/1`, `S/RES/661 (1990)`, `1/CP.21`,
    /// `Sales No. 96.IV.13`).
    pub target: CompactString,
    /// `resolution`, `decision`, `document`, `sales_number` or `instrument`.
    pub kind: CitationKind,
    /// The body that issued the cited document (`General Assembly`, `Security Council`, …).
    pub issuing_body: Option<Cow<'static, str>>,
    /// Where in the cited document, in English (`annex II`, `para. 5`, `part A`).
    pub pinpoint: Option<CompactString>,
    /// The footnote this citation sits in, if any.
    pub footnote: Option<u32>,
    /// The instrument the footnote identifies, as named in the text before its marker.
    pub instrument: Option<String>,
    /// Date attached to the citation in the text, `YYYY-MM-DD`.
    pub date: Option<CompactString>,
    /// Citation function (a CiTO property local name, e.g. `citesAsAuthority`).
    pub function: Option<Cow<'static, str>>,
    /// Id of the paragraph the citation belongs to (for footnotes, the paragraph of the marker).
    pub paragraph: Option<CompactString>,
    /// The cited text exactly as written.
    pub text: CompactString,
    /// Byte offset of `text` in the input.
    pub start: usize,
    /// Byte offset just past `text`.
    pub end: usize,
    /// The target of the document's own link over this text (`https://undocs.org/A/RES/70/1`,
    /// `/akn/un/…`), when it has one; absent from JSON otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
}

/// One mention of a named body.
///
/// `id`, `name`, `acronym` and `wikidata` borrow the gazetteer's strings, as in [`Citation`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyMention {
    /// Stable gazetteer id (`IPU`, `UNODC`, `UN-Women`).
    pub id: Cow<'static, str>,
    /// English official name.
    pub name: Cow<'static, str>,
    /// English acronym, if any.
    pub acronym: Option<Cow<'static, str>>,
    /// Wikidata QID, if curated.
    pub wikidata: Option<Cow<'static, str>>,
    /// The mention exactly as written.
    pub text: CompactString,
    /// Byte offset of `text` in the input.
    pub start: usize,
    /// Byte offset just past `text`.
    pub end: usize,
    /// Id of the paragraph the mention belongs to.
    pub paragraph: Option<CompactString>,
}
