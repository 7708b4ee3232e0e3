//! Verifying citations: for every cited target, is it well formed, could it exist, could the
//! citing document have cited it, and (with a registry) does it exist.
//!
//! The checks are arithmetic on symbols and dates, so they run offline:
//! * **malformed**: a resolution or document symbol that does not parse, or a resolution symbol
//!   that lacks the parts its series always has (`A/RES/75` has no number).
//! * **no-such-session**: a General Assembly session numbered 0, or one that had not opened
//!   by the day of the check (session N opens in September of 1945 + N).
//! * **session-after-citing**: a resolution of a later session than the citing General
//!   Assembly document (documents of the next session are issued before it opens, so a
//!   document symbol may be one session ahead).
//! * **adopted-later**: the date given with the citation, or the cited document's own date, or
//!   a Security Council resolution's year, is after the citing document's date.
//! * **year-mismatch**: a Security Council resolution whose year does not fit its number
//!   (`data/sc_resolution_years.tsv`: numbers rise with time), or a General Assembly resolution
//!   cited with a date outside its session.
//! * **not-found**: the registry asked says the document does not exist.
//!
//! Architecture invariant: [`check`] is pure; reading the store and writing findings back as
//! triples (graph `urn:unkg:verify`) are separate steps.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::{LinkError, select};
use crate::extract::Symbol;
use crate::model::vocab::{self, DCTERMS, PROV, UNKG, VERIFY_GRAPH, XSD};
use crate::store::Store;
use crate::store::rdf::{GraphName, Literal, NamedNode, Quad, Term};

/// What a finding says is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Problem {
    /// The symbol is not a well-formed symbol of its series.
    Malformed,
    /// The session does not exist.
    NoSuchSession,
    /// A resolution of a later session than the citing document's.
    SessionAfterCiting,
    /// Adopted or issued after the citing document.
    AdoptedLater,
    /// Year and number (or date and session) do not fit together.
    YearMismatch,
    /// A registry says it does not exist.
    NotFound,
}

impl Problem {
    /// The code written to reports and to the graph.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Malformed => "malformed",
            Problem::NoSuchSession => "no-such-session",
            Problem::SessionAfterCiting => "session-after-citing",
            Problem::AdoptedLater => "adopted-later",
            Problem::YearMismatch => "year-mismatch",
            Problem::NotFound => "not-found",
        }
    }
}

/// One citation as verification sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cited {
    /// The citation's IRI.
    pub citation: String,
    /// The citing document's symbol.
    pub citing: String,
    /// The citing language version.
    pub language: String,
    /// The citing document's session, if known.
    pub session: Option<u32>,
    /// The citing document's date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// The cited symbol.
    pub target: String,
    /// How it was cited (`resolution`, `document`, `decision`, `instrument`, `sales_number`).
    pub kind: String,
    /// The date given with the citation, if any.
    pub cited_date: Option<String>,
    /// The cited document's own date, when it is in the corpus.
    pub target_date: Option<String>,
}

/// One problem with one citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The citation's IRI.
    pub citation: String,
    /// The citing document's symbol.
    pub citing: String,
    /// The citing language version.
    pub language: String,
    /// The cited symbol.
    pub target: String,
    /// What is wrong.
    pub problem: Problem,
    /// Why, in words.
    pub message: String,
}

/// When the check runs: a year and a month (sessions that have not opened yet do not exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Today {
    /// From an `xsd:dateTime` or `xsd:date` lexical form.
    pub fn from_iso(s: &str) -> Option<Today> {
        let year = s.get(..4)?.parse().ok()?;
        let month = s.get(5..7)?.parse().ok()?;
        Some(Today { year, month })
    }

    /// The latest General Assembly session opened by now.
    pub fn latest_session(self) -> i32 {
        if self.month >= 9 {
            self.year - 1945
        } else {
            self.year - 1946
        }
    }
}

