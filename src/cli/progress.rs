//! The progress of a class run, drawn: bars on a terminal, one plain line per candidate
//! otherwise (CI, logs: `[3/12] martin-lucas : construit (…)`), nothing with `--quiet`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use sio_dossier::diagnostics::Severity;
use sio_dossier::pipeline::{CandidateReport, Progress};

/// What `class` draws its progress with.
pub struct ClassProgress {
    quiet: bool,
    /// Documents per candidate: the two dossiers, and `dossier.pdf` with `--print`.
    documents: u64,
    bars: OnceLock<Bars>,
    /// The line of each candidate being built, by its index in the class.
    lines: Mutex<HashMap<usize, ProgressBar>>,
}

/// The bars of a run, made when it starts (its size is known then).
struct Bars {
    multi: Option<MultiProgress>,
    overall: ProgressBar,
    total: usize,
    plain: bool,
}

impl ClassProgress {
    pub fn new(quiet: bool, print: bool) -> Self {
        Self {
            quiet,
            documents: if print { 3 } else { 2 },
            bars: OnceLock::new(),
            lines: Mutex::new(HashMap::new()),
        }
    }

    fn line(&self, index: usize) -> Option<ProgressBar> {
        let lines = self.lines.lock().ok()?;
        lines.get(&index).cloned()
    }
}

impl Bars {
    fn new(total: usize, quiet: bool) -> Self {
        let tty = std::io::stderr().is_terminal();
        if quiet || !tty {
            return Self {
                multi: None,
                overall: ProgressBar::hidden(),
                total,
                plain: !quiet,
            };
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let overall = multi.add(ProgressBar::new(total as u64));
        overall.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {pos}/{len} candidats (reste ~{eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Self {
            multi: Some(multi),
            overall,
            total,
            plain: false,
        }
    }

    /// A spinner line for a candidate being built, above the overall bar.
    fn candidate_line(&self, candidate: &Path, documents: u64) -> ProgressBar {
        let Some(multi) = &self.multi else {
            return ProgressBar::hidden();
        };
        let line = multi.insert_before(&self.overall, ProgressBar::new(2));
        line.set_style(
            ProgressStyle::with_template("  {spinner} {msg} ({pos}/{len} documents)")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        line.set_message(folder_name(candidate));
        line.set_length(documents);
        line.enable_steady_tick(Duration::from_millis(120));
        line
    }
}

impl Progress for ClassProgress {
    fn started(&self, total: usize) {
        // A run starts once; a second start keeps the bars already drawn.
        self.bars.get_or_init(|| Bars::new(total, self.quiet));
    }

    fn candidate_started(&self, index: usize, dir: &Path) {
        let Some(bars) = self.bars.get() else { return };
        let line = bars.candidate_line(dir, self.documents);
        if let Ok(mut lines) = self.lines.lock() {
            lines.insert(index, line);
        }
    }

    fn document_done(&self, index: usize) {
        if let Some(line) = self.line(index) {
            line.inc(1);
        }
    }

    fn candidate_done(&self, index: usize, report: &CandidateReport) {
        let Some(bars) = self.bars.get() else { return };
        let line = self.lines.lock().ok().and_then(|mut l| l.remove(&index));
        if let Some(line) = line {
            line.finish_and_clear();
            if let Some(multi) = &bars.multi {
                multi.remove(&line);
            }
        }
        bars.overall.inc(1);
        if bars.plain {
            let done = bars.overall.position();
            eprintln!("[{done}/{}] {}", bars.total, one_line(report));
        }
    }

    fn finished(&self) {
        if let Some(bars) = self.bars.get() {
            bars.overall.finish_and_clear();
        }
    }
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `martin-lucas : construit (5 PDF, 3 avertissement(s), 0 erreur(s))`.
fn one_line(r: &CandidateReport) -> String {
    let state = if r.failed() {
        "ÉCHEC"
    } else if r.skipped {
        "inchangé, conservé"
    } else {
        "construit"
    };
    format!(
        "{} : {state} ({} PDF, {} avertissement(s), {} erreur(s))",
        folder_name(&r.dir),
        r.pdfs.len(),
        r.count(Severity::Warning),
        r.count(Severity::Error)
    )
}
