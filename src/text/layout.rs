//! Page layout: what of a text is body, what is page furniture, where the footnotes are.
//!
//! Text converted from PDF carries the page with it: running heads and feet repeated on every
//! page (the symbol, the title, the job number `25-12359`, the page counter `2/7`, the bar code
//! `*2512359*`), footnote blocks after a `_____` rule, and footnote markers that became bare
//! digits after punctuation (`Outcome, 1 in which`). Markdown converted from PDF writes markers
//! and footnote bodies as `<sup>N</sup>` and leaves footnote bodies mid-text at page breaks.
//!
//! [`layout`] separates all of that into a body [`View`] (furniture, footnote bodies, markers
//! and markup removed), one [`View`] per footnote, and the markers' positions, all mapping back
//! to original byte offsets. It never fails: text it does not understand stays body text.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::view::{Edit, View};

/// A footnote body.
#[derive(Debug, Clone)]
pub struct Footnote {
    /// The footnote number.
    pub number: u32,
    /// The footnote's text (its number removed).
    pub view: View,
    /// Body view offset where the footnote's block was cut out of the body: its marker comes
    /// before this point.
    pub zone_at: usize,
}

/// A footnote marker in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The footnote number it points to.
    pub number: u32,
    /// Offset in the body view where the marker stood (it is removed from the view).
    pub at: usize,
    /// The marker's original bytes.
    pub span: Range<usize>,
}

/// A document's layout.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The running text.
    pub body: View,
    /// Footnote bodies, in document order.
    pub footnotes: Vec<Footnote>,
    /// Footnote markers found in the body, in document order.
    pub markers: Vec<Marker>,
    /// Original ranges recognised as page furniture.
    pub furniture: Vec<Range<usize>>,
}

/// One line of the original: `text` without its line break, `full` with it.
#[derive(Debug, Clone)]
struct Line {
    text: Range<usize>,
    full: Range<usize>,
}

fn lines(orig: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', orig.as_bytes()) {
        let mut end = nl;
        if end > start && orig.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        out.push(Line {
            text: start..end,
            full: start..nl + 1,
        });
        start = nl + 1;
    }
    if start < orig.len() {
        out.push(Line {
            text: start..orig.len(),
            full: start..orig.len(),
        });
    }
    out
}

static STRONG_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            \d{1,3}\s*/\s*\d{1,3}                       # page counter 2/7
          | \d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?   # job number 25-12359 (E)
          | \*\d{6,9}\*                                 # bar code *2512359*
          | Please\ recycle
        )$",
    )
    .expect("static regex")
});
static WEAK_FURNITURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d{1,3}|\d{6})$").expect("static regex"));
static RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^_{5,}$").expect("static regex"));
static FOOTNOTE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:<sup>)?(\d{1,3})(?:</sup>|/)?(?:\s+|$)").expect("static regex")
});
static SUP_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<sup>\s*(\d{1,3})\s*</sup>|\[\^(\d{1,3})\]").expect("static regex")
});
static MD_FOOTNOTE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:<sup>\s*(\d{1,3})\s*</sup>|\[\^(\d{1,3})\]:)[ \t]*")
        .expect("static regex")
});
static MD_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)\*\*|__|^[ \t]*#{1,6}[ \t]+|^[ \t]*(?:-{3,}|\*{3,})[ \t]*$|\]\([^)\n]{0,200}\)|\[|<br\s*/?>|</?(?:b|i|em|strong|span|p|div)\b[^>\n]{0,100}>")
        .expect("static regex")
});
static UNICODE_SUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}").expect("static regex"));

/// Lays out a document. `markdown` turns on Markdown conventions (`<sup>` markers and
/// footnote lines, `**bold**`, links, headings).
pub fn layout(orig: &str, markdown: bool) -> Layout {
    if markdown {
        layout_markdown(orig)
    } else {
        layout_plain(orig)
    }
}

fn superscript_value(s: &str) -> Option<u32> {
    let mut n = 0u32;
    for c in s.chars() {
        let d = match c {
            '⁰' => 0,
            '¹' => 1,
            '²' => 2,
            '³' => 3,
            '⁴'..='⁹' => c as u32 - '⁴' as u32 + 4,
            _ => return None,
        };
        n = n * 10 + d;
    }
    Some(n)
}

