//! `sio-dossier import <site>`: a student's portfolio site, as it is → a candidate folder.
//!
//! 1. [`site`]: the generator is told by its own files (Astro, Hugo, Jekyll, MkDocs,
//!    Docusaurus, VitePress, Next.js, Nuxt, Eleventy, or a plain folder); every Markdown
//!    page of the site is read, whatever the generator (never refused).
//! 2. [`classify`]: each page is placed by what students really write (keys, tags,
//!    titles, section names), with the reason printed in the summary, placed or left out.
//!    A réalisation without an épreuve marker goes to E5: the tableau de synthèse lists
//!    every réalisation of the portfolio.
//! 3. [`words`]: the competences the student wrote (front matter, tags, « Compétences
//!    mobilisées » lists, codes `B1.2`) are written into the page's front matter by
//!    [`keys`], with its épreuve and context; keyword guesses are only suggested. The
//!    option is read from the site.
//! 4. [`links`]: every image and document the page cites is found in the site, copied
//!    under `assets/` under a safe name, and the page rewritten to cite the copy; remote
//!    images become their caption and address.
//! 5. [`summary`]: what went where and why, in French.
//!
//! Every read goes through [`Confined`]: nothing outside the site folder is read,
//! symlinks included. Nothing is written before [`ImportPlan::write`].

mod classify;
mod keys;
mod links;
mod site;
mod summary;
mod words;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::input::Confined;
use crate::input::decode::{Repair, decode};
use crate::input::folder::MAX_PAGE_BYTES;
use crate::input::frontmatter::{FrontMatter, split};
use crate::model::Livrable;
use crate::model::{Competence, OptionSio};
use crate::render::world::MAX_ASSET_BYTES;
use crate::scaffold::{WriteError, candidat_yaml, write_new_files};

use classify::{PageFacts, Place, Verdict, classify, names_e4, verdict};
use keys::{mission_keys, mission_note, with_front_keys};
use links::{Origin, Resolved};
pub use site::Flavour;
use site::Site;

/// Front-matter keys that cite a file of the site.
const FILE_KEYS: &[&str] = &[
    "img",
    "image",
    "cover",
    "heroImage",
    "coverImage",
    "thumbnail",
    "featured_image",
    "livrables",
];

/// A page of the site and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlacement {
    /// Path in the site (`src/content/projets/glpi.md`).
    pub source: String,
    /// Path in the candidate folder (`missions/glpi.md`).
    pub target: String,
    /// What it is and why (« réalisation E5 — étiquette « E5 » »…).
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
    /// Other things worth knowing (encodings repaired, remote images, suggestions…).
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
    #[error(transparent)]
    Write(#[from] WriteError),
}

struct SourcePage {
    /// Virtual path in the site (`/src/content/projets/glpi.md`).
    vpath: String,
    /// The page's text, Liquid addresses taken away.
    text: String,
    front: FrontMatter,
    body: String,
    body_line: usize,
    /// `title:`, or the first `# heading` of the body.
    title: Option<String>,
    /// Whether the title came from the body (no `title:` key).
    title_from_body: bool,
    /// File stem, or the folder of an `index.md`.
    slug: String,
    verdict: Verdict,
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
}

/// The page's path under the content folder it is served from (`/content/a/b.md` →
/// `a/b.md`), and that folder's path as served.
fn under_root<'a>(site: &Site, vpath: &'a str) -> &'a str {
    let rel = vpath.trim_start_matches('/');
    let mut best = rel;
    for root in site.content_roots.iter().filter(|r| !r.is_empty()) {
        if let Some(rest) = rel.strip_prefix(&format!("{}/", root.trim_matches('/')))
            && rest.len() < best.len()
        {
            best = rest;
        }
    }
    best
}

fn url_dir(site: &Site, vpath: &str) -> String {
    let under = under_root(site, vpath);
    match under.rsplit_once('/') {
        Some((dir, _)) => format!("/{dir}"),
        None => "/".into(),
    }
}

