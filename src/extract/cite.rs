//! Finding citations in a view: document symbols, resolutions and decisions cited by number,
//! UNFCCC decisions, sales numbers; each resolved to a canonical target.
//!
//! Finders read the normalised view (full-width folded, Arabic-Indic digits folded) and
//! report view ranges; the caller maps them back to original spans. The pipeline per view:
//! symbols first (they win over anything overlapping them), then keyword-anchored number
//! lists ("resolutions 660 (1990), 661 (1990) … and 686 (1991)", "第40/243号、…第47/202 A至D号决议",
//! "قراراتها 40 / 152 سين"), then sales numbers.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::model::CitationKind as Kind;
use super::organ::{Named, Organ, named_after, named_before, nearest_organ_before};
use super::symbol::Symbol;
use crate::gazetteer::calendar;
use crate::text::Lang;

/// A citation found in a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// View range of the cited text.
    pub range: Range<usize>,
    /// Canonical target.
    pub target: String,
    /// What is cited.
    pub kind: Kind,
    /// Who issued the cited document.
    pub issuing_body: Option<&'static str>,
    /// Pinpoint in English.
    pub pinpoint: Option<String>,
    /// Date written with the citation.
    pub date: Option<String>,
}

/// What the finders need to know about the citing document.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Language of the text.
    pub lang: Lang,
    /// The organ that adopted the citing document, when known.
    pub own: Option<Organ>,
    /// The regular session of the citing document, read from its own symbol (`A/HRC/RES/39/3`:
    /// 39): a Human Rights Council text cannot cite a Council resolution of a later session, so
    /// a bare "60/251" in it is the General Assembly's.
    pub own_session: Option<u32>,
}

impl Context {
    /// The organ a bare `session/number` resolution belongs to: the citing document's own
    /// organ where it numbers resolutions that way (HRC, UNEA), the General Assembly otherwise.
    fn default_session_organ(&self) -> Organ {
        match self.own {
            Some(o @ (Organ::Hrc | Organ::Unea)) => o,
            _ => Organ::Ga,
        }
    }
}

/// Finds every citation in `text`.
pub fn find(text: &str, ctx: &Context) -> Vec<Found> {
    let mut out = find_symbols(text);
    let taken = Taken::new(out.iter().map(|f| f.range.clone()));
    out.extend(
        find_numbered(text, ctx)
            .into_iter()
            .filter(|f| !taken.overlaps(&f.range)),
    );
    let taken = Taken::new(out.iter().map(|f| f.range.clone()));
    out.extend(
        find_sales_numbers(text)
            .into_iter()
            .filter(|f| !taken.overlaps(&f.range)),
    );
    out.sort_by_cached_key(|f| (f.range.start, f.range.end));
    out.dedup_by(|a, b| a.range == b.range && a.target == b.target);
    out
}

/// Ranges already claimed by a finder, asked whether a new range overlaps any of them in
/// O(log n): a document with tens of thousands of citations must not cost their square.
struct Taken {
    /// Ranges sorted by start.
    ranges: Vec<Range<usize>>,
    /// `max_end[i]`: the largest end among `ranges[..=i]`.
    max_end: Vec<usize>,
}

impl Taken {
    fn new(ranges: impl Iterator<Item = Range<usize>>) -> Taken {
        let mut ranges: Vec<Range<usize>> = ranges.collect();
        ranges.sort_by_key(|r| r.start);
        let mut max_end = Vec::with_capacity(ranges.len());
        let mut m = 0;
        for r in &ranges {
            m = m.max(r.end);
            max_end.push(m);
        }
        Taken { ranges, max_end }
    }

    fn overlaps(&self, r: &Range<usize>) -> bool {
        // Every range starting before `r.end` overlaps `r` iff it ends after `r.start`.
        let n = self.ranges.partition_point(|t| t.start < r.end);
        n > 0 && self.max_end[n - 1] > r.start
    }
}

// ---------------------------------------------------------------------------------------------
// Document symbols

const SYMBOL_COMPONENT: &str = r"(?:(?:Add|Corr|Rev|Amend|Sub|Res|Dec|ADD|CORR|REV)\.\s?[0-9lI]{1,4}(?:-[0-9]{1,4})?|Summary|E?S-[0-9]{1,2}|[A-Z]{1,10}(?:\.[0-9]{1,5}[A-Z]?|\.[A-Z]{1,3})?(?:-[0-9]{1,5})?|[0-9]{1,5}[A-Z]?(?:\s?\((?:19|20)[0-9]{2}\)|\((?:[IVXL]{1,6}|E?S-[IVXL]{1,4})\)|-[0-9]{1,3})?)";

static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    let series = super::symbol::SERIES.join("|");
    let one = format!(
        r"(?:{series})(?:/{SYMBOL_COMPONENT})+(?:\s?\((?:Part\s?[IVX0-9]{{1,4}}|Resumption\s?[0-9]{{1,2}}|OR|SUPP)\))?"
    );
    Regex::new(&format!(
        r"(?-u:\b)(?P<a>{one})(?:\s?[-–—]\s?(?P<b>{one}))?"
    ))
    .expect("static regex")
});

/// `and Add.1`, `and Corr.1`, `, Add.1 and 2`, `和Add.1`: modifications of the symbol before.
static SYMBOL_MODS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*(?:,|and|et|y|и|和|及|、|و)\s*)(Add|Corr|Rev|Amend)\.([0-9]{1,4})(?:\s?[-–]\s?([0-9]{1,4}))?")
        .expect("static regex")
});
/// `CEDAW/C/SR.1453和1454`: a second number of the same series.
static SYMBOL_NEXT_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:,|and|et|y|и|和|及|、)\s*(?:and\s+)?([0-9]{1,5})(?:\s?[-–]\s?([0-9]{1,5}))?(?:[^0-9/.]|$)").expect("static regex")
});
/// Other organisations' series, reported as their own documents: IAEA `GC(59)/RES/9`.
static OTHER_SERIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)GC\([0-9]{1,3}\)/(?:RES|DEC)/[0-9]{1,4}(?:\s?[A-Z](?-u:\b))?")
        .expect("static regex")
});

