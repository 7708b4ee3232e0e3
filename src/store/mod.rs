//! The knowledge-graph store: the only code that touches Oxigraph's `Store`.
//!
//! Architecture invariants:
//! * Each language version of each document lives in its own named graph (minted by
//!   [`crate::model`]). A graph is only ever written whole: bulk-loaded when it is new, replaced
//!   in one transaction when it changed, removed in one transaction. Readers never see half a
//!   document, and a crash at any point leaves every graph either as it was or as it is now.
//! * The bookkeeping graph ([`crate::model::vocab::BOOKKEEPING_GRAPH`]) records, for each
//!   document graph, the file that produced it and that file's SHA-256. A record is written in
//!   the same commit as its graph, so the two never disagree.
//! * Nothing here knows how documents are read or extracted; [`build`] wires source → extract →
//!   model → store and is the only part that calls into those layers.
//!
//! API boundary: [`Store`] (open, load, replace, remove, records, dump, query), [`query`] (the
//! named-query library and result writers) and [`build`] (incremental builds).
//!
//! ```
//! use unkg::store::{Store, build, query};
//! let dir = std::env::temp_dir().join(format!("unkg-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let doc = dir.join("a.txt");
//! std::fs::write(&doc, "The General Assembly,\n\nRecalling its resolution 57/32,\n").unwrap();
//! let store = Store::in_memory(None)?;
//! let sum = build::build(&store, &[doc], &Default::default(), &mut build::Quiet)?;
//! assert_eq!(sum.new, 1);
//! let answer = query::run(&store, "-", "ASK { ?w a <http://purl.org/vocab/frbr/core#Work> }", &[])?;
//! assert_eq!(answer.collect()?, query::Answer::Boolean(true));
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), unkg::store::StoreError>(())
//! ```

pub mod build;
pub mod network;
pub mod products;
pub mod query;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNodeRef, Quad, Term,
};
use oxigraph::store::StorageError;

use crate::model::vocab::{self, BOOKKEEPING_GRAPH, DCTERMS, ISO639_1, UNKG, XSD};
use crate::model::{Base, DocumentGraph, ModelError};

/// The RDF term types of the store's API (Oxigraph's re-export of `oxrdf`).
pub use oxigraph::model as rdf;

/// Errors of the store layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The storage engine failed (disk full, corruption, lock held by another process…).
    #[error("store {path}: {source}")]
    Storage {
        /// The store's folder, or `memory`.
        path: String,
        /// The underlying error.
        #[source]
        source: StorageError,
    },
    /// `--store DIR` was asked of a binary built without the `rocksdb` feature.
    #[error(
        "cannot open store {path}: this unkg was built without on-disk storage (cargo feature `rocksdb`)"
    )]
    NoDiskStorage {
        /// The folder asked for.
        path: String,
    },
    /// A command that reads a store was pointed at a folder that holds none.
    #[error("no store at {path}: build one with `unkg build DOCS --store {path}`")]
    Missing {
        /// The folder asked for.
        path: String,
    },
    /// The store was built with another data namespace.
    #[error(
        "store {path} was built with base {stored:?}, not {given:?}: pass --base {stored} or use another store"
    )]
    BaseMismatch {
        /// The store's folder.
        path: String,
        /// The base recorded in the store.
        stored: String,
        /// The base asked for.
        given: String,
    },
    /// A base recorded in the store is not usable.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A SPARQL query does not parse.
    #[error("query {name}: {message}")]
    QuerySyntax {
        /// The query's name or `-`.
        name: String,
        /// The parser's message.
        message: String,
    },
    /// A SPARQL query failed while running.
    #[error("query {name}: {message}")]
    QueryEval {
        /// The query's name or `-`.
        name: String,
        /// The evaluator's message.
        message: String,
    },
    /// A query was stopped before it finished (its deadline passed).
    #[error("query {name}: cancelled")]
    Cancelled {
        /// The query's name or `-`.
        name: String,
    },
    /// No query of that name in the library.
    #[error("no query named {0:?} in the library (try `unkg query --list`)")]
    UnknownQuery(String),
    /// A `--param` is malformed or names no variable of the query.
    #[error("parameter {param:?}: {why}")]
    Param {
        /// The parameter as given.
        param: String,
        /// What is wrong.
        why: String,
    },
    /// A format cannot hold what was asked (a dataset in Turtle, solutions as Turtle…).
    #[error("format {format}: {why}")]
    Format {
        /// The format.
        format: String,
        /// Why it does not fit.
        why: &'static str,
    },
    /// An RDF file could not be loaded.
    #[error("loading {path}: {message}")]
    Load {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Writing output failed.
    #[error("writing {what}: {source}")]
    Write {
        /// What was being written.
        what: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// The RDF serialisations unkg writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfOutput {
    /// N-Quads (datasets).
    NQuads,
    /// TriG (datasets).
    TriG,
    /// Turtle (one graph).
    Turtle,
    /// N-Triples (one graph).
    NTriples,
    /// RDF/XML (one graph).
    RdfXml,
    /// JSON-LD (datasets).
    JsonLd,
}

impl RdfOutput {
    fn format(self) -> RdfFormat {
        match self {
            RdfOutput::NQuads => RdfFormat::NQuads,
            RdfOutput::TriG => RdfFormat::TriG,
            RdfOutput::Turtle => RdfFormat::Turtle,
            RdfOutput::NTriples => RdfFormat::NTriples,
            RdfOutput::RdfXml => RdfFormat::RdfXml,
            RdfOutput::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::default(),
            },
        }
    }

    fn serializer(self) -> RdfSerializer {
        let s = RdfSerializer::from_format(self.format());
        match self {
            RdfOutput::NQuads | RdfOutput::NTriples => s,
            _ => PREFIXES.iter().fold(s, |s, (p, ns)| {
                s.with_prefix(*p, *ns)
                    .unwrap_or_else(|_| RdfSerializer::from_format(self.format()))
            }),
        }
    }

    /// Whether the format holds named graphs.
    pub fn holds_datasets(self) -> bool {
        self.format().supports_datasets()
    }
}