/// Reads a site and plans the candidate folder. Nothing is written.
pub fn plan_import(site_dir: &Path) -> Result<ImportPlan, ImportError> {
    let root = Confined::new(site_dir).map_err(|e| {
        ImportError::Unreadable(
            site_dir.display().to_string(),
            crate::input::confine::io_fr(&e),
        )
    })?;
    let site = Site::detect(&root);
    let mut plan = ImportPlan::new(site_dir, &site);
    let mut pages = read_pages(&root, &site, &mut plan);
    classify_pages(&mut pages, &site, &mut plan);
    let option = read_option(&pages, &site);
    let targets = Targets::of(&mut pages);
    inherit_from_epreuve_pages(&mut pages, &site);
    note_unplaced_pages(&pages, &targets, &mut plan);
    let read = ReadSite {
        root: &root,
        site: &site,
        pages: &pages,
        targets: &targets,
    };
    let assets = import_pages(&read, option.option, &mut plan);
    copy_assets(&root, &assets, &mut plan);
    plan_candidat_yaml(&root, &site, &option, &mut plan);
    plan.outputs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(plan)
}

impl ImportPlan {
    /// An empty plan for the site, with a note on its base path.
    fn new(site_dir: &Path, site: &Site) -> ImportPlan {
        let mut plan = ImportPlan {
            site: site_dir.to_path_buf(),
            flavour: site.flavour,
            pages: Vec::new(),
            files: Vec::new(),
            unplaced: Vec::new(),
            notes: Vec::new(),
            candidat: String::new(),
            outputs: Vec::new(),
        };
        if let Some(base) = &site.base {
            plan.notes.push(format!(
                "adresses du site préfixées par « {base} » (configuration) : préfixe retiré pour trouver les fichiers"
            ));
        }
        plan
    }
}

/// Places every page ([`classify`]), reading the site's épreuve numbering first; leaves
/// out translations; takes unmarked pages when no page is marked.
fn classify_pages(pages: &mut [SourcePage], site: &Site, plan: &mut ImportPlan) {
    if pages.is_empty() {
        plan.notes.push(
            "aucune page Markdown (.md, .markdown, .mdx) dans ce dossier : est-ce le bon dossier du site ?"
                .into(),
        );
    }
    let old_numbering = pages.iter().any(numbers_epreuves_as_before_2025);
    if old_numbering {
        plan.notes.push(
            "le site numérote les épreuves comme avant 2025 (E4 : support, E5 : option) : ses pages E4 vont en E5, ses pages E5 en E6"
                .into(),
        );
    }
    for page in pages.iter_mut() {
        let facts = PageFacts {
            rel: page.vpath.trim_start_matches('/'),
            under_root: under_root(site, &page.vpath),
            front: &page.front,
            title: page.title.as_deref(),
            old_numbering,
        };
        page.verdict = classify(&facts);
    }
    leave_out_translations(pages);
    if place_unmarked_pages_when_none_is_marked(pages) {
        plan.notes.push(
            "aucune page du site n'est marquée comme réalisation : les pages sans repère sont prises comme réalisations E5 ; supprimez de missions/ celles qui n'en sont pas"
                .into(),
        );
    }
}

/// A page that speaks of the épreuve E4 (title, tags, `epreuve:`, body): the site numbers
/// épreuves as before 2025.
fn numbers_epreuves_as_before_2025(p: &SourcePage) -> bool {
    p.title.as_deref().is_some_and(names_e4)
        || ["tags", "categories", "epreuve"]
            .iter()
            .filter_map(|k| p.front.get(k))
            .any(|v| classify::texts(v).iter().any(|t| names_e4(t)))
        || classify::normalise(&p.body).contains("epreuve-e4")
}

/// Where the placed pages go in the candidate folder.
struct Targets {
    /// Page (virtual path) → its file (`epreuves/e5.md`, `missions/glpi.md`).
    files: BTreeMap<String, String>,
    /// Réalisation (virtual path) → its slug, unique.
    mission_slugs: BTreeMap<String, String>,
    /// The épreuves that have a page.
    epreuves: BTreeSet<u8>,
}

