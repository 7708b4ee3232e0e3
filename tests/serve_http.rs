//! `unkg serve` end to end: the binary serves a store built from the shared corpus on a
//! loopback port, and a real HTTP client checks the SPARQL 1.1 Protocol (every result format,
//! CONSTRUCT, the service description, datasets), errors (400 with the parser's message, 401
//! and 403 for writes, 413, 503 on timeout with the server still answering), writes with the
//! token, the pages and Linked Data, and graceful shutdown on SIGTERM. Skipped (with a message)
//! when the shared corpus is not beside the project.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use oxhttp::Client;
use oxhttp::model::{Body, Method, Request, StatusCode};

const TOKEN: &str = "test-token-0123456789";
const CITES: &str = "PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?target WHERE {
  ?w dcterms:identifier \"A/RES/79/319\" ; cito:cites ?t .
  ?t dcterms:identifier ?target .
} ORDER BY ?target";

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Option<Server> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} not found", corpus.display());
        return None;
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_unkg"))
        .args(["serve", "--bind", "127.0.0.1:0", "--timeout", "3"])
        .args([
            "--max-body",
            "65536",
            "--max-rows",
            "1000",
            "--allow-update",
        ])
        .arg("--build")
        .arg(&corpus)
        .env("UNKG_UPDATE_TOKEN", TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start unkg serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the address");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Some(Server { child, url })
}

struct Reply {
    status: StatusCode,
    content_type: String,
    headers: oxhttp::model::HeaderMap,
    body: String,
}

