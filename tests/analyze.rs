//! Citation-graph analytics on real stores: the fixture graph (tests/fixtures/graph/) and the
//! corpus (../shared/corpus) built in memory. Projection and filters, PageRank and the other
//! rankings, paths with their citing paragraphs, scores written back and queried with SPARQL,
//! and every network export format.

mod store_support;

use std::sync::LazyLock;

use unkg::analyze::rank::{self, CiteRankParams, PageRankParams};
use unkg::analyze::{Filter, Projection, cocite, components, paths, write};
use unkg::export::network::{self, View};
use unkg::extract::ParagraphKind;
use unkg::store::Store;
use unkg::store::build::{BuildOptions, Quiet, build};
use unkg::store::query::{self, Answer};

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The real corpus, built once for all tests of this file.
static CORPUS: LazyLock<(Store, Projection)> = LazyLock::new(|| {
    let store = Store::in_memory(None).expect("store");
    let files = unkg::source::walk(&[corpus_dir()]);
    assert!(files.len() > 50, "corpus at {}", corpus_dir().display());
    let sum = build(&store, &files, &BuildOptions::default(), &mut Quiet).expect("build");
    assert!(sum.failed.is_empty(), "{:?}", sum.failed);
    let net = store.network().expect("network");
    let p = Projection::build(&net, &Filter::default());
    (store, p)
});

#[test]
fn fixture_network_rows_carry_their_context() {
    let store = store_support::fixture_store();
    let net = store.network().expect("network");
    let row = net
        .citations
        .iter()
        .find(|c| c.citing == "A/RES/79/319" && c.language == "en" && c.cited == "A/RES/70/1")
        .expect("A/RES/79/319 cites A/RES/70/1");
    assert_eq!(row.function, "citesAsAuthority");
    assert_eq!(row.paragraph.as_deref(), Some("pp1"));
    assert_eq!(row.paragraph_kind, Some(ParagraphKind::Preamble));
    assert_eq!(row.lead_verb.as_deref(), Some("recall"));
    assert_eq!(row.quote.exact, "resolution 70/1");
    assert!(
        row.quote.prefix.ends_with("Recalling its "),
        "{:?}",
        row.quote
    );
    let w = &net.works["A/RES/79/319"];
    assert!(w.in_corpus);
    assert_eq!(w.organ.as_deref(), Some("General Assembly"));
    assert_eq!(w.session, Some(79));
    assert!(w.title().is_some());
    assert!(!net.works["A/RES/70/1"].in_corpus);
    assert!(
        net.mentions
            .iter()
            .any(|m| m.symbol == "A/RES/79/319" && m.body == "UNODC")
    );
}

#[test]
fn filters_shape_the_projection() {
    let store = store_support::fixture_store();
    let net = store.network().expect("network");
    let all = Projection::build(&net, &Filter::default());
    let a = all.node_of("A/RES/79/319").expect("node");
    let b = all.node_of("A/RES/70/1").expect("node");
    let e = all.graph.find_edge(a, b).expect("edge");
    // Cited once in the English and once in the Chinese version: one occurrence, not two.
    assert_eq!(all.graph[e].count, 1);
    assert_eq!(all.graph[e].preamble, 1);
    assert_eq!(all.graph[e].function_names(), vec!["citesAsAuthority"]);
    assert_eq!(all.citations_between(a, b).len(), 2);

    let corpus_only = Projection::build(
        &net,
        &Filter {
            in_corpus_only: true,
            ..Filter::default()
        },
    );
    assert!(corpus_only.node_of("A/RES/70/1").is_none());
    assert!(corpus_only.size().0 < all.size().0);

    let operative = Projection::build(
        &net,
        &Filter {
            paragraph: Some(ParagraphKind::Operative),
            ..Filter::default()
        },
    );
    let (a, t) = (
        operative.node_of("A/RES/79/319"),
        operative.node_of("A/78/300"),
    );
    assert!(
        operative
            .graph
            .find_edge(a.expect("a"), t.expect("t"))
            .is_some()
    );
    assert!(
        operative
            .graph
            .find_edge(a.expect("a"), operative.node_of("A/RES/70/1").expect("n"))
            .is_none()
    );

    let (id, name, docs) = all.addressing("unodc").expect("UNODC is addressed");
    assert_eq!(
        (id.as_str(), name.as_str()),
        ("UNODC", "United Nations Office on Drugs and Crime")
    );
    assert_eq!(docs, vec![all.node_of("A/RES/79/319").expect("node")]);
    assert!(all.addressing("no such body").is_none());

    let sc = Projection::build(
        &net,
        &Filter {
            organs: vec!["security council".into()],
            ..Filter::default()
        },
    );
    assert!(
        sc.graph
            .node_weights()
            .all(|n| n.organ.as_deref() == Some("Security Council"))
    );
    let zh = Projection::build(
        &net,
        &Filter {
            language: Some("zh".into()),
            ..Filter::default()
        },
    );
    assert!(zh.citations.iter().all(|c| c.language == "zh"));
    assert!(zh.size().1 < all.size().1);
    let years = Projection::build(
        &net,
        &Filter {
            years: Some((2015, 2015)),
            ..Filter::default()
        },
    );
    assert!(years.node_of("A/RES/70/1").is_some() && years.node_of("A/RES/79/319").is_none());
}

