//! The citation network read straight out of the store as plain rows, for analytics and the
//! network exports: every citation occurrence (citing and cited symbol, language, function,
//! paragraph, quoted text), every Work's metadata, every body a document addresses.
//!
//! Architecture invariant: reads quads by pattern (no SPARQL, no text round trip) and hands
//! out plain Rust values; nothing of Oxigraph leaves this module. Analytics results go back
//! through [`Store::replace_graph`], which writes one named graph of its own whole.

use std::collections::{BTreeMap, HashMap, HashSet};

use oxigraph::model::{
    GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term,
};

use super::{Store, StoreError};
use crate::extract::ParagraphKind;
use crate::model::vocab::{self, CITO, DCTERMS, FRBR, OA, SKOS, UNKG};

/// What the store says about one Work (a cited or citing document).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkInfo {
    /// Its symbol.
    pub symbol: String,
    /// Whether a language version of it was read into the store.
    pub in_corpus: bool,
    /// Issuing organ, as extracted from its text.
    pub organ: Option<String>,
    /// Document type (`resolution`, `decision`…).
    pub doc_type: Option<String>,
    /// Session number.
    pub session: Option<i64>,
    /// Adoption or issue date (`YYYY-MM-DD` when known).
    pub date: Option<String>,
    /// Titles by language code, sorted by language.
    pub titles: Vec<(String, String)>,
}

impl WorkInfo {
    /// The English title, else the first one.
    pub fn title(&self) -> Option<&str> {
        self.titles
            .iter()
            .find(|(l, _)| l == "en")
            .or(self.titles.first())
            .map(|(_, t)| t.as_str())
    }
}

/// One citation occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationRow {
    /// The citing document's symbol.
    pub citing: String,
    /// The language version it occurs in.
    pub language: String,
    /// The cited document's symbol.
    pub cited: String,
    /// The CiTO function (local name, `cites` when none more specific).
    pub function: String,
    /// The paragraph id (`pp1`, `op3`), when known.
    pub paragraph: Option<String>,
    /// The paragraph's kind, when known.
    pub paragraph_kind: Option<ParagraphKind>,
    /// The paragraph's lead verb (English lemma), when known.
    pub lead_verb: Option<String>,
    /// The cited text as written, with up to 32 characters either side.
    pub quote: Quote,
    /// Byte offset of the citation in its language version.
    pub start: u64,
}

/// The words of a citation: its exact text and the context either side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quote {
    /// Text before.
    pub prefix: String,
    /// The citation as written.
    pub exact: String,
    /// Text after.
    pub suffix: String,
}

/// One body addressed (mentioned) by a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionRow {
    /// The document's symbol.
    pub symbol: String,
    /// The language version.
    pub language: String,
    /// The body's gazetteer id.
    pub body: String,
    /// The body's English name.
    pub body_name: String,
}

/// The citation network as plain rows.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Every Work, by symbol.
    pub works: BTreeMap<String, WorkInfo>,
    /// Every citation occurrence, sorted by citing symbol, language, offset.
    pub citations: Vec<CitationRow>,
    /// Every (document, language, body) addressed, sorted.
    pub mentions: Vec<MentionRow>,
}

fn nn(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(vocab::term(ns, local))
}

