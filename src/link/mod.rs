//! Links to the registries where the rest of the world knows UN documents and bodies: the
//! Official Document System and undocs.org, Wikidata, the UN Digital Library and the UNBIS
//! Thesaurus.
//!
//! Architecture invariants:
//! * Links live in graphs of their own, one per registry (`urn:unkg:links:{registry}`), never
//!   in a document graph: rebuilding a document never loses its links, and re-linking never
//!   touches what was extracted.
//! * Every link is also described as an `rdf:Statement` (`unkg:Link`) with its provenance:
//!   registry, request, time, match method and confidence.
//! * A registry that fails for one subject fails for that subject only: the run goes on, the
//!   failure is reported, and the links that subject had before are kept.
//! * An ambiguous match is reported, never guessed.
//! * Offline linking ([`offline_registries`]) uses URL templates and the curated ids of
//!   `data/` only; it makes no request.
//!
//! API boundary: [`Registry`] (one per registry module), [`Corpus`] (what the store holds that
//! can be linked), [`run`] (link and write), [`Link`], [`Found`], [`LinkError`].
//!
//! ```
//! use unkg::link::{Corpus, offline_registries, run};
//! let store = unkg::store::Store::in_memory(None)?;
//! let corpus = Corpus::read(&store)?;
//! let report = run(&store, &corpus, &offline_registries(), "2025-01-01T00:00:00Z", true, &mut |_| {})?;
//! assert!(report.iter().all(|r| r.failures.is_empty()));
//! # Ok::<(), unkg::link::LinkError>(())
//! ```

pub mod digital_library;
pub mod fetch;
pub mod ods;
pub mod unbis;
pub mod verify;
pub mod wikidata;

use std::collections::{BTreeMap, HashSet};

use sha2::{Digest, Sha256};

use crate::model::vocab::{self, DCTERMS, LINKS_GRAPH_PREFIX, OWL, PROV, RDFS, SKOS, UNKG, XSD};
use crate::net::NetError;
use crate::store::query::{self, Answer};
use crate::store::rdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use crate::store::{Store, StoreError};

/// Errors of the link layer.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// A request failed (after retries).
    #[error(transparent)]
    Net(#[from] NetError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A registry answered something unkg cannot read.
    #[error("{registry}: cannot read the answer to {url}: {message}")]
    Parse {
        /// The registry.
        registry: &'static str,
        /// The request.
        url: String,
        /// What is wrong with the answer.
        message: String,
    },
    /// Writing a downloaded file failed.
    #[error("writing {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// `owl:sameAs`.
pub const SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
/// `skos:exactMatch`.
pub const EXACT_MATCH: &str = "http://www.w3.org/2004/02/skos/core#exactMatch";
/// `rdfs:seeAlso`.
pub const SEE_ALSO: &str = "http://www.w3.org/2000/01/rdf-schema#seeAlso";
/// `dcterms:subject`.
pub const SUBJECT: &str = "http://purl.org/dc/terms/subject";
/// `rdfs:label`.
pub const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// One link from a subject of the graph to what a registry knows, with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The Work, Expression or body linked.
    pub subject: String,
    /// The linking property (full IRI): [`SAME_AS`], [`EXACT_MATCH`], [`SEE_ALSO`],
    /// [`SUBJECT`] or [`LABEL`].
    pub predicate: &'static str,
    /// What it is linked to: an IRI, or a label.
    pub object: Term,
    /// The registry's name.
    pub registry: &'static str,
    /// The request that found it: a URL, or the data file of a curated id.
    pub request: String,
    /// How it was matched: `template`, `curated`, `symbol`, `label`, `record`.
    pub method: &'static str,
    /// How sure the match is, 0 to 1.
    pub confidence: f64,
}

impl Link {
    /// A link to an IRI.
    pub fn to_iri(
        subject: &str,
        predicate: &'static str,
        object: &str,
        registry: &'static str,
        request: &str,
        method: &'static str,
        confidence: f64,
    ) -> Option<Link> {
        Some(Link {
            subject: subject.to_string(),
            predicate,
            object: NamedNode::new(object).ok()?.into(),
            registry,
            request: request.to_string(),
            method,
            confidence,
        })
    }
}

