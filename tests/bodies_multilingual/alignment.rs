//! Sentence alignment of an English and a Chinese column that are only roughly parallel, the
//! way parallel corpora are aligned (Moore, "Fast and accurate sentence alignment of bilingual
//! corpora", 2002): a first pass by lengths and anchors (Gale and Church's length model, the
//! numbers and document symbols both sides write, the Latin words Chinese keeps, how the
//! sentences end); a word-to-character-pair lexicon learned from the pairs that pass is sure
//! of; and a second pass that adds the lexicon's evidence and pairs two sentences only where
//! the evidence says they translate each other more clearly than unrelated sentences do.
//!
//! Nothing here reads the bodies the alignment is used to measure: every body mention is
//! blanked out of both sentences before words are counted, so that a name and its translation
//! can never pull two sentences together.

use std::collections::{BTreeSet, HashMap};

use regex::Regex;

/// One entry of the file: an English and a Chinese sentence, with their body mentions blanked.
pub struct Entry<'a> {
    pub en: &'a str,
    pub zh: &'a str,
    pub en_masked: String,
    pub zh_masked: String,
}

/// The text with the byte ranges given replaced by spaces (one per byte).
pub fn blank(text: &str, spans: impl IntoIterator<Item = (usize, usize)>) -> String {
    let mut spans: Vec<(usize, usize)> = spans.into_iter().collect();
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        let start = start.max(at);
        if start >= end {
            continue;
        }
        out.push_str(&text[at..start]);
        out.extend(std::iter::repeat_n(' ', end - start));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// What the alignment found, for the test to print.
pub struct Report {
    /// Index pairs (English entry, Chinese entry) per theme.
    pub pairs: Vec<Vec<(usize, usize)>>,
    /// ln(Chinese characters / English characters): mean and standard deviation.
    pub length_model: (f64, f64),
    /// Pairs of the first pass, and how many of them were sure enough to learn from.
    pub first_pass: usize,
    pub learned_from: usize,
    /// English words in the lexicon.
    pub lexicon: usize,
    /// The cost of leaving a sentence unpaired in the second pass.
    pub skip: f64,
}

/// Aligns each theme's two columns; entry `i` of a theme holds the English of entry `i` and the
/// Chinese of entry `i`, which need not translate each other.
pub fn align_themes(themes: &[Vec<Entry<'_>>]) -> Report {
    let mut vocabulary = Vocabulary::default();
    let features: Vec<Vec<Features>> = themes
        .iter()
        .map(|t| {
            t.iter()
                .map(|e| Features::new(e, &mut vocabulary))
                .collect()
        })
        .collect();
    let length_model = length_model(&features);

    // First pass: lengths and anchors only.
    let first: Vec<Vec<(usize, usize)>> = features
        .iter()
        .map(|f| {
            dp(f.len(), FIRST_SKIP, |i, j| {
                base_cost(&f[i], &f[j], length_model)
            })
        })
        .collect();
    let sure: Vec<(&Features, &Features)> = features
        .iter()
        .zip(&first)
        .flat_map(|(f, pairs)| pairs.iter().map(move |&(i, j)| (&f[i], &f[j])))
        .filter(|(e, z)| base_cost(e, z, length_model) < 0.0)
        .collect();
    let all_zh: Vec<&Features> = features.iter().flatten().collect();
    let lexicon = Lexicon::learn(&sure, &all_zh);

    // The cost a pairing must stay under: the 5th percentile of the cost of pairing sentences
    // that are unrelated (each first-pass English sentence with the Chinese sentence seven
    // entries on), so that at most one unrelated pairing in twenty is accepted.
    let cost = |e: &Features, z: &Features| base_cost(e, z, length_model) + lexicon.cost(e, z);
    let mut unrelated: Vec<f64> = features
        .iter()
        .zip(&first)
        .flat_map(|(f, pairs)| {
            pairs
                .iter()
                .map(move |&(i, j)| (&f[i], &f[(j + UNRELATED) % f.len()]))
        })
        .map(|(e, z)| cost(e, z))
        .collect();
    unrelated.sort_by(f64::total_cmp);
    let skip = unrelated[unrelated.len() / 20] / 2.0;

    let pairs = features
        .iter()
        .map(|f| dp(f.len(), skip, |i, j| cost(&f[i], &f[j])))
        .collect();
    Report {
        pairs,
        length_model,
        first_pass: first.iter().map(Vec::len).sum(),
        learned_from: sure.len(),
        lexicon: lexicon.words.len(),
        skip,
    }
}

/// The cost of leaving a sentence unpaired in the first pass.
const FIRST_SKIP: f64 = 6.0;
/// How far, in entries, a pairing may stray from the diagonal.
const BAND: usize = 12;
/// The offset of the unrelated sentence the skip cost is calibrated on.
const UNRELATED: usize = 7;

/// English words too common to tell sentences apart.
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "its",
    "are",
    "was",
    "were",
    "has",
    "have",
    "that",
    "this",
    "from",
    "which",
    "also",
    "all",
    "other",
    "including",
    "into",
    "these",
    "those",
    "such",
    "been",
    "not",
    "more",
    "than",
    "their",
    "they",
    "will",
    "can",
    "well",
    "through",
    "well",
];

#[derive(Default)]
struct Vocabulary {
    words: HashMap<String, u32>,
    bigrams: HashMap<String, u32>,
}

fn intern(map: &mut HashMap<String, u32>, s: String) -> u32 {
    let next = map.len() as u32;
    *map.entry(s).or_insert(next)
}

/// What the cost of a pairing looks at, computed once per sentence.
struct Features {
    en_chars: usize,
    zh_chars: usize,
    en_numbers: BTreeSet<String>,
    zh_numbers: BTreeSet<String>,
    en_symbols: BTreeSet<String>,
    zh_symbols: BTreeSet<String>,
    en_latin: BTreeSet<String>,
    zh_latin: BTreeSet<String>,
    en_ending: char,
    zh_ending: char,
    /// Interned English words of the blanked sentence (sorted, distinct).
    en_words: Vec<u32>,
    /// Interned pairs of adjacent Chinese characters of the blanked sentence (sorted, distinct).
    zh_bigrams: Vec<u32>,
}

impl Features {
    fn new(e: &Entry<'_>, vocabulary: &mut Vocabulary) -> Features {
        let mut en_words: Vec<u32> = e
            .en_masked
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 2)
            .map(str::to_ascii_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()))
            .map(|w| intern(&mut vocabulary.words, w))
            .collect();
        en_words.sort_unstable();
        en_words.dedup();
        let mut zh_bigrams = Vec::new();
        let mut previous: Option<char> = None;
        for c in e.zh_masked.chars() {
            let han = ('\u{4e00}'..='\u{9fff}').contains(&c);
            if han && let Some(p) = previous {
                zh_bigrams.push(intern(&mut vocabulary.bigrams, format!("{p}{c}")));
            }
            previous = han.then_some(c);
        }
        zh_bigrams.sort_unstable();
        zh_bigrams.dedup();
        Features {
            en_chars: e.en.chars().count().max(1),
            zh_chars: e.zh.chars().count().max(1),
            en_numbers: numbers(e.en),
            zh_numbers: numbers(e.zh),
            en_symbols: symbols(e.en),
            zh_symbols: symbols(e.zh),
            en_latin: latin_words(e.en),
            zh_latin: latin_words(e.zh),
            en_ending: ending(e.en),
            zh_ending: ending(e.zh),
            en_words,
            zh_bigrams,
        }
    }
}

