//! The `unkg extract` command on bad input: every case must give a result or a clear error that
//! names the file, and never a panic (exit code 101) or a hang.
//!
//! Users point unkg at whatever lies in a folder: empty files, binaries, files in other
//! encodings, pathological Markdown, FIFOs, broken links. One bad file must neither take the
//! process down nor hide the output of the good files next to it. Each case runs the real
//! binary with a deadline and kills it if the deadline passes. The 200 MB single-line file
//! (peak memory) lives in `benches/bad_input_memory.sh`, as it is too slow for a test.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Far above what any case needs (each takes well under 2 s in a debug build); reaching it
/// means the command hung.
const DEADLINE: Duration = Duration::from_secs(30);

/// What one run of the binary gave.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    /// Fails with the full output unless the run ended without a panic.
    fn no_panic(&self, case: &str) {
        assert!(
            self.status.code() != Some(101) && !self.stderr.contains("panicked"),
            "{case}: unkg panicked ({:?})\nstderr:\n{}",
            self.status,
            self.stderr
        );
        assert!(
            self.status.code().is_some(),
            "{case}: killed by a signal ({:?})\nstderr:\n{}",
            self.status,
            self.stderr
        );
    }

    /// Asserts a clean failure: exit code 1 and an error on stderr that names `path`.
    fn error_naming(&self, case: &str, path: &Path, words: &str) {
        self.no_panic(case);
        assert_eq!(
            self.status.code(),
            Some(1),
            "{case}: expected exit code 1\nstderr:\n{}",
            self.stderr
        );
        let shown = path.display().to_string();
        let line = self.stderr.lines().find(|l| l.contains(&shown));
        let line = line
            .unwrap_or_else(|| panic!("{case}: no error names {shown}\nstderr:\n{}", self.stderr));
        assert!(
            line.starts_with("unkg: error:"),
            "{case}: unexpected error line {line:?}"
        );
        assert!(
            line.to_lowercase().contains(words),
            "{case}: error {line:?} does not say {words:?}"
        );
        assert!(
            self.stdout.trim().is_empty(),
            "{case}: output for a file that failed:\n{}",
            self.stdout
        );
    }

    /// Asserts success and returns the JSON documents printed (one or more, pretty or lines).
    fn documents(&self, case: &str) -> Vec<Value> {
        self.no_panic(case);
        assert!(
            self.status.success(),
            "{case}: failed ({:?})\nstderr:\n{}",
            self.status,
            self.stderr
        );
        json_stream(case, &self.stdout)
    }
}

fn json_stream(case: &str, out: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(out)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{case}: output is not JSON ({e}):\n{out}"))
}

/// Runs `unkg` with `args`, killing it at [`DEADLINE`].
fn unkg(case: &str, args: &[&std::ffi::OsStr]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unkg"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawning unkg");
    // Drain both pipes while waiting, so a large output cannot block the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for unkg") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{case}: unkg still running after {DEADLINE:?} (hang); killed");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        elapsed: start.elapsed(),
    };
    eprintln!(
        "{case}: exit {:?} in {:.2?}",
        run.status.code(),
        run.elapsed
    );
    run
}

fn extract(case: &str, format: &str, paths: &[&Path]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["extract".as_ref(), "--format".as_ref(), format.as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    unkg(case, &args)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("writing a test file");
    p
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("creating a temporary folder")
}

/// The text of every citation must be the bytes its span covers in `text`.
fn assert_spans(case: &str, text: &str, doc: &Value) {
    let citations = doc["citations"].as_array().expect("citations array");
    for c in citations {
        let (s, e) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            text.get(s..e),
            c["text"].as_str(),
            "{case}: span {s}..{e} of {c}"
        );
    }
}

#[test]
fn empty_file_gives_an_empty_result() {
    let dir = tempdir();
    let p = write(dir.path(), "empty.txt", b"");
    let docs = extract("empty file", "json", &[&p]).documents("empty file");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["citations"], Value::Array(vec![]));
    assert_eq!(docs[0]["file"].as_str(), Some(p.to_str().unwrap()));
}

#[test]
fn binary_file_is_refused_by_name() {
    let dir = tempdir();
    let mut bytes = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let p = write(dir.path(), "program.txt", &bytes);
    extract("binary file", "json", &[&p]).error_naming("binary file", &p, "binary");
}

