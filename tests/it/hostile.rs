//! Hostile input: a class whose candidates try Typst injection, path traversal, symlinks,
//! broken bytes, absurd sizes and odd names, with a canary file beside the class folder.
//! Each case asserts what the user sees (exit code, messages naming the file, PDF text,
//! zip entries), that the rest of the class is still built, that nothing panics, and that
//! the canary never reaches any output.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::common::*;

/// Written next to the class folder: must never appear in any output.
const CANARY: &str = "CANARI-7f3a9c2e-NE-DOIT-JAMAIS-SORTIR";

/// A valid mission page with `title`, `epreuve` and `extra` front matter lines.
fn mission(title: &str, epreuve: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2025-03-10\nepreuve: {epreuve}\ncontexte: formation\ncompetences: [patrimoine, incidents, presence_en_ligne, projet, service, developpement_pro, concevoir_infra, deployer_infra, exploiter_infra]\n{extra}---\n\n{body}\n"
    )
}

fn candidat(nom: &str, prenom: &str, numero: &str) -> String {
    format!(
        "nom: {nom}\nprenom: {prenom}\nnumero_candidat: \"{numero}\"\noption: SISR\nmode: CCF\nsession: 2026\n"
    )
}

/// A candidate folder with `candidat.yaml` and one ordinary E5+E6 mission.
fn candidate(class: &Path, dir: &str, yaml: &str) -> PathBuf {
    Candidate::new(class.join(dir))
        .yaml(yaml)
        .mission(
            "ordinaire",
            mission(
                "Mission ordinaire",
                "[E5, E6]",
                "",
                "Texte ordinaire de la mission.",
            ),
        )
        .done()
}

fn png() -> Vec<u8> {
    fs::read(repo().join("inputs/assets/logo-btssio.png")).unwrap()
}

/// Everything the tests look at, built once.
struct Hostile {
    _root: tempfile::TempDir,
    root: PathBuf,
    /// The hostile class (every case that must still be built).
    class: PathBuf,
    out: PathBuf,
    run: Output,
    /// A class with a candidate folder that is a symlink leaving the class.
    escape_class: PathBuf,
    escape_out: PathBuf,
    escape_run: Output,
}

fn hostile() -> &'static Hostile {
    static ONCE: OnceLock<Hostile> = OnceLock::new();
    ONCE.get_or_init(make_hostile)
}

