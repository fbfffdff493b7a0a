//! Where a folder named on the command line sits: a candidate inside a class folder takes
//! the class's `classe.yaml` and `candidats.csv`, an académie folder holds class folders.
//! Every command asks here, so `check`, `build`, `watch` and `class` agree on it.

use std::path::{Path, PathBuf};

use crate::input::{is_class_folder, read_class};
use crate::pipeline::candidate::School;
use crate::pipeline::class::{defaults_for, school};
use crate::validate::Defaults;

/// What the class folder around a candidate gives it: the values of `classe.yaml` and of
/// its row in `candidats.csv`, and the school (name, logo). Empty outside a class.
#[derive(Debug, Default)]
pub struct ClassContext {
    pub defaults: Defaults,
    pub school: School,
}

/// The class context of one candidate folder: `check`, `build` and `watch` of one
/// candidate then use its class's values as `class` does. A candidate outside any class
/// folder, or whose class folder cannot be read, gets the empty context: the class
/// folder's own problems are left to `check` of the class.
pub fn class_context(candidate: &Path) -> ClassContext {
    enclosing_class(candidate).unwrap_or_default()
}

fn enclosing_class(candidate: &Path) -> Option<ClassContext> {
    let dir = std::fs::canonicalize(candidate).ok()?;
    let parent = dir.parent()?;
    if !is_class_folder(parent) {
        return None;
    }
    let class = read_class(parent).ok()?;
    let mut ignored = Vec::new();
    Some(ClassContext {
        defaults: defaults_for(&class, &dir),
        school: school(&class, &mut ignored),
    })
}

/// A class folder, or a folder of class folders (an académie), each class paired with its
/// output folder: `<out>/<class folder name>/` for the classes of an académie, sorted by
/// path. Empty when `folder` is neither.
pub fn class_folders(folder: &Path, out: &Path) -> Vec<(PathBuf, PathBuf)> {
    if is_class_folder(folder) {
        return vec![(folder.to_path_buf(), out.to_path_buf())];
    }
    let mut found: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir() && is_class_folder(p))
                .map(|p| {
                    let name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
                    (p, out.join(name))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}
