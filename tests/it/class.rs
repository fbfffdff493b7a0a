//! A teacher's class run over the fixture class (tests/fixtures/classe): every candidate built, the defects of
//! the fixture class handled as make_classe.py says, the class report, isolation, incremental
//! re-runs and reproducible bytes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

/// The fixture class's one error is dubois-chloe's uncovered bloc 2: a run of the whole
/// class exits 1 (an error was printed), every package and the report written.
const FIXTURE_EXIT: Option<i32> = Some(1);

fn sample_class() -> PathBuf {
    fixture_class()
}

fn run_class(class: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "class",
        class.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The fixture class, built once for the whole test run.
fn built() -> (&'static Path, &'static Output) {
    let b = built_class();
    (&b.out, &b.class)
}

fn out() -> &'static Path {
    built().0
}

const PACKAGES: &[(&str, &str, &str)] = &[
    ("0351204877_MARTIN_Lucas", "MARTIN Lucas", "0351204877"),
    ("0351209932_BENALI_Yasmine", "BENALI Yasmine", "0351209932"),
    ("sans-numero_LE-GOFF_Thomas", "LE GOFF Thomas", ""),
    ("0351218406_NDiaye_Éloïse", "N'Diaye Éloïse", "0351218406"),
    ("2635041187_Rousseau_Kévin", "Rousseau Kévin", "2635041187"),
    ("0351230057_DUBOIS_Chloé", "DUBOIS Chloé", "0351230057"),
];