/// The numbers written in a sentence, with thousands separators ("108,080", "5 000") read as
/// one number: a signature for telling which sentences are translations of each other.
pub fn numbers(s: &str) -> BTreeSet<String> {
    static RUN: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"[0-9]+(?:[,\u{a0} ][0-9]+)*").expect("regex"));
    let mut out = BTreeSet::new();
    for m in RUN.find_iter(s) {
        let groups: Vec<&str> = m.as_str().split([',', '\u{a0}', ' ']).collect();
        if groups.len() > 1 && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3) {
            out.insert(groups.concat());
        } else {
            out.extend(groups.into_iter().map(str::to_string));
        }
    }
    out
}

/// Document symbols (E/2023/15, A/RES/77/160): written the same in both languages.
fn symbols(s: &str) -> BTreeSet<String> {
    static SYMBOL: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"[A-Z]+(?:/[A-Z0-9.()]+)+").expect("regex"));
    SYMBOL
        .find_iter(s)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// The words in Latin letters (two or more, lower-cased) of a sentence: the names, acronyms and
/// titles a Chinese sentence keeps in the original, which its English source must contain.
fn latin_words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| t.len() > 1)
        .map(str::to_ascii_lowercase)
        .collect()
}

/// How a sentence ends: comma (a preambular paragraph), semicolon (an operative one), full
/// stop, colon, question or exclamation mark, or none (a title), in either script.
fn ending(s: &str) -> char {
    let s = s
        .trim_end()
        .trim_end_matches(['”', '"', '’', ')', '）', ']']);
    match s.chars().next_back() {
        Some(',' | '，') => ',',
        Some(';' | '；') => ';',
        Some('.' | '。') => '.',
        Some(':' | '：') => ':',
        Some('?' | '？') => '?',
        Some('!' | '！') => '!',
        _ => ' ',
    }
}

