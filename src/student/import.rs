//! `sio-dossier import <site>`: an existing Astro or Hugo portfolio → a candidate folder.
//!
//! Pages are read from the site's content folders (`src/content/`, `content/`,
//! `src/pages/`), decoded and split with the input layer (`decode`, `frontmatter::split`),
//! then placed by their front matter and path: the épreuve pages (`e5.md`,
//! `epreuve-e6.md`, a title « Épreuve E5 … »), the missions (`competences:` or
//! `epreuve:` in the front matter, or a folder `missions/`, `projets/`, `realisations/`…).
//! The files a placed page cites (images, livrables, linked documents) are found in
//! `public/` or `static/` (absolute paths) or beside the page (relative paths), copied under
//! `assets/` and the page rewritten to cite them there. Whatever cannot be placed is
//! listed, with the reason. Every read goes through [`Confined`]: nothing outside the site
//! folder is read, symlinks included.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::input::decode::{Repair, decode};
use crate::input::folder::MAX_PAGE_BYTES;
use crate::input::frontmatter::{FrontMatter, split};
use crate::input::{ConfineError, Confined};
use crate::markdown::{self, ImageTarget, LinkTarget, Options, Resolver};
use crate::model::{Competence, OptionSio};
use crate::render::world::MAX_ASSET_BYTES;
use crate::student::{WriteError, init::candidat_yaml, write_new_files};

/// Folders holding the pages, in the order they are searched.
const CONTENT_ROOTS: &[&str] = &["src/content", "content", "src/pages"];
/// Folders served at the site's root (`/img/x.png` is `public/img/x.png`).
const STATIC_ROOTS: &[&str] = &["public", "static"];
/// Folders of assets that the site's build processes (`src/assets/` in Astro,
/// `assets/` in Hugo): their files keep their path under `assets/`.
const ASSET_ROOTS: &[&str] = &["src/assets", "assets"];
/// Front-matter keys that cite a file of the site.
const FILE_KEYS: &[&str] = &["img", "image", "cover", "heroImage", "livrables"];

/// The site generator, as far as its files tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Astro,
    Hugo,
    Unknown,
}

impl Flavour {
    pub fn label_fr(self) -> &'static str {
        match self {
            Flavour::Astro => "Astro",
            Flavour::Hugo => "Hugo",
            Flavour::Unknown => "de type inconnu",
        }
    }
}

/// A page of the site and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlacement {
    /// Path in the site (`src/content/projets/glpi.md`).
    pub source: String,
    /// Path in the candidate folder (`missions/glpi.md`).
    pub target: String,
    /// What it is (« épreuve E5 », « mission E5, E6 », « brouillon »…).
    pub note: String,
}

/// A file cited by a page, copied under `assets/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlacement {
    pub source: String,
    pub target: String,
}

/// Something that was not placed in the candidate folder, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    pub what: String,
    pub reason: String,
}

/// The whole mapping of a site onto a candidate folder, with the files to write.
#[derive(Debug)]
pub struct ImportPlan {
    pub site: PathBuf,
    pub flavour: Flavour,
    pub pages: Vec<PagePlacement>,
    pub files: Vec<FilePlacement>,
    pub unplaced: Vec<Unplaced>,
    /// Other things worth knowing (encodings repaired, épreuve page missing…).
    pub notes: Vec<String>,
    /// How `candidat.yaml` was made.
    pub candidat: String,
    outputs: Vec<(PathBuf, Vec<u8>)>,
}

/// Why a site could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("site « {0} » illisible : {1}")]
    Unreadable(String, String),
    #[error(
        "aucun dossier de pages (src/content/, content/ ou src/pages/) dans « {0} » : est-ce bien un site Astro ou Hugo ?"
    )]
    NoContent(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// What a page of the site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Epreuve(u8),
    Mission,
    Section,
    Mdx,
    Other,
}

struct SourcePage {
    /// Virtual path in the site (`/src/content/projets/glpi.md`).
    vpath: String,
    text: String,
    front: FrontMatter,
    body: String,
    class: Class,
    slug: String,
}

impl SourcePage {
    fn rel(&self) -> &str {
        self.vpath.trim_start_matches('/')
    }

