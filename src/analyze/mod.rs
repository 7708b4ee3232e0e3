//! Citation-graph analytics: the store's citation network projected onto a petgraph
//! directed graph of Works, and the metrics researchers ask of it.
//!
//! Architecture invariant: reads the store only through [`Store::network`](crate::store::Store::network) (plain rows, no
//! text round trip) and writes back only through [`Store::replace_graph`](crate::store::Store::replace_graph), one named graph
//! per metric with its PROV-O record ([`mod@write`]). Every metric is deterministic: same store,
//! same filter, same parameters, same numbers in the same order.
//!
//! API boundary: [`Projection`] (built with [`Projection::build`] from a [`Network`] and a
//! [`Filter`]), the metrics in [`rank`], [`components`], [`paths`], [`cocite`], [`community`], and [`mod@write`].
//!
//! ```
//! use unkg::analyze::{Filter, Projection, rank};
//! use unkg::store::network::{CitationRow, Network, Quote};
//! let row = |a: &str, b: &str| CitationRow {
//!     citing: a.into(), language: "en".into(), cited: b.into(), function: "cites".into(),
//!     paragraph: None, paragraph_kind: None, lead_verb: None, quote: Quote::default(), start: 0,
//! };
//! let net = Network { citations: vec![row("A/RES/79/1", "A/RES/70/1"), row("A/RES/78/1", "A/RES/70/1")], ..Default::default() };
//! let p = Projection::build(&net, &Filter::default());
//! let pr = rank::pagerank(&p.csr(false), &rank::PageRankParams::default());
//! let top = p.node_of("A/RES/70/1").unwrap();
//! assert!(pr.scores[top.index()] > pr.scores[p.node_of("A/RES/79/1").unwrap().index()]);
//! ```

pub mod cocite;
pub mod community;
pub mod components;
pub mod paths;
pub mod rank;
pub mod write;

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::extract::ParagraphKind;
use crate::model::vocab::CITO_FUNCTIONS;
use crate::store::network::{CitationRow, Network};

/// Errors of the analytics layer.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    /// A symbol asked for is not a node of the projection.
    #[error("no document {0:?} in the citation graph (check the symbol and the filters)")]
    UnknownSymbol(String),
    /// A parameter is out of its range.
    #[error("parameter {name}: {why}")]
    Param {
        /// The parameter.
        name: &'static str,
        /// What is wrong.
        why: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// A node of the projection: one Work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    /// The document's symbol.
    pub symbol: String,
    /// Its title (English when there is one).
    pub title: Option<String>,
    /// The issuing organ: as extracted, or from the symbol's series.
    pub organ: Option<String>,
    /// Document type, when read.
    pub doc_type: Option<String>,
    /// Date, when read.
    pub date: Option<String>,
    /// Year: from the date, else from the symbol (see [`year_of_symbol`]).
    pub year: Option<i32>,
    /// Session: as read, else from a General Assembly symbol.
    pub session: Option<i64>,
    /// Whether a language version was read into the store.
    pub in_corpus: bool,
}

/// An edge: one Work citing another, aggregated over occurrences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Edge {
    /// Citation occurrences, in the language version that has most (translations of one
    /// document do not multiply its citations).
    pub count: u32,
    /// Occurrences in preambular paragraphs (same language rule).
    pub preamble: u32,
    /// Occurrences in operative paragraphs (same language rule).
    pub operative: u32,
    /// The CiTO functions seen, as a bit set over [`CITO_FUNCTIONS`].
    pub functions: u32,
}

impl Edge {
    /// The CiTO functions of this edge, by name.
    pub fn function_names(&self) -> Vec<&'static str> {
        CITO_FUNCTIONS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.functions & (1 << i) != 0)
            .map(|(_, f)| *f)
            .collect()
    }
}

/// Which part of the network to project. Node filters keep an edge when both its ends pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep documents of these organs (case-insensitive; any when empty).
    pub organs: Vec<String>,
    /// Keep documents of sessions in this range (inclusive).
    pub sessions: Option<(i64, i64)>,
    /// Keep documents of years in this range (inclusive).
    pub years: Option<(i32, i32)>,
    /// Keep citations found in this language version only.
    pub language: Option<String>,
    /// Keep citations with these CiTO functions (any when empty).
    pub functions: Vec<String>,
    /// Keep citations in paragraphs of this kind only.
    pub paragraph: Option<ParagraphKind>,
    /// Keep only documents read into the store (drop cited documents that were not).
    pub in_corpus_only: bool,
}

