//! Front matter end to end, with the binary: YAML and TOML headers, the aliases of the
//! input format, every date format students write, drafts, and broken headers (reported
//! with file, line and column; that page is left out, the rest is built).

use std::path::Path;

use crate::common::*;

/// (file, page). The dates are all different, so the fiches are numbered in this order:
/// by date.
const PAGES: &[(&str, &str)] = &[
    (
        "astro.md",
        "---\n\
         titre: \"Mission Astro datée à l'heure près\"\n\
         publishDate: 2025-01-09 00:00:00\n\
         summary: \"Résumé venu de la clé summary\"\n\
         entreprise: \"Organisation venue de la clé entreprise\"\n\
         epreuve: E5\n\
         ---\n\nCorps de la mission Astro.\n",
    ),
    (
        "mois.md",
        "---\n\
         title: \"Mission datée en toutes lettres\"\n\
         date: mars 2025\n\
         debut: 2025-03-03\n\
         fin: 28/03/2025\n\
         epreuve: [E5, E6]\n\
         ---\n\nCorps de la mission mars.\n",
    ),
    (
        "iso.md",
        "---\n\
         title: \"Mission datée à l'ISO\"\n\
         date: 2025-03-10\n\
         epreuve: E5\n\
         ---\n\nCorps de la mission ISO.\n",
    ),
    (
        "francaise.md",
        "---\n\
         title: \"Mission datée à la française\"\n\
         pubDate: \"14/04/2025\"\n\
         cadre: stage\n\
         epreuve: E5\n\
         ---\n\nCorps de la mission française.\n",
    ),
    (
        "hugo-toml.md",
        "+++\n\
         title = \"Mission Hugo en TOML\"\n\
         date = 2025-09-25T10:00:00+02:00\n\
         draft = false\n\
         epreuve = \"E5\"\n\
         organisation = \"Organisation écrite en TOML\"\n\
         competences = [\"service\", \"incidents\"]\n\
         +++\n\nCorps de la mission TOML.\n",
    ),
    (
        "hugo-yaml.md",
        "---\n\
         title: \"Mission Hugo en YAML\"\n\
         date: 2025-10-02T08:30:00+02:00\n\
         epreuve: E5\n\
         ---\n\nCorps de la mission Hugo YAML.\n",
    ),
    (
        "brouillon.md",
        "---\n\
         title: \"BROUILLON-NE-PAS-IMPRIMER\"\n\
         date: 2025-02-01\n\
         draft: true\n\
         epreuve: E5\n\
         ---\n\nBROUILLON-NE-PAS-IMPRIMER dans le corps.\n",
    ),
    (
        "yaml-casse.md",
        "---\n\
         title: \"MISSION-YAML-CASSEE\"\n\
         date: 2025-02-02\n\
         lieu: Vannes: salle B204\n\
         epreuve: E5\n\
         ---\n\nMISSION-YAML-CASSEE dans le corps.\n",
    ),
    (
        "toml-casse.md",
        "+++\n\
         title = \"MISSION-TOML-CASSEE\"\n\
         date = 2025-02-03\n\
         lieu = Vannes\n\
         +++\n\nMISSION-TOML-CASSEE dans le corps.\n",
    ),
];

/// (fiche, title, date as printed), by date.
const FICHES: &[(&str, &str, &str)] = &[
    (
        "pro1.pdf",
        "Mission Astro datée à l'heure près",
        "09/01/2025",
    ),
    ("pro2.pdf", "Mission datée en toutes lettres", "01/03/2025"),
    ("pro3.pdf", "Mission datée à l'ISO", "10/03/2025"),
    ("pro4.pdf", "Mission datée à la française", "14/04/2025"),
    ("pro5.pdf", "Mission Hugo en TOML", "25/09/2025"),
    ("pro6.pdf", "Mission Hugo en YAML", "02/10/2025"),
];

fn candidate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let c = Candidate::new(dir.path()).yaml(
        "nom: ENTETE\nprenom: Test\nnumero_candidat: \"0351000002\"\noption: SISR\n\
         mode: CCF\nsession: 2026\n",
    );
    PAGES.iter().fold(c, |c, (name, page)| {
        c.file(&format!("missions/{name}"), page)
    });
    dir
}

fn text_of(pdf: &Path) -> String {
    squeeze(&pdf_text(pdf))
}

#[test]
fn headers_dates_aliases_drafts_and_errors() {
    let folder = candidate();
    let (out, o) = build(folder.path());
    let err = stderr(&o);
    // Broken pages are errors, but the candidate's package is still produced; the exit
    // code says an error was printed.
    assert_eq!(o.status.code(), Some(1), "exit code; stderr:\n{err}");
    let package = out.path().join("0351000002_ENTETE_Test");

    // Each fiche, in date order, with its date as written on the form.
    for (fiche, title, date) in FICHES {
        let text = text_of(&package.join(fiche));
        assert!(
            text.contains(&squeeze(title)),
            "{fiche}: title {title:?} missing"
        );
        assert!(
            text.contains(&squeeze(&format!("Date : {date}"))),
            "{fiche}: date {date} missing for {title:?}"
        );
    }
    assert!(
        !package.join("pro7.pdf").exists(),
        "only six printable missions"
    );

    let e5 = text_of(&package.join("dossier-E5.pdf"));
    let e6 = text_of(&package.join("dossier-E6.pdf"));
    // Aliases: titre, publishDate, pubDate, summary, entreprise; debut + fin.
    for want in [
        "Résumé venu de la clé summary",
        "Organisation venue de la clé entreprise",
        "Organisation écrite en TOML",
        "du 03/03/2025 au 28/03/2025",
        "Corps de la mission TOML.",
    ] {
        assert!(
            e5.contains(&squeeze(want)),
            "{want:?} missing from dossier-E5"
        );
    }
    assert!(e6.contains(&squeeze("Mission datée en toutes lettres")));

    // The draft and the broken pages are left out, and said so.
    for marker in [
        "BROUILLON-NE-PAS-IMPRIMER",
        "MISSION-YAML-CASSEE",
        "MISSION-TOML-CASSEE",
    ] {
        assert!(
            !e5.contains(marker) && !e6.contains(marker),
            "{marker} printed"
        );
    }
    // Diagnostics read like a compiler's: the message, then ` --> file:line:col`.
    let line_of = |file: &str| {
        let lines: Vec<&str> = err.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains(file))
            .unwrap_or_else(|| panic!("nothing reported about {file}:\n{err}"));
        format!("{} {}", lines[at.saturating_sub(1)], lines[at])
    };
    let draft = line_of("missions/brouillon.md");
    assert!(draft.contains("brouillon (draft: true)"), "{draft}");
    // « lieu: Vannes: salle B204 » is line 4; the second colon is column 13.
    let yaml = line_of("missions/yaml-casse.md");
    assert!(
        yaml.starts_with("erreur: en-tête YAML invalide")
            && yaml.contains("missions/yaml-casse.md:4:13"),
        "{yaml}"
    );
    assert!(
        yaml.contains("« : » inattendu"),
        "explained in French: {yaml}"
    );
    assert!(yaml.contains("la page est ignorée"), "{yaml}");
    // « lieu = Vannes » (a bare word is not a TOML value) is line 4, from column 8.
    let toml = line_of("missions/toml-casse.md");
    assert!(
        toml.starts_with("erreur: en-tête TOML invalide")
            && toml.contains("missions/toml-casse.md:4:8"),
        "{toml}"
    );
    assert!(
        toml.contains("doit être entre guillemets"),
        "explained in French: {toml}"
    );
    assert!(toml.contains("la page est ignorée"), "{toml}");
}
