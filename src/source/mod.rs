//! Reading inputs: a path (or standard input) to text plus provenance.
//!
//! Architecture invariant: this is the only layer that touches the file system for documents.
//! It turns bytes into the UTF-8 text that every span points into: for UTF-8 `.txt`/`.md`
//! files that text *is* the file, byte for byte (a UTF-8 byte-order mark included); UTF-16
//! files with a byte-order mark are decoded to UTF-8 and spans point into that decoding.
//! Every error names the file and the problem. Nothing here panics on any input.

use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::text::Hyperlink;

mod akn;
mod docx;
mod html;
mod pdf;
mod rendered;

pub use akn::{akn_to_text, render_akn};
pub use docx::docx_to_text;
pub use html::{html_to_text, render_html};
pub use pdf::pdf_to_text;

/// The largest input unkg reads, in bytes. Larger files are refused with a clear error rather
/// than exhausting memory.
pub const MAX_INPUT: u64 = 1 << 30;

/// How the input's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark; the text is the input itself.
    Utf8,
    /// UTF-16 little-endian with a byte-order mark, decoded to UTF-8.
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark, decoded to UTF-8.
    Utf16Be,
}

/// The kind of file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (`.txt` and anything unknown).
    Text,
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// HTML (`.html`, `.htm`, `.xhtml`): rendered to text, `<sup>` markers and footnote lists kept.
    Html,
    /// Akoma Ntoso XML (`.xml`, `.akn`): rendered to text, `<authorialNote>` footnotes kept.
    Akn,
    /// PDF (`.pdf`): its text layer, laid out into lines, with footnote zones and superscript
    /// markers recognised.
    Pdf,
    /// Word (`.docx`): its paragraphs and its footnote part.
    Docx,
}

impl Format {
    /// The format a path's extension implies.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("xml" | "akn") => Format::Akn,
            Some("pdf") => Format::Pdf,
            Some("docx") => Format::Docx,
            _ => Format::Text,
        }
    }

    /// The format's name, as error messages show it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Akn => "Akoma Ntoso",
            Format::Pdf => "PDF",
            Format::Docx => "Word",
        }
    }

    /// Whether the text is a rendering of the file rather than the file itself.
    pub fn is_converted(self) -> bool {
        !matches!(self, Format::Text | Format::Markdown)
    }
}

/// A document read into memory.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given (`"-"` for standard input).
    pub path: String,
    /// The text every span points into.
    pub text: String,
    /// How the bytes were decoded.
    pub encoding: Encoding,
    /// The file format.
    pub format: Format,
    /// SHA-256 of the raw bytes, lower-case hex.
    pub sha256: String,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// Links of an HTML or Akoma Ntoso document (`<a href>`, `<ref href>`) as spans of `text`;
    /// none for other formats.
    pub links: Vec<Hyperlink>,
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The operating system refused (missing file, permissions, dangling symlink…).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A directory was given where a file is expected.
    #[error("{path}: is a directory (give files, or use a command that walks folders)")]
    Directory {
        /// The path.
        path: String,
    },
    /// Not a regular file (a FIFO, a socket, a device).
    #[error("{path}: not a regular file ({kind}); unkg reads regular files and standard input")]
    NotRegular {
        /// The path.
        path: String,
        /// What it is.
        kind: &'static str,
    },
    /// Larger than [`MAX_INPUT`].
    #[error("{path}: {size} bytes is larger than the {max} bytes unkg reads")]
    TooLarge {
        /// The path.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        max: u64,
    },
    /// A PDF, Word, HTML or XML file whose text could not be read.
    #[error("{path}: cannot read this {format} file: {problem}")]
    Convert {
        /// The path.
        path: String,
        /// The format it was read as.
        format: &'static str,
        /// What went wrong.
        problem: String,
    },
    /// Not text in a supported encoding.
    #[error("{path}: {problem}")]
    NotText {
        /// The path.
        path: String,
        /// What is wrong, with the byte offset.
        problem: DecodeProblem,
    },
}

/// What is wrong with bytes that should be text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// Bytes that are not UTF-8.
    InvalidUtf8 {
        /// Offset of the first bad byte.
        offset: usize,
    },
    /// UTF-16 with an unpaired surrogate or an odd length.
    InvalidUtf16 {
        /// Offset of the first bad code unit.
        offset: usize,
    },
    /// NUL bytes: a binary file, not text.
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
}

impl fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeProblem::InvalidUtf8 { offset } => {
                write!(f, "not valid UTF-8 (first bad byte at offset {offset})")
            }
            DecodeProblem::InvalidUtf16 { offset } => {
                write!(
                    f,
                    "not valid UTF-16 (bad code unit at byte offset {offset})"
                )
            }
            DecodeProblem::Binary { offset } => {
                write!(
                    f,
                    "looks like a binary file, not text (NUL byte at offset {offset})"
                )
            }
        }
    }
}

