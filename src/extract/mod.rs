//! Extraction: one document's text in, one [`Extraction`] out.
//!
//! The stages, each a verb: **lay out** the text (body, page furniture, footnotes, markers;
//! [`crate::text::layout`]), **read** the metadata from the heading and closing lines,
//! **segment** the body into paragraphs with their lead verbs, **find** citations in the body
//! and in every footnote, **link** each footnote to its marker and to the instrument named
//! before it, **resolve** issuing bodies and canonical targets, and **map** every view range
//! back to a span of the original text.
//!
//! Architecture invariant: pure — no I/O, no panics, no errors on any input; problems become
//! `diagnostics`. Every span is a byte range into the text given, on char boundaries, and the
//! bytes there equal the reported `text` ([`validate`] checks it; debug builds assert it).

mod bodies;
mod cite;
mod footnotes;
mod href;
mod instruments;
mod metadata;
mod model;
mod organ;
mod paragraphs;
mod starts;
mod symbol;
mod validate;

pub use href::{akn_number, symbol_of_akn_number, symbol_of_href};
pub use model::{BodyMention, Citation, CitationKind, Extraction, Paragraph, ParagraphKind};
pub use organ::Organ;
pub use symbol::{Symbol, SymbolError, issuing_body_of};
pub use validate::validate;

use std::borrow::Cow;

use crate::text::{Hyperlink, Lang, View, detect_language, layout};

/// What the caller knows about the document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The language, when known; detected from the text otherwise.
    pub lang: Option<Lang>,
    /// The file name, shown in `file`.
    pub file: Option<String>,
    /// Treat the text as Markdown (`<sup>` markers, `**bold**`, links).
    pub markdown: bool,
    /// The document's own symbol, when the caller knows it and the text may not state it (a
    /// passage, a sentence): it is never a citation, and it tells whose bare numbers are whose.
    pub own_symbol: Option<String>,
    /// Leave out the name gazetteers: no named bodies and no instruments recognised by name
    /// alone. Citations by reference are found as usual. For measuring what the name matching
    /// costs (`benches/extract.rs`).
    pub skip_names: bool,
    /// The document's links (`<a href>` of HTML, `<ref href>` of Akoma Ntoso) as spans of the
    /// text: a link to a UN document cites it (see [`symbol_of_href`]).
    pub links: Vec<Hyperlink>,
}

