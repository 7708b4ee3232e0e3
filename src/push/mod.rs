//! Pushing the knowledge graph to another SPARQL engine (Virtuoso, Fuseki, Oxigraph server,
//! GraphDB…), graph by graph, over the SPARQL 1.1 Graph Store Protocol or SPARQL 1.1 Update.
//!
//! Architecture invariants:
//! * A named graph is always sent whole and replaces the remote graph: a Graph Store Protocol
//!   `PUT` (idempotent), or `DROP SILENT GRAPH` followed by `INSERT DATA` batches (each batch
//!   is idempotent too, since RDF graphs are sets). Retrying any request does no harm, which
//!   is what lets [`crate::net::Client::send`] retry them.
//! * A graph is recorded in the [`State`] file only after the server accepted all of it, with
//!   the SHA-256 of its sorted N-Triples: a re-run skips graphs whose content is unchanged,
//!   sends again the ones that changed or never got through, and a crash or a failing graph
//!   costs only that graph.
//! * One graph is in memory at a time (serialised and sorted for hashing); the store is read
//!   graph by graph.
//! * The bookkeeping graph `urn:unkg:build` stays home: it records local file paths and only
//!   means something to the store that wrote it. Every other named graph (documents, links,
//!   verification findings, analytics) is pushed, so the remote engine answers the same
//!   queries.
//!
//! API boundary: [`push`], [`Options`], [`Protocol`], [`State`], [`Progress`], [`Outcome`],
//! [`Summary`], [`PushError`], [`graph_body`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::model::vocab::BOOKKEEPING_GRAPH;
use crate::net::{Client, NetError};
use crate::store::rdf::NamedNode;
use crate::store::{RdfOutput, Store, StoreError};

/// Errors that stop a push. A graph the server refuses is not one: it is reported in
/// [`Summary::failed`] and the others go on.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The state file could not be read or written.
    #[error("push state {path}: {error}")]
    State {
        /// The state file.
        path: String,
        /// The underlying error (in the message, not a `source`, so it is printed once).
        error: io::Error,
    },
    /// `--batch 0`.
    #[error("--batch must be at least 1 triple (got 0)")]
    NoBatch,
}

/// How graphs reach the endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// SPARQL 1.1 Graph Store Protocol: `PUT {endpoint}?graph={iri}` with the whole graph.
    Gsp,
    /// SPARQL 1.1 Update: `DROP SILENT GRAPH`, then `INSERT DATA` in batches.
    Update,
}

impl Protocol {
    /// The protocol's name as the command line and the state file spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Gsp => "gsp",
            Protocol::Update => "update",
        }
    }
}

/// What to push where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The endpoint: the Graph Store Protocol service (`…/sparql-graph-crud-auth`, `…/store`)
    /// or the SPARQL Update service (`…/sparql-auth`, `…/update`).
    pub endpoint: String,
    /// Which protocol.
    pub protocol: Protocol,
    /// Triples per `INSERT DATA` request (Update only).
    pub batch: usize,
    /// Report what would be sent; send nothing and record nothing.
    pub dry_run: bool,
    /// Also remove from the endpoint graphs recorded as pushed that the store no longer has.
    pub prune: bool,
    /// Stop after this many graphs in a row failed (the endpoint is probably down); 0 never
    /// stops.
    pub max_consecutive_failures: usize,
}

impl Options {
    /// `protocol` to `endpoint`, batches of 2,000 triples, stopping after 3 graphs in a row
    /// fail. (Virtuoso 7's SPARQL parser runs out of memory near 5,000 triples in one
    /// request, hence the small batch.)
    pub fn new(endpoint: &str, protocol: Protocol) -> Options {
        Options {
            endpoint: endpoint.to_string(),
            protocol,
            batch: 2_000,
            dry_run: false,
            prune: false,
            max_consecutive_failures: 3,
        }
    }
}

/// What happened to one graph.
#[derive(Debug)]
pub enum Outcome {
    /// Sent and accepted.
    Pushed {
        /// Triples sent.
        triples: usize,
        /// Bytes of N-Triples sent.
        bytes: usize,
    },
    /// Recorded with the same content hash: not sent.
    Skipped,
    /// `dry_run`: would have been sent.
    WouldPush {
        /// Triples it holds.
        triples: usize,
    },
    /// Removed from the endpoint (`prune`).
    Pruned,
    /// The endpoint refused it (after retries).
    Failed(NetError),
}

/// Receives each graph's outcome as the push goes.
pub trait Progress {
    /// The push starts with `graphs` graphs.
    fn start(&mut self, graphs: usize);
    /// One graph is done.
    fn graph(&mut self, graph: &str, outcome: &Outcome);
    /// The push is over.
    fn finish(&mut self) {}
}