impl Targets {
    /// One page per épreuve (a second one is left out, with the reason), one file per
    /// réalisation (slugs made unique).
    fn of(pages: &mut [SourcePage]) -> Targets {
        let mut targets = Targets {
            files: BTreeMap::new(),
            mission_slugs: BTreeMap::new(),
            epreuves: BTreeSet::new(),
        };
        let mut first_pages: BTreeMap<u8, String> = BTreeMap::new();
        let mut used_slugs = BTreeSet::new();
        for page in pages.iter_mut() {
            match page.verdict.place {
                Place::Epreuve(n) => match first_pages.get(&n) {
                    Some(first) => {
                        page.verdict = verdict(
                            Place::Out,
                            format!(
                                "deuxième page de l'épreuve E{n} ({}) ; la première, {first}, est importée",
                                page.verdict.reason
                            ),
                        );
                    }
                    None => {
                        first_pages.insert(n, page.rel().to_string());
                        targets
                            .files
                            .insert(page.vpath.clone(), format!("epreuves/e{n}.md"));
                    }
                },
                Place::Mission(_) => {
                    let slug = unique_slug(&file_slug(&page.slug), &mut used_slugs);
                    targets
                        .files
                        .insert(page.vpath.clone(), format!("missions/{slug}.md"));
                    targets.mission_slugs.insert(page.vpath.clone(), slug);
                }
                Place::Out => {}
            }
        }
        targets.epreuves = first_pages.into_keys().collect();
        targets
    }
}

/// `base`, or `base-2`, `base-3`… when taken.
fn unique_slug(base: &str, used: &mut BTreeSet<String>) -> String {
    let mut slug = base.to_string();
    let mut i = 2;
    while !used.insert(slug.clone()) {
        slug = format!("{base}-{i}");
        i += 1;
    }
    slug
}

/// The pages left out, with their reason, and the épreuves without a page.
fn note_unplaced_pages(pages: &[SourcePage], targets: &Targets, plan: &mut ImportPlan) {
    for page in pages.iter().filter(|p| p.verdict.place == Place::Out) {
        plan.unplaced
            .push(unplaced(page.rel(), page.verdict.reason.clone()));
    }
    for n in [5u8, 6] {
        if !targets.epreuves.contains(&n) {
            plan.notes.push(format!(
                "aucune page de l'épreuve E{n} (fichier e{n}.md, titre « Épreuve E{n} … » ou « … (E{n}) ») : epreuves/e{n}.md n'est pas créé"
            ));
        }
    }
}

/// The site as the import reads it once its pages are placed.
struct ReadSite<'a> {
    root: &'a Confined,
    site: &'a Site,
    pages: &'a [SourcePage],
    targets: &'a Targets,
}

/// The site's files cited by placed pages, and the names of their copies.
#[derive(Default)]
struct Assets {
    /// Site virtual path → path of the copy (`/assets/…`).
    copies: BTreeMap<String, String>,
    /// Path of a copy → site virtual path.
    taken: BTreeMap<String, String>,
}

impl Assets {
    /// The path of the copy of `vpath`, named the first time a page cites it.
    fn copy_of(&mut self, vpath: &str, owner: &str, site: &Site, plan: &mut ImportPlan) -> String {
        if let Some(t) = self.copies.get(vpath) {
            return t.clone();
        }
        let t = asset_name(vpath, owner, site, &self.taken, plan);
        self.taken.insert(t.clone(), vpath.to_string());
        self.copies.insert(vpath.to_string(), t.clone());
        t
    }
}