/// Extracts everything unkg knows how to find from `text`.
///
/// ```
/// use unkg::extract::{extract_str, Options};
/// let ex = extract_str("The General Assembly,\n\nRecalling its resolution 57/32 of 19 November 2002,\n", &Options::default());
/// assert_eq!(ex.citations[0].target, "A/RES/57/32");
/// assert_eq!(ex.citations[0].date.as_deref(), Some("2002-11-19"));
/// assert_eq!(ex.paragraphs[1].lead_verb.as_deref(), Some("recall"));
/// ```
pub fn extract_str(text: &str, opts: &Options) -> Extraction {
    let lang = opts.lang.unwrap_or_else(|| detect_language(text));
    let mut ex = Extraction {
        file: opts.file.clone().unwrap_or_else(|| "-".into()),
        language: lang.code().into(),
        ..Extraction::default()
    };
    if text.trim().is_empty() {
        ex.diagnostics.push("empty document".into());
        return ex;
    }
    let lay = layout(text, opts.markdown);
    let body = lay.body.as_str();

    // Metadata.
    let mut md = metadata::read(lang, text, body, opts.file.as_deref());
    // The caller's word on the document's symbol wins over what the heading suggests.
    if let Some(s) = opts
        .own_symbol
        .as_deref()
        .and_then(|s| Symbol::parse(s).ok())
    {
        md.organ = Organ::of_symbol(s.as_str()).or(md.organ);
        md.symbol = Some(s.as_str().to_string());
    }
    let own = md.organ;
    ex.symbol = md.symbol.clone();
    ex.title = md.title.clone();
    ex.organ = md.organ.map(|o| o.name().to_string());
    ex.doc_type = md.doc_type.map(str::to_string);
    ex.session = md.session;
    ex.agenda_items = md.agenda_items.clone();
    ex.date = md.date.clone();
    ex.draft_symbol = md.draft_symbol.clone();
    ex.meeting = md.meeting;

    // Paragraphs.
    let blocks = paragraphs::paragraphs(lang, body);
    for b in &blocks {
        let span = lay.body.span(text, b.range.clone());
        ex.paragraphs.push(Paragraph {
            id: b.id.clone(),
            kind: b.kind,
            number: b.number,
            lead_verb: b.lead_verb.map(str::to_string),
            start: span.start,
            end: span.end,
        });
    }
    // Blocks are in view order: the block of an offset is found by binary search.
    let block_at = |v: usize| {
        let n = blocks.partition_point(|b| b.range.start <= v);
        n.checked_sub(1).and_then(|i| blocks.get(i))
    };

    // Citations in the body.
    let ctx = cite::Context {
        lang,
        own,
        own_session: md.symbol.as_deref().and_then(metadata::session_of_symbol),
    };
    let own_parts: Vec<String> = md
        .symbol
        .as_deref()
        .map(|s| {
            s.split('-')
                .filter(|p| p.contains('/'))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let excluded = |target: &str| {
        md.symbol.as_deref() == Some(target)
            // Each half of a joint symbol is the document too ("S/21174" of "A/45/155-S/21174").
            || (own_parts.len() > 1 && own_parts.iter().any(|p| p == target))
            || md.draft_symbol.as_deref().is_some_and(|d| target == d || target.starts_with(&format!("{d}/")))
    };
    // Found items are converted from the back, and their buffer shrinks as the citations grow:
    // on a text of millions of citations the two lists never both hold all of them.
    let mut found = cite::find(body, &ctx);
    let base = ex.citations.len();
    ex.citations.reserve_exact(found.len());
    while let Some(f) = found.pop() {
        if found.capacity() > 2 * found.len() + 1024 {
            found.shrink_to_fit();
        }
        if excluded(&f.target) {
            continue;
        }
        let block = block_at(f.range.start).filter(|b| b.range.end >= f.range.start);
        push_citation(&mut ex, text, &lay.body, f, block, None, None);
    }
    drop(found);
    ex.citations[base..].reverse();

    // Citations in footnotes, linked to their markers.
    for note in &lay.footnotes {
        let marker = lay
            .markers
            .iter()
            .find(|m| m.number == note.number && m.at <= note.zone_at.max(m.at));
        let (block, instrument, context_pin) = match marker {
            Some(m) => {
                let block = block_at(m.at);
                // The name lies after the paragraph's start and after the previous marker.
                let prev_marker = lay
                    .markers
                    .iter()
                    .map(|x| x.at)
                    .filter(|&a| a < m.at)
                    .max()
                    .unwrap_or(0);
                let para_start = block.map_or(0, |b| b.range.start).max(prev_marker);
                let instrument = footnotes::instrument_before(lang, body, m.at, para_start);
                let inst_start = instrument
                    .as_ref()
                    .and_then(|i| body[..m.at].rfind(i.as_str()));
                let pin = footnotes::context_pinpoint(lang, body, inst_start, m.at);
                (block, instrument, pin)
            }
            None => (None, None, None),
        };
        let found = cite::find(note.view.as_str(), &ctx);
        for (i, f) in found.into_iter().enumerate() {
            if excluded(&f.target) {
                continue;
            }
            let mut f = f;
            if i == 0
                && let Some(p) = &context_pin
            {
                f.pinpoint = Some(match f.pinpoint.take() {
                    Some(own) => format!("{own}, {p}"),
                    None => p.clone(),
                });
            }
            let inst = if i == 0 { instrument.clone() } else { None };
            push_citation(&mut ex, text, &note.view, f, block, Some(note.number), inst);
        }
    }
    sort_by_span(&mut ex.citations);

    // Bodies named in the body text. A conference named inside an instrument's title ("2005
    // World Summit Outcome", "第三次发展筹资问题国际会议亚的斯亚贝巴行动议程") names the text, not
    // the meeting: word order differs between languages, so the whole title is checked.
    let squeezed = (!opts.skip_names).then(|| bodies::Squeezed::new(lang, body));
    let mut named = match &squeezed {
        Some(s) => instruments::find_squeezed(lang, s),
        None => Vec::new(),
    };
    named.sort_by_key(|n| n.range.start);
    // Named instruments come in text order without overlaps: the only one that can contain a
    // mention is the last one starting at or before it.
    // Chinese puts the conference before the title it heads (第三次发展筹资问题国际会议《亚的斯亚
    // 贝巴行动议程》, "the Addis Ababa Action Agenda of the Third International Conference …").
    let heads_title = |m: &bodies::Mention| {
        let k = named.partition_point(|n| n.range.start <= m.range.start);
        m.body.kind == "conference"
            && (named[..k]
                .last()
                .is_some_and(|n| n.range.end >= m.range.end)
                || (lang == Lang::Zh
                    && named.get(k).is_some_and(|n| {
                        body.get(m.range.end..n.range.start)
                            .is_some_and(|gap| gap.is_empty() || gap == "《")
                    })))
    };
    let mentions = match &squeezed {
        Some(s) => bodies::find_squeezed(lang, s, own),
        None => Vec::new(),
    };
    // The squeezed copy of the body is as large as the body: gone before the output grows.
    drop(squeezed);
    // An acronym in brackets right after an instrument's name abbreviates the instrument: the
    // "Convention on the Rights of Persons with Disabilities (CRPD)" is not its Committee. A
    // title that ends in a body's name leaves the acronym to the body ("Rome Statute of the
    // International Criminal Court (ICC)"). Where mentions end is sorted once, on the first
    // bracket that needs it: a scan of every mention per bracket would be quadratic on a long
    // line of them.
    let mention_ends = std::cell::OnceCell::new();
    let abbreviates_instrument = |m: &bodies::Mention| {
        let k = named.partition_point(|n| n.range.end <= m.range.start);
        let Some(title) = k.checked_sub(1).map(|i| &named[i]) else {
            return false;
        };
        body.get(title.range.end..m.range.start)
            .is_some_and(|gap| matches!(gap, " (" | "(" | "（"))
            && body
                .get(m.range.end..)
                .is_some_and(|rest| rest.starts_with([')', '）']))
            && mention_ends
                .get_or_init(|| {
                    let mut ends: Vec<usize> = mentions.iter().map(|o| o.range.end).collect();
                    ends.sort_unstable();
                    ends
                })
                .binary_search(&title.range.end)
                .is_err()
    };
    let kept: Vec<&bodies::Mention> = mentions
        .iter()
        .filter(|m| !heads_title(m) && !abbreviates_instrument(m))
        .collect();
    ex.bodies.reserve_exact(kept.len());
    for m in kept {
        let span = lay.body.span(text, m.range.clone());
        let Some(t) = text.get(span.clone()).filter(|t| !t.is_empty()) else {
            continue;
        };
        ex.bodies.push(BodyMention {
            id: Cow::Borrowed(&m.body.id),
            name: Cow::Borrowed(&m.body.name),
            acronym: m.body.acronym.as_deref().map(Cow::Borrowed),
            wikidata: m.body.wikidata.as_deref().map(Cow::Borrowed),
            text: t.into(),
            start: span.start,
            end: span.end,
            paragraph: block_at(m.range.start)
                .filter(|b| b.range.end >= m.range.start)
                .map(|b| b.id.as_str().into()),
        });
    }

    // Instruments named in the body text become citations of their adopting documents, unless
    // a footnote right after the name identifies them already (then the two must agree) or a
    // citation of the same document just before introduces the name ("resolution 70/1 …,
    // entitled “Transforming our world: the 2030 Agenda …”").
    // They are appended to the citations (no second list as long as them) and sorted in after:
    // the checks read only the first `found`, which are in text order.
    let found = ex.citations.len();
    // Citations by footnote number, and in text order, for the checks below.
    let mut by_note: std::collections::HashMap<u32, Vec<usize>> = std::collections::HashMap::new();
    for (i, c) in ex.citations.iter().enumerate() {
        if let Some(n) = c.footnote {
            by_note.entry(n).or_default().push(i);
        }
    }
    for m in &named {
        let inst = m.instrument;
        // The instrument this document adopts ("2005 World Summit Outcome" in A/RES/60/1).
        if excluded(&inst.target) {
            continue;
        }
        let gap = |at: usize| {
            body.get(m.range.end..at).is_some_and(|g| {
                g.chars().count() <= 3
                    && g.chars()
                        .all(|c| c.is_whitespace() || "”’\"»》」),，、.;；:".contains(c))
            })
        };
        // Markers are in text order: only the first one after the name can follow it closely.
        let next_marker = lay
            .markers
            .get(lay.markers.partition_point(|k| k.at < m.range.end));
        if let Some(k) = next_marker.filter(|k| gap(k.at)) {
            let noted: Vec<&Citation> = by_note
                .get(&k.number)
                .map(|ix| ix.iter().filter_map(|&i| ex.citations.get(i)).collect())
                .unwrap_or_default();
            if !noted.is_empty() {
                if !noted.iter().any(|c| inst.is_identified_by(&c.target)) {
                    let said: Vec<&str> = noted.iter().map(|c| c.target.as_str()).collect();
                    ex.diagnostics.push(format!(
                        "footnote {} cites {} but the text before it names {:?}, adopted as {}",
                        k.number,
                        said.join(", "),
                        inst.name,
                        inst.target
                    ));
                }
                continue;
            }
        }
        if !inst.bare {
            continue;
        }
        let span = lay.body.span(text, m.range.clone());
        let Some(t) = text.get(span.clone()).filter(|t| !t.is_empty()) else {
            continue;
        };
        // Citations are sorted by start: look back only over those that can end within 160
        // bytes before the name (a cited text is far shorter than 1,000 bytes).
        let upto = ex.citations[..found].partition_point(|c| c.start < span.start);
        let introduced = ex.citations[..upto]
            .iter()
            .rev()
            .take_while(|c| c.start + 1000 > span.start)
            .any(|c| {
                c.footnote.is_none()
                    && inst.is_identified_by(&c.target)
                    && c.end <= span.start
                    && span.start - c.end < 160
            });
        if introduced {
            continue;
        }
        let block = block_at(m.range.start).filter(|b| b.range.end >= m.range.start);
        ex.citations.push(Citation {
            target: inst.target.as_str().into(),
            kind: CitationKind::Instrument,
            issuing_body: Organ::of_symbol(&inst.target).map(|o| Cow::Borrowed(o.name())),
            pinpoint: inst.pinpoint.as_deref().map(Into::into),
            footnote: None,
            instrument: Some(t.to_string()),
            date: None,
            function: block.and_then(|b| match b.kind {
                ParagraphKind::Other => None,
                _ => Some(Cow::Borrowed(b.function.unwrap_or("cites"))),
            }),
            paragraph: block.map(|b| b.id.as_str().into()),
            text: t.into(),
            start: span.start,
            end: span.end,
            href: None,
        });
    }
    if ex.citations.len() > found {
        sort_by_span(&mut ex.citations);
    }

    // Links: what the document's own markup says its words cite.
    if !opts.links.is_empty() {
        href::cite_links(&mut ex, text, &lay, &blocks, &opts.links, &excluded);
    }

    if cfg!(debug_assertions) {
        let problems = validate(text, &ex);
        debug_assert!(problems.is_empty(), "invalid spans: {problems:?}");
    }
    ex
}

/// Sorts citations by span, stably, with four bytes of scratch per citation: on a text of
/// millions of citations a keyed copy of the order (24 bytes each) or a merge buffer (half the
/// citations) would be the largest thing in memory.
pub(crate) fn sort_by_span(cs: &mut [Citation]) {
    if cs.is_sorted_by_key(|c| (c.start, c.end)) {
        return;
    }
    let Ok(n) = u32::try_from(cs.len()) else {
        cs.sort_by_cached_key(|c| (c.start, c.end));
        return;
    };
    // order[k]: the index of the citation that belongs at k (ties keep their order).
    let mut order: Vec<u32> = (0..n).collect();
    order.sort_unstable_by_key(|&i| {
        let c = &cs[i as usize];
        (c.start, c.end, i)
    });
    // Apply the permutation in place, one cycle at a time; a placed position is marked by
    // pointing at itself.
    for i in 0..cs.len() {
        let mut cur = i;
        loop {
            let src = order[cur] as usize;
            order[cur] = cur as u32;
            if src == i {
                break;
            }
            cs.swap(cur, src);
            cur = src;
        }
    }
}

fn push_citation(
    ex: &mut Extraction,
    orig: &str,
    view: &View,
    f: cite::Found,
    block: Option<&paragraphs::Block>,
    footnote: Option<u32>,
    instrument: Option<String>,
) {
    let span = view.span(orig, f.range.clone());
    let Some(text) = orig.get(span.clone()) else {
        return;
    };
    if text.is_empty() {
        return;
    }
    let function = block.and_then(|b| match b.kind {
        ParagraphKind::Other => None,
        _ => Some(b.function.unwrap_or("cites")),
    });
    ex.citations.push(Citation {
        target: f.target.into(),
        kind: f.kind,
        issuing_body: f.issuing_body.map(Cow::Borrowed),
        pinpoint: f.pinpoint.map(Into::into),
        footnote,
        instrument,
        date: f.date.map(Into::into),
        function: function.map(Cow::Borrowed),
        paragraph: block.map(|b| b.id.as_str().into()),
        text: text.into(),
        start: span.start,
        end: span.end,
        href: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_ids(text: &str, lang: Lang) -> Vec<String> {
        let opts = Options {
            lang: Some(lang),
            ..Options::default()
        };
        extract_str(text, &opts)
            .bodies
            .into_iter()
            .map(|b| b.id.into_owned())
            .collect()
    }

    /// The in-place span sort agrees with a stable sort, ties included.
    #[test]
    fn sort_by_span_is_a_stable_sort() {
        let citation = |start: usize, end: usize, tag: usize| Citation {
            target: tag.to_string().into(),
            kind: CitationKind::Document,
            issuing_body: None,
            pinpoint: None,
            footnote: None,
            instrument: None,
            date: None,
            function: None,
            paragraph: None,
            text: "x".into(),
            start,
            end,
            href: None,
        };
        let mut rng = fastrand::Rng::with_seed(7);
        for n in [0, 1, 2, 3, 10, 257, 5000] {
            let cs: Vec<Citation> = (0..n)
                .map(|tag| {
                    let start = rng.usize(0..n.max(1) / 3 + 1);
                    citation(start, start + rng.usize(1..3), tag)
                })
                .collect();
            let mut want = cs.clone();
            want.sort_by_key(|c| (c.start, c.end));
            let mut got = cs;
            sort_by_span(&mut got);
            assert_eq!(got, want, "{n} citations");
        }
    }

    /// An acronym in brackets after an instrument's name abbreviates the instrument, not the
    /// committee that shares it; after the committee's name it is the committee.
    #[test]
    fn acronyms_after_instruments_name_the_instrument() {
        let t = "UN-Women continued to support Member States to operationalize global norms such as the Convention on the Elimination of All Forms of Discrimination against Women (CEDAW) and the outcomes of the Commission on the Status of Women (CSW)";
        assert_eq!(body_ids(t, Lang::En), ["UN-Women", "CSW", "CSW"]);
        let t =
            "reports to the Committee on the Elimination of Discrimination against Women (CEDAW)";
        assert_eq!(body_ids(t, Lang::En), ["CEDAW", "CEDAW"]);
        let t = "crimes under the Rome Statute of the International Criminal Court (ICC), to which the CAR is a State party";
        assert_eq!(body_ids(t, Lang::En), ["ICC", "ICC"]);
    }
}