impl Filter {
    /// A one-line description, recorded with stored results.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.organs.is_empty() {
            parts.push(format!("organ={}", self.organs.join("|")));
        }
        if let Some((a, b)) = self.sessions {
            parts.push(format!("sessions={a}-{b}"));
        }
        if let Some((a, b)) = self.years {
            parts.push(format!("years={a}-{b}"));
        }
        if let Some(l) = &self.language {
            parts.push(format!("language={l}"));
        }
        if !self.functions.is_empty() {
            parts.push(format!("function={}", self.functions.join("|")));
        }
        if let Some(k) = self.paragraph {
            parts.push(format!("paragraph={}", k.as_str()));
        }
        if self.in_corpus_only {
            parts.push("in-corpus".into());
        }
        if parts.is_empty() {
            "all documents and citations".into()
        } else {
            parts.join(" ")
        }
    }

    fn keeps_node(&self, n: &Node) -> bool {
        (!self.in_corpus_only || n.in_corpus)
            && (self.organs.is_empty()
                || n.organ
                    .as_deref()
                    .is_some_and(|o| self.organs.iter().any(|x| x.eq_ignore_ascii_case(o))))
            && self
                .sessions
                .is_none_or(|(a, b)| n.session.is_some_and(|s| (a..=b).contains(&s)))
            && self
                .years
                .is_none_or(|(a, b)| n.year.is_some_and(|y| (a..=b).contains(&y)))
    }

    fn keeps_citation(&self, c: &CitationRow) -> bool {
        self.language.as_deref().is_none_or(|l| l == c.language)
            && (self.functions.is_empty() || self.functions.contains(&c.function))
            && self.paragraph.is_none_or(|k| c.paragraph_kind == Some(k))
    }
}

/// The year a symbol gives away: `S/RES/661 (1990)` → 1990, `E/RES/2023/10` → 2023,
/// `A/RES/70/1` → 2015 (session 70 opened in September 2015: 1945 + session),
/// `A/RES/217(III)` → 1948 (session III).
///
/// ```
/// use unkg::analyze::year_of_symbol;
/// assert_eq!(year_of_symbol("S/RES/661 (1990)"), Some(1990));
/// assert_eq!(year_of_symbol("A/RES/70/1"), Some(2015));
/// assert_eq!(year_of_symbol("A/RES/217(III)"), Some(1948));
/// assert_eq!(year_of_symbol("E/RES/2023/10"), Some(2023));
/// assert_eq!(year_of_symbol("A/HRC/RES/31/20"), None);
/// ```
pub fn year_of_symbol(symbol: &str) -> Option<i32> {
    if let Some(open) = symbol.rfind(" (") {
        let y = symbol[open + 2..].strip_suffix(')')?;
        return y.parse().ok().filter(|y| (1945..=2100).contains(y));
    }
    let parts: Vec<&str> = symbol.split('/').collect();
    match parts.as_slice() {
        ["E", "RES" | "DEC", y, ..] if y.len() == 4 => y.parse().ok(),
        ["A", "RES" | "DEC", s, ..] => ga_session(s).map(|s| 1945 + s as i32),
        _ => None,
    }
}

/// The General Assembly session of `70` or `217(III)` (the Roman numeral of old symbols).
fn ga_session(part: &str) -> Option<i64> {
    if let Ok(n) = part.parse::<i64>() {
        return (1..200).contains(&n).then_some(n);
    }
    let roman = part.split_once('(')?.1.strip_suffix(')')?;
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Option<Vec<i64>> = roman.chars().map(value).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|n| n > d) {
            total -= d;
        } else {
            total += d;
        }
    }
    (total > 0).then_some(total)
}

/// The session a General Assembly symbol gives away: `A/RES/70/1` → 70.
pub fn session_of_symbol(symbol: &str) -> Option<i64> {
    match symbol.split('/').collect::<Vec<_>>().as_slice() {
        ["A", "RES" | "DEC", s, ..] => ga_session(s),
        _ => None,
    }
}

/// The citation network as a petgraph directed graph of Works, with the citation rows kept
/// for their context (paths and exports show the words that cite).
#[derive(Debug, Clone, Default)]
pub struct Projection {
    /// Works as nodes, citing → cited edges.
    pub graph: DiGraph<Node, Edge>,
    /// The citation occurrences kept by the filter, sorted by citing symbol, language, offset.
    pub citations: Vec<CitationRow>,
    /// The bodies each kept document addresses: symbol → (body id, English name), sorted.
    pub bodies: BTreeMap<String, Vec<(String, String)>>,
    index: HashMap<String, NodeIndex>,
    filter: Filter,
}

