//! `sio-dossier check`: every problem a build would meet, printed like a compiler does
//! (severity, French message, file:line:col, the line with a caret, a hint), as JSON for
//! tools, with documented exit codes; `build` prints the same diagnostics the same way.
//! Also: a Typst error in a generated document names the Markdown page or the template.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

/// Every bloc 1 competence and the SISR bloc 2 (what the two E6 réalisations must cover).
const FULL_E6: &str = "[patrimoine, incidents, presence_en_ligne, projet, service, developpement_pro, concevoir_infra, deployer_infra, exploiter_infra]";
/// Every bloc 1 competence but « projet ».
const NO_PROJET: &str = "[patrimoine, incidents, presence_en_ligne, service, developpement_pro]";

/// A candidate with one defect of each kind `check` knows.
fn faulty() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let mut latin1 =
        format!("---\ntitle: Latin\ndate: 2025-03-10\nepreuve: E5\ncontexte: formation\ncompetences: {NO_PROJET}\n---\n\n")
            .into_bytes();
    latin1.extend_from_slice(b"Mise \xe0 jour du serveur.\n");
    let c = Candidate::new(tmp.path().join("fautif"))
        .yaml("nom: FAUTIF\nprenom: Jean\noption: SISR\nmode: CCF\nsession: 2026\n")
        .mission(
            "yaml-casse",
            "---\ntitle: Cassé\ncompetences: [service, projet\n---\ncorps\n",
        )
        .mission(
            "toml-casse",
            "+++\ntitle = \"Cassé\"\ndate = = 3\n+++\ncorps\n",
        )
        .mission(
            "cles",
            "---\ntitle: Clés\ndate: 32/13/2025\nepreuve: [E5, E6]\ncontexte: formation\ncompetences: [incidant, service]\ncompetence: projet\nimg: /assets/img/absente.png\nlivrables: [/assets/livrables/absent.pdf]\n---\n\nTexte.\n\n![schéma](/assets/img/schema-absent.png)\n\nVoir [la procédure](/assets/livrables/procedure-absente.pdf).\n",
        )
        .mission("sans-rien", "Juste du texte, sans en-tête.\n")
        .mission(
            "brouillon",
            "---\ntitle: Brouillon\ndraft: true\n---\ntexte\n",
        )
        .mission("latin1", latin1)
        .mission(
            "ancien",
            format!(
                "---\ntitle: Ancienne situation professionnelle\ndate: 2025-03-11\nepreuve: E5\ncontexte: formation\ncompetences: {NO_PROJET}\n---\n\nActivités A1.1.1 et C1.1.1.2, vues en PPE.\n\nMon portefeuille de compétences.\n"
            ),
        )
        .done();
    (tmp, c)
}

fn check(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .arg("check")
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap()
}

/// The diagnostic blocks of stderr (a blank line after each).
fn blocks(stderr: &str) -> Vec<&str> {
    stderr
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect()
}

fn block<'a>(stderr: &'a str, needles: &[&str]) -> &'a str {
    blocks(stderr)
        .into_iter()
        .find(|b| needles.iter().all(|n| b.contains(n)))
        .unwrap_or_else(|| panic!("no diagnostic with all of {needles:?} in:\n{stderr}"))
}