/// Writes triples made outside the store (a service description, a page's data) in an RDF
/// format, with the usual prefixes.
pub fn write_triples<W: Write>(
    format: RdfOutput,
    triples: &[rdf::Triple],
    out: W,
) -> Result<W, StoreError> {
    let w = |source| StoreError::Write {
        what: "rdf",
        source,
    };
    let mut ser = format.serializer().for_writer(out);
    for t in triples {
        ser.serialize_triple(t).map_err(w)?;
    }
    ser.finish().map_err(w)
}

/// Prefixes written in Turtle, TriG, RDF/XML and JSON-LD output.
pub const PREFIXES: &[(&str, &str)] = &[
    ("unkg", vocab::UNKG),
    ("cf", vocab::CF),
    ("cito", vocab::CITO),
    ("frbr", vocab::FRBR),
    ("dcterms", vocab::DCTERMS),
    ("org", vocab::ORG),
    ("prov", vocab::PROV),
    ("oa", vocab::OA),
    ("skos", vocab::SKOS),
    ("rdfs", vocab::RDFS),
    ("owl", vocab::OWL),
    ("xsd", vocab::XSD),
];

/// What the bookkeeping graph says about one document graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The document graph.
    pub graph: NamedNode,
    /// The file that produced it (absolute path).
    pub path: String,
    /// That file's SHA-256.
    pub sha256: String,
    /// The document's symbol or `_file/…` stand-in.
    pub symbol: String,
    /// ISO 639-1 language code.
    pub language: String,
    /// Issuing organ, if known.
    pub organ: Option<String>,
    /// Document type, if known.
    pub doc_type: Option<String>,
    /// Quads in the document graph.
    pub triples: u64,
    /// Citation occurrences.
    pub citations: u64,
    /// Body mentions.
    pub mentions: u64,
}

/// An RDF store holding unkg's knowledge graph.
pub struct Store {
    inner: oxigraph::store::Store,
    label: String,
    base: Base,
}

fn p(local: &str) -> NamedNode {
    NamedNode::new_unchecked(vocab::term(UNKG, local))
}

fn bk() -> NamedNode {
    NamedNode::new_unchecked(BOOKKEEPING_GRAPH)
}