fn make_hostile() -> Hostile {
    let tmp = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(tmp.path()).unwrap();
    write(&root.join("canari.txt"), format!("{CANARY}\n"));
    write(&root.join("canari.png"), png());
    write(
        &root.join("canari-page.md"),
        mission(CANARY, "E5", "", CANARY),
    );
    let class = root.join("classe");
    let canary_path = root.join("canari.txt");
    let canary_url = format!("file://{}", canary_path.display());

    // Typst code everywhere a student writes text.
    let c = candidate(
        &class,
        "injection",
        "nom: \"#read(\\\"/etc/passwd\\\")\"\nprenom: \"]#set page(fill: red)[\"\nnumero_candidat: \"0351200001\"\noption: SISR\nmode: CCF\nsession: 2026\norganisation: \"#panic()\"\n",
    );
    write(
        &c.join("missions/code.md"),
        mission(
            "\"#panic(\\\"titre\\\")\"",
            "[E5, E6]",
            "ressources: [\"#include \\\"/candidat.yaml\\\"\", \"$x^2$\"]\n",
            "Avant #read(\"/etc/passwd\") puis ]#set page(fill: red)[ et #panic() et $x$ et <etiquette> @ref fin.\n\n# #panic(\"titre corps\")\n\n- #import \"/candidat.yaml\": *\n",
        ),
    );

    // Paths leaving the folder: `..`, absolute, file://, symlinks; in front matter, images
    // and links.
    let c = candidate(
        &class,
        "chemins",
        &candidat("CHEMINS", "Paul", "0351200002"),
    );
    write(&c.join("assets/img/vrai.png"), png());
    std::os::unix::fs::symlink(root.join("canari.png"), c.join("assets/img/dehors.png")).unwrap();
    std::os::unix::fs::symlink(&canary_path, c.join("assets/dehors.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("canari-page.md"), c.join("missions/lien.md")).unwrap();
    // SVGs that link a file outside the folder, or declare an external entity.
    write(
        &c.join("assets/img/liee.svg"),
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"><image href=\"../../../canari.png\" width=\"20\" height=\"20\"/><image href=\"{canary_url}\"/></svg>"
        ),
    );
    write(
        &c.join("assets/img/entite.svg"),
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [ <!ENTITY x SYSTEM \"file://{}\"> ]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"40\"><text x=\"5\" y=\"20\">&x;</text></svg>",
            canary_path.display()
        ),
    );
    // An image whose bytes are not what its name says (damaged PNG).
    write(
        &c.join("assets/img/abimee.png"),
        b"\x89PNG\r\n\x1a\npas une image",
    );
    write(
        &c.join("missions/images.md"),
        mission(
            "Images piégées",
            "E6",
            "",
            "![liee](/assets/img/liee.svg)\n\n![entite](/assets/img/entite.svg)\n\n![abimee](/assets/img/abimee.png)\n",
        ),
    );
    write(
        &c.join("missions/traversee.md"),
        mission(
            "Traversée",
            "[E5, E6]",
            &format!(
                "img: ../../canari.txt\nlivrables: [\"../../canari.txt\", \"/etc/passwd\", \"{canary_url}\", \"/assets/dehors.txt\"]\n"
            ),
            &format!(
                "Images :\n\n![a](../../canari.txt)\n\n![b](/etc/passwd)\n\n![c]({canary_url})\n\n![d](/assets/img/dehors.png)\n\n![e](../../../canari.png)\n\n![vraie](/assets/img/vrai.png)\n\nLiens : [l1](../../canari.txt), [l2]({canary_url}), [l3](/assets/dehors.txt), [l4](../../../canari.txt).\n"
            ),
        ),
    );

    // A zero-byte page.
    let c = candidate(&class, "vide", &candidat("VIDE", "Zoé", "0351200003"));
    write(&c.join("missions/vide.md"), b"");
    // A named pipe where a page is expected: opening it would block for ever.
    make_fifo(&c.join("missions/tube.md"));
    // Livrables named like the files the tool produces.
    write(&c.join("dossier-E5.pdf"), "faux dossier");
    write(&c.join("manifest.json"), "{}");
    write(&c.join("sources/dossier-e5/_sio/data.json"), "{}");
    write(
        &c.join("missions/homonymes.md"),
        mission(
            "Homonymes",
            "E5",
            "livrables: [/dossier-E5.pdf, /manifest.json]\n",
            "Voir [les données](/sources/dossier-e5/_sio/data.json).",
        ),
    );

    // Invalid UTF-8 in the front matter.
    let c = candidate(&class, "octets", &candidat("OCTETS", "Léa", "0351200004"));
    let mut bytes = b"---\ntitle: Caf\xe9 \xab d\xe9pannage \xbb\n".to_vec();
    bytes.extend_from_slice(
        mission("x", "E5", "", "Corps en UTF-8 : déjà vu.")
            .trim_start_matches("---\ntitle: x\n")
            .as_bytes(),
    );
    write(&c.join("missions/octets.md"), bytes);

    // A 100-level nested list.
    let c = candidate(&class, "liste", &candidat("LISTE", "Noé", "0351200005"));
    let list: String = (0..100)
        .map(|i| format!("{}- niveau{i}\n", "  ".repeat(i)))
        .collect();
    write(
        &c.join("missions/liste.md"),
        mission("Liste profonde", "E5", "", &list),
    );

    // A 5 MB single-line paragraph: over the 2 MB page limit.
    let c = candidate(&class, "enorme", &candidat("ENORME", "Max", "0351200006"));
    write(
        &c.join("missions/enorme.md"),
        mission("Énorme", "E5", "", &"mot ".repeat(5 * 1024 * 1024 / 4)),
    );
    // An image over the 20 MB limit (sparse: nothing is really written).
    write(
        &c.join("missions/image.md"),
        mission("Grande image", "E5", "", "![photo](/assets/img/gros.png)\n"),
    );
    let big = fs::File::create({
        fs::create_dir_all(c.join("assets/img")).unwrap();
        c.join("assets/img/gros.png")
    })
    .unwrap();
    big.set_len(21 * 1024 * 1024).unwrap();

    // Names with `/`, `..`, quotes, and Arabic script.
    candidate(
        &class,
        "noms",
        "nom: \"../../etc/passwd\"\nprenom: \"Yūsuf \\\"l'ancien\\\" / يوسف\"\nnumero_candidat: \"0351200007\"\noption: SISR\nmode: CCF\nsession: 2026\n",
    );

    // Two candidates with the same number.
    let c = candidate(
        &class,
        "double-a",
        &candidat("DOUBLE", "Anna", "0351299999"),
    );
    // Two realisations with the same number, one with number 0.
    for (name, numero) in [("un", "1"), ("deux", "1"), ("zero", "0")] {
        write(
            &c.join(format!("missions/{name}.md")),
            mission(
                &format!("Réalisation {name}"),
                "E5",
                &format!("numero: {numero}\n"),
                "x",
            ),
        );
    }
    candidate(&class, "double-b", &candidat("DOUBLE", "Bob", "0351299999"));

    write(
        &class.join("classe.yaml"),
        "session: 2026\ncentre: \"0352741K\"\ncandidats:\n  - injection\n  - chemins\n  - vide\n  - octets\n  - liste\n  - enorme\n  - noms\n  - double-a\n  - double-b\n",
    );
    let out = root.join("sortie");
    let run = run_class(&class, &out);

    // A class whose candidate folder is a symlink to a folder outside the class (that
    // holds a candidat.yaml and, beside it, the canary).
    let escape_class = root.join("classe-evasion");
    candidate(
        &escape_class,
        "normal",
        &candidat("NORMAL", "Eve", "0351200010"),
    );
    let outside = root.join("dehors");
    candidate(&root, "dehors", &candidat("DEHORS", "Ian", "0351200011"));
    write(
        &outside.join("missions/canari.md"),
        mission(CANARY, "E5", "", CANARY),
    );
    std::os::unix::fs::symlink(&outside, escape_class.join("evade")).unwrap();
    write(
        &escape_class.join("classe.yaml"),
        "session: 2026\ncandidats: [normal, evade]\n",
    );
    let escape_out = root.join("sortie-evasion");
    let escape_run = run_class(&escape_class, &escape_out);

    Hostile {
        _root: tmp,
        root,
        class,
        out,
        run,
        escape_class,
        escape_out,
        escape_run,
    }
}

/// `sio-dossier class <class> -o <out>`, with backtraces on (a panic would show).
fn run_class(class: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args([
            "class",
            class.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .env("RUST_BACKTRACE", "1")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap()
}

fn check(folder: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(["check", folder.to_str().unwrap()])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap()
}

/// The package folder of a candidate (`<numero>_…`).
fn package(out: &Path, numero: &str) -> PathBuf {
    let found: Vec<PathBuf> = fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{numero}_"))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one package for {numero} in {}",
        out.display()
    );
    found.into_iter().next().unwrap()
}

/// The text of both dossiers of a candidate.
fn dossier_text(out: &Path, numero: &str) -> String {
    let dir = package(out, numero);
    let mut text = String::new();
    for pdf in ["dossier-E5.pdf", "dossier-E6.pdf"] {
        text.push_str(&pdf_text(&dir.join(pdf)));
    }
    text
}

/// Every diagnostic block of stderr (blank-line separated) that mentions `needle`.
fn blocks_with<'a>(stderr: &'a str, needle: &str) -> Vec<&'a str> {
    stderr
        .split("\n\n")
        .filter(|b| b.contains(needle))
        .collect()
}

