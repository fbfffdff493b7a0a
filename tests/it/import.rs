//! `import` on small sites written for the project, one per generator and per real case
//! (tests/fixtures/sites/): what lands where, why, and what the built PDFs print.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{build, flat, only_zip, pdf_text, run, stderr, stdout, zip_entries};

fn fixture(case: &str) -> PathBuf {
    crate::common::repo()
        .join("tests/fixtures/sites")
        .join(case)
}

/// Imports a fixture site into a fresh folder: (temp dir, candidate folder, summary).
fn import(case: &str) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let cand = tmp.path().join("candidat");
    let site = fixture(case);
    let o = run(&[
        "import",
        site.to_str().unwrap(),
        "-o",
        cand.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "import {case} failed: {}", stderr(&o));
    (tmp, cand, stdout(&o))
}

fn read(cand: &Path, rel: &str) -> String {
    fs::read_to_string(cand.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The summary's line about `source` and the line under it (the reason).
fn entry(summary: &str, source: &str) -> String {
    let lines: Vec<&str> = summary.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.trim_start().starts_with(source))
        .unwrap_or_else(|| panic!("{source} not in the summary:\n{summary}"));
    format!("{}\n{}", lines[i], lines.get(i + 1).unwrap_or(&""))
}

fn left_out(summary: &str) -> &str {
    summary
        .split("Non placé")
        .nth(1)
        .expect("« Non placé » list")
}

/// The package folder of a build output.
fn package(out: &Path) -> PathBuf {
    fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("package folder")
}

#[test]
fn hugo_posts_placed_by_title_and_category_with_the_competences_written() {
    let (_tmp, cand, summary) = import("hugo-posts");
    assert!(summary.contains("Site Hugo"), "{summary}");
    let ap = entry(&summary, "content/post/AP31.md");
    assert!(ap.contains("missions/ap31.md"), "{ap}");
    assert!(ap.contains("titre « AP-31 »"), "{ap}");
    assert!(ap.contains("E5 par défaut"), "{ap}");
    let stage = entry(&summary, "content/post/stages.md");
    assert!(stage.contains("étiquette « stage »"), "{stage}");
    let out = left_out(&summary);
    assert!(out.contains("content/post/veille.md : veille"), "{out}");
    assert!(out.contains("content/about.md"), "{out}");
    assert!(!cand.join("missions/veille.md").exists());

    let ap31 = read(&cand, "missions/ap31.md");
    assert!(ap31.contains("epreuve: E5"), "{ap31}");
    assert!(ap31.contains("contexte: formation"), "{ap31}");
    let stages = read(&cand, "missions/stages.md");
    assert!(stages.contains("contexte: entreprise"), "{stages}");
    // An image address written with a space is kept an image.
    assert!(
        stages.contains("![Planning](</assets/image/Capture-10.png>)"),
        "{stages}"
    );
    assert!(ap31.contains("competences: [incidents, projet]"), "{ap31}");
    // The percent-encoded name is found on disk and the link stays valid Markdown.
    assert!(
        ap31.contains("![Capture](/assets/image/Capture-10.png)"),
        "{ap31}"
    );
    assert!(cand.join("assets/image/Capture-10.png").is_file());
    let yaml = read(&cand, "candidat.yaml");
    assert!(yaml.contains("option: SLAM"), "{yaml}");

    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let e5 = flat(&pdf_text(&package(out.path()).join("dossier-E5.pdf")));
    assert!(e5.contains("AP-31") && e5.contains("Stage Alpha"), "{e5}");
    assert!(e5.contains("Un site qui appelle l'API de GitLab"), "{e5}");
    assert!(!e5.contains("![") && !e5.contains("Veille Cyber"), "{e5}");
    assert!(!stderr(&o).contains("image absente"), "{}", stderr(&o));
}

#[test]
fn hugo_bundles_in_the_numbering_before_2025() {
    let (_tmp, cand, summary) = import("hugo-bundles");
    assert!(summary.contains("comme avant 2025"), "{summary}");
    for name in ["docker", "wireguard"] {
        let e = entry(&summary, &format!("content/project/{name}/index.md"));
        assert!(e.contains("réalisation E5 et E6"), "{e}");
        assert!(e.contains("étiquette « E5 »"), "{e}");
        assert!(read(&cand, &format!("missions/{name}.md")).contains("epreuve: [E5, E6]"));
    }
    let nas = read(&cand, "missions/nas.md");
    assert!(nas.contains("epreuve: E5"), "{nas}");
    assert!(nas.contains("competences: [patrimoine, projet]"), "{nas}");
    // Bundle files of the same name in two pages never collide.
    assert!(nas.contains("(/assets/nas/schema.png)"), "{nas}");
    assert!(read(&cand, "missions/docker.md").contains("(/assets/docker/schema.png)"));
    // The student's own SYNTHESE.pdf, cited by the site's full address, is kept under
    // a name that does not clash with the generated one, and the student is told.
    assert!(
        nas.contains("href=\"/assets/nas/SYNTHESE-du-site.pdf\""),
        "{nas}"
    );
    assert!(cand.join("assets/nas/SYNTHESE-du-site.pdf").is_file());
    assert!(summary.contains("SYNTHESE-du-site.pdf"), "{summary}");
    assert!(nas.contains("href=\"/assets/nas/planning.pdf\""), "{nas}");
    let out = left_out(&summary);
    assert!(
        out.contains("content/home/about.md : bloc de la page d'accueil"),
        "{out}"
    );
    assert!(
        out.contains("content/event/example/index.md : page d'exemple du thème"),
        "{out}"
    );
    assert!(
        out.contains("content/post/mentions-legales/index.md : mentions légales"),
        "{out}"
    );
    assert!(read(&cand, "candidat.yaml").contains("option: SISR"));

    let (out, o) = build(&cand);
    // The imported missions leave bloc 2 uncovered, an error: exit 1, package written.
    assert_eq!(o.status.code(), Some(1), "build failed: {}", stderr(&o));
    let dir = package(out.path());
    let e6 = flat(&pdf_text(&dir.join("dossier-E6.pdf")));
    assert!(e6.contains("Déploiement de conteneurs avec Docker"), "{e6}");
    assert!(e6.contains("Solution VPN WireGuard"), "{e6}");
    let e5 = flat(&pdf_text(&dir.join("dossier-E5.pdf")));
    assert!(
        e5.contains("Les partages de fichiers des utilisateurs"),
        "{e5}"
    );
    let entries = zip_entries(&only_zip(out.path()));
    assert!(
        entries.iter().any(|e| e.ends_with("SYNTHESE.pdf")),
        "{entries:?}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e.ends_with("assets/nas/SYNTHESE-du-site.pdf")),
        "{entries:?}"
    );
    assert!(!stderr(&o).contains("image absente"), "{}", stderr(&o));
}

#[test]
fn jekyll_base_path_liquid_files_beside_pages_and_remote_images() {
    let (_tmp, cand, summary) = import("jekyll-baseurl");
    assert!(summary.contains("Site Jekyll"), "{summary}");
    let e = entry(&summary, "_pages/realisations.md");
    assert!(e.contains("epreuves/e5.md"), "{e}");
    let e = entry(&summary, "_pages/exam/situation01.md");
    assert!(e.contains("missions/situation01.md"), "{e}");
    let e = entry(&summary, "_projets/site-vitrine.md");
    assert!(e.contains("étiquette « AP »"), "{e}");
    let out = left_out(&summary);
    assert!(
        out.contains("_posts/2021-05-07-kubernetes.md : article de blog"),
        "{out}"
    );
    assert!(out.contains("_pages/404.md"), "{out}");
    assert!(out.contains("index.md : page d'accueil"), "{out}");

    // A post with an épreuve tag is a réalisation; its date comes from its file name.
    let e = entry(&summary, "_posts/2022-03-10-supervision.md");
    assert!(e.contains("étiquette « E5 »"), "{e}");
    assert!(read(&cand, "missions/2022-03-10-supervision.md").contains("date: 2022-03-10"));
    let s1 = read(&cand, "missions/situation01.md");
    assert!(s1.contains("(/assets/situation01/infra.png)"), "{s1}");
    assert!(s1.contains("(/assets/images/logo.png)"), "{s1}");
    assert!(
        s1.contains("(/assets/situation01/fiche-situation.pdf)"),
        "{s1}"
    );
    assert!(
        s1.contains("*Image en ligne : logo-glpi.png* (<https://www.example.org/logo-glpi.png>)"),
        "{s1}"
    );
    assert!(summary.contains("image en ligne « https://www.example.org/logo-glpi.png »"));
    assert!(read(&cand, "candidat.yaml").contains("option: SISR"));
    // Suggested from keywords, never ticked.
    assert!(summary.contains("suggérées"), "{summary}");
    assert!(!read(&cand, "missions/site-vitrine.md").contains("presence_en_ligne"));

    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let e5 = flat(&pdf_text(&package(out.path()).join("dossier-E5.pdf")));
    assert!(e5.contains("Mise en place d'une solution de gestion des incidents avec GLPI"));
    assert!(e5.contains("Image en ligne"), "{e5}");
    assert!(e5.contains("https://www.example.org/logo-glpi.png"), "{e5}");
    assert!(!stderr(&o).contains("image absente"), "{}", stderr(&o));
}

#[test]
fn mkdocs_pages_without_front_matter() {
    let (_tmp, cand, summary) = import("mkdocs");
    assert!(summary.contains("Site MkDocs"), "{summary}");
    let e = entry(&summary, "docs/05_Mise_en_place/MEPD.md");
    assert!(e.contains("missions/mepd.md"), "{e}");
    assert!(e.contains("titre « Situation Pro"), "{e}");
    let mepd = read(&cand, "missions/mepd.md");
    assert!(mepd.starts_with("---\n"), "{mepd}");
    assert!(
        mepd.contains("title: \"Situation Pro : Mise en place de l'environnement documentaire\""),
        "{mepd}"
    );
    assert!(
        mepd.contains("competences: [developpement_pro, projet]"),
        "{mepd}"
    );
    assert!(mepd.contains("(/assets/images/capture-site.png)"), "{mepd}");
    assert!(
        mepd.contains("(/assets/images/ma-config1.png.png)"),
        "{mepd}"
    );
    let out = left_out(&summary);
    assert!(out.contains("docs/01_Profil/index.md : profil"), "{out}");
    assert!(
        out.contains("docs/06_Synthese/Tableau_Synthese.md : tableau de synthèse"),
        "{out}"
    );
    assert!(read(&cand, "candidat.yaml").contains("option: SLAM"));

    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let e5 = flat(&pdf_text(&package(out.path()).join("dossier-E5.pdf")));
    assert!(e5.contains("Un site MkDocs versionné avec Git"), "{e5}");
    assert!(!stderr(&o).contains("image absente"), "{}", stderr(&o));
}

#[test]
fn astro_pages_outside_collections_with_a_base_path() {
    let (_tmp, cand, summary) = import("astro-pages");
    assert!(summary.contains("Site Astro"), "{summary}");
    let gsb = read(&cand, "missions/gsb.md");
    assert!(gsb.contains("heroImage: /assets/gsb/schema.png"), "{gsb}");
    assert!(gsb.contains("coverImage: /assets/images/gsb.png"), "{gsb}");
    // Same file name in two folders: two files.
    assert!(gsb.contains("(/assets/medmanager/schema.png)"), "{gsb}");
    assert_ne!(
        fs::read(cand.join("assets/gsb/schema.png")).unwrap(),
        fs::read(cand.join("assets/medmanager/schema.png")).unwrap()
    );
    assert!(left_out(&summary).contains("src/content/blog/astro-5.md"));
    // An MDX page is kept as written: its import/export lines tell the converter it is MDX.
    let mdx = read(&cand, "missions/medmanager.md");
    assert!(mdx.contains("import Galerie"), "{mdx}");
    assert!(
        summary.contains("page MDX, gardée telle quelle"),
        "{summary}"
    );
    let yaml = read(&cand, "candidat.yaml");
    assert!(yaml.contains("option: SLAM"), "{yaml}");
    assert!(yaml.contains("https://camille-roux.fr"), "{yaml}");

    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let e5 = flat(&pdf_text(&package(out.path()).join("dossier-E5.pdf")));
    assert!(e5.contains("une application de gestion des frais"), "{e5}");
    assert!(
        e5.contains("AP2 : une application web pour les médecins"),
        "{e5}"
    );
    // No JavaScript and no component tag in the jury's copy; the component is named.
    for js in ["import Galerie", "export const", "<Galerie"] {
        assert!(!e5.contains(js), "{js}: {e5}");
    }
    let err = stderr(&o);
    assert!(err.contains("composant MDX <Galerie>"), "{err}");
    // Astro/Next keys are understood or ignored without noise.
    for key in ["excerpt", "coverImage", "author", "heroImage", "pubDate"] {
        assert!(!err.contains(&format!("« {key} »")), "{key}: {err}");
    }
}

#[test]
fn next_posts_bilingual_plain_and_other_generators() {
    let (_tmp, cand, summary) = import("next-posts");
    assert!(summary.contains("Site Next.js"), "{summary}");
    let e = entry(&summary, "_posts/vpn.md");
    assert!(
        e.contains("réalisation E5 et E6") && e.contains("clé « bts: E6 »"),
        "{e}"
    );
    assert!(
        read(&cand, "missions/vpn.md").contains("(/assets/blog/vpn/cover.png)")
            || read(&cand, "missions/vpn.md")
                .contains("coverImage: \"/assets/blog/vpn/cover.png\"")
    );
    assert!(left_out(&summary).contains("_posts/hello-world.md : article de blog"));

    // No page marked at all: the unmarked ones are taken rather than an empty dossier.
    let (_tmp, cand, summary) = import("unmarked");
    let e = entry(&summary, "_posts/serveur-dns.md");
    assert!(e.contains("prise faute de mieux"), "{e}");
    assert!(cand.join("missions/serveur-dns.md").is_file());
    assert!(left_out(&summary).contains("_posts/mentions-legales.md : mentions légales"));

    let (_tmp, cand, summary) = import("bilingual");
    assert!(cand.join("missions/glpi.md").is_file());
    assert!(!cand.join("missions/glpi-2.md").exists(), "{summary}");
    assert!(
        left_out(&summary).contains("content/projets/glpi.en.md : version anglaise"),
        "{summary}"
    );

    let (_tmp, cand, summary) = import("plain");
    assert!(summary.contains("sans générateur reconnu"), "{summary}");
    let page = read(&cand, "missions/situation-2.md");
    assert!(page.contains("competences: [service]"), "{page}");
    assert!(left_out(&summary).contains("README.md"), "{summary}");
    let (out, o) = build(&cand);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let e5 = flat(&pdf_text(&package(out.path()).join("dossier-E5.pdf")));
    // `lieu` given through a merge key is printed.
    assert!(e5.contains("Lycée Jean Moulin"), "{e5}");

    for (case, name, page) in [
        ("docusaurus", "Docusaurus", "missions/supervision.md"),
        ("vitepress", "VitePress", "missions/active-directory.md"),
        ("eleventy", "Eleventy", "missions/ap2.md"),
        ("nuxt", "Nuxt", "missions/sauvegarde.md"),
    ] {
        let (_tmp, cand, summary) = import(case);
        assert!(summary.contains(&format!("Site {name}")), "{summary}");
        assert!(cand.join(page).is_file(), "{case}: {summary}");
    }
    let (_tmp, _cand, summary) = import("docusaurus");
    assert!(left_out(&summary).contains("tutorial-basics/create-a-page.md : page d'exemple"));
}

#[test]
fn check_names_the_realisations_to_choose_for_e6() {
    let (_tmp, cand, _) = import("hugo-posts");
    let o = run(&["check", cand.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("0 réalisation(s) pour l'épreuve E6"), "{err}");
    assert!(
        err.contains("réalisations parmi lesquelles choisir"),
        "{err}"
    );
    assert!(
        err.contains("« AP-31 »") && err.contains("« Stage Alpha »"),
        "{err}"
    );
}
