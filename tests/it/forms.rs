//! The official forms, field by field (the 2026 models), checked in the
//! PDFs and the xlsx the way a teacher checks them box by box.

use std::path::{Path, PathBuf};

use crate::common::*;
use calamine::{Reader, Xlsx};

/// The fixture class, built once for the whole test run.
fn class_out() -> &'static Path {
    let built = built_class();
    // Exit 1: the fixture class's one error (dubois-chloe's bloc 2), every package written.
    assert_eq!(
        built.class.status.code(),
        Some(1),
        "class build failed: {}",
        stderr(&built.class)
    );
    &built.out
}

fn package(name: &str) -> PathBuf {
    class_out().join(name)
}

#[test]
fn tableau_has_every_official_label() {
    // Reading order (-raw): the rotated cells confuse the layout mode.
    let text = flat(&pdftotext(&package(MARTIN).join("SYNTHESE.pdf"), &["-raw"]));
    for label in [
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
        "SESSION 2026",
        "Tableau de synthèse des réalisations professionnelles",
        "NOM et prénom : MARTIN Lucas",
        "N° candidat : 0351204877",
        "Centre de formation : Lycée polyvalent Anita-Conti",
        "Option : ☒ SISR ▢ SLAM",
        "Adresse URL du portfolio :",
        "Compétences mises en œuvre",
        "Réalisations professionnelles",
        "Période",
        "Réalisation en cours de formation",
        "Réalisations en milieu professionnel en cours de première année",
        "Réalisations en milieu professionnel en cours de seconde année",
    ] {
        assert!(
            text.contains(label),
            "tableau label {label:?} missing in {text}"
        );
    }
    // The six bloc 1 competences head the columns (rotated, so wrapped over lines: read in
    // content order, where each header's words follow each other).
    let raw = flat(&pdftotext(&package(MARTIN).join("SYNTHESE.pdf"), &["-raw"]));
    for words in [
        "Gérer le patrimoine informatique",
        "Travailler en mode projet",
        "Organiser son développement professionnel",
        "Développer la présence en ligne de l’organisation",
        "Mettre à disposition des utilisateurs un service informatique",
    ] {
        assert!(raw.contains(words), "competence column {words:?} missing");
    }
}

#[test]
fn tableau_places_each_mission_in_its_section() {
    let layout = pdftotext(&package(MARTIN).join("SYNTHESE.pdf"), &["-raw"]);
    let line_of = |needle: &str| {
        layout
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in the tableau"))
    };
    let formation = line_of("Réalisation en cours de formation");
    let pro1 = line_of("Réalisations en milieu professionnel en cours de première année");
    let pro2 = line_of("Réalisations en milieu professionnel en cours de seconde année");
    assert!(formation < pro1 && pro1 < pro2);
    // veille-ransomware: contexte formation; glpi (2025-03-10, entreprise): 1re année.
    let veille = line_of("Veille technologique : les rançongiciels");
    assert!(
        formation < veille && veille < pro1,
        "veille in the formation section"
    );
    let glpi = line_of("Mise en place d'un serveur GLPI");
    assert!(pro1 < glpi && glpi < pro2, "GLPI in the first-year section");
    // Its livrables are listed under the title, its period in column B.
    assert!(layout.contains("glpi-procedure.pdf, glpi-recette.pdf"));
}

#[test]
fn fiche_has_every_official_field_in_order() {
    let text = flat(&pdf_text(&package(MARTIN).join("dossier-E6.pdf")));
    let fields = [
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
        "SESSION 2026",
        "ANNEXE VII-1-A : Fiche descriptive de réalisation professionnelle (recto)",
        "Épreuve E6 - Administration des systèmes et des réseaux (option SISR)",
        "DESCRIPTION D’UNE RÉALISATION PROFESSIONNELLE",
        "N° réalisation : 1",
        "Nom, prénom : MARTIN Lucas",
        "N° candidat : 0351204877",
        "Épreuve ponctuelle",
        "Contrôle en cours de formation",
        "Date :",
        "Organisation support de la réalisation professionnelle",
        "Intitulé de la réalisation professionnelle",
        "Période de réalisation :",
        "Lieu :",
        "Modalité :",
        "Seul(e)",
        "En équipe",
        "Compétences travaillées",
        "Concevoir une solution d’infrastructure réseau",
        "Installer, tester et déployer une solution d’infrastructure réseau",
        "Exploiter, dépanner et superviser une solution d’infrastructure réseau",
        "Conditions de réalisation1 (ressources fournies, résultats attendus)",
        "Description des ressources documentaires, matérielles et logicielles utilisées2",
        "Modalités d’accès aux productions3 et à leur documentation4",
        "annexe II.E",
        "ANNEXE VII-1-A : Fiche descriptive de réalisation professionnelle (verso, éventuellement pages suivantes)",
        "Descriptif de la réalisation professionnelle, y compris les productions réalisées et schémas explicatifs",
    ];
    let mut from = 0;
    for field in fields {
        let at = text[from..]
            .find(field)
            .unwrap_or_else(|| panic!("fiche field {field:?} missing or out of order"));
        from += at + field.len();
    }
}