/// The mean and standard deviation of ln(Chinese characters / English characters) over the
/// pairs, at offset 0 or 1, whose two sentences write the same two or more numbers: the length
/// model of the alignment, measured on the file rather than assumed.
fn length_model(themes: &[Vec<Features>]) -> (f64, f64) {
    let mut logs = Vec::new();
    for t in themes {
        for i in 0..t.len() {
            for shift in 0..=1.min(i) {
                let (en, zh) = (&t[i], &t[i - shift]);
                if en.en_numbers.len() >= 2 && en.en_numbers == zh.zh_numbers && en.en_chars > 20 {
                    logs.push((zh.zh_chars as f64 / en.en_chars as f64).ln());
                }
            }
        }
    }
    let n = logs.len().max(1) as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let var = logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt().max(0.05))
}

/// The cost of pairing the English of `e` with the Chinese of `z` from lengths and anchors: the
/// length ratio (Gale and Church: the squared z-score over two), the numbers and symbols both
/// write, the Latin words the Chinese keeps and how the two sentences end.
fn base_cost(e: &Features, z: &Features, (mean, sd): (f64, f64)) -> f64 {
    let ratio = (z.zh_chars as f64 / e.en_chars as f64).ln();
    let score = (ratio - mean) / sd;
    let mut cost = score * score / 2.0;
    let (ne, nz) = (&e.en_numbers, &z.zh_numbers);
    if !ne.is_empty() || !nz.is_empty() {
        if ne == nz {
            cost -= 4.0;
        } else {
            let shared = ne.intersection(nz).count() as f64;
            let jaccard = shared / ne.union(nz).count() as f64;
            cost += 4.0 * (1.0 - jaccard) - 2.0 * jaccard;
        }
    }
    if !e.en_symbols.is_empty() || !z.zh_symbols.is_empty() {
        cost += if e.en_symbols == z.zh_symbols {
            -4.0
        } else {
            4.0
        };
    }
    cost += if e.en_ending == z.zh_ending {
        -1.0
    } else {
        3.0
    };
    if !z.zh_latin.is_empty() {
        cost += if z.zh_latin.is_subset(&e.en_latin) {
            -2.0
        } else {
            2.0
        };
    }
    cost
}

/// English words and the Chinese character pairs that translate them, learned from sure pairs
/// by their Dice coefficient, each with the evidence (log-likelihood ratio, in nats) that
/// finding or missing a translation gives for a pairing.
struct Lexicon {
    words: HashMap<u32, Translations>,
}

struct Translations {
    bigrams: Vec<u32>,
    /// ln(P(found | translation) / P(found | unrelated)).
    found: f64,
    /// ln(P(missed | translation) / P(missed | unrelated)).
    missed: f64,
}

/// Least number of sure pairs a word and a character pair must share to be learned.
const MIN_SHARED: u32 = 3;
/// Least Dice coefficient of a learned word and character pair.
const MIN_DICE: f64 = 0.4;

