//! Named bodies: mentions of UN organs, offices, agencies and partner organisations, resolved
//! to gazetteer entities.

use std::ops::Range;

use super::organ::Organ;
use crate::gazetteer::bodies::Body;
use crate::text::Lang;

/// One mention of a body in a view.
#[derive(Debug, Clone)]
pub struct Mention {
    /// View range of the mention.
    pub range: Range<usize>,
    /// The entity.
    pub body: &'static Body,
}

/// Finds body mentions in `text` (a view), given the citing document's own organ for definite
/// references ("the Council", "the Assembly").
pub fn find(_lang: Lang, _text: &str, _own: Option<Organ>) -> Vec<Mention> {
    Vec::new()
}