fn find_symbols(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in SYMBOL.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let raw = m.as_str();
        // A trailing "A" in "A/70/L.8 A" or a lone letter is not part of the symbol.
        let Ok(sym) = Symbol::parse(raw) else {
            continue;
        };
        let target = sym.as_str().to_string();
        let kind = symbol_kind(&target);
        let mut end = m.end();
        let mut found = vec![Found {
            range: m.start()..m.end(),
            target: target.clone(),
            kind,
            issuing_body: sym.issuing_body(),
            pinpoint: None,
            date: None,
        }];
        // Expand `Add.1-6` ranges in the symbol itself.
        if let Some(expanded) = expand_range(&target) {
            found[0].target = expanded[0].clone();
            for t in expanded.into_iter().skip(1) {
                found.push(Found {
                    target: t,
                    ..found[0].clone()
                });
            }
        }
        // "and Add.1", "and Corr.1-2" after the symbol.
        let base = base_of(&found[0].target).to_string();
        while let Some(mc) = SYMBOL_MODS.captures(&text[end..]) {
            let (Some(all), Some(word), Some(n)) = (mc.get(0), mc.get(1), mc.get(2)) else {
                break;
            };
            let from: u32 = n.as_str().parse().unwrap_or(0);
            let to: u32 = mc
                .get(3)
                .and_then(|x| x.as_str().parse().ok())
                .unwrap_or(from);
            let r =
                end + all.start() + all.as_str().find(word.as_str()).unwrap_or(0)..end + all.end();
            for k in from..=to.min(from + 50) {
                found.push(Found {
                    range: r.clone(),
                    target: format!("{base}/{}.{k}", word.as_str()),
                    kind,
                    issuing_body: sym.issuing_body(),
                    pinpoint: None,
                    date: None,
                });
            }
            end += all.end();
        }
        // "CEDAW/C/SR.1453和1454", "SR.22-33, 39, 43-46": more numbers of the same series.
        let stem = found[0]
            .target
            .rsplit_once('.')
            .map(|(stem, _)| stem.to_string());
        let series_numbered = target.rsplit('/').next().is_some_and(|last| {
            ["SR.", "PV.", "L.", "CRP.", "WP."]
                .iter()
                .any(|p| last.starts_with(p))
        });
        if let (Some(stem), true) = (stem, series_numbered) {
            while let Some(mc) = SYMBOL_NEXT_NUMBER.captures(&text[end..]) {
                let (Some(n), Some(all)) = (mc.get(1), mc.get(0)) else {
                    break;
                };
                let from: u32 = n.as_str().parse().unwrap_or(0);
                let to: u32 = mc
                    .get(2)
                    .and_then(|x| x.as_str().parse().ok())
                    .unwrap_or(from);
                let stop = mc.get(2).map_or(n.end(), |x| x.end());
                for k in from..=to.min(from + 100) {
                    found.push(Found {
                        range: end + n.start()..end + stop,
                        target: format!("{stem}.{k}"),
                        kind,
                        issuing_body: sym.issuing_body(),
                        pinpoint: None,
                        date: None,
                    });
                }
                let _ = all;
                end += stop;
            }
        }
        let pin =
            pinpoint_after(text, end).or_else(|| pinpoint_after(text, skip_closing(text, end)));
        if let Some((p, _)) = &pin {
            for f in &mut found {
                f.pinpoint = Some(p.clone());
            }
        }
        out.extend(found);
    }
    for m in OTHER_SERIES.find_iter(text) {
        let t: String = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        let target = t.split(' ').next().unwrap_or(&t).to_string();
        out.push(Found {
            range: m.range(),
            target,
            kind: Kind::Document,
            issuing_body: Some("General Conference of the International Atomic Energy Agency"),
            pinpoint: None,
            date: None,
        });
    }
    out
}

/// The kind of document a symbol names, from its `RES`/`DEC` component.
pub(super) fn symbol_kind(target: &str) -> Kind {
    let parts: Vec<&str> = target.split('/').collect();
    if parts.iter().any(|p| *p == "RES" || p.starts_with("Res.")) {
        Kind::Resolution
    } else if parts.iter().any(|p| *p == "DEC" || p.starts_with("Dec.")) {
        Kind::Decision
    } else {
        Kind::Document
    }
}

/// The symbol without trailing modification components (`A/62/439/Add.1` → `A/62/439`).
fn base_of(target: &str) -> &str {
    let mut t = target;
    while let Some((head, last)) = t.rsplit_once('/') {
        if ["Add.", "Corr.", "Rev.", "Amend."]
            .iter()
            .any(|m| last.starts_with(m))
        {
            t = head;
        } else {
            break;
        }
    }
    t
}

/// `A/62/439/Add.1-6` → `A/62/439/Add.1` … `A/62/439/Add.6`.
fn expand_range(target: &str) -> Option<Vec<String>> {
    let (head, last) = target.rsplit_once('/')?;
    let (word, nums) = last.split_once('.')?;
    let (a, b) = nums.split_once('-')?;
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    if b <= a || b - a > 50 {
        return None;
    }
    Some((a..=b).map(|k| format!("{head}/{word}.{k}")).collect())
}

// ---------------------------------------------------------------------------------------------
// Pinpoints

static PIN_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
            (?P<annexes>annexes|annexes|anexos)\s+(?P<an1>[IVX]{1,5})\s+(?:and|et|y|to|à)\s+(?P<an2>[IVX]{1,5})
          | (?P<annex>annex|annexe|anexo|приложение|приложения|المرفق)(?:\s+(?P<annexn>[IVX]{1,5}|[0-9]{1,2})(?-u:\b))?
          | (?P<zhannex>附件)(?P<zhn>[一二三四五六七八九十]{1,3})?(?:(?:和|及|至)(?P<zhn2>[一二三四五六七八九十]{1,3}))?
          | (?P<encl>enclosure|pièce\ jointe|anexo\ adjunto|附文|вложение)
          | (?P<app>appendix|appendice|apéndice|добавление|التذييل|附录)(?:\s+(?P<appn>[IVX]{1,5}))?
          | (?P<para>paras?\.|paragraphs?|par\.|párrs?\.|пункты?|п\.|الفقرة|الفقرتان)\s*(?P<pn>[0-9]{1,3}(?:\s?[-–]\s?[0-9]{1,3}|\s?\([a-z]{1,4}\))?)
          | 第\s*(?P<zhpn>[0-9]{1,3}(?:\s?\([a-z]{1,4}\))?)\s*段
          | (?P<chap>chap\.|chapter|chapitre|cap\.|capítulo|глава|الفصل)\s*(?P<cn>[IVX]{1,6}|[0-9]{1,2})
          | 第(?P<zhcn>[一二三四五六七八九十]{1,3})章(?:(?P<zhsn>[A-Z])节)?
          | (?P<sect>sect\.|section|secc\.|раздел)\s*(?P<sn>[A-Z]|[IVX]{1,4}|[0-9]{1,2})(?-u:\b)
          | (?P<res>resolution|résolution|resolución|резолюция|决议)\s*(?P<rn>[0-9]{1,3})(?-u:\b)
          | (?P<dec>decision|décision|decisión|решение)\s+(?P<dn>[0-9]{1,2}/(?:CP|CMP|CMA)\.[0-9]{1,2})
          | 第\s*(?P<zhdn>[0-9]{1,2}/(?:CP|CMP|CMA)\.[0-9]{1,2})\s*号决定
          | (?P<part>part|partie|parte)\s+(?P<ptn>[A-Z]|[IVX]{1,4}|One|Two|Three)(?-u:\b)
        )",
    )
    .expect("static regex")
});
static PIN_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:,|，|、|;)?\s*").expect("static regex"));

/// A Chinese numeral of a chapter or annex as a Roman numeral ("二" → "II").
fn zh_roman(s: &str) -> String {
    calendar::chinese_number(s).map_or_else(|| s.to_string(), calendar::roman_numeral)
}

