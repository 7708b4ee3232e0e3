//! Named bodies across languages: the same text in several languages names the same bodies.
//!
//! These tests read the shared corpus beside the crate (`../shared/corpus`) and skip, saying so,
//! when it is not there. Each prints its figure, so `cargo test --test bodies_multilingual --
//! --nocapture` reports the agreement measured.

use std::collections::BTreeSet;
use std::path::PathBuf;

use unkg::extract::{Options, extract_str};
use unkg::text::Lang;

mod alignment;

fn corpus(rel: &str) -> Option<PathBuf> {
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel);
    let absolute = PathBuf::from("/work/shared/corpus").join(rel);
    [beside, absolute].into_iter().find(|p| p.exists())
}

fn read(rel: &str) -> Option<String> {
    let Some(p) = corpus(rel) else {
        eprintln!("{rel} not found; skipped");
        return None;
    };
    std::fs::read_to_string(p).ok()
}

fn body_ids(text: &str, lang: Lang, markdown: bool) -> BTreeSet<String> {
    let opts = Options {
        lang: Some(lang),
        markdown,
        ..Options::default()
    };
    extract_str(text, &opts)
        .bodies
        .into_iter()
        .map(|b| b.id.into_owned())
        .collect()
}

/// The UN Charter in six languages: each language finds at least 95% of the union of the
/// bodies found in all six.
#[test]
fn charter_names_the_same_bodies_in_six_languages() {
    let mut sets = Vec::new();
    for lang in Lang::ALL {
        let Some(text) = read(&format!("{0}/UN_Charter_raw_{0}.txt", lang.code())) else {
            return;
        };
        sets.push((lang, body_ids(&text, lang, false)));
    }
    let union: BTreeSet<String> = sets.iter().flat_map(|(_, s)| s.iter().cloned()).collect();
    println!("Charter union ({}): {union:?}", union.len());
    let mut worst = 1.0f64;
    for (lang, set) in &sets {
        let agreement = set.len() as f64 / union.len().max(1) as f64;
        let missing: Vec<&String> = union.difference(set).collect();
        println!(
            "{lang}: {} of {} ({agreement:.3}), missing {missing:?}",
            set.len(),
            union.len()
        );
        worst = worst.min(agreement);
    }
    assert!(worst >= 0.95, "lowest agreement with the union {worst:.3}");
}

/// One entry of the en/zh file, with the bodies each side names and where.
struct Row {
    id: String,
    theme: String,
    en: String,
    zh: String,
    en_bodies: BTreeSet<String>,
    zh_bodies: BTreeSet<String>,
    en_masked: String,
    zh_masked: String,
}

/// The bodies named in a sentence, and the sentence with their mentions blanked out.
fn bodies_and_blanked(text: &str, lang: Lang) -> (BTreeSet<String>, String) {
    let opts = Options {
        lang: Some(lang),
        ..Options::default()
    };
    let bodies = extract_str(text, &opts).bodies;
    let blanked = alignment::blank(text, bodies.iter().map(|b| (b.start, b.end)));
    (
        bodies.into_iter().map(|b| b.id.into_owned()).collect(),
        blanked,
    )
}

/// The share of lines, among those where either side names a body, on which both sides name
/// the same bodies; printing the first disagreements.
fn agreement(pairs: &[(&Row, &Row)], show: usize) -> (usize, usize) {
    let (mut lines, mut same, mut shown) = (0, 0, 0);
    for (en, zh) in pairs {
        let (a, b) = (&en.en_bodies, &zh.zh_bodies);
        if a.is_empty() && b.is_empty() {
            continue;
        }
        lines += 1;
        if a == b {
            same += 1;
        } else if shown < show {
            shown += 1;
            println!("{}: en {a:?} zh {b:?}\n  {}\n  {}", en.id, en.en, zh.zh);
        }
    }
    (same, lines)
}

