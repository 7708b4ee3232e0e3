//! The normalised view of a text: what the matchers read, with a map back to original offsets.
//!
//! A [`View`] is built from the original text minus some edits (deleted running heads, markup,
//! footnote markers) with characters folded for matching (full-width ASCII to ASCII, the many
//! Unicode spaces to a space, non-breaking hyphens to `-`, Arabic-Indic digits to ASCII digits,
//! zero-width and directional marks removed). Every byte offset in the view maps back to an
//! offset in the original on a char boundary, so a match in the view becomes a span in the
//! original whose bytes are exactly what was written.

use std::ops::Range;

/// An edit applied while building a view: the original range is replaced by `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Range of the original text to replace; on char boundaries.
    pub range: Range<usize>,
    /// Replacement text (often empty: a deletion).
    pub with: &'static str,
}

impl Edit {
    /// Deletes a range.
    pub fn delete(range: Range<usize>) -> Edit {
        Edit { range, with: "" }
    }
    /// Replaces a range with `with`.
    pub fn replace(range: Range<usize>, with: &'static str) -> Edit {
        Edit { range, with }
    }
}

/// A normalised view of (part of) an original text.
#[derive(Debug, Clone, Default)]
pub struct View {
    text: String,
    /// Breakpoints `(view, original)`: from `view` on (until the next breakpoint) a view offset
    /// `v` maps to `original + (v - view)`. Sorted by `view`; the first is at 0.
    map: Vec<(usize, usize)>,
}

/// How one original character appears in the view.
enum Fold {
    Keep,
    Drop,
    To(char),
}

fn fold(c: char) -> Fold {
    match c {
        // Full-width ASCII forms (（ ） ／ ， ： ０-９ Ａ-Ｚ …).
        '\u{FF01}'..='\u{FF5E}' => Fold::To(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
            Fold::To(' ')
        }
        '\u{2010}' | '\u{2011}' | '\u{2212}' => Fold::To('-'),
        // Arabic-Indic and extended Arabic-Indic digits.
        '\u{0660}'..='\u{0669}' => Fold::To(char::from_u32(c as u32 - 0x0660 + 0x30).unwrap_or(c)),
        '\u{06F0}'..='\u{06F9}' => Fold::To(char::from_u32(c as u32 - 0x06F0 + 0x30).unwrap_or(c)),
        // Soft hyphen, zero-width characters, directional marks, byte-order mark, tatweel.
        '\u{00AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{0640}' => Fold::Drop,
        _ => Fold::Keep,
    }
}

/// The first bytes of the UTF-8 encodings of every character that [`fold`] changes: U+0080–U+00BF
/// (`C2`), U+0640–U+067F (`D9`), U+06C0–U+06FF (`DB`), U+2000–U+2FFF (`E2`), U+3000–U+3FFF
/// (`E3`) and U+F000–U+FFFF (`EF`). Text between such bytes is copied as it is: most of a
/// Chinese, Arabic or Russian text never reaches the character match.
const FOLD_LEADS: [bool; 256] = {
    let mut t = [false; 256];
    t[0xC2] = true;
    t[0xD9] = true;
    t[0xDB] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// The first byte at or after `from` that [`FOLD_LEADS`] lists; eight ASCII bytes at a time.
fn next_fold_lead(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(w) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if word & HIGH != 0
            && let Some(k) = w.iter().position(|&b| FOLD_LEADS[usize::from(b)])
        {
            return Some(i + k);
        }
        i += 8;
    }
    let tail = bytes.get(i..)?;
    tail.iter()
        .position(|&b| FOLD_LEADS[usize::from(b)])
        .map(|k| i + k)
}

/// Builds a [`View`] piece by piece.
struct Builder<'a> {
    orig: &'a str,
    view: View,
    /// The current shift `original - view` implied by the last breakpoint.
    last: Option<(usize, usize)>,
}

impl<'a> Builder<'a> {
    fn new(orig: &'a str, capacity: usize) -> Self {
        Builder {
            orig,
            view: View {
                text: String::with_capacity(capacity),
                map: Vec::new(),
            },
            last: None,
        }
    }

