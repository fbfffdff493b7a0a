//! The document cache of a long-running process (`watch`).

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::NaiveDate;

use super::compile::Compiled;
use super::hash::{FieldHasher, digest_hex};
use super::plan::{DocPlan, Document};
use crate::input::Confined;
use crate::render::Engine;

/// The last compiled version of each document, kept by a long-running process (`watch`)
/// so that a save recompiles only the documents that depend on the saved file.
///
/// A document is reused when its key (templates, fonts, date, data, converted bodies) is
/// the same and every candidate file Typst read for it (images) has the same bytes.
#[derive(Default)]
pub struct DocCache {
    entries: Mutex<BTreeMap<Document, CacheEntry>>,
}

struct CacheEntry {
    key: String,
    /// Each file read, with the SHA-256 of its bytes (`None`: it did not exist).
    reads: Vec<(String, Option<String>)>,
    compiled: Compiled,
}

impl DocCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets every document (templates or fonts changed).
    pub fn clear(&self) {
        if let Ok(mut e) = self.entries.lock() {
            e.clear();
        }
    }

    pub(super) fn get(&self, doc: Document, key: &str, folder: &Confined) -> Option<Compiled> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(&doc)?;
        let fresh = entry.key == key
            && entry
                .reads
                .iter()
                .all(|(vpath, hash)| file_hash(folder, vpath) == *hash);
        fresh.then(|| entry.compiled.clone())
    }

    pub(super) fn put(&self, doc: Document, key: String, compiled: &Compiled, folder: &Confined) {
        let reads = compiled
            .reads
            .iter()
            .map(|vpath| (vpath.clone(), file_hash(folder, vpath)))
            .collect();
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                doc,
                CacheEntry {
                    key,
                    reads,
                    compiled: compiled.clone(),
                },
            );
        }
    }
}

fn file_hash(folder: &Confined, vpath: &str) -> Option<String> {
    let bytes = folder
        .read(vpath, crate::render::world::MAX_ASSET_BYTES)
        .ok()?;
    Some(digest_hex(&bytes))
}

/// What a document's layout depends on, besides the candidate files Typst reads.
pub(super) fn plan_key(engine: &Engine, plan: &DocPlan, date: NaiveDate) -> String {
    let mut h = FieldHasher::new();
    h.field(plan.doc.template().as_bytes());
    h.field(engine.fingerprint().as_bytes());
    h.field(date.to_string().as_bytes());
    h.field(&plan.data);
    for (path, markup) in &plan.bodies {
        h.field(path.as_bytes());
        h.field(markup.as_bytes());
    }
    h.finish()
}