/// A match a registry could not decide: several candidates fit equally well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// The subject.
    pub subject: String,
    /// What was looked up (a symbol, a name).
    pub key: String,
    /// The candidates (IRIs).
    pub candidates: Vec<String>,
}

/// What a registry found for one subject.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Links made.
    pub links: Vec<Link>,
    /// Matches left undecided.
    pub ambiguous: Vec<Ambiguity>,
}

/// A document of the corpus: its symbol, Work, and language versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSubject {
    /// The canonical symbol.
    pub symbol: String,
    /// The Work IRI.
    pub work: String,
    /// `(language, Expression IRI)` of each language version in the store.
    pub expressions: Vec<(String, String)>,
}

/// A body mentioned in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodySubject {
    /// The gazetteer id (`GA`, `UNODC`).
    pub id: String,
    /// The body IRI.
    pub iri: String,
    /// Its English name.
    pub name: String,
}

/// Something to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A document.
    Document(DocumentSubject),
    /// A body.
    Body(BodySubject),
}

impl Subject {
    /// The IRI of the subject in the graph.
    pub fn iri(&self) -> &str {
        match self {
            Subject::Document(d) => &d.work,
            Subject::Body(b) => &b.iri,
        }
    }

    /// A short name for reports: the symbol or the body id.
    pub fn key(&self) -> &str {
        match self {
            Subject::Document(d) => &d.symbol,
            Subject::Body(b) => &b.id,
        }
    }

    /// Every IRI links of this subject may start from (the Work and its Expressions, or the
    /// body), used to keep old links when the subject fails.
    fn iris(&self) -> Vec<&str> {
        match self {
            Subject::Document(d) => std::iter::once(d.work.as_str())
                .chain(d.expressions.iter().map(|(_, e)| e.as_str()))
                .collect(),
            Subject::Body(b) => vec![b.iri.as_str()],
        }
    }
}

/// One registry: looks subjects up and says what they link to.
pub trait Registry {
    /// The registry's name, used in the link graph's IRI and in provenance.
    fn name(&self) -> &'static str;
    /// Looks one subject up. An error is reported by [`run`] and affects only this subject.
    fn link(&self, subject: &Subject) -> Result<Found, LinkError>;
}

/// What the store holds that can be linked: documents of the corpus and bodies mentioned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// Documents with a symbol, sorted by symbol.
    pub documents: Vec<DocumentSubject>,
    /// Bodies, sorted by id.
    pub bodies: Vec<BodySubject>,
}

const CORPUS_QUERY: &str = "
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX unkg: <https://w3id.org/unkg/ontology#>
SELECT DISTINCT ?sym ?w ?lang ?expr WHERE {
  GRAPH ?g { ?w unkg:inCorpus true ; dcterms:identifier ?sym ; frbr:realization ?expr .
             ?expr dcterms:language ?l . }
  BIND(STRAFTER(STR(?l), \"iso639-1/\") AS ?lang)
}";

const BODIES_QUERY: &str = "
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?b ?id ?name WHERE {
  GRAPH ?g { ?b a org:Organization ; skos:notation ?id . OPTIONAL { ?b skos:prefLabel ?name } }
}";

/// The values of a SELECT, one string per cell (empty when unbound).
pub(crate) fn select(
    store: &Store,
    name: &str,
    sparql: &str,
) -> Result<Vec<Vec<String>>, LinkError> {
    let answer = query::run(store, name, sparql, &[])?.collect()?;
    Ok(match answer {
        Answer::Solutions { rows, .. } => rows
            .into_iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.as_ref().map(query::display).unwrap_or_default())
                    .collect()
            })
            .collect(),
        _ => Vec::new(),
    })
}

