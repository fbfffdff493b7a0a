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
    let classe = read_classe_yaml(&folder, &mut texts, &mut diags);
    let roster = read_roster_file(&folder, &mut texts, &mut diags);
    let names = candidate_names(&folder, classe.as_ref(), &roster, &mut diags);
    let candidates = admit_candidates(&folder, names, &mut diags);
    diags.attach_sources(&texts);
    Ok(ClassSource {
        folder,
        classe,
        roster,
        candidates,
        diagnostics: diags,
    })
}

/// `classe.yaml`, parsed; `None` when absent or invalid (with a diagnostic).
fn read_classe_yaml(
    folder: &Confined,
    texts: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<FrontMatter> {
    let bytes = read_class_file(folder, "classe.yaml", diags)?;
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

/// `candidats.csv`, parsed; empty when absent.
fn read_roster_file(
    folder: &Confined,
    texts: &mut Sources,
    diags: &mut Diagnostics,
) -> BTreeMap<String, RosterRow> {
    let Some(bytes) = read_class_file(folder, "candidats.csv", diags) else {
        return BTreeMap::new();
    };
    texts.insert(PathBuf::from("candidats.csv"), decode(&bytes).text.into());
    read_roster(&bytes, diags)
}

/// The candidates' folder names, each with the file that named it: `classe.yaml`'s list,
/// then the roster rows it does not name, else every sub-folder holding a `candidat.yaml`.
fn candidate_names(
    folder: &Confined,
    classe: Option<&FrontMatter>,
    roster: &BTreeMap<String, RosterRow>,
    diags: &mut Diagnostics,
) -> Vec<(String, &'static str)> {
    let mut names: Vec<(String, &'static str)> = listed_in_classe(classe)
        .into_iter()
        .map(|n| (n, "classe.yaml"))
        .collect();
    for dossier in roster.keys() {
        if names.iter().any(|(n, _)| n == dossier) {
            continue;
        }
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
    if names.is_empty() {
        names.extend(
            folders_with_candidat_yaml(folder, diags)
                .into_iter()
                .map(|n| (n, "dossier")),
        );
    }
    names
}

/// The `candidats:` list of `classe.yaml` (text items only).
fn listed_in_classe(classe: Option<&FrontMatter>) -> Vec<String> {
    let Some(serde_json::Value::Array(list)) = classe.and_then(|c| c.get("candidats")) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|item| item.as_str())
        .map(|s| s.trim().to_string())
        .collect()
}

/// Sub-folders holding a `candidat.yaml`, sorted. A name that is not UTF-8 is read as
/// Windows-1252, never dropped; a folder that cannot be listed is an error, not an empty
/// class.
fn folders_with_candidat_yaml(folder: &Confined, diags: &mut Diagnostics) -> Vec<String> {
    let entries = match fs::read_dir(folder.root()) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(Diagnostic::error(format!(
                "dossier de classe illisible : {}",
                crate::input::confine::io_fr(&e)
            )));
            return Vec::new();
        }
    };
    let mut found: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().join("candidat.yaml").is_file())
        .map(|e| crate::input::confine::os_name(&e.file_name()).0)
        .collect();
    found.sort();
    found
}

/// The candidates' folders, each a direct child of the class folder (no `/`, no `..`, no
/// symlink leading out): the others are refused with an error naming the file that
/// listed them.
fn admit_candidates(
    folder: &Confined,
    names: Vec<(String, &'static str)>,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    for (name, from) in names {
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
            Err(e @ ConfineError::Symlink(_)) => diags.push(
                Diagnostic::error(format!("dossier de candidat refusé : {e}"))
                    .in_file(from)
                    .about(name.as_str()),
            ),
            _ => candidates.push(folder.locate(&format!("/{name}"))),
        }
    }
    candidates
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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&decoded.text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(decoded.text.as_bytes());
    let Some(columns) = roster_columns(&mut reader, diags) else {
        return BTreeMap::new();
    };
    let mut rows = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let Some(row) = roster_row(record, &columns, line, diags) else {
            continue;
        };
        let dossier = row.dossier.clone();
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

