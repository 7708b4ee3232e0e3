//! The citation network in the formats of graph tools: DOT (Graphviz), GraphML, GEXF 1.3
//! (Gephi), Cytoscape.js JSON, and one self-contained interactive HTML page.
//!
//! Architecture invariant: every format is written from one [`View`] (the projection plus
//! per-node scores), so all of them show the same nodes, edges and attributes. XML goes
//! through quick-xml's writer (escaping is never done by hand); JSON through serde_json.
//! The HTML page inlines the vendored Cytoscape.js (`assets/cytoscape/`), so it opens
//! without a network.

use std::io::{self, Write};

use petgraph::visit::EdgeRef;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde_json::{Value, json};

use crate::analyze::Projection;
use crate::analyze::community::{LouvainParams, louvain};
use crate::analyze::rank::{self, CiteRankParams, PageRankParams};

/// The projection with the scores every format carries as node attributes.
pub struct View<'a> {
    /// The projection.
    pub projection: &'a Projection,
    /// PageRank per node.
    pub pagerank: Vec<f64>,
    /// CiteRank per node.
    pub citerank: Vec<f64>,
    /// Citing documents per node.
    pub in_degree: Vec<u32>,
    /// Cited documents per node.
    pub out_degree: Vec<u32>,
    /// Community per node (0 is the largest).
    pub community: Vec<usize>,
}

impl<'a> View<'a> {
    /// Computes the scores with default parameters; communities by Louvain (seed 0).
    /// Cost O(k (V + E)).
    pub fn new(projection: &'a Projection) -> View<'a> {
        let csr = projection.csr(false);
        let pagerank = rank::pagerank(&csr, &PageRankParams::default()).scores;
        let years: Vec<Option<i32>> = projection.graph.node_weights().map(|n| n.year).collect();
        let citerank = rank::citerank(&csr, &years, &CiteRankParams::default())
            .0
            .scores;
        let d = projection.degrees();
        let community = louvain(&projection.graph, |_| 1.0, &LouvainParams::default()).membership;
        View {
            projection,
            pagerank,
            citerank,
            in_degree: d.iter().map(|x| x.0).collect(),
            out_degree: d.iter().map(|x| x.1).collect(),
            community,
        }
    }

    fn attrs(&self, v: usize) -> Vec<(&'static str, Attr)> {
        let n = &self.projection.graph[petgraph::graph::NodeIndex::new(v)];
        let s = |x: &Option<String>| Attr::Str(x.clone().unwrap_or_default());
        vec![
            ("symbol", Attr::Str(n.symbol.clone())),
            ("title", s(&n.title)),
            ("organ", s(&n.organ)),
            ("date", s(&n.date)),
            ("year", Attr::Int(n.year.map_or(0, i64::from))),
            ("in_corpus", Attr::Bool(n.in_corpus)),
            ("pagerank", Attr::Real(self.pagerank[v])),
            ("citerank", Attr::Real(self.citerank[v])),
            ("in_degree", Attr::Int(self.in_degree[v] as i64)),
            ("out_degree", Attr::Int(self.out_degree[v] as i64)),
            ("community", Attr::Int(self.community[v] as i64)),
        ]
    }
}

enum Attr {
    Str(String),
    Int(i64),
    Real(f64),
    Bool(bool),
}

impl Attr {
    fn text(&self) -> String {
        match self {
            Attr::Str(s) => s.clone(),
            Attr::Int(n) => n.to_string(),
            Attr::Real(x) => format!("{x:e}"),
            Attr::Bool(b) => b.to_string(),
        }
    }
    fn graphml_type(&self) -> &'static str {
        match self {
            Attr::Str(_) => "string",
            Attr::Int(_) => "long",
            Attr::Real(_) => "double",
            Attr::Bool(_) => "boolean",
        }
    }
    fn json(&self) -> Value {
        match self {
            Attr::Str(s) => json!(s),
            Attr::Int(n) => json!(n),
            Attr::Real(x) => json!(x),
            Attr::Bool(b) => json!(b),
        }
    }
}

fn xml_err(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

fn start<'b>(name: &'b str, attrs: &[(&str, &str)]) -> Event<'b> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        e.push_attribute((*k, *v));
    }
    Event::Start(e)
}

