//! `sio-dossier watch <dossier>`: rebuilds the package on every save.
//!
//! One [`Engine`] (fonts, parsed templates) lives as long as the watch, so comemo keeps
//! Typst's work between builds, and a [`DocCache`] keeps the last PDF of each document:
//! a save recompiles only the documents whose inputs changed (an E6-only mission → only
//! the E6 dossier; `candidat.yaml` or a template → both). [`Watch::rebuild`] is the whole
//! rebuild, callable without a terminal; [`run`] adds the file watcher and the loop.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::diagnostics::print::one_line;
use crate::diagnostics::{Diagnostic, Severity};
use crate::input::confine::io_fr;
use crate::pipeline::context::class_context;
use crate::pipeline::{
    BuildOptions, CandidateReport, DocCache, RunSettings, build_candidate_with, load_engine,
};
use crate::render::Engine;
use crate::render::fonts::load_user_fonts;

/// Quiet time after the last change before rebuilding: an editor's save is often several
/// writes (temporary file, rename, metadata).
pub const DEBOUNCE: Duration = Duration::from_millis(120);

/// How to build, as for `build`.
#[derive(Debug, Clone, Default)]
pub struct WatchOptions {
    pub out: PathBuf,
    /// Also lay out `dossier.pdf`.
    pub print: bool,
    /// Folder of Typst templates replacing the shipped ones (watched too).
    pub templates: Option<PathBuf>,
    /// Folders of extra fonts (read once).
    pub font_paths: Vec<PathBuf>,
    /// Fixed date of the documents (`SOURCE_DATE_EPOCH`).
    pub source_date: Option<NaiveDate>,
}

/// A candidate folder being watched: the engine, the document cache, the settings.
pub struct Watch {
    dir: PathBuf,
    options: WatchOptions,
    /// Canonical output folder, never watched (it may sit inside the candidate folder).
    out_real: PathBuf,
    templates_real: Option<PathBuf>,
    fonts: Vec<Vec<u8>>,
    engine: Engine,
    cache: DocCache,
    /// Package written by the previous rebuild (`<numero>_<NOM>_<Prénom>`).
    last_package: Option<String>,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Rebuild {
    pub report: CandidateReport,
    /// The files whose change started it (relative to the candidate folder when inside).
    pub changed: Vec<PathBuf>,
    pub elapsed: Duration,
    /// The templates were read again (a template changed); an error keeps the old ones.
    pub templates_reloaded: Option<Result<(), String>>,
    /// The package was renamed (name or number changed): the one this watch wrote before,
    /// removed so that the output folder holds one package.
    pub replaced_package: Option<String>,
}

impl Rebuild {
    /// PDFs laid out again.
    pub fn compiled(&self) -> &[String] {
        &self.report.compiled
    }

    /// PDFs of the package taken unchanged from the previous build.
    pub fn reused(&self) -> Vec<&str> {
        self.report
            .pages
            .iter()
            .map(|(f, _)| f.as_str())
            .filter(|f| !self.report.compiled.iter().any(|c| c == f))
            .collect()
    }
}

impl Watch {
    /// Loads fonts and templates once. The output folder is created.
    pub fn new(dir: &Path, options: WatchOptions) -> Result<Self, String> {
        let dir = fs::canonicalize(dir)
            .map_err(|e| format!("dossier du candidat « {} » illisible : {e}", dir.display()))?;
        if !dir.is_dir() {
            return Err(format!(
                "« {} » n'est pas un dossier de candidat",
                dir.display()
            ));
        }
        fs::create_dir_all(&options.out).map_err(|e| {
            format!(
                "dossier de sortie « {} » impossible à créer : {e}",
                options.out.display()
            )
        })?;
        let out_real = fs::canonicalize(&options.out).unwrap_or_else(|_| options.out.clone());
        let templates_real =
            match &options.templates {
                Some(t) => Some(fs::canonicalize(t).map_err(|e| {
                    format!("dossier de modèles « {} » illisible : {e}", t.display())
                })?),
                None => None,
            };
        let fonts = load_user_fonts(&options.font_paths).map_err(|e| e.to_string())?;
        let engine = load_engine(templates_real.as_deref(), &fonts).map_err(|e| e.to_string())?;
        Ok(Self {
            dir,
            options,
            out_real,
            templates_real,
            fonts,
            engine,
            cache: DocCache::new(),
            last_package: None,
        })
    }

