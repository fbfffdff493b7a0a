//! How links and images of a page map to the candidate folder and to the package.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use crate::input::{ConfineError, Confined};
use crate::markdown::{ImageTarget, LinkTarget, Resolver, Unplaced};
use crate::model::Livrable;
use crate::render::budget::{DocBudget, check_image};
use crate::render::world::{MAX_ASSET_BYTES, image_path};

/// Image formats Typst reads.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "svgz", "webp"];

/// Resolves the links and images of one page. Records the candidate files to bundle in
/// the package and the problems found (French messages).
pub struct PageResolver<'a> {
    pub folder: &'a Confined,
    /// Virtual folder of the page (`/missions`), for relative paths.
    pub page_dir: String,
    /// Number of `proN.pdf` livrables the tool produces.
    pub produced_pros: usize,
    /// Mission slugs, for `/missions/<slug>/` links.
    pub mission_titles: Vec<(String, String)>,
    pub bundled: RefCell<BTreeSet<String>>,
    /// Candidate files laid out as images (virtual paths): what the dossier depends on.
    pub images: RefCell<BTreeSet<String>>,
    /// Problems found: French message, the URL as written and the 1-based line of the body
    /// it is on (to place it in the page).
    pub problems: RefCell<Vec<(String, String, usize)>>,
    /// Line of the link being resolved.
    line: Cell<usize>,
    /// The pixels of the document's images, shared by its pages.
    budget: Option<&'a DocBudget>,
    own_budget: DocBudget,
}

impl<'a> PageResolver<'a> {
    pub fn new(
        folder: &'a Confined,
        page_dir: String,
        produced_pros: usize,
        mission_titles: Vec<(String, String)>,
    ) -> Self {
        Self {
            folder,
            page_dir,
            produced_pros,
            mission_titles,
            bundled: RefCell::new(BTreeSet::new()),
            images: RefCell::new(BTreeSet::new()),
            problems: RefCell::new(Vec::new()),
            line: Cell::new(1),
            budget: None,
            own_budget: DocBudget::default(),
        }
    }

    /// Counts this page's images in the budget of the document it belongs to.
    pub fn with_budget(mut self, budget: &'a DocBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    fn budget(&self) -> &DocBudget {
        self.budget.unwrap_or(&self.own_budget)
    }

    fn problem(&self, url: &str, message: String) {
        self.problems
            .borrow_mut()
            .push((message, url.to_string(), self.line.get()));
    }
}

impl PageResolver<'_> {
    /// An image read from the folder, checked before anything decodes it (format from
    /// its bytes, pixel size from its header, what an SVG cites or embeds, the document's
    /// budget), then decoded once; any problem makes it a placeholder with a warning. An
    /// image whose extension lies is given to Typst under its real format.
    fn checked_image(&self, src: &str, vpath: String, bytes: Vec<u8>) -> ImageTarget {
        let checked = match check_image(&bytes) {
            Ok(c) => c,
            Err(e) => return unusable(format!("image « {vpath} » non mise : {e}")),
        };
        if let Some(problem) = crate::render::image_problem(bytes) {
            return unusable(format!(
                "« {vpath} » n'est pas une image utilisable ({problem}) : fichier abîmé, ou autre format renommé ?"
            ));
        }
        if let Err(e) = self.budget().charge(&vpath, checked.pixels) {
            return unusable(format!("image « {vpath} » non mise : {e}"));
        }
        self.images.borrow_mut().insert(vpath.clone());
        let path = image_path(&vpath, checked.kind.extension());
        if path != vpath {
            // Images are not told their line: placed on the first line citing them.
            self.line.set(1);
            self.problem(
                src,
                format!(
                    "« {vpath} » est en fait une image {} : elle est lue comme telle ; renommez-la en .{}",
                    checked.kind.name(),
                    checked.kind.extension()
                ),
            );
        }
        ImageTarget::Path(path)
    }
}