impl Store {
    /// Opens (or creates) an on-disk store in `dir`. `base` is the data namespace; `None` takes
    /// the one the store was built with, or the default for a new store.
    pub fn open(dir: &Path, base: Option<&Base>) -> Result<Store, StoreError> {
        let label = dir.display().to_string();
        #[cfg(feature = "rocksdb")]
        {
            let inner =
                oxigraph::store::Store::open(dir).map_err(|source| StoreError::Storage {
                    path: label.clone(),
                    source,
                })?;
            Store::with(inner, label, base)
        }
        #[cfg(not(feature = "rocksdb"))]
        {
            let _ = base;
            Err(StoreError::NoDiskStorage { path: label })
        }
    }

    /// Opens an existing on-disk store; unlike [`Store::open`], never creates one.
    pub fn open_existing(dir: &Path) -> Result<Store, StoreError> {
        if !dir.is_dir() {
            return Err(StoreError::Missing {
                path: dir.display().to_string(),
            });
        }
        Store::open(dir, None)
    }

    /// A new, empty store in memory (tests, one-off queries).
    pub fn in_memory(base: Option<&Base>) -> Result<Store, StoreError> {
        let inner = oxigraph::store::Store::new().map_err(|source| StoreError::Storage {
            path: "memory".into(),
            source,
        })?;
        Store::with(inner, "memory".into(), base)
    }

    fn with(
        inner: oxigraph::store::Store,
        label: String,
        base: Option<&Base>,
    ) -> Result<Store, StoreError> {
        let mut store = Store {
            inner,
            label,
            base: base.cloned().unwrap_or_default(),
        };
        match (store.stored_base()?, base) {
            (Some(stored), Some(given)) if stored != given.as_str() => {
                return Err(StoreError::BaseMismatch {
                    path: store.label,
                    stored,
                    given: given.as_str().to_string(),
                });
            }
            (Some(stored), None) => store.base = Base::new(&stored)?,
            _ => {}
        }
        Ok(store)
    }