    fn vdir(&self) -> String {
        match self.vpath.rsplit_once('/') {
            Some((dir, _)) if !dir.is_empty() => dir.to_string(),
            _ => "/".to_string(),
        }
    }

    /// The page's folder as the site's address sees it: without its content folder
    /// (`/content/missions` → `/missions`), against which the generator resolves
    /// relative links.
    fn url_dir(&self) -> String {
        let dir = self.vdir();
        for root in CONTENT_ROOTS {
            let prefix = format!("/{root}");
            if let Some(rest) = dir.strip_prefix(&prefix)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                return if rest.is_empty() {
                    "/".into()
                } else {
                    rest.into()
                };
            }
        }
        dir
    }
}

/// Reads a site and plans the candidate folder. Nothing is written.
pub fn plan_import(site: &Path) -> Result<ImportPlan, ImportError> {
    let root = Confined::new(site)
        .map_err(|e| ImportError::Unreadable(site.display().to_string(), e.to_string()))?;
    let exists = |rel: &str| root.real_path(&format!("/{rel}")).is_ok();
    let flavour = if ["astro.config.mjs", "astro.config.ts", "astro.config.js"]
        .iter()
        .any(|f| exists(f))
        || exists("src/content")
    {
        Flavour::Astro
    } else if [
        "hugo.toml",
        "hugo.yaml",
        "config.toml",
        "config.yaml",
        "content",
    ]
    .iter()
    .any(|f| exists(f))
    {
        Flavour::Hugo
    } else {
        Flavour::Unknown
    };
    let content_roots: Vec<&str> = CONTENT_ROOTS
        .iter()
        .copied()
        .filter(|r| root.real_path(&format!("/{r}")).is_ok_and(|p| p.is_dir()))
        .collect();
    if content_roots.is_empty() {
        return Err(ImportError::NoContent(site.display().to_string()));
    }

    let mut plan = ImportPlan {
        site: site.to_path_buf(),
        flavour,
        pages: Vec::new(),
        files: Vec::new(),
        unplaced: Vec::new(),
        notes: Vec::new(),
        candidat: String::new(),
        outputs: Vec::new(),
    };

    // 1. Every page, read through the confinement, decoded, split, classified.
    let mut pages = Vec::new();
    for vpath in list_pages(&root, &content_roots) {
        let rel = vpath.trim_start_matches('/').to_string();
        let bytes = match root.read(&vpath, MAX_PAGE_BYTES) {
            Ok(b) => b,
            Err(e) => {
                plan.unplaced.push(unplaced(&rel, e.to_string()));
                continue;
            }
        };
        let decoded = decode(&bytes);
        for repair in &decoded.repairs {
            if matches!(
                repair,
                Repair::DecodedAsWindows1252 | Repair::Mojibake { .. }
            ) {
                plan.notes.push(format!("{rel} : {}", repair.message_fr()));
            }
        }
        let text = decoded.text;
        let (front, body) = match split(&text) {
            Ok(s) => (s.front, s.body.to_string()),
            Err(e) => {
                plan.unplaced.push(unplaced(
                    &rel,
                    format!("en-tête illisible (ligne {}) : {}", e.line, e.message),
                ));
                continue;
            }
        };
        let (class, slug) = classify(&rel, &front);
        pages.push(SourcePage {
            vpath,
            text,
            front,
            body,
            class,
            slug,
        });
    }

    // 2. Targets: one page per épreuve, one file per mission (slugs made unique).
    let mut targets: BTreeMap<String, String> = BTreeMap::new(); // page vpath → target
    let mut mission_slugs: BTreeMap<String, String> = BTreeMap::new(); // page vpath → slug
    let mut used_slugs = BTreeSet::new();
    let mut epreuves_seen = BTreeMap::new();
    for page in &pages {
        match page.class {
            Class::Epreuve(n) => {
                if let Some(first) = epreuves_seen.get(&n) {
                    plan.unplaced.push(unplaced(
                        page.rel(),
                        format!("deuxième page de l'épreuve E{n} (la première est {first})"),
                    ));
                } else {
                    epreuves_seen.insert(n, page.rel().to_string());
                    targets.insert(page.vpath.clone(), format!("epreuves/e{n}.md"));
                }
            }
            Class::Mission => {
                let base = file_slug(&page.slug);
                let mut slug = base.clone();
                let mut i = 2;
                while !used_slugs.insert(slug.clone()) {
                    slug = format!("{base}-{i}");
                    i += 1;
                }
                targets.insert(page.vpath.clone(), format!("missions/{slug}.md"));
                mission_slugs.insert(page.vpath.clone(), slug);
            }
            Class::Section => plan.unplaced.push(unplaced(
                page.rel(),
                "page de section (_index.md) : elle liste des pages, ce n'est pas une réalisation"
                    .into(),
            )),
            Class::Mdx => plan.unplaced.push(unplaced(
                page.rel(),
                "page MDX : ses composants ne s'impriment pas ; copiez son texte dans un fichier .md"
                    .into(),
            )),
            Class::Other => plan.unplaced.push(unplaced(
                page.rel(),
                "ni page d'épreuve ni réalisation (pas de clé epreuve ni competences, hors des dossiers missions/, projets/, realisations/)"
                    .into(),
            )),
        }
    }
    for n in [5u8, 6] {
        if !epreuves_seen.contains_key(&n) {
            plan.notes.push(format!(
                "aucune page de l'épreuve E{n} trouvée (fichier e{n}.md, epreuve-e{n}.md ou titre « Épreuve E{n} ») : epreuves/e{n}.md n'est pas créé"
            ));
        }
    }

    // 3. The files each placed page cites, and the page rewritten to cite their copies.
    let page_vpaths: BTreeSet<String> = pages.iter().map(|p| p.vpath.clone()).collect();
    let mut assets: BTreeMap<String, String> = BTreeMap::new(); // site vpath → target vpath
    let mut asset_targets: BTreeMap<String, String> = BTreeMap::new(); // target → site vpath
    let mut placed_pages = Vec::new();
    for page in &pages {
        let Some(target) = targets.get(&page.vpath) else {
            continue;
        };
        let owner = mission_slugs
            .get(&page.vpath)
            .cloned()
            .unwrap_or_else(|| file_slug(&page.slug));
        let mut rewrites: BTreeMap<String, String> = BTreeMap::new();
        for (written, is_link) in citations(page) {
            match resolve(&root, &written, page, is_link, &page_vpaths) {
                Resolved::Skip => {}
                Resolved::Missions => {
                    if written.trim_end_matches('/') != "/missions" {
                        rewrites.insert(written, "/missions/".into());
                    }
                }
                Resolved::Asset(vpath) => {
                    let new = match assets.get(&vpath) {
                        Some(t) => t.clone(),
                        None => {
                            let t = unique_target(&asset_target(&vpath, &owner), &asset_targets);
                            asset_targets.insert(t.clone(), vpath.clone());
                            assets.insert(vpath.clone(), t.clone());
                            t
                        }
                    };
                    if new != written {
                        rewrites.insert(written, new);
                    }
                }
                Resolved::Page(vpath) => match mission_slugs.get(&vpath) {
                    Some(slug) => {
                        rewrites.insert(written, format!("/missions/{slug}/"));
                    }
                    None => plan.unplaced.push(cited(
                        &written,
                        page.rel(),
                        "lien vers une page du site qui n'est pas une réalisation : imprimé comme texte",
                    )),
                },
                Resolved::PageLink(last) => match mission_slug_by_name(&mission_slugs, &pages, &last)
                {
                    Some(slug) => {
                        rewrites.insert(written, format!("/missions/{slug}/"));
                    }
                    None => plan.unplaced.push(cited(
                        &written,
                        page.rel(),
                        "lien vers une page du site qui n'est pas importée : imprimé comme texte",
                    )),
                },
                Resolved::NotFound => plan.unplaced.push(cited(
                    &written,
                    page.rel(),
                    "fichier introuvable dans le site (cherché dans public/, static/ et à côté de la page)",
                )),
                Resolved::Refused(reason) => {
                    plan.unplaced.push(cited(&written, page.rel(), &reason));
                }
            }
        }
        let mut text = page.text.clone();
        let mut ordered: Vec<(&String, &String)> = rewrites.iter().collect();
        ordered.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        for (from, to) in ordered {
            text = replace_bounded(&text, from, to);
        }
        plan.outputs
            .push((PathBuf::from(target), text.into_bytes()));
        placed_pages.push(PagePlacement {
            source: page.rel().to_string(),
            target: target.clone(),
            note: page_note(page),
        });
    }
    placed_pages.sort_by(|a, b| {
        (!a.target.starts_with("epreuves/"), &a.target)
            .cmp(&(!b.target.starts_with("epreuves/"), &b.target))
    });
    plan.pages = placed_pages;

    // 4. The cited files themselves.
    for (vpath, target) in &assets {
        match root.read(vpath, MAX_ASSET_BYTES) {
            Ok(bytes) => {
                plan.outputs
                    .push((PathBuf::from(target.trim_start_matches('/')), bytes));
                plan.files.push(FilePlacement {
                    source: vpath.trim_start_matches('/').to_string(),
                    target: target.trim_start_matches('/').to_string(),
                });
            }
            Err(e) => plan
                .unplaced
                .push(unplaced(vpath.trim_start_matches('/'), e.to_string())),
        }
    }

    // 5. candidat.yaml: the site's own when it has one, otherwise the commented model with
    //    the option the missions' competences show and the site's address.
    match root.read("/candidat.yaml", MAX_PAGE_BYTES) {
        Ok(bytes) => {
            plan.outputs.push((
                PathBuf::from("candidat.yaml"),
                decode(&bytes).text.into_bytes(),
            ));
            plan.candidat = "candidat.yaml repris du site".into();
        }
        Err(_) => {
            let (option, guessed) = guess_option(&pages);
            let portfolio = site_address(&root, flavour);
            plan.outputs.push((
                PathBuf::from("candidat.yaml"),
                candidat_yaml(None, None, option, portfolio.as_deref()).into_bytes(),
            ));
            let mut how = format!(
                "candidat.yaml créé : complétez nom, prénom et numéro ; option {}{}",
                option.code(),
                if guessed {
                    " (déduite des compétences des missions)"
                } else {
                    " à vérifier"
                }
            );
            if let Some(url) = portfolio {
                let _ = write!(how, " ; portfolio {url} (adresse du site)");
            }
            plan.candidat = how;
        }
    }
    plan.outputs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(plan)
}

