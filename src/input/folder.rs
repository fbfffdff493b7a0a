//! Reads a candidate folder: `candidat.yaml`, `epreuves/*.md`, `missions/*.md`.
//!
//! A broken page is reported and left out; the folder is still read. Only an unreadable
//! folder is an error for the whole candidate.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::input::confine::Confined;
use crate::input::decode::{Decoded, Repair, decode};
use crate::input::frontmatter::{self, FrontMatter};

/// A page over this size is refused (a portfolio page is a few KB).
pub const MAX_PAGE_BYTES: u64 = 2 * 1024 * 1024;
/// More missions than this is refused: no dossier has that many réalisations.
pub const MAX_MISSIONS: usize = 200;

/// A Markdown page: front matter and body, text already decoded.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the candidate folder (`missions/glpi.md`).
    pub rel: PathBuf,
    pub front: FrontMatter,
    pub body: String,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

impl Page {
    /// The file stem: `glpi` for `missions/glpi.md`, `slug` for `missions/slug/index.md`.
    pub fn slug(&self) -> String {
        let stem = self
            .rel
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("page");
        if (stem == "index" || stem == "_index")
            && let Some(parent) = self
                .rel
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|s| s.to_str())
        {
            return parent.to_string();
        }
        stem.to_string()
    }
}

/// Everything read from one candidate folder.
#[derive(Debug)]
pub struct CandidateSource {
    pub folder: Confined,
    /// The folder's own name (`martin-lucas`).
    pub dir_name: String,
    /// `candidat.yaml`, when present and valid.
    pub candidat: Option<FrontMatter>,
    /// `epreuves/e5.md` and `epreuves/e6.md`, when present and valid.
    pub e5: Option<Page>,
    pub e6: Option<Page>,
    /// `missions/*.md`, in file-name order.
    pub missions: Vec<Page>,
    /// The decoded text of every file read (what was validated), to show lines in
    /// diagnostics.
    pub texts: Sources,
    pub diagnostics: Diagnostics,
}

/// Reads a candidate folder. Fails only when the folder itself cannot be read.
pub fn read_candidate(dir: &Path) -> Result<CandidateSource, Diagnostic> {
    let folder = Confined::new(dir).map_err(|e| {
        Diagnostic::error(format!(
            "dossier du candidat illisible : {}",
            crate::input::confine::io_fr(&e)
        ))
    })?;
    let dir_name = folder
        .root()
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("candidat")
        .to_string();
    let mut diags = Diagnostics::default();
    let mut texts = Sources::new();

    let candidat =
        read_text(&folder, Path::new("candidat.yaml"), &mut texts, &mut diags).and_then(|text| {
            match frontmatter::parse_yaml_file(&text) {
                Ok(fm) => Some(fm),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(e.message)
                            .in_file("candidat.yaml")
                            .at(e.line, e.column),
                    );
                    None
                }
            }
        });
    let e5 = read_page(&folder, Path::new("epreuves/e5.md"), &mut texts, &mut diags);
    let e6 = read_page(&folder, Path::new("epreuves/e6.md"), &mut texts, &mut diags);

    // `missions` itself may be a symlink: list it only when it stays inside the folder.
    let mut mission_files = match folder.real_path("/missions") {
        Ok(dir) => list_markdown(&dir, &mut diags),
        Err(crate::input::ConfineError::NotFound(_)) => Vec::new(),
        Err(e) => {
            diags.push(Diagnostic::error(e.to_string()).in_file("missions"));
            Vec::new()
        }
    };
    mission_files.sort();
    if mission_files.len() > MAX_MISSIONS {
        diags.push(
            Diagnostic::error(format!(
                "{} missions : c'est plus que la limite de {MAX_MISSIONS} ; seules les {MAX_MISSIONS} premières sont lues",
                mission_files.len()
            ))
            .in_file("missions"),
        );
        mission_files.truncate(MAX_MISSIONS);
    }
    let missions = mission_files
        .iter()
        .filter_map(|rel| read_page(&folder, rel, &mut texts, &mut diags))
        .collect();
    diags.attach_sources(&texts);

    Ok(CandidateSource {
        folder,
        dir_name,
        candidat,
        e5,
        e6,
        missions,
        texts,
        diagnostics: diags,
    })
}

