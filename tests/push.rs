//! `unkg push` against a Graph Store Protocol / SPARQL Update server on loopback that keeps
//! what it is sent: the PUT bodies are the store's graphs, a second run sends nothing, a graph
//! the server refuses is the only one sent again, Basic and Digest challenges are answered,
//! updates come in batches, `--dry-run` sends nothing and `--prune` removes what the store
//! dropped. Nothing here leaves the machine.

mod store_support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use md5::{Digest, Md5};
use unkg::model::vocab::BOOKKEEPING_GRAPH;
use unkg::net::{Client, Config, Credentials};
use unkg::push::{self, Options, Protocol, Quiet, State, graph_body};
use unkg::store::Store;
use unkg::store::rdf::{NamedNode, Quad};

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Req {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Req {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn graph(&self) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == "graph")
            .map(|(_, v)| v.to_string())
    }

    fn update(&self) -> Option<String> {
        form_urlencoded::parse(&self.body)
            .find(|(k, _)| k == "update")
            .map(|(_, v)| v.to_string())
    }
}

#[derive(Clone)]
enum Auth {
    Open,
    Basic(String),
    Digest(String, String),
}

struct World {
    requests: Vec<Req>,
    graphs: BTreeMap<String, Vec<u8>>,
    fail_graph: Option<String>,
    auth: Auth,
}

struct Server {
    port: u16,
    world: Arc<Mutex<World>>,
}

const REALM: &str = "unkg-test";
const NONCE: &str = "5b1c0e7f3a";

impl Server {
    fn start(auth: Auth) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("addr").port();
        let world = Arc::new(Mutex::new(World {
            requests: Vec::new(),
            graphs: BTreeMap::new(),
            fail_graph: None,
            auth,
        }));
        let w = world.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let w = w.clone();
                std::thread::spawn(move || serve(stream, &w));
            }
        });
        Server { port, world }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<Req> {
        self.world.lock().expect("world").requests.clone()
    }

    fn graphs(&self) -> BTreeMap<String, Vec<u8>> {
        self.world.lock().expect("world").graphs.clone()
    }

    fn fail(&self, graph: Option<&str>) {
        self.world.lock().expect("world").fail_graph = graph.map(str::to_string);
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Req> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let mut lines = head.lines();
    let first = lines.next()?;
    let mut parts = first.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = data[head_end..].to_vec();
    while body.len() < len {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    Some(Req {
        method,
        target,
        headers,
        body,
    })
}

fn hex_md5(s: &str) -> String {
    Md5::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether an `Authorization: Digest …` header answers the server's challenge correctly.
fn digest_ok(header: &str, method: &str, user: &str, password: &str) -> bool {
    let Some(rest) = header.strip_prefix("Digest ") else {
        return false;
    };
    let p: BTreeMap<String, String> = rest
        .split(", ")
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string()))
        .collect();
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    let ha1 = hex_md5(&format!("{user}:{REALM}:{password}"));
    let ha2 = hex_md5(&format!("{method}:{}", get("uri")));
    let expected = hex_md5(&format!(
        "{ha1}:{NONCE}:{}:{}:auth:{ha2}",
        get("nc"),
        get("cnonce")
    ));
    get("username") == user && get("nonce") == NONCE && get("response") == expected
}