fn send(method: Method, url: &str, headers: &[(&str, &str)], body: Option<Vec<u8>>) -> Reply {
    let mut req = Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req
        .body(body.map(Body::from).unwrap_or_default())
        .expect("request");
    let resp = Client::new()
        .with_global_timeout(Duration::from_secs(60))
        .request(req)
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status();
    let headers = resp.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = resp.into_body().to_string().expect("body");
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

fn get(url: &str, accept: &str) -> Reply {
    send(Method::GET, url, &[("Accept", accept)], None)
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn post_form(url: &str, accept: &str, form: &[(&str, &str)], auth: Option<&str>) -> Reply {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    let mut headers = vec![
        ("Accept", accept),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let bearer = auth.map(|t| format!("Bearer {t}"));
    if let Some(b) = &bearer {
        headers.push(("Authorization", b));
    }
    send(
        Method::POST,
        url,
        &headers,
        Some(body.join("&").into_bytes()),
    )
}

fn count_triples(format: oxigraph::io::RdfFormat, text: &str) -> usize {
    oxigraph::io::RdfParser::from_format(format)
        .for_slice(text.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("invalid {format}: {e}\n{text}"))
        .len()
}

#[test]
fn sparql_protocol_pages_limits_and_shutdown() {
    let Some(mut server) = start() else {
        return;
    };
    let u = server.url.clone();
    let sparql = format!("{u}/sparql");

    let health = get(&format!("{u}/health"), "application/json");
    assert_eq!(health.status, StatusCode::OK);
    assert!(health.body.contains("\"ok\""), "{}", health.body);

    // SELECT in each results format; GET, POST form and POST application/sparql-query.
    let json = get(
        &format!("{sparql}?query={}", enc(CITES)),
        "application/sparql-results+json",
    );
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    assert!(
        json.content_type
            .starts_with("application/sparql-results+json")
    );
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("results json");
    let targets: Vec<&str> = v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .filter_map(|b| b["target"]["value"].as_str())
        .collect();
    for t in ["A/RES/57/32", "A/RES/60/1", "A/RES/70/1"] {
        assert!(targets.contains(&t), "{t} not in {targets:?}");
    }
    assert_eq!(
        json.headers.get("access-control-allow-origin").unwrap(),
        "*"
    );

    let xml = post_form(
        &sparql,
        "application/sparql-results+xml",
        &[("query", CITES)],
        None,
    );
    assert_eq!(xml.status, StatusCode::OK, "{}", xml.body);
    assert!(
        xml.content_type
            .starts_with("application/sparql-results+xml")
    );
    assert!(xml.body.contains("<sparql") && xml.body.contains("<literal>A/RES/57/32</literal>"));

    let csv = send(
        Method::POST,
        &sparql,
        &[
            ("Accept", "text/csv"),
            ("Content-Type", "application/sparql-query"),
        ],
        Some(CITES.as_bytes().to_vec()),
    );
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(csv.content_type.starts_with("text/csv"));
    assert_eq!(csv.body.lines().next(), Some("target"));
    assert!(csv.body.lines().any(|l| l == "A/RES/57/32"));
    assert_eq!(csv.body.lines().count(), targets.len() + 1);

    let tsv = get(
        &format!("{sparql}?query={}", enc(CITES)),
        "text/tab-separated-values",
    );
    assert_eq!(tsv.status, StatusCode::OK);
    assert_eq!(tsv.body.lines().next(), Some("?target"));
    assert!(tsv.body.lines().any(|l| l == "\"A/RES/57/32\""));

    // `format=` overrides the Accept header, as YASGUI and scripts send it.
    let forced = get(
        &format!("{sparql}?format=csv&query={}", enc(CITES)),
        "application/json",
    );
    assert!(forced.content_type.starts_with("text/csv"));

    // ASK, and a media type the server cannot give.
    let ask = get(
        &format!("{sparql}?query={}", enc("ASK { ?s ?p ?o }")),
        "application/sparql-results+json",
    );
    assert!(ask.body.contains("\"boolean\":true"), "{}", ask.body);
    let refused = get(&format!("{sparql}?query={}", enc(CITES)), "image/png");
    assert_eq!(refused.status, StatusCode::NOT_ACCEPTABLE);

    // CONSTRUCT as Turtle, N-Triples, RDF/XML and JSON-LD.
    let construct = "PREFIX cito: <http://purl.org/spar/cito/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        CONSTRUCT { ?w cito:cites ?t } WHERE { ?w dcterms:identifier \"A/RES/79/319\" ; cito:cites ?t }";
    let ttl = post_form(&sparql, "text/turtle", &[("query", construct)], None);
    assert_eq!(ttl.status, StatusCode::OK, "{}", ttl.body);
    assert!(ttl.content_type.starts_with("text/turtle"));
    let n = count_triples(oxigraph::io::RdfFormat::Turtle, &ttl.body);
    assert!(
        n >= targets.len(),
        "{n} triples for {} targets",
        targets.len()
    );
    assert!(ttl.body.contains("<https://w3id.org/unkg/work/A/RES/70/1>"));
    for (accept, format) in [
        ("application/n-triples", oxigraph::io::RdfFormat::NTriples),
        ("application/rdf+xml", oxigraph::io::RdfFormat::RdfXml),
    ] {
        let r = post_form(&sparql, accept, &[("query", construct)], None);
        assert!(
            r.content_type.starts_with(accept),
            "{accept}: {}",
            r.content_type
        );
        assert_eq!(count_triples(format, &r.body), n, "{accept}");
    }
    let jsonld = post_form(
        &sparql,
        "application/ld+json",
        &[("query", construct)],
        None,
    );
    assert!(jsonld.content_type.starts_with("application/ld+json"));
    serde_json::from_str::<serde_json::Value>(&jsonld.body).expect("JSON-LD is JSON");

    // The service description, at the endpoint.
    let sd = get(&sparql, "text/turtle");
    assert_eq!(sd.status, StatusCode::OK);
    assert!(sd.body.contains("sparql-service-description#Service"));
    assert!(
        sd.body.contains("SPARQL11Update"),
        "updates are on in this server"
    );
    assert!(count_triples(oxigraph::io::RdfFormat::Turtle, &sd.body) >= 10);

    // default-graph-uri narrows the default graph to one language version.
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://purl.org/spar/cito/Citation> }";
    let n_in = |graph: Option<&str>| -> u64 {
        let mut url = format!("{sparql}?query={}", enc(count));
        if let Some(g) = graph {
            url.push_str(&format!("&default-graph-uri={}", enc(g)));
        }
        let r = get(&url, "text/csv");
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body
            .lines()
            .nth(1)
            .and_then(|l| l.parse().ok())
            .expect("a count")
    };
    let all = n_in(None);
    let en = n_in(Some("https://w3id.org/unkg/graph/en/A/RES/79/319"));
    let zh = n_in(Some("https://w3id.org/unkg/graph/zh/A/RES/79/319"));
    assert!(
        en > 0 && zh > 0 && en + zh < all,
        "en {en} zh {zh} all {all}"
    );

    // More rows than the cap: cut, and said so.
    let many = get(
        &format!("{sparql}?query={}", enc("SELECT * WHERE { ?s ?p ?o }")),
        "application/sparql-results+json",
    );
    assert_eq!(many.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&many.body).expect("results json");
    assert_eq!(
        v["results"]["bindings"].as_array().map(Vec::len),
        Some(1000)
    );
    assert_eq!(many.headers.get("x-sparql-maxrows").unwrap(), "1000");

    // A malformed query: 400 with the parser's message.
    let bad = get(
        &format!("{sparql}?query={}", enc("SELECT ?x WHERE { ?x ?y }")),
        "*/*",
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("error at 1:"), "{}", bad.body);

    // Writes: refused without the token or with a wrong one, done with it.
    let insert = "INSERT DATA { GRAPH <urn:test:g> { <urn:test:s> <urn:test:p> \"o\" } }";
    let no_token = post_form(&format!("{u}/update"), "*/*", &[("update", insert)], None);
    assert_eq!(no_token.status, StatusCode::UNAUTHORIZED);
    assert!(no_token.body.contains("token"));
    let wrong = post_form(
        &format!("{u}/update"),
        "*/*",
        &[("update", insert)],
        Some("wrong-token-000"),
    );
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let gsp_no_token = send(
        Method::DELETE,
        &format!("{u}/store?graph={}", enc("urn:test:g")),
        &[],
        None,
    );
    assert_eq!(gsp_no_token.status, StatusCode::UNAUTHORIZED);
    let ok = post_form(
        &format!("{u}/update"),
        "*/*",
        &[("update", insert)],
        Some(TOKEN),
    );
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    let stored = get(
        &format!("{u}/store?graph={}", enc("urn:test:g")),
        "application/n-triples",
    );
    assert_eq!(stored.status, StatusCode::OK);
    assert_eq!(stored.body.trim(), "<urn:test:s> <urn:test:p> \"o\" .");
    let bad_update = post_form(
        &format!("{u}/update"),
        "*/*",
        &[("update", "INSERT { }")],
        Some(TOKEN),
    );
    assert_eq!(bad_update.status, StatusCode::BAD_REQUEST);

    // A build through the running server: refused without the token, done with it.
    let docs = tempfile::tempdir().expect("temp dir");
    let doc = docs.path().join("note.txt");
    std::fs::write(
        &doc,
        "The General Assembly,\n\nRecalling its resolution 57/32 of 19 November 2002,\n",
    )
    .expect("write doc");
    let list = format!("{}\n", docs.path().display());
    let refused = send(
        Method::POST,
        &format!("{u}/build"),
        &[],
        Some(list.clone().into_bytes()),
    );
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let bearer = format!("Bearer {TOKEN}");
    let built = send(
        Method::POST,
        &format!("{u}/build"),
        &[("Authorization", &bearer)],
        Some(list.into_bytes()),
    );
    assert_eq!(built.status, StatusCode::OK, "{}", built.body);
    let summary: serde_json::Value = serde_json::from_str(&built.body).expect("summary");
    assert_eq!(summary["new"], 1, "{summary}");
    let missing = send(
        Method::POST,
        &format!("{u}/build"),
        &[("Authorization", &bearer)],
        Some(b"/no/such/folder\n".to_vec()),
    );
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.body.contains("/no/such/folder"));

    // An oversized request: 413.
    let big = "#".repeat(70_000) + "\nASK {}";
    let too_big = post_form(&sparql, "*/*", &[("query", &big)], None);
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);

    // A cross product the timeout could not stop is refused before it starts, parts named.
    let product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let refused = get(&format!("{sparql}?query={}", enc(product)), "text/csv");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("share no variable") && refused.body.contains("?d ?e ?f"),
        "{}",
        refused.body
    );

    // A query over the timeout is cut off, stops running, and the server goes on answering.
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?p ?d . ?e ?p ?f }";
    let t0 = Instant::now();
    let cut = get(&format!("{sparql}?query={}", enc(slow)), "text/csv");
    let took = t0.elapsed();
    assert_eq!(cut.status, StatusCode::SERVICE_UNAVAILABLE, "{}", cut.body);
    assert!(cut.body.contains("limit of 3 s"), "{}", cut.body);
    assert!(took < Duration::from_secs(20), "cut after {took:?}");
    // Its thread notices the cancellation at its next read of the store and ends.
    let stopped = Instant::now();
    loop {
        let health = get(&format!("{u}/health"), "*/*");
        assert_eq!(health.status, StatusCode::OK);
        if health.body.contains("\"runaway_queries\":0") {
            break;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(30),
            "the cancelled query is still running: {}",
            health.body
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!(
        "cancelled query ended {:?} after its 503",
        stopped.elapsed()
    );
    assert_eq!(
        get(&format!("{sparql}?query={}", enc(CITES)), "text/csv").body,
        csv.body
    );

    // Pages and Linked Data at the path of the Work IRI.
    let page = get(&format!("{u}/work/A/RES/79/319"), "text/html");
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    for needle in [
        "A/RES/70/1",
        "<mark>",
        "Cited by",
        "Language versions",
        "citesAsAuthority",
    ] {
        assert!(page.body.contains(needle), "{needle} not on the page");
    }
    let ld = get(&format!("{u}/work/A/RES/79/319"), "text/turtle");
    assert!(ld.content_type.starts_with("text/turtle"));
    assert!(count_triples(oxigraph::io::RdfFormat::Turtle, &ld.body) > 10);
    assert_eq!(
        get(&format!("{u}/work/NO/SUCH/1"), "text/html").status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&format!("{u}/query"), "text/html").status,
        StatusCode::OK
    );
    let preflight = send(
        Method::OPTIONS,
        &sparql,
        &[("Origin", "http://example.org")],
        None,
    );
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);

    // Graceful shutdown on SIGTERM.
    let pid = server.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let t0 = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// While a server holds a store, the other commands refuse to open it and say where the
/// server is (the marker is written as a running server writes it, naming this live process).
#[test]
fn commands_refuse_a_served_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let marker = serde_json::json!({"pid": std::process::id(), "url": "http://127.0.0.1:7979/"});
    std::fs::write(dir.path().join("unkg-serve.json"), marker.to_string()).expect("marker");
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, "The General Assembly,\n").expect("doc");
    for args in [
        vec!["build", doc.to_str().unwrap(), "--store"],
        vec!["query", "ASK {}", "--store"],
        vec!["remove", "A/RES/1/1", "--store"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_unkg"))
            .args(&args)
            .arg(dir.path())
            .output()
            .expect("run unkg");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(
            err.contains("is being served by `unkg serve` at http://127.0.0.1:7979/")
                && err.contains("http://127.0.0.1:7979/build"),
            "{args:?}: {err}"
        );
    }
}
