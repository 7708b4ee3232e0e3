//! Named instruments: mentions of declarations, conventions, programmes and other texts by
//! their names ("the 2030 Agenda for Sustainable Development", "《巴黎协定》"), resolved to the
//! crosswalk entry that says which document adopted them.
//!
//! One Aho-Corasick automaton per language (leftmost-longest, built once on first use) over
//! every name form in `data/instruments.toml`, with the same word-boundary rules as body names
//! ([`super::bodies::boundary_ok`]). Titles that are also ordinary phrases are accepted only
//! between quotation or title marks.
//!
//! Architecture invariant: reads a view and reports view ranges; it decides nothing about
//! citations (whether a mention becomes one, and what a footnote says, is the pipeline's
//! business in [`super::extract_str`]).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input};

use super::bodies::{Squeezed, boundary_ok};
use super::starts::{WordStarts, automaton};
use crate::gazetteer::instruments::{Instrument, instruments};
use crate::text::Lang;

/// One mention of an instrument in a view.
#[derive(Debug, Clone)]
pub struct Mention {
    /// View range of the name as written.
    pub range: Range<usize>,
    /// The instrument.
    pub instrument: &'static Instrument,
}

struct Pattern {
    instrument: &'static Instrument,
    lam_fused: bool,
}

struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Where a name may start, in a language whose names start words.
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

impl Matcher {
    fn build(lang: Lang) -> Matcher {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        for it in instruments() {
            for a in it.aliases.iter().filter(|a| a.lang == lang) {
                texts.push(a.text.clone());
                patterns.push(Pattern {
                    instrument: it,
                    lam_fused: false,
                });
                // ل + ال fuse into لل, as for body names.
                if let (Lang::Ar, Some(rest)) = (lang, a.text.strip_prefix("ال")) {
                    texts.push(format!("ل{rest}"));
                    patterns.push(Pattern {
                        instrument: it,
                        lam_fused: true,
                    });
                }
            }
        }
        let (ac, starts) = automaton(lang, &texts);
        Matcher {
            ac,
            patterns,
            starts,
        }
    }
}

fn matcher(lang: Lang) -> &'static Matcher {
    let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    &MATCHERS[i]
}

/// Opening and closing quotation and title marks. Plain-text renderings of UN documents write
/// guillemets as `<<` and `>>`, and Arabic quotation marks as `''` and ``` `` ```.
const OPENING: &[char] = &['“', '"', '«', '《', '「', '‘', '\'', '<'];
const CLOSING: &[char] = &['”', '"', '»', '》', '」', '’', '\'', '>', '`'];

/// Whether the name at `r` stands between quotation or title marks (spaces allowed inside
/// French guillemets).
fn quoted(text: &str, r: &Range<usize>) -> bool {
    let open = text[..r.start].trim_end_matches(' ').chars().next_back();
    let close = text[r.end..].trim_start_matches(' ').chars().next();
    open.is_some_and(|c| OPENING.contains(&c)) && close.is_some_and(|c| CLOSING.contains(&c))
}

/// Whether a Russian name follows "сформулированн… в": "цели в области развития,
/// сформулированные в Декларации тысячелетия" is how Russian writes the Millennium Development
/// Goals, which the other languages name without the declaration; the goals are meant, not the
/// text that set them out.
fn goals_set_out_in(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(" в ") else {
        return false;
    };
    let word = rest
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    word.starts_with("сформулированн")
}

/// Finds instrument names in `view`, in document order (names broken over two lines too).
#[cfg(test)]
pub fn find(lang: Lang, view: &str) -> Vec<Mention> {
    find_squeezed(lang, &Squeezed::new(lang, view))
}

/// [`find`] over a view already squeezed (the same squeezed text serves body names).
pub(super) fn find_squeezed(lang: Lang, squeezed: &Squeezed<'_>) -> Vec<Mention> {
    let mut out = find_in(lang, &squeezed.text, squeezed.marks.as_deref());
    for m in &mut out {
        m.range = squeezed.view_range(m.range.clone());
    }
    out
}

