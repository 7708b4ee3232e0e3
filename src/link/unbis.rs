//! The UNBIS Thesaurus (metadata.un.org/thesaurus): concept IRIs and labels.
//!
//! Concepts are found by label through the autocomplete endpoint (JSON
//! `[{"uri": …, "pref_label": …}]`); only a preferred label equal to the one looked up (ignoring
//! case) counts as a match. Bodies are linked (`skos:exactMatch`) to a concept whose label is
//! their English name; several such concepts are reported as ambiguous.

use serde_json::Value;

use super::{Ambiguity, EXACT_MATCH, Found, Link, LinkError, Registry, Subject};
use crate::net::{Client, encode_query};

/// The public base URL of the thesaurus.
pub const DEFAULT_BASE: &str = "http://metadata.un.org/thesaurus";

const REGISTRY: &str = "unbis";

/// A client of the thesaurus.
pub struct Unbis<'a> {
    client: &'a Client,
    base: String,
}

impl<'a> Unbis<'a> {
    /// A client of the thesaurus at `base` (see [`DEFAULT_BASE`]).
    pub fn new(client: &'a Client, base: &str) -> Self {
        Unbis {
            client,
            base: base.trim_end_matches('/').to_string(),
        }
    }

    /// Concept IRIs whose preferred label in `lang` is `label`, with the request URL.
    pub fn concepts_by_label(
        &self,
        label: &str,
        lang: &str,
    ) -> Result<(String, Vec<String>), LinkError> {
        let url = format!(
            "{}/autocomplete?q={}&lang={}",
            self.base,
            encode_query(label),
            encode_query(lang)
        );
        let r = self.client.get(&url, "application/json")?;
        if !r.found() {
            return Ok((url, Vec::new()));
        }
        let v: Value = serde_json::from_slice(&r.body).map_err(|e| LinkError::Parse {
            registry: REGISTRY,
            url: url.clone(),
            message: e.to_string(),
        })?;
        let Some(hits) = v.as_array() else {
            return Err(LinkError::Parse {
                registry: REGISTRY,
                url,
                message: "expected a JSON array".into(),
            });
        };
        let mut out: Vec<String> = hits
            .iter()
            .filter(|h| {
                h["pref_label"]
                    .as_str()
                    .is_some_and(|l| l.trim().to_lowercase() == label.trim().to_lowercase())
            })
            .filter_map(|h| h["uri"].as_str())
            .filter(|u| u.starts_with("http"))
            .map(str::to_string)
            .collect();
        out.sort();
        out.dedup();
        Ok((url, out))
    }
}

impl Registry for Unbis<'_> {
    fn name(&self) -> &'static str {
        REGISTRY
    }

    fn link(&self, subject: &Subject) -> Result<Found, LinkError> {
        let Subject::Body(b) = subject else {
            return Ok(Found::default());
        };
        let mut found = Found::default();
        if b.name.trim().is_empty() {
            return Ok(found);
        }
        let (url, concepts) = self.concepts_by_label(&b.name, "en")?;
        match concepts.as_slice() {
            [] => {}
            [c] => found.links.extend(Link::to_iri(
                &b.iri,
                EXACT_MATCH,
                c,
                REGISTRY,
                &url,
                "label",
                0.8,
            )),
            many => found.ambiguous.push(Ambiguity {
                subject: b.iri.clone(),
                key: b.name.clone(),
                candidates: many.to_vec(),
            }),
        }
        Ok(found)
    }
}
