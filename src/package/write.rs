//! Atomic writes: every file is written to a temporary name in the same folder, then
//! renamed, so that an interrupted run never leaves a half-written PDF or zip.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::package::PackageFile;
use crate::package::archive::zip_files;
use crate::package::manifest::manifest;

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        // Best effort: the first error is the one reported, and a leftover `.tmp-` file is
        // removed by the next run (`pipeline::staging`).
        fs::remove_file(&tmp).ok();
    }
    result
}

/// What was written for one candidate.
#[derive(Debug, Clone)]
pub struct Written {
    pub folder: PathBuf,
    pub zip: PathBuf,
}

/// Writes the package: `out/<name>/` with every file plus `manifest.json`, and
/// `out/<name>.zip` with the same. The folder is built beside the old one and swapped in.
pub fn write_package(
    out: &Path,
    name: &str,
    files: &[PackageFile],
    timestamp: zip::DateTime,
) -> std::io::Result<Written> {
    let mut all: Vec<PackageFile> = files.to_vec();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = PackageFile {
        path: "manifest.json".into(),
        bytes: manifest(&all),
    };
    all.push(manifest);

    fs::create_dir_all(out)?;
    let folder = out.join(name);
    let staging = out.join(format!(".{name}.tmp-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let staged = all.iter().try_for_each(|f| {
        let path = staging.join(&f.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &f.bytes)
    });
    if let Err(e) = staged {
        // A full disk: leave nothing half-written behind.
        // Best effort, as above: the write error is the one reported.
        fs::remove_dir_all(&staging).ok();
        return Err(e);
    }
    let old = out.join(format!(".{name}.old-{}", std::process::id()));
    if folder.exists() {
        fs::rename(&folder, &old)?;
    }
    fs::rename(&staging, &folder)?;
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }

    let zip_bytes = zip_files(name, &all, timestamp).map_err(std::io::Error::other)?;
    let zip = out.join(format!("{name}.zip"));
    write_atomic(&zip, &zip_bytes)?;
    Ok(Written { folder, zip })
}
