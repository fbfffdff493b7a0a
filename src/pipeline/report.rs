//! The class report: `rapport-classe.pdf` (laid out by `templates/rapport-classe.typ`) and
//! `rapport-classe.csv` (for a spreadsheet: `;`, UTF-8 with a BOM, as French Excel reads it).

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::input::{ClassSource, Confined};
use crate::model::Bloc1;
use crate::package::write_atomic;
use crate::pipeline::candidate::CandidateReport;
use crate::pipeline::class::ClassReport;
use crate::render::{Engine, RenderJob};

#[derive(Debug, Serialize)]
struct ReportData {
    classe: ClasseData,
    competences: Vec<&'static str>,
    resume: Resume,
    candidats: Vec<Row>,
}

#[derive(Debug, Serialize)]
struct ClasseData {
    session: String,
    etablissement: Option<String>,
    academie: Option<String>,
    centre: Option<String>,
    formateur: Option<String>,
}

#[derive(Debug, Serialize)]
struct Resume {
    total: usize,
    prets: usize,
    a_revoir: usize,
    echecs: usize,
}

#[derive(Debug, Serialize)]
struct Row {
    nom_complet: String,
    dossier: String,
    numero: Option<String>,
    /// `None` when the candidate could not be read.
    bloc1: Option<Vec<usize>>,
    /// Empty cells for a candidate that could not be read.
    competences_vides: Vec<String>,
    e5: usize,
    e6: usize,
    etat: State,
    drapeaux: Vec<FlagData>,
}

#[derive(Debug, Serialize)]
struct FlagData {
    texte: String,
    bloquant: bool,
}

/// Where a candidate stands, in the report's order: failures first, ready last. The
/// template and the CSV get the French word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
enum State {
    /// No package was written.
    #[serde(rename = "échec")]
    Failed,
    /// A package, with something to fix before the exam.
    #[serde(rename = "à revoir")]
    ToReview,
    /// A package, nothing blocking.
    #[serde(rename = "prêt")]
    Ready,
}

impl State {
    fn of(r: &CandidateReport) -> Self {
        match &r.readiness {
            _ if r.failed() => Self::Failed,
            Some(x) if x.ready() => Self::Ready,
            _ => Self::ToReview,
        }
    }

    /// The word of the `etat` column.
    fn label(self) -> &'static str {
        match self {
            Self::Failed => "échec",
            Self::ToReview => "à revoir",
            Self::Ready => "prêt",
        }
    }
}

fn row(r: &CandidateReport) -> Row {
    let dossier = r
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut drapeaux: Vec<FlagData> = Vec::new();
    if r.failed() {
        let first_error = r
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(crate::diagnostics::print::one_line);
        drapeaux.push(FlagData {
            texte: first_error.unwrap_or_else(|| "dossiers non produits".into()),
            bloquant: true,
        });
    }
    if let Some(x) = &r.readiness {
        drapeaux.extend(x.flags.iter().map(|f| FlagData {
            texte: f.message_fr(),
            bloquant: f.blocking(),
        }));
    }
    Row {
        nom_complet: r.display_name.clone().unwrap_or_else(|| dossier.clone()),
        dossier,
        numero: r.numero.clone(),
        bloc1: r.readiness.as_ref().map(|x| x.bloc1.clone()),
        competences_vides: vec![String::new(); Bloc1::ALL.len()],
        e5: r.readiness.as_ref().map_or(0, |x| x.e5),
        e6: r.readiness.as_ref().map_or(0, |x| x.e6),
        etat: State::of(r),
        drapeaux,
    }
}

/// Candidates, least ready first, then by name.
fn sorted(report: &ClassReport) -> Vec<&CandidateReport> {
    let mut list: Vec<&CandidateReport> = report.candidates.iter().collect();
    list.sort_by_key(|r| {
        let blocking = r
            .readiness
            .as_ref()
            .map_or(0, |x| x.flags.iter().filter(|f| f.blocking()).count());
        (
            State::of(r),
            std::cmp::Reverse(blocking),
            r.display_name.clone().unwrap_or_default(),
        )
    });
    list
}

