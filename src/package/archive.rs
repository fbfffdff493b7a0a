//! Deterministic zip: entries sorted by path, fixed timestamps and permissions, so that the
//! same inputs give the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::package::PackageFile;

/// Zips `files` under the folder `root` (`<root>/<path>`), entries sorted by path.
/// `timestamp` is the modification time of every entry.
pub fn zip_files(
    root: &str,
    files: &[PackageFile],
    timestamp: DateTime,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut sorted: Vec<&PackageFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for file in sorted {
        let method = if is_compressed(&file.path) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(timestamp)
            .unix_permissions(0o644);
        writer.start_file(format!("{root}/{}", file.path), options)?;
        writer.write_all(&file.bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// Formats that are compressed already (PDF, images, office files and archives): deflating
/// them again costs time for a few bytes at most, so they are stored.
fn is_compressed(path: &str) -> bool {
    const STORED: &[&str] = &[
        "pdf", "png", "jpg", "jpeg", "gif", "webp", "avif", "heic", "xlsx", "docx", "pptx", "odt",
        "ods", "odp", "zip", "gz", "7z", "mp4", "mp3",
    ];
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| STORED.iter().any(|s| ext.eq_ignore_ascii_case(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_formats_are_stored_and_text_is_deflated() {
        let file = |path: &str| PackageFile {
            path: path.into(),
            bytes: b"texte texte texte texte texte texte texte".to_vec(),
        };
        let files = [
            file("dossier-E5.pdf"),
            file("SYNTHESE.xlsx"),
            file("assets/img/photo.JPEG"),
            file("manifest.json"),
            file("sources/dossier-e5/_sio/style.typ"),
        ];
        let bytes = zip_files("x", &files, DateTime::default()).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        for i in 0..archive.len() {
            let entry = archive.by_index(i).unwrap();
            let stored = [".pdf", ".xlsx", ".JPEG"]
                .iter()
                .any(|e| entry.name().ends_with(e));
            let expected = if stored {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            assert_eq!(entry.compression(), expected, "{}", entry.name());
        }
    }
}
