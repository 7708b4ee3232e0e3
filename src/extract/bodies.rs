//! Named bodies: mentions of UN organs, offices, agencies and partner organisations, resolved
//! to gazetteer entities.
//!
//! One Aho-Corasick automaton per language (leftmost-longest, built once on first use) holds
//! every alias of that language in `data/bodies.toml`, the prefixed Arabic forms, and the few
//! definite references ("the Council", "l'Assemblée", "本组织") that the citing document's own
//! organ resolves, or else the council or assembly named just before them in the paragraph
//! ("the Entity" is UN-Women in any document). A name of several words in a
//! cased script also matches with the case of its first letter changed (a sentence that starts
//! with it; an ordinal in running text). A raw match is accepted only if it passes the script's
//! boundary rule (whole words in Latin and Cyrillic text; clitics allowed before Arabic words; no
//! boundary in Chinese), its case guard, is not part of a document symbol and, for definite
//! references, passes its context; when a match is refused, the next shorter pattern at the same
//! start is tried, so "UNDPs" refusing "UNDP" does not hide a shorter name. "United Nations" that
//! belongs to another body's name (联合国 before it, "of the United Nations" after it, the author
//! before a department) is not a mention of its own, and Chinese 大会第七十四届会议主席 is the
//! President of the General Assembly.
//!
//! Architecture invariant: reads a view and reports view ranges; knows nothing of spans,
//! paragraphs or citations. The alias data and its rules belong to [`crate::gazetteer::bodies`];
//! this module only compiles and applies them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input};

use super::organ::Organ;
use super::starts::{WordStarts, automaton, starts_words, word_start_marks};
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
    /// "the Council": the document's own council, or else the council named just before.
    Council,
    /// "the Assembly": the General Assembly, in documents of the United Nations' assemblies
    /// and councils, or else the assembly named just before.
    Assembly,
    /// "the Organization": the United Nations.
    Organization,
    /// "the Entity": UN-Women, which its founding resolution (64/289) and every text after it
    /// call "the Entity".
    Entity,
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
            ("Entity", Definite::Entity),
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
        let listed: HashSet<&str> = bodies()
            .iter()
            .flat_map(|b| b.aliases_in(lang))
            .map(|a| a.text.as_str())
            .collect();
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
                // A name of several words in a cased script may change the case of its first
                // letter: capitalised at the head of a sentence or title ("High-level political
                // forum on sustainable development"), or lowered with its ordinal in running text
                // ("the third International Conference on Financing for Development").
                if let Some(other) = first_case_flipped(lang, &a.text)
                    && !guarded
                    && !listed.contains(other.as_str())
                {
                    add(other, false);
                }
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

/// English ordinals that head the names of numbered conferences and sessions.
const EN_ORDINALS: &[&str] = &[
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
];

/// `name` with the case of its first letter changed, for a name of several words written in a
/// script with case; `None` otherwise. A lower-case first letter is raised (the name heads a
/// sentence or a title); a capital is lowered only on an English ordinal ("the third
/// International Conference …"): lowering every name would double the automaton for forms
/// that do not occur, or that are ordinary phrases ("assemblée générale", "banque mondiale").
fn first_case_flipped(lang: Lang, name: &str) -> Option<String> {
    if matches!(lang, Lang::Zh | Lang::Ar) || !name.contains(' ') {
        return None;
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    let flipped: String = if first.is_lowercase() {
        first.to_uppercase().collect()
    } else if lang == Lang::En
        && EN_ORDINALS.iter().any(|o| {
            name.strip_prefix(o)
                .is_some_and(|rest| rest.starts_with(' '))
        })
    {
        first.to_lowercase().collect()
    } else {
        return None;
    };
    Some(flipped + chars.as_str())
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
    /// The word starts of the text, in a language whose names start words
    /// ([`super::starts::word_start_marks`]).
    pub marks: Option<Vec<u64>>,
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
                marks: starts_words(lang).then(|| word_start_marks(view)),
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
            marks: starts_words(lang).then(|| word_start_marks(&text)),
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
    let mut out = find_in(lang, &squeezed.text, squeezed.marks.as_deref(), own);
    for m in &mut out {
        m.range = squeezed.view_range(m.range.clone());
    }
    out
}

fn find_in(lang: Lang, text: &str, marks: Option<&[u64]>, own: Option<Organ>) -> Vec<Mention> {
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
            (Some(s), _) => s.find_from(ac, text, marks, at),
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
            ([], Some(d)) => {
                definite_body(d, own).or_else(|| antecedent(d, text, range.start, &out))
            }
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
        let between = |a: &Mention, b: &Mention| text.get(a.range.end..b.range.start);
        // The Secretariat is part of its departments' names the same way (秘书处经济和社会事务部,
        // "Department of Economic and Social Affairs of the Secretariat").
        let holds = |m: &Mention, other: &Mention| {
            m.body.id == "UN"
                || (m.body.id == "Secretariat"
                    && other.body.parent.as_deref() == Some("Secretariat"))
        };
        let part_of_name: Vec<bool> = (0..out.len())
            .map(|i| {
                let (m, next) = (&out[i], out.get(i + 1));
                let prev = i.checked_sub(1).map(|p| &out[p]);
                next.is_some_and(|n| holds(m, n) && between(m, n) == Some(gap))
                    || (lang == Lang::En
                        && (prev.is_some_and(|p| holds(m, p) && between(p, m) == Some(" of the "))
                            || (m.body.id == "UN"
                                && next.is_some_and(|n| {
                                    author_office(text, m, n) || named_by_acronym(text, m, n)
                                }))))
            })
            .collect();
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !part_of_name[i - 1]
        });
    }
    if lang == Lang::Zh {
        for m in &mut out {
            session_president(text, m);
        }
    }
    if lang == Lang::En {
        presidents_of(text, &mut out);
    }
    out
}

