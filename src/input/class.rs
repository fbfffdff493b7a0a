//! A class folder: `classe.yaml` (session, centre, candidates' folders, logo) and/or
//! `candidats.csv` (the roster as a spreadsheet exports it: `;`, UTF-8 with a BOM or
//! Windows-1252, CRLF).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::input::confine::{ConfineError, Confined};
use crate::input::decode::{Repair, decode};
use crate::input::folder::MAX_PAGE_BYTES;
use crate::input::frontmatter::{self, FrontMatter};

/// One row of `candidats.csv`: `dossier;nom;prenom;numero_candidat;option;mode`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterRow {
    pub dossier: String,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub numero_candidat: Option<String>,
    pub option: Option<String>,
    pub mode: Option<String>,
    /// 1-based line in the CSV, for messages.
    pub line: usize,
}

/// Everything read from a class folder.
#[derive(Debug)]
pub struct ClassSource {
    pub folder: Confined,
    /// `classe.yaml`, when present and valid.
    pub classe: Option<FrontMatter>,
    /// Roster rows by candidate folder name.
    pub roster: BTreeMap<String, RosterRow>,
    /// Candidate folders, in the class's order.
    pub candidates: Vec<PathBuf>,
    pub diagnostics: Diagnostics,
}

impl ClassSource {
    /// A text value of `classe.yaml`.
    pub fn value(&self, key: &str) -> Option<String> {
        match self.classe.as_ref()?.get(key)? {
            serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// Whether `dir` is a class folder (as opposed to one candidate's folder).
pub fn is_class_folder(dir: &Path) -> bool {
    !dir.join("candidat.yaml").exists()
        && (dir.join("classe.yaml").exists() || dir.join("candidats.csv").exists())
}

/// Reads a class folder. Fails only when the folder itself cannot be read.
pub fn read_class(dir: &Path) -> Result<ClassSource, Diagnostic> {
    let folder = Confined::new(dir).map_err(|e| {
        Diagnostic::error(format!(
            "dossier de classe illisible : {}",
            crate::input::confine::io_fr(&e)
        ))
    })?;
    let mut diags = Diagnostics::default();
    let mut texts = Sources::new();

    let classe = match read_class_file(&folder, "classe.yaml", &mut diags) {
        Some(bytes) => {
            let text = decode(&bytes).text;
            texts.insert(PathBuf::from("classe.yaml"), text.as_str().into());
            match frontmatter::parse_yaml_file(&text) {
                Ok(fm) => Some(fm),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(e.message)
                            .in_file("classe.yaml")
                            .at(e.line, e.column),
                    );
                    None
                }
            }
        }
        None => None,
    };

    let roster = match read_class_file(&folder, "candidats.csv", &mut diags) {
        Some(bytes) => {
            texts.insert(PathBuf::from("candidats.csv"), decode(&bytes).text.into());
            read_roster(&bytes, &mut diags)
        }
        None => BTreeMap::new(),
    };

    // Folders: classe.yaml's list, then roster rows it does not name, else every
    // sub-folder holding a candidat.yaml.
    let mut names: Vec<(String, &'static str)> = Vec::new();
    if let Some(serde_json::Value::Array(list)) = classe.as_ref().and_then(|c| c.get("candidats")) {
        for item in list {
            if let serde_json::Value::String(s) = item {
                names.push((s.trim().to_string(), "classe.yaml"));
            }
        }
    }
    for dossier in roster.keys() {
        if !names.iter().any(|(n, _)| n == dossier) {
            if !names.is_empty() {
                diags.push(
                    Diagnostic::warning(format!(
                        "« {dossier} » figure dans candidats.csv mais pas dans la liste de classe.yaml : ajouté"
                    ))
                    .in_file("candidats.csv"),
                );
            }
            names.push((dossier.clone(), "candidats.csv"));
        }
    }
    if names.is_empty() {
        let mut found: Vec<String> = fs::read_dir(folder.root())
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().join("candidat.yaml").is_file())
                    // A name that is not UTF-8 is read as Windows-1252, never dropped.
                    .map(|e| crate::input::confine::os_name(&e.file_name()).0)
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        names.extend(found.into_iter().map(|n| (n, "dossier")));
    }
    let mut candidates = Vec::new();
    for (name, from) in names {
        // A candidate folder is a direct child of the class folder: no `/`, no `..`.
        let safe = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
        if !safe {
            diags.push(
                Diagnostic::error(format!("dossier de candidat « {name} » refusé : il doit être un sous-dossier de la classe"))
                    .in_file(from),
            );
            continue;
        }
        // A symlink to a folder outside the class would make that folder (and whatever
        // lies beside it) the candidate's: refused.
        match folder.real_path(&format!("/{name}")) {
            Err(e @ ConfineError::Symlink(_)) => {
                diags.push(
                    Diagnostic::error(format!("dossier de candidat refusé : {e}"))
                        .in_file(from)
                        .about(name.as_str()),
                );
                continue;
            }
            _ => candidates.push(folder.locate(&format!("/{name}"))),
        }
    }
    diags.attach_sources(&texts);
    Ok(ClassSource {
        folder,
        classe,
        roster,
        candidates,
        diagnostics: diags,
    })
}

/// A file of the class folder, confined and size-limited like a candidate's page; `None`
/// when absent (or refused, with a diagnostic).
fn read_class_file(folder: &Confined, name: &str, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    match folder.read(&format!("/{name}"), MAX_PAGE_BYTES) {
        Ok(bytes) => Some(bytes),
        Err(ConfineError::NotFound(_)) => None,
        Err(e) => {
            diags.push(Diagnostic::error(e.to_string()).in_file(name));
            None
        }
    }
}

/// Parses `candidats.csv`. Header names are matched loosely (case, spaces, BOM).
fn read_roster(bytes: &[u8], diags: &mut Diagnostics) -> BTreeMap<String, RosterRow> {
    let decoded = decode(bytes);
    for r in &decoded.repairs {
        if matches!(r, Repair::DecodedAsWindows1252 | Repair::Mojibake { .. }) {
            diags.push(Diagnostic::warning(r.message_fr()).in_file("candidats.csv"));
        }
    }
    let delimiter = if decoded.text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(decoded.text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').trim().to_lowercase())
            .collect(),
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("candidats.csv illisible : {e}"))
                    .in_file("candidats.csv"),
            );
            return BTreeMap::new();
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(dossier_col) = col("dossier") else {
        diags.push(
            Diagnostic::error("candidats.csv : colonne « dossier » absente")
                .in_file("candidats.csv")
                .at(1, Some(1))
                .with_hint(
                    "première ligne attendue : dossier;nom;prenom;numero_candidat;option;mode",
                ),
        );
        return BTreeMap::new();
    };
    let mut rows = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(
                    Diagnostic::error(format!("ligne illisible : {e}"))
                        .in_file("candidats.csv")
                        .at(line, None),
                );
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(dossier) = get(Some(dossier_col)) else {
            continue;
        };
        let row = RosterRow {
            dossier: dossier.clone(),
            nom: get(col("nom")),
            prenom: get(col("prenom")).or_else(|| get(col("prénom"))),
            numero_candidat: get(col("numero_candidat")).or_else(|| get(col("numero"))),
            option: get(col("option")),
            mode: get(col("mode")),
            line,
        };
        if rows.insert(dossier.clone(), row).is_some() {
            diags.push(
                Diagnostic::warning(format!(
                    "« {dossier} » apparaît deux fois : la dernière ligne est retenue"
                ))
                .in_file("candidats.csv")
                .at(line, None),
            );
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_roster_with_bom_and_crlf() {
        let mut diags = Diagnostics::default();
        let csv = "\u{feff}dossier;nom;prenom;numero_candidat;option;mode\r\nle-goff;LE GOFF;Thomas;;SISR;CCF\r\n";
        let rows = read_roster(csv.as_bytes(), &mut diags);
        let row = &rows["le-goff"];
        assert_eq!(row.nom.as_deref(), Some("LE GOFF"));
        assert_eq!(row.numero_candidat, None);
        assert_eq!(row.line, 2);
    }

    #[test]
    fn windows_1252_roster() {
        let mut diags = Diagnostics::default();
        let bytes = b"dossier;nom;prenom\r\nrousseau;Rousseau;K\xe9vin\r\n";
        let rows = read_roster(bytes, &mut diags);
        assert_eq!(rows["rousseau"].prenom.as_deref(), Some("Kévin"));
    }

    #[test]
    fn the_fixture_class_is_read() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/classe");
        let class = read_class(&dir).unwrap();
        assert_eq!(class.candidates.len(), 6);
        assert_eq!(class.value("centre").as_deref(), Some("0352741K"));
        assert_eq!(
            class.roster["dubois-chloe"].numero_candidat.as_deref(),
            Some("351230057")
        );
    }
}