#[test]
fn checkboxes_follow_the_data() {
    // MARTIN: SISR, CCF; the AD mission is « seul », the VLAN mission « equipe ».
    let martin = flat(&pdf_text(&package(MARTIN).join("dossier-E6.pdf")));
    assert!(martin.contains("☒ SISR") && martin.contains("☐ SLAM"));
    assert!(martin.contains("Épreuve ponctuelle ☐ Contrôle en cours de formation ☒"));
    assert!(
        martin.contains("Modalité : ☒ Seul(e) ☐ En équipe"),
        "AD mission is done alone"
    );
    assert!(
        martin.contains("Modalité : ☐ Seul(e) ☒ En équipe"),
        "VLAN mission is a team's"
    );
    // N'DIAYE: SLAM, ponctuel: the SLAM annex letter and bloc 2 competences.
    let ndiaye = flat(&pdf_text(&package(NDIAYE).join("dossier-E6.pdf")));
    assert!(ndiaye.contains("☐ SISR") && ndiaye.contains("☒ SLAM"));
    assert!(ndiaye.contains("Épreuve ponctuelle ☒ Contrôle en cours de formation ☐"));
    assert!(ndiaye.contains("ANNEXE VII-1-B"));
    assert!(ndiaye.contains("(option SLAM)"));
    assert!(ndiaye.contains("Gérer les données"));
    assert!(!ndiaye.contains("Concevoir une solution d’infrastructure réseau"));
}

#[test]
fn presentation_lists_the_parts_with_their_pages_and_pages_are_numbered() {
    let pdf = package(MARTIN).join("dossier-E5.pdf");
    let text = flat(&pdf_text(&pdf));
    let pages = pdf_pages(&pdf);
    for part in [
        "Présentation",
        "Tableau de synthèse des réalisations professionnelles",
        "Réalisation n° 1 :",
    ] {
        assert!(text.contains(part), "contents entry {part:?} missing");
    }
    // Every page but the tableau's (it prints as the official sheet, and SYNTHESE.pdf
    // cut from it numbers its own pages only when it has several).
    for n in 1..=pages {
        let page = flat(&pages_text(&pdf, n, n));
        if page.contains("Compétences mises en œuvre") {
            assert!(!page.contains("page "), "tableau page {n}: {page}");
        } else {
            assert!(
                page.contains(&format!("page {n} / {pages}")),
                "page {n} / {pages} not numbered"
            );
        }
    }
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.windows(9).any(|w| w == b"/Outlines"),
        "PDF has bookmarks (an outline)"
    );
}

