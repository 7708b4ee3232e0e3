//! SPARQL over the store: the named-query library in `queries/`, safe parameter binding, and
//! result writers.
//!
//! Architecture invariant: a parameter is bound as an RDF term (a `VALUES` row joined into the
//! parsed query's algebra), never pasted into the query text, so no value can change what a
//! query does.
//! The default graph of every query is the union of all named graphs: a triple asserted by two
//! documents appears twice in it, so library queries count with `DISTINCT` where that matters.

use std::io::Write;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator};

/// Stops a running query from another thread ([`RunOptions::cancel`]).
pub use oxigraph::sparql::CancellationToken;
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use spargebra::{Query as SQuery, SparqlParser};

use super::{PREFIXES, RdfOutput, Store, StoreError};

/// The query library, compiled into the binary: `(name, text)` for every `queries/*.rq`.
pub const LIBRARY: &[(&str, &str)] = &[
    ("cites", include_str!("../../queries/cites.rq")),
    ("cited-by", include_str!("../../queries/cited-by.rq")),
    ("most-cited", include_str!("../../queries/most-cited.rq")),
    (
        "most-cited-by-session",
        include_str!("../../queries/most-cited-by-session.rq"),
    ),
    (
        "most-cited-by-organ",
        include_str!("../../queries/most-cited-by-organ.rq"),
    ),
    (
        "bodies-addressed",
        include_str!("../../queries/bodies-addressed.rq"),
    ),
    (
        "documents-addressing-body",
        include_str!("../../queries/documents-addressing-body.rq"),
    ),
    (
        "citation-chain",
        include_str!("../../queries/citation-chain.rq"),
    ),
    (
        "cites-instrument",
        include_str!("../../queries/cites-instrument.rq"),
    ),
    ("co-cited", include_str!("../../queries/co-cited.rq")),
    (
        "not-in-corpus",
        include_str!("../../queries/not-in-corpus.rq"),
    ),
    (
        "language-disagreements",
        include_str!("../../queries/language-disagreements.rq"),
    ),
    (
        "language-coverage",
        include_str!("../../queries/language-coverage.rq"),
    ),
    (
        "citation-functions",
        include_str!("../../queries/citation-functions.rq"),
    ),
    ("documents", include_str!("../../queries/documents.rq")),
    (
        "paragraph-citations",
        include_str!("../../queries/paragraph-citations.rq"),
    ),
    ("provenance", include_str!("../../queries/provenance.rq")),
    (
        "describe-work",
        include_str!("../../queries/describe-work.rq"),
    ),
    (
        "registry-links",
        include_str!("../../queries/registry-links.rq"),
    ),
    (
        "citation-problems",
        include_str!("../../queries/citation-problems.rq"),
    ),
    (
        "citation-error-rate",
        include_str!("../../queries/citation-error-rate.rq"),
    ),
    (
        "top-pagerank",
        include_str!("../../queries/top-pagerank.rq"),
    ),
];

/// What a library query's header comment says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryInfo {
    /// The name (`--name`).
    pub name: String,
    /// What it answers.
    pub purpose: String,
    /// Parameter names it needs (`--param NAME=VALUE`).
    pub params: Vec<String>,
    /// Result columns (or `triples` for CONSTRUCT/DESCRIBE).
    pub columns: Vec<String>,
}

/// Reads the header of a query: lines `# purpose:`, `# params:`, `# columns:` before the
/// first non-comment line. Continuation lines (`#   …`) extend the purpose.
pub fn info(name: &str, text: &str) -> QueryInfo {
    let mut qi = QueryInfo {
        name: name.to_string(),
        ..QueryInfo::default()
    };
    let mut in_purpose = false;
    for line in text.lines() {
        let Some(c) = line.trim_start().strip_prefix('#') else {
            if line.trim().is_empty() {
                continue;
            }
            break;
        };
        let c = c.trim();
        let list = |v: &str| -> Vec<String> {
            v.split(',')
                .map(|s| s.trim().trim_start_matches('?').to_string())
                .filter(|s| !s.is_empty() && s != "none")
                .collect()
        };
        if let Some(v) = c.strip_prefix("purpose:") {
            qi.purpose = v.trim().to_string();
            in_purpose = true;
        } else if let Some(v) = c.strip_prefix("params:") {
            qi.params = list(v.split('(').next().unwrap_or(""));
            in_purpose = false;
        } else if let Some(v) = c.strip_prefix("columns:") {
            qi.columns = list(v);
            in_purpose = false;
        } else if in_purpose && !c.is_empty() && !c.contains(':') {
            qi.purpose.push(' ');
            qi.purpose.push_str(c);
        } else {
            in_purpose = false;
        }
    }
    qi
}