fn find_in(lang: Lang, text: &str, marks: Option<&[u64]>) -> Vec<Mention> {
    let m = matcher(lang);
    let Some(ac) = &m.ac else {
        return Vec::new();
    };
    let ok = |r: Range<usize>, p: &Pattern| {
        boundary_ok(lang, text, r.clone(), p.lam_fused)
            && (!p.instrument.quoted || quoted(text, &r))
            && !(lang == Lang::Ru && goals_set_out_in(&text[..r.start]))
    };
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let next = match &m.starts {
            Some(s) => s.find_from(ac, text, marks, at),
            None => ac.find(Input::new(text).span(at..text.len())),
        };
        let Some(first) = next else {
            break;
        };
        let start = first.start();
        // The longest accepted name at this start.
        let mut end = first.end();
        let mut accepted = None;
        // The first candidate is the match found: the longest at this start.
        let mut known = Some(first);
        while end > start {
            let found = match known.take() {
                Some(c) => Some(c),
                None => ac.find(Input::new(text).span(start..end).anchored(Anchored::Yes)),
            };
            let Some(c) = found else {
                break;
            };
            let p = &m.patterns[c.pattern().as_usize()];
            if ok(c.range(), p) {
                accepted = Some((c.range(), p.instrument));
                break;
            }
            end = c.end() - 1;
            while end > start && !text.is_char_boundary(end) {
                end -= 1;
            }
        }
        at = match accepted {
            Some((range, instrument)) => {
                let e = range.end;
                out.push(Mention { range, instrument });
                e
            }
            None => text[start..]
                .chars()
                .next()
                .map_or(text.len(), |c| start + c.len_utf8()),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(lang: Lang, text: &str) -> Vec<(&'static str, String)> {
        find(lang, text)
            .into_iter()
            .map(|m| (m.instrument.id.as_str(), text[m.range].to_string()))
            .collect()
    }

    /// Every name form's example is found by the matcher as that instrument.
    #[test]
    fn every_alias_example_is_found_as_its_instrument() {
        let mut failures = Vec::new();
        for it in instruments() {
            for a in &it.aliases {
                let found = find(a.lang, &a.example);
                let hit = found.iter().any(|m| {
                    m.instrument.id == it.id
                        && a.example
                            .get(m.range.clone())
                            .is_some_and(|t| t.contains(&*a.text))
                });
                // A longer name of another instrument may hold this one ("Optional Protocol
                // to the Convention …"): then the example names that one, which is right.
                let inside_longer = found.iter().any(|m| {
                    a.example
                        .get(m.range.clone())
                        .is_some_and(|t| t.len() > a.text.len() && t.contains(&*a.text))
                });
                if !hit && !inside_longer {
                    failures.push(format!(
                        "{} {} {:?} in {:?}",
                        it.id, a.lang, a.text, a.example
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} examples not found: {:#?}",
            failures.len(),
            &failures[..failures.len().min(30)]
        );
    }

    #[test]
    fn ordinary_words_are_not_instruments() {
        assert!(ids(Lang::En, "the Agenda of the session and the Charter").is_empty());
        assert!(ids(Lang::En, "The future we want is one of peace").is_empty());
        assert_eq!(
            ids(Lang::En, "entitled “The future we want”")[0].0,
            "FUTURE-WE-WANT"
        );
    }

    #[test]
    fn longest_name_wins() {
        let t = "the Addis Ababa Action Agenda of the Third International Conference on Financing for Development";
        assert_eq!(ids(Lang::En, t)[0].1.len(), t.len() - 4);
        assert_eq!(
            ids(Lang::Zh, "《2015-2030 年仙台减少灾害风险框架》")[0].0,
            "SENDAI"
        );
    }
}
