//! Word starts: where a name written in a script with word boundaries may begin.
//!
//! In Latin and Cyrillic text a name is accepted only where it starts a word (the character
//! before it is not a letter or digit, [`super::bodies::boundary_ok`]), so the matchers need
//! not run their automata over every byte: they jump from one word start to the next (eight
//! bytes at a time, in plain integer arithmetic), keep those whose first bytes begin some name
//! (a table of first bytes and a hashed set of first four bytes), and run the automaton
//! anchored there. What they find is what an unanchored search finds, less the matches that
//! start inside a word, which the boundary rule refuses anyway.

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, Match, MatchKind, StartKind};

use crate::text::Lang;

/// Whether names in `lang` start words ([`super::bodies::boundary_ok`]): then the matchers
/// search word starts only.
pub(super) fn starts_words(lang: Lang) -> bool {
    matches!(lang, Lang::En | Lang::Fr | Lang::Es | Lang::Ru)
}

/// The automaton of a matcher's patterns (leftmost-longest), with their word starts in a
/// language whose names start words.
///
/// There every search is anchored at a word start, and a compact automaton (a contiguous NFA,
/// a few hundred kilobytes) stays in the processor's cache where a DFA of several megabytes
/// would not. Elsewhere (Arabic, whose names may follow clitics, and Chinese) the search runs
/// over every byte, and a DFA does one table lookup per byte.
pub(super) fn automaton(lang: Lang, texts: &[String]) -> (Option<AhoCorasick>, Option<WordStarts>) {
    let mut builder = AhoCorasick::builder();
    builder.match_kind(MatchKind::LeftmostLongest);
    if starts_words(lang) {
        builder
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA));
        (builder.build(texts).ok(), Some(WordStarts::new(texts)))
    } else {
        builder
            .start_kind(StartKind::Both)
            .kind(Some(AhoCorasickKind::DFA));
        (builder.build(texts).ok(), None)
    }
}

/// Bits in the hashed set of four-byte prefixes.
const QUAD_BITS: usize = 1 << 16;

/// The first bytes of a set of patterns, for finding the word starts where one may match.
pub(super) struct WordStarts {
    /// Bytes that begin some pattern.
    first: [bool; 256],
    /// The first four bytes of every pattern of four bytes or more, hashed.
    quads: Vec<u64>,
    /// The first two bytes of every shorter pattern (all pairs of its byte for one of one byte).
    pairs: Vec<u64>,
}

fn set(bits: &mut [u64], k: usize) {
    bits[k >> 6] |= 1 << (k & 63);
}

fn get(bits: &[u64], k: usize) -> bool {
    bits[k >> 6] >> (k & 63) & 1 != 0
}

fn quad_key(b: &[u8]) -> usize {
    let k = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    (k.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

fn pair_key(a: u8, b: u8) -> usize {
    (a as usize) << 8 | b as usize
}

/// The bytes of `x` (eight, little-endian) that may end a character that is not a letter or
/// digit: ASCII bytes other than letters and digits, and every byte beyond ASCII (checked
/// one by one). Each such byte has its top bit set in the result.
fn boundary_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & !HIGH;
    // For a 7-bit byte b, b + (0x80 - lo) has its top bit set when b >= lo, and b + (0x7f - hi)
    // when b > hi; no sum carries into the next byte.
    let within =
        |lo: u8, hi: u8| (low + ONES * u64::from(0x80 - lo)) & !(low + ONES * u64::from(0x7f - hi));
    let alnum = within(b'0', b'9') | within(b'A', b'Z') | within(b'a', b'z');
    (!alnum | x) & HIGH
}

/// Whether the character ending at byte `q` (beyond ASCII) is a letter or digit. Two-byte
/// letters of the Latin-1 supplement, Latin Extended-A and Cyrillic are told by their bytes
/// (the Unicode tables are slow to ask for every letter of a Russian text).
fn ends_letter(text: &str, bytes: &[u8], q: usize) -> bool {
    if q >= 1 {
        match (bytes[q - 1], bytes[q]) {
            // U+00C0–U+00FF but × and ÷; U+0100–U+017F; U+0400–U+047F.
            (0xC3, b) => return b != 0x97 && b != 0xB7,
            (0xC4 | 0xC5 | 0xD0 | 0xD1, _) => return true,
            _ => {}
        }
    }
    text[..=q]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// The word starts of `text`, one bit per byte (bit `p % 64` of word `p / 64` for offset
/// `p`): where the text begins and after every character that is not a letter or digit. The
/// body and instrument matchers read the same text: marked once, it is scanned once.
pub(super) fn word_start_marks(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut marks = vec![0u64; bytes.len().div_ceil(64)];
    if !bytes.is_empty() {
        set(&mut marks, 0);
    }
    for p in Boundaries::new(text, 0) {
        set(&mut marks, p);
    }
    marks
}

/// The word starts of a text after offset `at` that follow a character (not a letter or digit),
/// found eight bytes at a time: every such start follows a byte that may end a boundary
/// character ([`boundary_bytes`]), checked further only beyond ASCII.
struct Boundaries<'a> {
    text: &'a str,
    /// The start of the eight bytes being read.
    i: usize,
    /// Their boundary bytes not yet reported.
    mask: u64,
}

impl<'a> Boundaries<'a> {
    #[inline]
    fn new(text: &'a str, at: usize) -> Self {
        let bytes = text.as_bytes();
        let mask = if at < bytes.len() {
            boundary_mask(bytes, at)
        } else {
            0
        };
        Boundaries { text, i: at, mask }
    }
}

impl Iterator for Boundaries<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        loop {
            while self.mask != 0 {
                let q = self.i + (self.mask.trailing_zeros() / 8) as usize;
                self.mask &= self.mask - 1;
                let p = q + 1;
                if p >= bytes.len() {
                    return None;
                }
                // Beyond ASCII: `q` must end a character, and that character must not be a
                // letter or digit.
                if bytes[q] >= 0x80
                    && ((0x80..0xC0).contains(&bytes[p]) || ends_letter(self.text, bytes, q))
                {
                    continue;
                }
                return Some(p);
            }
            self.i += 8;
            if self.i >= bytes.len() {
                return None;
            }
            self.mask = boundary_mask(bytes, self.i);
        }
    }
}