/// The library query of that name.
pub fn named(name: &str) -> Result<&'static str, StoreError> {
    LIBRARY
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| StoreError::UnknownQuery(name.to_string()))
}

/// Turns a `--param` value into a term: `<iri>` is an IRI, an integer is an `xsd:integer`,
/// anything else a plain string literal.
pub fn param_term(value: &str) -> Result<Term, String> {
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return NamedNode::new(iri)
            .map(Term::from)
            .map_err(|e| format!("not an IRI: {e}"));
    }
    if !value.is_empty()
        && value
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit())
        && value != "-"
        && let Ok(n) = value.parse::<i64>()
    {
        return Ok(Literal::from(n).into());
    }
    Ok(Literal::new_simple_literal(value).into())
}

/// The results of a query, not yet read.
pub struct Results {
    name: String,
    inner: QueryResults<'static>,
}

/// The results of a query, read into memory.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// SELECT: column names and rows (`None` for an unbound cell).
    Solutions {
        /// Column names, without `?`.
        variables: Vec<String>,
        /// One entry per solution.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT / DESCRIBE.
    Graph(Vec<Triple>),
}

/// Output formats of query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsOutput {
    /// SPARQL JSON results.
    Json,
    /// SPARQL CSV results.
    Csv,
    /// SPARQL TSV results.
    Tsv,
    /// SPARQL XML results.
    Xml,
    /// An RDF format, for CONSTRUCT and DESCRIBE.
    Rdf(RdfOutput),
}

/// How a query runs beyond its text and parameters: its RDF dataset and a way to stop it.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Graphs whose merge is the default graph (the SPARQL protocol's `default-graph-uri`).
    /// When empty, the query's own `FROM` decides, or else the union of all graphs.
    pub default_graphs: Vec<NamedNode>,
    /// The named graphs `GRAPH` may see (`named-graph-uri`). When empty, the query's own
    /// `FROM NAMED` decides, or else every graph.
    pub named_graphs: Vec<NamedNode>,
    /// Cancelling this token stops the query: reading its results then fails with
    /// [`StoreError::Cancelled`].
    pub cancel: Option<CancellationToken>,
}

/// Runs a query on the store with parameters bound as terms. `name` is used in messages.
///
/// Each parameter becomes a one-row `VALUES` table joined into the query's `WHERE` pattern,
/// below its filters, grouping and projection (the algebra is rewritten; the text is never
/// touched), so a parameter may be used anywhere in the pattern without being a result column.
pub fn run(
    store: &Store,
    name: &str,
    sparql: &str,
    params: &[(String, String)],
) -> Result<Results, StoreError> {
    for d in &info(name, sparql).params {
        if !params.iter().any(|(k, _)| k == d) {
            return Err(StoreError::Param {
                param: d.clone(),
                why: format!("query {name} needs it: --param {d}=VALUE"),
            });
        }
    }
    run_with(store, name, sparql, params, &RunOptions::default())
}

