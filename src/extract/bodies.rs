//! Named bodies: mentions of UN organs, offices, agencies and partner organisations, resolved
//! to gazetteer entities.
//!
//! One Aho-Corasick automaton per language (leftmost-longest, built once on first use) holds
//! every alias of that language in `data/bodies.toml`, the prefixed Arabic forms, and the few
//! definite references ("the Council", "l'Assemblée", "本组织") that the citing document's own
//! organ resolves. A raw match is accepted only if it passes the script's boundary rule
//! (whole words in Latin and Cyrillic text; clitics allowed before Arabic words; no boundary
//! in Chinese), its case guard and, for definite references, its context; when a match is
//! refused, the next shorter pattern at the same start is tried, so "UNDPs" refusing "UNDP"
//! does not hide a shorter name.
//!
//! Architecture invariant: reads a view and reports view ranges; knows nothing of spans,
//! paragraphs or citations. The alias data and its rules belong to [`crate::gazetteer::bodies`];
//! this module only compiles and applies them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input};

use super::organ::Organ;
use super::starts::{WordStarts, automaton};
use crate::gazetteer::bodies::{Body, Guard, bodies, body};
use crate::text::Lang;

/// One mention of a body in a view.
#[derive(Debug, Clone)]
pub struct Mention {
    /// View range of the mention.
    pub range: Range<usize>,
    /// The entity.
    pub body: &'static Body,
}

/// A definite reference whose referent depends on the citing document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Definite {
    /// "the Council": the document's own council.
    Council,
    /// "the Assembly": the General Assembly, in documents of the United Nations' assemblies
    /// and councils.
    Assembly,
    /// "the Organization": the United Nations.
    Organization,
}

/// What one automaton pattern stands for.
#[derive(Debug, Clone, Default)]
struct Pattern {
    /// The bodies this exact form names (more than one only for `ambiguous` aliases).
    bodies: Vec<&'static Body>,
    /// An acronym that is also a word: refused inside an all-capitals heading.
    guarded: bool,
    /// A form marked `ambiguous` (shared on purpose, or too general alone, like "Conference of
    /// the Parties"): it names a body only if the document names that body otherwise too.
    ambiguous: bool,
    /// An Arabic form whose article `ال` fused with a preceding `ل` (`للجمعية` → `لجمعية`):
    /// valid only right after that `ل`.
    lam_fused: bool,
    /// A definite reference rather than a name.
    definite: Option<Definite>,
}

/// The compiled matcher of one language.
struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Where a pattern may start, in a language whose names start words.
    starts: Option<WordStarts>,
}

static MATCHERS: [LazyLock<Matcher>; 6] = [
    LazyLock::new(|| Matcher::build(Lang::Ar)),
    LazyLock::new(|| Matcher::build(Lang::Zh)),
    LazyLock::new(|| Matcher::build(Lang::En)),
    LazyLock::new(|| Matcher::build(Lang::Fr)),
    LazyLock::new(|| Matcher::build(Lang::Ru)),
    LazyLock::new(|| Matcher::build(Lang::Es)),
];

fn matcher(lang: Lang) -> &'static Matcher {
    let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    &MATCHERS[i]
}

/// The definite references of each language: the word as matched, and what it refers to.
/// The article before it is checked separately ([`definite_ok`]).
fn definites(lang: Lang) -> &'static [(&'static str, Definite)] {
    match lang {
        Lang::En => &[
            ("Council", Definite::Council),
            ("Assembly", Definite::Assembly),
            ("Organization", Definite::Organization),
        ],
        Lang::Fr => &[
            ("Conseil", Definite::Council),
            ("Assemblée", Definite::Assembly),
            ("Organisation", Definite::Organization),
        ],
        Lang::Es => &[
            ("Consejo", Definite::Council),
            ("Asamblea", Definite::Assembly),
            ("Organización", Definite::Organization),
        ],
        // In Chinese UN texts 本组织 is always the United Nations ("this Organization").
        Lang::Zh => &[("本组织", Definite::Organization)],
        // Russian has no article and Arabic uses الهيئة/المنظمة for many bodies: not safe.
        Lang::Ru | Lang::Ar => &[],
    }
}

