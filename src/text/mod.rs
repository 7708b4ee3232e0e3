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