#[test]
fn corpus_rankings() {
    let (_, p) = &*CORPUS;
    let (n, e) = p.size();
    assert!(n > 300 && e > 800, "{n} nodes, {e} edges");
    let pr = rank::pagerank(&p.csr(false), &PageRankParams::default());
    assert!((pr.scores.iter().sum::<f64>() - 1.0).abs() < 1e-6);
    assert!(pr.delta < 1e-9);
    let rank_of = |scores: &[f64], s: &str| {
        let v = scores[p.node_of(s).expect(s).index()];
        scores.iter().filter(|x| **x > v).count() + 1
    };
    // The 2030 Agenda and the Universal Declaration are among the pillars of the corpus.
    assert!(
        rank_of(&pr.scores, "A/RES/70/1") <= 10,
        "A/RES/70/1 at {}",
        rank_of(&pr.scores, "A/RES/70/1")
    );
    assert!(rank_of(&pr.scores, "A/RES/217(III)") <= 10);
    let years: Vec<Option<i32>> = p.graph.node_weights().map(|n| n.year).collect();
    let (cr, now) = rank::citerank(&p.csr(false), &years, &CiteRankParams::default());
    assert!(now >= 2025);
    // CiteRank favours what recent documents cite: the 2030 Agenda gains on the 1948 Declaration
    // (on this corpus its score goes from a quarter of the Declaration's to most of it).
    let score = |scores: &[f64], s: &str| scores[p.node_of(s).expect(s).index()];
    let ratio = |scores: &[f64]| score(scores, "A/RES/70/1") / score(scores, "A/RES/217(III)");
    assert!(
        ratio(&cr.scores) > 2.0 * ratio(&pr.scores),
        "CiteRank {:.3} vs PageRank {:.3}",
        ratio(&cr.scores),
        ratio(&pr.scores)
    );
    let (hubs, auth) = rank::hits(&p.csr(false), 1e-10, 200);
    // Authorities are cited, hubs cite; the 2030 Agenda is an authority of some weight.
    let d = p.degrees();
    let top = |s: &[f64]| {
        (0..s.len())
            .max_by(|a, b| s[*a].total_cmp(&s[*b]))
            .unwrap_or(0)
    };
    assert!(d[top(&auth.scores)].0 > 0 && d[top(&hubs.scores)].1 > 0);
    assert!(auth.scores[p.node_of("A/RES/70/1").expect("node").index()] > 0.0);
    let weak = components::weak(&p.graph);
    assert!(weak[0].len() > n / 2, "giant component {}", weak[0].len());
    let strong = components::strong(&p.graph);
    assert_eq!(strong.iter().map(Vec::len).sum::<usize>(), n);
    for c in components::cycles(&p.graph) {
        // Every reported cycle closes: each step is a citation.
        for (i, v) in c.iter().enumerate() {
            assert!(p.graph.find_edge(*v, c[(i + 1) % c.len()]).is_some());
        }
    }
    let a = p.node_of("A/RES/70/1").expect("node");
    let around = cocite::around(&p.graph, a, cocite::Relation::CoCitation, 5);
    assert!(!around.is_empty() && around.windows(2).all(|w| w[0].2 >= w[1].2));
}

