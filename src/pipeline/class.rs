//! A whole class: every candidate on one rayon pool, progress, isolation, class checks,
//! and the class report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, relocate};
use crate::input::{ClassSource, read_class};
use crate::model::readiness::Flag;
use crate::validate::Defaults;

use crate::package::names::unique_names;
use crate::pipeline::candidate::{
    BuildOptions, CandidateReport, RunSettings, School, build_candidate_named, check_candidate,
    package_name_of,
};
use crate::pipeline::progress::Progress;
use crate::pipeline::report::write_class_report;
use crate::pipeline::shard::Shard;

/// How to run a class.
#[derive(Debug, Clone)]
pub struct ClassOptions {
    /// Worker threads (`--jobs`); `None`: one per core.
    pub jobs: Option<usize>,
    /// Build only this slice of the candidates (`--shard K/N`); the class report, which
    /// needs every candidate, is then left to an unsharded run.
    pub shard: Option<Shard>,
    /// Also lay out each candidate's printable `dossier.pdf` (`--print`).
    pub print: bool,
}

/// The outcome of a class run.
#[derive(Debug)]
pub struct ClassReport {
    pub class: PathBuf,
    /// Problems of the class folder itself (classe.yaml, candidats.csv).
    pub diagnostics: Vec<Diagnostic>,
    pub candidates: Vec<CandidateReport>,
    /// Stopped by Ctrl-C before every candidate was built.
    pub interrupted: bool,
}

impl ClassReport {
    pub fn failed(&self) -> usize {
        self.candidates.iter().filter(|c| c.failed()).count()
    }
}

/// Set by Ctrl-C: candidates not started yet are left alone, the ones running finish
/// their (atomic) writes.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Candidates built between two evictions of Typst's cache: memory stays flat however
/// large the class, and evicting outside `par_iter` (after a barrier) is what comemo wants.
/// One per thread: Typst's cache grows by about 25 MB per candidate, and two per thread
/// cost 70 MB more at the peak (200 candidates) for no measurable speed-up.
const CHUNK_PER_THREAD: usize = 1;

/// Builds every candidate of a class folder, telling `progress` how it goes.
pub fn build_class(
    dir: &Path,
    settings: &RunSettings,
    options: &ClassOptions,
    progress: &dyn Progress,
) -> Result<ClassReport, Diagnostic> {
    let mut class = read_class(dir)?;
    let mut diagnostics = class.diagnostics.clone().into_vec();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            Diagnostic::error(format!("impossible de lancer les tâches parallèles : {e}"))
        })?;
    diagnostics.extend(stale_staging_notice(&settings.out));
    // Before the shard: every slice of a class must give a candidate the same name.
    let names = pool.install(|| package_names(&class, &mut diagnostics));
    if let Some(shard) = options.shard {
        let class_name = folder_name(class.folder.root());
        class
            .candidates
            .retain(|c| shard.contains(&format!("{class_name}/{}", folder_name(c))));
    }
    let school = school(&class, &mut diagnostics);
    let settings = &RunSettings {
        school,
        ..settings.clone()
    };
    progress.started(class.candidates.len());
    let run = ClassRun {
        class: &class,
        names: &names,
        settings,
        options,
        progress,
    };
    let mut reports = run.build_all(&pool);
    progress.finished();
    flag_duplicate_numbers(&mut reports);
    for r in &mut reports {
        prefix_files(r);
    }
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
    let report = ClassReport {
        class: dir.to_path_buf(),
        diagnostics,
        candidates: reports,
        interrupted: INTERRUPTED.load(Ordering::SeqCst),
    };
    let today = crate::render::typst_date(settings.source_date.unwrap_or_default());
    let mut report = report;
    if options.shard.is_some() {
        return Ok(report);
    }
    // On a worker thread: its allocator arena holds the memory the candidates freed, which
    // the main thread's arena could not reuse (1000 candidates: 84 MB less at the peak).
    let written =
        pool.install(|| write_class_report(settings.engine, &class, &report, &settings.out, today));
    if let Err(d) = written {
        report.diagnostics.push(d);
    }
    Ok(report)
}

/// What every candidate of a class is built with.
struct ClassRun<'a> {
    class: &'a ClassSource,
    names: &'a BTreeMap<PathBuf, String>,
    settings: &'a RunSettings<'a>,
    options: &'a ClassOptions,
    progress: &'a dyn Progress,
}

