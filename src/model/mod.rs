//! The RDF model: one [`Extraction`] in, the quads of one named graph out.
//!
//! Architecture invariant: pure and deterministic. The same extraction, text, content hash and
//! timestamp give the same quads, in the same order, every time; nothing here reads files,
//! touches a store or knows Oxigraph beyond its RDF term types. IRIs come only from [`Base`]
//! (data) and [`vocab`] (ontology terms), and every ontology term written here is declared in
//! `ontology/` (a test checks it).
//!
//! API boundary: [`document_graph`] and the IRI minting in [`Base`]. The store decides what to do
//! with the quads (bulk load, replace a graph); the model never does.
//!
//! ```
//! use unkg::model::{Base, DocumentInput, document_graph};
//! let text = "Recalling its resolution 57/32 of 19 November 2002,";
//! let ex = unkg::extract::extract_str(text, &Default::default());
//! let input = DocumentInput { text, sha256: "00ff", file_name: "a.txt", generated_at: "2025-01-01T00:00:00Z" };
//! let doc = document_graph(&ex, &input, &Base::default());
//! assert!(doc.graph.as_str().starts_with("https://w3id.org/unkg/graph/"));
//! assert!(!doc.quads.is_empty());
//! ```

pub mod iri;
pub mod vocab;

use std::collections::HashSet;

use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

pub use iri::{Base, DEFAULT_BASE};
use vocab::{
    CF, CITO, DCTERMS, FRBR, ISO639_1, OA, ORG, OWL, PROV, RDFS, SKOS, UNDOCS, UNKG, WD, XSD,
};

use crate::extract::{Extraction, ParagraphKind};

/// Errors of the model layer.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The data namespace given with `--base` is unusable.
    #[error("bad base IRI {base:?}: {why}")]
    BadBase {
        /// The base given.
        base: String,
        /// What is wrong with it.
        why: &'static str,
    },
}

/// What the model needs besides the extraction: the text spans point into and the provenance
/// of the file.
#[derive(Debug, Clone, Copy)]
pub struct DocumentInput<'a> {
    /// The text every span of the extraction points into.
    pub text: &'a str,
    /// SHA-256 of the file's raw bytes, lower-case hex.
    pub sha256: &'a str,
    /// The file's name (no folders), kept as a label of the file node.
    pub file_name: &'a str,
    /// When the extraction ran, as an `xsd:dateTime` lexical form.
    pub generated_at: &'a str,
}

/// The quads of one language version of one document, with what the store and the build
/// summary need to know about them.
#[derive(Debug, Clone)]
pub struct DocumentGraph {
    /// The named graph every quad is in.
    pub graph: NamedNode,
    /// The document's Work.
    pub work: NamedNode,
    /// The document's symbol, or its `_file/…` stand-in.
    pub symbol: String,
    /// Whether the text stated its symbol (false for `_file/…` stand-ins).
    pub has_symbol: bool,
    /// ISO 639-1 language code.
    pub language: String,
    /// Issuing organ, if known.
    pub organ: Option<String>,
    /// Document type, if known.
    pub doc_type: Option<String>,
    /// The quads, all in [`DocumentGraph::graph`], without duplicates.
    pub quads: Vec<Quad>,
    /// Number of citation occurrences.
    pub citations: usize,
    /// Number of body mentions.
    pub mentions: usize,
    /// Gazetteer ids of the distinct bodies mentioned.
    pub body_ids: Vec<String>,
}

/// Length, in characters, of the `oa:prefix` and `oa:suffix` context of a quote.
pub const QUOTE_CONTEXT_CHARS: usize = 32;

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    fn add(&mut self, s: &NamedNode, p: impl Into<String>, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            s.clone(),
            NamedNode::new_unchecked(p.into()),
            o,
            self.graph.clone(),
        ));
    }
    fn typ(&mut self, s: &NamedNode, ns: &str, local: &str) {
        self.add(
            s,
            vocab::RDF_TYPE,
            NamedNode::new_unchecked(vocab::term(ns, local)),
        );
    }
    /// The quads, sorted and without duplicates (a cited Work is described once however
    /// often it is cited): deterministic, and cheaper than checking every quad as it comes.
    fn finish(mut self) -> Vec<Quad> {
        self.quads
            .sort_unstable_by(|a, b| quad_key(a).cmp(&quad_key(b)));
        self.quads.dedup();
        self.quads
    }
}