impl ImportPlan {
    /// Writes the candidate folder; refuses if any of its files exists already.
    pub fn write(&self, out: &Path) -> Result<usize, ImportError> {
        write_new_files(out, &self.outputs)?;
        Ok(self.outputs.len())
    }

    /// Paths (relative to the candidate folder) and bytes of the files to write.
    pub fn outputs(&self) -> &[(PathBuf, Vec<u8>)] {
        &self.outputs
    }

    /// The mapping, in French, as printed by `import` (and by `import --dry-run`).
    pub fn summary_fr(&self, out: &Path) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Site {} « {} » → dossier du candidat « {} »",
            self.flavour.label_fr(),
            self.site.display(),
            out.display()
        );
        let width = self
            .pages
            .iter()
            .map(|p| p.source.chars().count())
            .chain(self.files.iter().map(|f| f.source.chars().count()))
            .max()
            .unwrap_or(0);
        let pad = |text: &str| {
            let n = text.chars().count();
            format!("{text}{}", " ".repeat(width.saturating_sub(n)))
        };
        let epreuves: Vec<&PagePlacement> = self
            .pages
            .iter()
            .filter(|p| p.target.starts_with("epreuves/"))
            .collect();
        let missions: Vec<&PagePlacement> = self
            .pages
            .iter()
            .filter(|p| p.target.starts_with("missions/"))
            .collect();
        for (title, list) in [
            ("Pages d'épreuve", epreuves),
            ("Missions (réalisations)", missions),
        ] {
            let _ = writeln!(s, "\n{title} ({}) :", list.len());
            for p in list {
                let _ = writeln!(s, "  {}  →  {}  ({})", pad(&p.source), p.target, p.note);
            }
        }
        let _ = writeln!(s, "\nFichiers cités ({}) :", self.files.len());
        for f in &self.files {
            let _ = writeln!(s, "  {}  →  {}", pad(&f.source), f.target);
        }
        let _ = writeln!(s, "\nIdentité : {}", self.candidat);
        if !self.notes.is_empty() {
            let _ = writeln!(s, "\nÀ savoir :");
            for n in &self.notes {
                let _ = writeln!(s, "  {n}");
            }
        }
        let _ = writeln!(s, "\nNon placé ({}) :", self.unplaced.len());
        if self.unplaced.is_empty() {
            let _ = writeln!(
                s,
                "  rien : tout le contenu utile du site a trouvé sa place"
            );
        }
        for u in &self.unplaced {
            let _ = writeln!(s, "  {} : {}", u.what, u.reason);
        }
        s
    }
}

