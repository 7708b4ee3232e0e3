//! The document's own identity: symbol, organ, type, session, agenda items, date, draft
//! symbol, meeting number and title, from its heading, its closing lines and its symbol.
//!
//! Only what the text states is reported. Heading lines are read from the original text (page
//! furniture included: the symbol at the top of a PDF page *is* the document's symbol), the
//! closing lines from the body.

use std::sync::LazyLock;

use regex::Regex;

use super::organ::Organ;
use super::symbol::Symbol;
use crate::gazetteer::calendar;
use crate::text::{Lang, head, tail};

/// What the heading and closing lines say about the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// Canonical symbol.
    pub symbol: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Issuing organ.
    pub organ: Option<Organ>,
    /// Kind of document.
    pub doc_type: Option<&'static str>,
    /// Session number.
    pub session: Option<u32>,
    /// Agenda item numbers.
    pub agenda_items: Vec<u32>,
    /// Adoption or issue date, ISO.
    pub date: Option<String>,
    /// Draft symbol.
    pub draft_symbol: Option<String>,
    /// Meeting number.
    pub meeting: Option<u32>,
}

/// How much of the start of a document is its heading, in bytes.
const HEAD: usize = 3000;
/// How much of the end holds the closing lines (date, meeting).
const TAIL: usize = 3000;

static SYMBOL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t\u{c}]*([A-Z][A-Za-z0-9./()\- ]{2,60}?)[ \t]*$").expect("static regex")
});
/// `United Nations    A/RES/79/319`: the masthead of the first page, as text extraction keeps it.
static MASTHEAD_SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:United\s+Nations|Nations\s+Unies|Naciones\s+Unidas|Организация\s+Объединенных\s+Наций|联合国|الأمم\s+المتحدة)[ \t]+([A-Z][A-Za-z0-9./()\- ]{2,60}?)[ \t]*$").expect("static regex")
});
/// `79/319. Title`, `55/2.\tTitle`, `2023/10. Title`, `## 79/319. 标题`.
static RES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t#]*((?:E?S-)?[0-9]{1,4})/([0-9]{1,4})\.[ \t]*(.*)$")
        .expect("static regex")
});
/// `Resolution 2720 (2023)`, `Résolution 2720 (2023)`, `第2720(2023)号决议`.
static SC_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t#]*(?:Resolution|Résolution|Resolución|Резолюция|القرار|第)\s*([0-9]{1,4})\s*\(\s*((?:19|20)[0-9]{2})\s*\)")
        .expect("static regex")
});
static ADOPTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?:Resolution\s+adopted\s+by\s+the|Decision\s+adopted\s+by\s+the|Adopted\s+by\s+the|adopted\s+by\s+the
            |Résolution\s+adoptée\s+par\s+l[’']|Résolution\s+adoptée\s+par\s+le|Resolución\s+aprobada\s+por\s+(?:la|el)
            |Резолюция,\s+принятая|قرار\s+اتخذته|قرار\s+اتخذه)\s*
           (?P<organ>General\s+Assembly|Security\s+Council|Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council
            |Assemblée\s+générale|Conseil\s+de\s+sécurité|Conseil\s+des\s+droits\s+de\s+l[’']homme|Asamblea\s+General
            |Consejo\s+de\s+Seguridad|Consejo\s+de\s+Derechos\s+Humanos|Генеральной\s+Ассамблеей|Советом\s+Безопасности
            |Советом\s+по\s+правам\s+человека|الجمعية\s+العامة|مجلس\s+الأمن|مجلس\s+حقوق\s+الإنسان|Environment\s+Assembly)",
    )
    .expect("static regex")
});
static ZH_ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t#]*([0-9]{4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日)\s*(大会|安全理事会|人权理事会|经济及社会理事会)(?:通过的)?决议").expect("static regex")
});
static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?:The\s+)?(General\s+Assembly|Security\s+Council|Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council|United\s+Nations\s+Environment\s+Assembly|L[’']Assemblée\s+générale|Le\s+Conseil\s+de\s+sécurité|La\s+Asamblea\s+General|El\s+Consejo\s+de\s+Seguridad|Генеральная\s+Ассамблея|Совет\s+Безопасности|إن\s+الجمعية\s+العامة|إن\s+مجلس\s+الأمن|大会|安全理事会|人权理事会|经济及社会理事会)\s*[,，،]?[ \t]*$",
    )
    .expect("static regex")
});
static AGENDA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?mx)^[\x20\t\#]*(?:Agenda\s+items?|Points?\s+de\s+l[’']ordre\s+du\s+jour|Temas?\s+del\s+programa|Пункты?\s+повестки\s+дня|议程项目|البنود?)\s*
            (?P<list>[0-9]{1,3}(?:\s*\([a-z]\))?(?:\s*(?:,|and|et|y|и|和|、|و)\s*[0-9]{1,3}(?:\s*\([a-z]\))?)*)",
    )
    .expect("static regex")
});
static AGENDA_FR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t#]*(?:Point|Tema|Пункт)\s+([0-9]{1,3})(?:\s*\([a-z]\))?\s+(?:de\s+l[’']ordre\s+du\s+jour|del\s+programa|повестки\s+дня)").expect("static regex")
});
static MEETING_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?mx)^[\x20\t\#]*(?:
            (?P<en>[0-9]{1,5})(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting
          | 第\s*(?P<zh>[0-9]{1,5})\s*次(?:全体)?会议
          | (?P<fr>[0-9]{1,5})e\s+séance(?:\s+plénière)?
          | (?P<es>[0-9]{1,5})ª\s+sesión(?:\s+plenaria)?
          | (?P<ru>[0-9]{1,5})-[ея]\s+(?:пленарное\s+)?заседание
          | الجلسة\s+(?:العامة\s+)?(?P<ar>[0-9]{1,5})
        )[\x20\t.]*$",
    )
    .expect("static regex")
});
static MEETING_ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:adopted\s+(?:by\s+the\s+\w+(?:\s+\w+)?\s+)?at\s+its|adopted\s+at\s+the|at\s+its)\s+([0-9]{1,5})(?:st|nd|rd|th)\s+meeting").expect("static regex")
});
static BRACKET_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*[\[［](.{5,400}?)[\]］][ \t]*$").expect("static regex")
});
static DISTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:Distr\.|Distr\s*\.|Distr:|分发|Распр\.|توزيع)[^\n]*\n(?:[ \t]*\n)*[ \t]*([^\n]{6,40})",
    )
    .expect("static regex")
});

