//! One candidate, end to end: read → model → convert → render (both dossiers in
//! parallel) → package.
//!
//! A build is a short sequence of named steps, one module each: [`plan`] (typed data and
//! converted bodies), [`stamp`] (skip an unchanged package), [`compile`] (lay out and cut
//! the livrables), [`assemble`] (the package's files), then the write. [`cache`] keeps
//! compiled documents between the builds of `watch`.

mod assemble;
mod cache;
mod compile;
mod hash;
mod plan;
mod stamp;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, SourceText};
use crate::input::{CandidateSource, read_candidate};
use crate::model::Dossier;
use crate::model::readiness::{Readiness, readiness_diagnostics};
use crate::model::referentiel::old_referentiel_signs;
use crate::package::{PackageFile, package_name, write_package};
use crate::render::Engine;
use crate::render::data::DossierKind;
use crate::validate::{self, Defaults};

use assemble::Assembly;
pub use cache::DocCache;
use compile::{CompileContext, compile_all};
pub use plan::Document;
use plan::{DocPlan, PlanShared, plan_document, plan_print};
use stamp::{Incremental, Stamp, inputs_hash};

/// What happened to one candidate.
#[derive(Debug, Clone)]
pub struct CandidateReport {
    pub dir: PathBuf,
    /// `<numero>_<NOM>_<Prénom>`, once the candidate is known.
    pub name: Option<String>,
    /// « NOM Prénom » and the number, once the candidate is known.
    pub display_name: Option<String>,
    pub numero: Option<String>,
    /// PDF files of the package.
    pub pdfs: Vec<String>,
    /// Pages of each dossier.
    pub pages: Vec<(String, usize)>,
    pub diagnostics: Vec<Diagnostic>,
    pub zip: Option<PathBuf>,
    /// Figures and flags for the class report.
    pub readiness: Option<Readiness>,
    /// Nothing changed since the last run: the package was kept as it was.
    pub skipped: bool,
    /// The decoded `candidat.yaml`, for the diagnostics class checks add later (a number
    /// shared by two candidates). Only that file: a class keeps every report to the end.
    pub identity_source: Option<SourceText>,
    /// PDF files laid out by this run; the others came from the document cache (`watch`).
    pub compiled: Vec<String>,
}

impl CandidateReport {
    fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            name: None,
            display_name: None,
            numero: None,
            pdfs: Vec::new(),
            pages: Vec::new(),
            diagnostics: Vec::new(),
            zip: None,
            readiness: None,
            skipped: false,
            identity_source: None,
            compiled: Vec::new(),
        }
    }

    /// A candidate that was not built at all (interrupted run).
    pub fn failed_before_start(dir: &Path) -> Self {
        Self::new(dir)
    }

    /// The candidate's name and number, once the dossier is built.
    fn identify(&mut self, dossier: &Dossier) {
        self.name = Some(package_name(&dossier.candidate));
        self.display_name = Some(dossier.candidate.display_name());
        self.numero = dossier
            .candidate
            .numero
            .as_ref()
            .map(|n| n.as_str().to_string());
    }

    /// The package kept as it was, with what its stamp recorded.
    fn keep(&mut self, stamp: Stamp, zip: PathBuf) {
        self.pages = stamp.pages;
        self.pdfs = stamp.pdfs;
        self.zip = Some(zip);
        self.skipped = true;
    }

    pub fn failed(&self) -> bool {
        self.zip.is_none()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The school, as `classe.yaml` describes it: shown on the présentation pages.
#[derive(Debug, Clone, Default)]
pub struct School {
    pub etablissement: Option<String>,
    /// The logo: file extension (`png`, `jpg`, `svg`) and bytes.
    pub logo: Option<(String, Vec<u8>)>,
}

impl School {
    fn logo_path(&self) -> Option<String> {
        self.logo
            .as_ref()
            .map(|(ext, _)| format!("/_sio/logo.{ext}"))
    }
}

/// Settings shared by every candidate of a run.
#[derive(Clone)]
pub struct RunSettings<'a> {
    pub engine: &'a Engine,
    pub out: PathBuf,
    /// `SOURCE_DATE_EPOCH`, when set: the date of every document.
    pub source_date: Option<NaiveDate>,
    /// Rebuild even when nothing changed.
    pub force: bool,
    pub school: School,
}

/// What a build produces beyond the two dossiers, and what it may reuse.
#[derive(Default, Clone, Copy)]
pub struct BuildOptions<'a> {
    /// Also lay out `dossier.pdf`, both dossiers in one printable document (`--print`).
    pub print: bool,
    /// Documents compiled by earlier builds of the same process (`watch`): a document whose
    /// inputs did not change is taken from here instead of being laid out again.
    pub cache: Option<&'a DocCache>,
}

