//! The web UI and Linked Data: the home page, the query page, document, body and resource
//! pages at the paths of their IRIs, the network view, and the small JSON API behind them.
//!
//! A data IRI `{base}work/A/RES/79/319` is served at `/work/A/RES/79/319`: HTML to browsers,
//! RDF to clients that ask for it (`Accept: text/turtle`…). Every asset is compiled into the
//! binary; nothing is fetched from elsewhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use oxhttp::model::{Body, Method, Request, Response, StatusCode};

use super::State;
use super::http::{self, ApiError, esc};
use super::sparql::{GRAPHS, not_acceptable, rdf_mime, store_error};
use crate::store::RdfOutput;
use crate::store::query::{self, Answer, ResultsOutput, RunOptions};
use crate::store::rdf::Term;

const CSS: &str = include_str!("ui/app.css");
const QUERY_JS: &str = include_str!("ui/query.js");
const GRAPH_JS: &str = include_str!("ui/graph.js");
const NETWORK_JS: &str = include_str!("ui/network.js");
const QUERY_HTML: &str = include_str!("ui/query.html");

const PREFIXES: &str = "PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX unkg: <https://w3id.org/unkg/ontology#>
";

/// Properties of a node and the nodes pointing to it.
const Q_PROPS: &str = "SELECT DISTINCT ?p ?o WHERE { ?node ?p ?o } ORDER BY ?p ?o";
const Q_INCOMING: &str = "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?node } ORDER BY ?p ?s LIMIT 500";

