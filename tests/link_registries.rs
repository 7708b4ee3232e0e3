//! Every registry client against a local HTTP server on loopback that serves recorded answers
//! in each registry's format (tests/fixtures/registries/), with faults: 429 with Retry-After,
//! 500, a hung connection past the timeout, malformed JSON and a 50 MB answer. A run finishes,
//! reports each failure, and keeps every link already made. Nothing here reaches the internet.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use unkg::link::digital_library::{DigitalLibrary, parse_marcxml};
use unkg::link::fetch::{Level, Plan, fetch_cited};
use unkg::link::ods::Ods;
use unkg::link::unbis::Unbis;
use unkg::link::wikidata::Wikidata;
use unkg::link::{self, BodySubject, Corpus, DocumentSubject, Registry};
use unkg::net::{Client, Config, NetError, RateLimit, host_of};
use unkg::store::Store;
use unkg::store::build::{BuildOptions, Quiet, build};

/// What the server does with one request.
enum Reply {
    /// Status, content type, extra headers, body.
    Send(u16, &'static str, Vec<(&'static str, String)>, Vec<u8>),
    /// Read the request, then say nothing for this long.
    Hang(Duration),
    /// A body of this many bytes, with or without `Content-Length`.
    Big(usize, bool),
}

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/registries")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn ok(ct: &'static str, body: Vec<u8>) -> Reply {
    Reply::Send(200, ct, Vec::new(), body)
}

fn status(code: u16) -> Reply {
    Reply::Send(
        code,
        "text/html",
        Vec::new(),
        b"<html>error</html>".to_vec(),
    )
}

const JSON: &str = "application/json";
const SPARQL_JSON: &str = "application/sparql-results+json";

/// The loopback server: one thread per connection, every request target and User-Agent
/// recorded; `broken` turns every Wikidata answer into a 500.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<(String, String)>>>,
    broken: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let broken = Arc::new(AtomicBool::new(false));
        let seen_429 = Arc::new(AtomicUsize::new(0));
        let (r, b) = (requests.clone(), broken.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, b, s) = (r.clone(), b.clone(), seen_429.clone());
                std::thread::spawn(move || serve(stream, &r, &b, &s));
            }
        });
        Server {
            port,
            requests,
            broken,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn count(&self, needle: &str) -> usize {
        self.requests
            .lock()
            .map(|r| r.iter().filter(|(t, _)| t.contains(needle)).count())
            .unwrap_or(0)
    }
}

fn serve(
    mut stream: TcpStream,
    requests: &Mutex<Vec<(String, String)>>,
    broken: &AtomicBool,
    seen_429: &AtomicUsize,
) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let target = head.split_whitespace().nth(1).unwrap_or("").to_string();
    let ua = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("user-agent:")
                .then(|| l[11..].trim().to_string())
        })
        .unwrap_or_default();
    if let Ok(mut r) = requests.lock() {
        r.push((target.clone(), ua));
    }
    let reply = route(&target, broken, seen_429);
    let _ = match reply {
        Reply::Send(code, ct, headers, body) => {
            let mut h = format!(
                "HTTP/1.1 {code} X\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                h.push_str(&format!("{k}: {v}\r\n"));
            }
            h.push_str("\r\n");
            stream
                .write_all(h.as_bytes())
                .and_then(|_| stream.write_all(&body))
        }
        Reply::Hang(d) => {
            std::thread::sleep(d);
            Ok(())
        }
        Reply::Big(n, with_length) => {
            let mut h =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    .to_string();
            if with_length {
                h.push_str(&format!("Content-Length: {n}\r\n"));
            }
            h.push_str("\r\n");
            let chunk = vec![b' '; 1 << 20];
            let mut res = stream.write_all(h.as_bytes());
            let mut left = n;
            while res.is_ok() && left > 0 {
                let k = left.min(chunk.len());
                res = stream.write_all(&chunk[..k]);
                left -= k;
            }
            res
        }
    };
}

