//! The one HTTP client: a descriptive User-Agent, timeouts, retries with exponential backoff
//! and jitter, per-host rate limits, a size cap on bodies and an on-disk cache with expiry.
//!
//! Architecture invariant: every request unkg makes goes through [`Client::get`]. A response
//! found fresh in the cache is returned without touching the network, so a second run over
//! the same inputs makes no request; `dry_run` never touches the network at all. Nothing here
//! knows what a registry or a document is.
//!
//! Requests that change something ([`Client::send`]: PUT, POST, DELETE with a body) go through
//! the same retries and rate limits, are never cached, and answer a server's 401 challenge
//! with [`Config::credentials`] (Basic or Digest, see [`auth`]).
//!
//! API boundary: [`Client`], [`Config`], [`Credentials`], [`RateLimit`], [`Response`],
//! [`NetError`].
//!
//! ```
//! use unkg::net::{Client, Config};
//! let client = Client::new(Config { dry_run: true, ..Config::default() }).unwrap();
//! let err = client.get("http://127.0.0.1:9/x", "application/json").unwrap_err();
//! assert!(err.to_string().contains("dry run"));
//! ```

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

pub mod auth;

pub use auth::Credentials;

/// Errors of the HTTP layer. Each names the URL it is about.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// `dry_run` is set and the response is not in the cache.
    #[error("dry run: would request {url}")]
    DryRun {
        /// The URL that would have been requested.
        url: String,
    },
    /// The server answered with an error status (after retries for 429 and 5xx).
    #[error("{url}: HTTP {status}{detail}")]
    Status {
        /// The URL.
        url: String,
        /// The final status.
        status: u16,
        /// The start of the server's explanation (`: …`), or empty: an endpoint that refuses
        /// an update says why in the body.
        detail: String,
    },
    /// No complete answer within the timeout (after retries).
    #[error("{url}: timed out after {attempts} attempt(s)")]
    Timeout {
        /// The URL.
        url: String,
        /// How many requests were made.
        attempts: u32,
    },
    /// The body is larger than the configured cap.
    #[error("{url}: response larger than {limit} bytes")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap, in bytes.
        limit: u64,
    },
    /// Connection refused, reset, bad TLS…
    #[error("{url}: {message}")]
    Transport {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The cache folder could not be read or written.
    #[error("cache {path}: {source}")]
    Cache {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The client could not be built (bad User-Agent, TLS set-up).
    #[error("http client: {0}")]
    Build(String),
}

/// At most `requests` requests to one host in any window of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in a window.
    pub requests: u32,
    /// The window.
    pub per: Duration,
}

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Sent with every request; registries ask for a tool name and a way to reach its users.
    pub user_agent: String,
    /// Whole-request timeout (connect, headers and body).
    pub timeout: Duration,
    /// Retries after the first attempt, for 429, 5xx, timeouts and dropped connections.
    pub retries: u32,
    /// First backoff; doubled on each retry, plus up to 50 % jitter.
    pub backoff: Duration,
    /// Longest wait between two attempts, including a server's `Retry-After`.
    pub max_wait: Duration,
    /// Largest body accepted, in bytes.
    pub max_body: u64,
    /// Rate limits by host (`host[:port]`); hosts not listed are not limited.
    pub rate_limits: HashMap<String, RateLimit>,
    /// Where responses are cached; `None` for no cache.
    pub cache_dir: Option<PathBuf>,
    /// How long a cached response stays fresh.
    pub cache_ttl: Duration,
    /// Answer only from the cache; never touch the network.
    pub dry_run: bool,
    /// Sent to a host that answers 401 with a Basic or Digest challenge; never sent before.
    pub credentials: Option<Credentials>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            user_agent: format!(
                "unkg/{} (+https://github.com/unkg/unkg; UN citation knowledge graph)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout: Duration::from_secs(30),
            retries: 4,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(120),
            max_body: 64 * 1024 * 1024,
            rate_limits: HashMap::new(),
            cache_dir: None,
            cache_ttl: Duration::from_secs(30 * 24 * 3600),
            dry_run: false,
            credentials: None,
        }
    }
}

/// A response: status, content type and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The URL asked for.
    pub url: String,
    /// The HTTP status (2xx or 404: other statuses are errors).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// Whether the answer came from the cache.
    pub from_cache: bool,
}