/// Parses a pinpoint ("annex II", "para. 12", "decision 1/CP.21, annex", "附件二") that starts
/// at `at` after a comma, and returns it in English with the view offset where it ends.
pub fn pinpoint_after(text: &str, at: usize) -> Option<(String, usize)> {
    let mut pos = at;
    let mut items: Vec<String> = Vec::new();
    loop {
        let rest = &text[pos..];
        let sep = PIN_SEP.find(rest).map_or(0, |m| m.end());
        // The first item must follow a comma (or sit right after the symbol in Chinese).
        if items.is_empty() && sep == 0 && !rest.starts_with('第') && !rest.starts_with('附') {
            break;
        }
        let Some(c) = PIN_ITEM.captures(&rest[sep..]) else {
            break;
        };
        let Some(m) = c.get(0) else { break };
        let g = |n: &str| c.name(n).map(|x| x.as_str());
        let item = if g("annexes").is_some() {
            format!(
                "annexes {} and {}",
                g("an1").unwrap_or(""),
                g("an2").unwrap_or("")
            )
        } else if g("annex").is_some() {
            match g("annexn") {
                Some(n) => format!("annex {n}"),
                None => "annex".into(),
            }
        } else if g("zhannex").is_some() {
            match (g("zhn"), g("zhn2")) {
                (Some(a), Some(b)) => format!("annexes {} and {}", zh_roman(a), zh_roman(b)),
                (Some(a), None) => format!("annex {}", zh_roman(a)),
                _ => "annex".into(),
            }
        } else if g("encl").is_some() {
            "enclosure".into()
        } else if g("app").is_some() {
            match g("appn") {
                Some(n) => format!("appendix {n}"),
                None => "appendix".into(),
            }
        } else if let Some(n) = g("pn").or(g("zhpn")) {
            let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
            let n = n.replace('(', " (");
            if n.contains(['-', '–']) {
                format!("paras. {}", n.replace('–', "-"))
            } else {
                format!("para. {n}")
            }
        } else if let Some(n) = g("cn") {
            format!("chap. {n}")
        } else if let Some(n) = g("zhcn") {
            match g("zhsn") {
                Some(sect) => format!("chap. {}, sect. {sect}", zh_roman(n)),
                None => format!("chap. {}", zh_roman(n)),
            }
        } else if let Some(n) = g("sn") {
            format!("sect. {n}")
        } else if let Some(n) = g("rn") {
            format!("resolution {n}")
        } else if let Some(n) = g("dn").or(g("zhdn")) {
            format!("decision {n}")
        } else if let Some(n) = g("ptn") {
            format!("part {n}")
        } else {
            break;
        };
        items.push(item);
        pos += sep + m.end();
    }
    if items.is_empty() {
        None
    } else {
        Some((items.join(", "), pos))
    }
}

// ---------------------------------------------------------------------------------------------
// Resolutions and decisions cited by number

/// One number form, as written after a keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Number {
    /// `661 (1990)`.
    Sc { n: u32, year: u32 },
    /// `217 A (III)`, `2252 (ES-V)`.
    Roman { n: u32, session: String },
    /// `1/CP.21`.
    Unfccc { n: u32, body: String, session: u32 },
    /// `57/32`, `S-26/1`, `ES-10/15`, `2023/10`.
    Session { session: String, n: u32 },
    /// `resolution 1325`: a Security Council resolution cited without its year.
    Bare { n: u32 },
}

const PARTS: &str = r"(?:[A-Z](?:\s*(?:and|to|et|à|y|a|и|至|和|及|-|–)\s*[A-Z])?(?-u:\b)|(?:ألف|باء|جيم|دال|هاء|واو|زاي|حاء|طاء|ياء|كاف|لام|ميم|نون|سين|عين|فاء|صاد|قاف|راء|شين|تاء|ثاء|خاء|ذال|ضاد|ظاء|غين)(?:\s*(?:و|إلى)\s*(?:ألف|باء|جيم|دال|هاء|واو|زاي|حاء|طاء|ياء|كاف|لام|ميم|نون|سين|عين|فاء|صاد|قاف|راء|شين|تاء|ثاء|خاء|ذال|ضاد|ظاء|غين))?)";

static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^(?:
            (?P<sc_n>[0-9]{{1,4}})\s*\(\s*(?P<sc_y>(?:19[4-9]|20[0-4])[0-9])\s*\)
          | (?P<r_n>[0-9]{{1,4}})\s*(?P<r_parts>{PARTS})?\s*\(\s*(?P<r_s>(?:E?S-)?[IVXL]{{1,7}})\s*\)
          | (?P<ard_n>[0-9]{{1,4}})\s*(?P<ard_parts>{PARTS})?\s*\(\s*د\s*-\s*(?P<ard_s>[0-9]{{1,2}})\s*\)
          | (?P<u_n>[0-9]{{1,2}})\s*/\s*(?P<u_b>CP|CMP|CMA)\s*\.\s*(?P<u_s>[0-9]{{1,2}})
          | (?P<ar_u_n>[0-9]{{1,2}})\s*/\s*م\s*أ\s*-\s*(?P<ar_u_s>[0-9]{{1,2}})
          | (?P<s_s>(?:E?S-)?[0-9]{{1,4}})\s*/\s*(?P<s_n>[0-9]{{1,4}})(?:\s*(?P<s_parts>{PARTS}))?
          | (?P<bare>[1-9][0-9]{{2,3}})
        )"
    ))
    .expect("static regex")
});

fn arabic_letter(s: &str) -> Option<char> {
    const LETTERS: [&str; 26] = [
        "ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف", "لام", "ميم",
        "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء", "ثاء", "خاء", "ذال", "ضاد",
    ];
    LETTERS
        .iter()
        .position(|l| *l == s)
        .and_then(|i| char::from_u32('A' as u32 + i as u32))
}

/// "A and B" → `part A`/`parts A and B`; Arabic letters → Latin.
fn parts_pinpoint(raw: &str) -> Option<String> {
    let letters: Vec<String> = raw
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–' || c == '至')
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            if w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase()) {
                Some(w.to_string())
            } else {
                arabic_letter(w).map(|c| c.to_string())
            }
        })
        .collect();
    let range = raw.contains(['至', '-', '–'])
        || raw.contains(" to ")
        || raw.contains(" à ")
        || raw.contains("إلى");
    match letters.as_slice() {
        [] => None,
        [a] => Some(format!("part {a}")),
        [a, b] if range => Some(format!("parts {a} to {b}")),
        [a, b] => Some(format!("parts {a} and {b}")),
        _ => Some(format!("parts {}", letters.join(", "))),
    }
}

struct Item {
    range: Range<usize>,
    number: Number,
    parts: Option<String>,
}

