//! One candidate, end to end: read → model → convert → render (both dossiers in
//! parallel) → package.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, SourceText};
use crate::input::{Confined, read_candidate};
use crate::markdown::{self, Options};
use crate::model::build::{Defaults, Dossier, build_dossier};
use crate::model::readiness::{Readiness, readiness_diagnostics};
use crate::model::referentiel::old_referentiel_signs;
use crate::model::session::Numbering;
use crate::package::xlsx::synthese_xlsx;
use crate::package::{PackageFile, package_name, write_atomic, write_package};
use crate::pipeline::resolve::PageResolver;
use crate::render::data::{
    DossierKind, EPREUVE_BODY_PATH, EcoleData, dossier_data, mission_body_path, numbered_missions,
};
use crate::render::{CompileError, Cutter, Engine, RenderJob};

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

/// What was stored of a built package, to skip it next time when nothing changed.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Stamp {
    hash: String,
    pages: Vec<(String, usize)>,
    pdfs: Vec<String>,
}

fn stamp_path(out: &Path, name: &str) -> PathBuf {
    out.join(".sio-dossier").join(format!("{name}.json"))
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
    src: crate::input::CandidateSource,
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
    let Some(dossier) = build_dossier(&src, defaults, &mut diags) else {
        diags.push(
            Diagnostic::error("candidat non identifié : aucun dossier produit")
                .in_file(IDENTITY_FILE),
        );
        diags.attach_sources(&src.texts);
        report.diagnostics = diags.into_vec();
        return None;
    };
    report.name = Some(package_name(&dossier.candidate));
    report.display_name = Some(dossier.candidate.display_name());
    report.numero = dossier
        .candidate
        .numero
        .as_ref()
        .map(|n| n.as_str().to_string());
    let readiness = Readiness::of(&dossier);
    let kinds = [DossierKind::Support, DossierKind::Option];
    let mut reported = BTreeSet::new();
    let shared = PlanShared {
        school,
        fonts,
        budget: crate::render::budget::DocBudget::default(),
    };
    let plans: Vec<DocPlan> = kinds
        .iter()
        .map(|&kind| {
            plan_document(
                &dossier,
                kind,
                &shared,
                &src.folder,
                &mut reported,
                &mut diags,
            )
        })
        .collect();
    // Pages written for the 2011 référentiel (drafts are not printed: not checked).
    for (rel, text) in &src.texts {
        if rel.extension().is_some_and(|e| e == "md") && !dossier.drafts.contains(rel) {
            diags.extend(
                old_referentiel_signs(text)
                    .into_iter()
                    .map(|d| d.in_file(rel)),
            );
        }
    }
    diags.attach_sources(&src.texts);
    // Compiler order: file by file, line by line; then what concerns the whole candidate.
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
    diags.extend(readiness_diagnostics(&dossier, &readiness));
    report.readiness = Some(readiness);
    Some(Prepared {
        src,
        dossier,
        plans,
        diags,
    })
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
    let dossier = build_dossier(&src, defaults, &mut diags)?;
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
    let Some(Prepared {
        src,
        dossier,
        plans,
        mut diags,
    }) = prepare(
        dir,
        defaults,
        &settings.school,
        settings.engine.fonts().book(),
        &mut report,
    )
    else {
        return report;
    };
    if let Some(name) = name {
        report.name = Some(name.to_string());
    }
    let name = report.name.clone().unwrap_or_default();

    let date = settings
        .source_date
        .unwrap_or_else(|| inputs_date(&dossier));
    let today = crate::render::typst_date(date);

    let mut plans = plans;
    if options.print {
        plans.push(plan_print(&plans));
    }

    // Incremental: everything the outputs depend on, hashed; unchanged → keep the package.
    let hash = inputs_hash(settings.engine, &settings.school, &src, &plans, date);
    let stamp_file = stamp_path(&settings.out, &name);
    let zip_path = settings.out.join(format!("{name}.zip"));
    if !settings.force
        && zip_path.is_file()
        && let Some(stamp) = std::fs::read(&stamp_file)
            .ok()
            .and_then(|b| serde_json::from_slice::<Stamp>(&b).ok())
            .filter(|s| s.hash == hash)
    {
        for _ in &plans {
            on_document();
        }
        report.pages = stamp.pages;
        report.pdfs = stamp.pdfs;
        report.zip = Some(zip_path);
        report.skipped = true;
        report.diagnostics = diags.into_vec();
        return report;
    }

    let results: Vec<Result<(Compiled, bool), CompileError>> = plans
        .par_iter()
        .map(|plan| {
            let key = plan_key(settings.engine, plan, date);
            if let Some(hit) = options
                .cache
                .and_then(|c| c.get(plan.doc, &key, &src.folder))
            {
                on_document();
                return Ok((hit, false));
            }
            let job = RenderJob {
                template: plan.doc.template(),
                data: plan.data.clone(),
                bodies: plan.bodies.clone(),
                files: settings
                    .school
                    .logo
                    .iter()
                    .filter_map(|(_, bytes)| Some((settings.school.logo_path()?, bytes.clone())))
                    .collect(),
                body_sources: plan.body_sources.clone(),
                folder: &src.folder,
                today,
                ident: format!("{name}/{}", plan.doc.template()),
            };
            let result = settings.engine.compile(&job).and_then(|mut r| {
                let pdf = r.pdf_or_untagged()?;
                let wanted: Vec<_> = r
                    .parts
                    .iter()
                    .filter_map(|part| Some((livrable_of_part(plan.doc, &part.name)?, part)))
                    .collect();
                let mut cuts = Vec::new();
                if !wanted.is_empty() {
                    let cutter = Cutter::new(&pdf)?;
                    for (file, part) in wanted {
                        let ident = format!("{}/{file}", job.ident);
                        let cut = cutter.cut(part.first_page, part.last_page, &ident);
                        cuts.push((file, cut?));
                    }
                }
                Ok(Compiled {
                    pdf,
                    cuts,
                    pages: r.page_count(),
                    warnings: r.warnings,
                    reads: r.reads,
                    templates: r.templates,
                })
            });
            on_document();
            let compiled = result?;
            if let Some(cache) = options.cache {
                cache.put(plan.doc, key, &compiled, &src.folder);
            }
            Ok((compiled, true))
        })
        .collect();

    let epreuves = dossier.candidate.session.numbering();
    let mut files = Vec::new();
    let mut failed = false;
    for (plan, result) in plans.iter().zip(results) {
        let pdf_name = plan.doc.pdf_name(epreuves);
        // Templates to write as sources: the ones laid out, or all when layout failed.
        let mut templates_used = None;
        match result {
            Ok((compiled, fresh)) => {
                templates_used = Some(compiled.templates);
                if fresh {
                    report.compiled.push(pdf_name.clone());
                }
                for w in compiled.warnings {
                    diags.push(compile_diagnostic(
                        Diagnostic::warning(format!("mise en page de {pdf_name} : {}", w.message)),
                        w.file,
                    ));
                }
                report.pages.push((pdf_name.clone(), compiled.pages));
                files.push(PackageFile {
                    path: pdf_name,
                    bytes: compiled.pdf,
                });
                files.extend(
                    compiled
                        .cuts
                        .into_iter()
                        .map(|(path, bytes)| PackageFile { path, bytes }),
                );
            }
            Err(e) => {
                failed = true;
                for p in e.problems {
                    diags.push(compile_diagnostic(
                        Diagnostic::error(format!("{pdf_name} non produit : {}", p.message)),
                        p.file,
                    ));
                }
            }
        }
        if let Some(xlsx) = &plan.xlsx {
            files.push(PackageFile {
                path: "SYNTHESE.xlsx".into(),
                bytes: xlsx.clone(),
            });
        }
        // The Typst sources, so that a teacher can see and recompile what was laid out.
        let dir = format!("sources/{}", plan.doc.template().trim_end_matches(".typ"));
        let used = |name: &String| templates_used.as_ref().is_none_or(|t| t.contains(name));
        for (tname, text) in settings
            .engine
            .template_texts()
            .iter()
            .filter(|(n, _)| used(n))
        {
            files.push(PackageFile {
                path: format!("{dir}/_sio/{tname}"),
                bytes: text.clone().into_bytes(),
            });
        }
        files.push(PackageFile {
            path: format!("{dir}/_sio/data.json"),
            bytes: plan.data.clone(),
        });
        for (vpath, markup) in &plan.bodies {
            files.push(PackageFile {
                path: format!("{dir}{vpath}"),
                bytes: markup.clone().into_bytes(),
            });
        }
    }
    // Candidate files the pages refer to (livrables, linked documents).
    let mut bundled = BTreeSet::new();
    for plan in &plans {
        bundled.extend(plan.bundled.iter().cloned());
    }
    // A candidate file named like a produced one (`/dossier-E5.pdf`, `/manifest.json`,
    // `/sources/…`) would replace it, or make the zip fail on a duplicate name.
    let produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    for vpath in bundled {
        let path = vpath.trim_start_matches('/').to_string();
        if produced.contains(&path) || path == "manifest.json" || path.starts_with("sources/") {
            diags.push(
                Diagnostic::warning(format!(
                    "livrable non joint : « {vpath} » porte le nom d'un fichier produit par sio-dossier"
                ))
                .with_hint("rangez vos livrables dans assets/livrables/"),
            );
            continue;
        }
        match src
            .folder
            .read(&vpath, crate::render::world::MAX_ASSET_BYTES)
        {
            Ok(bytes) => files.push(PackageFile { path, bytes }),
            Err(e) => diags.push(Diagnostic::warning(format!("livrable non joint : {e}"))),
        }
    }
    report.pdfs = files
        .iter()
        .filter(|f| f.path.ends_with(".pdf") && !f.path.contains('/'))
        .map(|f| f.path.clone())
        .collect();

    if failed {
        diags.push(Diagnostic::error(
            "paquet non écrit : un dossier n'a pas pu être produit",
        ));
    } else {
        let ts = zip::DateTime::from_date_and_time(
            date.year().clamp(1980, 2107) as u16,
            date.month() as u8,
            date.day() as u8,
            0,
            0,
            0,
        )
        .unwrap_or_default();
        match write_package(&settings.out, &name, &files, ts) {
            Ok(w) => {
                report.zip = Some(w.zip);
                let stamp = Stamp {
                    hash,
                    pages: report.pages.clone(),
                    pdfs: report.pdfs.clone(),
                };
                if let Ok(bytes) = serde_json::to_vec(&stamp)
                    && let Err(e) = write_atomic(&stamp_file, &bytes)
                {
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
    report.diagnostics = diags.into_vec();
    report
}

/// A Typst problem as the user reads it: placed in the Markdown file it came from, when it
/// came from one (the converted text should never fail: that is a fault of the tool).
fn compile_diagnostic(d: Diagnostic, file: Option<PathBuf>) -> Diagnostic {
    match file {
        Some(f) if !d.is_error() => d.in_file(f),
        Some(f) => d.in_file(f).with_hint(
            "le texte de cette page a été converti sans erreur, mais Typst le refuse : c'est un défaut de sio-dossier, signalez-le en joignant ce fichier",
        ),
        None => d,
    }
}

/// SHA-256 of what a candidate's outputs depend on: the tool's version, the templates and
/// fonts, the date, the generated data and bodies, and the bytes of the candidate files
/// they come from (pages, `candidat.yaml`, images, livrables). Every other file of the
/// folder counts by its name, size and modification time only: a 16 GB video lying in
/// `assets/` is noticed without being read at every run.
fn inputs_hash(
    engine: &Engine,
    school: &School,
    src: &crate::input::CandidateSource,
    plans: &[DocPlan],
    date: NaiveDate,
) -> String {
    let folder = &src.folder;
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(engine.fingerprint().as_bytes());
    field(date.to_string().as_bytes());
    if let Some((ext, bytes)) = &school.logo {
        field(ext.as_bytes());
        field(bytes);
    }
    let mut cited: BTreeSet<PathBuf> = src.texts.keys().cloned().collect();
    for plan in plans {
        field(&plan.data);
        for (path, markup) in &plan.bodies {
            field(path.as_bytes());
            field(markup.as_bytes());
        }
        for vpath in plan.bundled.iter().chain(&plan.images) {
            cited.insert(PathBuf::from(vpath.trim_start_matches('/')));
        }
    }
    for entry in walkdir::WalkDir::new(folder.root())
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(folder.root())
            .unwrap_or(entry.path());
        field(rel.as_os_str().as_encoded_bytes());
        let meta = entry.metadata().ok();
        let size = meta.as_ref().map_or(0, |m| m.len());
        if cited.contains(rel) && size <= crate::render::world::MAX_ASSET_BYTES {
            // Streamed: hashed, not loaded into memory.
            let mut content = Sha256::new();
            if let Ok(mut file) = std::fs::File::open(entry.path()) {
                let _ = std::io::copy(&mut file, &mut DigestWriter(&mut content));
            }
            field(&content.finalize());
        } else {
            let modified = meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            field(&size.to_le_bytes());
            field(&modified.to_le_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
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

/// The livrable file cut from a part of a dossier: the tableau is `SYNTHESE.pdf`, the Nth
/// fiche of the support dossier `proN.pdf`.
fn livrable_of_part(doc: Document, part: &str) -> Option<String> {
    match (doc, part) {
        (Document::Dossier(DossierKind::Support), "synthese") => Some("SYNTHESE.pdf".into()),
        (Document::Dossier(DossierKind::Support), p) => {
            p.strip_prefix("fiche-").map(|n| format!("pro{n}.pdf"))
        }
        _ => None,
    }
}

/// A PDF of the package laid out by Typst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Document {
    /// `dossier-E5.pdf`, `dossier-E6.pdf` (by session).
    Dossier(DossierKind),
    /// `dossier.pdf`: both dossiers in one printable document (`--print`).
    Print,
}

impl Document {
    pub fn template(self) -> &'static str {
        match self {
            Document::Dossier(kind) => kind.template(),
            Document::Print => "dossier-complet.typ",
        }
    }

    pub fn pdf_name(self, numbering: &Numbering) -> String {
        match self {
            Document::Dossier(DossierKind::Support) => {
                format!("dossier-{}.pdf", numbering.epreuve_support)
            }
            Document::Dossier(DossierKind::Option) => {
                format!("dossier-{}.pdf", numbering.epreuve_option)
            }
            Document::Print => "dossier.pdf".into(),
        }
    }
}

/// What compiling one document gave.
#[derive(Clone)]
struct Compiled {
    pdf: Vec<u8>,
    /// Livrables cut from it (`SYNTHESE.pdf`, `proN.pdf`).
    cuts: Vec<(String, Vec<u8>)>,
    pages: usize,
    warnings: Vec<crate::render::engine::Problem>,
    /// Candidate files Typst read (images).
    reads: Vec<String>,
    /// The templates it was laid out from.
    templates: Vec<String>,
}

/// The last compiled version of each document, kept by a long-running process (`watch`)
/// so that a save recompiles only the documents that depend on the saved file.
///
/// A document is reused when its key (templates, fonts, date, data, converted bodies) is
/// the same and every candidate file Typst read for it (images) has the same bytes.
#[derive(Default)]
pub struct DocCache {
    entries: Mutex<BTreeMap<Document, CacheEntry>>,
}

struct CacheEntry {
    key: String,
    /// Each file read, with the SHA-256 of its bytes (`None`: it did not exist).
    reads: Vec<(String, Option<String>)>,
    compiled: Compiled,
}

impl DocCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets every document (templates or fonts changed).
    pub fn clear(&self) {
        if let Ok(mut e) = self.entries.lock() {
            e.clear();
        }
    }

    fn get(&self, doc: Document, key: &str, folder: &Confined) -> Option<Compiled> {
        let entries = self.entries.lock().ok()?;
        let entry = entries.get(&doc)?;
        let fresh = entry.key == key
            && entry
                .reads
                .iter()
                .all(|(vpath, hash)| file_hash(folder, vpath) == *hash);
        fresh.then(|| entry.compiled.clone())
    }

    fn put(&self, doc: Document, key: String, compiled: &Compiled, folder: &Confined) {
        let reads = compiled
            .reads
            .iter()
            .map(|vpath| (vpath.clone(), file_hash(folder, vpath)))
            .collect();
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                doc,
                CacheEntry {
                    key,
                    reads,
                    compiled: compiled.clone(),
                },
            );
        }
    }
}

fn file_hash(folder: &Confined, vpath: &str) -> Option<String> {
    let bytes = folder
        .read(vpath, crate::render::world::MAX_ASSET_BYTES)
        .ok()?;
    Some(hex(&Sha256::digest(&bytes)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Feeds what `std::io::copy` writes into a hasher: `sha2` 0.11 no longer implements
/// `io::Write` itself, and copying keeps a large file out of memory.
struct DigestWriter<'a>(&'a mut Sha256);

impl std::io::Write for DigestWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a document's layout depends on, besides the candidate files Typst reads.
fn plan_key(engine: &Engine, plan: &DocPlan, date: NaiveDate) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(plan.doc.template().as_bytes());
    field(engine.fingerprint().as_bytes());
    field(date.to_string().as_bytes());
    field(&plan.data);
    for (path, markup) in &plan.bodies {
        field(path.as_bytes());
        field(markup.as_bytes());
    }
    hex(&h.finalize())
}

/// A document ready to compile.
struct DocPlan {
    doc: Document,
    data: Vec<u8>,
    bodies: Vec<(String, String)>,
    body_sources: HashMap<String, PathBuf>,
    bundled: BTreeSet<String>,
    /// Candidate files laid out as images (virtual paths).
    images: BTreeSet<String>,
    /// `SYNTHESE.xlsx` (support dossier only): the official tableau is a spreadsheet.
    xlsx: Option<Vec<u8>>,
}

/// What both dossiers of a candidate are planned with.
struct PlanShared<'a> {
    school: &'a School,
    fonts: &'a typst::text::FontBook,
    /// One image budget for the candidate: its dossiers are laid out together.
    budget: crate::render::budget::DocBudget,
}

fn plan_document(
    dossier: &Dossier,
    kind: DossierKind,
    shared: &PlanShared,
    folder: &Confined,
    reported: &mut BTreeSet<PathBuf>,
    diags: &mut Diagnostics,
) -> DocPlan {
    let ecole = EcoleData {
        etablissement: shared.school.etablissement.clone(),
        logo: shared.school.logo_path(),
    };
    let data = dossier_data(dossier, kind, ecole);
    let produced_pros = numbered_missions(dossier, DossierKind::Support).len();
    let titles: Vec<(String, String)> = dossier
        .missions
        .iter()
        .map(|m| (m.slug.clone(), m.title.clone()))
        .collect();
    let mut bodies = Vec::new();
    let mut body_sources = HashMap::new();
    let mut bundled = BTreeSet::new();
    let mut images = BTreeSet::new();

    let page = match kind {
        DossierKind::Support => &dossier.e5,
        DossierKind::Option => &dossier.e6,
    };
    let mut pages: Vec<(String, &Path, &str, usize, &str)> = Vec::new();
    if let Some(p) = page {
        pages.push((
            EPREUVE_BODY_PATH.to_string(),
            &p.source,
            &p.body,
            p.body_line,
            &p.title,
        ));
    }
    for (_, index, m) in numbered_missions(dossier, kind) {
        pages.push((
            mission_body_path(index),
            &m.source,
            &m.body,
            m.body_line,
            &m.title,
        ));
        for l in &m.livrables {
            if !crate::model::build::is_produced_livrable(l) {
                bundled.insert(l.clone());
            }
        }
    }
    for (vpath, source, body, body_line, title) in pages {
        let page_dir = source
            .parent()
            .map_or("/".to_string(), |p| format!("/{}", p.to_string_lossy()));
        let resolver = PageResolver::new(folder, page_dir, produced_pros, titles.clone())
            .with_budget(&shared.budget);
        let options = Options {
            drop_title: Some(title.to_string()),
            heading_offset: 2,
        };
        let converted = markdown::to_typst(body, &options, &resolver);
        // A mission in both dossiers is converted twice: report its problems once.
        if reported.insert(source.to_path_buf()) {
            for w in converted.warnings {
                let d = Diagnostic::warning(w.message.clone())
                    .in_file(source)
                    .at(w.line + body_line - 1, None);
                diags.push(if w.message.contains("introuvable") {
                    d.with_hint(crate::model::build::MISSING_FILE_HINT)
                } else {
                    d
                });
            }
            for (line, chars) in crate::render::fonts::uncovered(body, shared.fonts) {
                diags.push(
                    Diagnostic::warning(format!(
                        "caractères absents des polices, imprimés comme des cases vides : {}",
                        chars.iter().collect::<String>()
                    ))
                    .in_file(source)
                    .at(line + body_line - 1, None)
                    .with_hint(crate::render::fonts::FONT_PATH_HINT),
                );
            }
            for (message, url, line) in resolver.problems.into_inner() {
                diags.push(
                    Diagnostic::warning(message)
                        .in_file(source)
                        .at(line + body_line - 1, None)
                        .about(url),
                );
            }
        }
        bundled.extend(resolver.bundled.into_inner());
        images.extend(resolver.images.into_inner());
        body_sources.insert(vpath.clone(), source.to_path_buf());
        bodies.push((vpath, converted.markup));
    }
    let xlsx = match kind {
        DossierKind::Support => match synthese_xlsx(&data) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                diags.push(Diagnostic::error(e.to_string()));
                None
            }
        },
        DossierKind::Option => None,
    };
    let data = serde_json::to_vec_pretty(&data).unwrap_or_default();
    DocPlan {
        doc: Document::Dossier(kind),
        data,
        bodies,
        body_sources,
        bundled,
        images,
        xlsx,
    }
}

