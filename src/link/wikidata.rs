//! Wikidata: items of documents by UN document symbol (P3069), items of bodies, and their
//! labels in the six languages.
//!
//! Offline ([`Curated`]) a body gets `owl:sameAs` its QID when `data/bodies.toml` records one.
//! Online ([`Wikidata`]) documents are looked up by symbol through the SPARQL endpoint; bodies
//! without a curated QID are searched by English name (`wbsearchentities`) and linked only when
//! exactly one item has that name as its label; labels come from `wbgetentities`.

use serde_json::Value;

use super::{Ambiguity, Found, LABEL, Link, LinkError, Registry, SAME_AS, Subject};
use crate::gazetteer::bodies;
use crate::model::vocab::WD;
use crate::net::{Client, encode_query};
use crate::store::rdf::Literal;

/// The public SPARQL endpoint.
pub const DEFAULT_SPARQL: &str = "https://query.wikidata.org/sparql";
/// The public action API.
pub const DEFAULT_API: &str = "https://www.wikidata.org/w/api.php";

const REGISTRY: &str = "wikidata";

/// The curated QID of a body and how sure it is (verified 1.0, from a secondary list 0.9).
fn curated(id: &str) -> Option<(&'static str, f64)> {
    let b = bodies::body(id)?;
    let q = b.wikidata.as_deref()?;
    let ok = q.len() > 1 && q.starts_with('Q') && q[1..].bytes().all(|c| c.is_ascii_digit());
    let confidence = if b.wikidata_status == "verified" {
        1.0
    } else {
        0.9
    };
    ok.then_some((q, confidence))
}

/// The `owl:sameAs` link of a body to its curated QID, with the QID.
fn curated_link(b: &super::BodySubject) -> Option<(Link, &'static str)> {
    let (q, c) = curated(&b.id)?;
    let link = Link::to_iri(
        &b.iri,
        SAME_AS,
        &format!("{WD}{q}"),
        REGISTRY,
        "data/bodies.toml",
        "curated",
        c,
    )?;
    Some((link, q))
}

/// Offline: curated QIDs of `data/bodies.toml`.
pub struct Curated;

impl Registry for Curated {
    fn name(&self) -> &'static str {
        REGISTRY
    }

    fn link(&self, subject: &Subject) -> Result<Found, LinkError> {
        let Subject::Body(b) = subject else {
            return Ok(Found::default());
        };
        let links = curated_link(b).map(|(l, _)| l).into_iter().collect();
        Ok(Found {
            links,
            ambiguous: Vec::new(),
        })
    }
}

/// Online: the SPARQL endpoint and the action API.
pub struct Wikidata<'a> {
    client: &'a Client,
    sparql: String,
    api: String,
}

impl<'a> Wikidata<'a> {
    /// A client of the SPARQL endpoint and action API at these URLs.
    pub fn new(client: &'a Client, sparql: &str, api: &str) -> Self {
        Wikidata {
            client,
            sparql: sparql.to_string(),
            api: api.to_string(),
        }
    }

