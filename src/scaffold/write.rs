//! Writing a new candidate folder (`init`, `import`): every file created, none overwritten.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why files could not be created.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Nothing was written: these files exist already.
    #[error(
        "{} existe déjà dans « {} » : rien n'a été écrit (les fichiers existants ne sont jamais écrasés)",
        list_fr(.existing),
        .dir.display()
    )]
    Exists {
        dir: PathBuf,
        existing: Vec<PathBuf>,
    },
    #[error("écriture de « {} » impossible : {error}", .path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

fn list_fr(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| format!("« {} »", p.display()))
        .collect();
    match paths.len() {
        0 => String::new(),
        1..=3 => shown.join(", "),
        n => format!("{} et {} autre(s)", shown.join(", "), n - 3),
    }
}

/// Writes `files` (paths relative to `dir`) into `dir`, creating folders, and refuses to
/// touch any existing file: all targets are checked first, then each file is created with
/// `create_new`, so that nothing is ever overwritten.
pub fn write_new_files(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(rel, _)| dir.join(rel).symlink_metadata().is_ok())
        .map(|(rel, _)| rel.clone())
        .collect();
    if !existing.is_empty() {
        return Err(WriteError::Exists {
            dir: dir.to_path_buf(),
            existing,
        });
    }
    for (rel, bytes) in files {
        let path = dir.join(rel);
        let io = |error| WriteError::Io {
            path: path.clone(),
            error,
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    WriteError::Exists {
                        dir: dir.to_path_buf(),
                        existing: vec![rel.clone()],
                    }
                } else {
                    io(e)
                }
            })?;
        f.write_all(bytes).map_err(io)?;
    }
    Ok(())
}