static GA_RES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^A/RES/(?:(?:ES|S)-[0-9]+/[0-9]+|[0-9]+/[0-9]+|[0-9]+ ?\((?:ES-|S-)?[IVXL]+\))(?: ?[A-Z]{1,2})?(?:/(?:Corr|Rev|Add)\.[0-9]+)*$",
    )
    .expect("static regex")
});
static SC_RES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^S/RES/[0-9]+ \([0-9]{4}\)$").expect("static regex"));
static EC_RES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^E/RES/(?:[0-9]{4}/[0-9]+|[0-9]+ ?\([IVXL-]+\))(?: ?[A-Z]{1,2})?$")
        .expect("static regex")
});
static GA_SESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^A/(?:RES/)?([0-9]+)/").expect("static regex"));
static SC_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^S/RES/([0-9]+) \(([0-9]{4})\)$").expect("static regex"));

/// Security Council resolution numbers and years known from citations
/// (`data/sc_resolution_years.tsv`), sorted by number.
static SC_YEARS: LazyLock<Vec<(u32, i32)>> = LazyLock::new(|| {
    let mut v: Vec<(u32, i32)> = include_str!("../../data/sc_resolution_years.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((
                f.next()?.trim().parse().ok()?,
                f.next()?.trim().parse().ok()?,
            ))
        })
        .collect();
    v.sort_unstable();
    v
});

/// The years a Security Council resolution numbered `n` may carry: from the year of the
/// nearest known lower number to the year of the nearest known higher one (open above the
/// last known number).
pub fn sc_year_range(n: u32) -> (i32, Option<i32>) {
    let t = &*SC_YEARS;
    let i = t.partition_point(|(k, _)| *k < n);
    if let Some((k, y)) = t.get(i)
        && *k == n
    {
        return (*y, Some(*y));
    }
    let low = i.checked_sub(1).map_or(1946, |j| t[j].1);
    let high = t.get(i).map(|(_, y)| *y);
    (low, high)
}

fn year_of(date: &str) -> Option<i32> {
    date.get(..4)?.parse().ok()
}

/// The checks on one citation.
pub fn check(c: &Cited, today: Today) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |problem: Problem, message: String| {
        out.push(Finding {
            citation: c.citation.clone(),
            citing: c.citing.clone(),
            language: c.language.clone(),
            target: c.target.clone(),
            problem,
            message,
        })
    };
    let t = c.target.trim();
    if !matches!(c.kind.as_str(), "resolution" | "document" | "instrument") {
        return out;
    }
    // Well-formedness, for the UN's own series (other organisations' symbols, such as the
    // IAEA's `GC(59)/RES/9`, follow other grammars).
    let series = t.split('/').next().unwrap_or("");
    if series.is_empty() || !series.bytes().all(|b| b.is_ascii_uppercase()) {
        return out;
    }
    let parsed = Symbol::parse(t).ok().filter(|s| s.as_str() == t);
    let series_ok = if t.starts_with("A/RES/") {
        GA_RES.is_match(t)
    } else if t.starts_with("S/RES/") {
        SC_RES.is_match(t)
    } else if t.starts_with("E/RES/") {
        EC_RES.is_match(t)
    } else {
        true
    };
    if parsed.is_none() || !series_ok {
        add(
            Problem::Malformed,
            format!("{t:?} is not a well-formed symbol of its series"),
        );
        return out;
    }
    // A named instrument stands for the resolution that adopted it, which may be later than
    // a text that names the instrument while it was being prepared.
    if c.kind == "instrument" {
        return out;
    }
    let citing_date = c.date.as_deref();
    // General Assembly sessions.
    if let Some(n) = GA_SESSION
        .captures(t)
        .and_then(|m| m[1].parse::<i32>().ok())
    {
        let latest = today.latest_session();
        if n == 0 || n > latest {
            add(
                Problem::NoSuchSession,
                format!("General Assembly session {n} does not exist (the latest is {latest})"),
            );
            return out;
        }
        let is_res = t.starts_with("A/RES/");
        // Only a General Assembly document's own session numbers the same sequence (a Human
        // Rights Council session 55 is not the Assembly's).
        let citing_session = GA_SESSION
            .captures(&c.citing)
            .and_then(|m| m[1].parse::<u32>().ok())
            .or(c
                .session
                .filter(|_| c.citing.starts_with("A/") && !c.citing.contains("/HRC/")));
        if let Some(s) = citing_session.filter(|_| GA_SESSION.is_match(&c.citing)) {
            let s = s as i32;
            if (is_res && n > s) || (!is_res && n > s + 1) {
                add(
                    Problem::SessionAfterCiting,
                    format!("{t} is of session {n}, later than the citing document's session {s}"),
                );
            }
        }
        if is_res
            && let Some(y) = c.cited_date.as_deref().and_then(year_of)
            && (y < 1945 + n || y > 1947 + n)
        {
            add(
                Problem::YearMismatch,
                format!("{t} is cited with a date in {y}, outside session {n}"),
            );
        }
    }
    // Security Council numbers and years.
    if let Some(m) = SC_NUMBER.captures(t) {
        let (Ok(n), Ok(y)) = (m[1].parse::<u32>(), m[2].parse::<i32>()) else {
            return out;
        };
        let (low, high) = sc_year_range(n);
        if y > today.year || y < low || high.is_some_and(|h| y > h) {
            let range = match high {
                Some(h) if h == low => format!("{low}"),
                Some(h) => format!("{low}–{h}"),
                None => format!("{low} or later"),
            };
            add(
                Problem::YearMismatch,
                format!("Security Council resolution {n} cannot be of {y} (its year is {range})"),
            );
        } else if let Some(cy) = citing_date.and_then(year_of)
            && y > cy
        {
            add(
                Problem::AdoptedLater,
                format!("{t} is of {y}, after the citing document ({cy})"),
            );
        }
    }
    // Dates. A Security Council resolution's year was checked above; a date written next to
    // it is often another event's ("Termination Day, 18 October 2025").
    if let Some(cd) = citing_date.filter(|_| !SC_NUMBER.is_match(t)) {
        let later = [c.cited_date.as_deref(), c.target_date.as_deref()]
            .into_iter()
            .flatten()
            .find(|d| d.len() == 10 && cd.len() == 10 && *d > cd);
        if let Some(d) = later {
            add(
                Problem::AdoptedLater,
                format!("{t} is dated {d}, after the citing document ({cd})"),
            );
        }
    }
    out
}