    /// The candidate folder (canonical).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn options(&self) -> &WatchOptions {
        &self.options
    }

    /// Folders to watch: the candidate folder (recursively) and the templates folder.
    pub fn roots(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut roots = vec![(self.dir.clone(), RecursiveMode::Recursive)];
        if let Some(t) = &self.templates_real {
            roots.push((t.clone(), RecursiveMode::NonRecursive));
        }
        roots
    }

    /// Whether a changed path may change the package: files of the candidate folder or
    /// templates, except the output folder, hidden files and editors' temporary files.
    pub fn is_relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.out_real) {
            return false;
        }
        let rel = if let Ok(rel) = path.strip_prefix(&self.dir) {
            rel
        } else if let Some(t) = self.templates_real.as_deref()
            && let Ok(rel) = path.strip_prefix(t)
        {
            rel
        } else {
            return false;
        };
        let temporary = rel.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            name.starts_with('.')
                || name.starts_with('#')
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".swx")
                || name.contains(".tmp-")
                || name == "4913"
        });
        !temporary
    }

    /// Builds the package, compiling only the documents whose inputs changed since the
    /// previous call. `changed` are the paths that started it (absolute or relative to the
    /// candidate folder): a change in the templates folder reloads the templates.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        let start = Instant::now();
        let changed: Vec<PathBuf> = changed
            .iter()
            .map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    self.dir.join(p)
                }
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let templates_changed = self
            .templates_real
            .as_deref()
            .is_some_and(|t| changed.iter().any(|p| p.starts_with(t)));
        let templates_reloaded = templates_changed.then(|| {
            self.engine = load_engine(self.templates_real.as_deref(), &self.fonts)
                .map_err(|e| e.to_string())?;
            self.cache.clear();
            Ok(())
        });
        // A candidate folder inside a class folder: the class's values, read on each build
        // (a teacher may fix classe.yaml meanwhile).
        let context = class_context(&self.dir);
        let settings = RunSettings {
            engine: &self.engine,
            out: self.options.out.clone(),
            source_date: self.options.source_date,
            force: true,
            school: context.school,
        };
        let options = BuildOptions {
            print: self.options.print,
            cache: Some(&self.cache),
        };
        let mut report =
            build_candidate_with(&self.dir, &context.defaults, &settings, &options, &|| {});
        // Keep what the last builds used; forget the rest (memory stays flat).
        comemo::evict(10);
        let mut replaced_package = None;
        // The previous package is replaced only once the new one is written.
        if report.zip.is_some()
            && let Some(name) = &report.name
            && let Some(old) = self.last_package.replace(name.clone())
            && &old != name
        {
            if let Err(e) = remove_package(&self.options.out, &old) {
                report.diagnostics.push(Diagnostic::warning(format!(
                    "ancien paquet « {old} » non supprimé : {}",
                    io_fr(&e)
                )));
            }
            replaced_package = Some(old);
        }
        let changed = changed
            .into_iter()
            .map(|p| {
                p.strip_prefix(&self.dir)
                    .map(Path::to_path_buf)
                    .unwrap_or(p)
            })
            .collect();
        Rebuild {
            report,
            changed,
            elapsed: start.elapsed(),
            templates_reloaded,
            replaced_package,
        }
    }
}

/// Removes a package this watch wrote: its folder, its zip and its rebuild stamp. What is
/// already gone is fine; the first other error is returned, after trying all three.
fn remove_package(out: &Path, name: &str) -> std::io::Result<()> {
    let gone = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    let folder = gone(fs::remove_dir_all(out.join(name)));
    let zip = gone(fs::remove_file(out.join(format!("{name}.zip"))));
    let stamp = gone(fs::remove_file(
        out.join(".sio-dossier").join(format!("{name}.json")),
    ));
    folder.and(zip).and(stamp)
}

/// What the watch loop reports.
#[derive(Debug)]
pub enum WatchEvent<'a> {
    /// A build finished (the first one, then one per batch of saves).
    Rebuilt(&'a Rebuild),
    /// The file watcher reported a problem; the watch goes on.
    WatcherError(String),
}