/// Every placed page, rewritten to cite the copies of its files, with the keys the import
/// adds to a réalisation; then the list of pages for the summary.
fn import_pages(read: &ReadSite, option: OptionSio, plan: &mut ImportPlan) -> Assets {
    let page_vpaths: BTreeSet<String> = read.pages.iter().map(|p| p.vpath.clone()).collect();
    let mut assets = Assets::default();
    let mut placed = Vec::new();
    let (mut missions, mut e6) = (0, 0);
    for page in read.pages {
        let Some(target) = read.targets.files.get(&page.vpath) else {
            continue;
        };
        let citations = Citations::of(read, page, &page_vpaths, &mut assets, plan);
        let mut text = citations.rewrite(page, plan);
        let mut note = match page.verdict.place {
            Place::Epreuve(n) => format!("épreuve E{n} — {}", page.verdict.reason),
            _ => String::new(),
        };
        if let Place::Mission(number) = page.verdict.place {
            missions += 1;
            let (added, n) = mission_keys(page, number, option, plan);
            if n == Some(6) {
                e6 += 1;
            }
            text = with_front_keys(&text, &added);
            note = mission_note(page, number);
        }
        if is_draft(&page.front) {
            note.push_str(" ; brouillon (draft) : ignorée à la construction");
        }
        plan.outputs
            .push((PathBuf::from(target), text.into_bytes()));
        placed.push(PagePlacement {
            source: page.rel().to_string(),
            target: target.clone(),
            note,
        });
    }
    placed.sort_by(|a, b| {
        (!a.target.starts_with("epreuves/"), &a.target)
            .cmp(&(!b.target.starts_with("epreuves/"), &b.target))
    });
    plan.pages = placed;
    if missions > 0 && e6 < 2 {
        plan.notes.push(format!(
            "{e6} réalisation(s) marquée(s) pour l'épreuve E6 : choisissez-en deux parmi les réalisations importées et écrivez « epreuve: [E5, E6] » dans leur en-tête (sio-dossier check les liste)"
        ));
    }
    assets
}

/// How a page's text changes: addresses rewritten to the copies, remote images printed
/// as their caption and address.
#[derive(Default)]
struct Citations {
    rewrites: BTreeMap<String, String>,
    remote: Vec<String>,
}

impl Citations {
    /// What `page` cites (body and [`FILE_KEYS`]), resolved in the site; what cannot be
    /// cited is said in `plan`.
    fn of(
        read: &ReadSite,
        page: &SourcePage,
        page_vpaths: &BTreeSet<String>,
        assets: &mut Assets,
        plan: &mut ImportPlan,
    ) -> Citations {
        let owner = read
            .targets
            .mission_slugs
            .get(&page.vpath)
            .cloned()
            .unwrap_or_else(|| file_slug(&page.slug));
        let origin = Origin {
            vdir: page.vdir(),
            url_dir: url_dir(read.site, &page.vpath),
            pages: page_vpaths,
        };
        let front_files: Vec<String> = FILE_KEYS
            .iter()
            .filter_map(|k| page.front.get(k))
            .flat_map(classify::texts)
            .collect();
        let mut citations = Citations::default();
        for (written, is_link) in links::citations(front_files, &page.body) {
            let resolved = links::resolve(read.root, read.site, &written, &origin, is_link);
            match cite(read, resolved, &written, &owner, assets, plan) {
                Cite::Keep => {}
                Cite::Rewrite(new) => {
                    citations.rewrites.insert(written, new);
                }
                Cite::Remote => citations.remote.push(written),
                Cite::Unplaced(reason) => {
                    plan.unplaced.push(cited(&written, page.rel(), &reason));
                }
            }
        }
        citations
    }

    /// The page's text citing the copies: remote images first (each said in `plan`), then
    /// the longest addresses first, so that a shorter one never cuts a longer one.
    fn rewrite(&self, page: &SourcePage, plan: &mut ImportPlan) -> String {
        let mut text = page.text.clone();
        for url in &self.remote {
            text = links::remote_image_as_text(&text, url);
            plan.notes.push(format!(
                "{} : image en ligne « {url} » imprimée comme sa légende et son adresse ; enregistrez-la dans le site pour qu'elle soit dessinée",
                page.rel()
            ));
        }
        let mut ordered: Vec<(&String, &String)> = self.rewrites.iter().collect();
        ordered.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        for (from, to) in ordered {
            text = links::replace_bounded(&text, from, to);
        }
        text
    }
}

/// What becomes of one address a page cites.
enum Cite {
    /// Printed as written.
    Keep,
    /// Rewritten to cite the copy, or the réalisation, in the candidate folder.
    Rewrite(String),
    /// An image on another site: printed as its caption and address.
    Remote,
    /// Printed as written, and said in the summary with the reason.
    Unplaced(String),
}

