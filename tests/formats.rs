//! Word, HTML and Akoma Ntoso input, and Akoma Ntoso output, on the real corpus.
//!
//! A `.docx` (with a real footnotes part) and an HTML page (with `<sup>` markers and a footnote
//! list) are made here from the English A/RES/79/319 text: its body paragraphs, its markers
//! where the layout stage found them, its footnotes' own text. Read back, each gives the same
//! citations as the text, footnote numbers included. The corpus's two AKN4UN-style files are
//! read; `export --format akn` output parses and re-extracts to the same citations.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use quick_xml::escape::escape;
use unkg::extract::{Extraction, Options, extract_str, validate};
use unkg::source::{Format, from_bytes, read_path};
use unkg::text::layout;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/en")
}

fn extract_source(src: &unkg::source::Source) -> Extraction {
    let ex = extract_str(
        &src.text,
        &Options {
            file: Some(src.path.clone()),
            markdown: src.format == Format::Markdown,
            links: src.links.clone(),
            ..Options::default()
        },
    );
    let problems = validate(&src.text, &ex);
    assert!(problems.is_empty(), "{}: {problems:?}", src.path);
    ex
}

/// Citations as (target, footnote number).
fn cited(ex: &Extraction) -> BTreeSet<(String, Option<u32>)> {
    ex.citations
        .iter()
        .map(|c| (c.target.to_string(), c.footnote))
        .collect()
}

/// The resolution's structure: paragraphs of body text, each a list of pieces (text or a
/// footnote marker), and its footnotes (number, text).
type Piece = Result<String, u32>;
struct Parts {
    paragraphs: Vec<Vec<Piece>>,
    footnotes: Vec<(u32, String)>,
}

fn parts(text: &str) -> Parts {
    let lay = layout(text, false);
    let body = lay.body.as_str();
    let mut paragraphs = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut markers = lay.markers.iter().peekable();
    let mut pos = 0;
    let flush_text = |current: &mut Vec<Piece>, s: &str| {
        if !s.is_empty() {
            current.push(Ok(s.replace('\n', " ")));
        }
    };
    for line_end in body
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(body.len()))
    {
        let line = &body[pos..line_end];
        let mut at = pos;
        while let Some(m) = markers.next_if(|m| m.at < line_end) {
            flush_text(&mut current, &body[at..m.at]);
            current.push(Err(m.number));
            at = m.at;
        }
        flush_text(&mut current, &body[at..line_end]);
        if line.trim().is_empty() && !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
        pos = line_end;
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let footnotes = lay
        .footnotes
        .iter()
        .map(|f| (f.number, f.view.as_str().to_string()))
        .collect();
    Parts {
        paragraphs,
        footnotes,
    }
}

fn html_of(p: &Parts) -> String {
    let mut h = String::from(
        "<!DOCTYPE html><html><head><title>A/RES/79/319</title><style>p{margin:0}</style></head><body>\n",
    );
    for para in &p.paragraphs {
        h.push_str("<p>");
        for piece in para {
            match piece {
                Ok(t) => h.push_str(&escape(t.as_str())),
                Err(n) => h.push_str(&format!(
                    "<sup><a href=\"#fn{n}\" id=\"fnref{n}\">{n}</a></sup>"
                )),
            }
        }
        h.push_str("</p>\n");
    }
    h.push_str("<hr><section class=\"footnotes\"><ol>\n");
    for (n, t) in &p.footnotes {
        h.push_str(&format!(
            "<li id=\"fn{n}\"><p>{} <a href=\"#fnref{n}\">↩</a></p></li>\n",
            escape(t.as_str())
        ));
    }
    h.push_str("</ol></section></body></html>\n");
    h
}

fn run_xml(t: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(t))
}