fn empty<'b>(name: &'b str, attrs: &[(&str, &str)]) -> Event<'b> {
    let mut e = BytesStart::new(name);
    for (k, v) in attrs {
        e.push_attribute((*k, *v));
    }
    Event::Empty(e)
}

fn end(name: &str) -> Event<'_> {
    Event::End(BytesEnd::new(name))
}

fn text_el<W: Write>(
    w: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    w.write_event(start(name, attrs)).map_err(xml_err)?;
    w.write_event(Event::Text(BytesText::new(text)))
        .map_err(xml_err)?;
    w.write_event(end(name)).map_err(xml_err)
}

const EDGE_ATTRS: &[(&str, &str)] = &[
    ("count", "int"),
    ("preamble", "int"),
    ("operative", "int"),
    ("functions", "string"),
];

/// Writes GraphML (<http://graphml.graphdrawing.org/xmlns>): one `key` per attribute, nodes
/// keyed by symbol, edges with their count, paragraph kinds and functions. O(V + E).
pub fn write_graphml<W: Write>(view: &View<'_>, out: W) -> io::Result<W> {
    let g = &view.projection.graph;
    let mut w = Writer::new_with_indent(out, b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    w.write_event(start(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    ))
    .map_err(xml_err)?;
    if g.node_count() > 0 {
        for (name, a) in &view.attrs(0) {
            w.write_event(empty(
                "key",
                &[
                    ("id", name),
                    ("for", "node"),
                    ("attr.name", name),
                    ("attr.type", a.graphml_type()),
                ],
            ))
            .map_err(xml_err)?;
        }
    }
    for (name, t) in EDGE_ATTRS {
        let id = format!("e_{name}");
        w.write_event(empty(
            "key",
            &[
                ("id", &id),
                ("for", "edge"),
                ("attr.name", name),
                ("attr.type", t),
            ],
        ))
        .map_err(xml_err)?;
    }
    w.write_event(start(
        "graph",
        &[("id", "citations"), ("edgedefault", "directed")],
    ))
    .map_err(xml_err)?;
    for v in g.node_indices() {
        // GraphML ids are NMTOKENs (no `/`, space or parenthesis): `n{index}`, the symbol
        // is the `symbol` attribute.
        let id = format!("n{}", v.index());
        w.write_event(start("node", &[("id", &id)]))
            .map_err(xml_err)?;
        for (name, a) in view.attrs(v.index()) {
            text_el(&mut w, "data", &[("key", name)], &a.text())?;
        }
        w.write_event(end("node")).map_err(xml_err)?;
    }
    for e in g.edge_references() {
        let (id, source, target) = (
            format!("e{}", e.id().index()),
            format!("n{}", e.source().index()),
            format!("n{}", e.target().index()),
        );
        w.write_event(start(
            "edge",
            &[("id", &id), ("source", &source), ("target", &target)],
        ))
        .map_err(xml_err)?;
        let x = e.weight();
        for (k, v) in [
            ("e_count", x.count.to_string()),
            ("e_preamble", x.preamble.to_string()),
            ("e_operative", x.operative.to_string()),
            ("e_functions", x.function_names().join(" ")),
        ] {
            text_el(&mut w, "data", &[("key", k)], &v)?;
        }
        w.write_event(end("edge")).map_err(xml_err)?;
    }
    w.write_event(end("graph")).map_err(xml_err)?;
    w.write_event(end("graphml")).map_err(xml_err)?;
    let mut out = w.into_inner();
    out.write_all(b"\n")?;
    Ok(out)
}

/// Writes GEXF 1.3 (<http://gexf.net/1.3>, Gephi): static directed graph, node attributes
/// declared in `attributes class="node"`, edge weight = citation count. O(V + E).
pub fn write_gexf<W: Write>(view: &View<'_>, out: W) -> io::Result<W> {
    let g = &view.projection.graph;
    let mut w = Writer::new_with_indent(out, b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    w.write_event(start(
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ],
    ))
    .map_err(xml_err)?;
    w.write_event(start("meta", &[])).map_err(xml_err)?;
    text_el(
        &mut w,
        "creator",
        &[],
        &format!("unkg {}", env!("CARGO_PKG_VERSION")),
    )?;
    text_el(
        &mut w,
        "description",
        &[],
        &format!(
            "UN citation network ({})",
            view.projection.filter().describe()
        ),
    )?;
    w.write_event(end("meta")).map_err(xml_err)?;
    w.write_event(start(
        "graph",
        &[("defaultedgetype", "directed"), ("mode", "static")],
    ))
    .map_err(xml_err)?;
    let gexf_type = |a: &Attr| match a {
        Attr::Str(_) => "string",
        Attr::Int(_) => "long",
        Attr::Real(_) => "double",
        Attr::Bool(_) => "boolean",
    };
    w.write_event(start(
        "attributes",
        &[("class", "node"), ("mode", "static")],
    ))
    .map_err(xml_err)?;
    if g.node_count() > 0 {
        for (i, (name, a)) in view.attrs(0).iter().enumerate() {
            let id = i.to_string();
            w.write_event(empty(
                "attribute",
                &[("id", &id), ("title", name), ("type", gexf_type(a))],
            ))
            .map_err(xml_err)?;
        }
    }
    w.write_event(end("attributes")).map_err(xml_err)?;
    w.write_event(start("nodes", &[])).map_err(xml_err)?;
    for v in g.node_indices() {
        let n = &g[v];
        w.write_event(start("node", &[("id", &n.symbol), ("label", &n.symbol)]))
            .map_err(xml_err)?;
        w.write_event(start("attvalues", &[])).map_err(xml_err)?;
        for (i, (_, a)) in view.attrs(v.index()).iter().enumerate() {
            let (id, value) = (i.to_string(), a.text());
            w.write_event(empty("attvalue", &[("for", &id), ("value", &value)]))
                .map_err(xml_err)?;
        }
        w.write_event(end("attvalues")).map_err(xml_err)?;
        w.write_event(end("node")).map_err(xml_err)?;
    }
    w.write_event(end("nodes")).map_err(xml_err)?;
    w.write_event(start("edges", &[])).map_err(xml_err)?;
    for e in g.edge_references() {
        let (id, weight) = (format!("e{}", e.id().index()), e.weight().count.to_string());
        let label = e.weight().function_names().join(" ");
        w.write_event(empty(
            "edge",
            &[
                ("id", &id),
                ("source", &g[e.source()].symbol),
                ("target", &g[e.target()].symbol),
                ("weight", &weight),
                ("label", &label),
            ],
        ))
        .map_err(xml_err)?;
    }
    w.write_event(end("edges")).map_err(xml_err)?;
    w.write_event(end("graph")).map_err(xml_err)?;
    w.write_event(end("gexf")).map_err(xml_err)?;
    let mut out = w.into_inner();
    out.write_all(b"\n")?;
    Ok(out)
}

/// A DOT double-quoted string.
fn dot_quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                q.push('\\');
                q.push(c);
            }
            '\n' | '\r' => q.push(' '),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Writes Graphviz DOT: nodes named by symbol, sized by PageRank, filled by organ; edges
