//! The regression corpus (`tests/fixtures/corpus/`): one mission page per tricky case, each with
//! a `<case>.expect.toml` saying what its fiche must show. All cases are built at once,
//! with the binary, as the missions of one candidate; each case gets its own number
//! (`numero`, added to its front matter here), so its fiche is `pro<numero>.pdf` and
//! its expectations are checked against that fiche only.
//!
//! `<case>.expect.toml`:
//! ```toml
//! present = ["text that must be printed"]   # as typed, spaces and line breaks aside
//! absent = ["text that must not be"]
//! once = ["text printed exactly once"]
//! typst = ["#heading(level: 4)["]           # in the converted Typst (structure the
//! typst_absent = ["#emph[#emph["]           # PDF text cannot show)
//! warnings = ["balise HTML <script>"]       # in the build's messages about this page
//!                                           # (`x.md:8`: lines count the `numero` added)
//! warnings_absent = ["non fermé"]           # not in them
//! ```
//! Texts are compared without whitespace: the PDF's line breaks fall anywhere in long
//! paths and table cells, and what matters here is every other character.

use std::path::{Path, PathBuf};

use crate::common::*;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    once: Vec<String>,
    #[serde(default)]
    typst: Vec<String>,
    #[serde(default)]
    typst_absent: Vec<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    warnings_absent: Vec<String>,
}

struct Case {
    name: String,
    page: String,
    expect: Expect,
}

fn corpus_dir() -> PathBuf {
    repo().join("tests/fixtures/corpus")
}

/// Every `*.md` of the corpus with its expectations, by name.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(corpus_dir()).expect("tests/fixtures/corpus exists") {
        let path = entry.expect("corpus entry").path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let page = std::fs::read_to_string(&path).expect("corpus page is UTF-8");
        let expect_path = path.with_extension("expect.toml");
        let text = std::fs::read_to_string(&expect_path)
            .unwrap_or_else(|_| panic!("{} has no {}", name, expect_path.display()));
        let expect: Expect =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
        assert!(
            !expect.present.is_empty() || !expect.once.is_empty(),
            "{name}: nothing expected"
        );
        cases.push(Case { name, page, expect });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(cases.len() >= 20, "corpus too small: {}", cases.len());
    cases
}

/// The page with `numero: n` added at the top of its YAML front matter.
fn numbered(case: &Case, n: usize) -> String {
    let rest = case.page.strip_prefix("---\n").unwrap_or_else(|| {
        panic!(
            "{}: the corpus pages start with YAML front matter",
            case.name
        )
    });
    assert!(
        !rest.contains("\nnumero:"),
        "{}: the test numbers the cases itself",
        case.name
    );
    format!("---\nnumero: {n}\n{rest}")
}

/// A candidate folder holding every case as a mission, plus the files they refer to.
fn candidate(cases: &[Case]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let logo = std::fs::read(repo().join("inputs/assets/logo-btssio.png")).expect("logo");
    Candidate::new(dir.path())
        .yaml(
            "nom: CORPUS\nprenom: Cas\nnumero_candidat: \"0351000001\"\noption: SISR\nmode: CCF\n\
             session: 2026\nportfolio: \"https://corpus.example.org\"\n",
        )
        .folder("missions")
        .file("assets/img/logo.png", logo)
        .file("assets/livrables/procedure.pdf", b"%PDF-1.4\n")
        .missions((cases.iter().enumerate()).map(|(i, case)| (&case.name, numbered(case, i + 1))));
    dir
}

/// Text of a PDF in the order Typst wrote it (`pdftotext -raw`): a wrapped table cell
/// stays in one piece, a word broken at a hyphen is not joined back (the layout modes
/// drop such hyphens), and emoji are kept (the layout modes drop their Type 3 glyphs).
fn reading_text(pdf: &Path) -> String {
    pdftotext(pdf, &["-raw"])
}

#[test]
fn every_corpus_case_prints_as_expected() {
    let cases = cases();
    let folder = candidate(&cases);
    let (out, o) = build(folder.path());
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    let package = out.path().join("0351000001_CORPUS_Cas");
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let pdf = package.join(format!("pro{}.pdf", i + 1));
        if !pdf.is_file() {
            failures.push(format!(
                "{}.md: no fiche pro{}.pdf (not an E5 mission, or skipped: see below)",
                case.name,
                i + 1
            ));
            continue;
        }
        let text = squeeze(&reading_text(&pdf));
        let mut problems = Vec::new();
        for want in &case.expect.present {
            if !text.contains(&squeeze(want)) {
                problems.push(format!("missing « {want} »"));
            }
        }
        for unwanted in &case.expect.absent {
            if text.contains(&squeeze(unwanted)) {
                problems.push(format!("should not print « {unwanted} »"));
            }
        }
        for want in &case.expect.once {
            let n = text.matches(&squeeze(want)).count();
            if n != 1 {
                problems.push(format!("« {want} » printed {n} times instead of once"));
            }
        }
        problems.extend(structure_problems(case));
        let messages = stderr(&o);
        // One message per paragraph: its text, then where (`--> missions/x.md:3:1`).
        let about_case: Vec<&str> = messages
            .split("\n\n")
            .filter(|m| m.contains(&format!("/{}.md:", case.name)))
            .collect();
        for want in &case.expect.warnings {
            if !about_case.iter().any(|l| l.contains(want.as_str())) {
                problems.push(format!("no message « {want} » about the page"));
            }
        }
        for unwanted in &case.expect.warnings_absent {
            if about_case.iter().any(|l| l.contains(unwanted.as_str())) {
                problems.push(format!("unexpected message « {unwanted} » about the page"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}.md (pro{}.pdf):\n    {}",
                case.name,
                i + 1,
                problems.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n{}\n\nbuild messages:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n"),
        stderr(&o)
    );
}

/// The converted Typst of a case (its body, as the pipeline converts a mission page)
/// checked against `typst` and `typst_absent`.
fn structure_problems(case: &Case) -> Vec<String> {
    let body = case
        .page
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(case.page.as_str(), |(_, body)| body);
    let markup = crate::common::render::convert(body).markup;
    let mut problems = Vec::new();
    for want in &case.expect.typst {
        if !markup.contains(want.as_str()) {
            problems.push(format!("converted Typst lacks « {want} »:\n{markup}"));
        }
    }
    for unwanted in &case.expect.typst_absent {
        if markup.contains(unwanted.as_str()) {
            problems.push(format!("converted Typst has « {unwanted} »:\n{markup}"));
        }
    }
    problems
}
