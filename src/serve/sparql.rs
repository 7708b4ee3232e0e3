//! The SPARQL 1.1 Protocol (`/sparql`, `/update`), the Graph Store Protocol (`/store`), the
//! service description, and builds through the running server (`/build`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, PoisonError};
use std::time::Duration;

use oxhttp::model::header::HOST;
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};

use super::State;
use super::http::{self, ApiError};
use crate::model::vocab;
use crate::store::build::{BuildOptions, Quiet, build as build_store};
use crate::store::products;
use crate::store::query::{self, ResultsOutput, RunOptions};
use crate::store::rdf::{BlankNode, Literal, NamedNode, Triple};
use crate::store::{RdfOutput, StoreError, write_triples};

/// Media types of SELECT and ASK results, preferred first.
const RESULTS: &[(&str, ResultsOutput)] = &[
    ("application/sparql-results+json", ResultsOutput::Json),
    ("application/json", ResultsOutput::Json),
    ("application/sparql-results+xml", ResultsOutput::Xml),
    ("application/xml", ResultsOutput::Xml),
    ("text/csv", ResultsOutput::Csv),
    ("text/tab-separated-values", ResultsOutput::Tsv),
];

/// Media types of RDF graphs (CONSTRUCT, DESCRIBE, service description, Linked Data).
pub(crate) const GRAPHS: &[(&str, RdfOutput)] = &[
    ("text/turtle", RdfOutput::Turtle),
    ("application/n-triples", RdfOutput::NTriples),
    ("application/rdf+xml", RdfOutput::RdfXml),
    ("application/ld+json", RdfOutput::JsonLd),
    ("text/plain", RdfOutput::NTriples),
];

/// The media type written for a results format.
fn results_mime(f: ResultsOutput) -> &'static str {
    match f {
        ResultsOutput::Json => "application/sparql-results+json",
        ResultsOutput::Xml => "application/sparql-results+xml",
        ResultsOutput::Csv => "text/csv; charset=utf-8",
        ResultsOutput::Tsv => "text/tab-separated-values; charset=utf-8",
        ResultsOutput::Rdf(r) => rdf_mime(r),
    }
}

/// The media type written for an RDF format.
pub(crate) fn rdf_mime(f: RdfOutput) -> &'static str {
    match f {
        RdfOutput::Turtle => "text/turtle; charset=utf-8",
        RdfOutput::NTriples => "application/n-triples",
        RdfOutput::RdfXml => "application/rdf+xml",
        RdfOutput::JsonLd => "application/ld+json",
        RdfOutput::NQuads => "application/n-quads",
        RdfOutput::TriG => "application/trig",
    }
}

/// A `format=` (or `output=`) override, as YASGUI and many scripts send it.
fn format_param(params: &[(String, String)]) -> Option<&str> {
    params
        .iter()
        .find(|(k, _)| k == "format" || k == "output")
        .map(|(_, v)| v.as_str())
}

fn results_by_name(name: &str) -> Option<ResultsOutput> {
    Some(match name {
        "json" | "srj" => ResultsOutput::Json,
        "xml" | "srx" => ResultsOutput::Xml,
        "csv" => ResultsOutput::Csv,
        "tsv" => ResultsOutput::Tsv,
        other => ResultsOutput::Rdf(rdf_by_name(other)?),
    })
}

fn rdf_by_name(name: &str) -> Option<RdfOutput> {
    Some(match name {
        "turtle" | "ttl" => RdfOutput::Turtle,
        "ntriples" | "nt" => RdfOutput::NTriples,
        "rdfxml" | "rdf" => RdfOutput::RdfXml,
        "jsonld" | "json-ld" => RdfOutput::JsonLd,
        _ => return None,
    })
}

/// The HTTP error for a store error.
pub(crate) fn store_error(e: StoreError, timeout: std::time::Duration) -> ApiError {
    match e {
        StoreError::QuerySyntax { message, .. } => ApiError::bad_request(message),
        StoreError::Param { .. } | StoreError::Load { .. } | StoreError::Format { .. } => {
            ApiError::bad_request(e.to_string())
        }
        StoreError::Cancelled { .. } => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran longer than the server's limit of {} s and was stopped",
                timeout.as_secs_f64()
            ),
        ),
        other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

/// A query and its protocol parameters, however the request carried them.
struct Protocol {
    query: Option<String>,
    params: Vec<(String, String)>,
}

