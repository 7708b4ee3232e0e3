//! PDF input on the real corpus: for every `../shared/corpus/en/*.pdf`, the citation targets
//! found from the PDF itself include at least 98% of those found from its poppler rendering
//! (`*.pdftotext.txt`, read as plain text); every span is valid against the rendered text; and
//! in S/2025/257 footnote 1 (a list of earlier reports) is linked from its superscript marker
//! at the end of paragraph 1, which pdftotext loses. Skipped (with a message) when the shared
//! corpus is not beside the project.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use unkg::extract::{Extraction, Options, extract_str, validate};
use unkg::source::{Format, read_path};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/en")
}

fn extract(path: &Path) -> (String, Extraction) {
    let src = read_path(path).unwrap_or_else(|e| panic!("{e}"));
    let ex = extract_str(
        &src.text,
        &Options {
            file: Some(src.path.clone()),
            markdown: src.format == Format::Markdown,
            ..Options::default()
        },
    );
    let problems = validate(&src.text, &ex);
    assert!(problems.is_empty(), "{}: {problems:?}", path.display());
    (src.text, ex)
}

fn targets(ex: &Extraction) -> BTreeSet<String> {
    ex.citations.iter().map(|c| c.target.to_string()).collect()
}

#[test]
fn pdf_citations_cover_the_pdftotext_ones() {
    let dir = corpus();
    if !dir.is_dir() {
        eprintln!("skipped: {} not found", dir.display());
        return;
    }
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 14, "{} PDFs", pdfs.len());
    let (mut found, mut expected) = (0usize, 0usize);
    for pdf in &pdfs {
        let txt = pdf.with_extension("pdftotext.txt");
        let (_, from_pdf) = extract(pdf);
        let (_, from_txt) = extract(&txt);
        let (a, b) = (targets(&from_pdf), targets(&from_txt));
        let missing: Vec<&String> = b.difference(&a).collect();
        eprintln!(
            "{}: {} from PDF, {} from pdftotext, missing {missing:?}",
            pdf.display(),
            a.len(),
            b.len()
        );
        assert!(
            (b.len() - missing.len()) * 100 >= b.len() * 98,
            "{}: missing {missing:?}",
            pdf.display()
        );
        found += b.len() - missing.len();
        expected += b.len();
    }
    eprintln!("covered {found} of {expected} pdftotext targets");
    assert!(found * 100 >= expected * 98);
}

#[test]
fn s_2025_257_footnote_1_is_linked_from_its_superscript_marker() {
    let pdf = corpus().join("S_2025_257.pdf");
    if !pdf.is_file() {
        eprintln!("skipped: {} not found", pdf.display());
        return;
    }
    let (text, ex) = extract(&pdf);
    assert_eq!(ex.symbol.as_deref(), Some("S/2025/257"));
    // The marker is a superscript glued to its sentence, not the number "1".
    assert!(text.contains("to 14 April 2025.¹\n"), "{}", &text[..2000]);
    let para = ex
        .paragraphs
        .iter()
        .find(|p| text[p.start..p.end].contains("to 14 April 2025."))
        .expect("paragraph 1");
    assert!(text[para.start..para.end].starts_with("1. In its resolution 2733 (2024)"));
    let in_note: BTreeSet<&str> = ex
        .citations
        .iter()
        .filter(|c| c.footnote == Some(1))
        .map(|c| c.target.as_str())
        .collect();
    for t in [
        "S/2018/451",
        "S/2019/380",
        "S/2020/393",
        "S/2021/434",
        "S/2022/360",
        "S/2023/308",
        "S/2023/936",
        "S/2024/352",
        "S/2024/858",
    ] {
        assert!(in_note.contains(t), "{t} not in footnote 1: {in_note:?}");
    }
    for c in ex.citations.iter().filter(|c| c.footnote == Some(1)) {
        assert_eq!(c.paragraph.as_deref(), Some(para.id.as_str()), "{c:?}");
    }
}

#[test]
fn broken_pdfs_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = std::fs::read(corpus().join("S_2025_378.pdf")).ok();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.pdf", Vec::new()),
        ("garbage.pdf", b"%PDF-1.4\nthis is not a PDF body".to_vec()),
    ];
    if let Some(bytes) = &real {
        cases.push(("truncated.pdf", bytes[..bytes.len() / 3].to_vec()));
    }
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        match read_path(&path) {
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains(name) && msg.contains("PDF"), "{msg}");
            }
            // A truncated file whose pages are all still there reads.
            Ok(src) => assert!(!src.text.trim().is_empty(), "{name}"),
        }
    }
}

/// Chinese and Arabic pages in CID (Type 0) fonts, made by `tests/fixtures/pdf/make_cid_pdfs.py`
/// from corpus passages: text through the ToUnicode maps, the raised marker linked to its
/// footnote (to the left of the last word in the Arabic line, as right-to-left text puts it).
#[test]
fn chinese_and_arabic_cid_font_pdfs() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let (text, ex) = extract(&dir.join("zh_cid.pdf"));
    assert!(
        text.starts_with("回顾各国国家元首和政府首脑在《2005年世界首脑会议成果》¹中表示决心\n"),
        "{text}"
    );
    let c = &ex.citations[0];
    assert_eq!((c.target.as_str(), c.footnote), ("A/RES/60/1", Some(1)));
    assert_eq!(c.instrument.as_deref(), Some("2005年世界首脑会议成果"));

    let (text, ex) = extract(&dir.join("ar_cid.pdf"));
    assert!(
        text.contains("عملا بالقرار 2048 (2012) بشأن غينيا - بيساو¹\n"),
        "{text}"
    );
    let got: BTreeSet<(&str, Option<u32>)> = ex
        .citations
        .iter()
        .map(|c| (c.target.as_str(), c.footnote))
        .collect();
    assert_eq!(
        got,
        BTreeSet::from([("S/RES/2048 (2012)", None), ("S/RES/2127 (2013)", Some(1))])
    );
}

/// Encrypted and text-less PDFs (made by `tests/fixtures/pdf/make_error_pdfs.py`): a user
/// password is an error that says so, an owner password alone is no obstacle, and a page without
/// a text layer is an error that says there is nothing to read.
#[test]
fn encrypted_and_scanned_pdfs_are_explained() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let err = |name: &str| match read_path(&dir.join(name)) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("{name} read"),
    };
    let e = err("locked.pdf");
    assert!(
        e.contains("locked.pdf") && e.contains("encrypted PDF"),
        "{e}"
    );
    let e = err("no_text.pdf");
    assert!(
        e.contains("no_text.pdf") && e.contains("no text layer"),
        "{e}"
    );
    let (text, ex) = extract(&dir.join("owner_only.pdf"));
    assert!(text.contains("World Summit Outcome,¹ in which"), "{text}");
    assert_eq!(ex.citations.len(), 2);
}