fn layout_markdown(orig: &str) -> Layout {
    let mut edits: Vec<Edit> = Vec::new();
    let mut notes: Vec<(u32, Range<usize>, usize)> = Vec::new(); // number, body range, edit index
    let mut marker_spans: Vec<(u32, Range<usize>)> = Vec::new();
    let all = lines(orig);
    let mut i = 0;
    while i < all.len() {
        let line = &all[i];
        let text = &orig[line.text.clone()];
        if let Some(c) = MD_FOOTNOTE_LINE.captures(text) {
            let n = c
                .get(1)
                .or_else(|| c.get(2))
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(0);
            let body_start = line.text.start + c.get(0).map_or(0, |m| m.end());
            // A footnote body runs to the end of its line, and on over continuation lines that
            // are neither blank nor another footnote.
            let mut end_line = i;
            while end_line + 1 < all.len() {
                let next = &orig[all[end_line + 1].text.clone()];
                if next.trim().is_empty() || MD_FOOTNOTE_LINE.is_match(next) {
                    break;
                }
                end_line += 1;
            }
            let body = body_start..all[end_line].text.end;
            notes.push((n, body, edits.len()));
            edits.push(Edit::delete(line.full.start..all[end_line].full.end));
            i = end_line + 1;
            continue;
        }
        for c in SUP_MARKER.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let n = c
                .get(1)
                .or_else(|| c.get(2))
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(0);
            let span = line.text.start + m.start()..line.text.start + m.end();
            marker_spans.push((n, span.clone()));
            edits.push(Edit::delete(span));
        }
        for m in UNICODE_SUP.find_iter(text) {
            if let Some(n) = superscript_value(m.as_str()) {
                let span = line.text.start + m.start()..line.text.start + m.end();
                marker_spans.push((n, span.clone()));
                edits.push(Edit::delete(span));
            }
        }
        i += 1;
    }
    let footnote_ranges: Vec<Range<usize>> = notes.iter().map(|n| n.1.clone()).collect();
    // Markup anywhere outside footnote bodies (those get their own view below).
    for m in MD_MARKUP.find_iter(orig) {
        if !footnote_ranges
            .iter()
            .any(|r| r.start <= m.start() && m.end() <= r.end)
        {
            edits.push(Edit::delete(m.range()));
        }
    }
    let body = View::new(orig, 0..orig.len(), &edits);
    let mut markers: Vec<Marker> = marker_spans
        .into_iter()
        .map(|(number, span)| Marker {
            number,
            at: view_offset_of(&body, span.start),
            span,
        })
        .collect();
    markers.sort_by_key(|m| m.at);
    let footnotes = notes
        .into_iter()
        .map(|(number, range, edit)| {
            let inner: Vec<Edit> = MD_MARKUP
                .find_iter(&orig[range.clone()])
                .map(|m| Edit::delete(range.start + m.start()..range.start + m.end()))
                .collect();
            let zone_at = view_offset_of(&body, edits[edit].range.start);
            Footnote {
                number,
                view: View::new(orig, range, &inner),
                zone_at,
            }
        })
        .collect();
    Layout {
        body,
        footnotes,
        markers,
        furniture: Vec::new(),
    }
}

/// The body view offset at (or just after) original offset `o`.
fn view_offset_of(view: &View, o: usize) -> usize {
    // Views are monotone: binary search the view offsets.
    let (mut lo, mut hi) = (0usize, view.as_str().len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if view.to_orig(mid) < o {
            lo = mid + 1
        } else {
            hi = mid
        }
    }
    lo
}

/// A footnote block: its original range and its footnotes (number, line ranges of the body).
type Zone = (Range<usize>, Vec<(u32, Vec<Range<usize>>)>);

