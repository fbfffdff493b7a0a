//! Helpers for end-to-end tests: run the binary, read PDFs and zips as a user would.
#![allow(dead_code)]

pub mod candidate;
pub mod render;

pub use candidate::Candidate;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The project's test class (`tests/fixtures/classe`, written by `make_classe.py`): six
/// invented candidates whose pages carry every defect the tests need.
pub fn fixture_class() -> PathBuf {
    repo().join("tests/fixtures/classe")
}

/// Package names of the fixture class, in its order.
pub const MARTIN: &str = "0351204877_MARTIN_Lucas";
pub const BENALI: &str = "0351209932_BENALI_Yasmine";
pub const LE_GOFF: &str = "sans-numero_LE-GOFF_Thomas";
pub const NDIAYE: &str = "0351218406_NDiaye_Éloïse";
pub const ROUSSEAU: &str = "2635041187_Rousseau_Kévin";
pub const DUBOIS: &str = "0351230057_DUBOIS_Chloé";
pub const ALL_PACKAGES: [&str; 6] = [MARTIN, BENALI, LE_GOFF, NDIAYE, ROUSSEAU, DUBOIS];

/// The fixture class built once per test run (`class`) and checked once (`check`), with
/// backtraces on so that a panic would show; every test that only reads its outputs shares it.
pub struct BuiltClass {
    _out: tempfile::TempDir,
    pub out: PathBuf,
    pub class: Output,
    pub check: Output,
}

pub fn built_class() -> &'static BuiltClass {
    static ONCE: std::sync::OnceLock<BuiltClass> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir");
        let class_dir = fixture_class();
        let run = |args: &[&str]| {
            Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
                .args(args)
                .env("RUST_BACKTRACE", "1")
                .env_remove("SOURCE_DATE_EPOCH")
                .output()
                .expect("the binary runs")
        };
        let class = run(&[
            "class",
            class_dir.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ]);
        let check = run(&["check", class_dir.to_str().unwrap()]);
        BuiltClass {
            out: out.path().to_path_buf(),
            _out: out,
            class,
            check,
        }
    })
}

/// A copy of the fixture class in a temporary folder, to change it.
pub fn copy_class() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture_class(), dir.path());
    dir
}

/// Copies every file under `from` to `to` (created).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable fixture");
        let rel = entry.path().strip_prefix(from).expect("under the root");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Runs `sio-dossier` with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Builds a candidate folder into a fresh temporary output folder.
pub fn build(candidate: &Path) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().expect("temp dir");
    let o = run(&[
        "build",
        candidate.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    (out, o)
}

/// `pdftotext <args> -enc UTF-8 <pdf> -` (poppler-utils; `make test` installs it): the
/// one place tests read a PDF's text, as a user's tools would.
pub fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let o = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed (poppler-utils)");
    assert!(
        o.status.success(),
        "pdftotext {args:?} failed on {}",
        pdf.display()
    );
    String::from_utf8(o.stdout).expect("UTF-8 text")
}

/// The text of a PDF, laid out as on the page (`pdftotext -layout`).
pub fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, &["-layout"])
}

/// The text of pages `first..=last` of a PDF, laid out as on the page.
pub fn pages_text(pdf: &Path, first: usize, last: usize) -> String {
    let (first, last) = (first.to_string(), last.to_string());
    pdftotext(pdf, &["-layout", "-f", &first, "-l", &last])
}

/// Writes `bytes` at `path`, creating its folders.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("a file path")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// The text without any whitespace (lines break after hyphens and slashes).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Same text with every run of whitespace folded to one space (table cells wrap).
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Number of pages of a PDF (pdfinfo).
pub fn pdf_pages(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo is installed");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .expect("page count")
}

/// Names of the entries of a zip.
pub fn zip_entries(zip: &Path) -> Vec<String> {
    let file = std::fs::File::open(zip).expect("zip exists");
    let archive = zip::ZipArchive::new(file).expect("valid zip");
    archive.file_names().map(str::to_string).collect()
}

/// Bytes of one entry of a zip.
pub fn zip_entry(zip: &Path, name: &str) -> Vec<u8> {
    let file = std::fs::File::open(zip).expect("zip exists");
    let mut archive = zip::ZipArchive::new(file).expect("valid zip");
    let mut entry = archive.by_name(name).expect("entry exists");
    let mut buf = Vec::new();
    entry.read_to_end(&mut buf).unwrap();
    buf
}

/// The only `*.zip` of an output folder.
pub fn only_zip(out: &Path) -> PathBuf {
    let zips: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    assert_eq!(
        zips.len(),
        1,
        "one zip expected in {}: {zips:?}",
        out.display()
    );
    zips.into_iter().next().unwrap()
}

/// A named pipe at `path` (`mkfifo`, part of coreutils): the test fails, saying why, if it
/// cannot be made, rather than passing without the case it is about.
pub fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo (coreutils) is needed to make a named pipe");
    assert!(status.success(), "mkfifo {} failed", path.display());
}
