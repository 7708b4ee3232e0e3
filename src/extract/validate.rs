//! The span validator: one check, used in tests, in fuzzing and in debug builds.

use super::model::Extraction;

/// Checks every span of an extraction against the text it was extracted from: in bounds, on
/// char boundaries, non-empty, and (for citations and bodies) the bytes there equal `text`.
/// Returns one message per problem; empty means valid.
///
/// ```
/// use unkg::extract::{extract_str, validate, Options};
/// let text = "Recalling its resolution 57/32 of 19 November 2002,";
/// assert!(validate(text, &extract_str(text, &Options::default())).is_empty());
/// ```
pub fn validate(text: &str, ex: &Extraction) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |what: &str, start: usize, end: usize, expect: Option<&str>| {
        if start > end || end > text.len() {
            problems.push(format!(
                "{what}: span {start}..{end} out of bounds (text is {} bytes)",
                text.len()
            ));
        } else if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            problems.push(format!(
                "{what}: span {start}..{end} not on char boundaries"
            ));
        } else if let Some(t) = expect {
            if &text[start..end] != t {
                problems.push(format!(
                    "{what}: span {start}..{end} is {:?}, not {t:?}",
                    &text[start..end]
                ));
            }
            if t.is_empty() {
                problems.push(format!("{what}: empty text"));
            }
        }
    };
    for p in &ex.paragraphs {
        check(&format!("paragraph {}", p.id), p.start, p.end, None);
    }
    for c in &ex.citations {
        check(
            &format!("citation {}", c.target),
            c.start,
            c.end,
            Some(&c.text),
        );
    }
    for b in &ex.bodies {
        check(&format!("body {}", b.id), b.start, b.end, Some(&b.text));
    }
    problems
}
