//! PDF to text: the text layer, laid out into lines, with the page's footnote zone and its
//! superscript markers recognised.
//!
//! `pdf-extract` (on `lopdf`) decodes the glyphs (simple and CID fonts, ToUnicode maps) and
//! reports each with its position and size. From those this module builds lines (glyphs on one
//! baseline, a raised smaller glyph staying on its line), orders them top to bottom, spaces
//! words by the gaps between glyphs, and writes each page after a form feed as pdftotext does.
//! A run of smaller raised digits is a footnote marker and is written as superscript digits
//! (`Outcome,¹`), so that it is not read as a number; below a `____` rule (or, without one,
//! from the first small line led by a raised number at the foot of the page) the lines are
//! footnotes and their raised number is written plainly (`1 Resolution 60/1.`). Ligatures are
//! spelled out and a soft hyphen at a line end joins the line to the next. Running heads and
//! feet are left to the layout stage, which recognises them in any text.
//!
//! An encrypted file, a truncated or damaged one, and a scan without a text layer are errors
//! that say so; a panic inside the PDF libraries is caught and reported as damage.

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};

use super::rendered::{RULE, clean_inline, superscript};

/// One glyph as drawn: top-down coordinates in points.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    /// Baseline, measured from the top of the page.
    y: f64,
    /// Advance width.
    w: f64,
    size: f64,
    text: String,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Glyph>>,
    height: f64,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.pages.push(Vec::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The font size in page space: the side of the square with the area of the
        // transformed (size, size) vector, as pdf-extract's own text output measures it.
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (trm.m31, self.height - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite()) || size <= 0.0 {
            return Ok(());
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(Glyph {
                x,
                y,
                w: (width * size).max(0.0),
                size,
                text: char.to_string(),
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A line of glyphs with its measures.
struct Line {
    glyphs: Vec<Glyph>,
    /// The size most of its glyphs have.
    size: f64,
    /// The baseline of its glyphs of that size.
    base: f64,
}

impl Line {
    fn new(glyphs: Vec<Glyph>) -> Line {
        let mut sizes: Vec<(f64, usize)> = Vec::new();
        for g in &glyphs {
            if g.text.trim().is_empty() {
                continue;
            }
            match sizes.iter_mut().find(|(s, _)| (s - g.size).abs() < 0.25) {
                Some(e) => e.1 += 1,
                None => sizes.push((g.size, 1)),
            }
        }
        let size = sizes
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(a.0.total_cmp(&b.0)))
            .map_or(10.0, |s| s.0);
        let base = glyphs
            .iter()
            .filter(|g| (g.size - size).abs() < 0.25)
            .map(|g| g.y)
            .fold(f64::NAN, |acc, y| if acc.is_nan() { y } else { acc.max(y) });
        let base = if base.is_nan() {
            glyphs.first().map_or(0.0, |g| g.y)
        } else {
            base
        };
        Line { glyphs, size, base }
    }

    /// Whether a glyph is raised and smaller than the line: a superscript.
    fn raised(&self, g: &Glyph) -> bool {
        g.size < self.size * 0.85 && self.base - g.y > self.size * 0.15
    }

    fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    /// Starts with a raised number (a footnote's own number).
    fn leading_raised_number(&self) -> bool {
        let mut seen = false;
        for g in self.glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
            if self.raised(g) && g.text.chars().all(|c| c.is_ascii_digit()) {
                seen = true;
            } else {
                return seen;
            }
        }
        false
    }

    /// Writes the line: words spaced by gaps, raised digits as superscripts (or, in a footnote
    /// zone, plainly, since there they are the footnote's own number).
    fn render(&self, in_notes: bool) -> String {
        let mut out = String::new();
        let mut space = false;
        let mut last_end: Option<f64> = None;
        let mut i = 0;
        while i < self.glyphs.len() {
            let g = &self.glyphs[i];
            if let Some(end) = last_end
                && g.x > end + self.size.min(g.size.max(self.size * 0.5)) * 0.18
            {
                space = true;
            }
            let raised_digits = self.raised(g) && g.text.chars().all(|c| c.is_ascii_digit());
            if raised_digits {
                let mut j = i;
                let mut digits = String::new();
                while j < self.glyphs.len()
                    && self.raised(&self.glyphs[j])
                    && self.glyphs[j].text.chars().all(|c| c.is_ascii_digit())
                    && digits.len() < 3
                {
                    digits.push_str(&self.glyphs[j].text);
                    j += 1;
                }
                let last = &self.glyphs[j - 1];
                last_end = Some(last.x + last.w);
                match digits.parse::<u32>() {
                    Ok(n) if !in_notes && !digits.is_empty() => {
                        // A marker is glued to the word before it.
                        out.push_str(&superscript(n));
                        space = false;
                    }
                    _ => {
                        if in_notes && out.trim().is_empty() {
                            out.push_str(&digits);
                            out.push(' ');
                            space = false;
                        } else {
                            clean_inline(&digits, &mut out, &mut space);
                        }
                    }
                }
                i = j;
                continue;
            }
            clean_inline(&g.text, &mut out, &mut space);
            if g.text.chars().all(char::is_whitespace) {
                space = true;
            }
            last_end = Some(g.x + g.w);
            i += 1;
        }
        out
    }
}

/// Groups a page's glyphs (in drawing order) into lines, top to bottom.
fn lines(glyphs: Vec<Glyph>) -> Vec<Line> {
    let mut groups: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        let joins = groups.last().and_then(|l| l.last()).is_some_and(|p| {
            let size = p.size.max(g.size);
            // Same baseline (a raised marker included), not back to the left, and not across
            // a gap wider than two ems (a heading's columns, a paragraph number).
            (p.y - g.y).abs() < size * 0.5 && g.x > p.x - size && g.x < p.x + p.w + size * 2.0
        });
        match groups.last_mut() {
            Some(l) if joins => l.push(g),
            _ => groups.push(vec![g]),
        }
    }
    let mut lines: Vec<Line> = groups.into_iter().map(Line::new).collect();
    lines.retain(|l| !l.text().trim().is_empty());
    lines.sort_by(|a, b| a.base.total_cmp(&b.base));
    // Pieces on one baseline: ordered left to right, and joined when they are close (a
    // marker drawn apart from its word); far apart (a heading's two columns, a paragraph
    // number and its text) they stay lines of their own, as pdftotext writes them.
    let mut out: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len()
            && (lines[j].base - lines[i].base).abs() < lines[i].size.max(lines[j].size) * 0.3
        {
            j += 1;
        }
        let mut cluster: Vec<Line> = lines.drain(i..j).collect();
        cluster.sort_by(|a, b| first_x(a).total_cmp(&first_x(b)));
        let mut merged: Vec<Line> = Vec::new();
        for l in cluster {
            match merged.last_mut() {
                Some(m) if first_x(&l) - last_end(m) < m.size.min(l.size) * 0.8 => {
                    let mut glyphs = std::mem::take(&mut m.glyphs);
                    glyphs.extend(l.glyphs);
                    *m = Line::new(glyphs);
                }
                _ => merged.push(l),
            }
        }
        let n = merged.len();
        lines.splice(i..i, merged);
        i += n;
    }
    out.append(&mut lines);
    attach_markers(out)
}