fn item_at(text: &str, at: usize) -> Option<Item> {
    let c = ITEM.captures(&text[at..])?;
    let m = c.get(0)?;
    let g = |n: &str| c.name(n).map(|x| x.as_str());
    let num = |n: &str| g(n).and_then(|x| x.parse::<u32>().ok());
    let (number, parts) = if let (Some(n), Some(year)) = (num("sc_n"), num("sc_y")) {
        (Number::Sc { n, year }, None)
    } else if let (Some(n), Some(s)) = (num("r_n"), g("r_s")) {
        (
            Number::Roman {
                n,
                session: s.to_string(),
            },
            g("r_parts").and_then(parts_pinpoint),
        )
    } else if let (Some(n), Some(s)) = (num("ard_n"), num("ard_s")) {
        // Arabic writes the session of a Roman-numbered resolution as "(د-10)".
        (
            Number::Roman {
                n,
                session: calendar::roman_numeral(s),
            },
            g("ard_parts").and_then(parts_pinpoint),
        )
    } else if let (Some(n), Some(b), Some(s)) = (num("u_n"), g("u_b"), num("u_s")) {
        (
            Number::Unfccc {
                n,
                body: b.to_string(),
                session: s,
            },
            None,
        )
    } else if let (Some(n), Some(s)) = (num("ar_u_n"), num("ar_u_s")) {
        (
            Number::Unfccc {
                n,
                body: "CP".into(),
                session: s,
            },
            None,
        )
    } else if let (Some(s), Some(n)) = (g("s_s"), num("s_n")) {
        (
            Number::Session {
                session: s.to_string(),
                n,
            },
            g("s_parts").and_then(parts_pinpoint),
        )
    } else if let Some(n) = num("bare") {
        // Not "1576 (L)", "1325 (2000)" (matched above) nor a number in a longer expression.
        let rest = text[at + m.end()..].trim_start();
        if rest.starts_with(['(', '（', '/', '.', '-', '%']) && !rest.starts_with("...") {
            return None;
        }
        // "резолюции 1995 года", "the 1995 resolution": a year, not a number.
        const YEAR_WORDS: [&str; 8] = ["года", "год", "г.", "年", "year", "année", "año", "عام"];
        if YEAR_WORDS.iter().any(|w| rest.starts_with(w)) {
            return None;
        }
        (Number::Bare { n }, None)
    } else {
        return None;
    };
    // The item must end at a boundary: "57/32" but not "57/325x" or "2/7-page".
    let end = at + m.end();
    if text[end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/') {
        return None;
    }
    Some(Item {
        range: at..end,
        number,
        parts,
    })
}

/// Years of Security Council resolutions as real texts cite them (`data/sc_resolution_years.tsv`,
/// derived from the corpora by `data/tools/sc_resolution_years.py`), sorted by number.
static SC_YEARS: LazyLock<Vec<(u32, u32)>> = LazyLock::new(|| {
    include_str!("../../data/sc_resolution_years.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
        .collect()
});

/// The year of Security Council resolution `n`: known, or between two known numbers of the
/// same year (resolutions are numbered in order).
fn sc_year(n: u32) -> Option<u32> {
    let t = &*SC_YEARS;
    let i = t.partition_point(|&(k, _)| k < n);
    match (t.get(i), i.checked_sub(1).and_then(|j| t.get(j))) {
        (Some(&(k, y)), _) if k == n => Some(y),
        (Some(&(_, y2)), Some(&(_, y1))) if y1 == y2 => Some(y1),
        _ => None,
    }
}

/// Canonical target for a number cited as a resolution (`decision == false`) or decision.
fn resolve(
    number: &Number,
    decision: bool,
    named: Option<Named>,
    ctx: &Context,
) -> Option<(String, Organ)> {
    let explicit = match named {
        Some(Named::NonUn) => return None,
        Some(Named::Organ(o)) => Some(o),
        Some(Named::Own) => ctx.own,
        Some(Named::Council) => match ctx.own {
            Some(o @ (Organ::Sc | Organ::Hrc | Organ::Ecosoc)) => Some(o),
            _ => None,
        },
        None => None,
    };
    match number {
        Number::Sc { n, year } => {
            if decision || *n == 0 || *n > 4000 || !(1946..=2049).contains(year) {
                return None;
            }
            Some((format!("S/RES/{n} ({year})"), Organ::Sc))
        }
        Number::Roman { n, session } => {
            let (prefix, roman) = match session.split_once('-') {
                Some((p, r)) => (format!("{p}-"), r),
                None => (String::new(), session.as_str()),
            };
            let v = calendar::roman_value(roman)?;
            if decision || *n == 0 {
                return None;
            }
            // The Economic and Social Council numbered its sessions in Roman numerals until 1977.
            // "the Council" with a session beyond the Assembly's thirtieth can only be ECOSOC.
            let ecosoc = explicit == Some(Organ::Ecosoc)
                || (named == Some(Named::Council) && (ctx.own == Some(Organ::Ecosoc) || v > 30));
            if ecosoc && prefix.is_empty() && (1..=63).contains(&v) {
                return Some((format!("E/RES/{n}({roman})"), Organ::Ecosoc));
            }
            // GA sessions were numbered in Roman numerals up to the thirtieth (1975).
            let ok = match prefix.as_str() {
                "" => (1..=30).contains(&v),
                "S-" => (1..=7).contains(&v),
                "ES-" => (1..=5).contains(&v),
                _ => false,
            };
            if !ok || matches!(explicit, Some(o) if o != Organ::Ga) {
                return None;
            }
            Some((format!("A/RES/{n}({prefix}{roman})"), Organ::Ga))
        }
        Number::Unfccc { n, body, session } => Some((format!("{n}/{body}.{session}"), Organ::Cop)),
        Number::Bare { n } => {
            // Only where the Security Council is named or nothing else is: in a General
            // Assembly text "resolution 1514" is the Assembly's 1514 (XV).
            let sc_context = match explicit {
                Some(Organ::Sc) => true,
                Some(_) => false,
                None => matches!(ctx.own, None | Some(Organ::Sc)),
            };
            if decision || !sc_context || *n < 100 {
                return None;
            }
            let year = sc_year(*n)?;
            Some((format!("S/RES/{n} ({year})"), Organ::Sc))
        }
        Number::Session { session, n } => {
            if *n == 0 {
                return None;
            }
            let year = session
                .parse::<u32>()
                .ok()
                .filter(|y| (1946..=2049).contains(y));
            if let Some(y) = year {
                let organ = if explicit == Some(Organ::Chr) {
                    Organ::Chr
                } else {
                    Organ::Ecosoc
                };
                let target = match (organ, decision) {
                    (Organ::Chr, false) => format!("E/CN.4/RES/{y}/{n}"),
                    (Organ::Chr, true) => format!("E/CN.4/DEC/{y}/{n}"),
                    (_, false) => format!("E/RES/{y}/{n}"),
                    (_, true) => format!("E/DEC/{y}/{n}"),
                };
                return Some((target, organ));
            }
            let special = session.starts_with("S-");
            let emergency = session.starts_with("ES-");
            let number: u32 = session
                .trim_start_matches("ES-")
                .trim_start_matches("S-")
                .parse()
                .ok()?;
            let organ = if emergency {
                Organ::Ga
            } else {
                match explicit {
                    Some(o @ (Organ::Ga | Organ::Hrc | Organ::Unea)) => o,
                    // "Council resolution 5/1": only the Human Rights Council numbers that way.
                    None if named == Some(Named::Council) => Organ::Hrc,
                    Some(_) => Organ::Ga,
                    None if special && ctx.own == Some(Organ::Hrc) => Organ::Hrc,
                    None => ctx.default_session_organ(),
                }
            };
            // In a Human Rights Council or Environment Assembly text, a number of a session its
            // organ has not reached (or never numbers to), where the text does not name the
            // organ, is the General Assembly's, whose sessions run ahead: "its resolutions 5/1
            // and 60/251" in a Council text of the 39th session, "resolution 69/314" in an
            // Environment Assembly text. In an Assembly text such a number stays as written,
            // for `unkg verify` to flag (a typo, or another body's numbering: "decision 91/27").
            // The highest session number each organ numbers its documents by.
            let max_session = |organ| match organ {
                Organ::Hrc => 80,
                Organ::Unea => 20,
                _ => 99,
            };
            let beyond_own = matches!(organ, Organ::Hrc | Organ::Unea)
                && !special
                && ctx.own == Some(organ)
                && !matches!(named, Some(Named::Organ(_)))
                && (number > max_session(organ) || ctx.own_session.is_some_and(|own| number > own));
            let organ = if beyond_own { Organ::Ga } else { organ };
            let max = max_session(organ);
            if number == 0 || number > max || *n > 2000 {
                return None;
            }
            let target = match (organ, decision) {
                (Organ::Hrc, false) => format!("A/HRC/RES/{session}/{n}"),
                (Organ::Hrc, true) => format!("A/HRC/DEC/{session}/{n}"),
                (Organ::Unea, false) => format!("UNEP/EA.{session}/Res.{n}"),
                (Organ::Unea, true) => format!("UNEP/EA.{session}/Dec.{n}"),
                (_, false) => format!("A/RES/{session}/{n}"),
                (_, true) => format!("A/DEC/{session}/{n}"),
            };
            Some((target, organ))
        }
    }
}

/// Citation keywords per language: (regex, is a decision keyword).
static KEYWORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?P<res>(?i:resolutions?)|[Rr]ésolutions?|[Rr]esoluci(?:ón|ones)|[Рр]езолюци[а-я]*|[وفبل]{0,2}(?:ال)?قرار(?:ات|ين|ي|ا)?(?:ها|ه|هما|هم)?)
        | (?P<dec>(?i:decisions?)|[Dd]écisions?|[Dd]ecisi(?:ón|ones)|[Рр]ешени[а-я]*|[وفبل]{0,2}(?:ال)?مقرر(?:ات|ي|ا)?(?:ها|ه)?)
        | (?P<prst>President[’']s\s+statements?|[Pp]residential\s+statements?)
        | (?P<zh>第)",
    )
    .expect("static regex")
});