fn assert_block(stderr: &str, needles: &[&str]) {
    let ok = stderr
        .split("\n\n")
        .any(|b| needles.iter().all(|n| b.contains(n)));
    assert!(ok, "no diagnostic with all of {needles:?} in:\n{stderr}");
}

#[test]
fn the_class_is_built_whatever_its_candidates_contain() {
    let h = hostile();
    let err = stderr(&h.run);
    // Errors were printed (paths refused, a number shared): exit 1, every package written.
    assert_eq!(h.run.status.code(), Some(1), "{err}");
    for numero in [
        "0351200001",
        "0351200002",
        "0351200003",
        "0351200004",
        "0351200005",
        "0351200006",
        "0351200007",
        "0351299999",
    ] {
        let zips: Vec<_> = fs::read_dir(&h.out)
            .unwrap()
            .flatten()
            .filter(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(numero) && n.ends_with(".zip")
            })
            .collect();
        let expected = if numero == "0351299999" { 2 } else { 1 };
        assert_eq!(zips.len(), expected, "zip(s) of {numero}: {err}");
    }
    assert!(h.out.join("rapport-classe.pdf").is_file());
}

#[test]
fn nothing_panics() {
    let h = hostile();
    let sample_out = tempfile::tempdir().unwrap();
    let sample = run_class(&fixture_class(), sample_out.path());
    // The fixture class's one error (dubois-chloe's bloc 2): exit 1, nothing panics.
    assert_eq!(sample.status.code(), Some(1), "{}", stderr(&sample));
    for run in [&h.run, &h.escape_run, &sample] {
        let err = stderr(run);
        assert!(!err.contains("panicked"), "{err}");
        assert!(!err.contains("RUST_BACKTRACE"), "{err}");
    }
    for dir in fs::read_dir(&h.class).unwrap().flatten() {
        if !dir.path().is_dir() {
            continue;
        }
        let o = check(&dir.path());
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    }
}

