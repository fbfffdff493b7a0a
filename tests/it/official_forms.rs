//! The 2026 official forms as the models print them: the tableau de synthèse (PDF and
//! xlsx), the fiche descriptive by option, the périodes, the centre's name, and the E6
//! rules of the readiness check. The official models' facts are written here as data
//! (labels, merges, widths, heights, page setup of the official sheet).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};

use crate::common::*;

// ---------------------------------------------------------------------------------------
// Fixtures: small candidates written by the tests.

const IDENTITY: &str = "nom: ROBIN\nprenom: Ana\nmode: CCF\nsession: 2026\n\
                        portfolio: \"https://ana-robin.example.org\"\n";

/// A candidate folder: `candidat.yaml` (identity + `extra` lines) and one mission per
/// `(slug, front matter lines)`.
fn candidate(dir: &Path, option: &str, extra: &str, missions: &[(&str, String)]) {
    Candidate::new(dir)
        .folder("missions")
        .yaml(format!("{IDENTITY}option: {option}\n{extra}"))
        .missions(missions.iter().map(|(slug, front)| {
            let page = format!("---\n{front}---\nCorps de la réalisation {slug}.\n");
            (slug, page)
        }));
}

/// Front matter of a mission.
fn mission(title: &str, date: &str, epreuve: &str, contexte: &str, competences: &str) -> String {
    format!(
        "title: \"{title}\"\ndate: {date}\nepreuve: {epreuve}\ncontexte: {contexte}\ncompetences: [{competences}]\n"
    )
}

/// Two E6 réalisations covering the three SISR bloc 2 competences, one E5 per section.
fn sisr_missions() -> Vec<(&'static str, String)> {
    vec![
        (
            "glpi",
            mission(
                "Parc GLPI",
                "2025-03-10",
                "E5",
                "formation",
                "patrimoine, incidents",
            ) + "periode: du 03/02/2025 au 14/03/2025\nlivrables: []\n",
        ),
        (
            "site",
            mission(
                "Site vitrine",
                "2025-05-10",
                "E5",
                "pro1",
                "presence_en_ligne, projet",
            ),
        ),
        (
            "veille",
            mission(
                "Veille",
                "2025-09-10",
                "E5",
                "pro2",
                "developpement_pro, service",
            ),
        ),
        (
            "vlan",
            mission(
                "Réseau VLAN",
                "2025-04-01",
                "E6",
                "formation",
                "concevoir_infra, deployer_infra",
            ),
        ),
        (
            "supervision",
            mission("Supervision", "2025-06-01", "E6", "pro1", "exploiter_infra"),
        ),
    ]
}

/// Builds `dir` into a fresh output folder; the package folder of the only candidate.
fn built(dir: &Path) -> (tempfile::TempDir, PathBuf, String) {
    let (out, o) = build(dir);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    let zip = only_zip(out.path());
    let package = zip.with_extension("");
    (out, package, stderr(&o))
}

/// Width and height of each page of a PDF, in points (pdfinfo).
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let o = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(pdf)
        .output()
        .expect("pdfinfo is installed");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split(':')
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[0], nums[1])
        })
        .collect()
}

/// The text of a PDF in reading order (rotated cells read as lines), whitespace folded:
/// the layout mode of pdftotext mixes the tableau's rotated cells with the others.
fn raw_text(pdf: &Path) -> String {
    flat(&pdftotext(pdf, &["-raw"]))
}

/// Same, for page `page` only.
fn raw_page(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    flat(&pdftotext(pdf, &["-raw", "-f", &p, "-l", &p]))
}

// ---------------------------------------------------------------------------------------
// The tableau de synthèse (PDF).

#[test]
fn tableau_is_one_a4_portrait_page_with_the_model_labels() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    candidate(
        &c,
        "SISR",
        "numero_candidat: \"0351000001\"\ncentre: \"Lycée Test\"\n",
        &sisr_missions(),
    );
    let (_out, pkg, _) = built(&c);
    let pdf = pkg.join("SYNTHESE.pdf");
    assert_eq!(pdf_pages(&pdf), 1, "one page");
    let (w, h) = page_sizes(&pdf)[0];
    assert!(
        (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
        "A4 portrait: {w} x {h}"
    );
    // Reading order: the layout mode of pdftotext is confused by the rotated cells.
    let text = raw_text(&pdf);
    let raw = &text;
    for label in [
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
        "SESSION 2026",
        "Tableau de synthèse des réalisations professionnelles",
        "NOM et prénom : ROBIN Ana",
        "N° candidat : 0351000001",
        "Centre de formation : Lycée Test",
        "Option : ☒ SISR ▢ SLAM",
        "Adresse URL du portfolio : https://ana-robin.example.org",
        "Compétences mises en œuvre",
        "Réalisations professionnelles",
        "(intitulé et liste des documents et productions associés)",
        "Réalisation en cours de formation",
        "Réalisations en milieu professionnel en cours de première année",
        "Réalisations en milieu professionnel en cours de seconde année",
    ] {
        assert!(text.contains(label), "label {label:?} missing in {text}");
    }
    // Rotated and wrapped cells, read in reading order.
    for label in [
        "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)",
        "Répondre aux incidents et aux demandes d’assistance et d’évolution",
        "Développer la présence en ligne de l’organisation",
        "▸Gérer des sauvegardes",
        "▸Planifier les activités",
        "▸Développer son projet professionnel",
        "du 03/02/25 au 14/03/25",
    ] {
        assert!(raw.contains(label), "label {label:?} missing in {raw}");
    }
    // What the sheet does not have: an annex line, a page number on a one-page tableau.
    assert!(!text.contains("Annexe VI-1"), "{text}");
    assert!(!text.contains("page 1 /"), "{text}");
    assert!(!text.contains("(intitulé et productions associées)"));
}