/// All the PDF text of one package.
fn texts(package: &str) -> String {
    let dir = out().join(package);
    ["dossier-E5.pdf", "dossier-E6.pdf"]
        .iter()
        .map(|f| flat(&pdf_text(&dir.join(f))))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_candidate_is_built_with_a_summary_and_exit_code_0() {
    let (_, o) = built();
    assert_eq!(o.status.code(), FIXTURE_EXIT, "{}", stderr(o));
    let summary = stdout(o);
    for (package, name, numero) in PACKAGES {
        let zip = out().join(format!("{package}.zip"));
        assert!(zip.is_file(), "{package}.zip missing");
        let entries = zip_entries(&zip);
        for f in [
            "dossier-E5.pdf",
            "dossier-E6.pdf",
            "SYNTHESE.pdf",
            "SYNTHESE.xlsx",
            "pro1.pdf",
            "manifest.json",
        ] {
            assert!(
                entries.contains(&format!("{package}/{f}")),
                "{package}: {f} missing"
            );
        }
        let text = texts(package);
        assert!(text.contains(name), "{package}: name {name:?} missing");
        if !numero.is_empty() {
            assert!(text.contains(numero), "{package}: number missing");
        }
        assert!(
            summary.contains(package),
            "summary lists {package}: {summary}"
        );
    }
    assert!(
        summary.contains("6 candidat(s) : 6 construit(s)"),
        "{summary}"
    );
    assert!(out().join("rapport-classe.pdf").is_file());
}

#[test]
fn nothing_that_must_not_be_printed_is_printed() {
    for (package, _, _) in PACKAGES {
        let text = texts(package);
        for bad in [
            "BROUILLON-NE-PAS-IMPRIMER",
            "√©",
            "ğŸ“„",
            "ðŸ“„",
            "{{<",
            "\u{FFFD}",
            ": null",
            ": None",
        ] {
            assert!(!text.contains(bad), "{package}: {bad:?} printed");
        }
        // « Ã© » is quoted on purpose in N'Diaye's gestion-stock page only.
        if !package.contains("NDiaye") {
            assert!(!text.contains("Ã©"), "{package}: mojibake printed");
        }
    }
}

#[test]
fn encoding_defects_are_repaired() {
    let martin = texts("0351204877_MARTIN_Lucas");
    assert!(martin.contains("Épreuve E5 BTS SIO") && martin.contains("📄 TABLEAU DE SYNTHESE"));
    assert!(
        martin.contains("Épreuve E6 — Parcours de professionnalisation") && martin.contains("📁")
    );
    let legoff = texts("sans-numero_LE-GOFF_Thomas");
    assert!(legoff.contains("Supervision de l'infrastructure avec Zabbix"));
    assert!(legoff.contains("30 °C") && legoff.contains("📄 Procédure complète"));
    assert!(
        legoff.contains("Gestion des mises à jour Windows avec WSUS"),
        "Windows-1252 page decoded"
    );
    let ndiaye = texts("0351218406_NDiaye_Éloïse");
    assert!(
        ndiaye.contains("« Ã© »"),
        "the quoted mojibake stays literal"
    );
    let rousseau = texts("2635041187_Rousseau_Kévin");
    assert!(
        rousseau.contains("🚀") && rousseau.contains("Cluster Proxmox VE à haute disponibilité")
    );
    let benali = texts("0351209932_BENALI_Yasmine");
    assert!(
        benali.contains("Tests unitaires PHPUnit et intégration continue GitLab"),
        "CRLF page read"
    );
    let err = stderr(built().1);
    for file in [
        "martin-lucas/epreuves/e5.md",
        "le-goff-thomas/missions/wsus.md",
        "le-goff-thomas/missions/zabbix.md",
    ] {
        assert!(err.contains(file), "repair of {file} reported: {err}");
    }
}

#[test]
fn roster_and_identity_defects_behave_as_listed() {
    let err = stderr(built().1);
    // Excel dropped the leading zero: candidat.yaml wins, the mismatch is reported.
    assert!(
        err.contains("dubois-chloe/candidat.yaml") && err.contains("351230057"),
        "{err}"
    );
    assert!(texts("0351230057_DUBOIS_Chloé").contains("0351230057"));
    // No number: a warning naming the file, still built, field left blank.
    assert!(
        err.contains("le-goff-thomas/candidat.yaml") && err.contains("numéro de candidat absent")
    );
    // Unquoted YAML integer accepted and printed as written.
    assert!(texts("2635041187_Rousseau_Kévin").contains("N° candidat : 2635041187"));
    // Apostrophe and accents printed exactly; file names stay valid.
    assert!(texts("0351218406_NDiaye_Éloïse").contains("N'Diaye Éloïse"));
    assert!(texts("0351218406_NDiaye_Éloïse").contains("Librairie L'Encre Bleue"));
}

#[test]
fn page_defects_behave_as_listed() {
    let err = stderr(built().1);
    // Draft skipped and reported.
    assert!(
        err.contains("benali-yasmine/missions/portfolio-astro.md") && err.contains("brouillon")
    );
    // Unknown competence code: named, with a suggestion; the known ones kept.
    assert!(
        err.contains("rousseau-kevin/missions/wifi-invites.md") && err.contains("« patrimonie »")
    );
    assert!(err.contains("vouliez-vous dire « patrimoine »"));
    // No title: the first heading is used.
    assert!(err.contains("dubois-chloe/missions/conges-dotnet.md"));
    assert!(texts("0351230057_DUBOIS_Chloé").contains("Application de gestion des congés"));
    // Missing image: a warning naming the file and path, the PDF still built.
    assert!(
        err.contains("rousseau-kevin/missions/nas-sauvegarde.md")
            && err.contains("/assets/img/nas-synology.png")
    );
    // Hugo shortcode not printed raw; the relative image accepted without a warning.
    assert!(
        !err.contains("vpn-topologie.png"),
        "relative image inside the folder is fine: {err}"
    );
    // Typst-special characters printed literally.
    // Lines may break after a hyphen or a slash: compare without whitespace.
    let ndiaye: String = texts("0351218406_NDiaye_Éloïse")
        .split_whitespace()
        .collect();
    for literal in [
        "#include",
        "$HOME",
        "@admin",
        "<label>",
        "a*b*c",
        "C:\\Users\\admin",
        "_config_",
        "//srv-fichiers/inventaire",
        "/var/log/*.log",
        "--no-interaction",
    ] {
        let literal: String = literal.split_whitespace().collect();
        assert!(
            ndiaye.contains(&literal),
            "{literal:?} not printed literally"
        );
    }
}

#[test]
fn full_labels_tick_the_same_boxes_as_codes() {
    // DUBOIS writes competences as full labels: the report counts them like codes.
    let csv = fs::read_to_string(out().join("rapport-classe.csv")).unwrap();
    let dubois = csv
        .lines()
        .find(|l| l.starts_with("dubois-chloe;"))
        .expect("dubois row");
    let cells: Vec<&str> = dubois.split(';').collect();
    // patrimoine;incidents;presence_en_ligne;projet;service;developpement_pro;e5;e6
    assert_eq!(
        &cells[3..11],
        &["0", "1", "1", "2", "2", "2", "5", "2"],
        "{dubois}"
    );
}

#[test]
fn class_report_figures_and_flags() {
    let csv = fs::read_to_string(out().join("rapport-classe.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    let header = csv.lines().next().unwrap();
    assert!(header.contains("dossier;candidat;numero_candidat;patrimoine;incidents"));
    let legoff = csv
        .lines()
        .find(|l| l.starts_with("le-goff-thomas;"))
        .unwrap();
    let cells: Vec<&str> = legoff.split(';').collect();
    assert_eq!(
        &cells[3..11],
        &["4", "3", "0", "0", "2", "0", "4", "2"],
        "{legoff}"
    );
    assert!(legoff.contains("numéro de candidat manquant"));
    let rousseau = csv
        .lines()
        .find(|l| l.starts_with("rousseau-kevin;"))
        .unwrap();
    assert!(
        rousseau.contains("patrimonie"),
        "unknown code flagged: {rousseau}"
    );
    let benali = csv
        .lines()
        .find(|l| l.starts_with("benali-yasmine;"))
        .unwrap();
    assert!(benali.contains("1 brouillon"), "draft flagged: {benali}");
    // The PDF: title, legend, and least ready first (ready ones last).
    let pdf = flat(&pdf_text(&out().join("rapport-classe.pdf")));
    for s in [
        "Rapport de classe",
        "Légende",
        "Rennes",
        "0352741K",
        "LE GOFF Thomas",
        "prêt",
        "à revoir",
    ] {
        assert!(pdf.contains(s), "{s:?} missing from the report");
    }
    let states: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(';').nth(11).unwrap())
        .collect();
    let rank = |s: &str| match s {
        "échec" => 0,
        "à revoir" => 1,
        _ => 2,
    };
    assert!(
        states.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "sorted by readiness: {states:?}"
    );
}

#[test]
fn a_broken_candidate_is_reported_and_the_others_are_built() {
    let class = copy_class();
    fs::write(
        class.path().join("martin-lucas/candidat.yaml"),
        "nom: [MARTIN\nprenom: Lucas\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = run_class(class.path(), out.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "exit 1 when a candidate failed");
    let err = stderr(&o);
    assert!(
        err.contains("martin-lucas/candidat.yaml"),
        "the broken file is named: {err}"
    );
    assert!(stdout(&o).contains("ÉCHEC"));
    let zips = fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "zip"))
        .count();
    assert_eq!(zips, 5, "the five other candidates are built");
    let csv = fs::read_to_string(out.path().join("rapport-classe.csv")).unwrap();
    assert!(
        csv.lines().nth(1).unwrap().starts_with("martin-lucas;"),
        "the failed candidate comes first"
    );
}

#[test]
fn rerun_skips_what_did_not_change_and_rebuilds_what_did() {
    let class = copy_class();
    let out = tempfile::tempdir().unwrap();
    assert!(run_class(class.path(), out.path(), &["-q"]).status.code() == FIXTURE_EXIT);
    let zip = out.path().join("0351204877_MARTIN_Lucas.zip");
    let before = fs::read(&zip).unwrap();

    let o = run_class(class.path(), out.path(), &[]);
    assert!(o.status.code() == FIXTURE_EXIT);
    assert!(
        stdout(&o).contains("0 construit(s), 6 inchangé(s)"),
        "{}",
        stdout(&o)
    );

    // One student edits one page: only that candidate is rebuilt.
    let page = class.path().join("benali-yasmine/missions/api-symfony.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(
        &page,
        text.replace("API REST Symfony", "API REST Symfony (version 2)"),
    )
    .unwrap();
    let o = run_class(class.path(), out.path(), &[]);
    assert!(
        stdout(&o).contains("1 construit(s), 5 inchangé(s)"),
        "{}",
        stdout(&o)
    );
    let benali = flat(&pdf_text(
        &out.path().join("0351209932_BENALI_Yasmine/dossier-E5.pdf"),
    ));
    assert!(benali.contains("API REST Symfony (version 2)"));
    assert_eq!(
        fs::read(&zip).unwrap(),
        before,
        "untouched candidate's zip unchanged"
    );

    // --force rebuilds everything.
    let o = run_class(class.path(), out.path(), &["--force"]);
    assert!(
        stdout(&o).contains("6 construit(s), 0 inchangé(s)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn same_bytes_with_one_or_two_jobs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert!(
        run_class(&sample_class(), a.path(), &["--jobs", "1", "-q"])
            .status
            .code()
            == FIXTURE_EXIT
    );
    assert!(
        run_class(&sample_class(), b.path(), &["--jobs", "2", "-q"])
            .status
            .code()
            == FIXTURE_EXIT
    );
    for (package, _, _) in PACKAGES {
        let za = fs::read(a.path().join(format!("{package}.zip"))).unwrap();
        let zb = fs::read(b.path().join(format!("{package}.zip"))).unwrap();
        assert!(
            za == zb,
            "{package}.zip differs between --jobs 1 and --jobs 2"
        );
    }
    assert_eq!(
        fs::read(a.path().join("rapport-classe.pdf")).unwrap(),
        fs::read(b.path().join("rapport-classe.pdf")).unwrap()
    );
}

#[test]
fn build_detects_a_class_folder_and_plain_output_is_one_line_per_candidate() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "build",
        sample_class().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.code() == FIXTURE_EXIT);
    let err = stderr(&o);
    // Not a terminal: one plain line per candidate, no bar.
    assert_eq!(
        err.lines()
            .filter(|l| l.starts_with('[') && l.contains("/6] "))
            .count(),
        6,
        "{err}"
    );
    assert!(out.path().join("rapport-classe.pdf").is_file());
}