/// A line that is only a raised marker (one to three small digits) drawn apart from its text
/// (Arabic and other right-to-left text run the other way from the marker) joins the line just
/// below it when it lies over that line's extent: the marker goes where its x falls, or at the
/// line's end (the logical end of a right-to-left line too) when it lies beyond either edge.
fn attach_markers(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut pending: Option<Line> = None;
    for l in lines {
        if let Some(m) = pending.take() {
            let (min_x, max_x) = (first_x_min(&l), last_end(&l));
            let lone = m
                .glyphs
                .iter()
                .filter(|g| !g.text.trim().is_empty())
                .count();
            let over = l.base - m.base > 0.0 && l.base - m.base < l.size * 0.6;
            let near = first_x(&m) > min_x - l.size && first_x(&m) < max_x + l.size;
            if lone <= 3 && m.size < l.size * 0.85 && over && near {
                let mut glyphs = l.glyphs;
                let x = first_x(&m);
                let inside = x > min_x && x < max_x;
                // Right-to-left text comes in logical order with x falling.
                let falling = glyphs.windows(2).filter(|w| w[1].x < w[0].x).count();
                let rtl = falling * 2 > glyphs.len();
                let at = if inside {
                    glyphs
                        .iter()
                        .position(|g| if rtl { g.x < x } else { g.x > x })
                        .unwrap_or(glyphs.len())
                } else {
                    glyphs.len()
                };
                // Raised glyphs must stay raised against the line's baseline; they keep their y.
                for (k, g) in m.glyphs.into_iter().enumerate() {
                    glyphs.insert(at + k, g);
                }
                let mut joined = Line::new(glyphs);
                // Keep the text's own measures, not the marker's.
                joined.size = l.size;
                joined.base = l.base;
                out.push(joined);
                continue;
            }
            out.push(m);
        }
        let is_marker = l
            .glyphs
            .iter()
            .all(|g| g.text.trim().is_empty() || g.text.chars().all(|c| c.is_ascii_digit()));
        if is_marker {
            pending = Some(l);
        } else {
            out.push(l);
        }
    }
    out.extend(pending);
    out
}

