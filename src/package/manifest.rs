//! `manifest.json`: every file of the package with its size and SHA-256, so that a teacher
//! or the exam office can check what was handed in.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::package::PackageFile;

#[derive(Debug, Serialize)]
struct Entry<'a> {
    file: &'a str,
    size: usize,
    sha256: String,
}

/// The manifest of `files` (in their order), pretty-printed JSON.
pub fn manifest(files: &[PackageFile]) -> Vec<u8> {
    let entries: Vec<Entry> = files
        .iter()
        .map(|f| Entry {
            file: &f.path,
            size: f.bytes.len(),
            sha256: Sha256::digest(&f.bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
        .collect();
    let mut json =
        serde_json::to_vec_pretty(&serde_json::json!({ "files": entries })).unwrap_or_default();
    json.push(b'\n');
    json
}