/// What becomes of `written`, resolved in the site as `resolved`: a file is copied (named
/// once for the whole site), a page is cited by its réalisation.
fn cite(
    read: &ReadSite,
    resolved: Resolved,
    written: &str,
    owner: &str,
    assets: &mut Assets,
    plan: &mut ImportPlan,
) -> Cite {
    let rewrite_unless_same = |new: String| {
        if new == written {
            Cite::Keep
        } else {
            Cite::Rewrite(new)
        }
    };
    let mission = |slug: Option<String>, otherwise: &str| match slug {
        Some(slug) => Cite::Rewrite(format!("/missions/{slug}/")),
        None => Cite::Unplaced(otherwise.to_string()),
    };
    match resolved {
        Resolved::Skip => Cite::Keep,
        Resolved::Remote => Cite::Remote,
        Resolved::Missions if written.trim_end_matches('/') == "/missions" => Cite::Keep,
        Resolved::Missions => Cite::Rewrite("/missions/".into()),
        Resolved::Asset(vpath) => {
            rewrite_unless_same(assets.copy_of(&vpath, owner, read.site, plan))
        }
        Resolved::Page(vpath) => mission(
            read.targets.mission_slugs.get(&vpath).cloned(),
            "lien vers une page du site qui n'est pas une réalisation : imprimé comme texte",
        ),
        Resolved::PageLink(last) => mission(
            mission_slug_by_name(&read.targets.mission_slugs, read.pages, &last),
            "lien vers une page du site qui n'est pas importée : imprimé comme texte",
        ),
        Resolved::NotFound => Cite::Unplaced(
            "fichier introuvable dans le site (cherché à côté de la page et dans les dossiers publics du site)".into(),
        ),
        Resolved::Refused(reason) => Cite::Unplaced(reason),
    }
}

/// The cited files themselves, read through the confinement (a file that cannot be read
/// is said, not copied).
fn copy_assets(root: &Confined, assets: &Assets, plan: &mut ImportPlan) {
    for (vpath, target) in &assets.copies {
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
}

/// candidat.yaml: the site's own when it has one, otherwise the commented model with the
/// option read from the site and the site's address.
fn plan_candidat_yaml(root: &Confined, site: &Site, option: &SiteOption, plan: &mut ImportPlan) {
    let (bytes, how) = match root.read("/candidat.yaml", MAX_PAGE_BYTES) {
        Ok(bytes) => (
            decode(&bytes).text.into_bytes(),
            "candidat.yaml repris du site".to_string(),
        ),
        Err(_) => {
            let portfolio = site.address.as_deref();
            let yaml = candidat_yaml(None, None, option.option, portfolio);
            let mut how = format!(
                "candidat.yaml créé : complétez nom, prénom et numéro ; option {} {}",
                option.option.code(),
                option.how,
            );
            if let Some(url) = portfolio {
                how.push_str(&format!(" ; portfolio {url} (adresse du site)"));
            }
            (yaml.into_bytes(), how)
        }
    };
    plan.outputs.push((PathBuf::from("candidat.yaml"), bytes));
    plan.candidat = how;
}

/// Every Markdown page of the site, read through the confinement, decoded and split.
fn read_pages(root: &Confined, site: &Site, plan: &mut ImportPlan) -> Vec<SourcePage> {
    list_pages(root, site)
        .into_iter()
        .filter_map(|vpath| read_page(root, vpath, plan))
        .collect()
}

/// One page: its text (repaired, each repair said), its front matter, title and slug; a
/// page that cannot be read or split is left out with the reason.
fn read_page(root: &Confined, vpath: String, plan: &mut ImportPlan) -> Option<SourcePage> {
    let rel = vpath.trim_start_matches('/').to_string();
    let text = match root.read(&vpath, MAX_PAGE_BYTES) {
        Ok(bytes) => page_text(&rel, &bytes, plan),
        Err(e) => {
            plan.unplaced.push(unplaced(&rel, e.to_string()));
            return None;
        }
    };
    let (front, body, body_line) = match split(&text) {
        Ok(s) => (s.front, s.body.to_string(), s.body_line),
        Err(e) => {
            plan.unplaced.push(unplaced(
                &rel,
                format!("en-tête illisible (ligne {}) : {}", e.line, e.message),
            ));
            return None;
        }
    };
    let front_title = ["title", "titre"]
        .iter()
        .find_map(|k| front.get(k).and_then(Value::as_str).map(str::to_string))
        .filter(|t| !t.trim().is_empty());
    let title_from_body = front_title.is_none();
    let title = front_title.or_else(|| first_heading(&body));
    Some(SourcePage {
        slug: page_slug(&rel),
        vpath,
        text,
        front,
        body,
        body_line,
        title,
        title_from_body,
        verdict: verdict(Place::Out, ""),
    })
}

/// A page's text as the import keeps it: decoded (encoding repairs said), Liquid
/// addresses taken away, image addresses with spaces written between `< >`.
fn page_text(rel: &str, bytes: &[u8], plan: &mut ImportPlan) -> String {
    let decoded = decode(bytes);
    for repair in &decoded.repairs {
        if matches!(
            repair,
            Repair::DecodedAsWindows1252 | Repair::Mojibake { .. }
        ) {
            plan.notes.push(format!("{rel} : {}", repair.message_fr()));
        }
    }
    let mut text = links::strip_liquid_urls(&decoded.text);
    let (repaired, count) = links::repair_spaced_image_addresses(&text);
    if count > 0 {
        plan.notes.push(format!(
            "{rel} : {count} adresse(s) d'image avec des espaces écrite(s) entre < > pour rester des images"
        ));
        text = repaired;
    }
    if rel.to_ascii_lowercase().ends_with(".mdx") {
        // Kept as written: the converter reads an MDX page as such (its `import`/`export`
        // lines mark it), prints no JavaScript and turns its components into images,
        // links or their text.
        plan.notes.push(format!(
            "{rel} : page MDX, gardée telle quelle : ses lignes import/export ne sont pas imprimées, ses composants deviennent images, liens ou texte"
        ));
    }
    text
}

/// File stem, or the folder of an `index.md`.
fn page_slug(rel: &str) -> String {
    let path = Path::new(rel);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match (stem.as_str(), path.parent().and_then(|p| p.file_name())) {
        ("index" | "_index" | "README" | "readme", Some(dir)) => dir.to_string_lossy().into_owned(),
        _ => stem,
    }
}

/// The first `# heading` of a body (Markdown or `<h1>`), outside code blocks.
fn first_heading(body: &str) -> Option<String> {
    let mut fence = false;
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        if let Some(h) = t.strip_prefix("# ") {
            let h = h.trim().trim_end_matches('#').trim();
            if !h.is_empty() {
                return Some(h.to_string());
            }
        }
    }
    None
}

