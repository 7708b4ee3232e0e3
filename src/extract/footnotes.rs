//! Footnotes: which instrument a footnote identifies, read from the text before its marker
//! ("the 2030 Agenda for Sustainable Development,⁴" → `2030 Agenda for Sustainable Development`;
//! "《2030 年可持续发展议程》、<sup>4</sup>" → `2030 年可持续发展议程`), and pinpoints the
//! running text gives ("action 55 of the Pact for the Future²", "《未来契约》²所载行动55").

use std::sync::LazyLock;

use regex::Regex;

use crate::gazetteer::lead_verbs;
use crate::text::Lang;

/// Words that may sit inside an English title ("Agenda for Sustainable Development").
const CONNECTORS: &[&str] = &[
    "of", "for", "the", "and", "on", "in", "to", "between", "against", "with", "under", "at", "by",
    "a", "an",
];
/// Lower-case nouns that head a named document ("report of the Secretary-General").
const DOC_NOUNS: &[&str] = &[
    "report",
    "reports",
    "note",
    "letter",
    "statement",
    "declaration",
    "outcome",
    "agreement",
    "programme",
    "plan",
    "convention",
    "protocol",
    "framework",
    "agenda",
    "strategy",
    "compact",
    "resolution",
    "decision",
];

/// The instrument named right before a footnote marker at view offset `at`, if any.
pub fn instrument_before(lang: Lang, text: &str, at: usize, para_start: usize) -> Option<String> {
    let start = para_start.min(at);
    let before = &text[start..at];
    let name = match lang {
        Lang::Zh => zh_instrument(before),
        Lang::En => en_instrument(before),
        _ => clause_instrument(lang, before),
    }?;
    let name = name.trim_matches(|c: char| c.is_whitespace() || ",;:、，".contains(c));
    // Line breaks from the page are not part of the name.
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() < 2 {
        None
    } else {
        Some(name)
    }
}

fn zh_instrument(before: &str) -> Option<String> {
    let t = before.trim_end_matches(|c: char| c.is_whitespace() || "、，,；;".contains(c));
    if let Some(inner) = t.strip_suffix('》') {
        let open = inner.rfind('《')?;
        let mut name = inner[open + '《'.len_utf8()..].to_string();
        // 《北京宣言》和《行动纲要》: both titles name the instrument.
        let head = &inner[..open];
        for joiner in ["》和", "》及", "》以及"] {
            if let Some(h) = head.strip_suffix(joiner)
                && let Some(o) = h.rfind('《')
            {
                name = format!("{}和{}", &h[o + '《'.len_utf8()..], name);
            }
        }
        return Some(name);
    }
    // No title marks: the clause back to the previous punctuation, without its verb.
    let clause_start = t
        .rfind(['，', '。', '；', '：', ',', ';', ':', '\n'])
        .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    let mut clause = t[clause_start..].trim();
    // A paragraph number at the head of the clause ("31. 表示注意到…").
    let digits = clause.len()
        - clause
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits > 0 && clause[digits..].starts_with(['.', '．']) {
        clause = clause[digits + 1..].trim_start();
    }
    loop {
        let before_len = clause.len();
        for lead in ["并", "又", "还", "以及", "和", "及", "同时", "在这方面"] {
            if let Some(r) = clause.strip_prefix(lead) {
                clause = r.trim_start();
            }
        }
        if let Some(m) = lead_verbs::find_lead_verb(Lang::Zh, clause) {
            // The verb and any adverbial before it ("在这方面邀请") go.
            clause = clause[m.end..].trim_start();
        }
        if clause.len() == before_len {
            break;
        }
    }
    if clause.chars().count() > 40 {
        None
    } else {
        Some(clause.to_string())
    }
}

fn is_titled(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)?\s*[0-9]{0,4}$")
        .expect("static regex")
});