    fn err(&self) -> impl Fn(StorageError) -> StoreError + '_ {
        |source| StoreError::Storage {
            path: self.label.clone(),
            source,
        }
    }

    fn stored_base(&self) -> Result<Option<String>, StoreError> {
        let g = bk();
        let mut it = self.inner.quads_for_pattern(
            Some(g.as_ref().into()),
            Some(p("base").as_ref()),
            None,
            Some(g.as_ref().into()),
        );
        match it.next() {
            Some(Ok(q)) => Ok(match q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            }),
            Some(Err(e)) => Err(self.err()(e)),
            None => Ok(None),
        }
    }

    fn base_quad(&self) -> Quad {
        Quad::new(
            bk(),
            p("base"),
            Literal::new_simple_literal(self.base.as_str()),
            bk(),
        )
    }

    /// The data namespace of this store.
    pub fn base(&self) -> &Base {
        &self.base
    }

    /// Where the store lives (its folder, or `memory`).
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Number of quads in the store (a full scan on disk: seconds for millions of quads).
    pub fn len(&self) -> Result<usize, StoreError> {
        self.inner.len().map_err(self.err())
    }

    /// True when the store holds no quad.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.inner.is_empty().map_err(self.err())
    }

    /// Number of quads in one graph.
    pub fn graph_len(&self, graph: &NamedNode) -> Result<usize, StoreError> {
        let mut n = 0;
        for q in self
            .inner
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
        {
            q.map_err(self.err())?;
            n += 1;
        }
        Ok(n)
    }

    /// Whether a named graph holds anything.
    pub fn contains_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        self.inner
            .contains_named_graph(graph.as_ref())
            .map_err(self.err())
    }

    /// All document graphs: every named graph except the store's own (`urn:unkg:…`: the
    /// bookkeeping, link and verification graphs) and the analytics results
    /// (`{base}analysis/…`).
    pub fn graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let analysis = format!("{}analysis/", self.base.as_str());
        let mut out = Vec::new();
        for g in self.inner.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g.map_err(self.err())?
                && n.as_str() != BOOKKEEPING_GRAPH
                && !n.as_str().starts_with(vocab::STORE_GRAPH_PREFIX)
                && !n.as_str().starts_with(&analysis)
            {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// Every named graph, the store's own (`urn:unkg:…`) and the analytics results included,
    /// in the store's order (for a store on disk, the same order for the same contents).
    pub fn named_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut out = Vec::new();
        for g in self.inner.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) = g.map_err(self.err())? {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// Every quad of the store, streaming: nothing is collected, so a store of any size can be
    /// read with constant memory. On disk, a named graph's quads come together and the order is
    /// the same for the same contents.
    pub fn quads(&self) -> impl Iterator<Item = Result<Quad, StoreError>> + '_ {
        let err = self.err();
        self.inner.iter().map(move |q| q.map_err(&err))
    }

    /// Every bookkeeping record, sorted by path.
    pub fn records(&self) -> Result<Vec<Record>, StoreError> {
        let g = bk();
        let mut by_graph: BTreeMap<String, Vec<(String, Term)>> = BTreeMap::new();
        for q in self
            .inner
            .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
        {
            let q = q.map_err(self.err())?;
            if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = q.subject
                && s.as_str() != BOOKKEEPING_GRAPH
            {
                by_graph
                    .entry(s.into_string())
                    .or_default()
                    .push((q.predicate.into_string(), q.object));
            }
        }
        let mut out: Vec<Record> = by_graph
            .into_iter()
            .filter_map(|(g, props)| record_from(g, &props))
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    }

    /// Loads new document graphs with Oxigraph's bulk loader, with their bookkeeping records,
    /// in one atomic commit. Use only for graphs not yet in the store (see [`Store::replace`]).
    pub fn bulk_load(&self, docs: Vec<(DocumentGraph, FileInfo)>) -> Result<(), StoreError> {
        let mut loader = self.loader();
        loader.add(docs)?;
        loader.commit()
    }

    /// A bulk loader for new document graphs: [`Loader::add`] hands batches to Oxigraph's bulk
    /// loader, which sorts and writes them on background threads while the caller goes on;
    /// [`Loader::commit`] makes everything added so far visible at once, with its records.
    /// Dropping a loader without committing discards what it holds and leaves the store as it
    /// was.
    pub fn loader(&self) -> Loader<'_> {
        Loader {
            store: self,
            inner: None,
        }
    }

    /// Replaces document graphs in one transaction: removes `doc.graph` and every graph in
    /// `stale` (with their records), then writes the new quads and record.
    pub fn replace(
        &self,
        doc: &DocumentGraph,
        file: &FileInfo,
        stale: &[NamedNode],
    ) -> Result<(), StoreError> {
        let mut tx = self.inner.start_transaction().map_err(self.err())?;
        for g in stale.iter().chain(std::iter::once(&doc.graph)) {
            remove_in(&mut tx, g).map_err(self.err())?;
        }
        tx.insert(self.base_quad().as_ref());
        for q in record_quads(doc, file) {
            tx.insert(q.as_ref());
        }
        for q in &doc.quads {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(self.err())
    }

    /// Replaces one auxiliary graph (links, verification findings, analytics results) with
    /// `quads`, in one transaction, so readers see the old graph or the new one. Such graphs
    /// have no bookkeeping record; every quad must be in `graph`.
    pub fn replace_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        let mut tx = self.inner.start_transaction().map_err(self.err())?;
        tx.remove_named_graph(NamedOrBlankNodeRef::NamedNode(graph.as_ref()))
            .map_err(self.err())?;
        for q in quads {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(self.err())
    }

    /// Every quad of one graph.
    pub fn graph_quads(&self, graph: &NamedNode) -> Result<Vec<Quad>, StoreError> {
        self.inner
            .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
            .map(|q| q.map_err(self.err()))
            .collect()
    }

    /// Removes document graphs and their records in one transaction.
    pub fn remove(&self, graphs: &[NamedNode]) -> Result<(), StoreError> {
        let mut tx = self.inner.start_transaction().map_err(self.err())?;
        for g in graphs {
            remove_in(&mut tx, g).map_err(self.err())?;
        }
        tx.commit().map_err(self.err())
    }

    /// Writes RDF data (any format but a dataset's) into one named graph, in one
    /// transaction: replacing the graph when `replace`, adding to it otherwise. Like a SPARQL
    /// update, it keeps no bookkeeping record: a later build may replace the graph.
    pub fn put_graph(
        &self,
        graph: &NamedNode,
        format: RdfOutput,
        data: &[u8],
        replace: bool,
    ) -> Result<usize, StoreError> {
        let quads = oxigraph::io::RdfParser::from_format(format.format())
            .with_default_graph(graph.clone())
            .rename_blank_nodes()
            .for_slice(data)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Load {
                path: graph.as_str().to_string(),
                message: e.to_string(),
            })?;
        let mut tx = self.inner.start_transaction().map_err(self.err())?;
        if replace {
            remove_in(&mut tx, graph).map_err(self.err())?;
        }
        for q in &quads {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(self.err())?;
        Ok(quads.len())
    }

    /// Writes the whole store (or one graph) to `out`, streaming. A dataset format is required
    /// for the whole store; one graph may go to any format.
    pub fn dump<W: Write>(
        &self,
        format: RdfOutput,
        graph: Option<&NamedNode>,
        out: W,
    ) -> Result<W, StoreError> {
        let res = match graph {
            None if !format.holds_datasets() => {
                return Err(StoreError::Format {
                    format: format!("{format:?}").to_lowercase(),
                    why: "it holds one graph, not a dataset: pick nquads, trig or jsonld, or give --graph/--symbol",
                });
            }
            None => self.inner.dump_to_writer(format.serializer(), out),
            Some(g) => {
                if format.holds_datasets() {
                    // Keep the graph name in dataset formats.
                    let mut ser = format.serializer().for_writer(out);
                    for q in self
                        .inner
                        .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
                    {
                        let q = q.map_err(self.err())?;
                        ser.serialize_quad(&q).map_err(|source| StoreError::Write {
                            what: "rdf",
                            source,
                        })?;
                    }
                    return ser.finish().map_err(|source| StoreError::Write {
                        what: "rdf",
                        source,
                    });
                }
                self.inner.dump_graph_to_writer(
                    GraphNameRef::NamedNode(g.as_ref()),
                    format.serializer(),
                    out,
                )
            }
        };
        res.map_err(|e| match e {
            oxigraph::store::SerializerError::Io(source) => StoreError::Write {
                what: "rdf",
                source,
            },
            oxigraph::store::SerializerError::Storage(source) => StoreError::Storage {
                path: self.label.clone(),
                source,
            },
            other => StoreError::Write {
                what: "rdf",
                source: std::io::Error::other(other.to_string()),
            },
        })
    }

    /// Loads an N-Quads file with Oxigraph's bulk loader, as is (no bookkeeping): the
    /// yardstick the build benchmark compares `build` against.
    pub fn load_nquads_file(&self, path: &Path) -> Result<(), StoreError> {
        let mut loader = self.inner.bulk_loader();
        loader
            .parallel_load_from_file(oxigraph::io::RdfFormat::NQuads, path)
            .map_err(|e| match e {
                oxigraph::store::LoaderError::Storage(source) => StoreError::Storage {
                    path: self.label.clone(),
                    source,
                },
                other => StoreError::Load {
                    path: path.display().to_string(),
                    message: other.to_string(),
                },
            })?;
        loader.commit().map_err(self.err())
    }

    /// Compacts an on-disk store (nothing to do in memory).
    pub fn optimize(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")]
        if self.label != "memory" {
            return self.inner.optimize().map_err(self.err());
        }
        Ok(())
    }

    pub(crate) fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }
}

