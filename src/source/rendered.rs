//! The plain text a structured document (PDF, Word, HTML, Akoma Ntoso) is rendered to.
//!
//! Every converted format ends up as the same kind of text, the one the layout stage already
//! reads: paragraphs separated by blank lines, footnote markers as Unicode superscript digits
//! right where they stood (`Outcome,¹ in which`), and the footnote bodies after a `__________`
//! rule, one per line, led by their number (`1 Resolution 60/1.`). Spans point into this text,
//! and `unkg extract --format text` prints it.
//!
//! This module knows nothing of any file format: the readers feed it text, breaks, markers and
//! footnotes in document order.

/// A rule line that opens a footnote block (the layout stage looks for five underscores or more).
pub(crate) const RULE: &str = "__________";

/// Accumulates the rendered text of one document.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    body: String,
    notes: Vec<(u32, String)>,
    /// A space is owed before the next word (collapsed whitespace).
    space: bool,
}

/// Writes `n` as Unicode superscript digits (`12` → `¹²`).
pub(crate) fn superscript(n: u32) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|b| SUP[usize::from(b - b'0')])
        .collect()
}

/// Text with runs of whitespace collapsed to one space, ligatures spelled out, soft hyphens
/// and zero-width characters dropped.
pub(crate) fn clean_inline(s: &str, out: &mut String, space: &mut bool) {
    for c in s.chars() {
        if c.is_whitespace() {
            *space = true;
            continue;
        }
        let expanded: &str = match c {
            '\u{ad}' | '\u{200b}' | '\u{feff}' => continue,
            'ﬀ' => "ff",
            'ﬁ' => "fi",
            'ﬂ' => "fl",
            'ﬃ' => "ffi",
            'ﬄ' => "ffl",
            'ﬅ' | 'ﬆ' => "st",
            _ => "",
        };
        if *space && !out.is_empty() && !out.ends_with(['\n', ' ']) {
            out.push(' ');
        }
        *space = false;
        if expanded.is_empty() {
            out.push(c);
        } else {
            out.push_str(expanded);
        }
    }
}

impl Rendered {
    /// Appends running text; whitespace collapses to single spaces.
    pub(crate) fn text(&mut self, s: &str) {
        clean_inline(s, &mut self.body, &mut self.space);
    }

    /// Ends a line: a line break unless the text already ends one.
    pub(crate) fn line_break(&mut self) {
        self.space = false;
        if !self.body.is_empty() && !self.body.ends_with('\n') {
            self.body.push('\n');
        }
    }

    /// Ends a paragraph: a blank line.
    pub(crate) fn paragraph_break(&mut self) {
        self.line_break();
        if !self.body.is_empty() && !self.body.ends_with("\n\n") {
            self.body.push('\n');
        }
    }

    /// Writes a footnote marker as superscript digits, glued to the text before it.
    pub(crate) fn marker(&mut self, n: u32) {
        self.space = false;
        self.body.push_str(&superscript(n));
    }

    /// Records a footnote body; they are written after the rule at the end.
    pub(crate) fn footnote(&mut self, n: u32, text: &str) {
        let mut t = String::new();
        let mut space = false;
        clean_inline(text, &mut t, &mut space);
        self.notes.push((n, t));
    }

    /// The number the next footnote without a number of its own gets.
    pub(crate) fn next_note_number(&self) -> u32 {
        self.notes.last().map_or(1, |n| n.0 + 1)
    }

    /// The text: body, then the rule and the footnotes when there are any.
    pub(crate) fn finish(mut self) -> String {
        let trimmed = self.body.trim_end().len();
        self.body.truncate(trimmed);
        self.body.push('\n');
        // The layout stage reads footnote numbers in ascending order from one block.
        self.notes.sort_by_key(|n| n.0);
        if !self.notes.is_empty() {
            self.body.push('\n');
            self.body.push_str(RULE);
            self.body.push('\n');
            for (n, t) in &self.notes {
                self.body.push_str(&format!("{n} {}\n", t.trim()));
            }
        }
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_footnotes_and_whitespace() {
        let mut r = Rendered::default();
        r.text("Recalling the  2005 World\n Summit Outcome,");
        r.marker(12);
        r.text(" in which");
        r.paragraph_break();
        r.text("Second ﬁnding");
        r.footnote(12, "Resolution\n60/1.");
        assert_eq!(
            r.finish(),
            "Recalling the 2005 World Summit Outcome,¹² in which\n\nSecond finding\n\n__________\n12 Resolution 60/1.\n"
        );
    }
}