fn unplaced(what: &str, reason: String) -> Unplaced {
    Unplaced {
        what: what.to_string(),
        reason,
    }
}

fn cited(written: &str, page: &str, reason: &str) -> Unplaced {
    Unplaced {
        what: format!("{written} (cité par {page})"),
        reason: reason.to_string(),
    }
}

/// Markdown pages under the content folders, as virtual paths of the site, sorted.
/// Hidden folders and `node_modules` are skipped; links are not followed.
fn list_pages(root: &Confined, content_roots: &[&str]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for dir in content_roots {
        let walker = walkdir::WalkDir::new(root.root().join(dir))
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let name = e.file_name().to_string_lossy();
                e.depth() == 0 || !(name.starts_with('.') || name == "node_modules")
            });
        for entry in walker.flatten() {
            let is_page = entry.path().extension().is_some_and(|e| {
                let e = e.to_string_lossy().to_ascii_lowercase();
                matches!(e.as_str(), "md" | "markdown" | "mdx")
            });
            if !is_page || entry.file_type().is_dir() {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(root.root()) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(format!("/{}", parts.join("/")));
            }
        }
    }
    out.into_iter().collect()
}

/// Lower case, no accents, `-` between words: how names and titles are compared.
fn normalise(s: &str) -> String {
    deunicode::deunicode(s)
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A slug usable as a file name.
fn file_slug(s: &str) -> String {
    let n = normalise(s);
    if n.is_empty() { "page".into() } else { n }
}

/// `e5`, `epreuve-e5`, `epreuve_5`, `Épreuve E6` → the épreuve's number.
fn epreuve_of_name(name: &str) -> Option<u8> {
    let n = normalise(name);
    let rest = n
        .strip_prefix("epreuve")
        .unwrap_or(&n)
        .trim_start_matches('-');
    match rest {
        "e5" | "5" => Some(5),
        "e6" | "6" => Some(6),
        _ => None,
    }
}

/// « Épreuve E5 — Support… » → 5.
fn epreuve_of_title(title: &str) -> Option<u8> {
    let n = normalise(title);
    let rest = n.strip_prefix("epreuve-")?;
    let word = rest.split('-').next()?;
    epreuve_of_name(word)
}

fn is_mission_dir(name: &str) -> bool {
    let n = normalise(name);
    matches!(
        n.as_str(),
        "missions" | "mission" | "projets" | "projet" | "projects" | "project"
    ) || n.starts_with("realisation")
}

fn classify(rel: &str, front: &FrontMatter) -> (Class, String) {
    let path = Path::new(rel);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| s.to_string_lossy().into_owned());
    let slug = match (&stem[..], &parent) {
        ("index" | "_index", Some(dir)) => dir.clone(),
        _ => stem.clone(),
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let has = |k: &str| front.get(k).is_some();
    let class = if ext == "mdx" {
        Class::Mdx
    } else if let Some(n) = epreuve_of_name(&slug).filter(|_| !has("competences")) {
        Class::Epreuve(n)
    } else if stem == "_index" {
        Class::Section
    } else if let Some(n) = title_of(front)
        .and_then(|t| epreuve_of_title(&t))
        .filter(|_| !has("competences"))
    {
        Class::Epreuve(n)
    } else if has("competences")
        || has("epreuve")
        || path.parent().is_some_and(|p| {
            p.components()
                .any(|c| is_mission_dir(&c.as_os_str().to_string_lossy()))
        })
    {
        Class::Mission
    } else {
        Class::Other
    };
    (class, slug)
}

fn title_of(front: &FrontMatter) -> Option<String> {
    ["title", "titre"]
        .iter()
        .find_map(|k| front.get(k).and_then(Value::as_str).map(str::to_string))
}

/// Strings of a front-matter value: a string, or a list of them.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn page_note(page: &SourcePage) -> String {
    let draft = page
        .front
        .get("draft")
        .is_some_and(|v| v == &Value::Bool(true) || v.as_str() == Some("true"));
    let mut note = match page.class {
        Class::Epreuve(n) => format!("épreuve E{n}"),
        _ => {
            let epreuves: Vec<String> = page
                .front
                .get("epreuve")
                .map(|v| match v {
                    Value::String(s) => s.split(',').map(|p| p.trim().to_string()).collect(),
                    other => strings(other),
                })
                .unwrap_or_default();
            if epreuves.is_empty() {
                "mission sans épreuve : ajoutez « epreuve: E5 » ou « E6 »".to_string()
            } else {
                format!("mission {}", epreuves.join(", "))
            }
        }
    };
    if draft {
        note.push_str(", brouillon : ignorée à la construction");
    }
    note
}

