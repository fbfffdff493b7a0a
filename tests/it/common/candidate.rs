//! A candidate folder written by a test, file by file: the one place tests lay out
//! `candidat.yaml`, `missions/` and the files pages cite.

use std::path::{Path, PathBuf};

use super::write;

/// A candidate folder being written: `Candidate::new(dir).yaml(…).mission("glpi", page)`.
/// Every file is written as given, byte for byte.
pub struct Candidate {
    dir: PathBuf,
}

impl Candidate {
    /// The candidate folder `dir`, created now (empty).
    pub fn new(dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).expect("mkdir");
        Candidate { dir }
    }

    /// `candidat.yaml`.
    pub fn yaml(self, yaml: impl AsRef<[u8]>) -> Self {
        self.file("candidat.yaml", yaml)
    }

    /// `missions/<slug>.md`.
    pub fn mission(self, slug: &str, page: impl AsRef<[u8]>) -> Self {
        self.file(&format!("missions/{slug}.md"), page)
    }

    /// `missions/<slug>.md` for each `(slug, page)`.
    pub fn missions<S: AsRef<str>, P: AsRef<[u8]>>(
        self,
        pages: impl IntoIterator<Item = (S, P)>,
    ) -> Self {
        pages
            .into_iter()
            .fold(self, |c, (slug, page)| c.mission(slug.as_ref(), page))
    }

    /// Any file, by its path in the folder (`assets/img/photo.png`).
    pub fn file(self, rel: &str, bytes: impl AsRef<[u8]>) -> Self {
        write(&self.dir.join(rel), bytes);
        self
    }

    /// An empty folder (`missions/` before any page is written).
    pub fn folder(self, rel: &str) -> Self {
        std::fs::create_dir_all(self.dir.join(rel)).expect("mkdir");
        self
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The folder's path, once written.
    pub fn done(self) -> PathBuf {
        self.dir
    }
}