/// "the Presidents of the Economic and Social Council and the General Assembly" names two
/// Presidents (经济及社会理事会主席和大会主席), not the two organs: each organ named right after
/// "Presidents of the" and joined to it by "and (the)" becomes its President's post, when the
/// table lists the post as "President of the" followed by the organ's name.
fn presidents_of(text: &str, out: &mut [Mention]) {
    let post_of = |organ: &str| {
        let name = format!("President of the {organ}");
        bodies()
            .iter()
            .find(|b| b.kind == "post" && b.aliases_in(Lang::En).any(|a| a.text == name))
    };
    let mut i = 0;
    while i < out.len() {
        if !text[..out[i].range.start].ends_with("Presidents of the ") {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            if let Some(post) = post_of(&text[out[j].range.clone()]) {
                out[j].body = post;
            }
            let joined = out.get(j + 1).is_some_and(|n| {
                matches!(
                    text.get(out[j].range.end..n.range.start),
                    Some(" and the " | " and ")
                )
            });
            if !joined {
                break;
            }
            j += 1;
        }
        i = j + 1;
    }
}

/// English writes "United Nations" after a body's name where Chinese writes 联合国 before it
/// ("President of the Economic and Social Council of the United Nations", 联合国经济及社会理事会
/// 主席), and as the author before a Secretariat department in sources and references
/// ("Source: United Nations, Department of Economic and Social Affairs"): `un` followed by ", "
/// and the full name of a Secretariat office.
fn author_office(text: &str, un: &Mention, next: &Mention) -> bool {
    text.get(un.range.end..next.range.start) == Some(", ")
        && next.body.kind == "secretariat-office"
        && text[next.range.clone()].contains(' ')
}

/// Whether `un` lies in a name that the acronym `next` abbreviates in brackets, written in a
/// form the table does not list ("the Joint United Nations Programme on HIV and AIDS (UNAIDS)",
/// "Food and Agricultural Organization of the United Nations (FAO)"): only words stand between
/// the two, and the acronym is the whole bracket.
fn named_by_acronym(text: &str, un: &Mention, next: &Mention) -> bool {
    let acronym = &text[next.range.clone()];
    let Some(words) = text
        .get(un.range.end..next.range.start)
        .and_then(|g| g.strip_suffix(" ("))
    else {
        return false;
    };
    !acronym.contains(' ')
        && text[next.range.end..].starts_with(')')
        && words.split(' ').count() <= 8
        && words
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '/' | '\'' | '’'))
}