/// A total order on quads of one graph, for sorting without allocating.
fn quad_key(q: &Quad) -> (&str, &str, (u8, &str, &str, &str)) {
    let subject = match &q.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(n) => n.as_str(),
        oxigraph::model::NamedOrBlankNode::BlankNode(b) => b.as_str(),
    };
    #[allow(unreachable_patterns)] // Term has more variants with RDF 1.2 enabled.
    let object = match &q.object {
        Term::NamedNode(n) => (0, n.as_str(), "", ""),
        Term::BlankNode(b) => (1, b.as_str(), "", ""),
        Term::Literal(l) => (
            2,
            l.value(),
            l.datatype().as_str(),
            l.language().unwrap_or(""),
        ),
        _ => (3, "", "", ""),
    };
    (subject, q.predicate.as_str(), object)
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn t(ns: &str, local: &str) -> String {
    vocab::term(ns, local)
}

fn lit(s: &str) -> Literal {
    Literal::new_simple_literal(s)
}

fn int(n: impl Into<i64>) -> Literal {
    Literal::new_typed_literal(n.into().to_string(), nn(&t(XSD, "integer")))
}

fn nonneg(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), nn(&t(XSD, "nonNegativeInteger")))
}

fn boolean(b: bool) -> Literal {
    Literal::new_typed_literal(if b { "true" } else { "false" }, nn(&t(XSD, "boolean")))
}

/// An `xsd:date` literal when `s` is `YYYY-MM-DD`, a plain literal otherwise.
fn date(s: &str) -> Literal {
    let b = s.as_bytes();
    let is_date = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if is_date {
        Literal::new_typed_literal(s, nn(&t(XSD, "date")))
    } else {
        lit(s)
    }
}

fn lang_literal(s: &str, lang: &str) -> Literal {
    Literal::new_language_tagged_literal(s, lang).unwrap_or_else(|_| lit(s))
}

/// A public undocs.org IRI for a symbol (language-neutral or one language version).
///
/// ```
/// let u = unkg::model::undocs(Some("zh"), "S/RES/661 (1990)").unwrap();
/// assert_eq!(u.as_str(), "https://undocs.org/zh/S/RES/661%20(1990)");
/// ```
pub fn undocs(lang: Option<&str>, symbol: &str) -> Option<NamedNode> {
    let mut s = UNDOCS.to_string();
    if let Some(l) = lang {
        s.push_str(&iri::encode_segment(l));
        s.push('/');
    }
    // undocs.org wants spaces percent-encoded, not written as `_`.
    s.push_str(&iri::encode_symbol(symbol).replace('_', "%20"));
    NamedNode::new(s).ok()
}

/// The context around `start..end`: up to `n` characters before and after.
fn context(text: &str, start: usize, end: usize, n: usize) -> Option<(&str, &str)> {
    if start > end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return None;
    }
    let before = &text[..start];
    let pstart = before
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let after = &text[end..];
    let send = after.char_indices().nth(n).map_or(after.len(), |(i, _)| i);
    Some((&before[pstart..], &after[..send]))
}

/// The resolution a part is of: `A/RES/66/253B` → `A/RES/66/253`.
fn whole_of_part(symbol: &str) -> Option<&str> {
    let (whole, last) = symbol.rsplit_once('/')?;
    let number = last.strip_suffix(|c: char| c.is_ascii_uppercase())?;
    let is_res = whole
        .split('/')
        .any(|c| c == "RES" || c.starts_with("Res."));
    (is_res && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| &symbol[..symbol.len() - 1])
}

