//! `class` (and `build` of a class folder): every candidate of a class, or of each class of
//! an académie folder, then the class report.

use std::path::Path;
use std::process::ExitCode;

use sio_dossier::diagnostics::{Diagnostic, Severity};
use sio_dossier::pipeline::{
    ClassOptions, ClassReport, RunSettings, School, Shard, build_class, class_folders,
};

use super::args::BuildArgs;
use super::progress::ClassProgress;
use super::{engine, exit_code, locate, print_diagnostics, settings, usage_error};

/// What one class's run asks of the whole command.
enum ClassOutcome {
    /// Built without a problem to report.
    Clean,
    /// Built, or not, with failures or errors: exit 1 at the end.
    Failed,
    /// Stopped by Ctrl-C: exit 130 now.
    Interrupted,
}

/// Exit 0 when every class is built without errors, 1 otherwise, 2 when misused, 130
/// when interrupted.
pub fn run(args: BuildArgs) -> ExitCode {
    let engine = match engine(&args) {
        Ok(e) => e,
        Err(m) => return usage_error(&m),
    };
    let list = class_folders(&args.folder, &args.out);
    if list.is_empty() {
        return usage_error(&format!(
            "« {} » n'est ni un dossier de classe (classe.yaml, candidats.csv) ni un dossier de classes",
            args.folder.display()
        ));
    }
    let options = ClassOptions {
        jobs: args.jobs,
        shard: args.shard,
        print: args.print,
    };
    let mut failed = 0;
    for (folder, out) in list {
        let settings = RunSettings {
            out: out.clone(),
            ..settings(&engine, &args, School::default())
        };
        match one_class(&folder, &out, &settings, &options, args.quiet) {
            ClassOutcome::Clean => {}
            ClassOutcome::Failed => failed += 1,
            ClassOutcome::Interrupted => return ExitCode::from(130),
        }
    }
    exit_code(failed > 0)
}

/// Builds one class and prints its problems and summary.
fn one_class(
    folder: &Path,
    out: &Path,
    settings: &RunSettings,
    options: &ClassOptions,
    quiet: bool,
) -> ClassOutcome {
    let progress = ClassProgress::new(quiet, options.print);
    let report = match build_class(folder, settings, options, &progress) {
        Ok(r) => r,
        Err(d) => {
            print_diagnostics(&locate(vec![d], folder), false);
            return ClassOutcome::Failed;
        }
    };
    print_diagnostics(&locate(report.diagnostics.clone(), folder), quiet);
    for c in &report.candidates {
        print_diagnostics(&locate(c.diagnostics.clone(), folder), quiet);
    }
    if !quiet {
        print_summary(&report, out, options.shard);
    }
    if report.interrupted {
        eprintln!("interrompu : les candidats non commencés n'ont pas été construits");
        return ClassOutcome::Interrupted;
    }
    if tell_failures(&report) {
        ClassOutcome::Failed
    } else {
        ClassOutcome::Clean
    }
}

/// Says what went wrong in a class; whether anything did.
fn tell_failures(report: &ClassReport) -> bool {
    let mut failed = false;
    let with_errors = report
        .candidates
        .iter()
        .filter(|c| !c.failed() && c.count(Severity::Error) > 0)
        .count();
    if report.failed() > 0 {
        eprintln!(
            "{} candidat(s) en échec sur {}",
            report.failed(),
            report.candidates.len()
        );
        failed = true;
    }
    if with_errors > 0 {
        eprintln!(
            "{with_errors} candidat(s) construit(s) avec des erreurs à corriger : voir ci-dessus"
        );
        failed = true;
    }
    if report.diagnostics.iter().any(Diagnostic::is_error) {
        eprintln!("erreur(s) dans le dossier de classe : voir ci-dessus");
        failed = true;
    }
    failed
}

/// One row of the summary table: candidate, PDFs, warnings, errors, state.
struct Row {
    name: String,
    pdfs: usize,
    warnings: usize,
    errors: usize,
    state: &'static str,
}

/// The summary table, then the counts and where the class report is.
fn print_summary(report: &ClassReport, out: &Path, shard: Option<Shard>) {
    let rows: Vec<Row> = report.candidates.iter().map(row).collect();
    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    println!();
    println!(
        "{:<width$}  {:>4}  {:>13}  {:>7}  état",
        "candidat", "PDF", "avertissements", "erreurs"
    );
    for r in &rows {
        let (name, pdfs, warnings, errors, state) =
            (&r.name, r.pdfs, r.warnings, r.errors, r.state);
        println!("{name:<width$}  {pdfs:>4}  {warnings:>13}  {errors:>7}  {state}");
    }
    println!();
    println!("{}", totals(report, out, shard));
}

fn row(c: &sio_dossier::pipeline::CandidateReport) -> Row {
    let state = if c.failed() {
        "ÉCHEC"
    } else if c.skipped {
        "inchangé"
    } else {
        "construit"
    };
    Row {
        name: c
            .name
            .clone()
            .unwrap_or_else(|| c.dir.display().to_string()),
        pdfs: c.pdfs.len(),
        warnings: c.count(Severity::Warning),
        errors: c.count(Severity::Error),
        state,
    }
}

/// The last line: how many candidates were built, left unchanged, failed; the report.
fn totals(report: &ClassReport, out: &Path, shard: Option<Shard>) -> String {
    let skipped = report.candidates.iter().filter(|c| c.skipped).count();
    let report_file = match shard {
        Some(s) => format!(
            "aucun (tranche {s} : relancer sans --shard une fois toutes les tranches réunies pour le produire)"
        ),
        None => out.join("rapport-classe.pdf").display().to_string(),
    };
    format!(
        "{} candidat(s) : {} construit(s), {} inchangé(s) (non reconstruits), {} en échec. Rapport : {}",
        report.candidates.len(),
        report.candidates.len() - skipped - report.failed(),
        skipped,
        report.failed(),
        report_file
    )
}