    /// Records that the view offset `v` (the current end) maps to original offset `o`.
    fn anchor(&mut self, o: usize) {
        let v = self.view.text.len();
        if let Some((lv, lo)) = self.last
            && lo + (v - lv) == o
        {
            return;
        }
        match self.view.map.last_mut() {
            Some(last) if last.0 == v => *last = (v, o),
            _ => self.view.map.push((v, o)),
        }
        self.last = Some((v, o));
    }

    /// Appends the original range `r`, folding characters.
    fn push_orig(&mut self, r: Range<usize>) {
        let s = &self.orig[r.clone()];
        self.anchor(r.start);
        // Only a few non-ASCII characters fold: jump from one that may to the next (a leading
        // byte, so a character boundary) and copy the runs between.
        let bytes = s.as_bytes();
        let mut run_start = 0;
        let mut i = 0;
        while let Some(at) = next_fold_lead(bytes, i) {
            let Some(c) = s[at..].chars().next() else {
                break;
            };
            let width = c.len_utf8();
            match fold(c) {
                Fold::Keep => {}
                f => {
                    self.view.text.push_str(&s[run_start..at]);
                    self.anchor(r.start + at);
                    if let Fold::To(t) = f {
                        self.view.text.push(t);
                    }
                    run_start = at + width;
                    self.anchor(r.start + run_start);
                }
            }
            i = at + width;
        }
        self.view.text.push_str(&s[run_start..]);
    }

    /// Appends replacement text standing for the original range `r`.
    fn push_replacement(&mut self, r: Range<usize>, with: &str) {
        self.anchor(r.start);
        self.view.text.push_str(with);
        self.anchor(r.end);
    }

    fn finish(mut self, end: usize) -> View {
        self.anchor(end);
        if self.view.map.is_empty() {
            self.view.map.push((0, end));
        }
        self.view
    }
}

impl View {
    /// The view of `orig[range]` with `edits` applied. Edits must lie inside `range`, on char
    /// boundaries; overlapping edits are merged (the first one's replacement wins).
    pub fn new(orig: &str, range: Range<usize>, edits: &[Edit]) -> View {
        let mut edits: Vec<&Edit> = edits
            .iter()
            .filter(|e| {
                e.range.start >= range.start
                    && e.range.end <= range.end
                    && e.range.start <= e.range.end
            })
            .collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let mut b = Builder::new(orig, range.len());
        let mut pos = range.start;
        for e in edits {
            if e.range.end <= pos && e.range.start < pos {
                continue;
            }
            let start = e.range.start.max(pos);
            if start > pos {
                b.push_orig(pos..start);
            }
            b.push_replacement(start..e.range.end, e.with);
            pos = e.range.end.max(pos);
        }
        if pos < range.end {
            b.push_orig(pos..range.end);
        }
        b.finish(range.end)
    }

