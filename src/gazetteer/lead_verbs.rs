//! The lead verbs of UN resolutions in the six official languages, and the matcher that finds
//! the one heading a paragraph.
//!
//! Preambular paragraphs open with a participle or adjective ("Recalling", "Deeply concerned",
//! "ссылаясь на", "وإذ تشير إلى", "回顾") and operative paragraphs with a verb in the present
//! ("Decides", "Prie", "постановляет", "تقرر", "决定"). The verb says how the resolution uses what
//! the paragraph cites, so each form maps to an English lemma ("recall", "take note") and a CiTO
//! citation function (`citesAsAuthority`, `agreesWith`, ...). The table is data,
//! `data/lead_verbs.toml`, compiled into the binary and loaded once; every form carries an example
//! that the tests below check both ways.
//!
//! Owns: the table, its validation and the head-of-paragraph matcher. Must not know about
//! paragraphs, numbering or documents: callers pass the text of one paragraph with its number
//! removed, and decide for themselves whether the paragraph is preambular or operative (the
//! Chinese text, for one, cannot tell them apart by form).

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use serde::Deserialize;

use crate::text::Lang;

/// The table, as written.
const SOURCE: &str = include_str!("../../data/lead_verbs.toml");

/// The CiTO properties (local names) a lead verb may map to. `cites` is the neutral default.
const FUNCTIONS: [&str; 11] = [
    "cites",
    "citesAsAuthority",
    "citesForInformation",
    "agreesWith",
    "disagreesWith",
    "citesAsEvidence",
    "discusses",
    "usesDataFrom",
    "updates",
    "credits",
    "critiques",
];

/// How far into the normalised paragraph a search looks, in bytes. Longer than any head
/// limit plus the longest form, so that a form starting near the limit is seen whole.
const WINDOW: usize = 480;

/// The verb must start within this many bytes of the paragraph: about 120 bytes of Latin text,
/// the same number of letters of Cyrillic and Arabic (two bytes each), 40 Chinese characters.
fn head_limit(lang: Lang) -> usize {
    match lang {
        Lang::En | Lang::Fr | Lang::Es => 120,
        Lang::Ru | Lang::Ar => 240,
        Lang::Zh => 120,
    }
}

/// How many adverbials may be skipped before the verb ("Also, in this regard, strongly urges").
const MAX_SKIPS: usize = 4;

/// Preamble/operative tendency of a lead verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerbKind {
    /// Typically opens a preambular paragraph ("Recalling", "Deeply concerned").
    Preamble,
    /// Typically opens an operative paragraph ("Decides", "Requests").
    Operative,
    /// Used in both ("注意到", "欢迎"), or the form does not tell.
    Either,
}

/// A lead verb found at the head of a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeadVerbMatch {
    /// Byte offset of the verb's first byte in the given paragraph text.
    pub start: usize,
    /// Byte offset just past the verb phrase ("Recalling also", "又回顾",
    /// "Takes note with appreciation of"), excluding what follows.
    pub end: usize,
    /// English lemma, e.g. `"take note"`.
    pub lemma: &'static str,
    /// CiTO property local name, e.g. `"citesAsAuthority"`.
    pub function: &'static str,
    /// Whether this form typically opens a preambular or an operative paragraph.
    pub kind: VerbKind,
}

/// Finds the lead verb of a paragraph.
///
/// `text` is the paragraph with its number ("1.", "12.") already removed, possibly starting with
/// whitespace or Markdown emphasis. The verb is normally the first word(s); leading adverbials
/// are skipped ("In this regard, invites", "Dans ce contexte, invite", "在这方面邀请",
/// "Also requests", Arabic "و"/"إذ"/"كما" (so "وإذ"), Russian "также"/"вновь", Chinese
/// "又"/"还"/"再次"/"并"/"同时"). Only the head of the paragraph is looked at (about 120 bytes,
/// 40 Chinese characters). The longest form wins ("Takes note with appreciation of" over
/// "Takes note", "表示注意到" over "注意到"), and a trailing "also"/"également"/"أيضا" is taken
/// into the span. Matching ignores case, runs of whitespace and Arabic diacritics; Latin, Cyrillic
/// and Arabic forms must end at a word boundary ("Notes" does not match "Notwithstanding").
/// Returns `None` when no known verb heads the paragraph.
///
/// ```
/// use unkg::gazetteer::lead_verbs::{find_lead_verb, VerbKind};
/// use unkg::text::Lang;
///
/// # fn main() -> Result<(), &'static str> {
/// let text = "Takes note with appreciation of the work of the Inter-Parliamentary Union";
/// let m = find_lead_verb(Lang::En, text).ok_or("no lead verb")?;
/// assert_eq!((m.lemma, m.function), ("take note", "agreesWith"));
/// assert_eq!(&text[m.start..m.end], "Takes note with appreciation of");
///
/// let m = find_lead_verb(Lang::Zh, "在这方面邀请各国议会联盟与其他相关组织合作").ok_or("no lead verb")?;
/// assert_eq!((m.lemma, m.start), ("invite", "在这方面".len()));
///
/// let m = find_lead_verb(Lang::Ar, "وإذ تشير أيضا إلى قرارها 57/32").ok_or("no lead verb")?;
/// assert_eq!((m.lemma, m.kind), ("recall", VerbKind::Preamble));
///
/// assert_eq!(find_lead_verb(Lang::En, "Notwithstanding paragraph 2"), None);
/// # Ok(())
/// # }
/// ```
pub fn find_lead_verb(lang: Lang, text: &str) -> Option<LeadVerbMatch> {
    let table = TABLE.as_ref().ok()?;
    table.languages[lang_index(lang)].find(table, lang, text)
}

/// Every form of every language, for tests and for other tables: (lang, form text, lemma).
pub fn forms() -> impl Iterator<Item = (Lang, &'static str, &'static str)> {
    TABLE.as_ref().ok().into_iter().flat_map(|table| {
        table.forms.iter().map(|form| {
            (
                form.lang,
                form.text.as_str(),
                table.verbs[form.verb].lemma.as_str(),
            )
        })
    })
}

// ---------------------------------------------------------------------------------------------
// The table as written in TOML.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    verb: Vec<RawVerb>,
    #[serde(default)]
    adverbial: Vec<RawAdverbial>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVerb {
    lemma: String,
    function: String,
    kind: VerbKind,
    form: Vec<RawForm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    lang: String,
    text: String,
    #[serde(default)]
    kind: Option<VerbKind>,
    #[serde(default)]
    function: Option<String>,
    example: String,
    source: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Position {
    /// Stands before the verb and is skipped ("Also", "在这方面", "إذ").
    Before,
    /// Follows the verb and is taken into its span ("également", "أيضا").
    After,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdverbial {
    lang: String,
    text: String,
    position: Position,
    /// Written without a space before the next word (the Arabic conjunction "و").
    #[serde(default)]
    attached: bool,
    example: String,
    source: String,
}

/// Why the table could not be loaded. Only a broken `data/lead_verbs.toml` gets here, and the
/// tests load the table, so a release never sees one.
#[derive(Debug, thiserror::Error)]
enum TableError {
    #[error("lead verb table does not parse: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("lead verb {lemma:?} has unknown citation function {function:?}")]
    UnknownFunction { lemma: String, function: String },
    #[error("lead verb {lemma:?} has a form in unknown language {lang:?}")]
    UnknownLang { lemma: String, lang: String },
    #[error("lead verb {lemma:?} has a form {text:?} that is empty once normalised")]
    EmptyForm { lemma: String, text: String },
    #[error("adverbial {text:?} ({lang}) is empty or in an unknown language")]
    BadAdverbial { lang: String, text: String },
    #[error("lead verb matcher for {lang} cannot be built: {source}")]
    Matcher {
        lang: Lang,
        source: aho_corasick::BuildError,
    },
}

// ---------------------------------------------------------------------------------------------
// The compiled table.

struct Verb {
    lemma: String,
    function: String,
    kind: VerbKind,
}

struct Form {
    lang: Lang,
    text: String,
    verb: usize,
    kind: Option<VerbKind>,
    function: Option<String>,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "documents the form; read by the tests")
    )]
    example: String,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "documents the form; read by the tests")
    )]
    source: String,
}

