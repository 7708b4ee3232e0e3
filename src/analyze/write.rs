//! Analytics results as triples: one named graph per metric, `{base}analysis/{metric}`,
//! holding one score per Work and the PROV-O record of the run that computed them (which
//! metric, which parameters, which projection, when, by which unkg).
//!
//! Architecture invariant: a metric's graph is replaced whole ([`Store::replace_graph`]),
//! so SPARQL sees the scores of one run, never a mix.

use crate::model::Base;
use crate::model::vocab::{self, PROV, RDFS, UNKG, XSD};
use crate::store::Store;
use crate::store::rdf::{GraphName, Literal, NamedNode, Quad, Term};

use super::AnalyzeError;

/// A metric that can be stored: its name (the graph's last segment) and the unkg property
/// its scores are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// Name in `unkg analyze` and in the graph IRI.
    pub name: &'static str,
    /// Local name of the score property under the unkg namespace.
    pub property: &'static str,
    /// Whether scores are integers (`xsd:integer`) rather than `xsd:double`.
    pub integer: bool,
}

/// Every metric `unkg analyze --write` stores.
pub const METRICS: &[Metric] = &[
    Metric {
        name: "pagerank",
        property: "pageRank",
        integer: false,
    },
    Metric {
        name: "citerank",
        property: "citeRank",
        integer: false,
    },
    Metric {
        name: "age-normalised",
        property: "ageNormalisedInDegree",
        integer: false,
    },
    Metric {
        name: "in-degree",
        property: "inDegree",
        integer: true,
    },
    Metric {
        name: "out-degree",
        property: "outDegree",
        integer: true,
    },
    Metric {
        name: "hubs",
        property: "hubScore",
        integer: false,
    },
    Metric {
        name: "authorities",
        property: "authorityScore",
        integer: false,
    },
    Metric {
        name: "weak-components",
        property: "weakComponent",
        integer: true,
    },
    Metric {
        name: "strong-components",
        property: "strongComponent",
        integer: true,
    },
    Metric {
        name: "communities",
        property: "community",
        integer: true,
    },
];

/// The unkg terms results are written with, for the ontology check.
pub fn terms() -> Vec<String> {
    METRICS
        .iter()
        .map(|m| m.property)
        .chain(["Analysis", "metric", "parameters", "projection"])
        .map(|l| vocab::term(UNKG, l))
        .chain([vocab::term(PROV, "endedAtTime")])
        .collect()
}

/// The metric of that name.
pub fn metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

/// What was run, for the PROV-O record.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    /// The metric.
    pub metric: &'a Metric,
    /// Its parameters, as one line.
    pub parameters: String,
    /// The projection's filter, as one line.
    pub projection: String,
    /// Start, `xsd:dateTime`.
    pub started: String,
    /// End, `xsd:dateTime`.
    pub ended: String,
}

/// The graph a metric's results are stored in.
pub fn graph_iri(base: &Base, metric: &Metric) -> String {
    format!("{}analysis/{}", base.as_str(), metric.name)
}

/// The quads of one run: `work unkg:{property} score` for every `(symbol, score)`, and the
/// run's record. Cost O(V).
pub fn quads(base: &Base, run: &Run<'_>, scores: &[(String, f64)]) -> Vec<Quad> {
    let g = NamedNode::new_unchecked(graph_iri(base, run.metric));
    let gn = GraphName::NamedNode(g.clone());
    let act = NamedNode::new_unchecked(format!("{}#run", g.as_str()));
    let p = |ns: &str, l: &str| NamedNode::new_unchecked(vocab::term(ns, l));
    let typed = |v: String, t: &str| Term::from(Literal::new_typed_literal(v, p(XSD, t)));
    let prop = p(UNKG, run.metric.property);
    let mut out = Vec::with_capacity(scores.len() + 12);
    for (symbol, score) in scores {
        let value = if run.metric.integer {
            typed(format!("{}", *score as i64), "integer")
        } else {
            typed(format!("{score:e}"), "double")
        };
        out.push(Quad::new(
            NamedNode::new_unchecked(base.work(symbol)),
            prop.clone(),
            value,
            gn.clone(),
        ));
    }
    let lit = |s: &str| Term::from(Literal::new_simple_literal(s));
    let agent = NamedNode::new_unchecked(base.agent(env!("CARGO_PKG_VERSION")));
    for (s, pr, o) in [
        (&g, p(vocab::RDF, "type"), Term::from(p(PROV, "Entity"))),
        (&g, p(PROV, "wasGeneratedBy"), act.clone().into()),
        (&act, p(vocab::RDF, "type"), p(PROV, "Activity").into()),
        (&act, p(vocab::RDF, "type"), p(UNKG, "Analysis").into()),
        (&act, p(UNKG, "metric"), lit(run.metric.name)),
        (&act, p(UNKG, "parameters"), lit(&run.parameters)),
        (&act, p(UNKG, "projection"), lit(&run.projection)),
        (
            &act,
            p(PROV, "startedAtTime"),
            typed(run.started.clone(), "dateTime"),
        ),
        (
            &act,
            p(PROV, "endedAtTime"),
            typed(run.ended.clone(), "dateTime"),
        ),
        (&act, p(PROV, "wasAssociatedWith"), agent.clone().into()),
        (
            &agent,
            p(vocab::RDF, "type"),
            p(PROV, "SoftwareAgent").into(),
        ),
        (
            &agent,
            p(RDFS, "label"),
            lit(&format!("unkg {}", env!("CARGO_PKG_VERSION"))),
        ),
    ] {
        out.push(Quad::new(s.clone(), pr, o, gn.clone()));
    }
    out
}

/// Stores one run's scores, replacing what that metric stored before.
pub fn store(
    store: &Store,
    run: &Run<'_>,
    scores: &[(String, f64)],
) -> Result<usize, AnalyzeError> {
    let q = quads(store.base(), run, scores);
    let g = NamedNode::new_unchecked(graph_iri(store.base(), run.metric));
    store.replace_graph(&g, &q)?;
    Ok(q.len())
}