    /// The whole of `orig` with no edits.
    pub fn whole(orig: &str) -> View {
        View::new(orig, 0..orig.len(), &[])
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a view offset back to an original offset.
    pub fn to_orig(&self, v: usize) -> usize {
        let i = self
            .map
            .partition_point(|&(bv, _)| bv <= v)
            .saturating_sub(1);
        match self.map.get(i) {
            Some(&(bv, bo)) => bo + (v - bv.min(v)),
            None => v,
        }
    }

    /// Maps a view range back to the original range that produced it: from the original start
    /// of its first char to the original end of its last char (a folded char such as `５` maps
    /// to its full original width). `orig` must be the text the view was built from.
    pub fn span(&self, orig: &str, r: Range<usize>) -> Range<usize> {
        let start = self.to_orig(r.start);
        if r.is_empty() {
            return start..start;
        }
        let last = self.text[..r.end]
            .char_indices()
            .next_back()
            .map_or(r.start, |(i, _)| i);
        let o = self.to_orig(last);
        let width = orig
            .get(o..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        start..(o + width).max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(orig: &str, view: &View) {
        // Every char of the view maps into the original on char boundaries.
        for (i, c) in view.as_str().char_indices() {
            let r = view.span(orig, i..i + c.len_utf8());
            assert!(
                orig.is_char_boundary(r.start) && orig.is_char_boundary(r.end),
                "{r:?}"
            );
        }
    }

    #[test]
    fn identity_on_ascii() {
        let t = "resolution 57/32 of 19 November 2002";
        let v = View::whole(t);
        assert_eq!(v.as_str(), t);
        assert_eq!(v.span(t, 11..16), 11..16);
    }

    /// Every character that folds starts with one of the bytes the builder stops at.
    #[test]
    fn fold_leads_cover_every_folding_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !matches!(fold(c), Fold::Keep) {
                let mut buf = [0; 4];
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(
                    FOLD_LEADS[usize::from(first)],
                    "{c:?} starts with {first:#x}"
                );
            }
        }
    }

    /// The word-at-a-time search finds what a byte-by-byte one finds, from every offset.
    #[test]
    fn fold_lead_search_reads_every_byte() {
        let texts = [
            "plain ASCII text that runs for more than sixteen bytes",
            "第５７／３２号决议，附件 and ｆｕｌｌ",
            "Сов\u{a0}ет — «текст»\u{200b}x",
            "قرار\u{640}ها ٥٧/٣٢",
            "",
            "\u{3000}",
        ];
        for t in texts {
            let b = t.as_bytes();
            for from in 0..=b.len() {
                let want = b[from..]
                    .iter()
                    .position(|&x| FOLD_LEADS[usize::from(x)])
                    .map(|k| from + k);
                assert_eq!(next_fold_lead(b, from), want, "{t:?} from {from}");
            }
        }
    }

    #[test]
    fn folds_full_width_and_maps_back() {
        let t = "第５７／３２号决议，附件";
        let v = View::whole(t);
        assert_eq!(v.as_str(), "第57/32号决议,附件");
        let s = v.as_str().find("57/32").unwrap();
        let r = v.span(t, s..s + 5);
        assert_eq!(&t[r], "５７／３２");
        check(t, &v);
    }

    #[test]
    fn deletions_and_replacements() {
        let t = "Outcome,<sup>1</sup> in **which** A/51/402";
        let a = t.find("<sup>").unwrap();
        let b = t.find("</sup>").unwrap() + 6;
        let bold: Vec<usize> = t.match_indices("**").map(|(i, _)| i).collect();
        let edits = vec![
            Edit::delete(a..b),
            Edit::delete(bold[0]..bold[0] + 2),
            Edit::delete(bold[1]..bold[1] + 2),
        ];
        let v = View::new(t, 0..t.len(), &edits);
        assert_eq!(v.as_str(), "Outcome, in which A/51/402");
        let s = v.as_str().find("A/51/402").unwrap();
        assert_eq!(&t[v.span(t, s..s + 8)], "A/51/402");
        let w = v.as_str().find("which").unwrap();
        assert_eq!(&t[v.span(t, w..w + 5)], "which");
        check(t, &v);
    }

    #[test]
    fn drops_marks_and_folds_arabic_digits() {
        let t = "القرار \u{200F}٦٠/٢٥١ المؤرخ";
        let v = View::whole(t);
        assert!(v.as_str().contains("60/251"));
        let s = v.as_str().find("60/251").unwrap();
        assert_eq!(&t[v.span(t, s..s + 6)], "٦٠/٢٥١");
        check(t, &v);
    }

    #[test]
    fn sub_range() {
        let t = "xx Inter\u{2011}Parliamentary Union yy";
        let v = View::new(t, 3..t.len() - 3, &[]);
        assert_eq!(v.as_str(), "Inter-Parliamentary Union");
        assert_eq!(
            &t[v.span(t, 0..v.as_str().len())],
            "Inter\u{2011}Parliamentary Union"
        );
        check(t, &v);
    }
}