/// [`boundary_bytes`] of the eight bytes at `i` (padded with letters past the end).
#[inline]
fn boundary_mask(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..i + 8) {
        Some(w) => boundary_bytes(u64::from_le_bytes([
            w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
        ])),
        None => {
            let mut w = [b'a'; 8];
            w[..bytes.len() - i].copy_from_slice(&bytes[i..]);
            boundary_bytes(u64::from_le_bytes(w))
        }
    }
}

impl WordStarts {
    /// The word starts of `patterns` (none is empty).
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> WordStarts {
        let mut first = [false; 256];
        let mut quads = vec![0u64; QUAD_BITS / 64];
        let mut pairs = vec![0u64; (1 << 16) / 64];
        for p in patterns {
            let b = p.as_ref().as_bytes();
            match b {
                [] => {}
                [a] => {
                    first[*a as usize] = true;
                    for x in 0..=255 {
                        set(&mut pairs, pair_key(*a, x));
                    }
                }
                [a, x] | [a, x, _] => {
                    first[*a as usize] = true;
                    set(&mut pairs, pair_key(*a, *x));
                }
                _ => {
                    first[b[0] as usize] = true;
                    set(&mut quads, quad_key(b));
                }
            }
        }
        WordStarts {
            first,
            quads,
            pairs,
        }
    }

    /// Whether some pattern may start at `p` (a char boundary of `bytes`).
    #[inline]
    fn may_start(&self, bytes: &[u8], p: usize) -> bool {
        let Some(&a) = bytes.get(p) else {
            return false;
        };
        if !self.first[a as usize] {
            return false;
        }
        match bytes.get(p..p + 4) {
            Some(q) => get(&self.quads, quad_key(q)) || get(&self.pairs, pair_key(q[0], q[1])),
            // Too near the end for four bytes: let the automaton decide.
            None => true,
        }
    }

    /// The match of `ac` (leftmost-longest) at `p`, if some pattern may start there.
    #[inline]
    fn anchored(&self, ac: &AhoCorasick, text: &str, p: usize) -> Option<Match> {
        if !self.may_start(text.as_bytes(), p) {
            return None;
        }
        ac.find(Input::new(text).span(p..text.len()).anchored(Anchored::Yes))
    }