impl ClassRun<'_> {
    /// Every candidate of the class on the pool, in chunks: Typst's memoisation cache is
    /// emptied after each, or it would grow with every candidate.
    fn build_all(&self, pool: &rayon::ThreadPool) -> Vec<CandidateReport> {
        let candidates = &self.class.candidates;
        let indexed: Vec<(usize, &PathBuf)> = candidates.iter().enumerate().collect();
        let chunk = (pool.current_num_threads() * CHUNK_PER_THREAD).max(1);
        let mut reports = Vec::with_capacity(candidates.len());
        for chunk in indexed.chunks(chunk) {
            let built: Vec<CandidateReport> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|&(index, candidate)| self.build_one(index, candidate))
                    .collect()
            });
            reports.extend(built);
            comemo::evict(0);
        }
        reports
    }

    /// Candidate `index` of the class, with its progress; a candidate not started when
    /// Ctrl-C came is reported as interrupted.
    fn build_one(&self, index: usize, candidate: &Path) -> CandidateReport {
        if INTERRUPTED.load(Ordering::SeqCst) {
            let mut r = CandidateReport::failed_before_start(candidate);
            r.diagnostics
                .push(Diagnostic::error("interrompu (Ctrl-C) avant ce candidat"));
            return r;
        }
        self.progress.candidate_started(index, candidate);
        let defaults = defaults_for(self.class, candidate);
        let build = BuildOptions {
            print: self.options.print,
            cache: None,
        };
        let name = self.names.get(candidate).map(String::as_str);
        let report =
            build_candidate_named(candidate, &defaults, self.settings, &build, name, &|| {
                self.progress.document_done(index)
            });
        self.progress.candidate_done(index, &report);
        report
    }
}

/// The package name of every candidate of the class, unique as a case-insensitive,
/// normalising file system compares names: homonyms (two MARTIN Thomas without a number
/// yet, `N'Diaye` and `NDiaye`) are told apart by their folder names, with a warning
/// naming both folders. Nothing is ever overwritten by another candidate's package.
fn package_names(
    class: &ClassSource,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<PathBuf, String> {
    let found: Vec<(PathBuf, String)> = class
        .candidates
        .par_iter()
        .filter_map(|dir| {
            Some((
                dir.clone(),
                package_name_of(dir, &defaults_for(class, dir))?,
            ))
        })
        .collect();
    let entries: Vec<(String, String)> = found
        .iter()
        .map(|(dir, name)| (folder_name(dir), name.clone()))
        .collect();
    let (names, groups) = unique_names(&entries);
    diagnostics.extend(groups.iter().map(homonyms_warning));
    found
        .into_iter()
        .zip(names)
        .map(|((dir, _), name)| (dir, name))
        .collect()
}

/// Removes what an interrupted run left in the output folder, and says so.
pub fn stale_staging_notice(out: &Path) -> Option<Diagnostic> {
    let removed = crate::pipeline::staging::clean_stale_staging(out);
    (!removed.is_empty()).then(|| {
        Diagnostic::info(format!(
            "{} fichier(s) provisoire(s) d'une exécution interrompue supprimé(s) du dossier de sortie",
            removed.len()
        ))
        .in_file(std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf()))
    })
}

/// The warning for candidates whose packages would have had the same name.
fn homonyms_warning(group: &crate::package::names::Homonyms) -> Diagnostic {
    let folders: Vec<String> = group
        .members
        .iter()
        .map(|(folder, _)| format!("« {folder} »"))
        .collect();
    let given: Vec<String> = group
        .members
        .iter()
        .map(|(folder, name)| format!("{folder} → {name}"))
        .collect();
    Diagnostic::warning(format!(
        "homonymes : les dossiers {} donneraient le même paquet « {} » ; chacun est construit sous son propre nom ({})",
        folders.join(" et "),
        group.name,
        given.join(", ")
    ))
    .with_hint("si ce sont deux candidats, renseignez leurs numéros de candidat ; sinon, supprimez le dossier en trop")
}

/// The school of `classe.yaml`: its name and its logo (a file of the class folder). A
/// logo that cannot be laid out (damaged, over budget, citing files, unknown format) is
/// reported by name and left out: the class is built without it, never failed by it.
pub(super) fn school(class: &ClassSource, diagnostics: &mut Vec<Diagnostic>) -> School {
    let logo = class.value("logo").and_then(|written| {
        let checked = class
            .folder
            .virtual_path(&written, "/")
            .and_then(|vpath| {
                class
                    .folder
                    .read(&vpath, crate::render::world::MAX_ASSET_BYTES)
            })
            .map_err(LogoError::from)
            .and_then(logo_format);
        match checked {
            Ok(logo) => Some(logo),
            Err(e) => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "logo « {written} » non utilisé : {e} ; les dossiers sont produits sans logo"
                    ))
                    .in_file("classe.yaml")
                    .about(written.as_str()),
                );
                None
            }
        }
    });
    School {
        etablissement: class.value("etablissement"),
        logo,
    }
}

