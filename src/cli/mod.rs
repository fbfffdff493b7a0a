//! The commands, one file each, over the library's named steps; their arguments are in
//! `args`. What several commands share (engine, settings, naming files, exit codes) is here.

pub mod args;
pub mod build;
pub mod check;
pub mod class;
pub mod import;
pub mod init;
pub mod progress;
pub mod watch;

use std::path::Path;
use std::process::ExitCode;

use sio_dossier::diagnostics::print::{color_for_stderr, print_text};
use sio_dossier::diagnostics::{Diagnostic, relocate};
use sio_dossier::pipeline::{RunSettings, School, load_engine};
use sio_dossier::render::Engine;

use args::BuildArgs;

/// The engine: shipped templates unless overridden, shipped fonts plus the user's.
fn engine(args: &BuildArgs) -> Result<Engine, String> {
    let fonts = sio_dossier::input::school::read_fonts(&args.font_path)?;
    load_engine(args.templates.as_deref(), &fonts)
}

fn settings<'a>(engine: &'a Engine, args: &BuildArgs, school: School) -> RunSettings<'a> {
    RunSettings {
        engine,
        out: args.out.clone(),
        source_date: source_date_epoch(),
        force: args.force,
        school,
    }
}

/// Diagnostics of `build` and `class`: the same printer as `check`.
fn print_diagnostics(diags: &[Diagnostic], quiet: bool) {
    print_text(diags, quiet, color_for_stderr());
}

/// Files are named as the user can open them from where the command was run, like a
/// compiler does: the folder given on the command line, then the path inside it. A
/// diagnostic about the whole folder names the folder.
fn locate(mut diags: Vec<Diagnostic>, folder: &Path) -> Vec<Diagnostic> {
    relocate(&mut diags, folder);
    diags
}

/// The command was misused (exit 2), as `check --help` documents.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("erreur : {message}");
    ExitCode::from(2)
}

/// 1 when any problem asked for it, else 0.
fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible builds), as a date.
fn source_date_epoch() -> Option<chrono::NaiveDate> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive())
}