/// Bulk loading of new document graphs, see [`Store::loader`].
pub struct Loader<'a> {
    store: &'a Store,
    inner: Option<oxigraph::store::BulkLoader<'a>>,
}

impl Loader<'_> {
    /// Adds documents (graphs not yet in the store) and their records.
    pub fn add(&mut self, docs: Vec<(DocumentGraph, FileInfo)>) -> Result<(), StoreError> {
        if docs.is_empty() {
            return Ok(());
        }
        let store = self.store;
        let loader = self.inner.get_or_insert_with(|| store.inner.bulk_loader());
        let mut records = vec![store.base_quad()];
        records.extend(docs.iter().flat_map(|(d, f)| record_quads(d, f)));
        let quads = docs.into_iter().flat_map(|(d, _)| d.quads);
        loader
            .load_quads(records.into_iter().chain(quads))
            .map_err(store.err())
    }

    /// Makes everything added since the last commit visible, atomically.
    pub fn commit(&mut self) -> Result<(), StoreError> {
        match self.inner.take() {
            Some(l) => l.commit().map_err(self.store.err()),
            None => Ok(()),
        }
    }
}

fn remove_in(tx: &mut oxigraph::store::Transaction<'_>, g: &NamedNode) -> Result<(), StorageError> {
    let bkg = bk();
    let rec: Vec<Quad> = tx
        .quads_for_pattern(
            Some(g.as_ref().into()),
            None,
            None,
            Some(bkg.as_ref().into()),
        )
        .collect::<Result<_, _>>()?;
    for q in &rec {
        tx.remove(q.as_ref());
    }
    tx.remove_named_graph(NamedOrBlankNodeRef::NamedNode(g.as_ref()))
}