/// Reads the metadata of a document from its original text (`orig`, for the heading) and its
/// body view (`body`, for the closing lines). `file_hint` is the file's name: named after a
/// symbol (`A_RES_47_191.txt`), it picks that resolution among several headings of the text.
pub fn read(lang: Lang, orig: &str, body: &str, file_hint: Option<&str>) -> Metadata {
    let h = head(orig, HEAD);
    let mut md = Metadata::default();

    // The heading's "Resolution adopted by the General Assembly" / "2025年7月25日大会决议".
    let mut heading_organ = None;
    let mut heading_date = None;
    // The heading's words, not a preamble's ("the Goals adopted by the General Assembly"): at
    // most a few words before them on their line ("Resolution 2720 (2023) adopted by the …").
    if let Some(c) = ADOPTED_BY
        .captures_iter(h)
        .find(|c| c.get(0).is_some_and(|m| heading_words(h, m.start())))
    {
        heading_organ = c.name("organ").and_then(|m| organ_from_name(m.as_str()));
        if let Some(m) = c.get(0) {
            heading_date = first_date(lang, &h[m.end()..], 160);
        }
    }
    if let Some(c) = ZH_ADOPTED.captures(h) {
        heading_organ = c.get(2).and_then(|m| organ_from_name(m.as_str()));
        heading_date = c
            .get(1)
            .and_then(|m| calendar::parse_date(Lang::Zh, m.as_str()))
            .map(|d| d.0.iso());
    }
    let opener_organ = OPENER
        .captures(head(body, HEAD + 1000))
        .and_then(|c| c.get(1))
        .and_then(|m| organ_from_name(m.as_str()));

    // The symbol: a line of its own at the top, else the resolution heading.
    let mut symbol = None;
    let top = head(orig, 1500);
    for c in MASTHEAD_SYMBOL
        .captures_iter(top)
        .chain(SYMBOL_LINE.captures_iter(top))
    {
        if let Some(s) = c.get(1).and_then(|m| Symbol::parse(m.as_str()).ok())
            && s.as_str().contains('/')
            && known_series(s.series())
        {
            symbol = Some(s.as_str().to_string());
            break;
        }
    }
    let organ_hint = heading_organ.or(opener_organ);
    if symbol.is_none()
        && let Some(c) = SC_HEADING.captures(head(orig, 400))
    {
        // Only a Security Council text ("Adopted by the Security Council", "The Security
        // Council,") has its own number as a heading; elsewhere it is a citation.
        if organ_hint == Some(Organ::Sc)
            && let (Some(n), Some(y)) = (c.get(1), c.get(2))
        {
            symbol = Some(format!(
                "S/RES/{} ({})",
                n.as_str().trim_start_matches('0'),
                y.as_str()
            ));
        }
    }
    if symbol.is_none()
        && let Some(organ) = organ_hint
    {
        // The first resolution heading of the heading area, unless the file is named after
        // another heading of the text (a page range of a compendium holds the tail of the
        // resolution before its own).
        let hint = file_hint.and_then(symbol_of_file_name);
        let scope = if hint.is_some() { orig } else { h };
        let mut chosen = None;
        for c in RES_HEADING.captures_iter(scope) {
            let (Some(s), Some(n)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let (s, n) = (s.as_str(), n.as_str());
            let sym = match organ {
                Organ::Ga => format!("A/RES/{s}/{n}"),
                Organ::Hrc => format!("A/HRC/RES/{s}/{n}"),
                Organ::Ecosoc => format!("E/RES/{s}/{n}"),
                Organ::Unea => format!("UNEP/EA.{s}/Res.{n}"),
                _ => continue,
            };
            let named = hint.as_deref().is_some_and(|f| same_resolution(f, &sym));
            let in_head = c.get(0).is_some_and(|m| m.start() < h.len());
            if named || (chosen.is_none() && in_head) {
                chosen = Some((sym, c.get(3)));
            }
            if named || hint.is_none() {
                break;
            }
        }
        if let Some((sym, title)) = chosen {
            let (title, part) = match title {
                Some(t) => {
                    let (title, part) = split_part(t.as_str().trim());
                    let part = part.or_else(|| part_line(&orig[t.end()..]));
                    let title = (!title.is_empty()).then(|| continue_title(orig, t.start(), title));
                    (title, part)
                }
                None => (None, None),
            };
            // Part B of a resolution adopted in parts is a document of its own: `A/RES/66/253B`.
            symbol = Some(match part {
                Some(p) => format!("{sym}{p}"),
                None => sym,
            });
            if title.is_some() {
                md.title = title;
            }
        }
    }
    md.symbol = symbol;
    // The resolution heading's title ("79/319. Interaction between …"), whatever gave the symbol.
    if md.title.is_none()
        && let Some(sym) = md.symbol.as_deref().filter(|s| s.contains("RES"))
        && let Some(c) = RES_HEADING.captures_iter(h).find(|c| {
            // The heading of this resolution, not a quoted one: `A/RES/51/127` ← `51/127.`.
            let (Some(s), Some(n)) = (c.get(1), c.get(2)) else {
                return false;
            };
            let own = format!("/{}/{}", s.as_str(), n.as_str());
            sym.ends_with(&own)
                || sym
                    .trim_end_matches(|c: char| c.is_ascii_uppercase())
                    .ends_with(&own)
        })
        && let Some(t) = c.get(3).filter(|t| !t.as_str().trim().is_empty())
    {
        md.title = Some(continue_title(h, t.start(), t.as_str().trim()));
    }
    md.organ = md
        .symbol
        .as_deref()
        .and_then(Organ::of_symbol)
        .or(organ_hint);
    if md.title.is_none() {
        md.title = title_of(h, md.symbol.as_deref());
    }

    // Type.
    md.doc_type = doc_type(md.symbol.as_deref(), h);

    // Session: a heading line of its own, else the symbol's session component.
    md.session = calendar::find_session(lang, h)
        .filter(|(r, _)| on_own_line(h, r.start, r.end))
        .map(|(_, s)| s)
        .or_else(|| md.symbol.as_deref().and_then(session_of_symbol));

    // Agenda items.
    if let Some(c) = AGENDA.captures(h) {
        if let Some(list) = c.name("list") {
            md.agenda_items = list
                .as_str()
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|d| d.parse().ok())
                .filter(|&n: &u32| n > 0)
                .collect();
            // "(a)" sub-items produce no numbers; duplicates are dropped.
            md.agenda_items.dedup();
        }
    } else if let Some(c) = AGENDA_FR.captures(h) {
        md.agenda_items = c
            .get(1)
            .and_then(|m| m.as_str().parse().ok())
            .into_iter()
            .collect();
    }

    // Draft symbol: the first /L. symbol in the bracketed line under the heading.
    for c in BRACKET_LINE.captures_iter(h) {
        let Some(inner) = c.get(1) else { continue };
        if let Some(d) = super::cite::find(
            inner.as_str(),
            &super::cite::Context {
                lang,
                own: None,
                own_session: None,
            },
        )
        .into_iter()
        .find(|f| f.target.split('/').any(|p| p.starts_with("L.")))
        {
            md.draft_symbol = Some(d.target);
            break;
        }
    }

    // Meeting: "Adopted … at its 9520th meeting", else the closing "86th plenary meeting".
    let t = tail(body, TAIL);
    md.meeting = MEETING_ADOPTED
        .captures(h)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
        .or_else(|| {
            MEETING_LINE.captures_iter(t).last().and_then(|c| {
                ["en", "zh", "fr", "es", "ru", "ar"]
                    .iter()
                    .find_map(|g| c.name(g))
                    .and_then(|m| m.as_str().parse().ok())
            })
        })
        .or_else(|| {
            MEETING_ADOPTED
                .captures_iter(t)
                .last()
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse().ok())
        });

    // Date: adoption (heading or closing lines), else the issue date under "Distr.".
    md.date = heading_date
        .or_else(|| {
            // SC texts: "Resolution 660 (1990)\nof 2 August 1990".
            SC_HEADING.find(head(orig, 400)).and_then(|m| {
                let rest = &orig[m.end()..];
                let rest = rest.trim_start_matches([' ', '\n', '\r', '\t']);
                let rest = rest
                    .strip_prefix("of ")
                    .or_else(|| rest.strip_prefix("du "))
                    .or_else(|| rest.strip_prefix("de "))?;
                calendar::parse_date(lang, rest).map(|d| d.0.iso())
            })
        })
        .or_else(|| closing_date(lang, t))
        .or_else(|| {
            DISTR
                .captures(h)
                .and_then(|c| c.get(1))
                .and_then(|m| calendar::parse_date(lang, m.as_str().trim()))
                .map(|d| d.0.iso())
        });
    md
}