const Q_EXPRESSIONS: &str = "SELECT DISTINCT ?expr ?lang ?title WHERE {
  ?node frbr:realization ?expr . ?expr dcterms:language ?l .
  OPTIONAL { ?expr dcterms:title ?title }
  BIND(STRAFTER(STR(?l), \"iso639-1/\") AS ?lang)
} ORDER BY ?lang";

// The default graph is the union of all graphs, where a node's statements repeat once per
// graph that mentions it: DISTINCT removes the copies. Patterns stay outside `GRAPH ?g`, where
// Oxigraph evaluates the OPTIONAL parts as lookups rather than joins over the whole store.
/// What both citation tables show of an occurrence `?cit` in `?expr` (its quote, pinpoint,
/// paragraph), after the pattern that finds it.
macro_rules! citation_details {
    () => {
        "  ?ann oa:hasBody ?cit ; oa:hasTarget ?spec .
  ?spec oa:hasSelector ?qs , ?ps .
  ?qs oa:exact ?exact . ?ps oa:start ?start .
  OPTIONAL { ?other dcterms:identifier ?sym }
  OPTIONAL { ?cit unkg:pinpoint ?pinpoint }
  OPTIONAL { ?cit dcterms:isPartOf ?p }
  OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix }
  BIND(STRAFTER(STR(?fn), \"http://purl.org/spar/cito/\") AS ?function)
  BIND(STRAFTER(STR(?p), \"#\") AS ?para)
  BIND(STRAFTER(STR(?l), \"iso639-1/\") AS ?lang)
"
    };
}

const Q_CITES: &str = concat!(
    "SELECT DISTINCT ?lang ?other ?sym ?function ?pinpoint ?para ?prefix ?exact ?suffix ?start WHERE {
  ?node frbr:realization ?expr . ?expr dcterms:language ?l .
  ?cit cito:hasCitingEntity ?expr ; cito:hasCitedEntity ?other ;
       cito:hasCitationCharacterization ?fn .
",
    citation_details!(),
    "} ORDER BY ?lang ?start"
);

const Q_CITED_BY: &str = concat!(
    "SELECT DISTINCT ?lang ?other ?sym ?function ?pinpoint ?para ?prefix ?exact ?suffix ?start WHERE {
  ?cit cito:hasCitedEntity ?node ; cito:hasCitingEntity ?expr ;
       cito:hasCitationCharacterization ?fn .
  ?expr frbr:realizationOf ?other ; dcterms:language ?l .
",
    citation_details!(),
    "} ORDER BY ?sym ?lang ?start LIMIT 2000"
);

// Counts and names in two subqueries: joined in one pattern, Oxigraph plans the name lookup
// as a scan of every label and takes seconds.
const Q_BODIES_OF_DOC: &str = "SELECT ?b ?notation ?name ?n WHERE {
  { SELECT ?b ?notation (COUNT(DISTINCT ?m) AS ?n) WHERE {
      ?node frbr:realization ?expr .
      ?t oa:hasSource ?expr . ?m oa:hasTarget ?t ; oa:hasBody ?b .
      ?b skos:notation ?notation .
    } GROUP BY ?b ?notation }
  { SELECT ?b (SAMPLE(?nm) AS ?name) WHERE {
      ?node frbr:realization ?expr . ?expr unkg:mentions ?b . ?b skos:prefLabel ?nm .
    } GROUP BY ?b }
} ORDER BY DESC(?n) ?notation";

const Q_DOCS_OF_BODY: &str =
    "SELECT DISTINCT ?other ?sym ?lang ?prefix ?exact ?suffix ?start WHERE {
  ?m oa:hasBody ?node ; oa:hasTarget ?spec ; a unkg:BodyMention .
  ?spec oa:hasSource ?expr ; oa:hasSelector ?qs , ?ps .
  ?qs oa:exact ?exact . ?ps oa:start ?start .
  ?expr frbr:realizationOf ?other ; dcterms:language ?l .
  OPTIONAL { ?other dcterms:identifier ?sym }
  OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix }
  BIND(STRAFTER(STR(?l), \"iso639-1/\") AS ?lang)
} ORDER BY ?sym ?lang ?start LIMIT 2000";

const Q_DOCUMENTS: &str = "SELECT ?w ?symbol (GROUP_CONCAT(DISTINCT ?lang; separator=\" \") AS ?languages) (SAMPLE(?t) AS ?title) WHERE {
  GRAPH ?g {
    ?w unkg:inCorpus true ; dcterms:identifier ?symbol ; frbr:realization ?expr .
    ?expr dcterms:language ?l .
    OPTIONAL { ?expr dcterms:title ?t FILTER(LANGMATCHES(LANG(?t), \"en\")) }
  }
  BIND(STRAFTER(STR(?l), \"iso639-1/\") AS ?lang)
} GROUP BY ?w ?symbol ORDER BY ?symbol LIMIT 5000";

const Q_NEIGHBOURS: &str = "SELECT DISTINCT ?a ?b WHERE {
  { ?node cito:cites ?b . BIND(?node AS ?a) } UNION { ?a cito:cites ?node . BIND(?node AS ?b) }
} LIMIT 400";

/// Routes the UI's paths; everything else is 404.
pub(crate) fn route(
    state: &State,
    req: &mut Request<Body>,
    path: &str,
) -> Result<Response<Body>, ApiError> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} {path}: pages are read with GET", req.method()),
        ));
    }
    let asset = |ct: &str, body: &'static str| {
        let mut r = http::bytes(StatusCode::OK, ct, body.as_bytes().to_vec());
        r.headers_mut().insert(
            "Cache-Control",
            oxhttp::model::HeaderValue::from_static("max-age=300"),
        );
        Ok(r)
    };
    match path {
        "/" => home(state),
        "/query" | "/query/" => Ok(html_page(
            "Query",
            QUERY_HTML,
            &["/assets/graph.js", "/assets/query.js"],
        )),
        "/assets/app.css" => asset("text/css; charset=utf-8", CSS),
        "/assets/query.js" => asset("text/javascript; charset=utf-8", QUERY_JS),
        "/assets/graph.js" => asset("text/javascript; charset=utf-8", GRAPH_JS),
        "/assets/network.js" => asset("text/javascript; charset=utf-8", NETWORK_JS),
        "/favicon.ico" => Ok(http::bytes(
            StatusCode::OK,
            "image/svg+xml",
            FAVICON.as_bytes().to_vec(),
        )),
        "/api/queries" => Ok(library(state)),
        "/api/network" => network_api(state, req),
        p if p.starts_with("/network/") => {
            let iri = iri_of(state, &p["/network".len()..])?;
            let body = format!(
                "<h1>Citation network of <a href=\"{}\">{}</a></h1>\
                 <p class=\"note\">Documents citing it and cited by it, with the citations among them. \
                 Drag to move; click a node to centre on it. <span class=\"key center\">this document</span> \
                 <span class=\"key corpus\">in the corpus</span> <span class=\"key cited\">cited only</span></p>\
                 <svg id=\"net\" data-iri=\"{}\" width=\"100%\" height=\"640\"></svg>",
                esc(&local(state, &iri)),
                esc(&short_label(state, &iri)),
                esc(&iri)
            );
            Ok(html_page(
                "Network",
                &body,
                &["/assets/graph.js", "/assets/network.js"],
            ))
        }
        p => resource(state, req, p),
    }
}

const FAVICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><circle cx=\"8\" cy=\"8\" r=\"7\" fill=\"#1f6fb2\"/></svg>";

fn html_page(title: &str, body: &str, scripts: &[&str]) -> Response<Body> {
    let mut s = String::with_capacity(body.len() + 1024);
    let _ = write!(
        s,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · unkg</title><link rel=\"icon\" href=\"/favicon.ico\">\
         <link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body>\
         <header><a class=\"brand\" href=\"/\">unkg</a> <nav><a href=\"/\">Documents</a> \
         <a href=\"/query\">Query</a> <a href=\"/sparql\" title=\"SPARQL endpoint (service description)\">SPARQL endpoint</a></nav></header>\
         <main>{}</main>",
        esc(title),
        body
    );
    for src in scripts {
        let _ = write!(s, "<script src=\"{src}\"></script>");
    }
    s.push_str("</body></html>");
    http::bytes(StatusCode::OK, "text/html; charset=utf-8", s.into_bytes())
}

/// Column names and rows of a SELECT.
type Table = (Vec<String>, Vec<Vec<Option<Term>>>);

/// Runs one of the UI's queries with `?node` standing for an IRI.
///
/// The IRI is written into the text as a constant, which lets Oxigraph plan the query around
/// it (a `VALUES` binding makes some of these queries seconds slower). It is safe: the IRI
/// parsed as one, so it holds no `>`, space or quote that could end it.
fn select(state: &State, sparql: &str, node: Option<&str>) -> Result<Table, ApiError> {
    let text = match node {
        Some(n) => {
            let iri = crate::store::rdf::NamedNode::new(n)
                .map_err(|e| ApiError::bad_request(format!("{n:?} is not an IRI: {e}")))?;
            format!("{PREFIXES}{}", sparql.replace("?node", &iri.to_string()))
        }
        None => format!("{PREFIXES}{sparql}"),
    };
    let deadline = state.watchdog.deadline(state.config.timeout);
    let opts = RunOptions {
        cancel: Some(deadline.token()),
        ..RunOptions::default()
    };
    let err = |e| store_error(e, state.config.timeout);
    match query::run_with(&state.store, "page", &text, &[], &opts)
        .and_then(|r| r.collect())
        .map_err(err)?
    {
        Answer::Solutions { variables, rows } => Ok((variables, rows)),
        _ => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "a page query is not a SELECT",
        )),
    }
}