fn read_protocol(
    state: &State,
    req: &mut Request<Body>,
    field: &str,
) -> Result<Protocol, ApiError> {
    let mut params = http::query_params(req);
    let mut query = None;
    if req.method() == Method::POST {
        let ct = http::content_type(req);
        let body = http::read_body(req, state.config.max_body)?;
        match ct.as_str() {
            "application/x-www-form-urlencoded" => params.extend(http::form(&body)),
            t if t == format!("application/sparql-{field}") => {
                query = Some(String::from_utf8(body).map_err(|_| {
                    ApiError::bad_request(format!("the {field} is not valid UTF-8"))
                })?);
            }
            "" => {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "no Content-Type: send application/sparql-{field} or application/x-www-form-urlencoded"
                    ),
                ));
            }
            other => {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "Content-Type {other} is not accepted: send application/sparql-{field} or application/x-www-form-urlencoded"
                    ),
                ));
            }
        }
    } else if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} is not supported here: use GET or POST", req.method()),
        ));
    }
    let mut found = params.iter().filter(|(k, _)| k == field);
    if query.is_none() {
        query = found.next().map(|(_, v)| v.clone());
        if found.next().is_some() {
            return Err(ApiError::bad_request(format!(
                "more than one `{field}` parameter"
            )));
        }
    }
    Ok(Protocol { query, params })
}

fn graph_list(params: &[(String, String)], key: &str) -> Result<Vec<NamedNode>, ApiError> {
    params
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| {
            NamedNode::new(v.as_str())
                .map_err(|e| ApiError::bad_request(format!("{key} {v:?} is not an IRI: {e}")))
        })
        .collect()
}

/// `/sparql`: a query (GET or POST), or the service description when there is none.
/// At most this many queries may go on running after their deadline; then new queries get
/// 503 until they end.
const MAX_RUNAWAY: usize = 2;
const RUNNING: u8 = 0;
const DONE: u8 = 1;
const ABANDONED: u8 = 2;

pub(crate) fn query(
    state: &Arc<State>,
    req: &mut Request<Body>,
) -> Result<Response<Body>, ApiError> {
    let proto = read_protocol(state, req, "query")?;
    let Some(text) = proto.query else {
        if proto.params.iter().any(|(k, _)| k == "update") {
            return Err(ApiError::bad_request(
                "this is the query endpoint: send updates to /update",
            ));
        }
        return service_description(state, req);
    };
    let opts_base = RunOptions {
        default_graphs: graph_list(&proto.params, "default-graph-uri")?,
        named_graphs: graph_list(&proto.params, "named-graph-uri")?,
        cancel: None,
    };
    let forced = match format_param(&proto.params) {
        Some(name) => Some(results_by_name(name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "unknown format {name:?}: json, xml, csv, tsv, turtle, ntriples, rdfxml or jsonld"
            ))
        })?),
        None => None,
    };
    // Both candidates are chosen now; which applies is known once the query is parsed.
    let graph_format = forced.or_else(|| {
        let offers: Vec<(&str, ResultsOutput)> = GRAPHS
            .iter()
            .map(|(m, f)| (*m, ResultsOutput::Rdf(*f)))
            .collect();
        http::negotiate(req, &offers)
    });
    let results_format = forced.or_else(|| http::negotiate(req, RESULTS));
    if !state.config.allow_cross_products
        && let Some(product) = products::find(&text)
    {
        return Err(ApiError::bad_request(product.to_string()));
    }
    if state.runaway.load(Ordering::SeqCst) >= MAX_RUNAWAY {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is still finishing queries that passed their time limit: try again later",
        ));
    }
    let deadline = state.watchdog.deadline(state.config.timeout);
    let opts = RunOptions {
        cancel: Some(deadline.token()),
        ..opts_base
    };
    let timeout = state.config.timeout;
    let max_rows = state.config.max_rows;
    // The query runs on its own thread. Oxigraph checks the cancellation token while it reads
    // the store, but not in every loop that only computes (a join of results already read, an
    // aggregate over them): if the deadline passes and the query still runs, the client gets
    // its 503 now and the thread is left to finish, counted as a runaway.
    let (tx, rx) = std::sync::mpsc::channel();
    let progress = Arc::new(AtomicU8::new(RUNNING));
    let worker_state = Arc::clone(state);
    let worker_progress = Arc::clone(&progress);
    let spawned = std::thread::Builder::new()
        .name("unkg query".into())
        .spawn(move || {
            let st = &worker_state;
            let err = |e| store_error(e, timeout);
            let answer = query::run_with(&st.store, "-", &text, &[], &opts)
                .map_err(err)
                .and_then(|results| {
                    let format = if results.is_graph() {
                        graph_format.ok_or_else(|| not_acceptable(GRAPHS))?
                    } else {
                        results_format.ok_or_else(|| not_acceptable(RESULTS))?
                    };
                    let (body, cut) = results
                        .write_capped(format, Vec::new(), max_rows)
                        .map_err(err)?;
                    Ok((body, cut, format))
                });
            let _ = tx.send(answer);
            if worker_progress.swap(DONE, Ordering::SeqCst) == ABANDONED {
                st.runaway.fetch_sub(1, Ordering::SeqCst);
            }
        });
    if let Err(e) = spawned {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("cannot start a query thread: {e}"),
        ));
    }
    // A little grace after the deadline, for the cancellation to be noticed and reported.
    let answer = match rx.recv_timeout(timeout + Duration::from_millis(500)) {
        Ok(answer) => answer,
        Err(_) => {
            state.runaway.fetch_add(1, Ordering::SeqCst);
            if progress
                .compare_exchange(RUNNING, ABANDONED, Ordering::SeqCst, Ordering::SeqCst)
                .is_err()
            {
                state.runaway.fetch_sub(1, Ordering::SeqCst);
            }
            Err(store_error(
                StoreError::Cancelled { name: "-".into() },
                timeout,
            ))
        }
    };
    let (body, cut, format) = answer?;
    if deadline.expired() {
        return Err(store_error(
            StoreError::Cancelled { name: "-".into() },
            timeout,
        ));
    }
    let mut resp = http::bytes(StatusCode::OK, results_mime(format), body);
    if cut && let Ok(v) = HeaderValue::from_str(&state.config.max_rows.to_string()) {
        resp.headers_mut().insert("X-SPARQL-MaxRows", v);
    }
    Ok(resp)
}

