//! `check`: everything a build would read and validate; nothing is written.

use std::path::Path;
use std::process::ExitCode;

use sio_dossier::diagnostics::Diagnostic;
use sio_dossier::diagnostics::print::{Counts, color_for_stderr, print_text, to_json};
use sio_dossier::input::is_class_folder;
use sio_dossier::pipeline::{check_candidate, check_class, class_context};

use super::args::{CheckArgs, Format};
use super::{exit_code, locate, usage_error};

/// Exit 0 without errors, 1 with at least one, 2 when misused.
pub fn run(args: CheckArgs) -> ExitCode {
    if !args.folder.is_dir() {
        return usage_error(&format!(
            "« {} » n'est pas un dossier de candidat ni de classe",
            args.folder.display()
        ));
    }
    let diags = locate(diagnostics(&args.folder, args.jobs), &args.folder);
    if let Err(code) = print(&diags, &args) {
        return code;
    }
    exit_code(diags.iter().any(Diagnostic::is_error))
}

/// The class's problems then its candidates', or the one candidate's (with its class's
/// values when it sits in a class folder).
fn diagnostics(folder: &Path, jobs: Option<usize>) -> Vec<Diagnostic> {
    if !is_class_folder(folder) {
        let context = class_context(folder);
        let mut diags = context.diagnostics;
        diags.extend(check_candidate(folder, &context.defaults).diagnostics);
        return diags;
    }
    match check_class(folder, jobs) {
        Ok(report) => report
            .diagnostics
            .into_iter()
            .chain(report.candidates.into_iter().flat_map(|c| c.diagnostics))
            .collect(),
        Err(d) => vec![d],
    }
}

/// JSON on stdout for a tool, or text and a count on stderr for a person.
fn print(diags: &[Diagnostic], args: &CheckArgs) -> Result<(), ExitCode> {
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&to_json(diags)) {
            Ok(json) => println!("{json}"),
            Err(e) => return Err(usage_error(&e.to_string())),
        },
        Format::Text => {
            print_text(diags, args.quiet, color_for_stderr());
            eprintln!(
                "vérification de « {} » : {}",
                args.folder.display(),
                Counts::of(diags).summary_fr()
            );
        }
    }
    Ok(())
}