/// Reports nothing.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&mut self, _: usize) {}
    fn graph(&mut self, _: &str, _: &Outcome) {}
}

/// What a push did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Graphs considered.
    pub graphs: usize,
    /// Graphs sent and accepted.
    pub pushed: usize,
    /// Graphs unchanged since they were last pushed.
    pub skipped: usize,
    /// Graphs that would be sent (`dry_run`).
    pub would_push: usize,
    /// Graphs removed from the endpoint (`prune`).
    pub pruned: usize,
    /// Graphs the endpoint refused, with why.
    pub failed: Vec<(String, String)>,
    /// Triples sent.
    pub triples: usize,
    /// Bytes of N-Triples sent.
    pub bytes: usize,
    /// The push stopped early because too many graphs in a row failed.
    pub stopped: bool,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// The graphs already pushed, per endpoint and protocol, with their content hashes: a text
/// file with one `protocol TAB endpoint TAB graph TAB sha256` line per push, appended (and
/// flushed to disk) as soon as the endpoint accepted the graph. The last line for a graph
/// wins; a hash of `-` means removed. Unreadable lines (a line half written when the machine
/// stopped) are ignored, which at worst sends that graph again.
pub struct State {
    path: PathBuf,
    entries: BTreeMap<(String, String, String), String>,
    log: Option<File>,
}

impl State {
    /// Reads the state file (a missing file is an empty state).
    pub fn open(path: &Path) -> Result<State, PushError> {
        let err = |error| PushError::State {
            path: path.display().to_string(),
            error,
        };
        let mut entries = BTreeMap::new();
        match File::open(path) {
            Ok(f) => {
                for line in BufReader::new(f).lines() {
                    let line = line.map_err(err)?;
                    let fields: Vec<&str> = line.split('\t').collect();
                    if let [protocol, endpoint, graph, hash] = fields[..]
                        && !line.starts_with('#')
                        && (hash == "-"
                            || (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())))
                    {
                        entries.insert(
                            (
                                protocol.to_string(),
                                endpoint.to_string(),
                                graph.to_string(),
                            ),
                            hash.to_string(),
                        );
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(e)),
        }
        Ok(State {
            path: path.to_path_buf(),
            entries,
            log: None,
        })
    }

    /// The state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The hash recorded for a graph pushed to `endpoint` with `protocol`.
    pub fn get(&self, protocol: Protocol, endpoint: &str, graph: &str) -> Option<&str> {
        self.entries
            .get(&key(protocol, endpoint, graph))
            .map(String::as_str)
            .filter(|h| *h != "-")
    }

    /// The graphs recorded as present at `endpoint`.
    pub fn graphs(&self, protocol: Protocol, endpoint: &str) -> Vec<String> {
        self.entries
            .iter()
            .filter(|((p, e, _), h)| p == protocol.as_str() && e == endpoint && *h != "-")
            .map(|((_, _, g), _)| g.clone())
            .collect()
    }

    /// Records a graph as pushed with this hash (`-`: removed), on disk at once.
    pub fn record(
        &mut self,
        protocol: Protocol,
        endpoint: &str,
        graph: &str,
        hash: &str,
    ) -> Result<(), PushError> {
        let err = |error| PushError::State {
            path: self.path.display().to_string(),
            error,
        };
        if self.log.is_none() {
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(err)?;
            }
            let fresh = !self.path.exists();
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(err)?;
            if fresh {
                f.write_all(
                    b"# unkg push state: protocol, endpoint, graph, SHA-256 of its sorted N-Triples (- = removed)\n",
                )
                .map_err(err)?;
            }
            self.log = Some(f);
        }
        let line = format!("{}\t{endpoint}\t{graph}\t{hash}\n", protocol.as_str());
        if let Some(f) = self.log.as_mut() {
            f.write_all(line.as_bytes()).map_err(err)?;
            f.sync_data().map_err(err)?;
        }
        self.entries
            .insert(key(protocol, endpoint, graph), hash.to_string());
        Ok(())
    }

    /// Rewrites the file with one line per graph (the last recorded), atomically.
    pub fn compact(&mut self) -> Result<(), PushError> {
        if self.log.is_none() {
            return Ok(());
        }
        self.log = None;
        let err = |error| PushError::State {
            path: self.path.display().to_string(),
            error,
        };
        let tmp = self.path.with_extension("tmp");
        let mut out = String::from(
            "# unkg push state: protocol, endpoint, graph, SHA-256 of its sorted N-Triples (- = removed)\n",
        );
        for ((p, e, g), h) in &self.entries {
            if h != "-" {
                out.push_str(&format!("{p}\t{e}\t{g}\t{h}\n"));
            }
        }
        std::fs::write(&tmp, out).map_err(err)?;
        std::fs::rename(&tmp, &self.path).map_err(err)
    }
}