pub(crate) fn not_acceptable<T>(offers: &[(&str, T)]) -> ApiError {
    let list: Vec<&str> = offers.iter().map(|(m, _)| *m).collect();
    ApiError::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the accepted media types can be produced; available: {}",
            list.join(", ")
        ),
    )
}

/// The SPARQL 1.1 Service Description of the endpoint, in the negotiated RDF format (a
/// browser asking for HTML is sent to the query page).
fn service_description(state: &State, req: &Request<Body>) -> Result<Response<Body>, ApiError> {
    #[derive(Clone, Copy)]
    enum Want {
        Html,
        Rdf(RdfOutput),
    }
    let mut offers: Vec<(&str, Want)> = GRAPHS.iter().map(|(m, f)| (*m, Want::Rdf(*f))).collect();
    offers.insert(1, ("text/html", Want::Html));
    let format = match http::negotiate(req, &offers).ok_or_else(|| not_acceptable(GRAPHS))? {
        Want::Html => {
            let mut r = http::text(StatusCode::SEE_OTHER, "see /query\n");
            r.headers_mut()
                .insert("Location", HeaderValue::from_static("/query"));
            return Ok(r);
        }
        Want::Rdf(f) => f,
    };
    let host = match http::header(req, HOST) {
        "" => state.config.bind.to_string(),
        h => h.to_string(),
    };
    let sd = |l: &str| {
        NamedNode::new_unchecked(format!(
            "http://www.w3.org/ns/sparql-service-description#{l}"
        ))
    };
    let fmt = |l: &str| NamedNode::new_unchecked(format!("http://www.w3.org/ns/formats/{l}"));
    let a = NamedNode::new_unchecked(vocab::RDF_TYPE);
    let endpoint = NamedNode::new(format!("http://{host}/sparql"))
        .map_err(|_| ApiError::bad_request(format!("Host header {host:?} is not usable")))?;
    let mut t = vec![
        Triple::new(endpoint.clone(), a.clone(), sd("Service")),
        Triple::new(endpoint.clone(), sd("endpoint"), endpoint.clone()),
        Triple::new(
            endpoint.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Query"),
        ),
        Triple::new(endpoint.clone(), sd("feature"), sd("UnionDefaultGraph")),
        Triple::new(
            endpoint.clone(),
            NamedNode::new_unchecked(vocab::term(vocab::DCTERMS, "title")),
            Literal::new_simple_literal(
                "unkg: United Nations documents as a citation knowledge graph",
            ),
        ),
    ];
    if state.config.update_token.is_some() {
        t.push(Triple::new(
            endpoint.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Update"),
        ));
    }
    for f in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ] {
        t.push(Triple::new(endpoint.clone(), sd("resultFormat"), fmt(f)));
    }
    let dataset = BlankNode::default();
    let default_graph = BlankNode::default();
    t.push(Triple::new(endpoint, sd("defaultDataset"), dataset.clone()));
    t.push(Triple::new(dataset.clone(), a.clone(), sd("Dataset")));
    t.push(Triple::new(
        dataset,
        sd("defaultGraph"),
        default_graph.clone(),
    ));
    t.push(Triple::new(default_graph, a, sd("Graph")));
    let body =
        write_triples(format, &t, Vec::new()).map_err(|e| store_error(e, state.config.timeout))?;
    Ok(http::bytes(StatusCode::OK, rdf_mime(format), body))
}