#[test]
fn the_dossier_prints_the_tableau_on_a_portrait_page_without_the_dossier_number() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    candidate(
        &c,
        "SISR",
        "numero_candidat: \"0351000001\"\n",
        &sisr_missions(),
    );
    let (_out, pkg, _) = built(&c);
    let dossier = pkg.join("dossier-E5.pdf");
    for (w, h) in page_sizes(&dossier) {
        assert!(w < h, "every page portrait: {w} x {h}");
    }
    // SYNTHESE.pdf is cut from the dossier: it must not say « page 3 / N ».
    let synthese = raw_text(&pkg.join("SYNTHESE.pdf"));
    assert!(!synthese.contains("page "), "{synthese}");
}

/// A candidate with `n` E5 réalisations in the formation section.
fn many(dir: &Path, n: usize) {
    let missions: Vec<(String, String)> = (1..=n)
        .map(|i| {
            (
                format!("r{i:02}"),
                mission(
                    &format!("Réalisation numéro {i}"),
                    &format!("2025-01-{:02}", 1 + i % 28),
                    "E5",
                    "formation",
                    "patrimoine",
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, String)> = missions
        .iter()
        .map(|(s, f)| (s.as_str(), f.clone()))
        .collect();
    candidate(dir, "SISR", "numero_candidat: \"0351000001\"\n", &refs);
}

#[test]
fn more_realisations_than_rows_scale_the_page_down() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    many(&c, 14);
    let (_out, pkg, _) = built(&c);
    let pdf = pkg.join("SYNTHESE.pdf");
    assert_eq!(
        pdf_pages(&pdf),
        1,
        "14 rows instead of 10 still fit one page"
    );
    let text = raw_text(&pdf);
    for i in [9, 10, 14] {
        let title = format!("Réalisation numéro {i}");
        assert!(text.contains(&title), "{title} missing in {text}");
    }
}

#[test]
fn past_the_legible_floor_the_tableau_continues_with_its_header_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    many(&c, 40);
    let (_out, pkg, _) = built(&c);
    let pdf = pkg.join("SYNTHESE.pdf");
    let pages = pdf_pages(&pdf);
    assert!(pages >= 2, "40 rows do not fit one legible page");
    for p in 1..=pages {
        let text = raw_page(&pdf, p);
        assert!(
            text.contains(&format!("page {p} / {pages}")),
            "SYNTHESE.pdf numbers its own pages: {text}"
        );
        assert!(
            text.contains("Compétences mises en œuvre"),
            "header repeated on page {p}"
        );
    }
    let first = raw_page(&pdf, 1);
    assert!(first.contains("NOM et prénom : ROBIN Ana"));
    let all = raw_text(&pdf);
    assert!(all.contains("Réalisation numéro 40"));
    for (w, h) in page_sizes(&pdf) {
        assert!(w < h, "portrait");
    }
}

// ---------------------------------------------------------------------------------------
// Périodes.

#[test]
fn periods_are_printed_du_au_and_an_unreadable_one_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    let missions = vec![
        (
            "a",
            mission("Mission A", "2025-06-30", "E5", "formation", "patrimoine")
                + "periode: de septembre 2024 à juin 2025\n",
        ),
        (
            "b",
            mission("Mission B", "2025-03-21", "E5", "formation", "projet")
                + "debut: 2025-02-24\nfin: 2025-03-21\n",
        ),
        (
            "c",
            mission("Mission C", "2025-03-10", "E5", "pro1", "service"),
        ),
        (
            "d",
            mission("Mission D", "2025-04-10", "E5", "pro2", "incidents")
                + "periode: deux semaines en avril\n",
        ),
    ];
    candidate(&c, "SISR", "numero_candidat: \"0351000001\"\n", &missions);
    let (_out, pkg, err) = built(&c);
    let raw = raw_text(&pkg.join("SYNTHESE.pdf"));
    for periode in [
        "du 01/09/24 au 30/06/25",
        "du 24/02/25 au 21/03/25",
        "du 10/03/25 au 10/03/25",
        "deux semaines en avril",
    ] {
        assert!(raw.contains(periode), "{periode:?} missing in {raw}");
    }
    assert!(
        err.contains("période « deux semaines en avril » illisible"),
        "{err}"
    );
    assert!(err.contains("missions/d.md"), "{err}");
    // The xlsx has the same périodes in column B.
    let sheet = xlsx_sheet(&pkg.join("SYNTHESE.xlsx"));
    let column_b: Vec<String> = (8..40).map(|r| value(&sheet, r, 1)).collect();
    assert!(
        column_b.contains(&"du 01/09/24 au 30/06/25".to_string()),
        "{column_b:?}"
    );
    assert!(
        column_b.contains(&"deux semaines en avril".to_string()),
        "{column_b:?}"
    );
}

