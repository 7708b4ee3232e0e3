//! Finds the cross products in a SPARQL query that a time limit cannot stop.
//!
//! Oxigraph checks a query's cancellation token each time it reads the store. A join of parts
//! that share no variable is a cross product: once both parts are read, combining them is pure
//! computation, and where that product is itself collected (under an aggregate, an `ORDER BY`,
//! or as one side of another join) no read happens for billions of rows, so the token is never
//! looked at and the query runs on after its deadline. The SPARQL endpoint refuses such queries
//! up front, with the parts named, instead of answering 503 and leaving the work running.
//!
//! The check is static and conservative in one direction only: a part is "bounded" (small
//! whatever the store) when it is a `VALUES` table, a subquery with `LIMIT`, or a pattern fixed
//! by a constant subject, a literal object or a constant object of a predicate other than
//! `rdf:type`. A product involving a bounded part is allowed; so is one product of two unbounded
//! parts streamed straight to the client, which the row cap ends.

use std::collections::BTreeSet;

use spargebra::algebra::{GraphPattern, PropertyPathExpression};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};
use spargebra::{Query, SparqlParser};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// A cross product the time limit cannot interrupt: the parts, written as SPARQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossProduct {
    /// The unconnected parts, each as SPARQL algebra text.
    pub parts: Vec<String>,
}

impl std::fmt::Display for CrossProduct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the query combines parts that share no variable ({}); their cross product is \
             computed without reading the store, so the time limit cannot stop it. Connect the \
             parts through a shared variable, or bound one of them (VALUES, or a subquery with \
             LIMIT)",
            self.parts.join(" and ")
        )
    }
}

/// The first uninterruptible cross product in `sparql`, if any. A query that does not parse
/// gives `None`: the evaluator reports the syntax error.
pub fn find(sparql: &str) -> Option<CrossProduct> {
    let query = SparqlParser::new().parse_query(sparql).ok()?;
    let pattern = match &query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut found = None;
    walk(pattern, None, true, &mut found);
    found
}

/// Visits `p`; `streamed` says whether its rows flow to the client one by one (so the row cap
/// ends a product) rather than being collected by an operator above it.
fn walk(p: &GraphPattern, graph: Option<&str>, streamed: bool, found: &mut Option<CrossProduct>) {
    if found.is_some() {
        return;
    }
    use GraphPattern as G;
    match p {
        G::Bgp { .. } | G::Join { .. } => {
            // A group of joined patterns: the evaluator may join them in any order, so what
            // counts is which of them are connected at all.
            let mut items = Vec::new();
            flatten(p, &mut items);
            let parts: Vec<Vec<Item<'_>>> = components(items.clone(), graph)
                .into_iter()
                .filter(|c| !c.iter().any(Item::bounded))
                .collect();
            if parts.len() >= 3 || (parts.len() == 2 && !streamed) {
                *found = Some(CrossProduct {
                    parts: parts.iter().map(|c| describe(c)).collect(),
                });
                return;
            }
            // Each joined operand may be collected into a table before the others stream by.
            for item in &items {
                if let Item::Pattern(inner) = item {
                    walk(inner, graph, false, found);
                }
            }
        }
        G::LeftJoin { left, right, .. } => {
            if disjoint(left, right) && !bounded(left) && !bounded(right) && !streamed {
                *found = Some(CrossProduct {
                    parts: vec![left.to_string(), right.to_string()],
                });
                return;
            }
            walk(left, graph, false, found);
            walk(right, graph, false, found);
        }
        G::Minus { left, right } => {
            walk(left, graph, streamed, found);
            walk(right, graph, false, found);
        }
        G::Union { left, right } => {
            walk(left, graph, streamed, found);
            walk(right, graph, streamed, found);
        }
        // Every pattern inside `GRAPH ?g` is joined on ?g.
        G::Graph {
            name: NamedNodePattern::Variable(v),
            inner,
        } => walk(inner, Some(v.as_str()), streamed, found),
        G::OrderBy { inner, .. } | G::Group { inner, .. } => walk(inner, graph, false, found),
        _ => {
            if let Some(inner) = wrapped(p) {
                walk(inner, graph, streamed, found);
            }
        }
    }
}