impl Matcher {
    fn build(lang: Lang) -> Matcher {
        let mut by_text: HashMap<String, Pattern> = HashMap::new();
        for b in bodies() {
            for a in b.aliases_in(lang) {
                let guarded = a.guard == Some(Guard::Uppercase);
                let mut add = |text: String, lam_fused: bool| {
                    let p = by_text.entry(text).or_default();
                    if !p.bodies.iter().any(|x| x.id == b.id) {
                        p.bodies.push(b);
                    }
                    p.guarded |= guarded;
                    p.ambiguous |= a.ambiguous;
                    p.lam_fused = lam_fused;
                };
                add(a.text.clone(), false);
                // ل + ال fuse into لل: "للجمعية العامة" holds "لجمعية العامة" after a ل.
                if lang == Lang::Ar
                    && let Some(rest) = a.text.strip_prefix("ال")
                {
                    add(format!("ل{rest}"), true);
                }
            }
        }
        for &(word, d) in definites(lang) {
            by_text.entry(word.to_string()).or_default().definite = Some(d);
        }
        let mut texts: Vec<String> = by_text.keys().cloned().collect();
        texts.sort();
        let patterns: Vec<Pattern> = texts.iter().filter_map(|t| by_text.remove(t)).collect();
        let (ac, starts) = automaton(lang, &texts);
        Matcher {
            ac,
            patterns,
            starts,
        }
    }
}

/// A view with each run of spaces and single line breaks squeezed to one space, so that a
/// name broken over two lines of a PDF page ("Inter-Parliamentary\nUnion") matches; runs with
/// a blank line (a paragraph break) stay as they are. Chinese writes no spaces between words,
/// so in Chinese such a run between two ideographs is dropped altogether: a letter-spaced
/// heading ("大 会") or a name broken by the layout ("联合国 艾滋病毒/艾滋病联合规划署") reads
/// as written. Ranges map back to the view.
pub(super) struct Squeezed<'a> {
    /// The squeezed text (borrowed when there was nothing to squeeze).
    pub text: std::borrow::Cow<'a, str>,
    /// Breakpoints `(squeezed, view)`, sorted; empty when the text is the view itself.
    map: Vec<(usize, usize)>,
}

