//! The school's own templates and fonts (`--templates`, `--font-path`): read once, before
//! any candidate, by every command that lays out documents.

use crate::input::confine::io_fr;
use std::fs;
use std::path::{Path, PathBuf};

/// Template overrides of a folder (`*.typ`), by file name, as `build --templates` reads them.
pub fn read_templates(dir: Option<&Path>) -> Result<Vec<(String, String)>, String> {
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    let entries = fs::read_dir(dir).map_err(|e| {
        format!(
            "dossier de modèles « {} » illisible : {}",
            dir.display(),
            io_fr(&e)
        )
    })?;
    let mut overrides = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "typ") {
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("modèle « {} » illisible : {}", path.display(), io_fr(&e)))?;
            overrides.push((entry.file_name().to_string_lossy().into_owned(), text));
        }
    }
    overrides.sort();
    Ok(overrides)
}

/// Font files (TTF, OTF, collections) under the given folders, read once.
pub fn read_fonts(dirs: &[PathBuf]) -> Result<Vec<Vec<u8>>, String> {
    let mut files = Vec::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let is_font = entry.path().extension().is_some_and(|e| {
                let e = e.to_string_lossy().to_ascii_lowercase();
                matches!(e.as_str(), "ttf" | "otf" | "ttc" | "otc")
            });
            if entry.file_type().is_file() && is_font {
                files.push(entry.path().to_path_buf());
            }
        }
    }
    files
        .iter()
        .map(|f| {
            fs::read(f).map_err(|e| format!("police « {} » illisible : {}", f.display(), io_fr(&e)))
        })
        .collect()
}