/// Turns one extraction into the quads of its named graph.
///
/// The graph holds: the document's Work (`frbr:Work`, `unkg:inCorpus true`, its metadata) and
/// its language Expression; the extraction activity, the software agent and the source file
/// (PROV-O); the paragraphs; one `cito:Citation` and one `oa:Annotation` per citation
/// occurrence, plus the direct Work→Work CiTO edge; one `unkg:BodyMention` per body mention
/// and the bodies themselves (`org:Organization`).
pub fn document_graph(ex: &Extraction, input: &DocumentInput<'_>, base: &Base) -> DocumentGraph {
    let lang = {
        let l = ex.language.trim().to_ascii_lowercase();
        if l.is_empty() { "und".to_string() } else { l }
    };
    let (symbol, has_symbol) = match ex.symbol.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => (s.to_string(), true),
        _ => (iri::file_key(input.sha256), false),
    };
    let graph = nn(&base.graph(&lang, &symbol));
    let mut w = Writer {
        graph: GraphName::NamedNode(graph.clone()),
        quads: Vec::new(),
    };

    let work = nn(&base.work(&symbol));
    let expr = nn(&base.expression(&lang, &symbol));
    let run = nn(&base.run(&lang, &symbol, input.sha256));
    let agent = nn(&base.agent(env!("CARGO_PKG_VERSION")));
    let file = nn(&base.file(input.sha256));

    // The Work and its Expression.
    w.typ(&work, FRBR, "Work");
    if has_symbol {
        w.add(&work, t(DCTERMS, "identifier"), lit(&symbol));
        if let Some(u) = undocs(None, &symbol) {
            w.add(&work, t(RDFS, "seeAlso"), u);
        }
    }
    w.add(&work, t(UNKG, "inCorpus"), boolean(true));
    w.add(&work, t(FRBR, "realization"), expr.clone());
    if let Some(o) = &ex.organ {
        w.add(&work, t(UNKG, "organ"), lit(o));
    }
    if let Some(d) = &ex.doc_type {
        w.add(&work, t(UNKG, "documentType"), lit(d));
    }
    if let Some(s) = ex.session {
        w.add(&work, t(UNKG, "session"), int(s));
    }
    for a in &ex.agenda_items {
        w.add(&work, t(UNKG, "agendaItem"), int(*a));
    }
    if let Some(m) = ex.meeting {
        w.add(&work, t(UNKG, "meetingNumber"), int(m));
    }
    if let Some(d) = &ex.date {
        w.add(&work, t(DCTERMS, "date"), date(d));
    }
    // Part B of a resolution adopted in parts (`A/RES/66/253B`) is part of the resolution its
    // citations name (`resolution 66/253 B` cites `A/RES/66/253`, pinpoint "part B").
    if has_symbol && let Some(whole) = whole_of_part(&symbol) {
        let whole = nn(&base.work(whole));
        w.add(&work, t(DCTERMS, "isPartOf"), whole.clone());
        w.typ(&whole, FRBR, "Work");
        w.add(
            &whole,
            t(DCTERMS, "identifier"),
            lit(&symbol[..symbol.len() - 1]),
        );
    }
    if let Some(d) = ex.draft_symbol.as_deref().filter(|d| !d.trim().is_empty()) {
        let draft = nn(&base.work(d));
        w.add(&work, t(UNKG, "draft"), draft.clone());
        w.typ(&draft, FRBR, "Work");
        w.add(&draft, t(DCTERMS, "identifier"), lit(d));
    }

    w.typ(&expr, FRBR, "Expression");
    w.add(&expr, t(FRBR, "realizationOf"), work.clone());
    w.add(
        &expr,
        t(DCTERMS, "language"),
        nn(&format!("{ISO639_1}{}", iri::encode_segment(&lang))),
    );
    if let Some(title) = &ex.title {
        w.add(&expr, t(DCTERMS, "title"), lang_literal(title, &lang));
    }
    if has_symbol && let Some(u) = undocs(Some(&lang), &symbol) {
        w.add(&expr, t(RDFS, "seeAlso"), u);
    }
    w.add(&expr, t(PROV, "wasGeneratedBy"), run.clone());

    // Provenance: the activity, the software, the file.
    w.typ(&run, PROV, "Activity");
    w.add(&run, t(PROV, "used"), file.clone());
    w.add(&run, t(PROV, "wasAssociatedWith"), agent.clone());
    w.add(
        &run,
        t(PROV, "startedAtTime"),
        Literal::new_typed_literal(input.generated_at, nn(&t(XSD, "dateTime"))),
    );
    w.typ(&agent, PROV, "SoftwareAgent");
    w.add(
        &agent,
        t(RDFS, "label"),
        lit(&format!("unkg {}", env!("CARGO_PKG_VERSION"))),
    );
    w.typ(&file, PROV, "Entity");
    w.add(&file, t(UNKG, "contentHash"), lit(input.sha256));
    w.add(&file, t(RDFS, "label"), lit(input.file_name));

    // Paragraphs.
    let para_iri = |id: &str| nn(&format!("{}#{}", expr.as_str(), iri::encode_segment(id)));
    let mut lead_by_para = std::collections::HashMap::new();
    for p in &ex.paragraphs {
        let pi = para_iri(&p.id);
        let class = match p.kind {
            ParagraphKind::Preamble => "PreambularParagraph",
            ParagraphKind::Operative => "OperativeParagraph",
            ParagraphKind::Other => "Paragraph",
        };
        w.typ(&pi, UNKG, class);
        w.add(&pi, t(DCTERMS, "isPartOf"), expr.clone());
        if let Some(n) = p.number {
            w.add(&pi, t(UNKG, "paragraphNumber"), int(n));
        }
        if let Some(v) = &p.lead_verb {
            w.add(&pi, t(UNKG, "leadVerb"), lit(v));
            if let Some(f) = vocab::function_for_lemma(v) {
                w.add(&pi, t(UNKG, "function"), nn(&t(CF, f.concept)));
                lead_by_para.insert(p.id.as_str(), f);
            }
        }
    }

    // Citations.
    for c in &ex.citations {
        let target_sym = c.target.trim();
        if target_sym.is_empty() {
            continue;
        }
        let target = nn(&base.work(target_sym));
        let cit = nn(&base.citation(&lang, &symbol, c.start, c.end));
        let ann = nn(&base.annotation(&lang, &symbol, c.start, c.end));
        let function = c.function.as_deref().filter(|f| vocab::is_cito_function(f));
        let concept = c
            .paragraph
            .as_deref()
            .and_then(|p| lead_by_para.get(p).copied());
        let function = function.or(concept.map(|f| f.cito)).unwrap_or("cites");

        w.typ(&target, FRBR, "Work");
        w.add(&target, t(DCTERMS, "identifier"), lit(target_sym));
        w.add(&work, t(CITO, "cites"), target.clone());
        if function != "cites" {
            w.add(&work, t(CITO, function), target.clone());
        }

        w.typ(&cit, CITO, "Citation");
        w.add(&cit, t(CITO, "hasCitingEntity"), expr.clone());
        w.add(&cit, t(CITO, "hasCitedEntity"), target.clone());
        w.add(
            &cit,
            t(CITO, "hasCitationCharacterization"),
            nn(&t(CITO, function)),
        );
        if let Some(f) = concept {
            w.add(&cit, t(UNKG, "function"), nn(&t(CF, f.concept)));
        }
        w.add(&cit, t(UNKG, "citationKind"), lit(c.kind.as_str()));
        if let Some(b) = &c.issuing_body {
            w.add(&cit, t(UNKG, "issuingBody"), lit(b));
        }
        if let Some(p) = &c.pinpoint {
            w.add(&cit, t(UNKG, "pinpoint"), lit(p));
        }
        if let Some(f) = c.footnote {
            w.add(&cit, t(UNKG, "footnote"), int(f));
        }
        if let Some(i) = &c.instrument {
            w.add(&cit, t(UNKG, "instrument"), lit(i));
        }
        if let Some(d) = &c.date {
            w.add(&cit, t(DCTERMS, "date"), date(d));
        }
        if let Some(p) = &c.paragraph {
            w.add(&cit, t(DCTERMS, "isPartOf"), para_iri(p));
        }
        w.add(&cit, t(PROV, "wasGeneratedBy"), run.clone());

        annotate(
            &mut w, &ann, "linking", &cit, &expr, input.text, &c.text, c.start, c.end,
        );
    }

    // Body mentions.
    let mut bodies = HashSet::new();
    for m in &ex.bodies {
        if m.id.trim().is_empty() {
            continue;
        }
        let body = nn(&base.body(&m.id));
        if bodies.insert(m.id.to_string()) {
            w.typ(&body, ORG, "Organization");
            w.add(&body, t(SKOS, "notation"), lit(&m.id));
            w.add(&body, t(SKOS, "prefLabel"), lang_literal(&m.name, "en"));
            if let Some(a) = &m.acronym {
                w.add(&body, t(SKOS, "altLabel"), lang_literal(a, "en"));
            }
            if let Some(q) = m
                .wikidata
                .as_deref()
                .filter(|q| q.starts_with('Q') && q[1..].bytes().all(|b| b.is_ascii_digit()))
            {
                w.add(&body, t(OWL, "sameAs"), nn(&format!("{WD}{q}")));
            }
            w.add(&expr, t(UNKG, "mentions"), body.clone());
        }
        let men = nn(&base.mention(&lang, &symbol, m.start, m.end));
        w.typ(&men, UNKG, "BodyMention");
        if let Some(p) = &m.paragraph {
            w.add(&men, t(DCTERMS, "isPartOf"), para_iri(p));
        }
        w.add(&men, t(PROV, "wasGeneratedBy"), run.clone());
        annotate(
            &mut w,
            &men,
            "identifying",
            &body,
            &expr,
            input.text,
            &m.text,
            m.start,
            m.end,
        );
    }

    DocumentGraph {
        graph,
        work,
        symbol,
        has_symbol,
        language: lang,
        organ: ex.organ.clone(),
        doc_type: ex.doc_type.clone(),
        citations: ex.citations.len(),
        mentions: ex.bodies.len(),
        body_ids: {
            let mut v: Vec<String> = bodies.into_iter().collect();
            v.sort();
            v
        },
        quads: w.finish(),
    }
}