/// What may stand between a keyword and its first number.
static LEAD_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*(?:التابع\s+للأمم\s+المتحدة|الأمم\s+المتحدة|of\s+the\s+United\s+Nations|des\s+Nations\s+Unies|de\s+las\s+Naciones\s+Unidas|Организации\s+Объединенных\s+Наций)?\s*(?:Nos?\.|n[°º]s?|№|رقم)?\s*)").expect("static regex")
});

/// Separators between items of a list.
static LIST_SEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\s*[,;、，]?\s*(?:…|\.\.\.)?\s*(?:and|as\ well\ as|et|ainsi\ que|y|así\ como|e|и|а\ также|или|or|ou|o|و|أو|،|和|及|以及|与|或)?\s*(?:…|\.\.\.)?\s*第?\s*(?:and|et|y|и|و|和|及)?\s*)",
    )
    .expect("static regex")
});

/// Words that attach a date to the citation before it ("of 19 November 2002").
static DATE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*(?:(?:of|on|adopted\ on|dated|du|en\ date\ du|de|del|el|le|от|المؤرخ|المؤرخة|المؤرخين|المؤرختين|المعتمد\ في)\s+|(?:adopted|aprobad[ao]s?|adoptée?s?|принят[а-я]*|الذي\s+اتخذه|الذي\s+اتخذته|التي\s+اتخذها)(?:\s+[^\s,;.]+){0,6}?\s+(?:on|el|le|в|في)\s+)?")
        .expect("static regex")
});

/// A topic or title between list items: ", on human rights and the environment,", ", entitled “…”,".
static LIST_INTERLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^\s*,\s*(?:on\ [^,;.\d]{1,120}|entitled\ [“"][^”"]{1,300}[”"]|intitulée\ [«“][^»”]{1,300}[»”]|titulada\ [“«][^”»]{1,300}[”»]|relativa\ a\ [^,;.\d]{1,120}|sur\ [^,;.\d]{1,120}|sobre\ [^,;.\d]{1,120})\s*,?"#,
    )
    .expect("static regex")
});

/// A Chinese date before a number: "2002年11月19日".
static ZH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*")
        .expect("static regex")
});

/// Where a list of numbers may start: after a keyword, or (Chinese) at a number followed by 号.
struct Anchor {
    /// Where the keyword starts (the number, for a bare Chinese number).
    at: usize,
    /// Where the first number may start.
    after: usize,
    decision: bool,
    prst: bool,
    zh: bool,
    /// The keyword itself carries the possessive (Arabic قرارها).
    possessive: bool,
}

/// Chinese numbers cited without 第: "大会S-24/2号决议", "ES-10/13号、…ES-10/17号决议".
static ZH_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:E?S-)?[0-9]{1,4}\s*(?:/\s*[0-9]{1,4}|\(\s*(?:19|20)[0-9]{2}\s*\)|\(\s*[IVXL]{1,7}\s*\))\s*(?:[A-Z](?:\s*(?:和|至)\s*[A-Z])?\s*)?号")
        .expect("static regex")
});
/// UNFCCC decisions stand on their own anywhere: "1/CP.16, appendix I".
static UNFCCC_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{1,2}\s*/\s*(?:CP|CMP|CMA)\s*\.\s*[0-9]{1,2}(?-u:\b)")
        .expect("static regex")
});
/// "paragraph 2 of resolution", "para. 2 (e) of", "paragraphe 6 de la", "párrafo 6 de la",
/// "пункт 6", "الفقرة 6 من": a pinpoint before the keyword.
static PARA_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:[Pp]aragraphs?|[Ss]ubparagraphs?|paras?\.|paragraphe|alinéa|párrafo|apartado|пункт[а-я]*|подпункт[а-я]*)|الفقرة|الفقرتين)\s+([0-9]{1,3}(?:\s?\([a-z]{1,4}\))?)\s+(?:of|de\s+la|de\s+sa|de\s+su|de|du|del|из|من)?\s*(?:its|the|sa|su|своей|этой|la)?\s*(?:(?:[A-Z][a-z]+|Совета|Безопасности|مجلس|الأمن)\s+){0,3}$")
        .expect("static regex")
});

