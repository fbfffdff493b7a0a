//! Nothing dropped in silence (issue 18, item 5): what the user names on the command line
//! and what the outputs depend on is either used or reported, with its path, in French.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

/// A small candidate, enough for both dossiers.
fn candidate(root: &Path) -> PathBuf {
    let c = root.join("candidat");
    write(
        &c.join("candidat.yaml"),
        "nom: SEUL\nprenom: Sam\nnumero_candidat: \"0351200199\"\noption: SISR\nmode: CCF\nsession: 2026\n",
    );
    write(
        &c.join("missions/seule.md"),
        "---\ntitle: Mission seule\ndate: 2025-03-10\nepreuve: [E5, E6]\ncontexte: formation\ncompetences: [patrimoine, incidents, presence_en_ligne, projet, service, developpement_pro]\n---\n\nTexte.\n",
    );
    c
}

fn build_with_fonts(candidate: &Path, out: &Path, fonts: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .arg("build")
        .arg(candidate)
        .arg("-o")
        .arg(out)
        .arg("--font-path")
        .arg(fonts)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap()
}

fn shipped_font(name: &str) -> Vec<u8> {
    fs::read(repo().join("templates/fonts").join(name)).unwrap()
}

#[test]
fn a_missing_font_folder_is_a_usage_error_naming_it() {
    let root = tempfile::tempdir().unwrap();
    let c = candidate(root.path());
    let missing = root.path().join("polices");
    let o = build_with_fonts(&c, &root.path().join("out"), &missing);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "erreur : dossier de polices « {} » illisible : introuvable",
            missing.display()
        )),
        "{err}"
    );
    assert!(!root.path().join("out").exists(), "nothing built");
}

#[test]
fn a_font_path_that_holds_no_usable_font_is_an_error_naming_the_file() {
    let root = tempfile::tempdir().unwrap();
    let c = candidate(root.path());
    let out = root.path().join("out");
    let fonts = root.path().join("polices");
    // A folder without any font.
    write(&fonts.join("lisez-moi.txt"), "polices de l'établissement");
    let o = build_with_fonts(&c, &out, &fonts);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("aucune police (.ttf, .otf, .ttc ou .otc) dans ce dossier"),
        "{}",
        stderr(&o)
    );
    // A web page saved under a font's name.
    let fake = fonts.join("Marianne.ttf");
    write(&fake, "<html>404</html>");
    let o = build_with_fonts(&c, &out, &fonts);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "police « {} » inutilisable : ce n'est pas une police TrueType ou OpenType valide",
            fake.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_font_replaced_under_the_same_name_rebuilds_the_package() {
    let root = tempfile::tempdir().unwrap();
    let c = candidate(root.path());
    let out = root.path().join("out");
    let fonts = root.path().join("polices");
    let font = fonts.join("Etablissement.ttf");
    write(&font, shipped_font("LiberationSans-Regular.ttf"));
    let first = build_with_fonts(&c, &out, &fonts);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let again = build_with_fonts(&c, &out, &fonts);
    assert!(stdout(&again).contains("[inchangé]"), "{}", stdout(&again));
    // Same file name, same family, other glyphs: the package must be laid out again.
    write(&font, shipped_font("LiberationSans-Bold.ttf"));
    let replaced = build_with_fonts(&c, &out, &fonts);
    assert_eq!(replaced.status.code(), Some(0), "{}", stderr(&replaced));
    assert!(
        !stdout(&replaced).contains("[inchangé]"),
        "{}",
        stdout(&replaced)
    );
}

#[test]
fn a_missions_folder_that_cannot_be_listed_is_an_error() {
    let root = tempfile::tempdir().unwrap();
    let c = candidate(root.path());
    fs::remove_dir_all(c.join("missions")).unwrap();
    // A file where the folder should be (an unzip gone wrong).
    write(&c.join("missions"), "pas un dossier");
    let o = run(&["check", c.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("dossier des missions illisible : ce n'est pas un dossier"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}", c.join("missions").display())),
        "{err}"
    );
}

#[test]
fn a_candidate_built_alone_hears_what_its_class_folder_lacks() {
    let root = tempfile::tempdir().unwrap();
    let class = root.path().join("classe");
    let c = candidate(&class);
    write(
        &class.join("classe.yaml"),
        "session: 2026\netablissement: Lycée Test\nlogo: logo.png\n",
    );
    write(&class.join("logo.png"), "pas une image");
    let out = root.path().join("out");
    let o = run(&["build", c.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "a warning only: {err}");
    assert!(err.contains("logo « logo.png » non utilisé"), "{err}");
    assert!(err.contains("classe.yaml"), "{err}");

    // classe.yaml unreadable: the candidate is built without the class's values, and told.
    write(&class.join("classe.yaml"), "session: [2026\n");
    let o = run(&["build", c.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("classe.yaml"), "{err}");
    let o = run(&["check", c.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("classe.yaml"), "{}", stderr(&o));
}

#[test]
fn a_malformed_source_date_epoch_is_a_usage_error() {
    let root = tempfile::tempdir().unwrap();
    let c = candidate(root.path());
    let out = root.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .arg("build")
        .arg(&c)
        .arg("-o")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "hier")
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("erreur : SOURCE_DATE_EPOCH « hier » invalide : un nombre de secondes depuis le 1er janvier 1970 est attendu"),
        "{err}"
    );
    assert!(!out.exists(), "nothing built");
}