impl Projection {
    /// Projects the network. Nodes are added in symbol order, so node indices (and every
    /// metric's tie-breaking) are the same on every run. Cost: O(W + C) for W Works and C
    /// citation occurrences.
    pub fn build(net: &Network, filter: &Filter) -> Projection {
        let mut p = Projection {
            filter: filter.clone(),
            ..Projection::default()
        };
        let mut symbols: Vec<&str> = net.works.keys().map(String::as_str).collect();
        for c in &net.citations {
            symbols.push(&c.citing);
            symbols.push(&c.cited);
        }
        symbols.sort_unstable();
        symbols.dedup();
        for s in symbols {
            let info = net.works.get(s);
            let date = info.and_then(|w| w.date.clone());
            let node = Node {
                symbol: s.to_string(),
                title: info.and_then(|w| w.title()).map(str::to_string),
                organ: info
                    .and_then(|w| w.organ.clone())
                    .or_else(|| crate::extract::issuing_body_of(s).map(str::to_string)),
                doc_type: info.and_then(|w| w.doc_type.clone()),
                year: date
                    .as_deref()
                    .and_then(|d| d.get(..4))
                    .and_then(|y| y.parse().ok())
                    .or_else(|| year_of_symbol(s)),
                date,
                session: info
                    .and_then(|w| w.session)
                    .or_else(|| session_of_symbol(s)),
                in_corpus: info.is_some_and(|w| w.in_corpus),
            };
            if filter.keeps_node(&node) {
                let i = p.graph.add_node(node);
                p.index.insert(s.to_string(), i);
            }
        }
        // Per (citing, cited, language): occurrences; the edge keeps the largest language.
        let mut per_lang: BTreeMap<(NodeIndex, NodeIndex, &str), Edge> = BTreeMap::new();
        for c in &net.citations {
            if !filter.keeps_citation(c) {
                continue;
            }
            let (Some(&a), Some(&b)) = (p.index.get(&c.citing), p.index.get(&c.cited)) else {
                continue;
            };
            let e = per_lang.entry((a, b, &c.language)).or_default();
            e.count += 1;
            match c.paragraph_kind {
                Some(ParagraphKind::Preamble) => e.preamble += 1,
                Some(ParagraphKind::Operative) => e.operative += 1,
                _ => {}
            }
            if let Some(i) = CITO_FUNCTIONS.iter().position(|f| *f == c.function) {
                e.functions |= 1 << i;
            }
            p.citations.push(c.clone());
        }
        let mut edges: BTreeMap<(NodeIndex, NodeIndex), Edge> = BTreeMap::new();
        for ((a, b, _), e) in per_lang {
            let agg = edges.entry((a, b)).or_default();
            agg.count = agg.count.max(e.count);
            agg.preamble = agg.preamble.max(e.preamble);
            agg.operative = agg.operative.max(e.operative);
            agg.functions |= e.functions;
        }
        for ((a, b), e) in edges {
            p.graph.add_edge(a, b, e);
        }
        for m in &net.mentions {
            if p.index.contains_key(&m.symbol) {
                let v = p.bodies.entry(m.symbol.clone()).or_default();
                let b = (m.body.clone(), m.body_name.clone());
                if !v.contains(&b) {
                    v.push(b);
                    v.sort();
                }
            }
        }
        p
    }

    /// The sub-projection of the nodes where `keep` is true (indexed by node), with the edges,
    /// citations and bodies among them. Node order is kept. O(V + E + C).
    pub fn retain(&self, keep: &[bool]) -> Projection {
        let mut p = Projection {
            filter: self.filter.clone(),
            ..Projection::default()
        };
        let mut map = vec![None; self.graph.node_count()];
        for v in self.graph.node_indices() {
            if keep.get(v.index()).copied().unwrap_or(false) {
                let i = p.graph.add_node(self.graph[v].clone());
                p.index.insert(self.graph[v].symbol.clone(), i);
                map[v.index()] = Some(i);
            }
        }
        for e in self.graph.edge_references() {
            if let (Some(a), Some(b)) = (map[e.source().index()], map[e.target().index()]) {
                p.graph.add_edge(a, b, *e.weight());
            }
        }
        p.citations = self
            .citations
            .iter()
            .filter(|c| p.index.contains_key(&c.citing) && p.index.contains_key(&c.cited))
            .cloned()
            .collect();
        p.bodies = self
            .bodies
            .iter()
            .filter(|(s, _)| p.index.contains_key(*s))
            .map(|(s, b)| (s.clone(), b.clone()))
            .collect();
        p
    }