/// The symbol a file is named after: `A_RES_47_191.txt`, `A_RES_66_253B-EN.pdf`.
fn symbol_of_file_name(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    let stem = name.split('.').next()?;
    let stem = ["-", "_"]
        .iter()
        .flat_map(|sep| {
            [
                "AR", "EN", "ES", "FR", "RU", "ZH", "E", "F", "S", "R", "C", "A",
            ]
            .map(move |l| (sep, l))
        })
        .find_map(|(sep, l)| {
            let cut = stem.len().checked_sub(l.len() + 1)?;
            let (a, b) = stem.split_at(cut);
            (b.starts_with(sep) && b[1..].eq_ignore_ascii_case(l)).then_some(a)
        })
        .unwrap_or(stem);
    let s = Symbol::parse(&stem.replace('_', "/")).ok()?;
    s.as_str().contains("/RES/").then(|| s.as_str().to_string())
}

/// `A/RES/66/253B` (from a file name) names the resolution `A/RES/66/253`.
fn same_resolution(named: &str, heading: &str) -> bool {
    named.strip_prefix(heading).is_some_and(|rest| {
        rest.is_empty() || (rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_uppercase()))
    })
}

/// A part letter closing a heading's title: `The situation in the Syrian Arab Republic B*`.
fn split_part(title: &str) -> (&str, Option<char>) {
    let t = title.trim_end_matches(['*', ' ', '\t']);
    let mut rev = t.chars().rev();
    if let (Some(p @ 'A'..='H'), Some(' ' | '\t')) = (rev.next(), rev.next()) {
        return (t[..t.len() - 1].trim_end(), Some(p));
    }
    (title, None)
}

