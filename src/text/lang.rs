//! The six official languages of the United Nations and detection from text.
//!
//! Detection is by script first (Han → Chinese, Arabic → Arabic, Cyrillic → Russian) and, for
//! Latin-script text, by the frequency of a few very common function words of English, French
//! and Spanish. It looks at a bounded prefix of the text so that it costs the same on a 200 MB
//! file as on a page.

use std::fmt;
use std::str::FromStr;

/// One of the six official languages of the United Nations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Arabic (`ar`).
    Ar,
    /// Chinese (`zh`).
    Zh,
    /// English (`en`).
    En,
    /// French (`fr`).
    Fr,
    /// Russian (`ru`).
    Ru,
    /// Spanish (`es`).
    Es,
}

impl Lang {
    /// All six languages, in the UN's alphabetical order of their English names.
    pub const ALL: [Lang; 6] = [Lang::Ar, Lang::Zh, Lang::En, Lang::Fr, Lang::Ru, Lang::Es];

    /// The ISO 639-1 code (`"en"`, `"zh"`, …).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ru => "ru",
            Lang::Es => "es",
        }
    }

    /// True for the languages written in Latin script.
    pub fn is_latin(self) -> bool {
        matches!(self, Lang::En | Lang::Fr | Lang::Es)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error returned when a string is not one of the six language codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: expected one of ar, en, es, fr, ru, zh")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ar" | "ara" | "arabic" => Ok(Lang::Ar),
            "zh" | "zho" | "chi" | "cmn" | "chinese" | "zh-hans" | "zh-cn" => Ok(Lang::Zh),
            "en" | "eng" | "english" => Ok(Lang::En),
            "fr" | "fra" | "fre" | "french" => Ok(Lang::Fr),
            "ru" | "rus" | "russian" => Ok(Lang::Ru),
            "es" | "spa" | "spanish" => Ok(Lang::Es),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// How much of a text detection looks at, in bytes.
const SAMPLE: usize = 4 * 1024;

/// Detects the language of `text`.
///
/// The script with the most letters in the first 4 KB decides; among Latin-script languages,
/// function words do, counted until one language leads by 24 of them (a bilingual text, such as
/// the early resolutions printed in English and French, is in the language it begins in).
/// Returns English for text with no letters at all (the most common language of UN documents).
///
/// ```
/// use unkg::text::{detect_language, Lang};
/// assert_eq!(detect_language("大会，回顾其第57/32号决议"), Lang::Zh);
/// assert_eq!(detect_language("Rappelant sa résolution 47/135 du 18 décembre 1992"), Lang::Fr);
/// assert_eq!(detect_language("Recordando sus resoluciones 41/60 J, de 3 de diciembre de 1986"), Lang::Es);
/// ```
pub fn detect_language(text: &str) -> Lang {
    let sample = super::head(text, SAMPLE);
    let (mut han, mut arabic, mut cyrillic, mut latin) = (0usize, 0usize, 0usize, 0usize);
    let bytes = sample.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII, most of a Latin-script text, without decoding.
        if bytes[i].is_ascii() {
            latin += usize::from(bytes[i].is_ascii_alphabetic());
            i += 1;
            continue;
        }
        let Some(c) = sample[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match c as u32 {
            0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3000..=0x303F => han += 1,
            0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => arabic += 1,
            0x0400..=0x04FF => cyrillic += 1,
            _ if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) => latin += 1,
            _ => {}
        }
    }
    // Chinese characters carry about three Latin letters' worth of text each.
    let scores = [
        (han * 3, Lang::Zh),
        (arabic, Lang::Ar),
        (cyrillic, Lang::Ru),
        (latin, Lang::En),
    ];
    let best = scores.iter().max_by_key(|(n, _)| *n).map(|&(n, l)| (n, l));
    match best {
        Some((0, _)) | None => Lang::En,
        Some((_, Lang::En)) => latin_language(sample),
        Some((_, l)) => l,
    }
}

/// The words of `sample`: runs of letters (`str::split` on non-letters, without decoding the
/// ASCII between them).
fn words(sample: &str) -> impl Iterator<Item = &str> {
    let bytes = sample.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Whether the character at `at` is a letter, and its length.
        let letter_at = |at: usize| match bytes[at] {
            b if b.is_ascii() => (b.is_ascii_alphabetic(), 1),
            _ => sample[at..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphabetic(), c.len_utf8())),
        };
        while i < bytes.len() {
            let (letter, len) = letter_at(i);
            if letter {
                break;
            }
            i += len;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let (letter, len) = letter_at(i);
            if !letter {
                break;
            }
            i += len;
        }
        Some(&sample[start..i])
    })
}

/// Letters only French uses and letters only Spanish uses, counted. They are beyond ASCII:
/// only the characters starting at a lead byte are decoded.
fn accents(sample: &str) -> (usize, usize) {
    let (mut fr, mut es) = (0, 0);
    let leads = sample.bytes().enumerate().filter(|&(_, b)| b >= 0xC0);
    for c in leads.filter_map(|(i, _)| sample[i..].chars().next()) {
        match c {
            'è' | 'ê' | 'ç' | 'à' | 'ù' | 'œ' | 'â' | 'î' | 'ô' | 'û' => fr += 1,
            'ñ' | 'á' | 'í' | 'ó' | 'ú' | '¿' | '¡' => es += 1,
            _ => {}
        }
    }
    (fr, es)
}

/// How many function words (and letters only one language uses) the leading language must be
/// ahead by for the count to stop before the end of the sample: most texts are decided within
/// their first few hundred words.
const DECIDED: usize = 24;

