//! `make` builds inputs/ (the sample candidate): the dossiers, livrables and zip, checked
//! the way a teacher would check them.

use crate::common::*;

const NAME: &str = "0351257306_LEFÈVRE_Noémie";

/// E5 missions of inputs/, by date (pro1 = first, pro2 = second).
const E5_TITLES: &[&str] = &[
    "Hébergement et mise en ligne du site de l'Aviron Club de Saint-Ervan",
    "Migration du parc du cabinet vers Windows 11 avec WDS et MDT",
    "Pare-feu OPNsense en haute disponibilité et VPN IPsec vers les sites distants",
    "Veille technologique : du VPN au Zero Trust",
];

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let (out, o) = build(&repo().join("inputs"));
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let dir = out.path().join(NAME);
    assert!(
        dir.is_dir(),
        "package folder {NAME} missing: {}",
        stdout(&o)
    );
    (out, dir)
}

#[test]
fn e5_dossier_reads_right() {
    let (_out, dir) = built();
    let text = pdf_text(&dir.join("dossier-E5.pdf"));
    let flat = flat(&text);
    assert!(text.contains("Épreuve E5 BTS SIO"), "seed title repaired");
    for bad in ["Ã‰", "Ã©", "â€™", "ğŸ“„", "\u{FFFD}"] {
        assert!(!text.contains(bad), "mojibake {bad:?} reached the PDF");
    }
    assert!(text.contains("📄"), "emoji of the seed kept");
    assert!(flat.contains("Tableau de synthèse des réalisations professionnelles"));
    for title in E5_TITLES {
        assert!(flat.contains(title), "E5 mission title {title:?} missing");
    }
    assert!(flat.contains("LEFÈVRE Noémie"));
    assert!(flat.contains("0351257306"));
    assert!(flat.contains("BTS SERVICES INFORMATIQUES AUX ORGANISATIONS"));
    assert!(flat.contains("SESSION 2026"));
    // Only E5 missions: the E6-only mission has no fiche here.
    assert!(!flat.contains("Supervision de l'infrastructure du syndicat avec Centreon"));
}

#[test]
fn e6_dossier_has_the_fiches_and_the_option_competences() {
    let (_out, dir) = built();
    let text = pdf_text(&dir.join("dossier-E6.pdf"));
    let flat = flat(&text);
    assert!(text.contains("Épreuve E6"), "seed E6 title repaired");
    assert!(flat.contains("mise en œuvre"));
    for bad in ["√©", "‚Äî", "≈ì"] {
        assert!(!text.contains(bad), "mojibake {bad:?} reached the PDF");
    }
    for label in [
        "Fiche descriptive de réalisation professionnelle",
        "DESCRIPTION D’UNE RÉALISATION PROFESSIONNELLE",
        "N° réalisation :",
        "Nom, prénom :",
        "N° candidat :",
        "Épreuve ponctuelle",
        "Contrôle en cours de formation",
        "Organisation support de la réalisation professionnelle",
        "Intitulé de la réalisation professionnelle",
        "Période de réalisation :",
        "Lieu :",
        "Modalité :",
        "Seul(e)",
        "En équipe",
        "Compétences travaillées",
        "Descriptif de la réalisation professionnelle, y compris les productions réalisées et schémas explicatifs",
    ] {
        assert!(flat.contains(label), "fiche label {label:?} missing");
    }
    for competence in [
        "Concevoir une solution d’infrastructure réseau",
        "Installer, tester et déployer une solution d’infrastructure réseau",
        "Exploiter, dépanner et superviser une solution d’infrastructure réseau",
    ] {
        assert!(
            flat.contains(competence),
            "SISR competence {competence:?} missing"
        );
    }
    assert!(
        !flat.contains("Concevoir et développer une solution applicative"),
        "no SLAM competence"
    );
    assert!(flat.contains("Supervision de l'infrastructure du syndicat avec Centreon"));
    assert!(flat.contains("Pare-feu OPNsense en haute disponibilité"));
}

#[test]
fn livrables_are_cut_from_the_dossier() {
    let (_out, dir) = built();
    let synthese = flat(&pdf_text(&dir.join("SYNTHESE.pdf")));
    assert!(synthese.contains("Tableau de synthèse des réalisations professionnelles"));
    assert!(
        !synthese.contains("DESCRIPTION D’UNE RÉALISATION"),
        "only the tableau"
    );
    let pro1 = flat(&pdf_text(&dir.join("pro1.pdf")));
    assert!(
        pro1.contains(E5_TITLES[0]),
        "pro1 is the first E5 realisation by date"
    );
    assert!(!pro1.contains(E5_TITLES[1]));
    let pro2 = flat(&pdf_text(&dir.join("pro2.pdf")));
    assert!(
        pro2.contains(E5_TITLES[1]),
        "pro2 is the second E5 realisation by date"
    );
    let total = pdf_pages(&dir.join("dossier-E5.pdf"));
    assert!(pdf_pages(&dir.join("pro1.pdf")) < total);
}