// ---------------------------------------------------------------------------------------
// SYNTHESE.xlsx against the official model's structure.

/// The official sheet (2026 model), cell by cell: what a school's script relies on.
mod model {
    pub const SHEET: &str = "Tableau de synthèse Épreuve E5";
    pub const PRINT_AREA: &str = "'Tableau de synthèse Épreuve E5'!$A$1:$H$35";
    pub const MARGINS: [(&str, f64); 6] = [
        ("left", 0.197),
        ("right", 0.197),
        ("top", 0.197),
        ("bottom", 0.197),
        ("header", 0.512),
        ("footer", 0.512),
    ];
    pub const WIDTHS: [(char, f64); 7] = [
        ('A', 70.42),
        ('B', 10.85),
        ('C', 18.71),
        ('D', 18.71),
        ('G', 18.71),
        ('H', 18.71),
        ('I', 11.43),
    ];
    pub fn heights() -> Vec<(u32, f64)> {
        let mut h = vec![
            (1, 39.75),
            (2, 40.5),
            (3, 39.75),
            (4, 39.75),
            (5, 39.75),
            (6, 90.0),
            (7, 324.75),
            (8, 48.5),
            (19, 17.35),
            (27, 17.35),
            (35, 13.8),
        ];
        h.extend((9..=18).chain(20..=26).chain(28..=34).map(|r| (r, 39.75)));
        h.sort_by_key(|(r, _)| *r);
        h
    }
    pub const MERGES: [&str; 12] = [
        "A1:F1", "G1:H1", "A2:H2", "A3:E3", "F3:H3", "A4:E4", "A5:H5", "A6:A7", "B6:B7", "A8:H8",
        "A19:H19", "A27:H27",
    ];

    /// Font and alignment of a label cell: (size, bold, italic, rotation, horizontal).
    pub type Look = (f64, bool, bool, u32, &'static str);
    const TITLE: Look = (20.0, true, false, 0, "center");
    const IDENT: Look = (18.0, true, false, 0, "left");
    const HEADING: Look = (12.0, true, false, 0, "center");
    const SUB_ITEMS: Look = (10.0, false, false, 90, "center");
    const SECTION: Look = (14.0, true, false, 0, "center");

    /// Cells whose text no candidate changes: (cell, exact text, look).
    pub fn fixed() -> Vec<(&'static str, String, Look)> {
        let diagonal = format!(
            "Compétences mises en œuvre{}Réalisations professionnelles\n(intitulé et liste des documents et productions associés)",
            "\n".repeat(22)
        );
        let items = |list: &[&str]| {
            list.iter()
                .map(|i| format!("▸{i}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        vec![
            (
                "A1",
                "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS".into(),
                TITLE,
            ),
            ("G1", "SESSION 2026".into(), TITLE),
            (
                "A2",
                "Tableau de synthèse des réalisations professionnelles ".into(),
                TITLE,
            ),
            ("F4", "Option :".into(), (18.0, true, false, 0, "general")),
            ("A6", diagonal, (12.0, true, true, 0, "center")),
            (
                "B6",
                "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)".into(),
                (12.0, true, false, 90, "center"),
            ),
            ("C6", "Gérer le patrimoine informatique".into(), HEADING),
            (
                "D6",
                "Répondre aux incidents et aux demandes d’assistance et d’évolution".into(),
                HEADING,
            ),
            (
                "E6",
                "Développer la présence en ligne de l’organisation".into(),
                HEADING,
            ),
            ("F6", "Travailler en mode projet".into(), HEADING),
            (
                "G6",
                "Mettre à disposition des utilisateurs un service informatique".into(),
                HEADING,
            ),
            (
                "H6",
                "Organiser son développement professionnel".into(),
                HEADING,
            ),
            (
                "C7",
                items(&[
                    "Recenser et identifier les ressources numériques ",
                    "Exploiter des référentiels, normes et standards adoptés par le prestataire informatique",
                    "Mettre en place et vérifier les niveaux d’habilitation associés à un service",
                    "Vérifier les conditions de la continuité d’un service informatique",
                    "Gérer des sauvegardes",
                    "Vérifier le respect des règles d’utilisation des ressources numériques",
                ]),
                SUB_ITEMS,
            ),
            (
                "D7",
                items(&[
                    "Collecter, suivre et orienter des demandes ",
                    "Traiter des demandes concernant les services réseau et système, applicatifs",
                    "Traiter des demandes concernant les applications",
                ]),
                SUB_ITEMS,
            ),
            (
                "E7",
                items(&[
                    "Participer à la valorisation de l’image de l’organisation sur les médias numériques en tenant compte du cadre juridique et des enjeux économiques",
                    "Référencer les services en ligne de l’organisation et mesurer leur visibilité.",
                    "Participer à l’évolution d’un site Web exploitant les données de l’organisation.",
                ]),
                SUB_ITEMS,
            ),
            (
                "F7",
                items(&[
                    "Analyser les objectifs et les modalités d’organisation d’un projet",
                    "Planifier les activités",
                    "Évaluer les indicateurs de suivi d’un projet et analyser les écarts",
                ]),
                SUB_ITEMS,
            ),
            (
                "G7",
                items(&[
                    "Réaliser les tests d’intégration et d’acceptation d’un service",
                    "Déployer un service",
                    "Accompagner les utilisateurs dans la mise en place d’un service",
                ]),
                SUB_ITEMS,
            ),
            (
                "H7",
                items(&[
                    "Mettre en place son environnement d’apprentissage personnel",
                    "Mettre en œuvre des outils et stratégies de veille informationnelle",
                    "Gérer son identité professionnelle",
                    "Développer son projet professionnel",
                ]),
                SUB_ITEMS,
            ),
            (
                "A8",
                "Réalisation en cours de formation\n\n".into(),
                SECTION,
            ),
            (
                "A19",
                "Réalisations en milieu professionnel en cours de première année".into(),
                SECTION,
            ),
            (
                "A27",
                "Réalisations en milieu professionnel en cours de seconde année".into(),
                SECTION,
            ),
        ]
    }

    /// Cells a school's script fills: (cell, the model's label the value follows, look).
    pub fn filled() -> Vec<(&'static str, &'static str, Look)> {
        vec![
            ("A3", "NOM et prénom :", IDENT),
            ("F3", "N° candidat :", IDENT),
            ("A4", "Centre de formation :", IDENT),
            ("G4", " SISR", (18.0, true, false, 0, "center")),
            ("H4", " SLAM", (18.0, true, false, 0, "center")),
            ("A5", "Adresse URL du portfolio :", IDENT),
        ]
    }
}

/// A minimal XML tree (quick-xml events): enough to read a spreadsheet's parts.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn parse(xml: &str) -> Node {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut stack = vec![Node::default()];
        let decoder = reader.decoder();
        let open = |e: &quick_xml::events::BytesStart| Node {
            name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
            attrs: e
                .attributes()
                .flatten()
                .map(|a| {
                    (
                        String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                        a.decode_and_unescape_value(decoder).unwrap().into_owned(),
                    )
                })
                .collect(),
            ..Node::default()
        };
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) => stack.push(open(&e)),
                Event::Empty(e) => {
                    let node = open(&e);
                    stack.last_mut().unwrap().children.push(node);
                }
                Event::End(_) => {
                    let node = stack.pop().unwrap();
                    stack.last_mut().unwrap().children.push(node);
                }
                Event::Text(t) => stack.last_mut().unwrap().text += &t.unescape().unwrap(),
                Event::Eof => break,
                _ => {}
            }
        }
        stack.pop().unwrap()
    }

    /// Every descendant named `name`, in document order.
    fn all(&self, name: &str) -> Vec<&Node> {
        let mut out = Vec::new();
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            out.extend(c.all(name));
        }
        out
    }

    fn first(&self, name: &str) -> Option<&Node> {
        self.all(name).into_iter().next()
    }

    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }
}