/// [`run`] with a dataset and a cancellation token (the SPARQL protocol's needs). Unlike
/// [`run`], it does not ask for the parameters a `# params:` header declares: a query sent
/// over the protocol is run as it stands.
pub fn run_with(
    store: &Store,
    name: &str,
    sparql: &str,
    params: &[(String, String)],
    opts: &RunOptions,
) -> Result<Results, StoreError> {
    let syntax = |e: String| StoreError::QuerySyntax {
        name: name.into(),
        message: e,
    };
    let mut parser = SparqlParser::new();
    for (p, ns) in PREFIXES {
        parser = parser
            .with_prefix(*p, *ns)
            .map_err(|e| syntax(e.to_string()))?;
    }
    let mut query = parser
        .parse_query(sparql)
        .map_err(|e| syntax(e.to_string()))?;
    let text = query.to_string();
    for (k, v) in params {
        let var =
            Variable::new(k.trim_start_matches(['?', '$'])).map_err(|e| StoreError::Param {
                param: k.clone(),
                why: e.to_string(),
            })?;
        if !mentions(&text, var.as_str()) {
            return Err(StoreError::Param {
                param: k.clone(),
                why: format!("query {name} has no variable {var}"),
            });
        }
        let term = match param_term(v).map_err(|why| StoreError::Param {
            param: format!("{k}={v}"),
            why,
        })? {
            Term::NamedNode(n) => GroundTerm::NamedNode(n),
            Term::Literal(l) => GroundTerm::Literal(l),
            _ => {
                return Err(StoreError::Param {
                    param: k.clone(),
                    why: "not an IRI or a literal".into(),
                });
            }
        };
        let values = GraphPattern::Values {
            variables: vec![var],
            bindings: vec![vec![Some(term)]],
        };
        query = match query {
            SQuery::Select {
                dataset,
                pattern,
                base_iri,
            } => SQuery::Select {
                dataset,
                pattern: bind(pattern, values),
                base_iri,
            },
            SQuery::Construct {
                template,
                dataset,
                pattern,
                base_iri,
            } => SQuery::Construct {
                template,
                dataset,
                pattern: bind(pattern, values),
                base_iri,
            },
            SQuery::Describe {
                dataset,
                pattern,
                base_iri,
            } => SQuery::Describe {
                dataset,
                pattern: bind(pattern, values),
                base_iri,
            },
            SQuery::Ask {
                dataset,
                pattern,
                base_iri,
            } => SQuery::Ask {
                dataset,
                pattern: bind(pattern, values),
                base_iri,
            },
        };
    }
    let mut evaluator = SparqlEvaluator::new();
    if let Some(token) = &opts.cancel {
        evaluator = evaluator.with_cancellation_token(token.clone());
    }
    let mut prepared = evaluator.for_query(query);
    let dataset = prepared.dataset_mut();
    if !opts.default_graphs.is_empty() || !opts.named_graphs.is_empty() {
        // The protocol's graph lists replace the query's FROM and FROM NAMED entirely.
        if opts.default_graphs.is_empty() {
            dataset.set_default_graph_as_union();
        } else {
            dataset.set_default_graph(
                opts.default_graphs
                    .iter()
                    .cloned()
                    .map(GraphName::NamedNode)
                    .collect(),
            );
        }
        if !opts.named_graphs.is_empty() {
            dataset.set_available_named_graphs(
                opts.named_graphs
                    .iter()
                    .cloned()
                    .map(NamedOrBlankNode::NamedNode)
                    .collect(),
            );
        }
    } else if dataset.is_default_dataset() {
        // Documents live in named graphs; without FROM a query sees them all merged.
        dataset.set_default_graph_as_union();
    }
    let inner = prepared
        .on_store(store.oxigraph())
        .execute()
        .map_err(|e| eval_err(name, e))?;
    Ok(Results {
        name: name.to_string(),
        inner,
    })
}

/// Whether `?name` or `$name` occurs in the query text as a whole variable name.
fn mentions(text: &str, name: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(name).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + name.len()).copied();
        matches!(before, Some(b'?' | b'$'))
            && !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Joins `values` into the query's `WHERE` pattern, below the solution modifiers, grouping,
/// filters and `BIND`s that wrap it, so that filters see the bound value and aggregates count
/// only matching rows.
fn bind(pattern: GraphPattern, values: GraphPattern) -> GraphPattern {
    use GraphPattern as G;
    match pattern {
        G::Project { inner, variables } => G::Project {
            inner: Box::new(bind(*inner, values)),
            variables,
        },
        G::Distinct { inner } => G::Distinct {
            inner: Box::new(bind(*inner, values)),
        },
        G::Reduced { inner } => G::Reduced {
            inner: Box::new(bind(*inner, values)),
        },
        G::Slice {
            inner,
            start,
            length,
        } => G::Slice {
            inner: Box::new(bind(*inner, values)),
            start,
            length,
        },
        G::OrderBy { inner, expression } => G::OrderBy {
            inner: Box::new(bind(*inner, values)),
            expression,
        },
        G::Group {
            inner,
            variables,
            aggregates,
        } => G::Group {
            inner: Box::new(bind(*inner, values)),
            variables,
            aggregates,
        },
        G::Filter { expr, inner } => G::Filter {
            expr,
            inner: Box::new(bind(*inner, values)),
        },
        G::Extend {
            inner,
            variable,
            expression,
        } => G::Extend {
            inner: Box::new(bind(*inner, values)),
            variable,
            expression,
        },
        other => push_down(other, values),
    }
}

