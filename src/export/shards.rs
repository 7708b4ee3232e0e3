//! N-Quads shards for the bulk loaders of other engines (QLever, Virtuoso, Oxigraph): the
//! store's quads split into N files `part-0000.nq` … with a `manifest.json`.
//!
//! Architecture invariants:
//! * A named graph is never split: every quad of a graph goes to shard
//!   [`shard_of`]`(graph IRI, N)`, a stable hash (the first eight bytes of the IRI's SHA-256,
//!   big-endian, modulo N), so exporting the same store again gives the same files and another
//!   tool can tell where a graph went without reading them. Quads of the default graph go
//!   where the empty IRI goes.
//! * Streaming: quads go from the store's iterator straight to the files; memory holds one
//!   buffered writer per shard and a 16-byte digest per graph (to count graphs), never quads.
//! * Files are written under temporary names and renamed only when every shard is complete;
//!   the manifest comes last, so a manifest always describes complete files.
//!
//! API boundary: [`write_shards`], [`shard_of`], [`Manifest`], [`ShardInfo`], [`ShardError`].

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfSerializer};
use sha2::{Digest, Sha256};

use crate::store::rdf::GraphName;
use crate::store::{Store, StoreError};

/// Errors of a sharded export. Each names the folder or file it is about.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// `--shards 0`.
    #[error("--shards must be at least 1 (got 0)")]
    NoShards,
    /// The output folder cannot be created or written.
    #[error("export folder {path}: {error}")]
    Dir {
        /// The folder.
        path: String,
        /// The underlying error (in the message, not a `source`, so it is printed once).
        error: io::Error,
    },
    /// A shard or the manifest could not be written.
    #[error("writing {path}: {error}")]
    Write {
        /// The file.
        path: String,
        /// The underlying error (in the message, not a `source`, so it is printed once).
        error: io::Error,
    },
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one shard holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ShardInfo {
    /// File name inside the export folder (`part-0000.nq`).
    pub file: String,
    /// Named graphs in it (the default graph counts as one when it has quads here).
    pub graphs: u64,
    /// Quads in it.
    pub quads: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file, in hex.
    pub sha256: String,
}

/// The `manifest.json` of an export: how the quads were split and what each file holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Media type of the shards.
    pub format: String,
    /// How a graph is assigned to a shard, in words.
    pub assignment: String,
    /// Number of shards.
    pub shards: usize,
    /// Graphs in all shards.
    pub graphs: u64,
    /// Quads in all shards.
    pub quads: u64,
    /// One entry per shard, in order.
    pub files: Vec<ShardInfo>,
    /// Shard files of an earlier export with more shards that were removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

/// The shard (0-based) a graph goes to among `shards`: the first eight bytes of the SHA-256 of
/// the graph's IRI (the empty string for the default graph), read big-endian, modulo `shards`.
///
/// ```
/// use unkg::export::shards::shard_of;
/// let s = shard_of("https://example.org/g", 8);
/// assert!(s < 8);
/// assert_eq!(s, shard_of("https://example.org/g", 8));
/// assert_eq!(shard_of("anything", 1), 0);
/// ```
pub fn shard_of(graph: &str, shards: usize) -> usize {
    let d = Sha256::digest(graph.as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&d[..8]);
    (u64::from_be_bytes(head) % shards.max(1) as u64) as usize
}

/// The file name of shard `i`.
pub fn shard_file(i: usize) -> String {
    format!("part-{i:04}.nq")
}

/// A writer that counts and hashes what goes through it.
struct Tally<W> {
    inner: W,
    bytes: u64,
    hash: Sha256,
}

impl<W: Write> Write for Tally<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

type ShardWriter = oxigraph::io::WriterQuadSerializer<Tally<BufWriter<File>>>;