/// with their citation count as pen width. O(V + E).
pub fn write_dot<W: Write>(view: &View<'_>, mut out: W) -> io::Result<W> {
    let g = &view.projection.graph;
    let max = view
        .pagerank
        .iter()
        .cloned()
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    writeln!(out, "digraph citations {{")?;
    writeln!(out, "  graph [overlap=false, outputorder=edgesfirst];")?;
    writeln!(
        out,
        "  node [shape=ellipse, style=filled, fontname=\"Helvetica\", fontsize=10];"
    )?;
    writeln!(out, "  edge [arrowsize=0.5, color=\"#00000055\"];")?;
    for v in g.node_indices() {
        let n = &g[v];
        let size = 0.3 + 1.2 * (view.pagerank[v.index()] / max).sqrt();
        let tooltip = n.title.as_deref().unwrap_or(&n.symbol);
        writeln!(
            out,
            "  {} [label={}, tooltip={}, width={size:.2}, height={:.2}, fillcolor={}];",
            dot_quote(&n.symbol),
            dot_quote(&n.symbol),
            dot_quote(tooltip),
            size * 0.6,
            dot_quote(organ_colour(n.organ.as_deref())),
        )?;
    }
    for e in g.edge_references() {
        writeln!(
            out,
            "  {} -> {} [penwidth={:.1}, tooltip={}];",
            dot_quote(&g[e.source()].symbol),
            dot_quote(&g[e.target()].symbol),
            1.0 + (e.weight().count as f64).ln(),
            dot_quote(&e.weight().function_names().join(" ")),
        )?;
    }
    writeln!(out, "}}")?;
    Ok(out)
}