#[test]
fn invalid_utf8_is_refused_by_name() {
    let dir = tempdir();
    let p = write(
        dir.path(),
        "latin1.txt",
        "Recalling its résolution 57/32".as_bytes(),
    );
    let bytes: Vec<u8> = std::fs::read(&p)
        .unwrap()
        .into_iter()
        .flat_map(|b| if b >= 0x80 { vec![0xE9] } else { vec![b] })
        .collect();
    std::fs::write(&p, bytes).unwrap();
    extract("invalid UTF-8", "json", &[&p]).error_naming("invalid UTF-8", &p, "utf-8");
}

#[test]
fn utf16_with_bom_works_and_spans_point_into_its_utf8_text() {
    let dir = tempdir();
    let text = "The General Assembly,\n\n回顾其2002年11月19日第57/32号决议 and recalling its resolution 72/278 of 22 May 2018,\n";
    for (name, bom, unit) in [
        (
            "le.txt",
            [0xFF, 0xFE],
            u16::to_le_bytes as fn(u16) -> [u8; 2],
        ),
        (
            "be.txt",
            [0xFE, 0xFF],
            u16::to_be_bytes as fn(u16) -> [u8; 2],
        ),
    ] {
        let case = format!("UTF-16 {name}");
        let bytes: Vec<u8> = bom
            .into_iter()
            .chain(text.encode_utf16().flat_map(unit))
            .collect();
        let p = write(dir.path(), name, &bytes);
        let shown = extract(&case, "text", &[&p]);
        shown.no_panic(&case);
        assert!(
            shown.status.success(),
            "{case}: --format text failed:\n{}",
            shown.stderr
        );
        assert_eq!(
            shown.stdout, text,
            "{case}: --format text is not the decoded text"
        );
        let docs = extract(&case, "json", &[&p]).documents(&case);
        let targets: Vec<&str> = docs[0]["citations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["target"].as_str())
            .collect();
        assert!(
            targets.contains(&"A/RES/72/278"),
            "{case}: targets {targets:?}"
        );
        assert_spans(&case, &shown.stdout, &docs[0]);
    }
}

#[test]
fn hundred_thousand_sup_tags_in_markdown() {
    let dir = tempdir();
    let mut md = String::from("The General Assembly,\n\nRecalling its resolution 57/32,");
    for i in 0..100_000 {
        md.push_str(&format!("<sup>{}</sup>", i % 1000));
    }
    md.push_str("\n\n<sup>1</sup> Resolution 60/1.\n");
    let p = write(dir.path(), "sup.md", md.as_bytes());
    let docs = extract("100,000 <sup>", "jsonl", &[&p]).documents("100,000 <sup>");
    assert_spans("100,000 <sup>", &md, &docs[0]);
}

#[test]
fn ten_thousand_links_half_of_them_unclosed() {
    let dir = tempdir();
    let mut html = String::from("<p>The General Assembly,</p><p>Recalling ");
    for i in 1..=5_000 {
        html.push_str(&format!(
            "<a href=\"https://undocs.org/A/RES/70/{i}\">resolution 70/{i}</a>, "
        ));
    }
    for i in 1..=5_000 {
        html.push_str(&format!(
            "<a href=\"/akn/un/doc/symbol/A-RES-71-{i}\">the text "
        ));
    }
    html.push_str(
        "<ol class=\"footnotes\"><li><a href=\"https://undocs.org/A/RES/60/1\">x</li></ol>",
    );
    let p = write(dir.path(), "links.html", html.as_bytes());
    let text = extract("10,000 links", "text", &[&p]).stdout;
    let docs = extract("10,000 links", "jsonl", &[&p]).documents("10,000 links");
    assert_spans("10,000 links", &text, &docs[0]);
    let linked = docs[0]["citations"]
        .as_array()
        .map_or(0, |c| c.iter().filter(|c| c["href"].is_string()).count());
    assert!(linked >= 5_000, "{linked} linked citations");
}

#[test]
fn two_hundred_thousand_unclosed_book_title_marks() {
    let dir = tempdir();
    let mut zh = String::from("大会，\n\n回顾其第57/32号决议，");
    zh.push_str(&"《".repeat(200_000));
    zh.push_str("第60/1号决议。\n");
    let p = write(dir.path(), "brackets.txt", zh.as_bytes());
    let docs = extract("200,000 《", "jsonl", &[&p]).documents("200,000 《");
    assert_eq!(docs[0]["language"].as_str(), Some("zh"));
    assert_spans("200,000 《", &zh, &docs[0]);
}

#[cfg(unix)]
#[test]
fn fifo_is_refused_without_blocking() {
    let dir = tempdir();
    let p = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&p).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Nobody ever writes to the FIFO: opening it for reading would block forever.
    extract("FIFO", "json", &[&p]).error_naming("FIFO", &p, "not a regular file");
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_refused_by_name() {
    let dir = tempdir();
    let p = dir.path().join("link.txt");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), &p).unwrap();
    extract("dangling symlink", "json", &[&p]).error_naming("dangling symlink", &p, "no such file");
}

