//! `build` of one candidate: the two dossiers (and `dossier.pdf` with `--print`) and the zip.

use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use sio_dossier::diagnostics::Severity;
use sio_dossier::pipeline::{
    BuildOptions, CandidateReport, build_candidate_with, class_context, stale_staging_notice,
};

use super::args::BuildArgs;
use super::{engine, locate, print_diagnostics, settings, usage_error};

/// Exit 0 when the package is written without errors, 1 otherwise, 2 when misused.
pub fn run(args: BuildArgs) -> ExitCode {
    let engine = match engine(&args) {
        Ok(e) => e,
        Err(m) => return usage_error(&m),
    };
    // A candidate folder inside a class folder: the class's classe.yaml and candidats.csv.
    let context = class_context(&args.folder);
    let settings = settings(&engine, &args, context.school);
    let bar = progress_bar(&args);
    let options = BuildOptions {
        print: args.print,
        cache: None,
    };
    let leftovers = stale_staging_notice(&args.out);
    let mut report = build_candidate_with(
        &args.folder,
        &context.defaults,
        &settings,
        &options,
        &|| bar.inc(1),
    );
    bar.finish_and_clear();
    // The class's problems first (they count in the exit code), then the candidate's.
    report.diagnostics.splice(0..0, context.diagnostics);
    let mut diags = report.diagnostics.clone();
    diags.extend(leftovers);
    print_diagnostics(&locate(diags, &args.folder), args.quiet);
    outcome(&report, &args)
}

/// One step per document: the two dossiers, and `dossier.pdf` with `--print`.
fn progress_bar(args: &BuildArgs) -> ProgressBar {
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(if args.print { 3 } else { 2 })
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} documents")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(args.folder.display().to_string());
    bar
}

/// The line of the written package, and the exit code.
fn outcome(report: &CandidateReport, args: &BuildArgs) -> ExitCode {
    let Some(zip) = &report.zip else {
        eprintln!(
            "échec : aucun paquet produit pour « {} »",
            args.folder.display()
        );
        return ExitCode::FAILURE;
    };
    if !args.quiet {
        println!("{}", candidate_line(report, zip));
    }
    // The package is written; the exit code still tells that something is wrong.
    let errors = report.count(Severity::Error);
    if errors > 0 {
        eprintln!("paquet écrit, mais {errors} erreur(s) à corriger : voir ci-dessus");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn candidate_line(report: &CandidateReport, zip: &Path) -> String {
    let pages: Vec<String> = report
        .pages
        .iter()
        .map(|(f, n)| format!("{f} ({n} pages)"))
        .collect();
    let state = if report.skipped { " [inchangé]" } else { "" };
    format!(
        "{} : {} → {}{state}",
        report.name.as_deref().unwrap_or("?"),
        pages.join(", "),
        zip.display()
    )
}
