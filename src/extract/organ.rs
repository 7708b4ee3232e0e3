//! The bodies whose resolutions and decisions are cited by number, and their names in the six
//! languages as they stand next to a citation ("General Assembly resolution 76/300",
//! "résolution 1540 (2004) du Conseil de sécurité", "قرار الجمعية العامة 60/251", "大会第68/268号决议").

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::text::Lang;

/// A body that adopts numbered resolutions or decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Organ {
    /// General Assembly.
    Ga,
    /// Security Council.
    Sc,
    /// Human Rights Council.
    Hrc,
    /// Economic and Social Council.
    Ecosoc,
    /// Commission on Human Rights (1946–2006).
    Chr,
    /// United Nations Environment Assembly.
    Unea,
    /// Conference of the Parties to the UNFCCC.
    Cop,
}

impl Organ {
    /// English name.
    pub fn name(self) -> &'static str {
        match self {
            Organ::Ga => "General Assembly",
            Organ::Sc => "Security Council",
            Organ::Hrc => "Human Rights Council",
            Organ::Ecosoc => "Economic and Social Council",
            Organ::Chr => "Commission on Human Rights",
            Organ::Unea => "United Nations Environment Assembly",
            Organ::Cop => "Conference of the Parties",
        }
    }

    /// The organ that issues documents under a symbol.
    pub fn of_symbol(symbol: &str) -> Option<Organ> {
        let mut p = symbol.split('/');
        match (p.next()?, p.next().unwrap_or("")) {
            ("A", "HRC") => Some(Organ::Hrc),
            ("A", _) => Some(Organ::Ga),
            ("S", _) => Some(Organ::Sc),
            ("E", "CN.4") => Some(Organ::Chr),
            ("E", _) => Some(Organ::Ecosoc),
            ("UNEP", s) if s.starts_with("EA.") => Some(Organ::Unea),
            ("FCCC", _) => Some(Organ::Cop),
            _ => None,
        }
    }
}

/// What the words next to a citation say about who issued it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A specific organ.
    Organ(Organ),
    /// "the Council" / "le Conseil": which council depends on the citing document.
    Council,
    /// "its resolution", "sa résolution", "قرارها", "其…决议": the citing document's own organ.
    Own,
    /// A body outside the UN whose resolutions are not UN documents.
    NonUn,
}

