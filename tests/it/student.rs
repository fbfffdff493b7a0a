//! A student's workflow: `init`, `import` (Astro, Hugo), `watch` and `build --print`,
//! checked through the binary and the PDFs as a student would, and the watch's rebuild
//! through the library.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use sio_dossier::pipeline::watch::{Watch, WatchOptions, describe};
use sio_dossier::scaffold::{E5_EXAMPLE_TITLE, E6_EXAMPLE_TITLES, InitOptions, init};

const SISR_TITLE: &str = E6_EXAMPLE_TITLES[0].2;
const SLAM_TITLE: &str = E6_EXAMPLE_TITLES[1].2;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The package folder of the only candidate built in `out`.
fn package_dir(out: &Path) -> PathBuf {
    only_zip(out).with_extension("")
}

fn copy_from_inputs(rel: &str, to: &Path) {
    fs::create_dir_all(to.parent().unwrap()).unwrap();
    fs::copy(repo().join("inputs").join(rel), to).unwrap();
}

/// Lines of stderr that are warnings or errors.
fn problems(err: &str) -> Vec<&str> {
    err.lines()
        .filter(|l| l.starts_with("attention") || l.starts_with("erreur"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// init

#[test]
fn init_then_build_gives_the_example_dossiers() {
    let tmp = tempfile::tempdir().unwrap();
    let cand = tmp.path().join("mon-dossier");
    let o = run(&["init", s(&cand)]);
    assert!(o.status.success(), "init failed: {}", stderr(&o));
    assert!(
        stdout(&o).contains("Dossier du candidat créé"),
        "{}",
        stdout(&o)
    );
    for f in [
        "candidat.yaml",
        "epreuves/e5.md",
        "epreuves/e6.md",
        "missions/assistance-glpi.md",
        "missions/vpn-wireguard.md",
        "assets/img/architecture-glpi.svg",
        "assets/livrables/procedure-glpi.pdf",
    ] {
        assert!(cand.join(f).is_file(), "{f} not created");
    }
    let yaml = fs::read_to_string(cand.join("candidat.yaml")).unwrap();
    assert!(yaml.contains("# Numéro de candidat"), "comments in French");

    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    // The scaffold is clean: the only remarks are the candidate number left to fill in and
    // the readiness of an example with two realisations (coverage, count of E6).
    for line in problems(&stderr(&o)) {
        let expected = line.contains("numéro de candidat")
            || line.contains("couverte par aucune réalisation")
            || line.contains("il en faut deux");
        assert!(expected, "unexpected: {line}");
    }
    let dir = package_dir(out.path());
    let e5 = flat(&pdf_text(&dir.join("dossier-E5.pdf")));
    assert!(
        e5.contains(E5_EXAMPLE_TITLE),
        "E5 mission in the E5 dossier"
    );
    assert!(e5.contains("Tableau de synthèse des réalisations professionnelles"));
    let e6 = flat(&pdf_text(&dir.join("dossier-E6.pdf")));
    assert!(e6.contains(SISR_TITLE), "E6 mission in the E6 dossier");
    assert!(
        !e6.contains(E5_EXAMPLE_TITLE),
        "the E5-only mission has no E6 fiche"
    );
    assert!(dir.join("assets/livrables/procedure-glpi.pdf").is_file());
}

#[test]
fn init_slam_with_a_name() {
    let tmp = tempfile::tempdir().unwrap();
    let cand = tmp.path().join("slam");
    let o = run(&[
        "init",
        s(&cand),
        "--option",
        "SLAM",
        "--nom",
        "MARTIN",
        "--prenom",
        "Léa",
    ]);
    assert!(o.status.success(), "init failed: {}", stderr(&o));
    assert!(cand.join("missions/reservation-salles.md").is_file());
    assert!(!cand.join("missions/vpn-wireguard.md").exists());
    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let e6 = flat(&pdf_text(&package_dir(out.path()).join("dossier-E6.pdf")));
    assert!(e6.contains(SLAM_TITLE));
    assert!(e6.contains("MARTIN Léa"));
    assert!(e6.contains("Conception et développement d'applications"));
}

#[test]
fn init_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let cand = tmp.path().join("c");
    assert!(run(&["init", s(&cand)]).status.success());
    fs::write(cand.join("candidat.yaml"), "nom: MOI\n").unwrap();
    let o = run(&["init", s(&cand)]);
    assert_eq!(o.status.code(), Some(1), "refused with exit code 1");
    let err = stderr(&o);
    assert!(err.contains("existe déjà"), "{err}");
    assert!(err.contains("rien n'a été écrit"), "{err}");
    assert_eq!(
        fs::read_to_string(cand.join("candidat.yaml")).unwrap(),
        "nom: MOI\n",
        "the student's file is untouched"
    );

    // One conflicting file is enough, and nothing else is created then.
    let other = tmp.path().join("d");
    write(&other.join("missions/assistance-glpi.md"), "# à moi\n");
    let o = run(&["init", s(&other)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("missions/assistance-glpi.md"));
    assert!(!other.join("candidat.yaml").exists(), "nothing written");
}

// ---------------------------------------------------------------------------------------
// import

/// A small Astro portfolio: content collections, `public/`, `src/assets/`.
fn astro_site(root: &Path) {
    write(
        &root.join("astro.config.mjs"),
        "import { defineConfig } from 'astro/config';\nexport default defineConfig({\n  site: 'https://camille-roux.fr',\n});\n",
    );
    write(
        &root.join("src/content/pages/epreuve-e5.md"),
        "---\ntitle: \"Épreuve E5 — Support et mise à disposition de services informatiques\"\n---\n\nMes réalisations : [le serveur GLPI](/projets/glpi/).\n",
    );
    write(
        &root.join("src/content/pages/e6.md"),
        "---\ntitle: \"Épreuve E6 — Administration des systèmes et des réseaux\"\n---\n\nDeux réalisations, dont [le VPN](/projets/vpn/).\n",
    );
    write(
        &root.join("src/content/projets/glpi.md"),
        "---\ntitle: \"Serveur GLPI du site Astro\"\npubDate: 2025-03-10 00:00:00\ndescription: \"Gestion de parc\"\nheroImage: ../../assets/glpi-hero.png\nepreuve: E5\ncontexte: formation\ncompetences: [patrimoine, incidents, service]\nlivrables: [/docs/procedure-glpi.pdf]\n---\n\n## Schéma\n\n![Schéma du serveur](/img/schema-glpi.png)\n\nVoir la [procédure](/docs/procedure-glpi.pdf) et ![une image perdue](/img/absente.png).\n",
    );
    write(
        &root.join("src/content/projets/vpn.md"),
        "---\ntitle: \"VPN WireGuard du site Astro\"\npubDate: 2025-06-20\nepreuve: E6\ncontexte: entreprise\ncompetences: [deployer_infra, exploiter_infra]\n---\n\nUn tunnel chiffré.\n",
    );
    write(
        &root.join("src/content/blog/bonjour.md"),
        "---\ntitle: \"Bonjour le monde\"\n---\n\nPremier article du blog.\n",
    );
    copy_from_inputs(
        "assets/img/veille-freshrss.png",
        &root.join("src/assets/glpi-hero.png"),
    );
    copy_from_inputs(
        "assets/img/mdt-deploiement.png",
        &root.join("public/img/schema-glpi.png"),
    );
    copy_from_inputs(
        "assets/livrables/win11-procedure-mdt.pdf",
        &root.join("public/docs/procedure-glpi.pdf"),
    );
}

/// A small Hugo portfolio: TOML front matter, a page bundle, `static/`, sections.
fn hugo_site(root: &Path) {
    write(
        &root.join("hugo.toml"),
        "baseURL = \"https://camille-roux.fr/\"\ntitle = \"Portfolio\"\n",
    );
    write(
        &root.join("content/_index.md"),
        "+++\ntitle = \"Accueil\"\n+++\nBienvenue.\n",
    );
    write(
        &root.join("content/about.md"),
        "+++\ntitle = \"À propos\"\n+++\nQui je suis.\n",
    );
    write(
        &root.join("content/epreuves/e5.md"),
        "+++\ntitle = \"Épreuve E5 — Support\"\n+++\nPage de l'épreuve E5.\n",
    );
    write(
        &root.join("content/epreuves/e6.md"),
        "+++\ntitle = \"Épreuve E6 — Administration\"\n+++\nPage de l'épreuve E6.\n",
    );
    write(
        &root.join("content/missions/_index.md"),
        "+++\ntitle = \"Missions\"\n+++\n",
    );
    write(
        &root.join("content/missions/glpi.md"),
        "---\ntitle: \"Serveur GLPI du site Hugo\"\ndate: 2025-03-10\nepreuve: E5\ncontexte: formation\ncompetences: [patrimoine, incidents]\n---\n\nInventaire du parc, [toutes les missions](/missions/).\n\n![Relatif à l'adresse de la page](../img/glpi.png)\n",
    );
    write(
        &root.join("content/missions/zabbix/index.md"),
        "+++\ntitle = \"Supervision Zabbix du site Hugo\"\ndate = 2025-10-02T10:00:00+02:00\nepreuve = [\"E5\", \"E6\"]\ncontexte = \"entreprise\"\ncompetences = [\"exploiter_infra\", \"incidents\"]\nlivrables = [\"/files/zabbix-procedure.pdf\"]\n+++\n\n{{< figure src=\"tableau-de-bord.png\" caption=\"Tableau de bord\" >}}\n\nSuite de [la mission GLPI](/missions/glpi/).\n",
    );
    copy_from_inputs(
        "assets/img/centreon-tableau-de-bord.png",
        &root.join("content/missions/zabbix/tableau-de-bord.png"),
    );
    copy_from_inputs(
        "assets/img/mdt-deploiement.png",
        &root.join("static/img/glpi.png"),
    );
    copy_from_inputs(
        "assets/livrables/centreon-procedure-exploitation.pdf",
        &root.join("static/files/zabbix-procedure.pdf"),
    );
}

#[test]
fn import_an_astro_site_then_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    astro_site(&site);
    let cand = tmp.path().join("candidat");
    let o = run(&["import", s(&site), "-o", s(&cand)]);
    assert!(o.status.success(), "import failed: {}", stderr(&o));
    let msg = stdout(&o);
    assert!(msg.contains("Site Astro"), "{msg}");

    for f in [
        "candidat.yaml",
        "epreuves/e5.md",
        "epreuves/e6.md",
        "missions/glpi.md",
        "missions/vpn.md",
        "assets/glpi-hero.png",
        "assets/img/schema-glpi.png",
        "assets/docs/procedure-glpi.pdf",
    ] {
        assert!(cand.join(f).is_file(), "{f} not written:\n{msg}");
    }
    assert!(!cand.join("missions/bonjour.md").exists());
    let glpi = fs::read_to_string(cand.join("missions/glpi.md")).unwrap();
    assert!(glpi.contains("heroImage: /assets/glpi-hero.png"), "{glpi}");
    assert!(
        glpi.contains("livrables: [/assets/docs/procedure-glpi.pdf]"),
        "{glpi}"
    );
    assert!(
        glpi.contains("![Schéma du serveur](/assets/img/schema-glpi.png)"),
        "{glpi}"
    );
    assert!(glpi.contains("(/assets/docs/procedure-glpi.pdf)"), "{glpi}");
    let e5 = fs::read_to_string(cand.join("epreuves/e5.md")).unwrap();
    assert!(
        e5.contains("(/missions/glpi/)"),
        "page link mapped to the mission: {e5}"
    );
    let yaml = fs::read_to_string(cand.join("candidat.yaml")).unwrap();
    assert!(yaml.contains("option: SISR"), "option from the competences");
    assert!(
        yaml.contains("portfolio: \"https://camille-roux.fr\""),
        "{yaml}"
    );

    let unplaced = msg.split("Non placé").nth(1).expect("« Non placé » list");
    assert!(
        unplaced.contains("src/content/blog/bonjour.md"),
        "{unplaced}"
    );
    assert!(unplaced.contains("/img/absente.png"), "{unplaced}");
    assert!(
        !unplaced.contains("glpi.md :"),
        "placed pages are not listed: {unplaced}"
    );

    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let dir = package_dir(out.path());
    let e5 = flat(&pdf_text(&dir.join("dossier-E5.pdf")));
    assert!(e5.contains("Serveur GLPI du site Astro"));
    assert!(e5.contains("procedure-glpi.pdf"), "livrable listed");
    let e6 = flat(&pdf_text(&dir.join("dossier-E6.pdf")));
    assert!(e6.contains("VPN WireGuard du site Astro"));
}

#[test]
fn import_a_hugo_site_then_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    hugo_site(&site);
    let cand = tmp.path().join("candidat");
    let o = run(&["import", s(&site), "-o", s(&cand)]);
    assert!(o.status.success(), "import failed: {}", stderr(&o));
    let msg = stdout(&o);
    assert!(msg.contains("Site Hugo"), "{msg}");
    for f in [
        "epreuves/e5.md",
        "epreuves/e6.md",
        "missions/glpi.md",
        "missions/zabbix.md",
        "assets/zabbix/tableau-de-bord.png",
        "assets/files/zabbix-procedure.pdf",
    ] {
        assert!(cand.join(f).is_file(), "{f} not written:\n{msg}");
    }
    let zabbix = fs::read_to_string(cand.join("missions/zabbix.md")).unwrap();
    assert!(zabbix.starts_with("+++\n"), "TOML front matter kept");
    assert!(
        zabbix.contains("src=\"/assets/zabbix/tableau-de-bord.png\""),
        "{zabbix}"
    );
    assert!(
        zabbix.contains("\"/assets/files/zabbix-procedure.pdf\""),
        "{zabbix}"
    );
    let glpi = fs::read_to_string(cand.join("missions/glpi.md")).unwrap();
    assert!(
        glpi.contains("(/assets/img/glpi.png)"),
        "a relative path read as Hugo does, against the page's address: {glpi}"
    );
    assert!(glpi.contains("(/missions/)"), "{glpi}");
    let unplaced = msg.split("Non placé").nth(1).expect("« Non placé » list");
    assert!(!unplaced.contains("/missions/ (cité"), "{unplaced}");
    for page in [
        "content/_index.md",
        "content/about.md",
        "content/missions/_index.md",
    ] {
        assert!(unplaced.contains(page), "{page} listed: {unplaced}");
    }

    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let dir = package_dir(out.path());
    let e5 = flat(&pdf_text(&dir.join("dossier-E5.pdf")));
    assert!(e5.contains("Serveur GLPI du site Hugo"));
    assert!(e5.contains("Supervision Zabbix du site Hugo"));
    let e6 = flat(&pdf_text(&dir.join("dossier-E6.pdf")));
    assert!(e6.contains("Supervision Zabbix du site Hugo"));
    assert!(!stderr(&o).contains("image absente"), "{}", stderr(&o));
}

#[test]
fn import_dry_run_writes_nothing_and_existing_files_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    hugo_site(&site);
    let cand = tmp.path().join("candidat");
    let o = run(&["import", s(&site), "-o", s(&cand), "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let msg = stdout(&o);
    assert!(msg.contains("content/missions/zabbix/index.md"), "{msg}");
    assert!(msg.contains("missions/zabbix.md"), "{msg}");
    assert!(msg.contains("rien n'a été écrit"), "{msg}");
    assert!(!cand.exists(), "dry run wrote something");

    write(&cand.join("missions/glpi.md"), "à moi\n");
    let o = run(&["import", s(&site), "-o", s(&cand)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("existe déjà"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(cand.join("missions/glpi.md")).unwrap(),
        "à moi\n"
    );
}

#[cfg(unix)]
#[test]
fn import_never_reads_outside_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("secret");
    write(&secret.join("canari.png"), "CANARI-HORS-DU-SITE");
    write(
        &secret.join("page.md"),
        "---\ncompetences: [patrimoine]\n---\nCANARI-PAGE\n",
    );
    let site = tmp.path().join("site");
    write(
        &site.join("content/missions/fuite.md"),
        "---\ntitle: \"Fuite\"\nepreuve: E5\ncompetences: [patrimoine]\nimg: ../../../secret/canari.png\n---\n\n![a](../../../secret/canari.png) ![b](/lien/canari.png) ![c](/etc/passwd)\n",
    );
    fs::create_dir_all(site.join("static")).unwrap();
    std::os::unix::fs::symlink(&secret, site.join("static/lien")).unwrap();
    std::os::unix::fs::symlink(&secret, site.join("content/missions/dehors")).unwrap();

    let cand = tmp.path().join("candidat");
    let o = run(&["import", s(&site), "-o", s(&cand)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let msg = stdout(&o);
    let unplaced = msg.split("Non placé").nth(1).unwrap();
    assert!(
        unplaced.contains("../../../secret/canari.png"),
        "{unplaced}"
    );
    assert!(unplaced.contains("/lien/canari.png"), "{unplaced}");
    for entry in walkdir::WalkDir::new(&cand) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("CANARI-HORS-DU-SITE") && !text.contains("CANARI-PAGE"),
                "{} holds a file from outside the site",
                entry.path().display()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// watch

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn watch_rebuilds_only_the_documents_that_depend_on_the_change() {
    let tmp = tempfile::tempdir().unwrap();
    let cand = tmp.path().join("cand");
    init(&cand, &InitOptions::default()).unwrap();
    let out = tmp.path().join("out");
    let mut watch = Watch::new(
        &cand,
        WatchOptions {
            out: out.clone(),
            ..WatchOptions::default()
        },
    )
    .unwrap();

    let first = watch.rebuild(&[]);
    assert!(first.report.zip.is_some(), "{:?}", first.report.diagnostics);
    assert_eq!(first.compiled(), ["dossier-E5.pdf", "dossier-E6.pdf"]);
    let dir = package_dir(&out);
    let e5_before = fs::read(dir.join("dossier-E5.pdf")).unwrap();

    // An E6-only mission: only the E6 dossier is laid out again.
    replace_in(
        &cand.join("missions/vpn-wireguard.md"),
        "title: \"Accès distant sécurisé par VPN WireGuard\"",
        "title: \"Accès distant par VPN WireGuard, version relue\"",
    );
    let r = watch.rebuild(&[PathBuf::from("missions/vpn-wireguard.md")]);
    assert_eq!(r.compiled(), ["dossier-E6.pdf"], "{}", describe(&r));
    assert_eq!(r.reused(), ["dossier-E5.pdf"]);
    let text = describe(&r);
    assert!(text.contains("missions/vpn-wireguard.md"), "{text}");
    assert!(text.contains("refait : dossier-E6.pdf"), "{text}");
    let e6 = flat(&pdf_text(&dir.join("dossier-E6.pdf")));
    assert!(e6.contains("Accès distant par VPN WireGuard, version relue"));
    assert_eq!(fs::read(dir.join("dossier-E5.pdf")).unwrap(), e5_before);
    let zip = only_zip(&out);
    let name = zip.file_stem().unwrap().to_str().unwrap().to_string();
    let zipped = zip_entry(&zip, &format!("{name}/dossier-E6.pdf"));
    assert_eq!(
        zipped,
        fs::read(dir.join("dossier-E6.pdf")).unwrap(),
        "zip updated"
    );

    // An E5-only mission: only the E5 dossier.
    replace_in(
        &cand.join("missions/assistance-glpi.md"),
        "## Bilan",
        "## Bilan et suites",
    );
    let r = watch.rebuild(&[PathBuf::from("missions/assistance-glpi.md")]);
    assert_eq!(r.compiled(), ["dossier-E5.pdf"], "{}", describe(&r));

    // candidat.yaml: both.
    replace_in(
        &cand.join("candidat.yaml"),
        "nom: \"NOM\"",
        "nom: \"DURAND\"",
    );
    let r = watch.rebuild(&[PathBuf::from("candidat.yaml")]);
    assert_eq!(r.compiled(), ["dossier-E5.pdf", "dossier-E6.pdf"]);

    // An image of the E6 mission: the E6 dossier only.
    let svg = cand.join("assets/img/schema-vpn.svg");
    replace_in(&svg, "tunnel UDP 51820", "tunnel UDP 51821");
    let r = watch.rebuild(&[svg]);
    assert_eq!(r.compiled(), ["dossier-E6.pdf"], "{}", describe(&r));

    // Nothing changed: nothing laid out.
    let r = watch.rebuild(&[]);
    assert!(r.compiled().is_empty(), "{}", describe(&r));
}

#[test]
fn watch_reports_errors_and_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let cand = tmp.path().join("cand");
    init(&cand, &InitOptions::default()).unwrap();
    let out = tmp.path().join("out");
    let mut watch = Watch::new(
        &cand,
        WatchOptions {
            out: out.clone(),
            print: true,
            ..WatchOptions::default()
        },
    )
    .unwrap();
    let first = watch.rebuild(&[]);
    assert_eq!(
        first.compiled(),
        ["dossier-E5.pdf", "dossier-E6.pdf", "dossier.pdf"]
    );
    let zip_before = fs::read(only_zip(&out)).unwrap();

    let yaml = cand.join("candidat.yaml");
    let good = fs::read_to_string(&yaml).unwrap();
    fs::write(&yaml, "nom: [pas fermé\n").unwrap();
    let r = watch.rebuild(std::slice::from_ref(&yaml));
    assert!(r.report.zip.is_none());
    let text = describe(&r);
    assert!(text.contains("erreur : candidat.yaml"), "{text}");
    assert!(
        text.contains("les PDF précédents restent en place"),
        "{text}"
    );
    assert_eq!(
        fs::read(only_zip(&out)).unwrap(),
        zip_before,
        "old package kept"
    );

    fs::write(&yaml, good.replace("NOM", "BERNARD")).unwrap();
    let r = watch.rebuild(&[yaml]);
    assert!(r.report.zip.is_some(), "{}", describe(&r));
    // Renamed: the package written before under the old name is gone.
    assert!(describe(&r).contains("paquet renommé"), "{}", describe(&r));
    let text = flat(&pdf_text(&package_dir(&out).join("dossier.pdf")));
    assert!(text.contains("BERNARD Prénom"), "rebuilt after the fix");
}

/// The command itself: start it, save a file, see the PDF change, stop it with Ctrl-C.
#[cfg(unix)]
#[test]
fn watch_command_rebuilds_on_save_and_stops_on_ctrl_c() {
    let tmp = tempfile::tempdir().unwrap();
    let cand = tmp.path().join("cand");
    init(&cand, &InitOptions::default()).unwrap();
    let out = tmp.path().join("out");
    let log = tmp.path().join("watch.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sio-dossier"))
        .args(["watch", s(&cand), "-o", s(&out)])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let wait_for = |what: &str, ok: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !ok() {
            assert!(
                start.elapsed() < Duration::from_secs(240),
                "timed out waiting for {what}: {}",
                fs::read_to_string(&log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for("the first build", &|| {
        fs::read_to_string(&log).is_ok_and(|l| l.contains(" s → "))
    });
    let e6 = package_dir(&out).join("dossier-E6.pdf");
    assert!(flat(&pdf_text(&e6)).contains(SISR_TITLE));

    replace_in(
        &cand.join("missions/vpn-wireguard.md"),
        "title: \"Accès distant sécurisé par VPN WireGuard\"",
        "title: \"VPN WireGuard enregistré pendant la surveillance\"",
    );
    wait_for("the rebuild", &|| {
        e6.is_file()
            && flat(&pdf_text(&e6)).contains("VPN WireGuard enregistré pendant la surveillance")
    });

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "watch did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = fs::read_to_string(&log).unwrap();
    assert!(status.success(), "Ctrl-C stops cleanly: {status:?}\n{log}");
    assert!(log.contains("refait : dossier-E6.pdf"), "{log}");
    assert!(log.contains("surveillance arrêtée"), "{log}");
}

// ---------------------------------------------------------------------------------------
// build --print

/// The outline (bookmarks) of a PDF, as `pdftohtml -xml` lists it.
fn outline(pdf: &Path) -> String {
    let o = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-q"])
        .arg(pdf)
        .output()
        .expect("pdftohtml is installed (poppler-utils)");
    let xml = String::from_utf8_lossy(&o.stdout).into_owned();
    let start = xml.find("<outline").expect("the PDF has an outline");
    let end = xml.rfind("</outline>").unwrap();
    xml[start..end].to_string()
}

fn page_texts(pdf: &Path) -> Vec<String> {
    pdf_text(pdf).split('\u{c}').map(flat).collect()
}

#[test]
fn print_gives_one_printable_dossier() {
    let out = tempfile::tempdir().unwrap();
    let with = run(&[
        "build",
        s(&repo().join("inputs")),
        "-o",
        s(out.path()),
        "--print",
    ]);
    assert!(with.status.success(), "{}", stderr(&with));
    let dir = package_dir(out.path());
    let pdf = dir.join("dossier.pdf");
    let pages = page_texts(&pdf);
    let total = pdf_pages(&pdf);
    let e5_pages = pdf_pages(&dir.join("dossier-E5.pdf"));
    let e6_pages = pdf_pages(&dir.join("dossier-E6.pdf"));
    // Cover, contents, a title page per épreuve, then each dossier without its own
    // présentation page.
    assert_eq!(total, 2 + (1 + e5_pages - 1) + (1 + e6_pages - 1));
    // Every page but the tableau de synthèse's, printed as the official sheet (no footer).
    for (i, page) in pages.iter().take(total).enumerate() {
        if page.contains("Compétences mises en œuvre") {
            continue;
        }
        assert!(
            page.contains(&format!("page {} / {total}", i + 1)),
            "page {} numbered: {page}",
            i + 1
        );
    }
    assert!(pages[0].contains("Dossier des épreuves professionnelles"));
    assert!(pages[0].contains("LEFÈVRE Noémie"));
    let contents = &pages[1];
    assert!(contents.contains("Sommaire"));
    for entry in [
        "Épreuve E5 — Support et mise à disposition de services informatiques",
        "Tableau de synthèse des réalisations professionnelles",
        "Épreuve E6 — Administration des systèmes et des réseaux",
        "Réalisation n° 1 : Hébergement et mise en ligne du site de l'Aviron Club",
    ] {
        assert!(
            contents.contains(entry),
            "{entry:?} in the contents: {contents}"
        );
    }
    let all = pages.join(" ");
    assert!(all.contains("Supervision de l'infrastructure du syndicat avec Centreon"));
    assert!(all.contains("DESCRIPTION D’UNE RÉALISATION PROFESSIONNELLE"));
    // The E5 part comes before the E6 part.
    let e5_at = all.find("Compétences mises en œuvre").unwrap();
    let e6_at = all.find("ANNEXE VII-1-A").unwrap();
    assert!(e5_at < e6_at);

    let bookmarks = outline(&pdf);
    assert!(bookmarks.contains("Épreuve E5"), "{bookmarks}");
    assert!(bookmarks.contains("Épreuve E6"), "{bookmarks}");
    assert!(bookmarks.contains("Tableau de synthèse"), "{bookmarks}");
    assert!(
        bookmarks.matches("<outline").count() >= 3,
        "nested: {bookmarks}"
    );

    let zip = only_zip(out.path());
    let name = zip.file_stem().unwrap().to_str().unwrap();
    assert!(zip_entries(&zip).contains(&format!("{name}/dossier.pdf")));

    // The other outputs are the same as without --print.
    let plain_out = tempfile::tempdir().unwrap();
    let plain = run(&[
        "build",
        s(&repo().join("inputs")),
        "-o",
        s(plain_out.path()),
    ]);
    assert!(plain.status.success());
    let plain_dir = package_dir(plain_out.path());
    for f in [
        "dossier-E5.pdf",
        "dossier-E6.pdf",
        "SYNTHESE.pdf",
        "pro1.pdf",
    ] {
        assert!(
            fs::read(dir.join(f)).unwrap() == fs::read(plain_dir.join(f)).unwrap(),
            "{f} changed with --print"
        );
    }
    assert!(!plain_dir.join("dossier.pdf").exists());
}