/// Joins `values` (constant rows) as deep into a group as keeps the meaning: into a `GRAPH`
/// block (a table of constants is the same in every graph), into the side of a join, or the
/// required side of an `OPTIONAL`, that binds all its variables. The evaluator does not move a
/// table into a `GRAPH` block itself, and at the top it would read every document's citations
/// before keeping one document's (1 s instead of milliseconds for `cites` on the corpus).
fn push_down(pattern: GraphPattern, values: GraphPattern) -> GraphPattern {
    use GraphPattern as G;
    let binds_all = |p: &GraphPattern| {
        let G::Values { variables, .. } = &values else {
            return false;
        };
        let bound = certainly_bound(p);
        variables.iter().all(|v| bound.contains(v))
    };
    match pattern {
        G::Graph { name, inner } => {
            let own_name = matches!((&name, &values), (
                spargebra::term::NamedNodePattern::Variable(g),
                G::Values { variables, .. },
            ) if variables.contains(g));
            if own_name {
                G::Join {
                    left: Box::new(values),
                    right: Box::new(G::Graph { name, inner }),
                }
            } else {
                G::Graph {
                    name,
                    inner: Box::new(push_down(*inner, values)),
                }
            }
        }
        G::LeftJoin {
            left,
            right,
            expression,
        } if binds_all(&left) => G::LeftJoin {
            left: Box::new(push_down(*left, values)),
            right,
            expression,
        },
        G::Join { left, right } if binds_all(&left) => G::Join {
            left: Box::new(push_down(*left, values)),
            right,
        },
        G::Join { left, right } if binds_all(&right) => G::Join {
            left,
            right: Box::new(push_down(*right, values)),
        },
        G::Bgp { patterns } => {
            // The evaluator plans a basic graph pattern from its constants, and a table joined
            // beside it is not one: a one-row table's values are also written into the
            // patterns (the join keeps the variables bound, with the same values).
            let patterns = match &values {
                G::Values {
                    variables,
                    bindings,
                } if bindings.len() == 1 => {
                    let row: Vec<(&Variable, &GroundTerm)> = variables
                        .iter()
                        .zip(&bindings[0])
                        .filter_map(|(v, t)| Some((v, t.as_ref()?)))
                        .collect();
                    patterns.into_iter().map(|t| substitute(t, &row)).collect()
                }
                _ => patterns,
            };
            G::Join {
                left: Box::new(values),
                right: Box::new(G::Bgp { patterns }),
            }
        }
        other => G::Join {
            left: Box::new(values),
            right: Box::new(other),
        },
    }
}

/// `t` with the variables of `row` replaced by their values (a value that cannot stand where
/// its variable does, a literal as a subject, leaves the variable).
fn substitute(
    mut t: spargebra::term::TriplePattern,
    row: &[(&Variable, &GroundTerm)],
) -> spargebra::term::TriplePattern {
    use spargebra::term::{NamedNodePattern, TermPattern};
    let value = |v: &Variable| row.iter().find(|(k, _)| *k == v).map(|(_, t)| *t);
    let term = |p: &mut TermPattern, subject: bool| {
        if let TermPattern::Variable(v) = p {
            match value(v) {
                Some(GroundTerm::NamedNode(n)) => *p = TermPattern::NamedNode(n.clone()),
                Some(GroundTerm::Literal(l)) if !subject => *p = TermPattern::Literal(l.clone()),
                _ => {}
            }
        }
    };
    term(&mut t.subject, true);
    term(&mut t.object, false);
    if let NamedNodePattern::Variable(v) = &t.predicate
        && let Some(GroundTerm::NamedNode(n)) = value(v)
    {
        t.predicate = NamedNodePattern::NamedNode(n.clone());
    }
    t
}

