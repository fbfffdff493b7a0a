//! Where a page of the site goes, by what students really write, and why: the reason is
//! printed in the import summary for every page, placed or left out.
//!
//! In order: explicit keys (`epreuve:`, `bts:`, `exam:`, `competences:`), épreuve pages
//! (`e5.md`, a title « Épreuve E5 … » or « … (E5) »), pages that are not réalisations
//! (veille, CV, legal notices, the home page, theme samples), then the markers of a
//! réalisation: tags and categories (E5, E6, épreuve, situation, AP, stage), titles
//! (« Situation professionnelle 2 », « AP3 … », « Stage … ») and section names
//! (`projets/`, `realisations/`, `situations/`, `ppe/`, `atelier/`…).

use std::path::Path;

use serde_json::Value;

use crate::input::frontmatter::FrontMatter;

/// Where a page goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The page of épreuve E5 or E6 (numbering of the tool: 5 support, 6 option).
    Epreuve(u8),
    /// A réalisation; its épreuve when the site says it.
    Mission(Option<u8>),
    Out,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub place: Place,
    /// Why, in French: « étiquette « E5 » », « rangée dans projets/ ».
    pub reason: String,
    /// Left out for want of a marker only: taken when no page of the site is marked.
    pub unmarked: bool,
}

/// A verdict on what the page says.
pub fn verdict(place: Place, reason: impl Into<String>) -> Verdict {
    Verdict {
        place,
        reason: reason.into(),
        unmarked: false,
    }
}

/// What the classification reads of a page.
pub struct PageFacts<'a> {
    /// Path in the site (`content/projets/glpi.md`).
    pub rel: &'a str,
    /// The page's path under its content folder (`projets/glpi.md`).
    pub under_root: &'a str,
    pub front: &'a FrontMatter,
    /// `title:`, or the page's first `# heading`.
    pub title: Option<&'a str>,
    /// The site numbers épreuves as before 2025 (E4 support, E5 option).
    pub old_numbering: bool,
}

/// Keys by which students say a page belongs to an épreuve.
const EPREUVE_KEYS: &[&str] = &["epreuve", "epreuves", "épreuve", "bts", "exam", "examen"];

/// Section (folder) names that hold réalisations.
const MISSION_DIRS: &[&str] = &[
    "missions",
    "mission",
    "projets",
    "projet",
    "projects",
    "project",
    "work",
    "works",
    "realisations",
    "realisation",
    "realisations-professionnelles",
    "situations",
    "situation",
    "situations-professionnelles",
    "stages",
    "stage",
    "ppe",
    "atelier",
    "ateliers",
    "ap",
    "aps",
    "exam",
    "examen",
    "e5",
    "e6",
    "epreuves",
    "portfolio",
];

/// Tag and category values that mark a réalisation (E-numbers are read apart).
const MISSION_TAGS: &[&str] = &[
    "epreuve",
    "situation",
    "situation-professionnelle",
    "situation-pro",
    "ap",
    "atelier",
    "atelier-de-professionnalisation",
    "stage",
    "stages",
    "realisation",
    "realisation-professionnelle",
    "realisations",
    "mission",
    "ppe",
    "bts",
    "bts-sio",
];

/// Pages of a portfolio that are not réalisations, by the first words of their name or
/// title, with what they are.
const NOT_MISSIONS: &[(&str, &str)] = &[
    ("veille", "veille"),
    ("cv", "CV"),
    ("curriculum", "CV"),
    ("mon-cv", "CV"),
    ("mentions-legales", "mentions légales"),
    ("legal", "mentions légales"),
    ("privacy", "politique de confidentialité"),
    ("confidentialite", "politique de confidentialité"),
    (
        "politique-de-confidentialite",
        "politique de confidentialité",
    ),
    ("cgu", "conditions d'utilisation"),
    ("terms", "conditions d'utilisation"),
    ("contact", "contact"),
    ("me-contacter", "contact"),
    ("about", "présentation de l'auteur"),
    ("a-propos", "présentation de l'auteur"),
    ("qui-suis-je", "présentation de l'auteur"),
    ("presentation", "présentation"),
    ("profil", "profil"),
    ("accueil", "page d'accueil"),
    ("home", "page d'accueil"),
    ("bienvenue", "page d'accueil"),
    ("404", "page d'erreur"),
    ("page-not-found", "page d'erreur"),
    ("archives", "liste d'articles"),
    ("tags", "liste d'étiquettes"),
    ("categories", "liste de catégories"),
    ("search", "recherche"),
    ("recherche", "recherche"),
    ("bilan", "bilan"),
    ("competences", "liste des compétences du référentiel"),
    (
        "tableau-de-synthese",
        "tableau de synthèse (produit par l'outil)",
    ),
    (
        "tableau-synthese",
        "tableau de synthèse (produit par l'outil)",
    ),
    (
        "liens-du-tableau-de-synthese",
        "tableau de synthèse (produit par l'outil)",
    ),
    ("synthese", "tableau de synthèse (produit par l'outil)"),
    ("annexes", "annexes"),
    ("certifications", "certifications"),
    ("qualifications", "certifications"),
    ("readme", "fichier du dépôt"),
    ("license", "fichier du dépôt"),
    ("licence", "fichier du dépôt"),
    ("changelog", "fichier du dépôt"),
    ("contributing", "fichier du dépôt"),
    ("code-of-conduct", "fichier du dépôt"),
];