/// Writes the whole store as `shards` N-Quads files in `dir` (created if missing) plus
/// `manifest.json`, and returns the manifest. Shard files of an earlier export with more
/// shards are removed, so the folder holds exactly one export.
pub fn write_shards(store: &Store, shards: usize, dir: &Path) -> Result<Manifest, ShardError> {
    if shards == 0 {
        return Err(ShardError::NoShards);
    }
    let dir_err = |error| ShardError::Dir {
        path: dir.display().to_string(),
        error,
    };
    std::fs::create_dir_all(dir).map_err(dir_err)?;
    let tmp = |i: usize| dir.join(format!("{}.tmp", shard_file(i)));
    let write_err = |path: &Path| {
        let path = path.display().to_string();
        move |error| ShardError::Write { path, error }
    };
    let mut writers: Vec<ShardWriter> = Vec::with_capacity(shards);
    for i in 0..shards {
        let path = tmp(i);
        let f = File::create(&path).map_err(|source| ShardError::Dir {
            path: dir.display().to_string(),
            error: io::Error::new(
                source.kind(),
                format!("cannot create {}: {source}", path.display()),
            ),
        })?;
        let tally = Tally {
            inner: BufWriter::with_capacity(1 << 16, f),
            bytes: 0,
            hash: Sha256::new(),
        };
        writers.push(RdfSerializer::from_format(RdfFormat::NQuads).for_writer(tally));
    }
    let mut quads = vec![0u64; shards];
    let mut seen: Vec<HashSet<[u8; 16]>> = vec![HashSet::new(); shards];
    // Quads of one graph come together on disk: remember the last graph's shard so each
    // graph is hashed once, not once per quad.
    let mut last: Option<(GraphName, usize)> = None;
    for q in store.quads() {
        let q = q?;
        let shard = match &last {
            Some((g, s)) if *g == q.graph_name => *s,
            _ => {
                let iri = match &q.graph_name {
                    GraphName::NamedNode(n) => n.as_str().to_string(),
                    GraphName::BlankNode(b) => b.to_string(),
                    GraphName::DefaultGraph => String::new(),
                };
                let s = shard_of(&iri, shards);
                let d = Sha256::digest(iri.as_bytes());
                let mut key = [0u8; 16];
                key.copy_from_slice(&d[..16]);
                seen[s].insert(key);
                last = Some((q.graph_name.clone(), s));
                s
            }
        };
        writers[shard]
            .serialize_quad(&q)
            .map_err(write_err(&tmp(shard)))?;
        quads[shard] += 1;
    }
    let mut files = Vec::with_capacity(shards);
    for (i, w) in writers.into_iter().enumerate() {
        let path = tmp(i);
        let tally = w.finish().map_err(write_err(&path))?;
        let Tally { inner, bytes, hash } = tally;
        let f = inner.into_inner().map_err(|e| ShardError::Write {
            path: path.display().to_string(),
            error: e.into_error(),
        })?;
        f.sync_all().map_err(write_err(&path))?;
        files.push(ShardInfo {
            file: shard_file(i),
            graphs: seen[i].len() as u64,
            quads: quads[i],
            bytes,
            sha256: hash.finalize().iter().map(|b| format!("{b:02x}")).collect(),
        });
    }
    for i in 0..shards {
        let to = dir.join(shard_file(i));
        std::fs::rename(tmp(i), &to).map_err(write_err(&to))?;
    }
    let removed = remove_stale(dir, shards).map_err(dir_err)?;
    let manifest = Manifest {
        format: "application/n-quads".into(),
        assignment: "first 8 bytes of SHA-256(graph IRI), big-endian, modulo shards; the default graph as the empty IRI".into(),
        shards,
        graphs: files.iter().map(|f| f.graphs).sum(),
        quads: files.iter().map(|f| f.quads).sum(),
        files,
        removed,
    };
    let path = dir.join("manifest.json");
    let tmp_manifest = dir.join("manifest.json.tmp");
    let json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| write_err(&path)(io::Error::other(e)))?;
    std::fs::write(&tmp_manifest, json).map_err(write_err(&tmp_manifest))?;
    std::fs::rename(&tmp_manifest, &path).map_err(write_err(&path))?;
    Ok(manifest)
}

/// Removes `part-NNNN.nq` files numbered `shards` or more (left by an export with more shards).
fn remove_stale(dir: &Path, shards: usize) -> io::Result<Vec<String>> {
    let mut removed = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let name = e?.file_name().to_string_lossy().to_string();
        let index = name
            .strip_prefix("part-")
            .and_then(|r| r.strip_suffix(".nq"))
            .filter(|d| d.len() >= 4 && d.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|d| d.parse::<usize>().ok());
        if index.is_some_and(|i| i >= shards) {
            std::fs::remove_file(dir.join(&name))?;
            removed.push(name);
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_is_stable_and_spread() {
        // Pinned values: a change here changes where every graph goes for every user.
        assert_eq!(shard_of("", 1), 0);
        let mut counts = [0usize; 4];
        for i in 0..400 {
            counts[shard_of(&format!("https://w3id.org/unkg/graph/en/A/RES/{i}"), 4)] += 1;
        }
        assert!(counts.iter().all(|&c| c > 60), "{counts:?}");
    }

    #[test]
    fn zero_shards_is_an_error() {
        let store = Store::in_memory(None).expect("store");
        let dir = std::env::temp_dir().join(format!("unkg-shards-zero-{}", std::process::id()));
        let err = write_shards(&store, 0, &dir).expect_err("0 shards");
        assert!(err.to_string().contains("at least 1"), "{err}");
    }
}