fn en_instrument(before: &str) -> Option<String> {
    let t = before.trim_end_matches(|c: char| c.is_whitespace() || ",;:)”’\"".contains(c));
    let words: Vec<(usize, &str)> = word_spans(t);
    let mut end = words.len();
    // Try up to three title runs back from the marker, skipping a lower-case tail such as
    // "adopted on 22 September 2024".
    for _ in 0..3 {
        if end == 0 {
            return None;
        }
        let mut i = end;
        while i > 0 {
            let w = words[i - 1].1;
            let bare = w.trim_matches(|c: char| "“”\"‘’(".contains(c));
            if is_titled(bare) || CONNECTORS.contains(&bare) || bare.contains('–') {
                // A comma inside the run ends it ("Outcome, Member States"), except in a list
                // inside a title ("Global Compact for Safe, Orderly and Regular Migration").
                if w.ends_with([',', ';', ':']) && i != end {
                    let listed = w.ends_with(',')
                        && is_titled(bare)
                        && words[i..end].iter().any(|x| x.1 == "and" || x.1 == "or")
                        && words.get(i).is_some_and(|x| is_titled(x.1));
                    if !listed {
                        break;
                    }
                }
                i -= 1;
            } else {
                break;
            }
        }
        // Drop leading connectors.
        let mut s = i;
        loop {
            while s < end && CONNECTORS.contains(&words[s].1) {
                s += 1;
            }
            // "55 of the Pact": a number before a connector belongs to a pinpoint, not the name.
            if s + 1 < end
                && words[s].1.chars().all(|c| c.is_ascii_digit())
                && CONNECTORS.contains(&words[s + 1].1)
            {
                s += 1;
                continue;
            }
            break;
        }
        let run: Vec<&str> = words[s..end].iter().map(|w| w.1).collect();
        let text = run.join(" ");
        let has_title = run
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase));
        // "the Paris Agreement adopted under the United Nations Framework Convention…": the
        // instrument is the name before the participle, not the framework it was adopted under.
        if has_title && !DATE_ONLY.is_match(&text) && s >= 2 {
            let mut k = s;
            while k > 0 && CONNECTORS.contains(&words[k - 1].1) {
                k -= 1;
            }
            if k >= 2 && words[k - 1].1.ends_with("ed") && is_titled(words[k - 2].1) {
                end = k - 1;
                continue;
            }
        }
        if has_title && !DATE_ONLY.is_match(&text) {
            // "report of the Secretary-General": keep a document noun just before the run.
            let mut s2 = s;
            if s2 >= 2 && CONNECTORS.contains(&words[s2 - 1].1) {
                let mut k = s2 - 1;
                while k > 0 && CONNECTORS.contains(&words[k].1) {
                    k -= 1;
                }
                if DOC_NOUNS.contains(&words[k].1) {
                    s2 = k;
                }
            }
            let from = words[s2].0;
            let to = words[end - 1].0 + words[end - 1].1.len();
            let mut name = t[from..to].trim_end_matches([',', ';', ':']).trim();
            // A run at the head of a paragraph starts with its lead verb ("Recalling the …").
            if let Some(m) = lead_verbs::find_lead_verb(Lang::En, name)
                && m.start == 0
            {
                name = name[m.end..].trim_start();
                while let Some((w, rest)) = name.split_once(' ') {
                    if CONNECTORS.contains(&w) {
                        name = rest
                    } else {
                        break;
                    }
                }
            }
            return Some(name.to_string());
        }
        // Skip the lower-case tail and try again.
        let mut j = i;
        while j > 0 && !is_titled(words[j - 1].1) {
            j -= 1;
            if end - j > 12 {
                return None;
            }
        }
        end = j;
    }
    None
}

fn word_spans(t: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in t.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &t[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &t[s..]));
    }
    out
}

