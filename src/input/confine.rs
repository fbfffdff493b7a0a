//! Confinement: every path a page names is resolved inside the candidate folder, or refused.
//!
//! Paths are first normalised lexically (a `..` that climbs above the folder is refused
//! before touching the disk), then canonicalised so that a symlink pointing outside is
//! refused too. Nothing outside the folder is ever read into an output.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Whose folder a path is confined to, as the messages name it: a candidate's, or the
/// site `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Candidate,
    Site,
}

impl std::fmt::Display for Folder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Folder::Candidate => "candidat",
            Folder::Site => "site",
        })
    }
}

/// Why a path was refused or could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfineError {
    #[error("{}", not_a_file(.0, .1, Folder::Candidate))]
    NotAFile(String, String),
    #[error("{}", escapes(.0, Folder::Candidate))]
    Escapes(String),
    #[error("{}", symlink(.0, Folder::Candidate))]
    Symlink(String),
    #[error("fichier introuvable : « {0} »")]
    NotFound(String),
    #[error("« {path} » est trop gros ({} ; la limite est {})", size_fr(*.size), size_fr(*.limit))]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("« {0} » n'est pas un fichier ordinaire (dossier, tube ou périphérique) : refusé")]
    NotRegular(String),
    #[error("« {0} » ne peut pas être lu : {1}")]
    Io(String, String),
}

impl ConfineError {
    /// The message, naming the folder as `folder` (the same words for a site as for a
    /// candidate's folder).
    pub fn message_in(&self, folder: Folder) -> String {
        match self {
            ConfineError::NotAFile(path, scheme) => not_a_file(path, scheme, folder),
            ConfineError::Escapes(path) => escapes(path, folder),
            ConfineError::Symlink(path) => symlink(path, folder),
            other => other.to_string(),
        }
    }
}

fn not_a_file(path: &str, scheme: &str, folder: Folder) -> String {
    format!("« {path} » est une adresse ({scheme}), pas un fichier du dossier du {folder}")
}

fn escapes(path: &str, folder: Folder) -> String {
    format!("« {path} » sort du dossier du {folder} (« .. » ou chemin absolu) : refusé")
}

fn symlink(path: &str, folder: Folder) -> String {
    format!("« {path} » est un lien symbolique qui sort du dossier du {folder} : refusé")
}

/// A candidate folder, canonicalised once.
#[derive(Debug, Clone)]
pub struct Confined {
    root: PathBuf,
}

impl Confined {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(Self {
            root: fs::canonicalize(root)?,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Turns a path as written in a page into a virtual path (`/assets/img/x.png`), rooted
    /// at the candidate folder. `base_dir` is the virtual folder of the page (`/missions`),
    /// against which relative paths are taken. Query strings and fragments are dropped.
    pub fn virtual_path(&self, written: &str, base_dir: &str) -> Result<String, ConfineError> {
        let trimmed = written.trim();
        if let Some((scheme, _)) = trimmed.split_once(':') {
            let is_scheme = !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            if is_scheme && scheme.len() > 1 {
                return Err(ConfineError::NotAFile(
                    written.to_string(),
                    format!("{scheme}:"),
                ));
            }
            if scheme.len() == 1 {
                // `C:\Users\...`: a Windows host path.
                return Err(ConfineError::Escapes(written.to_string()));
            }
        }
        if trimmed.starts_with("\\\\") || trimmed.starts_with('~') {
            return Err(ConfineError::Escapes(written.to_string()));
        }
        let path = trimmed.split(['?', '#']).next().unwrap_or("");
        let path = path.replace('\\', "/");
        let joined = if path.starts_with('/') {
            path
        } else {
            format!("{base_dir}/{path}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(ConfineError::Escapes(written.to_string()));
                    }
                }
                p => parts.push(p),
            }
        }
        Ok(format!("/{}", parts.join("/")))
    }

    /// The path of a virtual path inside the folder, as it is on disk (not canonical): a
    /// name written in UTF-8 in a page (`café.png`) also finds a file whose name was
    /// written in Windows-1252 (`caf\xe9.png`, from a zip made on Windows).
    pub fn locate(&self, vpath: &str) -> PathBuf {
        let rel = vpath.trim_start_matches('/');
        let joined = self.root.join(rel);
        if joined.symlink_metadata().is_ok() || rel.is_ascii() {
            return joined;
        }
        match windows_1252_path(rel) {
            Some(legacy) if self.root.join(&legacy).symlink_metadata().is_ok() => {
                self.root.join(legacy)
            }
            _ => joined,
        }
    }

    /// Whether something is at a virtual path, following a link wherever it points. This
    /// only tells a file that is absent from one that is there but was refused or could not
    /// be read; whether it may be read is [`Confined::read`]'s question. A path that climbs
    /// out of the folder is never present.
    pub fn is_present(&self, vpath: &str) -> bool {
        let rel = vpath.trim_start_matches('/');
        !rel.split('/').any(|p| p == "..") && self.locate(vpath).exists()
    }