impl Resolver for PageResolver<'_> {
    fn link_at(&self, url: &str, line: usize) -> LinkTarget {
        self.line.set(line);
        self.link(url)
    }

    fn link(&self, url: &str) -> LinkTarget {
        let lower = url.trim().to_ascii_lowercase();
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("mailto:")
        {
            return LinkTarget::External(url.trim().to_string());
        }
        if url.starts_with('#') {
            return LinkTarget::Text;
        }
        let vpath = match self.folder.virtual_path(url, &self.page_dir) {
            Ok(p) => p,
            Err(e) => {
                self.problem(url, format!("lien : {e}"));
                return LinkTarget::Text;
            }
        };
        if let Some(slug) = vpath.strip_prefix("/missions/") {
            let slug = slug.trim_end_matches('/').trim_end_matches(".md");
            if !self.mission_titles.iter().any(|(s, _)| s == slug) {
                self.problem(
                    url,
                    format!(
                        "lien vers la mission « {slug} », qui n'existe pas (ou est un brouillon)"
                    ),
                );
            }
            return LinkTarget::Text;
        }
        if let Some(livrable) = Livrable::of_path(&vpath) {
            let name = vpath.rsplit('/').next().unwrap_or_default();
            if livrable.is_produced(self.produced_pros) {
                return LinkTarget::Local(name.to_string());
            }
            self.problem(url, format!(
                "lien vers « {name} » : seules {} réalisations sont présentées, ce livrable n'est pas produit",
                self.produced_pros
            ));
            return LinkTarget::Text;
        }
        match self.folder.real_path(&vpath) {
            Ok(real) if real.is_file() => {
                let rel = vpath.trim_start_matches('/').to_string();
                self.bundled.borrow_mut().insert(vpath);
                LinkTarget::Local(rel)
            }
            Ok(_) => LinkTarget::Text,
            Err(e) => {
                self.problem(url, format!("lien : {e}"));
                LinkTarget::Text
            }
        }
    }

    fn image(&self, src: &str) -> ImageTarget {
        let vpath = match self.folder.virtual_path(src, &self.page_dir) {
            Ok(p) => p,
            Err(e) => return unplaced(&e, format!("image refusée : {e}")),
        };
        let ext = vpath
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
            return unusable(format!(
                "« {vpath} » n'est pas une image lisible (png, jpg, gif, svg, webp)"
            ));
        }
        match self.folder.real_path(&vpath) {
            Ok(real) => match real.metadata() {
                Ok(m) if m.len() > MAX_ASSET_BYTES => unusable(
                    ConfineError::TooLarge {
                        path: vpath,
                        size: m.len(),
                        limit: MAX_ASSET_BYTES,
                    }
                    .to_string(),
                ),
                Ok(_) => match self.folder.read(&vpath, MAX_ASSET_BYTES) {
                    Ok(bytes) => self.checked_image(src, vpath, bytes),
                    Err(e) => unplaced(&e, format!("image illisible : {e}")),
                },
                Err(e) => {
                    let message = format!(
                        "image « {vpath} » illisible : {}",
                        crate::input::confine::io_fr(&e)
                    );
                    ImageTarget::Missing(if e.kind() == std::io::ErrorKind::NotFound {
                        Unplaced::NotFound(message)
                    } else {
                        Unplaced::Unusable(message)
                    })
                }
            },
            Err(e) => unplaced(&e, format!("image absente : {e}")),
        }
    }
}

/// An image not placed for a reason other than a missing file.
fn unusable(message: String) -> ImageTarget {
    ImageTarget::Missing(Unplaced::Unusable(message))
}

/// An image the confinement gate could not give: a file that does not exist is told apart
/// (the build adds its advice on names), any other refusal is a reason of its own.
fn unplaced(e: &ConfineError, message: String) -> ImageTarget {
    ImageTarget::Missing(match e {
        ConfineError::NotFound(_) => Unplaced::NotFound(message),
        _ => Unplaced::Unusable(message),
    })
}
