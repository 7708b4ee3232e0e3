//! Paragraphs: blocks of the body, classified as preambular, operative or other, with their
//! number and lead verb.
//!
//! Resolutions open with the adopting body ("The General Assembly,", "大会，"), then preambular
//! paragraphs, then numbered operative paragraphs; sub-paragraphs "(a)" belong to the operative
//! paragraph above them. Text converted from PDF breaks paragraphs across pages and, without
//! blank lines, runs paragraphs together: a block is split where a line after a closing `,` or
//! `;` starts with a number or a lead verb, and joined over a page break when it stops
//! mid-sentence.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::model::ParagraphKind;
use crate::gazetteer::lead_verbs;
use crate::text::Lang;

/// A paragraph in view coordinates.
#[derive(Debug, Clone)]
pub struct Block {
    /// View range, trimmed.
    pub range: Range<usize>,
    /// Kind.
    pub kind: ParagraphKind,
    /// Operative number.
    pub number: Option<u32>,
    /// English lemma of the lead verb.
    pub lead_verb: Option<&'static str>,
    /// Citation function of the lead verb (a CiTO property local name).
    pub function: Option<&'static str>,
    /// Id (`pp1`, `op3`, `p7`).
    pub id: String,
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*([0-9]{1,3})[ \t]*[.．](?:\s|$)").expect("static regex"));
static SUB_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*\((?:[a-z]{1,2}|[ivx]{1,5})\)[ \t]").expect("static regex")
});
static OPENER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]*(?:The\s+|Le\s+|La\s+|El\s+|L[’']|إن\s+)?(?:General\s+Assembly|Security\s+Council|Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council|Commission\s+on\s+[A-Za-z ]{3,60}|United\s+Nations\s+Environment\s+Assembly[A-Za-z ,]{0,80}|Conference\s+of\s+the\s+Parties[A-Za-z ,]{0,80}|Assemblée\s+générale|Conseil\s+de\s+sécurité|Conseil\s+des\s+droits\s+de\s+l[’']homme|Asamblea\s+General|Consejo\s+de\s+Seguridad|Consejo\s+de\s+Derechos\s+Humanos|Генеральная\s+Ассамблея|Совет\s+Безопасности|Совет\s+по\s+правам\s+человека|الجمعية\s+العامة|مجلس\s+الأمن|مجلس\s+حقوق\s+الإنسان|大会|安全理事会|人权理事会|经济及社会理事会)\s*[,，،]?[ \t]*$",
    )
    .expect("static regex")
});
static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:Annex(?:es)?|ANNEX|Annexe|Anexo|Приложение|المرفق|附件)(?:[ \t]+[IVX0-9]{1,4})?[ \t]*$").expect("static regex")
});

/// The first character of a line after its spaces and tabs: each of the patterns above
/// starts with a few characters only, and most lines are told apart by it without running the
/// regex engine.
fn head_char(line: &str) -> Option<char> {
    line.trim_start_matches([' ', '\t']).chars().next()
}

/// Whether `line` may be a numbered paragraph ([`NUMBERED`]: a digit first).
fn numbered(line: &str) -> bool {
    head_char(line).is_some_and(|c| c.is_ascii_digit()) && NUMBERED.is_match(line)
}

/// Whether `line` opens a sub-item ([`SUB_ITEM`]: a bracket first).
fn sub_item(line: &str) -> bool {
    head_char(line) == Some('(') && SUB_ITEM.is_match(line)
}