/// The candidate's identity file, where class checks point.
const IDENTITY_FILE: &str = "candidat.yaml";

/// A candidate read, validated and converted: everything a build needs before Typst.
/// `check` stops here, so it reports exactly what a build would.
struct Prepared {
    src: CandidateSource,
    dossier: Dossier,
    plans: Vec<DocPlan>,
    diags: Diagnostics,
}

/// Reads, validates and converts a candidate, and fills the report's identity. `None`
/// when no dossier can be made (the report then holds the diagnostics).
fn prepare(
    dir: &Path,
    defaults: &Defaults,
    school: &School,
    fonts: &typst::text::FontBook,
    report: &mut CandidateReport,
) -> Option<Prepared> {
    let src = match read_candidate(dir) {
        Ok(s) => s,
        Err(d) => {
            report.diagnostics.push(d);
            return None;
        }
    };
    report.identity_source = src.texts.get(Path::new(IDENTITY_FILE)).cloned();
    let mut diags = src.diagnostics.clone();
    let Some(dossier) = validate::dossier(&src, defaults, &mut diags) else {
        diags.push(
            Diagnostic::error("candidat non identifié : aucun dossier produit")
                .in_file(IDENTITY_FILE),
        );
        diags.attach_sources(&src.texts);
        report.diagnostics = diags.into_vec();
        return None;
    };
    report.identify(&dossier);
    let readiness = Readiness::of(&dossier);
    let shared = PlanShared {
        school,
        fonts,
        budget: crate::render::budget::DocBudget::default(),
    };
    let plans = plan_dossiers(&dossier, &shared, &src, &mut diags);
    old_referentiel_check(&dossier, &src, &mut diags);
    diags.attach_sources(&src.texts);
    let mut diags = compiler_order(diags);
    diags.extend(readiness_diagnostics(&dossier, &readiness));
    report.readiness = Some(readiness);
    Some(Prepared {
        src,
        dossier,
        plans,
        diags,
    })
}

/// The plans of both dossiers; a mission in both reports its problems once.
fn plan_dossiers(
    dossier: &Dossier,
    shared: &PlanShared,
    src: &CandidateSource,
    diags: &mut Diagnostics,
) -> Vec<DocPlan> {
    let mut reported = BTreeSet::new();
    [DossierKind::SupportExam, DossierKind::OptionExam]
        .into_iter()
        .map(|kind| plan_document(dossier, kind, shared, &src.folder, &mut reported, diags))
        .collect()
}

/// Pages written for the 2011 référentiel (drafts are not printed: not checked).
fn old_referentiel_check(dossier: &Dossier, src: &CandidateSource, diags: &mut Diagnostics) {
    for (rel, text) in &src.texts {
        if rel.extension().is_some_and(|e| e == "md") && !dossier.drafts.contains(rel) {
            diags.extend(
                old_referentiel_signs(text)
                    .into_iter()
                    .map(|d| d.in_file(rel)),
            );
        }
    }
}

/// Compiler order: file by file, line by line; then what concerns the whole candidate.
fn compiler_order(diags: Diagnostics) -> Diagnostics {
    let mut sorted = diags.into_vec();
    sorted.sort_by(|a, b| {
        (a.file.is_none(), &a.file, a.line.unwrap_or(0)).cmp(&(
            b.file.is_none(),
            &b.file,
            b.line.unwrap_or(0),
        ))
    });
    let mut diags = Diagnostics::default();
    diags.extend(sorted);
    diags
}

/// Checks one candidate folder: everything a build reads and validates, nothing built.
pub fn check_candidate(dir: &Path, defaults: &Defaults) -> CandidateReport {
    let mut report = CandidateReport::new(dir);
    if let Some(prepared) = prepare(
        dir,
        defaults,
        &School::default(),
        crate::render::fonts::shipped_book(),
        &mut report,
    ) {
        report.diagnostics = prepared.diags.into_vec();
    }
    report
}

/// Builds one candidate folder into `settings.out`.
pub fn build_candidate(
    dir: &Path,
    defaults: &Defaults,
    settings: &RunSettings,
    on_document: &(dyn Fn() + Sync),
) -> CandidateReport {
    build_candidate_with(
        dir,
        defaults,
        settings,
        &BuildOptions::default(),
        on_document,
    )
}