#[test]
fn nonexistent_path_is_refused_by_name() {
    let dir = tempdir();
    let p = dir.path().join("missing.txt");
    extract("nonexistent path", "json", &[&p]).error_naming("nonexistent path", &p, "no such file");
}

#[test]
fn directory_where_a_file_is_expected() {
    // `--format json` takes files; a folder must either be read as the documents in it or be
    // refused by name. It must never be silently ignored.
    let dir = tempdir();
    let sub = dir.path().join("folder");
    std::fs::create_dir(&sub).unwrap();
    write(
        &sub,
        "a.txt",
        b"Recalling its resolution 57/32 of 19 November 2002,\n",
    );
    let run = extract("directory", "json", &[&sub]);
    run.no_panic("directory");
    if run.status.success() {
        let docs = json_stream("directory", &run.stdout);
        assert_eq!(
            docs.len(),
            1,
            "directory: expected the one document in it:\n{}",
            run.stdout
        );
        assert!(
            docs[0]["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("a.txt"))
        );
    } else {
        run.error_naming("directory", &sub, "directory");
    }

    // An empty folder holds no documents: nothing to print, but no panic or hang either.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    extract("empty directory", "json", &[&empty]).no_panic("empty directory");
}

#[test]
fn good_file_among_bad_ones_still_gives_its_output() {
    let dir = tempdir();
    let good = write(
        dir.path(),
        "good.txt",
        b"Recalling its resolution 57/32 of 19 November 2002,\n",
    );
    let binary = write(dir.path(), "binary.txt", b"\0\x01\x02\x03");
    let latin1 = write(dir.path(), "latin1.txt", b"r\xe9solution 47/135");
    let missing = dir.path().join("missing.txt");
    let good2 = write(
        dir.path(),
        "good2.md",
        "回顾其第72/278号决议，<sup>1</sup>\n".as_bytes(),
    );
    for format in ["json", "jsonl", "table"] {
        let case = format!("good among bad ({format})");
        let run = extract(&case, format, &[&binary, &good, &latin1, &missing, &good2]);
        run.no_panic(&case);
        assert_eq!(
            run.status.code(),
            Some(1),
            "{case}: some files failed, so exit 1\n{}",
            run.stderr
        );
        for bad in [&binary, &latin1, &missing] {
            let shown = bad.display().to_string();
            assert!(
                run.stderr.lines().any(|l| l.contains(&shown)),
                "{case}: {shown} not named:\n{}",
                run.stderr
            );
        }
        if format == "table" {
            assert!(
                run.stdout.contains("good.txt") && run.stdout.contains("good2.md"),
                "{case}:\n{}",
                run.stdout
            );
            continue;
        }
        let docs = json_stream(&case, &run.stdout);
        let files: Vec<&str> = docs.iter().filter_map(|d| d["file"].as_str()).collect();
        assert_eq!(
            files,
            [good.to_str().unwrap(), good2.to_str().unwrap()],
            "{case}"
        );
        let targets: Vec<&str> = docs
            .iter()
            .flat_map(|d| d["citations"].as_array().unwrap())
            .filter_map(|c| c["target"].as_str())
            .collect();
        assert_eq!(targets, ["A/RES/57/32", "A/RES/72/278"], "{case}");
    }
}