/// What the bookkeeping graph records about a document's file.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// Absolute path.
    pub path: String,
    /// SHA-256 of the raw bytes.
    pub sha256: String,
    /// When it was loaded, `xsd:dateTime`.
    pub loaded_at: String,
}

fn record_quads(d: &DocumentGraph, f: &FileInfo) -> Vec<Quad> {
    let g = GraphName::NamedNode(bk());
    let s = d.graph.clone();
    let lit = |v: &str| Term::from(Literal::new_simple_literal(v));
    let num = |n: usize| {
        Term::from(Literal::new_typed_literal(
            n.to_string(),
            NamedNode::new_unchecked(vocab::term(XSD, "nonNegativeInteger")),
        ))
    };
    let dc = |l: &str| NamedNode::new_unchecked(vocab::term(DCTERMS, l));
    let mut v = vec![
        (p("sourcePath"), lit(&f.path)),
        (p("contentHash"), lit(&f.sha256)),
        (dc("identifier"), lit(&d.symbol)),
        (
            dc("language"),
            NamedNode::new_unchecked(format!(
                "{ISO639_1}{}",
                crate::model::iri::encode_segment(&d.language)
            ))
            .into(),
        ),
        (
            dc("modified"),
            Literal::new_typed_literal(
                &f.loaded_at,
                NamedNode::new_unchecked(vocab::term(XSD, "dateTime")),
            )
            .into(),
        ),
        (p("tripleCount"), num(d.quads.len())),
        (p("citationCount"), num(d.citations)),
        (p("mentionCount"), num(d.mentions)),
    ];
    if let Some(o) = &d.organ {
        v.push((p("organ"), lit(o)));
    }
    if let Some(t) = &d.doc_type {
        v.push((p("documentType"), lit(t)));
    }
    v.into_iter()
        .map(|(pr, o)| Quad::new(s.clone(), pr, o, g.clone()))
        .collect()
}

fn record_from(graph: String, props: &[(String, Term)]) -> Option<Record> {
    let get = |ns: &str, l: &str| {
        let key = vocab::term(ns, l);
        props.iter().find(|(p, _)| *p == key).map(|(_, o)| match o {
            Term::Literal(l) => l.value().to_string(),
            Term::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        })
    };
    let num = |l: &str| get(UNKG, l).and_then(|v| v.parse().ok()).unwrap_or(0);
    Some(Record {
        graph: NamedNode::new(graph).ok()?,
        path: get(UNKG, "sourcePath")?,
        sha256: get(UNKG, "contentHash")?,
        symbol: get(DCTERMS, "identifier").unwrap_or_default(),
        language: get(DCTERMS, "language")
            .map(|l| l.trim_start_matches(ISO639_1).to_string())
            .unwrap_or_default(),
        organ: get(UNKG, "organ"),
        doc_type: get(UNKG, "documentType"),
        triples: num("tripleCount"),
        citations: num("citationCount"),
        mentions: num("mentionCount"),
    })
}

/// Absolute, normalised form of a path, used as the key of bookkeeping records: the canonical
/// path when the file exists, the lexically cleaned absolute path otherwise (a deleted file).
pub fn record_path(path: &Path) -> String {
    if let Ok(c) = std::fs::canonicalize(path) {
        return c.display().to_string();
    }
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out.display().to_string()
}

/// The IRIs of every term the store itself writes (bookkeeping), for the ontology check.
pub fn bookkeeping_terms() -> Vec<String> {
    [
        "sourcePath",
        "contentHash",
        "tripleCount",
        "citationCount",
        "mentionCount",
        "organ",
        "documentType",
        "base",
    ]
    .iter()
    .map(|l| vocab::term(UNKG, l))
    .chain(
        ["identifier", "language", "modified"]
            .iter()
            .map(|l| vocab::term(DCTERMS, l)),
    )
    .collect()
}