#[test]
fn corpus_path_shows_the_citing_paragraphs() {
    let (_, p) = &*CORPUS;
    let (a, b) = (
        p.require("A/RES/79/319").expect("a"),
        p.require("A/RES/60/1").expect("b"),
    );
    assert_eq!(paths::shortest(&p.graph, a, b), Some(vec![a, b]));
    let all = paths::all(&p.graph, a, b, 3, 10);
    assert_eq!(all[0], vec![a, b]);
    assert!(
        all.iter()
            .any(|x| x.len() == 3 && p.graph[x[1]].symbol == "A/RES/70/1")
    );
    let direct = p.citations_between(a, b);
    let en = direct
        .iter()
        .find(|c| c.language == "en")
        .expect("English citation");
    assert_eq!(en.paragraph.as_deref(), Some("pp1"));
    assert_eq!(en.lead_verb.as_deref(), Some("recall"));
    assert!(en.quote.exact.contains("60/1"));
    assert!(p.require("A/RES/1/999999").is_err());
}

#[test]
fn scores_go_back_into_the_store_and_sort_in_sparql() {
    let store = store_support::fixture_store();
    let graphs_before = store.graphs().expect("graphs").len();
    let p = Projection::build(&store.network().expect("network"), &Filter::default());
    let pr = rank::pagerank(&p.csr(false), &PageRankParams::default());
    let scores: Vec<(String, f64)> = p
        .graph
        .node_indices()
        .map(|v| (p.graph[v].symbol.clone(), pr.scores[v.index()]))
        .collect();
    let run = write::Run {
        metric: write::metric("pagerank").expect("metric"),
        parameters: PageRankParams::default().describe(),
        projection: p.filter().describe(),
        started: "2025-07-01T00:00:00Z".into(),
        ended: "2025-07-01T00:00:01Z".into(),
    };
    // Written twice: the second run replaces the first, it does not add to it.
    write::store(&store, &run, &scores).expect("write");
    let n = write::store(&store, &run, &scores).expect("write");
    assert_eq!(n, scores.len() + 12);
    assert_eq!(
        store.graphs().expect("graphs").len(),
        graphs_before,
        "analysis graphs are not documents"
    );
    let text = query::named("top-pagerank").expect("query");
    let Answer::Solutions { rows, .. } = query::run(&store, "top-pagerank", text, &[])
        .and_then(|r| r.collect())
        .expect("run")
    else {
        panic!("not solutions");
    };
    assert_eq!(rows.len(), scores.len());
    let mut best = scores.clone();
    best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let first: Vec<String> = rows[0]
        .iter()
        .map(|c| c.as_ref().map(query::display).unwrap_or_default())
        .collect();
    assert_eq!(first[0], best[0].0);
    assert!(
        first[2].contains("damping=0.85") && first[3] == "all documents and citations",
        "{first:?}"
    );
}