/// Rows as maps from column name to display string.
fn records((vars, rows): (Vec<String>, Vec<Vec<Option<Term>>>)) -> Vec<BTreeMap<String, String>> {
    rows.into_iter()
        .map(|r| {
            vars.iter()
                .zip(r)
                .filter_map(|(v, c)| c.map(|c| (v.clone(), query::display(&c))))
                .collect()
        })
        .collect()
}

/// The local path of a data IRI, or the IRI itself when it is not under the store's base.
fn local(state: &State, iri: &str) -> String {
    match iri.strip_prefix(state.store.base().as_str()) {
        Some(rest) => format!("/{rest}"),
        None => iri.to_string(),
    }
}

fn short_label(state: &State, iri: &str) -> String {
    let base = state.store.base();
    if let Some(sym) = base.parse_work(iri) {
        return sym;
    }
    for (p, ns) in crate::store::PREFIXES {
        if let Some(l) = iri.strip_prefix(ns) {
            return format!("{p}:{l}");
        }
    }
    iri.strip_prefix(base.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| iri.to_string())
}

/// A link to a term: local pages for data IRIs, external links otherwise.
fn term_html(state: &State, t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            let href = local(state, n.as_str());
            let ext = if href.starts_with('/') {
                ""
            } else {
                " rel=\"noopener\" class=\"ext\""
            };
            format!(
                "<a href=\"{}\"{ext}>{}</a>",
                esc(&href),
                esc(&short_label(state, n.as_str()))
            )
        }
        Term::Literal(l) => {
            let lang = l
                .language()
                .map(|x| format!(" <span class=\"lang\">@{}</span>", esc(x)))
                .unwrap_or_default();
            format!("{}{lang}", esc(l.value()))
        }
        other => esc(&other.to_string()),
    }
}

