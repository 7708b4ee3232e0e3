//! Dates, session headings and number words in the six official languages.
//!
//! Owns `data/calendar.toml` (month names, the grammar of a full date, ordinal number words
//! and the word for "session" in each language) and the matchers built from it once, on first
//! use. Answers questions about pieces of text: which date is this, which session heading is
//! this, what is this numeral worth. It knows nothing about documents or citations, and every
//! span it returns is a byte range into the caller's text, on char boundaries.
//!
//! Dates are found by one regular expression per language, built from the table, whose
//! matches are then checked (real calendar day, word boundaries, both names of an Arabic month
//! pair agreeing). Session headings are found by searching for the keyword ("session",
//! "período de sesiones", "сессия", "الدورة", "届会议") and reading the ordinal next to it, so
//! the cost is linear in the text.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::Deserialize;

use crate::text::Lang;

/// The table, compiled into the binary.
const SOURCE: &str = include_str!("../../data/calendar.toml");

/// The compiled table. Built on first use; the tests check that the built-in table loads, so
/// no input can make this fail.
static CALENDAR: LazyLock<Calendar> = LazyLock::new(|| match Calendar::load(SOURCE) {
    Ok(calendar) => calendar,
    Err(err) => panic!("invalid built-in calendar table: {err}"),
});

/// Any digit a UN text writes numbers with: ASCII, full-width, Arabic-Indic, Eastern
/// Arabic-Indic (Persian).
const DIGIT: &str = r"[0-9\x{FF10}-\x{FF19}\x{0660}-\x{0669}\x{06F0}-\x{06F9}]";

/// Chinese numerals that may appear in a date or a session number.
const HAN_NUMERAL: &str = "[〇○零一二两三四五六七八九十百]";

/// How many words an ordinal may span ("one hundred and twenty-sixth" is five).
const MAX_ORDINAL_WORDS: usize = 8;

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// A calendar date (proleptic Gregorian calendar, years 1 to 9999).
///
/// Fields are public for reading and pattern matching; build one with [`Date::new`], which
/// rejects days that do not exist. The derived order is chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, 1..=9999.
    pub year: i32,
    /// The month, 1..=12.
    pub month: u32,
    /// The day of the month, 1..=31.
    pub day: u32,
}

impl Date {
    /// The date `year-month-day`, or `None` when no such day exists (month 13, 31 April,
    /// 29 February of a common year, a year outside 1..=9999).
    ///
    /// ```
    /// use unkg::gazetteer::calendar::Date;
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2023, 2, 29).is_none());
    /// assert!(Date::new(2020, 4, 31).is_none());
    /// ```
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date in ISO 8601 form, `YYYY-MM-DD`.
    ///
    /// ```
    /// use unkg::gazetteer::calendar::Date;
    /// assert_eq!(Date::new(2002, 11, 19).map(|d| d.iso()).as_deref(), Some("2002-11-19"));
    /// ```
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Number of days in `month` of `year` (Gregorian leap-year rule).
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses a date written in `lang` that begins exactly at the start of `text`; returns it and
/// the number of bytes it spans.
///
/// Forms: EN "19 November 2002", "19th November 2002", "November 19, 2002", "Dec. 31, 2027";
/// FR "18 décembre 1992", "1er janvier 2000"; ES "3 de diciembre de 1986", "22 de mayo 2015",
/// "1º de enero de 2016"; RU "14 декабря 2000 года", "30 октября 1943 г." (the span includes
/// "года"/"г."); AR "15 آذار/مارس 2006", "16 كانون الأول/ ديسمبر 1985" (either or both names
/// of the month, spaces allowed around the slash, "سنة" allowed before the year); ZH
/// "2002年11月19日", "2025 年 7 月 25 日", "一九四二年一月一日". Digits may be ASCII, full-width
/// (１２) or Arabic-Indic (١٢٣ / ۱۲۳). Month names are matched in any letter case. Dates
/// without a day or a year, and days that do not exist, give `None`.
///
/// ```
/// use unkg::gazetteer::calendar::{parse_date, Date};
/// use unkg::text::Lang;
/// let (date, len) = parse_date(Lang::Ru, "14 декабря 2000 года, и").unwrap();
/// assert_eq!(date, Date::new(2000, 12, 14).unwrap());
/// assert_eq!(len, "14 декабря 2000 года".len());
/// assert_eq!(parse_date(Lang::En, "31 February 2020"), None);
/// ```
pub fn parse_date(lang: Lang, text: &str) -> Option<(Date, usize)> {
    let table = CALENDAR.lang(lang);
    let caps = table.dates.anchored.captures(text)?;
    let (range, date) = table.date_at(text, &caps)?;
    Some((date, range.end))
}

/// Every date in `text`, with its byte range, in order, non-overlapping.
///
/// Recognises the same forms as [`parse_date`]. Of a range of days ("18-22 May 2015",
/// "du 29 au 31 juillet 2014") only the day written next to the month is a date; Chinese
/// ranges ("2015年5月18日至22日") give their first day.
///
/// ```
/// use unkg::gazetteer::calendar::find_dates;
/// use unkg::text::Lang;
/// let text = "其2002年11月19日第57/32号决议，并回顾大会2018年5月22日第72/278号决议";
/// let dates: Vec<String> = find_dates(Lang::Zh, text).iter().map(|(_, d)| d.iso()).collect();
/// assert_eq!(dates, ["2002-11-19", "2018-05-22"]);
/// ```
pub fn find_dates(lang: Lang, text: &str) -> Vec<(Range<usize>, Date)> {
    let table = CALENDAR.lang(lang);
    let mut found = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let Some(caps) = table.dates.find.captures_at(text, at) else {
            break;
        };
        let Some(whole) = caps.get(0) else {
            break;
        };
        match table.date_at(text, &caps) {
            Some((range, date)) => {
                // Never empty: a date has at least a day and a four-digit year.
                at = range.end;
                found.push((range, date));
            }
            // A rejected match (a day that does not exist, digits glued to a number) may hide
            // a real date that starts inside it, so search again from the next character.
            None => at = next_char_boundary(text, whole.start()),
        }
    }
    found
}

/// The byte offset of the character after the one at `at`.
fn next_char_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// Every month name form of a language (for other tables and tests): (form, month number).
///
/// Full names, then abbreviations (written here without their full stop) as listed in
/// `data/calendar.toml`: both names of each Arabic month, the genitive, nominative and
/// prepositional of each Russian month, the numeric forms of each Chinese month ("11月",
/// "十一月").
///
/// ```
/// use unkg::gazetteer::calendar::month_forms;
/// use unkg::text::Lang;
/// assert!(month_forms(Lang::Ar).any(|(form, m)| form == "ديسمبر" && m == 12));
/// assert!(month_forms(Lang::Ru).any(|(form, m)| form == "декабря" && m == 12));
/// ```
pub fn month_forms(lang: Lang) -> impl Iterator<Item = (&'static str, u32)> {
    CALENDAR.lang(lang).months.iter().copied()
}

// ---------------------------------------------------------------------------------------------
// Sessions and numbers
// ---------------------------------------------------------------------------------------------

/// The session heading of a document: EN "Seventy-ninth session", FR "Soixante-dix-neuvième
/// session", ES "Septuagésimo noveno período de sesiones", RU "Семьдесят девятая сессия",
/// AR "الدورة التاسعة والسبعون", ZH "第七十九届会议", and the same with the number in digits
/// ("59º período de sesiones", "69th session", "第69届会议").
///
/// Returns the first one found: its byte range (from the first word of the ordinal to the end
/// of the keyword, or for Arabic from the word "الدورة" to the end of the ordinal) and the
/// session number. Special and emergency special sessions are not matched. The heading may
/// also be a phrase of running text ("at its seventy-ninth session"); callers that want a
/// heading check that the range is on a line of its own.
///
/// ```
/// use unkg::gazetteer::calendar::find_session;
/// use unkg::text::Lang;
/// let text = "General Assembly\nSeventy-ninth session\nAgenda item 126";
/// let (range, n) = find_session(Lang::En, text).unwrap();
/// assert_eq!((&text[range], n), ("Seventy-ninth session", 79));
/// assert_eq!(find_session(Lang::Zh, "第七十九届会议").map(|(_, n)| n), Some(79));
/// ```
pub fn find_session(lang: Lang, text: &str) -> Option<(Range<usize>, u32)> {
    let table = CALENDAR.lang(lang);
    let sessions = &table.sessions;
    match sessions.position {
        Position::Counter => sessions.keyword.captures_iter(text).find_map(|caps| {
            let whole = caps.get(0)?;
            let n = chinese_number(caps.name("n")?.as_str()).filter(|n| (1..=999).contains(n))?;
            Some((whole.range(), n))
        }),
        Position::OrdinalFirst => sessions
            .keyword
            .find_iter(text)
            .find_map(|m| table.ordinal_before(text, m.range())),
        Position::KeywordFirst => sessions
            .keyword
            .find_iter(text)
            .find_map(|m| table.ordinal_after(text, m.range())),
    }
}

