//! The UN Digital Library (digitallibrary.un.org): the catalogue record of a document by
//! symbol, read from MARCXML: record id, title, dates, related documents, UNBIS subjects,
//! corporate authors and file URLs.
//!
//! A document is linked (`rdfs:seeAlso` its record page) only when exactly one record carries
//! its symbol in `191 $a`; several are reported as ambiguous. Subjects (`650 $a`, English UNBIS
//! labels) become `dcterms:subject` links when a [`Unbis`] client resolves them to concepts.

use quick_xml::events::Event;

use super::unbis::Unbis;
use super::{Ambiguity, Found, Link, LinkError, Registry, SEE_ALSO, SUBJECT, Subject};
use crate::net::{Client, encode_query};

/// The public base URL.
pub const DEFAULT_BASE: &str = "https://digitallibrary.un.org";

const REGISTRY: &str = "digital-library";

/// One catalogue record, as far as the linker reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// `001`: the record id.
    pub recid: String,
    /// `191 $a`: document symbols.
    pub symbols: Vec<String>,
    /// `245 $a $b`: the title.
    pub title: Option<String>,
    /// `269 $a` and `992 $a`: dates.
    pub dates: Vec<String>,
    /// `650 $a`: UNBIS subjects (English labels).
    pub subjects: Vec<String>,
    /// `710 $a`: corporate authors.
    pub authors: Vec<String>,
    /// `993 $a`: related documents.
    pub related: Vec<String>,
    /// `856 $u`: file URLs.
    pub files: Vec<String>,
}

/// Reads the records of a MARCXML document (`<collection>` or an API `<response>`).
///
/// ```
/// let xml = r#"<collection xmlns="http://www.loc.gov/MARC21/slim"><record>
///   <controlfield tag="001">1</controlfield>
///   <datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/RES/70/1</subfield></datafield>
/// </record></collection>"#;
/// let r = unkg::link::digital_library::parse_marcxml(xml.as_bytes()).unwrap();
/// assert_eq!(r[0].symbols, ["A/RES/70/1"]);
/// ```
pub fn parse_marcxml(xml: &[u8]) -> Result<Vec<Record>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut rec: Option<Record> = None;
    let mut tag = String::new();
    let mut code = String::new();
    let mut text = String::new();
    let mut title = Vec::new();
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == k)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                        .unwrap_or_default()
                };
                match name.as_ref() {
                    "record" => rec = Some(Record::default()),
                    "controlfield" | "datafield" => tag = attr("tag"),
                    "subfield" => {
                        code = attr("code");
                        text.clear();
                    }
                    _ => {}
                }
                if name.as_ref() == "controlfield" {
                    text.clear();
                }
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            // Entity and character references come as events of their own.
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => text.push_str(quick_xml::escape::resolve_predefined_entity(&r).unwrap_or("")),
            },
            Event::CData(t) => text.push_str(&t),
            Event::End(e) => {
                let Some(r) = rec.as_mut() else {
                    buf.clear();
                    continue;
                };
                match e.local_name().as_ref() {
                    "controlfield" if tag == "001" => r.recid = text.trim().to_string(),
                    "subfield" => {
                        let v = text.trim().to_string();
                        if !v.is_empty() {
                            match (tag.as_str(), code.as_str()) {
                                ("191", "a") => r.symbols.push(v),
                                ("245", "a" | "b") => title.push(v),
                                ("269" | "992", "a") => r.dates.push(v),
                                ("650", "a") => r.subjects.push(v),
                                ("710", "a") => r.authors.push(v),
                                ("993", "a") => r.related.push(v),
                                ("856", "u") => r.files.push(v),
                                _ => {}
                            }
                        }
                    }
                    "datafield" if tag == "245" && !title.is_empty() => {
                        r.title = Some(
                            title
                                .join(" ")
                                .trim_end_matches([' ', '/', ':'])
                                .to_string(),
                        );
                        title.clear();
                    }
                    "record" => {
                        if let Some(done) = rec.take() {
                            out.push(done);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A client of the Digital Library.
pub struct DigitalLibrary<'a> {
    client: &'a Client,
    base: String,
    thesaurus: Option<Unbis<'a>>,
}

impl<'a> DigitalLibrary<'a> {
    /// A client of the library at `base` (see [`DEFAULT_BASE`]); with a thesaurus client,
    /// subjects are linked to UNBIS concepts.
    pub fn new(client: &'a Client, base: &str, thesaurus: Option<Unbis<'a>>) -> Self {
        DigitalLibrary {
            client,
            base: base.trim_end_matches('/').to_string(),
            thesaurus,
        }
    }

    /// The search URL for a symbol (legacy search, MARCXML, `191 $a`).
    pub fn search_url(&self, symbol: &str) -> String {
        format!(
            "{}/search?ln=en&p={}&rg=5&of=xm",
            self.base,
            encode_query(&format!("191__a:\"{symbol}\""))
        )
    }

    /// The records whose `191 $a` is exactly `symbol`.
    pub fn records(&self, symbol: &str) -> Result<(String, Vec<Record>), LinkError> {
        let url = self.search_url(symbol);
        let r = self.client.get(&url, "application/xml")?;
        if !r.found() {
            return Ok((url, Vec::new()));
        }
        let all = parse_marcxml(&r.body).map_err(|message| LinkError::Parse {
            registry: REGISTRY,
            url: url.clone(),
            message,
        })?;
        let matching = all
            .into_iter()
            .filter(|rec| rec.symbols.iter().any(|s| s.trim() == symbol))
            .collect();
        Ok((url, matching))
    }

    /// The record page of a record id.
    pub fn record_iri(&self, recid: &str) -> String {
        format!("{}/record/{}", self.base, encode_query(recid))
    }
}

impl Registry for DigitalLibrary<'_> {
    fn name(&self) -> &'static str {
        REGISTRY
    }

    fn link(&self, subject: &Subject) -> Result<Found, LinkError> {
        let Subject::Document(d) = subject else {
            return Ok(Found::default());
        };
        let mut found = Found::default();
        let (url, recs) = self.records(&d.symbol)?;
        match recs.as_slice() {
            [] => {}
            [rec] => {
                let page = self.record_iri(&rec.recid);
                found.links.extend(Link::to_iri(
                    &d.work, SEE_ALSO, &page, REGISTRY, &url, "symbol", 1.0,
                ));
                if let Some(t) = &self.thesaurus {
                    for label in &rec.subjects {
                        let (turl, concepts) = t.concepts_by_label(label, "en")?;
                        match concepts.as_slice() {
                            [] => {}
                            [c] => found.links.extend(Link::to_iri(
                                &d.work, SUBJECT, c, REGISTRY, &turl, "label", 0.9,
                            )),
                            many => found.ambiguous.push(Ambiguity {
                                subject: d.work.clone(),
                                key: label.clone(),
                                candidates: many.to_vec(),
                            }),
                        }
                    }
                }
            }
            many => found.ambiguous.push(Ambiguity {
                subject: d.work.clone(),
                key: d.symbol.clone(),
                candidates: many.iter().map(|r| self.record_iri(&r.recid)).collect(),
            }),
        }
        Ok(found)
    }
}