    /// The first match of `ac` that starts at or after `at` (a char boundary) on a word start:
    /// where the text begins or after a character that is not a letter or digit.
    pub fn find(&self, ac: &AhoCorasick, text: &str, at: usize) -> Option<Match> {
        let bytes = text.as_bytes();
        if at >= bytes.len() {
            return None;
        }
        let starts_word = at == 0
            || text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_alphanumeric());
        if starts_word && let Some(m) = self.anchored(ac, text, at) {
            return Some(m);
        }
        Boundaries::new(text, at).find_map(|p| self.anchored(ac, text, p))
    }

    /// [`WordStarts::find_marked`] where the word starts are marked, [`WordStarts::find`]
    /// otherwise.
    pub fn find_from(
        &self,
        ac: &AhoCorasick,
        text: &str,
        marks: Option<&[u64]>,
        at: usize,
    ) -> Option<Match> {
        match marks {
            Some(marks) => self.find_marked(ac, text, marks, at),
            None => self.find(ac, text, at),
        }
    }

    /// [`WordStarts::find`] over the word starts of `text` marked in `marks`
    /// ([`word_start_marks`]).
    pub fn find_marked(
        &self,
        ac: &AhoCorasick,
        text: &str,
        marks: &[u64],
        at: usize,
    ) -> Option<Match> {
        let mut w = at / 64;
        let mut word = marks.get(w)? & (!0u64 << (at % 64));
        loop {
            while word != 0 {
                let p = w * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                if let Some(m) = self.anchored(ac, text, p) {
                    return Some(m);
                }
            }
            w += 1;
            word = *marks.get(w)?;
        }
    }

    /// The first match of `ac` (leftmost-longest) starting in `from..to`, at any char boundary,
    /// word start or not: what an unanchored search from `from` finds, when it starts before
    /// `to`.
    pub fn first_in(&self, ac: &AhoCorasick, text: &str, from: usize, to: usize) -> Option<Match> {
        (from..to.min(text.len()))
            .filter(|&p| text.is_char_boundary(p))
            .find_map(|p| self.anchored(ac, text, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::MatchKind;

    fn boundary_positions(x: &[u8; 8]) -> Vec<usize> {
        let m = boundary_bytes(u64::from_le_bytes(*x));
        (0..8).filter(|i| m >> (8 * i + 7) & 1 == 1).collect()
    }

    #[test]
    fn boundary_bytes_are_the_non_alphanumeric_ones() {
        for b in 0..=255u8 {
            let mut w = [b'a'; 8];
            w[3] = b;
            let want = !b.is_ascii_alphanumeric();
            assert_eq!(boundary_positions(&w).contains(&3), want, "{b:#x}");
            assert_eq!(boundary_positions(&w).len(), usize::from(want), "{b:#x}");
        }
    }

    #[test]
    fn letters_told_by_their_bytes_are_letters() {
        for c in ('\u{80}'..='\u{7ff}').chain(['“', '—', '《', '大']) {
            let text = format!("a{c}");
            let q = text.len() - 1;
            assert_eq!(
                ends_letter(&text, text.as_bytes(), q),
                c.is_alphanumeric(),
                "{c:?}"
            );
        }
    }

    /// The word-start search finds what an unanchored search finds at word starts.
    #[test]
    fn finds_what_the_automaton_finds_at_word_starts() {
        let patterns = [
            "UN",
            "United Nations",
            "Nations",
            "Council",
            "Conseil de sécurité",
            "special rapporteur",
            "Совет Безопасности",
            "«A»",
            "X",
        ];
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Both)
            .build(patterns)
            .unwrap();
        let starts = WordStarts::new(&patterns);
        let texts = [
            "the United Nations and UNDP, (UN) Council.",
            "xUN UNx, the special rapporteurs; especial rapporteur",
            "le Conseil de sécurité, éConseil de sécurité «A» «A»",
            "“Council” — Совет Безопасности, ЖСовет Безопасности X",
            "X",
            "UN",
            "Nations\u{a0}Council×Council",
        ];
        for text in texts {
            let plain: Vec<_> = {
                let mut out = Vec::new();
                let mut at = 0;
                while let Some(m) = ac.find(Input::new(text).span(at..text.len())) {
                    let ok = text[..m.start()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric());
                    let next = text[m.start()..]
                        .chars()
                        .next()
                        .map_or(text.len(), |c| m.start() + c.len_utf8());
                    if ok {
                        out.push(m.range());
                        at = m.end();
                    } else {
                        at = next;
                    }
                }
                out
            };
            let mut fast = Vec::new();
            let mut at = 0;
            while let Some(m) = starts.find(&ac, text, at) {
                fast.push(m.range());
                at = m.end();
            }
            assert_eq!(fast, plain, "{text:?}");
            let marks = word_start_marks(text);
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                assert_eq!(
                    starts.find_marked(&ac, text, &marks, at),
                    starts.find(&ac, text, at),
                    "{text:?} from {at}"
                );
            }
        }
    }
}