fn key(protocol: Protocol, endpoint: &str, graph: &str) -> (String, String, String) {
    (
        protocol.as_str().to_string(),
        endpoint.to_string(),
        graph.to_string(),
    )
}

/// One graph as N-Triples, lines sorted (so the same content gives the same bytes and hash
/// whatever order the store returns it in), with its triple count.
pub fn graph_body(store: &Store, graph: &NamedNode) -> Result<(Vec<u8>, usize), StoreError> {
    let raw = store.dump(RdfOutput::NTriples, Some(graph), Vec::new())?;
    let mut lines: Vec<&[u8]> = raw
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut body = Vec::with_capacity(raw.len());
    for l in &lines {
        body.extend_from_slice(l);
        body.push(b'\n');
    }
    Ok((body, lines.len()))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The Graph Store Protocol URL of a graph: `{endpoint}?graph={iri}` (indirect
/// identification, which every implementation supports).
pub fn gsp_url(endpoint: &str, graph: &str) -> String {
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{sep}graph={}", crate::net::encode_query(graph))
}

/// The body's media type (N-Triples; Virtuoso 7.2, Fuseki and Oxigraph all read it).
const GSP_CONTENT_TYPE: &str = "application/n-triples";

/// Pushes every named graph of `store` (but the bookkeeping graph) to the endpoint, skipping
/// those recorded in `state` with the same content, and records each graph the endpoint
/// accepts.
pub fn push(
    store: &Store,
    client: &Client,
    opts: &Options,
    state: &mut State,
    progress: &mut dyn Progress,
) -> Result<Summary, PushError> {
    if opts.batch == 0 {
        return Err(PushError::NoBatch);
    }
    let started = Instant::now();
    let graphs: Vec<NamedNode> = store
        .named_graphs()?
        .into_iter()
        .filter(|g| g.as_str() != BOOKKEEPING_GRAPH)
        .collect();
    let mut sum = Summary {
        graphs: graphs.len(),
        ..Summary::default()
    };
    progress.start(graphs.len());
    let mut in_a_row = 0usize;
    for g in &graphs {
        let (body, triples) = graph_body(store, g)?;
        let hash = sha256_hex(&body);
        let outcome = if state.get(opts.protocol, &opts.endpoint, g.as_str()) == Some(&hash) {
            sum.skipped += 1;
            Outcome::Skipped
        } else if opts.dry_run {
            sum.would_push += 1;
            Outcome::WouldPush { triples }
        } else {
            match send_graph(client, opts, g.as_str(), &body) {
                Ok(()) => {
                    state.record(opts.protocol, &opts.endpoint, g.as_str(), &hash)?;
                    sum.pushed += 1;
                    sum.triples += triples;
                    sum.bytes += body.len();
                    in_a_row = 0;
                    Outcome::Pushed {
                        triples,
                        bytes: body.len(),
                    }
                }
                Err(e) => {
                    sum.failed.push((g.as_str().to_string(), e.to_string()));
                    in_a_row += 1;
                    Outcome::Failed(e)
                }
            }
        };
        progress.graph(g.as_str(), &outcome);
        if opts.max_consecutive_failures > 0 && in_a_row >= opts.max_consecutive_failures {
            sum.stopped = true;
            break;
        }
    }
    if opts.prune && !sum.stopped {
        let here: BTreeSet<&str> = graphs.iter().map(NamedNode::as_str).collect();
        for g in state.graphs(opts.protocol, &opts.endpoint) {
            if here.contains(g.as_str()) {
                continue;
            }
            let outcome = if opts.dry_run {
                Outcome::Pruned
            } else {
                match drop_graph(client, opts, &g) {
                    Ok(()) => {
                        state.record(opts.protocol, &opts.endpoint, &g, "-")?;
                        sum.pruned += 1;
                        Outcome::Pruned
                    }
                    Err(e) => {
                        sum.failed.push((g.clone(), e.to_string()));
                        Outcome::Failed(e)
                    }
                }
            };
            progress.graph(&g, &outcome);
        }
    }
    state.compact()?;
    progress.finish();
    sum.elapsed = started.elapsed();
    Ok(sum)
}

/// Sends one whole graph, replacing what the endpoint had under its name.
fn send_graph(client: &Client, opts: &Options, graph: &str, body: &[u8]) -> Result<(), NetError> {
    match opts.protocol {
        Protocol::Gsp => {
            client.send(
                "PUT",
                &gsp_url(&opts.endpoint, graph),
                GSP_CONTENT_TYPE,
                "*/*",
                body,
            )?;
            Ok(())
        }
        Protocol::Update => {
            for update in updates(graph, body, opts.batch) {
                post_update(client, &opts.endpoint, &update)?;
            }
            Ok(())
        }
    }
}

/// Removes one graph from the endpoint.
fn drop_graph(client: &Client, opts: &Options, graph: &str) -> Result<(), NetError> {
    match opts.protocol {
        Protocol::Gsp => {
            // 404: already gone, which is what was asked.
            client.send(
                "DELETE",
                &gsp_url(&opts.endpoint, graph),
                GSP_CONTENT_TYPE,
                "*/*",
                b"",
            )?;
            Ok(())
        }
        Protocol::Update => post_update(
            client,
            &opts.endpoint,
            &format!("DROP SILENT GRAPH <{graph}>"),
        ),
    }
}

/// The SPARQL Update requests that replace `graph` with `body` (sorted N-Triples lines):
/// `DROP SILENT GRAPH` and the first batch in one request, then one `INSERT DATA` per batch.
/// A graph with blank nodes goes in one request, since a blank node label means the same
/// node only within one request.
pub fn updates(graph: &str, body: &[u8], batch: usize) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let lines: Vec<&str> = text.lines().collect();
    let has_blank = lines
        .iter()
        .any(|l| l.starts_with("_:") || l.contains(" _:"));
    let size = if has_blank {
        lines.len().max(1)
    } else {
        batch.max(1)
    };
    let mut out = Vec::new();
    let mut chunks = lines.chunks(size).peekable();
    if chunks.peek().is_none() {
        return vec![format!("DROP SILENT GRAPH <{graph}>")];
    }
    for (i, chunk) in chunks.enumerate() {
        let mut u = String::new();
        if i == 0 {
            u.push_str(&format!("DROP SILENT GRAPH <{graph}> ;\n"));
        }
        u.push_str(&format!("INSERT DATA {{ GRAPH <{graph}> {{\n"));
        for l in chunk {
            u.push_str(l);
            u.push('\n');
        }
        u.push_str("} }");
        out.push(u);
    }
    out
}

/// Posts one update as an HTML form (`update=…`), the encoding of the SPARQL 1.1 Protocol
/// that every implementation accepts.
fn post_update(client: &Client, endpoint: &str, update: &str) -> Result<(), NetError> {
    let form: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("update", update)
        .finish();
    client.send(
        "POST",
        endpoint,
        "application/x-www-form-urlencoded",
        "*/*",
        form.as_bytes(),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_drop_then_insert_in_batches() {
        let body = b"<a> <b> <c> .\n<a> <b> <d> .\n<a> <b> <e> .\n";
        let u = updates("urn:g", body, 2);
        assert_eq!(u.len(), 2);
        assert!(u[0].starts_with("DROP SILENT GRAPH <urn:g> ;\nINSERT DATA { GRAPH <urn:g> {\n<a> <b> <c> .\n<a> <b> <d> .\n} }"), "{}", u[0]);
        assert_eq!(u[1], "INSERT DATA { GRAPH <urn:g> {\n<a> <b> <e> .\n} }");
    }

    #[test]
    fn blank_nodes_keep_a_graph_in_one_request() {
        let body = b"_:x <b> <c> .\n<a> <b> _:x .\n<a> <b> <e> .\n";
        assert_eq!(updates("urn:g", body, 1).len(), 1);
    }

    #[test]
    fn gsp_url_encodes_the_graph() {
        assert_eq!(
            gsp_url(
                "http://h/store",
                "https://w3id.org/unkg/graph/en/A/RES/79/319"
            ),
            "http://h/store?graph=https%3A%2F%2Fw3id.org%2Funkg%2Fgraph%2Fen%2FA%2FRES%2F79%2F319"
        );
        assert_eq!(
            gsp_url("http://h/crud?x=1", "urn:g"),
            "http://h/crud?x=1&graph=urn%3Ag"
        );
    }

    #[test]
    fn state_survives_a_half_written_line() {
        let dir = std::env::temp_dir().join(format!("unkg-push-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("state.tsv");
        std::fs::remove_file(&path).ok();
        let mut s = State::open(&path).expect("open");
        let h = "a".repeat(64);
        s.record(Protocol::Gsp, "http://e/", "urn:g1", &h)
            .expect("record");
        drop(s);
        let mut f = OpenOptions::new().append(true).open(&path).expect("append");
        f.write_all(b"gsp\thttp://e/\turn:g2\tabc").expect("write");
        let s = State::open(&path).expect("reopen");
        assert_eq!(
            s.get(Protocol::Gsp, "http://e/", "urn:g1"),
            Some(h.as_str())
        );
        assert_eq!(s.get(Protocol::Gsp, "http://e/", "urn:g2"), None);
        assert_eq!(s.get(Protocol::Update, "http://e/", "urn:g1"), None);
        std::fs::remove_dir_all(&dir).ok();
    }
}