    /// The real path of a virtual path, checked to exist inside the folder (symlinks
    /// resolved).
    pub fn real_path(&self, vpath: &str) -> Result<PathBuf, ConfineError> {
        let rel = vpath.trim_start_matches('/');
        if rel.split('/').any(|p| p == "..") {
            return Err(ConfineError::Escapes(vpath.to_string()));
        }
        let joined = self.locate(vpath);
        let real = match fs::canonicalize(&joined) {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ConfineError::NotFound(vpath.to_string()));
            }
            Err(e) => return Err(ConfineError::Io(vpath.to_string(), io_fr(&e))),
        };
        if !real.starts_with(&self.root) {
            return Err(ConfineError::Symlink(vpath.to_string()));
        }
        Ok(real)
    }

    /// The first `n` bytes (or fewer) of a regular file inside the folder.
    pub fn head(&self, vpath: &str, n: u64) -> Result<Vec<u8>, ConfineError> {
        let real = self.real_path(vpath)?;
        let io = |e: std::io::Error| ConfineError::Io(vpath.to_string(), io_fr(&e));
        if !fs::metadata(&real).map_err(io)?.is_file() {
            return Err(ConfineError::NotRegular(vpath.to_string()));
        }
        let mut buf = Vec::new();
        fs::File::open(&real)
            .map_err(io)?
            .take(n)
            .read_to_end(&mut buf)
            .map_err(io)?;
        Ok(buf)
    }

    /// Reads a file inside the folder, refusing files over `limit` bytes without reading them.
    /// Only regular files are opened: a named pipe or a device would block or never end.
    pub fn read(&self, vpath: &str, limit: u64) -> Result<Vec<u8>, ConfineError> {
        let real = self.real_path(vpath)?;
        let io = |e: std::io::Error| ConfineError::Io(vpath.to_string(), io_fr(&e));
        if !fs::metadata(&real).map_err(io)?.is_file() {
            return Err(ConfineError::NotRegular(vpath.to_string()));
        }
        let file = fs::File::open(&real).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if !meta.is_file() {
            return Err(ConfineError::NotRegular(vpath.to_string()));
        }
        if meta.len() > limit {
            return Err(ConfineError::TooLarge {
                path: vpath.to_string(),
                size: meta.len(),
                limit,
            });
        }
        let mut buf = Vec::with_capacity(meta.len() as usize);
        file.take(limit + 1).read_to_end(&mut buf).map_err(io)?;
        if buf.len() as u64 > limit {
            return Err(ConfineError::TooLarge {
                path: vpath.to_string(),
                size: buf.len() as u64,
                limit,
            });
        }
        Ok(buf)
    }
}

/// A relative path whose names are encoded in Windows-1252 instead of UTF-8, when that
/// differs and can be written on this system.
#[cfg(unix)]
fn windows_1252_path(rel: &str) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(rel);
    if unmappable || bytes.as_ref() == rel.as_bytes() {
        return None;
    }
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(&bytes)))
}

#[cfg(not(unix))]
fn windows_1252_path(_rel: &str) -> Option<PathBuf> {
    None
}

/// A file name as text: UTF-8 when it is, else read as Windows-1252 (the encoding of
/// names in a zip made on a French Windows machine). The flag tells which.
pub fn os_name(name: &std::ffi::OsStr) -> (String, bool) {
    if let Some(s) = name.to_str() {
        return (s.to_string(), true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let text = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(name.as_bytes())
            .0
            .into_owned();
        (text, false)
    }
    #[cfg(not(unix))]
    {
        (name.to_string_lossy().into_owned(), false)
    }
}

/// An I/O error in French (the system's own message is English): the kind in words, and
/// the system's error number for the rare kinds, never its English text.
pub fn io_fr(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "introuvable".into(),
        ErrorKind::PermissionDenied => "accès refusé".into(),
        ErrorKind::NotADirectory => "ce n'est pas un dossier".into(),
        ErrorKind::IsADirectory => "c'est un dossier".into(),
        ErrorKind::InvalidData => "données illisibles".into(),
        ErrorKind::StorageFull => "disque plein".into(),
        ErrorKind::QuotaExceeded => "quota de disque dépassé".into(),
        ErrorKind::ReadOnlyFilesystem => "disque en lecture seule".into(),
        ErrorKind::AlreadyExists => "un fichier de ce nom existe déjà".into(),
        ErrorKind::DirectoryNotEmpty => "dossier non vide".into(),
        ErrorKind::InvalidFilename => "nom de fichier trop long ou invalide".into(),
        ErrorKind::FileTooLarge => "fichier trop gros pour le système".into(),
        ErrorKind::Interrupted => "opération interrompue".into(),
        ErrorKind::TimedOut => "délai dépassé".into(),
        ErrorKind::OutOfMemory => "mémoire insuffisante".into(),
        ErrorKind::UnexpectedEof => "fichier tronqué".into(),
        ErrorKind::CrossesDevices => "déplacement entre deux disques impossible".into(),
        ErrorKind::ResourceBusy => "fichier ou disque occupé".into(),
        ErrorKind::StaleNetworkFileHandle | ErrorKind::NetworkDown => {
            "disque réseau indisponible".into()
        }
        ErrorKind::TooManyLinks => "trop de liens symboliques imbriqués".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("erreur du système n° {code}"),
            None => "erreur d'entrée-sortie".into(),
        },
    }
}