impl<'a> Squeezed<'a> {
    /// Squeezes `view`, written in `lang`.
    pub fn new(lang: Lang, view: &'a str) -> Squeezed<'a> {
        let cjk = lang == Lang::Zh;
        let needs = view.contains('\n')
            || view.contains("  ")
            || view.contains('\t')
            || view.contains('\r')
            || (cjk && view.contains(' '));
        if !needs {
            return Squeezed {
                text: std::borrow::Cow::Borrowed(view),
                map: Vec::new(),
            };
        }
        let mut text = String::with_capacity(view.len());
        let mut map = vec![(0, 0)];
        let bytes = view.as_bytes();
        let is_space = |b: u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
        // Where a run may need work: in Chinese at any space (one between ideographs goes),
        // elsewhere only at a double space (single spaces stay as they are).
        let spaces = memchr::memmem::Finder::new(if cjk { " " } else { "  " });
        let mut copied = 0;
        let mut from = 0;
        // The next such space at or after `from` (absolute), searched again only once passed:
        // searching afresh at every line break would rescan the rest of the text each time.
        let mut next_spaces = spaces.find(bytes);
        // Jump (with SIMD searches) to the next line break, tab, carriage return or such space.
        while from < bytes.len() {
            if next_spaces.is_some_and(|d| d < from) {
                next_spaces = spaces.find(&bytes[from..]).map(|d| from + d);
            }
            let breaks = memchr::memchr3(b'\n', b'\t', b'\r', &bytes[from..]).map(|k| from + k);
            let mut i = match (breaks, next_spaces) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
            while i > from && bytes[i - 1] == b' ' {
                i -= 1;
            }
            let mut j = i;
            let mut newlines = 0;
            while j < bytes.len() && is_space(bytes[j]) {
                newlines += usize::from(bytes[j] == b'\n');
                j += 1;
            }
            let between_ideographs = cjk
                && newlines < 2
                && view[..i].chars().next_back().is_some_and(is_ideograph)
                && view[j..].chars().next().is_some_and(is_ideograph);
            if between_ideographs {
                text.push_str(&view[copied..i]);
                map.push((text.len(), j));
                copied = j;
            } else if (j - i > 1 || bytes[i] != b' ') && newlines < 2 {
                text.push_str(&view[copied..i]);
                text.push(' ');
                map.push((text.len(), j));
                copied = j;
            }
            from = j;
        }
        text.push_str(&view[copied..]);
        Squeezed {
            text: std::borrow::Cow::Owned(text),
            map,
        }
    }

    fn to_view(&self, s: usize) -> usize {
        let k = self
            .map
            .partition_point(|&(bs, _)| bs <= s)
            .saturating_sub(1);
        match self.map.get(k) {
            Some(&(bs, bv)) => bv + (s - bs),
            None => s,
        }
    }

    /// The view range of a squeezed range that starts and ends on non-space characters.
    pub fn view_range(&self, r: Range<usize>) -> Range<usize> {
        if self.map.is_empty() || r.is_empty() {
            return r;
        }
        let last = self.text[..r.end]
            .char_indices()
            .next_back()
            .map_or(r.start, |(i, _)| i);
        let width = r.end - last;
        self.to_view(r.start)..self.to_view(last) + width
    }
}

/// Finds body mentions in `view`, given the citing document's own organ for definite
/// references ("the Council", "the Assembly").
#[cfg(test)]
pub fn find(lang: Lang, view: &str, own: Option<Organ>) -> Vec<Mention> {
    find_squeezed(lang, &Squeezed::new(lang, view), own)
}

/// [`find`] over a view already squeezed (the same squeezed text serves instrument names).
pub(super) fn find_squeezed(
    lang: Lang,
    squeezed: &Squeezed<'_>,
    own: Option<Organ>,
) -> Vec<Mention> {
    let mut out = find_in(lang, &squeezed.text, own);
    for m in &mut out {
        m.range = squeezed.view_range(m.range.clone());
    }
    out
}

fn find_in(lang: Lang, text: &str, own: Option<Organ>) -> Vec<Mention> {
    let m = matcher(lang);
    let Some(ac) = &m.ac else {
        return Vec::new();
    };
    // First pass: raw accepted matches, with every body each one may name.
    let mut raw: Vec<(Range<usize>, &Pattern)> = Vec::new();
    let mut at = 0;
    // The next match found while looking for an overlap: the search from `at` would find it
    // again when it starts at or after `at` (`Some(None)`: there is no further match).
    let mut ahead: Option<Option<aho_corasick::Match>> = None;
    while at < text.len() {
        let next_match = match (&m.starts, ahead.take()) {
            (Some(s), _) => s.find(ac, text, at),
            (None, Some(found)) if found.is_none_or(|f| f.start() >= at) => found,
            (None, _) => ac.find(Input::new(text).span(at..text.len())),
        };
        let Some(first) = next_match else {
            break;
        };
        let start = first.start();
        match longest_at(m, ac, lang, text, (start, Some(first)), text.len(), own) {
            Some((r, p)) => {
                // A longer name that starts inside this one and runs past it ("Secretary-General
                // of the United Nations Democracy Fund") wins the shared words, when a shorter
                // name at this start ends before it.
                let next = next_boundary(text, r.start);
                // Only a match starting inside this one matters here; the word-start search
                // looks no further (and finds the next match itself).
                let found = match &m.starts {
                    Some(s) => s.first_in(ac, text, next, r.end),
                    None => ac.find(Input::new(text).span(next..text.len())),
                };
                let overlap = found
                    .filter(|o| o.start() < r.end && o.end() > r.end)
                    .filter(|o| {
                        accept(
                            lang,
                            text,
                            o.range(),
                            &m.patterns[o.pattern().as_usize()],
                            own,
                        )
                    });
                let shorter = overlap
                    .and_then(|o| longest_at(m, ac, lang, text, (start, None), o.start(), own));
                match (overlap, shorter) {
                    (Some(o), Some((sr, sp))) => {
                        raw.push((sr, sp));
                        at = o.start();
                    }
                    _ => {
                        at = r.end.max(start + 1);
                        raw.push((r, p));
                        ahead = Some(found);
                    }
                }
            }
            None => at = next_boundary(text, start),
        }
        while !text.is_char_boundary(at) {
            at += 1;
        }
    }

    // Second pass: resolve definite references and shared (ambiguous) forms.
    let named: HashSet<&str> = raw
        .iter()
        .filter(|(_, p)| p.definite.is_none() && p.bodies.len() == 1 && !p.ambiguous)
        .map(|(_, p)| p.bodies[0].id.as_str())
        .collect();
    let mut out = Vec::with_capacity(raw.len());
    for (range, p) in raw {
        let resolved = match (p.bodies.as_slice(), p.definite) {
            ([b], _) if !p.ambiguous => Some(*b),
            ([], Some(d)) => definite_body(d, own),
            (many, _) => {
                // A shared acronym names the body the document names otherwise, if just one.
                let mut known = many.iter().filter(|b| named.contains(b.id.as_str()));
                match (known.next(), known.next()) {
                    (Some(b), None) => Some(*b),
                    _ => None,
                }
            }
        };
        if let Some(body) = resolved {
            out.push(Mention { range, body });
        }
    }
    // Chinese writes 联合国 before the name of any United Nations entity (联合国建设和平基金,
    // 联合国粮农组织), English "United Nations" before many ("United Nations Joint Inspection
    // Unit"): right before another body's name, it is part of that name, whether or not the
    // table lists the longer form.
    let gap = match lang {
        Lang::Zh => Some(""),
        Lang::En => Some(" "),
        _ => None,
    };
    if let Some(gap) = gap {
        let prefixes: Vec<bool> = out
            .windows(2)
            .map(|w| {
                w[0].body.id == "UN" && text.get(w[0].range.end..w[1].range.start) == Some(gap)
            })
            .collect();
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !prefixes.get(i - 1).copied().unwrap_or(false)
        });
    }
    out
}