/// Tells English, French and Spanish apart by counting frequent function words.
fn latin_language(sample: &str) -> Lang {
    // Letters only one of the two languages uses break ties in short texts.
    let (mut fr, mut es) = accents(sample);
    let mut en = 0usize;
    // The leader ahead of the second by `DECIDED`.
    let decided = |en: usize, fr: usize, es: usize| {
        let mut counts = [en, fr, es];
        counts.sort_unstable();
        counts[2] - counts[1] >= DECIDED
    };
    for word in words(sample) {
        // The function words are short and ASCII: lower-case them on the stack.
        if word.len() > 5 || !word.is_ascii() {
            continue;
        }
        let mut buf = [0u8; 5];
        for (b, c) in buf.iter_mut().zip(word.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        match &buf[..word.len()] {
            b"the" | b"and" | b"of" | b"to" | b"that" | b"with" | b"for" | b"its" | b"which" => {
                en += 1
            }
            b"le" | b"les" | b"des" | b"et" | b"du" | b"une" | b"dans" | b"pour" | b"sur"
            | b"aux" | b"sa" | b"ses" | b"l" | b"d" | b"qu" => fr += 1,
            b"el" | b"los" | b"las" | b"del" | b"y" | b"una" | b"para" | b"con" | b"por"
            | b"sus" | b"su" => es += 1,
            b"la" | b"de" => {
                fr += 1;
                es += 1;
            }
            _ => continue,
        }
        if decided(en, fr, es) {
            break;
        }
    }
    if en >= fr && en >= es {
        Lang::En
    } else if fr >= es {
        Lang::Fr
    } else {
        Lang::Es
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words are what splitting on non-letters gives, in every script.
    #[test]
    fn words_split_on_non_letters() {
        for text in [
            "",
            "  l’Assemblée générale, résolution 57/32 — et la décision",
            "Recalling its resolution 70/1 of 25 September 2015,",
            "回顾其第70/1号决议 и резолюцию 57/32 والقرار",
            "a",
            "..x..",
        ] {
            let want: Vec<&str> = text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), want, "{text:?}");
        }
    }

    /// The script counts by their definition, one character at a time.
    fn scripts_plainly(sample: &str) -> [usize; 4] {
        let mut n = [0usize; 4];
        for c in sample.chars() {
            match c as u32 {
                0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3000..=0x303F => n[0] += 1,
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => n[1] += 1,
                0x0400..=0x04FF => n[2] += 1,
                _ if c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) => n[3] += 1,
                _ => {}
            }
        }
        n
    }

    /// A bilingual text (the early resolutions print English and French side by side) is in
    /// the language it begins in once that language leads clearly, even if the other has more
    /// function words over the whole sample.
    #[test]
    fn bilingual_text_is_in_the_language_it_begins_in() {
        let en = "Having considered the report of the Council and the proposals of the \
                  Committee, which recommends that the Organization and its Members, \
                  with the Secretary-General, take action to that end for the peoples of \
                  the world and of the Territories, ";
        let fr = "Ayant examiné le rapport du Conseil et les propositions de la Commission, \
                  qui recommande que l'Organisation et ses Membres, avec le Secrétaire \
                  général, prennent des mesures dans ce but pour les peuples du monde et des \
                  territoires, ";
        let text = format!("{}{}", en.repeat(3), fr.repeat(6));
        assert_eq!(detect_language(&text), Lang::En);
        assert_eq!(detect_language(&fr.repeat(6)), Lang::Fr);
    }

    /// Detection decided by the plain counts: the byte-wise loops must not change a verdict.
    #[test]
    fn detection_agrees_with_plain_counting_on_the_corpus() {
        for (_, path, text) in crate::text::corpus_texts() {
            for at in (0..text.len()).step_by(50_000) {
                let t = &text[text.floor_char_boundary(at)..];
                let sample = crate::text::head(t, SAMPLE);
                let [han, arabic, cyrillic, latin] = scripts_plainly(sample);
                let scores = [
                    (han * 3, Lang::Zh),
                    (arabic, Lang::Ar),
                    (cyrillic, Lang::Ru),
                    (latin, Lang::En),
                ];
                let want = match scores.iter().max_by_key(|(n, _)| *n) {
                    Some((0, _)) | None => Lang::En,
                    Some((_, Lang::En)) => latin_language(sample),
                    Some((_, l)) => *l,
                };
                assert_eq!(detect_language(t), want, "{}", path.display());
                let plain = sample.chars().fold((0, 0), |(f, e), c| match c {
                    'è' | 'ê' | 'ç' | 'à' | 'ù' | 'œ' | 'â' | 'î' | 'ô' | 'û' => {
                        (f + 1, e)
                    }
                    'ñ' | 'á' | 'í' | 'ó' | 'ú' | '¿' | '¡' => (f, e + 1),
                    _ => (f, e),
                });
                assert_eq!(accents(sample), plain);
            }
        }
    }

    #[test]
    fn detects_six_languages() {
        assert_eq!(
            detect_language("The General Assembly, Recalling its resolution"),
            Lang::En
        );
        assert_eq!(
            detect_language("L'Assemblée générale, Rappelant sa résolution"),
            Lang::Fr
        );
        assert_eq!(
            detect_language("La Asamblea General, Recordando su resolución"),
            Lang::Es
        );
        assert_eq!(
            detect_language("Генеральная Ассамблея, ссылаясь на свои резолюции"),
            Lang::Ru
        );
        assert_eq!(
            detect_language("إن الجمعية العامة، إذ تشير إلى قرارها"),
            Lang::Ar
        );
        assert_eq!(detect_language("大会，回顾其第57/32号决议"), Lang::Zh);
        assert_eq!(detect_language(""), Lang::En);
    }

    #[test]
    fn parses_codes() {
        for l in Lang::ALL {
            assert_eq!(l.code().parse::<Lang>(), Ok(l));
        }
        assert!("xx".parse::<Lang>().is_err());
    }
}
