//! Runs the data-driven extraction cases of `tests/fixtures/citations/*.toml`: each case is a
//! real passage and the exact set of canonical targets a correct extractor reports for it.
//!
//! Cases the extractor does not get right yet are listed, with the reason, in
//! `tests/fixtures/citations/known_failures.toml`; this test fails when a case outside that list
//! fails (a regression) and when a listed case passes (the list must shrink with the code).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use unkg::extract::{Options, extract_str, validate};
use unkg::text::Lang;

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    lang: String,
    text: String,
    targets: Vec<String>,
    own_symbol: Option<String>,
    /// The file name the text is read under (a hint to the document's own symbol).
    file: Option<String>,
    /// The document's own symbol, as the extractor must read it.
    symbol: Option<String>,
    #[serde(default)]
    detail: Vec<Detail>,
}

#[derive(Debug, Deserialize)]
struct Detail {
    target: String,
    kind: Option<String>,
    issuing_body: Option<String>,
    date: Option<String>,
    pinpoint: Option<String>,
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Known {
    #[serde(default)]
    case: Vec<KnownCase>,
}

#[derive(Debug, Deserialize)]
struct KnownCase {
    name: String,
    #[allow(dead_code)]
    why: String,
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks one case; returns what is wrong with it.
fn check(case: &Case) -> Vec<String> {
    let lang: Lang = case.lang.parse().expect("fixture language");
    let opts = Options {
        lang: Some(lang),
        own_symbol: case.own_symbol.clone(),
        file: case.file.clone(),
        ..Options::default()
    };
    let ex = extract_str(&case.text, &opts);
    let mut problems: Vec<String> = validate(&case.text, &ex);
    if let Some(want) = &case.symbol
        && ex.symbol.as_ref() != Some(want)
    {
        problems.push(format!("own symbol is {:?}, not {want}", ex.symbol));
    }
    let got: BTreeSet<&str> = ex.citations.iter().map(|c| c.target.as_str()).collect();
    let want: BTreeSet<&str> = case.targets.iter().map(String::as_str).collect();
    if got != want {
        let missed: Vec<_> = want.difference(&got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        problems.push(format!("missed {missed:?}, extra {extra:?}"));
    }
    for d in &case.detail {
        let hits: Vec<_> = ex
            .citations
            .iter()
            .filter(|c| c.target == d.target)
            .collect();
        if hits.is_empty() {
            continue;
        }
        let any = |f: &dyn Fn(&unkg::extract::Citation) -> bool| hits.iter().any(|c| f(c));
        if let Some(k) = &d.kind
            && !any(&|c| c.kind == k.as_str())
        {
            problems.push(format!("{}: kind is not {k}", d.target));
        }
        if let Some(b) = &d.issuing_body
            && !any(&|c| c.issuing_body.as_deref() == Some(b))
        {
            problems.push(format!("{}: issuing body is not {b}", d.target));
        }
        if let Some(x) = &d.date
            && !any(&|c| c.date.as_deref() == Some(x))
        {
            problems.push(format!("{}: date is not {x}", d.target));
        }
        if let Some(p) = &d.pinpoint
            && !any(&|c| c.pinpoint.as_deref().map(squeeze) == Some(squeeze(p)))
        {
            let seen: Vec<_> = hits.iter().map(|c| c.pinpoint.clone()).collect();
            problems.push(format!("{}: pinpoint is not {p:?} ({seen:?})", d.target));
        }
        if let Some(t) = &d.text
            && !any(&|c| c.text == t)
        {
            problems.push(format!("{}: text is not {t:?}", d.target));
        }
    }
    problems
}

#[test]
fn citation_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/citations");
    let known: Known = toml::from_str(
        &std::fs::read_to_string(dir.join("known_failures.toml")).unwrap_or_default(),
    )
    .expect("known_failures.toml parses");
    let known: BTreeSet<String> = known.case.into_iter().map(|k| k.name).collect();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml") && !p.ends_with("known_failures.toml")
        })
        .collect();
    files.sort();
    let (mut total, mut passed) = (0usize, 0usize);
    let mut per_file: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut regressions = Vec::new();
    let mut fixed = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture file");
        let file: File =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for case in &file.case {
            total += 1;
            let problems = check(case);
            let entry = per_file.entry(name.clone()).or_default();
            entry.1 += 1;
            if problems.is_empty() {
                passed += 1;
                entry.0 += 1;
                if known.contains(&case.name) {
                    fixed.push(case.name.clone());
                }
            } else if !known.contains(&case.name) {
                regressions.push(format!("{} ({name}): {}", case.name, problems.join("; ")));
            }
        }
    }
    for (f, (p, t)) in &per_file {
        println!("{f:<16} {p:>4}/{t:<4}");
    }
    println!("citation fixtures: {passed}/{total} pass");
    assert!(
        regressions.is_empty(),
        "{} failing cases not in known_failures.toml:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "these cases pass now; remove them from known_failures.toml: {fixed:?}"
    );
}
