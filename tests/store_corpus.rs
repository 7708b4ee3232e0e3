//! Issue 4's acceptance query on the real corpus: built over `../shared/corpus`, what
//! A/RES/79/319 cites includes the 12 required targets of its gold, from the Chinese and from
//! the English expression, attached to one Work. Skipped (with a message) when the shared
//! corpus is not beside the project.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use unkg::store::Store;
use unkg::store::build::{BuildOptions, Quiet, build};
use unkg::store::query::{self, Answer};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

fn cell(c: &Option<unkg::store::rdf::Term>) -> String {
    c.as_ref().map(query::display).unwrap_or_default()
}

#[test]
fn a_res_79_319_cites_its_gold_targets_in_chinese_and_english() {
    let corpus = shared().join("corpus");
    let gold = shared().join("gold/A_RES_79_319.zh.json");
    if !corpus.is_dir() || !gold.is_file() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let store = Store::in_memory(None).expect("store");
    let files = unkg::source::walk(&[corpus]);
    let sum = build(&store, &files, &BuildOptions::default(), &mut Quiet).expect("build");
    assert!(sum.new > 0);

    let text = query::named("cites").expect("cites");
    let params = [("symbol".to_string(), "A/RES/79/319".to_string())];
    let Answer::Solutions { variables, rows } = query::run(&store, "cites", text, &params)
        .and_then(|r| r.collect())
        .expect("query")
    else {
        panic!("cites is a SELECT query");
    };
    let col = |name: &str| variables.iter().position(|v| v == name).expect("column");
    let (t, l) = (col("target"), col("language"));
    let mut by_lang: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &rows {
        by_lang.entry(cell(&r[l])).or_default().insert(cell(&r[t]));
    }

    let g: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold).expect("gold")).expect("gold json");
    let required: Vec<String> = g["citations"]
        .as_array()
        .expect("citations")
        .iter()
        .filter(|c| !c["optional"].as_bool().unwrap_or(false))
        .filter_map(|c| c["target"].as_str().map(str::to_string))
        .collect();
    assert_eq!(required.len(), 12);
    for lang in ["zh", "en"] {
        let got = by_lang.get(lang).cloned().unwrap_or_default();
        let missing: Vec<&String> = required.iter().filter(|t| !got.contains(*t)).collect();
        assert!(
            missing.is_empty(),
            "{lang}: missing {missing:?}; got {got:?}"
        );
    }

    // One Work, two expressions.
    let ask = "ASK { GRAPH ?g1 { ?w frbr:realization ?zh . ?zh dcterms:language <http://id.loc.gov/vocabulary/iso639-1/zh> } \
               GRAPH ?g2 { ?w frbr:realization ?en . ?en dcterms:language <http://id.loc.gov/vocabulary/iso639-1/en> } \
               ?w dcterms:identifier \"A/RES/79/319\" }";
    let one = query::run(&store, "-", ask, &[])
        .and_then(|r| r.collect())
        .expect("ask");
    assert_eq!(one, Answer::Boolean(true));
}