#[test]
fn check_reports_every_kind_of_problem_with_its_place() {
    let (_tmp, c) = faulty();
    let dir = c.to_str().unwrap();
    let o = check(&[dir]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "errors → exit 1:\n{err}");
    assert!(!err.contains("panicked"));
    let f = |rel: &str| format!("{dir}/{rel}");

    // YAML syntax: line and column, the line shown.
    let b = block(
        &err,
        &["erreur", "en-tête YAML invalide", "la page est ignorée"],
    );
    assert!(b.contains(&f("missions/yaml-casse.md:4:")), "{b}");
    // TOML syntax.
    let b = block(&err, &["erreur", "en-tête TOML invalide"]);
    assert!(b.contains(&f("missions/toml-casse.md:3:")), "{b}");
    assert!(b.contains("3 | date = = 3"), "{b}");
    // Unknown key, with « vouliez-vous dire … ».
    let b = block(&err, &["clé inconnue « competence »"]);
    assert!(b.contains(&f("missions/cles.md:7:1")), "{b}");
    assert!(
        b.contains("conseil: vouliez-vous dire « competences » ?"),
        "{b}"
    );
    // Unknown competence code, with the closest one, the caret under it.
    let b = block(&err, &["compétence inconnue « incidant »"]);
    assert!(b.contains(&f("missions/cles.md:6:15")), "{b}");
    assert!(b.contains("6 | competences: [incidant, service]"), "{b}");
    assert!(b.contains("^^^^^^^^"), "{b}");
    assert!(b.contains("vouliez-vous dire « incidents » ?"), "{b}");
    // A date that does not parse.
    let b = block(&err, &["date « 32/13/2025 » illisible"]);
    assert!(b.contains(&f("missions/cles.md:3:7")), "{b}");
    assert!(b.contains("2025-03-10"), "hint with the expected form: {b}");
    // Missing assets: front matter image, body image, livrable, linked file.
    let b = block(&err, &["image de la page", "/assets/img/absente.png"]);
    assert!(b.contains(&f("missions/cles.md:8:6")), "{b}");
    let b = block(&err, &["image absente", "/assets/img/schema-absent.png"]);
    assert!(b.contains(&f("missions/cles.md:14:1")), "{b}");
    assert!(
        b.contains("vérifiez le nom (majuscules comprises)"),
        "a missing image gets the hint on names: {b}"
    );
    let b = block(
        &err,
        &["livrable", "/assets/livrables/absent.pdf", "introuvable"],
    );
    assert!(b.contains(&f("missions/cles.md:9:")), "{b}");
    let b = block(&err, &["lien", "procedure-absente.pdf", "introuvable"]);
    assert!(b.contains(&f("missions/cles.md:16:")), "{b}");
    // Missing fields, each named.
    let sans = f("missions/sans-rien.md");
    for needle in [
        "pas de titre (title) : le nom du fichier est retenu (« sans-rien »)",
        "pas de date (date)",
        "pas d'épreuve (epreuve)",
        "aucune compétence (competences)",
    ] {
        assert!(block(&err, &[needle]).contains(&sans), "{needle}");
    }
    let b = block(&err, &["numéro de candidat absent"]);
    assert!(
        b.contains(&f("candidat.yaml")) && b.contains("conseil"),
        "{b}"
    );
    // Draft: info. Encoding repaired: warning at the first repaired character.
    let b = block(&err, &["info", "brouillon (draft: true)"]);
    assert!(b.contains(&f("missions/brouillon.md:3:1")), "{b}");
    let b = block(&err, &["attention", "Windows-1252"]);
    assert!(b.contains(&f("missions/latin1.md:9:6")), "{b}");
    assert!(
        b.contains("Mise à jour du serveur."),
        "decoded text shown: {b}"
    );
    // Readiness: fewer than two E6 realisations, bloc 1 competences covered by nothing.
    block(
        &err,
        &[
            "attention",
            "1 réalisation(s) pour l'épreuve E6 : il en faut deux",
        ],
    );
    let b = block(
        &err,
        &["« Travailler en mode projet » couverte par aucune réalisation"],
    );
    assert!(b.contains("conseil: ajoutez « projet »"), "{b}");
    // Signs of the 2011 référentiel, placed.
    let ancien = f("missions/ancien.md");
    let b = block(&err, &["« situation professionnelle »"]);
    assert!(b.contains(&format!("{ancien}:2:17")), "{b}");
    assert!(b.contains("réalisation professionnelle"), "{b}");
    let b = block(&err, &["« A1.1.1 »", "référentiel de 2011", "2 fois"]);
    assert!(b.contains(&format!("{ancien}:9:11")), "{b}");
    let b = block(&err, &["« PPE »"]);
    assert!(b.contains(&format!("{ancien}:9:39")), "{b}");
    let b = block(&err, &["« portefeuille de compétences »"]);
    assert!(b.contains(&format!("{ancien}:11:5")), "{b}");
    // The closing count.
    assert!(
        err.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with(&format!("vérification de « {dir} » : 2 erreurs, ")),
        "{err}"
    );
    // Nothing was written.
    assert!(
        !Path::new("out")
            .join("sans-numero_FAUTIF_Jean.zip")
            .exists()
    );
}

#[test]
fn json_is_one_document_with_counts() {
    let (_tmp, c) = faulty();
    let dir = c.to_str().unwrap();
    let o = check(&[dir, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let list = v["diagnostics"].as_array().unwrap();
    let count = |s: &str| list.iter().filter(|d| d["severity"] == s).count();
    assert_eq!(v["counts"]["error"], count("error"));
    assert_eq!(v["counts"]["warning"], count("warning"));
    assert_eq!(v["counts"]["info"], count("info"));
    assert_eq!(count("error"), 2);
    let d = list
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("« incidant »"))
        .unwrap();
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], format!("{dir}/missions/cles.md"));
    assert_eq!(d["line"], 6);
    assert_eq!(d["column"], 15);
    assert_eq!(d["hint"], "vouliez-vous dire « incidents » ?");
}

