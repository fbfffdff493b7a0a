//! Leftovers of an interrupted run: the staging files and folders of atomic writes
//! (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`) that a killed process or a full disk left
//! behind. The next run removes them, unless the process that made them is still running
//! (two runs may share an output folder).

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Where no process table can be read, a leftover this old is taken as abandoned.
const ABANDONED_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The process id a staging name ends with (`.x.zip.tmp-1234` → 1234).
fn staging_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, pid) = name
        .rsplit_once(".tmp-")
        .or_else(|| name.rsplit_once(".old-"))?;
    pid.parse().ok()
}

/// Whether a process is running (Linux: `/proc/<pid>`); `None` when this cannot be told.
fn alive(pid: u32) -> Option<bool> {
    let proc_fs = Path::new("/proc");
    if !proc_fs.join("self").exists() {
        return None;
    }
    Some(proc_fs.join(pid.to_string()).exists())
}

/// Removes the staging leftovers of other, finished runs from `out` and its state folder;
/// returns their names. Errors are ignored: a leftover is harmless, only untidy.
pub fn clean_stale_staging(out: &Path) -> Vec<String> {
    let mine = std::process::id();
    let mut removed = Vec::new();
    for dir in [out.to_path_buf(), out.join(".sio-dossier")] {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = staging_pid(&name).filter(|&p| p != mine) else {
                continue;
            };
            let abandoned = match alive(pid) {
                Some(running) => !running,
                None => entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| SystemTime::now().duration_since(t).ok())
                    .is_some_and(|age| age > ABANDONED_AFTER),
            };
            if !abandoned {
                continue;
            }
            let path = entry.path();
            let gone = match entry.file_type() {
                Ok(t) if t.is_dir() => fs::remove_dir_all(&path),
                _ => fs::remove_file(&path),
            };
            if gone.is_ok() {
                removed.push(name);
            }
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_names_are_recognised() {
        assert_eq!(staging_pid(".0351_A_B.tmp-42"), Some(42));
        assert_eq!(staging_pid(".0351_A_B.zip.tmp-7"), Some(7));
        assert_eq!(staging_pid(".0351_A_B.old-9"), Some(9));
        assert_eq!(staging_pid("0351_A_B.zip"), None);
        assert_eq!(staging_pid(".x.tmp-abc"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_dead_runs_are_removed_live_ones_kept() {
        let out = tempfile::tempdir().unwrap();
        // A pid above the kernel's maximum (4194304) is never running.
        let dead = out.path().join(".0351_A_B.tmp-99999999");
        fs::create_dir_all(dead.join("sources")).unwrap();
        fs::write(out.path().join(".0351_A_B.zip.tmp-99999998"), b"x").unwrap();
        let live = out
            .path()
            .join(format!(".0351_C_D.tmp-{}", std::process::id()));
        fs::create_dir_all(&live).unwrap();
        fs::write(out.path().join("0351_A_B.zip"), b"zip").unwrap();
        let removed = clean_stale_staging(out.path());
        assert_eq!(removed.len(), 2, "{removed:?}");
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(out.path().join("0351_A_B.zip").exists());
    }
}
