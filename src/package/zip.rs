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
        // PDFs and images are compressed already: store them, deflate the rest.
        let method = if file.path.ends_with(".pdf")
            || file.path.ends_with(".png")
            || file.path.ends_with(".jpg")
        {
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