/// The one pattern a filter, projection, modifier or the like wraps (`None` for leaves, joins
/// and unions, and for lateral joins, which exist only with a SPARQL extension).
fn wrapped(p: &GraphPattern) -> Option<&GraphPattern> {
    use GraphPattern as G;
    match p {
        G::Filter { inner, .. }
        | G::Graph { inner, .. }
        | G::Extend { inner, .. }
        | G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. }
        | G::OrderBy { inner, .. }
        | G::Group { inner, .. }
        | G::Service { inner, .. } => Some(inner),
        _ => None,
    }
}

/// Whether the two sides bind no variable in common.
fn disjoint(left: &GraphPattern, right: &GraphPattern) -> bool {
    let mut l = BTreeSet::new();
    left.on_in_scope_variable(|v| {
        l.insert(v.as_str());
    });
    let mut shared = false;
    right.on_in_scope_variable(|v| shared |= l.contains(v.as_str()));
    !shared
}

/// Whether `p` gives few rows whatever the store holds (see the module documentation).
fn bounded(p: &GraphPattern) -> bool {
    use GraphPattern as G;
    match p {
        G::Values { .. } => true,
        G::Bgp { .. } | G::Join { .. } => {
            let mut items = Vec::new();
            flatten(p, &mut items);
            components(items, None)
                .iter()
                .all(|c| c.iter().any(Item::bounded))
        }
        G::Path {
            subject,
            path,
            object,
        } => constant(subject) || (constant(object) && !is_type_path(path)),
        G::Slice { length, inner, .. } => length.is_some() || bounded(inner),
        G::Union { left, right } => bounded(left) && bounded(right),
        G::LeftJoin { left, .. } | G::Minus { left, .. } => bounded(left),
        G::Group {
            variables, inner, ..
        } => variables.is_empty() || bounded(inner),
        _ => wrapped(p).is_some_and(bounded),
    }
}

fn bounded_triple(t: &TriplePattern) -> bool {
    if constant(&t.subject) {
        return true;
    }
    match (&t.object, &t.predicate) {
        (TermPattern::Literal(_), _) => true,
        (TermPattern::NamedNode(_), NamedNodePattern::NamedNode(p)) => p.as_str() != RDF_TYPE,
        _ => false,
    }
}

fn is_type_path(path: &PropertyPathExpression) -> bool {
    matches!(path, PropertyPathExpression::NamedNode(p) if p.as_str() == RDF_TYPE)
}

fn constant(t: &TermPattern) -> bool {
    matches!(t, TermPattern::NamedNode(_) | TermPattern::Literal(_))
}

/// One operand of a group of joined patterns.
#[derive(Clone, Copy)]
enum Item<'a> {
    Triple(&'a TriplePattern),
    Pattern(&'a GraphPattern),
}

impl Item<'_> {
    fn bounded(&self) -> bool {
        match self {
            Item::Triple(t) => bounded_triple(t),
            Item::Pattern(p) => bounded(p),
        }
    }

    /// The variables the operand binds, blank nodes of a triple included (in a basic graph
    /// pattern they join like variables).
    fn names(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self {
            Item::Triple(t) => {
                for term in [&t.subject, &t.object] {
                    match term {
                        TermPattern::Variable(v) => out.push(format!("?{}", v.as_str())),
                        TermPattern::BlankNode(b) => out.push(format!("_:{}", b.as_str())),
                        _ => {}
                    }
                }
                if let NamedNodePattern::Variable(v) = &t.predicate {
                    out.push(format!("?{}", v.as_str()));
                }
            }
            Item::Pattern(p) => p.on_in_scope_variable(|v| out.push(format!("?{}", v.as_str()))),
        }
        out
    }
}

