//! `unkg analyze METRIC`: rankings, components, cycles, paths and co-citation over the
//! citation graph, as ranked tables (text, JSON, CSV), optionally stored back as triples.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use crate::analyze::cocite::{self, Relation};
use crate::analyze::rank::{self, CiteRankParams, PageRankParams};
use crate::analyze::{Filter, Projection, community, components, paths, write};
use crate::export::table::{Cell, Table, TableFormat};
use crate::extract::ParagraphKind;
use crate::source;
use crate::store::Store;
use crate::store::build::{BuildOptions, Quiet, build, now_xsd};

/// Where the graph comes from and which part of it to project (shared with `unkg export`).
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// The store's folder.
    #[arg(long, default_value = "kg", global = true)]
    pub store: PathBuf,
    /// Analyse these documents and folders in a store built in memory instead of --store
    /// (nothing is written to disk).
    #[arg(long, num_args = 1.., global = true, value_name = "PATH")]
    pub docs: Vec<PathBuf>,
    /// Keep documents of this organ ("General Assembly", "Security Council"…); repeatable.
    #[arg(long, global = true)]
    pub organ: Vec<String>,
    /// Keep documents of these sessions: N or FIRST-LAST.
    #[arg(long, global = true, value_parser = parse_range::<i64>)]
    pub sessions: Option<(i64, i64)>,
    /// Keep documents of these years: YYYY or FIRST-LAST.
    #[arg(long, global = true, value_parser = parse_range::<i32>)]
    pub years: Option<(i32, i32)>,
    /// Keep citations found in this language version (ar, en, es, fr, ru, zh).
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Keep citations with this CiTO function (citesAsAuthority…); repeatable.
    #[arg(long, global = true)]
    pub function: Vec<String>,
    /// Keep citations in preambular or operative paragraphs only.
    #[arg(long, global = true, value_enum)]
    pub paragraph: Option<ParagraphArg>,
    /// Keep only documents read into the store (drop cited documents that were not).
    #[arg(long, global = true)]
    pub in_corpus: bool,
}

/// Paragraph kinds of `--paragraph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParagraphArg {
    /// Preambular paragraphs.
    Preamble,
    /// Operative paragraphs.
    Operative,
}

fn parse_range<T: std::str::FromStr + Copy>(s: &str) -> Result<(T, T), String> {
    let bad = || format!("{s:?} is not N or FIRST-LAST");
    match s.split_once('-') {
        Some((a, b)) => Ok((
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        )),
        None => {
            let v = s.trim().parse().map_err(|_| bad())?;
            Ok((v, v))
        }
    }
}

impl GraphArgs {
    /// The projection filter these flags describe.
    pub fn filter(&self) -> anyhow::Result<Filter> {
        for f in &self.function {
            if !crate::model::vocab::is_cito_function(f) {
                anyhow::bail!(
                    "--function {f:?} is not a CiTO citation function (e.g. citesAsAuthority)"
                );
            }
        }
        Ok(Filter {
            organs: self.organ.clone(),
            sessions: self.sessions,
            years: self.years,
            language: self.lang.clone(),
            functions: self.function.clone(),
            paragraph: self.paragraph.map(|p| match p {
                ParagraphArg::Preamble => ParagraphKind::Preamble,
                ParagraphArg::Operative => ParagraphKind::Operative,
            }),
            in_corpus_only: self.in_corpus,
        })
    }

