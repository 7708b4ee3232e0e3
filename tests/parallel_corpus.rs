//! Cross-language agreement on the UN Parallel Corpus dev set.
//!
//! `../shared/corpus/<lang>/UNv1.0.devset.<lang>.txt` holds 4,000 sentences, line i being the
//! same sentence in Arabic, Chinese, English, French, Russian and Spanish. A citation names the
//! same document in every language, so the six extractions of a line should report the same
//! set of targets; where they differ, some language's patterns miss or invent a citation. Over
//! the lines where any language finds a citation, this measures
//!
//! * agreement: the fraction of lines whose six target sets are equal (bar: 95%), and
//! * recall per language: the fraction of the (line, target) pairs of the union of the six that
//!   the language finds (bar: 90% each),
//!
//! and prints both with the 20 lines that disagree most, so the patterns can be improved.
//!
//! The bars apply to citations by reference — symbols, resolution and decision numbers, sales
//! numbers — which is what the citation patterns find. Instruments named without a reference
//! (kind `instrument`, from the name tables in `data/instruments.toml`) depend on how each
//! language names them; their agreement is printed as a separate figure.
//! Skipped with a message when `../shared` is absent.

use std::collections::BTreeSet;
use std::path::Path;

use unkg::extract::{Options, extract_str, validate};
use unkg::text::Lang;

const AGREEMENT_BAR: f64 = 0.95;
const RECALL_BAR: f64 = 0.90;

type Targets = BTreeSet<String>;

struct Line {
    number: usize,
    sets: Vec<Targets>,
    union: Targets,
}

impl Line {
    /// How far the six sets are from the union: the (language, target) pairs missing.
    fn missing(&self) -> usize {
        self.sets.iter().map(|s| self.union.len() - s.len()).sum()
    }
}

#[test]
fn six_languages_agree_on_the_citations_of_the_parallel_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is absent", corpus.display());
        return;
    }
    let mut columns: Vec<Vec<String>> = Vec::new();
    for lang in Lang::ALL {
        let path = corpus
            .join(lang.code())
            .join(format!("UNv1.0.devset.{lang}.txt"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        columns.push(text.lines().map(str::to_string).collect());
    }
    let n = columns[0].len();
    assert!(
        columns.iter().all(|c| c.len() == n),
        "the six files differ in length: {:?}",
        columns.iter().map(Vec::len).collect::<Vec<_>>()
    );

    let mut lines: Vec<Line> = Vec::new();
    let (mut named_lines, mut named_agreeing) = (0usize, 0usize);
    for i in 0..n {
        let mut sets = Vec::new();
        let mut named_sets: Vec<Targets> = Vec::new();
        for (lang, column) in Lang::ALL.into_iter().zip(&columns) {
            let text = column[i].as_str();
            let opts = Options {
                lang: Some(lang),
                ..Options::default()
            };
            let ex = extract_str(text, &opts);
            let problems = validate(text, &ex);
            assert!(problems.is_empty(), "line {} ({lang}): {problems:?}", i + 1);
            named_sets.push(
                ex.citations
                    .iter()
                    .map(|c| c.target.clone())
                    .collect::<Targets>(),
            );
            sets.push(
                ex.citations
                    .into_iter()
                    .filter(|c| c.kind != "instrument")
                    .map(|c| c.target)
                    .collect::<Targets>(),
            );
        }
        if named_sets.iter().any(|s| !s.is_empty()) {
            named_lines += 1;
            named_agreeing += usize::from(named_sets.iter().all(|s| s == &named_sets[0]));
        }
        let union: Targets = sets.iter().flatten().cloned().collect();
        if !union.is_empty() {
            lines.push(Line {
                number: i + 1,
                sets,
                union,
            });
        }
    }

    let cited = lines.len();
    let agreeing = lines.iter().filter(|l| l.missing() == 0).count();
    let agreement = if cited == 0 {
        1.0
    } else {
        agreeing as f64 / cited as f64
    };
    let pairs: usize = lines.iter().map(|l| l.union.len()).sum();
    let recall: Vec<(Lang, f64)> = Lang::ALL
        .into_iter()
        .enumerate()
        .map(|(k, lang)| {
            let found: usize = lines.iter().map(|l| l.sets[k].len()).sum();
            (
                lang,
                if pairs == 0 {
                    1.0
                } else {
                    found as f64 / pairs as f64
                },
            )
        })
        .collect();

    println!(
        "UN Parallel Corpus dev set: {n} lines, {cited} with a citation in some language, {pairs} (line, target) pairs"
    );
    println!(
        "agreement: {agreeing}/{cited} = {:.1}% (bar {:.0}%)",
        100.0 * agreement,
        100.0 * AGREEMENT_BAR
    );
    for (lang, r) in &recall {
        println!(
            "recall {lang}: {:.1}% (bar {:.0}%)",
            100.0 * r,
            100.0 * RECALL_BAR
        );
    }
    let mut worst: Vec<&Line> = lines.iter().filter(|l| l.missing() > 0).collect();
    worst.sort_by_key(|l| (std::cmp::Reverse(l.missing()), l.number));
    println!("{} disagreeing lines; the worst 20:", worst.len());
    for l in worst.iter().take(20) {
        println!("line {} (missing {}):", l.number, l.missing());
        for (lang, set) in Lang::ALL.iter().zip(&l.sets) {
            let list: Vec<&str> = set.iter().map(String::as_str).collect();
            println!("    {lang}: {list:?}");
        }
    }

    println!(
        "with named instruments too: the six languages agree on {named_agreeing} of {named_lines} lines ({:.1}%)",
        100.0 * named_agreeing as f64 / named_lines.max(1) as f64
    );

    let below: Vec<String> = recall
        .iter()
        .filter(|(_, r)| *r < RECALL_BAR)
        .map(|(lang, r)| format!("{lang} {:.1}%", 100.0 * r))
        .collect();
    assert!(
        agreement >= AGREEMENT_BAR,
        "issue 2 bar not met yet: the six languages agree on {:.1}% of the cited lines, the bar is {:.0}% (run with --nocapture for the disagreeing lines)",
        100.0 * agreement,
        100.0 * AGREEMENT_BAR
    );
    assert!(
        below.is_empty(),
        "issue 2 bar not met yet: recall against the union of the six languages below {:.0}% for {}",
        100.0 * RECALL_BAR,
        below.join(", ")
    );
}