/// Sections of themes that ship sample pages (Hugo Wowchemy, Docusaurus…).
const SAMPLE_DIRS: &[&str] = &[
    "example",
    "exemple",
    "examples",
    "sample",
    "samples",
    "slides",
    "event",
    "events",
    "publication",
    "publications",
    "authors",
    "tutorial-basics",
    "tutorial-extras",
];

/// Sections of blog posts: not réalisations without another marker.
const BLOG_DIRS: &[&str] = &[
    "post", "posts", "_posts", "blog", "articles", "article", "news",
];

/// Reasons of pages left out for want of a marker only (taken when no page is marked).
const BLOG_NO_MARKER: &str =
    "article de blog sans repère de réalisation (étiquette E5, AP, stage, situation…)";
const NO_MARKER: &str = "aucun repère de réalisation (clé epreuve, étiquette E5, titre « Situation … », dossier projets/…)";

/// Where the page goes, and why: the first of these steps that knows wins.
pub fn classify(p: &PageFacts) -> Verdict {
    let names = Names::of(p);
    not_a_page(&names, p)
        .or_else(|| by_key(&names, p))
        .or_else(|| epreuve_page(&names, p))
        .or_else(|| not_a_mission(&names))
        .or_else(|| mission_marker(&names, p))
        .unwrap_or_else(|| unmarked(&names))
}

/// The names a page is known by, normalised for comparison.
struct Names {
    /// File stem as written (`AP31`, `index`).
    stem: String,
    /// The page sits at the root of its content folder.
    at_root: bool,
    /// Its folders in the site, normalised.
    dirs: Vec<String>,
    /// Its name: the stem, or the folder of an `index.md`, without a number prefix.
    slug: String,
    /// Its title, normalised (empty without one).
    title: String,
}