/// Decodes raw bytes to text: UTF-8 (a byte-order mark is kept, so offsets equal file offsets)
/// or UTF-16 with a byte-order mark.
///
/// ```
/// use unkg::source::{decode, Encoding};
/// assert_eq!(decode(b"resolution 57/32").unwrap().0, "resolution 57/32");
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter()
///     .chain("57/32".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
/// assert_eq!(decode(&utf16).unwrap(), ("57/32".to_string(), Encoding::Utf16Le));
/// ```
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeProblem> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            decode_utf16(rest, u16::from_le_bytes).map(|s| (s, Encoding::Utf16Le))
        }
        [0xFE, 0xFF, rest @ ..] => {
            decode_utf16(rest, u16::from_be_bytes).map(|s| (s, Encoding::Utf16Be))
        }
        _ => {
            if let Some(offset) = memchr::memchr(0, bytes) {
                return Err(DecodeProblem::Binary { offset });
            }
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok((s.to_owned(), Encoding::Utf8)),
                Err(e) => Err(DecodeProblem::InvalidUtf8 {
                    offset: e.valid_up_to(),
                }),
            }
        }
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeProblem> {
    if bytes.len() % 2 == 1 {
        return Err(DecodeProblem::InvalidUtf16 {
            offset: bytes.len() + 1,
        });
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len());
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok('\0') => return Err(DecodeProblem::Binary { offset: 2 + 2 * i }),
            Ok(c) => out.push(c),
            Err(_) => return Err(DecodeProblem::InvalidUtf16 { offset: 2 + 2 * i }),
        }
    }
    Ok(out)
}

/// Reads a file (or standard input for `"-"`) into a [`Source`].
pub fn read_path(path: &Path) -> Result<Source, SourceError> {
    let shown = path.display().to_string();
    let io = |source| SourceError::Io {
        path: shown.clone(),
        source,
    };
    let bytes = if shown == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .map_err(io)?;
        buf
    } else {
        let meta = fs::metadata(path).map_err(io)?;
        let ft = meta.file_type();
        if ft.is_dir() {
            return Err(SourceError::Directory { path: shown });
        }
        if !ft.is_file() {
            return Err(SourceError::NotRegular {
                path: shown,
                kind: file_kind(&ft),
            });
        }
        if meta.len() > MAX_INPUT {
            return Err(SourceError::TooLarge {
                path: shown,
                size: meta.len(),
                max: MAX_INPUT,
            });
        }
        fs::read(path).map_err(io)?
    };
    if bytes.len() as u64 > MAX_INPUT {
        return Err(SourceError::TooLarge {
            path: shown,
            size: bytes.len() as u64,
            max: MAX_INPUT,
        });
    }
    from_bytes(&shown, Format::from_path(path), &bytes)
}

/// Builds a [`Source`] from bytes already in memory. PDF, Word, HTML and Akoma Ntoso are
/// rendered to text first (see [`Format`]); the hash is always that of the raw bytes.
pub fn from_bytes(path: &str, format: Format, bytes: &[u8]) -> Result<Source, SourceError> {
    let not_text = |problem| SourceError::NotText {
        path: path.to_string(),
        problem,
    };
    let convert = |problem: String| SourceError::Convert {
        path: path.to_string(),
        format: format.name(),
        problem,
    };
    let mut links = Vec::new();
    let (text, encoding) = match format {
        Format::Text | Format::Markdown => decode(bytes).map_err(not_text)?,
        Format::Html => {
            let (raw, enc) = decode(bytes).map_err(not_text)?;
            let (text, l) = render_html(&raw);
            links = l;
            (text, enc)
        }
        Format::Akn => {
            let (raw, enc) = decode(bytes).map_err(not_text)?;
            let (text, l) = render_akn(&raw).map_err(convert)?;
            links = l;
            (text, enc)
        }
        Format::Pdf => (pdf_to_text(bytes).map_err(convert)?, Encoding::Utf8),
        Format::Docx => (docx_to_text(bytes).map_err(convert)?, Encoding::Utf8),
    };
    Ok(Source {
        path: path.to_string(),
        text,
        encoding,
        format,
        sha256: sha256_hex(bytes),
        bytes: bytes.len() as u64,
        links,
    })
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(unix)]
fn file_kind(ft: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_block_device() || ft.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn file_kind(_: &fs::FileType) -> &'static str {
    "not a regular file"
}

/// Whether a path names a document unkg reads when walking folders.
pub fn is_document(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("txt" | "md" | "markdown" | "html" | "htm" | "xhtml" | "xml" | "akn" | "pdf" | "docx")
    )
}

/// Expands files and folders (recursively, by extension, sorted) into document paths.
pub fn walk(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            walk_dir(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk_dir(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk_dir(&p, out);
        } else if is_document(&p) {
            out.push(p);
        }
    }
}