/// Writes a Web Annotation `ann` whose body is `body` and whose target is the byte span
/// `start..end` of `expr`, with a position and a quote selector. Selector nodes are minted
/// from the annotation IRI (`#target`, `#position`, `#quote`), never blank nodes, so replacing
/// a graph removes exactly what was written.
#[allow(clippy::too_many_arguments)]
fn annotate(
    w: &mut Writer,
    ann: &NamedNode,
    motivation: &str,
    body: &NamedNode,
    expr: &NamedNode,
    text: &str,
    exact: &str,
    start: usize,
    end: usize,
) {
    let target = nn(&format!("{}#target", ann.as_str()));
    let pos = nn(&format!("{}#position", ann.as_str()));
    let quote = nn(&format!("{}#quote", ann.as_str()));
    w.typ(ann, OA, "Annotation");
    w.add(ann, t(OA, "motivatedBy"), nn(&t(OA, motivation)));
    w.add(ann, t(OA, "hasBody"), body.clone());
    w.add(ann, t(OA, "hasTarget"), target.clone());
    w.typ(&target, OA, "SpecificResource");
    w.add(&target, t(OA, "hasSource"), expr.clone());
    w.add(&target, t(OA, "hasSelector"), pos.clone());
    w.add(&target, t(OA, "hasSelector"), quote.clone());
    w.typ(&pos, OA, "TextPositionSelector");
    w.add(&pos, t(OA, "start"), nonneg(start));
    w.add(&pos, t(OA, "end"), nonneg(end));
    w.typ(&quote, OA, "TextQuoteSelector");
    w.add(&quote, t(OA, "exact"), lit(exact));
    if let Some((prefix, suffix)) = context(text, start, end, QUOTE_CONTEXT_CHARS) {
        w.add(&quote, t(OA, "prefix"), lit(prefix));
        w.add(&quote, t(OA, "suffix"), lit(suffix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_respects_char_boundaries() {
        let text = "回顾其第60/1号决议，";
        let start = text.find("第").unwrap_or(0);
        let end = text.find('，').unwrap_or(text.len());
        let (p, s) = context(text, start, end, 1).unwrap_or_default();
        assert_eq!((p, s), ("其", "，"));
        assert!(context(text, 1, 2, 4).is_none());
    }

    #[test]
    fn parts_of_resolutions() {
        assert_eq!(whole_of_part("A/RES/66/253B"), Some("A/RES/66/253"));
        assert_eq!(whole_of_part("A/HRC/RES/S-16/1"), None);
        assert_eq!(whole_of_part("A/RES/66/253"), None);
        assert_eq!(whole_of_part("A/79/L.5A"), None);
        assert_eq!(whole_of_part("A/RES/217(III)A"), None);
    }
}