    /// Opens the store (or builds one in memory from `--docs`) and projects it, with what each
    /// citation quotes when `quotes` (the paths and exports show it; the metrics do not).
    pub fn load(&self, quotes: bool) -> anyhow::Result<(Store, Projection)> {
        let store = if self.docs.is_empty() {
            Store::open_existing(&self.store)?
        } else {
            let files = source::walk(&self.docs);
            if files.is_empty() {
                anyhow::bail!("--docs: no .txt or .md documents in {:?}", self.docs);
            }
            let store = Store::in_memory(None)?;
            let sum = build(&store, &files, &BuildOptions::default(), &mut Quiet)?;
            eprintln!(
                "unkg: built {} documents in memory ({} failed) in {:.1} s",
                sum.new,
                sum.failed.len(),
                sum.elapsed.as_secs_f64()
            );
            store
        };
        let net = if quotes {
            store.network()
        } else {
            store.network_without_quotes()
        };
        let net =
            net.with_context(|| format!("reading the citation network of {}", store.label()))?;
        let p = Projection::build(&net, &self.filter()?);
        Ok((store, p))
    }
}

/// Arguments of `unkg analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// What to compute.
    #[command(subcommand)]
    pub metric: MetricCmd,
    /// The graph and its filters.
    #[command(flatten)]
    pub graph: GraphArgs,
    /// Rows to show.
    #[arg(long, default_value_t = 20, global = true)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Table, global = true)]
    pub format: OutFormat,
    /// Store the scores of every document in the store, in the named graph
    /// {base}analysis/{metric}, with the run's provenance.
    #[arg(long, global = true)]
    pub write: bool,
}

/// Output formats of `unkg analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// Aligned columns.
    Table,
    /// A JSON array of objects.
    Json,
    /// CSV with a header line.
    Csv,
}

/// The metrics of `unkg analyze`.
#[derive(Debug, Subcommand)]
pub enum MetricCmd {
    /// In- and out-degree, unweighted and weighted by citation count. O(V + E).
    Degree {
        /// Rank by weighted in-degree (citation occurrences) instead of citing documents.
        #[arg(long)]
        weighted: bool,
    },
    /// PageRank by sparse power iteration. O(k (V + E)) for k iterations.
    Pagerank {
        /// Probability of following a citation.
        #[arg(long, default_value_t = 0.85)]
        damping: f64,
        /// Stop when the L1 change falls below this.
        #[arg(long, default_value_t = 1e-9)]
        tolerance: f64,
        /// Stop after this many iterations.
        #[arg(long, default_value_t = 100)]
        max_iterations: usize,
        /// Weigh citations by their number of occurrences.
        #[arg(long)]
        weighted: bool,
    },
    /// CiteRank (Walker et al. 2007): PageRank with readers starting at recent documents, so
    /// old documents are not favoured for being old. O(k (V + E)).
    Citerank {
        /// Probability of following a citation.
        #[arg(long, default_value_t = 0.5)]
        follow: f64,
        /// Decay time of the starting probability, in years.
        #[arg(long, default_value_t = 5.0)]
        tau: f64,
        /// The present year (default: the latest year in the graph).
        #[arg(long)]
        now: Option<i32>,
    },
    /// In-degree divided by the mean in-degree of documents of the same year (Radicchi et
    /// al. 2008). O(V + E).
    AgeNormalised,
    /// HITS hubs and authorities (Kleinberg 1999), ranked by authority. O(k (V + E)).
    Hits {
        /// Rank by hub score instead.
        #[arg(long)]
        hubs: bool,
    },
    /// Weakly (or strongly) connected components, largest first. O(V + E).
    Components {
        /// Strongly connected components (documents citing each other round a cycle).
        #[arg(long)]
        strong: bool,
    },
    /// Citation cycles: self-citations and one shortest cycle per strongly connected
    /// component. O(V + E).
    Cycles,
    /// Louvain communities (Blondel et al. 2008), seeded and deterministic, largest first.
    /// O(V + E) per pass.
    Communities {
        /// Resolution: above 1 gives more, smaller communities.
        #[arg(long, default_value_t = 1.0)]
        resolution: f64,
        /// Seed of the visiting order.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Citation paths from one document to another, with the citing paragraphs.
    Path {
        /// The citing end (e.g. A/RES/79/319).
        from: String,
        /// The cited end (e.g. A/RES/60/1).
        to: String,
        /// Longest path, in citations.
        #[arg(long, default_value_t = 3)]
        max_hops: usize,
        /// Most paths to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only one shortest path (breadth-first, any length).
        #[arg(long)]
        shortest: bool,
    },
    /// Co-citation: pairs cited by the same documents (or the partners of one document).
    Cocite {
        /// Show the documents most co-cited with this one.
        symbol: Option<String>,
    },
    /// Bibliographic coupling: pairs citing the same documents (or the partners of one).
    Coupling {
        /// Show the documents most coupled with this one.
        symbol: Option<String>,
    },
    /// Per-body reach: the documents that address a body, ranked by PageRank.
    Reach {
        /// The body's gazetteer id (e.g. UNODC) or English name.
        body: String,
    },
}

fn title(p: &Projection, v: petgraph::graph::NodeIndex) -> Cell {
    p.graph[v].title.clone().unwrap_or_default().into()
}

/// Ranks nodes by `score` (descending, then symbol) into a table with `extra` columns.
fn ranked(
    p: &Projection,
    scores: &[f64],
    name: &str,
    top: usize,
    extra: &[(&str, &dyn Fn(usize) -> Cell)],
) -> Table {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        scores[b]
            .total_cmp(&scores[a])
            .then_with(|| p.graph[idx(a)].symbol.cmp(&p.graph[idx(b)].symbol))
    });
    let mut cols = vec!["rank", "symbol", name];
    cols.extend(extra.iter().map(|(c, _)| *c));
    cols.extend(["organ", "year", "title"]);
    let mut t = Table::new(&cols);
    for (r, &v) in order.iter().take(top).enumerate() {
        let n = &p.graph[idx(v)];
        let mut row = vec![
            Cell::Int(r as i64 + 1),
            n.symbol.as_str().into(),
            Cell::Real(scores[v]),
        ];
        row.extend(extra.iter().map(|(_, f)| f(v)));
        row.push(n.organ.clone().unwrap_or_default().into());
        row.push(
            n.year
                .map_or(Cell::Text(String::new()), |y| Cell::Int(y as i64)),
        );
        row.push(title(p, idx(v)));
        t.rows.push(row);
    }
    t
}