/// Names as they stand before a citation keyword or number, longest first within a language.
pub const NAMES: &[(Named, &str)] = &[
    // Non-UN bodies that adopt numbered resolutions of their own.
    (
        Named::NonUn,
        "African Commission on Human and Peoples’ Rights",
    ),
    (
        Named::NonUn,
        "African Commission on Human and Peoples' Rights",
    ),
    (Named::NonUn, "African Commission"),
    (Named::NonUn, "Organization of American States"),
    (Named::NonUn, "Council of Europe"),
    (Named::NonUn, "European Parliament"),
    (Named::NonUn, "World Health Assembly"),
    (Named::NonUn, "General Conference"),
    (Named::NonUn, "Board of Governors"),
    (Named::NonUn, "Commission africaine"),
    (Named::NonUn, "Comisión Africana"),
    (Named::NonUn, "Африканской комиссии"),
    (Named::NonUn, "اللجنة الأفريقية"),
    (Named::NonUn, "非洲人权和民族权委员会"),
    (Named::NonUn, "非洲委员会"),
    // Commission on Human Rights before "Human Rights" alone can be read as the Council.
    (Named::Organ(Organ::Chr), "Commission on Human Rights"),
    (Named::Organ(Organ::Chr), "Commission des droits de l’homme"),
    (Named::Organ(Organ::Chr), "Commission des droits de l'homme"),
    (Named::Organ(Organ::Chr), "Comisión de Derechos Humanos"),
    (Named::Organ(Organ::Chr), "Комиссии по правам человека"),
    (Named::Organ(Organ::Chr), "Комиссия по правам человека"),
    (Named::Organ(Organ::Chr), "لجنة حقوق الإنسان"),
    (Named::Organ(Organ::Chr), "人权委员会"),
    (Named::Organ(Organ::Hrc), "Human Rights Council"),
    (Named::Organ(Organ::Hrc), "Conseil des droits de l’homme"),
    (Named::Organ(Organ::Hrc), "Conseil des droits de l'homme"),
    (Named::Organ(Organ::Hrc), "Consejo de Derechos Humanos"),
    (Named::Organ(Organ::Hrc), "Совета по правам человека"),
    (Named::Organ(Organ::Hrc), "Совет по правам человека"),
    (Named::Organ(Organ::Hrc), "مجلس حقوق الإنسان"),
    (Named::Organ(Organ::Hrc), "人权理事会"),
    (Named::Organ(Organ::Hrc), "人权会"),
    (Named::Organ(Organ::Ecosoc), "Economic and Social Council"),
    (Named::Organ(Organ::Ecosoc), "Conseil économique et social"),
    (Named::Organ(Organ::Ecosoc), "Consejo Económico y Social"),
    (
        Named::Organ(Organ::Ecosoc),
        "Экономического и Социального Совета",
    ),
    (
        Named::Organ(Organ::Ecosoc),
        "Экономическим и Социальным Советом",
    ),
    (
        Named::Organ(Organ::Ecosoc),
        "Экономический и Социальный Совет",
    ),
    (Named::Organ(Organ::Ecosoc), "المجلس الاقتصادي والاجتماعي"),
    (Named::Organ(Organ::Ecosoc), "经济及社会理事会"),
    (Named::Organ(Organ::Ecosoc), "经社理事会"),
    (
        Named::Organ(Organ::Unea),
        "United Nations Environment Assembly",
    ),
    (Named::Organ(Organ::Unea), "Environment Assembly"),
    (
        Named::Organ(Organ::Unea),
        "Assemblée des Nations Unies pour l’environnement",
    ),
    (
        Named::Organ(Organ::Unea),
        "Assemblée des Nations Unies pour l'environnement",
    ),
    (
        Named::Organ(Organ::Unea),
        "Asamblea de las Naciones Unidas sobre el Medio Ambiente",
    ),
    (
        Named::Organ(Organ::Unea),
        "Ассамблеи Организации Объединенных Наций по окружающей среде",
    ),
    (Named::Organ(Organ::Unea), "جمعية الأمم المتحدة للبيئة"),
    (Named::Organ(Organ::Unea), "联合国环境大会"),
    (Named::Organ(Organ::Unea), "环境大会"),
    (Named::Organ(Organ::Sc), "Security Council"),
    (Named::Organ(Organ::Sc), "Conseil de sécurité"),
    (Named::Organ(Organ::Sc), "Consejo de Seguridad"),
    (Named::Organ(Organ::Sc), "Совета Безопасности"),
    (Named::Organ(Organ::Sc), "Совет Безопасности"),
    (Named::Organ(Organ::Sc), "Советом Безопасности"),
    (Named::Organ(Organ::Sc), "مجلس الأمن"),
    (Named::Organ(Organ::Sc), "安全理事会"),
    (Named::Organ(Organ::Sc), "安理会"),
    (Named::Organ(Organ::Ga), "General Assembly"),
    (Named::Organ(Organ::Ga), "Assembly"),
    (Named::Organ(Organ::Ga), "Assemblée générale"),
    (Named::Organ(Organ::Ga), "Asamblea General"),
    (Named::Organ(Organ::Ga), "Генеральной Ассамблеи"),
    (Named::Organ(Organ::Ga), "Генеральная Ассамблея"),
    (Named::Organ(Organ::Ga), "Генеральной Ассамблеей"),
    (Named::Organ(Organ::Ga), "الجمعية العامة"),
    (Named::Organ(Organ::Ga), "الجمعية"),
    (Named::Organ(Organ::Ga), "大会"),
    (Named::Council, "Council"),
    (Named::Council, "Conseil"),
    (Named::Council, "Consejo"),
    (Named::Council, "Совета"),
    (Named::Council, "Совет"),
    (Named::Council, "المجلس"),
    (Named::Council, "安理会"),
    (Named::Council, "理事会"),
    (Named::Own, "its"),
    (Named::Own, "their"),
    (Named::Own, "sa"),
    (Named::Own, "ses"),
    (Named::Own, "su"),
    (Named::Own, "sus"),
    (Named::Own, "свою"),
    (Named::Own, "свои"),
    (Named::Own, "своей"),
    (Named::Own, "своих"),
    (Named::Own, "своим"),
    (Named::Own, "своими"),
    (Named::Own, "его"),
    (Named::Own, "ее"),
    (Named::Own, "其"),
];

/// Words that may stand between a body's name and the citation keyword without breaking the
/// link ("its relevant resolutions", "General Assembly previous resolution").
const FILLER: &[&str] = &[
    "relevant",
    "previous",
    "recent",
    "earlier",
    "further",
    "subsequent",
    "own",
    "the",
    "various",
    "pertinentes",
    "précédentes",
    "pertinentes",
    "anteriores",
    "pertinentes",
    "последующие",
    "соответствующие",
    "соответствующих",
    "предыдущие",
];