/// `;` as a French spreadsheet exports, `,` otherwise: read from the header line.
fn delimiter(text: &str) -> u8 {
    if text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    }
}

/// Where each known column of `candidats.csv` is.
struct RosterColumns {
    dossier: usize,
    nom: Option<usize>,
    /// `prenom`, then `prénom`: the first non-empty cell wins.
    prenom: [Option<usize>; 2],
    /// `numero_candidat`, then `numero`.
    numero_candidat: [Option<usize>; 2],
    option: Option<usize>,
    mode: Option<usize>,
}

/// Finds the columns from the header line (matched loosely: case, spaces, BOM). `None`,
/// with an error, when the header is unreadable or lacks `dossier`.
fn roster_columns(
    reader: &mut csv::Reader<&[u8]>,
    diags: &mut Diagnostics,
) -> Option<RosterColumns> {
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
            return None;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(dossier) = col("dossier") else {
        diags.push(
            Diagnostic::error("candidats.csv : colonne « dossier » absente")
                .in_file("candidats.csv")
                .at(1, Some(1))
                .with_hint(
                    "première ligne attendue : dossier;nom;prenom;numero_candidat;option;mode",
                ),
        );
        return None;
    };
    Some(RosterColumns {
        dossier,
        nom: col("nom"),
        prenom: [col("prenom"), col("prénom")],
        numero_candidat: [col("numero_candidat"), col("numero")],
        option: col("option"),
        mode: col("mode"),
    })
}

/// One roster line. `None` for a line that cannot be read (with an error) or an empty
/// line; a line with cells but no folder name is reported, not dropped in silence.
fn roster_row(
    record: Result<csv::StringRecord, csv::Error>,
    columns: &RosterColumns,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<RosterRow> {
    let record = match record {
        Ok(r) => r,
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("ligne illisible : {e}"))
                    .in_file("candidats.csv")
                    .at(line, None),
            );
            return None;
        }
    };
    let get = |c: Option<usize>| {
        c.and_then(|c| record.get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let Some(dossier) = get(Some(columns.dossier)) else {
        if record.iter().any(|cell| !cell.trim().is_empty()) {
            diags.push(
                Diagnostic::warning("ligne sans nom de dossier : ignorée")
                    .in_file("candidats.csv")
                    .at(line, None)
                    .with_hint("la colonne « dossier » nomme le sous-dossier du candidat"),
            );
        }
        return None;
    };
    Some(RosterRow {
        dossier,
        nom: get(columns.nom),
        prenom: columns.prenom.into_iter().find_map(get),
        numero_candidat: columns.numero_candidat.into_iter().find_map(get),
        option: get(columns.option),
        mode: get(columns.mode),
        line,
    })
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
    fn a_row_without_folder_is_reported_and_an_empty_row_is_not() {
        let mut diags = Diagnostics::default();
        let csv = "dossier;nom;prenom\r\n;Durand;Léa\r\n;;\r\nmartin;Martin;Lucas\r\n";
        let rows = read_roster(csv.as_bytes(), &mut diags);
        assert_eq!(rows.len(), 1);
        let messages: Vec<_> = diags.iter().map(|d| (d.message.clone(), d.line)).collect();
        assert_eq!(
            messages,
            [("ligne sans nom de dossier : ignorée".to_string(), Some(2))]
        );
    }

    #[test]
    fn prenom_falls_back_to_the_accented_column_cell_by_cell() {
        let mut diags = Diagnostics::default();
        let csv = "dossier;prenom;prénom;numero\r\na;;Léa;0351\r\nb;Lucas;Luc;\r\n";
        let rows = read_roster(csv.as_bytes(), &mut diags);
        assert_eq!(rows["a"].prenom.as_deref(), Some("Léa"));
        assert_eq!(rows["b"].prenom.as_deref(), Some("Lucas"));
        assert_eq!(rows["a"].numero_candidat.as_deref(), Some("0351"));
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