/// What our SYNTHESE.xlsx says about one cell: its text and its look.
struct Sheet {
    sheet: Node,
    workbook: Node,
    fonts: Vec<model::Look>,
    xfs: Vec<(usize, u32, String)>,
    font_names: Vec<String>,
    strings: calamine::Range<Data>,
}

fn zip_text(path: &Path, name: &str) -> String {
    String::from_utf8(zip_entry(path, name)).unwrap()
}

impl Sheet {
    fn read(path: &Path) -> Sheet {
        let styles = Node::parse(&zip_text(path, "xl/styles.xml"));
        let fonts_node = styles.first("fonts").unwrap();
        let mut fonts = Vec::new();
        let mut font_names = Vec::new();
        for f in fonts_node.children.iter().filter(|c| c.name == "font") {
            let size = f
                .first("sz")
                .and_then(|s| s.attr("val"))
                .map_or(0.0, |v| v.parse().unwrap());
            let flag = |n: &str| f.first(n).is_some_and(|b| b.attr("val") != Some("0"));
            fonts.push((size, flag("b"), flag("i"), 0, ""));
            font_names.push(
                f.first("name")
                    .and_then(|n| n.attr("val"))
                    .unwrap_or("")
                    .to_string(),
            );
        }
        let xfs = styles
            .first("cellXfs")
            .unwrap()
            .children
            .iter()
            .map(|xf| {
                let font: usize = xf.attr("fontId").unwrap_or("0").parse().unwrap();
                let align = xf.first("alignment");
                let rotation = align
                    .and_then(|a| a.attr("textRotation"))
                    .map_or(0, |r| r.parse().unwrap());
                let horizontal = align
                    .and_then(|a| a.attr("horizontal"))
                    .unwrap_or("general")
                    .to_string();
                (font, rotation, horizontal)
            })
            .collect();
        let mut book: Xlsx<_> = calamine::open_workbook(path).expect("SYNTHESE.xlsx opens");
        let strings = book
            .worksheet_range(model::SHEET)
            .expect("the model's sheet name");
        Sheet {
            sheet: Node::parse(&zip_text(path, "xl/worksheets/sheet1.xml")),
            workbook: Node::parse(&zip_text(path, "xl/workbook.xml")),
            fonts,
            xfs,
            font_names,
            strings,
        }
    }