/// Which group of [`KEYWORDS`] a match belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Resolution,
    Decision,
    Prst,
    Zh,
}

/// The group of [`KEYWORDS`] that matched `t`, told from the words themselves: asking the regex
/// for its groups would run a slower engine over every keyword of the text.
fn keyword_kind(t: &str) -> Keyword {
    if t == "第" {
        return Keyword::Zh;
    }
    if t.ends_with("statement") || t.ends_with("statements") {
        return Keyword::Prst;
    }
    let decision = t.contains("مقرر")
        || t.contains("ешени")
        || t.contains("écision")
        || t.to_ascii_lowercase().contains("decisi");
    if decision {
        Keyword::Decision
    } else {
        Keyword::Resolution
    }
}

fn anchors(text: &str) -> Vec<Anchor> {
    let mut out: Vec<Anchor> = KEYWORDS
        .find_iter(text)
        .filter_map(|kw| {
            let t = kw.as_str();
            let kind = keyword_kind(t);
            let zh = kind == Keyword::Zh;
            // Keywords are whole words. The check is done here rather than with `\b` in the
            // pattern: Unicode word boundaries would push the regex engine off its fast path.
            if !zh {
                let before = text[..kw.start()].chars().next_back();
                let after = text[kw.end()..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    return None;
                }
            }
            Some(Anchor {
                at: kw.start(),
                after: kw.end(),
                decision: kind == Keyword::Decision,
                prst: kind == Keyword::Prst,
                zh,
                possessive: !zh && t.contains("قرار") && (t.ends_with("ها") || t.ends_with('ه')),
            })
        })
        .collect();
    if text.contains('号') {
        for m in ZH_BARE.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            if before
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '第' || c == '-')
            {
                continue;
            }
            out.push(Anchor {
                at: m.start(),
                after: m.start(),
                decision: false,
                prst: false,
                zh: true,
                possessive: false,
            });
        }
        out.sort_by_key(|a| a.at);
    }
    out
}

fn find_numbered(text: &str, ctx: &Context) -> Vec<Found> {
    let mut out = Vec::new();
    let mut resume = 0usize;
    for a in anchors(text) {
        if a.at < resume {
            continue;
        }
        let zh = a.zh;
        let mut named = named_before(if zh { Lang::Zh } else { ctx.lang }, text, a.at);
        // "its resolution" in a passage whose own organ is unknown: the organ the sentence
        // names last ("the Economic and Social Council established … by its resolution 9 (I)").
        if named == Some(Named::Own) && ctx.own.is_none() {
            named = nearest_organ_before(text, a.at).or(named);
        }
        let mut pos = a.after;
        if !zh {
            if named.is_none() && a.possessive {
                named = Some(Named::Own);
                if ctx.own.is_none() {
                    named = nearest_organ_before(text, a.at).or(named);
                }
            }
            // "قرار الجمعية العامة 60/251", "résolution de l'Assemblée générale 60/1".
            if let Some((after, e)) = named_after(text, pos) {
                let gap = LEAD_FILLER.find(&text[e..]).map_or(0, |m| m.end());
                if item_at(text, e + gap).is_some() {
                    named = Some(after);
                    pos = e;
                }
            }
            pos += LEAD_FILLER.find(&text[pos..]).map_or(0, |m| m.end());
        } else {
            pos += text[pos..].len() - text[pos..].trim_start().len();
        }
        let Some(first) = item_at(text, pos) else {
            continue;
        };
        let mut items = vec![(first, None::<String>)];
        let mut end = items[0].0.range.end;
        let mut named_late = None;
        // The rest of the list.
        loop {
            let mut p = end;
            // A body named after the number ("du Conseil de sécurité"), then a date.
            if !zh && let Some((n, e)) = named_after(text, p) {
                named_late = named_late.or(Some(n));
                p = e;
                end = e;
            }
            if let Some((date, len)) = date_after(ctx.lang, text, p) {
                if let Some(last) = items.last_mut() {
                    last.1 = Some(date);
                }
                p += len;
                end = p;
            }
            if let Some(m) = LIST_INTERLUDE.find(&text[p..]) {
                p += m.end();
            }
            if zh {
                p += text[p..].len() - text[p..].trim_start_matches('号').len();
            }
            let sep = LIST_SEP.find(&text[p..]).map_or(0, |m| m.end());
            if sep == 0 {
                break;
            }
            let mut q = p + sep;
            let mut zh_date = None;
            if zh && let Some(d) = ZH_DATE.captures(&text[q..]) {
                zh_date = zh_date_iso(&d);
                q += d.get(0).map_or(0, |m| m.end());
                q += text[q..].len() - text[q..].trim_start_matches('第').len();
            }
            match item_at(text, q) {
                Some(it) => {
                    end = it.range.end;
                    items.push((it, zh_date));
                }
                None => break,
            }
        }
        // Chinese numbers are followed by 号决议 / 号决定; without it they are not citations,
        // except a Roman-numbered GA resolution ("第2(I)号").
        let mut decision = a.decision;
        let mut zh_after_keyword = None;
        if zh {
            let rest = text[end..]
                .trim_start_matches(|c: char| c == '号' || c == '…' || c.is_whitespace());
            let tail: String = rest.chars().take(2).collect();
            let hao = text[end..].trim_start().starts_with('号');
            if tail == "决议" {
                decision = false;
            } else if tail == "决定" {
                decision = true;
            } else if hao
                && items
                    .iter()
                    .all(|(it, _)| matches!(it.number, Number::Roman { .. }))
            {
                decision = false;
            } else {
                continue;
            }
            if tail == "决议" || tail == "决定" {
                zh_after_keyword = Some(text.len() - rest.len() + tail.len());
            }
            // A Chinese date before 第 belongs to the first item.
            if items[0].1.is_none() {
                items[0].1 = zh_date_before(text, a.at);
            }
            // "(2022年12月30日)" after the keyword.
            if let Some(k) = zh_after_keyword
                && let Some(d) = ZH_PAREN_DATE.captures(&text[k..])
                && let Some(last) = items.last_mut()
            {
                last.1 = last.1.take().or_else(|| zh_date_iso(&d));
            }
        }
        if named.is_none() {
            named = named_late;
        }
        let para = PARA_BEFORE
            .captures(crate::text::before(text, a.at, 160))
            .and_then(|c| c.get(1))
            .map(|m| {
                format!(
                    "para. {}",
                    m.as_str().split_whitespace().collect::<Vec<_>>().join(" ")
                )
            });
        let count = items.len();
        for (k, (it, date)) in items.into_iter().enumerate() {
            let resolved = if a.prst {
                resolve_prst(&it.number, named, ctx)
            } else {
                resolve(&it.number, decision, named, ctx)
            };
            let Some((target, organ)) = resolved else {
                continue;
            };
            let kind = if decision || matches!(it.number, Number::Unfccc { .. }) {
                Kind::Decision
            } else if a.prst {
                Kind::Document
            } else {
                Kind::Resolution
            };
            let mut pins: Vec<String> = Vec::new();
            if k == 0 {
                pins.extend(para.clone());
            }
            pins.extend(it.parts.clone());
            // "第 69/313 号决议，附件": in Chinese the pinpoint follows the keyword.
            let pin_at = match zh_after_keyword {
                Some(a) if k + 1 == count => a,
                _ => it.range.end,
            };
            // "résolution 3235 (XXIX) de l'Assemblée générale, annexe": after the trailers.
            let pin = pinpoint_after(text, pin_at).or_else(|| {
                if k + 1 == count {
                    pinpoint_after(text, end)
                } else {
                    None
                }
            });
            if let Some((p, _)) = pin {
                pins.push(p);
            }
            out.push(Found {
                range: it.range.clone(),
                target,
                kind,
                issuing_body: Some(organ.name()),
                pinpoint: if pins.is_empty() {
                    None
                } else {
                    Some(pins.join(", "))
                },
                date,
            });
        }
        resume = end;
    }
    // UNFCCC decisions written without a keyword.
    let taken = Taken::new(out.iter().map(|f| f.range.clone()));
    for m in UNFCCC_BARE.find_iter(text) {
        if taken.overlaps(&m.range()) {
            continue;
        }
        let Some(it) = item_at(text, m.start()) else {
            continue;
        };
        let Some((target, organ)) = resolve(&it.number, true, None, ctx) else {
            continue;
        };
        let pinpoint = pinpoint_after(text, it.range.end).map(|p| p.0);
        out.push(Found {
            range: it.range,
            target,
            kind: Kind::Decision,
            issuing_body: Some(organ.name()),
            pinpoint,
            date: None,
        });
    }
    out
}

