//! # unkg — United Nations documents as a citation knowledge graph
//!
//! `unkg` reads UN documents in the six official languages (Arabic, Chinese, English, French,
//! Russian, Spanish) and extracts what each one is (symbol, session, agenda items, dates), how it
//! is built (preambular and operative paragraphs, lead verbs) and what it cites (resolutions,
//! decisions, document symbols, sales numbers, footnoted instruments), every item with its exact
//! byte span in the input.
//!
//! The library is layered; each layer only uses the ones above it in this list:
//!
//! * [`text`] — bytes to text, the normalised matching view with its offset map, page layout
//!   (running heads, footnote blocks, footnote markers), language detection.
//! * [`gazetteer`] — the data tables in `data/` (lead verbs, calendars, bodies), loaded once.
//! * [`source`] — reading inputs: paths to text plus provenance (SHA-256, encoding, format).
//! * [`extract`] — one document in, one [`extract::Extraction`] out. Pure; never fails.
//! * [`model`] — extractions to RDF quads under the ontology in `ontology/`; IRI minting.
//! * [`store`] — the Oxigraph store: named graphs per document, builds, queries, dumps.
//! * [`analyze`] — the citation graph in petgraph: rankings, components, cycles, paths,
//!   co-citation; scores written back to the store.
//! * [`serve`] — the SPARQL 1.1 Protocol endpoint and the web UI (`unkg serve`).
//! * [`export`] — serialisation at the edge (the `extract` JSON contract, tables).
//! * [`net`] — the one HTTP client: retries, rate limits, on-disk cache.
//! * [`link`] — links to registries (ODS/undocs, Wikidata, UN Digital Library, UNBIS) and
//!   verification of cited symbols.
//! * [`push`] — the store sent graph by graph to another SPARQL engine (Graph Store
//!   Protocol or Update), resumable.
//! * [`cli`] — the `unkg` command line.
//!
//! ```
//! let ex = unkg::extract::extract_str(
//!     "Recalling its resolution 57/32 of 19 November 2002,",
//!     &unkg::extract::Options::default(),
//! );
//! assert_eq!(ex.citations[0].target, "A/RES/57/32");
//! ```
#![deny(missing_docs)]

pub mod analyze;
pub mod cli;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod link;
pub mod model;
pub mod net;
pub mod push;
pub mod serve;
pub mod source;
pub mod store;
pub mod text;