#[test]
fn a_school_template_overrides_the_presentation_page_and_the_logo_shows() {
    let class = copy_class();
    fs::copy(
        repo().join("inputs/assets/logo-btssio.png"),
        class.path().join("logo.png"),
    )
    .unwrap();
    let mut yaml = fs::read_to_string(class.path().join("classe.yaml")).unwrap();
    yaml.push_str("logo: logo.png\n");
    fs::write(class.path().join("classe.yaml"), yaml).unwrap();
    let templates = tempfile::tempdir().unwrap();
    fs::write(
        templates.path().join("presentation.typ"),
        "#import \"style.typ\": *\n#let presentation(d) = [Page de garde du lycée pour #d.candidat.nom_complet #if d.ecole.logo != none { image(d.ecole.logo, height: 1cm) }]\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = run_class(
        class.path(),
        out.path(),
        &["--templates", templates.path().to_str().unwrap(), "-q"],
    );
    assert!(o.status.code() == FIXTURE_EXIT, "{}", stderr(&o));
    let e5 = out.path().join("0351204877_MARTIN_Lucas/dossier-E5.pdf");
    assert!(flat(&pdf_text(&e5)).contains("Page de garde du lycée pour MARTIN Lucas"));
    let images = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&e5)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&images.stdout).lines().count() > 2,
        "the logo is in the PDF"
    );
}