/// Language of a page: a `lang:` key, a `.en.md` suffix, or an `en/` folder.
fn page_lang(page: &SourcePage) -> Option<String> {
    for key in ["lang", "language", "locale"] {
        if let Some(v) = page.front.get(key).and_then(Value::as_str) {
            return Some(v.to_ascii_lowercase().chars().take(2).collect());
        }
    }
    let rel = page.rel();
    let stem = Path::new(rel).file_stem()?.to_string_lossy().into_owned();
    if let Some((_, l)) = stem.rsplit_once('.')
        && l.len() == 2
    {
        return Some(l.to_ascii_lowercase());
    }
    let dirs: Vec<&str> = rel.split('/').collect();
    dirs[..dirs.len().saturating_sub(1)]
        .iter()
        .find(|d| matches!(**d, "en" | "fr" | "es" | "de" | "it" | "en-us" | "en-gb"))
        .map(|d| d[..2].to_string())
}

/// A site in two languages is imported once, in French: the pages of the other language
/// are left out, with the reason, when French pages (or pages of no stated language) are
/// placed.
fn leave_out_translations(pages: &mut [SourcePage]) {
    let langs: Vec<Option<String>> = pages.iter().map(page_lang).collect();
    let french_placed = pages
        .iter()
        .zip(&langs)
        .any(|(p, l)| p.verdict.place != Place::Out && l.as_deref().is_none_or(|l| l == "fr"));
    if !french_placed {
        return;
    }
    for (page, lang) in pages.iter_mut().zip(&langs) {
        if let Some(l) = lang.as_deref().filter(|l| *l != "fr")
            && page.verdict.place != Place::Out
        {
            let name = match l {
                "en" => "anglaise",
                "es" => "espagnole",
                "de" => "allemande",
                "it" => "italienne",
                _ => "dans une autre langue",
            };
            page.verdict = verdict(
                Place::Out,
                format!("version {name} d'une page du site : la version française est importée"),
            );
        }
    }
}