struct Adverbial {
    lang: Lang,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "kept for error messages in the tests")
    )]
    text: String,
    /// `text` normalised.
    norm: String,
    position: Position,
    attached: bool,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "documents the adverbial; read by the tests")
    )]
    example: String,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "documents the adverbial; read by the tests")
    )]
    source: String,
}

struct Table {
    verbs: Vec<Verb>,
    forms: Vec<Form>,
    adverbials: Vec<Adverbial>,
    /// Indexed by [`lang_index`].
    languages: Vec<Matcher>,
}

/// The forms and adverbials of one language.
struct Matcher {
    /// Normalised forms; pattern `i` is form `form_ids[i]`.
    automaton: AhoCorasick,
    form_ids: Vec<usize>,
    longest: usize,
    /// How far past a candidate position of the verb the search reads the normalised text, at
    /// most: the longest form or preceding adverbial, two trailing adverbials with their
    /// spaces, and the character after each (four bytes at most).
    reach: usize,
    /// The first words of every form and every adverbial that may precede one, when all begin
    /// with an ASCII letter: a text whose first word is none of them holds no lead verb, which
    /// is told without normalising it (most lines of a document).
    first_words: Option<HashSet<String>>,
    /// The first character of every form and every adverbial that may precede one, sorted: a
    /// verb begins where the normalised text does, or after such adverbials, so a text whose
    /// first character is none of them holds no lead verb (in any script).
    first_chars: Vec<char>,
    /// The first two characters of every such form and adverbial of two or more, sorted, and
    /// the forms and adverbials of one character: the same test one character further
    /// ([`first_pair`]), which most lines that pass the first fail.
    first_pairs: Vec<(char, char)>,
    single_chars: Vec<char>,
    /// Indices into `Table::adverbials`.
    before: Vec<usize>,
    after: Vec<usize>,
}

static TABLE: LazyLock<Result<Table, TableError>> = LazyLock::new(|| load(SOURCE));

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Ar => 0,
        Lang::Zh => 1,
        Lang::En => 2,
        Lang::Fr => 3,
        Lang::Ru => 4,
        Lang::Es => 5,
    }
}

fn load(source: &str) -> Result<Table, TableError> {
    let raw: RawTable = toml::from_str(source)?;
    let mut verbs = Vec::with_capacity(raw.verb.len());
    let mut forms = Vec::new();
    for (index, verb) in raw.verb.into_iter().enumerate() {
        for function in
            std::iter::once(&verb.function).chain(verb.form.iter().flat_map(|f| &f.function))
        {
            if !FUNCTIONS.contains(&function.as_str()) {
                return Err(TableError::UnknownFunction {
                    lemma: verb.lemma,
                    function: function.clone(),
                });
            }
        }
        for form in verb.form {
            let lang = form
                .lang
                .parse::<Lang>()
                .map_err(|_| TableError::UnknownLang {
                    lemma: verb.lemma.clone(),
                    lang: form.lang.clone(),
                })?;
            if Normalized::new(lang, &form.text).text.is_empty() {
                return Err(TableError::EmptyForm {
                    lemma: verb.lemma.clone(),
                    text: form.text,
                });
            }
            forms.push(Form {
                lang,
                text: form.text,
                verb: index,
                kind: form.kind,
                function: form.function,
                example: form.example,
                source: form.source,
            });
        }
        verbs.push(Verb {
            lemma: verb.lemma,
            function: verb.function,
            kind: verb.kind,
        });
    }
    let mut adverbials = Vec::with_capacity(raw.adverbial.len());
    for adverbial in raw.adverbial {
        let bad = || TableError::BadAdverbial {
            lang: adverbial.lang.clone(),
            text: adverbial.text.clone(),
        };
        let lang = adverbial.lang.parse::<Lang>().map_err(|_| bad())?;
        let norm = Normalized::new(lang, &adverbial.text).text;
        if norm.is_empty() {
            return Err(bad());
        }
        adverbials.push(Adverbial {
            lang,
            text: adverbial.text,
            norm,
            position: adverbial.position,
            attached: adverbial.attached,
            example: adverbial.example,
            source: adverbial.source,
        });
    }
    let mut languages = Vec::with_capacity(Lang::ALL.len());
    for lang in [Lang::Ar, Lang::Zh, Lang::En, Lang::Fr, Lang::Ru, Lang::Es] {
        debug_assert_eq!(lang_index(lang), languages.len());
        let form_ids: Vec<usize> = (0..forms.len())
            .filter(|&i| forms[i].lang == lang)
            .collect();
        let patterns: Vec<String> = form_ids
            .iter()
            .map(|&i| Normalized::new(lang, &forms[i].text).text)
            .collect();
        // Forms are only ever looked for at one position: an anchored, leftmost-longest search
        // there reads no further than the longest form that the text begins with.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .map_err(|source| TableError::Matcher { lang, source })?;
        let longest = patterns.iter().map(String::len).max().unwrap_or(0);
        let of = |position| {
            let mut ids: Vec<usize> = (0..adverbials.len())
                .filter(|&i| adverbials[i].lang == lang && adverbials[i].position == position)
                .collect();
            // Longer adverbials first, so "once again" is tried before "again".
            ids.sort_by_key(|&i| std::cmp::Reverse(adverbials[i].norm.len()));
            ids
        };
        let before = of(Position::Before);
        let after = of(Position::After);
        let widest = |ids: &[usize]| {
            ids.iter()
                .map(|&i| adverbials[i].norm.len())
                .max()
                .unwrap_or(0)
        };
        let reach = longest.max(widest(&before)) + 2 * (1 + widest(&after)) + 16;
        let first_words = patterns
            .iter()
            .map(String::as_str)
            .chain(before.iter().map(|&i| adverbials[i].norm.as_str()))
            .map(|t| {
                let word: String = t.chars().take_while(char::is_ascii_alphabetic).collect();
                // `may_start` reads words of up to 32 letters.
                (!word.is_empty() && word.len() <= 32).then_some(word)
            })
            .collect::<Option<HashSet<String>>>();
        let mut first_chars: Vec<char> = patterns
            .iter()
            .map(String::as_str)
            .chain(before.iter().map(|&i| adverbials[i].norm.as_str()))
            .filter_map(|t| t.chars().next())
            .collect();
        first_chars.sort_unstable();
        first_chars.dedup();
        let mut first_pairs = Vec::new();
        let mut single_chars = Vec::new();
        for t in patterns
            .iter()
            .map(String::as_str)
            .chain(before.iter().map(|&i| adverbials[i].norm.as_str()))
        {
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                (Some(a), Some(b)) => first_pairs.push((a, b)),
                (Some(a), None) => single_chars.push(a),
                _ => {}
            }
        }
        first_pairs.sort_unstable();
        first_pairs.dedup();
        single_chars.sort_unstable();
        single_chars.dedup();
        languages.push(Matcher {
            automaton,
            form_ids,
            longest,
            reach,
            first_words,
            first_chars,
            first_pairs,
            single_chars,
            before,
            after,
        });
    }
    Ok(Table {
        verbs,
        forms,
        adverbials,
        languages,
    })
}

