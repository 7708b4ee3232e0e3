//! The plain text a structured document (PDF, Word, HTML, Akoma Ntoso) is rendered to.
//!
//! Every converted format ends up as the same kind of text, the one the layout stage already
//! reads: paragraphs separated by blank lines, footnote markers as Unicode superscript digits
//! right where they stood (`Outcome,¹ in which`), and the footnote bodies after a `__________`
//! rule, one per line, led by their number (`1 Resolution 60/1.`). Spans point into this text,
//! and `unkg extract --format text` prints it.
//!
//! Hyperlinks are kept as spans of the text written: a reader notes where a link's anchor text
//! starts and ends, in the body or in a footnote's text, and the spans come out trimmed of
//! surrounding whitespace and moved to where the footnote is finally written.
//!
//! This module knows nothing of any file format: the readers feed it text, breaks, markers,
//! footnotes and links in document order.

use std::ops::Range;

use crate::text::Hyperlink;

/// A rule line that opens a footnote block (the layout stage looks for five underscores or more).
pub(crate) const RULE: &str = "__________";

/// Links inside a footnote's text: byte ranges of that text and their targets.
pub(crate) type NoteLinks = Vec<(Range<usize>, String)>;

/// Accumulates the rendered text of one document.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    body: String,
    /// Footnotes: number, cleaned text, links as ranges of that text.
    notes: Vec<(u32, String, NoteLinks)>,
    /// Links in the body.
    links: Vec<Hyperlink>,
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

    /// Where a link's anchor text starting now starts: pass it to [`Rendered::link`].
    pub(crate) fn link_start(&self) -> usize {
        self.body.len()
    }

    /// Records a link whose anchor text was written since `start` ([`Rendered::link_start`]).
    pub(crate) fn link(&mut self, start: usize, href: &str) {
        self.links.push(Hyperlink {
            start,
            end: self.body.len(),
            href: href.to_string(),
        });
    }

    /// Records a footnote body; they are written after the rule at the end.
    pub(crate) fn footnote(&mut self, n: u32, text: &str) {
        self.linked_footnote(n, text, &[]);
    }

    /// Records a footnote body with links, as byte ranges of `text`.
    pub(crate) fn linked_footnote(&mut self, n: u32, text: &str, links: &[(Range<usize>, String)]) {
        // Clean piece by piece between link boundaries, so each boundary lands in the cleaned
        // text where the characters around it went.
        let mut cuts: Vec<usize> = links
            .iter()
            .flat_map(|(r, _)| [r.start, r.end])
            .filter(|&c| c <= text.len() && text.is_char_boundary(c))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut t = String::new();
        let mut space = false;
        let mut at: Vec<(usize, usize)> = Vec::with_capacity(cuts.len());
        let mut from = 0;
        for c in cuts {
            clean_inline(&text[from..c], &mut t, &mut space);
            at.push((c, t.len()));
            from = c;
        }
        clean_inline(&text[from..], &mut t, &mut space);
        let map = |raw: usize| at.iter().find(|p| p.0 == raw).map(|p| p.1);
        let mapped = links
            .iter()
            .filter_map(|(r, href)| Some((map(r.start)?..map(r.end)?, href.clone())))
            .collect();
        self.notes.push((n, t, mapped));
    }

    /// The number the next footnote without a number of its own gets.
    pub(crate) fn next_note_number(&self) -> u32 {
        self.notes.last().map_or(1, |n| n.0 + 1)
    }

    /// The text: body, then the rule and the footnotes when there are any.
    pub(crate) fn finish(self) -> String {
        self.finish_linked().0
    }

    /// The text and its links, each span trimmed to the anchor's words (links with none are
    /// dropped), in text order.
    pub(crate) fn finish_linked(mut self) -> (String, Vec<Hyperlink>) {
        let trimmed = self.body.trim_end().len();
        self.body.truncate(trimmed);
        self.body.push('\n');
        // The layout stage reads footnote numbers in ascending order from one block.
        self.notes.sort_by_key(|n| n.0);
        if !self.notes.is_empty() {
            self.body.push('\n');
            self.body.push_str(RULE);
            self.body.push('\n');
            for (n, t, links) in &self.notes {
                self.body.push_str(&format!("{n} "));
                // A cleaned footnote has no whitespace at either end.
                let base = self.body.len();
                self.body.push_str(t);
                self.body.push('\n');
                self.links.extend(links.iter().map(|(r, href)| Hyperlink {
                    start: base + r.start,
                    end: base + r.end,
                    href: href.clone(),
                }));
            }
        }
        let body = &self.body;
        let mut links: Vec<Hyperlink> = self
            .links
            .into_iter()
            .filter_map(|mut l| {
                let end = l.end.min(body.len());
                let anchor = body.get(l.start..end)?;
                l.start += anchor.len() - anchor.trim_start().len();
                l.end = l.start + anchor.trim().len();
                (l.start < l.end).then_some(l)
            })
            .collect();
        links.sort_by_key(|l| (l.start, l.end));
        (self.body, links)
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

    #[test]
    fn links_in_body_and_footnotes_keep_their_anchor_text() {
        let mut r = Rendered::default();
        r.text("Recalling ");
        let at = r.link_start();
        r.text(" the 2030  Agenda ");
        r.link(at, "https://undocs.org/A/RES/70/1");
        r.text("and more");
        let note = "  Resolution \n 60/1 of 2005.";
        let start = note.find("60/1").unwrap();
        r.linked_footnote(1, note, &[(start..start + 4, "/akn/un/x/60-1".into())]);
        let (text, links) = r.finish_linked();
        let anchors: Vec<(&str, &str)> = links
            .iter()
            .map(|l| (&text[l.start..l.end], l.href.as_str()))
            .collect();
        assert_eq!(
            anchors,
            [
                ("the 2030 Agenda", "https://undocs.org/A/RES/70/1"),
                ("60/1", "/akn/un/x/60-1")
            ],
            "{text}"
        );
    }
}