fn word_boundary_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// The body named right before `at` (the start of a citation keyword or, in Chinese, of `第`),
/// skipping filler words, a date in Chinese, or a possessive. `None` when nothing is named.
pub fn named_before(lang: Lang, text: &str, at: usize) -> Option<Named> {
    let mut end = at;
    // Strip trailing spaces, filler words and the possessive "’s".
    loop {
        let t = text[..end].trim_end();
        let mut next = t.len();
        for suffix in ["’s", "'s", "’", "'"] {
            if t.ends_with(suffix) {
                next = t.len() - suffix.len();
            }
        }
        if next == t.len()
            && let Some(w) = FILLER.iter().find(|w| {
                t.len() >= w.len()
                    && t.is_char_boundary(t.len() - w.len())
                    && t[t.len() - w.len()..].eq_ignore_ascii_case(w)
                    && word_boundary_before(t, t.len() - w.len())
            })
        {
            next = t.len() - w.len();
        }
        if lang == Lang::Zh {
            // 大会2018年5月22日第72/278号决议; 安全理事会关于中非共和国的第2127(2013)号决议;
            // 经社理事会已在1971年5月20日1576 (L)号决议
            let mut z = strip_zh_date(t);
            for filler in ["已在", "在", "通过", "根据", "依照", "按照"] {
                if let Some(x) = z.strip_suffix(filler) {
                    z = x;
                }
            }
            if z.len() < t.len() {
                next = z.len();
            }
        }
        if next == t.len() {
            end = t.len();
            break;
        }
        end = next;
    }
    let t = &text[..end];
    for (named, name) in NAMES {
        if t.ends_with(name) && (lang == Lang::Zh || word_boundary_before(t, t.len() - name.len()))
        {
            if *named == Named::Own {
                // "the Economic and Social Council, by its resolution", "人权理事会在其…决议":
                // "its" is the body just named, not necessarily the citing document's.
                let before = t[..t.len() - name.len()].trim_end();
                let before = [
                    "by", "in", "through", "under", "在", "通过", "по", "в", "dans", "par", "en",
                    "mediante",
                ]
                .iter()
                .find_map(|w| before.strip_suffix(w))
                .unwrap_or(before)
                .trim_end_matches([' ', ',']);
                if let Some(inner) = NAMES.iter().find(|(n, nm)| {
                    matches!(n, Named::Organ(_))
                        && before.ends_with(nm)
                        && (lang == Lang::Zh
                            || word_boundary_before(before, before.len() - nm.len()))
                }) {
                    return Some(inner.0);
                }
            }
            return Some(*named);
        }
    }
    None
}

/// The body named right after a citation list ends at `at`: "of the General Assembly",
/// "de l'Assemblée générale", "del Consejo de Seguridad", "Генеральной Ассамблеи". Returns it
/// and the offset just past the name.
pub fn named_after(text: &str, at: usize) -> Option<(Named, usize)> {
    let rest = text.get(at..)?;
    let mut t = rest.trim_start_matches([' ', ',', '\n']);
    for lead in [
        "of the ", "by the ", "de l’", "de l'", "du ", "de la ", "del ", "de ", "des ",
    ] {
        if let Some(r) = t.strip_prefix(lead) {
            t = r;
            break;
        }
    }
    // Russian and Arabic put the genitive straight after the number.
    for (named, name) in NAMES {
        if matches!(named, Named::Own) {
            continue;
        }
        if let Some(after) = t.strip_prefix(name)
            && after.chars().next().is_none_or(|c| !c.is_alphanumeric())
        {
            let end = text.len() - after.len();
            return Some((*named, end));
        }
    }
    None
}

/// Removes a trailing Chinese date ("2018年5月22日") or relative clause ("关于中非共和国的").
fn strip_zh_date(t: &str) -> &str {
    let mut s = t.trim_end();
    if let Some(x) = s.strip_suffix('日') {
        let y = x.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
        if let Some(y) = y.strip_suffix('月') {
            let y = y.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
            if let Some(y) = y.strip_suffix('年') {
                s = y.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
            }
        }
    }
    if let Some(x) = s.strip_suffix('的') {
        // 关于中非共和国的; 题为“…”的; 载有《…》的
        for lead in ["关于", "题为", "载有"] {
            if let Some(i) = x.rfind(lead)
                && x.len() - i <= 400
            {
                s = &x[..i];
                break;
            }
        }
    }
    // A date may stand before the relative clause too.
    if s.len() < t.trim_end().len() {
        return strip_zh_date(s);
    }
    s
}

/// The organ names of [`NAMES`], as one automaton (for [`nearest_organ_before`]).
static ORGAN_NAMES: LazyLock<Option<(AhoCorasick, Vec<Named>)>> = LazyLock::new(|| {
    let organs: Vec<(Named, &str)> = NAMES
        .iter()
        .filter(|(n, _)| matches!(n, Named::Organ(_)))
        .copied()
        .collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(organs.iter().map(|(_, name)| name))
        .ok()?;
    Some((ac, organs.into_iter().map(|(n, _)| n).collect()))
});

/// The organ named last in the sentence before `at` (at most 300 bytes back), for a possessive
/// whose owner is not the citing document.
pub fn nearest_organ_before(text: &str, at: usize) -> Option<Named> {
    let window = crate::text::before(text, at, 300);
    let sentence = window
        .rfind(['.', '。', ';', '；'])
        .map_or(window, |i| &window[i..]);
    let (ac, named) = ORGAN_NAMES.as_ref()?;
    ac.find_iter(sentence)
        .last()
        .and_then(|m| named.get(m.pattern().as_usize()).copied())
}