fn first_x_min(l: &Line) -> f64 {
    l.glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min)
}

fn first_x(l: &Line) -> f64 {
    l.glyphs.first().map_or(0.0, |g| g.x)
}

fn last_end(l: &Line) -> f64 {
    l.glyphs.iter().map(|g| g.x + g.w).fold(0.0, f64::max)
}

fn is_rule(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 5 && t.chars().all(|c| c == '_')
}

/// Writes one page.
fn render_page(glyphs: Vec<Glyph>, out: &mut String) {
    let lines = lines(glyphs);
    // The body size: the most common line size on the page.
    let mut sizes: Vec<(f64, usize)> = Vec::new();
    for l in &lines {
        match sizes.iter_mut().find(|(s, _)| (s - l.size).abs() < 0.25) {
            Some(e) => e.1 += l.glyphs.len(),
            None => sizes.push((l.size, l.glyphs.len())),
        }
    }
    let body_size = sizes.iter().max_by_key(|s| s.1).map_or(10.0, |s| s.0);
    // Where footnotes start: the rule, or the first small line led by a raised number in the
    // lower half of the page with only small lines after it.
    let rule = lines.iter().position(|l| is_rule(&l.text()));
    let notes_from = rule.or_else(|| {
        let mid = lines.len() / 2;
        (mid..lines.len()).find(|&i| {
            lines[i].leading_raised_number() && lines[i..].iter().all(|l| l.size < body_size * 0.92)
        })
    });
    let mut prev: Option<&Line> = None;
    for (i, l) in lines.iter().enumerate() {
        let in_notes = notes_from.is_some_and(|n| i >= n);
        if Some(i) == notes_from && rule.is_none() {
            out.push_str(RULE);
            out.push('\n');
        }
        let text = l.render(in_notes);
        if let Some(p) = prev
            && !out.ends_with('\u{ad}')
            && l.base - p.base > p.size.max(l.size) * 1.9
            && !out.ends_with("\n\n")
        {
            out.push('\n');
        }
        if out.ends_with('\u{ad}') {
            // A soft hyphen at a line end: the word goes on in the next line.
            out.pop();
            out.push_str(text.trim_start());
        } else {
            out.push_str(&text);
        }
        if !text.ends_with('\u{ad}') {
            out.push('\n');
        }
        prev = Some(l);
    }
}

/// Reads the text layer of a PDF into the text unkg extracts from.
///
/// Errors say why there is no text: encrypted, damaged (the PDF libraries failed or panicked),
/// or no text layer at all (a scan that was never OCRed).
pub fn pdf_to_text(bytes: &[u8]) -> Result<String, String> {
    let run = catch_unwind(AssertUnwindSafe(|| -> Result<Collector, String> {
        let mut doc =
            Document::load_mem(bytes).map_err(|e| format!("damaged or not a PDF: {e}"))?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err("encrypted PDF: unkg cannot read it without the password".into());
        }
        let mut c = Collector::default();
        pdf_extract::output_doc(&doc, &mut c).map_err(|e| format!("damaged PDF: {e}"))?;
        Ok(c)
    }));
    let collector = match run {
        Ok(r) => r?,
        Err(_) => return Err("damaged PDF: the PDF reader failed on it".into()),
    };
    let mut out = String::new();
    for (i, page) in collector.pages.into_iter().enumerate() {
        let start = out.len();
        render_page(page, &mut out);
        if i > 0 {
            out.insert(start, '\u{c}');
        }
    }
    if !out.chars().any(char::is_alphanumeric) {
        return Err("no text layer (a scanned PDF without OCR?): nothing to read".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"%PDF-1.7\n1 0 obj\n<<", b"hello"] {
            let e = pdf_to_text(bytes).unwrap_err();
            assert!(e.contains("PDF"), "{e}");
        }
    }

    fn g(x: f64, y: f64, size: f64, t: &str) -> Glyph {
        Glyph {
            x,
            y,
            w: size * 0.5,
            size,
            text: t.into(),
        }
    }

    #[test]
    fn raised_small_digits_are_markers() {
        let mut glyphs: Vec<Glyph> = "Outcome,"
            .chars()
            .enumerate()
            .map(|(i, c)| g(10.0 + 5.0 * i as f64, 100.0, 10.0, &c.to_string()))
            .collect();
        glyphs.push(g(50.5, 96.0, 6.5, "1"));
        glyphs.push(g(60.0, 100.0, 10.0, "i"));
        glyphs.push(g(65.0, 100.0, 10.0, "n"));
        let mut out = String::new();
        render_page(glyphs, &mut out);
        assert_eq!(out, "Outcome,¹ in\n");
    }
}
