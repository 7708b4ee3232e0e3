//! `unkg serve`: the SPARQL 1.1 Protocol endpoint and the web UI over one store.
//!
//! Owns the HTTP side: routing, limits (request size, result rows, query deadline), CORS,
//! authentication of writes, graceful draining on shutdown. Queries and writes go through
//! [`crate::store`]; this module never touches Oxigraph itself.
//!
//! Architecture invariants:
//! * Every query runs under a deadline: a watchdog cancels it when its time is up and the
//!   client gets 503, while other connections go on being answered (one thread each).
//! * Nothing writes to the store unless the server was started with an update token, and then
//!   only requests carrying it (`Authorization: Bearer TOKEN`). Writes are serialised.
//! * Responses are built whole before they are sent (bounded by the row cap), so an error
//!   found while reading results becomes a clean HTTP error, never a truncated 200.
//!
//! API boundary: [`Config`], [`start`], [`check_token`], [`Running`], [`ServeError`].
//!
//! ```no_run
//! use unkg::serve::{Config, start};
//! use unkg::store::Store;
//! let store = Store::in_memory(None)?;
//! let running = start(store, Config::default())?;
//! println!("SPARQL endpoint at http://{}/sparql", running.addr());
//! running.wait();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod http;
mod limits;
mod sparql;
mod ui;

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use oxhttp::Server;
use oxhttp::model::{Body, Method, Request, Response, StatusCode};

use crate::store::Store;

use self::http::{ApiError, text};
use self::limits::Watchdog;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address and port to listen on (port 0: any free port, see [`Running::addr`]).
    pub bind: SocketAddr,
    /// Longest a query may run before it is cancelled.
    pub timeout: Duration,
    /// Most solutions (or triples) one response holds; more are cut off, and the response
    /// says so in its `X-SPARQL-MaxRows` header.
    pub max_rows: usize,
    /// Largest request body accepted (413 above it).
    pub max_body: usize,
    /// Most connections served at once (each has a thread); more wait to be accepted.
    pub max_connections: usize,
    /// When set, writes (`/update`, Graph Store writes, `/build`) are allowed to requests
    /// carrying this token as `Authorization: Bearer TOKEN`; when unset they are refused.
    pub update_token: Option<String>,
    /// Run queries whose cross products the timeout cannot stop (see
    /// [`crate::store::products`]); by default they are refused with 400.
    pub allow_cross_products: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            timeout: Duration::from_secs(30),
            max_rows: 100_000,
            max_body: 1 << 20,
            max_connections: 256,
            update_token: None,
            allow_cross_products: false,
        }
    }
}

/// Errors of the server layer.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address cannot be listened on (in use, not local…).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The update token is unusable.
    #[error("update token: {0}")]
    Token(&'static str),
}

/// What every request handler shares.
pub(crate) struct State {
    store: Store,
    config: Config,
    watchdog: Watchdog,
    /// Held while writing, so writes never interleave.
    write_lock: Mutex<()>,
    closing: AtomicBool,
    in_flight: AtomicUsize,
    /// Queries still running after their deadline (their clients got 503).
    runaway: AtomicUsize,
    idle: (Mutex<()>, Condvar),
}

/// A running server: its address, and a way to stop it.
pub struct Running {
    addr: SocketAddr,
    state: Arc<State>,
    server: oxhttp::ListeningServer,
}

impl Running {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops taking requests (new ones get 503) and waits until the requests being answered
    /// are done, at most `grace`. Returns the number still running when it gave up.
    pub fn drain(&self, grace: Duration) -> usize {
        self.state.closing.store(true, Ordering::SeqCst);
        let end = Instant::now() + grace;
        let (lock, cvar) = &self.state.idle;
        let mut guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let n = self.state.in_flight.load(Ordering::SeqCst);
            let now = Instant::now();
            if n == 0 || now >= end {
                return n;
            }
            guard = cvar
                .wait_timeout(guard, (end - now).min(Duration::from_millis(100)))
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
        }
    }

    /// Blocks until the listener stops (it does not, short of a crash: callers wait for a
    /// signal and [`Running::drain`] instead).
    pub fn wait(self) {
        let _ = self.server.join();
    }
}