/// Why the logo of `classe.yaml` is left out, as the warning words it.
#[derive(Debug, thiserror::Error)]
enum LogoError {
    /// Outside the class folder, missing, unreadable.
    #[error(transparent)]
    Read(#[from] crate::input::ConfineError),
    /// Refused before decoding (format, pixels, what an SVG cites).
    #[error(transparent)]
    Budget(#[from] crate::render::budget::BudgetError),
    /// Typst cannot decode it.
    #[error("image inutilisable ({0})")]
    Undecodable(String),
}

/// The logo's format (from its bytes) and bytes, once checked and decoded as any image
/// of a page is.
fn logo_format(bytes: Vec<u8>) -> Result<(String, Vec<u8>), LogoError> {
    let checked = crate::render::budget::check_image(&bytes)?;
    if let Some(problem) = crate::render::image_problem(bytes.clone()) {
        return Err(LogoError::Undecodable(problem));
    }
    Ok((checked.kind.extension().to_string(), bytes))
}

/// Checks every candidate of a class folder, building nothing: what `class` reports before
/// Typst, plus the class checks (a number shared by two candidates).
pub fn check_class(dir: &Path, jobs: Option<usize>) -> Result<ClassReport, Diagnostic> {
    let class = read_class(dir)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| {
            Diagnostic::error(format!("impossible de lancer les tâches parallèles : {e}"))
        })?;
    // By chunks, Typst's cache emptied between them as in a build: the images decoded
    // to check them would otherwise pile up for the whole class.
    let threads = pool.current_num_threads();
    let mut reports: Vec<CandidateReport> = Vec::with_capacity(class.candidates.len());
    for chunk in class.candidates.chunks((threads * CHUNK_PER_THREAD).max(1)) {
        reports.extend(pool.install(|| {
            chunk
                .par_iter()
                .map(|candidate| check_candidate(candidate, &defaults_for(&class, candidate)))
                .collect::<Vec<_>>()
        }));
        comemo::evict(0);
    }
    flag_duplicate_numbers(&mut reports);
    for r in &mut reports {
        prefix_files(r);
    }
    let mut diagnostics = class.diagnostics.into_vec();
    let entries: Vec<(String, String)> = reports
        .iter()
        .filter_map(|r| Some((folder_name(&r.dir), r.name.clone()?)))
        .collect();
    diagnostics.extend(unique_names(&entries).1.iter().map(homonyms_warning));
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
    Ok(ClassReport {
        class: dir.to_path_buf(),
        diagnostics,
        candidates: reports,
        interrupted: false,
    })
}

/// What `classe.yaml` and the candidate's roster row give to a candidate.
pub(super) fn defaults_for(class: &ClassSource, candidate: &Path) -> Defaults {
    let dir_name = candidate
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Defaults {
        session: class.value("session").and_then(|s| s.parse().ok()),
        centre: centre_name(class),
        roster: class.roster.get(&dir_name).cloned(),
    }
}

/// What the forms print as « Centre de formation »: the establishment's name
/// (`etablissement`), the centre's code (`centre`) only when no name is given. The code
/// stays in the class report, where a code is asked for.
fn centre_name(class: &ClassSource) -> Option<String> {
    class
        .value("etablissement")
        .or_else(|| class.value("centre"))
}

/// Two candidates with the same number: both are flagged, with a diagnostic.
fn flag_duplicate_numbers(reports: &mut [CandidateReport]) {
    let mut by_number: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let Some(n) = &r.numero {
            by_number.entry(n.clone()).or_default().push(i);
        }
    }
    for (numero, indexes) in by_number.into_iter().filter(|(_, v)| v.len() > 1) {
        let names: Vec<String> = indexes
            .iter()
            .map(|&i| folder_name(&reports[i].dir))
            .collect();
        for &i in &indexes {
            let r = &mut reports[i];
            if let Some(readiness) = &mut r.readiness {
                readiness.flags.push(Flag::NumeroEnDouble(numero.clone()));
                readiness.flags.sort();
            }
            let mut d = Diagnostic::error(format!(
                "numéro de candidat {numero} en double dans la classe : {}",
                names.join(", ")
            ))
            .in_file("candidat.yaml")
            .about(numero.as_str())
            .with_hint("chaque candidat a son propre numéro : vérifiez-le sur la convocation");
            if let Some(text) = &r.identity_source {
                d.attach_source(text);
            }
            r.diagnostics.push(d);
        }
    }
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// In a class, files are named from the class folder (`martin-lucas/missions/x.md`).
fn prefix_files(r: &mut CandidateReport) {
    let name = folder_name(&r.dir);
    relocate(&mut r.diagnostics, Path::new(&name));
}