fn layout_plain(orig: &str) -> Layout {
    let all = lines(orig);
    let n = all.len();
    let trimmed: Vec<&str> = all
        .iter()
        .map(|l| orig[l.text.clone()].trim_matches(|c: char| c.is_whitespace() || c == '\u{c}'))
        .collect();
    let page_start: Vec<bool> = all
        .iter()
        .map(|l| orig[l.text.clone()].starts_with('\u{c}'))
        .collect();
    let has_form_feeds = page_start.iter().any(|&b| b);
    let strong: Vec<bool> = trimmed
        .iter()
        .map(|t| STRONG_FURNITURE.is_match(t))
        .collect();

    // Lines near a page boundary (a form feed or strong furniture), counted in non-blank lines.
    let mut near = vec![false; n];
    let anchors: Vec<usize> = (0..n).filter(|&i| strong[i] || page_start[i]).collect();
    for &a in &anchors {
        for dir in [-1i64, 1] {
            let (mut j, mut seen) = (a as i64, 0);
            while seen < 5 && j >= 0 && (j as usize) < n {
                let ju = j as usize;
                if !trimmed[ju].is_empty() {
                    near[ju] = true;
                    if ju != a {
                        seen += 1;
                    }
                }
                j += dir;
            }
        }
    }
    // Running heads: lines repeated near page boundaries.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (i, t) in trimmed.iter().enumerate() {
        if near[i] && (3..=160).contains(&t.len()) {
            *counts.entry(t).or_default() += 1;
        }
    }
    let first_anchor = anchors.first().copied().unwrap_or(n);
    let furniture_line: Vec<bool> = (0..n)
        .map(|i| {
            let t = trimmed[i];
            if t.is_empty() {
                return false;
            }
            if RULE.is_match(t) {
                return false;
            }
            strong[i]
                || (near[i]
                    && i >= first_anchor.saturating_sub(6)
                    && counts.get(t).copied().unwrap_or(0) >= 2
                    && i > 0)
                || (near[i] && WEAK_FURNITURE.is_match(t) && i > first_anchor.saturating_sub(6))
        })
        .collect();

    // Footnote zones: from a rule to the next page start (or, without form feeds, to the next
    // furniture line after some footnote text).
    let mut edits: Vec<Edit> = Vec::new();
    let mut furniture = Vec::new();
    let mut zones: Vec<Zone> = Vec::new();
    let mut i = 0;
    while i < n {
        if page_start[i] {
            let s = all[i].text.start;
            edits.push(Edit::delete(s..s + 1));
        }
        if furniture_line[i] {
            furniture.push(all[i].full.clone());
            edits.push(Edit::delete(all[i].full.clone()));
            i += 1;
            continue;
        }
        if RULE.is_match(trimmed[i]) {
            let zone_start = i;
            let mut notes: Vec<(u32, Vec<Range<usize>>)> = Vec::new();
            let mut j = i + 1;
            let mut saw_note = false;
            while j < n {
                if page_start[j] || RULE.is_match(trimmed[j]) {
                    break;
                }
                if furniture_line[j] {
                    if !has_form_feeds && saw_note {
                        break;
                    }
                    furniture.push(all[j].full.clone());
                    j += 1;
                    continue;
                }
                let t = trimmed[j];
                if !t.is_empty() {
                    let lead = orig[all[j].text.clone()].len()
                        - orig[all[j].text.clone()].trim_start().len();
                    let line_start = all[j].text.start + lead;
                    if let Some(c) = FOOTNOTE_START.captures(t) {
                        let num: u32 = c.get(1).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
                        let skip = c.get(0).map_or(0, |m| m.end());
                        let expected = notes.last().map(|l| l.0 + 1);
                        if num > 0 && expected.is_none_or(|e| num == e) {
                            let body = line_start + skip..all[j].text.end;
                            notes.push((num, if body.is_empty() { vec![] } else { vec![body] }));
                            saw_note = true;
                            j += 1;
                            continue;
                        }
                    }
                    if let Some(last) = notes.last_mut() {
                        last.1.push(line_start..all[j].text.end);
                    }
                }
                j += 1;
            }
            let zone_end = if j < n { all[j].full.start } else { orig.len() };
            let zone = all[zone_start].full.start..zone_end;
            edits.push(Edit::delete(zone.clone()));
            zones.push((zone, notes));
            i = j;
            continue;
        }
        i += 1;
    }
    let first_body = View::new(orig, 0..orig.len(), &edits);
    // Footnotes: one view per footnote over its lines, with the text between them removed.
    let mut footnotes = Vec::new();
    for (zone, notes) in &zones {
        let zone_at = view_offset_of(&first_body, zone.end);
        for (number, parts) in notes {
            let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
                continue;
            };
            let range = first.start..last.end;
            let mut gaps = Vec::new();
            for w in parts.windows(2) {
                gaps.push(Edit::replace(w[0].end..w[1].start, " "));
            }
            footnotes.push(Footnote {
                number: *number,
                view: View::new(orig, range, &gaps),
                zone_at,
            });
        }
    }
    // Markers: each footnote's number after punctuation or a word, between the previous marker
    // and the footnote's own block.
    // A footnote whose marker is a superscript digit (converted documents write them so) is
    // not searched for as a bare number: that would take a number of the text instead.
    let superscripts: Vec<u32> = UNICODE_SUP
        .find_iter(first_body.as_str())
        .filter_map(|m| superscript_value(m.as_str()))
        .collect();
    let mut markers = Vec::new();
    let mut from = 0usize;
    for f in &footnotes {
        if superscripts.contains(&f.number) {
            continue;
        }
        if let Some(m) = find_plain_marker(first_body.as_str(), from, f.zone_at, f.number) {
            let span = first_body.span(orig, m.clone());
            markers.push(Marker {
                number: f.number,
                at: m.start,
                span,
            });
            from = m.end;
        }
    }
    for m in UNICODE_SUP.find_iter(first_body.as_str()) {
        if let Some(number) = superscript_value(m.as_str()) {
            markers.push(Marker {
                number,
                at: m.start(),
                span: first_body.span(orig, m.range()),
            });
        }
    }
    if markers.is_empty() {
        return Layout {
            body: first_body,
            footnotes,
            markers,
            furniture,
        };
    }
    // Rebuild the body without the markers, and move every offset into the new view.
    for m in &markers {
        // "Outcome, 1 in" reads "Outcome, in": the space before a detached marker goes too.
        let start = if orig[..m.span.start].ends_with(' ') {
            m.span.start - 1
        } else {
            m.span.start
        };
        edits.push(Edit::delete(start..m.span.end));
    }
    let body = View::new(orig, 0..orig.len(), &edits);
    for m in &mut markers {
        m.at = view_offset_of(&body, m.span.start);
    }
    markers.sort_by_key(|m| m.at);
    for f in &mut footnotes {
        let o = first_body.to_orig(f.zone_at);
        f.zone_at = view_offset_of(&body, o);
    }
    Layout {
        body,
        footnotes,
        markers,
        furniture,
    }
}