impl Names {
    fn of(p: &PageFacts) -> Names {
        let path = Path::new(p.rel);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let at_root = Path::new(p.under_root)
            .parent()
            .is_none_or(|d| d.as_os_str().is_empty());
        let dirs: Vec<String> = path
            .parent()
            .map(|d| {
                d.components()
                    .map(|c| normalise(&c.as_os_str().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default();
        let slug = match (stem.as_str(), dirs.last()) {
            ("index" | "_index" | "README" | "readme", Some(d)) => d.clone(),
            _ => normalise(&stem),
        };
        Names {
            slug: strip_number_prefix(&slug),
            title: p.title.map(normalise).unwrap_or_default(),
            stem,
            at_root,
            dirs,
        }
    }

    /// The first of its folders that is one of `names`.
    fn dir_in(&self, names: &[&str]) -> Option<&String> {
        self.dirs.iter().find(|d| names.contains(&d.as_str()))
    }
}

/// Section lists and theme widgets are not pages of their own.
fn not_a_page(names: &Names, p: &PageFacts) -> Option<Verdict> {
    if names.stem == "_index" {
        return Some(verdict(
            Place::Out,
            "page de section (_index.md) : elle liste des pages, ce n'est pas une réalisation",
        ));
    }
    let headless = p.front.get("headless") == Some(&Value::Bool(true));
    (p.front.get("widget").is_some() || headless)
        .then(|| verdict(Place::Out, "bloc de la page d'accueil du thème (widget)"))
}

/// 1. What the student wrote as a key (`epreuve:`, `bts:`…, `competences:`).
fn by_key(names: &Names, p: &PageFacts) -> Option<Verdict> {
    let has_competences = p.front.get("competences").is_some();
    let Some((key, numbers)) = EPREUVE_KEYS.iter().find_map(|k| {
        let v = p.front.get(k)?;
        Some((*k, epreuve_numbers(&texts(v).join(" "), p.old_numbering)))
    }) else {
        return has_competences.then(|| verdict(Place::Mission(None), "clé « competences »"));
    };
    let named_epreuve = epreuve_of_name(&names.slug).or_else(|| epreuve_of_title(&names.title, p));
    if let (Some(n), false) = (named_epreuve, has_competences) {
        return Some(verdict(
            Place::Epreuve(n),
            format!("page d'épreuve (nom ou titre), clé « {key} »"),
        ));
    }
    let written = p
        .front
        .get(key)
        .map(|v| texts(v).join(", "))
        .unwrap_or_default();
    Some(verdict(
        Place::Mission(numbers.first().copied()),
        format!("clé « {key}: {written} »"),
    ))
}

/// 2. Épreuve pages anywhere in the site, by name or title.
fn epreuve_page(names: &Names, p: &PageFacts) -> Option<Verdict> {
    if let Some(n) = epreuve_of_name(&names.slug) {
        return Some(verdict(
            Place::Epreuve(n),
            format!("page d'épreuve (nom « {} »)", names.stem),
        ));
    }
    epreuve_of_title(&names.title, p).map(|n| {
        verdict(
            Place::Epreuve(n),
            format!("page d'épreuve (titre « {} »)", p.title.unwrap_or_default()),
        )
    })
}

/// 3. Pages that are not réalisations: the home page, [`NOT_MISSIONS`], theme samples.
fn not_a_mission(names: &Names) -> Option<Verdict> {
    if names.at_root && matches!(names.stem.as_str(), "index" | "_index") {
        return Some(verdict(
            Place::Out,
            "page d'accueil du site : ce n'est pas une réalisation",
        ));
    }
    for (prefix, what) in NOT_MISSIONS {
        let starts = |s: &str| s == *prefix || s.starts_with(&format!("{prefix}-"));
        if starts(&names.slug) || starts(&names.title) {
            return Some(verdict(
                Place::Out,
                format!("{what} : ce n'est pas une réalisation"),
            ));
        }
    }
    names.dir_in(SAMPLE_DIRS).map(|d| {
        verdict(
            Place::Out,
            format!("page d'exemple du thème (dossier {d}/) : ce n'est pas une réalisation"),
        )
    })
}

/// 4. Markers of a réalisation: tags and categories, title, section, name.
fn mission_marker(names: &Names, p: &PageFacts) -> Option<Verdict> {
    let tags: Vec<String> = ["tags", "categories", "category", "tag", "type"]
        .iter()
        .filter_map(|k| p.front.get(k))
        .flat_map(texts)
        .collect();
    let tag_numbers = epreuve_numbers(&tags.join(" "), p.old_numbering);
    if let Some(tag) = tags
        .iter()
        .find(|t| !epreuve_numbers(t, p.old_numbering).is_empty())
    {
        return Some(verdict(
            Place::Mission(tag_numbers.first().copied()),
            format!("étiquette « {tag} »"),
        ));
    }
    let mission_tag = tags.iter().find(|t| {
        let n = normalise(t);
        MISSION_TAGS.contains(&n.as_str()) || is_numbered(&n, "ap")
    });
    if let Some(tag) = mission_tag {
        return Some(verdict(
            Place::Mission(None),
            format!("étiquette « {tag} »"),
        ));
    }
    if let Some(n) = title_epreuve_number(&names.title, p) {
        let t = p.title.unwrap_or_default();
        return Some(verdict(Place::Mission(Some(n)), format!("titre « {t} »")));
    }
    if let Some(t) = p.title.filter(|_| title_marks_mission(&names.title)) {
        return Some(verdict(Place::Mission(None), format!("titre « {t} »")));
    }
    if let Some(d) = names.dir_in(MISSION_DIRS) {
        return Some(verdict(Place::Mission(None), format!("rangée dans {d}/")));
    }
    title_marks_mission(&names.slug)
        .then(|| verdict(Place::Mission(None), format!("nom « {} »", names.stem)))
}

/// No marker at all: left out, but taken when no page of the site is marked.
fn unmarked(names: &Names) -> Verdict {
    let reason = if names.dir_in(BLOG_DIRS).is_some() {
        BLOG_NO_MARKER
    } else {
        NO_MARKER
    };
    Verdict {
        place: Place::Out,
        reason: reason.to_string(),
        unmarked: true,
    }
}

/// Titles and names of réalisations: « Situation professionnelle 2 », « AP-31 », « AP3 … »,
/// « Stage BITC », « Réalisation 1 », « PPE 2 », « Mission 3 ».
fn title_marks_mission(n: &str) -> bool {
    let first = n.split('-').next().unwrap_or("");
    let two: String = n.split('-').take(2).collect::<Vec<_>>().join("-");
    is_numbered(first, "ap")
        || is_numbered(first, "situation")
        || is_numbered(first, "ppe")
        || is_numbered(first, "realisation")
        || is_numbered(first, "mission")
        || (first == "ap"
            && n.split('-')
                .nth(1)
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())))
        || matches!(first, "situation" | "stage" | "stages" | "ppe")
        || two == "realisation-professionnelle"
        || two == "atelier-de"
        || n.contains("situation-professionnelle")
        || n.contains("situation-pro")
}

/// `ap31`, `situation02` (the word, then digits).
fn is_numbered(word: &str, prefix: &str) -> bool {
    word.strip_prefix(prefix)
        .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
}

/// The épreuves a text names (`E5`, `[E5, E6]`, `épreuve 6`), in the tool's numbering:
/// with the numbering before 2025, E4 is the support épreuve (E5 here) and E5 the option
/// épreuve (E6 here).
pub fn epreuve_numbers(text: &str, old_numbering: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let words: Vec<String> = normalise(text).split('-').map(str::to_string).collect();
    for (i, w) in words.iter().enumerate() {
        let n = match w.as_str() {
            "e4" => Some(4),
            "e5" => Some(5),
            "e6" => Some(6),
            "4" | "5" | "6" if i > 0 && words[i - 1] == "epreuve" => w.parse().ok(),
            _ => None,
        };
        let mapped = match (n, old_numbering) {
            (Some(4), _) => Some(5),
            (Some(5), true) => Some(6),
            (Some(5), false) => Some(5),
            (Some(6), false) => Some(6),
            _ => None,
        };
        if let Some(m) = mapped
            && !out.contains(&m)
        {
            out.push(m);
        }
    }
    out
}

/// Whether a text speaks of the épreuve E4 (the numbering before 2025).
pub fn names_e4(text: &str) -> bool {
    let n = normalise(text);
    n.contains("epreuve-e4") || n.split('-').any(|w| w == "e4")
}

/// `e5`, `epreuve-e6`, `epreuve_5` → the épreuve's number (file names).
fn epreuve_of_name(slug: &str) -> Option<u8> {
    let rest = slug
        .strip_prefix("epreuve")
        .unwrap_or(slug)
        .trim_start_matches('-');
    match rest {
        "e5" | "5" => Some(5),
        "e6" | "6" => Some(6),
        _ => None,
    }
}

/// « Épreuve E5 — Support… », « E6 : Administration », « Réalisations professionnelles
/// (E5) » → the épreuve (in the tool's numbering). A title that also names a single
/// réalisation (« Situation 2 ») is not an épreuve page.
fn epreuve_of_title(title: &str, p: &PageFacts) -> Option<u8> {
    title_epreuve_number(title, p)
        .filter(|_| !title_marks_mission(title) && is_epreuve_page_title(title))
}

/// Words of the title of an épreuve page (« Épreuve E5 — Support… », « Réalisations
/// professionnelles (E5) », « Ateliers de professionnalisation (E4) »), as opposed to a
/// réalisation marked with its épreuve (« Mise en place de GLPI (E5) »).
const EPREUVE_PAGE_WORDS: &[&str] = &[
    "epreuve",
    "support",
    "administration",
    "conception",
    "realisations",
    "situations",
    "atelier",
    "ateliers",
    "parcours",
    "professionnalisation",
    "dossier",
    "portefeuille",
    "synthese",
    "missions",
    "projets",
];

fn is_epreuve_page_title(title: &str) -> bool {
    let words: Vec<&str> = title.split('-').filter(|w| !w.is_empty()).collect();
    words.len() <= 2 || words.iter().any(|w| EPREUVE_PAGE_WORDS.contains(w))
}

/// The épreuve a title names at its start (« E5 - … », « Épreuve E6 … ») or in final
/// parentheses (« … (E5) »).
fn title_epreuve_number(title: &str, p: &PageFacts) -> Option<u8> {
    if title.is_empty() {
        return None;
    }
    let words: Vec<&str> = title.split('-').collect();
    let first = if words.first() == Some(&"epreuve") {
        words.get(1).copied()
    } else {
        words.first().copied()
    };
    let last = p
        .title
        .and_then(|t| {
            let t = t.trim_end();
            t.strip_suffix(')')
                .and_then(|t| t.rsplit_once('('))
                .map(|(_, inner)| inner.trim().to_string())
        })
        .map(|s| normalise(&s));
    let number = |w: &str| epreuve_numbers(w, p.old_numbering).first().copied();
    first
        .filter(|w| matches!(*w, "e4" | "e5" | "e6") || words.first() == Some(&"epreuve"))
        .and_then(number)
        .or_else(|| last.as_deref().and_then(number))
}

/// Strings of a front-matter value.
pub fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(true) => vec!["oui".into()],
        _ => Vec::new(),
    }
}