/// Checks that an update token is usable: at least 8 printable ASCII characters, no spaces.
pub fn check_token(token: &str) -> Result<(), ServeError> {
    if token.len() < 8 {
        return Err(ServeError::Token("it must be at least 8 characters long"));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ServeError::Token(
            "it must be printable ASCII without spaces",
        ));
    }
    Ok(())
}

/// Starts serving `store` as `config` says, on background threads.
pub fn start(store: Store, config: Config) -> Result<Running, ServeError> {
    if let Some(t) = &config.update_token {
        check_token(t)?;
    }
    // oxhttp binds when it spawns and does not say which port it got: for port 0, find a free
    // port first. Another process could take it in between; then spawning fails with a clear
    // error rather than serving elsewhere.
    let mut addr = config.bind;
    if addr.port() == 0 {
        let probe = TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
        addr = probe
            .local_addr()
            .map_err(|source| ServeError::Bind { addr, source })?;
    }
    let state = Arc::new(State {
        store,
        watchdog: Watchdog::start(),
        config: config.clone(),
        write_lock: Mutex::new(()),
        closing: AtomicBool::new(false),
        in_flight: AtomicUsize::new(0),
        runaway: AtomicUsize::new(0),
        idle: (Mutex::new(()), Condvar::new()),
    });
    let handler_state = Arc::clone(&state);
    let server = Server::new(move |req| handle(&handler_state, req))
        .bind(addr)
        // Slow clients are dropped; a query's own deadline is enforced by the watchdog.
        .with_global_timeout(config.timeout + Duration::from_secs(30))
        .with_max_concurrent_connections(config.max_connections.max(1))
        .with_server_name(concat!("unkg/", env!("CARGO_PKG_VERSION")))
        .map_err(|_| ServeError::Token("server name"))?
        .spawn()
        .map_err(|source| ServeError::Bind { addr, source })?;
    Ok(Running {
        addr,
        state,
        server,
    })
}

/// Counts a request in flight for [`Running::drain`].
struct InFlight<'a>(&'a State);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.1.notify_all();
        }
    }
}

fn handle(state: &Arc<State>, req: &mut Request<Body>) -> Response<Body> {
    state.in_flight.fetch_add(1, Ordering::SeqCst);
    let _guard = InFlight(state);
    let mut resp = if state.closing.load(Ordering::SeqCst) {
        let mut r = text(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down\n",
        );
        r.headers_mut().insert(
            oxhttp::model::header::CONNECTION,
            oxhttp::model::HeaderValue::from_static("close"),
        );
        r
    } else {
        route(state, req).unwrap_or_else(ApiError::into_response)
    };
    http::cors(&mut resp);
    resp
}

fn route(state: &Arc<State>, req: &mut Request<Body>) -> Result<Response<Body>, ApiError> {
    if req.method() == Method::OPTIONS {
        return Ok(http::preflight());
    }
    let path = req.uri().path().to_string();
    match path.as_str() {
        "/sparql" => sparql::query(state, req),
        "/update" => sparql::update(state, req),
        "/store" => sparql::graph_store(state, req),
        "/build" => sparql::build(state, req),
        "/health" => Ok(health(state)),
        _ => ui::route(state, req, &path),
    }
}

fn health(state: &State) -> Response<Body> {
    let body = serde_json::json!({
        "status": "ok",
        "store": state.store.label(),
        "in_flight": state.in_flight.load(Ordering::SeqCst).saturating_sub(1),
        "runaway_queries": state.runaway.load(Ordering::SeqCst),
        "updates": state.config.update_token.is_some(),
    });
    http::json(StatusCode::OK, &body)
}