impl Response {
    /// Whether the server said the resource exists (2xx).
    pub fn found(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Counters of what a client did, for reports and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    /// Requests sent over the network (each retry counts).
    pub requests: u64,
    /// Answers served from the cache.
    pub cache_hits: u64,
    /// Retries made.
    pub retries: u64,
}

/// The HTTP client. Safe to share between threads.
pub struct Client {
    http: reqwest::blocking::Client,
    cfg: Config,
    windows: Mutex<HashMap<String, VecDeque<Instant>>>,
    requests: AtomicU64,
    cache_hits: AtomicU64,
    retries: AtomicU64,
    /// The last authentication challenge of each host, answered on later requests without
    /// waiting for another 401.
    challenges: Mutex<HashMap<String, auth::Challenge>>,
}

enum Attempt {
    Done(Response),
    Retry {
        why: NetError,
        after: Option<Duration>,
    },
    Fail(NetError),
    /// A 401 with these `WWW-Authenticate` headers, while credentials are configured.
    Challenge(Vec<String>),
}

/// A request body and its media type.
type Payload<'a> = Option<(&'a str, &'a [u8])>;

impl Client {
    /// Builds a client.
    pub fn new(cfg: Config) -> Result<Client, NetError> {
        let http = reqwest::blocking::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .build()
            .map_err(|e| NetError::Build(e.to_string()))?;
        Ok(Client {
            http,
            cfg,
            windows: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
            cache_hits: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            challenges: Mutex::new(HashMap::new()),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// What the client did so far.
    pub fn counters(&self) -> Counters {
        Counters {
            requests: self.requests.load(Ordering::Relaxed),
            cache_hits: self.cache_hits.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
        }
    }

    /// GETs `url` with an `Accept` header. A fresh cached answer is returned as is; otherwise
    /// the request is sent (rate-limited), retried on 429, 5xx, timeouts and dropped
    /// connections, and a 2xx or 404 answer is cached. Other statuses are errors.
    pub fn get(&self, url: &str, accept: &str) -> Result<Response, NetError> {
        let key = cache_key(url, accept);
        if let Some(r) = self.cached(&key, url)? {
            self.cache_hits.fetch_add(1, Ordering::Relaxed);
            return Ok(r);
        }
        if self.cfg.dry_run {
            return Err(NetError::DryRun {
                url: url.to_string(),
            });
        }
        let r = self.execute("GET", url, accept, None)?;
        self.store_in_cache(&key, &r)?;
        Ok(r)
    }

    /// Sends a request with a body (`PUT`, `POST`, `DELETE`…) and returns a 2xx or 404 answer;
    /// other statuses are errors. Never cached. Retried like [`Client::get`] on 429, 5xx,
    /// timeouts and dropped connections, so use it for requests whose repetition does no harm
    /// (a PUT of a whole graph, a DELETE, an update that first drops what it writes).
    pub fn send(
        &self,
        method: &str,
        url: &str,
        content_type: &str,
        accept: &str,
        body: &[u8],
    ) -> Result<Response, NetError> {
        if self.cfg.dry_run {
            return Err(NetError::DryRun {
                url: url.to_string(),
            });
        }
        self.execute(method, url, accept, Some((content_type, body)))
    }

    /// One request with retries, backoff and authentication.
    fn execute(
        &self,
        method: &str,
        url: &str,
        accept: &str,
        payload: Payload<'_>,
    ) -> Result<Response, NetError> {
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| NetError::Build(format!("method {method:?}: {e}")))?;
        let mut attempt = 0u32;
        let mut challenged = false;
        loop {
            self.wait_for_slot(url);
            self.requests.fetch_add(1, Ordering::Relaxed);
            let authorization = self.authorization(method.as_str(), url);
            match self.once(&method, url, accept, payload, authorization, attempt + 1) {
                Attempt::Done(r) => return Ok(r),
                Attempt::Fail(e) => return Err(e),
                Attempt::Challenge(headers) => {
                    let unauthorized = || NetError::Status {
                        url: url.to_string(),
                        status: 401,
                        detail: String::new(),
                    };
                    // A second 401 right after answering a fresh challenge means the
                    // credentials are wrong: asking again would not change that.
                    if challenged {
                        return Err(unauthorized());
                    }
                    let challenge = auth::Challenge::parse(headers.iter().map(String::as_str))
                        .ok_or_else(unauthorized)?;
                    self.challenges
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .insert(host_of(url), challenge);
                    challenged = true;
                }
                Attempt::Retry { why, after } => {
                    if attempt >= self.cfg.retries {
                        return Err(why);
                    }
                    let wait = after
                        .unwrap_or_else(|| self.backoff(attempt))
                        .min(self.cfg.max_wait);
                    self.retries.fetch_add(1, Ordering::Relaxed);
                    std::thread::sleep(wait);
                    attempt += 1;
                }
            }
        }
    }

    /// The `Authorization` header for a request, when credentials are set and the host has
    /// challenged before.
    fn authorization(&self, method: &str, url: &str) -> Option<String> {
        let creds = self.cfg.credentials.as_ref()?;
        let mut challenges = self
            .challenges
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let challenge = challenges.get_mut(&host_of(url))?;
        let uri = reqwest::Url::parse(url)
            .map(|u| match u.query() {
                Some(q) => format!("{}?{q}", u.path()),
                None => u.path().to_string(),
            })
            .unwrap_or_else(|_| "/".into());
        let cnonce = format!("{:016x}", fastrand::u64(..));
        Some(challenge.authorization(creds, method, &uri, &cnonce))
    }

    fn once(
        &self,
        method: &reqwest::Method,
        url: &str,
        accept: &str,
        payload: Payload<'_>,
        authorization: Option<String>,
        attempts: u32,
    ) -> Attempt {
        let mut req = self
            .http
            .request(method.clone(), url)
            .header("Accept", accept);
        if let Some((content_type, body)) = payload {
            req = req.header("Content-Type", content_type).body(body.to_vec());
        }
        if let Some(a) = authorization {
            req = req.header("Authorization", a);
        }
        let resp = match req.send() {
            Ok(r) => r,
            Err(e) if e.is_timeout() => {
                return Attempt::Retry {
                    why: NetError::Timeout {
                        url: url.to_string(),
                        attempts,
                    },
                    after: None,
                };
            }
            Err(e) if e.is_builder() => {
                return Attempt::Fail(NetError::Transport {
                    url: url.to_string(),
                    message: e.to_string(),
                });
            }
            Err(e) => {
                return Attempt::Retry {
                    why: NetError::Transport {
                        url: url.to_string(),
                        message: error_chain(&e),
                    },
                    after: None,
                };
            }
        };
        let status = resp.status().as_u16();
        if status == 401 && self.cfg.credentials.is_some() {
            let headers = resp
                .headers()
                .get_all(reqwest::header::WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_string))
                .collect::<Vec<_>>();
            if !headers.is_empty() {
                return Attempt::Challenge(headers);
            }
        }
        if status == 429 || (500..600).contains(&status) {
            let after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(retry_after);
            return Attempt::Retry {
                why: NetError::Status {
                    url: url.to_string(),
                    status,
                    detail: detail(resp),
                },
                after,
            };
        }
        if !(200..300).contains(&status) && status != 404 {
            return Attempt::Fail(NetError::Status {
                url: url.to_string(),
                status,
                detail: detail(resp),
            });
        }
        if resp.content_length().is_some_and(|n| n > self.cfg.max_body) {
            return Attempt::Fail(NetError::TooLarge {
                url: url.to_string(),
                limit: self.cfg.max_body,
            });
        }
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = Vec::new();
        match resp.take(self.cfg.max_body + 1).read_to_end(&mut body) {
            Ok(_) if body.len() as u64 > self.cfg.max_body => Attempt::Fail(NetError::TooLarge {
                url: url.to_string(),
                limit: self.cfg.max_body,
            }),
            Ok(_) => Attempt::Done(Response {
                url: url.to_string(),
                status,
                content_type,
                body,
                from_cache: false,
            }),
            Err(e) => Attempt::Retry {
                why: if e.to_string().contains("timed out") {
                    NetError::Timeout {
                        url: url.to_string(),
                        attempts,
                    }
                } else {
                    NetError::Transport {
                        url: url.to_string(),
                        message: e.to_string(),
                    }
                },
                after: None,
            },
        }
    }

    /// Exponential backoff with up to 50 % jitter, so clients that failed together do not
    /// come back together.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self
            .cfg
            .backoff
            .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX));
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let jitter = base.mul_f64(f64::from(nanos % 1000) / 2000.0);
        base + jitter
    }

    /// Blocks until one more request to the URL's host fits its rate limit.
    fn wait_for_slot(&self, url: &str) {
        let host = host_of(url);
        let Some(limit) = self.cfg.rate_limits.get(&host).copied() else {
            return;
        };
        if limit.requests == 0 {
            return;
        }
        loop {
            let wait = {
                let mut windows = self
                    .windows
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let w = windows.entry(host.clone()).or_default();
                let now = Instant::now();
                while w
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= limit.per)
                {
                    w.pop_front();
                }
                if (w.len() as u32) < limit.requests {
                    w.push_back(now);
                    return;
                }
                w.front()
                    .map(|t| limit.per.saturating_sub(now.duration_since(*t)))
                    .unwrap_or_default()
            };
            std::thread::sleep(wait.max(Duration::from_millis(1)));
        }
    }

    fn cache_paths(&self, key: &str) -> Option<(PathBuf, PathBuf)> {
        let dir = self.cfg.cache_dir.as_ref()?;
        let sub = dir.join(&key[..2]);
        Some((
            sub.join(format!("{key}.body")),
            sub.join(format!("{key}.meta")),
        ))
    }

    fn cached(&self, key: &str, url: &str) -> Result<Option<Response>, NetError> {
        let Some((body_path, meta_path)) = self.cache_paths(key) else {
            return Ok(None);
        };
        let Ok(meta) = std::fs::read_to_string(&meta_path) else {
            return Ok(None);
        };
        // meta: "fetched-at-unix-seconds\tstatus\tcontent-type"
        let mut parts = meta.trim_end().splitn(3, '\t');
        let fetched: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let status: u16 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let content_type = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
        let age = unix_now().saturating_sub(fetched);
        if status == 0 || age > self.cfg.cache_ttl.as_secs() {
            return Ok(None);
        }
        let body = match std::fs::read(&body_path) {
            Ok(b) => b,
            Err(_) => return Ok(None),
        };
        Ok(Some(Response {
            url: url.to_string(),
            status,
            content_type,
            body,
            from_cache: true,
        }))
    }

    fn store_in_cache(&self, key: &str, r: &Response) -> Result<(), NetError> {
        let Some((body_path, meta_path)) = self.cache_paths(key) else {
            return Ok(());
        };
        let cache_err = |p: &PathBuf| {
            let path = p.display().to_string();
            move |source| NetError::Cache { path, source }
        };
        if let Some(parent) = body_path.parent() {
            std::fs::create_dir_all(parent).map_err(cache_err(&parent.to_path_buf()))?;
        }
        // Body first, then the metadata that makes it visible: a crash in between leaves a
        // body nobody reads, never metadata pointing at a half-written body.
        write_atomic(&body_path, &r.body).map_err(cache_err(&body_path))?;
        let meta = format!(
            "{}\t{}\t{}\n",
            unix_now(),
            r.status,
            r.content_type
                .as_deref()
                .unwrap_or("")
                .replace(['\t', '\n'], " ")
        );
        write_atomic(&meta_path, meta.as_bytes()).map_err(cache_err(&meta_path))
    }
}