/// The en/zh sentence pairs: on lines where either side names a body, both name the same ones
/// on at least 90% of the lines.
///
/// The file is not paired line by line: only the `peace` theme is; in the others the English
/// sentence of entry `i` mostly translates the Chinese sentence of entry `i - 1`, and here and
/// there one language drops, adds or swaps sentences (a heading kept in one language and cut
/// in the other, a masthead line "联合国" against a symbol "E/2023/15"). The test therefore
/// realigns each theme the way parallel corpora are aligned (see `alignment`): lengths,
/// numbers, symbols and Latin words first, then a lexicon learned from the sure pairs, and a
/// pairing only where it is clearer than 95% of pairings of unrelated sentences. The alignment
/// never sees the bodies measured: their mentions are blanked before words are counted. The
/// test prints the figure for the pairs as given and for the realigned pairs (the bar).
#[test]
fn english_and_chinese_sentence_pairs_name_the_same_bodies() {
    let Some(raw) = read("zh/UN_en-zh_aligned_sentences_corpus.json") else {
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&raw).expect("the pairs parse");
    let data = json["data"].as_array().cloned().unwrap_or_default();
    assert!(data.len() > 5000, "{} pairs", data.len());
    let rows: Vec<Row> = data
        .iter()
        .filter_map(|p| {
            let (en, zh) = (p["en"].as_str()?, p["zh"].as_str()?);
            let (en_bodies, en_masked) = bodies_and_blanked(en, Lang::En);
            let (zh_bodies, zh_masked) = bodies_and_blanked(zh, Lang::Zh);
            Some(Row {
                id: p["id"].as_str()?.to_string(),
                theme: p["theme"].as_str()?.to_string(),
                en: en.to_string(),
                zh: zh.to_string(),
                en_bodies,
                zh_bodies,
                en_masked,
                zh_masked,
            })
        })
        .collect();
    let as_given: Vec<(&Row, &Row)> = rows.iter().map(|r| (r, r)).collect();
    let (same, lines) = agreement(&as_given, 0);
    println!(
        "en/zh pairs as given: {same} of {lines} ({:.3})",
        same as f64 / lines.max(1) as f64
    );

    let mut names: Vec<&str> = rows.iter().map(|r| r.theme.as_str()).collect();
    names.dedup();
    let themes: Vec<Vec<&Row>> = names
        .iter()
        .map(|name| rows.iter().filter(|r| r.theme == *name).collect())
        .collect();
    let entries: Vec<Vec<alignment::Entry<'_>>> = themes
        .iter()
        .map(|t| {
            t.iter()
                .map(|r| alignment::Entry {
                    en: &r.en,
                    zh: &r.zh,
                    en_masked: r.en_masked.clone(),
                    zh_masked: r.zh_masked.clone(),
                })
                .collect()
        })
        .collect();
    let report = alignment::align_themes(&entries);
    println!(
        "length model: ln(zh chars / en chars) = {:.3} ± {:.3}; first pass {} pairs, {} sure; \
         lexicon of {} English words; skip cost {:.2}",
        report.length_model.0,
        report.length_model.1,
        report.first_pass,
        report.learned_from,
        report.lexicon,
        report.skip
    );
    let mut realigned: Vec<(&Row, &Row)> = Vec::new();
    for ((name, t), pairs) in names.iter().zip(&themes).zip(&report.pairs) {
        let mut shifts: std::collections::BTreeMap<isize, usize> = Default::default();
        for &(i, j) in pairs {
            *shifts.entry(i as isize - j as isize).or_default() += 1;
            realigned.push((t[i], t[j]));
        }
        println!(
            "theme {name}: {} entries, {} pairs; offsets (English entry − Chinese entry: pairs) {shifts:?}",
            t.len(),
            pairs.len()
        );
    }
    let (same, lines) = agreement(&realigned, 60);
    let share = same as f64 / lines.max(1) as f64;
    println!("en/zh pairs realigned: {same} of {lines} lines with a body agree ({share:.3})");
    assert!(share >= 0.90, "agreement {share:.3}");
}

/// The seed resolution in English and in Chinese names the same bodies.
#[test]
fn the_seed_names_the_same_bodies_in_english_and_chinese() {
    let (Some(en), Some(zh)) = (read("en/A_RES_79_319.txt"), read("zh/A_RES_79_319.md")) else {
        return;
    };
    let a = body_ids(&en, Lang::En, false);
    let b = body_ids(&zh, Lang::Zh, true);
    println!("en {a:?}\nzh {b:?}");
    assert_eq!(
        a,
        b,
        "only en: {:?}, only zh: {:?}",
        a.difference(&b).collect::<Vec<_>>(),
        b.difference(&a).collect::<Vec<_>>()
    );
}