/// The IRI a page path stands for: `{base}` + the path, with a Work's symbol read back and
/// minted again so that any percent-encoding a browser chose maps to the stored IRI.
fn iri_of(state: &State, path: &str) -> Result<String, ApiError> {
    let base = state.store.base();
    let raw = format!("{}{}", base.as_str(), path.trim_start_matches('/'));
    if let Some(sym) = base.parse_work(&raw) {
        return Ok(base.work(&sym));
    }
    if let Some(id) = path.strip_prefix("/body/") {
        let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
        return Ok(base.body(&id));
    }
    crate::store::rdf::NamedNode::new(raw.as_str())
        .map(|n| n.into_string())
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, format!("no page at {path}")))
}

fn home(state: &State) -> Result<Response<Body>, ApiError> {
    let docs = records(select(state, Q_DOCUMENTS, None)?);
    let mut s = String::new();
    let _ = write!(
        s,
        "<h1>United Nations documents as a citation graph</h1>\
         <p>{} documents in store <code>{}</code>. Query them on the <a href=\"/query\">query page</a> \
         or with any SPARQL client at <code>/sparql</code>.</p>\
         <input id=\"filter\" placeholder=\"Filter by symbol or title\" oninput=\"for(const r of document.querySelectorAll('#docs tbody tr'))r.hidden=!r.textContent.toLowerCase().includes(this.value.toLowerCase())\">\
         <table id=\"docs\"><thead><tr><th>Symbol</th><th>Languages</th><th>Title</th><th></th></tr></thead><tbody>",
        docs.len(),
        esc(state.store.label())
    );
    for d in &docs {
        let w = d.get("w").map(String::as_str).unwrap_or("");
        let path = local(state, w);
        let _ = write!(
            s,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td><a href=\"/network{}\">network</a></td></tr>",
            esc(&path),
            esc(d.get("symbol").map(String::as_str).unwrap_or("")),
            esc(d.get("languages").map(String::as_str).unwrap_or("")),
            esc(d.get("title").map(String::as_str).unwrap_or("")),
            esc(&path),
        );
    }
    s.push_str("</tbody></table>");
    Ok(html_page("Documents", &s, &[]))
}

fn library(state: &State) -> Response<Body> {
    let list: Vec<serde_json::Value> = query::LIBRARY
        .iter()
        .map(|(name, text)| {
            let qi = query::info(name, text);
            serde_json::json!({
                "name": name,
                "purpose": qi.purpose,
                "params": qi.params,
                "columns": qi.columns,
                "text": text,
            })
        })
        .collect();
    http::json(
        StatusCode::OK,
        &serde_json::json!({"base": state.store.base().as_str(), "queries": list}),
    )
}

/// The node's Linked Data: what it says and what points to it, as RDF.
fn describe(state: &State, iri: &str, format: RdfOutput) -> Result<Response<Body>, ApiError> {
    // `iri` was read back from a page path and parsed as an IRI by `iri_of`.
    let node = format!("<{iri}>");
    let text = format!(
        "CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} WHERE {{ {{ {node} ?p ?o }} UNION {{ ?s ?q {node} }} }}"
    );
    let deadline = state.watchdog.deadline(state.config.timeout);
    let opts = RunOptions {
        cancel: Some(deadline.token()),
        ..RunOptions::default()
    };
    let err = |e| store_error(e, state.config.timeout);
    let (body, _) = query::run_with(&state.store, "describe", &text, &[], &opts)
        .and_then(|r| {
            r.write_capped(
                ResultsOutput::Rdf(format),
                Vec::new(),
                state.config.max_rows,
            )
        })
        .map_err(err)?;
    Ok(http::bytes(StatusCode::OK, rdf_mime(format), body))
}