/// Writes `rapport-classe.pdf` and `rapport-classe.csv` into `out`.
pub fn write_class_report(
    engine: &Engine,
    class: &ClassSource,
    report: &ClassReport,
    out: &Path,
    today: Option<typst::foundations::Datetime>,
) -> Result<(), Diagnostic> {
    let rows: Vec<Row> = sorted(report).into_iter().map(row).collect();
    let data = ReportData {
        classe: ClasseData {
            session: class.value("session").unwrap_or_default(),
            etablissement: class.value("etablissement"),
            academie: class.value("academie"),
            centre: class.value("centre"),
            formateur: class.value("formateur"),
        },
        competences: Bloc1::ALL.iter().map(|b| b.label()).collect(),
        resume: Resume {
            total: rows.len(),
            prets: rows.iter().filter(|r| r.etat == State::Ready).count(),
            a_revoir: rows.iter().filter(|r| r.etat == State::ToReview).count(),
            echecs: rows.iter().filter(|r| r.etat == State::Failed).count(),
        },
        candidats: rows,
    };
    let err = |m: String| Diagnostic::error(m).in_file("rapport-classe.pdf");
    let json = serde_json::to_vec_pretty(&data)
        .map_err(|e| err(format!("données du rapport non écrites ({e})")))?;
    let folder: &Confined = &class.folder;
    let job = RenderJob {
        template: "rapport-classe.typ",
        data: json,
        bodies: Vec::new(),
        files: Vec::new(),
        body_sources: Default::default(),
        folder,
        today,
        ident: "rapport-classe".into(),
    };
    let pdf = engine
        .compile(&job)
        .and_then(|mut r| r.pdf_or_untagged())
        .map_err(|e| err(format!("rapport de classe non produit : {e}")))?;
    let io = |e: std::io::Error| {
        err(format!(
            "écriture impossible : {}",
            crate::input::confine::io_fr(&e)
        ))
    };
    write_atomic(&out.join("rapport-classe.pdf"), &pdf).map_err(io)?;
    let csv = csv(&data).map_err(|e| {
        Diagnostic::error(format!("rapport non écrit : {e}")).in_file("rapport-classe.csv")
    })?;
    write_atomic(&out.join("rapport-classe.csv"), &csv)
        .map_err(io)
        .map_err(|d| d.in_file("rapport-classe.csv"))?;
    Ok(())
}

/// A cell a spreadsheet will never run: one starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (a formula, or a DDE command, in Excel and LibreOffice) gets a leading
/// `'`, as OWASP recommends ("CSV injection"); the csv writer then quotes what needs it.
/// A candidate's name `=HYPERLINK(…)` is shown as typed, never evaluated.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The CSV's bytes. A record the writer refuses (a row whose cells do not match the
/// header) is an error, never a missing line.
fn csv(data: &ReportData) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header = vec!["dossier", "candidat", "numero_candidat"];
    header.extend(Bloc1::ALL.iter().map(|b| b.code()));
    header.extend(["e5", "e6", "etat", "a_corriger"]);
    w.write_record(&header)?;
    for r in &data.candidats {
        let mut rec = vec![
            r.dossier.clone(),
            r.nom_complet.clone(),
            r.numero.clone().unwrap_or_default(),
        ];
        match &r.bloc1 {
            Some(counts) => rec.extend(counts.iter().map(|n| n.to_string())),
            None => rec.extend(r.competences_vides.iter().cloned()),
        }
        rec.extend([
            r.e5.to_string(),
            r.e6.to_string(),
            r.etat.label().to_string(),
            r.drapeaux
                .iter()
                .map(|f| f.texte.clone())
                .collect::<Vec<_>>()
                .join(" | "),
        ]);
        w.write_record(rec.iter().map(|cell| neutralise(cell).into_owned()))?;
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_inner().map_err(|e| e.into_error())?);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(bloc1: Option<Vec<usize>>) -> ReportData {
        ReportData {
            classe: ClasseData {
                session: "2026".into(),
                etablissement: None,
                academie: None,
                centre: None,
                formateur: None,
            },
            competences: Vec::new(),
            resume: Resume {
                total: 1,
                prets: 1,
                a_revoir: 0,
                echecs: 0,
            },
            candidats: vec![Row {
                nom_complet: "MARTIN Lucas".into(),
                dossier: "martin".into(),
                numero: None,
                bloc1,
                competences_vides: vec![String::new(); Bloc1::ALL.len()],
                e5: 2,
                e6: 2,
                etat: State::Ready,
                drapeaux: Vec::new(),
            }],
        }
    }

    #[test]
    fn a_row_the_writer_refuses_is_an_error_not_a_missing_line() {
        let csv_text = String::from_utf8(csv(&data(None)).unwrap()).unwrap();
        assert_eq!(csv_text.lines().count(), 2, "{csv_text}");
        assert!(csv_text.contains(";prêt;"), "{csv_text}");
        // One count too few for the header's columns.
        assert!(csv(&data(Some(vec![1; Bloc1::ALL.len() - 1]))).is_err());
    }

    #[test]
    fn states_sort_failures_first_and_serialize_in_french() {
        assert!(State::Failed < State::ToReview && State::ToReview < State::Ready);
        for s in [State::Failed, State::ToReview, State::Ready] {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.label())
            );
        }
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        assert_eq!(neutralise("MARTIN Lucas"), "MARTIN Lucas");
        assert_eq!(neutralise(""), "");
    }
}