/// Records every link and image a body cites, in order; prints nothing.
#[derive(Default)]
struct Recorder {
    cited: RefCell<Vec<(String, bool)>>,
}

impl Resolver for Recorder {
    fn link(&self, url: &str) -> LinkTarget {
        self.cited.borrow_mut().push((url.to_string(), true));
        LinkTarget::Text
    }

    fn image(&self, src: &str) -> ImageTarget {
        self.cited.borrow_mut().push((src.to_string(), false));
        ImageTarget::Missing(String::new())
    }
}

/// What a page cites: front-matter files, then the body's images and links (with the
/// converter itself, so that Markdown, HTML `<img>` and Hugo `figure` are all seen).
/// `(written, is_link)`, each once.
fn citations(page: &SourcePage) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for key in FILE_KEYS {
        if let Some(v) = page.front.get(key) {
            out.extend(strings(v).into_iter().map(|s| (s, false)));
        }
    }
    let recorder = Recorder::default();
    let _ = markdown::to_typst(&page.body, &Options::default(), &recorder);
    out.extend(recorder.cited.into_inner());
    let mut seen = BTreeSet::new();
    out.retain(|(w, _)| !w.trim().is_empty() && seen.insert(w.clone()));
    out
}

enum Resolved {
    /// An address (`https:`, `mailto:`) or an anchor: nothing to copy.
    Skip,
    /// A file of the site (virtual path).
    Asset(String),
    /// A Markdown page of the site (virtual path).
    Page(String),
    /// A link to a page of the site by its address: the last segment of the path.
    PageLink(String),
    /// A link to the list of missions (`/projets/`): `/missions/` in the candidate folder.
    Missions,
    NotFound,
    Refused(String),
}