/// The longest accepted pattern that starts at `start` and ends by `limit`; `known` is the
/// longest match there ending by `limit`, when the caller has found it already.
fn longest_at<'m>(
    m: &'m Matcher,
    ac: &AhoCorasick,
    lang: Lang,
    text: &str,
    (start, known): (usize, Option<aho_corasick::Match>),
    limit: usize,
    own: Option<Organ>,
) -> Option<(Range<usize>, &'m Pattern)> {
    let mut end = limit;
    let mut known = known;
    while end > start {
        let c = match known.take() {
            Some(c) => c,
            None => ac.find(Input::new(text).span(start..end).anchored(Anchored::Yes))?,
        };
        let p = &m.patterns[c.pattern().as_usize()];
        if accept(lang, text, c.range(), p, own) {
            return Some((c.range(), p));
        }
        // The next shorter pattern starting at the same place.
        end = prev_boundary(text, c.end());
    }
    None
}

/// The body a definite reference names in a document of organ `own`.
fn definite_body(d: Definite, own: Option<Organ>) -> Option<&'static Body> {
    let id = match (d, own?) {
        (Definite::Council, Organ::Sc) => "UNSC",
        (Definite::Council, Organ::Hrc) => "HRC",
        (Definite::Council, Organ::Ecosoc) => "ECOSOC",
        (Definite::Assembly, Organ::Ga | Organ::Hrc | Organ::Ecosoc) => "GA",
        (Definite::Assembly, Organ::Unea) => "UNEA",
        (Definite::Organization, _) => "UN",
        _ => return None,
    };
    body(id)
}