/// Whether `line` is the opening words ([`OPENER`]). The first character of each of its
/// alternatives (the article or the organ's name) comes first; keep the two together.
fn opener(line: &str) -> bool {
    const FIRST: &str = "TLEGSHCUAГСإام大安人经";
    head_char(line).is_some_and(|c| FIRST.contains(c)) && OPENER.is_match(line)
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn ends_open(s: &str) -> bool {
    // A block that stops mid-sentence: not after , ; : . 。 ； ， ： ! ? ) or a closing quote.
    let t = s.trim_end();
    !t.ends_with([
        ',', ';', ':', '.', '。', '；', '，', '：', '!', '?', ')', '）', '،', '؛', '”', '»',
    ])
}

fn starts_lower(s: &str, lang: Lang) -> bool {
    let Some(c) = s.trim_start().chars().next() else {
        return false;
    };
    match lang {
        Lang::Zh => {
            // Chinese has no case: a continuation starts with a character that is not a digit
            // (numbered paragraph) and not a bracket.
            !c.is_ascii_digit() && !matches!(c, '[' | '(' | '（' | '#')
        }
        Lang::Ar => !c.is_ascii_digit() && c != '(',
        _ => c.is_lowercase(),
    }
}

fn starts_with_lead_verb(lang: Lang, line: &str) -> bool {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    // English, French and Spanish lead verbs open a paragraph with a capital (Russian ones are
    // written in lower case): skip the table otherwise.
    if matches!(lang, Lang::En | Lang::Fr | Lang::Es) && !t.starts_with(char::is_uppercase) {
        return false;
    }
    // The matcher only looks at the head of the line, past adverbials such as "Also".
    lead < 8 && lead_verbs::find_lead_verb(lang, t).is_some()
}

/// Splits the body view into paragraphs and classifies them.
pub fn paragraphs(lang: Lang, view: &str) -> Vec<Block> {
    // 1. Lines into raw blocks.
    let mut raw: Vec<Range<usize>> = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    let mut prev_line_end_closed = true;
    let mut pos = 0usize;
    for line in view.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if is_blank(content) {
            if let Some(c) = cur.take() {
                raw.push(c);
            }
            prev_line_end_closed = true;
            continue;
        }
        let end = start + content.len();
        // Only a line inside a block can start a new paragraph without a blank line.
        let new_para = cur.is_some()
            && (numbered(content)
                || sub_item(content)
                || opener(content)
                || (prev_line_end_closed && starts_with_lead_verb(lang, content)));
        match &mut cur {
            Some(c) if !new_para => c.end = end,
            Some(c) => {
                raw.push(c.clone());
                cur = Some(start..end);
            }
            None => cur = Some(start..end),
        }
        prev_line_end_closed = !ends_open(content);
    }
    if let Some(c) = cur.take() {
        raw.push(c);
    }
    // 2. Join blocks over page breaks, and a bare "1." line with the text after it.
    let mut blocks: Vec<Range<usize>> = Vec::new();
    for r in raw {
        let text = &view[r.clone()];
        if let Some(prev) = blocks.last_mut() {
            let ptext = &view[prev.clone()];
            let bare_number = NUMBERED.captures(ptext).is_some()
                && ptext
                    .trim()
                    .trim_end_matches(['.', '．'])
                    .chars()
                    .all(|c| c.is_ascii_digit());
            let continuation = ends_open(ptext)
                && starts_lower(text, lang)
                && !numbered(text)
                && !sub_item(text)
                && !opener(text)
                && !starts_with_lead_verb(lang, text);
            if bare_number || continuation {
                prev.end = r.end;
                continue;
            }
        }
        blocks.push(r);
    }
    // 3. Classify.
    let mut out: Vec<Block> = Vec::new();
    let opener = blocks.iter().position(|r| opener(view[r.clone()].trim()));
    let (mut pp, mut other) = (0u32, 0u32);
    let mut in_annex = false;
    let mut seen_operative = false;
    for (i, r) in blocks.iter().enumerate() {
        let text = &view[r.clone()];
        let trimmed_start = r.start + (text.len() - text.trim_start().len());
        let range = trimmed_start..r.start + text.trim_end().len();
        if ANNEX.is_match(text) {
            in_annex = true;
        }
        let numbered = NUMBERED.captures(text);
        let in_resolution = opener.is_some_and(|o| i > o) && !in_annex;
        // Sub-paragraphs join the operative paragraph above.
        if in_resolution
            && seen_operative
            && sub_item(text)
            && let Some(last) = out.last_mut()
            && last.kind == ParagraphKind::Operative
        {
            last.range.end = range.end;
            continue;
        }
        let (kind, number, verb_text) = match (&numbered, in_resolution) {
            (Some(c), true) => {
                let n: Option<u32> = c.get(1).and_then(|m| m.as_str().parse().ok());
                let after = c.get(1).map_or(0, |m| m.end());
                let rest = text[after..].trim_start_matches(['.', '．', ' ', '\t', '\n']);
                seen_operative = true;
                (ParagraphKind::Operative, n, rest)
            }
            (None, true) if !seen_operative => (ParagraphKind::Preamble, None, text.trim_start()),
            (Some(c), false) => (
                ParagraphKind::Other,
                c.get(1).and_then(|m| m.as_str().parse().ok()),
                text.trim_start(),
            ),
            _ => (ParagraphKind::Other, None, text.trim_start()),
        };
        let verb = match kind {
            ParagraphKind::Other => None,
            _ => lead_verbs::find_lead_verb(lang, verb_text),
        };
        // A preambular block without a lead verb that does not end like a preambular paragraph
        // is a closing line ("86th plenary meeting") or a heading.
        let kind = match (kind, &verb) {
            (ParagraphKind::Preamble, None)
                if !text.trim_end().ends_with([',', '，', '،', ';']) =>
            {
                ParagraphKind::Other
            }
            (ParagraphKind::Operative, None)
                if matches!(verb_text.chars().next(), None | Some('(' | '[')) =>
            {
                ParagraphKind::Other
            }
            (k, _) => k,
        };
        let id = match kind {
            ParagraphKind::Preamble => {
                pp += 1;
                format!("pp{pp}")
            }
            ParagraphKind::Operative => format!("op{}", number.unwrap_or(0)),
            ParagraphKind::Other => {
                other += 1;
                format!("p{other}")
            }
        };
        out.push(Block {
            range,
            kind,
            number,
            lead_verb: verb.as_ref().map(|v| v.lemma),
            function: verb.as_ref().map(|v| v.function),
            id,
        });
    }
    out
}