/// No empty dossier: when no page of the site is marked as a réalisation, the pages left
/// out only for want of a marker (blog posts, unmarked pages) are taken, with the reason.
fn place_unmarked_pages_when_none_is_marked(pages: &mut [SourcePage]) -> bool {
    if pages
        .iter()
        .any(|p| matches!(p.verdict.place, Place::Mission(_)))
    {
        return false;
    }
    let mut placed = false;
    for page in pages.iter_mut() {
        let unmarked = page.verdict.place == Place::Out && page.verdict.unmarked;
        if unmarked && !page.body.trim().is_empty() {
            page.verdict.place = Place::Mission(None);
            page.verdict.reason = format!(
                "aucune page du site n'est marquée : prise faute de mieux ({})",
                page.verdict.reason
            );
            placed = true;
        }
    }
    placed
}

/// A réalisation with no épreuve marker that the E6 page cites (a link in its body, or an
/// address in its front matter, such as Minimal Mistakes' `header.actions`) is one of the
/// two the candidate chose for E6.
fn inherit_from_epreuve_pages(pages: &mut [SourcePage], site: &Site) {
    let mut cited: Vec<(String, String)> = Vec::new(); // (normalised address, épreuve page)
    for page in pages
        .iter()
        .filter(|p| p.verdict.place == Place::Epreuve(6))
    {
        let mut addresses: Vec<String> = links::citations(Vec::new(), &page.body)
            .into_iter()
            .filter(|(_, is_link)| *is_link)
            .map(|(w, _)| w)
            .collect();
        addresses.extend(
            page.front
                .fields
                .values()
                .flat_map(deep_strings)
                .filter(|s| s.starts_with('/') || s.starts_with("http")),
        );
        for a in addresses {
            let path = site.strip_base(a.trim()).trim_end_matches('/').to_string();
            cited.push((path, page.rel().to_string()));
        }
    }
    if cited.is_empty() {
        return;
    }
    for page in pages.iter_mut() {
        if page.verdict.place != Place::Mission(None) {
            continue;
        }
        let permalink = page
            .front
            .get("permalink")
            .and_then(Value::as_str)
            .map(|p| site.strip_base(p.trim()).trim_end_matches('/').to_string());
        let slug = classify::normalise(&page.slug);
        let by = cited.iter().find(|(address, _)| {
            permalink.as_deref() == Some(address.as_str())
                || address
                    .rsplit('/')
                    .next()
                    .is_some_and(|last| classify::normalise(last.trim_end_matches(".html")) == slug)
        });
        if let Some((_, epreuve_page)) = by {
            page.verdict.place = Place::Mission(Some(6));
            page.verdict.reason = format!(
                "{} ; citée par la page de l'épreuve E6 ({epreuve_page})",
                page.verdict.reason
            );
        }
    }
}

/// Every string of a value, at any depth.
fn deep_strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(deep_strings).collect(),
        Value::Object(map) => map.values().flat_map(deep_strings).collect(),
        _ => Vec::new(),
    }
}

/// The option read from the site, and how (for the summary).
struct SiteOption {
    option: OptionSio,
    how: String,
}