/// A page (or RDF) for any data IRI under the base.
fn resource(state: &State, req: &Request<Body>, path: &str) -> Result<Response<Body>, ApiError> {
    let iri = iri_of(state, path)?;
    let props = select(state, Q_PROPS, Some(&iri))?;
    let incoming = select(state, Q_INCOMING, Some(&iri))?;
    if props.1.is_empty() && incoming.1.is_empty() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("the store says nothing about {iri}"),
        ));
    }
    #[derive(Clone, Copy)]
    enum Want {
        Html,
        Rdf(RdfOutput),
    }
    let mut offers: Vec<(&str, Want)> = vec![("text/html", Want::Html)];
    offers.extend(GRAPHS.iter().map(|(m, f)| (*m, Want::Rdf(*f))));
    offers.push(("application/xhtml+xml", Want::Html));
    match http::negotiate(req, &offers).ok_or_else(|| not_acceptable(&offers))? {
        Want::Rdf(f) => return describe(state, &iri, f),
        Want::Html => {}
    }
    let base = state.store.base();
    let mut s = String::new();
    let (title, kind) = if let Some(sym) = base.parse_work(&iri) {
        (sym, "document")
    } else if path.starts_with("/body/") {
        (short_label(state, &iri), "body")
    } else {
        (short_label(state, &iri), "resource")
    };
    let _ = write!(
        s,
        "<h1>{} <span class=\"kind\">{kind}</span></h1><p class=\"iri\"><code>{}</code> · \
         <a class=\"rdf\" data-type=\"text/turtle\" href=\"#\">show as Turtle</a></p>",
        esc(&title),
        esc(&iri),
    );
    if kind == "document" {
        document_sections(state, &iri, &title, &mut s)?;
    }
    if kind == "body" {
        body_sections(state, &iri, &mut s)?;
    }
    // What the store says, for every kind of node.
    pair_table(state, "Statements", &props.1, false, &mut s);
    if kind == "resource" && !incoming.1.is_empty() {
        pair_table(state, "Pointing here", &incoming.1, true, &mut s);
    }
    s.push_str(RDF_LINK_SCRIPT);
    Ok(html_page(&title, &s, &[]))
}

/// A two-column table of (property, value) rows, or (subject, property) rows when
/// `subject_first`; the property is the header cell.
fn pair_table(
    state: &State,
    heading: &str,
    rows: &[Vec<Option<Term>>],
    subject_first: bool,
    s: &mut String,
) {
    let _ = write!(s, "<h2>{}</h2><table class=\"props\"><tbody>", esc(heading));
    for row in rows {
        if let [Some(a), Some(b)] = row.as_slice() {
            let (a, b) = (term_html(state, a), term_html(state, b));
            let _ = if subject_first {
                write!(s, "<tr><td>{a}</td><th>{b}</th></tr>")
            } else {
                write!(s, "<tr><th>{a}</th><td>{b}</td></tr>")
            };
        }
    }
    s.push_str("</tbody></table>");
}

/// Opens the page's own RDF (the same URL asked for as Turtle) in a new tab as plain text.
const RDF_LINK_SCRIPT: &str = "<script>for(const a of document.querySelectorAll('a.rdf'))a.onclick=async e=>{e.preventDefault();const r=await fetch(location.pathname,{headers:{Accept:a.dataset.type}});const pre=document.createElement('pre');pre.className='rdf-dump';pre.textContent=await r.text();a.parentNode.after(pre);a.remove();};</script>";

