//! The ontology parses; every term the model and the store write is declared in `ontology/`;
//! every unkg term has English and Chinese labels and a comment; the citation-function scheme
//! matches the table the model uses.

mod store_support;

use std::collections::{BTreeSet, HashSet};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use unkg::model::Base;
use unkg::model::vocab;

const ONTOLOGY_FILES: &[&str] = &["unkg.ttl", "citation-function.ttl", "reused.ttl"];

fn ontology() -> Vec<Triple> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
    let mut out = Vec::new();
    for f in ONTOLOGY_FILES {
        let text = std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
            let q = t.unwrap_or_else(|e| panic!("{f} does not parse: {e}"));
            out.push(Triple::new(q.subject, q.predicate, q.object));
        }
    }
    out
}

fn declared(triples: &[Triple]) -> HashSet<String> {
    triples
        .iter()
        .filter(|t| t.predicate.as_str() == vocab::RDF_TYPE)
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        })
        .collect()
}

/// Namespaces whose terms must be declared in ontology/ when the model writes them.
const CHECKED: &[&str] = &[
    vocab::UNKG,
    vocab::CF,
    vocab::CITO,
    vocab::FRBR,
    vocab::DCTERMS,
    vocab::ORG,
    vocab::PROV,
    vocab::OA,
    vocab::SKOS,
    vocab::RDFS,
    vocab::OWL,
];

#[test]
fn ontology_files_parse() {
    assert!(ontology().len() > 300);
}

#[test]
fn every_term_the_model_emits_is_declared() {
    let decl = declared(&ontology());
    let mut emitted = BTreeSet::new();
    for f in store_support::fixtures() {
        let g = store_support::graph_of(&f, &Base::default());
        for q in &g.quads {
            emitted.insert(q.predicate.as_str().to_string());
            if let Term::NamedNode(o) = &q.object {
                emitted.insert(o.as_str().to_string());
            }
        }
    }
    emitted.extend(unkg::store::bookkeeping_terms());
    emitted.extend(unkg::link::terms());
    emitted.extend(unkg::link::verify::terms());
    emitted.extend(unkg::analyze::write::terms());
    let missing: Vec<&String> = emitted
        .iter()
        .filter(|i| CHECKED.iter().any(|ns| i.starts_with(ns)) && i.as_str() != vocab::RDF_TYPE)
        .filter(|i| !decl.contains(*i))
        .collect();
    assert!(
        missing.is_empty(),
        "terms written but not declared in ontology/: {missing:#?}"
    );
    // The rich fixture really exercises the vocabulary.
    for must in [
        "cito:citesAsAuthority",
        "unkg:pinpoint",
        "unkg:instrument",
        "oa:TextQuoteSelector",
        "unkg:BodyMention",
        "cf:takeNote",
        "org:Organization",
        "prov:SoftwareAgent",
        "unkg:draft",
    ] {
        let (p, l) = must.split_once(':').unwrap_or_default();
        let ns = match p {
            "cito" => vocab::CITO,
            "unkg" => vocab::UNKG,
            "oa" => vocab::OA,
            "cf" => vocab::CF,
            "org" => vocab::ORG,
            _ => vocab::PROV,
        };
        assert!(
            emitted.contains(&vocab::term(ns, l)),
            "fixture does not emit {must}"
        );
    }
}

#[test]
fn every_vocabulary_constant_is_declared() {
    let decl = declared(&ontology());
    let mut all: Vec<String> = vocab::UNKG_TERMS
        .iter()
        .map(|l| vocab::term(vocab::UNKG, l))
        .collect();
    all.extend(
        vocab::CITO_FUNCTIONS
            .iter()
            .chain(vocab::CITO_TERMS)
            .map(|l| vocab::term(vocab::CITO, l)),
    );
    all.extend(vocab::REUSED_TERMS.iter().map(|(ns, l)| vocab::term(ns, l)));
    all.extend(
        vocab::FUNCTIONS
            .iter()
            .map(|f| vocab::term(vocab::CF, f.concept)),
    );
    let missing: Vec<&String> = all.iter().filter(|t| !decl.contains(*t)).collect();
    assert!(missing.is_empty(), "not declared: {missing:#?}");
}