/// The operands of nested joins and basic graph patterns, as one flat list.
fn flatten<'a>(p: &'a GraphPattern, out: &mut Vec<Item<'a>>) {
    match p {
        GraphPattern::Bgp { patterns } => out.extend(patterns.iter().map(Item::Triple)),
        GraphPattern::Join { left, right } => {
            flatten(left, out);
            flatten(right, out);
        }
        other => out.push(Item::Pattern(other)),
    }
}

/// Splits joined operands into connected components (operands linked by a shared variable, or
/// all by the variable `graph` of an enclosing `GRAPH ?g`). Operands with no variable at all
/// join with everything at no cost and are left out.
fn components<'a>(items: Vec<Item<'a>>, graph: Option<&str>) -> Vec<Vec<Item<'a>>> {
    let vars: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let mut names = i.names();
            if let Some(g) = graph
                && !names.is_empty()
            {
                names.push(format!("?{g}"));
            }
            names
        })
        .collect();
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if vars[i].iter().any(|v| vars[j].contains(v)) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: Vec<(usize, Vec<Item<'_>>)> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if vars[i].is_empty() {
            continue;
        }
        let r = root(&mut parent, i);
        match groups.iter_mut().find(|(k, _)| *k == r) {
            Some((_, g)) => g.push(item),
            None => groups.push((r, vec![item])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// A component written as SPARQL-like text for the error message.
fn describe(items: &[Item<'_>]) -> String {
    let text: Vec<String> = items
        .iter()
        .map(|i| match i {
            Item::Triple(t) => t.to_string(),
            Item::Pattern(p) => p.to_string(),
        })
        .collect();
    format!("{{ {} }}", text.join(" . "))
}

#[cfg(test)]
mod tests {
    use super::find;

    const P: &str = "PREFIX u: <http://example.org/> ";

    fn refused(q: &str) -> bool {
        find(&format!("{P}{q}")).is_some()
    }

    #[test]
    fn collected_products_are_refused() {
        for q in [
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d",
            "SELECT (COUNT(*) AS ?n) WHERE { { ?a ?b ?c } { ?d ?e ?f } }",
            "SELECT ?w WHERE { ?w a u:Work . ?x a u:Work } GROUP BY ?w",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c OPTIONAL { ?d ?e ?f } }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STR(?c) = STR(?f)) }",
        ] {
            assert!(refused(q), "{q}");
        }
    }

    #[test]
    fn connected_bounded_or_streamed_queries_pass() {
        for q in [
            "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 10",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?b ?q ?c . ?c ?r ?d }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?w a u:Work . u:x u:p ?o }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?w a u:Work . ?d u:id \"A/RES/79/319\" }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c VALUES ?x { u:a u:b } }",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c { SELECT ?d WHERE { ?d ?e ?f } LIMIT 5 } }",
            "SELECT ?w (COUNT(?c) AS ?n) WHERE { ?w u:cites ?c OPTIONAL { ?w u:title ?t } } \
             GROUP BY ?w ORDER BY DESC(?n)",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?g { ?d ?e ?f } }",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f } }",
            "SELECT * WHERE { { ?a u:p ?b } UNION { ?c u:q ?d } } ORDER BY ?a",
            "ASK { u:a u:b u:c }",
            "not SPARQL at all",
        ] {
            assert!(!refused(q), "{q}");
        }
    }

    #[test]
    fn the_message_names_the_parts() {
        let found = find("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }").unwrap();
        let text = found.to_string();
        assert!(
            text.contains("?a ?b ?c") && text.contains("?d ?e ?f"),
            "{text}"
        );
        assert!(text.contains("share no variable"), "{text}");
    }

    #[test]
    fn library_queries_pass() {
        for (name, text) in crate::store::query::LIBRARY {
            assert!(find(text).is_none(), "queries/{name}.rq: {:?}", find(text));
        }
    }
}