/// `01-profil` → `profil`: numbered folders (MkDocs) are named by their words.
fn strip_number_prefix(s: &str) -> String {
    let t = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if t.len() < s.len() && t.starts_with('-') && t.len() > 1 {
        t[1..].to_string()
    } else {
        s.to_string()
    }
}

/// Lower case, no accents, `-` between words: how names and titles are compared.
pub fn normalise(s: &str) -> String {
    deunicode::deunicode(s)
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(rel: &str, under: &str, front: &str, title: Option<&str>, old: bool) -> Verdict {
        let fm = crate::input::frontmatter::split(&format!("---\n{front}\n---\n"))
            .unwrap()
            .front;
        classify(&PageFacts {
            rel,
            under_root: under,
            front: &fm,
            title,
            old_numbering: old,
        })
    }

    /// (path in the site, path under its content folder, front matter, title, numbering
    /// before 2025, place, words of the reason).
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        bool,
        Place,
        &'static str,
    );

    /// What students write, and where it goes.
    #[rustfmt::skip]
    const WHAT_STUDENTS_WRITE: &[Case] = &[
        ("content/post/AP31.md", "post/AP31.md", "title: AP-31\ntags: [JS]", Some("AP-31"), false, Place::Mission(None), "AP-31"),
        ("content/post/veille.md", "post/veille.md", "categories: [formation, stage]", Some("Veille Cyber"), false, Place::Out, ""),
        ("content/project/docker/index.md", "project/docker/index.md", "tags: [E5]", Some("Docker"), true, Place::Mission(Some(6)), ""),
        ("content/project/nas/index.md", "project/nas/index.md", "tags: [formation]", Some("NAS"), true, Place::Mission(None), ""),
        ("_pages/atelier.md", "_pages/atelier.md", "layout: single", Some("Ateliers de professionnalisation (E4)"), true, Place::Epreuve(5), ""),
        ("content/projets/glpi.md", "projets/glpi.md", "title: x", Some("Mise en place de GLPI (E5)"), false, Place::Mission(Some(5)), ""),
        ("content/projets/s2.md", "projets/s2.md", "title: x", Some("Situation 2 (E6)"), false, Place::Mission(Some(6)), ""),
        ("content/e5.md", "e5-page.md", "title: x", Some("E5 - Support et mise à disposition"), false, Place::Epreuve(5), ""),
        ("docs/05_Mise_en_place/MEPD.md", "05_Mise_en_place/MEPD.md", "", Some("Situation Pro : Mise en place"), false, Place::Mission(None), ""),
        ("content/event/example/index.md", "event/example/index.md", "title: Example Event", Some("Example Event"), false, Place::Out, ""),
        ("_posts/2021-05-07-kubernetes.md", "_posts/2021-05-07-kubernetes.md", "title: Kubernetes", Some("Kubernetes"), false, Place::Out, "blog"),
    ];

    #[test]
    fn what_students_write() {
        for &(rel, under, front, title, old, expected, words) in WHAT_STUDENTS_WRITE {
            let v = place(rel, under, front, title, old);
            assert_eq!(v.place, expected, "{rel}: {}", v.reason);
            assert!(v.reason.contains(words), "{rel}: {}", v.reason);
        }
    }

    #[test]
    fn epreuve_names_and_numbers() {
        assert_eq!(epreuve_of_name("epreuve-e6"), Some(6));
        assert_eq!(epreuve_of_name("e56"), None);
        assert_eq!(epreuve_numbers("[E5, E6]", false), vec![5, 6]);
        assert_eq!(epreuve_numbers("E4 E5", true), vec![5, 6]);
        assert_eq!(epreuve_numbers("épreuve 6", false), vec![6]);
        assert!(names_e4("Activités du référentiel pour l’épreuve E4 2023"));
        assert!(!names_e4("Épreuve E5"));
    }
}
