//! The Official Document System (documents.un.org) and its resolver undocs.org: a file URL per
//! symbol and language, and whether that file exists.
//!
//! Offline ([`Templates`]) every language version in the store gets its undocs.org page and
//! its ODS PDF URL, and every Work its language-neutral undocs.org page; the undocs template is
//! the model's ([`crate::model::undocs`]). Online ([`Ods`]) the PDF of each of the six
//! languages is asked for, and only the ones that exist are linked.

use super::{Found, Link, LinkError, Registry, SEE_ALSO, Subject};
use crate::model::undocs;
use crate::net::{Client, encode_query};

/// The public ODS base URL.
pub const DEFAULT_BASE: &str = "https://documents.un.org";

/// The six official languages, as ODS and undocs.org spell them.
pub const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// The ODS URL of the PDF of one language version.
///
/// ```
/// assert_eq!(
///     unkg::link::ods::pdf_url("https://documents.un.org", "S/RES/661 (1990)", "fr"),
///     "https://documents.un.org/api/symbol/access?s=S%2FRES%2F661%20%281990%29&l=fr&t=pdf"
/// );
/// ```
pub fn pdf_url(base: &str, symbol: &str, lang: &str) -> String {
    format!(
        "{}/api/symbol/access?s={}&l={}&t=pdf",
        base.trim_end_matches('/'),
        encode_query(symbol),
        encode_query(lang)
    )
}

/// Offline: URL templates only.
pub struct Templates;

impl Registry for Templates {
    fn name(&self) -> &'static str {
        "ods"
    }

    fn link(&self, subject: &Subject) -> Result<Found, LinkError> {
        let Subject::Document(d) = subject else {
            return Ok(Found::default());
        };
        let template =
            |from: &str, url: &str| Link::to_iri(from, SEE_ALSO, url, "ods", url, "template", 1.0);
        let mut links = Vec::new();
        if let Some(u) = undocs(None, &d.symbol) {
            links.extend(template(&d.work, u.as_str()));
        }
        for (lang, expr) in &d.expressions {
            if let Some(u) = undocs(Some(lang), &d.symbol) {
                links.extend(template(expr, u.as_str()));
            }
            links.extend(template(expr, &pdf_url(DEFAULT_BASE, &d.symbol, lang)));
        }
        Ok(Found {
            links,
            ambiguous: Vec::new(),
        })
    }
}

/// Online: asks ODS for the PDF of each language and links those that exist.
pub struct Ods<'a> {
    client: &'a Client,
    base: String,
}

impl<'a> Ods<'a> {
    /// A client of the ODS at `base` (see [`DEFAULT_BASE`]).
    pub fn new(client: &'a Client, base: &str) -> Self {
        Ods {
            client,
            base: base.trim_end_matches('/').to_string(),
        }
    }

    /// Whether ODS has the PDF of `symbol` in `lang`: `Some(url)` when it does. A 404, or an
    /// answer that is not a PDF (ODS answers missing files with an HTML page), is `None`.
    pub fn exists(&self, symbol: &str, lang: &str) -> Result<Option<String>, LinkError> {
        let url = pdf_url(&self.base, symbol, lang);
        let r = self.client.get(&url, "application/pdf")?;
        let is_pdf = r.content_type.as_deref().is_some_and(|c| c.contains("pdf"))
            || r.body.starts_with(b"%PDF");
        Ok((r.found() && is_pdf).then_some(url))
    }

    /// The PDF of one language version, if it exists.
    pub fn pdf(&self, symbol: &str, lang: &str) -> Result<Option<Vec<u8>>, LinkError> {
        let url = pdf_url(&self.base, symbol, lang);
        let r = self.client.get(&url, "application/pdf")?;
        let is_pdf = r.body.starts_with(b"%PDF");
        Ok((r.found() && is_pdf).then_some(r.body))
    }
}

impl Registry for Ods<'_> {
    fn name(&self) -> &'static str {
        "ods"
    }

    fn link(&self, subject: &Subject) -> Result<Found, LinkError> {
        let Subject::Document(d) = subject else {
            return Ok(Found::default());
        };
        let mut found = Templates.link(subject)?;
        // Template links of language versions stand; the PDF links are replaced by what ODS
        // says exists, in all six languages (a language not in the corpus hangs off the Work).
        found
            .links
            .retain(|l| !l.object.to_string().contains("/api/symbol/access"));
        for lang in LANGUAGES {
            if let Some(url) = self.exists(&d.symbol, lang)? {
                let from = d
                    .expressions
                    .iter()
                    .find(|(l, _)| l == lang)
                    .map_or(d.work.as_str(), |(_, e)| e.as_str());
                found.links.extend(Link::to_iri(
                    from, SEE_ALSO, &url, "ods", &url, "exists", 1.0,
                ));
            }
        }
        Ok(found)
    }
}