    fn text(&self, cell: &str) -> String {
        let (row, col) = position(cell);
        match self.strings.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    /// (look, font name) of a cell.
    fn look(&self, cell: &str) -> (model::Look, String) {
        let c = self
            .sheet
            .all("c")
            .into_iter()
            .find(|c| c.attr("r") == Some(cell))
            .unwrap_or_else(|| panic!("cell {cell} written"));
        let xf: usize = c.attr("s").unwrap_or("0").parse().unwrap();
        let (font, rotation, horizontal) = &self.xfs[xf];
        let (size, bold, italic, _, _) = self.fonts[*font];
        let horizontal: &'static str = match horizontal.as_str() {
            "center" => "center",
            "left" => "left",
            _ => "general",
        };
        (
            (size, bold, italic, *rotation, horizontal),
            self.font_names[*font].clone(),
        )
    }
}

/// Zero-based (row, column) of « B12 ».
fn position(cell: &str) -> (u32, u32) {
    let col = cell.chars().next().unwrap() as u32 - 'A' as u32;
    let row: u32 = cell[1..].parse().unwrap();
    (row - 1, col)
}

fn xlsx_sheet(path: &Path) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("xlsx opens");
    book.worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable")
}

fn value(sheet: &calamine::Range<Data>, row: u32, col: u32) -> String {
    sheet
        .get_value((row, col))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[test]
fn synthese_xlsx_has_the_official_structure_and_only_the_values_differ() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    candidate(
        &c,
        "SLAM",
        "numero_candidat: \"0351000001\"\ncentre: \"Lycée Test\"\n",
        &[
            (
                "a",
                mission(
                    "Application de réservation",
                    "2025-03-10",
                    "E5",
                    "formation",
                    "projet, service",
                ),
            ),
            (
                "b",
                mission("API de stock", "2025-05-10", "E5", "pro1", "incidents"),
            ),
        ],
    );
    let (_out, pkg, _) = built(&c);
    let path = pkg.join("SYNTHESE.xlsx");
    let s = Sheet::read(&path);

    // Sheet name, print area, page setup, no header or footer.
    let sheets = s.workbook.all("sheet");
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].attr("name"), Some(model::SHEET));
    let area = s
        .workbook
        .all("definedName")
        .into_iter()
        .find(|d| d.attr("name") == Some("_xlnm.Print_Area"))
        .expect("a print area");
    assert_eq!(area.text, model::PRINT_AREA);
    assert!(
        !s.workbook
            .all("definedName")
            .iter()
            .any(|d| d.attr("name") == Some("_xlnm.Print_Titles")),
        "no print titles"
    );
    let setup = s.sheet.first("pageSetup").expect("page setup");
    assert_eq!(setup.attr("orientation"), Some("portrait"));
    assert_eq!(setup.attr("paperSize"), Some("9"));
    assert_eq!(setup.attr("fitToWidth").unwrap_or("1"), "1");
    assert_eq!(setup.attr("fitToHeight").unwrap_or("1"), "1");
    assert_eq!(
        s.sheet
            .first("pageSetUpPr")
            .and_then(|p| p.attr("fitToPage")),
        Some("1")
    );
    let options = s.sheet.first("printOptions").expect("print options");
    assert_eq!(options.attr("horizontalCentered"), Some("1"));
    assert_eq!(options.attr("verticalCentered"), Some("1"));
    let margins = s.sheet.first("pageMargins").expect("margins");
    for (side, inches) in model::MARGINS {
        let ours: f64 = margins.attr(side).unwrap().parse().unwrap();
        assert!((ours - inches).abs() < 0.001, "{side} margin {ours}");
    }
    assert!(
        s.sheet
            .first("headerFooter")
            .is_none_or(|h| h.children.is_empty())
    );

    // Column widths and row heights.
    let cols = s.sheet.all("col");
    for (letter, width) in model::WIDTHS {
        let n = letter as u32 - 'A' as u32 + 1;
        let col = cols
            .iter()
            .find(|c| {
                let min: u32 = c.attr("min").unwrap().parse().unwrap();
                let max: u32 = c.attr("max").unwrap().parse().unwrap();
                min <= n && n <= max && c.attr("width").is_some()
            })
            .unwrap_or_else(|| panic!("width of column {letter}"));
        let ours: f64 = col.attr("width").unwrap().parse().unwrap();
        assert!(
            (ours - width).abs() < 0.01,
            "column {letter}: {ours} vs {width}"
        );
    }
    let rows: BTreeMap<u32, f64> = s
        .sheet
        .all("row")
        .into_iter()
        .filter_map(|r| Some((r.attr("r")?.parse().ok()?, r.attr("ht")?.parse().ok()?)))
        .collect();
    for (row, height) in model::heights() {
        assert_eq!(rows.get(&row), Some(&height), "height of row {row}");
    }

    // Merges.
    let mut merges: Vec<String> = s
        .sheet
        .all("mergeCell")
        .into_iter()
        .map(|m| m.attr("ref").unwrap().to_string())
        .collect();
    merges.sort();
    let mut expected: Vec<String> = model::MERGES.iter().map(|m| m.to_string()).collect();
    expected.sort();
    assert_eq!(merges, expected);

    // Labels: the fixed ones exactly, in the model's font.
    for (cell, text, look) in model::fixed() {
        assert_eq!(s.text(cell), text, "text of {cell}");
        assert_eq!(s.look(cell), (look, "Arial".to_string()), "look of {cell}");
    }
    // The filled ones: the model's label, then the value.
    for (cell, label, look) in model::filled() {
        assert!(s.text(cell).contains(label), "{cell}: {:?}", s.text(cell));
        assert_eq!(s.look(cell), (look, "Arial".to_string()), "look of {cell}");
    }
    assert_eq!(s.text("A3"), "NOM et prénom : ROBIN Ana");
    assert_eq!(s.text("F3"), "N° candidat : 0351000001");
    assert_eq!(s.text("A4"), "Centre de formation : Lycée Test");
    assert_eq!(s.text("G4"), "▢ SISR", "the model's unticked box");
    assert_eq!(s.text("H4"), "☒ SLAM");
    assert_eq!(
        s.text("A5"),
        "Adresse URL du portfolio : https://ana-robin.example.org"
    );
    // The réalisations where a script reads them.
    assert_eq!(s.text("A9"), "Application de réservation");
    assert_eq!(s.text("B9"), "du 10/03/25 au 10/03/25");
    let marks: String = "CDEFGH"
        .chars()
        .map(|c| {
            if s.text(&format!("{c}9")) == "X" {
                'X'
            } else {
                '.'
            }
        })
        .collect();
    assert_eq!(marks, "...XX.");
    assert_eq!(s.text("A20"), "API de stock");
    assert_eq!(s.text("D20"), "X");
    for cell in ["A10", "A18", "A21", "A28", "A34"] {
        assert_eq!(s.text(cell), "", "{cell} left blank");
    }
}