fn prev_boundary(text: &str, mut i: usize) -> usize {
    i = i.saturating_sub(1);
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn next_boundary(text: &str, i: usize) -> usize {
    text[i..]
        .chars()
        .next()
        .map_or(text.len(), |c| i + c.len_utf8())
}

/// A CJK unified ideograph (the basic block and extension A).
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Whether a raw automaton match is a mention.
fn accept(lang: Lang, text: &str, r: Range<usize>, p: &Pattern, own: Option<Organ>) -> bool {
    if !boundary_ok(lang, text, r.clone(), p.lam_fused) {
        return false;
    }
    if lang == Lang::Zh && zh_compound(text, &r) {
        return false;
    }
    if un_prefix(text, &r) || secretariat_of(lang, text, &r) {
        return false;
    }
    let before = &text[..r.start];
    let after = &text[r.end..];
    if p.guarded && in_capitals(before, after) {
        return false;
    }
    match p.definite {
        Some(d) if p.bodies.is_empty() => {
            definite_body(d, own).is_some() && definite_ok(lang, before, after)
        }
        _ => true,
    }
}

/// Characters that, written right before `大会`, make it another assembly, congress or conference
/// (世界大会, 缔约方大会, 审议和延期大会, 预防犯罪和刑事司法大会, 人居三大会, 代表大会 …), not the
/// General Assembly, which Chinese texts call `大会` alone.
const ZH_ASSEMBLY_HEADS: &str = "界期法三方生境长员国表民议体工党育运动院球洲洋届盟";

/// Characters that, written right before `秘书处`, make it the secretariat of the body or treaty
/// just named (委员会秘书处, 公约秘书处, 《公约》秘书处, 工作队秘书处, 论坛的秘书处), which English
/// writes in lower case ("the secretariat"), not the United Nations Secretariat.
const ZH_SECRETARIAT_HEADS: &str = "署队会》盟约坛金织处部院所行构团局厅组体台网心的";

/// Whether a Chinese match is the tail of a longer compound that names something else.
fn zh_compound(text: &str, r: &Range<usize>) -> bool {
    let heads = match &text[r.clone()] {
        "大会" => ZH_ASSEMBLY_HEADS,
        "秘书处" => ZH_SECRETARIAT_HEADS,
        _ => return false,
    };
    text[..r.start]
        .chars()
        .next_back()
        .is_some_and(|c| heads.contains(c))
}

/// Whether a match is the secretariat of some other body: "the Secretariat of the Standing
/// Committee" (the table lists "Secretariat of the United Nations" whole), 秘书处间
/// ("intersecretariat").
fn secretariat_of(lang: Lang, text: &str, r: &Range<usize>) -> bool {
    let after = &text[r.end..];
    match (lang, &text[r.clone()]) {
        (Lang::En, "Secretariat") => after.starts_with(" of the "),
        (Lang::Zh, "秘书处") => after.starts_with('间'),
        _ => false,
    }
}

/// Whether a match is the `UN` of a hyphenated `UN-` name that the table does not list
/// (`UN-SWAP`, `UN-Oceans`, `UN-SPIDER`): the prefix makes another entity's name, and the
/// listed ones (`UN-Women`, `UN-Habitat`) are matched whole before this is asked.
fn un_prefix(text: &str, r: &Range<usize>) -> bool {
    let mut after = text[r.end..].chars();
    &text[r.clone()] == "UN"
        && after.next() == Some('-')
        && after.next().is_some_and(|c| c.is_ascii_uppercase())
}

/// The script's word-boundary rule for a name matched at `r`: whole words in Latin and
/// Cyrillic text (digits glued after a word are footnote markers that lost their superscript,
/// "Presupuesto22"), clitics allowed before an Arabic word (`lam_fused`: the form lost the
/// alif of its article to a preceding ل), no boundary in Chinese.
pub(super) fn boundary_ok(lang: Lang, text: &str, r: Range<usize>, lam_fused: bool) -> bool {
    let before = &text[..r.start];
    let after = &text[r.end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    match lang {
        Lang::Zh => true,
        Lang::Ar => arabic_ok(before, next, lam_fused),
        _ => {
            // Only a name of several words ends in a letter and then a marker; an acronym glued
            // to digits is part of a symbol ("WHA58/2005/REC/1").
            let name = &text[r.clone()];
            let ends_in_letter =
                name.contains(' ') && name.chars().next_back().is_some_and(char::is_alphabetic);
            let next_ok = match next {
                Some(c) if c.is_ascii_digit() => ends_in_letter,
                Some(c) => !c.is_alphanumeric(),
                None => true,
            };
            !prev.is_some_and(char::is_alphanumeric) && next_ok
        }
    }
}

/// Arabic: the word may carry one or two clitics (و ف ب ك ل) before it, and nothing after.
fn arabic_ok(before: &str, next: Option<char>, lam_fused: bool) -> bool {
    if next.is_some_and(|c| is_arabic_letter(c) || c.is_alphanumeric()) {
        return false;
    }
    let mut rest = before;
    if lam_fused {
        match rest.strip_suffix('ل') {
            Some(r) => rest = r,
            None => return false,
        }
    }
    for _ in 0..2 {
        match rest.chars().next_back() {
            Some(c) if is_arabic_letter(c) || c.is_alphanumeric() => {
                if "وفبكل".contains(c) {
                    rest = &rest[..rest.len() - c.len_utf8()];
                } else {
                    return false;
                }
            }
            _ => return true,
        }
    }
    !rest
        .chars()
        .next_back()
        .is_some_and(|c| is_arabic_letter(c) || c.is_alphanumeric())
}

/// True when the words on both sides are written in capitals too: a heading such as
/// "PEOPLE WHO ARE", where a guarded acronym is an ordinary word.
fn in_capitals(before: &str, after: &str) -> bool {
    let caps = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let prev_word = before.split_whitespace().next_back().unwrap_or("");
    let next_word = after.split_whitespace().next().unwrap_or("");
    caps(prev_word) && caps(next_word)
}

/// A definite reference needs its article right before it and must not be the head of a
/// longer name ("the Council of Europe", "l'Assemblée des États parties").
fn definite_ok(lang: Lang, before: &str, after: &str) -> bool {
    let articles: &[&str] = match lang {
        Lang::En => &["the ", "The "],
        Lang::Fr => &["le ", "Le ", "du ", "au ", "l'", "l’", "L'", "L’"],
        Lang::Es => &["el ", "El ", "del ", "al ", "la ", "La "],
        Lang::Zh => return true,
        Lang::Ru | Lang::Ar => return false,
    };
    if !articles.iter().any(|a| before.ends_with(a)) {
        return false;
    }
    let tail = after.trim_start_matches(' ');
    let qualifiers: &[&str] = match lang {
        Lang::En => &["of ", "for ", "on ", "in "],
        Lang::Fr => &[
            "de ", "des ", "du ", "d'", "d’", "pour ", "sur ", "mondiale",
        ],
        _ => &["de ", "del ", "para ", "sobre ", "Mundial"],
    };
    tail.len() == after.len() || !qualifiers.iter().any(|q| tail.starts_with(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The squeeze by its definition, one byte at a time: what the SIMD jumps must reproduce.
    fn squeeze_plainly(lang: Lang, view: &str) -> String {
        let bytes = view.as_bytes();
        let is_space = |b: u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
        let (mut out, mut i) = (String::new(), 0);
        while i < bytes.len() {
            if !is_space(bytes[i]) {
                let n = view[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&view[i..i + n]);
                i += n;
                continue;
            }
            let mut j = i;
            while j < bytes.len() && is_space(bytes[j]) {
                j += 1;
            }
            let newlines = bytes[i..j].iter().filter(|&&b| b == b'\n').count();
            let between_ideographs = lang == Lang::Zh
                && newlines < 2
                && view[..i].chars().next_back().is_some_and(is_ideograph)
                && view[j..].chars().next().is_some_and(is_ideograph);
            if between_ideographs {
            } else if (j - i > 1 || bytes[i] != b' ') && newlines < 2 {
                out.push(' ');
            } else {
                out.push_str(&view[i..j]);
            }
            i = j;
        }
        out
    }

    #[test]
    fn squeezing_matches_its_definition_on_the_corpus() {
        let mut checked = 0;
        for (lang, path, text) in crate::text::corpus_texts() {
            let squeezed = Squeezed::new(lang, &text);
            assert_eq!(
                squeezed.text,
                squeeze_plainly(lang, &text),
                "{}",
                path.display()
            );
            checked += 1;
        }
        for (lang, text) in [
            (Lang::En, "a  b\n c \t\n\nd   "),
            (Lang::Zh, "大 会 和\n安理会  A B"),
            (Lang::En, "   "),
            (Lang::Zh, " 联合国 "),
        ] {
            assert_eq!(
                Squeezed::new(lang, text).text,
                squeeze_plainly(lang, text),
                "{text:?}"
            );
        }
        eprintln!("{checked} corpus files squeezed as defined");
    }

    fn ids(lang: Lang, text: &str, own: Option<Organ>) -> Vec<(&'static str, String)> {
        find(lang, text, own)
            .into_iter()
            .map(|m| (m.body.id.as_str(), text[m.range].to_string()))
            .collect()
    }

    /// Every alias's example is found by the matcher as that body, at the alias itself.
    #[test]
    fn every_alias_example_is_found_as_its_body() {
        let mut failures = Vec::new();
        for b in bodies() {
            for a in &b.aliases {
                // A form shared by several bodies needs the body named elsewhere in the text.
                let context = match b.aliases_in(a.lang).find(|x| !x.ambiguous) {
                    Some(x) if a.ambiguous => format!("{} ({})", a.example, x.text),
                    _ => a.example.clone(),
                };
                let found = find(a.lang, &context, None);
                let hit = found.iter().any(|m| {
                    m.body.id == b.id
                        && context
                            .get(m.range.clone())
                            .is_some_and(|t| t.contains(&*a.text) || a.text.contains(t))
                });
                if !hit {
                    failures.push(format!(
                        "{} {} {:?} in {:?}",
                        b.id, a.lang, a.text, a.example
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} examples not found: {:#?}",
            failures.len(),
            &failures[..failures.len().min(40)]
        );
    }

    #[test]
    fn names_broken_over_lines_map_back() {
        let t = "the Inter-Parliamentary \nUnion and\n\nUnited Nations";
        let got = ids(Lang::En, t, None);
        assert_eq!(
            got,
            vec![
                ("IPU", "Inter-Parliamentary \nUnion".into()),
                ("UN", "United Nations".into())
            ]
        );
    }

    #[test]
    fn longest_most_specific_name_wins() {
        let t = "4. 欢迎各国议会联盟联合国事务常设委员会开展工作";
        assert_eq!(
            ids(Lang::Zh, t, None),
            vec![("IPU-SCUNA", "各国议会联盟联合国事务常设委员会".into())]
        );
    }

    #[test]
    fn guarded_acronyms_need_their_case() {
        assert_eq!(
            ids(Lang::En, "those who work with WHO", None),
            vec![("WHO", "WHO".into())]
        );
        assert!(ids(Lang::En, "PEOPLE WHO ARE", None).is_empty());
    }

    #[test]
    fn words_are_whole() {
        assert!(ids(Lang::En, "the UNDPs and UNICEFs", None).is_empty());
        assert_eq!(
            ids(Lang::En, "UNDP-supported", None),
            vec![("UNDP", "UNDP".into())]
        );
    }

    #[test]
    fn definite_references_follow_the_document() {
        let t = "Requests the Council to remain seized; the Council of Europe";
        assert_eq!(
            ids(Lang::En, t, Some(Organ::Sc)),
            vec![
                ("UNSC", "Council".into()),
                ("COE", "Council of Europe".into())
            ]
        );
        assert_eq!(ids(Lang::En, t, Some(Organ::Hrc))[0].0, "HRC");
        assert!(ids(Lang::En, "the Council decided", Some(Organ::Ga)).is_empty());
        assert!(ids(Lang::En, "a Council decided", Some(Organ::Sc)).is_empty());
    }

    #[test]
    fn arabic_clitics() {
        let t = "وقرار الجمعية العامة وللجمعية العامة وبالجمعية العامة";
        let got = ids(Lang::Ar, t, None);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.iter().all(|(id, _)| *id == "GA"));
    }

    /// Forms that look like a name but name something else, and names written around a space.
    #[test]
    fn compounds_prefixes_and_spacing() {
        let cases: &[(Lang, &str, &[&str])] = &[
            // A body's own secretariat is not the United Nations Secretariat.
            (
                Lang::Zh,
                "欧洲经委会成员国责成秘书处设立专家组",
                &["ECE", "Secretariat"],
            ),
            (Lang::Zh, "加强公约秘书处的能力", &[]),
            (Lang::Zh, "参与秘书处间住户调查工作组", &[]),
            (
                Lang::En,
                "As the Secretariat of the Standing Committee",
                &[],
            ),
            (
                Lang::En,
                "prepared by the Secretariat on Anguilla",
                &["Secretariat"],
            ),
            // 联合国 or "United Nations" right before another body's name is part of it.
            (Lang::Zh, "与联合国建设和平基金结成伙伴关系", &["PBF"]),
            (
                Lang::En,
                "the United Nations Joint Inspection Unit",
                &["JIU"],
            ),
            (Lang::En, "UN-SWAP and UN-Women", &["UN-Women"]),
            // A letter-spaced Chinese heading reads as written.
            (Lang::Zh, "大 会", &["GA"]),
            // Generic phrases.
            (Lang::Zh, "包括通过志愿人员方案使他们参与", &[]),
            (Lang::Zh, "人道主义国家工作队", &[]),
        ];
        for (lang, text, want) in cases {
            let got: Vec<&str> = ids(*lang, text, None).into_iter().map(|g| g.0).collect();
            assert_eq!(&got, want, "{lang} {text:?}");
        }
    }

    #[test]
    fn russian_oblique_cases() {
        let got = ids(
            Lang::Ru,
            "по просьбе Генеральной Ассамблеи и Совета Безопасности",
            None,
        );
        assert_eq!(
            got.iter().map(|g| g.0).collect::<Vec<_>>(),
            vec!["GA", "UNSC"]
        );
    }
}