fn resolve(
    root: &Confined,
    written: &str,
    page: &SourcePage,
    is_link: bool,
    pages: &BTreeSet<String>,
) -> Resolved {
    let w = written.trim();
    if w.is_empty() || w.starts_with('#') {
        return Resolved::Skip;
    }
    let vpath = match root.virtual_path(w, &page.vdir()) {
        Ok(v) => v,
        Err(ConfineError::NotAFile(..)) => return Resolved::Skip,
        Err(e) => return Resolved::Refused(e.to_string().replace("candidat", "site")),
    };
    // A relative path is also tried as the generator reads it: against the page's address,
    // in the folders served at the site's root.
    let url_path = if w.starts_with('/') {
        Some(vpath.clone())
    } else {
        root.virtual_path(w, &page.url_dir()).ok()
    };
    let mut candidates = Vec::new();
    for v in [vpath.clone(), percent_decode(&vpath)] {
        candidates.push(v);
    }
    if let Some(url) = &url_path {
        for v in [url.clone(), percent_decode(url)] {
            for s in STATIC_ROOTS {
                candidates.push(format!("/{s}{v}"));
            }
        }
    }
    // Absolute paths are the site's addresses first.
    if w.starts_with('/') {
        candidates.rotate_left(2);
    }
    let mut seen = BTreeSet::new();
    candidates.retain(|c| seen.insert(c.clone()));
    for c in &candidates {
        match root.real_path(c) {
            Ok(real) if real.is_file() => {
                return if pages.contains(c) {
                    Resolved::Page(c.clone())
                } else {
                    Resolved::Asset(c.clone())
                };
            }
            Ok(real) if real.is_dir() => {
                for index in ["index.md", "_index.md"] {
                    let page = format!("{}/{index}", c.trim_end_matches('/'));
                    if pages.contains(&page) {
                        return Resolved::Page(page);
                    }
                }
            }
            Err(e @ ConfineError::Symlink(_)) => {
                return Resolved::Refused(e.to_string().replace("candidat", "site"));
            }
            _ => {}
        }
    }
    let url = url_path.unwrap_or(vpath);
    let last = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    if is_link && (last.is_empty() || is_mission_dir(&last)) {
        return if last.is_empty() {
            Resolved::Skip
        } else {
            Resolved::Missions
        };
    }
    let page_like = !last.contains('.') || last.ends_with(".md") || last.ends_with(".html");
    if is_link && page_like && !last.is_empty() {
        let name = last
            .trim_end_matches(".md")
            .trim_end_matches(".html")
            .to_string();
        Resolved::PageLink(name)
    } else {
        Resolved::NotFound
    }
}