fn serve(mut stream: TcpStream, world: &Mutex<World>) {
    let Some(req) = read_request(&mut stream) else {
        return;
    };
    let (code, extra) = {
        let mut w = world.lock().expect("world");
        w.requests.push(req.clone());
        let authorised = match &w.auth {
            Auth::Open => true,
            Auth::Basic(expected) => req.header("authorization") == Some(expected.as_str()),
            Auth::Digest(user, password) => req
                .header("authorization")
                .is_some_and(|h| digest_ok(h, &req.method, user, password)),
        };
        if !authorised {
            let challenge = match &w.auth {
                Auth::Basic(_) => format!("Basic realm=\"{REALM}\""),
                _ => format!(
                    "Digest realm=\"{REALM}\", nonce=\"{NONCE}\", qop=\"auth\", algorithm=MD5"
                ),
            };
            (401, format!("WWW-Authenticate: {challenge}\r\n"))
        } else if req.method == "PUT" {
            let g = req.graph().unwrap_or_default();
            if w.fail_graph.as_deref() == Some(g.as_str()) {
                (500, String::new())
            } else {
                let created = w.graphs.insert(g, req.body.clone()).is_none();
                (if created { 201 } else { 204 }, String::new())
            }
        } else if req.method == "DELETE" {
            let g = req.graph().unwrap_or_default();
            (
                if w.graphs.remove(&g).is_some() {
                    204
                } else {
                    404
                },
                String::new(),
            )
        } else if req.method == "POST" && req.update().is_some() {
            (200, String::new())
        } else {
            (400, String::new())
        }
    };
    // An error answer explains itself in its body, as real endpoints do.
    let body = if code >= 500 {
        "Error SR000: graph refused"
    } else {
        ""
    };
    let h = format!(
        "HTTP/1.1 {code} X\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(h.as_bytes());
}

fn client(credentials: Option<(&str, &str)>) -> Client {
    Client::new(Config {
        timeout: Duration::from_secs(10),
        retries: 1,
        backoff: Duration::from_millis(5),
        max_wait: Duration::from_millis(50),
        credentials: credentials.map(|(u, p)| Credentials {
            user: u.into(),
            password: p.into(),
        }),
        ..Config::default()
    })
    .expect("client")
}

fn state_file(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("unkg-push-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    std::fs::create_dir_all(&d).expect("temp dir");
    d.join("state.tsv")
}

/// The graphs a push sends: every named graph but the bookkeeping graph.
fn pushed_graphs(store: &Store) -> Vec<NamedNode> {
    store
        .named_graphs()
        .expect("graphs")
        .into_iter()
        .filter(|g| g.as_str() != BOOKKEEPING_GRAPH)
        .collect()
}

fn run(store: &Store, client: &Client, opts: &Options, state: &Path) -> push::Summary {
    let mut st = State::open(state).expect("state");
    push::push(store, client, opts, &mut st, &mut Quiet).expect("push")
}

#[test]
fn gsp_puts_each_graph_whole_and_a_rerun_sends_nothing() {
    let store = store_support::fixture_store();
    let server = Server::start(Auth::Open);
    let state = state_file("gsp");
    let opts = Options::new(&server.url("/gsp"), Protocol::Gsp);
    let c = client(None);
    let graphs = pushed_graphs(&store);
    assert!(graphs.len() >= 4, "{graphs:?}");

    let sum = run(&store, &c, &opts, &state);
    assert_eq!(
        (sum.pushed, sum.skipped, sum.failed.len()),
        (graphs.len(), 0, 0)
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), graphs.len());
    for r in &reqs {
        assert_eq!(r.method, "PUT");
        assert_eq!(r.header("content-type"), Some("application/n-triples"));
    }
    let got = server.graphs();
    let expected: BTreeSet<String> = graphs.iter().map(|g| g.as_str().to_string()).collect();
    assert_eq!(got.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(!got.contains_key(BOOKKEEPING_GRAPH));
    for g in &graphs {
        let (body, n) = graph_body(&store, g).expect("body");
        assert_eq!(got[g.as_str()], body, "{g}");
        assert_eq!(n, store.graph_len(g).expect("len"));
        // The body parses as N-Triples into exactly the graph's triples.
        let parsed = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
            .for_slice(&got[g.as_str()])
            .count();
        assert_eq!(parsed, n);
    }
    assert_eq!(
        sum.triples,
        graphs
            .iter()
            .map(|g| store.graph_len(g).expect("len"))
            .sum::<usize>()
    );

    // Again: nothing changed, nothing sent.
    let again = run(&store, &c, &opts, &state);
    assert_eq!((again.pushed, again.skipped), (0, graphs.len()));
    assert_eq!(server.requests().len(), graphs.len());

    // One graph changes: only it is sent.
    let g = &graphs[0];
    let mut quads = store.graph_quads(g).expect("quads");
    quads.push(Quad::new(
        NamedNode::new_unchecked("https://example.org/s"),
        NamedNode::new_unchecked("https://example.org/p"),
        NamedNode::new_unchecked("https://example.org/o"),
        g.clone(),
    ));
    store.replace_graph(g, &quads).expect("change");
    let third = run(&store, &c, &opts, &state);
    assert_eq!((third.pushed, third.skipped), (1, graphs.len() - 1));
    let last = server.requests().pop().expect("request");
    assert_eq!(last.graph().as_deref(), Some(g.as_str()));
    assert!(String::from_utf8_lossy(&last.body).contains("<https://example.org/o>"));
}

#[test]
fn a_refused_graph_is_the_only_one_sent_again() {
    let store = store_support::fixture_store();
    let server = Server::start(Auth::Open);
    let state = state_file("resume");
    let opts = Options::new(&server.url("/gsp"), Protocol::Gsp);
    let c = client(None);
    let graphs = pushed_graphs(&store);
    let bad = graphs[graphs.len() / 2].as_str().to_string();
    server.fail(Some(&bad));

    let sum = run(&store, &c, &opts, &state);
    assert_eq!(sum.pushed, graphs.len() - 1);
    assert_eq!(sum.failed.len(), 1);
    assert_eq!(sum.failed[0].0, bad);
    assert!(
        sum.failed[0]
            .1
            .contains("HTTP 500: Error SR000: graph refused"),
        "{:?}",
        sum.failed
    );
    // Retried once (Config::retries = 1), then given up.
    let tries = server
        .requests()
        .iter()
        .filter(|r| r.graph().as_deref() == Some(bad.as_str()))
        .count();
    assert_eq!(tries, 2);
    let recorded = State::open(&state).expect("state");
    let endpoint = server.url("/gsp");
    assert_eq!(
        recorded.graphs(Protocol::Gsp, &endpoint).len(),
        graphs.len() - 1
    );
    assert_eq!(recorded.get(Protocol::Gsp, &endpoint, &bad), None);

    server.fail(None);
    let before = server.requests().len();
    let again = run(&store, &c, &opts, &state);
    assert_eq!(
        (again.pushed, again.skipped, again.failed.len()),
        (1, graphs.len() - 1, 0)
    );
    let sent: Vec<Req> = server.requests()[before..].to_vec();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].graph().as_deref(), Some(bad.as_str()));
    assert_eq!(server.graphs().len(), graphs.len());
}