/// The option, read from the site: pages and configuration naming one option only (a
/// page naming both describes the BTS), then bloc 2 competences written in réalisations.
fn read_option(pages: &[SourcePage], site: &Site) -> SiteOption {
    let mut sisr = 0;
    let mut slam = 0;
    let mut count = |o: Option<OptionSio>, weight: usize| match o {
        Some(OptionSio::Sisr) => sisr += weight,
        Some(OptionSio::Slam) => slam += weight,
        None => {}
    };
    count(words::option_named(&site.config_text), 1);
    for p in pages {
        count(words::option_named(&p.text), 1);
    }
    for p in pages
        .iter()
        .filter(|p| matches!(p.verdict.place, Place::Mission(_)))
    {
        for option in [OptionSio::Sisr, OptionSio::Slam] {
            let found = words::competences(&p.front, "", 1, option);
            let bloc2 = found.iter().any(|f| {
                matches!(f.competence, Competence::Bloc2(b) if b.option() == option)
                    && found.iter().all(|g| g.place.in_front_matter())
            });
            if bloc2 {
                count(Some(option), 1);
            }
        }
    }
    let (option, how) = match (sisr, slam) {
        (0, 0) => (
            OptionSio::Sisr,
            "à vérifier (le site ne nomme ni SISR ni SLAM)".into(),
        ),
        (a, b) if b > a => (
            OptionSio::Slam,
            format!(
                "(lue dans le site : SLAM nommée seule dans {b} page(s) ou configuration, SISR dans {a})"
            ),
        ),
        (a, b) => (
            OptionSio::Sisr,
            format!(
                "(lue dans le site : SISR nommée seule dans {a} page(s) ou configuration, SLAM dans {b})"
            ),
        ),
    };
    SiteOption { option, how }
}

fn is_draft(front: &FrontMatter) -> bool {
    front
        .get("draft")
        .is_some_and(|v| v == &Value::Bool(true) || v.as_str() == Some("true"))
}

/// The name under `assets/` of a cited file: safe, unique, and never the name of a file
/// the tool produces (a student's own `SYNTHESE.pdf` or `pro1.pdf` is kept as
/// `SYNTHESE-du-site.pdf`, and the student is told).
fn asset_name(
    vpath: &str,
    owner: &str,
    site: &Site,
    taken: &BTreeMap<String, String>,
    plan: &mut ImportPlan,
) -> String {
    let mut target = links::asset_target(vpath, owner, site);
    let name = target.rsplit('/').next().unwrap_or_default().to_string();
    let produced = Livrable::of_path(&target).is_some()
        || name.eq_ignore_ascii_case("SYNTHESE.pdf")
        || name.starts_with("dossier")
            && [".pdf"].iter().any(|e| name.ends_with(e))
            && (name == "dossier.pdf" || name.starts_with("dossier-E"));
    if produced {
        let (stem, ext) = links::split_ext(&target);
        let renamed = format!("{stem}-du-site{ext}");
        plan.notes.push(format!(
            "« {} » du site gardé sous « {} » : « {name} » est le nom d'un document que l'outil produit",
            vpath.trim_start_matches('/'),
            renamed.trim_start_matches('/')
        ));
        target = renamed;
    }
    links::unique_target(&target, taken)
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

/// Folders never read as pages: the tools' (`node_modules`), themes (their sample pages
/// are not the student's), layouts and templates, and the generator's output.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "vendor",
    "themes",
    "layouts",
    "_layouts",
    "_includes",
    "_data",
    "_sass",
    "archetypes",
    "dist",
    "build",
    "out",
    "target",
];

/// Every Markdown page of the site, as virtual paths, sorted. Hidden folders, tool and
/// output folders are skipped; links are not followed.
fn list_pages(root: &Confined, site: &Site) -> Vec<String> {
    let mut out = BTreeSet::new();
    let walker = walkdir::WalkDir::new(root.root())
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            let is_dir = e.file_type().is_dir();
            !(name.starts_with('.')
                || (is_dir && SKIPPED_DIRS.contains(&name.as_ref()))
                || (is_dir && e.depth() == 1 && site.output_dirs.contains(&name.as_ref())))
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
    out.into_iter().collect()
}

/// The réalisation imported from the page named `name` (file stem or bundle folder).
fn mission_slug_by_name(
    slugs: &BTreeMap<String, String>,
    pages: &[SourcePage],
    name: &str,
) -> Option<String> {
    let wanted = classify::normalise(name);
    pages
        .iter()
        .filter(|p| classify::normalise(&p.slug) == wanted)
        .find_map(|p| slugs.get(&p.vpath).cloned())
}

/// A slug usable as a file name.
fn file_slug(s: &str) -> String {
    let n = classify::normalise(s);
    if n.is_empty() { "page".into() } else { n }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_headings() {
        assert_eq!(
            first_heading("```\n# no\n```\n# Oui #\n"),
            Some("Oui".into())
        );
        assert_eq!(first_heading("## Deux\n"), None);
    }
}