    fn json(&self, url: &str, accept: &str) -> Result<Value, LinkError> {
        let r = self.client.get(url, accept)?;
        if !r.found() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&r.body).map_err(|e| LinkError::Parse {
            registry: REGISTRY,
            url: url.to_string(),
            message: e.to_string(),
        })
    }

    /// The items whose UN document symbol (P3069) is `symbol`, as entity IRIs.
    pub fn items_by_symbol(&self, symbol: &str) -> Result<(String, Vec<String>), LinkError> {
        let q = format!(
            "SELECT ?item WHERE {{ ?item wdt:P3069 \"{}\" }}",
            symbol.replace(['\\', '"'], "")
        );
        let url = format!("{}?query={}&format=json", self.sparql, encode_query(&q));
        let v = self.json(&url, "application/sparql-results+json")?;
        let mut items: Vec<String> = v["results"]["bindings"]
            .as_array()
            .map(|b| {
                b.iter()
                    .filter_map(|row| row["item"]["value"].as_str())
                    .filter(|i| i.starts_with(WD))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        items.sort();
        items.dedup();
        Ok((url, items))
    }

    /// Items whose label is exactly `name` (ignoring case), from `wbsearchentities`.
    pub fn items_by_label(&self, name: &str) -> Result<(String, Vec<String>), LinkError> {
        let url = format!(
            "{}?action=wbsearchentities&search={}&language=en&uselang=en&type=item&limit=20&format=json",
            self.api,
            encode_query(name)
        );
        let v = self.json(&url, "application/json")?;
        let mut items: Vec<String> = v["search"]
            .as_array()
            .map(|hits| {
                hits.iter()
                    .filter(|h| {
                        h["label"]
                            .as_str()
                            .is_some_and(|l| l.eq_ignore_ascii_case(name.trim()))
                    })
                    .filter_map(|h| h["id"].as_str())
                    .filter(|q| q.starts_with('Q'))
                    .map(|q| format!("{WD}{q}"))
                    .collect()
            })
            .unwrap_or_default();
        items.sort();
        items.dedup();
        Ok((url, items))
    }

    /// Labels of an item in the six languages, as `(language, label)`.
    pub fn labels(&self, qid: &str) -> Result<(String, Vec<(String, String)>), LinkError> {
        let url = format!(
            "{}?action=wbgetentities&ids={}&props=labels&languages=ar|zh|en|fr|ru|es&format=json",
            self.api,
            encode_query(qid)
        );
        let v = self.json(&url, "application/json")?;
        let mut out = Vec::new();
        if let Some(labels) = v["entities"][qid]["labels"].as_object() {
            for (lang, l) in labels {
                if let Some(text) = l["value"].as_str() {
                    out.push((lang.clone(), text.to_string()));
                }
            }
        }
        out.sort();
        Ok((url, out))
    }
}

impl Registry for Wikidata<'_> {
    fn name(&self) -> &'static str {
        REGISTRY
    }

    fn link(&self, subject: &Subject) -> Result<Found, LinkError> {
        let mut found = Found::default();
        match subject {
            Subject::Document(d) => {
                let (url, items) = self.items_by_symbol(&d.symbol)?;
                match items.as_slice() {
                    [] => {}
                    [one] => found.links.extend(Link::to_iri(
                        &d.work, SAME_AS, one, REGISTRY, &url, "symbol", 1.0,
                    )),
                    many => found.ambiguous.push(Ambiguity {
                        subject: d.work.clone(),
                        key: d.symbol.clone(),
                        candidates: many.to_vec(),
                    }),
                }
            }
            Subject::Body(b) => {
                let qid = match curated_link(b) {
                    Some((link, q)) => {
                        found.links.push(link);
                        Some(q.to_string())
                    }
                    None if !b.name.trim().is_empty() => {
                        let (url, items) = self.items_by_label(&b.name)?;
                        match items.as_slice() {
                            [one] => {
                                found.links.extend(Link::to_iri(
                                    &b.iri, SAME_AS, one, REGISTRY, &url, "label", 0.7,
                                ));
                                one.strip_prefix(WD).map(str::to_string)
                            }
                            [] => None,
                            many => {
                                found.ambiguous.push(Ambiguity {
                                    subject: b.iri.clone(),
                                    key: b.name.clone(),
                                    candidates: many.to_vec(),
                                });
                                None
                            }
                        }
                    }
                    None => None,
                };
                if let Some(q) = qid {
                    let (url, labels) = self.labels(&q)?;
                    for (lang, text) in labels {
                        let Ok(lit) = Literal::new_language_tagged_literal(&text, &lang) else {
                            continue;
                        };
                        found.links.push(Link {
                            subject: b.iri.clone(),
                            predicate: LABEL,
                            object: lit.into(),
                            registry: REGISTRY,
                            request: url.clone(),
                            method: "wbgetentities",
                            confidence: 1.0,
                        });
                    }
                }
            }
        }
        Ok(found)
    }
}