/// A part letter on a line of its own under the heading, before the opening words.
fn part_line(after: &str) -> Option<char> {
    for line in after.split('\n').skip(1).take(8) {
        if OPENER.is_match(line) {
            break;
        }
        let l = line.trim().trim_end_matches('*').trim_end();
        let mut cs = l.chars();
        if let (Some(p @ 'A'..='H'), None) = (cs.next(), cs.next()) {
            return Some(p);
        }
    }
    None
}

/// Whether at most three words stand before offset `at` on its line.
fn heading_words(text: &str, at: usize) -> bool {
    let line = text[..at].rsplit('\n').next().unwrap_or("");
    line.split_whitespace().count() <= 3
}

fn on_own_line(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].rsplit('\n').next().unwrap_or("");
    let after = text[end..].split('\n').next().unwrap_or("");
    before
        .trim_matches(|c: char| c.is_whitespace() || c == '#')
        .is_empty()
        && after
            .trim_matches(|c: char| c.is_whitespace() || c == ':')
            .is_empty()
}

fn known_series(s: &str) -> bool {
    super::symbol::SERIES.contains(&s)
}

fn organ_from_name(s: &str) -> Option<Organ> {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match s.as_str() {
        "General Assembly"
        | "Assemblée générale"
        | "Asamblea General"
        | "Генеральной Ассамблеей"
        | "Генеральная Ассамблея"
        | "الجمعية العامة"
        | "إن الجمعية العامة"
        | "大会" => Organ::Ga,
        "Security Council"
        | "Conseil de sécurité"
        | "Le Conseil de sécurité"
        | "Consejo de Seguridad"
        | "El Consejo de Seguridad"
        | "Советом Безопасности"
        | "Совет Безопасности"
        | "مجلس الأمن"
        | "إن مجلس الأمن"
        | "安全理事会" => Organ::Sc,
        "Human Rights Council"
        | "Conseil des droits de l’homme"
        | "Conseil des droits de l'homme"
        | "Consejo de Derechos Humanos"
        | "Советом по правам человека"
        | "مجلس حقوق الإنسان"
        | "人权理事会" => Organ::Hrc,
        "Economic and Social Council" | "经济及社会理事会" => Organ::Ecosoc,
        "Environment Assembly" | "United Nations Environment Assembly" => Organ::Unea,
        s if s.starts_with("L’Assemblée")
            || s.starts_with("L'Assemblée")
            || s.starts_with("La Asamblea") =>
        {
            Organ::Ga
        }
        _ => return None,
    })
}