/// Chinese puts the session between an organ and its President (大会第七十四届会议主席,
/// "President of the General Assembly at its seventy-fourth session"; 经济及社会理事会2021年届会
/// 主席): such a mention of the organ becomes the President's, when the table lists the post as
/// the organ's name followed by 主席.
fn session_president(text: &str, m: &mut Mention) {
    let rest = &text[m.range.end..];
    let Some(len) = zh_session(rest) else {
        return;
    };
    let tail = &rest[len..];
    if !tail.starts_with("主席") || tail.starts_with("主席团") {
        return;
    }
    let organ = &text[m.range.clone()];
    let names_organ = |a: &crate::gazetteer::bodies::Alias| {
        a.text
            .strip_suffix("主席")
            .is_some_and(|o| o == organ || m.body.aliases_in(Lang::Zh).any(|x| x.text == o))
    };
    let post = bodies()
        .iter()
        .find(|b| b.kind == "post" && b.aliases_in(Lang::Zh).any(names_organ));
    if let Some(post) = post {
        m.body = post;
        m.range.end += len + "主席".len();
    }
}

/// The length of a Chinese session designation at the start of `s`: 第七十四届会议, 第十一届紧急
/// 特别会议, 第78届会议, 2021年届会, 2023年实质性会议.
fn zh_session(s: &str) -> Option<usize> {
    let numeral = |t: &str| {
        t.chars()
            .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十百".contains(*c))
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let (rest, tails): (&str, &[&str]) = if let Some(t) = s.strip_prefix('第') {
        let n = numeral(t);
        (
            t[n..].strip_prefix('届').filter(|_| n > 0)?,
            &["紧急特别会议", "特别会议", "会议", "常会"],
        )
    } else {
        let n = s.chars().take_while(char::is_ascii_digit).count();
        (
            s[n..].strip_prefix('年').filter(|_| n == 4)?,
            &["实质性会议", "组织会议", "届会", "会议"],
        )
    };
    let tail = tails
        .iter()
        .find(|t| rest.starts_with(**t))
        .map_or(0, |t| t.len());
    Some(s.len() - rest.len() + tail)
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
    // No other body calls itself "the Entity": it needs no document to resolve. "The
    // Organization" is the United Nations only in the texts of its own organs (in a WHO text it
    // is WHO).
    let id = match (d, own) {
        (Definite::Entity, _) => "UN-Women",
        (_, None) => return None,
        (Definite::Organization, _) => "UN",
        (d, Some(own)) => return definite_organ_body(d, own),
    };
    body(id)
}

impl Definite {
    /// Whether the reference may name the body of its kind named just before it ("the
    /// Presidents of the Economic and Social Council and the General Assembly … the resolutions
    /// of the Council and the Assembly") when the document's own organ does not settle it.
    fn takes_antecedent(self) -> bool {
        matches!(self, Definite::Council | Definite::Assembly)
    }

    /// Whether `body` is one a reference of this kind may take up: a council for "the
    /// Council", an assembly for "the Assembly" — a body whose English name ends in that word —
    /// never something of one ("President of the Security Council", "special procedures of the
    /// Human Rights Council").
    fn fits(self, body: &Body) -> bool {
        let head = match self {
            Definite::Council => "Council",
            Definite::Assembly => "Assembly",
            Definite::Organization | Definite::Entity => return false,
        };
        !body.name.contains(" of ")
            && body
                .name
                .strip_suffix(head)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
    }
}

/// The body that a definite reference at `at` takes up: the closest council (or assembly) named
/// before it in the same paragraph, among the mentions resolved so far (`done`, in text order).
fn antecedent(d: Definite, text: &str, at: usize, done: &[Mention]) -> Option<&'static Body> {
    if !d.takes_antecedent() {
        return None;
    }
    for m in done.iter().rev() {
        if text
            .get(m.range.end..at)
            .is_none_or(|gap| gap.contains("\n\n"))
        {
            return None;
        }
        if d.fits(m.body) {
            return Some(m.body);
        }
    }
    None
}

/// The body a council or assembly reference names in a document of organ `own`.
fn definite_organ_body(d: Definite, own: Organ) -> Option<&'static Body> {
    let id = match (d, own) {
        (Definite::Council, Organ::Sc) => "UNSC",
        (Definite::Council, Organ::Hrc) => "HRC",
        (Definite::Council, Organ::Ecosoc) => "ECOSOC",
        (Definite::Assembly, Organ::Ga | Organ::Hrc | Organ::Ecosoc) => "GA",
        (Definite::Assembly, Organ::Unea) => "UNEA",
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
    if un_prefix(text, &r)
        || secretariat_of(lang, text, &r)
        || runs_into_un_name(lang, text, &r)
        || in_symbol(lang, text, &r)
    {
        return false;
    }
    let before = &text[..r.start];
    let after = &text[r.end..];
    if p.guarded && in_capitals(before, after) {
        return false;
    }
    match p.definite {
        Some(d) if p.bodies.is_empty() => {
            (definite_body(d, own).is_some() || d.takes_antecedent())
                && definite_ok(lang, before, after)
        }
        _ => true,
    }
}