/// Markdown files of `missions/`: `*.md` and Hugo bundles `*/index.md`, relative paths.
/// A name that is not UTF-8 (`caf\xe9.md` from a zip made on Windows) is read as
/// Windows-1252, with a warning: the file is read under that name, never dropped. A
/// `missions` that cannot be listed (a file, no permission) is an error: the dossiers
/// would otherwise come out without any mission, saying nothing.
fn list_markdown(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let unreadable = |e: &std::io::Error| {
        Diagnostic::error(format!(
            "dossier des missions illisible : {}",
            crate::input::confine::io_fr(e)
        ))
        .in_file("missions")
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(unreadable(&e));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(unreadable(&e));
                continue;
            }
        };
        let path = entry.path();
        let (name, utf8) = crate::input::confine::os_name(&entry.file_name());
        if !utf8 {
            diags.push(
                Diagnostic::warning(format!(
                    "nom de fichier qui n'est pas en UTF-8, lu comme Windows-1252 : « {name} »"
                ))
                .in_file(PathBuf::from("missions").join(&name))
                .with_hint("renommez le fichier (le zip venait sans doute d'un Windows ancien)"),
            );
        }
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) => {
                diags.push(unreadable(&e).in_file(PathBuf::from("missions").join(&name)));
                continue;
            }
        };
        if kind.is_dir() {
            for index in ["index.md", "_index.md"] {
                if path.join(index).is_file() {
                    out.push(PathBuf::from("missions").join(&name).join(index));
                }
            }
        } else if name.ends_with(".md") || name.ends_with(".markdown") {
            out.push(PathBuf::from("missions").join(&name));
        }
    }
    out
}

/// What to do about a file whose encoding had to be repaired.
const ENCODING_HINT: &str = "les dossiers reçoivent le texte réparé ; ouvrez le fichier, vérifiez-le et réenregistrez-le en UTF-8";

/// Reads and decodes a text file; `None` (with a diagnostic unless absent) on failure.
/// The decoded text is kept in `texts`.
fn read_text(
    folder: &Confined,
    rel: &Path,
    texts: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<String> {
    let vpath = format!("/{}", rel.to_string_lossy());
    let bytes = match folder.read(&vpath, MAX_PAGE_BYTES) {
        Ok(b) => b,
        Err(crate::input::ConfineError::NotFound(_)) => return None,
        Err(e) => {
            diags.push(Diagnostic::error(e.to_string()).in_file(rel));
            return None;
        }
    };
    let Decoded { text, repairs } = decode(&bytes);
    for repair in repairs {
        // A BOM or CRLF is normal for files from Windows tools: worth knowing, not a fault.
        // A repaired text is shown where it was first repaired.
        let d = match &repair {
            Repair::BomStripped | Repair::CrlfNormalised | Repair::DecodedAsUnicode { .. } => {
                Diagnostic::info(repair.message_fr())
            }
            Repair::BidiControlsRemoved { .. } => Diagnostic::warning(repair.message_fr()),
            Repair::MojibakeSuspected { example } => Diagnostic::warning(repair.message_fr())
                .about(example.as_str())
                .with_hint(ENCODING_HINT),
            Repair::DecodedAsWindows1252 => {
                let first = text.chars().find(|c| !c.is_ascii()).map(String::from);
                let d = Diagnostic::warning(repair.message_fr());
                match first {
                    Some(c) => d.about(c),
                    None => d,
                }
            }
            Repair::Mojibake { example_after, .. } => Diagnostic::warning(repair.message_fr())
                .about(example_after.as_str())
                .with_hint(ENCODING_HINT),
        };
        diags.push(d.in_file(rel));
    }
    texts.insert(rel.to_path_buf(), text.as_str().into());
    Some(text)
}

fn read_page(
    folder: &Confined,
    rel: &Path,
    texts: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Page> {
    let text = read_text(folder, rel, texts, diags)?;
    if text.trim().is_empty() {
        diags.push(Diagnostic::warning("page vide : elle est ignorée").in_file(rel));
        return None;
    }
    match frontmatter::split(&text) {
        Ok(split) => Some(Page {
            rel: rel.to_path_buf(),
            front: split.front,
            body: split.body.to_string(),
            body_line: split.body_line,
        }),
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("{} ; la page est ignorée", e.message))
                    .in_file(rel)
                    .at(e.line, e.column),
            );
            None
        }
    }
}