/// Value of an ordinal written in words, 1..=199: "seventy-ninth" → 79,
/// "soixante-dix-neuvième" → 79, "septuagésimo noveno" → 79, "семьдесят девятая" → 79 (any
/// gender or case), "التاسعة والسبعون" → 79 (either gender, either case), "七十九" or
/// "第七十九" → 79.
///
/// Letter case, accents, hyphens and Arabic vowel marks do not matter. Cardinals
/// ("twenty-eight") and words out of order give `None`.
///
/// ```
/// use unkg::gazetteer::calendar::ordinal_value;
/// use unkg::text::Lang;
/// assert_eq!(ordinal_value(Lang::Fr, "Soixante-dix-neuvième"), Some(79));
/// assert_eq!(ordinal_value(Lang::Ru, "тридцать первую"), Some(31));
/// assert_eq!(ordinal_value(Lang::En, "twenty-eight"), None);
/// ```
pub fn ordinal_value(lang: Lang, words: &str) -> Option<u32> {
    if lang == Lang::Zh {
        let words = words.trim();
        let words = words.strip_prefix('第').unwrap_or(words);
        return chinese_number(words).filter(|n| (1..=199).contains(n));
    }
    CALENDAR
        .lang(lang)
        .ordinals
        .get(&fold(lang, words))
        .copied()
}

/// Value of a Chinese numeral ("七十九" → 79, "一百二十六" → 126, "一百零五" → 105,
/// "十" → 10, "两" → 2), of a year written digit by digit ("二〇〇二" → 2002) or of digits
/// (ASCII, full-width or Arabic-Indic: "79", "７９").
///
/// Colloquial abbreviations count in the next lower unit ("一百二" → 120). Anything else
/// (mixed digits and numerals, units out of order, an empty string) gives `None`.
///
/// ```
/// use unkg::gazetteer::calendar::chinese_number;
/// assert_eq!(chinese_number("一百二十六"), Some(126));
/// assert_eq!(chinese_number("十"), Some(10));
/// assert_eq!(chinese_number("十十"), None);
/// ```
pub fn chinese_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| digit_value(c).is_some()) {
        return digits_value(s);
    }
    if s.chars().all(|c| han_digit(c).is_some()) {
        // A year written digit by digit: 二〇〇二.
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(han_digit(c)?)
        });
    }
    let mut total = 0u32; // groups of ten thousand already closed by 万
    let mut section = 0u32; // the value below ten thousand
    let mut digit: Option<u32> = None;
    let mut last_unit = u32::MAX;
    let mut zero = false;
    for c in s.chars() {
        if let Some(d) = han_digit(c) {
            if d == 0 {
                // 零 only holds the place of a missing unit: 一百零五.
                if digit.is_some() {
                    return None;
                }
                zero = true;
            } else if digit.replace(d).is_some() {
                return None;
            }
        } else if let Some(unit) = han_unit(c) {
            if unit >= last_unit {
                return None;
            }
            let d = match digit.take() {
                Some(d) => d,
                // 十 stands for 一十 anywhere (十五, 一百十); 百 and 千 only at the start.
                None if unit == 10 || (section == 0 && total == 0) => 1,
                None => return None,
            };
            section = section.checked_add(d.checked_mul(unit)?)?;
            last_unit = unit;
            zero = false;
        } else if c == '万' {
            let group = section.checked_add(digit.take().unwrap_or(0))?;
            if group == 0 || total != 0 {
                return None;
            }
            total = group.checked_mul(10_000)?;
            section = 0;
            last_unit = u32::MAX;
            zero = false;
        } else {
            return None;
        }
    }
    if let Some(d) = digit {
        // "一百二" is 120 and "三千五" is 3500: a last digit straight after a unit above ten
        // counts in the next lower unit, unless a 零 stood between them.
        let scale = if !zero && last_unit != u32::MAX && last_unit > 10 {
            last_unit / 10
        } else {
            1
        };
        section = section.checked_add(d.checked_mul(scale)?)?;
    }
    total.checked_add(section)
}

/// The Roman numeral of `n` (1..=3999; empty for 0): 25 → "XXV", 3 → "III".
///
/// ```
/// use unkg::gazetteer::calendar::{roman_numeral, roman_value};
/// assert_eq!(roman_numeral(25), "XXV");
/// assert_eq!(roman_value(&roman_numeral(1999)), Some(1999));
/// ```
pub fn roman_numeral(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Value of a Roman numeral ("XXV" → 25, "III" → 3, "XIV" → 14), all upper or all lower case,
/// 1..=3999, in its standard form; `None` for anything else ("IIII", "IC", "Mix", "").
///
/// ```
/// use unkg::gazetteer::calendar::roman_value;
/// assert_eq!(roman_value("XXX"), Some(30));
/// assert_eq!(roman_value("xiv"), Some(14));
/// assert_eq!(roman_value("IIII"), None);
/// ```
pub fn roman_value(s: &str) -> Option<u32> {
    // The longest standard numeral below 4000 is MMMDCCCLXXXVIII (15 letters).
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let upper = s.bytes().all(|b| b.is_ascii_uppercase());
    let lower = s.bytes().all(|b| b.is_ascii_lowercase());
    if !upper && !lower {
        return None;
    }
    let mut total = 0u32;
    let mut prev = 0u32;
    for b in s.bytes().rev() {
        let v = match b.to_ascii_uppercase() {
            b'I' => 1,
            b'V' => 5,
            b'X' => 10,
            b'L' => 50,
            b'C' => 100,
            b'D' => 500,
            b'M' => 1000,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    // Accept only the standard spelling of the value, so that "IIII", "VX" and "IC" (which
    // the loop above would happily evaluate) are not numerals.
    (total > 0 && total < 4000 && roman_numeral(total).eq_ignore_ascii_case(s)).then_some(total)
}

/// The value of a decimal digit in any of the scripts UN texts use.
fn digit_value(c: char) -> Option<u32> {
    let base = match c {
        '0'..='9' => '0',
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}',
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        _ => return None,
    };
    Some(c as u32 - base as u32)
}

/// The value of a string of digits; `None` when empty, not all digits, or too large.
fn digits_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |acc, c| {
        acc.checked_mul(10)?.checked_add(digit_value(c)?)
    })
}

/// The value of a Chinese digit (〇 and ○ are the zero of years written digit by digit).
fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a Chinese unit below ten thousand.
fn han_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Text folding
// ---------------------------------------------------------------------------------------------

/// The form in which ordinals are compared: lower case, hyphens and runs of white space as one
/// space, no accents or combining marks; Arabic without vowel marks or tatweel, with the alef
/// variants as ا, ى as ي and ة as ه; Russian ё as е.
fn fold(lang: Lang, s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || is_hyphen(c) {
            space = true;
            continue;
        }
        if is_ignorable(c) {
            continue;
        }
        for lower in c.to_lowercase() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(fold_char(lang, lower));
        }
    }
    out
}

/// Characters that join the words of a compound ordinal ("seventy-ninth").
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}')
}

/// Characters that do not change a word: soft hyphen, zero-width joiners, combining accents,
/// Arabic vowel marks and tatweel, directional marks.
fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{0300}'..='\u{036F}'
        | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
    )
}

/// Folds one lower-case character (see [`fold`]).
fn fold_char(lang: Lang, c: char) -> char {
    match lang {
        Lang::Ar => match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ة' => 'ه',
            'ک' => 'ك',
            _ => c,
        },
        Lang::Ru => {
            if c == 'ё' {
                'е'
            } else {
                c
            }
        }
        Lang::En | Lang::Fr | Lang::Es => match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            _ => c,
        },
        Lang::Zh => c,
    }
}

/// The key under which a month name is looked up: lower case, no tatweel, single spaces, no
/// final full stop.
fn month_key(s: &str) -> String {
    let s = s.trim().trim_end_matches('.');
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|&c| c != '\u{0640}')
                .flat_map(char::to_lowercase),
        );
    }
    out
}

/// Letters of a word, including the combining marks that Arabic writes inside words.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_ignorable(c)
}

// ---------------------------------------------------------------------------------------------
// The table as written in data/calendar.toml
// ---------------------------------------------------------------------------------------------

/// One value per language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PerLang<T> {
    ar: T,
    zh: T,
    en: T,
    fr: T,
    ru: T,
    es: T,
}

impl<T> PerLang<T> {
    /// The values in the order of [`Lang::ALL`].
    fn into_array(self) -> [(Lang, T); 6] {
        [
            (Lang::Ar, self.ar),
            (Lang::Zh, self.zh),
            (Lang::En, self.en),
            (Lang::Fr, self.fr),
            (Lang::Ru, self.ru),
            (Lang::Es, self.es),
        ]
    }
}

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    dates: PerLang<RawDates>,
    months: PerLang<Vec<RawMonth>>,
    ordinals: PerLang<RawOrdinals>,
    sessions: PerLang<RawSessions>,
}

/// `[dates.<lang>]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawDates {
    orders: Vec<String>,
    day_suffixes: Vec<String>,
    before_month: Vec<String>,
    before_year: Vec<String>,
    after_year: Vec<String>,
    month_pairs: bool,
    markers: Vec<String>,
    // Examples and rejects are read by the tests that check the table both ways.
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<DateExample>,
    #[cfg_attr(not(test), allow(dead_code))]
    rejects: Vec<String>,
}

/// A date example: `text` is exactly one date.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
struct DateExample {
    text: String,
    date: String,
    #[serde(default)]
    source: Option<String>,
}

/// `[[months.<lang>]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonth {
    month: u32,
    forms: Vec<String>,
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<DateExample>,
}