impl Matcher {
    fn find(&self, table: &'static Table, lang: Lang, text: &str) -> Option<LeadVerbMatch> {
        self.find_bounded(table, lang, text, true)
    }

    /// [`Matcher::find`], normalising the whole window when `bounded` is false.
    fn find_bounded(
        &self,
        table: &'static Table,
        lang: Lang,
        text: &str,
        bounded: bool,
    ) -> Option<LeadVerbMatch> {
        if let Some(words) = &self.first_words
            && !may_start(words, text)
        {
            return None;
        }
        if first_normalised(text).is_none_or(|c| self.first_chars.binary_search(&c).is_err()) {
            return None;
        }
        // (Not when normalising the whole window: the test that compares the two checks this
        // filter too.)
        if bounded
            && let Some((a, Some(b))) = first_pair(lang, text)
            && self.single_chars.binary_search(&a).is_err()
            && self.first_pairs.binary_search(&(a, b)).is_err()
        {
            return None;
        }
        let window = &text[..text.floor_char_boundary(WINDOW)];
        let limit = head_limit(lang);
        // Normalisation reads one character at a time, so a shorter stretch of the window
        // normalises to a prefix of the whole: the search, which starts only at positions whose
        // original start is within `limit` and reads at most `reach` bytes past them, cannot
        // tell the two apart. So the window is normalised only as far as the positions tried
        // so far need (most lines: one position, `reach` bytes).
        let ahead = self.reach + 4;
        // Room for what one position needs, so that a line is normalised without regrowing.
        let room = window.len().min(limit + 2 * ahead);
        let mut norm = Normalized {
            text: String::with_capacity(room),
            starts: Vec::with_capacity(room),
            ends: Vec::with_capacity(room),
            done: 0,
        };
        if !bounded {
            norm.extend(lang, window, usize::MAX);
        }
        // Past filler at `pos`, normalising on while the filler runs on within `limit`.
        let past_filler = |norm: &mut Normalized, pos: usize, after_adverbial: bool| loop {
            let next = skip_filler(&norm.text, pos, after_adverbial);
            if next < norm.text.len() || norm.done >= window.len() || norm.done > limit {
                return next;
            }
            norm.extend(lang, window, next + ahead);
        };
        // Candidate positions of the verb: the start of the text, then the position after each
        // adverbial that can be skipped there. Of the forms found at these positions the one
        // reaching furthest wins, and of equally long ones the one starting first: "Deeply
        // concerned" stays whole, "Deeply regrets" is found as "regrets", and "还表示严重关切" is
        // "表示严重关切" after "还" rather than the shorter "还表示". A clitic glued to the verb
        // (Arabic "و") stays in the span, which so always covers whole words.
        let start = past_filler(&mut norm, 0, false);
        // (position, span start, adverbials skipped), normalised offsets.
        let mut queue = vec![(start, start, 0)];
        let mut visited: Vec<usize> = Vec::new();
        let mut best: Option<(usize, usize, usize)> = None; // (form, start, end), normalised
        while let Some((pos, start, skipped)) = queue.pop() {
            norm.extend(lang, window, pos.saturating_add(ahead));
            if visited.contains(&pos) || pos >= norm.text.len() || norm.original_start(pos) > limit
            {
                continue;
            }
            visited.push(pos);
            if let Some((form, end)) = self.longest_form_at(table, lang, &norm, text, pos) {
                let end = self.take_trailing(table, lang, &norm, text, end);
                if best.is_none_or(|(_, s, e)| end > e || (end == e && start < s)) {
                    best = Some((form, start, end));
                }
            }
            if skipped == MAX_SKIPS {
                continue;
            }
            for &id in &self.before {
                let adverbial = &table.adverbials[id];
                let Some(rest) = norm.text.get(pos..) else {
                    continue;
                };
                if !rest.starts_with(adverbial.norm.as_str()) {
                    continue;
                }
                let after = pos + adverbial.norm.len();
                if adverbial.attached {
                    // A clitic is glued to the next word: it must be followed by a letter.
                    let next = norm.text.get(after..).and_then(|r| r.chars().next());
                    if next.is_some_and(char::is_alphabetic) {
                        queue.push((after, start, skipped + 1));
                    }
                } else if at_boundary(lang, &norm, text, after) {
                    let next = past_filler(&mut norm, after, true);
                    queue.push((next, next, skipped + 1));
                }
            }
        }
        let (form, start, end) = best?;
        let form = &table.forms[form];
        let verb = &table.verbs[form.verb];
        Some(LeadVerbMatch {
            start: norm.original_start(start),
            end: norm.original_end(end, text),
            lemma: verb.lemma.as_str(),
            function: form.function.as_deref().unwrap_or(verb.function.as_str()),
            kind: form.kind.unwrap_or(verb.kind),
        })
    }

    /// The longest form starting exactly at `pos` and ending at a word boundary, as (form index,
    /// normalised end).
    fn longest_form_at(
        &self,
        table: &Table,
        lang: Lang,
        norm: &Normalized,
        text: &str,
        pos: usize,
    ) -> Option<(usize, usize)> {
        let end = norm
            .text
            .floor_char_boundary(pos.saturating_add(self.longest));
        let haystack = norm.text.get(pos..end)?;
        // The longest form here; when it fails the word-boundary test ("Notes" in "Notesx"),
        // the longest one ending before it, and so on.
        let mut limit = haystack.len();
        loop {
            let input = Input::new(haystack).span(0..limit).anchored(Anchored::Yes);
            let found = self.automaton.try_find(input).ok()??;
            if at_boundary(lang, norm, text, pos + found.end()) {
                let form = self.form_ids.get(found.pattern().as_usize()).copied()?;
                debug_assert_eq!(table.forms[form].lang, lang);
                return Some((form, pos + found.end()));
            }
            limit = found.end().checked_sub(1)?;
        }
    }

    /// Extends a verb's end over a following "also" ("Prie également", "تطلب أيضا").
    fn take_trailing(
        &self,
        table: &Table,
        lang: Lang,
        norm: &Normalized,
        text: &str,
        end: usize,
    ) -> usize {
        let mut end = end;
        for _ in 0..2 {
            let Some(rest) = norm.text.get(end..).and_then(|r| r.strip_prefix(' ')) else {
                return end;
            };
            let next = self
                .after
                .iter()
                .map(|&id| &table.adverbials[id].norm)
                .find(|a| {
                    rest.starts_with(a.as_str()) && at_boundary(lang, norm, text, end + 1 + a.len())
                });
            match next {
                Some(a) => end += 1 + a.len(),
                None => return end,
            }
        }
        end
    }
}