/// The regular session a symbol belongs to (`A/RES/46/151`, `A/HRC/55/2`, `A/79/837`,
/// `UNEP/EA.4/Res.10`: 46, 55, 79, 4); none for special and emergency sessions.
pub(super) fn session_of_symbol(sym: &str) -> Option<u32> {
    let parts: Vec<&str> = sym.split('/').collect();
    match parts.as_slice() {
        ["A", "RES", s, ..]
        | ["A", "DEC", s, ..]
        | ["A", "HRC", "RES", s, ..]
        | ["A", "HRC", "DEC", s, ..] => s.parse().ok(),
        ["A", "HRC", s, ..] | ["A", "C.1" | "C.2" | "C.3" | "C.4" | "C.5" | "C.6", s, ..] => {
            s.parse().ok()
        }
        ["UNEP", ea, ..] => ea.strip_prefix("EA.").and_then(|s| s.parse().ok()),
        ["A", s, ..] => s
            .split('-')
            .next()
            .and_then(|x| x.parse().ok())
            .filter(|&n: &u32| n < 200),
        _ => None,
    }
}

fn first_date(lang: Lang, text: &str, within: usize) -> Option<String> {
    let t = head(text, within);
    calendar::find_dates(lang, t)
        .into_iter()
        .next()
        .map(|(_, d)| d.iso())
}

