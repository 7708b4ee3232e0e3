//! Every query of `queries/` parses, runs on the fixture graph and returns the expected rows
//! (tests/fixtures/graph/expected.toml); parameters are bound as terms, never as text.

mod store_support;

use std::collections::BTreeSet;

use unkg::store::query::{self, Answer, LIBRARY};
use unkg::store::{RdfOutput, StoreError};

fn expected() -> Vec<toml::Value> {
    let raw = std::fs::read_to_string(store_support::fixture_dir().join("expected.toml"))
        .expect("expected.toml");
    let v: toml::Value = toml::from_str(&raw).expect("expected.toml parses");
    v.get("query")
        .and_then(|q| q.as_array())
        .cloned()
        .unwrap_or_default()
}

fn strings(v: &toml::Value) -> Vec<Vec<String>> {
    v.as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .map(|c| {
                            c.iter()
                                .map(|x| x.as_str().unwrap_or("").to_string())
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn library_matches_the_queries_folder() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("queries/")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rq"))
                .map(str::to_string)
        })
        .collect();
    files.sort();
    let mut names: Vec<String> = LIBRARY.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(files, names);
    assert!(names.len() >= 15);
}

#[test]
fn every_query_has_a_header_and_an_expectation() {
    let exp = expected();
    for (name, text) in LIBRARY {
        let qi = query::info(name, text);
        assert!(!qi.purpose.is_empty(), "{name}: no purpose in header");
        assert!(!qi.columns.is_empty(), "{name}: no columns in header");
        assert!(
            text.contains(&format!("# name: {name}")),
            "{name}: header names another query"
        );
        assert!(
            exp.iter()
                .any(|e| e.get("name").and_then(|n| n.as_str()) == Some(name)),
            "{name}: no expected rows"
        );
    }
}

#[test]
fn every_query_returns_the_expected_rows() {
    let store = store_support::fixture_store();
    let mut failures = Vec::new();
    for e in expected() {
        let name = e.get("name").and_then(|n| n.as_str()).expect("name");
        let params: Vec<(String, String)> = e
            .get("params")
            .and_then(|p| p.as_table())
            .map(|t| {
                t.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let text = query::named(name).expect("library query");
        let answer = query::run(&store, name, text, &params).and_then(|r| r.collect());
        let answer = match answer {
            Ok(a) => a,
            Err(err) => {
                failures.push(format!("{name}: {err}"));
                continue;
            }
        };
        match answer {
            Answer::Solutions { variables, rows } => {
                let qi = query::info(name, text);
                if variables != qi.columns {
                    failures.push(format!(
                        "{name}: columns {variables:?}, header says {:?}",
                        qi.columns
                    ));
                }
                let got: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| c.as_ref().map(query::display).unwrap_or_default())
                            .collect()
                    })
                    .collect();
                let want = strings(e.get("rows").expect("rows"));
                let mut g = got.clone();
                g.sort();
                let mut w = want.clone();
                w.sort();
                let matches = g.len() == w.len()
                    && g.iter().zip(&w).all(|(a, b)| {
                        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| y == "*" || x == y)
                    });
                if !matches {
                    failures.push(format!("{name}: got {got:#?}\nwant {want:#?}"));
                }
            }
            Answer::Graph(triples) => {
                let got: BTreeSet<Vec<String>> = triples
                    .iter()
                    .map(|t| {
                        vec![
                            t.subject.to_string().trim_matches(['<', '>']).to_string(),
                            t.predicate.as_str().to_string(),
                            query::display(&t.object),
                        ]
                    })
                    .collect();
                for want in strings(e.get("contains").expect("contains")) {
                    if !got.contains(&want) {
                        failures.push(format!("{name}: missing triple {want:?}"));
                    }
                }
            }
            Answer::Boolean(_) => failures.push(format!("{name}: unexpected boolean")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn parameters_are_terms_not_text() {
    let store = store_support::fixture_store();
    let text = query::named("cites").expect("cites");
    // A value that would break out of a pasted string literal matches nothing and changes nothing.
    let evil = r#"A/RES/79/319" } } SELECT * WHERE { ?s ?p ?o } #"#;
    let a = query::run(&store, "cites", text, &[("symbol".into(), evil.into())])
        .and_then(|r| r.collect());
    match a {
        Ok(Answer::Solutions { rows, .. }) => assert!(rows.is_empty()),
        other => panic!("unexpected {other:?}"),
    }
    // A missing parameter and an unknown one are clear errors.
    assert!(matches!(
        query::run(&store, "cites", text, &[]),
        Err(StoreError::Param { .. })
    ));
    let unknown = query::run(
        &store,
        "most-cited",
        query::named("most-cited").unwrap_or(""),
        &[("nope".into(), "1".into())],
    );
    assert!(
        matches!(unknown, Err(StoreError::Param { .. })),
        "{:?}",
        unknown.err()
    );
}

#[test]
fn results_and_exports_serialise() {
    let store = store_support::fixture_store();
    for f in [
        query::ResultsOutput::Json,
        query::ResultsOutput::Csv,
        query::ResultsOutput::Tsv,
        query::ResultsOutput::Xml,
    ] {
        let r = query::run(
            &store,
            "most-cited",
            query::named("most-cited").unwrap_or(""),
            &[],
        )
        .expect("run");
        let out = r.write(f, Vec::new()).expect("write");
        assert!(
            String::from_utf8_lossy(&out).contains("A/RES/70/1"),
            "{f:?}"
        );
    }
    let r = query::run(
        &store,
        "d",
        query::named("describe-work").unwrap_or(""),
        &[("symbol".into(), "A/RES/79/319".into())],
    )
    .expect("run");
    let ttl = r
        .write(query::ResultsOutput::Rdf(RdfOutput::Turtle), Vec::new())
        .expect("turtle");
    assert!(String::from_utf8_lossy(&ttl).contains("inCorpus"));
    for f in [RdfOutput::NQuads, RdfOutput::TriG, RdfOutput::JsonLd] {
        let out = store.dump(f, None, Vec::new()).expect("dump");
        assert!(out.len() > 1000, "{f:?}");
    }
    assert!(matches!(
        store.dump(RdfOutput::Turtle, None, Vec::new()),
        Err(StoreError::Format { .. })
    ));
    let g = store.graphs().expect("graphs");
    for f in [RdfOutput::Turtle, RdfOutput::NTriples, RdfOutput::RdfXml] {
        let out = store.dump(f, Some(&g[0]), Vec::new()).expect("dump graph");
        assert!(!out.is_empty(), "{f:?}");
    }
}