/// True when normalised offset `pos` ends a word: Chinese has no word boundaries; elsewhere the
/// next character must not be a letter or digit.
fn at_boundary(lang: Lang, norm: &Normalized, text: &str, pos: usize) -> bool {
    if lang == Lang::Zh {
        return true;
    }
    let next = match norm.text.get(pos..).and_then(|rest| rest.chars().next()) {
        Some(c) => Some(c),
        // Past the end of the window: look at the original text that follows.
        None => text
            .get(norm.original_end(pos, text)..)
            .and_then(|rest| rest.chars().find(|&c| !ignorable(c))),
    };
    !next.is_some_and(char::is_alphanumeric)
}

/// Skips whitespace and Markdown/bullet characters at `pos`, and after an adverbial also the
/// punctuation that sets it off ("In this regard, invites", "在这方面，邀请").
fn skip_filler(norm: &str, pos: usize, after_adverbial: bool) -> usize {
    let Some(rest) = norm.get(pos..) else {
        return pos;
    };
    let skipped: usize = rest
        .chars()
        .take_while(|&c| {
            is_filler(c) || (after_adverbial && matches!(c, ',' | '，' | '、' | ':' | '：' | '،'))
        })
        .map(char::len_utf8)
        .sum();
    pos + skipped
}

// ---------------------------------------------------------------------------------------------
// Normalisation: what makes "Réaffirmant" match "réaffirmant", "Prend\u{a0}note" match
// "Prend note" and "أيضاً" match "أيضا", while every position still maps back to the original.

/// Characters that normalisation drops: soft hyphen, zero-width and bidi controls, the Arabic
/// tatweel and Arabic vowel marks.
fn ignorable(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{feff}'
        | '\u{640}' | '\u{64b}'..='\u{65f}' | '\u{670}')
}

/// Folds spelling variants that UN texts mix: Arabic hamza-carrying alefs and final yeh forms,
/// Persian-coded yeh and kaf, Russian ё, typographic apostrophes and hyphens.
fn fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        'ё' => 'е',
        '\u{2019}' | '\u{2018}' | '\u{2bc}' | '\u{2032}' | '`' | '\u{b4}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        c => c,
    }
}

/// Whether `text`, once normalised, may begin with one of `words` (ASCII words, lower case):
/// false only when its first word, read as normalisation would read it, is plain ASCII and
/// none of them. Anything normalisation could change (a letter beyond ASCII, a dropped
/// character inside the word) answers true, leaving the decision to the matcher.
fn may_start(words: &HashSet<String>, text: &str) -> bool {
    let mut chars = text.chars().map(fold).peekable();
    while chars
        .next_if(|&c| c.is_whitespace() || ignorable(c) || is_filler(c))
        .is_some()
    {}
    // The word on the stack: one longer than the buffer is none of the first words (all short).
    let mut buf = [0u8; 32];
    let mut len = 0;
    while let Some(c) = chars.next_if(char::is_ascii_alphabetic) {
        if let Some(b) = buf.get_mut(len) {
            *b = c.to_ascii_lowercase() as u8;
        }
        len += 1;
    }
    let word = buf
        .get(..len)
        .and_then(|w| std::str::from_utf8(w).ok())
        .unwrap_or("\u{0}");
    match chars.peek() {
        _ if len == 0 => true,
        Some(&c) if c.is_alphanumeric() || ignorable(c) => true,
        _ => words.contains(word),
    }
}

/// Marks that may open a paragraph before its first word (list bullets, Markdown emphasis).
/// The first character of `text` once normalised and past the filler that the search skips.
fn first_normalised(text: &str) -> Option<char> {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !ignorable(c))
        .map(lower)
        .find(|&c| !is_filler(c))
}

/// The first two characters of `text` as normalisation writes them past the filler the search
/// skips at the start (the second `None` where the text ends after the first); `None` where
/// normalisation would write one of them as two characters.
fn first_pair(lang: Lang, text: &str) -> Option<(char, Option<char>)> {
    let one = |c: char| (c.to_lowercase().len() == 1).then(|| lower(c));
    let mut chars = text.chars().filter(|&c| !ignorable(c));
    let first = loop {
        let c = chars.next()?;
        if c.is_whitespace() {
            continue;
        }
        let l = one(c)?;
        if !is_filler(l) {
            break l;
        }
    };
    for c in chars {
        if c.is_whitespace() {
            // Chinese drops spaces; elsewhere a run of them is one.
            if lang != Lang::Zh {
                return Some((first, Some(' ')));
            }
            continue;
        }
        return Some((first, Some(one(c)?)));
    }
    Some((first, None))
}

/// Whether `c` has no case, told without asking the Unicode tables: Arabic letters, CJK
/// punctuation and ideographs, full-width punctuation.
fn caseless(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{6ff}' | '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ff0f}')
}

/// `c` lower-cased (its first character, for the few with two) and folded.
fn lower(c: char) -> char {
    if c.is_ascii() {
        fold(c.to_ascii_lowercase())
    } else if caseless(c) {
        fold(c)
    } else {
        fold(c.to_lowercase().next().unwrap_or(c))
    }
}

fn is_filler(c: char) -> bool {
    matches!(c, ' ' | '*' | '_' | '#' | '>' | '•' | '·' | '-' | '–' | '—')
}

/// A normalised copy of a text with, for every byte of it, the byte range of the original
/// character it came from.
#[derive(Default)]
struct Normalized {
    text: String,
    /// Original start of the character that produced each normalised byte.
    starts: Vec<usize>,
    /// Original end of the character that produced each normalised byte.
    ends: Vec<usize>,
    /// How many bytes of the original have been read.
    done: usize,
}

impl Normalized {
    fn new(lang: Lang, original: &str) -> Self {
        let mut norm = Normalized::default();
        norm.extend(lang, original, usize::MAX);
        norm
    }

    /// Normalises more of `original` (the same text as before), until the normalised text is
    /// at least `len` bytes long or the original ends.
    fn extend(&mut self, lang: Lang, original: &str, len: usize) {
        if self.text.len() >= len {
            return;
        }
        let Some(rest) = original.get(self.done..) else {
            return;
        };
        let from = self.done;
        for (i, c) in rest.char_indices() {
            let start = from + i;
            let end = start + c.len_utf8();
            // ASCII letters and digits need no folding: the common case, kept cheap.
            if c.is_ascii_alphanumeric() {
                self.push(c.to_ascii_lowercase(), start, end);
            } else if c.is_whitespace() {
                // Chinese is written without spaces, and PDF extraction puts stray ones in it.
                if lang != Lang::Zh && !self.text.is_empty() && !self.text.ends_with(' ') {
                    self.push(' ', start, end);
                }
            } else if ignorable(c) {
                // Dropped.
            } else if c.is_ascii() || caseless(c) {
                self.push(lower(c), start, end);
            } else {
                for l in c.to_lowercase() {
                    self.push(fold(l), start, end);
                }
            }
            if self.text.len() >= len {
                self.done = end;
                return;
            }
        }
        self.done = original.len();
    }