#[test]
fn xlsx_follows_the_official_cells() {
    let path = package(MARTIN).join("SYNTHESE.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("SYNTHESE.xlsx opens");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let cell = |r: u32, c: u32| {
        sheet
            .get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert!(cell(0, 0).contains("BTS SERVICES INFORMATIQUES AUX ORGANISATIONS"));
    assert!(
        cell(2, 0).starts_with("NOM et prénom : MARTIN Lucas"),
        "A3 = {:?}",
        cell(2, 0)
    );
    assert!(
        cell(2, 5).starts_with("N° candidat : 0351204877"),
        "F3 = {:?}",
        cell(2, 5)
    );
    assert!(
        cell(3, 0).starts_with("Centre de formation : Lycée polyvalent Anita-Conti"),
        "A4 = {:?}",
        cell(3, 0)
    );
    assert_eq!(cell(3, 6), "☒ SISR");
    assert_eq!(cell(3, 7), "▢ SLAM");
    assert!(cell(4, 0).starts_with("Adresse URL du portfolio :"));
    let all: Vec<String> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    let glpi = all
        .iter()
        .find(|r| r.contains("Mise en place d'un serveur GLPI"))
        .expect("GLPI row");
    assert!(
        glpi.contains("X"),
        "GLPI row has its competences ticked: {glpi}"
    );
    // And it is in the zip, beside SYNTHESE.pdf.
    let entries = zip_entries(&class_out().join(format!("{MARTIN}.zip")));
    assert!(entries.contains(&format!("{MARTIN}/SYNTHESE.xlsx")));
}

/// A small candidate of session `session`, with missions for épreuves `support`/`option`.
fn candidate_of_session(dir: &Path, session: u16, support: &str, option: &str) {
    let page = |slug: &str, day: u8, epreuve: &str| {
        format!(
            "---\ntitle: Mission {slug}\ndate: 2023-03-0{day}\nepreuve: {epreuve}\ncontexte: formation\ncompetences: [projet]\n---\nCorps.\n"
        )
    };
    Candidate::new(dir)
        .yaml(format!("nom: TEST\nprenom: Ana\nnumero_candidat: \"0100000001\"\noption: SISR\nmode: CCF\nsession: {session}\n"))
        .mission("a", page("a", 1, support))
        .mission("b", page("b", 2, option));
}

#[test]
fn numbering_follows_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let c24 = dir.path().join("c24");
    candidate_of_session(&c24, 2024, "E4", "E5");
    let (out, o) = build(&c24);
    assert!(o.status.success(), "{}", stderr(&o));
    let pkg = out.path().join("0100000001_TEST_Ana");
    assert!(
        pkg.join("dossier-E4.pdf").is_file() && pkg.join("dossier-E5.pdf").is_file(),
        "2024: E4 and E5"
    );
    let fiche = flat(&pdf_text(&pkg.join("dossier-E5.pdf")));
    assert!(
        fiche.contains("Épreuve E5 - Administration des systèmes et des réseaux (option SISR)")
    );
    assert!(fiche.contains("ANNEXE 9-1-A"));
    let tableau = flat(&pdf_text(&pkg.join("SYNTHESE.pdf")));
    assert!(tableau.contains("SESSION 2024"), "{tableau}");

    let c26 = dir.path().join("c26");
    candidate_of_session(&c26, 2026, "E5", "E6");
    let (out, o) = build(&c26);
    assert!(o.status.success(), "{}", stderr(&o));
    let fiche = flat(&pdf_text(
        &out.path().join("0100000001_TEST_Ana/dossier-E6.pdf"),
    ));
    assert!(
        fiche.contains("Épreuve E6 - Administration des systèmes et des réseaux (option SISR)")
    );
    assert!(fiche.contains("ANNEXE VII-1-A"));
}

#[test]
fn an_unknown_session_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c31");
    candidate_of_session(&c, 2031, "E5", "E6");
    let (_out, o) = build(&c);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("candidat.yaml") && err.contains("session 2031 inconnue"),
        "{err}"
    );
}

/// N'Diaye's réalisations in a company name no organisation; her candidat.yaml does. The
/// fiche's « Organisation support » takes it (said once in the output); the one done in
/// training stays blank.
#[test]
fn organisation_support_falls_back_to_candidat_yaml_for_company_missions() {
    let field = |fiche: &str| {
        let text = pdftotext(&package(NDIAYE).join(fiche), &["-layout"]);
        let mut lines = text
            .lines()
            .skip_while(|l| !l.contains("Organisation support"));
        lines.nth(1).unwrap_or_default().trim().to_string()
    };
    // pro1: script-inventaire (formation); pro2, pro3: in the bookshop.
    assert_eq!(field("pro2.pdf"), "Librairie L'Encre Bleue");
    assert_eq!(field("pro3.pdf"), "Librairie L'Encre Bleue");
    assert!(
        !field("pro1.pdf").contains("Librairie"),
        "{}",
        field("pro1.pdf")
    );
    let err = stderr(&built_class().class);
    let said: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("organisation support reprise de candidat.yaml"))
        .collect();
    assert_eq!(said.len(), 1, "{err}");
    assert!(
        said[0].contains("(« Librairie L'Encre Bleue ») pour 3 réalisation(s)"),
        "{}",
        said[0]
    );
}