#[test]
fn network_formats_carry_the_same_graph() {
    let store = store_support::fixture_store();
    let p = Projection::build(&store.network().expect("network"), &Filter::default());
    let view = View::new(&p);
    let (n, e) = p.size();
    let count = |xml: &[u8], tag: &str| {
        let mut r = quick_xml::Reader::from_reader(xml);
        let (mut k, mut buf) = (0, Vec::new());
        loop {
            match r.read_event_into(&mut buf).expect("well-formed XML") {
                quick_xml::events::Event::Start(s) | quick_xml::events::Event::Empty(s)
                    if s.name().as_ref() == tag =>
                {
                    k += 1
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        k
    };
    let graphml = network::write_graphml(&view, Vec::new()).expect("graphml");
    assert_eq!((count(&graphml, "node"), count(&graphml, "edge")), (n, e));
    let gexf = network::write_gexf(&view, Vec::new()).expect("gexf");
    assert_eq!((count(&gexf, "node"), count(&gexf, "edge")), (n, e));
    assert!(String::from_utf8_lossy(&gexf).contains(r#"<gexf xmlns="http://gexf.net/1.3""#));
    let dot =
        String::from_utf8(network::write_dot(&view, Vec::new()).expect("dot")).expect("utf-8");
    assert_eq!(dot.matches(" -> ").count(), e);
    assert!(dot.contains(r#""S/RES/2712 (2023)""#));
    let cy = network::cytoscape_json(&view);
    assert_eq!(cy["elements"]["nodes"].as_array().map(Vec::len), Some(n));
    let html =
        String::from_utf8(network::write_html(&view, Vec::new()).expect("html")).expect("utf-8");
    assert!(html.contains("Cytoscape Consortium") && !html.contains("\"__DATA__\""));
    assert!(
        !html.contains("<script src"),
        "the page loads nothing from the network"
    );
    assert!(
        html.contains("resolution 70/1"),
        "quoted words are embedded"
    );
}

#[test]
fn cli_analyze_and_export_on_documents_in_memory() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unkg"))
        .args([
            "analyze",
            "path",
            "A/RES/79/319",
            "A/RES/60/1",
            "--max-hops",
            "2",
            "--format",
            "csv",
            "--docs",
        ])
        .arg(corpus_dir())
        .output()
        .expect("run unkg");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("path,hop,citing,cited,language,paragraphs,functions,quote\n"));
    assert!(
        stdout.contains("1,1,A/RES/79/319,A/RES/60/1,en,pp1 (recall),citesAsAuthority,"),
        "{stdout}"
    );
    assert!(stdout.contains(",A/RES/70/1,A/RES/60/1,en,"), "{stdout}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_unkg"))
        .args(["analyze", "path", "A/RES/79/319", "X/NOPE", "--docs"])
        .arg(corpus_dir().join("en"))
        .output()
        .expect("run unkg");
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{err}");
    assert!(err.contains("no document \"X/NOPE\""), "{err}");
}

#[test]
fn graphml_export_validates_against_the_graphml_schema() {
    let schemas =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas/graphml-1.0");
    let (_, p) = &*CORPUS;
    let graphml = network::write_graphml(&View::new(p), Vec::new()).expect("graphml");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("net.graphml");
    std::fs::write(&file, &graphml).expect("write");
    // The schema redefines and imports by http URL: the catalog maps them to the local copies.
    let out = std::process::Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
        .args(["--noout", "--nonet", "--schema"])
        .arg(schemas.join("graphml.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint runs (Debian: libxml2-utils)");
    assert!(
        out.status.success(),
        "GraphML export does not validate:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The metrics read the network without quotes: the same citations in the same order, the
/// same Works, only the quoted text left out.
#[test]
fn the_network_without_quotes_is_the_network_less_its_quotes() {
    let store = &CORPUS.0;
    let full = store.network().expect("network");
    let bare = store.network_without_quotes().expect("network");
    assert!(full.citations.len() > 1000, "{}", full.citations.len());
    assert_eq!(full.citations.len(), bare.citations.len());
    assert!(full.citations.iter().any(|c| !c.quote.exact.is_empty()));
    for (f, b) in full.citations.iter().zip(&bare.citations) {
        assert!(b.quote.exact.is_empty() && b.quote.prefix.is_empty());
        assert_eq!(
            (
                &f.citing,
                &f.language,
                f.start,
                &f.cited,
                &f.function,
                &f.paragraph
            ),
            (
                &b.citing,
                &b.language,
                b.start,
                &b.cited,
                &b.function,
                &b.paragraph
            )
        );
    }
    assert_eq!(full.works, bare.works);
}