/// The mission imported from the page named `name` (file stem or bundle folder).
fn mission_slug_by_name(
    slugs: &BTreeMap<String, String>,
    pages: &[SourcePage],
    name: &str,
) -> Option<String> {
    let wanted = normalise(name);
    pages
        .iter()
        .filter(|p| normalise(&p.slug) == wanted)
        .find_map(|p| slugs.get(&p.vpath).cloned())
}

/// Where a cited file goes under `assets/`: files served at the site's root and the
/// site's asset folders keep their path (under `assets/`); files beside a page go in a
/// folder named after the page.
fn asset_target(vpath: &str, owner: &str) -> String {
    for s in STATIC_ROOTS {
        if let Some(rest) = vpath.strip_prefix(&format!("/{s}/")) {
            return if rest.starts_with("assets/") {
                format!("/{rest}")
            } else {
                format!("/assets/{rest}")
            };
        }
    }
    for s in ASSET_ROOTS {
        if let Some(rest) = vpath.strip_prefix(&format!("/{s}/")) {
            return format!("/assets/{rest}");
        }
    }
    let name = vpath.rsplit('/').next().unwrap_or("fichier");
    format!("/assets/{owner}/{name}")
}

/// `target`, or `target-2`, `-3`… (before the extension) when another file has it.
fn unique_target(target: &str, taken: &BTreeMap<String, String>) -> String {
    if !taken.contains_key(target) {
        return target.to_string();
    }
    let (stem, ext) = match target.rsplit_once('.') {
        Some((s, e)) if !s.ends_with('/') && !e.contains('/') => (s.to_string(), format!(".{e}")),
        _ => (target.to_string(), String::new()),
    };
    (2..)
        .map(|i| format!("{stem}-{i}{ext}"))
        .find(|t| !taken.contains_key(t))
        .unwrap_or_default()
}

/// `%20` and other escapes of a URL path, decoded (when the result is UTF-8).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Replaces `from` by `to` where `from` stands as a whole path: between delimiters of
/// Markdown, HTML, YAML or TOML (`(`, `"`, `[`, `=`, `:`, `,`, spaces…), never inside a
/// longer word or path.
fn replace_bounded(text: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(pos) = text[i..].find(from) {
        let start = i + pos;
        let end = start + from.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let left = before.is_none_or(|c| c.is_whitespace() || "(\"'<[=:,".contains(c));
        let right = after.is_none_or(|c| c.is_whitespace() || ")\"'>],".contains(c));
        out.push_str(&text[i..start]);
        out.push_str(if left && right { to } else { from });
        i = end;
    }
    out.push_str(&text[i..]);
    out
}

/// The option the missions' bloc 2 competences point to (`true`), or SISR to check.
fn guess_option(pages: &[SourcePage]) -> (OptionSio, bool) {
    let mut sisr = 0;
    let mut slam = 0;
    for page in pages.iter().filter(|p| p.class == Class::Mission) {
        for text in page
            .front
            .get("competences")
            .map(strings)
            .unwrap_or_default()
        {
            if let Some(Competence::Bloc2(b)) = Competence::parse(&text) {
                match b.option() {
                    OptionSio::Sisr => sisr += 1,
                    OptionSio::Slam => slam += 1,
                }
            }
        }
    }
    match (sisr, slam) {
        (0, 0) => (OptionSio::Sisr, false),
        (a, b) if b > a => (OptionSio::Slam, true),
        _ => (OptionSio::Sisr, true),
    }
}