/// The variables every solution of `p` binds (a subset: where unsure, left out). Only a
/// variable bound in every row may take a table of values joined below an `OPTIONAL`.
fn certainly_bound(p: &GraphPattern) -> Vec<Variable> {
    use GraphPattern as G;
    use spargebra::term::{NamedNodePattern, TermPattern};
    let mut out = Vec::new();
    match p {
        G::Bgp { patterns } => {
            for t in patterns {
                for term in [&t.subject, &t.object] {
                    if let TermPattern::Variable(v) = term {
                        out.push(v.clone());
                    }
                }
                if let NamedNodePattern::Variable(v) = &t.predicate {
                    out.push(v.clone());
                }
            }
        }
        G::Path {
            subject, object, ..
        } => {
            for term in [subject, object] {
                if let TermPattern::Variable(v) = term {
                    out.push(v.clone());
                }
            }
        }
        G::Join { left, right } => {
            out = certainly_bound(left);
            out.extend(certainly_bound(right));
        }
        G::LeftJoin { left, .. } | G::Minus { left, .. } => out = certainly_bound(left),
        G::Graph { name, inner } => {
            out = certainly_bound(inner);
            if let NamedNodePattern::Variable(v) = name {
                out.push(v.clone());
            }
        }
        G::Filter { inner, .. }
        | G::Extend { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. }
        | G::OrderBy { inner, .. } => out = certainly_bound(inner),
        _ => {}
    }
    out
}

fn eval_err(name: &str, e: QueryEvaluationError) -> StoreError {
    if matches!(e, QueryEvaluationError::Cancelled) {
        return StoreError::Cancelled {
            name: name.to_string(),
        };
    }
    StoreError::QueryEval {
        name: name.to_string(),
        message: e.to_string(),
    }
}

impl Results {
    /// True for CONSTRUCT and DESCRIBE results.
    pub fn is_graph(&self) -> bool {
        matches!(self.inner, QueryResults::Graph(_))
    }

    /// Reads every result into memory.
    pub fn collect(self) -> Result<Answer, StoreError> {
        let name = self.name;
        match self.inner {
            QueryResults::Boolean(b) => Ok(Answer::Boolean(b)),
            QueryResults::Solutions(sol) => {
                let variables: Vec<String> = sol
                    .variables()
                    .iter()
                    .map(|v| v.as_str().to_string())
                    .collect();
                let vars = sol.variables().to_vec();
                let mut rows = Vec::new();
                for s in sol {
                    let s = s.map_err(|e| eval_err(&name, e))?;
                    rows.push(vars.iter().map(|v| s.get(v).cloned()).collect());
                }
                Ok(Answer::Solutions { variables, rows })
            }
            QueryResults::Graph(triples) => {
                let mut out = Vec::new();
                for t in triples {
                    out.push(t.map_err(|e| eval_err(&name, e))?);
                }
                Ok(Answer::Graph(out))
            }
        }
    }

    /// Writes the results to `out` in `format`, streaming.
    pub fn write<W: Write>(self, format: ResultsOutput, out: W) -> Result<W, StoreError> {
        self.write_capped(format, out, usize::MAX).map(|(w, _)| w)
    }

    /// Writes at most `cap` solutions or triples to `out` in `format`, streaming; the flag
    /// says whether results were left out.
    pub fn write_capped<W: Write>(
        self,
        format: ResultsOutput,
        out: W,
        cap: usize,
    ) -> Result<(W, bool), StoreError> {
        let mut cut = false;
        let w = |source| StoreError::Write {
            what: "query results",
            source,
        };
        let name = self.name;
        let rformat = match format {
            ResultsOutput::Json => Some(QueryResultsFormat::Json),
            ResultsOutput::Csv => Some(QueryResultsFormat::Csv),
            ResultsOutput::Tsv => Some(QueryResultsFormat::Tsv),
            ResultsOutput::Xml => Some(QueryResultsFormat::Xml),
            ResultsOutput::Rdf(_) => None,
        };
        let out = match (self.inner, rformat, format) {
            (QueryResults::Boolean(b), Some(f), _) => QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(out, b)
                .map_err(w),
            (QueryResults::Solutions(sol), Some(f), _) => {
                let mut ser = QueryResultsSerializer::from_format(f)
                    .serialize_solutions_to_writer(out, sol.variables().to_vec())
                    .map_err(w)?;
                for (i, s) in sol.enumerate() {
                    if i == cap {
                        cut = true;
                        break;
                    }
                    let s = s.map_err(|e| eval_err(&name, e))?;
                    ser.serialize(&s).map_err(w)?;
                }
                ser.finish().map_err(w)
            }
            (QueryResults::Graph(triples), None, ResultsOutput::Rdf(r)) => {
                let mut ser = r.serializer().for_writer(out);
                for (i, t) in triples.enumerate() {
                    if i == cap {
                        cut = true;
                        break;
                    }
                    let t = t.map_err(|e| eval_err(&name, e))?;
                    ser.serialize_triple(&t).map_err(w)?;
                }
                ser.finish().map_err(w)
            }
            (QueryResults::Graph(_), Some(_), f) => Err(StoreError::Format {
                format: format!("{f:?}").to_lowercase(),
                why: "CONSTRUCT and DESCRIBE give triples: use turtle, ntriples or jsonld",
            }),
            (_, _, f) => Err(StoreError::Format {
                format: format!("{f:?}").to_lowercase(),
                why: "SELECT and ASK give solutions: use json, csv, tsv or xml",
            }),
        }?;
        Ok((out, cut))
    }
}

