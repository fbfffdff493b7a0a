//! The school's own templates and fonts (`--templates`, `--font-path`), which override the
//! bundled ones: read once, before any candidate, by every command that lays out documents.
//! (Not to be confused with `pipeline::candidate::School`, the établissement printed on the forms.)

use crate::input::confine::io_fr;
use std::fs;
use std::path::{Path, PathBuf};

/// Why the school's templates or fonts could not be read. A folder or file given on the
/// command line that adds nothing is an error: the user asked for it, and a form laid out
/// without the expected font or template would be wrong in silence.
#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    #[error("dossier de modèles « {} » illisible : {}", .dir.display(), io_fr(.source))]
    TemplatesFolder {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("modèle « {} » illisible : {}", .path.display(), io_fr(.source))]
    Template {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("dossier de polices « {} » illisible : {}", .path.display(), io_fr(.source))]
    FontFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("police « {} » illisible : {}", .path.display(), io_fr(.source))]
    Font {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "--font-path « {} » : ce fichier n'est pas une police (.ttf, .otf, .ttc ou .otc attendu)",
        .0.display()
    )]
    NotAFontFile(PathBuf),
    #[error(
        "--font-path « {} » : aucune police (.ttf, .otf, .ttc ou .otc) dans ce dossier",
        .0.display()
    )]
    NoFontInFolder(PathBuf),
}

/// A font file the user added, and its bytes (checked by the render stage, which knows
/// what a font is).
#[derive(Debug, Clone)]
pub struct FontFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Template overrides of a folder (`*.typ`), by file name, as `build --templates` reads them.
pub fn read_templates(dir: Option<&Path>) -> Result<Vec<(String, String)>, OverrideError> {
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    let entries = fs::read_dir(dir).map_err(|source| OverrideError::TemplatesFolder {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut overrides = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "typ") {
            let text = fs::read_to_string(&path)
                .map_err(|source| OverrideError::Template { path, source })?;
            overrides.push((entry.file_name().to_string_lossy().into_owned(), text));
        }
    }
    overrides.sort();
    Ok(overrides)
}

/// Font files (TTF, OTF, collections) under the given folders (or the font files given
/// themselves), read once. A missing or unreadable path, a file that is no font, a folder
/// without any font: each is an error naming the path, never skipped.
pub fn read_fonts(paths: &[PathBuf]) -> Result<Vec<FontFile>, OverrideError> {
    let mut files = Vec::new();
    for path in paths {
        files.extend(font_files(path)?);
    }
    files
        .into_iter()
        .map(|path| match fs::read(&path) {
            Ok(bytes) => Ok(FontFile { path, bytes }),
            Err(source) => Err(OverrideError::Font { path, source }),
        })
        .collect()
}

/// The font files one `--font-path` names, in name order.
fn font_files(root: &Path) -> Result<Vec<PathBuf>, OverrideError> {
    let folder_error = |source: std::io::Error| OverrideError::FontFolder {
        path: root.to_path_buf(),
        source,
    };
    let meta = fs::metadata(root).map_err(folder_error)?;
    if meta.is_file() {
        return match is_font_name(root) {
            true => Ok(vec![root.to_path_buf()]),
            false => Err(OverrideError::NotAFontFile(root.to_path_buf())),
        };
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(|e| OverrideError::FontFolder {
            path: e.path().unwrap_or(root).to_path_buf(),
            source: e.into(),
        })?;
        if entry.file_type().is_file() && is_font_name(entry.path()) {
            files.push(entry.into_path());
        }
    }
    if files.is_empty() {
        return Err(OverrideError::NoFontInFolder(root.to_path_buf()));
    }
    Ok(files)
}

/// A TrueType or OpenType font, or a collection of them, by its extension.
fn is_font_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        let e = e.to_string_lossy().to_ascii_lowercase();
        matches!(e.as_str(), "ttf" | "otf" | "ttc" | "otc")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sio-school-{name}-{}", std::process::id()));
        fs::remove_dir_all(&dir).ok();
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn missing_font_folder_is_an_error_naming_it() {
        let missing = temp("missing").join("polices");
        let err = read_fonts(std::slice::from_ref(&missing)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "dossier de polices « {} » illisible : introuvable",
                missing.display()
            )
        );
    }

    #[test]
    fn a_file_that_is_no_font_is_an_error() {
        let dir = temp("notfont");
        let file = dir.join("lisez-moi.txt");
        fs::write(&file, "bonjour").unwrap();
        let err = read_fonts(std::slice::from_ref(&file)).unwrap_err();
        assert!(matches!(err, OverrideError::NotAFontFile(p) if p == file));
        let err = read_fonts(std::slice::from_ref(&dir)).unwrap_err();
        assert!(matches!(err, OverrideError::NoFontInFolder(p) if p == dir));
    }

    #[test]
    fn fonts_of_a_folder_and_a_file_are_read_in_name_order() {
        let dir = temp("fonts");
        fs::create_dir_all(dir.join("sous")).unwrap();
        fs::write(dir.join("b.TTF"), b"b").unwrap();
        fs::write(dir.join("sous/a.otf"), b"a").unwrap();
        fs::write(dir.join("notes.txt"), b"x").unwrap();
        let fonts = read_fonts(&[dir.clone(), dir.join("b.TTF")]).unwrap();
        let names: Vec<_> = fonts.iter().map(|f| f.path.clone()).collect();
        assert_eq!(
            names,
            [dir.join("b.TTF"), dir.join("sous/a.otf"), dir.join("b.TTF")]
        );
    }
}