static CLOSING_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:plenary meeting|meeting|全体会议|次会议|séance|sesión|заседание|الجلسة)")
        .expect("static regex")
});

/// The date on a line of its own next to the closing meeting line.
fn closing_date(lang: Lang, t: &str) -> Option<String> {
    let hint = CLOSING_HINT.find_iter(t).last()?;
    let start = t.ceil_char_boundary(hint.start().saturating_sub(200));
    let window = head(&t[start..], 400);
    calendar::find_dates(lang, window)
        .into_iter()
        .find(|(r, _)| on_own_line(window, r.start, r.end))
        .map(|(_, d)| d.iso())
}

/// Continues a heading's title over following lines while it is visibly unfinished: the line
/// ends on a connective ("… national parliaments and") or the next line starts in lower case.
fn continue_title(h: &str, start: usize, first: &str) -> String {
    let mut title = first.to_string();
    let after = &h[start + first.len()..];
    for line in after.split('\n').skip(1).take(4) {
        let l = line.trim();
        let last_word = title.rsplit(' ').next().unwrap_or("");
        let unfinished = matches!(
            last_word,
            "and"
                | "of"
                | "the"
                | "to"
                | "from"
                | "on"
                | "by"
                | "for"
                | "in"
                | "at"
                | "with"
                | "et"
                | "de"
                | "du"
                | "des"
                | "y"
                | "del"
                | "и"
                | "по"
                | "в"
        ) || title.ends_with(',');
        let lower = l.chars().next().is_some_and(|c| c.is_lowercase());
        if l.is_empty() || l.starts_with('[') || OPENER.is_match(line) || !(unfinished || lower) {
            break;
        }
        title.push(' ');
        title.push_str(l);
    }
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

static TITLE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*((?:Identical\s+letters|Letter|Note\s+verbale|Note\s+by|Report|Statement\s+by|Provisional\s+agenda)\b[^\n]*)$").expect("static regex")
});

fn title_of(h: &str, _symbol: Option<&str>) -> Option<String> {
    let c = TITLE_START.captures(h)?;
    let m = c.get(1)?;
    Some(continue_title(h, m.start(), m.as_str().trim()))
}