/// Characters that, written right before `大会`, make it another assembly, congress or conference
/// (世界大会, 缔约方大会, 审议和延期大会, 预防犯罪和刑事司法大会, 人居三大会, 代表大会, 气候变化
/// 大会 …), not the General Assembly, which Chinese texts call `大会` alone.
const ZH_ASSEMBLY_HEADS: &str = "界期法三方生境长员国表民议体工党育运动院球洲洋届盟化";

/// Characters that, written right before `秘书处`, make it the secretariat of the body or treaty
/// just named (委员会秘书处, 公约秘书处, 《公约》秘书处, 工作队秘书处, 论坛的秘书处, 机制秘书处),
/// which English writes in lower case ("the secretariat"), not the United Nations Secretariat.
const ZH_SECRETARIAT_HEADS: &str = "署队会》盟约坛金织处部院所行构团局厅组体台网心的制";

/// Whether a Chinese match is the tail of a longer compound that names something else.
fn zh_compound(text: &str, r: &Range<usize>) -> bool {
    let before = &text[..r.start];
    let heads = match &text[r.clone()] {
        // 会员 is "member": 广大会员国 is "the wider membership".
        "大会" if text[r.end..].starts_with('员') => return true,
        "大会" => ZH_ASSEMBLY_HEADS,
        "秘书处" => ZH_SECRETARIAT_HEADS,
        // A national agency: 美国国际开发署 (USAID), 加拿大国际开发署.
        "开发署" => return before.ends_with("国际"),
        // A regional commission's own statistical committee (西亚经社会统计委员会, "the ESCWA
        // Statistical Committee"), not the Statistical Commission.
        "统计委员会" => return before.ends_with("经社会") || before.ends_with("经委会"),
        _ => return false,
    };
    before
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

/// Whether an English name that ends in "United Nations" runs on into the name of another
/// United Nations entity ("the Secretariat of the United Nations Standing Committee on Women,
/// Peace and Security"): the words from "United Nations" on belong to that name.
fn runs_into_un_name(lang: Lang, text: &str, r: &Range<usize>) -> bool {
    let mut after = text[r.end..].chars();
    lang == Lang::En
        && text[r.clone()].ends_with(" United Nations")
        && after.next() == Some(' ')
        && after.next().is_some_and(char::is_uppercase)
}

/// Whether an acronym is a part of a document symbol ("A/HRC/20/26", "E/HLPF/2023/7"): the
/// series of a document, not a mention of its body. A symbol is a word with a slash and a digit;
/// acronyms joined by slashes alone ("UNDP/UNFPA/UNOPS") are mentions.
fn in_symbol(lang: Lang, text: &str, r: &Range<usize>) -> bool {
    if matches!(lang, Lang::Zh | Lang::Ar) || text[r.clone()].contains(' ') {
        return false;
    }
    let (before, after) = (&text[..r.start], &text[r.end..]);
    if !before.ends_with('/') && !after.starts_with('/') {
        return false;
    }
    let start = before
        .trim_end_matches(|c: char| !(c.is_whitespace() || c == '('))
        .len();
    let end = after
        .find(|c: char| c.is_whitespace() || c == ')')
        .map_or(text.len(), |i| r.end + i);
    let word = &text[start..end];
    word.contains('/') && word.chars().any(|c| c.is_ascii_digit())
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

    /// Where the document's own organ does not settle "the Council" or "the Assembly", the
    /// council or assembly named just before in the same paragraph does; a post is not one.
    #[test]
    fn definite_references_take_up_the_body_named_before() {
        let t = "Requests the Presidents of the Economic and Social Council and the General \
                 Assembly to eliminate duplication between the resolutions of the Council and \
                 the Assembly";
        let got: Vec<&str> = ids(Lang::En, t, None)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(got, ["PECOSOC", "PGA", "ECOSOC", "GA"]);
        let t = "Welcomes the report of the Security Council, and requests the Council to act";
        assert_eq!(
            ids(Lang::En, t, Some(Organ::Ga)),
            vec![
                ("UNSC", "Security Council".into()),
                ("UNSC", "Council".into())
            ]
        );
        // The document's own council first; none across a paragraph break; none without one.
        assert_eq!(ids(Lang::En, t, Some(Organ::Hrc))[1].0, "HRC");
        let t = "Recalling the Security Council,\n\nRequests the Council to act";
        assert_eq!(ids(Lang::En, t, Some(Organ::Ga)).len(), 1);
        let t = "the President of the Security Council informed the Council";
        assert_eq!(
            ids(Lang::En, t, Some(Organ::Ga)),
            vec![("PSC", "President of the Security Council".into())]
        );
        let t = "a system of special procedures of the Human Rights Council; the Council shall";
        assert_eq!(ids(Lang::En, t, Some(Organ::Ga)).len(), 1);
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
                Lang::Zh,
                "经济及社会理事会成员和联合国广大会员国",
                &["ECOSOC", "UN"],
            ),
            // A national agency and a regional commission's committee.
            (Lang::Zh, "美国国际开发署(美援署)机构评价干事", &[]),
            (Lang::Zh, "西亚经社会统计委员会第十五届会议", &["ESCWA"]),
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
            // "United Nations" after a body's name, or as the author before a department.
            (
                Lang::En,
                "in your capacity as President of the Economic and Social Council of the United Nations,",
                &["PECOSOC"],
            ),
            (
                Lang::En,
                "Source: United Nations, Department of Economic and Social Affairs.",
                &["DESA"],
            ),
            (
                Lang::En,
                "the United Nations, UNDP and the World Bank",
                &["UN", "UNDP", "WB"],
            ),
            // "United Nations" inside a name that its acronym in brackets abbreviates.
            (
                Lang::En,
                "partners, including the Joint United Nations Programme on HIV and AIDS (UNAIDS), United Nations Development Programme (UNDP)",
                &["UNAIDS", "UNDP", "UNDP"],
            ),
            (
                Lang::En,
                "the League of Arab States, the Arab Organization for Agricultural Development and the Food and Agricultural Organization of the United Nations (FAO)",
                &["LAS", "FAO"],
            ),
            (
                Lang::En,
                "the United Nations and the African Union (AU)",
                &["UN", "AU", "AU"],
            ),
            // A name ending in "United Nations" that runs on into another name.
            (
                Lang::En,
                "As the Secretariat of the United Nations Standing Committee on Women, Peace and Security,",
                &["UN"],
            ),
            // The Secretariat before or after the name of one of its departments is part of it.
            (Lang::Zh, "与秘书处经济和社会事务部统计司合作", &["DESA"]),
            (
                Lang::En,
                "the Office for the Coordination of Humanitarian Affairs of the Secretariat",
                &["OCHA"],
            ),
            // Two Presidents named at once.
            (
                Lang::En,
                "Requests the Presidents of the Economic and Social Council and the General Assembly to continue their efforts",
                &["PECOSOC", "PGA"],
            ),
            // Chinese puts the session between the organ and its President.
            (
                Lang::Zh,
                "表示注意到大会第七十四届会议主席努力发起消除贫困联盟",
                &["PGA"],
            ),
            (
                Lang::Zh,
                "常驻联合国代表给经济及社会理事会2021年届会主席的信",
                &["UN", "PECOSOC"],
            ),
            (Lang::Zh, "大会第七十八届会议主席团", &["GA"]),
            // A document symbol is not a mention of the body whose series it is.
            (Lang::En, "A/HRC/20/26, para. 29.", &[]),
            (
                Lang::En,
                "the UNDP/UNFPA/UNOPS Executive Board",
                &["UNDP", "UNFPA", "UNOPS"],
            ),
            // The first letter of a name changes case at the head of a sentence or with an ordinal.
            (
                Lang::En,
                "High-level political forum on sustainable development",
                &["HLPF"],
            ),
            (
                Lang::En,
                "the third International Conference on Financing for Development",
                &["FFD3"],
            ),
            // "The Entity" is UN-Women.
            (
                Lang::En,
                "In 2022, the Entity secured its eleventh consecutive unqualified audit opinion.",
                &["UN-Women"],
            ),
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