// ---------------------------------------------------------------------------------------
// The fiche descriptive.

const SISR_NOTE_1: &str = "En référence aux conditions de réalisation et ressources nécessaires du bloc « Administration des systèmes et des réseaux » prévues dans le référentiel de certification du BTS SIO.";
const SLAM_NOTE_1: &str = "En référence aux conditions de réalisation et ressources nécessaires du bloc « Conception et développement d'applications » prévues dans le référentiel de certification du BTS SIO.";
const NOTE_2: &str = "Les réalisations professionnelles sont élaborées dans un environnement technologique conforme à l’annexe II.E du référentiel du BTS SIO.";
const NOTE_3_START: &str = "Conformément au référentiel du BTS SIO « Dans tous les cas, les candidats doivent se munir des outils et ressources techniques nécessaires au déroulement de l’épreuve.";
const SISR_NOTE_3_END: &str = "». Les éléments nécessaires peuvent être un identifiant, un mot de passe, une adresse réticulaire (URL) d’un espace de stockage et de la présentation de l’organisation du stockage.";
const SLAM_NOTE_3_END: &str = "». Les éléments peuvent être un identifiant, un mot de passe, une adresse réticulaire (URL) d’un espace de stockage et de la présentation de l’organisation du stockage.";
const SISR_NOTE_4: &str = "Lien vers la documentation complète, précisant et décrivant, si cela n’a été fait au verso de la fiche, la réalisation, par exemples schéma complet de réseau mis en place et configurations des services.";
const SLAM_NOTE_4: &str = "Lien vers la documentation complète, précisant et décrivant, si cela n’a été fait au verso de la fiche, la réalisation professionnelle, par exemples service fourni par la réalisation, interfaces utilisateurs, description des classes ou de la base de données.";

/// The recto of the first fiche of `pdf` (the page that says « (recto) »), flat.
fn recto(pdf: &Path) -> String {
    (1..=pdf_pages(pdf))
        .map(|p| flat(&pages_text(pdf, p, p)))
        .find(|t| t.contains("(recto)"))
        .expect("a recto page")
}

#[test]
fn sisr_and_slam_fiches_carry_their_own_footnotes_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let sisr = dir.path().join("sisr");
    candidate(
        &sisr,
        "SISR",
        "numero_candidat: \"0351000001\"\n",
        &sisr_missions(),
    );
    let slam = dir.path().join("slam");
    candidate(
        &slam,
        "SLAM",
        "numero_candidat: \"0351000002\"\n",
        &[
            (
                "a",
                mission(
                    "Réservations",
                    "2025-03-10",
                    "[E5, E6]",
                    "formation",
                    "projet, concevoir_app, donnees",
                ),
            ),
            (
                "b",
                mission("Maintenance", "2025-05-10", "E6", "pro1", "maintenir_app"),
            ),
        ],
    );
    let (_o1, sisr_pkg, _) = built(&sisr);
    let (_o2, slam_pkg, _) = built(&slam);

    let sisr_recto = recto(&sisr_pkg.join("dossier-E6.pdf"));
    for note in [
        SISR_NOTE_1,
        NOTE_2,
        NOTE_3_START,
        SISR_NOTE_3_END,
        SISR_NOTE_4,
    ] {
        assert!(
            sisr_recto.contains(note),
            "SISR note {note:?} missing in {sisr_recto}"
        );
    }
    for note in [SLAM_NOTE_1, SLAM_NOTE_4] {
        assert!(!sisr_recto.contains(note), "SLAM note on a SISR fiche");
    }
    let slam_recto = recto(&slam_pkg.join("dossier-E6.pdf"));
    for note in [
        SLAM_NOTE_1,
        NOTE_2,
        NOTE_3_START,
        SLAM_NOTE_3_END,
        SLAM_NOTE_4,
    ] {
        assert!(
            slam_recto.contains(note),
            "SLAM note {note:?} missing in {slam_recto}"
        );
    }
    for note in [SISR_NOTE_1, SISR_NOTE_4] {
        assert!(!slam_recto.contains(note), "SISR note on a SLAM fiche");
    }

    // E5 fiches: the E5 bloc, no option's bloc.
    let e5 = recto(&slam_pkg.join("dossier-E5.pdf"));
    assert!(
        e5.contains("du bloc « Support et mise à disposition de services informatiques » prévues"),
        "{e5}"
    );
    assert!(!e5.contains("Conception et développement d'applications »"));
    assert!(
        !e5.contains("ANNEXE VII-1"),
        "no official annex for E5 fiches"
    );
}