fn doc_type(symbol: Option<&str>, h: &str) -> Option<&'static str> {
    if let Some(s) = symbol {
        let parts: Vec<&str> = s.split('/').collect();
        if parts.contains(&"RES") || parts.iter().any(|p| p.starts_with("Res.")) {
            return Some("resolution");
        }
        if parts.contains(&"DEC") {
            return Some("decision");
        }
        if parts.contains(&"PRST") {
            return Some("presidential statement");
        }
        if parts.iter().any(|p| p.starts_with("PV.")) {
            return Some("meeting record");
        }
        if parts.iter().any(|p| p.starts_with("SR.")) {
            return Some("summary record");
        }
        if parts.iter().any(|p| p.starts_with("L.")) {
            return Some("draft");
        }
        if parts.iter().any(|p| p.eq_ignore_ascii_case("Agenda")) {
            return Some("agenda");
        }
    }
    let first = TITLE_START
        .captures(h)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())?;
    Some(
        if first.starts_with("Identical letters") || first.starts_with("Letter") {
            "letter"
        } else if first.starts_with("Note") {
            "note"
        } else if first.starts_with("Report") {
            "report"
        } else if first.starts_with("Statement") {
            "statement"
        } else {
            "agenda"
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masthead_symbol() {
        let t = "United Nations\tA/RES/51/127\n\nGeneral Assembly\n\nResolution adopted by the General Assembly on 24 June 1996\n\n38/7.\tA title quoted from elsewhere\n\nThe General Assembly,\n";
        let md = read(Lang::En, t, t, None);
        assert_eq!(md.symbol.as_deref(), Some("A/RES/51/127"));
        assert_eq!(md.title, None);
        let t = "United Nations S/RES/1445 (2002)\n\nSecurity Council\n";
        assert_eq!(
            read(Lang::En, t, t, None).symbol.as_deref(),
            Some("S/RES/1445 (2002)")
        );
    }

    #[test]
    fn symbols_of_file_names() {
        let f = symbol_of_file_name;
        assert_eq!(
            f("corpus/en/A_RES_47_191.txt").as_deref(),
            Some("A/RES/47/191")
        );
        assert_eq!(f("A_RES_66_253B-EN.pdf").as_deref(), Some("A/RES/66/253B"));
        assert_eq!(f("a_res_79_319_zh.md").as_deref(), Some("A/RES/79/319"));
        assert_eq!(f("N2521934.pdf"), None);
        assert_eq!(f("A_79_PV.12.txt"), None);
        assert!(same_resolution("A/RES/66/253B", "A/RES/66/253"));
        assert!(!same_resolution("A/RES/66/2531", "A/RES/66/253"));
    }

    #[test]
    fn english_resolution_heading() {
        let t = "Seventy-ninth session\n\nAgenda item 59\n\nTitle\n\nResolution adopted by the General Assembly on 19 December 2024\n\n[on the report of the Second Committee (A/79/445, para. 12)]\n\n79/229.\tPermanent sovereignty\n\nThe General Assembly,\n\nRecalling x,\n\n1. Decides y.\n\n54th plenary meeting\n19 December 2024\n";
        let md = read(Lang::En, t, t, None);
        assert_eq!(md.symbol.as_deref(), Some("A/RES/79/229"));
        assert_eq!(md.session, Some(79));
        assert_eq!(md.agenda_items, vec![59]);
        assert_eq!(md.date.as_deref(), Some("2024-12-19"));
        assert_eq!(md.meeting, Some(54));
        assert_eq!(md.draft_symbol, None);
        assert_eq!(md.title.as_deref(), Some("Permanent sovereignty"));
    }

    #[test]
    fn chinese_resolution_heading() {
        let t = "## 第七十九届会议\n\n## 议程项目 126\n\n## 2025年7月25日大会决议\n\n[未经发交主要委员会而通过(A/79/L.104)]\n\n## 79/319. 联合国与各国议会\n\n大会，\n\n2025 年 7 月 25 日\n\n第 86 次全体会议\n";
        let md = read(Lang::Zh, t, t, None);
        assert_eq!(md.symbol.as_deref(), Some("A/RES/79/319"));
        assert_eq!(md.session, Some(79));
        assert_eq!(md.agenda_items, vec![126]);
        assert_eq!(md.date.as_deref(), Some("2025-07-25"));
        assert_eq!(md.draft_symbol.as_deref(), Some("A/79/L.104"));
        assert_eq!(md.meeting, Some(86));
    }

    #[test]
    fn security_council_heading() {
        let t = "Resolution 660 (1990)\nof 2 August 1990\n\nThe Security Council,\n\n1. Condemns x;\n\nAdopted at the 2932nd meeting\nby 14 votes to none.";
        let md = read(Lang::En, t, t, None);
        assert_eq!(md.symbol.as_deref(), Some("S/RES/660 (1990)"));
        assert_eq!(md.date.as_deref(), Some("1990-08-02"));
        assert_eq!(md.meeting, Some(2932));
        assert_eq!(md.session, None);
    }
}
