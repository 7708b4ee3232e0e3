//! Text: the original bytes, spans into them, the normalised view used for matching, page
//! layout and language detection.
//!
//! Architecture invariant: a span is always a byte range into the ORIGINAL text, on char
//! boundaries. Normalisation is a view with an offset map back; it never moves offsets.

mod lang;

pub use lang::{Lang, UnknownLang, detect_language};
mod view;

pub use view::{Edit, View};
mod layout;

pub use layout::{Footnote, Layout, Marker, layout};

/// A hyperlink of a rendered document: the span of its anchor text in the text unkg reads, and
/// its target as written (`https://undocs.org/A/RES/70/1`, `/akn/un/…`). What a target means
/// is for the reader of the text to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    /// Byte offset of the anchor text's first byte.
    pub start: usize,
    /// Byte offset just past the anchor text.
    pub end: usize,
    /// The link target (`href`), entities resolved.
    pub href: String,
}

/// At most the first `n` bytes of `text`, cut back to a char boundary.
pub fn head(text: &str, n: usize) -> &str {
    &text[..text.floor_char_boundary(n)]
}

/// At most the last `n` bytes of `text`, cut forward to a char boundary.
pub fn tail(text: &str, n: usize) -> &str {
    &text[text.ceil_char_boundary(text.len().saturating_sub(n))..]
}

/// At most `n` bytes of `text` before offset `at` (a char boundary), cut forward to a char
/// boundary: the window look-behind patterns read.
pub fn before(text: &str, at: usize, n: usize) -> &str {
    &text[text.ceil_char_boundary(at.saturating_sub(n))..at]
}

/// The files of the six-language test corpus (`../shared/corpus/<lang>/`) with their language
/// and text, for tests that check a function on real text (none when the corpus is absent).
#[cfg(test)]
pub(crate) fn corpus_texts() -> Vec<(Lang, std::path::PathBuf, String)> {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let Ok(dir) = std::fs::read_dir(corpus.join(lang.code())) else {
            continue;
        };
        for entry in dir.flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                out.push((lang, entry.path(), text));
            }
        }
    }
    out
}