/// [`build_candidate`], with the combined printable dossier and a document cache.
pub fn build_candidate_with(
    dir: &Path,
    defaults: &Defaults,
    settings: &RunSettings,
    options: &BuildOptions,
    on_document: &(dyn Fn() + Sync),
) -> CandidateReport {
    build_candidate_named(dir, defaults, settings, options, None, on_document)
}

/// The package name a candidate folder gets, read without converting anything: what a
/// class needs to tell homonyms apart before anyone is built. `None` when the candidate
/// cannot be identified (no package is made then).
pub fn package_name_of(dir: &Path, defaults: &Defaults) -> Option<String> {
    let src = read_candidate(dir).ok()?;
    let mut diags = Diagnostics::default();
    let dossier = validate::dossier(&src, defaults, &mut diags)?;
    Some(package_name(&dossier.candidate))
}

/// [`build_candidate_with`], under a package name chosen by the caller (a class gives
/// homonyms distinct names) instead of the one made from the candidate's name.
pub fn build_candidate_named(
    dir: &Path,
    defaults: &Defaults,
    settings: &RunSettings,
    options: &BuildOptions,
    name: Option<&str>,
    on_document: &(dyn Fn() + Sync),
) -> CandidateReport {
    let mut report = CandidateReport::new(dir);
    let fonts = settings.engine.fonts().book();
    let Some(prepared) = prepare(dir, defaults, &settings.school, fonts, &mut report) else {
        return report;
    };
    if let Some(name) = name {
        report.name = Some(name.to_string());
    }
    let name = report.name.clone().unwrap_or_default();
    let Prepared {
        src,
        dossier,
        mut plans,
        mut diags,
    } = prepared;
    let date = settings
        .source_date
        .unwrap_or_else(|| inputs_date(&dossier));
    if options.print {
        plans.push(plan_print(&plans));
    }

    // Incremental: everything the outputs depend on, hashed; unchanged → keep the package.
    let hash = inputs_hash(settings.engine, &settings.school, &src, &plans, date);
    let incremental = Incremental::new(&settings.out, &name, hash);
    if let Some(stamp) = incremental.unchanged(settings.force) {
        plans.iter().for_each(|_| on_document());
        report.keep(stamp, incremental.zip_path());
        report.diagnostics = diags.into_vec();
        return report;
    }

    let context = CompileContext {
        settings,
        options,
        folder: &src.folder,
        name: &name,
        date,
    };
    let results = compile_all(&plans, &context, on_document);
    let assembled = Assembly {
        engine: settings.engine,
        folder: &src.folder,
        numbering: dossier.candidate.session.numbering(),
        report: &mut report,
        diags: &mut diags,
    }
    .run(&plans, results);
    if assembled.failed {
        diags.push(Diagnostic::error(
            "paquet non écrit : un dossier n'a pas pu être produit",
        ));
    } else {
        write(
            settings,
            &name,
            &assembled.files,
            date,
            incremental,
            &mut report,
            &mut diags,
        );
    }
    report.diagnostics = diags.into_vec();
    report
}

/// Writes the package, then the stamp that lets the next run keep it.
fn write(
    settings: &RunSettings,
    name: &str,
    files: &[PackageFile],
    date: NaiveDate,
    incremental: Incremental,
    report: &mut CandidateReport,
    diags: &mut Diagnostics,
) {
    match write_package(&settings.out, name, files, zip_time(date)) {
        Ok(w) => {
            report.zip = Some(w.zip);
            if let Err(e) = incremental.record(&report.pages, &report.pdfs) {
                diags.push(Diagnostic::warning(format!(
                    "état de reconstruction non écrit : {}",
                    crate::input::confine::io_fr(&e)
                )));
            }
        }
        Err(e) => diags.push(Diagnostic::error(format!(
            "écriture du paquet dans « {} » impossible : {}",
            settings.out.display(),
            crate::input::confine::io_fr(&e)
        ))),
    }
}

/// The time of every zip entry: the documents' date at midnight, so that the same inputs
/// give the same zip (clamped to what the zip format can store).
fn zip_time(date: NaiveDate) -> zip::DateTime {
    zip::DateTime::from_date_and_time(
        date.year().clamp(1980, 2107) as u16,
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default()
}

/// The date documents carry when `SOURCE_DATE_EPOCH` is not set: the latest mission date,
/// so that the same inputs always give the same bytes.
fn inputs_date(dossier: &Dossier) -> NaiveDate {
    dossier
        .missions
        .iter()
        .filter_map(|m| m.date)
        .max()
        .or_else(|| NaiveDate::from_ymd_opt(i32::from(dossier.candidate.session.year()), 1, 1))
        .unwrap_or_default()
}