/// Virtual paths of the two épreuve pages in the combined dossier, where both are included.
const PRINT_EPREUVE_BODIES: [(DossierKind, &str); 2] = [
    (DossierKind::Support, "/_sio/body/epreuve-support.typ"),
    (DossierKind::Option, "/_sio/body/epreuve-option.typ"),
];

/// The combined printable dossier, from the plans of the two dossiers: their data side by
/// side (`support`, `option`), their bodies once each (a mission in both dossiers has the
/// same converted body), the two épreuve pages under their own paths.
fn plan_print(plans: &[DocPlan]) -> DocPlan {
    let mut data = serde_json::Map::new();
    let mut bodies = BTreeMap::new();
    let mut body_sources = HashMap::new();
    for (kind, epreuve_path) in PRINT_EPREUVE_BODIES {
        let Some(plan) = plans.iter().find(|p| p.doc == Document::Dossier(kind)) else {
            continue;
        };
        let rename = |path: &str| {
            if path == EPREUVE_BODY_PATH {
                epreuve_path.to_string()
            } else {
                path.to_string()
            }
        };
        let mut value: serde_json::Value = serde_json::from_slice(&plan.data).unwrap_or_default();
        if let Some(page) = value
            .get_mut("epreuve_page")
            .and_then(|p| p.as_object_mut())
        {
            page.insert("body".into(), epreuve_path.into());
        }
        let key = match kind {
            DossierKind::Support => "support",
            DossierKind::Option => "option",
        };
        data.insert(key.into(), value);
        for (path, markup) in &plan.bodies {
            bodies.insert(rename(path), markup.clone());
        }
        for (path, source) in &plan.body_sources {
            body_sources.insert(rename(path), source.clone());
        }
    }
    DocPlan {
        doc: Document::Print,
        data: serde_json::to_vec_pretty(&data).unwrap_or_default(),
        bodies: bodies.into_iter().collect(),
        body_sources,
        bundled: BTreeSet::new(),
        images: plans
            .iter()
            .flat_map(|p| p.images.iter().cloned())
            .collect(),
        xlsx: None,
    }
}