fn imf_fixdate(imf: &str) -> String {
    imf.to_string()
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` as RFC 850 writes it: `Sunday, 06-Nov-94 08:49:37 GMT`.
fn rfc850(imf: &str) -> String {
    let p: Vec<&str> = imf.split_whitespace().collect();
    let day = match p[0] {
        "Mon," => "Monday",
        "Tue," => "Tuesday",
        "Wed," => "Wednesday",
        "Thu," => "Thursday",
        "Fri," => "Friday",
        "Sat," => "Saturday",
        _ => "Sunday",
    };
    format!("{day}, {}-{}-{} {} GMT", p[1], p[2], &p[3][2..], p[4])
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` as C's asctime writes it: `Sun Nov  6 08:49:37 1994`.
fn asctime(imf: &str) -> String {
    let p: Vec<&str> = imf.split_whitespace().collect();
    let day: u32 = p[1].parse().expect("day of month");
    format!(
        "{} {} {day:>2} {} {}",
        p[0].trim_end_matches(','),
        p[2],
        p[4],
        p[3]
    )
}

fn route(t: &str, broken: &AtomicBool, seen_429: &AtomicUsize) -> Reply {
    if t.starts_with("/fault/429-once") {
        return if seen_429.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::Send(
                429,
                "text/plain",
                vec![("Retry-After", "1".into())],
                b"slow down".to_vec(),
            )
        } else {
            ok("text/plain", b"ok".to_vec())
        };
    }
    // Retry-After as an HTTP-date: two seconds from now, or an hour (past any sane cap); in
    // the IMF-fixdate form, and the obsolete RFC 850 and asctime forms.
    for (path, ahead, form) in [
        ("/fault/429-date-once", 2, imf_fixdate as fn(&str) -> String),
        ("/fault/429-rfc850-once", 2, rfc850),
        ("/fault/429-asctime-once", 2, asctime),
        ("/fault/429-far-date-once", 3600, imf_fixdate),
    ] {
        if t.starts_with(path) {
            return if seen_429.fetch_add(1, Ordering::SeqCst) == 0 {
                let at = std::time::SystemTime::now() + Duration::from_secs(ahead);
                Reply::Send(
                    429,
                    "text/plain",
                    vec![("Retry-After", form(&httpdate::fmt_http_date(at)))],
                    b"slow down".to_vec(),
                )
            } else {
                ok("text/plain", b"ok".to_vec())
            };
        }
    }
    if t.starts_with("/fault/500") {
        return status(500);
    }
    if t.starts_with("/fault/hang") {
        return Reply::Hang(Duration::from_secs(3));
    }
    if t.starts_with("/fault/big-stream") {
        return Reply::Big(50 << 20, false);
    }
    if t.starts_with("/fault/big") {
        return Reply::Big(50 << 20, true);
    }
    if t.starts_with("/fault/ok") {
        return ok("text/plain", b"ok".to_vec());
    }
    if t.starts_with("/wd/") && broken.load(Ordering::SeqCst) {
        return status(500);
    }
    if t.starts_with("/wd/sparql") {
        return if t.contains("A%2FRES%2F70%2F1%22") {
            ok(SPARQL_JSON, fixture("wikidata-sparql-a-res-70-1.json"))
        } else if t.contains("A%2FRES%2F1%2F500") {
            ok(
                SPARQL_JSON,
                b"{\"head\":{\"vars\":[\"item\"]},\"results\":{\"bind".to_vec(),
            )
        } else if t.contains("A%2FRES%2F2%2F1%22") {
            Reply::Hang(Duration::from_secs(3))
        } else if t.contains("S%2FRES%2F500") {
            ok(SPARQL_JSON, fixture("wikidata-sparql-two-items.json"))
        } else {
            ok(SPARQL_JSON, fixture("wikidata-sparql-empty.json"))
        };
    }
    if t.starts_with("/wd/api") {
        return if t.contains("wbsearchentities")
            && t.contains("United%20Nations%20Office%20on%20Drugs%20and%20Crime")
        {
            ok(JSON, fixture("wikidata-wbsearchentities-unodc.json"))
        } else if t.contains("wbgetentities") && t.contains("ids=Q47423") {
            ok(JSON, fixture("wikidata-wbgetentities-q47423.json"))
        } else if t.contains("wbgetentities") && t.contains("ids=Q827525") {
            ok(JSON, fixture("wikidata-wbgetentities-q827525.json"))
        } else if t.contains("wbsearchentities") {
            ok(
                JSON,
                br#"{"searchinfo":{"search":""},"search":[],"success":1}"#.to_vec(),
            )
        } else {
            ok(JSON, br#"{"entities":{},"success":1}"#.to_vec())
        };
    }
    if t.starts_with("/dl/search") {
        return if t.contains("A%2FRES%2F70%2F1%22") {
            ok("application/xml", fixture("digital-library-a-res-70-1.xml"))
        } else if t.contains("S%2FRES%2F500") {
            status(500)
        } else {
            ok("application/xml", fixture("digital-library-empty.xml"))
        };
    }
    if t.starts_with("/unbis/autocomplete") {
        // The thesaurus matches labels whatever their case.
        return if t
            .to_ascii_uppercase()
            .contains("Q=SUSTAINABLE%20DEVELOPMENT&")
        {
            ok(
                JSON,
                fixture("unbis-autocomplete-sustainable-development.json"),
            )
        } else {
            ok(JSON, fixture("unbis-autocomplete-empty.json"))
        };
    }
    // Recorded ODS answers: the English PDFs of two documents in the corpus.
    for (symbol, file) in [
        ("S%2F2025%2F317", "S_2025_317.pdf"),
        ("A%2F80%2F500-S%2F2025%2F656", "A_80_500-S_2025_656.pdf"),
    ] {
        if t.starts_with("/ods/api/symbol/access") && t.contains(&format!("s={symbol}&l=en&")) {
            let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpus/en")
                .join(file);
            let pdf = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            return ok("application/pdf", pdf);
        }
    }
    if t.starts_with("/ods/api/symbol/access") {
        let exists = t.contains("s=A%2FRES%2F70%2F1&")
            && ["l=en&", "l=zh&", "l=fr&"].iter().any(|l| t.contains(l));
        return if exists {
            ok(
                "application/pdf",
                b"%PDF-1.4\n% recorded stand-in\n%%EOF\n".to_vec(),
            )
        } else {
            Reply::Send(
                404,
                "text/html",
                Vec::new(),
                b"<html>not found</html>".to_vec(),
            )
        };
    }
    status(404)
}

/// A client for tests: short timeouts and backoffs, no cache unless given.
fn client(cache: Option<PathBuf>) -> Client {
    Client::new(Config {
        timeout: Duration::from_millis(400),
        retries: 1,
        backoff: Duration::from_millis(5),
        max_wait: Duration::from_secs(2),
        max_body: 8 << 20,
        cache_dir: cache,
        ..Config::default()
    })
    .expect("client")
}

/// Asks for `path`, which answers 429 once and then `ok`; the time the client took.
fn retried(path: &str) -> Duration {
    let s = Server::start();
    let c = client(None); // max_wait: 2 s
    let t = Instant::now();
    let r = c
        .get(&s.url(path), "text/plain")
        .expect("second attempt succeeds");
    assert_eq!(r.body, b"ok");
    assert_eq!(c.counters().retries, 1);
    assert_eq!(s.count(path), 2);
    t.elapsed()
}

#[test]
fn a_429_is_retried_after_the_time_the_server_asks() {
    let waited = retried("/fault/429-once");
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

#[test]
fn a_retry_after_date_is_waited_for() {
    // The date has whole seconds: two seconds ahead is more than one second away.
    let waited = retried("/fault/429-date-once");
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

#[test]
fn a_retry_after_date_in_the_obsolete_forms_is_waited_for() {
    assert_eq!(
        rfc850("Sun, 06 Nov 1994 08:49:37 GMT"),
        "Sunday, 06-Nov-94 08:49:37 GMT"
    );
    assert_eq!(
        asctime("Sun, 06 Nov 1994 08:49:37 GMT"),
        "Sun Nov  6 08:49:37 1994"
    );
    for path in ["/fault/429-rfc850-once", "/fault/429-asctime-once"] {
        let waited = retried(path);
        assert!(waited >= Duration::from_millis(950), "{path}: {waited:?}");
    }
}

#[test]
fn a_retry_after_date_far_ahead_is_capped() {
    let waited = retried("/fault/429-far-date-once");
    assert!(
        waited >= Duration::from_millis(1950) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
}

#[test]
fn a_500_is_retried_then_reported() {
    let s = Server::start();
    let c = client(None);
    let e = c.get(&s.url("/fault/500"), "text/plain").unwrap_err();
    assert!(matches!(e, NetError::Status { status: 500, .. }), "{e}");
    assert_eq!(s.count("/fault/500"), 2, "one retry");
}

#[test]
fn a_hung_connection_times_out() {
    let s = Server::start();
    let c = client(None);
    let t = Instant::now();
    let e = c.get(&s.url("/fault/hang"), "text/plain").unwrap_err();
    assert!(matches!(e, NetError::Timeout { .. }), "{e}");
    assert!(e.to_string().contains("/fault/hang"));
    assert!(
        t.elapsed() < Duration::from_millis(2500),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn a_fifty_megabyte_answer_is_refused_with_or_without_its_length() {
    let s = Server::start();
    let c = client(None);
    for path in ["/fault/big", "/fault/big-stream"] {
        let e = c.get(&s.url(path), JSON).unwrap_err();
        assert!(matches!(e, NetError::TooLarge { .. }), "{path}: {e}");
    }
}

#[test]
fn the_cache_answers_a_second_run_and_dry_run_never_asks() {
    let s = Server::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let url = s.url("/fault/ok");
    let first = client(Some(dir.path().to_path_buf()));
    assert!(!first.get(&url, "text/plain").expect("get").from_cache);
    let second = client(Some(dir.path().to_path_buf()));
    let r = second.get(&url, "text/plain").expect("cached");
    assert!(r.from_cache);
    assert_eq!(r.body, b"ok");
    assert_eq!(second.counters().requests, 0);
    assert_eq!(s.count("/fault/ok"), 1);
    // An expired entry is asked again.
    let stale = Client::new(Config {
        cache_dir: Some(dir.path().to_path_buf()),
        cache_ttl: Duration::ZERO,
        ..Config::default()
    })
    .expect("client");
    std::thread::sleep(Duration::from_millis(1100));
    assert!(!stale.get(&url, "text/plain").expect("get").from_cache);
    // Dry run: cached answers still come back, nothing else is asked.
    let dry = Client::new(Config {
        dry_run: true,
        cache_dir: Some(dir.path().to_path_buf()),
        ..Config::default()
    })
    .expect("client");
    assert!(dry.get(&url, "text/plain").expect("cached").from_cache);
    let e = dry.get(&s.url("/fault/500"), "text/plain").unwrap_err();
    assert!(matches!(e, NetError::DryRun { .. }));
    assert_eq!(s.count("/fault/500"), 0);
}

#[test]
fn requests_respect_the_rate_limit_and_say_who_is_asking() {
    let s = Server::start();
    let url = s.url("/fault/ok");
    let mut limits = HashMap::new();
    limits.insert(
        host_of(&url),
        RateLimit {
            requests: 2,
            per: Duration::from_millis(600),
        },
    );
    let c = Client::new(Config {
        rate_limits: limits,
        ..Config::default()
    })
    .expect("client");
    let t = Instant::now();
    for _ in 0..4 {
        c.get(&url, "text/plain").expect("get");
    }
    assert!(
        t.elapsed() >= Duration::from_millis(600),
        "{:?}",
        t.elapsed()
    );
    let reqs = s.requests.lock().map(|r| r.clone()).unwrap_or_default();
    assert!(
        reqs.iter()
            .all(|(_, ua)| ua.starts_with("unkg/") && ua.contains("http"))
    );
}

#[test]
fn each_client_reads_its_registry_format() {
    let s = Server::start();
    let c = client(None);
    let wd = Wikidata::new(&c, &s.url("/wd/sparql"), &s.url("/wd/api"));
    let (_, items) = wd.items_by_symbol("A/RES/70/1").expect("sparql");
    assert_eq!(items, ["http://www.wikidata.org/entity/Q21045422"]);
    let (_, items) = wd
        .items_by_label("United Nations Office on Drugs and Crime")
        .expect("search");
    assert_eq!(items, ["http://www.wikidata.org/entity/Q827525"]);
    let (_, labels) = wd.labels("Q47423").expect("labels");
    assert_eq!(labels.len(), 6);
    assert!(labels.contains(&("zh".into(), "联合国大会".into())));

    let dl = DigitalLibrary::new(&c, &s.url("/dl"), None);
    let (_, recs) = dl.records("A/RES/70/1").expect("search");
    assert_eq!(recs.len(), 1, "the Corr.1 record is another symbol");
    let r = &recs[0];
    assert_eq!(r.recid, "1654217");
    assert_eq!(
        r.title.as_deref(),
        Some("Transforming our world : the 2030 Agenda for Sustainable Development")
    );
    assert_eq!(r.subjects, ["SUSTAINABLE DEVELOPMENT", "DEVELOPMENT GOALS"]);
    assert_eq!(r.related, ["A/70/L.1"]);
    assert_eq!(r.dates, ["2015-10-21", "2015-09-25"]);
    assert_eq!(r.authors, ["UN. General Assembly (70th sess. : 2015-2016)"]);
    assert_eq!(r.files.len(), 1);
    assert!(parse_marcxml(b"<collection><record><controlfield tag=\"001\">1</contr").is_err());

    let unbis = Unbis::new(&c, &s.url("/unbis"));
    let (_, concepts) = unbis
        .concepts_by_label("Sustainable development", "en")
        .expect("autocomplete");
    assert_eq!(concepts, ["http://metadata.un.org/thesaurus/1006347"]);

    let ods = Ods::new(&c, &s.url("/ods"));
    assert!(ods.exists("A/RES/70/1", "en").expect("ods").is_some());
    assert!(ods.exists("A/RES/70/1", "ru").expect("ods").is_none());
    assert!(
        ods.pdf("A/RES/70/1", "zh")
            .expect("ods")
            .is_some_and(|b| b.starts_with(b"%PDF"))
    );
}

fn doc(base: &str, symbol: &str, langs: &[&str]) -> DocumentSubject {
    let b = unkg::model::Base::new(base).expect("base");
    DocumentSubject {
        symbol: symbol.into(),
        work: b.work(symbol),
        expressions: langs
            .iter()
            .map(|l| (l.to_string(), b.expression(l, symbol)))
            .collect(),
    }
}

fn test_corpus() -> Corpus {
    let base = unkg::model::DEFAULT_BASE;
    let b = unkg::model::Base::default();
    Corpus {
        documents: vec![
            doc(base, "A/RES/70/1", &["en", "zh"]),
            doc(base, "A/RES/1/500", &["en"]),
            doc(base, "A/RES/2/1", &["en"]),
            doc(base, "S/RES/500 (1951)", &["en"]),
        ],
        bodies: vec![
            BodySubject {
                id: "GA".into(),
                iri: b.body("GA"),
                name: "General Assembly".into(),
            },
            BodySubject {
                id: "UNODC".into(),
                iri: b.body("UNODC"),
                name: "United Nations Office on Drugs and Crime".into(),
            },
        ],
    }
}

fn links_of(store: &Store, registry: &str) -> Vec<String> {
    let mut v: Vec<String> = store
        .graph_quads(&link::graph_iri(registry))
        .expect("graph")
        .iter()
        .filter(|q| !q.subject.to_string().contains("/link/"))
        .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
        .collect();
    v.sort();
    v
}

fn registries<'a>(c: &'a Client, s: &Server) -> Vec<Box<dyn Registry + 'a>> {
    vec![
        Box::new(Ods::new(c, &s.url("/ods"))),
        Box::new(Wikidata::new(c, &s.url("/wd/sparql"), &s.url("/wd/api"))),
        Box::new(DigitalLibrary::new(
            c,
            &s.url("/dl"),
            Some(Unbis::new(c, &s.url("/unbis"))),
        )),
        Box::new(Unbis::new(c, &s.url("/unbis"))),
    ]
}

#[test]
fn a_run_finishes_reports_each_failure_and_keeps_the_links_it_made() {
    let s = Server::start();
    let c = client(None);
    let store = Store::in_memory(None).expect("store");
    let corpus = test_corpus();
    let regs = registries(&c, &s);
    let reports = link::run(
        &store,
        &corpus,
        &regs,
        "2026-11-30T00:00:00Z",
        true,
        &mut |_| {},
    )
    .expect("run");
    let by: HashMap<&str, &link::RegistryReport> =
        reports.iter().map(|r| (r.registry, r)).collect();

    // ODS: the three languages that exist, the template pages, no failure.
    let ods = links_of(&store, "ods");
    assert!(by["ods"].failures.is_empty());
    for l in ["en", "zh", "fr"] {
        assert!(
            ods.iter()
                .any(|x| x.contains("s=A%2FRES%2F70%2F1&l=") && x.contains(&format!("l={l}&"))),
            "no {l} PDF link: {ods:#?}"
        );
    }
    assert!(!ods.iter().any(|x| x.contains("l=ru&")));

    // Wikidata: malformed JSON and a hung connection fail their subjects only; two items
    // claiming one symbol are reported, not guessed; bodies get curated or searched items.
    let wd = by["wikidata"];
    let failed: Vec<&str> = wd.failures.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(failed, ["A/RES/1/500", "A/RES/2/1"], "{:#?}", wd.failures);
    assert!(
        wd.failures[0].1.contains("cannot read"),
        "{}",
        wd.failures[0].1
    );
    assert!(
        wd.failures[1].1.contains("timed out"),
        "{}",
        wd.failures[1].1
    );
    assert_eq!(wd.ambiguous.len(), 1);
    assert_eq!(wd.ambiguous[0].key, "S/RES/500 (1951)");
    let wdl = links_of(&store, "wikidata");
    let has =
        |links: &[String], s: &str, o: &str| links.iter().any(|x| x.contains(s) && x.contains(o));
    assert!(has(&wdl, "work/A/RES/70/1>", "entity/Q21045422"));
    assert!(has(&wdl, "body/GA>", "entity/Q47423"));
    assert!(has(&wdl, "body/GA>", "\"联合国大会\"@zh"));
    assert!(has(&wdl, "body/UNODC>", "entity/Q827525"));

    // Digital Library: the record page, UNBIS subjects; a 500 fails that subject only.
    let dl = by["digital-library"];
    assert_eq!(dl.failures.len(), 1);
    assert_eq!(dl.failures[0].0, "S/RES/500 (1951)");
    assert!(dl.failures[0].1.contains("HTTP 500"));
    let dll = links_of(&store, "digital-library");
    assert!(has(&dll, "work/A/RES/70/1>", "/dl/record/1654217"));
    assert!(has(&dll, "work/A/RES/70/1>", "thesaurus/1006347"));
    assert!(by["unbis"].failures.is_empty());

    // Provenance of each link.
    let prov = store
        .graph_quads(&link::graph_iri("wikidata"))
        .expect("graph");
    let about_70_1: Vec<_> = prov
        .iter()
        .filter(|q| q.subject.to_string().contains("/link/wikidata/"))
        .map(|q| q.predicate.as_str().to_string())
        .collect();
    for p in [
        "#registry",
        "#request",
        "#matchMethod",
        "#confidence",
        "generatedAtTime",
    ] {
        assert!(about_70_1.iter().any(|x| x.ends_with(p)), "no {p}");
    }

    // Wikidata breaks: every subject fails, and every link made before is kept.
    s.broken.store(true, Ordering::SeqCst);
    let regs = registries(&c, &s);
    let again = link::run(
        &store,
        &corpus,
        &regs[1..2],
        "2026-12-01T00:00:00Z",
        true,
        &mut |_| {},
    )
    .expect("run");
    assert_eq!(
        again[0].failures.len(),
        corpus.documents.len() + corpus.bodies.len()
    );
    assert!(
        again[0]
            .failures
            .iter()
            .all(|(_, e)| e.contains("HTTP 500"))
    );
    assert_eq!(links_of(&store, "wikidata"), wdl);
}

#[test]
fn fetch_downloads_by_symbol_and_language_and_skips_what_is_there() {
    let s = Server::start();
    let out = tempfile::tempdir().expect("tempdir");
    let cache = tempfile::tempdir().expect("tempdir");
    let fetch = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_unkg"))
            .args(["fetch", "A/RES/70/1", "--lang", "en,zh,ru", "--out"])
            .arg(out.path())
            .arg("--cache")
            .arg(cache.path())
            .args(["--ods-url", &s.url("/ods"), "--library-url", &s.url("/dl")])
            .args(["--retries", "0", "--timeout", "2"])
            .output()
            .expect("unkg runs")
    };
    let first = fetch();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert_eq!(
        first.status.code(),
        Some(1),
        "ru does not exist: {stdout}{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        stdout.contains("2 fetched") || stdout.contains("3 fetched"),
        "{stdout}"
    );
    assert!(stdout.contains("missing A/RES/70/1 [ru]"), "{stdout}");
    for f in [
        "A_RES_70_1-EN.pdf",
        "A_RES_70_1-ZH.pdf",
        "A_RES_70_1.marc.xml",
    ] {
        let bytes = std::fs::read(out.path().join(f)).unwrap_or_default();
        assert!(!bytes.is_empty(), "{f} not written");
    }
    assert!(!out.path().join("A_RES_70_1-RU.pdf").exists());
    let asked = s.count("/ods/") + s.count("/dl/");
    let second = fetch();
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(stdout.contains("0 fetched, 3 already there"), "{stdout}");
    assert_eq!(
        s.count("/ods/") + s.count("/dl/"),
        asked,
        "second run asked again"
    );
}

/// A letter citing two documents ODS has (recorded) and one it has not.
const LETTER: &str = "Letter dated 2 June 2025 from the Permanent Representative addressed to the \
President of the Security Council\n\nI have the honour to refer to the report of the \
Secretary-General on children and armed conflict (S/2025/317), to the letter contained in \
document A/80/500-S/2025/656 and to my letter of 12 March 2025 (S/2025/190).\n";

/// Builds the letter into a fresh store, then follows its citations `depth` levels deep.
fn fetch_from_letter(s: &Server, dir: &std::path::Path, depth: usize) -> (Store, Vec<Level>) {
    let store = Store::in_memory(None).expect("store");
    let letter = dir.join("letter.txt");
    std::fs::write(&letter, LETTER).expect("write");
    let sum = build(&store, &[letter], &BuildOptions::default(), &mut Quiet).expect("build");
    assert_eq!(sum.new, 1);
    let c = client(None);
    let ods = Ods::new(&c, &s.url("/ods"));
    let mut seen = Vec::new();
    let plan = Plan {
        dir: &dir.join("fetched"),
        langs: &["en".to_string()],
        depth,
        build: &BuildOptions::default(),
    };
    let levels = fetch_cited(&store, &ods, &plan, &mut Quiet, &mut |l| {
        seen.push(l.summary())
    })
    .expect("fetch-cited");
    assert_eq!(seen.len(), levels.len(), "every level reported");
    (store, levels)
}

fn symbols(store: &Store) -> std::collections::BTreeSet<String> {
    store
        .records()
        .expect("records")
        .into_iter()
        .map(|r| r.symbol)
        .collect()
}

#[test]
fn fetch_cited_zero_levels_asks_nothing() {
    let s = Server::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, levels) = fetch_from_letter(&s, dir.path(), 0);
    assert!(levels.is_empty());
    assert_eq!(s.count("/ods/"), 0);
    assert_eq!(symbols(&store).len(), 1);
}

#[test]
fn fetch_cited_one_level_builds_what_ods_has_and_reports_the_rest() {
    let s = Server::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, levels) = fetch_from_letter(&s, dir.path(), 1);
    let [l] = levels.as_slice() else {
        panic!("{levels:?}")
    };
    assert_eq!(
        (l.depth, l.missing, l.fetched, l.not_found),
        (1, 3, 2, 1),
        "{l:?}"
    );
    assert!(l.failed.is_empty(), "{:?}", l.failed);
    assert_eq!(
        (l.built.new, l.built.failed.len()),
        (2, 0),
        "{:?}",
        l.built.failed
    );
    let have = symbols(&store);
    assert!(
        have.contains("S/2025/317") && have.contains("A/80/500-S/2025/656"),
        "{have:?}"
    );
    assert!(dir.path().join("fetched/S_2025_317-EN.pdf").is_file());
    assert_eq!(
        s.count("/ods/api/symbol/access"),
        3,
        "one request per missing symbol"
    );
    assert_eq!(s.count("s=S%2F2025%2F190&"), 1, "the 404 asked once");

    // Again into a new store from the same folder: the files there are not fetched again.
    let (store, levels) = fetch_from_letter(&s, dir.path(), 1);
    assert_eq!(
        (levels[0].fetched, levels[0].built.new),
        (2, 2),
        "{levels:?}"
    );
    assert_eq!(
        s.count("s=S%2F2025%2F317&"),
        1,
        "skipped: the file is there"
    );
    assert_eq!(symbols(&store).len(), 3);
}

#[test]
fn fetch_cited_two_levels_follows_what_the_fetched_documents_cite() {
    let s = Server::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, levels) = fetch_from_letter(&s, dir.path(), 2);
    let [one, two] = levels.as_slice() else {
        panic!("{levels:?}")
    };
    assert_eq!(
        (one.missing, one.fetched, one.not_found),
        (3, 2, 1),
        "{one:?}"
    );
    // What S/2025/317 and A/80/500-S/2025/656 cite, none recorded: asked for, reported,
    // and the store keeps what it has.
    assert_eq!(two.depth, 2);
    assert!(two.missing >= 4, "{two:?}");
    assert_eq!((two.fetched, two.not_found), (0, two.missing), "{two:?}");
    assert_eq!(
        s.count("s=S%2FRES%2F2231%20%282015%29&"),
        1,
        "S/RES/2231 (2015) asked"
    );
    assert_eq!(
        s.count("s=S%2F2025%2F190&"),
        1,
        "not asked again at level 2"
    );
    assert_eq!(symbols(&store).len(), 3);
}