impl Lexicon {
    fn learn(sure: &[(&Features, &Features)], all_zh: &[&Features]) -> Lexicon {
        let mut en_count: HashMap<u32, u32> = HashMap::new();
        let mut zh_count: HashMap<u32, u32> = HashMap::new();
        let mut shared: HashMap<(u32, u32), u32> = HashMap::new();
        for (e, z) in sure {
            for &w in &e.en_words {
                *en_count.entry(w).or_default() += 1;
                for &b in &z.zh_bigrams {
                    *shared.entry((w, b)).or_default() += 1;
                }
            }
            for &b in &z.zh_bigrams {
                *zh_count.entry(b).or_default() += 1;
            }
        }
        let mut candidates: HashMap<u32, Vec<u32>> = HashMap::new();
        for (&(w, b), &n) in &shared {
            let dice = 2.0 * f64::from(n) / f64::from(en_count[&w] + zh_count[&b]);
            if n >= MIN_SHARED && dice >= MIN_DICE {
                candidates.entry(w).or_default().push(b);
            }
        }
        let total = all_zh.len() as f64;
        let mut words = HashMap::new();
        for (w, mut bigrams) in candidates {
            bigrams.sort_unstable();
            let found_in = |z: &Features| {
                bigrams
                    .iter()
                    .any(|b| z.zh_bigrams.binary_search(b).is_ok())
            };
            let hits = sure
                .iter()
                .filter(|(e, z)| e.en_words.binary_search(&w).is_ok() && found_in(z))
                .count() as f64;
            let p1 = ((hits + 1.0) / (f64::from(en_count[&w]) + 2.0)).min(0.95);
            let p0 = (all_zh.iter().filter(|z| found_in(z)).count() as f64 + 1.0) / (total + 2.0);
            if p1 > p0 {
                let (found, missed) = ((p1 / p0).ln(), ((1.0 - p1) / (1.0 - p0)).ln());
                words.insert(
                    w,
                    Translations {
                        bigrams,
                        found,
                        missed,
                    },
                );
            }
        }
        Lexicon { words }
    }

    /// Minus the evidence of the lexicon that the English of `e` and the Chinese of `z`
    /// translate each other.
    fn cost(&self, e: &Features, z: &Features) -> f64 {
        let mut evidence = 0.0;
        for w in &e.en_words {
            if let Some(t) = self.words.get(w) {
                let found = t
                    .bigrams
                    .iter()
                    .any(|b| z.zh_bigrams.binary_search(b).is_ok());
                evidence += if found { t.found } else { t.missed };
            }
        }
        -evidence
    }
}

/// The cheapest alignment of `n` English with `n` Chinese entries by dynamic programming over
/// pairings (1-1) and skips (1-0, 0-1) within a band around the diagonal, as index pairs
/// (English entry, Chinese entry).
fn dp(n: usize, skip: f64, pair: impl Fn(usize, usize) -> f64) -> Vec<(usize, usize)> {
    let width = 2 * BAND + 1;
    // Cell (i, j) is stored at i * width + (j + BAND - i), for |i - j| <= BAND.
    let at =
        |i: usize, j: usize| (j + BAND >= i && j <= i + BAND).then(|| i * width + j + BAND - i);
    let mut cost = vec![f64::INFINITY; (n + 1) * width];
    let mut step = vec![(0u8, 0u8); (n + 1) * width];
    cost[at(0, 0).expect("origin")] = 0.0;
    for i in 0..=n {
        for j in i.saturating_sub(BAND)..=(i + BAND).min(n) {
            if i == 0 && j == 0 {
                continue;
            }
            let here = at(i, j).expect("in band");
            let mut best = (f64::INFINITY, (0, 0));
            let mut consider = |from: Option<usize>, extra: f64, s: (u8, u8)| {
                if let Some(f) = from
                    && cost[f] + extra < best.0
                {
                    best = (cost[f] + extra, s);
                }
            };
            if i > 0 && j > 0 {
                consider(at(i - 1, j - 1), pair(i - 1, j - 1), (1, 1));
            }
            if i > 0 {
                consider(at(i - 1, j), skip, (1, 0));
            }
            if j > 0 {
                consider(at(i, j - 1), skip, (0, 1));
            }
            cost[here] = best.0;
            step[here] = best.1;
        }
    }
    let (mut i, mut j, mut pairs) = (n, n, Vec::new());
    while i > 0 || j > 0 {
        let (a, b) = step[at(i, j).expect("on the path")];
        if (a, b) == (1, 1) {
            pairs.push((i - 1, j - 1));
        }
        if (a, b) == (0, 0) {
            break;
        }
        i -= usize::from(a);
        j -= usize::from(b);
    }
    pairs.reverse();
    pairs
}

#[test]
fn numbers_read_thousands_separators() {
    let found = numbers("108,080 children, 5 000 people; in 2021, 131 countries; 1.64 million");
    let expected = ["108080", "5000", "2021", "131", "1", "64"];
    assert_eq!(found, expected.map(String::from).into_iter().collect());
}

#[test]
fn blanking_keeps_byte_offsets() {
    let text = "儿基会和UNICEF";
    let masked = blank(text, [(0, 9), (12, 18)]);
    assert_eq!(masked.len(), text.len());
    assert_eq!(masked, format!("{}和{}", " ".repeat(9), " ".repeat(6)));
}