impl Corpus {
    /// Reads the documents and bodies of a store.
    pub fn read(store: &Store) -> Result<Corpus, LinkError> {
        let mut docs: BTreeMap<String, DocumentSubject> = BTreeMap::new();
        for r in select(store, "link-corpus", CORPUS_QUERY)? {
            let [sym, work, lang, expr] = [&r[0], &r[1], &r[2], &r[3]];
            let d = docs.entry(sym.clone()).or_insert_with(|| DocumentSubject {
                symbol: sym.clone(),
                work: work.clone(),
                expressions: Vec::new(),
            });
            d.expressions.push((lang.clone(), expr.clone()));
        }
        for d in docs.values_mut() {
            d.expressions.sort();
            d.expressions.dedup();
        }
        let mut bodies: BTreeMap<String, BodySubject> = BTreeMap::new();
        for r in select(store, "link-bodies", BODIES_QUERY)? {
            bodies.entry(r[1].clone()).or_insert_with(|| BodySubject {
                id: r[1].clone(),
                iri: r[0].clone(),
                name: r[2].clone(),
            });
        }
        Ok(Corpus {
            documents: docs.into_values().collect(),
            bodies: bodies.into_values().collect(),
        })
    }

    /// Every subject, documents first.
    pub fn subjects(&self) -> Vec<Subject> {
        self.documents
            .iter()
            .cloned()
            .map(Subject::Document)
            .chain(self.bodies.iter().cloned().map(Subject::Body))
            .collect()
    }
}

/// The offline registries: undocs/ODS URL templates and the curated Wikidata ids of
/// `data/bodies.toml`.
pub fn offline_registries() -> Vec<Box<dyn Registry + 'static>> {
    vec![Box::new(ods::Templates), Box::new(wikidata::Curated)]
}

/// What one registry did in a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistryReport {
    /// The registry.
    pub registry: &'static str,
    /// Links written (new and kept).
    pub links: usize,
    /// Subjects linked without error.
    pub subjects: usize,
    /// `(subject key, error)` for each subject that failed.
    pub failures: Vec<(String, String)>,
    /// Undecided matches.
    pub ambiguous: Vec<Ambiguity>,
}

/// Progress of a run, for progress bars.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    /// The registry.
    pub registry: &'static str,
    /// The subject just done.
    pub subject: &'a str,
    /// Subjects done for this registry.
    pub done: usize,
    /// Subjects in all for this registry.
    pub total: usize,
}