#[test]
fn the_fiche_header_is_one_block_and_boxes_follow_their_label() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    candidate(
        &c,
        "SISR",
        "numero_candidat: \"0351000001\"\n",
        &sisr_missions(),
    );
    let (_out, pkg, _) = built(&c);
    let pdf = pkg.join("dossier-E6.pdf");
    let recto = recto(&pdf);
    let order = [
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
        "SESSION 2026",
        "ANNEXE VII-1-A : Fiche descriptive de réalisation professionnelle (recto)",
        "Épreuve E6 - Administration des systèmes et des réseaux (option SISR)",
        "DESCRIPTION D’UNE RÉALISATION PROFESSIONNELLE",
        "N° réalisation : 1",
        "Nom, prénom : ROBIN Ana",
        "N° candidat : 0351000001",
        "Épreuve ponctuelle ☐",
        "Contrôle en cours de formation ☒",
        "Date :",
        "Organisation support de la réalisation professionnelle",
        "Intitulé de la réalisation professionnelle",
        "Période de réalisation :",
        "Lieu :",
        "Modalité :",
        "Compétences travaillées",
        "☒ Concevoir une solution d’infrastructure réseau",
        "☒ Installer, tester et déployer une solution d’infrastructure réseau",
        "☐ Exploiter, dépanner et superviser une solution d’infrastructure réseau",
        "Conditions de réalisation1 (ressources fournies, résultats attendus)",
        "Description des ressources documentaires, matérielles et logicielles utilisées2",
        "Modalités d’accès aux productions3 et à leur documentation4",
        SISR_NOTE_4,
    ];
    let mut from = 0;
    for field in order {
        let at = recto[from..]
            .find(field)
            .unwrap_or_else(|| panic!("{field:?} missing or out of order in {recto}"));
        from += at + field.len();
    }
    // The verso's own header.
    let all = flat(&pdf_text(&pdf));
    assert!(all.contains(
        "ANNEXE VII-1-A : Fiche descriptive de réalisation professionnelle (verso, éventuellement pages suivantes) Épreuve E6 - Administration des systèmes et des réseaux (option SISR)"
    ), "{all}");
}

#[test]
fn a_long_recto_stays_on_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    let long: String = (1..=12)
        .map(|i| format!("  - Ressource documentaire ou logicielle numéro {i}, avec sa version et son usage\n"))
        .collect();
    let mut missions = sisr_missions();
    missions[3].1 += &format!(
        "description: \"{}\"\nressources:\n{long}",
        "Contexte de l'organisation et besoins exprimés. ".repeat(12)
    );
    candidate(&c, "SISR", "numero_candidat: \"0351000001\"\n", &missions);
    let (_out, pkg, _) = built(&c);
    let pdf = pkg.join("dossier-E6.pdf");
    let recto = recto(&pdf);
    assert!(recto.contains("numéro 12"), "{recto}");
    assert!(recto.contains(SISR_NOTE_4), "footnotes on the recto page");
}

// ---------------------------------------------------------------------------------------
// The E6 rules.

/// Three E6 réalisations, none with a bloc 2 competence (as in the sample class).
fn three_e6_without_bloc2() -> Vec<(&'static str, String)> {
    vec![
        (
            "a",
            mission(
                "Portail",
                "2025-02-28",
                "[E5, E6]",
                "formation",
                "service, projet, incidents, patrimoine, presence_en_ligne, developpement_pro",
            ),
        ),
        (
            "b",
            mission(
                "Gestion de projet",
                "2025-04-18",
                "E6",
                "pro1",
                "projet, service",
            ),
        ),
        (
            "c",
            mission(
                "Assistance",
                "2025-03-07",
                "E6",
                "pro1",
                "projet, incidents",
            ),
        ),
    ]
}