/// Builds once, then rebuilds after every batch of relevant changes until `stop` is set
/// (Ctrl-C). Errors of a build are in its report: the watch goes on.
pub fn run(
    watch: &mut Watch,
    stop: &AtomicBool,
    on_event: &mut dyn FnMut(WatchEvent),
) -> Result<(), String> {
    let (tx, rx) = channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(move |e| {
        // The receiver is gone only once the loop has ended: nothing left to tell.
        tx.send(e).ok();
    })
    .map_err(|e| format!("surveillance des fichiers impossible : {e}"))?;
    for (root, mode) in watch.roots() {
        watcher
            .watch(&root, mode)
            .map_err(|e| format!("surveillance de « {} » impossible : {e}", root.display()))?;
    }
    let first = watch.rebuild(&[]);
    on_event(WatchEvent::Rebuilt(&first));
    let mut pending: BTreeSet<PathBuf> = BTreeSet::new();
    let mut last_change = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        let wait = if pending.is_empty() {
            Duration::from_millis(200)
        } else {
            DEBOUNCE.saturating_sub(last_change.elapsed())
        };
        match rx.recv_timeout(wait) {
            Ok(Ok(event)) => {
                // Our own reads (the build opens every file) are not changes; our writes go
                // to the output folder, which is not relevant.
                let relevant: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|p| watch.is_relevant(p))
                    .collect();
                if is_change(&event.kind) && !relevant.is_empty() {
                    pending.extend(relevant);
                    last_change = Instant::now();
                }
            }
            Ok(Err(e)) => on_event(WatchEvent::WatcherError(e.to_string())),
            Err(RecvTimeoutError::Timeout) => {
                if pending.is_empty() || last_change.elapsed() < DEBOUNCE {
                    continue;
                }
                // A file created and removed within the batch (an editor's or `sed -i`'s
                // temporary file) changed nothing; a removed page or image did.
                let changed: Vec<PathBuf> = std::mem::take(&mut pending)
                    .into_iter()
                    .filter(|p| p.exists() || is_source_name(p))
                    .collect();
                if changed.is_empty() {
                    continue;
                }
                let rebuild = watch.rebuild(&changed);
                on_event(WatchEvent::Rebuilt(&rebuild));
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err("la surveillance des fichiers s'est arrêtée".into());
            }
        }
    }
    Ok(())
}

/// A removed file that was content (it has an extension), not a temporary file of an
/// editor or of `sed -i` (`sedAbC123`, `4913`).
fn is_source_name(path: &Path) -> bool {
    path.extension().is_some()
}

/// Whether an event may mean new content: not a mere open or read of a file.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The report of a rebuild, in French, as the terminal shows it: what changed, the
/// problems (errors and warnings), what was laid out again and where.
pub fn describe(r: &Rebuild) -> String {
    let mut lines = Vec::new();
    if !r.changed.is_empty() {
        let names: Vec<String> = r.changed.iter().map(|p| p.display().to_string()).collect();
        lines.push(format!("modifié : {}", names.join(", ")));
    }
    match &r.templates_reloaded {
        Some(Ok(())) => lines.push("modèles relus".into()),
        Some(Err(e)) => lines.push(format!(
            "erreur : modèles non relus, les précédents sont gardés : {e}"
        )),
        None => {}
    }
    if let Some(old) = &r.replaced_package {
        lines.push(format!(
            "paquet renommé : l'ancien « {old} » (et son zip) est supprimé"
        ));
    }
    for d in &r.report.diagnostics {
        if d.severity >= Severity::Warning {
            lines.push(one_line(d));
        }
    }
    let secs = format!("{:.2}", r.elapsed.as_secs_f64()).replace('.', ",");
    match &r.report.zip {
        Some(zip) => {
            let compiled = if r.compiled().is_empty() {
                "aucun PDF à refaire".to_string()
            } else {
                format!("refait : {}", r.compiled().join(", "))
            };
            let reused = r.reused();
            let reused = if reused.is_empty() {
                String::new()
            } else {
                format!(" ; inchangé : {}", reused.join(", "))
            };
            let folder = zip.with_extension("");
            lines.push(format!(
                "{compiled}{reused} — {secs} s → {}",
                folder.display()
            ));
        }
        None => lines.push(format!(
            "échec ({secs} s) : paquet non écrit, les PDF précédents restent en place ; corrigez puis enregistrez"
        )),
    }
    lines.join("\n")
}
