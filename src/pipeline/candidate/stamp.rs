//! Incremental builds: what a package was built from, stored next to it, so that an
//! unchanged candidate keeps its package instead of being laid out again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::School;
use super::hash::{FieldHasher, file_digest};
use super::plan::DocPlan;
use crate::input::CandidateSource;
use crate::package::write_atomic;
use crate::render::Engine;

/// What was stored of a built package, to skip it next time when nothing changed.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Stamp {
    pub(super) hash: String,
    pub(super) pages: Vec<(String, usize)>,
    pub(super) pdfs: Vec<String>,
}

/// A package's stamp and zip, and the hash of the inputs of this run (`None` when an input
/// could not be read: nothing then vouches that the package is up to date).
pub(super) struct Incremental {
    hash: Option<String>,
    stamp_file: PathBuf,
    zip_path: PathBuf,
}

impl Incremental {
    pub(super) fn new(out: &Path, name: &str, hash: Option<String>) -> Self {
        Self {
            hash,
            stamp_file: out.join(".sio-dossier").join(format!("{name}.json")),
            zip_path: out.join(format!("{name}.zip")),
        }
    }

    /// The stored stamp, when the package is still there and was built from the same
    /// inputs (never with `--force`).
    /// inputs (never with `--force`). A stamp that cannot be read or parsed only means a
    /// rebuild.
    pub(super) fn unchanged(&self, force: bool) -> Option<Stamp> {
        let hash = self.hash.as_ref()?;
        if force || !self.zip_path.is_file() {
            return None;
        }
        std::fs::read(&self.stamp_file)
            .ok()
            .and_then(|b| serde_json::from_slice::<Stamp>(&b).ok())
            .filter(|s| &s.hash == hash)
    }

    /// The package kept.
    pub(super) fn zip_path(&self) -> PathBuf {
        self.zip_path.clone()
    }

    /// Stores what the package just written was built from. Without a hash, the stamp of
    /// an earlier package is removed: it would match again once the input is readable,
    /// and keep the package laid out without it.
    pub(super) fn record(self, pages: &[(String, usize)], pdfs: &[String]) -> std::io::Result<()> {
        let Some(hash) = self.hash else {
            return match std::fs::remove_file(&self.stamp_file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        };
        let stamp = Stamp {
            hash,
            pages: pages.to_vec(),
            pdfs: pdfs.to_vec(),
        };
        let bytes = serde_json::to_vec(&stamp).map_err(std::io::Error::other)?;
        write_atomic(&self.stamp_file, &bytes)
    }
}

/// SHA-256 of what a candidate's outputs depend on: the tool's version, the templates and
/// fonts, the date, the generated data and bodies, and the bytes of the candidate files
/// they come from (pages, `candidat.yaml`, images, livrables). Every other file of the
/// folder counts by its name, size and modification time only: a 16 GB video lying in
/// `assets/` is noticed without being read at every run.
///
/// `None` when a file or folder of the candidate cannot be read: the package is then
/// rebuilt, and the step that reads the file reports it.
pub(super) fn inputs_hash(
    engine: &Engine,
    school: &School,
    src: &CandidateSource,
    plans: &[DocPlan],
    date: NaiveDate,
) -> Option<String> {
    let mut h = FieldHasher::new();
    h.field(env!("CARGO_PKG_VERSION").as_bytes());
    h.field(engine.fingerprint().as_bytes());
    h.field(date.to_string().as_bytes());
    if let Some((ext, bytes)) = &school.logo {
        h.field(ext.as_bytes());
        h.field(bytes);
    }
    let mut cited: BTreeSet<PathBuf> = src.texts.keys().cloned().collect();
    for plan in plans {
        h.field(&plan.data);
        for (path, markup) in &plan.bodies {
            h.field(path.as_bytes());
            h.field(markup.as_bytes());
        }
        for vpath in plan.bundled.iter().chain(&plan.images) {
            cited.insert(PathBuf::from(vpath.trim_start_matches('/')));
        }
    }
    hash_folder(&mut h, src.folder.root(), &cited).ok()?;
    Some(h.finish())
}

/// Every file of the candidate folder, in name order: the cited ones by content, the
/// others by size and modification time. Stops at the first entry that cannot be read.
fn hash_folder(h: &mut FieldHasher, root: &Path, cited: &BTreeSet<PathBuf>) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        h.field(rel.as_os_str().as_encoded_bytes());
        let meta = entry.metadata()?;
        let size = meta.len();
        if cited.contains(rel) && size <= crate::render::world::MAX_ASSET_BYTES {
            h.field(&file_digest(entry.path())?);
        } else {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.field(&size.to_le_bytes());
            h.field(&modified.to_le_bytes());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_hash_nothing_is_kept_and_the_old_stamp_goes() {
        let out = tempfile::tempdir().unwrap();
        let known = Incremental::new(out.path(), "X", Some("h".into()));
        std::fs::write(out.path().join("X.zip"), b"zip").unwrap();
        known.record(&[], &[]).unwrap();
        let again = Incremental::new(out.path(), "X", Some("h".into()));
        assert!(again.unchanged(false).is_some());
        let unknown = Incremental::new(out.path(), "X", None);
        assert!(unknown.unchanged(false).is_none());
        unknown.record(&[], &[]).unwrap();
        assert!(!out.path().join(".sio-dossier/X.json").exists());
        let later = Incremental::new(out.path(), "X", Some("h".into()));
        assert!(later.unchanged(false).is_none(), "the stale stamp is gone");
    }
}