#[test]
fn check_reports_three_e6_and_an_uncovered_bloc_2_as_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    candidate(
        &c,
        "SLAM",
        "numero_candidat: \"0351000001\"\n",
        &three_e6_without_bloc2(),
    );
    let o = run(&["check", c.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "an error: {err}");
    assert!(
        err.contains("3 réalisations pour l'épreuve E6 : il en faut deux"),
        "{err}"
    );
    // The two checked: the first two by date.
    assert!(
        err.contains("seules « Portail » et « Assistance » sont vérifiées"),
        "{err}"
    );
    assert!(
        err.contains("ne couvrent pas le bloc 2 de l'option SLAM"),
        "{err}"
    );
    assert!(err.contains("« Gérer les données »"), "{err}");
    assert!(
        err.contains("« concevoir_app »"),
        "the hint names the codes: {err}"
    );

    // Two E6 réalisations that cover the option's bloc 2: no E6 message.
    let good = dir.path().join("good");
    candidate(
        &good,
        "SISR",
        "numero_candidat: \"0351000002\"\n",
        &sisr_missions(),
    );
    let o = run(&["check", good.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("bloc 2") && !err.contains("E6"), "{err}");
}

#[test]
fn numero_1_and_2_choose_the_two_e6_realisations() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("robin");
    let mut missions = three_e6_without_bloc2();
    missions[1].1 += "numero: 1\n";
    missions[0].1 += "numero: 2\n";
    candidate(&c, "SLAM", "numero_candidat: \"0351000001\"\n", &missions);
    let o = run(&["check", c.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(
        err.contains("seules « Gestion de projet » et « Portail » sont vérifiées"),
        "{err}"
    );
}

/// A class folder: classe.yaml (with the establishment's name), candidats.csv, and two
/// candidates: one ready, one with three E6 réalisations and no bloc 2.
fn class_folder(root: &Path) -> PathBuf {
    let class = root.join("classe");
    std::fs::create_dir_all(&class).unwrap();
    std::fs::write(
        class.join("classe.yaml"),
        "session: 2026\netablissement: \"Lycée polyvalent des Tests\"\ncentre: \"0359999Z\"\nacademie: \"Rennes\"\ncandidats:\n  - pret\n  - trois-e6\n",
    )
    .unwrap();
    std::fs::write(
        class.join("candidats.csv"),
        "dossier;nom;prenom;numero_candidat;option;mode\r\npret;PRET;Paul;0351000011;SISR;CCF\r\ntrois-e6;TROIS;Tina;0351000012;SLAM;CCF\r\n",
    )
    .unwrap();
    for (name, option, missions) in [
        ("pret", "SISR", sisr_missions()),
        ("trois-e6", "SLAM", three_e6_without_bloc2()),
    ] {
        let (nom, prenom) = if name == "pret" {
            ("PRET", "Paul")
        } else {
            ("TROIS", "Tina")
        };
        Candidate::new(class.join(name))
            .folder("missions")
            .yaml(format!("nom: {nom}\nprenom: {prenom}\noption: {option}\nmode: CCF\nportfolio: \"https://x.example.org\"\n"))
            .missions(missions.iter().map(|(slug, front)| (slug, format!("---\n{front}---\nCorps.\n"))));
    }
    class
}

#[test]
fn the_class_report_flags_three_e6_and_no_bloc_2() {
    let dir = tempfile::tempdir().unwrap();
    let class = class_folder(dir.path());
    let out = dir.path().join("out");
    let o = run(&[
        "class",
        class.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    // trois-e6 leaves bloc 2 uncovered, an error: exit 1, every package written.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("rapport-classe.csv")).unwrap();
    let line = |dossier: &str| {
        csv.lines()
            .find(|l| {
                l.starts_with(dossier) || l.trim_start_matches('\u{feff}').starts_with(dossier)
            })
            .unwrap_or_else(|| panic!("{dossier} in {csv}"))
            .to_string()
    };
    let bad = line("trois-e6;");
    assert!(bad.contains(";à revoir;"), "{bad}");
    assert!(
        bad.contains("compétence(s) du bloc 2 non couverte(s) par les deux réalisations E6 : Concevoir et développer une solution applicative ; Assurer la maintenance corrective ou évolutive d'une solution applicative ; Gérer les données"),
        "{bad}"
    );
    assert!(bad.contains("3 réalisations E6 au lieu de deux"), "{bad}");
    let good = line("pret;");
    assert!(good.contains(";prêt;"), "{good}");
    let report = flat(&pdf_text(&out.join("rapport-classe.pdf")));
    assert!(report.contains("bloc 2 non couverte(s)"), "{report}");
}

// ---------------------------------------------------------------------------------------
// The centre: the establishment's name, from classe.yaml, in class and single builds.

#[test]
fn centre_de_formation_is_the_establishment_name_in_class_and_single_builds() {
    let dir = tempfile::tempdir().unwrap();
    let class = class_folder(dir.path());
    let out = dir.path().join("out");
    let o = run(&[
        "class",
        class.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    // trois-e6 leaves bloc 2 uncovered, an error: exit 1, every package written.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let pkg = out.join("0351000011_PRET_Paul");
    let text = raw_text(&pkg.join("SYNTHESE.pdf"));
    assert!(
        text.contains("Centre de formation : Lycée polyvalent des Tests"),
        "{text}"
    );
    assert!(
        !text.contains("0359999Z"),
        "the code is not the centre's name"
    );
    let sheet = xlsx_sheet(&pkg.join("SYNTHESE.xlsx"));
    assert_eq!(
        value(&sheet, 3, 0),
        "Centre de formation : Lycée polyvalent des Tests"
    );
    // The code stays where a code is asked for: the class report.
    let report = flat(&pdf_text(&out.join("rapport-classe.pdf")));
    assert!(report.contains("0359999Z"), "{report}");

    // One candidate of the class built alone: classe.yaml (session, centre) and
    // candidats.csv (number) still apply.
    let single = dir.path().join("single");
    let o = run(&[
        "build",
        class.join("pret").to_str().unwrap(),
        "-o",
        single.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pkg = single.join("0351000011_PRET_Paul");
    let text = raw_text(&pkg.join("SYNTHESE.pdf"));
    assert!(
        text.contains("Centre de formation : Lycée polyvalent des Tests"),
        "{text}"
    );
    let o = run(&["check", class.join("pret").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("session"), "{}", stderr(&o));
}
