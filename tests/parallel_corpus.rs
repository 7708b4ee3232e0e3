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
/// The floor for all citations, instruments named without a reference included: the figure
/// reached, kept from falling while the name forms of the instruments are completed. What
/// remains is mostly translation: one language writes "the Treaty" or "the Platform" where
/// another repeats the full name.
const NAMED_FLOOR: f64 = 0.77;

type Targets = BTreeSet<String>;

/// One line of the dev set: the targets each language finds, in `Lang::ALL` order.
struct Line {
    number: usize,
    sets: Vec<Targets>,
    union: Targets,
}

impl Line {
    fn new(number: usize, sets: Vec<Targets>) -> Line {
        let union = sets.iter().flatten().cloned().collect();
        Line {
            number,
            sets,
            union,
        }
    }

    /// How far the six sets are from the union: the (language, target) pairs missing.
    fn missing(&self) -> usize {
        self.sets.iter().map(|s| self.union.len() - s.len()).sum()
    }
}

/// Agreement and per-language recall over the lines where any language finds a target.
struct Figures {
    cited: usize,
    agreeing: usize,
    pairs: usize,
    recall: Vec<(Lang, f64)>,
}

impl Figures {
    fn of(lines: &[Line]) -> Figures {
        let cited: Vec<&Line> = lines.iter().filter(|l| !l.union.is_empty()).collect();
        let pairs: usize = cited.iter().map(|l| l.union.len()).sum();
        let recall = Lang::ALL
            .into_iter()
            .enumerate()
            .map(|(k, lang)| {
                let found: usize = cited.iter().map(|l| l.sets[k].len()).sum();
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
        Figures {
            cited: cited.len(),
            agreeing: cited.iter().filter(|l| l.missing() == 0).count(),
            pairs,
            recall,
        }
    }

    fn agreement(&self) -> f64 {
        if self.cited == 0 {
            1.0
        } else {
            self.agreeing as f64 / self.cited as f64
        }
    }

    fn print(&self, label: &str) {
        println!(
            "{label}: {} lines with a citation in some language, {} (line, target) pairs",
            self.cited, self.pairs
        );
        println!(
            "    agreement: {}/{} = {:.1}% (bar {:.0}%)",
            self.agreeing,
            self.cited,
            100.0 * self.agreement(),
            100.0 * AGREEMENT_BAR
        );
        let recall: Vec<String> = self
            .recall
            .iter()
            .map(|(lang, r)| format!("{lang} {:.1}%", 100.0 * r))
            .collect();
        println!(
            "    recall against the union (bar {:.0}%): {}",
            100.0 * RECALL_BAR,
            recall.join(", ")
        );
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

    // Every citation, and (for the breakdown) those written as a reference, that is, all but
    // the instruments recognised by name alone.
    let mut all: Vec<Line> = Vec::new();
    let mut by_reference: Vec<Line> = Vec::new();
    for i in 0..n {
        let (mut sets, mut refs) = (Vec::new(), Vec::new());
        for (lang, column) in Lang::ALL.into_iter().zip(&columns) {
            let text = column[i].as_str();
            let opts = Options {
                lang: Some(lang),
                ..Options::default()
            };
            let ex = extract_str(text, &opts);
            let problems = validate(text, &ex);
            assert!(problems.is_empty(), "line {} ({lang}): {problems:?}", i + 1);
            sets.push(
                ex.citations
                    .iter()
                    .map(|c| c.target.to_string())
                    .collect::<Targets>(),
            );
            refs.push(
                ex.citations
                    .iter()
                    .filter(|c| c.kind != "instrument")
                    .map(|c| c.target.to_string())
                    .collect(),
            );
        }
        all.push(Line::new(i + 1, sets));
        by_reference.push(Line::new(i + 1, refs));
    }

    let figures = Figures::of(&by_reference);
    println!("UN Parallel Corpus dev set, {n} lines");
    figures.print("citations by reference, kind other than instrument (the bar)");
    let named = Figures::of(&all);
    named.print("all citations, instruments named without a reference included");
    let mut worst: Vec<(&Line, &Line)> = all
        .iter()
        .zip(&by_reference)
        .filter(|(l, _)| l.missing() > 0)
        .collect();
    worst.sort_by_key(|(l, _)| (std::cmp::Reverse(l.missing()), l.number));
    println!(
        "{} disagreeing lines; the worst 20 (* = recognised by name, kind instrument):",
        worst.len()
    );
    for (l, r) in worst.iter().take(20) {
        println!("line {} (missing {}):", l.number, l.missing());
        for ((lang, set), refs) in Lang::ALL.iter().zip(&l.sets).zip(&r.sets) {
            let list: Vec<String> = set
                .iter()
                .map(|t| {
                    if refs.contains(t) {
                        t.clone()
                    } else {
                        format!("*{t}")
                    }
                })
                .collect();
            println!("    {lang}: {}", list.join(", "));
        }
    }

    let refs_off: Vec<&Line> = by_reference.iter().filter(|l| l.missing() > 0).collect();
    println!(
        "{} lines disagree on citations by reference:",
        refs_off.len()
    );
    for l in refs_off.iter().take(20) {
        println!("line {}:", l.number);
        for (lang, set) in Lang::ALL.iter().zip(&l.sets) {
            println!(
                "    {lang}: {}",
                set.iter().cloned().collect::<Vec<_>>().join(", ")
            );
        }
    }

    let below: Vec<String> = figures
        .recall
        .iter()
        .filter(|(_, r)| *r < RECALL_BAR)
        .map(|(lang, r)| format!("{lang} {:.1}%", 100.0 * r))
        .collect();
    assert!(
        figures.agreement() >= AGREEMENT_BAR,
        "issue 2 bar not met yet: the six languages agree on {:.1}% of the cited lines, the bar is {:.0}% (run with --nocapture for the disagreeing lines)",
        100.0 * figures.agreement(),
        100.0 * AGREEMENT_BAR
    );
    assert!(
        named.agreement() >= NAMED_FLOOR,
        "the six languages agree on {:.1}% of the lines with any citation, instruments named without a reference included; the floor is {:.0}%",
        100.0 * named.agreement(),
        100.0 * NAMED_FLOOR
    );
    assert!(
        below.is_empty(),
        "issue 2 bar not met yet: recall against the union of the six languages below {:.0}% for {}",
        100.0 * RECALL_BAR,
        below.join(", ")
    );
}
