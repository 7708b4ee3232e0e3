//! `unkg link --offline` over the corpus: every document gets its undocs.org and ODS URLs in
//! each language it is in, every body with a curated QID its Wikidata link, each with its
//! provenance, in link graphs of their own; the `registry-links` query lists them.

use std::collections::BTreeSet;
use std::path::PathBuf;

use unkg::gazetteer::bodies;
use unkg::link::{self, Corpus};
use unkg::store::Store;
use unkg::store::build::{BuildOptions, Quiet, build};
use unkg::store::query::{self, Answer};

fn corpus_store() -> Option<Store> {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} not found", corpus.display());
        return None;
    }
    let store = Store::in_memory(None).expect("store");
    let files = unkg::source::walk(&[corpus]);
    build(&store, &files, &BuildOptions::default(), &mut Quiet).expect("build");
    Some(store)
}

fn offline(store: &Store, corpus: &Corpus) -> Result<Vec<link::RegistryReport>, link::LinkError> {
    let at = "2026-11-30T00:00:00Z";
    link::run(
        store,
        corpus,
        &link::offline_registries(),
        at,
        true,
        &mut |_| {},
    )
}

fn link_rows(store: &Store) -> BTreeSet<Vec<String>> {
    let text = query::named("registry-links").expect("query");
    let Answer::Solutions { rows, .. } = query::run(store, "registry-links", text, &[])
        .and_then(|r| r.collect())
        .expect("query runs")
    else {
        panic!("registry-links is a SELECT");
    };
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| c.as_ref().map(query::display).unwrap_or_default())
                .collect()
        })
        .collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn offline_links_cover_every_language_version_and_every_curated_body() {
    let Some(store) = corpus_store() else { return };
    let graphs_before = store.graphs().expect("graphs").len();
    let corpus = Corpus::read(&store).expect("corpus");
    assert!(corpus.documents.len() > 20, "{}", corpus.documents.len());
    let reports = offline(&store, &corpus).expect("link");
    assert!(
        reports
            .iter()
            .all(|r| r.failures.is_empty() && r.ambiguous.is_empty())
    );
    let rows = link_rows(&store);

    let mut versions = 0;
    for r in store.records().expect("records") {
        if r.symbol.starts_with("_file/") {
            continue;
        }
        versions += 1;
        let subject = format!("{} [{}]", r.symbol, r.language);
        let undocs = unkg::model::undocs(Some(&r.language), &r.symbol).expect("iri");
        let pdf = link::ods::pdf_url(link::ods::DEFAULT_BASE, &r.symbol, &r.language);
        for target in [undocs.as_str(), pdf.as_str()] {
            assert!(
                rows.contains(&row(&[&subject, "seeAlso", target, "ods", "template", "1"])),
                "{subject}: no link to {target}; {:?}",
                rows.iter()
                    .filter(|x| x[0].contains(r.symbol.as_str()))
                    .collect::<Vec<_>>()
            );
        }
    }
    assert!(versions >= 40, "{versions} language versions");
    // The worked example of the conventions, in Chinese.
    assert!(rows.contains(&row(&[
        "A/RES/79/319 [zh]",
        "seeAlso",
        "https://undocs.org/zh/A/RES/79/319",
        "ods",
        "template",
        "1"
    ])));

    let mut curated = 0;
    for b in &corpus.bodies {
        let Some(q) = bodies::body(&b.id).and_then(|x| x.wikidata.clone()) else {
            continue;
        };
        curated += 1;
        let wd = format!("http://www.wikidata.org/entity/{q}");
        assert!(
            rows.iter().any(|r| r[0] == b.id
                && r[1] == "sameAs"
                && r[2] == wd
                && r[3] == "wikidata"
                && r[4] == "curated"),
            "{}: no link to {wd}",
            b.id
        );
    }
    assert!(curated >= 5, "{curated} bodies with a curated QID");
    assert!(
        rows.iter()
            .any(|r| r[0] == "GA" && r[2] == "http://www.wikidata.org/entity/Q47423")
    );

    // Link graphs are not document graphs, and linking again changes nothing.
    assert_eq!(store.graphs().expect("graphs").len(), graphs_before);
    let len = store.len().expect("len");
    offline(&store, &corpus).expect("link again");
    assert_eq!(store.len().expect("len"), len);
}