const CITED_QUERY: &str = "
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX frbr: <http://purl.org/vocab/frbr/core#>
PREFIX unkg: <https://w3id.org/unkg/ontology#>
SELECT ?cit ?citing ?lang ?session ?date ?target ?kind ?cdate WHERE {
  GRAPH ?g {
    ?cit cito:hasCitedEntity ?t ; cito:hasCitingEntity ?expr .
    ?expr frbr:realizationOf ?w ; dcterms:language ?l .
    ?t dcterms:identifier ?target .
    OPTIONAL { ?w dcterms:identifier ?citing }
    OPTIONAL { ?w unkg:session ?session }
    OPTIONAL { ?w dcterms:date ?date }
    OPTIONAL { ?cit unkg:citationKind ?kind }
    OPTIONAL { ?cit dcterms:date ?cdate }
  }
  BIND(STRAFTER(STR(?l), \"iso639-1/\") AS ?lang)
}";

const DATES_QUERY: &str = "
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX unkg: <https://w3id.org/unkg/ontology#>
SELECT DISTINCT ?sym ?date WHERE {
  GRAPH ?g { ?w unkg:inCorpus true ; dcterms:identifier ?sym ; dcterms:date ?date }
}";

/// Every citation in the store, with what the checks need.
pub fn read(store: &Store) -> Result<Vec<Cited>, LinkError> {
    let dates: BTreeMap<String, String> = select(store, "verify-dates", DATES_QUERY)?
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let opt = |s: &String| (!s.is_empty()).then(|| s.clone());
    let mut out: Vec<Cited> = select(store, "verify-citations", CITED_QUERY)?
        .into_iter()
        .map(|r| Cited {
            citation: r[0].clone(),
            citing: r[1].clone(),
            language: r[2].clone(),
            session: r[3].parse().ok(),
            date: opt(&r[4]),
            target_date: dates.get(&r[5]).cloned(),
            target: r[5].clone(),
            kind: r[6].clone(),
            cited_date: opt(&r[7]),
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.citing, &a.language, &a.citation).cmp(&(&b.citing, &b.language, &b.citation))
    });
    Ok(out)
}

/// What verification found over a store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Citations checked.
    pub citations: usize,
    /// Targets a registry could not be asked about (errors), with the error.
    pub unchecked: Vec<(String, String)>,
    /// The findings, by citing document, language and citation.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Number of citations with at least one finding.
    pub fn flagged(&self) -> usize {
        let mut c: Vec<&str> = self.findings.iter().map(|f| f.citation.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c.len()
    }
}

/// Whether a target exists, asked of a registry: `Ok(Some(false))` when it says no,
/// `Ok(None)` when it cannot tell.
pub type Exists<'a> = dyn FnMut(&str) -> Result<Option<bool>, LinkError> + 'a;

/// Checks every citation of the store. With `exists`, targets that pass the offline checks
/// and are not in the corpus are looked up (once per target).
pub fn verify(
    store: &Store,
    today: Today,
    mut exists: Option<&mut Exists<'_>>,
) -> Result<Report, LinkError> {
    let cited = read(store)?;
    let in_corpus: std::collections::HashSet<String> = select(
        store,
        "verify-corpus",
        "PREFIX dcterms: <http://purl.org/dc/terms/>
         PREFIX unkg: <https://w3id.org/unkg/ontology#>
         SELECT DISTINCT ?s WHERE { GRAPH ?g { ?w unkg:inCorpus true ; dcterms:identifier ?s } }",
    )?
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    let mut report = Report {
        citations: cited.len(),
        ..Report::default()
    };
    let mut asked: BTreeMap<String, Option<bool>> = BTreeMap::new();
    for c in &cited {
        let found = check(c, today);
        let clean = found.is_empty();
        report.findings.extend(found);
        let Some(ask) = exists.as_deref_mut() else {
            continue;
        };
        if !clean
            || in_corpus.contains(&c.target)
            || !matches!(c.kind.as_str(), "resolution" | "document")
        {
            continue;
        }
        let answer = match asked.get(&c.target) {
            Some(a) => *a,
            None => {
                let a = match ask(&c.target) {
                    Ok(a) => a,
                    Err(e) => {
                        report.unchecked.push((c.target.clone(), e.to_string()));
                        None
                    }
                };
                asked.insert(c.target.clone(), a);
                a
            }
        };
        if answer == Some(false) {
            report.findings.push(Finding {
                citation: c.citation.clone(),
                citing: c.citing.clone(),
                language: c.language.clone(),
                target: c.target.clone(),
                problem: Problem::NotFound,
                message: format!("{} does not exist in the registry asked", c.target),
            });
        }
    }
    Ok(report)
}

/// Writes the findings as triples into `urn:unkg:verify`, replacing the previous ones: one
/// `unkg:Finding` per problem, with `unkg:problem`, `unkg:aboutCitation`, `dcterms:description`
/// and `prov:generatedAtTime`. Also records on the graph the number of citations checked.
pub fn write(store: &Store, report: &Report, at: &str) -> Result<(), LinkError> {
    let g = NamedNode::new_unchecked(VERIFY_GRAPH);
    let gn = GraphName::NamedNode(g.clone());
    let t = |ns: &str, l: &str| NamedNode::new_unchecked(vocab::term(ns, l));
    let base = store.base().as_str();
    let mut quads = vec![Quad::new(
        g.clone(),
        t(UNKG, "citationsChecked"),
        Literal::new_typed_literal(report.citations.to_string(), t(XSD, "nonNegativeInteger")),
        gn.clone(),
    )];
    for f in &report.findings {
        let Ok(cit) = NamedNode::new(&f.citation) else {
            continue;
        };
        let mut h = Sha256::new();
        h.update(f.citation.as_bytes());
        h.update([0]);
        h.update(f.problem.code().as_bytes());
        let id: String = h.finalize()[..10]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let n = NamedNode::new_unchecked(format!("{base}finding/{id}"));
        let mut add = |p: NamedNode, o: Term| quads.push(Quad::new(n.clone(), p, o, gn.clone()));
        add(
            NamedNode::new_unchecked(vocab::RDF_TYPE),
            t(UNKG, "Finding").into(),
        );
        add(
            t(UNKG, "problem"),
            Literal::new_simple_literal(f.problem.code()).into(),
        );
        add(t(UNKG, "aboutCitation"), cit.into());
        add(
            t(DCTERMS, "description"),
            Literal::new_simple_literal(&f.message).into(),
        );
        add(
            t(PROV, "generatedAtTime"),
            Literal::new_typed_literal(at, t(XSD, "dateTime")).into(),
        );
    }
    store.replace_graph(&g, &quads)?;
    Ok(())
}

/// The ontology terms verification writes, for the ontology check.
pub fn terms() -> Vec<String> {
    let mut v: Vec<String> = ["Finding", "problem", "aboutCitation", "citationsChecked"]
        .iter()
        .map(|l| vocab::term(UNKG, l))
        .collect();
    v.push(vocab::term(DCTERMS, "description"));
    v.push(vocab::term(PROV, "generatedAtTime"));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(target: &str, kind: &str) -> Cited {
        Cited {
            citation: "c".into(),
            citing: "A/RES/75/10".into(),
            language: "en".into(),
            session: Some(75),
            date: Some("2020-12-10".into()),
            target: target.into(),
            kind: kind.into(),
            ..Cited::default()
        }
    }

    const NOW: Today = Today {
        year: 2026,
        month: 11,
    };

    fn codes(c: &Cited) -> Vec<&'static str> {
        check(c, NOW).iter().map(|f| f.problem.code()).collect()
    }

    #[test]
    fn cases() {
        for (target, kind, cdate, want) in [
            ("A/RES/70/1", "resolution", None, vec![]),
            ("A/RES/57/32", "resolution", Some("2002-11-19"), vec![]),
            (
                "A/RES/57/32",
                "resolution",
                Some("1990-11-19"),
                vec!["year-mismatch"],
            ),
            ("A/76/1", "document", None, vec![]),
            ("A/77/1", "document", None, vec!["session-after-citing"]),
            (
                "A/RES/76/1",
                "resolution",
                None,
                vec!["session-after-citing"],
            ),
            (
                "A/RES/78/5",
                "resolution",
                Some("2023-12-01"),
                vec!["session-after-citing", "adopted-later"],
            ),
            ("A/RES/0/5", "resolution", None, vec!["no-such-session"]),
            ("A/RES/99/12", "resolution", None, vec!["no-such-session"]),
            ("A/RES/75", "resolution", None, vec!["malformed"]),
            ("S/RES/660 (1990)", "resolution", None, vec![]),
            (
                "S/RES/2720 (1990)",
                "resolution",
                None,
                vec!["year-mismatch"],
            ),
            (
                "S/RES/27200 (2023)",
                "resolution",
                None,
                vec!["year-mismatch"],
            ),
            (
                "S/RES/2565 (2021)",
                "resolution",
                None,
                vec!["adopted-later"],
            ),
            ("1/CP.21", "decision", None, vec![]),
            ("SALES/96.IV.13", "sales_number", None, vec![]),
            ("FCCC/CP/2015/10/Add.1", "document", None, vec![]),
            ("A/RES/217(III)", "resolution", None, vec![]),
            ("A/RES/ES-10/22", "resolution", None, vec![]),
            ("GC(59)/RES/9", "document", None, vec![]),
            ("A/RES/80/5", "instrument", None, vec![]),
        ] {
            let mut c = cited(target, kind);
            c.cited_date = cdate.map(str::to_string);
            assert_eq!(codes(&c), want, "{target}");
        }
    }

    #[test]
    fn only_general_assembly_documents_number_assembly_sessions() {
        let mut c = cited("A/RES/70/175", "resolution");
        c.citing = "A/HRC/RES/55/12".into();
        c.session = Some(55);
        assert!(codes(&c).is_empty());
        c.citing = "A/RES/55/12".into();
        assert_eq!(codes(&c), ["session-after-citing"]);
    }

    #[test]
    fn sessions_open_in_september() {
        assert_eq!(
            Today {
                year: 2025,
                month: 8
            }
            .latest_session(),
            79
        );
        assert_eq!(
            Today {
                year: 2025,
                month: 9
            }
            .latest_session(),
            80
        );
        assert_eq!(Today::from_iso("2026-11-30T00:00:00Z"), Some(NOW));
    }

    #[test]
    fn sc_years_rise_with_numbers() {
        let (low, high) = sc_year_range(660);
        assert!(low <= 1990 && high.is_none_or(|h| h >= 1990));
        assert!(
            SC_YEARS.windows(2).all(|w| w[0].1 <= w[1].1),
            "table not monotone"
        );
    }
}