fn literal(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

fn named(s: &NamedOrBlankNode) -> Option<&str> {
    match s {
        NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}

impl Store {
    fn scan(
        &self,
        predicate: &NamedNode,
        object: Option<&NamedNode>,
    ) -> impl Iterator<Item = Result<Quad, StoreError>> + '_ {
        let err = self.err();
        let it = self.inner.quads_for_pattern(
            None,
            Some(predicate.as_ref()),
            object.map(|o| o.as_ref().into()),
            None,
        );
        it.map(move |q| q.map_err(&err))
    }

    fn literal_of(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: &NamedNode,
        graph: GraphNameRef<'_>,
    ) -> Result<Option<String>, StoreError> {
        let mut it = self.inner.quads_for_pattern(
            Some(NamedOrBlankNodeRef::NamedNode(subject)),
            Some(predicate.as_ref()),
            None,
            Some(graph),
        );
        match it.next() {
            Some(q) => Ok(literal(&q.map_err(self.err())?.object).map(str::to_string)),
            None => Ok(None),
        }
    }

    /// Reads the citation network: every citation occurrence with its context, every Work's
    /// metadata and every body addressed. Cost: a few scans by predicate plus four point
    /// look-ups per citation (its quote and position); linear in the citations and Works stored.
    pub fn network(&self) -> Result<Network, StoreError> {
        self.read_network(true)
    }

    /// [`Store::network`] without the quoted text of each citation (left empty; positions are
    /// read, so citations come in the same order): one point look-up per citation instead of
    /// four, for the metrics that look at the graph only.
    pub fn network_without_quotes(&self) -> Result<Network, StoreError> {
        self.read_network(false)
    }

    fn read_network(&self, quotes: bool) -> Result<Network, StoreError> {
        let base = self.base.clone();
        let mut net = Network::default();
        let work = |net: &mut Network, symbol: &str| {
            if !net.works.contains_key(symbol) {
                net.works.insert(
                    symbol.to_string(),
                    WorkInfo {
                        symbol: symbol.to_string(),
                        ..WorkInfo::default()
                    },
                );
            }
        };

        // Citations: the cited Work, and the citing document and language from the graph.
        let mut cits: HashMap<String, usize> = HashMap::new();
        let mut graphs: Vec<NamedNode> = Vec::new();
        for q in self.scan(&nn(CITO, "hasCitedEntity"), None) {
            let q = q?;
            let (Some(cit), Term::NamedNode(target)) = (named(&q.subject), &q.object) else {
                continue;
            };
            let oxigraph::model::GraphName::NamedNode(g) = &q.graph_name else {
                continue;
            };
            let (Some(cited), Some((language, citing))) = (
                base.parse_work(target.as_str()),
                base.parse_graph(g.as_str()),
            ) else {
                continue;
            };
            work(&mut net, &cited);
            cits.insert(cit.to_string(), net.citations.len());
            graphs.push(g.clone());
            net.citations.push(CitationRow {
                citing,
                language,
                cited,
                function: "cites".into(),
                paragraph: None,
                paragraph_kind: None,
                lead_verb: None,
                quote: Quote::default(),
                start: 0,
            });
        }
        for q in self.scan(&nn(CITO, "hasCitationCharacterization"), None) {
            let q = q?;
            if let (Some(&i), Term::NamedNode(f)) =
                (named(&q.subject).and_then(|s| cits.get(s)), &q.object)
                && let Some(local) = f.as_str().strip_prefix(CITO)
            {
                net.citations[i].function = local.to_string();
            }
        }
        // Paragraphs: which one each citation is in, its kind and its lead verb.
        let mut para_of: HashMap<usize, String> = HashMap::new();
        for q in self.scan(&nn(DCTERMS, "isPartOf"), None) {
            let q = q?;
            if let (Some(&i), Term::NamedNode(p)) =
                (named(&q.subject).and_then(|s| cits.get(s)), &q.object)
            {
                para_of.insert(i, p.as_str().to_string());
            }
        }
        let mut kinds: HashMap<String, ParagraphKind> = HashMap::new();
        for (class, kind) in [
            ("PreambularParagraph", ParagraphKind::Preamble),
            ("OperativeParagraph", ParagraphKind::Operative),
            ("Paragraph", ParagraphKind::Other),
        ] {
            for q in self.scan(
                &NamedNode::new_unchecked(vocab::RDF_TYPE),
                Some(&nn(UNKG, class)),
            ) {
                if let Some(s) = named(&q?.subject) {
                    kinds.insert(s.to_string(), kind);
                }
            }
        }
        let mut verbs: HashMap<String, String> = HashMap::new();
        for q in self.scan(&nn(UNKG, "leadVerb"), None) {
            let q = q?;
            if let (Some(s), Some(v)) = (named(&q.subject), literal(&q.object)) {
                verbs.insert(s.to_string(), v.to_string());
            }
        }
        let (exact, prefix, suffix, start) = (
            nn(OA, "exact"),
            nn(OA, "prefix"),
            nn(OA, "suffix"),
            nn(OA, "start"),
        );
        let cit_ns = format!("{}citation/", base.as_str());
        let ann_ns = format!("{}annotation/", base.as_str());
        for (iri, &i) in &cits {
            if let Some(p) = para_of.get(&i) {
                let row = &mut net.citations[i];
                row.paragraph = p.rsplit_once('#').map(|(_, id)| id.to_string());
                row.paragraph_kind = kinds.get(p).copied();
                row.lead_verb = verbs.get(p).cloned();
            }
            // The annotation of a citation shares its path: `citation/…` ↔ `annotation/…`.
            let Some(rest) = iri.strip_prefix(&cit_ns) else {
                continue;
            };
            let g = GraphNameRef::NamedNode(graphs[i].as_ref());
            let quote = NamedNode::new_unchecked(format!("{ann_ns}{rest}#quote"));
            let position = NamedNode::new_unchecked(format!("{ann_ns}{rest}#position"));
            let row = &mut net.citations[i];
            if quotes {
                row.quote.exact = self
                    .literal_of(quote.as_ref(), &exact, g)?
                    .unwrap_or_default();
                row.quote.prefix = self
                    .literal_of(quote.as_ref(), &prefix, g)?
                    .unwrap_or_default();
                row.quote.suffix = self
                    .literal_of(quote.as_ref(), &suffix, g)?
                    .unwrap_or_default();
            }
            row.start = self
                .literal_of(position.as_ref(), &start, g)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
        }
        net.citations.sort_by(|a, b| {
            (&a.citing, &a.language, a.start, &a.cited).cmp(&(
                &b.citing,
                &b.language,
                b.start,
                &b.cited,
            ))
        });

        // Works: metadata of the documents read, titles of their language versions.
        for q in self.scan(&nn(UNKG, "inCorpus"), None) {
            if let Some(s) = named(&q?.subject).and_then(|s| base.parse_work(s)) {
                work(&mut net, &s);
                if let Some(w) = net.works.get_mut(&s) {
                    w.in_corpus = true;
                }
            }
        }
        for local in ["organ", "documentType", "session"] {
            for q in self.scan(&nn(UNKG, local), None) {
                let q = q?;
                let (Some(s), Some(v)) = (
                    named(&q.subject).and_then(|s| base.parse_work(s)),
                    literal(&q.object),
                ) else {
                    continue;
                };
                if let Some(w) = net.works.get_mut(&s) {
                    match local {
                        "organ" => w.organ = Some(v.to_string()),
                        "documentType" => w.doc_type = Some(v.to_string()),
                        _ => w.session = v.parse().ok(),
                    }
                }
            }
        }
        for q in self.scan(&nn(DCTERMS, "date"), None) {
            let q = q?;
            if let (Some(s), Some(v)) = (
                named(&q.subject).and_then(|s| base.parse_work(s)),
                literal(&q.object),
            ) && let Some(w) = net.works.get_mut(&s)
            {
                w.date = Some(v.to_string());
            }
        }
        let mut expr_work: HashMap<String, String> = HashMap::new();
        for q in self.scan(&nn(FRBR, "realizationOf"), None) {
            let q = q?;
            if let (Some(e), Term::NamedNode(w)) = (named(&q.subject), &q.object)
                && let Some(s) = base.parse_work(w.as_str())
            {
                expr_work.insert(e.to_string(), s);
            }
        }
        for q in self.scan(&nn(DCTERMS, "title"), None) {
            let q = q?;
            if let (Some(e), Term::Literal(l)) = (named(&q.subject), &q.object)
                && let Some(w) = expr_work.get(e).and_then(|s| net.works.get_mut(s))
            {
                let lang = l.language().unwrap_or("").to_string();
                if !w.titles.iter().any(|(x, _)| *x == lang) {
                    w.titles.push((lang, l.value().to_string()));
                    w.titles.sort();
                }
            }
        }

        // Bodies addressed.
        let (notation, label) = (nn(SKOS, "notation"), nn(SKOS, "prefLabel"));
        let mut bodies: HashMap<String, (String, String)> = HashMap::new();
        let mut seen = HashSet::new();
        for q in self.scan(&nn(UNKG, "mentions"), None) {
            let q = q?;
            let (Some(e), Term::NamedNode(b), oxigraph::model::GraphName::NamedNode(g)) =
                (named(&q.subject), &q.object, &q.graph_name)
            else {
                continue;
            };
            let Some((language, symbol)) = base.parse_graph(g.as_str()) else {
                continue;
            };
            if !expr_work.contains_key(e) {
                continue;
            }
            if !bodies.contains_key(b.as_str()) {
                let gr = GraphNameRef::NamedNode(g.as_ref());
                let id = self
                    .literal_of(b.as_ref(), &notation, gr)?
                    .unwrap_or_default();
                let name = self.literal_of(b.as_ref(), &label, gr)?.unwrap_or_default();
                bodies.insert(b.as_str().to_string(), (id, name));
            }
            let (body, body_name) = bodies[b.as_str()].clone();
            if seen.insert((symbol.clone(), language.clone(), body.clone())) {
                net.mentions.push(MentionRow {
                    symbol,
                    language,
                    body,
                    body_name,
                });
            }
        }
        net.mentions.sort_by(|a, b| {
            (&a.symbol, &a.language, &a.body).cmp(&(&b.symbol, &b.language, &b.body))
        });
        Ok(net)
    }
}