/// "President's statement 29/1" of the Human Rights Council → `A/HRC/PRST/29/1`.
fn resolve_prst(number: &Number, named: Option<Named>, ctx: &Context) -> Option<(String, Organ)> {
    let hrc = named == Some(Named::Organ(Organ::Hrc)) || ctx.own == Some(Organ::Hrc);
    match number {
        Number::Session { session, n } if hrc => {
            Some((format!("A/HRC/PRST/{session}/{n}"), Organ::Hrc))
        }
        _ => None,
    }
}

static ZH_PAREN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[(（]\s*([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*[)）]")
        .expect("static regex")
});

fn zh_date_iso(c: &regex::Captures<'_>) -> Option<String> {
    let y: u32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2)?.as_str().parse().ok()?;
    let d: u32 = c.get(3)?.as_str().parse().ok()?;
    crate::gazetteer::calendar::Date::new(y as i32, m, d).map(|d| d.iso())
}

static ZH_DATE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*$")
        .expect("static regex")
});

/// The date written before 第 in the same clause: "其2002年11月19日第57/32号决议",
/// "其1970年10月24日载有《…》的第2625(XXV)号决议".
fn zh_date_before(text: &str, at: usize) -> Option<String> {
    let window = crate::text::before(text, at, 240);
    let clause = window
        .rfind(['，', '。', '；', ',', ';', '、'])
        .map_or(window, |i| &window[i..]);
    if let Some(c) = ZH_DATE_BEFORE.captures(clause) {
        return zh_date_iso(&c);
    }
    ZH_DATE_ANY
        .captures_iter(clause)
        .last()
        .and_then(|c| zh_date_iso(&c))
}

static ZH_DATE_ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日").expect("static regex")
});

/// A date attached after an item: its ISO form and the bytes it spans (with its lead word).
fn date_after(lang: Lang, text: &str, at: usize) -> Option<(String, usize)> {
    let rest = &text[at..];
    let lead = DATE_LEAD.find(rest)?;
    let (date, len) = crate::gazetteer::calendar::parse_date(lang, &rest[lead.end()..])?;
    Some((date.iso(), lead.end() + len))
}

// ---------------------------------------------------------------------------------------------
// Sales numbers

static SALES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?:Sales\s+No\.?|[Nn]uméro\s+de\s+vente|[Nn]úm(?:ero|\.)\s+de\s+venta|в\s+продаже\s+под\s+№|№\s+в\s+продаже|رقم\s+المبيع|出售品编号)\s*[:：.]?\s*
           (?P<num>(?:(?P<lang>[EFSRAC])\.)?(?P<gv>GV\.)?(?P<yy>[0-9]{2})\.(?P<cat>[0-9IVXL]{1,5}(?:\.[A-Z])?)\.(?P<n>[0-9]{1,3})(?:\s?\(Part\s?[0-9IVX]{1,3}\))?)",
    )
    .expect("static regex")
});

fn find_sales_numbers(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in SALES.captures_iter(text) {
        let (Some(all), Some(yy), Some(cat), Some(n)) =
            (c.get(0), c.name("yy"), c.name("cat"), c.name("n"))
        else {
            continue;
        };
        let gv = if c.name("gv").is_some() { "GV." } else { "" };
        let target = format!("SALES/{gv}{}.{}.{}", yy.as_str(), cat.as_str(), n.as_str());
        let end = all.end();
        let pinpoint = pinpoint_after(text, skip_closing(text, end)).map(|p| p.0);
        let start = c.name("num").map_or(all.start(), |m| m.start());
        out.push(Found {
            range: start..end,
            target,
            kind: Kind::SalesNumber,
            issuing_body: None,
            pinpoint,
            date: None,
        });
    }
    out
}