fn write_atomic(path: &PathBuf, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// The first 300 characters of an error answer's body, on one line, as `: …` (empty when the
/// body is empty or unreadable).
fn detail(resp: reqwest::blocking::Response) -> String {
    let mut buf = Vec::new();
    if resp.take(4096).read_to_end(&mut buf).is_err() {
        return String::new();
    }
    let text = String::from_utf8_lossy(&buf);
    let line: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(300)
        .collect();
    if line.is_empty() {
        line
    } else {
        format!(": {line}")
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn cache_key(url: &str, accept: &str) -> String {
    let mut h = Sha256::new();
    h.update(url.as_bytes());
    h.update([0]);
    h.update(accept.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}

/// `host[:port]` of a URL, the key of rate limits.
///
/// ```
/// assert_eq!(unkg::net::host_of("https://digitallibrary.un.org/search?p=x"), "digitallibrary.un.org");
/// assert_eq!(unkg::net::host_of("http://127.0.0.1:8080/a"), "127.0.0.1:8080");
/// ```
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A `Retry-After` value as a wait: delta-seconds (`120`) or an HTTP-date (RFC 9110's
/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, and the obsolete RFC 850 and asctime forms
/// servers may still send), counted from now. A date in the past means no wait; anything
/// else is treated as absent. The caller caps the wait.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(unkg::net::retry_after("3"), Some(Duration::from_secs(3)));
/// assert_eq!(unkg::net::retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
/// assert_eq!(unkg::net::retry_after("soon"), None);
/// ```
pub fn retry_after(v: &str) -> Option<Duration> {
    retry_after_at(v, SystemTime::now())
}

/// [`retry_after`] counted from `now` rather than the clock.
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// let now = UNIX_EPOCH + Duration::from_secs(784_111_770); // Sun, 06 Nov 1994 08:49:30 GMT
/// let after = |v| unkg::net::retry_after_at(v, now);
/// assert_eq!(after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::from_secs(7)));
/// assert_eq!(after("Sunday, 06-Nov-94 08:49:37 GMT"), Some(Duration::from_secs(7)));
/// assert_eq!(after("Sun Nov  6 08:49:37 1994"), Some(Duration::from_secs(7)));
/// ```
pub fn retry_after_at(v: &str, now: SystemTime) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay).
///
/// ```
/// assert_eq!(unkg::net::encode_query("S/RES/661 (1990)"), "S%2FRES%2F661%20%281990%29");
/// ```
pub fn encode_query(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