/// The site's public address: `site:` of the Astro configuration, `baseURL` of Hugo's.
fn site_address(root: &Confined, flavour: Flavour) -> Option<String> {
    let read = |rel: &str| {
        root.read(&format!("/{rel}"), MAX_PAGE_BYTES)
            .ok()
            .map(|b| decode(&b).text)
    };
    let found = match flavour {
        Flavour::Astro => ["astro.config.mjs", "astro.config.ts", "astro.config.js"]
            .iter()
            .filter_map(|f| read(f))
            .find_map(|text| astro_site(&text)),
        Flavour::Hugo | Flavour::Unknown => [
            "hugo.toml",
            "config.toml",
            "config/_default/hugo.toml",
            "config/_default/config.toml",
            "hugo.yaml",
            "hugo.yml",
            "config.yaml",
            "config.yml",
        ]
        .iter()
        .filter_map(|f| Some((f, read(f)?)))
        .find_map(|(f, text)| {
            let map: BTreeMap<String, Value> = if f.ends_with(".toml") {
                toml::from_str::<toml::Table>(&text)
                    .ok()?
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, serde_json::to_value(v).ok()?)))
                    .collect()
            } else {
                serde_yaml::from_str(&text).ok()?
            };
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("baseurl"))
                .and_then(|(_, v)| v.as_str().map(str::to_string))
        }),
    }?;
    let url = found.trim().trim_end_matches('/').to_string();
    let placeholder = ["example.org", "example.com", "localhost", "127.0.0.1"]
        .iter()
        .any(|p| url.contains(p));
    (url.starts_with("http") && !placeholder).then_some(url)
}

/// `site: 'https://…'` in an Astro configuration.
fn astro_site(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find("site") {
        let after = rest[i + 4..].trim_start();
        if let Some(value) = after.strip_prefix(':') {
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if matches!(quote, '\'' | '"' | '`') {
                let inner = &value[1..];
                let end = inner.find(quote)?;
                return Some(inner[..end].to_string());
            }
        }
        rest = &rest[i + 4..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epreuve_names_and_titles() {
        for (name, n) in [
            ("e5", Some(5)),
            ("epreuve-e6", Some(6)),
            ("Epreuve_E5", Some(5)),
            ("épreuve6", Some(6)),
            ("e56", None),
            ("glpi", None),
        ] {
            assert_eq!(epreuve_of_name(name), n, "{name}");
        }
        assert_eq!(
            epreuve_of_title("Épreuve E5 — Support et mise à disposition"),
            Some(5)
        );
        assert_eq!(epreuve_of_title("Mise en place de GLPI"), None);
    }

    #[test]
    fn bounded_replacement_only_replaces_whole_paths() {
        let text = "img: /img/a.png\n![x](/img/a.png) [y](/img/a.png.bak) src=\"/img/a.png\"";
        let out = replace_bounded(text, "/img/a.png", "/assets/img/a.png");
        assert_eq!(
            out,
            "img: /assets/img/a.png\n![x](/assets/img/a.png) [y](/img/a.png.bak) src=\"/assets/img/a.png\""
        );
    }

    #[test]
    fn asset_targets() {
        assert_eq!(asset_target("/public/img/a.png", "p"), "/assets/img/a.png");
        assert_eq!(
            asset_target("/static/assets/doc.pdf", "p"),
            "/assets/doc.pdf"
        );
        assert_eq!(asset_target("/src/assets/a.jpg", "p"), "/assets/a.jpg");
        assert_eq!(
            asset_target("/content/projets/glpi/schema.png", "glpi"),
            "/assets/glpi/schema.png"
        );
        let mut taken = BTreeMap::new();
        taken.insert("/assets/a.png".to_string(), "x".to_string());
        assert_eq!(unique_target("/assets/a.png", &taken), "/assets/a-2.png");
    }

    #[test]
    fn astro_site_address() {
        assert_eq!(
            astro_site("export default defineConfig({\n  site: 'https://lea.fr',\n});"),
            Some("https://lea.fr".into())
        );
        assert_eq!(astro_site("// no site here"), None);
    }

    #[test]
    fn percent_escapes() {
        assert_eq!(percent_decode("/img/a%20b.png"), "/img/a b.png");
        assert_eq!(percent_decode("/img/100%"), "/img/100%");
    }
}