/// Skips a closing parenthesis after a citation in parentheses: "(… Sales No. E.96.IV.13), chap. I".
fn skip_closing(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let t = rest.trim_start_matches([')', '）', ' ']);
    at + rest.len() - t.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Telling a keyword's group from its words agrees with the regex's own groups, on every
    /// keyword of the corpus.
    #[test]
    fn keyword_kinds_are_the_regex_groups() {
        let mut checked = 0;
        for (_, path, text) in crate::text::corpus_texts() {
            for c in KEYWORDS.captures_iter(&text) {
                let t = &c[0];
                let want = if c.name("zh").is_some() {
                    Keyword::Zh
                } else if c.name("prst").is_some() {
                    Keyword::Prst
                } else if c.name("dec").is_some() {
                    Keyword::Decision
                } else {
                    Keyword::Resolution
                };
                assert_eq!(keyword_kind(t), want, "{t:?} in {}", path.display());
                checked += 1;
            }
        }
        for t in [
            "DECISIONS",
            "Decisión",
            "décisions",
            "решениями",
            "ومقرراتها",
            "RESOLUTION",
        ] {
            let c = KEYWORDS.captures(t).expect("a keyword");
            assert_eq!(&c[0], t);
            assert_eq!(
                keyword_kind(t) == Keyword::Decision,
                c.name("dec").is_some(),
                "{t}"
            );
        }
        eprintln!("{checked} keywords checked");
    }

    /// Targets in an English text of `own`'s regular session `session`.
    fn in_session(text: &str, own: Organ, session: u32) -> Vec<String> {
        let ctx = Context {
            lang: Lang::En,
            own: Some(own),
            own_session: Some(session),
        };
        find(text, &ctx).into_iter().map(|f| f.target).collect()
    }

    fn targets(text: &str, lang: Lang, own: Option<Organ>) -> Vec<String> {
        find(
            text,
            &Context {
                lang,
                own,
                own_session: None,
            },
        )
        .into_iter()
        .map(|f| f.target)
        .collect()
    }

    #[test]
    fn english_families() {
        let en = |t| targets(t, Lang::En, Some(Organ::Ga));
        assert_eq!(
            en("Recalling its resolution 57/32 of 19 November 2002"),
            ["A/RES/57/32"]
        );
        assert_eq!(
            en("resolutions 660 (1990), 661\n(1990) and 686 (1991)"),
            ["S/RES/660 (1990)", "S/RES/661 (1990)", "S/RES/686 (1991)"]
        );
        assert_eq!(en("resolution 217 A (III)"), ["A/RES/217(III)"]);
        assert_eq!(en("resolutions 48/13 A and B"), ["A/RES/48/13"]);
        assert_eq!(
            en("Economic and Social Council resolution 2023/10"),
            ["E/RES/2023/10"]
        );
        assert_eq!(en("decision 31/308"), ["A/DEC/31/308"]);
        // In an Assembly text, a session it has not reached stays as written (`unkg verify`
        // flags it), and the Council's numbers are the Council's.
        let in_46th = |t| in_session(t, Organ::Ga, 46);
        assert_eq!(
            in_46th("decision 91/27 and resolution 46/1"),
            ["A/DEC/91/27", "A/RES/46/1"]
        );
        assert_eq!(
            in_46th("Human Rights Council resolution 50/1"),
            ["A/HRC/RES/50/1"]
        );
        // In a Council text of its 39th session, a bare 60/251 is the Assembly's.
        let hrc_39th = |t| in_session(t, Organ::Hrc, 39);
        assert_eq!(
            hrc_39th("Recalling its resolutions 5/1 and 60/251"),
            ["A/HRC/RES/5/1", "A/RES/60/251"]
        );
        assert_eq!(
            en("See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex."),
            ["FCCC/CP/2015/10/Add.1", "1/CP.21"]
        );
        assert_eq!(
            en("African Commission on Human and Peoples' Rights resolution 542 (LXXIII)"),
            Vec::<String>::new()
        );
        assert_eq!(
            en("A/62/439 and Add.1-3"),
            [
                "A/62/439",
                "A/62/439/Add.1",
                "A/62/439/Add.2",
                "A/62/439/Add.3"
            ]
        );
        assert_eq!(
            en("(United Nations publication, Sales No. E.96.IV.13), chap. I"),
            ["SALES/96.IV.13"]
        );
        assert_eq!(
            en("resolutions ES-10/15 and ES-10/17"),
            ["A/RES/ES-10/15", "A/RES/ES-10/17"]
        );
        let hrc = targets(
            "Human Rights Council resolutions S-26/1 and 31/20 and General Assembly resolution 76/300",
            Lang::En,
            Some(Organ::Hrc),
        );
        assert_eq!(hrc, ["A/HRC/RES/S-26/1", "A/HRC/RES/31/20", "A/RES/76/300"]);
        assert_eq!(
            targets(
                "resolutions 46/7 of 23 March 2021",
                Lang::En,
                Some(Organ::Hrc)
            ),
            ["A/HRC/RES/46/7"]
        );
    }

    #[test]
    fn chinese_families() {
        let zh = |t| targets(t, Lang::Zh, Some(Organ::Ga));
        assert_eq!(zh("又回顾其2002年11月19日第57/32号决议"), ["A/RES/57/32"]);
        assert_eq!(zh("第1325(2000)号决议"), ["S/RES/1325 (2000)"]);
        assert_eq!(
            zh("第40/243号、第47/202 A至D号决议"),
            ["A/RES/40/243", "A/RES/47/202"]
        );
        assert_eq!(
            zh("见 FCCC/CP/2015/10/Add.1,第 1/CP.21 号决定,附件。"),
            ["FCCC/CP/2015/10/Add.1", "1/CP.21"]
        );
        assert_eq!(zh("第 86 次全体会议"), Vec::<String>::new());
        assert_eq!(
            zh("(见CEDAW/C/SR.1453和1454)"),
            ["CEDAW/C/SR.1453", "CEDAW/C/SR.1454"]
        );
    }

    #[test]
    fn other_languages() {
        assert_eq!(
            targets(
                "Rappelant sa résolution 47/135 du 18 décembre 1992",
                Lang::Fr,
                None
            ),
            ["A/RES/47/135"]
        );
        assert_eq!(
            targets("résolution 1540 (2004)", Lang::Fr, None),
            ["S/RES/1540 (2004)"]
        );
        assert_eq!(
            targets(
                "Recordando sus resoluciones 41/60 J, de 3 de diciembre de 1986",
                Lang::Es,
                None
            ),
            ["A/RES/41/60"]
        );
        assert_eq!(
            targets(
                "ссылаясь на свои резолюции 55/162 от 14 декабря 2000 года",
                Lang::Ru,
                None
            ),
            ["A/RES/55/162"]
        );
        assert_eq!(
            targets("резолюцией 169 (II)", Lang::Ru, None),
            ["A/RES/169(II)"]
        );
        assert_eq!(
            targets(
                "إذ تشير إلى قرارها 60/251 المؤرخ 15 آذار/مارس 2006",
                Lang::Ar,
                None
            ),
            ["A/RES/60/251"]
        );
        assert_eq!(
            targets("قراراتها 40 / 152 سين", Lang::Ar, None),
            ["A/RES/40/152"]
        );
        assert_eq!(
            targets("القرار 2328 (2016)", Lang::Ar, None),
            ["S/RES/2328 (2016)"]
        );
        assert_eq!(targets("المقرر 1/م أ-1", Lang::Ar, None), ["1/CP.1"]);
    }

    #[test]
    fn pinpoints() {
        assert_eq!(
            pinpoint_after("A/51/402, annex.", 8).map(|p| p.0),
            Some("annex".into())
        );
        assert_eq!(
            pinpoint_after("x, decision 1/CP.21, annex.", 1).map(|p| p.0),
            Some("decision 1/CP.21, annex".into())
        );
        assert_eq!(
            pinpoint_after("x,附件二。", 1).map(|p| p.0),
            Some("annex II".into())
        );
        assert_eq!(
            pinpoint_after("x, chap. I, resolution 1, annexes I and II.", 1).map(|p| p.0),
            Some("chap. I, resolution 1, annexes I and II".into())
        );
        assert_eq!(
            pinpoint_after("x, para. 12)", 1).map(|p| p.0),
            Some("para. 12".into())
        );
    }
}
