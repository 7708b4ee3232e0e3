//! Extraction: one document's text in, one [`Extraction`] out.
//!
//! Architecture invariant: pure — no I/O, no panics, no errors on any input; problems become
//! `diagnostics`. Every span is a byte range into the text given, on char boundaries, and the
//! bytes there equal the reported `text` ([`validate`] checks it).

mod model;

pub use model::{BodyMention, Citation, Extraction, Paragraph, ParagraphKind};

use crate::text::Lang;

/// What the caller knows about the document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The language, when known; detected from the text otherwise.
    pub lang: Option<Lang>,
    /// The file name, shown in `file`, and used as a last hint for the document's own symbol.
    pub file: Option<String>,
    /// Treat the text as Markdown (`<sup>` markers, `**bold**`, links).
    pub markdown: bool,
}

/// Extracts everything unkg knows how to find from `text`.
pub fn extract_str(text: &str, opts: &Options) -> Extraction {
    let lang = opts.lang.unwrap_or_else(|| crate::text::detect_language(text));
    Extraction {
        file: opts.file.clone().unwrap_or_else(|| "-".into()),
        language: lang.code().into(),
        ..Extraction::default()
    }
}