/// `[ordinals.<lang>]`; cells hold `|`-separated spellings.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawOrdinals {
    units: Vec<String>,
    compound_units: Vec<String>,
    teens: Vec<String>,
    tens: Vec<String>,
    compound_tens: Vec<String>,
    #[serde(rename = "and")]
    conjunction: String,
    hundred: String,
    hundredth: String,
    hundred_link: String,
    fuse_tens: bool,
    vigesimal: bool,
    inflections: BTreeMap<String, Vec<String>>,
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<ValueExample>,
    #[cfg_attr(not(test), allow(dead_code))]
    rejects: Vec<String>,
}

/// An ordinal example.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
struct ValueExample {
    text: String,
    value: u32,
    #[serde(default)]
    source: Option<String>,
}

/// `[sessions.<lang>]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawSessions {
    position: String,
    keywords: Vec<String>,
    prefix: String,
    numeric_suffixes: Vec<String>,
    not_followed_by: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    examples: Vec<SessionExample>,
    #[cfg_attr(not(test), allow(dead_code))]
    rejects: Vec<String>,
}

/// A session example: `text` contains one session heading.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
struct SessionExample {
    text: String,
    session: u32,
    #[serde(default)]
    source: Option<String>,
}

/// What is wrong with the table.
#[derive(Debug, thiserror::Error)]
enum TableError {
    /// The file is not valid TOML for this schema.
    #[error("calendar table does not parse: {0}")]
    Toml(#[from] toml::de::Error),
    /// A value is out of place.
    #[error("calendar table, {lang}: {what}")]
    Invalid {
        /// The language section.
        lang: Lang,
        /// What is wrong, naming the value.
        what: String,
    },
    /// A pattern built from the table does not compile.
    #[error("calendar table, {lang}: pattern does not compile: {source}")]
    Regex {
        /// The language section.
        lang: Lang,
        /// The compiler's complaint.
        source: regex::Error,
    },
}

/// Shorthand for [`TableError::Invalid`].
fn invalid(lang: Lang, what: impl Into<String>) -> TableError {
    TableError::Invalid {
        lang,
        what: what.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// The compiled table
// ---------------------------------------------------------------------------------------------

/// Everything built from the table, per language in the order of [`Lang::ALL`].
struct Calendar {
    langs: Vec<LangTable>,
}

/// One language's matchers.
struct LangTable {
    lang: Lang,
    /// Month forms as listed (for [`month_forms`]).
    months: Vec<(&'static str, u32)>,
    /// [`month_key`] of every form → month.
    month_index: HashMap<String, u32>,
    dates: DateMatcher,
    /// [`fold`] of every spelling of 1..=199 → value.
    ordinals: HashMap<String, u32>,
    sessions: SessionMatcher,
}

/// The date pattern, unanchored and anchored at the start of the text.
struct DateMatcher {
    find: Regex,
    anchored: Regex,
}

/// Where the ordinal stands relative to the word for "session".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Position {
    /// "Seventy-ninth session".
    OrdinalFirst,
    /// "الدورة التاسعة والسبعون".
    KeywordFirst,
    /// "第七十九届会议": the keyword pattern itself captures the numeral as `n`.
    Counter,
}

/// The session heading matcher.
struct SessionMatcher {
    position: Position,
    keyword: Regex,
    /// Lower-case suffixes of an ordinal written in digits, longest first.
    numeric_suffixes: Vec<String>,
    /// Folded phrases that, after the keyword, make it another kind of session.
    not_followed_by: Vec<String>,
}

/// Turns a `String` into a `&'static str`; used only for the month forms of the table, which is
/// loaded once per process.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// The spellings in a `|`-separated cell.
fn alternatives(cell: &str) -> Vec<String> {
    cell.split('|').map(|s| s.trim().to_string()).collect()
}

/// A regex matching `form` as written, any run of white space where it has a space; Arabic
/// forms also match with tatweel (ـ) stretching any letter.
fn word_pattern(lang: Lang, form: &str) -> String {
    let mut pattern = String::new();
    let mut in_space = false;
    for c in form.trim().chars() {
        if c.is_whitespace() {
            if !in_space {
                pattern.push_str(r"\s+");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let mut buf = [0u8; 4];
        pattern.push_str(&regex::escape(c.encode_utf8(&mut buf)));
        if lang == Lang::Ar && c.is_alphabetic() {
            pattern.push_str(r"\x{0640}*");
        }
    }
    pattern
}

/// `(?:a|b|…)` of the given patterns, longest first.
fn alternation(mut patterns: Vec<String>) -> String {
    patterns.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    patterns.dedup();
    format!("(?:{})", patterns.join("|"))
}

/// `(?:(?:w1|w2)\s+)?` for optional words before the next part; empty when there are none.
fn optional_words_before(lang: Lang, words: &[String]) -> String {
    if words.is_empty() {
        return String::new();
    }
    let alt = alternation(words.iter().map(|w| word_pattern(lang, w)).collect());
    format!(r"(?:{alt}\s+)?")
}

impl Calendar {
    /// Parses and compiles the table.
    fn load(source: &str) -> Result<Calendar, TableError> {
        let raw: RawTable = toml::from_str(source)?;
        let dates = raw.dates.into_array();
        let months = raw.months.into_array();
        let ordinals = raw.ordinals.into_array();
        let sessions = raw.sessions.into_array();
        let mut langs = Vec::with_capacity(6);
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            langs.push(LangTable::build(
                lang,
                &dates[i].1,
                &months[i].1,
                &ordinals[i].1,
                &sessions[i].1,
            )?);
        }
        Ok(Calendar { langs })
    }

    /// The tables of `lang`.
    fn lang(&self, lang: Lang) -> &LangTable {
        let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
        &self.langs[i]
    }
}

impl LangTable {
    /// Builds one language's matchers.
    fn build(
        lang: Lang,
        dates: &RawDates,
        months: &[RawMonth],
        ordinals: &RawOrdinals,
        sessions: &RawSessions,
    ) -> Result<LangTable, TableError> {
        let mut forms = Vec::new();
        let mut month_index = HashMap::new();
        let mut seen = [false; 12];
        for entry in months {
            let m = entry.month;
            if !(1..=12).contains(&m) {
                return Err(invalid(lang, format!("month {m} is not 1..=12")));
            }
            let slot = &mut seen[(m - 1) as usize];
            if std::mem::replace(slot, true) {
                return Err(invalid(lang, format!("month {m} is listed twice")));
            }
            if entry.forms.is_empty() {
                return Err(invalid(lang, format!("month {m} has no forms")));
            }
            for form in entry.forms.iter().chain(&entry.abbreviations) {
                let key = month_key(form);
                if key.is_empty() {
                    return Err(invalid(lang, format!("month {m} has an empty form")));
                }
                if let Some(other) = month_index.insert(key, m).filter(|&o| o != m) {
                    return Err(invalid(
                        lang,
                        format!("month form {form:?} names both {other} and {m}"),
                    ));
                }
                forms.push((leak(form.trim().to_string()), m));
            }
        }
        if seen.contains(&false) {
            return Err(invalid(lang, "a month between 1 and 12 is missing"));
        }
        let dates = DateMatcher::build(lang, dates, months)?;
        let ordinals = build_ordinals(lang, ordinals)?;
        let sessions = SessionMatcher::build(lang, sessions)?;
        Ok(LangTable {
            lang,
            months: forms,
            month_index,
            dates,
            ordinals,
            sessions,
        })
    }

    /// The date matched by `caps` (a match of one of this language's date patterns), with the
    /// range it spans, once checked: not glued to a neighbouring number or word, a real day,
    /// both names of a month pair naming the same month.
    fn date_at(&self, text: &str, caps: &Captures<'_>) -> Option<(Range<usize>, Date)> {
        let whole = caps.get(0)?;
        let group = |names: [&str; 3]| names.into_iter().find_map(|n| caps.name(n));
        let day = group(["d1", "d2", "d3"])?;
        let month = group(["m1", "m2", "m3"])?;
        let year = group(["y1", "y2", "y3"])?;
        let before = text[..whole.start()].chars().next_back();
        let chinese = caps.name("y3").is_some();
        if let Some(c) = before {
            // Chinese writes dates straight after other characters (于2015年…), so there
            // only a digit before the year is a problem; Arabic writes the conjunction and
            // prepositions on the number ("يومي 8 و9 كانون الأول").
            let glued = match self.lang {
                Lang::Zh => digit_value(c).is_some() || han_digit(c).is_some(),
                Lang::Ar => c.is_numeric() || c.is_ascii_alphabetic(),
                _ => c.is_alphanumeric(),
            };
            if glued {
                return None;
            }
        }
        if !chinese
            && text[year.end()..]
                .chars()
                .next()
                .is_some_and(char::is_numeric)
        {
            return None;
        }
        let month_number = if chinese {
            chinese_number(month.as_str())?
        } else {
            let m = *self.month_index.get(&month_key(month.as_str()))?;
            if let Some(other) = caps.name("n1").or_else(|| caps.name("n2"))
                && self.month_index.get(&month_key(other.as_str())) != Some(&m)
            {
                return None;
            }
            m
        };
        let date = Date::new(
            i32::try_from(chinese_number(year.as_str())?).ok()?,
            month_number,
            chinese_number(day.as_str())?,
        )?;
        let mut end = whole.end();
        if let Some(after) = caps.name("a1").or_else(|| caps.name("a2")) {
            // "года" is only part of the date as a whole word ("2000 годах" is not).
            let ends_in_letter = after
                .as_str()
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
            if ends_in_letter
                && text[after.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            {
                end = year.end();
            }
        }
        Some((whole.start()..end, date))
    }

    /// The ordinal ending just before the keyword at `keyword` ("seventy-ninth session").
    fn ordinal_before(&self, text: &str, keyword: Range<usize>) -> Option<(Range<usize>, u32)> {
        let lang = self.lang;
        let sessions = &self.sessions;
        let next = text[keyword.end..].chars().next();
        let prev = text[..keyword.start].chars().next_back();
        if next.is_some_and(is_word_char) || prev.is_some_and(is_word_char) {
            return None; // part of a longer word: "sessions", "intersession"
        }
        if sessions
            .not_followed_by
            .iter()
            .any(|phrase| starts_with_words(lang, &text[keyword.end..], phrase))
        {
            return None;
        }
        let before = &text[..keyword.start];
        let trimmed = before.trim_end();
        if trimmed.len() == before.len() {
            return None;
        }
        if let Some((start, n)) = numeric_ordinal(trimmed, &sessions.numeric_suffixes) {
            return Some((start..keyword.end, n));
        }
        let starts = word_starts_before(trimmed, MAX_ORDINAL_WORDS);
        // Longest first, so that "one hundred and first" wins over "first".
        starts.iter().rev().find_map(|&start| {
            let n = self.ordinals.get(&fold(lang, &trimmed[start..]))?;
            Some((start..keyword.end, *n))
        })
    }

    /// The ordinal following the keyword word at `keyword` ("الدورة التاسعة والسبعون").
    fn ordinal_after(&self, text: &str, keyword: Range<usize>) -> Option<(Range<usize>, u32)> {
        let lang = self.lang;
        // The keyword is a stem inside a word that may carry the article, prepositions and
        // pronoun suffixes (للدورة, دورتها): widen to the whole word.
        let word_start = text[..keyword.start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(keyword.start, |(i, _)| i);
        let word_end = keyword.end
            + text[keyword.end..]
                .chars()
                .take_while(|&c| is_word_char(c))
                .map(char::len_utf8)
                .sum::<usize>();
        let mut ends = Vec::new();
        let mut at = word_end;
        while ends.len() < MAX_ORDINAL_WORDS {
            let rest = &text[at..];
            let space = rest.len() - rest.trim_start().len();
            if space == 0 {
                break;
            }
            let word: usize = rest[space..]
                .chars()
                .take_while(|&c| is_word_char(c))
                .map(char::len_utf8)
                .sum();
            if word == 0 {
                break;
            }
            at += space + word;
            ends.push(at);
        }
        ends.iter().rev().find_map(|&end| {
            let n = self.ordinals.get(&fold(lang, &text[word_end..end]))?;
            Some((word_start..end, *n))
        })
    }
}

/// Whether `text`, after leading white space, begins with the folded words of `phrase`
/// followed by the end of a word.
fn starts_with_words(lang: Lang, text: &str, phrase: &str) -> bool {
    let mut rest = text;
    for want in phrase.split(' ') {
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() {
            return false;
        }
        let len: usize = trimmed
            .chars()
            .take_while(|&c| is_word_char(c))
            .map(char::len_utf8)
            .sum();
        if len == 0 || fold(lang, &trimmed[..len]) != want {
            return false;
        }
        rest = &trimmed[len..];
    }
    true
}

/// An ordinal in digits at the end of `s` ("69th", "59º", "69-й"): its start and value.
fn numeric_ordinal(s: &str, suffixes: &[String]) -> Option<(usize, u32)> {
    suffixes.iter().find_map(|suffix| {
        let digits_end = s.len().checked_sub(suffix.len())?;
        let tail = s.get(digits_end..)?;
        if tail.to_lowercase() != *suffix {
            return None;
        }
        let head = &s[..digits_end];
        let digits_start = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| digit_value(c).is_some())
            .last()
            .map(|(i, _)| i)?;
        let digits = &head[digits_start..];
        if digits.chars().count() > 3
            || head[..digits_start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        let n = digits_value(digits).filter(|&n| n > 0)?;
        Some((digits_start, n))
    })
}

/// Start offsets of up to `max` words at the end of `s`, nearest first, where words are
/// separated only by white space or hyphens ("Seventy-ninth" → "ninth", "Seventy").
fn word_starts_before(s: &str, max: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut end = s.len();
    while starts.len() < max {
        let start = s[..end]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(end, |(i, _)| i);
        if start == end {
            break;
        }
        starts.push(start);
        let gap_start = s[..start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_whitespace() || is_hyphen(c))
            .last()
            .map_or(start, |(i, _)| i);
        if gap_start == start {
            break;
        }
        end = gap_start;
    }
    starts
}

impl DateMatcher {
    /// Builds the date pattern of one language from its grammar and month names.
    fn build(
        lang: Lang,
        grammar: &RawDates,
        months: &[RawMonth],
    ) -> Result<DateMatcher, TableError> {
        let mut branches = Vec::new();
        for order in &grammar.orders {
            let branch = match order.as_str() {
                "day-month-year" => Self::branch(lang, grammar, months, "1", true)?,
                "month-day-year" => Self::branch(lang, grammar, months, "2", false)?,
                "year-month-day" => Self::chinese_branch(lang, grammar)?,
                other => return Err(invalid(lang, format!("unknown date order {other:?}"))),
            };
            branches.push(format!("(?:{branch})"));
        }
        if branches.is_empty() {
            return Err(invalid(lang, "no date orders"));
        }
        let body = branches.join("|");
        let compile = |pattern: String| {
            Regex::new(&pattern).map_err(|source| TableError::Regex { lang, source })
        };
        Ok(DateMatcher {
            find: compile(format!("(?i){body}"))?,
            anchored: compile(format!(r"(?i)\A(?:{body})"))?,
        })
    }

    /// A day-month-year (`day_first`) or month-day-year pattern; group names end in `tag`.
    fn branch(
        lang: Lang,
        grammar: &RawDates,
        months: &[RawMonth],
        tag: &str,
        day_first: bool,
    ) -> Result<String, TableError> {
        let mut names = Vec::new();
        for entry in months {
            names.extend(entry.forms.iter().map(|f| word_pattern(lang, f)));
            names.extend(
                entry
                    .abbreviations
                    .iter()
                    .map(|f| format!(r"{}\.?", word_pattern(lang, f))),
            );
        }
        if names.is_empty() {
            return Err(invalid(lang, "no month names"));
        }
        let name = alternation(names);
        let month = if grammar.month_pairs {
            format!(r"(?P<m{tag}>{name})(?:\s*/\s*(?P<n{tag}>{name}))?")
        } else {
            format!("(?P<m{tag}>{name})")
        };
        let day = format!("(?P<d{tag}>{DIGIT}{{1,2}})");
        let suffix = if grammar.day_suffixes.is_empty() {
            String::new()
        } else {
            let alt = alternation(
                grammar
                    .day_suffixes
                    .iter()
                    .map(|s| word_pattern(lang, s))
                    .collect(),
            );
            format!("{alt}?")
        };
        let before_month = optional_words_before(lang, &grammar.before_month);
        let before_year = optional_words_before(lang, &grammar.before_year);
        let year = format!("(?P<y{tag}>{DIGIT}{{4}})");
        let after_year = if grammar.after_year.is_empty() {
            String::new()
        } else {
            let alt = alternation(
                grammar
                    .after_year
                    .iter()
                    .map(|w| word_pattern(lang, w))
                    .collect(),
            );
            format!(r"(?:\s+(?P<a{tag}>{alt}))?")
        };
        Ok(if day_first {
            // No space is needed after the day: Arabic texts have "١٣-١٧نيسان/أبريل ٢٠١٥".
            format!(r"{day}{suffix}\s*{before_month}{month},?\s+{before_year}{year}{after_year}")
        } else {
            format!(r"{month}\s+{day}{suffix},?\s+{before_year}{year}{after_year}")
        })
    }

    /// The Chinese year-month-day pattern, with its three marker characters.
    fn chinese_branch(lang: Lang, grammar: &RawDates) -> Result<String, TableError> {
        let [y, m, d] = grammar.markers.as_slice() else {
            return Err(invalid(lang, "year-month-day needs three markers"));
        };
        let (y, m, d) = (regex::escape(y), regex::escape(m), regex::escape(d));
        let small = format!("(?:{DIGIT}{{1,2}}|[一二三四五六七八九十]{{1,3}})");
        Ok(format!(
            r"(?P<y3>{DIGIT}{{4}}|[〇○零一二三四五六七八九]{{4}})\s*{y}\s*(?P<m3>{small})\s*{m}\s*(?P<d3>{small})\s*{d}"
        ))
    }
}

impl SessionMatcher {
    /// Builds the session heading matcher of one language.
    fn build(lang: Lang, raw: &RawSessions) -> Result<SessionMatcher, TableError> {
        let position = match raw.position.as_str() {
            "ordinal-first" => Position::OrdinalFirst,
            "keyword-first" => Position::KeywordFirst,
            "counter" => Position::Counter,
            other => return Err(invalid(lang, format!("unknown session position {other:?}"))),
        };
        if raw.keywords.is_empty() {
            return Err(invalid(lang, "no session keywords"));
        }
        let keywords = alternation(raw.keywords.iter().map(|k| word_pattern(lang, k)).collect());
        let pattern = if position == Position::Counter {
            let prefix = regex::escape(&raw.prefix);
            format!(r"{prefix}\s*(?P<n>{DIGIT}{{1,3}}|{HAN_NUMERAL}{{1,6}})\s*{keywords}")
        } else {
            format!("(?i){keywords}")
        };
        let keyword = Regex::new(&pattern).map_err(|source| TableError::Regex { lang, source })?;
        let mut numeric_suffixes: Vec<String> = raw
            .numeric_suffixes
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        numeric_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Ok(SessionMatcher {
            position,
            keyword,
            numeric_suffixes,
            not_followed_by: raw.not_followed_by.iter().map(|w| fold(lang, w)).collect(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Ordinals: every spelling of 1..=199, generated from the word lists
// ---------------------------------------------------------------------------------------------

/// The word lists of one language, each cell split into its spellings.
struct Words {
    units: Vec<Vec<String>>,
    compound_units: Vec<Vec<String>>,
    teens: Vec<Vec<String>>,
    tens: Vec<Vec<String>>,
    compound_tens: Vec<Vec<String>>,
    conjunction: String,
    hundred: Vec<String>,
    hundredth: Vec<String>,
    hundred_link: Vec<String>,
    fuse_tens: bool,
    vigesimal: bool,
}

/// Every spelling of 1..=199 in `lang`, folded, mapped to its value. Empty for Chinese, whose
/// ordinals are numerals.
fn build_ordinals(lang: Lang, raw: &RawOrdinals) -> Result<HashMap<String, u32>, TableError> {
    let mut map = HashMap::new();
    if lang == Lang::Zh {
        return Ok(map);
    }
    let cells = |v: &[String], len: usize, what: &str| -> Result<Vec<Vec<String>>, TableError> {
        if v.len() != len {
            return Err(invalid(
                lang,
                format!("ordinal {what} has {} cells, not {len}", v.len()),
            ));
        }
        Ok(v.iter().map(|c| alternatives(c)).collect())
    };
    let units = cells(&raw.units, 9, "units")?;
    let tens = cells(&raw.tens, 8, "tens")?;
    let words = Words {
        compound_units: if raw.compound_units.is_empty() {
            units.clone()
        } else {
            cells(&raw.compound_units, 9, "compound_units")?
        },
        compound_tens: if raw.compound_tens.is_empty() {
            tens.clone()
        } else {
            cells(&raw.compound_tens, 8, "compound_tens")?
        },
        units,
        tens,
        teens: cells(&raw.teens, 10, "teens")?,
        conjunction: raw.conjunction.trim().to_string(),
        hundred: alternatives(&raw.hundred),
        hundredth: alternatives(&raw.hundredth),
        hundred_link: alternatives(&raw.hundred_link),
        fuse_tens: raw.fuse_tens,
        vigesimal: raw.vigesimal,
    };
    let mut rules: Vec<(String, Vec<String>)> = raw
        .inflections
        .iter()
        .map(|(ending, all)| {
            (
                fold(lang, ending),
                all.iter().map(|e| fold(lang, e)).collect(),
            )
        })
        .collect();
    rules.sort_by_key(|(ending, _)| std::cmp::Reverse(ending.len()));
    for n in 1..=199u32 {
        for phrase in compose(lang, &words, n) {
            for key in inflect(&fold(lang, &phrase), &rules) {
                if key.is_empty() {
                    continue;
                }
                if let Some(other) = map.insert(key.clone(), n).filter(|&o| o != n) {
                    return Err(invalid(
                        lang,
                        format!("ordinal {key:?} means both {other} and {n}"),
                    ));
                }
            }
        }
    }
    Ok(map)
}

/// Every spelling of the ordinal `n` (1..=199), unfolded.
fn compose(lang: Lang, w: &Words, n: u32) -> Vec<String> {
    match n {
        100 => w.hundredth.clone(),
        101..=199 => {
            let rest = below_hundred(lang, w, n - 100, true);
            if lang == Lang::Ar {
                product(&[rest, w.hundred_link.clone(), w.hundred.clone()])
            } else {
                product(&[w.hundred.clone(), w.hundred_link.clone(), rest])
            }
        }
        _ => below_hundred(lang, w, n, false),
    }
}

/// Every spelling of the ordinal `n` (1..=99); `compound` when it ends a larger number.
fn below_hundred(lang: Lang, w: &Words, n: u32, compound: bool) -> Vec<String> {
    let i = n as usize;
    match n {
        0 => Vec::new(),
        1..=9 if compound => w.compound_units[i - 1].clone(),
        1..=9 => w.units[i - 1].clone(),
        10..=19 => w.teens[i - 10].clone(),
        _ if n.is_multiple_of(10) => w.tens[i / 10 - 2].clone(),
        _ => {
            let (t, u) = (i / 10, i % 10);
            let and = vec![w.conjunction.clone()];
            let unit = &w.compound_units[u - 1];
            let lead = &w.compound_tens[t - 2];
            match lang {
                // Units first, the conjunction written on the tens: الحادية والعشرون.
                Lang::Ar => {
                    let tens = w.tens[t - 2]
                        .iter()
                        .map(|t| format!("{}{t}", w.conjunction))
                        .collect();
                    product(&[unit.clone(), tens])
                }
                // 70..79 and 90..99 are 60 + 10..19 and 80 + 10..19; "et" only in 71.
                Lang::Fr if w.vigesimal && (t == 7 || t == 9) => {
                    let teen = w.teens[u].clone();
                    if t == 7 && u == 1 {
                        product(&[lead.clone(), and, teen])
                    } else {
                        product(&[lead.clone(), teen])
                    }
                }
                // "vingt et unième" … "soixante et unième", but "quatre-vingt-unième".
                Lang::Fr if u == 1 && t != 8 => product(&[lead.clone(), and, unit.clone()]),
                _ => {
                    let mut all = product(&[lead.clone(), unit.clone()]);
                    if w.fuse_tens {
                        for l in lead {
                            all.extend(unit.iter().map(|u| format!("{l}{u}")));
                        }
                    }
                    all
                }
            }
        }
    }
}

/// Every way of picking one spelling from each part, joined by spaces (empty spellings are
/// dropped, so an empty alternative makes a part optional).
fn product(parts: &[Vec<String>]) -> Vec<String> {
    let mut acc = vec![String::new()];
    for part in parts {
        let mut next = Vec::with_capacity(acc.len() * part.len());
        for prefix in &acc {
            for alt in part {
                let mut s = prefix.clone();
                if !alt.is_empty() {
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push_str(alt);
                }
                next.push(s);
            }
        }
        acc = next;
    }
    acc
}

/// Every inflected form of a folded phrase: each word ending in a rule's ending (longest rule
/// first) takes each of the rule's endings in turn.
fn inflect(phrase: &str, rules: &[(String, Vec<String>)]) -> Vec<String> {
    let parts: Vec<Vec<String>> = phrase
        .split(' ')
        .map(|word| {
            let rule = rules
                .iter()
                .find(|(ending, _)| word.len() > ending.len() && word.ends_with(ending.as_str()));
            match rule {
                Some((ending, endings)) => {
                    let stem = &word[..word.len() - ending.len()];
                    endings.iter().map(|e| format!("{stem}{e}")).collect()
                }
                None => vec![word.to_string()],
            }
        })
        .collect();
    product(&parts)
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as written, for the tests that check its examples.
    fn raw() -> RawTable {
        match toml::from_str(SOURCE) {
            Ok(raw) => raw,
            Err(err) => panic!("{err}"),
        }
    }

    fn date(iso: &str) -> Date {
        let parts: Vec<&str> = iso.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            panic!("bad ISO date {iso:?} in the table");
        };
        let parse = |s: &str| {
            s.parse::<u32>()
                .unwrap_or_else(|_| panic!("bad ISO date {iso:?}"))
        };
        Date::new(parse(y) as i32, parse(m), parse(d))
            .unwrap_or_else(|| panic!("impossible date {iso:?} in the table"))
    }

    fn isos(lang: Lang, text: &str) -> Vec<String> {
        find_dates(lang, text)
            .iter()
            .map(|(_, d)| d.iso())
            .collect()
    }

    /// Spans must be in bounds and on char boundaries.
    fn check_span(text: &str, range: &Range<usize>) {
        assert!(
            range.start < range.end && range.end <= text.len(),
            "{range:?} in {text:?}"
        );
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }

    fn check_source(source: &Option<String>) {
        if let Some(source) = source {
            let lang = source.split('/').next().unwrap_or("");
            assert!(
                ["ar", "zh", "en", "fr", "ru", "es", "reference"].contains(&lang),
                "source {source:?} does not name a corpus file"
            );
        }
    }

    #[test]
    fn table_loads() {
        if let Err(err) = Calendar::load(SOURCE) {
            panic!("{err}");
        }
    }

    #[test]
    fn date_examples_parse_to_their_dates() {
        let raw = raw();
        let dates = raw.dates.into_array();
        let months = raw.months.into_array();
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            let mut examples: Vec<(DateExample, Option<u32>)> = dates[i]
                .1
                .examples
                .iter()
                .map(|e| (e.clone(), None))
                .collect();
            for entry in &months[i].1 {
                examples.extend(
                    entry
                        .examples
                        .iter()
                        .map(|e| (e.clone(), Some(entry.month))),
                );
            }
            for (example, month) in examples {
                check_source(&example.source);
                let want = date(&example.date);
                assert_eq!(
                    parse_date(lang, &example.text),
                    Some((want, example.text.len())),
                    "{lang}: {:?}",
                    example.text
                );
                let found = find_dates(lang, &example.text);
                assert_eq!(
                    found,
                    vec![(0..example.text.len(), want)],
                    "{lang}: {:?}",
                    example.text
                );
                if let Some(month) = month {
                    assert_eq!(
                        want.month, month,
                        "{lang}: {:?} is listed under the wrong month",
                        example.text
                    );
                }
            }
            for reject in &dates[i].1.rejects {
                assert_eq!(parse_date(lang, reject), None, "{lang}: {reject:?}");
                assert_eq!(find_dates(lang, reject), vec![], "{lang}: {reject:?}");
            }
        }
    }

    #[test]
    fn every_month_form_makes_a_date() {
        for lang in Lang::ALL {
            let mut count = 0;
            for (form, month) in month_forms(lang) {
                count += 1;
                let texts = match lang {
                    Lang::Zh => vec![format!("2000年{form}1日")],
                    Lang::Es => vec![format!("1 de {form} de 2000")],
                    _ => vec![
                        format!("1 {form} 2000"),
                        format!("1 {} 2000", form.to_uppercase()),
                    ],
                };
                for text in texts {
                    assert_eq!(
                        parse_date(lang, &text).map(|(d, _)| d),
                        Date::new(2000, month, 1),
                        "{lang}: {text:?}"
                    );
                }
            }
            assert!(count >= 12, "{lang}");
        }
        // Abbreviations take an optional full stop.
        assert_eq!(
            isos(Lang::En, "19 Nov 2002; 19 Nov. 2002"),
            ["2002-11-19", "2002-11-19"]
        );
    }

    #[test]
    fn ordinal_examples_both_ways() {
        let raw = raw();
        for (lang, ordinals) in raw.ordinals.into_array() {
            for example in &ordinals.examples {
                check_source(&example.source);
                assert_eq!(
                    ordinal_value(lang, &example.text),
                    Some(example.value),
                    "{lang}: {:?}",
                    example.text
                );
            }
            for reject in &ordinals.rejects {
                assert_eq!(ordinal_value(lang, reject), None, "{lang}: {reject:?}");
            }
        }
    }

    #[test]
    fn every_ordinal_has_a_spelling() {
        for lang in Lang::ALL {
            if lang == Lang::Zh {
                continue;
            }
            let values: std::collections::BTreeSet<u32> =
                CALENDAR.lang(lang).ordinals.values().copied().collect();
            assert_eq!(values, (1..=199).collect(), "{lang}");
        }
    }

    #[test]
    fn session_examples_both_ways() {
        let raw = raw();
        for (lang, sessions) in raw.sessions.into_array() {
            for example in &sessions.examples {
                check_source(&example.source);
                let found = find_session(lang, &example.text);
                assert_eq!(
                    found.as_ref().map(|f| f.1),
                    Some(example.session),
                    "{lang}: {:?}",
                    example.text
                );
                if let Some((range, _)) = found {
                    check_span(&example.text, &range);
                }
            }
            for reject in &sessions.rejects {
                assert_eq!(find_session(lang, reject), None, "{lang}: {reject:?}");
            }
        }
    }

    #[test]
    fn session_ranges_cover_the_heading() {
        let cases = [
            (
                Lang::En,
                "General Assembly \nSeventy-ninth session \nAgenda item 126",
                "Seventy-ninth session",
            ),
            (
                Lang::Fr,
                "Soixante-dix-neuvième session",
                "Soixante-dix-neuvième session",
            ),
            (
                Lang::Es,
                "Septuagésimo noveno período de sesiones",
                "Septuagésimo noveno período de sesiones",
            ),
            (
                Lang::Es,
                "Programa provisional del 67º período de sesiones",
                "67º período de sesiones",
            ),
            (
                Lang::Ru,
                "Семьдесят девятая сессия",
                "Семьдесят девятая сессия",
            ),
            (Lang::Ar, "للدورة السابعة والستين", "للدورة السابعة والستين"),
            (
                Lang::Ar,
                "الدورة التاسعة والسبعون\nالبند 126",
                "الدورة التاسعة والسبعون",
            ),
            (
                Lang::Zh,
                "## 第七十九届会议\n\n## 议程项目 126",
                "第七十九届会议",
            ),
            (
                Lang::En,
                "the one hundred and twenty-sixth session",
                "one hundred and twenty-sixth session",
            ),
        ];
        for (lang, text, want) in cases {
            let found = find_session(lang, text);
            assert_eq!(found.map(|(r, _)| &text[r]), Some(want), "{lang}: {text:?}");
        }
    }

    /// zh/A_RES_79_319.md, the heading and the dates of its preamble and signature.
    #[test]
    fn chinese_resolution_79_319() {
        let head = "\n\n\n\n## 第七十九届会议\n\n## 议程项目 126\n\n## 联合国与各国议会和各国议会联盟的互动\n\n## 2025年7月25日大会决议\n";
        assert_eq!(find_session(Lang::Zh, head).map(|(_, n)| n), Some(79));
        assert_eq!(isos(Lang::Zh, head), ["2025-07-25"]);
        let preamble = "又回顾其2002年11月19日第57/32号决议，其中邀请各国议会联盟以观察员身份参加大会的工作，并回顾大会2018年5月22日第72/278号决议，";
        assert_eq!(isos(Lang::Zh, preamble), ["2002-11-19", "2018-05-22"]);
        let spaced = "并欢迎于 2025 年 7 月 29 日至 31 日举办第六届世界议长大会议，";
        assert_eq!(isos(Lang::Zh, spaced), ["2025-07-29"]);
        assert_eq!(find_session(Lang::Zh, spaced), None);
        assert_eq!(
            parse_date(Lang::Zh, "2025 年 7 月 25 日"),
            Some((date("2025-07-25"), "2025 年 7 月 25 日".len()))
        );
        // A month without a day is not a date.
        assert_eq!(
            isos(
                Lang::Zh,
                "并回顾 2019 年 6 月推出的《联合国消除仇恨言论战略和行动计划》"
            ),
            Vec::<String>::new()
        );
    }

    /// en/A_RES_79_319.txt, as extracted (trailing spaces, non-breaking hyphens).
    #[test]
    fn english_resolution_79_319() {
        let head = "United Nations \nA/RES/79/319 \n \nGeneral Assembly \nDistr.: General \n29 July 2025 \n25-12359 (E) \n*2512359* \n \n \nSeventy-ninth session \nAgenda item 126 \n";
        let (range, n) = find_session(Lang::En, head).unwrap_or_else(|| panic!("no session"));
        assert_eq!((&head[range], n), ("Seventy-ninth session", 79));
        assert_eq!(isos(Lang::En, head), ["2025-07-29"]);
        let body = "Recalling also its resolution 57/32 of 19 November 2002, in which the \nInter\u{2011}Parliamentary Union was invited to participate in the work of the General \nAssembly in the capacity of observer, and recalling further its resolution 72/278 of \n22 May 2018, in which the Assembly, inter alia, decided to strengthen the modalities ";
        let found = find_dates(Lang::En, body);
        let texts: Vec<&str> = found.iter().map(|(r, _)| &body[r.clone()]).collect();
        assert_eq!(texts, ["19 November 2002", "22 May 2018"]);
        assert_eq!(isos(Lang::En, body), ["2002-11-19", "2018-05-22"]);
    }

    /// The attested strings of reference/un-conventions.md §7.
    #[test]
    fn conventions_fixtures() {
        let cases = [
            (
                Lang::En,
                "resolution 50/153 of 21 December 1995",
                "21 December 1995",
                "1995-12-21",
            ),
            (
                Lang::En,
                "resolutions 1261 (1999) of 25 August 1999",
                "25 August 1999",
                "1999-08-25",
            ),
            (
                Lang::Fr,
                "Rappelant sa résolution 47/135 du 18 décembre 1992",
                "18 décembre 1992",
                "1992-12-18",
            ),
            (
                Lang::Es,
                "Recordando sus resoluciones 41/60 J, de 3 de diciembre de 1986",
                "3 de diciembre de 1986",
                "1986-12-03",
            ),
            (
                Lang::Es,
                "resolución 2334 (2016), de 23 de diciembre de 2016",
                "23 de diciembre de 2016",
                "2016-12-23",
            ),
            (
                Lang::Es,
                "resolución 77/247, de 30 de diciembre de 2022",
                "30 de diciembre de 2022",
                "2022-12-30",
            ),
            (
                Lang::Ru,
                "ссылаясь на свои резолюции 55/162 от 14 декабря 2000 года",
                "14 декабря 2000 года",
                "2000-12-14",
            ),
            (
                Lang::Ru,
                "принятая Советом Безопасности на его 9196-м заседании 17 ноября 2022 года",
                "17 ноября 2022 года",
                "2022-11-17",
            ),
            (
                Lang::Ar,
                "إذ تشير إلى قرارها 60/251 المؤرخ 15 آذار/مارس 2006",
                "15 آذار/مارس 2006",
                "2006-03-15",
            ),
            (
                Lang::Ar,
                "قراراتها 40 / 152 سين المؤرخ 16 كانون الأول/ ديسمبر 1985",
                "16 كانون الأول/ ديسمبر 1985",
                "1985-12-16",
            ),
            (
                Lang::Ar,
                "المؤرخ 27 حزيران/يونيه 2011",
                "27 حزيران/يونيه 2011",
                "2011-06-27",
            ),
            (
                Lang::Zh,
                "1985年12月18日第40/243号、…第47/202 A至D号…决议",
                "1985年12月18日",
                "1985-12-18",
            ),
        ];
        for (lang, text, span, iso) in cases {
            let found = find_dates(lang, text);
            assert_eq!(found.len(), 1, "{lang}: {text:?}");
            let (range, d) = &found[0];
            assert_eq!(
                (&text[range.clone()], d.iso().as_str()),
                (span, iso),
                "{lang}: {text:?}"
            );
        }
    }

    /// UNv1.0 dev set: line i is the same sentence in all six languages, so the same dates
    /// must come out of all six.
    #[test]
    fn devset_lines_agree_across_languages() {
        let lines: [(&str, [&str; 6], &[&str]); 8] = [
            (
                "20",
                [
                    "المقرر عقدها يوم الأربعاء 21 كانون الثاني/يناير 2015، الساعة 00:11",
                    "定于2015年1月21日星期三上午11时分举行",
                    "To be held on Wednesday, 21 January 2015, at 11 a.m.",
                    "Qui se tiendra le mercredi 21 janvier 2015, à 11 heures",
                    "которое состоится в cреду, 21 января 2015 года, в 11 ч. 00 м.",
                    "Que se celebrará el miércoles 21 de enero de 2015, a las 11.00 horas",
                ],
                &["2015-01-21"],
            ),
            (
                "85",
                [
                    "أتشرف بأن أشير إلى قوة الأمم المتحدة الأمنية المؤقتة لأبيي التي أُنشئت بموجب قرار مجلس الأمن 1990 (2011) المؤرخ 27 حزيران/يونيه 2011، ومُددت ولايتها مؤخرا بموجب قرار المجلس 2179 (2014) المؤرخ 14 تشرين الأول/أكتوبر 2014.",
                    "谨提及安全理事会2011年6月27日第1990(2011)号决议所设和最近由安理会2014年10月14日第2179(2014)号决议延长的联合国阿卜耶伊临时安全部队(联阿安全部队)。",
                    "I have the honour to refer to the United Nations Interim Security Force for Abyei (UNISFA), established by Security Council resolution 1990 (2011) of 27 June 2011 and most recently extended by Council resolution 2179 (2014) of 14 October 2014.",
                    "J'ai l'honneur de me référer à la Force intérimaire de sécurité des Nations Unies pour Abyei (FISNUA), que le Conseil de sécurité a créée par sa résolution 1990 (2011) en date du 27 juin 2011 et dont il a le plus récemment prorogé le mandat par sa résolution 2179 (2014) du 14 octobre 2014.",
                    "Имею честь обратиться по вопросу о Временных силах Организации Объединенных Наций по обеспечению безопасности в Абьее (ЮНИСФА), которые были учреждены Советом Безопасности в его резолюции 1990 (2011) от 27 июня 2011 года и мандат которых был недавно продлен Советом в его резолюции 2179 (2014) от 14 октября 2014 года.",
                    "Tengo el honor de referirme a la Fuerza Provisional de Seguridad de las Naciones Unidas para Abyei (UNISFA), que fue establecida en la resolución 1990 (2011) del Consejo de Seguridad, de 27 de junio de 2011, y cuyo mandato se prorrogó recientemente en la resolución 2179 (2014) del Consejo, de 14 de octubre de 2014.",
                ],
                &["2011-06-27", "2014-10-14"],
            ),
            (
                "282",
                [
                    "1 - دخلت معاهدة إنشاء منطقة خالية من الأسلحة النووية في جنوب المحيط الهادئ (معاهدة راروتونغا) حيز النفاذ في 11 كانون الأول/ديسمبر 1986، فأصبحت ثاني معاهدة",
                    "1. 《南太平洋无核区条约》(《拉罗通加条约》)于1986年12月11日生效，是世界人口聚居地区建立无核区的第二个条约",
                    "1. The South Pacific Nuclear Free Zone Treaty (Treaty of Rarotonga) entered into force on 11 December 1986, becoming the second treaty in the world",
                    "Le Traité sur la zone dénucléarisée du Pacifique Sud, connu sous le nom de Traité de Rarotonga, est entré en vigueur le 11 décembre 1986, devenant le deuxième traité",
                    "1. Договор о безъядерной зоне южной части Тихого океана (Договор Раротонга) вошел в силу 11 декабря 1986 года, став вторым в мире договором",
                    "1. El Tratado sobre la Zona Desnuclearizada del Pacífico Sur (Tratado de Rarotonga) entró en vigor el 11 de diciembre de 1986 y fue el segundo tratado",
                ],
                &["1986-12-11"],
            ),
            (
                "303",
                [
                    "الذي دخل حيز النفاذ في 1 تموز/يوليه 2013.",
                    "根据2013年7月1日开始正式生效的《刑事犯罪受害者经济赔偿法》，",
                    "which entered into force on 1 July 2013.",
                    "qui est entrée en vigueur le 1er juillet 2013.",
                    "который вступил в силу 1 июля 2013 года.",
                    "que entró en vigor el 1 de julio de 2013.",
                ],
                &["2013-07-01"],
            ),
            (
                "345",
                [
                    "٢٤ - الأسلحة الصغيرة (24 أيلول/سبتمبر 1999؛ ٢٦ أيلول/سبتمبر ٢٠١٣).",
                    "24. 小武器(1999年9月24日；2013年9月26日)。",
                    "24. Small arms (24 September 1999; 26 September 2013).",
                    "24. Armes de petit calibre (24 septembre 1999; 26 septembre 2013).",
                    "24. Стрелковое оружие (24 сентября 1999 года; 26 сентября 2013 года).",
                    "24. Armas pequeñas (24 de septiembre de 1999; 26 de septiembre de 2013).",
                ],
                &["1999-09-24", "2013-09-26"],
            ),
            (
                "711",
                [
                    "وإذ تشير أيضا إلى أن مجلس السلام والأمن التابع للاتحاد الأفريقي أصدر في 19 آب/أغسطس 2014، إذنه بالنشر الفوري",
                    "又回顾，2014年8月19日，非洲联盟和平与安全理事会援引",
                    "Also recalling that, on 19 August 2014, the African Union Peace and Security Council invoked article 6 (f),",
                    "Rappelant également que, le 19 août 2014, le Conseil de paix et de sécurité de l'Union africaine, invoquant l'article 6 f),",
                    "напоминая также о том, что 19 августа 2014 года Совет мира и безопасности Африканского союза сослался на пункт (f) статьи 6",
                    "Recordando también que el 19 de agosto de 2014 el Consejo de Paz y Seguridad de la Unión Africana invocó el artículo 6 f),",
                ],
                &["2014-08-19"],
            ),
            (
                "3044",
                [
                    "61 - شكوى مقدمة من كوبا (17 أيلول/سبتمبر 1973؛ 18 أيلول/ سبتمبر 1973).",
                    "61. 古巴的控诉(1973年9月17日；1973年9月18日)。",
                    "61. Complaint by Cuba (17 September 1973; 18 September 1973).",
                    "61. Plainte déposée par Cuba (17 septembre 1973; 18 septembre 1973).",
                    "61. Жалоба Кубы (17 сентября 1973 года; 18 сентября 1973 года).",
                    "61. Denuncia de Cuba (17 de septiembre de 1973; 18 de septiembre de 1973).",
                ],
                &["1973-09-17", "1973-09-18"],
            ),
            (
                "3121",
                [
                    "كانت ناشطة بالفعل في أوزبكستان المستقلة في 1 كانون الثاني/ يناير 2000 بعد انهيار نظام الحزب الواحد القديم،",
                    "就正当活动而言，在旧的一党制解体后，2000年1月1日，独立的乌兹别克斯坦已有4个正式登记的政党在运作；",
                    "four officially registered political parties were already operating in independent Uzbekistan on 1 January 2000 after the collapse",
                    "pas moins de quatre partis politiques étaient officiellement enregistrés dans l'Ouzbékistan indépendant du 1er janvier 2000, et leurs représentants",
                    "то после крушения старой однопартийной системы на 1 января 2000 года в независимом Узбекистане действовали уже четыре",
                    "después del colapso del antiguo sistema de partido único, el 1 de enero de 2000 en Uzbekistán independiente ya estaban",
                ],
                &["2000-01-01"],
            ),
        ];
        for (line, texts, want) in lines {
            for (lang, text) in Lang::ALL.into_iter().zip(texts) {
                let found = find_dates(lang, text);
                for (range, _) in &found {
                    check_span(text, range);
                }
                let got: Vec<String> = found.iter().map(|(_, d)| d.iso()).collect();
                assert_eq!(got, want, "line {line}, {lang}: {text:?}");
            }
        }
    }

    /// UNv1.0 dev set session headings: the same number in all six languages.
    #[test]
    fn devset_session_headings_agree_across_languages() {
        let lines: [(u32, [&str; 6]); 8] = [
            (
                69,
                [
                    "الدورة التاسعة والستون",
                    "第六十九届会议",
                    "Sixty-ninth session",
                    "Soixante-neuvième session",
                    "Шестьдесят девятая сессия",
                    "Sexagésimo noveno período de sesiones",
                ],
            ),
            (
                59,
                [
                    "الدورة التاسعة والخمسون",
                    "第五十九届会议",
                    "Fifty-ninth session",
                    "Cinquante-neuvième session",
                    "Пятьдесят девятая сессия",
                    "59º período de sesiones",
                ],
            ),
            (
                3,
                [
                    "الدورة الثالثة",
                    "第三届会议",
                    "Third session",
                    "Troisième session",
                    "Третья сессия",
                    "Tercer período de sesiones",
                ],
            ),
            (
                14,
                [
                    "الدورة الرابعة عشرة",
                    "第十四届会议",
                    "Fourteenth session",
                    "Quatorzième Session",
                    "Четырнадцатая сессия",
                    "14º período de sesiones",
                ],
            ),
            (
                54,
                [
                    "الدورة الرابعة والخمسون",
                    "第五十四届会议",
                    "Fifty-fourth session",
                    "Cinquante-quatrième session",
                    "Пятьдесят четвертая сессия",
                    "54º período de sesiones",
                ],
            ),
            (
                48,
                [
                    "الدورة الثامنة والأربعون",
                    "第四十八届会议",
                    "Forty-eighth session",
                    "Quarante-huitième session",
                    "Сорок восьмая сессия",
                    "48º período de sesiones",
                ],
            ),
            (
                24,
                [
                    "الدورة الرابعة والعشرون",
                    "第二十四届会议",
                    "Twenty-fourth session",
                    "Vingt-quatrième session",
                    "Двадцать четвертая сессия",
                    "24º período de sesiones",
                ],
            ),
            (
                9,
                [
                    "الدورة التاسعة",
                    "第九届会议",
                    "Ninth session",
                    "Neuvième session",
                    "Девятая сессия",
                    "Noveno período de sesiones",
                ],
            ),
        ];
        for (want, texts) in lines {
            for (lang, text) in Lang::ALL.into_iter().zip(texts) {
                let found = find_session(lang, text);
                assert_eq!(found, Some((0..text.len(), want)), "{lang}: {text:?}");
            }
        }
        // Line 520 writes the English heading with a cardinal ("Twenty-eight session"); the
        // other five languages have the ordinal.
        assert_eq!(find_session(Lang::En, "Twenty-eight session"), None);
        assert_eq!(
            find_session(Lang::Ar, "الدورة الثامنة والعشرون").map(|f| f.1),
            Some(28)
        );
    }

    #[test]
    fn invalid_dates() {
        for (lang, text) in [
            (Lang::En, "31 February 2020"),
            (Lang::En, "29 February 2100"),
            (Lang::En, "0 May 2015"),
            (Lang::En, "15 May 0000"),
            (Lang::Fr, "31 avril 2015"),
            (Lang::Ru, "31 июня 2015 года"),
            (Lang::Zh, "2015年13月1日"),
            (Lang::Zh, "2015年0月1日"),
            (Lang::Ar, "30 شباط/فبراير 2015"),
        ] {
            assert_eq!(parse_date(lang, text), None, "{lang}: {text:?}");
            assert_eq!(find_dates(lang, text), vec![], "{lang}: {text:?}");
        }
        assert_eq!(
            Date::new(2000, 2, 29).map(|d| d.iso()).as_deref(),
            Some("2000-02-29")
        );
        assert_eq!(Date::new(1900, 2, 29), None);
        assert_eq!(Date::new(2024, 0, 1), None);
        assert_eq!(Date::new(2024, 1, 32), None);
        assert_eq!(Date::new(0, 1, 1), None);
    }

    #[test]
    fn date_boundaries() {
        // Digits glued to the day or the year are not a date.
        assert_eq!(isos(Lang::En, "123 May 2015"), Vec::<String>::new());
        assert_eq!(isos(Lang::En, "12 May 20155"), Vec::<String>::new());
        // "года" only as a whole word; then the span ends at the year.
        let text = "14 декабря 2000 годах";
        assert_eq!(
            find_dates(Lang::Ru, text),
            vec![(0.."14 декабря 2000".len(), date("2000-12-14"))]
        );
        // A date inside a range: the day next to the month.
        assert_eq!(isos(Lang::En, "Vienna, 18-22 May 2015"), ["2015-05-22"]);
        // Not at the start: parse_date is anchored.
        assert_eq!(parse_date(Lang::En, "on 19 November 2002"), None);
        // Case and digit systems.
        assert_eq!(isos(Lang::Fr, "VENDREDI 4 DÉCEMBRE 1959"), ["1959-12-04"]);
        assert_eq!(isos(Lang::En, "１９ November ２００２"), ["2002-11-19"]);
        assert_eq!(isos(Lang::Ar, "۱۵ آذار/مارس ۲۰۰۶"), ["2006-03-15"]);
        assert_eq!(isos(Lang::En, "on\n19\u{a0}November\n2002"), ["2002-11-19"]);
        // Arabic writes the conjunction on the day (ar/UNv1.0.devset.ar.txt:2013).
        let text = "الذي انعقد في فيينا في يومي 8 و9 كانون الأول/ديسمبر 2014.";
        assert_eq!(isos(Lang::Ar, text), ["2014-12-09"]);
        assert_eq!(
            isos(Lang::Ar, "x9 كانون الأول/ديسمبر 2014"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn roman_numerals() {
        for (s, v) in [
            ("I", 1),
            ("III", 3),
            ("IV", 4),
            ("XIV", 14),
            ("XXV", 25),
            ("XXX", 30),
            ("xxx", 30),
            ("XLIX", 49),
            ("MCMXCIV", 1994),
            ("MMMCMXCIX", 3999),
        ] {
            assert_eq!(roman_value(s), Some(v), "{s}");
        }
        for s in [
            "", "IIII", "IC", "VX", "IL", "MMMM", "Mix", "XxV", "XV ", "12", "Ⅻ", "ABC",
        ] {
            assert_eq!(roman_value(s), None, "{s:?}");
        }
    }

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("七十九", 79),
            ("八十二", 82),
            ("一百二十六", 126),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("一百十", 110),
            ("一百二", 120),
            ("两千零二十五", 2025),
            ("二〇〇二", 2002),
            ("一九四二", 1942),
            ("一万二千", 12000),
            ("79", 79),
            ("７９", 79),
            ("٧٩", 79),
        ] {
            assert_eq!(chinese_number(s), Some(v), "{s}");
        }
        for s in [
            "",
            "十十",
            "百十百",
            "七9",
            "一一十",
            "万",
            "a",
            "第七十九",
            "九九九九九九九九九九九九",
        ] {
            assert_eq!(chinese_number(s), None, "{s:?}");
        }
        assert_eq!(ordinal_value(Lang::Zh, "第七十九"), Some(79));
        assert_eq!(ordinal_value(Lang::Zh, "二百"), None);
    }

    #[test]
    fn ordinals_fold_case_accents_and_marks() {
        assert_eq!(ordinal_value(Lang::Fr, "SOIXANTE-DIX-NEUVIEME"), Some(79));
        assert_eq!(ordinal_value(Lang::Es, "septuagesimo  noveno"), Some(79));
        assert_eq!(ordinal_value(Lang::Es, "trigésima primera"), Some(31));
        assert_eq!(ordinal_value(Lang::Ru, "СЕМЬДЕСЯТ ДЕВЯТОЙ"), Some(79));
        assert_eq!(ordinal_value(Lang::Ru, "третьей"), Some(3));
        assert_eq!(ordinal_value(Lang::Ar, "التَّاسِعَة والسَّبعون"), Some(79));
        assert_eq!(ordinal_value(Lang::Ar, "التاسعه والسبعين"), Some(79));
        assert_eq!(ordinal_value(Lang::En, "Seventy\u{2011}ninth"), Some(79));
        assert_eq!(ordinal_value(Lang::En, ""), None);
        assert_eq!(ordinal_value(Lang::En, "two hundredth"), None);
    }

    /// No input makes the parsers panic, and every span they return is on char boundaries.
    #[test]
    fn no_panics_on_odd_input() {
        let pieces = [
            "1",
            "19",
            "٢",
            "２",
            "۹",
            " ",
            "\n",
            "/",
            " / ",
            "-",
            "‑",
            "年",
            "月",
            "日",
            "第",
            "届会议",
            "七十九",
            "〇",
            "November",
            "Nov.",
            "décembre",
            "1er",
            "de",
            "декабря",
            "года",
            "г.",
            "كانون الأول",
            "ديسمبر",
            "آذار",
            "ـ",
            "َ",
            "الدورة",
            "التاسعة",
            "والسبعون",
            "session",
            "Seventy-ninth",
            "período de sesiones",
            "59º",
            "сессия",
            "2002",
            "é",
            "\u{301}",
            "😀",
            "\u{200f}",
            ",",
            "th",
            "سنة",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            for lang in Lang::ALL {
                let mut last_end = 0;
                for (range, _) in find_dates(lang, &text) {
                    check_span(&text, &range);
                    assert!(range.start >= last_end, "overlap in {text:?}");
                    last_end = range.end;
                }
                if let Some((_, len)) = parse_date(lang, &text) {
                    assert!(text.is_char_boundary(len));
                }
                if let Some((range, _)) = find_session(lang, &text) {
                    check_span(&text, &range);
                }
                let _ = ordinal_value(lang, &text);
            }
            let _ = chinese_number(&text);
            let _ = roman_value(&text);
        }
    }
}