#[test]
fn digest_and_basic_challenges_are_answered() {
    let store = store_support::fixture_store();
    let graphs = pushed_graphs(&store);

    let server = Server::start(Auth::Digest("dba".into(), "s3cret".into()));
    let opts = Options::new(&server.url("/sparql-graph-crud-auth"), Protocol::Gsp);
    let sum = run(
        &store,
        &client(Some(("dba", "s3cret"))),
        &opts,
        &state_file("digest"),
    );
    assert_eq!(
        (sum.pushed, sum.failed.len()),
        (graphs.len(), 0),
        "{:?}",
        sum.failed
    );
    let reqs = server.requests();
    // One challenge, then every request answers it with the next nonce count.
    assert_eq!(reqs.len(), graphs.len() + 1);
    assert_eq!(reqs[0].header("authorization"), None);
    let ncs: Vec<String> = reqs[1..]
        .iter()
        .map(|r| {
            let h = r.header("authorization").expect("authorization");
            assert!(digest_ok(h, "PUT", "dba", "s3cret"), "{h}");
            h.split("nc=").nth(1).expect("nc")[..8].to_string()
        })
        .collect();
    assert_eq!(ncs[0], "00000001");
    assert_eq!(ncs.iter().collect::<BTreeSet<_>>().len(), ncs.len());

    // A wrong password: refused, and the push stops after three graphs in a row.
    let wrong = run(
        &store,
        &client(Some(("dba", "nope"))),
        &opts,
        &state_file("digest-wrong"),
    );
    assert!(wrong.stopped);
    assert_eq!((wrong.pushed, wrong.failed.len()), (0, 3));
    assert!(wrong.failed[0].1.contains("401"), "{:?}", wrong.failed);

    let server = Server::start(Auth::Basic("Basic ZGJhOnMzY3JldA==".into()));
    let opts = Options::new(&server.url("/gsp"), Protocol::Gsp);
    let sum = run(
        &store,
        &client(Some(("dba", "s3cret"))),
        &opts,
        &state_file("basic"),
    );
    assert_eq!((sum.pushed, sum.failed.len()), (graphs.len(), 0));
    assert_eq!(server.requests().len(), graphs.len() + 1);
}