fn quote_html(r: &BTreeMap<String, String>) -> String {
    let g = |k: &str| r.get(k).map(String::as_str).unwrap_or("");
    if g("exact").is_empty() {
        return String::new();
    }
    format!(
        "<span class=\"quote\">…{}<mark>{}</mark>{}…</span>",
        esc(g("prefix")),
        esc(g("exact")),
        esc(g("suffix"))
    )
}

fn citation_table(state: &State, rows: &[BTreeMap<String, String>], other: &str, s: &mut String) {
    if rows.is_empty() {
        s.push_str("<p class=\"none\">None.</p>");
        return;
    }
    let _ = write!(
        s,
        "<table class=\"cit\"><thead><tr><th>Lang</th><th>{other}</th><th>Function</th><th>Pinpoint</th><th>Paragraph</th><th>Quoted text</th></tr></thead><tbody>"
    );
    for r in rows {
        let g = |k: &str| r.get(k).map(String::as_str).unwrap_or("");
        let target = g("other");
        let label = if g("sym").is_empty() {
            short_label(state, target)
        } else {
            g("sym").to_string()
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(g("lang")),
            esc(&local(state, target)),
            esc(&label),
            esc(g("function")),
            esc(g("pinpoint")),
            esc(g("para")),
            quote_html(r)
        );
    }
    s.push_str("</tbody></table>");
}