/// French, Spanish, Russian, Arabic: the clause before the marker, without its lead verb and
/// leading article.
fn clause_instrument(lang: Lang, before: &str) -> Option<String> {
    let t = before.trim_end_matches(|c: char| c.is_whitespace() || ",;:)»”’\"،".contains(c));
    let start = t
        .rfind([',', ';', ':', '\n', '،', '؛'])
        .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    let mut clause = t[start..].trim();
    if let Some(m) = lead_verbs::find_lead_verb(lang, clause) {
        // The verb and any adverbial before it ("وإذ تشير إلى") go.
        clause = clause[m.end..].trim_start();
    }
    for art in [
        "le ", "la ", "les ", "l’", "l'", "el ", "los ", "las ", "del ", "de la ", "du ", "des ",
        "à ", "a ",
    ] {
        if let Some(r) = clause.strip_prefix(art) {
            clause = r;
            break;
        }
    }
    let words = clause.split_whitespace().count();
    if words == 0 || words > 16 {
        None
    } else {
        Some(clause.to_string())
    }
}

static EN_PIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(action|article|paragraph|principle|goal|target|commitment|chapter|section)\s+([0-9]{1,3}(?:\.[0-9a-z]{1,2})?)\s+of\s+(?:the\s+)?$")
        .expect("static regex")
});
static ZH_PIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:所载|中的|的)?\s*(?:(行动)\s*([0-9]{1,3})|第\s*([0-9]{1,3})\s*(段|条))")
        .expect("static regex")
});

/// A pinpoint the running text gives around the marker: "action 55 of the Pact for the Future"
/// (before the instrument) or "《未来契约》所载行动55" (after the marker).
pub fn context_pinpoint(
    lang: Lang,
    text: &str,
    instrument_start: Option<usize>,
    marker_at: usize,
) -> Option<String> {
    match lang {
        Lang::Zh => {
            let c = ZH_PIN.captures(&text[marker_at..])?;
            if let (Some(_), Some(n)) = (c.get(1), c.get(2)) {
                Some(format!("action {}", n.as_str()))
            } else if let (Some(n), Some(w)) = (c.get(3), c.get(4)) {
                Some(if w.as_str() == "段" {
                    format!("para. {}", n.as_str())
                } else {
                    format!("article {}", n.as_str())
                })
            } else {
                None
            }
        }
        Lang::En => {
            let s = instrument_start?;
            let c = EN_PIN.captures(crate::text::before(text, s, 120))?;
            Some(format!(
                "{} {}",
                c.get(1)?.as_str().to_lowercase(),
                c.get(2)?.as_str()
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_instruments() {
        let e = |t: &str| instrument_before(Lang::En, t, t.len(), 0);
        assert_eq!(
            e("Recalling the 2005 World Summit Outcome, "),
            Some("2005 World Summit Outcome".into())
        );
        assert_eq!(
            e("Taking note of action 55 of the Pact for the Future adopted on 22 September 2024,"),
            Some("Pact for the Future".into())
        );
        assert_eq!(
            e("towards the implementation of the 2030 Agenda for Sustainable Development,"),
            Some("2030 Agenda for Sustainable Development".into())
        );
        assert_eq!(
            e("Takes note of the report of the Secretary-General,"),
            Some("report of the Secretary-General".into())
        );
        assert_eq!(
            e(
                "the Paris Agreement adopted under the United Nations Framework Convention on Climate Change"
            ),
            Some("Paris Agreement".into())
        );
        assert_eq!(
            e("the Global Compact for Safe, Orderly and Regular Migration"),
            Some("Global Compact for Safe, Orderly and Regular Migration".into())
        );
        assert_eq!(
            e("the Cooperation Agreement between the United Nations and the Inter-Parliamentary Union of 1996,"),
            Some("Cooperation Agreement between the United Nations and the Inter-Parliamentary Union of 1996".into())
        );
    }

    #[test]
    fn chinese_instruments() {
        let z = |t: &str| instrument_before(Lang::Zh, t, t.len(), 0);
        assert_eq!(
            z("落实《2030 年可持续发展议程》、"),
            Some("2030 年可持续发展议程".into())
        );
        assert_eq!(
            z("《北京宣言》和《行动纲要》"),
            Some("北京宣言和行动纲要".into())
        );
        assert_eq!(
            z("并确认第五届世界议长大会的成果，"),
            Some("第五届世界议长大会的成果".into())
        );
        assert_eq!(z("表示注意到秘书长的报告，"), Some("秘书长的报告".into()));
    }
}
