//! How links and images of a page map to the candidate folder and to the package.

use std::cell::{Cell, RefCell};
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
    /// Problems found: French message, the URL as written and the 1-based line of the body
    /// it is on (to place it in the page).
    pub problems: RefCell<Vec<(String, String, usize)>>,
    /// Line of the link being resolved.
    line: Cell<usize>,
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
            line: Cell::new(1),
        }
    }

    fn problem(&self, url: &str, message: String) {
        self.problems
            .borrow_mut()
            .push((message, url.to_string(), self.line.get()));
    }
}

impl PageResolver<'_> {
    /// An SVG may link other files (`<image href="../../x.png">`) or declare external
    /// entities: Typst refuses what leaves the folder, but by failing the whole document.
    /// Checked here instead: such an SVG becomes a placeholder with a warning.
    fn svg_problem(&self, vpath: &str, bytes: &[u8]) -> Option<String> {
        let head = String::from_utf8_lossy(bytes.get(..2048).unwrap_or(bytes));
        if !head.contains("<svg") && !head.contains("<?xml") {
            return None;
        }
        let text = String::from_utf8_lossy(bytes);
        if text.contains("<!ENTITY") {
            return Some(format!(
                "« {vpath} » déclare des entités XML (<!ENTITY>) : image refusée"
            ));
        }
        let dir = vpath.rsplit_once('/').map_or("/", |(d, _)| d);
        for link in svg_links(&text) {
            let link = link.trim();
            if link.is_empty() || link.starts_with('#') || link.starts_with("data:") {
                continue;
            }
            let checked = self
                .folder
                .virtual_path(link, dir)
                .and_then(|p| self.folder.real_path(&p));
            if let Err(e) = checked {
                return Some(format!("« {vpath} » cite un fichier refusé : {e}"));
            }
        }
        None
    }
}

/// The values of the `href` and `xlink:href` attributes of an SVG text.
fn svg_links(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("href") {
        rest = rest.get(i + 4..).unwrap_or("");
        let after = rest.trim_start();
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value = after.get(1..).unwrap_or("");
        match value.find(quote) {
            Some(end) => {
                out.push(value.get(..end).unwrap_or(""));
                rest = value.get(end..).unwrap_or("");
            }
            None => {
                out.push(value);
                break;
            }
        }
    }
    out
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
                Ok(_) => match self.folder.read(&vpath, MAX_ASSET_BYTES) {
                    Ok(bytes) => {
                        if let Some(problem) = self.svg_problem(&vpath, &bytes) {
                            ImageTarget::Missing(problem)
                        } else if let Some(problem) = crate::render::image_problem(bytes) {
                            ImageTarget::Missing(format!(
                                "« {vpath} » n'est pas une image utilisable ({problem}) : fichier abîmé, ou autre format renommé ?"
                            ))
                        } else {
                            ImageTarget::Path(vpath)
                        }
                    }
                    Err(e) => ImageTarget::Missing(format!("image illisible : {e}")),
                },
                Err(e) => ImageTarget::Missing(format!(
                    "image « {vpath} » illisible : {}",
                    crate::input::confine::io_fr(&e)
                )),
            },
            Err(e) => ImageTarget::Missing(format!("image absente : {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_links_are_found() {
        let svg = "<svg><image href=\"a.png\"/><image xlink:href = 'file:///x'/><a href=\"#i\"/>href</svg>";
        assert_eq!(super::svg_links(svg), vec!["a.png", "file:///x", "#i"]);
        assert_eq!(super::svg_links("href=\"sans fin"), vec!["sans fin"]);
    }
}