    /// Appends `c`, produced by the original range `start..end`.
    #[inline]
    fn push(&mut self, c: char, start: usize, end: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.starts.push(start);
            self.ends.push(end);
        }
    }

    /// Original offset of normalised offset `pos` (the start of the text's remainder when `pos`
    /// is at the end).
    fn original_start(&self, pos: usize) -> usize {
        self.starts
            .get(pos)
            .copied()
            .unwrap_or_else(|| self.ends.last().copied().unwrap_or(0))
    }

    /// Original offset just past normalised range `..pos`, extended over dropped characters
    /// that belong to the last letter (an Arabic vowel mark after it, say).
    fn original_end(&self, pos: usize, original: &str) -> usize {
        let end = match pos.checked_sub(1) {
            Some(last) => self.ends.get(last).copied().unwrap_or(original.len()),
            None => 0,
        };
        let trailing: usize = original
            .get(end..)
            .map(|rest| {
                rest.chars()
                    .take_while(|&c| ignorable(c))
                    .map(char::len_utf8)
                    .sum()
            })
            .unwrap_or(0);
        end + trailing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> &'static Table {
        match TABLE.as_ref() {
            Ok(table) => table,
            Err(e) => panic!("{e}"),
        }
    }

    /// Normalising only what the search reads finds what normalising the whole window finds,
    /// on every line and paragraph of the corpus.
    #[test]
    fn bounded_normalisation_finds_the_same() {
        let table = table();
        let mut checked = 0;
        for (lang, path, text) in crate::text::corpus_texts() {
            let matcher = &table.languages[lang_index(lang)];
            let starts = text
                .match_indices('\n')
                .map(|(i, _)| i + 1)
                .filter(|&i| i < text.len());
            for i in std::iter::once(0).chain(starts) {
                let rest = &text[i..];
                let rest = &rest[..rest.floor_char_boundary(2 * WINDOW)];
                let got = matcher.find_bounded(table, lang, rest, true);
                let want = matcher.find_bounded(table, lang, rest, false);
                assert_eq!(got, want, "{}: {rest:?}", path.display());
                checked += 1;
            }
        }
        eprintln!("{checked} lines checked");
    }

    fn norm(lang: Lang, s: &str) -> String {
        Normalized::new(lang, s).text
    }

    fn lemma(lang: Lang, text: &str) -> Option<&'static str> {
        find_lead_verb(lang, text).map(|m| m.lemma)
    }

    #[test]
    fn table_loads_and_is_large() {
        let table = table();
        assert!(table.verbs.len() >= 90, "{} lemmas", table.verbs.len());
        for lang in Lang::ALL {
            let n = table.forms.iter().filter(|f| f.lang == lang).count();
            assert!(n >= 60, "{lang}: {n} forms");
        }
        assert_eq!(forms().count(), table.forms.len());
    }

    #[test]
    fn functions_and_sources_are_known() {
        let table = table();
        for verb in &table.verbs {
            assert!(
                FUNCTIONS.contains(&verb.function.as_str()),
                "{}",
                verb.lemma
            );
        }
        for form in &table.forms {
            if let Some(f) = &form.function {
                assert!(FUNCTIONS.contains(&f.as_str()), "{}", form.text);
            }
            assert!(
                form.source == "un-conventions"
                    || form.source.starts_with(&format!("{}/", form.lang))
                    || form.source.starts_with("corpus-large/en/"),
                "{}: source {:?}",
                form.text,
                form.source
            );
        }
    }

    /// True when `span` is `form`, possibly after a clitic ("و") and before one trailing
    /// adverbial ("Prie également").
    fn is_form_span(table: &Table, lang: Lang, form: &str, span: &str) -> bool {
        let (form, span) = (norm(lang, form), norm(lang, span));
        let of = |position: Position, attached: bool| {
            table
                .adverbials
                .iter()
                .filter(move |a| a.lang == lang && a.position == position && a.attached == attached)
        };
        let spans = std::iter::once(span.as_str())
            .chain(of(Position::Before, true).filter_map(|a| span.strip_prefix(a.norm.as_str())));
        spans.into_iter().any(|span| {
            span == form || of(Position::After, false).any(|a| span == format!("{form} {}", a.norm))
        })
    }

    /// Every form finds its lemma in its own example, as exactly that form: patterns and
    /// examples are checked both ways.
    #[test]
    fn every_form_matches_its_example() {
        let table = table();
        let mut failures = Vec::new();
        for form in &table.forms {
            let verb = &table.verbs[form.verb];
            let lang = form.lang;
            if !norm(lang, &form.example).contains(&norm(lang, &form.text)) {
                failures.push(format!(
                    "{lang} {:?}: example {:?} lacks the form",
                    form.text, form.example
                ));
                continue;
            }
            match find_lead_verb(lang, &form.example) {
                Some(m)
                    if m.lemma == verb.lemma
                        && is_form_span(table, lang, &form.text, &form.example[m.start..m.end]) => {
                }
                Some(m) => failures.push(format!(
                    "{lang} {:?} ({}): example {:?} gives {:?} ({})",
                    form.text,
                    verb.lemma,
                    form.example,
                    &form.example[m.start..m.end],
                    m.lemma
                )),
                None => failures.push(format!(
                    "{lang} {:?}: nothing found in {:?}",
                    form.text, form.example
                )),
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn no_form_has_two_lemmas() {
        let table = table();
        let mut seen: std::collections::HashMap<(Lang, String), &str> =
            std::collections::HashMap::new();
        let mut failures = Vec::new();
        for form in &table.forms {
            let lemma = table.verbs[form.verb].lemma.as_str();
            let key = (form.lang, norm(form.lang, &form.text));
            if let Some(other) = seen.insert(key, lemma) {
                failures.push(format!(
                    "{} {:?}: {other} and {lemma}",
                    form.lang, form.text
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_adverbial_works_in_its_example() {
        let table = table();
        let mut failures = Vec::new();
        for adverbial in &table.adverbials {
            let lang = adverbial.lang;
            let example = &adverbial.example;
            let Some(m) = find_lead_verb(lang, example) else {
                failures.push(format!(
                    "{lang} {:?}: nothing found in {example:?}",
                    adverbial.text
                ));
                continue;
            };
            let span = norm(lang, &example[m.start..m.end]);
            let ok = match (adverbial.position, adverbial.attached) {
                (Position::Before, false) => {
                    norm(lang, &example[..m.start]).contains(&adverbial.norm)
                }
                (Position::Before, true) => span.starts_with(&adverbial.norm),
                (Position::After, _) => span.ends_with(&adverbial.norm),
            };
            if !ok {
                failures.push(format!(
                    "{lang} {:?}: example {example:?} gives {:?}",
                    adverbial.text,
                    &example[m.start..m.end]
                ));
            }
            assert!(!adverbial.source.is_empty());
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// The operative paragraphs of the Chinese A/RES/79/319 (zh/A_RES_79_319.md), as they start,
    /// with the lemmas the development gold accepts for each.
    const ZH_79_319: [(&str, &[&str]); 31] = [
        (
            "**欢迎**各国议会联盟为继续更系统地切实与联合国开展互动协作所采取的行动",
            &["welcome"],
        ),
        (
            "**鼓励**联合国和各国议会联盟继续在各个领域密切合作",
            &["encourage"],
        ),
        (
            "**又鼓励**联合国和各国议会联盟加强合作，为此让议员参与各种努力",
            &["encourage"],
        ),
        (
            "**欢迎**各国议会联盟联合国事务常设委员会开展工作",
            &["welcome"],
        ),
        (
            "**鼓励**各国议会联盟继续积极参与，通过多方利益攸关方伙伴关系等方式",
            &["encourage"],
        ),
        (
            "**邀请**各国议会和政府支持最不发达国家技术库努力弥合数字鸿沟",
            &["invite"],
        ),
        (
            "**欢迎**各国议会联盟努力与各国议会合作，按照最近 2022 年 3 月 24 日",
            &["welcome"],
        ),
        (
            "**又欢迎**各国议会联盟为促进全民健康覆盖和应对公共卫生突发事件",
            &["welcome"],
        ),
        (
            "**注意到**各国议会联盟与联合国密切合作组办题为“动荡的世界",
            &["note", "take note"],
        ),
        (
            "**欢迎**酌情在本国出席联合国主要会议和活动的代表团成员中包括议员",
            &["welcome"],
        ),
        (
            "**邀请**会员国进一步考虑如何与各国议会联盟开展经常性合作",
            &["invite"],
        ),
        (
            "**欢迎**在联合国举行的联合国-各国议会联盟联合议会听证会",
            &["welcome"],
        ),
        (
            "**鼓励**会员国进一步扩大配合联合国主要会议和进程召开议会会议的做法",
            &["encourage"],
        ),
        (
            "**欢迎**各国议会和各国议会联盟对人权理事会和人权条约机构工作作出更大贡献",
            &["welcome"],
        ),
        (
            "**鼓励**联合国促进性别平等和增强妇女权能署(妇女署)及联合国系统其他相关机构",
            &["encourage"],
        ),
        (
            "**欢迎**各国议会联盟对可持续发展高级别政治论坛作出贡献",
            &["welcome"],
        ),
        (
            "**鼓励**会员国始终如一地让议会参与整个自愿国别评估进程",
            &["encourage"],
        ),
        (
            "**邀请**各国议会联盟和联合国系统相关机构继续并加强合作",
            &["invite"],
        ),
        (
            "**欢迎**各国议会联盟、联合国毒品和犯罪问题办公室及反恐怖主义办公室开展联合活动",
            &["welcome"],
        ),
        (
            "**赞赏地注意到**各国议会联盟及其成员议会为促进批准和执行联合国裁军和不扩散条约",
            &["note", "take note"],
        ),
        (
            "**鼓励**联合国和各国议会联盟同各国议会在国家和区域两级开展更密切的合作",
            &["encourage"],
        ),
        ("**鼓励**联合国应会员国请求与它们合作", &["encourage"]),
        (
            "**认识到**青年的贡献对于充分和成功执行《2030 年议程》十分重要",
            &["recognize", "recognise"],
        ),
        (
            "**表示注意到**《支持议会共同原则》由各国议会联盟和联合国开发计划署牵头拟订",
            &["take note", "note"],
        ),
        (
            "**促请**联合国国家工作队在其任务规定范围内并应国家主管部门的请求",
            &["urge", "call upon", "call"],
        ),
        (
            "**促请**联合国各实体更加系统地利用各国议会联盟及其成员议会拥有的独特专门知识",
            &["urge", "call upon", "call"],
        ),
        (
            "**鼓励**秘书长吸收议员特别是发展中国家议员参加多利益攸关方高级别咨询小组",
            &["encourage"],
        ),
        (
            "**呼吁**联合国和各国议会联盟的高级官员在政治和业务层面定期举行年度交流和会议",
            &["call", "call for", "call upon"],
        ),
        (
            "**鼓励**联合国系统在其报告和战略计划草案中更系统地反映议会的作用和贡献",
            &["encourage"],
        ),
        (
            "**回顾**每年 6 月 30 日纪念国际议会制度日、每年 9 月 15 日纪念国际民主日的决定",
            &["recall"],
        ),
        (
            "**表示注意到**秘书长的报告，<sup>11</sup> 并请秘书长在题为“联合国与各国议会",
            &["take note", "note"],
        ),
    ];

    #[test]
    fn zh_79_319_operative_paragraphs_give_the_gold_lemmas() {
        for (i, (text, gold)) in ZH_79_319.iter().enumerate() {
            let found = lemma(Lang::Zh, text);
            assert!(
                found.is_some_and(|l| gold.contains(&l)),
                "paragraph {}: {found:?}, gold {gold:?}",
                i + 1
            );
        }
        // Its preamble, including the paragraph that opens with an adverbial.
        let preamble = [
            (
                "回顾各国国家元首和政府首脑在《2005年世界首脑会议成果》",
                "recall",
            ),
            ("又回顾其2002年11月19日第57/32号决议", "recall"),
            ("表示注意到2024年9月22日通过的《未来契约》", "take note"),
            (
                "考虑到1996年《联合国同各国议会联盟的合作协定》",
                "take into account",
            ),
            ("**还确认**各国议会联盟在民主与法治、人权", "recognize"),
            ("**深为关切**政治和公共生活包括数字环境中", "concerned"),
            ("**重点指出**妇女充分、平等和切实参与议会", "highlight"),
            ("**确认并申明**在全球打击种族主义", "recognize"),
            ("在这方面**邀请**各国议会联盟与其他相关组织合作", "invite"),
            ("**意识到**快速技术变革包括新的强有力工具", "aware"),
            ("**承认**各国议会在制定国家计划和战略", "acknowledge"),
        ];
        for (text, want) in preamble {
            assert_eq!(lemma(Lang::Zh, text), Some(want), "{text}");
        }
    }

    #[test]
    fn spans_are_the_verb_phrase() {
        let cases: [(Lang, &str, &str); 15] = [
            (
                Lang::Zh,
                "**表示注意到**各国议会联盟通过的各项决议",
                "表示注意到",
            ),
            (Lang::Zh, "**赞赏地注意到**各国议会联盟", "赞赏地注意到"),
            (Lang::Zh, "又回顾其2002年11月19日第57/32号决议", "又回顾"),
            (
                Lang::En,
                "Recalling also its resolution 57/32 of 19 November 2002,",
                "Recalling also",
            ),
            (
                Lang::En,
                "  Takes note with appreciation of the work",
                "Takes note with appreciation of",
            ),
            (Lang::En, "In this regard, invites Member States", "invites"),
            (Lang::En, "Also requests the Secretary-General", "requests"),
            (
                Lang::En,
                "Strongly condemns all acts of terrorism",
                "condemns",
            ),
            (Lang::Fr, "Dans ce contexte, invite les États", "invite"),
            (
                Lang::Fr,
                "Prie également le Secrétaire général",
                "Prie également",
            ),
            (
                Lang::Ru,
                "просит также Генерального секретаря",
                "просит также",
            ),
            (Lang::Ar, "وإذ تشير أيضاً إلى قرارها", "وإذ تشير أيضاً إلى"),
            (Lang::Ar, "وتطلب إلى الأمين العام", "وتطلب إلى"),
            (Lang::Ar, "تطلب أيضا إلى الأمين العام", "تطلب أيضا إلى"),
            (
                Lang::Es,
                "Toma nota con aprecio del informe",
                "Toma nota con aprecio",
            ),
        ];
        for (lang, text, want) in cases {
            let m = find_lead_verb(lang, text);
            assert_eq!(m.map(|m| &text[m.start..m.end]), Some(want), "{text}");
        }
    }

    /// Forms that every UN resolution uses, each recognised whole.
    #[test]
    fn common_forms_are_whole_matches() {
        let cases: [(Lang, &str, &str); 52] = [
            (Lang::En, "Recalling", "recall"),
            (Lang::En, "Recalls", "recall"),
            (Lang::En, "Recalling also", "recall"),
            (Lang::En, "Takes note with appreciation of", "take note"),
            (Lang::Fr, "Consciente", "conscious"),
            (Lang::Fr, "Conscient", "conscious"),
            (Lang::Fr, "Rappelant", "recall"),
            (Lang::Fr, "Prie", "request"),
            (Lang::Fr, "Prend note", "take note"),
            (Lang::Fr, "Se félicite", "welcome"),
            (Lang::Es, "Recordando", "recall"),
            (Lang::Es, "Guiada por", "guided by"),
            (Lang::Es, "Guiado por", "guided by"),
            (Lang::Es, "Toma nota", "take note"),
            (Lang::Es, "Acoge con beneplácito", "welcome"),
            (Lang::Es, "Exhorta", "call upon"),
            (Lang::Ru, "ссылаясь на", "recall"),
            (Lang::Ru, "Признавая", "recognize"),
            (Lang::Ru, "постановляет", "decide"),
            (Lang::Ru, "просит", "request"),
            (Lang::Ru, "будучи глубоко обеспокоена", "concerned"),
            (Lang::Ru, "Будучи глубоко обеспокоен", "concerned"),
            (Lang::Ar, "إذ تشير إلى", "recall"),
            (Lang::Ar, "وإذ تشير أيضا إلى", "recall"),
            (Lang::Ar, "تقرر", "decide"),
            (Lang::Ar, "يقرر", "decide"),
            (Lang::Ar, "تطلب إلى", "request"),
            (Lang::Ar, "تحيط علما", "take note"),
            (Lang::Zh, "回顾", "recall"),
            (Lang::Zh, "又回顾", "recall"),
            (Lang::Zh, "还回顾", "recall"),
            (Lang::Zh, "表示注意到", "take note"),
            (Lang::Zh, "注意到", "note"),
            (Lang::Zh, "赞赏地注意到", "take note"),
            (Lang::Zh, "又欢迎", "welcome"),
            (Lang::Zh, "鼓励", "encourage"),
            (Lang::Zh, "邀请", "invite"),
            (Lang::Zh, "又确认", "recognize"),
            (Lang::Zh, "确认并申明", "recognize"),
            (Lang::Zh, "深为关切", "concerned"),
            (Lang::Zh, "重点指出", "highlight"),
            (Lang::Zh, "重申", "reaffirm"),
            (Lang::Zh, "意识到", "aware"),
            (Lang::Zh, "承认", "acknowledge"),
            (Lang::Zh, "促请", "call upon"),
            (Lang::Zh, "呼吁", "call for"),
            (Lang::Zh, "敦促", "urge"),
            (Lang::Zh, "请", "request"),
            (Lang::Zh, "又请", "request"),
            (Lang::Zh, "再次请", "request"),
            (Lang::Zh, "决定", "decide"),
            (Lang::Zh, "考虑到", "take into account"),
        ];
        for (lang, text, want) in cases {
            let m = find_lead_verb(lang, text);
            assert_eq!(
                m.map(|m| (m.lemma, m.start, m.end)),
                Some((want, 0, text.len())),
                "{lang} {text}"
            );
            assert!(
                forms().any(|(l, f, _)| l == lang && norm(lang, f) == norm(lang, text)),
                "{text}"
            );
        }
    }

    /// Paragraph heads from the English resolutions in en/*.eosg.txt and the SC gold texts.
    #[test]
    fn english_paragraph_heads() {
        let cases = [
            (
                "Recalling its resolution 78/170 of 19 December 2023",
                "recall",
                VerbKind::Preamble,
            ),
            (
                "Recalling also its resolutions 58/292 of 6 May 2004",
                "recall",
                VerbKind::Preamble,
            ),
            (
                "Reaffirming the principle of the permanent sovereignty of peoples",
                "reaffirm",
                VerbKind::Preamble,
            ),
            (
                "Guided by the principles of the Charter of the United Nations",
                "guided by",
                VerbKind::Preamble,
            ),
            (
                "Alarmed by the invasion of Kuwait on 2 August 1990",
                "alarmed",
                VerbKind::Preamble,
            ),
            (
                "Determining that there exists a breach of international peace",
                "determine",
                VerbKind::Preamble,
            ),
            (
                "Acting under Articles 39 and 40 of the Charter",
                "acting under",
                VerbKind::Preamble,
            ),
            (
                "Condemns the Iraqi invasion of Kuwait;",
                "condemn",
                VerbKind::Operative,
            ),
            (
                "Demands that Iraq withdraw immediately",
                "demand",
                VerbKind::Operative,
            ),
            (
                "Calls upon Iraq and Kuwait to begin immediately",
                "call upon",
                VerbKind::Operative,
            ),
            (
                "Decides to meet again as necessary",
                "decide",
                VerbKind::Operative,
            ),
            (
                "Taking note of action 55 of the Pact for the Future",
                "take note",
                VerbKind::Preamble,
            ),
            (
                "Taking into consideration the Cooperation Agreement",
                "take into consideration",
                VerbKind::Preamble,
            ),
            (
                "Takes note with appreciation of the work of the Inter-Parliamentary Union",
                "take note",
                VerbKind::Operative,
            ),
            (
                "Calls for regular annual exchanges and meetings",
                "call for",
                VerbKind::Operative,
            ),
            (
                "Deeply concerned about the negative impact",
                "concerned",
                VerbKind::Preamble,
            ),
            (
                "Expressing deep concern at the increasing challenges",
                "express concern",
                VerbKind::Preamble,
            ),
            (
                "Bearing in mind the other decisions adopted by the Conference",
                "bear in mind",
                VerbKind::Preamble,
            ),
            (
                "Having considered the report of the Secretary-General",
                "having considered",
                VerbKind::Preamble,
            ),
            (
                "Welcomes the report of the Secretary-General",
                "welcome",
                VerbKind::Operative,
            ),
            (
                "Further requests the Secretary-General to report",
                "request",
                VerbKind::Operative,
            ),
            (
                "Encourages Member States to establish or strengthen",
                "encourage",
                VerbKind::Operative,
            ),
            (
                "Urges Member States and relevant stakeholders",
                "urge",
                VerbKind::Operative,
            ),
            (
                "Whereas recognition of the inherent dignity",
                "consider",
                VerbKind::Preamble,
            ),
        ];
        for (text, want, kind) in cases {
            let m = find_lead_verb(Lang::En, text);
            assert_eq!(m.map(|m| (m.lemma, m.kind)), Some((want, kind)), "{text}");
        }
        let m = find_lead_verb(Lang::En, "Takes note with appreciation of the work");
        assert_eq!(m.map(|m| m.function), Some("agreesWith"));
        let m = find_lead_verb(Lang::En, "Noting with concern that");
        assert_eq!(
            m.map(|m| (m.lemma, m.function)),
            Some(("note", "citesAsEvidence"))
        );
    }

    /// Line-aligned sentences of the UN Parallel Corpus dev set (*/UNv1.0.devset.*.txt), UDHR
    /// preambles and the Charter.
    #[test]
    fn other_languages() {
        let cases: [(Lang, &str, &str); 34] = [
            (
                Lang::Fr,
                "Prenant acte du Programme d'action quinquennal du Secrétaire général",
                "take note",
            ),
            (
                Lang::Fr,
                "Ayant à l'esprit les autres décisions adoptées par la Conférence",
                "bear in mind",
            ),
            (
                Lang::Fr,
                "Demande aux autorités haïtiennes de prendre toutes les mesures voulues",
                "call upon",
            ),
            (Lang::Fr, "Prie instamment les États Membres", "urge"),
            (Lang::Fr, "Se félicitant que", "welcome"),
            (
                Lang::Fr,
                "Considérant qu’il est essentiel que les droits de l’homme soient protégés",
                "consider",
            ),
            (Lang::Fr, "RÉAFFIRMANT sa résolution", "reaffirm"),
            (Lang::Fr, "réaffirmant sa résolution", "reaffirm"),
            (
                Lang::Es,
                "Tomando nota del programa de acción quinquenal del Secretario General",
                "take note",
            ),
            (
                Lang::Es,
                "Acogiendo con beneplácito los esfuerzos realizados por los Estados",
                "welcome",
            ),
            (
                Lang::Es,
                "Exhorta a las autoridades de Haití a que adopten",
                "call upon",
            ),
            (
                Lang::Es,
                "Guiada por los propósitos y principios de la Carta",
                "guided by",
            ),
            (
                Lang::Es,
                "Guiado por los propósitos y principios de la Carta",
                "guided by",
            ),
            (
                Lang::Es,
                "Considerando que la libertad, la justicia y la paz en el mundo",
                "consider",
            ),
            (
                Lang::Ru,
                "принимая к сведению пятилетнюю программу действий Генерального секретаря",
                "take note",
            ),
            (Lang::Ru, "Ссылаясь на свою резолюцию 1970 (2011)", "recall"),
            (Lang::Ru, "ссылаясь на свою резолюцию 1970 (2011)", "recall"),
            (Lang::Ru, "постановляет продлить до", "decide"),
            (Lang::Ru, "настоятельно призывает все государства", "urge"),
            (
                Lang::Ru,
                "будучи глубоко обеспокоена положением",
                "concerned",
            ),
            (
                Lang::Ru,
                "будучи глубоко обеспокоен положением",
                "concerned",
            ),
            (Lang::Ru, "также просит Генерального секретаря", "request"),
            (Lang::Ru, "вновь призывает все стороны", "call upon"),
            (
                Lang::Ar,
                "وإذ تحيط علما ببرنامج العمل الخمسي للأمين العام",
                "take note",
            ),
            (
                Lang::Ar,
                "وإذ يضع في اعتباره المقررات الأخرى التي اعتمدها المؤتمر",
                "bear in mind",
            ),
            (
                Lang::Ar,
                "يهيب بالسلطات الهايتية أن تتخذ كل الإجراءات اللازمة",
                "call upon",
            ),
            (Lang::Ar, "إذ يشير إلى قراره 1970 (2011)", "recall"),
            (
                Lang::Ar,
                "تقرر أن تتضمن الميزانية البرنامجية المقترحة",
                "decide",
            ),
            (Lang::Ar, "يقرر مواصلة إبلاء الاعتبار الواجب", "decide"),
            (
                Lang::Ar,
                "وقد نظرت في تقرير الأمين العام",
                "having considered",
            ),
            (Lang::Ar, "وتطلب إلى الأمين العام", "request"),
            (Lang::Zh, "促请海地当局采取一切必要步骤", "call upon"),
            (Lang::Zh, "再次请秘书长提交报告", "request"),
            (Lang::Zh, "重申基本人权，人格尊严与价值", "reaffirm"),
        ];
        for (lang, text, want) in cases {
            assert_eq!(lemma(lang, text), Some(want), "{lang} {text}");
        }
        // Charter: the preamble's infinitives and the chapter headings are not lead verbs.
        for (lang, text) in [
            (Lang::En, "to reaffirm faith in fundamental human rights"),
            (Lang::En, "Chapter I: Purposes and Principles"),
            (Lang::En, "Article 1"),
            (Lang::Fr, "Chapitre I: Buts et principes"),
            (Lang::Ru, "Глава I: Цели и Принципы"),
        ] {
            assert_eq!(lemma(lang, text), None, "{lang} {text}");
        }
    }

    #[test]
    fn word_boundaries() {
        assert_eq!(
            lemma(Lang::En, "Notwithstanding the provisions of paragraph 1"),
            None
        );
        assert_eq!(lemma(Lang::En, "Decided by the Council in 2010"), None);
        assert_eq!(
            lemma(Lang::En, "Decides to remain seized of the matter."),
            Some("decide")
        );
        assert_eq!(lemma(Lang::En, "Noted"), None);
        assert_eq!(lemma(Lang::En, "Notes"), Some("note"));
        assert_eq!(lemma(Lang::En, "Alsorequests"), None);
        assert_eq!(lemma(Lang::Fr, "Noterait"), None);
        assert_eq!(lemma(Lang::Ru, "просительница"), None);
    }

    #[test]
    fn head_only() {
        let far = format!("{} requests the Secretary-General", "word ".repeat(40));
        assert_eq!(lemma(Lang::En, &far), None);
        assert_eq!(
            lemma(
                Lang::En,
                "The General Assembly requests the Secretary-General"
            ),
            None
        );
        assert_eq!(lemma(Lang::Zh, "大会请秘书长"), None);
    }

    /// No input panics, and every span is in bounds, on character boundaries, and normalises to
    /// a known form (plus a trailing adverbial).
    #[test]
    fn never_panics_and_spans_are_valid() {
        let samples = [
            "",
            " ",
            "*",
            "Also",
            "Also,",
            "وإذ",
            "و",
            "又",
            "在这方面",
            "\u{feff}Recalling\u{a0}also its resolution",
            "Prend\u{a0}note du rapport",
            "وإذ تشير أيضاً إلى",
            "İstanbul Recalling",
            "RECALLING ALSO",
            "ссылаясь",
            "Ссылаясь на",
            "**又请**秘书长",
            "1. Decides",
            "Calls upon\u{200b}",
            "تحيط علماً",
        ];
        let table = table();
        for sample in samples {
            for lang in Lang::ALL {
                for (i, _) in sample
                    .char_indices()
                    .chain(std::iter::once((sample.len(), ' ')))
                {
                    for piece in [&sample[i..], &sample[..i]] {
                        let Some(m) = find_lead_verb(lang, piece) else {
                            continue;
                        };
                        assert!(m.start < m.end && m.end <= piece.len(), "{piece:?}");
                        assert!(piece.is_char_boundary(m.start) && piece.is_char_boundary(m.end));
                        let span = norm(lang, &piece[m.start..m.end]);
                        assert!(
                            table
                                .forms
                                .iter()
                                .any(|f| f.lang == lang && span.starts_with(&norm(lang, &f.text))),
                            "{piece:?} → {span:?}"
                        );
                    }
                }
            }
        }
        // Long inputs only look at the head.
        let long = "x".repeat(1 << 20);
        assert_eq!(lemma(Lang::En, &long), None);
        assert_eq!(lemma(Lang::Zh, &"请".repeat(100_000)), Some("request"));
    }

    #[test]
    fn normalisation_keeps_offsets() {
        let text = "Réaffirmant  sa résolution";
        let n = Normalized::new(Lang::Fr, text);
        assert_eq!(n.text, "réaffirmant sa résolution");
        assert_eq!(
            n.original_start(n.text.find("sa").unwrap_or(0)),
            text.find("sa").unwrap_or(0)
        );
        let text = "أيضاً إلى";
        let n = Normalized::new(Lang::Ar, text);
        assert_eq!(n.text, "ايضا الي");
        assert_eq!(n.original_end("ايضا".len(), text), "أيضاً".len());
    }
}