/// The gate of the write endpoints that take a POST only: 405 for another method (the message
/// says what to send), then the server's update token.
fn authorized_post(state: &State, req: &Request<Body>, what: &str) -> Result<(), ApiError> {
    if req.method() != Method::POST {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("send {what} with POST"),
        ));
    }
    http::authorize(req, state.config.update_token.as_deref())
}

/// `/update`: a SPARQL update, with the server's token.
pub(crate) fn update(state: &State, req: &mut Request<Body>) -> Result<Response<Body>, ApiError> {
    authorized_post(state, req, "updates")?;
    let proto = read_protocol(state, req, "update")?;
    let text = proto
        .query
        .ok_or_else(|| ApiError::bad_request("no `update` parameter"))?;
    let _w = state
        .write_lock
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    query::update(&state.store, &text).map_err(|e| store_error(e, state.config.timeout))?;
    Ok(http::text(StatusCode::NO_CONTENT, ""))
}

/// `/store?graph=IRI`: the Graph Store Protocol. Reading is open; PUT, POST and DELETE need
/// the token.
pub(crate) fn graph_store(
    state: &State,
    req: &mut Request<Body>,
) -> Result<Response<Body>, ApiError> {
    let params = http::query_params(req);
    if params.iter().any(|(k, _)| k == "default") {
        return Err(ApiError::bad_request(
            "documents live in named graphs: address one with ?graph=IRI",
        ));
    }
    let graph = graph_list(&params, "graph")?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::bad_request("give the graph as ?graph=IRI"))?;
    let err = |e| store_error(e, state.config.timeout);
    let method = req.method().clone();
    if method == Method::GET || method == Method::HEAD {
        if !state.store.contains_graph(&graph).map_err(err)? {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no graph {graph}"),
            ));
        }
        let format = http::negotiate(req, GRAPHS).ok_or_else(|| not_acceptable(GRAPHS))?;
        let body = state
            .store
            .dump(format, Some(&graph), Vec::new())
            .map_err(err)?;
        return Ok(http::bytes(StatusCode::OK, rdf_mime(format), body));
    }
    if method != Method::PUT && method != Method::POST && method != Method::DELETE {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not part of the Graph Store Protocol"),
        ));
    }
    http::authorize(req, state.config.update_token.as_deref())?;
    let _w = state
        .write_lock
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if method == Method::DELETE {
        if !state.store.contains_graph(&graph).map_err(err)? {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no graph {graph}"),
            ));
        }
        state
            .store
            .remove(std::slice::from_ref(&graph))
            .map_err(err)?;
        return Ok(http::text(StatusCode::NO_CONTENT, ""));
    }
    let ct = http::content_type(req);
    let format = GRAPHS
        .iter()
        .filter(|(_, f)| !f.holds_datasets())
        .find(|(m, _)| *m == ct)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content-Type {ct:?}: send text/turtle, application/n-triples or application/rdf+xml"),
            )
        })?;
    let body = http::read_body(req, state.config.max_body)?;
    let existed = state.store.contains_graph(&graph).map_err(err)?;
    let n = state
        .store
        .put_graph(&graph, format, &body, method == Method::PUT)
        .map_err(err)?;
    let status = if existed {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(http::text(
        status,
        format!("{n} triples written to {graph}\n"),
    ))
}

/// `/build`: an incremental build into the served store, with the token. The body lists
/// files and folders on the server's disk, one per line.
pub(crate) fn build(state: &State, req: &mut Request<Body>) -> Result<Response<Body>, ApiError> {
    authorized_post(state, req, "the list of files")?;
    let body = http::read_body(req, state.config.max_body)?;
    let text = String::from_utf8(body)
        .map_err(|_| ApiError::bad_request("the list of files is not valid UTF-8"))?;
    let inputs: Vec<PathBuf> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(PathBuf::from)
        .collect();
    if inputs.is_empty() {
        return Err(ApiError::bad_request(
            "no files: send paths on the server's disk, one per line",
        ));
    }
    if let Some(missing) = inputs.iter().find(|p| !p.exists()) {
        return Err(ApiError::bad_request(format!(
            "{} does not exist on the server",
            missing.display()
        )));
    }
    let files = crate::source::walk(&inputs);
    let _w = state
        .write_lock
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let sum = build_store(&state.store, &files, &BuildOptions::default(), &mut Quiet)
        .map_err(|e| store_error(e, state.config.timeout))?;
    let failed: Vec<serde_json::Value> = sum
        .failed
        .iter()
        .map(|(p, why)| serde_json::json!({"file": p.display().to_string(), "reason": why}))
        .collect();
    Ok(http::json(
        StatusCode::OK,
        &serde_json::json!({
            "new": sum.new,
            "changed": sum.changed,
            "unchanged": sum.unchanged,
            "failed": failed,
            "triples": sum.triples,
            "citations": sum.citations,
            "seconds": sum.elapsed.as_secs_f64(),
        }),
    ))
}