/// An I/O error about a path, in French: « écriture de « x » impossible : disque plein ».
pub fn io_error_fr(action: &str, path: &Path, e: &std::io::Error) -> String {
    format!("{action} « {} » impossible : {}", path.display(), io_fr(e))
}

/// A size as a French reader writes it: `512 octets`, `3,4 Ko`, `5,0 Mo`.
pub fn size_fr(bytes: u64) -> String {
    const K: f64 = 1024.0;
    let b = bytes as f64;
    let (value, unit) = if b < K {
        return format!("{bytes} octets");
    } else if b < K * K {
        (b / K, "Ko")
    } else if b < K * K * K {
        (b / (K * K), "Mo")
    } else {
        (b / (K * K * K), "Go")
    };
    let text = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    format!("{} {unit}", text.replace('.', ","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn confined() -> (tempfile::TempDir, Confined) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("assets/img")).unwrap();
        fs::write(dir.path().join("assets/img/a.png"), b"png").unwrap();
        let c = Confined::new(dir.path()).unwrap();
        (dir, c)
    }

    #[test]
    fn paths_resolve_inside_the_folder() {
        let (_d, c) = confined();
        assert_eq!(
            c.virtual_path("/assets/img/a.png", "/missions").unwrap(),
            "/assets/img/a.png"
        );
        assert_eq!(
            c.virtual_path("../assets/img/a.png", "/missions").unwrap(),
            "/assets/img/a.png"
        );
        assert_eq!(
            c.virtual_path("img/a.png?raw=1", "/assets").unwrap(),
            "/assets/img/a.png"
        );
        assert_eq!(c.read("/assets/img/a.png", 10).unwrap(), b"png");
    }

    #[test]
    fn escapes_are_refused() {
        let (_d, c) = confined();
        assert!(matches!(
            c.virtual_path("../../etc/passwd", "/missions"),
            Err(ConfineError::Escapes(_))
        ));
        assert!(matches!(
            c.virtual_path("file:///etc/passwd", "/"),
            Err(ConfineError::NotAFile(..))
        ));
        assert!(matches!(
            c.virtual_path("C:\\Windows\\x.png", "/"),
            Err(ConfineError::Escapes(_))
        ));
        // A host absolute path is taken inside the folder, where it does not exist.
        assert_eq!(c.virtual_path("/etc/passwd", "/").unwrap(), "/etc/passwd");
        assert!(matches!(
            c.read("/etc/passwd", 100),
            Err(ConfineError::NotFound(_))
        ));
    }

    #[test]
    fn presence_without_reading() {
        let (_d, c) = confined();
        assert!(c.is_present("/assets/img/a.png"));
        assert!(c.is_present("assets/img"));
        assert!(!c.is_present("/assets/img/b.png"));
        assert!(!c.is_present("/assets/../assets/img/a.png"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leaving_the_folder_are_refused() {
        let (d, c) = confined();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), b"canari").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            d.path().join("assets/s.txt"),
        )
        .unwrap();
        assert!(matches!(
            c.read("/assets/s.txt", 100),
            Err(ConfineError::Symlink(_))
        ));
    }

    #[test]
    fn sizes_in_french() {
        assert_eq!(size_fr(12), "12 octets");
        assert_eq!(size_fr(2 * 1024 * 1024), "2 Mo");
        assert_eq!(size_fr(5 * 1024 * 1024 + 100_000), "5,1 Mo");
        assert_eq!(size_fr(20 * 1024 * 1024), "20 Mo");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_blocking() {
        let (d, c) = confined();
        let fifo = d.path().join("assets/tube.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        assert!(matches!(
            c.read("/assets/tube.md", 100),
            Err(ConfineError::NotRegular(_))
        ));
        assert!(matches!(
            c.read("/assets", 100),
            Err(ConfineError::NotRegular(_))
        ));
    }

    #[test]
    fn size_limit() {
        let (_d, c) = confined();
        assert!(matches!(
            c.read("/assets/img/a.png", 2),
            Err(ConfineError::TooLarge { .. })
        ));
    }
}