#[test]
fn ctrl_c_stops_the_run_with_exit_130_and_no_half_written_zip() {
    use std::io::{BufRead, BufReader, Read};
    let out = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args([
            "class",
            sample_class().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--jobs",
            "1",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the run has really started: the first candidate's progress line.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let n = err.read_line(&mut line).unwrap();
        assert!(n > 0, "the run ended before its first candidate: {seen}");
        seen.push_str(&line);
        if line.starts_with("[1/6]") {
            break;
        }
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    err.read_to_string(&mut seen).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{seen}");
    assert!(seen.contains("interrompu"), "{seen}");
    let mut zips = 0;
    for entry in walkdir::WalkDir::new(out.path()).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains(".tmp-"),
            "temporary file left behind: {name}"
        );
        if name.ends_with(".zip") {
            zips += 1;
            let entries = zip_entries(entry.path());
            assert!(
                entries.iter().any(|e| e.ends_with("/manifest.json")),
                "{name} is complete"
            );
        }
    }
    assert!(
        zips < 6,
        "the candidates not started were not built: {seen}"
    );
}

/// Every file under `dir` (relative path → bytes), outside the incremental state.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn shards_together_equal_one_full_run() {
    let full = tempfile::tempdir().unwrap();
    assert!(
        run_class(&sample_class(), full.path(), &["-q"])
            .status
            .code()
            == FIXTURE_EXIT
    );
    let sharded = tempfile::tempdir().unwrap();
    let mut built = 0;
    for k in 1..=3 {
        let o = run_class(
            &sample_class(),
            sharded.path(),
            &["--shard", &format!("{k}/3")],
        );
        // Exit 1 for the slice holding dubois-chloe (its bloc 2), 0 for the others.
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        built += stdout(&o)
            .lines()
            .filter(|l| l.trim_end().ends_with(" construit"))
            .count();
    }
    assert_eq!(built, 6, "each candidate built by exactly one shard");
    assert!(
        !sharded.path().join("rapport-classe.pdf").exists(),
        "no partial class report"
    );
    // One unsharded run afterwards rebuilds nothing and writes the report.
    let o = run_class(&sample_class(), sharded.path(), &[]);
    assert!(
        stdout(&o).contains("0 construit(s), 6 inchangé(s)"),
        "{}",
        stdout(&o)
    );
    let (a, b) = (tree(full.path()), tree(sharded.path()));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &a {
        assert!(
            &b[path] == bytes,
            "{path} differs between the sharded and the full run"
        );
    }
    let bad = run(&["class", sample_class().to_str().unwrap(), "--shard", "4/3"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "invalid --shard is a usage error"
    );
}

#[test]
fn a_folder_of_classes_builds_each_class() {
    let academie = tempfile::tempdir().unwrap();
    for name in ["bts1", "bts2"] {
        let class = copy_class();
        fs::rename(class.path(), academie.path().join(name)).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let o = run_class(academie.path(), out.path(), &["-q"]);
    assert!(o.status.code() == FIXTURE_EXIT, "{}", stderr(&o));
    for name in ["bts1", "bts2"] {
        assert!(out.path().join(name).join("rapport-classe.pdf").is_file());
        assert!(
            out.path()
                .join(name)
                .join("0351204877_MARTIN_Lucas.zip")
                .is_file()
        );
    }
}