fn docx_of(p: &Parts) -> Vec<u8> {
    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let mut doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W}><w:body>"
    );
    for para in &p.paragraphs {
        doc.push_str("<w:p>");
        for piece in para {
            match piece {
                Ok(t) => doc.push_str(&run_xml(t)),
                // Word's ids are its own: here 100 + the number, to show they are not used as
                // the number shown.
                Err(n) => doc.push_str(&format!(
                    "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{}\"/></w:r>",
                    100 + n
                )),
            }
        }
        doc.push_str("</w:p>");
    }
    doc.push_str("</w:body></w:document>");
    let mut notes = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    for (n, t) in &p.footnotes {
        notes.push_str(&format!(
            "<w:footnote w:id=\"{}\"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote>",
            100 + n,
            run_xml(&format!(" {t}"))
        ));
    }
    notes.push_str("</w:footnotes>");
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_string()),
        ("word/document.xml", doc),
        ("word/footnotes.xml", notes),
    ] {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(body.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish");
    buf.into_inner()
}

fn resolution() -> Option<(String, Extraction)> {
    let path = corpus().join("A_RES_79_319.txt");
    if !path.is_file() {
        eprintln!("skipped: {} not found", path.display());
        return None;
    }
    let src = read_path(&path).expect("read");
    let ex = extract_source(&src);
    Some((src.text, ex))
}

#[test]
fn html_and_docx_renderings_give_the_texts_citations() {
    let Some((text, from_text)) = resolution() else {
        return;
    };
    let want = cited(&from_text);
    assert!(
        want.iter().filter(|c| c.1.is_some()).count() >= 10,
        "{want:?}"
    );
    let p = parts(&text);
    assert!(p.footnotes.len() >= 10);

    let html = html_of(&p);
    let src = from_bytes("A_RES_79_319.html", Format::Html, html.as_bytes()).expect("html");
    let got = cited(&extract_source(&src));
    assert_eq!(got, want, "HTML\n{}", src.text);

    let docx = docx_of(&p);
    let src = from_bytes("A_RES_79_319.docx", Format::Docx, &docx).expect("docx");
    let got = cited(&extract_source(&src));
    assert_eq!(got, want, "docx\n{}", src.text);
    // The hash is that of the file, the text its rendering.
    assert_eq!(src.sha256, unkg::source::sha256_hex(&docx));
    assert!(src.text.contains("World Summit Outcome,¹ in which"));
}

#[test]
fn akn4un_files_in_the_corpus_are_read() {
    for (name, phrase) in [
        (
            "AKN4UN-style_ITU_PP18_res_2.xml",
            "b) the WSIS+10 statement on the implementation",
        ),
        (
            "AKN4UN-style_ITU_PP18_dec_5.xml",
            "Plenipotentiary Conference",
        ),
    ] {
        let path = corpus().join(name);
        if !path.is_file() {
            eprintln!("skipped: {} not found", path.display());
            return;
        }
        let src = read_path(&path).expect("read");
        assert_eq!(src.format, Format::Akn);
        assert!(src.text.contains(phrase), "{name}: {}", src.text);
        // Metadata is not text.
        assert!(!src.text.contains("/akn/un/statement"), "{name}");
        let ex = extract_source(&src);
        assert!(ex.paragraphs.len() > 20, "{name}: {}", ex.paragraphs.len());
        assert!(
            ex.bodies.iter().any(|b| b.id == "ITU"),
            "{name}: {:?}",
            ex.bodies
        );
    }
}

fn export_akn(path: &Path) -> (Extraction, String) {
    let src = read_path(path).expect("read");
    let ex = extract_source(&src);
    let mut out = Vec::new();
    unkg::export::write_akn(&mut out, &src.text, &ex, src.format == Format::Markdown)
        .expect("write");
    (ex, String::from_utf8(out).expect("utf-8"))
}

/// Checks that `xml` is well-formed Akoma Ntoso: the root in the AKN namespace, a document
/// with FRBR identification and a main body; returns the `<ref href>` values.
fn check_akn(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut names: Vec<String> = Vec::new();
    let mut hrefs = Vec::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                let name: &str = e.name().into_inner();
                if depth == 0 {
                    assert_eq!(name, "akomaNtoso");
                    let ns = e
                        .try_get_attribute("xmlns")
                        .ok()
                        .flatten()
                        .map(|a| a.value.to_string());
                    assert_eq!(ns.as_deref(), Some(unkg::export::AKN_NS));
                }
                if name == "ref" {
                    let href = e
                        .try_get_attribute("href")
                        .ok()
                        .flatten()
                        .map(|a| a.value.to_string())
                        .expect("ref has href");
                    hrefs.push(href);
                }
                names.push(name.to_string());
                depth += 1;
            }
            quick_xml::events::Event::Empty(e) => {
                names.push(e.name().into_inner().to_string());
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    for required in [
        "doc",
        "meta",
        "identification",
        "FRBRWork",
        "FRBRExpression",
        "FRBRManifestation",
        "FRBRthis",
        "FRBRuri",
        "FRBRdate",
        "FRBRauthor",
        "FRBRcountry",
        "FRBRlanguage",
        "mainBody",
        "p",
    ] {
        assert!(names.iter().any(|n| n == required), "no <{required}>");
    }
    hrefs
}

#[test]
fn akn_export_parses_and_re_extracts_to_the_same_citations() {
    for name in ["A_RES_79_319.txt", "S_2025_257.pdf"] {
        let path = corpus().join(name);
        if !path.is_file() {
            eprintln!("skipped: {} not found", path.display());
            return;
        }
        let (ex, xml) = export_akn(&path);
        let hrefs = check_akn(&xml);
        assert!(
            xml.contains("<authorialNote marker=\"1\" eId=\"fn_1\">"),
            "{name}"
        );
        let want = cited(&ex);
        let href_set: BTreeSet<String> = hrefs.into_iter().collect();
        for (t, _) in &want {
            assert!(
                href_set.contains(&unkg::export::akn_href(t)),
                "{name}: no ref to {t}"
            );
        }
        let back = from_bytes("back.xml", Format::Akn, xml.as_bytes()).expect("akn");
        let got = cited(&extract_source(&back));
        let want_targets: BTreeSet<&String> = want.iter().map(|c| &c.0).collect();
        let got_targets: BTreeSet<&String> = got.iter().map(|c| &c.0).collect();
        assert_eq!(got_targets, want_targets, "{name}\n{}", back.text);
        assert_eq!(got, want, "{name}: footnote numbers\n{}", back.text);
        // Every reference reads back as the citation it marks up.
        let ex_back = extract_source(&back);
        assert!(
            ex_back.diagnostics.iter().all(|d| !d.contains("the link")),
            "{name}: {:?}",
            ex_back.diagnostics
        );
        for c in &ex_back.citations {
            assert_eq!(
                c.href,
                Some(unkg::export::akn_href(&c.target)),
                "{name}: {c:?}"
            );
        }
    }
}

/// Runs `xmllint --noout --schema SCHEMA` on `xml`; the validator's complaints when it fails.
fn xmllint_schema(schema: &Path, xml: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).expect("write");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(schema)
        .arg(&file)
        .output()
        .expect("xmllint runs (Debian: libxml2-utils)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn akn_export_validates_against_the_akoma_ntoso_schema() {
    let schema = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schemas/akn-3.0/akomantoso30.xsd");
    let root = corpus().join("..");
    // Every input format, and a text with C0 control characters (S/PV.10011's backspaces).
    for name in [
        "en/A_RES_79_319.txt",
        "en/S_2025_257.pdf",
        "en/S_PV.10011.pdftotext.txt",
        "en/AKN4UN-style_ITU_PP18_res_2.xml",
        "en/UDHR_A_RES_217A_III_udhr_eng.xml",
        "zh/A_RES_79_319.md",
    ] {
        let (_, xml) = export_akn(&root.join(name));
        if let Err(e) = xmllint_schema(&schema, xml.as_bytes()) {
            panic!("{name}: export does not validate:\n{e}");
        }
    }
}

/// Citations as (target, text, footnote, href).
fn linked(ex: &Extraction) -> Vec<(String, String, Option<u32>, Option<String>)> {
    ex.citations
        .iter()
        .map(|c| {
            (
                c.target.to_string(),
                c.text.to_string(),
                c.footnote,
                c.href.clone(),
            )
        })
        .collect()
}

#[test]
fn html_links_to_un_documents_are_citations() {
    // A/RES/79/319's own words, marked up as a web page links them.
    let html = r##"<html><body>
<p>Recalling also its <a href="https://undocs.org/A/RES/57/32">resolution 57/32</a> of
19 November 2002, in which the Inter-Parliamentary Union was invited to participate in the work
of the General Assembly in the capacity of observer, and recalling further its
<a href="https://undocs.org/en/A/RES/72/279">resolution 72/278</a> of 22 May 2018,</p>
<p>Mindful that rapid technological change includes new and powerful tools that can help to
realize the vision of <a href="https://undocs.org/A/RES/70/1">the 2030 Agenda</a>, and that
<a href="https://documents.un.org/api/symbol/access?s=A%2FRES%2F79%2F1&amp;l=en&amp;t=pdf">the
outcome of the Summit of the Future</a> matters,<sup><a href="#fn1">1</a></sup></p>
<p>Welcoming <a href="https://digitallibrary.un.org/record/4057355">resolution 79/1</a>,</p>
<ol class="footnotes"><li id="fn1">See <a href="https://undocs.org/A/RES/60/1">the World Summit
Outcome</a>.</li></ol>
</body></html>"##;
    let src = from_bytes("links.html", Format::Html, html.as_bytes()).expect("html");
    let ex = extract_source(&src);
    let undocs = |s: &str| Some(format!("https://undocs.org/{s}"));
    assert_eq!(
        linked(&ex),
        [
            // The text's citations, confirmed (or, 72/279, overridden) by their links.
            (
                "A/RES/57/32".into(),
                "57/32".into(),
                None,
                undocs("A/RES/57/32")
            ),
            (
                "A/RES/72/279".into(),
                "72/278".into(),
                None,
                undocs("en/A/RES/72/279")
            ),
            (
                "A/RES/70/1".into(),
                "2030 Agenda".into(),
                None,
                undocs("A/RES/70/1")
            ),
            // Words that cite nothing by themselves cite what their link names.
            (
                "A/RES/79/1".into(),
                "the outcome of the Summit of the Future".into(),
                None,
                Some(
                    "https://documents.un.org/api/symbol/access?s=A%2FRES%2F79%2F1&l=en&t=pdf"
                        .into()
                )
            ),
            // A library record is not a document symbol.
            ("A/RES/79/1".into(), "79/1".into(), None, None),
            (
                "A/RES/60/1".into(),
                "the World Summit Outcome".into(),
                Some(1),
                undocs("A/RES/60/1")
            ),
        ],
        "{}",
        src.text
    );
    // The link and the text disagree: the link is kept, and the disagreement said.
    assert!(
        ex.diagnostics
            .iter()
            .any(|d| d.contains("A/RES/72/279") && d.contains("A/RES/72/278")),
        "{:?}",
        ex.diagnostics
    );
}

#[test]
fn akn_refs_to_un_documents_are_citations() {
    // The corpus's AKN4UN resolution, with a reference as AKN4UN writes one: the General
    // Assembly's WSIS+10 outcome, resolution 70/125 of 16 December 2015.
    let path = corpus().join("AKN4UN-style_ITU_PP18_res_2.xml");
    let xml = std::fs::read_to_string(&path).expect("read");
    let words = "relevant resolutions of the United Nations General Assembly";
    assert!(xml.contains(words));
    let linked_xml = xml.replacen(
        words,
        &format!("<ref href=\"/akn/un/statement/deliberation/un-ga/2015-12-16/70-125/!main\">{words}</ref>"),
        1,
    );
    let plain = extract_source(&from_bytes("res_2.xml", Format::Akn, xml.as_bytes()).expect("akn"));
    let src = from_bytes("res_2.xml", Format::Akn, linked_xml.as_bytes()).expect("akn");
    let ex = extract_source(&src);
    assert!(plain.citations.iter().all(|c| c.target != "A/RES/70/125"));
    let c = ex
        .citations
        .iter()
        .find(|c| c.target == "A/RES/70/125")
        .unwrap_or_else(|| panic!("{:?}", ex.citations));
    assert_eq!(c.text, words);
    assert_eq!(&src.text[c.start..c.end], words);
    assert_eq!(c.kind, "resolution");
    assert_eq!(c.issuing_body.as_deref(), Some("General Assembly"));
    assert!(c.paragraph.is_some(), "{c:?}");
    // The rest is as the text says.
    assert_eq!(ex.citations.len(), plain.citations.len() + 1);
}