    /// The sub-projection of the `n` nodes with the highest `scores` (ties by symbol).
    pub fn top(&self, scores: &[f64], n: usize) -> Projection {
        let mut order: Vec<usize> = (0..self.graph.node_count()).collect();
        order.sort_by(|&a, &b| {
            scores[b].total_cmp(&scores[a]).then_with(|| {
                self.graph[NodeIndex::new(a)]
                    .symbol
                    .cmp(&self.graph[NodeIndex::new(b)].symbol)
            })
        });
        let mut keep = vec![false; self.graph.node_count()];
        for &v in order.iter().take(n) {
            keep[v] = true;
        }
        self.retain(&keep)
    }

    /// The documents that address (mention) a body, by its gazetteer id or English name
    /// (case-insensitive): `(id, name, documents in node order)`, or `None` when no document
    /// of the projection does. O(documents × bodies each).
    pub fn addressing(&self, body: &str) -> Option<(String, String, Vec<NodeIndex>)> {
        let key = body.to_lowercase();
        let mut found: Option<(String, String)> = None;
        let mut docs = Vec::new();
        for (symbol, bodies) in &self.bodies {
            if let Some((id, n)) = bodies
                .iter()
                .find(|(id, n)| id.to_lowercase() == key || n.to_lowercase() == key)
                && let Some(v) = self.node_of(symbol)
            {
                found.get_or_insert_with(|| (id.clone(), n.clone()));
                docs.push(v);
            }
        }
        docs.sort_unstable();
        found.map(|(id, n)| (id, n, docs))
    }

    /// The filter this projection was built with.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The node of a symbol, if it passed the filter.
    pub fn node_of(&self, symbol: &str) -> Option<NodeIndex> {
        self.index.get(symbol).copied()
    }

    /// The node of a symbol, or an error naming it.
    pub fn require(&self, symbol: &str) -> Result<NodeIndex, AnalyzeError> {
        self.node_of(symbol)
            .ok_or_else(|| AnalyzeError::UnknownSymbol(symbol.to_string()))
    }

    /// The citation occurrences by which `a` cites `b` (every language version).
    pub fn citations_between(&self, a: NodeIndex, b: NodeIndex) -> Vec<&CitationRow> {
        let (sa, sb) = (&self.graph[a].symbol, &self.graph[b].symbol);
        let from = self.citations.partition_point(|c| c.citing < *sa);
        self.citations[from..]
            .iter()
            .take_while(|c| c.citing == *sa)
            .filter(|c| c.cited == *sb)
            .collect()
    }

    /// The graph in compressed sparse row form for the iterative metrics: edge weights are
    /// the occurrence counts when `weighted`, 1 otherwise.
    pub fn csr(&self, weighted: bool) -> rank::Csr {
        rank::Csr::from_graph(&self.graph, |e| if weighted { e.count as f64 } else { 1.0 })
    }

    /// Number of Works and of citing relations.
    pub fn size(&self) -> (usize, usize) {
        (self.graph.node_count(), self.graph.edge_count())
    }

    /// In- and out-degree of every node: `(in, out, weighted in, weighted out)`. O(V + E).
    pub fn degrees(&self) -> Vec<(u32, u32, u64, u64)> {
        let mut d = vec![(0u32, 0u32, 0u64, 0u64); self.graph.node_count()];
        for e in self.graph.edge_references() {
            let (a, b) = (e.source().index(), e.target().index());
            d[a].1 += 1;
            d[a].3 += e.weight().count as u64;
            d[b].0 += 1;
            d[b].2 += e.weight().count as u64;
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_sessions_from_symbols() {
        assert_eq!(year_of_symbol("A/RES/1(I)"), Some(1946));
        assert_eq!(year_of_symbol("A/RES/ES-10/21"), None);
        assert_eq!(session_of_symbol("A/RES/3314(XXIX)"), Some(29));
        assert_eq!(session_of_symbol("S/RES/661 (1990)"), None);
        assert_eq!(year_of_symbol("S/RES/661 (19x0)"), None);
    }
}