#[test]
fn each_livrable_is_its_pages_of_the_dossier_numbered_as_there() {
    let (_out, dir) = built();
    let dossier = dir.join("dossier-E5.pdf");
    let total = pdf_pages(&dossier);
    let mut livrables = vec!["SYNTHESE.pdf".to_string()];
    livrables.extend((1..=4).map(|n| format!("pro{n}.pdf")));
    for name in livrables {
        let cut = dir.join(&name);
        if !cut.exists() {
            continue;
        }
        // The cut's pages say where they are in the dossier (page labels).
        let doc = lopdf::Document::load(&cut).expect("the cut is a PDF lopdf reads");
        let labels = doc
            .catalog()
            .unwrap()
            .get(b"PageLabels")
            .unwrap()
            .as_dict()
            .unwrap();
        let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
        let first = nums[1]
            .as_dict()
            .unwrap()
            .get(b"St")
            .unwrap()
            .as_i64()
            .unwrap() as usize;
        let pages = pdf_pages(&cut);
        assert!(
            first >= 1 && first + pages - 1 <= total,
            "{name}: pages {first}+{pages}"
        );
        // Same text, page for page, as those pages of the dossier.
        assert_eq!(
            pages_text(&cut, 1, pages),
            pages_text(&dossier, first, first + pages - 1),
            "{name} differs from pages {first}.. of the dossier"
        );
        // Nothing of the dossier's structure that points at the pages left out.
        let catalog = doc.catalog().unwrap();
        for key in [b"StructTreeRoot".as_slice(), b"Outlines", b"Dests"] {
            assert!(
                !catalog.has(key),
                "{name} keeps {}",
                String::from_utf8_lossy(key)
            );
        }
    }
    assert!(dir.join("pro1.pdf").exists() && dir.join("SYNTHESE.pdf").exists());
}

#[test]
fn zip_holds_the_package_and_a_manifest() {
    let (out, _dir) = built();
    let zip = only_zip(out.path());
    assert_eq!(
        zip.file_name().unwrap().to_str().unwrap(),
        format!("{NAME}.zip")
    );
    let entries = zip_entries(&zip);
    for f in [
        "dossier-E5.pdf",
        "dossier-E6.pdf",
        "SYNTHESE.pdf",
        "pro1.pdf",
        "pro2.pdf",
        "manifest.json",
    ] {
        assert!(
            entries.contains(&format!("{NAME}/{f}")),
            "{f} missing from {entries:?}"
        );
    }
    assert!(
        entries
            .iter()
            .any(|e| e.ends_with("/assets/livrables/win11-procedure-mdt.pdf")),
        "livrable bundled"
    );
    assert!(
        entries.iter().any(|e| e.ends_with(".typ")),
        "Typst sources bundled"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&zip_entry(&zip, &format!("{NAME}/manifest.json"))).unwrap();
    let files = manifest["files"].as_array().unwrap();
    let pdf = files
        .iter()
        .find(|f| f["file"] == "dossier-E5.pdf")
        .expect("manifest lists the dossier");
    let bytes = zip_entry(&zip, &format!("{NAME}/dossier-E5.pdf"));
    assert_eq!(pdf["size"].as_u64().unwrap() as usize, bytes.len());
    assert_eq!(pdf["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn bundled_sources_are_the_templates_each_dossier_uses() {
    let (out, _dir) = built();
    let entries = zip_entries(&only_zip(out.path()));
    for (kind, other) in [("dossier-e5", "dossier-e6"), ("dossier-e6", "dossier-e5")] {
        let prefix = format!("{NAME}/sources/{kind}/_sio/");
        let templates: Vec<&str> = entries
            .iter()
            .filter_map(|e| e.strip_prefix(&prefix))
            .filter(|e| !e.contains('/') && e.ends_with(".typ"))
            .collect();
        for needed in [
            format!("{kind}.typ").as_str(),
            "style.typ",
            "presentation.typ",
        ] {
            assert!(
                templates.contains(&needed),
                "{kind}: {needed} missing from {templates:?}"
            );
        }
        for unused in [
            format!("{other}.typ").as_str(),
            "rapport-classe.typ",
            "dossier-complet.typ",
        ] {
            assert!(
                !templates.contains(&unused),
                "{kind}: {unused} bundled but not used"
            );
        }
        // Every file a bundled template imports or includes is bundled beside it.
        let zip = only_zip(out.path());
        for t in &templates {
            let text = String::from_utf8(zip_entry(&zip, &format!("{prefix}{t}"))).unwrap();
            for quoted in text.split('"').skip(1).step_by(2) {
                if quoted.ends_with(".typ") && !quoted.starts_with('/') {
                    assert!(
                        templates.contains(&quoted),
                        "{kind}/{t} needs {quoted}: not bundled"
                    );
                }
            }
        }
    }
}

#[test]
fn two_builds_give_identical_bytes() {
    let (out1, _) = built();
    let (out2, _) = built();
    let a = std::fs::read(only_zip(out1.path())).unwrap();
    let b = std::fs::read(only_zip(out2.path())).unwrap();
    assert!(a == b, "zips differ between two builds of the same inputs");
}

#[test]
fn the_build_reports_the_repairs_and_pages() {
    let (out, o) = build(&repo().join("inputs"));
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("epreuves/e5.md") && err.contains("Windows-1254"),
        "repair of e5 reported: {err}"
    );
    assert!(
        err.contains("epreuves/e6.md") && err.contains("Mac Roman"),
        "repair of e6 reported: {err}"
    );
    let msg = stdout(&o);
    assert!(
        msg.contains("dossier-E5.pdf") && msg.contains("pages"),
        "{msg}"
    );
    drop(out);
}

#[test]
fn a_missing_folder_fails_with_a_french_message() {
    let o = run(&["build", "/nonexistent/candidat", "-o", "/tmp/sio-never"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("illisible"), "{}", stderr(&o));
}
