//! How links and images of a page map to the candidate folder and to the package.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::input::{ConfineError, Confined};
use crate::markdown::{ImageTarget, LinkTarget, Resolver};
use crate::model::build::{is_produced_livrable, produced_pro_index};
use crate::render::world::MAX_ASSET_BYTES;

/// Image formats Typst reads.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

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
    /// Problems found: French message, and the URL as written (to place it in the page).
    pub problems: RefCell<Vec<(String, String)>>,
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
            problems: RefCell::new(Vec::new()),
        }
    }

    fn problem(&self, url: &str, message: String) {
        self.problems.borrow_mut().push((message, url.to_string()));
    }
}

impl Resolver for PageResolver<'_> {
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
        if is_produced_livrable(&vpath) {
            let name = vpath.rsplit('/').next().unwrap_or_default();
            let produced = match produced_pro_index(name) {
                Some(n) => n <= self.produced_pros,
                None => name == "SYNTHESE.pdf" || name == "SYNTHESE.xlsx",
            };
            if produced {
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
            Err(e) => return ImageTarget::Missing(format!("image refusée : {e}")),
        };
        let ext = vpath
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
            return ImageTarget::Missing(format!(
                "« {vpath} » n'est pas une image lisible (png, jpg, gif, svg, webp)"
            ));
        }
        match self.folder.real_path(&vpath) {
            Ok(real) => match real.metadata() {
                Ok(m) if m.len() > MAX_ASSET_BYTES => ImageTarget::Missing(
                    ConfineError::TooLarge {
                        path: vpath,
                        size: m.len(),
                        limit: MAX_ASSET_BYTES,
                    }
                    .to_string(),
                ),
                Ok(_) => ImageTarget::Path(vpath),
                Err(e) => ImageTarget::Missing(format!("image « {vpath} » illisible : {e}")),
            },
            Err(e) => ImageTarget::Missing(format!("image absente : {e}")),
        }
    }
}