/// Finds the marker of footnote `number` in `text[from..to]`: the number right after a word or
/// punctuation (`Outcome,1`, `Development5`), or after punctuation and one space (`Outcome, 1`),
/// followed by a space, punctuation or the end of a line.
fn find_plain_marker(text: &str, from: usize, to: usize, number: u32) -> Option<Range<usize>> {
    let digits = number.to_string();
    let to = to.min(text.len());
    if from >= to {
        return None;
    }
    let hay = text.get(from..to)?;
    let bytes = text.as_bytes();
    for (i, _) in hay.match_indices(&digits) {
        let s = from + i;
        let e = s + digits.len();
        // Not part of a longer number.
        if bytes.get(e).is_some_and(|b| b.is_ascii_digit())
            || (s > 0 && bytes[s - 1].is_ascii_digit())
        {
            continue;
        }
        // What follows: space, punctuation or end of line; not a unit or a fraction.
        match bytes.get(e) {
            None | Some(b' ' | b'\n' | b'\r' | b'\t' | b',' | b';' | b'.' | b':' | b')') => {}
            _ => continue,
        }
        if bytes.get(e) == Some(&b'.') && bytes.get(e + 1).is_some_and(|b| b.is_ascii_digit()) {
            continue;
        }
        // What precedes.
        let before = &text[..s];
        let mut chars = before.chars().rev();
        let Some(p) = chars.next() else { continue };
        let ok = if p == ' ' {
            // "Outcome, 1 in": punctuation then one space.
            matches!(
                chars.next(),
                Some(',' | ';' | ':' | '.' | ')' | '”' | '’' | '"')
            ) && !before
                .trim_end()
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit())
        } else if matches!(p, ',' | ';' | ':' | '.' | ')' | '”' | '’' | '"') {
            // "2024,2 in" is a marker; so is "Development,4".
            true
        } else {
            // Directly after a letter: "Development5", "Change7".
            p.is_alphabetic() && !p.is_uppercase() && before.len() >= 3
        };
        if ok {
            return Some(s..e);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_footnotes_and_markers() {
        let t = "回顾《2005年世界首脑会议成果》<sup>1</sup>中表示，\n\n<sup>1</sup> 第60/1号决议。\n\n**表示注意到**各国\n\n<sup>11</sup> [A/79/837](#)。";
        let l = layout(t, true);
        assert_eq!(l.footnotes.len(), 2);
        assert_eq!(l.footnotes[0].number, 1);
        assert_eq!(l.footnotes[0].view.as_str(), "第60/1号决议。");
        assert_eq!(l.footnotes[1].view.as_str(), "A/79/837。");
        assert_eq!(l.markers.len(), 1);
        assert!(!l.body.as_str().contains("<sup>"));
        assert!(l.body.as_str().contains("表示注意到各国"));
        let m = &l.markers[0];
        assert_eq!(&t[m.span.clone()], "<sup>1</sup>");
        assert!(l.body.as_str()[..m.at].ends_with("成果》"));
    }

    #[test]
    fn plain_text_page_furniture_and_footnotes() {
        let t = "A/RES/1/1\nThe General Assembly,\nRecalling the Outcome, 1 in which, and the Agenda,2\nwhich laid the foundation for\n_______________\n1 Resolution 60/1.\n\n2 Resolution\n70/1.\n\nA/RES/1/1\nTitle\n25-12359\n2/7\n\ncooperation between the two.\n_______________\n3 A/51/402.\nTitle\nA/RES/1/1\n\n3/7\n25-12359\n";
        let l = layout(t, false);
        let body = l.body.as_str();
        assert!(
            body.contains("which laid the foundation for\n\ncooperation"),
            "{body:?}"
        );
        assert!(!body.contains("25-12359"));
        assert_eq!(
            l.footnotes.iter().map(|f| f.number).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(l.footnotes[1].view.as_str(), "Resolution 70/1.");
        assert_eq!(
            l.markers.iter().map(|m| m.number).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(
            body.contains("Recalling the Outcome, in which, and the Agenda,\n"),
            "{body:?}"
        );
    }
}
