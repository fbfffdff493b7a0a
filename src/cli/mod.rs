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

/// The engine: shipped templates unless overridden, shipped fonts plus the user's. What
/// the command was given and cannot use (templates, fonts, `SOURCE_DATE_EPOCH`) stops it
/// here, before any candidate.
fn engine(args: &BuildArgs) -> Result<Engine, String> {
    source_date_epoch()?;
    let fonts =
        sio_dossier::render::fonts::load_user_fonts(&args.font_path).map_err(|e| e.to_string())?;
    load_engine(args.templates.as_deref(), &fonts).map_err(|e| e.to_string())
}

fn settings<'a>(engine: &'a Engine, args: &BuildArgs, school: School) -> RunSettings<'a> {
    RunSettings {
        engine,
        out: args.out.clone(),
        // Checked by `engine`, which every command that builds calls first.
        source_date: source_date_epoch().ok().flatten(),
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

/// `SOURCE_DATE_EPOCH` (reproducible builds), as a date; `None` when unset or empty. A
/// value that is not a number of seconds is an error, as the reproducible-builds
/// specification asks: ignoring it would date the documents otherwise than the user
/// believes.
fn source_date_epoch() -> Result<Option<chrono::NaiveDate>, String> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| Some(d.date_naive()))
        .ok_or_else(|| {
            format!(
                "SOURCE_DATE_EPOCH « {text} » invalide : un nombre de secondes depuis le 1er janvier 1970 est attendu"
            )
        })
}