/// The first five items and how many more.
fn short_list(items: &[String]) -> String {
    let mut s = items.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > 5 {
        s.push_str(&format!(" +{}", items.len() - 5));
    }
    s
}

fn idx(i: usize) -> petgraph::graph::NodeIndex {
    petgraph::graph::NodeIndex::new(i)
}

/// Scores to store, by symbol.
type Stored = Vec<(&'static str, String, Vec<f64>)>;

/// Runs `unkg analyze`.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let started = now_xsd();
    // Only the paths show what the citations quote: the other metrics skip reading quotes.
    let quotes = matches!(args.metric, MetricCmd::Path { .. });
    let (store, p) = args.graph.load(quotes)?;
    let (nodes, edges) = p.size();
    eprintln!(
        "unkg: citation graph: {nodes} documents, {edges} citing relations ({})",
        p.filter().describe()
    );
    let top = args.top;
    let mut stored: Stored = Vec::new();
    let table = match &args.metric {
        MetricCmd::Degree { weighted } => {
            let d = p.degrees();
            let key: Vec<f64> = d
                .iter()
                .map(|x| if *weighted { x.2 as f64 } else { x.0 as f64 })
                .collect();
            stored.push((
                "in-degree",
                String::new(),
                d.iter().map(|x| x.0 as f64).collect(),
            ));
            stored.push((
                "out-degree",
                String::new(),
                d.iter().map(|x| x.1 as f64).collect(),
            ));
            let mut t = ranked(
                &p,
                &key,
                if *weighted { "citations" } else { "cited_by" },
                top,
                &[
                    ("in", &|v| Cell::Int(d[v].0 as i64)),
                    ("out", &|v| Cell::Int(d[v].1 as i64)),
                    ("in_weighted", &|v| Cell::Int(d[v].2 as i64)),
                    ("out_weighted", &|v| Cell::Int(d[v].3 as i64)),
                ],
            );
            // The key column repeats `in` or `in_weighted` as an integer.
            for r in &mut t.rows {
                if let Cell::Real(x) = r[2] {
                    r[2] = Cell::Int(x as i64);
                }
            }
            t
        }
        MetricCmd::Pagerank {
            damping,
            tolerance,
            max_iterations,
            weighted,
        } => {
            let params = PageRankParams {
                damping: *damping,
                tolerance: *tolerance,
                max_iterations: *max_iterations,
            };
            params.check()?;
            let t0 = std::time::Instant::now();
            let r = rank::pagerank(&p.csr(*weighted), &params);
            eprintln!(
                "unkg: pagerank: {} iterations, last change {:.2e}, {:.3} s",
                r.iterations,
                r.delta,
                t0.elapsed().as_secs_f64()
            );
            let d = p.degrees();
            let t = ranked(
                &p,
                &r.scores,
                "pagerank",
                top,
                &[("cited_by", &|v| Cell::Int(d[v].0 as i64))],
            );
            let desc = format!("{} weighted={weighted}", params.describe());
            stored.push(("pagerank", desc, r.scores));
            t
        }
        MetricCmd::Citerank { follow, tau, now } => {
            let params = CiteRankParams {
                follow: *follow,
                tau_years: *tau,
                now: *now,
                ..CiteRankParams::default()
            };
            params.check()?;
            let years: Vec<Option<i32>> = p.graph.node_weights().map(|n| n.year).collect();
            let (r, now) = rank::citerank(&p.csr(false), &years, &params);
            let d = p.degrees();
            let t = ranked(
                &p,
                &r.scores,
                "citerank",
                top,
                &[("cited_by", &|v| Cell::Int(d[v].0 as i64))],
            );
            stored.push(("citerank", params.describe(now), r.scores));
            t
        }
        MetricCmd::AgeNormalised => {
            let years: Vec<Option<i32>> = p.graph.node_weights().map(|n| n.year).collect();
            let d = p.degrees();
            let ind: Vec<u32> = d.iter().map(|x| x.0).collect();
            let s = rank::age_normalised_in_degree(&ind, &years);
            let t = ranked(
                &p,
                &s,
                "normalised",
                top,
                &[("cited_by", &|v| Cell::Int(d[v].0 as i64))],
            );
            stored.push(("age-normalised", "cohort=year".into(), s));
            t
        }
        MetricCmd::Hits { hubs } => {
            let (h, a) = rank::hits(&p.csr(false), 1e-10, 200);
            let t = if *hubs {
                ranked(
                    &p,
                    &h.scores,
                    "hub",
                    top,
                    &[("authority", &|v| Cell::Real(a.scores[v]))],
                )
            } else {
                ranked(
                    &p,
                    &a.scores,
                    "authority",
                    top,
                    &[("hub", &|v| Cell::Real(h.scores[v]))],
                )
            };
            let desc = "tolerance=1e-10 max-iterations=200".to_string();
            stored.push(("hubs", desc.clone(), h.scores));
            stored.push(("authorities", desc, a.scores));
            t
        }
        MetricCmd::Components { strong } => {
            let cs = if *strong {
                components::strong(&p.graph)
            } else {
                components::weak(&p.graph)
            };
            let labels = components::labels(&cs, nodes);
            stored.push((
                if *strong {
                    "strong-components"
                } else {
                    "weak-components"
                },
                String::new(),
                labels.iter().map(|&l| l as f64).collect(),
            ));
            eprintln!("unkg: {} components", cs.len());
            let mut t = Table::new(&["component", "size", "members"]);
            for (i, c) in cs.iter().enumerate().take(top) {
                let mut m: Vec<&str> = c
                    .iter()
                    .take(8)
                    .map(|v| p.graph[*v].symbol.as_str())
                    .collect();
                if c.len() > 8 {
                    m.push("…");
                }
                t.rows.push(vec![
                    Cell::Int(i as i64),
                    Cell::Int(c.len() as i64),
                    m.join(" ").into(),
                ]);
            }
            t
        }
        MetricCmd::Communities { resolution, seed } => {
            let params = community::LouvainParams {
                resolution: *resolution,
                seed: *seed,
                ..community::LouvainParams::default()
            };
            let part = community::louvain(&p.graph, |_| 1.0, &params);
            eprintln!(
                "unkg: {} communities, modularity {:.4}, {} levels",
                part.communities, part.modularity, part.levels
            );
            let pr = rank::pagerank(&p.csr(false), &PageRankParams::default());
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); part.communities];
            for (v, &c) in part.membership.iter().enumerate() {
                members[c].push(v);
            }
            let mut t = Table::new(&["community", "size", "leading documents (by PageRank)"]);
            for (c, m) in members.iter_mut().enumerate().take(top) {
                m.sort_by(|&a, &b| pr.scores[b].total_cmp(&pr.scores[a]).then(a.cmp(&b)));
                let lead: Vec<&str> = m
                    .iter()
                    .take(6)
                    .map(|&v| p.graph[idx(v)].symbol.as_str())
                    .collect();
                t.rows.push(vec![
                    Cell::Int(c as i64),
                    Cell::Int(m.len() as i64),
                    lead.join(" ").into(),
                ]);
            }
            stored.push((
                "communities",
                format!(
                    "resolution={resolution} seed={seed} modularity={:.6}",
                    part.modularity
                ),
                part.membership.iter().map(|&c| c as f64).collect(),
            ));
            t
        }
        MetricCmd::Cycles => {
            let cs = components::cycles(&p.graph);
            eprintln!("unkg: {} cycles", cs.len());
            let mut t = Table::new(&["cycle", "length", "documents"]);
            for (i, c) in cs.iter().enumerate().take(top) {
                let mut m: Vec<&str> = c.iter().map(|v| p.graph[*v].symbol.as_str()).collect();
                m.push(m[0]);
                t.rows.push(vec![
                    Cell::Int(i as i64 + 1),
                    Cell::Int(c.len() as i64),
                    m.join(" → ").into(),
                ]);
            }
            t
        }
        MetricCmd::Path {
            from,
            to,
            max_hops,
            limit,
            shortest,
        } => {
            let (a, b) = (p.require(from)?, p.require(to)?);
            let found = if *shortest {
                paths::shortest(&p.graph, a, b).into_iter().collect()
            } else {
                paths::all(&p.graph, a, b, *max_hops, *limit)
            };
            if found.is_empty() {
                eprintln!(
                    "unkg: no citation path from {from} to {to}{}",
                    if *shortest {
                        String::new()
                    } else {
                        format!(" of at most {max_hops} citations (try --max-hops or --shortest)")
                    }
                );
            }
            let mut t = Table::new(&[
                "path",
                "hop",
                "citing",
                "cited",
                "language",
                "paragraphs",
                "functions",
                "quote",
            ]);
            for (i, path) in found.iter().enumerate() {
                for (h, w) in path.windows(2).enumerate() {
                    // One row per language version: its paragraphs, functions, first quote.
                    let cits = p.citations_between(w[0], w[1]);
                    let mut langs: Vec<&str> = cits.iter().map(|c| c.language.as_str()).collect();
                    langs.dedup();
                    for lang in langs {
                        let these: Vec<_> = cits.iter().filter(|c| c.language == lang).collect();
                        let mut paras: Vec<String> = Vec::new();
                        let mut funcs: Vec<&str> = Vec::new();
                        for c in &these {
                            let para = match (&c.paragraph, &c.lead_verb) {
                                (Some(id), Some(v)) => format!("{id} ({v})"),
                                (Some(id), None) => id.clone(),
                                _ => continue,
                            };
                            if !paras.contains(&para) {
                                paras.push(para);
                            }
                            if !funcs.contains(&c.function.as_str()) {
                                funcs.push(&c.function);
                            }
                        }
                        let q = &these[0].quote;
                        let quote = format!("…{}[{}]{}…", q.prefix, q.exact, q.suffix)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        t.rows.push(vec![
                            Cell::Int(i as i64 + 1),
                            Cell::Int(h as i64 + 1),
                            p.graph[w[0]].symbol.as_str().into(),
                            p.graph[w[1]].symbol.as_str().into(),
                            lang.into(),
                            short_list(&paras).into(),
                            funcs.join(", ").into(),
                            quote.into(),
                        ]);
                    }
                }
            }
            t
        }
        MetricCmd::Cocite { symbol } | MetricCmd::Coupling { symbol } => {
            let rel = if matches!(args.metric, MetricCmd::Cocite { .. }) {
                Relation::CoCitation
            } else {
                Relation::Coupling
            };
            let pairs = match symbol {
                Some(s) => cocite::around(&p.graph, p.require(s)?, rel, top),
                None => cocite::pairs(&p.graph, rel, top),
            };
            let mut t = Table::new(&["a", "b", "shared", "title_b"]);
            for (a, b, n) in pairs {
                t.rows.push(vec![
                    p.graph[a].symbol.as_str().into(),
                    p.graph[b].symbol.as_str().into(),
                    Cell::Int(n as i64),
                    title(&p, b),
                ]);
            }
            t
        }
        MetricCmd::Reach { body } => {
            let r = rank::pagerank(&p.csr(false), &PageRankParams::default());
            let mut scores = vec![f64::NEG_INFINITY; nodes];
            let Some((id, n, docs)) = p.addressing(body) else {
                anyhow::bail!(
                    "no document in the graph addresses a body {body:?} (give its gazetteer id, e.g. UNODC, or its English name)"
                );
            };
            for v in docs {
                scores[v.index()] = r.scores[v.index()];
            }
            let name = format!("{id} ({n})");
            let reached = scores.iter().filter(|s| s.is_finite()).count();
            let total: f64 = scores.iter().filter(|s| s.is_finite()).sum();
            eprintln!("unkg: {name}: addressed by {reached} documents, PageRank mass {total:.4}");
            let mut t = ranked(&p, &scores, "pagerank", top.min(reached), &[]);
            t.rows
                .retain(|r| !matches!(r[2], Cell::Real(x) if x.is_infinite()));
            t
        }
    };
    let format = match args.format {
        OutFormat::Table => TableFormat::Text,
        OutFormat::Json => TableFormat::Json,
        OutFormat::Csv => TableFormat::Csv,
    };
    let mut out = std::io::stdout().lock();
    table.write(&mut out, format)?;
    out.flush()?;
    if args.write {
        if stored.is_empty() {
            anyhow::bail!(
                "--write stores per-document scores: degree, pagerank, citerank, age-normalised, hits and components"
            );
        }
        if !args.graph.docs.is_empty() {
            anyhow::bail!("--write needs --store: a store built from --docs lives in memory only");
        }
        let ended = now_xsd();
        for (name, params, scores) in stored {
            let Some(metric) = write::metric(name) else {
                continue;
            };
            let rows: Vec<(String, f64)> = p
                .graph
                .node_indices()
                .map(|v| (p.graph[v].symbol.clone(), scores[v.index()]))
                .collect();
            let run = write::Run {
                metric,
                parameters: params,
                projection: p.filter().describe(),
                started: started.clone(),
                ended: ended.clone(),
            };
            let n = write::store(&store, &run, &rows)?;
            eprintln!(
                "unkg: stored {n} triples in <{}>",
                write::graph_iri(store.base(), metric)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