#[test]
fn typst_code_is_printed_literally() {
    let h = hostile();
    let text = dossier_text(&h.out, "0351200001");
    let flat = flat(&text);
    for literal in [
        "#read(\"/etc/passwd\")",
        "]#set page(fill: red)[",
        "#panic()",
        "#panic(\"titre\")",
        "#panic(\"titre corps\")",
        "#include \"/candidat.yaml\"",
        "$x^2$",
        "<etiquette> @ref",
        "#import \"/candidat.yaml\": *",
    ] {
        assert!(
            flat.contains(literal),
            "{literal:?} not printed literally:\n{flat}"
        );
    }
    assert!(!text.contains("root:x:0:0"), "/etc/passwd was read");
    let o = check(&h.class.join("injection"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn paths_leaving_the_folder_are_refused_and_named() {
    let h = hostile();
    let err = stderr(&h.run);
    let file = "chemins/missions/traversee.md";
    assert_block(
        &err,
        &[
            "image de la page",
            "../../canari.txt",
            "sort du dossier",
            file,
        ],
    );
    assert_block(
        &err,
        &["livrable", "../../canari.txt", "sort du dossier", file],
    );
    assert_block(&err, &["livrable", "file://", "adresse", file]);
    assert_block(
        &err,
        &["livrable", "/assets/dehors.txt", "lien symbolique", file],
    );
    assert_block(&err, &["livrable", "/etc/passwd", "introuvable", file]);
    assert_block(&err, &["image refusée", "../../canari.txt", file]);
    assert_block(&err, &["/etc/passwd", "pas une image lisible", file]);
    assert_block(
        &err,
        &[
            "lien",
            "../../canari.txt",
            "sort du dossier",
            &format!("{file}:25:14"),
        ],
    );
    assert_block(
        &err,
        &["lien", "file://", "adresse", &format!("{file}:25:38")],
    );
    assert_block(&err, &["image refusée", "file:", file]);
    assert_block(
        &err,
        &[
            "image absente",
            "/assets/img/dehors.png",
            "lien symbolique",
            file,
        ],
    );
    assert_block(&err, &["image refusée", "../../../canari.png", file]);
    assert_block(
        &err,
        &["lien", "../../../canari.txt", "sort du dossier", file],
    );
    assert_block(
        &err,
        &["lien", "/assets/dehors.txt", "lien symbolique", file],
    );
    assert_block(
        &err,
        &["erreur", "chemins/missions/lien.md", "lien symbolique"],
    );
    let images = "chemins/missions/images.md";
    assert_block(
        &err,
        &[
            "liee.svg",
            "cite un fichier",
            "../../../canari.png",
            &format!("{images}:9:1"),
        ],
    );
    assert_block(
        &err,
        &["entite.svg", "entités XML", &format!("{images}:11:1")],
    );
    assert_block(
        &err,
        &[
            "abimee.png",
            "pas une image utilisable",
            &format!("{images}:13:1"),
        ],
    );
    // The candidate is built, with the image that is really there.
    let dir = package(&h.out, "0351200002");
    let flat = flat(&pdf_text(&dir.join("dossier-E5.pdf")));
    assert!(flat.contains("Traversée"), "{flat}");
    let zip = h.out.join(format!(
        "{}.zip",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let entries = zip_entries(&zip);
    assert!(
        !entries
            .iter()
            .any(|e| e.contains("canari") || e.contains("dehors") || e.contains("passwd")),
        "{entries:?}"
    );
    // `check` says the same, and fails: a livrable outside the folder is an error.
    let o = check(&h.class.join("chemins"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_block(
        &stderr(&o),
        &[
            "erreur",
            "livrable",
            "../../canari.txt",
            "missions/traversee.md",
        ],
    );
}

#[test]
fn the_canary_never_reaches_any_output() {
    let h = hostile();
    let mut checked = 0;
    for out in [&h.out, &h.escape_out] {
        for entry in walk(out) {
            checked += 1;
            assert_no_canary(&entry, &fs::read(&entry).unwrap());
            if entry.extension().is_some_and(|e| e == "zip") {
                let mut archive = zip::ZipArchive::new(fs::File::open(&entry).unwrap()).unwrap();
                for i in 0..archive.len() {
                    let mut f = archive.by_index(i).unwrap();
                    let name = f.name().to_string();
                    let mut bytes = Vec::new();
                    f.read_to_end(&mut bytes).unwrap();
                    let inner = h.root.join("zip-entry.tmp");
                    fs::write(&inner, &bytes).unwrap();
                    assert_no_canary(&entry.join(&name), &bytes);
                    if name.ends_with(".pdf") {
                        assert!(!pdf_text(&inner).contains(CANARY), "{name}");
                    }
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} files looked at");
    for run in [&h.run, &h.escape_run] {
        assert!(!stderr(run).contains(CANARY));
        assert!(!stdout(run).contains(CANARY));
    }
}

fn assert_no_canary(path: &Path, bytes: &[u8]) {
    let found = bytes.windows(CANARY.len()).any(|w| w == CANARY.as_bytes());
    assert!(!found, "the canary leaked into {}", path.display());
    if path.extension().is_some_and(|e| e == "pdf") && path.is_file() {
        assert!(
            !pdf_text(path).contains(CANARY),
            "canary in {}",
            path.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_candidate_folder_symlinked_outside_the_class_is_refused() {
    let h = hostile();
    let err = stderr(&h.escape_run);
    assert_eq!(h.escape_run.status.code(), Some(1), "{err}");
    assert_block(&err, &["erreur", "classe.yaml", "evade", "lien symbolique"]);
    assert!(
        only_zip_named(&h.escape_out, "0351200010_NORMAL_Eve.zip"),
        "the other candidate is built: {err}"
    );
    assert!(
        !fs::read_dir(&h.escape_out)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("0351200011")),
        "the folder outside the class was built"
    );
    let o = check(&h.escape_class);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_block(&stderr(&o), &["classe.yaml", "evade", "lien symbolique"]);
}

fn only_zip_named(out: &Path, name: &str) -> bool {
    let zips: Vec<String> = fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    zips == [name]
}

#[test]
fn a_zero_byte_page_is_skipped_with_a_warning() {
    let h = hostile();
    assert_block(
        &stderr(&h.run),
        &["attention", "page vide", "vide/missions/vide.md"],
    );
    assert_block(
        &stderr(&h.run),
        &[
            "erreur",
            "vide/missions/tube.md",
            "pas un fichier ordinaire",
        ],
    );
    let text = dossier_text(&h.out, "0351200003");
    assert!(flat(&text).contains("Mission ordinaire"));
    let o = check(&h.class.join("vide"));
    // An empty page is a warning; the named pipe an error.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_block(&stderr(&o), &["page vide", "missions/vide.md"]);
}

#[test]
fn files_named_like_produced_ones_are_not_bundled() {
    let h = hostile();
    let err = stderr(&h.run);
    for name in [
        "/dossier-E5.pdf",
        "/manifest.json",
        "/sources/dossier-e5/_sio/data.json",
    ] {
        assert_block(
            &err,
            &["livrable non joint", name, "nom d'un fichier produit"],
        );
    }
    let dir = package(&h.out, "0351200003");
    assert!(pdf_text(&dir.join("dossier-E5.pdf")).contains("Homonymes"));
    assert_ne!(fs::read_to_string(dir.join("manifest.json")).unwrap(), "{}");
}

#[test]
fn invalid_utf8_in_the_front_matter_is_decoded_with_a_warning() {
    let h = hostile();
    assert_block(
        &stderr(&h.run),
        &["attention", "octets/missions/octets.md", "Windows-1252"],
    );
    let text = flat(&dossier_text(&h.out, "0351200004"));
    assert!(text.contains("Café « dépannage »"), "{text}");
    assert!(text.contains("déjà vu"), "{text}");
    assert!(!text.contains('\u{fffd}'));
}

#[test]
fn a_hundred_level_list_is_built_with_every_item() {
    let h = hostile();
    let text = flat(&dossier_text(&h.out, "0351200005"));
    for i in [0, 1, 10, 50, 99] {
        assert!(text.contains(&format!("niveau{i}")), "niveau{i} missing");
    }
    assert!(
        blocks_with(&stderr(&h.run), "liste/")
            .iter()
            .all(|b| !b.contains("erreur"))
    );
}

#[test]
fn a_page_over_2_mb_and_an_image_over_20_mb_are_refused_by_name() {
    let h = hostile();
    let err = stderr(&h.run);
    assert_block(
        &err,
        &[
            "erreur",
            "enorme/missions/enorme.md",
            "trop gros",
            "la limite est 2 Mo",
        ],
    );
    assert_block(
        &err,
        &[
            "enorme/missions/image.md",
            "/assets/img/gros.png",
            "trop gros",
            "21 Mo",
            "20 Mo",
        ],
    );
    let text = flat(&dossier_text(&h.out, "0351200006"));
    assert!(text.contains("Mission ordinaire") && text.contains("Grande image"));
    assert!(!text.contains("mot mot mot"));
    let o = check(&h.class.join("enorme"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn odd_names_give_safe_readable_file_names() {
    let h = hostile();
    let dir = package(&h.out, "0351200007");
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, "0351200007_etcpasswd_Yūsuf-lancien-يوسف");
    assert_eq!(
        dir.parent().unwrap(),
        h.out,
        "the package stays in the output folder"
    );
    assert!(h.out.join(format!("{name}.zip")).is_file());
    let entries = zip_entries(&h.out.join(format!("{name}.zip")));
    assert!(
        entries
            .iter()
            .all(|e| e.starts_with(&format!("{name}/")) && !e.contains(".."))
    );
    let text = flat(&dossier_text(&h.out, "0351200007"));
    assert!(
        text.contains("../../etc/passwd"),
        "name printed literally: {text}"
    );
    assert!(text.contains("Yūsuf \"l'ancien\""), "{text}");
    assert!(text.contains("يوسف"), "Arabic name printed: {text}");
    assert!(!Path::new("/etc/passwd_Yūsuf").exists());
}

#[test]
fn two_candidates_with_the_same_number_are_both_flagged_and_built() {
    let h = hostile();
    let err = stderr(&h.run);
    for who in ["double-a", "double-b"] {
        assert_block(
            &err,
            &[
                "erreur",
                "numéro de candidat 0351299999 en double",
                "double-a, double-b",
                &format!("{who}/candidat.yaml:3"),
            ],
        );
    }
    for name in ["0351299999_DOUBLE_Anna.zip", "0351299999_DOUBLE_Bob.zip"] {
        assert!(h.out.join(name).is_file(), "{name}");
    }
    let o = check(&h.class);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_block(&stderr(&o), &["en double", "double-b/candidat.yaml:3"]);
}

#[test]
fn more_than_200_missions_are_refused_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let c = candidate(
        tmp.path(),
        "beaucoup",
        &candidat("BEAUCOUP", "Ana", "0351200020"),
    );
    for i in 0..205 {
        write(
            &c.join(format!("missions/m{i:03}.md")),
            mission(&format!("Mission {i}"), "E5", "", "x"),
        );
    }
    let o = check(&c);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_block(
        &err,
        &[
            "erreur",
            "206 missions",
            "limite de 200",
            "beaucoup/missions",
        ],
    );
}

#[test]
fn a_named_pipe_does_not_hang_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let c = candidate(tmp.path(), "tube", &candidat("TUBE", "Ana", "0351200021"));
    make_fifo(&c.join("missions/tube.md"));
    let o = check(&c);
    assert_block(
        &stderr(&o),
        &["missions/tube.md", "pas un fichier ordinaire"],
    );
}

/// The world refuses, in the generated code itself, what escapes the folder.
#[test]
fn the_typst_world_reads_nothing_outside_the_candidate_folder() {
    use sio_dossier::input::Confined;
    use sio_dossier::render::{Engine, RenderJob};

    let h = hostile();
    let folder = Confined::new(&h.class.join("chemins")).unwrap();
    let engine = Engine::new(
        &[(
            "essai.typ".to_string(),
            "#include \"/missions/corps.typ\"".to_string(),
        )],
        &[],
    );
    for (body, expected) in [
        ("#read(\"/assets/dehors.txt\")", "lien symbolique"),
        ("#read(\"/../canari.txt\")", ""),
        ("#read(\"../../canari.txt\")", ""),
        ("#image(\"/assets/img/dehors.png\")", "lien symbolique"),
        ("#read(\"/etc/passwd\")", "not found"),
    ] {
        let mut sources = std::collections::HashMap::new();
        sources.insert(
            "/missions/corps.typ".to_string(),
            PathBuf::from("missions/traversee.md"),
        );
        let job = RenderJob {
            template: "essai.typ",
            data: b"{}".to_vec(),
            bodies: vec![("/missions/corps.typ".into(), body.into())],
            files: Vec::new(),
            body_sources: sources,
            folder: &folder,
            today: None,
            ident: "essai".into(),
        };
        match engine.compile(&job) {
            Ok(r) => {
                let pdf = r.pdf().unwrap();
                let path = h.root.join("essai.pdf");
                fs::write(&path, pdf).unwrap();
                panic!("{body} compiled: {}", pdf_text(&path));
            }
            Err(e) => {
                let text = e.to_string();
                assert!(!text.contains(CANARY), "{text}");
                assert!(text.contains(expected), "{body}: {text}");
                assert!(
                    e.problems
                        .iter()
                        .all(|p| p.file.as_deref() == Some(Path::new("missions/traversee.md"))),
                    "{body}: placed in the Markdown page: {:?}",
                    e.problems
                );
                assert!(!text.contains("/_sio"), "{text}");
            }
        }
    }
}

/// Diagnostics of the hostile class, by file, for a quick look when a test fails.
#[allow(dead_code)]
fn by_file(stderr: &str) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in stderr.split("\n\n") {
        if let Some(line) = block.lines().find(|l| l.trim_start().starts_with("-->")) {
            map.entry(line.trim().to_string())
                .or_default()
                .push(block.lines().next().unwrap_or("").to_string());
        }
    }
    map
}

#[test]
fn realisation_numbers_never_collide() {
    let h = hostile();
    let err = stderr(&h.run);
    assert_block(
        &err,
        &[
            "attention",
            "numéro de réalisation 1 déjà pris par « missions/deux.md »",
            "double-a/missions/un.md:7:1",
        ],
    );
    assert_block(
        &err,
        &[
            "numéro de réalisation « 0 » invalide",
            "double-a/missions/zero.md:7:9",
        ],
    );
    let zip = h.out.join("0351299999_DOUBLE_Anna.zip");
    let entries = zip_entries(&zip);
    for n in 1..=4 {
        let name = format!("0351299999_DOUBLE_Anna/pro{n}.pdf");
        assert!(entries.contains(&name), "{name}: {entries:?}");
    }
}