/// Runs a SPARQL update on the store, in one transaction. Unlike a build, it keeps no
/// bookkeeping: what it writes is the caller's to keep consistent.
pub fn update(store: &Store, sparql: &str) -> Result<(), StoreError> {
    let syntax = |message: String| StoreError::QuerySyntax {
        name: "update".into(),
        message,
    };
    let mut parser = SparqlParser::new();
    for (p, ns) in PREFIXES {
        parser = parser
            .with_prefix(*p, *ns)
            .map_err(|e| syntax(e.to_string()))?;
    }
    let parsed = parser
        .parse_update(sparql)
        .map_err(|e| syntax(e.to_string()))?;
    SparqlEvaluator::new()
        .for_update(parsed)
        .on_store(store.oxigraph())
        .execute()
        .map_err(|e| StoreError::QueryEval {
            name: "update".into(),
            message: e.to_string(),
        })
}

/// A term as a short human-readable string: IRIs and literals without syntax, so tables read
/// well (`A/RES/60/1`, not `"A/RES/60/1"`).
pub fn display(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `bind` put the table: the path of operators from the root down to it.
    fn path_to_values(p: &GraphPattern) -> Option<Vec<&'static str>> {
        use GraphPattern as G;
        let (name, children): (&'static str, Vec<&GraphPattern>) = match p {
            G::Values { .. } => return Some(Vec::new()),
            G::Graph { inner, .. } => ("graph", vec![inner]),
            G::Join { left, right } => ("join", vec![left, right]),
            G::LeftJoin { left, right, .. } => ("optional", vec![left, right]),
            G::Project { inner, .. }
            | G::OrderBy { inner, .. }
            | G::Extend { inner, .. }
            | G::Filter { inner, .. }
            | G::Distinct { inner }
            | G::Slice { inner, .. } => ("wrap", vec![inner]),
            _ => return None,
        };
        children.into_iter().find_map(|c| {
            let mut rest = path_to_values(c)?;
            rest.insert(0, name);
            Some(rest)
        })
    }

    fn bound(query: &str, var: &str) -> Vec<&'static str> {
        let Ok(SQuery::Select { pattern, .. }) = SparqlParser::new().parse_query(query) else {
            panic!("not a SELECT: {query}");
        };
        let values = GraphPattern::Values {
            variables: vec![Variable::new_unchecked(var)],
            bindings: vec![vec![Some(GroundTerm::Literal(Literal::from(
                "A/RES/79/319",
            )))]],
        };
        let bound = bind(pattern, values);
        let mut path = path_to_values(&bound).expect("the table is in the pattern");
        path.retain(|s| *s != "wrap");
        path
    }

    #[test]
    fn parameters_go_into_graph_blocks_and_required_sides() {
        let cites = named("cites").unwrap();
        // Into the GRAPH block and the required side of its OPTIONALs, next to the BGP.
        let path = bound(cites, "symbol");
        assert_eq!(path.first(), Some(&"graph"), "{path:?}");
        assert!(
            path.iter()
                .skip(1)
                .all(|s| *s == "optional" || *s == "join")
        );
        // A variable bound only by an OPTIONAL keeps the table outside it.
        let q = "SELECT * WHERE { ?a <http://x/p> ?b OPTIONAL { ?a <http://x/q> ?c } }";
        assert_eq!(bound(q, "c"), ["join"]);
        // The graph's own name stays outside the block.
        let q = "SELECT * WHERE { GRAPH ?g { ?a <http://x/p> ?b } }";
        assert_eq!(bound(q, "g"), ["join"]);
    }
}