fn document_sections(
    state: &State,
    iri: &str,
    symbol: &str,
    s: &mut String,
) -> Result<(), ApiError> {
    let exprs = records(select(state, Q_EXPRESSIONS, Some(iri))?);
    let out = records(select(state, Q_CITES, Some(iri))?);
    let inc = records(select(state, Q_CITED_BY, Some(iri))?);
    let bodies = records(select(state, Q_BODIES_OF_DOC, Some(iri))?);
    let enc: String =
        percent_encoding::utf8_percent_encode(symbol, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let _ = write!(
        s,
        "<p class=\"links\"><a href=\"/network{}\">Citation network</a> · \
         <a class=\"ext\" href=\"https://undocs.org/{}\">Official Document System</a> · \
         <a class=\"ext\" href=\"https://digitallibrary.un.org/search?p={}\">UN Digital Library</a> · \
         <a class=\"ext\" href=\"https://www.wikidata.org/w/index.php?search=haswbstatement%3AP3069%3D{}\">Wikidata</a></p>",
        esc(&local(state, iri)),
        esc(symbol),
        esc(&enc),
        esc(&enc)
    );
    s.push_str("<h2>Language versions</h2>");
    if exprs.is_empty() {
        s.push_str(
            "<p class=\"none\">Not in the corpus: known only because other documents cite it.</p>",
        );
    } else {
        s.push_str("<ul class=\"langs\">");
        for e in &exprs {
            let g = |k: &str| e.get(k).map(String::as_str).unwrap_or("");
            let _ = write!(
                s,
                "<li><b>{}</b> <a href=\"{}\">{}</a> <a class=\"ext\" href=\"https://undocs.org/{}/{}\">undocs</a></li>",
                esc(g("lang")),
                esc(&local(state, g("expr"))),
                esc(if g("title").is_empty() {
                    "(no title)"
                } else {
                    g("title")
                }),
                esc(g("lang")),
                esc(symbol)
            );
        }
        s.push_str("</ul>");
    }
    let distinct = |rows: &[BTreeMap<String, String>]| {
        rows.iter()
            .filter_map(|r| r.get("other"))
            .collect::<BTreeSet<_>>()
            .len()
    };
    let _ = write!(
        s,
        "<h2 id=\"cites\">Cites <span class=\"count\">{} occurrences of {} documents</span></h2>",
        out.len(),
        distinct(&out)
    );
    citation_table(state, &out, "Cited", s);
    let _ = write!(
        s,
        "<h2 id=\"cited-by\">Cited by <span class=\"count\">{} occurrences in {} documents</span></h2>",
        inc.len(),
        distinct(&inc)
    );
    citation_table(state, &inc, "Citing", s);
    s.push_str("<h2>Bodies named</h2>");
    if bodies.is_empty() {
        s.push_str("<p class=\"none\">None.</p>");
    } else {
        s.push_str("<ul class=\"bodies\">");
        for b in &bodies {
            let g = |k: &str| b.get(k).map(String::as_str).unwrap_or("");
            let _ = write!(
                s,
                "<li><a href=\"{}\">{}</a> {} <span class=\"count\">×{}</span></li>",
                esc(&local(state, g("b"))),
                esc(g("notation")),
                esc(g("name")),
                esc(g("n"))
            );
        }
        s.push_str("</ul>");
    }
    Ok(())
}

fn body_sections(state: &State, iri: &str, s: &mut String) -> Result<(), ApiError> {
    let docs = records(select(state, Q_DOCS_OF_BODY, Some(iri))?);
    let _ = write!(
        s,
        "<h2>Documents naming it <span class=\"count\">{} mentions</span></h2>",
        docs.len()
    );
    if docs.is_empty() {
        s.push_str("<p class=\"none\">None.</p>");
        return Ok(());
    }
    s.push_str("<table class=\"cit\"><thead><tr><th>Document</th><th>Lang</th><th>Mention</th></tr></thead><tbody>");
    for r in &docs {
        let g = |k: &str| r.get(k).map(String::as_str).unwrap_or("");
        let label = if g("sym").is_empty() {
            short_label(state, g("other"))
        } else {
            g("sym").to_string()
        };
        let _ = write!(
            s,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
            esc(&local(state, g("other"))),
            esc(&label),
            esc(g("lang")),
            quote_html(r)
        );
    }
    s.push_str("</tbody></table>");
    Ok(())
}

/// `/api/network?iri=IRI`: the Works citing and cited by a Work, and the citations among
/// them, as JSON nodes and edges.
fn network_api(state: &State, req: &Request<Body>) -> Result<Response<Body>, ApiError> {
    let params = http::query_params(req);
    let iri = params
        .iter()
        .find(|(k, _)| k == "iri")
        .map(|(_, v)| v.clone())
        .ok_or_else(|| ApiError::bad_request("give the node as ?iri=IRI"))?;
    crate::store::rdf::NamedNode::new(iri.as_str())
        .map_err(|e| ApiError::bad_request(format!("{iri:?} is not an IRI: {e}")))?;
    let direct = records(select(state, Q_NEIGHBOURS, Some(&iri))?);
    let mut nodes: BTreeSet<String> = BTreeSet::from([iri.clone()]);
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for r in &direct {
        if let (Some(a), Some(b)) = (r.get("a"), r.get("b")) {
            nodes.insert(a.clone());
            nodes.insert(b.clone());
            edges.insert((a.clone(), b.clone()));
        }
    }
    // Citations among the neighbours: IRIs read from the store, written back as IRIs.
    if nodes.len() > 1 {
        let values: String = nodes.iter().map(|n| format!("<{n}> ")).collect();
        let text = format!(
            "SELECT DISTINCT ?a ?b WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} ?a cito:cites ?b }} LIMIT 2000"
        );
        for r in records(select(state, &text, None)?) {
            if let (Some(a), Some(b)) = (r.get("a"), r.get("b")) {
                edges.insert((a.clone(), b.clone()));
            }
        }
    }
    let in_corpus: BTreeSet<String> = {
        let values: String = nodes.iter().map(|n| format!("<{n}> ")).collect();
        let text = format!(
            "SELECT DISTINCT ?w WHERE {{ VALUES ?w {{ {values} }} ?w unkg:inCorpus true }}"
        );
        records(select(state, &text, None)?)
            .into_iter()
            .filter_map(|r| r.get("w").cloned())
            .collect()
    };
    let nodes_json: Vec<serde_json::Value> = nodes
        .iter()
        .map(|n| {
            serde_json::json!({
                "id": n,
                "label": short_label(state, n),
                "href": local(state, n),
                "inCorpus": in_corpus.contains(n),
                "center": *n == iri,
            })
        })
        .collect();
    let edges_json: Vec<serde_json::Value> = edges
        .iter()
        .map(|(a, b)| serde_json::json!({"source": a, "target": b}))
        .collect();
    Ok(http::json(
        StatusCode::OK,
        &serde_json::json!({"nodes": nodes_json, "edges": edges_json}),
    ))
}
