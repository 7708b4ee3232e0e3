//! `unkg verify` on a small corpus: the planted errors of tests/fixtures/verify/ are flagged,
//! each with the right problem, and the seed resolution (A/RES/79/319, Chinese and English) is
//! clean; findings go back into the store and the library queries read them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use unkg::link::verify::{self, Today};
use unkg::store::Store;
use unkg::store::build::{BuildOptions, Quiet, build};
use unkg::store::query::{self, Answer};

const TODAY: Today = Today {
    year: 2026,
    month: 11,
};

fn files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.join("tests/fixtures/verify/A_RES_75_990.txt"),
        root.join("../shared/corpus/zh/A_RES_79_319.md"),
        root.join("../shared/corpus/en/A_RES_79_319.txt"),
    ]
}

fn store() -> Store {
    let store = Store::in_memory(None).expect("store");
    let sum = build(&store, &files(), &BuildOptions::default(), &mut Quiet).expect("build");
    assert_eq!(sum.new, 3, "all three documents are built");
    store
}

fn rows(store: &Store, name: &str) -> Vec<Vec<String>> {
    let text = query::named(name).expect("library query");
    match query::run(store, name, text, &[])
        .and_then(|r| r.collect())
        .expect("query runs")
    {
        Answer::Solutions { rows, .. } => rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.as_ref().map(query::display).unwrap_or_default())
                    .collect()
            })
            .collect(),
        other => panic!("{name}: not a SELECT: {other:?}"),
    }
}

#[test]
fn planted_errors_are_flagged_and_the_seed_is_clean() {
    let store = store();
    let report = verify::verify(&store, TODAY, None).expect("verify");
    let mut by_target: BTreeMap<(String, String), BTreeSet<&str>> = BTreeMap::new();
    for f in &report.findings {
        by_target
            .entry((f.citing.clone(), f.target.clone()))
            .or_default()
            .insert(f.problem.code());
    }
    let planted = |t: &str| {
        by_target
            .get(&("A/RES/75/990".to_string(), t.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    // A resolution adopted three years after the citing one.
    assert!(planted("A/RES/78/5").contains("adopted-later"));
    assert!(planted("A/RES/78/5").contains("session-after-citing"));
    // A session that never met.
    assert_eq!(planted("A/RES/99/12"), BTreeSet::from(["no-such-session"]));
    // A malformed symbol.
    assert_eq!(planted("A/RES/75"), BTreeSet::from(["malformed"]));
    // A Security Council resolution number that does not fit its year.
    assert_eq!(
        planted("S/RES/2720 (1990)"),
        BTreeSet::from(["year-mismatch"])
    );
    // Good citations of the planted document are not flagged.
    for ok in ["A/RES/70/1", "A/RES/74/270", "S/RES/660 (1990)"] {
        assert!(planted(ok).is_empty(), "{ok} flagged: {:?}", planted(ok));
    }
    // Nothing in the seed, in either language.
    let seed: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.citing == "A/RES/79/319")
        .collect();
    assert!(seed.is_empty(), "seed flagged: {seed:#?}");
    assert!(report.citations > 30, "{} citations", report.citations);
    assert_eq!(report.flagged(), 4);
}

#[test]
fn findings_are_triples_and_the_error_rate_is_one_query_away() {
    let store = store();
    let report = verify::verify(&store, TODAY, None).expect("verify");
    verify::write(&store, &report, "2026-11-30T00:00:00Z").expect("write");
    let problems = rows(&store, "citation-problems");
    assert_eq!(problems.len(), report.findings.len());
    assert!(problems.contains(&vec![
        "A/RES/75/990".to_string(),
        "en".to_string(),
        "A/RES/99/12".to_string(),
        "no-such-session".to_string(),
        "General Assembly session 99 does not exist (the latest is 81)".to_string(),
    ]));
    let rate = rows(&store, "citation-error-rate");
    assert_eq!(rate.len(), 1);
    assert_eq!(rate[0][0], report.citations.to_string());
    assert_eq!(rate[0][1], "4");
    let percent: f64 = rate[0][2].parse().expect("a number");
    let want = 100.0 * 4.0 / report.citations as f64;
    assert!((percent - want).abs() < 0.01, "{percent} vs {want}");
    // Verification graphs are not document graphs.
    assert_eq!(store.graphs().expect("graphs").len(), 3);
    // Verifying again replaces, never adds.
    verify::write(&store, &report, "2026-12-01T00:00:00Z").expect("write");
    assert_eq!(
        rows(&store, "citation-problems").len(),
        report.findings.len()
    );
}

#[test]
fn an_online_registry_that_knows_nothing_flags_what_is_not_in_the_corpus() {
    let store = store();
    let mut asked = Vec::new();
    let mut exists = |s: &str| {
        asked.push(s.to_string());
        Ok(Some(s != "A/RES/74/270"))
    };
    let report = verify::verify(&store, TODAY, Some(&mut exists)).expect("verify");
    let not_found: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.problem.code() == "not-found")
        .map(|f| f.target.as_str())
        .collect();
    assert_eq!(not_found, ["A/RES/74/270"]);
    // Each target asked once; flagged and in-corpus targets are not asked.
    let set: BTreeSet<&String> = asked.iter().collect();
    assert_eq!(set.len(), asked.len());
    assert!(
        !asked
            .iter()
            .any(|a| a == "A/RES/99/12" || a == "A/RES/79/319")
    );
}

#[test]
fn the_corpus_has_one_flagged_citation_a_real_error_of_its_arabic_text() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let store = Store::in_memory(None).expect("store");
    build(
        &store,
        &unkg::source::walk(&[corpus]),
        &BuildOptions::default(),
        &mut Quiet,
    )
    .expect("build");
    let report = verify::verify(&store, TODAY, None).expect("verify");
    assert!(report.citations > 1500, "{} citations", report.citations);
    // The Arabic devset cites "2122 (2014)"; resolution 2122 was adopted in 2013.
    let found: Vec<(&str, &str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.language.as_str(), f.target.as_str(), f.problem.code()))
        .collect();
    assert_eq!(found, [("ar", "S/RES/2122 (2014)", "year-mismatch")]);
}