#[test]
fn updates_drop_then_insert_in_batches() {
    let store = store_support::fixture_store();
    let server = Server::start(Auth::Open);
    let opts = Options {
        batch: 40,
        ..Options::new(&server.url("/update"), Protocol::Update)
    };
    let sum = run(&store, &client(None), &opts, &state_file("update"));
    let graphs = pushed_graphs(&store);
    assert_eq!((sum.pushed, sum.failed.len()), (graphs.len(), 0));
    let updates: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            assert_eq!(
                r.header("content-type"),
                Some("application/x-www-form-urlencoded")
            );
            r.update().expect("update=")
        })
        .collect();
    let mut expected_requests = 0;
    for g in &graphs {
        let (body, n) = graph_body(&store, g).expect("body");
        expected_requests += n.div_ceil(40);
        let drop = format!("DROP SILENT GRAPH <{}> ;", g.as_str());
        let insert = format!("INSERT DATA {{ GRAPH <{}> {{", g.as_str());
        let mine: Vec<&String> = updates.iter().filter(|u| u.contains(&insert)).collect();
        assert_eq!(mine.len(), n.div_ceil(40), "{g}");
        assert!(mine[0].starts_with(&drop), "{}", mine[0]);
        assert!(mine[1..].iter().all(|u| !u.contains("DROP")));
        let sent: BTreeSet<&str> = mine
            .iter()
            .flat_map(|u| u.lines().filter(|l| l.ends_with(" .")))
            .collect();
        let text = String::from_utf8(body).expect("utf-8");
        assert_eq!(sent, text.lines().collect::<BTreeSet<_>>(), "{g}");
    }
    assert_eq!(updates.len(), expected_requests);
}

#[test]
fn dry_run_sends_nothing_and_prune_removes_dropped_graphs() {
    let store = store_support::fixture_store();
    let server = Server::start(Auth::Open);
    let state = state_file("prune");
    let c = client(None);
    let graphs = pushed_graphs(&store);

    let dry = Options {
        dry_run: true,
        ..Options::new(&server.url("/gsp"), Protocol::Gsp)
    };
    let sum = run(&store, &c, &dry, &state);
    assert_eq!((sum.would_push, sum.pushed), (graphs.len(), 0));
    assert!(server.requests().is_empty());
    assert!(!state.exists());

    let opts = Options {
        prune: true,
        ..Options::new(&server.url("/gsp"), Protocol::Gsp)
    };
    run(&store, &c, &opts, &state);
    let gone = store
        .graphs()
        .expect("documents")
        .into_iter()
        .next()
        .expect("a document");
    store.remove(std::slice::from_ref(&gone)).expect("remove");
    let before = server.requests().len();
    let sum = run(&store, &c, &opts, &state);
    assert_eq!((sum.pruned, sum.pushed), (1, 0));
    let sent = &server.requests()[before..];
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "DELETE");
    assert_eq!(sent[0].graph().as_deref(), Some(gone.as_str()));
    assert!(!server.graphs().contains_key(gone.as_str()));
    // Pruned graphs are forgotten: the next run has nothing to do.
    let quiet = run(&store, &c, &opts, &state);
    assert_eq!(
        (quiet.pruned, quiet.pushed, quiet.skipped),
        (0, 0, graphs.len() - 1)
    );
}