/// Links every subject of `corpus` with every registry and, when `write` is set, writes each
/// registry's link graph. `at` is the `xsd:dateTime` of the run. Links of subjects that failed
/// this time are kept from the previous graph.
pub fn run(
    store: &Store,
    corpus: &Corpus,
    registries: &[Box<dyn Registry + '_>],
    at: &str,
    write_graphs: bool,
    progress: &mut dyn FnMut(Step<'_>),
) -> Result<Vec<RegistryReport>, LinkError> {
    let subjects = corpus.subjects();
    let mut reports = Vec::new();
    for reg in registries {
        let mut rep = RegistryReport {
            registry: reg.name(),
            ..RegistryReport::default()
        };
        let mut links = Vec::new();
        let mut failed: HashSet<String> = HashSet::new();
        for (i, s) in subjects.iter().enumerate() {
            match reg.link(s) {
                Ok(f) => {
                    rep.subjects += 1;
                    links.extend(f.links);
                    rep.ambiguous.extend(f.ambiguous);
                }
                Err(e) => {
                    rep.failures.push((s.key().to_string(), e.to_string()));
                    failed.extend(s.iris().into_iter().map(str::to_string));
                }
            }
            progress(Step {
                registry: reg.name(),
                subject: s.key(),
                done: i + 1,
                total: subjects.len(),
            });
        }
        rep.links = if write_graphs {
            write(store, reg.name(), &links, &failed, at)?
        } else {
            links.len()
        };
        reports.push(rep);
    }
    Ok(reports)
}

/// The IRI of a registry's link graph.
pub fn graph_iri(registry: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{LINKS_GRAPH_PREFIX}{registry}"))
}

fn nn(iri: String) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// Replaces a registry's link graph with `links`, keeping the old links whose subject is in
/// `keep` (subjects that failed this run). Returns the number of links in the graph.
pub fn write(
    store: &Store,
    registry: &str,
    links: &[Link],
    keep: &HashSet<String>,
    at: &str,
) -> Result<usize, LinkError> {
    let graph = graph_iri(registry);
    let gname = GraphName::NamedNode(graph.clone());
    let rdf_subject = vocab::term(vocab::RDF, "subject");
    let mut quads: Vec<Quad> = Vec::new();
    let mut kept = 0;
    if !keep.is_empty() {
        let old = store.graph_quads(&graph)?;
        let subj = |q: &Quad| match &q.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        };
        // Statement nodes whose rdf:subject is kept are kept whole.
        let kept_statements: HashSet<String> = old
            .iter()
            .filter(|q| q.predicate.as_str() == rdf_subject)
            .filter(|q| matches!(&q.object, Term::NamedNode(n) if keep.contains(n.as_str())))
            .map(subj)
            .collect();
        kept = kept_statements.len();
        quads.extend(
            old.into_iter()
                .filter(|q| keep.contains(&subj(q)) || kept_statements.contains(&subj(q))),
        );
    }
    let t = |ns: &str, l: &str| nn(vocab::term(ns, l));
    let base = store.base().as_str().to_string();
    let mut seen = HashSet::new();
    for l in links {
        let Ok(s) = NamedNode::new(&l.subject) else {
            continue;
        };
        let p = nn(l.predicate.to_string());
        let id = link_id(&l.subject, l.predicate, &l.object);
        if !seen.insert(id.clone()) {
            continue;
        }
        let st = nn(format!("{base}link/{registry}/{id}"));
        let mut add = |s: &NamedNode, p: NamedNode, o: Term| {
            quads.push(Quad::new(s.clone(), p, o, gname.clone()));
        };
        add(&s, p.clone(), l.object.clone());
        add(
            &st,
            nn(vocab::RDF_TYPE.into()),
            t(vocab::RDF, "Statement").into(),
        );
        add(&st, nn(vocab::RDF_TYPE.into()), t(UNKG, "Link").into());
        add(&st, t(vocab::RDF, "subject"), s.clone().into());
        add(&st, t(vocab::RDF, "predicate"), p.into());
        add(&st, t(vocab::RDF, "object"), l.object.clone());
        add(
            &st,
            t(UNKG, "registry"),
            Literal::new_simple_literal(l.registry).into(),
        );
        add(
            &st,
            t(UNKG, "request"),
            Literal::new_simple_literal(&l.request).into(),
        );
        add(
            &st,
            t(UNKG, "matchMethod"),
            Literal::new_simple_literal(l.method).into(),
        );
        add(
            &st,
            t(UNKG, "confidence"),
            Literal::new_typed_literal(format!("{:.2}", l.confidence), t(XSD, "decimal")).into(),
        );
        add(
            &st,
            t(PROV, "generatedAtTime"),
            Literal::new_typed_literal(at, t(XSD, "dateTime")).into(),
        );
    }
    quads.sort_by_key(|q| q.to_string());
    quads.dedup();
    store.replace_graph(&graph, &quads)?;
    Ok(seen.len() + kept)
}

fn link_id(s: &str, p: &str, o: &Term) -> String {
    let mut h = Sha256::new();
    for part in [s, p, &o.to_string()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..10]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The ontology terms link graphs use, for the ontology check.
pub fn terms() -> Vec<String> {
    let mut v: Vec<String> = ["Link", "registry", "request", "matchMethod", "confidence"]
        .iter()
        .map(|l| vocab::term(UNKG, l))
        .collect();
    v.extend([
        vocab::term(PROV, "generatedAtTime"),
        vocab::term(SKOS, "exactMatch"),
        vocab::term(DCTERMS, "subject"),
        vocab::term(OWL, "sameAs"),
        vocab::term(RDFS, "seeAlso"),
        vocab::term(RDFS, "label"),
    ]);
    v
}