#[test]
fn exit_codes() {
    // A clean candidate: 0, and only the count is printed.
    let tmp = tempfile::tempdir().unwrap();
    let mut propre = Candidate::new(tmp.path().join("propre")).yaml(
        "nom: PROPRE\nprenom: Ana\nnumero_candidat: \"0351200100\"\noption: SISR\nmode: CCF\nsession: 2026\n",
    );
    for (i, name) in ["a", "b"].iter().enumerate() {
        propre = propre
            .file(
                &format!("epreuves/e{}.md", i + 5),
                format!("---\ntitle: Épreuve {}\n---\ntexte\n", i + 5),
            )
            .mission(
                name,
                format!(
                    "---\ntitle: Mission {name}\ndate: 2025-03-1{i}\nepreuve: [E5, E6]\ncontexte: formation\nmodalite: seul\ncompetences: {FULL_E6}\n---\ntexte\n"
                ),
            );
    }
    let c = propre.done();
    let o = check(&[c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .trim()
            .ends_with("0 erreur, 0 avertissement, 0 information"),
        "{}",
        stderr(&o)
    );
    // Warnings only: still 0.
    write(&c.join("missions/c.md"), "texte sans en-tête\n");
    let o = check(&[c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("attention"));
    // Usage errors: 2.
    let o = check(&["/nonexistent/dossier"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("n'est pas un dossier de candidat ni de classe"));
    let o = check(&[c.to_str().unwrap(), "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn missing_identity_fields_are_errors_one_by_one() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("anonyme");
    write(&c.join("candidat.yaml"), "mode: CCF\n");
    let o = check(&[c.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for key in ["nom", "prenom", "option"] {
        let b = block(
            &err,
            &[&format!("champ obligatoire « {key} » absent ou vide")],
        );
        assert!(b.contains("candidat.yaml"), "{b}");
        assert!(
            b.contains(&format!("ajoutez une ligne « {key}: … »")),
            "{b}"
        );
    }
    block(&err, &["champ « session » absent", "session: 2026"]);
    // No candidat.yaml at all.
    fs::remove_file(c.join("candidat.yaml")).unwrap();
    fs::create_dir_all(c.join("missions")).unwrap();
    let o = check(&[c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    block(
        &stderr(&o),
        &["fichier « candidat.yaml » absent", "créez-le"],
    );
}

#[test]
fn build_prints_the_same_diagnostics_as_check() {
    let (_tmp, c) = faulty();
    let out = tempfile::tempdir().unwrap();
    let dir = c.to_str().unwrap();
    let checked = stderr(&check(&[dir]));
    let built = run(&["build", dir, "-o", out.path().to_str().unwrap()]);
    let built_err = stderr(&built);
    // Errors are printed: exit 1, the package written all the same.
    assert_eq!(built.status.code(), Some(1), "{built_err}");
    assert!(built_err.contains("paquet écrit, mais"), "{built_err}");
    let mut n = 0;
    for b in blocks(&checked) {
        if b.starts_with("vérification de") {
            continue;
        }
        n += 1;
        assert!(built_err.contains(b), "build lacks:\n{b}\n---\n{built_err}");
    }
    assert!(n > 20, "{n} diagnostics compared");
}

#[test]
fn a_class_is_checked_with_its_class_checks() {
    let o = check(&[fixture_class().to_str().unwrap()]);
    let err = stderr(&o);
    // Errors: only E6 réalisations leaving the option's bloc 2 uncovered.
    assert_eq!(o.status.code(), Some(1), "{err}");
    for line in err.lines().filter(|l| l.starts_with("erreur")) {
        assert!(line.contains("ne couvrent pas le bloc 2"), "{line}");
    }
    assert!(
        err.contains("classe/rousseau-kevin/missions/wifi-invites.md:14:5"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn a_broken_template_is_named_with_its_line_never_as_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("modeles");
    let fiche = fs::read_to_string(repo().join("templates/fiche.typ")).unwrap();
    let broken = fiche.replacen("\n", "\n#let x = fonction-inexistante()\n", 1);
    write(&templates.join("fiche.typ"), broken);
    let out = tmp.path().join("sortie");
    let o = run(&[
        "build",
        repo().join("inputs").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let b = block(&err, &["erreur", "dossier-E6.pdf non produit"]);
    assert!(
        b.contains("modèle fiche.typ, ligne 2 : unknown variable: fonction-inexistante"),
        "{b}"
    );
    assert!(!err.contains("/_sio") && !err.contains("panicked"), "{err}");
    assert!(err.contains("échec : aucun paquet produit"));
}

/// A Typst error in a converted body (it should never happen: the converter escapes
/// everything) names the Markdown page it came from, not the generated file.
#[test]
fn a_typst_error_in_a_converted_body_names_the_markdown_page() {
    use sio_dossier::input::Confined;
    use sio_dossier::render::{Engine, RenderJob};

    let tmp = tempfile::tempdir().unwrap();
    let folder = Confined::new(tmp.path()).unwrap();
    let engine = Engine::new(
        &[(
            "essai.typ".into(),
            "Avant.\n#include \"/missions/corps-1.typ\"".into(),
        )],
        &[],
    );
    let job = RenderJob {
        template: "essai.typ",
        data: b"{}".to_vec(),
        bodies: vec![(
            "/missions/corps-1.typ".into(),
            "Texte #fonction-inexistante() suite".into(),
        )],
        files: Vec::new(),
        body_sources: [(
            "/missions/corps-1.typ".to_string(),
            PathBuf::from("missions/glpi.md"),
        )]
        .into(),
        folder: &folder,
        today: None,
        ident: "essai".into(),
    };
    let Err(e) = engine.compile(&job) else {
        panic!("compiled");
    };
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    assert_eq!(p.file.as_deref(), Some(Path::new("missions/glpi.md")));
    assert!(
        p.message.contains("texte converti de la page")
            && p.message.contains("unknown variable: fonction-inexistante"),
        "{}",
        p.message
    );
    assert!(!e.to_string().contains("corps-1.typ"), "{e}");
}