#[test]
fn unkg_terms_have_labels_in_english_and_chinese_and_a_comment() {
    let triples = ontology();
    let label = NamedNode::new_unchecked(vocab::term(vocab::RDFS, "label"));
    let comment = NamedNode::new_unchecked(vocab::term(vocab::RDFS, "comment"));
    let has = |s: &str, p: &NamedNode, lang: Option<&str>| {
        triples.iter().any(|t| {
            matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == s)
                && t.predicate == *p
                && matches!(&t.object, Term::Literal(l) if lang.is_none_or(|x| l.language() == Some(x)))
        })
    };
    for s in declared(&triples)
        .iter()
        .filter(|s| s.starts_with(vocab::UNKG))
    {
        assert!(has(s, &label, Some("en")), "{s}: no English label");
        assert!(has(s, &label, Some("zh")), "{s}: no Chinese label");
        assert!(has(s, &comment, None), "{s}: no comment");
    }
}

#[test]
fn citation_function_scheme_matches_the_model_table() {
    let triples = ontology();
    for f in vocab::FUNCTIONS {
        let c = vocab::term(vocab::CF, f.concept);
        let target = vocab::term(vocab::CITO, f.cito);
        let mapped = triples.iter().any(|t| {
            matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == c)
                && (t.predicate.as_str().ends_with("#exactMatch")
                    || t.predicate.as_str().ends_with("#closeMatch"))
                && matches!(&t.object, Term::NamedNode(o) if o.as_str() == target)
        });
        assert!(
            mapped,
            "cf:{} is not mapped to cito:{} in citation-function.ttl",
            f.concept, f.cito
        );
        let zh = triples.iter().any(|t| {
            matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == c)
                && t.predicate.as_str().ends_with("#prefLabel")
                && matches!(&t.object, Term::Literal(l) if l.language() == Some("zh"))
        });
        assert!(zh, "cf:{} has no Chinese label", f.concept);
    }
}

#[test]
fn model_is_deterministic_and_duplicate_free() {
    for f in store_support::fixtures() {
        let a = store_support::graph_of(&f, &Base::default());
        let b = store_support::graph_of(&f, &Base::default());
        assert_eq!(a.quads, b.quads);
        let set: HashSet<_> = a.quads.iter().collect();
        assert_eq!(set.len(), a.quads.len());
        assert!(
            a.quads
                .iter()
                .all(|q| q.graph_name == a.graph.clone().into())
        );
    }
}

#[test]
fn one_work_iri_for_every_language_version() {
    let fx = store_support::fixtures();
    let en = store_support::graph_of(&fx[0], &Base::default());
    let zh = store_support::graph_of(&fx[1], &Base::default());
    assert_eq!(en.work, zh.work);
    assert_ne!(en.graph, zh.graph);
    assert_eq!(en.work.as_str(), "https://w3id.org/unkg/work/A/RES/79/319");
    // Both cite resolution 70/1 ("resolution 70/1" and "第70/1号决议") as the same Work.
    let cited = |g: &unkg::model::DocumentGraph| -> HashSet<String> {
        g.quads
            .iter()
            .filter(|q| q.predicate.as_str() == vocab::term(vocab::CITO, "hasCitedEntity"))
            .map(|q| q.object.to_string())
            .collect()
    };
    assert!(cited(&en).contains("<https://w3id.org/unkg/work/A/RES/70/1>"));
    assert!(cited(&zh).contains("<https://w3id.org/unkg/work/A/RES/70/1>"));
}

#[test]
fn base_is_configurable() {
    let b = Base::new("https://example.org/un/").unwrap_or_default();
    let g = store_support::graph_of(&store_support::fixtures()[3], &b);
    assert_eq!(
        g.graph.as_str(),
        "https://example.org/un/graph/en/S/RES/2720_(2023)"
    );
    assert!(
        g.quads
            .iter()
            .all(|q| !q.subject.to_string().contains("w3id.org/unkg/work"))
    );
}