/// A fill colour per organ (the same palette in DOT and HTML).
pub fn organ_colour(organ: Option<&str>) -> &'static str {
    match organ {
        Some("General Assembly") => "#4e79a7",
        Some("Security Council") => "#e15759",
        Some("Economic and Social Council") => "#59a14f",
        Some("Human Rights Council") => "#f28e2b",
        Some("Secretariat") => "#b07aa1",
        Some(_) => "#76b7b2",
        None => "#bab0ac",
    }
}

/// The Cytoscape.js elements: `{"elements": {"nodes": [...], "edges": [...]}}`, each node's
/// `data` holding its attributes and the citations it makes (with their quoted words).
pub fn cytoscape_json(view: &View<'_>) -> Value {
    let p = view.projection;
    let g = &p.graph;
    let nodes: Vec<Value> = g
        .node_indices()
        .map(|v| {
            let mut data = serde_json::Map::new();
            data.insert("id".into(), json!(g[v].symbol));
            for (k, a) in view.attrs(v.index()) {
                data.insert(k.into(), a.json());
            }
            data.insert("colour".into(), json!(organ_colour(g[v].organ.as_deref())));
            json!({ "data": Value::Object(data) })
        })
        .collect();
    let edges: Vec<Value> = g
        .edge_references()
        .map(|e| {
            let x = e.weight();
            json!({ "data": {
                "id": format!("e{}", e.id().index()),
                "source": g[e.source()].symbol,
                "target": g[e.target()].symbol,
                "count": x.count,
                "preamble": x.preamble,
                "operative": x.operative,
                "functions": x.function_names(),
            }})
        })
        .collect();
    json!({ "elements": { "nodes": nodes, "edges": edges } })
}

/// Writes the Cytoscape.js JSON.
pub fn write_cytoscape<W: Write>(view: &View<'_>, mut out: W) -> io::Result<W> {
    serde_json::to_writer(&mut out, &cytoscape_json(view))?;
    writeln!(out)?;
    Ok(out)
}

/// The citations each document makes, with their words: symbol → list of
/// `[cited, language, paragraph, function, prefix, exact, suffix]`, at most `per_node` each.
fn citations_json(p: &Projection, per_node: usize) -> Value {
    let mut map = serde_json::Map::new();
    let mut i = 0;
    while i < p.citations.len() {
        let citing = &p.citations[i].citing;
        let j = i + p.citations[i..]
            .iter()
            .take_while(|c| c.citing == *citing)
            .count();
        let list: Vec<Value> = p.citations[i..j]
            .iter()
            .take(per_node)
            .map(|c| {
                json!([
                    c.cited,
                    c.language,
                    c.paragraph.clone().unwrap_or_default(),
                    c.function,
                    c.quote.prefix,
                    c.quote.exact,
                    c.quote.suffix
                ])
            })
            .collect();
        map.insert(citing.clone(), json!({ "n": j - i, "c": list }));
        i = j;
    }
    Value::Object(map)
}

const CYTOSCAPE_JS: &str = include_str!("../../assets/cytoscape/cytoscape.min.js");
const VIEWER_HTML: &str = include_str!("../../assets/viewer.html");

/// Writes the self-contained HTML viewer: Cytoscape.js inlined, the graph and each
/// document's citations embedded as JSON, a force-directed layout (Cytoscape's `cose`),
/// nodes sized by PageRank and coloured by organ or community, search by symbol, a panel
/// listing a clicked document's citations with their words, and a year slider.
pub fn write_html<W: Write>(view: &View<'_>, mut out: W) -> io::Result<W> {
    let data = json!({
        "graph": cytoscape_json(view),
        "citations": citations_json(view.projection, 200),
        "projection": view.projection.filter().describe(),
        "generator": format!("unkg {}", env!("CARGO_PKG_VERSION")),
    });
    // `</` inside a script element would end it: JSON allows `<\/`.
    let data = serde_json::to_string(&data)?.replace("</", "<\\/");
    let page = VIEWER_HTML
        .replacen(
            "/*CYTOSCAPE*/",
            &CYTOSCAPE_JS.replace("</script", "<\\/script"),
            1,
        )
        .replacen("\"__DATA__\"", &data, 1);
    out.write_all(page.as_bytes())?;
    Ok(out)
}
